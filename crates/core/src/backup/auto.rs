//! Backups the owner never has to think of: one a day (when the app starts, and
//! each day it stays open), one before every step that rewrites the book, and the
//! old ones pruned by [`super::rotation`].

use std::path::Path;

use chrono::{DateTime, Local, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::rotation::{Entry, Policy, to_remove};
use super::{BackupInfo, BackupKind, backup_files, create, default_dir, is_sealed, list, naming};
use crate::error::Result;
use crate::jobs::Job;
use crate::store::Store;

/// What [`daily`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DailyOutcome {
    /// The backup it made; `None` when today's was there already.
    pub made: Option<BackupInfo>,
    /// The backups the rotation removed.
    pub removed: Vec<String>,
}

fn made_at(info: &BackupInfo) -> Option<NaiveDateTime> {
    DateTime::parse_from_rfc3339(&info.contents.created_at)
        .ok()
        .map(|t| t.with_timezone(&Local).naive_local())
}

/// Makes today's automatic backup unless a backup of today (automatic or by hand)
/// is there already, then prunes the backups folder.
pub fn daily(
    store: &Store,
    now: DateTime<Local>,
    policy: &Policy,
    job: &mut Job,
) -> Result<DailyOutcome> {
    let today = now.date_naive();
    let have_today = list(store, None)?.iter().any(|b| {
        !b.contents.kind.is_before_step() && made_at(b).is_some_and(|t| t.date() == today)
    });
    let made = if have_today {
        None
    } else {
        Some(create(store, None, BackupKind::Auto, now, job)?)
    };
    let removed = prune(&default_dir(store), now, policy)?;
    Ok(DailyOutcome { made, removed })
}

/// A verified backup before a step that rewrites or removes the shop's data, of
/// `kind` (导入前, 删除前…). Made even when the member book is empty: the shop's
/// phrases, checklists and settings are in it too, and restoring it is how the
/// owner undoes the step (the first import into a new shop included).
pub fn before_step(
    store: &Store,
    kind: BackupKind,
    now: DateTime<Local>,
    job: &mut Job,
) -> Result<BackupInfo> {
    create(store, None, kind, now, job)
}

/// The 升级前 backup, made from the old data file (opened read-only, so nothing
/// changes it) before a newer version upgrades it. `None` when it cannot be made:
/// a file from before the member book existed has none of the tables a backup
/// counts; then the caller keeps a plain copy beside the file instead.
pub fn before_upgrade(
    db_path: &Path,
    data_dir: &Path,
    from_version: u32,
    now: DateTime<Local>,
) -> Option<std::path::PathBuf> {
    let conn = rusqlite::Connection::open_with_flags(
        db_path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()?;
    let old = Store::over(conn, db_path, data_dir);
    match create(
        &old,
        None,
        BackupKind::BeforeUpgrade,
        now,
        &mut Job::unattended(),
    ) {
        Ok(made) => {
            log::info!(
                "before upgrading from v{from_version}: backup {}",
                made.path
            );
            Some(made.path.into())
        }
        Err(e) => {
            log::warn!(
                "no 升级前 backup of the v{from_version} file, a copy beside it instead: {}",
                e.log_chain()
            );
            None
        }
    }
}

/// Removes what the rotation does not keep from `dir`. Only backups are ever
/// candidates: plain files that read as backups, and encrypted ones (which open
/// only with the passphrase) by the name this app gave them. Anything else in the
/// folder is left alone.
pub fn prune(dir: &Path, now: DateTime<Local>, policy: &Policy) -> Result<Vec<String>> {
    let backups: Vec<(std::path::PathBuf, Entry)> = backup_files(dir)?
        .into_iter()
        .filter_map(|path| {
            let entry = if is_sealed(&path) {
                let name = path.file_name()?.to_str()?;
                let (made, kind) = naming::parse_name(name)?;
                Entry { made, kind }
            } else {
                let info = super::read_info(&path, None).ok()?;
                Entry {
                    made: made_at(&info)?,
                    kind: info.contents.kind,
                }
            };
            Some((path, entry))
        })
        .collect();
    let entries: Vec<Entry> = backups.iter().map(|(_, e)| *e).collect();
    let mut removed = Vec::new();
    for i in to_remove(&entries, now.naive_local(), policy) {
        let path = &backups[i].0;
        match std::fs::remove_file(path) {
            Ok(()) => removed.push(path.to_string_lossy().into_owned()),
            Err(e) => log::warn!("could not remove old backup {}: {e}", path.display()),
        }
    }
    Ok(removed)
}
