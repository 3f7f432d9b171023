//! Backups: one verified file per backup, and every kind of bad file refused with a
//! reason, nothing current touched.
#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use shequn_core::backup::{self, BackupInfo, BackupKind};
use shequn_core::jobs::{CancelToken, Job};
use shequn_core::{Code, Store, members};

#[path = "support/book.rs"]
mod book;
use book::{member, now, rows, today};

fn shop(dir: &Path) -> Store {
    let store = Store::open(&dir.join("shequn.db"), now()).unwrap().0;
    let a = member(&store, "张三", "13800001234");
    member(&store, "李四", "13800005678");
    members::record_purchase(&store, a.id, 12_800, today(), "", "", today(), now()).unwrap();
    let library = store.assets_dir().join("library");
    std::fs::create_dir_all(&library).unwrap();
    std::fs::write(library.join("门头.png"), b"\x89PNG not really, but bytes").unwrap();
    std::fs::write(store.assets_dir().join("logo.png"), vec![7u8; 5000]).unwrap();
    store
}

fn create(store: &Store) -> BackupInfo {
    backup::create(
        store,
        None,
        BackupKind::Manual,
        now(),
        &mut Job::unattended(),
    )
    .unwrap()
}

fn refused(path: &Path) -> String {
    let e = backup::verify(path, &mut Job::unattended()).unwrap_err();
    assert_eq!(e.code(), Code::Corrupt, "{e}");
    e.to_string()
}

/// Everything in the data folder, as a hash of each file's bytes (the backups
/// folder aside, and SQLite's shared-memory index, which readers write to).
fn data_folder(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(f) = folders.pop() {
        for e in std::fs::read_dir(&f).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                if !p.ends_with("backups") {
                    folders.push(p);
                }
            } else if !p.to_string_lossy().ends_with("-shm") {
                let bytes = std::fs::read(&p).unwrap();
                out.push((
                    p.clone(),
                    format!("{} bytes, {:x}", bytes.len(), Sha256::digest(&bytes)),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_backup_is_one_verified_file_with_the_book_and_the_pictures() {
    let dir = tempfile::tempdir().unwrap();
    let store = shop(dir.path());
    let info = create(&store);
    let name = Path::new(&info.path)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert_eq!(name, "社群掌柜-备份-2026-11-22-1000.shequn-backup");
    assert_eq!(
        (info.kind, info.members, info.purchases, info.pictures),
        (BackupKind::Manual, 2, 1, 2)
    );
    assert_eq!(info.last_sale_on.as_deref(), Some("2026-11-22"));
    assert!(
        info.created_at.starts_with("2026-11-22T10:00:00"),
        "{}",
        info.created_at
    );
    assert_eq!(info.bytes, std::fs::metadata(&info.path).unwrap().len());
    assert_eq!(
        backup::verify(Path::new(&info.path), &mut Job::unattended()).unwrap(),
        info
    );

    // Nothing else was left in the folder (no temporary files).
    let files: Vec<String> = std::fs::read_dir(backup::default_dir(&store))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, vec![name.clone()]);

    // A second one in the same minute gets its own name; the list is newest first.
    let second = create(&store);
    assert!(
        second
            .path
            .ends_with("社群掌柜-备份-2026-11-22-1000-2.shequn-backup")
    );
    let listed: Vec<String> = backup::list(&store, None)
        .unwrap()
        .into_iter()
        .map(|i| i.path)
        .collect();
    assert_eq!(listed, vec![second.path.clone(), info.path.clone()]);

    // The file is a plain zip an owner could open: the database as SQLite reads it.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&info.path).unwrap()).unwrap();
    let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            "assets/library/门头.png",
            "assets/logo.png",
            "manifest.json",
            "shequn.db"
        ]
    );
    let unpacked = dir.path().join("unpacked.db");
    std::io::copy(
        &mut zip.by_name("shequn.db").unwrap(),
        &mut std::fs::File::create(&unpacked).unwrap(),
    )
    .unwrap();
    let copy = rusqlite::Connection::open(&unpacked).unwrap();
    let names: Vec<String> = copy
        .prepare("SELECT name FROM members ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(names, vec!["张三", "李四"]);
}

#[test]
fn a_backup_is_the_book_at_one_moment_while_another_connection_writes() {
    let dir = tempfile::tempdir().unwrap();
    let store = shop(dir.path());
    let writer = store.reopen().unwrap();
    let id = members::get_by_phone(&writer, "13800001234", today())
        .unwrap()
        .id;
    let mut job = Job::new(CancelToken::new(), move |_| {
        // Between the copy's steps: a sale at the counter on the other connection.
        let _ = members::record_purchase(&writer, id, 100, today(), "", "", today(), now());
    })
    .report_every_step();
    let info = backup::create(&store, None, BackupKind::Auto, now(), &mut job).unwrap();
    // The one sale made before the backup began; the ones made while it ran are in
    // the book, not in the copy.
    assert_eq!(info.purchases, 1);
    let live = members::purchases_of(&store, id).unwrap().len();
    assert!(live > 1, "no sale was made while the backup ran");
    let checked = backup::verify(Path::new(&info.path), &mut Job::unattended()).unwrap();
    assert_eq!(checked.purchases, 1);
}

#[test]
fn a_cancelled_backup_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = shop(dir.path());
    let first = create(&store);
    let token = CancelToken::new();
    let stop = token.clone();
    let mut job = Job::new(token, move |_| stop.cancel()).report_every_step();
    let e = backup::create(&store, None, BackupKind::Manual, now(), &mut job).unwrap_err();
    assert_eq!(e.code(), Code::Cancelled);
    let files: Vec<String> = std::fs::read_dir(backup::default_dir(&store))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(first.path.ends_with(&files[0]));
}

/// A zip with the given entries (name, bytes).
fn zip_of(path: &Path, entries: &[(&str, Vec<u8>)], method: zip::CompressionMethod) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in entries {
        z.start_file(
            *name,
            zip::write::SimpleFileOptions::default().compression_method(method),
        )
        .unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap();
}

fn entries_of(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut e = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut e, &mut bytes).unwrap();
            (e.name().unwrap().into_owned(), bytes)
        })
        .collect()
}

#[test]
fn bad_files_are_refused_with_the_reason_and_the_shop_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let store = shop(dir.path());
    let good = PathBuf::from(create(&store).path);
    let before = data_folder(dir.path());
    let before_rows = rows(&store);
    let elsewhere = tempfile::tempdir().unwrap();
    let bad = elsewhere.path().to_path_buf();
    let bytes = std::fs::read(&good).unwrap();

    let empty = bad.join("empty.shequn-backup");
    std::fs::write(&empty, b"").unwrap();
    assert!(refused(&empty).contains("空文件"));

    let text = bad.join("notes.shequn-backup");
    std::fs::write(&text, "这只是一段文字").unwrap();
    assert!(refused(&text).contains("不是社群掌柜的备份"));

    let truncated = bad.join("truncated.shequn-backup");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    assert!(refused(&truncated).contains("不是社群掌柜的备份文件，或者文件不完整"));

    // One bit flipped in the middle of the database (stored deflated: the entry no
    // longer unpacks, or unpacks to other bytes).
    let entries = entries_of(&good);
    let flipped = bad.join("flipped.shequn-backup");
    let mut changed: Vec<(&str, Vec<u8>)> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.clone()))
        .collect();
    for (name, b) in &mut changed {
        if *name == "shequn.db" {
            let mid = b.len() / 2;
            b[mid] ^= 0x10;
        }
    }
    zip_of(&flipped, &changed, zip::CompressionMethod::Deflated);
    assert!(
        refused(&flipped).contains("校验值不符"),
        "{}",
        refused(&flipped)
    );
    // The same flip in the raw file (inside the compressed stream).
    let raw = bad.join("raw-flip.shequn-backup");
    let mut b = bytes.clone();
    let mid = b.len() / 3;
    b[mid] ^= 0x01;
    std::fs::write(&raw, &b).unwrap();
    assert!(backup::verify(&raw, &mut Job::unattended()).is_err());

    // Another program's zip.
    let other = bad.join("other.shequn-backup");
    zip_of(
        &other,
        &[("readme.txt", b"hello".to_vec())],
        zip::CompressionMethod::Deflated,
    );
    assert!(refused(&other).contains("没有备份清单"));

    // A manifest that is not ours.
    let foreign = bad.join("foreign.shequn-backup");
    zip_of(
        &foreign,
        &[(
            "manifest.json",
            br#"{"format":"other","parts":[]}"#.to_vec(),
        )],
        zip::CompressionMethod::Deflated,
    );
    assert!(refused(&foreign).contains("不是社群掌柜的备份"));

    // From a newer version of the app.
    let manifest: serde_json::Value = serde_json::from_slice(
        &entries
            .iter()
            .find(|(n, _)| n == "manifest.json")
            .unwrap()
            .1,
    )
    .unwrap();
    let mut newer_manifest = manifest.clone();
    newer_manifest["schema_version"] = serde_json::json!(shequn_core::db::SCHEMA_VERSION + 1);
    newer_manifest["app_version"] = serde_json::json!("9.0.0");
    let newer = bad.join("newer.shequn-backup");
    let mut with_newer: Vec<(&str, Vec<u8>)> = entries
        .iter()
        .filter(|(n, _)| n != "manifest.json")
        .map(|(n, b)| (n.as_str(), b.clone()))
        .collect();
    with_newer.push((
        "manifest.json",
        serde_json::to_vec(&newer_manifest).unwrap(),
    ));
    zip_of(&newer, &with_newer, zip::CompressionMethod::Deflated);
    let reason = refused(&newer);
    assert!(
        reason.contains("更新版本") && reason.contains("请先升级"),
        "{reason}"
    );

    // A zip bomb: a tiny file that claims (and would unpack to) 50 MB.
    let mut bomb_manifest = manifest.clone();
    bomb_manifest["parts"] = serde_json::json!([
        {"name": "shequn.db", "bytes": 50u64 << 20, "sha256": "00"}
    ]);
    let bomb = bad.join("bomb.shequn-backup");
    zip_of(
        &bomb,
        &[
            ("shequn.db", vec![0u8; 50 << 20]),
            ("manifest.json", serde_json::to_vec(&bomb_manifest).unwrap()),
        ],
        zip::CompressionMethod::Deflated,
    );
    assert!(std::fs::metadata(&bomb).unwrap().len() < 1 << 20);
    assert!(refused(&bomb).contains("恶意压缩包"));

    // An entry the manifest does not list, or a path that climbs out.
    let mut climbing = manifest.clone();
    climbing["parts"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!(
            {"name": "assets/../../evil.sh", "bytes": 3, "sha256": "00"}
        ));
    let climb = bad.join("climb.shequn-backup");
    let mut with_climb: Vec<(&str, Vec<u8>)> = entries
        .iter()
        .filter(|(n, _)| n != "manifest.json")
        .map(|(n, b)| (n.as_str(), b.clone()))
        .collect();
    with_climb.push(("assets/../../evil.sh", b"rm\n".to_vec()));
    with_climb.push(("manifest.json", serde_json::to_vec(&climbing).unwrap()));
    zip_of(&climb, &with_climb, zip::CompressionMethod::Deflated);
    assert!(refused(&climb).contains("不该有的条目"));

    // The good one is still good, and nothing of the shop changed.
    assert!(backup::verify(&good, &mut Job::unattended()).is_ok());
    assert_eq!(data_folder(dir.path()), before);
    assert_eq!(rows(&store), before_rows);
    // The list skips what is not a backup and never deletes it.
    let listed = backup::list(&store, Some(&bad)).unwrap();
    assert!(
        listed.iter().all(|i| !i.path.contains("notes")),
        "{listed:?}"
    );
    assert!(text.exists() && empty.exists());
}
