//! Simulation core benchmarks, in tiers that compare like with like with
//! other kernels:
//! - `hold_16`, `hold_1024`: the event list alone (the hold model: take the
//!   earliest of 16 or 1,024 events, schedule one an Exp(1 s) later);
//! - `mm1`: an M/M/1 queue (load 0.9, 1,000,000 s);
//! - `tandem_5`, `line_10`, `line_50`: saturated serial lines of 5, 10 and
//!   50 exponential stations (mean 1 s) with 5 waiting places between them
//!   (200,000 s, 100,000 s and 100,000 s);
//! - `line_50_failures`: the 50-station line with operation-dependent
//!   failures on every station (Exp(100 s) of processing between them,
//!   repairs Exp(5 s), resume) over 1,000,000 s;
//! - `line_1000`: 1,000 such stations over 10,000 s (the cost per visit
//!   should stay near the 10-station line's);
//! - `valve_year`: one simulated year of the default bundled scenario.
//!
//! Each line is measured twice over, as events per second (`.../events`)
//! and as station visits per second (`.../visits`: completions at all
//! stations), so figures can be set beside published kernels quoted either
//! way; and on each engine that can run it: `.../event` (the event kernel)
//! and, for the serial lines it takes, `.../recursion` (the departure-time
//! engine, same results). Events are the event kernel's count either way.

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use zhizao_core::experiment::replicate;
use zhizao_core::model::Line;
use zhizao_core::scenario::Scenario;
use zhizao_core::settings::{Engine, Settings};
use zhizao_core::sim::hold;
use zhizao_core::sim::recursion::qualifies;

fn load(path: &str) -> (Arc<Line>, Settings) {
    let s = Scenario::load(Path::new(path)).expect("bench scenario is valid");
    (Arc::clone(&s.baseline().line), s.settings)
}

/// A saturated serial line of `n` exponential stations (mean 1 s) with 5
/// waiting places between them, run for `run`.
fn serial(n: usize, run: &str) -> (Arc<Line>, Settings) {
    let route: Vec<String> = (0..n).map(|i| format!("\"s{i}\"")).collect();
    let stations: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "(name: \"s{i}\", kind: Robot, robots: 1, time: Exp(\"1s\"), buffer: {})",
                if i == 0 { 0 } else { 5 }
            )
        })
        .collect();
    let text = format!(
        "Scenario(name: \"line_{n}\", experiment: (warmup: \"0s\", run: \"{run}\", replications: 1, seed: 1), products: [(name: \"p\", route: [{}])], source: Saturated, stations: [{}])",
        route.join(", "),
        stations.join(", ")
    );
    let s = Scenario::parse(&text).expect("a valid line");
    (Arc::clone(&s.baseline().line), s.settings)
}

fn bench_line(c: &mut Criterion, name: &str, path: &str, samples: usize) {
    bench_loaded(c, name, load(path), samples);
}

fn bench_loaded(c: &mut Criterion, name: &str, (line, settings): (Arc<Line>, Settings), samples: usize) {
    let r = replicate(&line, &settings, 0).expect("runs");
    // Every visit ends with one completion at a station: its throughput
    // over the run (parts still inside a long line have made some visits).
    let hours = settings.run as f64 / zhizao_core::time::HOUR as f64;
    let visits = r
        .stations
        .iter()
        .map(|s| s[zhizao_core::kpi::ST_THROUGHPUT] * hours)
        .sum::<f64>()
        .round() as u64;
    let mut engines = vec![Engine::Event];
    if qualifies(&line).is_ok() {
        engines.push(Engine::Recursion);
    }
    for (unit, count) in [("events", r.events), ("visits", visits)] {
        let mut group = c.benchmark_group(format!("{name}/{unit}"));
        group.sample_size(samples);
        group.throughput(Throughput::Elements(count));
        for &engine in &engines {
            let settings = Settings { engine, ..settings };
            group.bench_function(engine.name(), |b| {
                b.iter(|| black_box(replicate(black_box(&line), &settings, 0).expect("runs")))
            });
        }
        group.finish();
    }
}

fn bench_hold(c: &mut Criterion, population: usize) {
    const OPERATIONS: u64 = 1_000_000;
    let mut group = c.benchmark_group(format!("hold_{population}"));
    group.sample_size(20);
    // An operation is one event taken and one scheduled.
    group.throughput(Throughput::Elements(OPERATIONS));
    group.bench_function("operations", |b| {
        b.iter(|| black_box(hold(black_box(population), OPERATIONS, 1)))
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    bench_hold(c, 16);
    bench_hold(c, 1024);
    bench_line(c, "mm1", "benches/scenarios/mm1.ron", 10);
    bench_line(c, "tandem_5", "benches/scenarios/tandem_5.ron", 20);
    bench_line(c, "line_10", "benches/scenarios/line_10.ron", 30);
    bench_line(c, "line_50", "benches/scenarios/line_50.ron", 10);
    bench_line(c, "line_50_failures", "benches/scenarios/line_50_failures.ron", 10);
    bench_loaded(c, "line_1000", serial(1000, "10000s"), 10);
    bench_line(c, "valve_year", "scenarios/wenzhou_valve_body.ron", 10);
}

criterion_group!(core, benches);
criterion_main!(core);
