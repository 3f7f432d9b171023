//! 社群掌柜 desktop shell. Thin by design: every behaviour lives in shequn-core; this
//! crate wires windows, plugins and commands to it.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod clock;
mod commands;
#[cfg(test)]
mod contract;
mod error;
mod jobs;
#[cfg(test)]
mod licences;
mod state;

use tauri::Manager;
use tauri_plugin_log::{RotationStrategy, Target, TargetKind};

use crate::state::AppState;

fn main() {
    #[cfg(windows)]
    if let Err(e) = tauri::webview_version() {
        webview2_missing(&e.to_string());
    }
    let context = tauri::generate_context!();
    let Some(data_dir) = shequn_core::paths::data_dir_for(&context.config().identifier) else {
        eprintln!("找不到用户数据文件夹，请设置环境变量 SHEQUN_DATA_DIR 指定数据位置");
        std::process::exit(1);
    };
    let app_state = AppState::open(&data_dir);

    // Logs go to the OS log folder, or beside the data when the data folder was
    // chosen (tests, a portable copy), so neither writes into the computer's folders.
    let log_target = if shequn_core::paths::data_dir_is_chosen() {
        TargetKind::Folder {
            path: data_dir.join("logs"),
            file_name: Some("shequn".into()),
        }
    } else {
        TargetKind::LogDir {
            file_name: Some("shequn".into()),
        }
    };

    let result = tauri::Builder::default()
        // Must be first: a second launch focuses the running window and exits.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .plugin(
            tauri_plugin_log::Builder::new()
                .targets([Target::new(log_target), Target::new(TargetKind::Stderr)])
                .level(log::LevelFilter::Info)
                .max_file_size(1024 * 1024)
                .rotation_strategy(RotationStrategy::KeepSome(5))
                .build(),
        )
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .manage(app_state)
        .setup(|app| {
            app.state::<AppState>().log_startup();
            app.state::<AppState>()
                .spawn_backup_upkeep(app.handle(), true);
            let handle = app.handle().clone();
            clock::watch_the_date(app.handle().clone(), move |now| {
                let state = handle.state::<AppState>();
                state.spawn_backup_upkeep(&handle, true);
                if let Err(e) =
                    state.with_store(|s| shequn_core::training::ensure_daily_sop(s, now))
                {
                    log::warn!("starting the new day's SOP: {}", e.0.message);
                }
            });
            Ok(())
        })
        // Every #[tauri::command] in src/commands, listed by build.rs.
        .invoke_handler(include!(concat!(env!("OUT_DIR"), "/handler.rs")))
        .run(context);
    if let Err(e) = result {
        eprintln!("社群掌柜无法启动：{e}");
        std::process::exit(1);
    }
}

/// Windows draws the window with Microsoft's WebView2 runtime. Windows 11 and current
/// Windows 10 have it; without it the window would simply never appear, so the owner
/// is told what is missing and where to get it, then the app ends.
#[cfg(windows)]
fn webview2_missing(reason: &str) -> ! {
    let message = "这台电脑还没有 Microsoft Edge WebView2 运行库，社群掌柜的窗口要靠它显示。\n\n\
        请用浏览器打开 https://go.microsoft.com/fwlink/p/?LinkId=2124703 下载并运行它\
        （免费，约 2 MB，装好后无需重启），再打开社群掌柜。\n\n\
        店铺数据不受影响。";
    // stderr too: a portable copy started from a terminal, and the Wine test, read it.
    eprintln!("{message}\n（{reason}）");
    rfd::MessageDialog::new()
        .set_title("社群掌柜：缺少 WebView2 运行库")
        .set_description(message)
        .set_level(rfd::MessageLevel::Warning)
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
    std::process::exit(2);
}
