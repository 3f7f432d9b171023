use std::path::{Path, PathBuf};

use chrono::{DateTime, Local};
use rusqlite::Connection;

use crate::db::{self, DbError, OpenReport};
use crate::error::Result;

/// An open data folder: the SQLite connection plus the folder that holds the
/// shop's files (logo, images). Every feature works through one of these.
pub struct Store {
    conn: Connection,
    data_dir: PathBuf,
    /// The data file; `None` for a store in memory.
    db_path: Option<PathBuf>,
}

impl Store {
    /// Opens the data file at `db_path`; the folder it sits in is the data folder.
    pub fn open(db_path: &Path, now: DateTime<Local>) -> Result<(Store, OpenReport)> {
        let data_dir = match db_path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&data_dir).map_err(|source| DbError::Folder {
            path: data_dir.clone(),
            source,
        })?;
        crate::backup::finish_interrupted_swap(&data_dir);
        // A newer version is about to upgrade the file: a whole backup (pictures
        // too) of the old data first, in the backups folder as "升级前".
        let taken = match db::upgrade_pending(db_path)? {
            Some(from_version) => {
                crate::backup::before_upgrade(db_path, &data_dir, from_version, now)
            }
            None => None,
        };
        let (conn, report) = db::open_with_snapshot(db_path, now, taken)?;
        load_defaults(&conn, now)?;
        Ok((
            Store {
                conn,
                data_dir,
                db_path: Some(db_path.to_path_buf()),
            },
            report,
        ))
    }

    /// A store over a connection made elsewhere (the old data file, read-only,
    /// while it is backed up before an upgrade).
    pub(crate) fn over(conn: Connection, db_path: &Path, data_dir: &Path) -> Store {
        Store {
            conn,
            data_dir: data_dir.to_path_buf(),
            db_path: Some(db_path.to_path_buf()),
        }
    }

    /// A fully migrated in-memory store whose files go to `data_dir`. For tests.
    pub fn in_memory(data_dir: &Path) -> Result<Store> {
        let conn = db::open_in_memory()?;
        load_defaults(&conn, Local::now())?;
        Ok(Store {
            conn,
            data_dir: data_dir.to_path_buf(),
            db_path: None,
        })
    }

    /// A second store on the same data file with a connection of its own, for a long
    /// job: the window's connection stays free, and WAL lets both read at once.
    pub fn reopen(&self) -> Result<Store> {
        let Some(path) = &self.db_path else {
            return Err(crate::Error::internal(
                "内存中的数据不能另开连接：长任务需要数据文件",
            ));
        };
        Ok(Store {
            conn: db::connect(path)?,
            data_dir: self.data_dir.clone(),
            db_path: Some(path.clone()),
        })
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Copies what the WAL holds into the data file without waiting for anyone
    /// (SQLite's PASSIVE checkpoint: readers and the window's writes carry on). A
    /// large import commits without this step; its job runs it afterwards, so the
    /// window hears "done" first and its next write does not pay for the copy.
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The data file; `None` for a store in memory.
    pub fn db_path(&self) -> Option<&Path> {
        self.db_path.as_deref()
    }

    pub fn assets_dir(&self) -> PathBuf {
        self.data_dir.join(crate::paths::ASSETS_DIR_NAME)
    }
}

/// Loads every feature's shipped defaults (phrases, checklists) the first time a data
/// file is opened; each feature seeds its own tables.
fn load_defaults(conn: &Connection, now: DateTime<Local>) -> Result<()> {
    for load in crate::SHIPPED_DEFAULTS {
        load(conn, now)?;
    }
    Ok(())
}
