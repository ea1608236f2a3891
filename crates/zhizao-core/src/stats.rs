//! Statistics over replications: means with Student-t confidence intervals,
//! paired differences between variants, and a warm-up suggestion (MSER-5).
//!
//! Every interval is a two-sided 95% interval. With fewer than two values
//! there is no interval, and the summary says so (`half_width: None`).
//! Undefined per-replication values (NaN) are left out, and `n` counts only
//! the values used.

use serde::Serialize;

/// Mean, 95% half-width and number of values.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub mean: f64,
    /// Half-width of the 95% t interval; `None` when n < 2.
    pub half_width: Option<f64>,
    pub n: usize,
}

impl Summary {
    /// Summarises the finite values of `xs`.
    pub fn of(xs: &[f64]) -> Summary {
        let vals: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
        let n = vals.len();
        if n == 0 {
            return Summary {
                mean: f64::NAN,
                half_width: None,
                n,
            };
        }
        let mean = vals.iter().sum::<f64>() / n as f64;
        let half_width = (n >= 2).then(|| {
            let var = vals.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
            t_quantile_975(n - 1) * (var / n as f64).sqrt()
        });
        Summary { mean, half_width, n }
    }

    /// True when the interval lies entirely above or below zero.
    pub fn excludes_zero(&self) -> bool {
        match self.half_width {
            Some(h) => self.mean.abs() > h,
            None => false,
        }
    }
}

/// A variant minus the baseline, paired by replication.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Difference {
    pub diff_mean: f64,
    pub diff_half_width: Option<f64>,
    /// `diff_mean` as a percentage of the baseline mean.
    pub relative_pct: f64,
    /// The half-width as a percentage of the baseline mean.
    pub relative_half_width_pct: Option<f64>,
    /// The 95% interval of the difference excludes zero.
    pub significant: bool,
    pub n: usize,
}

impl Difference {
    /// Paired-t comparison: replication i of the variant against replication
    /// i of the baseline (common random numbers make these pairs alike).
    /// Pairs where either value is undefined are left out.
    pub fn paired(variant: &[f64], baseline: &[f64]) -> Difference {
        let (diffs, base): (Vec<f64>, Vec<f64>) = variant
            .iter()
            .zip(baseline)
            .filter(|(v, b)| v.is_finite() && b.is_finite())
            .map(|(v, b)| (v - b, *b))
            .unzip();
        let s = Summary::of(&diffs);
        let base_mean = Summary::of(&base).mean;
        let deterministic = s.half_width == Some(0.0);
        let rel = |x: f64| {
            if base_mean != 0.0 {
                100.0 * x / base_mean.abs()
            } else {
                f64::NAN
            }
        };
        Difference {
            diff_mean: s.mean,
            diff_half_width: s.half_width,
            relative_pct: rel(s.mean),
            relative_half_width_pct: s.half_width.map(rel),
            significant: s.excludes_zero() || (deterministic && s.mean != 0.0 && s.n >= 2),
            n: s.n,
        }
    }
}

/// The 97.5% quantile of Student's t with `df` degrees of freedom (the
/// multiplier of a two-sided 95% interval).
pub fn t_quantile_975(df: usize) -> f64 {
    t_quantile(0.975, df as f64)
}

/// Quantile of Student's t by bisection on its distribution function.
pub fn t_quantile(p: f64, df: f64) -> f64 {
    assert!(p > 0.5 && p < 1.0 && df > 0.0);
    let (mut lo, mut hi) = (0.0, 1.0);
    while t_cdf(hi, df) < p {
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if t_cdf(mid, df) < p {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-12 * hi {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// Distribution function of Student's t for t >= 0.
fn t_cdf(t: f64, df: f64) -> f64 {
    let x = df / (df + t * t);
    1.0 - 0.5 * incomplete_beta(df / 2.0, 0.5, x)
}

/// Regularised incomplete beta function I_x(a, b) (continued fraction).
fn incomplete_beta(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    if x < (a + 1.0) / (a + b + 2.0) {
        ln_front.exp() * beta_fraction(a, b, x) / a
    } else {
        1.0 - ln_front.exp() * beta_fraction(b, a, 1.0 - x) / b
    }
}

fn beta_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..300 {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// ln Γ(x) for x > 0 (Lanczos).
fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 6] = [
        76.180_091_729_471_46,
        -86.505_320_329_416_77,
        24.014_098_240_830_91,
        -1.231_739_572_450_155,
        0.001_208_650_973_866_179,
        -0.000_005_395_239_384_953,
    ];
    let mut y = x;
    let tmp = x + 5.5;
    let tmp = tmp - (x + 0.5) * tmp.ln();
    let mut ser = 1.000_000_000_190_015;
    for g in G {
        y += 1.0;
        ser += g / y;
    }
    -tmp + (2.506_628_274_631_000_5 * ser / x).ln()
}

/// MSER-5 warm-up suggestion: given a time series of observations (e.g.
/// WIP per time bucket), returns how many leading observations to delete.
pub fn mser5(series: &[f64]) -> Option<usize> {
    mser(series, 5)
}

/// MSER with batches of `batch` observations: the truncation point minimises
/// the squared standard error of the remaining batch means, searched over
/// the first half of the series (a point beyond that means the run is too
/// short). Returns the number of leading observations to delete.
pub fn mser(series: &[f64], batch: usize) -> Option<usize> {
    let batches: Vec<f64> = series
        .chunks_exact(batch)
        .map(|c| c.iter().sum::<f64>() / batch as f64)
        .collect();
    let k = batches.len();
    if k < 4 {
        return None;
    }
    let mut best = (f64::INFINITY, 0);
    for d in 0..k / 2 {
        let rest = &batches[d..];
        let n = rest.len() as f64;
        let mean = rest.iter().sum::<f64>() / n;
        let ss = rest.iter().map(|x| (x - mean).powi(2)).sum::<f64>();
        let stat = ss / (n * n);
        if stat < best.0 {
            best = (stat, d);
        }
    }
    Some(best.1 * batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_quantiles_match_tables() {
        for (df, expected) in [
            (1, 12.7062),
            (2, 4.3027),
            (4, 2.7764),
            (9, 2.2622),
            (29, 2.0452),
            (120, 1.9799),
        ] {
            let t = t_quantile_975(df);
            assert!((t - expected).abs() < 1e-3, "df {df}: {t} vs {expected}");
        }
    }

    #[test]
    fn half_width_by_hand() {
        // Values with variance 11.3 and n = 5: half-width = sqrt(11.3/5) * 2.776.
        let xs = [10.0, 12.0, 15.0, 18.0, 17.0];
        let mean = 14.4;
        let var: f64 = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / 4.0;
        assert!((var - 11.3).abs() < 1e-9);
        let s = Summary::of(&xs);
        assert!((s.mean - mean).abs() < 1e-12);
        assert_eq!(s.n, 5);
        let expected = (11.3f64 / 5.0).sqrt() * 2.776_445;
        assert!((s.half_width.unwrap() - expected).abs() < 1e-4);
    }

    #[test]
    fn fewer_than_two_values_give_no_interval() {
        let s = Summary::of(&[3.0]);
        assert_eq!((s.mean, s.half_width, s.n), (3.0, None, 1));
        assert_eq!(Summary::of(&[f64::NAN, 2.0]).n, 1);
        assert!(!Summary::of(&[3.0]).excludes_zero());
    }

    #[test]
    fn paired_difference_covers_a_known_shift_and_is_narrower_than_unpaired() {
        // Baseline values vary a lot between replications; the variant is
        // exactly 2 higher plus small noise: pairing removes the common part.
        let base: Vec<f64> = (0..20).map(|i| 100.0 + 10.0 * ((i * 7 % 13) as f64 - 6.0)).collect();
        let variant: Vec<f64> = base
            .iter()
            .enumerate()
            .map(|(i, b)| b + 2.0 + 0.1 * ((i % 3) as f64 - 1.0))
            .collect();
        let d = Difference::paired(&variant, &base);
        let hw = d.diff_half_width.unwrap();
        assert!((d.diff_mean - 2.0).abs() <= hw, "{d:?}");
        assert!(d.significant);
        let unpaired = t_quantile_975(38)
            * ((Summary::of(&base).half_width.unwrap() / t_quantile_975(19)).powi(2)
                + (Summary::of(&variant).half_width.unwrap() / t_quantile_975(19)).powi(2))
            .sqrt();
        assert!(hw < unpaired / 10.0, "paired {hw} vs unpaired {unpaired}");
        assert!((d.relative_pct - 2.0).abs() < 0.2);
    }

    #[test]
    fn no_difference_is_not_significant() {
        let base = [1.0, 2.0, 3.0, 4.0];
        let d = Difference::paired(&[1.5, 1.5, 3.5, 3.5], &base);
        assert!(!d.significant);
        let same = Difference::paired(&base, &base);
        assert_eq!(same.diff_mean, 0.0);
        assert!(!same.significant);
        // A constant non-zero difference (e.g. head count) is significant.
        assert!(Difference::paired(&[9.0, 9.0], &[10.0, 10.0]).significant);
    }

    #[test]
    fn mser5_cuts_an_initial_transient() {
        let mut series: Vec<f64> = (0..100).map(|i| 10.0 * (1.0 - (-(i as f64) / 10.0).exp())).collect();
        series.extend((0..400).map(|i| 10.0 + if i % 2 == 0 { 0.5 } else { -0.5 }));
        let cut = mser5(&series).unwrap();
        assert!((20..=120).contains(&cut), "cut {cut}");
        assert_eq!(mser5(&[1.0; 10]), None);
    }
}
