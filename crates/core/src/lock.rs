//! The optional PIN lock: a 4–8 digit PIN asked when the app starts and after some
//! idle minutes, so that someone at the counter computer cannot browse the member
//! book while the owner is away. It does not protect the data file itself: whoever
//! can copy the data folder can read it (the settings page says so).
//!
//! Like the backup settings, the lock belongs to this computer: `lock.json` beside
//! the data file, never inside it, so restoring a backup neither removes nor brings
//! back a PIN. The PIN is kept as a salted scrypt hash (memory-hard); after five
//! wrong tries each further try waits longer, and the wait survives a restart.

use std::path::Path;

use chrono::{DateTime, Duration, Local};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::backup::Passphrase;
use crate::error::{Error, FieldError, Result};

pub const FILE_NAME: &str = "lock.json";
/// Tries before the waiting starts.
pub const FREE_TRIES: u32 = 5;
/// The first wait after the free tries; it doubles with each further wrong try.
const FIRST_WAIT_SECONDS: i64 = 30;
const LONGEST_WAIT_SECONDS: i64 = 15 * 60;
/// scrypt cost for a PIN: 2^15 × 8 × 128 bytes = 32 MiB, about 0.1 s.
const PIN_LOG_N: u8 = 15;

/// What the window needs to know.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LockState {
    /// A PIN is set.
    pub enabled: bool,
    /// Lock again after this many idle minutes (0: only when the app starts).
    pub idle_minutes: u32,
    /// Wrong tries since the last right one.
    pub failed: u32,
    /// Seconds to wait before the next try (0: may try now).
    #[ts(type = "number")]
    pub wait_seconds: i64,
}

/// The PIN settings the settings page saves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LockSetup {
    /// The PIN in use, when one is set already (to change it or the minutes).
    pub current_pin: Option<String>,
    pub new_pin: String,
    pub idle_minutes: u32,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
struct Stored {
    /// Hex of the salt and of the scrypt hash; `None`: no PIN.
    salt: Option<String>,
    hash: Option<String>,
    idle_minutes: u32,
    failed: u32,
    /// RFC 3339; no try is checked before it.
    wait_until: Option<String>,
}

fn read(data_dir: &Path) -> Stored {
    crate::this_computer::read(data_dir, FILE_NAME)
}

fn write(data_dir: &Path, stored: &Stored) -> Result<()> {
    crate::this_computer::write(data_dir, FILE_NAME, stored, " PIN 设置")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hash_pin(pin: &str, salt: &[u8]) -> Result<String> {
    let params = scrypt::Params::new(PIN_LOG_N, 8, 1, 32)
        .map_err(|e| Error::internal(format!("PIN 的加密参数有误（{e}）")))?;
    let mut out = [0u8; 32];
    scrypt::scrypt(pin.as_bytes(), salt, &params, &mut out)
        .map_err(|e| Error::internal(format!("无法计算 PIN（{e}）")))?;
    Ok(hex(&out))
}

/// Equal texts, compared in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn from_hex(text: &str) -> Vec<u8> {
    (0..text.len() / 2)
        .filter_map(|i| u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok())
        .collect()
}

fn pin_matches(stored: &Stored, pin: &str) -> Result<bool> {
    match (&stored.salt, &stored.hash) {
        (Some(salt), Some(hash)) => Ok(same(&hash_pin(pin, &from_hex(salt))?, hash)),
        _ => Ok(false),
    }
}

fn wait_seconds(stored: &Stored, now: DateTime<Local>) -> i64 {
    stored
        .wait_until
        .as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map_or(0, |until| {
            (until.with_timezone(&Local) - now).num_seconds().max(0)
        })
}

fn state_of(stored: &Stored, now: DateTime<Local>) -> LockState {
    LockState {
        enabled: stored.hash.is_some(),
        idle_minutes: stored.idle_minutes,
        failed: stored.failed,
        wait_seconds: wait_seconds(stored, now),
    }
}

pub fn state(data_dir: &Path, now: DateTime<Local>) -> LockState {
    state_of(&read(data_dir), now)
}

fn check_pin_text(field: &str, pin: &str) -> Option<FieldError> {
    let digits = pin.chars().all(|c| c.is_ascii_digit());
    (!digits || !(4..=8).contains(&pin.len()))
        .then(|| FieldError::new(field, "PIN 要是 4 到 8 位数字"))
}

/// Tries `pin`: right, the wrong-try count starts over; wrong, it grows, and from
/// the fifth on each further try must wait (30 s, 1 min, 2 min … up to 15 min).
pub fn unlock(data_dir: &Path, pin: &str, now: DateTime<Local>) -> Result<LockState> {
    let mut stored = read(data_dir);
    if stored.hash.is_none() {
        return Ok(state_of(&stored, now));
    }
    let wait = wait_seconds(&stored, now);
    if wait > 0 {
        return Err(Error::conflict(format!(
            "PIN 已连续输错 {} 次，请 {wait} 秒后再试",
            stored.failed
        )));
    }
    if pin_matches(&stored, pin)? {
        stored.failed = 0;
        stored.wait_until = None;
        write(data_dir, &stored)?;
        return Ok(state_of(&stored, now));
    }
    stored.failed += 1;
    let message = if stored.failed >= FREE_TRIES {
        let doublings = (stored.failed - FREE_TRIES).min(10);
        let seconds = (FIRST_WAIT_SECONDS << doublings).min(LONGEST_WAIT_SECONDS);
        stored.wait_until = Some(crate::db::timestamp(now + Duration::seconds(seconds)));
        format!(
            "PIN 不对。已连续输错 {} 次，请 {seconds} 秒后再试",
            stored.failed
        )
    } else {
        format!("PIN 不对，还可以再试 {} 次", FREE_TRIES - stored.failed)
    };
    write(data_dir, &stored)?;
    Err(Error::invalid("pin", message))
}

/// Sets (or changes) the PIN and the idle minutes. Changing needs the PIN in use.
pub fn set(data_dir: &Path, setup: &LockSetup, now: DateTime<Local>) -> Result<LockState> {
    let mut stored = read(data_dir);
    let mut wrong: Vec<FieldError> = check_pin_text("new_pin", &setup.new_pin)
        .into_iter()
        .collect();
    if setup.idle_minutes > 240 {
        wrong.push(FieldError::new(
            "idle_minutes",
            "自动锁定的分钟数要在 0 到 240 之间（0 表示只在打开时要 PIN）",
        ));
    }
    if stored.hash.is_some() {
        let current = setup.current_pin.as_deref().unwrap_or("");
        if wait_seconds(&stored, now) > 0 || !pin_matches(&stored, current)? {
            wrong.push(FieldError::new("current_pin", "现在的 PIN 不对"));
        }
    }
    if !wrong.is_empty() {
        return Err(Error::invalid_fields(wrong));
    }
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt)
        .map_err(|e| Error::internal(format!("无法生成随机数（{e}），请重试")))?;
    stored = Stored {
        hash: Some(hash_pin(&setup.new_pin, &salt)?),
        salt: Some(hex(&salt)),
        idle_minutes: setup.idle_minutes,
        failed: 0,
        wait_until: None,
    };
    write(data_dir, &stored)?;
    Ok(state_of(&stored, now))
}

/// Turns the lock off; needs the PIN in use.
pub fn clear(data_dir: &Path, pin: &str, now: DateTime<Local>) -> Result<LockState> {
    let stored = read(data_dir);
    if stored.hash.is_some() && (wait_seconds(&stored, now) > 0 || !pin_matches(&stored, pin)?) {
        return Err(Error::invalid("current_pin", "现在的 PIN 不对"));
    }
    write(data_dir, &Stored::default())?;
    Ok(state_of(&Stored::default(), now))
}

/// Forgot the PIN: the backup passphrase of this computer turns the lock off.
pub fn reset_with_passphrase(
    data_dir: &Path,
    passphrase: &str,
    now: DateTime<Local>,
) -> Result<LockState> {
    let Some(known) = crate::backup::settings::passphrase(data_dir) else {
        return Err(Error::conflict(
            "这台电脑没有设备份口令，不能用口令解除 PIN：请按使用说明里“忘了 PIN”一节，用备份在新的数据文件夹里恢复",
        ));
    };
    let typed = Passphrase::given(passphrase).map_err(|e| e.on_field("passphrase"))?;
    if !known.matches(&typed) {
        return Err(Error::invalid("passphrase", "备份口令不对"));
    }
    write(data_dir, &Stored::default())?;
    log::info!("the PIN lock was cleared with the backup passphrase");
    Ok(state_of(&Stored::default(), now))
}
