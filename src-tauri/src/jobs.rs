//! The shell's side of long jobs: each runs on a blocking thread of its own (never on
//! the async workers that serve the window's other commands), on its own connection
//! to the data file, under an id the window uses to cancel it. Progress and the end
//! stream to the window through one [`JobEvent`] channel.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;
use shequn_core::jobs::{CancelToken, Job, Progress};
use shequn_core::{ErrorPayload, Store};
use tauri::ipc::Channel;
use ts_rs::TS;

use crate::error::IpcError;

/// What a job's channel carries: progress while it runs, then exactly one of
/// `done` / `failed` (a cancel is `failed` with code `Cancelled`).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum JobEvent<T> {
    Progress { progress: Progress },
    Done { result: T },
    Failed { error: ErrorPayload },
}

/// A running job's number, for `jobs_cancel`.
pub type JobId = u32;

/// The jobs running now, by id.
#[derive(Default)]
pub struct Jobs {
    next: AtomicU32,
    running: Arc<Mutex<HashMap<JobId, CancelToken>>>,
}

impl Jobs {
    /// Starts `work` on `store` (a connection of the job's own) and returns at once.
    pub fn start<T>(
        &self,
        store: Store,
        events: Channel<JobEvent<T>>,
        work: impl FnOnce(&Store, &mut Job) -> shequn_core::Result<T> + Send + 'static,
    ) -> JobId
    where
        T: Serialize + Clone + Send + 'static,
    {
        let id = self.next.fetch_add(1, Ordering::SeqCst) + 1;
        let token = CancelToken::new();
        lock(&self.running).insert(id, token.clone());
        let running = Arc::clone(&self.running);
        tauri::async_runtime::spawn_blocking(move || {
            let progress = events.clone();
            let mut job = Job::new(token, move |p| {
                let _ = progress.send(JobEvent::Progress {
                    progress: p.clone(),
                });
            })
            .pace_checking(test_pace());
            let event = match work(&store, &mut job) {
                Ok(result) => JobEvent::Done { result },
                Err(e) => JobEvent::Failed {
                    error: IpcError::from(e).0,
                },
            };
            drop(job);
            // Forgotten before the window hears the end, so a late cancel is a no-op.
            lock(&running).remove(&id);
            if events.send(event).is_err() {
                log::warn!("job {id} ended after its window went away");
            }
            // After the window heard the end: see Store::checkpoint.
            if let Err(e) = store.checkpoint() {
                log::warn!("job {id}: checkpoint after the job failed: {e}");
            }
        });
        id
    }

    /// Asks job `id` to stop; it answers at its next step. A job that already ended
    /// is left alone.
    pub fn cancel(&self, id: JobId) {
        if let Some(token) = lock(&self.running).get(&id) {
            token.cancel();
        }
    }
}

/// `SHEQUN_TEST_JOB_PACE_MS`: tests only (like `SHEQUN_TEST_CLOCK_FILE`). Each row
/// a job checks then takes at least this long, which stretches the part before its
/// write transaction so an end-to-end test can use the window while it runs.
fn test_pace() -> Option<Duration> {
    std::env::var(TEST_JOB_PACE_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|ms| *ms > 0)
        .map(Duration::from_millis)
}

pub const TEST_JOB_PACE_ENV: &str = "SHEQUN_TEST_JOB_PACE_MS";

/// A panic in one job cannot leave the map half-changed, so a poisoned lock is safe.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
