//! 备份与恢复 in the real app: a backup made in the window, a member deleted, the
//! backup restored, and the window shows the member again without a restart.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use chrono::Local;
use shequn_core::Store;
use shequn_core::members::{self, NewMember};
use shequn_e2e::{Result, Sandbox, Session};

const PHONE: &str = "13800004321";

/// A member in the data file at `db` (made if need be), as the owner added them.
fn add_member(db: &std::path::Path, name: &str, phone: &str) -> i64 {
    let store = Store::open(db, Local::now()).unwrap().0;
    let now = Local::now();
    let added = members::add(
        &store,
        &NewMember {
            name: name.into(),
            phone: phone.into(),
            ..Default::default()
        },
        now.date_naive(),
        now,
    )
    .unwrap();
    match added {
        members::AddOutcome::Created(m) | members::AddOutcome::Existing(m) => m.id,
    }
}

/// Restores through `button` as the owner does: the preview shows one member in the
/// backup and none now, 恢复, 重新载入, and the members page shows `member`.
async fn restore_in_window(app: &Session, button: &str, member: &str) -> Result<()> {
    app.click(button).await?;
    let shown = app.text_of("restore-preview").await?;
    assert!(
        shown.contains("1 位会员") && shown.contains("0 位会员"),
        "{shown}"
    );
    app.click("restore-ok").await?;
    app.wait_for_text("已恢复").await?;
    app.screenshot(&format!("restored-via-{button}")).await;
    app.click("restored-reload").await?;
    app.click("nav-members").await?;
    app.wait_for_text(member).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_made_in_the_window_brings_a_deleted_member_back() -> Result<()> {
    let sandbox = Sandbox::new()?;
    std::fs::create_dir_all(sandbox.data_dir())?;
    let db = sandbox.data_dir().join("shequn.db");
    let id = add_member(&db, "备份测试会员", PHONE);

    let app = Session::launch(&sandbox, &[]).await?;
    app.click("nav-backup").await?;
    app.click("backup-now").await?;
    app.wait_for_text("已备份并验证").await?;
    app.wait_for_text("手动").await?;
    app.screenshot("backup-list").await;

    // The member is deleted (on a connection of its own, as the CLI would).
    {
        let store = Store::open(&db, Local::now()).unwrap().0;
        members::delete(&store, id, Local::now()).unwrap();
    }
    app.click("nav-members").await?;
    app.click("nav-backup").await?;

    // Newest first: the hand-made backup is the first row.
    restore_in_window(&app, "backup-restore", "备份测试会员").await?;
    app.screenshot("backup-member-back").await;
    app.quit().await?;

    let store = Store::open(&db, Local::now()).unwrap().0;
    let back = members::get_by_phone(&store, PHONE, Local::now().date_naive()).unwrap();
    assert_eq!(back.name, "备份测试会员");
    let kinds: Vec<_> = shequn_core::backup::list(&store, None)
        .unwrap()
        .into_iter()
        .map(|b| b.contents.kind)
        .collect();
    assert!(
        kinds.contains(&shequn_core::backup::BackupKind::BeforeRestore),
        "{kinds:?}"
    );
    Ok(())
}

/// A sizeable shop opened twice in one day: the first start makes the day's backup
/// (on a thread of its own), the second makes none. Both cold starts are printed:
/// were the backup in the way, the first would be slower by the backup's length.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_big_shop_gets_one_daily_backup_and_starts_as_fast_with_it_as_without() -> Result<()> {
    const ROWS: u32 = 50_000;
    let sandbox = Sandbox::new()?;
    std::fs::create_dir_all(sandbox.data_dir())?;
    let db = sandbox.data_dir().join("shequn.db");
    {
        let mut text = String::from("姓名,手机号,累计消费,积分\n");
        for i in 0..ROWS {
            text.push_str(&format!("会员{i},139{i:08},{}.50,{}\n", i % 3000, i % 400));
        }
        let csv = sandbox.path("五万会员.csv");
        std::fs::write(&csv, text)?;
        let store = Store::open(&db, Local::now()).unwrap().0;
        let now = Local::now();
        members::import::import(
            &store,
            &csv,
            &members::import::ImportOptions::default(),
            now.date_naive(),
            now,
            &mut shequn_core::jobs::Job::unattended(),
        )
        .unwrap();
    }
    let backups = || -> Vec<String> {
        let store = Store::open(&db, Local::now()).unwrap().0;
        shequn_core::backup::list(&store, None)
            .unwrap()
            .into_iter()
            .map(|b| b.path)
            .collect()
    };

    let mut starts = Vec::new();
    for launch in 0..2 {
        let app = Session::launch(&sandbox, &[]).await?;
        let first_paint = app.first_paint_ms().await?;
        starts.push((app.cold_start.as_millis(), first_paint));
        app.click("nav-members").await?;
        app.wait_for_text("会员49999").await?;
        if launch == 0 {
            // The day's backup appears (verified before it gets its name).
            let started = std::time::Instant::now();
            while backups().is_empty() {
                assert!(
                    started.elapsed() < std::time::Duration::from_secs(120),
                    "the daily backup never appeared"
                );
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        }
        app.quit().await?;
    }
    let made = backups();
    assert_eq!(made.len(), 1, "one backup a day: {made:?}");
    println!(
        "[bench] {ROWS} members: cold start to first paint with the day's backup due {} ms (first frame {:.0} ms), same day again {} ms (first frame {:.0} ms)",
        starts[0].0, starts[0].1, starts[1].0, starts[1].1
    );
    Ok(())
}

/// 换电脑: a backup made on another computer is picked from a file and restored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_from_another_computer_is_restored_from_a_file() -> Result<()> {
    // The old computer's shop, backed up to a "USB stick".
    let old = tempfile::tempdir()?;
    let stick = tempfile::tempdir()?;
    let file = {
        add_member(
            &old.path().join("shequn.db"),
            "老电脑上的会员",
            "13900001111",
        );
        let store = Store::open(&old.path().join("shequn.db"), Local::now())
            .unwrap()
            .0;
        let now = Local::now();
        shequn_core::backup::create(
            &store,
            Some(stick.path()),
            shequn_core::backup::BackupKind::Manual,
            now,
            &mut shequn_core::jobs::Job::unattended(),
        )
        .unwrap()
        .path
    };

    let sandbox = Sandbox::new()?;
    let app = Session::launch(
        &sandbox,
        &[("SHEQUN_TEST_PICK_FILE", std::path::Path::new(&file))],
    )
    .await?;
    app.click("nav-backup").await?;
    restore_in_window(&app, "restore-from-file", "老电脑上的会员").await?;
    app.quit().await?;
    Ok(())
}
