use std::path::PathBuf;

use clap::{Args, Subcommand};
use shequn_core::backup::second_place;
use shequn_core::backup::{self, BackupInfo, BackupKind, Passphrase};
use shequn_core::jobs::Job;
use shequn_core::{Error, Store};

/// For encrypted backups: the passphrase comes from an environment variable, never
/// from the command line (where other users of the computer could read it).
#[derive(Args, Default)]
pub struct PassphraseArg {
    /// 备份口令所在的环境变量名（用于加密备份；口令不写在命令行上）
    #[arg(long, value_name = "VAR")]
    passphrase_env: Option<String>,
}

impl PassphraseArg {
    /// The passphrase to open a backup with.
    fn read(&self) -> Result<Option<Passphrase>, Error> {
        self.read_with(Passphrase::given)
    }

    /// A passphrase to encrypt a new backup with (long enough).
    fn read_new(&self) -> Result<Option<Passphrase>, Error> {
        self.read_with(Passphrase::new)
    }

    fn read_with(
        &self,
        make: fn(&str) -> Result<Passphrase, Error>,
    ) -> Result<Option<Passphrase>, Error> {
        let Some(var) = &self.passphrase_env else {
            return Ok(None);
        };
        match std::env::var(var) {
            Ok(text) => make(&text).map(Some),
            Err(_) => Err(Error::invalid(
                "passphrase_env",
                format!("环境变量 {var} 没有设置：请把备份口令放进这个环境变量再运行"),
            )),
        }
    }
}

#[derive(Subcommand)]
pub enum BackupCommand {
    /// 立即备份整个店铺（数据和图片），写好并验证后才放进备份文件夹
    Create {
        /// 备份到这个文件夹（默认：数据文件夹里的 backups）
        #[arg(long, value_name = "DIR")]
        to: Option<PathBuf>,
        #[command(flatten)]
        passphrase: PassphraseArg,
        /// 以 JSON 输出（字段稳定，供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 列出备份，最新的在前
    List {
        /// 列出这个文件夹里的备份（默认：数据文件夹里的 backups）
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        #[command(flatten)]
        passphrase: PassphraseArg,
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
        #[command(flatten)]
        passphrase: PassphraseArg,
        /// 以 JSON 输出（字段稳定，供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 逐项验证一个备份文件：是否完整、未损坏、这个版本能否打开
    Verify {
        file: PathBuf,
        #[command(flatten)]
        passphrase: PassphraseArg,
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
    if let BackupCommand::Verify {
        file,
        passphrase,
        json,
    } = command
    {
        let info = backup::verify(file, passphrase.read()?.as_ref(), &mut Job::unattended())?;
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
        BackupCommand::Create {
            to,
            passphrase,
            json,
        } => {
            let info = backup::create_sealed(
                store,
                to.as_deref(),
                BackupKind::Manual,
                chrono::Local::now(),
                passphrase.read_new()?.as_ref(),
                &mut Job::unattended(),
            )?;
            if *json {
                crate::print_json(&info);
            } else {
                println!("已备份并验证：{}", describe(&info));
            }
            update_second_place(store, !*json);
        }
        BackupCommand::List {
            dir,
            passphrase,
            json,
        } => {
            let dir = dir.clone().unwrap_or_else(|| backup::default_dir(store));
            let all = backup::list_in(&dir, passphrase.read()?.as_ref())?;
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
        BackupCommand::Restore {
            file,
            yes,
            passphrase,
            json,
        } => {
            let passphrase = passphrase.read()?;
            if !*yes {
                let p = backup::preview(store, file, passphrase.as_ref())?;
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
            let done = backup::restore(
                store,
                file,
                passphrase.as_ref(),
                chrono::Local::now(),
                &mut Job::unattended(),
            )?;
            if *json {
                crate::print_json(&done);
            } else {
                println!("已恢复：{}", done.restored_from);
                println!(
                    "恢复前的数据已备份为：{}（想撤销这次恢复，就恢复它）",
                    done.snapshot
                );
            }
            update_second_place(store, !*json);
        }
        BackupCommand::Verify { .. } => run_without_store(command)?,
    }
    Ok(())
}

/// Copies what the second place lacks (the app does the same after every backup).
/// Its failure never fails the command: the backup itself is made and verified, and
/// what went wrong is said on stderr (stdout stays the `--json` answer).
pub fn update_second_place(store: &Store, tell: bool) {
    match second_place::update(store, chrono::Local::now(), &mut Job::unattended()) {
        Ok(Some(report)) => {
            if report.missing {
                eprintln!(
                    "第二个备份位置 {} 现在找不到（U 盘没插？），这次只备份在这台电脑上；插上后下次备份会补上",
                    report.folder
                );
            } else if tell && !report.copied.is_empty() {
                println!(
                    "已{}复制 {} 份到第二个备份位置 {}",
                    if report.encrypted { "加密" } else { "" },
                    report.copied.len(),
                    report.folder
                );
            }
        }
        Ok(None) => {}
        Err(e) => eprintln!("没能复制到第二个备份位置：{}", e.message()),
    }
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
