import type { FieldError } from "../bindings/FieldError";

export interface FormFieldError {
  name: string[];
  errors: string[];
}

/**
 * Backend field paths ("rules.tiers.silver_fen") → antd Form `setFields` entries,
 * several messages for one field joined under it.
 */
export function toFormFields(errors: FieldError[], known: (path: string[]) => boolean): {
  fields: FormFieldError[];
  unplaced: string[];
} {
  const byPath = new Map<string, string[]>();
  const unplaced: string[] = [];
  for (const e of errors) {
    const path = e.field.split(".");
    if (!known(path)) {
      unplaced.push(e.message);
      continue;
    }
    const list = byPath.get(e.field) ?? [];
    list.push(e.message);
    byPath.set(e.field, list);
  }
  const fields = [...byPath].map(([path, messages]) => ({ name: path.split("."), errors: messages }));
  return { fields, unplaced };
}

/** Paths of the leaves of a (partial) form-values object: {a:{b:1},c:2} → [["a","b"],["c"]]. */
export function leafPaths(values: unknown, prefix: string[] = []): string[][] {
  if (typeof values !== "object" || values === null || Array.isArray(values)) {
    return prefix.length ? [prefix] : [];
  }
  return Object.entries(values).flatMap(([key, v]) => leafPaths(v, [...prefix, key]));
}
