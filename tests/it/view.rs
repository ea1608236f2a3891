//! The view's "the numbers equal" line: run as printed, the command line
//! prints the numbers the screen shows at that moment.

use std::path::PathBuf;

use zhizao_core::kpi::{GOOD_OUTPUT, THROUGHPUT};
use zhizao_core::scenario::Scenario;
use zhizao_core::time::HOUR;

use super::cli::{expect_code, zhizao};

const VALVE: &str = "scenarios/wenzhou_valve_body.ron";

/// Runs side `side`'s "the numbers equal" line as printed and checks that
/// it prints the numbers the screen shows now; returns its JSON.
fn runs_as_printed(w: &zhizao_view::Workshop, side: usize) -> serde_json::Value {
    let line = w.cli_equivalent(side);
    let words: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(words[0], "zhizao", "{line}");
    let out = zhizao(&[&words[1..], &["--format", "json", "--quiet"]].concat());
    expect_code(&out, 0, &format!("as printed: {line}"));
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let kpis = &j["variants"][0]["kpis"];
    let shown = w.live.sides()[side].kpis();
    assert_eq!(
        kpis["good_output"]["mean"].as_f64(),
        Some(shown.line[GOOD_OUTPUT]),
        "{line}"
    );
    assert_eq!(
        kpis["throughput_per_hour"]["mean"].as_f64(),
        Some(shown.line[THROUGHPUT]),
        "{line}"
    );
    assert!(shown.line[GOOD_OUTPUT] > 0.0, "work on the floor");
    j
}

#[test]
fn the_numbers_equal_line_runs_as_printed_and_prints_the_screens_numbers() {
    let scenario = Scenario::load(std::path::Path::new(VALVE)).unwrap();
    let options = zhizao_view::ViewOptions {
        plan_out: std::env::temp_dir().join("zhizao-test-plan.ron"),
        ..zhizao_view::ViewOptions::new(PathBuf::from(VALVE))
    };
    let mut w = zhizao_view::workshop(scenario, &options).unwrap();
    w.live.run_to(2 * 24 * HOUR + 10 * HOUR);
    for side in 0..2 {
        runs_as_printed(&w, side);
    }
}

#[test]
fn the_planners_numbers_equal_line_runs_as_printed_with_the_saved_plan() {
    let scenario = Scenario::load(std::path::Path::new(VALVE)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.ron");
    let options = zhizao_view::ViewOptions {
        plan: true,
        place: vec!["cnc_drilling".to_string()],
        plan_out: plan.clone(),
        ..zhizao_view::ViewOptions::new(PathBuf::from(VALVE))
    };
    let mut w = zhizao_view::workshop(scenario, &options).unwrap();
    assert!(plan.is_file(), "the plan is written when the planner opens");
    w.live.run_to(2 * 24 * HOUR + 10 * HOUR);
    let line = w.cli_equivalent(1);
    assert!(line.contains(&format!("--add-variant {}", plan.display())), "{line}");
    let j = runs_as_printed(&w, 1);
    // The line run is the plan: a robot cell at the drilling centre.
    assert_eq!(j["variants"][0]["name"], "planned");
    assert!(std::fs::read_to_string(&plan).unwrap().contains("cnc_drilling"));
}
