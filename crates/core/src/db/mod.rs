//! The SQLite store: opening, pragmas, and migrations embedded in the binary.
//!
//! Rules: a database newer than this binary is refused without being modified; before
//! an existing file is migrated a `VACUUM INTO` snapshot is written next to it; every
//! migration runs in one transaction together with its `user_version` bump.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Local};
use rusqlite::{Connection, OpenFlags};

use crate::error::Code;

/// The migrations, in order. Version N is the N-th entry.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_shop.sql"),
    include_str!("../../migrations/0002_members.sql"),
    include_str!("../../migrations/0003_plain_checks.sql"),
    include_str!("../../migrations/0004_invites.sql"),
    include_str!("../../migrations/0005_posters.sql"),
    include_str!("../../migrations/0006_scripts.sql"),
    include_str!("../../migrations/0007_training.sql"),
    include_str!("../../migrations/0008_counter_week.sql"),
    include_str!("../../migrations/0009_sparse_referrer_index.sql"),
    include_str!("../../migrations/0010_reports.sql"),
    include_str!("../../migrations/0011_points_daily.sql"),
    include_str!("../../migrations/0012_setup.sql"),
    include_str!("../../migrations/0013_campaigns.sql"),
];

/// The schema version this binary writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// A moment as every table stores it: RFC 3339 with the shop's UTC offset, to the
/// second, so text order is time order within one offset.
pub(crate) fn timestamp(now: DateTime<Local>) -> String {
    now.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// A day as every table stores it (`2026-11-29`): the same text as chrono's
/// `to_string`, written without the formatting machinery, since an import of a
/// whole book writes half a million of them.
pub(crate) fn date_text(day: chrono::NaiveDate) -> String {
    DayText::of(day).as_str().to_owned()
}

/// [`date_text`] held inline, without a heap allocation: an import hands hundreds of
/// thousands of them from the threads that check rows to the one that writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DayText {
    len: u8,
    // chrono's longest day is 13 characters (`+262143-12-31`).
    bytes: [u8; 15],
}

impl DayText {
    pub fn of(day: chrono::NaiveDate) -> DayText {
        use chrono::Datelike;
        let mut text = DayText {
            len: 10,
            bytes: [b'0'; 15],
        };
        let year = day.year();
        if !(0..=9999).contains(&year) {
            let long = day.to_string();
            let len = long.len().min(text.bytes.len());
            text.bytes[..len].copy_from_slice(&long.as_bytes()[..len]);
            text.len = len as u8;
            return text;
        }
        let mut digits = |at: usize, width: usize, mut n: u32| {
            for slot in text.bytes[at..at + width].iter_mut().rev() {
                *slot = b'0' + (n % 10) as u8;
                n /= 10;
            }
        };
        digits(0, 4, year.unsigned_abs());
        digits(5, 2, day.month());
        digits(8, 2, day.day());
        text.bytes[4] = b'-';
        text.bytes[7] = b'-';
        text
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("无法打开数据文件 {}，请确认文件夹存在且有读写权限", path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("无法创建数据文件夹 {}，请确认有写入权限", path.display())]
    Folder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("文件 {} 不是社群掌柜的数据文件，或已经损坏。文件没有被改动；请从备份恢复，或换一个文件位置", path.display())]
    NotADatabase {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("数据文件 {} 来自更新版本的社群掌柜（数据版本 {found}，本程序只认识到 {supported}）。为保护数据，文件没有被打开或改动；请升级社群掌柜后再打开", path.display())]
    TooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("升级数据文件前的安全备份失败（{}），数据文件没有被改动；请检查磁盘空间", snapshot.display())]
    Snapshot {
        snapshot: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("升级数据文件到第 {version} 版时出错，已撤回这一步，原有数据未受影响")]
    Migration {
        version: u32,
        #[source]
        source: rusqlite::Error,
    },
    #[error("读写数据时出错，这一次的修改没有保存")]
    Sql(#[from] rusqlite::Error),
}

impl From<DbError> for crate::error::Error {
    fn from(e: DbError) -> Self {
        match e {
            // The transaction it ran in was rolled back; one message for every SQL fault.
            DbError::Sql(e) => e.into(),
            e => crate::error::Error::new(e.code(), e.to_string()).with_source(e),
        }
    }
}

impl DbError {
    pub fn code(&self) -> Code {
        match self {
            DbError::Open { .. } | DbError::Folder { .. } | DbError::Snapshot { .. } => Code::Io,
            DbError::NotADatabase { .. } => Code::Corrupt,
            DbError::TooNew { .. } => Code::Incompatible,
            DbError::Migration { .. } | DbError::Sql(_) => Code::Internal,
        }
    }
}

/// What [`open`] did to the file, for the log and for tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenReport {
    pub from_version: u32,
    pub to_version: u32,
    /// The copy taken before migrating, if the file had data: a 升级前 backup in
    /// the backups folder, or (when that could not be made) a `VACUUM INTO` copy
    /// beside the file.
    pub snapshot: Option<PathBuf>,
}

/// Opens (creating if needed) the data file at `path` and brings it to
/// [`SCHEMA_VERSION`]. `now` names the pre-migration snapshot.
pub fn open(path: &Path, now: DateTime<Local>) -> Result<(Connection, OpenReport), DbError> {
    open_with_snapshot(path, now, None)
}

/// The version of an existing data file that this binary would upgrade (`None` for
/// a new file, a current one, or one too new to open).
pub fn upgrade_pending(path: &Path) -> Result<Option<u32>, DbError> {
    let existed = std::fs::metadata(path)
        .map(|m| m.len() > 0)
        .unwrap_or(false);
    if !existed {
        return Ok(None);
    }
    let found = read_version(path)?;
    Ok((found < SCHEMA_VERSION).then_some(found))
}

/// [`open`], where the caller has already copied the file away before the upgrade
/// (`taken`, a full backup): then no `VACUUM INTO` copy is written beside it.
pub fn open_with_snapshot(
    path: &Path,
    now: DateTime<Local>,
    taken: Option<PathBuf>,
) -> Result<(Connection, OpenReport), DbError> {
    let existed = std::fs::metadata(path)
        .map(|m| m.len() > 0)
        .unwrap_or(false);
    if existed {
        // Read the version through a read-only handle first: a file we must refuse is
        // never opened for writing (even setting WAL mode would change its header).
        let found = read_version(path)?;
        if found > SCHEMA_VERSION {
            return Err(DbError::TooNew {
                path: path.to_path_buf(),
                found,
                supported: SCHEMA_VERSION,
            });
        }
    }

    let conn = Connection::open(path).map_err(|source| DbError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    configure(&conn).map_err(|source| classify(path, source))?;

    let from_version = user_version(&conn)?;
    let snapshot = match taken {
        _ if !existed || from_version >= SCHEMA_VERSION => None,
        Some(taken) => Some(taken),
        None => Some(snapshot(&conn, path, from_version, now)?),
    };
    migrate(&conn, from_version)?;
    Ok((
        conn,
        OpenReport {
            from_version,
            to_version: SCHEMA_VERSION,
            snapshot,
        },
    ))
}

/// One more connection to a data file [`open`] already brought up to date, for a
/// long job that must not hold the window's connection (see `crate::jobs`).
pub fn connect(path: &Path) -> Result<Connection, DbError> {
    let conn = Connection::open(path).map_err(|source| DbError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    configure(&conn).map_err(|source| classify(path, source))?;
    let found = user_version(&conn)?;
    if found > SCHEMA_VERSION {
        return Err(DbError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(conn)
}

/// A transaction that takes the write lock at once (`BEGIN IMMEDIATE`). Every write
/// goes through one: with two connections on one file (the window's and a job's), a
/// deferred transaction that read first and then wants to write fails outright when
/// the other connection wrote meanwhile, where an immediate one waits its turn
/// (`busy_timeout`) and then sees the latest data.
pub(crate) fn write_tx(conn: &Connection) -> rusqlite::Result<rusqlite::Transaction<'_>> {
    rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)
}

/// Runs `seed` the first time only: in one transaction that also records the time in
/// `flag_table` (a one-row table with a `defaults_loaded_at` column), so shipped
/// defaults load on a new data file and never come back after the shop deletes them.
pub(crate) fn seed_once<E: From<rusqlite::Error>>(
    conn: &Connection,
    flag_table: &'static str,
    now: &str,
    seed: impl FnOnce(&Connection) -> Result<(), E>,
) -> Result<(), E> {
    use rusqlite::OptionalExtension;
    let loaded: Option<String> = conn
        .query_row(
            &format!("SELECT defaults_loaded_at FROM {flag_table} WHERE id = 1"),
            [],
            |r| r.get(0),
        )
        .optional()?;
    if loaded.is_some() {
        return Ok(());
    }
    let tx = write_tx(conn)?;
    seed(&tx)?;
    tx.execute(
        &format!("INSERT INTO {flag_table} (id, defaults_loaded_at) VALUES (1, ?1)"),
        [now],
    )?;
    tx.commit()?;
    Ok(())
}

/// A fresh database in memory, fully migrated. For tests and benches.
pub fn open_in_memory() -> Result<Connection, DbError> {
    let conn = Connection::open_in_memory()?;
    conn.execute_batch("PRAGMA foreign_keys = ON;")?;
    migrate(&conn, 0)?;
    Ok(conn)
}

fn read_version(path: &Path) -> Result<u32, DbError> {
    let ro = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|source| DbError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    ro.query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0))
        .map_err(|source| classify(path, source))
}

fn classify(path: &Path, source: rusqlite::Error) -> DbError {
    match source.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) | Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            DbError::NotADatabase {
                path: path.to_path_buf(),
                source,
            }
        }
        _ => DbError::Open {
            path: path.to_path_buf(),
            source,
        },
    }
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // journal_mode returns a row, so it is queried rather than executed.
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    // After a large import the WAL file would otherwise keep its tens of megabytes
    // on disk for good; SQLite cuts it back to this when it next starts over.
    let _limit: i64 = conn.query_row("PRAGMA journal_size_limit = 4194304", [], |r| r.get(0))?;
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
}

fn user_version(conn: &Connection) -> Result<u32, DbError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

fn snapshot(
    conn: &Connection,
    path: &Path,
    from_version: u32,
    now: DateTime<Local>,
) -> Result<PathBuf, DbError> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "shequn.db".to_owned());
    let snapshot = path.with_file_name(format!(
        "{file_name}.v{from_version}-before-upgrade-{}.bak",
        now.format("%Y%m%d-%H%M%S")
    ));
    conn.execute("VACUUM INTO ?1", [snapshot.to_string_lossy()])
        .map_err(|source| DbError::Snapshot {
            snapshot: snapshot.clone(),
            source,
        })?;
    Ok(snapshot)
}

fn migrate(conn: &Connection, from_version: u32) -> Result<(), DbError> {
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(from_version as usize) {
        let version = index as u32 + 1;
        let step = || -> rusqlite::Result<()> {
            let tx = write_tx(conn)?;
            tx.execute_batch(sql)?;
            // A migration may edit schema text directly (writable_schema); a new
            // schema_version makes every connection, this one included, reparse it.
            let schema_version: i64 = tx.query_row("PRAGMA schema_version", [], |r| r.get(0))?;
            tx.pragma_update(None, "schema_version", schema_version + 1)?;
            tx.pragma_update(None, "user_version", version)?;
            tx.commit()
        };
        step().map_err(|source| DbError::Migration { version, source })?;
        log::info!("数据文件已升级到第 {version} 版");
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests;
