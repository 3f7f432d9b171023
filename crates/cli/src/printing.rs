//! `shequn print FILE.pdf [--printer NAME] [--copies N]`.

use std::path::PathBuf;

use clap::Args;
use shequn_core::Error;
use shequn_core::invites::InviteError;
use shequn_core::printing;

#[derive(Args)]
pub struct PrintArgs {
    /// 要打印的 PDF
    file: Option<PathBuf>,
    /// 打印机名称（默认用系统默认打印机）
    #[arg(long)]
    printer: Option<String>,
    /// 份数
    #[arg(long, default_value_t = 1)]
    copies: u32,
    /// 只列出打印机
    #[arg(long)]
    list: bool,
}

fn fail(e: printing::PrintError) -> Error {
    Error::Invites(InviteError::Refused(e.to_string()))
}

pub fn run(args: &PrintArgs) -> Result<(), Error> {
    if args.list {
        for p in printing::printers().map_err(fail)? {
            println!("{}{}", p.name, if p.is_default { "（默认）" } else { "" });
        }
        return Ok(());
    }
    let Some(file) = &args.file else {
        return Err(Error::Invites(InviteError::invalid(
            "file",
            "请指定要打印的 PDF 文件",
        )));
    };
    let job = printing::print_pdf(file, args.printer.as_deref(), args.copies).map_err(fail)?;
    println!("已发送到打印机，任务号 {job}");
    Ok(())
}
