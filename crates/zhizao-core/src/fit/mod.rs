//! Fitting duration distributions to measured times (a stopwatch sheet, an
//! MES export): exponential, normal truncated at 0, lognormal, gamma,
//! Erlang, Weibull by maximum likelihood, triangular by its own estimator.
//!
//! The fits are ranked by AIC (2k - 2 ln L); each has its Anderson-Darling
//! statistic A² and, with a bootstrap, a p-value from a seeded parametric
//! bootstrap (draw n times from the fitted distribution, fit again, compute
//! A² again: p = (1 + #{A²* >= A²}) / (B + 1)), which is right for
//! parameters estimated from the data where tables for known parameters are
//! not. A family the bootstrap rejects (p < 0.05) ranks after those it does
//! not. The recommended family is the simplest (fewest parameters, then the
//! order of [`Family::ALL`]) within [`AIC_TIE`] AIC units of the best one not
//! rejected (so an Erlang whose gamma shape is a sampling error away from a
//! whole number stays an Erlang); when every family is rejected, the data themselves
//! (`Empirical`). See [`failures`] for time-to-failure and time-to-repair
//! from a downtime log with censoring.

pub mod failures;

use rand::{Rng, RngExt};
use rand_distr::{Distribution, Exp1, Gamma, StandardNormal};
use rayon::prelude::*;
use statrs::function::erf::{erfc, erfc_inv};
use statrs::function::gamma::{digamma, gamma_lr, ln_gamma};

/// Significance level at which the bootstrap rejects a family.
pub const REJECT_BELOW: f64 = 0.05;

/// Families this close in AIC to the best count as tied; the simplest of
/// them is recommended. 4: "considerably less support" beyond it (Burnham
/// and Anderson), and a likelihood-ratio test at 5% between families of as
/// many parameters (3.84) does not tell them apart within it.
pub const AIC_TIE: f64 = 4.0;

/// Fewest measured times to fit.
pub const MIN_SAMPLE: usize = 5;

/// A family of distributions, as a scenario writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Exponential,
    Erlang,
    Normal,
    LogNormal,
    Gamma,
    Weibull,
    Triangular,
}

impl Family {
    /// Every family, simplest first (the order ties are broken in).
    pub const ALL: [Family; 7] = [
        Family::Exponential,
        Family::Normal,
        Family::LogNormal,
        Family::Erlang,
        Family::Gamma,
        Family::Weibull,
        Family::Triangular,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Family::Exponential => "exponential",
            Family::Erlang => "Erlang",
            Family::Normal => "normal (truncated at 0)",
            Family::LogNormal => "lognormal",
            Family::Gamma => "gamma",
            Family::Weibull => "Weibull",
            Family::Triangular => "triangular",
        }
    }

    /// Parameters estimated (AIC's k).
    pub fn parameters(self) -> usize {
        match self {
            Family::Exponential => 1,
            Family::Triangular => 3,
            _ => 2,
        }
    }
}

/// A fitted distribution, in seconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Fit {
    Exponential {
        mean: f64,
    },
    Erlang {
        k: u32,
        mean: f64,
    },
    /// The untruncated normal's mean and standard deviation, truncated at 0.
    Normal {
        mu: f64,
        sigma: f64,
    },
    /// Of the logarithm.
    LogNormal {
        mu: f64,
        sigma: f64,
    },
    Gamma {
        shape: f64,
        mean: f64,
    },
    Weibull {
        shape: f64,
        scale: f64,
    },
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
    },
}

fn norm_cdf(z: f64) -> f64 {
    0.5 * erfc(-z / std::f64::consts::SQRT_2)
}

fn norm_quantile(p: f64) -> f64 {
    -std::f64::consts::SQRT_2 * erfc_inv(2.0 * p)
}

/// ψ'(x), by recurrence to x >= 12 and the asymptotic series (its next
/// term, 5/(66 x^11), is below 1e-13 there).
fn trigamma(mut x: f64) -> f64 {
    let mut acc = 0.0;
    while x < 12.0 {
        acc += 1.0 / (x * x);
        x += 1.0;
    }
    let x2 = 1.0 / (x * x);
    acc + 1.0 / x + x2 / 2.0 + x2 / x * (1.0 / 6.0 - x2 * (1.0 / 30.0 - x2 * (1.0 / 42.0 - x2 / 30.0)))
}

impl Fit {
    pub fn family(&self) -> Family {
        match self {
            Fit::Exponential { .. } => Family::Exponential,
            Fit::Erlang { .. } => Family::Erlang,
            Fit::Normal { .. } => Family::Normal,
            Fit::LogNormal { .. } => Family::LogNormal,
            Fit::Gamma { .. } => Family::Gamma,
            Fit::Weibull { .. } => Family::Weibull,
            Fit::Triangular { .. } => Family::Triangular,
        }
    }

    /// The distribution function at `x` seconds.
    pub fn cdf(&self, x: f64) -> f64 {
        if x <= 0.0 && !matches!(self, Fit::Triangular { .. }) {
            return 0.0;
        }
        match *self {
            Fit::Exponential { mean } => -(-x / mean).exp_m1(),
            Fit::Erlang { k, mean } => gamma_lr(k as f64, x * k as f64 / mean),
            Fit::Gamma { shape, mean } => gamma_lr(shape, x * shape / mean),
            Fit::Normal { mu, sigma } => {
                let below = norm_cdf(-mu / sigma);
                ((norm_cdf((x - mu) / sigma) - below) / (1.0 - below)).clamp(0.0, 1.0)
            }
            Fit::LogNormal { mu, sigma } => norm_cdf((x.ln() - mu) / sigma),
            Fit::Weibull { shape, scale } => -(-(x / scale).powf(shape)).exp_m1(),
            Fit::Triangular { min, mode, max } => {
                if x <= min {
                    0.0
                } else if x >= max {
                    1.0
                } else if x <= mode {
                    (x - min).powi(2) / ((max - min) * (mode - min))
                } else {
                    1.0 - (max - x).powi(2) / ((max - min) * (max - mode))
                }
            }
        }
    }

    /// The quantile at probability `p` in (0, 1), seconds.
    pub fn quantile(&self, p: f64) -> f64 {
        match *self {
            Fit::Exponential { mean } => -mean * (-p).ln_1p(),
            Fit::Weibull { shape, scale } => scale * (-(-p).ln_1p()).powf(1.0 / shape),
            Fit::LogNormal { mu, sigma } => (mu + sigma * norm_quantile(p)).exp(),
            Fit::Normal { mu, sigma } => {
                let below = norm_cdf(-mu / sigma);
                mu + sigma * norm_quantile(below + p * (1.0 - below))
            }
            Fit::Triangular { min, mode, max } => {
                let split = (mode - min) / (max - min);
                if p <= split {
                    min + (p * (max - min) * (mode - min)).sqrt()
                } else {
                    max - ((1.0 - p) * (max - min) * (max - mode)).sqrt()
                }
            }
            Fit::Erlang { .. } | Fit::Gamma { .. } => {
                // Bisection on the distribution function: monotone, and
                // only used for charts.
                let (mut lo, mut hi) = (0.0, self.mean().max(1e-12));
                while self.cdf(hi) < p && hi < 1e300 {
                    hi *= 2.0;
                }
                for _ in 0..100 {
                    let mid = 0.5 * (lo + hi);
                    if self.cdf(mid) < p { lo = mid } else { hi = mid }
                }
                0.5 * (lo + hi)
            }
        }
    }

    /// The mean in seconds.
    pub fn mean(&self) -> f64 {
        match *self {
            Fit::Exponential { mean } | Fit::Erlang { mean, .. } | Fit::Gamma { mean, .. } => mean,
            Fit::Normal { mu, sigma } => {
                let a = -mu / sigma;
                let phi = (-a * a / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt();
                mu + sigma * phi / (1.0 - norm_cdf(a))
            }
            Fit::LogNormal { mu, sigma } => (mu + sigma * sigma / 2.0).exp(),
            Fit::Weibull { shape, scale } => scale * ln_gamma(1.0 + 1.0 / shape).exp(),
            Fit::Triangular { min, mode, max } => (min + mode + max) / 3.0,
        }
    }

    /// The log-likelihood of `xs` (seconds).
    pub fn log_likelihood(&self, xs: &[f64]) -> f64 {
        let n = xs.len() as f64;
        match *self {
            Fit::Exponential { mean } => -n * mean.ln() - xs.iter().sum::<f64>() / mean,
            Fit::Erlang { k, mean } => gamma_ll(xs, k as f64, mean),
            Fit::Gamma { shape, mean } => gamma_ll(xs, shape, mean),
            Fit::Normal { mu, sigma } => {
                let ss: f64 = xs.iter().map(|x| ((x - mu) / sigma).powi(2)).sum();
                -n * sigma.ln() - n * 0.5 * (2.0 * std::f64::consts::PI).ln() - ss / 2.0 - n * norm_cdf(mu / sigma).ln()
            }
            Fit::LogNormal { mu, sigma } => {
                let ss: f64 = xs.iter().map(|x| ((x.ln() - mu) / sigma).powi(2)).sum();
                -xs.iter().map(|x| x.ln()).sum::<f64>()
                    - n * sigma.ln()
                    - n * 0.5 * (2.0 * std::f64::consts::PI).ln()
                    - ss / 2.0
            }
            Fit::Weibull { shape, scale } => {
                n * shape.ln() - n * shape * scale.ln() + (shape - 1.0) * xs.iter().map(|x| x.ln()).sum::<f64>()
                    - xs.iter().map(|x| (x / scale).powf(shape)).sum::<f64>()
            }
            Fit::Triangular { min, mode, max } => xs
                .iter()
                .map(|&x| {
                    if x <= min || x >= max {
                        f64::NEG_INFINITY
                    } else if x < mode {
                        (2.0 * (x - min) / ((max - min) * (mode - min))).ln()
                    } else if x > mode {
                        (2.0 * (max - x) / ((max - min) * (max - mode))).ln()
                    } else {
                        (2.0 / (max - min)).ln()
                    }
                })
                .sum(),
        }
    }

    /// A draw, seconds.
    pub fn draw<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match *self {
            Fit::Exponential { mean } => {
                let e: f64 = Exp1.sample(rng);
                e * mean
            }
            Fit::Erlang { k, mean } => Gamma::new(k as f64, mean / k as f64).expect("checked").sample(rng),
            Fit::Gamma { shape, mean } => Gamma::new(shape, mean / shape).expect("checked").sample(rng),
            Fit::Normal { mu, sigma } => loop {
                let z: f64 = StandardNormal.sample(rng);
                let v = mu + sigma * z;
                if v > 0.0 {
                    break v;
                }
            },
            Fit::LogNormal { mu, sigma } => {
                let z: f64 = StandardNormal.sample(rng);
                (mu + sigma * z).exp()
            }
            Fit::Weibull { .. } | Fit::Triangular { .. } => {
                let p: f64 = rng.random::<f64>();
                self.quantile(p.clamp(1e-300, 1.0 - 1e-16))
            }
        }
    }

    /// The scenario's way of writing this distribution, e.g.
    /// `LogNormal(mean: "6.02min", cv: 0.118)`; `None` when a scenario
    /// cannot hold it (a normal with mean below 2 sd is refused there).
    pub fn ron(&self) -> Option<String> {
        let d = duration_text;
        Some(match *self {
            Fit::Exponential { mean } => format!("Exp(\"{}\")", d(mean)),
            Fit::Erlang { k, mean } => format!("Erlang(k: {k}, mean: \"{}\")", d(mean)),
            Fit::Gamma { shape, mean } => format!("Gamma(shape: {}, mean: \"{}\")", sig(shape), d(mean)),
            Fit::Normal { mu, sigma } => {
                if mu < 2.0 * sigma {
                    return None;
                }
                format!("Normal(mean: \"{}\", sd: \"{}\")", d(mu), d(sigma))
            }
            Fit::LogNormal { sigma, .. } => {
                let cv = (sigma * sigma).exp_m1().sqrt();
                format!("LogNormal(mean: \"{}\", cv: {})", d(self.mean()), sig(cv))
            }
            Fit::Weibull { shape, scale } => format!("Weibull(shape: {}, scale: \"{}\")", sig(shape), d(scale)),
            Fit::Triangular { min, mode, max } => format!(
                "Triangular(min: \"{}\", mode: \"{}\", max: \"{}\")",
                d(min.max(0.0)),
                d(mode),
                d(max)
            ),
        })
    }

    /// The parameters for a person.
    pub fn describe(&self) -> String {
        let d = duration_text;
        match *self {
            Fit::Exponential { mean } => format!("mean {}", d(mean)),
            Fit::Erlang { k, mean } => format!("k {k}, mean {}", d(mean)),
            Fit::Gamma { shape, mean } => format!("shape {}, mean {}", sig(shape), d(mean)),
            Fit::Normal { mu, sigma } => format!("mean {}, sd {}", d(mu), d(sigma)),
            Fit::LogNormal { mu, sigma } => format!("ln s: mu {}, sigma {}", sig(mu), sig(sigma)),
            Fit::Weibull { shape, scale } => format!("shape {}, scale {}", sig(shape), d(scale)),
            Fit::Triangular { min, mode, max } => format!("{} / {} / {}", d(min), d(mode), d(max)),
        }
    }
}

fn gamma_ll(xs: &[f64], shape: f64, mean: f64) -> f64 {
    let theta = mean / shape;
    let n = xs.len() as f64;
    (shape - 1.0) * xs.iter().map(|x| x.ln()).sum::<f64>()
        - xs.iter().sum::<f64>() / theta
        - n * shape * theta.ln()
        - n * ln_gamma(shape)
}

/// Four significant digits, without float noise.
fn sig(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let digits = (3 - x.abs().log10().floor() as i32).max(0) as usize;
    let s = format!("{x:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A duration for a scenario: four significant digits in the unit that
/// reads best ("45.2s", "6.02min", "2.5h").
pub fn duration_text(secs: f64) -> String {
    if secs >= 2.0 * 3600.0 {
        format!("{}h", sig(secs / 3600.0))
    } else if secs >= 120.0 {
        format!("{}min", sig(secs / 60.0))
    } else if secs >= 1.0 || secs == 0.0 {
        format!("{}s", sig(secs))
    } else {
        format!("{}ms", sig(secs * 1000.0))
    }
}

/// Summary numbers of a sample used by several estimators.
struct Sample<'a> {
    xs: &'a [f64],
    mean: f64,
    mean_ln: f64,
}

impl<'a> Sample<'a> {
    fn of(xs: &'a [f64]) -> Sample<'a> {
        let n = xs.len() as f64;
        Sample {
            xs,
            mean: xs.iter().sum::<f64>() / n,
            mean_ln: xs.iter().map(|x| x.ln()).sum::<f64>() / n,
        }
    }
}

/// The maximum-likelihood gamma shape: ln k - ψ(k) = ln mean - mean ln.
fn gamma_shape(s: &Sample) -> f64 {
    let t = (s.mean.ln() - s.mean_ln).max(1e-12);
    let mut k = (3.0 - t + ((t - 3.0).powi(2) + 24.0 * t).sqrt()) / (12.0 * t);
    for _ in 0..50 {
        let f = k.ln() - digamma(k) - t;
        let df = 1.0 / k - trigamma(k);
        let next = k - f / df;
        let next = if next.is_finite() && next > 0.0 { next } else { k / 2.0 };
        if (next - k).abs() <= 1e-12 * k {
            return next;
        }
        k = next;
    }
    k
}

/// The maximum-likelihood Weibull shape, by Newton's method on the profile
/// equation with the times scaled by their mean (no overflow), bracketed.
fn weibull_shape(s: &Sample) -> f64 {
    let ys: Vec<f64> = s.xs.iter().map(|x| x / s.mean).collect();
    let lns: Vec<f64> = ys.iter().map(|y| y.ln()).collect();
    let mean_ln = lns.iter().sum::<f64>() / lns.len() as f64;
    let g = |b: f64| -> (f64, f64) {
        let (mut s0, mut s1, mut s2) = (0.0, 0.0, 0.0);
        for (y, l) in ys.iter().zip(&lns) {
            let p = y.powf(b);
            s0 += p;
            s1 += p * l;
            s2 += p * l * l;
        }
        let v = s1 / s0 - 1.0 / b - mean_ln;
        let dv = (s2 * s0 - s1 * s1) / (s0 * s0) + 1.0 / (b * b);
        (v, dv)
    };
    let sd_ln = (lns.iter().map(|l| (l - mean_ln).powi(2)).sum::<f64>() / lns.len() as f64).sqrt();
    let (mut lo, mut hi) = (1e-3, 1e3);
    let mut b = (std::f64::consts::PI / (6f64.sqrt() * sd_ln.max(1e-9))).clamp(lo * 2.0, hi / 2.0);
    for _ in 0..200 {
        let (v, dv) = g(b);
        if v > 0.0 {
            hi = b;
        } else {
            lo = b;
        }
        let mut next = b - v / dv;
        if !(next.is_finite() && next > lo && next < hi) {
            next = 0.5 * (lo + hi);
        }
        if (next - b).abs() <= 1e-12 * b {
            return next;
        }
        b = next;
    }
    b
}

/// Maximises a function of two variables (Nelder-Mead simplex).
fn maximise2(f: impl Fn(f64, f64) -> f64, start: (f64, f64), step: (f64, f64)) -> (f64, f64) {
    let mut pts = [
        (start.0, start.1),
        (start.0 + step.0, start.1),
        (start.0, start.1 + step.1),
    ];
    let val = |p: (f64, f64)| {
        let v = f(p.0, p.1);
        if v.is_nan() { f64::NEG_INFINITY } else { v }
    };
    let mut vals = pts.map(val);
    for _ in 0..400 {
        let mut idx = [0usize, 1, 2];
        idx.sort_by(|&a, &b| vals[b].total_cmp(&vals[a]));
        let (best, mid, worst) = (idx[0], idx[1], idx[2]);
        if (vals[best] - vals[worst]).abs() < 1e-11 * (1.0 + vals[best].abs()) {
            break;
        }
        let c = ((pts[best].0 + pts[mid].0) / 2.0, (pts[best].1 + pts[mid].1) / 2.0);
        let along = |t: f64| (c.0 + t * (pts[worst].0 - c.0), c.1 + t * (pts[worst].1 - c.1));
        let r = along(-1.0);
        let vr = val(r);
        if vr > vals[best] {
            let e = along(-2.0);
            let ve = val(e);
            (pts[worst], vals[worst]) = if ve > vr { (e, ve) } else { (r, vr) };
        } else if vr > vals[mid] {
            (pts[worst], vals[worst]) = (r, vr);
        } else {
            let k = along(0.5);
            let vk = val(k);
            if vk > vals[worst] {
                (pts[worst], vals[worst]) = (k, vk);
            } else {
                for i in [mid, worst] {
                    pts[i] = ((pts[i].0 + pts[best].0) / 2.0, (pts[i].1 + pts[best].1) / 2.0);
                    vals[i] = val(pts[i]);
                }
            }
        }
    }
    let best = (0..3)
        .max_by(|&a, &b| vals[a].total_cmp(&vals[b]))
        .expect("three points");
    pts[best]
}

/// The triangular estimate: for given ends, the mode is the order
/// statistic of largest likelihood (Oliver, 1972); the ends are the sample's
/// extremes moved out by the expected gap between an end and the nearest of
/// n draws, (√π/2)·√((max-min)(mode-min)/n) (and likewise at the top),
/// iterated from the extremes themselves.
fn triangular(sorted: &[f64]) -> Fit {
    let n = sorted.len();
    let (lo, hi) = (sorted[0], sorted[n - 1]);
    let (mut a, mut b) = (lo, hi);
    let mut c = sorted[n / 2];
    let gap = |d: f64| (std::f64::consts::PI.sqrt() / 2.0) * (d / n as f64).sqrt();
    for _ in 0..4 {
        // Ends strictly outside the data.
        let spread = (hi - lo).max(1e-9);
        a = a.min(lo - 1e-6 * spread);
        b = b.max(hi + 1e-6 * spread);
        // Prefix sums of ln(x - a) and suffix sums of ln(b - x).
        let mut below = vec![0.0; n + 1];
        for i in 0..n {
            below[i + 1] = below[i] + (sorted[i] - a).ln();
        }
        let mut above = vec![0.0; n + 1];
        for i in (0..n).rev() {
            above[i] = above[i + 1] + (b - sorted[i]).ln();
        }
        let mut best = (f64::NEG_INFINITY, c);
        for (r, &m) in sorted.iter().enumerate() {
            let ll = below[r] - r as f64 * (m - a).ln() + above[r + 1] - (n - r - 1) as f64 * (b - m).ln();
            if ll > best.0 {
                best = (ll, m);
            }
        }
        c = best.1;
        a = lo - gap((b - a) * (c - a).max(0.0));
        b = hi + gap((b - a) * (b - c).max(0.0));
    }
    Fit::Triangular {
        min: a,
        mode: c.clamp(a, b),
        max: b,
    }
}

/// The estimate of `family` from `xs` (seconds, all > 0; `sorted` is the
/// same sorted).
pub fn estimate(family: Family, xs: &[f64], sorted: &[f64]) -> Fit {
    let s = Sample::of(xs);
    match family {
        Family::Exponential => Fit::Exponential { mean: s.mean },
        Family::Gamma => Fit::Gamma {
            shape: gamma_shape(&s),
            mean: s.mean,
        },
        Family::Erlang => {
            // The best whole shape lies next to the continuous one.
            let k = gamma_shape(&s);
            let candidates = [k.floor().max(1.0) as u32, k.ceil().max(1.0) as u32];
            candidates
                .iter()
                .map(|&k| Fit::Erlang { k, mean: s.mean })
                .max_by(|a, b| a.log_likelihood(xs).total_cmp(&b.log_likelihood(xs)))
                .expect("two candidates")
        }
        Family::LogNormal => {
            let var = xs.iter().map(|x| (x.ln() - s.mean_ln).powi(2)).sum::<f64>() / xs.len() as f64;
            Fit::LogNormal {
                mu: s.mean_ln,
                sigma: var.sqrt().max(1e-12),
            }
        }
        Family::Weibull => {
            let shape = weibull_shape(&s);
            let scale =
                s.mean * (xs.iter().map(|x| (x / s.mean).powf(shape)).sum::<f64>() / xs.len() as f64).powf(1.0 / shape);
            Fit::Weibull { shape, scale }
        }
        Family::Normal => {
            let sd = (xs.iter().map(|x| (x - s.mean).powi(2)).sum::<f64>() / xs.len() as f64)
                .sqrt()
                .max(1e-12 * s.mean);
            let ll = |mu: f64, log_sigma: f64| {
                Fit::Normal {
                    mu,
                    sigma: log_sigma.exp(),
                }
                .log_likelihood(xs)
            };
            let (mu, ls) = maximise2(ll, (s.mean, sd.ln()), (0.1 * sd, 0.1));
            Fit::Normal { mu, sigma: ls.exp() }
        }
        Family::Triangular => triangular(sorted),
    }
}

/// The Anderson-Darling statistic A² of sorted times against a fit.
pub fn anderson_darling(fit: &Fit, sorted: &[f64]) -> f64 {
    let n = sorted.len();
    let u: Vec<f64> = sorted.iter().map(|&x| fit.cdf(x).clamp(1e-300, 1.0 - 1e-16)).collect();
    let s: f64 = (0..n)
        .map(|i| (2 * i + 1) as f64 * (u[i].ln() + (1.0 - u[n - 1 - i]).ln()))
        .sum();
    -(n as f64) - s / n as f64
}

/// One family's fit and how well it fits.
#[derive(Clone, Debug)]
pub struct Fitted {
    pub fit: Fit,
    pub log_likelihood: f64,
    pub aic: f64,
    /// Anderson-Darling A².
    pub ad: f64,
    /// Bootstrap p-value of A²; `None` without a bootstrap.
    pub p_value: Option<f64>,
}

impl Fitted {
    pub fn rejected(&self) -> bool {
        self.p_value.is_some_and(|p| p < REJECT_BELOW)
    }
}

/// How to fit.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Bootstrap samples per family for the p-values (0: none).
    pub bootstrap: u32,
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            bootstrap: 199,
            seed: 1,
        }
    }
}

/// What to write in the scenario.
#[derive(Clone, Debug, PartialEq)]
pub enum Choice {
    /// Index into [`Report::fits`].
    Family(usize),
    /// No family fits: the times themselves.
    Empirical,
}

/// Every family fitted to one sample, ranked.
#[derive(Clone, Debug)]
pub struct Report {
    pub n: usize,
    pub mean: f64,
    pub sd: f64,
    pub min: f64,
    pub max: f64,
    /// Ranked: families not rejected by AIC, then those rejected by AIC.
    pub fits: Vec<Fitted>,
    pub choice: Choice,
    pub options: Options,
    /// The sorted times (for charts and an `Empirical` line).
    pub sorted: Vec<f64>,
}

/// Why a sample cannot be fitted.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FitError {
    #[error("{0} times: at least {MIN_SAMPLE} are needed to fit a distribution (write them as Empirical([...]))")]
    TooFew(usize),
    #[error("time {index} is {value} s: every time must be greater than 0")]
    NotPositive { index: usize, value: f64 },
    #[error("every time is {0} s: write it as Const(\"{0}s\")")]
    Constant(f64),
}

/// Fits every family to `xs` (seconds) and ranks them.
pub fn fit(xs: &[f64], options: Options) -> Result<Report, FitError> {
    if xs.len() < MIN_SAMPLE {
        return Err(FitError::TooFew(xs.len()));
    }
    if let Some((index, &value)) = xs.iter().enumerate().find(|(_, x)| !(x.is_finite() && **x > 0.0)) {
        return Err(FitError::NotPositive { index, value });
    }
    let mut sorted = xs.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = xs.len();
    if sorted[0] == sorted[n - 1] {
        return Err(FitError::Constant(sorted[0]));
    }
    let mean = xs.iter().sum::<f64>() / n as f64;
    let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt();
    let mut fits: Vec<Fitted> = Family::ALL
        .par_iter()
        .map(|&family| {
            let fit = estimate(family, xs, &sorted);
            let log_likelihood = fit.log_likelihood(xs);
            let ad = anderson_darling(&fit, &sorted);
            let p_value = (options.bootstrap > 0).then(|| bootstrap_p(&fit, n, ad, options));
            Fitted {
                fit,
                log_likelihood,
                aic: 2.0 * family.parameters() as f64 - 2.0 * log_likelihood,
                ad,
                p_value,
            }
        })
        .collect();
    fits.sort_by(|a, b| a.rejected().cmp(&b.rejected()).then(a.aic.total_cmp(&b.aic)));
    let choice = match fits.first().filter(|f| !f.rejected()) {
        None => Choice::Empirical,
        Some(best) => {
            let best_aic = best.aic;
            let family_rank = |f: &Fitted| Family::ALL.iter().position(|&x| x == f.fit.family()).unwrap_or(0);
            fits.iter()
                .enumerate()
                .filter(|(_, f)| !f.rejected() && f.aic <= best_aic + AIC_TIE && f.fit.ron().is_some())
                .min_by_key(|(_, f)| (f.fit.family().parameters(), family_rank(f)))
                .map_or(Choice::Empirical, |(i, _)| Choice::Family(i))
        }
    };
    Ok(Report {
        n,
        mean,
        sd,
        min: sorted[0],
        max: sorted[n - 1],
        fits,
        choice,
        options,
        sorted,
    })
}

/// The bootstrap p-value of A² for `family` fitted to `xs` (seconds).
pub fn p_value(family: Family, xs: &[f64], options: Options) -> f64 {
    let mut sorted = xs.to_vec();
    sorted.sort_by(f64::total_cmp);
    let fit = estimate(family, xs, &sorted);
    bootstrap_p(&fit, xs.len(), anderson_darling(&fit, &sorted), options)
}

/// The bootstrap p-value of A² for `fit` on samples of `n`: each sample
/// drawn from the fit on its own stream, fitted again by the same estimator.
fn bootstrap_p(fit: &Fit, n: usize, ad: f64, options: Options) -> f64 {
    let family = fit.family();
    let key = format!("fit:bootstrap:{}", family.name());
    let exceed: u32 = (0..options.bootstrap)
        .into_par_iter()
        .map(|b| {
            let mut rng = crate::rng::stream(options.seed, &key, b as u64);
            let xs: Vec<f64> = (0..n).map(|_| fit.draw(&mut rng).max(f64::MIN_POSITIVE)).collect();
            let mut sorted = xs.clone();
            sorted.sort_by(f64::total_cmp);
            let refit = estimate(family, &xs, &sorted);
            u32::from(anderson_darling(&refit, &sorted) >= ad)
        })
        .sum();
    (1.0 + exceed as f64) / (options.bootstrap as f64 + 1.0)
}

impl Report {
    /// The line to put in the scenario.
    pub fn ron(&self) -> String {
        match &self.choice {
            Choice::Family(i) => self.fits[*i].fit.ron().expect("chosen for having one"),
            Choice::Empirical => {
                // At most 200 values: evenly spaced quantiles of the data.
                let m = self.sorted.len().min(200);
                let values: Vec<String> = (0..m)
                    .map(|i| {
                        let at = if m == self.sorted.len() {
                            i
                        } else {
                            ((i as f64 + 0.5) / m as f64 * self.sorted.len() as f64) as usize
                        };
                        format!("\"{}\"", duration_text(self.sorted[at.min(self.sorted.len() - 1)]))
                    })
                    .collect();
                format!("Empirical([{}])", values.join(", "))
            }
        }
    }
}

/// P-P and Q-Q plots of the `top` best-ranked families side by side, one
/// SVG: in a good fit the points lie on the diagonal. The Q-Q plot is in
/// the unit that reads best for the data's mean.
pub fn pp_qq_svg(report: &Report, top: usize) -> String {
    use crate::report::svg::{Series, lines};
    let n = report.sorted.len();
    let every = n.div_ceil(200).max(1);
    let at: Vec<usize> = (0..n).step_by(every).collect();
    let (unit, per) = if report.mean >= 2.0 * 3600.0 {
        ("h", 3600.0)
    } else if report.mean >= 120.0 {
        ("min", 60.0)
    } else {
        ("s", 1.0)
    };
    let shown: Vec<&Fitted> = report.fits.iter().take(top).collect();
    let p = |i: usize| (i as f64 + 0.5) / n as f64;
    let mut pp: Vec<Series> = shown
        .iter()
        .enumerate()
        .map(|(c, f)| Series {
            name: f.fit.family().name().to_string(),
            colour: c,
            points: at.iter().map(|&i| (p(i), f.fit.cdf(report.sorted[i]))).collect(),
            band: None,
        })
        .collect();
    let diagonal = |lo: f64, hi: f64| Series {
        name: "perfect fit".into(),
        colour: 7,
        points: vec![(lo, lo), (hi, hi)],
        band: None,
    };
    pp.push(diagonal(0.0, 1.0));
    let mut qq: Vec<Series> = shown
        .iter()
        .enumerate()
        .map(|(c, f)| Series {
            name: f.fit.family().name().to_string(),
            colour: c,
            points: at
                .iter()
                .map(|&i| (f.fit.quantile(p(i)) / per, report.sorted[i] / per))
                .collect(),
            band: None,
        })
        .collect();
    qq.push(diagonal(report.min / per, report.max / per));
    let left = lines("P-P plot", "empirical probability", "fitted probability", &pp, false);
    let right = lines(
        "Q-Q plot",
        &format!("fitted quantile [{unit}]"),
        &format!("measured time [{unit}]"),
        &qq,
        false,
    );
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="1440" height="360" viewBox="0 0 1440 360">{}{}</svg>"#,
        left,
        right.replacen("<svg ", r#"<svg x="720" "#, 1)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_functions_match_known_values() {
        assert!((trigamma(1.0) - std::f64::consts::PI.powi(2) / 6.0).abs() < 1e-12);
        assert!((trigamma(0.5) - std::f64::consts::PI.powi(2) / 2.0).abs() < 1e-12);
        assert!((norm_quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-9);
        assert_eq!(duration_text(361.7), "6.028min");
        assert_eq!(duration_text(45.25), "45.25s");
        assert_eq!(duration_text(7200.0), "2h");
        assert_eq!(sig(0.11834), "0.1183");
    }

    #[test]
    fn quantile_inverts_the_distribution_function() {
        for fit in [
            Fit::Exponential { mean: 30.0 },
            Fit::Erlang { k: 3, mean: 30.0 },
            Fit::Gamma { shape: 2.5, mean: 30.0 },
            Fit::Normal { mu: 30.0, sigma: 20.0 },
            Fit::LogNormal { mu: 3.0, sigma: 0.4 },
            Fit::Weibull {
                shape: 1.7,
                scale: 30.0,
            },
            Fit::Triangular {
                min: 10.0,
                mode: 15.0,
                max: 40.0,
            },
        ] {
            for p in [0.01, 0.3, 0.5, 0.9, 0.999] {
                let x = fit.quantile(p);
                assert!((fit.cdf(x) - p).abs() < 1e-9, "{fit:?} at {p}: F({x}) = {}", fit.cdf(x));
            }
        }
    }
}
