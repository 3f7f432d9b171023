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
    let e = backup::verify(path, None, &mut Job::unattended()).unwrap_err();
    assert_eq!(e.code(), Code::Corrupt, "{e}");
    e.to_string()
}

/// The names of what is in `dir`.
fn names_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
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
    assert_eq!(name, "社群掌柜-备份-2026-11-22-1000-手动.shequn-backup");
    assert_eq!(
        (
            info.contents.kind,
            info.contents.members,
            info.contents.purchases,
            info.pictures
        ),
        (BackupKind::Manual, 2, 1, 2)
    );
    assert_eq!(info.contents.last_sale_on.as_deref(), Some("2026-11-22"));
    assert!(
        info.contents.created_at.starts_with("2026-11-22T10:00:00"),
        "{}",
        info.contents.created_at
    );
    assert_eq!(info.bytes, std::fs::metadata(&info.path).unwrap().len());
    assert_eq!(
        backup::verify(Path::new(&info.path), None, &mut Job::unattended()).unwrap(),
        info
    );

    // Nothing else was left in the folder (no temporary files).
    let files = names_in(&backup::default_dir(&store));
    assert_eq!(files, vec![name.clone()]);

    // A second one in the same minute gets its own name; the list is newest first.
    let second = create(&store);
    assert!(
        second
            .path
            .ends_with("社群掌柜-备份-2026-11-22-1000-手动-2.shequn-backup")
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
    assert_eq!(info.contents.purchases, 1);
    let live = members::purchases_of(&store, id).unwrap().len();
    assert!(live > 1, "no sale was made while the backup ran");
    let checked = backup::verify(Path::new(&info.path), None, &mut Job::unattended()).unwrap();
    assert_eq!(checked.contents.purchases, 1);
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
    let files = names_in(&backup::default_dir(&store));
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
    assert!(backup::verify(&raw, None, &mut Job::unattended()).is_err());

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
    assert!(backup::verify(&good, None, &mut Job::unattended()).is_ok());
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

/// Every row of every table, as text.
fn all_rows(store: &Store) -> Vec<String> {
    let conn = store.conn();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let rows: Vec<String> = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect();
                Ok(format!("{t}: {}", cells.join(" | ")))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        out.extend(rows);
    }
    out.sort();
    out
}

fn pictures_of(store: &Store) -> Vec<(PathBuf, String)> {
    data_folder(&store.assets_dir())
}

#[test]
fn restore_brings_back_every_table_and_picture_and_its_snapshot_undoes_it() {
    use shequn_core::invites::{self, NewGroup};
    use shequn_core::training::{self, NewStaff, StartRun};

    let dir = tempfile::tempdir().unwrap();
    let store = shop(dir.path());
    book::referral_channel(&store, "https://example.com/join", "小礼物");
    invites::add_group(
        &store,
        &NewGroup {
            name: "鲜果福利群".into(),
            kind: "活动群".into(),
            ..Default::default()
        },
        today(),
        now(),
    )
    .unwrap();
    let staff = training::add_staff(
        &store,
        &NewStaff {
            name: "小周".into(),
            role: "门店导购".into(),
            active: true,
            ..Default::default()
        },
        now(),
    )
    .unwrap();
    let template = training::templates(&store).unwrap()[0].id;
    training::start_run(
        &store,
        &StartRun {
            template_id: template,
            staff_id: staff.id,
            ..Default::default()
        },
        now(),
    )
    .unwrap();

    let saved = create(&store);
    let saved_rows = all_rows(&store);
    let saved_pictures = pictures_of(&store);
    assert!(saved_rows.iter().any(|r| r.starts_with("checklist_runs: ")));
    assert!(saved_rows.iter().any(|r| r.starts_with("groups: ")));

    // Change and delete things.
    let li = members::get_by_phone(&store, "13800005678", today()).unwrap();
    members::delete(&store, li.id, now()).unwrap();
    member(&store, "王五", "13800009999");
    std::fs::remove_file(store.assets_dir().join("logo.png")).unwrap();
    std::fs::write(store.assets_dir().join("library").join("新.png"), b"new").unwrap();
    let changed_rows = all_rows(&store);
    let changed_pictures = pictures_of(&store);
    assert_ne!(changed_rows, saved_rows);

    let shown = backup::preview(&store, Path::new(&saved.path), None).unwrap();
    assert_eq!((shown.backup.contents.members, shown.members_now), (2, 2));
    assert_eq!(shown.pictures_now, 2);

    let done = backup::restore(
        &store,
        Path::new(&saved.path),
        None,
        now(),
        &mut Job::unattended(),
    )
    .unwrap();
    assert_eq!(done.restored_from, saved.path);
    assert_eq!(all_rows(&store), saved_rows);
    assert_eq!(pictures_of(&store), saved_pictures);
    // A connection opened before the restore (the window's) reads the restored book.
    let window = store.reopen().unwrap();
    assert!(members::get_by_phone(&window, "13800005678", today()).is_ok());

    // The snapshot is a backup of the changed state, kind 恢复前; restoring it undoes
    // the restore.
    let snapshot = backup::read_info(Path::new(&done.snapshot), None).unwrap();
    assert_eq!(snapshot.contents.kind, BackupKind::BeforeRestore);
    backup::restore(
        &store,
        Path::new(&done.snapshot),
        None,
        now(),
        &mut Job::unattended(),
    )
    .unwrap();
    assert_eq!(all_rows(&store), changed_rows);
    assert_eq!(pictures_of(&store), changed_pictures);
    // Nothing of the work is left in the data folder.
    let leftovers: Vec<String> = names_in(dir.path())
        .into_iter()
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_bad_backup_is_refused_before_anything_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    let store = shop(dir.path());
    let good = create(&store);
    let before = data_folder(dir.path());
    let rows_before = all_rows(&store);
    let broken = dir.path().join("backups").join("坏的.shequn-backup");
    let bytes = std::fs::read(&good.path).unwrap();
    std::fs::write(&broken, &bytes[..bytes.len() - 10]).unwrap();
    let e = backup::restore(&store, &broken, None, now(), &mut Job::unattended()).unwrap_err();
    assert_eq!(e.code(), Code::Corrupt);
    assert_eq!(all_rows(&store), rows_before);
    assert_eq!(data_folder(dir.path()), before);
    // No 恢复前 snapshot was made for a restore that never began.
    assert_eq!(backup::list(&store, None).unwrap().len(), 1);
}

#[test]
fn one_automatic_backup_a_day_and_the_rotation_prunes_the_folder() {
    use chrono::{Duration, TimeZone};
    use shequn_core::backup::rotation::Policy;
    let dir = tempfile::tempdir().unwrap();
    let store = shop(dir.path());
    let policy = Policy {
        daily: 3,
        weekly: 0,
        monthly: 0,
        keep_days: 0,
    };
    let start = chrono::Local
        .with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .unwrap();
    for day in 0..6 {
        let morning = start + Duration::days(day);
        let first = backup::daily(&store, morning, &policy, &mut Job::unattended()).unwrap();
        assert!(first.made.is_some(), "day {day}");
        // Opening the app again that afternoon makes no second one.
        let again = backup::daily(
            &store,
            morning + Duration::hours(6),
            &policy,
            &mut Job::unattended(),
        )
        .unwrap();
        assert!(again.made.is_none(), "day {day}");
    }
    let left: Vec<String> = backup::list(&store, None)
        .unwrap()
        .into_iter()
        .map(|b| b.contents.created_at[..10].to_owned())
        .collect();
    assert_eq!(left, vec!["2026-03-07", "2026-03-06", "2026-03-05"]);

    // Before a step that rewrites the book: one of that kind, verified.
    let before = backup::before_step(
        &store,
        BackupKind::BeforeImport,
        start,
        &mut Job::unattended(),
    )
    .unwrap();
    assert_eq!(
        backup::verify(Path::new(&before.path), None, &mut Job::unattended())
            .unwrap()
            .contents
            .kind,
        BackupKind::BeforeImport
    );
    // A new shop with no members yet gets one too: restoring it undoes the first
    // import, and the shop's phrases and settings are in it.
    let empty_dir = tempfile::tempdir().unwrap();
    let empty = Store::open(&empty_dir.path().join("shequn.db"), now())
        .unwrap()
        .0;
    let first = backup::before_step(
        &empty,
        BackupKind::BeforeImport,
        now(),
        &mut Job::unattended(),
    )
    .unwrap();
    assert_eq!(
        (first.contents.kind, first.contents.members),
        (BackupKind::BeforeImport, 0)
    );
}

#[test]
fn leftovers_of_a_crashed_backup_are_cleared_once_old_and_nothing_else_is() {
    let dir = tempfile::tempdir().unwrap();
    let store = shop(dir.path());
    let folder = backup::default_dir(&store);
    std::fs::create_dir_all(&folder).unwrap();
    let aged = |name: &str, days: u64| {
        let path = folder.join(name);
        let f = std::fs::File::create(&path).unwrap();
        let when = std::time::SystemTime::now() - std::time::Duration::from_secs(days * 86_400);
        f.set_modified(when).unwrap();
        path
    };
    let stale = aged(".社群掌柜-备份.4242.0.zip.partial", 2);
    let fresh = aged(".社群掌柜-备份.4243.0.zip.partial", 0);
    let owners = aged("店长的笔记.txt", 30);
    create(&store);
    assert!(!stale.exists());
    assert!(fresh.exists(), "a backup another process is writing now");
    assert!(owners.exists());
}

fn passphrase(text: &str) -> backup::Passphrase {
    backup::Passphrase::new(text).unwrap()
}

#[test]
fn an_encrypted_backup_opens_with_its_passphrase_only_and_restores_the_shop() {
    let dir = tempfile::tempdir().unwrap();
    let store = shop(dir.path());
    let saved_rows = all_rows(&store);
    let saved_pictures = pictures_of(&store);
    let usb = tempfile::tempdir().unwrap();
    let key = passphrase("店里的口令 2026");
    let sealed = backup::create_sealed(
        &store,
        Some(usb.path()),
        BackupKind::Manual,
        now(),
        Some(&key),
        &mut Job::unattended(),
    )
    .unwrap();
    let bytes = std::fs::read(&sealed.path).unwrap();
    // An age file: nothing of the book readable in it, not even as a zip.
    assert!(bytes.starts_with(b"age-encryption.org/v1\n"));
    assert!(backup::is_sealed(Path::new(&sealed.path)));
    assert!(!bytes.windows(6).any(|w| w == "张三".as_bytes()));
    assert!(zip::ZipArchive::new(std::fs::File::open(&sealed.path).unwrap()).is_err());
    assert_eq!((sealed.contents.members, sealed.pictures), (2, 2));

    let path = Path::new(&sealed.path);
    let without = backup::verify(path, None, &mut Job::unattended()).unwrap_err();
    assert_eq!(without.code(), Code::Passphrase);
    assert!(without.to_string().contains("已加密"), "{without}");
    let wrong = backup::Passphrase::given("店里的口令 2025").unwrap();
    let e = backup::verify(path, Some(&wrong), &mut Job::unattended()).unwrap_err();
    assert_eq!(e.code(), Code::Passphrase);
    assert!(e.to_string().contains("口令不对"), "{e}");
    let opened = backup::verify(path, Some(&key), &mut Job::unattended()).unwrap();
    assert_eq!(opened, sealed);
    // A plain listing leaves it out; with the passphrase it shows.
    assert!(backup::list_in(usb.path(), None).unwrap().is_empty());
    assert_eq!(
        backup::list_in(usb.path(), Some(&key)).unwrap(),
        vec![sealed.clone()]
    );

    // Damaged: one byte changed in the middle, or cut short: refused as damaged, and
    // nothing of the shop touched.
    let before = data_folder(dir.path());
    let flipped = usb.path().join("flipped.shequn-backup");
    let mut changed = bytes.clone();
    let mid = changed.len() / 2;
    changed[mid] ^= 0x01;
    std::fs::write(&flipped, &changed).unwrap();
    let e =
        backup::restore(&store, &flipped, Some(&key), now(), &mut Job::unattended()).unwrap_err();
    assert_eq!(e.code(), Code::Corrupt, "{e}");
    let short = usb.path().join("short.shequn-backup");
    std::fs::write(&short, &bytes[..bytes.len() - 100]).unwrap();
    let e = backup::verify(&short, Some(&key), &mut Job::unattended()).unwrap_err();
    assert_eq!(e.code(), Code::Corrupt, "{e}");
    let e = backup::restore(&store, path, Some(&wrong), now(), &mut Job::unattended()).unwrap_err();
    assert_eq!(e.code(), Code::Passphrase);
    assert_eq!(data_folder(dir.path()), before);

    // Restored with the passphrase: the shop as it was backed up.
    members::add(
        &store,
        &members::NewMember {
            name: "王五".into(),
            phone: "13800009999".into(),
            ..Default::default()
        },
        today(),
        now(),
    )
    .unwrap();
    std::fs::remove_file(store.assets_dir().join("logo.png")).unwrap();
    let shown = backup::preview(&store, path, Some(&key)).unwrap();
    assert_eq!((shown.backup.contents.members, shown.members_now), (2, 3));
    backup::restore(&store, path, Some(&key), now(), &mut Job::unattended()).unwrap();
    assert_eq!(all_rows(&store), saved_rows);
    assert_eq!(pictures_of(&store), saved_pictures);

    // Too short a passphrase is not accepted for a new encrypted backup.
    let e = backup::Passphrase::new("1234567").unwrap_err();
    assert_eq!(e.fields()[0].field, "passphrase");
}

#[test]
fn the_second_place_gets_every_backup_encrypted_and_rotated_and_a_missing_one_is_reported() {
    use backup::rotation::Policy;
    use backup::settings::{self, BackupSettingsUpdate};
    use chrono::{Duration, TimeZone};
    let dir = tempfile::tempdir().unwrap();
    let store = shop(dir.path());
    let stick = tempfile::tempdir().unwrap();
    let usb = stick.path().join("社群掌柜备份");
    let policy = Policy {
        daily: 3,
        weekly: 0,
        monthly: 0,
        keep_days: 1,
    };
    let update = |second_dir: Option<&Path>, encrypt: bool, passphrase: Option<&str>| {
        settings::save(
            dir.path(),
            &BackupSettingsUpdate {
                second_dir: second_dir.map(|p| p.to_string_lossy().into_owned()),
                encrypt_second: encrypt,
                passphrase: passphrase.map(str::to_owned),
                policy,
            },
        )
    };
    // Not set: nothing to do.
    assert!(
        backup::second_place::update(&store, now(), &mut Job::unattended())
            .unwrap()
            .is_none()
    );

    // Wrong settings are refused field by field, and nothing is saved.
    let e = update(Some(&usb), true, None).unwrap_err();
    let fields: Vec<String> = e.fields().into_iter().map(|f| f.field).collect();
    assert_eq!(fields, vec!["second_dir", "passphrase"], "{e}");
    assert!(e.to_string().contains("找不到文件夹"), "{e}");
    let e = update(Some(dir.path()), false, None).unwrap_err();
    assert!(e.to_string().contains("数据文件夹以外"), "{e}");
    let e = settings::save(
        dir.path(),
        &BackupSettingsUpdate {
            second_dir: None,
            encrypt_second: false,
            passphrase: Some("短".into()),
            policy: Policy { daily: 0, ..policy },
        },
    )
    .unwrap_err();
    let fields: Vec<String> = e.fields().into_iter().map(|f| f.field).collect();
    assert_eq!(fields, vec!["passphrase", "policy.daily"], "{e}");
    assert_eq!(
        settings::load(dir.path()),
        settings::BackupSettings::default()
    );

    std::fs::create_dir_all(&usb).unwrap();
    let shown = update(Some(&usb), true, Some("备份口令一定要记牢")).unwrap();
    assert!(shown.encrypt_second && shown.has_passphrase);
    // The passphrase never comes back to the window.
    assert!(!serde_json::to_string(&shown).unwrap().contains("记牢"));
    let key = backup::Passphrase::given("备份口令一定要记牢").unwrap();

    // Six days of daily backups, the second place updated after each, as the app does.
    let start = chrono::Local
        .with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .unwrap();
    let mut copied = 0;
    for day in 0..6 {
        let morning = start + Duration::days(day);
        backup::daily(&store, morning, &policy, &mut Job::unattended()).unwrap();
        let report = backup::second_place::update(&store, morning, &mut Job::unattended())
            .unwrap()
            .unwrap();
        assert!(!report.missing && report.encrypted);
        copied += report.copied.len();
    }
    assert_eq!(copied, 6);
    let mut here = names_in(&backup::default_dir(&store));
    let mut there = names_in(&usb);
    here.sort();
    there.sort();
    // The same three days in both places, under the same names.
    assert_eq!(there, here);
    assert_eq!(
        there,
        vec![
            "社群掌柜-备份-2026-03-05-0900.shequn-backup",
            "社群掌柜-备份-2026-03-06-0900.shequn-backup",
            "社群掌柜-备份-2026-03-07-0900.shequn-backup",
        ]
    );
    // Every copy there is encrypted, opens with the passphrase and is whole.
    for name in &there {
        let copy = usb.join(name);
        assert!(backup::is_sealed(&copy), "{name}");
        let info = backup::verify(&copy, Some(&key), &mut Job::unattended()).unwrap();
        assert_eq!(info.contents.members, 2);
    }
    // Nothing left to copy: nothing copied twice.
    let again =
        backup::second_place::update(&store, start + Duration::days(5), &mut Job::unattended())
            .unwrap()
            .unwrap();
    assert!(again.copied.is_empty() && again.removed.is_empty());

    // The stick is pulled out: reported, and the backup itself still made here.
    let aside = stick.path().join("拔出");
    std::fs::rename(&usb, &aside).unwrap();
    let day7 = start + Duration::days(6);
    backup::before_step(
        &store,
        BackupKind::BeforeImport,
        day7,
        &mut Job::unattended(),
    )
    .unwrap();
    let out = backup::second_place::update(&store, day7, &mut Job::unattended())
        .unwrap()
        .unwrap();
    assert!(out.missing && out.copied.is_empty());
    // Back in: the backup it missed is copied (a plain copy now that encryption is off).
    std::fs::rename(&aside, &usb).unwrap();
    update(Some(&usb), false, None).unwrap();
    let back = backup::second_place::update(&store, day7, &mut Job::unattended())
        .unwrap()
        .unwrap();
    assert_eq!(back.copied.len(), 1, "{back:?}");
    let missed = Path::new(&back.copied[0]);
    assert!(
        missed
            .to_string_lossy()
            .ends_with("社群掌柜-备份-2026-03-08-0900-导入前.shequn-backup")
    );
    assert!(!backup::is_sealed(missed));
    assert_eq!(
        backup::verify(missed, None, &mut Job::unattended())
            .unwrap()
            .contents
            .kind,
        BackupKind::BeforeImport
    );
    // Files of the owner's own in that folder are never touched.
    std::fs::write(usb.join("账本.xlsx"), b"mine").unwrap();
    backup::prune(&usb, day7 + Duration::days(400), &policy).unwrap();
    assert!(usb.join("账本.xlsx").exists());
}

#[test]
fn a_restore_cut_off_between_the_pictures_renames_is_finished_when_the_shop_opens() {
    let dir = tempfile::tempdir().unwrap();
    let db = {
        let store = shop(dir.path());
        store.db_path().unwrap().to_path_buf()
    };
    // The crash left: pictures moved aside, the restored ones still in the work folder.
    let assets = dir.path().join("assets");
    let aside = dir.path().join(".assets-before-restore-4242");
    std::fs::rename(&assets, &aside).unwrap();
    let restored = dir.path().join(".restoring-abc123").join("assets");
    std::fs::create_dir_all(&restored).unwrap();
    std::fs::write(restored.join("logo.png"), b"restored logo").unwrap();

    let store = Store::open(&db, now()).unwrap().0;
    assert_eq!(
        std::fs::read(store.assets_dir().join("logo.png")).unwrap(),
        b"restored logo"
    );
    assert!(!aside.exists());

    // Only the old pictures left (the work folder gone): they come back.
    let assets = store.assets_dir();
    drop(store);
    std::fs::rename(&assets, &aside).unwrap();
    std::fs::remove_dir_all(dir.path().join(".restoring-abc123")).unwrap();
    let store = Store::open(&db, now()).unwrap().0;
    assert_eq!(
        std::fs::read(store.assets_dir().join("logo.png")).unwrap(),
        b"restored logo"
    );
}
