//! Golden results: a short comparison of every bundled scenario, stored as
//! JSON in `tests/golden/`. Any change to the model, the random streams or a
//! dependency that moves a number fails here. When a change is intended,
//! regenerate with `UPDATE_GOLDEN=1 cargo test -p zhizao-core --test it golden` and review the
//! diff like code.

use crate::common;
use zhizao_core::experiment;
use zhizao_core::report::to_json;
use zhizao_core::settings::Settings;
use zhizao_core::time::{SECOND, WEEK};

#[test]
fn bundled_scenarios_match_their_golden_results() {
    let settings = Settings {
        inputs: Default::default(),
        engine: Default::default(),
        replications: 3,
        seed: 2026,
        warmup: WEEK,
        run: 4 * WEEK,
    };
    check_golden(&common::bundled(), &settings, "");
}

/// The synthetic lines of the benchmarks (robot stations with nothing to
/// wait for, exponential times, blocking, failures): the kernel's fast paths
/// must give exactly what they gave before.
#[test]
fn bench_lines_match_their_golden_results() {
    let mut files: Vec<_> = std::fs::read_dir(common::root().join("benches/scenarios"))
        .expect("bench scenarios")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    let settings = Settings {
        inputs: Default::default(),
        engine: Default::default(),
        replications: 2,
        seed: 2026,
        warmup: 1000 * SECOND,
        run: 20_000 * SECOND,
    };
    check_golden(&files, &settings, "bench_");
}

/// Compares each scenario's comparison under `settings` with
/// `tests/golden/PREFIX<stem>.json` (or writes it with UPDATE_GOLDEN=1).
fn check_golden(paths: &[std::path::PathBuf], settings: &Settings, prefix: &str) {
    let update = std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1");
    let mut failures = Vec::new();
    for path in paths {
        let s = common::load(path);
        let analysis = experiment::evaluate(&s, &[], settings).unwrap();
        let got = serde_json::to_string_pretty(&to_json(&analysis)).unwrap() + "\n";
        let stem = path.file_stem().unwrap().to_string_lossy();
        let golden = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/golden")
            .join(format!("{prefix}{stem}.json"));
        if update {
            std::fs::write(&golden, &got).unwrap();
            continue;
        }
        match std::fs::read_to_string(&golden) {
            Ok(want) if want == got => {}
            Ok(want) => {
                let first = want.lines().zip(got.lines()).position(|(a, b)| a != b).unwrap_or(0);
                failures.push(format!(
                    "{}: differs from {} at line {}:\n  expected: {}\n  actual:   {}",
                    path.display(),
                    golden.display(),
                    first + 1,
                    want.lines().nth(first).unwrap_or(""),
                    got.lines().nth(first).unwrap_or("")
                ));
            }
            Err(_) => failures.push(format!(
                "{} is missing; run UPDATE_GOLDEN=1 cargo test -p zhizao-core --test it golden",
                golden.display()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
