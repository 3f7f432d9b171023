import { App } from "antd";
import type { FormInstance } from "antd";

import type { AppError } from "../api";
import { type FormErrorTarget, type FormPath, type KnownFields, showFormErrors } from "./formErrors";

/**
 * A mutation's `onError` for a form: see `showFormErrors`. The message box is the
 * app's, so it follows the theme and the zh_CN locale.
 */
export function useFormErrors<V>(
  form: FormInstance<V>,
  known: KnownFields,
  place?: (name: string[]) => FormPath,
): (error: AppError) => void {
  const { message } = App.useApp();
  return (error: AppError) => {
    showFormErrors(form as unknown as FormErrorTarget, error, known, (text) => void message.error(text), place);
  };
}
