//! 活动 in the real app: on 2027-09-10 the owner opens 日历, clicks 中秋节 and makes a
//! campaign with a sales goal, records two purchases at the counter inside its dates,
//! sees the progress move, and exports the campaign's PDF.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, Local, NaiveDate, TimeZone};
use shequn_core::Store;
use shequn_core::members::{self, NewMember};
use shequn_e2e::{Result, Sandbox, Session};

const CLOCK_ENV: &str = "SHEQUN_TEST_CLOCK_FILE";

fn morning(day: &str) -> DateTime<Local> {
    let day: NaiveDate = day.parse().unwrap();
    Local
        .from_local_datetime(&day.and_hms_opt(10, 0, 0).unwrap())
        .earliest()
        .unwrap()
}

/// Moves the app's clock to `to` (it adds the file's seconds to the system clock).
fn set_clock(file: &Path, to: DateTime<Local>) {
    std::fs::write(file, (to - Local::now()).num_seconds().to_string()).unwrap();
}

/// Waits until the element's text contains `wanted`.
async fn wait_for_in(app: &Session, id: &str, wanted: &str) -> Result<String> {
    let started = Instant::now();
    loop {
        let text = app.text_of(id).await?;
        if text.contains(wanted) {
            return Ok(text);
        }
        if started.elapsed() > Duration::from_secs(15) {
            return Err(format!("{id} shows “{text}”, not “{wanted}”").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn buy_at_counter(app: &Session, tail: &str, phone: &str, yuan: &str) -> Result<()> {
    app.click("nav-members").await?;
    app.type_into("counter-search", tail).await?;
    app.click(&format!("counter-option-{phone}")).await?;
    app.type_into("counter-amount", yuan).await?;
    app.press_enter("counter-amount").await?;
    app.wait_for_text("消费已记录").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mid_autumn_campaign_from_the_calendar_moves_with_counter_sales() -> Result<()> {
    let sandbox = Sandbox::new()?;
    let clock = sandbox.path("clock");
    let now = morning("2027-09-13");
    {
        std::fs::create_dir_all(sandbox.data_dir())?;
        let store = Store::open(&sandbox.data_dir().join("shequn.db"), now)?.0;
        shequn_core::shop::update(
            &store,
            &shequn_core::shop::ShopUpdate {
                name: Some("团圆饼屋".into()),
                ..Default::default()
            },
            None,
            now,
        )?;
        for (name, phone) in [("王姐", "13900001111"), ("李叔", "13900002222")] {
            members::add(
                &store,
                &NewMember {
                    name: name.into(),
                    phone: phone.into(),
                    joined_on: Some("2027-08-01".into()),
                    ..Default::default()
                },
                now.date_naive(),
                now,
            )?;
        }
    }
    set_clock(&clock, now);
    let exports = sandbox.path("exports");
    std::fs::create_dir_all(&exports)?;
    let app = Session::launch(
        &sandbox,
        &[(CLOCK_ENV, &clock), ("SHEQUN_TEST_SAVE_FILE", &exports)],
    )
    .await?;

    // 日历 opens on the app's month; 中秋节 is on 2027-09-15 with its lunar date.
    app.click("nav-calendar").await?;
    wait_for_in(&app, "calendar-month", "2027年9月").await?;
    let day = app.text_of("calendar-day-2027-09-15").await?;
    assert!(day.contains("中秋节"), "{day}");
    app.screenshot("calendar-september").await;

    // Click the festival: a campaign drafted for it (the three days up to it).
    app.click("calendar-festival-2027-09-15").await?;
    let name = app.value_of("campaign-name").await?;
    assert_eq!(name, "中秋节活动");
    app.type_into("campaign-target", "1000").await?;
    app.click("campaign-save").await?;
    app.wait_for_text("已新建活动“中秋节活动”").await?;
    let actual = wait_for_in(&app, "campaign-actual", "已完成").await?;
    assert!(actual.contains("¥0"), "{actual}");
    let pace = app.text_of("campaign-pace").await?;
    assert!(pace.contains("还剩 3 天"), "{pace}");
    app.close("campaign-detail-close", "campaign-detail")
        .await?;

    // 概览's 提前准备 has 中秋节 two days out, with its campaign, and 国庆节 18 days
    // out: time to settle its theme and goal, and no campaign for it yet.
    app.click("nav-home").await?;
    let mid = wait_for_in(&app, "home-prep-2027-09-15", "查看活动").await?;
    assert!(mid.contains("中秋节") && mid.contains("还有 2 天"), "{mid}");
    let national = app.text_of("home-prep-2027-10-01").await?;
    assert!(
        national.contains("国庆节")
            && national.contains("定方案")
            && national.contains("定主题和目标"),
        "{national}"
    );

    // Two purchases at the counter today, inside its dates.
    buy_at_counter(&app, "1111", "13900001111", "128").await?;
    buy_at_counter(&app, "2222", "13900002222", "72").await?;

    // The campaign shows them: ¥200 of ¥1,000.
    app.click("nav-campaigns").await?;
    let row = app.text_of("campaign-row-1").await?;
    assert!(row.contains("20%"), "{row}");
    app.click("campaign-open-1").await?;
    let actual = wait_for_in(&app, "campaign-actual", "¥200").await?;
    assert!(actual.contains("20%"), "{actual}");
    app.screenshot("campaign-progress").await;

    // On the calendar it is a bar across its four days, named where it starts and
    // again at the start of the next week's row; a click on it opens it.
    app.close("campaign-detail-close", "campaign-detail")
        .await?;
    app.click("nav-calendar").await?;
    for day in ["2027-09-12", "2027-09-13"] {
        wait_for_in(&app, &format!("calendar-day-{day}"), "中秋节活动").await?;
    }
    app.screenshot("calendar-with-campaign").await;
    app.click("calendar-campaign-1-2027-09-13").await?;

    // Its one-page PDF through the save dialog.
    app.click("campaign-export-pdf").await?;
    app.wait_for_text("已导出").await?;
    let pdf = exports.join("中秋节活动-2027-09-12.pdf");
    assert!(pdf.is_file(), "{} not written", pdf.display());
    let text = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()?;
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("中秋节活动") && text.contains("¥200.00") && text.contains("¥1,000.00"),
        "{text}"
    );
    app.quit().await?;
    Ok(())
}
