//! The `economics` block: value, labour cost, discounting, the subsidy,
//! the finance conventions, the market limit and the electricity tariff.

use super::super::raw::RawEconomics;
use super::super::validate::Checker;
use crate::economics::{Economics, Field, Firm, Loan, Subsidy, Tax, Vat};
use crate::uncertain::{Input, Num, Uncertain};

/// Reads the numbers of the block, checking each one's range (an uncertain
/// number's whole range) and collecting the uncertain ones.
struct Numbers<'a, 'c> {
    ck: &'a mut Checker<'c>,
    inputs: Vec<(Input, Field)>,
}

impl Numbers<'_, '_> {
    /// The base value of `n` at `economics.{key}`, which must lie in
    /// `range` (`what` says so in the message).
    fn get(
        &mut self,
        n: &Num,
        key: &str,
        label: &str,
        field: Field,
        range: std::ops::RangeInclusive<f64>,
        what: &str,
    ) -> f64 {
        let path = format!("economics.{key}");
        let inside = |x: f64| x.is_finite() && range.contains(&x);
        match n {
            Num::Fixed(x) => {
                if !inside(*x) {
                    self.ck.err(&path, None, format!("{key} is {x}; {what}"));
                }
                *x
            }
            Num::Uncertain(u) => {
                if let Err(e) = u.check() {
                    self.ck.err(&path, None, e);
                } else if matches!(u, Uncertain::Bernoulli { .. }) {
                    self.ck.err(
                        &path,
                        None,
                        "a Bernoulli input is for awards; give the subsidy an `award_probability` instead",
                    );
                } else {
                    // A normal's tails are cut off at its 0.1% and 99.9% points for the check.
                    let (lo, hi) = (u.quantile(0.001), u.quantile(0.999));
                    if !inside(lo) || !inside(hi) {
                        self.ck
                            .err(&path, None, format!("{key} may be {lo:.4} to {hi:.4}; {what}"));
                    }
                }
                self.inputs.push((Input::new(path.clone(), label, u.clone()), field));
                u.base()
            }
        }
    }
}

/// Checks the economics block.
pub(crate) fn economics(raw: &RawEconomics, ck: &mut Checker) -> Option<Economics> {
    let before = ck.problems.len();
    let mut n = Numbers { ck, inputs: Vec::new() };
    let money = 0.0..=f64::MAX;
    let ge0 = "it must be 0 or more";
    let value = n.get(
        &raw.value_per_good_unit_rmb,
        "value_per_good_unit_rmb",
        "value per good unit [RMB]",
        Field::ValuePerGoodUnit,
        money.clone(),
        ge0,
    );
    let wage = n.get(
        &raw.operator_cost_per_hour_rmb,
        "operator_cost_per_hour_rmb",
        "operator cost [RMB/h]",
        Field::OperatorCost,
        money.clone(),
        ge0,
    );
    let robot = n.get(
        &raw.robot_cost_per_operating_hour_rmb,
        "robot_cost_per_operating_hour_rmb",
        "robot running cost [RMB/h]",
        Field::RobotCost,
        money.clone(),
        ge0,
    );
    let rate = n.get(
        &raw.discount_rate,
        "discount_rate",
        "discount rate",
        Field::DiscountRate,
        0.0..=0.999_999,
        "it must be at least 0 and below 1; write 0.08 for 8% a year",
    );
    let market = raw.market_limit_units_per_year.as_ref().map(|m| {
        n.get(
            m,
            "market_limit_units_per_year",
            "market limit [units/yr]",
            Field::MarketLimit,
            money.clone(),
            ge0,
        )
    });
    let wage_growth = n.get(
        &raw.wage_growth,
        "wage_growth",
        "wage growth a year",
        Field::WageGrowth,
        -0.5..=0.5,
        "write 0.05 for 5% a year (-50% to +50%)",
    );
    let overrun = raw.capital_overrun.as_ref().map_or(1.0, |o| {
        n.get(
            o,
            "capital_overrun",
            "capital cost overrun (factor)",
            Field::CapitalOverrun,
            0.1..=10.0,
            "it is a factor on every capital cost: 1.1 = 10% over budget (0.1 to 10)",
        )
    });
    let residual = n.get(
        &raw.residual_value_share,
        "residual_value_share",
        "residual value (share of capital)",
        Field::ResidualValueShare,
        0.0..=1.0,
        "write 0.1 for 10% of the capital (0 to 1)",
    );
    let subsidy = raw.subsidy.as_ref().map(|s| {
        let rate = n.get(
            &s.rate,
            "subsidy.rate",
            "subsidy rate",
            Field::SubsidyRate,
            0.0..=1.0,
            "write 0.2 for 20% (0 to 1)",
        );
        if !(s.cap_rmb.is_finite() && s.cap_rmb >= 0.0) {
            n.ck.err(
                "economics.subsidy.cap_rmb",
                None,
                format!("subsidy cap {} must be 0 or more", s.cap_rmb),
            );
        }
        if !(s.min_investment_rmb.is_finite() && s.min_investment_rmb >= 0.0) {
            n.ck.err(
                "economics.subsidy.min_investment_rmb",
                None,
                format!("minimum investment {} must be 0 or more", s.min_investment_rmb),
            );
        }
        let written = s.award_probability.unwrap_or(1.0);
        if !(0.0..=1.0).contains(&written) {
            n.ck.err(
                "economics.subsidy.award_probability",
                None,
                format!("award probability {written} is outside 0..1"),
            );
        }
        let competition = match (s.projects_per_year, s.applicants_per_year) {
            (Some(p), Some(a)) if a > 0 => (p as f64 / a as f64).min(1.0),
            (Some(_), _) | (_, Some(_)) => {
                n.ck.err(
                    "economics.subsidy",
                    None,
                    "a competitive scheme needs both `projects_per_year` and `applicants_per_year` (more than 0)",
                );
                1.0
            }
            _ => 1.0,
        };
        if s.delay_years > 10 {
            n.ck.err(
                "economics.subsidy.delay_years",
                None,
                format!("{} years until the award is paid: at most 10", s.delay_years),
            );
        }
        let probability = written * competition;
        if probability < 1.0 {
            n.inputs.push((
                Input::new(
                    "economics.subsidy.award",
                    format!("{} granted", s.name),
                    Uncertain::Bernoulli { p: probability },
                ),
                Field::SubsidyAward,
            ));
        }
        Subsidy {
            name: s.name.clone(),
            rate,
            cap_rmb: s.cap_rmb,
            eligible: s.eligible.clone(),
            min_investment_rmb: s.min_investment_rmb,
            probability,
            delay_years: s.delay_years,
            award: probability,
        }
    });
    let tax = raw.tax.as_ref().map(|t| {
        let rate = n.get(
            &t.rate,
            "tax.rate",
            "income tax rate",
            Field::TaxRate,
            0.0..=0.6,
            "write 0.25 for 25% (0 to 0.6)",
        );
        if t.one_off_cap_rmb.is_some_and(|c| !(c.is_finite() && c >= 0.0)) {
            n.ck.err(
                "economics.tax.one_off_cap_rmb",
                None,
                "the one-off deduction cap must be 0 or more",
            );
        }
        if !(1..=50).contains(&t.depreciation_years) {
            n.ck.err(
                "economics.tax.depreciation_years",
                None,
                format!("{} years of depreciation: write 1 to 50", t.depreciation_years),
            );
        }
        Tax {
            rate,
            one_off_cap_rmb: t.one_off_cap_rmb,
            depreciation_years: t.depreciation_years,
            subsidy_taxable: t.subsidy_taxable,
        }
    });
    let vat = raw.vat.as_ref().map(|v| {
        if !(0.0..=0.5).contains(&v.rate) {
            n.ck.err(
                "economics.vat.rate",
                None,
                format!("VAT rate {} must be 0 to 0.5; write 0.13 for 13%", v.rate),
            );
        }
        Vat {
            rate: v.rate,
            deductible: v.deductible,
        }
    });
    let loan = raw.loan.as_ref().map(|l| {
        let rate = n.get(
            &l.rate,
            "loan.rate",
            "loan interest rate",
            Field::LoanRate,
            0.0..=0.5,
            "write 0.0435 for 4.35% a year (0 to 0.5)",
        );
        if !(l.amount_rmb.is_finite() && l.amount_rmb >= 0.0) {
            n.ck.err("economics.loan.amount_rmb", None, "the loan amount must be 0 or more");
        }
        if !(1..=30).contains(&l.term_years) {
            n.ck.err(
                "economics.loan.term_years",
                None,
                format!("a term of {} years: write 1 to 30", l.term_years),
            );
        }
        if !(0.0..=0.5).contains(&l.interest_subsidy_rate) {
            n.ck.err(
                "economics.loan.interest_subsidy_rate",
                None,
                "the interest subsidy rate must be 0 to 0.5 (a share of the balance a year)",
            );
        }
        Loan {
            amount_rmb: l.amount_rmb,
            rate,
            term_years: l.term_years,
            interest_subsidy_rate: l.interest_subsidy_rate,
        }
    });
    let ck = n.ck;
    let inputs = n.inputs;
    if !(raw.horizon_years >= 1.0 && raw.horizon_years <= 50.0 && raw.horizon_years.fract() == 0.0) {
        ck.err(
            "economics.horizon_years",
            None,
            format!(
                "horizon {} years must be a whole number of years, 1 to 50",
                raw.horizon_years
            ),
        );
    }
    let within = raw.payback_within_years.unwrap_or(3.0);
    if !(within.is_finite() && within > 0.0) {
        ck.err("economics.payback_within_years", None, "it must be more than 0 years");
    }
    let f = raw.firm.clone().unwrap_or_default();
    let hours = f.hours_per_employee_per_year.unwrap_or(2000.0);
    if !(f.other_employees >= 0.0 && f.other_robots >= 0.0 && (100.0..=8766.0).contains(&hours)) {
        ck.err(
            "economics.firm",
            None,
            "employees and robots must be 0 or more, and hours_per_employee_per_year 100 to 8766",
        );
    }
    (ck.problems.len() == before).then_some(Economics {
        value_per_good_unit_rmb: value,
        operator_cost_per_hour_rmb: wage,
        robot_cost_per_operating_hour_rmb: robot,
        discount_rate: rate,
        horizon_years: raw.horizon_years,
        subsidy,
        market_limit_units_per_year: market,
        wage_growth,
        capital_overrun: overrun,
        residual_value_share: residual,
        tax,
        vat,
        loan,
        payback_within_years: within,
        firm: Firm {
            other_employees: f.other_employees,
            other_robots: f.other_robots,
            hours_per_employee_per_year: hours,
            value_added_per_good_unit_rmb: f.value_added_per_good_unit_rmb,
            other_value_added_rmb_per_year: f.other_value_added_rmb_per_year,
        },
        inputs,
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
