//! The member book's own tables: their migrations and the plans of hot queries,
//! tested beside the code that owns them (the db module migrates every feature's
//! tables but names none).

use rusqlite::Connection;

use crate::db::tests::now;
use crate::db::{MIGRATIONS, open};

#[test]
fn a_version_2_book_keeps_its_rules_with_checks_that_need_no_temporary_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shequn.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.execute_batch(MIGRATIONS[1]).unwrap();
        conn.pragma_update(None, "user_version", 2).unwrap();
        conn.execute_batch(
            "INSERT INTO members (name, phone, gender, joined_on, created_at, updated_at)
             VALUES ('张三', '13812345678', 'female', '2026-01-01', 'x', 'x');
             INSERT INTO points_entries (member_id, delta, kind, occurred_on, created_at)
             VALUES (1, 10, 'award', '2026-01-01', 'x');",
        )
        .unwrap();
    }
    let (conn, _) = open(&path, now()).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let kept: (String, i64) = conn
        .query_row(
            "SELECT m.gender, p.delta FROM members m JOIN points_entries p ON p.member_id = m.id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(kept, ("female".to_owned(), 10));
    // The rules still hold...
    for bad in [
        "INSERT INTO members (name, phone, gender, joined_on, created_at, updated_at)
         VALUES ('李四', '13912345678', 'robot', '2026-01-01', 'x', 'x')",
        "UPDATE members SET status = 'gone'",
        "INSERT INTO points_entries (member_id, delta, kind, occurred_on, created_at)
         VALUES (1, 10, 'gift', '2026-01-01', 'x')",
    ] {
        let err = conn.execute(bad, []).unwrap_err();
        assert!(err.to_string().contains("CHECK"), "{bad}: {err}");
    }
    // ...and inserting no longer builds a throwaway table for them.
    for insert in [
        "INSERT INTO members (name, phone, gender, status, joined_on, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        "INSERT INTO points_entries (member_id, delta, kind, occurred_on, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    ] {
        let mut stmt = conn.prepare(&format!("EXPLAIN {insert}")).unwrap();
        let nulls = vec![rusqlite::types::Value::Null; stmt.parameter_count()];
        let ops: Vec<String> = stmt
            .query_map(rusqlite::params_from_iter(nulls), |r| r.get(1))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            !ops.iter().any(|op| op == "OpenEphemeral"),
            "{insert}: {ops:?}"
        );
    }
}

/// The per-member ledger reads stay on this member's rows: `EXPLAIN QUERY PLAN`
/// searches purchases by member, never through the UNIQUE reverses_id index (which
/// SQLite, taking `IS NULL` on a unique column for one row, once walked for every
/// member: minutes for a re-import of 100,000).
#[test]
fn per_member_purchase_reads_search_by_member() {
    let dir = tempfile::tempdir().unwrap();
    let (conn, _) = open(&dir.path().join("plan.db"), now()).unwrap();
    for sql in [
        super::ledger::FIRST_PURCHASE,
        super::import::existing::CURRENT_IMPORTED,
    ] {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let plan: Vec<String> = stmt
            .query_map([1], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            plan.iter()
                .any(|step| step.contains("purchases_member_date (member_id=?)")),
            "{sql}: {plan:?}"
        );
        assert!(
            !plan.iter().any(
                |step| step.starts_with("SEARCH p") && step.contains("reverses_id")
                    || step.starts_with("SEARCH purchases") && step.contains("reverses_id")
            ),
            "{sql}: {plan:?}"
        );
    }
}

/// A data file at `version`, holding one member (from version 2 on, when the member
/// book began) and a logo beside it.
fn old_shop(dir: &std::path::Path, version: u32) -> std::path::PathBuf {
    let path = dir.join("shequn.db");
    let conn = Connection::open(&path).unwrap();
    for sql in &MIGRATIONS[..version as usize] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", version).unwrap();
    if version >= 2 {
        conn.execute(
            "INSERT INTO members (name, phone, joined_on, created_at, updated_at) \
             VALUES ('老会员', '13800001234', '2025-01-01', '2025-01-01T10:00:00+08:00', '2025-01-01T10:00:00+08:00')",
            [],
        )
        .unwrap();
    }
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(dir.join("assets").join("logo.png"), b"old logo").unwrap();
    path
}

#[test]
fn every_older_data_file_is_backed_up_whole_as_before_upgrade_and_version_1_beside_it() {
    use crate::backup::{self, BackupKind};
    use crate::jobs::Job;
    for version in 1..crate::db::SCHEMA_VERSION {
        let dir = tempfile::tempdir().unwrap();
        let path = old_shop(dir.path(), version);
        let (store, report) = crate::Store::open(&path, now()).unwrap();
        assert_eq!(report.from_version, version);
        let snapshot = report.snapshot.expect("a copy before upgrading");
        let backups = backup::list(&store, None).unwrap();
        if version == 1 {
            // No member book yet: nothing a backup counts, so the plain copy beside it.
            assert!(backups.is_empty(), "v1: {backups:?}");
            assert!(snapshot.to_string_lossy().ends_with(".bak"), "{snapshot:?}");
            continue;
        }
        assert_eq!(backups.len(), 1, "v{version}: {backups:?}");
        let made = &backups[0];
        assert_eq!(std::path::Path::new(&made.path), snapshot.as_path());
        assert!(
            made.path.ends_with("-升级前.shequn-backup"),
            "{}",
            made.path
        );
        let checked = backup::verify(&snapshot, None, &mut Job::unattended()).unwrap();
        assert_eq!(
            (
                checked.contents.kind,
                checked.contents.schema_version,
                checked.contents.members,
                checked.pictures
            ),
            (BackupKind::BeforeUpgrade, version, 1, 1),
            "v{version}"
        );
        // No second copy beside the file.
        let beside: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".bak"))
            .collect();
        assert!(beside.is_empty(), "v{version}");
        // Restoring it brings the old book back into the upgraded file.
        backup::restore(&store, &snapshot, None, now(), &mut Job::unattended()).unwrap();
        let name: String = store
            .conn()
            .query_row("SELECT name FROM members", [], |r| r.get(0))
            .unwrap();
        assert_eq!(name, "老会员");
    }
}

/// `points_daily` against the ledger it sums, day by day and kind by kind.
fn daily_totals_match_the_ledger(conn: &Connection) -> Vec<(String, String, i64, i64)> {
    let read = |sql: &str| -> Vec<(String, String, i64, i64)> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let kept = read("SELECT occurred_on, kind, delta, entries FROM points_daily ORDER BY 1, 2");
    let summed = read(
        "SELECT occurred_on, kind, SUM(delta), COUNT(*) FROM points_entries
          GROUP BY occurred_on, kind ORDER BY 1, 2",
    );
    assert_eq!(kept, summed);
    kept
}

#[test]
fn the_daily_points_totals_follow_every_write_to_the_ledger_and_a_cascade() {
    let conn = crate::db::open_in_memory().unwrap();
    conn.execute_batch(
        "INSERT INTO members (id, name, phone, joined_on, created_at, updated_at) VALUES
            (1, '张三', '13800000001', '2026-01-01', 'x', 'x'),
            (2, '李四', '13800000002', '2026-01-01', 'x', 'x');
         INSERT INTO points_entries (id, member_id, delta, kind, occurred_on, created_at) VALUES
            (1, 1, 30, 'purchase', '2026-03-01', 'x'),
            (2, 2, 20, 'purchase', '2026-03-01', 'x'),
            (3, 1, -10, 'redeem', '2026-03-01', 'x'),
            (4, 2, 5, 'award', '2026-03-02', 'x'),
            (5, 2, -5, 'expire', '2026-03-03', 'x');",
    )
    .unwrap();
    assert_eq!(daily_totals_match_the_ledger(&conn).len(), 4);
    // A changed entry moves between days and kinds; the reason alone changes nothing.
    conn.execute_batch(
        "UPDATE points_entries SET occurred_on = '2026-03-04', delta = 7 WHERE id = 4;
         UPDATE points_entries SET kind = 'award' WHERE id = 2;
         UPDATE points_entries SET reason = '' WHERE member_id = 1;",
    )
    .unwrap();
    let days = daily_totals_match_the_ledger(&conn);
    assert!(!days.iter().any(|d| d.0 == "2026-03-02"), "{days:?}");
    // One entry of a day and kind going leaves the others; the last removes the row.
    conn.execute_batch("DELETE FROM points_entries WHERE id = 3")
        .unwrap();
    daily_totals_match_the_ledger(&conn);
    // Removing a member takes their entries with them (ON DELETE CASCADE), and the
    // totals too.
    conn.execute_batch("DELETE FROM members WHERE id = 2")
        .unwrap();
    let days = daily_totals_match_the_ledger(&conn);
    assert_eq!(days, [("2026-03-01".into(), "purchase".into(), 30, 1)]);
}

#[test]
fn a_version_10_ledger_gets_its_daily_totals_on_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shequn.db");
    {
        let conn = Connection::open(&path).unwrap();
        for migration in &MIGRATIONS[..10] {
            conn.execute_batch(migration).unwrap();
        }
        conn.pragma_update(None, "user_version", 10).unwrap();
        conn.execute_batch(
            "INSERT INTO members (id, name, phone, joined_on, created_at, updated_at)
             VALUES (1, '张三', '13800000001', '2026-01-01', 'x', 'x');
             INSERT INTO points_entries (member_id, delta, kind, occurred_on, created_at) VALUES
                (1, 30, 'purchase', '2026-03-01', 'x'),
                (1, 12, 'purchase', '2026-03-01', 'x'),
                (1, -8, 'redeem', '2026-03-05', 'x');",
        )
        .unwrap();
    }
    let (conn, _) = open(&path, now()).unwrap();
    assert_eq!(
        daily_totals_match_the_ledger(&conn),
        [
            ("2026-03-01".into(), "purchase".into(), 42, 2),
            ("2026-03-05".into(), "redeem".into(), -8, 1)
        ]
    );
}

/// The indexes and triggers of the tables an import fills, by name.
fn schema_of_the_book(conn: &Connection) -> Vec<(String, String)> {
    conn.prepare(
        "SELECT name, sql FROM sqlite_master
          WHERE type IN ('index', 'trigger') AND sql IS NOT NULL
            AND tbl_name IN ('members', 'member_tags', 'purchases', 'points_entries')
          ORDER BY name",
    )
    .unwrap()
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// A whole-book import sets the indexes and the points triggers aside while it writes
/// and makes up for them after: the same schema comes back, and `points_daily` holds
/// exactly the ledger's sums, also for the points of a row taken back at the end (its
/// referrer was not good) and on a day that already had awards.
#[test]
fn a_whole_book_import_leaves_the_schema_and_the_daily_points_as_the_ledger_says() {
    use crate::jobs::Job;
    use crate::members::import::{ImportOptions, import};
    let dir = tempfile::tempdir().unwrap();
    let store = crate::Store::open(&dir.path().join("shequn.db"), now())
        .unwrap()
        .0;
    let today = now().date_naive();
    let regular = crate::members::add(
        &store,
        &crate::members::NewMember {
            name: "老顾客".into(),
            phone: "13900000001".into(),
            ..Default::default()
        },
        today,
        now(),
    )
    .unwrap();
    let regular = regular.member().id;
    crate::members::award_points(&store, regular, 40, "开业送积分", today, now()).unwrap();
    let before = schema_of_the_book(store.conn());
    assert!(before.iter().any(|(name, _)| name == "points_daily_insert"));

    let mut csv = String::from("姓名,手机,积分,累计消费,推荐人\n");
    for i in 0..3_000 {
        let referrer = match i {
            // Refers to a number nobody has: taken back after it was written.
            7 => "13700000000".to_owned(),
            // Refers to a row further down, and to the member already in the book.
            8 => "13800002999".to_owned(),
            9 => "13900000001".to_owned(),
            _ => String::new(),
        };
        csv.push_str(&format!(
            "会员{i},138{i:08},{},{},{referrer}\n",
            i % 7,
            i % 90
        ));
    }
    let file = dir.path().join("名单.csv");
    std::fs::write(&file, csv).unwrap();
    let report = import(
        &store,
        &file,
        &ImportOptions::default(),
        today,
        now(),
        &mut Job::unattended(),
    )
    .unwrap();
    assert_eq!((report.imported, report.errors.len()), (2_999, 1));
    assert_eq!(report.errors[0].row, 9);
    let conn = store.conn();
    let taken_back: i64 = conn
        .query_row(
            "SELECT (SELECT COUNT(*) FROM members WHERE phone = '13800000007')
                  + (SELECT COUNT(*) FROM points_entries p JOIN members m ON m.id = p.member_id
                      WHERE m.name = '会员7')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(taken_back, 0);
    let orphans: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM points_entries WHERE member_id NOT IN (SELECT id FROM members)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
    let days = daily_totals_match_the_ledger(conn);
    let awards_today = days
        .iter()
        .find(|d| d.0 == today.to_string() && d.1 == "award")
        .unwrap();
    // The regular's 40 and the file's points of every row but the one taken back.
    let from_file: i64 = (0..3_000).filter(|i| *i != 7).map(|i| i % 7).sum();
    assert_eq!(awards_today.2, 40 + from_file);
    assert_eq!(schema_of_the_book(conn), before);
    let referred: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM members WHERE referrer_id IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(referred, 2);
    // What every imported row shares (bound once per statement) landed in each row.
    let stamp = crate::db::timestamp(now());
    let row: (
        String,
        String,
        String,
        String,
        Option<String>,
        String,
        String,
    ) = conn
        .query_row(
            "SELECT m.created_at, m.updated_at, p.reason, p.occurred_on, p.expires_on,
                    p.created_at, u.created_at || '|' || u.note
               FROM members m JOIN points_entries p ON p.member_id = m.id
               JOIN purchases u ON u.member_id = m.id
              WHERE m.name = '会员2999'",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(
        row,
        (
            stamp.clone(),
            stamp.clone(),
            "导入的积分".to_owned(),
            today.to_string(),
            None,
            stamp.clone(),
            format!("{stamp}|导入的累计消费"),
        )
    );
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}
