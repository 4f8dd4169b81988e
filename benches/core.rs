//! Native benchmarks of the core (criterion): URL matching on generated
//! catalogs of 10,000 and 100,000 stores, the stand-down check, catalog load,
//! the lookalike index, and an estimate. The wasm-vs-JavaScript comparison is
//! bench/match.mjs.
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use shoptrip::rewards::Program;
use shoptrip::Engine;
use std::hint::black_box;

fn catalog_json(n: usize) -> String {
    let stores: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"id":"s{i}","name":"Store {i}","domains":["store{i}.com"],"offer":{{"kind":"percent","rate":"{}"}}}}"#,
                1 + i % 12
            )
        })
        .collect();
    format!(
        r#"{{"schema":1,"region":"US","currency":"USD","stores":[{}]}}"#,
        stores.join(",")
    )
}

fn urls(n: usize) -> Vec<String> {
    (0..3000)
        .map(|i| match i % 3 {
            0 => format!(
                "https://www.store{}.com/product/{i}?color=blue",
                (i * 7919) % n
            ),
            1 => format!("https://news.example.org/2026/11/{i}/article.html"),
            _ => format!("https://store{}.com.evil.example/login", (i * 7919) % n),
        })
        .collect()
}

fn matching(c: &mut Criterion) {
    let mut group = c.benchmark_group("match_url");
    for n in [10_000, 100_000] {
        let engine = Engine::new(&catalog_json(n)).expect("catalog");
        let urls = urls(n);
        group.throughput(Throughput::Elements(urls.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("parse+match+stand-down", n),
            &urls,
            |b, urls| {
                b.iter(|| {
                    urls.iter()
                        .filter(|u| engine.match_url(black_box(u), None, 0).is_some())
                        .count()
                })
            },
        );
    }
    group.finish();
}

fn stand_down(c: &mut Criterion) {
    let engine = Engine::new(&catalog_json(100)).expect("catalog");
    let arrivals = [
        [
            "https://www.store1.com/p?cjevent=abc",
            "https://www.google.com/",
        ],
        [
            "https://www.store1.com/p",
            "https://www.anrdoezrs.net/click-1",
        ],
        [
            "https://www.store1.com/p?utm_source=mail",
            "https://news.example.org/",
        ],
    ];
    c.bench_function("stand_down/3 arrivals", |b| {
        b.iter(|| {
            arrivals
                .iter()
                .filter(|a| engine.stand_down(black_box(&a[..]), 0, &[]).is_some())
                .count()
        })
    });
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("catalog_load");
    group.sample_size(20);
    for n in [10_000, 100_000] {
        let json = catalog_json(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &json, |b, json| {
            b.iter(|| Engine::new(black_box(json)).expect("catalog").store_count())
        });
    }
    group.finish();
}

/// A woken worker's two ways to its engine: parse the catalog, or read the
/// snapshot kept beside it (hash checks included). Side by side per size.
fn snapshot(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine_from");
    group.sample_size(20);
    for n in [10_000, 100_000] {
        let json = catalog_json(n);
        let hash = shoptrip::engine::catalog_hash(json.as_bytes());
        let snapshot = Engine::new(&json).expect("catalog").snapshot(hash);
        println!(
            "{n} stores: catalog {} bytes, snapshot {} bytes",
            json.len(),
            snapshot.len()
        );
        group.bench_with_input(BenchmarkId::new("catalog", n), &json, |b, json| {
            b.iter(|| Engine::new(black_box(json)).expect("catalog").store_count())
        });
        group.bench_with_input(BenchmarkId::new("snapshot", n), &snapshot, |b, snapshot| {
            b.iter(|| {
                Engine::from_snapshot(black_box(snapshot), hash)
                    .expect("snapshot")
                    .store_count()
            })
        });
    }
    group.finish();
}

/// The lookalike check's index alone, as the engine builds it with the
/// catalog (src/lookalike/index.rs), beside the whole engine's build above.
fn lookalike_index(c: &mut Criterion) {
    let mut group = c.benchmark_group("lookalike_index");
    group.sample_size(20);
    for n in [10_000, 100_000] {
        let hosts: Vec<String> = (0..n).map(|i| format!("store{i}.com")).collect();
        let build = || {
            shoptrip::lookalike::LookalikeIndex::build(
                hosts
                    .iter()
                    .enumerate()
                    .map(|(i, h)| (i as u32, h.as_str())),
                None,
            )
        };
        let (domains, bytes) = build().size();
        println!("{n} stores: lookalike index of {domains} domains, {bytes} bytes");
        group.bench_function(BenchmarkId::new("build", n), |b| {
            b.iter(|| black_box(build()))
        });
    }
    group.finish();
}

fn estimate(c: &mut Criterion) {
    let engine = Engine::new(&catalog_json(100)).expect("catalog");
    c.bench_function("estimate", |b| {
        b.iter(|| engine.estimate(black_box("s5"), 12_345, Program::CashBack, 0))
    });
}

criterion_group!(
    benches,
    matching,
    stand_down,
    load,
    snapshot,
    lookalike_index,
    estimate
);
criterion_main!(benches);
