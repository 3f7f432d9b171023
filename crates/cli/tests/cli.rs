//! Round trips through the real `shequn` binary on a temporary database.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

mod support;
use support::*;

/// `shop show --json`, parsed.
fn show_json(db: &Path) -> serde_json::Value {
    serde_json::from_str(&stdout(&shequn(db, &["shop", "show", "--json"]))).unwrap()
}

#[test]
fn shop_set_then_show_json_returns_the_values() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let logo = dir.path().join("logo.png");
    image::RgbImage::from_pixel(40, 40, image::Rgb([10, 20, 30]))
        .save(&logo)
        .unwrap();

    let out = shequn(
        &db,
        &[
            "shop",
            "set",
            "--name",
            "小桃母婴",
            "--slogan",
            "宝宝用的，我们先试",
            "--address",
            "杭州市西湖区文三路 88 号",
            "--phone",
            "0571-88886666",
            "--link",
            "https://example.com/g/abc",
            "--logo",
            logo.to_str().unwrap(),
            "--primary",
            "#d35400",
            "--accent",
            "#2e86c1",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("已保存"));

    let out = shequn(&db, &["shop", "show", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["name"], "小桃母婴");
    assert_eq!(json["slogan"], "宝宝用的，我们先试");
    assert_eq!(json["address"], "杭州市西湖区文三路 88 号");
    assert_eq!(json["phone"], "0571-88886666");
    assert_eq!(json["link"], "https://example.com/g/abc");
    assert_eq!(json["primary"], "#D35400");
    assert_eq!(json["accent"], "#2E86C1");
    assert_eq!(json["rules"]["tiers"]["silver_fen"], 2_000_000);
    assert_eq!(json["rules"]["dormant_days"], 60);
    assert_eq!(json["rules"]["points_per_yuan"], 1);
    let stored = json["logo"].as_str().unwrap();
    assert!(Path::new(stored).starts_with(dir.path().join("assets")));
    assert_eq!(image::open(stored).unwrap().width(), 40);

    // A later set changes only what it names.
    let out = shequn(&db, &["shop", "set", "--name", "小桃母婴·二店"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = show_json(&db);
    assert_eq!(json["name"], "小桃母婴·二店");
    assert_eq!(json["phone"], "0571-88886666");
    assert_eq!(json["logo"].as_str().unwrap(), stored);
}

#[test]
fn bad_input_fails_with_a_chinese_message_and_exit_1_leaving_data_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    assert!(
        shequn(&db, &["shop", "set", "--name", "老街面馆"])
            .status
            .success()
    );

    let out = shequn(
        &db,
        &["shop", "set", "--name", "老街面馆", "--primary", "red"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("主色的格式应为 #RRGGBB"),
        "{}",
        stderr(&out)
    );

    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "不是图片").unwrap();
    let out = shequn(
        &db,
        &[
            "shop",
            "set",
            "--name",
            "改了名字",
            "--logo",
            notes.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("不是图片"), "{}", stderr(&out));

    let json: serde_json::Value = show_json(&db);
    assert_eq!(json["name"], "老街面馆", "nothing half-written");
    assert_eq!(json["primary"], "#1F7A6D");
    assert!(json["logo"].is_null());
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let out = shequn(&db, &["shop", "set", "--slogan", "没有店名"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("命令用法有误"));
    let out = shequn(&db, &["shop", "paint"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn version_and_default_data_dir_from_environment() {
    let out = Command::new(env!("CARGO_BIN_EXE_shequn"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        stdout(&out).trim(),
        format!("shequn {}", env!("CARGO_PKG_VERSION"))
    );

    // Without --db the CLI uses the app's data folder, which SHEQUN_DATA_DIR moves.
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_shequn"))
            .env("SHEQUN_DATA_DIR", dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    assert!(
        run(&["shop", "set", "--name", "环境变量店"])
            .status
            .success()
    );
    assert!(dir.path().join("shequn.db").is_file());
    assert!(stdout(&run(&["shop", "show"])).contains("店铺名称：环境变量店"));
}

/// A portable copy (the Windows .zip on a USB stick): the marker file beside the
/// program puts the data in `shequn-data` beside it, not in the computer's folders.
#[test]
fn a_marker_beside_the_program_keeps_the_data_beside_it() {
    let stick = tempfile::tempdir().unwrap();
    let program = stick.path().join("shequn");
    std::fs::copy(env!("CARGO_BIN_EXE_shequn"), &program).unwrap();
    let home = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(&program)
            .env_remove("SHEQUN_DATA_DIR")
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("share"))
            .args(args)
            .output()
            .unwrap()
    };
    // Without the marker: the computer's data folder.
    assert!(
        run(&["shop", "set", "--name", "电脑里的店"])
            .status
            .success()
    );
    assert!(home.path().join("share/com.shequn.app/shequn.db").is_file());
    // With it: beside the program, and the computer's shop is not touched.
    std::fs::write(stick.path().join("shequn-portable.txt"), "便携版").unwrap();
    assert!(
        run(&["shop", "set", "--name", "U盘里的店"])
            .status
            .success()
    );
    let data = stick.path().join("shequn-data");
    assert!(data.join("shequn.db").is_file());
    let shown = stdout(&run(&["shop", "show"]));
    assert!(shown.contains("店铺名称：U盘里的店"), "{shown}");
    assert!(shown.contains(&data.display().to_string()), "{shown}");
    std::fs::remove_file(stick.path().join("shequn-portable.txt")).unwrap();
    assert!(stdout(&run(&["shop", "show"])).contains("店铺名称：电脑里的店"));
}

#[test]
fn a_database_from_a_newer_app_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    assert!(
        shequn(&db, &["shop", "set", "--name", "未来店"])
            .status
            .success()
    );
    // Pretend a newer app wrote it.
    set_user_version(&db, 999);
    let before = std::fs::read(&db).unwrap();
    let out = shequn(&db, &["shop", "show", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("更新版本"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

/// Sets SQLite's user_version (a big-endian u32 at byte offset 60 of the header)
/// directly in the file, as a newer app would have left it. The CLI closed the
/// database cleanly, so everything is in the main file (no WAL left behind).
fn set_user_version(db: &Path, version: u32) {
    let wal = db.with_extension("db-wal");
    assert!(!wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0);
    let mut bytes = std::fs::read(db).unwrap();
    bytes[60..64].copy_from_slice(&version.to_be_bytes());
    std::fs::write(db, bytes).unwrap();
}

/// `report <verb> --from 2026-11-01 --to 2026-11-30 <tail…>`.
fn november<'a>(verb: &'a str, tail: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["report", verb, "--from", "2026-11-01", "--to", "2026-11-30"];
    args.extend_from_slice(tail);
    args
}

#[test]
fn report_summary_prints_the_period_and_the_one_before() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shequn.db");
    add_member(&db, "王芳", "13800001111", &["--joined", "2026-10-20"]);
    for (yuan, on) in [
        ("128.00", "2026-11-02"),
        ("72.00", "2026-11-12"),
        ("50.00", "2026-10-25"),
    ] {
        add_purchase(&db, "13800001111", yuan, Some(on));
    }
    let summary = ok_json(&db, &november("summary", &["--json"]));
    assert_eq!(summary["sales_fen"], 20_000);
    assert_eq!(summary["orders"], 2);
    assert_eq!(summary["repurchase_interval_days"], 10.0);
    assert_eq!(summary["members"]["total"], 1);
    assert_eq!(summary["previous"]["from"], "2026-10-02");
    assert_eq!(summary["previous"]["sales_fen"], 5_000);
    assert_eq!(summary["previous"]["members"]["new"], 1);
    // The rest of the contract's fields are there.
    for key in ["channels", "groups", "tiers", "referral", "retention_30d"] {
        assert!(summary.get(key).is_some(), "{key} in {summary}");
    }
    assert_eq!(summary["points"]["outstanding_fen"], 250);

    // Without --json: the figures as the window writes them.
    let text = shequn(&db, &november("summary", &[]));
    let text = stdout(&text);
    for wanted in [
        "销售：¥200.00，2 笔，客单价 ¥100.00",
        "复购间隔中位数 10 天",
        "积分负债 ¥2.50",
    ] {
        assert!(text.contains(wanted), "{wanted} not in:\n{text}");
    }

    // The same period as a workbook: the headline numbers as numbers.
    let out = dir.path().join("十一月.xlsx");
    let done = shequn(&db, &november("xlsx", &["--out", out.to_str().unwrap()]));
    assert!(done.status.success(), "{}", stderr(&done));
    assert!(stdout(&done).contains("十一月.xlsx"), "{}", stdout(&done));
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let headline = book.worksheet_range("概要").unwrap();
    assert_eq!(
        headline.get_value((4, 1)),
        Some(&calamine::Data::Float(200.0))
    );
    assert_eq!(
        headline.get_value((4, 2)),
        Some(&calamine::Data::Float(50.0))
    );

    // And as a PDF.
    let pdf = dir.path().join("十一月.pdf");
    let done = shequn(&db, &november("pdf", &["--out", pdf.to_str().unwrap()]));
    assert!(done.status.success(), "{}", stderr(&done));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));

    let bad = shequn(
        &db,
        &[
            "report",
            "summary",
            "--from",
            "2026-11-31",
            "--to",
            "2026-12-01",
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("2026-11-31"), "{}", stderr(&bad));
}
