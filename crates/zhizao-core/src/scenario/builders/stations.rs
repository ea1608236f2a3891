//! Stations: kind, servers, times, buffer, failures, scrap and rework.

use super::super::raw::*;
use super::super::validate::Checker;
use super::Resolver;
use crate::dist::Dist;
use crate::model::*;

/// Every station, in file order. Machines and robots follow
/// `plant_calendar` unless lights-out.
pub(super) fn stations(
    raw: &RawScenario,
    names: &Resolver,
    plant_calendar: Option<CalendarId>,
    ck: &mut Checker,
) -> Vec<Station> {
    if raw.stations.is_empty() {
        ck.err("stations", None, "the line has no stations; add at least one");
    }
    names
        .stations
        .report_duplicates(ck, "stations", "; station names must be unique");
    let mut stations = Vec::new();
    for (i, s) in raw.stations.iter().enumerate() {
        let path = format!("stations[{i}]");
        let near = Some(s.name.as_str());
        if s.name.trim().is_empty() {
            ck.err(format!("{path}.name"), None, "a station needs a name");
        }
        if s.servers < 1 || s.servers > 10_000 {
            ck.err(
                format!("{path}.servers"),
                near,
                format!("{} parallel servers: need 1 to 10000", s.servers),
            );
        }
        let (kind, pool, load, unload) = match &s.kind {
            RawKind::Manual { operators } => (
                StationKind::Manual,
                names
                    .pools
                    .resolve(ck, operators, &format!("{path}.kind.operators"), near, ""),
                None,
                None,
            ),
            RawKind::Machine {
                operators,
                load,
                unload,
            } => {
                let pool = operators
                    .as_deref()
                    .and_then(|o| names.pools.resolve(ck, o, &format!("{path}.kind.operators"), near, ""));
                if operators.is_none() && (load.is_some() || unload.is_some()) {
                    ck.err(
                        format!("{path}.kind"),
                        near,
                        "load and unload times need an operator pool; add `operators: \"...\"` or remove them",
                    );
                }
                let load = load
                    .as_ref()
                    .and_then(|d| ck.dist(d, &format!("{path}.kind.load"), near));
                let unload = unload
                    .as_ref()
                    .and_then(|d| ck.dist(d, &format!("{path}.kind.unload"), near));
                (StationKind::Machine, pool, load, unload)
            }
            RawKind::Robot => (StationKind::Robot, None, None, None),
        };
        let base = ck.dist(&s.time, &format!("{path}.time"), near);
        for name in s.product_times.keys() {
            names
                .products
                .resolve(ck, name, &format!("{path}.product_times"), near, "");
        }
        let process: Vec<Dist> = raw
            .products
            .iter()
            .filter_map(|p| match s.product_times.get(&p.name) {
                Some(d) => ck.dist(d, &format!("{path}.product_times[\"{}\"]", p.name), near),
                None => base.clone(),
            })
            .collect();
        let setup = s
            .setup
            .as_ref()
            .and_then(|d| ck.dist(d, &format!("{path}.setup"), near));
        let capacity = match &s.buffer {
            RawBuffer::Places(n) if *n >= 0 && *n <= u32::MAX as i64 => Some(*n as u32),
            RawBuffer::Places(n) => {
                ck.err(
                    format!("{path}.buffer"),
                    near,
                    format!("buffer of {n} places is impossible; use 0 (no waiting place) or more, or \"unlimited\""),
                );
                None
            }
            RawBuffer::Word(w) if w == "unlimited" => None,
            RawBuffer::Word(w) => {
                ck.err(
                    format!("{path}.buffer"),
                    near,
                    format!("buffer \"{w}\" is not understood; write a number of waiting places or \"unlimited\""),
                );
                None
            }
        };
        let failures = s.failures.as_ref().and_then(|f| {
            let ttf = ck.dist(&f.time_to_failure, &format!("{path}.failures.time_to_failure"), near);
            let ttr = ck.dist(&f.time_to_repair, &format!("{path}.failures.time_to_repair"), near);
            if let Some(t) = &ttf
                && t.mean() <= 0.0
            {
                ck.err(
                    format!("{path}.failures.time_to_failure"),
                    near,
                    "mean time to failure must be greater than 0",
                );
            }
            let crew = f
                .crew
                .as_deref()
                .and_then(|c| names.pools.resolve(ck, c, &format!("{path}.failures.crew"), near, ""));
            Some(Failures {
                time_to_failure: ttf?,
                time_to_repair: ttr?,
                mode: match f.mode {
                    RawFailureMode::OperationDependent => FailureMode::OperationDependent,
                    RawFailureMode::TimeDependent => FailureMode::TimeDependent,
                },
                crew,
            })
        });
        let scrap = ck.probability(s.scrap, &format!("{path}.scrap"), near);
        let rework = s.rework.as_ref().and_then(|r| {
            let p = ck.probability(r.probability, &format!("{path}.rework.probability"), near);
            if scrap + p > 1.0 {
                ck.err(
                    format!("{path}.rework.probability"),
                    near,
                    format!("scrap {scrap} plus rework {p} exceed 1"),
                );
            }
            let to = names
                .stations
                .resolve(ck, &r.to, &format!("{path}.rework.to"), near, " as rework destination");
            Some((p, to?))
        });
        let calendar = match kind {
            StationKind::Manual => None,
            _ if s.lights_out => None,
            _ => plant_calendar,
        };
        if kind == StationKind::Manual && s.lights_out {
            ck.warnings.push(format!(
                "{path} \"{}\": lights_out has no effect on a manual station",
                s.name
            ));
        }
        stations.push(Station {
            name: s.name.clone(),
            kind,
            servers: s.servers.clamp(1, 10_000) as u32,
            process,
            setup,
            pool,
            load,
            unload,
            capacity,
            calendar,
            failures,
            scrap,
            rework,
            position: s.position,
        });
    }
    stations
}
