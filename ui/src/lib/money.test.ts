import { describe, expect, it } from "vitest";

import { fenToYuan, formatYuan, yuanToFen } from "./money";

describe("money", () => {
  it("converts yuan to integer fen without float drift", () => {
    expect(yuanToFen(5000)).toBe(500000);
    expect(yuanToFen(19.99)).toBe(1999);
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
  });

  it("round-trips fen through yuan", () => {
    for (const fen of [1, 99, 500000, 10000000, 1999]) {
      expect(yuanToFen(fenToYuan(fen))).toBe(fen);
    }
  });

  it("formats with thousands separators", () => {
    expect(formatYuan(2000000)).toBe("¥20,000");
    expect(formatYuan(12345)).toBe("¥123.45");
    expect(formatYuan(0)).toBe("¥0");
  });
});
