//! Posters: templates, live preview, export to PNG / PDF, printing.

use base64::Engine;

use serde::{Deserialize, Serialize};
use shequn_core::posters::{
    self, AssetView, BatchOutput, BatchReport, DesignView, NewAsset, Poster, PosterContent,
    TemplateInfo,
};
use tauri::{AppHandle, State};
use ts_rs::TS;

use crate::commands::files::{pick_folder, pick_open, pick_save, print_kept_copy, write_file};
use crate::error::IpcError;
use crate::jobs::{JobEvent, JobId};
use crate::state::AppState;
use tauri::ipc::Channel;

#[tauri::command]
pub fn posters_templates() -> Vec<TemplateInfo> {
    posters::templates()
}

/// Lays out `content`; core decodes its library picture (and keeps the last one, so
/// the preview redrawn on every key does not decode it again).
fn render(state: &AppState, content: &PosterContent) -> Result<Poster, IpcError> {
    let now = crate::clock::now();
    state.with_store(|s| posters::render(s, content, None, now.date_naive(), now))
}

#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct PosterPreview {
    /// The poster as a `data:image/png` URL, drawn smaller than the export.
    pub image: String,
    pub warnings: Vec<String>,
    pub width_mm: f32,
    pub height_mm: f32,
}

/// The preview the form redraws as the owner types: the real layout, painted at
/// about 540 px wide so it comes back in a blink.
#[tauri::command]
pub async fn posters_preview(
    state: State<'_, AppState>,
    content: PosterContent,
) -> Result<PosterPreview, IpcError> {
    let poster = render(&state, &content)?;
    let px_per_mm = 540.0 / poster.scene.width;
    let png = shequn_core::render::to_png_bytes(&poster.scene, px_per_mm);
    Ok(PosterPreview {
        image: format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(png)
        ),
        warnings: poster.warnings,
        width_mm: poster.scene.width,
        height_mm: poster.scene.height,
    })
}

fn file_stem(content: &PosterContent) -> String {
    posters::file_stem(content, crate::clock::today())
}

#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct PosterSaved {
    pub path: String,
    pub warnings: Vec<String>,
    /// The spooler's job id, when printed.
    pub job: Option<String>,
}

/// What a poster is saved as: a picture to send in WeChat, or a PDF to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum PosterFileFormat {
    Png,
    Pdf,
}

/// Saves the poster as PNG (for WeChat) or PDF (for print) where the owner chooses;
/// `None` when cancelled.
#[tauri::command]
pub async fn posters_export(
    app: AppHandle,
    state: State<'_, AppState>,
    content: PosterContent,
    format: PosterFileFormat,
    confirmed: bool,
) -> Result<Option<PosterSaved>, IpcError> {
    // Laid out and checked before the dialog: a poster that cannot go out is said at
    // once. `confirmed`: the owner said yes to every point of that message.
    let poster = render(&state, &content)?;
    poster.check_publishable(confirmed, confirmed)?;
    let stem = file_stem(&content);
    let (bytes, name, filter, ext): (Vec<u8>, String, &'static str, &'static [&'static str]) =
        if format == PosterFileFormat::Pdf {
            let title = posters::template(&content.template).map_or("海报", |t| t.name);
            (
                posters::to_pdf(&poster, title),
                format!("{stem}.pdf"),
                "PDF 文件",
                &["pdf"],
            )
        } else {
            (
                posters::to_png(&poster),
                format!("{stem}.png"),
                "PNG 图片",
                &["png"],
            )
        };
    let Some(path) = pick_save(app, "保存海报", &name, filter, ext).await? else {
        return Ok(None);
    };
    write_file(&path, &bytes)?;
    Ok(Some(PosterSaved {
        path: path.display().to_string(),
        warnings: poster.warnings,
        job: None,
    }))
}

/// Prints the poster's PDF through the OS; its copy stays under `printed/`.
#[tauri::command]
pub async fn posters_print(
    state: State<'_, AppState>,
    content: PosterContent,
    printer: Option<String>,
    copies: u32,
    confirmed: bool,
) -> Result<PosterSaved, IpcError> {
    let poster = render(&state, &content)?;
    poster.check_publishable(confirmed, confirmed)?;
    let title = posters::template(&content.template).map_or("海报", |t| t.name);
    let name = format!("{}.pdf", file_stem(&content));
    let (path, job) = print_kept_copy(
        &state,
        &name,
        &posters::to_pdf(&poster, title),
        printer,
        copies,
    )
    .await?;
    Ok(PosterSaved {
        path: path.display().to_string(),
        warnings: poster.warnings,
        job: Some(job),
    })
}

#[tauri::command]
pub async fn assets_list(state: State<'_, AppState>) -> Result<Vec<AssetView>, IpcError> {
    state.with_store(posters::assets)
}

/// Asks for a picture file, then puts it in the library with the licence facts the
/// owner gave; `None` when the dialog is cancelled.
#[tauri::command]
pub async fn assets_add_pick(
    app: AppHandle,
    state: State<'_, AppState>,
    asset: NewAsset,
) -> Result<Option<AssetView>, IpcError> {
    let Some(path) = pick_open(
        app,
        "选择图片放进素材库",
        "图片（PNG、JPEG、WebP）",
        &["png", "jpg", "jpeg", "webp"],
    )
    .await?
    else {
        return Ok(None);
    };
    let now = crate::clock::now();
    state
        .with_store(|s| posters::add_asset(s, &path, &asset, now.date_naive(), now))
        .map(Some)
}

#[tauri::command]
pub async fn assets_delete(state: State<'_, AppState>, id: i64) -> Result<(), IpcError> {
    state.with_store(|s| posters::delete_asset(s, id))
}

/// A library picture's thumbnail as a data URL (at most 240 px a side).
#[tauri::command]
pub async fn assets_thumbnail(state: State<'_, AppState>, id: i64) -> Result<String, IpcError> {
    let png = state.with_store(|s| posters::asset_thumbnail(s, id, 240))?;
    Ok(format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(png)
    ))
}

/// Corrects a picture's licence record.
#[tauri::command]
pub async fn assets_update_licence(
    state: State<'_, AppState>,
    id: i64,
    asset: posters::NewAsset,
) -> Result<posters::AssetView, IpcError> {
    state.with_store(|s| posters::update_asset_licence(s, id, &asset, crate::clock::today()))
}

#[tauri::command]
pub async fn designs_list(state: State<'_, AppState>) -> Result<Vec<DesignView>, IpcError> {
    state.with_store(posters::designs)
}

/// Saves a new design (`id` null) or over the one being edited.
#[tauri::command]
pub async fn designs_save(
    state: State<'_, AppState>,
    id: Option<i64>,
    name: String,
    content: PosterContent,
) -> Result<DesignView, IpcError> {
    state.with_store(|s| posters::save_design(s, id, &name, &content, crate::clock::now()))
}

#[tauri::command]
pub async fn designs_duplicate(
    state: State<'_, AppState>,
    id: i64,
) -> Result<DesignView, IpcError> {
    state.with_store(|s| posters::duplicate_design(s, id, crate::clock::now()))
}

#[tauri::command]
pub async fn designs_delete(state: State<'_, AppState>, id: i64) -> Result<(), IpcError> {
    state.with_store(|s| posters::delete_design(s, id))
}

/// One 老带新 poster per member of `tier` and above, as a job: the checks and the
/// save dialog come first (the confirmation is asked before any dialog opens); then
/// the job id returns at once and the posters are drawn on a connection of the
/// job's own. `None` when the owner closes the dialog.
#[tauri::command]
pub async fn posters_batch_start(
    app: AppHandle,
    state: State<'_, AppState>,
    content: PosterContent,
    tier: shequn_core::members::Tier,
    to_pdf: bool,
    confirmed: bool,
    events: Channel<JobEvent<BatchReport>>,
) -> Result<Option<JobId>, IpcError> {
    // Who it is for, and whether it needs a yes, is checked before any dialog opens.
    let now = crate::clock::now();
    let plan = state.with_store(|s| {
        posters::plan_batch(
            s,
            &content,
            tier,
            confirmed,
            confirmed,
            now.date_naive(),
            now,
        )
    })?;
    let (members, stem) = (plan.members, plan.file_stem);
    let out = if to_pdf {
        pick_save(
            app,
            "保存老带新海报 PDF",
            &format!("{stem}.pdf"),
            "PDF 文件",
            &["pdf"],
        )
        .await?
        .map(BatchOutput::Pdf)
    } else {
        pick_folder(app, "选择放海报图片的文件夹", &stem)
            .await?
            .map(BatchOutput::Folder)
    };
    let Some(out) = out else {
        return Ok(None);
    };
    state
        .start_job(events, move |store, job| {
            let now = crate::clock::now();
            posters::batch_referral(store, &content, &members, &out, job, now.date_naive(), now)
        })
        .map(Some)
}

// What this module's commands take and return (generated by build.rs; tests only).
include!(concat!(env!("OUT_DIR"), "/signatures/posters.rs"));
