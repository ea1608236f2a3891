//! Stations: kind, servers, times, ideal cycles, equipment, buffer,
//! failures, scrap and rework.

use super::super::raw::*;
use super::super::validate::Checker;
use super::Resolver;
use crate::dist::Dist;
use crate::model::*;

/// Every station, in file order. Machines and robots follow their own
/// calendar, else `plant_calendar` unless lights-out. Maintenance windows
/// become calendars of their own, added to `calendars`.
pub(super) fn stations(
    raw: &RawScenario,
    names: &Resolver,
    plant_calendar: Option<CalendarId>,
    calendars: &mut Vec<crate::calendar::Calendar>,
    dating: &super::calendars::Dating,
    ck: &mut Checker,
) -> Vec<Station> {
    if raw.stations.is_empty() {
        ck.err("stations", None, "the line has no stations; add at least one");
    }
    names
        .stations
        .check_names(ck, "stations", "; station names must be unique");
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
            RawKind::Conveyor { .. } => (StationKind::Conveyor, None, None, None),
        };
        let (base, servers) = match &s.kind {
            RawKind::Conveyor {
                length_m,
                speed_m_per_min,
                places,
            } => conveyor(s, *length_m, *speed_m_per_min, *places, &path, ck),
            _ => {
                let base = match &s.time {
                    Some(t) => ck.dist(t, &format!("{path}.time"), near),
                    None => {
                        ck.err(
                            format!("{path}.time"),
                            near,
                            "the station needs a processing time, e.g. `time: Const(\"45s\")`",
                        );
                        None
                    }
                };
                (base, s.servers)
            }
        };
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
        let changeovers = changeovers(raw, s, names, &path, ck);
        let assembly = bill_of_materials(s, names, &path, ck);
        let transport = s
            .transport
            .as_deref()
            .and_then(|f| names.fleets.resolve(ck, f, &format!("{path}.transport"), near, ""));
        if transport.is_some() && s.batch.is_some() {
            ck.err(
                format!("{path}.transport"),
                near,
                "vehicles carry single parts or transfer containers; a batch station's load cannot travel by fleet yet (remove `transport` or `batch`)",
            );
        }
        let batch = s.batch.as_ref().and_then(|b| batch(b, &path, near, ck));
        if !(1..=100_000).contains(&s.transfer) {
            ck.err(
                format!("{path}.transfer"),
                near,
                format!("containers of {} parts: need 1 or more", s.transfer),
            );
        }
        let capacity = match &s.buffer {
            RawBuffer::Places(n) if (0..=crate::model::MAX_BUFFER as i64).contains(n) => Some(*n as u32),
            RawBuffer::Places(n) if *n > 0 => {
                ck.err(
                    format!("{path}.buffer"),
                    near,
                    format!(
                        "a buffer of {n} places is more than a line holds (at most {}); write \"unlimited\" for one that never fills",
                        crate::model::MAX_BUFFER
                    ),
                );
                None
            }
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
        let failures = match &s.failures {
            None => None,
            Some(RawFailureSpec::Word(w)) if w == RawFailureSpec::NEVER => None,
            Some(RawFailureSpec::Word(w)) => {
                ck.err(
                    format!("{path}.failures"),
                    near,
                    format!("failures \"{w}\" is not understood; write `Never` or failure data (time_to_failure: ..., time_to_repair: ...)"),
                );
                None
            }
            Some(RawFailureSpec::Data(f)) => failures(f, names, &path, near, ck),
        };
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
        let mean_cycle =
            |d: &Dist| d.mean() + load.as_ref().map_or(0.0, Dist::mean) + unload.as_ref().map_or(0.0, Dist::mean);
        for name in s.product_ideal_cycles.keys() {
            names
                .products
                .resolve(ck, name, &format!("{path}.product_ideal_cycles"), near, "");
        }
        let base_ideal = s
            .ideal_cycle
            .as_deref()
            .and_then(|t| ck.duration(t, &format!("{path}.ideal_cycle"), near));
        // A constant cycle is its own ideal; only a varying one needs saying.
        let constant = |d: &Option<Dist>| d.as_ref().is_none_or(Dist::is_constant);
        let ideal_given = s.ideal_cycle.is_some()
            || !s.product_ideal_cycles.is_empty()
            || (process.iter().all(Dist::is_constant) && constant(&load) && constant(&unload));
        let mut ideal = Vec::with_capacity(process.len());
        for (p, d) in raw.products.iter().zip(&process) {
            let given = match s.product_ideal_cycles.get(&p.name) {
                Some(t) => ck.duration(t, &format!("{path}.product_ideal_cycles[\"{}\"]", p.name), near),
                // The base ideal cycle belongs to the base time.
                None if !s.product_times.contains_key(&p.name) => base_ideal,
                None => None,
            };
            let mean = mean_cycle(d);
            match given {
                Some(x) if x <= 0.0 => ck.err(
                    format!("{path}.ideal_cycle"),
                    near,
                    "an ideal cycle must be longer than 0",
                ),
                Some(x) if x > mean * (1.0 + 1e-9) => ck.warnings.push(format!(
                    "{path} \"{}\": ideal cycle {x} s of {} is longer than its mean cycle {mean:.1} s, so performance will exceed 100%",
                    s.name, p.name
                )),
                _ => {}
            }
            ideal.push(given.unwrap_or(mean));
        }
        let robots = match (s.robots, kind) {
            (Some(n), _) if (0..=100_000).contains(&n) => n as u32,
            (Some(n), _) => {
                ck.err(format!("{path}.robots"), near, format!("{n} robots: need 0 or more"));
                0
            }
            (None, StationKind::Robot) => {
                ck.warnings.push(format!(
                    "{path} \"{}\": robots not given, counted as one ISO 8373 robot per server; write `robots: N` (0 for a tester, printer or camera station)",
                    s.name
                ));
                s.servers.clamp(1, 10_000) as u32
            }
            (None, _) => 0,
        };
        let tending = s
            .tending
            .as_ref()
            .and_then(|t| tending(t, kind, pool, names, &path, near, ck));
        // A tended cell's repairs need its people unless a crew is named.
        let failures = failures.map(|mut f| {
            if f.crew.is_none()
                && let (Some(t), Some(raw)) = (&tending, &s.tending)
                && raw.repairs
            {
                f.crew = Some(t.pool);
            }
            f
        });
        let own = s
            .calendar
            .as_deref()
            .and_then(|c| names.calendars.resolve(ck, c, &format!("{path}.calendar"), near, ""));
        if s.calendar.is_some() && (kind == StationKind::Manual || s.lights_out) {
            ck.err(
                format!("{path}.calendar"),
                near,
                if s.lights_out {
                    "a lights-out station runs around the clock; remove `calendar` or `lights_out`"
                } else {
                    "a manual station works when its operators do; give their pool the calendar instead"
                },
            );
        }
        let calendar = match kind {
            StationKind::Manual => None,
            _ if s.lights_out => None,
            _ => own.or(plant_calendar),
        };
        let maintenance = s
            .maintenance
            .as_ref()
            .and_then(|m| maintenance(m, s, &path, names, calendars, dating, ck));
        let ramp_up = s
            .ramp_up
            .as_ref()
            .map(|r| ramp_up(r, &path, near, failures.as_ref(), ck));
        let power = s.power_kw.as_ref().map(|p| {
            for (what, kw) in [("busy", p.busy), ("idle", p.idle), ("down", p.down), ("off", p.off)] {
                if !(kw.is_finite() && (0.0..=100_000.0).contains(&kw)) {
                    ck.err(
                        format!("{path}.power_kw.{what}"),
                        near,
                        format!("{kw} kW: power must be 0 to 100000 kW"),
                    );
                }
            }
            Power {
                busy: p.busy,
                idle: p.idle,
                down: p.down,
                off: p.off,
            }
        });
        if kind == StationKind::Manual && s.lights_out {
            ck.warnings.push(format!(
                "{path} \"{}\": lights_out has no effect on a manual station",
                s.name
            ));
        }
        if let (Some(b), Some(c)) = (&batch, capacity)
            && c < b.size
        {
            ck.err(
                format!("{path}.buffer"),
                near,
                format!(
                    "a load of {} parts forms in the buffer, which has {c} places; give it at least {} or \"unlimited\"",
                    b.size, b.size
                ),
            );
        }
        if batch.is_some() && s.transfer > 1 {
            ck.err(
                format!("{path}.transfer"),
                near,
                "a batch station's load already moves on together; remove `transfer`",
            );
        }
        if kind == StationKind::Conveyor {
            if s.buffer != RawBuffer::default() && s.buffer != RawBuffer::Places(0) {
                ck.err(
                    format!("{path}.buffer"),
                    near,
                    "a conveyor has no waiting places in front: its `places` hold the parts; remove `buffer`",
                );
            }
            if batch.is_some() || setup.is_some() || !changeovers.is_empty() {
                ck.err(
                    format!("{path}.kind"),
                    near,
                    "a conveyor has no loads, setups or changeovers; remove `batch`, `setup` and `changeovers`",
                );
            }
        }
        let capacity = if kind == StationKind::Conveyor {
            Some(0)
        } else {
            capacity
        };
        let uncertain = uncertain_times(raw, s);
        stations.push(Station {
            uncertain,
            name: s.name.clone(),
            label: s.label.clone(),
            kind,
            servers: servers.clamp(1, 10_000) as u32,
            process,
            setup,
            changeovers,
            batch,
            transfer: s.transfer.clamp(1, 100_000) as u32,
            assembly,
            transport,
            pool,
            load,
            unload,
            capacity,
            calendar,
            failures,
            maintenance,
            power,
            ramp_up,
            ideal,
            ideal_given,
            robots,
            tending,
            cnc: s.cnc,
            networked: s.networked,
            key_process: s.key_process,
            scrap,
            rework,
            position: s.position,
        });
    }
    stations
}

/// The station's processing times whose mean is uncertain (their
/// problems were reported when the times were built).
fn uncertain_times(raw: &RawScenario, s: &RawStation) -> Vec<crate::model::UncertainTime> {
    let of = |d: &RawDist| match d {
        RawDist::Uncertain { mean, .. } => crate::scenario::validate::uncertain_secs(mean).ok(),
        _ => None,
    };
    let mut out = Vec::new();
    if let Some(u) = s.time.as_ref().and_then(of) {
        let products: Vec<usize> = (0..raw.products.len())
            .filter(|&p| !s.product_times.contains_key(&raw.products[p].name))
            .collect();
        out.push(crate::model::UncertainTime {
            products,
            input: crate::uncertain::Input::new(
                format!("stations.{}.time", s.name),
                format!("mean time at {} [s]", s.name),
                u,
            ),
        });
    }
    for (p, product) in raw.products.iter().enumerate() {
        if let Some(u) = s.product_times.get(&product.name).and_then(of) {
            out.push(crate::model::UncertainTime {
                products: vec![p],
                input: crate::uncertain::Input::new(
                    format!("stations.{}.product_times.{}", s.name, product.name),
                    format!("mean time at {} for {} [s]", s.name, product.name),
                    u,
                ),
            });
        }
    }
    out
}

/// A station's ramp-up, checked.
fn ramp_up(r: &RawRampUp, path: &str, near: Option<&str>, failures: Option<&Failures>, ck: &mut Checker) -> RampUp {
    let path = format!("{path}.ramp_up");
    if !(r.first_unit_factor.is_finite() && (1.0..=100.0).contains(&r.first_unit_factor)) {
        ck.err(
            format!("{path}.first_unit_factor"),
            near,
            format!("{}: the first part takes 1 to 100 times the cycle", r.first_unit_factor),
        );
    }
    let tau = r
        .time_constant
        .as_deref()
        .and_then(|t| ck.duration(t, &format!("{path}.time_constant"), near))
        .map(|s| s * crate::time::SECOND as f64);
    let curve = match (r.learning_rate, tau) {
        (Some(_), Some(_)) => {
            ck.err(&path, near, "give `learning_rate` or `time_constant`, not both");
            Curve::Flat
        }
        (Some(lr), None) => {
            if !(lr > 0.0 && lr <= 1.0) {
                ck.err(
                    format!("{path}.learning_rate"),
                    near,
                    format!("learning rate {lr} must be above 0 and at most 1 (0.85 = 15% faster per doubling)"),
                );
            }
            Curve::Wright {
                exponent: lr.clamp(1e-6, 1.0).log2(),
            }
        }
        (None, Some(tau)) if tau > 0.0 => Curve::Exponential { tau },
        (None, Some(_)) => {
            ck.err(
                format!("{path}.time_constant"),
                near,
                "the time constant must be longer than 0",
            );
            Curve::Flat
        }
        (None, None) => Curve::Flat,
    };
    let early = (r.early_failures_per_week != 0.0).then(|| {
        let rate = r.early_failures_per_week;
        if !(rate.is_finite() && rate > 0.0 && rate <= 10_000.0) {
            ck.err(
                format!("{path}.early_failures_per_week"),
                near,
                format!("{rate} early failures a week must be above 0 and at most 10000"),
            );
        }
        let decay = r
            .early_failure_decay
            .as_deref()
            .and_then(|t| ck.duration(t, &format!("{path}.early_failure_decay"), near));
        if r.early_failure_decay.is_none() {
            ck.err(
                format!("{path}.early_failure_decay"),
                near,
                "early failures need `early_failure_decay`, the time in which their rate falls to 37%, e.g. \"4w\"",
            );
        }
        let repair = match &r.early_repair {
            Some(d) => ck.dist(d, &format!("{path}.early_repair"), near),
            None => {
                let own = failures.map(|f| f.time_to_repair.clone());
                if own.is_none() {
                    ck.err(
                        format!("{path}.early_repair"),
                        near,
                        "the station has no failure data to take a repair time from; give `early_repair`",
                    );
                }
                own
            }
        };
        (
            rate.max(0.0) / crate::time::WEEK as f64,
            decay.unwrap_or(1.0).max(1e-3) * crate::time::SECOND as f64,
            repair.unwrap_or_else(|| Dist::constant(0.0).expect("valid")),
        )
    });
    let commissioning = r
        .commissioning
        .as_deref()
        .and_then(|t| ck.duration(t, &format!("{path}.commissioning"), near))
        .map_or(0, crate::time::secs_to_ticks);
    RampUp {
        first_unit_factor: r.first_unit_factor.clamp(1.0, 100.0),
        curve,
        early,
        commissioning,
    }
}

/// A station's preventive maintenance, checked.
fn maintenance(
    m: &RawMaintenance,
    s: &RawStation,
    path: &str,
    names: &Resolver,
    calendars: &mut Vec<crate::calendar::Calendar>,
    dating: &super::calendars::Dating,
    ck: &mut Checker,
) -> Option<Maintenance> {
    let near = Some(s.name.as_str());
    let path = format!("{path}.maintenance");
    let secs = |text: &Option<String>, field: &str, ck: &mut Checker| {
        text.as_deref()
            .and_then(|t| ck.duration(t, &format!("{path}.{field}"), near))
            .map(crate::time::secs_to_ticks)
    };
    let every = secs(&m.every, "every", ck);
    let time = secs(&m.time, "time", ck);
    if m.every.is_some() != m.time.is_some() {
        ck.err(
            &path,
            near,
            "a stop after operating time needs both `every` (e.g. \"160h\") and `time` (e.g. \"4h\")",
        );
    }
    if every == Some(0) || time == Some(0) {
        ck.err(&path, near, "`every` and `time` must be longer than 0");
    }
    if m.every.is_none() && m.windows.is_empty() {
        ck.err(&path, near, "give `every` and `time`, or weekly `windows`");
    }
    let crew = m
        .crew
        .as_deref()
        .and_then(|c| names.pools.resolve(ck, c, &format!("{path}.crew"), near, ""));
    if crew.is_some() && m.every.is_none() {
        ck.err(
            format!("{path}.crew"),
            near,
            "a crew does the stops after operating time; the windows are planned for whoever maintains",
        );
    }
    let mut windows = Vec::new();
    for (j, w) in m.windows.iter().enumerate() {
        let p = format!("{path}.windows[{j}]");
        let day = crate::time::parse_weekday(&w.day).map_err(|e| ck.err(format!("{p}.day"), near, e));
        let start = crate::time::parse_clock(&w.start).map_err(|e| ck.err(format!("{p}.start"), near, e));
        let len = ck.duration(&w.length, &format!("{p}.length"), near);
        if let (Ok(d), Ok(st), Some(l)) = (day, start, len) {
            windows.push((d, st, l.round() as u32));
        }
    }
    let windows = if windows.is_empty() {
        None
    } else {
        match crate::calendar::Calendar::windows(&format!("{} maintenance", s.name), &windows, dating.weekday0) {
            Ok(c) => {
                calendars.push(c);
                Some(calendars.len() - 1)
            }
            Err(e) => {
                ck.err(format!("{path}.windows"), near, e);
                None
            }
        }
    };
    Some(Maintenance {
        every: every.filter(|_| time.is_some()),
        time: time.unwrap_or(0),
        crew,
        windows,
    })
}

/// A conveyor's transit time and places, checked: (time, places).
fn conveyor(s: &RawStation, length: f64, speed: f64, places: i64, path: &str, ck: &mut Checker) -> (Option<Dist>, i64) {
    let near = Some(s.name.as_str());
    if s.time.is_some() || s.servers != 1 {
        ck.err(
            format!("{path}.kind"),
            near,
            "a conveyor's transit time follows from `length_m` and `speed_m_per_min`, and its `places` are its servers; remove `time` and `servers`",
        );
    }
    if !(length.is_finite() && length > 0.0) {
        ck.err(
            format!("{path}.kind.length_m"),
            near,
            format!("a conveyor of {length} m: need a length greater than 0"),
        );
    }
    if !(speed.is_finite() && speed > 0.0) {
        ck.err(
            format!("{path}.kind.speed_m_per_min"),
            near,
            format!("a conveyor at {speed} m/min: need a speed greater than 0"),
        );
    }
    if !(1..=10_000).contains(&places) {
        ck.err(
            format!("{path}.kind.places"),
            near,
            format!("a conveyor with room for {places} parts: need 1 to 10000"),
        );
    }
    let transit = Dist::constant(length / speed * 60.0).ok();
    (transit, places)
}

/// An assembly station's bill of materials, checked (its routes are
/// checked with the whole line).
fn bill_of_materials(s: &RawStation, names: &Resolver, path: &str, ck: &mut Checker) -> Vec<Component> {
    let near = Some(s.name.as_str());
    let mut bom: Vec<Component> = Vec::new();
    for (i, c) in s.assembly.iter().enumerate() {
        let at = format!("{path}.assembly[{i}]");
        let product = names
            .products
            .resolve(ck, &c.component, &format!("{at}.component"), near, "");
        if !(1..=10_000).contains(&c.count) {
            ck.err(
                format!("{at}.count"),
                near,
                format!("{} of a component per assembly: need 1 to 10000", c.count),
            );
        }
        let buffer = c.buffer.unwrap_or(2 * c.count);
        if buffer > crate::model::MAX_BUFFER as i64 {
            ck.err(
                format!("{at}.buffer"),
                near,
                format!(
                    "a component buffer of {buffer} places is more than a line holds (at most {})",
                    crate::model::MAX_BUFFER
                ),
            );
        } else if buffer < c.count {
            ck.err(
                format!("{at}.buffer"),
                near,
                format!(
                    "a component buffer of {buffer} places cannot hold the {} \"{}\" one assembly takes",
                    c.count, c.component
                ),
            );
        }
        let into = c
            .into
            .as_deref()
            .and_then(|n| names.products.resolve(ck, n, &format!("{at}.into"), near, ""));
        let Some(product) = product else { continue };
        if bom.iter().any(|b| b.product == product) {
            ck.err(
                &at,
                near,
                format!(
                    "component \"{}\" is listed twice; give one line with its count",
                    c.component
                ),
            );
            continue;
        }
        bom.push(Component {
            product,
            count: c.count.clamp(1, 10_000) as u32,
            buffer: buffer.clamp(1, u32::MAX as i64) as u32,
            into,
            // Set once the routes are known (see `structure`).
            stock: false,
        });
    }
    bom
}

/// A batch station's loading rule, checked.
fn batch(b: &RawBatch, path: &str, near: Option<&str>, ck: &mut Checker) -> Option<Batch> {
    let before = ck.problems.len();
    if !(1..=100_000).contains(&b.size) {
        ck.err(
            format!("{path}.batch.size"),
            near,
            format!("a load of {} parts: need 1 to 100000", b.size),
        );
    }
    let min_load = b.min_load.unwrap_or(b.size);
    if min_load < 1 || min_load > b.size {
        ck.err(
            format!("{path}.batch.min_load"),
            near,
            format!("a minimum load of {min_load}: need 1 to the load size {}", b.size),
        );
    }
    let max_wait = b
        .max_wait
        .as_deref()
        .and_then(|t| ck.duration(t, &format!("{path}.batch.max_wait"), near));
    if b.max_wait.is_some() && b.min_load.is_none() {
        ck.warnings.push(format!(
            "{path} \"{}\": batch max_wait has no effect without min_load (only full loads start); write e.g. `min_load: 1`",
            near.unwrap_or("")
        ));
    }
    (ck.problems.len() == before).then(|| Batch {
        size: b.size as u32,
        min_load: min_load as u32,
        max_wait: max_wait.map_or(0, crate::time::secs_to_ticks),
        by_product: b.by_product,
    })
}

/// A station's from-to changeover table, checked: `products x products`
/// entries, or empty when it has none.
fn changeovers(raw: &RawScenario, s: &RawStation, names: &Resolver, path: &str, ck: &mut Checker) -> Vec<Option<Dist>> {
    if s.changeovers.is_empty() {
        return Vec::new();
    }
    let near = Some(s.name.as_str());
    let n = raw.products.len();
    let mut table = vec![None; n * n];
    for (i, c) in s.changeovers.iter().enumerate() {
        let at = format!("{path}.changeovers[{i}]");
        let from = names.products.resolve(ck, &c.from, &format!("{at}.from"), near, "");
        let to = names.products.resolve(ck, &c.to, &format!("{at}.to"), near, "");
        let time = ck.dist(&c.time, &format!("{at}.time"), near);
        let (Some(from), Some(to), Some(time)) = (from, to, time) else {
            continue;
        };
        if from == to {
            ck.err(
                &at,
                near,
                format!("a changeover from \"{}\" to itself never happens; remove it", c.from),
            );
        } else if table[from * n + to].is_some() {
            ck.err(
                &at,
                near,
                format!("the changeover from \"{}\" to \"{}\" is given twice", c.from, c.to),
            );
        } else {
            table[from * n + to] = Some(time);
        }
    }
    table
}

/// A station's failure data, checked.
fn failures(f: &RawFailures, names: &Resolver, path: &str, near: Option<&str>, ck: &mut Checker) -> Option<Failures> {
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
        repairs: match f.repairs {
            RawRepairs::DuringShifts => RepairPolicy::DuringShifts,
            RawRepairs::AroundTheClock => RepairPolicy::AroundTheClock,
        },
        after_repair: match f.after_repair {
            RawAfterRepair::Resume => AfterRepair::Resume,
            RawAfterRepair::Restart => AfterRepair::Restart,
        },
    })
}

/// The people a robot cell or automatic machine needs, checked.
fn tending(
    t: &RawTending,
    kind: StationKind,
    pool: Option<PoolId>,
    names: &Resolver,
    path: &str,
    near: Option<&str>,
    ck: &mut Checker,
) -> Option<Tending> {
    if kind == StationKind::Manual {
        ck.err(
            format!("{path}.tending"),
            near,
            "tending is for robot cells and machines; a manual station's own operators do everything",
        );
    }
    let walk = t
        .walk
        .as_ref()
        .and_then(|d| ck.dist(d, &format!("{path}.tending.walk"), near));
    let mut tasks = Vec::new();
    for (i, task) in t.tasks.iter().enumerate() {
        let at = format!("{path}.tending.tasks[{i}]");
        if task.every < 1 || task.every > u32::MAX as i64 {
            ck.err(
                format!("{at}.every"),
                near,
                format!("a task every {} parts is impossible; use 1 or more", task.every),
            );
        }
        if let Some(time) = ck.dist(&task.time, &format!("{at}.time"), near) {
            tasks.push(Task {
                name: task.name.clone(),
                every: task.every.clamp(1, u32::MAX as i64) as u32,
                time,
            });
        }
    }
    let tending_pool = names
        .pools
        .resolve(ck, &t.operators, &format!("{path}.tending.operators"), near, "")?;
    if pool.is_some_and(|p| p != tending_pool) {
        ck.err(
            format!("{path}.tending.operators"),
            near,
            "a machine with its own operators is tended by them; name the same pool as `kind.operators`",
        );
    }
    let pool = tending_pool;
    Some(Tending {
        pool,
        setups: t.setups,
        tasks,
        walk,
    })
}
