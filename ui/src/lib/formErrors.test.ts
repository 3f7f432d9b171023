import { describe, expect, it } from "vitest";

import { leafPaths, toFormFields } from "./formErrors";

const known = (path: string[]) => ["name", "phone", "rules.tiers.silver_fen"].includes(path.join("."));

describe("toFormFields", () => {
  it("places each backend message under its form field", () => {
    const { fields, unplaced } = toFormFields(
      [
        { field: "name", message: "请填写店铺名称" },
        { field: "rules.tiers.silver_fen", message: "银牌门槛要高于铜牌门槛" },
        { field: "name", message: "店铺名称最多 40 个字" },
      ],
      known,
    );
    expect(unplaced).toEqual([]);
    expect(fields).toEqual([
      { name: ["name"], errors: ["请填写店铺名称", "店铺名称最多 40 个字"] },
      { name: ["rules", "tiers", "silver_fen"], errors: ["银牌门槛要高于铜牌门槛"] },
    ]);
  });

  it("keeps messages for fields the form lacks, so they are still shown", () => {
    const { fields, unplaced } = toFormFields([{ field: "mystery", message: "某项有误" }], known);
    expect(fields).toEqual([]);
    expect(unplaced).toEqual(["某项有误"]);
  });
});

describe("leafPaths", () => {
  it("lists the changed leaves of nested form values", () => {
    expect(leafPaths({ name: "x", rules: { tiers: { gold_fen: 1 }, dormant_days: 9 } })).toEqual([
      ["name"],
      ["rules", "tiers", "gold_fen"],
      ["rules", "dormant_days"],
    ]);
    expect(leafPaths({})).toEqual([]);
  });
});
