//! Backups the owner never has to think of: one a day (when the app starts, and
//! each day it stays open), one before every step that rewrites the book, and the
//! old ones pruned by [`super::rotation`].

use std::path::Path;

use chrono::{DateTime, Local, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::rotation::{Entry, Policy, to_remove};
use super::{BackupInfo, BackupKind, create, default_dir, list};
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
    let removed = prune(store, &default_dir(store), now, policy)?;
    Ok(DailyOutcome { made, removed })
}

/// A verified backup before a step that rewrites or removes the shop's data, of
/// `kind` (导入前, 删除前…). `None` when the book is empty: there is nothing to lose.
pub fn before_step(
    store: &Store,
    kind: BackupKind,
    now: DateTime<Local>,
    job: &mut Job,
) -> Result<Option<BackupInfo>> {
    let book = crate::members::directory::summary(store.conn())?;
    if book.members == 0 && book.purchases == 0 && book.points_entries == 0 {
        return Ok(None);
    }
    create(store, None, kind, now, job).map(Some)
}

/// Removes what the rotation does not keep from `dir`. Only files that read as
/// backups are ever candidates; anything else in the folder is left alone.
pub fn prune(
    store: &Store,
    dir: &Path,
    now: DateTime<Local>,
    policy: &Policy,
) -> Result<Vec<String>> {
    let backups: Vec<(BackupInfo, NaiveDateTime)> = list(store, Some(dir))?
        .into_iter()
        .filter_map(|b| made_at(&b).map(|t| (b, t)))
        .collect();
    let entries: Vec<Entry> = backups
        .iter()
        .map(|(b, t)| Entry {
            made: *t,
            kind: b.contents.kind,
        })
        .collect();
    let mut removed = Vec::new();
    for i in to_remove(&entries, now.naive_local(), policy) {
        let path = &backups[i].0.path;
        match std::fs::remove_file(path) {
            Ok(()) => removed.push(path.clone()),
            Err(e) => log::warn!("could not remove old backup {path}: {e}"),
        }
    }
    Ok(removed)
}
