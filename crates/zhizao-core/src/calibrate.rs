//! The baseline against the plant's records: before a planner trusts the
//! variants, the model of the line as it is must reproduce what the line
//! made.
//!
//! - A total over a period (last year's good output): each replication's
//!   good output scaled to the period is one simulated period; the record
//!   is one real period, so it is compared with the 95% prediction
//!   interval of a single period, mean ± t·sd·√(1 + 1/R).
//! - Weekly outputs: the simulated weeks after the warm-up (whole weeks of
//!   each replication's output series) against the recorded weeks: the 95%
//!   interval of the difference of their means (Welch), and their spreads.
//!
//! Consistent when the record lies inside (or the interval of the
//! difference holds 0); otherwise the model is optimistic (it makes more
//! than the line did) or pessimistic, with what to look at.

use crate::kpi::GOOD_OUTPUT;
use crate::sim::Replication;
use crate::stats::{Summary, t_quantile};
use crate::time::{Tick, ticks_to_hours};

/// What the plant recorded for the line as it is.
#[derive(Clone, Debug, PartialEq)]
pub enum Recorded {
    /// Good parts made in `hours` of calendar time (e.g. 8,760 for a year).
    Total { output: f64, hours: f64 },
    /// Good parts made in each of several calendar weeks.
    Weekly(Vec<f64>),
}

/// The model against the record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Consistent,
    /// The model makes more than the line did.
    Optimistic,
    /// The model makes less than the line did.
    Pessimistic,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Consistent => "consistent: the baseline reproduces the record",
            Verdict::Optimistic => {
                "optimistic: the model makes more than the line did; check failures and repairs, speed losses, shifts and holidays, absence, material shortages"
            }
            Verdict::Pessimistic => {
                "pessimistic: the model makes less than the line did; check processing times (ideal or actual?), overtime and weekend work, scrap rates"
            }
        }
    }
}

/// The comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Calibration {
    /// "year of 8,760 h" or "week".
    pub period: String,
    pub recorded: Summary,
    pub simulated: Summary,
    /// Where one simulated period falls, 95% (totals), or the 95% interval
    /// of the difference of means, simulated minus recorded (weeks).
    pub interval: (f64, f64),
    /// (simulated - recorded) / recorded.
    pub relative: f64,
    /// Standard deviations of one period, recorded and simulated (weeks).
    pub spreads: Option<(f64, f64)>,
    /// The relative difference accepted whatever the intervals say.
    pub tolerance: f64,
    pub verdict: Verdict,
}

fn sd(xs: &[f64]) -> f64 {
    let n = xs.len() as f64;
    let m = xs.iter().sum::<f64>() / n;
    (xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0).max(1.0)).sqrt()
}

/// Whole weeks of good output after the warm-up, from each replication's
/// output series. Buckets that straddle a week's end are shared in
/// proportion to their overlap (exact for lines with calendars, whose
/// buckets are whole weeks).
pub fn simulated_weeks(reps: &[Replication], warmup: Tick) -> Vec<Vec<f64>> {
    reps.iter()
        .map(|r| {
            let h = r.series_bucket_hours;
            let start = ticks_to_hours(warmup);
            let end = h * r.series_good.len() as f64;
            let weeks = ((end - start) / 168.0 + 1e-9).floor().max(0.0) as usize;
            (0..weeks)
                .map(|k| {
                    let (a, b) = (start + 168.0 * k as f64, start + 168.0 * (k + 1) as f64);
                    let first = (a / h).floor() as usize;
                    let last = ((b / h).ceil() as usize).min(r.series_good.len());
                    (first..last)
                        .map(|i| {
                            let (lo, hi) = (i as f64 * h, (i + 1) as f64 * h);
                            let overlap = (hi.min(b) - lo.max(a)).max(0.0) / h;
                            overlap * r.series_good[i] as f64
                        })
                        .sum()
                })
                .collect()
        })
        .collect()
}

/// Compares the baseline's replications (run with `run` ticks measured
/// after `warmup`) with the record.
/// `tolerance` is the relative difference accepted whatever the intervals
/// say (0.02: 2%).
pub fn calibrate(
    reps: &[Replication],
    warmup: Tick,
    run: Tick,
    recorded: &Recorded,
    tolerance: f64,
) -> Result<Calibration, String> {
    let verdict = |inside: bool, sim: f64, rec: f64| {
        if inside || (sim - rec).abs() <= tolerance * rec.abs() {
            Verdict::Consistent
        } else if sim > rec {
            Verdict::Optimistic
        } else {
            Verdict::Pessimistic
        }
    };
    match recorded {
        Recorded::Total { output, hours } => {
            if reps.len() < 2 {
                return Err("at least 2 replications are needed for an interval".into());
            }
            let scale = hours / ticks_to_hours(run);
            let xs: Vec<f64> = reps.iter().map(|r| r.line[GOOD_OUTPUT] * scale).collect();
            let s = Summary::of(&xs);
            let r = xs.len() as f64;
            let half = t_quantile(0.975, r - 1.0) * sd(&xs) * (1.0 + 1.0 / r).sqrt();
            let interval = (s.mean - half, s.mean + half);
            Ok(Calibration {
                period: format!("{} h", crate::format::grouped(*hours)),
                recorded: Summary::of(&[*output]),
                relative: (s.mean - output) / output,
                verdict: verdict(interval.0 <= *output && *output <= interval.1, s.mean, *output),
                simulated: s,
                interval,
                spreads: None,
                tolerance,
            })
        }
        Recorded::Weekly(weeks) => {
            if weeks.len() < 2 {
                return Err("at least 2 recorded weeks are needed".into());
            }
            let sim = simulated_weeks(reps, warmup);
            let per_rep: Vec<f64> = sim
                .iter()
                .filter(|w| !w.is_empty())
                .map(|w| w.iter().sum::<f64>() / w.len() as f64)
                .collect();
            if per_rep.len() < 2 {
                return Err(
                    "the simulated run holds fewer than one whole week after the warm-up in 2 replications; run longer (--run 13w)"
                        .into(),
                );
            }
            let all: Vec<f64> = sim.concat();
            let (sr, rr) = (Summary::of(&per_rep), Summary::of(weeks));
            // Welch: replication means (independent) against recorded weeks.
            let (va, na) = (sd(&per_rep).powi(2), per_rep.len() as f64);
            let (vb, nb) = (sd(weeks).powi(2), weeks.len() as f64);
            let se = (va / na + vb / nb).sqrt();
            let df = (va / na + vb / nb).powi(2)
                / ((va / na).powi(2) / (na - 1.0) + (vb / nb).powi(2) / (nb - 1.0)).max(1e-300);
            let d = sr.mean - rr.mean;
            let half = t_quantile(0.975, df.max(1.0)) * se;
            let interval = (d - half, d + half);
            Ok(Calibration {
                period: "week".into(),
                relative: d / rr.mean,
                verdict: verdict(interval.0 <= 0.0 && 0.0 <= interval.1, sr.mean, rr.mean),
                recorded: rr,
                simulated: sr,
                interval,
                spreads: Some((sd(weeks), sd(&all))),
                tolerance,
            })
        }
    }
}
