//! A power cut mid-import: the importing process is killed with SIGKILL while its
//! transaction is being written, and the book must be exactly as before.
#![cfg(unix)] // SIGKILL is a Unix signal; Windows has no equivalent to send.
#![allow(clippy::unwrap_used)]

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod support;

/// Runs a command that must succeed.
fn shequn(db: &Path, args: &[&str]) {
    let out = support::shequn(db, args);
    assert!(out.status.success(), "{args:?}: {}", support::stderr(&out));
}

#[path = "../../core/tests/support/tables.rs"]
mod tables;

/// Every row of every member table, and the cache's state, as text.
fn dump(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut all = tables::BOOK.to_vec();
    all.push("cache_state");
    tables::rows(&conn, &all)
}

#[test]
fn an_import_killed_half_way_leaves_the_book_exactly_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    shequn(
        &db,
        &[
            "members",
            "add",
            "--name",
            "老会员",
            "--phone",
            "13800000001",
            "--tag",
            "老客",
        ],
    );
    shequn(
        &db,
        &[
            "purchases",
            "add",
            "--phone",
            "13800000001",
            "--amount",
            "66.60",
        ],
    );
    let before = dump(&db);

    let mut csv = String::from("姓名,手机,标签,累计消费,积分\n");
    for i in 0..300_000u32 {
        csv.push_str(&format!(
            "会员{i},13{:09},团购,{}.50,{}\n",
            100_000_000 + i,
            i % 500,
            i % 90
        ));
    }
    let file = dir.path().join("big.csv");
    std::fs::write(&file, csv).unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_shequn"))
        .arg("--db")
        .arg(&db)
        .args(["members", "import"])
        .arg(&file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the import's transaction is spilling pages into the WAL, then cut.
    let wal = dir.path().join("shop.db-wal");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import finished before it could be killed"
        );
        if std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) > 4 * 1024 * 1024 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the import never started writing"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(9), "killed by SIGKILL");

    assert_eq!(dump(&db), before);
    // And the book still works.
    shequn(&db, &["members", "show", "13800000001", "--json"]);
}
