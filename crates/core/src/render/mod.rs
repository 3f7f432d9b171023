//! Rendering shared by every printed or shared artifact (invite cards, posters,
//! certificates, reports): one layout description ([`Scene`]) drawn by two painters,
//! PDF for printing and PNG for sending in WeChat, so the preview is what prints.
//!
//! Units are millimetres from the top-left corner of the page; font sizes are in
//! points. Only the bundled font is ever used.

mod fit;
mod font;
mod pdf;
mod png;
mod qr;
mod scene;
mod wrap;

pub use fit::{chars_over, fit_size, text_height};
pub use font::{FONT_LICENCE_NAME, FONT_LICENCE_TEXT, FONT_NAME, Font, font, pt_to_mm};
pub use pdf::to_pdf;
pub use png::{encode_png, to_png, to_png_bytes};
pub use qr::{QrError, QrMatrix, decode_qr, decode_qr_file};
pub use scene::{Align, Item, Rgb, Scene, Stroke, TextBlock, TextLine, TextStyle};
pub use wrap::wrap;

/// A warning about user text the bundled font cannot show.
pub fn missing_glyph_warning(missing: &[char]) -> Option<String> {
    if missing.is_empty() {
        return None;
    }
    let list: String = missing
        .iter()
        .map(|c| format!("“{c}”"))
        .collect::<Vec<_>>()
        .join("、");
    Some(format!(
        "内置字体里没有这些字：{list}，印出来会是空白方框，请换成常用字"
    ))
}
