//! Poster layout: the brand frame (header with logo and name, footer with address and
//! phone) around each scene's content, flowed top to bottom inside a safe area. Text
//! never leaves its box: headlines shrink to fit, and text that cannot fit is refused
//! with how many characters to cut.

mod page;
mod qr;
mod scenes;

use page::Page;
use qr::{qr_column, qr_row};
use scenes::{Body, Kind};

use std::sync::Arc;

use chrono::NaiveDate;
use image::RgbaImage;

use super::model::{FieldKind, PosterContent, PosterSize, TemplateInfo, Theme};
use crate::error::{Error, FieldError};
use crate::render::{Rgb, Scene, Stroke, TextStyle, pt_to_mm};
use crate::shop::Brand;
use crate::text::parse_yuan;

/// Where the poster's QR leads, and the member's code on a referral poster.
pub struct QrTarget {
    pub link: String,
    pub code: Option<String>,
    /// Whose referral poster this is.
    pub member: Option<String>,
}

/// Everything a layout needs besides the template and content.
pub struct Inputs<'a> {
    pub brand: &'a Brand,
    pub qr: Option<QrTarget>,
    pub photo: Option<Arc<RgbaImage>>,
    pub today: NaiveDate,
}

pub struct Laid {
    pub scene: Scene,
    pub warnings: Vec<String>,
}

struct Palette {
    bg: Rgb,
    header_bg: Rgb,
    header_fg: Rgb,
    title: Rgb,
    text: Rgb,
    muted: Rgb,
    accent: Rgb,
    /// Fill of boxes that set facts apart (gift, dates, QR row).
    panel: Rgb,
    footer_bg: Rgb,
    footer_fg: Rgb,
}

fn mix(a: Rgb, b: Rgb, t: f32) -> Rgb {
    let m = |x: u8, y: u8| (f32::from(x) * (1.0 - t) + f32::from(y) * t).round() as u8;
    Rgb(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

fn palette(theme: Theme, brand: &Brand) -> Palette {
    let festive = |bg: Rgb, header: Rgb, gold: Rgb, text: Rgb, panel: Rgb| Palette {
        bg,
        header_bg: header,
        header_fg: gold,
        title: gold,
        text,
        muted: mix(text, bg, 0.3),
        accent: gold,
        panel,
        footer_bg: header,
        footer_fg: mix(text, header, 0.2),
    };
    match theme {
        Theme::SpringFestival => festive(
            Rgb(0xB3, 0x16, 0x1B),
            Rgb(0x8E, 0x0E, 0x12),
            Rgb(0xFF, 0xD6, 0x6B),
            Rgb(0xFF, 0xF3, 0xD6),
            Rgb(0xC9, 0x25, 0x2B),
        ),
        Theme::MidAutumn => festive(
            Rgb(0x14, 0x21, 0x3D),
            Rgb(0x0D, 0x17, 0x30),
            Rgb(0xF3, 0xD2, 0x7A),
            Rgb(0xF5, 0xF0, 0xE1),
            Rgb(0x1E, 0x2E, 0x52),
        ),
        Theme::NationalDay => festive(
            Rgb(0xC8, 0x10, 0x2E),
            Rgb(0xA0, 0x0C, 0x25),
            Rgb(0xFF, 0xDE, 0x59),
            Rgb(0xFF, 0xF8, 0xE1),
            Rgb(0xD6, 0x2A, 0x44),
        ),
        Theme::Neutral => Palette {
            bg: Rgb::WHITE,
            header_bg: brand.primary,
            header_fg: Rgb::WHITE,
            title: brand.primary,
            text: Rgb(0x22, 0x22, 0x22),
            muted: Rgb(0x6B, 0x6B, 0x6B),
            accent: brand.accent,
            panel: mix(brand.primary, Rgb::WHITE, 0.9),
            footer_bg: mix(brand.primary, Rgb::WHITE, 0.9),
            footer_fg: mix(brand.primary, Rgb(0x33, 0x33, 0x33), 0.5),
        },
    }
}

/// Checks every field against its spec; all problems at once, each beside its field.
pub fn check_fields(t: &TemplateInfo, c: &PosterContent) -> Result<(), Error> {
    let mut errors = Vec::new();
    for f in &t.fields {
        let value = c.fields.get(f.key).map(|v| v.trim()).unwrap_or("");
        if value.is_empty() {
            if f.required {
                errors.push(FieldError::new(f.key, format!("请填写{}", f.label)));
            }
            continue;
        }
        let n = value.chars().count() as u32;
        if n > f.max_chars {
            errors.push(FieldError::new(
                f.key,
                format!(
                    "{}最多 {} 个字，现在 {n} 个：请删掉 {} 个字",
                    f.label,
                    f.max_chars,
                    n - f.max_chars
                ),
            ));
            continue;
        }
        let bad = match f.kind {
            FieldKind::Price => parse_yuan(value).err(),
            FieldKind::Date => crate::text::parse_day(value).err(),
            FieldKind::Time => crate::text::parse_clock(value).err(),
            FieldKind::Line | FieldKind::Paragraph => None,
        };
        if let Some(message) = bad {
            errors.push(FieldError::new(f.key, format!("{}：{message}", f.label)));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::invalid_fields(errors))
    }
}

/// "¥19.9": prices on posters drop the trailing zero of the jiao.
fn price_text(fen: i64) -> String {
    let text = crate::shop::yuan(fen);
    match text.strip_suffix('0') {
        Some(short) if text.contains('.') => short.to_owned(),
        _ => text,
    }
}

pub(super) const WEEKDAYS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

/// Lays out a poster. `content` has passed [`check_fields`].
pub fn lay_out(t: &TemplateInfo, c: &PosterContent, inputs: &Inputs) -> Result<Laid, Error> {
    let (w, h) = c.size.page_mm();
    // One layout unit: the phone poster is 108 wide; paper is squatter, so there the
    // unit follows the height too, and a square gets a tighter scale of its own.
    let u = match c.size {
        PosterSize::Square => 0.8,
        _ => (w / 108.0).min(h / 192.0),
    };
    let theme = if t.themes.is_empty() {
        Theme::Neutral
    } else {
        c.theme.unwrap_or_default()
    };
    let brand = inputs.brand;
    let p = palette(theme, brand);
    let mut s = Scene::new(w, h);
    s.rect(0.0, 0.0, w, h, Some(p.bg), None);
    let m = 6.0 * u;

    // Header: logo, shop name, slogan.
    let header_h = 18.0 * u;
    s.rect(0.0, 0.0, w, header_h, Some(p.header_bg), None);
    let mut name_x = m;
    if let Some(logo) = &brand.logo {
        let side = 11.0 * u;
        let (lw, lh) = (logo.width() as f32, logo.height() as f32);
        let k = side / lw.max(lh);
        s.image(m, (header_h - lh * k) / 2.0, lw * k, lh * k, logo.clone());
        name_x += side + 3.0 * u;
    }
    let name_w = w - name_x - m;
    let name_size = 15.0 * u;
    if brand.slogan.trim().is_empty() {
        s.text(
            name_x,
            (header_h - pt_to_mm(name_size) * 1.3) / 2.0,
            name_w,
            &brand.name,
            TextStyle::new(name_size).color(p.header_fg).max_lines(1),
        );
    } else {
        s.text(
            name_x,
            2.6 * u,
            name_w,
            &brand.name,
            TextStyle::new(name_size).color(p.header_fg).max_lines(1),
        );
        s.text(
            name_x,
            10.6 * u,
            name_w,
            brand.slogan.trim(),
            TextStyle::new(8.5 * u)
                .color(mix(p.header_fg, p.header_bg, 0.25))
                .max_lines(1),
        );
    }

    // Footer: address and phone, so a poster seen anywhere leads to the shop.
    let footer_h = 12.0 * u;
    s.rect(0.0, h - footer_h, w, footer_h, Some(p.footer_bg), None);
    let contact: Vec<&str> = [brand.address.trim(), brand.phone.trim()]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect();
    let footer_text = if contact.is_empty() {
        brand.name.clone()
    } else {
        contact.join("  ·  ")
    };
    let fsize = 8.5 * u;
    s.text(
        m,
        h - footer_h + (footer_h - pt_to_mm(fsize) * 1.3) / 2.0,
        w - 2.0 * m,
        &footer_text,
        TextStyle::new(fsize)
            .color(p.footer_fg)
            .center()
            .max_lines(1),
    );

    // The QR row sits at the bottom of the body; content flows above it.
    let body_bottom = h - footer_h - m;
    let square = c.size == PosterSize::Square;
    let q = if square { 27.0 * u } else { 33.0 * u };
    // A square has no height to spare: there the QR takes a column on the right.
    let beside = square && inputs.qr.is_some();
    let flow_bottom = match &inputs.qr {
        Some(_) if !beside => body_bottom - q - 4.0 * u,
        _ => body_bottom,
    };
    let flow_width = if beside {
        w - 2.0 * m - q - 5.0 * u
    } else {
        w - 2.0 * m
    };
    let mut page = Page {
        s,
        p,
        u,
        x0: m,
        width: flow_width,
        y: header_h + m,
        bottom: flow_bottom,
        content: c,
        template: t,
        warnings: Vec::new(),
        blocks: Vec::new(),
    };
    if theme != Theme::Neutral {
        decorate(&mut page, theme, w);
    }
    let headline_box = if square { 18.0 } else { 30.0 };

    let body = Body {
        inputs,
        square,
        headline_box,
    };
    let kind = Kind::of(t.id).ok_or_else(|| Error::not_found(format!("海报模板“{}”", t.id)))?;
    let last_field = kind.lay_out(&mut page, &body)?;
    page.check_fits(last_field)?;
    page.spread();

    if let Some(qr) = &inputs.qr {
        if beside {
            qr_column(&mut page, qr, c, w - m - q, body_bottom, q)?;
        } else {
            qr_row(&mut page, qr, c, body_bottom - q, q)?;
        }
    }
    Ok(Laid {
        scene: page.s,
        warnings: page.warnings,
    })
}

fn price_text_of(typed: &str) -> String {
    parse_yuan(typed)
        .map(price_text)
        .unwrap_or_else(|_| typed.to_owned())
}

/// Festival ornaments, kept to the margins so they never sit under text.
fn decorate(page: &mut Page, theme: Theme, w: f32) {
    let u = page.u;
    let gold = page.p.accent;
    let top = 18.0 * u;
    match theme {
        Theme::MidAutumn => {
            // A full moon in the top-right corner, its glow a shade lighter than the sky.
            let glow = mix(page.p.bg, gold, 0.18);
            page.s.circle(w - 14.0 * u, top + 14.0 * u, 15.0 * u, glow);
            page.s.circle(w - 14.0 * u, top + 14.0 * u, 11.0 * u, gold);
            for (x, y, r) in [
                (10.0, 8.0, 0.6),
                (30.0, 4.0, 0.4),
                (52.0, 10.0, 0.5),
                (70.0, 5.0, 0.35),
            ] {
                page.s.circle(x * u, top + y * u, r * u, gold);
            }
        }
        Theme::SpringFestival | Theme::NationalDay => {
            // Gold corner brackets.
            let st = Stroke {
                color: gold,
                width: 0.8 * u,
            };
            let (a, l) = (3.0 * u, 12.0 * u);
            let b = page.s.height - 12.0 * u - a;
            for (x, y, dx, dy) in [
                (a, top + a, 1.0, 1.0),
                (w - a, top + a, -1.0, 1.0),
                (a, b, 1.0, -1.0),
                (w - a, b, -1.0, -1.0),
            ] {
                page.s.line(x, y, x + dx * l, y, st);
                page.s.line(x, y, x, y + dy * l, st);
            }
            if theme == Theme::NationalDay {
                for (x, y, r) in [(92.0, 8.0, 1.2), (98.0, 14.0, 0.7), (86.0, 15.0, 0.6)] {
                    page.s.circle(x * u, top + y * u, r * u, gold);
                }
            }
        }
        Theme::Neutral => {}
    }
}
