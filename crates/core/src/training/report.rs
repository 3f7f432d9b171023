//! Completion over time: per staff member and per day of a week, and the count of
//! complete SOP days that growth suggestions rest on.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, NaiveDate};
use rusqlite::{Connection, params};

use super::model::{StaffWeek, TemplateKind, WeekReport};
use super::runs::completion;
use crate::error::Error;
use crate::store::Store;
use crate::text::day_text;

/// Daily SOPs with every item done, for one staff member.
pub(super) fn full_sop_days(conn: &Connection, staff_id: i64) -> rusqlite::Result<u32> {
    conn.query_row(
        "SELECT COUNT(*) FROM checklist_runs r
         WHERE r.staff_id = ?1 AND r.kind = 'daily_sop'
           AND NOT EXISTS (SELECT 1 FROM run_items i WHERE i.run_id = r.id AND i.done_at IS NULL)",
        [staff_id],
        |r| r.get(0),
    )
}

/// Completion for the week (Monday to Sunday) that holds `day`: items dated in the
/// week, plus undated items of runs started in it, per staff member and per day.
pub fn week_report(store: &Store, day: NaiveDate) -> Result<WeekReport, Error> {
    let monday = day - Days::new(u64::from(day.weekday().num_days_from_monday()));
    let sunday = monday + Days::new(6);
    let (from, to) = (day_text(monday), day_text(sunday));
    let conn = store.conn();

    struct Acc {
        name: String,
        runs: BTreeSet<i64>,
        done: u32,
        total: u32,
        days: [(u32, u32); 7],
        sop: BTreeMap<i64, bool>,
    }
    let mut by_staff: BTreeMap<i64, Acc> = BTreeMap::new();
    for staff in super::staff::list_staff(store, false)? {
        by_staff.insert(
            staff.id,
            Acc {
                name: staff.name,
                runs: Default::default(),
                done: 0,
                total: 0,
                days: [(0, 0); 7],
                sop: BTreeMap::new(),
            },
        );
    }
    let mut stmt = conn.prepare(
        "SELECT r.staff_id, s.name, r.id, r.kind, i.due_on, i.done_at IS NOT NULL
         FROM run_items i
         JOIN checklist_runs r ON r.id = i.run_id
         JOIN staff s ON s.id = r.staff_id
         WHERE i.due_on BETWEEN ?1 AND ?2
            OR (i.due_on IS NULL AND r.start_on BETWEEN ?1 AND ?2)",
    )?;
    let mut rows = stmt.query(params![from, to])?;
    while let Some(r) = rows.next()? {
        let staff_id: i64 = r.get(0)?;
        let name: String = r.get(1)?;
        let run_id: i64 = r.get(2)?;
        let kind: String = r.get(3)?;
        let due: Option<String> = r.get(4)?;
        let done: bool = r.get(5)?;
        let acc = by_staff.entry(staff_id).or_insert_with(|| Acc {
            name,
            runs: Default::default(),
            done: 0,
            total: 0,
            days: [(0, 0); 7],
            sop: BTreeMap::new(),
        });
        acc.runs.insert(run_id);
        acc.total += 1;
        acc.done += u32::from(done);
        if let Some(d) = crate::text::stored_day(due.as_deref()) {
            let i = (d - monday).num_days().clamp(0, 6) as usize;
            acc.days[i].1 += 1;
            acc.days[i].0 += u32::from(done);
        }
        if kind == TemplateKind::DailySop.as_str() {
            let all = acc.sop.entry(run_id).or_insert(true);
            *all &= done;
        }
    }
    let mut overall = (0, 0);
    let staff = by_staff
        .into_iter()
        .map(|(staff_id, a)| {
            overall.0 += a.done;
            overall.1 += a.total;
            StaffWeek {
                staff_id,
                staff: a.name,
                runs: a.runs.len() as u32,
                completion: completion(a.done, a.total),
                full_sop_days: a.sop.values().filter(|all| **all).count() as u32,
                days: a.days.iter().map(|(d, t)| completion(*d, *t)).collect(),
            }
        })
        .collect();
    Ok(WeekReport {
        week_start: from,
        week_end: to,
        overall: completion(overall.0, overall.1),
        staff,
    })
}
