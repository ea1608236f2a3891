//! The optimiser's answer for people (a ranked table) and programs (JSON).

use serde_json::{Value, json};

use super::doc::{Doc, Table};
use super::table::{payback_of, rmb, rmb_summary, rmb_text, scenario_name, show_summary, station_name};
use crate::format::{kpi_value, percent};
use crate::kpi::{self, LINE_KPIS};
use crate::lang::Lang;
use crate::optimize::{Method, Objective, Outcome};
use crate::scenario::Scenario;
use crate::time::ticks_to_hours;

fn method(o: &Outcome, lang: Lang) -> String {
    let last = if o.confirmed {
        lang.fmt("the best {0} confirmed", [&o.ranked.len()])
    } else {
        lang.tr("stopped before confirmation").to_string()
    };
    match o.method {
        Method::Exact => lang.fmt(
            "exact: all {0} affordable placements screened, {1}",
            [&o.affordable, &last],
        ),
        Method::Heuristic => lang.fmt(
            "heuristic (greedy by gain per RMB, then bottleneck-guided local search): {0} of {1} affordable placements screened, {2}",
            [&o.screened, &o.affordable, &last],
        ),
    }
}

/// What each placement's name in the charts stands for: (`option_1`, the
/// cells it automates joined by " + ", by their Chinese labels in Chinese),
/// in rank order, for [`super::charts::with_key`].
pub fn placement_key(o: &Outcome, scenario: &Scenario, lang: Lang) -> Vec<(String, String)> {
    o.ranked
        .iter()
        .filter(|placement| !placement.chosen.is_empty())
        .map(|placement| {
            let cells: Vec<&str> = placement
                .chosen
                .iter()
                .map(|&i| {
                    let c = &scenario.candidates[i];
                    lang.name(&c.name, c.raw.label.as_deref())
                })
                .collect();
            (placement.analysis.name.clone(), cells.join(" + "))
        })
        .collect()
}

/// Ranked placements with KPIs, cost, payback and intervals.
pub fn optimize_table(o: &Outcome, lang: Lang) -> Doc {
    let mut doc = Doc::in_lang(lang);
    let s = &o.analysis.settings;
    doc.text(scenario_name(&o.analysis, lang));
    doc.text(lang.fmt(
        "Where to automate within {0}: maximise {1}",
        [&rmb_text(o.budget_rmb, lang), &lang.tr(o.objective.label())],
    ));
    doc.text(lang.fmt("search: {0}", [&method(o, lang)]));
    doc.text(lang.fmt(
        if o.confirmed {
            "confirmation: {0} replications x {1} h after {2} h warm-up, seed {3}; values: mean ± 95% half-width"
        } else {
            "screening: {0} replications x {1} h after {2} h warm-up, seed {3}; values: mean ± 95% half-width"
        },
        [
            &s.replications,
            &format!("{:.0}", ticks_to_hours(s.run)),
            &format!("{:.0}", ticks_to_hours(s.warmup)),
            &s.seed,
        ],
    ));
    doc.blank();
    let has_money = o.ranked.iter().any(|p| p.finance().is_some());
    let mut t = Table::new()
        .number(lang.tr("rank"))
        .number(lang.tr("capital [RMB]"))
        .number(lang.tr("objective"))
        .number(lang.tr("output/h"))
        .optional(2)
        .number(lang.tr("per operator-h"))
        .optional(3)
        .number(lang.tr("heads"))
        .optional(1);
    if has_money {
        t = t
            .number(lang.tr("payback years"))
            .number(lang.tr("NPV [RMB]"))
            .optional(4);
    }
    t = t.text(lang.tr("placement"));
    for (i, p) in o.ranked.iter().enumerate() {
        let k = &p.analysis.kpis;
        let objective = match o.objective {
            Objective::Npv | Objective::NpvP10 => rmb_summary(&p.objective, lang),
            Objective::PaybackChance => match p.objective.half_width {
                Some(h) => format!("{} ± {}", percent(p.objective.mean), percent(h)),
                None => percent(p.objective.mean),
            },
            _ => show_summary(&LINE_KPIS[objective_kpi(o.objective)], &p.objective),
        };
        let mut row = vec![
            (i + 1).to_string(),
            rmb(p.cost_rmb, lang),
            objective,
            show_summary(&LINE_KPIS[kpi::THROUGHPUT], &k[kpi::THROUGHPUT]),
            show_summary(&LINE_KPIS[kpi::LABOUR_PRODUCTIVITY], &k[kpi::LABOUR_PRODUCTIVITY]),
            kpi_value(&LINE_KPIS[kpi::HEADCOUNT], k[kpi::HEADCOUNT].mean),
        ];
        if has_money {
            match p.finance() {
                Some(f) if !p.names.is_empty() => {
                    row.push(payback_of(f, lang));
                    row.push(rmb_summary(&f.npv_rmb, lang));
                }
                _ => row.extend(["-".to_string(), "-".to_string()]),
            }
        }
        let names = if p.names.is_empty() {
            lang.tr("(no automation: the line as it is)").to_string()
        } else {
            p.names.join(" + ")
        };
        let tie = if p.tied_with_best {
            format!("  {}", lang.tr("[tied with #1]"))
        } else {
            String::new()
        };
        row.push(format!("{names}{tie}"));
        t.row(row);
    }
    doc.table(t);
    if o.ranked.iter().any(|p| !p.names.is_empty()) {
        doc.note(lang.tr(
            "(in the charts and the JSON each placement is named by its rank: option_1 is rank 1, option_2 rank 2, ...)",
        ));
    }
    let ties = o.ranked.iter().filter(|p| p.tied_with_best).count();
    if ties > 0 {
        doc.blank();
        doc.note(lang.tr(
            "[tied with #1]: as good as #1 (the paired 95% interval of the difference contains 0, or the difference is within the tolerance) and #1 is the cheapest such placement; choose between them on other grounds (risk, flexibility) or run more replications.",
        ));
    }
    if let Some(best) = o.ranked.first()
        && let Some((st, share)) = best.analysis.bottleneck()
    {
        doc.blank();
        doc.text(lang.fmt(
            "With #1 the bottleneck is {0} ({1} of the time).",
            [&station_name(st, lang), &percent(share)],
        ));
    }
    if !o.invalid.is_empty() {
        doc.blank();
        doc.text(lang.fmt(
            "{0} placement(s) are not valid lines and were skipped, e.g.:",
            [&o.invalid.len()],
        ));
        for (names, why) in o.invalid.iter().take(3) {
            doc.text(format!("  {}: {why}", names.join(" + ")));
        }
    }
    for w in &o.analysis.warnings {
        doc.text(doc.lang.message(&format!("note: {w}")));
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
