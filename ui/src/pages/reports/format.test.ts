import { describe, expect, it } from "vitest";

import { change, days, money, rate } from "./format";

describe("report formats", () => {
  it("writes money with the fen and thousands", () => {
    expect(money(1234500)).toBe("¥12,345.00");
    expect(money(2929)).toBe("¥29.29");
    expect(money(5)).toBe("¥0.05");
    expect(money(-150)).toBe("-¥1.50");
    expect(money(null)).toBe("—");
  });

  it("writes rates and days, and a dash for nothing to divide by", () => {
    expect(rate(0.8)).toBe("80.0%");
    expect(rate(1 / 3)).toBe("33.3%");
    expect(rate(null)).toBe("—");
    expect(days(9.5)).toBe("9.5 天");
    expect(days(10)).toBe("10 天");
  });

  it("compares with the period before", () => {
    expect(change(125, 100)).toEqual({ text: "↑ 25.0%", up: true });
    expect(change(50, 100)).toEqual({ text: "↓ 50.0%", up: false });
    expect(change(7, 7)).toEqual({ text: "持平", up: null });
    expect(change(7, 0)).toBeNull();
  });
});
