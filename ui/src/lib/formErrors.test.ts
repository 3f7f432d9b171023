import { describe, expect, it } from "vitest";

import { leafPaths, showFormErrors, toFormFields } from "./formErrors";

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

describe("showFormErrors", () => {
  const form = () => {
    const set: { name: (string | number)[]; errors: string[] }[][] = [];
    return { set, setFields: (f: { name: (string | number)[]; errors: string[] }[]) => void set.push(f) };
  };

  it("puts messages under their fields, moved where the form shows them, and says nothing else", () => {
    const f = form();
    const said: string[] = [];
    showFormErrors(
      f,
      { message: "有 2 处需要修改", fields: [{ field: "birthday", message: "生日看不懂" }, { field: "name", message: "请填写姓名" }] },
      new Set(["birthday", "name"]),
      (t) => said.push(t),
      (name) => (name[0] === "birthday" ? ["birthday_month"] : name),
    );
    expect(f.set).toEqual([[{ name: ["birthday_month"], errors: ["生日看不懂"] }, { name: ["name"], errors: ["请填写姓名"] }]]);
    expect(said).toEqual([]);
  });

  it("says what has no field, and the error itself when it names no field", () => {
    const f = form();
    const said: string[] = [];
    showFormErrors(f, { message: "x", fields: [{ field: "mystery", message: "某项有误" }] }, new Set(["name"]), (t) => said.push(t));
    showFormErrors(f, { message: "数据文件忙，请稍后再试", fields: [] }, new Set(["name"]), (t) => said.push(t));
    expect(said).toEqual(["某项有误", "数据文件忙，请稍后再试"]);
  });
});
