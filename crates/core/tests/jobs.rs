//! A long job on its own connection while the counter goes on: what the window does
//! during an import, checked on a real data file with two connections.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use shequn_core::jobs::{CancelToken, Job, Stage};
use shequn_core::members::import::ImportOptions;
use shequn_core::members::{self, MemberQuery};
use shequn_core::{Code, Store};

#[path = "support/book.rs"]
mod book;
use book::{now, today};

fn members_file(dir: &Path, rows: u32) -> std::path::PathBuf {
    let mut text = String::from("姓名,手机,累计消费,积分\n");
    for i in 0..rows {
        text.push_str(&format!("会员{i},1390000{i:04},{},{}\n", i % 900, i % 50));
    }
    let path = dir.join("名单.csv");
    std::fs::write(&path, text).unwrap();
    path
}

fn find_by_tail(store: &Store, tail: &str) -> Vec<String> {
    members::list(
        store,
        &MemberQuery {
            search: Some(tail.into()),
            ..Default::default()
        },
        today(),
    )
    .unwrap()
    .members
    .into_iter()
    .map(|m| m.name)
    .collect()
}

/// The counter keeps working while an import is checking its rows on the job's own
/// connection; cancelled, the book is as before plus that purchase.
#[test]
fn the_counter_works_while_an_import_checks_and_a_cancel_leaves_only_its_purchase() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("shequn.db"), now()).unwrap().0;
    let regular = book::member(&store, "老顾客", "13800005678");
    let file = members_file(dir.path(), 5_000);
    let before = book::rows(&store);

    let token = CancelToken::new();
    let (started, checking) = mpsc::channel();
    let job_store = store.reopen().unwrap();
    let job_token = token.clone();
    let import = std::thread::spawn(move || {
        let mut job = Job::new(job_token, move |p| {
            if p.stage == Stage::Checking && p.done >= 100 {
                let _ = started.send(());
            }
        })
        // Each row takes a millisecond: the checking surely outlasts the counter's work.
        .pace_checking(Some(Duration::from_millis(1)));
        members::import::import(
            &job_store,
            &file,
            &ImportOptions::default(),
            today(),
            now(),
            &mut job,
        )
    });
    checking.recv_timeout(Duration::from_secs(30)).unwrap();

    // At the counter meanwhile: found by the phone's tail, and a purchase booked.
    assert_eq!(find_by_tail(&store, "5678"), ["老顾客"]);
    members::record_purchase(
        &store,
        regular.id,
        8_800,
        today(),
        "面食",
        "",
        today(),
        now(),
    )
    .unwrap();
    let with_purchase = book::rows(&store);
    assert_ne!(with_purchase, before);

    token.cancel();
    let err = import.join().unwrap().unwrap_err();
    assert_eq!(err.code(), Code::Cancelled);
    assert_eq!(err.to_string(), "导入已取消，没有写入任何数据");
    assert_eq!(book::rows(&store), with_purchase);
    assert_eq!(
        members::get(&store, regular.id, today())
            .unwrap()
            .spend_12m_fen,
        8_800
    );
}

/// A purchase made while the import writes waits for its one transaction and then
/// lands: nothing fails, and the book ends with both.
#[test]
fn a_purchase_during_the_import_write_waits_its_turn_and_both_land() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("shequn.db"), now()).unwrap().0;
    let regular = book::member(&store, "老顾客", "13800005678");
    let file = members_file(dir.path(), 5_000);

    let (writing, write_started) = mpsc::channel();
    let job_store = store.reopen().unwrap();
    let import = std::thread::spawn(move || {
        let mut job = Job::new(CancelToken::new(), move |p| {
            if p.stage == Stage::Writing {
                let _ = writing.send(());
            }
        });
        members::import::import(
            &job_store,
            &file,
            &ImportOptions::default(),
            today(),
            now(),
            &mut job,
        )
    });
    write_started.recv_timeout(Duration::from_secs(30)).unwrap();
    members::record_purchase(&store, regular.id, 1_200, today(), "", "", today(), now()).unwrap();
    let report = import.join().unwrap().unwrap();
    assert_eq!((report.imported, report.written), (5_000, true));
    assert_eq!(
        members::get(&store, regular.id, today())
            .unwrap()
            .spend_12m_fen,
        1_200
    );
    assert_eq!(find_by_tail(&store, "0042"), ["会员42"]);
}

/// A store in memory has no file for a second connection: said plainly.
#[test]
fn a_store_in_memory_cannot_be_reopened_for_a_job() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::in_memory(dir.path()).unwrap();
    let Err(err) = store.reopen() else {
        panic!("reopened a store in memory");
    };
    assert_eq!(err.code(), Code::Internal);
}
