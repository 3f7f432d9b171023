//! Member book at shop scale: `cargo bench -p shequn-core --bench members`.
//!
//! Targets (issues 3 and 15, this machine): import 100,000 rows with spend and
//! points from CSV ≤ 0.6 s and XLSX ≤ 1 s (issue 3 asked 1.5 s and 3 s); search
//! over 100,000 members ≤ 30 ms p95; recompute tiers for 100,000 members with
//! 1,000,000 purchases ≤ 2 s; and the import's peak memory, measured in a child
//! process of its own (VmHWM). Measured at ca4fcfc: CSV ~0.7 s and XLSX ~0.87 s,
//! where SQLite alone writing the same rows and indexes takes 0.65–0.72 s (the
//! 0.6 s asked is below that; see issue 15's notes).
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{Local, NaiveDate};
use shequn_core::Store;
use shequn_core::jobs::Job;
use shequn_core::members::import::ImportOptions;
use shequn_core::members::{self, MemberQuery};

#[path = "support/purchases.rs"]
mod support;

const MEMBERS: u32 = 100_000;
const PURCHASES: u32 = 1_000_000;
const SURNAMES: [&str; 12] = [
    "张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙",
];
const GIVEN: [&str; 12] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军",
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn name(i: u32) -> String {
    format!(
        "{}{}{}",
        SURNAMES[(i % 12) as usize],
        GIVEN[(i / 12 % 12) as usize],
        GIVEN[(i / 144 % 12) as usize]
    )
}

fn phone(i: u32) -> String {
    format!("13{:09}", 100_000_000 + i)
}

fn write_csv(path: &Path) {
    let mut text = String::from("姓名,手机号,生日,性别,标签,累计消费,积分,入会时间\n");
    for i in 0..MEMBERS {
        text.push_str(&format!(
            "{},{},{:02}-{:02},{},{},{}.{:02},{},2025-{:02}-{:02}\n",
            name(i),
            phone(i),
            i % 12 + 1,
            i % 28 + 1,
            if i % 2 == 0 { "女" } else { "男" },
            if i % 3 == 0 { "宝妈" } else { "上班族" },
            i % 20_000,
            i % 100,
            i % 500,
            i % 12 + 1,
            i % 28 + 1,
        ));
    }
    std::fs::write(path, text).unwrap();
}

fn write_xlsx(path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["姓名", "手机号", "生日", "累计消费", "积分"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for i in 0..MEMBERS {
        let r = i + 1;
        sheet.write_string(r, 0, name(i)).unwrap();
        sheet
            .write_number(r, 1, phone(i).parse::<f64>().unwrap())
            .unwrap();
        sheet
            .write_string(r, 2, format!("{:02}-{:02}", i % 12 + 1, i % 28 + 1))
            .unwrap();
        sheet.write_number(r, 3, f64::from(i % 20_000)).unwrap();
        sheet.write_number(r, 4, f64::from(i % 500)).unwrap();
    }
    book.save(path).unwrap();
}

fn fresh_store(dir: &Path, label: &str) -> Store {
    Store::open(&dir.join(format!("{label}.db")), Local::now())
        .unwrap()
        .0
}

fn import(store: &Store, file: &Path) -> Duration {
    let started = Instant::now();
    let report = members::import::import(
        store,
        file,
        &ImportOptions::default(),
        today(),
        Local::now(),
        &mut Job::unattended(),
    )
    .unwrap();
    let took = started.elapsed();
    assert_eq!((report.imported, report.errors.len()), (MEMBERS, 0));
    took
}

/// The same file again with update: every row is a member already.
fn reimport(store: &Store, file: &Path) -> Duration {
    let started = Instant::now();
    let report = members::import::import(
        store,
        file,
        &ImportOptions {
            on_duplicate: shequn_core::members::import::OnDuplicate::Update,
            ..ImportOptions::default()
        },
        today(),
        Local::now(),
        &mut Job::unattended(),
    )
    .unwrap();
    assert_eq!(report.updated, MEMBERS);
    started.elapsed()
}

/// A label and how to make the k-th query of that kind.
type QueryKind = (&'static str, fn(u32) -> String);

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 * p) as usize).min(sorted.len() - 1);
    sorted[i].as_secs_f64() * 1e3
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn main() {
    // Child mode: import one file and report this process's peak memory.
    if let Ok(file) = std::env::var("SHEQUN_BENCH_IMPORT") {
        let dir = tempfile::tempdir().unwrap();
        let store = fresh_store(dir.path(), "child");
        let before = peak_rss_kib();
        let took = import(&store, Path::new(&file));
        println!("{} {} {}", took.as_millis(), before, peak_rss_kib());
        return;
    }
    // Re-import mode: import one file into a fresh book, then time importing it
    // again with update (用文件覆盖), for profiling that path on its own.
    if let Ok(file) = std::env::var("SHEQUN_BENCH_REIMPORT") {
        let dir = tempfile::tempdir().unwrap();
        let store = fresh_store(dir.path(), "child");
        import(&store, Path::new(&file));
        let took = reimport(&store, Path::new(&file));
        println!("{}", took.as_millis());
        return;
    }
    // Files mode: write the bench's CSV and XLSX into a folder, for profiling one
    // import under perf or callgrind in child mode.
    if let Ok(dir) = std::env::var("SHEQUN_BENCH_WRITE_FILES") {
        write_csv(&Path::new(&dir).join("members.csv"));
        write_xlsx(&Path::new(&dir).join("members.xlsx"));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("members.csv");
    let xlsx = dir.path().join("members.xlsx");
    write_csv(&csv);
    write_xlsx(&xlsx);

    for (label, file) in [("CSV", &csv), ("XLSX", &xlsx)] {
        let store = fresh_store(dir.path(), label);
        let took = import(&store, file);
        // What the job runner does after the window heard "done" (Store::checkpoint).
        let started = Instant::now();
        store.checkpoint().unwrap();
        println!(
            "import {MEMBERS} rows from {label}: {:.2} s (then the WAL checkpoint, after the window hears done: {:.2} s)",
            took.as_secs_f64(),
            started.elapsed().as_secs_f64()
        );
    }
    for (label, file) in [("CSV", &csv), ("XLSX", &xlsx)] {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .env("SHEQUN_BENCH_IMPORT", file)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let numbers: Vec<u64> = text
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        if let [ms, base, peak] = numbers[..] {
            println!(
                "import {label} in its own process: {ms} ms, peak RSS {:.0} MiB (baseline {:.0} MiB)",
                peak as f64 / 1024.0,
                base as f64 / 1024.0
            );
        }
    }

    // Search over the CSV-imported book.
    let store = Store::open(&dir.path().join("CSV.db"), Local::now())
        .unwrap()
        .0;

    // The same file again with update (用文件覆盖): every row is a member already, and
    // the imported spend and points already equal the file's, so nothing is written
    // to the ledgers; the time is the checks per member.
    let ledger_rows = |store: &Store| -> i64 {
        store
            .conn()
            .query_row(
                "SELECT (SELECT COUNT(*) FROM purchases) + (SELECT COUNT(*) FROM points_entries)",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    let before = ledger_rows(&store);
    let took = reimport(&store, &csv);
    assert_eq!(
        ledger_rows(&store),
        before,
        "a second import with update adds nothing"
    );
    println!(
        "re-import the same {MEMBERS} rows from CSV with update: {:.2} s",
        took.as_secs_f64()
    );
    let kinds: [QueryKind; 5] = [
        ("last 4 digits", |k| phone(k * 331)[7..].to_owned()),
        ("pinyin initials", |_| "zwf".to_owned()),
        ("full pinyin prefix", |_| "wang".to_owned()),
        ("name substring", |k| name(k * 97).chars().take(2).collect()),
        ("no search, first page", |_| String::new()),
    ];
    let mut all: Vec<Duration> = Vec::new();
    for (label, make) in kinds {
        let mut times: Vec<Duration> = (0..100u32)
            .map(|k| {
                let q = make(k);
                let query = MemberQuery {
                    search: (!q.is_empty()).then_some(q.clone()),
                    limit: Some(50),
                    ..Default::default()
                };
                let started = Instant::now();
                let page = members::list(&store, &query, today()).unwrap();
                let took = started.elapsed();
                assert!(page.total > 0, "{q}");
                took
            })
            .collect();
        times.sort();
        println!(
            "  search by {label}: p50 {:.1} ms, p95 {:.1} ms",
            percentile(&times, 0.5),
            percentile(&times, 0.95)
        );
        all.extend(times);
    }
    all.sort();
    println!(
        "search over {MEMBERS} members (page of 50 + total), all kinds: p50 {:.1} ms, p95 {:.1} ms",
        percentile(&all, 0.5),
        percentile(&all, 0.95)
    );

    // Tier recompute with 1,000,000 purchases.
    let conn = store.conn();
    support::add_purchases(conn, MEMBERS, PURCHASES);
    let started = Instant::now();
    members::ensure_fresh(&store, today()).unwrap();
    println!(
        "recompute spend, points, tiers, birthdays for {MEMBERS} members / {PURCHASES} purchases: {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let _: PathBuf = csv;
}
