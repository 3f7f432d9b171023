//! The letterhead of every A4 document the app prints (checklists, the SOP week,
//! reports): the brand colour across the top, the shop's name, the title, and page
//! numbers at the foot.

use super::Brand;
use crate::render::{Align, Rgb, Scene, TextStyle};

pub const A4: (f32, f32) = (210.0, 297.0);
pub const MARGIN: f32 = 15.0;

/// A page header in the brand colour; returns where the content starts.
pub fn header(page: &mut Scene, brand: &Brand, title: &str, subtitle: &str) -> f32 {
    let w = page.width;
    page.rect(0.0, 0.0, w, 8.0, Some(brand.primary), None);
    let mut y = 13.0;
    y += page.text(
        MARGIN,
        y,
        w - 2.0 * MARGIN,
        &brand.name,
        TextStyle::new(10.0).color(Rgb::GREY),
    );
    y += page.text(MARGIN, y, w - 2.0 * MARGIN, title, TextStyle::new(18.0));
    if !subtitle.is_empty() {
        y += 1.0;
        y += page.text(
            MARGIN,
            y,
            w - 2.0 * MARGIN,
            subtitle,
            TextStyle::new(10.0).color(Rgb::GREY),
        );
    }
    y + 4.0
}

pub fn footers(pages: &mut [Scene]) {
    let n = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        let (w, h) = (page.width, page.height);
        page.text(
            MARGIN,
            h - 10.0,
            w - 2.0 * MARGIN,
            &format!("第 {} / {n} 页", i + 1),
            TextStyle::new(8.0).color(Rgb::GREY).align(Align::Right),
        );
    }
}
