//! Where backup files get their names: a temporary name first (never shown as a
//! backup), then the final one, chosen so that no other backup is ever replaced.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use chrono::{DateTime, Local};

use super::{BackupKind, EXTENSION};
use crate::error::{Error, Result};
use crate::jobs::Job;

pub(super) fn io_error(what: &str, path: &Path, e: std::io::Error) -> Error {
    Error::io(format!("{what} {} 时出错", path.display())).with_source(e)
}

/// A temporary file in the backups folder that a listing never shows (hidden, and
/// not ending in `.shequn-backup`); removed again when dropped.
pub(super) struct Partial {
    pub(super) path: PathBuf,
}

impl Partial {
    pub(super) fn new(dir: &Path, suffix: &str) -> Partial {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!(
            ".社群掌柜-备份.{}.{n}.{suffix}.partial",
            std::process::id()
        ));
        Partial { path }
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Leftovers of backups a crash interrupted (older than a day: never one that
/// another process is writing right now).
pub(super) fn remove_stale_partials(dir: &Path) {
    super::remove_leftovers(dir, Duration::from_secs(24 * 3600), |name| {
        name.starts_with('.') && name.ends_with(".partial")
    });
}

pub(super) fn sync_dir(dir: &Path) {
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
}

/// Copies `from` into a new file `to`, synced to disk.
pub(super) fn copy_file(from: &Path, to: &Path, job: &mut Job) -> Result<()> {
    let output = BufWriter::with_capacity(
        1 << 20,
        File::create(to).map_err(|e| io_error("写入", to, e))?,
    );
    let written = pump(from, output, to, job)?;
    written
        .into_inner()
        .map_err(|e| io_error("写入", to, e.into_error()))?
        .sync_all()
        .map_err(|e| io_error("写入", to, e))
}

/// Streams the file `from` into `output` (which writes `to`), a megabyte at a time,
/// stopping when the job is cancelled; gives `output` back to be finished.
pub(super) fn pump<W: Write>(from: &Path, mut output: W, to: &Path, job: &mut Job) -> Result<W> {
    let mut input = File::open(from).map_err(|e| io_error("读取", from, e))?;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = input
            .read(&mut buf)
            .map_err(|e| io_error("读取", from, e))?;
        if n == 0 {
            return Ok(output);
        }
        output
            .write_all(&buf[..n])
            .map_err(|e| io_error("写入", to, e))?;
        job.check()?;
    }
}

/// `社群掌柜-备份-2026-11-29-0930`, with the kind for every backup the app did not
/// make on its own (`…-0930-导入前`): the name alone tells the owner, and the
/// rotation of encrypted copies, what it is.
pub(super) fn stem_for(now: DateTime<Local>, kind: BackupKind) -> String {
    let stem = format!("{NAME_PREFIX}{}", now.format("%Y-%m-%d-%H%M"));
    match kind {
        BackupKind::Auto => stem,
        kind => format!("{stem}-{}", kind.label()),
    }
}

/// How every backup's file name starts.
pub(super) const NAME_PREFIX: &str = "社群掌柜-备份-";

/// When a backup was made and of what kind, from a name [`stem_for`] gave (with or
/// without a `-2` for a second one in the same minute).
pub(super) fn parse_name(file_name: &str) -> Option<(chrono::NaiveDateTime, BackupKind)> {
    let rest = file_name
        .strip_prefix(NAME_PREFIX)?
        .strip_suffix(&format!(".{EXTENSION}"))?;
    let minute = rest.get(..15)?;
    let made = chrono::NaiveDateTime::parse_from_str(minute, "%Y-%m-%d-%H%M").ok()?;
    let mut tail: Vec<&str> = rest[15..].split('-').skip(1).collect();
    if tail
        .last()
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    {
        tail.pop();
    }
    let kind = match tail.as_slice() {
        [] => BackupKind::Auto,
        [label] => BackupKind::from_label(label)?,
        _ => return None,
    };
    Some((made, kind))
}

/// Gives the finished file a name starting with `stem` without ever replacing
/// another backup: the first free one of `stem`, `stem-2`, `stem-3`…
pub(super) fn place(partial: &Path, dir: &Path, stem: &str) -> Result<PathBuf> {
    for n in 1..1000 {
        let target = if n == 1 {
            dir.join(format!("{stem}.{EXTENSION}"))
        } else {
            dir.join(format!("{stem}-{n}.{EXTENSION}"))
        };
        if place_at(partial, &target)? {
            return Ok(target);
        }
    }
    Err(Error::io(format!(
        "无法在 {} 给备份起一个不重名的名字",
        dir.display()
    )))
}

/// Names `partial` as `target` unless that name is taken (then `false`). A hard link
/// fails when the name is taken (another backup in the same minute, from the CLI or
/// a second window); where the folder has no hard links (a FAT USB stick) it is
/// renamed to the name that was free a moment before.
pub(super) fn place_at(partial: &Path, target: &Path) -> Result<bool> {
    // symlink_metadata: a dangling link holds the name too.
    if std::fs::symlink_metadata(target).is_ok() {
        return Ok(false);
    }
    match std::fs::hard_link(partial, target) {
        Ok(()) => {
            let _ = std::fs::remove_file(partial);
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(_) if std::fs::symlink_metadata(target).is_err() => {
            std::fs::rename(partial, target).map_err(|e| io_error("保存", target, e))?;
            Ok(true)
        }
        Err(_) => Ok(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn every_name_a_backup_gets_reads_back_as_its_time_and_kind() {
        let now = Local.with_ymd_and_hms(2026, 11, 29, 9, 30, 0).single();
        let Some(now) = now else {
            panic!("a local time");
        };
        for kind in BackupKind::ALL {
            let stem = stem_for(now, kind);
            for name in [
                format!("{stem}.{EXTENSION}"),
                format!("{stem}-12.{EXTENSION}"),
            ] {
                assert_eq!(parse_name(&name), Some((now.naive_local(), kind)), "{name}");
            }
        }
        assert_eq!(
            stem_for(now, BackupKind::BeforeImport),
            "社群掌柜-备份-2026-11-29-0930-导入前"
        );
        for other in [
            "社群掌柜-备份-2026-11-29.shequn-backup",
            "社群掌柜-备份-2026-11-29-0930-别的.shequn-backup",
            "账本-2026-11-29-0930.shequn-backup",
            "社群掌柜-备份-2026-11-29-0930.zip",
        ] {
            assert_eq!(parse_name(other), None, "{other}");
        }
    }
}
