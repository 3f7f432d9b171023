//! Batch referral posters: one poster per member, each with that member's own code,
//! as PNG files in a folder or as one PDF, with progress and cancel.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{PosterContent, QrSource, render, to_png};
use crate::error::{Code, Error, FieldError};
use crate::jobs::{Job, Stage};
use crate::members::Tier;
use crate::render::Scene;
use crate::store::Store;

/// Where a batch goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchOutput {
    /// One PNG per member in this folder (made if missing).
    Folder(PathBuf),
    /// Every poster as a page of one PDF.
    Pdf(PathBuf),
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BatchSkip {
    pub member: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BatchReport {
    pub made: u32,
    pub total: u32,
    pub cancelled: bool,
    /// The folder or the PDF.
    pub out: String,
    /// Members whose poster could not be made, and why.
    pub skipped: Vec<BatchSkip>,
}

/// A batch checked before anything is chosen or written: who it is for, and the name
/// to offer for its PDF or folder.
#[derive(Debug, Clone)]
pub struct BatchPlan {
    /// (id, name, phone) of each member, by id.
    pub members: Vec<(i64, String, String)>,
    /// `老带新海报-20261202`: the PDF is this plus `.pdf`, the folder is this.
    pub file_stem: String,
}

/// What both fronts do before a batch: find the active members at `tier` or above and
/// check the poster with the first of them. Nobody at that tier, or a poster that
/// needs the owner's yes (see [`check_batch`]), is said here, before a dialog opens.
#[allow(clippy::too_many_arguments)]
pub fn plan_batch(
    store: &Store,
    base: &PosterContent,
    tier: Tier,
    web_images_confirmed: bool,
    expired_qr_confirmed: bool,
    today: NaiveDate,
    now: DateTime<Local>,
) -> Result<BatchPlan, Error> {
    let members = members_from_tier(store, tier)?;
    if members.is_empty() {
        return Err(nobody_at_tier());
    }
    check_batch(
        store,
        base,
        &members,
        web_images_confirmed,
        expired_qr_confirmed,
        today,
        now,
    )?;
    Ok(BatchPlan {
        members,
        file_stem: format!("老带新海报-{}", today.format("%Y%m%d")),
    })
}

fn nobody_at_tier() -> Error {
    Error::invalid("tier", "没有符合条件的会员，换个等级试试")
}

/// Active members at `tier` or above, by id: (id, name, phone).
pub fn members_from_tier(store: &Store, tier: Tier) -> Result<Vec<(i64, String, String)>, Error> {
    Ok(
        crate::members::directory::active_from_tier(store.conn(), tier)?
            .into_iter()
            .map(|p| (p.id, p.name, p.phone))
            .collect(),
    )
}

/// A file name from a member's name and the end of their phone, safe on every OS.
fn file_name(name: &str, phone: &str) -> String {
    let clean = crate::text::file_safe(name);
    let tail = phone.get(phone.len().saturating_sub(4)..).unwrap_or("");
    format!("老带新-{clean}-{tail}.png")
}

/// Before a batch goes out: the first member's poster says whether the batch needs the
/// owner's yes (a web image, an expired group QR behind the referral channel). Every
/// poster of a batch shares the picture and the channel, so one stands for all.
#[allow(clippy::too_many_arguments)]
pub fn check_batch(
    store: &Store,
    base: &PosterContent,
    members: &[(i64, String, String)],
    web_images_confirmed: bool,
    expired_qr_confirmed: bool,
    today: NaiveDate,
    now: DateTime<Local>,
) -> Result<(), Error> {
    let Some((id, ..)) = members.first() else {
        return Ok(());
    };
    let mut content = base.clone();
    content.qr = Some(QrSource::Member { id: *id });
    match render(store, &content, None, today, now) {
        Ok(poster) => poster.check_publishable(web_images_confirmed, expired_qr_confirmed),
        // A member whose poster cannot be laid out is reported by the batch itself.
        Err(e) if e.code() == Code::Validation => Ok(()),
        Err(e) => Err(e),
    }
}

/// Makes `base` once per member with the member's referral code as its QR. Stops at
/// the next member when `job` is cancelled: a folder keeps the files already
/// written; a PDF is written only when every page is done.
pub fn batch_referral(
    store: &Store,
    base: &PosterContent,
    members: &[(i64, String, String)],
    out: &BatchOutput,
    job: &mut Job,
    today: NaiveDate,
    now: DateTime<Local>,
) -> Result<BatchReport, Error> {
    let total = members.len() as u32;
    if total == 0 {
        return Err(nobody_at_tier());
    }
    let write_err = |path: &Path, e: std::io::Error| {
        Error::invalid_fields(vec![FieldError::new(
            "out",
            format!("写不进 {}：{e}。请换个位置，或检查磁盘空间", path.display()),
        )])
    };
    if let BatchOutput::Folder(dir) = out {
        std::fs::create_dir_all(dir).map_err(|e| write_err(dir, e))?;
    }
    let mut report = BatchReport {
        made: 0,
        total,
        cancelled: false,
        out: match out {
            BatchOutput::Folder(p) | BatchOutput::Pdf(p) => p.display().to_string(),
        },
        skipped: Vec::new(),
    };
    job.stage(Stage::Drawing, total)?;
    let mut pages: Vec<Scene> = Vec::new();
    for (i, (id, name, phone)) in members.iter().enumerate() {
        if job.is_cancelled() {
            report.cancelled = true;
            break;
        }
        let mut content = base.clone();
        content.qr = Some(QrSource::Member { id: *id });
        match render(store, &content, None, today, now) {
            Ok(poster) => {
                match out {
                    BatchOutput::Folder(dir) => {
                        let path = dir.join(file_name(name, phone));
                        std::fs::write(&path, to_png(&poster)).map_err(|e| write_err(&path, e))?;
                    }
                    BatchOutput::Pdf(_) => pages.push(poster.scene),
                }
                report.made += 1;
            }
            // One member's poster failing (say, a name the layout cannot fit) does
            // not stop the others; it is reported by name.
            Err(e) if e.code() == Code::Validation => report.skipped.push(BatchSkip {
                member: name.clone(),
                reason: e.to_string(),
            }),
            Err(e) => return Err(e),
        }
        job.report(u32::try_from(i + 1).unwrap_or(u32::MAX));
    }
    if let BatchOutput::Pdf(path) = out
        && !report.cancelled
        && !pages.is_empty()
    {
        let pdf = crate::render::to_pdf(&pages, "老带新海报");
        // Written beside the target, then moved: a half-written PDF never appears.
        let partial = path.with_extension("pdf.part");
        std::fs::write(&partial, pdf).map_err(|e| write_err(&partial, e))?;
        std::fs::rename(&partial, path).map_err(|e| write_err(path, e))?;
    }
    Ok(report)
}
