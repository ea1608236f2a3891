//! Where parts come from: a saturated source or an order stream, released
//! in lots.

use super::super::raw::*;
use super::super::validate::Checker;
use crate::dist::Dist;
use crate::model::*;

/// The lot size, checked (1 when it is out of range, with a problem).
pub(super) fn lot_size(raw: &RawScenario, ck: &mut Checker) -> u32 {
    if raw.lot_size < 1 || raw.lot_size > 1_000_000 {
        ck.err(
            "lot_size",
            None,
            format!("lot size {} must be between 1 and 1000000", raw.lot_size),
        );
    }
    raw.lot_size.clamp(1, 1_000_000) as u32
}

/// The source of parts.
pub(super) fn source(
    raw: &RawScenario,
    names: &super::Resolver,
    dating: &super::calendars::Dating,
    ck: &mut Checker,
) -> Source {
    match &raw.source {
        RawSource::Saturated => Source::Saturated,
        RawSource::OrderBook { orders, csv } => {
            if csv.is_some() && orders.is_empty() {
                ck.err(
                    "source.csv",
                    None,
                    "the order book's CSV file is read when the scenario is loaded from a file; load it with its path",
                );
            }
            Source::OrderBook(order_book(orders, names, dating, ck))
        }
        RawSource::Orders {
            interarrival,
            when_full,
            rate_profile,
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
            } else if let Some(d) = &ia
                && let zero = zero_share(d)
                && zero > 0.5
            {
                // A very skewed distribution (a Gamma of tiny shape) with a
                // sane mean: nearly all orders come at the same instant.
                ck.err(
                    "source.interarrival",
                    None,
                    format!(
                        "{:.0}% of the times between orders round to 0 ms (times are whole milliseconds), so nearly all orders come at once, with a few very long gaps; write Exp(...) for random orders",
                        100.0 * zero
                    ),
                );
            }
            let profile = rate_profile.as_ref().and_then(|p| {
                let d = ia.as_ref()?;
                if !matches!(interarrival, RawDist::Exp { .. }) {
                    ck.err(
                        "source.rate_profile",
                        None,
                        "a varying rate makes the orders a Poisson stream: write the interarrival as Exp(\"...\")",
                    );
                }
                profile(
                    p,
                    1.0 / d.mean() / crate::time::SECOND as f64,
                    "source.rate_profile",
                    dating,
                    ck,
                )
            });
            Source::Orders {
                interarrival: ia.unwrap_or_else(|| Dist::constant(1.0).expect("valid")),
                when_full: match when_full {
                    RawWhenFull::Backlog => WhenFull::Backlog,
                    RawWhenFull::Lose => WhenFull::Lose,
                },
                profile,
            }
        }
    }
}

/// The fixed release order, if the scenario gives one, as product ids.
pub(super) fn sequence(raw: &RawScenario, names: &super::Resolver, ck: &mut Checker) -> Vec<ProductId> {
    raw.sequence
        .iter()
        .enumerate()
        .filter_map(|(i, n)| names.products.resolve(ck, n, &format!("sequence[{i}]"), None, ""))
        .collect()
}

/// A rate profile, checked: every multiplier finite and at least 0, each
/// list empty or complete, some rate above 0.
fn profile(
    p: &RawRateProfile,
    base: f64,
    at: &str,
    dating: &super::calendars::Dating,
    ck: &mut Checker,
) -> Option<Box<RateProfile>> {
    fn fill<const N: usize>(v: &[f64], at: &str, what: &str, ck: &mut Checker) -> [f64; N] {
        let mut out = [1.0; N];
        if v.is_empty() {
            return out;
        }
        if v.len() != N {
            ck.err(
                format!("{at}.{what}"),
                None,
                format!("{} multipliers given; {what} needs {N}", v.len()),
            );
            return out;
        }
        for (i, &x) in v.iter().enumerate() {
            if !(x.is_finite() && (0.0..=1000.0).contains(&x)) {
                ck.err(
                    format!("{at}.{what}[{i}]"),
                    None,
                    format!("multiplier {x} must be 0 to 1000"),
                );
            }
            out[i] = x;
        }
        out
    }
    let mut profile = RateProfile {
        base,
        by_hour: fill(&p.by_hour, at, "by_hour", ck),
        by_weekday: fill(&p.by_weekday, at, "by_weekday", ck),
        by_month: fill(&p.by_month, at, "by_month", ck),
        weekday0: dating.weekday0,
        start: dating.start,
        closed: if p.none_on_holidays {
            dating.holidays.iter().map(|h| (h.first, h.last)).collect()
        } else {
            Vec::new()
        },
        peak: 0.0,
    };
    profile.peak = profile.highest_rate();
    if !p.by_month.is_empty() && dating.start.is_none() {
        ck.err(
            format!("{at}.by_month"),
            None,
            "rates by month need the run's `start_date`",
        );
    }
    if profile.max_rate() <= 0.0 || profile.max_rate().is_nan() {
        ck.err(at, None, "every multiplier is 0: nothing would ever come");
        return None;
    }
    Some(Box::new(profile))
}

/// The orders of an order book, checked and sorted by release (ties keep
/// the listed order).
fn order_book(
    orders: &[RawOrder],
    names: &super::Resolver,
    dating: &super::calendars::Dating,
    ck: &mut Checker,
) -> Vec<Order> {
    if orders.is_empty() {
        ck.err("source.orders", None, "the order book has no orders");
    }
    let mut book = Vec::new();
    for (i, o) in orders.iter().enumerate() {
        let path = format!("source.orders[{i}]");
        let near = Some(o.id.as_str());
        let product = names
            .products
            .resolve(ck, &o.product, &format!("{path}.product"), near, "");
        if o.quantity < 1 || o.quantity > 10_000_000 {
            ck.err(
                format!("{path}.quantity"),
                near,
                format!("order {}: quantity {} must be 1 to 10000000", o.id, o.quantity),
            );
        }
        let mut when = |text: &str, field: &str| {
            crate::time::parse_moment(text, dating.start)
                .map_err(|e| ck.err(format!("{path}.{field}"), near, format!("order {}: {e}", o.id)))
                .ok()
        };
        let (release, due) = (when(&o.release, "release"), when(&o.due, "due"));
        if let (Some(product), Some(release), Some(due)) = (product, release, due) {
            book.push(Order {
                id: o.id.clone(),
                product,
                quantity: o.quantity.clamp(1, 10_000_000) as u32,
                release,
                due,
            });
        }
    }
    book.sort_by_key(|o| o.release);
    book
}

/// The finished goods of a make-to-stock line, checked.
pub(super) fn finished_goods(
    raw: &RawScenario,
    dating: &super::calendars::Dating,
    ck: &mut Checker,
) -> Option<FinishedGoods> {
    let fg = raw.finished_goods.as_ref()?;
    let demand = ck.dist(&fg.demand, "finished_goods.demand", None)?;
    if demand.mean() <= 0.0 {
        ck.err(
            "finished_goods.demand",
            None,
            "the mean time between demands must be greater than 0",
        );
        return None;
    }
    if fg.rate_profile.is_some() && !matches!(fg.demand, RawDist::Exp { .. }) {
        ck.err(
            "finished_goods.rate_profile",
            None,
            "a varying rate makes the demands a Poisson stream: write the demand as Exp(\"...\")",
        );
    }
    if !(0..=100_000_000).contains(&fg.initial_stock) {
        ck.err(
            "finished_goods.initial_stock",
            None,
            format!("{} units: the stock must be 0 to 100000000", fg.initial_stock),
        );
    }
    let profile = fg.rate_profile.as_ref().and_then(|p| {
        profile(
            p,
            1.0 / demand.mean() / crate::time::SECOND as f64,
            "finished_goods.rate_profile",
            dating,
            ck,
        )
    });
    Some(FinishedGoods {
        demand,
        profile,
        initial: fg.initial_stock.clamp(0, 100_000_000) as u32,
    })
}

/// The share of a distribution's draws that round to 0 ticks, from 1,000
/// draws of a fixed stream (the same answer every time).
fn zero_share(d: &Dist) -> f64 {
    let mut rng = crate::rng::stream(0, "validate:zero-share", 0);
    (0..1000).filter(|_| d.sample_ticks(&mut rng) == 0).count() as f64 / 1000.0
}
