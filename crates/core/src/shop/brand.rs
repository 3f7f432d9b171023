//! The brand kit every printed or shared artifact is framed with: name, contact
//! lines, colours and logo, loaded once per render.

use std::sync::Arc;

use image::RgbaImage;

use super::{get, logo_png};
use crate::error::Error;
use crate::render::Rgb;
use crate::store::Store;

/// What the app uses before the owner picks colours (the UI's default too).
pub const DEFAULT_PRIMARY: Rgb = Rgb(0x1F, 0x7A, 0x6D);
pub const DEFAULT_ACCENT: Rgb = Rgb(0xE8, 0x9B, 0x2E);

#[derive(Clone)]
pub struct Brand {
    /// The shop's name, or “本店” before one is set.
    pub name: String,
    pub slogan: String,
    pub address: String,
    pub phone: String,
    /// The default join / contact link from settings (may be empty).
    pub link: String,
    pub primary: Rgb,
    pub accent: Rgb,
    pub logo: Option<Arc<RgbaImage>>,
}

pub fn brand(store: &Store) -> Result<Brand, Error> {
    let profile = get(store)?;
    // A logo file gone missing or unreadable only drops the logo from the artwork.
    let logo = logo_png(store)
        .ok()
        .flatten()
        .and_then(|bytes| image::load_from_memory(&bytes).ok())
        .map(|img| Arc::new(img.to_rgba8()));
    Ok(Brand {
        name: if profile.name.trim().is_empty() {
            "本店".into()
        } else {
            profile.name
        },
        slogan: profile.slogan,
        address: profile.address,
        phone: profile.phone,
        link: profile.link,
        primary: Rgb::from_hex(&profile.primary).unwrap_or(DEFAULT_PRIMARY),
        accent: Rgb::from_hex(&profile.accent).unwrap_or(DEFAULT_ACCENT),
        logo,
    })
}
