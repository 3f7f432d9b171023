//! 关于 in the real app: the version the installers carry, the shop's folders, and
//! the licences of the font and of every library, generated from metadata.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use shequn_e2e::{Result, Sandbox, Session};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn about_shows_the_version_the_folders_and_the_licences() -> Result<()> {
    let sandbox = Sandbox::new()?;
    let app = Session::launch(&sandbox, &[]).await?;
    app.click("nav-about").await?;
    // The workspace's one version number (this crate inherits it too).
    let version = app.text_of("about-version").await?;
    assert_eq!(version, env!("CARGO_PKG_VERSION"));
    let data = app.text_of("about-open-data-path").await?;
    assert_eq!(
        std::path::Path::new(data.trim()),
        sandbox.data_dir().as_path(),
        "关于 names the data folder the app uses"
    );
    let logs = app.text_of("about-open-logs-path").await?;
    assert!(
        std::path::Path::new(logs.trim()).starts_with(sandbox.data_dir()),
        "{logs}"
    );
    // Libraries from Cargo's metadata and from npm's, each with its licence.
    for (library, from) in [("tauri-runtime-wry", "Rust"), ("echarts", "npm")] {
        app.type_into("about-filter", library).await?;
        let table = app.text_of("about-licences").await?;
        assert!(
            table.contains(library) && table.contains(from) && table.contains("Apache-2.0"),
            "{table}"
        );
    }
    app.click("about-font-licence").await?;
    let font = app.text_of("about-font-text").await?;
    assert!(
        font.contains("SIL OPEN FONT LICENSE"),
        "{}",
        &font[..font.len().min(200)]
    );
    app.screenshot("about").await;
    app.quit().await?;
    Ok(())
}
