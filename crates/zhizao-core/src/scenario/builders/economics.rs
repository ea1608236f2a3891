//! The `economics` block: value, labour cost, discounting and the subsidy.

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
