//! Native file dialogs, opened from Rust so the UI needs no file-system permission.

use std::path::{Path, PathBuf};

use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

use shequn_core::{Code, ErrorPayload};

use crate::error::IpcError;
use crate::state::AppState;

/// Test-only: a path the open dialog returns instead of showing itself (WebDriver
/// cannot drive a native dialog). Everything after the pick is the real code path.
const TEST_PICK_FILE_ENV: &str = "SHEQUN_TEST_PICK_FILE";
/// Test-only: where the save dialog "saves"; a folder takes the suggested file name.
const TEST_SAVE_FILE_ENV: &str = "SHEQUN_TEST_SAVE_FILE";

pub async fn pick_open(
    app: AppHandle,
    title: &'static str,
    filter: &'static str,
    extensions: &'static [&'static str],
) -> Result<Option<PathBuf>, IpcError> {
    if let Some(path) = std::env::var_os(TEST_PICK_FILE_ENV) {
        return Ok(Some(PathBuf::from(path)));
    }
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title(title)
            .add_filter(filter, extensions)
            .blocking_pick_file()
    })
    .await
    .map_err(|e| IpcError::internal("打开文件选择窗口失败，请重试", e))?;
    into_path(picked)
}

pub async fn pick_save(
    app: AppHandle,
    title: &'static str,
    file_name: &str,
    filter: &'static str,
    extensions: &'static [&'static str],
) -> Result<Option<PathBuf>, IpcError> {
    if let Some(path) = std::env::var_os(TEST_SAVE_FILE_ENV) {
        let path = PathBuf::from(path);
        return Ok(Some(if path.is_dir() {
            path.join(file_name)
        } else {
            path
        }));
    }
    let file_name = file_name.to_owned();
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title(title)
            .set_file_name(file_name)
            .add_filter(filter, extensions)
            .blocking_save_file()
    })
    .await
    .map_err(|e| IpcError::internal("打开保存窗口失败，请重试", e))?;
    into_path(picked)
}

/// A folder to write many files into; in tests, `<save path>/<name>`.
pub async fn pick_folder(
    app: AppHandle,
    title: &'static str,
    name: &str,
) -> Result<Option<PathBuf>, IpcError> {
    if let Some(path) = std::env::var_os(TEST_SAVE_FILE_ENV) {
        return Ok(Some(PathBuf::from(path).join(name)));
    }
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog().file().set_title(title).blocking_pick_folder()
    })
    .await
    .map_err(|e| IpcError::internal("打开文件夹选择窗口失败，请重试", e))?;
    into_path(picked)
}

/// An existing folder the owner picks (the second backup place).
pub async fn pick_existing_folder(
    app: AppHandle,
    title: &'static str,
) -> Result<Option<PathBuf>, IpcError> {
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog().file().set_title(title).blocking_pick_folder()
    })
    .await
    .map_err(|e| IpcError::internal("打开文件夹选择窗口失败，请重试", e))?;
    into_path(picked)
}

fn into_path(picked: Option<tauri_plugin_dialog::FilePath>) -> Result<Option<PathBuf>, IpcError> {
    picked
        .map(|file| {
            file.into_path()
                .map_err(|e| IpcError::internal("无法使用所选文件的位置，请换一个文件", e))
        })
        .transpose()
}

/// Writes a file the owner asked for (an export, a print copy), making its folder.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), IpcError> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)
        .and_then(|()| std::fs::write(path, bytes))
        .map_err(|e| {
            log::warn!("writing {} failed: {e}", path.display());
            IpcError(ErrorPayload {
                code: Code::Io,
                message: format!(
                    "文件写不进 {}：{e}。请换个位置，或检查磁盘空间",
                    path.display()
                ),
                fields: Vec::new(),
            })
        })
}

/// Keeps `pdf` under `<data>/printed/` as `file_name` with the time added (to print
/// again later; see `printing::kept_copy_name`) and sends that copy to the printer
/// through the OS; returns the copy's path and the job id.
pub async fn print_kept_copy(
    state: &AppState,
    file_name: &str,
    pdf: &[u8],
    printer: Option<String>,
    copies: u32,
) -> Result<(PathBuf, String), IpcError> {
    let path = state
        .data_dir
        .join("printed")
        .join(shequn_core::printing::kept_copy_name(
            file_name,
            crate::clock::now(),
        ));
    write_file(&path, pdf)?;
    let job_path = path.clone();
    let job = tauri::async_runtime::spawn_blocking(move || {
        shequn_core::printing::print_pdf(&job_path, printer.as_deref(), copies)
    })
    .await
    .map_err(|e| IpcError::internal("发送打印任务失败，请重试", e))??;
    Ok((path, job))
}
