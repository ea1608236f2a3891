//! The `economics` block: value, labour cost, discounting, the subsidy,
//! the market limit and the electricity tariff.

use super::super::raw::RawEconomics;
use super::super::validate::Checker;

/// Checks the economics block.
pub(crate) fn economics(raw: &RawEconomics, ck: &mut Checker) -> Option<crate::economics::Economics> {
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
    if let Some(m) = raw.market_limit_units_per_year {
        non_negative(ck, m, "market_limit_units_per_year");
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
        market_limit_units_per_year: raw.market_limit_units_per_year,
    })
}

/// The electricity tariff of the economics block, checked (the simulation
/// prices energy as it is drawn, so it belongs to the line).
pub(crate) fn tariff(raw: &RawEconomics, ck: &mut Checker) -> Option<crate::model::Tariff> {
    let e = raw.energy.as_ref()?;
    let path = "economics.energy";
    if !(e.flat_rmb_per_kwh.is_finite() && (0.0..=100.0).contains(&e.flat_rmb_per_kwh)) {
        ck.err(
            format!("{path}.flat_rmb_per_kwh"),
            None,
            format!("{} RMB/kWh: the price must be 0 to 100", e.flat_rmb_per_kwh),
        );
    }
    const MINUTES: usize = 24 * 60;
    let mut bands = vec!["flat".to_string()];
    let mut factors = vec![1.0];
    let mut minute = vec![0usize; MINUTES];
    for (i, p) in e.periods.iter().enumerate() {
        let at = format!("{path}.periods[{i}]");
        if !(p.factor.is_finite() && (0.0..=100.0).contains(&p.factor)) {
            ck.err(&at, None, format!("factor {} must be 0 to 100", p.factor));
        }
        let band = match bands.iter().position(|b| *b == p.band) {
            Some(b) => {
                if factors[b] != p.factor {
                    ck.err(
                        &at,
                        None,
                        format!(
                            "band \"{}\" has two factors ({} and {}); give each band one",
                            p.band, factors[b], p.factor
                        ),
                    );
                }
                b
            }
            None => {
                bands.push(p.band.clone());
                factors.push(p.factor);
                bands.len() - 1
            }
        };
        let (from, to) = match (crate::time::parse_clock(&p.from), crate::time::parse_clock(&p.to)) {
            (Ok(a), Ok(b)) => (a as usize / 60, b as usize / 60),
            (Err(err), _) | (_, Err(err)) => {
                ck.err(&at, None, err);
                continue;
            }
        };
        let end = if to <= from { to + MINUTES } else { to };
        for m in from..end {
            minute[m % MINUTES] = band;
        }
    }
    let mut day = Vec::new();
    for (m, &b) in minute.iter().enumerate() {
        if m == 0 || minute[m - 1] != b {
            day.push(((m * 60) as u32, b, e.flat_rmb_per_kwh * factors[b]));
        }
    }
    Some(crate::model::Tariff {
        name: if e.tariff.is_empty() {
            "flat".into()
        } else {
            e.tariff.clone()
        },
        flat_rmb_per_kwh: e.flat_rmb_per_kwh,
        day,
        bands,
    })
}
