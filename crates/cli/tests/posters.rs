//! The poster verbs through the real binary: `templates --json` is a contract.
#![allow(clippy::unwrap_used)]

mod support;
use support::*;

#[test]
fn templates_list_their_id_name_scene_and_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let list = ok_json(&db, &["poster", "templates", "--json"]);
    let list = list.as_array().unwrap();
    assert!(list.len() >= 8);
    for t in list {
        for key in ["id", "name", "scene", "sizes"] {
            assert!(t.get(key).is_some(), "{key} missing in {t}");
        }
        assert_eq!(
            t["sizes"],
            serde_json::json!(["phone", "square", "a4", "a5"])
        );
    }
    let names: Vec<&str> = list.iter().map(|t| t["name"].as_str().unwrap()).collect();
    for scene in [
        "进群有礼",
        "限时活动",
        "会员日",
        "节日",
        "直播预告",
        "知识卡片",
        "群公告卡",
        "老带新",
    ] {
        assert!(names.contains(&scene), "{scene} not in {names:?}");
    }
}

#[test]
fn render_writes_a_png_and_a_pdf_whose_qr_leads_to_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    assert!(
        shequn(&db, &["shop", "set", "--name", "老街面馆"])
            .status
            .success()
    );
    let png = dir.path().join("welcome.png");
    let out = ok_json(
        &db,
        &[
            "poster",
            "render",
            "--template",
            "welcome",
            "--set",
            "headline=今天进群有好礼",
            "--qr-link",
            "https://weixin.qq.com/g/CliPoster",
            "--size",
            "phone",
            "--out",
            png.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(out["qr_link"], "https://weixin.qq.com/g/CliPoster");
    let img = image::open(&png).unwrap();
    assert_eq!((img.width(), img.height()), (1080, 1920));
    let decoded = shequn(&db, &["qr", "decode", png.to_str().unwrap()]);
    assert_eq!(
        String::from_utf8_lossy(&decoded.stdout).trim(),
        "https://weixin.qq.com/g/CliPoster"
    );

    let pdf = dir.path().join("sale.pdf");
    let made = shequn(
        &db,
        &[
            "poster",
            "render",
            "--template",
            "flash_sale",
            "--set",
            "price=9.9",
            "--size",
            "a5",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));

    // Mistakes are named: an unknown field, a price that is not a number, a bad file.
    let bad = shequn(
        &db,
        &[
            "poster",
            "render",
            "--template",
            "welcome",
            "--set",
            "title=x",
            "--size",
            "phone",
            "--out",
            png.to_str().unwrap(),
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains("没有“title”这一项"),
        "{}",
        stderr(&bad)
    );
    let bad = shequn(
        &db,
        &[
            "poster",
            "render",
            "--template",
            "flash_sale",
            "--set",
            "price=九块九",
            "--size",
            "phone",
            "--out",
            png.to_str().unwrap(),
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("活动价"), "{}", stderr(&bad));
    let not_a_photo = dir.path().join("photo.png");
    std::fs::write(&not_a_photo, "不是图片").unwrap();
    let bad = shequn(
        &db,
        &[
            "poster",
            "render",
            "--template",
            "flash_sale",
            "--photo",
            not_a_photo.to_str().unwrap(),
            "--size",
            "phone",
            "--out",
            png.to_str().unwrap(),
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("不是图片"), "{}", stderr(&bad));
}

#[test]
fn assets_add_keeps_the_licence_and_a_web_image_needs_allow_web_image() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let photo = dir.path().join("面.png");
    image::RgbImage::from_fn(320, 240, |x, y| {
        image::Rgb([(x % 250) as u8, (y % 250) as u8, 90])
    })
    .save(&photo)
    .unwrap();
    let web = ok_json(
        &db,
        &[
            "assets",
            "add",
            photo.to_str().unwrap(),
            "--licence",
            "web",
            "--source",
            "https://example.com/a",
            "--json",
        ],
    );
    let id = web["id"].as_i64().unwrap().to_string();
    let listed = ok_json(&db, &["assets", "list", "--json"]);
    assert_eq!(listed[0]["licence"], "web");
    assert_eq!(listed[0]["source"], "https://example.com/a");

    let png = dir.path().join("sale.png");
    let args = [
        "poster",
        "render",
        "--template",
        "flash_sale",
        "--asset",
        &id,
        "--size",
        "phone",
        "--out",
        png.to_str().unwrap(),
    ];
    let refused = shequn(&db, &args);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("网络素材“面.png”"),
        "{}",
        stderr(&refused)
    );
    assert!(!png.exists());
    let mut allowed = args.to_vec();
    allowed.push("--allow-web-image");
    let made = shequn(&db, &allowed);
    assert!(made.status.success(), "{}", stderr(&made));
    assert!(png.exists());

    let bad = shequn(
        &db,
        &[
            "assets",
            "add",
            photo.to_str().unwrap(),
            "--licence",
            "licensed",
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("从哪里买的授权"), "{}", stderr(&bad));
}

#[test]
fn batch_makes_one_referral_poster_per_member_of_the_tier() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
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
    for (name, phone, amount) in [
        ("王芳", "13700000001", "6000"),
        ("李娜", "13700000002", "100"),
    ] {
        assert!(
            shequn(&db, &["members", "add", "--name", name, "--phone", phone])
                .status
                .success()
        );
        assert!(
            shequn(
                &db,
                &["purchases", "add", "--phone", phone, "--amount", amount]
            )
            .status
            .success()
        );
    }
    let folder = dir.path().join("out");
    let report = ok_json(
        &db,
        &[
            "poster",
            "batch",
            "--template",
            "referral",
            "--tier",
            "bronze",
            "--out",
            folder.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(
        (report["made"].as_u64(), report["total"].as_u64()),
        (Some(1), Some(1))
    );
    let files: Vec<_> = std::fs::read_dir(&folder).unwrap().flatten().collect();
    assert_eq!(files.len(), 1);
    assert_eq!(
        files[0].file_name().to_string_lossy(),
        "老带新-王芳-0001.png"
    );
    let none = shequn(
        &db,
        &[
            "poster",
            "batch",
            "--template",
            "referral",
            "--tier",
            "diamond",
            "--out",
            folder.to_str().unwrap(),
        ],
    );
    assert_eq!(none.status.code(), Some(1));
    assert!(stderr(&none).contains("没有符合条件的会员"));
}
