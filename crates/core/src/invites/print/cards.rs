//! Drawing the cards: one card, a sheet of them with crop marks, a folded table tent,
//! a receipt slip. Each is a [`Scene`], so preview, PDF and PNG are the same drawing.

use std::sync::Arc;

use image::RgbaImage;

use super::Layout;
use crate::error::Error;
use crate::invites::model::ChannelView;
use crate::render::{self, QrMatrix, Rgb, Scene, Stroke, TextStyle};
use crate::shop;
use crate::store::Store;

/// Everything a card shows besides its code.
#[derive(Clone)]
pub struct CardStyle {
    pub shop: String,
    pub headline: String,
    pub gift: String,
    pub link: String,
    pub primary: Rgb,
    pub accent: Rgb,
    pub logo: Option<Arc<RgbaImage>>,
    link_qr: Arc<QrMatrix>,
}

impl CardStyle {
    pub fn for_channel(store: &Store, ch: &ChannelView) -> Result<CardStyle, Error> {
        let brand = shop::brand(store).map_err(|e| Error::conflict(e.to_string()))?;
        let headline = if ch.headline.is_empty() {
            "扫码进群，新品和福利第一时间知道".to_owned()
        } else {
            ch.headline.clone()
        };
        Ok(CardStyle {
            shop: brand.name,
            headline,
            gift: ch.gift.clone(),
            link: ch.link.clone(),
            primary: brand.primary,
            accent: brand.accent,
            logo: brand.logo,
            link_qr: Arc::new(
                QrMatrix::encode(&ch.link).map_err(|e| Error::invalid("link", e.to_string()))?,
            ),
        })
    }
}

/// The small QR of the code itself, for a counter scanner; seven characters always fit.
fn code_qr(s: &mut Scene, x: f32, y: f32, size: f32, code: &str) {
    if let Ok(m) = QrMatrix::encode(code) {
        s.qr(x, y, size, Arc::new(m), Rgb::BLACK);
    }
}

/// One invite card `w`×`h` mm: brand bar, shop name, headline, gift, the link's QR
/// on the right, and the code in large type with its own small QR for the scanner.
pub(super) fn card(style: &CardStyle, code: &str, w: f32, h: f32) -> Scene {
    let mut s = Scene::new(w, h);
    let pad = 3.5;
    s.rect(0.0, 0.0, 2.0, h, Some(style.primary), None);
    let q = (h - 2.0 * pad).min(34.0);
    s.qr(
        w - pad - q,
        (h - q) / 2.0,
        q,
        style.link_qr.clone(),
        Rgb::BLACK,
    );
    let left = pad + 2.0;
    let lw = w - q - left - pad - 1.0;
    let mut y = pad;
    let mut title_x = left;
    if let Some(logo) = &style.logo {
        s.image(left, y, 7.0, 7.0, logo.clone());
        title_x += 8.5;
    }
    y += s
        .text(
            title_x,
            y,
            lw - (title_x - left),
            &style.shop,
            TextStyle::new(11.0).color(style.primary).max_lines(1),
        )
        .max(7.0);
    y += 0.5;
    y += s.text(
        left,
        y,
        lw,
        &style.headline,
        TextStyle::new(7.5).max_lines(2),
    );
    if !style.gift.is_empty() {
        y += 0.5;
        s.text(
            left,
            y,
            lw,
            &format!("进群礼：{}", style.gift),
            TextStyle::new(7.5).color(style.accent).max_lines(2),
        );
    }
    // The code: small QR for the counter scanner, then the code in large type.
    let cq = 12.0;
    code_qr(&mut s, left - 1.2, h - pad - cq + 1.2, cq, code);
    s.text(
        left - 1.2 + cq + 0.5,
        h - pad - 9.0,
        lw - cq,
        "兑换码",
        TextStyle::new(6.0).color(Rgb::GREY),
    );
    // The code must stay on one line: smaller type on narrow labels.
    let code_width = lw - cq + 2.0;
    let mut size = 14.0;
    while size > 8.0 && render::font().width_mm(code, size) > code_width {
        size -= 0.5;
    }
    s.text(
        left - 1.2 + cq + 0.5,
        h - pad - 6.5,
        code_width,
        code,
        TextStyle::new(size),
    );
    s
}

/// Crop marks at the four corners of a card, outside it, 3 mm long with a 1 mm gap.
fn crop_marks(s: &mut Scene, x: f32, y: f32, w: f32, h: f32) {
    let stroke = Stroke {
        color: Rgb::BLACK,
        width: 0.15,
    };
    let (gap, len) = (1.0, 3.0);
    for (cx, dx) in [(x, -1.0), (x + w, 1.0)] {
        for (cy, dy) in [(y, -1.0), (y + h, 1.0)] {
            s.line(cx + dx * gap, cy, cx + dx * (gap + len), cy, stroke);
            s.line(cx, cy + dy * gap, cx, cy + dy * (gap + len), stroke);
        }
    }
}

/// Where the cards of a sheet go: (page width, height, card w, h, columns, rows, gutter).
fn sheet_geometry(layout: Layout) -> (f32, f32, f32, f32, usize, usize, f32) {
    match layout {
        Layout::A4_8 => (210.0, 297.0, 90.0, 64.0, 2, 4, 8.0),
        Layout::A4_10 => (210.0, 297.0, 85.0, 50.0, 2, 5, 8.0),
        Layout::Labels3x8 => (210.0, 297.0, 70.0, 37.0, 3, 8, 0.0),
        Layout::Labels2x5 => (210.0, 297.0, 105.0, 57.0, 2, 5, 0.0),
        _ => (0.0, 0.0, 0.0, 0.0, 0, 0, 0.0),
    }
}

/// The boxes of each card on a sheet page, in mm: (x, y, w, h).
pub fn card_boxes(layout: Layout) -> Vec<(f32, f32, f32, f32)> {
    let (pw, ph, w, h, cols, rows, gutter) = sheet_geometry(layout);
    let x0 = (pw - cols as f32 * w - (cols - 1) as f32 * gutter) / 2.0;
    let y0 = (ph - rows as f32 * h - (rows - 1) as f32 * gutter) / 2.0;
    (0..rows)
        .flat_map(|r| (0..cols).map(move |c| (r, c)))
        .map(|(r, c)| {
            (
                x0 + c as f32 * (w + gutter),
                y0 + r as f32 * (h + gutter),
                w,
                h,
            )
        })
        .collect()
}

fn sheet_pages(style: &CardStyle, codes: &[String], layout: Layout) -> Vec<Scene> {
    let (pw, ph, ..) = sheet_geometry(layout);
    let boxes = card_boxes(layout);
    let labels = matches!(layout, Layout::Labels3x8 | Layout::Labels2x5);
    codes
        .chunks(boxes.len())
        .map(|chunk| {
            let mut page = Scene::new(pw, ph);
            for (code, &(x, y, w, h)) in chunk.iter().zip(&boxes) {
                page.panel(x, y, card(style, code, w, h), false);
                if !labels {
                    crop_marks(&mut page, x, y, w, h);
                }
            }
            page
        })
        .collect()
}

/// One face of a table tent: big headline, gift, a large QR, the code.
fn tent_face(style: &CardStyle, code: &str, w: f32, h: f32) -> Scene {
    let k = w / 148.0;
    let mut s = Scene::new(w, h);
    s.rect(0.0, 0.0, w, 16.0 * k, Some(style.primary), None);
    s.text(
        6.0 * k,
        3.0 * k,
        w - 12.0 * k,
        &style.shop,
        TextStyle::new(20.0 * k)
            .color(Rgb::WHITE)
            .center()
            .max_lines(1),
    );
    let q = 62.0 * k;
    s.qr(
        w - q - 8.0 * k,
        22.0 * k,
        q,
        style.link_qr.clone(),
        Rgb::BLACK,
    );
    let lw = w - q - 22.0 * k;
    let mut y = 24.0 * k;
    y += s.text(
        8.0 * k,
        y,
        lw,
        &style.headline,
        TextStyle::new(16.0 * k).max_lines(3),
    );
    if !style.gift.is_empty() {
        y += 3.0 * k;
        s.text(
            8.0 * k,
            y,
            lw,
            &format!("进群礼：{}", style.gift),
            TextStyle::new(13.0 * k).color(style.accent).max_lines(2),
        );
    }
    // The code's own small QR, for the counter scanner.
    code_qr(&mut s, 6.0 * k, h - 24.0 * k, 20.0 * k, code);
    s.text(
        27.0 * k,
        h - 18.0 * k,
        lw - 19.0 * k,
        "扫右侧二维码进群，到收银台报兑换码领礼品",
        TextStyle::new(8.5 * k).color(Rgb::GREY).max_lines(2),
    );
    s.text(
        27.0 * k,
        h - 10.0 * k,
        lw - 19.0 * k,
        &format!("兑换码 {code}"),
        TextStyle::new(11.0 * k),
    );
    s
}

fn tent_page(style: &CardStyle, code: &str, layout: Layout) -> Scene {
    // The sheet is folded across the middle; the upper face is printed upside down
    // so both faces stand the right way up.
    let (w, h) = if layout == Layout::TentA6 {
        (148.0, 105.0)
    } else {
        (210.0, 148.5)
    };
    let mut page = Scene::new(w, 2.0 * h);
    page.panel(0.0, 0.0, tent_face(style, code, w, h), true);
    page.panel(0.0, h, tent_face(style, code, w, h), false);
    page.line(
        0.0,
        h,
        4.0,
        h,
        Stroke {
            color: Rgb::GREY,
            width: 0.2,
        },
    );
    page.line(
        w - 4.0,
        h,
        w,
        h,
        Stroke {
            color: Rgb::GREY,
            width: 0.2,
        },
    );
    page
}

/// A thermal slip: paper width 58 or 80 mm, printable 48 or 72 mm, as tall as its content.
fn receipt(style: &CardStyle, code: &str, layout: Layout) -> Scene {
    let (paper, printable) = if layout == Layout::Receipt58 {
        (58.0, 48.0)
    } else {
        (80.0, 72.0)
    };
    let x = (paper - printable) / 2.0;
    let mut s = Scene::new(paper, 0.0);
    let mut y = 3.0;
    y += s.text(x, y, printable, &style.shop, TextStyle::new(13.0).center());
    y += 1.0;
    y += s.text(
        x,
        y,
        printable,
        &style.headline,
        TextStyle::new(9.0).center(),
    );
    if !style.gift.is_empty() {
        y += s.text(
            x,
            y,
            printable,
            &format!("进群礼：{}", style.gift),
            TextStyle::new(9.0).center(),
        );
    }
    let q = printable.min(44.0);
    y += 1.0;
    s.qr(
        x + (printable - q) / 2.0,
        y,
        q,
        style.link_qr.clone(),
        Rgb::BLACK,
    );
    y += q + 1.0;
    y += s.text(
        x,
        y,
        printable,
        "扫码进群 · 凭兑换码到收银台领礼品",
        TextStyle::new(8.0).center(),
    );
    y += s.text(x, y, printable, code, TextStyle::new(18.0).center());
    let cq = 16.0;
    code_qr(&mut s, x + (printable - cq) / 2.0, y, cq, code);
    y += cq + 4.0;
    s.height = y;
    s
}

/// The pages of `layout` for these codes.
pub fn pages(style: &CardStyle, codes: &[String], layout: Layout) -> Vec<Scene> {
    match layout {
        Layout::A4_8 | Layout::A4_10 | Layout::Labels3x8 | Layout::Labels2x5 => {
            sheet_pages(style, codes, layout)
        }
        Layout::TentA6 | Layout::TentA5 => {
            codes.iter().map(|c| tent_page(style, c, layout)).collect()
        }
        Layout::Receipt58 | Layout::Receipt80 => {
            codes.iter().map(|c| receipt(style, c, layout)).collect()
        }
    }
}
