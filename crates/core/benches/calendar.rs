//! 日历 of a big shop: `cargo bench -p shequn-core --bench calendar`.
//!
//! Target (issue 19, this machine): a year's calendar — festivals, solar terms,
//! holidays, member days, campaigns and the birthdays of 100,000 members, a fifth of
//! them lunar — in ≤ 100 ms. Also timed: a month (the 日历 page's six weeks), the
//! .ics of a year, and 概览's 提前准备.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::time::Instant;

use chrono::{Local, NaiveDate};
use shequn_core::Store;
use shequn_core::calendar;
use shequn_core::campaigns::{self, CampaignInput};
use shequn_core::shop::{self, BusinessRules, ShopUpdate};

const MEMBERS: u32 = 100_000;
const RUNS: usize = 7;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// The median of `RUNS` runs of `f`, in ms, with what the last returned.
fn timed<T>(f: impl Fn() -> T) -> (f64, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..RUNS {
        let started = Instant::now();
        last = Some(f());
        times.push(started.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    (times[RUNS / 2], last.unwrap())
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("shequn.db"), Local::now())
        .unwrap()
        .0;
    // Every member has a birthday: month and day spread over the year, every fifth
    // one lunar (day up to 30), a few on 29 February.
    store
        .conn()
        .execute_batch(&format!(
            "BEGIN;
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {MEMBERS})
             INSERT INTO members (id, name, phone, joined_on, birthday_month, birthday_day,
                                  birthday_lunar, created_at, updated_at)
             SELECT i, '会员' || i, '13' || printf('%09d', i), '2025-01-01',
                    1 + i % 12,
                    CASE WHEN i % 5 = 0 THEN 1 + (i / 12) % 30 ELSE 1 + (i / 12) % 31 END,
                    CASE WHEN i % 5 = 0 THEN 1 ELSE 0 END,
                    '2025-01-01T10:00:00+08:00', '2025-01-01T10:00:00+08:00'
               FROM n;
             -- No 30 or 31 February, no 31st in a 30-day month.
             UPDATE members SET birthday_day = 29 WHERE birthday_lunar = 0 AND birthday_month = 2 AND birthday_day > 29;
             UPDATE members SET birthday_day = 30 WHERE birthday_lunar = 0 AND birthday_month IN (4, 6, 9, 11) AND birthday_day = 31;
             COMMIT;"
        ))
        .unwrap();
    let now = Local::now();
    shop::update(
        &store,
        &ShopUpdate {
            name: Some("大店".into()),
            rules: Some(BusinessRules {
                member_day: Some(16),
                ..BusinessRules::default()
            }),
            ..ShopUpdate::default()
        },
        None,
        now,
    )
    .unwrap();
    for (name, start, end) in [
        ("春节年货节", "2027-01-25", "2027-02-05"),
        ("中秋团圆季", "2027-09-08", "2027-09-15"),
        ("双11", "2027-11-01", "2027-11-11"),
    ] {
        campaigns::add(
            &store,
            &CampaignInput {
                name: name.into(),
                kind: "festival".into(),
                start: start.into(),
                end: end.into(),
                metric: "sales".into(),
                target: "10000".into(),
                ..Default::default()
            },
            now,
        )
        .unwrap();
    }
    println!("shop: {MEMBERS} members with birthdays (a fifth lunar), member day 16, 3 campaigns");

    let (first, _) = timed(|| {
        calendar::entries(&store, day("2027-01-01"), day("2027-12-31"), &[])
            .unwrap()
            .len()
    });
    let (ms, n) = timed(|| {
        calendar::entries(&store, day("2027-01-01"), day("2027-12-31"), &[])
            .unwrap()
            .len()
    });
    println!(
        "a year's calendar, every kind (2027): {ms:.1} ms median of {RUNS} ({n} entries; first batch {first:.1} ms)"
    );
    let (ms, n) = timed(|| {
        calendar::entries(
            &store,
            day("2027-01-01"),
            day("2027-12-31"),
            &[calendar::EntryKind::Birthday],
        )
        .unwrap()
        .len()
    });
    println!("  of which the birthdays alone: {ms:.1} ms ({n} days)");
    let (ms, n) = timed(|| {
        calendar::view(&store, day("2027-08-30"), day("2027-10-10"))
            .unwrap()
            .entries
            .len()
    });
    println!("the 日历 page's six weeks (view with lunar dates): {ms:.1} ms ({n} entries)");
    let (ms, (_, n)) =
        timed(|| calendar::ics::text(&store, day("2027-01-01"), day("2027-12-31"), now).unwrap());
    println!("a year's .ics: {ms:.1} ms ({n} events)");
    let (ms, n) = timed(|| calendar::upcoming(&store, day("2027-08-20")).unwrap().len());
    println!("概览's 提前准备: {ms:.1} ms ({n} items)");
}
