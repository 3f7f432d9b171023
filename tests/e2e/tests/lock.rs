//! PIN 锁 in the real app: set on the settings page, asked at the next start, a wrong
//! PIN refused with the tries left, the right one opens the shop, and reloading the
//! window after an idle lock does not get round it.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use shequn_e2e::{Result, Sandbox, Session};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pin_set_in_settings_is_asked_at_start_and_after_the_idle_minutes() -> Result<()> {
    let sandbox = Sandbox::new()?;
    let app = Session::launch(&sandbox, &[]).await?;
    app.click("nav-settings").await?;
    app.wait_for_text("PIN 锁防的是柜台前的人").await?;
    app.type_into("lock-new", "2468").await?;
    app.type_into("lock-new-again", "2468").await?;
    app.type_into("lock-idle", "1").await?;
    app.click("lock-save").await?;
    app.wait_for_text("PIN 锁已打开").await?;
    app.quit().await?;
    let file = std::fs::read_to_string(sandbox.data_dir().join("lock.json"))?;
    assert!(
        !file.contains("2468"),
        "the PIN itself is not stored: {file}"
    );

    let app = Session::launch_locked(&sandbox).await?;
    app.screenshot("locked-at-start").await;
    // Nothing of the shop behind the lock screen: not even the menu.
    let page = app.text_at("//body").await?;
    assert!(
        page.contains("社群掌柜已锁定") && !page.contains("备份与恢复"),
        "{page}"
    );
    app.type_into("lock-pin", "1357").await?;
    app.click("lock-unlock").await?;
    let said = app.text_of("lock-error").await?;
    assert!(said.contains("还可以再试 4 次"), "{said}");
    app.type_into("lock-pin", "2468").await?;
    app.click("lock-unlock").await?;
    app.click("nav-members").await?;

    // A minute without mouse or keyboard (the setting above): locked again, and a
    // reload of the page does not get round it.
    tokio::time::sleep(std::time::Duration::from_secs(62)).await;
    app.wait_for_text("社群掌柜已锁定").await?;
    app.reload_until("[data-testid='lock-screen']").await?;
    let page = app.text_at("//body").await?;
    assert!(!page.contains("备份与恢复"), "{page}");
    app.type_into("lock-pin", "2468").await?;
    app.click("lock-unlock").await?;
    app.click("nav-backup").await?;
    app.quit().await?;
    Ok(())
}
