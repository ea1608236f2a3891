//! `check`'s verdicts as text and JSON, like every other output.

use serde_json::{Value, json};

use super::doc::Doc;
use crate::check::Outcome;
use crate::experiment::Analysis;

/// One line per expectation, then how many were met and on what basis.
pub fn check_table(a: &Analysis, outcomes: &[Outcome], strict: bool) -> Doc {
    let mut doc = Doc::new();
    for o in outcomes {
        doc.text(o.to_string());
    }
    let met = outcomes.iter().filter(|o| o.passed).count();
    doc.text(format!(
        "{met} of {} expectations met ({} replications{})",
        outcomes.len(),
        a.settings.replications,
        if strict {
            ", strict: whole 95% interval"
        } else {
            ", on the estimate"
        }
    ));
    doc
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
