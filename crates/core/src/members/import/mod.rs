//! Importing members from Excel or CSV: map columns, preview, check every row, then
//! write the good rows in ONE transaction — a cancel, a crash or a power cut leaves
//! the book exactly as it was.

mod booking;
mod check;
mod columns;
pub(super) mod existing;
mod intake;
mod write;

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Local, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::sheet::open_rows;
pub use crate::sheet::{Table, decode_text, read_table};
pub use booking::{SpendBooking, SpendDate};
pub use columns::{ImportField, guess_mapping};

use crate::error::Error;
use crate::jobs::{Job, Stage};
use crate::store::Store;
use check::check_row;
use intake::{Checked, Intake};
use write::{Fresh, Plan};

/// What to do with a row whose phone is already a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OnDuplicate {
    /// Leave the existing member alone.
    #[default]
    Skip,
    /// Overwrite the member's fields with the file's non-empty cells; their imported
    /// spend and points become the file's figures (importing again changes nothing).
    Update,
    /// Fill only the member's empty fields; add tags, and add the file's spend and
    /// points to what the member has.
    Merge,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportOptions {
    /// One field per column; the guessed mapping when absent.
    #[ts(optional)]
    pub mapping: Option<Vec<ImportField>>,
    #[serde(default)]
    pub on_duplicate: OnDuplicate,
    /// Any bad row stops the import with nothing written.
    #[serde(default)]
    pub strict: bool,
    /// Check and report only; write nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// Which day a lifetime-only 累计消费 is booked on; [`SpendDate::Last`] when absent.
    #[ts(optional)]
    pub spend_date: Option<SpendDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RowError {
    /// As the spreadsheet shows it: the header is row 1.
    pub row: u32,
    pub reason: String,
}

/// `shequn members import --json` prints this (a contract: extend, never change).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportReport {
    pub imported: u32,
    pub updated: u32,
    pub skipped: u32,
    pub errors: Vec<RowError>,
    /// Whether anything was written (false for a dry run or a refused strict import).
    pub written: bool,
    /// Which days the file's spend went on, and the tiers that gives; absent when
    /// the file has no spend figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub spend_booking: Option<SpendBooking>,
}

/// What the wizard shows before importing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportPreview {
    pub header: Vec<String>,
    pub mapping: Vec<ImportField>,
    /// The first rows, as text.
    pub sample: Vec<Vec<String>>,
    pub total_rows: u32,
}

pub fn preview(path: &Path) -> Result<ImportPreview, Error> {
    let table = read_table(path).map_err(|m| Error::invalid("file", m))?;
    Ok(ImportPreview {
        mapping: guess_mapping(&table.header),
        sample: table.rows.iter().take(20).map(|(_, r)| r.clone()).collect(),
        total_rows: u32::try_from(table.rows.len()).unwrap_or(u32::MAX),
        header: table.header,
    })
}

/// Imports `path` into the book. See [`ImportOptions`]; the report lists every bad
/// row by its spreadsheet row number.
///
/// The file is read before the data file is touched. Then one write transaction
/// (taken with `BEGIN IMMEDIATE`) reads the book as it is at that moment and writes
/// the rows while the next ones are still being checked on the other cores, so the
/// transaction lasts as long as the writing alone. Run on its own connection
/// ([`Store::reopen`]), the window keeps working meanwhile: its reads go on, and a
/// write of its waits only for that one transaction. On a single core, for a paced
/// job (tests of the window) and for a dry run, every row is checked before the
/// transaction begins. A cancel (through `job`) at any step leaves the book exactly
/// as it was.
pub fn import(
    store: &Store,
    path: &Path,
    options: &ImportOptions,
    today: NaiveDate,
    now: DateTime<Local>,
    job: &mut Job,
) -> Result<ImportReport, Error> {
    job.when_cancelled("导入已取消，没有写入任何数据");
    job.stage(Stage::Reading, 0)?;
    let file = open_rows(path).map_err(|m| Error::invalid("file", m))?;
    let mapping = options
        .mapping
        .clone()
        .unwrap_or_else(|| guess_mapping(&file.header));
    for (needed, label) in [(ImportField::Name, "姓名"), (ImportField::Phone, "手机号")] {
        if !mapping.contains(&needed) {
            return Err(Error::invalid(
                "mapping",
                format!("没有找到“{label}”列：请在对应关系里指定哪一列是{label}"),
            ));
        }
    }
    let spend_date = options.spend_date.clone().unwrap_or_default();
    let fixed_day = spend_date
        .fixed_day(today)
        .map_err(|m| Error::invalid("spend_date", m))?;
    let plan = Plan {
        policy: options.on_duplicate,
        spend_date: &spend_date,
        fixed_day,
        today,
    };
    let check = |(row, cells): &(u32, Vec<String>)| -> Checked {
        let c = check_row(*row, cells, &mapping, today)
            .map_err(|reason| RowError { row: *row, reason })?;
        let fresh = Fresh::of(&c, &plan);
        Ok((c, fresh))
    };
    // Checked before the write transaction when the rows cannot be checked alongside
    // it (see above); otherwise read, checked and written as a stream.
    let (checked_first, file, rows) = if options.dry_run || !job.runs_ahead() {
        let rows: Vec<(u32, Vec<String>)> = file
            .collect::<Result<_, _>>()
            .map_err(|m| Error::invalid("file", m))?;
        job.stage(Stage::Checking, steps(rows.len()))?;
        let checked = job.map_steps(&rows, check)?;
        // The file's text is not needed past here (see `Intake::finish`).
        let count = rows.len();
        std::thread::spawn(move || drop(rows));
        (Some(checked), None, count)
    } else {
        let estimated = file.estimated as usize;
        (None, Some(file), estimated)
    };

    super::refresh::ensure_fresh(store, today)?;
    let conn = store.conn();
    // A dry run only reads; a real run holds the write lock from here to the end, so
    // what it matched against is still the book when it writes.
    let _bulk = BulkSettings::apply(conn)?;
    let tx = if options.dry_run {
        conn.unchecked_transaction()?
    } else {
        crate::db::write_tx(conn)?
    };
    let existing = existing_members(&tx)?;
    let mut intake = Intake::new(&tx, &existing, &plan, options, rows, now)?;
    if !options.dry_run {
        job.stage(Stage::Writing, steps(rows))?;
    }
    match checked_first {
        Some(checked) => {
            let (mut checked, mut done) = (checked.into_iter(), 0);
            loop {
                let chunk: Vec<Checked> = checked.by_ref().take(TAKE).collect();
                if chunk.is_empty() {
                    break;
                }
                done += chunk.len();
                intake.take(chunk)?;
                job.advance(steps(done))?;
            }
        }
        None => {
            let rows = file
                .into_iter()
                .flatten()
                .map(|row| row.map_err(|m| Error::invalid("file", m)));
            job.stream_steps(rows, check, |chunk| intake.take(chunk))?;
        }
    }
    let has_recent = mapping.contains(&ImportField::Spend12m);
    let (mut report, commit) = intake.finish(has_recent)?;
    if commit {
        // The last chance to stop: after the commit the import has happened.
        job.check()?;
        tx.commit()?;
        report.written = true;
    }
    Ok(report)
}

fn steps(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Rows handed to the writing side at a time when they were all checked first.
const TAKE: usize = 1_024;

/// While one transaction writes a whole book: a page cache big enough that SQLite
/// does not spill half-built pages to the WAL and write them again, index sorts in
/// memory, and no foreign-key lookups (every id the import writes is one it just
/// made or read inside its own transaction: the lookups proved nothing and cost a
/// probe of `members` per ledger row). The commit does not copy the WAL into the
/// data file (SQLite's automatic checkpoint: a second write of every page the import
/// made, inside its commit): the job runner checkpoints after the window has heard
/// the import is done ([`crate::Store::checkpoint`]), and a CLI run's connection
/// does it as it closes. Put back when the
/// import ends; the pragmas apply to this connection only and are set outside any
/// transaction, as SQLite requires for `foreign_keys`.
struct BulkSettings<'c> {
    conn: &'c Connection,
    cache_size: i64,
    autocheckpoint: i64,
}

impl<'c> BulkSettings<'c> {
    fn apply(conn: &'c Connection) -> rusqlite::Result<BulkSettings<'c>> {
        let cache_size: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        let autocheckpoint: i64 = conn.query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))?;
        conn.execute_batch(
            "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF;",
        )?;
        conn.query_row("PRAGMA wal_autocheckpoint = 0", [], |_| Ok(()))?;
        Ok(BulkSettings {
            conn,
            cache_size,
            autocheckpoint,
        })
    }
}

impl Drop for BulkSettings<'_> {
    fn drop(&mut self) {
        let _ = self.conn.execute_batch(&format!(
            "PRAGMA cache_size = {}; PRAGMA temp_store = DEFAULT; PRAGMA foreign_keys = ON;",
            self.cache_size
        ));
        let _ = self.conn.query_row(
            &format!("PRAGMA wal_autocheckpoint = {}", self.autocheckpoint),
            [],
            |_| Ok(()),
        );
    }
}

/// Members already in the book, by phone, and who referred whom (by phone).
struct Existing {
    by_phone: HashMap<String, i64>,
    referrer_of: HashMap<String, String>,
}

fn existing_members(conn: &Connection) -> rusqlite::Result<Existing> {
    let mut by_phone = HashMap::new();
    let mut referrer_of = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT m.id, m.phone, r.phone FROM members m LEFT JOIN members r ON r.id = m.referrer_id
          WHERE m.phone IS NOT NULL",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let phone: String = row.get(1)?;
        if let Some(referrer) = row.get::<_, Option<String>>(2)? {
            referrer_of.insert(phone.clone(), referrer);
        }
        by_phone.insert(phone, row.get(0)?);
    }
    Ok(Existing {
        by_phone,
        referrer_of,
    })
}
