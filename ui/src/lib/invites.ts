// Words and colours for groups, channels and print layouts, shared by the pages.
import type { ChannelKind } from "../bindings/ChannelKind";
import type { EntryRule } from "../bindings/EntryRule";
import type { GroupStage } from "../bindings/GroupStage";
import type { Platform } from "../bindings/Platform";
import type { QrStatus } from "../bindings/QrStatus";

export const GROUP_KINDS = ["活动群", "服务群", "销售群", "核心群"];

export const PLATFORM_LABEL: Record<Platform, string> = { wechat: "微信群", wecom: "企业微信群" };

export const STAGE_LABEL: Record<GroupStage, string> = {
  build: "建群",
  active: "活跃",
  fission: "裂变",
  convert: "转化",
  maintain: "维护",
};

export const ENTRY_RULE_LABEL: Record<EntryRule, string> = {
  free: "自由进群",
  approval: "需审核",
  paid: "付费进群",
  task: "完成任务进群",
};

export const CHANNEL_KIND_LABEL: Record<ChannelKind, string> = {
  counter: "收银台立牌",
  receipt: "购物小票",
  bag: "包装袋",
  partner: "合作商家",
  referral: "老带新",
  online: "朋友圈/公众号/短视频",
};


/** The group QR's state as a short tag: text and antd colour. */
export function qrTag(qr: QrStatus): { text: string; color: string } {
  switch (qr.state) {
    case "no_expiry":
      return { text: "长期有效", color: "default" };
    case "valid":
      return { text: `二维码还有 ${qr.days_left} 天`, color: "green" };
    case "expires_soon":
      return { text: `二维码 ${qr.days_left} 天后过期`, color: "orange" };
    case "expired":
      return { text: `二维码已于 ${qr.expires_on} 过期`, color: "red" };
  }
}

/** "还剩 12 个名额" and whether it is worth a warning colour. */
export function seatsText(seatsLeft: number, nearCapacity: boolean): { text: string; warn: boolean } {
  if (seatsLeft === 0) return { text: "已满", warn: true };
  return { text: `还剩 ${seatsLeft} 个名额`, warn: nearCapacity };
}
