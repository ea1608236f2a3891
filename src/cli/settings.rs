//! The one step between raw arguments and work: load the scenario, merge the
//! command line's overrides into its run settings, set up the worker threads
//! once, and refuse an impossible `--out`, all before anything runs.

use std::path::Path;

use anyhow::Context;
use zhizao_core::scenario::{Scenario, ScenarioError};
use zhizao_core::settings::{Engine, Settings};
use zhizao_core::time::{Tick, parse_duration, secs_to_ticks};

use super::args::RunOpts;
use super::exit::{Exit, Failure};

/// A scenario ready to simulate, with the settings to simulate it with.
pub struct Prepared {
    pub scenario: Scenario,
    pub settings: Settings,
}

/// Loads `file` and merges `opts` into its settings; see the module doc.
pub fn prepare(file: &Path, opts: &RunOpts) -> Result<Prepared, Failure> {
    if let Some(dir) = &opts.out {
        super::output::check_out_dir(dir).map_err(|e| Failure::usage(format!("{e:#}")))?;
    }
    let mut scenario = load(file)?;
    for extra in &opts.add_variant {
        scenario = with_variants(&scenario, extra)?;
    }
    let settings = merge(scenario.settings, opts)?;
    if settings.engine == Engine::Recursion {
        for v in &scenario.variants {
            if let Err(why) = zhizao_core::sim::recursion::qualifies(&v.line) {
                return Err(Failure::usage(format!(
                    "--engine recursion: variant \"{}\" does not qualify: {why}",
                    v.name
                )));
            }
        }
    }
    if let Some(n) = opts.threads {
        if n == 0 {
            return Err(Failure::usage("--threads must be at least 1"));
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .context("setting up worker threads")?;
    }
    Ok(Prepared { scenario, settings })
}

/// The scenario's settings with the command line's overrides.
fn merge(mut s: Settings, opts: &RunOpts) -> Result<Settings, Failure> {
    if let Some(r) = opts.replications {
        if r == 0 {
            return Err(Failure::usage("--replications must be at least 1"));
        }
        if r > zhizao_core::settings::MAX_REPLICATIONS {
            return Err(Failure::usage(format!(
                "--replications {r}: at most {} (30 to a few hundred give intervals and percentiles a planner can use)",
                zhizao_core::settings::MAX_REPLICATIONS
            )));
        }
        s.replications = r;
    }
    if let Some(seed) = opts.seed {
        s.seed = seed;
    }
    s.engine = match opts.engine {
        super::args::EngineArg::Auto => Engine::Auto,
        super::args::EngineArg::Event => Engine::Event,
        super::args::EngineArg::Recursion => Engine::Recursion,
    };
    s.inputs = match opts.inputs {
        super::args::InputsArg::Sampled => zhizao_core::uncertain::Inputs::Sampled,
        super::args::InputsArg::Base => zhizao_core::uncertain::Inputs::Base,
    };
    if let Some(w) = &opts.warmup {
        s.warmup = duration("warmup", w)?;
    }
    if let Some(r) = &opts.run {
        s.run = duration("run", r)?;
        if s.run == 0 {
            return Err(Failure::usage("--run must be longer than 0"));
        }
    }
    Ok(s)
}

/// A duration option such as `--run 52w`, in ticks.
pub fn duration(flag: &str, text: &str) -> Result<Tick, Failure> {
    parse_duration(text)
        .map(secs_to_ticks)
        .map_err(|e| Failure::usage(format!("--{flag}: {e}")))
}

/// Loads a scenario; its warnings go to standard error, and its problems
/// become exit code 2 with one line each.
pub fn load(file: &Path) -> Result<Scenario, Failure> {
    match Scenario::load(file) {
        Ok(s) => {
            for w in &s.warnings {
                super::output::say(format_args!("{}: warning: {w}", file.display()));
            }
            Ok(s)
        }
        Err(ScenarioError::Invalid { problems }) => Err(problems_failure(file, &problems)),
        Err(e) => Err(Failure::new(Exit::Failure, format!("error: {e}"))),
    }
}

/// The scenario with the variants of `file` added (see `--add-variant`).
fn with_variants(scenario: &Scenario, file: &Path) -> Result<Scenario, Failure> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| Failure::new(Exit::Failure, format!("error: cannot read {}: {e}", file.display())))?;
    scenario.with_variants(&text).map_err(|e| match e {
        ScenarioError::Invalid { problems } => problems_failure(file, &problems),
        e => Failure::new(Exit::Failure, format!("error: {e}")),
    })
}

/// A scenario's problems, one line each, and that nothing was run.
fn problems_failure(file: &Path, problems: &[zhizao_core::scenario::Problem]) -> Failure {
    let mut message = String::new();
    for p in problems {
        message.push_str(&format!("{}:{p}\n", file.display()));
    }
    message.push_str(&format!(
        "{}: {} problem(s); nothing was run",
        file.display(),
        problems.len()
    ));
    Failure::new(Exit::Invalid, message)
}

/// Refuses a variant the scenario does not have, listing those it has.
pub fn known_variant(scenario: &Scenario, variant: &str, file: &Path) -> Result<(), Failure> {
    if scenario.variant(variant).is_none() {
        let names: Vec<&str> = scenario.variants.iter().map(|v| v.name.as_str()).collect();
        return Err(Failure::usage(format!(
            "no variant \"{variant}\" in {}; variants: {}",
            file.display(),
            names.join(", ")
        )));
    }
    Ok(())
}
