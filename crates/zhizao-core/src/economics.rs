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
//! Conventions: the net investment (after subsidy) and the contribution lost
//! while the line stands still for installation are paid at year 0; the
//! yearly benefit arrives at the end of each year; the discounted payback
//! treats it as arriving continuously within a year (fractional years).

use crate::model::Line;
use crate::sim::{Replication, State};
use crate::stats::Summary;
use crate::time::{DAY, Tick, ticks_to_hours};

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
}

/// `rate` of the eligible investment, capped, above a minimum.
#[derive(Clone, Debug, PartialEq)]
pub struct Subsidy {
    pub name: String,
    pub rate: f64,
    pub cap_rmb: f64,
    pub eligible: Vec<Category>,
    pub min_investment_rmb: f64,
}

/// One capital item of a variant.
#[derive(Clone, Debug, PartialEq)]
pub struct Investment {
    /// What it is, e.g. "robot cell at deburring".
    pub item: String,
    pub category: Category,
    pub cost_rmb: f64,
    /// Days the line stands still to install it.
    pub install_days: f64,
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

    /// The subsidy paid for these items [RMB].
    pub fn amount(&self, items: &[Investment]) -> f64 {
        let eligible = self.eligible_rmb(items);
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

/// A payback time with its interval; `None` = not paid back at all.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Payback {
    /// At the mean yearly benefit.
    pub estimate: Option<f64>,
    /// At the upper end of the benefit's interval (the shortest plausible).
    pub low: Option<f64>,
    /// At the lower end of the benefit's interval (the longest plausible).
    pub high: Option<f64>,
}

impl Payback {
    fn of(benefit: &Summary, f: impl Fn(f64) -> Option<f64>) -> Payback {
        let h = benefit.half_width.unwrap_or(0.0);
        Payback {
            estimate: f(benefit.mean),
            low: f(benefit.mean + h),
            high: f(benefit.mean - h),
        }
    }
}

/// A variant's finances against the baseline.
#[derive(Clone, Debug)]
pub struct Finance {
    pub investment_rmb: f64,
    /// Investment that counts towards the subsidy.
    pub eligible_rmb: f64,
    pub subsidy_rmb: f64,
    pub net_investment_rmb: f64,
    pub install_days: f64,
    /// Contribution lost while the line stands still for installation.
    pub downtime_cost_rmb: Summary,
    /// Baseline labour cost minus this variant's [RMB/yr].
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

/// A payback from a first-year and a steady benefit, with the range from
/// both at the ends of their intervals together.
fn two_phase(first: &Summary, steady: &Summary, f: impl Fn(f64, f64) -> Option<f64>) -> Payback {
    let (h1, hs) = (first.half_width.unwrap_or(0.0), steady.half_width.unwrap_or(0.0));
    Payback {
        estimate: f(first.mean, steady.mean),
        low: f(first.mean + h1, steady.mean + hs),
        high: f(first.mean - h1, steady.mean - hs),
    }
}

fn fixed(x: f64, n: usize) -> Summary {
    Summary {
        mean: x,
        half_width: if n >= 2 { Some(0.0) } else { None },
        n,
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
}

/// Hours a year each operator of the line is on shift, summed over pools:
/// a weekly calendar's week scaled to a year, a dated one's first year
/// from the start date (its holidays and overtime days counted).
fn operator_hours_per_year(line: &Line) -> f64 {
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
        .sum()
}

impl Economics {
    /// Yearly contribution, per replication [RMB/yr]: good output a year,
    /// up to the market limit, at its value.
    fn contribution(&self, reps: &[Replication], run: Tick) -> Vec<f64> {
        let years = ticks_to_hours(run) / HOURS_PER_YEAR;
        reps.iter()
            .map(|r| {
                let good = r.line[crate::kpi::GOOD_OUTPUT];
                match self.market_limit_units_per_year {
                    Some(limit) => self.value_per_good_unit_rmb * (good / years).min(limit),
                    None => self.value_per_good_unit_rmb * good / years,
                }
            })
            .collect()
    }

    /// Yearly electricity cost, per replication [RMB/yr]; 0 for a line
    /// without power data.
    fn energy_cost(reps: &[Replication]) -> Vec<f64> {
        reps.iter()
            .map(|r| {
                let c = r.line[crate::kpi::ENERGY_COST_YEAR];
                if c.is_nan() { 0.0 } else { c }
            })
            .collect()
    }

    /// Yearly robot running cost, per replication [RMB/yr].
    fn robot_cost(&self, line: &Line, reps: &[Replication]) -> Vec<f64> {
        reps.iter()
            .map(|r| {
                let hours: f64 = line
                    .stations
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
                    .sum();
                hours * self.robot_cost_per_operating_hour_rmb
            })
            .collect()
    }

    /// The variant's finances against the baseline; replications are paired
    /// by index (the first `min(len)` of each).
    pub fn finance(
        &self,
        (line, items, reps): (&Line, &[Investment], &[Replication]),
        (base_line, base_reps): (&Line, &[Replication]),
        run: Tick,
    ) -> Finance {
        let n = reps.len().min(base_reps.len());
        let (reps, base_reps) = (&reps[..n], &base_reps[..n]);
        let investment_rmb: f64 = items.iter().map(|i| i.cost_rmb).sum();
        let eligible_rmb = self.subsidy.as_ref().map_or(0.0, |s| s.eligible_rmb(items));
        let subsidy_rmb = self.subsidy.as_ref().map_or(0.0, |s| s.amount(items));
        let net_investment_rmb = investment_rmb - subsidy_rmb;
        let install_days: f64 = items.iter().map(|i| i.install_days).sum();

        let base_contribution = self.contribution(base_reps, run);
        let contribution = self.contribution(reps, run);
        let base_robots = self.robot_cost(base_line, base_reps);
        let robots = self.robot_cost(line, reps);
        let labour_saving =
            (operator_hours_per_year(base_line) - operator_hours_per_year(line)) * self.operator_cost_per_hour_rmb;
        let days_per_year = HOURS_PER_YEAR / ticks_to_hours(DAY);
        let downtime: Vec<f64> = base_contribution
            .iter()
            .map(|c| c / days_per_year * install_days)
            .collect();
        let extra_contribution: Vec<f64> = contribution
            .iter()
            .zip(&base_contribution)
            .map(|(a, b)| a - b)
            .collect();
        let extra_running: Vec<f64> = robots.iter().zip(&base_robots).map(|(a, b)| a - b).collect();
        let extra_energy: Vec<f64> = Self::energy_cost(reps)
            .iter()
            .zip(Self::energy_cost(base_reps))
            .map(|(a, b)| a - b)
            .collect();
        let benefit: Vec<f64> = extra_contribution
            .iter()
            .zip(&extra_running)
            .zip(&extra_energy)
            .map(|((c, r), e)| labour_saving + c - r - e)
            .collect();
        let annuity = annuity_factor(self.discount_rate, self.horizon_years);
        let npv: Vec<f64> = benefit
            .iter()
            .zip(&downtime)
            .map(|(b, d)| b * annuity - net_investment_rmb - d)
            .collect();
        let downtime_cost_rmb = Summary::of(&downtime);
        let benefit_summary = Summary::of(&benefit);
        let outlay = net_investment_rmb + downtime_cost_rmb.mean;
        let rate = self.discount_rate;
        Finance {
            investment_rmb,
            eligible_rmb,
            subsidy_rmb,
            net_investment_rmb,
            install_days,
            downtime_cost_rmb,
            annual_labour_saving_rmb: labour_saving,
            annual_extra_contribution_rmb: Summary::of(&extra_contribution),
            annual_extra_running_cost_rmb: Summary::of(&extra_running),
            annual_extra_energy_cost_rmb: Summary::of(&extra_energy),
            payback_years: Payback::of(&benefit_summary, |b| simple_payback(outlay, b)),
            discounted_payback_years: Payback::of(&benefit_summary, |b| discounted_payback(outlay, b, rate)),
            annual_benefit_rmb: benefit_summary,
            npv_rmb: Summary::of(&npv),
            npv_per_replication: npv,
            benefit_per_replication: benefit,
            first_year_benefit_rmb: None,
        }
    }

    /// The finances of a variant whose first year after installation was
    /// simulated with its ramp-up (`first`, from a one-year run from the
    /// installation) and whose later years are steady (`steady`, the normal
    /// run). Replications are paired by index. Year 1's benefit arrives at
    /// its end, as every year's does.
    pub fn with_first_year(&self, steady: &Finance, first: &Finance) -> Finance {
        let n = steady
            .benefit_per_replication
            .len()
            .min(first.benefit_per_replication.len());
        let d1 = 1.0 + self.discount_rate;
        // The NPV loses the difference between a steady and the first year,
        // discounted one year.
        let npv: Vec<f64> = (0..n)
            .map(|i| {
                steady.npv_per_replication[i]
                    - (steady.benefit_per_replication[i] - first.benefit_per_replication[i]) / d1
            })
            .collect();
        let outlay = steady.outlay_rmb();
        let rate = self.discount_rate;
        let b1 = first.annual_benefit_rmb;
        let bs = steady.annual_benefit_rmb;
        let payback_years = two_phase(&b1, &bs, |y1, ys| {
            if y1 >= outlay && y1 > 0.0 {
                Some(outlay / y1)
            } else {
                simple_payback(outlay - y1, ys).map(|y| 1.0 + y)
            }
        });
        let discounted = two_phase(&b1, &bs, |y1, ys| {
            if y1 / d1 >= outlay && y1 > 0.0 {
                Some(outlay * d1 / y1)
            } else {
                discounted_payback((outlay - y1 / d1) * d1, ys, rate).map(|y| 1.0 + y)
            }
        });
        Finance {
            npv_rmb: Summary::of(&npv),
            npv_per_replication: npv,
            payback_years,
            discounted_payback_years: discounted,
            first_year_benefit_rmb: Some(b1),
            ..steady.clone()
        }
    }

    /// Cumulative discounted cash position after each whole year
    /// `0..=horizon` at a yearly benefit: the payback curve.
    pub fn cash_curve(&self, outlay: f64, benefit: f64) -> Vec<f64> {
        let years = self.horizon_years.ceil().max(1.0) as usize;
        (0..=years)
            .map(|y| benefit * annuity_factor(self.discount_rate, y as f64) - outlay)
            .collect()
    }
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
        }
    }

    fn wenzhou() -> Subsidy {
        Subsidy {
            name: "Wenzhou".into(),
            rate: 0.2,
            cap_rmb: 5_000_000.0,
            eligible: vec![Category::RobotCell, Category::Machine, Category::Software],
            min_investment_rmb: 0.0,
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
