//! Groups, invite channels, codes, printing and counter redemption.

use std::path::Path;

use base64::Engine;

use serde::{Deserialize, Serialize};
use shequn_core::invites::print::{self, Layout, LayoutInfo, PrintPreview, PrintRun};
use shequn_core::invites::{
    self, ChannelView, GroupView, InviteCode, NewChannel, NewGroup, Redemption,
};
use shequn_core::printing::{self, Printer};
use tauri::{AppHandle, State};
use ts_rs::TS;

use crate::commands::files::{pick_open, pick_save, print_kept_copy, write_file};
use crate::error::IpcError;
use crate::state::AppState;

use crate::clock::{now, today};
use shequn_core::Error;

#[tauri::command]
pub async fn groups_list(state: State<'_, AppState>) -> Result<Vec<GroupView>, IpcError> {
    state.with_store(|s| invites::groups(s, today()))
}

/// The next name in the shop's pattern for this purpose ("老街面馆福利群3号").
#[tauri::command]
pub async fn groups_suggest_name(
    state: State<'_, AppState>,
    purpose: String,
) -> Result<String, IpcError> {
    state.with_store(|s| invites::suggest_group_name(s, &purpose))
}

#[tauri::command]
pub async fn groups_add(
    state: State<'_, AppState>,
    group: NewGroup,
) -> Result<GroupView, IpcError> {
    state.with_store(|s| invites::add_group(s, &group, today(), now()))
}

#[tauri::command]
pub async fn groups_update(
    state: State<'_, AppState>,
    id: i64,
    group: NewGroup,
) -> Result<GroupView, IpcError> {
    state.with_store(|s| invites::update_group(s, id, &group, today(), now()))
}

/// Deletes a group; refused while channels' cards lead into it.
#[tauri::command]
pub async fn groups_delete(state: State<'_, AppState>, id: i64) -> Result<(), IpcError> {
    state.with_store(|s| invites::delete_group(s, id, today()))
}

/// Opens a picture of the group's QR code and reads the join link from it; `None`
/// when the owner cancels. A picture without a readable QR is a field error on
/// `qr_image`, said in words.
#[tauri::command]
pub async fn groups_pick_qr(app: AppHandle) -> Result<Option<String>, IpcError> {
    let Some(path) = pick_open(
        app,
        "选择群二维码截图",
        "图片（PNG、JPEG、WebP）",
        &["png", "jpg", "jpeg", "webp"],
    )
    .await?
    else {
        return Ok(None);
    };
    let text =
        tauri::async_runtime::spawn_blocking(move || shequn_core::render::decode_qr_file(&path))
            .await
            .map_err(|e| IpcError::internal("读取图片失败，请重试", e))?
            .map_err(|e| IpcError::from(Error::invalid("qr_image", e.to_string())))?;
    Ok(Some(text))
}

#[tauri::command]
pub async fn channels_list(state: State<'_, AppState>) -> Result<Vec<ChannelView>, IpcError> {
    state.with_store(|s| invites::channels(s, today()))
}

#[tauri::command]
pub async fn channels_add(
    state: State<'_, AppState>,
    channel: NewChannel,
) -> Result<ChannelView, IpcError> {
    state.with_store(|s| invites::add_channel(s, &channel, today(), now()))
}

#[tauri::command]
pub async fn channels_update(
    state: State<'_, AppState>,
    id: i64,
    channel: NewChannel,
) -> Result<ChannelView, IpcError> {
    state.with_store(|s| invites::update_channel(s, id, &channel, today()))
}

#[tauri::command]
pub async fn channels_set_active(
    state: State<'_, AppState>,
    id: i64,
    active: bool,
) -> Result<ChannelView, IpcError> {
    state.with_store(|s| invites::set_channel_active(s, id, active, today()))
}

#[tauri::command]
pub async fn channels_archive(
    state: State<'_, AppState>,
    id: i64,
    archived: bool,
) -> Result<ChannelView, IpcError> {
    state.with_store(|s| invites::set_channel_archived(s, id, archived, today()))
}

/// Deletes a channel; refused (with the reason and the archive alternative) while
/// its cards are out.
#[tauri::command]
pub async fn channels_delete(state: State<'_, AppState>, id: i64) -> Result<(), IpcError> {
    state.with_store(|s| invites::delete_channel(s, id, today()))
}

#[tauri::command]
pub async fn invites_redemptions(
    state: State<'_, AppState>,
    query: invites::RedemptionQuery,
) -> Result<Vec<invites::RedemptionRecord>, IpcError> {
    state.with_store(|s| invites::redemptions(s, &query))
}

/// Save dialog, then the log as .xlsx or .csv; the row count, or `None` when cancelled.
#[tauri::command]
pub async fn invites_redemptions_export(
    app: AppHandle,
    state: State<'_, AppState>,
    query: invites::RedemptionQuery,
) -> Result<Option<usize>, IpcError> {
    let name = invites::redemptions_file_name(today());
    let Some(path) = pick_save(app, "导出核销记录", &name, "表格", &["xlsx", "csv"]).await?
    else {
        return Ok(None);
    };
    state
        .with_store(|s| invites::export_redemptions(s, &query, &path))
        .map(Some)
}

#[tauri::command]
pub async fn invites_generate(
    state: State<'_, AppState>,
    channel_id: i64,
    count: u32,
) -> Result<Vec<InviteCode>, IpcError> {
    state.with_store(|s| invites::generate_codes(s, channel_id, count, today(), now()))
}

#[tauri::command]
pub fn invites_layouts() -> Vec<LayoutInfo> {
    print::layouts()
}

/// A print run as the print dialog describes it.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct PrintRequest {
    #[ts(type = "number")]
    pub channel_id: i64,
    pub layout: Layout,
    pub count: u32,
    /// The owner confirmed printing although the group QR has expired.
    pub allow_expired_qr: bool,
}

#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct PreviewImage {
    /// Page 1 as a `data:image/png` URL.
    pub image: String,
    pub info: PrintPreview,
}

#[tauri::command]
pub async fn invites_preview(
    state: State<'_, AppState>,
    request: PrintRequest,
) -> Result<PreviewImage, IpcError> {
    let (png, info) = state.with_store(|s| {
        print::preview(
            s,
            request.channel_id,
            request.layout,
            request.count,
            today(),
        )
    })?;
    Ok(PreviewImage {
        image: png_data_url(&png),
        info,
    })
}

fn png_data_url(png: &[u8]) -> String {
    format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(png)
    )
}

/// A print run that reached the printer or a file.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct PrintOutcome {
    pub run: PrintRun,
    /// The file written: where the owner saved it, or the PDF copy kept for a reprint.
    pub path: String,
    /// The spooler's job id, when sent to a printer.
    pub job: Option<String>,
    pub printer: Option<String>,
}

#[tauri::command]
pub async fn printers_list() -> Result<Vec<Printer>, IpcError> {
    tauri::async_runtime::spawn_blocking(printing::printers)
        .await
        .map_err(|e| IpcError::internal("读取打印机列表失败，请重试", e))?
        .map_err(IpcError::from)
}

/// Lays out the run, keeps its PDF under the data folder's `printed/` (so it can be
/// printed again), and sends it to the printer. The codes count as printed only once
/// the spooler has taken the job; if it refuses, they stay unprinted and the next run
/// uses them again.
#[tauri::command]
pub async fn invites_print(
    state: State<'_, AppState>,
    request: PrintRequest,
    printer: Option<String>,
    copies: u32,
) -> Result<PrintOutcome, IpcError> {
    let (pdf, run) = lay_out(&state, &request)?;
    let (path, job) =
        print_kept_copy(&state, &run.file_name, &pdf, printer.clone(), copies).await?;
    state.with_store(|s| print::confirm_printed(s, &run, now()))?;
    Ok(PrintOutcome {
        run,
        path: path.display().to_string(),
        job: Some(job),
        printer,
    })
}

/// Lays out a run: unprinted codes first, new ones made for the rest.
fn lay_out(state: &AppState, r: &PrintRequest) -> Result<(Vec<u8>, PrintRun), IpcError> {
    state.with_store(|s| {
        print::print_codes(
            s,
            r.channel_id,
            r.layout,
            r.count,
            r.allow_expired_qr,
            today(),
            now(),
        )
    })
}

/// A run written where the owner chose, its codes then counted as printed.
fn saved(
    state: &AppState,
    path: &Path,
    bytes: &[u8],
    run: PrintRun,
) -> Result<PrintOutcome, IpcError> {
    write_file(path, bytes)?;
    state.with_store(|s| print::confirm_printed(s, &run, now()))?;
    Ok(PrintOutcome {
        run,
        path: path.display().to_string(),
        job: None,
        printer: None,
    })
}

/// The same run saved as a PDF where the owner chooses; `None` when cancelled.
#[tauri::command]
pub async fn invites_save_pdf(
    app: AppHandle,
    state: State<'_, AppState>,
    request: PrintRequest,
) -> Result<Option<PrintOutcome>, IpcError> {
    let name = print::sheet_file_name(request.layout, today());
    let Some(path) = pick_save(app, "保存邀请码 PDF", &name, "PDF 文件", &["pdf"]).await?
    else {
        return Ok(None);
    };
    let (pdf, run) = lay_out(&state, &request)?;
    saved(&state, &path, &pdf, run).map(Some)
}

/// One card as a PNG for sending in WeChat; resolves to the saved path, or `None`.
#[tauri::command]
pub async fn invites_card_png(
    app: AppHandle,
    state: State<'_, AppState>,
    channel_id: i64,
    allow_expired_qr: bool,
) -> Result<Option<PrintOutcome>, IpcError> {
    // Made before the dialog, so an expired group QR is asked about first; an unused
    // code made here stays unprinted and is the next one used.
    let (png, run) =
        state.with_store(|s| print::card_png(s, channel_id, allow_expired_qr, today(), now()))?;
    let Some(path) = pick_save(app, "保存邀请卡图片", &run.file_name, "PNG 图片", &["png"]).await?
    else {
        return Ok(None);
    };
    saved(&state, &path, &png, run).map(Some)
}

/// A member's personal 老带新 card (their own referral code) as a PNG to send them.
#[tauri::command]
pub async fn invites_referral_card(
    app: AppHandle,
    state: State<'_, AppState>,
    member_id: i64,
    allow_expired_qr: bool,
) -> Result<Option<PrintOutcome>, IpcError> {
    // Checked before the dialog: no point choosing a file for a card that cannot be made.
    let (png, run) = state
        .with_store(|s| print::referral_card_png(s, member_id, allow_expired_qr, today(), now()))?;
    let Some(path) = pick_save(
        app,
        "保存老带新邀请卡",
        &run.file_name,
        "PNG 图片",
        &["png"],
    )
    .await?
    else {
        return Ok(None);
    };
    saved(&state, &path, &png, run).map(Some)
}

/// The counter: a code typed or scanned, the customer's phone, maybe a name.
#[tauri::command]
pub async fn invites_redeem(
    state: State<'_, AppState>,
    code: String,
    phone: String,
    name: Option<String>,
    staff: Option<String>,
) -> Result<Redemption, IpcError> {
    state.with_store(|s| {
        invites::redeem(
            s,
            &code,
            &phone,
            name.as_deref().filter(|n| !n.trim().is_empty()),
            staff.as_deref(),
            today(),
            now(),
        )
    })
}

// What this module's commands take and return (generated by build.rs; tests only).
include!(concat!(env!("OUT_DIR"), "/signatures/invites.rs"));
