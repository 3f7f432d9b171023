//! Writing checked rows: every row in ONE transaction, members already in the book
//! first (with every index in place), then the new ones.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Local, NaiveDate};
use rusqlite::{Connection, Statement, Transaction, params};

use super::booking::{Booked, SpendBooking, SpendDate, book};
use super::check::Candidate;
use super::{Existing, ImportReport, OnDuplicate};
use crate::db::{date_text, timestamp};
use crate::error::Error;
use crate::jobs::{Job, Stage};
use crate::members::model::{Gender, Tier};
use crate::members::refresh::{self, expiry_of};
use crate::shop::{self, BusinessRules};

/// How spend is booked for this import, worked out once.
pub(super) struct Plan<'a> {
    pub policy: OnDuplicate,
    pub spend_date: &'a SpendDate,
    pub fixed_day: Option<NaiveDate>,
    pub today: NaiveDate,
}

impl Plan<'_> {
    pub fn book(&self, c: &Candidate) -> Option<Booked> {
        book(c, self.spend_date, self.fixed_day, self.today)
    }
}

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

/// A member's imported purchases still standing (not reversals, not reversed).
/// `+p.reverses_id`: see `ledger::FIRST_PURCHASE` (without it a re-import with
/// update of 100,000 members walked the whole purchases table once per member).
pub(in crate::members) const CURRENT_IMPORTED: &str =
    "SELECT p.id, p.occurred_on, p.amount_fen FROM purchases p
      WHERE p.member_id = ?1 AND p.imported = 1 AND +p.reverses_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM purchases r WHERE r.reverses_id = p.id)";

/// Statements a row needs, prepared once for the whole import (held, not looked up
/// in the statement cache per row), and the texts every row repeats, made once.
struct Writer<'t> {
    tx: &'t Transaction<'t>,
    stamp: String,
    today: NaiveDate,
    today_text: String,
    /// When points awarded today expire under the shop's rules.
    expires_text: Option<String>,
    rules: BusinessRules,
    insert_member: Statement<'t>,
    insert_tier_change: Statement<'t>,
    insert_tag: Statement<'t>,
    insert_purchase: Statement<'t>,
    insert_points: Statement<'t>,
}

impl<'t> Writer<'t> {
    fn new(
        tx: &'t Transaction<'t>,
        now: DateTime<Local>,
        today: NaiveDate,
    ) -> Result<Writer<'t>, Error> {
        let rules = shop::rules_in(tx)?;
        Ok(Writer {
            stamp: timestamp(now),
            today,
            today_text: today.to_string(),
            expires_text: expiry_of(today, &rules).map(|d| d.to_string()),
            rules,
            insert_member: tx.prepare(
                "INSERT INTO members (name, phone, wechat, gender, birthday_month, birthday_day,
                    birthday_year, birthday_lunar, joined_on, source, notes, name_pinyin,
                    name_initials, created_at, updated_at, spend_12m_fen, points_balance,
                    last_purchase_on, tier, birthday_this_year_on, birthday_next_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14,
                         ?15, ?16, ?17, ?18, ?19, ?20)",
            )?,
            insert_tier_change: tx.prepare(
                "INSERT INTO tier_changes (member_id, from_tier, to_tier, changed_on)
                 VALUES (?1, 'none', ?2, ?3)",
            )?,
            insert_tag: tx
                .prepare("INSERT OR IGNORE INTO member_tags (member_id, tag) VALUES (?1, ?2)")?,
            insert_purchase: tx.prepare(
                "INSERT INTO purchases (member_id, amount_fen, occurred_on, category, note, created_at, imported)
                 VALUES (?1, ?2, ?3, '导入', '导入的累计消费', ?4, 1)",
            )?,
            insert_points: tx.prepare(
                "INSERT INTO points_entries (member_id, delta, kind, reason, occurred_on, expires_on, created_at, imported)
                 VALUES (?1, ?2, 'award', ?3, ?4, ?5, ?6, 1)",
            )?,
            tx,
        })
    }

    fn tags(&mut self, id: i64, c: &Candidate) -> rusqlite::Result<()> {
        for t in &c.tags {
            self.insert_tag.execute(params![id, t])?;
        }
        Ok(())
    }

    fn purchases(&mut self, id: i64, entries: &[(NaiveDate, i64)]) -> rusqlite::Result<()> {
        for (day, fen) in entries {
            self.insert_purchase
                .execute(params![id, fen, date_text(*day), self.stamp])?;
        }
        Ok(())
    }

    /// An imported points entry: the file's figure, or the difference to it.
    fn points(&mut self, id: i64, delta: i64, reason: &str) -> rusqlite::Result<()> {
        if delta == 0 {
            return Ok(());
        }
        let expires = if delta > 0 {
            self.expires_text.as_deref()
        } else {
            None
        };
        self.insert_points.execute(params![
            id,
            delta,
            reason,
            self.today_text,
            expires,
            self.stamp
        ])?;
        Ok(())
    }

    /// Update: makes the member's imported spend exactly the file's entries (voiding
    /// the old ones when they differ) and their imported points the file's figure.
    /// Importing the same file again therefore changes nothing.
    fn replace_imported(
        &mut self,
        id: i64,
        c: &Candidate,
        booked: Option<&Booked>,
    ) -> rusqlite::Result<()> {
        if let Some(booked) = booked {
            let mut current: Vec<(i64, String, i64)> = self
                .tx
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
                let mut void = self.tx.prepare_cached(
                    "INSERT INTO purchases (member_id, amount_fen, occurred_on, category, note, reverses_id, created_at, imported)
                     VALUES (?1, ?2, ?3, '导入', '撤销', ?4, ?5, 1)",
                )?;
                for (purchase, day, fen) in &current {
                    void.execute(params![id, -fen, day, purchase, self.stamp])?;
                }
                self.purchases(id, &booked.entries)?;
            }
        }
        if let Some(points) = c.points {
            let imported: i64 = self.tx.query_row(
                "SELECT COALESCE(SUM(delta), 0) FROM points_entries WHERE member_id = ?1 AND imported = 1",
                [id],
                |r| r.get(0),
            )?;
            self.points(id, points - imported, "导入的积分（按文件调整）")?;
        }
        Ok(())
    }

    /// A new member: their ledgers hold only what this row brings, so their cached
    /// facts are known here and no refresh is needed.
    fn insert(&mut self, c: &Candidate, booked: Option<&Booked>) -> rusqlite::Result<i64> {
        let b = c.birthday;
        let keys = &c.keys;
        let spend = booked.map_or(0, |b| b.in_window(self.today));
        let last = booked
            .and_then(Booked::last_day)
            .filter(|d| *d <= self.today)
            .map(date_text);
        let tier = Tier::for_spend(spend, &self.rules.tiers);
        let points = c.points.unwrap_or(0);
        let id = self.insert_member.insert(params![
            c.name,
            c.phone,
            c.wechat.as_deref().unwrap_or(""),
            c.gender.unwrap_or_default().as_str(),
            b.map(|b| b.month),
            b.map(|b| b.day),
            b.and_then(|b| b.year),
            b.is_some_and(|b| b.lunar),
            c.joined_on
                .map_or_else(|| self.today_text.clone(), date_text),
            c.source.as_deref().unwrap_or(""),
            c.notes.as_deref().unwrap_or(""),
            keys.full,
            keys.initials,
            self.stamp,
            spend,
            points,
            last,
            tier.as_str(),
            b.and_then(|b| b.this_year(self.today)).map(date_text),
            b.and_then(|b| b.next_on_or_after(self.today))
                .map(date_text),
        ])?;
        if tier != Tier::None {
            self.insert_tier_change
                .execute(params![id, tier.as_str(), self.today_text])?;
        }
        self.tags(id, c)?;
        if let Some(booked) = booked {
            self.purchases(id, &booked.entries)?;
        }
        self.points(id, points, "导入的积分")?;
        Ok(id)
    }
}

/// Writes the checked rows inside `tx`, which the caller commits.
pub(super) fn write(
    tx: &Transaction,
    candidates: &[Candidate],
    existing: &Existing,
    plan: &Plan,
    now: DateTime<Local>,
    job: &mut Job,
    report: &mut ImportReport,
) -> Result<(), Error> {
    let total = u32::try_from(candidates.len()).unwrap_or(u32::MAX);
    job.stage(Stage::Writing, total)?;
    let mut w = Writer::new(tx, now, plan.today)?;
    let mut ids: HashMap<&str, i64> = existing
        .by_phone
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    let mut done = 0u32;
    let mut tick = |done: &mut u32| -> Result<(), Error> {
        job.advance(*done)?;
        *done += 1;
        Ok(())
    };

    // Members already in the book first, while every index still helps to find
    // their ledgers.
    let mut updated: Vec<i64> = Vec::new();
    for c in candidates {
        let Some(&id) = existing.by_phone.get(&c.phone) else {
            continue;
        };
        tick(&mut done)?;
        if plan.policy == OnDuplicate::Skip {
            report.skipped += 1;
            continue;
        }
        update_fields(tx, id, c, plan.policy, &w.stamp)?;
        w.tags(id, c)?;
        let booked = plan.book(c);
        if plan.policy == OnDuplicate::Update {
            w.replace_imported(id, c, booked.as_ref())?;
        } else {
            if let Some(booked) = &booked {
                w.purchases(id, &booked.entries)?;
            }
            w.points(id, c.points.unwrap_or(0), "导入的积分")?;
        }
        report.updated += 1;
        updated.push(id);
    }

    // Loading more rows than the book holds: building the secondary indexes once
    // afterwards is much cheaper than updating them row by row. All of it is inside
    // the transaction, so a rollback brings the indexes back too.
    let new_rows = candidates.len() - updated.len() - report.skipped as usize;
    let rebuild = if new_rows > existing.by_phone.len() {
        Some(drop_secondary_indexes(tx)?)
    } else {
        None
    };
    for c in candidates {
        if existing.by_phone.contains_key(&c.phone) {
            continue;
        }
        tick(&mut done)?;
        let id = w.insert(c, plan.book(c).as_ref())?;
        ids.insert(c.phone.as_str(), id);
        report.imported += 1;
    }

    // Referrers last: they may be rows further down the file.
    {
        let mut link = tx.prepare_cached(
            "UPDATE members SET referrer_id = ?2 WHERE id = ?1 AND (?3 OR referrer_id IS NULL)",
        )?;
        for c in candidates {
            let is_existing = existing.by_phone.contains_key(&c.phone);
            if let (Some(referrer), Some(&id)) = (&c.referrer, ids.get(c.phone.as_str()))
                && let Some(&referrer_id) = ids.get(referrer.as_str())
                && (plan.policy != OnDuplicate::Skip || !is_existing)
            {
                let overwrite = plan.policy == OnDuplicate::Update || !is_existing;
                link.execute(params![id, referrer_id, overwrite])?;
            }
        }
    }
    job.advance(total)?;
    if let Some(indexes) = rebuild {
        for sql in indexes {
            tx.execute_batch(&sql)?;
        }
    }
    // Members already in the book, and referrers who gained members, are refreshed;
    // one pass over everything is cheaper than many single ones past a point.
    let referrers: HashSet<i64> = candidates
        .iter()
        .filter_map(|c| c.referrer.as_deref().and_then(|r| ids.get(r)).copied())
        .collect();
    updated.extend(referrers);
    if updated.len() > 2_000 {
        refresh::refresh(tx, None, plan.today)?;
    } else {
        for id in updated {
            refresh::refresh(tx, Some(id), plan.today)?;
        }
    }
    Ok(())
}

/// Drops the secondary indexes of the tables an import fills and returns the SQL
/// that recreates them (as the migrations wrote it).
fn drop_secondary_indexes(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let indexes: Vec<(String, String)> = conn
        .prepare(
            "SELECT name, sql FROM sqlite_master
              WHERE type = 'index' AND sql IS NOT NULL
                AND tbl_name IN ('members', 'member_tags', 'purchases', 'points_entries', 'tier_changes')",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &indexes {
        conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
    }
    Ok(indexes.into_iter().map(|(_, sql)| sql).collect())
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
