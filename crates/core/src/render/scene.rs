//! The layout description both painters draw: a page of rectangles, lines, text
//! blocks (already broken into lines), QR codes and images.

use std::sync::Arc;

use image::RgbaImage;

use super::font::{font, pt_to_mm};
use super::qr::QrMatrix;
use super::wrap::wrap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub const BLACK: Rgb = Rgb(0, 0, 0);
    pub const WHITE: Rgb = Rgb(255, 255, 255);
    pub const GREY: Rgb = Rgb(120, 120, 120);

    /// `#RRGGBB` (the brand colours in the shop profile); anything else is `None`.
    pub fn from_hex(hex: &str) -> Option<Rgb> {
        let h = hex.trim().strip_prefix('#')?;
        if h.len() != 6 || !h.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
        Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub color: Rgb,
    pub width: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    pub size_pt: f32,
    pub color: Rgb,
    pub align: Align,
    /// Line pitch as a multiple of the font size.
    pub line_height: f32,
    /// Lines beyond this are dropped and the last kept line ends with "…".
    pub max_lines: Option<usize>,
}

impl TextStyle {
    pub fn new(size_pt: f32) -> TextStyle {
        TextStyle {
            size_pt,
            color: Rgb::BLACK,
            align: Align::Left,
            line_height: 1.3,
            max_lines: None,
        }
    }

    pub fn color(mut self, color: Rgb) -> Self {
        self.color = color;
        self
    }

    pub fn center(mut self) -> Self {
        self.align = Align::Center;
        self
    }

    pub fn line_height(mut self, pitch: f32) -> Self {
        self.line_height = pitch;
        self
    }

    pub fn align(mut self, align: Align) -> Self {
        self.align = align;
        self
    }

    pub fn max_lines(mut self, n: usize) -> Self {
        self.max_lines = Some(n);
        self
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    pub text: String,
    /// Left edge of the line and its baseline, in mm on the page.
    pub x: f32,
    pub baseline: f32,
}

/// Text laid out once: both painters draw these lines where they are.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBlock {
    pub style: TextStyle,
    pub lines: Vec<TextLine>,
    /// Height taken on the page, in mm.
    pub height: f32,
}

#[derive(Debug, Clone)]
pub enum Item {
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
    },
    /// A filled disc (a festival moon, decorative dots).
    Circle {
        cx: f32,
        cy: f32,
        r: f32,
        fill: Rgb,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        stroke: Stroke,
    },
    Text(TextBlock),
    /// A QR code; `size` is the whole white square including the 4-module quiet zone.
    Qr {
        x: f32,
        y: f32,
        size: f32,
        matrix: Arc<QrMatrix>,
        color: Rgb,
    },
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        image: Arc<RgbaImage>,
    },
    /// A smaller scene placed at `x, y`, optionally turned half round (the back of
    /// a folded table tent reads right way up once folded).
    Panel {
        x: f32,
        y: f32,
        scene: Box<Scene>,
        upside_down: bool,
    },
}

impl Item {
    /// Moves the item down by `dy` mm (a layout spreading its blocks over spare room).
    pub fn shift_y(&mut self, dy: f32) {
        match self {
            Item::Rect { y, .. }
            | Item::Qr { y, .. }
            | Item::Image { y, .. }
            | Item::Panel { y, .. } => *y += dy,
            Item::Circle { cy, .. } => *cy += dy,
            Item::Line { y1, y2, .. } => {
                *y1 += dy;
                *y2 += dy;
            }
            Item::Text(block) => {
                for line in &mut block.lines {
                    line.baseline += dy;
                }
            }
        }
    }
}

/// One page.
#[derive(Debug, Clone)]
pub struct Scene {
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
    /// Characters of user text the font lacks, each once.
    pub missing_glyphs: Vec<char>,
}

impl Scene {
    pub fn new(width: f32, height: f32) -> Scene {
        Scene {
            width,
            height,
            items: Vec::new(),
            missing_glyphs: Vec::new(),
        }
    }

    pub fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
    ) {
        self.items.push(Item::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        });
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, stroke: Stroke) {
        self.items.push(Item::Line {
            x1,
            y1,
            x2,
            y2,
            stroke,
        });
    }

    pub fn circle(&mut self, cx: f32, cy: f32, r: f32, fill: Rgb) {
        self.items.push(Item::Circle { cx, cy, r, fill });
    }

    pub fn qr(&mut self, x: f32, y: f32, size: f32, matrix: Arc<QrMatrix>, color: Rgb) {
        self.items.push(Item::Qr {
            x,
            y,
            size,
            matrix,
            color,
        });
    }

    pub fn image(&mut self, x: f32, y: f32, w: f32, h: f32, image: Arc<RgbaImage>) {
        self.items.push(Item::Image { x, y, w, h, image });
    }

    pub fn panel(&mut self, x: f32, y: f32, scene: Scene, upside_down: bool) {
        for c in &scene.missing_glyphs {
            if !self.missing_glyphs.contains(c) {
                self.missing_glyphs.push(*c);
            }
        }
        self.items.push(Item::Panel {
            x,
            y,
            scene: Box::new(scene),
            upside_down,
        });
    }

    /// Lays `text` out in a box `width` wide with its top at `y`, and returns the
    /// height it took.
    pub fn text(&mut self, x: f32, y: f32, width: f32, text: &str, style: TextStyle) -> f32 {
        let block = layout(x, y, width, text, style);
        let height = block.height;
        for c in font().missing(text) {
            if !self.missing_glyphs.contains(&c) {
                self.missing_glyphs.push(c);
            }
        }
        self.items.push(Item::Text(block));
        height
    }
}

/// Breaks and places `text` (see [`Scene::text`]).
pub fn layout(x: f32, y: f32, width: f32, text: &str, style: TextStyle) -> TextBlock {
    let f = font();
    let mut lines = wrap(text, style.size_pt, width);
    if let Some(max) = style.max_lines
        && lines.len() > max
    {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && f.width_mm(&format!("{last}…"), style.size_pt) > width {
                last.pop();
            }
            last.push('…');
        }
    }
    let size = pt_to_mm(style.size_pt);
    let pitch = size * style.line_height;
    // The glyphs' em box sits centred in each line's pitch.
    let first_baseline = y + (pitch - size) / 2.0 + f.ascender / (f.ascender - f.descender) * size;
    let placed = lines
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let w = f.width_mm(&text, style.size_pt);
            let x = match style.align {
                Align::Left => x,
                Align::Center => x + (width - w) / 2.0,
                Align::Right => x + width - w,
            };
            TextLine {
                text,
                x,
                baseline: first_baseline + pitch * i as f32,
            }
        })
        .collect::<Vec<_>>();
    TextBlock {
        style,
        height: pitch * placed.len() as f32,
        lines: placed,
    }
}
