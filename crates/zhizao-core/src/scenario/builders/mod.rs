//! Builds the checked [`Line`] from a raw scenario, one concept per file:
//! [`calendars`], [`operators`], [`stations`], [`routes`], [`source`], then
//! the [`structure`] checks that need the whole line; [`settings`] and
//! [`economics`] belong to the scenario rather than to a line. Names are
//! resolved by the one [`Names`] resolver that variants use too.
//!
//! Every function records all the problems it finds in the [`Checker`] and
//! returns what it could build, so one pass reports every mistake at once.

mod calendars;
mod economics;
mod fleets;
mod operators;
mod routes;
mod settings;
mod source;
mod stations;
mod structure;

pub(crate) use economics::economics;
pub(crate) use settings::settings;

use super::names::Names;
use super::raw::RawScenario;
use super::validate::Checker;
use crate::model::Line;

/// The names of every kind of entity in a scenario.
pub(crate) struct Resolver<'r> {
    pub stations: Names<'r>,
    pub pools: Names<'r>,
    pub calendars: Names<'r>,
    pub products: Names<'r>,
    pub fleets: Names<'r>,
}

impl<'r> Resolver<'r> {
    pub(crate) fn of(raw: &'r RawScenario) -> Resolver<'r> {
        Resolver {
            stations: Names::stations(raw),
            pools: Names::pools(raw),
            calendars: Names::calendars(raw),
            products: Names::products(raw),
            fleets: Names::fleets(raw),
        }
    }
}

/// Builds the checked line from a raw scenario, or records why it cannot.
pub(crate) fn line(raw: &RawScenario, ck: &mut Checker) -> Option<Line> {
    let before = ck.problems.len();
    let names = Resolver::of(raw);
    let dating = calendars::dating(raw, ck);
    let (mut calendars, around) = calendars::calendars(raw, &names, &dating, ck);
    let plant_calendar = raw
        .plant_calendar
        .as_deref()
        .and_then(|n| names.calendars.resolve(ck, n, "plant_calendar", None, ""));
    let mut pools = operators::pools(raw, &names, ck);
    let mut stations = stations::stations(raw, &names, plant_calendar, &mut calendars, &dating, ck);
    // On the plant's holidays nobody works and nothing runs, not even what
    // otherwise never stops.
    if around.is_some() {
        for p in pools.iter_mut().filter(|p| p.calendar.is_none()) {
            p.calendar = around;
        }
        for s in stations
            .iter_mut()
            .filter(|s| s.calendar.is_none() && s.kind != crate::model::StationKind::Manual)
        {
            s.calendar = around;
        }
    }
    let mut products = routes::products(raw, &names, ck);
    let fleets = fleets::fleets(raw, &names, ck);
    let distances = fleets::distances(raw, &names, ck);
    let lot_size = source::lot_size(raw, ck);
    let sequence = source::sequence(raw, &names, ck);
    // A fixed order decides the mix: each product's share is how often it comes.
    if !sequence.is_empty() {
        for (p, product) in products.iter_mut().enumerate() {
            product.share = sequence.iter().filter(|&&q| q == p).count() as f64 / sequence.len() as f64;
            if product.feeder && product.share > 0.0 {
                ck.err(
                    "sequence",
                    None,
                    format!(
                        "\"{}\" is a feeder product, released on its own; take it out of the sequence",
                        product.name
                    ),
                );
            }
        }
    }
    let source = source::source(raw, &names, &dating, ck);
    let finished_goods = source::finished_goods(raw, &dating, ck);
    let tariff = raw.economics.as_ref().and_then(|e| economics::tariff(e, ck));
    if ck.problems.len() > before {
        return None;
    }
    // A feeder whose whole route is its assembly station comes from stock there.
    for (s, st) in stations.iter_mut().enumerate() {
        for c in &mut st.assembly {
            let product = &products[c.product];
            c.stock = product.feeder && product.route.len() == 1 && product.route[0].stations == [s];
        }
    }
    let line = Line {
        name: raw.name.clone(),
        stations,
        products,
        lot_size,
        pools,
        calendars,
        plant_calendar,
        source,
        sequence,
        fleets,
        distances,
        start_date: dating.start,
        holidays: dating.holidays,
        tariff,
        finished_goods,
        installing: false,
    };
    structure::check(&line, ck);
    (ck.problems.len() == before).then_some(line)
}
