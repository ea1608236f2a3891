//! Checks that need the resolved line as a whole.

use super::super::validate::Checker;
use crate::model::*;

/// Checks that need the resolved line: rework destinations, loops that can
/// deadlock, stations nobody can staff, saturated sources that would flood.
pub(super) fn check(line: &Line, ck: &mut Checker) {
    let name = |s: StationId| line.stations[s].name.as_str();
    for (id, product) in line.products.iter().enumerate() {
        for (j, step) in product.route.iter().enumerate() {
            for &s in &step.stations {
                let Some((_, to)) = line.stations[s].rework else {
                    continue;
                };
                let back = product.route[..=j].iter().rposition(|st| st.stations.contains(&to));
                let Some(back) = back else {
                    ck.err(
                        format!("stations[{s}].rework.to"),
                        Some(name(s)),
                        format!(
                            "product \"{}\" does not visit \"{}\" before \"{}\"; rework can only send a part back to a station earlier on its route",
                            product.name, name(to), name(s)
                        ),
                    );
                    continue;
                };
                let loop_stations: Vec<StationId> = product.route[back..=j]
                    .iter()
                    .flat_map(|st| st.stations.iter().copied())
                    .collect();
                if loop_stations.iter().all(|&l| line.stations[l].capacity.is_some()) {
                    let names: Vec<&str> = loop_stations.iter().map(|&l| name(l)).collect();
                    ck.err(
                        format!("stations[{s}].rework"),
                        Some(name(s)),
                        format!(
                            "rework from \"{}\" back to \"{}\" can deadlock (product \"{}\"): every station on the loop {:?} has a finite buffer, so a full loop blocks itself; make one of these buffers \"unlimited\"",
                            name(s), name(to), product.name, names
                        ),
                    );
                }
            }
        }
        // A container moves as a whole: the next step must have room for it.
        for pair in product.route.windows(2) {
            for &s in &pair[0].stations {
                let n = line.stations[s].transfer;
                if n < 2 {
                    continue;
                }
                for &t in &pair[1].stations {
                    let to = &line.stations[t];
                    let waiting = to.capacity.map_or(u64::MAX, u64::from);
                    let servers = if to.batch.is_some() { 0 } else { u64::from(to.servers) };
                    let room = waiting.saturating_add(servers);
                    if room < u64::from(n) {
                        ck.err(
                            format!("stations[{s}].transfer"),
                            Some(name(s)),
                            format!(
                                "a container of {n} parts from \"{}\" cannot enter \"{}\", which has room for {room} (product \"{}\"); give \"{}\" a buffer of at least {} or use smaller containers",
                                name(s), name(t), product.name, name(t), u64::from(n) - servers
                            ),
                        );
                    }
                }
            }
        }
        // A component taken from stock straight to its assembly station
        // fills its (finite) component buffer, not the station's buffer.
        let floods = (matches!(line.source, Source::Saturated) || product.feeder) && !line.from_stock(id);
        if let (true, Some(first)) = (floods, product.route.first()) {
            for &s in &first.stations {
                if line.stations[s].capacity.is_none() {
                    ck.err(
                        format!("stations[{s}].buffer"),
                        Some(name(s)),
                        format!(
                            "\"{}\" is the first station of a saturated source or a feeder, which would fill an unlimited buffer forever; give it a finite buffer (0 = material enters only when a server is free)",
                            name(s)
                        ),
                    );
                }
            }
        }
    }
    assembly(line, ck);
    vehicle_routes(line, ck);
    // Nobody to do the work: the pool is empty and nobody is cross-trained for it.
    let unstaffed = |p: usize| {
        line.pools[p].headcount == 0 && !line.pools.iter().any(|o| o.headcount > 0 && o.also_for.contains(&p))
    };
    let mut on_route = vec![false; line.stations.len()];
    for step in line.products.iter().flat_map(|p| &p.route) {
        for &s in &step.stations {
            on_route[s] = true;
        }
    }
    for (s, st) in line.stations.iter().enumerate() {
        if let Some(p) = st.pool
            && unstaffed(p)
        {
            ck.err(
                format!("stations[{s}].kind.operators"),
                Some(&st.name),
                format!(
                    "\"{}\" needs operators from \"{}\", which has a head count of 0",
                    st.name, line.pools[p].name
                ),
            );
        }
        if let Some(t) = &st.tending
            && unstaffed(t.pool)
        {
            ck.err(
                format!("stations[{s}].tending.operators"),
                Some(&st.name),
                format!(
                    "\"{}\" is tended by \"{}\", which has a head count of 0",
                    st.name, line.pools[t.pool].name
                ),
            );
        }
        if let Some(Failures { crew: Some(c), .. }) = &st.failures
            && unstaffed(*c)
        {
            ck.err(
                format!("stations[{s}].failures.crew"),
                Some(&st.name),
                format!("repair crew \"{}\" has a head count of 0", line.pools[*c].name),
            );
        }
        if !on_route[s] {
            ck.warnings.push(format!(
                "station \"{}\" is on no product's route and never works",
                st.name
            ));
        }
    }
}

/// Every component of a bill of materials arrives on a route that ends at
/// its assembly station, and some other product is assembled there.
fn assembly(line: &Line, ck: &mut Checker) {
    let name = |s: StationId| line.stations[s].name.as_str();
    for (s, st) in line.stations.iter().enumerate() {
        for (i, c) in st.assembly.iter().enumerate() {
            let product = &line.products[c.product];
            let ends_here = product.route.last().is_some_and(|step| step.stations == [s]);
            if !ends_here {
                ck.err(
                    format!("stations[{s}].assembly[{i}].component"),
                    Some(name(s)),
                    format!(
                        "no route supplies component \"{}\" to \"{}\": the product's route must end at \"{}\" (make it on a feeder route, e.g. `(name: \"{}\", feeder: true, route: [..., \"{}\"])`)",
                        product.name, name(s), name(s), product.name, name(s)
                    ),
                );
            }
            for (o, other) in line.stations.iter().enumerate() {
                let feeds = product
                    .route
                    .windows(2)
                    .any(|w| w[0].stations.contains(&o) && w[1].stations.contains(&s));
                if feeds && other.transfer > 1 {
                    ck.err(
                        format!("stations[{o}].transfer"),
                        Some(name(o)),
                        format!(
                            "component \"{}\" would reach the component buffer of \"{}\" in containers; components move one at a time (remove `transfer` here)",
                            product.name, name(s)
                        ),
                    );
                }
            }
        }
        for (i, c) in st.assembly.iter().enumerate() {
            if let Some(into) = c.into {
                let visits = line.products[into].route.iter().any(|step| step.stations.contains(&s));
                if !visits || st.assembly.iter().any(|x| x.product == into) {
                    ck.err(
                        format!("stations[{s}].assembly[{i}].into"),
                        Some(name(s)),
                        format!(
                            "\"{}\" is not a main part assembled at \"{}\"; name a product whose route passes it",
                            line.products[into].name,
                            name(s)
                        ),
                    );
                }
            }
        }
        if !st.assembly.is_empty() {
            let main = line.products.iter().enumerate().any(|(p, product)| {
                !st.assembly.iter().any(|c| c.product == p)
                    && product.route.iter().any(|step| step.stations.contains(&s))
            });
            if !main {
                ck.err(
                    format!("stations[{s}].assembly"),
                    Some(name(s)),
                    format!(
                        "\"{}\" has a bill of materials but no main part passes it: put it on the route of the product it assembles",
                        name(s)
                    ),
                );
            }
            if st.batch.is_some() {
                ck.err(
                    format!("stations[{s}].batch"),
                    Some(name(s)),
                    "an assembly station joins one main part at a time; remove `batch`",
                );
            }
        }
    }
}

/// Every trip a fleet can make has a distance: from each station that
/// calls it to the next stations of its routes, and back empty from each
/// station it delivers to, to each station that calls it.
fn vehicle_routes(line: &Line, ck: &mut Checker) {
    let name = |s: StationId| line.stations[s].name.as_str();
    for (f, fleet) in line.fleets.iter().enumerate() {
        let mut pickups: Vec<StationId> = Vec::new();
        let mut drops: Vec<StationId> = Vec::new();
        for (p, product) in line.products.iter().enumerate() {
            for (j, step) in product.route.iter().enumerate() {
                for &s in step.stations.iter().filter(|&&s| line.stations[s].transport == Some(f)) {
                    // A component joined here goes no further.
                    if line.stations[s].assembly.iter().any(|c| c.product == p) {
                        continue;
                    }
                    pickups.push(s);
                    match product.route.get(j + 1) {
                        Some(next) => drops.extend(next.stations.iter().copied()),
                        None => ck.warnings.push(format!(
                            "\"{}\" is the last station of \"{}\": its parts leave the line without the fleet \"{}\"",
                            name(s),
                            product.name,
                            fleet.name
                        )),
                    }
                }
            }
        }
        pickups.sort_unstable();
        pickups.dedup();
        drops.sort_unstable();
        drops.dedup();
        let mut missing: Vec<(StationId, StationId)> = Vec::new();
        for &a in &pickups {
            for &b in &drops {
                for (x, y) in [(a, b), (b, a)] {
                    if line.distance(x, y).is_nan() && !missing.contains(&(x.min(y), x.max(y))) {
                        missing.push((x.min(y), x.max(y)));
                    }
                }
            }
        }
        for (a, b) in missing {
            ck.err(
                format!("stations[{a}].transport"),
                Some(name(a)),
                format!(
                    "fleet \"{}\" travels between \"{}\" and \"{}\" but no distance is known: give both stations a `position` or add `distances: [(from: \"{}\", to: \"{}\", m: ...)]`",
                    fleet.name,
                    name(a),
                    name(b),
                    name(a),
                    name(b)
                ),
            );
        }
        if let Some(c) = fleet.crew {
            let elsewhere = line.stations.iter().any(|st| {
                st.pool == Some(c)
                    || st.tending.as_ref().is_some_and(|t| t.pool == c)
                    || st.failures.as_ref().is_some_and(|f| f.crew == Some(c))
            }) || line.pools.iter().any(|p| p.also_for.contains(&c));
            if elsewhere {
                ck.err(
                    format!("fleets[{f}].crew"),
                    Some(&fleet.name),
                    format!(
                        "the drivers of \"{}\" come from \"{}\", which also works at stations; give the fleet a pool of its own",
                        fleet.name, line.pools[c].name
                    ),
                );
            }
            if line.pools[c].headcount == 0 {
                ck.err(
                    format!("fleets[{f}].crew"),
                    Some(&fleet.name),
                    format!(
                        "nobody drives \"{}\": pool \"{}\" has a head count of 0",
                        fleet.name, line.pools[c].name
                    ),
                );
            }
        }
        if pickups.is_empty() {
            ck.warnings.push(format!(
                "fleet \"{}\" is named by no station's `transport` and never moves",
                fleet.name
            ));
        }
    }
}
