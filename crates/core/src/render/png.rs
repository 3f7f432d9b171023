//! The PNG painter: the same scene rasterised for sending in WeChat. Glyph outlines
//! come from the bundled font through ab_glyph, advanced by the same widths the
//! layout and the PDF use.

use std::sync::OnceLock;

use ab_glyph::{Font as _, FontRef, PxScale, point};
use image::{Rgba, RgbaImage, imageops::FilterType};

use super::font::{FONT_BYTES, font, pt_to_mm};
use super::scene::{Item, Rgb, Scene, Stroke};

fn glyph_font() -> &'static FontRef<'static> {
    static GLYPHS: OnceLock<FontRef<'static>> = OnceLock::new();
    GLYPHS.get_or_init(|| {
        // Compiled in and covered by tests: failure is a build defect.
        #[allow(clippy::expect_used)]
        FontRef::try_from_slice(FONT_BYTES).expect("bundled font parses")
    })
}

struct Canvas {
    img: RgbaImage,
    px_per_mm: f32,
}

impl Canvas {
    fn blend(&mut self, x: i64, y: i64, c: Rgb, alpha: f32) {
        if x < 0 || y < 0 || x >= i64::from(self.img.width()) || y >= i64::from(self.img.height()) {
            return;
        }
        let a = alpha.clamp(0.0, 1.0);
        let p = self.img.get_pixel_mut(x as u32, y as u32);
        let mix =
            |old: u8, new: u8| (f32::from(old) * (1.0 - a) + f32::from(new) * a).round() as u8;
        *p = Rgba([mix(p[0], c.0), mix(p[1], c.1), mix(p[2], c.2), 255]);
    }

    /// Fills a rectangle given in mm, snapped to whole pixels (crisp QR modules).
    fn fill_mm(&mut self, x: f32, y: f32, w: f32, h: f32, c: Rgb) {
        let k = self.px_per_mm;
        self.fill_px(
            (x * k).round() as i64,
            (y * k).round() as i64,
            ((x + w) * k).round() as i64,
            ((y + h) * k).round() as i64,
            c,
        );
    }

    fn fill_px(&mut self, x0: i64, y0: i64, x1: i64, y1: i64, c: Rgb) {
        for y in y0..y1.max(y0 + 1) {
            for x in x0..x1.max(x0 + 1) {
                self.blend(x, y, c, 1.0);
            }
        }
    }

    /// A disc with an anti-aliased edge one pixel wide.
    fn fill_circle(&mut self, cx: f32, cy: f32, r: f32, c: Rgb) {
        let k = self.px_per_mm;
        let (cx, cy, r) = (cx * k, cy * k, r * k);
        for y in (cy - r - 1.0).floor() as i64..=(cy + r + 1.0).ceil() as i64 {
            for x in (cx - r - 1.0).floor() as i64..=(cx + r + 1.0).ceil() as i64 {
                let d = ((x as f32 + 0.5 - cx).powi(2) + (y as f32 + 0.5 - cy).powi(2)).sqrt();
                let coverage = (r - d + 0.5).clamp(0.0, 1.0);
                if coverage > 0.0 {
                    self.blend(x, y, c, coverage);
                }
            }
        }
    }

    fn stroke_rect(&mut self, x: f32, y: f32, w: f32, h: f32, s: Stroke) {
        let t = s.width;
        self.fill_mm(x - t / 2.0, y - t / 2.0, w + t, t, s.color);
        self.fill_mm(x - t / 2.0, y + h - t / 2.0, w + t, t, s.color);
        self.fill_mm(x - t / 2.0, y - t / 2.0, t, h + t, s.color);
        self.fill_mm(x + w - t / 2.0, y - t / 2.0, t, h + t, s.color);
    }
}

/// Rasterises `scene` at `px_per_mm` (11.81 is 300 dpi) on white.
pub fn to_png(scene: &Scene, px_per_mm: f32) -> RgbaImage {
    let w = (scene.width * px_per_mm).round().max(1.0) as u32;
    let h = (scene.height * px_per_mm).round().max(1.0) as u32;
    let mut canvas = Canvas {
        img: RgbaImage::from_pixel(w, h, Rgba([255, 255, 255, 255])),
        px_per_mm,
    };
    let glyphs = glyph_font();
    let metrics = font();
    for item in &scene.items {
        match item {
            Item::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                if let Some(fill) = fill {
                    canvas.fill_mm(*x, *y, *w, *h, *fill);
                }
                if let Some(stroke) = stroke {
                    canvas.stroke_rect(*x, *y, *w, *h, *stroke);
                }
            }
            Item::Circle { cx, cy, r, fill } => canvas.fill_circle(*cx, *cy, *r, *fill),
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                stroke,
            } => {
                // Only the straight lines layouts use: horizontal and vertical.
                let t = stroke.width;
                let (x, y) = (x1.min(*x2), y1.min(*y2));
                let (w, h) = ((x2 - x1).abs(), (y2 - y1).abs());
                if h < w {
                    canvas.fill_mm(x, y - t / 2.0, w, t, stroke.color);
                } else {
                    canvas.fill_mm(x - t / 2.0, y, t, h, stroke.color);
                }
            }
            Item::Text(block) => {
                let em_px = pt_to_mm(block.style.size_pt) * px_per_mm;
                // ab_glyph's scale is the ascent-to-descent height, not the em.
                let scale = PxScale::from(
                    em_px * glyphs.height_unscaled() / glyphs.units_per_em().unwrap_or(1000.0),
                );
                for line in &block.lines {
                    let mut pen = line.x * px_per_mm;
                    let baseline = line.baseline * px_per_mm;
                    for c in line.text.chars() {
                        let glyph = glyphs
                            .glyph_id(c)
                            .with_scale_and_position(scale, point(pen, baseline));
                        if let Some(outline) = glyphs.outline_glyph(glyph) {
                            let b = outline.px_bounds();
                            outline.draw(|gx, gy, coverage| {
                                canvas.blend(
                                    b.min.x as i64 + i64::from(gx),
                                    b.min.y as i64 + i64::from(gy),
                                    block.style.color,
                                    coverage,
                                );
                            });
                        }
                        pen += metrics.advance_em(c) * em_px;
                    }
                }
            }
            Item::Qr {
                x,
                y,
                size,
                matrix,
                color,
            } => {
                // Module edges are rounded to pixels one by one, so the code keeps
                // the size the PDF gives it.
                canvas.fill_mm(*x, *y, *size, *size, Rgb::WHITE);
                let module = size / matrix.span() as f32;
                for (row, col, len) in matrix.dark_runs() {
                    canvas.fill_mm(
                        x + (4 + col) as f32 * module,
                        y + (4 + row) as f32 * module,
                        len as f32 * module,
                        module,
                        *color,
                    );
                }
            }
            Item::Panel {
                x,
                y,
                scene,
                upside_down,
            } => {
                let mut sub = to_png(scene, px_per_mm);
                if *upside_down {
                    sub = image::imageops::rotate180(&sub);
                }
                let (ox, oy) = (
                    (x * px_per_mm).round() as i64,
                    (y * px_per_mm).round() as i64,
                );
                for (px, py, p) in sub.enumerate_pixels() {
                    canvas.blend(
                        ox + i64::from(px),
                        oy + i64::from(py),
                        Rgb(p[0], p[1], p[2]),
                        1.0,
                    );
                }
            }
            Item::Image { x, y, w, h, image } => {
                let tw = (w * px_per_mm).round().max(1.0) as u32;
                let th = (h * px_per_mm).round().max(1.0) as u32;
                let scaled = image::imageops::resize(&**image, tw, th, FilterType::Triangle);
                let (ox, oy) = (
                    (x * px_per_mm).round() as i64,
                    (y * px_per_mm).round() as i64,
                );
                for (px, py, p) in scaled.enumerate_pixels() {
                    canvas.blend(
                        ox + i64::from(px),
                        oy + i64::from(py),
                        Rgb(p[0], p[1], p[2]),
                        f32::from(p[3]) / 255.0,
                    );
                }
            }
        }
    }
    canvas.img
}

/// Encodes an image as PNG bytes.
pub fn encode_png(img: &RgbaImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    // Writing to memory cannot fail for a well-formed buffer.
    let _ = img.write_to(&mut out, image::ImageFormat::Png);
    out.into_inner()
}

/// [`to_png`] then [`encode_png`].
pub fn to_png_bytes(scene: &Scene, px_per_mm: f32) -> Vec<u8> {
    encode_png(&to_png(scene, px_per_mm))
}
