//! What each template puts between the brand frame's header and its QR row: one
//! function per template, chosen by [`Kind`]. Each returns the last field it laid
//! out, which is then checked for fitting.

use chrono::{Datelike, NaiveDate};

use super::page::Page;
use super::{Inputs, WEEKDAYS, price_text, price_text_of};
use crate::error::Error;
use crate::render::{Align, Stroke, TextStyle, font, pt_to_mm, text_height};
use crate::text::parse_yuan;

/// The templates that have a layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Welcome,
    FlashSale,
    MemberDay,
    Festival,
    Live,
    Tip,
    Notice,
    Referral,
}

impl Kind {
    pub fn of(id: &str) -> Option<Kind> {
        Some(match id {
            "welcome" => Kind::Welcome,
            "flash_sale" => Kind::FlashSale,
            "member_day" => Kind::MemberDay,
            "festival" => Kind::Festival,
            "live" => Kind::Live,
            "tip" => Kind::Tip,
            "notice" => Kind::Notice,
            "referral" => Kind::Referral,
            _ => return None,
        })
    }

    /// Lays out this template's content on `page`; returns the last field laid out.
    pub fn lay_out(self, page: &mut Page, b: &Body) -> Result<&'static str, Error> {
        match self {
            Kind::Welcome => welcome(page, b),
            Kind::FlashSale => flash_sale(page, b),
            Kind::MemberDay => member_day(page, b),
            Kind::Festival => festival(page, b),
            Kind::Live => live(page, b),
            Kind::Tip => tip(page, b),
            Kind::Notice => notice(page, b),
            Kind::Referral => referral(page, b),
        }
    }
}

/// What the body of every template may need besides the page.
pub(super) struct Body<'a> {
    pub inputs: &'a Inputs<'a>,
    pub square: bool,
    /// The headline's box height for this size.
    pub headline_box: f32,
}

fn welcome(page: &mut Page, b: &Body) -> Result<&'static str, Error> {
    let headline_box = b.headline_box;
    let text = page.p.text;
    page.kicker("进群有礼");
    page.headline("headline", headline_box, 40.0, 20.0, Align::Left)?;
    page.lines("subhead", 13.0, 2, text, Align::Left)?;
    let gift = page.get("gift").to_owned();
    page.fact("进群礼", &gift, 13.0)?;
    let body = page.get("body").to_owned();
    page.flexible("body", &body, 17.0, 9.0, Align::Left)?;
    Ok("body")
}

fn flash_sale(page: &mut Page, b: &Body) -> Result<&'static str, Error> {
    let inputs = b.inputs;
    let square = b.square;
    let headline_box = b.headline_box;
    let u = page.u;
    let text = page.p.text;
    let muted = page.p.muted;
    let accent = page.p.accent;
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
    Ok("note")
}

fn member_day(page: &mut Page, b: &Body) -> Result<&'static str, Error> {
    let headline_box = b.headline_box;
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
    Ok("perks")
}

fn festival(page: &mut Page, b: &Body) -> Result<&'static str, Error> {
    let square = b.square;
    let headline_box = b.headline_box;
    let u = page.u;
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
    Ok("greeting")
}

fn live(page: &mut Page, b: &Body) -> Result<&'static str, Error> {
    let inputs = b.inputs;
    let square = b.square;
    let headline_box = b.headline_box;
    let u = page.u;
    let title = page.p.title;
    let text = page.p.text;
    let accent = page.p.accent;
    page.kicker("直播预告");
    page.headline("headline", headline_box * 0.8, 36.0, 20.0, Align::Left)?;
    let date = NaiveDate::parse_from_str(page.get("date"), "%Y-%m-%d").unwrap_or(inputs.today);
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
    Ok("perk")
}

fn tip(page: &mut Page, b: &Body) -> Result<&'static str, Error> {
    let headline_box = b.headline_box;
    let u = page.u;
    let muted = page.p.muted;
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
    Ok("body")
}

fn notice(page: &mut Page, b: &Body) -> Result<&'static str, Error> {
    let square = b.square;
    let u = page.u;
    let muted = page.p.muted;
    let accent = page.p.accent;
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
    Ok("body")
}

fn referral(page: &mut Page, b: &Body) -> Result<&'static str, Error> {
    let inputs = b.inputs;
    let headline_box = b.headline_box;
    let text = page.p.text;
    let muted = page.p.muted;
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
    Ok("note")
}
