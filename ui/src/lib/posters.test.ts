import { describe, expect, it } from "vitest";

import type { TemplateInfo } from "../bindings/TemplateInfo";
import { examples } from "./posters";

describe("examples", () => {
  it("starts every field of a template from its example", () => {
    const t: TemplateInfo = {
      id: "welcome",
      name: "进群有礼",
      scene: "welcome",
      sizes: ["phone"],
      themes: [],
      qr: "optional",
      photo: false,
      fields: [
        { key: "headline", label: "大标题", kind: "line", required: true, max_chars: 16, example: "进群就送见面礼" },
        { key: "body", label: "群里有什么", kind: "paragraph", required: false, max_chars: 60, example: "每周新品抢先尝" },
      ],
    };
    expect(examples(t)).toEqual({ headline: "进群就送见面礼", body: "每周新品抢先尝" });
  });
});
