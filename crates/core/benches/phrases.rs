//! Phrase search: `cargo bench -p shequn-core --bench phrases`.
//!
//! Target (issue 6, this machine): a search over 10,000 phrases ≤ 20 ms at p95, for
//! the queries staff type: a Chinese word found mid-sentence, pinyin initials, two
//! words, a word within a category, and a word found nowhere.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::time::{Duration, Instant};

use chrono::Local;
use shequn_core::Store;
use shequn_core::phrases::{self, DEFAULT_PHRASES, NewPhrase, PhraseQuery};

const PHRASES: usize = 10_000;
const RUNS: usize = 200;

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("bench.db"), Local::now())
        .unwrap()
        .0;
    let start = Instant::now();
    store.conn().execute_batch("BEGIN").unwrap();
    let shipped = phrases::list(&store, &PhraseQuery::default())
        .unwrap()
        .total as usize;
    for i in 0..PHRASES - shipped {
        let d = &DEFAULT_PHRASES[i % DEFAULT_PHRASES.len()];
        phrases::add(
            &store,
            &NewPhrase {
                title: format!("{}·{}号", d.title, i),
                category: d.category.into(),
                body: format!("{}（第 {i} 版，门店自编）", d.body),
                tags: d.tags.iter().map(|t| (*t).to_owned()).collect(),
                favorite: i % 97 == 0,
            },
            Local::now(),
        )
        .unwrap();
    }
    store.conn().execute_batch("COMMIT").unwrap();
    let total = phrases::list(&store, &PhraseQuery::default())
        .unwrap()
        .total;
    println!(
        "{total} phrases stored in {:.2} s",
        start.elapsed().as_secs_f64()
    );

    let queries: [(&str, PhraseQuery); 5] = [
        ("中文词（正文中间）“前台”", q("前台", None)),
        ("拼音首字母 xrjq", q("xrjq", None)),
        ("两个词“积分 到期”", q("积分 到期", None)),
        ("分类内“提醒”", q("提醒", Some("提醒通知"))),
        ("哪都没有的词", q("火星快递", None)),
    ];
    let mut all = Vec::new();
    for (label, query) in &queries {
        let mut times = Vec::with_capacity(RUNS);
        let mut hits = 0;
        for _ in 0..RUNS {
            let t = Instant::now();
            let page = phrases::list(&store, query).unwrap();
            times.push(t.elapsed());
            hits = page.total;
        }
        times.sort();
        println!(
            "{label}: {hits} hits, p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
            percentile(&times, 0.5),
            percentile(&times, 0.95),
            percentile(&times, 1.0)
        );
        all.extend(times);
    }
    all.sort();
    println!(
        "all searches: p50 {:.2} ms, p95 {:.2} ms (target ≤ 20 ms)",
        percentile(&all, 0.5),
        percentile(&all, 0.95)
    );
}

fn q(search: &str, category: Option<&str>) -> PhraseQuery {
    PhraseQuery {
        search: Some(search.into()),
        category: category.map(str::to_owned),
        ..Default::default()
    }
}
