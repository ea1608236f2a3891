//! `check`'s verdicts as text and JSON, like every other output.

use serde_json::{Value, json};

use crate::check::Outcome;
use crate::experiment::Analysis;

/// One line per expectation, then how many were met and on what basis.
pub fn check_table(a: &Analysis, outcomes: &[Outcome], strict: bool) -> String {
    let mut t: String = outcomes.iter().map(|o| format!("{o}\n")).collect();
    let met = outcomes.iter().filter(|o| o.passed).count();
    t.push_str(&format!(
        "{met} of {} expectations met ({} replications{})\n",
        outcomes.len(),
        a.settings.replications,
        if strict {
            ", strict: whole 95% interval"
        } else {
            ", on the estimate"
        }
    ));
    t
}

/// The verdicts for a pipeline: `passed` overall and per expectation, with
/// the numbers compared (`compared` is null for a payback that never comes).
pub fn check_json(a: &Analysis, outcomes: &[Outcome], strict: bool) -> Value {
    json!({
        "scenario": a.scenario,
        "passed": outcomes.iter().all(|o| o.passed),
        "strict": strict,
        "replications": a.settings.replications,
        "expectations": outcomes.iter().map(|o| json!({
            "expectation": o.text,
            "passed": o.passed,
            "estimate": o.estimate,
            "half_width": o.half_width,
            "compared": if o.compared.is_finite() { Some(o.compared) } else { None },
            "bound": o.bound,
        })).collect::<Vec<_>>(),
    })
}
