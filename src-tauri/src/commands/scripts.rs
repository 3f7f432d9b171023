//! 话术库 commands: each a few lines over `shequn_core::scripts`.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use shequn_core::scripts::{
    self, AnnouncementForm, CategoryCount, FillRequest, Filled, KeywordRule, NewKeywordRule,
    NewScript, ReplyOutcome, RestoreReport, RulesForm, ScriptImportReport, ScriptPage, ScriptQuery,
    ScriptView,
};
use tauri::{AppHandle, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use ts_rs::TS;

use crate::commands::files::{pick_open, pick_save};
use crate::error::IpcError;
use crate::state::AppState;

use crate::clock::today;

#[tauri::command]
pub async fn scripts_list(
    state: State<'_, AppState>,
    query: ScriptQuery,
) -> Result<ScriptPage, IpcError> {
    state.with_store(|s| scripts::list(s, &query))
}

#[tauri::command]
pub async fn scripts_categories(
    state: State<'_, AppState>,
) -> Result<Vec<CategoryCount>, IpcError> {
    state.with_store(scripts::categories)
}

#[tauri::command]
pub async fn scripts_tags(state: State<'_, AppState>) -> Result<Vec<String>, IpcError> {
    state.with_store(scripts::tags)
}

#[tauri::command]
pub async fn scripts_add(
    state: State<'_, AppState>,
    script: NewScript,
) -> Result<ScriptView, IpcError> {
    state.with_store(|s| scripts::add(s, &script, crate::clock::now()))
}

#[tauri::command]
pub async fn scripts_update(
    state: State<'_, AppState>,
    id: i64,
    script: NewScript,
) -> Result<ScriptView, IpcError> {
    state.with_store(|s| scripts::update(s, id, &script, crate::clock::now()))
}

#[tauri::command]
pub async fn scripts_delete(state: State<'_, AppState>, id: i64) -> Result<(), IpcError> {
    state.with_store(|s| scripts::delete(s, id))
}

#[tauri::command]
pub async fn scripts_set_favorite(
    state: State<'_, AppState>,
    id: i64,
    favorite: bool,
) -> Result<ScriptView, IpcError> {
    state.with_store(|s| scripts::set_favorite(s, id, favorite))
}

#[tauri::command]
pub async fn scripts_fill(
    state: State<'_, AppState>,
    id: i64,
    request: FillRequest,
) -> Result<Filled, IpcError> {
    state.with_store(|s| scripts::fill(s, id, &request, today()))
}

/// Copies the filled phrase to the system clipboard and counts the use. Refused,
/// naming the gaps, while a placeholder is unfilled; counted only once the
/// clipboard took the text.
#[tauri::command]
pub async fn scripts_copy(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    request: FillRequest,
) -> Result<Filled, IpcError> {
    let filled = state.with_store(|s| scripts::fill(s, id, &request, today()))?;
    if !filled.unfilled.is_empty() {
        return Err(scripts::unfilled(&filled.unfilled).into());
    }
    app.clipboard()
        .write_text(filled.text.clone())
        .map_err(|e| IpcError::internal("复制到剪贴板失败，请再点一次", e))?;
    state.with_store(|s| scripts::record_use(s, id, &request, today(), crate::clock::now()))
}

#[tauri::command]
pub async fn scripts_build_announcement(form: AnnouncementForm) -> Result<String, IpcError> {
    scripts::announcement(&form).map_err(IpcError::from)
}

#[tauri::command]
pub async fn scripts_build_rules(form: RulesForm) -> Result<String, IpcError> {
    scripts::rules(&form).map_err(IpcError::from)
}

#[tauri::command]
pub async fn scripts_rules_form() -> RulesForm {
    RulesForm::default()
}

#[tauri::command]
pub async fn keyword_rules_list(state: State<'_, AppState>) -> Result<Vec<KeywordRule>, IpcError> {
    state.with_store(scripts::keyword_rules)
}

#[tauri::command]
pub async fn keyword_rules_add(
    state: State<'_, AppState>,
    rule: NewKeywordRule,
) -> Result<KeywordRule, IpcError> {
    state.with_store(|s| scripts::add_rule(s, &rule, crate::clock::now()))
}

#[tauri::command]
pub async fn keyword_rules_update(
    state: State<'_, AppState>,
    id: i64,
    rule: NewKeywordRule,
) -> Result<KeywordRule, IpcError> {
    state.with_store(|s| scripts::update_rule(s, id, &rule, crate::clock::now()))
}

#[tauri::command]
pub async fn keyword_rules_delete(state: State<'_, AppState>, id: i64) -> Result<(), IpcError> {
    state.with_store(|s| scripts::delete_rule(s, id))
}

#[tauri::command]
pub async fn keyword_reply_test(
    state: State<'_, AppState>,
    message: String,
) -> Result<ReplyOutcome, IpcError> {
    state.with_store(|s| scripts::test_reply(s, &message))
}

#[tauri::command]
pub async fn scripts_restore_defaults(
    state: State<'_, AppState>,
) -> Result<RestoreReport, IpcError> {
    state.with_store(|s| scripts::restore_defaults(s, crate::clock::now()))
}

/// Picks a file and reports what importing it would do; nothing is written until
/// `scripts_import_run`.
/// The phrase file the owner picked and what importing it would do.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct PickedScripts {
    pub path: String,
    pub preview: ScriptImportReport,
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
    pub scripts: u32,
    pub rules: u32,
}

#[tauri::command]
pub async fn scripts_import_pick(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<PickedScripts>, IpcError> {
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
    let preview = state.with_store(|s| scripts::preview_import(s, &path, crate::clock::now()))?;
    Ok(Some(PickedScripts {
        path: path.to_string_lossy().into_owned(),
        preview,
    }))
}

#[tauri::command]
pub async fn scripts_import_run(
    state: State<'_, AppState>,
    path: String,
) -> Result<ScriptImportReport, IpcError> {
    state.with_store(|s| scripts::import(s, &PathBuf::from(&path), crate::clock::now()))
}

/// Exports the library; `format` is `json` (complete, to move shops) or `xlsx`.
/// `None` when the owner closed the save window.
#[tauri::command]
pub async fn scripts_export(
    app: AppHandle,
    state: State<'_, AppState>,
    format: PhraseFileFormat,
) -> Result<Option<PhrasesExported>, IpcError> {
    let (ext, filter, extensions): (&str, &'static str, &'static [&'static str]) = match format {
        PhraseFileFormat::Xlsx => ("xlsx", "Excel 表格", &["xlsx"]),
        PhraseFileFormat::Json => ("json", "话术库 JSON", &["json"]),
    };
    let name = scripts::export_file_name(ext, today());
    let Some(path) = pick_save(app, "导出话术库", &name, filter, extensions).await? else {
        return Ok(None);
    };
    let (n_scripts, n_rules) = state.with_store(|s| scripts::export(s, &path))?;
    Ok(Some(PhrasesExported {
        path: path.to_string_lossy().into_owned(),
        scripts: n_scripts,
        rules: n_rules,
    }))
}

// What this module's commands take and return (generated by build.rs; tests only).
include!(concat!(env!("OUT_DIR"), "/signatures/scripts.rs"));
