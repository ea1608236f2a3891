//! Retrofit variants: a named list of changes applied to the baseline.
//!
//! Changes are applied to the raw scenario, so a variant's line goes through
//! exactly the same validation as the baseline. Every station a variant does
//! not touch keeps its name, so its random streams (and its draws) stay the
//! same: that is what makes variant comparisons paired.

use super::names::Names;
use super::raw::*;
use super::validate::Checker;
use crate::economics::{Category, Investment};

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
    fn money(&self) -> (f64, Option<Category>, f64) {
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
            } => (*capital_cost_rmb, *category, *install_days),
            RawChange::SetHeadcount { .. }
            | RawChange::ChangeHeadcount { .. }
            | RawChange::SetShifts { .. }
            | RawChange::SetPlantCalendar { .. } => (0.0, None, 0.0),
        }
    }
}

/// Applies the changes of `variants`, in order, to a copy of `base`. Returns
/// the changed scenario and what the changes cost, or records problems.
pub(crate) fn apply(
    base: &RawScenario,
    variants: &[&RawVariant],
    ck: &mut Checker,
) -> Option<(RawScenario, Vec<Investment>)> {
    let mut raw = base.clone();
    raw.variants.clear();
    raw.candidates.clear();
    let before = ck.problems.len();
    let mut items = Vec::new();
    for variant in variants {
        apply_one(&mut raw, variant, &mut items, ck);
    }
    (ck.problems.len() == before).then_some((raw, items))
}

fn apply_one(raw: &mut RawScenario, variant: &RawVariant, items: &mut Vec<Investment>, ck: &mut Checker) {
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
            RawChange::ReplaceWithRobot {
                station,
                time,
                product_times,
                setup,
                failures,
                scrap,
                servers,
                lights_out,
                ..
            } => {
                if let Some(i) = station_index(raw, ck, station) {
                    let s = &mut raw.stations[i];
                    s.kind = RawKind::Robot;
                    replace_common(s, time, product_times, setup, failures, scrap, servers, lights_out);
                }
                (Category::RobotCell, format!("robot cell at {station}"))
            }
            RawChange::ReplaceWithMachine {
                station,
                time,
                product_times,
                operators,
                load,
                unload,
                setup,
                failures,
                scrap,
                servers,
                lights_out,
                ..
            } => {
                if let Some(i) = station_index(raw, ck, station) {
                    let s = &mut raw.stations[i];
                    s.kind = RawKind::Machine {
                        operators: operators.clone(),
                        load: load.clone(),
                        unload: unload.clone(),
                    };
                    replace_common(s, time, product_times, setup, failures, scrap, servers, lights_out);
                }
                (Category::Machine, format!("machine at {station}"))
            }
            RawChange::SetTime { station, time, .. } => {
                if let Some(i) = station_index(raw, ck, station) {
                    raw.stations[i].time = time.clone();
                    raw.stations[i].product_times.clear();
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
            RawChange::Invest { item, .. } => (Category::Other, item.clone()),
        };
        let (cost, written, install_days) = change.money();
        if !(cost.is_finite() && cost >= 0.0) {
            ck.err(
                format!("{path}.capital_cost_rmb"),
                near,
                format!("capital cost {cost} must be 0 or more"),
            );
        }
        if !(install_days.is_finite() && install_days >= 0.0) {
            ck.err(
                format!("{path}.install_days"),
                near,
                format!("installation days {install_days} must be 0 or more"),
            );
        }
        if cost > 0.0 || install_days > 0.0 {
            items.push(Investment {
                item,
                category: written.unwrap_or(category),
                cost_rmb: cost,
                install_days,
            });
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn replace_common(
    s: &mut RawStation,
    time: &RawDist,
    product_times: &std::collections::BTreeMap<String, RawDist>,
    setup: &Option<RawDist>,
    failures: &Option<RawFailures>,
    scrap: &Option<f64>,
    servers: &Option<i64>,
    lights_out: &Option<bool>,
) {
    s.time = time.clone();
    s.product_times = product_times.clone();
    s.setup = setup.clone();
    s.failures = failures.clone();
    if let Some(x) = scrap {
        s.scrap = *x;
    }
    if let Some(n) = servers {
        s.servers = *n;
    }
    if let Some(l) = lights_out {
        s.lights_out = *l;
    }
}
