//! Printing through the operating system's spooler: CUPS (`lpstat`, `lp`) on Linux
//! and macOS. The PDF is handed over as it is, so what prints is what was previewed.

use std::path::Path;
use std::process::Command;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Printer {
    pub name: String,
    pub is_default: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error("{}", no_spooler_message())]
    NoSpooler,
    #[error("系统里还没有打印机：请先在系统设置里添加打印机，或把 PDF 保存下来")]
    NoPrinter,
    #[error("没有名为“{0}”的打印机，可用的有：{1}")]
    UnknownPrinter(String, String),
    #[error("份数应为 1 到 99")]
    Copies,
    #[error("找不到要打印的文件 {0}")]
    NoFile(String),
    #[error("打印机拒绝了这个任务：{0}")]
    Refused(String),
}

impl PrintError {
    pub fn code(&self) -> crate::error::Code {
        use crate::error::Code;
        match self {
            PrintError::Copies => Code::Validation,
            PrintError::NoFile(_) | PrintError::UnknownPrinter(..) => Code::NotFound,
            PrintError::NoSpooler | PrintError::NoPrinter | PrintError::Refused(_) => Code::Io,
        }
    }
}

/// Linux and macOS print through CUPS; on Windows the app cannot reach the spooler
/// yet, so the owner is sent to the PDF, which every Windows PDF reader prints.
fn no_spooler_message() -> &'static str {
    if cfg!(windows) {
        "这台电脑上暂时不能从社群掌柜直接打印：请点“保存 PDF”，用 PDF 阅读器打开后打印"
    } else {
        "找不到系统打印服务（CUPS 的 lp 命令）：请安装 cups-client，或先把 PDF 保存下来再打印"
    }
}

fn run(program: &str, args: &[&str]) -> Result<std::process::Output, PrintError> {
    Command::new(program)
        .args(args)
        .env("LC_ALL", "C")
        .output()
        .map_err(|_| PrintError::NoSpooler)
}

/// The printers the system knows, the default one marked.
pub fn printers() -> Result<Vec<Printer>, PrintError> {
    let default = run("lpstat", &["-d"])?;
    let default_name = String::from_utf8_lossy(&default.stdout)
        .split_once(':')
        .map(|(_, n)| n.trim().to_owned())
        .unwrap_or_default();
    let list = run("lpstat", &["-e"])?;
    Ok(String::from_utf8_lossy(&list.stdout)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|name| Printer {
            is_default: name == default_name,
            name: name.to_owned(),
        })
        .collect())
}

/// Sends `pdf` to `printer` (the default one when `None`) and returns the job id.
pub fn print_pdf(pdf: &Path, printer: Option<&str>, copies: u32) -> Result<String, PrintError> {
    if !(1..=99).contains(&copies) {
        return Err(PrintError::Copies);
    }
    if !pdf.is_file() {
        return Err(PrintError::NoFile(pdf.display().to_string()));
    }
    let known = printers()?;
    if known.is_empty() {
        return Err(PrintError::NoPrinter);
    }
    let name = match printer {
        Some(p) if known.iter().any(|k| k.name == p) => p.to_owned(),
        Some(p) => {
            let names = known
                .iter()
                .map(|k| k.name.as_str())
                .collect::<Vec<_>>()
                .join("、");
            return Err(PrintError::UnknownPrinter(p.to_owned(), names));
        }
        None => match known.iter().find(|k| k.is_default).or(known.first()) {
            Some(k) => k.name.clone(),
            None => return Err(PrintError::NoPrinter),
        },
    };
    let copies = copies.to_string();
    let path = pdf.to_string_lossy();
    let out = run("lp", &["-d", &name, "-n", &copies, "--", &path])?;
    if !out.status.success() {
        return Err(PrintError::Refused(
            String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        ));
    }
    // "request id is NAME-12 (1 file(s))"
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(text
        .split_whitespace()
        .find(|w| w.starts_with(&format!("{name}-")))
        .unwrap_or(text.trim())
        .to_owned())
}
