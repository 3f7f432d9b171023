//! 报表 commands: each a few lines over `shequn_core::reports`.

use std::path::Path;

use chrono::NaiveDate;
use shequn_core::Store;
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

/// One export: the save dialog's wording and the core function that writes it.
struct Export {
    extension: &'static str,
    /// The same, as the dialog's filter list.
    extensions: &'static [&'static str],
    title: &'static str,
    filter: &'static str,
    write: fn(&Store, Period, NaiveDate, &Path) -> Result<Summary, shequn_core::Error>,
}

/// Save dialog, then the file; the path written, or `None` when the owner cancelled.
async fn export(
    app: AppHandle,
    state: State<'_, AppState>,
    from: &str,
    to: &str,
    how: Export,
) -> Result<Option<String>, IpcError> {
    let period = Period::parse(from, to)?;
    let name = reports::file_name(period, how.extension);
    let Some(path) = pick_save(app, how.title, &name, how.filter, how.extensions).await? else {
        return Ok(None);
    };
    let today = crate::clock::now().date_naive();
    state.with_store(|s| (how.write)(s, period, today, &path))?;
    Ok(Some(path.to_string_lossy().into_owned()))
}

/// 导出 Excel: the workbook with its charts.
#[tauri::command]
pub async fn report_export_xlsx(
    app: AppHandle,
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<Option<String>, IpcError> {
    let how = Export {
        extension: "xlsx",
        extensions: &["xlsx"],
        title: "导出 Excel 报表",
        filter: "Excel 工作簿",
        write: reports::export_xlsx,
    };
    export(app, state, &from, &to, how).await
}

/// 导出 PDF: the A4 report.
#[tauri::command]
pub async fn report_export_pdf(
    app: AppHandle,
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<Option<String>, IpcError> {
    let how = Export {
        extension: "pdf",
        extensions: &["pdf"],
        title: "导出 PDF 报表",
        filter: "PDF 文件",
        write: reports::export_pdf,
    };
    export(app, state, &from, &to, how).await
}

/// 统计口径: what each figure means (the same text the exports print).
#[tauri::command]
pub async fn report_definitions() -> Result<Vec<Definition>, IpcError> {
    Ok(reports::definitions().to_vec())
}

include!(concat!(env!("OUT_DIR"), "/signatures/reports.rs"));
