//! `shequn calendar` and `shequn campaigns`: the `--json` shapes scripts rely on
//! (issue 19's contract), computed from the real binary on a real data file.
#![allow(clippy::unwrap_used)]

mod support;

use chrono::{Days, Local};
use serde_json::Value;
use support::{add_member, add_purchase, ok_json, shequn, stderr, stdout};

#[test]
fn the_calendar_lists_dated_entries_by_kind() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    assert!(
        shequn(
            &db,
            &["shop", "set", "--name", "月亮小店", "--member-day", "31"]
        )
        .status
        .success()
    );
    add_member(
        &db,
        "甲",
        "13800000001",
        &["--birthday", "八月十五", "--lunar"],
    );
    add_member(&db, "乙", "13800000002", &["--birthday", "09-15"]);

    let all = ok_json(
        &db,
        &[
            "calendar",
            "--from",
            "2027-01-01",
            "--to",
            "2027-12-31",
            "--json",
        ],
    );
    let all = all.as_array().unwrap();
    let dates: Vec<&str> = all.iter().map(|e| e["date"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "sorted by date");
    let has = |date: &str, kind: &str, name: &str| {
        all.iter()
            .any(|e| e["date"] == date && e["kind"] == kind && e["name"] == name)
    };
    assert!(has("2027-02-06", "festival", "春节"));
    assert!(has("2027-09-15", "festival", "中秋节"));
    assert!(has("2027-04-05", "solar_term", "清明"));
    assert!(has("2027-09-15", "birthday", "2 位会员生日"));
    assert!(has("2027-04-30", "member_day", "会员日"));
    for e in all {
        let keys: Vec<&String> = e.as_object().unwrap().keys().collect();
        assert!(
            ["date", "kind", "name"]
                .iter()
                .all(|k| keys.iter().any(|have| have == k)),
            "{e}"
        );
    }

    let picked = ok_json(
        &db,
        &[
            "calendar",
            "--from",
            "2026-12-01",
            "--to",
            "2026-12-31",
            "--kind",
            "solar_term",
            "--kind",
            "member_day",
            "--json",
        ],
    );
    let picked: Vec<(String, String, String)> = picked
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["date"].as_str().unwrap().to_owned(),
                e["kind"].as_str().unwrap().to_owned(),
                e["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        picked,
        [
            ("2026-12-07".into(), "solar_term".into(), "大雪".into()),
            ("2026-12-22".into(), "solar_term".into(), "冬至".into()),
            ("2026-12-31".into(), "member_day".into(), "会员日".into()),
        ]
    );

    let bad = shequn(
        &db,
        &[
            "calendar",
            "--from",
            "2027-01-01",
            "--to",
            "2027-12-31",
            "--kind",
            "moon",
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains("类别“moon”不认识"),
        "{}",
        stderr(&bad)
    );
    let backwards = shequn(
        &db,
        &[
            "calendar",
            "--from",
            "2027-12-31",
            "--to",
            "2027-01-01",
            "--json",
        ],
    );
    assert!(stderr(&backwards).contains("结束日期不能早于开始日期"));

    let ics = dir.path().join("日历.ics");
    let out = shequn(
        &db,
        &[
            "calendar",
            "ics",
            "--from",
            "2027-01-01",
            "--to",
            "2027-12-31",
            "--out",
            ics.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("已导出"));
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(
        text.contains(
            "DTSTART;VALUE=DATE:20270206\r\nDTEND;VALUE=DATE:20270207\r\nSUMMARY:春节\r\n"
        )
    );
}

#[test]
fn a_campaign_is_added_shown_and_listed_with_live_progress() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let today = Local::now().date_naive();
    let day = |offset: i64| {
        if offset < 0 {
            today - Days::new(offset.unsigned_abs())
        } else {
            today + Days::new(offset.unsigned_abs())
        }
        .to_string()
    };
    add_member(&db, "甲", "13800000001", &["--joined", &day(-30)]);
    add_purchase(&db, "13800000001", "100", Some(&day(-2)));
    add_purchase(&db, "13800000001", "99.50", Some(&day(0)));
    // Before the campaign: not counted.
    add_purchase(&db, "13800000001", "1000", Some(&day(-9)));

    let added = ok_json(
        &db,
        &[
            "campaigns",
            "add",
            "--name",
            "店庆周",
            "--kind",
            "flash_sale",
            "--start",
            &day(-3),
            "--end",
            &day(3),
            "--goal",
            "sales",
            "--target",
            "5000",
            "--json",
        ],
    );
    let id = added["id"].as_i64().unwrap();
    assert_eq!(added.as_object().unwrap().len(), 1, "{added}");

    let shown = ok_json(&db, &["campaigns", "show", &id.to_string(), "--json"]);
    assert_eq!(shown["id"], id);
    assert_eq!(shown["name"], "店庆周");
    assert_eq!(shown["kind"], "flash_sale");
    assert_eq!(shown["start"], day(-3));
    assert_eq!(shown["end"], day(3));
    assert_eq!(shown["goal"]["metric"], "sales");
    assert_eq!(shown["goal"]["target"], 500_000);
    assert_eq!(shown["actual"], 19_950);
    assert!((shown["progress"].as_f64().unwrap() - 0.0399).abs() < 1e-9);
    assert_eq!(shown["status"], "running");

    // A redemption goal needs a channel; with one, today's code counts.
    let no_channel = shequn(
        &db,
        &[
            "campaigns",
            "add",
            "--name",
            "扫码周",
            "--kind",
            "other",
            "--start",
            &day(0),
            "--end",
            &day(6),
            "--goal",
            "redemptions",
            "--target",
            "20",
        ],
    );
    assert_eq!(no_channel.status.code(), Some(1));
    assert!(
        stderr(&no_channel).contains("核销数目标要关联至少一个邀请渠道"),
        "{}",
        stderr(&no_channel)
    );
    let ch = ok_json(
        &db,
        &[
            "invites",
            "channel",
            "add",
            "--name",
            "收银台",
            "--kind",
            "counter",
            "--link",
            "https://weixin.qq.com/g/A",
            "--json",
        ],
    );
    let ch = ch["id"].as_i64().unwrap().to_string();
    let codes = ok_json(
        &db,
        &[
            "invites",
            "codes",
            "--channel",
            &ch,
            "--count",
            "1",
            "--json",
        ],
    );
    let code = codes[0]["code"].as_str().unwrap();
    ok_json(
        &db,
        &[
            "invites",
            "redeem",
            code,
            "--phone",
            "13800000002",
            "--name",
            "乙",
            "--json",
        ],
    );
    let scan = ok_json(
        &db,
        &[
            "campaigns",
            "add",
            "--name",
            "扫码周",
            "--kind",
            "other",
            "--start",
            &day(0),
            "--end",
            &day(6),
            "--goal",
            "redemptions",
            "--target",
            "20",
            "--channel",
            &ch,
            "--json",
        ],
    );
    let scan = ok_json(
        &db,
        &["campaigns", "show", &scan["id"].to_string(), "--json"],
    );
    assert_eq!(
        (scan["actual"].as_i64(), scan["goal"]["target"].as_i64()),
        (Some(1), Some(20))
    );

    let list = ok_json(&db, &["campaigns", "list", "--json"]);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c: &Value| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["扫码周", "店庆周"]);
    let plain = shequn(&db, &["campaigns", "list"]);
    assert!(stdout(&plain).contains("店庆周"), "{}", stdout(&plain));

    let pdf = dir.path().join("店庆周.pdf");
    let out = shequn(
        &db,
        &[
            "campaigns",
            "pdf",
            &id.to_string(),
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
}
