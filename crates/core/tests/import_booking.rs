//! Importing spend and points: the days spend is booked on, and re-importing with
//! update (用文件覆盖) making the member's figures the file's, never a second copy.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDate};
use shequn_core::Store;
use shequn_core::jobs::Job;
use shequn_core::members::import::{
    ImportOptions, ImportReport, OnDuplicate, SpendBooking, SpendDate,
};
use shequn_core::members::{self, MemberQuery, Tier};
use shequn_core::shop::BusinessRules;

#[path = "support/book.rs"]
mod book;
use book::{now, today};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn store(dir: &Path) -> Store {
    Store::open(&dir.join("shequn.db"), now()).unwrap().0
}

fn import(store: &Store, path: &Path, options: &ImportOptions) -> ImportReport {
    members::import::import(store, path, options, today(), now(), &mut Job::unattended()).unwrap()
}

fn update() -> ImportOptions {
    ImportOptions {
        on_duplicate: OnDuplicate::Update,
        ..ImportOptions::default()
    }
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// One row of the generated file, as the test knows it.
#[derive(Clone)]
struct Row {
    phone: String,
    lifetime_fen: i64,
    recent_fen: i64,
    last: NaiveDate,
    points: i64,
}

/// 300 members with lifetime spend, spend in the last 12 months, the last purchase
/// day and points; a small LCG keeps it the same on every run.
fn rows(seed: u64) -> Vec<Row> {
    let mut state = seed;
    let mut next = |n: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    };
    (0..300)
        .map(|i| {
            let recent_fen = next(12_000_000) as i64;
            let older = next(8_000_000) as i64;
            // Two in three bought within the year; the rest long ago (then the
            // 12-month figure is 0, as an old till would say).
            let (last, recent_fen) = if next(3) < 2 {
                (today() - Days::new(next(360)), recent_fen)
            } else {
                (today() - Days::new(400 + next(900)), 0)
            };
            Row {
                phone: format!("139{:08}", 10_000 + i),
                lifetime_fen: recent_fen + older,
                recent_fen,
                last,
                points: next(20_000) as i64,
            }
        })
        .collect()
}

fn csv(rows: &[Row]) -> String {
    let mut text =
        "姓名,手机号,累计消费,近12个月消费（元）,最后消费日期,积分,入会时间\n".to_owned();
    for (i, r) in rows.iter().enumerate() {
        text.push_str(&format!(
            "会员{i},{},{}.{:02},{}.{:02},{},{},2020-03-01\n",
            r.phone,
            r.lifetime_fen / 100,
            r.lifetime_fen % 100,
            r.recent_fen / 100,
            r.recent_fen % 100,
            r.last,
            r.points
        ));
    }
    text
}

/// Every member's figures equal the file's: 12-month spend and tier, points, the
/// last purchase day, and the lifetime total of their imported purchases.
fn assert_book_equals_file(store: &Store, rows: &[Row], run: &str) {
    let thresholds = BusinessRules::default().tiers;
    for r in rows {
        let m = members::get_by_phone(store, &r.phone, today()).unwrap();
        assert_eq!(
            m.spend_12m_fen, r.recent_fen,
            "{run}: 12-month spend of {}",
            r.phone
        );
        assert_eq!(
            m.tier,
            Tier::for_spend(r.recent_fen, &thresholds),
            "{run}: tier of {}",
            r.phone
        );
        assert_eq!(m.points, r.points, "{run}: points of {}", r.phone);
        assert_eq!(
            m.last_purchase_on,
            Some(r.last.to_string()),
            "{run}: last purchase of {}",
            r.phone
        );
        let lifetime: i64 = store
            .conn()
            .query_row(
                "SELECT SUM(amount_fen) FROM purchases WHERE member_id = ?1",
                [m.id],
                |x| x.get(0),
            )
            .unwrap();
        assert_eq!(
            lifetime, r.lifetime_fen,
            "{run}: lifetime spend of {}",
            r.phone
        );
    }
}

fn ledger_rows(store: &Store) -> (i64, i64) {
    let count = |table: &str| -> i64 {
        store
            .conn()
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    (count("purchases"), count("points_entries"))
}

#[test]
fn importing_the_same_300_rows_three_times_with_update_leaves_the_files_figures() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let rows = rows(7);
    let path = write(dir.path(), "会员.csv", &csv(&rows));

    let first = import(&store, &path, &update());
    assert_eq!(
        (first.imported, first.errors.len()),
        (300, 0),
        "{:?}",
        first.errors
    );
    assert_book_equals_file(&store, &rows, "run 1");
    let ledgers = ledger_rows(&store);
    for run in 2..=3 {
        let again = import(&store, &path, &update());
        assert_eq!((again.imported, again.updated), (0, 300));
        assert_book_equals_file(&store, &rows, &format!("run {run}"));
        assert_eq!(ledger_rows(&store), ledgers, "run {run} wrote nothing new");
    }

    // The till's figures moved on: the book follows the file, by adjusting entries.
    let mut moved = rows.clone();
    for r in moved.iter_mut().step_by(3) {
        r.points += 120;
        r.recent_fen += 66_600;
        r.lifetime_fen += 66_600;
        r.last = today();
    }
    for r in moved.iter_mut().skip(1).step_by(7) {
        r.points /= 2;
    }
    let path = write(dir.path(), "会员-新.csv", &csv(&moved));
    import(&store, &path, &update());
    assert_book_equals_file(&store, &moved, "changed file");
    import(&store, &path, &update());
    assert_book_equals_file(&store, &moved, "changed file again");
}

#[test]
fn update_keeps_what_happened_at_the_counter_since_the_last_import() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let path = write(
        dir.path(),
        "a.csv",
        "姓名,手机号,累计消费,积分,最近消费\n张三,13800138000,6000,500,2026-10-01\n",
    );
    import(&store, &path, &update());
    let m = members::get_by_phone(&store, "13800138000", today()).unwrap();
    assert_eq!(
        (m.spend_12m_fen, m.tier, m.points),
        (600_000, Tier::Bronze, 500)
    );
    members::record_purchase(&store, m.id, 20_000, today(), "", "", today(), now()).unwrap();
    members::redeem_points(&store, m.id, 100, "兑换保温杯", today(), now()).unwrap();

    import(&store, &path, &update());
    let m = members::get_by_phone(&store, "13800138000", today()).unwrap();
    // The file's 6,000 once, plus the counter's 200; 500 + 200 earned − 100 spent.
    assert_eq!((m.spend_12m_fen, m.points), (620_000, 600));
    assert_eq!(m.last_purchase_on.as_deref(), Some("2026-11-22"));

    // Merge keeps its meaning: it adds the file's figures to what the member has.
    let merged = import(
        &store,
        &path,
        &ImportOptions {
            on_duplicate: OnDuplicate::Merge,
            ..ImportOptions::default()
        },
    );
    assert_eq!(merged.updated, 1);
    let m = members::get_by_phone(&store, "13800138000", today()).unwrap();
    assert_eq!((m.spend_12m_fen, m.points), (1_220_000, 1_100));
}

fn booking(report: &ImportReport) -> &SpendBooking {
    report.spend_booking.as_ref().unwrap()
}

#[test]
fn a_lifetime_only_figure_goes_on_the_join_day_not_today_and_the_preview_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let path = write(
        dir.path(),
        "lifetime.csv",
        "姓名,手机号,累计消费,入会时间\n\
         老顾客,13800000001,80000,2021-05-01\n\
         新顾客,13800000002,6000,2026-10-10\n\
         无日期,13800000003,20000,\n",
    );
    let dry = import(
        &store,
        &path,
        &ImportOptions {
            dry_run: true,
            ..ImportOptions::default()
        },
    );
    assert!(!dry.written);
    let b = booking(&dry);
    assert_eq!(b.spend_date, SpendDate::Last);
    assert_eq!(
        (b.on_last, b.on_joined, b.on_fixed, b.on_today),
        (0, 2, 0, 1)
    );
    assert_eq!((b.tiers.none, b.tiers.bronze, b.tiers.silver), (1, 1, 1));
    assert!(
        b.summary.contains("2 位记在各自的入会日期"),
        "{}",
        b.summary
    );
    assert!(
        b.summary.contains("1 位没有日期可依，记在今天"),
        "{}",
        b.summary
    );

    let report = import(&store, &path, &ImportOptions::default());
    assert_eq!(booking(&report), b, "the preview is what the import does");
    let get = |p: &str| members::get_by_phone(&store, p, today()).unwrap();
    let old = get("13800000001");
    assert_eq!(
        (old.tier, old.spend_12m_fen),
        (Tier::None, 0),
        "¥80,000 five years ago makes no tier"
    );
    assert_eq!(old.last_purchase_on.as_deref(), Some("2021-05-01"));
    assert!(old.tags.contains(&"沉睡".to_owned()), "{:?}", old.tags);
    assert_eq!(get("13800000002").tier, Tier::Bronze);
    assert_eq!(get("13800000003").tier, Tier::Silver);
    let dormant = members::list(
        &store,
        &MemberQuery {
            dormant: true,
            ..MemberQuery::default()
        },
        today(),
    )
    .unwrap();
    let names: Vec<&str> = dormant.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["老顾客"]);
}

#[test]
fn the_owner_can_book_a_lifetime_figure_on_one_day_or_on_the_last_purchase() {
    let dir = tempfile::tempdir().unwrap();
    let text = "姓名,手机号,累计消费,入会时间,上次消费\n\
                甲,13800000001,30000,2020-01-01,2026-08-01\n\
                乙,13800000002,30000,2020-01-01,\n";
    let run = |choice: SpendDate| {
        let sub = tempfile::tempdir_in(dir.path()).unwrap();
        let store = store(sub.path());
        let path = write(sub.path(), "m.csv", text);
        let report = import(
            &store,
            &path,
            &ImportOptions {
                spend_date: Some(choice),
                ..ImportOptions::default()
            },
        );
        let last = |p: &str| {
            members::get_by_phone(&store, p, today())
                .unwrap()
                .last_purchase_on
                .unwrap()
        };
        (
            booking(&report).clone(),
            last("13800000001"),
            last("13800000002"),
        )
    };
    let (b, a, b2) = run(SpendDate::Last);
    assert_eq!((b.on_last, b.on_joined), (1, 1));
    assert_eq!((a.as_str(), b2.as_str()), ("2026-08-01", "2020-01-01"));
    let (b, a, b2) = run(SpendDate::Joined);
    assert_eq!(b.on_joined, 2);
    assert_eq!((a.as_str(), b2.as_str()), ("2020-01-01", "2020-01-01"));
    let (b, a, b2) = run(SpendDate::On("2026-06-30".into()));
    assert_eq!((b.on_fixed, b.tiers.silver), (2, 2));
    assert_eq!((a.as_str(), b2.as_str()), ("2026-06-30", "2026-06-30"));

    // A day after today is refused by name, before anything is read.
    let sub = tempfile::tempdir_in(dir.path()).unwrap();
    let store = store(sub.path());
    let path = write(sub.path(), "m.csv", text);
    let err = members::import::import(
        &store,
        &path,
        &ImportOptions {
            spend_date: Some(SpendDate::On("2027-01-01".into())),
            ..ImportOptions::default()
        },
        today(),
        now(),
        &mut Job::unattended(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("晚于今天"), "{err}");
    assert_eq!(SpendDate::parse("joined").unwrap(), SpendDate::Joined);
    assert_eq!(
        SpendDate::parse("2025-06-30").unwrap(),
        SpendDate::On("2025-06-30".into())
    );
    assert!(SpendDate::parse("去年").unwrap_err().contains("joined"));
}

#[test]
fn a_12_month_figure_counts_for_the_tier_and_the_rest_goes_before_the_year() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let path = write(
        dir.path(),
        "m.csv",
        "姓名,手机号,累计消费,近一年消费,最近消费,入会时间\n\
         甲,13800000001,90000,25000,2026-11-01,2019-01-01\n\
         乙,13800000002,1000,2000,2026-11-01,2019-01-01\n",
    );
    let report = import(&store, &path, &ImportOptions::default());
    assert_eq!(report.errors.len(), 1);
    assert!(
        report.errors[0]
            .reason
            .contains("近12个月消费比累计消费还多")
    );
    let m = members::get_by_phone(&store, "13800000001", today()).unwrap();
    assert_eq!((m.spend_12m_fen, m.tier), (2_500_000, Tier::Silver));
    let entries: Vec<(String, i64)> = store
        .conn()
        .prepare("SELECT occurred_on, amount_fen FROM purchases WHERE member_id = ?1 ORDER BY 1")
        .unwrap()
        .query_map([m.id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        entries,
        [
            (day("2025-11-21").to_string(), 6_500_000),
            ("2026-11-01".to_owned(), 2_500_000)
        ]
    );
}
