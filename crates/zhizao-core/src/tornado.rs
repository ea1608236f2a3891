//! One-at-a-time sensitivity: each uncertain input at its low (10th
//! percentile) and high (90th percentile) value with every other input at
//! its base value, on the same seeds, and what that does to each variant's
//! NPV and payback: the bars of a tornado chart, widest first.
//!
//! Inputs of the money (prices, wages, capital costs, rates, the award)
//! re-price the runs at base values; inputs of the line (processing times)
//! re-run the simulation with the changed line, on the same seeds.

use crate::economics::Finance;
use crate::experiment::{Control, Estimate, ExperimentError, Runs, analyse, run_with};
use crate::scenario::{BASELINE, Scenario, Variant};
use crate::settings::Settings;
use crate::uncertain::{Input, Inputs};

/// One input's bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub key: String,
    pub label: String,
    /// The input's low, base and high values.
    pub low: f64,
    pub base: f64,
    pub high: f64,
    /// Mean NPV with the input at its low and at its high value [RMB].
    pub npv: (f64, f64),
    /// Payback [years] at low and high (`None` = not within the horizon).
    pub payback: (Option<f64>, Option<f64>),
}

impl Bar {
    /// The bar's width: how far the NPV moves between the input's ends.
    pub fn swing(&self) -> f64 {
        (self.npv.1 - self.npv.0).abs()
    }
}

/// A variant's tornado.
#[derive(Clone, Debug, PartialEq)]
pub struct Tornado {
    pub variant: String,
    /// Mean NPV and payback with every input at base.
    pub base_npv: f64,
    pub base_payback: Option<f64>,
    /// Widest first.
    pub bars: Vec<Bar>,
}

/// Every uncertain input of the scenario that bears on `variants` (their
/// capital items, their lines and the baseline's, the economics block),
/// each once, in that order.
pub fn inputs(scenario: &Scenario, variants: &[&Variant]) -> Vec<(Input, bool)> {
    let mut out: Vec<(Input, bool)> = Vec::new();
    let mut add = |i: &Input, of_line: bool| {
        if !out.iter().any(|(o, _)| o.key == i.key) {
            out.push((i.clone(), of_line));
        }
    };
    for v in variants {
        for i in v.investments.iter().filter_map(|i| i.uncertain.as_ref()) {
            add(i, false);
        }
    }
    for i in scenario.baseline().line.uncertain() {
        add(i, true);
    }
    for v in variants {
        for i in v.line.uncertain() {
            add(i, true);
        }
    }
    if let Some(e) = &scenario.economics {
        for (i, _) in &e.inputs {
            add(i, false);
        }
    }
    out
}

/// The runs at base with the lines that hold input `key` run again under
/// `settings`; a line without it gives the same replications as at base,
/// so it is not run twice. Cut to the replications every line finished
/// (a cancelled run keeps fewer).
fn rerun_touched(
    chosen: &[&Variant],
    base: &Runs,
    key: &str,
    settings: &Settings,
    control: &Control,
) -> Result<Runs, ExperimentError> {
    let touched: Vec<usize> = (0..chosen.len())
        .filter(|&k| chosen[k].line.uncertain().any(|i| i.key == key))
        .collect();
    let lines: Vec<&Variant> = touched.iter().map(|&k| chosen[k]).collect();
    let fresh = run_with(&lines, settings, control)?;
    let mut runs = base.clone();
    for (&k, reps) in touched.iter().zip(fresh.replications) {
        runs.replications[k] = reps;
    }
    let n = runs.replications.iter().map(Vec::len).min().unwrap_or(0);
    for reps in &mut runs.replications {
        reps.truncate(n);
    }
    Ok(runs)
}

fn npv_payback(f: Option<&Finance>) -> (f64, Option<f64>) {
    f.map_or((f64::NAN, None), |f| (f.npv_rmb.mean, f.payback_years.estimate))
}

/// The lines a tornado of `names` runs (the baseline first, then the
/// variants named, all retrofit variants when none is) and its inputs.
fn plan<'s>(scenario: &'s Scenario, names: &[&str]) -> (Vec<&'s Variant>, Vec<(Input, bool)>) {
    let mut chosen: Vec<&Variant> = scenario.select(names);
    if !chosen.iter().any(|v| v.name == BASELINE) {
        chosen.insert(0, scenario.baseline());
    }
    let retrofits: Vec<&Variant> = chosen.iter().copied().filter(|v| v.name != BASELINE).collect();
    let all = if retrofits.is_empty() {
        Vec::new()
    } else {
        inputs(scenario, &retrofits)
    };
    (chosen, all)
}

/// What [`tornado`] will take: a run of every line at base values, and
/// two more of each line that holds an uncertain processing time.
pub fn estimate(scenario: &Scenario, names: &[&str], settings: &Settings) -> Option<Estimate> {
    let (chosen, all) = plan(scenario, names);
    let mut e = crate::experiment::estimate(&chosen, settings)?;
    let line_runs: usize = all
        .iter()
        .filter(|(_, of_line)| *of_line)
        .map(|(i, _)| {
            2 * chosen
                .iter()
                .filter(|v| v.line.uncertain().any(|u| u.key == i.key))
                .count()
        })
        .sum();
    let runs = 1.0 + line_runs as f64 / chosen.len() as f64;
    e.events *= runs;
    e.cpu_seconds *= runs;
    Some(e)
}

/// The tornado of each variant `names` names (all retrofit variants when
/// empty) against the baseline. Empty when the scenario has no economics
/// or no uncertain input; `None` when `control` stopped it before every
/// run was complete.
pub fn tornado(
    scenario: &Scenario,
    names: &[&str],
    settings: &Settings,
    control: &Control,
) -> Result<Option<Vec<Tornado>>, ExperimentError> {
    let Some(economics) = scenario.economics.as_ref() else {
        return Ok(Some(Vec::new()));
    };
    let (chosen, all) = plan(scenario, names);
    if all.is_empty() {
        return Ok(Some(Vec::new()));
    }
    let retrofits: Vec<&Variant> = chosen.iter().copied().filter(|v| v.name != BASELINE).collect();
    let complete = |runs: &Runs| runs.done() == settings.replications;
    let at = |inputs: Inputs| Settings { inputs, ..*settings };
    let base_settings = at(Inputs::Base);
    let base_runs = run_with(&chosen, &base_settings, control)?;
    if !complete(&base_runs) {
        return Ok(None);
    }
    let base = analyse(
        &scenario.name,
        &chosen,
        base_runs.clone(),
        &base_settings,
        Some(economics),
    );
    let mut out: Vec<Tornado> = retrofits
        .iter()
        .map(|v| {
            let (npv, payback) = npv_payback(
                base.variants
                    .iter()
                    .find(|a| a.name == v.name)
                    .and_then(|a| a.finance.as_ref()),
            );
            Tornado {
                variant: v.name.clone(),
                base_npv: npv,
                base_payback: payback,
                bars: Vec::new(),
            }
        })
        .collect();
    for (input, of_line) in &all {
        let mut ends = Vec::new();
        for high in [false, true] {
            let s = at(Inputs::one(&input.key, high));
            let runs = if *of_line {
                rerun_touched(&chosen, &base_runs, &input.key, &s, control)?
            } else {
                base_runs.clone()
            };
            if !complete(&runs) {
                return Ok(None);
            }
            ends.push(analyse(&scenario.name, &chosen, runs, &s, Some(economics)));
        }
        for t in &mut out {
            let end = |a: &crate::experiment::Analysis| {
                npv_payback(
                    a.variants
                        .iter()
                        .find(|v| v.name == t.variant)
                        .and_then(|v| v.finance.as_ref()),
                )
            };
            let (lo, hi) = (end(&ends[0]), end(&ends[1]));
            t.bars.push(Bar {
                key: input.key.clone(),
                label: input.label.clone(),
                low: input.dist.low(),
                base: input.dist.base(),
                high: input.dist.high(),
                npv: (lo.0, hi.0),
                payback: (lo.1, hi.1),
            });
        }
    }
    for t in &mut out {
        t.bars
            .sort_by(|a, b| b.swing().total_cmp(&a.swing()).then(a.key.cmp(&b.key)));
    }
    Ok(Some(out))
}
