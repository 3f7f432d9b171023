//! 报表 commands: each a few lines over `shequn_core::reports`.

use shequn_core::reports::{self, Definition, Period, Summary};
use tauri::State;

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

/// 统计口径: what each figure means (the same text the exports print).
#[tauri::command]
pub async fn report_definitions() -> Result<Vec<Definition>, IpcError> {
    Ok(reports::definitions().to_vec())
}

include!(concat!(env!("OUT_DIR"), "/signatures/reports.rs"));
