//! Backups of a big shop: `cargo bench -p shequn-core --bench backup`.
//!
//! Target (issue 16, this machine): backing up and verifying a shop of 100,000
//! members and 1,000,000 purchases ≤ 3 s each.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::path::Path;
use std::time::Instant;

use chrono::{Local, NaiveDate};
use shequn_core::Store;
use shequn_core::backup::{self, BackupKind};
use shequn_core::jobs::Job;
use shequn_core::members::{self, import::ImportOptions};

#[path = "support/purchases.rs"]
mod support;

const MEMBERS: u32 = 100_000;
const PURCHASES: u32 = 1_000_000;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn build_shop(dir: &Path) -> Store {
    let mut text = String::from("姓名,手机号,生日,标签,累计消费,积分\n");
    for i in 0..MEMBERS {
        text.push_str(&format!(
            "会员{i},13{:09},{:02}-{:02},{},{},{}\n",
            100_000_000 + i,
            i % 12 + 1,
            i % 28 + 1,
            if i % 3 == 0 { "宝妈" } else { "上班族" },
            i % 20_000,
            i % 500
        ));
    }
    let csv = dir.join("members.csv");
    std::fs::write(&csv, text).unwrap();
    let store = Store::open(&dir.join("data").join("shequn.db"), Local::now())
        .unwrap()
        .0;
    members::import::import(
        &store,
        &csv,
        &ImportOptions::default(),
        today(),
        Local::now(),
        &mut Job::unattended(),
    )
    .unwrap();
    support::add_purchases(store.conn(), MEMBERS, PURCHASES);
    members::ensure_fresh(&store, today()).unwrap();
    store.checkpoint().unwrap();
    // A logo and a small picture library, as a shop has.
    let library = store.assets_dir().join("library");
    std::fs::create_dir_all(&library).unwrap();
    for k in 0..20 {
        std::fs::write(library.join(format!("{k}.jpg")), vec![k as u8; 300_000]).unwrap();
    }
    store
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let store = build_shop(dir.path());
    let db_bytes = std::fs::metadata(dir.path().join("data").join("shequn.db"))
        .unwrap()
        .len();
    println!(
        "shop: {MEMBERS} members, {PURCHASES} purchases, data file {:.0} MB, 20 pictures 6 MB",
        db_bytes as f64 / 1e6
    );
    for _ in 0..2 {
        let started = Instant::now();
        let info = backup::create(
            &store,
            None,
            BackupKind::Manual,
            Local::now(),
            &mut Job::unattended(),
        )
        .unwrap();
        let made = started.elapsed();
        let started = Instant::now();
        backup::verify(Path::new(&info.path), None, &mut Job::unattended()).unwrap();
        let verified = started.elapsed();
        let started = Instant::now();
        let listed = backup::list(&store, None).unwrap();
        println!(
            "backup (copy, integrity check, pack, read back): {:.2} s, file {:.0} MB; verify: {:.2} s; list of {}: {:.1} ms",
            made.as_secs_f64(),
            info.bytes as f64 / 1e6,
            verified.as_secs_f64(),
            listed.len(),
            started.elapsed().as_secs_f64() * 1e3
        );
    }
    // The second place, encrypted: the copy (encrypt, read back through the
    // passphrase) that follows every backup, and a verify of that copy.
    let usb = tempfile::tempdir().unwrap();
    backup::settings::save(
        store.data_dir(),
        &backup::settings::BackupSettingsUpdate {
            second_dir: Some(usb.path().to_string_lossy().into_owned()),
            encrypt_second: true,
            passphrase: Some("基准测试用的备份口令".into()),
            policy: backup::rotation::Policy::default(),
        },
    )
    .unwrap();
    let key = backup::Passphrase::given("基准测试用的备份口令").unwrap();
    let started = Instant::now();
    let report = backup::second_place::update(&store, Local::now(), &mut Job::unattended())
        .unwrap()
        .unwrap();
    let copied = started.elapsed();
    let copy = Path::new(&report.copied[0]);
    let started = Instant::now();
    backup::verify(copy, Some(&key), &mut Job::unattended()).unwrap();
    println!(
        "second place, encrypted: {} copies in {:.2} s ({:.2} s each); verify of one encrypted copy: {:.2} s",
        report.copied.len(),
        copied.as_secs_f64(),
        copied.as_secs_f64() / report.copied.len() as f64,
        started.elapsed().as_secs_f64()
    );
}
