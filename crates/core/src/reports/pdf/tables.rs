//! The report's table pages and its 统计口径 pages.

use super::{BOX, WIDTH, section, subtitle};
use crate::render::{self, Align, Rgb, Scene, Stroke, TextStyle};
use crate::reports::format::{grouped, money, rate};
use crate::reports::{DEFINITIONS, Summary};
use crate::shop::Brand;
use crate::shop::letterhead::{A4, MARGIN, header};

/// A table: header row, then rows; columns after the first are right-aligned.
fn table(page: &mut Scene, y: f32, widths: &[f32], header: &[&str], rows: &[Vec<String>]) -> f32 {
    let row_h = 5.2;
    let mut x = MARGIN;
    page.rect(MARGIN, y, WIDTH, row_h, Some(BOX), None);
    for (i, (w, h)) in widths.iter().zip(header).enumerate() {
        let style = TextStyle::new(8.0).color(Rgb::GREY).align(if i == 0 {
            Align::Left
        } else {
            Align::Right
        });
        page.text(x + 1.0, y + 1.0, w - 2.0, h, style);
        x += w;
    }
    let mut y = y + row_h;
    for row in rows {
        let mut x = MARGIN;
        for (i, (w, cell)) in widths.iter().zip(row).enumerate() {
            let style = TextStyle::new(8.0)
                .align(if i == 0 { Align::Left } else { Align::Right })
                .max_lines(1);
            page.text(x + 1.0, y + 1.0, w - 2.0, cell, style);
            x += w;
        }
        y += row_h;
        page.line(
            MARGIN,
            y,
            MARGIN + WIDTH,
            y,
            Stroke {
                color: Rgb(230, 230, 230),
                width: 0.2,
            },
        );
    }
    y + 4.0
}

pub(super) fn table_pages(s: &Summary, brand: &Brand) -> Vec<Scene> {
    let mut pages = Vec::new();
    let mut page = Scene::new(A4.0, A4.1);
    let mut y = header(&mut page, brand, "经营报表：明细", &subtitle(s));
    let bottom = A4.1 - 20.0;
    let put = |page: &mut Scene,
               y: &mut f32,
               title: &str,
               widths: &[f32],
               head: &[&str],
               rows: Vec<Vec<String>>,
               pages: &mut Vec<Scene>| {
        let need = 12.0 + 5.2 * (rows.len().min(30) + 1) as f32;
        if *y + need > bottom {
            pages.push(std::mem::replace(page, Scene::new(A4.0, A4.1)));
            *y = header(page, brand, "经营报表：明细", &subtitle(s));
        }
        *y = section(page, *y, title, brand);
        let rows = if rows.is_empty() {
            vec![vec!["（本期没有）".to_owned()]]
        } else {
            rows
        };
        *y = table(page, *y, widths, head, &rows);
    };
    put(
        &mut page,
        &mut y,
        "渠道",
        &[80.0, 30.0, 30.0, 40.0],
        &["渠道", "新会员", "核销", "带来消费"],
        s.channels
            .iter()
            .map(|c| {
                vec![
                    c.label(),
                    grouped(c.new_members),
                    grouped(c.redemptions),
                    money(c.spend_fen),
                ]
            })
            .collect(),
        &mut pages,
    );
    put(
        &mut page,
        &mut y,
        "群",
        &[70.0, 25.0, 25.0, 35.0, 25.0],
        &["群", "会员", "新进群", "带来消费", "群人数/上限"],
        s.groups
            .iter()
            .map(|g| {
                vec![
                    g.group.clone(),
                    grouped(g.members),
                    grouped(g.new_members),
                    money(g.spend_fen),
                    format!("{}/{}", g.size, g.capacity),
                ]
            })
            .collect(),
        &mut pages,
    );
    put(
        &mut page,
        &mut y,
        "新会员 30 天留存",
        &[60.0, 40.0, 40.0, 40.0],
        &["入会月份", "入会", "30 天内回来", "留存率"],
        s.retention_30d
            .iter()
            .map(|c| {
                vec![
                    c.cohort.clone(),
                    grouped(c.joined),
                    grouped(c.retained),
                    rate((c.joined > 0).then(|| c.retained as f64 / c.joined as f64)),
                ]
            })
            .collect(),
        &mut pages,
    );
    let r = &s.referral;
    let multiple = r
        .fission_multiple
        .map_or_else(|| "—".to_owned(), |m| format!("{m:.1} 倍"));
    let mut referral = vec![vec![
        "合计".to_owned(),
        format!("推荐人 {}，被推荐 {}", r.referrers, r.referred),
        format!("裂变 {multiple}，参与率 {}", rate(r.participation_rate)),
    ]];
    referral.extend(r.top_referrers.iter().map(|t| {
        vec![
            t.name.clone(),
            t.phone.clone(),
            format!("带来 {} 人", t.referred),
        ]
    }));
    put(
        &mut page,
        &mut y,
        "老带新",
        &[60.0, 60.0, 60.0],
        &["会员", "手机/人数", "说明"],
        referral,
        &mut pages,
    );
    let c = &s.community;
    let t = &s.training;
    put(
        &mut page,
        &mut y,
        "社群与培训",
        &[90.0, 90.0],
        &["项目", "数值"],
        vec![
            vec!["群数".into(), grouped(u64::from(c.groups))],
            vec![
                "席位（已用/总数）".into(),
                format!("{} / {}", grouped(c.seats_used), grouped(c.seats)),
            ],
            vec!["需更新的群二维码".into(), grouped(u64::from(c.qr_expiring))],
            vec![
                "每日 SOP（做完/天数）".into(),
                format!("{} / {}", t.sop_days_complete, t.sop_days),
            ],
            vec!["SOP 打勾比例".into(), rate(t.sop_completion)],
            vec![
                "考试（通过/人次）".into(),
                format!("{} / {}", t.exams_passed, t.exams),
            ],
            vec!["考试通过率".into(), rate(t.pass_rate)],
            vec![
                "考试平均分".into(),
                t.average_score
                    .map_or_else(|| "—".to_owned(), |a| format!("{a:.1} 分")),
            ],
        ],
        &mut pages,
    );
    pages.push(page);
    pages
}

pub(super) fn definitions_pages(s: &Summary, brand: &Brand) -> Vec<Scene> {
    let mut pages = Vec::new();
    let mut page = Scene::new(A4.0, A4.1);
    let mut y = header(&mut page, brand, "统计口径", &subtitle(s));
    for d in DEFINITIONS {
        let text = format!("{}：{}", d.title, d.text);
        let h = render::text_height(&text, 9.5, WIDTH, 1.5);
        if y + h > A4.1 - 20.0 {
            pages.push(std::mem::replace(&mut page, Scene::new(A4.0, A4.1)));
            y = header(&mut page, brand, "统计口径", &subtitle(s));
        }
        y += page.text(
            MARGIN,
            y,
            WIDTH,
            &text,
            TextStyle::new(9.5).line_height(1.5),
        ) + 2.0;
    }
    pages.push(page);
    pages
}
