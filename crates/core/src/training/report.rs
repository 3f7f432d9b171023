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

/// Training in a period, for the reports (培训). `sop_days`: daily SOPs started in
/// it, `sop_days_complete` those with every item ticked, `sop_completion` ticked
/// items ÷ all their items; `exams` submitted in it, `exams_passed`, `pass_rate` =
/// passed ÷ exams and `average_score`. Rates are `None` when there is nothing to
/// divide by.
#[derive(
    Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize, ts_rs::TS,
)]
#[ts(export)]
pub struct TrainingFigures {
    pub sop_days: u32,
    pub sop_days_complete: u32,
    pub sop_completion: Option<f64>,
    pub exams: u32,
    pub exams_passed: u32,
    pub pass_rate: Option<f64>,
    pub average_score: Option<f64>,
}

pub fn figures(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> rusqlite::Result<TrainingFigures> {
    let (from, to) = (day_text(from), day_text(to));
    let (sop_days, sop_days_complete, items, done): (u32, u32, u32, u32) = conn.query_row(
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE done = items), COALESCE(SUM(items), 0),
                COALESCE(SUM(done), 0)
           FROM (SELECT COUNT(i.no) AS items, COUNT(i.done_at) AS done
                   FROM checklist_runs r LEFT JOIN run_items i ON i.run_id = r.id
                  WHERE r.kind = 'daily_sop' AND r.start_on BETWEEN ?1 AND ?2
                  GROUP BY r.id)",
        params![from, to],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    // `submitted_at` is an RFC 3339 stamp; its first ten characters are the day.
    let (exams, exams_passed, average_score): (u32, u32, Option<f64>) = conn.query_row(
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE passed = 1), AVG(score)
           FROM exam_attempts
          WHERE submitted_at IS NOT NULL AND substr(submitted_at, 1, 10) BETWEEN ?1 AND ?2",
        params![from, to],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let ratio = |part: u32, whole: u32| (whole > 0).then(|| f64::from(part) / f64::from(whole));
    Ok(TrainingFigures {
        sop_days,
        sop_days_complete,
        sop_completion: ratio(done, items),
        exams,
        exams_passed,
        pass_rate: ratio(exams_passed, exams),
        average_score,
    })
}
