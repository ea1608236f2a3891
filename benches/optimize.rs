//! Decision-support benchmarks: the placement optimiser over the 12
//! candidate stations of the default scenario with a mid-range budget
//! (RMB 1.8 million of the 3.72 million all candidates would cost), with
//! the command line's default search settings. The target is under a minute
//! on a 2-core machine, using both cores.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use zhizao_core::experiment::Control;
use zhizao_core::optimize::{Objective, Options, optimize};
use zhizao_core::scenario::Scenario;
use zhizao_core::settings::Settings;
use zhizao_core::time::WEEK;

fn options(s: &Scenario, objective: Objective) -> Options {
    let confirm = s.settings;
    Options {
        budget_rmb: 1_800_000.0,
        objective,
        screen: Settings {
            replications: 10,
            run: 13 * WEEK,
            ..confirm
        },
        confirm,
        exact_limit: 64,
        finalists: 5,
        max_evaluations: 120,
        tolerance: 0.005,
    }
}

fn benches(c: &mut Criterion) {
    let s = Scenario::load(Path::new("scenarios/wenzhou_valve_body.ron")).expect("bundled scenario is valid");
    assert_eq!(s.candidates.len(), 12);
    let mut group = c.benchmark_group("optimize_valve_12");
    group.sample_size(10);
    for (name, objective) in [("throughput", Objective::Throughput), ("npv", Objective::Npv)] {
        group.bench_function(name, |b| {
            b.iter(|| black_box(optimize(&s, options(&s, objective), Control::default()).expect("runs")))
        });
    }
    group.finish();
}

criterion_group!(decision, benches);
criterion_main!(decision);
