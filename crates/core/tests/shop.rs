//! Feature-level flows of the shop profile against a real SQLite file.
#![allow(clippy::unwrap_used)]

use std::io::Cursor;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, TimeZone};
use shequn_core::shop::{self, BusinessRules, ShopUpdate};
use shequn_core::{Code, Store};

#[path = "support/pictures.rs"]
mod pictures;
use pictures::png_bomb;

fn now() -> DateTime<Local> {
    Local
        .with_ymd_and_hms(2026, 11, 22, 10, 0, 0)
        .single()
        .unwrap()
}

fn open(dir: &Path) -> Store {
    Store::open(&dir.join("shequn.db"), now()).unwrap().0
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_pixel(width, height, image::Rgba([31, 122, 109, 255]));
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn named(name: &str) -> ShopUpdate {
    ShopUpdate {
        name: Some(name.to_owned()),
        ..ShopUpdate::default()
    }
}

#[test]
fn a_fresh_store_has_the_playbook_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let profile = shop::get(&store).unwrap();
    assert_eq!(profile.name, "");
    assert_eq!(profile.rules, BusinessRules::default());
    assert_eq!(profile.rules.tiers.bronze_fen, 5_000 * 100);
    assert_eq!(profile.rules.tiers.diamond_fen, 100_000 * 100);
    assert_eq!(profile.rules.dormant_days, 60);
    assert_eq!(profile.rules.points_per_yuan, 1);
}

#[test]
fn saved_values_survive_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = open(dir.path());
        let mut rules = BusinessRules::default();
        rules.tiers.silver_fen = 3_000_000;
        rules.dormant_days = 45;
        let change = ShopUpdate {
            name: Some("  鲜果时光·南山店 ".into()),
            slogan: Some("每天新鲜到店".into()),
            phone: Some("0755-26881234".into()),
            link: Some("https://example.com/join".into()),
            primary: Some("#c0392b".into()),
            rules: Some(rules),
            ..ShopUpdate::default()
        };
        shop::update(&store, &change, None, now()).unwrap();
    }
    let store = open(dir.path());
    let profile = shop::get(&store).unwrap();
    assert_eq!(profile.name, "鲜果时光·南山店", "trimmed");
    assert_eq!(profile.primary, "#C0392B", "normalised");
    assert_eq!(profile.accent, "#F29F3D", "untouched default");
    assert_eq!(profile.rules.tiers.silver_fen, 3_000_000);
    assert_eq!(profile.rules.dormant_days, 45);
    assert_eq!(
        profile.updated_at.as_deref().map(|s| &s[..19]),
        Some("2026-11-22T10:00:00")
    );
}

#[test]
fn bad_values_are_all_reported_beside_their_fields_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    shop::update(&store, &named("老街面馆"), None, now()).unwrap();
    let before = shop::get(&store).unwrap();

    let mut rules = BusinessRules::default();
    rules.tiers.gold_fen = rules.tiers.silver_fen; // not above 银牌
    rules.dormant_days = 0;
    let change = ShopUpdate {
        name: Some("   ".into()),
        phone: Some("12345".into()),
        link: Some("www.example.com".into()),
        primary: Some("green".into()),
        rules: Some(rules),
        ..ShopUpdate::default()
    };
    let err = shop::update(&store, &change, None, now()).unwrap_err();
    assert_eq!(err.code(), Code::Validation);
    let fields: Vec<String> = err.fields().into_iter().map(|f| f.field).collect();
    assert_eq!(
        fields,
        [
            "name",
            "phone",
            "link",
            "primary",
            "rules.tiers.gold_fen",
            "rules.dormant_days"
        ]
    );
    let payload = err.payload();
    assert!(
        payload.message.contains("请填写店铺名称"),
        "{}",
        payload.message
    );
    assert!(
        payload.fields[4]
            .message
            .contains("金牌门槛（¥20,000）要高于银牌门槛（¥20,000）"),
        "{:?}",
        payload.fields[4]
    );
    assert_eq!(shop::get(&store).unwrap(), before);
}

#[test]
fn a_logo_is_stored_resized_as_png_in_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let source = write(dir.path(), "big-logo.png", &png(2400, 1200));
    let profile = shop::set_logo(&store, &source, now()).unwrap();
    let stored = PathBuf::from(profile.logo.expect("logo set"));
    assert!(stored.starts_with(dir.path().join("assets")), "{stored:?}");
    let img = image::open(&stored).unwrap();
    assert_eq!((img.width(), img.height()), (1024, 512));
    assert_eq!(
        shop::logo_png(&store).unwrap().unwrap(),
        std::fs::read(&stored).unwrap()
    );
}

#[test]
fn jpeg_and_webp_logos_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let img = image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
        64,
        48,
        image::Rgb([200, 30, 30]),
    ));
    for (name, format) in [
        ("a.jpg", image::ImageFormat::Jpeg),
        ("b.webp", image::ImageFormat::WebP),
    ] {
        let mut bytes = Vec::new();
        img.write_to(&mut Cursor::new(&mut bytes), format).unwrap();
        let source = write(dir.path(), name, &bytes);
        let profile = shop::set_logo(&store, &source, now()).unwrap();
        let stored = image::open(profile.logo.unwrap()).unwrap();
        assert_eq!((stored.width(), stored.height()), (64, 48), "{name}");
    }
}

#[test]
fn bad_logos_are_refused_and_the_old_logo_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    shop::update(&store, &named("花漾美甲"), None, now()).unwrap();
    let good = write(dir.path(), "good.png", &png(300, 300));
    let kept = shop::set_logo(&store, &good, now()).unwrap();
    let kept_bytes = std::fs::read(kept.logo.as_ref().unwrap()).unwrap();

    let mut too_big = b"\x89PNG\r\n\x1a\n".to_vec();
    too_big.resize(11 * 1024 * 1024, 0);
    let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "notes.txt",
            "会员名单：张三、李四".as_bytes().to_vec(),
            "不是图片",
        ),
        ("fake.png", b"\x89PNG\r\n\x1a\nbroken".to_vec(), "损坏"),
        ("huge.png", too_big, "超过了 10 MB"),
        ("bomb.png", png_bomb(), "60000×60000"),
        ("anim.gif", gif, "不支持 GIF"),
    ];
    for (name, bytes, expected) in cases {
        let source = write(dir.path(), name, &bytes);
        let err = shop::set_logo(&store, &source, now()).unwrap_err();
        assert_eq!(err.code(), Code::Validation, "{name}: {err:?}");
        assert!(err.to_string().contains(expected), "{name}: {err}");
        assert_eq!(err.fields()[0].field, "logo");
        assert_eq!(
            shop::get(&store).unwrap(),
            kept,
            "{name}: profile unchanged"
        );
        assert_eq!(
            std::fs::read(kept.logo.as_ref().unwrap()).unwrap(),
            kept_bytes
        );
    }
    let missing = dir.path().join("no-such.png");
    let err = shop::set_logo(&store, &missing, now()).unwrap_err();
    assert_eq!(err.code(), Code::NotFound);
    assert_eq!(shop::get(&store).unwrap(), kept);
    // Only the one kept logo is in the assets folder: no half-written leftovers.
    assert_eq!(std::fs::read_dir(store.assets_dir()).unwrap().count(), 1);
}

#[test]
fn replacing_and_clearing_the_logo_removes_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let first = shop::set_logo(&store, &write(dir.path(), "1.png", &png(10, 10)), now()).unwrap();
    let second = shop::set_logo(&store, &write(dir.path(), "2.png", &png(20, 20)), now()).unwrap();
    assert!(!Path::new(first.logo.as_ref().unwrap()).exists());
    assert!(Path::new(second.logo.as_ref().unwrap()).exists());
    let cleared = shop::clear_logo(&store, now()).unwrap();
    assert_eq!(cleared.logo, None);
    assert_eq!(std::fs::read_dir(store.assets_dir()).unwrap().count(), 0);
}

/// 开店向导 opens by itself on a new data file only, shows what each step has done,
/// and stops opening once finished (or skipped).
#[test]
fn the_setup_wizard_opens_on_a_new_shop_until_it_is_finished() {
    use shequn_core::members::{self, NewMember};
    use shequn_core::setup;
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let fresh = setup::status(&store, now()).unwrap();
    assert!(fresh.opens_at_start && !fresh.done, "{fresh:?}");
    assert_eq!(
        (
            fresh.members,
            fresh.groups,
            fresh.channels,
            fresh.printed_codes
        ),
        (0, 0, 0, 0)
    );

    shop::update(&store, &named("花漾烘焙"), None, now()).unwrap();
    let named_only = setup::status(&store, now()).unwrap();
    // A named shop is one its owner has started on: the wizard waits to be asked.
    assert!(!named_only.opens_at_start && !named_only.done);
    assert_eq!(named_only.shop_name, "花漾烘焙");

    members::add(
        &store,
        &NewMember {
            name: "第一位会员".into(),
            phone: "13800000001".into(),
            ..Default::default()
        },
        now().date_naive(),
        now(),
    )
    .unwrap();
    assert_eq!(setup::status(&store, now()).unwrap().members, 1);

    let done = setup::finish(&store, now()).unwrap();
    assert!(done.done && !done.opens_at_start);
    // Finishing again keeps it finished (and the first time).
    assert!(setup::finish(&store, now()).unwrap().done);

    // An unnamed book that already has members (one that was in use before the
    // wizard existed) never opens it unasked.
    let other = tempfile::tempdir().unwrap();
    let store = open(other.path());
    members::add(
        &store,
        &NewMember {
            name: "老会员".into(),
            phone: "13800000002".into(),
            ..Default::default()
        },
        now().date_naive(),
        now(),
    )
    .unwrap();
    let in_use = setup::status(&store, now()).unwrap();
    assert!(!in_use.opens_at_start && !in_use.done);
}
