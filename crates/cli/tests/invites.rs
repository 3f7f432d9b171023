//! The invite verbs through the real binary: the `--json` shapes are a contract.
#![allow(clippy::unwrap_used)]

mod support;
use support::*;

#[test]
fn channel_codes_print_redeem_and_decode_keep_their_json_shapes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    assert!(
        shequn(&db, &["shop", "set", "--name", "老街面馆"])
            .status
            .success()
    );
    let ch = ok_json(
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
            "https://weixin.qq.com/g/AbC",
            "--gift",
            "卤蛋一个",
            "--json",
        ],
    );
    let id = ch["id"].as_i64().unwrap().to_string();
    let codes = ok_json(
        &db,
        &[
            "invites",
            "codes",
            "--channel",
            &id,
            "--count",
            "3",
            "--json",
        ],
    );
    let codes = codes.as_array().unwrap();
    assert_eq!(codes.len(), 3);
    assert_eq!(codes[0]["link"], "https://weixin.qq.com/g/AbC");
    let code = codes[0]["code"].as_str().unwrap();
    assert_eq!(code.len(), 7);

    let pdf = dir.path().join("cards.pdf");
    let out = shequn(
        &db,
        &[
            "invites",
            "print",
            "--channel",
            &id,
            "--layout",
            "a4-8",
            "--count",
            "8",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));

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
            "--json",
        ],
    );
    assert_eq!(r["member_phone"], "13812345678");
    assert_eq!(r["channel"], "收银台立牌");
    assert_eq!(r["gift"], "卤蛋一个");
    assert!(r["referrer_phone"].is_null());
    let again = shequn(
        &db,
        &[
            "invites",
            "redeem",
            code,
            "--phone",
            "13900000000",
            "--name",
            "李四",
            "--json",
        ],
    );
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("用过"));

    let png = dir.path().join("card.png");
    assert!(
        shequn(
            &db,
            &[
                "invites",
                "card-png",
                "--channel",
                &id,
                "--out",
                png.to_str().unwrap()
            ]
        )
        .status
        .success()
    );
    let decoded = shequn(&db, &["qr", "decode", png.to_str().unwrap()]);
    assert!(decoded.status.success());
    assert_eq!(
        String::from_utf8_lossy(&decoded.stdout).trim(),
        "https://weixin.qq.com/g/AbC"
    );
    let none = shequn(&db, &["qr", "decode", pdf.to_str().unwrap()]);
    assert_eq!(none.status.code(), Some(1));

    let g = ok_json(
        &db,
        &[
            "groups",
            "add",
            "--name",
            "老街面馆福利群1号",
            "--type",
            "活动群",
            "--link",
            "https://weixin.qq.com/g/AbC",
            "--json",
        ],
    );
    assert!(g["id"].as_i64().is_some());
    let groups = ok_json(&db, &["groups", "list", "--json"]);
    assert_eq!(groups[0]["name"], "老街面馆福利群1号");
    assert_eq!(groups[0]["qr"]["state"], "valid");
}

#[test]
fn a_members_referral_card_png_is_made_with_member() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    assert!(
        shequn(&db, &["shop", "set", "--name", "老街面馆"])
            .status
            .success()
    );
    assert!(
        shequn(
            &db,
            &["members", "add", "--name", "王芳", "--phone", "13700000001"]
        )
        .status
        .success()
    );
    let png = dir.path().join("referral.png");
    let out = png.to_str().unwrap();
    // No 老带新 channel yet: refused with what to set up.
    let refused = shequn(
        &db,
        &[
            "invites",
            "card-png",
            "--member",
            "13700000001",
            "--out",
            out,
        ],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("老带新"));
    ok_json(
        &db,
        &[
            "invites",
            "channel",
            "add",
            "--name",
            "老带新",
            "--kind",
            "referral",
            "--link",
            "https://weixin.qq.com/g/Refer",
            "--json",
        ],
    );
    let made = shequn(
        &db,
        &[
            "invites",
            "card-png",
            "--member",
            "13700000001",
            "--out",
            out,
        ],
    );
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert!(image::open(&png).unwrap().width() == 1080);
    // Both or neither of --channel / --member is a usage error.
    let both = shequn(
        &db,
        &[
            "invites",
            "card-png",
            "--channel",
            "1",
            "--member",
            "13700000001",
            "--out",
            out,
        ],
    );
    assert_eq!(both.status.code(), Some(2));
}

#[test]
fn members_are_put_in_groups_and_listed_by_group() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let g = ok_json(
        &db,
        &[
            "groups",
            "add",
            "--name",
            "老街面馆福利群1号",
            "--type",
            "活动群",
            "--link",
            "https://weixin.qq.com/g/AbC",
            "--json",
        ],
    );
    let gid = g["id"].as_i64().unwrap().to_string();
    let added = ok_json(
        &db,
        &[
            "members",
            "add",
            "--name",
            "王芳",
            "--phone",
            "13700000001",
            "--group",
            &gid,
            "--json",
        ],
    );
    assert_eq!(added["groups"][0]["name"], "老街面馆福利群1号");
    ok_json(
        &db,
        &[
            "members",
            "add",
            "--name",
            "李娜",
            "--phone",
            "13700000002",
            "--json",
        ],
    );
    let listed = ok_json(&db, &["members", "list", "--group", &gid, "--json"]);
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["王芳"]);
    let unknown = shequn(
        &db,
        &[
            "members",
            "add",
            "--name",
            "赵敏",
            "--phone",
            "13700000003",
            "--group",
            "99",
        ],
    );
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("找不到编号为 99 的群"));
}
