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
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build configuration");
}
