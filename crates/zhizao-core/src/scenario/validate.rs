//! Turns a [`RawScenario`] into a checked [`Line`], collecting every problem
//! instead of stopping at the first, each with its field path (and, where the
//! named entity can be found in the file, its line) and what to change.

use std::collections::BTreeSet;

use super::raw::*;
use super::{Place, Problem};
use crate::calendar::Calendar;
use crate::dist::Dist;
use crate::model::*;
use crate::settings::Settings;
use crate::time::{parse_clock, parse_duration, secs_to_ticks};

/// Collects problems for one scenario text.
pub(crate) struct Checker<'a> {
    text: &'a str,
    pub(crate) problems: Vec<Problem>,
    pub(crate) warnings: Vec<String>,
    /// Prefix for paths while checking a variant, e.g. `variants[1] "robot_cutting": `.
    prefix: String,
    /// Line of the variant being checked, used when no better line is known.
    prefix_line: Option<usize>,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Checker {
            text,
            problems: Vec::new(),
            warnings: Vec::new(),
            prefix: String::new(),
            prefix_line: None,
        }
    }

    /// Line (1-based) where an entity is declared as `name: "NAME"`, if found.
    pub(crate) fn line_of(&self, name: &str) -> Option<usize> {
        let quoted = format!("\"{name}\"");
        self.text
            .lines()
            .position(|line| {
                line.match_indices(&quoted).any(|(at, _)| {
                    let before = line[..at].trim_end();
                    before.strip_suffix(':').is_some_and(|b| b.trim_end().ends_with("name"))
                })
            })
            .map(|i| i + 1)
    }

    /// Line of the first `key:` in the file, for paths that name no entity
    /// (e.g. `experiment.replications`).
    fn line_of_key(&self, path: &str) -> Option<usize> {
        let key = path.rsplit('.').next()?.split('[').next()?;
        if key.is_empty() {
            return None;
        }
        self.text
            .lines()
            .position(|line| {
                let code = line.split("//").next().unwrap_or("");
                code.match_indices(key).any(|(at, _)| {
                    let starts_word =
                        at == 0 || !code.as_bytes()[at - 1].is_ascii_alphanumeric() && code.as_bytes()[at - 1] != b'_';
                    starts_word && code[at + key.len()..].trim_start().starts_with(':')
                })
            })
            .map(|i| i + 1)
    }

    /// Paths from now on are inside `list[index]` (`variants` or `candidates`).
    pub(crate) fn in_list(&mut self, list: &str, index: usize, name: &str) {
        self.prefix = format!("{list}[{index}] \"{name}\": ");
        self.prefix_line = self.line_of(name);
    }

    /// Paths from now on are from the top of the file.
    pub(crate) fn at_top(&mut self) {
        self.prefix.clear();
        self.prefix_line = None;
    }

    /// Records a problem at `path`; `near` names the entity whose line to report.
    pub(crate) fn err(&mut self, path: impl AsRef<str>, near: Option<&str>, message: impl Into<String>) {
        let line = if !self.prefix.is_empty() {
            self.prefix_line
        } else if let Some(n) = near {
            self.line_of(n)
        } else {
            self.line_of_key(path.as_ref())
        };
        self.problems.push(Problem {
            place: Place::Path {
                path: format!("{}{}", self.prefix, path.as_ref()),
                line,
            },
            message: message.into(),
        });
    }

    fn duration(&mut self, text: &str, path: &str, near: Option<&str>) -> Option<f64> {
        match parse_duration(text) {
            Ok(v) => Some(v),
            Err(e) => {
                self.err(path, near, e);
                None
            }
        }
    }

    fn probability(&mut self, p: f64, path: &str, near: Option<&str>) -> f64 {
        if !(0.0..=1.0).contains(&p) || p.is_nan() {
            self.err(
                path,
                near,
                format!("probability {p} is outside 0..1; write e.g. 0.02 for 2%"),
            );
            0.0
        } else {
            p
        }
    }

    /// Checks a distribution; `None` when it has problems (already recorded).
    pub(crate) fn dist(&mut self, raw: &RawDist, path: &str, near: Option<&str>) -> Option<Dist> {
        let mut d = |s: &str, field: &str| self.duration(s, &format!("{path}.{field}"), near);
        let built = match raw {
            RawDist::Const(v) => Dist::constant(d(v, "Const")?),
            RawDist::Uniform { min, max } => {
                let (a, b) = (d(min, "min"), d(max, "max"));
                Dist::uniform(a?, b?)
            }
            RawDist::Triangular { min, mode, max } => {
                let (a, m, b) = (d(min, "min"), d(mode, "mode"), d(max, "max"));
                Dist::triangular(a?, m?, b?)
            }
            RawDist::Normal { mean, sd } => {
                let (m, s) = (d(mean, "mean"), d(sd, "sd"));
                Dist::normal(m?, s?)
            }
            RawDist::LogNormal { mean, cv } => Dist::lognormal(d(mean, "mean")?, *cv),
            RawDist::Exp(mean) => Dist::exponential(d(mean, "Exp")?),
            RawDist::Gamma { shape, mean } => Dist::gamma(*shape, d(mean, "mean")?),
            RawDist::Erlang { k, mean } => {
                if *k == 0 {
                    Err("Erlang k must be 1 or more".to_string())
                } else {
                    Dist::gamma(*k as f64, d(mean, "mean")?)
                }
            }
            RawDist::Weibull { shape, scale } => Dist::weibull(*shape, d(scale, "scale")?),
            RawDist::Empirical(values) => {
                let parsed: Vec<Option<f64>> = values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| d(v, &format!("Empirical[{i}]")))
                    .collect();
                Dist::empirical(parsed.into_iter().collect::<Option<Vec<f64>>>()?)
            }
        };
        match built {
            Ok(dist) => Some(dist),
            Err(e) => {
                self.err(path, near, e);
                None
            }
        }
    }
}

fn duplicates<'n>(names: impl Iterator<Item = &'n str>) -> Vec<&'n str> {
    let mut seen = BTreeSet::new();
    names.filter(|n| !seen.insert(*n)).collect()
}

/// Builds the checked line from a raw scenario, or records why it cannot.
pub(crate) fn build_line(raw: &RawScenario, ck: &mut Checker) -> Option<Line> {
    let before = ck.problems.len();

    // Calendars.
    for dup in duplicates(raw.calendars.iter().map(|c| c.name.as_str())) {
        ck.err(
            "calendars",
            Some(dup),
            format!("calendar \"{dup}\" is defined twice; give each calendar its own name"),
        );
    }
    let mut calendars = Vec::new();
    for (i, c) in raw.calendars.iter().enumerate() {
        let path = format!("calendars[{i}]");
        let near = Some(c.name.as_str());
        let mut shifts = Vec::new();
        for (j, (a, b)) in c.shifts.iter().enumerate() {
            match (parse_clock(a), parse_clock(b)) {
                (Ok(a), Ok(b)) => shifts.push((a, b)),
                (Err(e), _) | (_, Err(e)) => ck.err(format!("{path}.shifts[{j}]"), near, e),
            }
        }
        let mut breaks = Vec::new();
        for (j, (a, len)) in c.breaks.iter().enumerate() {
            let start = parse_clock(a)
                .map_err(|e| ck.err(format!("{path}.breaks[{j}]"), near, e))
                .ok();
            let len = ck.duration(len, &format!("{path}.breaks[{j}]"), near);
            if let (Some(s), Some(l)) = (start, len) {
                breaks.push((s, l.round() as u32));
            }
        }
        match Calendar::new(&c.name, c.days, &shifts, &breaks) {
            Ok(cal) => calendars.push(cal),
            Err(e) => {
                ck.err(&path, near, e);
                calendars.push(Calendar::new(&c.name, 7, &[(0, 86_400)], &[]).expect("always-on calendar"));
            }
        }
    }
    let calendar_id = |ck: &mut Checker, name: &str, path: &str, near: Option<&str>| -> Option<CalendarId> {
        let id = raw.calendars.iter().position(|c| c.name == name);
        if id.is_none() {
            let known: Vec<&str> = raw.calendars.iter().map(|c| c.name.as_str()).collect();
            ck.err(
                path,
                near,
                format!("unknown calendar \"{name}\"; defined calendars: {known:?}"),
            );
        }
        id
    };
    let plant_calendar = raw
        .plant_calendar
        .as_deref()
        .and_then(|n| calendar_id(ck, n, "plant_calendar", None));

    // Operator pools.
    for dup in duplicates(raw.operators.iter().map(|p| p.name.as_str())) {
        ck.err(
            "operators",
            Some(dup),
            format!("operator pool \"{dup}\" is defined twice"),
        );
    }
    let mut pools = Vec::new();
    for (i, p) in raw.operators.iter().enumerate() {
        let path = format!("operators[{i}]");
        if p.headcount < 0 || p.headcount > 100_000 {
            ck.err(
                format!("{path}.headcount"),
                Some(&p.name),
                format!("head count {} must be between 0 and 100000", p.headcount),
            );
        }
        let calendar = p
            .calendar
            .as_deref()
            .and_then(|c| calendar_id(ck, c, &format!("{path}.calendar"), Some(&p.name)));
        pools.push(Pool {
            name: p.name.clone(),
            headcount: p.headcount.clamp(0, 100_000) as u32,
            calendar,
        });
    }
    let pool_id = |ck: &mut Checker, name: &str, path: &str, near: Option<&str>| -> Option<PoolId> {
        let id = raw.operators.iter().position(|p| p.name == name);
        if id.is_none() {
            let known: Vec<&str> = raw.operators.iter().map(|p| p.name.as_str()).collect();
            ck.err(
                path,
                near,
                format!("unknown operator pool \"{name}\"; defined pools: {known:?}"),
            );
        }
        id
    };

    // Stations.
    if raw.stations.is_empty() {
        ck.err("stations", None, "the line has no stations; add at least one");
    }
    for dup in duplicates(raw.stations.iter().map(|s| s.name.as_str())) {
        ck.err(
            "stations",
            Some(dup),
            format!("station \"{dup}\" is defined twice; station names must be unique"),
        );
    }
    let product_names: Vec<&str> = raw.products.iter().map(|p| p.name.as_str()).collect();
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
                pool_id(ck, operators, &format!("{path}.kind.operators"), near),
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
                    .and_then(|o| pool_id(ck, o, &format!("{path}.kind.operators"), near));
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
            if !product_names.contains(&name.as_str()) {
                ck.err(
                    format!("{path}.product_times"),
                    near,
                    format!("unknown product \"{name}\"; products: {product_names:?}"),
                );
            }
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
                .and_then(|c| pool_id(ck, c, &format!("{path}.failures.crew"), near));
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
            let to = raw.stations.iter().position(|t| t.name == r.to);
            if to.is_none() {
                ck.err(
                    format!("{path}.rework.to"),
                    near,
                    format!("unknown station \"{}\" as rework destination", r.to),
                );
            }
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

    // Products and routes.
    if raw.products.is_empty() {
        ck.err("products", None, "no products; add at least one product with its route");
    }
    for dup in duplicates(raw.products.iter().map(|p| p.name.as_str())) {
        ck.err("products", Some(dup), format!("product \"{dup}\" is defined twice"));
    }
    let total_share: f64 = raw.products.iter().map(|p| p.share).sum();
    let mut products = Vec::new();
    for (i, p) in raw.products.iter().enumerate() {
        let path = format!("products[{i}]");
        let near = Some(p.name.as_str());
        if !(p.share.is_finite() && p.share > 0.0) {
            ck.err(
                format!("{path}.share"),
                near,
                format!("share {} must be greater than 0", p.share),
            );
        }
        if p.route.is_empty() {
            ck.err(
                format!("{path}.route"),
                near,
                "the route is empty; list the stations the product visits in order",
            );
        }
        let mut route = Vec::new();
        for (j, step) in p.route.iter().enumerate() {
            let (names, rule) = match step {
                RawStep::Station(n) => (std::slice::from_ref(n), RawRule::FirstFree),
                RawStep::Choice(RawChoice::Any { stations, rule }) => (stations.as_slice(), *rule),
            };
            if names.is_empty() {
                ck.err(
                    format!("{path}.route[{j}]"),
                    near,
                    "a choice of stations needs at least one station",
                );
            }
            let mut ids = Vec::new();
            for n in names {
                match raw.stations.iter().position(|s| &s.name == n) {
                    Some(id) if ids.contains(&id) => ck.err(
                        format!("{path}.route[{j}]"),
                        near,
                        format!("station \"{n}\" is listed twice in one step"),
                    ),
                    Some(id) => ids.push(id),
                    None => {
                        let known: Vec<&str> = raw.stations.iter().map(|s| s.name.as_str()).collect();
                        ck.err(
                            format!("{path}.route[{j}]"),
                            near,
                            format!("unknown station \"{n}\" in the route; stations are {known:?}"),
                        );
                    }
                }
            }
            let rule = match rule {
                RawRule::FirstFree => Rule::FirstFree,
                RawRule::ShortestQueue => Rule::ShortestQueue,
            };
            route.push(Step { stations: ids, rule });
        }
        products.push(Product {
            name: p.name.clone(),
            share: if total_share > 0.0 { p.share / total_share } else { 0.0 },
            route,
        });
    }

    if raw.lot_size < 1 || raw.lot_size > 1_000_000 {
        ck.err(
            "lot_size",
            None,
            format!("lot size {} must be between 1 and 1000000", raw.lot_size),
        );
    }

    // Source.
    let source = match &raw.source {
        RawSource::Saturated => Source::Saturated,
        RawSource::Orders {
            interarrival,
            when_full,
        } => {
            let ia = ck.dist(interarrival, "source.interarrival", None);
            if let Some(d) = &ia
                && d.mean() <= 0.0
            {
                ck.err(
                    "source.interarrival",
                    None,
                    "the mean time between orders must be greater than 0",
                );
            }
            Source::Orders {
                interarrival: ia.unwrap_or_else(|| Dist::constant(1.0).expect("valid")),
                when_full: match when_full {
                    RawWhenFull::Backlog => WhenFull::Backlog,
                    RawWhenFull::Lose => WhenFull::Lose,
                },
            }
        }
    };

    if ck.problems.len() > before {
        return None;
    }

    let line = Line {
        name: raw.name.clone(),
        stations,
        products,
        lot_size: raw.lot_size.clamp(1, 1_000_000) as u32,
        pools,
        calendars,
        plant_calendar,
        source,
    };
    check_structure(&line, ck);
    (ck.problems.len() == before).then_some(line)
}

/// Checks that need the resolved line: rework destinations, loops that can
/// deadlock, stations nobody can staff, saturated sources that would flood.
fn check_structure(line: &Line, ck: &mut Checker) {
    let name = |s: StationId| line.stations[s].name.as_str();
    for product in &line.products {
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
        if let (Source::Saturated, Some(first)) = (&line.source, product.route.first()) {
            for &s in &first.stations {
                if line.stations[s].capacity.is_none() {
                    ck.err(
                        format!("stations[{s}].buffer"),
                        Some(name(s)),
                        format!(
                            "\"{}\" is the first station of a saturated source, which would fill an unlimited buffer forever; give it a finite buffer (0 = material enters only when a server is free)",
                            name(s)
                        ),
                    );
                }
            }
        }
    }
    for (s, st) in line.stations.iter().enumerate() {
        if let Some(p) = st.pool
            && line.pools[p].headcount == 0
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
        if let Some(Failures { crew: Some(c), .. }) = &st.failures
            && line.pools[*c].headcount == 0
        {
            ck.err(
                format!("stations[{s}].failures.crew"),
                Some(&st.name),
                format!("repair crew \"{}\" has a head count of 0", line.pools[*c].name),
            );
        }
        if !line
            .products
            .iter()
            .any(|p| p.route.iter().any(|step| step.stations.contains(&s)))
        {
            ck.warnings.push(format!(
                "station \"{}\" is on no product's route and never works",
                st.name
            ));
        }
    }
}

/// The run settings of the `experiment` block.
pub(crate) fn build_settings(raw: &RawScenario, ck: &mut Checker) -> Settings {
    let warmup = ck
        .duration(&raw.experiment.warmup, "experiment.warmup", None)
        .map(secs_to_ticks);
    let run = ck
        .duration(&raw.experiment.run, "experiment.run", None)
        .map(secs_to_ticks);
    if run == Some(0) {
        ck.err(
            "experiment.run",
            None,
            "the run length must be longer than 0, e.g. \"52w\"",
        );
    }
    if raw.experiment.replications < 1 {
        ck.err(
            "experiment.replications",
            None,
            format!(
                "{} replications: need at least 1 (30 is a good default)",
                raw.experiment.replications
            ),
        );
    }

    Settings {
        warmup: warmup.unwrap_or(0),
        run: run.unwrap_or(0),
        replications: raw.experiment.replications.clamp(1, 1_000_000) as u32,
        seed: raw.experiment.seed,
    }
}

/// Checks the economics block.
pub(crate) fn build_economics(raw: &RawEconomics, ck: &mut Checker) -> Option<crate::economics::Economics> {
    let before = ck.problems.len();
    let non_negative = |ck: &mut Checker, x: f64, key: &str| {
        if !(x.is_finite() && x >= 0.0) {
            ck.err(
                format!("economics.{key}"),
                None,
                format!("{key} is {x}; it must be 0 or more"),
            );
        }
    };
    non_negative(ck, raw.value_per_good_unit_rmb, "value_per_good_unit_rmb");
    non_negative(ck, raw.operator_cost_per_hour_rmb, "operator_cost_per_hour_rmb");
    non_negative(
        ck,
        raw.robot_cost_per_operating_hour_rmb,
        "robot_cost_per_operating_hour_rmb",
    );
    if !(0.0..1.0).contains(&raw.discount_rate) {
        ck.err(
            "economics.discount_rate",
            None,
            format!(
                "discount rate {} must be at least 0 and below 1; write 0.08 for 8% a year",
                raw.discount_rate
            ),
        );
    }
    if !(raw.horizon_years > 0.0 && raw.horizon_years <= 50.0) {
        ck.err(
            "economics.horizon_years",
            None,
            format!("horizon {} years must be more than 0 and at most 50", raw.horizon_years),
        );
    }
    let subsidy = raw.subsidy.as_ref().map(|s| {
        if !(0.0..=1.0).contains(&s.rate) {
            ck.err(
                "economics.subsidy.rate",
                None,
                format!("subsidy rate {} is outside 0..1; write 0.2 for 20%", s.rate),
            );
        }
        if !(s.cap_rmb.is_finite() && s.cap_rmb >= 0.0) {
            ck.err(
                "economics.subsidy.cap_rmb",
                None,
                format!("subsidy cap {} must be 0 or more", s.cap_rmb),
            );
        }
        if !(s.min_investment_rmb.is_finite() && s.min_investment_rmb >= 0.0) {
            ck.err(
                "economics.subsidy.min_investment_rmb",
                None,
                format!("minimum investment {} must be 0 or more", s.min_investment_rmb),
            );
        }
        crate::economics::Subsidy {
            name: s.name.clone(),
            rate: s.rate,
            cap_rmb: s.cap_rmb,
            eligible: s.eligible.clone(),
            min_investment_rmb: s.min_investment_rmb,
        }
    });
    (ck.problems.len() == before).then_some(crate::economics::Economics {
        value_per_good_unit_rmb: raw.value_per_good_unit_rmb,
        operator_cost_per_hour_rmb: raw.operator_cost_per_hour_rmb,
        robot_cost_per_operating_hour_rmb: raw.robot_cost_per_operating_hour_rmb,
        discount_rate: raw.discount_rate,
        horizon_years: raw.horizon_years,
        subsidy,
    })
}
