//! 报表: a small shop built by hand, whose every figure was worked out on paper
//! first; the summary must give exactly those numbers (issue 17's definitions).
#![allow(clippy::unwrap_used)]

use chrono::{Local, NaiveDate, TimeZone};
use shequn_core::members::{self, AddOutcome, NewMember};
use shequn_core::reports::{self, Period};
use shequn_core::shop::{self, BusinessRules, ShopUpdate};
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
    member_by(store, name, phone, joined, None)
}

fn member_by(store: &Store, name: &str, phone: &str, joined: &str, referrer: Option<&str>) -> i64 {
    let added = members::add(
        store,
        &NewMember {
            name: name.into(),
            phone: phone.into(),
            joined_on: Some(joined.into()),
            referrer_phone: referrer.map(str::to_owned),
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

/// Nine members around November 2026 (the period tested) and the 30 days before it.
fn shop() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("shequn.db"), at("2026-12-01"))
        .unwrap()
        .0;
    // Points lapse after 12 months; 100 points are worth ¥0.50.
    let rules = BusinessRules {
        points_expiry_months: 12,
        point_value_fen_per_100: 50,
        ..BusinessRules::default()
    };
    let change = ShopUpdate {
        name: Some("报表小店".into()),
        rules: Some(rules),
        ..ShopUpdate::default()
    };
    shop::update(&store, &change, None, at("2026-12-01")).unwrap();
    // 壬 bought ¥100 on 2025-11-15: those 100 points lapse on 2026-11-15, in the
    // period; nothing since, so dormant at its end.
    let r = member(&store, "壬", "13800000009", "2025-06-01");
    buy(&store, r, 10_000, "2025-11-15");
    // 甲 joined long ago; ¥4,800 in January (bronze over the year to November's
    // end), once in October, 3 times in November on two days, then redeems 20 points.
    let a = member(&store, "甲", "13800000001", "2025-06-01");
    buy(&store, a, 480_000, "2026-01-10");
    buy(&store, a, 10_000, "2026-10-20");
    buy(&store, a, 5_000, "2026-11-03");
    buy(&store, a, 2_500, "2026-11-03");
    buy(&store, a, 7_000, "2026-11-13");
    members::redeem_points(&store, a, 20, "换购", day("2026-11-20"), at("2026-11-20")).unwrap();
    // 乙 joined on November's first day, brought by 甲; two purchases, one voided.
    let b = member_by(
        &store,
        "乙",
        "13800000002",
        "2026-11-01",
        Some("13800000001"),
    );
    buy(&store, b, 3_001, "2026-11-05");
    let voided = buy(&store, b, 99_900, "2026-11-06");
    members::void_purchase(&store, voided, day("2026-11-06"), at("2026-11-06")).unwrap();
    // 丙 joined in November (brought by 甲 too), left in November, bought twice
    // (9 days apart).
    let c = member_by(
        &store,
        "丙",
        "13800000003",
        "2026-11-10",
        Some("13800000001"),
    );
    buy(&store, c, 1_000, "2026-11-11");
    buy(&store, c, 1_000, "2026-11-20");
    members::mark_left(&store, c, "搬家了", at("2026-11-25")).unwrap();
    // 丁 joined in October, never bought; deleted for privacy in November.
    let d = member(&store, "丁", "13800000004", "2026-10-15");
    members::delete(&store, d, at("2026-11-28")).unwrap();
    // 戊 joins after November: counts nowhere in it; buys on the day he joins.
    let e = member(&store, "戊", "13800000005", "2026-12-01");
    buy(&store, e, 8_800, "2026-12-01");
    // 庚 bought once in March: dormant (60 days) at November's end.
    let g = member(&store, "庚", "13800000007", "2026-01-05");
    buy(&store, g, 2_000, "2026-03-01");
    // 辛 bought in March, was dormant by October's end, and came back in November.
    let h = member(&store, "辛", "13800000008", "2026-02-01");
    buy(&store, h, 1_000, "2026-03-01");
    buy(&store, h, 1_000, "2026-11-25");
    // 己 joined in October and left in October.
    let f = member(&store, "己", "13800000006", "2026-10-01");
    members::mark_left(&store, f, "不需要了", at("2026-10-30")).unwrap();
    (dir, store)
}

#[test]
fn the_summary_of_a_hand_built_shop_has_the_hand_computed_figures() {
    let (_dir, store) = shop();
    let period = Period::parse("2026-11-01", "2026-11-30").unwrap();
    let summary = reports::summary(&store, period, day("2026-12-01")).unwrap();
    let json = serde_json::to_value(&summary).unwrap();

    // Members at November's end: 甲 乙 丙 己 庚 辛 壬 (丁 deleted, 戊 not yet) → 7;
    // new: 乙 丙 → 2; left in November: 丙 → 1; active: 甲 乙 庚 辛 壬 → 5.
    assert_eq!(
        json["members"],
        serde_json::json!({"total": 7, "new": 2, "left": 1, "active": 5})
    );
    // Counted November purchases: 甲 5000 + 2500 + 7000, 乙 3001, 丙 1000 + 1000,
    // 辛 1000 → 7 orders, 20 501 fen; the voided 999.00 and its voiding entry vanish.
    assert_eq!(json["orders"], 7);
    assert_eq!(json["sales_fen"], 20_501);
    // 20 501 ÷ 7 = 2928.71 → 2929 fen.
    assert_eq!(json["avg_order_fen"], 2929);
    // Buyers 甲 乙 丙 辛 = 4 of 5 active (丙 bought, then left).
    assert_eq!(json["buyers"], 4);
    assert_eq!(json["conversion_rate"], 0.8);
    // Two or more purchases: 甲 (3), 丙 (2) → 2 of 4.
    assert_eq!(json["repurchase_rate"], 0.5);
    // Intervals between buying days: 甲 11-03 → 11-13 = 10; 丙 11-11 → 11-20 = 9 →
    // median 9.5 (the two purchases of 11-03 are one visit).
    assert_eq!(json["repurchase_interval_days"], 9.5);
    assert_eq!(
        (json["from"].as_str(), json["to"].as_str()),
        (Some("2026-11-01"), Some("2026-11-30"))
    );
    // Tiers of the 5 active at the end, over 2025-11-30 … 2026-11-30: 甲 ¥5,045 →
    // bronze; 乙 庚 辛 壬 (壬's ¥100 is from before) → none.
    assert_eq!(
        json["tiers"],
        serde_json::json!({"none": 4, "bronze": 1, "silver": 0, "gold": 0, "diamond": 0})
    );
    // Dormant at the end (last purchase before 2026-10-01): 庚 壬. Woken: 辛 (dormant
    // on 10-31, bought 11-25).
    assert_eq!(
        (json["dormant"].as_u64(), json["woken"].as_u64()),
        (Some(2), Some(1))
    );
    // Points (1 a yuan): issued in November 50 + 25 + 70 + 30 + 10 + 10 + 10 = 205
    // (the voided 999 and its reversal left out); redeemed 20; expired: 壬's 100 on
    // 11-15; balances at the end: 甲 4800 + 100 + 145 − 20, 乙 30, 丙 20, 庚 20,
    // 辛 20, 壬 0 = 5115, worth 5115 × ¥0.50 / 100 = ¥25.575 → ¥25.58.
    assert_eq!(
        json["points"],
        serde_json::json!({
            "issued": 205, "redeemed": 20, "expired": 100,
            "outstanding": 5115, "outstanding_fen": 2558
        })
    );
    // 老带新: 甲 brought 乙 and 丙 → 1 referrer, 2 referred, multiple 2; 1 of the 5
    // active took part.
    assert_eq!(
        json["referral"],
        serde_json::json!({
            "referrers": 1, "referred": 2, "fission_multiple": 2.0, "participation_rate": 0.2,
            "top_referrers": [{"member_id": 2, "name": "甲", "phone": "138****0001", "referred": 2}]
        })
    );
    // November's cohort: 乙 (bought on day 4), 丙 (day 1) → 2 of 2.
    assert_eq!(
        json["retention_30d"],
        serde_json::json!([{"cohort": "2026-11", "joined": 2, "retained": 2}])
    );

    // Day by day: 30 points; 乙 on 11-01 and 丙 on 11-10 joined (5 before, 7 at the
    // end); 丙 left on 11-25; the sales add up to the period's.
    let series = &summary.series;
    assert_eq!((summary.bucket, series.len()), (reports::Bucket::Day, 30));
    assert_eq!(
        (
            series[0].label.as_str(),
            series[0].new_members,
            series[0].total
        ),
        ("11-01", 1, 6)
    );
    assert_eq!((series[9].new_members, series[9].total), (1, 7));
    assert_eq!(series[24].left, 1);
    assert_eq!(series.iter().map(|p| p.sales_fen).sum::<i64>(), 20_501);
    assert_eq!(series.iter().map(|p| p.orders).sum::<u64>(), 7);
    assert_eq!((series[2].orders, series[2].sales_fen), (2, 7_500));

    // The previous period: the 30 days before, 2026-10-02 … 2026-10-31.
    let before = &json["previous"];
    assert_eq!(
        (before["from"].as_str(), before["to"].as_str()),
        (Some("2026-10-02"), Some("2026-10-31"))
    );
    // At October's end: 甲 己 庚 辛 壬 (丁 deleted since) → 5; new in the period:
    // none (己 joined 10-01, the day before it; 丁 is deleted); left: 己; active
    // 甲 庚 辛 壬.
    assert_eq!(
        before["members"],
        serde_json::json!({"total": 5, "new": 0, "left": 1, "active": 4})
    );
    assert_eq!(
        (before["orders"].as_u64(), before["sales_fen"].as_i64()),
        (Some(1), Some(10_000))
    );
    assert_eq!(before["avg_order_fen"], 10_000);
    assert_eq!(before["conversion_rate"], 0.25);
    assert_eq!(before["repurchase_rate"], 0.0);
    assert!(before["repurchase_interval_days"].is_null());

    // Across the month boundary: December's cohort is 戊, whose only purchase is on
    // his join day, which does not count.
    let two = reports::summary(
        &store,
        Period::parse("2026-11-01", "2026-12-31").unwrap(),
        day("2026-12-01"),
    )
    .unwrap();
    assert_eq!(
        serde_json::to_value(&two.retention_30d).unwrap(),
        serde_json::json!([
            {"cohort": "2026-11", "joined": 2, "retained": 2},
            {"cohort": "2026-12", "joined": 1, "retained": 0}
        ])
    );

    // Every 统计口径 explains a field the summary has.
    for d in reports::definitions() {
        let found = d.key.split('.').try_fold(&json, |at, part| at.get(part));
        assert!(found.is_some(), "{} is not in the summary", d.key);
    }

    // A period with nobody in it: rates are null, not zero or NaN.
    let empty = reports::summary(
        &store,
        Period::parse("2020-01-01", "2020-01-31").unwrap(),
        day("2026-12-01"),
    )
    .unwrap();
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

/// Cohorts on month boundaries in a leap year: "days 1–30 after the join day" is
/// counted in calendar days, so 29 February is a day like any other.
#[test]
fn retention_counts_thirty_calendar_days_across_a_leap_day() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("shequn.db"), at("2026-12-01"))
        .unwrap()
        .0;
    // Joined 01-31, bought 03-01: 29 days to 02-29, 30 to 03-01 → retained.
    let a = member(&store, "甲", "13800000001", "2024-01-31");
    buy(&store, a, 1_000, "2024-03-01");
    // Joined 02-28, bought 03-29: day 30 → retained.
    let b = member(&store, "乙", "13800000002", "2024-02-28");
    buy(&store, b, 1_000, "2024-03-29");
    // Joined on the leap day, bought 03-31: day 31 → not retained.
    let c = member(&store, "丙", "13800000003", "2024-02-29");
    buy(&store, c, 1_000, "2024-03-31");
    // Joined 03-01 with a purchase dated the leap day before (imported history):
    // a purchase before joining is not a return either.
    let d = member(&store, "丁", "13800000004", "2024-03-01");
    buy(&store, d, 1_000, "2024-02-29");
    let summary = reports::summary(
        &store,
        Period::parse("2024-01-01", "2024-03-31").unwrap(),
        day("2026-12-01"),
    )
    .unwrap();
    assert_eq!(
        serde_json::to_value(&summary.retention_30d).unwrap(),
        serde_json::json!([
            {"cohort": "2024-01", "joined": 1, "retained": 1},
            {"cohort": "2024-02", "joined": 2, "retained": 1},
            {"cohort": "2024-03", "joined": 1, "retained": 0}
        ])
    );
    // A return after the period's end still counts for its cohort: January alone,
    // 甲 came back on 03-01, day 30.
    let january = reports::summary(
        &store,
        Period::parse("2024-01-01", "2024-01-31").unwrap(),
        day("2026-12-01"),
    )
    .unwrap();
    assert_eq!(
        serde_json::to_value(&january.retention_30d).unwrap(),
        serde_json::json!([{"cohort": "2024-01", "joined": 1, "retained": 1}])
    );
    // February of a leap year has 29 days; the period before is the 29 days up to
    // 01-31.
    let feb = reports::summary(
        &store,
        Period::parse("2024-02-01", "2024-02-29").unwrap(),
        day("2026-12-01"),
    )
    .unwrap();
    assert_eq!(
        (feb.previous.from, feb.previous.to),
        (day("2024-01-03"), day("2024-01-31"))
    );
    // 丁's purchase on the leap day is February's only order.
    assert_eq!(
        (feb.current.figures.orders, feb.current.figures.sales_fen),
        (1, 1_000)
    );
}

/// A report ending on a day counts the tiers and the 沉睡 members the member list
/// shows on that day: one rule in the whole app. The histories cover the edges: a
/// purchase on the same day a year before, a voided purchase, a member who joined
/// recently with imported history from long before, one who never bought.
#[test]
fn tiers_and_dormant_at_the_end_are_what_the_member_list_shows_that_day() {
    use shequn_core::members::{MemberQuery, Tier};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("shequn.db"), at("2026-12-01"))
        .unwrap()
        .0;
    let to = day("2026-11-30");
    let back = |days: u64| (to - chrono::Days::new(days)).to_string();
    let histories: [(&str, &[(i64, u64)]); 7] = [
        // joined days back, then (fen, days back) purchases
        ("400", &[(600_000, 365)]),
        ("400", &[(600_000, 366)]),
        ("400", &[(2_500_000, 10), (2_500_000, 59), (100, 61)]),
        ("10", &[(100, 400)]),
        ("10", &[]),
        ("200", &[(1_000, 61)]),
        ("200", &[(1_000, 60)]),
    ];
    for (i, (joined, buys)) in histories.iter().enumerate() {
        let joined = back(joined.parse().unwrap());
        let id = member(
            &store,
            &format!("会员{i}"),
            &format!("1380000010{i}"),
            &joined,
        );
        for (fen, days) in buys.iter() {
            buy(&store, id, *fen, &back(*days));
        }
    }
    // A voided sale that would make 会员4 bronze and awake.
    let voided = buy(&store, 5, 900_000, &back(3));
    members::void_purchase(&store, voided, to, at("2026-11-30")).unwrap();

    let summary = reports::summary(
        &store,
        Period::new(day("2026-11-01"), to).unwrap(),
        day("2026-12-01"),
    )
    .unwrap();
    let listed = |q: MemberQuery| members::list(&store, &q, to).unwrap().total;
    assert_eq!(
        summary.standing.dormant,
        u64::from(listed(MemberQuery {
            dormant: true,
            ..MemberQuery::default()
        }))
    );
    let tiers = summary.standing.tiers;
    for (tier, counted) in [
        (Tier::None, tiers.none),
        (Tier::Bronze, tiers.bronze),
        (Tier::Silver, tiers.silver),
        (Tier::Gold, tiers.gold),
        (Tier::Diamond, tiers.diamond),
    ] {
        let shown = listed(MemberQuery {
            tier: Some(tier),
            ..MemberQuery::default()
        });
        assert_eq!(counted, shown, "{tier:?}");
    }
    // And on paper: dormant are 会员0 (365 days), 会员1 (366), 会员3 (imported
    // history only) and 会员5 (61 days; 会员6's 60 is not yet); 会员0 is bronze by the
    // purchase 365 days back, 会员1 is not (366), 会员2 gold (¥50,001).
    assert_eq!(summary.standing.dormant, 4);
    assert_eq!(
        (tiers.none, tiers.bronze, tiers.silver, tiers.gold),
        (5, 1, 0, 1)
    );
}

/// 导出 Excel of the hand-built shop: read back, the numbers are the summary's (money
/// in yuan as numbers with a ¥ format), and every chart is a real Excel chart part
/// bound to cells of the workbook.
#[test]
fn the_workbook_holds_the_summary_as_numbers_and_charts_bound_to_them() {
    use calamine::{Data, DataType, Reader, Xlsx};
    use std::io::Read;
    let (dir, store) = shop();
    let out = dir.path().join("报表.xlsx");
    let period = Period::parse("2026-11-01", "2026-11-30").unwrap();
    let summary = reports::export_xlsx(&store, period, day("2026-12-01"), &out).unwrap();

    let mut book: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let names = book.sheet_names();
    for wanted in [
        "概要",
        "趋势",
        "等级与沉睡",
        "渠道",
        "群",
        "30天留存",
        "老带新与积分",
        "统计口径",
    ] {
        assert!(names.iter().any(|n| n == wanted), "{wanted} in {names:?}");
    }
    let cell = |sheet: &str, r: u32, c: u32, book: &mut Xlsx<_>| -> Data {
        book.worksheet_range(sheet)
            .unwrap()
            .get_value((r, c))
            .cloned()
            .unwrap_or(Data::Empty)
    };
    let sheet = "概要";
    assert_eq!(
        cell(sheet, 0, 0, &mut book),
        Data::String("报表小店 经营报表".into())
    );
    // Row 4 is 销售额: ¥205.01 now, ¥100.00 before, as numbers.
    assert_eq!(cell(sheet, 4, 0, &mut book), Data::String("销售额".into()));
    assert_eq!(cell(sheet, 4, 1, &mut book), Data::Float(205.01));
    assert_eq!(cell(sheet, 4, 2, &mut book), Data::Float(100.0));
    assert_eq!(
        cell(sheet, 5, 1, &mut book),
        Data::Float(summary.current.figures.orders as f64)
    );
    assert_eq!(
        cell(sheet, 8, 1, &mut book),
        Data::Float(0.8),
        "转化率 as a number"
    );
    // 趋势: 30 days, sales adding up to the period's.
    let trend = book.worksheet_range("趋势").unwrap();
    let sales: f64 = (1..=30)
        .filter_map(|r| trend.get_value((r, 5)).and_then(|d| d.as_f64()))
        .sum();
    assert!((sales - 205.01).abs() < 1e-9, "{sales}");
    assert_eq!(trend.get_value((31, 0)), None);
    // 统计口径 holds every definition.
    let defs = book.worksheet_range("统计口径").unwrap();
    assert_eq!(defs.height(), reports::DEFINITIONS.len() + 1);

    // The ¥ format and the chart parts, in the package itself.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut styles = String::new();
    zip.by_name("xl/styles.xml")
        .unwrap()
        .read_to_string(&mut styles)
        .unwrap();
    assert!(styles.contains("&quot;¥&quot;#,##0.00"), "{styles}");
    let charts: Vec<String> = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().into_owned())
        .filter(|n| n.starts_with("xl/charts/chart") && n.ends_with(".xml"))
        .collect();
    // 会员增长, 销售额, 会员总数, 等级, 留存; no channels or groups here, so none of
    // theirs (a chart of nothing tells the boss nothing).
    assert_eq!(charts.len(), 5, "{charts:?}");
    for name in &charts {
        let mut xml = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
        assert!(xml.contains("<c:f>"), "{name} is bound to cells");
    }
    let mut first = String::new();
    zip.by_name("xl/charts/chart1.xml")
        .unwrap()
        .read_to_string(&mut first)
        .unwrap();
    assert!(first.contains("趋势!$B$2:$B$31"), "{first}");
}

#[path = "support/printed.rs"]
mod printed;

/// 导出 PDF of the hand-built shop, read back the way the boss and a printer would:
/// the text is there as in the window, only the bundled font (a subset, embedded),
/// a sound file, no pictures at all (the charts are vectors), and OCR of page 1 at
/// 300 dpi finds the section titles.
#[test]
fn the_pdf_report_reads_back_with_the_windows_figures_and_vector_charts() {
    let (dir, store) = shop();
    let out = dir.path().join("报表.pdf");
    let period = Period::parse("2026-11-01", "2026-11-30").unwrap();
    reports::export_pdf(&store, period, day("2026-12-01"), &out).unwrap();

    printed::qpdf_check(&out);
    let text = printed::pdf_text(&out);
    for wanted in [
        "报表小店",
        "经营报表",
        "2026-11-01 至 2026-11-30",
        "2026-10-02 至 2026-10-31",
        "¥205.01",
        "¥29.29",
        "80.0%",
        "9.5 天",
        "↑ 105.0%",
        "积分负债 ¥25.58",
        "统计口径",
        "复购率：本期内消费 2 笔及以上的会员 ÷ 购买会员。",
    ] {
        assert!(text.contains(wanted), "{wanted} not in:\n{text}");
    }
    let fonts = printed::pdf_fonts(&out);
    assert_eq!(fonts.len(), 1, "{fonts:?}");
    let font = &fonts[0];
    // `ABCDEF+Name … emb sub`: a subset, embedded.
    assert!(
        font.split_whitespace().next().unwrap().contains('+'),
        "{font}"
    );
    assert!(font.contains(" yes yes "), "embedded and subset: {font}");
    let images = std::process::Command::new("pdfimages")
        .args(["-list", out.to_str().unwrap()])
        .output()
        .expect("pdfimages (poppler-utils)");
    let listed = String::from_utf8_lossy(&images.stdout);
    assert_eq!(
        listed.lines().count(),
        2,
        "no picture on any page:\n{listed}"
    );
    assert!(printed::page_count(&out) >= 4);

    let pictures = tempfile::tempdir().unwrap();
    let pages = printed::rasterise(&out, pictures.path());
    let read = printed::ocr_column(&pages[0]);
    for title in ["核心指标", "会员增长", "销售"] {
        assert!(read.contains(title), "{title} not read on page 1: {read}");
    }
}
