//! This computer's backup settings: the second place every backup is also copied
//! to, whether the copies there are encrypted, and how many backups the rotation
//! keeps. They live in `backup-settings.json` beside the data file, never inside
//! it: restoring an old backup does not undo them, and a backup opened on another
//! computer does not bring this one's USB stick path along.
//!
//! The passphrase is kept in that file too, so that copies can be encrypted every
//! day without asking: it protects the copies that leave this computer (a lost USB
//! stick, a synced folder in someone's cloud), not this computer itself. The
//! settings page says exactly that.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Passphrase;
use super::rotation::Policy;
use crate::error::{Error, FieldError, Result};

pub const FILE_NAME: &str = "backup-settings.json";

/// The settings as the window shows them (the passphrase itself never leaves the file).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupSettings {
    /// The second place (a USB stick, a synced folder); `None` when there is none.
    pub second_dir: Option<String>,
    /// Copies in the second place are encrypted with the passphrase.
    pub encrypt_second: bool,
    /// A passphrase is set.
    pub has_passphrase: bool,
    /// How many backups the rotation keeps (here and in the second place).
    pub policy: Policy,
}

/// What the settings page saves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupSettingsUpdate {
    pub second_dir: Option<String>,
    pub encrypt_second: bool,
    /// A new passphrase; `None` keeps the one set.
    pub passphrase: Option<String>,
    pub policy: Policy,
}

/// The file's content.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
struct Stored {
    second_dir: Option<PathBuf>,
    encrypt_second: bool,
    passphrase: Option<String>,
    policy: Policy,
}

/// Where the second place is and how copies there are sealed.
pub struct SecondPlace {
    pub dir: PathBuf,
    pub seal: Option<Passphrase>,
}

fn read(data_dir: &Path) -> Stored {
    crate::this_computer::read(data_dir, FILE_NAME)
}

fn shown(stored: &Stored) -> BackupSettings {
    BackupSettings {
        second_dir: stored
            .second_dir
            .as_ref()
            .map(|d| d.to_string_lossy().into_owned()),
        encrypt_second: stored.encrypt_second,
        has_passphrase: stored.passphrase.is_some(),
        policy: stored.policy,
    }
}

pub fn load(data_dir: &Path) -> BackupSettings {
    shown(&read(data_dir))
}

/// The rotation's counts.
pub fn policy(data_dir: &Path) -> Policy {
    read(data_dir).policy
}

/// The second place, if one is set.
pub fn second_place(data_dir: &Path) -> Result<Option<SecondPlace>> {
    let stored = read(data_dir);
    let Some(dir) = stored.second_dir else {
        return Ok(None);
    };
    let seal = match (stored.encrypt_second, stored.passphrase.as_deref()) {
        (false, _) => None,
        (true, Some(text)) => Some(Passphrase::new(text)?),
        (true, None) => {
            return Err(Error::validation(
                "第二个备份位置设置了加密却没有口令：请在 备份与恢复 → 设置 里重新填写口令",
            ));
        }
    };
    Ok(Some(SecondPlace { dir, seal }))
}

/// The passphrase set on this computer, if any.
pub fn passphrase(data_dir: &Path) -> Option<Passphrase> {
    read(data_dir)
        .passphrase
        .and_then(|t| Passphrase::new(&t).ok())
}

const LIMITS: [(&str, &str, u32, u32); 4] = [
    ("policy.daily", "每日备份保留份数", 1, 60),
    ("policy.weekly", "每周备份保留份数", 0, 52),
    ("policy.monthly", "每月备份保留份数", 0, 120),
    ("policy.keep_days", "手动和“……前”备份保留天数", 1, 3650),
];

fn check_second_dir(data_dir: &Path, text: &str) -> Result<PathBuf> {
    let field = "second_dir";
    let dir = PathBuf::from(text);
    if !dir.is_absolute() {
        return Err(Error::invalid(field, "请选择一个完整的文件夹位置"));
    }
    if !dir.is_dir() {
        return Err(Error::invalid(
            field,
            format!(
                "找不到文件夹 {}：请确认 U 盘已插好，或换一个文件夹",
                dir.display()
            ),
        ));
    }
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let chosen = canonical(&dir);
    if chosen.starts_with(canonical(data_dir)) {
        return Err(Error::invalid(
            field,
            "第二个备份位置要选在数据文件夹以外（U 盘或同步文件夹），电脑坏了它才保得住",
        ));
    }
    // Saying now that the stick is write-protected beats a failed copy tonight.
    let probe = dir.join(format!(".社群掌柜-写入测试-{}", std::process::id()));
    std::fs::write(&probe, b"ok").map_err(|e| {
        Error::invalid(
            field,
            format!(
                "文件夹 {} 不能写入（U 盘写保护或没有权限？）",
                dir.display()
            ),
        )
        .with_source(e)
    })?;
    let _ = std::fs::remove_file(&probe);
    Ok(dir)
}

/// Checks and saves the settings (all or nothing: the file is replaced whole, by a
/// rename). Every wrong field is named at once.
pub fn save(data_dir: &Path, update: &BackupSettingsUpdate) -> Result<BackupSettings> {
    let mut stored = read(data_dir);
    let mut wrong: Vec<FieldError> = Vec::new();

    let second_dir = match update.second_dir.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => match check_second_dir(data_dir, text) {
            Ok(dir) => Some(dir),
            Err(e) => {
                wrong.extend(e.fields());
                None
            }
        },
    };
    let new_passphrase = match update.passphrase.as_deref() {
        None | Some("") => None,
        Some(text) => match Passphrase::new(text) {
            Ok(_) => Some(text.to_owned()),
            Err(e) => {
                wrong.extend(e.fields());
                None
            }
        },
    };
    if update.encrypt_second
        && new_passphrase.is_none()
        && stored.passphrase.is_none()
        && !wrong.iter().any(|f| f.field == "passphrase")
    {
        wrong.push(FieldError::new(
            "passphrase",
            "要加密副本，请先设一个备份口令",
        ));
    }
    let p = &update.policy;
    for ((field, label, low, high), value) in
        LIMITS
            .iter()
            .zip([p.daily, p.weekly, p.monthly, p.keep_days])
    {
        if !(*low..=*high).contains(&value) {
            wrong.push(FieldError::new(
                *field,
                format!("{label}要在 {low} 到 {high} 之间"),
            ));
        }
    }
    if !wrong.is_empty() {
        return Err(Error::invalid_fields(wrong));
    }

    stored.second_dir = second_dir;
    stored.encrypt_second = update.encrypt_second;
    if new_passphrase.is_some() {
        stored.passphrase = new_passphrase;
    }
    stored.policy = update.policy;
    write(data_dir, &stored)?;
    Ok(shown(&stored))
}

fn write(data_dir: &Path, stored: &Stored) -> Result<()> {
    crate::this_computer::write(data_dir, FILE_NAME, stored, "备份设置")
}
