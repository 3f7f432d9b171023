import { describe, expect, it } from "vitest";

import { periodText, presetRange } from "./periods";

describe("report periods", () => {
  it("ends the running periods today and takes last month whole", () => {
    expect(presetRange("this_month", "2026-12-03")).toEqual({ from: "2026-12-01", to: "2026-12-03" });
    expect(presetRange("last_month", "2026-12-03")).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(presetRange("last_month", "2024-03-15")).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(presetRange("this_quarter", "2026-12-03")).toEqual({ from: "2026-10-01", to: "2026-12-03" });
    expect(presetRange("this_quarter", "2026-03-31")).toEqual({ from: "2026-01-01", to: "2026-03-31" });
    expect(presetRange("this_year", "2026-12-03")).toEqual({ from: "2026-01-01", to: "2026-12-03" });
    expect(presetRange("last_30", "2026-12-03")).toEqual({ from: "2026-11-04", to: "2026-12-03" });
    expect(presetRange("last_90", "2026-03-01")).toEqual({ from: "2025-12-02", to: "2026-03-01" });
  });

  it("says how many days a period has", () => {
    expect(periodText({ from: "2024-02-01", to: "2024-02-29" })).toBe("2024-02-01 至 2024-02-29（29 天）");
  });
});
