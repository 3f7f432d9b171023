//! Where the data lives. The desktop app and the CLI must agree, so both ask here.

use std::path::PathBuf;

/// The app identifier; also the data folder's name under the OS data directory
/// (`~/.local/share/com.shequn.app` on Linux, the same folder Tauri would pick).
pub const APP_IDENTIFIER: &str = "com.shequn.app";

/// Set this to use another data folder (tests, a second shop, a USB stick).
pub const DATA_DIR_ENV: &str = "SHEQUN_DATA_DIR";

/// The SQLite file inside the data folder.
pub const DB_FILE_NAME: &str = "shequn.db";

/// Files the shop uploads (logo, images), inside the data folder.
pub const ASSETS_DIR_NAME: &str = "assets";

/// A file of this name beside the program makes the copy portable: its data lives
/// in [`PORTABLE_DATA_DIR`] beside it, so a USB stick carries the program and the
/// shop together and the computer it is plugged into keeps nothing.
pub const PORTABLE_MARKER: &str = "shequn-portable.txt";

/// The portable copy's data folder, beside the program.
pub const PORTABLE_DATA_DIR: &str = "shequn-data";

/// The data folder of a portable copy: the running program has the marker beside it.
pub fn portable_data_dir() -> Option<PathBuf> {
    let program = std::env::current_exe().ok()?;
    let dir = program.parent()?;
    dir.join(PORTABLE_MARKER)
        .is_file()
        .then(|| dir.join(PORTABLE_DATA_DIR))
}

/// The data folder: `$SHEQUN_DATA_DIR` if set, else a portable copy's folder beside
/// the program, else the OS data directory's folder named `identifier` (the app's
/// test build has an identifier of its own, so it never lands in a shop's folder).
pub fn data_dir_for(identifier: &str) -> Option<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => portable_data_dir().or_else(|| dirs::data_dir().map(|d| d.join(identifier))),
    }
}

/// Whether the data folder was chosen for this run (the environment, or a portable
/// copy) rather than being the OS's: the logs then go beside the data too, so that
/// nothing is written into the computer's own folders.
pub fn data_dir_is_chosen() -> bool {
    std::env::var_os(DATA_DIR_ENV).is_some_and(|d| !d.is_empty()) || portable_data_dir().is_some()
}

/// The data folder of the shop (see [`data_dir_for`]).
pub fn data_dir() -> Option<PathBuf> {
    data_dir_for(APP_IDENTIFIER)
}

/// The data file inside [`data_dir`].
pub fn default_db_path() -> Option<PathBuf> {
    data_dir().map(|d| d.join(DB_FILE_NAME))
}
