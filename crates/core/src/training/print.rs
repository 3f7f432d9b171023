//! Printed training material: a checklist run as A4 for the wall, a blank week of
//! the daily SOP, and the exam certificate. All drawn with the shared render core.

use chrono::{DateTime, Datelike, Days, Local, NaiveDate};

use super::EXAM_PASS_SCORE;
use super::model::{RunItemView, TemplateKind};
use super::runs::run;
use super::templates::templates;
use crate::error::Error;
use crate::render::{self, Align, Rgb, Scene, Stroke, TextStyle, text_height};
use crate::shop::letterhead::{A4, MARGIN, footers, header};
use crate::shop::{Brand, brand};
use crate::store::Store;
use crate::text::day_text;

const WEEKDAYS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
const LIGHT: Rgb = Rgb(235, 235, 235);

/// The side of an empty box to tick by pen, in mm.
const BOX: f32 = 4.5;

fn tick_box(page: &mut Scene, x: f32, y: f32) {
    let stroke = Stroke {
        color: Rgb::BLACK,
        width: 0.35,
    };
    page.rect(x, y, BOX, BOX, None, Some(stroke));
}

fn thin(color: Rgb) -> Stroke {
    Stroke { color, width: 0.3 }
}

fn short_day(date: &str) -> String {
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map(|d| {
            format!(
                "{} {}",
                d.format("%m-%d"),
                WEEKDAYS[d.weekday().num_days_from_monday() as usize]
            )
        })
        .unwrap_or_else(|_| date.to_owned())
}

fn when(item: &RunItemView) -> String {
    let mut out = item.date.as_deref().map(short_day).unwrap_or_default();
    if let (Some(s), Some(e)) = (&item.window_start, &item.window_end) {
        out.push(' ');
        out.push_str(&format!("{s}–{e}"));
    }
    out
}

/// A checklist run on A4: sections, a box per item (ticked when done, with who and
/// when), its day and time window, and notes.
pub fn run_pdf(store: &Store, run_id: i64, now: DateTime<Local>) -> Result<Vec<u8>, Error> {
    Ok(draw_run(&brand(store)?, &run(store, run_id, now)?))
}

fn draw_run(brand: &Brand, run: &super::model::RunView) -> Vec<u8> {
    let mut subtitle = format!("店员：{}　日期：{}", run.staff, run.date);
    if let Some(event) = &run.event_date {
        subtitle.push_str(&format!("　{}：{event}", run.kind.event_label()));
    }
    subtitle.push_str(&format!(
        "　已完成 {}/{}（{}%）",
        run.done, run.total, run.percent
    ));
    let title = format!("{}（清单 #{}）", run.template, run.id);
    let (w, h) = A4;
    let text_x = MARGIN + 8.0;
    let when_w = 40.0;
    let text_w = w - MARGIN - when_w - 4.0 - text_x;
    let bottom = h - 16.0;

    let mut pages = Vec::new();
    let mut page = Scene::new(w, h);
    let mut y = header(&mut page, brand, &title, &subtitle);
    let mut section = None::<String>;
    for item in &run.items {
        let mut lines = vec![(item.text.clone(), TextStyle::new(11.0))];
        if let (Some(by), Some(at)) = (&item.done_by, &item.done_at) {
            let at = at.get(5..16).unwrap_or(at).replace('T', " ");
            lines.push((
                format!("已完成：{by} {at}"),
                TextStyle::new(8.5).color(Rgb::GREY),
            ));
        }
        if !item.note.is_empty() {
            lines.push((
                format!("备注：{}", item.note),
                TextStyle::new(8.5).color(Rgb::GREY),
            ));
        }
        let body: f32 = lines
            .iter()
            .map(|(t, s)| text_height(t, s.size_pt, text_w, s.line_height))
            .sum();
        let new_section =
            section.as_deref() != Some(item.section.as_str()) && !item.section.is_empty();
        let need = body + 3.0 + if new_section { 10.0 } else { 0.0 };
        if y + need > bottom {
            pages.push(std::mem::replace(&mut page, Scene::new(w, h)));
            y = header(&mut page, brand, &title, "");
        }
        if new_section {
            y += 2.0;
            y += page.text(
                MARGIN,
                y,
                w - 2.0 * MARGIN,
                &item.section,
                TextStyle::new(12.0).color(brand.primary),
            );
            page.line(MARGIN, y + 0.5, w - MARGIN, y + 0.5, thin(brand.primary));
            y += 2.0;
        }
        section = Some(item.section.clone());
        let top = y;
        tick_box(&mut page, MARGIN, top + 0.8);
        if item.done {
            let stroke = Stroke {
                color: brand.primary,
                width: 0.6,
            };
            page.line(MARGIN + 0.9, top + 3.2, MARGIN + 2.0, top + 4.4, stroke);
            page.line(MARGIN + 2.0, top + 4.4, MARGIN + 3.8, top + 1.6, stroke);
        }
        let mut ty = top;
        for (text, style) in &lines {
            ty += page.text(text_x, ty, text_w, text, *style);
        }
        page.text(
            w - MARGIN - when_w,
            top,
            when_w,
            &when(item),
            TextStyle::new(9.0).color(Rgb::GREY).align(Align::Right),
        );
        y = ty + 1.5;
        page.line(text_x, y, w - MARGIN, y, thin(LIGHT));
        y += 1.5;
    }
    pages.push(page);
    footers(&mut pages);
    render::to_pdf(&pages, &title)
}

/// A blank week of the daily SOP on A4 landscape: the template's items down the
/// side, Monday to Sunday across, an empty box in every cell and a line to sign.
pub fn blank_sop_week_pdf(store: &Store, week_of: NaiveDate) -> Result<Vec<u8>, Error> {
    let template = templates(store)?
        .into_iter()
        .filter(|t| t.kind == TemplateKind::DailySop)
        .min_by_key(|t| (!t.is_default, t.id))
        .ok_or_else(|| Error::not_found("每日SOP模板：先在清单模板里加一个"))?;
    let brand = brand(store)?;
    let monday = week_of - Days::new(u64::from(week_of.weekday().num_days_from_monday()));
    let sunday = monday + Days::new(6);
    let (w, h) = (A4.1, A4.0);
    let title = format!("{}　周检查表", template.name);
    let subtitle = format!(
        "{} 至 {}　　店员：______________",
        day_text(monday),
        day_text(sunday)
    );
    let label_w = 100.0;
    let day_w = (w - 2.0 * MARGIN - label_w) / 7.0;
    let bottom = h - 16.0;

    let mut pages = Vec::new();
    let mut page = Scene::new(w, h);
    let head = |page: &mut Scene, first: bool| -> f32 {
        let mut y = header(page, &brand, &title, if first { &subtitle } else { "" });
        page.rect(MARGIN, y, w - 2.0 * MARGIN, 11.0, Some(LIGHT), None);
        page.text(
            MARGIN + 2.0,
            y + 3.0,
            label_w - 4.0,
            "事项",
            TextStyle::new(10.0),
        );
        for (i, name) in WEEKDAYS.iter().enumerate() {
            let day = monday + Days::new(i as u64);
            page.text(
                MARGIN + label_w + day_w * i as f32,
                y + 1.0,
                day_w,
                &format!("{name}\n{}", day.format("%m-%d")),
                TextStyle::new(9.0).center().line_height(1.15),
            );
        }
        y += 11.0;
        y
    };
    let mut y = head(&mut page, true);
    let mut section = None::<String>;
    let rows: Vec<(Option<String>, String)> = template
        .items
        .iter()
        .map(|item| {
            let new = (section.as_deref() != Some(item.section.as_str())
                && !item.section.is_empty())
            .then(|| {
                let window = match (&item.window_start, &item.window_end) {
                    (Some(s), Some(e)) => format!("　{s}–{e}"),
                    _ => String::new(),
                };
                format!("{}{window}", item.section)
            });
            section = Some(item.section.clone());
            (new, item.text.clone())
        })
        .collect();
    let rows = rows
        .into_iter()
        .chain(std::iter::once((None, "签名".to_owned())));
    for (new_section, text) in rows {
        let text_h = text_height(&text, 9.5, label_w - 4.0, 1.3);
        let row_h = text_h.max(5.0) + 2.5;
        let need = row_h + if new_section.is_some() { 6.0 } else { 0.0 };
        if y + need > bottom {
            pages.push(std::mem::replace(&mut page, Scene::new(w, h)));
            y = head(&mut page, false);
        }
        if let Some(name) = new_section {
            page.text(
                MARGIN + 1.0,
                y + 1.5,
                w - 2.0 * MARGIN,
                &name,
                TextStyle::new(10.0).color(brand.primary),
            );
            y += 6.0;
        }
        page.text(
            MARGIN + 2.0,
            y + 1.5,
            label_w - 4.0,
            &text,
            TextStyle::new(9.5),
        );
        for i in 0..7 {
            let x = MARGIN + label_w + day_w * i as f32;
            page.line(x, y, x, y + row_h, thin(LIGHT));
            if text != "签名" {
                tick_box(&mut page, x + (day_w - BOX) / 2.0, y + (row_h - BOX) / 2.0);
            }
        }
        y += row_h;
        page.line(MARGIN, y, w - MARGIN, y, thin(Rgb::GREY));
    }
    pages.push(page);
    footers(&mut pages);
    Ok(render::to_pdf(&pages, &title))
}

pub(super) struct CertificateText {
    pub staff: String,
    pub level: String,
    /// YYYY-MM-DD.
    pub date: String,
    pub score: u32,
    pub number: String,
}

/// The certificate for a passed exam, A4 landscape in the shop's colours.
pub(super) fn certificate(brand: &Brand, c: &CertificateText) -> Vec<u8> {
    let (w, h) = (A4.1, A4.0);
    let mut page = Scene::new(w, h);
    page.rect(
        8.0,
        8.0,
        w - 16.0,
        h - 16.0,
        None,
        Some(Stroke {
            color: brand.primary,
            width: 2.0,
        }),
    );
    page.rect(
        12.0,
        12.0,
        w - 24.0,
        h - 24.0,
        None,
        Some(Stroke {
            color: brand.accent,
            width: 0.5,
        }),
    );
    let mut y = 26.0;
    if let Some(logo) = &brand.logo {
        let lh = 18.0;
        let lw = lh * logo.width() as f32 / logo.height().max(1) as f32;
        page.image((w - lw) / 2.0, y, lw, lh, logo.clone());
        y += lh + 4.0;
    } else {
        y += 12.0;
    }
    let inner = w - 60.0;
    y += page.text(
        30.0,
        y,
        inner,
        "结业证书",
        TextStyle::new(36.0).color(brand.primary).center(),
    );
    page.line(
        w / 2.0 - 30.0,
        y + 3.0,
        w / 2.0 + 30.0,
        y + 3.0,
        Stroke {
            color: brand.accent,
            width: 0.8,
        },
    );
    y += 14.0;
    y += page.text(30.0, y, inner, &c.staff, TextStyle::new(28.0).center());
    y += 8.0;
    let date = NaiveDate::parse_from_str(&c.date, "%Y-%m-%d")
        .map(|d| format!("{}年{}月{}日", d.year(), d.month(), d.day()))
        .unwrap_or_else(|_| c.date.clone());
    // One sentence a line, so no line ends on a stray character.
    for line in [
        format!("完成了{}社群运营培训课程", brand.name),
        format!(
            "结业考试成绩 {} 分（满分 100 分，{EXAM_PASS_SCORE} 分合格），准予结业。",
            c.score
        ),
    ] {
        y += page.text(
            30.0,
            y,
            inner,
            &line,
            TextStyle::new(15.0).center().line_height(1.7),
        );
    }
    y += 5.0;
    page.text(
        30.0,
        y,
        inner,
        &format!("当前级别：{}", c.level),
        TextStyle::new(13.0).color(Rgb::GREY).center(),
    );
    let foot = h - 42.0;
    page.text(
        30.0,
        foot,
        100.0,
        &format!("证书编号：{}", c.number),
        TextStyle::new(10.0).color(Rgb::GREY),
    );
    page.text(
        w - 130.0,
        foot,
        100.0,
        &format!("{}\n{date}", brand.name),
        TextStyle::new(13.0).align(Align::Right).line_height(1.6),
    );
    render::to_pdf(&[page], &format!("{} 结业证书", c.staff))
}

/// Any printable training document: a file name to offer and the PDF.
pub fn document_pdf(
    store: &Store,
    document: &super::model::TrainingDocument,
    now: DateTime<Local>,
) -> Result<(String, Vec<u8>), Error> {
    use super::model::TrainingDocument;
    match document {
        TrainingDocument::Run { id } => {
            let run = run(store, *id, now)?;
            let name = format!("{}-{}-{}.pdf", run.template, run.staff, run.date);
            Ok((name, draw_run(&brand(store)?, &run)))
        }
        TrainingDocument::BlankWeek { date } => {
            let day = match date.trim() {
                "" => now.date_naive(),
                text => super::parse_day("date", "日期", text)?,
            };
            Ok((
                format!("每日SOP周检查表-{}.pdf", day_text(day)),
                blank_sop_week_pdf(store, day)?,
            ))
        }
        TrainingDocument::Certificate { attempt } => {
            let (staff, pdf) = super::exam::certificate(store, *attempt)?;
            Ok((format!("结业证书-{staff}.pdf"), pdf))
        }
    }
}
