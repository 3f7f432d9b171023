//! 日历: a shop's calendar over known dates — festivals that move with the moon, a
//! lunar birthday on this year's solar date, a member day on the 31st, campaigns —
//! and its .ics read back by an independent iCalendar parser.
#![allow(clippy::unwrap_used)]

use chrono::{Local, NaiveDate, TimeZone};
use icalendar::{Calendar, Component, DatePerhapsTime};
use shequn_core::Store;
use shequn_core::calendar::{self, EntryKind};
use shequn_core::campaigns::{self, CampaignInput};
use shequn_core::members::{self, Birthday, MemberQuery, NewMember};
use shequn_core::shop::{self, BusinessRules, ShopUpdate};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn at(text: &str) -> chrono::DateTime<Local> {
    Local
        .from_local_datetime(&day(text).and_hms_opt(10, 0, 0).unwrap())
        .single()
        .unwrap()
}

fn member(store: &Store, phone: &str, birthday: Birthday) {
    members::add(
        store,
        &NewMember {
            name: format!("会员{phone}"),
            phone: phone.into(),
            birthday: Some(birthday),
            ..Default::default()
        },
        day("2026-12-01"),
        at("2026-12-01"),
    )
    .unwrap();
}

fn shop() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("shequn.db"), at("2026-12-01"))
        .unwrap()
        .0;
    let rules = BusinessRules {
        member_day: Some(31),
        ..BusinessRules::default()
    };
    shop::update(
        &store,
        &ShopUpdate {
            name: Some("月亮小店".into()),
            rules: Some(rules),
            ..ShopUpdate::default()
        },
        None,
        at("2026-12-01"),
    )
    .unwrap();
    let lunar = |month, day| Birthday {
        month,
        day,
        year: None,
        lunar: true,
    };
    let solar = |month, day| Birthday {
        month,
        day,
        year: Some(1990),
        lunar: false,
    };
    // Two 八月十五 (lunar) and one 9-15 (solar): three on 2027-09-15.
    member(&store, "13800000001", lunar(8, 15));
    member(&store, "13800000002", lunar(8, 15));
    member(&store, "13800000003", solar(9, 15));
    // 29 Feb in 2027 (a common year) is kept on 28 Feb.
    member(
        &store,
        "13800000004",
        Birthday {
            year: Some(1992),
            ..solar(2, 29)
        },
    );
    (dir, store)
}

fn names(list: &[calendar::Entry], date: &str, kind: EntryKind) -> Vec<String> {
    list.iter()
        .filter(|e| e.date == day(date) && e.kind == kind)
        .map(|e| e.name.clone())
        .collect()
}

#[test]
fn a_year_of_the_calendar_has_the_known_days() {
    let (_dir, store) = shop();
    let list = calendar::entries(&store, day("2027-01-01"), day("2027-12-31"), &[]).unwrap();
    assert!(list.windows(2).all(|w| w[0].date <= w[1].date));
    assert_eq!(names(&list, "2027-02-06", EntryKind::Festival), ["春节"]);
    assert_eq!(names(&list, "2027-02-05", EntryKind::Festival), ["除夕"]);
    assert_eq!(names(&list, "2027-09-15", EntryKind::Festival), ["中秋节"]);
    assert_eq!(names(&list, "2027-04-05", EntryKind::SolarTerm), ["清明"]);
    assert_eq!(
        names(&list, "2027-09-15", EntryKind::Birthday),
        ["3 位会员生日"]
    );
    assert_eq!(
        names(&list, "2027-02-28", EntryKind::Birthday),
        ["1 位会员生日"]
    );
    // The 31st of a 30-day month is its last day; February's last is the 28th.
    assert_eq!(names(&list, "2027-04-30", EntryKind::MemberDay), ["会员日"]);
    assert_eq!(names(&list, "2027-02-28", EntryKind::MemberDay), ["会员日"]);
    assert_eq!(names(&list, "2027-03-31", EntryKind::MemberDay), ["会员日"]);
    assert_eq!(
        list.iter()
            .filter(|e| e.kind == EntryKind::MemberDay)
            .count(),
        12
    );
    assert_eq!(
        list.iter()
            .filter(|e| e.kind == EntryKind::SolarTerm)
            .count(),
        24
    );
    // No prep unless asked for.
    assert!(list.iter().all(|e| e.kind != EntryKind::Prep));

    let dec = calendar::entries(
        &store,
        day("2026-12-01"),
        day("2026-12-31"),
        &[EntryKind::SolarTerm],
    )
    .unwrap();
    let dec: Vec<(String, String)> = dec
        .iter()
        .map(|e| (e.date.to_string(), e.name.clone()))
        .collect();
    assert_eq!(
        dec,
        [
            ("2026-12-07".into(), "大雪".into()),
            ("2026-12-22".into(), "冬至".into())
        ]
    );
}

#[test]
fn clicking_a_birthday_day_lists_its_members_lunar_and_solar() {
    let (_dir, store) = shop();
    let query = MemberQuery {
        birthday_on: Some(day("2027-09-15")),
        ..MemberQuery::default()
    };
    let page = members::list(&store, &query, day("2026-12-01")).unwrap();
    let mut phones: Vec<String> = page.members.iter().map(|m| m.phone.clone()).collect();
    phones.sort();
    assert_eq!(phones, ["13800000001", "13800000002", "13800000003"]);
    // In 2026 八月十五 is 2026-09-25: only the lunar two.
    let query = MemberQuery {
        birthday_on: Some(day("2026-09-25")),
        ..MemberQuery::default()
    };
    assert_eq!(
        members::list(&store, &query, day("2026-12-01"))
            .unwrap()
            .total,
        2
    );
}

#[test]
fn campaigns_and_prep_days_are_on_the_calendar() {
    let (_dir, store) = shop();
    let c = campaigns::add(
        &store,
        &CampaignInput {
            name: "中秋团圆季".into(),
            kind: "festival".into(),
            festival: "中秋节".into(),
            start: "2027-09-08".into(),
            end: "2027-09-17".into(),
            metric: "sales".into(),
            target: "5000".into(),
            ..Default::default()
        },
        at("2027-08-01"),
    )
    .unwrap();
    let list = calendar::entries(
        &store,
        day("2027-09-10"),
        day("2027-09-30"),
        &[EntryKind::Campaign],
    )
    .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].date, day("2027-09-10"));
    assert_eq!(
        (list[0].start, list[0].end, list[0].id),
        (Some(day("2027-09-08")), Some(day("2027-09-17")), Some(c.id))
    );
    let prep = calendar::entries(
        &store,
        day("2027-08-01"),
        day("2027-09-30"),
        &[EntryKind::Prep],
    )
    .unwrap();
    let prep: Vec<(String, String)> = prep
        .iter()
        .map(|e| (e.date.to_string(), e.name.clone()))
        .collect();
    assert!(
        prep.contains(&(
            "2027-08-16".into(),
            "中秋节还有 30 天：定主题、目标和主打优惠".into()
        )),
        "{prep:?}"
    );
    assert!(
        prep.contains(&(
            "2027-09-01".into(),
            "中秋团圆季还有 7 天：开始在群里预热，把活动清单派给店员".into()
        )),
        "{prep:?}"
    );
    assert!(
        prep.contains(&(
            "2027-09-16".into(),
            "会员日还有 14 天：开始在群里预热，把活动清单派给店员".into()
        )),
        "{prep:?}"
    );

    // 概览 on 2027-08-30: 中秋节 16 days out (still planning), with its campaign;
    // two days later the materials are due.
    let coming = calendar::upcoming(&store, day("2027-08-30")).unwrap();
    let mid = coming.iter().find(|u| u.name == "中秋节").unwrap();
    assert_eq!((mid.days_to_go, mid.campaign_id), (16, Some(c.id)));
    assert_eq!(mid.stage, calendar::PrepStage::Plan);
    let coming = calendar::upcoming(&store, day("2027-09-01")).unwrap();
    let mid = coming.iter().find(|u| u.name == "中秋节").unwrap();
    assert_eq!(mid.stage, calendar::PrepStage::Materials);
    assert!(coming.windows(2).all(|w| w[0].date <= w[1].date));
}

#[test]
fn the_ics_file_parses_back_with_all_day_events() {
    let (dir, store) = shop();
    campaigns::add(
        &store,
        &CampaignInput {
            name: "国庆, 七天乐; 全场".into(),
            kind: "flash_sale".into(),
            start: "2027-10-01".into(),
            end: "2027-10-07".into(),
            metric: "buyers".into(),
            target: "100".into(),
            ..Default::default()
        },
        at("2027-08-01"),
    )
    .unwrap();
    let path = dir.path().join("日历.ics");
    let count = calendar::ics::export(
        &store,
        day("2027-01-01"),
        day("2027-12-31"),
        at("2027-08-01"),
        &path,
    )
    .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.lines().all(|l| l.len() <= 76),
        "lines are folded at 75 octets"
    );
    let parsed: Calendar = text.parse().unwrap();
    let events: Vec<_> = parsed.events().collect();
    assert_eq!(events.len(), count);
    let find = |summary: &str| {
        events
            .iter()
            .find(|e| e.get_summary() == Some(summary))
            .unwrap_or_else(|| panic!("no event {summary}"))
    };
    let all_day = |e: &&&icalendar::Event| match (e.get_start(), e.get_end()) {
        (Some(DatePerhapsTime::Date(s)), Some(DatePerhapsTime::Date(e))) => (s, e),
        other => panic!("not all-day: {other:?}"),
    };
    assert_eq!(
        all_day(&find("春节")),
        (day("2027-02-06"), day("2027-02-07"))
    );
    assert_eq!(
        all_day(&find("中秋节")),
        (day("2027-09-15"), day("2027-09-16"))
    );
    // The campaign spans its seven days; commas and semicolons came back whole.
    assert_eq!(
        all_day(&find("国庆, 七天乐; 全场")),
        (day("2027-10-01"), day("2027-10-08"))
    );
    assert!(
        events
            .iter()
            .any(|e| e.get_summary() == Some("会员日") && all_day(&e).0 == day("2027-04-30"))
    );
    assert!(events.iter().any(|e| {
        e.get_summary()
            .is_some_and(|s| s.starts_with("双11还有 30 天"))
    }));
    // Birthdays and solar terms are not in the file.
    assert!(!events.iter().any(|e| {
        e.get_summary()
            .is_some_and(|s| s.contains("生日") || s == "清明")
    }));
    // UIDs are unique.
    let mut uids: Vec<&str> = events.iter().filter_map(|e| e.get_uid()).collect();
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), count);
}
