//! 报表 in the real app: the owner opens 报表, sees this month's sales, switches to
//! 上月 and sees last month's.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::time::{Duration, Instant};

use chrono::{Datelike, Days, Local, NaiveDate};
use shequn_core::Store;
use shequn_core::members::{self, AddOutcome, NewMember};
use shequn_e2e::{Result, Sandbox, Session};

/// A shop with ¥128 + ¥72 of sales today and ¥50 in the middle of last month.
fn seed(db: &std::path::Path) -> (NaiveDate, NaiveDate) {
    let store = Store::open(db, Local::now()).unwrap().0;
    let now = Local::now();
    let today = now.date_naive();
    let last_month = today.with_day(1).unwrap() - Days::new(1);
    let mid_last_month = last_month.with_day(15).unwrap();
    let id = match members::add(
        &store,
        &NewMember {
            name: "报表会员".into(),
            phone: "13800007777".into(),
            joined_on: Some((mid_last_month - Days::new(10)).to_string()),
            ..Default::default()
        },
        today,
        now,
    )
    .unwrap()
    {
        AddOutcome::Created(m) | AddOutcome::Existing(m) => m.id,
    };
    for (fen, on) in [(12_800, today), (7_200, today), (5_000, mid_last_month)] {
        members::record_purchase(&store, id, fen, on, "", "", today, now).unwrap();
    }
    (today, mid_last_month)
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_shows_this_month_and_last_month() -> Result<()> {
    let sandbox = Sandbox::new()?;
    std::fs::create_dir_all(sandbox.data_dir())?;
    let (_, mid_last_month) = seed(&sandbox.data_dir().join("shequn.db"));
    let exports = sandbox.path("exports");
    std::fs::create_dir_all(&exports)?;

    let app = Session::launch(&sandbox, &[("SHEQUN_TEST_SAVE_FILE", &exports)]).await?;
    app.click("nav-reports").await?;
    let sales = wait_for_in(&app, "report-figure-sales_fen", "¥200.00").await?;
    assert!(sales.contains("销售额"), "{sales}");
    let orders = app.text_of("report-figure-orders").await?;
    assert!(orders.contains('2'), "{orders}");
    app.screenshot("report-this-month").await;

    let started = Instant::now();
    app.click("report-preset-last_month").await?;
    wait_for_in(&app, "report-figure-sales_fen", "¥50.00").await?;
    println!(
        "[bench] 报表 switch to 上月 until the new figure shows: {} ms",
        started.elapsed().as_millis()
    );
    let period = app.text_of("report-period").await?;
    assert!(period.contains("至"), "{period}");
    app.screenshot("report-last-month").await;

    // 导出 Excel of 上月 through the save dialog: the file, with last month's sales.
    app.click("report-export-xlsx").await?;
    app.wait_for_text("已导出 Excel 报表").await?;
    let first = mid_last_month.with_day(1).unwrap();
    let last = (first + chrono::Months::new(1)) - Days::new(1);
    let xlsx = exports.join(format!("经营报表-{first}至{last}.xlsx"));
    assert!(xlsx.is_file(), "{} not written", xlsx.display());
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let headline = book.worksheet_range("概要").unwrap();
    assert_eq!(
        headline.get_value((4, 1)),
        Some(&calamine::Data::Float(50.0))
    );

    // 导出 PDF of the same period: the file, whose text has last month's sales.
    app.click("report-export-pdf").await?;
    app.wait_for_text("已导出 PDF 报表").await?;
    let pdf = exports.join(format!("经营报表-{first}至{last}.pdf"));
    assert!(pdf.is_file(), "{} not written", pdf.display());
    let text = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()?;
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("¥50.00") && text.contains("经营报表"),
        "{text}"
    );
    app.quit().await?;
    Ok(())
}
