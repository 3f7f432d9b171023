use std::path::PathBuf;

use base64::Engine;
use shequn_core::shop::{self, ShopProfile, ShopUpdate};
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::IpcError;
use crate::state::AppState;

/// Test-only: a path the logo picker returns instead of opening the native dialog,
/// which WebDriver cannot drive. Everything after the pick is the real code path.
const TEST_PICK_FILE_ENV: &str = "SHEQUN_TEST_PICK_FILE";

#[tauri::command]
pub async fn shop_get(state: State<'_, AppState>) -> Result<ShopProfile, IpcError> {
    state.with_store(shop::get)
}

#[tauri::command]
pub async fn shop_save(
    state: State<'_, AppState>,
    change: ShopUpdate,
) -> Result<ShopProfile, IpcError> {
    state.with_store(|s| shop::update(s, &change, None, chrono::Local::now()))
}

/// Opens the native file dialog; `None` when the owner cancels.
#[tauri::command]
pub async fn shop_pick_logo(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<ShopProfile>, IpcError> {
    let Some(path) = pick_image(app).await? else {
        return Ok(None);
    };
    state
        .with_store(|s| shop::set_logo(s, &path, chrono::Local::now()))
        .map(Some)
}

#[tauri::command]
pub async fn shop_clear_logo(state: State<'_, AppState>) -> Result<ShopProfile, IpcError> {
    state.with_store(|s| shop::clear_logo(s, chrono::Local::now()))
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

async fn pick_image(app: AppHandle) -> Result<Option<PathBuf>, IpcError> {
    if let Some(path) = std::env::var_os(TEST_PICK_FILE_ENV) {
        return Ok(Some(PathBuf::from(path)));
    }
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title("选择店铺标志图片")
            .add_filter("图片（PNG、JPEG、WebP）", &["png", "jpg", "jpeg", "webp"])
            .blocking_pick_file()
    })
    .await
    .map_err(|e| IpcError::internal("打开文件选择窗口失败，请重试", e))?;
    match picked {
        None => Ok(None),
        Some(file) => file
            .into_path()
            .map(Some)
            .map_err(|e| IpcError::internal("无法使用所选文件的位置，请换一个文件", e)),
    }
}
