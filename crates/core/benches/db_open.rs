//! Opening the data file: a fresh one (create + migrate) and an existing one (the
//! app's cold-start path). Run with `cargo bench -p shequn-core --bench db_open`.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use shequn_core::{Store, shop};

fn open_fresh(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut n = 0u64;
    c.bench_function("open + migrate a new data file", |b| {
        b.iter(|| {
            n += 1;
            let path = dir.path().join(format!("fresh-{n}.db"));
            let (store, report) = Store::open(&path, chrono::Local::now()).unwrap();
            black_box((store, report));
        })
    });
}

fn open_existing(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shequn.db");
    drop(Store::open(&path, chrono::Local::now()).unwrap());
    c.bench_function("open an existing data file and read the profile", |b| {
        b.iter(|| {
            let (store, _) = Store::open(&path, chrono::Local::now()).unwrap();
            black_box(shop::get(&store).unwrap());
        })
    });
}

fn migrate_old_file(c: &mut Criterion) {
    // A version-0 file with data: open takes a VACUUM INTO snapshot, then migrates.
    let dir = tempfile::tempdir().unwrap();
    let mut n = 0u64;
    c.bench_function("snapshot + migrate an old data file", |b| {
        b.iter_batched(
            || {
                n += 1;
                let path = dir.path().join(format!("old-{n}.db"));
                let conn = rusqlite::Connection::open(&path).unwrap();
                conn.execute_batch(
                    "CREATE TABLE legacy(x TEXT);
                     WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 2000)
                     INSERT INTO legacy SELECT printf('会员 %d', i) FROM c;",
                )
                .unwrap();
                path
            },
            |path| black_box(Store::open(&path, chrono::Local::now()).unwrap()),
            criterion::BatchSize::PerIteration,
        )
    });
}

criterion_group!(benches, open_fresh, open_existing, migrate_old_file);
criterion_main!(benches);
