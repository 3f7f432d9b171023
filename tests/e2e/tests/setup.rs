//! 开店向导 on the real app: a new data folder opens it by itself, and every step is
//! done through the window — 店铺资料 with a logo, the first member, a group read
//! from its QR screenshot, a counter channel and an A4 sheet of invite cards saved as
//! PDF, whose codes scan and redeem. Finished, it does not open again.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::Local;
use shequn_core::render::{self, Rgb, Scene, TextStyle};
use shequn_core::{Store, invites, setup, shop};
use shequn_e2e::{Result, Sandbox, Session};

#[path = "support/printed.rs"]
mod printed;
use printed::{group_qr_screenshot, page_count, scan_pdf};

const GROUP_LINK: &str = "https://weixin.qq.com/g/KaiDianXiangDao-01";

/// A round logo with the shop's first two characters.
fn shop_logo(path: &Path) {
    let mut s = Scene::new(40.0, 40.0);
    s.rect(0.0, 0.0, 40.0, 40.0, Some(Rgb(181, 72, 93)), None);
    s.text(4.0, 12.0, 32.0, "花漾", TextStyle::new(14.0));
    render::to_png(&s, 10.0).save(path).unwrap();
}

fn pdf_in(dir: &Path) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .expect("the saved invite sheet")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_shop_is_led_from_its_name_to_a_sheet_of_invite_cards_that_scan() -> Result<()> {
    let sandbox = Sandbox::new()?;
    // The file dialog of a test answers one file: the logo first, in a start of its
    // own (the wizard, not finished, opens again at the next start).
    let logo = sandbox.path("标志.png");
    shop_logo(&logo);
    let app = Session::launch(&sandbox, &[("SHEQUN_TEST_PICK_FILE", logo.as_path())]).await?;
    app.by_test_id("setup-page").await?;
    app.click("setup-pick-logo").await?;
    app.by_test_id("setup-logo-preview").await?;
    app.quit().await?;

    let shot = sandbox.path("群二维码.png");
    group_qr_screenshot(&shot, "花漾烘焙福利群1号（12）", GROUP_LINK);
    let saved = sandbox.path("saved");
    std::fs::create_dir_all(&saved)?;
    let app = Session::launch(
        &sandbox,
        &[
            ("SHEQUN_TEST_PICK_FILE", shot.as_path()),
            ("SHEQUN_TEST_SAVE_FILE", saved.as_path()),
        ],
    )
    .await?;
    let outcome = walk_through(&app).await;
    if outcome.is_err() {
        app.screenshot("setup-failed").await;
    }
    outcome?;
    app.quit().await?;

    // The sheet: A4, the shop's name on it, and 8 cards whose codes and group link scan.
    let pdf = pdf_in(&saved);
    let info = Command::new("pdfinfo").arg(&pdf).output()?;
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("(A4)"), "{info}");
    let text = Command::new("pdftotext").arg(&pdf).arg("-").output()?;
    assert!(String::from_utf8_lossy(&text.stdout).contains("花漾烘焙"));
    assert_eq!(page_count(&pdf), 1);
    let pages = sandbox.path("pages");
    // As at the counter, a code that does not read is scanned again from another
    // distance: zbar misses the odd code at one resolution and reads it at the next
    // (measured on these sheets: all 8 at 200 and 600 dpi, 6 at 300, 7 at 400).
    let mut codes = std::collections::BTreeSet::new();
    let mut links = 0;
    for dpi in [300, 200, 400, 600] {
        let scanned = scan_pdf(&pdf, &pages, dpi);
        links = links.max(scanned.iter().filter(|s| *s == GROUP_LINK).count());
        codes.extend(scanned.into_iter().filter(|s| s != GROUP_LINK));
        if (links, codes.len()) == (8, 8) {
            break;
        }
        println!(
            "after {dpi} dpi: {links} links, {} codes; scanning again",
            codes.len()
        );
    }
    assert_eq!((links, codes.len()), (8, 8), "{codes:?}");
    let codes: Vec<String> = codes.into_iter().collect();

    let store = Store::open(&sandbox.data_dir().join("shequn.db"), Local::now())
        .unwrap()
        .0;
    let now = Local::now();
    // A scanned code works at the counter: a new customer joins with it.
    let redeemed = invites::redeem(
        &store,
        &codes[0],
        "13700001234",
        Some("新顾客"),
        None,
        now.date_naive(),
        now,
    )
    .unwrap();
    assert!(redeemed.new_member);
    let profile = shop::get(&store).unwrap();
    assert_eq!(
        (
            profile.name.as_str(),
            profile.primary.as_str(),
            profile.logo.is_some()
        ),
        ("花漾烘焙", "#B5485D", true)
    );
    let status = setup::status(&store, now).unwrap();
    assert!(status.done && !status.opens_at_start);
    assert_eq!(
        (status.members, status.groups, status.printed_codes),
        (2, 1, 8)
    );
    drop(store);

    // Finished: the next start opens on 概览, not on the wizard.
    let app = Session::launch(&sandbox, &[]).await?;
    app.by_test_id("home-sop").await?;
    // Time enough for the wizard's status to arrive and send the window there.
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    let wizard = app
        .client
        .find_all(fantoccini::Locator::Css("[data-testid='setup-page']"))
        .await?;
    assert!(
        wizard.is_empty(),
        "the wizard opened again after it was finished"
    );
    app.by_test_id("home-sop").await?;
    app.quit().await?;
    Ok(())
}

async fn walk_through(app: &Session) -> Result<()> {
    // A new data folder opens on the wizard by itself.
    app.by_test_id("setup-page").await?;
    app.screenshot("setup-start").await;

    // 1 店铺资料: the logo chosen at the first start is there; a colour of its own.
    app.by_test_id("setup-logo-preview").await?;
    app.type_into("setup-shop-name", "花漾烘焙").await?;
    app.type_into("setup-shop-phone", "0755-12345678").await?;
    app.type_into("setup-primary-color", "#B5485D").await?;
    app.click("setup-save-shop").await?;
    app.wait_for_text("店铺资料已保存").await?;
    assert_eq!(app.text_of("header-shop-name").await?, "花漾烘焙");

    // 2 会员: the first member typed in.
    app.click("setup-add-member").await?;
    app.type_into("member-name", "王姐").await?;
    app.type_into("member-phone", "139 1234 5678").await?;
    app.click("save-member").await?;
    app.wait_for_text("已添加会员：王姐").await?;
    let members = app.text_of("setup-members-done").await?;
    assert!(members.contains("已有 1 位会员"), "{members}");
    app.click("setup-next").await?;

    // 3 社群: the group's link read from its QR screenshot.
    app.click("setup-add-group").await?;
    app.type_into("group-name", "花漾烘焙福利群1号").await?;
    app.choose("group-kind", "活动群").await?;
    app.click("group-read-qr").await?;
    app.wait_for_text("已从截图读出群链接").await?;
    assert_eq!(app.value_of("group-link").await?, GROUP_LINK);
    app.click("save-group").await?;
    app.wait_for_text("已登记群“花漾烘焙福利群1号”").await?;
    app.by_test_id("setup-groups-done").await?;
    app.click("setup-next").await?;

    // 4 邀请卡: a counter channel into that group, then page 1 previewed and saved.
    app.click("setup-add-channel").await?;
    app.type_into("channel-name", "收银台立牌").await?;
    app.choose("channel-group", "花漾烘焙福利群1号").await?;
    app.type_into("channel-gift", "小蛋糕一块").await?;
    app.click("save-channel").await?;
    app.wait_for_text("已新建渠道“收银台立牌”").await?;
    app.click("setup-print").await?;
    app.by_test_id("print-preview").await?;
    let summary = app.text_of("print-summary").await?;
    assert!(
        summary.contains("共 1 页") && summary.contains("新生成 8 个"),
        "{summary}"
    );
    app.screenshot("setup-print-preview").await;
    app.click("print-save-pdf").await?;
    app.text_of("print-done").await?;
    app.close("print-done-ok", "print-done").await?;
    let printed = app.text_of("setup-printed-done").await?;
    assert!(printed.contains("已印邀请码 8 个"), "{printed}");
    app.click("setup-next").await?;

    app.wait_for_text("花漾烘焙，开店准备好了").await?;
    app.click("setup-finish").await?;
    app.by_test_id("home-sop").await?;
    Ok(())
}
