// Labels and starting content for the poster page.
import type { Licence } from "../bindings/Licence";
import type { PosterSize } from "../bindings/PosterSize";
import type { TemplateInfo } from "../bindings/TemplateInfo";

export { LICENCE_LABEL, THEME_LABEL } from "../bindings/labels";

export const POSTER_SIZES: { value: PosterSize; label: string }[] = [
  { value: "phone", label: "手机竖版" },
  { value: "square", label: "方图" },
  { value: "a4", label: "A4 打印" },
  { value: "a5", label: "A5 打印" },
];

/** A template's example words, keyed by field: what a new poster starts with. */
export function examples(template: TemplateInfo): Record<string, string> {
  return Object.fromEntries(template.fields.map((f) => [f.key, f.example]));
}

/** What each licence means for the shop, said when the picture is uploaded. */
export const LICENCE_HELP: Record<Licence, string> = {
  own: "店里自己拍的商品、门店照片，或员工做的设计，可以放心用。",
  licensed: "从图库买了授权的图片。写下来源，日后有人问起说得清。",
  consent: "顾客的照片，须经本人同意才能用，发布时最好署上名字。",
  web: "网上找的图片只能内部参考，不要发到群里或印出来，导出时会再提醒。",
};
