//! A campaign on one A4 page: its dates, lure and rules, the goal against what the
//! ledgers say, the goal day by day (vector bars and the running total), every goal
//! figure of its dates, and the 复盘 once written. Text is text, charts are vectors.

use std::path::Path;

use super::{Campaign, CampaignStatus, GoalMetric};
use crate::error::{Error, Result};
use crate::render::{self, Rgb, Scene, TextStyle};
use crate::reports::chart::{self, Area, Series};
use crate::reports::format::{grouped, money};
use crate::reports::pdf::{BOX, WIDTH, section};
use crate::shop::letterhead::{A4, MARGIN, footers, header};
use crate::shop::{self, Brand};
use crate::store::Store;

/// A goal figure as the page writes it.
fn value(metric: GoalMetric, v: i64) -> String {
    match metric {
        GoalMetric::Sales => money(v),
        m => format!("{} {}", grouped(u64::try_from(v).unwrap_or(0)), m.unit()),
    }
}

fn paragraph(page: &mut Scene, y: f32, text: &str, lines: usize) -> f32 {
    let shown = if text.trim().is_empty() {
        "—"
    } else {
        text.trim()
    };
    y + page.text(
        MARGIN,
        y,
        WIDTH,
        shown,
        TextStyle::new(10.0).line_height(1.5).max_lines(lines),
    ) + 1.5
}

pub(super) fn page(c: &Campaign, brand: &Brand) -> Scene {
    let mut page = Scene::new(A4.0, A4.1);
    let title = if c.review.is_some() {
        "活动复盘"
    } else {
        "活动进度"
    };
    let subtitle = format!(
        "{}　{} 至 {}　{}　{}",
        c.name,
        c.start,
        c.end,
        c.kind.label(),
        c.status.label()
    );
    let mut y = header(&mut page, brand, title, &subtitle);

    // The goal in three boxes: target, actual, progress.
    let metric = c.goal.metric;
    let boxes = [
        (
            format!("目标（{}）", metric.label()),
            value(metric, c.goal.target),
        ),
        ("完成".to_owned(), value(metric, c.actual)),
        ("完成率".to_owned(), format!("{:.1}%", c.progress * 100.0)),
    ];
    let (gap, h) = (3.0, 20.0);
    let w = (WIDTH - 2.0 * gap) / 3.0;
    for (i, (label, v)) in boxes.iter().enumerate() {
        let x = MARGIN + (w + gap) * i as f32;
        page.rect(x, y, w, h, Some(BOX), None);
        page.text(
            x + 2.5,
            y + 2.0,
            w - 5.0,
            label,
            TextStyle::new(8.5).color(Rgb::GREY),
        );
        page.text(
            x + 2.5,
            y + 8.0,
            w - 5.0,
            v,
            TextStyle::new(15.0).max_lines(1),
        );
    }
    y += h + 3.0;
    let pace = match (c.status, c.pace_needed) {
        (CampaignStatus::Ended, _) | (_, None) => String::new(),
        (_, Some(p)) if p <= 0.0 => "目标已达成。".to_owned(),
        (_, Some(p)) => format!(
            "还剩 {} 天，每天需要 {}。",
            c.days_left,
            value(metric, p.ceil() as i64)
        ),
    };
    if !pace.is_empty() {
        y += page.text(MARGIN, y, WIDTH, &pace, TextStyle::new(10.0)) + 1.0;
    }

    y = section(&mut page, y, &format!("每日{}", metric.label()), brand);
    let scale = |v: i64| {
        if metric == GoalMetric::Sales {
            v as f64 / 100.0
        } else {
            v as f64
        }
    };
    let labels: Vec<String> = c
        .days
        .iter()
        .map(|d| d.date.format("%m-%d").to_string())
        .collect();
    let unit = if metric == GoalMetric::Sales {
        "（元）"
    } else {
        ""
    };
    let day_name = format!("当天{unit}");
    let total_name = format!("累计（右轴）{unit}");
    chart::bars(
        &mut page,
        Area {
            x: MARGIN,
            y,
            w: WIDTH,
            h: 62.0,
        },
        "",
        &labels,
        &[Series {
            name: &day_name,
            values: c.days.iter().map(|d| scale(d.value)).collect(),
            color: brand.accent,
        }],
        Some(&Series {
            name: &total_name,
            values: c.days.iter().map(|d| scale(d.total)).collect(),
            color: brand.primary,
        }),
        brand.primary,
    );
    y += 66.0;

    y = section(&mut page, y, "活动期间的数字", brand);
    let f = &c.figures;
    let facts = format!(
        "销售额 {}　新会员 {} 人　核销 {} 张　老带新 {} 人　到店消费会员 {} 人",
        money(f.sales),
        f.new_members,
        f.redemptions,
        f.referrals,
        f.buyers
    );
    y += page.text(MARGIN, y, WIDTH, &facts, TextStyle::new(10.0)) + 1.5;
    let frozen = match &c.review {
        Some(r) => format!(
            "数字定格于复盘时（{}）。",
            r.reviewed_at.get(..10).unwrap_or(&r.reviewed_at)
        ),
        None => "数字按账本实时计算。".to_owned(),
    };
    y += page.text(
        MARGIN,
        y,
        WIDTH,
        &frozen,
        TextStyle::new(8.5).color(Rgb::GREY),
    ) + 1.0;

    y = section(&mut page, y, "核心诱饵", brand);
    y = paragraph(&mut page, y, &c.lure, 3);
    y = section(&mut page, y, "活动规则", brand);
    y = paragraph(&mut page, y, &c.rules, 4);
    y = section(&mut page, y, "复盘：做得好的", brand);
    let review = c.review.as_ref();
    y = paragraph(&mut page, y, review.map_or("", |r| r.worked.as_str()), 5);
    y = section(&mut page, y, "复盘：没做好的、下次改进", brand);
    paragraph(&mut page, y, review.map_or("", |r| r.missed.as_str()), 5);
    page
}

/// The page as PDF bytes.
pub fn pdf(store: &Store, c: &Campaign) -> Result<Vec<u8>> {
    let brand = shop::brand(store)?;
    let mut pages = vec![page(c, &brand)];
    footers(&mut pages);
    Ok(render::to_pdf(
        &pages,
        &format!("{} {}", brand.name, c.name),
    ))
}

/// Writes the page to `path`.
pub fn export_pdf(store: &Store, c: &Campaign, path: &Path) -> Result<()> {
    let bytes = pdf(store, c)?;
    crate::sheet::write_atomically(path, &bytes).map_err(|e| {
        Error::io(format!("PDF 没能写入 {}，请换个位置再试", path.display())).with_source(e)
    })
}

/// `中秋团圆季-2027-09-08.pdf`, with characters no file system takes replaced.
pub fn file_name(c: &Campaign) -> String {
    format!("{}-{}.pdf", crate::text::file_safe(&c.name), c.start)
}
