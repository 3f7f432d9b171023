// The only module that talks to the Tauri backend. Pages call these typed functions.
import { invoke } from "@tauri-apps/api/core";

import type { AppStatus } from "../bindings/AppStatus";
import type { ShopProfile } from "../bindings/ShopProfile";
import type { ShopUpdate } from "../bindings/ShopUpdate";
import { toAppError } from "./errors";

export { AppError, toAppError } from "./errors";

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raised) {
    throw toAppError(raised);
  }
}

export const api = {
  status: () => call<AppStatus>("app_status"),
  shop: {
    get: () => call<ShopProfile>("shop_get"),
    save: (change: ShopUpdate) => call<ShopProfile>("shop_save", { change }),
    /** Opens the native file dialog; resolves to null when the owner cancels. */
    pickLogo: () => call<ShopProfile | null>("shop_pick_logo"),
    clearLogo: () => call<ShopProfile>("shop_clear_logo"),
    logoDataUrl: () => call<string | null>("shop_logo_data_url"),
  },
};
