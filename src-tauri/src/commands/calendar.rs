//! 日历 commands: each a few lines over `shequn_core::calendar`.

use shequn_core::calendar::{self, CalendarView, OwnerDay, Upcoming};
use tauri::{AppHandle, State};

use crate::commands::files::pick_save;
use crate::error::IpcError;
use crate::state::AppState;

/// The 日历 page for `from..=to` (`YYYY-MM-DD`): entries, lunar dates, themes.
#[tauri::command]
pub async fn calendar_view(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<CalendarView, IpcError> {
    state.with_store(|s| {
        let (from, to) = calendar::parse_range(&from, &to)?;
        calendar::view(s, from, to)
    })
}

/// 提前准备: what is coming in the next 30 days and what should be ready.
#[tauri::command]
pub async fn calendar_upcoming(state: State<'_, AppState>) -> Result<Vec<Upcoming>, IpcError> {
    state.with_store(|s| calendar::upcoming(s, crate::clock::now().date_naive()))
}

/// Adds a day off (or a working weekend, `work`) the published schedule lacks.
#[tauri::command]
pub async fn calendar_add_day(
    state: State<'_, AppState>,
    date: String,
    name: String,
    work: bool,
) -> Result<OwnerDay, IpcError> {
    state.with_store(|s| calendar::add_day(s, &date, &name, work, crate::clock::now()))
}

#[tauri::command]
pub async fn calendar_delete_day(state: State<'_, AppState>, id: i64) -> Result<(), IpcError> {
    state.with_store(|s| calendar::delete_day(s, id))
}

/// The seven weekday content themes, 周一 first.
#[tauri::command]
pub async fn calendar_set_themes(
    state: State<'_, AppState>,
    themes: Vec<String>,
) -> Result<Vec<String>, IpcError> {
    state.with_store(|s| calendar::set_weekday_themes(s, &themes))
}

/// 导出日历: the save dialog, then the .ics; the path, or `None` when cancelled.
#[tauri::command]
pub async fn calendar_export_ics(
    app: AppHandle,
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<Option<String>, IpcError> {
    let (from_day, to_day) = calendar::parse_range(&from, &to)?;
    let name = format!("社群掌柜日历-{from_day}至{to_day}.ics");
    let Some(path) = pick_save(app, "导出日历", &name, "日历文件", &["ics"]).await? else {
        return Ok(None);
    };
    state.with_store(|s| calendar::ics::export(s, from_day, to_day, crate::clock::now(), &path))?;
    Ok(Some(path.to_string_lossy().into_owned()))
}

include!(concat!(env!("OUT_DIR"), "/signatures/calendar.rs"));
