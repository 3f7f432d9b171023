//! 概览 for one day and for the next: what changes when the date does.
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, Local, NaiveDate, TimeZone};
use shequn_core::invites::{self, NewGroup, QrStatus};
use shequn_core::members::{self, Birthday, NewMember};
use shequn_core::training::{self, NewStaff};
use shequn_core::{Store, overview};

fn at(d: u32, h: u32, m: u32) -> DateTime<Local> {
    Local
        .with_ymd_and_hms(2026, 11, d, h, m, 0)
        .single()
        .unwrap()
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

#[test]
fn the_overview_of_a_day_and_of_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let now = at(22, 23, 59);
    let store = Store::open(&dir.path().join("shequn.db"), now).unwrap().0;
    let add = |name: &str, phone: &str, birthday: Option<(u32, u32)>, joined: &str| {
        members::add(
            &store,
            &NewMember {
                name: name.into(),
                phone: phone.into(),
                birthday: birthday.map(|(month, day)| Birthday {
                    month,
                    day,
                    year: None,
                    lunar: false,
                }),
                joined_on: Some(joined.into()),
                ..Default::default()
            },
            day(22),
            now,
        )
        .unwrap()
        .member()
        .id
    };
    add("寿星", "13800000001", Some((11, 22)), "2026-11-01");
    add("明天生日", "13800000002", Some((11, 23)), "2026-11-01");
    add("下周生日", "13800000003", Some((11, 29)), "2026-11-01");
    let big = add("老大客户", "13800000004", None, "2025-01-01");
    let small = add("小客户", "13800000005", None, "2025-01-01");
    members::record_purchase(
        &store,
        big,
        900_000,
        day(1) - chrono::Days::new(120),
        "",
        "",
        day(22),
        now,
    )
    .unwrap();
    members::record_purchase(
        &store,
        small,
        10_000,
        day(1) - chrono::Days::new(120),
        "",
        "",
        day(22),
        now,
    )
    .unwrap();
    let group = |name: &str, made: &str, size: u32| {
        invites::add_group(
            &store,
            &NewGroup {
                name: name.into(),
                kind: "活动群".into(),
                link: Some("https://weixin.qq.com/g/x".into()),
                qr_made_on: Some(made.into()),
                capacity: Some(500),
                size: Some(size),
                ..Default::default()
            },
            day(22),
            now,
        )
        .unwrap()
    };
    group("福利群1号", "2026-11-16", 100);
    group("福利群2号", "2026-11-21", 470);
    training::add_staff(
        &store,
        &NewStaff {
            name: "小雯".into(),
            role: "社群运营专员".into(),
            level: String::new(),
            started_on: "2026-03-01".into(),
            active: true,
        },
        now,
    )
    .unwrap();

    let o = overview::today(&store, now).unwrap();
    assert_eq!(o.date, "2026-11-22");
    let names = |list: &[members::MemberView]| -> Vec<String> {
        list.iter().map(|m| m.name.clone()).collect()
    };
    assert_eq!(names(&o.birthdays_today), ["寿星"]);
    assert_eq!(names(&o.birthdays_week), ["明天生日", "下周生日"]);
    assert_eq!(o.qr_alerts.len(), 1);
    assert_eq!(o.qr_alerts[0].name, "福利群1号");
    assert!(matches!(
        o.qr_alerts[0].qr,
        QrStatus::ExpiresSoon { days_left: 1, .. }
    ));
    assert_eq!(
        o.near_capacity
            .iter()
            .map(|g| g.name.as_str())
            .collect::<Vec<_>>(),
        ["福利群2号"]
    );
    assert_eq!(
        names(&o.dormant)[..2],
        ["老大客户".to_owned(), "小客户".to_owned()]
    );
    assert_eq!(o.sop.len(), 1);
    assert_eq!((o.sop[0].date.as_str(), o.sop[0].done), ("2026-11-22", 0));
    training::set_item_done(&store, o.sop[0].id, 1, true, None, false, now).unwrap();
    assert_eq!(overview::today(&store, now).unwrap().sop[0].done, 1);

    // Two minutes later it is the 23rd: a new SOP, the QR has expired, the birthdays moved.
    let next = overview::today(&store, at(23, 0, 1)).unwrap();
    assert_eq!(next.date, "2026-11-23");
    assert_eq!(names(&next.birthdays_today), ["明天生日"]);
    assert_eq!(names(&next.birthdays_week), ["下周生日"]);
    assert!(matches!(next.qr_alerts[0].qr, QrStatus::Expired { .. }));
    assert_eq!(
        (next.sop[0].date.as_str(), next.sop[0].done),
        ("2026-11-23", 0)
    );
}
