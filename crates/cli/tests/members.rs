//! The member verbs through the real binary: the `--json` shapes are a contract.
#![allow(clippy::unwrap_used)]

mod support;
use support::*;

use serde_json::Value;

#[test]
fn add_buy_and_show_a_member_with_the_contract_fields() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let a = ok_json(
        &db,
        &[
            "members",
            "add",
            "--name",
            "王芳",
            "--phone",
            "139 0000 1111",
            "--json",
        ],
    );
    assert_eq!(a["created"], true);
    let b = ok_json(
        &db,
        &[
            "members",
            "add",
            "--name",
            "张三",
            "--phone",
            "+86 138-1234-5678",
            "--birthday",
            "1990-03-08",
            "--referrer",
            "13900001111",
            "--tag",
            "宝妈",
            "--tag",
            "团购",
            "--json",
        ],
    );
    assert_eq!(b["phone"], "13812345678");
    assert_eq!(b["birthday"]["month"], 3);

    // Dates are relative to the real today: the CLI reads the clock.
    let ten_days_ago = (chrono::Local::now().date_naive() - chrono::Days::new(10)).to_string();

    add_purchase(&db, "13812345678", "4999.99", Some(&ten_days_ago));
    let bought = add_purchase(&db, "13812345678", "0.01", None);
    assert_eq!(bought["member"]["tier"], "bronze");

    let show = ok_json(&db, &["members", "show", "138 1234 5678", "--json"]);
    assert_eq!(show["name"], "张三");
    assert_eq!(show["phone"], "13812345678");
    assert_eq!(show["tier"], "bronze");
    assert_eq!(show["spend_12m_fen"], 500_000);
    // Points are whole points per purchase: ¥4,999.99 → 4,999, ¥0.01 → 0.
    assert_eq!(show["points"], 4_999);
    assert_eq!(show["referrer_phone"], "13900001111");
    assert_eq!(show["referrals"], 0);
    let tags: Vec<&str> = show["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(tags.contains(&"宝妈") && tags.contains(&"团购"), "{tags:?}");
    assert_eq!(
        ok_json(&db, &["members", "show", "13900001111", "--json"])["referrals"],
        1
    );

    // Adding the same phone again shows the existing member.
    let again = ok_json(
        &db,
        &[
            "members",
            "add",
            "--name",
            "张三三",
            "--phone",
            "13812345678",
            "--json",
        ],
    );
    assert_eq!(
        (again["created"].clone(), again["name"].clone()),
        (Value::Bool(false), Value::from("张三"))
    );
}

#[test]
fn list_filters_return_every_match_unless_limited() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    for (name, phone) in [
        ("张三", "13800000001"),
        ("张小花", "13800000002"),
        ("李四", "13800000003"),
    ] {
        add_member(&db, name, phone, &[]);
    }
    add_purchase(&db, "13800000003", "20000", None);
    let all = ok_json(&db, &["members", "list", "--json"]);
    assert_eq!(all.as_array().unwrap().len(), 3);
    let zs = ok_json(&db, &["members", "list", "--search", "zs", "--json"]);
    assert_eq!(zs.as_array().unwrap().len(), 1);
    assert_eq!(zs[0]["name"], "张三");
    let zhang = ok_json(&db, &["members", "list", "--search", "zhang", "--json"]);
    assert_eq!(zhang.as_array().unwrap().len(), 2);
    let silver = ok_json(&db, &["members", "list", "--tier", "silver", "--json"]);
    assert_eq!(silver[0]["name"], "李四");
    let high = ok_json(&db, &["members", "list", "--tag", "高价值", "--json"]);
    assert_eq!(high.as_array().unwrap().len(), 1);
    let limited = ok_json(&db, &["members", "list", "--limit", "2", "--json"]);
    assert_eq!(limited.as_array().unwrap().len(), 2);
    let last4 = ok_json(&db, &["members", "list", "--search", "0002", "--json"]);
    assert_eq!(last4[0]["name"], "张小花");
}

#[test]
fn points_award_and_redeem_never_below_zero() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    ok_json(
        &db,
        &[
            "members",
            "add",
            "--name",
            "赵六",
            "--phone",
            "13600136000",
            "--json",
        ],
    );
    let awarded = ok_json(
        &db,
        &[
            "points",
            "award",
            "--phone",
            "13600136000",
            "--points",
            "80",
            "--reason",
            "每日签到",
            "--json",
        ],
    );
    assert_eq!(awarded["points"], 80);
    let out = shequn(
        &db,
        &[
            "points",
            "redeem",
            "--phone",
            "13600136000",
            "--points",
            "100",
            "--reason",
            "兑换",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("积分不足"), "{}", stderr(&out));
    let left = ok_json(
        &db,
        &[
            "points",
            "redeem",
            "--phone",
            "13600136000",
            "--points",
            "80",
            "--reason",
            "兑换",
            "--json",
        ],
    );
    assert_eq!(left["points"], 0);
}

#[test]
fn bad_member_input_fails_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let out = shequn(&db, &["members", "add", "--name", "甲", "--phone", "12345"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("手机号"), "{}", stderr(&out));
    let out = shequn(
        &db,
        &[
            "members",
            "add",
            "--name",
            "甲",
            "--phone",
            "13800000001",
            "--birthday",
            "02-30",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("不是有效日期"), "{}", stderr(&out));
    let out = shequn(&db, &["members", "show", "13800000009"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("找不到手机号为 138****0009 的会员"),
        "{}",
        stderr(&out)
    );
    let out = shequn(
        &db,
        &[
            "purchases",
            "add",
            "--phone",
            "13800000009",
            "--amount",
            "abc",
        ],
    );
    assert!(stderr(&out).contains("金额“abc”看不懂"), "{}", stderr(&out));
}
