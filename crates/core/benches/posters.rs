//! Posters: `cargo bench -p shequn-core --bench posters`.
//!
//! Targets (issue 5, this machine): one 1080×1920 PNG ≤ 150 ms (layout + paint +
//! encode); 100 referral posters ≤ 15 s; a poster PDF ≤ 1 MB.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::time::{Duration, Instant};

use chrono::Local;
use shequn_core::Store;
use shequn_core::invites::{self, ChannelKind, NewChannel};
use shequn_core::members::{self, AddOutcome, NewMember};
use shequn_core::posters::{self, PosterContent, PosterSize, QrSource};
use shequn_core::shop::{self, ShopUpdate};

fn content(template: &str, size: PosterSize) -> PosterContent {
    let t = posters::template(template).unwrap();
    PosterContent {
        template: template.into(),
        size,
        theme: None,
        fields: t
            .fields
            .iter()
            .map(|f| (f.key.to_owned(), f.example.to_owned()))
            .collect(),
        qr: Some(QrSource::Link {
            url: "https://weixin.qq.com/g/AQYAAAbcDEF-ghijk".into(),
        }),
        photo_asset: None,
    }
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("bench.db"), Local::now())
        .unwrap()
        .0;
    let logo = dir.path().join("logo.png");
    image::RgbImage::from_fn(400, 400, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x * y) % 239) as u8])
    })
    .save(&logo)
    .unwrap();
    shop::update(
        &store,
        &ShopUpdate {
            name: Some("老街面馆（人民路店）".into()),
            address: Some("人民路 88 号".into()),
            phone: Some("0755-12345678".into()),
            ..Default::default()
        },
        Some(&logo),
        Local::now(),
    )
    .unwrap();
    let photo = posters::load_photo(&logo).unwrap();
    let today = Local::now().date_naive();

    let mut times: Vec<Duration> = (0..20)
        .map(|_| {
            let started = Instant::now();
            let p = posters::render(
                &store,
                &content("flash_sale", PosterSize::Phone),
                Some(photo.clone()),
                today,
                Local::now(),
            )
            .unwrap();
            let png = posters::to_png(&p);
            assert!(png.len() > 1000);
            started.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "one 1080×1920 PNG (flash sale with photo and logo): median {:.0} ms, max {:.0} ms",
        times[10].as_secs_f64() * 1000.0,
        times[19].as_secs_f64() * 1000.0
    );
    for size in [PosterSize::Phone, PosterSize::A4] {
        let p = posters::render(
            &store,
            &content("flash_sale", size),
            Some(photo.clone()),
            today,
            Local::now(),
        )
        .unwrap();
        println!(
            "poster PDF {size:?} with photo and logo: {:.0} KB",
            posters::to_pdf(&p, "限时活动").len() as f64 / 1024.0
        );
    }

    invites::add_channel(
        &store,
        &NewChannel {
            name: "老带新".into(),
            kind: Some(ChannelKind::Referral),
            link: Some("https://weixin.qq.com/g/Refer".into()),
            ..Default::default()
        },
        today,
        Local::now(),
    )
    .unwrap();
    let ids: Vec<i64> = (0..100)
        .map(|i| {
            let AddOutcome::Created(m) = members::add(
                &store,
                &NewMember {
                    name: format!("会员{i}"),
                    phone: format!("139{i:08}"),
                    ..Default::default()
                },
                today,
                Local::now(),
            )
            .unwrap() else {
                unreachable!()
            };
            m.id
        })
        .collect();
    let started = Instant::now();
    for id in &ids {
        let mut c = content("referral", PosterSize::Phone);
        c.qr = Some(QrSource::Member { id: *id });
        let p = posters::render(&store, &c, None, today, Local::now()).unwrap();
        std::fs::write(dir.path().join(format!("{id}.png")), posters::to_png(&p)).unwrap();
    }
    println!(
        "100 referral posters (1080×1920 PNG files): {:.2} s",
        started.elapsed().as_secs_f64()
    );
}
