use clap::Subcommand;
use shequn_core::reports::{self, Headline, Period};
use shequn_core::shop::yuan;
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

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

fn print_headline(label: &str, h: &Headline) {
    let f = &h.figures;
    println!("{label}（{} 至 {}）", h.from, h.to);
    println!(
        "  会员：共 {}，新增 {}，离开 {}，在册 {}",
        f.members.total, f.members.new, f.members.left, f.members.active
    );
    println!(
        "  销售：{}，{} 笔，客单价 {}，购买会员 {} 位",
        yuan(f.sales_fen),
        f.orders,
        f.avg_order_fen.map_or_else(|| "—".to_owned(), yuan),
        f.buyers
    );
    println!(
        "  转化率 {}，复购率 {}，复购间隔中位数 {}",
        percent(f.conversion_rate),
        percent(f.repurchase_rate),
        f.repurchase_interval_days
            .map_or_else(|| "—".to_owned(), |d| format!("{d:.1} 天"))
    );
}
