//! Posters: scene templates framed by the shop's brand kit, laid out once and drawn
//! as PNG (for WeChat) and PDF (for print) from the same scene.

mod assets;
mod batch;
mod designs;
mod layout;
mod model;

use std::sync::Arc;

use chrono::{DateTime, Local, NaiveDate};
use image::RgbaImage;

pub use assets::{
    AssetView, Licence, NewAsset, add_asset, asset, asset_photo, asset_thumbnail, assets,
    delete_asset, update_asset_licence,
};
pub use batch::{
    BatchOutput, BatchPlan, BatchReport, BatchSkip, batch_referral, check_batch, members_from_tier,
    plan_batch,
};
pub use designs::{DesignView, delete_design, design, designs, duplicate_design, save_design};
pub use layout::check_fields;
pub use model::*;

use crate::error::{Error, FieldError};
use crate::invites;
use crate::render::{self, Scene, missing_glyph_warning};
use crate::shop;
use crate::store::Store;

/// "副标题太长：请删掉约 6 个字".
pub(crate) fn too_long(key: &str, label: &str, over: usize) -> Error {
    Error::invalid(key, format!("{label}太长，放不下：请删掉约 {over} 个字"))
}

/// A laid-out poster, ready to draw.
#[derive(Debug)]
pub struct Poster {
    pub scene: Scene,
    pub size: PosterSize,
    /// Things to tell the owner before sharing (missing characters, an expired group
    /// QR, a photo left out).
    pub warnings: Vec<String>,
    /// What the QR holds, if there is one.
    pub qr_link: Option<String>,
    /// The member's referral code on a 老带新 poster.
    pub code: Option<String>,
    /// Library pictures on it that are web images (internal reference only).
    pub web_images: Vec<String>,
    /// Why its QR leads nowhere: the group's QR has expired.
    pub expired_qr: Option<String>,
}

fn unconfirmed_message(web_images: &[String], expired_qr: Option<&str>) -> String {
    let mut parts = Vec::new();
    if !web_images.is_empty() {
        parts.push(format!(
            "海报用了网络素材{}：网上找的图片只能内部参考，发出去或印出来可能侵权。请换成自有或已授权的图片",
            web_images
                .iter()
                .map(|n| format!("“{n}”"))
                .collect::<Vec<_>>()
                .join("、")
        ));
    }
    if let Some(qr) = expired_qr {
        parts.push(format!(
            "{qr}：海报上的二维码扫了也进不了群，请先在群台账更新二维码"
        ));
    }
    format!("{}。确实要用，请确认后再导出", parts.join("；"))
}

impl Poster {
    /// Exporting or printing: a poster with a web image or an expired group QR goes
    /// out only once the owner has confirmed, having been told what it is.
    pub fn check_publishable(
        &self,
        web_images_confirmed: bool,
        expired_qr_confirmed: bool,
    ) -> Result<(), Error> {
        let web_images = if web_images_confirmed {
            Vec::new()
        } else {
            self.web_images.clone()
        };
        let expired_qr = self.expired_qr.clone().filter(|_| !expired_qr_confirmed);
        if web_images.is_empty() && expired_qr.is_none() {
            Ok(())
        } else {
            // Conflict: the fronts ask the owner and try again with the confirmation.
            Err(Error::conflict(unconfirmed_message(
                &web_images,
                expired_qr.as_deref(),
            )))
        }
    }
}

/// Lays out `content` with the shop's brand kit. `photo` is a picture the caller
/// decoded itself (the CLI's `--photo` file); with `None`, the library picture of
/// `content.photo_asset` is used (decoded once and kept for the next preview).
pub fn render(
    store: &Store,
    content: &PosterContent,
    photo: Option<Arc<RgbaImage>>,
    today: NaiveDate,
    now: DateTime<Local>,
) -> Result<Poster, Error> {
    let t = template(&content.template)
        .ok_or_else(|| Error::not_found(format!("海报模板“{}”", content.template)))?;
    check_fields(&t, content)?;
    let brand = shop::brand(store)?;
    let mut warnings = Vec::new();
    let mut web_images = Vec::new();
    let photo = match content.photo_asset {
        Some(id) if t.photo => {
            let (view, decoded) = match photo {
                Some(decoded) => (asset(store, id)?, decoded),
                None => asset_photo(store, id)?,
            };
            if view.licence == Licence::Web {
                warnings.push(format!(
                    "“{}”是网络素材，只能内部参考：导出或打印前会再确认一次",
                    view.original_name
                ));
                web_images.push(view.original_name);
            }
            Some(decoded)
        }
        _ => photo,
    };
    let mut expired_qr = None;
    let qr = resolve_qr(
        store,
        &t,
        content,
        &brand,
        (today, now),
        &mut warnings,
        &mut expired_qr,
    )?;
    let (qr_link, code) = match &qr {
        Some(q) => (Some(q.link.clone()), q.code.clone()),
        None => (None, None),
    };
    let laid = layout::lay_out(
        &t,
        content,
        &layout::Inputs {
            brand: &brand,
            qr,
            photo: if t.photo { photo } else { None },
            today,
        },
    )?;
    warnings.extend(missing_glyph_warning(&laid.scene.missing_glyphs));
    warnings.extend(laid.warnings);
    Ok(Poster {
        scene: laid.scene,
        size: content.size,
        warnings,
        qr_link,
        code,
        web_images,
        expired_qr,
    })
}

fn resolve_qr(
    store: &Store,
    t: &TemplateInfo,
    content: &PosterContent,
    brand: &shop::Brand,
    (today, now): (NaiveDate, DateTime<Local>),
    warnings: &mut Vec<String>,
    expired_qr: &mut Option<String>,
) -> Result<Option<layout::QrTarget>, Error> {
    let mut note = |status: &invites::QrStatus| {
        if let Some(w) = status.warning() {
            if status.is_expired() {
                *expired_qr = Some(w.clone());
            }
            warnings.push(w);
        }
    };
    let plain = |link: String| {
        Some(layout::QrTarget {
            link,
            code: None,
            member: None,
        })
    };
    match &content.qr {
        Some(QrSource::Member { id }) => {
            let (code, channel_id) = invites::referral_code_for(store, *id, now)?;
            note(&invites::channel(store, channel_id, today)?.qr);
            let name = crate::members::directory::name_of(store.conn(), *id)?.unwrap_or_default();
            Ok(Some(layout::QrTarget {
                link: code.link,
                code: Some(code.code),
                member: Some(name),
            }))
        }
        _ if t.qr == QrUse::Referral => Err(Error::invalid_fields(vec![FieldError::new(
            "qr",
            "老带新海报要印某位会员自己的邀请码：请选择会员",
        )])),
        Some(QrSource::Link { url }) => {
            let url = url.trim();
            match url::Url::parse(url) {
                Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {
                    Ok(plain(url.to_owned()))
                }
                _ => Err(Error::invalid_fields(vec![FieldError::new(
                    "qr",
                    format!("“{url}”不是网址：二维码链接应以 https:// 开头"),
                )])),
            }
        }
        Some(QrSource::Channel { id }) => {
            let ch = invites::channel(store, *id, today)?;
            note(&ch.qr);
            Ok(plain(ch.link))
        }
        Some(QrSource::Group { id }) => {
            let g = invites::group(store, *id, today)?;
            if g.link.is_empty() {
                return Err(Error::invalid_fields(vec![FieldError::new(
                    "qr",
                    format!("群“{}”还没有进群链接：请先到群台账里填上", g.name),
                )]));
            }
            note(&g.qr);
            Ok(plain(g.link))
        }
        // The shop's default join link from settings, when there is one.
        None if !brand.link.trim().is_empty() => Ok(plain(brand.link.trim().to_owned())),
        None => Ok(None),
    }
}

/// The poster as PNG: 1080 px wide on screen sizes, 150 dpi on paper sizes.
pub fn to_png(poster: &Poster) -> Vec<u8> {
    render::to_png_bytes(&poster.scene, poster.size.png_px_per_mm())
}

/// The poster as PDF: vector text in the subset font, vector QR.
pub fn to_pdf(poster: &Poster, title: &str) -> Vec<u8> {
    render::to_pdf(std::slice::from_ref(&poster.scene), title)
}

/// The name offered when saving a poster, without its extension:
/// `欢迎新人海报-手机-20261202`.
pub fn file_stem(content: &PosterContent, today: NaiveDate) -> String {
    let name = template(&content.template).map_or("海报", |t| t.name);
    let size = match content.size {
        PosterSize::Phone => "手机",
        PosterSize::Square => "方图",
        PosterSize::A4 => "A4",
        PosterSize::A5 => "A5",
    };
    format!("{name}海报-{size}-{}", today.format("%Y%m%d"))
}

/// A decoded product or scene photo, shared between renders.
pub type Photo = Arc<RgbaImage>;

/// Largest side a poster photo is kept at: sharp on A4 at 150 dpi, light to draw.
const PHOTO_MAX_SIDE: u32 = 1800;

/// A product or scene photo from a file, checked like every picture the app takes in.
pub fn load_photo(path: &std::path::Path) -> Result<Photo, Error> {
    let bytes = std::fs::read(path).map_err(|e| {
        Error::invalid_fields(vec![FieldError::new(
            "photo",
            format!("读不了图片 {}：{e}", path.display()),
        )])
    })?;
    photo_from_bytes(&bytes)
}

pub(crate) fn photo_from_bytes(bytes: &[u8]) -> Result<Photo, Error> {
    let picture = shop::logo::decode_checked(bytes)
        .map_err(|e| Error::invalid_fields(vec![FieldError::new("photo", e.to_string())]))?;
    let picture = if picture.width().max(picture.height()) > PHOTO_MAX_SIDE {
        picture.resize(
            PHOTO_MAX_SIDE,
            PHOTO_MAX_SIDE,
            image::imageops::FilterType::CatmullRom,
        )
    } else {
        picture
    };
    Ok(Arc::new(picture.to_rgba8()))
}
