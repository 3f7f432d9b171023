//! 设置, end to end on the real app: what a shop owner does and sees.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::path::{Path, PathBuf};

use shequn_core::Store;
use shequn_core::shop::{self, ShopProfile, ShopUpdate};
use shequn_e2e::{Result, Sandbox, Session};

/// The profile as saved in the sandbox's real SQLite file.
fn saved_profile(data_dir: &Path) -> ShopProfile {
    let (store, _) = Store::open(&data_dir.join("shequn.db"), chrono::Local::now()).unwrap();
    shop::get(&store).unwrap()
}

async fn report_start(session: &Session, label: &str) -> Result<()> {
    let first_paint = session.first_paint_ms().await?;
    println!(
        "[bench] {label}: cold start to first paint {} ms (webview first frame {first_paint:.0} ms after navigation start)",
        session.cold_start.as_millis()
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shop_name_and_colour_survive_quit_and_relaunch() -> Result<()> {
    let sandbox = Sandbox::new()?;

    let app = Session::launch(&sandbox, &[]).await?;
    report_start(&app, "empty data folder").await?;
    app.wait_for_text("欢迎使用社群掌柜").await?;
    app.click("nav-settings").await?;
    app.type_into("shop-name", "鲜果时光·南山店").await?;
    app.type_into("primary-color", "#c0392b").await?;
    app.click("save-settings").await?;
    app.wait_for_text("设置已保存").await?;
    let header = app.text_of("header-shop-name").await?;
    assert_eq!(header, "鲜果时光·南山店");
    app.screenshot("settings-saved").await;
    app.quit().await?;

    let saved = saved_profile(&sandbox.data_dir());
    assert_eq!(saved.name, "鲜果时光·南山店");
    assert_eq!(saved.primary, "#C0392B");

    let app = Session::launch(&sandbox, &[]).await?;
    report_start(&app, "existing data folder").await?;
    let header = app.text_of("header-shop-name").await?;
    assert_eq!(header, "鲜果时光·南山店");
    app.click("nav-settings").await?;
    assert_eq!(app.value_of("shop-name").await?, "鲜果时光·南山店");
    assert_eq!(app.value_of("primary-color").await?, "#C0392B");
    app.screenshot("settings-after-relaunch").await;
    app.quit().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_values_show_chinese_messages_beside_fields_and_save_nothing() -> Result<()> {
    let sandbox = Sandbox::new()?;
    let app = Session::launch(&sandbox, &[]).await?;
    app.click("nav-settings").await?;
    app.type_into("shop-name", "老街面馆").await?;
    app.type_into("shop-link", "www.example.com").await?;
    app.click("save-settings").await?;
    let message = app.wait_for_text("不是有效的网址").await?;
    assert!(message.contains("http://"), "{message}");
    app.screenshot("settings-invalid-link").await;
    app.quit().await?;
    assert_eq!(saved_profile(&sandbox.data_dir()).name, "", "nothing saved");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_non_image_logo_is_refused_in_chinese_and_the_saved_profile_stays() -> Result<()> {
    let sandbox = Sandbox::new()?;
    // A shop that already has a name and a logo.
    let logo = sandbox.path("good-logo.png");
    image::RgbImage::from_pixel(120, 120, image::Rgb([31, 122, 109]))
        .save(&logo)
        .unwrap();
    {
        std::fs::create_dir_all(sandbox.data_dir()).unwrap();
        let (store, _) =
            Store::open(&sandbox.data_dir().join("shequn.db"), chrono::Local::now()).unwrap();
        let change = ShopUpdate {
            name: Some("花漾美甲".into()),
            ..ShopUpdate::default()
        };
        shop::update(&store, &change, Some(&logo), chrono::Local::now()).unwrap();
    }
    let before = saved_profile(&sandbox.data_dir());
    let before_logo = std::fs::read(before.logo.as_ref().unwrap()).unwrap();

    // The owner picks a text file instead of a picture.
    let not_an_image: PathBuf = sandbox.path("会员名单.txt");
    std::fs::write(&not_an_image, "张三 13800138000\n李四 13900139000\n").unwrap();
    let app = Session::launch(&sandbox, &[("SHEQUN_TEST_PICK_FILE", &not_an_image)]).await?;
    app.click("nav-settings").await?;
    app.by_test_id("logo-preview").await?;
    app.click("pick-logo").await?;
    let error = app.text_of("logo-error").await?;
    assert!(error.contains("不是图片"), "{error}");
    assert!(error.contains("PNG、JPEG 或 WebP"), "{error}");
    // The old logo is still shown.
    app.by_test_id("logo-preview").await?;
    app.screenshot("logo-refused").await;
    app.quit().await?;

    let after = saved_profile(&sandbox.data_dir());
    assert_eq!(after, before);
    assert_eq!(
        std::fs::read(after.logo.as_ref().unwrap()).unwrap(),
        before_logo
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_data_file_from_a_newer_version_is_explained_and_left_untouched() -> Result<()> {
    let sandbox = Sandbox::new()?;
    std::fs::create_dir_all(sandbox.data_dir()).unwrap();
    let db = sandbox.data_dir().join("shequn.db");
    drop(Store::open(&db, chrono::Local::now()).unwrap());
    // A newer app would have raised user_version (a big-endian u32 at byte 60).
    let mut bytes = std::fs::read(&db).unwrap();
    bytes[60..64].copy_from_slice(&99u32.to_be_bytes());
    std::fs::write(&db, &bytes).unwrap();

    let app = Session::launch_without_shell(&sandbox).await?;
    let shown = app.text_of("startup-error").await?;
    assert!(shown.contains("数据文件无法打开"), "{shown}");
    assert!(shown.contains("更新版本的社群掌柜"), "{shown}");
    app.screenshot("startup-newer-database").await;
    app.quit().await?;
    assert_eq!(
        std::fs::read(&db).unwrap(),
        bytes,
        "file left byte-identical"
    );
    Ok(())
}
