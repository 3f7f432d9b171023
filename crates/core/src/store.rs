use std::path::{Path, PathBuf};

use chrono::{DateTime, Local};
use rusqlite::Connection;

use crate::db::{self, DbError, OpenReport};

/// An open data folder: the SQLite connection plus the folder that holds the
/// shop's files (logo, images). Every feature works through one of these.
pub struct Store {
    conn: Connection,
    data_dir: PathBuf,
}

impl Store {
    /// Opens the data file at `db_path`; the folder it sits in is the data folder.
    pub fn open(db_path: &Path, now: DateTime<Local>) -> Result<(Store, OpenReport), DbError> {
        let data_dir = match db_path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&data_dir).map_err(|source| DbError::Folder {
            path: data_dir.clone(),
            source,
        })?;
        let (conn, report) = db::open(db_path, now)?;
        load_defaults(&conn, now)?;
        Ok((Store { conn, data_dir }, report))
    }

    /// A fully migrated in-memory store whose files go to `data_dir`. For tests.
    pub fn in_memory(data_dir: &Path) -> Result<Store, DbError> {
        let conn = db::open_in_memory()?;
        load_defaults(&conn, Local::now())?;
        Ok(Store {
            conn,
            data_dir: data_dir.to_path_buf(),
        })
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn assets_dir(&self) -> PathBuf {
        self.data_dir.join(crate::paths::ASSETS_DIR_NAME)
    }
}

/// The shipped phrase library and checklist templates, loaded on the first run only.
fn load_defaults(conn: &Connection, now: DateTime<Local>) -> Result<(), DbError> {
    // The shipped phrases and templates pass their own checks (unit tests say so), so
    // only a database fault can stop them.
    crate::scripts::load_defaults_once(conn, now).map_err(|e| match e {
        crate::scripts::ScriptError::Db(e) => e,
        other => {
            log::error!("loading the default phrases: {other}");
            DbError::Sql(rusqlite::Error::InvalidQuery)
        }
    })?;
    crate::training::load_defaults_once(conn, now).map_err(|e| match e {
        crate::training::TrainingError::Db(e) => e,
        other => {
            log::error!("loading the default checklists: {other}");
            DbError::Sql(rusqlite::Error::InvalidQuery)
        }
    })
}
