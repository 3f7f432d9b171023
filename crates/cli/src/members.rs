//! `shequn members …`, `shequn purchases …`, `shequn points …`.

use crate::to_json;
use chrono::{Local, NaiveDate};
use clap::{Args, Subcommand, ValueEnum};
use serde_json::{Value, json};
use shequn_core::jobs::Job;
use shequn_core::members::{
    self, AddOutcome, Birthday, Gender, MemberQuery, MemberSort, MemberView, NewMember, Tier,
};
use shequn_core::shop::yuan;
use shequn_core::{Error, Store};

#[derive(Subcommand)]
pub enum MembersCommand {
    /// 添加会员（手机号已存在时显示那位会员，不会重复添加）
    Add(AddArgs),
    /// 查看一位会员
    Show {
        /// 手机号
        phone: String,
        #[arg(long)]
        json: bool,
    },
    /// 列出会员（默认全部，可筛选）
    List(ListArgs),
    /// 从 Excel（.xlsx）或 CSV 导入会员
    Import(ImportArgs),
    /// 导出会员到 .xlsx 或 .csv（手机号默认打码）
    Export {
        /// 输出文件，.xlsx 或 .csv
        #[arg(long, value_name = "FILE")]
        out: std::path::PathBuf,
        /// 导出完整手机号（注意保护顾客隐私）
        #[arg(long)]
        unmask: bool,
    },
    /// 标记会员离开（要写原因）
    Leave {
        /// 手机号
        phone: String,
        /// 离开原因
        #[arg(long, value_name = "R")]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// 已离开的会员回来了：恢复为在册
    Return {
        /// 手机号
        phone: String,
        #[arg(long)]
        json: bool,
    },
    /// 永久删除会员的个人信息（《个人信息保护法》），只保留不记名的消费合计
    Delete {
        /// 手机号
        phone: String,
        /// 确认删除（删除后无法找回）
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum DuplicatePolicy {
    Skip,
    Update,
    Merge,
}

#[derive(Args)]
pub struct ImportArgs {
    /// .xlsx 或 .csv 文件（UTF-8 或 GBK 编码）
    file: std::path::PathBuf,
    /// 只检查，不写入
    #[arg(long)]
    dry_run: bool,
    /// 严格模式：有任何一行有问题就什么都不导入
    #[arg(long)]
    strict: bool,
    /// 手机号已是会员时：skip 跳过、update 用文件覆盖、merge 只补空缺并累加
    #[arg(long, value_enum, default_value = "skip")]
    on_duplicate: DuplicatePolicy,
    /// 只有“累计消费”一栏时记在哪天：joined 入会日期、last 最近消费日期（没有就用入会日期，
    /// 默认）、或一个日期 YYYY-MM-DD
    #[arg(long, value_name = "joined|last|YYYY-MM-DD")]
    spend_date: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct AddArgs {
    #[arg(long, value_name = "N")]
    name: String,
    #[arg(long, value_name = "P")]
    phone: String,
    /// 生日：MM-DD 或 YYYY-MM-DD
    #[arg(long, value_name = "MM-DD|YYYY-MM-DD")]
    birthday: Option<String>,
    /// 生日是农历
    #[arg(long, requires = "birthday")]
    lunar: bool,
    /// 推荐人手机号
    #[arg(long, value_name = "PHONE")]
    referrer: Option<String>,
    /// 标签（可重复）
    #[arg(long = "tag", value_name = "T")]
    tags: Vec<String>,
    /// 所在的群（群编号，可重复；见 shequn groups list）
    #[arg(long = "group", value_name = "ID")]
    groups: Vec<i64>,
    /// 性别：男 / 女
    #[arg(long)]
    gender: Option<String>,
    /// 微信昵称
    #[arg(long)]
    wechat: Option<String>,
    /// 入会日期 YYYY-MM-DD（默认今天）
    #[arg(long, value_name = "YYYY-MM-DD")]
    joined: Option<String>,
    /// 来源渠道
    #[arg(long)]
    source: Option<String>,
    /// 备注
    #[arg(long)]
    notes: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum SortKey {
    Joined,
    Name,
    Spend,
    Points,
    LastVisit,
}

#[derive(Args)]
pub struct ListArgs {
    /// 姓名、拼音（zs / zhangsan）、手机号或尾号 4 位
    #[arg(long, value_name = "Q")]
    search: Option<String>,
    /// none|bronze|silver|gold|diamond（或 普通/铜牌/银牌/金牌/钻石）
    #[arg(long, value_name = "T")]
    tier: Option<String>,
    /// 标签（含自动标签：高价值、沉睡、本月生日、新会员）
    #[arg(long, value_name = "T")]
    tag: Option<String>,
    /// 在这个群里的会员（群编号，见 shequn groups list）
    #[arg(long, value_name = "ID")]
    group: Option<i64>,
    /// 只列沉睡会员
    #[arg(long)]
    dormant: bool,
    /// 生日在今年这个月（1-12）
    #[arg(long, value_name = "M", value_parser = clap::value_parser!(u32).range(1..=12))]
    birthday_month: Option<u32>,
    /// 最多列出 N 位（默认全部）
    #[arg(long, value_name = "N")]
    limit: Option<u32>,
    /// 排序
    #[arg(long, value_enum, default_value = "joined")]
    sort: SortKey,
    /// 倒序
    #[arg(long)]
    desc: bool,
    /// 也列出已离开的会员
    #[arg(long)]
    include_left: bool,
    /// 只列出已离开的会员
    #[arg(long, conflicts_with = "include_left")]
    left: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
pub enum PurchasesCommand {
    /// 记一笔消费
    Add {
        #[arg(long, value_name = "P")]
        phone: String,
        /// 金额（元），如 199.00
        #[arg(long, value_name = "YUAN", allow_hyphen_values = true)]
        amount: String,
        /// 消费日期（默认今天）
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// 品类
        #[arg(long, default_value = "")]
        category: String,
        /// 备注
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum PointsCommand {
    /// 手动奖励积分
    Award(PointsArgs),
    /// 兑换（扣减）积分
    Redeem(PointsArgs),
}

#[derive(Args)]
pub struct PointsArgs {
    #[arg(long, value_name = "P")]
    phone: String,
    #[arg(long, value_name = "N")]
    points: i64,
    /// 原因，如“每日签到”“兑换保温杯”
    #[arg(long, value_name = "R")]
    reason: String,
    #[arg(long)]
    json: bool,
}

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn invalid(field: &str, message: impl Into<String>) -> Error {
    Error::invalid(field, message)
}

pub fn run_members(store: &Store, command: &MembersCommand) -> Result<(), Error> {
    match command {
        MembersCommand::Add(args) => add(store, args),
        MembersCommand::Show { phone, json } => {
            let member = members::get_by_phone(store, phone, today())?;
            if *json {
                println!("{}", to_json(&member));
            } else {
                print_member(&member);
            }
            Ok(())
        }
        MembersCommand::List(args) => list(store, args),
        MembersCommand::Import(args) => import(store, args),
        MembersCommand::Export { out, unmask } => {
            let count = members::export::export(store, out, *unmask, today())?;
            let masked = if *unmask {
                "完整手机号"
            } else {
                "手机号已打码"
            };
            println!("已导出 {count} 位会员到 {}（{masked}）。", out.display());
            Ok(())
        }
        MembersCommand::Leave {
            phone,
            reason,
            json,
        } => {
            let member = members::get_by_phone(store, phone, today())?;
            members::mark_left(store, member.id, reason, Local::now())?;
            show_after(store, member.id, *json, "已标记为离开")
        }
        MembersCommand::Return { phone, json } => {
            let member = members::get_by_phone(store, phone, today())?;
            members::return_member(store, member.id, Local::now())?;
            show_after(store, member.id, *json, "已恢复为在册会员")
        }
        MembersCommand::Delete { phone, yes } => {
            let member = members::get_by_phone(store, phone, today())?;
            if !yes {
                return Err(invalid(
                    "yes",
                    format!(
                        "删除会永久清除 {} 的姓名、手机号、生日等个人信息，无法找回；确认请加 --yes",
                        member.name
                    ),
                ));
            }
            members::delete(store, member.id, Local::now())?;
            println!(
                "已删除 {} 的个人信息，只保留不记名的消费合计。",
                member.name
            );
            Ok(())
        }
    }
}

/// Prints the member after a change: JSON, or a sentence and the member.
fn show_after(store: &Store, id: i64, json: bool, done: &str) -> Result<(), Error> {
    let member = members::get(store, id, today())?;
    if json {
        println!("{}", to_json(&member));
    } else {
        println!("{done}：");
        print_member(&member);
    }
    Ok(())
}

fn import(store: &Store, args: &ImportArgs) -> Result<(), Error> {
    use members::import::{ImportOptions, OnDuplicate};
    let options = ImportOptions {
        mapping: None,
        on_duplicate: match args.on_duplicate {
            DuplicatePolicy::Skip => OnDuplicate::Skip,
            DuplicatePolicy::Update => OnDuplicate::Update,
            DuplicatePolicy::Merge => OnDuplicate::Merge,
        },
        strict: args.strict,
        dry_run: args.dry_run,
        spend_date: args
            .spend_date
            .as_deref()
            .map(members::import::SpendDate::parse)
            .transpose()
            .map_err(|m| invalid("spend_date", m))?,
    };
    if !options.dry_run {
        shequn_core::backup::before_step(
            store,
            shequn_core::backup::BackupKind::BeforeImport,
            Local::now(),
            &mut Job::unattended(),
        )?;
        crate::backup::update_second_place(store, false);
    }
    let report = members::import::import(
        store,
        &args.file,
        &options,
        today(),
        Local::now(),
        &mut Job::unattended(),
    )?;
    if args.json {
        println!("{}", to_json(&report));
    } else {
        for e in &report.errors {
            println!("第 {} 行：{}", e.row, e.reason);
        }
        let verb = if report.written {
            "已导入"
        } else {
            "检查结果（未写入）：可导入"
        };
        println!(
            "{verb} {} 位新会员，更新 {} 位，跳过 {} 位，有问题 {} 行。",
            report.imported,
            report.updated,
            report.skipped,
            report.errors.len()
        );
        if let Some(b) = &report.spend_booking {
            println!("{}", b.summary);
        }
    }
    if args.strict && !report.errors.is_empty() {
        return Err(invalid(
            "file",
            format!(
                "有 {} 行有问题，严格模式下没有导入任何数据",
                report.errors.len()
            ),
        ));
    }
    Ok(())
}

fn add(store: &Store, args: &AddArgs) -> Result<(), Error> {
    let birthday = args
        .birthday
        .as_deref()
        .map(|b| Birthday::parse(b, args.lunar))
        .transpose()
        .map_err(|message| invalid("birthday", message))?;
    let gender = args
        .gender
        .as_deref()
        .map(Gender::parse)
        .transpose()
        .map_err(|message| invalid("gender", message))?;
    let new = NewMember {
        name: args.name.clone(),
        phone: args.phone.clone(),
        wechat: args.wechat.clone(),
        gender,
        birthday,
        joined_on: args.joined.clone(),
        source: args.source.clone(),
        referrer_phone: args.referrer.clone(),
        tags: Some(args.tags.clone()),
        notes: args.notes.clone(),
        groups: Some(args.groups.clone()),
    };
    let outcome = members::add(store, &new, today(), Local::now())?;
    let created = matches!(outcome, AddOutcome::Created(_));
    if args.json {
        let mut value = serde_json::to_value(outcome.member()).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut value {
            map.insert("created".into(), Value::Bool(created));
        }
        println!("{}", to_json(&value));
    } else {
        if created {
            println!("已添加会员。");
        } else {
            println!("这个手机号已经是会员，没有重复添加：");
        }
        print_member(outcome.member());
    }
    Ok(())
}

fn list(store: &Store, args: &ListArgs) -> Result<(), Error> {
    let tier = args
        .tier
        .as_deref()
        .map(|t| {
            Tier::parse(t).ok_or_else(|| {
                invalid(
                    "tier",
                    format!("等级“{t}”不认识，可用 none、bronze、silver、gold、diamond"),
                )
            })
        })
        .transpose()?;
    let query = MemberQuery {
        search: args.search.clone(),
        tier,
        tag: args.tag.clone(),
        group_id: args.group,
        dormant: args.dormant,
        birthday_month: args.birthday_month,
        include_left: args.include_left,
        left_only: args.left,
        sort: match args.sort {
            SortKey::Joined => MemberSort::Joined,
            SortKey::Name => MemberSort::Name,
            SortKey::Spend => MemberSort::Spend,
            SortKey::Points => MemberSort::Points,
            SortKey::LastVisit => MemberSort::LastVisit,
        },
        descending: args.desc,
        limit: args.limit,
        ..MemberQuery::default()
    };
    let page = members::list(store, &query, today())?;
    if args.json {
        println!("{}", to_json(&page.members));
        return Ok(());
    }
    for m in &page.members {
        println!(
            "{}\t{}\t{}\t近12月 {}\t积分 {}\t{}",
            m.name,
            m.phone,
            m.tier.label(),
            yuan(m.spend_12m_fen),
            m.points,
            m.tags.join("、")
        );
    }
    println!("共 {} 位，列出 {} 位。", page.total, page.members.len());
    Ok(())
}

fn print_member(m: &MemberView) {
    println!("姓名：{}", m.name);
    println!("手机：{}", m.phone);
    if m.status == members::Status::Left {
        println!("状态：已离开（{}）", m.left_reason);
    }
    println!(
        "等级：{}（近 12 个月消费 {}）",
        m.tier.label(),
        yuan(m.spend_12m_fen)
    );
    if let Some(next) = m.next_tier {
        println!(
            "再消费 {} 升级{}",
            yuan(next.remaining_fen),
            next.tier.label()
        );
    }
    println!("积分：{}", m.points);
    if let Some(b) = m.birthday {
        println!("生日：{}", b.display());
    }
    if let Some(r) = &m.referrer_name {
        println!("推荐人：{r}");
    }
    if m.referrals > 0 {
        println!("推荐了 {} 位新会员", m.referrals);
    }
    if !m.tags.is_empty() {
        println!("标签：{}", m.tags.join("、"));
    }
}

pub fn run_purchases(store: &Store, command: &PurchasesCommand) -> Result<(), Error> {
    let PurchasesCommand::Add {
        phone,
        amount,
        date,
        category,
        note,
        json,
    } = command;
    // What was typed is checked before the phone is looked up, as at the counter.
    let (fen, on) = members::read_typed_purchase(amount, date.as_deref(), today())?;
    let member = members::get_by_phone(store, phone, today())?;
    let purchase = members::record_purchase(
        store,
        member.id,
        fen,
        on,
        category,
        note,
        today(),
        Local::now(),
    )?;
    let member = members::get(store, member.id, today())?;
    if *json {
        println!(
            "{}",
            to_json(&json!({ "purchase": purchase, "member": member }))
        );
    } else {
        println!(
            "已记录：{} 消费 {}。近 12 个月 {}，{}，积分 {}。",
            member.name,
            yuan(fen),
            yuan(member.spend_12m_fen),
            member.tier.label(),
            member.points
        );
    }
    Ok(())
}

pub fn run_points(store: &Store, command: &PointsCommand) -> Result<(), Error> {
    let (args, redeem) = match command {
        PointsCommand::Award(a) => (a, false),
        PointsCommand::Redeem(a) => (a, true),
    };
    let member = members::get_by_phone(store, &args.phone, today())?;
    let balance = if redeem {
        members::redeem_points(
            store,
            member.id,
            args.points,
            &args.reason,
            today(),
            Local::now(),
        )?
    } else {
        members::award_points(
            store,
            member.id,
            args.points,
            &args.reason,
            today(),
            Local::now(),
        )?
    };
    if args.json {
        println!(
            "{}",
            to_json(&json!({ "phone": member.phone, "points": balance }))
        );
    } else {
        let verb = if redeem { "扣减" } else { "奖励" };
        println!(
            "已{verb} {} 分，{} 现有积分 {balance}。",
            args.points, member.name
        );
    }
    Ok(())
}
