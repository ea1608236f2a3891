//! Operator pools: how many people, on which shift, trained for what else.

use super::super::raw::RawScenario;
use super::super::validate::Checker;
use super::Resolver;
use crate::model::Pool;

/// Every operator pool, in file order.
pub(super) fn pools(raw: &RawScenario, names: &Resolver, ck: &mut Checker) -> Vec<Pool> {
    names.pools.check_names(ck, "operators", "");
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
        let calendar = p.calendar.as_deref().and_then(|c| {
            names
                .calendars
                .resolve(ck, c, &format!("{path}.calendar"), Some(&p.name), "")
        });
        let mut also_for = Vec::new();
        for (j, other) in p.also_for.iter().enumerate() {
            let at = format!("{path}.also_for[{j}]");
            if let Some(o) = names.pools.resolve(ck, other, &at, Some(&p.name), "") {
                if o == i {
                    ck.err(at, Some(&p.name), "a pool cannot be cross-trained for itself");
                } else if also_for.contains(&o) {
                    ck.err(at, Some(&p.name), format!("\"{other}\" is listed twice"));
                } else {
                    also_for.push(o);
                }
            }
        }
        pools.push(Pool {
            name: p.name.clone(),
            label: p.label.clone(),
            headcount: p.headcount.clamp(0, 100_000) as u32,
            calendar,
            also_for,
            skilled: p.skilled,
        });
    }
    pools
}
