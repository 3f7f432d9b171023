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

/// A period switch as the page itself measured it, in milliseconds.
struct Switch {
    /// From the click until 正在计算… shows (the old figures stay meanwhile)...
    waiting: f64,
    /// ...until React has put the new figures in the page...
    committed: f64,
    /// ...and until they were painted.
    painted: f64,
    /// The longest gap between two frames meanwhile: what the owner feels as a stutter.
    longest_frame: f64,
    /// The commands the switch sent: round trip, and when the answer was back.
    calls: String,
}

/// Clicks a period preset in the page and times the switch.
async fn switch_timed(app: &Session, preset: &str) -> Result<Switch> {
    let script = r#"
        const [preset, done] = arguments;
        // The commands the switch sends, with their round trips (ui/src/api/call.ts
        // measures each).
        performance.clearMeasures();
        const calls = () => performance.getEntriesByType("measure")
            .filter((e) => e.name.startsWith("ipc "))
            .map((e) => `${e.name.slice(4)} ${Math.round(e.duration)} ms, back at ${Math.round(e.startTime + e.duration - started)} ms`);
        const page = document.querySelector("[data-testid='report-page']");
        const before = page.dataset.wantedPeriod;
        const started = performance.now();
        let last = started, longest = 0, committed = -1;
        let waiting = -1;
        const seen = new MutationObserver(() => {
            if (waiting < 0 && document.querySelector("[data-testid='report-loading']")) {
                waiting = performance.now() - started;
            }
            if (committed < 0 && page.dataset.wantedPeriod !== before
                && page.dataset.shownPeriod === page.dataset.wantedPeriod) {
                committed = performance.now() - started;
            }
        });
        seen.observe(page, { attributes: true, childList: true, subtree: true });
        document.querySelector(`[data-testid='report-preset-${preset}']`).click();
        const frame = (t) => {
            longest = Math.max(longest, t - last);
            last = t;
            const landed = page.dataset.wantedPeriod !== before
                && page.dataset.shownPeriod === page.dataset.wantedPeriod;
            if (landed || t - started > 30000) {
                requestAnimationFrame((painted) => {
                    longest = Math.max(longest, painted - last);
                    seen.disconnect();
                    done([painted - started, longest, landed, committed, waiting, calls().join("; ")]);
                });
            } else {
                requestAnimationFrame(frame);
            }
        };
        requestAnimationFrame(frame);
    "#;
    let value = app
        .client
        .execute_async(script, vec![serde_json::json!(preset)])
        .await?;
    let number = |i: usize| value.get(i).and_then(|v| v.as_f64()).unwrap_or(-1.0);
    if value.get(2).and_then(|v| v.as_bool()) != Some(true) {
        return Err(format!("switching to {preset} never showed its figures").into());
    }
    Ok(Switch {
        committed: number(3),
        painted: number(0),
        longest_frame: number(1),
        waiting: number(4),
        calls: value
            .get(5)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned(),
    })
}

/// Page switches on a big shop (issue 17: "page switch in the window smooth"). A
/// benchmark, not a test: it needs the shop the core bench makes, so it runs by
/// hand —
/// `SHEQUN_BENCH_DB_OUT=/tmp/shop.db cargo bench -p shequn-core --bench reports`,
/// then `SHEQUN_E2E_BIG_SHOP=/tmp/shop.db cargo test -p shequn-e2e --test reports
/// -- --ignored --nocapture` — and prints `[bench]` lines.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark on a generated shop of 100,000 members: run by hand"]
async fn a_big_shop_switches_report_periods() -> Result<()> {
    let Some(shop) = std::env::var_os("SHEQUN_E2E_BIG_SHOP") else {
        return Err("set SHEQUN_E2E_BIG_SHOP to a shop made by the core reports bench".into());
    };
    let sandbox = Sandbox::new()?;
    std::fs::create_dir_all(sandbox.data_dir())?;
    std::fs::copy(&shop, sandbox.data_dir().join("shequn.db"))?;
    let app = Session::launch(&sandbox, &[]).await?;
    let started = Instant::now();
    app.click("nav-reports").await?;
    wait_for_in(&app, "report-figure-sales_fen", "¥").await?;
    println!(
        "[bench] big shop: 报表 opened, first figures (the day's member-book refresh included) in {} ms",
        started.elapsed().as_millis()
    );
    for preset in [
        "last_month",
        "this_year",
        "last_90",
        "last_30",
        "this_quarter",
    ] {
        let s = switch_timed(&app, preset).await?;
        println!(
            "[bench] big shop: switch to {preset}: 正在计算… after {:.0} ms, figures in the page after {:.0} ms, painted after {:.0} ms, longest frame {:.0} ms ({})",
            s.waiting, s.committed, s.painted, s.longest_frame, s.calls
        );
    }
    // The command alone, without React or the charts: the IPC round trip.
    for (from, to) in [("2026-11-01", "2026-11-30"), ("2023-11-24", "2026-11-22")] {
        let script = r#"
            const [from, to, done] = arguments;
            const started = performance.now();
            window.__TAURI_INTERNALS__.invoke("report_summary", { from, to })
                .then(() => done(performance.now() - started), (e) => done(String(e)));
        "#;
        let ms = app
            .client
            .execute_async(script, vec![serde_json::json!(from), serde_json::json!(to)])
            .await?;
        let ms = ms.as_f64().map_or(ms.to_string(), |ms| format!("{ms:.0}"));
        println!("[bench] big shop: report_summary {from}..{to} through IPC: {ms} ms");
    }
    app.screenshot("report-big-shop").await;
    app.quit().await?;
    Ok(())
}
