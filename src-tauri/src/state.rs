use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use shequn_core::backup::{self, second_place::SecondPlaceReport};
use shequn_core::db::OpenReport;
use shequn_core::paths::DB_FILE_NAME;
use shequn_core::{ErrorPayload, Store};
use tauri::{AppHandle, Emitter, Manager};

use crate::error::IpcError;
use crate::jobs::{JobEvent, JobId, Jobs};

/// The open data folder, or why it could not be opened. The window opens either way,
/// so the owner reads the reason (e.g. a data file from a newer version) in the app.
pub struct AppState {
    store: Result<Mutex<Store>, ErrorPayload>,
    report: Option<OpenReport>,
    pub data_dir: PathBuf,
    pub db_path: PathBuf,
    /// Imports and batches running now, each on a connection of its own.
    pub jobs: Jobs,
    /// The second backup place found missing and not yet shown to the owner: the
    /// window takes it (once per absence), also when it was found before the
    /// window was listening, at start.
    second_place_missing: Mutex<SecondPlaceNotice>,
    /// The PIN lock screen is up: from the start when a PIN is set, and again after
    /// the idle minutes, until the right PIN is typed.
    locked: AtomicBool,
}

#[derive(Default)]
struct SecondPlaceNotice {
    pending: Option<String>,
    told: bool,
}

/// The event the window gets when the second backup place (a USB stick) is not
/// there; its payload is the folder.
pub const SECOND_PLACE_MISSING: &str = "backup-second-place-missing";

impl AppState {
    pub fn open(data_dir: &Path) -> AppState {
        let db_path = data_dir.join(DB_FILE_NAME);
        let now = crate::clock::now();
        let (store, report) = match Store::open(&db_path, now) {
            Ok((store, report)) => {
                // The day's SOP starts itself when the app opens that day; a failure
                // here only means the SOP page starts it later.
                if let Err(e) = shequn_core::training::ensure_daily_sop(&store, now) {
                    log::warn!("starting today's SOP: {e}");
                }
                (Ok(Mutex::new(store)), Some(report))
            }
            Err(e) => (Err(e), None),
        };
        AppState {
            store: store.map_err(|e| {
                eprintln!("{}", e.log_chain());
                e.payload()
            }),
            report,
            data_dir: data_dir.to_path_buf(),
            db_path,
            jobs: Jobs::default(),
            second_place_missing: Mutex::new(SecondPlaceNotice::default()),
            locked: AtomicBool::new(shequn_core::lock::state(data_dir, now).enabled),
        }
    }

    pub fn is_locked(&self) -> bool {
        self.locked.load(Ordering::Relaxed)
    }

    pub fn set_locked(&self, locked: bool) {
        self.locked.store(locked, Ordering::Relaxed);
    }

    pub fn startup_error(&self) -> Option<ErrorPayload> {
        self.store.as_ref().err().cloned()
    }

    pub fn log_startup(&self) {
        log::info!("data file: {}", self.db_path.display());
        match (&self.report, &self.store) {
            (Some(r), _) if r.from_version != r.to_version => log::info!(
                "migrated data file from v{} to v{}; snapshot: {:?}",
                r.from_version,
                r.to_version,
                r.snapshot
            ),
            (_, Err(e)) => log::error!("data file not opened: {}", e.message),
            _ => {}
        }
    }

    /// The backups' upkeep, on a thread and a connection of its own (the window is
    /// not kept waiting): with `daily`, today's automatic backup and the rotation of
    /// old ones; always, the copy of what the second place lacks. When the second
    /// place is missing the window is told once, until it is back.
    pub fn spawn_backup_upkeep(&self, app: &AppHandle, daily: bool) {
        let store = match self.with_store(Store::reopen) {
            Ok(store) => store,
            Err(e) => {
                log::warn!("no backup upkeep: {}", e.0.message);
                return;
            }
        };
        let app = app.clone();
        let spawned = std::thread::Builder::new()
            .name("backup-upkeep".into())
            .spawn(move || {
                let now = crate::clock::now();
                let mut job = shequn_core::jobs::Job::unattended();
                if daily {
                    let policy = backup::settings::policy(store.data_dir());
                    match backup::daily(&store, now, &policy, &mut job) {
                        Ok(done) => {
                            if let Some(made) = &done.made {
                                log::info!("daily backup: {} ({} bytes)", made.path, made.bytes);
                            }
                            for old in &done.removed {
                                log::info!("old backup removed by the rotation: {old}");
                            }
                        }
                        Err(e) => log::warn!("daily backup failed: {}", e.log_chain()),
                    }
                }
                match backup::second_place::update(&store, now, &mut job) {
                    Ok(Some(report)) => app
                        .state::<AppState>()
                        .heard_from_second_place(&app, &report),
                    Ok(None) => {}
                    Err(e) => log::warn!("copy to the second place failed: {}", e.log_chain()),
                }
            });
        if let Err(e) = spawned {
            log::warn!("the backup upkeep did not start: {e}");
        }
    }

    fn heard_from_second_place(&self, app: &AppHandle, report: &SecondPlaceReport) {
        for copy in &report.copied {
            log::info!("copied to the second place: {copy}");
        }
        let mut notice = self
            .second_place_missing
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if !report.missing {
            *notice = SecondPlaceNotice::default();
        } else if !notice.told && notice.pending.is_none() {
            log::info!("the second place {} is missing", report.folder);
            notice.pending = Some(report.folder.clone());
            if let Err(e) = app.emit(SECOND_PLACE_MISSING, report.folder.clone()) {
                log::warn!("telling the window the second place is missing: {e}");
            }
        }
    }

    /// The missing second place to tell the owner about, once: `None` after that
    /// until the place has been back and gone missing again.
    pub fn take_second_place_notice(&self) -> Option<String> {
        let mut notice = self
            .second_place_missing
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let folder = notice.pending.take();
        if folder.is_some() {
            notice.told = true;
        }
        folder
    }

    /// Starts a long job on a connection of its own (see [`Jobs::start`]).
    pub fn start_job<T>(
        &self,
        events: tauri::ipc::Channel<JobEvent<T>>,
        work: impl FnOnce(&Store, &mut shequn_core::jobs::Job) -> shequn_core::Result<T>
        + Send
        + 'static,
    ) -> Result<JobId, IpcError>
    where
        T: serde::Serialize + Clone + Send + 'static,
    {
        let store = self.with_store(Store::reopen)?;
        Ok(self.jobs.start(store, events, work))
    }

    /// Runs `f` with the store, turning any error into the IPC shape.
    pub fn with_store<T, E: Into<shequn_core::Error>>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, E>,
    ) -> Result<T, IpcError> {
        let store = self.store.as_ref().map_err(|e| IpcError(e.clone()))?;
        // A panic in another command cannot leave SQLite half-written (transactions),
        // so a poisoned lock is safe to keep using.
        let guard = store.lock().unwrap_or_else(|p| p.into_inner());
        f(&guard).map_err(IpcError::from)
    }
}
