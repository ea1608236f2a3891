//! The `experiment` block: how much to simulate.

use super::super::raw::RawScenario;
use super::super::validate::Checker;
use crate::settings::Settings;
use crate::time::secs_to_ticks;

/// The run settings of the `experiment` block.
pub(crate) fn settings(raw: &RawScenario, ck: &mut Checker) -> Settings {
    let warmup = ck
        .duration(&raw.experiment.warmup, "experiment.warmup", None)
        .map(secs_to_ticks);
    let run = ck
        .duration(&raw.experiment.run, "experiment.run", None)
        .map(secs_to_ticks);
    if run == Some(0) {
        ck.err(
            "experiment.run",
            None,
            "the run length must be longer than 0, e.g. \"52w\"",
        );
    }
    if raw.experiment.replications > crate::settings::MAX_REPLICATIONS as i64 {
        ck.err(
            "experiment.replications",
            None,
            format!(
                "{} replications: at most {} (30 to a few hundred give intervals and percentiles a planner can use)",
                raw.experiment.replications,
                crate::settings::MAX_REPLICATIONS
            ),
        );
    }
    if raw.experiment.replications < 1 {
        ck.err(
            "experiment.replications",
            None,
            format!(
                "{} replications: need at least 1 (30 is a good default)",
                raw.experiment.replications
            ),
        );
    }

    Settings {
        warmup: warmup.unwrap_or(0),
        run: run.unwrap_or(0),
        // Out of range is an error above; the clamp only keeps the value sane.
        replications: raw
            .experiment
            .replications
            .clamp(1, crate::settings::MAX_REPLICATIONS as i64) as u32,
        seed: raw.experiment.seed,
        inputs: crate::uncertain::Inputs::Sampled,
        engine: crate::settings::Engine::Auto,
    }
}
