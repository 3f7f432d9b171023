//! 报表: a small shop built by hand, whose every figure was worked out on paper
//! first; the summary must give exactly those numbers (issue 17's definitions).
#![allow(clippy::unwrap_used)]

use chrono::{Local, NaiveDate, TimeZone};
use shequn_core::members::{self, AddOutcome, NewMember};
use shequn_core::reports::{self, Period};
use shequn_core::{Code, Store};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn at(text: &str) -> chrono::DateTime<Local> {
    let d = day(text);
    Local
        .from_local_datetime(&d.and_hms_opt(12, 0, 0).unwrap())
        .single()
        .unwrap()
}

fn member(store: &Store, name: &str, phone: &str, joined: &str) -> i64 {
    let added = members::add(
        store,
        &NewMember {
            name: name.into(),
            phone: phone.into(),
            joined_on: Some(joined.into()),
            ..Default::default()
        },
        day("2026-12-01"),
        at("2026-12-01"),
    )
    .unwrap();
    match added {
        AddOutcome::Created(m) => m.id,
        AddOutcome::Existing(m) => panic!("{phone} is {}", m.name),
    }
}

fn buy(store: &Store, id: i64, fen: i64, on: &str) -> i64 {
    members::record_purchase(store, id, fen, day(on), "", "", day("2026-12-01"), at(on))
        .unwrap()
        .id
}

/// Six members around November 2026 (the period tested) and the 30 days before it.
fn shop() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("shequn.db"), at("2026-12-01"))
        .unwrap()
        .0;
    // 甲 joined long ago; buys 3 times in November on two days, once in October.
    let a = member(&store, "甲", "13800000001", "2025-06-01");
    buy(&store, a, 10_000, "2026-10-20");
    buy(&store, a, 5_000, "2026-11-03");
    buy(&store, a, 2_500, "2026-11-03");
    buy(&store, a, 7_000, "2026-11-13");
    // 乙 joined on November's first day; two purchases, one voided.
    let b = member(&store, "乙", "13800000002", "2026-11-01");
    buy(&store, b, 3_001, "2026-11-05");
    let voided = buy(&store, b, 99_900, "2026-11-06");
    members::void_purchase(&store, voided, day("2026-11-06"), at("2026-11-06")).unwrap();
    // 丙 joined in November, left in November, bought twice (9 days apart).
    let c = member(&store, "丙", "13800000003", "2026-11-10");
    buy(&store, c, 1_000, "2026-11-11");
    buy(&store, c, 1_000, "2026-11-20");
    members::mark_left(&store, c, "搬家了", at("2026-11-25")).unwrap();
    // 丁 joined in October, never bought; deleted for privacy in November.
    let d = member(&store, "丁", "13800000004", "2026-10-15");
    members::delete(&store, d, at("2026-11-28")).unwrap();
    // 戊 joins after November: counts nowhere in it, but buys in December.
    let e = member(&store, "戊", "13800000005", "2026-12-01");
    buy(&store, e, 8_800, "2026-12-01");
    // 己 joined in October and left in October.
    let f = member(&store, "己", "13800000006", "2026-10-01");
    members::mark_left(&store, f, "不需要了", at("2026-10-30")).unwrap();
    (dir, store)
}

#[test]
fn the_summary_of_a_hand_built_shop_has_the_hand_computed_figures() {
    let (_dir, store) = shop();
    let period = Period::parse("2026-11-01", "2026-11-30").unwrap();
    let summary = reports::summary(&store, period).unwrap();
    let json = serde_json::to_value(&summary).unwrap();

    // Members at November's end: 甲 乙 丙 己 (丁 deleted, 戊 not yet) → total 4;
    // new 乙 丙 → 2; left in November: 丙 → 1; active: 甲 乙 → 2 (丙, 己 left).
    assert_eq!(
        json["members"],
        serde_json::json!({"total": 4, "new": 2, "left": 1, "active": 2})
    );
    // Counted November purchases: 甲 5000 + 2500 + 7000, 乙 3001, 丙 1000 + 1000
    // → 6 orders, 19 501 fen; the voided 999.00 and its voiding entry disappear.
    assert_eq!(json["orders"], 6);
    assert_eq!(json["sales_fen"], 19_501);
    // 19 501 ÷ 6 = 3250.17 → 3250 fen.
    assert_eq!(json["avg_order_fen"], 3250);
    // Buyers 甲 乙 丙 = 3 of 2 active: the rate is over 1 because 丙 left after buying.
    assert_eq!(json["buyers"], 3);
    assert_eq!(json["conversion_rate"], 1.5);
    // Two or more purchases: 甲 (3), 丙 (2) → 2 of 3.
    assert_eq!(json["repurchase_rate"], 2.0 / 3.0);
    // Intervals between buying days: 甲 11-03 → 11-13 = 10; 丙 11-11 → 11-20 = 9 →
    // median 9.5 (the two purchases of 11-03 are one visit).
    assert_eq!(json["repurchase_interval_days"], 9.5);
    assert_eq!(
        (json["from"].as_str(), json["to"].as_str()),
        (Some("2026-11-01"), Some("2026-11-30"))
    );

    // The previous period: the 30 days before, 2026-10-02 … 2026-10-31.
    let before = &json["previous"];
    assert_eq!(
        (before["from"].as_str(), before["to"].as_str()),
        (Some("2026-10-02"), Some("2026-10-31"))
    );
    // At October's end: 甲 丁 己 joined (丁 deleted since) → total 2 (甲 己); new in
    // the period: 己 joined 10-01, before it; 丁 joined 10-15 but is deleted → 0;
    // left: 己 → 1; active: 甲 → 1.
    assert_eq!(
        before["members"],
        serde_json::json!({"total": 2, "new": 0, "left": 1, "active": 1})
    );
    assert_eq!(
        (before["orders"].as_u64(), before["sales_fen"].as_i64()),
        (Some(1), Some(10_000))
    );
    assert_eq!(before["avg_order_fen"], 10_000);
    assert_eq!(before["conversion_rate"], 1.0);
    assert_eq!(before["repurchase_rate"], 0.0);
    assert!(before["repurchase_interval_days"].is_null());

    // A period with nobody in it: rates are null, not zero or NaN.
    let empty =
        reports::summary(&store, Period::parse("2020-01-01", "2020-01-31").unwrap()).unwrap();
    let json = serde_json::to_value(&empty).unwrap();
    assert!(json["conversion_rate"].is_null() && json["repurchase_rate"].is_null());
    assert!(json["avg_order_fen"].is_null());
}

#[test]
fn a_period_is_whole_days_and_bad_dates_name_their_field() {
    let p = Period::parse("2024-02-01", "2024-02-29").unwrap();
    assert_eq!(p.days(), 29);
    let before = p.previous();
    assert_eq!(
        (before.from, before.to),
        (day("2024-01-03"), day("2024-01-31"))
    );
    let e = Period::parse("2026-02-30", "2026-03-01").unwrap_err();
    assert_eq!(
        (e.code(), e.fields()[0].field.as_str()),
        (Code::Validation, "from")
    );
    let e = Period::parse("2026-03-02", "2026-03-01").unwrap_err();
    assert_eq!(e.fields()[0].field, "to");
}
