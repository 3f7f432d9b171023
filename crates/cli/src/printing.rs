//! `shequn print FILE.pdf [--printer NAME] [--copies N]`.

use std::path::PathBuf;

use clap::Args;
use shequn_core::{Error, printing};

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

pub fn run(args: &PrintArgs) -> Result<(), Error> {
    if args.list {
        for p in printing::printers()? {
            println!("{}{}", p.name, if p.is_default { "（默认）" } else { "" });
        }
        return Ok(());
    }
    let Some(file) = &args.file else {
        return Err(Error::invalid("file", "请指定要打印的 PDF 文件"));
    };
    let job = printing::print_pdf(file, args.printer.as_deref(), args.copies)?;
    println!("已发送到打印机，任务号 {job}");
    Ok(())
}
