//! Long jobs in the real app: the window stays usable while an import runs, and a
//! cancel leaves the book as it was.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::path::Path;
use std::time::Duration;

use chrono::Local;
use shequn_core::Store;
use shequn_core::members::{self, NewMember};
use shequn_e2e::{Result, Sandbox, Session};

const ROWS: u32 = 100_000;
const REGULAR: &str = "13800005678";

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// What a person would check in the book: who is in it and what was booked.
fn book_summary(store: &Store) -> Vec<(String, i64)> {
    [
        ("members", "SELECT COUNT(*) FROM members"),
        (
            "members from the file",
            "SELECT COUNT(*) FROM members WHERE phone LIKE '139%'",
        ),
        ("purchases", "SELECT COUNT(*) FROM purchases"),
        (
            "purchased fen",
            "SELECT COALESCE(SUM(amount_fen), 0) FROM purchases",
        ),
        (
            "imported purchases",
            "SELECT COUNT(*) FROM purchases WHERE imported = 1",
        ),
        ("points entries", "SELECT COUNT(*) FROM points_entries"),
        (
            "imported points",
            "SELECT COUNT(*) FROM points_entries WHERE imported = 1",
        ),
        ("tags", "SELECT COUNT(*) FROM member_tags"),
        ("tier changes", "SELECT COUNT(*) FROM tier_changes"),
    ]
    .into_iter()
    .map(|(what, sql)| (what.to_owned(), count(store, sql)))
    .collect()
}

fn write_members_csv(path: &Path) {
    let mut text = String::from("姓名,手机号,累计消费,积分\n");
    for i in 0..ROWS {
        text.push_str(&format!("会员{i},139{i:08},{}.50,{}\n", i % 3000, i % 400));
    }
    std::fs::write(path, text).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn during_a_100k_import_the_counter_finds_a_member_and_books_a_purchase_and_cancel_keeps_only_it()
-> Result<()> {
    let sandbox = Sandbox::new()?;
    std::fs::create_dir_all(sandbox.data_dir())?;
    let db = sandbox.data_dir().join("shequn.db");
    let before = {
        let store = Store::open(&db, Local::now()).unwrap().0;
        let now = Local::now();
        members::add(
            &store,
            &NewMember {
                name: "老顾客".into(),
                phone: REGULAR.into(),
                ..Default::default()
            },
            now.date_naive(),
            now,
        )
        .unwrap();
        book_summary(&store)
    };
    let csv = sandbox.path("十万会员.csv");
    write_members_csv(&csv);

    // Each checked row takes 2 ms (SHEQUN_TEST_JOB_PACE_MS): the import is surely still
    // running while the counter is used, whatever the machine's speed.
    let app = Session::launch(
        &sandbox,
        &[
            ("SHEQUN_TEST_PICK_FILE", &csv),
            ("SHEQUN_TEST_JOB_PACE_MS", Path::new("2")),
        ],
    )
    .await?;
    app.click("nav-members").await?;
    app.click("open-import").await?;
    app.click("import-choose").await?;
    app.click("import-run").await?;
    app.wait_for_text("正在逐行检查").await?;
    app.screenshot("jobs-import-running").await;
    app.click("import-background").await?;
    let stage = app.text_of("job-stage").await?;
    assert!(stage.contains("正在逐行检查"), "{stage}");

    // At the counter while the import runs: found by the phone's tail, ¥88 booked.
    app.type_into("counter-search", &REGULAR[7..]).await?;
    app.click(&format!("counter-option-{REGULAR}")).await?;
    app.type_into("counter-amount", "88").await?;
    app.press_enter("counter-amount").await?;
    app.wait_for_text("消费已记录：现为普通").await?;
    // Still running: the purchase did not wait for the import to end.
    let stage = app.text_of("job-stage").await?;
    assert!(stage.contains("正在逐行检查"), "{stage}");
    app.screenshot("jobs-counter-during-import").await;

    app.click("job-cancel").await?;
    app.wait_for_text("导入已取消，没有写入任何数据").await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.quit().await?;

    let store = Store::open(&db, Local::now()).unwrap().0;
    let after = book_summary(&store);
    let mut expected = before.clone();
    for (what, n) in &mut expected {
        match what.as_str() {
            "purchases" => *n += 1,
            "purchased fen" => *n += 8_800,
            // The purchase's points (1 per yuan by default).
            "points entries" => *n += 1,
            _ => {}
        }
    }
    assert_eq!(after, expected);
    let regular = members::get_by_phone(&store, REGULAR, Local::now().date_naive()).unwrap();
    assert_eq!((regular.spend_12m_fen, regular.points), (8_800, 88));
    Ok(())
}
