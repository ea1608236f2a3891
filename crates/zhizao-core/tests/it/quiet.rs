//! The library never writes to the terminal: results are returned as
//! values and strings, and what is shown is the front end's business.
//!
//! The package's lints deny `print!` and `eprint!` at compile time; this
//! test also catches any other write to the process's standard streams
//! (a dependency, `std::io::stdout()`, a panic message). It runs a whole
//! workload of the library in a child process (this test binary again,
//! running only `quiet_workload`) and requires the child's standard output
//! to hold nothing but the test harness's own lines, and its standard error
//! nothing at all.

use std::process::Command;

use zhizao_core::experiment::{self, Control};
use zhizao_core::lang::Lang;
use zhizao_core::live::Live;
use zhizao_core::optimize::{self, Objective};
use zhizao_core::plan::Plan;
use zhizao_core::report;
use zhizao_core::scenario::{BASELINE, Scenario};
use zhizao_core::settings::Settings;
use zhizao_core::sweep::{self, Param};
use zhizao_core::time::WEEK;

use crate::common::root;

const CHILD: &str = "ZHIZAO_QUIET_CHILD";

/// What the library does for the command line and the view, briefly.
fn workload() {
    let s = Scenario::load(&root().join("scenarios/wenzhou_valve_body.ron")).expect("bundled scenario");
    let settings = Settings {
        inputs: Default::default(),
        engine: Default::default(),
        replications: 2,
        seed: 1,
        warmup: WEEK,
        run: 2 * WEEK,
    };
    let a = experiment::evaluate(&s, &[], &settings).expect("runs");
    let _ = (
        report::run_table(&a, Lang::En),
        report::comparison_table(&a, Lang::Zh),
        report::to_json(&a),
    );
    let _ = report::to_csv(&a).expect("CSV");
    let charts = report::charts::analysis_charts(&a, Lang::Zh);
    let _ = report::html::page(
        &a.scenario,
        "intro",
        Some(&report::answer::answer(&a, Lang::Zh)),
        &report::Doc::new(),
        &charts,
        Lang::Zh,
    );
    let params = [Param::parse("stations.deburring.buffer=1,2").expect("param")];
    let points = sweep::points(&s, BASELINE, &params).expect("points");
    assert_eq!(points.len(), 2);
    let options = optimize::Options {
        budget_rmb: 400_000.0,
        objective: Objective::Throughput,
        screen: settings,
        confirm: settings,
        exact_limit: 64,
        finalists: 1,
        max_evaluations: 4,
        tolerance: 0.005,
    };
    let o = optimize::optimize(&s, options, Control::default()).expect("optimises");
    let _ = (report::optimize_table(&o, Lang::Zh), report::optimize_json(&o));
    let mut plan = Plan::new(&s, BASELINE, "plan").expect("plan");
    plan.place_robot(&s, "bolting").expect("robot placed");
    let mut live = Live::new(vec![s.baseline().clone(), plan.variant.clone()], 1, WEEK);
    live.run_to(WEEK / 2);
}

#[test]
fn quiet_workload() {
    if std::env::var_os(CHILD).is_some() {
        workload();
    }
}

#[test]
fn the_library_writes_nothing_to_the_terminal() {
    let out = Command::new(std::env::current_exe().expect("this test binary"))
        .args(["quiet::quiet_workload", "--exact", "--nocapture", "--test-threads", "1"])
        .env(CHILD, "1")
        .output()
        .expect("the test binary runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let harness = |l: &str| {
        l.is_empty()
            || l.starts_with("running ")
            || l == "test quiet::quiet_workload ... ok"
            || l.starts_with("test result:")
    };
    let printed: Vec<&str> = stdout.lines().filter(|l| !harness(l)).collect();
    assert!(printed.is_empty(), "the library printed:\n{}", printed.join("\n"));
    assert!(
        out.stderr.is_empty(),
        "the library wrote to standard error:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
