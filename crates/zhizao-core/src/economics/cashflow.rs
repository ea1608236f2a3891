//! A retrofit's yearly cash flows, year 0 to the horizon, with the finance
//! conventions of the economics block. Every formula is here, once:
//!
//! Year 0 (at installation):
//! - capital: `-(sum of costs) x (1 + VAT rate)` (costs are written
//!   without VAT and include the `capital_overrun` factor);
//! - installation downtime (lost contribution) and the one-off people costs
//!   (severance, retraining, redeployment), negative;
//! - the loan amount, positive; the subsidy if it is paid at once.
//!
//! Year t = 1..H (at the end of the year):
//! - operating benefit `B_t = B + S x ((1+g)^(t-1) - 1) - T x (1+g)^(t-1)`,
//!   where B is the simulated yearly benefit (year 1 from `--from-install`
//!   when given), S the labour saving in it, g the wage growth and T the
//!   yearly cost of new technician posts;
//! - deductible input VAT on the equipment, recovered in year 1;
//! - the subsidy `award x amount` in year `delay_years` (award = 1 granted,
//!   0 not; its base value is the probability, so a run at base values
//!   carries the expected subsidy);
//! - loan: the annuity `A = L i / (1 - (1+i)^-n)` for n years, less the
//!   interest subsidy (`interest_subsidy_rate x` the balance at the start
//!   of the year); a balance left at the horizon is repaid then;
//! - residual value `share x capital` in year H;
//! - income tax `rate x taxable income`, where taxable income = operating
//!   benefit - depreciation - interest + interest subsidy (+ subsidy when
//!   taxable) (+ residual value - book value in year H: the equipment is
//!   valued at its residual value at the horizon) (- year-0 downtime and
//!   people costs in year 1). A negative tax is a saving on
//!   the firm's other profits (the firm is assumed to pay tax).
//! - depreciation: an item costing at most `one_off_cap_rmb` is deducted in
//!   full in year 1 (China, 2018-2027: RMB 5 million); dearer items, or all
//!   without a cap, straight-line over `depreciation_years`. Non-deductible
//!   VAT is part of the cost that is depreciated.
//!
//! NPV = sum of `net_t / (1+r)^t`. The payback is the time from which the
//! cumulative (discounted) net cash stays at or above 0, each year's net
//! cash flowing evenly through the year (the discounted one continuously
//! discounted within the year, which for a constant benefit is
//! `B x annuity(r, t) = outlay`).

/// Income tax.
#[derive(Clone, Debug, PartialEq)]
pub struct Tax {
    /// Enterprise income tax rate (0.25 in China; lower for small firms).
    pub rate: f64,
    /// Items costing at most this are deducted at once in year 1; `None` =
    /// everything is depreciated straight-line.
    pub one_off_cap_rmb: Option<f64>,
    /// Years of straight-line depreciation.
    pub depreciation_years: u32,
    /// The subsidy is taxable income in the year it is received.
    pub subsidy_taxable: bool,
}

/// Value added tax on the equipment.
#[derive(Clone, Debug, PartialEq)]
pub struct Vat {
    pub rate: f64,
    /// Input VAT on equipment is credited (recovered in year 1); otherwise
    /// it is part of the cost.
    pub deductible: bool,
}

/// A loan taken at installation and repaid in equal yearly instalments.
#[derive(Clone, Debug, PartialEq)]
pub struct Loan {
    pub amount_rmb: f64,
    /// Yearly interest rate.
    pub rate: f64,
    pub term_years: u32,
    /// Share of the balance a year the government pays towards interest.
    pub interest_subsidy_rate: f64,
}

impl Loan {
    /// The yearly instalment: `A = L i / (1 - (1+i)^-n)` (L / n at 0%).
    pub fn payment(&self) -> f64 {
        let n = self.term_years as f64;
        if self.rate.abs() < 1e-12 {
            self.amount_rmb / n
        } else {
            self.amount_rmb * self.rate / (1.0 - (1.0 + self.rate).powf(-n))
        }
    }
}

/// People costs of a variant beyond the operators it frees or adds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct People {
    /// Severance for operators who leave [RMB, once].
    pub severance_rmb: f64,
    /// Training for operators moved to new tasks [RMB, once].
    pub retraining_rmb: f64,
    /// Moving operators to other posts in the firm [RMB, once].
    pub redeployment_rmb: f64,
    /// New skilled posts (technicians, programmers), people.
    pub technicians: f64,
    /// Cost of one such post a year, at year-1 wages [RMB/yr].
    pub technician_cost_per_year_rmb: f64,
    /// Freed operators who stay in the firm on other posts, people: still
    /// employees in the policy indicators (their wage is saved where they
    /// fill a post that would otherwise be hired for).
    pub redeployed: f64,
}

impl People {
    pub fn one_off_rmb(&self) -> f64 {
        self.severance_rmb + self.retraining_rmb + self.redeployment_rmb
    }

    pub fn add(&mut self, o: &People) {
        self.severance_rmb += o.severance_rmb;
        self.retraining_rmb += o.retraining_rmb;
        self.redeployment_rmb += o.redeployment_rmb;
        // Posts of different cost: keep the total cost right.
        let total =
            self.technicians * self.technician_cost_per_year_rmb + o.technicians * o.technician_cost_per_year_rmb;
        self.technicians += o.technicians;
        self.redeployed += o.redeployed;
        self.technician_cost_per_year_rmb = if self.technicians > 0.0 {
            total / self.technicians
        } else {
            0.0
        };
    }
}

/// The finance conventions and rates of one replication (inputs drawn).
#[derive(Clone, Debug, PartialEq)]
pub struct Terms {
    pub discount_rate: f64,
    /// Whole years.
    pub horizon_years: u32,
    pub wage_growth: f64,
    pub tax: Option<Tax>,
    pub vat: Option<Vat>,
    pub loan: Option<Loan>,
    /// Share of the capital (without VAT) the equipment is worth at the horizon.
    pub residual_value_share: f64,
    /// Years after installation the subsidy is paid (0 = at once).
    pub subsidy_delay_years: u32,
}

/// What one replication's project brings and costs.
#[derive(Clone, Debug, PartialEq)]
pub struct Project {
    /// Cost of each capital item without VAT [RMB].
    pub items: Vec<f64>,
    /// The subsidy if granted [RMB].
    pub subsidy_rmb: f64,
    /// 1 = granted, 0 = not; the base value is the probability.
    pub award: f64,
    pub downtime_rmb: f64,
    /// The yearly benefit of steady years at year-1 prices [RMB/yr].
    pub benefit_rmb: f64,
    /// The first year's benefit when simulated from the installation.
    pub first_year_benefit_rmb: Option<f64>,
    /// The labour saving within the benefit (it grows with wages) [RMB/yr].
    pub labour_saving_rmb: f64,
    pub people: People,
}

/// Cash flows by year, `0..=horizon`, each a component of `net`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Flows {
    pub capital: Vec<f64>,
    pub vat: Vec<f64>,
    pub downtime: Vec<f64>,
    pub people: Vec<f64>,
    pub operating: Vec<f64>,
    pub subsidy: Vec<f64>,
    pub loan: Vec<f64>,
    pub interest_subsidy: Vec<f64>,
    pub residual: Vec<f64>,
    pub tax: Vec<f64>,
    pub net: Vec<f64>,
}

/// Builds the cash flows (see the module's formulas).
// The year index addresses several parallel yearly vectors at once.
#[allow(clippy::needless_range_loop)]
pub fn flows(t: &Terms, p: &Project) -> Flows {
    let h = t.horizon_years.max(1) as usize;
    let zero = vec![0.0; h + 1];
    let mut f = Flows {
        capital: zero.clone(),
        vat: zero.clone(),
        downtime: zero.clone(),
        people: zero.clone(),
        operating: zero.clone(),
        subsidy: zero.clone(),
        loan: zero.clone(),
        interest_subsidy: zero.clone(),
        residual: zero.clone(),
        tax: zero.clone(),
        net: zero.clone(),
    };
    let capital: f64 = p.items.iter().fold(0.0, |a, c| a + c);
    let vat_rate = t.vat.as_ref().map_or(0.0, |v| v.rate);
    f.capital[0] = -capital * (1.0 + vat_rate);
    if let Some(v) = &t.vat
        && v.deductible
    {
        f.vat[1] = capital * v.rate;
    }
    f.downtime[0] = -p.downtime_rmb;
    f.people[0] = -p.people.one_off_rmb();
    let tech = p.people.technicians * p.people.technician_cost_per_year_rmb;
    for y in 1..=h {
        let grow = (1.0 + t.wage_growth).powi(y as i32 - 1);
        let base = match (y, p.first_year_benefit_rmb) {
            (1, Some(b1)) => b1,
            _ => p.benefit_rmb,
        };
        f.operating[y] = base + p.labour_saving_rmb * (grow - 1.0) - tech * grow;
    }
    let paid = (t.subsidy_delay_years as usize).min(h);
    f.subsidy[paid] = p.award * p.subsidy_rmb;
    f.residual[h] = t.residual_value_share * capital;

    // Loan: instalments, interest, interest subsidy; the rest repaid at the horizon.
    let mut interest = vec![0.0; h + 1];
    if let Some(l) = &t.loan {
        f.loan[0] = l.amount_rmb;
        let a = l.payment();
        let mut balance = l.amount_rmb;
        for y in 1..=h {
            if balance <= 0.0 {
                break;
            }
            interest[y] = balance * l.rate;
            f.interest_subsidy[y] = balance * l.interest_subsidy_rate;
            let pay = if y as u32 <= l.term_years { a } else { 0.0 };
            balance -= pay - interest[y];
            f.loan[y] = -pay;
            if y == h && balance > 1e-9 {
                f.loan[y] -= balance;
            }
        }
    }

    if let Some(tax) = &t.tax {
        let basis = |c: f64| {
            if t.vat.as_ref().is_some_and(|v| !v.deductible) {
                c * (1.0 + vat_rate)
            } else {
                c
            }
        };
        let mut depreciation = vec![0.0; h + 1];
        let mut book = 0.0;
        for &c in &p.items {
            let b = basis(c);
            let years = tax.depreciation_years.max(1) as usize;
            if tax.one_off_cap_rmb.is_some_and(|cap| b <= cap) {
                depreciation[1] += b;
            } else {
                for d in depreciation.iter_mut().skip(1).take(years) {
                    *d += b / years as f64;
                }
                book += b * (years.saturating_sub(h)) as f64 / years as f64;
            }
        }
        for y in 1..=h {
            let mut taxable = f.operating[y] - depreciation[y] - interest[y] + f.interest_subsidy[y];
            if y == 1 {
                taxable -= p.downtime_rmb + p.people.one_off_rmb();
                if tax.subsidy_taxable && paid == 0 {
                    taxable += f.subsidy[0];
                }
            }
            if tax.subsidy_taxable && paid == y {
                taxable += f.subsidy[y];
            }
            if y == h {
                taxable += f.residual[h] - book;
            }
            f.tax[y] = -tax.rate * taxable;
        }
    }
    for y in 0..=h {
        f.net[y] = f.capital[y]
            + f.vat[y]
            + f.downtime[y]
            + f.people[y]
            + f.operating[y]
            + f.subsidy[y]
            + f.loan[y]
            + f.interest_subsidy[y]
            + f.residual[y]
            + f.tax[y];
    }
    f
}

/// Net present value of yearly net cash flows at `rate`.
pub fn npv(net: &[f64], rate: f64) -> f64 {
    net.iter()
        .enumerate()
        .map(|(y, c)| c / (1.0 + rate).powi(y as i32))
        .sum()
}

/// The moment from which the cumulative cash position stays at or above 0:
/// `worth(y)` is year y's contribution to the position (year 0 at once),
/// `at(y, position before, cash)` the moment within year y it reaches 0.
fn last_crossing(net: &[f64], worth: impl Fn(usize, f64) -> f64, at: impl Fn(usize, f64, f64) -> f64) -> Option<f64> {
    let mut cum = *net.first()?;
    let mut last_negative = (cum < 0.0).then_some((0, cum));
    for (y, &c) in net.iter().enumerate().skip(1) {
        cum += worth(y, c);
        if cum < 0.0 {
            last_negative = Some((y, cum));
        }
    }
    match last_negative {
        None => Some(0.0),
        Some((y, _)) if y + 1 >= net.len() => None,
        Some((y, before)) => Some(at(y + 1, before, net[y + 1])),
    }
}

/// Years until the cumulative net cash reaches 0 for good (each year's
/// cash flowing evenly through it); `None` when it is below 0 at the end.
/// Nothing to repay and nothing lost is paid back at once.
pub fn payback(net: &[f64]) -> Option<f64> {
    last_crossing(net, |_, c| c, |y, before, c| (y - 1) as f64 + -before / c)
}

/// Years until the cumulative discounted net cash reaches 0 for good, each
/// year's cash flowing continuously through it; `None` when never.
pub fn discounted_payback(net: &[f64], rate: f64) -> Option<f64> {
    if rate.abs() < 1e-12 {
        return payback(net);
    }
    let v = |t: f64| (1.0 + rate).powf(-t);
    // Cash c over year y, continuously: worth c (v(y-1) - v(y-1+x)) / r by x.
    last_crossing(
        net,
        |y, c| c * (v((y - 1) as f64) - v(y as f64)) / rate,
        |y, before, c| -(v((y - 1) as f64) + before * rate / c).ln() / (1.0 + rate).ln(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms() -> Terms {
        Terms {
            discount_rate: 0.08,
            horizon_years: 5,
            wage_growth: 0.0,
            tax: None,
            vat: None,
            loan: None,
            residual_value_share: 0.0,
            subsidy_delay_years: 0,
        }
    }

    fn project(capital: f64, benefit: f64) -> Project {
        Project {
            items: vec![capital],
            subsidy_rmb: 0.0,
            award: 1.0,
            downtime_rmb: 0.0,
            benefit_rmb: benefit,
            first_year_benefit_rmb: None,
            labour_saving_rmb: 0.0,
            people: People::default(),
        }
    }

    #[test]
    fn plain_flows_give_the_annuity_npv_and_paybacks() {
        // 800,000 repaid at 250,000 a year: NPV = 250,000 x annuity(8%, 5) - 800,000.
        let f = flows(&terms(), &project(800_000.0, 250_000.0));
        let want = 250_000.0 * super::super::annuity_factor(0.08, 5.0) - 800_000.0;
        assert!((npv(&f.net, 0.08) - want).abs() < 1e-6);
        assert!((payback(&f.net).unwrap() - 3.2).abs() < 1e-12);
        // The closed form of the constant benefit: -ln(1 - 800000*0.08/250000) / ln(1.08).
        let t = discounted_payback(&f.net, 0.08).unwrap();
        assert!((t - 3.842_389).abs() < 1e-5, "{t}");
    }

    #[test]
    fn wage_growth_gives_the_growing_annuity() {
        // A labour saving of 300,000 growing 5% a year, 10 years at 8%:
        // PV = C / (r - g) x (1 - ((1+g)/(1+r))^n).
        let t = Terms {
            horizon_years: 10,
            wage_growth: 0.05,
            ..terms()
        };
        let mut p = project(0.0, 300_000.0);
        p.labour_saving_rmb = 300_000.0;
        let want = 300_000.0 / (0.08 - 0.05) * (1.0 - (1.05f64 / 1.08).powi(10));
        let got = npv(&flows(&t, &p).net, 0.08);
        assert!((got - want).abs() < 1e-6, "{got} vs {want}");
    }

    #[test]
    fn a_delayed_uncertain_subsidy_adds_its_expected_present_value() {
        // Subsidy 400,000 with probability 0.6 paid 2 years after installation:
        // + 0.6 x 400,000 / 1.08^2 = 205,761.32.
        let t = Terms {
            subsidy_delay_years: 2,
            ..terms()
        };
        let mut p = project(1_000_000.0, 250_000.0);
        let rest = npv(&flows(&t, &p).net, 0.08);
        p.subsidy_rmb = 400_000.0;
        p.award = 0.6;
        let with = npv(&flows(&t, &p).net, 0.08);
        assert!((with - rest - 205_761.316_872).abs() < 1e-5, "{}", with - rest);
    }

    #[test]
    fn the_one_off_deduction_shields_a_quarter_of_the_capital_in_year_1() {
        let t = Terms {
            tax: Some(Tax {
                rate: 0.25,
                one_off_cap_rmb: Some(5_000_000.0),
                depreciation_years: 10,
                subsidy_taxable: true,
            }),
            ..terms()
        };
        let f = flows(&t, &project(1_200_000.0, 0.0));
        assert_eq!(f.tax[1], 300_000.0);
        assert_eq!(f.tax[2], 0.0);
        // Above the cap: straight-line, a tenth a year; at the 5-year
        // horizon the equipment is worth its residual value (0 here), so
        // the book value left (3,000,000) is a loss: 0.25 x (600,000 + 3,000,000).
        let f = flows(&t, &project(6_000_000.0, 0.0));
        assert_eq!(f.tax[1], 150_000.0);
        assert_eq!(f.tax[4], 150_000.0);
        assert_eq!(f.tax[5], 900_000.0);
    }

    #[test]
    fn the_loan_annuity_to_the_fen() {
        // 1,000,000 at 4.35% over 5 years: 1e6 x 0.0435 / (1 - 1.0435^-5) = 226,840.32 (to the fen).
        let l = Loan {
            amount_rmb: 1_000_000.0,
            rate: 0.0435,
            term_years: 5,
            interest_subsidy_rate: 0.0,
        };
        assert_eq!((l.payment() * 100.0).round() / 100.0, 226_840.32);
        // The instalments repay it exactly: nothing is left at year 5.
        let t = Terms {
            loan: Some(l.clone()),
            ..terms()
        };
        let f = flows(&t, &project(0.0, 0.0));
        assert_eq!(f.loan[0], 1_000_000.0);
        assert!((f.loan[5] + 226_840.32).abs() < 0.01);
        // Half the interest paid by the government in year 1: 0.5 x 4.35% x 1e6.
        let t = Terms {
            loan: Some(Loan {
                interest_subsidy_rate: 0.0435 / 2.0,
                ..l
            }),
            ..terms()
        };
        assert!((flows(&t, &project(0.0, 0.0)).interest_subsidy[1] - 21_750.0).abs() < 1e-6);
    }

    #[test]
    fn vat_is_recovered_when_deductible_and_residual_comes_at_the_horizon() {
        let t = Terms {
            vat: Some(Vat {
                rate: 0.13,
                deductible: true,
            }),
            residual_value_share: 0.1,
            ..terms()
        };
        let f = flows(&t, &project(1_000_000.0, 0.0));
        assert!((f.capital[0] + 1_130_000.0).abs() < 1e-6);
        assert!((f.vat[1] - 130_000.0).abs() < 1e-6);
        assert!((f.residual[5] - 100_000.0).abs() < 1e-6);
    }

    #[test]
    fn people_costs_come_once_and_posts_every_year() {
        let mut p = project(0.0, 100_000.0);
        p.people = People {
            severance_rmb: 50_000.0,
            retraining_rmb: 20_000.0,
            redeployment_rmb: 10_000.0,
            technicians: 1.0,
            technician_cost_per_year_rmb: 120_000.0,
            redeployed: 0.0,
        };
        let f = flows(&terms(), &p);
        assert_eq!(f.people[0], -80_000.0);
        assert_eq!(f.operating[1], -20_000.0);
        assert_eq!(payback(&f.net), None);
    }

    #[test]
    fn payback_is_for_good() {
        // Nothing invested and a loss every year: never paid back.
        assert_eq!(payback(&[0.0, -10.0, -10.0]), None);
        assert_eq!(payback(&[0.0, 0.0, 0.0]), Some(0.0));
        // Back above 0 in year 2, below again in year 3 (a loan repaid),
        // above for good in year 4, halfway through.
        assert_eq!(payback(&[-100.0, 60.0, 60.0, -40.0, 40.0]), Some(3.5));
        assert_eq!(payback(&[-100.0, 60.0, 60.0, -40.0]), None);
    }
}
