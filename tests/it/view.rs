//! The view's "the numbers equal" line: run as printed, the command line
//! prints the numbers the screen shows at that moment.

use std::path::PathBuf;

use zhizao_core::kpi::{GOOD_OUTPUT, THROUGHPUT};
use zhizao_core::scenario::Scenario;
use zhizao_core::time::HOUR;

use super::cli::{expect_code, zhizao};

const VALVE: &str = "scenarios/wenzhou_valve_body.ron";

#[test]
fn the_numbers_equal_line_runs_as_printed_and_prints_the_screens_numbers() {
    let scenario = Scenario::load(std::path::Path::new(VALVE)).unwrap();
    let options = zhizao_view::ViewOptions {
        file: PathBuf::from(VALVE),
        variant: None,
        plan: false,
        place: Vec::new(),
        select: None,
        plan_out: std::env::temp_dir().join("zhizao-test-plan.ron"),
        seed: None,
        speed: None,
        size: (1280, 720),
        screenshot: None,
        screenshot_dir: std::env::temp_dir(),
        lang: zhizao_core::lang::Lang::En,
    };
    let mut w = zhizao_view::workshop(scenario, &options).unwrap();
    w.live.run_to(2 * 24 * HOUR + 10 * HOUR);
    for side in 0..2 {
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
        assert!(shown.line[GOOD_OUTPUT] > 0.0, "work on the floor at 2d10h");
    }
}
