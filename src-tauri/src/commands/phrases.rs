//! 话术库 commands: each a few lines over `shequn_core::phrases`.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use shequn_core::phrases::{
    self, AnnouncementForm, CategoryCount, FillRequest, Filled, KeywordRule, NewKeywordRule,
    NewPhrase, PhraseImportReport, PhrasePage, PhraseQuery, PhraseView, ReplyOutcome,
    RestoreReport, RulesForm,
};
use tauri::{AppHandle, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use ts_rs::TS;

use crate::commands::files::{pick_open, pick_save};
use crate::error::IpcError;
use crate::state::AppState;

use crate::clock::today;

#[tauri::command]
pub async fn phrases_list(
    state: State<'_, AppState>,
    query: PhraseQuery,
) -> Result<PhrasePage, IpcError> {
    state.with_store(|s| phrases::list(s, &query))
}

#[tauri::command]
pub async fn phrases_categories(
    state: State<'_, AppState>,
) -> Result<Vec<CategoryCount>, IpcError> {
    state.with_store(phrases::categories)
}

#[tauri::command]
pub async fn phrases_tags(state: State<'_, AppState>) -> Result<Vec<String>, IpcError> {
    state.with_store(phrases::tags)
}

#[tauri::command]
pub async fn phrases_add(
    state: State<'_, AppState>,
    phrase: NewPhrase,
) -> Result<PhraseView, IpcError> {
    state.with_store(|s| phrases::add(s, &phrase, crate::clock::now()))
}

#[tauri::command]
pub async fn phrases_update(
    state: State<'_, AppState>,
    id: i64,
    phrase: NewPhrase,
) -> Result<PhraseView, IpcError> {
    state.with_store(|s| phrases::update(s, id, &phrase, crate::clock::now()))
}

#[tauri::command]
pub async fn phrases_delete(state: State<'_, AppState>, id: i64) -> Result<(), IpcError> {
    state.with_store(|s| phrases::delete(s, id))
}

#[tauri::command]
pub async fn phrases_set_favorite(
    state: State<'_, AppState>,
    id: i64,
    favorite: bool,
) -> Result<PhraseView, IpcError> {
    state.with_store(|s| phrases::set_favorite(s, id, favorite))
}

#[tauri::command]
pub async fn phrases_fill(
    state: State<'_, AppState>,
    id: i64,
    request: FillRequest,
) -> Result<Filled, IpcError> {
    state.with_store(|s| phrases::fill(s, id, &request, today()))
}

/// Copies the filled phrase to the system clipboard and counts the use. Refused,
/// naming the gaps, while a placeholder is unfilled; counted only once the
/// clipboard took the text.
#[tauri::command]
pub async fn phrases_copy(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    request: FillRequest,
) -> Result<Filled, IpcError> {
    let filled = state.with_store(|s| phrases::fill(s, id, &request, today()))?;
    if !filled.unfilled.is_empty() {
        return Err(phrases::unfilled(&filled.unfilled).into());
    }
    app.clipboard()
        .write_text(filled.text.clone())
        .map_err(|e| IpcError::internal("复制到剪贴板失败，请再点一次", e))?;
    state.with_store(|s| phrases::record_use(s, id, &request, today(), crate::clock::now()))
}

#[tauri::command]
pub async fn phrases_build_announcement(form: AnnouncementForm) -> Result<String, IpcError> {
    phrases::announcement(&form).map_err(IpcError::from)
}

#[tauri::command]
pub async fn phrases_build_rules(form: RulesForm) -> Result<String, IpcError> {
    phrases::rules(&form).map_err(IpcError::from)
}

#[tauri::command]
pub async fn phrases_rules_form() -> RulesForm {
    RulesForm::default()
}

#[tauri::command]
pub async fn keyword_rules_list(state: State<'_, AppState>) -> Result<Vec<KeywordRule>, IpcError> {
    state.with_store(phrases::keyword_rules)
}

#[tauri::command]
pub async fn keyword_rules_add(
    state: State<'_, AppState>,
    rule: NewKeywordRule,
) -> Result<KeywordRule, IpcError> {
    state.with_store(|s| phrases::add_rule(s, &rule, crate::clock::now()))
}

#[tauri::command]
pub async fn keyword_rules_update(
    state: State<'_, AppState>,
    id: i64,
    rule: NewKeywordRule,
) -> Result<KeywordRule, IpcError> {
    state.with_store(|s| phrases::update_rule(s, id, &rule, crate::clock::now()))
}

#[tauri::command]
pub async fn keyword_rules_delete(state: State<'_, AppState>, id: i64) -> Result<(), IpcError> {
    state.with_store(|s| phrases::delete_rule(s, id))
}

#[tauri::command]
pub async fn keyword_reply_test(
    state: State<'_, AppState>,
    message: String,
) -> Result<ReplyOutcome, IpcError> {
    state.with_store(|s| phrases::test_reply(s, &message))
}

#[tauri::command]
pub async fn phrases_restore_defaults(
    state: State<'_, AppState>,
) -> Result<RestoreReport, IpcError> {
    state.with_store(|s| phrases::restore_defaults(s, crate::clock::now()))
}

/// Picks a file and reports what importing it would do; nothing is written until
/// `phrases_import_run`.
/// The phrase file the owner picked and what importing it would do.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct PickedPhrases {
    pub path: String,
    pub preview: PhraseImportReport,
}

/// Which file the phrase library is exported to.
#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum PhraseFileFormat {
    /// Our own format: everything, read back by 导入.
    Json,
    /// A sheet for reading and editing in Excel/WPS.
    Xlsx,
}

/// Where the phrase library went and how much of it.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct PhrasesExported {
    pub path: String,
    pub phrases: u32,
    pub rules: u32,
}

#[tauri::command]
pub async fn phrases_import_pick(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<PickedPhrases>, IpcError> {
    let Some(path) = pick_open(
        app,
        "选择话术库文件",
        "话术库（JSON、Excel）",
        &["json", "xlsx"],
    )
    .await?
    else {
        return Ok(None);
    };
    let preview = state.with_store(|s| phrases::preview_import(s, &path, crate::clock::now()))?;
    Ok(Some(PickedPhrases {
        path: path.to_string_lossy().into_owned(),
        preview,
    }))
}

/// Takes a 导入前 backup first: an import may update phrases the shop has edited.
#[tauri::command]
pub async fn phrases_import_run(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
) -> Result<PhraseImportReport, IpcError> {
    let done = state.with_store(|s| {
        let now = crate::clock::now();
        shequn_core::backup::before_step(
            s,
            shequn_core::backup::BackupKind::BeforeImport,
            now,
            &mut shequn_core::jobs::Job::unattended(),
        )?;
        phrases::import(s, &PathBuf::from(&path), now)
    })?;
    state.spawn_backup_upkeep(&app, false);
    Ok(done)
}

/// Exports the library; `format` is `json` (complete, to move shops) or `xlsx`.
/// `None` when the owner closed the save window.
#[tauri::command]
pub async fn phrases_export(
    app: AppHandle,
    state: State<'_, AppState>,
    format: PhraseFileFormat,
) -> Result<Option<PhrasesExported>, IpcError> {
    let (ext, filter, extensions): (&str, &'static str, &'static [&'static str]) = match format {
        PhraseFileFormat::Xlsx => ("xlsx", "Excel 表格", &["xlsx"]),
        PhraseFileFormat::Json => ("json", "话术库 JSON", &["json"]),
    };
    let name = phrases::export_file_name(ext, today());
    let Some(path) = pick_save(app, "导出话术库", &name, filter, extensions).await? else {
        return Ok(None);
    };
    let (n_phrases, n_rules) = state.with_store(|s| phrases::export(s, &path))?;
    Ok(Some(PhrasesExported {
        path: path.to_string_lossy().into_owned(),
        phrases: n_phrases,
        rules: n_rules,
    }))
}

// What this module's commands take and return (generated by build.rs; tests only).
include!(concat!(env!("OUT_DIR"), "/signatures/phrases.rs"));
