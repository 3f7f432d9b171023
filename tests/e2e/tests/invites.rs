//! 群台账, 邀请码 and 核销, end to end on the real app, printing to a real (virtual)
//! printer through a private CUPS server.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::path::Path;
use std::time::Duration;

use shequn_e2e::cups::PrivateCups;
use shequn_e2e::{Result, Sandbox, Session};

#[path = "support/printed.rs"]
mod printed;
use printed::{group_qr_screenshot, page_count, scan_pdf};

const GROUP_LINK: &str = "https://weixin.qq.com/g/E2eFuLiQun-01";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixteen_codes_print_on_a_cups_printer_and_one_is_redeemed_at_the_counter() -> Result<()> {
    let cups = PrivateCups::start("ShequnPDF")?;
    let sandbox = Sandbox::new()?;
    let shot = sandbox.path("group-qr.png");
    group_qr_screenshot(&shot, "老街面馆福利群1号（488）", GROUP_LINK);
    let server = cups.server();
    let app = Session::launch(
        &sandbox,
        &[
            ("CUPS_SERVER", server.as_path()),
            ("SHEQUN_TEST_PICK_FILE", shot.as_path()),
        ],
    )
    .await?;
    let outcome = print_and_redeem(&app, &cups, &sandbox, &shot).await;
    if outcome.is_err() {
        app.screenshot("invites-failed").await;
    }
    outcome?;
    app.quit().await?;
    Ok(())
}

async fn print_and_redeem(
    app: &Session,
    cups: &PrivateCups,
    sandbox: &Sandbox,
    shot: &Path,
) -> Result<()> {
    assert!(shot.is_file());
    // 群台账: a group whose link is read from its QR screenshot.
    app.click("nav-groups").await?;
    app.click("add-group").await?;
    app.type_into("group-name", "老街面馆福利群1号").await?;
    app.choose("group-kind", "活动群").await?;
    app.type_into("group-size", "488").await?;
    app.click("group-read-qr").await?;
    app.wait_for_text("已从截图读出群链接").await?;
    assert_eq!(app.value_of("group-link").await?, GROUP_LINK);
    app.click("save-group").await?;
    app.wait_for_text("已登记群“老街面馆福利群1号”").await?;
    assert_eq!(
        app.text_of("group-seats-1").await?,
        "488/500 人，还剩 12 个名额"
    );
    assert_eq!(app.text_of("group-qr-1").await?, "二维码还有 7 天");

    // 邀请码: a counter channel into that group, 16 one-time codes.
    app.click("nav-invites").await?;
    app.click("add-channel").await?;
    app.type_into("channel-name", "收银台立牌").await?;
    app.choose("channel-group", "老街面馆福利群1号").await?;
    app.type_into("channel-gift", "卤蛋一个").await?;
    app.click("save-channel").await?;
    app.wait_for_text("已新建渠道“收银台立牌”").await?;
    app.open("generate-1", "generate-count").await?;
    app.type_into("generate-count", "16").await?;
    app.click("generate-ok").await?;
    let summary = app.text_of("generated-summary").await?;
    assert!(summary.contains("已生成 16 个"), "{summary}");
    let codes: Vec<String> = app
        .value_of("generated-codes")
        .await?
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(codes.len(), 16);
    app.close("generate-ok", "generated-codes").await?;
    assert_eq!(
        app.text_of("channel-counts-1").await?,
        "共 16 · 未打印 16 · 已核销 0"
    );

    // Print an A4 8-up sheet to the cups-pdf printer, after looking at the preview.
    app.click("print-1").await?;
    app.by_test_id("print-preview").await?;
    let preview_width = app
        .client
        .execute(
            "const img = document.querySelector(\"img[data-testid='print-preview'], [data-testid='print-preview'] img\");\n\
             return new Promise(r => { const t = Date.now(); (function poll() {\n\
               if (img && img.complete && img.naturalWidth) r(img.naturalWidth);\n\
               else if (Date.now() - t > 10000) r(0); else setTimeout(poll, 100); })(); });",
            vec![],
        )
        .await?;
    app.screenshot("invites-print-dialog").await;
    // Page 1 of A4 drawn at about 1400 px on its long side.
    assert!(
        preview_width.as_f64().unwrap_or(0.0) > 900.0,
        "{preview_width}"
    );
    let summary = app.text_of("print-summary").await?;
    assert!(
        summary.contains("共 2 页") && summary.contains("用未打印的码 16 个，新生成 0 个"),
        "{summary}"
    );
    app.wait_for_text("ShequnPDF").await?;
    app.screenshot("invites-print-dialog").await;
    app.click("print-send").await?;
    let done = app.text_of("print-done").await?;
    let job = app.text_of("print-job").await?;
    println!("print job {job}: {done}");
    let printed = cups.printed_pdf(&job, Duration::from_secs(90))?;
    let pages_dir = sandbox.path("scan");
    std::fs::create_dir_all(&pages_dir)?;
    assert_eq!(page_count(&printed), 2);
    let complete = |scanned: &Vec<String>| {
        codes.iter().all(|c| scanned.contains(c))
            && scanned.iter().filter(|s| *s == GROUP_LINK).count() == 16
    };
    // Like a person rescanning at a finer setting when one code does not read: every
    // code must still read in one whole pass.
    let mut scanned = scan_pdf(&printed, &pages_dir, 300);
    if !complete(&scanned) {
        println!("one pass at 300 dpi missed a code; scanning again at 400 dpi");
        scanned = scan_pdf(&printed, &pages_dir, 400);
    }
    for code in &codes {
        assert!(
            scanned.contains(code),
            "code {code} not on the printed sheet: {scanned:?}"
        );
    }
    assert_eq!(scanned.iter().filter(|s| *s == GROUP_LINK).count(), 16);
    let _ = std::fs::remove_file(&printed);
    app.close("print-done-ok", "print-done").await?;
    assert_eq!(
        app.text_of("channel-counts-1").await?,
        "共 16 · 未打印 0 · 已核销 0"
    );

    // 核销: one of the printed codes makes a new member from this channel.
    app.click("nav-counter").await?;
    app.type_into("redeem-code", &codes[3].to_lowercase())
        .await?;
    app.press_enter("redeem-code").await?;
    app.type_into("redeem-phone", "139 1234 5678").await?;
    app.type_into("redeem-name", "王姐").await?;
    app.press_enter("redeem-name").await?;
    app.wait_for_text("请送出：卤蛋一个").await?;
    let result = app.text_of("redeem-result").await?;
    assert!(
        result.contains("新会员 王姐") && result.contains("来自“收银台立牌”"),
        "{result}"
    );
    app.screenshot("invites-redeemed").await;

    // The same code again is turned away, saying it was used.
    app.type_into("redeem-code", &codes[3]).await?;
    app.type_into("redeem-phone", "13700001111").await?;
    app.press_enter("redeem-phone").await?;
    let refused = app.text_of("redeem-refused").await?;
    assert!(
        refused.contains("已在") && refused.contains("用过"),
        "{refused}"
    );

    // The member book has her, with the channel as her source.
    app.click("nav-members").await?;
    app.click("member-row-13912345678").await?;
    assert_eq!(app.text_of("member-source").await?, "收银台立牌");
    // The card led into 老街面馆福利群1号, so that is where she is recorded.
    assert_eq!(
        app.text_of("member-groups-shown").await?,
        "老街面馆福利群1号"
    );
    Ok(())
}
