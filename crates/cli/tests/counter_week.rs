//! The verbs a week at the counter asked for: leave / return / delete, the redemption
//! log, and the day an imported lifetime spend is booked on. `--json` shapes are a
//! contract.
#![allow(clippy::unwrap_used)]

mod support;
use support::*;

use serde_json::Value;

fn add(db: &std::path::Path, name: &str, phone: &str) {
    add_member(db, name, phone, &[]);
}

#[test]
fn a_member_leaves_comes_back_and_is_deleted_only_with_yes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    add(&db, "王芳", "13900001111");

    let out = shequn(&db, &["members", "leave", "13900001111", "--reason", ""]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("离开的原因"), "{}", stderr(&out));
    let left = ok_json(
        &db,
        &[
            "members",
            "leave",
            "13900001111",
            "--reason",
            "搬家了",
            "--json",
        ],
    );
    assert_eq!(
        (left["status"].as_str(), left["left_reason"].as_str()),
        (Some("left"), Some("搬家了"))
    );
    let listed = ok_json(&db, &["members", "list", "--left", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(
        ok_json(&db, &["members", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        0
    );

    let back = ok_json(&db, &["members", "return", "13900001111", "--json"]);
    assert_eq!(back["status"], "active");
    let again = shequn(&db, &["members", "return", "13900001111"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("没有离开"), "{}", stderr(&again));

    let refused = shequn(&db, &["members", "delete", "13900001111"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("--yes"), "{}", stderr(&refused));
    assert_eq!(
        ok_json(&db, &["members", "show", "13900001111", "--json"])["name"],
        "王芳"
    );
    let deleted = shequn(&db, &["members", "delete", "13900001111", "--yes"]);
    assert!(deleted.status.success(), "{}", stderr(&deleted));
    let gone = shequn(&db, &["members", "show", "13900001111"]);
    assert_eq!(gone.status.code(), Some(1));
}

#[test]
fn redemptions_list_with_the_contract_fields_masked_unless_unmask() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let channel = ok_json(
        &db,
        &[
            "invites",
            "channel",
            "add",
            "--name",
            "收银台立牌",
            "--kind",
            "counter",
            "--link",
            "https://weixin.qq.com/g/Ab",
            "--gift",
            "卤蛋一个",
            "--json",
        ],
    )["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let codes = ok_json(
        &db,
        &[
            "invites",
            "codes",
            "--channel",
            &channel,
            "--count",
            "2",
            "--json",
        ],
    );
    let code = codes[0]["code"].as_str().unwrap();
    let r = ok_json(
        &db,
        &[
            "invites",
            "redeem",
            code,
            "--phone",
            "13812345678",
            "--name",
            "张三",
            "--staff",
            "小雯",
            "--json",
        ],
    );
    assert_eq!(r["staff"], "小雯");

    let log = ok_json(&db, &["invites", "redemptions", "--json"]);
    let first = &log[0];
    for field in [
        "code",
        "channel",
        "member_phone",
        "gift",
        "referrer_phone",
        "redeemed_at",
    ] {
        assert!(first.get(field).is_some(), "{field} missing: {first}");
    }
    assert_eq!(first["code"], code);
    assert_eq!(first["channel"], "收银台立牌");
    assert_eq!(first["member_phone"], "138****5678");
    assert_eq!(first["gift"], "卤蛋一个");
    assert_eq!(first["referrer_phone"], Value::Null);
    let today = chrono::Local::now().date_naive().to_string();
    assert!(first["redeemed_at"].as_str().unwrap().starts_with(&today));
    let unmasked = ok_json(&db, &["invites", "redemptions", "--unmask", "--json"]);
    assert_eq!(unmasked[0]["member_phone"], "13812345678");
    let filtered = ok_json(
        &db,
        &[
            "invites",
            "redemptions",
            "--from",
            "2020-01-01",
            "--to",
            "2020-12-31",
            "--json",
        ],
    );
    assert_eq!(filtered.as_array().unwrap().len(), 0);
    let by_channel = ok_json(
        &db,
        &["invites", "redemptions", "--channel", &channel, "--json"],
    );
    assert_eq!(by_channel.as_array().unwrap().len(), 1);

    // The second card of the same channel for the same customer is refused, with why.
    let second = shequn(
        &db,
        &[
            "invites",
            "redeem",
            codes[1]["code"].as_str().unwrap(),
            "--phone",
            "13812345678",
        ],
    );
    assert_eq!(second.status.code(), Some(1));
    assert!(
        stderr(&second).contains("领过“卤蛋一个”"),
        "{}",
        stderr(&second)
    );

    let out = dir.path().join("核销.csv");
    let exported = shequn(
        &db,
        &["invites", "redemptions", "--out", out.to_str().unwrap()],
    );
    assert!(exported.status.success(), "{}", stderr(&exported));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("138****5678") && !text.contains("13812345678"),
        "{text}"
    );
}

#[test]
fn import_books_a_lifetime_figure_on_the_day_given_by_spend_date() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let file = dir.path().join("m.csv");
    std::fs::write(
        &file,
        "姓名,手机号,累计消费,入会时间\n张三,13800138000,30000,2019-05-01\n",
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let dry = ok_json(&db, &["members", "import", f, "--dry-run", "--json"]);
    assert_eq!(dry["spend_booking"]["on_joined"], 1);
    assert_eq!(dry["spend_booking"]["tiers"]["none"], 1);
    assert!(
        dry["spend_booking"]["summary"]
            .as_str()
            .unwrap()
            .contains("入会日期")
    );

    let bad = shequn(&db, &["members", "import", f, "--spend-date", "去年"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("joined"), "{}", stderr(&bad));

    let day = (chrono::Local::now().date_naive() - chrono::Days::new(30)).to_string();
    let report = ok_json(
        &db,
        &["members", "import", f, "--spend-date", &day, "--json"],
    );
    assert_eq!(report["imported"], 1);
    assert_eq!(report["spend_booking"]["on_fixed"], 1);
    let m = ok_json(&db, &["members", "show", "13800138000", "--json"]);
    assert_eq!(
        (m["tier"].as_str(), m["last_purchase_on"].as_str()),
        (Some("silver"), Some(day.as_str()))
    );
}
