import { describe, expect, it } from "vitest";

import { AppError, toAppError } from "./errors";

describe("toAppError", () => {
  it("keeps the backend's code, message and fields", () => {
    const e = toAppError({
      code: "Validation",
      message: "请填写店铺名称",
      fields: [{ field: "name", message: "请填写店铺名称" }],
    });
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe("Validation");
    expect(e.message).toBe("请填写店铺名称");
    expect(e.fields).toHaveLength(1);
  });

  it("turns anything else into an Internal error with a Chinese message", () => {
    const fromString = toAppError("command shop_get not found");
    expect(fromString.code).toBe("Internal");
    expect(fromString.message).toContain("操作没有完成");
    expect(fromString.message).toContain("command shop_get not found");
    expect(toAppError(undefined).message).toContain("请重试");
    expect(toAppError({ code: "Bogus", message: "x" }).code).toBe("Internal");
  });
});
