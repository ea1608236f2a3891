//! Retrofit variants: a named list of changes applied to the baseline.
//!
//! Changes are applied to the raw scenario, so a variant's line goes through
//! exactly the same validation as the baseline. Every station a variant does
//! not touch keeps its name, so its random streams (and its draws) stay the
//! same: that is what makes variant comparisons paired.

use super::names::Names;
use super::raw::*;
use super::validate::Checker;
use crate::economics::{Category, Investment, People};
use crate::uncertain::{Input, Num};

impl RawChange {
    /// The station a change is about, if any.
    pub(crate) fn station(&self) -> Option<&str> {
        match self {
            RawChange::ReplaceWithRobot { station, .. }
            | RawChange::ReplaceWithMachine { station, .. }
            | RawChange::SetTime { station, .. }
            | RawChange::SetScrap { station, .. }
            | RawChange::SetBuffer { station, .. }
            | RawChange::AddServers { station, .. } => Some(station),
            _ => None,
        }
    }

    /// Capital cost [RMB], its category if written, and installation days.
    fn money(&self) -> (Num, Option<Category>, f64) {
        match self {
            RawChange::ReplaceWithRobot {
                capital_cost_rmb,
                category,
                install_days,
                ..
            }
            | RawChange::ReplaceWithMachine {
                capital_cost_rmb,
                category,
                install_days,
                ..
            }
            | RawChange::SetTime {
                capital_cost_rmb,
                category,
                install_days,
                ..
            }
            | RawChange::SetScrap {
                capital_cost_rmb,
                category,
                install_days,
                ..
            }
            | RawChange::SetBuffer {
                capital_cost_rmb,
                category,
                install_days,
                ..
            }
            | RawChange::AddServers {
                capital_cost_rmb,
                category,
                install_days,
                ..
            }
            | RawChange::Invest {
                capital_cost_rmb,
                category,
                install_days,
                ..
            }
            | RawChange::SetFleet {
                capital_cost_rmb,
                category,
                install_days,
                ..
            }
            | RawChange::SetConveyor {
                capital_cost_rmb,
                category,
                install_days,
                ..
            } => (capital_cost_rmb.clone(), *category, *install_days),
            RawChange::SetTransport { .. } | RawChange::People { .. } => (Num::Fixed(0.0), None, 0.0),
            RawChange::SetHeadcount { .. }
            | RawChange::ChangeHeadcount { .. }
            | RawChange::SetShifts { .. }
            | RawChange::SetPlantCalendar { .. }
            | RawChange::SetCalendar { .. }
            | RawChange::SetMaintenance { .. }
            | RawChange::SetRampUp { .. }
            | RawChange::SetPower { .. } => (Num::Fixed(0.0), None, 0.0),
        }
    }
}

/// Applies the changes of `variants`, in order, to a copy of `base`. Returns
/// the changed scenario and what the changes cost, or records problems.
pub(crate) fn apply(
    base: &RawScenario,
    variants: &[&RawVariant],
    ck: &mut Checker,
) -> Option<(RawScenario, Vec<Investment>, People)> {
    let mut raw = base.clone();
    raw.variants.clear();
    raw.candidates.clear();
    let before = ck.problems.len();
    let mut items = Vec::new();
    let mut people = People::default();
    for variant in variants {
        apply_one(&mut raw, variant, (&mut items, &mut people), ck);
    }
    (ck.problems.len() == before).then_some((raw, items, people))
}

fn apply_one(
    raw: &mut RawScenario,
    variant: &RawVariant,
    (items, people): (&mut Vec<Investment>, &mut People),
    ck: &mut Checker,
) {
    let near = Some(variant.name.as_str());
    for (j, change) in variant.changes.iter().enumerate() {
        let path = format!("changes[{j}]");
        let station_index = |raw: &RawScenario, ck: &mut Checker, name: &str| {
            Names::stations(raw).resolve(ck, name, &format!("{path}.station"), near, "")
        };
        let pool_index = |raw: &RawScenario, ck: &mut Checker, name: &str| {
            Names::pools(raw).resolve(ck, name, &format!("{path}.pool"), near, "")
        };
        let (category, item) = match change {
            RawChange::ReplaceWithRobot { station, .. } | RawChange::ReplaceWithMachine { station, .. } => {
                let new = Replacement::of(change).expect("a replacing change");
                new.require_failure_data(ck, &path, near);
                let robot = matches!(change, RawChange::ReplaceWithRobot { .. });
                if let Some(i) = station_index(raw, ck, station) {
                    let s = &mut raw.stations[i];
                    s.kind = match change {
                        RawChange::ReplaceWithMachine {
                            operators,
                            load,
                            unload,
                            ..
                        } => RawKind::Machine {
                            operators: operators.clone(),
                            load: load.clone(),
                            unload: unload.clone(),
                        },
                        _ => RawKind::Robot,
                    };
                    // The station keeps its power_kw (a robot tending a CNC
                    // leaves the CNC in place); SetPower states new figures.
                    new.apply(s);
                }
                if robot {
                    (Category::RobotCell, format!("robot cell at {station}"))
                } else {
                    (Category::Machine, format!("machine at {station}"))
                }
            }
            RawChange::SetTime {
                station,
                time,
                ideal_cycle,
                ..
            } => {
                if let Some(i) = station_index(raw, ck, station) {
                    raw.stations[i].time = Some(time.clone());
                    raw.stations[i].product_times.clear();
                    // The old ideal cycle belonged to the old process.
                    raw.stations[i].ideal_cycle = ideal_cycle.clone();
                    raw.stations[i].product_ideal_cycles.clear();
                }
                (Category::Machine, format!("faster process at {station}"))
            }
            RawChange::SetScrap { station, scrap, .. } => {
                if let Some(i) = station_index(raw, ck, station) {
                    raw.stations[i].scrap = *scrap;
                }
                (Category::Machine, format!("quality improvement at {station}"))
            }
            RawChange::SetBuffer { station, buffer, .. } => {
                if let Some(i) = station_index(raw, ck, station) {
                    raw.stations[i].buffer = buffer.clone();
                }
                (Category::Conveyor, format!("buffer at {station}"))
            }
            RawChange::AddServers { station, count, .. } => {
                if *count < 1 {
                    ck.err(
                        format!("{path}.count"),
                        near,
                        format!("AddServers count {count} must be 1 or more"),
                    );
                } else if let Some(i) = station_index(raw, ck, station) {
                    raw.stations[i].servers = raw.stations[i].servers.saturating_add(*count);
                }
                (Category::Other, format!("{count} more server(s) at {station}"))
            }
            RawChange::SetHeadcount { pool, headcount } => {
                if let Some(i) = pool_index(raw, ck, pool) {
                    raw.operators[i].headcount = *headcount;
                }
                (Category::Other, String::new())
            }
            RawChange::People {
                severance_rmb,
                retraining_rmb,
                redeployment_rmb,
                technicians,
                technician_cost_per_year_rmb,
                redeployed,
            } => {
                let all = [
                    severance_rmb,
                    retraining_rmb,
                    redeployment_rmb,
                    technicians,
                    technician_cost_per_year_rmb,
                    redeployed,
                ];
                if all.iter().any(|x| !(x.is_finite() && **x >= 0.0)) {
                    ck.err(&path, near, "people costs and posts must be 0 or more");
                }
                people.add(&People {
                    severance_rmb: *severance_rmb,
                    retraining_rmb: *retraining_rmb,
                    redeployment_rmb: *redeployment_rmb,
                    technicians: *technicians,
                    technician_cost_per_year_rmb: *technician_cost_per_year_rmb,
                    redeployed: *redeployed,
                });
                (Category::Other, String::new())
            }
            RawChange::ChangeHeadcount { pool, by } => {
                if let Some(i) = pool_index(raw, ck, pool) {
                    let now = raw.operators[i].headcount.saturating_add(*by);
                    if now < 0 {
                        ck.err(
                            format!("{path}.by"),
                            near,
                            format!(
                                "pool \"{pool}\" has {} operator(s) at this point; taking {} would leave {now}",
                                raw.operators[i].headcount, -by
                            ),
                        );
                    }
                    raw.operators[i].headcount = now;
                }
                (Category::Other, String::new())
            }
            RawChange::SetShifts { pool, calendar } => {
                if let Some(i) = pool_index(raw, ck, pool) {
                    raw.operators[i].calendar = Some(calendar.clone());
                }
                (Category::Other, String::new())
            }
            RawChange::SetPlantCalendar { calendar } => {
                raw.plant_calendar = Some(calendar.clone());
                (Category::Other, String::new())
            }
            RawChange::SetCalendar { station, calendar } => {
                if let Some(i) = station_index(raw, ck, station) {
                    raw.stations[i].calendar = Some(calendar.clone());
                    raw.stations[i].lights_out = false;
                }
                (Category::Other, String::new())
            }
            RawChange::SetMaintenance { station, maintenance } => {
                if let Some(i) = station_index(raw, ck, station) {
                    raw.stations[i].maintenance = maintenance.clone();
                }
                (Category::Other, String::new())
            }
            RawChange::SetRampUp { station, ramp_up } => {
                if let Some(i) = station_index(raw, ck, station) {
                    raw.stations[i].ramp_up = Some(ramp_up.clone());
                }
                (Category::Other, String::new())
            }
            RawChange::SetPower { station, power_kw } => {
                if let Some(i) = station_index(raw, ck, station) {
                    raw.stations[i].power_kw = Some(power_kw.clone());
                }
                (Category::Other, String::new())
            }
            RawChange::Invest { item, networks, .. } => {
                for (k, name) in networks.iter().enumerate() {
                    let at = format!("{path}.networks[{k}]");
                    if let Some(i) = Names::stations(raw).resolve(ck, name, &at, near, "") {
                        raw.stations[i].networked = true;
                    }
                }
                (Category::Other, item.clone())
            }
            RawChange::SetFleet {
                fleet,
                count,
                speed_m_per_min,
                load,
                unload,
                crew,
                ..
            } => {
                match raw.fleets.iter().position(|f| &f.name == fleet) {
                    Some(i) => {
                        let f = &mut raw.fleets[i];
                        f.count = *count;
                        if let Some(v) = speed_m_per_min {
                            f.speed_m_per_min = *v;
                        }
                        if load.is_some() {
                            f.load = load.clone();
                        }
                        if unload.is_some() {
                            f.unload = unload.clone();
                        }
                        match crew.as_deref() {
                            Some("") => f.crew = None,
                            Some(c) => f.crew = Some(c.to_string()),
                            None => {}
                        }
                    }
                    // A new fleet: it needs its speed.
                    None => match speed_m_per_min {
                        Some(v) => raw.fleets.push(RawFleet {
                            name: fleet.clone(),
                            count: *count,
                            speed_m_per_min: *v,
                            load: load.clone(),
                            unload: unload.clone(),
                            crew: crew.clone().filter(|c| !c.is_empty()),
                        }),
                        None => ck.err(
                            format!("{path}.fleet"),
                            near,
                            format!(
                                "\"{fleet}\" is not a fleet yet (fleets: {:?}); a new fleet needs `speed_m_per_min`",
                                raw.fleets.iter().map(|f| f.name.as_str()).collect::<Vec<_>>()
                            ),
                        ),
                    },
                }
                (Category::Conveyor, format!("fleet {fleet} of {count}"))
            }
            RawChange::SetConveyor {
                station,
                length_m,
                speed_m_per_min,
                places,
                ..
            } => {
                if let Some(i) = station_index(raw, ck, station) {
                    let s = &mut raw.stations[i];
                    let (l, v, n) = match &s.kind {
                        RawKind::Conveyor {
                            length_m: l,
                            speed_m_per_min: v,
                            places: n,
                        } => (Some(*l), Some(*v), Some(*n)),
                        _ => (None, None, None),
                    };
                    match (length_m.or(l), speed_m_per_min.or(v), places.or(n)) {
                        (Some(length_m), Some(speed_m_per_min), Some(places)) => {
                            s.kind = RawKind::Conveyor {
                                length_m,
                                speed_m_per_min,
                                places,
                            };
                            // A belt has no processing time, servers, buffer or setups of its own.
                            s.time = None;
                            s.product_times.clear();
                            s.servers = 1;
                            s.buffer = RawBuffer::default();
                            s.setup = None;
                            s.changeovers.clear();
                            s.ideal_cycle = None;
                            s.product_ideal_cycles.clear();
                            s.robots = Some(0);
                            s.tending = None;
                        }
                        _ => ck.err(
                            &path,
                            near,
                            format!(
                                "\"{station}\" is not a conveyor yet: give `length_m`, `speed_m_per_min` and `places`"
                            ),
                        ),
                    }
                }
                (Category::Conveyor, format!("conveyor at {station}"))
            }
            RawChange::SetTransport { station, fleet } => {
                if let Some(i) = station_index(raw, ck, station) {
                    raw.stations[i].transport = fleet.clone();
                }
                (Category::Other, String::new())
            }
        };
        let (num, written, install_days) = change.money();
        let cost = num.base();
        let uncertain = num
            .uncertain()
            .map(|u| Input::new(format!("capital.{item}"), format!("cost of {item} [RMB]"), u.clone()));
        let low = match num.uncertain() {
            Some(u) => u.check().map(|_| u.quantile(0.001)),
            None => Ok(cost),
        };
        match low {
            Err(e) => ck.err(format!("{path}.capital_cost_rmb"), near, e),
            Ok(low) if !(low.is_finite() && low >= 0.0) => ck.err(
                format!("{path}.capital_cost_rmb"),
                near,
                format!("capital cost {low:.0} must be 0 or more"),
            ),
            _ => {}
        }
        if !(install_days.is_finite() && install_days >= 0.0) {
            ck.err(
                format!("{path}.install_days"),
                near,
                format!("installation days {install_days} must be 0 or more"),
            );
        }
        if cost > 0.0 || install_days > 0.0 || num.uncertain().is_some() {
            items.push(Investment {
                item,
                category: written.unwrap_or(category),
                cost_rmb: cost,
                install_days,
                uncertain,
            });
        }
    }
}

/// What a `ReplaceWith...` change puts in place of the station's equipment.
struct Replacement<'a> {
    time: &'a RawDist,
    product_times: &'a std::collections::BTreeMap<String, RawDist>,
    setup: &'a Option<RawDist>,
    failures: &'a Option<RawFailureSpec>,
    scrap: &'a Option<f64>,
    servers: &'a Option<i64>,
    lights_out: &'a Option<bool>,
    ideal_cycle: &'a Option<String>,
    product_ideal_cycles: &'a std::collections::BTreeMap<String, String>,
    tending: &'a Option<RawTending>,
    robots: &'a Option<i64>,
    cnc: &'a Option<bool>,
    networked: &'a Option<bool>,
}

impl<'a> Replacement<'a> {
    /// The new equipment of a `ReplaceWithRobot` or `ReplaceWithMachine`.
    fn of(change: &'a RawChange) -> Option<Replacement<'a>> {
        match change {
            RawChange::ReplaceWithRobot {
                time,
                product_times,
                setup,
                failures,
                scrap,
                servers,
                lights_out,
                ideal_cycle,
                product_ideal_cycles,
                tending,
                robots,
                cnc,
                networked,
                ..
            }
            | RawChange::ReplaceWithMachine {
                time,
                product_times,
                setup,
                failures,
                scrap,
                servers,
                lights_out,
                ideal_cycle,
                product_ideal_cycles,
                tending,
                robots,
                cnc,
                networked,
                ..
            } => Some(Replacement {
                time,
                product_times,
                setup,
                failures,
                scrap,
                servers,
                lights_out,
                ideal_cycle,
                product_ideal_cycles,
                tending,
                robots,
                cnc,
                networked,
            }),
            _ => None,
        }
    }

    /// New equipment without failure data would never break down, which
    /// flatters every retrofit: it must say `failures: Never` to mean it.
    fn require_failure_data(&self, ck: &mut Checker, path: &str, near: Option<&str>) {
        if self.failures.is_none() {
            ck.err(
                format!("{path}.failures"),
                near,
                "new equipment needs failure data (time_to_failure, time_to_repair) or an explicit `failures: Never`",
            );
        }
    }

    /// The replaced station: new times, failures and equipment; what the
    /// change does not mention is kept, except product times and setup.
    fn apply(&self, s: &mut RawStation) {
        s.time = Some(self.time.clone());
        s.product_times = self.product_times.clone();
        s.setup = self.setup.clone();
        // Changeovers belonged to the old equipment, like its setup.
        s.changeovers.clear();
        s.failures = self.failures.clone();
        // The old ideal cycle belonged to the old equipment.
        s.ideal_cycle = self.ideal_cycle.clone();
        s.product_ideal_cycles = self.product_ideal_cycles.clone();
        s.tending = self.tending.clone();
        s.robots = *self.robots;
        if let Some(x) = self.scrap {
            s.scrap = *x;
        }
        if let Some(n) = self.servers {
            s.servers = *n;
        }
        if let Some(l) = self.lights_out {
            s.lights_out = *l;
        }
        if let Some(c) = self.cnc {
            s.cnc = *c;
        }
        if let Some(n) = self.networked {
            s.networked = *n;
        }
    }
}
