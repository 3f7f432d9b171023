//! The page a layout flows its blocks onto.

use std::sync::Arc;

use image::RgbaImage;

use super::Palette;
use crate::error::{Error, FieldError};
use crate::posters::model::{PosterContent, PosterSize, TemplateInfo};
use crate::render::{
    Align, Rgb, Scene, TextStyle, chars_over, fit_size, font, pt_to_mm, text_height,
};

/// The page being built: the scene, the flow position and the body's edges.
pub(super) struct Page<'a> {
    pub s: Scene,
    pub p: Palette,
    /// Layout unit: 1 on the 108-wide screen sizes, larger on paper.
    pub u: f32,
    pub x0: f32,
    pub width: f32,
    pub y: f32,
    /// Where the flowing content must stop (above the QR row).
    pub bottom: f32,
    pub content: &'a PosterContent,
    pub template: &'a TemplateInfo,
    pub warnings: Vec<String>,
    /// The scene's item count where each content block began (for [`Page::spread`]).
    pub blocks: Vec<usize>,
}

impl Page<'_> {
    pub(super) fn get(&self, key: &str) -> &str {
        self.content.fields.get(key).map(|v| v.trim()).unwrap_or("")
    }

    pub(super) fn label(&self, key: &str) -> &'static str {
        self.template
            .fields
            .iter()
            .find(|f| f.key == key)
            .map_or("文字", |f| f.label)
    }

    pub(super) fn pt(&self, size: f32) -> f32 {
        size * self.u
    }

    pub(super) fn gap(&mut self, units: f32) {
        self.y += units * self.u;
    }

    /// A small filled label ("限时活动") on the left.
    pub(super) fn kicker(&mut self, text: &str) {
        self.begin();
        let size = self.pt(10.0);
        let w = font().width_mm(text, size) + 6.0 * self.u;
        let h = pt_to_mm(size) * 1.9;
        self.s
            .rect(self.x0, self.y, w, h, Some(self.p.accent), None);
        let fg = if self.p.bg == Rgb::WHITE {
            Rgb::WHITE
        } else {
            self.p.bg
        };
        self.s.text(
            self.x0 + 3.0 * self.u,
            self.y + (h - pt_to_mm(size) * 1.3) / 2.0,
            w,
            text,
            TextStyle::new(size).color(fg),
        );
        self.y += h + 4.0 * self.u;
    }

    /// The headline, as large as its box allows, shrinking down to `min` points.
    pub(super) fn headline(
        &mut self,
        key: &str,
        box_units: f32,
        max: f32,
        min: f32,
        align: Align,
    ) -> Result<(), Error> {
        self.begin();
        let text = self.get(key).to_owned();
        let h = box_units * self.u;
        let size = fit_size(&text, self.width, h, self.pt(max), self.pt(min), 1.15)
            .map_err(|over| crate::posters::too_long(key, self.label(key), over))?;
        let used = text_height(&text, size, self.width, 1.15);
        self.s.text(
            self.x0,
            self.y,
            self.width,
            &text,
            TextStyle::new(size)
                .color(self.p.title)
                .line_height(1.15)
                .align(align),
        );
        self.y += used + 3.0 * self.u;
        Ok(())
    }

    /// A block of text of a fixed size that may take at most `max_lines` lines.
    pub(super) fn lines(
        &mut self,
        key: &str,
        size: f32,
        max_lines: usize,
        color: Rgb,
        align: Align,
    ) -> Result<(), Error> {
        let text = self.get(key).to_owned();
        if text.is_empty() {
            return Ok(());
        }
        self.text_block(key, &text, size, max_lines, color, align)
    }

    pub(super) fn text_block(
        &mut self,
        key: &str,
        text: &str,
        size: f32,
        max_lines: usize,
        color: Rgb,
        align: Align,
    ) -> Result<(), Error> {
        self.begin();
        let size = self.pt(size);
        let limit = pt_to_mm(size) * 1.35 * max_lines as f32;
        let over = chars_over(text, size, self.width, limit, 1.35);
        if over > 0 {
            return Err(crate::posters::too_long(key, self.label(key), over));
        }
        let used = text_height(text, size, self.width, 1.35);
        self.s.text(
            self.x0,
            self.y,
            self.width,
            text,
            TextStyle::new(size)
                .color(color)
                .line_height(1.35)
                .align(align),
        );
        self.y += used + 2.5 * self.u;
        Ok(())
    }

    /// A tinted box with a label and a value ("进群礼  到店送卤蛋").
    pub(super) fn fact(&mut self, label: &str, value: &str, size: f32) -> Result<(), Error> {
        self.begin();
        if value.is_empty() {
            return Ok(());
        }
        let pad = 3.0 * self.u;
        let size = self.pt(size);
        let label_w = font().width_mm(label, size) + 2.5 * self.u;
        let inner = self.width - 2.0 * pad - label_w;
        let h = text_height(value, size, inner, 1.3).max(pt_to_mm(size) * 1.3) + 2.0 * pad;
        self.s
            .rect(self.x0, self.y, self.width, h, Some(self.p.panel), None);
        self.s
            .rect(self.x0, self.y, 1.2 * self.u, h, Some(self.p.accent), None);
        self.s.text(
            self.x0 + pad,
            self.y + pad,
            label_w,
            label,
            TextStyle::new(size).color(self.p.accent),
        );
        self.s.text(
            self.x0 + pad + label_w,
            self.y + pad,
            inner,
            value,
            TextStyle::new(size).color(self.p.text),
        );
        self.y += h + 3.0 * self.u;
        Ok(())
    }

    /// Text that takes the room left above the QR row, shrinking from `max` to `min`.
    pub(super) fn flexible(
        &mut self,
        key: &str,
        text: &str,
        max: f32,
        min: f32,
        align: Align,
    ) -> Result<(), Error> {
        self.begin();
        if text.is_empty() {
            return Ok(());
        }
        let room = self.bottom - self.y;
        let size = fit_size(
            text,
            self.width,
            room.max(0.0),
            self.pt(max),
            self.pt(min),
            1.45,
        )
        .map_err(|over| crate::posters::too_long(key, self.label(key), over))?;
        let used = text_height(text, size, self.width, 1.45);
        self.s.text(
            self.x0,
            self.y,
            self.width,
            text,
            TextStyle::new(size)
                .color(self.p.text)
                .line_height(1.45)
                .align(align),
        );
        self.y += used + 2.5 * self.u;
        Ok(())
    }

    /// The photo, fitted whole into the room left (never cropped or stretched).
    pub(super) fn photo(&mut self, photo: Option<&Arc<RgbaImage>>) {
        self.begin();
        let Some(img) = photo else { return };
        // The gap under the photo is part of the room it may take.
        let room = self.bottom - self.y - 3.0 * self.u;
        if room < 20.0 * self.u {
            self.warnings.push(format!(
                "这个尺寸放不下商品图片，已省略；换成“{}”可以放下",
                PosterSize::Phone.label()
            ));
            return;
        }
        let (iw, ih) = (img.width() as f32, img.height() as f32);
        let scale = (self.width / iw).min(room / ih);
        let (w, h) = (iw * scale, ih * scale);
        self.s
            .image(self.x0 + (self.width - w) / 2.0, self.y, w, h, img.clone());
        self.y += h + 3.0 * self.u;
    }

    pub(super) fn begin(&mut self) {
        self.blocks.push(self.s.items.len());
    }

    /// Shares the room left under the last block out as extra space between blocks,
    /// a little at a time, so a short poster does not leave one empty hole above the QR.
    pub(super) fn spread(&mut self) {
        let spare = self.bottom - self.y;
        let gaps = self.blocks.len().saturating_sub(1);
        if spare <= 2.0 * self.u || gaps == 0 {
            return;
        }
        let step = (spare * 0.6 / gaps as f32).min(9.0 * self.u);
        let starts = self.blocks.clone();
        for (i, start) in starts.iter().enumerate().skip(1) {
            let end = starts.get(i + 1).copied().unwrap_or(self.s.items.len());
            for item in &mut self.s.items[*start..end] {
                item.shift_y(step * i as f32);
            }
        }
        self.y += step * gaps as f32;
    }

    /// Fails when the flow ran past the QR row: names the field to shorten.
    pub(super) fn check_fits(&self, key: &str) -> Result<(), Error> {
        if self.y - 2.0 * self.u > self.bottom + 1e-3 {
            return Err(Error::invalid_fields(vec![FieldError::new(
                key,
                format!(
                    "内容太多，这个尺寸放不下：请精简{}，或换成手机竖版",
                    self.label(key)
                ),
            )]));
        }
        Ok(())
    }
}
