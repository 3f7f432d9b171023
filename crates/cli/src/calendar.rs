use clap::{Args, Subcommand};
use shequn_core::calendar::{self, EntryKind};
use shequn_core::campaigns::{self, Campaign, CampaignInput};
use shequn_core::reports::format::money;
use shequn_core::{Error, Store};

/// `shequn calendar --from … --to …` lists; `shequn calendar ics …` exports.
#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CalendarArgs {
    #[command(subcommand)]
    command: Option<CalendarCommand>,
    #[command(flatten)]
    list: ListArgs,
}

#[derive(Args)]
struct ListArgs {
    /// 开始日期（含），例如 2027-01-01
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: Option<String>,
    /// 结束日期（含），例如 2027-12-31
    #[arg(long, value_name = "YYYY-MM-DD")]
    to: Option<String>,
    /// 只看某类：festival（节日）、solar_term（节气）、holiday（放假/调休）、member_day（会员日）、
    /// birthday（会员生日）、campaign（活动）、prep（提前准备）；可写多次，不写则除提前准备外全列
    #[arg(long, value_name = "KIND")]
    kind: Vec<String>,
    /// 以 JSON 输出（字段稳定，供脚本使用）
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum CalendarCommand {
    /// 把日历（节日、放假、会员日、活动和提前准备的日子）导出为 .ics，手机日历可导入
    Ics {
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: String,
        /// 保存到哪个文件（.ics）
        #[arg(long, value_name = "FILE.ics")]
        out: std::path::PathBuf,
    },
}

pub fn run_calendar(store: &Store, args: &CalendarArgs) -> Result<(), Error> {
    if let Some(CalendarCommand::Ics { from, to, out }) = &args.command {
        let (from, to) = calendar::parse_range(from, to)?;
        let count = calendar::ics::export(store, from, to, chrono::Local::now(), out)?;
        println!(
            "已导出 {from} 至 {to} 的日历（{count} 项）：{}",
            out.display()
        );
        return Ok(());
    }
    let l = &args.list;
    let (Some(from), Some(to)) = (&l.from, &l.to) else {
        return Err(Error::validation(
            "请用 --from 和 --to 给出日期范围，例如 --from 2027-01-01 --to 2027-12-31",
        ));
    };
    let (from, to) = calendar::parse_range(from, to)?;
    let kinds = l
        .kind
        .iter()
        .map(|k| {
            EntryKind::parse(k).ok_or_else(|| {
                Error::invalid(
                    "kind",
                    format!(
                        "类别“{k}”不认识，可用 festival、solar_term、holiday、member_day、birthday、campaign、prep"
                    ),
                )
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let entries = calendar::entries(store, from, to, &kinds)?;
    if l.json {
        crate::print_json(&entries);
    } else {
        for e in &entries {
            println!("{}  {}", e.date, e.name);
        }
        if entries.is_empty() {
            println!("{from} 至 {to} 没有要显示的日子。");
        }
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum CampaignsCommand {
    /// 新建活动：名称、类型、日期和一个 SMART 目标
    Add(Box<AddArgs>),
    /// 查看一个活动和它的目标进度（实时从账本计算）
    Show {
        id: i64,
        /// 以 JSON 输出（字段稳定，供脚本使用；金额单位为分）
        #[arg(long)]
        json: bool,
    },
    /// 把一个活动导出为一页 A4 的 PDF（目标、每日进度、复盘）
    Pdf {
        id: i64,
        /// 保存到哪个文件（.pdf）
        #[arg(long, value_name = "FILE.pdf")]
        out: std::path::PathBuf,
    },
    /// 列出全部活动
    List {
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct AddArgs {
    /// 活动名称
    #[arg(long, value_name = "N")]
    name: String,
    /// 类型：festival（节日）、member_day（会员日）、launch（新品/爆款日）、flash_sale（限时特惠）、
    /// live（直播）、referral（老带新）、other（其他）
    #[arg(long, value_name = "KIND")]
    kind: String,
    /// 开始日期（含）
    #[arg(long, value_name = "YYYY-MM-DD")]
    start: String,
    /// 结束日期（含）
    #[arg(long, value_name = "YYYY-MM-DD")]
    end: String,
    /// 目标指标：sales（销售额）、new_members（新会员）、redemptions（核销数）、referrals（老带新人数）、
    /// buyers（到店消费会员数）
    #[arg(long, value_name = "METRIC")]
    goal: String,
    /// 目标值：销售额以元计（如 5000），其余为人数或张数
    #[arg(long, value_name = "X")]
    target: String,
    /// 关联的邀请渠道编号（可写多次）
    #[arg(long = "channel", value_name = "ID")]
    channels: Vec<i64>,
    /// 为哪个节日做的（如 中秋节）
    #[arg(long, value_name = "NAME", default_value = "")]
    festival: String,
    /// 核心诱饵（主打优惠）
    #[arg(long, value_name = "TEXT", default_value = "")]
    lure: String,
    /// 活动规则
    #[arg(long, value_name = "TEXT", default_value = "")]
    rules: String,
    /// 以 JSON 输出 {"id": …}
    #[arg(long)]
    json: bool,
}

pub fn run_campaigns(store: &Store, command: &CampaignsCommand) -> Result<(), Error> {
    let now = chrono::Local::now();
    let today = now.date_naive();
    match command {
        CampaignsCommand::Add(a) => {
            let input = CampaignInput {
                name: a.name.clone(),
                kind: a.kind.clone(),
                festival: a.festival.clone(),
                start: a.start.clone(),
                end: a.end.clone(),
                lure: a.lure.clone(),
                rules: a.rules.clone(),
                metric: a.goal.clone(),
                target: a.target.clone(),
                channels: a.channels.clone(),
                posters: Vec::new(),
                phrases: Vec::new(),
            };
            let c = campaigns::add(store, &input, now)?;
            if a.json {
                crate::print_json(&serde_json::json!({ "id": c.id }));
            } else {
                println!("已新建活动 {}（编号 {}）", c.name, c.id);
            }
        }
        CampaignsCommand::Show { id, json } => {
            let c = campaigns::get(store, *id, today)?;
            if *json {
                crate::print_json(&c);
            } else {
                print_campaign(&c);
            }
        }
        CampaignsCommand::Pdf { id, out } => {
            let c = campaigns::get(store, *id, today)?;
            campaigns::export_pdf(store, &c, out)?;
            println!("已导出活动“{}”的 PDF：{}", c.name, out.display());
        }
        CampaignsCommand::List { json } => {
            let list = campaigns::list(store, today)?;
            if *json {
                crate::print_json(&list);
            } else if list.is_empty() {
                println!("还没有活动。");
            } else {
                for c in &list {
                    println!(
                        "{:>4}  {}  {} 至 {}  {}  {}：{}",
                        c.id,
                        c.name,
                        c.start,
                        c.end,
                        c.status.label(),
                        c.goal.metric.label(),
                        progress_text(c)
                    );
                }
            }
        }
    }
    Ok(())
}

/// `¥3,200.00 / ¥5,000.00（64%）`, `12 / 30 人（40%）`.
fn progress_text(c: &Campaign) -> String {
    use shequn_core::campaigns::GoalMetric;
    let (actual, target) = match c.goal.metric {
        GoalMetric::Sales => (money(c.actual), money(c.goal.target)),
        m => (
            c.actual.to_string(),
            format!("{} {}", c.goal.target, m.unit()),
        ),
    };
    format!("{actual} / {target}（{:.0}%）", c.progress * 100.0)
}

fn print_campaign(c: &Campaign) {
    println!("{}（编号 {}，{}）", c.name, c.id, c.kind.label());
    println!("日期：{} 至 {}，{}", c.start, c.end, c.status.label());
    if !c.lure.is_empty() {
        println!("核心诱饵：{}", c.lure);
    }
    if !c.rules.is_empty() {
        println!("规则：{}", c.rules);
    }
    println!("目标（{}）：{}", c.goal.metric.label(), progress_text(c));
    if let Some(pace) = c.pace_needed.filter(|p| *p > 0.0) {
        let pace = match c.goal.metric {
            shequn_core::campaigns::GoalMetric::Sales => money(pace.ceil() as i64),
            m => format!("{:.1} {}", pace, m.unit()),
        };
        println!("还剩 {} 天，每天需要 {pace}", c.days_left);
    }
    if let Some(r) = &c.review {
        println!("复盘（{}）", r.reviewed_at);
        println!("  做得好的：{}", r.worked);
        println!("  没做好的：{}", r.missed);
    }
}
