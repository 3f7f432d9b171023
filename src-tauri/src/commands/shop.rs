use crate::commands::files::pick_open;
use crate::error::IpcError;
use crate::state::AppState;
use base64::Engine;
use shequn_core::shop::{self, ShopProfile, ShopUpdate};
use tauri::{AppHandle, State};

#[tauri::command]
pub async fn shop_get(state: State<'_, AppState>) -> Result<ShopProfile, IpcError> {
    state.with_store(shop::get)
}

#[tauri::command]
pub async fn shop_save(
    state: State<'_, AppState>,
    change: ShopUpdate,
) -> Result<ShopProfile, IpcError> {
    state.with_store(|s| shop::update(s, &change, None, crate::clock::now()))
}

/// Opens the native file dialog; `None` when the owner cancels.
#[tauri::command]
pub async fn shop_pick_logo(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<ShopProfile>, IpcError> {
    let Some(path) = pick_open(
        app,
        "选择店铺标志图片",
        "图片（PNG、JPEG、WebP）",
        &["png", "jpg", "jpeg", "webp"],
    )
    .await?
    else {
        return Ok(None);
    };
    state
        .with_store(|s| shop::set_logo(s, &path, crate::clock::now()))
        .map(Some)
}

#[tauri::command]
pub async fn shop_clear_logo(state: State<'_, AppState>) -> Result<ShopProfile, IpcError> {
    state.with_store(|s| shop::clear_logo(s, crate::clock::now()))
}

/// The stored logo as a `data:` URL (the CSP allows no file URLs).
#[tauri::command]
pub async fn shop_logo_data_url(state: State<'_, AppState>) -> Result<Option<String>, IpcError> {
    let png = state.with_store(shop::logo_png)?;
    Ok(png.map(|bytes| {
        format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        )
    }))
}
