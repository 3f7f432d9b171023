use clap::Subcommand;
use shequn_core::reports::{self, Headline, Period};
use shequn_core::{Error, Store};

#[derive(Subcommand)]
pub enum ReportCommand {
    /// 一段时间的经营数字（会员、销售、转化、复购），附上一段同样长的时间作对比
    Summary {
        /// 开始日期（含），例如 2026-11-01
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        /// 结束日期（含），例如 2026-11-30
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: String,
        /// 以 JSON 输出（字段稳定，供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 把一段时间的报表导出为 A4 的 PDF（给老板看、可打印）
    Pdf {
        /// 开始日期（含），例如 2026-11-01
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        /// 结束日期（含），例如 2026-11-30
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: String,
        /// 保存到哪个文件（.pdf）
        #[arg(long, value_name = "FILE.pdf")]
        out: std::path::PathBuf,
    },
    /// 把一段时间的报表导出为 Excel 工作簿（每部分一张表，附可编辑的图表）
    Xlsx {
        /// 开始日期（含），例如 2026-11-01
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        /// 结束日期（含），例如 2026-11-30
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: String,
        /// 保存到哪个文件（.xlsx）
        #[arg(long, value_name = "FILE.xlsx")]
        out: std::path::PathBuf,
    },
}

pub fn run(store: &Store, command: &ReportCommand) -> Result<(), Error> {
    match command {
        ReportCommand::Summary { from, to, json } => {
            let summary = reports::summary(store, Period::parse(from, to)?, today())?;
            if *json {
                crate::print_json(&summary);
            } else {
                print_headline("本期", &summary.current);
                print_headline("上期", &summary.previous);
                print_sections(&summary);
            }
        }
        ReportCommand::Pdf { from, to, out } => {
            let period = Period::parse(from, to)?;
            reports::export_pdf(store, period, today(), out)?;
            println!(
                "已导出 {} 至 {} 的报表：{}",
                period.from,
                period.to,
                out.display()
            );
        }
        ReportCommand::Xlsx { from, to, out } => {
            let period = Period::parse(from, to)?;
            reports::export_xlsx(store, period, today(), out)?;
            println!(
                "已导出 {} 至 {} 的报表：{}",
                period.from,
                period.to,
                out.display()
            );
        }
    }
    Ok(())
}

/// The rest of the summary, a line each (the PDF and the workbook have it all).
fn print_sections(s: &reports::Summary) {
    use shequn_core::members::Tier;
    use shequn_core::reports::format::{money, rate};
    let tiers: Vec<String> = Tier::ALL
        .iter()
        .map(|t| format!("{} {}", t.label(), s.standing.tiers.get(*t)))
        .collect();
    println!(
        "期末等级：{}；本期升级 {}、降级 {}",
        tiers.join("，"),
        s.tier_moves.upgrades,
        s.tier_moves.downgrades
    );
    println!(
        "沉睡 {} 人，本期唤醒 {} 人",
        s.standing.dormant, s.standing.woken
    );
    let p = &s.points;
    println!(
        "积分：发放 {}，兑换 {}，过期 {}，期末未用 {}（积分负债 {}）",
        p.issued,
        p.redeemed,
        p.expired,
        p.outstanding,
        money(p.outstanding_fen)
    );
    let r = &s.referral;
    println!(
        "老带新：推荐人 {}，被推荐 {}，裂变倍数 {}，参与率 {}",
        r.referrers,
        r.referred,
        r.fission_multiple
            .map_or_else(|| "—".to_owned(), |m| format!("{m:.1}")),
        rate(r.participation_rate)
    );
    for c in &s.channels {
        println!(
            "渠道 {}：新会员 {}，核销 {}，带来消费 {}",
            c.label(),
            c.new_members,
            c.redemptions,
            money(c.spend_fen)
        );
    }
    for g in &s.groups {
        println!(
            "群 {}：会员 {}，带来消费 {}",
            g.group,
            g.members,
            money(g.spend_fen)
        );
    }
    for c in &s.retention_30d {
        println!(
            "{} 入会 {} 人，30 天内回来 {} 人",
            c.cohort, c.joined, c.retained
        );
    }
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Figures written as the window and the exports write them.
fn print_headline(label: &str, h: &Headline) {
    use shequn_core::reports::format::{days, money, money_or_dash, rate};
    let f = &h.figures;
    println!("{label}（{} 至 {}）", h.from, h.to);
    println!(
        "  会员：共 {}，新增 {}，离开 {}，在册 {}",
        f.members.total, f.members.new, f.members.left, f.members.active
    );
    println!(
        "  销售：{}，{} 笔，客单价 {}，购买会员 {} 位",
        money(f.sales_fen),
        f.orders,
        money_or_dash(f.avg_order_fen),
        f.buyers
    );
    println!(
        "  转化率 {}，复购率 {}，复购间隔中位数 {}",
        rate(f.conversion_rate),
        rate(f.repurchase_rate),
        days(f.repurchase_interval_days)
    );
}
