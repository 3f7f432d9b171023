//! 备份与恢复 in the real app: a backup made in the window, a member deleted, the
//! backup restored, and the window shows the member again without a restart.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use chrono::Local;
use shequn_core::Store;
use shequn_core::members::{self, NewMember};
use shequn_e2e::{Result, Sandbox, Session};

const PHONE: &str = "13800004321";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_made_in_the_window_brings_a_deleted_member_back() -> Result<()> {
    let sandbox = Sandbox::new()?;
    std::fs::create_dir_all(sandbox.data_dir())?;
    let db = sandbox.data_dir().join("shequn.db");
    let id = {
        let store = Store::open(&db, Local::now()).unwrap().0;
        let now = Local::now();
        let added = members::add(
            &store,
            &NewMember {
                name: "备份测试会员".into(),
                phone: PHONE.into(),
                ..Default::default()
            },
            now.date_naive(),
            now,
        )
        .unwrap();
        match added {
            members::AddOutcome::Created(m) => m.id,
            members::AddOutcome::Existing(m) => m.id,
        }
    };

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
    app.click("backup-restore").await?;
    let shown = app.text_of("restore-preview").await?;
    // What comes back next to what is there: the member in the backup, none now.
    assert!(
        shown.contains("1 位会员") && shown.contains("0 位会员"),
        "{shown}"
    );
    app.click("restore-ok").await?;
    app.wait_for_text("已恢复").await?;
    app.screenshot("backup-restored").await;
    app.click("restored-reload").await?;

    app.click("nav-members").await?;
    app.wait_for_text("备份测试会员").await?;
    app.screenshot("backup-member-back").await;
    app.quit().await?;

    let store = Store::open(&db, Local::now()).unwrap().0;
    let back = members::get_by_phone(&store, PHONE, Local::now().date_naive()).unwrap();
    assert_eq!(back.name, "备份测试会员");
    let kinds: Vec<_> = shequn_core::backup::list(&store, None)
        .unwrap()
        .into_iter()
        .map(|b| b.kind)
        .collect();
    assert!(
        kinds.contains(&shequn_core::backup::BackupKind::BeforeRestore),
        "{kinds:?}"
    );
    Ok(())
}
