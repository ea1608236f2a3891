//! Where to put the robots: the placement optimiser behind `zhizao optimize`.
//!
//! The scenario lists candidate automation options (`candidates`); a
//! placement is a set of them, affordable when its capital cost is within
//! the budget. Every placement is simulated under common random numbers, so
//! two placements are compared pair by pair.
//!
//! Search, in two stages:
//! 1. **Screening** with few, shortened replications. When the affordable
//!    placements number at most [`Options::exact_limit`], all of them are
//!    screened (exact search). Otherwise a heuristic: greedy forward
//!    selection (each round screens every affordable addition in one
//!    parallel batch and keeps the best objective gain per RMB), then local
//!    search over drops, additions and swaps of the best placement, with
//!    swaps restricted to bringing in options at the stations that are the
//!    bottleneck most often (the bottleneck-guided part), until no move
//!    improves or the evaluation limit is reached.
//! 2. **Confirmation**: the best screened placements are run again with the
//!    scenario's full replications. A placement is *tied* with another when
//!    the paired 95% interval of their difference contains 0, or the
//!    difference is within a tolerance (default 0.5% of the objective) too
//!    small to matter. The winner is the cheapest placement tied with the
//!    best mean; the rest follow by their mean, each marked when tied with
//!    the winner.

use std::collections::BTreeMap;

use crate::economics::{Finance, Side};
use crate::experiment::{self, Analysis, Control, ExperimentError, Runs, VariantAnalysis};
use crate::kpi::{LABOUR_PRODUCTIVITY, THROUGHPUT};
use crate::scenario::raw::{RawChange, RawVariant};
use crate::scenario::{Candidate, Problem, Scenario, Variant};
use crate::settings::Settings;
use crate::sim::Replication;
use crate::stats::{Difference, Summary};

/// What the optimiser maximises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Objective {
    /// Good output per planned hour.
    Throughput,
    /// Good output per operator-hour.
    LabourProductivity,
    /// Net present value against the baseline (needs `economics`).
    Npv,
    /// The 10th percentile of the NPV over replications (each with its
    /// draw of the uncertain inputs): the NPV the project beats 9 times in 10.
    NpvP10,
    /// The chance the project pays back within the economics block's
    /// `payback_within_years`.
    PaybackChance,
}

impl Objective {
    /// The name on the command line and in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Objective::Throughput => "throughput",
            Objective::LabourProductivity => "labour_productivity",
            Objective::Npv => "npv",
            Objective::NpvP10 => "npv_p10",
            Objective::PaybackChance => "payback_chance",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Objective::Throughput => "good output per planned hour [units/h]",
            Objective::LabourProductivity => "output per operator-hour [units/op-h]",
            Objective::Npv => "net present value [RMB]",
            Objective::NpvP10 => "net present value, 10th percentile [RMB]",
            Objective::PaybackChance => "chance of payback within N years",
        }
    }

    /// Every objective, for the command line's list.
    pub const ALL: [Objective; 5] = [
        Objective::Throughput,
        Objective::LabourProductivity,
        Objective::Npv,
        Objective::NpvP10,
        Objective::PaybackChance,
    ];

    /// It needs an `economics` block.
    pub fn needs_money(self) -> bool {
        matches!(self, Objective::Npv | Objective::NpvP10 | Objective::PaybackChance)
    }

    /// A placement's score from its per-replication values: their mean, or
    /// for `npv_p10` their 10th percentile.
    pub fn score(self, values: &[f64]) -> f64 {
        match self {
            Objective::NpvP10 => crate::economics::Spread::of(values).p10,
            _ => values.iter().sum::<f64>() / values.len().max(1) as f64,
        }
    }

    /// The score with its interval (none for a percentile).
    pub fn summary(self, values: &[f64]) -> Summary {
        match self {
            Objective::NpvP10 => Summary {
                mean: self.score(values),
                half_width: None,
                n: values.len(),
            },
            _ => Summary::of(values),
        }
    }
}

/// How hard to search.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub budget_rmb: f64,
    pub objective: Objective,
    /// Settings of the screening runs.
    pub screen: Settings,
    /// Settings of the confirmation runs (the scenario's own).
    pub confirm: Settings,
    /// Search exhaustively when at most this many placements are affordable.
    pub exact_limit: usize,
    /// Screened placements confirmed with full replications.
    pub finalists: usize,
    /// Most placements the heuristic screens.
    pub max_evaluations: usize,
    /// Relative difference of the objective below which two placements
    /// count as equally good (0.005 = 0.5%); the cheaper one then wins.
    pub tolerance: f64,
}

/// How the placements were searched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Exact,
    Heuristic,
}

/// A confirmed placement.
#[derive(Clone, Debug)]
pub struct Placement {
    /// Indices into [`Scenario::candidates`].
    pub chosen: Vec<usize>,
    pub names: Vec<String>,
    pub cost_rmb: f64,
    pub analysis: VariantAnalysis,
    /// The objective over the confirmation replications.
    pub objective: Summary,
    /// Paired difference of the objective to the winner (`None` for the winner).
    pub vs_best: Option<Difference>,
    /// Not distinguishable from the winner at 95%.
    pub tied_with_best: bool,
}

impl Placement {
    pub fn finance(&self) -> Option<&Finance> {
        self.analysis.finance.as_ref()
    }
}

/// The optimiser's answer.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub method: Method,
    pub objective: Objective,
    pub budget_rmb: f64,
    /// Placements screened.
    pub screened: usize,
    /// Affordable placements in all (2^n at most).
    pub affordable: u64,
    /// Ranked, best first; the baseline (no automation) is among them when
    /// it made the final round.
    pub ranked: Vec<Placement>,
    /// The full confirmation analysis (baseline first, then the finalists).
    pub analysis: Analysis,
    /// Placements that are not valid lines, with why.
    pub invalid: Vec<(Vec<String>, String)>,
    /// The ranking comes from confirmation runs (false when stopped during
    /// the search: then from the screening runs).
    pub confirmed: bool,
}

/// Why the optimiser could not run.
#[derive(Debug, thiserror::Error)]
pub enum OptimizeError {
    #[error("the scenario lists no `candidates` to choose from")]
    NoCandidates,
    #[error("the money objectives (npv, npv_p10, payback_chance) need an `economics` block in the scenario")]
    NoEconomics,
    #[error("{0} candidates are too many; at most 30")]
    TooMany(usize),
    #[error("stopped before any placement was confirmed")]
    Stopped,
    #[error(transparent)]
    Experiment(#[from] ExperimentError),
}

type Mask = u32;

fn members(mask: Mask, n: usize) -> Vec<usize> {
    (0..n).filter(|i| mask & (1 << i) != 0).collect()
}

/// A screened or confirmed placement's replications and objective values.
struct Eval {
    reps: Vec<Replication>,
    score: f64,
}

impl Eval {
    fn mean(&self) -> f64 {
        self.score
    }
}

struct Search<'a> {
    scenario: &'a Scenario,
    options: Options,
    control: Control<'a>,
    cache: BTreeMap<Mask, Option<Eval>>,
    invalid: Vec<(Vec<String>, String)>,
    baseline: Vec<Replication>,
}

impl Search<'_> {
    fn cost(&self, mask: Mask) -> f64 {
        members(mask, self.scenario.candidates.len())
            .iter()
            .map(|&i| self.scenario.candidates[i].cost_rmb())
            .sum()
    }

    fn affordable(&self, mask: Mask) -> bool {
        self.cost(mask) <= self.options.budget_rmb + 1e-6
    }

    fn variant(&self, mask: Mask) -> Result<Variant, Vec<Problem>> {
        let chosen: Vec<&Candidate> = members(mask, self.scenario.candidates.len())
            .iter()
            .map(|&i| &self.scenario.candidates[i])
            .collect();
        self.scenario.combine(&chosen, &placement_name(&chosen))
    }

    fn objective(&self, variant: &Variant, reps: &[Replication], base: &[Replication], s: &Settings) -> Vec<f64> {
        match self.options.objective {
            Objective::Throughput => reps.iter().map(|r| r.line[THROUGHPUT]).collect(),
            Objective::LabourProductivity => reps.iter().map(|r| r.line[LABOUR_PRODUCTIVITY]).collect(),
            Objective::Npv | Objective::NpvP10 | Objective::PaybackChance => {
                let e = self.scenario.economics.as_ref().expect("checked before the search");
                let baseline = self.scenario.baseline();
                let f = e.finance(
                    Side {
                        line: &variant.line,
                        items: &variant.investments,
                        people: &variant.people,
                        reps,
                    },
                    Side {
                        line: &baseline.line,
                        items: &[],
                        people: &baseline.people,
                        reps: base,
                    },
                    s.run,
                    s.inputs,
                    s.seed,
                );
                if self.options.objective == Objective::PaybackChance {
                    // Doing nothing is not a project that pays back.
                    if variant.investments.is_empty() {
                        return vec![0.0; reps.len()];
                    }
                    let within = e.payback_within_years;
                    f.cases
                        .iter()
                        .map(|c| f64::from(c.payback.is_some_and(|y| y <= within)))
                        .collect()
                } else {
                    f.npv_per_replication
                }
            }
        }
    }

    /// Screens the placements not yet screened, in one parallel batch.
    fn screen(&mut self, masks: &[Mask]) -> Result<(), ExperimentError> {
        let mut todo: Vec<(Mask, Variant)> = Vec::new();
        for &m in masks {
            if self.cache.contains_key(&m) || todo.iter().any(|(t, _)| *t == m) {
                continue;
            }
            match self.variant(m) {
                Ok(v) => todo.push((m, v)),
                Err(problems) => {
                    let names = self.names(m);
                    let why = problems.first().map_or(String::new(), |p| p.message.clone());
                    self.invalid.push((names, why));
                    self.cache.insert(m, None);
                }
            }
        }
        if todo.is_empty() {
            return Ok(());
        }
        let refs: Vec<&Variant> = todo.iter().map(|(_, v)| v).collect();
        let runs = experiment::run_with(&refs, &self.options.screen, &self.control)?;
        if runs.done() < runs.planned {
            // Stopped: a partly screened batch would compare unequal samples.
            return Ok(());
        }
        let base = &self.baseline;
        for ((m, v), reps) in todo.iter().zip(runs.replications) {
            let objective = self.objective(v, &reps, base, &self.options.screen);
            let score = self.options.objective.score(&objective);
            self.cache.insert(*m, Some(Eval { reps, score }));
        }
        Ok(())
    }

    fn names(&self, mask: Mask) -> Vec<String> {
        members(mask, self.scenario.candidates.len())
            .iter()
            .map(|&i| self.scenario.candidates[i].name.clone())
            .collect()
    }

    fn value(&self, mask: Mask) -> Option<f64> {
        self.cache.get(&mask)?.as_ref().map(Eval::mean)
    }

    fn stopped(&self) -> bool {
        self.control.cancelled()
    }

    /// Greedy forward selection by objective gain per RMB.
    fn greedy(&mut self) -> Result<Mask, ExperimentError> {
        let n = self.scenario.candidates.len();
        let mut current: Mask = 0;
        loop {
            let adds: Vec<Mask> = (0..n)
                .map(|i| current | (1 << i))
                .filter(|&m| m != current && self.affordable(m))
                .collect();
            if adds.is_empty() || self.cache.len() >= self.options.max_evaluations || self.stopped() {
                return Ok(current);
            }
            self.screen(&adds)?;
            let now = self.value(current).unwrap_or(f64::NEG_INFINITY);
            let best = adds
                .iter()
                .filter_map(|&m| {
                    let gain = self.value(m)? - now;
                    // Gains within the tolerance are noise, not progress.
                    (gain > self.options.tolerance * now.abs())
                        .then(|| (m, gain / (self.cost(m) - self.cost(current)).max(1.0)))
                })
                .max_by(|a, b| a.1.total_cmp(&b.1));
            match best {
                Some((m, _)) => current = m,
                None => return Ok(current),
            }
        }
    }

    /// Stations that are most often the bottleneck in a placement, best first.
    fn bottleneck_stations(&self, mask: Mask) -> Vec<String> {
        let Some(Some(e)) = self.cache.get(&mask) else {
            return Vec::new();
        };
        let Ok(v) = self.variant(mask) else { return Vec::new() };
        let mut shares: Vec<(String, f64)> = v
            .line
            .stations
            .iter()
            .enumerate()
            .map(|(s, st)| {
                let mean = e
                    .reps
                    .iter()
                    .map(|r| r.stations[s][crate::kpi::ST_BOTTLENECK])
                    .sum::<f64>()
                    / e.reps.len().max(1) as f64;
                (st.name.clone(), mean)
            })
            .collect();
        shares.sort_by(|a, b| b.1.total_cmp(&a.1));
        shares.into_iter().take(3).map(|(n, _)| n).collect()
    }

    /// Local search from `start`: drops, additions, and swaps that bring in
    /// an option at one of the current bottleneck stations.
    fn local_search(&mut self, start: Mask) -> Result<Mask, ExperimentError> {
        let n = self.scenario.candidates.len();
        let mut current = start;
        while self.cache.len() < self.options.max_evaluations && !self.stopped() {
            let necks = self.bottleneck_stations(current);
            let at_neck = |i: usize| self.scenario.candidates[i].stations.iter().any(|s| necks.contains(s));
            let mut moves: Vec<Mask> = Vec::new();
            for i in 0..n {
                let bit = 1 << i;
                if current & bit != 0 {
                    moves.push(current & !bit);
                    for j in 0..n {
                        if current & (1 << j) == 0 && at_neck(j) {
                            moves.push((current & !bit) | (1 << j));
                        }
                    }
                } else {
                    moves.push(current | bit);
                }
            }
            moves.retain(|&m| self.affordable(m));
            let room = self.options.max_evaluations.saturating_sub(self.cache.len());
            moves.retain(|m| !self.cache.contains_key(m));
            moves.truncate(room);
            if moves.is_empty() {
                break;
            }
            self.screen(&moves)?;
            let now = self.value(current).unwrap_or(f64::NEG_INFINITY);
            match moves
                .iter()
                .filter_map(|&m| Some((m, self.value(m)?)))
                .filter(|(_, v)| *v > now)
                .max_by(|a, b| a.1.total_cmp(&b.1))
            {
                Some((m, _)) => current = m,
                None => break,
            }
        }
        Ok(current)
    }
}

/// "turning_robot + deburring_robot", or "no automation".
fn placement_name(chosen: &[&Candidate]) -> String {
    if chosen.is_empty() {
        "no_automation".into()
    } else {
        chosen.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join("+")
    }
}

/// Searches the placements of `scenario`'s candidates within the budget.
pub fn optimize(scenario: &Scenario, options: Options, control: Control) -> Result<Outcome, OptimizeError> {
    let n = scenario.candidates.len();
    if n == 0 {
        return Err(OptimizeError::NoCandidates);
    }
    if n > 30 {
        return Err(OptimizeError::TooMany(n));
    }
    if options.objective.needs_money() && scenario.economics.is_none() {
        return Err(OptimizeError::NoEconomics);
    }
    let base_runs = experiment::run_with(&[scenario.baseline()], &options.screen, &control)?;
    if base_runs.done() < base_runs.planned {
        return Err(OptimizeError::Stopped);
    }
    let mut search = Search {
        scenario,
        options,
        control,
        cache: BTreeMap::new(),
        invalid: Vec::new(),
        baseline: base_runs.replications.into_iter().next().unwrap_or_default(),
    };
    let base_objective = search.objective(scenario.baseline(), &search.baseline, &search.baseline, &options.screen);
    search.cache.insert(
        0,
        Some(Eval {
            reps: search.baseline.clone(),
            score: options.objective.score(&base_objective),
        }),
    );
    // Count the affordable placements, up to the exact limit and beyond.
    let all: u64 = 1u64 << n;
    let mut affordable: Vec<Mask> = Vec::new();
    let mut count = 0u64;
    for m in 0..all {
        if search.affordable(m as Mask) {
            count += 1;
            if affordable.len() <= options.exact_limit {
                affordable.push(m as Mask);
            }
        }
    }
    let method = if count as usize <= options.exact_limit {
        search.screen(&affordable)?;
        Method::Exact
    } else {
        let greedy = search.greedy()?;
        search.local_search(greedy)?;
        Method::Heuristic
    };

    // Confirmation of the best screened placements with full replications.
    let mut screened: Vec<(Mask, f64)> = search
        .cache
        .iter()
        .filter_map(|(&m, e)| e.as_ref().map(|e| (m, e.mean())))
        .collect();
    screened.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    // Placements within the tolerance of the best screened value go first,
    // cheapest first, so that a cheaper equal placement is confirmed too.
    let top = screened.first().map_or(0.0, |s| s.1);
    let near = |v: f64| v >= top - options.tolerance * top.abs();
    let mut finalists: Vec<Mask> = screened.iter().filter(|s| near(s.1)).map(|s| s.0).collect();
    finalists.sort_by(|&a, &b| search.cost(a).total_cmp(&search.cost(b)).then(a.cmp(&b)));
    finalists.truncate(options.finalists);
    for (m, _) in &screened {
        if finalists.len() >= options.finalists {
            break;
        }
        if !finalists.contains(m) {
            finalists.push(*m);
        }
    }
    // The baseline always runs: finances and pairs are against it.
    let mut masks: Vec<Mask> = vec![0];
    masks.extend(finalists.iter().filter(|&&m| m != 0));
    let variants: Vec<Variant> = masks
        .iter()
        .map(|&m| {
            if m == 0 {
                scenario.baseline().clone()
            } else {
                search.variant(m).expect("screened placements are valid")
            }
        })
        .collect();
    let refs: Vec<&Variant> = variants.iter().collect();
    // Stopped during the search: rank what was screened, and say so.
    let stopped = search.stopped();
    let (runs, settings) = if stopped {
        let replications = masks
            .iter()
            .map(|m| match search.cache.get(m) {
                Some(Some(e)) => e.reps.clone(),
                _ => Vec::new(),
            })
            .collect();
        let runs = Runs {
            replications,
            planned: options.screen.replications,
        };
        (runs, options.screen)
    } else {
        (
            experiment::run_with(&refs, &options.confirm, &control)?,
            options.confirm,
        )
    };
    if runs.done() == 0 {
        return Err(OptimizeError::Stopped);
    }
    let mut analysis =
        experiment::analyse(&scenario.name, &refs, runs, &settings, scenario.economics.as_ref()).named(scenario);
    if stopped {
        analysis.warnings.push(format!(
            "stopped during the search: {} placements were screened; the ranking comes from the screening runs and was not confirmed",
            search.cache.len()
        ));
    }
    let options = Options {
        confirm: settings,
        ..options
    };
    let base_reps = &analysis.variants[0].replications;
    let mut ranked: Vec<Placement> = Vec::new();
    let mut objectives: Vec<Vec<f64>> = Vec::new();
    for (i, (&m, v)) in masks.iter().zip(&analysis.variants).enumerate() {
        if m == 0 && !finalists.contains(&0) {
            continue;
        }
        let objective = search.objective(&variants[i], &v.replications, base_reps, &options.confirm);
        ranked.push(Placement {
            chosen: members(m, n),
            names: search.names(m),
            cost_rmb: search.cost(m),
            analysis: v.clone(),
            objective: options.objective.summary(&objective),
            vs_best: None,
            tied_with_best: false,
        });
        objectives.push(objective);
    }
    // The winner is the cheapest placement that is as good as the best
    // mean: statistically tied with it, or within the tolerance.
    let tol = options.tolerance;
    let tied = |a: usize, b: usize| -> (bool, Difference) {
        let d = Difference::paired(&objectives[a], &objectives[b]);
        let close = d.diff_mean.abs() <= tol * ranked[b].objective.mean.abs();
        (!d.significant || close, d)
    };
    let mut order: Vec<usize> = (0..ranked.len()).collect();
    order.sort_by(|&a, &b| {
        ranked[b]
            .objective
            .mean
            .total_cmp(&ranked[a].objective.mean)
            .then(a.cmp(&b))
    });
    if let Some(&top) = order.first() {
        let winner = order
            .iter()
            .copied()
            .filter(|&i| i == top || tied(i, top).0)
            .min_by(|&a, &b| ranked[a].cost_rmb.total_cmp(&ranked[b].cost_rmb))
            .unwrap_or(top);
        order.retain(|&i| i != winner);
        order.insert(0, winner);
        let marks: Vec<(usize, bool, Difference)> = order[1..]
            .iter()
            .map(|&i| {
                let (is_tied, d) = tied(i, winner);
                (i, is_tied, d)
            })
            .collect();
        for (i, is_tied, d) in marks {
            ranked[i].tied_with_best = is_tied;
            ranked[i].vs_best = Some(d);
        }
    }
    // Placements are named by rank ("option_1", ...; the baseline keeps its
    // name) so charts and JSON stay readable; the description lists them.
    let mut ranked: Vec<Placement> = order.into_iter().map(|i| ranked[i].clone()).collect();
    for (rank, p) in ranked.iter_mut().enumerate() {
        if p.chosen.is_empty() {
            continue;
        }
        let name = format!("option_{}", rank + 1);
        if let Some(v) = analysis.variants.iter_mut().find(|v| v.name == p.analysis.name) {
            v.name = name.clone();
        }
        p.analysis.name = name;
    }
    Ok(Outcome {
        method,
        objective: options.objective,
        budget_rmb: options.budget_rmb,
        screened: search.cache.len(),
        affordable: count,
        ranked,
        analysis,
        invalid: search.invalid,
        confirmed: !stopped,
    })
}

/// The placement as a RON variant to paste into the scenario's `variants`.
pub fn as_variant(scenario: &Scenario, placement: &Placement, name: &str) -> String {
    let changes: Vec<RawChange> = placement
        .chosen
        .iter()
        .flat_map(|&i| scenario.candidates[i].raw.changes.clone())
        .collect();
    // In Chinese it reads as its cells' Chinese names, when all have one.
    let label = placement
        .chosen
        .iter()
        .map(|&i| scenario.candidates[i].raw.label.clone())
        .collect::<Option<Vec<String>>>()
        .map(|l| l.join(" + "));
    let variant = RawVariant {
        name: name.to_string(),
        label,
        description: format!("optimised placement: {}", placement.names.join(", ")),
        changes,
    };
    variant.to_ron()
}
