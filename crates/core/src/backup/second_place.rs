//! The second place: every backup also copied to a folder the owner picked (a USB
//! stick, a synced folder), encrypted there if the owner chose so, and rotated
//! there by the same counts. When the folder is not there (the stick is out) the
//! copy waits: the next run copies every backup the folder lacks.

use std::path::Path;
use std::sync::Mutex;

use chrono::{DateTime, Local};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::settings::{self, SecondPlace};
use super::{archive, list, prune};
use crate::error::Result;
use crate::jobs::Job;
use crate::store::Store;

/// What one run did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SecondPlaceReport {
    pub folder: String,
    /// The folder was not there: nothing was copied this time.
    pub missing: bool,
    pub encrypted: bool,
    /// The copies made now.
    pub copied: Vec<String>,
    /// Old copies the rotation removed there.
    pub removed: Vec<String>,
}

/// Brings the second place up to date, if one is set: copies every backup of the
/// backups folder it lacks (newest first), then prunes it. `None` without one.
pub fn update(
    store: &Store,
    now: DateTime<Local>,
    job: &mut Job,
) -> Result<Option<SecondPlaceReport>> {
    let Some(place) = settings::second_place(store.data_dir())? else {
        return Ok(None);
    };
    // One run at a time in this process: two would copy the same backup twice.
    static RUNNING: Mutex<()> = Mutex::new(());
    let _one = RUNNING.lock().unwrap_or_else(|p| p.into_inner());
    let policy = settings::policy(store.data_dir());
    copy_into(store, &place, now, &policy, job).map(Some)
}

fn copy_into(
    store: &Store,
    place: &SecondPlace,
    now: DateTime<Local>,
    policy: &super::rotation::Policy,
    job: &mut Job,
) -> Result<SecondPlaceReport> {
    let mut report = SecondPlaceReport {
        folder: place.dir.to_string_lossy().into_owned(),
        encrypted: place.seal.is_some(),
        ..SecondPlaceReport::default()
    };
    if !place.dir.is_dir() {
        report.missing = true;
        return Ok(report);
    }
    for backup in list(store, None)? {
        match archive::copy_as(
            Path::new(&backup.path),
            &place.dir,
            place.seal.as_ref(),
            job,
        ) {
            Ok(Some(copy)) => report.copied.push(copy.to_string_lossy().into_owned()),
            Ok(None) => {}
            // Pulled out halfway: the partial copy is never named as a backup.
            Err(_) if !place.dir.is_dir() => {
                report.missing = true;
                return Ok(report);
            }
            Err(e) => return Err(e),
        }
    }
    report.removed = prune(&place.dir, now, policy)?;
    Ok(report)
}
