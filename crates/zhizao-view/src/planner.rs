//! The planner: put robot cells on the right-hand line, watch it restart,
//! and read the projected gain from a background batch of replications.

use std::path::PathBuf;
use zhizao_core::lang::Lang;

use super::{Mode, Workshop};
use zhizao_core::kpi::{LABOUR_PRODUCTIVITY, LINE_KPIS, THROUGHPUT};
use zhizao_core::plan::{Plan, Projection, Source, Status};
use zhizao_core::scenario::Scenario;
use zhizao_core::stats::Difference;

/// The plan being made, its projection, and where it is saved.
pub struct Planner {
    pub plan: Plan,
    pub projection: Option<Projection>,
    /// Where `W` writes the plan.
    pub save_to: PathBuf,
    /// Worker threads of the projection (one leaves a core for drawing).
    pub threads: usize,
}

impl Planner {
    pub fn new(plan: Plan, save_to: PathBuf) -> Planner {
        Planner {
            plan,
            projection: None,
            save_to,
            threads: 1,
        }
    }

    /// Starts projecting the plan against the baseline with the scenario's
    /// own replications; a projection still running is dropped (cancelled).
    pub fn project(&mut self, scenario: &Scenario) {
        self.projection = Some(Projection::start(
            scenario,
            scenario.baseline().clone(),
            self.plan.variant.clone(),
            scenario.settings,
            self.threads,
        ));
    }

    /// True unless a projection is still running.
    pub fn settled(&self) -> bool {
        self.projection
            .as_ref()
            .is_none_or(|p| !matches!(p.status(), Status::Running { .. }))
    }

    /// The projection's state in one line, for the banner.
    pub fn summary(&self, scenario: &Scenario, l: Lang) -> String {
        if self.plan.placed.is_empty() {
            return l
                .tr("planner: click a station of the right-hand line, then P (or the button) for a robot cell there")
                .into();
        }
        let placed = self.placed_names(scenario, l, true);
        let status = match self.projection.as_ref().map(Projection::status) {
            None => l.tr("not projected").into(),
            Some(Status::Running { done, total }) => l.fmt("projecting: {0} of {1} replications", [&done, &total]),
            Some(Status::Failed(e)) => l.fmt("projection failed: {0}", [&e]),
            Some(Status::Done(a)) => {
                let v = &a.variants[1];
                let d = v.vs_baseline.as_ref();
                let show = |k: usize, unit: &'static str| {
                    let unit = l.tr(unit);
                    d.map_or("-".into(), |d: &Vec<Difference>| {
                        let x = &d[k];
                        format!(
                            "{:+.3}{} {unit} ({:+.1}%)",
                            x.diff_mean,
                            x.diff_half_width.map_or(String::new(), |h| format!(" +/- {h:.3}")),
                            x.relative_pct
                        )
                    })
                };
                let payback = v.finance.as_ref().map_or(String::new(), |f| {
                    let p = f.payback_years;
                    let y = |x: Option<f64>| x.map_or(l.tr("never").to_string(), |x| format!("{x:.1}"));
                    l.fmt(
                        " | payback {0} y ({1}-{2}) on {3} net",
                        [
                            &y(p.estimate),
                            &y(p.low),
                            &y(p.high),
                            &zhizao_core::format::money_for(f.net_investment_rmb, l),
                        ],
                    )
                });
                l.fmt(
                    "projected ({0} paired replications, 95%): output {1} | per operator-hour {2}{3}",
                    [
                        &a.settings.replications,
                        &show(THROUGHPUT, LINE_KPIS[THROUGHPUT].unit),
                        &show(LABOUR_PRODUCTIVITY, LINE_KPIS[LABOUR_PRODUCTIVITY].unit),
                        &payback,
                    ],
                )
            }
        };
        l.fmt("plan: robot cells at {0}: {1}", [&l.list(&placed), &status])
    }
}

impl Planner {
    /// The stations given a robot cell, by the names shown (a Chinese
    /// label in Chinese), each with the candidate whose data it uses when
    /// `sources` is set.
    pub(super) fn placed_names(&self, scenario: &Scenario, l: Lang, sources: bool) -> Vec<String> {
        let line = &self.plan.variant.line;
        self.plan
            .placed
            .iter()
            .map(|(s, src)| {
                let name = line.station_id(s).map(|k| &line.stations[k]).map_or_else(
                    || s.replace('_', " "),
                    |st| l.name(&st.name, st.label.as_deref()).replace('_', " "),
                );
                match src {
                    _ if !sources => name,
                    Source::Candidate(c) => {
                        let label = scenario
                            .raw
                            .candidates
                            .iter()
                            .find(|v| &v.name == c)
                            .and_then(|v| v.label.as_deref());
                        format!("{name} ({})", l.name(c, label))
                    }
                    Source::Default => format!("{name} {}", l.tr("(assumed robot data)")),
                }
            })
            .collect()
    }
}

/// A robot cell at the selected station of the plan side.
pub(super) fn place_robot(w: &mut Workshop) {
    if w.mode != Mode::Plan {
        return;
    }
    let Some((1, s)) = w.selected else {
        w.message = Some(w.lang.tr("select a station of the right-hand line first").into());
        return;
    };
    let scenario = w.scenario.clone();
    let Some(planner) = w.planner.as_mut() else {
        return;
    };
    let name = planner.plan.variant.line.stations[s].name.clone();
    let file = planner.save_to.display().to_string();
    match planner.plan.place_robot(&scenario, &name) {
        Ok(_) => {
            planner.project(&scenario);
            let plan = planner.plan.variant.clone();
            w.live.replace(1, plan);
            w.lines_changed();
            w.message = Some(match write_plan(w) {
                Ok(()) => w.lang.fmt("robot cell at {0}; restarted", [&name]),
                Err(e) => w.lang.fmt("cannot write {0}: {1}", [&file, &e]),
            });
        }
        Err(e) => w.message = Some(e.to_string()),
    }
}

/// Writes the plan as a RON variant (W).
pub(super) fn save_plan(w: &mut Workshop) {
    let Some(planner) = &w.planner else {
        return;
    };
    w.message = Some(match write_plan(w) {
        Ok(()) => w.lang.fmt("plan saved to {0}", [&planner.save_to.display()]),
        Err(e) => w.lang.fmt("cannot write {0}: {1}", [&planner.save_to.display(), &e]),
    });
}

/// Writes the plan to its file: on W, and after every change, so that the
/// screen's "the numbers equal" command (`--add-variant FILE`) runs as printed.
pub(super) fn write_plan(w: &Workshop) -> std::io::Result<()> {
    let Some(planner) = &w.planner else {
        return Ok(());
    };
    let text = format!(
        "// A variant planned in `zhizao view --plan`; paste it into the `variants` of {},\n// or add it as it is: zhizao compare {} --add-variant {}\n{}\n",
        w.file.display(),
        w.file.display(),
        planner.save_to.display(),
        planner.plan.to_ron()
    );
    std::fs::write(&planner.save_to, text)
}
