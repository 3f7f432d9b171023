//! QR codes: encoding links for print (error correction M, so a slightly worn or
//! smudged card still scans) and decoding the group QR from a WeChat screenshot.

use std::path::Path;

use image::{DynamicImage, GrayImage, imageops::FilterType};
use qrcode::{Color, EcLevel, QrCode};

/// The dark/light modules of one QR code, without the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    pub width: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// Encodes `data` at error correction level M.
    pub fn encode(data: &str) -> Result<QrMatrix, QrError> {
        let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)
            .map_err(|_| QrError::TooLong)?;
        Ok(QrMatrix {
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect(),
        })
    }

    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark[y * self.width + x]
    }

    /// Horizontal runs of dark modules as `(row, first column, length)`: the
    /// rectangles a painter fills, far fewer than one per module.
    pub fn dark_runs(&self) -> Vec<(usize, usize, usize)> {
        let mut runs = Vec::new();
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if self.is_dark(x, y) {
                    let start = x;
                    while x < self.width && self.is_dark(x, y) {
                        x += 1;
                    }
                    runs.push((y, start, x - start));
                } else {
                    x += 1;
                }
            }
        }
        runs
    }

    /// Modules across including the 4-module quiet zone on each side.
    pub fn span(&self) -> usize {
        self.width + 8
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    #[error("内容太长，放不进一个二维码")]
    TooLong,
    #[error("这张图片里没有找到能识别的二维码：请换一张清晰、完整的群二维码截图")]
    NotFound,
    #[error("找到了二维码，但它损坏或太模糊，读不出内容：请换一张更清晰的截图")]
    Unreadable,
    #[error("打不开这张图片：{0}")]
    BadImage(String),
}

/// Reads the first QR code found in `image`, which may be a phone screenshot with the
/// code somewhere inside it.
pub fn decode_qr(image: &DynamicImage) -> Result<String, QrError> {
    let grey = image.to_luma8();
    let mut saw_grid = false;
    // Large screenshots are tried again smaller: the detector is faster and often
    // more reliable when a module is a few pixels rather than a dozen.
    let mut candidates: Vec<GrayImage> = vec![grey.clone()];
    let longest = grey.width().max(grey.height());
    if longest > 1200 {
        let scale = 1000.0 / longest as f32;
        candidates.push(image::imageops::resize(
            &grey,
            (grey.width() as f32 * scale) as u32,
            (grey.height() as f32 * scale) as u32,
            FilterType::Triangle,
        ));
    }
    for candidate in candidates {
        let mut prepared = rqrr::PreparedImage::prepare(candidate);
        for grid in prepared.detect_grids() {
            saw_grid = true;
            if let Ok((_, content)) = grid.decode() {
                return Ok(content);
            }
        }
    }
    Err(if saw_grid {
        QrError::Unreadable
    } else {
        QrError::NotFound
    })
}

/// [`decode_qr`] on a picture file (PNG, JPEG or WebP), taken in through the same
/// checks as every picture the app accepts: file size, pixel count, decode memory (a
/// screenshot is a file from anywhere).
pub fn decode_qr_file(path: &Path) -> Result<String, QrError> {
    use crate::shop::logo::{MAX_FILE_BYTES, decode_checked};
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| QrError::BadImage(format!("读不了 {}：{e}", path.display())))?;
    let image = decode_checked(&bytes).map_err(|e| QrError::BadImage(e.to_string()))?;
    decode_qr(&image)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_encodes_and_its_runs_cover_exactly_the_dark_modules() {
        let m = QrMatrix::encode("https://weixin.qq.com/g/AbCdEf").unwrap();
        assert!(m.width >= 21);
        let dark = (0..m.width)
            .flat_map(|y| (0..m.width).map(move |x| (x, y)))
            .filter(|&(x, y)| m.is_dark(x, y))
            .count();
        assert_eq!(m.dark_runs().iter().map(|r| r.2).sum::<usize>(), dark);
        assert!(m.is_dark(0, 0), "finder pattern corner");
    }

    #[test]
    fn a_picture_without_a_code_says_so() {
        let blank = DynamicImage::ImageLuma8(GrayImage::from_pixel(300, 300, image::Luma([255])));
        assert_eq!(decode_qr(&blank), Err(QrError::NotFound));
    }
}
