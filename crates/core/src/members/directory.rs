//! What the rest of the shop may ask of, or tell, the member book. Other features
//! never touch the `members` or `member_groups` tables: they call these, on the
//! connection they hold (inside their own transaction when they have one).

use std::collections::HashMap;

use chrono::{DateTime, Local, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};

use super::book::{add_in, id_by_phone};
use super::model::{NewMember, Status, Tier};
use super::standing::return_in;
use crate::error::Error;

/// A member as another feature needs them: who, how to reach them, whether still here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Person {
    pub id: i64,
    pub name: String,
    /// Empty once their personal data was deleted (PIPL).
    pub phone: String,
    pub status: Status,
}

impl Person {
    pub fn deleted(&self) -> bool {
        self.status == Status::Deleted
    }
}

const PERSON: &str = "SELECT id, name, COALESCE(phone, ''), status FROM members";

fn person_from(r: &rusqlite::Row) -> rusqlite::Result<Person> {
    Ok(Person {
        id: r.get(0)?,
        name: r.get(1)?,
        phone: r.get(2)?,
        status: Status::parse(&r.get::<_, String>(3)?).unwrap_or_default(),
    })
}

/// The member with this id, whatever their standing.
pub(crate) fn person(conn: &Connection, id: i64) -> rusqlite::Result<Option<Person>> {
    conn.query_row(&format!("{PERSON} WHERE id = ?1"), [id], person_from)
        .optional()
}

/// The member with this (normalised) phone.
pub(crate) fn person_by_phone(conn: &Connection, phone: &str) -> rusqlite::Result<Option<Person>> {
    match id_by_phone(conn, phone)? {
        Some(id) => person(conn, id),
        None => Ok(None),
    }
}

/// Many members at once, by id (ids not in the book are simply absent).
pub(crate) fn people(
    conn: &Connection,
    ids: impl IntoIterator<Item = i64>,
) -> rusqlite::Result<HashMap<i64, Person>> {
    let mut ids: Vec<i64> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    let mut found = HashMap::with_capacity(ids.len());
    // SQLite allows a few hundred bound values per statement comfortably.
    for chunk in ids.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let mut stmt = conn.prepare(&format!("{PERSON} WHERE id IN ({marks})"))?;
        for p in stmt.query_map(params_from_iter(chunk), person_from)? {
            let p = p?;
            found.insert(p.id, p);
        }
    }
    Ok(found)
}

/// The name of the member with this id, `None` when there is no such member.
pub(crate) fn name_of(conn: &Connection, id: i64) -> rusqlite::Result<Option<String>> {
    Ok(person(conn, id)?.map(|p| p.name))
}

/// Active members at `tier` or above, by id.
pub(crate) fn active_from_tier(conn: &Connection, tier: Tier) -> rusqlite::Result<Vec<Person>> {
    let tiers: Vec<&str> = Tier::ALL
        .into_iter()
        .filter(|t| *t >= tier)
        .map(Tier::as_str)
        .collect();
    let marks = vec!["?"; tiers.len()].join(", ");
    let mut stmt = conn.prepare(&format!(
        "{PERSON} WHERE status = 'active' AND tier IN ({marks}) ORDER BY id"
    ))?;
    let rows = stmt
        .query_map(params_from_iter(tiers), person_from)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// How many members the book has in each of the shop's groups, by group id.
pub(crate) fn group_sizes(conn: &Connection) -> rusqlite::Result<HashMap<i64, u32>> {
    let mut stmt =
        conn.prepare("SELECT group_id, COUNT(*) FROM member_groups GROUP BY group_id")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<HashMap<_, _>>>()?;
    Ok(rows)
}

/// Someone who came in through an invite: how the book took them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Joined {
    pub member_id: i64,
    /// A new member was created for them.
    pub new_member: bool,
    /// A member who had left is back.
    pub returned: bool,
}

/// Takes in the customer behind an invite: a new member (`new`, whose phone is
/// `phone`) or the existing `member`, who keeps the source they came from first and
/// comes back when they had left; then puts them in the card's group, if any.
pub(crate) fn join_from_invite(
    conn: &Connection,
    existing: Option<&Person>,
    new: &NewMember,
    group: Option<i64>,
    today: NaiveDate,
    now: DateTime<Local>,
) -> Result<Joined, Error> {
    let joined = match existing {
        Some(member) => {
            if let Some(source) = &new.source {
                conn.execute(
                    "UPDATE members SET source = ?2 WHERE id = ?1 AND source = ''",
                    params![member.id, source],
                )?;
            }
            let returned = member.status == Status::Left && return_in(conn, member.id, now)?;
            Joined {
                member_id: member.id,
                new_member: false,
                returned,
            }
        }
        None => Joined {
            member_id: add_in(conn, new, &new.phone, today, now)?,
            new_member: true,
            returned: false,
        },
    };
    if let Some(group) = group {
        conn.execute(
            "INSERT OR IGNORE INTO member_groups (member_id, group_id, joined_on) VALUES (?1, ?2, ?3)",
            params![joined.member_id, group, today.to_string()],
        )?;
    }
    Ok(joined)
}

/// How big the member book is, as a backup's manifest and the restore preview
/// show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct BookSummary {
    /// Members not deleted (left ones count: they are still in the book).
    pub members: u64,
    /// Purchases that stand: not a voiding entry, not voided.
    pub purchases: u64,
    pub points_entries: u64,
    /// The newest day a purchase that stands was made on.
    pub last_sale_on: Option<NaiveDate>,
}

/// The purchases that stand, as `p`: neither a voiding entry nor voided by one.
/// (`+` keeps SQLite from scanning the UNIQUE index of `reverses_id` for the
/// million NULLs: a query joined on a member then uses `purchases_member_date`.)
pub(crate) const STANDING: &str = "FROM purchases p WHERE +p.reverses_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM purchases r WHERE r.reverses_id = p.id)";

pub(crate) fn summary(conn: &Connection) -> rusqlite::Result<BookSummary> {
    let count = |sql: &str| -> rusqlite::Result<u64> {
        let n: i64 = conn.query_row(sql, [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    };
    let last: Option<String> =
        conn.query_row(&format!("SELECT MAX(p.occurred_on) {STANDING}"), [], |r| {
            r.get(0)
        })?;
    Ok(BookSummary {
        members: count("SELECT COUNT(*) FROM members WHERE status <> 'deleted'")?,
        purchases: count(&format!("SELECT COUNT(*) {STANDING}"))?,
        points_entries: count("SELECT COUNT(*) FROM points_entries")?,
        last_sale_on: last.and_then(|d| d.parse().ok()),
    })
}
