import type { Code } from "../bindings/Code";
import type { ErrorPayload } from "../bindings/ErrorPayload";
import type { FieldError } from "../bindings/FieldError";

/** Every code the backend sends; a code added in Rust is a type error here until listed. */
const CODE_SET: Record<Code, true> = {
  Validation: true,
  NotFound: true,
  Conflict: true,
  Io: true,
  Corrupt: true,
  Incompatible: true,
  Internal: true,
  Cancelled: true,
  Passphrase: true,
};
const CODES = Object.keys(CODE_SET) as readonly string[];

/** An error from the backend, as `{ code, message, fields }`, thrown by every api call. */
export class AppError extends Error {
  readonly code: Code;
  readonly fields: FieldError[];

  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = "AppError";
    this.code = payload.code;
    this.fields = payload.fields;
  }
}

function isPayload(value: unknown): value is ErrorPayload {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.message === "string" &&
    typeof v.code === "string" &&
    CODES.includes(v.code)
  );
}

/** Whatever `invoke` rejected with, as an AppError the UI can show. */
export function toAppError(raised: unknown): AppError {
  if (raised instanceof AppError) return raised;
  if (isPayload(raised)) {
    return new AppError({ ...raised, fields: Array.isArray(raised.fields) ? raised.fields : [] });
  }
  const detail = raised instanceof Error ? raised.message : typeof raised === "string" ? raised : "";
  return new AppError({
    code: "Internal",
    message: detail ? `操作没有完成：${detail}` : "操作没有完成，请重试；如果反复出现，请重启社群掌柜",
    fields: [],
  });
}
