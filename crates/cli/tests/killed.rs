//! Power cuts: the CLI is killed with SIGKILL at seeded random moments during a
//! backup, a restore and an import, 30 times each. After every kill the data file
//! passes `integrity_check` and holds the whole state before or the whole state
//! after, and every backup file in the folder verifies.
#![cfg(unix)] // SIGKILL is a Unix signal.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod support;

const KILLS: u32 = 30;

/// xorshift64*: reproducible without a dependency.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A moment in 0..=limit (the run's own length, so most kills land inside it).
    fn moment(&mut self, limit: Duration) -> Duration {
        let micros = u64::try_from(limit.as_micros()).unwrap().max(1);
        Duration::from_micros(self.next() % (micros + 1))
    }
}

fn ok(db: &Path, args: &[&str]) {
    let out = support::shequn(db, args);
    assert!(out.status.success(), "{args:?}: {}", support::stderr(&out));
}

/// What "the whole state" is measured by: how many of each thing, and who.
fn state(db: &Path) -> State {
    let conn = rusqlite::Connection::open(db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let names: String = conn
        .query_row(
            "SELECT COALESCE(group_concat(name, ','), '') FROM (SELECT name FROM members ORDER BY id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    (
        check,
        count("SELECT COUNT(*) FROM members"),
        count("SELECT COUNT(*) FROM purchases"),
        count("SELECT COUNT(*) FROM points_entries"),
        names,
    )
}

/// Every `.shequn-backup` in `dir` verifies.
fn backups_verify(db: &Path, dir: &Path) -> usize {
    let mut n = 0;
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "shequn-backup") {
            let out = support::shequn(db, &["backup", "verify", p.to_str().unwrap()]);
            assert!(
                out.status.success(),
                "{}: {}",
                p.display(),
                support::stderr(&out)
            );
            n += 1;
        }
    }
    n
}

/// Starts `shequn --db db args…`, kills it after `after` (unless it ended first).
/// Whether it was killed.
fn run_and_kill(db: &Path, args: &[&str], after: Duration) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shequn"))
        .arg("--db")
        .arg(db)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while started.elapsed() < after {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let killed = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    child.wait().unwrap();
    killed
}

fn timed(db: &Path, args: &[&str]) -> Duration {
    let started = Instant::now();
    ok(db, args);
    started.elapsed()
}

/// The data file back to `pristine` (a closed copy, no WAL beside it).
fn reset(db: &Path, pristine: &Path) {
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    std::fs::copy(pristine, db).unwrap();
}

/// A CSV of `members` members named `{prefix}{i}`, phones from `first_phone` on.
fn members_csv(path: &Path, prefix: &str, first_phone: u32, members: u32) {
    let mut csv = String::from("姓名,手机,累计消费,积分\n");
    for i in 0..members {
        csv.push_str(&format!(
            "{prefix}{i},13{:09},{}.50,{}\n",
            first_phone + i,
            i % 500,
            i % 90
        ));
    }
    std::fs::write(path, csv).unwrap();
}

fn book(dir: &Path, members: u32) -> (PathBuf, PathBuf) {
    let db = dir.join("shequn.db");
    let file = dir.join("old.csv");
    members_csv(&file, "老会员", 100_000_000, members);
    ok(&db, &["members", "import", file.to_str().unwrap()]);
    // A closed copy: the CLI's connection checkpointed as it closed.
    let pristine = dir.join("pristine.db");
    std::fs::copy(&db, &pristine).unwrap();
    (db, pristine)
}

type State = (String, i64, i64, i64, String);

/// `KILLS` runs of `args`, each from the pristine book and killed at a seeded moment
/// within `took`; after each the book must be one of `allowed`. How many were cut.
fn kill_repeatedly(
    rng: &mut Seeded,
    (db, pristine): (&Path, &Path),
    args: &[&str],
    took: Duration,
    allowed: &[&State],
) -> u32 {
    let mut killed = 0;
    for _ in 0..KILLS {
        reset(db, pristine);
        let at = rng.moment(took);
        killed += u32::from(run_and_kill(db, args, at));
        let now = state(db);
        assert!(
            allowed.contains(&&now),
            "{args:?}: {:?}",
            (&now.0, now.1, now.2, now.3)
        );
    }
    killed
}

#[test]
fn killed_at_random_moments_the_shop_is_whole_and_every_backup_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let (db, pristine) = book(dir.path(), 3000);
    let backups = dir.path().join("backups");
    let before = state(&db);
    assert_eq!(before.0, "ok");
    let mut rng = Seeded(0x5EED_2026_1203);
    let mut killed = [0u32; 3];

    let book_files = (db.as_path(), pristine.as_path());

    // Backup: the data never changes; a killed backup leaves no file that looks whole.
    let backup = ["backup", "create"];
    let took = timed(&db, &backup);
    killed[0] = kill_repeatedly(&mut rng, book_files, &backup, took, &[&before]);
    backups_verify(&db, &backups);

    // Restore: a backup of a smaller book over the bigger one; after each kill the
    // book is the one or the other.
    let small_dir = tempfile::tempdir().unwrap();
    let (small_db, _) = book(small_dir.path(), 40);
    let small = state(&small_db);
    let out = support::shequn(&small_db, &["backup", "create", "--json"]);
    let made: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let file = made["path"].as_str().unwrap().to_owned();
    let restore = ["backup", "restore", file.as_str(), "--yes"];
    let took = timed(&db, &restore);
    assert_eq!(state(&db), small);
    killed[1] = kill_repeatedly(&mut rng, book_files, &restore, took, &[&before, &small]);
    backups_verify(&db, &backups);

    // Import (after its 导入前 backup): all the new members or none of them.
    let file = dir.path().join("new.csv");
    members_csv(&file, "新会员", 200_000_000, 3000);
    let import = ["members", "import", file.to_str().unwrap()];
    reset(&db, &pristine);
    let took = timed(&db, &import);
    let after = state(&db);
    assert_eq!(after.1, before.1 + 3000);
    killed[2] = kill_repeatedly(&mut rng, book_files, &import, took, &[&before, &after]);
    let files = backups_verify(&db, &backups);
    println!(
        "killed mid-way: backup {}/{KILLS}, restore {}/{KILLS}, import {}/{KILLS}; {files} backup files, all verify",
        killed[0], killed[1], killed[2]
    );
    // Most runs must really have been cut, or the test proves little.
    assert!(killed.iter().all(|k| *k >= KILLS / 3), "{killed:?}");
}
