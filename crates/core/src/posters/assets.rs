//! The picture library: every image a poster may use, kept with where it came from
//! and under what licence. Web images are for internal reference only, so using one
//! on a poster that leaves the shop asks first.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Local, NaiveDate};
use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Photo, photo_from_bytes};
use crate::db::timestamp;
use crate::error::{Error, FieldError};
use crate::store::Store;

/// Where the library's files live, under the data folder's assets.
const LIBRARY_DIR: &str = "library";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Licence {
    /// The shop's own photo (products, the shop, staff work).
    Own,
    /// Bought or licensed, with where from.
    Licensed,
    /// A customer's photo, used with their consent (name and date kept).
    Consent,
    /// Found online: internal reference only.
    Web,
}

impl Licence {
    pub const ALL: [Licence; 4] = [
        Licence::Own,
        Licence::Licensed,
        Licence::Consent,
        Licence::Web,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Licence::Own => "own",
            Licence::Licensed => "licensed",
            Licence::Consent => "consent",
            Licence::Web => "web",
        }
    }

    pub fn parse(s: &str) -> Option<Licence> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Licence::Own => "自有",
            Licence::Licensed => "已购授权",
            Licence::Consent => "用户授权",
            Licence::Web => "网络素材",
        }
    }
}

/// How an image came to the shop, as the upload form asks it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewAsset {
    pub licence: Licence,
    /// Where it came from: the seller for a licensed image, the web page for a web one.
    #[ts(optional)]
    pub source: Option<String>,
    /// The customer who agreed, for a consent image.
    #[ts(optional)]
    pub consent_name: Option<String>,
    /// `YYYY-MM-DD` they agreed.
    #[ts(optional)]
    pub consent_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AssetView {
    #[ts(type = "number")]
    pub id: i64,
    pub original_name: String,
    pub licence: Licence,
    pub source: String,
    pub consent_name: String,
    pub consent_on: Option<String>,
    pub width: u32,
    pub height: u32,
    #[ts(type = "number")]
    pub bytes: i64,
    pub created_at: String,
    /// Names of the saved poster designs that use this picture.
    pub designs: Vec<String>,
}

const SELECT: &str = "SELECT id, original_name, licence, source, consent_name, consent_on, width,
        height, bytes, created_at, file,
        (SELECT group_concat(name, char(31)) FROM
            (SELECT d.name FROM poster_designs d WHERE d.photo_asset = assets.id ORDER BY d.name))
   FROM assets";

fn view(row: &Row) -> rusqlite::Result<AssetView> {
    Ok(AssetView {
        id: row.get(0)?,
        original_name: row.get(1)?,
        licence: Licence::parse(&row.get::<_, String>(2)?).unwrap_or(Licence::Web),
        source: row.get(3)?,
        consent_name: row.get(4)?,
        consent_on: row.get(5)?,
        width: row.get(6)?,
        height: row.get(7)?,
        bytes: row.get(8)?,
        created_at: row.get(9)?,
        designs: row
            .get::<_, Option<String>>(11)?
            .map(|names| names.split('\u{1f}').map(str::to_owned).collect())
            .unwrap_or_default(),
    })
}

fn invalid(errors: Vec<FieldError>) -> Error {
    Error::invalid_fields(errors)
}

/// The licence facts of a picture, checked.
struct LicenceFacts {
    source: String,
    consent_name: String,
    consent_on: Option<String>,
}

/// What each licence needs written down: where a bought licence came from, who
/// agreed and when for a customer's picture. Every missing fact at once.
fn check_licence(new: &NewAsset, today: NaiveDate) -> Result<LicenceFacts, Vec<FieldError>> {
    let mut errors = Vec::new();
    let source = new.source.as_deref().unwrap_or("").trim().to_owned();
    let consent_name = new.consent_name.as_deref().unwrap_or("").trim().to_owned();
    let mut consent_on = None;
    match new.licence {
        Licence::Licensed if source.is_empty() => errors.push(FieldError::new(
            "source",
            "已购授权的图片请写明从哪里买的授权（图库名称或订单号），日后有人问起才说得清",
        )),
        Licence::Consent => {
            if consent_name.is_empty() {
                errors.push(FieldError::new(
                    "consent_name",
                    "用户授权的图片请写下同意使用的顾客姓名",
                ));
            }
            match crate::text::optional_past_day("同意日期", new.consent_on.as_deref(), today) {
                Ok(None) => errors.push(FieldError::new("consent_on", "请写下顾客同意的日期")),
                Ok(Some(day)) => consent_on = Some(crate::text::day_text(day)),
                Err(message) => errors.push(FieldError::new("consent_on", message)),
            }
        }
        _ => {}
    }
    if errors.is_empty() {
        Ok(LicenceFacts {
            source,
            consent_name,
            consent_on,
        })
    } else {
        Err(errors)
    }
}

/// Corrects a picture's licence record (say, the owner bought a licence for an image
/// first filed as a web image). The picture itself is unchanged.
pub fn update_asset_licence(
    store: &Store,
    id: i64,
    new: &NewAsset,
    today: NaiveDate,
) -> Result<AssetView, Error> {
    asset(store, id)?;
    let facts = check_licence(new, today).map_err(invalid)?;
    store.conn().execute(
        "UPDATE assets SET licence = ?2, source = ?3, consent_name = ?4, consent_on = ?5
          WHERE id = ?1",
        params![
            id,
            new.licence.as_str(),
            facts.source,
            facts.consent_name,
            facts.consent_on
        ],
    )?;
    asset(store, id)
}

/// Adds a picture to the library: the file is checked as a real, sane image, its
/// licence facts are checked, and a copy is kept in the data folder (the original
/// may be moved or deleted later).
pub fn add_asset(
    store: &Store,
    file: &Path,
    new: &NewAsset,
    today: NaiveDate,
    now: DateTime<Local>,
) -> Result<AssetView, Error> {
    let (facts, mut errors) = match check_licence(new, today) {
        Ok(facts) => (Some(facts), Vec::new()),
        Err(errors) => (None, errors),
    };
    let bytes = match std::fs::read(file) {
        Ok(b) => Some(b),
        Err(e) => {
            errors.push(FieldError::new(
                "file",
                format!("读不了图片 {}：{e}", file.display()),
            ));
            None
        }
    };
    let picture = match bytes.as_deref().map(crate::shop::logo::decode_checked) {
        Some(Ok(p)) => Some(p),
        Some(Err(e)) => {
            errors.push(FieldError::new("file", e.to_string()));
            None
        }
        None => None,
    };
    let (Some(bytes), Some(picture), Some(facts)) = (bytes, picture, facts) else {
        return Err(invalid(errors));
    };
    let ext = match image::guess_format(&bytes) {
        Ok(image::ImageFormat::Jpeg) => "jpg",
        Ok(image::ImageFormat::WebP) => "webp",
        _ => "png",
    };
    let original_name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| format!("图片.{ext}"));
    let dir = store.assets_dir().join(LIBRARY_DIR);
    let stored = format!("{}.{ext}", crate::invites::code::generate().to_lowercase());
    let write_err = |e: std::io::Error| {
        invalid(vec![FieldError::new(
            "file",
            format!(
                "图片存不进数据文件夹 {}：{e}，请检查磁盘空间",
                dir.display()
            ),
        )])
    };
    std::fs::create_dir_all(&dir).map_err(write_err)?;
    let target = dir.join(&stored);
    std::fs::write(&target, &bytes).map_err(write_err)?;
    let inserted = store.conn().execute(
        "INSERT INTO assets (file, original_name, licence, source, consent_name, consent_on,
                             width, height, bytes, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            stored,
            original_name,
            new.licence.as_str(),
            facts.source,
            facts.consent_name,
            facts.consent_on,
            picture.width(),
            picture.height(),
            bytes.len() as i64,
            timestamp(now),
        ],
    );
    if let Err(e) = inserted {
        // The row is the record; a file without one is removed, not left behind.
        let _ = std::fs::remove_file(&target);
        return Err(e.into());
    }
    asset(store, store.conn().last_insert_rowid())
}

pub fn assets(store: &Store) -> Result<Vec<AssetView>, Error> {
    let mut stmt = store
        .conn()
        .prepare(&format!("{SELECT} ORDER BY assets.id DESC"))?;
    let rows = stmt
        .query_map([], view)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn asset(store: &Store, id: i64) -> Result<AssetView, Error> {
    store
        .conn()
        .query_row(&format!("{SELECT} WHERE assets.id = ?1"), [id], view)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("素材库里编号为 {id} 的图片")))
}

/// The last library picture decoded, by its file. The poster form redraws its preview
/// on every key typed, and decoding a phone photo each time would make typing lag.
/// Keyed by path, not id: a stored file name is never given to another picture, so
/// a path always means the same pixels, even after a delete reuses the id.
static LAST_DECODED: Mutex<Option<(PathBuf, Photo)>> = Mutex::new(None);

/// The library picture, decoded for a poster, with its record.
pub fn asset_photo(store: &Store, id: i64) -> Result<(AssetView, Photo), Error> {
    let view = asset(store, id)?;
    let file: String =
        store
            .conn()
            .query_row("SELECT file FROM assets WHERE id = ?1", [id], |r| r.get(0))?;
    let path = store.assets_dir().join(LIBRARY_DIR).join(file);
    let last = || LAST_DECODED.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((cached, photo)) = last().as_ref()
        && *cached == path
    {
        return Ok((view, photo.clone()));
    }
    // Decoded without the lock held: a batch job and the preview may both want one.
    let bytes = std::fs::read(&path).map_err(|_| {
        invalid(vec![FieldError::new(
            "photo",
            format!(
                "素材库里的“{}”文件不见了，请重新上传这张图片",
                view.original_name
            ),
        )])
    })?;
    let photo = photo_from_bytes(&bytes)?;
    *last() = Some((path, photo.clone()));
    Ok((view, photo))
}

/// A small PNG of a library picture (at most `max_side` pixels a side), for the
/// library page.
pub fn asset_thumbnail(store: &Store, id: i64, max_side: u32) -> Result<Vec<u8>, Error> {
    let (_, photo) = asset_photo(store, id)?;
    let thumb = image::DynamicImage::ImageRgba8((*photo).clone()).thumbnail(max_side, max_side);
    let mut png = Vec::new();
    thumb
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| {
            invalid(vec![FieldError::new(
                "photo",
                format!("生成缩略图时出错：{e}"),
            )])
        })?;
    Ok(png)
}

/// Removes a picture from the library; designs that used it lose the picture.
pub fn delete_asset(store: &Store, id: i64) -> Result<(), Error> {
    let file: Option<String> = store
        .conn()
        .query_row("SELECT file FROM assets WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    let Some(file) = file else {
        return Err(Error::not_found(format!("素材库里编号为 {id} 的图片")));
    };
    store
        .conn()
        .execute("DELETE FROM assets WHERE id = ?1", [id])?;
    let _ = std::fs::remove_file(store.assets_dir().join(LIBRARY_DIR).join(file));
    Ok(())
}
