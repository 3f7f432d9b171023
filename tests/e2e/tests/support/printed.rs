//! Printed output as a person checks it, shared by the end-to-end tests that print:
//! a phone screenshot of a group QR to feed the app, and a PDF's pages scanned.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use shequn_core::render::{self, QrMatrix, Rgb, Scene, TextStyle};

/// A phone screenshot of a WeChat group QR: the code inside a larger grey picture.
pub fn group_qr_screenshot(path: &Path, caption: &str, link: &str) {
    let mut s = Scene::new(75.0, 160.0);
    s.rect(0.0, 0.0, 75.0, 160.0, Some(Rgb(236, 236, 236)), None);
    s.text(5.0, 4.0, 65.0, caption, TextStyle::new(9.0));
    s.qr(
        15.0,
        45.0,
        45.0,
        Arc::new(QrMatrix::encode(link).unwrap()),
        Rgb::BLACK,
    );
    render::to_png(&s, 1080.0 / 75.0).save(path).unwrap();
}

/// Every QR on every page of a PDF, as a scanner at the counter reads it, at `dpi`.
/// 300 dpi: at 200 zbar itself now and then misses a 16 mm code on cups-pdf's
/// re-rendered page (and, rarely, one of 32 codes on a page even at 300).
pub fn scan_pdf(pdf: &Path, dir: &Path, dpi: u32) -> Vec<String> {
    let dir = dir.join(dpi.to_string());
    std::fs::create_dir_all(&dir).unwrap();
    let dir = dir.as_path();
    let prefix = dir.join("printed-page");
    // cups-pdf's Type 3 fonts make pdftoppm warn on every glyph; the pictures are fine.
    let status = Command::new("pdftoppm")
        .args(["-r", &dpi.to_string(), "-png"])
        .arg(pdf)
        .arg(&prefix)
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "pdftoppm failed on {}", pdf.display());
    let mut found = Vec::new();
    let mut pages: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("printed-page"))
        })
        .collect();
    pages.sort();
    assert!(!pages.is_empty());
    for page in &pages {
        let out = Command::new("zbarimg")
            .args(["--quiet", "-Sdisable", "-Sqrcode.enable"])
            .arg(page)
            .output()
            .unwrap();
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            if let Some(data) = line.strip_prefix("QR-Code:") {
                found.push(data.to_owned());
            }
        }
    }
    found
}

pub fn page_count(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}
