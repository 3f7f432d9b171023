//! One pass, in date order, over the counted purchases every period figure needs:
//! the period's, the previous period's and the year up to the period's end (for
//! tiers), read from the `purchases_counted_by_day` index alone.
//!
//! Why a pass and not per-member subqueries: a report of a big book (100,000
//! members) asked SQLite four questions per member; reading the period's rows once
//! and tallying them here costs what the period holds, not what the book holds.

use std::collections::{BTreeMap, HashSet};
use std::ops::RangeInclusive;

use chrono::{Datelike, Days, NaiveDate};
use rusqlite::{Connection, params};

use super::roster::{Joiner, Roster};
use super::slots::{ByMember, Day, day_of, parse_day};
use super::{Cohort, MemberCounts, PeriodFigures, StandingFigures, median, ratio};
use crate::db::date_text;
use crate::members::Tier;
use crate::members::directory::STANDING;
use crate::shop::BusinessRules;

/// The rows of the pass. Without statistics SQLite would take the UNIQUE index on
/// `reverses_id` for `IS NULL`, which on a big book matches every row; the partial
/// index is named (a test checks the plan).
const PASS: &str = "SELECT id, member_id, occurred_on, amount_fen
     FROM purchases INDEXED BY purchases_counted_by_day
     WHERE reverses_id IS NULL AND occurred_on BETWEEN ?1 AND ?2
     ORDER BY occurred_on";

/// A member's buying days within one period.
struct Visits {
    last: Day,
    orders: u64,
}

/// The headline tallies of one period.
struct Tally {
    from: Day,
    to: Day,
    orders: u64,
    sales_fen: i64,
    visits: ByMember<Visits>,
    intervals: Vec<i64>,
    /// Orders and sales per day that had any, for the charts: rows come in date
    /// order, so a day is appended once.
    by_day: Vec<(Day, u64, i64)>,
}

impl Tally {
    fn new(days: &RangeInclusive<NaiveDate>) -> Tally {
        Tally {
            from: day_of(*days.start()),
            to: day_of(*days.end()),
            orders: 0,
            sales_fen: 0,
            visits: ByMember::new(),
            intervals: Vec::new(),
            by_day: Vec::new(),
        }
    }

    /// One counted purchase; rows come in date order.
    fn add(&mut self, member: i64, day: Day, amount_fen: i64) {
        if day < self.from || day > self.to {
            return;
        }
        self.orders += 1;
        self.sales_fen += amount_fen;
        match self.by_day.last_mut() {
            Some((last, orders, sales)) if *last == day => {
                *orders += 1;
                *sales += amount_fen;
            }
            _ => self.by_day.push((day, 1, amount_fen)),
        }
        let visits = self.visits.entry(member, || Visits {
            last: day,
            orders: 0,
        });
        // Two purchases on one day are one visit: no zero-day intervals.
        if visits.last != day {
            self.intervals.push(i64::from(day - visits.last));
            visits.last = day;
        }
        visits.orders += 1;
    }

    fn figures(self, members: MemberCounts) -> PeriodFigures {
        let buyers = self.visits.values().count() as u64;
        let repeat = self.visits.values().filter(|v| v.orders >= 2).count() as u64;
        let avg_order_fen = (self.orders > 0).then(|| {
            let orders = self.orders as i64;
            (2 * self.sales_fen + orders).div_euclid(2 * orders)
        });
        PeriodFigures {
            members,
            buyers,
            orders: self.orders,
            sales_fen: self.sales_fen,
            avg_order_fen,
            conversion_rate: ratio(buyers, members.active),
            repurchase_rate: ratio(repeat, buyers),
            repurchase_interval_days: median(self.intervals),
        }
    }
}

/// What the pass saw of one member, for where they stand at the end.
#[derive(Default)]
struct Seen {
    /// Over the member book's year ending at the period's end.
    spend_year_fen: i64,
    /// The last buying day on or before the end, and before the period began.
    last: Option<Day>,
    last_before: Option<Day>,
    bought_in: bool,
}

/// The joiners by join month (`YYYY-MM`), in order.
fn cohorts(joiners: &ByMember<Joiner>) -> Vec<Cohort> {
    let mut by_month: BTreeMap<(i32, u32), (u64, u64)> = BTreeMap::new();
    for j in joiners.values() {
        if let Some(d) = NaiveDate::from_num_days_from_ce_opt(j.joined) {
            let c = by_month.entry((d.year(), d.month())).or_default();
            c.0 += 1;
            c.1 += u64::from(j.retained);
        }
    }
    by_month
        .into_iter()
        .map(|((y, m), (joined, retained))| Cohort {
            cohort: format!("{y:04}-{m:02}"),
            joined,
            retained,
        })
        .collect()
}

/// A purchase counts as a return on days 1–30 after the join day.
const RETURN_DAYS: i32 = 30;

/// What the pass gives.
pub(super) struct Pass {
    pub current: PeriodFigures,
    pub previous: PeriodFigures,
    pub standing: StandingFigures,
    pub retention_30d: Vec<Cohort>,
    /// `current`'s orders and sales per day that had any.
    pub sales_by_day: Vec<(NaiveDate, u64, i64)>,
}

/// The figures of `current` and `previous` (which ends before `current` begins) and
/// where the members stand at the end of `current`; definitions in the parent module.
pub(super) fn book(
    conn: &Connection,
    current: RangeInclusive<NaiveDate>,
    previous: RangeInclusive<NaiveDate>,
    roster: &mut Roster,
    rules: &BusinessRules,
) -> rusqlite::Result<Pass> {
    let (from, to) = (*current.start(), *current.end());
    let eve = from - Days::new(1);
    let dormant = Days::new(u64::from(rules.dormant_days));
    let year_from = crate::members::refresh::window_start(to);
    // Whatever lies before `start` only matters as "bought before": see `standing`.
    let start = year_from.min(*previous.start()).min(eve - dormant);

    // Voided originals: few, and skipped by id (their reversing entries are not in
    // the index the pass reads).
    let voided: HashSet<i64> = conn
        .prepare("SELECT reverses_id FROM purchases WHERE reverses_id IS NOT NULL")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut now = Tally::new(&current);
    let mut before = Tally::new(&previous);
    let mut seen: ByMember<Seen> = ByMember::new();
    let (year_from_day, from_day, to_day) = (day_of(year_from), day_of(from), day_of(to));
    // A member who joined on the period's last day may come back up to 30 days later.
    let end = to + Days::new(RETURN_DAYS as u64);
    let mut stmt = conn.prepare(PASS)?;
    let mut rows = stmt.query(params![date_text(start), date_text(end)])?;
    // Rows come in date order: a day's text is read once, not once per purchase.
    let mut last_text = [0u8; 10];
    let mut last_day: Option<Day> = None;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        if !voided.is_empty() && voided.contains(&id) {
            continue;
        }
        let member: i64 = row.get(1)?;
        let text = row.get_ref(2)?.as_bytes()?;
        if text != last_text {
            last_day = std::str::from_utf8(text).ok().and_then(parse_day);
            // Anything but ten bytes is never a date; zeros never match a text.
            last_text = <[u8; 10]>::try_from(text).unwrap_or([0; 10]);
        }
        let Some(day) = last_day else {
            log::warn!("purchase {id} has an unreadable date; left out of the report");
            continue;
        };
        if let Some(j) = roster.joiners.entry_if_present(member)
            && day > j.joined
            && day <= j.joined + RETURN_DAYS
        {
            j.retained = true;
        }
        if day > to_day {
            continue;
        }
        let amount_fen: i64 = row.get(3)?;
        now.add(member, day, amount_fen);
        before.add(member, day, amount_fen);
        let s = seen.entry(member, Seen::default);
        if day >= year_from_day {
            s.spend_year_fen += amount_fen;
        }
        if day < from_day {
            s.last_before = Some(day);
        } else {
            s.bought_in = true;
        }
        s.last = Some(day);
    }
    let standing = standing(conn, (start, from, to), roster, &seen, rules)?;
    let sales_by_day = now
        .by_day
        .iter()
        .filter_map(|&(day, orders, sales)| {
            Some((NaiveDate::from_num_days_from_ce_opt(day)?, orders, sales))
        })
        .collect();
    Ok(Pass {
        current: now.figures(roster.current),
        previous: before.figures(roster.previous),
        standing,
        retention_30d: cohorts(&roster.joiners),
        sales_by_day,
    })
}

/// Tiers, dormant and woken, from what the pass saw. A member's last activity is
/// their last counted purchase, or their join day if they never bought (the 沉睡
/// tag's rule). The pass began at `start`; a member who joined on or after it may
/// still have purchases dated before it (imported history), which the query below
/// asks about, since for them "bought before" and "never bought" differ.
fn standing(
    conn: &Connection,
    (start, from, to): (NaiveDate, NaiveDate, NaiveDate),
    roster: &Roster,
    seen: &ByMember<Seen>,
    rules: &BusinessRules,
) -> rusqlite::Result<StandingFigures> {
    let dormant = i32::try_from(rules.dormant_days).unwrap_or(i32::MAX);
    let (to_day, eve_day) = (day_of(to), day_of(from) - 1);
    // Any day before the pass began stands for "bought before `start`".
    let before_start = day_of(start) - 1;
    let start_day = day_of(start);
    let start_text = date_text(start);
    // Asked only of a member who joined on or after `start`, never bought within the
    // pass, and whose answer changes the figure: a handful, not the whole book.
    let mut early = conn.prepare(&format!(
        "SELECT EXISTS (SELECT 1 {STANDING} AND p.member_id = ?1 AND p.occurred_on < ?2)"
    ))?;
    let mut out = StandingFigures::default();
    let none = Seen::default();
    for &super::roster::OnBook { id, joined, gone } in &roster.on_book {
        let s = seen.get(id).unwrap_or(&none);
        let mut bought_early = None;
        // Whether the member's last activity up to `last` lay before `threshold`.
        let mut quiet_before = |last: Option<Day>, threshold: Day| -> rusqlite::Result<bool> {
            let day = match last {
                Some(day) => day,
                // Anything bought before `start` lies before the join day too.
                None if joined < threshold || joined < start_day => joined,
                None => {
                    let bought = match bought_early {
                        Some(bought) => bought,
                        None => {
                            let bought: bool =
                                early.query_row(params![id, start_text], |r| r.get(0))?;
                            *bought_early.insert(bought)
                        }
                    };
                    if bought { before_start } else { joined }
                }
            };
            Ok(day < threshold)
        };
        if !gone {
            out.tiers
                .add(Tier::for_spend(s.spend_year_fen, &rules.tiers));
            if quiet_before(s.last, to_day.saturating_sub(dormant))? {
                out.dormant += 1;
            }
        }
        if s.bought_in
            && joined <= eve_day
            && quiet_before(s.last_before, eve_day.saturating_sub(dormant))?
        {
            out.woken += 1;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pass_reads_the_index_alone() {
        let conn = crate::db::open_in_memory().unwrap();
        let plan: Vec<String> = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {PASS}"))
            .unwrap()
            .query_map(["2026-11-01", "2026-11-30"], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            plan,
            [
                "SEARCH purchases USING COVERING INDEX purchases_counted_by_day (occurred_on>? AND occurred_on<?)"
            ]
        );
    }
}
