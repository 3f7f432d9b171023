//! Growth suggestions: when a staff member meets the next level's criteria (exam,
//! complete SOP days, course, time in the job), the app says so. The owner edits
//! the criteria.

use chrono::{DateTime, Datelike, Local, NaiveDate};
use rusqlite::{Connection, params};

use super::EXAM_PASS_SCORE;
use super::course::COURSE;
use super::exam::best_passed_score;
use super::model::{GrowthView, LEVELS, LevelCriteria};
use super::report::full_sop_days;
use super::staff::list_staff;
use crate::error::{Error, FieldError};
use crate::store::Store;

/// What the shop starts with: the second level asks for a passed exam and 20 full
/// SOP days; the higher ones for more of each, the whole course and time.
const DEFAULT_CRITERIA: [(&str, u32, u32, bool, u32); 3] = [
    ("中级社群运营", EXAM_PASS_SCORE, 20, false, 0),
    ("高级社群主理", 90, 60, true, 6),
    ("社群运营专家", 95, 120, true, 12),
];

pub(super) fn seed_criteria(conn: &Connection) -> rusqlite::Result<()> {
    for (level, score, days, course, months) in DEFAULT_CRITERIA {
        conn.execute(
            "INSERT OR IGNORE INTO level_criteria
                 (level, min_exam_score, min_sop_days, course_done, min_months)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![level, score, days, course, months],
        )?;
    }
    Ok(())
}

/// The criteria of every level above the first, lowest first.
pub fn level_criteria(store: &Store) -> Result<Vec<LevelCriteria>, Error> {
    let conn = store.conn();
    let mut stmt = conn.prepare(
        "SELECT min_exam_score, min_sop_days, course_done, min_months FROM level_criteria
         WHERE level = ?1",
    )?;
    LEVELS[1..]
        .iter()
        .map(|level| {
            let found = {
                use rusqlite::OptionalExtension;
                stmt.query_row([level], |r| {
                    Ok(LevelCriteria {
                        level: (*level).to_owned(),
                        min_exam_score: r.get(0)?,
                        min_sop_days: r.get(1)?,
                        course_done: r.get(2)?,
                        min_months: r.get(3)?,
                    })
                })
                .optional()?
            };
            // A level missing from the table (an old file) takes the shipped values.
            Ok(found.unwrap_or_else(|| {
                let (_, score, days, course, months) = DEFAULT_CRITERIA
                    .iter()
                    .find(|c| c.0 == *level)
                    .copied()
                    .unwrap_or((level, EXAM_PASS_SCORE, 20, false, 0));
                LevelCriteria {
                    level: (*level).to_owned(),
                    min_exam_score: score,
                    min_sop_days: days,
                    course_done: course,
                    min_months: months,
                }
            }))
        })
        .collect()
}

pub fn set_level_criteria(
    store: &Store,
    criteria: &[LevelCriteria],
) -> Result<Vec<LevelCriteria>, Error> {
    let mut errors = Vec::new();
    for (i, c) in criteria.iter().enumerate() {
        if !LEVELS[1..].contains(&c.level.as_str()) {
            errors.push(FieldError::new(
                format!("{i}.level"),
                format!("“{}”不是可以升上去的级别", c.level),
            ));
        }
        if !(EXAM_PASS_SCORE..=100).contains(&c.min_exam_score) {
            errors.push(FieldError::new(
                format!("{i}.min_exam_score"),
                format!("{}的考试分数要在 {EXAM_PASS_SCORE} 到 100 之间", c.level),
            ));
        }
        if c.min_sop_days > 3650 {
            errors.push(FieldError::new(
                format!("{i}.min_sop_days"),
                format!("{}的SOP天数最多 3650 天", c.level),
            ));
        }
        if c.min_months > 600 {
            errors.push(FieldError::new(
                format!("{i}.min_months"),
                format!("{}的入职月数最多 600 个月", c.level),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(Error::invalid_fields(errors));
    }
    let tx = crate::db::write_tx(store.conn())?;
    for c in criteria {
        tx.execute(
            "INSERT INTO level_criteria (level, min_exam_score, min_sop_days, course_done, min_months)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (level) DO UPDATE SET min_exam_score = excluded.min_exam_score,
                 min_sop_days = excluded.min_sop_days, course_done = excluded.course_done,
                 min_months = excluded.min_months",
            params![c.level, c.min_exam_score, c.min_sop_days, c.course_done, c.min_months],
        )?;
    }
    tx.commit()?;
    level_criteria(store)
}

/// Whole months from `start` to `today`.
fn months_between(start: NaiveDate, today: NaiveDate) -> u32 {
    let mut months =
        (today.year() - start.year()) * 12 + today.month() as i32 - start.month() as i32;
    if today.day() < start.day() {
        months -= 1;
    }
    months.max(0) as u32
}

/// Every active staff member against their next level.
pub fn growth(store: &Store, now: DateTime<Local>) -> Result<Vec<GrowthView>, Error> {
    let criteria = level_criteria(store)?;
    let conn = store.conn();
    let today = now.date_naive();
    let mut out = Vec::new();
    for staff in list_staff(store, false)? {
        let best_score = best_passed_score(conn, staff.id)?;
        let sop_days = full_sop_days(conn, staff.id)?;
        let modules_done: u32 = conn.query_row(
            "SELECT COUNT(*) FROM course_progress WHERE staff_id = ?1 AND done_on IS NOT NULL",
            [staff.id],
            |r| r.get(0),
        )?;
        let modules_total = COURSE.len() as u32;
        let months = crate::text::stored_day(Some(&staff.started_on))
            .map(|d| months_between(d, today))
            .unwrap_or(0);
        let next_level = LEVELS
            .iter()
            .position(|l| *l == staff.level)
            .and_then(|i| LEVELS.get(i + 1))
            .map(|l| (*l).to_owned());
        let mut missing = Vec::new();
        if let Some(c) = next_level
            .as_ref()
            .and_then(|next| criteria.iter().find(|c| &c.level == next))
        {
            match best_score {
                Some(s) if s >= c.min_exam_score => {}
                Some(s) => missing.push(format!(
                    "考试最好成绩要到 {} 分（现在 {s} 分）",
                    c.min_exam_score
                )),
                None => missing.push(format!(
                    "考试要通过并达到 {} 分（还没有通过的考试）",
                    c.min_exam_score
                )),
            }
            if sop_days < c.min_sop_days {
                missing.push(format!(
                    "每日SOP全部做完的天数要到 {} 天（现在 {sop_days} 天）",
                    c.min_sop_days
                ));
            }
            if c.course_done && modules_done < modules_total {
                missing.push(format!(
                    "课程要全部学完（已学完 {modules_done}/{modules_total}）"
                ));
            }
            if months < c.min_months {
                missing.push(format!(
                    "入职要满 {} 个月（现在 {months} 个月）",
                    c.min_months
                ));
            }
        }
        let suggestion = match &next_level {
            Some(next) if missing.is_empty() => Some(format!(
                "{}已经满足升为{next}的条件，可以考虑给 TA 升级",
                staff.name
            )),
            _ => None,
        };
        out.push(GrowthView {
            staff_id: staff.id,
            staff: staff.name,
            level: staff.level,
            next_level,
            best_score,
            sop_days,
            modules_done,
            modules_total,
            months,
            missing,
            suggestion,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn months_count_whole_months_only() {
        assert_eq!(months_between(d(2026, 1, 15), d(2026, 7, 14)), 5);
        assert_eq!(months_between(d(2026, 1, 15), d(2026, 7, 15)), 6);
        assert_eq!(months_between(d(2026, 3, 1), d(2026, 2, 1)), 0);
    }
}
