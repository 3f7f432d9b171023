//! Rebuilds the cached facts on `members` from the ledgers, as of one `today`.

use chrono::{Days, Months, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};

use super::model::{Birthday, Tier};
use crate::error::Error;
use crate::shop::{self, BusinessRules};
use crate::store::Store;

const REFRESHED_ON: &str = "members.refreshed_on";

/// The first day of the rolling 12 months ending `today`: a purchase 365 days ago
/// still counts, one 366 days ago no longer does.
pub fn window_start(today: NaiveDate) -> NaiveDate {
    today - Days::new(365)
}

/// When points earned on `earned_on` lapse, if the shop set an expiry.
pub fn expiry_of(earned_on: NaiveDate, rules: &BusinessRules) -> Option<NaiveDate> {
    (rules.points_expiry_months > 0)
        .then(|| earned_on.checked_add_months(Months::new(rules.points_expiry_months)))
        .flatten()
}

/// Makes every member's cached facts true for `today` (a no-op if they already are).
pub fn ensure_fresh(store: &Store, today: NaiveDate) -> Result<(), Error> {
    let conn = store.conn();
    let done: Option<String> = conn
        .query_row(
            "SELECT value FROM cache_state WHERE key = ?1",
            [REFRESHED_ON],
            |r| r.get(0),
        )
        .optional()?;
    if done.as_deref() == Some(today.to_string().as_str()) {
        return Ok(());
    }
    let tx = crate::db::write_tx(conn)?;
    refresh(&tx, None, today)?;
    mark_fresh(&tx, today)?;
    tx.commit()?;
    Ok(())
}

/// Forgets that the caches are fresh (after a change of rules, for instance).
pub fn invalidate(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM cache_state WHERE key = ?1", [REFRESHED_ON])
        .map(|_| ())
}

fn mark_fresh(conn: &Connection, today: NaiveDate) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO cache_state (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![REFRESHED_ON, today.to_string()],
    )
    .map(|_| ())
}

/// Rebuilds the caches of one member (`Some(id)`) or of all, as of `today`. Runs inside
/// the caller's transaction. Lapsed points are written to the ledger first.
pub(crate) fn refresh(
    conn: &Connection,
    member: Option<i64>,
    today: NaiveDate,
) -> rusqlite::Result<()> {
    let rules = shop::rules_in(conn)?;
    expire_points(conn, member, today, &rules)?;
    conn.execute(
        "UPDATE members SET
            spend_12m_fen = COALESCE((SELECT SUM(p.amount_fen) FROM purchases p
                WHERE p.member_id = members.id AND p.occurred_on BETWEEN ?2 AND ?3), 0),
            points_balance = COALESCE((SELECT SUM(e.delta) FROM points_entries e
                WHERE e.member_id = members.id), 0),
            last_purchase_on = (SELECT MAX(p.occurred_on) FROM purchases p
                WHERE p.member_id = members.id AND p.reverses_id IS NULL AND p.occurred_on <= ?3
                  AND NOT EXISTS (SELECT 1 FROM purchases r WHERE r.reverses_id = p.id))
          WHERE ?1 IS NULL OR id = ?1",
        params![member, window_start(today).to_string(), today.to_string()],
    )?;
    refresh_tiers(conn, member, today, &rules)?;
    refresh_birthdays(conn, member, today)
}

fn refresh_tiers(
    conn: &Connection,
    member: Option<i64>,
    today: NaiveDate,
    rules: &BusinessRules,
) -> rusqlite::Result<()> {
    let mut changes = Vec::new();
    {
        let mut stmt = conn.prepare(
            "SELECT id, spend_12m_fen, tier FROM members
              WHERE (?1 IS NULL OR id = ?1) AND status <> 'deleted'",
        )?;
        let mut rows = stmt.query([member])?;
        while let Some(row) = rows.next()? {
            let (id, spend, cached): (i64, i64, String) = (row.get(0)?, row.get(1)?, row.get(2)?);
            let tier = Tier::for_spend(spend, &rules.tiers);
            if tier.as_str() != cached {
                changes.push((id, cached, tier));
            }
        }
    }
    let mut update = conn.prepare_cached("UPDATE members SET tier = ?2 WHERE id = ?1")?;
    let mut record = conn.prepare_cached(
        "INSERT INTO tier_changes (member_id, from_tier, to_tier, changed_on) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (id, from, to) in changes {
        update.execute(params![id, to.as_str()])?;
        record.execute(params![id, from, to.as_str(), today.to_string()])?;
    }
    Ok(())
}

fn refresh_birthdays(
    conn: &Connection,
    member: Option<i64>,
    today: NaiveDate,
) -> rusqlite::Result<()> {
    let mut changes = Vec::new();
    {
        let mut stmt = conn.prepare(
            "SELECT id, birthday_month, birthday_day, birthday_year, birthday_lunar,
                    birthday_this_year_on, birthday_next_on
               FROM members
              WHERE (?1 IS NULL OR id = ?1) AND birthday_month IS NOT NULL",
        )?;
        let mut rows = stmt.query([member])?;
        while let Some(row) = rows.next()? {
            let birthday = Birthday {
                month: row.get(1)?,
                day: row.get(2)?,
                year: row.get(3)?,
                lunar: row.get(4)?,
            };
            let this_year = birthday.this_year(today).map(|d| d.to_string());
            let next = birthday.next_on_or_after(today).map(|d| d.to_string());
            let (cached_this, cached_next): (Option<String>, Option<String>) =
                (row.get(5)?, row.get(6)?);
            if this_year != cached_this || next != cached_next {
                changes.push((row.get::<_, i64>(0)?, this_year, next));
            }
        }
    }
    let mut update = conn.prepare_cached(
        "UPDATE members SET birthday_this_year_on = ?2, birthday_next_on = ?3 WHERE id = ?1",
    )?;
    for (id, this_year, next) in changes {
        update.execute(params![id, this_year, next])?;
    }
    Ok(())
}

/// One parcel of earned points, for oldest-first consumption.
struct Lot {
    earned_on: String,
    expires_on: Option<String>,
    points: i64,
}

/// Writes an `expire` entry for what is left of every parcel that lapsed by `today`.
/// Spending (redemptions and earlier expiries) uses the oldest parcels first; a voided
/// purchase's points are taken off its own parcel.
fn expire_points(
    conn: &Connection,
    member: Option<i64>,
    today: NaiveDate,
    rules: &BusinessRules,
) -> rusqlite::Result<()> {
    if rules.points_expiry_months == 0 {
        return Ok(());
    }
    let today = today.to_string();
    let members: Vec<i64> = conn
        .prepare(
            "SELECT DISTINCT member_id FROM points_entries
              WHERE expires_on IS NOT NULL AND expires_on <= ?1 AND (?2 IS NULL OR member_id = ?2)",
        )?
        .query_map(params![today, member], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut entries = conn.prepare_cached(
        "SELECT delta, kind, purchase_id, occurred_on, expires_on FROM points_entries
          WHERE member_id = ?1 ORDER BY occurred_on, id",
    )?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO points_entries (member_id, delta, kind, reason, occurred_on, created_at)
         VALUES (?1, ?2, 'expire', ?3, ?4, ?5)",
    )?;
    for member_id in members {
        let mut lots: Vec<(Option<i64>, Lot)> = Vec::new();
        let mut spent = 0i64;
        let mut rows = entries.query([member_id])?;
        while let Some(row) = rows.next()? {
            let (delta, kind, purchase_id): (i64, String, Option<i64>) =
                (row.get(0)?, row.get(1)?, row.get(2)?);
            match kind.as_str() {
                "reversal" => {
                    if let Some((_, lot)) = lots
                        .iter_mut()
                        .find(|(p, _)| *p == purchase_id && p.is_some())
                    {
                        lot.points += delta;
                    } else {
                        spent -= delta;
                    }
                }
                _ if delta > 0 => lots.push((
                    purchase_id,
                    Lot {
                        earned_on: row.get(3)?,
                        expires_on: row.get(4)?,
                        points: delta,
                    },
                )),
                _ => spent -= delta,
            }
        }
        for (_, lot) in &mut lots {
            let used = lot.points.min(spent).max(0);
            lot.points -= used;
            spent -= used;
            if let Some(expires_on) = &lot.expires_on
                && *expires_on <= today
                && lot.points > 0
            {
                insert.execute(params![
                    member_id,
                    -lot.points,
                    format!("{} 获得的积分到期", lot.earned_on),
                    expires_on,
                    today,
                ])?;
                // The expire entry takes exactly this remainder.
                lot.points = 0;
            }
        }
    }
    Ok(())
}
