//! Training at a busy shop's scale: `cargo bench -p shequn-core --bench training`.
//!
//! 20 staff with a year of daily SOPs (7,300 runs, 87,600 items), then the things the
//! app does on every click: start today's SOPs, tick an item, open a run, the week
//! report, growth suggestions, an exam start and hand-in, a checklist PDF and a
//! certificate. Issue 7 sets no target; the numbers go in the issue notes.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::time::{Duration, Instant};

use chrono::{Days, Local, NaiveDate, TimeZone};
use shequn_core::Store;
use shequn_core::training::{self, NewStaff, StartRun};

const STAFF: usize = 20;
const DAYS: u64 = 365;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn time<T>(label: &str, runs: usize, mut f: impl FnMut(usize) -> T) {
    let mut samples: Vec<Duration> = (0..runs)
        .map(|i| {
            let start = Instant::now();
            std::hint::black_box(f(i));
            start.elapsed()
        })
        .collect();
    samples.sort();
    let p95 = samples[((samples.len() as f64 - 1.0) * 0.95).round() as usize];
    println!(
        "{label:<28} p50 {:>7.2} ms   p95 {:>7.2} ms",
        ms(samples[samples.len() / 2]),
        ms(p95)
    );
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let first = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let at = |day: NaiveDate, h: u32| {
        Local
            .from_local_datetime(&day.and_hms_opt(h, 0, 0).unwrap())
            .single()
            .unwrap()
    };
    let store = Store::open(&dir.path().join("bench.db"), at(first, 9))
        .unwrap()
        .0;
    let staff: Vec<i64> = (0..STAFF)
        .map(|i| {
            training::add_staff(
                &store,
                &NewStaff {
                    name: format!("店员{i:02}"),
                    role: "社群运营专员".into(),
                    started_on: "2025-06-01".into(),
                    active: true,
                    ..Default::default()
                },
                at(first, 9),
            )
            .unwrap()
            .id
        })
        .collect();
    let sop = training::find_template(&store, "daily-sop").unwrap().id;

    let start = Instant::now();
    for d in 0..DAYS {
        let day = first + Days::new(d);
        let mut runs = Vec::new();
        for &staff_id in &staff {
            let run = training::start_run(
                &store,
                &StartRun {
                    template_id: sop,
                    staff_id,
                    date: day.format("%Y-%m-%d").to_string(),
                    event_date: String::new(),
                },
                at(day, 9),
            )
            .unwrap();
            runs.push((staff_id, run.id));
        }
        store.conn().execute_batch("BEGIN").unwrap();
        for (staff_id, run_id) in runs {
            // Most days most items get done.
            let done = if (d as usize + staff_id as usize).is_multiple_of(5) {
                8
            } else {
                12
            };
            for no in 1..=done {
                store
                    .conn()
                    .execute(
                        "UPDATE run_items SET done_at = ?1, done_by = ?2 WHERE run_id = ?3 AND no = ?4",
                        rusqlite::params!["2026-01-01T10:00:00+08:00", staff_id, run_id, no],
                    )
                    .unwrap();
            }
        }
        store.conn().execute_batch("COMMIT").unwrap();
    }
    println!(
        "{} runs stored in {:.1} s",
        STAFF as u64 * DAYS,
        start.elapsed().as_secs_f64()
    );

    let next = first + Days::new(DAYS);
    let now = at(next, 10);
    time("start today's SOPs (20)", 1, |_| {
        training::ensure_daily_sop(&store, now).unwrap()
    });
    let today = training::list_runs(
        &store,
        &training::RunQuery {
            from: Some(next.format("%Y-%m-%d").to_string()),
            ..Default::default()
        },
        now,
    )
    .unwrap();
    time("tick an item", 200, |i| {
        let run = &today[i % today.len()];
        training::set_item_done(
            &store,
            run.id,
            (i % 12) as u32 + 1,
            i % 2 == 0,
            None,
            false,
            now,
        )
        .unwrap()
    });
    time("open a run", 200, |i| {
        training::run(&store, today[i % today.len()].id, now).unwrap()
    });
    time("week report", 50, |i| {
        training::week_report(&store, first + Days::new((i * 7) as u64)).unwrap()
    });
    time("growth (20 staff)", 20, |_| {
        training::growth(&store, now).unwrap()
    });
    time("list a year of one's runs", 20, |i| {
        training::list_runs(
            &store,
            &training::RunQuery {
                staff_id: Some(staff[i % STAFF]),
                ..Default::default()
            },
            now,
        )
        .unwrap()
    });
    time("exam start + hand-in", 50, |i| {
        let paper = training::start_exam(&store, staff[i % STAFF], now).unwrap();
        let answers: Vec<String> = paper
            .questions
            .iter()
            .map(|q| training::right_letters(q).unwrap())
            .collect();
        training::submit_exam(&store, paper.attempt, &answers, now).unwrap()
    });
    let attempt = training::attempts(&store, None).unwrap()[0].id;
    time("checklist PDF", 20, |i| {
        training::run_pdf(&store, today[i % today.len()].id, now).unwrap()
    });
    time("certificate PDF", 20, |_| {
        training::certificate_pdf(&store, attempt).unwrap()
    });
    println!(
        "database {:.1} MB",
        std::fs::metadata(dir.path().join("bench.db"))
            .unwrap()
            .len() as f64
            / 1e6
    );
}
