//! The rotation's rules over simulated time (the clock passed in): which backups
//! stay and which go.
#![allow(clippy::unwrap_used)]

use chrono::{Duration, NaiveDate, NaiveDateTime};
use shequn_core::backup::BackupKind;
use shequn_core::backup::rotation::{Entry, Policy, to_remove};

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

    let mut got: Vec<(NaiveDateTime, BackupKind)> = kept.iter().map(|e| (e.made, e.kind)).collect();
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
