//! 活动 commands: each a few lines over `shequn_core::campaigns`.

use shequn_core::campaigns::{self, Campaign, CampaignInput};
use tauri::{AppHandle, State};

use crate::commands::files::pick_save;
use crate::error::IpcError;
use crate::state::AppState;

fn today() -> chrono::NaiveDate {
    crate::clock::now().date_naive()
}

/// Every campaign with its live progress, the latest first.
#[tauri::command]
pub async fn campaign_list(state: State<'_, AppState>) -> Result<Vec<Campaign>, IpcError> {
    state.with_store(|s| campaigns::list(s, today()))
}

#[tauri::command]
pub async fn campaign_get(state: State<'_, AppState>, id: i64) -> Result<Campaign, IpcError> {
    state.with_store(|s| campaigns::get(s, id, today()))
}

#[tauri::command]
pub async fn campaign_add(
    state: State<'_, AppState>,
    input: CampaignInput,
) -> Result<Campaign, IpcError> {
    state.with_store(|s| campaigns::add(s, &input, crate::clock::now()))
}

#[tauri::command]
pub async fn campaign_update(
    state: State<'_, AppState>,
    id: i64,
    input: CampaignInput,
) -> Result<Campaign, IpcError> {
    state.with_store(|s| campaigns::update(s, id, &input, crate::clock::now()))
}

#[tauri::command]
pub async fn campaign_delete(state: State<'_, AppState>, id: i64) -> Result<(), IpcError> {
    state.with_store(|s| campaigns::delete(s, id))
}

/// 复盘: after the end; the first one freezes the figures.
#[tauri::command]
pub async fn campaign_review(
    state: State<'_, AppState>,
    id: i64,
    worked: String,
    missed: String,
) -> Result<Campaign, IpcError> {
    state.with_store(|s| campaigns::review(s, id, &worked, &missed, crate::clock::now()))
}

/// Starts the campaign's checklist (launch, festival or member day) for a staff member.
#[tauri::command]
pub async fn campaign_start_checklist(
    state: State<'_, AppState>,
    id: i64,
    staff_id: i64,
) -> Result<Campaign, IpcError> {
    state.with_store(|s| campaigns::start_checklist(s, id, staff_id, crate::clock::now()))
}

/// 导出 PDF: the campaign on one A4 page; the path, or `None` when cancelled.
#[tauri::command]
pub async fn campaign_export_pdf(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
) -> Result<Option<String>, IpcError> {
    let campaign = state.with_store(|s| campaigns::get(s, id, today()))?;
    let name = campaigns::file_name(&campaign);
    let Some(path) = pick_save(app, "导出活动 PDF", &name, "PDF 文件", &["pdf"]).await?
    else {
        return Ok(None);
    };
    state.with_store(|s| campaigns::export_pdf(s, &campaign, &path))?;
    Ok(Some(path.to_string_lossy().into_owned()))
}

include!(concat!(env!("OUT_DIR"), "/signatures/campaigns.rs"));
