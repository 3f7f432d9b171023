//! Putting a backup back: the file is checked through and unpacked first, the data
//! as it is now is backed up ("恢复前", restoring it undoes the restore), then the
//! database is written into the live data file through SQLite's backup API — one
//! write transaction, so a crash leaves either the old book or the restored one,
//! and every open connection (the window's) reads the restored book next — and the
//! pictures folder is swapped for the backup's.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Local};
use rusqlite::Connection;
use rusqlite::backup::StepResult;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{BackupInfo, BackupKind, Passphrase, archive, create, read_info};
use crate::db;
use crate::error::{Error, Result};
use crate::jobs::{Job, Stage};
use crate::paths::{ASSETS_DIR_NAME, DB_FILE_NAME};
use crate::store::Store;

/// `shequn backup restore --json` prints this (a contract: extend, never change).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Restored {
    /// The backup that was put back.
    pub restored_from: String,
    /// The "恢复前" backup of the data it replaced: restore it to undo.
    pub snapshot: String,
}

/// What a restore would bring back, next to what is there now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RestorePreview {
    pub backup: BackupInfo,
    #[ts(type = "number")]
    pub members_now: u64,
    #[ts(type = "number")]
    pub purchases_now: u64,
    pub last_sale_on_now: Option<String>,
    pub pictures_now: u32,
}

pub fn preview(
    store: &Store,
    file: &Path,
    passphrase: Option<&Passphrase>,
) -> Result<RestorePreview> {
    let backup = read_info(file, passphrase)?;
    let now = crate::members::directory::summary(store.conn())?;
    Ok(RestorePreview {
        backup,
        members_now: now.members,
        purchases_now: now.purchases,
        last_sale_on_now: now.last_sale_on.map(|d| d.to_string()),
        pictures_now: u32::try_from(archive::pictures(&store.assets_dir()).len())
            .unwrap_or(u32::MAX),
    })
}

/// Restores `file` over the shop's data. Nothing current is touched unless the
/// file is a sound backup this version can read.
pub fn restore(
    store: &Store,
    file: &Path,
    passphrase: Option<&Passphrase>,
    now: DateTime<Local>,
    job: &mut Job,
) -> Result<Restored> {
    job.when_cancelled("恢复已取消，现在的数据没有变化");
    let Some(live) = store.db_path() else {
        return Err(Error::internal("内存中的数据不能恢复备份"));
    };
    // What a restore cut off by a crash left (never the work of one running now).
    super::remove_leftovers(store.data_dir(), Duration::from_secs(3600), |name| {
        name.starts_with(".restoring-")
    });
    // Unpacked inside the data folder: the pictures folder is then swapped by a
    // rename on one disk.
    let work = tempfile::Builder::new()
        .prefix(".restoring-")
        .tempdir_in(store.data_dir())
        .map_err(|e| Error::io("无法在数据文件夹里准备恢复，请确认有写入权限").with_source(e))?;
    archive::verify(file, None, job, Some(work.path()), passphrase)?;
    let unpacked = work.path().join(DB_FILE_NAME);
    // An older backup is brought up to this version's schema before it goes in (on
    // the unpacked copy; the backup file itself is never changed).
    db::open(&unpacked, now)?;

    let snapshot = create(store, None, BackupKind::BeforeRestore, now, job)?;
    // The last chance to stop: from here the restore happens.
    job.check()?;
    job.stage(Stage::Writing, 0)?;
    copy_into_live(&unpacked, live)?;
    swap_pictures(&store.assets_dir(), &work.path().join(ASSETS_DIR_NAME))?;
    Ok(Restored {
        restored_from: file.to_string_lossy().into_owned(),
        snapshot: snapshot.path,
    })
}

/// The whole unpacked database into the live data file in one step (one write
/// transaction on a connection of its own; waits while the window is writing).
fn copy_into_live(unpacked: &Path, live: &Path) -> Result<()> {
    let source = Connection::open(unpacked)
        .map_err(|e| Error::io("无法打开解压出的数据库").with_source(e))?;
    let mut dest = db::connect(live)?;
    let backup = rusqlite::backup::Backup::new(&source, &mut dest)?;
    let started = Instant::now();
    loop {
        // -1: every page in one step, so one write transaction.
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            _ if started.elapsed() > Duration::from_secs(30) => {
                return Err(Error::conflict(
                    "数据文件一直被占用（另一个窗口或命令正在写入），请稍后再恢复",
                ));
            }
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// Finishes a pictures swap a crash cut off between its two renames (the database
/// was restored already, the old pictures moved aside, the restored ones not yet in
/// place): the restored pictures go in, as the database expects; if they are gone,
/// the old ones come back. Runs when the data folder is opened, before anything
/// clears leftovers.
pub(crate) fn finish_interrupted_swap(data_dir: &Path) {
    let assets = data_dir.join(ASSETS_DIR_NAME);
    if assets.exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(data_dir) else {
        return;
    };
    let mut restored = None;
    let mut aside = None;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if name.starts_with(".restoring-") && path.join(ASSETS_DIR_NAME).is_dir() {
            restored = Some(path.join(ASSETS_DIR_NAME));
        } else if name.starts_with(".assets-before-restore-") && path.is_dir() {
            aside = Some(path);
        }
    }
    let Some(from) = restored.or_else(|| aside.clone()) else {
        return;
    };
    match std::fs::rename(&from, &assets) {
        Ok(()) => {
            log::warn!(
                "a restore was cut off while swapping pictures; put {} in place",
                from.display()
            );
            if let Some(old) = aside.filter(|a| *a != from) {
                let _ = std::fs::remove_dir_all(old);
            }
        }
        Err(e) => log::error!("could not finish the interrupted pictures swap: {e}"),
    }
}

/// Puts the backup's pictures folder in place of the current one. The old one is
/// moved aside first and removed last (the "恢复前" backup holds its pictures).
fn swap_pictures(assets: &Path, restored: &Path) -> Result<()> {
    if !restored.exists() {
        std::fs::create_dir_all(restored)
            .map_err(|e| Error::io("无法准备图片文件夹").with_source(e))?;
    }
    let aside: PathBuf =
        assets.with_file_name(format!(".assets-before-restore-{}", std::process::id()));
    let had_pictures = assets.exists();
    if had_pictures {
        std::fs::rename(assets, &aside).map_err(|e| {
            Error::io("无法替换图片文件夹（有文件正被别的程序打开？）").with_source(e)
        })?;
    }
    if let Err(e) = std::fs::rename(restored, assets) {
        if had_pictures {
            let _ = std::fs::rename(&aside, assets);
        }
        return Err(Error::io("无法放回备份里的图片").with_source(e));
    }
    if had_pictures {
        let _ = std::fs::remove_dir_all(&aside);
    }
    Ok(())
}
