//! The shop profile and brand kit (设置): name, contact, logo, colours, and the
//! business rules the other modules read.

mod brand;
pub(crate) mod letterhead;
pub mod logo;
mod model;
mod store;
mod validate;

use std::path::Path;

use chrono::{DateTime, Local, SecondsFormat};
use sha2::{Digest, Sha256};

pub use brand::{Brand, DEFAULT_ACCENT, DEFAULT_PRIMARY, brand};
pub use logo::LogoError;
pub use model::{BusinessRules, ReferralTrigger, ShopProfile, ShopUpdate, TierThresholds};
pub use validate::{normalise_colour, yuan};

use crate::error::{Code, Error};
use crate::store::Store;

/// A picture the owner chose that cannot be used, shown beside the logo field.
fn logo_refused(e: LogoError) -> Error {
    Error::validation(e.to_string())
        .on_field("logo")
        .with_source(e)
}

fn logo_unreadable(path: &Path, e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::NotFound {
        Error::new(
            Code::NotFound,
            format!("找不到文件 {}，请重新选择", path.display()),
        )
    } else {
        Error::io(format!(
            "无法读取文件 {}，请确认文件没有被其他程序占用",
            path.display()
        ))
    }
    .on_field("logo")
    .with_source(e)
}

/// The business rules alone (what the member book reads).
pub fn rules(store: &Store) -> Result<BusinessRules, Error> {
    Ok(store::rules(store.conn())?)
}

/// The day of the month the shop keeps as its member day, if any.
pub fn member_day(store: &Store) -> Result<Option<u32>, Error> {
    Ok(rules(store)?.member_day)
}

/// The business rules, read inside another feature's transaction.
pub(crate) fn rules_in(conn: &rusqlite::Connection) -> rusqlite::Result<BusinessRules> {
    store::rules(conn)
}

/// The saved profile; `logo` is the stored file's absolute path.
pub fn get(store: &Store) -> Result<ShopProfile, Error> {
    let mut profile = store::load(store.conn())?;
    profile.logo = profile.logo.and_then(|file| {
        let path = store.assets_dir().join(&file);
        if path.is_file() {
            Some(path.to_string_lossy().into_owned())
        } else {
            log::warn!(
                "logo file {} is missing from the data folder",
                path.display()
            );
            None
        }
    });
    Ok(profile)
}

/// Applies `change` and, if given, a new logo read from `logo_source`, all or nothing:
/// on any error the saved profile and logo stay exactly as they were.
pub fn update(
    store: &Store,
    change: &ShopUpdate,
    logo_source: Option<&Path>,
    now: DateTime<Local>,
) -> Result<ShopProfile, Error> {
    let saved = store::load(store.conn())?;
    let mut candidate = saved.clone();
    apply(&mut candidate, change);
    // Only fields that are being changed are checked, so a logo can be chosen
    // before the shop has a name.
    if *change != ShopUpdate::default() {
        let errors = validate::normalise_and_check(&mut candidate);
        if !errors.is_empty() {
            return Err(Error::invalid_fields(errors));
        }
    }
    let new_logo = match logo_source {
        Some(source) => Some(store_logo(store, &read_logo(source)?)?),
        None => None,
    };
    if let Some(file) = &new_logo {
        candidate.logo = Some(file.clone());
    }
    candidate.updated_at = Some(now.to_rfc3339_opts(SecondsFormat::Secs, false));

    let written = (|| -> rusqlite::Result<()> {
        let tx = crate::db::write_tx(store.conn())?;
        store::save(&tx, &candidate)?;
        tx.commit()
    })();
    if let Err(e) = written {
        if let Some(file) = &new_logo
            && saved.logo.as_ref() != Some(file)
        {
            remove_asset(store, file);
        }
        return Err(e.into());
    }
    if let (Some(old), Some(new)) = (&saved.logo, &new_logo)
        && old != new
    {
        remove_asset(store, old);
    }
    get(store)
}

/// Sets a new logo only, leaving every other field as saved.
pub fn set_logo(store: &Store, source: &Path, now: DateTime<Local>) -> Result<ShopProfile, Error> {
    update(store, &ShopUpdate::default(), Some(source), now)
}

/// Removes the logo.
pub fn clear_logo(store: &Store, now: DateTime<Local>) -> Result<ShopProfile, Error> {
    let old = store::logo_file(store.conn())?;
    let mut profile = store::load(store.conn())?;
    profile.logo = None;
    profile.updated_at = Some(now.to_rfc3339_opts(SecondsFormat::Secs, false));
    store::save(store.conn(), &profile)?;
    if let Some(old) = old {
        remove_asset(store, &old);
    }
    get(store)
}

/// When the owner finished (or skipped) the 开店向导; `None` until then.
pub fn setup_done_at(store: &Store) -> Result<Option<String>, Error> {
    Ok(store::setup_done_at(store.conn())?)
}

/// Records that the owner finished (or skipped) the 开店向导; a second call keeps
/// the first time.
pub fn mark_setup_done(store: &Store, now: DateTime<Local>) -> Result<(), Error> {
    let at = now.to_rfc3339_opts(SecondsFormat::Secs, false);
    Ok(store::mark_setup_done(store.conn(), &at)?)
}

/// The stored logo's PNG bytes, for previews.
pub fn logo_png(store: &Store) -> Result<Option<Vec<u8>>, Error> {
    let Some(file) = store::logo_file(store.conn())? else {
        return Ok(None);
    };
    let path = store.assets_dir().join(file);
    match std::fs::read(&path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::io(format!(
            "无法读取文件 {}，请确认文件没有被其他程序占用",
            path.display()
        ))
        .on_field("logo")
        .with_source(source)),
    }
}

fn apply(profile: &mut ShopProfile, change: &ShopUpdate) {
    let texts = [
        (&mut profile.name, &change.name),
        (&mut profile.slogan, &change.slogan),
        (&mut profile.address, &change.address),
        (&mut profile.phone, &change.phone),
        (&mut profile.link, &change.link),
        (&mut profile.primary, &change.primary),
        (&mut profile.accent, &change.accent),
    ];
    for (field, new) in texts {
        if let Some(new) = new {
            field.clone_from(new);
        }
    }
    if let Some(rules) = change.rules {
        profile.rules = rules;
    }
}

fn read_logo(source: &Path) -> Result<Vec<u8>, Error> {
    let meta = std::fs::metadata(source).map_err(|e| logo_unreadable(source, e))?;
    if !meta.is_file() {
        return Err(logo_refused(LogoError::NotAnImage));
    }
    // Refuse a huge file before reading it into memory.
    if meta.len() > logo::MAX_FILE_BYTES {
        return Err(logo_refused(LogoError::FileTooLarge { bytes: meta.len() }));
    }
    let bytes = std::fs::read(source).map_err(|e| logo_unreadable(source, e))?;
    logo::prepare(&bytes).map_err(logo_refused)
}

/// Writes the PNG under a name derived from its content (so re-choosing the same
/// picture is harmless) and returns that name.
fn store_logo(store: &Store, png: &[u8]) -> Result<String, Error> {
    let digest = Sha256::digest(png);
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    let file = format!("logo-{hex}.png");
    let dir = store.assets_dir();
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(&dir)?;
        let tmp = dir.join(format!(".{file}.tmp"));
        std::fs::write(&tmp, png)?;
        std::fs::rename(&tmp, dir.join(&file))
    };
    write().map_err(|source| {
        Error::io(format!(
            "无法把标志图片保存到数据文件夹 {}，请检查磁盘空间和权限",
            dir.display()
        ))
        .with_source(source)
    })?;
    Ok(file)
}

fn remove_asset(store: &Store, file: &str) {
    let path = store.assets_dir().join(file);
    if let Err(e) = std::fs::remove_file(&path)
        && e.kind() != std::io::ErrorKind::NotFound
    {
        log::warn!("could not remove old asset {}: {e}", path.display());
    }
}
