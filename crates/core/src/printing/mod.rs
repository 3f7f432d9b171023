//! Printing through the operating system's spooler: CUPS (`lpstat`, `lp`) on Linux
//! and macOS, which takes the PDF as it is; on Windows the GDI spooler, which gets
//! each page rasterised from the same PDF at the printer's resolution and true size.
//! Either way what prints is what was previewed.

mod raster;

use std::path::Path;
#[cfg(not(windows))]
use std::process::Command;

pub use raster::{Document, RenderedPage, rasterise};

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

impl From<PrintError> for crate::error::Error {
    fn from(e: PrintError) -> Self {
        crate::error::Error::new(e.code(), e.to_string()).with_source(e)
    }
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

/// Linux and macOS print through CUPS; Windows through its own spooler service.
fn no_spooler_message() -> &'static str {
    if cfg!(windows) {
        "连不上 Windows 的打印服务（Print Spooler）：请在“服务”里启动它，或先把 PDF 保存下来再打印"
    } else {
        "找不到系统打印服务（CUPS 的 lp 命令）：请安装 cups-client，或先把 PDF 保存下来再打印"
    }
}

#[cfg(not(windows))]
fn run(program: &str, args: &[&str]) -> Result<std::process::Output, PrintError> {
    Command::new(program)
        .args(args)
        .env("LC_ALL", "C")
        .output()
        .map_err(|_| PrintError::NoSpooler)
}

/// The printers the system knows, the default one marked.
#[cfg(windows)]
pub fn printers() -> Result<Vec<Printer>, PrintError> {
    let list = shequn_winspool::printers().map_err(|e| {
        log::warn!("listing printers: {e}");
        PrintError::NoSpooler
    })?;
    Ok(list
        .into_iter()
        .map(|(name, is_default)| Printer { name, is_default })
        .collect())
}

/// The printers the system knows, the default one marked.
#[cfg(not(windows))]
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

/// The name a document sent to the printer is kept under in `printed/`: `name` with
/// the time before its extension, so printing twice a day keeps both copies.
pub fn kept_copy_name(name: &str, now: chrono::DateTime<chrono::Local>) -> String {
    let stamp = now.format("%H%M%S");
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}-{stamp}.{ext}"),
        None => format!("{name}-{stamp}"),
    }
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
    send(pdf, &name, copies)
}

/// Hands the PDF to CUPS as it is.
#[cfg(not(windows))]
fn send(pdf: &Path, name: &str, copies: u32) -> Result<String, PrintError> {
    let copies = copies.to_string();
    let path = pdf.to_string_lossy();
    let out = run("lp", &["-d", name, "-n", &copies, "--", &path])?;
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

/// Rasterises each page at the printer's resolution and hands it to the Windows
/// spooler at its true size.
#[cfg(windows)]
fn send(pdf: &Path, name: &str, copies: u32) -> Result<String, PrintError> {
    let bytes = std::fs::read(pdf).map_err(|_| PrintError::NoFile(pdf.display().to_string()))?;
    let document = raster::Document::open(bytes).map_err(PrintError::Refused)?;
    let title = pdf
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "社群掌柜".into());
    let job =
        shequn_winspool::print_pages(name, &title, document.pages(), copies, |i, dpi_x, dpi_y| {
            let page = document.render(i, dpi_x.min(dpi_y))?;
            let (w, h) = page.image.dimensions();
            let bgra = page
                .image
                .pixels()
                .flat_map(|p| [p[2], p[1], p[0], 0])
                .collect();
            Ok(shequn_winspool::Bitmap {
                width: w,
                height: h,
                bgra,
                width_mm: page.width_mm,
                height_mm: page.height_mm,
            })
        })
        .map_err(PrintError::Refused)?;
    Ok(format!("{name}-{job}"))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    #[test]
    fn a_kept_copy_is_named_with_the_time_before_its_extension() {
        let now = chrono::Local
            .with_ymd_and_hms(2026, 12, 2, 9, 5, 7)
            .unwrap();
        assert_eq!(
            super::kept_copy_name("邀请码-a4-8-20261202.pdf", now),
            "邀请码-a4-8-20261202-090507.pdf"
        );
        assert_eq!(super::kept_copy_name("清单", now), "清单-090507");
    }
}
