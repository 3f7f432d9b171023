//! 社群掌柜 desktop shell. Thin by design: every behaviour lives in shequn-core; this
//! crate wires windows, plugins and commands to it.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod clock;
mod commands;
mod error;
mod state;

use tauri::Manager;
use tauri_plugin_log::{RotationStrategy, Target, TargetKind};

use crate::state::AppState;

fn main() {
    let context = tauri::generate_context!();
    let Some(data_dir) = state::data_dir(&context.config().identifier) else {
        eprintln!("找不到用户数据文件夹，请设置环境变量 SHEQUN_DATA_DIR 指定数据位置");
        std::process::exit(1);
    };
    let app_state = AppState::open(&data_dir);

    // Logs go to the OS log folder, or beside the data when the data folder is
    // overridden (tests), so a test run never writes into a real user's folders.
    let log_target = if std::env::var_os(shequn_core::paths::DATA_DIR_ENV).is_some() {
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
            let handle = app.handle().clone();
            clock::watch_the_date(app.handle().clone(), move |now| {
                let state = handle.state::<AppState>();
                if let Err(e) =
                    state.with_store(|s| shequn_core::training::ensure_daily_sop(s, now))
                {
                    log::warn!("starting the new day's SOP: {}", e.0.message);
                }
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::app_status,
            commands::app::app_today,
            commands::app::today_overview,
            commands::shop::shop_get,
            commands::shop::shop_save,
            commands::shop::shop_pick_logo,
            commands::shop::shop_clear_logo,
            commands::shop::shop_logo_data_url,
            commands::members::members_list,
            commands::members::members_get,
            commands::members::members_add,
            commands::members::members_update,
            commands::members::members_record_purchase,
            commands::members::members_void_purchase,
            commands::members::members_purchases,
            commands::members::members_points,
            commands::members::members_adjust_points,
            commands::members::members_referrals,
            commands::members::members_mark_left,
            commands::members::members_delete,
            commands::members::members_return,
            commands::members::members_tags,
            commands::members::members_import_pick,
            commands::members::members_import_run,
            commands::members::members_import_cancel,
            commands::members::members_export,
            commands::invites::groups_list,
            commands::invites::groups_suggest_name,
            commands::invites::groups_add,
            commands::invites::groups_update,
            commands::invites::groups_pick_qr,
            commands::invites::groups_delete,
            commands::invites::channels_list,
            commands::invites::channels_add,
            commands::invites::channels_update,
            commands::invites::channels_set_active,
            commands::invites::channels_archive,
            commands::invites::channels_delete,
            commands::invites::invites_redemptions,
            commands::invites::invites_redemptions_export,
            commands::invites::invites_generate,
            commands::invites::invites_layouts,
            commands::invites::invites_preview,
            commands::invites::printers_list,
            commands::invites::invites_print,
            commands::invites::invites_save_pdf,
            commands::invites::invites_card_png,
            commands::invites::invites_redeem,
            commands::invites::invites_referral_card,
            commands::posters::posters_templates,
            commands::posters::posters_preview,
            commands::posters::assets_list,
            commands::posters::assets_add_pick,
            commands::posters::assets_delete,
            commands::posters::assets_update_licence,
            commands::posters::assets_thumbnail,
            commands::posters::designs_list,
            commands::posters::designs_save,
            commands::posters::designs_duplicate,
            commands::posters::designs_delete,
            commands::posters::posters_batch,
            commands::posters::posters_batch_cancel,
            commands::posters::posters_export,
            commands::posters::posters_print,
            commands::scripts::scripts_list,
            commands::scripts::scripts_categories,
            commands::scripts::scripts_tags,
            commands::scripts::scripts_add,
            commands::scripts::scripts_update,
            commands::scripts::scripts_delete,
            commands::scripts::scripts_set_favorite,
            commands::scripts::scripts_fill,
            commands::scripts::scripts_copy,
            commands::scripts::scripts_build_announcement,
            commands::scripts::scripts_build_rules,
            commands::scripts::scripts_rules_form,
            commands::scripts::keyword_rules_list,
            commands::scripts::keyword_rules_add,
            commands::scripts::keyword_rules_update,
            commands::scripts::keyword_rules_delete,
            commands::scripts::keyword_reply_test,
            commands::scripts::scripts_restore_defaults,
            commands::scripts::scripts_import_pick,
            commands::scripts::scripts_import_run,
            commands::scripts::scripts_export,
            commands::training::staff_list,
            commands::training::staff_add,
            commands::training::staff_update,
            commands::training::staff_growth,
            commands::training::level_criteria_get,
            commands::training::level_criteria_set,
            commands::training::checklist_templates,
            commands::training::checklist_template_add,
            commands::training::checklist_template_update,
            commands::training::checklist_template_delete,
            commands::training::checklist_templates_restore,
            commands::training::checklists_today,
            commands::training::checklists_list,
            commands::training::checklists_get,
            commands::training::checklists_start,
            commands::training::checklists_tick,
            commands::training::checklists_note,
            commands::training::checklists_delete,
            commands::training::checklists_week,
            commands::training::course_modules,
            commands::training::course_progress,
            commands::training::course_set_status,
            commands::training::exam_start,
            commands::training::exam_submit,
            commands::training::exam_attempts,
            commands::training::exam_result,
            commands::training::training_pdf_save,
            commands::training::training_pdf_print,
        ])
        .run(context);
    if let Err(e) = result {
        eprintln!("社群掌柜无法启动：{e}");
        std::process::exit(1);
    }
}
