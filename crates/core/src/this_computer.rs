//! Settings that belong to this computer rather than to the shop's book (the backup
//! settings, the PIN lock): small JSON files beside the data file, never inside it,
//! so restoring a backup does not undo them and a backup taken to another computer
//! does not bring them along.

use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// The file `name` in the data folder; the defaults when it is missing or cannot be
/// read (logged), so a damaged settings file never stops the app or its backups.
pub(crate) fn read<T: DeserializeOwned + Default>(data_dir: &Path, name: &str) -> T {
    let path = data_dir.join(name);
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            log::warn!("{} is not readable, using defaults: {e}", path.display());
            T::default()
        }),
        Err(e) => {
            if e.kind() != std::io::ErrorKind::NotFound {
                log::warn!("{} could not be read: {e}", path.display());
            }
            T::default()
        }
    }
}

/// Replaces the file `name` whole (a synced temporary file, then a rename): a crash
/// leaves the old settings or the new ones. `what` names them in the message.
pub(crate) fn write<T: Serialize>(
    data_dir: &Path,
    name: &str,
    value: &T,
    what: &str,
) -> Result<()> {
    let text = serde_json::to_vec_pretty(value)
        .map_err(|e| Error::internal(format!("无法写出{what}")).with_source(e))?;
    std::fs::create_dir_all(data_dir)
        .map_err(|e| Error::io("无法创建数据文件夹").with_source(e))?;
    let mut temp = tempfile::Builder::new()
        .prefix(".settings-")
        .tempfile_in(data_dir)
        .map_err(|e| {
            Error::io(format!("无法保存{what}，请确认数据文件夹可以写入")).with_source(e)
        })?;
    std::io::Write::write_all(&mut temp, &text)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| Error::io(format!("无法保存{what}，请检查磁盘空间")).with_source(e))?;
    temp.persist(data_dir.join(name))
        .map_err(|e| Error::io(format!("无法保存{what}")).with_source(e.error))?;
    Ok(())
}
