use super::*;
use chrono::TimeZone;

/// A fixed moment for the database's tests (the member book's schema tests use it too).
pub(crate) fn now() -> DateTime<Local> {
    Local
        .with_ymd_and_hms(2026, 11, 22, 9, 30, 0)
        .single()
        .expect("valid time")
}

#[test]
fn fresh_file_is_created_at_latest_version_without_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shequn.db");
    let (conn, report) = open(&path, now()).unwrap();
    assert_eq!(report.from_version, 0);
    assert_eq!(report.to_version, SCHEMA_VERSION);
    assert!(report.snapshot.is_none());
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
}

#[test]
fn newer_database_is_refused_and_left_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shequn.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future(x); INSERT INTO future VALUES (42);")
            .unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 7)
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = open(&path, now()).unwrap_err();
    assert!(matches!(err, DbError::TooNew { found, .. } if found == SCHEMA_VERSION + 7));
    assert_eq!(err.code(), Code::Incompatible);
    assert!(err.to_string().contains("更新版本"), "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "file must not change"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "no -wal/-shm or snapshot: {leftovers:?}"
    );
}

#[test]
fn migrating_an_existing_file_leaves_a_snapshot_of_the_old_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shequn.db");
    {
        // A version-0 file holding someone's data.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE notes(t TEXT); INSERT INTO notes VALUES ('老顾客');")
            .unwrap();
    }
    let (conn, report) = open(&path, now()).unwrap();
    assert_eq!(report.from_version, 0);
    let snapshot = report.snapshot.expect("snapshot taken");
    assert_eq!(
        snapshot.file_name().unwrap().to_string_lossy(),
        "shequn.db.v0-before-upgrade-20261122-093000.bak"
    );
    let old = Connection::open(&snapshot).unwrap();
    let note: String = old
        .query_row("SELECT t FROM notes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(note, "老顾客");
    let old_version: u32 = old
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(old_version, 0);
    // And the live file moved on, keeping the data.
    let v: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION);
    let note: String = conn
        .query_row("SELECT t FROM notes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(note, "老顾客");
}

#[test]
fn reopening_a_current_file_takes_no_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shequn.db");
    drop(open(&path, now()).unwrap());
    let (_conn, report) = open(&path, now()).unwrap();
    assert_eq!(report.from_version, SCHEMA_VERSION);
    assert!(report.snapshot.is_none());
}

#[test]
fn a_file_that_is_not_a_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shequn.db");
    let junk = "这不是数据库，只是一段文字。".repeat(200);
    std::fs::write(&path, &junk).unwrap();
    let err = open(&path, now()).unwrap_err();
    assert_eq!(err.code(), Code::Corrupt, "{err:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), junk);
}

#[test]
fn a_failing_migration_is_rolled_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shequn.db");
    {
        // A table named like ours makes migration 1 fail half way.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE shop_profile(x); INSERT INTO shop_profile VALUES (1);")
            .unwrap();
    }
    let err = open(&path, now()).unwrap_err();
    assert!(
        matches!(err, DbError::Migration { version: 1, .. }),
        "{err:?}"
    );
    let conn = Connection::open(&path).unwrap();
    let v: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 0);
    let x: i64 = conn
        .query_row("SELECT x FROM shop_profile", [], |r| r.get(0))
        .unwrap();
    assert_eq!(x, 1);
}

#[test]
fn a_version_1_shop_upgrades_with_its_profile_kept_and_a_snapshot_taken() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shequn.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "UPDATE shop_profile SET name = '老街面馆', dormant_days = 45",
            [],
        )
        .unwrap();
    }
    let (conn, report) = open(&path, now()).unwrap();
    assert_eq!(
        (report.from_version, report.to_version),
        (1, SCHEMA_VERSION)
    );
    let snapshot = report.snapshot.expect("snapshot before upgrading");
    let old_version: u32 = Connection::open(&snapshot)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(old_version, 1);
    let (name, dormant, high_value): (String, u32, i64) = conn
        .query_row(
            "SELECT name, dormant_days, high_value_fen FROM shop_profile",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (name.as_str(), dormant, high_value),
        ("老街面馆", 45, 1_000_000)
    );
}

#[test]
fn date_text_is_the_text_chrono_writes() {
    let mut day = chrono::NaiveDate::from_ymd_opt(1899, 12, 25).unwrap();
    let end = chrono::NaiveDate::from_ymd_opt(2101, 1, 5).unwrap();
    while day <= end {
        assert_eq!(super::date_text(day), day.to_string());
        day = day.succ_opt().unwrap();
    }
    for (y, m, d) in [
        (1, 1, 1),
        (999, 3, 4),
        (9999, 12, 31),
        (10000, 1, 1),
        (-5, 6, 7),
    ] {
        let day = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(super::date_text(day), day.to_string());
    }
}
