//! Vehicles and carriers, and the distances they travel.

use super::super::raw::*;
use super::super::validate::Checker;
use super::Resolver;
use crate::model::*;

/// Every fleet, in file order.
pub(super) fn fleets(raw: &RawScenario, names: &Resolver, ck: &mut Checker) -> Vec<Fleet> {
    names.fleets.check_names(ck, "fleets", "; give each fleet its own name");
    let mut fleets = Vec::new();
    for (i, f) in raw.fleets.iter().enumerate() {
        let path = format!("fleets[{i}]");
        let near = Some(f.name.as_str());
        if !(1..=1000).contains(&f.count) {
            ck.err(
                format!("{path}.count"),
                near,
                format!("a fleet of {} vehicles: need 1 to 1000", f.count),
            );
        }
        if !(f.speed_m_per_min.is_finite() && f.speed_m_per_min > 0.0) {
            ck.err(
                format!("{path}.speed_m_per_min"),
                near,
                format!("a speed of {} m/min: need more than 0", f.speed_m_per_min),
            );
        }
        let load = f.load.as_ref().and_then(|d| ck.dist(d, &format!("{path}.load"), near));
        let unload = f
            .unload
            .as_ref()
            .and_then(|d| ck.dist(d, &format!("{path}.unload"), near));
        let crew = f
            .crew
            .as_deref()
            .and_then(|c| names.pools.resolve(ck, c, &format!("{path}.crew"), near, ""));
        fleets.push(Fleet {
            name: f.name.clone(),
            count: f.count.clamp(1, 1000) as u32,
            speed: f.speed_m_per_min.max(1e-9) / 60.0,
            load,
            unload,
            crew,
        });
    }
    fleets
}

/// The distance table: `distances` entries (both ways), else the straight
/// line between the two stations' positions, else NaN. Empty without fleets.
pub(super) fn distances(raw: &RawScenario, names: &Resolver, ck: &mut Checker) -> Vec<f64> {
    if raw.fleets.is_empty() {
        if !raw.distances.is_empty() {
            ck.warnings
                .push("distances are given but no fleet travels them".to_string());
        }
        return Vec::new();
    }
    let n = raw.stations.len();
    let mut table = vec![f64::NAN; n * n];
    for (a, sa) in raw.stations.iter().enumerate() {
        for (b, sb) in raw.stations.iter().enumerate() {
            if let (Some(p), Some(q)) = (sa.position, sb.position) {
                table[a * n + b] = f64::from((p.0 - q.0).hypot(p.1 - q.1));
            }
        }
        table[a * n + a] = 0.0;
    }
    for (i, d) in raw.distances.iter().enumerate() {
        let path = format!("distances[{i}]");
        let a = names.stations.resolve(ck, &d.from, &format!("{path}.from"), None, "");
        let b = names.stations.resolve(ck, &d.to, &format!("{path}.to"), None, "");
        if !(d.m.is_finite() && d.m >= 0.0) {
            ck.err(&path, None, format!("a distance of {} m: need 0 or more", d.m));
            continue;
        }
        if let (Some(a), Some(b)) = (a, b) {
            table[a * n + b] = d.m;
            table[b * n + a] = d.m;
        }
    }
    table
}
