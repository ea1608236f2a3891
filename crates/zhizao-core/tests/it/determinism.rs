//! Determinism and common random numbers: the promises that make a
//! comparison of variants trustworthy.

use std::sync::Arc;

use crate::common::*;
use zhizao_core::experiment;
use zhizao_core::kpi::THROUGHPUT;
use zhizao_core::report::to_json;
use zhizao_core::scenario::Scenario;
use zhizao_core::settings::Settings;
use zhizao_core::sim::Simulation;
use zhizao_core::stats::{Difference, Summary, t_quantile_975};
use zhizao_core::time::WEEK;

fn valve() -> Scenario {
    scenario(&std::fs::read_to_string(root().join("scenarios/wenzhou_valve_body.ron")).unwrap())
}

fn short(replications: u32) -> Settings {
    Settings {
        inputs: Default::default(),
        engine: Default::default(),
        replications,
        seed: 77,
        warmup: WEEK,
        run: 4 * WEEK,
    }
}

/// Each station's processing-time draws in one replication of a variant.
fn station_draws(s: &Scenario, variant: &str, config: &Settings) -> Vec<Vec<u64>> {
    let line = Arc::clone(&s.variant(variant).unwrap().line);
    let stations = line.stations.len();
    let mut sim = Simulation::new(line, config, 2);
    sim.record_draws();
    while sim.step().unwrap() {}
    (0..stations)
        .map(|st| sim.draws().iter().filter(|d| d.0 as usize == st).map(|d| d.1).collect())
        .collect()
}

fn json_with_threads(s: &Scenario, threads: usize) -> String {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    let analysis = pool.install(|| experiment::evaluate(s, &[], &short(6)).unwrap());
    serde_json::to_string(&to_json(&analysis)).unwrap()
}

#[test]
fn same_seed_gives_identical_json_at_any_thread_count() {
    let s = valve();
    let one = json_with_threads(&s, 1);
    assert_eq!(one, json_with_threads(&s, 1), "two runs with one thread differ");
    assert_eq!(one, json_with_threads(&s, 4), "one thread and four threads differ");
    assert_eq!(one, json_with_threads(&s, 2));
}

#[test]
fn a_different_seed_gives_different_results() {
    let s = valve();
    let a = experiment::evaluate(&s, &["baseline"], &short(2)).unwrap();
    let b = experiment::evaluate(&s, &["baseline"], &Settings { seed: 78, ..short(2) }).unwrap();
    assert_ne!(a.variants[0].kpis[THROUGHPUT].mean, b.variants[0].kpis[THROUGHPUT].mean);
}

#[test]
fn a_variant_that_adds_vehicles_leaves_every_stations_draws_unchanged() {
    // Two products, no rework: every station sees parts in release order, so
    // common random numbers mean identical draws, station by station, when
    // a variant adds an AGV leg (the fleet draws from a stream of its own).
    let s = scenario(
        r#"Scenario(
            name: "agv crn",
            experiment: (warmup: "0h", run: "2w", replications: 1, seed: 9),
            products: [
                (name: "small", share: 0.6, route: ["turn", "wash", "pack"]),
                (name: "large", share: 0.4, route: ["turn", "wash", "pack"]),
            ],
            source: Orders(interarrival: Exp("3min")),
            stations: [
                (name: "turn", kind: Robot, robots: 1, time: LogNormal(mean: "1.5min", cv: 0.3),
                 product_times: {"large": LogNormal(mean: "2min", cv: 0.3)}, ideal_cycle: "1min", position: (0.0, 0.0)),
                (name: "wash", kind: Robot, robots: 0, time: Exp("1min"), ideal_cycle: "40s", position: (20.0, 0.0)),
                (name: "pack", kind: Robot, robots: 0, time: Exp("1.2min"), ideal_cycle: "50s", position: (20.0, 10.0)),
            ],
            variants: [(name: "agv", changes: [
                SetFleet(fleet: "agv", count: 1, speed_m_per_min: 60.0, load: Exp("10s"), unload: Exp("10s"), capital_cost_rmb: 150000),
                SetTransport(station: "turn", fleet: "agv"),
                SetTransport(station: "wash", fleet: "agv"),
            ])],
        )"#,
    );
    let config = Settings {
        inputs: Default::default(),
        engine: Default::default(),
        replications: 1,
        seed: 5,
        warmup: 0,
        run: 2 * WEEK,
    };
    assert!(s.baseline().line.fleets.is_empty());
    assert_eq!(
        s.variant("agv").unwrap().line.fleets.len(),
        1,
        "the variant adds the fleet"
    );
    assert_eq!(s.variant("agv").unwrap().capital_cost_rmb(), 150000.0);
    let (base, agv) = (
        station_draws(&s, "baseline", &config),
        station_draws(&s, "agv", &config),
    );
    for (st, (a, b)) in base.iter().zip(&agv).enumerate() {
        let n = a.len().min(b.len());
        assert!(n > 500, "station {st}: too few draws to compare ({n})");
        assert_eq!(a[..n], b[..n], "station {st}: draws changed by the vehicles");
    }
}

#[test]
fn every_bundled_scenario_gives_identical_json_at_one_and_four_threads() {
    // Loads, racks, components, vehicles: nothing may depend on the thread count.
    for path in bundled() {
        let s = load(&path);
        let settings = Settings {
            replications: 4,
            ..short(4)
        };
        let json = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let analysis = pool.install(|| experiment::evaluate(&s, &[], &settings).unwrap());
            serde_json::to_string(&to_json(&analysis)).unwrap()
        };
        assert_eq!(json(1), json(4), "{}: one thread and four differ", path.display());
    }
}

#[test]
fn replacing_one_station_leaves_every_other_stations_draws_unchanged() {
    let s = valve();
    let config = Settings {
        inputs: Default::default(),
        engine: Default::default(),
        replications: 1,
        seed: 5,
        warmup: 0,
        run: 6 * WEEK,
    };
    let base = station_draws(&s, "baseline", &config);
    let variant = station_draws(&s, "robot_deburring", &config);
    let changed = s.baseline().line.station_id("deburring").unwrap();
    for (st, (a, b)) in base.iter().zip(&variant).enumerate() {
        let n = a.len().min(b.len());
        assert!(n > 500, "station {st}: too few draws to compare ({n})");
        if st == changed {
            assert_ne!(a[..n], b[..n], "the robot cell draws its own times");
        } else {
            assert_eq!(a[..n], b[..n], "station {st}: draws changed by a change elsewhere");
        }
    }
}

#[test]
fn paired_comparison_is_narrower_than_unpaired() {
    let s = scenario(
        r#"Scenario(
            name: "toy",
            experiment: (warmup: "10h", run: "200h", replications: 20, seed: 3),
            products: [(name: "p", route: ["a", "b"])],
            source: Saturated,
            stations: [
                (name: "a", kind: Robot, time: Exp("1min"), buffer: 0),
                (name: "b", kind: Robot, time: Exp("1min"), buffer: 2),
            ],
            variants: [(name: "faster_b", changes: [SetTime(station: "b", time: Exp("0.9min"))])],
        )"#,
    );
    let analysis = experiment::evaluate(&s, &[], &s.settings).unwrap();
    let column = |v: usize| {
        analysis.variants[v]
            .replications
            .iter()
            .map(|r| r.line[THROUGHPUT])
            .collect::<Vec<_>>()
    };
    let (base, faster) = (column(0), column(1));
    let paired = Difference::paired(&faster, &base);
    let sd = |x: &[f64]| Summary::of(x).half_width.unwrap() / t_quantile_975(x.len() - 1) * (x.len() as f64).sqrt();
    let n = base.len() as f64;
    let unpaired = t_quantile_975(2 * base.len() - 2) * ((sd(&base).powi(2) + sd(&faster).powi(2)) / n).sqrt();
    let hw = paired.diff_half_width.unwrap();
    println!("paired {hw:.4} vs unpaired {unpaired:.4}; diff {:.3}", paired.diff_mean);
    assert!(paired.significant && paired.diff_mean > 0.0);
    assert!(
        hw < unpaired / 2.0,
        "common random numbers should at least halve the interval"
    );
}

#[test]
fn the_optimiser_gives_identical_answers_at_any_thread_count() {
    let s = valve();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        let options = zhizao_core::optimize::Options {
            budget_rmb: 1_000_000.0,
            objective: zhizao_core::optimize::Objective::Npv,
            screen: short(2),
            confirm: short(3),
            exact_limit: 64,
            finalists: 3,
            max_evaluations: 25,
            tolerance: 0.005,
        };
        let o = pool.install(|| zhizao_core::optimize::optimize(&s, options, experiment::Control::default()).unwrap());
        serde_json::to_string(&zhizao_core::report::optimize_json(&o)).unwrap()
    };
    assert_eq!(run(1), run(2), "one and two threads differ");
}
