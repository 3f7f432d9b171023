//! Reading printed output back the way a printer and a phone would: poppler's
//! pdftotext / pdftoppm / pdffonts / pdfinfo, zbarimg for QR codes, qpdf --check.
//! Shared by the render and invite tests (included with `#[path]`).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} is needed for this test (scripts/lib.sh installs it): {e}")
        });
    assert!(
        out.status.success() || program == "zbarimg",
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// All text of the PDF, as a copy-paste would give it.
pub fn pdf_text(pdf: &Path) -> String {
    run("pdftotext", &[pdf.to_str().unwrap(), "-"])
}

/// `pdffonts` lines for the fonts of the PDF (header lines removed).
pub fn pdf_fonts(pdf: &Path) -> Vec<String> {
    run("pdffonts", &[pdf.to_str().unwrap()])
        .lines()
        .skip(2)
        .map(str::to_owned)
        .collect()
}

/// Page size of the first page in millimetres.
pub fn page_size_mm(pdf: &Path) -> (f32, f32) {
    let info = run("pdfinfo", &[pdf.to_str().unwrap()]);
    let line = info
        .lines()
        .find(|l| l.starts_with("Page size:"))
        .expect("pdfinfo page size");
    let nums: Vec<f32> = line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (nums[0] * 25.4 / 72.0, nums[1] * 25.4 / 72.0)
}

pub fn page_count(pdf: &Path) -> usize {
    let info = run("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo pages")
}

/// `qpdf --check` passes.
pub fn qpdf_check(pdf: &Path) {
    run("qpdf", &["--check", pdf.to_str().unwrap()]);
}

/// Rasterises every page at 300 dpi into `dir` and returns the PNG paths in order.
pub fn rasterise(pdf: &Path, dir: &Path) -> Vec<std::path::PathBuf> {
    let prefix = dir.join("page");
    run(
        "pdftoppm",
        &[
            "-r",
            "300",
            "-png",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let mut pages: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("page") && n.ends_with(".png"))
        })
        .collect();
    pages.sort();
    pages
}

/// Every QR code (and barcode) zbarimg finds in a picture, as decoded text.
pub fn scan(picture: &Path) -> Vec<String> {
    // `--raw` runs symbols together on this zbar; the `TYPE:data` lines do not.
    run("zbarimg", &["--quiet", picture.to_str().unwrap()])
        .lines()
        .filter_map(|l| l.split_once(':').map(|(_, data)| data.to_owned()))
        .filter(|l| !l.is_empty())
        .collect()
}

/// What tesseract reads in a picture (Simplified Chinese), whitespace removed: it
/// puts spaces between hanzi.
pub fn ocr(picture: &Path) -> String {
    ocr_with(picture, "3")
}

/// [`ocr`] of a document page laid out as one column (a report): tesseract's
/// automatic layout analysis (`--psm 3`) takes a chart's title and legend for part
/// of the picture; reading the page as a single column of text finds them.
pub fn ocr_column(picture: &Path) -> String {
    ocr_with(picture, "4")
}

fn ocr_with(picture: &Path, psm: &str) -> String {
    run(
        "tesseract",
        &[
            picture.to_str().unwrap(),
            "stdout",
            "-l",
            "chi_sim",
            "--psm",
            psm,
        ],
    )
    .chars()
    .filter(|c| !c.is_whitespace())
    .collect()
}
