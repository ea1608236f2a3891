//! Money: investment, subsidy, yearly savings, payback and net present value
//! of a retrofit variant against the baseline.
//!
//! Yearly figures come from the simulated run scaled to a year of 365.25
//! days. Every figure that depends on the simulation is computed per
//! replication from the paired (common random numbers) replications of the
//! variant and the baseline, so its confidence interval carries the
//! simulation's uncertainty. Payback is a monotone function of the yearly
//! benefit, so its interval is the benefit's interval mapped through it.
//!
//! The yearly cash flows, with the finance conventions (subsidy award and
//! delay, income tax and depreciation, VAT, residual value, a loan with an
//! interest subsidy, wage growth, people costs), are built in [`cashflow`],
//! whose documentation holds every formula.
//!
//! Uncertain inputs ([`crate::uncertain`]) are drawn once per replication,
//! so each replication's money carries both the simulation's luck and one
//! draw of everything the planner does not know; [`Risk`] describes the
//! resulting distribution.

pub mod cashflow;

use std::borrow::Cow;

pub use cashflow::{Flows, Loan, People, Project, Tax, Terms, Vat};

use crate::model::Line;
use crate::sim::{Replication, State};
use crate::stats::Summary;
use crate::time::{DAY, Tick, ticks_to_hours};
use crate::uncertain::{Input, Inputs};

/// Hours in a year of 365.25 days.
pub const HOURS_PER_YEAR: f64 = 8766.0;

/// What a capital cost buys, for subsidy eligibility.
#[derive(Clone, Copy, Debug, serde::Deserialize, serde::Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    RobotCell,
    Machine,
    Conveyor,
    Software,
    Other,
}

/// Capital cost of a list of items [RMB], before any subsidy; +0 for none
/// (a plain float `sum` of nothing is -0, which JSON would show).
pub fn capital_cost_rmb(items: &[Investment]) -> f64 {
    items.iter().fold(0.0, |total, i| total + i.cost_rmb)
}

/// Money matters of a scenario, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Economics {
    /// Contribution of one good unit [RMB].
    pub value_per_good_unit_rmb: f64,
    /// Cost of an operator-hour on shift [RMB/h].
    pub operator_cost_per_hour_rmb: f64,
    /// Energy and maintenance per robot operating hour [RMB/h].
    pub robot_cost_per_operating_hour_rmb: f64,
    /// Yearly discount rate (0.08 = 8%).
    pub discount_rate: f64,
    pub horizon_years: f64,
    pub subsidy: Option<Subsidy>,
    /// Good units a year the market takes; more earns nothing. `None` = no limit.
    pub market_limit_units_per_year: Option<f64>,
    /// Yearly growth of wages (labour savings and new posts grow with it).
    pub wage_growth: f64,
    /// Factor on every capital cost (1.1 = 10% over budget).
    pub capital_overrun: f64,
    /// Share of the capital the equipment is worth at the horizon.
    pub residual_value_share: f64,
    pub tax: Option<Tax>,
    pub vat: Option<Vat>,
    pub loan: Option<Loan>,
    /// The "pays back within N years" of the risk figures.
    pub payback_within_years: f64,
    /// The firm around the line, for the policy indicators.
    pub firm: Firm,
    /// Uncertain numbers of this block, with the field each one sets.
    pub inputs: Vec<(Input, Field)>,
}

/// The firm around the line: what firm-wide indicators need.
#[derive(Clone, Debug, PartialEq)]
pub struct Firm {
    /// Employees outside the line's operator pools (indirect staff, other
    /// lines, office), people.
    pub other_employees: f64,
    /// Robots outside the line (ISO 8373).
    pub other_robots: f64,
    /// Hours one employee works a year: turns operator-hours into people.
    pub hours_per_employee_per_year: f64,
    /// Value added by one good unit (price minus bought-in materials and
    /// services) [RMB]; `None` = the contribution per unit.
    pub value_added_per_good_unit_rmb: Option<f64>,
    /// Value added by the rest of the firm a year [RMB/yr].
    pub other_value_added_rmb_per_year: f64,
}

impl Default for Firm {
    fn default() -> Firm {
        Firm {
            other_employees: 0.0,
            other_robots: 0.0,
            hours_per_employee_per_year: 2000.0,
            value_added_per_good_unit_rmb: None,
            other_value_added_rmb_per_year: 0.0,
        }
    }
}

/// A number of the economics block an uncertain input sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    ValuePerGoodUnit,
    OperatorCost,
    RobotCost,
    DiscountRate,
    MarketLimit,
    WageGrowth,
    CapitalOverrun,
    ResidualValueShare,
    SubsidyRate,
    SubsidyAward,
    TaxRate,
    LoanRate,
}

impl Economics {
    /// Sets one field to `v`.
    pub fn set(&mut self, field: Field, v: f64) {
        match field {
            Field::ValuePerGoodUnit => self.value_per_good_unit_rmb = v,
            Field::OperatorCost => self.operator_cost_per_hour_rmb = v,
            Field::RobotCost => self.robot_cost_per_operating_hour_rmb = v,
            Field::DiscountRate => self.discount_rate = v,
            Field::MarketLimit => self.market_limit_units_per_year = Some(v),
            Field::WageGrowth => self.wage_growth = v,
            Field::CapitalOverrun => self.capital_overrun = v,
            Field::ResidualValueShare => self.residual_value_share = v,
            Field::SubsidyRate => {
                if let Some(s) = &mut self.subsidy {
                    s.rate = v
                }
            }
            Field::SubsidyAward => {
                if let Some(s) = &mut self.subsidy {
                    s.award = v
                }
            }
            Field::TaxRate => {
                if let Some(t) = &mut self.tax {
                    t.rate = v
                }
            }
            Field::LoanRate => {
                if let Some(l) = &mut self.loan {
                    l.rate = v
                }
            }
        }
    }

    /// The block with its uncertain inputs set for `replication` (itself
    /// when it has none).
    pub fn drawn(&self, inputs: Inputs, seed: u64, replication: u32) -> Cow<'_, Economics> {
        if self.inputs.is_empty() {
            return Cow::Borrowed(self);
        }
        let mut e = self.clone();
        for (input, field) in &self.inputs {
            e.set(*field, input.value(inputs, seed, replication));
        }
        Cow::Owned(e)
    }

    /// The finance conventions as the cash flows take them.
    pub fn terms(&self) -> Terms {
        Terms {
            discount_rate: self.discount_rate,
            horizon_years: self.horizon_years.round().max(1.0) as u32,
            wage_growth: self.wage_growth,
            tax: self.tax.clone(),
            vat: self.vat.clone(),
            loan: self.loan.clone(),
            residual_value_share: self.residual_value_share,
            subsidy_delay_years: self.subsidy.as_ref().map_or(0, |s| s.delay_years),
        }
    }
}

/// `rate` of the eligible investment, capped, above a minimum.
#[derive(Clone, Debug, PartialEq)]
pub struct Subsidy {
    pub name: String,
    pub rate: f64,
    pub cap_rmb: f64,
    pub eligible: Vec<Category>,
    pub min_investment_rmb: f64,
    /// Chance the project is awarded: the written probability times
    /// `min(1, projects / applicants)` of a competitive scheme.
    pub probability: f64,
    /// Years after installation (acceptance) the award is paid.
    pub delay_years: u32,
    /// Granted (1) or not (0) in this replication; the base value is
    /// `probability` (the expected award).
    pub award: f64,
}

/// One capital item of a variant.
#[derive(Clone, Debug, PartialEq)]
pub struct Investment {
    /// What it is, e.g. "robot cell at deburring".
    pub item: String,
    pub category: Category,
    /// The cost at its base value, without VAT.
    pub cost_rmb: f64,
    /// Days the line stands still to install it.
    pub install_days: f64,
    /// The cost, when it is uncertain.
    pub uncertain: Option<Input>,
}

impl Investment {
    /// Its cost in `replication` under `inputs`, before the overrun factor.
    pub fn cost(&self, inputs: Inputs, seed: u64, replication: u32) -> f64 {
        self.uncertain
            .as_ref()
            .map_or(self.cost_rmb, |u| u.value(inputs, seed, replication))
    }
}

impl Subsidy {
    /// Investment that counts towards the subsidy [RMB].
    pub fn eligible_rmb(&self, items: &[Investment]) -> f64 {
        items
            .iter()
            .filter(|i| self.eligible.contains(&i.category))
            .map(|i| i.cost_rmb)
            .sum()
    }

    /// The subsidy paid for these items if granted [RMB].
    pub fn amount(&self, items: &[Investment]) -> f64 {
        self.amount_of(self.eligible_rmb(items))
    }

    /// The subsidy for an eligible investment if granted [RMB].
    pub fn amount_of(&self, eligible: f64) -> f64 {
        if eligible <= 0.0 || eligible < self.min_investment_rmb {
            0.0
        } else {
            (self.rate * eligible).min(self.cap_rmb)
        }
    }
}

/// Present value of 1 RMB a year at the end of each of `years` years
/// (fractional years by the same formula).
pub fn annuity_factor(rate: f64, years: f64) -> f64 {
    if rate.abs() < 1e-12 {
        years
    } else {
        (1.0 - (1.0 + rate).powf(-years)) / rate
    }
}

/// Years until a yearly `benefit` repays `outlay`, undiscounted; `None`
/// when it never does. Nothing to repay is paid back at once, unless the
/// yearly benefit is negative.
pub fn simple_payback(outlay: f64, benefit: f64) -> Option<f64> {
    if outlay <= 0.0 {
        (benefit >= 0.0).then_some(0.0)
    } else if benefit > 0.0 {
        Some(outlay / benefit)
    } else {
        None
    }
}

/// Years until the discounted benefits repay `outlay`: the `t` with
/// `benefit * annuity_factor(rate, t) = outlay`; `None` when never.
pub fn discounted_payback(outlay: f64, benefit: f64, rate: f64) -> Option<f64> {
    if outlay <= 0.0 {
        return (benefit >= 0.0).then_some(0.0);
    }
    if benefit <= 0.0 {
        return None;
    }
    if rate.abs() < 1e-12 {
        return Some(outlay / benefit);
    }
    let x = 1.0 - outlay * rate / benefit;
    (x > 0.0).then(|| -x.ln() / (1.0 + rate).ln())
}

/// A payback time with its interval; `None` = not paid back within the horizon.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Payback {
    /// From the mean yearly cash flows.
    pub estimate: Option<f64>,
    /// With the yearly benefit at the upper end of its interval (the shortest plausible).
    pub low: Option<f64>,
    /// With the yearly benefit at the lower end of its interval (the longest plausible).
    pub high: Option<f64>,
}

/// A distribution over replications: the mean and the 10th, 50th and 90th
/// percentiles (linear interpolation between order statistics, type 7; an
/// infinite value, a payback not reached, sorts last).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    pub mean: f64,
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
}

/// The `p` quantile of sorted values (type 7).
fn quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    if lo == hi || sorted[hi] == sorted[lo] {
        sorted[lo]
    } else {
        sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
    }
}

impl Spread {
    pub fn of(xs: &[f64]) -> Spread {
        let mut s = xs.to_vec();
        s.sort_by(f64::total_cmp);
        Spread {
            mean: s.iter().sum::<f64>() / s.len().max(1) as f64,
            p10: quantile(&s, 0.1),
            p50: quantile(&s, 0.5),
            p90: quantile(&s, 0.9),
        }
    }
}

/// How sure the money is: the distribution of a variant's NPV and payback
/// over replications, each with its own draw of the uncertain inputs.
#[derive(Clone, Debug, PartialEq)]
pub struct Risk {
    pub npv: Spread,
    /// Share of replications with a negative NPV.
    pub probability_npv_negative: f64,
    /// Years; infinite where not paid back within the horizon.
    pub payback: Spread,
    pub discounted_payback: Spread,
    /// The N of "pays back within N years".
    pub within_years: f64,
    pub probability_payback_within: f64,
    pub probability_discounted_payback_within: f64,
    /// The uncertain inputs drawn, by label; empty = the spread is
    /// simulation noise only.
    pub inputs: Vec<String>,
}

/// Keys and labels of the risk figures (JSON, CSV, `zhizao check`).
pub const RISKS: &[(&str, &str)] = &[
    ("npv_p10_rmb", "NPV, 10th percentile [RMB]"),
    ("npv_p50_rmb", "NPV, median [RMB]"),
    ("npv_p90_rmb", "NPV, 90th percentile [RMB]"),
    ("probability_npv_negative", "Chance NPV < 0"),
    ("payback_p50_years", "Payback, median [years]"),
    ("payback_p90_years", "Payback, 90th percentile [years]"),
    ("probability_payback_within", "Chance of payback within N years"),
    (
        "probability_discounted_payback_within",
        "Chance of discounted payback within N years",
    ),
];

impl Risk {
    /// The figures in [`RISKS`] order (infinite = not within the horizon).
    pub fn figures(&self) -> Vec<f64> {
        vec![
            self.npv.p10,
            self.npv.p50,
            self.npv.p90,
            self.probability_npv_negative,
            self.payback.p50,
            self.payback.p90,
            self.probability_payback_within,
            self.probability_discounted_payback_within,
        ]
    }
}

/// What a replication's money is made of, before the cash flows.
#[derive(Clone, Debug, PartialEq)]
pub struct Parts {
    /// Capital without VAT, overrun included [RMB].
    pub investment: f64,
    pub eligible: f64,
    pub labour_saving: f64,
    pub extra_contribution: f64,
    pub extra_running: f64,
    pub extra_energy: f64,
}

/// One replication's money.
#[derive(Clone, Debug, PartialEq)]
pub struct Case {
    pub terms: Terms,
    pub project: Project,
    pub parts: Parts,
    pub flows: Flows,
    /// Net cash flows if the line keeps running for [`PAYBACK_YEARS`]
    /// (no sale at the horizon): what the paybacks are read from, so a
    /// payback beyond the NPV horizon is still a number.
    pub long_net: Vec<f64>,
    pub npv: f64,
    pub payback: Option<f64>,
    pub discounted_payback: Option<f64>,
}

/// Years a payback is looked for ("never" beyond).
pub const PAYBACK_YEARS: u32 = 50;

impl Case {
    fn new(terms: Terms, project: Project, parts: Parts) -> Case {
        let flows = cashflow::flows(&terms, &project);
        let long = Terms {
            horizon_years: PAYBACK_YEARS.max(terms.horizon_years),
            residual_value_share: 0.0,
            ..terms.clone()
        };
        let long_net = cashflow::flows(&long, &project).net;
        Case {
            npv: cashflow::npv(&flows.net, terms.discount_rate),
            payback: cashflow::payback(&long_net),
            discounted_payback: cashflow::discounted_payback(&long_net, terms.discount_rate),
            long_net,
            terms,
            project,
            parts,
            flows,
        }
    }
}

/// A variant's finances against the baseline.
#[derive(Clone, Debug)]
pub struct Finance {
    /// Mean over replications (uncertain costs and the overrun drawn).
    pub investment_rmb: f64,
    /// Investment that counts towards the subsidy.
    pub eligible_rmb: f64,
    /// The expected subsidy: the chance of the award x the amount if granted.
    pub subsidy_rmb: f64,
    /// The subsidy if granted (mean over replications).
    pub subsidy_if_granted_rmb: f64,
    /// The chance of the award, when a subsidy applies.
    pub subsidy_probability: Option<f64>,
    pub subsidy_delay_years: u32,
    pub net_investment_rmb: f64,
    pub install_days: f64,
    /// Contribution lost while the line stands still for installation.
    pub downtime_cost_rmb: Summary,
    /// Baseline labour cost minus this variant's, year 1 [RMB/yr] (mean).
    pub annual_labour_saving_rmb: f64,
    /// Extra contribution from more good output [RMB/yr].
    pub annual_extra_contribution_rmb: Summary,
    /// Extra robot running cost [RMB/yr].
    pub annual_extra_running_cost_rmb: Summary,
    /// Extra electricity cost at the tariff [RMB/yr] (0 without `power_kw`).
    pub annual_extra_energy_cost_rmb: Summary,
    /// Labour saving + extra contribution - extra running and energy cost [RMB/yr].
    pub annual_benefit_rmb: Summary,
    pub payback_years: Payback,
    pub discounted_payback_years: Payback,
    /// Over the horizon, at the discount rate [RMB].
    pub npv_rmb: Summary,
    /// Per replication, for paired comparisons of NPVs.
    pub npv_per_replication: Vec<f64>,
    /// The yearly benefit per replication.
    pub benefit_per_replication: Vec<f64>,
    /// The benefit of the first year after installation, simulated with
    /// the ramp-up (`--from-install`); `annual_benefit_rmb` is then the
    /// steady benefit of the later years. `None` = every year steady.
    pub first_year_benefit_rmb: Option<Summary>,
    /// The variant's people costs (one-off, new posts).
    pub people: People,
    /// The yearly cash flows, each component the mean over replications.
    pub flows: Flows,
    pub risk: Risk,
    /// Each replication's money.
    pub cases: Vec<Case>,
}

/// A money figure's key (as in JSON, CSV and `zhizao check`) and label.
pub const FIGURES: &[(&str, &str)] = &[
    ("investment_rmb", "Investment [RMB]"),
    ("subsidy_rmb", "Subsidy [RMB]"),
    ("net_investment_rmb", "Net investment [RMB]"),
    ("downtime_cost_rmb", "Installation downtime cost [RMB]"),
    ("annual_labour_saving_rmb", "Labour saving [RMB/yr]"),
    ("annual_extra_contribution_rmb", "Extra contribution [RMB/yr]"),
    ("annual_extra_running_cost_rmb", "Extra robot running cost [RMB/yr]"),
    ("annual_extra_energy_cost_rmb", "Extra electricity cost [RMB/yr]"),
    ("annual_benefit_rmb", "Net benefit [RMB/yr]"),
    ("npv_rmb", "Net present value [RMB]"),
];

/// Keys of the payback figures (see [`Payback`]).
pub const PAYBACKS: &[(&str, &str)] = &[
    ("payback_years", "Payback [years]"),
    ("discounted_payback_years", "Discounted payback [years]"),
];

fn fixed(x: f64, n: usize) -> Summary {
    Summary {
        mean: x,
        half_width: if n >= 2 { Some(0.0) } else { None },
        n,
    }
}

/// The mean of a figure over replications' flows, component by component.
fn mean_flows(cases: &[Case]) -> Flows {
    let n = cases.len().max(1) as f64;
    let mean = |get: fn(&Flows) -> &Vec<f64>| -> Vec<f64> {
        let len = cases.first().map_or(0, |c| get(&c.flows).len());
        (0..len)
            .map(|y| cases.iter().map(|c| get(&c.flows)[y]).sum::<f64>() / n)
            .collect()
    };
    Flows {
        capital: mean(|f| &f.capital),
        vat: mean(|f| &f.vat),
        downtime: mean(|f| &f.downtime),
        people: mean(|f| &f.people),
        operating: mean(|f| &f.operating),
        subsidy: mean(|f| &f.subsidy),
        loan: mean(|f| &f.loan),
        interest_subsidy: mean(|f| &f.interest_subsidy),
        residual: mean(|f| &f.residual),
        tax: mean(|f| &f.tax),
        net: mean(|f| &f.net),
    }
}

impl Finance {
    /// The figures in [`FIGURES`] order.
    pub fn figures(&self) -> Vec<Summary> {
        let n = self.npv_rmb.n;
        vec![
            fixed(self.investment_rmb, n),
            fixed(self.subsidy_rmb, n),
            fixed(self.net_investment_rmb, n),
            self.downtime_cost_rmb,
            fixed(self.annual_labour_saving_rmb, n),
            self.annual_extra_contribution_rmb,
            self.annual_extra_running_cost_rmb,
            self.annual_extra_energy_cost_rmb,
            self.annual_benefit_rmb,
            self.npv_rmb,
        ]
    }

    /// The paybacks in [`PAYBACKS`] order.
    pub fn paybacks(&self) -> [Payback; 2] {
        [self.payback_years, self.discounted_payback_years]
    }

    /// Net investment plus the installation downtime: paid at year 0.
    pub fn outlay_rmb(&self) -> f64 {
        self.net_investment_rmb + self.downtime_cost_rmb.mean
    }

    /// The mean net cash flows with each year's benefit moved by `shift`
    /// (year 1 by `shift_first`); `long` = over [`PAYBACK_YEARS`].
    fn net_shifted(&self, shift_first: f64, shift: f64, long: bool) -> Vec<f64> {
        let net = if long {
            let n = self.cases.len().max(1) as f64;
            let len = self.cases.first().map_or(0, |c| c.long_net.len());
            (0..len)
                .map(|y| self.cases.iter().map(|c| c.long_net[y]).sum::<f64>() / n)
                .collect()
        } else {
            self.flows.net.clone()
        };
        net.iter()
            .enumerate()
            .map(|(y, c)| match y {
                0 => *c,
                1 => c + shift_first,
                _ => c + shift,
            })
            .collect()
    }

    /// Cumulative discounted cash position after each whole year
    /// `0..=horizon` of the mean cash flows, each year's benefit moved by
    /// `shift`: the payback curve.
    pub fn cash_curve(&self, rate: f64, shift: f64) -> Vec<f64> {
        let mut cum = 0.0;
        self.net_shifted(shift, shift, false)
            .iter()
            .enumerate()
            .map(|(y, c)| {
                cum += c / (1.0 + rate).powi(y as i32);
                cum
            })
            .collect()
    }

    /// Shows the subsidy as expected (probability x amount if granted),
    /// not as the replications' share of grants.
    fn expect_subsidy(&mut self, probability: Option<f64>) {
        self.subsidy_probability = probability;
        if let Some(p) = probability {
            self.subsidy_rmb = p * self.subsidy_if_granted_rmb;
            self.net_investment_rmb = self.investment_rmb - self.subsidy_rmb;
        }
    }

    /// The cumulative discounted cash curve of each replication.
    pub fn case_curves(&self) -> Vec<Vec<f64>> {
        self.cases
            .iter()
            .map(|c| {
                let mut cum = 0.0;
                c.flows
                    .net
                    .iter()
                    .enumerate()
                    .map(|(y, x)| {
                        cum += x / (1.0 + c.terms.discount_rate).powi(y as i32);
                        cum
                    })
                    .collect()
            })
            .collect()
    }

    /// Aggregates replications' cases.
    fn of_cases(cases: Vec<Case>, install_days: f64, within_years: f64, drawn: Vec<String>) -> Finance {
        let n = cases.len().max(1) as f64;
        let col = |f: &dyn Fn(&Case) -> f64| cases.iter().map(f).collect::<Vec<f64>>();
        let mean = |f: &dyn Fn(&Case) -> f64| cases.iter().map(f).sum::<f64>() / n;
        let benefit = col(&|c| c.project.benefit_rmb);
        let npv = col(&|c| c.npv);
        let investment_rmb = mean(&|c| c.parts.investment);
        let subsidy_rmb = mean(&|c| c.project.award * c.project.subsidy_rmb);
        let downtime_cost_rmb = Summary::of(&col(&|c| c.project.downtime_rmb));
        let benefit_summary = Summary::of(&benefit);
        let first = cases
            .first()
            .and_then(|c| c.project.first_year_benefit_rmb)
            .map(|_| Summary::of(&col(&|c| c.project.first_year_benefit_rmb.unwrap_or(f64::NAN))));
        let years = |p: Option<f64>| p.unwrap_or(f64::INFINITY);
        let within = |f: &dyn Fn(&Case) -> Option<f64>| {
            cases.iter().filter(|c| f(c).is_some_and(|y| y <= within_years)).count() as f64 / n
        };
        let mut finance = Finance {
            investment_rmb,
            eligible_rmb: mean(&|c| c.parts.eligible),
            subsidy_rmb,
            subsidy_if_granted_rmb: mean(&|c| c.project.subsidy_rmb),
            subsidy_probability: None,
            subsidy_delay_years: cases.first().map_or(0, |c| c.terms.subsidy_delay_years),
            net_investment_rmb: investment_rmb - subsidy_rmb,
            install_days,
            downtime_cost_rmb,
            annual_labour_saving_rmb: mean(&|c| c.parts.labour_saving),
            annual_extra_contribution_rmb: Summary::of(&col(&|c| c.parts.extra_contribution)),
            annual_extra_running_cost_rmb: Summary::of(&col(&|c| c.parts.extra_running)),
            annual_extra_energy_cost_rmb: Summary::of(&col(&|c| c.parts.extra_energy)),
            annual_benefit_rmb: benefit_summary,
            payback_years: Payback {
                estimate: None,
                low: None,
                high: None,
            },
            discounted_payback_years: Payback {
                estimate: None,
                low: None,
                high: None,
            },
            npv_rmb: Summary::of(&npv),
            risk: Risk {
                npv: Spread::of(&npv),
                probability_npv_negative: npv.iter().filter(|x| **x < 0.0).count() as f64 / n,
                payback: Spread::of(&col(&|c| years(c.payback))),
                discounted_payback: Spread::of(&col(&|c| years(c.discounted_payback))),
                within_years,
                probability_payback_within: within(&|c| c.payback),
                probability_discounted_payback_within: within(&|c| c.discounted_payback),
                inputs: drawn,
            },
            npv_per_replication: npv,
            benefit_per_replication: benefit,
            first_year_benefit_rmb: first,
            people: cases.first().map_or_else(People::default, |c| c.project.people.clone()),
            flows: mean_flows(&cases),
            cases,
        };
        // Paybacks of the mean cash flows, and with the benefit at the ends
        // of its interval (simulation noise and the inputs' spread together).
        let rate = finance.cases.first().map_or(0.0, |c| c.terms.discount_rate);
        let hs = finance.annual_benefit_rmb.half_width.unwrap_or(0.0);
        let h1 = finance
            .first_year_benefit_rmb
            .map_or(hs, |s| s.half_width.unwrap_or(0.0));
        let nets = [
            finance.net_shifted(0.0, 0.0, true),
            finance.net_shifted(h1, hs, true),
            finance.net_shifted(-h1, -hs, true),
        ];
        let of = |f: &dyn Fn(&[f64]) -> Option<f64>| Payback {
            estimate: f(&nets[0]),
            low: f(&nets[1]),
            high: f(&nets[2]),
        };
        finance.payback_years = of(&cashflow::payback);
        finance.discounted_payback_years = of(&|net| cashflow::discounted_payback(net, rate));
        finance
    }
}

/// Hours a year each operator of the line is on shift, summed over pools:
/// a weekly calendar's week scaled to a year, a dated one's first year
/// from the start date (its holidays and overtime days counted).
pub fn operator_hours_per_year(line: &Line) -> f64 {
    operator_hours_by_pool(line).iter().sum()
}

/// [`operator_hours_per_year`] pool by pool.
pub fn operator_hours_by_pool(line: &Line) -> Vec<f64> {
    let week = 7.0 * 24.0;
    line.pools
        .iter()
        .map(|p| {
            let on_per_year = p.calendar.map_or(HOURS_PER_YEAR, |c| {
                let cal = &line.calendars[c];
                if cal.has_dates() {
                    let year = (HOURS_PER_YEAR * crate::time::HOUR as f64) as Tick;
                    ticks_to_hours(cal.on_between(0, year))
                } else {
                    ticks_to_hours(cal.on_per_week()) * HOURS_PER_YEAR / week
                }
            });
            p.headcount as f64 * on_per_year
        })
        .collect()
}

/// A variant as the money sees it: its line, capital items and people costs.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    pub line: &'a Line,
    pub items: &'a [Investment],
    pub people: &'a People,
    pub reps: &'a [Replication],
}

impl Economics {
    /// Yearly contribution of a replication [RMB/yr]: good output a year,
    /// up to the market limit, at its value.
    fn contribution(&self, r: &Replication, run: Tick) -> f64 {
        let years = ticks_to_hours(run) / HOURS_PER_YEAR;
        let good = r.line[crate::kpi::GOOD_OUTPUT];
        match self.market_limit_units_per_year {
            Some(limit) => self.value_per_good_unit_rmb * (good / years).min(limit),
            None => self.value_per_good_unit_rmb * good / years,
        }
    }

    /// Yearly electricity cost of a replication [RMB/yr]; 0 for a line
    /// without power data.
    fn energy_cost(r: &Replication) -> f64 {
        let c = r.line[crate::kpi::ENERGY_COST_YEAR];
        if c.is_nan() { 0.0 } else { c }
    }

    /// Robot operating hours a year of a replication.
    fn robot_hours(line: &Line, r: &Replication) -> f64 {
        line.stations
            .iter()
            .enumerate()
            .filter(|(_, s)| s.kind == crate::model::StationKind::Robot)
            .map(|(i, s)| {
                let k = &r.stations[i];
                // Shares of planned time, times the planned share of all hours.
                let on_shift = 1.0 - k[crate::kpi::ST_STATES + State::OffShift as usize];
                let operating = (k[crate::kpi::ST_STATES + State::Busy as usize]
                    + k[crate::kpi::ST_STATES + State::Setup as usize])
                    * on_shift;
                operating * s.servers as f64 * HOURS_PER_YEAR
            })
            .sum()
    }

    /// The labels of the inputs an experiment under `inputs` draws for a
    /// variant with these items.
    pub fn drawn_inputs(&self, items: &[Investment], line: &Line, base: &Line, inputs: Inputs) -> Vec<String> {
        if inputs != Inputs::Sampled {
            return Vec::new();
        }
        let mut out: Vec<String> = self.inputs.iter().map(|(i, _)| i.label.clone()).collect();
        out.extend(
            items
                .iter()
                .filter_map(|i| i.uncertain.as_ref().map(|u| u.label.clone())),
        );
        for l in [base, line] {
            for u in l.uncertain() {
                if !out.contains(&u.label) {
                    out.push(u.label.clone());
                }
            }
        }
        out
    }

    /// The variant's finances against the baseline; replications are paired
    /// by index (the first `min(len)` of each). Each replication draws its
    /// uncertain inputs under `inputs`.
    pub fn finance(&self, variant: Side, baseline: Side, run: Tick, inputs: Inputs, seed: u64) -> Finance {
        let n = variant.reps.len().min(baseline.reps.len());
        let install_days: f64 = variant.items.iter().map(|i| i.install_days).sum();
        let days_per_year = HOURS_PER_YEAR / ticks_to_hours(DAY);
        let hours_saved = operator_hours_per_year(baseline.line) - operator_hours_per_year(variant.line);
        let cases = (0..n)
            .map(|i| {
                let (r, b) = (&variant.reps[i], &baseline.reps[i]);
                let e = self.drawn(inputs, seed, r.replication);
                let costs: Vec<f64> = variant
                    .items
                    .iter()
                    .map(|it| it.cost(inputs, seed, r.replication) * e.capital_overrun)
                    .collect();
                let eligible: f64 = e.subsidy.as_ref().map_or(0.0, |s| {
                    variant
                        .items
                        .iter()
                        .zip(&costs)
                        .filter(|(it, _)| s.eligible.contains(&it.category))
                        .map(|(_, c)| c)
                        .sum()
                });
                let base_contribution = e.contribution(b, run);
                let parts = Parts {
                    investment: capital_sum(&costs),
                    eligible,
                    labour_saving: hours_saved * e.operator_cost_per_hour_rmb,
                    extra_contribution: e.contribution(r, run) - base_contribution,
                    extra_running: (Self::robot_hours(variant.line, r) - Self::robot_hours(baseline.line, b))
                        * e.robot_cost_per_operating_hour_rmb,
                    extra_energy: Self::energy_cost(r) - Self::energy_cost(b),
                };
                let project = Project {
                    items: costs,
                    subsidy_rmb: e.subsidy.as_ref().map_or(0.0, |s| s.amount_of(eligible)),
                    award: e.subsidy.as_ref().map_or(1.0, |s| s.award),
                    downtime_rmb: base_contribution / days_per_year * install_days,
                    benefit_rmb: parts.labour_saving + parts.extra_contribution
                        - parts.extra_running
                        - parts.extra_energy,
                    first_year_benefit_rmb: None,
                    labour_saving_rmb: parts.labour_saving,
                    people: variant.people.clone(),
                };
                Case::new(e.terms(), project, parts)
            })
            .collect();
        let drawn = self.drawn_inputs(variant.items, variant.line, baseline.line, inputs);
        let mut f = Finance::of_cases(cases, install_days, self.payback_within_years, drawn);
        f.expect_subsidy(self.subsidy.as_ref().map(|s| s.probability));
        f
    }

    /// The finances of a variant whose first year after installation was
    /// simulated with its ramp-up (`first`, from a one-year run from the
    /// installation) and whose later years are steady (`steady`, the normal
    /// run). Replications are paired by index. Year 1's benefit arrives at
    /// its end, as every year's does.
    pub fn with_first_year(&self, steady: &Finance, first: &Finance) -> Finance {
        let cases = steady
            .cases
            .iter()
            .zip(&first.benefit_per_replication)
            .map(|(c, b1)| {
                let mut project = c.project.clone();
                project.first_year_benefit_rmb = Some(*b1);
                Case::new(c.terms.clone(), project, c.parts.clone())
            })
            .collect();
        let mut f = Finance::of_cases(
            cases,
            steady.install_days,
            self.payback_within_years,
            steady.risk.inputs.clone(),
        );
        f.expect_subsidy(steady.subsidy_probability);
        f
    }
}

/// Sum of costs, +0 for none.
fn capital_sum(costs: &[f64]) -> f64 {
    costs.iter().fold(0.0, |a, c| a + c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(category: Category, cost_rmb: f64) -> Investment {
        Investment {
            item: "x".into(),
            category,
            cost_rmb,
            install_days: 0.0,
            uncertain: None,
        }
    }

    fn wenzhou() -> Subsidy {
        Subsidy {
            name: "Wenzhou".into(),
            rate: 0.2,
            cap_rmb: 5_000_000.0,
            eligible: vec![Category::RobotCell, Category::Machine, Category::Software],
            min_investment_rmb: 0.0,
            probability: 1.0,
            delay_years: 0,
            award: 1.0,
        }
    }

    #[test]
    fn subsidy_below_the_cap_is_the_rate_of_eligible_investment() {
        // 1.2 M robots + 0.3 M software eligible; the 0.5 M conveyor is not.
        let items = [
            item(Category::RobotCell, 1_200_000.0),
            item(Category::Software, 300_000.0),
            item(Category::Conveyor, 500_000.0),
        ];
        assert_eq!(wenzhou().eligible_rmb(&items), 1_500_000.0);
        assert_eq!(wenzhou().amount(&items), 300_000.0);
    }

    #[test]
    fn subsidy_cap_binds() {
        // 20% of 30 M would be 6 M; the cap is 5 M.
        let items = [item(Category::RobotCell, 30_000_000.0)];
        assert_eq!(wenzhou().amount(&items), 5_000_000.0);
    }

    #[test]
    fn subsidy_needs_the_minimum_investment() {
        let mut s = wenzhou();
        s.min_investment_rmb = 2_000_000.0;
        assert_eq!(s.amount(&[item(Category::RobotCell, 1_999_999.0)]), 0.0);
        assert_eq!(s.amount(&[item(Category::RobotCell, 2_000_000.0)]), 400_000.0);
    }

    #[test]
    fn payback_by_hand() {
        // 800,000 outlay repaid at 250,000 a year: 3.2 years undiscounted.
        assert_eq!(simple_payback(800_000.0, 250_000.0), Some(3.2));
        assert_eq!(simple_payback(800_000.0, 0.0), None);
        // At 8%: t = -ln(1 - 800000*0.08/250000) / ln(1.08) = -ln(0.744) / ln(1.08) = 3.842389 years.
        let t = discounted_payback(800_000.0, 250_000.0, 0.08).unwrap();
        assert!((t - 3.842_389).abs() < 1e-5, "{t}");
        // Consistent with the annuity: benefits up to t repay the outlay.
        assert!((250_000.0 * annuity_factor(0.08, t) - 800_000.0).abs() < 1e-6);
        // Never repaid when the yearly benefit is below the interest on the outlay.
        assert_eq!(discounted_payback(800_000.0, 60_000.0, 0.08), None);
        // Discounting at zero is the simple payback.
        assert_eq!(discounted_payback(800_000.0, 250_000.0, 0.0), Some(3.2));
    }

    #[test]
    fn annuity_by_hand() {
        // 1/1.1 + 1/1.21 + 1/1.331 = 2.486852...
        assert!((annuity_factor(0.1, 3.0) - 2.486_851_991).abs() < 1e-9);
        assert_eq!(annuity_factor(0.0, 5.0), 5.0);
    }
}
