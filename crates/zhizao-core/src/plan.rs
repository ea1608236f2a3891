//! Robot placements tried by hand in the planner view.
//!
//! A [`Plan`] is a list of changes to the baseline, like a variant in a
//! scenario file: it is validated the same way ([`Scenario::build`]) and can
//! be written out as a RON variant that simulates identically. Placing a
//! robot cell at a station uses the scenario's own candidate for that station
//! when it has one (its cycle time, failures, cost and the operators it
//! frees); otherwise [`default_robot`] with assumed figures that say so.
//!
//! A [`Projection`] runs the scenario's replications of the baseline and the
//! plan on a background thread pool of its own, so a front end's frames are
//! never held up, and can be abandoned at any time.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use crate::experiment::{self, Analysis, Control};
use crate::model::StationKind;
use crate::scenario::raw::{RawChange, RawDist, RawFailureSpec, RawFailures, RawStation, RawVariant};
use crate::scenario::{Problem, Scenario, Variant};
use crate::settings::Settings;

/// Capital cost assumed per robot server when the scenario has no
/// candidate for a station [RMB]: a six-axis robot with gripper, guarding
/// and integration at a small Zhejiang plant.
pub const DEFAULT_ROBOT_COST_RMB: f64 = 300_000.0;
/// Days the line stands still to install an assumed robot cell.
pub const DEFAULT_INSTALL_DAYS: f64 = 2.0;

/// Why a robot cell cannot go where asked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    #[error("there is no station \"{0}\"")]
    NoStation(String),
    #[error("{0} is already a robot cell")]
    AlreadyRobot(String),
    #[error("a robot cell at {station} makes the line invalid: {}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid { station: String, problems: Vec<Problem> },
}

/// Where the data of a placed robot cell came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The scenario's candidate of this name.
    Candidate(String),
    /// [`default_robot`]'s assumed figures.
    Default,
}

/// A line being planned: the baseline plus changes.
#[derive(Clone, Debug)]
pub struct Plan {
    pub raw: RawVariant,
    /// Stations given a robot cell, in order, with where the data came from.
    pub placed: Vec<(String, Source)>,
    /// The validated line.
    pub variant: Variant,
}

impl Plan {
    /// A plan that starts from a variant of the scenario (its changes), or
    /// from the baseline when `from` is the baseline.
    pub fn new(scenario: &Scenario, from: &str, name: &str) -> Option<Plan> {
        let changes = match scenario.raw.variants.iter().find(|v| v.name == from) {
            Some(v) => v.changes.clone(),
            None if from == crate::scenario::BASELINE => Vec::new(),
            None => return None,
        };
        let raw = RawVariant {
            name: name.to_string(),
            label: None,
            description: if changes.is_empty() {
                "planned in the live view".into()
            } else {
                format!("planned in the live view from {from}")
            },
            changes,
        };
        let variant = scenario.build(&raw).ok()?;
        Some(Plan {
            raw,
            placed: Vec::new(),
            variant,
        })
    }

    /// Puts a robot cell at `station`. On error the plan is unchanged.
    pub fn place_robot(&mut self, scenario: &Scenario, station: &str) -> Result<Source, PlanError> {
        let line = &self.variant.line;
        let s = line
            .station_id(station)
            .ok_or_else(|| PlanError::NoStation(station.to_string()))?;
        if line.stations[s].kind == StationKind::Robot {
            return Err(PlanError::AlreadyRobot(station.to_string()));
        }
        let (changes, source) = match candidate_for(scenario, station) {
            Some((name, changes)) => (changes, Source::Candidate(name)),
            None => (default_robot(scenario, &self.variant, s), Source::Default),
        };
        let mut raw = self.raw.clone();
        raw.changes.extend(changes);
        let mut placed = self.placed.clone();
        placed.push((station.to_string(), source.clone()));
        raw.description = format!(
            "planned in the live view: robot cells at {}",
            placed.iter().map(|(s, _)| s.as_str()).collect::<Vec<_>>().join(", ")
        );
        let variant = scenario.build(&raw).map_err(|problems| PlanError::Invalid {
            station: station.to_string(),
            problems,
        })?;
        *self = Plan { raw, placed, variant };
        Ok(source)
    }

    /// The plan as a RON variant to paste into the scenario's `variants`.
    pub fn to_ron(&self) -> String {
        self.raw.to_ron()
    }
}

/// The changes of the first candidate that puts a robot cell at `station`.
fn candidate_for(scenario: &Scenario, station: &str) -> Option<(String, Vec<RawChange>)> {
    scenario.candidates.iter().find_map(|c| {
        c.raw
            .changes
            .iter()
            .any(|ch| matches!(ch, RawChange::ReplaceWithRobot { station: s, .. } if s == station))
            .then(|| (c.name.clone(), c.raw.changes.clone()))
    })
}

/// A robot cell with assumed figures, for a station the scenario has no
/// candidate for: the station's present processing times (a robot keeps the
/// pace of the work it takes over), one stop per 80 operating hours of
/// about 30 minutes, [`DEFAULT_ROBOT_COST_RMB`] per server, and, at a manual
/// station, the operators it frees (one per server, keeping one in the pool
/// while other stations still need it).
pub fn default_robot(scenario: &Scenario, current: &Variant, s: usize) -> Vec<RawChange> {
    let line = &current.line;
    let st = &line.stations[s];
    let raw_station = scenario.raw.stations.iter().find(|r| r.name == st.name);
    let (time, product_times) = match raw_station {
        Some(RawStation {
            time: Some(time),
            product_times,
            ..
        }) => (time.clone(), product_times.clone()),
        _ => (RawDist::Exp(format!("{}s", st.process[0].mean())), Default::default()),
    };
    let mut changes = vec![RawChange::ReplaceWithRobot {
        station: st.name.clone(),
        time,
        product_times,
        setup: None,
        failures: Some(RawFailureSpec::Data(RawFailures {
            time_to_failure: RawDist::Exp("80h".into()),
            time_to_repair: RawDist::LogNormal {
                mean: "30min".into(),
                cv: 0.8,
            },
            mode: Default::default(),
            crew: None,
            repairs: Default::default(),
            after_repair: Default::default(),
        })),
        // One manipulator per work place it takes over.
        robots: Some(i64::from(st.servers)),
        ideal_cycle: None,
        product_ideal_cycles: Default::default(),
        tending: None,
        cnc: None,
        networked: None,
        scrap: None,
        servers: None,
        lights_out: None,
        capital_cost_rmb: (DEFAULT_ROBOT_COST_RMB * st.servers as f64).into(),
        category: None,
        install_days: DEFAULT_INSTALL_DAYS,
    }];
    if st.kind == StationKind::Manual
        && let Some(p) = st.pool
    {
        let others = line.stations.iter().enumerate().any(|(o, other)| {
            o != s && (other.pool == Some(p) || other.failures.as_ref().is_some_and(|f| f.crew == Some(p)))
        });
        let keep = u32::from(others);
        let free = st.servers.min(line.pools[p].headcount.saturating_sub(keep));
        if free > 0 {
            changes.push(RawChange::ChangeHeadcount {
                pool: line.pools[p].name.clone(),
                by: -(free as i64),
            });
        }
    }
    changes
}

/// How a background projection is getting on.
#[derive(Clone, Debug)]
pub enum Status {
    /// Replications finished so far, of those planned (over both lines).
    Running {
        done: u64,
        total: u64,
    },
    /// The baseline and the plan, analysed (the plan compared with the baseline).
    Done(Arc<Analysis>),
    Failed(String),
}

/// A finished projection: its analysis, or why it failed.
type Outcome = Result<Arc<Analysis>, String>;

/// Replications of the baseline and a plan, run in the background.
pub struct Projection {
    cancel: Arc<AtomicBool>,
    done: Arc<AtomicU64>,
    total: u64,
    result: Arc<Mutex<Option<Outcome>>>,
    thread: Option<JoinHandle<()>>,
}

impl Projection {
    /// Starts `settings.replications` paired replications of `baseline`
    /// and `plan` on `threads` worker threads of its own.
    pub fn start(
        scenario: &Scenario,
        baseline: Variant,
        plan: Variant,
        settings: Settings,
        threads: usize,
    ) -> Projection {
        let cancel = Arc::new(AtomicBool::new(false));
        let done = Arc::new(AtomicU64::new(0));
        let result = Arc::new(Mutex::new(None));
        let name = scenario.name.clone();
        let economics = scenario.economics.clone();
        let thread = {
            let (cancel, done, result) = (cancel.clone(), done.clone(), result.clone());
            std::thread::spawn(move || {
                let out = rayon::ThreadPoolBuilder::new()
                    .num_threads(threads.max(1))
                    .build()
                    .map_err(|e| e.to_string())
                    .and_then(|pool| {
                        pool.install(|| {
                            let progress = |d: u64, _: u64| done.store(d, Ordering::Relaxed);
                            let control = Control {
                                cancel: Some(&cancel),
                                progress: Some(&progress),
                            };
                            let variants = [&baseline, &plan];
                            experiment::run_with(&variants, &settings, &control)
                                .map(|runs| {
                                    Arc::new(experiment::analyse(
                                        &name,
                                        &variants,
                                        runs,
                                        &settings,
                                        economics.as_ref(),
                                    ))
                                })
                                .map_err(|e| e.to_string())
                        })
                    });
                if !cancel.load(Ordering::Relaxed) {
                    *result.lock().expect("projection result lock") = Some(out);
                }
            })
        };
        Projection {
            cancel,
            done,
            total: 2 * settings.replications as u64,
            result,
            thread: Some(thread),
        }
    }

    /// Where the projection is now.
    pub fn status(&self) -> Status {
        match &*self.result.lock().expect("projection result lock") {
            Some(Ok(a)) => Status::Done(a.clone()),
            Some(Err(e)) => Status::Failed(e.clone()),
            None => Status::Running {
                done: self.done.load(Ordering::Relaxed),
                total: self.total,
            },
        }
    }

    /// Waits for the projection to finish (for tests and scripts).
    pub fn wait(mut self) -> Status {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.status()
    }
}

impl Drop for Projection {
    /// Abandons the replications still running; the thread ends on its own
    /// within one simulated week of each running replication.
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::BASELINE;

    fn valve() -> Scenario {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/wenzhou_valve_body.ron");
        Scenario::load(std::path::Path::new(path)).expect("bundled scenario")
    }

    #[test]
    fn candidate_data_is_used_when_the_scenario_has_it() {
        let scenario = valve();
        let mut plan = Plan::new(&scenario, BASELINE, "plan").expect("baseline plan");
        let source = plan.place_robot(&scenario, "deburring").expect("valid");
        assert_eq!(source, Source::Candidate("deburring_robot".into()));
        let line = &plan.variant.line;
        let s = line.station_id("deburring").expect("station");
        assert_eq!(line.stations[s].kind, StationKind::Robot);
        assert_eq!(line.headcount(), scenario.baseline().line.headcount() - 2);
        assert!(matches!(
            plan.place_robot(&scenario, "deburring"),
            Err(PlanError::AlreadyRobot(_))
        ));
        assert!(matches!(
            plan.place_robot(&scenario, "nowhere"),
            Err(PlanError::NoStation(_))
        ));
        assert_eq!(plan.placed.len(), 1);
    }

    #[test]
    fn default_robot_keeps_an_operator_for_the_rest_of_the_pool() {
        let mut scenario = valve();
        scenario.candidates.clear();
        let mut plan = Plan::new(&scenario, BASELINE, "plan").expect("baseline plan");
        let before = plan.variant.line.headcount();
        assert_eq!(plan.place_robot(&scenario, "bolting").expect("valid"), Source::Default);
        // bolting is one fitter's bench; the fitters still work elsewhere.
        assert_eq!(plan.variant.line.headcount(), before - 1);
        assert_eq!(plan.variant.capital_cost_rmb(), DEFAULT_ROBOT_COST_RMB);
    }
}
