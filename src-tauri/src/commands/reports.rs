//! 报表 commands: each a few lines over `shequn_core::reports`.

use shequn_core::reports::{self, Definition, Period, Summary};
use tauri::{AppHandle, State};

use crate::commands::files::pick_save;
use crate::error::IpcError;
use crate::state::AppState;

/// The figures of `from..=to` (`YYYY-MM-DD`) and of the period before it.
#[tauri::command]
pub async fn report_summary(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<Summary, IpcError> {
    state.with_store(|s| {
        let period = Period::parse(&from, &to)?;
        reports::summary(s, period, crate::clock::now().date_naive())
    })
}

/// 导出 Excel: save dialog, then the workbook; the path written, or `None` when
/// the owner cancelled.
#[tauri::command]
pub async fn report_export_xlsx(
    app: AppHandle,
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<Option<String>, IpcError> {
    let period = Period::parse(&from, &to)?;
    let name = reports::file_name(period, "xlsx");
    let Some(path) = pick_save(app, "导出 Excel 报表", &name, "Excel 工作簿", &["xlsx"]).await?
    else {
        return Ok(None);
    };
    let today = crate::clock::now().date_naive();
    state.with_store(|s| reports::export_xlsx(s, period, today, &path))?;
    Ok(Some(path.to_string_lossy().into_owned()))
}

/// 导出 PDF: save dialog, then the A4 report; the path written, or `None` when the
/// owner cancelled.
#[tauri::command]
pub async fn report_export_pdf(
    app: AppHandle,
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<Option<String>, IpcError> {
    let period = Period::parse(&from, &to)?;
    let name = reports::file_name(period, "pdf");
    let Some(path) = pick_save(app, "导出 PDF 报表", &name, "PDF 文件", &["pdf"]).await?
    else {
        return Ok(None);
    };
    let today = crate::clock::now().date_naive();
    state.with_store(|s| reports::export_pdf(s, period, today, &path))?;
    Ok(Some(path.to_string_lossy().into_owned()))
}

/// 统计口径: what each figure means (the same text the exports print).
#[tauri::command]
pub async fn report_definitions() -> Result<Vec<Definition>, IpcError> {
    Ok(reports::definitions().to_vec())
}

include!(concat!(env!("OUT_DIR"), "/signatures/reports.rs"));
