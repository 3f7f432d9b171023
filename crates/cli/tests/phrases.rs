//! The phrase library verbs through the real binary: `scripts list --json` keeps its
//! shape; `fill` prints the filled text or exits 1 naming every gap.
#![allow(clippy::unwrap_used)]

mod support;
use support::*;

#[test]
fn list_fill_reply_and_files_keep_their_contract() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    assert!(
        shequn(&db, &["shop", "set", "--name", "老街面馆"])
            .status
            .success()
    );
    add_member(&db, "王芳", "13812345678", &[]);
    add_purchase(&db, "13812345678", "5200", None);

    // The shipped library, by category, in the contract's shape.
    let list = ok_json(
        &db,
        &["scripts", "list", "--category", "生日祝福", "--json"],
    );
    let list = list.as_array().unwrap();
    assert!(list.len() >= 4);
    for key in [
        "id", "title", "category", "body", "tags", "favorite", "uses",
    ] {
        assert!(list[0].get(key).is_some(), "missing {key}: {}", list[0]);
    }
    assert!(list.iter().all(|s| s["category"] == "生日祝福"));
    // `phrases` is the same verb under the domain's own word.
    assert_eq!(
        ok_json(
            &db,
            &["phrases", "list", "--category", "生日祝福", "--json"]
        ),
        serde_json::Value::Array(list.clone())
    );

    // Search: two characters from mid-sentence, and pinyin initials of a title.
    let found = ok_json(&db, &["scripts", "list", "--search", "保温", "--json"]);
    assert!(found.as_array().unwrap().is_empty());
    let found = ok_json(&db, &["scripts", "list", "--search", "lsjbyl", "--json"]);
    let titles: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["离升级不远了"]);
    let id = found[0]["id"].as_i64().unwrap().to_string();

    // Filled wholly from the member book: {昵称}, {积分}, {距升级}.
    let out = shequn(&db, &["scripts", "fill", &id, "--member", "13812345678"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "王芳，悄悄告诉你：你现在有5200积分，再消费 ¥14,800 就能升为银牌，升级以后每次消费都能多一档优惠。"
    );

    // A phrase with a coupon and a deadline: exit 1, both named, nothing on stdout.
    let coupon = ok_json(
        &db,
        &["scripts", "list", "--search", "会员生日祝福", "--json"],
    );
    let coupon_id = coupon[0]["id"].as_i64().unwrap().to_string();
    let out = shequn(
        &db,
        &["scripts", "fill", &coupon_id, "--member", "13812345678"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    let err = stderr(&out);
    assert!(
        err.contains("{优惠券}") && err.contains("{截止日期}"),
        "{err}"
    );
    let out = shequn(
        &db,
        &[
            "scripts",
            "fill",
            &coupon_id,
            "--member",
            "13812345678",
            "--set",
            "优惠券=一张 20 元券",
            "--set",
            "截止日期=12月31日",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with(
        "王芳，生日快乐！老街面馆给你准备了一份生日礼：一张 20 元券，12月31日前都能用"
    ));
    // fill only prints: the use count is the app's copy button's.
    let after = ok_json(
        &db,
        &["scripts", "list", "--search", "会员生日祝福", "--json"],
    );
    assert_eq!(after[0]["uses"], 0);

    // Keyword reply: which one and why.
    let reply = ok_json(&db, &["scripts", "reply", "几点关门呀，还想退货", "--json"]);
    assert_eq!(reply["fired"]["keyword"], "退货");
    assert!(
        reply["fired"]["reason"]
            .as_str()
            .unwrap()
            .contains("优先级")
    );
    assert_eq!(reply["also_matched"][0]["keyword"], "几点关门");
    let out = shequn(&db, &["scripts", "reply", "今天天气不错"]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("没有关键词回复会触发"));

    // Export to JSON and XLSX, import into another shop.
    let json = dir.path().join("话术.json");
    let xlsx = dir.path().join("话术.xlsx");
    for out in [&json, &xlsx] {
        let done = shequn(&db, &["scripts", "export", "--out", out.to_str().unwrap()]);
        assert!(done.status.success(), "{}", stderr(&done));
    }
    let other = dir.path().join("other.db");
    let report = ok_json(
        &other,
        &["scripts", "import", json.to_str().unwrap(), "--json"],
    );
    assert_eq!(report["added"], 0);
    assert!(report["skipped"].as_u64().unwrap() >= 60);
    let report = ok_json(
        &other,
        &["scripts", "import", xlsx.to_str().unwrap(), "--json"],
    );
    assert_eq!(report["updated"], 0);
    // Each import took a 导入前 backup first (restoring it undoes the import).
    let backups = ok_json(&other, &["backup", "list", "--json"]);
    let kinds: Vec<&str> = backups
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["before_import", "before_import"], "{backups}");

    // A file of the wrong kind: exit 1 with what to do.
    let out = shequn(&db, &["scripts", "export", "--out", "x.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(".xlsx"));
}
