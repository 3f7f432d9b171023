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

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::directory::STANDING;
use crate::db::date_text;

pub mod daily;
mod pass;
mod roster;
mod slots;

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

/// The median, found in linear time: a three-year period has a million intervals.
fn median(mut values: Vec<i64>) -> Option<f64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let (below, &mut upper, _) = values.select_nth_unstable(n / 2);
    if n % 2 == 1 {
        return Some(upper as f64);
    }
    let lower = below.iter().copied().max().unwrap_or(upper);
    Some((lower + upper) as f64 / 2.0)
}

/// Where the members stand at the period's end, and who came back in it.
///
/// - `tiers`: the active members at the end, by the shop's thresholds over the year
///   ending that day, counted as the member book counts it (`refresh::window_start`:
///   a purchase on the same day a year before still counts), so that a report
///   ending today shows the tiers the member list shows.
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

/// The member book's figures of a period, of the period before it, where the
/// members stand at the end, and the period day by day.
#[derive(Debug, Clone, PartialEq)]
pub struct BookFigures {
    pub current: PeriodFigures,
    pub previous: PeriodFigures,
    pub standing: StandingFigures,
    /// 老带新 in the current period.
    pub referral: ReferralFigures,
    /// 30-day retention of the period's joiners, by join month.
    pub retention_30d: Vec<Cohort>,
    /// Members (joined on or before the period, not deleted) before its first day.
    pub total_before: u64,
    /// Every day of the period that had a new member, a leaver or a sale.
    pub days: Vec<DayCounts>,
}

/// One day's movements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DayCounts {
    pub day: NaiveDate,
    pub new_members: u64,
    pub left: u64,
    pub orders: u64,
    pub sales_fen: i64,
}

/// [`BookFigures`] of `current` and `previous` (which must end before `current`
/// begins), in one read of the members and one pass over their purchases.
pub fn book(
    conn: &Connection,
    current: RangeInclusive<NaiveDate>,
    previous: RangeInclusive<NaiveDate>,
    rules: &crate::shop::BusinessRules,
) -> rusqlite::Result<BookFigures> {
    let mut roster = roster::read(conn, &current, &previous)?;
    let pass = pass::book(conn, current, previous, &mut roster, rules)?;
    let referral = referral(conn, &roster, pass.current.members.active)?;
    // Joiners and leavers per day, and the sales the pass tallied per day.
    let mut days: BTreeMap<NaiveDate, DayCounts> = roster
        .days
        .iter()
        .filter_map(|(&day, &(new_members, left))| {
            let day = NaiveDate::from_num_days_from_ce_opt(day)?;
            Some((
                day,
                DayCounts {
                    day,
                    new_members,
                    left,
                    ..DayCounts::default()
                },
            ))
        })
        .collect();
    for (day, orders, sales_fen) in pass.sales_by_day {
        let entry = days.entry(day).or_insert(DayCounts {
            day,
            ..DayCounts::default()
        });
        entry.orders = orders;
        entry.sales_fen = sales_fen;
    }
    Ok(BookFigures {
        current: pass.current,
        previous: pass.previous,
        standing: pass.standing,
        referral,
        retention_30d: pass.retention_30d,
        total_before: roster.total_before,
        days: days.into_values().collect(),
    })
}

/// Points in the period. `issued`: earned by purchase, award or referral (the
/// points of a voided purchase and their reversal both left out); `redeemed` and
/// `expired` as positive numbers; `outstanding`: the balance at the end of every
/// member not deleted,
/// and `outstanding_fen` what that is worth at the shop's point value (积分负债),
/// to the fen, half up.
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
    #[ts(type = "number")]
    pub outstanding_fen: i64,
}

pub fn points(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    point_value_fen_per_100: u32,
) -> rusqlite::Result<PointsFigures> {
    let (from, to) = (date_text(from), date_text(to));
    // Per-day totals (`points_daily`, kept by triggers on the ledger): a period
    // costs its days, not its entries.
    let (issued, redeemed, expired) = conn.query_row(
        "SELECT
            COALESCE(SUM(delta) FILTER (WHERE kind IN ('purchase', 'award', 'referral')), 0),
            -COALESCE(SUM(delta) FILTER (WHERE kind = 'redeem'), 0),
            -COALESCE(SUM(delta) FILTER (WHERE kind = 'expire'), 0)
         FROM points_daily WHERE occurred_on BETWEEN ?1 AND ?2",
        params![from, to],
        |r| Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?)),
    )?;
    // The points of voided purchases are not issued: few, so looked up one by one
    // (by member, then purchase) rather than tested on every row of the period.
    let voided: i64 = conn.query_row(
        "SELECT COALESCE(SUM(e.delta), 0)
           FROM purchases v
           JOIN points_entries e INDEXED BY points_member_date
             ON e.member_id = v.member_id AND e.purchase_id = v.id AND e.kind = 'purchase'
          WHERE v.id IN (SELECT reverses_id FROM purchases WHERE reverses_id IS NOT NULL)
            AND e.occurred_on BETWEEN ?1 AND ?2",
        params![from, to],
        |r| r.get(0),
    )?;
    let issued = issued - voided;
    // The balance at the end is the ledger's sum up to it. A deleted member's points
    // can never be redeemed: they are owed to nobody, so their entries (few: a
    // deletion is a privacy request) are taken back out, member by member.
    let outstanding: i64 = conn.query_row(
        "SELECT (SELECT COALESCE(SUM(delta), 0) FROM points_daily WHERE occurred_on <= ?1)
              - (SELECT COALESCE(SUM(e.delta), 0)
                   FROM members m
                   JOIN points_entries e INDEXED BY points_member_date
                     ON e.member_id = m.id AND e.occurred_on <= ?1
                  WHERE m.status = 'deleted')",
        [to],
        |r| r.get(0),
    )?;
    let per_100 = i64::from(point_value_fen_per_100);
    Ok(PointsFigures {
        issued,
        redeemed,
        expired,
        outstanding,
        outstanding_fen: (2 * outstanding * per_100 + 100).div_euclid(200),
    })
}

/// 老带新 in the period: `referred`, members who joined in it with a referrer (not
/// deleted); `referrers`, the distinct members who brought them; `fission_multiple`
/// = referred ÷ referrers (`None` without referrers); `participation_rate` =
/// referrers ÷ the active members at the end; `top_referrers`, the five who brought
/// the most (phones masked: this goes into exports).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReferralFigures {
    #[ts(type = "number")]
    pub referrers: u64,
    #[ts(type = "number")]
    pub referred: u64,
    pub fission_multiple: Option<f64>,
    pub participation_rate: Option<f64>,
    pub top_referrers: Vec<TopReferrer>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TopReferrer {
    #[ts(type = "number")]
    pub member_id: i64,
    pub name: String,
    /// Masked: 138****1111.
    pub phone: String,
    #[ts(type = "number")]
    pub referred: u64,
}

const TOP_REFERRERS: usize = 5;

/// [`ReferralFigures`] from the roster; `active` is the divisor of the
/// participation rate.
fn referral(
    conn: &Connection,
    roster: &roster::Roster,
    active: u64,
) -> rusqlite::Result<ReferralFigures> {
    let referrers = roster.brought.values().count() as u64;
    let mut ranked: Vec<(i64, u64)> = roster.brought.iter().map(|(id, n)| (id, *n)).collect();
    ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut who = conn.prepare("SELECT name, COALESCE(phone, '') FROM members WHERE id = ?1")?;
    let mut top_referrers = Vec::new();
    for (member_id, referred) in ranked {
        if top_referrers.len() == TOP_REFERRERS {
            break;
        }
        let found = who
            .query_row([member_id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .optional()?;
        if let Some((name, phone)) = found {
            top_referrers.push(TopReferrer {
                member_id,
                name,
                phone: crate::text::mask_mobile(&phone),
                referred,
            });
        }
    }
    Ok(ReferralFigures {
        referrers,
        referred: roster.referred,
        fission_multiple: ratio(roster.referred, referrers),
        participation_rate: ratio(referrers, active),
        top_referrers,
    })
}

/// Tier moves in the period, as the member book recorded them when a member's
/// yearly spend crossed a threshold (members since deleted left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TierMoves {
    #[ts(type = "number")]
    pub upgrades: u64,
    #[ts(type = "number")]
    pub downgrades: u64,
}

pub fn tier_moves(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> rusqlite::Result<TierMoves> {
    let rank = |column: &str| {
        let arms: String = super::Tier::ALL
            .iter()
            .enumerate()
            .map(|(i, t)| format!(" WHEN '{}' THEN {i}", t.as_str()))
            .collect();
        format!("CASE {column}{arms} END")
    };
    conn.query_row(
        &format!(
            "SELECT COUNT(*) FILTER (WHERE {to_rank} > {from_rank}),
                    COUNT(*) FILTER (WHERE {to_rank} < {from_rank})
               FROM tier_changes c JOIN members m ON m.id = c.member_id
              WHERE m.status <> 'deleted' AND c.changed_on BETWEEN ?1 AND ?2",
            to_rank = rank("c.to_tier"),
            from_rank = rank("c.from_tier"),
        ),
        params![date_text(from), date_text(to)],
        |r| {
            Ok(TierMoves {
                upgrades: u64::try_from(r.get::<_, i64>(0)?).unwrap_or(0),
                downgrades: u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
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

/// What `members` (each from its own day) spent in `from..=to`: counted purchases
/// on or after that day. The reports use it for the members a channel brought in.
pub fn spend_since(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    members: &[(i64, NaiveDate)],
) -> rusqlite::Result<i64> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT COALESCE(SUM(p.amount_fen), 0) {STANDING}
            AND p.member_id = ?1 AND p.occurred_on BETWEEN ?2 AND ?3"
    ))?;
    let mut total = 0;
    for (member, since) in members {
        let start = (*since).max(from);
        if start <= to {
            total += stmt.query_row(params![member, date_text(start), date_text(to)], |r| {
                r.get::<_, i64>(0)
            })?;
        }
    }
    Ok(total)
}

/// One group's period: `members` in it at the end (as the member book records
/// them: a member who left the group was taken out of it), `new_members` who were
/// put in it in the period, and `spend_fen`, what its members spent in the period
/// from the day they were put in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupFigures {
    pub group_id: i64,
    pub members: u64,
    pub new_members: u64,
    pub spend_fen: i64,
}

pub fn groups(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> rusqlite::Result<Vec<GroupFigures>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT mg.group_id, COUNT(*), COUNT(*) FILTER (WHERE mg.joined_on >= ?1),
            SUM((SELECT COALESCE(SUM(p.amount_fen), 0) {STANDING}
                    AND p.member_id = mg.member_id
                    AND p.occurred_on BETWEEN max(?1, mg.joined_on) AND ?2))
           FROM member_groups mg WHERE mg.joined_on <= ?2
          GROUP BY mg.group_id"
    ))?;
    stmt.query_map(params![date_text(from), date_text(to)], |r| {
        Ok(GroupFigures {
            group_id: r.get(0)?,
            members: u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
            new_members: u64::try_from(r.get::<_, i64>(2)?).unwrap_or(0),
            spend_fen: r.get(3)?,
        })
    })?
    .collect()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    #[test]
    fn the_top_referrers_are_those_who_brought_most_then_the_oldest_members() {
        let conn = crate::db::open_in_memory().unwrap();
        let insert = "INSERT INTO members (id, name, phone, joined_on, referrer_id, status, created_at, updated_at)
                      VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'x', 'x')";
        for id in 1..=7_i64 {
            let phone = format!("1380000000{id}");
            conn.execute(
                insert,
                rusqlite::params![
                    id,
                    format!("会员{id}"),
                    phone,
                    "2026-01-01",
                    None::<i64>,
                    "active"
                ],
            )
            .unwrap();
        }
        // Referrer → how many they brought in November; one more of 会员2's is
        // deleted and one of 会员5's joined in October: neither counts.
        let mut next = 100_i64;
        for (referrer, n) in [(1, 1), (2, 3), (3, 2), (4, 3), (5, 1), (6, 2), (7, 1)] {
            for _ in 0..n {
                next += 1;
                conn.execute(
                    insert,
                    rusqlite::params![
                        next,
                        "新人",
                        None::<String>,
                        "2026-11-10",
                        referrer,
                        "active"
                    ],
                )
                .unwrap();
            }
        }
        conn.execute(
            insert,
            rusqlite::params![200, "已删", None::<String>, "2026-11-10", 2, "deleted"],
        )
        .unwrap();
        conn.execute(
            insert,
            rusqlite::params![201, "十月", None::<String>, "2026-10-10", 5, "active"],
        )
        .unwrap();
        let day = |t: &str| t.parse::<NaiveDate>().unwrap();
        let rules = crate::shop::rules_in(&conn).unwrap();
        let book = super::book(
            &conn,
            day("2026-11-01")..=day("2026-11-30"),
            day("2026-10-02")..=day("2026-10-31"),
            &rules,
        )
        .unwrap();
        let r = book.referral;
        assert_eq!((r.referrers, r.referred), (7, 13));
        let top: Vec<(i64, u64, &str)> = r
            .top_referrers
            .iter()
            .map(|t| (t.member_id, t.referred, t.phone.as_str()))
            .collect();
        assert_eq!(
            top,
            [
                (2, 3, "138****0002"),
                (4, 3, "138****0004"),
                (3, 2, "138****0003"),
                (6, 2, "138****0006"),
                (1, 1, "138****0001")
            ]
        );
    }

    #[test]
    fn the_median_is_the_middle_value_or_the_mean_of_the_middle_two() {
        for (values, median) in [
            (vec![], None),
            (vec![7], Some(7.0)),
            (vec![9, 1, 5], Some(5.0)),
            (vec![30, 2, 2, 10], Some(6.0)),
            (vec![4, 4, 4, 4], Some(4.0)),
            (vec![1, 100, 3, 8, 8, 2], Some(5.5)),
        ] {
            assert_eq!(super::median(values.clone()), median, "{values:?}");
        }
    }
}
