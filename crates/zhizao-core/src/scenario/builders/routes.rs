//! Products and their routes: which stations, in which order, with which
//! choice rule where a step offers several.

use super::super::raw::*;
use super::super::validate::Checker;
use super::Resolver;
use crate::model::*;

/// Every product with its route and its share of the mix (normalised).
pub(super) fn products(raw: &RawScenario, resolver: &Resolver, ck: &mut Checker) -> Vec<Product> {
    if raw.products.is_empty() {
        ck.err("products", None, "no products; add at least one product with its route");
    }
    resolver.products.check_names(ck, "products", "");
    // Feeder products are released on their own: the mix is the others'.
    let total_share: f64 = raw.products.iter().filter(|p| !p.feeder).map(|p| p.share).sum();
    if !raw.products.is_empty() && raw.products.iter().all(|p| p.feeder) {
        ck.err(
            "products",
            None,
            "every product is a feeder; the line's source needs at least one product without `feeder: true`",
        );
    }
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
                match resolver
                    .stations
                    .resolve(ck, n, &format!("{path}.route[{j}]"), near, " in the route")
                {
                    Some(id) if ids.contains(&id) => ck.err(
                        format!("{path}.route[{j}]"),
                        near,
                        format!("station \"{n}\" is listed twice in one step"),
                    ),
                    Some(id) => ids.push(id),
                    None => {}
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
            share: if total_share > 0.0 && !p.feeder {
                p.share / total_share
            } else {
                0.0
            },
            route,
            feeder: p.feeder,
        });
    }
    products
}
