//! 导出 Excel: the summary as a workbook the boss can work with. One sheet per
//! section, the data as real numbers (money in yuan with a ¥ format, rates as
//! percentages), and native Excel charts bound to those cells, so editing a number
//! redraws the chart. Phones are masked (top referrers come masked from the book).

use rust_xlsxwriter::{Chart, ChartType, Format, Workbook, Worksheet, XlsxError};

use super::{DEFINITIONS, Summary};
use crate::members::Tier;

/// A cell of a report sheet.
enum V {
    Text(String),
    Money(i64),
    Count(u64),
    Rate(Option<f64>),
    Number(Option<f64>),
}

struct Formats {
    bold: Format,
    money: Format,
    rate: Format,
    number: Format,
    title: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            bold: Format::new().set_bold(),
            money: Format::new().set_num_format("\"¥\"#,##0.00"),
            rate: Format::new().set_num_format("0.0%"),
            number: Format::new().set_num_format("0.0"),
            title: Format::new().set_bold().set_font_size(14),
        }
    }
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn row(r: usize) -> u32 {
    u32::try_from(r).unwrap_or(u32::MAX)
}

/// Writes a header at `top` and the rows under it; returns the last data row.
fn table(
    sheet: &mut Worksheet,
    f: &Formats,
    top: usize,
    header: &[&str],
    rows: Vec<Vec<V>>,
) -> Result<u32, XlsxError> {
    for (c, title) in header.iter().enumerate() {
        sheet.write_string_with_format(row(top), col(c), *title, &f.bold)?;
        sheet.set_column_width(col(c), if c == 0 { 18.0 } else { 14.0 })?;
    }
    for (r, cells) in rows.iter().enumerate() {
        let r = row(top + 1 + r);
        for (c, cell) in cells.iter().enumerate() {
            let c = col(c);
            match cell {
                V::Text(t) => sheet
                    .write_string(r, c, crate::sheet::neutralise(t))
                    .map(|_| ())?,
                V::Money(fen) => sheet
                    .write_number_with_format(r, c, *fen as f64 / 100.0, &f.money)
                    .map(|_| ())?,
                V::Count(n) => sheet.write_number(r, c, *n as f64).map(|_| ())?,
                V::Rate(Some(x)) => sheet
                    .write_number_with_format(r, c, *x, &f.rate)
                    .map(|_| ())?,
                V::Number(Some(x)) => sheet
                    .write_number_with_format(r, c, *x, &f.number)
                    .map(|_| ())?,
                V::Rate(None) | V::Number(None) => sheet.write_string(r, c, "—").map(|_| ())?,
            }
        }
    }
    Ok(row(top + rows.len()))
}

/// A chart of columns `values` (by header) over the categories in column 0 of rows
/// `first..=last` of `sheet`, placed right of the table.
fn chart(
    kind: ChartType,
    sheet_name: &str,
    title: &str,
    (first, last): (u32, u32),
    values: &[(u16, &str)],
) -> Chart {
    let mut chart = Chart::new(kind);
    chart.title().set_name(title);
    for (c, name) in values {
        chart
            .add_series()
            .set_name(*name)
            .set_categories((sheet_name, first, 0, last, 0))
            .set_values((sheet_name, first, *c, last, *c));
    }
    chart.set_width(640).set_height(340);
    chart
}

pub fn xlsx(s: &Summary, shop_name: &str) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut book = Workbook::new();
    let prev = &s.previous.figures;
    let now = &s.current.figures;

    // 概要: the headline figures against the previous period.
    let sheet = book.add_worksheet();
    sheet.set_name("概要")?;
    let name = if shop_name.trim().is_empty() {
        "本店"
    } else {
        shop_name.trim()
    };
    sheet.write_string_with_format(0, 0, format!("{name} 经营报表"), &f.title)?;
    sheet.write_string(
        1,
        0,
        format!(
            "本期 {} 至 {}，上期 {} 至 {}",
            s.current.from, s.current.to, s.previous.from, s.previous.to
        ),
    )?;
    let money_row = |title: &str, a: Option<i64>, b: Option<i64>| {
        let m = |x: Option<i64>| x.map_or(V::Number(None), V::Money);
        vec![V::Text(title.into()), m(a), m(b)]
    };
    let count_row =
        |title: &str, a: u64, b: u64| vec![V::Text(title.into()), V::Count(a), V::Count(b)];
    let rate_row = |title: &str, a: Option<f64>, b: Option<f64>| {
        vec![V::Text(title.into()), V::Rate(a), V::Rate(b)]
    };
    table(
        sheet,
        &f,
        3,
        &["指标", "本期", "上期"],
        vec![
            money_row("销售额", Some(now.sales_fen), Some(prev.sales_fen)),
            count_row("订单数", now.orders, prev.orders),
            money_row("客单价", now.avg_order_fen, prev.avg_order_fen),
            count_row("购买会员", now.buyers, prev.buyers),
            rate_row("转化率", now.conversion_rate, prev.conversion_rate),
            rate_row("复购率", now.repurchase_rate, prev.repurchase_rate),
            vec![
                V::Text("复购间隔（天）".into()),
                V::Number(now.repurchase_interval_days),
                V::Number(prev.repurchase_interval_days),
            ],
            count_row("新会员", now.members.new, prev.members.new),
            count_row("会员总数", now.members.total, prev.members.total),
            count_row("离开", now.members.left, prev.members.left),
            count_row("在册会员", now.members.active, prev.members.active),
        ],
    )?;

    // 趋势: members and sales per bucket, with a chart of each.
    let sheet = book.add_worksheet();
    sheet.set_name("趋势")?;
    let rows = s
        .series
        .iter()
        .map(|p| {
            vec![
                V::Text(p.label.clone()),
                V::Count(p.new_members),
                V::Count(p.left),
                V::Count(p.total),
                V::Count(p.orders),
                V::Money(p.sales_fen),
            ]
        })
        .collect();
    let last = table(
        sheet,
        &f,
        0,
        &["时间", "新会员", "离开", "会员总数", "订单数", "销售额"],
        rows,
    )?;
    if last >= 1 {
        let growth = chart(
            ChartType::Column,
            "趋势",
            "会员增长",
            (1, last),
            &[(1, "新会员"), (2, "离开")],
        );
        sheet.insert_chart(1, 7, &growth)?;
        let sales = chart(
            ChartType::Column,
            "趋势",
            "销售额",
            (1, last),
            &[(5, "销售额")],
        );
        sheet.insert_chart(19, 7, &sales)?;
        let total = chart(
            ChartType::Line,
            "趋势",
            "会员总数",
            (1, last),
            &[(3, "会员总数")],
        );
        sheet.insert_chart(37, 7, &total)?;
    }

    // 等级: the tiers at the end, moves in the period, dormant and woken.
    let sheet = book.add_worksheet();
    sheet.set_name("等级与沉睡")?;
    let t = &s.standing.tiers;
    let last = table(
        sheet,
        &f,
        0,
        &["等级", "人数"],
        Tier::ALL
            .into_iter()
            .map(|tier| {
                vec![
                    V::Text(tier.label().into()),
                    V::Count(u64::from(t.get(tier))),
                ]
            })
            .collect(),
    )?;
    sheet.insert_chart(
        1,
        4,
        &chart(
            ChartType::Pie,
            "等级与沉睡",
            "等级分布（期末）",
            (1, last),
            &[(1, "人数")],
        ),
    )?;
    table(
        sheet,
        &f,
        8,
        &["项目", "人数/次数"],
        vec![
            vec![V::Text("本期升级".into()), V::Count(s.tier_moves.upgrades)],
            vec![
                V::Text("本期降级".into()),
                V::Count(s.tier_moves.downgrades),
            ],
            vec![V::Text("期末沉睡".into()), V::Count(s.standing.dormant)],
            vec![V::Text("本期唤醒".into()), V::Count(s.standing.woken)],
        ],
    )?;

    // 渠道 and 群.
    let sheet = book.add_worksheet();
    sheet.set_name("渠道")?;
    let rows = s
        .channels
        .iter()
        .map(|c| {
            vec![
                V::Text(c.label()),
                V::Count(c.new_members),
                V::Count(c.redemptions),
                V::Money(c.spend_fen),
            ]
        })
        .collect();
    let last = table(sheet, &f, 0, &["渠道", "新会员", "核销", "带来消费"], rows)?;
    if last >= 1 {
        sheet.insert_chart(
            1,
            5,
            &chart(
                ChartType::Bar,
                "渠道",
                "各渠道新会员",
                (1, last),
                &[(1, "新会员")],
            ),
        )?;
        sheet.insert_chart(
            19,
            5,
            &chart(
                ChartType::Bar,
                "渠道",
                "各渠道带来消费",
                (1, last),
                &[(3, "带来消费")],
            ),
        )?;
    }
    let sheet = book.add_worksheet();
    sheet.set_name("群")?;
    let rows = s
        .groups
        .iter()
        .map(|g| {
            vec![
                V::Text(g.group.clone()),
                V::Count(g.members),
                V::Count(g.new_members),
                V::Money(g.spend_fen),
                V::Count(u64::from(g.size)),
                V::Count(u64::from(g.capacity)),
            ]
        })
        .collect();
    let last = table(
        sheet,
        &f,
        0,
        &["群", "会员", "新进群", "带来消费", "群人数", "群上限"],
        rows,
    )?;
    if last >= 1 {
        sheet.insert_chart(
            1,
            7,
            &chart(
                ChartType::Column,
                "群",
                "各群带来消费",
                (1, last),
                &[(3, "带来消费")],
            ),
        )?;
    }

    // 留存.
    let sheet = book.add_worksheet();
    sheet.set_name("30天留存")?;
    let rows = s
        .retention_30d
        .iter()
        .map(|c| {
            let r = (c.joined > 0).then(|| c.retained as f64 / c.joined as f64);
            vec![
                V::Text(c.cohort.clone()),
                V::Count(c.joined),
                V::Count(c.retained),
                V::Rate(r),
            ]
        })
        .collect();
    let last = table(
        sheet,
        &f,
        0,
        &["入会月份", "入会", "30 天内回来", "留存率"],
        rows,
    )?;
    if last >= 1 {
        sheet.insert_chart(
            1,
            5,
            &chart(
                ChartType::Column,
                "30天留存",
                "新会员 30 天留存",
                (1, last),
                &[(1, "入会"), (2, "30 天内回来")],
            ),
        )?;
    }

    // 老带新, 积分, 社群, 培训: figures, and the top referrers.
    let sheet = book.add_worksheet();
    sheet.set_name("老带新与积分")?;
    let r = &s.referral;
    let p = &s.points;
    let tr = &s.training;
    let c = &s.community;
    table(
        sheet,
        &f,
        0,
        &["指标", "数值"],
        vec![
            vec![V::Text("推荐人".into()), V::Count(r.referrers)],
            vec![V::Text("被推荐入会".into()), V::Count(r.referred)],
            vec![V::Text("裂变倍数".into()), V::Number(r.fission_multiple)],
            vec![V::Text("参与率".into()), V::Rate(r.participation_rate)],
            vec![
                V::Text("发放积分".into()),
                V::Count(u64::try_from(p.issued).unwrap_or(0)),
            ],
            vec![
                V::Text("兑换积分".into()),
                V::Count(u64::try_from(p.redeemed).unwrap_or(0)),
            ],
            vec![
                V::Text("过期积分".into()),
                V::Count(u64::try_from(p.expired).unwrap_or(0)),
            ],
            vec![
                V::Text("期末未用积分".into()),
                V::Count(u64::try_from(p.outstanding).unwrap_or(0)),
            ],
            vec![V::Text("积分负债".into()), V::Money(p.outstanding_fen)],
            vec![V::Text("群数".into()), V::Count(u64::from(c.groups))],
            vec![V::Text("已用席位".into()), V::Count(c.seats_used)],
            vec![V::Text("总席位".into()), V::Count(c.seats)],
            vec![
                V::Text("需更新的群二维码".into()),
                V::Count(u64::from(c.qr_expiring)),
            ],
            vec![
                V::Text("每日 SOP 天数".into()),
                V::Count(u64::from(tr.sop_days)),
            ],
            vec![
                V::Text("做完的 SOP 天数".into()),
                V::Count(u64::from(tr.sop_days_complete)),
            ],
            vec![V::Text("SOP 打勾比例".into()), V::Rate(tr.sop_completion)],
            vec![V::Text("考试人次".into()), V::Count(u64::from(tr.exams))],
            vec![V::Text("考试通过率".into()), V::Rate(tr.pass_rate)],
            vec![V::Text("考试平均分".into()), V::Number(tr.average_score)],
        ],
    )?;
    table(
        sheet,
        &f,
        22,
        &["带人最多的会员", "手机（已隐去中间四位）", "带来人数"],
        r.top_referrers
            .iter()
            .map(|t| {
                vec![
                    V::Text(t.name.clone()),
                    V::Text(t.phone.clone()),
                    V::Count(t.referred),
                ]
            })
            .collect(),
    )?;

    // 统计口径.
    let sheet = book.add_worksheet();
    sheet.set_name("统计口径")?;
    table(
        sheet,
        &f,
        0,
        &["指标", "统计口径"],
        DEFINITIONS
            .iter()
            .map(|d| vec![V::Text(d.title.into()), V::Text(d.text.into())])
            .collect(),
    )?;
    sheet.set_column_width(1, 100.0)?;
    book.save_to_buffer()
}
