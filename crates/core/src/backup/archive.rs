//! The backup file itself: writing it (copy → check → pack → verify → rename) and
//! reading it back with every entry checked against the manifest.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Local};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::naming::{
    Partial, copy_file, io_error, place, place_at, remove_stale_partials, stem_for, sync_dir,
};
use super::seal::{self, BackupReader, Passphrase};
use super::{BackupContents, BackupKind, refused};
use crate::db::{SCHEMA_VERSION, timestamp};
use crate::error::{Error, Result};
use crate::jobs::{CancelToken, Job, Stage};
use crate::paths::{ASSETS_DIR_NAME, DB_FILE_NAME};
use crate::store::Store;

const MANIFEST: &str = "manifest.json";
const FORMAT: &str = "shequn-backup";
/// The layout of the file; a newer one is refused by this version.
const FORMAT_VERSION: u32 = 1;
/// The database is copied this many pages at a time, with progress and cancel between.
const PAGES_PER_STEP: i32 = 2048;
/// No entry may unpack to more than this many times the whole file's size (a SQLite
/// file deflates a few times over; a "zip bomb" thousands of times).
const MAX_RATIO: u64 = 200;
const MAX_MANIFEST_BYTES: u64 = 4 << 20;

/// What a backup holds, written into it as `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    #[serde(flatten)]
    pub contents: BackupContents,
    /// Every other entry of the file.
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Part {
    /// The entry's name: `shequn.db` or `assets/…` (always `/`).
    pub name: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// Lowercase hex.
    pub sha256: String,
}

impl Part {
    pub fn is_picture(&self) -> bool {
        self.name.starts_with("assets/")
    }
}

/// Copies the database (one consistent moment), checks the copy, packs it with the
/// pictures, reads the packed file back, and only then gives it its name in `dir`.
/// With `seal`, what gets the name is the packed file encrypted, read back through
/// the passphrase.
pub(super) fn write(
    store: &Store,
    dir: &Path,
    kind: BackupKind,
    now: DateTime<Local>,
    seal: Option<&Passphrase>,
    job: &mut Job,
) -> Result<(PathBuf, Manifest)> {
    let copy = Partial::new(dir, "db");
    copy_database(store.conn(), &copy.path, job)?;
    let mut manifest = check_copy(&copy.path, job.cancel_token())?;
    manifest.contents.kind = kind;
    manifest.contents.created_at = timestamp(now);

    let packed = Partial::new(dir, "zip");
    job.stage(Stage::Packing, 0)?;
    let file = File::create(&packed.path).map_err(|e| io_error("写入", &packed.path, e))?;
    let mut zip = ZipWriter::new(BufWriter::with_capacity(1 << 20, file));
    let deflate = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    // Pictures are compressed already.
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .large_file(true);
    manifest
        .parts
        .push(add_file(&mut zip, DB_FILE_NAME, &copy.path, deflate, job)?);
    for (name, path) in pictures(&store.assets_dir()) {
        manifest
            .parts
            .push(add_file(&mut zip, &name, &path, stored, job)?);
    }
    let text = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| Error::internal("无法写出备份清单").with_source(e))?;
    zip.start_file(MANIFEST, deflate).map_err(zip_write_error)?;
    zip.write_all(&text)
        .map_err(|e| io_error("写入", &packed.path, e))?;
    let writer = zip.finish().map_err(zip_write_error)?;
    let file = writer
        .into_inner()
        .map_err(|e| io_error("写入", &packed.path, e.into_error()))?;
    file.sync_all()
        .map_err(|e| io_error("写入", &packed.path, e))?;
    drop(file);
    drop(copy);

    // Read back what is on disk: the hashes prove it is the copy that was checked.
    let read = verify(&packed.path, Some(&manifest), job, None, None)?;
    let stem = stem_for(now, kind);
    let target = match seal {
        None => place(&packed.path, dir, &stem)?,
        Some(passphrase) => {
            let sealed = Partial::new(dir, "age");
            seal_checked(&packed.path, &sealed.path, passphrase, &read, job)?;
            place(&sealed.path, dir, &stem)?
        }
    };
    sync_dir(dir);
    Ok((target, read))
}

/// Encrypts `plain` into `to` and reads the result back through the passphrase: the
/// hashes prove the encrypted file holds `manifest`'s backup.
fn seal_checked(
    plain: &Path,
    to: &Path,
    passphrase: &Passphrase,
    manifest: &Manifest,
    job: &mut Job,
) -> Result<()> {
    seal::seal(plain, to, passphrase, job)?;
    verify(to, Some(manifest), job, None, Some(passphrase)).map(|_| ())
}

/// Copies the verified backup `from` into `dir` under its own file name (encrypted
/// with `seal`), checks the copy, and only then gives it the name. `None` when a
/// file of that name is there already (copied before, or by another run now).
pub(super) fn copy_as(
    from: &Path,
    dir: &Path,
    seal: Option<&Passphrase>,
    job: &mut Job,
) -> Result<Option<PathBuf>> {
    let Some(name) = from.file_name() else {
        return Err(Error::internal("备份文件没有文件名"));
    };
    let target = dir.join(name);
    if std::fs::symlink_metadata(&target).is_ok() {
        return Ok(None);
    }
    remove_stale_partials(dir);
    let manifest = read_manifest(from, None)?;
    let copy = Partial::new(dir, "copy");
    match seal {
        Some(passphrase) => seal_checked(from, &copy.path, passphrase, &manifest, job)?,
        None => {
            copy_file(from, &copy.path, job)?;
            verify(&copy.path, Some(&manifest), job, None, None)?;
        }
    }
    let placed = place_at(&copy.path, &target)?;
    sync_dir(dir);
    Ok(placed.then_some(target))
}

fn zip_write_error(e: zip::result::ZipError) -> Error {
    Error::io("写入备份文件时出错，请确认磁盘空间足够").with_source(e)
}

/// The online backup API inside one read transaction: the copy is the book at the
/// moment the transaction began, whatever the window writes meanwhile.
fn copy_database(source: &Connection, to: &Path, job: &mut Job) -> Result<()> {
    let snapshot = source.unchecked_transaction()?;
    snapshot.query_row("SELECT COUNT(*) FROM sqlite_master", [], |_| Ok(()))?;
    let mut dest = Connection::open(to)
        .map_err(|e| Error::io(format!("无法在 {} 写入备份", to.display())).with_source(e))?;
    {
        let backup = rusqlite::backup::Backup::new(&snapshot, &mut dest)?;
        job.stage(Stage::Copying, 0)?;
        loop {
            let step = backup.step(PAGES_PER_STEP)?;
            let p = backup.progress();
            let total = u32::try_from(p.pagecount).unwrap_or(0);
            let done = total.saturating_sub(u32::try_from(p.remaining).unwrap_or(0));
            if job.stage_total() != total {
                job.stage(Stage::Copying, total)?;
            }
            job.advance(done)?;
            match step {
                rusqlite::backup::StepResult::Done => break,
                rusqlite::backup::StepResult::More => {}
                // Another connection holds a lock the copy needs: wait a moment.
                _ => std::thread::sleep(Duration::from_millis(20)),
            }
        }
    }
    // The copy stands alone: no -wal file beside it to forget.
    dest.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))?;
    dest.close().map_err(|(_, e)| Error::from(e))?;
    Ok(())
}

/// Opens a database copy read-only, lets `cancel` interrupt long statements.
fn open_copy(path: &Path, cancel: CancelToken) -> Result<Connection> {
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| refused("备份里的数据库无法打开，备份已损坏").with_source(e))?;
    conn.progress_handler(10_000, Some(move || cancel.is_cancelled()))?;
    Ok(conn)
}

/// `PRAGMA integrity_check` on the copy, then what the manifest says about it.
fn check_copy(path: &Path, cancel: CancelToken) -> Result<Manifest> {
    let cancelled = cancel.clone();
    let conn = open_copy(path, cancel)?;
    let verdict: String = conn
        .query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))
        .map_err(|e| {
            if cancelled.is_cancelled() {
                Error::cancelled("已取消")
            } else {
                refused("备份里的数据库已损坏（完整性检查未通过）").with_source(e)
            }
        })?;
    if verdict != "ok" {
        return Err(refused(format!(
            "备份里的数据库已损坏（完整性检查：{verdict}）"
        )));
    }
    let schema_version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let book = crate::members::directory::summary(&conn)
        .map_err(|e| refused("备份里的数据库缺少会员或消费记录表").with_source(e))?;
    Ok(Manifest {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        contents: BackupContents {
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            schema_version,
            created_at: String::new(),
            kind: BackupKind::Manual,
            members: book.members,
            purchases: book.purchases,
            points_entries: book.points_entries,
            last_sale_on: book.last_sale_on.map(|d| d.to_string()),
        },
        parts: Vec::new(),
    })
}

/// Every file under the assets folder, as entry name → path, in name order.
pub(super) fn pictures(assets: &Path) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    let mut folders = vec![assets.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if kind.is_dir() {
                folders.push(path);
            } else if kind.is_file()
                && let Ok(rel) = path.strip_prefix(assets)
            {
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.insert(format!("{ASSETS_DIR_NAME}/{}", parts.join("/")), path);
            }
        }
    }
    out
}

/// Streams `path` into the archive as `name`, hashing what it writes.
fn add_file<W: Write + Seek>(
    zip: &mut ZipWriter<W>,
    name: &str,
    path: &Path,
    options: SimpleFileOptions,
    job: &mut Job,
) -> Result<Part> {
    job.check()?;
    let mut file = File::open(path).map_err(|e| io_error("读取", path, e))?;
    zip.start_file(name, options).map_err(zip_write_error)?;
    let mut hash = Sha256::new();
    let mut bytes = 0u64;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf).map_err(|e| io_error("读取", path, e))?;
        if n == 0 {
            break;
        }
        hash.update(&buf[..n]);
        zip.write_all(&buf[..n]).map_err(zip_write_error_io)?;
        bytes += n as u64;
        job.check()?;
    }
    Ok(Part {
        name: name.to_owned(),
        bytes,
        sha256: hex(&hash.finalize()),
    })
}

fn zip_write_error_io(e: std::io::Error) -> Error {
    Error::io("写入备份文件时出错，请确认磁盘空间足够").with_source(e)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn open_archive(
    path: &Path,
    passphrase: Option<&Passphrase>,
) -> Result<(ZipArchive<BackupReader>, u64)> {
    let file = File::open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::not_found(format!("备份文件 {}", path.display()))
        } else {
            io_error("读取", path, e)
        }
    })?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size == 0 {
        return Err(refused("这是一个空文件，不是社群掌柜的备份"));
    }
    let archive = ZipArchive::new(seal::open(file, passphrase)?)
        .map_err(|e| refused("这不是社群掌柜的备份文件，或者文件不完整、已损坏").with_source(e))?;
    Ok((archive, size))
}

fn manifest_of(archive: &mut ZipArchive<BackupReader>) -> Result<Manifest> {
    let entry = archive
        .by_name(MANIFEST)
        .map_err(|e| refused("这不是社群掌柜的备份文件（里面没有备份清单）").with_source(e))?;
    if entry.size() > MAX_MANIFEST_BYTES {
        return Err(refused("这不是社群掌柜的备份文件（备份清单大得不合常理）"));
    }
    let mut text = Vec::new();
    entry
        .take(MAX_MANIFEST_BYTES)
        .read_to_end(&mut text)
        .map_err(|e| refused("备份文件已损坏（备份清单读不出来）").with_source(e))?;
    let manifest: Manifest = serde_json::from_slice(&text)
        .map_err(|e| refused("这不是社群掌柜的备份文件（备份清单看不懂）").with_source(e))?;
    if manifest.format != FORMAT {
        return Err(refused("这不是社群掌柜的备份文件"));
    }
    let found = &manifest.contents;
    if manifest.format_version > FORMAT_VERSION || found.schema_version > SCHEMA_VERSION {
        return Err(refused(format!(
            "这个备份来自更新版本的社群掌柜（{}，数据版本 {}），本软件只能读到数据版本 {}：请先升级社群掌柜再打开它",
            found.app_version, found.schema_version, SCHEMA_VERSION
        )));
    }
    Ok(manifest)
}

/// The manifest alone, checked for being ours and readable by this version.
pub(super) fn read_manifest(path: &Path, passphrase: Option<&Passphrase>) -> Result<Manifest> {
    let (mut archive, _) = open_archive(path, passphrase)?;
    manifest_of(&mut archive)
}

/// Reads every entry of the file and checks it against the manifest (and, when
/// `expected` is given, that the manifest is that one). Without `expected` the
/// database is also unpacked and checked with `PRAGMA integrity_check`; with it,
/// the hash already proves the database is the copy that was checked. With
/// `unpack_to`, every entry is also written there (`shequn.db`, `assets/…`).
pub(super) fn verify(
    path: &Path,
    expected: Option<&Manifest>,
    job: &mut Job,
    unpack_to: Option<&Path>,
    passphrase: Option<&Passphrase>,
) -> Result<Manifest> {
    let (mut archive, size) = open_archive(path, passphrase)?;
    let manifest = manifest_of(&mut archive)?;
    if expected.is_some_and(|e| *e != manifest) {
        return Err(refused("写入的备份与读回的不一致，请检查磁盘"));
    }
    let mut wanted: BTreeMap<&str, &Part> = BTreeMap::new();
    for part in &manifest.parts {
        let safe = part.name == DB_FILE_NAME
            || (part.is_picture()
                && !part
                    .name
                    .split('/')
                    .any(|c| c.is_empty() || c == ".." || c == "."));
        if !safe || wanted.insert(&part.name, part).is_some() {
            return Err(refused(format!("备份清单里有不该有的条目“{}”", part.name)));
        }
    }
    if !wanted.contains_key(DB_FILE_NAME) {
        return Err(refused("备份里没有数据库，备份不完整"));
    }
    if archive.len() != manifest.parts.len() + 1 {
        return Err(refused("备份里的文件与清单对不上，备份已损坏或被改动过"));
    }
    let total: u64 = manifest.parts.iter().map(|p| p.bytes).sum();
    if total > size.saturating_mul(MAX_RATIO) {
        return Err(refused(
            "备份里的内容解压后大得不合常理（可能是恶意压缩包），已拒绝",
        ));
    }
    job.stage(
        Stage::Verifying,
        u32::try_from(manifest.parts.len()).unwrap_or(u32::MAX),
    )?;
    let scratch = match (expected, unpack_to) {
        (None, None) => Some(
            tempfile::Builder::new()
                .prefix("shequn-verify-")
                .tempdir()
                .map_err(|e| Error::io("无法创建临时文件夹来验证备份").with_source(e))?,
        ),
        _ => None,
    };
    let into: Option<&Path> = unpack_to.or(scratch.as_ref().map(tempfile::TempDir::path));
    for (i, part) in manifest.parts.iter().enumerate() {
        let entry = archive.by_name(&part.name).map_err(|e| {
            refused(format!("备份里缺少“{}”，备份不完整", part.name)).with_source(e)
        })?;
        if entry.size() != part.bytes {
            return Err(refused(format!(
                "备份里的“{}”大小与清单不符，备份已损坏",
                part.name
            )));
        }
        let wanted_here = part.name == DB_FILE_NAME || unpack_to.is_some();
        let mut out: Option<BufWriter<File>> = match into {
            Some(dir) if wanted_here => {
                let to = dir.join(&part.name);
                if let Some(parent) = to.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| io_error("写入", parent, e))?;
                }
                Some(BufWriter::new(
                    File::create(&to).map_err(|e| io_error("写入", &to, e))?,
                ))
            }
            _ => None,
        };
        let (bytes, sha256) =
            hash_entry(entry.take(part.bytes + 1), out.as_mut(), job).map_err(|e| {
                if e.code() == crate::Code::Cancelled {
                    e
                } else {
                    refused(format!("备份里的“{}”读不出来，备份已损坏", part.name)).with_source(e)
                }
            })?;
        if bytes != part.bytes || sha256 != part.sha256 {
            return Err(refused(format!(
                "备份里的“{}”与清单的校验值不符，备份已损坏",
                part.name
            )));
        }
        if let Some(out) = out {
            out.into_inner()
                .map_err(|e| Error::io("无法写出临时文件").with_source(e.into_error()))?;
        }
        job.advance(u32::try_from(i + 1).unwrap_or(u32::MAX))?;
    }
    if let Some(dir) = into.filter(|_| expected.is_none()) {
        let inside = check_copy(&dir.join(DB_FILE_NAME), job.cancel_token())?.contents;
        let told = &manifest.contents;
        // What the database holds must be what the manifest says it holds (when and
        // by which version it was made are the manifest's alone).
        let as_told = BackupContents {
            app_version: told.app_version.clone(),
            created_at: told.created_at.clone(),
            kind: told.kind,
            ..inside
        };
        if as_told != *told {
            return Err(refused("备份里的数据与清单对不上，备份已损坏或被改动过"));
        }
    }
    Ok(manifest)
}

fn hash_entry(
    mut entry: impl Read,
    mut out: Option<&mut BufWriter<File>>,
    job: &mut Job,
) -> Result<(u64, String)> {
    let mut hash = Sha256::new();
    let mut bytes = 0u64;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = entry
            .read(&mut buf)
            .map_err(|e| Error::io("读取备份时出错").with_source(e))?;
        if n == 0 {
            break;
        }
        hash.update(&buf[..n]);
        if let Some(out) = out.as_deref_mut() {
            out.write_all(&buf[..n])
                .map_err(|e| Error::io("无法写出临时文件").with_source(e))?;
        }
        bytes += n as u64;
        job.check()?;
    }
    Ok((bytes, hex(&hash.finalize())))
}
