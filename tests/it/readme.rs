//! The README's annotated scenario example is a real, working scenario.

use zhizao_core::experiment;
use zhizao_core::scenario::Scenario;
use zhizao_core::settings::Settings;
use zhizao_core::time::WEEK;

#[test]
fn readme_example_validates_and_runs_without_caveats() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let examples: Vec<&str> = readme
        .split("```ron\n")
        .skip(1)
        .map(|rest| &rest[..rest.find("```").expect("a closed RON block")])
        .collect();
    assert!(examples.len() >= 2, "the README's annotated examples");
    for (i, text) in examples.iter().enumerate() {
        let s = Scenario::parse(text).unwrap_or_else(|e| panic!("README example {}: {e:?}", i + 1));
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
        let settings = Settings {
            replications: 3,
            seed: 1,
            warmup: WEEK,
            run: 20 * WEEK,
            inputs: Default::default(),
            engine: Default::default(),
        };
        let analysis = experiment::evaluate(&s, &[], &settings).unwrap();
        assert!(
            analysis.warnings.is_empty(),
            "README example {}: {:?}",
            i + 1,
            analysis.warnings
        );
    }
    let readme_commands = [
        "cargo run --release -- compare scenarios/wenzhou_valve_body.ron",
        "cargo test --workspace",
    ];
    for c in readme_commands {
        assert!(readme.contains(c), "the README's set-up names `{c}`");
    }
    let ci = std::fs::read_to_string(".ci/run").unwrap();
    assert!(
        ci.contains("\ncargo test --workspace\n"),
        ".ci/run calls the README's test command"
    );
}
