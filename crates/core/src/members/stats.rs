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

/// Where the members stand at the period's end, and who came back in it.
///
/// - `tiers`: the active members at the end, by the shop's thresholds over the 365
///   days ending that day.
/// - `dormant`: active at the end, and their last counted purchase on or before the
///   end (their join day when they never bought) lies more than the shop's dormant
///   days before it (the same rule as the 沉睡 tag).
/// - `woken`: dormant on the day before the period began, by that rule, and bought
///   in the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StandingFigures {
    pub tiers: super::TierCounts,
    #[ts(type = "number")]
    pub dormant: u64,
    #[ts(type = "number")]
    pub woken: u64,
}

pub fn standing(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    rules: &crate::shop::BusinessRules,
) -> rusqlite::Result<StandingFigures> {
    let year_from = to - chrono::Days::new(364);
    let eve = from - chrono::Days::new(1);
    let dormant_days = chrono::Days::new(u64::from(rules.dormant_days));
    let mut stmt = conn.prepare(&format!(
        "SELECT m.joined_on, m.status = 'left' AND m.left_on <= ?3,
            (SELECT COALESCE(SUM(p.amount_fen), 0) {STANDING}
                AND p.member_id = m.id AND p.occurred_on BETWEEN ?1 AND ?3),
            (SELECT MAX(p.occurred_on) {STANDING} AND p.member_id = m.id AND p.occurred_on <= ?3),
            (SELECT MAX(p.occurred_on) {STANDING} AND p.member_id = m.id AND p.occurred_on < ?2),
            EXISTS (SELECT 1 {STANDING} AND p.member_id = m.id AND p.occurred_on BETWEEN ?2 AND ?3)
         FROM members m WHERE m.status <> 'deleted' AND m.joined_on <= ?3"
    ))?;
    let mut rows = stmt.query(params![
        date_text(year_from),
        date_text(from),
        date_text(to)
    ])?;
    let mut out = StandingFigures::default();
    let day = |t: Option<String>| t.and_then(|t| t.parse::<NaiveDate>().ok());
    while let Some(row) = rows.next()? {
        let Some(joined) = day(row.get(0)?) else {
            continue;
        };
        let gone: bool = row.get(1)?;
        let spend: i64 = row.get(2)?;
        let last_by_end = day(row.get(3)?).unwrap_or(joined);
        let last_before = day(row.get(4)?).unwrap_or(joined);
        let bought_in: bool = row.get(5)?;
        if !gone {
            out.tiers.add(super::Tier::for_spend(spend, &rules.tiers));
            if last_by_end < to - dormant_days {
                out.dormant += 1;
            }
        }
        if bought_in && joined <= eve && last_before < eve - dormant_days {
            out.woken += 1;
        }
    }
    Ok(out)
}

/// Points in the period. `issued`: earned by purchase, award or referral (the
/// points of a voided purchase and their reversal both left out); `redeemed` and
/// `expired` as positive numbers; `outstanding`: every member's balance at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PointsFigures {
    #[ts(type = "number")]
    pub issued: i64,
    #[ts(type = "number")]
    pub redeemed: i64,
    #[ts(type = "number")]
    pub expired: i64,
    #[ts(type = "number")]
    pub outstanding: i64,
}

pub fn points(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> rusqlite::Result<PointsFigures> {
    conn.query_row(
        "SELECT
            COALESCE(SUM(delta) FILTER (WHERE occurred_on BETWEEN ?1 AND ?2
                AND kind IN ('purchase', 'award', 'referral')
                AND NOT (kind = 'purchase' AND purchase_id IN
                         (SELECT reverses_id FROM purchases WHERE reverses_id IS NOT NULL))), 0),
            -COALESCE(SUM(delta) FILTER (WHERE occurred_on BETWEEN ?1 AND ?2 AND kind = 'redeem'), 0),
            -COALESCE(SUM(delta) FILTER (WHERE occurred_on BETWEEN ?1 AND ?2 AND kind = 'expire'), 0),
            COALESCE(SUM(delta) FILTER (WHERE occurred_on <= ?2), 0)
         FROM points_entries",
        params![date_text(from), date_text(to)],
        |r| {
            Ok(PointsFigures {
                issued: r.get(0)?,
                redeemed: r.get(1)?,
                expired: r.get(2)?,
                outstanding: r.get(3)?,
            })
        },
    )
}

/// 老带新 in the period: `referred`, members who joined in it with a referrer (not
/// deleted); `referrers`, the distinct members who brought them; `fission_multiple`
/// = referred ÷ referrers (`None` without referrers).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReferralFigures {
    #[ts(type = "number")]
    pub referrers: u64,
    #[ts(type = "number")]
    pub referred: u64,
    pub fission_multiple: Option<f64>,
}

pub fn referral(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> rusqlite::Result<ReferralFigures> {
    conn.query_row(
        "SELECT COUNT(DISTINCT referrer_id), COUNT(*) FROM members
          WHERE referrer_id IS NOT NULL AND status <> 'deleted'
            AND joined_on BETWEEN ?1 AND ?2",
        params![date_text(from), date_text(to)],
        |r| {
            let referrers = u64::try_from(r.get::<_, i64>(0)?).unwrap_or(0);
            let referred = u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0);
            Ok(ReferralFigures {
                referrers,
                referred,
                fission_multiple: ratio(referred, referrers),
            })
        },
    )
}

/// One join month's 30-day retention: of the members who joined in it (within the
/// period, not deleted), those with a counted purchase on days 1–30 after their
/// join day (the join day itself does not count).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Cohort {
    /// `YYYY-MM`.
    pub cohort: String,
    #[ts(type = "number")]
    pub joined: u64,
    #[ts(type = "number")]
    pub retained: u64,
}

pub fn retention_30d(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> rusqlite::Result<Vec<Cohort>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT substr(m.joined_on, 1, 7), COUNT(*),
            SUM(EXISTS (SELECT 1 {STANDING} AND p.member_id = m.id
                AND p.occurred_on > m.joined_on AND p.occurred_on <= date(m.joined_on, '+30 days')))
         FROM members m WHERE m.status <> 'deleted' AND m.joined_on BETWEEN ?1 AND ?2
         GROUP BY 1 ORDER BY 1"
    ))?;
    stmt.query_map(params![date_text(from), date_text(to)], |r| {
        Ok(Cohort {
            cohort: r.get(0)?,
            joined: u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
            retained: u64::try_from(r.get::<_, i64>(2)?).unwrap_or(0),
        })
    })?
    .collect()
}
