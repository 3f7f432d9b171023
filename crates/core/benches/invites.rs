//! Invite printing and counter redemption: `cargo bench -p shequn-core --bench invites`.
//!
//! Targets (issue 4, this machine): 1,000 cards on A4 8-up (125 pages) laid out and
//! written as PDF in ≤ 2 s and ≤ 3 MB, with the shop's logo on every card; one
//! redemption at the counter ≤ 10 ms.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::time::{Duration, Instant};

use chrono::{Local, NaiveDate};
use shequn_core::Store;
use shequn_core::invites::print::{self, Layout};
use shequn_core::invites::{self, ChannelKind, NewChannel};
use shequn_core::shop::{self, ShopUpdate};

const CARDS: u32 = 1_000;
const REDEMPTIONS: u32 = 1_000;

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("bench.db"), Local::now())
        .unwrap()
        .0;
    // A 400×400 logo with detail, as a shop's photo-like logo would have.
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
            ..Default::default()
        },
        Some(&logo),
        Local::now(),
    )
    .unwrap();
    let channel = invites::add_channel(
        &store,
        &NewChannel {
            name: "收银台立牌".into(),
            kind: Some(ChannelKind::Counter),
            link: Some("https://weixin.qq.com/g/AQYAAAbcDEF-ghijk".into()),
            gift: Some("进群送卤蛋一个，下单再享九折".into()),
            ..Default::default()
        },
        today(),
        Local::now(),
    )
    .unwrap();
    invites::generate_codes(&store, channel.id, CARDS, today(), Local::now()).unwrap();

    // The same unprinted 1,000 codes each round (no run is confirmed).
    let mut times = Vec::new();
    let mut size = 0;
    let mut pages = 0;
    for _ in 0..5 {
        let started = Instant::now();
        let (pdf, run) = print::print_codes(
            &store,
            channel.id,
            Layout::A4_8,
            CARDS,
            false,
            today(),
            Local::now(),
        )
        .unwrap();
        times.push(started.elapsed());
        size = pdf.len();
        pages = run.pages;
        assert_eq!(run.codes.len(), CARDS as usize);
    }
    times.sort();
    println!(
        "print {CARDS} cards A4 8-up ({pages} pages): median {:.2} s (min {:.2}, max {:.2}), PDF {:.2} MB",
        times[2].as_secs_f64(),
        times[0].as_secs_f64(),
        times[4].as_secs_f64(),
        size as f64 / 1_000_000.0
    );

    // Windows prints pictures: each page rasterised at 300 dpi before it goes to GDI.
    let (pdf, _) = print::print_codes(
        &store,
        channel.id,
        Layout::A4_8,
        8,
        false,
        today(),
        Local::now(),
    )
    .unwrap();
    let document = shequn_core::printing::Document::open(pdf).unwrap();
    let mut raster: Vec<Duration> = (0..10)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(document.render(0, 300.0).unwrap());
            started.elapsed()
        })
        .collect();
    raster.sort();
    println!(
        "rasterise one A4 8-up page at 300 dpi for the Windows spooler: p50 {:.0} ms, max {:.0} ms",
        percentile(&raster, 0.5),
        percentile(&raster, 1.0)
    );

    let codes =
        invites::generate_codes(&store, channel.id, REDEMPTIONS, today(), Local::now()).unwrap();
    let mut times: Vec<Duration> = codes
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let phone = format!("139{:08}", i);
            let name = format!("顾客{i}");
            let started = Instant::now();
            invites::redeem(
                &store,
                &c.code,
                &phone,
                Some(&name),
                None,
                today(),
                Local::now(),
            )
            .unwrap();
            started.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "redeem a code ({REDEMPTIONS} in a row, each a new member): p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        percentile(&times, 1.0)
    );
}
