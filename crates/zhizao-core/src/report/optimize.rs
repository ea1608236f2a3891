//! The optimiser's answer for people (a ranked table) and programs (JSON).

use std::fmt::Write;

use serde_json::{Value, json};

use super::table::{money, payback, show_summary};
use crate::format::{grouped, percent};
use crate::kpi::{self, LINE_KPIS};
use crate::optimize::{Method, Objective, Outcome};
use crate::time::ticks_to_hours;

fn method(o: &Outcome) -> String {
    let last = if o.confirmed {
        format!("the best {} confirmed", o.ranked.len())
    } else {
        "stopped before confirmation".to_string()
    };
    match o.method {
        Method::Exact => format!("exact: all {} affordable placements screened, {last}", o.affordable),
        Method::Heuristic => format!(
            "heuristic (greedy by gain per RMB, then bottleneck-guided local search): {} of {} affordable placements screened, {last}",
            o.screened, o.affordable
        ),
    }
}

/// Ranked placements with KPIs, cost, payback and intervals.
pub fn optimize_table(o: &Outcome) -> String {
    let mut out = String::new();
    let s = &o.analysis.settings;
    let _ = writeln!(out, "{}", o.analysis.scenario);
    let _ = writeln!(
        out,
        "Where to automate within RMB {}: maximise {}",
        grouped(o.budget_rmb),
        o.objective.label()
    );
    let _ = writeln!(out, "search: {}", method(o));
    let _ = writeln!(
        out,
        "{}: {} replications x {:.0} h after {:.0} h warm-up, seed {}; values: mean ± 95% half-width\n",
        if o.confirmed { "confirmation" } else { "screening" },
        s.replications,
        ticks_to_hours(s.run),
        ticks_to_hours(s.warmup),
        s.seed
    );
    let has_money = o.ranked.iter().any(|p| p.finance().is_some());
    let _ = write!(
        out,
        "{:>4}  {:>12}  {:>20}  {:>16}  {:>16}  {:>5}",
        "rank", "capital", "objective", "output/h", "per operator-h", "heads"
    );
    if has_money {
        let _ = write!(out, "  {:>15}  {:>21}", "payback years", "NPV [RMB]");
    }
    let _ = writeln!(out, "  placement");
    for (i, p) in o.ranked.iter().enumerate() {
        let k = &p.analysis.kpis;
        let objective = match o.objective {
            Objective::Npv | Objective::NpvP10 => money(&p.objective),
            Objective::PaybackChance => match p.objective.half_width {
                Some(h) => format!(
                    "{} ± {}",
                    crate::format::percent(p.objective.mean),
                    crate::format::percent(h)
                ),
                None => crate::format::percent(p.objective.mean),
            },
            _ => show_summary(&LINE_KPIS[objective_kpi(o.objective)], &p.objective),
        };
        let _ = write!(
            out,
            "{:>4}  {:>12}  {:>20}  {:>16}  {:>16}  {:>5}",
            i + 1,
            grouped(p.cost_rmb),
            objective,
            show_summary(&LINE_KPIS[kpi::THROUGHPUT], &k[kpi::THROUGHPUT]),
            show_summary(&LINE_KPIS[kpi::LABOUR_PRODUCTIVITY], &k[kpi::LABOUR_PRODUCTIVITY]),
            k[kpi::HEADCOUNT].mean
        );
        if has_money {
            match p.finance() {
                Some(f) if !p.names.is_empty() => {
                    let _ = write!(out, "  {:>15}  {:>21}", payback(&f.payback_years), money(&f.npv_rmb));
                }
                _ => {
                    let _ = write!(out, "  {:>15}  {:>21}", "-", "-");
                }
            }
        }
        let names = if p.names.is_empty() {
            "(no automation: the line as it is)".to_string()
        } else {
            p.names.join(" + ")
        };
        let tie = if p.tied_with_best { "  [tied with #1]" } else { "" };
        let _ = writeln!(out, "  {names}{tie}");
    }
    let ties = o.ranked.iter().filter(|p| p.tied_with_best).count();
    if ties > 0 {
        let _ = writeln!(
            out,
            "\n[tied with #1]: as good as #1 (the paired 95% interval of the difference contains 0, or the difference is within the tolerance) and #1 is the cheapest such placement; choose between them on other grounds (risk, flexibility) or run more replications."
        );
    }
    if let Some(best) = o.ranked.first()
        && let Some((st, share)) = best.analysis.bottleneck()
    {
        let _ = writeln!(
            out,
            "\nWith #1 the bottleneck is {} ({} of the time).",
            st.name,
            percent(share)
        );
    }
    if !o.invalid.is_empty() {
        let _ = writeln!(
            out,
            "\n{} placement(s) are not valid lines and were skipped, e.g.:",
            o.invalid.len()
        );
        for (names, why) in o.invalid.iter().take(3) {
            let _ = writeln!(out, "  {}: {why}", names.join(" + "));
        }
    }
    for w in &o.analysis.warnings {
        let _ = writeln!(out, "note: {w}");
    }
    out
}

fn objective_kpi(o: Objective) -> usize {
    match o {
        Objective::Throughput | Objective::Npv | Objective::NpvP10 | Objective::PaybackChance => kpi::THROUGHPUT,
        Objective::LabourProductivity => kpi::LABOUR_PRODUCTIVITY,
    }
}

/// The optimiser's answer as JSON: the search, then the ranked placements
/// (each with the same variant object as `zhizao compare` gives).
pub fn optimize_json(o: &Outcome) -> Value {
    let variants = super::to_json(&o.analysis);
    let by_name = |name: &str| -> Value {
        variants["variants"]
            .as_array()
            .and_then(|vs| vs.iter().find(|v| v["name"] == name))
            .cloned()
            .unwrap_or(Value::Null)
    };
    let ranked: Vec<Value> = o
        .ranked
        .iter()
        .enumerate()
        .map(|(i, p)| {
            json!({
                "rank": i + 1,
                "candidates": p.names,
                "capital_cost_rmb": p.cost_rmb,
                "objective": { "mean": p.objective.mean, "half_width": p.objective.half_width, "n": p.objective.n },
                "tied_with_best": p.tied_with_best,
                "vs_best": p.vs_best.map(|d| json!({ "diff_mean": d.diff_mean, "diff_half_width": d.diff_half_width, "significant": d.significant })),
                "variant": by_name(&p.analysis.name),
            })
        })
        .collect();
    json!({
        "scenario": o.analysis.scenario,
        "objective": o.objective.key(),
        "budget_rmb": o.budget_rmb,
        "method": format!("{:?}", o.method).to_lowercase(),
        "affordable_placements": o.affordable,
        "screened_placements": o.screened,
        "confirmed": o.confirmed,
        "seed": o.analysis.settings.seed,
        "replications": o.analysis.settings.replications,
        "ranked": ranked,
        "invalid": o.invalid.iter().map(|(n, why)| json!({ "candidates": n, "why": why })).collect::<Vec<_>>(),
        "warnings": o.analysis.warnings,
    })
}
