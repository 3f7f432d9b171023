//! 海报, end to end on the real app: pick a scene, type, watch the preview follow,
//! export PNG and PDF.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::process::Command;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use shequn_e2e::{Result, Sandbox, Session};

/// The preview picture's `data:` URL, once there is one.
async fn preview_src(app: &Session) -> Result<String> {
    let css = "img[data-testid='poster-preview'], [data-testid='poster-preview'] img";
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(img) = app.client.find(Locator::Css(css)).await
            && let Some(src) = img.attr("src").await?
            && src.starts_with("data:image/png;base64,")
        {
            return Ok(src);
        }
        if Instant::now() > deadline {
            app.screenshot("poster-no-preview").await;
            return Err("the poster preview never appeared".into());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_welcome_poster_follows_the_headline_and_exports_png_and_pdf() -> Result<()> {
    let sandbox = Sandbox::new()?;
    let out = sandbox.path("exports");
    std::fs::create_dir_all(&out)?;
    let web_photo = sandbox.path("网上的面.png");
    image::RgbImage::from_fn(400, 300, |x, y| {
        image::Rgb([(x % 200) as u8 + 40, 90, (y % 200) as u8])
    })
    .save(&web_photo)?;
    let app = Session::launch(
        &sandbox,
        &[
            ("SHEQUN_TEST_SAVE_FILE", out.as_path()),
            ("SHEQUN_TEST_PICK_FILE", web_photo.as_path()),
        ],
    )
    .await?;
    let outcome = make_and_export(&app, &out).await;
    if outcome.is_err() {
        app.screenshot("posters-failed").await;
    }
    outcome?;
    app.quit().await?;
    Ok(())
}

async fn make_and_export(app: &Session, out: &std::path::Path) -> Result<()> {
    app.click("nav-posters").await?;
    app.click("poster-template-welcome").await?;
    let before = preview_src(app).await?;
    assert!(before.starts_with("data:image/png;base64,"));

    app.type_into("poster-field-headline", "冬至进群送饺子")
        .await?;
    // The preview is redrawn from the new words.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let now = preview_src(app).await?;
        if now != before && !now.is_empty() {
            break;
        }
        assert!(Instant::now() < deadline, "the preview never changed");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    app.screenshot("poster-welcome").await;

    // Saved as a design, to reopen after working on another poster.
    app.click("design-save").await?;
    app.type_into("design-name", "冬至海报").await?;
    app.click_text("保 存").await?;
    app.wait_for_text("已保存设计“冬至海报”").await?;

    app.click("poster-save-png").await?;
    app.wait_for_text("已保存：").await?;
    app.click("poster-save-pdf").await?;
    let deadline = Instant::now() + Duration::from_secs(20);
    let (png, pdf) = loop {
        let files: Vec<_> = std::fs::read_dir(out)?
            .flatten()
            .map(|e| e.path())
            .collect();
        let png = files
            .iter()
            .find(|p| p.extension().is_some_and(|e| e == "png"))
            .cloned();
        let pdf = files
            .iter()
            .find(|p| p.extension().is_some_and(|e| e == "pdf"))
            .cloned();
        if let (Some(png), Some(pdf)) = (png, pdf)
            && std::fs::metadata(&pdf)?.len() > 0
        {
            break (png, pdf);
        }
        assert!(
            Instant::now() < deadline,
            "exports missing in {}",
            out.display()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let size = image_size(&png);
    assert_eq!(size, (1080, 1920));
    let text = Command::new("pdftotext").arg(&pdf).arg("-").output()?;
    let text: String = String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect();
    assert!(text.contains("冬至进群送饺子"), "{text}");
    let check = Command::new("qpdf").arg("--check").arg(&pdf).output()?;
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );

    // A sale poster with a picture found online: uploaded as 网络素材, it warns in the
    // preview, and exporting asks first, naming the picture.
    app.click("poster-template-flash_sale").await?;
    app.wait_for_text("上传").await?;
    app.click_text("上传").await?;
    // A click while the modal still opens is lost: click until the web source field shows.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        app.click_text("网络素材").await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        if let Ok(label) = app
            .client
            .find(Locator::XPath("//label[contains(., '在哪里看到的')]"))
            .await
            && label.is_displayed().await.unwrap_or(false)
        {
            break;
        }
        assert!(Instant::now() < deadline, "the licence choice never took");
    }
    // Clicked until the form closes: a click while the modal still opens is lost.
    app.close("asset-pick", "asset-form").await?;
    app.wait_for_text("已放进素材库：网上的面.png（网络素材）")
        .await?;
    app.wait_for_text("是网络素材，只能内部参考").await?;
    for f in std::fs::read_dir(out)? {
        std::fs::remove_file(f?.path())?;
    }
    app.click("poster-save-png").await?;
    let asked = app.wait_for_text("网络素材“网上的面.png”").await?;
    println!("asked: {asked}");
    assert!(
        std::fs::read_dir(out)?.next().is_none(),
        "exported before the owner said yes"
    );
    app.screenshot("poster-web-image-asked").await;
    app.click_text("我确认仍要导出").await?;
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::fs::read_dir(out)?.next().is_none() {
        assert!(Instant::now() < deadline, "no export after confirming");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // Reopen the saved design: its template and words come back.
    app.click("designs-open").await?;
    app.close("design-open-1", "design-1").await?;
    app.wait_for_text("已打开设计“冬至海报”").await?;
    assert_eq!(
        app.value_of("poster-field-headline").await?,
        "冬至进群送饺子"
    );
    Ok(())
}

/// Width and height from the PNG header.
fn image_size(png: &std::path::Path) -> (u32, u32) {
    let bytes = std::fs::read(png).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
    let be = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    (be(16), be(20))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_referral_posters_for_gold_members_land_in_a_folder_with_progress() -> Result<()> {
    use shequn_core::invites::{self, ChannelKind, NewChannel};
    use shequn_core::members::{self, AddOutcome, NewMember};
    let sandbox = Sandbox::new()?;
    // The shop as it would be after a while: a 老带新 channel, two gold members, one not.
    {
        let now = chrono::Local::now();
        let today = now.date_naive();
        std::fs::create_dir_all(sandbox.data_dir())?;
        let store = shequn_core::Store::open(&sandbox.data_dir().join("shequn.db"), now)?.0;
        invites::add_channel(
            &store,
            &NewChannel {
                name: "老带新".into(),
                kind: Some(ChannelKind::Referral),
                link: Some("https://weixin.qq.com/g/E2eRefer".into()),
                ..Default::default()
            },
            today,
            now,
        )?;
        for (i, (name, spend)) in [("王芳", 60_000), ("李娜", 80_000), ("赵敏", 100)]
            .into_iter()
            .enumerate()
        {
            let AddOutcome::Created(m) = members::add(
                &store,
                &NewMember {
                    name: name.into(),
                    phone: format!("1370000000{i}"),
                    ..Default::default()
                },
                today,
                now,
            )?
            else {
                unreachable!()
            };
            members::record_purchase(&store, m.id, spend * 100, today, "", "", today, now)?;
        }
    }
    let out = sandbox.path("exports");
    std::fs::create_dir_all(&out)?;
    let app = Session::launch(&sandbox, &[("SHEQUN_TEST_SAVE_FILE", out.as_path())]).await?;
    app.click("nav-posters").await?;
    app.click("poster-template-referral").await?;
    app.click("poster-batch").await?;
    // Clicked until the run shows: a click while the modal still opens is lost.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(start) = app
            .client
            .find(Locator::Css("[data-testid='batch-start']"))
            .await
        {
            let _ = start.click().await;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        let shown = app
            .client
            .find(Locator::Css(
                "[data-testid='batch-progress'], [data-testid='batch-report']",
            ))
            .await
            .is_ok();
        if shown {
            break;
        }
        assert!(Instant::now() < deadline, "the batch never started");
    }
    let report = app.text_of("batch-report").await?;
    assert!(report.contains("已生成 2 张"), "{report}");
    app.screenshot("poster-batch").await;
    let folder = std::fs::read_dir(&out)?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.is_dir())
        .ok_or("no batch folder")?;
    let mut files: Vec<String> = std::fs::read_dir(&folder)?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["老带新-李娜-0001.png", "老带新-王芳-0000.png"]);
    for f in &files {
        let scanned = Command::new("zbarimg")
            .arg("--quiet")
            .arg(folder.join(f))
            .output()?;
        assert_eq!(
            String::from_utf8_lossy(&scanned.stdout).trim(),
            "QR-Code:https://weixin.qq.com/g/E2eRefer"
        );
    }
    app.quit().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poster_prints_on_a_cups_printer() -> Result<()> {
    let cups = shequn_e2e::cups::PrivateCups::start("ShequnPDF")?;
    let sandbox = Sandbox::new()?;
    let server = cups.server();
    let app = Session::launch(&sandbox, &[("CUPS_SERVER", server.as_path())]).await?;
    app.click("nav-posters").await?;
    app.click("poster-template-welcome").await?;
    preview_src(&app).await?;
    app.wait_for_text("ShequnPDF").await?;
    app.click("poster-print").await?;
    let job = app.text_of("poster-print-job").await?;
    let printed = cups.printed_pdf(&job, Duration::from_secs(90))?;
    let dir = sandbox.path("raster");
    std::fs::create_dir_all(&dir)?;
    let status = Command::new("pdftoppm")
        .args(["-r", "200", "-png", "-f", "1", "-l", "1"])
        .arg(&printed)
        .arg(dir.join("page"))
        .stderr(std::process::Stdio::null())
        .status()?;
    assert!(status.success());
    let page = std::fs::read_dir(&dir)?
        .flatten()
        .next()
        .ok_or("no page")?
        .path();
    let ocr = Command::new("tesseract")
        .arg(&page)
        .args(["stdout", "-l", "chi_sim"])
        .output()?;
    let read: String = String::from_utf8_lossy(&ocr.stdout)
        .split_whitespace()
        .collect();
    let _ = std::fs::remove_file(&printed);
    // The body lines read back reliably; tesseract sometimes misreads the very large
    // headline glyphs of the reprinted page, so they are not the check here.
    for words in ["老顾客福利群", "送招牌卤蛋一份", "不定时抽奖免单"] {
        assert!(
            read.contains(words),
            "{words} not in the printed page: {read}"
        );
    }
    app.quit().await?;
    Ok(())
}
