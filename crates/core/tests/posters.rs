//! Posters read back the way a person would: OCR of the headline, QR scanned from the
//! PNG and from the printed PDF, fonts embedded, text extractable.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::Path;

use shequn_core::Store;
use shequn_core::posters::{self, PosterContent, PosterSize, QrSource, Theme};
use shequn_core::shop::{self, ShopUpdate};

#[path = "support/book.rs"]
mod book;
use book::{now, today};
#[path = "support/pictures.rs"]
mod pictures;
#[path = "support/printed.rs"]
mod printed;

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("shequn.db"), now()).unwrap().0;
    let change = ShopUpdate {
        name: Some("老街面馆".into()),
        slogan: Some("一碗好面，熬足八小时".into()),
        address: Some("人民路 88 号".into()),
        phone: Some("0755-12345678".into()),
        link: Some("https://work.weixin.qq.com/ca/LaoJie".into()),
        ..ShopUpdate::default()
    };
    shop::update(&store, &change, None, now()).unwrap();
    (dir, store)
}

/// The template's example words, as a new poster starts.
fn example(template: &str, size: PosterSize) -> PosterContent {
    let t = posters::template(template).unwrap();
    PosterContent {
        template: template.into(),
        size,
        theme: None,
        fields: t
            .fields
            .iter()
            .map(|f| (f.key.to_owned(), f.example.to_owned()))
            .collect::<BTreeMap<_, _>>(),
        qr: None,
        photo_asset: None,
    }
}

#[test]
fn every_template_lays_out_its_example_in_every_size() {
    let (dir, store) = store();
    let mut failed = Vec::new();
    for t in posters::templates() {
        if t.id == "referral" {
            continue;
        }
        for size in PosterSize::ALL {
            let poster = match posters::render(&store, &example(t.id, size), None, today(), now()) {
                Ok(p) => p,
                Err(e) => {
                    failed.push(format!("{} {size:?}: {e}", t.id));
                    continue;
                }
            };
            let png = posters::to_png(&poster);
            let path = dir.path().join(format!("{}-{}.png", t.id, size.as_str()));
            std::fs::write(&path, png).unwrap();
            if std::env::var_os("SHEQUN_KEEP_POSTERS").is_some() {
                std::fs::copy(&path, Path::new("/tmp").join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_welcome_poster_reads_back_from_png_and_pdf() {
    let (dir, store) = store();
    let mut content = example("welcome", PosterSize::Phone);
    content
        .fields
        .insert("headline".into(), "扫码进群领好礼".into());
    content.qr = Some(QrSource::Link {
        url: "https://weixin.qq.com/g/PosterTest".into(),
    });
    let poster = posters::render(&store, &content, None, today(), now()).unwrap();
    assert!(poster.warnings.is_empty(), "{:?}", poster.warnings);

    let png = write(dir.path(), "poster.png", &posters::to_png(&poster));
    let img = image::open(&png).unwrap();
    assert_eq!((img.width(), img.height()), (1080, 1920));
    let read = printed::ocr(&png);
    assert!(read.contains("扫码进群领好礼"), "OCR read: {read}");
    assert!(read.contains("老街面馆"), "OCR read: {read}");
    assert_eq!(printed::scan(&png), ["https://weixin.qq.com/g/PosterTest"]);

    let pdf = write(
        dir.path(),
        "poster.pdf",
        &posters::to_pdf(&poster, "进群有礼"),
    );
    printed::qpdf_check(&pdf);
    let fonts = printed::pdf_fonts(&pdf);
    assert!(
        fonts.iter().any(|f| f.contains(" yes yes ")),
        "embedded subset font expected: {fonts:?}"
    );
    let text: String = printed::pdf_text(&pdf)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for words in ["扫码进群领好礼", "到店出示，送招牌卤蛋一份", "人民路88号"]
    {
        assert!(text.contains(words), "{words} not in {text}");
    }
    let (w, h) = printed::page_size_mm(&pdf);
    assert!(
        (w - 108.0).abs() < 0.5 && (h - 192.0).abs() < 0.5,
        "{w}×{h}"
    );
    let raster = dir.path().join("raster");
    std::fs::create_dir_all(&raster).unwrap();
    let pages = printed::rasterise(&pdf, &raster);
    assert_eq!(
        printed::scan(&pages[0]),
        ["https://weixin.qq.com/g/PosterTest"]
    );
    assert!(std::fs::metadata(&pdf).unwrap().len() < 1_000_000);
}

#[test]
fn print_sizes_are_real_paper_and_the_shop_link_is_the_default_qr() {
    let (dir, store) = store();
    for (size, mm) in [
        (PosterSize::A4, (210.0, 297.0)),
        (PosterSize::A5, (148.0, 210.0)),
    ] {
        let poster =
            posters::render(&store, &example("member_day", size), None, today(), now()).unwrap();
        assert_eq!(
            poster.qr_link.as_deref(),
            Some("https://work.weixin.qq.com/ca/LaoJie")
        );
        let pdf = write(
            dir.path(),
            &format!("{}.pdf", size.as_str()),
            &posters::to_pdf(&poster, "会员日"),
        );
        let (w, h) = printed::page_size_mm(&pdf);
        assert!(
            (w - mm.0).abs() < 0.5 && (h - mm.1).abs() < 0.5,
            "{size:?}: {w}×{h}"
        );
        let text: String = printed::pdf_text(&pdf).split_whitespace().collect();
        assert!(text.contains("消费积分翻倍"), "{text}");
    }
}

#[test]
fn a_headline_too_long_shrinks_inside_its_box_and_text_that_cannot_fit_is_refused() {
    let (_dir, store) = store();
    let mut content = example("welcome", PosterSize::Phone);
    content
        .fields
        .insert("headline".into(), "进群就送招牌卤蛋和酸梅汤".into());
    let poster = posters::render(&store, &content, None, today(), now()).unwrap();
    let short = posters::render(
        &store,
        &example("welcome", PosterSize::Phone),
        None,
        today(),
        now(),
    )
    .unwrap();
    let headline_size = |p: &posters::Poster, text: &str| {
        p.scene
            .items
            .iter()
            .find_map(|i| match i {
                shequn_core::render::Item::Text(b)
                    if b.lines.iter().map(|l| l.text.as_str()).collect::<String>() == text =>
                {
                    Some(b.style.size_pt)
                }
                _ => None,
            })
            .unwrap()
    };
    let long_pt = headline_size(&poster, "进群就送招牌卤蛋和酸梅汤");
    let short_pt = headline_size(&short, "进群就送见面礼");
    assert!(long_pt < short_pt, "{long_pt} vs {short_pt}");
    assert_inside(&poster.scene);

    // Over the field's limit: said before any layout, with how many to cut.
    content.fields.insert("headline".into(), "进".repeat(20));
    let err = posters::render(&store, &content, None, today(), now()).unwrap_err();
    assert_eq!(err.fields()[0].field, "headline");
    assert!(err.to_string().contains("删掉 4 个字"), "{err}");

    // Within every field's limit but too much for a square: refused with the field
    // to shorten and how much, never clipped.
    let mut notice = example("notice", PosterSize::Square);
    // 198 characters, within the limit, but 33 short lines.
    notice
        .fields
        .insert("body".into(), "请勿刷屏。\n".repeat(33));
    let err = posters::render(&store, &notice, None, today(), now()).unwrap_err();
    assert_eq!(err.fields()[0].field, "body");
    assert!(err.to_string().contains("请删掉约"), "{err}");
}

/// Every item lies inside the page and outside the frame's margins.
fn assert_inside(scene: &shequn_core::render::Scene) {
    use shequn_core::render::{Item, font, pt_to_mm};
    for item in &scene.items {
        if let Item::Text(b) = item {
            for l in &b.lines {
                let w = font().width_mm(&l.text, b.style.size_pt);
                assert!(
                    l.x >= 0.0 && l.x + w <= scene.width + 0.01,
                    "{} leaves the page",
                    l.text
                );
                assert!(
                    l.baseline - pt_to_mm(b.style.size_pt) >= 0.0 && l.baseline <= scene.height,
                    "{}",
                    l.text
                );
            }
        }
    }
}

#[test]
fn no_line_starts_with_closing_or_ends_with_opening_punctuation() {
    let (_dir, store) = store();
    // Real sentences of the kind shops post, punctuation-heavy on purpose.
    let corpus = [
        "欢迎新朋友！进群先看公告，有问题随时问群主。",
        "本周三（12月3日）新品试吃，名额有限，先到先得；报名请接龙。",
        "“双十二”会员日：全场8.8折，积分翻倍！另有抽奖，奖品是保温杯、帆布袋、代金券。",
        "天冷了，记得多喝热汤。我们的牛骨汤每天凌晨四点开熬，小火八小时，喝一口就知道。",
        "群规：1. 不发广告；2. 不刷屏；3. 友善交流。违反者移出群聊，感谢理解！",
        "下单方式：私信群主（小林），或到店自取（人民路88号）。配送范围：3公里内。",
    ];
    for size in [PosterSize::Phone, PosterSize::Square, PosterSize::A5] {
        for text in corpus {
            let mut c = example("notice", size);
            c.fields.insert("body".into(), text.repeat(2));
            let poster = posters::render(&store, &c, None, today(), now()).unwrap();
            for item in &poster.scene.items {
                if let shequn_core::render::Item::Text(b) = item {
                    for l in &b.lines {
                        let first = l.text.chars().next().unwrap_or(' ');
                        let last = l.text.chars().last().unwrap_or(' ');
                        assert!(
                            !"，。！？、；：”）》".contains(first),
                            "line starts with {first}: {}",
                            l.text
                        );
                        assert!(!"“（《".contains(last), "line ends with {last}: {}", l.text);
                    }
                }
            }
        }
    }
}

#[test]
fn festival_themes_and_a_referral_poster_with_the_members_own_code() {
    use shequn_core::invites;
    let (dir, store) = store();
    for theme in Theme::ALL {
        let mut c = example("festival", PosterSize::Phone);
        c.theme = Some(theme);
        let poster = posters::render(&store, &c, None, today(), now()).unwrap();
        let png = write(
            dir.path(),
            &format!("{}.png", theme.as_str()),
            &posters::to_png(&poster),
        );
        let img = image::open(&png).unwrap().to_rgb8();
        // The body's margin shows the theme's colour, not white, except neutral.
        let px = img.get_pixel(20, 1000);
        assert_eq!(
            theme == Theme::Neutral,
            px.0 == [255, 255, 255],
            "{theme:?}: {px:?}"
        );
    }

    // Without a member the referral poster says what to choose.
    let err = posters::render(
        &store,
        &example("referral", PosterSize::Phone),
        None,
        today(),
        now(),
    )
    .unwrap_err();
    assert_eq!(err.fields()[0].field, "qr");
    book::referral_channel(&store, "https://weixin.qq.com/g/Refer", "");
    let m = book::member(&store, "王芳", "13700000001");
    let mut c = example("referral", PosterSize::Phone);
    c.qr = Some(QrSource::Member { id: m.id });
    let poster = posters::render(&store, &c, None, today(), now()).unwrap();
    let (own, _) = invites::referral_code_for(&store, m.id, now()).unwrap();
    assert_eq!(poster.code.as_deref(), Some(own.code.as_str()));
    let png = write(dir.path(), "referral.png", &posters::to_png(&poster));
    assert_eq!(printed::scan(&png), ["https://weixin.qq.com/g/Refer"]);
    let read = printed::ocr(&png);
    assert!(read.contains("王芳邀请你"), "OCR read: {read}");
    let pdf = write(
        dir.path(),
        "referral.pdf",
        &posters::to_pdf(&poster, "老带新"),
    );
    assert!(printed::pdf_text(&pdf).contains(&own.code));
}

#[test]
fn a_product_photo_fills_the_room_left_whole_and_a_square_leaves_it_out_with_a_warning() {
    let (dir, store) = store();
    let file = dir.path().join("noodles.png");
    image::RgbImage::from_fn(800, 600, |x, y| {
        image::Rgb([200, (x % 200) as u8, (y % 200) as u8])
    })
    .save(&file)
    .unwrap();
    let photo = posters::load_photo(&file).unwrap();
    for size in [PosterSize::Phone, PosterSize::A4, PosterSize::A5] {
        let poster = posters::render(
            &store,
            &example("flash_sale", size),
            Some(photo.clone()),
            today(),
            now(),
        )
        .unwrap();
        let placed = poster.scene.items.iter().find_map(|i| match i {
            shequn_core::render::Item::Image { x, y, w, h, .. } if *w > 30.0 => {
                Some((*x, *y, *w, *h))
            }
            _ => None,
        });
        let (x, y, w, h) = placed.unwrap_or_else(|| panic!("{size:?}: no photo"));
        assert!((w / h - 800.0 / 600.0).abs() < 0.01, "{size:?}: stretched");
        assert!(
            x >= 0.0 && x + w <= poster.scene.width && y + h <= poster.scene.height * 0.85,
            "{size:?}"
        );
        assert_inside(&poster.scene);
    }
    let square = posters::render(
        &store,
        &example("flash_sale", PosterSize::Square),
        Some(photo),
        today(),
        now(),
    )
    .unwrap();
    assert!(
        square.warnings.iter().any(|w| w.contains("放不下商品图片")),
        "{:?}",
        square.warnings
    );
}

#[test]
fn the_library_keeps_each_pictures_licence_and_a_web_image_asks_before_it_leaves() {
    use shequn_core::posters::{Licence, NewAsset};
    let (dir, store) = store();
    let file = dir.path().join("面.jpg");
    image::RgbImage::from_fn(300, 200, |x, _| image::Rgb([(x % 255) as u8, 120, 80]))
        .save_with_format(&file, image::ImageFormat::Jpeg)
        .unwrap();
    let asset = |licence, source: Option<&str>, name: Option<&str>, on: Option<&str>| NewAsset {
        licence,
        source: source.map(str::to_owned),
        consent_name: name.map(str::to_owned),
        consent_on: on.map(str::to_owned),
    };

    let own = posters::add_asset(
        &store,
        &file,
        &asset(Licence::Own, None, None, None),
        today(),
        now(),
    )
    .unwrap();
    assert_eq!(
        (own.width, own.height, own.original_name.as_str()),
        (300, 200, "面.jpg")
    );
    // The library keeps its own copy: the original can go.
    std::fs::remove_file(&file).unwrap();
    assert!(posters::asset_photo(&store, own.id).is_ok());
    image::RgbImage::from_fn(300, 200, |_, y| image::Rgb([90, (y % 255) as u8, 60]))
        .save_with_format(&file, image::ImageFormat::Jpeg)
        .unwrap();

    // A licence needs its facts: where it was bought; who agreed and when.
    let err = posters::add_asset(
        &store,
        &file,
        &asset(Licence::Licensed, None, None, None),
        today(),
        now(),
    )
    .unwrap_err();
    assert_eq!(err.fields()[0].field, "source");
    let err = posters::add_asset(
        &store,
        &file,
        &asset(Licence::Consent, None, None, None),
        today(),
        now(),
    )
    .unwrap_err();
    let fields: Vec<String> = err.fields().into_iter().map(|f| f.field).collect();
    assert_eq!(fields, ["consent_name", "consent_on"]);
    let consent = posters::add_asset(
        &store,
        &file,
        &asset(Licence::Consent, None, Some("李娜"), Some("2026-11-20")),
        today(),
        now(),
    )
    .unwrap();
    let kept = posters::asset(&store, consent.id).unwrap();
    assert_eq!(
        (kept.consent_name.as_str(), kept.consent_on.as_deref()),
        ("李娜", Some("2026-11-20"))
    );

    // Not a picture, and a decompression bomb: refused with a reason, nothing stored.
    let text = dir.path().join("notes.png");
    std::fs::write(&text, "不是图片").unwrap();
    let err = posters::add_asset(
        &store,
        &text,
        &asset(Licence::Own, None, None, None),
        today(),
        now(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("不是图片"), "{err}");
    let bomb = dir.path().join("bomb.png");
    std::fs::write(&bomb, pictures::png_bomb()).unwrap();
    let err = posters::add_asset(
        &store,
        &bomb,
        &asset(Licence::Own, None, None, None),
        today(),
        now(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("太大"), "{err}");
    assert_eq!(posters::assets(&store).unwrap().len(), 2);

    // A web image: the preview says so, and export waits for a yes naming the picture.
    let web = posters::add_asset(
        &store,
        &file,
        &asset(
            Licence::Web,
            Some("https://example.com/noodles"),
            None,
            None,
        ),
        today(),
        now(),
    )
    .unwrap();
    let mut c = example("flash_sale", PosterSize::Phone);
    c.photo_asset = Some(web.id);
    let poster = posters::render(&store, &c, None, today(), now()).unwrap();
    assert!(poster.warnings.iter().any(|w| w.contains("网络素材")));
    let refused = poster.check_publishable(false, false).unwrap_err();
    assert!(refused.to_string().contains("“面.jpg”"), "{refused}");
    assert!(poster.check_publishable(true, false).is_ok());
    c.photo_asset = Some(own.id);
    let poster = posters::render(&store, &c, None, today(), now()).unwrap();
    assert!(poster.check_publishable(false, false).is_ok());

    // The owner bought a licence for it after all: the record is corrected, checked
    // like an upload, and the poster goes out without asking.
    let err = posters::update_asset_licence(
        &store,
        web.id,
        &asset(Licence::Licensed, None, None, None),
        today(),
    )
    .unwrap_err();
    assert_eq!(err.fields()[0].field, "source");
    let fixed = posters::update_asset_licence(
        &store,
        web.id,
        &asset(Licence::Licensed, Some("某图库 订单 20261122"), None, None),
        today(),
    )
    .unwrap();
    assert_eq!(
        (fixed.licence, fixed.source.as_str()),
        (Licence::Licensed, "某图库 订单 20261122")
    );
    c.photo_asset = Some(web.id);
    let poster = posters::render(&store, &c, None, today(), now()).unwrap();
    assert!(poster.check_publishable(false, false).is_ok());

    // The library page shows a small copy of each picture.
    let thumb = posters::asset_thumbnail(&store, web.id, 160).unwrap();
    let thumb = image::load_from_memory(&thumb).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (160, 107));

    // Designs that use a picture are named on it, for the delete confirmation.
    posters::save_design(&store, None, "周末特惠", &c, now()).unwrap();
    assert_eq!(
        posters::asset(&store, web.id).unwrap().designs,
        ["周末特惠"]
    );
    posters::delete_asset(&store, web.id).unwrap();
    assert!(posters::asset(&store, web.id).is_err());
}

#[test]
fn a_picture_added_after_a_delete_is_drawn_as_itself_not_as_the_one_decoded_before() {
    use shequn_core::posters::{Licence, NewAsset};
    let (dir, store) = store();
    let own = NewAsset {
        licence: Licence::Own,
        source: None,
        consent_name: None,
        consent_on: None,
    };
    let add = |name: &str, colour: [u8; 3]| {
        let file = dir.path().join(name);
        image::RgbImage::from_pixel(64, 48, image::Rgb(colour))
            .save_with_format(&file, image::ImageFormat::Png)
            .unwrap();
        posters::add_asset(&store, &file, &own, today(), now()).unwrap()
    };
    let pixel = |id| {
        posters::asset_photo(&store, id)
            .unwrap()
            .1
            .get_pixel(10, 10)
            .0
    };

    let red = add("红.png", [200, 20, 20]);
    assert_eq!(pixel(red.id), [200, 20, 20, 255]);
    // Twice: the second comes from the decoded copy kept for the preview.
    assert_eq!(pixel(red.id), [200, 20, 20, 255]);
    posters::delete_asset(&store, red.id).unwrap();
    let blue = add("蓝.png", [20, 20, 200]);
    assert_eq!(
        pixel(blue.id),
        [20, 20, 200, 255],
        "id {} was {}",
        blue.id,
        red.id
    );
}

#[test]
fn batch_referral_posters_for_gold_members_and_above_as_files_or_one_pdf_with_cancel() {
    use shequn_core::invites;
    use shequn_core::jobs::{CancelToken, Job};
    use shequn_core::members::{self, Tier};
    use shequn_core::posters::BatchOutput;
    let (dir, store) = store();
    book::referral_channel(&store, "https://weixin.qq.com/g/Refer", "");
    // Spend in yuan decides the tier: 普通, 铜牌, 金牌, 金牌, 钻石.
    for (i, (name, spend)) in [
        ("赵一", 100),
        ("钱二", 6_000),
        ("孙三", 60_000),
        ("李四", 70_000),
        ("周五", 120_000),
    ]
    .into_iter()
    .enumerate()
    {
        let m = book::member(&store, name, &format!("1390000000{i}"));
        members::record_purchase(&store, m.id, spend * 100, today(), "", "", today(), now())
            .unwrap();
    }
    let gold = posters::members_from_tier(&store, Tier::Gold).unwrap();
    let names: Vec<&str> = gold.iter().map(|(_, n, _)| n.as_str()).collect();
    assert_eq!(names, ["孙三", "李四", "周五"]);

    let base = example("referral", PosterSize::Phone);
    let folder = dir.path().join("posters");
    let mut seen = Vec::new();
    let report = posters::batch_referral(
        &store,
        &base,
        &gold,
        &BatchOutput::Folder(folder.clone()),
        &mut Job::new(CancelToken::new(), |p| {
            // The stage's start (0 of 3) aside, every poster is reported.
            if p.done > 0 {
                seen.push((p.done, p.total));
            }
        })
        .report_every_step(),
        today(),
        now(),
    )
    .unwrap();
    assert_eq!((report.made, report.total, report.cancelled), (3, 3, false));
    assert_eq!(seen, [(1, 3), (2, 3), (3, 3)]);
    for (id, name, phone) in &gold {
        let png = folder.join(format!("老带新-{name}-{}.png", &phone[7..]));
        assert_eq!(
            printed::scan(&png),
            ["https://weixin.qq.com/g/Refer"],
            "{}",
            png.display()
        );
        let (own, _) = invites::referral_code_for(&store, *id, now()).unwrap();
        assert!(
            printed::ocr(&png).contains(&format!("{name}邀请你")),
            "{name}"
        );
        assert_eq!(own.code.len(), 7);
    }

    let pdf = dir.path().join("gold.pdf");
    posters::batch_referral(
        &store,
        &base,
        &gold,
        &BatchOutput::Pdf(pdf.clone()),
        &mut Job::unattended(),
        today(),
        now(),
    )
    .unwrap();
    assert_eq!(printed::page_count(&pdf), 3);
    let text = printed::pdf_text(&pdf);
    for (id, _, _) in &gold {
        let (own, _) = invites::referral_code_for(&store, *id, now()).unwrap();
        assert!(text.contains(&own.code), "{} missing", own.code);
    }

    // Cancel after the first poster: a PDF is not written half done.
    let cancel = CancelToken::new();
    let stop = cancel.clone();
    let stopped = dir.path().join("stopped.pdf");
    let report = posters::batch_referral(
        &store,
        &base,
        &gold,
        &BatchOutput::Pdf(stopped.clone()),
        &mut Job::new(cancel, move |p| {
            if p.done >= 1 {
                stop.cancel();
            }
        })
        .report_every_step(),
        today(),
        now(),
    )
    .unwrap();
    assert!(report.cancelled);
    assert_eq!(report.made, 1);
    assert!(!stopped.exists());
}

#[test]
fn designs_are_saved_reopened_duplicated_and_deleted_and_lose_a_deleted_picture() {
    use shequn_core::posters::{Licence, NewAsset};
    let (dir, store) = store();
    let file = dir.path().join("面.png");
    image::RgbImage::from_fn(200, 150, |x, _| image::Rgb([(x % 255) as u8, 100, 100]))
        .save(&file)
        .unwrap();
    let pic = posters::add_asset(
        &store,
        &file,
        &NewAsset {
            licence: Licence::Own,
            source: None,
            consent_name: None,
            consent_on: None,
        },
        today(),
        now(),
    )
    .unwrap();
    let mut content = example("flash_sale", PosterSize::A5);
    content.fields.insert("price".into(), "9.9".into());
    content.photo_asset = Some(pic.id);
    content.qr = Some(QrSource::Link {
        url: "https://weixin.qq.com/g/Sale".into(),
    });
    let saved = posters::save_design(&store, None, "周末牛肉面", &content, now()).unwrap();
    assert_eq!(saved.template_name, "限时活动");
    let reopened = posters::design(&store, saved.id).unwrap();
    assert_eq!(reopened.content, content);

    // Saving again updates it in place; an empty name gets one made up.
    content.fields.insert("price".into(), "8.8".into());
    let again = posters::save_design(&store, Some(saved.id), "", &content, now()).unwrap();
    assert_eq!(again.id, saved.id);
    assert!(again.name.starts_with("限时活动海报"), "{}", again.name);
    assert_eq!(again.content.fields["price"], "8.8");

    let copy = posters::duplicate_design(&store, saved.id, now()).unwrap();
    assert_ne!(copy.id, saved.id);
    assert!(copy.name.ends_with("（副本）"));
    assert_eq!(posters::designs(&store).unwrap().len(), 2);

    // The picture leaves the library: designs that used it open without it.
    posters::delete_asset(&store, pic.id).unwrap();
    assert_eq!(
        posters::design(&store, copy.id)
            .unwrap()
            .content
            .photo_asset,
        None
    );
    posters::delete_design(&store, saved.id).unwrap();
    assert_eq!(posters::designs(&store).unwrap().len(), 1);
    assert!(posters::delete_design(&store, saved.id).is_err());
}
