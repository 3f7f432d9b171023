//! Picture intake (logos, poster photos): only real PNG/JPEG/WebP images of sane size
//! are accepted, decoded under a memory limit; a stored logo is a re-encoded PNG no
//! larger than [`STORED_MAX_SIDE`] a side — never the user's original bytes.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits};

/// Largest file accepted.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// Largest picture accepted, in pixels a side.
pub const MAX_SIDE: u32 = 8000;
/// The stored copy is scaled down to fit this many pixels a side.
pub const STORED_MAX_SIDE: u32 = 1024;
/// Decoding may allocate at most this much (an 8000×8000 RGBA picture needs 256 MB).
const MAX_DECODE_ALLOC: u64 = 300 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum LogoError {
    #[error("所选文件不是图片，请选择 PNG、JPEG 或 WebP 格式的图片")]
    NotAnImage,
    #[error("不支持 {0} 格式的图片，请另存为 PNG、JPEG 或 WebP 后再选")]
    UnsupportedFormat(String),
    #[error("图片文件有 {:.1} MB，超过了 10 MB 的上限，请压缩后再选", *bytes as f64 / 1024.0 / 1024.0)]
    FileTooLarge { bytes: u64 },
    #[error("图片尺寸 {width}×{height} 像素太大（上限 {MAX_SIDE}×{MAX_SIDE}），请缩小后再选")]
    TooManyPixels { width: u32, height: u32 },
    #[error("图片内容已损坏，无法读取，请换一张图片")]
    Undecodable(#[source] image::ImageError),
    #[error("保存标志图片时出错，请重试")]
    Encode(#[source] image::ImageError),
}

/// Checks `bytes` and returns the PNG to store.
pub fn prepare(bytes: &[u8]) -> Result<Vec<u8>, LogoError> {
    let picture = decode_checked(bytes)?;
    let (width, height) = (picture.width(), picture.height());
    let picture = if width > STORED_MAX_SIDE || height > STORED_MAX_SIDE {
        picture.resize(
            STORED_MAX_SIDE,
            STORED_MAX_SIDE,
            image::imageops::FilterType::CatmullRom,
        )
    } else {
        picture
    };
    let mut png = Vec::new();
    picture
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .map_err(LogoError::Encode)?;
    Ok(png)
}

/// Decodes a picture after checking its size, format and declared dimensions, so a
/// decompression bomb is refused before a pixel is decoded.
pub fn decode_checked(bytes: &[u8]) -> Result<image::DynamicImage, LogoError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LogoError::FileTooLarge {
            bytes: bytes.len() as u64,
        });
    }
    let format = image::guess_format(bytes).map_err(|_| LogoError::NotAnImage)?;
    if !matches!(
        format,
        ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP
    ) {
        return Err(LogoError::UnsupportedFormat(
            format!("{format:?}").to_uppercase(),
        ));
    }

    // The header's dimensions first: a decompression bomb (a small file declaring a
    // huge picture) is refused before a single pixel is decoded.
    let (width, height) = reader(bytes, format)
        .into_dimensions()
        .map_err(LogoError::Undecodable)?;
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(LogoError::TooManyPixels { width, height });
    }
    if width == 0 || height == 0 {
        return Err(LogoError::NotAnImage);
    }

    let mut reader = reader(bytes, format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => LogoError::TooManyPixels { width, height },
        other => LogoError::Undecodable(other),
    })
}

fn reader(bytes: &[u8], format: ImageFormat) -> ImageReader<Cursor<&[u8]>> {
    ImageReader::with_format(Cursor::new(bytes), format)
}
