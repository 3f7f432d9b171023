// The only module that talks to the Tauri backend. Pages call these typed functions.
import { Channel, invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";

import type { AddResult } from "../bindings/AddResult";
import type { AssetView } from "../bindings/AssetView";
import type { BatchProgress } from "../bindings/BatchProgress";
import type { BatchReport } from "../bindings/BatchReport";
import type { ChannelView } from "../bindings/ChannelView";
import type { DesignView } from "../bindings/DesignView";
import type { GroupView } from "../bindings/GroupView";
import type { InviteCode } from "../bindings/InviteCode";
import type { LayoutInfo } from "../bindings/LayoutInfo";
import type { NewAsset } from "../bindings/NewAsset";
import type { NewChannel } from "../bindings/NewChannel";
import type { NewGroup } from "../bindings/NewGroup";
import type { PosterContent } from "../bindings/PosterContent";
import type { PosterPreview } from "../bindings/PosterPreview";
import type { PosterSaved } from "../bindings/PosterSaved";
import type { PreviewImage } from "../bindings/PreviewImage";
import type { PrintOutcome } from "../bindings/PrintOutcome";
import type { PrintRequest } from "../bindings/PrintRequest";
import type { Printer } from "../bindings/Printer";
import type { Redemption } from "../bindings/Redemption";
import type { RedemptionQuery } from "../bindings/RedemptionQuery";
import type { RedemptionRecord } from "../bindings/RedemptionRecord";
import type { TagCount } from "../bindings/TagCount";
import type { TodayOverview } from "../bindings/TodayOverview";
import type { TemplateInfo } from "../bindings/TemplateInfo";
import type { Tier } from "../bindings/Tier";
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
import type { AttemptSummary } from "../bindings/AttemptSummary";
import type { CourseModuleView } from "../bindings/CourseModuleView";
import type { ExamPaper } from "../bindings/ExamPaper";
import type { ExamResult } from "../bindings/ExamResult";
import type { GrowthView } from "../bindings/GrowthView";
import type { LevelCriteria } from "../bindings/LevelCriteria";
import type { ModuleProgress } from "../bindings/ModuleProgress";
import type { ModuleStatus } from "../bindings/ModuleStatus";
import type { NewStaff } from "../bindings/NewStaff";
import type { RunQuery } from "../bindings/RunQuery";
import type { RunSummary } from "../bindings/RunSummary";
import type { RunView } from "../bindings/RunView";
import type { StaffView } from "../bindings/StaffView";
import type { StartRun } from "../bindings/StartRun";
import type { TemplateInput } from "../bindings/TemplateInput";
import type { TemplateView } from "../bindings/TemplateView";
import type { TrainingDocument } from "../bindings/TrainingDocument";
import type { WeekReport } from "../bindings/WeekReport";
import type { AnnouncementForm } from "../bindings/AnnouncementForm";
import type { CategoryCount } from "../bindings/CategoryCount";
import type { FillRequest } from "../bindings/FillRequest";
import type { Filled } from "../bindings/Filled";
import type { KeywordRule } from "../bindings/KeywordRule";
import type { NewKeywordRule } from "../bindings/NewKeywordRule";
import type { NewScript } from "../bindings/NewScript";
import type { ReplyOutcome } from "../bindings/ReplyOutcome";
import type { RestoreReport } from "../bindings/RestoreReport";
import type { RulesForm } from "../bindings/RulesForm";
import type { ScriptImportReport } from "../bindings/ScriptImportReport";
import type { ScriptPage } from "../bindings/ScriptPage";
import type { ScriptQuery } from "../bindings/ScriptQuery";
import type { ScriptView } from "../bindings/ScriptView";
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
  /** The app's day (YYYY-MM-DD), from the clock every command uses. */
  today: () => call<string>("app_today"),
  /** 概览: what today needs, each item with the page that handles it. */
  overview: () => call<TodayOverview>("today_overview"),
  /** Called with the new day whenever the date changes while the app is open. */
  onDayChanged: (handler: (day: string) => void) => listen<string>("day-changed", (e) => handler(e.payload)),
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
    /** A member who had left comes back (恢复). */
    returnMember: (memberId: number) => call<void>("members_return", { memberId }),
    /** The shop's own tags, most used first. */
    tags: () => call<TagCount[]>("members_tags"),
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
  groups: {
    list: () => call<GroupView[]>("groups_list"),
    suggestName: (purpose: string) => call<string>("groups_suggest_name", { purpose }),
    add: (group: NewGroup) => call<GroupView>("groups_add", { group }),
    update: (id: number, group: NewGroup) => call<GroupView>("groups_update", { id, group }),
    /** Native dialog, then the link read from the picture's QR; null when cancelled. */
    pickQr: () => call<string | null>("groups_pick_qr"),
    /** Refused (Conflict) while channels' cards lead into the group. */
    remove: (id: number) => call<void>("groups_delete", { id }),
  },
  channels: {
    list: () => call<ChannelView[]>("channels_list"),
    add: (channel: NewChannel) => call<ChannelView>("channels_add", { channel }),
    update: (id: number, channel: NewChannel) => call<ChannelView>("channels_update", { id, channel }),
    setActive: (id: number, active: boolean) => call<ChannelView>("channels_set_active", { id, active }),
    archive: (id: number, archived: boolean) => call<ChannelView>("channels_archive", { id, archived }),
    /** Refused (Conflict) while its cards are out; archive instead. */
    remove: (id: number) => call<void>("channels_delete", { id }),
  },
  invites: {
    generate: (channelId: number, count: number) => call<InviteCode[]>("invites_generate", { channelId, count }),
    layouts: () => call<LayoutInfo[]>("invites_layouts"),
    preview: (request: PrintRequest) => call<PreviewImage>("invites_preview", { request }),
    /** Sends the run to a printer (the system default when none is named). */
    print: (request: PrintRequest, printer: string | null, copies: number) =>
      call<PrintOutcome>("invites_print", { request, printer, copies }),
    /** Save dialog, then the PDF; null when cancelled. */
    savePdf: (request: PrintRequest) => call<PrintOutcome | null>("invites_save_pdf", { request }),
    /** An expired group QR is refused (Conflict) unless allowExpiredQr. */
    cardPng: (channelId: number, allowExpiredQr: boolean) => call<PrintOutcome | null>("invites_card_png", { channelId, allowExpiredQr }),
    /** A member's own 老带新 card as PNG (save dialog); null when cancelled. */
    referralCard: (memberId: number, allowExpiredQr: boolean) =>
      call<PrintOutcome | null>("invites_referral_card", { memberId, allowExpiredQr }),
    redeem: (code: string, phone: string, name: string | null, staff: string | null) =>
      call<Redemption>("invites_redeem", { code, phone, name, staff }),
    /** The redemption log (核销记录), newest first. */
    redemptions: (query: RedemptionQuery) => call<RedemptionRecord[]>("invites_redemptions", { query }),
    /** Save dialog, then .xlsx/.csv; the row count, or null when cancelled. */
    exportRedemptions: (query: RedemptionQuery) => call<number | null>("invites_redemptions_export", { query }),
  },
  posters: {
    templates: () => call<TemplateInfo[]>("posters_templates"),
    preview: (content: PosterContent) => call<PosterPreview>("posters_preview", { content }),
    /**
     * Save dialog, then the file; null when cancelled. A web image or an expired group
     * QR is refused (Conflict, saying which) until `confirmed`.
     */
    exportTo: (content: PosterContent, format: "png" | "pdf", confirmed: boolean) =>
      call<PosterSaved | null>("posters_export", { content, format, confirmed }),
    print: (content: PosterContent, printer: string | null, copies: number, confirmed: boolean) =>
      call<PosterSaved>("posters_print", { content, printer, copies, confirmed }),
    /** One poster per member of `tier` and above; null when the dialog is cancelled. */
    batch: (content: PosterContent, tier: Tier, toPdf: boolean, confirmed: boolean, onProgress: (p: BatchProgress) => void) => {
      const progress = new Channel<BatchProgress>();
      progress.onmessage = onProgress;
      return call<BatchReport | null>("posters_batch", { content, tier, toPdf, confirmed, progress });
    },
    batchCancel: () => call<void>("posters_batch_cancel"),
  },
  designs: {
    list: () => call<DesignView[]>("designs_list"),
    save: (id: number | null, name: string, content: PosterContent) => call<DesignView>("designs_save", { id, name, content }),
    duplicate: (id: number) => call<DesignView>("designs_duplicate", { id }),
    remove: (id: number) => call<void>("designs_delete", { id }),
  },
  assets: {
    list: () => call<AssetView[]>("assets_list"),
    /** Native dialog, then the picture goes in the library with these licence facts. */
    addPick: (asset: NewAsset) => call<AssetView | null>("assets_add_pick", { asset }),
    remove: (id: number) => call<void>("assets_delete", { id }),
    /** A small copy of the picture as a data URL. */
    thumbnail: (id: number) => call<string>("assets_thumbnail", { id }),
    /** Corrects the licence record, checked like an upload. */
    updateLicence: (id: number, asset: NewAsset) => call<AssetView>("assets_update_licence", { id, asset }),
  },
  printers: () => call<Printer[]>("printers_list"),
  scripts: {
    list: (query: ScriptQuery) => call<ScriptPage>("scripts_list", { query }),
    categories: () => call<CategoryCount[]>("scripts_categories"),
    tags: () => call<string[]>("scripts_tags"),
    add: (script: NewScript) => call<ScriptView>("scripts_add", { script }),
    update: (id: number, script: NewScript) => call<ScriptView>("scripts_update", { id, script }),
    remove: (id: number) => call<void>("scripts_delete", { id }),
    setFavorite: (id: number, favorite: boolean) => call<ScriptView>("scripts_set_favorite", { id, favorite }),
    fill: (id: number, request: FillRequest) => call<Filled>("scripts_fill", { id, request }),
    /** Fills, puts the text on the system clipboard and counts the use; refused while a placeholder is empty. */
    copy: (id: number, request: FillRequest) => call<Filled>("scripts_copy", { id, request }),
    buildAnnouncement: (form: AnnouncementForm) => call<string>("scripts_build_announcement", { form }),
    buildRules: (form: RulesForm) => call<string>("scripts_build_rules", { form }),
    rulesForm: () => call<RulesForm>("scripts_rules_form"),
    restoreDefaults: () => call<RestoreReport>("scripts_restore_defaults"),
    /** Native dialog, then what the import would do; null when cancelled. Nothing is written yet. */
    importPick: () => call<[string, ScriptImportReport] | null>("scripts_import_pick"),
    importRun: (path: string) => call<ScriptImportReport>("scripts_import_run", { path }),
    /** Save dialog, then the file: [path, phrases, keyword rules]; null when cancelled. */
    exportTo: (format: "json" | "xlsx") => call<[string, number, number] | null>("scripts_export", { format }),
  },
  keywordRules: {
    list: () => call<KeywordRule[]>("keyword_rules_list"),
    add: (rule: NewKeywordRule) => call<KeywordRule>("keyword_rules_add", { rule }),
    update: (id: number, rule: NewKeywordRule) => call<KeywordRule>("keyword_rules_update", { id, rule }),
    remove: (id: number) => call<void>("keyword_rules_delete", { id }),
    test: (message: string) => call<ReplyOutcome>("keyword_reply_test", { message }),
  },
  staff: {
    list: (includeInactive: boolean) => call<StaffView[]>("staff_list", { includeInactive }),
    add: (staff: NewStaff) => call<StaffView>("staff_add", { staff }),
    update: (id: number, staff: NewStaff) => call<StaffView>("staff_update", { id, staff }),
    growth: () => call<GrowthView[]>("staff_growth"),
    criteria: () => call<LevelCriteria[]>("level_criteria_get"),
    setCriteria: (criteria: LevelCriteria[]) => call<LevelCriteria[]>("level_criteria_set", { criteria }),
  },
  checklists: {
    templates: () => call<TemplateView[]>("checklist_templates"),
    addTemplate: (template: TemplateInput) => call<TemplateView>("checklist_template_add", { template }),
    updateTemplate: (id: number, template: TemplateInput) => call<TemplateView>("checklist_template_update", { id, template }),
    removeTemplate: (id: number) => call<void>("checklist_template_delete", { id }),
    restoreTemplates: () => call<number>("checklist_templates_restore"),
    /** Today's daily SOPs, started for any active staff member who has none yet. */
    today: () => call<RunView[]>("checklists_today"),
    list: (query: RunQuery) => call<RunSummary[]>("checklists_list", { query }),
    get: (id: number) => call<RunView>("checklists_get", { id }),
    start: (start: StartRun) => call<RunView>("checklists_start", { start }),
    /** An item of a past day is refused (field catching_up) unless catchingUp. */
    tick: (run: number, item: number, done: boolean, by: number | null, catchingUp: boolean) =>
      call<RunView>("checklists_tick", { run, item, done, by, catchingUp }),
    note: (run: number, item: number, note: string) => call<RunView>("checklists_note", { run, item, note }),
    remove: (id: number) => call<void>("checklists_delete", { id }),
    week: (date: string | null) => call<WeekReport>("checklists_week", { date }),
  },
  course: {
    modules: () => call<CourseModuleView[]>("course_modules"),
    progress: (staffId: number) => call<ModuleProgress[]>("course_progress", { staffId }),
    setStatus: (staffId: number, module: string, status: ModuleStatus) => call<ModuleProgress[]>("course_set_status", { staffId, module, status }),
  },
  exam: {
    start: (staffId: number) => call<ExamPaper>("exam_start", { staffId }),
    submit: (attempt: number, answers: string[]) => call<ExamResult>("exam_submit", { attempt, answers }),
    attempts: (staffId: number | null) => call<AttemptSummary[]>("exam_attempts", { staffId }),
    result: (attempt: number) => call<ExamResult>("exam_result", { attempt }),
  },
  trainingPdf: {
    /** Save dialog, then the PDF; the path, or null when cancelled. */
    save: (document: TrainingDocument) => call<string | null>("training_pdf_save", { document }),
    print: (document: TrainingDocument, printer: string | null, copies: number) =>
      call<{ path: string; job: string }>("training_pdf_print", { document, printer, copies }),
  },
};
