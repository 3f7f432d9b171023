//! 导出 PDF: the report on A4 for the boss, drawn by the render core. Page 1: the
//! letterhead, the period, the headline figures against the period before, and the
//! growth and sales charts; page 2: tiers, channels, groups and retention as charts;
//! page 3: the tables; then every figure's 统计口径. Charts are vectors, text is
//! text (the bundled font, subset-embedded), and nothing is a picture.

use super::Summary;
use super::chart::{self, Area, Series};
use super::format::{change, days, grouped, money, money_or_dash, rate};
use crate::members::Tier;
use crate::render::{self, Rgb, Scene, Stroke, TextStyle};
use crate::shop::Brand;
use crate::shop::letterhead::{A4, MARGIN, footers, header};

mod tables;

pub(crate) const BOX: Rgb = Rgb(245, 245, 245);
pub(crate) const WIDTH: f32 = A4.0 - 2.0 * MARGIN;
/// The chart page shows the six channels and groups that brought the most; the
/// table pages list them all. Six keep every section on the page.
const CHART_ROWS: usize = 6;
const ROW_PITCH: f32 = 7.0;

pub(super) fn subtitle(s: &Summary) -> String {
    format!(
        "统计期间 {} 至 {}（对比上期 {} 至 {}）",
        s.current.from, s.current.to, s.previous.from, s.previous.to
    )
}

/// A section title with a rule under it; returns where its content starts.
pub(crate) fn section(page: &mut Scene, y: f32, title: &str, brand: &Brand) -> f32 {
    // Space above, so the title stands apart from what precedes it.
    let y = y + 3.0;
    let h = page.text(
        MARGIN,
        y,
        WIDTH,
        title,
        TextStyle::new(14.0).color(brand.primary),
    );
    // Kept clear of the title's strokes so that a scan (or OCR) reads it cleanly.
    page.line(
        MARGIN,
        y + h + 1.5,
        MARGIN + WIDTH,
        y + h + 1.5,
        Stroke {
            color: brand.primary,
            width: 0.25,
        },
    );
    y + h + 4.0
}

/// The ten headline figures, five to a row: value, the period before, the change.
fn headline(page: &mut Scene, y: f32, s: &Summary) -> f32 {
    let (now, before) = (&s.current.figures, &s.previous.figures);
    let n = |v: u64| Some(v as f64);
    let figures: [(&str, String, String, Option<String>); 10] = [
        (
            "销售额",
            money(now.sales_fen),
            money(before.sales_fen),
            change(Some(now.sales_fen as f64), Some(before.sales_fen as f64)),
        ),
        (
            "订单数",
            grouped(now.orders),
            grouped(before.orders),
            change(n(now.orders), n(before.orders)),
        ),
        (
            "客单价",
            money_or_dash(now.avg_order_fen),
            money_or_dash(before.avg_order_fen),
            change(
                now.avg_order_fen.map(|v| v as f64),
                before.avg_order_fen.map(|v| v as f64),
            ),
        ),
        (
            "购买会员",
            format!("{} 人", grouped(now.buyers)),
            format!("{} 人", grouped(before.buyers)),
            change(n(now.buyers), n(before.buyers)),
        ),
        (
            "转化率",
            rate(now.conversion_rate),
            rate(before.conversion_rate),
            change(now.conversion_rate, before.conversion_rate),
        ),
        (
            "复购率",
            rate(now.repurchase_rate),
            rate(before.repurchase_rate),
            change(now.repurchase_rate, before.repurchase_rate),
        ),
        (
            "复购间隔",
            days(now.repurchase_interval_days),
            days(before.repurchase_interval_days),
            change(
                now.repurchase_interval_days,
                before.repurchase_interval_days,
            ),
        ),
        (
            "新会员",
            format!("{} 人", grouped(now.members.new)),
            format!("{} 人", grouped(before.members.new)),
            change(n(now.members.new), n(before.members.new)),
        ),
        (
            "会员总数",
            format!("{} 人", grouped(now.members.total)),
            format!("{} 人", grouped(before.members.total)),
            change(n(now.members.total), n(before.members.total)),
        ),
        (
            "离开",
            format!("{} 人", grouped(now.members.left)),
            format!("{} 人", grouped(before.members.left)),
            change(n(now.members.left), n(before.members.left)),
        ),
    ];
    let (cols, gap, h) = (5usize, 2.5, 21.0);
    let w = (WIDTH - gap * (cols - 1) as f32) / cols as f32;
    for (i, (title, value, prev, delta)) in figures.iter().enumerate() {
        let x = MARGIN + (w + gap) * (i % cols) as f32;
        let top = y + (h + gap) * (i / cols) as f32;
        page.rect(x, top, w, h, Some(BOX), None);
        page.text(
            x + 2.0,
            top + 1.5,
            w - 4.0,
            title,
            TextStyle::new(8.0).color(Rgb::GREY),
        );
        page.text(
            x + 2.0,
            top + 6.0,
            w - 4.0,
            value,
            TextStyle::new(13.0).max_lines(1),
        );
        let below = match delta {
            Some(d) => format!("上期 {prev}　{d}"),
            None => format!("上期 {prev}"),
        };
        page.text(
            x + 2.0,
            top + 14.5,
            w - 4.0,
            &below,
            TextStyle::new(6.5).color(Rgb::GREY).max_lines(2),
        );
    }
    y + 2.0 * h + gap + 4.0
}

fn bucket_name(s: &Summary) -> &'static str {
    match s.bucket {
        super::Bucket::Day => "每天",
        super::Bucket::Week => "每周",
        super::Bucket::Month => "每月",
    }
}

fn first_page(s: &Summary, brand: &Brand) -> Scene {
    let mut page = Scene::new(A4.0, A4.1);
    let mut y = header(&mut page, brand, "经营报表", &subtitle(s));
    y = section(&mut page, y, "核心指标", brand);
    y = headline(&mut page, y, s);
    let labels: Vec<String> = s.series.iter().map(|p| p.label.clone()).collect();
    y = section(
        &mut page,
        y,
        &format!("会员增长（{}）", bucket_name(s)),
        brand,
    );
    chart::bars(
        &mut page,
        Area {
            x: MARGIN,
            y,
            w: WIDTH,
            h: 68.0,
        },
        "",
        &labels,
        &[
            Series {
                name: "新会员",
                values: s.series.iter().map(|p| p.new_members as f64).collect(),
                color: brand.primary,
            },
            Series {
                name: "离开",
                values: s.series.iter().map(|p| p.left as f64).collect(),
                color: Rgb(190, 190, 190),
            },
        ],
        Some(&Series {
            name: "会员总数（右轴）",
            values: s.series.iter().map(|p| p.total as f64).collect(),
            color: brand.accent,
        }),
        brand.primary,
    );
    y += 72.0;
    y = section(&mut page, y, &format!("销售（{}）", bucket_name(s)), brand);
    chart::bars(
        &mut page,
        Area {
            x: MARGIN,
            y,
            w: WIDTH,
            h: 68.0,
        },
        "",
        &labels,
        &[Series {
            name: "销售额（元）",
            values: s
                .series
                .iter()
                .map(|p| p.sales_fen as f64 / 100.0)
                .collect(),
            color: brand.primary,
        }],
        Some(&Series {
            name: "订单数（右轴）",
            values: s.series.iter().map(|p| p.orders as f64).collect(),
            color: brand.accent,
        }),
        brand.primary,
    );
    page
}

/// A section of one bar per row (channels, groups), or a line saying there are none;
/// returns where the next section starts.
fn ranked(
    page: &mut Scene,
    y: f32,
    brand: &Brand,
    title: &str,
    rows: &[(String, f64, String)],
    none: &str,
    color: Rgb,
) -> f32 {
    let y = section(page, y, title, brand);
    if rows.is_empty() {
        page.text(MARGIN, y, WIDTH, none, TextStyle::new(9.0).color(Rgb::GREY));
    } else {
        let area = Area {
            x: MARGIN,
            y,
            w: WIDTH,
            h: ROW_PITCH * rows.len() as f32,
        };
        chart::rows(page, area, "", rows, color, brand.primary);
    }
    y + ROW_PITCH * rows.len().max(1) as f32 + 4.0
}

fn second_page(s: &Summary, brand: &Brand) -> Scene {
    let mut page = Scene::new(A4.0, A4.1);
    let mut y = header(&mut page, brand, "经营报表", &subtitle(s));
    y = section(&mut page, y, "等级分布（期末）与沉睡", brand);
    let t = &s.standing.tiers;
    let tiers: Vec<(String, f64, String)> = Tier::ALL
        .into_iter()
        .map(|tier| {
            let n = t.get(tier);
            (tier.label().to_owned(), f64::from(n), format!("{n} 人"))
        })
        .collect();
    let half = (WIDTH - 6.0) / 2.0;
    chart::rows(
        &mut page,
        Area {
            x: MARGIN,
            y,
            w: half,
            h: 40.0,
        },
        "",
        &tiers,
        brand.primary,
        brand.primary,
    );
    let facts = format!(
        "本期升级 {} 次、降级 {} 次\n期末沉睡 {} 人，本期唤醒 {} 人\n积分：发放 {}，兑换 {}，过期 {}\n期末未用 {} 分，积分负债 {}",
        s.tier_moves.upgrades,
        s.tier_moves.downgrades,
        s.standing.dormant,
        s.standing.woken,
        grouped(u64::try_from(s.points.issued).unwrap_or(0)),
        grouped(u64::try_from(s.points.redeemed).unwrap_or(0)),
        grouped(u64::try_from(s.points.expired).unwrap_or(0)),
        grouped(u64::try_from(s.points.outstanding).unwrap_or(0)),
        money(s.points.outstanding_fen),
    );
    page.text(
        MARGIN + half + 6.0,
        y,
        half,
        &facts,
        TextStyle::new(9.5).line_height(1.7),
    );
    y += 46.0;

    let channels: Vec<(String, f64, String)> = s
        .channels
        .iter()
        .take(CHART_ROWS)
        .map(|c| {
            let text = format!("{} 人 · {}", c.new_members, money(c.spend_fen));
            (c.channel.clone(), c.spend_fen as f64, text)
        })
        .collect();
    y = ranked(
        &mut page,
        y,
        brand,
        "渠道：带来的新会员与消费",
        &channels,
        "还没有邀请渠道。",
        brand.accent,
    );
    let groups: Vec<(String, f64, String)> = s
        .groups
        .iter()
        .take(CHART_ROWS)
        .map(|g| {
            let text = format!("{} 人 · {}", g.members, money(g.spend_fen));
            (g.group.clone(), g.spend_fen as f64, text)
        })
        .collect();
    y = ranked(
        &mut page,
        y,
        brand,
        "群：群内会员带来的消费",
        &groups,
        "群台账里还没有群。",
        brand.primary,
    );

    y = section(&mut page, y, "新会员 30 天留存", brand);
    let cohorts: Vec<String> = s.retention_30d.iter().map(|c| c.cohort.clone()).collect();
    chart::bars(
        &mut page,
        Area {
            x: MARGIN,
            y,
            w: WIDTH,
            h: 46.0,
        },
        "",
        &cohorts,
        &[
            Series {
                name: "入会",
                values: s.retention_30d.iter().map(|c| c.joined as f64).collect(),
                color: Rgb(190, 190, 190),
            },
            Series {
                name: "30 天内回来",
                values: s.retention_30d.iter().map(|c| c.retained as f64).collect(),
                color: brand.primary,
            },
        ],
        None,
        brand.primary,
    );
    page
}

pub fn pdf(s: &Summary, brand: &Brand) -> Vec<u8> {
    let mut pages = vec![first_page(s, brand), second_page(s, brand)];
    pages.extend(tables::table_pages(s, brand));
    pages.extend(tables::definitions_pages(s, brand));
    footers(&mut pages);
    render::to_pdf(
        &pages,
        &format!(
            "{} 经营报表 {} 至 {}",
            brand.name, s.current.from, s.current.to
        ),
    )
}
