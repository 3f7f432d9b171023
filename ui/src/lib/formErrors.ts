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

/** Which backend fields a form shows: dotted paths, or a test on the split path. */
export type KnownFields = ReadonlySet<string> | ((path: string[]) => boolean);

/** A form field's name as antd takes it: list indexes as numbers. */
export type FormPath = (string | number)[];

export interface FormErrorTarget {
  setFields: (fields: { name: FormPath; errors: string[] }[]) => void;
}

/**
 * The one way a failed save is shown on a form: each message under its field (`place`
 * moves one the form shows elsewhere), and whatever has no field, or an error with no
 * fields at all, said once in `notify`.
 */
export function showFormErrors(
  form: FormErrorTarget,
  error: { message: string; fields: FieldError[] },
  known: KnownFields,
  notify: (text: string) => void,
  place: (name: string[]) => FormPath = (name) => name,
): void {
  const test = typeof known === "function" ? known : (path: string[]) => known.has(path.join("."));
  const { fields, unplaced } = toFormFields(error.fields, test);
  form.setFields(fields.map((f) => ({ name: place(f.name), errors: f.errors })));
  if (unplaced.length || !fields.length) notify(unplaced.join("；") || error.message);
}
