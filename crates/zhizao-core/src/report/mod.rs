//! Rendering an [`Analysis`] for people and programs: plain-text tables,
//! JSON (a stable contract for CI, documented in the README) and CSV.
//! These return strings; writing them anywhere is the caller's business.

pub mod answer;
mod calibration;
pub mod charts;
mod check;
mod csv;
pub mod doc;
mod fit;
pub mod html;
mod json;
mod optimize;
pub mod svg;
mod table;

pub use self::csv::{to_csv, tornado_csv};
pub use calibration::{calibration_json, calibration_table};
pub use check::{check_json, check_table};
pub use doc::{Doc, Table};
pub use fit::{failures_json, failures_table, fit_csv, fit_json, fit_table};
pub use json::{to_json, tornado_json};
pub use optimize::{optimize_json, optimize_table, placement_key};
pub use table::{comparison_table, diagnosis_table, run_table, scenario_name, sweep_table, tornado_table};

use crate::kpi::{Better, KpiDef};
use crate::stats::Difference;

/// Plain verdict on a variant's change of one KPI.
pub fn verdict(def: &KpiDef, d: &Difference) -> &'static str {
    if !d.significant {
        return "no significant difference";
    }
    match (def.better, d.diff_mean > 0.0) {
        (Better::Higher, true) | (Better::Lower, false) => "better",
        (Better::Higher, false) | (Better::Lower, true) => "worse",
        (Better::Neither, _) => "changed",
    }
}

/// The verdict on line KPI `k` of variant `v` against the baseline: as
/// [`verdict`], except that OEE and its availability and performance are only
/// "changed" when they are measured at a different station than the
/// baseline's (a retrofit that moves the bottleneck is not worse because the
/// new bottleneck is a manual bench with a lower OEE).
pub fn line_verdict(v: &crate::experiment::VariantAnalysis, k: usize) -> &'static str {
    use crate::kpi::{AVAILABILITY, OEE, PERFORMANCE};
    let Some(diffs) = &v.vs_baseline else {
        return "";
    };
    let d = &crate::kpi::LINE_KPIS[k];
    if v.oee_moved && [OEE, AVAILABILITY, PERFORMANCE].contains(&k) && diffs[k].significant {
        return "changed";
    }
    verdict(d, &diffs[k])
}

/// A name made safe for a file name: letters and digits kept, the rest `_`.
pub fn file_stem(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_alphanumeric() || c == '-' { c } else { '_' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::LINE_KPIS;

    fn diff(mean: f64, significant: bool) -> Difference {
        Difference {
            diff_mean: mean,
            diff_half_width: Some(0.1),
            relative_pct: 1.0,
            relative_half_width_pct: Some(0.1),
            significant,
            n: 10,
        }
    }

    #[test]
    fn verdicts_follow_the_direction_of_improvement() {
        let throughput = &LINE_KPIS[crate::kpi::THROUGHPUT];
        let lead_time = &LINE_KPIS[crate::kpi::FLOW_TIME];
        assert_eq!(verdict(throughput, &diff(1.0, true)), "better");
        assert_eq!(verdict(throughput, &diff(-1.0, true)), "worse");
        assert_eq!(verdict(lead_time, &diff(-1.0, true)), "better");
        assert_eq!(verdict(lead_time, &diff(1.0, false)), "no significant difference");
        assert_eq!(verdict(&LINE_KPIS[crate::kpi::ROBOTS], &diff(2.0, true)), "changed");
    }
}
