//! The one clock of the shell. Every command asks it for "now" and "today", so a
//! window left open overnight works on the new day, and tests can move the clock
//! (say, across midnight) without waiting: `SHEQUN_TEST_CLOCK_FILE` names a file
//! holding seconds to add to the system clock, read on every call. Normal use never
//! sets it.

use std::time::Duration;

use chrono::{DateTime, Local, NaiveDate, TimeDelta};
use tauri::{AppHandle, Emitter};

pub const TEST_CLOCK_ENV: &str = "SHEQUN_TEST_CLOCK_FILE";

/// The event the window gets when the date changes; its payload is the new day.
pub const DAY_CHANGED: &str = "day-changed";

/// How often the date is looked at: a new day shows within this long.
const TICK: Duration = Duration::from_secs(5);

fn offset() -> TimeDelta {
    std::env::var_os(TEST_CLOCK_ENV)
        .and_then(|path| std::fs::read_to_string(path).ok())
        .and_then(|text| text.trim().parse::<i64>().ok())
        .and_then(TimeDelta::try_seconds)
        .unwrap_or_default()
}

pub fn now() -> DateTime<Local> {
    Local::now() + offset()
}

pub fn today() -> NaiveDate {
    now().date_naive()
}

/// Watches the date from a thread of its own: when it changes, today's SOP is
/// started for every active staff member and the window is told to refetch what
/// depends on the day (SOP, birthdays, QR expiry, dormant lists).
pub fn watch_the_date(app: AppHandle, on_new_day: impl Fn(DateTime<Local>) + Send + 'static) {
    let spawned = std::thread::Builder::new()
        .name("date-watch".into())
        .spawn(move || {
            let mut day = today();
            loop {
                std::thread::sleep(TICK);
                let now = now();
                if now.date_naive() != day {
                    day = now.date_naive();
                    log::info!("a new day: {day}");
                    on_new_day(now);
                    if let Err(e) = app.emit(DAY_CHANGED, day.to_string()) {
                        log::warn!("telling the window about the new day: {e}");
                    }
                }
            }
        });
    if let Err(e) = spawned {
        log::error!("the date watcher did not start: {e}");
    }
}
