import { describe, expect, it } from "vitest";

import { qrTag, seatsText } from "./invites";

describe("qrTag", () => {
  it("counts the days left and turns orange, then red", () => {
    expect(qrTag({ state: "valid", expires_on: "2026-11-29", days_left: 7 })).toEqual({ text: "二维码还有 7 天", color: "green" });
    expect(qrTag({ state: "expires_soon", expires_on: "2026-11-24", days_left: 2 }).color).toBe("orange");
    expect(qrTag({ state: "expired", expires_on: "2026-11-20" })).toEqual({ text: "二维码已于 2026-11-20 过期", color: "red" });
    expect(qrTag({ state: "no_expiry" }).text).toBe("长期有效");
  });
});

describe("seatsText", () => {
  it("says how many seats are left and when a group is full", () => {
    expect(seatsText(12, true)).toEqual({ text: "还剩 12 个名额", warn: true });
    expect(seatsText(300, false).warn).toBe(false);
    expect(seatsText(0, true).text).toBe("已满");
  });
});
