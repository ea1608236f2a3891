//! Known answers for fitting: parameters of synthetic samples recovered and
//! their family recommended; bootstrap p-values uniform under the null; a
//! mixture that no family fits falls back to `Empirical`; a downtime log
//! censored at shift ends gives back the true MTBF, where the naive mean of
//! the observed intervals does not.

use rand_distr::{Distribution, StandardNormal};
use zhizao_core::fit::failures::{self, Interval, State};
use zhizao_core::fit::{self, Choice, Family, Fit, Options};
use zhizao_core::rng::stream;

fn draws(fit: &Fit, n: usize, key: &str) -> Vec<f64> {
    let mut rng = stream(7, key, 0);
    (0..n).map(|_| fit.draw(&mut rng)).collect()
}

fn close(got: f64, want: f64, rel: f64, what: &str) {
    assert!(
        (got - want).abs() <= rel * want.abs(),
        "{what}: got {got}, want {want} within {:.1}%",
        100.0 * rel
    );
}

#[test]
fn ten_thousand_draws_of_each_family_are_recovered_and_recommended() {
    let cases = [
        Fit::Exponential { mean: 40.0 },
        Fit::Erlang { k: 3, mean: 40.0 },
        Fit::Gamma { shape: 2.5, mean: 40.0 },
        Fit::Normal { mu: 60.0, sigma: 9.0 },
        Fit::LogNormal { mu: 3.5, sigma: 0.45 },
        Fit::Weibull {
            shape: 1.7,
            scale: 45.0,
        },
        Fit::Triangular {
            min: 20.0,
            mode: 30.0,
            max: 65.0,
        },
    ];
    for truth in cases {
        let xs = draws(&truth, 10_000, truth.family().name());
        let report = fit::fit(&xs, Options { bootstrap: 0, seed: 1 }).unwrap();
        let Choice::Family(i) = report.choice else {
            panic!("{truth:?}: no family recommended")
        };
        let got = report.fits[i].fit;
        assert_eq!(
            got.family(),
            truth.family(),
            "{truth:?}: recommended {got:?}; ranking {:#?}",
            report.fits
        );
        let what = format!("{truth:?} -> {got:?}");
        match (truth, got) {
            (Fit::Exponential { mean: a }, Fit::Exponential { mean: b }) => close(b, a, 0.03, &what),
            (Fit::Erlang { k: a, mean: m }, Fit::Erlang { k: b, mean: n }) => {
                assert_eq!(a, b, "{what}");
                close(n, m, 0.02, &what);
            }
            (Fit::Gamma { shape: a, mean: m }, Fit::Gamma { shape: b, mean: n }) => {
                close(b, a, 0.05, &what);
                close(n, m, 0.02, &what);
            }
            (Fit::Normal { mu: a, sigma: s }, Fit::Normal { mu: b, sigma: t }) => {
                close(b, a, 0.01, &what);
                close(t, s, 0.03, &what);
            }
            (Fit::LogNormal { mu: a, sigma: s }, Fit::LogNormal { mu: b, sigma: t }) => {
                close(b, a, 0.01, &what);
                close(t, s, 0.03, &what);
            }
            (Fit::Weibull { shape: a, scale: s }, Fit::Weibull { shape: b, scale: t }) => {
                close(b, a, 0.03, &what);
                close(t, s, 0.02, &what);
            }
            (
                Fit::Triangular { min, mode, max },
                Fit::Triangular {
                    min: a,
                    mode: c,
                    max: b,
                },
            ) => {
                close(a, min, 0.03, &what);
                close(c, mode, 0.05, &what);
                close(b, max, 0.02, &what);
            }
            _ => unreachable!(),
        }
        // The recommended line loads as a scenario distribution.
        assert!(report.ron().starts_with(match truth.family() {
            Family::Exponential => "Exp(",
            Family::Erlang => "Erlang(",
            Family::Gamma => "Gamma(",
            Family::Normal => "Normal(",
            Family::LogNormal => "LogNormal(",
            Family::Weibull => "Weibull(",
            Family::Triangular => "Triangular(",
        }));
    }
}

#[test]
fn the_recommended_line_is_a_scenario_time_with_the_same_mean() {
    let truth = Fit::LogNormal {
        mu: (360f64).ln() - 0.0072,
        sigma: 0.12,
    };
    let xs = draws(&truth, 2_000, "line");
    let report = fit::fit(&xs, Options { bootstrap: 0, seed: 1 }).unwrap();
    let line = report.ron();
    assert!(line.starts_with("LogNormal(mean: \""), "{line}");
    let text = format!(
        r#"Scenario(
            name: "fit",
            experiment: (warmup: "0s", run: "100h", replications: 2, seed: 5),
            products: [(name: "p", route: ["s"])],
            source: Saturated,
            stations: [(name: "s", kind: Robot, time: {line}, buffer: 0)],
        )"#
    );
    let scenario = zhizao_core::scenario::Scenario::parse(&text);
    let scenario = scenario.unwrap_or_else(|e| panic!("{line}: {e:?}"));
    let mean = scenario.baseline().line.stations[0].process[0].mean();
    // The line's four digits keep the fitted mean to 0.01%.
    let Choice::Family(i) = report.choice else { panic!() };
    let fitted = report.fits[i].fit.mean();
    assert!(
        (mean - fitted).abs() < 1e-4 * fitted,
        "{line}: mean {mean} s, fitted {fitted} s"
    );
    assert!((mean - truth.mean()).abs() < 0.01 * truth.mean(), "{line}: mean {mean}");
}

/// The Kolmogorov-Smirnov distance of values from the uniform on [0, 1].
fn ks_uniform(mut ps: Vec<f64>) -> f64 {
    ps.sort_by(f64::total_cmp);
    let n = ps.len() as f64;
    ps.iter()
        .enumerate()
        .map(|(i, &p)| (p - i as f64 / n).max((i + 1) as f64 / n - p))
        .fold(0.0, f64::max)
}

#[test]
fn bootstrap_p_values_are_uniform_under_the_null() {
    // 200 samples of 40 from fitted families; each p-value from 99
    // bootstrap samples. Under the null the p-values are uniform (up to
    // their 1/100 steps): the KS distance stays below the 1% critical value
    // 1.63/sqrt(200) = 0.115.
    for truth in [Fit::Exponential { mean: 10.0 }, Fit::LogNormal { mu: 2.0, sigma: 0.5 }] {
        let family = truth.family();
        let ps: Vec<f64> = (0..200)
            .map(|r| {
                let mut rng = stream(11, family.name(), r);
                let xs: Vec<f64> = (0..40).map(|_| truth.draw(&mut rng)).collect();
                fit::p_value(
                    family,
                    &xs,
                    Options {
                        bootstrap: 99,
                        seed: r + 1,
                    },
                )
            })
            .collect();
        let d = ks_uniform(ps.clone());
        println!("{family:?}: KS distance of 200 bootstrap p-values from uniform: {d:.3}");
        assert!(d < 0.115, "{family:?}: KS distance {d:.3} of p-values from uniform");
        let rejected = ps.iter().filter(|p| **p < 0.05).count();
        assert!(rejected <= 20, "{family:?}: {rejected} of 200 rejected at 5%");
    }
}

#[test]
fn the_bootstrap_rejects_a_wrong_family_and_keeps_the_right_one() {
    let truth = Fit::LogNormal { mu: 3.0, sigma: 0.3 };
    let xs = draws(&truth, 400, "reject");
    let report = fit::fit(&xs, Options { bootstrap: 99, seed: 3 }).unwrap();
    let get = |f: Family| report.fits.iter().find(|x| x.fit.family() == f).unwrap();
    assert!(!get(Family::LogNormal).rejected(), "{:?}", get(Family::LogNormal));
    assert!(get(Family::Exponential).rejected(), "{:?}", get(Family::Exponential));
    assert_eq!(get(Family::Exponential).p_value, Some(0.01));
    // Rejected families rank after the others.
    let first_rejected = report.fits.iter().position(|f| f.rejected()).unwrap();
    assert!(report.fits[first_rejected..].iter().all(|f| f.rejected()));
}

#[test]
fn a_mixture_no_family_fits_falls_back_to_the_times_themselves() {
    let mut rng = stream(5, "mixture", 0);
    let xs: Vec<f64> = (0..600)
        .map(|i| {
            let z: f64 = StandardNormal.sample(&mut rng);
            if i % 2 == 0 { 30.0 + 2.0 * z } else { 90.0 + 3.0 * z }
        })
        .collect();
    let report = fit::fit(&xs, Options { bootstrap: 49, seed: 2 }).unwrap();
    assert!(report.fits.iter().all(|f| f.rejected()), "{:#?}", report.fits);
    assert_eq!(report.choice, Choice::Empirical);
    let line = report.ron();
    assert!(line.starts_with("Empirical([\""), "{line}");
    assert_eq!(line.matches("s\"").count(), 200, "200 quantiles of 600 times");
    assert!(fit::fit(&[1.0, 2.0], Options::default()).is_err());
    assert!(fit::fit(&[1.0, 2.0, 0.0, 3.0, 4.0], Options::default()).is_err());
}

/// A synthetic downtime log: `shifts` shifts of 8 h, one every 24 h; in each
/// the machine runs until a failure (exponential, mean `mtbf`), is repaired
/// (lognormal), runs again, until the shift ends, which cuts whatever
/// interval is under way. The failure clock starts anew each shift.
fn log(shifts: usize, mtbf: f64, repair: Fit) -> Vec<Interval> {
    let mut rng = stream(3, "downtime log", 0);
    let mut rows = Vec::new();
    let push = |start: f64, end: f64, state: State, rows: &mut Vec<Interval>| {
        let row = rows.len() + 2;
        rows.push(Interval {
            machine: "cnc_1".into(),
            start,
            end,
            state,
            row,
        });
    };
    for s in 0..shifts {
        let (begin, end) = (s as f64 * 86_400.0, s as f64 * 86_400.0 + 8.0 * 3600.0);
        let mut t = begin;
        while t < end {
            let up = Fit::Exponential { mean: mtbf }.draw(&mut rng);
            let stop = (t + up).min(end);
            push(t, stop, State::Up, &mut rows);
            t = stop;
            if t >= end {
                break;
            }
            let down = repair.draw(&mut rng);
            let back = (t + down).min(end);
            push(t, back, State::Down, &mut rows);
            t = back;
        }
    }
    rows
}

#[test]
fn a_downtime_log_censored_at_shift_ends_gives_back_the_true_mtbf() {
    let mtbf = 6.0 * 3600.0;
    let repair = Fit::LogNormal {
        mu: (1800f64).ln() - 0.125,
        sigma: 0.5,
    };
    let rows = log(400, mtbf, repair);
    let report = failures::fit_log(&rows).unwrap();
    let exp = report
        .ttf
        .estimates
        .iter()
        .find(|e| matches!(e.fit, Fit::Exponential { .. }))
        .unwrap();
    let (lo, hi) = report.mtbf_interval;
    let est = exp.fit.mean();
    assert!(
        lo < mtbf && mtbf < hi,
        "MTBF {est:.0} s, 95% [{lo:.0}, {hi:.0}], true {mtbf}"
    );
    // Ignoring the censored intervals: only failures within a shift are
    // seen, so their mean is far too short, and its own interval (mean ±
    // 1.96 sd/√n) misses the truth.
    let obs = &report.ttf.durations.observed;
    let naive = report.ttf.naive_mean;
    let sd = (obs.iter().map(|t| (t - naive).powi(2)).sum::<f64>() / (obs.len() - 1) as f64).sqrt();
    let naive_hi = naive + 1.96 * sd / (obs.len() as f64).sqrt();
    println!(
        "MTBF: censored estimate {:.2} h, 95% [{:.2}, {:.2}] h; naive {:.2} h (up to {:.2} h); true {:.2} h; {} failures, {} censored",
        est / 3600.0,
        lo / 3600.0,
        hi / 3600.0,
        naive / 3600.0,
        naive_hi / 3600.0,
        mtbf / 3600.0,
        obs.len(),
        report.ttf.durations.censored.len()
    );
    assert!(
        naive_hi < mtbf,
        "naive mean {naive:.0} s (up to {naive_hi:.0}) against true {mtbf}"
    );
    assert!(naive < 0.6 * mtbf, "naive {naive:.0}");
    // Exponential data: the exponential is chosen (the Weibull shape is
    // near 1 and buys nothing).
    assert!(
        matches!(report.ttf.best().fit, Fit::Exponential { .. }),
        "{:?}",
        report.ttf.estimates
    );
    // Repairs: lognormal with mean 30 min recovered from censored repairs.
    let ttr = report.ttr.as_ref().unwrap();
    assert!(matches!(ttr.best().fit, Fit::LogNormal { .. }), "{:?}", ttr.estimates);
    close(ttr.best().fit.mean(), 1800.0, 0.08, "mean time to repair");
    let line = report.ron();
    assert!(line.starts_with("failures: (time_to_failure: Exp(\""), "{line}");
    assert!(line.contains("time_to_repair: LogNormal(mean: \""), "{line}");
}

#[test]
fn a_log_with_overlaps_or_no_failure_is_refused() {
    let row = |start: f64, end: f64, state, row| Interval {
        machine: "m".into(),
        start,
        end,
        state,
        row,
    };
    let overlap = [row(0.0, 100.0, State::Up, 2), row(50.0, 200.0, State::Down, 3)];
    assert!(matches!(
        failures::fit_log(&overlap),
        Err(failures::LogError::Overlap { a: 2, b: 3, .. })
    ));
    let none = [row(0.0, 100.0, State::Up, 2), row(200.0, 300.0, State::Up, 3)];
    assert_eq!(failures::fit_log(&none).unwrap_err(), failures::LogError::NoFailures);
    let backwards = [row(100.0, 0.0, State::Up, 2)];
    assert!(matches!(
        failures::fit_log(&backwards),
        Err(failures::LogError::Backwards { row: 2 })
    ));
}

/// One robot station, exponential times of 1 min, never starved or
/// blocked: its departures are a Poisson process of 60 an hour, so a week
/// makes 10,080 parts with sd √10,080 = 100.4, and a year of 8,760 h makes
/// 525,600.
const POISSON_LINE: &str = r#"Scenario(
    name: "poisson",
    experiment: (warmup: "1w", run: "20w", replications: 10, seed: 3),
    products: [(name: "p", route: ["s"])],
    source: Saturated,
    stations: [(name: "s", kind: Robot, time: Exp("1min"), buffer: 0)],
)"#;

#[test]
fn calibration_against_a_recorded_year_and_recorded_weeks() {
    use zhizao_core::calibrate::{Recorded, Verdict, calibrate};
    let b = super::common::baseline(POISSON_LINE);
    let reps = super::common::replications(&b);
    let (warmup, run) = (b.settings.warmup, b.settings.run);
    let year = |output: f64| calibrate(&reps, warmup, run, &Recorded::Total { output, hours: 8760.0 }, 0.0).unwrap();
    let c = year(525_600.0);
    println!(
        "a year: simulated {:.0}, one year's 95% prediction interval [{:.0}, {:.0}]",
        c.simulated.mean, c.interval.0, c.interval.1
    );
    assert!((c.simulated.mean - 525_600.0).abs() < 0.005 * 525_600.0, "{c:?}");
    assert_eq!(c.verdict, Verdict::Consistent, "{c:?}");
    assert_eq!(year(0.95 * 525_600.0).verdict, Verdict::Optimistic);
    assert_eq!(year(1.05 * 525_600.0).verdict, Verdict::Pessimistic);
    // Twelve recorded weeks around the true 10,080.
    let weeks = vec![
        10_010.0, 10_150.0, 9_980.0, 10_090.0, 10_200.0, 10_040.0, 9_950.0, 10_120.0, 10_060.0, 10_110.0, 9_990.0,
        10_180.0,
    ];
    let c = calibrate(&reps, warmup, run, &Recorded::Weekly(weeks.clone()), 0.0).unwrap();
    let (rec_sd, sim_sd) = c.spreads.unwrap();
    println!(
        "weeks: simulated {:.0}/week (sd {sim_sd:.1}, theory 100.4), recorded {:.0} (sd {rec_sd:.1}); difference 95% [{:.0}, {:.0}]",
        c.simulated.mean, c.recorded.mean, c.interval.0, c.interval.1
    );
    assert!((c.simulated.mean - 10_080.0).abs() < 0.005 * 10_080.0, "{c:?}");
    assert!((sim_sd - 100.4).abs() < 0.15 * 100.4, "weekly sd {sim_sd}");
    assert_eq!(c.verdict, Verdict::Consistent, "{c:?}");
    let low: Vec<f64> = weeks.iter().map(|w| w - 600.0).collect();
    assert_eq!(
        calibrate(&reps, warmup, run, &Recorded::Weekly(low.clone()), 0.0)
            .unwrap()
            .verdict,
        Verdict::Optimistic
    );
    // 6% off is within a tolerance of 10%, not of 5%.
    assert_eq!(
        calibrate(&reps, warmup, run, &Recorded::Weekly(low.clone()), 0.10)
            .unwrap()
            .verdict,
        Verdict::Consistent
    );
    assert_eq!(year(0.95 * 525_600.0).verdict, Verdict::Optimistic);
}
