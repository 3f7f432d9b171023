//! 活动: a campaign's goal figures, worked out on paper for a small shop whose
//! purchases, joiners and redemptions sit inside, on the edges of and outside the
//! campaign's dates, with a void, a deleted member, and a linked and an unlinked
//! channel. Every metric must give exactly the paper's number.
#![allow(clippy::unwrap_used)]

use chrono::{Local, NaiveDate, TimeZone};
use shequn_core::campaigns::{self, CampaignInput, CampaignStatus, GoalMetric};
use shequn_core::invites::{self, ChannelKind, NewChannel};
use shequn_core::members::{self, AddOutcome, NewMember};
use shequn_core::{Code, Store};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn at(text: &str) -> chrono::DateTime<Local> {
    Local
        .from_local_datetime(&day(text).and_hms_opt(15, 30, 0).unwrap())
        .single()
        .unwrap()
}

fn channel(store: &Store, name: &str) -> i64 {
    invites::add_channel(
        store,
        &NewChannel {
            name: name.into(),
            kind: Some(ChannelKind::Counter),
            link: Some("https://work.weixin.qq.com/ca/x".into()),
            ..Default::default()
        },
        day("2027-08-01"),
        at("2027-08-01"),
    )
    .unwrap()
    .id
}

/// Takes one of the channel's codes at the counter on `on`; the member's id.
fn redeem(store: &Store, channel: i64, phone: &str, name: Option<&str>, on: &str) -> i64 {
    let code = invites::generate_codes(store, channel, 1, day(on), at(on)).unwrap();
    invites::redeem(store, &code[0].code, phone, name, None, day(on), at(on))
        .unwrap()
        .member_id
}

fn member(store: &Store, name: &str, phone: &str, on: &str, referrer: Option<&str>) -> i64 {
    let added = members::add(
        store,
        &NewMember {
            name: name.into(),
            phone: phone.into(),
            referrer_phone: referrer.map(str::to_owned),
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

fn input(name: &str, metric: &str, target: &str, channels: Vec<i64>) -> CampaignInput {
    CampaignInput {
        name: name.into(),
        kind: "festival".into(),
        festival: "中秋节".into(),
        start: "2027-09-10".into(),
        end: "2027-09-20".into(),
        lure: "满 200 送月饼一盒".into(),
        rules: "活动期间到店消费即可参加".into(),
        metric: metric.into(),
        target: target.into(),
        channels,
        ..Default::default()
    }
}

struct Shop {
    _dir: tempfile::TempDir,
    store: Store,
    linked: i64,
    m1: i64,
}

/// The shop of the paper. Campaign dates: 2027-09-10 … 2027-09-20.
fn shop() -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("shequn.db"), at("2027-08-01"))
        .unwrap()
        .0;
    let linked = channel(&store, "中秋柜台");
    let other = channel(&store, "门口海报");
    // 老会员: bought the day before (out), on the first and last days (in), the day
    // after (out).
    let m1 = member(&store, "老会员", "13800000001", "2027-08-01", None);
    buy(&store, m1, 10_000, "2027-09-09");
    buy(&store, m1, 20_000, "2027-09-10");
    buy(&store, m1, 5_000, "2027-09-20");
    buy(&store, m1, 7_000, "2027-09-21");
    // Joined through the linked channel the day before: not new in the campaign.
    redeem(&store, linked, "13800000005", Some("早到"), "2027-09-09");
    // Joined through the linked channel inside; ¥300 that day; ¥80 voided.
    let m2 = redeem(
        &store,
        linked,
        "13800000002",
        Some("柜台新客"),
        "2027-09-12",
    );
    buy(&store, m2, 30_000, "2027-09-12");
    let voided = buy(&store, m2, 8_000, "2027-09-13");
    members::void_purchase(&store, voided, day("2027-09-13"), at("2027-09-13")).unwrap();
    // Joined through the unlinked channel inside; ¥40.
    let m3 = redeem(&store, other, "13800000003", Some("海报新客"), "2027-09-14");
    buy(&store, m3, 4_000, "2027-09-14");
    // Brought by 老会员 inside (老带新), at the counter without a code; ¥60 on the last day.
    let m4 = member(
        &store,
        "朋友",
        "13800000004",
        "2027-09-15",
        Some("13800000001"),
    );
    buy(&store, m4, 6_000, "2027-09-20");
    // 老会员 takes a linked code inside: a redemption, not a new member.
    redeem(&store, linked, "13800000001", None, "2027-09-16");
    // Joined through the linked channel inside, bought ¥25, then deleted for privacy:
    // their sale and redemption stay, they are no new member.
    let m6 = redeem(&store, linked, "13800000006", Some("删除"), "2027-09-18");
    buy(&store, m6, 2_500, "2027-09-18");
    members::delete(&store, m6, at("2027-09-19")).unwrap();
    // Brought by 老会员 the day after the end.
    member(
        &store,
        "晚到的朋友",
        "13800000007",
        "2027-09-21",
        Some("13800000001"),
    );
    Shop {
        _dir: dir,
        store,
        linked,
        m1,
    }
}

#[test]
fn every_metric_equals_the_hand_computed_figure() {
    let s = shop();
    let now = at("2027-09-25");
    let today = day("2027-09-25");
    let linked = campaigns::add(
        &s.store,
        &input("中秋团圆季", "sales", "1000", vec![s.linked]),
        now,
    )
    .unwrap();
    let open = campaigns::add(
        &s.store,
        &input("中秋全店", "new_members", "5", vec![]),
        now,
    )
    .unwrap();
    // Paper: sales 200 + 50 + 300 + 40 + 60 + 25 = ¥675 (the ¥80 void and the days
    // before and after left out); buyers 老会员, 柜台新客, 海报新客, 朋友, the deleted
    // one = 5; new through the linked channel: 柜台新客 only (早到 joined before, the
    // deleted one is in no count) = 1; without channels: 柜台新客, 海报新客, 朋友 = 3;
    // redemptions of the linked channel inside: 柜台新客, 老会员, the deleted one = 3;
    // referrals: 朋友 = 1.
    let c = campaigns::get(&s.store, linked.id, today).unwrap();
    assert_eq!(c.status, CampaignStatus::Ended);
    assert_eq!(c.figures.sales, 67_500);
    assert_eq!(c.figures.buyers, 5);
    assert_eq!(c.figures.new_members, 1);
    assert_eq!(c.figures.redemptions, 3);
    assert_eq!(c.figures.referrals, 1);
    assert_eq!(c.goal.target, 100_000);
    assert_eq!(c.actual, 67_500);
    assert!((c.progress - 0.675).abs() < 1e-9);
    assert_eq!(c.days.len(), 11);
    assert_eq!(c.days.last().unwrap().total, 67_500);
    assert_eq!(c.pace_needed, None);

    let o = campaigns::get(&s.store, open.id, today).unwrap();
    assert_eq!(o.figures.new_members, 3);
    assert_eq!(o.figures.redemptions, 0);
    assert_eq!(o.figures.sales, 67_500);
    assert_eq!(o.actual, 3);
    assert!((o.progress - 0.6).abs() < 1e-9);

    // Each metric as the goal gives its own figure as `actual`.
    for (metric, target, want) in [
        ("buyers", "4", 5),
        ("referrals", "2", 1),
        ("redemptions", "3", 3),
        ("new_members", "1", 1),
    ] {
        let c = campaigns::add(
            &s.store,
            &input("指标", metric, target, vec![s.linked]),
            now,
        )
        .unwrap();
        assert_eq!(c.actual, want, "{metric}");
        assert_eq!(c.goal.metric, GoalMetric::parse(metric).unwrap());
    }
}

#[test]
fn while_it_runs_progress_counts_up_to_today_with_the_pace_needed() {
    let s = shop();
    let c = campaigns::add(
        &s.store,
        &input("中秋团圆季", "sales", "1000", vec![s.linked]),
        at("2027-09-01"),
    )
    .unwrap();
    assert_eq!(c.status, CampaignStatus::Planned);
    assert_eq!((c.actual, c.days.len(), c.days_left), (0, 0, 11));
    assert_eq!(c.pace_needed, Some(100_000.0 / 11.0));

    let c = campaigns::get(&s.store, c.id, day("2027-09-15")).unwrap();
    assert_eq!(c.status, CampaignStatus::Running);
    // 200 (10th) + 300 (12th) + 40 (14th), the void gone.
    assert_eq!(c.actual, 54_000);
    let days: Vec<(String, i64, i64)> = c
        .days
        .iter()
        .map(|d| (d.date.to_string(), d.value, d.total))
        .collect();
    assert_eq!(
        days,
        [
            ("2027-09-10".into(), 20_000, 20_000),
            ("2027-09-11".into(), 0, 20_000),
            ("2027-09-12".into(), 30_000, 50_000),
            ("2027-09-13".into(), 0, 50_000),
            ("2027-09-14".into(), 4_000, 54_000),
            ("2027-09-15".into(), 0, 54_000),
        ]
    );
    // Today is still to sell: six days (15th–20th) for the ¥460 missing.
    assert_eq!(c.days_left, 6);
    assert_eq!(c.pace_needed, Some(46_000.0 / 6.0));

    // A purchase at the counter moves it at once.
    buy(&s.store, s.m1, 12_345, "2027-09-15");
    let c = campaigns::get(&s.store, c.id, day("2027-09-15")).unwrap();
    assert_eq!(c.actual, 66_345);
}

#[test]
fn the_review_freezes_the_figures_and_waits_for_the_end() {
    let s = shop();
    let c = campaigns::add(
        &s.store,
        &input("中秋团圆季", "sales", "500", vec![s.linked]),
        at("2027-09-01"),
    )
    .unwrap();
    let early = campaigns::review(&s.store, c.id, "好", "不好", at("2027-09-20")).unwrap_err();
    assert_eq!(early.code(), Code::Conflict);
    let reviewed = campaigns::review(
        &s.store,
        c.id,
        "月饼礼盒很受欢迎",
        "海报发晚了",
        at("2027-09-25"),
    )
    .unwrap();
    assert_eq!(reviewed.actual, 67_500);
    assert!(reviewed.progress > 1.0);
    assert_eq!(reviewed.review.as_ref().unwrap().worked, "月饼礼盒很受欢迎");
    // A sale booked late for a day inside no longer changes the closed campaign.
    members::record_purchase(
        &s.store,
        s.m1,
        1_000,
        day("2027-09-11"),
        "",
        "",
        day("2027-09-26"),
        at("2027-09-26"),
    )
    .unwrap();
    let after = campaigns::get(&s.store, c.id, day("2027-09-26")).unwrap();
    assert_eq!(after.actual, 67_500);
    // Editing the words keeps the frozen figures and the first review's time.
    let edited = campaigns::review(&s.store, c.id, "礼盒", "海报", at("2027-09-27")).unwrap();
    assert_eq!(edited.actual, 67_500);
    assert_eq!(
        edited.review.as_ref().unwrap().reviewed_at,
        reviewed.review.unwrap().reviewed_at
    );

    // The one-page PDF reads back with its figures and the review's words.
    let path = s._dir.path().join(campaigns::file_name(&edited));
    campaigns::export_pdf(&s.store, &edited, &path).unwrap();
    printed::qpdf_check(&path);
    assert_eq!(printed::page_count(&path), 1);
    let text = printed::pdf_text(&path);
    for want in [
        "活动复盘",
        "中秋团圆季",
        "2027-09-10 至 2027-09-20",
        "¥500.00",
        "¥675.00",
        "135.0%",
        "礼盒",
        "海报",
        "满 200 送月饼一盒",
    ] {
        assert!(text.contains(want), "{want} not in:\n{text}");
    }
}

#[path = "support/printed.rs"]
mod printed;

#[test]
fn bad_input_names_its_field_and_saves_nothing() {
    let s = shop();
    let now = at("2027-09-01");
    let mut bad = input("", "sales", "abc", vec![]);
    bad.end = "2027-09-01".into();
    let e = campaigns::add(&s.store, &bad, now).unwrap_err();
    assert_eq!(e.code(), Code::Validation);
    let fields: Vec<String> = e.fields().into_iter().map(|f| f.field).collect();
    assert_eq!(fields, ["name", "end", "target"]);
    let e = campaigns::add(&s.store, &input("核销", "redemptions", "10", vec![]), now).unwrap_err();
    assert_eq!(e.fields()[0].field, "channels");
    let e = campaigns::add(&s.store, &input("渠道", "sales", "10", vec![999]), now).unwrap_err();
    assert_eq!(e.fields()[0].field, "channels");
    assert!(e.to_string().contains("999"), "{e}");
    assert!(
        campaigns::list(&s.store, day("2027-09-01"))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_festival_campaign_starts_the_six_step_checklist_dated_from_the_festival() {
    let s = shop();
    let now = at("2027-08-20");
    let staff = shequn_core::training::add_staff(
        &s.store,
        &shequn_core::training::NewStaff {
            name: "小雯".into(),
            role: "社群运营专员".into(),
            level: String::new(),
            started_on: "2027-01-01".into(),
            active: true,
        },
        now,
    )
    .unwrap()
    .id;
    let c = campaigns::add(&s.store, &input("中秋团圆季", "sales", "1000", vec![]), now).unwrap();
    let c = campaigns::start_checklist(&s.store, c.id, staff, now).unwrap();
    let run = shequn_core::training::run(&s.store, c.checklist_run_id.unwrap(), now).unwrap();
    assert_eq!(run.template, "节日活动");
    assert_eq!(run.event_date.as_deref(), Some("2027-09-20"));
    assert_eq!(run.staff, "小雯");
    // A kind without a checklist says so.
    let mut other = input("杂项", "sales", "10", vec![]);
    other.kind = "other".into();
    let o = campaigns::add(&s.store, &other, now).unwrap();
    let e = campaigns::start_checklist(&s.store, o.id, staff, now).unwrap_err();
    assert!(e.to_string().contains("没有配套清单"), "{e}");
}

#[test]
fn an_edit_changes_what_was_typed_and_keeps_the_review() {
    let s = shop();
    let c = campaigns::add(
        &s.store,
        &input("中秋团圆季", "sales", "500", vec![]),
        at("2027-09-01"),
    )
    .unwrap();
    campaigns::review(&s.store, c.id, "礼盒", "海报", at("2027-09-25")).unwrap();
    let mut changed = input(
        "中秋团圆季（复盘后改名）",
        "new_members",
        "2",
        vec![s.linked],
    );
    changed.lure = "到店送月饼".into();
    let edited = campaigns::update(&s.store, c.id, &changed, at("2027-09-26")).unwrap();
    assert_eq!(edited.name, "中秋团圆季（复盘后改名）");
    assert_eq!(
        (edited.goal.metric, edited.goal.target),
        (GoalMetric::NewMembers, 2)
    );
    assert_eq!(edited.channels, [s.linked]);
    assert_eq!(edited.lure, "到店送月饼");
    assert_eq!(edited.review.as_ref().unwrap().worked, "礼盒");
    // The frozen figures hold every metric: the new goal reads its own, day by day.
    assert_eq!(edited.actual, 3);
    let joined: Vec<(String, i64)> = edited
        .days
        .iter()
        .filter(|d| d.value > 0)
        .map(|d| (d.date.to_string(), d.value))
        .collect();
    assert_eq!(
        joined,
        [
            ("2027-09-12".into(), 1),
            ("2027-09-14".into(), 1),
            ("2027-09-15".into(), 1)
        ]
    );
    assert_eq!(edited.days.last().unwrap().total, 3);
    assert_eq!(
        campaigns::list(&s.store, day("2027-09-26")).unwrap().len(),
        1
    );
    let missing = campaigns::update(&s.store, 999, &changed, at("2027-09-26")).unwrap_err();
    assert_eq!(missing.code(), Code::NotFound);
    assert_eq!(
        campaigns::list(&s.store, day("2027-09-26")).unwrap().len(),
        1
    );
}
