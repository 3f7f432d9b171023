//! Poster layout: the brand frame (header with logo and name, footer with address and
//! phone) around each scene's content, flowed top to bottom inside a safe area. Text
//! never leaves its box: headlines shrink to fit, and text that cannot fit is refused
//! with how many characters to cut.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate, NaiveTime};
use image::RgbaImage;

use super::model::{FieldKind, PosterContent, PosterSize, TemplateInfo, Theme};
use crate::error::{Error, FieldError};
use crate::render::{
    Align, QrMatrix, Rgb, Scene, Stroke, TextStyle, chars_over, fit_size, font, pt_to_mm,
    text_height,
};
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
            FieldKind::Date => NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .err()
                .map(|_| format!("日期“{value}”看不懂，请写成 2026-12-06")),
            FieldKind::Time => NaiveTime::parse_from_str(value, "%H:%M")
                .err()
                .map(|_| format!("时间“{value}”看不懂，请写成 20:00")),
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

const WEEKDAYS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

/// The page being built: the scene, the flow position and the body's edges.
struct Page<'a> {
    s: Scene,
    p: Palette,
    /// Layout unit: 1 on the 108-wide screen sizes, larger on paper.
    u: f32,
    x0: f32,
    width: f32,
    y: f32,
    /// Where the flowing content must stop (above the QR row).
    bottom: f32,
    content: &'a PosterContent,
    template: &'a TemplateInfo,
    warnings: Vec<String>,
    /// The scene's item count where each content block began (for [`Page::spread`]).
    blocks: Vec<usize>,
}

impl Page<'_> {
    fn get(&self, key: &str) -> &str {
        self.content.fields.get(key).map(|v| v.trim()).unwrap_or("")
    }

    fn label(&self, key: &str) -> &'static str {
        self.template
            .fields
            .iter()
            .find(|f| f.key == key)
            .map_or("文字", |f| f.label)
    }

    fn pt(&self, size: f32) -> f32 {
        size * self.u
    }

    fn gap(&mut self, units: f32) {
        self.y += units * self.u;
    }

    /// A small filled label ("限时活动") on the left.
    fn kicker(&mut self, text: &str) {
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
    fn headline(
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
            .map_err(|over| super::too_long(key, self.label(key), over))?;
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
    fn lines(
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

    fn text_block(
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
            return Err(super::too_long(key, self.label(key), over));
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
    fn fact(&mut self, label: &str, value: &str, size: f32) -> Result<(), Error> {
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
    fn flexible(
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
        .map_err(|over| super::too_long(key, self.label(key), over))?;
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
    fn photo(&mut self, photo: Option<&Arc<RgbaImage>>) {
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

    fn begin(&mut self) {
        self.blocks.push(self.s.items.len());
    }

    /// Shares the room left under the last block out as extra space between blocks,
    /// a little at a time, so a short poster does not leave one empty hole above the QR.
    fn spread(&mut self) {
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
    fn check_fits(&self, key: &str) -> Result<(), Error> {
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
    let title = page.p.title;
    let text = page.p.text;
    let muted = page.p.muted;
    let accent = page.p.accent;

    let last_field = match t.id {
        "welcome" => {
            page.kicker("进群有礼");
            page.headline("headline", headline_box, 40.0, 20.0, Align::Left)?;
            page.lines("subhead", 13.0, 2, text, Align::Left)?;
            let gift = page.get("gift").to_owned();
            page.fact("进群礼", &gift, 13.0)?;
            let body = page.get("body").to_owned();
            page.flexible("body", &body, 17.0, 9.0, Align::Left)?;
            "body"
        }
        "flash_sale" => {
            page.kicker("限时活动");
            page.headline("headline", headline_box * 0.8, 36.0, 20.0, Align::Left)?;
            page.lines("product", 16.0, 1, text, Align::Left)?;
            page.begin();
            let price = parse_yuan(page.get("price")).unwrap_or_default();
            let price_size = page.pt(if square { 30.0 } else { 40.0 });
            let price_text = price_text(price);
            let price_w = font().width_mm(&price_text, price_size);
            let y = page.y;
            page.s.text(
                page.x0,
                y,
                page.width,
                &price_text,
                TextStyle::new(price_size).color(accent).line_height(1.1),
            );
            let original = page.get("original_price").to_owned();
            if !original.is_empty() {
                let small = page.pt(12.0);
                let was = format!("原价 {}", price_text_of(&original));
                let was_w = font().width_mm(&was, small);
                let wx = page.x0 + price_w + 4.0 * u;
                let wy = y + pt_to_mm(price_size) * 1.1 - pt_to_mm(small) * 1.5;
                page.s.text(
                    wx,
                    wy,
                    was_w + 1.0,
                    &was,
                    TextStyle::new(small).color(muted),
                );
                // The struck-through original price.
                let mid = wy + pt_to_mm(small) * 0.68;
                page.s.line(
                    wx,
                    mid,
                    wx + was_w,
                    mid,
                    Stroke {
                        color: muted,
                        width: 0.35 * u,
                    },
                );
            }
            page.y = y + pt_to_mm(price_size) * 1.1 + 3.0 * u;
            let dates = page.get("dates").to_owned();
            page.fact("活动时间", &dates, 11.0)?;
            page.lines("note", 10.0, 2, muted, Align::Left)?;
            page.photo(inputs.photo.as_ref());
            "note"
        }
        "member_day" => {
            page.kicker("会员日");
            page.headline("headline", headline_box, 40.0, 20.0, Align::Left)?;
            let date = page.get("date").to_owned();
            page.fact("时间", &date, 12.0)?;
            let perks = page
                .get("perks")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| format!("◆ {l}"))
                .collect::<Vec<_>>()
                .join("\n");
            page.flexible("perks", &perks, 20.0, 10.0, Align::Left)?;
            "perks"
        }
        "festival" => {
            page.gap(if square { 2.0 } else { 12.0 });
            page.headline("headline", headline_box + 6.0, 52.0, 24.0, Align::Center)?;
            page.gap(2.0);
            let offer = page.get("offer").to_owned();
            let greeting = page.get("greeting").to_owned();
            if !offer.is_empty() {
                // Reserve the offer's box below the greeting.
                let size = page.pt(12.0);
                let reserve = text_height(&offer, size, page.width - 20.0 * u, 1.3) + 9.0 * u;
                page.bottom -= reserve;
                page.flexible("greeting", &greeting, 17.0, 10.0, Align::Center)?;
                page.bottom += reserve;
                page.fact("节日礼", &offer, 12.0)?;
            } else {
                page.flexible("greeting", &greeting, 17.0, 10.0, Align::Center)?;
            }
            "greeting"
        }
        "live" => {
            page.kicker("直播预告");
            page.headline("headline", headline_box * 0.8, 36.0, 20.0, Align::Left)?;
            let date =
                NaiveDate::parse_from_str(page.get("date"), "%Y-%m-%d").unwrap_or(inputs.today);
            let when = format!(
                "{}月{}日 {} {}",
                date.month(),
                date.day(),
                WEEKDAYS[date.weekday().num_days_from_monday() as usize],
                page.get("time")
            );
            page.begin();
            let size = page.pt(if square { 20.0 } else { 26.0 });
            page.s.text(
                page.x0,
                page.y,
                page.width,
                &when,
                TextStyle::new(size).color(accent).max_lines(1),
            );
            page.y += pt_to_mm(size) * 1.3 + 2.0 * u;
            let days = (date - inputs.today).num_days();
            let countdown = match days {
                d if d > 1 => format!("距开播还有 {d} 天"),
                1 => "明天开播".to_owned(),
                0 => "今天开播，不见不散".to_owned(),
                _ => {
                    page.warnings
                        .push(format!("开播日期 {date} 已经过去了，请检查日期"));
                    "直播已结束，回放请进群看".to_owned()
                }
            };
            page.text_block("date", &countdown, 12.0, 1, title, Align::Left)?;
            let host = page.get("host").to_owned();
            if !host.is_empty() {
                page.text_block("host", &format!("主播：{host}"), 11.0, 1, text, Align::Left)?;
            }
            let perk = page.get("perk").to_owned();
            page.fact("预约福利", &perk, 11.0)?;
            page.photo(inputs.photo.as_ref());
            "perk"
        }
        "tip" => {
            let title_text = page.get("title").to_owned();
            page.kicker(&title_text);
            page.headline("headline", headline_box * 0.75, 28.0, 16.0, Align::Left)?;
            let body = page.get("body").to_owned();
            let source = page.get("source").to_owned();
            let reserve = if source.is_empty() {
                0.0
            } else {
                pt_to_mm(page.pt(10.0)) * 1.35 + 3.0 * u
            };
            page.bottom -= reserve;
            page.flexible("body", &body, 16.0, 9.5, Align::Left)?;
            page.bottom += reserve;
            if !source.is_empty() {
                page.text_block(
                    "source",
                    &format!("—— {source}"),
                    10.0,
                    1,
                    muted,
                    Align::Right,
                )?;
            }
            "body"
        }
        "notice" => {
            page.headline(
                "title",
                if square { 12.0 } else { 16.0 },
                30.0,
                18.0,
                Align::Center,
            )?;
            page.begin();
            let y = page.y;
            page.s.line(
                page.x0,
                y,
                page.x0 + page.width,
                y,
                Stroke {
                    color: accent,
                    width: 0.5 * u,
                },
            );
            page.gap(4.0);
            let body = page.get("body").to_owned();
            let signature = page.get("signature").to_owned();
            let reserve = if signature.is_empty() {
                0.0
            } else {
                pt_to_mm(page.pt(11.0)) * 1.35 + 3.0 * u
            };
            page.bottom -= reserve;
            page.flexible("body", &body, 16.0, 9.5, Align::Left)?;
            page.bottom += reserve;
            if !signature.is_empty() {
                page.text_block("signature", &signature, 11.0, 1, muted, Align::Right)?;
            }
            "body"
        }
        "referral" => {
            page.kicker("老带新");
            if let Some(name) = inputs.qr.as_ref().and_then(|q| q.member.as_deref()) {
                page.text_block(
                    "headline",
                    &format!("{name} 邀请你"),
                    13.0,
                    1,
                    text,
                    Align::Left,
                )?;
            }
            page.headline("headline", headline_box, 40.0, 20.0, Align::Left)?;
            let perk = page.get("perk").to_owned();
            page.fact("福利", &perk, 13.0)?;
            page.lines("note", 11.0, 2, muted, Align::Left)?;
            "note"
        }
        other => {
            return Err(Error::not_found(format!("海报模板“{other}”")));
        }
    };
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

/// The bottom row: call to action (or the referral code) on the left, QR on the right.
fn qr_row(
    page: &mut Page,
    qr: &QrTarget,
    c: &PosterContent,
    top: f32,
    q: f32,
) -> Result<(), Error> {
    let u = page.u;
    let matrix = QrMatrix::encode(&qr.link)
        .map_err(|e| Error::invalid_fields(vec![FieldError::new("qr", e.to_string())]))?;
    page.s
        .rect(page.x0, top, page.width, q, Some(page.p.panel), None);
    page.s.qr(
        page.x0 + page.width - q,
        top,
        q,
        Arc::new(matrix),
        Rgb::BLACK,
    );
    let left = page.x0 + 4.0 * u;
    let col = page.width - q - 8.0 * u;
    let mut y = top + 4.0 * u;
    let cta = cta_text(qr, c);
    let size = 15.0 * u;
    y += page.s.text(
        left,
        y,
        col,
        cta,
        TextStyle::new(size).color(page.p.title).max_lines(2),
    );
    y += 1.5 * u;
    match &qr.code {
        Some(code) => {
            let small = 9.0 * u;
            y += page.s.text(
                left,
                y,
                col,
                "到店出示邀请码",
                TextStyle::new(small).color(page.p.muted),
            );
            let big = 20.0 * u;
            page.s.text(
                left,
                y,
                col,
                code,
                TextStyle::new(big).color(page.p.title).max_lines(1),
            );
        }
        None => {
            page.s.text(
                left,
                y,
                col,
                "长按识别二维码，或用微信扫一扫",
                TextStyle::new(9.0 * u).color(page.p.muted).max_lines(2),
            );
        }
    }
    Ok(())
}

fn cta_text<'a>(qr: &QrTarget, c: &'a PosterContent) -> &'a str {
    c.fields
        .get("cta")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .unwrap_or(if qr.code.is_some() {
            "扫码进群领福利"
        } else {
            "扫码进群"
        })
}

/// The square's right column: call to action above the QR, the code below it.
fn qr_column(
    page: &mut Page,
    qr: &QrTarget,
    c: &PosterContent,
    x: f32,
    bottom: f32,
    q: f32,
) -> Result<(), Error> {
    let u = page.u;
    let matrix = QrMatrix::encode(&qr.link)
        .map_err(|e| Error::invalid_fields(vec![FieldError::new("qr", e.to_string())]))?;
    let size = 10.0 * u;
    let cta = cta_text(qr, c);
    let cta_h = text_height(cta, size, q, 1.3);
    let code_h = if qr.code.is_some() {
        pt_to_mm(13.0 * u) * 1.3 + 1.0 * u
    } else {
        0.0
    };
    let top = bottom - q - cta_h - code_h - 3.0 * u;
    page.s
        .rect(x, top, q, bottom - top, Some(page.p.panel), None);
    page.s.text(
        x,
        top + 1.5 * u,
        q,
        cta,
        TextStyle::new(size).color(page.p.title).center(),
    );
    let qy = top + cta_h + 2.0 * u;
    page.s.qr(x, qy, q, Arc::new(matrix), Rgb::BLACK);
    if let Some(code) = &qr.code {
        page.s.text(
            x,
            qy + q + 0.5 * u,
            q,
            code,
            TextStyle::new(13.0 * u)
                .color(page.p.accent)
                .center()
                .max_lines(1),
        );
    }
    Ok(())
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
