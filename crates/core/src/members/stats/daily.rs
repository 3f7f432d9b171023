//! The member book day by day over a few weeks, for a campaign's goal: what was sold,
//! who bought for the first time in the window, who joined and whether someone
//! brought them. Same rules as the reports: a voided purchase and its voiding entry
//! both vanish; deleted members' purchases still count in sales, but a deleted
//! member is in no member count.

use std::collections::HashSet;

use chrono::NaiveDate;
use rusqlite::{Connection, params};

use crate::db::date_text;
use crate::members::Birthday;

/// One day's counted sales.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DaySales {
    pub day: NaiveDate,
    pub orders: u64,
    pub sales_fen: i64,
    /// Members whose first counted purchase within the window was on this day.
    pub first_buyers: u64,
}

/// Every day of `from..=to` with a counted purchase, in date order.
pub fn sales_by_day(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> rusqlite::Result<Vec<DaySales>> {
    let mut stmt = conn.prepare(
        "SELECT p.occurred_on, p.member_id, p.amount_fen
           FROM purchases p INDEXED BY purchases_counted_by_day
          WHERE p.reverses_id IS NULL AND p.occurred_on BETWEEN ?1 AND ?2
            AND NOT EXISTS (SELECT 1 FROM purchases r WHERE r.reverses_id = p.id)
          ORDER BY p.occurred_on",
    )?;
    let mut rows = stmt.query(params![date_text(from), date_text(to)])?;
    let mut days: Vec<DaySales> = Vec::new();
    let mut seen: HashSet<i64> = HashSet::new();
    while let Some(row) = rows.next()? {
        let Ok(day) = row.get::<_, String>(0)?.parse::<NaiveDate>() else {
            continue;
        };
        let member: i64 = row.get(1)?;
        let amount: i64 = row.get(2)?;
        if days.last().is_none_or(|d| d.day != day) {
            days.push(DaySales {
                day,
                orders: 0,
                sales_fen: 0,
                first_buyers: 0,
            });
        }
        if let Some(d) = days.last_mut() {
            d.orders += 1;
            d.sales_fen += amount;
            if seen.insert(member) {
                d.first_buyers += 1;
            }
        }
    }
    Ok(days)
}

/// A member who joined in a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Joiner {
    pub member_id: i64,
    pub joined_on: NaiveDate,
    /// Someone brought them (老带新).
    pub referred: bool,
}

/// Members (not deleted) who joined in `from..=to`, in date order.
pub fn joiners(conn: &Connection, from: NaiveDate, to: NaiveDate) -> rusqlite::Result<Vec<Joiner>> {
    let mut stmt = conn.prepare(
        "SELECT id, joined_on, referrer_id IS NOT NULL FROM members
          WHERE status <> 'deleted' AND joined_on BETWEEN ?1 AND ?2
          ORDER BY joined_on, id",
    )?;
    let rows = stmt.query_map(params![date_text(from), date_text(to)], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, bool>(2)?,
        ))
    })?;
    let mut list = Vec::new();
    for row in rows {
        let (member_id, joined, referred) = row?;
        if let Ok(joined_on) = joined.parse() {
            list.push(Joiner {
                member_id,
                joined_on,
                referred,
            });
        }
    }
    Ok(list)
}

/// How many active members share each birthday (month, day, solar or lunar): a
/// calendar of any length needs these few hundred rows, not a row per member.
pub fn birthdays(conn: &Connection) -> rusqlite::Result<Vec<(Birthday, u32)>> {
    let mut stmt = conn.prepare(
        "SELECT birthday_month, birthday_day, birthday_lunar, COUNT(*) FROM members
          WHERE status = 'active' AND birthday_month IS NOT NULL AND birthday_day IS NOT NULL
          GROUP BY birthday_month, birthday_day, birthday_lunar",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            Birthday {
                month: r.get(0)?,
                day: r.get(1)?,
                year: None,
                lunar: r.get(2)?,
            },
            r.get::<_, u32>(3)?,
        ))
    })?;
    rows.collect()
}
