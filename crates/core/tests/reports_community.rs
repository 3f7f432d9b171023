//! 报表's 渠道 and 社群: a small shop whose channels and groups were worked out on
//! paper; each channel and group must show exactly who it brought and what they
//! spent in November 2026.
#![allow(clippy::unwrap_used)]

use chrono::{Local, NaiveDate, TimeZone};
use shequn_core::Store;
use shequn_core::invites::{self, ChannelKind, NewChannel, NewGroup};
use shequn_core::members::{self, AddOutcome, NewMember};
use shequn_core::reports::{self, Period};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn at(text: &str) -> chrono::DateTime<Local> {
    Local
        .from_local_datetime(&day(text).and_hms_opt(15, 30, 0).unwrap())
        .single()
        .unwrap()
}

fn group(store: &Store, name: &str, size: u32, capacity: u32, qr_made_on: &str) -> i64 {
    invites::add_group(
        store,
        &NewGroup {
            name: name.into(),
            kind: "福利群".into(),
            capacity: Some(capacity),
            size: Some(size),
            link: Some(format!("https://weixin.qq.com/g/{size}")),
            qr_made_on: Some(qr_made_on.into()),
            ..Default::default()
        },
        day("2026-12-01"),
        at("2026-10-01"),
    )
    .unwrap()
    .id
}

fn channel(store: &Store, name: &str, group_id: Option<i64>) -> i64 {
    invites::add_channel(
        store,
        &NewChannel {
            name: name.into(),
            kind: Some(ChannelKind::Counter),
            link: group_id
                .is_none()
                .then(|| "https://work.weixin.qq.com/ca/x".into()),
            group_id,
            ..Default::default()
        },
        day("2026-10-01"),
        at("2026-10-01"),
    )
    .unwrap()
    .id
}

/// Takes one of the channel's codes at the counter on `on`; the member's id.
fn redeem(store: &Store, channel: i64, phone: &str, name: &str, on: &str) -> i64 {
    let code = invites::generate_codes(store, channel, 1, day(on), at(on)).unwrap();
    invites::redeem(
        store,
        &code[0].code,
        phone,
        Some(name),
        None,
        day(on),
        at(on),
    )
    .unwrap()
    .member_id
}

/// A member added at the counter on `on` (in `groups` from that day).
fn member(store: &Store, name: &str, phone: &str, on: &str, groups: Vec<i64>) -> i64 {
    let added = members::add(
        store,
        &NewMember {
            name: name.into(),
            phone: phone.into(),
            groups: Some(groups),
            ..Default::default()
        },
        day(on),
        at(on),
    )
    .unwrap();
    match added {
        AddOutcome::Created(m) => m.id,
        AddOutcome::Existing(m) => panic!("{phone} is {}", m.name),
    }
}

fn buy(store: &Store, id: i64, fen: i64, on: &str) -> i64 {
    members::record_purchase(store, id, fen, day(on), "", "", day(on), at(on))
        .unwrap()
        .id
}

#[test]
fn channels_and_groups_show_who_they_brought_and_what_those_members_spent() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("shequn.db"), at("2026-10-01"))
        .unwrap()
        .0;
    // 宝妈群's QR was made 11-25: on 12-01 it has a day left (expiring). 老客群's
    // was made 11-28: four days left.
    let moms = group(&store, "宝妈群", 120, 500, "2026-11-25");
    let regulars = group(&store, "老客群", 199, 200, "2026-11-28");
    let stand = channel(&store, "收银台立牌", Some(moms));
    let bag = channel(&store, "外卖袋", None);
    let flyer = channel(&store, "开业传单", None);
    let shelved = channel(&store, "旧海报", None);
    invites::set_channel_archived(&store, shelved, true, day("2026-10-02")).unwrap();

    // 甲 joined through the stand in October (so into 宝妈群 that day): ¥50 in
    // October, ¥80 in November.
    let a = redeem(&store, stand, "13800000001", "甲", "2026-10-20");
    buy(&store, a, 5_000, "2026-10-25");
    buy(&store, a, 8_000, "2026-11-05");
    // 乙 joined through the stand in November and bought ¥30 that day.
    let b = redeem(&store, stand, "13800000002", "乙", "2026-11-03");
    buy(&store, b, 3_000, "2026-11-03");
    // 甲, already a member, takes a bag code in November: a redemption of the bag,
    // but 甲 stays the stand's.
    redeem(&store, bag, "13800000001", "甲", "2026-11-10");
    // 丙 joined through the bag; a voided ¥20 and a kept ¥10.
    let c = redeem(&store, bag, "13800000003", "丙", "2026-11-12");
    let voided = buy(&store, c, 2_000, "2026-11-12");
    members::void_purchase(&store, voided, day("2026-11-12"), at("2026-11-12")).unwrap();
    buy(&store, c, 1_000, "2026-11-15");
    // 丁 joined through the flyer, which was then deleted (its redemptions keep it).
    redeem(&store, flyer, "13800000004", "丁", "2026-11-08");
    invites::delete_channel(&store, flyer, day("2026-11-09")).unwrap();
    // 戊 was put in 老客群 by hand on 11-01 and spent ¥100 on 11-20; ¥7 on 10-31
    // was before.
    let e = member(&store, "戊", "13800000005", "2026-11-01", vec![regulars]);
    buy(&store, e, 700, "2026-10-31");
    buy(&store, e, 10_000, "2026-11-20");
    // Tier moves: 己 was bronze by ¥6,000 on 2025-11-10, which left the year on
    // 2026-11-10 (the book noticed at its refresh of 11-15: a downgrade then);
    // 庚 spent ¥5,000 on 11-22 (an upgrade).
    let f = member(&store, "己", "13800000006", "2025-11-01", vec![]);
    buy(&store, f, 600_000, "2025-11-10");
    members::refresh::ensure_fresh(&store, day("2026-11-15")).unwrap();
    let g = member(&store, "庚", "13800000007", "2026-11-22", vec![]);
    buy(&store, g, 500_000, "2026-11-22");

    let summary = reports::summary(
        &store,
        Period::parse("2026-11-01", "2026-11-30").unwrap(),
        day("2026-12-01"),
    )
    .unwrap();
    let json = serde_json::to_value(&summary).unwrap();
    // Most new members first; the archived poster did nothing and is not listed.
    //   stand: new 乙 → 1; redemptions 1; spend 甲 8000 + 乙 3000 = 11000.
    //   bag: new 丙 → 1; redemptions 甲's and 丙's → 2; spend 丙 1000 (not 甲's).
    //   flyer (deleted): new 丁, 1 redemption, nothing spent.
    assert_eq!(
        json["channels"],
        serde_json::json!([
            {"channel": "外卖袋", "channel_id": bag, "new_members": 1, "redemptions": 2, "spend_fen": 1000},
            {"channel": "收银台立牌", "channel_id": stand, "new_members": 1, "redemptions": 1, "spend_fen": 11000},
            {"channel": "开业传单", "channel_id": null, "new_members": 1, "redemptions": 1, "spend_fen": 0},
        ])
    );
    // 宝妈群: 甲 (since 10-20) and 乙 (11-03) → 2 members, 1 new, 11000 spent.
    // 老客群: 戊 → 1, 1 new, 10000 (the ¥7 of 10-31 is outside the period).
    assert_eq!(
        json["groups"],
        serde_json::json!([
            {"group": "宝妈群", "group_id": moms, "members": 2, "new_members": 1, "spend_fen": 11000, "size": 120, "capacity": 500},
            {"group": "老客群", "group_id": regulars, "members": 1, "new_members": 1, "spend_fen": 10000, "size": 199, "capacity": 200},
        ])
    );
    assert_eq!(
        json["tier_moves"],
        serde_json::json!({"upgrades": 1, "downgrades": 1})
    );
    assert_eq!(
        json["community"],
        serde_json::json!({"groups": 2, "seats_used": 319, "seats": 700, "qr_expiring": 1})
    );

    // The workbook's 渠道 sheet holds the same rows as numbers, with its two charts
    // (and 群's one) beside the five every report has.
    use calamine::{Data, Reader, Xlsx};
    let out = dir.path().join("渠道.xlsx");
    reports::export_xlsx(
        &store,
        Period::parse("2026-11-01", "2026-11-30").unwrap(),
        day("2026-12-01"),
        &out,
    )
    .unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let channels = book.worksheet_range("渠道").unwrap();
    let row = |r: u32| -> Vec<Data> {
        (0..4)
            .map(|c| channels.get_value((r, c)).cloned().unwrap_or(Data::Empty))
            .collect()
    };
    assert_eq!(
        row(2),
        [
            Data::String("收银台立牌".into()),
            Data::Float(1.0),
            Data::Float(1.0),
            Data::Float(110.0)
        ]
    );
    assert_eq!(row(3)[0], Data::String("开业传单（已删除）".into()));
    let zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let charts = zip
        .file_names()
        .filter(|n| n.as_deref().is_ok_and(|n| n.starts_with("xl/charts/chart")))
        .count();
    assert_eq!(charts, 8);

    // The PDF names them too: the chart page and the tables.
    let pdf = dir.path().join("渠道.pdf");
    reports::export_pdf(
        &store,
        Period::parse("2026-11-01", "2026-11-30").unwrap(),
        day("2026-12-01"),
        &pdf,
    )
    .unwrap();
    let text = String::from_utf8_lossy(
        &std::process::Command::new("pdftotext")
            .args([pdf.to_str().unwrap(), "-"])
            .output()
            .expect("pdftotext (poppler-utils)")
            .stdout,
    )
    .into_owned();
    for wanted in [
        "收银台立牌",
        "1 人 · ¥110.00",
        "开业传单（已删除）",
        "宝妈群",
        "199/200",
    ] {
        assert!(text.contains(wanted), "{wanted} not in:\n{text}");
    }
}
