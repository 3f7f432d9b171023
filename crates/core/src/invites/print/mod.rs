//! Printed invites: A4 card sheets with crop marks, folded table tents, sticker-label
//! sheets, thermal receipt slips and a single card as PNG. Every layout is a list of
//! [`Scene`] pages, so the preview, the PDF and the PNG come from the same drawing.

use chrono::{DateTime, Local, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::channels::{
    channel, check_printable, generate_codes, mark_printed, referral_code_for, unprinted_codes,
};
use super::model::ChannelView;
use crate::error::Error;
use crate::render::{self, Scene, missing_glyph_warning};
use crate::store::Store;

mod cards;

use cards::card;
pub use cards::{CardStyle, card_boxes, pages};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
/// Serialised with the CLI's `--layout` names.
pub enum Layout {
    #[serde(rename = "a4-8")]
    A4_8,
    #[serde(rename = "a4-10")]
    A4_10,
    #[serde(rename = "tent-a6")]
    TentA6,
    #[serde(rename = "tent-a5")]
    TentA5,
    #[serde(rename = "labels-3x8")]
    Labels3x8,
    #[serde(rename = "labels-2x5")]
    Labels2x5,
    #[serde(rename = "receipt-58")]
    Receipt58,
    #[serde(rename = "receipt-80")]
    Receipt80,
}

impl Layout {
    pub const ALL: [Layout; 8] = [
        Layout::A4_8,
        Layout::A4_10,
        Layout::TentA6,
        Layout::TentA5,
        Layout::Labels3x8,
        Layout::Labels2x5,
        Layout::Receipt58,
        Layout::Receipt80,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Layout::A4_8 => "a4-8",
            Layout::A4_10 => "a4-10",
            Layout::TentA6 => "tent-a6",
            Layout::TentA5 => "tent-a5",
            Layout::Labels3x8 => "labels-3x8",
            Layout::Labels2x5 => "labels-2x5",
            Layout::Receipt58 => "receipt-58",
            Layout::Receipt80 => "receipt-80",
        }
    }

    pub fn parse(s: &str) -> Option<Layout> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// What the layout is, with its dimensions, for the print dialog.
    pub fn label(self) -> &'static str {
        match self {
            Layout::A4_8 => "A4 邀请卡 8 张/页（每张 90×64 mm，带裁切线）",
            Layout::A4_10 => "A4 邀请卡 10 张/页（每张 85×50 mm，带裁切线）",
            Layout::TentA6 => "A6 台卡（A5 纸对折，每面 148×105 mm）",
            Layout::TentA5 => "A5 台卡（A4 纸对折，每面 210×148 mm）",
            Layout::Labels3x8 => "A4 不干胶 3×8（每枚 70×37 mm）",
            Layout::Labels2x5 => "A4 不干胶 2×5（每枚 105×57 mm）",
            Layout::Receipt58 => "58 mm 小票（可印宽 48 mm）",
            Layout::Receipt80 => "80 mm 小票（可印宽 72 mm）",
        }
    }

    /// Codes one page holds (receipts: one slip per page).
    pub fn per_page(self) -> usize {
        match self {
            Layout::A4_8 => 8,
            Layout::A4_10 => 10,
            Layout::TentA6 | Layout::TentA5 => 1,
            Layout::Labels3x8 => 24,
            Layout::Labels2x5 => 10,
            Layout::Receipt58 | Layout::Receipt80 => 1,
        }
    }
}

/// A layout as the print dialog lists it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct LayoutInfo {
    pub layout: Layout,
    pub label: &'static str,
    pub per_page: u32,
}

/// Every layout, in the order the print dialog offers them.
pub fn layouts() -> Vec<LayoutInfo> {
    Layout::ALL
        .into_iter()
        .map(|layout| LayoutInfo {
            layout,
            label: layout.label(),
            per_page: layout.per_page() as u32,
        })
        .collect()
}

/// What a print run made.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PrintRun {
    pub codes: Vec<String>,
    pub pages: u32,
    /// Things to tell the user (characters the font lacks).
    pub warnings: Vec<String>,
    /// The name to offer when saving it (see [`sheet_file_name`]).
    pub file_name: String,
    /// A member's own 老带新 code, handed out again and again: handing the card over
    /// never counts it as printed ([`confirm_printed`] leaves it alone).
    pub referral: bool,
}

/// The name offered for a sheet of codes: `邀请码-a4-8-20261202.pdf`. A free function
/// because the app asks where to save before the codes are laid out (a cancelled
/// dialog must not use up codes).
pub fn sheet_file_name(layout: Layout, today: NaiveDate) -> String {
    format!("邀请码-{}-{}.pdf", layout.as_str(), today.format("%Y%m%d"))
}

fn check_count(count: u32) -> Result<(), Error> {
    if count == 0 || count > super::channels::MAX_BATCH {
        return Err(Error::invalid(
            "count",
            format!("一次可印 1 到 {} 张", super::channels::MAX_BATCH),
        ));
    }
    Ok(())
}

/// What to tell the owner about a run: characters the font lacks, the group QR's state.
fn run_warnings(scenes: &[Scene], ch: &ChannelView) -> Vec<String> {
    let mut missing = Vec::new();
    for p in scenes {
        for c in &p.missing_glyphs {
            if !missing.contains(c) {
                missing.push(*c);
            }
        }
    }
    missing_glyph_warning(&missing)
        .into_iter()
        .chain(ch.qr.warning())
        .collect()
}

/// The first page of a print run, before anything is printed or stored.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PrintPreview {
    pub pages: u32,
    /// Codes the run takes from those made earlier and not printed yet.
    pub unprinted: u32,
    /// Codes the run will make.
    pub new_codes: u32,
    pub width_mm: f32,
    pub height_mm: f32,
    pub warnings: Vec<String>,
}

/// Page 1 of what [`print_codes`] would print, as PNG. The channel's unprinted codes
/// fill it and sample codes (never stored) stand in for the ones not made yet, so
/// looking costs no codes.
pub fn preview(
    store: &Store,
    channel_id: i64,
    layout: Layout,
    count: u32,
    today: NaiveDate,
) -> Result<(Vec<u8>, PrintPreview), Error> {
    check_count(count)?;
    let ch = channel(store, channel_id, today)?;
    let unprinted = unprinted_codes(store, channel_id, count)?;
    let on_first_page = (count as usize).min(layout.per_page());
    let mut codes: Vec<String> = unprinted.iter().take(on_first_page).cloned().collect();
    while codes.len() < on_first_page {
        codes.push(super::code::generate());
    }
    let style = CardStyle::for_channel(store, &ch)?;
    let first = pages(&style, &codes, layout);
    let per_page = layout.per_page() as u32;
    let info = PrintPreview {
        pages: count.div_ceil(per_page),
        unprinted: unprinted.len() as u32,
        new_codes: count - unprinted.len() as u32,
        width_mm: first[0].width,
        height_mm: first[0].height,
        warnings: run_warnings(&first, &ch),
    };
    // About 1400 px on the long side: sharp in the dialog, small to send over IPC.
    let px_per_mm = (1400.0 / first[0].width.max(first[0].height)).min(12.0);
    Ok((render::to_png_bytes(&first[0], px_per_mm), info))
}

/// Prints `count` codes of a channel (its unprinted ones first, then new ones) in
/// `layout`, returns the PDF bytes; the codes are marked printed once the caller has
/// written the file (see [`confirm_printed`]). An expired group QR is refused unless
/// `allow_expired_qr`.
pub fn print_codes(
    store: &Store,
    channel_id: i64,
    layout: Layout,
    count: u32,
    allow_expired_qr: bool,
    today: NaiveDate,
    now: DateTime<Local>,
) -> Result<(Vec<u8>, PrintRun), Error> {
    let ch = channel(store, channel_id, today)?;
    check_printable(&ch)?;
    check_qr(&ch, allow_expired_qr)?;
    check_count(count)?;
    let mut codes = unprinted_codes(store, channel_id, count)?;
    if codes.len() < count as usize {
        let more = generate_codes(store, channel_id, count - codes.len() as u32, today, now)?;
        codes.extend(more.into_iter().map(|c| c.code));
    }
    let style = CardStyle::for_channel(store, &ch)?;
    let scenes = pages(&style, &codes, layout);
    let warnings = run_warnings(&scenes, &ch);
    let pdf = render::to_pdf(&scenes, &format!("{} 邀请码", style.shop));
    Ok((
        pdf,
        PrintRun {
            codes,
            pages: scenes.len() as u32,
            warnings,
            file_name: sheet_file_name(layout, today),
            referral: false,
        },
    ))
}

/// An expired group QR is refused unless the owner confirmed: a card made with it
/// leads nowhere. The same check guards sheets, single cards and posters.
pub fn check_qr(ch: &ChannelView, allow_expired_qr: bool) -> Result<(), Error> {
    if ch.qr.is_expired() && !allow_expired_qr {
        return Err(Error::conflict(format!(
            "{}。印出来的码扫了也进不了群；确实要用，请确认后再继续",
            ch.qr.warning().unwrap_or_default()
        )));
    }
    Ok(())
}

/// The last step of every print run, in both fronts: once its file is written or the
/// spooler took it, its codes count as printed, so the next run makes new ones. A
/// referral card's code is its member's for good and is never counted.
pub fn confirm_printed(store: &Store, run: &PrintRun, now: DateTime<Local>) -> Result<(), Error> {
    if run.referral {
        return Ok(());
    }
    mark_printed(store, &run.codes, now)
}

/// One card as PNG (for sending in WeChat): 1080 px wide.
pub fn card_png(
    store: &Store,
    channel_id: i64,
    allow_expired_qr: bool,
    today: NaiveDate,
    now: DateTime<Local>,
) -> Result<(Vec<u8>, PrintRun), Error> {
    let ch = channel(store, channel_id, today)?;
    check_printable(&ch)?;
    check_qr(&ch, allow_expired_qr)?;
    let mut codes = unprinted_codes(store, channel_id, 1)?;
    if codes.is_empty() {
        codes = generate_codes(store, channel_id, 1, today, now)?
            .into_iter()
            .map(|c| c.code)
            .collect();
    }
    let style = CardStyle::for_channel(store, &ch)?;
    let scene = card(&style, &codes[0], 90.0, 54.0);
    let png = render::to_png_bytes(&scene, 1080.0 / 90.0);
    let warnings = run_warnings(std::slice::from_ref(&scene), &ch);
    Ok((
        png,
        PrintRun {
            codes,
            pages: 1,
            warnings,
            file_name: format!("邀请卡-{}.png", today.format("%Y%m%d")),
            referral: false,
        },
    ))
}

/// A member's personal 老带新 card as PNG: the card carries that member's own reusable
/// referral code, so whoever joins with it is recorded as brought by them.
pub fn referral_card_png(
    store: &Store,
    member_id: i64,
    allow_expired_qr: bool,
    today: NaiveDate,
    now: DateTime<Local>,
) -> Result<(Vec<u8>, PrintRun), Error> {
    let (code, channel_id) = referral_code_for(store, member_id, now)?;
    let ch = channel(store, channel_id, today)?;
    check_qr(&ch, allow_expired_qr)?;
    let name = crate::members::directory::name_of(store.conn(), member_id)?.unwrap_or_default();
    let mut style = CardStyle::for_channel(store, &ch)?;
    style.headline = format!("{name}邀请你进群：{}", style.headline);
    let scene = card(&style, &code.code, 90.0, 54.0);
    let png = render::to_png_bytes(&scene, 1080.0 / 90.0);
    let warnings = run_warnings(std::slice::from_ref(&scene), &ch);
    Ok((
        png,
        PrintRun {
            file_name: format!("老带新邀请卡-{}.png", code.code),
            codes: vec![code.code],
            pages: 1,
            warnings,
            referral: true,
        },
    ))
}
