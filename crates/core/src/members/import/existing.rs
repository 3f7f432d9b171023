//! Rows whose phone is a member already: what the import does to them (by
//! [`OnDuplicate`]), and what the preview says their tiers become.

use chrono::NaiveDate;
use rusqlite::{Connection, params};

use super::booking::{Booked, SpendBooking};
use super::check::Candidate;
use super::write::{Plan, Writer};
use super::{Existing, ImportReport, OnDuplicate};
use crate::error::Error;
use crate::members::model::{Gender, Tier};
use crate::members::refresh;
use crate::shop;

/// A member's imported purchases still standing (not reversals, not reversed).
/// `+p.reverses_id`: see `ledger::FIRST_PURCHASE` (without it a re-import with
/// update of 100,000 members walked the whole purchases table once per member).
pub(in crate::members) const CURRENT_IMPORTED: &str =
    "SELECT p.id, p.occurred_on, p.amount_fen FROM purchases p
      WHERE p.member_id = ?1 AND p.imported = 1 AND +p.reverses_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM purchases r WHERE r.reverses_id = p.id)";

/// The 12-month spend a member already in the book will have after the import, for
/// the preview's tiers; the same arithmetic the ledgers do after writing.
fn spend_after(
    conn: &Connection,
    id: i64,
    booked: Option<&Booked>,
    plan: &Plan,
) -> rusqlite::Result<i64> {
    let cached: i64 = conn.query_row(
        "SELECT spend_12m_fen FROM members WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let Some(booked) = booked else {
        return Ok(cached);
    };
    let new = booked.in_window(plan.today);
    Ok(match plan.policy {
        OnDuplicate::Skip => cached,
        OnDuplicate::Merge => cached + new,
        OnDuplicate::Update => cached - imported_in_window(conn, id, plan.today)? + new,
    })
}

fn imported_in_window(conn: &Connection, id: i64, today: NaiveDate) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT COALESCE(SUM(amount_fen), 0) FROM purchases
          WHERE member_id = ?1 AND imported = 1 AND occurred_on BETWEEN ?2 AND ?3",
        params![
            id,
            refresh::window_start(today).to_string(),
            today.to_string()
        ],
        |r| r.get(0),
    )
}

/// What the preview says about spend: which day each row's spend goes on and the
/// tiers the file's members end up in. `None` when the file has no spend figures.
/// Runs before members already in the book are changed.
pub(super) fn spend_booking(
    conn: &Connection,
    candidates: &[Candidate],
    existing: &Existing,
    plan: &Plan,
    has_recent: bool,
) -> Result<Option<SpendBooking>, Error> {
    if !candidates.iter().any(Candidate::has_spend) {
        return Ok(None);
    }
    let rules = shop::rules_in(conn)?;
    let mut out = SpendBooking {
        spend_date: plan.spend_date.clone(),
        has_recent,
        ..SpendBooking::default()
    };
    for c in candidates {
        let booked = plan.book(c);
        let existing_id = existing.by_phone.get(&c.phone).copied();
        if let Some(b) = &booked
            && (existing_id.is_none() || plan.policy != OnDuplicate::Skip)
        {
            out.count(b.basis);
        }
        let spend = match existing_id {
            None => booked.as_ref().map_or(0, |b| b.in_window(plan.today)),
            Some(id) => spend_after(conn, id, booked.as_ref(), plan)?,
        };
        out.tiers.add(Tier::for_spend(spend, &rules.tiers));
    }
    out.summarise();
    Ok(Some(out))
}

/// Applies the rows of members already in the book, by the import's policy, and
/// returns the ids it changed (their cached facts need a refresh).
pub(super) fn update_existing(
    conn: &Connection,
    writer: &mut Writer,
    candidates: &[Candidate],
    existing: &Existing,
    plan: &Plan,
    report: &mut ImportReport,
) -> rusqlite::Result<Vec<i64>> {
    let mut updated = Vec::new();
    for c in candidates {
        let Some(&id) = existing.by_phone.get(&c.phone) else {
            continue;
        };
        if plan.policy == OnDuplicate::Skip {
            report.skipped += 1;
            continue;
        }
        update_fields(conn, id, c, plan.policy, writer.stamp())?;
        writer.add_tags(id, c)?;
        let booked = plan.book(c);
        if plan.policy == OnDuplicate::Update {
            replace_imported(conn, writer, id, c, booked.as_ref())?;
        } else {
            if let Some(booked) = &booked {
                writer.add_purchases(id, &booked.entries)?;
            }
            writer.add_points(id, c.points.unwrap_or(0), "导入的积分")?;
        }
        report.updated += 1;
        updated.push(id);
    }
    Ok(updated)
}

/// Update: makes the member's imported spend exactly the file's entries (voiding
/// the old ones when they differ) and their imported points the file's figure.
/// Importing the same file again therefore changes nothing.
fn replace_imported(
    conn: &Connection,
    writer: &mut Writer,
    id: i64,
    c: &Candidate,
    booked: Option<&Booked>,
) -> rusqlite::Result<()> {
    if let Some(booked) = booked {
        let mut current: Vec<(i64, String, i64)> = conn
            .prepare_cached(CURRENT_IMPORTED)?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        current.sort_by(|a, b| (&a.1, a.2).cmp(&(&b.1, b.2)));
        let wanted: Vec<(String, i64)> = booked
            .entries
            .iter()
            .map(|(d, fen)| (d.to_string(), *fen))
            .collect();
        let same = current.len() == wanted.len()
            && current
                .iter()
                .zip(&wanted)
                .all(|((_, d, fen), (wd, wfen))| d == wd && fen == wfen);
        if !same {
            let mut void = conn.prepare_cached(
                "INSERT INTO purchases (member_id, amount_fen, occurred_on, category, note, reverses_id, created_at, imported)
                 VALUES (?1, ?2, ?3, '导入', '撤销', ?4, ?5, 1)",
            )?;
            for (purchase, day, fen) in &current {
                void.execute(params![id, -fen, day, purchase, writer.stamp()])?;
            }
            writer.add_purchases(id, &booked.entries)?;
        }
    }
    if let Some(points) = c.points {
        let imported: i64 = conn.query_row(
            "SELECT COALESCE(SUM(delta), 0) FROM points_entries WHERE member_id = ?1 AND imported = 1",
            [id],
            |r| r.get(0),
        )?;
        writer.add_points(id, points - imported, "导入的积分（按文件调整）")?;
    }
    Ok(())
}

/// Update: the file's non-empty cells win. Merge: only the member's empty fields are
/// filled. Tags are added in both cases.
fn update_fields(
    conn: &Connection,
    id: i64,
    c: &Candidate,
    policy: OnDuplicate,
    stamp: &str,
) -> rusqlite::Result<()> {
    let overwrite = policy == OnDuplicate::Update;
    // One fixed statement per column: this runs for every member of a re-import.
    let set = |sql: &str, value: Option<&str>| -> rusqlite::Result<()> {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            conn.prepare_cached(sql)?
                .execute(params![id, value, stamp, overwrite])?;
        }
        Ok(())
    };
    set(
        "UPDATE members SET wechat = ?2, updated_at = ?3 WHERE id = ?1 AND (?4 OR wechat = '')",
        c.wechat.as_deref(),
    )?;
    set(
        "UPDATE members SET source = ?2, updated_at = ?3 WHERE id = ?1 AND (?4 OR source = '')",
        c.source.as_deref(),
    )?;
    set(
        "UPDATE members SET notes = ?2, updated_at = ?3 WHERE id = ?1 AND (?4 OR notes = '')",
        c.notes.as_deref(),
    )?;
    if let Some(g) = c.gender.filter(|g| *g != Gender::Unknown) {
        conn.prepare_cached(
            "UPDATE members SET gender = ?2 WHERE id = ?1 AND (?3 OR gender = 'unknown')",
        )?
        .execute(params![id, g.as_str(), overwrite])?;
    }
    if let Some(b) = c.birthday {
        conn.prepare_cached(
            "UPDATE members SET birthday_month = ?2, birthday_day = ?3, birthday_year = ?4,
                    birthday_lunar = ?5
              WHERE id = ?1 AND (?6 OR birthday_month IS NULL)",
        )?
        .execute(params![id, b.month, b.day, b.year, b.lunar, overwrite])?;
    }
    if overwrite && !c.name.is_empty() {
        conn.prepare_cached(
            "UPDATE members SET name = ?2, name_pinyin = ?3, name_initials = ?4 WHERE id = ?1",
        )?
        .execute(params![id, c.name, c.keys.full, c.keys.initials])?;
    }
    Ok(())
}
