//! `shequn`: the command-line front over shequn-core.
//!
//! Exit codes: 0 done, 1 the command failed (message in Chinese on stderr),
//! 2 the command line itself was wrong.

mod backup;
mod calendar;
mod invites;
mod members;
mod phrases;
mod posters;
mod printing;
mod report;
mod shop;
mod training;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use shequn_core::{Error, Store};

#[derive(Parser)]
#[command(
    name = "shequn",
    version,
    about = "社群掌柜命令行：与桌面应用共用同一份数据",
    disable_help_subcommand = true
)]
struct Cli {
    /// 数据文件路径（默认与桌面应用相同，可用环境变量 SHEQUN_DATA_DIR 改变数据文件夹）
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,

    /// 出错时同时打印技术原因
    #[arg(long, short, global = true)]
    verbose: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 店铺资料与品牌设置
    Shop {
        #[command(subcommand)]
        command: shop::ShopCommand,
    },
    /// 会员
    Members {
        #[command(subcommand)]
        command: members::MembersCommand,
    },
    /// 消费记录
    Purchases {
        #[command(subcommand)]
        command: members::PurchasesCommand,
    },
    /// 积分
    Points {
        #[command(subcommand)]
        command: members::PointsCommand,
    },
    /// 社群（群台账）
    Groups {
        #[command(subcommand)]
        command: invites::GroupsCommand,
    },
    /// 二维码工具
    Qr {
        #[command(subcommand)]
        command: invites::QrCommand,
    },
    /// 邀请渠道、邀请码、打印与核销
    Invites {
        #[command(subcommand)]
        command: invites::InvitesCommand,
    },
    /// 海报：模板、生成 PNG / PDF
    Poster {
        #[command(subcommand)]
        command: posters::PosterCommand,
    },
    /// 素材库：图片和它们的授权
    Assets {
        #[command(subcommand)]
        command: posters::AssetsCommand,
    },
    /// 话术库：查找、填好占位符、导入导出、关键词回复测试
    #[command(name = "scripts", visible_alias = "phrases")]
    Phrases {
        #[command(subcommand)]
        command: phrases::PhrasesCommand,
    },
    /// 店员名单、级别与成长建议
    Staff {
        #[command(subcommand)]
        command: training::StaffCommand,
    },
    /// 清单：每日SOP、建群、冷启动、爆款日、会员日、节日活动
    Checklists {
        #[command(subcommand)]
        command: training::ChecklistsCommand,
    },
    /// 结业考试与证书
    Exam {
        #[command(subcommand)]
        command: training::ExamCommand,
    },
    /// 把 PDF 发到打印机（通过系统的 CUPS）
    Print(printing::PrintArgs),
    /// 备份：立即备份、列出、验证
    Backup {
        #[command(subcommand)]
        command: backup::BackupCommand,
    },
    /// 日历：节日、节气、放假安排、会员日、会员生日和活动
    Calendar(calendar::CalendarArgs),
    /// 活动：带 SMART 目标的活动和它的实时进度
    Campaigns {
        #[command(subcommand)]
        command: calendar::CampaignsCommand,
    },
    /// 报表：一段时间的经营数字
    Report {
        #[command(subcommand)]
        command: report::ReportCommand,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            eprintln!("命令用法有误，请用 `shequn --help` 查看用法。");
            let _ = e.print();
            return ExitCode::from(2);
        }
    };
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e}");
            if cli.verbose {
                eprintln!("原因：{}", e.log_chain());
            }
            ExitCode::from(1)
        }
    }
}

fn run(cli: &Cli) -> Result<(), Error> {
    // Commands that need no data file.
    match &cli.command {
        Command::Qr { command } => return invites::run_qr(command),
        Command::Print(args) => return printing::run(args),
        Command::Backup { command } if !backup::needs_store(command) => {
            return backup::run_without_store(command);
        }
        _ => {}
    }
    let store = open_store(cli.db.as_deref())?;
    match &cli.command {
        Command::Shop { command } => shop::run(&store, command),
        Command::Members { command } => members::run_members(&store, command),
        Command::Purchases { command } => members::run_purchases(&store, command),
        Command::Points { command } => members::run_points(&store, command),
        Command::Groups { command } => invites::run_groups(&store, command),
        Command::Invites { command } => invites::run_invites(&store, command),
        Command::Poster { command } => posters::run(&store, command),
        Command::Assets { command } => posters::run_assets(&store, command),
        Command::Phrases { command } => phrases::run(&store, command),
        Command::Staff { command } => training::run_staff(&store, command),
        Command::Checklists { command } => training::run_checklists(&store, command),
        Command::Exam { command } => training::run_exam(&store, command),
        Command::Backup { command } => backup::run(&store, command),
        Command::Report { command } => report::run(&store, command),
        Command::Calendar(args) => calendar::run_calendar(&store, args),
        Command::Campaigns { command } => calendar::run_campaigns(&store, command),
        Command::Qr { .. } | Command::Print(_) => Ok(()),
    }
}

fn open_store(db: Option<&std::path::Path>) -> Result<Store, Error> {
    let path = match db {
        Some(p) => p.to_path_buf(),
        None => shequn_core::paths::default_db_path().ok_or_else(no_home)?,
    };
    let (store, _report) = Store::open(&path, chrono::Local::now())?;
    Ok(store)
}

fn no_home() -> Error {
    Error::from(shequn_core::db::DbError::Folder {
        path: PathBuf::from("~"),
        source: std::io::Error::other("no data directory for this user; set SHEQUN_DATA_DIR"),
    })
}

/// `--json` output. Our types hold only strings, numbers and lists: serialising
/// cannot fail.
pub(crate) fn to_json(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

pub(crate) fn print_json(value: &impl serde::Serialize) {
    println!("{}", to_json(value));
}
