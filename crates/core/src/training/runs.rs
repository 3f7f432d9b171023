//! Checklist runs: started from a template for one staff member, with the items
//! copied in and dated; ticked with who and when; judged against their time windows.

use chrono::{DateTime, Days, Local, NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::{Connection, OptionalExtension, params};

use super::model::*;
use super::parse_day;
use super::staff::get_staff;
use super::templates::template;
use crate::db::timestamp;
use crate::error::Error;
use crate::store::Store;
use crate::text::day_text;

const NOTE_MAX: usize = 300;

fn add_days(day: NaiveDate, offset: i32) -> Option<NaiveDate> {
    if offset >= 0 {
        day.checked_add_days(Days::new(offset as u64))
    } else {
        day.checked_sub_days(Days::new(offset.unsigned_abs() as u64))
    }
}

fn time_of(text: Option<&str>) -> Option<NaiveTime> {
    text.and_then(|t| crate::text::parse_clock(t).ok())
}

/// Where an item stands at `now`. An item is overdue only once `now` is past the end
/// of its window (exactly at the end it is still on time); an item with a date and
/// no window has the whole day.
pub fn item_status(
    done: bool,
    due_on: Option<NaiveDate>,
    window_start: Option<&str>,
    window_end: Option<&str>,
    now: NaiveDateTime,
) -> ItemStatus {
    if done {
        return ItemStatus::Done;
    }
    let Some(day) = due_on else {
        return ItemStatus::Open;
    };
    let deadline = match time_of(window_end) {
        Some(end) => day.and_time(end),
        None => match day.succ_opt() {
            Some(next) => next.and_time(NaiveTime::MIN),
            None => return ItemStatus::Upcoming,
        },
    };
    let opens = day.and_time(time_of(window_start).unwrap_or(NaiveTime::MIN));
    if now > deadline {
        ItemStatus::Overdue
    } else if now >= opens {
        ItemStatus::Due
    } else {
        ItemStatus::Upcoming
    }
}

fn percent(done: u32, total: u32) -> u32 {
    (done * 100).checked_div(total).unwrap_or(0)
}

pub(super) fn completion(done: u32, total: u32) -> Completion {
    Completion {
        done,
        total,
        percent: percent(done, total),
    }
}

/// Starts a run: copies the template's items with their dates.
pub fn start_run(store: &Store, start: &StartRun, now: DateTime<Local>) -> Result<RunView, Error> {
    let template = template(store, start.template_id)?;
    let staff = get_staff(store, start.staff_id)?;
    if !staff.active {
        return Err(Error::invalid(
            "staff_id",
            format!("{}已经停用，先在店员名单里恢复在岗再派清单", staff.name),
        ));
    }
    let date = match start.date.trim() {
        "" => now.date_naive(),
        text => parse_day("date", "开始日期", text)?,
    };
    let event = match start.event_date.trim() {
        "" if template.event_based => {
            return Err(Error::invalid(
                "event_date",
                format!(
                    "“{}”的日期从{}推算，请先填{}",
                    template.name,
                    template.kind.event_label().trim_end_matches("日期"),
                    template.kind.event_label()
                ),
            ));
        }
        "" => None,
        text => Some(parse_day("event_date", template.kind.event_label(), text)?),
    };
    let anchor = if template.event_based {
        event.unwrap_or(date)
    } else {
        date
    };
    let tx = crate::db::write_tx(store.conn())?;
    if template.kind == TemplateKind::DailySop {
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM checklist_runs
                 WHERE staff_id = ?1 AND start_on = ?2 AND kind = 'daily_sop'",
                params![staff.id, day_text(date)],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = existing {
            return Err(Error::conflict(format!(
                "{} {} 的每日SOP已经开始了（清单 #{id}），直接打开它就好",
                staff.name,
                day_text(date)
            )));
        }
    }
    tx.execute(
        "INSERT INTO checklist_runs
             (template_id, template_name, kind, staff_id, start_on, event_on, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            template.id,
            template.name,
            template.kind.as_str(),
            staff.id,
            day_text(date),
            event.map(day_text),
            timestamp(now)
        ],
    )?;
    let run_id = tx.last_insert_rowid();
    {
        let mut stmt = tx.prepare(
            "INSERT INTO run_items (run_id, no, section, text, due_on, window_start, window_end)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for (i, item) in template.items.iter().enumerate() {
            let due = match item.day_offset {
                None => None,
                Some(offset) => Some(
                    add_days(anchor, offset)
                        .ok_or_else(|| Error::invalid("date", "日期超出了能推算的范围"))?,
                ),
            };
            stmt.execute(params![
                run_id,
                i as i64 + 1,
                item.section,
                item.text,
                due.map(day_text),
                item.window_start,
                item.window_end
            ])?;
        }
    }
    tx.commit()?;
    run(store, run_id, now)
}

struct RunRow {
    id: i64,
    template_id: Option<i64>,
    template: String,
    kind: TemplateKind,
    staff_id: i64,
    staff: String,
    date: String,
    event_date: Option<String>,
}

const RUN_SELECT: &str = "SELECT r.id, r.template_id, r.template_name, r.kind, r.staff_id, s.name,
                                 r.start_on, r.event_on
                          FROM checklist_runs r JOIN staff s ON s.id = r.staff_id";

fn run_row(row: &rusqlite::Row) -> rusqlite::Result<RunRow> {
    let kind: String = row.get(3)?;
    Ok(RunRow {
        id: row.get(0)?,
        template_id: row.get(1)?,
        template: row.get(2)?,
        kind: TemplateKind::parse(&kind).unwrap_or(TemplateKind::Custom),
        staff_id: row.get(4)?,
        staff: row.get(5)?,
        date: row.get(6)?,
        event_date: row.get(7)?,
    })
}

fn items_of(
    conn: &Connection,
    run_id: i64,
    now: NaiveDateTime,
) -> rusqlite::Result<Vec<RunItemView>> {
    let mut stmt = conn.prepare(
        "SELECT i.no, i.section, i.text, i.due_on, i.window_start, i.window_end, i.done_at,
                s.name, i.note
         FROM run_items i LEFT JOIN staff s ON s.id = i.done_by
         WHERE i.run_id = ?1 ORDER BY i.no",
    )?;
    let rows = stmt.query_map([run_id], |r| {
        let date: Option<String> = r.get(3)?;
        let window_start: Option<String> = r.get(4)?;
        let window_end: Option<String> = r.get(5)?;
        let done_at: Option<String> = r.get(6)?;
        let due = crate::text::stored_day(date.as_deref());
        let status = item_status(
            done_at.is_some(),
            due,
            window_start.as_deref(),
            window_end.as_deref(),
            now,
        );
        Ok(RunItemView {
            id: r.get(0)?,
            section: r.get(1)?,
            text: r.get(2)?,
            date,
            window_start,
            window_end,
            done: done_at.is_some(),
            done_at,
            done_by: r.get(7)?,
            note: r.get(8)?,
            status,
        })
    })?;
    rows.collect()
}

fn counts(items: &[RunItemView]) -> (u32, u32, u32) {
    let done = items.iter().filter(|i| i.done).count() as u32;
    let overdue = items
        .iter()
        .filter(|i| i.status == ItemStatus::Overdue)
        .count() as u32;
    (done, items.len() as u32, overdue)
}

fn view_of(conn: &Connection, row: RunRow, now: NaiveDateTime) -> rusqlite::Result<RunView> {
    let items = items_of(conn, row.id, now)?;
    let (done, total, overdue) = counts(&items);
    Ok(RunView {
        summary: RunSummary {
            id: row.id,
            template: row.template,
            kind: row.kind,
            staff_id: row.staff_id,
            staff: row.staff,
            date: row.date,
            event_date: row.event_date,
            done,
            total,
            percent: percent(done, total),
            overdue,
        },
        template_id: row.template_id,
        items,
    })
}

pub fn run(store: &Store, id: i64, now: DateTime<Local>) -> Result<RunView, Error> {
    let conn = store.conn();
    let row = conn
        .query_row(&format!("{RUN_SELECT} WHERE r.id = ?1"), [id], run_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("编号为 {id} 的清单")))?;
    Ok(view_of(conn, row, now.naive_local())?)
}

/// Runs, newest day first.
pub fn list_runs(
    store: &Store,
    query: &RunQuery,
    now: DateTime<Local>,
) -> Result<Vec<RunSummary>, Error> {
    Ok(run_views(store, query, now)?
        .into_iter()
        .map(|v| v.summary)
        .collect())
}

/// Runs with their items (today's SOP cards), newest day first.
pub fn run_views(
    store: &Store,
    query: &RunQuery,
    now: DateTime<Local>,
) -> Result<Vec<RunView>, Error> {
    let from = match query.from.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => Some(day_text(parse_day("from", "起始日期", t)?)),
        _ => None,
    };
    let to = match query.to.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => Some(day_text(parse_day("to", "截止日期", t)?)),
        _ => None,
    };
    let conn = store.conn();
    let mut stmt = conn.prepare(&format!(
        "{RUN_SELECT}
         WHERE (?1 IS NULL OR r.staff_id = ?1) AND (?2 IS NULL OR r.start_on >= ?2)
           AND (?3 IS NULL OR r.start_on <= ?3) AND (?4 IS NULL OR r.kind = ?4)
         ORDER BY r.start_on DESC, r.id DESC"
    ))?;
    let rows = stmt
        .query_map(
            params![query.staff_id, from, to, query.kind.map(|k| k.as_str())],
            run_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let now = now.naive_local();
    rows.into_iter()
        .map(|row| view_of(conn, row, now))
        .collect::<rusqlite::Result<_>>()
        .map_err(Into::into)
}

fn item_exists(conn: &Connection, run_id: i64, no: u32) -> Result<(), Error> {
    let run_exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM checklist_runs WHERE id = ?1)",
        [run_id],
        |r| r.get(0),
    )?;
    if !run_exists {
        return Err(Error::not_found(format!("编号为 {run_id} 的清单")));
    }
    let total: u32 = conn.query_row(
        "SELECT COUNT(*) FROM run_items WHERE run_id = ?1",
        [run_id],
        |r| r.get(0),
    )?;
    if no == 0 || no > total {
        return Err(Error::not_found(format!(
            "清单 #{run_id} 的第 {no} 项（这张清单共 {total} 项）"
        )));
    }
    Ok(())
}

/// Ticks (or unticks) an item, recording who and when. `by` defaults to the run's
/// staff member. Ticking a done item again keeps its first time. An item of a day
/// already past is ticked only when the user says they are catching up: a window
/// left open overnight must not put today's work on yesterday's list.
pub fn set_item_done(
    store: &Store,
    run_id: i64,
    no: u32,
    done: bool,
    by: Option<i64>,
    catching_up: bool,
    now: DateTime<Local>,
) -> Result<RunView, Error> {
    let conn = store.conn();
    item_exists(conn, run_id, no)?;
    if done && !catching_up {
        let due: Option<String> = conn.query_row(
            "SELECT due_on FROM run_items WHERE run_id = ?1 AND no = ?2",
            params![run_id, no],
            |r| r.get(0),
        )?;
        let today = now.date_naive().to_string();
        if let Some(due) = due.filter(|d| *d < today) {
            return Err(Error::invalid(
                CATCHING_UP,
                format!("这一项是 {due} 的，不是今天的。如果是补记那天做过的事，请确认后再勾选"),
            ));
        }
    }
    if done {
        let by = match by {
            Some(id) => get_staff(store, id)?.id,
            None => conn.query_row(
                "SELECT staff_id FROM checklist_runs WHERE id = ?1",
                [run_id],
                |r| r.get(0),
            )?,
        };
        conn.execute(
            "UPDATE run_items SET done_at = ?1, done_by = ?2
             WHERE run_id = ?3 AND no = ?4 AND done_at IS NULL",
            params![timestamp(now), by, run_id, no],
        )?;
    } else {
        conn.execute(
            "UPDATE run_items SET done_at = NULL, done_by = NULL WHERE run_id = ?1 AND no = ?2",
            params![run_id, no],
        )?;
    }
    run(store, run_id, now)
}

/// The field of the error that asks "are you catching up?" (the UI confirms, then
/// ticks again with `catching_up`).
pub const CATCHING_UP: &str = "catching_up";

pub fn set_item_note(
    store: &Store,
    run_id: i64,
    no: u32,
    note: &str,
    now: DateTime<Local>,
) -> Result<RunView, Error> {
    let conn = store.conn();
    item_exists(conn, run_id, no)?;
    let note = note.trim();
    let len = note.chars().count();
    if len > NOTE_MAX {
        return Err(Error::invalid(
            "note",
            format!("备注最多 {NOTE_MAX} 个字，现在有 {len} 个"),
        ));
    }
    conn.execute(
        "UPDATE run_items SET note = ?1 WHERE run_id = ?2 AND no = ?3",
        params![note, run_id, no],
    )?;
    run(store, run_id, now)
}

pub fn delete_run(store: &Store, id: i64) -> Result<(), Error> {
    let n = store
        .conn()
        .execute("DELETE FROM checklist_runs WHERE id = ?1", [id])?;
    if n == 0 {
        return Err(Error::not_found(format!("编号为 {id} 的清单")));
    }
    Ok(())
}

/// The template the day's SOP starts from: the shipped one if kept, else the
/// shop's oldest daily-SOP template.
fn daily_template(conn: &Connection) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "SELECT id FROM checklist_templates WHERE kind = 'daily_sop'
         ORDER BY default_key = 'daily-sop' DESC, id LIMIT 1",
        [],
        |r| r.get(0),
    )
    .optional()
}

/// Starts today's SOP for every active staff member who has none yet (the app calls
/// this when it opens and when the SOP page is shown). Returns the runs started.
/// Today's daily SOP of every active staff member (started now if not yet), oldest
/// staff member first, as the roster lists them.
pub fn todays_sop(store: &Store, now: DateTime<Local>) -> Result<Vec<RunView>, Error> {
    ensure_daily_sop(store, now)?;
    let today = day_text(now.date_naive());
    let mut runs = run_views(
        store,
        &RunQuery {
            from: Some(today.clone()),
            to: Some(today),
            kind: Some(TemplateKind::DailySop),
            staff_id: None,
        },
        now,
    )?;
    runs.reverse();
    Ok(runs)
}

pub fn ensure_daily_sop(store: &Store, now: DateTime<Local>) -> Result<Vec<i64>, Error> {
    let conn = store.conn();
    let Some(template_id) = daily_template(conn)? else {
        return Ok(Vec::new());
    };
    let today = day_text(now.date_naive());
    let waiting: Vec<i64> = conn
        .prepare(
            "SELECT s.id FROM staff s WHERE s.active = 1 AND NOT EXISTS (
                 SELECT 1 FROM checklist_runs r
                 WHERE r.staff_id = s.id AND r.start_on = ?1 AND r.kind = 'daily_sop')
             ORDER BY s.id",
        )?
        .query_map([&today], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut started = Vec::new();
    for staff_id in waiting {
        let run = start_run(
            store,
            &StartRun {
                template_id,
                staff_id,
                date: today.clone(),
                event_date: String::new(),
            },
            now,
        )?;
        started.push(run.id);
    }
    Ok(started)
}
