//! `zhizao calibrate` for people and programs.

use std::fmt::Write;

use serde_json::{Value, json};

use crate::calibrate::Calibration;
use crate::format::{grouped, signed_percent};

/// The baseline of `scenario` (`replications` of it) against the record.
pub fn calibration_table(c: &Calibration, scenario: &str, replications: u32) -> String {
    let g = grouped;
    let change = signed_percent(100.0 * c.relative);
    let mut t = format!(
        "{scenario}: the baseline against the record, good output per {}\n\n",
        c.period
    );
    match c.spreads {
        None => {
            let _ = writeln!(t, "  recorded                      {}", g(c.recorded.mean));
            let _ = writeln!(
                t,
                "  simulated, mean of {replications:<4}       {} ({change})",
                g(c.simulated.mean)
            );
            let _ = writeln!(
                t,
                "  one period, 95% of the time   {} to {}",
                g(c.interval.0),
                g(c.interval.1)
            );
        }
        Some((recorded_sd, simulated_sd)) => {
            let _ = writeln!(
                t,
                "  recorded, {:>3} weeks           {} a week, sd {}",
                c.recorded.n,
                g(c.recorded.mean),
                g(recorded_sd)
            );
            let _ = writeln!(
                t,
                "  simulated                     {} a week, sd {} ({change})",
                g(c.simulated.mean),
                g(simulated_sd)
            );
            let _ = writeln!(
                t,
                "  difference, 95%               {} to {} a week",
                g(c.interval.0),
                g(c.interval.1)
            );
        }
    }
    let _ = writeln!(t, "\n{} (tolerance {}%)", c.verdict.label(), 100.0 * c.tolerance);
    t
}

/// The same as JSON.
pub fn calibration_json(c: &Calibration, scenario: &str, replications: u32) -> Value {
    json!({
        "scenario": scenario,
        "period": c.period,
        "recorded_mean": c.recorded.mean,
        "recorded_n": c.recorded.n,
        "simulated_mean": c.simulated.mean,
        "simulated_half_width": c.simulated.half_width,
        "replications": replications,
        "interval": [c.interval.0, c.interval.1],
        "relative": c.relative,
        "spreads": c.spreads.map(|(r, s)| json!({"recorded_sd": r, "simulated_sd": s})),
        "tolerance_pct": 100.0 * c.tolerance,
        "verdict": format!("{:?}", c.verdict).to_lowercase(),
    })
}
