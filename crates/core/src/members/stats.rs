//! The member book's figures for a period, as the reports define them (issue 17's
//! 统计口径; the CLI's `report summary --json` prints them under these names):
//!
//! - A purchase counts on its own date; a voided purchase and its voiding entry both
//!   disappear. Purchases of members deleted for privacy still count: the sale
//!   happened, and deletion keeps the shop's anonymous totals.
//! - `total`: joined on or before the period's end, not deleted. `new`: joined in the
//!   period, not deleted (a deleted member is gone from every count). `left`: marked left in the period. `active`: joined on or before the end
//!   and neither left by then nor deleted.
//! - `buyers`: distinct members with a counted purchase in the period.
//! - `conversion_rate` = buyers ÷ active, `repurchase_rate` = buyers with two or more
//!   counted purchases ÷ buyers; `None` when the divisor is 0.
//! - `repurchase_interval_days`: the median of the days between one buying day and
//!   the same member's next buying day within the period (two purchases on one day
//!   are one visit, so no zero-day intervals).

use chrono::NaiveDate;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::directory::STANDING;
use crate::db::date_text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MemberCounts {
    #[ts(type = "number")]
    pub total: u64,
    #[ts(type = "number")]
    pub new: u64,
    #[ts(type = "number")]
    pub left: u64,
    #[ts(type = "number")]
    pub active: u64,
}

/// The headline figures of one period.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PeriodFigures {
    pub members: MemberCounts,
    #[ts(type = "number")]
    pub buyers: u64,
    #[ts(type = "number")]
    pub orders: u64,
    #[ts(type = "number")]
    pub sales_fen: i64,
    /// Sales ÷ orders, to the fen (half up); `None` without orders.
    #[ts(type = "number | null")]
    pub avg_order_fen: Option<i64>,
    pub conversion_rate: Option<f64>,
    pub repurchase_rate: Option<f64>,
    pub repurchase_interval_days: Option<f64>,
}

fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn median(mut values: Vec<i64>) -> Option<f64> {
    values.sort_unstable();
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2] as f64),
        _ => Some((values[n / 2 - 1] + values[n / 2]) as f64 / 2.0),
    }
}

/// The figures of `from..=to`.
pub fn period(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> rusqlite::Result<PeriodFigures> {
    let (from, to) = (date_text(from), date_text(to));
    let members = conn.query_row(
        "SELECT
            COUNT(*) FILTER (WHERE status <> 'deleted'),
            COUNT(*) FILTER (WHERE status <> 'deleted' AND joined_on >= ?1),
            (SELECT COUNT(*) FROM members WHERE status = 'left' AND left_on BETWEEN ?1 AND ?2),
            COUNT(*) FILTER (WHERE status <> 'deleted'
                             AND NOT (status = 'left' AND left_on <= ?2))
         FROM members WHERE joined_on <= ?2",
        params![from, to],
        |r| {
            let n = |i: usize| -> rusqlite::Result<u64> {
                Ok(u64::try_from(r.get::<_, i64>(i)?).unwrap_or(0))
            };
            Ok(MemberCounts {
                total: n(0)?,
                new: n(1)?,
                left: n(2)?,
                active: n(3)?,
            })
        },
    )?;

    // One pass over the period's counted purchases, per member and day.
    let mut stmt = conn.prepare(&format!(
        "SELECT p.member_id, p.occurred_on, COUNT(*), SUM(p.amount_fen) {STANDING}
           AND p.occurred_on BETWEEN ?1 AND ?2
         GROUP BY p.member_id, p.occurred_on
         ORDER BY p.member_id, p.occurred_on"
    ))?;
    let mut rows = stmt.query(params![from, to])?;
    let (mut buyers, mut repeat_buyers, mut orders, mut sales) = (0u64, 0u64, 0u64, 0i64);
    let mut intervals = Vec::new();
    let mut current: Option<(i64, u64, NaiveDate)> = None;
    while let Some(row) = rows.next()? {
        let member: i64 = row.get(0)?;
        let day: String = row.get(1)?;
        let count = u64::try_from(row.get::<_, i64>(2)?).unwrap_or(0);
        sales += row.get::<_, i64>(3)?;
        orders += count;
        let day = day.parse::<NaiveDate>().ok();
        match (&mut current, day) {
            (Some((id, seen, last)), Some(day)) if *id == member => {
                intervals.push((day - *last).num_days());
                *seen += count;
                *last = day;
            }
            (_, day) => {
                if let Some((_, seen, _)) = current {
                    buyers += 1;
                    repeat_buyers += u64::from(seen >= 2);
                }
                current = day.map(|d| (member, count, d));
            }
        }
    }
    if let Some((_, seen, _)) = current {
        buyers += 1;
        repeat_buyers += u64::from(seen >= 2);
    }
    let avg_order_fen = (orders > 0).then(|| {
        let orders = orders as i64;
        (2 * sales + orders).div_euclid(2 * orders)
    });
    Ok(PeriodFigures {
        members,
        buyers,
        orders,
        sales_fen: sales,
        avg_order_fen,
        conversion_rate: ratio(buyers, members.active),
        repurchase_rate: ratio(repeat_buyers, buyers),
        repurchase_interval_days: median(intervals),
    })
}
