fn main() {
    // Each app command gets allow-/deny- permissions, so the capability file can grant
    // exactly the commands the UI uses and nothing else.
    let manifest = tauri_build::AppManifest::new().commands(&[
        "app_status",
        "shop_get",
        "shop_save",
        "shop_pick_logo",
        "shop_clear_logo",
        "shop_logo_data_url",
        "members_list",
        "members_get",
        "members_add",
        "members_update",
        "members_record_purchase",
        "members_void_purchase",
        "members_purchases",
        "members_points",
        "members_adjust_points",
        "members_referrals",
        "members_mark_left",
        "members_delete",
        "members_import_pick",
        "members_import_run",
        "members_import_cancel",
        "members_export",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build configuration");
}
