//! The optimiser's answer for people (a ranked table) and programs (JSON).

use serde_json::{Value, json};

use super::doc::{Doc, Table};
use super::table::{money, payback, show_summary};
use crate::format::{grouped, kpi_value, percent};
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
pub fn optimize_table(o: &Outcome) -> Doc {
    let mut doc = Doc::new();
    let s = &o.analysis.settings;
    doc.text(o.analysis.scenario.clone());
    doc.text(format!(
        "Where to automate within RMB {}: maximise {}",
        grouped(o.budget_rmb),
        o.objective.label()
    ));
    doc.text(format!("search: {}", method(o)));
    doc.text(format!(
        "{}: {} replications x {:.0} h after {:.0} h warm-up, seed {}; values: mean ± 95% half-width",
        if o.confirmed { "confirmation" } else { "screening" },
        s.replications,
        ticks_to_hours(s.run),
        ticks_to_hours(s.warmup),
        s.seed
    ));
    doc.blank();
    let has_money = o.ranked.iter().any(|p| p.finance().is_some());
    let mut t = Table::new()
        .number("rank")
        .number("capital")
        .number("objective")
        .number("output/h")
        .optional(2)
        .number("per operator-h")
        .optional(3)
        .number("heads")
        .optional(1);
    if has_money {
        t = t.number("payback years").number("NPV [RMB]").optional(4);
    }
    t = t.text("placement");
    for (i, p) in o.ranked.iter().enumerate() {
        let k = &p.analysis.kpis;
        let objective = match o.objective {
            Objective::Npv | Objective::NpvP10 => money(&p.objective),
            Objective::PaybackChance => match p.objective.half_width {
                Some(h) => format!("{} ± {}", percent(p.objective.mean), percent(h)),
                None => percent(p.objective.mean),
            },
            _ => show_summary(&LINE_KPIS[objective_kpi(o.objective)], &p.objective),
        };
        let mut row = vec![
            (i + 1).to_string(),
            grouped(p.cost_rmb),
            objective,
            show_summary(&LINE_KPIS[kpi::THROUGHPUT], &k[kpi::THROUGHPUT]),
            show_summary(&LINE_KPIS[kpi::LABOUR_PRODUCTIVITY], &k[kpi::LABOUR_PRODUCTIVITY]),
            kpi_value(&LINE_KPIS[kpi::HEADCOUNT], k[kpi::HEADCOUNT].mean),
        ];
        if has_money {
            match p.finance() {
                Some(f) if !p.names.is_empty() => {
                    row.push(payback(&f.payback_years));
                    row.push(money(&f.npv_rmb));
                }
                _ => row.extend(["-".to_string(), "-".to_string()]),
            }
        }
        let names = if p.names.is_empty() {
            "(no automation: the line as it is)".to_string()
        } else {
            p.names.join(" + ")
        };
        let tie = if p.tied_with_best { "  [tied with #1]" } else { "" };
        row.push(format!("{names}{tie}"));
        t.row(row);
    }
    doc.table(t);
    let ties = o.ranked.iter().filter(|p| p.tied_with_best).count();
    if ties > 0 {
        doc.blank();
        doc.note(
            "[tied with #1]: as good as #1 (the paired 95% interval of the difference contains 0, or the difference is within the tolerance) and #1 is the cheapest such placement; choose between them on other grounds (risk, flexibility) or run more replications.",
        );
    }
    if let Some(best) = o.ranked.first()
        && let Some((st, share)) = best.analysis.bottleneck()
    {
        doc.blank();
        doc.text(format!(
            "With #1 the bottleneck is {} ({} of the time).",
            st.name,
            percent(share)
        ));
    }
    if !o.invalid.is_empty() {
        doc.blank();
        doc.text(format!(
            "{} placement(s) are not valid lines and were skipped, e.g.:",
            o.invalid.len()
        ));
        for (names, why) in o.invalid.iter().take(3) {
            doc.text(format!("  {}: {why}", names.join(" + ")));
        }
    }
    for w in &o.analysis.warnings {
        doc.text(format!("note: {w}"));
    }
    doc
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
