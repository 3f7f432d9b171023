//! The PDF painter: vector shapes and QR codes, text in the bundled font (subset to
//! the glyphs used, so a page of cards is tens of kilobytes, not megabytes).

use std::sync::OnceLock;

use printpdf::{
    Color, CurTransMat, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, RawImage, Rect, TextItem,
    WindingOrder, XObjectTransform,
};

use super::font::FONT_BYTES;
use super::scene::{Item, Rgb, Scene, Stroke};

const PT_PER_MM: f32 = 72.0 / 25.4;

fn parsed_font() -> &'static ParsedFont {
    static PARSED: OnceLock<ParsedFont> = OnceLock::new();
    PARSED.get_or_init(|| {
        // Compiled in and covered by tests: failure is a build defect.
        #[allow(clippy::expect_used)]
        ParsedFont::from_bytes(FONT_BYTES, 0, &mut Vec::new()).expect("bundled font parses")
    })
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: f32::from(c.0) / 255.0,
        g: f32::from(c.1) / 255.0,
        b: f32::from(c.2) / 255.0,
        icc_profile: None,
    })
}

/// Page coordinates: millimetres from the top-left become points from the bottom-left.
#[derive(Clone, Copy)]
struct Page {
    height: f32,
    /// Offset of the panel being drawn, in mm from the page's top-left.
    ox: f32,
    oy: f32,
}

impl Page {
    fn point(&self, x: f32, y: f32) -> Point {
        Point {
            x: Pt((self.ox + x) * PT_PER_MM),
            y: Pt((self.height - self.oy - y) * PT_PER_MM),
        }
    }

    fn rect(&self, x: f32, y: f32, w: f32, h: f32, mode: PaintMode) -> Rect {
        Rect {
            x: Pt((self.ox + x) * PT_PER_MM),
            y: Pt((self.height - self.oy - y - h) * PT_PER_MM),
            width: Pt(w * PT_PER_MM),
            height: Pt(h * PT_PER_MM),
            mode: Some(mode),
            winding_order: Some(WindingOrder::NonZero),
        }
    }
}

fn set_stroke(ops: &mut Vec<Op>, stroke: Stroke) {
    ops.push(Op::SetOutlineColor {
        col: color(stroke.color),
    });
    ops.push(Op::SetOutlineThickness {
        pt: Pt(stroke.width * PT_PER_MM),
    });
}

struct Painter<'a> {
    doc: &'a mut PdfDocument,
    font_id: printpdf::FontId,
    images: &'a mut std::collections::HashMap<usize, printpdf::XObjectId>,
}

impl Painter<'_> {
    fn paint(&mut self, ops: &mut Vec<Op>, items: &[Item], page: Page) {
        for item in items {
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
                        ops.push(Op::SetFillColor { col: color(*fill) });
                        ops.push(Op::DrawRectangle {
                            rectangle: page.rect(*x, *y, *w, *h, PaintMode::Fill),
                        });
                    }
                    if let Some(stroke) = stroke {
                        set_stroke(ops, *stroke);
                        ops.push(Op::DrawRectangle {
                            rectangle: page.rect(*x, *y, *w, *h, PaintMode::Stroke),
                        });
                    }
                }
                Item::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    stroke,
                } => {
                    set_stroke(ops, *stroke);
                    ops.push(Op::DrawLine {
                        line: Line {
                            points: vec![
                                LinePoint {
                                    p: page.point(*x1, *y1),
                                    bezier: false,
                                },
                                LinePoint {
                                    p: page.point(*x2, *y2),
                                    bezier: false,
                                },
                            ],
                            is_closed: false,
                        },
                    });
                }
                Item::Text(block) => {
                    ops.push(Op::SetFillColor {
                        col: color(block.style.color),
                    });
                    for line in &block.lines {
                        if line.text.is_empty() {
                            continue;
                        }
                        ops.push(Op::StartTextSection);
                        ops.push(Op::SetFont {
                            font: PdfFontHandle::External(self.font_id.clone()),
                            size: Pt(block.style.size_pt),
                        });
                        ops.push(Op::SetTextCursor {
                            pos: page.point(line.x, line.baseline),
                        });
                        ops.push(Op::ShowText {
                            items: vec![TextItem::Text(line.text.clone())],
                        });
                        ops.push(Op::EndTextSection);
                    }
                }
                Item::Circle { cx, cy, r, fill } => {
                    // Four cubic arcs; 0.5523 puts the control points on a circle's tangent.
                    let k = 0.552_284_8 * r;
                    let pt = |x: f32, y: f32, bezier: bool| LinePoint {
                        p: page.point(x, y),
                        bezier,
                    };
                    let (cx, cy, r) = (*cx, *cy, *r);
                    let points = vec![
                        pt(cx + r, cy, false),
                        pt(cx + r, cy + k, true),
                        pt(cx + k, cy + r, true),
                        pt(cx, cy + r, false),
                        pt(cx - k, cy + r, true),
                        pt(cx - r, cy + k, true),
                        pt(cx - r, cy, false),
                        pt(cx - r, cy - k, true),
                        pt(cx - k, cy - r, true),
                        pt(cx, cy - r, false),
                        pt(cx + k, cy - r, true),
                        pt(cx + r, cy - k, true),
                        pt(cx + r, cy, false),
                    ];
                    ops.push(Op::SetFillColor { col: color(*fill) });
                    ops.push(Op::DrawPolygon {
                        polygon: Polygon {
                            rings: vec![PolygonRing { points }],
                            mode: PaintMode::Fill,
                            winding_order: WindingOrder::NonZero,
                        },
                    });
                }
                Item::Qr {
                    x,
                    y,
                    size,
                    matrix,
                    color: dark,
                } => {
                    // The quiet zone is painted white so the code scans on any background.
                    ops.push(Op::SetFillColor {
                        col: color(Rgb::WHITE),
                    });
                    ops.push(Op::DrawRectangle {
                        rectangle: page.rect(*x, *y, *size, *size, PaintMode::Fill),
                    });
                    // Runs are drawn in module units under one transform: small
                    // integers instead of page coordinates make the content stream a
                    // fraction of the size, and identical codes compress to almost
                    // nothing (1,000 cards share one link QR).
                    let module = size / matrix.span() as f32;
                    let origin = page.point(x + 4.0 * module, y + 4.0 * module);
                    let m = module * PT_PER_MM;
                    let corner = |c: usize, r: usize| LinePoint {
                        p: Point {
                            x: Pt(c as f32),
                            y: Pt(r as f32),
                        },
                        bezier: false,
                    };
                    let rings = matrix
                        .dark_runs()
                        .into_iter()
                        .map(|(row, col, len)| PolygonRing {
                            points: vec![
                                corner(col, row),
                                corner(col + len, row),
                                corner(col + len, row + 1),
                                corner(col, row + 1),
                            ],
                        })
                        .collect();
                    ops.push(Op::SaveGraphicsState);
                    ops.push(Op::SetTransformationMatrix {
                        matrix: CurTransMat::Raw([m, 0.0, 0.0, -m, origin.x.0, origin.y.0]),
                    });
                    ops.push(Op::SetFillColor { col: color(*dark) });
                    ops.push(Op::DrawPolygon {
                        polygon: Polygon {
                            rings,
                            mode: PaintMode::Fill,
                            winding_order: WindingOrder::NonZero,
                        },
                    });
                    ops.push(Op::RestoreGraphicsState);
                }
                Item::Panel {
                    x,
                    y,
                    scene,
                    upside_down,
                } => {
                    let inner = Page {
                        height: page.height,
                        ox: page.ox + x,
                        oy: page.oy + y,
                    };
                    if *upside_down {
                        // Half a turn about the panel's centre (a folded tent's back).
                        let cx = (inner.ox + scene.width / 2.0) * PT_PER_MM;
                        let cy = (page.height - inner.oy - scene.height / 2.0) * PT_PER_MM;
                        ops.push(Op::SaveGraphicsState);
                        ops.push(Op::SetTransformationMatrix {
                            matrix: CurTransMat::Raw([-1.0, 0.0, 0.0, -1.0, 2.0 * cx, 2.0 * cy]),
                        });
                        self.paint(ops, &scene.items, inner);
                        ops.push(Op::RestoreGraphicsState);
                    } else {
                        self.paint(ops, &scene.items, inner);
                    }
                }
                Item::Image { x, y, w, h, image } => {
                    // The same picture (a logo on every card) is stored once.
                    let key = std::sync::Arc::as_ptr(image) as usize;
                    let id = match self.images.get(&key) {
                        Some(id) => Some(id.clone()),
                        None => {
                            RawImage::from_dynamic_image(for_print(image, *w))
                                .ok()
                                .map(|raw| {
                                    let id = self.doc.add_image(&raw);
                                    self.images.insert(key, id.clone());
                                    id
                                })
                        }
                    };
                    if let Some(id) = id {
                        let (px_w, px_h) = (image.width() as f32, image.height() as f32);
                        ops.push(Op::UseXobject {
                            id,
                            transform: XObjectTransform {
                                translate_x: Some(Pt((page.ox + x) * PT_PER_MM)),
                                translate_y: Some(Pt((page.height - page.oy - y - h) * PT_PER_MM)),
                                // At 72 dpi one pixel is one point; scale from there.
                                dpi: Some(72.0),
                                scale_x: Some(w * PT_PER_MM / px_w),
                                scale_y: Some(h * PT_PER_MM / px_h),
                                ..Default::default()
                            },
                        });
                    }
                }
            }
        }
    }
}

/// Finest detail worth embedding: 200 dpi at the picture's printed width.
const IMAGE_DPI: f32 = 200.0;

/// A picture as the PDF stores it: no larger than [`IMAGE_DPI`] needs at `width_mm`,
/// and without an alpha channel when it has no transparency (printpdf then stores
/// photos as JPEG with no separate mask).
fn for_print(image: &image::RgbaImage, width_mm: f32) -> image::DynamicImage {
    let picture = image::DynamicImage::ImageRgba8(image.clone());
    let target = (width_mm / 25.4 * IMAGE_DPI).ceil().max(1.0) as u32;
    let picture = if picture.width() > target + target / 20 {
        let h = (picture.height() as f32 * target as f32 / picture.width() as f32).round() as u32;
        picture.resize_exact(target, h.max(1), image::imageops::FilterType::CatmullRom)
    } else {
        picture
    };
    if picture
        .as_rgba8()
        .is_some_and(|p| p.pixels().all(|px| px[3] == 255))
    {
        image::DynamicImage::ImageRgb8(picture.to_rgb8())
    } else {
        picture
    }
}

/// Draws `pages` into one PDF document titled `title`.
pub fn to_pdf(pages: &[Scene], title: &str) -> Vec<u8> {
    let mut doc = PdfDocument::new(title);
    let font_id = doc.add_font(parsed_font());
    let mut pdf_pages = Vec::with_capacity(pages.len());
    let mut images: std::collections::HashMap<usize, printpdf::XObjectId> =
        std::collections::HashMap::new();
    for scene in pages {
        let page = Page {
            height: scene.height,
            ox: 0.0,
            oy: 0.0,
        };
        let mut ops: Vec<Op> = Vec::new();
        let mut painter = Painter {
            doc: &mut doc,
            font_id: font_id.clone(),
            images: &mut images,
        };
        painter.paint(&mut ops, &scene.items, page);
        pdf_pages.push(PdfPage::new(Mm(scene.width), Mm(scene.height), ops));
    }
    doc.with_pages(pdf_pages);
    doc.save(&PdfSaveOptions::default(), &mut Vec::new())
}
