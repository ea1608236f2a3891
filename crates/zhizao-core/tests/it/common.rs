//! Helpers shared by the integration tests.

use std::sync::Arc;

use zhizao_core::experiment;
use zhizao_core::model::Line;
use zhizao_core::scenario::Scenario;
use zhizao_core::settings::{Engine, Settings};
use zhizao_core::sim::{Replication, SimError};
use zhizao_core::stats::Summary;

/// The repository's top folder, where `scenarios/` and the README live.
pub fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the repository folder")
}

/// The bundled scenario files, sorted by name.
pub fn bundled() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(root().join("scenarios"))
        .expect("scenarios folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    files
}

/// Loads a bundled scenario file (with the files it names) that must be valid.
pub fn load(path: &std::path::Path) -> Scenario {
    match Scenario::load(path) {
        Ok(s) => s,
        Err(zhizao_core::scenario::ScenarioError::Invalid { problems }) => panic!(
            "{} invalid:\n{}",
            path.display(),
            problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n")
        ),
        Err(e) => panic!("{e}"),
    }
}

/// Parses a scenario that must be valid.
pub fn scenario(ron: &str) -> Scenario {
    match Scenario::parse(ron) {
        Ok(s) => s,
        Err(zhizao_core::scenario::ScenarioError::Invalid { problems }) => {
            panic!(
                "test scenario invalid:\n{}",
                problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n")
            )
        }
        Err(e) => panic!("{e}"),
    }
}

/// A test scenario's baseline line with the scenario's run settings.
pub struct Baseline {
    pub line: Arc<Line>,
    pub settings: Settings,
}

impl Baseline {
    /// One replication with the scenario's settings.
    pub fn replicate(&self, replication: u32) -> Result<Replication, SimError> {
        experiment::replicate(&self.line, &self.settings, replication)
    }
}

impl std::ops::Deref for Baseline {
    type Target = Line;
    fn deref(&self) -> &Line {
        &self.line
    }
}

pub fn baseline(ron: &str) -> Baseline {
    let s = scenario(ron);
    Baseline {
        line: Arc::clone(&s.baseline().line),
        settings: s.settings,
    }
}

/// Runs the scenario's own experiment on its baseline, on the event
/// kernel; on a line the departure-time engine takes, on that too, and the
/// two must agree to the bit (so every known answer checked from here holds
/// for either engine).
pub fn replications(b: &Baseline) -> Vec<Replication> {
    let on = |engine: Engine| Settings { engine, ..b.settings };
    let qualifies = zhizao_core::sim::recursion::qualifies(&b.line).is_ok();
    (0..b.settings.replications)
        .map(|r| {
            let event = experiment::replicate(&b.line, &on(Engine::Event), r).expect("replication runs");
            if qualifies {
                let recursion = experiment::replicate(&b.line, &on(Engine::Recursion), r).expect("replication runs");
                assert_same_replication(&event, &recursion, &format!("replication {r}"));
            }
            event
        })
        .collect()
}

/// Two replications equal in every field, to the bit (NaN equal to NaN).
pub fn assert_same_replication(a: &Replication, b: &Replication, what: &str) {
    // Debug writes each number as the shortest text that reads back to its
    // bits, so equal texts are equal values (and NaN is NaN).
    let (ta, tb) = (format!("{a:#?}"), format!("{b:#?}"));
    if ta != tb {
        let line = ta.lines().zip(tb.lines()).position(|(x, y)| x != y).unwrap_or(0);
        let context = |t: &str| {
            t.lines()
                .skip(line.saturating_sub(3))
                .take(6)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "{what}: the engines differ at line {line} of the results:\n--- event\n{}\n--- recursion\n{}",
            context(&ta),
            context(&tb)
        );
    }
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

/// Share of planned time (of all hours, for off shift) station `s` spent in `state`.
pub fn state(r: &Replication, s: usize, state: zhizao_core::sim::State) -> f64 {
    r.stations[s][zhizao_core::kpi::ST_STATES + state as usize]
}

/// Asserts a deterministic result equals its exact value (to rounding).
pub fn close(what: &str, got: f64, exact: f64) {
    println!("{what}: {got:.6}, exact {exact:.6}");
    assert!(
        (got - exact).abs() <= 1e-6 * exact.abs().max(1.0),
        "{what}: {got} but exact {exact}"
    );
}
