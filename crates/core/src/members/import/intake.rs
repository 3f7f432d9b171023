//! The writing side of an import: checked rows arrive in file order, a chunk at a
//! time (while the next ones are still being checked, see `Job::stream_steps`); new
//! members are written at once, rows of members already in the book wait for the
//! end, when every row is known.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasherDefault, Hasher};

use chrono::{DateTime, Local};
use rusqlite::Connection;

use super::check::{Candidate, check_referrers};
use super::existing::{spend_booking, update_existing};
use super::write::{Fresh, Plan, SetAside, Writer, link_referrers, remove_written};
use super::{Existing, ImportOptions, ImportReport, OnDuplicate, RowError};
use crate::error::Error;
use crate::members::refresh;
use crate::text::mask_mobile;

/// One row as the checking threads hand it over: ready to write, or why not.
pub(super) type Checked = Result<(Candidate, Fresh), RowError>;

pub(super) struct Intake<'t> {
    conn: &'t Connection,
    existing: &'t Existing,
    plan: &'t Plan<'t>,
    strict: bool,
    /// `None` for a dry run, which writes nothing.
    writer: Option<Writer<'t>>,
    set_aside: Option<SetAside>,
    /// The first row of each phone, by the phone as a number.
    first_row_of: HashMap<u64, u32, BuildHasherDefault<PhoneHasher>>,
    /// Every good row, in file order.
    candidates: Vec<Candidate>,
    report: ImportReport,
}

impl<'t> Intake<'t> {
    /// `rows` is how many the file has: loading more rows than the book holds, the
    /// import sets the tables' indexes aside and builds them once at the end.
    pub fn new(
        conn: &'t Connection,
        existing: &'t Existing,
        plan: &'t Plan<'t>,
        options: &ImportOptions,
        rows: usize,
        now: DateTime<Local>,
    ) -> Result<Intake<'t>, Error> {
        let writing = !options.dry_run;
        // At least half the file is new when it has over twice the book's rows.
        let set_aside = if writing && rows > 2 * existing.by_phone.len() {
            Some(SetAside::take(conn)?)
        } else {
            None
        };
        let writer = if writing {
            Some(Writer::new(conn, now, plan.today)?)
        } else {
            None
        };
        Ok(Intake {
            conn,
            existing,
            plan,
            strict: options.strict,
            writer,
            set_aside,
            first_row_of: HashMap::with_capacity_and_hasher(rows, BuildHasherDefault::default()),
            candidates: Vec::with_capacity(rows),
            report: ImportReport::default(),
        })
    }

    /// Takes the next rows of the file: a phone seen before in the file is an error,
    /// a new member is written now (until a strict import meets its first error).
    /// The rows are looked at where they lie; each good one moves once, into the
    /// list every later step reads.
    pub fn take(&mut self, mut chunk: Vec<Checked>) -> Result<(), Error> {
        for checked in &mut chunk {
            let Ok((c, _)) = checked else { continue };
            match self.first_row_of.entry(phone_key(&c.phone)) {
                Entry::Occupied(first) => {
                    *checked = Err(RowError {
                        row: c.row,
                        reason: format!(
                            "手机号 {} 与第 {} 行重复",
                            mask_mobile(&c.phone),
                            first.get()
                        ),
                    });
                }
                Entry::Vacant(slot) => {
                    slot.insert(c.row);
                    c.member_id = self.existing.by_phone.get(&c.phone).copied();
                }
            }
        }
        if self.strict && chunk.iter().any(Result::is_err) {
            // Nothing of a strict import with a bad row is kept: stop writing.
            self.writer = None;
        }
        if let Some(writer) = &mut self.writer {
            // Rows that are members already have their id, and wait for the end.
            let mut new: Vec<&mut (Candidate, Fresh)> = chunk
                .iter_mut()
                .filter_map(|checked| checked.as_mut().ok())
                .filter(|(c, _)| c.member_id.is_none())
                .collect();
            writer.insert(&mut new)?;
        }
        for checked in chunk {
            match checked {
                Ok((c, _)) => self.candidates.push(c),
                Err(e) => self.report.errors.push(e),
            }
        }
        Ok(())
    }

    /// After the last row: referrers are checked against the whole file (rows that
    /// fail are taken back), members already in the book are updated, and the
    /// indexes come back. Returns the report and whether to commit.
    pub fn finish(mut self, has_recent: bool) -> Result<(ImportReport, bool), Error> {
        let report = &mut self.report;
        let failed = check_referrers(&mut self.candidates, self.existing, report);
        report.errors.sort_by_key(|e| e.row);
        if self.strict && !report.errors.is_empty() {
            self.writer = None;
        }
        // Indexes first: every step below finds members' ledgers through them.
        if let Some(set_aside) = self.set_aside.take() {
            set_aside.restore(self.conn, self.writer.as_ref().map(Writer::points_added))?;
        }
        // Before members already in the book change: their tiers as the preview says.
        report.spend_booking = spend_booking(
            self.conn,
            &self.candidates,
            self.existing,
            self.plan,
            has_recent,
        )?;
        let Some(mut writer) = self.writer.take() else {
            count_outcomes(&self.candidates, self.existing, self.plan.policy, report);
            return Ok((self.report, false));
        };
        let taken_back: Vec<i64> = failed
            .iter()
            .filter(|c| !self.existing.by_phone.contains_key(&c.phone))
            .filter_map(|c| c.member_id)
            .collect();
        writer.new_members_written();
        remove_written(self.conn, &taken_back)?;
        link_referrers(self.conn, &self.candidates, self.existing, self.plan.policy)?;
        let mut changed = update_existing(
            self.conn,
            &mut writer,
            &self.candidates,
            self.existing,
            self.plan,
            report,
        )?;
        report.imported = u32::try_from(
            self.candidates
                .iter()
                .filter(|c| !self.existing.by_phone.contains_key(&c.phone))
                .count(),
        )
        .unwrap_or(u32::MAX);
        // Referrers who gained members are refreshed too; one pass over everything is
        // cheaper than many single ones past a point.
        if self.candidates.iter().any(|c| c.referrer.is_some()) {
            let by_phone: HashMap<&str, i64> = self
                .candidates
                .iter()
                .filter_map(|c| c.member_id.map(|id| (c.phone.as_str(), id)))
                .collect();
            changed.extend(self.candidates.iter().filter_map(|c| {
                let referrer = c.referrer.as_deref()?;
                by_phone
                    .get(referrer)
                    .or_else(|| self.existing.by_phone.get(referrer))
                    .copied()
            }));
        }
        changed.sort_unstable();
        changed.dedup();
        if changed.len() > 2_000 {
            refresh::refresh(self.conn, None, self.plan.today)?;
        } else {
            for id in changed {
                refresh::refresh(self.conn, Some(id), self.plan.today)?;
            }
        }
        // A whole book's rows are many small allocations: let them go on a thread of
        // their own rather than keep the owner waiting for the answer.
        let candidates = std::mem::take(&mut self.candidates);
        std::thread::spawn(move || drop(candidates));
        Ok((self.report, true))
    }
}

/// An 11-digit mobile number (what the check leaves) as a number: a map key that
/// costs no copy of the text.
fn phone_key(phone: &str) -> u64 {
    phone.bytes().fold(0u64, |n, b| {
        n.wrapping_mul(10)
            .wrapping_add(u64::from(b.wrapping_sub(b'0')))
    })
}

/// Hashes a [`phone_key`] with one multiplication (Fibonacci hashing): the keys are
/// the file's own numbers, not something an attacker picks, so the default hasher's
/// protection buys nothing at 100,000 rows.
#[derive(Default)]
struct PhoneHasher(u64);

impl Hasher for PhoneHasher {
    fn finish(&self) -> u64 {
        // The product's high bits are the well-mixed ones; the map indexes by the low.
        self.0.rotate_left(26)
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

fn count_outcomes(
    candidates: &[Candidate],
    existing: &Existing,
    policy: OnDuplicate,
    report: &mut ImportReport,
) {
    for c in candidates {
        match (existing.by_phone.contains_key(&c.phone), policy) {
            (false, _) => report.imported += 1,
            (true, OnDuplicate::Skip) => report.skipped += 1,
            (true, _) => report.updated += 1,
        }
    }
}
