import { describe, expect, it } from "vitest";

import { maskPhone, TIER_LABEL } from "./tiers";

describe("tiers", () => {
  it("labels every tier in Chinese", () => {
    expect(Object.values(TIER_LABEL)).toEqual(["普通", "铜牌", "银牌", "金牌", "钻石"]);
  });

  it("masks phones like the export does", () => {
    expect(maskPhone("13812345678")).toBe("138****5678");
    expect(maskPhone("123")).toBe("123");
  });
});
