//! Writing checked rows inside the import's one transaction. New members go in many
//! rows to a statement, with ids this import hands out (it holds the write lock, so
//! nobody else adds a member meanwhile); members already in the book are updated one
//! by one afterwards (`existing.rs`).

use chrono::{DateTime, Local, NaiveDate};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, Statement};

use super::booking::{Booked, SpendDate, book};
use super::check::Candidate;
use super::{Existing, OnDuplicate};
use crate::db::{DayText, date_text, timestamp};
use crate::error::Error;
use crate::members::model::Tier;
use crate::members::refresh::expiry_of;
use crate::shop::{self, BusinessRules};

/// How spend is booked for this import, worked out once.
pub(super) struct Plan<'a> {
    pub policy: OnDuplicate,
    pub spend_date: &'a SpendDate,
    pub fixed_day: Option<NaiveDate>,
    pub today: NaiveDate,
}

impl Plan<'_> {
    pub fn book(&self, c: &Candidate) -> Option<Booked> {
        book(c, self.spend_date, self.fixed_day, self.today)
    }
}

/// What a new member's row writes besides the file's cells, worked out on a checking
/// thread so that the write transaction only binds it; held inline (no heap), since
/// it is made on one thread and let go on another. A new member's ledgers hold only
/// what the row brings, so their cached facts are known here and no refresh is
/// needed.
pub(super) struct Fresh {
    /// The booked purchases (a row books at most two: see `booking.rs`).
    purchases: [(DayText, i64); 2],
    purchase_count: usize,
    spend_12m_fen: i64,
    last_purchase_on: Option<DayText>,
    joined_on: DayText,
    birthday_this_year_on: Option<DayText>,
    birthday_next_on: Option<DayText>,
}

impl Fresh {
    pub fn of(c: &Candidate, plan: &Plan) -> Fresh {
        let booked = plan.book(c);
        let today = plan.today;
        let b = c.birthday;
        let entries = booked.as_ref().map_or(&[][..], |b| &b.entries[..]);
        let mut purchases = [(DayText::of(today), 0); 2];
        for (slot, (day, fen)) in purchases.iter_mut().zip(entries) {
            *slot = (DayText::of(*day), *fen);
        }
        Fresh {
            purchases,
            purchase_count: entries.len().min(2),
            spend_12m_fen: booked.as_ref().map_or(0, |b| b.in_window(today)),
            last_purchase_on: booked
                .as_ref()
                .and_then(Booked::last_day)
                .filter(|d| *d <= today)
                .map(DayText::of),
            joined_on: DayText::of(c.joined_on.unwrap_or(today)),
            birthday_this_year_on: b.and_then(|b| b.this_year(today)).map(DayText::of),
            birthday_next_on: b.and_then(|b| b.next_on_or_after(today)).map(DayText::of),
        }
    }
}

/// Rows per statement for the batched inserts. A members row binds 22 values, so a
/// batch stays far below SQLite's 32,766 variables; past a few dozen rows a bigger
/// batch saves nothing more.
const ROWS: usize = 64;

/// A value to bind, borrowed from the row it comes from (SQLite copies it).
type Arg<'a> = ToSqlOutput<'a>;

fn text(s: &str) -> Arg<'_> {
    ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes()))
}

fn int(n: impl Into<i64>) -> Arg<'static> {
    ToSqlOutput::Borrowed(ValueRef::Integer(n.into()))
}

fn maybe<'a, T>(value: Option<T>, arg: impl FnOnce(T) -> Arg<'a>) -> Arg<'a> {
    value.map_or(ToSqlOutput::Borrowed(ValueRef::Null), arg)
}

/// One table's insert, prepared once as a statement for [`ROWS`] rows and one for a
/// single row: SQLite then runs one statement per batch, not one per row.
struct Batch<'t> {
    /// Values bound per row.
    width: usize,
    /// Values every row shares, bound once (SQLite keeps a binding until it is
    /// replaced), ahead of the rows' own.
    shared: usize,
    /// `None` once the new members are written (see [`Writer::new_members_written`]).
    many: Option<Statement<'t>>,
    one: Statement<'t>,
}

impl<'t> Batch<'t> {
    /// `head` is `INSERT OR FAIL INTO t (a, b) VALUES `, `row` one row's values: `?`
    /// for a row's own, `?1`… for the `shared` ones (the import's time stamp, say),
    /// and literals. `OR FAIL` (or `OR IGNORE`), not the default `ABORT`: a
    /// statement of many rows that may abort makes SQLite keep a copy of every page
    /// it touches to undo that statement alone, and an import never needs that —
    /// any error rolls its whole transaction back.
    fn new(
        conn: &'t Connection,
        head: &str,
        row: &str,
        shared: &[Arg],
    ) -> rusqlite::Result<Batch<'t>> {
        let width = bare_marks(row);
        let rows = |count: usize| {
            let numbered: Vec<String> = (0..count)
                .map(|r| number_values(row, shared.len() + 1 + r * width))
                .collect();
            format!("{head}{}", numbered.join(", "))
        };
        let mut batch = Batch {
            width,
            shared: shared.len(),
            many: Some(conn.prepare(&rows(ROWS))?),
            one: conn.prepare(&rows(1))?,
        };
        for (i, value) in shared.iter().enumerate() {
            if let Some(many) = &mut batch.many {
                many.raw_bind_parameter(i + 1, value)?;
            }
            batch.one.raw_bind_parameter(i + 1, value)?;
        }
        Ok(batch)
    }

    /// Writes the rows whose values lie one after the other in `values`.
    fn write(&mut self, values: &[Arg]) -> rusqlite::Result<()> {
        let mut rest = values;
        if let Some(many) = &mut self.many {
            let mut batches = values.chunks_exact(self.width * ROWS);
            for batch in &mut batches {
                run(many, self.shared, batch)?;
            }
            rest = batches.remainder();
        }
        for row in rest.chunks_exact(self.width) {
            run(&mut self.one, self.shared, row)?;
        }
        Ok(())
    }
}

/// Binds `values` after the `shared` ones and runs the statement.
fn run(statement: &mut Statement, shared: usize, values: &[Arg]) -> rusqlite::Result<()> {
    for (i, value) in values.iter().enumerate() {
        statement.raw_bind_parameter(shared + 1 + i, value)?;
    }
    statement.raw_execute().map(|_| ())
}

/// How many bare `?` (values of the row's own) `row` has.
fn bare_marks(row: &str) -> usize {
    let bytes = row.as_bytes();
    (0..bytes.len())
        .filter(|&i| bytes[i] == b'?' && !bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        .count()
}

/// `row` with each bare `?` numbered from `first` on (`?7`, `?8`…); `?1`… stay.
fn number_values(row: &str, first: usize) -> String {
    let mut out = String::with_capacity(row.len() * 2);
    let mut next = first;
    let mut chars = row.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '?' && !chars.peek().is_some_and(char::is_ascii_digit) {
            out.push_str(&next.to_string());
            next += 1;
        }
    }
    out
}

/// The statements and the texts every row repeats, made once for the whole import.
pub(super) struct Writer<'t> {
    next_id: i64,
    stamp: String,
    today_text: String,
    /// When points awarded today expire under the shop's rules.
    expires_text: Option<String>,
    pub rules: BusinessRules,
    /// The points [`Writer::insert`] booked (all awards of today), and in how many
    /// entries: what `points_daily` gains when its triggers were set aside.
    points_added: (i64, i64),
    members: Batch<'t>,
    tags: Batch<'t>,
    purchases: Batch<'t>,
    /// New members' points: all of them today's award with the same words.
    new_points: Batch<'t>,
    points: Batch<'t>,
}

impl<'t> Writer<'t> {
    pub fn new(
        conn: &'t Connection,
        now: DateTime<Local>,
        today: NaiveDate,
    ) -> Result<Writer<'t>, Error> {
        let rules = shop::rules_in(conn)?;
        // Deleted members keep their row, so the largest id ever given is here.
        let last_id: i64 =
            conn.query_row("SELECT COALESCE(MAX(id), 0) FROM members", [], |r| r.get(0))?;
        let stamp = timestamp(now);
        let today_text = date_text(today);
        let expires_text = expiry_of(today, &rules).map(date_text);
        let points_head = "INSERT OR FAIL INTO points_entries (member_id, delta, kind, reason,
            occurred_on, expires_on, created_at, imported) VALUES ";
        let members = Batch::new(
            conn,
            "INSERT OR FAIL INTO members (id, name, phone, wechat, gender, birthday_month,
                birthday_day, birthday_year, birthday_lunar, joined_on, source, notes,
                name_pinyin, name_initials, created_at, updated_at, spend_12m_fen,
                points_balance, last_purchase_on, tier, birthday_this_year_on,
                birthday_next_on) VALUES ",
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?1, ?1, ?, ?, ?, ?, ?, ?)",
            &[text(&stamp)],
        )?;
        let tags = Batch::new(
            conn,
            "INSERT OR IGNORE INTO member_tags (member_id, tag) VALUES ",
            "(?, ?)",
            &[],
        )?;
        let purchases = Batch::new(
            conn,
            "INSERT OR FAIL INTO purchases (member_id, amount_fen, occurred_on, category, note,
                created_at, imported) VALUES ",
            "(?, ?, ?, '导入', '导入的累计消费', ?1, 1)",
            &[text(&stamp)],
        )?;
        let new_points = Batch::new(
            conn,
            points_head,
            "(?, ?, 'award', '导入的积分', ?2, ?3, ?1, 1)",
            &[
                text(&stamp),
                text(&today_text),
                maybe(expires_text.as_deref(), text),
            ],
        )?;
        let points = Batch::new(
            conn,
            points_head,
            "(?, ?, 'award', ?, ?2, ?, ?1, 1)",
            &[text(&stamp), text(&today_text)],
        )?;
        Ok(Writer {
            next_id: last_id + 1,
            stamp,
            today_text,
            expires_text,
            rules,
            points_added: (0, 0),
            members,
            tags,
            purchases,
            new_points,
            points,
        })
    }

    /// Writes new members, in order, with their tags and ledgers; each row's
    /// candidate learns its member id. A new member's tier is where they stand, not
    /// a move: nothing goes to `tier_changes`, whose upgrades and downgrades the
    /// reports count as members crossing a threshold by what they spent (an import
    /// of a whole book would otherwise show as thousands of upgrades on one day).
    pub fn insert(&mut self, rows: &mut [&mut (Candidate, Fresh)]) -> rusqlite::Result<()> {
        for row in rows.iter_mut() {
            row.0.member_id = Some(self.next_id);
            self.next_id += 1;
        }
        let mut members = Vec::with_capacity(rows.len() * self.members.width);
        let (mut tags, mut purchases, mut points) = (Vec::new(), Vec::new(), Vec::new());
        for row in rows.iter() {
            let (c, f) = (&row.0, &row.1);
            let id = int(c.member_id.unwrap_or_default());
            let b = c.birthday;
            let tier = Tier::for_spend(f.spend_12m_fen, &self.rules.tiers);
            let balance = c.points.unwrap_or(0);
            members.extend([
                id.clone(),
                text(&c.name),
                text(&c.phone),
                text(c.wechat.as_deref().unwrap_or("")),
                text(c.gender.unwrap_or_default().as_str()),
                maybe(b, |b| int(b.month)),
                maybe(b, |b| int(b.day)),
                maybe(b.and_then(|b| b.year), int),
                int(b.is_some_and(|b| b.lunar)),
                text(f.joined_on.as_str()),
                text(c.source.as_deref().unwrap_or("")),
                text(c.notes.as_deref().unwrap_or("")),
                text(&c.keys.full),
                text(&c.keys.initials),
                int(f.spend_12m_fen),
                int(balance),
                maybe(f.last_purchase_on.as_ref(), |d| text(d.as_str())),
                text(tier.as_str()),
                maybe(f.birthday_this_year_on.as_ref(), |d| text(d.as_str())),
                maybe(f.birthday_next_on.as_ref(), |d| text(d.as_str())),
            ]);
            for tag in &c.tags {
                tags.extend([id.clone(), text(tag)]);
            }
            for (day, fen) in &f.purchases[..f.purchase_count] {
                purchases.extend([id.clone(), int(*fen), text(day.as_str())]);
            }
            if balance != 0 {
                self.points_added.0 += balance;
                self.points_added.1 += 1;
                points.extend([id, int(balance)]);
            }
        }
        self.members.write(&members)?;
        self.tags.write(&tags)?;
        self.purchases.write(&purchases)?;
        self.new_points.write(&points)
    }

    /// Adds the row's tags to a member already in the book.
    pub fn add_tags(&mut self, id: i64, c: &Candidate) -> rusqlite::Result<()> {
        let values: Vec<Arg> = c.tags.iter().flat_map(|t| [int(id), text(t)]).collect();
        self.tags.write(&values)
    }

    /// Books imported purchases for a member already in the book.
    pub fn add_purchases(&mut self, id: i64, entries: &[(NaiveDate, i64)]) -> rusqlite::Result<()> {
        let days: Vec<String> = entries.iter().map(|(d, _)| date_text(*d)).collect();
        let values: Vec<Arg> = entries
            .iter()
            .zip(&days)
            .flat_map(|((_, fen), day)| [int(id), int(*fen), text(day)])
            .collect();
        self.purchases.write(&values)
    }

    /// An imported points entry: the file's figure, or the difference to it.
    pub fn add_points(&mut self, id: i64, delta: i64, reason: &str) -> rusqlite::Result<()> {
        if delta == 0 {
            return Ok(());
        }
        let expires = if delta > 0 {
            self.expires_text.as_deref()
        } else {
            None
        };
        self.points
            .write(&[int(id), int(delta), text(reason), maybe(expires, text)])
    }

    /// Lets the statements for many rows go once the new members are written: each
    /// holds a large program, and SQLite prepares the many small statements that
    /// follow (members already in the book, one by one) faster without them.
    pub fn new_members_written(&mut self) {
        for batch in [
            &mut self.members,
            &mut self.tags,
            &mut self.purchases,
            &mut self.new_points,
            &mut self.points,
        ] {
            batch.many = None;
        }
    }

    pub fn stamp(&self) -> &str {
        &self.stamp
    }

    /// What [`Writer::insert`] added to the points ledger, as a `points_daily` row.
    pub fn points_added(&self) -> DailyPoints<'_> {
        DailyPoints {
            day: &self.today_text,
            kind: "award",
            delta: self.points_added.0,
            entries: self.points_added.1,
        }
    }
}

/// The tables an import fills.
const FILLED: &str = "'members', 'member_tags', 'purchases', 'points_entries'";

/// The triggers that keep `points_daily` (per-day points totals, migration 0011) as
/// the ledger changes. Set aside while new members' entries go in, and made up for
/// when they come back ([`SetAside::restore`]).
const POINTS_DAILY_TRIGGERS: [&str; 3] = [
    "points_daily_insert",
    "points_daily_delete",
    "points_daily_update",
];

/// Indexes that stay: `members_referrer` holds only members with a referrer, and new
/// rows have none until `link_referrers` (building it afresh would read the whole
/// table for nothing).
const KEPT_INDEXES: [&str; 1] = ["members_referrer"];

/// One day's and kind's points, as a row of `points_daily`.
pub(super) struct DailyPoints<'a> {
    pub day: &'a str,
    pub kind: &'a str,
    pub delta: i64,
    pub entries: i64,
}

/// What an import that loads more rows than the book holds takes off the tables it
/// fills while it writes: their secondary indexes (building each once afterwards is
/// much cheaper than updating it row by row) and the per-row triggers of the points
/// ledger. All of it is inside the transaction, so a rollback brings it back too.
pub(super) struct SetAside {
    /// The SQL that makes the indexes and triggers again, as the migrations wrote it.
    recreate: Vec<String>,
}

impl SetAside {
    pub fn take(conn: &Connection) -> rusqlite::Result<SetAside> {
        let quoted = |names: &[&str]| {
            names
                .iter()
                .map(|n| format!("'{n}'"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let found: Vec<(String, String, String)> = conn
            .prepare(&format!(
                "SELECT type, name, sql FROM sqlite_master
                  WHERE sql IS NOT NULL AND tbl_name IN ({FILLED})
                    AND ((type = 'index' AND name NOT IN ({kept}))
                      OR (type = 'trigger' AND name IN ({triggers})))",
                kept = quoted(&KEPT_INDEXES),
                triggers = quoted(&POINTS_DAILY_TRIGGERS),
            ))?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut recreate = Vec::with_capacity(found.len());
        for (kind, name, sql) in found {
            let kind = if kind == "index" { "INDEX" } else { "TRIGGER" };
            conn.execute_batch(&format!("DROP {kind} \"{name}\""))?;
            recreate.push(sql);
        }
        Ok(SetAside { recreate })
    }

    /// Builds the indexes, puts the triggers back and adds `added`, every points
    /// entry written while they were away, to the per-day points totals.
    pub fn restore(self, conn: &Connection, added: Option<DailyPoints>) -> rusqlite::Result<()> {
        for sql in &self.recreate {
            conn.execute_batch(sql)?;
        }
        if let Some(added) = added.filter(|a| a.entries > 0) {
            conn.execute(
                "INSERT INTO points_daily (occurred_on, kind, delta, entries)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (occurred_on, kind)
                 DO UPDATE SET delta = delta + excluded.delta, entries = entries + excluded.entries",
                rusqlite::params![added.day, added.kind, added.delta, added.entries],
            )?;
        }
        Ok(())
    }
}

/// Takes back new members this import wrote whose rows failed a later check (a
/// referrer that turned out not to be good), with everything written for them. The
/// ledger's triggers are in place again, so `points_daily` loses their points too.
pub(super) fn remove_written(conn: &Connection, ids: &[i64]) -> rusqlite::Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    conn.execute_batch("CREATE TEMP TABLE import_taken_back (id INTEGER PRIMARY KEY)")?;
    {
        let mut add = conn.prepare("INSERT INTO temp.import_taken_back (id) VALUES (?1)")?;
        for id in ids {
            add.execute([id])?;
        }
    }
    conn.execute_batch(
        "DELETE FROM member_tags WHERE member_id IN (SELECT id FROM temp.import_taken_back);
         DELETE FROM purchases WHERE member_id IN (SELECT id FROM temp.import_taken_back);
         DELETE FROM points_entries WHERE member_id IN (SELECT id FROM temp.import_taken_back);
         DELETE FROM members WHERE id IN (SELECT id FROM temp.import_taken_back);
         DROP TABLE temp.import_taken_back;",
    )
}

/// Links referrers last: they may be rows further down the file.
pub(super) fn link_referrers(
    conn: &Connection,
    candidates: &[Candidate],
    existing: &Existing,
    policy: OnDuplicate,
) -> rusqlite::Result<()> {
    if candidates.iter().all(|c| c.referrer.is_none()) {
        return Ok(());
    }
    let ids: std::collections::HashMap<&str, i64> = existing
        .by_phone
        .iter()
        .map(|(phone, id)| (phone.as_str(), *id))
        .chain(
            candidates
                .iter()
                .filter_map(|c| c.member_id.map(|id| (c.phone.as_str(), id))),
        )
        .collect();
    let mut link = conn.prepare(
        "UPDATE members SET referrer_id = ?2 WHERE id = ?1 AND (?3 OR referrer_id IS NULL)",
    )?;
    for c in candidates {
        let is_existing = existing.by_phone.contains_key(&c.phone);
        if let (Some(referrer), Some(id)) = (&c.referrer, c.member_id)
            && let Some(&referrer_id) = ids.get(referrer.as_str())
            && (policy != OnDuplicate::Skip || !is_existing)
        {
            let overwrite = policy == OnDuplicate::Update || !is_existing;
            link.execute(rusqlite::params![id, referrer_id, overwrite])?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{bare_marks, number_values};

    #[test]
    fn a_rows_own_values_are_numbered_after_the_shared_ones() {
        let row = "(?, ?, 'award', ?2, ?, ?1, 1)";
        assert_eq!(bare_marks(row), 3);
        assert_eq!(number_values(row, 3), "(?3, ?4, 'award', ?2, ?5, ?1, 1)");
        assert_eq!(number_values(row, 6), "(?6, ?7, 'award', ?2, ?8, ?1, 1)");
    }
}
