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
pub(super) fn source(raw: &RawScenario, ck: &mut Checker) -> Source {
    match &raw.source {
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
