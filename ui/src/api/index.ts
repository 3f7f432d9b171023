// The only module that talks to the Tauri backend. Pages call these typed functions.
import { Channel, invoke } from "@tauri-apps/api/core";

import type { AddResult } from "../bindings/AddResult";
import type { AppStatus } from "../bindings/AppStatus";
import type { ImportOptions } from "../bindings/ImportOptions";
import type { ImportPreview } from "../bindings/ImportPreview";
import type { ImportProgress } from "../bindings/ImportProgress";
import type { ImportReport } from "../bindings/ImportReport";
import type { MemberPage } from "../bindings/MemberPage";
import type { MemberQuery } from "../bindings/MemberQuery";
import type { MemberView } from "../bindings/MemberView";
import type { NewMember } from "../bindings/NewMember";
import type { PointsEntry } from "../bindings/PointsEntry";
import type { Purchase } from "../bindings/Purchase";
import type { PurchaseInput } from "../bindings/PurchaseInput";
import type { ReferralNode } from "../bindings/ReferralNode";
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
  members: {
    list: (query: MemberQuery) => call<MemberPage>("members_list", { query }),
    get: (id: number) => call<MemberView>("members_get", { id }),
    add: (member: NewMember) => call<AddResult>("members_add", { member }),
    update: (id: number, member: NewMember) => call<MemberView>("members_update", { id, member }),
    recordPurchase: (input: PurchaseInput) => call<MemberView>("members_record_purchase", { input }),
    voidPurchase: (purchaseId: number) => call<Purchase>("members_void_purchase", { purchaseId }),
    purchases: (memberId: number) => call<Purchase[]>("members_purchases", { memberId }),
    points: (memberId: number) => call<PointsEntry[]>("members_points", { memberId }),
    /** Positive awards, negative redeems; resolves to the new balance. */
    adjustPoints: (memberId: number, points: number, reason: string) =>
      call<number>("members_adjust_points", { memberId, points, reason }),
    referrals: (memberId: number) => call<ReferralNode>("members_referrals", { memberId }),
    markLeft: (memberId: number, reason: string) => call<void>("members_mark_left", { memberId, reason }),
    remove: (memberId: number) => call<void>("members_delete", { memberId }),
    /** Native dialog, then a preview; null when the owner cancels. */
    importPick: () => call<[string, ImportPreview] | null>("members_import_pick"),
    importRun: (path: string, options: ImportOptions, onProgress: (p: ImportProgress) => void) => {
      const progress = new Channel<ImportProgress>();
      progress.onmessage = onProgress;
      return call<ImportReport>("members_import_run", { path, options, progress });
    },
    importCancel: () => call<void>("members_import_cancel"),
    /** Save dialog, then export; resolves to the row count, or null when cancelled. */
    exportTo: (unmask: boolean) => call<number | null>("members_export", { unmask }),
  },
};
