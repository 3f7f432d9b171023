//! One pass, in date order, over the counted purchases every period figure needs:
//! the period's, the previous period's and the year up to the period's end (for
//! tiers), read from the `purchases_counted_by_day` index alone.
//!
//! Why a pass and not per-member subqueries: a report of a big book (100,000
//! members) asked SQLite four questions per member; reading the period's rows once
//! and tallying them here costs what the period holds, not what the book holds.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::RangeInclusive;

use chrono::{Datelike, Days, NaiveDate};
use rusqlite::{Connection, params};

use super::{Cohort, MemberCounts, PeriodFigures, StandingFigures, median, ratio};
use crate::db::date_text;
use crate::members::Tier;
use crate::members::directory::STANDING;
use crate::shop::BusinessRules;

/// A day as a number (days since 0001-01-01), so a row costs no allocation.
type Day = i32;

fn day_of(date: NaiveDate) -> Day {
    date.num_days_from_ce()
}

/// `YYYY-MM-DD` to a [`Day`]; `None` for anything else.
fn parse_day(text: &str) -> Option<Day> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let year = i32::try_from(number(&b[0..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, number(&b[5..7])?, number(&b[8..10])?).map(day_of)
}

/// The rows of the pass. Without statistics SQLite would take the UNIQUE index on
/// `reverses_id` for `IS NULL`, which on a big book matches every row; the partial
/// index is named (a test checks the plan).
const PASS: &str = "SELECT id, member_id, occurred_on, amount_fen
     FROM purchases INDEXED BY purchases_counted_by_day
     WHERE reverses_id IS NULL AND occurred_on BETWEEN ?1 AND ?2
     ORDER BY occurred_on";

/// Something per member, kept in a slot per id: the book numbers its members 1, 2,
/// 3 …, so a vector beats hashing a hundred thousand ids several times a row. An id
/// far beyond the others (a hand-edited file) goes to a map instead of growing the
/// vector without bound.
struct ByMember<T> {
    slots: Vec<Option<T>>,
    far: HashMap<i64, T>,
}

/// Ids up to this are kept in slots.
const SLOTS_MAX: usize = 1 << 24;

impl<T> ByMember<T> {
    fn new() -> ByMember<T> {
        ByMember {
            slots: Vec::new(),
            far: HashMap::new(),
        }
    }

    fn entry(&mut self, id: i64, new: impl FnOnce() -> T) -> &mut T {
        match usize::try_from(id) {
            Ok(i) if i < SLOTS_MAX => {
                if i >= self.slots.len() {
                    self.slots
                        .resize_with((i + 1).max(self.slots.len() * 2), || None);
                }
                self.slots[i].get_or_insert_with(new)
            }
            _ => self.far.entry(id).or_insert_with(new),
        }
    }

    fn entry_if_present(&mut self, id: i64) -> Option<&mut T> {
        match usize::try_from(id) {
            Ok(i) if i < SLOTS_MAX => self.slots.get_mut(i).and_then(Option::as_mut),
            _ => self.far.get_mut(&id),
        }
    }

    fn get(&self, id: i64) -> Option<&T> {
        match usize::try_from(id) {
            Ok(i) if i < SLOTS_MAX => self.slots.get(i).and_then(Option::as_ref),
            _ => self.far.get(&id),
        }
    }

    fn values(&self) -> impl Iterator<Item = &T> {
        self.slots.iter().flatten().chain(self.far.values())
    }
}

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
    /// Orders and sales per day, for the charts.
    by_day: BTreeMap<Day, (u64, i64)>,
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
            by_day: BTreeMap::new(),
        }
    }

    /// One counted purchase; rows come in date order.
    fn add(&mut self, member: i64, day: Day, amount_fen: i64) {
        if day < self.from || day > self.to {
            return;
        }
        self.orders += 1;
        self.sales_fen += amount_fen;
        let on_day = self.by_day.entry(day).or_default();
        on_day.0 += 1;
        on_day.1 += amount_fen;
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

/// A member who joined in the period, for the 30-day retention.
struct Joiner {
    joined: Day,
    retained: bool,
}

/// The period's joiners (not deleted), by id.
fn joiners(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> rusqlite::Result<ByMember<Joiner>> {
    let mut out = ByMember::new();
    let mut stmt = conn.prepare(
        "SELECT id, joined_on FROM members
          WHERE status <> 'deleted' AND joined_on BETWEEN ?1 AND ?2",
    )?;
    let mut rows = stmt.query(params![date_text(from), date_text(to)])?;
    while let Some(row) = rows.next()? {
        if let Some(joined) = parse_day(row.get_ref(1)?.as_str()?) {
            out.entry(row.get(0)?, || Joiner {
                joined,
                retained: false,
            });
        }
    }
    Ok(out)
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
    pub sales_by_day: BTreeMap<NaiveDate, (u64, i64)>,
}

/// The figures of `current` and `previous` (which ends before `current` begins) and
/// where the members stand at the end of `current`; definitions in the parent module.
pub(super) fn book(
    conn: &Connection,
    current: RangeInclusive<NaiveDate>,
    previous: RangeInclusive<NaiveDate>,
    members: (MemberCounts, MemberCounts),
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
    let mut joiners = joiners(conn, from, to)?;
    // A member who joined on the period's last day may come back up to 30 days later.
    let end = to + Days::new(RETURN_DAYS as u64);
    let mut stmt = conn.prepare(PASS)?;
    let mut rows = stmt.query(params![date_text(start), date_text(end)])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        if voided.contains(&id) {
            continue;
        }
        let member: i64 = row.get(1)?;
        let Some(day) = parse_day(row.get_ref(2)?.as_str()?) else {
            log::warn!("purchase {id} has an unreadable date; left out of the report");
            continue;
        };
        if let Some(j) = joiners.entry_if_present(member)
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
    let standing = standing(conn, (start, from, to), &seen, rules)?;
    let sales_by_day = now
        .by_day
        .iter()
        .filter_map(|(day, sold)| Some((NaiveDate::from_num_days_from_ce_opt(*day)?, *sold)))
        .collect();
    Ok(Pass {
        current: now.figures(members.0),
        previous: before.figures(members.1),
        standing,
        retention_30d: cohorts(&joiners),
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
    seen: &ByMember<Seen>,
    rules: &BusinessRules,
) -> rusqlite::Result<StandingFigures> {
    let dormant = i32::try_from(rules.dormant_days).unwrap_or(i32::MAX);
    let (to_day, eve_day) = (day_of(to), day_of(from) - 1);
    // Any day before the pass began stands for "bought before `start`".
    let before_start = day_of(start) - 1;
    let mut stmt = conn.prepare(&format!(
        "SELECT m.id, m.joined_on, m.status = 'left' AND m.left_on <= ?2,
            CASE WHEN m.joined_on >= ?1
                 THEN EXISTS (SELECT 1 {STANDING} AND p.member_id = m.id AND p.occurred_on < ?1)
                 ELSE 0 END
         FROM members m WHERE m.status <> 'deleted' AND m.joined_on <= ?2"
    ))?;
    let mut rows = stmt.query(params![date_text(start), date_text(to)])?;
    let mut out = StandingFigures::default();
    let none = Seen::default();
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let Some(joined) = parse_day(row.get_ref(1)?.as_str()?) else {
            continue;
        };
        let gone: bool = row.get(2)?;
        let bought_early: bool = row.get(3)?;
        let s = seen.get(id).unwrap_or(&none);
        let or_earlier = |last: Option<Day>| {
            last.or(bought_early.then_some(before_start))
                .unwrap_or(joined)
        };
        if !gone {
            out.tiers
                .add(Tier::for_spend(s.spend_year_fen, &rules.tiers));
            if or_earlier(s.last) < to_day.saturating_sub(dormant) {
                out.dormant += 1;
            }
        }
        if s.bought_in
            && joined <= eve_day
            && or_earlier(s.last_before) < eve_day.saturating_sub(dormant)
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
    fn days_parse_only_as_dates() {
        let day = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok().map(day_of);
        for text in ["2024-02-29", "2026-12-31", "0001-01-01"] {
            assert_eq!(parse_day(text), day(text), "{text}");
            assert!(parse_day(text).is_some());
        }
        for text in [
            "2023-02-29",
            "2026-13-01",
            "2026-1-01",
            "2026/11/01",
            "",
            "２０２６-11-01",
        ] {
            assert_eq!(parse_day(text), None, "{text}");
        }
    }

    #[test]
    fn members_far_beyond_the_others_are_kept_too() {
        let mut m: ByMember<u32> = ByMember::new();
        for id in [3, 1, i64::MAX, -5, 3] {
            *m.entry(id, || 0) += 1;
        }
        assert_eq!(
            (m.get(3), m.get(1), m.get(i64::MAX), m.get(-5), m.get(2)),
            (Some(&2), Some(&1), Some(&1), Some(&1), None)
        );
        assert_eq!(m.values().count(), 4);
        assert!(m.slots.len() < 16, "no slots for the far ids");
    }

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
