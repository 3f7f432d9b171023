//! Backups: one file holds the whole shop (the database, the shop's pictures and a
//! manifest), written under a temporary name, verified, and only then renamed into
//! place, so a crash mid-backup leaves the earlier backups as they were and no half
//! file that looks whole.
//!
//! A backup file is a zip archive (`.shequn-backup`): `manifest.json`, `shequn.db`
//! and `assets/…`. The manifest names every other entry with its size and SHA-256;
//! a file whose entries differ from its manifest in any way is not a good backup.

mod archive;
mod auto;
mod naming;
mod restore;
pub mod rotation;
mod seal;
pub mod second_place;
pub mod settings;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Local};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Code, Error, Result};
use crate::jobs::Job;
use crate::store::Store;

pub use archive::{Manifest, Part};
pub use auto::{DailyOutcome, before_step, before_upgrade, daily, prune};
pub(crate) use restore::finish_interrupted_swap;
pub use restore::{RestorePreview, Restored, preview, restore};
pub use seal::{PASSPHRASE_MIN_CHARS, Passphrase, is_sealed};

/// The folder inside the data folder that holds the shop's backups.
pub const BACKUPS_DIR_NAME: &str = "backups";

/// How a backup file's name ends.
pub const EXTENSION: &str = "shequn-backup";

/// Why a backup was made. The names are a contract (`--json`, the manifest).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BackupKind {
    /// Made by the app on its own (at start, once a day).
    Auto,
    /// The owner pressed 立即备份 (or ran `shequn backup create`).
    Manual,
    /// Taken before an import wrote to the book.
    BeforeImport,
    /// Taken before a restore replaced the data: restoring it undoes the restore.
    BeforeRestore,
    /// Taken before a newer version upgraded the data file.
    BeforeUpgrade,
    /// Taken before many things were deleted at once.
    BeforeDelete,
}

impl BackupKind {
    pub const ALL: [BackupKind; 6] = [
        BackupKind::Auto,
        BackupKind::Manual,
        BackupKind::BeforeImport,
        BackupKind::BeforeRestore,
        BackupKind::BeforeUpgrade,
        BackupKind::BeforeDelete,
    ];

    pub fn label(self) -> &'static str {
        match self {
            BackupKind::Auto => "自动",
            BackupKind::Manual => "手动",
            BackupKind::BeforeImport => "导入前",
            BackupKind::BeforeRestore => "恢复前",
            BackupKind::BeforeUpgrade => "升级前",
            BackupKind::BeforeDelete => "删除前",
        }
    }

    /// The kind a [`BackupKind::label`] names.
    pub fn from_label(label: &str) -> Option<BackupKind> {
        Self::ALL.into_iter().find(|k| k.label() == label)
    }

    /// A snapshot taken before a risky step (kept 30 days by the rotation).
    pub fn is_before_step(self) -> bool {
        !matches!(self, BackupKind::Auto | BackupKind::Manual)
    }
}

/// What a backup holds, as its manifest says and every listing of it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupContents {
    /// The app version that wrote it.
    pub app_version: String,
    /// The data file's schema version inside.
    pub schema_version: u32,
    /// RFC 3339, as every table stores moments.
    pub created_at: String,
    pub kind: BackupKind,
    #[ts(type = "number")]
    pub members: u64,
    #[ts(type = "number")]
    pub purchases: u64,
    #[ts(type = "number")]
    pub points_entries: u64,
    /// The newest purchase that stands (`YYYY-MM-DD`), if any.
    pub last_sale_on: Option<String>,
}

/// One backup file as `shequn backup create|list --json` prints it (a contract:
/// extend, never change a field's meaning): `path`, `bytes`, `pictures` and the
/// contents' fields, all at the top level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupInfo {
    pub path: String,
    /// The file's size.
    #[ts(type = "number")]
    pub bytes: u64,
    #[serde(flatten)]
    pub contents: BackupContents,
    /// The pictures inside (logo, library).
    pub pictures: u32,
}

impl BackupInfo {
    fn new(path: &Path, bytes: u64, m: &Manifest) -> BackupInfo {
        BackupInfo {
            path: path.to_string_lossy().into_owned(),
            bytes,
            contents: m.contents.clone(),
            pictures: u32::try_from(m.parts.iter().filter(|p| p.is_picture()).count())
                .unwrap_or(u32::MAX),
        }
    }
}

/// The shop's backups folder.
pub fn default_dir(store: &Store) -> PathBuf {
    store.data_dir().join(BACKUPS_DIR_NAME)
}

/// Backs the whole shop up into `dir` (the backups folder when `None`) and returns
/// the verified file. Runs on the store's own connection inside one read
/// transaction, so the copy is the book at one moment even while the window writes.
pub fn create(
    store: &Store,
    dir: Option<&Path>,
    kind: BackupKind,
    now: DateTime<Local>,
    job: &mut Job,
) -> Result<BackupInfo> {
    create_sealed(store, dir, kind, now, None, job)
}

/// [`create`], encrypted with `seal` when given (see [`Passphrase`]).
pub fn create_sealed(
    store: &Store,
    dir: Option<&Path>,
    kind: BackupKind,
    now: DateTime<Local>,
    seal: Option<&Passphrase>,
    job: &mut Job,
) -> Result<BackupInfo> {
    job.when_cancelled("备份已取消，已有的备份没有变化");
    let dir = dir.map_or_else(|| default_dir(store), Path::to_path_buf);
    std::fs::create_dir_all(&dir).map_err(|e| {
        Error::io(format!(
            "无法创建备份文件夹 {}，请确认有写入权限",
            dir.display()
        ))
        .with_source(e)
    })?;
    naming::remove_stale_partials(&dir);
    let (target, written) = archive::write(store, &dir, kind, now, seal, job)?;
    let bytes = std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
    Ok(BackupInfo::new(&target, bytes, &written))
}

/// Checks a backup file through and through: that it is one of ours, from a version
/// this app can read, every entry whole (sizes and SHA-256 as its manifest says)
/// and its database sound (`PRAGMA integrity_check`). The reason it is not, in
/// Chinese, otherwise. An encrypted backup needs its `passphrase`.
pub fn verify(path: &Path, passphrase: Option<&Passphrase>, job: &mut Job) -> Result<BackupInfo> {
    job.when_cancelled("验证已取消");
    let manifest = archive::verify(path, None, job, None, passphrase)?;
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    Ok(BackupInfo::new(path, bytes, &manifest))
}

/// What is inside a backup, from its manifest only (quick; [`verify`] checks it).
pub fn read_info(path: &Path, passphrase: Option<&Passphrase>) -> Result<BackupInfo> {
    let manifest = archive::read_manifest(path, passphrase)?;
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    Ok(BackupInfo::new(path, bytes, &manifest))
}

/// The backups in `dir` (the backups folder when `None`), newest first. Files that
/// cannot be read as backups are left out of the list (and never deleted), and so
/// are encrypted ones unless `passphrase` opens them.
pub fn list(store: &Store, dir: Option<&Path>) -> Result<Vec<BackupInfo>> {
    list_in(
        &dir.map_or_else(|| default_dir(store), Path::to_path_buf),
        None,
    )
}

/// [`list`] of any folder, opening encrypted backups with `passphrase`.
pub fn list_in(dir: &Path, passphrase: Option<&Passphrase>) -> Result<Vec<BackupInfo>> {
    let mut out: Vec<BackupInfo> = backup_files(dir)?
        .into_iter()
        .filter(|p| passphrase.is_some() || !is_sealed(p))
        .filter_map(|p| match read_info(&p, passphrase) {
            Ok(info) => Some(info),
            Err(e) => {
                log::warn!(
                    "{} is not a readable backup: {}",
                    p.display(),
                    e.log_chain()
                );
                None
            }
        })
        .collect();
    // RFC 3339 texts of one offset sort as time; within one minute the name's
    // number (-2, -3…) says which came later.
    out.sort_by_key(|i| {
        std::cmp::Reverse((i.contents.created_at.clone(), same_minute_number(&i.path)))
    });
    Ok(out)
}

/// Every file in `dir` named as a backup (`*.shequn-backup`); none when `dir` is not there.
fn backup_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Error::io(format!("无法读取备份文件夹 {}", dir.display())).with_source(e));
        }
    };
    Ok(entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == EXTENSION))
        .collect())
}

/// 1 for `…-0930.shequn-backup`, n for `…-0930-n.shequn-backup` (and `…-0930-导入前-n…`).
fn same_minute_number(path: &str) -> u32 {
    let stem = path.strip_suffix(&format!(".{EXTENSION}")).unwrap_or(path);
    let tail = stem.rsplit('-').next().unwrap_or("");
    // The minute itself is four digits (0930); a copy's number is shorter.
    if tail.len() < 4 && tail.bytes().all(|b| b.is_ascii_digit()) {
        tail.parse().unwrap_or(1)
    } else {
        1
    }
}

/// Removes what `is_leftover` names in `dir` (files or folders) once older than
/// `age`: the remains of work a crash cut short.
fn remove_leftovers(dir: &Path, age: std::time::Duration, is_leftover: impl Fn(&str) -> bool) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|a| a > age);
        if old && is_leftover(&name) {
            let path = entry.path();
            let _ = if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
        }
    }
}

/// The error every "this is not a backup we can use" answer shares.
fn refused(message: impl Into<String>) -> Error {
    Error::new(Code::Corrupt, message)
}
