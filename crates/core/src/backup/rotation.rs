//! Which backups to keep: the newest of each of the last 7 days that have one, of the
//! last 4 weeks and of the last 12 months, every "before …" snapshot and every backup
//! the owner made by hand for 30 days, and always the newest one of all.
//!
//! "The last 7 days that have one" (not the last 7 calendar days): a shop closed for
//! the Spring Festival comes back to a week of backups, not to none.

use std::collections::HashSet;

use chrono::{Datelike, Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::BackupKind;

/// How many of each to keep (the shop's settings can change them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Policy {
    pub daily: u32,
    pub weekly: u32,
    pub monthly: u32,
    /// "Before …" snapshots and hand-made backups are kept this many days.
    pub keep_days: u32,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            daily: 7,
            weekly: 4,
            monthly: 12,
            keep_days: 30,
        }
    }
}

/// One backup as the rotation sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Local time it was made.
    pub made: NaiveDateTime,
    pub kind: BackupKind,
}

/// The positions in `entries` to remove at `now`. Never the newest entry.
pub fn to_remove(entries: &[Entry], now: NaiveDateTime, policy: &Policy) -> Vec<usize> {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    // Newest first; equal times keep their given order.
    order.sort_by(|&a, &b| entries[b].made.cmp(&entries[a].made));

    let mut keep: HashSet<usize> = HashSet::new();
    if let Some(&newest) = order.first() {
        keep.insert(newest);
    }
    let recent = now - Duration::days(i64::from(policy.keep_days));
    for &i in &order {
        let e = entries[i];
        if e.kind != BackupKind::Auto && e.made >= recent {
            keep.insert(i);
        }
    }

    let regular: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| !entries[i].kind.is_before_step())
        .collect();
    let mut keep_newest_per = |count: u32, bucket: &dyn Fn(NaiveDateTime) -> (i32, u32)| {
        let mut seen: Vec<(i32, u32)> = Vec::new();
        for &i in &regular {
            if seen.len() >= count as usize {
                break;
            }
            let b = bucket(entries[i].made);
            if !seen.contains(&b) {
                seen.push(b);
                keep.insert(i);
            }
        }
    };
    keep_newest_per(policy.daily, &|t| (t.year(), t.ordinal()));
    keep_newest_per(policy.weekly, &|t| {
        let w = t.iso_week();
        (w.year(), w.week())
    });
    keep_newest_per(policy.monthly, &|t| (t.year(), t.month()));

    let mut out: Vec<usize> = (0..entries.len()).filter(|i| !keep.contains(i)).collect();
    out.sort_unstable();
    out
}
