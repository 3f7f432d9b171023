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
