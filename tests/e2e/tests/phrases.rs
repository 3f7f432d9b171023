//! 话术库, end to end on the real app: search a phrase, pick a member, fill the rest,
//! copy — and the system clipboard holds the filled text, read back with xclip.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::process::Command;
use std::time::{Duration, Instant};

use shequn_e2e::{Result, Sandbox, Session};

const FILLED: &str = "周晓，生日快乐！花漾烘焙给你准备了一份生日礼：20 元蛋糕券，12月31日前都能用。愿你新的一岁开开心心！";

/// The shop and one member with a purchase, written before the app starts.
fn seed(sandbox: &Sandbox) -> Result<()> {
    use shequn_core::members::{self, NewMember};
    use shequn_core::shop::{self, ShopUpdate};
    let now = chrono::Local::now();
    let today = now.date_naive();
    let store = shequn_core::Store::open(&sandbox.data_dir().join("shequn.db"), now)?.0;
    shop::update(
        &store,
        &ShopUpdate {
            name: Some("花漾烘焙".into()),
            ..Default::default()
        },
        None,
        now,
    )?;
    let member = members::add(
        &store,
        &NewMember {
            name: "周晓".into(),
            phone: "13800138001".into(),
            ..Default::default()
        },
        today,
        now,
    )?;
    members::record_purchase(
        &store,
        member.member().id,
        620_050,
        today,
        "蛋糕",
        "",
        today,
        now,
    )?;
    Ok(())
}

/// What X11's clipboard holds now, as any other program would paste it.
fn clipboard() -> Result<String> {
    let out = Command::new("xclip")
        .args(["-o", "-selection", "clipboard"])
        .output()
        .map_err(|e| format!("xclip is needed to read the clipboard: {e}"))?;
    Ok(String::from_utf8(out.stdout)?)
}

async fn wait_for_preview(app: &Session, expected: &str) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let shown = app.text_of("phrases-preview").await.unwrap_or_default();
        if shown.contains(expected) {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("preview shows «{shown}», not «{expected}»").into());
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phrase_filled_for_a_member_lands_on_the_system_clipboard() -> Result<()> {
    let sandbox = Sandbox::new()?;
    seed(&sandbox)?;
    let app = Session::launch(&sandbox, &[]).await?;
    let outcome = search_fill_and_copy(&app).await;
    if outcome.is_err() {
        app.screenshot("phrases-failed").await;
    }
    outcome?;
    app.quit().await?;

    // The copy counted as one use, in the shop's data file.
    let store =
        shequn_core::Store::open(&sandbox.data_dir().join("shequn.db"), chrono::Local::now())?.0;
    let used = shequn_core::phrases::list(
        &store,
        &shequn_core::phrases::PhraseQuery {
            search: Some("会员生日祝福".into()),
            ..Default::default()
        },
    )?;
    assert_eq!(used.phrases[0].uses, 1);
    Ok(())
}

async fn search_fill_and_copy(app: &Session) -> Result<()> {
    app.click("nav-phrases").await?;
    // Pinyin initials of 会员生日祝福.
    app.type_into("phrases-search", "hysrzf").await?;
    let deadline = Instant::now() + Duration::from_secs(20);
    while app
        .text_of("phrase-current-title")
        .await
        .unwrap_or_default()
        != "会员生日祝福"
    {
        if Instant::now() > deadline {
            return Err("searching hysrzf never showed 会员生日祝福".into());
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }

    // Before anything is filled the copy button waits, and says what is missing.
    let unfilled = app.text_of("phrases-unfilled").await?;
    assert!(
        unfilled.contains("{优惠券}") && unfilled.contains("{截止日期}"),
        "{unfilled}"
    );
    assert!(!app.by_test_id("phrases-copy").await?.is_enabled().await?);

    // The member, by name; her name and the shop's come in by themselves.
    app.type_into("phrases-member", "周晓").await?;
    app.pick_option("phrases-member", "13800138001").await?;
    wait_for_preview(
        app,
        "周晓，生日快乐！花漾烘焙给你准备了一份生日礼：{优惠券}",
    )
    .await?;

    app.type_into("phrases-value-优惠券", "20 元蛋糕券").await?;
    app.type_into("phrases-value-截止日期", "12月31日").await?;
    wait_for_preview(app, FILLED).await?;
    let length = app.text_of("phrases-length").await?;
    assert!(
        length.contains(&format!("共 {} 字", FILLED.chars().count())),
        "{length}"
    );

    app.click("phrases-copy").await?;
    app.wait_for_text("已复制").await?;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let pasted = clipboard()?;
        if pasted == FILLED {
            break;
        }
        if Instant::now() > deadline {
            return Err(format!("the clipboard holds «{pasted}»").into());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // The keyword tester answers from the shipped rules, with its reason.
    app.click("tab-keywords").await?;
    app.type_into("rule-test-input", "你们几点关门？我想退货")
        .await?;
    app.click("rule-test").await?;
    let result = app.text_of("rule-test-result").await?;
    assert!(result.contains("优先级 10"), "{result}");
    // The 群规 builder starts from five suggested rules and the 3-warnings, 24-hour promise.
    app.click("tab-builders").await?;
    app.click("builder-rules").await?;
    let rules = app.text_of("builder-rules-text").await?;
    assert!(
        rules.contains("5. ") && rules.contains("累计提醒 3 次") && rules.contains("24 小时内"),
        "{rules}"
    );
    Ok(())
}
