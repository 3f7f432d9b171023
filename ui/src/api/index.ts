// The only module that talks to the Tauri backend. Pages call these typed functions.
import { listen } from "@tauri-apps/api/event";

import type { AppFolder } from "../bindings/AppFolder";
import type { BackupInfo } from "../bindings/BackupInfo";
import type { BackupSettingsUpdate } from "../bindings/BackupSettingsUpdate";
import type { LockSetup } from "../bindings/LockSetup";
import type { BatchReport } from "../bindings/BatchReport";
import type { Restored } from "../bindings/Restored";
import type { NewAsset } from "../bindings/NewAsset";
import type { NewChannel } from "../bindings/NewChannel";
import type { NewGroup } from "../bindings/NewGroup";
import type { PosterContent } from "../bindings/PosterContent";
import type { PosterFileFormat } from "../bindings/PosterFileFormat";
import type { PhraseFileFormat } from "../bindings/PhraseFileFormat";
import type { PrintRequest } from "../bindings/PrintRequest";
import type { RedemptionQuery } from "../bindings/RedemptionQuery";
import type { Tier } from "../bindings/Tier";
import type { ImportOptions } from "../bindings/ImportOptions";
import type { ImportReport } from "../bindings/ImportReport";
import type { Progress } from "../bindings/Progress";
import type { MemberQuery } from "../bindings/MemberQuery";
import type { NewMember } from "../bindings/NewMember";
import type { PurchaseInput } from "../bindings/PurchaseInput";
import type { ShopUpdate } from "../bindings/ShopUpdate";
import type { LevelCriteria } from "../bindings/LevelCriteria";
import type { ModuleStatus } from "../bindings/ModuleStatus";
import type { NewStaff } from "../bindings/NewStaff";
import type { RunQuery } from "../bindings/RunQuery";
import type { StartRun } from "../bindings/StartRun";
import type { TemplateInput } from "../bindings/TemplateInput";
import type { TrainingDocument } from "../bindings/TrainingDocument";
import type { AnnouncementForm } from "../bindings/AnnouncementForm";
import type { FillRequest } from "../bindings/FillRequest";
import type { NewKeywordRule } from "../bindings/NewKeywordRule";
import type { NewPhrase } from "../bindings/NewPhrase";
import type { RulesForm } from "../bindings/RulesForm";
import type { PhraseQuery } from "../bindings/PhraseQuery";
import type { CampaignInput } from "../bindings/CampaignInput";
import { commandsOver } from "../bindings/commands";
import { call } from "./call";
import { startJob } from "./jobs";

export { AppError, toAppError } from "./errors";
export { queries } from "./call";
export { invalidateFeatures, useChanged } from "./changes";
export { percentOf, type RunningJob } from "./jobs";

/** Every command, typed from its Rust declaration (generated; see src-tauri/src/contract.rs). */
const c = commandsOver(call);

export const api = {
  status: () => c.appStatus(),
  /** 打开文件夹 in 关于: the data or the log folder, in the system's file manager. */
  openFolder: (folder: AppFolder) => c.appOpenFolder(folder),
  /** The app's day (YYYY-MM-DD), from the clock every command uses. */
  today: () => c.appToday(),
  /** 概览: what today needs, each item with the page that handles it. */
  overview: () => c.todayOverview(),
  jobs: {
    /** Asks a running job to stop; it ends with code "Cancelled" and nothing half-written. */
    cancel: (id: number) => c.jobsCancel(id),
  },
  backup: {
    list: () => c.backupList(),
    /** 立即备份: written, read back and verified before it shows in the list. */
    create: (onProgress: (p: Progress) => void) =>
      startJob<BackupInfo>((events) => c.backupCreateStart(events), onProgress),
    /** `passphrase` opens an encrypted backup (null for a plain one). */
    verify: (path: string, passphrase: string | null, onProgress: (p: Progress) => void) =>
      startJob<BackupInfo>((events) => c.backupVerifyStart(path, passphrase, events), onProgress),
    /** Native dialog for a backup file from elsewhere; null when cancelled. */
    pickFile: () => c.backupPickFile(),
    /** What a restore brings back, next to what is there now; an encrypted file fails with code "Passphrase" until given the right one. */
    preview: (path: string, passphrase: string | null) => c.backupRestorePreview(path, passphrase),
    /** Takes a 恢复前 backup, then restores; reload the window afterwards. */
    restore: (path: string, passphrase: string | null, onProgress: (p: Progress) => void) =>
      startJob<Restored>((events) => c.backupRestoreStart(path, passphrase, events), onProgress),
    /** This computer's backup settings: second place, encryption, rotation counts. */
    settings: () => c.backupSettingsGet(),
    saveSettings: (update: BackupSettingsUpdate) => c.backupSettingsSave(update),
    /** Native dialog for the second place; null when cancelled. */
    pickFolder: () => c.backupPickFolder(),
    /** Called when the second place, say a USB stick, is found missing; then ask `secondPlaceNotice`. */
    onSecondPlaceMissing: (handler: () => void) => listen<string>("backup-second-place-missing", () => handler()),
    /** The missing second place to tell the owner about, once per absence; null when nothing to say. */
    secondPlaceNotice: () => c.backupSecondPlaceNotice(),
  },
  lock: {
    status: () => c.lockStatus(),
    unlock: (pin: string) => c.lockUnlock(pin),
    /** The idle minutes are up: the shell locks, and a reload does not unlock. */
    lockNow: () => c.lockNow(),
    set: (setup: LockSetup) => c.lockSet(setup),
    clear: (pin: string) => c.lockClear(pin),
    resetWithPassphrase: (passphrase: string) => c.lockResetWithPassphrase(passphrase),
  },
  /** Called with the new day whenever the date changes while the app is open. */
  onDayChanged: (handler: (day: string) => void) => listen<string>("day-changed", (e) => handler(e.payload)),
  setup: {
    /** 开店向导: what each step has done, and whether it opens by itself at start. */
    status: () => c.setupStatus(),
    /** 完成 or 以后再说: it no longer opens by itself. */
    finish: () => c.setupFinish(),
  },
  shop: {
    get: () => c.shopGet(),
    save: (change: ShopUpdate) => c.shopSave(change),
    /** Opens the native file dialog; resolves to null when the owner cancels. */
    pickLogo: () => c.shopPickLogo(),
    clearLogo: () => c.shopClearLogo(),
    logoDataUrl: () => c.shopLogoDataUrl(),
  },
  members: {
    list: (query: MemberQuery) => c.membersList(query),
    get: (id: number) => c.membersGet(id),
    add: (member: NewMember) => c.membersAdd(member),
    update: (id: number, member: NewMember) => c.membersUpdate(id, member),
    recordPurchase: (input: PurchaseInput) => c.membersRecordPurchase(input),
    voidPurchase: (purchaseId: number) => c.membersVoidPurchase(purchaseId),
    purchases: (memberId: number) => c.membersPurchases(memberId),
    points: (memberId: number) => c.membersPoints(memberId),
    /** Positive awards, negative redeems; resolves to the new balance. */
    adjustPoints: (memberId: number, points: number, reason: string) =>
      c.membersAdjustPoints(memberId, points, reason),
    referrals: (memberId: number) => c.membersReferrals(memberId),
    markLeft: (memberId: number, reason: string) => c.membersMarkLeft(memberId, reason),
    remove: (memberId: number) => c.membersDelete(memberId),
    /** A member who had left comes back (恢复). */
    returnMember: (memberId: number) => c.membersReturn(memberId),
    /** The shop's own tags, most used first. */
    tags: () => c.membersTags(),
    /** Native dialog, then a preview; null when the owner cancels. */
    importPick: () => c.membersImportPick(),
    /** Starts the import as a job (the window stays usable); cancel with `api.jobs.cancel`. */
    importStart: (path: string, options: ImportOptions, onProgress: (p: Progress) => void) =>
      startJob<ImportReport>((events) => c.membersImportStart(path, options, events), onProgress),
    /** Save dialog, then export; resolves to the row count, or null when cancelled. */
    exportTo: (unmask: boolean) => c.membersExport(unmask),
  },
  groups: {
    list: () => c.groupsList(),
    suggestName: (purpose: string) => c.groupsSuggestName(purpose),
    add: (group: NewGroup) => c.groupsAdd(group),
    update: (id: number, group: NewGroup) => c.groupsUpdate(id, group),
    /** Native dialog, then the link read from the picture's QR; null when cancelled. */
    pickQr: () => c.groupsPickQr(),
    /** Refused (Conflict) while channels' cards lead into the group. */
    remove: (id: number) => c.groupsDelete(id),
  },
  channels: {
    list: () => c.channelsList(),
    add: (channel: NewChannel) => c.channelsAdd(channel),
    update: (id: number, channel: NewChannel) => c.channelsUpdate(id, channel),
    setActive: (id: number, active: boolean) => c.channelsSetActive(id, active),
    archive: (id: number, archived: boolean) => c.channelsArchive(id, archived),
    /** Refused (Conflict) while its cards are out; archive instead. */
    remove: (id: number) => c.channelsDelete(id),
  },
  invites: {
    generate: (channelId: number, count: number) => c.invitesGenerate(channelId, count),
    layouts: () => c.invitesLayouts(),
    preview: (request: PrintRequest) => c.invitesPreview(request),
    /** Sends the run to a printer (the system default when none is named). */
    print: (request: PrintRequest, printer: string | null, copies: number) =>
      c.invitesPrint(request, printer, copies),
    /** Save dialog, then the PDF; null when cancelled. */
    savePdf: (request: PrintRequest) => c.invitesSavePdf(request),
    /** An expired group QR is refused (Conflict) unless allowExpiredQr. */
    cardPng: (channelId: number, allowExpiredQr: boolean) => c.invitesCardPng(channelId, allowExpiredQr),
    /** A member's own 老带新 card as PNG (save dialog); null when cancelled. */
    referralCard: (memberId: number, allowExpiredQr: boolean) =>
      c.invitesReferralCard(memberId, allowExpiredQr),
    redeem: (code: string, phone: string, name: string | null, staff: string | null) =>
      c.invitesRedeem(code, phone, name, staff),
    /** The redemption log (核销记录), newest first. */
    redemptions: (query: RedemptionQuery) => c.invitesRedemptions(query),
    /** Save dialog, then .xlsx/.csv; the row count, or null when cancelled. */
    exportRedemptions: (query: RedemptionQuery) => c.invitesRedemptionsExport(query),
  },
  calendar: {
    /** A day off or a working weekend the published schedule does not have yet. */
    addDay: (date: string, name: string, work: boolean) => c.calendarAddDay(date, name, work),
    removeDay: (id: number) => c.calendarDeleteDay(id),
    /** The seven weekday themes, 周一 first. */
    setThemes: (themes: string[]) => c.calendarSetThemes(themes),
    /** Save dialog, then the .ics for a phone calendar; the path, or null when cancelled. */
    exportIcs: (from: string, to: string) => c.calendarExportIcs(from, to),
  },
  campaigns: {
    add: (input: CampaignInput) => c.campaignAdd(input),
    update: (id: number, input: CampaignInput) => c.campaignUpdate(id, input),
    remove: (id: number) => c.campaignDelete(id),
    /** 复盘, once ended: the first one freezes the figures. */
    review: (id: number, worked: string, missed: string) => c.campaignReview(id, worked, missed),
    /** Starts the checklist of its kind (launch, festival, member day) for a staff member. */
    startChecklist: (id: number, staffId: number) => c.campaignStartChecklist(id, staffId),
    /** Save dialog, then the one-page PDF; the path, or null when cancelled. */
    exportPdf: (id: number) => c.campaignExportPdf(id),
  },
  reports: {
    /** 导出 Excel of the period: save dialog, then the workbook; the path, or null when cancelled. */
    exportXlsx: (from: string, to: string) => c.reportExportXlsx(from, to),
    /** 导出 PDF: the A4 report for the boss; the path, or null when cancelled. */
    exportPdf: (from: string, to: string) => c.reportExportPdf(from, to),
  },
  posters: {
    templates: () => c.postersTemplates(),
    preview: (content: PosterContent) => c.postersPreview(content),
    /**
     * Save dialog, then the file; null when cancelled. A web image or an expired group
     * QR is refused (Conflict, saying which) until `confirmed`.
     */
    exportTo: (content: PosterContent, format: PosterFileFormat, confirmed: boolean) =>
      c.postersExport(content, format, confirmed),
    print: (content: PosterContent, printer: string | null, copies: number, confirmed: boolean) =>
      c.postersPrint(content, printer, copies, confirmed),
    /** One poster per member of `tier` and above; null when the dialog is cancelled. */
    batchStart: (content: PosterContent, tier: Tier, toPdf: boolean, confirmed: boolean, onProgress: (p: Progress) => void) =>
      startJob<BatchReport>((events) => c.postersBatchStart(content, tier, toPdf, confirmed, events), onProgress),
  },
  designs: {
    list: () => c.designsList(),
    save: (id: number | null, name: string, content: PosterContent) => c.designsSave(id, name, content),
    duplicate: (id: number) => c.designsDuplicate(id),
    remove: (id: number) => c.designsDelete(id),
  },
  assets: {
    list: () => c.assetsList(),
    /** Native dialog, then the picture goes in the library with these licence facts. */
    addPick: (asset: NewAsset) => c.assetsAddPick(asset),
    remove: (id: number) => c.assetsDelete(id),
    /** A small copy of the picture as a data URL. */
    thumbnail: (id: number) => c.assetsThumbnail(id),
    /** Corrects the licence record, checked like an upload. */
    updateLicence: (id: number, asset: NewAsset) => c.assetsUpdateLicence(id, asset),
  },
  printers: () => c.printersList(),
  phrases: {
    list: (query: PhraseQuery) => c.phrasesList(query),
    categories: () => c.phrasesCategories(),
    tags: () => c.phrasesTags(),
    add: (phrase: NewPhrase) => c.phrasesAdd(phrase),
    update: (id: number, phrase: NewPhrase) => c.phrasesUpdate(id, phrase),
    remove: (id: number) => c.phrasesDelete(id),
    setFavorite: (id: number, favorite: boolean) => c.phrasesSetFavorite(id, favorite),
    fill: (id: number, request: FillRequest) => c.phrasesFill(id, request),
    /** Fills, puts the text on the system clipboard and counts the use; refused while a placeholder is empty. */
    copy: (id: number, request: FillRequest) => c.phrasesCopy(id, request),
    buildAnnouncement: (form: AnnouncementForm) => c.phrasesBuildAnnouncement(form),
    buildRules: (form: RulesForm) => c.phrasesBuildRules(form),
    rulesForm: () => c.phrasesRulesForm(),
    restoreDefaults: () => c.phrasesRestoreDefaults(),
    /** Native dialog, then what the import would do; null when cancelled. Nothing is written yet. */
    importPick: () => c.phrasesImportPick(),
    importRun: (path: string) => c.phrasesImportRun(path),
    /** Save dialog, then the file with how many phrases and keyword rules; null when cancelled. */
    exportTo: (format: PhraseFileFormat) => c.phrasesExport(format),
  },
  keywordRules: {
    list: () => c.keywordRulesList(),
    add: (rule: NewKeywordRule) => c.keywordRulesAdd(rule),
    update: (id: number, rule: NewKeywordRule) => c.keywordRulesUpdate(id, rule),
    remove: (id: number) => c.keywordRulesDelete(id),
    test: (message: string) => c.keywordReplyTest(message),
  },
  staff: {
    list: (includeInactive: boolean) => c.staffList(includeInactive),
    add: (staff: NewStaff) => c.staffAdd(staff),
    update: (id: number, staff: NewStaff) => c.staffUpdate(id, staff),
    growth: () => c.staffGrowth(),
    criteria: () => c.levelCriteriaGet(),
    setCriteria: (criteria: LevelCriteria[]) => c.levelCriteriaSet(criteria),
  },
  checklists: {
    templates: () => c.checklistTemplates(),
    addTemplate: (template: TemplateInput) => c.checklistTemplateAdd(template),
    updateTemplate: (id: number, template: TemplateInput) => c.checklistTemplateUpdate(id, template),
    removeTemplate: (id: number) => c.checklistTemplateDelete(id),
    restoreTemplates: () => c.checklistTemplatesRestore(),
    /** Today's daily SOPs, started for any active staff member who has none yet. */
    today: () => c.checklistsToday(),
    list: (query: RunQuery) => c.checklistsList(query),
    get: (id: number) => c.checklistsGet(id),
    start: (start: StartRun) => c.checklistsStart(start),
    /** An item of a past day is refused (field catching_up) unless catchingUp. */
    tick: (run: number, item: number, done: boolean, by: number | null, catchingUp: boolean) =>
      c.checklistsTick(run, item, done, by, catchingUp),
    note: (run: number, item: number, note: string) => c.checklistsNote(run, item, note),
    remove: (id: number) => c.checklistsDelete(id),
    week: (date: string | null) => c.checklistsWeek(date),
  },
  course: {
    modules: () => c.courseModules(),
    progress: (staffId: number) => c.courseProgress(staffId),
    setStatus: (staffId: number, module: string, status: ModuleStatus) => c.courseSetStatus(staffId, module, status),
  },
  exam: {
    start: (staffId: number) => c.examStart(staffId),
    submit: (attempt: number, answers: string[]) => c.examSubmit(attempt, answers),
    attempts: (staffId: number | null) => c.examAttempts(staffId),
    result: (attempt: number) => c.examResult(attempt),
  },
  trainingPdf: {
    /** Save dialog, then the PDF; the path, or null when cancelled. */
    save: (document: TrainingDocument) => c.trainingPdfSave(document),
    print: (document: TrainingDocument, printer: string | null, copies: number) =>
      c.trainingPdfPrint(document, printer, copies),
  },
};
