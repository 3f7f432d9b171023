//! One read of the members table for everything a report counts of members: the
//! member counts of a period and of the one before it, joiners and leavers per
//! day, the joiners themselves (for retention), who brought whom, and who is on
//! the books at the end (for tiers and 沉睡). Four questions to SQLite meant four
//! reads of a hundred thousand rows; one read tallied here costs one.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::MemberCounts;
use super::slots::{ByMember, Day, day_of, parse_day};

/// A member who joined in the current period, for the 30-day retention.
pub(super) struct Joiner {
    pub joined: Day,
    pub retained: bool,
}

/// A member on the books at the current period's end: joined by then, not deleted.
pub(super) struct OnBook {
    pub id: i64,
    pub joined: Day,
    /// Left on or before the end.
    pub gone: bool,
}

pub(super) struct Roster {
    pub current: MemberCounts,
    pub previous: MemberCounts,
    /// Members (not deleted) who joined before the current period began.
    pub total_before: u64,
    /// Joiners and leavers per day of the current period.
    pub days: BTreeMap<Day, (u64, u64)>,
    pub joiners: ByMember<Joiner>,
    pub on_book: Vec<OnBook>,
    /// Members who joined in the current period with a referrer (not deleted)...
    pub referred: u64,
    /// ...and how many of them each referrer brought.
    pub brought: ByMember<u64>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Active,
    Left,
    Deleted,
}

/// One member as the counts see them. A leaver without a readable leaving day has
/// left before any period ends, and in none of them (as SQL's NULL had it).
struct Row {
    joined: Day,
    status: Status,
    left_on: Option<Day>,
}

impl Row {
    fn gone_by(&self, day: Day) -> bool {
        self.status == Status::Left && self.left_on.is_none_or(|left| left <= day)
    }

    fn left_within(&self, (from, to): (Day, Day)) -> bool {
        self.status == Status::Left && self.left_on.is_some_and(|left| from <= left && left <= to)
    }
}

/// The definitions of `total`, `new`, `left` and `active` (module `stats`).
fn count(counts: &mut MemberCounts, span: (Day, Day), row: &Row) {
    let (from, to) = span;
    if row.left_within(span) {
        counts.left += 1;
    }
    if row.status == Status::Deleted || row.joined > to {
        return;
    }
    counts.total += 1;
    if row.joined >= from {
        counts.new += 1;
    }
    if !row.gone_by(to) {
        counts.active += 1;
    }
}

fn span(days: &RangeInclusive<NaiveDate>) -> (Day, Day) {
    (day_of(*days.start()), day_of(*days.end()))
}

/// The roster of `current` and `previous` (which ends before `current` begins).
pub(super) fn read(
    conn: &Connection,
    current: &RangeInclusive<NaiveDate>,
    previous: &RangeInclusive<NaiveDate>,
) -> rusqlite::Result<Roster> {
    let (now, before) = (span(current), span(previous));
    let (from, to) = now;
    let mut out = Roster {
        current: MemberCounts::default(),
        previous: MemberCounts::default(),
        total_before: 0,
        days: BTreeMap::new(),
        joiners: ByMember::new(),
        on_book: Vec::new(),
        referred: 0,
        brought: ByMember::new(),
    };
    let mut stmt =
        conn.prepare("SELECT id, joined_on, status, left_on, referrer_id FROM members")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let Some(joined) = parse_day(r.get_ref(1)?.as_str()?) else {
            log::warn!("member {id} has an unreadable join date; left out of the report");
            continue;
        };
        let status = match r.get_ref(2)?.as_str()? {
            "left" => Status::Left,
            "deleted" => Status::Deleted,
            _ => Status::Active,
        };
        let left_on = r.get_ref(3)?.as_str_or_null()?.and_then(parse_day);
        let row = Row {
            joined,
            status,
            left_on,
        };
        count(&mut out.current, now, &row);
        count(&mut out.previous, before, &row);
        if row.left_within(now)
            && let Some(day) = left_on
        {
            out.days.entry(day).or_default().1 += 1;
        }
        if status == Status::Deleted || joined > to {
            continue;
        }
        out.on_book.push(OnBook {
            id,
            joined,
            gone: row.gone_by(to),
        });
        if joined < from {
            out.total_before += 1;
            continue;
        }
        out.days.entry(joined).or_default().0 += 1;
        out.joiners.entry(id, || Joiner {
            joined,
            retained: false,
        });
        if let Some(referrer) = r.get::<_, Option<i64>>(4)? {
            out.referred += 1;
            *out.brought.entry(referrer, || 0) += 1;
        }
    }
    Ok(out)
}
