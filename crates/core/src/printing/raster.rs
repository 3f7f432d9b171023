//! PDF pages to pixels (hayro, pure Rust), for spoolers that take pictures rather
//! than PDF (Windows GDI). Tested on every system: what it draws must still scan.

use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};
use image::RgbaImage;

/// Printers finer than this get a 300-dpi picture stretched by the driver: plenty
/// for text and QR codes, and an A4 page stays near 35 MB in memory.
const MAX_DPI: f32 = 300.0;
const MM_PER_POINT: f32 = 25.4 / 72.0;

/// An opened PDF whose pages can be drawn one at a time.
pub struct Document {
    pdf: Pdf,
}

/// A page drawn at some resolution, with its size on paper.
pub struct RenderedPage {
    pub image: RgbaImage,
    pub width_mm: f32,
    pub height_mm: f32,
}

impl Document {
    pub fn open(bytes: Vec<u8>) -> Result<Document, String> {
        Pdf::new(bytes)
            .map(|pdf| Document { pdf })
            .map_err(|e| format!("这个 PDF 读不出来（{e:?}）"))
    }

    pub fn pages(&self) -> usize {
        self.pdf.pages().len()
    }

    /// Page `index` (from 0) at `dpi` (capped at 300), white behind it.
    pub fn render(&self, index: usize, dpi: f32) -> Result<RenderedPage, String> {
        let page = self
            .pdf
            .pages()
            .get(index)
            .ok_or_else(|| format!("PDF 没有第 {} 页", index + 1))?;
        let scale = dpi.clamp(36.0, MAX_DPI) / 72.0;
        let (width_pt, height_pt) = page.render_dimensions();
        let cache = RenderCache::new();
        let pixmap = hayro::render(
            page,
            &cache,
            &InterpreterSettings::default(),
            &RenderSettings::default(),
            &PixmapSettings {
                x_scale: scale,
                y_scale: scale,
                bg_color: WHITE,
            },
        );
        let (w, h) = (u32::from(pixmap.width()), u32::from(pixmap.height()));
        // On a white background every pixel is opaque, so premultiplied is plain RGBA.
        let raw = pixmap
            .data()
            .iter()
            .flat_map(|p| [p.r, p.g, p.b, p.a])
            .collect();
        let image = RgbaImage::from_raw(w, h, raw).ok_or("页面图像大小不对")?;
        Ok(RenderedPage {
            image,
            width_mm: width_pt * MM_PER_POINT,
            height_mm: height_pt * MM_PER_POINT,
        })
    }
}

/// Every page of `pdf` at `dpi`.
pub fn rasterise(pdf: &[u8], dpi: f32) -> Result<Vec<RenderedPage>, String> {
    let document = Document::open(pdf.to_vec())?;
    (0..document.pages())
        .map(|i| document.render(i, dpi))
        .collect()
}
