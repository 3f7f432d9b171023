import { describe, expect, it } from "vitest";

import { insertAt, snippet, splitKeywords, typedValues } from "./phrases";

describe("insertAt", () => {
  it("replaces the selection and puts the cursor after the insert", () => {
    expect(insertAt("您好，！", 3, 3, "{昵称}")).toEqual({ text: "您好，{昵称}！", cursor: 7 });
    expect(insertAt("满XX减", 1, 3, "{金额}")).toEqual({ text: "满{金额}减", cursor: 5 });
  });
  it("clamps a cursor past the end", () => {
    expect(insertAt("ab", 9, 9, "c")).toEqual({ text: "abc", cursor: 3 });
  });
});

describe("typedValues", () => {
  it("drops blank entries so the member's values are used", () => {
    expect(typedValues({ 优惠券: "满100减20", 昵称: "  ", 活动名: "" })).toEqual({ 优惠券: "满100减20" });
  });
});

describe("snippet", () => {
  it("takes the first non-empty line and cuts long ones by character", () => {
    expect(snippet("\n【群公告】\n一、")).toBe("【群公告】");
    expect(snippet("一二三四五六", 4)).toBe("一二三四…");
  });
});

describe("splitKeywords", () => {
  it("splits on the separators people type and drops repeats", () => {
    expect(splitKeywords("营业时间，几点开门、几点开门 wifi/WiFi密码")).toEqual(["营业时间", "几点开门", "wifi", "WiFi密码"]);
  });
});
