use std::path::PathBuf;

use serde::Serialize;
use shequn_core::members::import::{ImportOptions, ImportPreview, ImportReport};
use shequn_core::members::{
    self, AddOutcome, MemberPage, MemberQuery, MemberView, NewMember, PointsEntry, Purchase,
    PurchaseInput, ReferralNode,
};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};
use ts_rs::TS;

use crate::commands::files::{pick_open, pick_save};
use crate::error::IpcError;
use crate::jobs::{JobEvent, JobId};
use crate::state::AppState;

use crate::clock::today;

#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct AddResult {
    pub created: bool,
    pub member: MemberView,
}

#[tauri::command]
pub async fn members_list(
    state: State<'_, AppState>,
    query: MemberQuery,
) -> Result<MemberPage, IpcError> {
    state.with_store(|s| members::list(s, &query, today()))
}

#[tauri::command]
pub async fn members_get(state: State<'_, AppState>, id: i64) -> Result<MemberView, IpcError> {
    state.with_store(|s| members::get(s, id, today()))
}

#[tauri::command]
pub async fn members_add(
    state: State<'_, AppState>,
    member: NewMember,
) -> Result<AddResult, IpcError> {
    state.with_store(|s| {
        members::add(s, &member, today(), crate::clock::now()).map(|outcome| AddResult {
            created: matches!(outcome, AddOutcome::Created(_)),
            member: outcome.member().clone(),
        })
    })
}

#[tauri::command]
pub async fn members_update(
    state: State<'_, AppState>,
    id: i64,
    member: NewMember,
) -> Result<MemberView, IpcError> {
    state.with_store(|s| members::update(s, id, &member, today(), crate::clock::now()))
}

/// The counter box: amount as typed (元), today unless a date is given.
#[tauri::command]
pub async fn members_record_purchase(
    state: State<'_, AppState>,
    input: PurchaseInput,
) -> Result<MemberView, IpcError> {
    state.with_store(|s| {
        members::record_typed_purchase(s, &input, today(), crate::clock::now())?;
        members::get(s, input.member_id, today())
    })
}

#[tauri::command]
pub async fn members_void_purchase(
    state: State<'_, AppState>,
    purchase_id: i64,
) -> Result<Purchase, IpcError> {
    state.with_store(|s| members::void_purchase(s, purchase_id, today(), crate::clock::now()))
}

#[tauri::command]
pub async fn members_purchases(
    state: State<'_, AppState>,
    member_id: i64,
) -> Result<Vec<Purchase>, IpcError> {
    state.with_store(|s| members::purchases_of(s, member_id))
}

#[tauri::command]
pub async fn members_points(
    state: State<'_, AppState>,
    member_id: i64,
) -> Result<Vec<PointsEntry>, IpcError> {
    state.with_store(|s| members::points_history(s, member_id))
}

/// Positive `points` awards, negative redeems.
#[tauri::command]
pub async fn members_adjust_points(
    state: State<'_, AppState>,
    member_id: i64,
    points: i64,
    reason: String,
) -> Result<i64, IpcError> {
    state.with_store(|s| {
        if points < 0 {
            members::redeem_points(s, member_id, -points, &reason, today(), crate::clock::now())
        } else {
            members::award_points(s, member_id, points, &reason, today(), crate::clock::now())
        }
    })
}

#[tauri::command]
pub async fn members_referrals(
    state: State<'_, AppState>,
    member_id: i64,
) -> Result<ReferralNode, IpcError> {
    state.with_store(|s| members::referral_tree(s, member_id))
}

#[tauri::command]
pub async fn members_mark_left(
    state: State<'_, AppState>,
    member_id: i64,
    reason: String,
) -> Result<(), IpcError> {
    state.with_store(|s| members::mark_left(s, member_id, &reason, crate::clock::now()))
}

/// A member who had left comes back (恢复).
#[tauri::command]
pub async fn members_return(state: State<'_, AppState>, member_id: i64) -> Result<(), IpcError> {
    state.with_store(|s| members::return_member(s, member_id, crate::clock::now()))
}

/// The shop's own tags, most used first.
#[tauri::command]
pub async fn members_tags(state: State<'_, AppState>) -> Result<Vec<members::TagCount>, IpcError> {
    state.with_store(members::custom_tags)
}

#[tauri::command]
pub async fn members_delete(state: State<'_, AppState>, member_id: i64) -> Result<(), IpcError> {
    state.with_store(|s| members::delete(s, member_id, crate::clock::now()))
}

/// The spreadsheet the owner picked and what importing it would do.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct PickedImport {
    pub path: String,
    pub preview: ImportPreview,
}

/// Opens the native dialog for a spreadsheet and previews it; `None` when cancelled.
#[tauri::command]
pub async fn members_import_pick(app: AppHandle) -> Result<Option<PickedImport>, IpcError> {
    let Some(path) = pick_open(app, "选择会员名单", "表格（Excel、CSV）", &["xlsx", "csv"]).await?
    else {
        return Ok(None);
    };
    let preview = members::import::preview(&path).map_err(IpcError::from)?;
    Ok(Some(PickedImport {
        path: path.to_string_lossy().into_owned(),
        preview,
    }))
}

/// Starts the import as a job and returns its id at once; progress and the report
/// come on `events`. The window stays usable meanwhile (search, the counter), and
/// `jobs_cancel` stops it with the book exactly as it was.
#[tauri::command]
pub async fn members_import_start(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
    options: ImportOptions,
    events: Channel<JobEvent<ImportReport>>,
) -> Result<JobId, IpcError> {
    let path = PathBuf::from(path);
    state.start_job(events, move |store, job| {
        if !options.dry_run {
            shequn_core::backup::before_step(
                store,
                shequn_core::backup::BackupKind::BeforeImport,
                crate::clock::now(),
                job,
            )?;
            // The 导入前 backup reaches the second place while the import runs.
            app.state::<AppState>().spawn_backup_upkeep(&app, false);
        }
        members::import::import(store, &path, &options, today(), crate::clock::now(), job)
    })
}

/// Asks where to save, then exports; `None` when cancelled, else the row count.
#[tauri::command]
pub async fn members_export(
    app: AppHandle,
    state: State<'_, AppState>,
    unmask: bool,
) -> Result<Option<usize>, IpcError> {
    let name = members::export::file_name(today());
    let Some(path) = pick_save(app, "导出会员", &name, "表格", &["xlsx", "csv"]).await?
    else {
        return Ok(None);
    };
    state
        .with_store(|s| members::export::export(s, &path, unmask, today()))
        .map(Some)
}

// What this module's commands take and return (generated by build.rs; tests only).
include!(concat!(env!("OUT_DIR"), "/signatures/members.rs"));
