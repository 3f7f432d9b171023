// Labels and starting content for the poster page.
import type { PosterSize } from "../bindings/PosterSize";
import type { TemplateInfo } from "../bindings/TemplateInfo";
import type { Theme } from "../bindings/Theme";

export const POSTER_SIZES: { value: PosterSize; label: string }[] = [
  { value: "phone", label: "手机竖版" },
  { value: "square", label: "方图" },
  { value: "a4", label: "A4 打印" },
  { value: "a5", label: "A5 打印" },
];

export const THEME_LABEL: Record<Theme, string> = {
  spring_festival: "春节（中国红）",
  mid_autumn: "中秋（夜蓝与月色）",
  national_day: "国庆（红与金）",
  neutral: "店铺品牌色",
};

/** A template's example words, keyed by field: what a new poster starts with. */
export function examples(template: TemplateInfo): Record<string, string> {
  return Object.fromEntries(template.fields.map((f) => [f.key, f.example]));
}
