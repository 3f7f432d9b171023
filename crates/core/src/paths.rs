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

/// The data folder: `$SHEQUN_DATA_DIR` if set, else the OS data directory.
pub fn data_dir() -> Option<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => dirs::data_dir().map(|d| d.join(APP_IDENTIFIER)),
    }
}

/// The data file inside [`data_dir`].
pub fn default_db_path() -> Option<PathBuf> {
    data_dir().map(|d| d.join(DB_FILE_NAME))
}
