//! A campaign's goal figures, computed from the ledgers each time they are asked for
//! (never typed in): the member book's sales and joiners, the invite log's
//! redemptions. See [`GoalMetric`] for what each counts.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use rusqlite::Connection;

use super::model::{GoalDay, GoalFigures, GoalMetric};
use crate::invites;
use crate::members::stats::daily;

/// Every figure over `from..=to`, and each day's.
pub(super) struct Measured {
    pub figures: GoalFigures,
    pub by_day: BTreeMap<NaiveDate, GoalFigures>,
}

pub(super) fn measure(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    channels: &[i64],
) -> rusqlite::Result<Measured> {
    let mut by_day: BTreeMap<NaiveDate, GoalFigures> = BTreeMap::new();
    if from > to {
        return Ok(Measured {
            figures: GoalFigures::default(),
            by_day,
        });
    }
    for d in daily::sales_by_day(conn, from, to)? {
        let day = by_day.entry(d.day).or_default();
        day.sales += d.sales_fen;
        day.buyers += i64::try_from(d.first_buyers).unwrap_or(i64::MAX);
    }
    // With channels linked, a new member counts only when one of them brought them.
    let through = if channels.is_empty() {
        None
    } else {
        Some(invites::stats::joined_through(conn, channels)?)
    };
    for j in daily::joiners(conn, from, to)? {
        let day = by_day.entry(j.joined_on).or_default();
        if through.as_ref().is_none_or(|t| t.contains(&j.member_id)) {
            day.new_members += 1;
        }
        if j.referred {
            day.referrals += 1;
        }
    }
    for (date, n) in invites::stats::redemptions_by_day(conn, channels, from, to)? {
        by_day.entry(date).or_default().redemptions += i64::try_from(n).unwrap_or(i64::MAX);
    }
    let mut figures = GoalFigures::default();
    for d in by_day.values() {
        figures.sales += d.sales;
        figures.new_members += d.new_members;
        figures.redemptions += d.redemptions;
        figures.referrals += d.referrals;
        figures.buyers += d.buyers;
    }
    Ok(Measured { figures, by_day })
}

/// The metric on every day of `from..=to` (days without any as 0), with the running
/// total.
pub(super) fn days(
    by_day: &BTreeMap<NaiveDate, GoalFigures>,
    metric: GoalMetric,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<GoalDay> {
    let mut list = Vec::new();
    let mut total = 0;
    let mut date = from;
    while date <= to {
        let value = by_day.get(&date).map_or(0, |f| f.get(metric));
        total += value;
        list.push(GoalDay { date, value, total });
        date = date + Days::new(1);
    }
    list
}
