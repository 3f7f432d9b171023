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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(h, 30, 0))
            .expect("valid time")
    }

    /// 400 days of an app opened every morning (one automatic backup a day, rotated
    /// each time, as the app does), two imports and one backup by hand.
    #[test]
    fn four_hundred_days_leave_exactly_the_expected_backups() {
        let policy = Policy::default();
        let start = NaiveDate::from_ymd_opt(2025, 11, 2).expect("valid day");
        let mut kept: Vec<Entry> = Vec::new();
        for n in 0..400 {
            let day = start + Duration::days(n);
            let mut made = vec![Entry {
                made: day.and_hms_opt(9, 30, 0).expect("valid time"),
                kind: BackupKind::Auto,
            }];
            if day == NaiveDate::from_ymd_opt(2026, 10, 20).expect("valid day")
                || day == NaiveDate::from_ymd_opt(2026, 11, 10).expect("valid day")
            {
                made.push(Entry {
                    made: day.and_hms_opt(15, 30, 0).expect("valid time"),
                    kind: BackupKind::BeforeImport,
                });
            }
            if day == NaiveDate::from_ymd_opt(2026, 11, 20).expect("valid day") {
                made.push(Entry {
                    made: day.and_hms_opt(18, 30, 0).expect("valid time"),
                    kind: BackupKind::Manual,
                });
            }
            for e in made {
                kept.push(e);
                let gone = to_remove(&kept, e.made, &policy);
                kept = kept
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| !gone.contains(i))
                    .map(|(_, e)| *e)
                    .collect();
            }
        }
        let last = start + Duration::days(399);
        assert_eq!(
            last,
            NaiveDate::from_ymd_opt(2026, 12, 6).expect("valid day")
        );

        let mut expected: Vec<(NaiveDateTime, BackupKind)> = Vec::new();
        // The last 7 days.
        for d in 30..=30 {
            expected.push((at(2026, 11, d, 9), BackupKind::Auto));
        }
        for d in 1..=6 {
            expected.push((at(2026, 12, d, 9), BackupKind::Auto));
        }
        // ISO weeks: 30 Nov–6 Dec and 23–29 Nov are covered by the days above and
        // by the 29th; the two before end on Sundays 22 and 15 Nov. The 20th's
        // hand-made backup is the newest of its day, so that day's automatic one
        // went, and the 20th is no week's newest: it stays for its 30 days.
        expected.push((at(2026, 11, 29, 9), BackupKind::Auto));
        expected.push((at(2026, 11, 22, 9), BackupKind::Auto));
        expected.push((at(2026, 11, 15, 9), BackupKind::Auto));
        expected.push((at(2026, 11, 20, 18), BackupKind::Manual));
        // Months: December and November are covered; then the last day of each
        // month back to January 2026 (12 months in all).
        for (m, d) in [
            (10, 31),
            (9, 30),
            (8, 31),
            (7, 31),
            (6, 30),
            (5, 31),
            (4, 30),
            (3, 31),
            (2, 28),
            (1, 31),
        ] {
            expected.push((at(2026, m, d, 9), BackupKind::Auto));
        }
        // The import of 10 November is within 30 days; the one of 20 October is not.
        expected.push((at(2026, 11, 10, 15), BackupKind::BeforeImport));

        let mut got: Vec<(NaiveDateTime, BackupKind)> =
            kept.iter().map(|e| (e.made, e.kind)).collect();
        got.sort();
        expected.sort();
        assert_eq!(got, expected);
    }

    #[test]
    fn the_newest_backup_stays_even_when_every_rule_would_drop_it() {
        let policy = Policy {
            daily: 0,
            weekly: 0,
            monthly: 0,
            keep_days: 0,
        };
        let entries = [
            Entry {
                made: at(2026, 1, 1, 9),
                kind: BackupKind::BeforeImport,
            },
            Entry {
                made: at(2026, 1, 2, 9),
                kind: BackupKind::BeforeRestore,
            },
        ];
        assert_eq!(to_remove(&entries, at(2027, 1, 1, 9), &policy), vec![0]);
        assert!(to_remove(&[], at(2027, 1, 1, 9), &policy).is_empty());
    }

    #[test]
    fn a_week_away_still_leaves_seven_daily_backups() {
        let policy = Policy::default();
        // Backups on 10 days, then the shop closed for three weeks.
        let entries: Vec<Entry> = (1..=10)
            .map(|d| Entry {
                made: at(2026, 2, d, 9),
                kind: BackupKind::Auto,
            })
            .collect();
        let gone = to_remove(&entries, at(2026, 3, 3, 9), &policy);
        // Days 4–10 are the last seven with a backup; 1 Feb is its ISO week's newest
        // (week 5: 26 Jan–1 Feb); days 2 and 3 are in week 6 with day 8 newer.
        assert_eq!(gone, vec![1, 2]);
    }
}
