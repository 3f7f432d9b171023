//! The bundled font and its metrics. Widths come from the font's own advance table,
//! the same numbers the PDF viewer and the PNG painter use, so a line measured here
//! fits where it is drawn.

use std::sync::OnceLock;

/// Noto Sans CJK SC Regular cut to GBK (see `assets/fonts/README.md`, OFL-1.1).
pub(crate) static FONT_BYTES: &[u8] =
    include_bytes!("../../assets/fonts/NotoSansSC-Regular-GBK.otf");

/// What 关于 says of the font: its name, and the licence that lets us ship it.
pub const FONT_NAME: &str = "Noto Sans CJK SC Regular（按 GBK 字符集裁剪）";
pub const FONT_LICENCE_NAME: &str = "SIL Open Font License 1.1";
pub const FONT_LICENCE_TEXT: &str = include_str!("../../assets/fonts/OFL.txt");

const MM_PER_PT: f32 = 25.4 / 72.0;

/// Points to millimetres.
pub fn pt_to_mm(pt: f32) -> f32 {
    pt * MM_PER_PT
}

pub struct Font {
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
    /// Typographic ascender and descender, in em (descender negative).
    pub ascender: f32,
    pub descender: f32,
}

/// The one font, parsed once.
pub fn font() -> &'static Font {
    static FONT: OnceLock<Font> = OnceLock::new();
    FONT.get_or_init(|| {
        // The file is compiled in and checked by the tests: failing here is a build
        // defect, not a user error.
        #[allow(clippy::expect_used)]
        let face = ttf_parser::Face::parse(FONT_BYTES, 0).expect("bundled font parses");
        let units_per_em = f32::from(face.units_per_em());
        let ascender = f32::from(face.typographic_ascender().unwrap_or(face.ascender()));
        let descender = f32::from(face.typographic_descender().unwrap_or(face.descender()));
        Font {
            units_per_em,
            ascender: ascender / units_per_em,
            descender: descender / units_per_em,
            face,
        }
    })
}

impl Font {
    pub fn has(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }

    /// Advance of one character in em; a character the font lacks takes the width of
    /// the box drawn in its place.
    pub fn advance_em(&self, c: char) -> f32 {
        let glyph = self.face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
        f32::from(self.face.glyph_hor_advance(glyph).unwrap_or(0)) / self.units_per_em
    }

    /// Width of `text` set at `size_pt`, in millimetres.
    pub fn width_mm(&self, text: &str, size_pt: f32) -> f32 {
        text.chars().map(|c| self.advance_em(c)).sum::<f32>() * pt_to_mm(size_pt)
    }

    /// Printable characters of `text` the font cannot draw, each once, in order.
    pub fn missing(&self, text: &str) -> Vec<char> {
        let mut out: Vec<char> = Vec::new();
        for c in text.chars() {
            if !c.is_control() && !c.is_whitespace() && !self.has(c) && !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_font_covers_names_outside_gb2312_and_latin() {
        let f = font();
        for c in "喆堃珺垚犇赟张三ABCxyz0123456789￥¥，。！？（）《》“”".chars()
        {
            assert!(f.has(c), "{c}");
        }
        assert_eq!(f.missing("王😀小明𠀀"), ['😀', '𠀀']);
    }

    #[test]
    fn hanzi_are_one_em_and_digits_narrower() {
        let f = font();
        assert!((f.advance_em('中') - 1.0).abs() < 1e-3);
        assert!(f.advance_em('1') < 0.7);
        // 10 hanzi at 12 pt are 120 pt wide.
        assert!((f.width_mm("一二三四五六七八九十", 12.0) - pt_to_mm(120.0)).abs() < 0.01);
        assert!(f.ascender > 0.8 && f.descender < -0.1);
    }
}
