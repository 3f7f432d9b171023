//! The rendering core checked as a printer and a phone see its output.
#![allow(clippy::unwrap_used)]

#[path = "support/printed.rs"]
mod printed;

use std::sync::Arc;

use shequn_core::render::{self, QrMatrix, Rgb, Scene, Stroke, TextStyle};

fn sample_scene() -> Scene {
    let mut s = Scene::new(90.0, 130.0);
    s.rect(0.0, 0.0, 90.0, 20.0, Some(Rgb(0xC8, 0x3C, 0x2B)), None);
    s.text(
        5.0,
        4.0,
        80.0,
        "老街面馆",
        TextStyle::new(20.0).color(Rgb::WHITE).center(),
    );
    s.text(
        5.0,
        24.0,
        80.0,
        "扫码进群，领取新人礼包一份：喆堃珺垚犇赟都能印出来吗？能！",
        TextStyle::new(11.0),
    );
    let qr = Arc::new(QrMatrix::encode("https://weixin.qq.com/g/AbCdEf123").unwrap());
    s.qr(20.0, 50.0, 50.0, qr, Rgb::BLACK);
    s.line(
        0.0,
        110.0,
        90.0,
        110.0,
        Stroke {
            color: Rgb::GREY,
            width: 0.3,
        },
    );
    s.text(5.0, 112.0, 80.0, "K7P2QX9", TextStyle::new(16.0).center());
    s
}

#[test]
fn a_pdf_page_has_extractable_text_a_subset_font_and_a_scannable_qr() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("card.pdf");
    std::fs::write(&pdf, render::to_pdf(&[sample_scene()], "测试")).unwrap();
    printed::qpdf_check(&pdf);
    let text = printed::pdf_text(&pdf);
    for needle in ["老街面馆", "喆堃珺垚犇赟", "印出来吗？能！", "K7P2QX9"] {
        assert!(text.contains(needle), "{needle} not in {text:?}");
    }
    let fonts = printed::pdf_fonts(&pdf);
    assert_eq!(fonts.len(), 1, "{fonts:?}");
    // name, type, encoding, emb, sub, uni
    let cols: Vec<&str> = fonts[0].split_whitespace().collect();
    assert!(
        fonts[0].contains("yes yes yes"),
        "embedded subset with unicode map: {fonts:?} {cols:?}"
    );
    assert!(
        std::fs::metadata(&pdf).unwrap().len() < 200_000,
        "subset, not the whole 9 MB font"
    );
    let (w, h) = printed::page_size_mm(&pdf);
    assert!((w - 90.0).abs() < 0.2 && (h - 130.0).abs() < 0.2, "{w}×{h}");
    let pages = printed::rasterise(&pdf, dir.path());
    assert_eq!(
        printed::scan(&pages[0]),
        ["https://weixin.qq.com/g/AbCdEf123"]
    );
}

#[test]
fn the_png_of_the_same_scene_scans_and_shows_the_text_where_the_pdf_does() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("card.png");
    let img = render::to_png(&sample_scene(), 300.0 / 25.4);
    assert_eq!((img.width(), img.height()), (1063, 1535));
    img.save(&png).unwrap();
    assert_eq!(printed::scan(&png), ["https://weixin.qq.com/g/AbCdEf123"]);
    // The header band is brand red with white glyphs drawn inside it.
    let band = (0..img.width())
        .map(|x| img.get_pixel(x, 100))
        .filter(|p| p[0] > 240 && p[1] > 240)
        .count();
    assert!(
        band > 20,
        "white title glyph pixels in the red band: {band}"
    );
    assert_eq!(img.get_pixel(5, 5).0, [0xC8, 0x3C, 0x2B, 255]);

    // Rasterised PDF and PNG agree on where ink is (same layout, two painters).
    let pdf = dir.path().join("card.pdf");
    std::fs::write(&pdf, render::to_pdf(&[sample_scene()], "测试")).unwrap();
    let raster = image::open(&printed::rasterise(&pdf, dir.path())[0])
        .unwrap()
        .to_rgba8();
    // pdftoppm rounds the page up to whole pixels; compare where both have pixels.
    assert!(raster.width().abs_diff(img.width()) <= 1);
    assert!(raster.height().abs_diff(img.height()) <= 1);
    let ink = |i: &image::RgbaImage, x: u32, y: u32| {
        i.get_pixel(x, y).0[..3]
            .iter()
            .map(|&v| u32::from(v))
            .sum::<u32>()
            < 300
    };
    let (mut same, mut total) = (0u32, 0u32);
    for y in (0..img.height().min(raster.height())).step_by(3) {
        for x in (0..img.width().min(raster.width())).step_by(3) {
            if ink(&img, x, y) || ink(&raster, x, y) {
                total += 1;
                if ink(&img, x, y) == ink(&raster, x, y) {
                    same += 1;
                }
            }
        }
    }
    assert!(
        f64::from(same) / f64::from(total) > 0.9,
        "{same}/{total} inked samples agree"
    );
}

#[test]
fn a_screenshot_with_the_qr_inside_decodes_and_a_plain_picture_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    // A phone-sized screenshot: grey background, a title bar, the group's QR card.
    let mut s = Scene::new(75.0, 160.0);
    s.rect(0.0, 0.0, 75.0, 160.0, Some(Rgb(236, 236, 236)), None);
    s.rect(0.0, 0.0, 75.0, 12.0, Some(Rgb(40, 40, 40)), None);
    s.text(
        5.0,
        3.0,
        65.0,
        "群聊：老街面馆福利群（128）",
        TextStyle::new(9.0).color(Rgb::WHITE),
    );
    s.rect(8.0, 35.0, 59.0, 80.0, Some(Rgb::WHITE), None);
    let link = "https://weixin.qq.com/g/AQYAAAbcDEF-ghijk";
    s.qr(
        15.0,
        45.0,
        45.0,
        Arc::new(QrMatrix::encode(link).unwrap()),
        Rgb::BLACK,
    );
    s.text(
        8.0,
        100.0,
        59.0,
        "该二维码7天内(11月29日前)有效",
        TextStyle::new(8.0).center().color(Rgb::GREY),
    );
    let shot = dir.path().join("screenshot.png");
    render::to_png(&s, 1080.0 / 75.0).save(&shot).unwrap();
    assert_eq!(render::decode_qr_file(&shot).unwrap(), link);

    let mut plain = Scene::new(75.0, 100.0);
    plain.text(
        5.0,
        5.0,
        65.0,
        "这是一张没有二维码的图片",
        TextStyle::new(14.0),
    );
    let photo = dir.path().join("photo.png");
    render::to_png(&plain, 10.0).save(&photo).unwrap();
    let err = render::decode_qr_file(&photo).unwrap_err();
    assert_eq!(err, render::QrError::NotFound);
    assert!(err.to_string().contains("没有找到"), "{err}");

    let not_image = dir.path().join("notes.png");
    std::fs::write(&not_image, "hello").unwrap();
    assert!(matches!(
        render::decode_qr_file(&not_image),
        Err(render::QrError::BadImage(_))
    ));

    // A screenshot goes through the same intake as a logo: a small file declaring a
    // huge picture (a decompression bomb) is refused before it is decoded.
    let bomb = dir.path().join("bomb.png");
    std::fs::write(&bomb, pictures::png_bomb()).unwrap();
    match render::decode_qr_file(&bomb) {
        Err(render::QrError::BadImage(m)) => assert!(m.contains("60000×60000"), "{m}"),
        other => panic!("a 60000×60000 picture was not refused: {other:?}"),
    }
}

#[test]
fn text_the_font_lacks_is_named_in_a_warning() {
    let mut s = Scene::new(50.0, 50.0);
    s.text(0.0, 0.0, 50.0, "王😀小明𠀀😀", TextStyle::new(10.0));
    assert_eq!(s.missing_glyphs, ['😀', '𠀀']);
    let warning = render::missing_glyph_warning(&s.missing_glyphs).unwrap();
    assert!(
        warning.contains("“😀”") && warning.contains("“𠀀”"),
        "{warning}"
    );
    assert!(render::missing_glyph_warning(&[]).is_none());
}

#[path = "support/pictures.rs"]
mod pictures;
