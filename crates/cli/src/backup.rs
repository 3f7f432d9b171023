use std::path::PathBuf;

use clap::Subcommand;
use shequn_core::backup::{self, BackupInfo, BackupKind};
use shequn_core::jobs::Job;
use shequn_core::{Error, Store};

#[derive(Subcommand)]
pub enum BackupCommand {
    /// 立即备份整个店铺（数据和图片），写好并验证后才放进备份文件夹
    Create {
        /// 备份到这个文件夹（默认：数据文件夹里的 backups）
        #[arg(long, value_name = "DIR")]
        to: Option<PathBuf>,
        /// 以 JSON 输出（字段稳定，供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 列出备份，最新的在前
    List {
        /// 列出这个文件夹里的备份（默认：数据文件夹里的 backups）
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// 以 JSON 输出（字段稳定，供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 用一个备份替换现在的数据（先自动备份现在的数据为“恢复前”，恢复它即可撤销）
    Restore {
        file: PathBuf,
        /// 确认替换（不加时只显示将恢复什么、现在有什么）
        #[arg(long)]
        yes: bool,
        /// 以 JSON 输出（字段稳定，供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 逐项验证一个备份文件：是否完整、未损坏、这个版本能否打开
    Verify {
        file: PathBuf,
        /// 以 JSON 输出（字段稳定，供脚本使用）
        #[arg(long)]
        json: bool,
    },
}

/// `verify` reads a file only: it needs no data file (and must not create one).
pub fn needs_store(command: &BackupCommand) -> bool {
    !matches!(command, BackupCommand::Verify { .. })
}

pub fn run_without_store(command: &BackupCommand) -> Result<(), Error> {
    if let BackupCommand::Verify { file, json } = command {
        let info = backup::verify(file, &mut Job::unattended())?;
        if *json {
            crate::print_json(&info);
        } else {
            println!("备份完好：{}", describe(&info));
        }
    }
    Ok(())
}

pub fn run(store: &Store, command: &BackupCommand) -> Result<(), Error> {
    match command {
        BackupCommand::Create { to, json } => {
            let info = backup::create(
                store,
                to.as_deref(),
                BackupKind::Manual,
                chrono::Local::now(),
                &mut Job::unattended(),
            )?;
            if *json {
                crate::print_json(&info);
            } else {
                println!("已备份并验证：{}", describe(&info));
            }
        }
        BackupCommand::List { dir, json } => {
            let all = backup::list(store, dir.as_deref())?;
            if *json {
                crate::print_json(&all);
            } else if all.is_empty() {
                println!("还没有备份");
            } else {
                for info in &all {
                    println!("{}", describe(info));
                }
            }
        }
        BackupCommand::Restore { file, yes, json } => {
            if !*yes {
                let p = backup::preview(store, file)?;
                println!("将恢复：{}", describe(&p.backup));
                println!(
                    "现在有：{} 位会员、{} 笔消费、{} 张图片，最后一笔消费 {}",
                    p.members_now,
                    p.purchases_now,
                    p.pictures_now,
                    p.last_sale_on_now.as_deref().unwrap_or("无")
                );
                return Err(Error::validation(
                    "还没有恢复：确认要用这个备份替换现在的数据，请加 --yes 再运行一次",
                ));
            }
            let done = backup::restore(store, file, chrono::Local::now(), &mut Job::unattended())?;
            if *json {
                crate::print_json(&done);
            } else {
                println!("已恢复：{}", done.restored_from);
                println!(
                    "恢复前的数据已备份为：{}（想撤销这次恢复，就恢复它）",
                    done.snapshot
                );
            }
        }
        BackupCommand::Verify { .. } => run_without_store(command)?,
    }
    Ok(())
}

fn describe(info: &BackupInfo) -> String {
    format!(
        "{}  {}  {}  {} 位会员、{} 笔消费、{} 张图片  {:.1} MB",
        info.path,
        info.contents.kind.label(),
        info.contents.created_at,
        info.contents.members,
        info.contents.purchases,
        info.pictures,
        info.bytes as f64 / 1_048_576.0
    )
}
