import type { App } from "antd";

import type { AppError } from "../api";

type Modal = ReturnType<typeof App.useApp>["modal"];

/**
 * A step the backend refused until the owner says yes (an expired group QR, a web
 * image, an item of a past day): show its reason and, on yes, run `retry` with the
 * confirmation. Returns false for any other error, for the caller to show.
 */
export function confirmAndRetry(
  modal: Modal,
  error: AppError,
  retry: () => Promise<unknown>,
  words: { title: string; okText: string; when?: (e: AppError) => boolean },
): boolean {
  const asks = words.when ? words.when(error) : error.code === "Conflict";
  if (!asks) return false;
  modal.confirm({
    title: words.title,
    content: error.fields.map((f) => f.message).join("；") || error.message,
    okText: words.okText,
    cancelText: "取消",
    onOk: retry,
  });
  return true;
}
