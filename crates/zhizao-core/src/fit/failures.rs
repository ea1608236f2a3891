//! Time to failure and time to repair from a downtime log, with censoring.
//!
//! A log is a list of intervals per machine, each `Up` (running) or `Down`
//! (broken down), as MES state exports and downtime books give them. An up
//! interval that ends where a down interval of the same machine starts ends
//! in a failure: an observed time to failure. One that ends otherwise (the
//! shift ended, the log ended) is right-censored: the machine ran that long
//! without failing, and it is not known when it would have failed. Repairs
//! likewise: a down interval followed at once by an up one is an observed
//! repair, one cut by the end of a shift is censored.
//!
//! Estimates use every interval: the exponential MTBF is total up time over
//! failures (with the chi-square interval for a time-truncated test); the
//! Weibull and lognormal maximise the censored likelihood (density at the
//! observed times, survival at the censored ones). The naive mean of the
//! observed intervals alone is shown beside it: it ignores that a long
//! interval is more likely to be cut by a shift end, so it is too short.

use super::{Fit, maximise2, norm_cdf};

/// What a machine was doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Up,
    Down,
}

/// One row of a downtime log: times in seconds from any origin.
#[derive(Clone, Debug, PartialEq)]
pub struct Interval {
    pub machine: String,
    pub start: f64,
    pub end: f64,
    pub state: State,
    /// The row in the file, for messages.
    pub row: usize,
}

/// Two intervals touch when the gap between them is below this (seconds).
pub const TOUCH: f64 = 1.0;

/// Durations observed and censored, seconds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Durations {
    pub observed: Vec<f64>,
    pub censored: Vec<f64>,
}

impl Durations {
    pub fn total(&self) -> f64 {
        self.observed.iter().chain(&self.censored).sum()
    }
}

/// Why a log cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LogError {
    #[error("row {row}: ends before it starts")]
    Backwards { row: usize },
    #[error("rows {a} and {b} overlap on machine \"{machine}\"")]
    Overlap { a: usize, b: usize, machine: String },
    #[error("no failure is observed (no up interval is followed at once by a down one)")]
    NoFailures,
}

/// Splits a log into times to failure and times to repair.
pub fn durations(log: &[Interval]) -> Result<(Durations, Durations), LogError> {
    let mut rows: Vec<&Interval> = log.iter().collect();
    for r in &rows {
        if r.end < r.start {
            return Err(LogError::Backwards { row: r.row });
        }
    }
    rows.sort_by(|a, b| a.machine.cmp(&b.machine).then(a.start.total_cmp(&b.start)));
    let (mut ttf, mut ttr) = (Durations::default(), Durations::default());
    for (i, r) in rows.iter().enumerate() {
        let next = rows.get(i + 1).filter(|n| n.machine == r.machine);
        if let Some(n) = next
            && n.start < r.end - TOUCH
        {
            return Err(LogError::Overlap {
                a: r.row,
                b: n.row,
                machine: r.machine.clone(),
            });
        }
        let ends_in_change = next.is_some_and(|n| (n.start - r.end).abs() < TOUCH && n.state != r.state);
        let d = r.end - r.start;
        if d <= 0.0 {
            continue;
        }
        let into = if r.state == State::Up { &mut ttf } else { &mut ttr };
        if ends_in_change {
            into.observed.push(d);
        } else {
            into.censored.push(d);
        }
    }
    if ttf.observed.is_empty() {
        return Err(LogError::NoFailures);
    }
    Ok((ttf, ttr))
}

/// The log-likelihood of censored data under `fit`.
pub fn censored_log_likelihood(fit: &Fit, d: &Durations) -> f64 {
    let survival: f64 = d.censored.iter().map(|&t| (1.0 - fit.cdf(t)).max(1e-300).ln()).sum();
    let density: f64 = d.observed.iter().map(|&t| fit.log_likelihood(&[t])).sum();
    density + survival
}

/// An estimate from censored durations.
#[derive(Clone, Debug)]
pub struct Estimate {
    pub fit: Fit,
    pub log_likelihood: f64,
    pub aic: f64,
}

fn estimate(fit: Fit, d: &Durations) -> Estimate {
    let log_likelihood = censored_log_likelihood(&fit, d);
    Estimate {
        fit,
        log_likelihood,
        aic: 2.0 * fit.family().parameters() as f64 - 2.0 * log_likelihood,
    }
}

/// Exponential: total time over events.
pub fn exponential(d: &Durations) -> Option<Estimate> {
    (!d.observed.is_empty()).then(|| {
        estimate(
            Fit::Exponential {
                mean: d.total() / d.observed.len() as f64,
            },
            d,
        )
    })
}

/// The exponential mean's 95% interval for a time-truncated record of `r`
/// events in total time `total`: [2T/χ²(0.975; 2r+2), 2T/χ²(0.025; 2r)].
pub fn exponential_interval(total: f64, r: usize) -> (f64, f64) {
    let chi2 = |nu: f64, p: f64| {
        Fit::Gamma {
            shape: nu / 2.0,
            mean: nu,
        }
        .quantile(p)
    };
    let r = r as f64;
    (
        2.0 * total / chi2(2.0 * r + 2.0, 0.975),
        2.0 * total / chi2(2.0 * r, 0.025),
    )
}

/// Weibull by the censored profile likelihood: the shape solves
/// Σ t^b ln t / Σ t^b - 1/b = mean of ln t over observed failures.
pub fn weibull(d: &Durations) -> Option<Estimate> {
    if d.observed.len() < 2 {
        return None;
    }
    let scale0 = d.total() / (d.observed.len() + d.censored.len()) as f64;
    let all: Vec<f64> = d.observed.iter().chain(&d.censored).map(|t| t / scale0).collect();
    let r = d.observed.len() as f64;
    let mean_ln_obs = d.observed.iter().map(|t| (t / scale0).ln()).sum::<f64>() / r;
    let g = |b: f64| {
        let (mut s0, mut s1) = (0.0, 0.0);
        for t in &all {
            let p = t.powf(b);
            s0 += p;
            s1 += p * t.ln();
        }
        s1 / s0 - 1.0 / b - mean_ln_obs
    };
    // g rises with b: bisection on a wide bracket.
    let (mut lo, mut hi) = (1e-3f64, 1e3f64);
    if g(lo) > 0.0 || g(hi) < 0.0 {
        return None;
    }
    for _ in 0..200 {
        let mid = (lo * hi).sqrt();
        if g(mid) > 0.0 {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let b = (lo * hi).sqrt();
    let scale = scale0 * (all.iter().map(|t| t.powf(b)).sum::<f64>() / r).powf(1.0 / b);
    Some(estimate(Fit::Weibull { shape: b, scale }, d))
}

/// Lognormal by the censored likelihood (simplex on mu and ln sigma).
pub fn lognormal(d: &Durations) -> Option<Estimate> {
    if d.observed.len() < 2 {
        return None;
    }
    let lns: Vec<f64> = d.observed.iter().map(|t| t.ln()).collect();
    let m = lns.iter().sum::<f64>() / lns.len() as f64;
    let s = (lns.iter().map(|l| (l - m).powi(2)).sum::<f64>() / lns.len() as f64)
        .sqrt()
        .max(1e-3);
    let ll = |mu: f64, log_sigma: f64| {
        let sigma = log_sigma.exp();
        let obs: f64 = lns
            .iter()
            .map(|l| -l - sigma.ln() - 0.5 * (2.0 * std::f64::consts::PI).ln() - ((l - mu) / sigma).powi(2) / 2.0)
            .sum();
        let cens: f64 = d
            .censored
            .iter()
            .map(|t| (1.0 - norm_cdf((t.ln() - mu) / sigma)).max(1e-300).ln())
            .sum();
        obs + cens
    };
    let (mu, ls) = maximise2(ll, (m, s.ln()), (0.2 * s, 0.1));
    Some(estimate(Fit::LogNormal { mu, sigma: ls.exp() }, d))
}

/// The estimates of one kind of duration, best (lowest AIC, exponential
/// unless another is better by more than 2) first.
#[derive(Clone, Debug)]
pub struct Fitted {
    pub durations: Durations,
    pub estimates: Vec<Estimate>,
    /// Mean of the observed durations alone, ignoring the censored ones.
    pub naive_mean: f64,
}

impl Fitted {
    fn of(durations: Durations, lognormal_too: bool) -> Option<Fitted> {
        let mut estimates: Vec<Estimate> = [
            exponential(&durations),
            weibull(&durations),
            if lognormal_too { lognormal(&durations) } else { None },
        ]
        .into_iter()
        .flatten()
        .collect();
        if estimates.is_empty() {
            return None;
        }
        // The exponential wins ties within 2 AIC units: one parameter fewer.
        estimates.sort_by(|a, b| {
            let key = |e: &Estimate| match e.fit {
                Fit::Exponential { .. } => e.aic - 2.0,
                _ => e.aic,
            };
            key(a).total_cmp(&key(b))
        });
        let naive_mean = durations.observed.iter().sum::<f64>() / durations.observed.len() as f64;
        Some(Fitted {
            durations,
            estimates,
            naive_mean,
        })
    }

    pub fn best(&self) -> &Estimate {
        &self.estimates[0]
    }
}

/// Time to failure and time to repair from a log.
#[derive(Clone, Debug)]
pub struct Report {
    pub ttf: Fitted,
    /// `None` when no repair was observed.
    pub ttr: Option<Fitted>,
    /// The exponential MTBF's 95% interval, seconds.
    pub mtbf_interval: (f64, f64),
}

/// Estimates time to failure (exponential or Weibull) and time to repair
/// (exponential, Weibull or lognormal) from a log.
pub fn fit_log(log: &[Interval]) -> Result<Report, LogError> {
    let (ttf, ttr) = durations(log)?;
    let mtbf_interval = exponential_interval(ttf.total(), ttf.observed.len());
    Ok(Report {
        ttf: Fitted::of(ttf, false).ok_or(LogError::NoFailures)?,
        ttr: Fitted::of(ttr, true),
        mtbf_interval,
    })
}

impl Report {
    /// The exponential MTBF: running time over failures, seconds.
    pub fn mtbf(&self) -> f64 {
        self.ttf.durations.total() / self.ttf.durations.observed.len() as f64
    }

    /// The scenario's `failures` block.
    pub fn ron(&self) -> String {
        let ttf = self.ttf.best().fit.ron().unwrap_or_default();
        match &self.ttr {
            Some(r) => format!(
                "failures: (time_to_failure: {ttf}, time_to_repair: {})",
                r.best().fit.ron().unwrap_or_default()
            ),
            None => format!("failures: (time_to_failure: {ttf}, time_to_repair: ...)"),
        }
    }
}
