import type { ValueSource } from "../bindings/ValueSource";

/** Placeholders a phrase can use, with what fills them; shown as insert buttons. */
export const PLACEHOLDERS: { name: string; hint: string }[] = [
  { name: "昵称", hint: "会员的称呼（默认用姓名）" },
  { name: "姓名", hint: "会员姓名" },
  { name: "店名", hint: "设置里的店铺名称" },
  { name: "等级", hint: "会员等级，如 银牌" },
  { name: "积分", hint: "会员当前积分" },
  { name: "距升级", hint: "如：再消费 ¥1,280 就能升为银牌" },
  { name: "优惠券", hint: "发送时填写" },
  { name: "活动名", hint: "发送时填写" },
  { name: "截止日期", hint: "发送时填写" },
  { name: "群名", hint: "会员只在一个群时自动填" },
  { name: "地址", hint: "设置里的地址" },
  { name: "电话", hint: "设置里的电话" },
];

export const SOURCE_LABEL: Record<ValueSource, string> = {
  member: "来自会员",
  wechat: "会员的微信昵称",
  name_as_nickname: "没有微信昵称，用的是姓名",
  shop: "来自店铺资料",
  typed: "手动填写",
  missing: "待填写",
};

/** Inserts `insert` over the selection [start, end) and says where the cursor goes. */
export function insertAt(text: string, start: number, end: number, insert: string): { text: string; cursor: number } {
  const a = Math.max(0, Math.min(start, text.length));
  const b = Math.max(a, Math.min(end, text.length));
  return { text: text.slice(0, a) + insert + text.slice(b), cursor: a + insert.length };
}

/** Only what was actually typed: blank fields are not values. */
export function typedValues(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ""));
}

/** The start of a phrase for a list row: first line, cut at `max` characters. */
export function snippet(body: string, max = 40): string {
  const line = body.split("\n").find((l) => l.trim() !== "") ?? "";
  const chars = [...line.trim()];
  return chars.length > max ? chars.slice(0, max).join("") + "…" : chars.join("");
}

/** Keywords typed in one box: split on Chinese or Latin commas, 、, spaces or slashes. */
export function splitKeywords(text: string): string[] {
  const seen = new Set<string>();
  return text
    .split(/[，,、/\s;；]+/)
    .map((k) => k.trim())
    .filter((k) => k !== "" && !seen.has(k) && (seen.add(k), true));
}
