//! Known answers for the money case: finance conventions against their
//! closed forms, uncertain inputs (second-order Monte Carlo) against their
//! expectations, the tornado against slope x range, and the policy
//! indicators by hand.

use crate::common::{close, scenario};
use zhizao_core::economics::annuity_factor;
use zhizao_core::experiment::{self, Analysis};
use zhizao_core::indicators::{CNC_RATE, EMPLOYEES, NETWORKING_RATE, ROBOT_DENSITY, ROBOTS, UNSKILLED};
use zhizao_core::kpi::{GOOD_OUTPUT, THROUGHPUT};
use zhizao_core::scenario::Scenario;
use zhizao_core::settings::Settings;
use zhizao_core::uncertain::{Input, Inputs, Uncertain};

/// A deterministic press line: one operator around the clock (8,766 h a
/// year) at `wage` RMB/h; the variant frees the operator (the press is
/// automated) for `capital` RMB and makes parts 1 min -> 30 s.
fn press(economics: &str, variant_extra: &str) -> Scenario {
    scenario(&format!(
        r#"Scenario(
    name: "press",
    experiment: (warmup: "1h", run: "100h", replications: 4, seed: 7),
    operators: [(name: "ops", headcount: 1)],
    products: [(name: "p", route: ["press"])],
    source: Saturated,
    stations: [(name: "press", kind: Machine(operators: "ops", load: Const("0s"), unload: Const("0s")),
                robots: 0, time: Const("1min"), buffer: 0)],
    economics: ({economics}),
    variants: [(name: "auto", changes: [
        ReplaceWithRobot(station: "press", time: Const("30s"), failures: Never, capital_cost_rmb: 1000000),
        SetHeadcount(pool: "ops", headcount: 0),
        {variant_extra}
    ])],
)"#
    ))
}

fn evaluate(s: &Scenario, inputs: Inputs) -> Analysis {
    let settings = Settings { inputs, ..s.settings };
    experiment::evaluate(s, &[], &settings).unwrap()
}

fn finance(a: &Analysis) -> &zhizao_core::economics::Finance {
    a.variants[1].finance.as_ref().expect("finance")
}

#[test]
fn wage_growth_gives_the_growing_annuity() {
    // Value 0: the benefit is the labour saving alone, 8,766 h x 40 RMB =
    // 350,640 in year 1, growing 5% a year; 10 years at 8%.
    let s = press(
        "value_per_good_unit_rmb: 0, operator_cost_per_hour_rmb: 40, discount_rate: 0.08,
         horizon_years: 10, wage_growth: 0.05",
        "",
    );
    let f = finance(&evaluate(&s, Inputs::Sampled)).clone();
    let c = 8766.0 * 40.0;
    let want = c / (0.08 - 0.05) * (1.0 - (1.05f64 / 1.08).powi(10)) - 1_000_000.0;
    close("labour saving", f.annual_labour_saving_rmb, c);
    close("NPV", f.npv_rmb.mean, want);
    // No uncertain input: every replication the same, the spread is nil.
    assert!(f.risk.inputs.is_empty());
    assert_eq!(f.risk.npv.p10, f.risk.npv.p90);
}

#[test]
fn a_subsidy_paid_with_probability_p_after_d_years_adds_p_s_discounted() {
    // 20% of 1,000,000 = 200,000, granted with p = 0.5 x min(1, 20/40) =
    // 0.25, paid 2 years after installation: + 0.25 x 200,000 / 1.08^2.
    let econ = |subsidy: &str| {
        format!(
            "value_per_good_unit_rmb: 0, operator_cost_per_hour_rmb: 40, discount_rate: 0.08,
             horizon_years: 5 {subsidy}"
        )
    };
    let rest = finance(&evaluate(&press(&econ(""), ""), Inputs::Base)).npv_rmb.mean;
    let s = press(
        &econ(
            r#", subsidy: (name: "Wenzhou", rate: 0.2, cap_rmb: 5000000, award_probability: 0.5,
                 projects_per_year: 20, applicants_per_year: 40, delay_years: 2)"#,
        ),
        "",
    );
    let pv = 200_000.0 / 1.08f64.powi(2);
    let at_base = finance(&evaluate(&s, Inputs::Base)).clone();
    close("expected NPV at base", at_base.npv_rmb.mean, rest + 0.25 * pv);
    close("expected subsidy", at_base.subsidy_rmb, 50_000.0);

    // Drawn: each replication is granted or not, so its NPV is one of the
    // two; over many replications the mean approaches the expectation.
    let settings = Settings {
        replications: 400,
        run: 10 * zhizao_core::time::HOUR,
        ..s.settings
    };
    let a = experiment::evaluate(&s, &[], &settings).unwrap();
    let f = finance(&a);
    for npv in &f.npv_per_replication {
        assert!(
            (npv - rest).abs() < 1e-6 || (npv - rest - pv).abs() < 1e-6,
            "NPV {npv} is neither {rest} nor {}",
            rest + pv
        );
    }
    let granted = f
        .npv_per_replication
        .iter()
        .filter(|n| (*n - rest - pv).abs() < 1e-6)
        .count();
    // The grants are the draws of the award's own stream.
    let award = Input::new("economics.subsidy.award", "award", Uncertain::Bernoulli { p: 0.25 });
    let expected = (0..400)
        .filter(|r| award.value(Inputs::Sampled, s.settings.seed, *r) == 1.0)
        .count();
    assert_eq!(granted, expected);
    let h = f.npv_rmb.half_width.unwrap();
    assert!(
        (f.npv_rmb.mean - (rest + 0.25 * pv)).abs() <= h,
        "mean {} vs {} +/- {h}",
        f.npv_rmb.mean,
        rest + 0.25 * pv
    );
    close("chance NPV < 0", f.risk.probability_npv_negative, {
        let neg = f.npv_per_replication.iter().filter(|n| **n < 0.0).count();
        neg as f64 / 400.0
    });
}

#[test]
fn a_one_off_deduction_shields_the_tax_rate_times_the_capital_in_year_1() {
    let s = press(
        "value_per_good_unit_rmb: 0, operator_cost_per_hour_rmb: 40, discount_rate: 0.08, horizon_years: 5,
         tax: (rate: 0.25, one_off_cap_rmb: 5000000)",
        "",
    );
    let f = finance(&evaluate(&s, Inputs::Sampled)).clone();
    let b = 8766.0 * 40.0;
    // Tax on the year-1 benefit less the one-off deduction of the capital.
    close("year-1 tax", f.flows.tax[1], -0.25 * (b - 1_000_000.0));
    close("year-1 shield", f.flows.tax[1] - (-0.25 * b), 0.25 * 1_000_000.0);
    close("year-2 tax", f.flows.tax[2], -0.25 * b);
    // Straight-line instead: a tenth of the capital a year.
    let s = press(
        "value_per_good_unit_rmb: 0, operator_cost_per_hour_rmb: 40, discount_rate: 0.08, horizon_years: 5,
         tax: (rate: 0.25, depreciation_years: 10)",
        "",
    );
    let f = finance(&evaluate(&s, Inputs::Sampled)).clone();
    close("year-1 tax, straight-line", f.flows.tax[1], -0.25 * (b - 100_000.0));
}

#[test]
fn a_loan_with_an_interest_subsidy_and_people_costs() {
    // 800,000 at 5% over 4 years: A = 800,000 x 0.05 / (1 - 1.05^-4) =
    // 225,609.47; the government pays 2% of the balance: 16,000 in year 1.
    let s = press(
        "value_per_good_unit_rmb: 0, operator_cost_per_hour_rmb: 40, discount_rate: 0.08, horizon_years: 5,
         loan: (amount_rmb: 800000, rate: 0.05, term_years: 4, interest_subsidy_rate: 0.02)",
        "People(severance_rmb: 30000, retraining_rmb: 10000, technicians: 0.5, technician_cost_per_year_rmb: 120000),",
    );
    let f = finance(&evaluate(&s, Inputs::Sampled)).clone();
    close("instalment", -f.flows.loan[1], 225_609.47);
    assert_eq!((-f.flows.loan[1] * 100.0).round() / 100.0, 225_609.47);
    close("interest subsidy", f.flows.interest_subsidy[1], 16_000.0);
    close("loan in", f.flows.loan[0], 800_000.0);
    assert_eq!(f.flows.loan[5], 0.0);
    close("people once", f.flows.people[0], -40_000.0);
    close("year-1 operating", f.flows.operating[1], 8766.0 * 40.0 - 60_000.0);
    // NPV: the sum of the discounted yearly cash.
    let npv: f64 = f
        .flows
        .net
        .iter()
        .enumerate()
        .map(|(y, c)| c / 1.08f64.powi(y as i32))
        .sum();
    close("NPV from the flows", f.npv_rmb.mean, npv);
}

/// A saturated robot press whose variant doubles the output, with the
/// value per unit uncertain: NPV is linear in it.
fn uncertain_value() -> Scenario {
    scenario(
        r#"Scenario(
    name: "value",
    experiment: (warmup: "1h", run: "100h", replications: 300, seed: 11),
    products: [(name: "p", route: ["press"])],
    source: Saturated,
    stations: [(name: "press", kind: Robot, robots: 1, time: Const("1min"), buffer: 0)],
    economics: (
        value_per_good_unit_rmb: Uncertain(Triangular(min: 1.0, mode: 2.0, max: 4.0)),
        operator_cost_per_hour_rmb: 40, discount_rate: 0.1, horizon_years: 3),
    variants: [(name: "fast", changes: [
        SetTime(station: "press", time: Const("30s"), capital_cost_rmb: 200000)])],
)"#,
    )
}

#[test]
fn the_tornado_bar_of_a_linear_input_is_slope_times_range_and_the_mean_converges() {
    let s = uncertain_value();
    let a = evaluate(&s, Inputs::Sampled);
    let extra_per_year = 8766.0 * 60.0;
    let f = finance(&a);
    let slope = extra_per_year * annuity_factor(0.1, 3.0);
    let t = Uncertain::Triangular {
        min: 1.0,
        mode: 2.0,
        max: 4.0,
    };
    // The Monte Carlo mean against E[NPV] = slope x E[value] - capital.
    let want = slope * t.mean() - 200_000.0;
    let h = f.npv_rmb.half_width.unwrap();
    assert!(
        (f.npv_rmb.mean - want).abs() <= h,
        "{} vs {want} +/- {h}",
        f.npv_rmb.mean
    );
    assert!(h > 0.0 && h < 0.1 * want);
    assert_eq!(f.risk.inputs, vec!["value per good unit [RMB]".to_string()]);
    // The P10 and P90 of NPV are those of the value, mapped by the line.
    let npvs: Vec<f64> = f.npv_per_replication.clone();
    assert!(
        npvs.iter()
            .all(|n| *n >= slope * 1.0 - 200_000.0 - 1e-6 && *n <= slope * 4.0 - 200_000.0 + 1e-6)
    );

    // Each replication's value is its input's draw: NPV = slope x value - capital.
    let input = Input::new("economics.value_per_good_unit_rmb", "v", t.clone());
    for (r, npv) in npvs.iter().enumerate().take(20) {
        close(
            "NPV by draw",
            *npv,
            slope * input.value(Inputs::Sampled, 11, r as u32) - 200_000.0,
        );
    }

    let settings = Settings {
        replications: 3,
        ..s.settings
    };
    let tornado = zhizao_core::tornado::tornado(&s, &[], &settings, &Default::default())
        .unwrap()
        .expect("not stopped");
    assert_eq!(tornado.len(), 1);
    let bar = &tornado[0].bars[0];
    close("bar low value", bar.low, t.quantile(0.1));
    close("bar", bar.npv.1 - bar.npv.0, slope * (t.high() - t.low()));
    close("base NPV", tornado[0].base_npv, slope * 2.0 - 200_000.0);
}

#[test]
fn an_uncertain_processing_time_is_drawn_per_replication_and_shared_by_variants() {
    // A press of mean 60 s, uncertain 50-70 s; the variant only buys
    // software, so its line (and each replication's draw) is the baseline's.
    let s = scenario(
        r#"Scenario(
    name: "time study",
    experiment: (warmup: "1h", run: "50h", replications: 6, seed: 3),
    products: [(name: "p", route: ["press"])],
    source: Saturated,
    stations: [(name: "press", kind: Robot, robots: 1, buffer: 0,
                time: Uncertain(time: Const("60s"), mean: Uniform(min: "50s", max: "70s")))],
    economics: (value_per_good_unit_rmb: 1, operator_cost_per_hour_rmb: 40, discount_rate: 0.1, horizon_years: 3,
        capital_overrun: Uncertain(Uniform(min: 1.0, max: 1.5))),
    variants: [(name: "mes", changes: [Invest(item: "MES", capital_cost_rmb: 100000, category: Software)])],
)"#,
    );
    let a = evaluate(&s, Inputs::Sampled);
    let time = Input::new("stations.press.time", "t", Uncertain::Uniform { min: 50.0, max: 70.0 });
    for r in 0..6 {
        // Whole parts in the 50 h measured: within one part of 50 h / m.
        let m = time.value(Inputs::Sampled, 3, r);
        let got = a.variants[0].replications[r as usize].line[THROUGHPUT];
        assert!(
            (got - 3600.0 / m).abs() <= 1.0 / 50.0,
            "replication {r}: {got} vs {}",
            3600.0 / m
        );
        assert_eq!(
            a.variants[0].replications[r as usize].line[GOOD_OUTPUT],
            a.variants[1].replications[r as usize].line[GOOD_OUTPUT],
            "replication {r}: the variant sees the baseline's draw"
        );
    }
    // At base the mean is the middle, 60 s.
    let b = evaluate(&s, Inputs::Base);
    close("throughput at base", b.variants[0].kpis[THROUGHPUT].mean, 60.0);
    // The overrun scales the capital in each replication.
    let overrun = Input::new(
        "economics.capital_overrun",
        "o",
        Uncertain::Uniform { min: 1.0, max: 1.5 },
    );
    let f = finance(&a);
    for (r, c) in f.cases.iter().enumerate() {
        close(
            "capital with overrun",
            c.parts.investment,
            100_000.0 * overrun.value(Inputs::Sampled, 3, r as u32),
        );
    }
    close("capital at base", finance(&b).investment_rmb, 125_000.0);
}

#[test]
fn uncertain_inputs_give_the_same_money_at_any_thread_count() {
    let s = uncertain_value();
    let settings = Settings {
        replications: 12,
        ..s.settings
    };
    let with = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| experiment::evaluate(&s, &[], &settings).unwrap())
    };
    let (one, four) = (with(1), with(4));
    assert_eq!(finance(&one).npv_per_replication, finance(&four).npv_per_replication);
    assert_eq!(finance(&one).risk, finance(&four).risk);
}

#[test]
fn robot_density_counts_iso_robots_per_10000_employees() {
    // 3 robots (two cells) and one operator around the clock (8,766 h = 1
    // employee at 8,766 h a year) plus 37 other employees: 3 / 38 x 10,000
    // = 789.5. A camera replacing the manual inspection is no robot.
    let text = r#"Scenario(
    name: "density",
    experiment: (warmup: "1h", run: "20h", replications: 2, seed: 1),
    operators: [(name: "ops", headcount: 1)],
    products: [(name: "p", route: ["weld", "bend", "inspect"])],
    source: Saturated,
    stations: [
        (name: "weld", kind: Robot, robots: 2, time: Const("50s"), buffer: 0, cnc: true, networked: true, key_process: true),
        (name: "bend", kind: Robot, robots: 1, time: Const("40s"), key_process: true),
        (name: "inspect", kind: Manual(operators: "ops"), time: Const("30s")),
    ],
    economics: (value_per_good_unit_rmb: 5, operator_cost_per_hour_rmb: 40, discount_rate: 0.08, horizon_years: 5,
        firm: (other_employees: 37, hours_per_employee_per_year: 8766)),
    variants: [(name: "camera", changes: [
        ReplaceWithMachine(station: "inspect", time: Const("30s"), failures: Never, networked: true,
                           capital_cost_rmb: 80000),
        SetHeadcount(pool: "ops", headcount: 0),
    ]), (name: "mes", changes: [
        Invest(item: "MES", capital_cost_rmb: 50000, category: Software, networks: ["bend"]),
    ])],
)"#;
    let s = scenario(text);
    let a = evaluate(&s, Inputs::Sampled);
    let (base, camera) = (&a.variants[0].indicators, &a.variants[1].indicators);
    close("robots", base[ROBOTS], 3.0);
    close("employees", base[EMPLOYEES], 38.0);
    assert_eq!(base[ROBOT_DENSITY].round(), 789.0);
    close("robot density", base[ROBOT_DENSITY], 3.0 / 38.0 * 10_000.0);
    close("unskilled", base[UNSKILLED], 1.0);
    // Key processes weld and bend: one of two CNC.
    close("CNC rate of key processes", base[CNC_RATE], 0.5);
    // Digital: the two cells (inspection is manual): one of two networked.
    close("networking rate", base[NETWORKING_RATE], 0.5);
    close("robots after", camera[ROBOTS], 3.0);
    close("employees after", camera[EMPLOYEES], 37.0);
    close("density after", camera[ROBOT_DENSITY], 3.0 / 37.0 * 10_000.0);
    // The camera machine is digital and networked: two of three.
    close("networking rate after", camera[NETWORKING_RATE], 2.0 / 3.0);
    // The MES connects the bend cell: both digital stations networked, no
    // robot, CNC or head count changed.
    let mes = &a.variants[2].indicators;
    close("networking rate with the MES", mes[NETWORKING_RATE], 1.0);
    close("robots with the MES", mes[ROBOTS], 3.0);
    close("CNC rate with the MES", mes[CNC_RATE], 0.5);
    close("employees with the MES", mes[EMPLOYEES], 38.0);
    // A station the line does not have is named with its place.
    let bad = text.replace(r#"networks: ["bend"]"#, r#"networks: ["bent"]"#);
    let err = format!("{:?}", Scenario::parse(&bad).unwrap_err());
    assert!(err.contains("networks[0]") && err.contains("bent"), "{err}");
}

#[test]
fn risk_objectives_rank_by_the_downside() {
    use zhizao_core::optimize::Objective;
    let s = uncertain_value();
    let settings = Settings {
        replications: 20,
        ..s.settings
    };
    let npvs = finance(&experiment::evaluate(&s, &[], &settings).unwrap())
        .npv_per_replication
        .clone();
    let p10 = Objective::NpvP10.score(&npvs);
    let mut sorted = npvs.clone();
    sorted.sort_by(f64::total_cmp);
    // Type-7 percentile of 20 values: between the 2nd and 3rd, 0.9 of the way.
    close("P10", p10, sorted[1] + 0.9 * (sorted[2] - sorted[1]));
    assert!(p10 < Objective::Npv.score(&npvs));
}
