//! Retrofit variants: a named list of changes applied to the baseline.
//!
//! Changes are applied to the raw scenario, so a variant's line goes through
//! exactly the same validation as the baseline. Every station a variant does
//! not touch keeps its name, so its random streams (and its draws) stay the
//! same: that is what makes variant comparisons paired.

use super::raw::*;
use super::validate::Checker;

/// Applies `variant`'s changes to a copy of `base`. Returns the changed
/// scenario and the variant's total capital cost [RMB], or records problems.
pub(crate) fn apply(base: &RawScenario, variant: &RawVariant, ck: &mut Checker) -> Option<(RawScenario, f64)> {
    let mut raw = base.clone();
    raw.variants.clear();
    let before = ck.problems.len();
    let mut capital = 0.0;
    let near = Some(variant.name.as_str());
    for (j, change) in variant.changes.iter().enumerate() {
        let path = format!("changes[{j}]");
        let station_index = |raw: &RawScenario, ck: &mut Checker, name: &str| {
            let i = raw.stations.iter().position(|s| s.name == name);
            if i.is_none() {
                let known: Vec<&str> = raw.stations.iter().map(|s| s.name.as_str()).collect();
                ck.err(
                    format!("{path}.station"),
                    near,
                    format!("unknown station \"{name}\"; stations are {known:?}"),
                );
            }
            i
        };
        let pool_index = |raw: &RawScenario, ck: &mut Checker, name: &str| {
            let i = raw.operators.iter().position(|p| p.name == name);
            if i.is_none() {
                let known: Vec<&str> = raw.operators.iter().map(|p| p.name.as_str()).collect();
                ck.err(
                    format!("{path}.pool"),
                    near,
                    format!("unknown operator pool \"{name}\"; pools are {known:?}"),
                );
            }
            i
        };
        let cost = match change {
            RawChange::ReplaceWithRobot {
                station,
                time,
                product_times,
                setup,
                failures,
                scrap,
                servers,
                lights_out,
                capital_cost_rmb,
            } => {
                if let Some(i) = station_index(&raw, ck, station) {
                    let s = &mut raw.stations[i];
                    s.kind = RawKind::Robot;
                    replace_common(s, time, product_times, setup, failures, scrap, servers, lights_out);
                }
                *capital_cost_rmb
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
                capital_cost_rmb,
            } => {
                if let Some(i) = station_index(&raw, ck, station) {
                    let s = &mut raw.stations[i];
                    s.kind = RawKind::Machine {
                        operators: operators.clone(),
                        load: load.clone(),
                        unload: unload.clone(),
                    };
                    replace_common(s, time, product_times, setup, failures, scrap, servers, lights_out);
                }
                *capital_cost_rmb
            }
            RawChange::SetTime {
                station,
                time,
                capital_cost_rmb,
            } => {
                if let Some(i) = station_index(&raw, ck, station) {
                    raw.stations[i].time = time.clone();
                    raw.stations[i].product_times.clear();
                }
                *capital_cost_rmb
            }
            RawChange::SetScrap {
                station,
                scrap,
                capital_cost_rmb,
            } => {
                if let Some(i) = station_index(&raw, ck, station) {
                    raw.stations[i].scrap = *scrap;
                }
                *capital_cost_rmb
            }
            RawChange::SetBuffer {
                station,
                buffer,
                capital_cost_rmb,
            } => {
                if let Some(i) = station_index(&raw, ck, station) {
                    raw.stations[i].buffer = buffer.clone();
                }
                *capital_cost_rmb
            }
            RawChange::AddServers {
                station,
                count,
                capital_cost_rmb,
            } => {
                if *count < 1 {
                    ck.err(
                        format!("{path}.count"),
                        near,
                        format!("AddServers count {count} must be 1 or more"),
                    );
                } else if let Some(i) = station_index(&raw, ck, station) {
                    raw.stations[i].servers = raw.stations[i].servers.saturating_add(*count);
                }
                *capital_cost_rmb
            }
            RawChange::SetHeadcount { pool, headcount } => {
                if let Some(i) = pool_index(&raw, ck, pool) {
                    raw.operators[i].headcount = *headcount;
                }
                0.0
            }
            RawChange::SetShifts { pool, calendar } => {
                if let Some(i) = pool_index(&raw, ck, pool) {
                    raw.operators[i].calendar = Some(calendar.clone());
                }
                0.0
            }
            RawChange::SetPlantCalendar { calendar } => {
                raw.plant_calendar = Some(calendar.clone());
                0.0
            }
            RawChange::Invest { capital_cost_rmb, .. } => *capital_cost_rmb,
        };
        if !(cost.is_finite() && cost >= 0.0) {
            ck.err(
                format!("{path}.capital_cost_rmb"),
                near,
                format!("capital cost {cost} must be 0 or more"),
            );
        }
        capital += cost;
    }
    (ck.problems.len() == before).then_some((raw, capital))
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
