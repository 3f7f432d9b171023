use serde::Serialize;
use shequn_core::ErrorPayload;
use tauri::State;
use ts_rs::TS;

use crate::state::AppState;

/// What the UI needs before drawing anything.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct AppStatus {
    pub version: String,
    pub data_dir: String,
    pub db_path: String,
    /// Set when the data file could not be opened; the UI shows it instead of pages.
    pub startup_error: Option<ErrorPayload>,
}

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> Result<AppStatus, ()> {
    Ok(AppStatus {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: state.data_dir.to_string_lossy().into_owned(),
        db_path: state.db_path.to_string_lossy().into_owned(),
        startup_error: state.startup_error(),
    })
}

/// The app's day and time, as every command sees them (the window compares the day
/// when it regains focus).
#[tauri::command]
pub async fn app_today() -> Result<String, ()> {
    Ok(crate::clock::today().to_string())
}

/// 概览: today's birthdays, QR alerts, full groups, dormant members, SOP progress.
#[tauri::command]
pub async fn today_overview(
    state: State<'_, AppState>,
) -> Result<shequn_core::overview::TodayOverview, crate::error::IpcError> {
    state.with_store(|s| shequn_core::overview::today(s, crate::clock::now()))
}
