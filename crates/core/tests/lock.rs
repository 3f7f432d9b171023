//! The PIN lock: a salted hash in `lock.json`, wrong tries that slow down (and stay
//! slowed across a restart), changes that need the PIN in use, and the backup
//! passphrase as the way out of a forgotten PIN.
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, Duration, Local, TimeZone};
use shequn_core::Code;
use shequn_core::backup::rotation::Policy;
use shequn_core::backup::settings::{self, BackupSettingsUpdate};
use shequn_core::lock::{self, LockSetup};

fn now() -> DateTime<Local> {
    Local
        .with_ymd_and_hms(2026, 11, 22, 10, 0, 0)
        .single()
        .unwrap()
}

fn setup(current: Option<&str>, new_pin: &str, idle_minutes: u32) -> LockSetup {
    LockSetup {
        current_pin: current.map(str::to_owned),
        new_pin: new_pin.into(),
        idle_minutes,
    }
}

#[test]
fn a_pin_is_kept_as_a_salted_hash_and_opens_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    assert!(!lock::state(dir.path(), now()).enabled);
    for bad in ["123", "123456789", "12a4", "１２３４"] {
        let e = lock::set(dir.path(), &setup(None, bad, 10), now()).unwrap_err();
        assert_eq!(e.fields()[0].field, "new_pin", "{bad}");
        assert!(e.to_string().contains("4 到 8 位数字"), "{e}");
    }
    let e = lock::set(dir.path(), &setup(None, "2468", 241), now()).unwrap_err();
    assert_eq!(e.fields()[0].field, "idle_minutes");
    assert!(!lock::state(dir.path(), now()).enabled);

    let on = lock::set(dir.path(), &setup(None, "2468", 15), now()).unwrap();
    assert!(on.enabled && on.idle_minutes == 15);
    let file = std::fs::read_to_string(dir.path().join(lock::FILE_NAME)).unwrap();
    assert!(!file.contains("2468"), "{file}");
    // The same PIN set again hashes differently (a new salt each time).
    let first_hash = file.clone();
    lock::set(dir.path(), &setup(Some("2468"), "2468", 15), now()).unwrap();
    assert_ne!(
        std::fs::read_to_string(dir.path().join(lock::FILE_NAME)).unwrap(),
        first_hash
    );

    assert_eq!(lock::unlock(dir.path(), "2468", now()).unwrap().failed, 0);
    // Changing or clearing needs the PIN in use.
    let e = lock::set(dir.path(), &setup(Some("1111"), "13579", 5), now()).unwrap_err();
    assert_eq!(e.fields()[0].field, "current_pin");
    let e = lock::clear(dir.path(), "1111", now()).unwrap_err();
    assert_eq!(e.fields()[0].field, "current_pin");
    lock::set(dir.path(), &setup(Some("2468"), "13579", 5), now()).unwrap();
    assert!(lock::unlock(dir.path(), "2468", now()).is_err());
    lock::unlock(dir.path(), "13579", now()).unwrap();
    assert!(!lock::clear(dir.path(), "13579", now()).unwrap().enabled);
    assert!(!lock::state(dir.path(), now()).enabled);
}

#[test]
fn five_wrong_tries_make_each_next_try_wait_longer_even_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    lock::set(dir.path(), &setup(None, "8080", 10), now()).unwrap();
    for left in [4, 3, 2, 1] {
        let e = lock::unlock(dir.path(), "0000", now()).unwrap_err();
        assert!(
            e.to_string().contains(&format!("还可以再试 {left} 次")),
            "{e}"
        );
    }
    let e = lock::unlock(dir.path(), "0000", now()).unwrap_err();
    assert!(e.to_string().contains("请 30 秒后再试"), "{e}");
    // Even the right PIN waits; the state on disk says so (a restart does not reset it).
    let soon = now() + Duration::seconds(10);
    assert_eq!(lock::state(dir.path(), soon).wait_seconds, 20);
    let e = lock::unlock(dir.path(), "8080", soon).unwrap_err();
    assert_eq!(e.code(), Code::Conflict);
    assert!(e.to_string().contains("20 秒后再试"), "{e}");
    // After the wait one more wrong try doubles it.
    let later = now() + Duration::seconds(31);
    let e = lock::unlock(dir.path(), "0000", later).unwrap_err();
    assert!(e.to_string().contains("请 60 秒后再试"), "{e}");
    let much_later = later + Duration::seconds(61);
    let open = lock::unlock(dir.path(), "8080", much_later).unwrap();
    assert_eq!((open.failed, open.wait_seconds), (0, 0));
}

#[test]
fn a_forgotten_pin_is_cleared_with_this_computers_backup_passphrase_only() {
    let dir = tempfile::tempdir().unwrap();
    lock::set(dir.path(), &setup(None, "4321", 10), now()).unwrap();
    // No passphrase set on this computer: no way round the PIN here.
    let e = lock::reset_with_passphrase(dir.path(), "随便一句话就想解锁", now()).unwrap_err();
    assert!(e.to_string().contains("没有设备份口令"), "{e}");
    let stick = tempfile::tempdir().unwrap();
    settings::save(
        dir.path(),
        &BackupSettingsUpdate {
            second_dir: Some(stick.path().to_string_lossy().into_owned()),
            encrypt_second: true,
            passphrase: Some("店门口那棵银杏树".into()),
            policy: Policy::default(),
        },
    )
    .unwrap();
    let e = lock::reset_with_passphrase(dir.path(), "店门口那棵银杏", now()).unwrap_err();
    assert_eq!(e.fields()[0].field, "passphrase");
    assert!(lock::state(dir.path(), now()).enabled);
    let off = lock::reset_with_passphrase(dir.path(), "店门口那棵银杏树", now()).unwrap();
    assert!(!off.enabled);
}
