//! Simulation core benchmarks: one replication of synthetic serial lines
//! (10 and 50 stations, exponential times with mean 1 s, 5 waiting places,
//! 100,000 s), and one simulated year of the default bundled scenario.
//! Throughput is reported in events per second.

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use zhizao_core::experiment::replicate;
use zhizao_core::model::Line;
use zhizao_core::scenario::Scenario;
use zhizao_core::settings::Settings;

fn load(path: &str) -> (Arc<Line>, Settings) {
    let s = Scenario::load(Path::new(path)).expect("bench scenario is valid");
    (Arc::clone(&s.baseline().line), s.settings)
}

fn bench_line(c: &mut Criterion, name: &str, path: &str, samples: usize) {
    let (line, settings) = load(path);
    let events = replicate(&line, &settings, 0).expect("runs").events;
    let mut group = c.benchmark_group(name);
    group.sample_size(samples);
    group.throughput(Throughput::Elements(events));
    group.bench_function("replication", |b| {
        b.iter(|| black_box(replicate(black_box(&line), &settings, 0).expect("runs")))
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    bench_line(c, "line_10", "benches/scenarios/line_10.ron", 30);
    bench_line(c, "line_50", "benches/scenarios/line_50.ron", 10);
    bench_line(c, "valve_year", "scenarios/wenzhou_valve_body.ron", 10);
}

criterion_group!(core, benches);
criterion_main!(core);
