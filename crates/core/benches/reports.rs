//! 报表 of a big shop: `cargo bench -p shequn-core --bench reports`.
//!
//! Targets (issue 17, this machine), on a shop of 100,000 members and 1,000,000
//! purchases over three years: `report summary` ≤ 300 ms, the PDF ≤ 2 s, the
//! workbook ≤ 3 s.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::time::Instant;

use chrono::{Local, NaiveDate};
use shequn_core::Store;
use shequn_core::reports::{self, Period};

#[path = "support/purchases.rs"]
mod support;

const MEMBERS: u32 = 100_000;
const PURCHASES: u32 = 1_000_000;
const DAYS: u32 = 1095;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shequn.db");
    // A shop made by an earlier run (`SHEQUN_BENCH_DB_IN=/tmp/shop.db`): saves the
    // minute the generation takes, and measures the migrations it has not had.
    if let Some(copy) = std::env::var_os("SHEQUN_BENCH_DB_IN") {
        std::fs::copy(copy, &path).unwrap();
        let started = Instant::now();
        let store = Store::open(&path, Local::now()).unwrap().0;
        println!(
            "shop copied from an earlier run, opened (and migrated) in {:.0} ms",
            started.elapsed().as_secs_f64() * 1e3
        );
        return run(&store, dir.path());
    }
    let store = Store::open(&path, Local::now()).unwrap().0;
    // Members joined over the three years, every 10th brought by another, every
    // 50th left; then the purchases, and a points entry per purchase.
    store
        .conn()
        .execute_batch(&format!(
            "BEGIN;
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {MEMBERS})
             INSERT INTO members (id, name, phone, joined_on, referrer_id, status, left_on, created_at, updated_at)
             SELECT i, '会员' || i, '13' || printf('%09d', i),
                    date('2026-11-22', '-' || ({DAYS} - 1 - ((i - 1) * {DAYS} / {MEMBERS})) || ' days'),
                    CASE WHEN i % 10 = 0 AND i > 10 THEN i - 7 END,
                    CASE WHEN i % 50 = 0 THEN 'left' ELSE 'active' END,
                    CASE WHEN i % 50 = 0 THEN '2026-06-01' END,
                    '2026-11-22T10:00:00+08:00', '2026-11-22T10:00:00+08:00'
               FROM n;
             COMMIT;"
        ))
        .unwrap();
    support::add_purchases_over(store.conn(), MEMBERS, PURCHASES, DAYS);
    store
        .conn()
        .execute_batch(
            "INSERT INTO points_entries (member_id, delta, kind, purchase_id, occurred_on, created_at)
             SELECT member_id, amount_fen / 100, 'purchase', id, occurred_on, created_at FROM purchases;",
        )
        .unwrap();
    store.checkpoint().unwrap();
    println!("shop: {MEMBERS} members, {PURCHASES} purchases over {DAYS} days");
    run(&store, dir.path());
}

/// The summaries and exports of four periods of the shop.
fn run(store: &Store, dir: &std::path::Path) {
    // A copy to try queries on by hand, or to start the next run from
    // (`SHEQUN_BENCH_DB_OUT=/tmp/shop.db`).
    if let Some(out) = std::env::var_os("SHEQUN_BENCH_DB_OUT") {
        let _ = std::fs::remove_file(&out);
        store
            .conn()
            .execute("VACUUM INTO ?1", [out.to_string_lossy()])
            .unwrap();
    }
    // As at the start of a day in the app: the member book's caches made true once.
    let today = "2026-11-22".parse::<NaiveDate>().unwrap();
    let started = Instant::now();
    shequn_core::members::refresh::ensure_fresh(store, today).unwrap();
    println!(
        "member book refreshed for the day in {:.0} ms",
        started.elapsed().as_secs_f64() * 1e3
    );

    // The control: SQLite alone reading every purchase of the pass's index. This
    // machine's speed drifts by half from hour to hour; compare figures to it.
    let started = Instant::now();
    let sold: i64 = store
        .conn()
        .query_row(
            "SELECT SUM(amount_fen) FROM purchases INDEXED BY purchases_counted_by_day
              WHERE reverses_id IS NULL AND occurred_on > ''",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let summed = started.elapsed().as_secs_f64() * 1e3;
    // And the floor of any pass in Rust: every row of it handed over, nothing done.
    let started = Instant::now();
    let mut stmt = store.conn().prepare(
        "SELECT id, member_id, occurred_on, amount_fen FROM purchases INDEXED BY purchases_counted_by_day
          WHERE reverses_id IS NULL AND occurred_on > '' ORDER BY occurred_on",
    ).unwrap();
    let mut rows = stmt.query([]).unwrap();
    let mut handed = 0_i64;
    while let Some(row) = rows.next().unwrap() {
        let text = row.get_ref(2).unwrap().as_bytes().unwrap();
        handed += row.get::<_, i64>(0).unwrap() + row.get::<_, i64>(1).unwrap();
        handed += row.get::<_, i64>(3).unwrap() + i64::from(text[9]);
    }
    std::hint::black_box(handed);
    println!(
        "control: SQLite sums the purchases index in {summed:.0} ms (¥{}), hands its rows to Rust in {:.0} ms",
        sold / 100,
        started.elapsed().as_secs_f64() * 1e3
    );
    let day = |t: &str| t.parse::<NaiveDate>().unwrap();
    for (label, from, to) in [
        ("本月 (22 days)", "2026-11-01", "2026-11-22"),
        ("近 90 天", "2026-08-25", "2026-11-22"),
        ("今年", "2026-01-01", "2026-11-22"),
        ("three years", "2023-11-24", "2026-11-22"),
    ] {
        let period = Period::new(day(from), day(to)).unwrap();
        let mut times = Vec::new();
        let mut summary = None;
        for _ in 0..5 {
            let started = Instant::now();
            summary = Some(reports::summary(store, period, today).unwrap());
            times.push(started.elapsed().as_secs_f64() * 1e3);
        }
        times.sort_by(f64::total_cmp);
        let s = summary.unwrap();
        println!(
            "summary {label}: median {:.0} ms (min {:.0}, max {:.0}); {} orders, {} buyers, {} cohorts",
            times[2],
            times[0],
            times[4],
            s.current.figures.orders,
            s.current.figures.buyers,
            s.retention_30d.len()
        );
        parts(store, period);
        exports(store, period, today, dir);
    }
}

/// 导出 PDF and 导出 Excel of the period, each once, to files.
fn exports(store: &Store, period: Period, today: NaiveDate, dir: &std::path::Path) {
    let started = Instant::now();
    reports::export_pdf(store, period, today, &dir.join("report.pdf")).unwrap();
    let pdf = started.elapsed().as_secs_f64() * 1e3;
    let started = Instant::now();
    reports::export_xlsx(store, period, today, &dir.join("report.xlsx")).unwrap();
    let xlsx = started.elapsed().as_secs_f64() * 1e3;
    println!("  export pdf {pdf:.0} ms, xlsx {xlsx:.0} ms");
}

/// Where a summary's time goes: each figure once.
fn parts(store: &Store, period: Period) {
    use shequn_core::members::stats;
    let conn = store.conn();
    let rules = shequn_core::shop::rules(store).unwrap();
    let (from, to) = (period.from, period.to);
    let time = |label: &str, run: &dyn Fn()| {
        let started = Instant::now();
        run();
        print!("  {label} {:.0} ms", started.elapsed().as_secs_f64() * 1e3);
    };
    let before = period.previous();
    time("book", &|| {
        std::hint::black_box(
            stats::book(conn, from..=to, before.from..=before.to, &rules).unwrap(),
        );
    });
    time("points", &|| {
        std::hint::black_box(stats::points(conn, from, to, rules.point_value_fen_per_100).unwrap());
    });
    println!();
}
