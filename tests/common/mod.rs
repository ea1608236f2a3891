//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::sync::Arc;

use zhizao::experiment::{self, Settings};
use zhizao::model::Line;
use zhizao::scenario::Scenario;
use zhizao::sim::Replication;
use zhizao::stats::Summary;

/// The bundled scenario files, sorted by name.
pub fn bundled() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir("scenarios")
        .expect("scenarios folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    files
}

/// Parses a scenario that must be valid.
pub fn scenario(ron: &str) -> Scenario {
    match Scenario::parse(ron) {
        Ok(s) => s,
        Err(zhizao::scenario::ScenarioError::Invalid { problems }) => {
            panic!(
                "test scenario invalid:\n{}",
                problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n")
            )
        }
        Err(e) => panic!("{e}"),
    }
}

pub fn baseline(ron: &str) -> Arc<Line> {
    Arc::clone(&scenario(ron).baseline().line)
}

/// Runs the scenario's own experiment on its baseline.
pub fn replications(line: &Arc<Line>) -> Vec<Replication> {
    let s = scenario_settings(line);
    (0..s.replications)
        .map(|r| experiment::replicate(line, &s, r).expect("replication runs"))
        .collect()
}

pub fn scenario_settings(line: &Line) -> Settings {
    Settings::of(line)
}

/// Summary of one line KPI over replications.
pub fn kpi(reps: &[Replication], k: usize) -> Summary {
    Summary::of(&reps.iter().map(|r| r.line[k]).collect::<Vec<_>>())
}

/// Summary of one station KPI over replications.
pub fn station_kpi(reps: &[Replication], s: usize, k: usize) -> Summary {
    Summary::of(&reps.iter().map(|r| r.stations[s][k]).collect::<Vec<_>>())
}

/// Asserts that the simulated mean matches theory: within 3 half-widths
/// (a 99.7%-ish check with a fixed seed, so it does not flicker) and with a
/// half-width under `precision` of the exact value, so that the check has teeth.
pub fn assert_matches(what: &str, s: Summary, exact: f64, precision: f64) {
    let hw = s.half_width.expect("at least two replications");
    println!("{what}: simulated {:.5} ± {hw:.5}, exact {exact:.5}", s.mean);
    assert!(
        hw <= precision * exact.abs(),
        "{what}: half-width {hw} too wide to test against {exact}"
    );
    assert!(
        (s.mean - exact).abs() <= 3.0 * hw,
        "{what}: simulated {} ± {hw} but theory says {exact}",
        s.mean
    );
}
