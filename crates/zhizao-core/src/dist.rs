//! Duration distributions: processing, setup, handling, failure and repair times.
//!
//! Every distribution is parameterised in seconds and samples seconds; the
//! simulation rounds samples to whole milliseconds. Constructors check their
//! parameters and return a message that says what to change, so the scenario
//! validator can pass it on to the user.

use rand::{Rng, RngExt};
use rand_distr::{Distribution, Exp1, Gamma, LogNormal, Normal, Triangular, Weibull};

use crate::time::{Tick, secs_to_ticks};

/// A checked distribution of durations in seconds.
#[derive(Clone, Debug)]
pub struct Dist {
    kind: Kind,
    mean: f64,
}

#[derive(Clone, Debug)]
enum Kind {
    Constant(f64),
    Uniform {
        min: f64,
        width: f64,
    },
    Triangular(Triangular<f64>),
    /// Normal truncated at zero by rejection.
    Normal(Normal<f64>),
    LogNormal(LogNormal<f64>),
    Exponential(f64),
    Gamma(Gamma<f64>),
    Weibull(Weibull<f64>),
    /// Resamples the measured times with equal probability.
    Empirical(Box<[f64]>),
    /// Another distribution's draws times a factor.
    Scaled(Box<Kind>, f64),
}

fn positive(name: &str, v: f64) -> Result<f64, String> {
    if v.is_finite() && v > 0.0 {
        Ok(v)
    } else {
        Err(format!("{name} must be greater than 0 (got {v})"))
    }
}

impl Dist {
    /// Always `secs`.
    pub fn constant(secs: f64) -> Result<Dist, String> {
        if !(secs.is_finite() && secs >= 0.0) {
            return Err(format!("a constant time must be 0 or more (got {secs})"));
        }
        Ok(Dist {
            kind: Kind::Constant(secs),
            mean: secs,
        })
    }

    /// Uniform on `[min, max]`.
    pub fn uniform(min: f64, max: f64) -> Result<Dist, String> {
        if max < min {
            return Err(format!("uniform needs min <= max (got min {min}s, max {max}s)"));
        }
        Ok(Dist {
            kind: Kind::Uniform { min, width: max - min },
            mean: (min + max) / 2.0,
        })
    }

    /// Triangular with the given minimum, most likely value and maximum.
    pub fn triangular(min: f64, mode: f64, max: f64) -> Result<Dist, String> {
        if !(min <= mode && mode <= max) {
            return Err(format!(
                "triangular needs min <= mode <= max (got {min}s, {mode}s, {max}s)"
            ));
        }
        if min == max {
            return Dist::constant(min);
        }
        let t = Triangular::new(min, max, mode).map_err(|e| format!("triangular: {e}"))?;
        Ok(Dist {
            kind: Kind::Triangular(t),
            mean: (min + mode + max) / 3.0,
        })
    }

    /// Normal with the given mean and standard deviation, truncated at zero
    /// (negative draws are redrawn). The reported mean is the untruncated one;
    /// validation insists on mean >= 2 sd so the difference is negligible.
    pub fn normal(mean: f64, sd: f64) -> Result<Dist, String> {
        positive("normal mean", mean)?;
        if !(sd.is_finite() && sd >= 0.0) {
            return Err(format!("normal sd must be 0 or more (got {sd})"));
        }
        if sd == 0.0 {
            return Dist::constant(mean);
        }
        if mean < 2.0 * sd {
            return Err(format!(
                "normal with mean {mean}s and sd {sd}s would often be negative; use LogNormal or Gamma for such skewed times"
            ));
        }
        let n = Normal::new(mean, sd).map_err(|e| format!("normal: {e}"))?;
        Ok(Dist {
            kind: Kind::Normal(n),
            mean,
        })
    }

    /// Lognormal given by its mean and coefficient of variation (sd / mean).
    pub fn lognormal(mean: f64, cv: f64) -> Result<Dist, String> {
        positive("lognormal mean", mean)?;
        if !(cv.is_finite() && cv >= 0.0) {
            return Err(format!("lognormal cv must be 0 or more (got {cv})"));
        }
        if cv == 0.0 {
            return Dist::constant(mean);
        }
        let sigma2 = (1.0 + cv * cv).ln();
        let mu = mean.ln() - sigma2 / 2.0;
        let l = LogNormal::new(mu, sigma2.sqrt()).map_err(|e| format!("lognormal: {e}"))?;
        Ok(Dist {
            kind: Kind::LogNormal(l),
            mean,
        })
    }

    /// Exponential with the given mean.
    pub fn exponential(mean: f64) -> Result<Dist, String> {
        positive("exponential mean", mean)?;
        Ok(Dist {
            kind: Kind::Exponential(mean),
            mean,
        })
    }

    /// Gamma with the given shape and mean (an Erlang-k when shape is a whole number k).
    pub fn gamma(shape: f64, mean: f64) -> Result<Dist, String> {
        positive("gamma shape", shape)?;
        positive("gamma mean", mean)?;
        let g = Gamma::new(shape, mean / shape).map_err(|e| format!("gamma: {e}"))?;
        Ok(Dist {
            kind: Kind::Gamma(g),
            mean,
        })
    }

    /// Weibull with the given shape and scale (seconds).
    pub fn weibull(shape: f64, scale: f64) -> Result<Dist, String> {
        positive("weibull shape", shape)?;
        positive("weibull scale", scale)?;
        let w = Weibull::new(scale, shape).map_err(|e| format!("weibull: {e}"))?;
        let mean = scale * gamma_fn(1.0 + 1.0 / shape);
        Ok(Dist {
            kind: Kind::Weibull(w),
            mean,
        })
    }

    /// Resampling of measured times: each draw is one of `values`, equally likely.
    pub fn empirical(values: Vec<f64>) -> Result<Dist, String> {
        if values.is_empty() {
            return Err("an empirical distribution needs at least one measured time".into());
        }
        if let Some(v) = values.iter().find(|v| !(v.is_finite() && **v >= 0.0)) {
            return Err(format!("measured times must be 0 or more (got {v})"));
        }
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        Ok(Dist {
            kind: Kind::Empirical(values.into_boxed_slice()),
            mean,
        })
    }

    /// True for a fixed time (no variation).
    pub fn is_constant(&self) -> bool {
        matches!(self.kind, Kind::Constant(_))
    }

    /// The distribution's mean in seconds.
    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// The same distribution with every duration multiplied by `f` (> 0).
    pub fn scaled(&self, f: f64) -> Dist {
        let kind = match &self.kind {
            Kind::Constant(v) => Kind::Constant(v * f),
            Kind::Uniform { min, width } => Kind::Uniform {
                min: min * f,
                width: width * f,
            },
            Kind::Exponential(m) => Kind::Exponential(m * f),
            Kind::Empirical(values) => Kind::Empirical(values.iter().map(|v| v * f).collect()),
            Kind::Scaled(inner, g) => Kind::Scaled(inner.clone(), g * f),
            other => Kind::Scaled(Box::new(other.clone()), f),
        };
        Dist {
            kind,
            mean: self.mean * f,
        }
    }

    /// Draws a duration in seconds. The exponential and the constant are
    /// drawn where they are asked for; the others are a call away.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self.kind {
            Kind::Exponential(mean) => exponential(mean, rng),
            Kind::Constant(v) => v,
            _ => sample_kind(&self.kind, rng),
        }
    }

    /// Draws a duration in ticks.
    #[inline(always)]
    pub fn sample_ticks<R: Rng + ?Sized>(&self, rng: &mut R) -> Tick {
        secs_to_ticks(self.sample(rng))
    }
}

#[inline(never)]
fn sample_kind<R: Rng + ?Sized>(kind: &Kind, rng: &mut R) -> f64 {
    {
        match kind {
            Kind::Constant(v) => *v,
            Kind::Uniform { min, width } => min + width * rng.random::<f64>(),
            Kind::Triangular(t) => t.sample(rng),
            Kind::Normal(n) => {
                // Truncation at zero by rejection; mean >= 2 sd keeps this rare.
                loop {
                    let v = n.sample(rng);
                    if v >= 0.0 {
                        return v;
                    }
                }
            }
            Kind::LogNormal(l) => l.sample(rng),
            Kind::Exponential(mean) => exponential(*mean, rng),
            Kind::Gamma(g) => g.sample(rng),
            Kind::Weibull(w) => w.sample(rng),
            Kind::Empirical(values) => values[rng.random_range(0..values.len())],
            Kind::Scaled(inner, f) => sample_scaled(inner, *f, rng),
        }
    }
}

/// An exponential draw with mean `mean`.
#[inline(always)]
fn exponential<R: Rng + ?Sized>(mean: f64, rng: &mut R) -> f64 {
    let e: f64 = Exp1.sample(rng);
    e * mean
}

/// A draw of a scaled distribution (an uncertain time drawn for the
/// replication): off the path that lines without uncertain times take.
#[cold]
#[inline(never)]
fn sample_scaled<R: Rng + ?Sized>(inner: &Kind, f: f64, rng: &mut R) -> f64 {
    f * sample_kind(inner, rng)
}

/// The gamma function (Lanczos approximation, g = 7), for the Weibull mean.
fn gamma_fn(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        std::f64::consts::PI / ((std::f64::consts::PI * x).sin() * gamma_fn(1.0 - x))
    } else {
        let x = x - 1.0;
        let mut a = G[0];
        let t = x + 7.5;
        for (i, g) in G.iter().enumerate().skip(1) {
            a += g / (x + i as f64);
        }
        (2.0 * std::f64::consts::PI).sqrt() * t.powf(x + 0.5) * (-t).exp() * a
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::stream;

    fn sample_mean(d: &Dist, n: usize) -> f64 {
        let mut rng = stream(7, "test:mean", 0);
        (0..n).map(|_| d.sample(&mut rng)).sum::<f64>() / n as f64
    }

    #[test]
    fn sample_means_match_stated_means() {
        let cases = [
            Dist::constant(45.0).unwrap(),
            Dist::uniform(30.0, 60.0).unwrap(),
            Dist::triangular(30.0, 40.0, 80.0).unwrap(),
            Dist::normal(60.0, 10.0).unwrap(),
            Dist::lognormal(60.0, 0.5).unwrap(),
            Dist::exponential(60.0).unwrap(),
            Dist::gamma(3.0, 60.0).unwrap(),
            Dist::weibull(1.5, 60.0).unwrap(),
            Dist::empirical(vec![40.0, 50.0, 90.0]).unwrap(),
        ];
        for d in &cases {
            let m = sample_mean(d, 200_000);
            assert!(
                (m - d.mean()).abs() / d.mean() < 0.01,
                "{d:?}: sample mean {m} vs {}",
                d.mean()
            );
        }
    }

    #[test]
    fn weibull_mean_uses_gamma_function() {
        // shape 1 is exponential with mean = scale; shape 2 gives scale * sqrt(pi)/2.
        assert!((Dist::weibull(1.0, 10.0).unwrap().mean() - 10.0).abs() < 1e-9);
        let m = Dist::weibull(2.0, 10.0).unwrap().mean();
        assert!((m - 10.0 * std::f64::consts::PI.sqrt() / 2.0).abs() < 1e-9);
    }

    #[test]
    fn bad_parameters_are_explained() {
        assert!(Dist::exponential(0.0).unwrap_err().contains("greater than 0"));
        assert!(Dist::triangular(5.0, 1.0, 10.0).unwrap_err().contains("min <= mode"));
        assert!(Dist::normal(1.0, 5.0).unwrap_err().contains("LogNormal"));
        assert!(Dist::empirical(vec![]).is_err());
        assert!(Dist::uniform(5.0, 1.0).is_err());
    }

    /// Golden draws: a dependency update that changes random numbers (and so
    /// every published result) fails here instead of passing silently.
    #[test]
    fn golden_draws_are_stable() {
        let mut rng = stream(42, "station:golden:process", 3);
        let got: Vec<u64> = [
            Dist::exponential(60.0).unwrap(),
            Dist::normal(60.0, 10.0).unwrap(),
            Dist::lognormal(60.0, 0.5).unwrap(),
            Dist::gamma(2.5, 60.0).unwrap(),
            Dist::weibull(1.5, 60.0).unwrap(),
            Dist::triangular(30.0, 40.0, 80.0).unwrap(),
            Dist::uniform(30.0, 60.0).unwrap(),
            Dist::empirical(vec![1.0, 2.0, 3.0, 4.0]).unwrap(),
        ]
        .iter()
        .map(|d| d.sample_ticks(&mut rng))
        .collect();
        assert_eq!(got, GOLDEN, "random draws changed: a dependency update changes results");
    }

    const GOLDEN: [u64; 8] = [51620, 54975, 51857, 15667, 55708, 41668, 49228, 1000];
}
