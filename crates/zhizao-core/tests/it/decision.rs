//! Decision support: bottlenecks, money, the placement optimiser.

use crate::common::*;
use zhizao_core::economics::{annuity_factor, discounted_payback};
use zhizao_core::experiment::{self, Control};
use zhizao_core::kpi::{ST_BOTTLENECK, THROUGHPUT};
use zhizao_core::optimize::{self, Method, Objective, Options};
use zhizao_core::scenario::Scenario;
use zhizao_core::settings::Settings;
use zhizao_core::time::{HOUR, WEEK};

/// Index of the station with the largest mean bottleneck share.
fn bottleneck(ron: &str) -> (usize, f64) {
    let line = baseline(ron);
    let reps = replications(&line);
    (0..line.stations.len())
        .map(|s| (s, station_kpi(&reps, s, ST_BOTTLENECK).mean))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap()
}

const THREE_STATIONS: &str = r#"Scenario(
    name: "three",
    experiment: (warmup: "10h", run: "200h", replications: 5, seed: 1),
    products: [(name: "p", route: ["a", "b", "c"])],
    source: Saturated,
    stations: [
        (name: "a", kind: Robot, time: Exp(A), buffer: 0),
        (name: "b", kind: Robot, time: Exp(B), buffer: 3, FAIL),
        (name: "c", kind: Robot, time: Exp(C), buffer: 3),
    ],
)"#;

fn three(a: &str, b: &str, c: &str, fail: &str) -> String {
    THREE_STATIONS
        .replace("Exp(A)", &format!("Exp(\"{a}\")"))
        .replace("Exp(B)", &format!("Exp(\"{b}\")"))
        .replace("Exp(C)", &format!("Exp(\"{c}\")"))
        .replace("FAIL", fail)
}

#[test]
fn the_clearly_slower_station_is_the_bottleneck() {
    // b needs 1.5 min, the others 1 min.
    let (s, share) = bottleneck(&three("1min", "1.5min", "1min", ""));
    assert_eq!(s, 1, "b is the bottleneck");
    assert!(share > 0.6, "and most of the time: {share}");
    // Moving the slowness to c moves the bottleneck.
    assert_eq!(bottleneck(&three("1min", "1min", "1.5min", "")).0, 2);
}

#[test]
fn a_station_slowed_by_failures_is_the_bottleneck() {
    // Equal mean process times; b fails every 20 min on average for 10 min:
    // availability 2/3, so b is slowest in effect.
    let fail = r#"failures: (time_to_failure: Exp("20min"), time_to_repair: Exp("10min"))"#;
    let (s, share) = bottleneck(&three("1min", "1min", "1min", fail));
    assert_eq!(s, 1, "the failing station is the bottleneck");
    assert!(share > 0.5, "{share}");
}

/// A one-station line with a person; the variant swaps them for a robot
/// with the same cycle. Everything is deterministic, so every figure can be
/// worked out by hand.
fn money_case(cap_rmb: f64) -> Scenario {
    scenario(&format!(
        r#"Scenario(
    name: "money",
    experiment: (warmup: "1h", run: "100h", replications: 3, seed: 5),
    operators: [(name: "ops", headcount: 1)],
    products: [(name: "p", route: ["press"])],
    source: Saturated,
    stations: [(name: "press", kind: Manual(operators: "ops"), time: Const("1min"), buffer: 0)],
    economics: (
        value_per_good_unit_rmb: 2,
        operator_cost_per_hour_rmb: 30,
        robot_cost_per_operating_hour_rmb: 5,
        discount_rate: 0.1,
        horizon_years: 3,
        subsidy: (name: "s", rate: 0.2, cap_rmb: {cap_rmb}),
    ),
    variants: [(name: "robot", changes: [
        ReplaceWithRobot(station: "press", failures: Never, time: Const("1min"), capital_cost_rmb: 100000, install_days: 2),
        ChangeHeadcount(pool: "ops", by: -1),
    ])],
)"#
    ))
}

#[test]
fn money_against_hand_computed_figures() {
    // Cap 15,000 binds: 20% of 100,000 would be 20,000.
    let s = money_case(15_000.0);
    let a = experiment::evaluate(&s, &[], &s.settings).unwrap();
    let f = a.variants[1].finance.as_ref().unwrap();
    assert_eq!(f.investment_rmb, 100_000.0);
    assert_eq!(f.subsidy_rmb, 15_000.0);
    assert_eq!(f.net_investment_rmb, 85_000.0);
    // One operator around the clock: 8,766 h x 30 RMB = 262,980 RMB a year.
    assert!((f.annual_labour_saving_rmb - 262_980.0).abs() < 1e-6);
    // Same output (60 an hour), so no extra contribution.
    assert!(f.annual_extra_contribution_rmb.mean.abs() < 1e-6);
    // The robot runs all the time: 8,766 h x 5 RMB = 43,830 RMB a year.
    assert!((f.annual_extra_running_cost_rmb.mean - 43_830.0).abs() < 1e-6);
    let benefit = 262_980.0 - 43_830.0; // 219,150 RMB a year
    assert!((f.annual_benefit_rmb.mean - benefit).abs() < 1e-6);
    // Two days' output lost to installation: 60/h x 48 h x 2 RMB = 5,760 RMB.
    assert!((f.downtime_cost_rmb.mean - 5_760.0).abs() < 1e-6);
    let outlay = 85_000.0 + 5_760.0;
    // Undiscounted payback 90,760 / 219,150 = 0.41414 years.
    let simple = f.payback_years.estimate.unwrap();
    assert!((simple - 0.414_145).abs() < 1e-5, "{simple}");
    // Discounted at 10%: -ln(1 - 90,760 x 0.1 / 219,150) / ln(1.1) = 0.44378 years.
    let discounted = f.discounted_payback_years.estimate.unwrap();
    assert!((discounted - 0.443_778).abs() < 1e-5, "{discounted}");
    assert_eq!(Some(discounted), discounted_payback(outlay, benefit, 0.1));
    assert!(discounted > simple, "discounting makes payback later");
    // NPV over 3 years at 10%: 219,150 x 2.486852 - 90,760 = 454,233.6 RMB.
    assert!((f.npv_rmb.mean - (benefit * annuity_factor(0.1, 3.0) - outlay)).abs() < 1e-6);
    assert!((f.npv_rmb.mean - 454_233.6).abs() < 0.1, "{}", f.npv_rmb.mean);

    // Cap 50,000 does not bind: the subsidy is the full 20%.
    let s = money_case(50_000.0);
    let a = experiment::evaluate(&s, &[], &s.settings).unwrap();
    let f = a.variants[1].finance.as_ref().unwrap();
    assert_eq!(f.subsidy_rmb, 20_000.0);
    assert_eq!(f.net_investment_rmb, 80_000.0);
}

/// Three stations, a clearly slow one; candidates at each, with known costs.
const PLACEMENT: &str = r#"Scenario(
    name: "placement",
    experiment: (warmup: "5h", run: "100h", replications: 6, seed: 9),
    operators: [(name: "ops", headcount: 3)],
    products: [(name: "p", route: ["a", "b", "c"])],
    source: Saturated,
    stations: [
        (name: "a", kind: Manual(operators: "ops"), time: LogNormal(mean: "2min", cv: 0.2), buffer: 0),
        (name: "b", kind: Manual(operators: "ops"), time: LogNormal(mean: "1min", cv: 0.2), buffer: 4),
        (name: "c", kind: Manual(operators: "ops"), time: LogNormal(mean: "1.1min", cv: 0.2), buffer: 4),
    ],
    candidates: [
        (name: "robot_a", changes: [ReplaceWithRobot(station: "a", failures: Never, time: LogNormal(mean: "0.9min", cv: 0.1), capital_cost_rmb: 100), ChangeHeadcount(pool: "ops", by: -1)]),
        (name: "robot_b", changes: [ReplaceWithRobot(station: "b", failures: Never, time: LogNormal(mean: "0.95min", cv: 0.1), capital_cost_rmb: 60), ChangeHeadcount(pool: "ops", by: -1)]),
        (name: "robot_c", changes: [ReplaceWithRobot(station: "c", failures: Never, time: LogNormal(mean: "0.8min", cv: 0.1), capital_cost_rmb: 60), ChangeHeadcount(pool: "ops", by: -1)]),
        (name: "faster_c", changes: [SetTime(station: "c", time: LogNormal(mean: "0.7min", cv: 0.2), capital_cost_rmb: 30)]),
    ],
)"#;

fn options(s: &Scenario, budget_rmb: f64, objective: Objective, exact_limit: usize) -> Options {
    let confirm = s.settings;
    Options {
        budget_rmb,
        objective,
        screen: Settings {
            replications: 4,
            run: 50 * HOUR,
            ..confirm
        },
        confirm,
        exact_limit,
        finalists: 4,
        max_evaluations: 40,
        tolerance: 0.005,
    }
}

/// Brute force: every affordable placement with the confirmation settings;
/// the best mean of the objective.
fn brute_force_best(s: &Scenario, budget: f64, k: usize) -> f64 {
    let n = s.candidates.len();
    let settings = s.settings;
    let mut best = f64::NEG_INFINITY;
    for mask in 0u32..(1 << n) {
        let chosen: Vec<_> = (0..n)
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| &s.candidates[i])
            .collect();
        if chosen.iter().map(|c| c.cost_rmb()).sum::<f64>() > budget {
            continue;
        }
        let Ok(v) = s.combine(&chosen, "x") else { continue };
        let reps = &experiment::run(&[&v], &settings).unwrap()[0];
        best = best.max(kpi(reps, k).mean);
    }
    best
}

#[test]
fn exact_and_heuristic_search_find_the_known_optimum_within_budget() {
    let s = scenario(PLACEMENT);
    for budget in [0.0, 90.0, 130.0, 250.0] {
        let best = brute_force_best(&s, budget, THROUGHPUT);
        for (limit, method) in [(64, Method::Exact), (0, Method::Heuristic)] {
            let o = optimize::optimize(
                &s,
                options(&s, budget, Objective::Throughput, limit),
                Control::default(),
            )
            .unwrap();
            assert_eq!(o.method, method);
            for p in &o.ranked {
                assert!(
                    p.cost_rmb <= budget,
                    "{:?} costs {} > budget {budget}",
                    p.names,
                    p.cost_rmb
                );
            }
            let winner = &o.ranked[0];
            // The winner is as good as the brute-force best (to the tolerance).
            assert!(
                winner.objective.mean >= best * (1.0 - 0.005) - 1e-9,
                "budget {budget}, {method:?}: {:?} gives {} but the best is {best}",
                winner.names,
                winner.objective.mean
            );
        }
    }
    // With room for the slow station's robot it is chosen, alone or with c's.
    let o = optimize::optimize(&s, options(&s, 130.0, Objective::Throughput, 64), Control::default()).unwrap();
    assert!(
        o.ranked[0].names.contains(&"robot_a".to_string()),
        "{:?}",
        o.ranked[0].names
    );
}

#[test]
fn the_winning_placement_as_ron_is_the_same_line() {
    let s = scenario(PLACEMENT);
    let o = optimize::optimize(&s, options(&s, 250.0, Objective::Throughput, 64), Control::default()).unwrap();
    let best = &o.ranked[0];
    let ron = optimize::as_variant(&s, best, "chosen");
    let text = PLACEMENT.replace(
        "    candidates: [",
        &format!("    variants: [{ron}],\n    candidates: ["),
    );
    let with_variant = scenario(&text);
    let settings = s.settings;
    let written = &experiment::run(&[with_variant.variant("chosen").unwrap()], &settings).unwrap()[0];
    assert_eq!(
        kpi(written, THROUGHPUT).mean,
        best.analysis.kpis[THROUGHPUT].mean,
        "the RON variant simulates exactly like the placement"
    );
    assert_eq!(
        with_variant.variant("chosen").unwrap().capital_cost_rmb(),
        best.cost_rmb
    );
}

#[test]
fn a_stopped_experiment_keeps_complete_pairs() {
    let s = scenario(PLACEMENT);
    let stop = std::sync::atomic::AtomicBool::new(true);
    let control = Control {
        cancel: Some(&stop),
        progress: None,
    };
    let settings = Settings {
        run: 10 * WEEK,
        ..s.settings
    };
    let refs: Vec<_> = s.variants.iter().collect();
    let runs = experiment::run_with(&refs, &settings, &control).unwrap();
    assert_eq!(runs.done(), 0, "stopped before anything finished");
    assert!(runs.replications.iter().all(|r| r.is_empty()));
}

#[test]
fn a_stopped_optimisation_says_so() {
    let s = scenario(PLACEMENT);
    let stop = std::sync::atomic::AtomicBool::new(true);
    let control = Control {
        cancel: Some(&stop),
        progress: None,
    };
    let e = optimize::optimize(&s, options(&s, 250.0, Objective::Throughput, 64), control).unwrap_err();
    assert!(matches!(e, optimize::OptimizeError::Stopped), "{e}");
}
