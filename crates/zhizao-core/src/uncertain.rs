//! Uncertain inputs: numbers the planner does not know exactly (a time
//! study, a wage, a price, a capital cost, whether the subsidy is granted).
//!
//! Each uncertain input has a stable key (`economics.value_per_good_unit_rmb`,
//! `stations.deburring.process`, `capital.robot cell at deburring`) and a
//! distribution. It is drawn once per replication (second-order Monte
//! Carlo) by inversion of one uniform from its own stream, keyed by the key
//! with the replication as substream: the baseline and every variant see
//! the same draw in the same replication (common random numbers), whatever
//! the number of threads.
//!
//! [`Inputs`] says whether an experiment draws them (the default), holds
//! them all at their base values, or holds all but one at base and that one
//! at its low or high value (one bar of a tornado chart).

use rand::RngExt;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// The distribution of an uncertain input.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum Uncertain {
    /// Most likely `mode`, never below `min` or above `max`.
    Triangular { min: f64, mode: f64, max: f64 },
    /// Any value in `[min, max]` equally likely.
    Uniform { min: f64, max: f64 },
    /// Normal with `mean` and standard deviation `sd`.
    Normal { mean: f64, sd: f64 },
    /// 1 with probability `p`, else 0 (an award granted or not).
    Bernoulli { p: f64 },
}

/// The standard normal quantile (Acklam's rational approximation; relative
/// error below 1.2e-9, far inside what an input estimate carries).
pub fn normal_quantile(p: f64) -> f64 {
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.024_25 {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - 0.024_25 {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

impl Uncertain {
    /// Checks the parameters; the message says what to change.
    pub fn check(&self) -> Result<(), String> {
        let finite = |xs: &[f64]| xs.iter().all(|x| x.is_finite());
        match *self {
            Uncertain::Triangular { min, mode, max } => {
                if !(finite(&[min, mode, max]) && min <= mode && mode <= max) || min == max {
                    return Err(format!(
                        "Triangular needs min <= mode <= max and min < max (got {min}, {mode}, {max})"
                    ));
                }
            }
            Uncertain::Uniform { min, max } => {
                if !finite(&[min, max]) || min >= max {
                    return Err(format!("Uniform needs min < max (got {min}, {max})"));
                }
            }
            Uncertain::Normal { mean, sd } => {
                if !finite(&[mean, sd]) || sd <= 0.0 {
                    return Err(format!("Normal needs a standard deviation above 0 (got {sd})"));
                }
            }
            Uncertain::Bernoulli { p } => {
                if !(0.0..=1.0).contains(&p) {
                    return Err(format!("Bernoulli needs a probability in 0..1 (got {p})"));
                }
            }
        }
        Ok(())
    }

    /// The value at cumulative probability `u` (the inverse distribution
    /// function).
    pub fn quantile(&self, u: f64) -> f64 {
        match *self {
            Uncertain::Triangular { min, mode, max } => {
                let c = (mode - min) / (max - min);
                if u < c {
                    min + (u * (max - min) * (mode - min)).sqrt()
                } else {
                    max - ((1.0 - u) * (max - min) * (max - mode)).sqrt()
                }
            }
            Uncertain::Uniform { min, max } => min + u * (max - min),
            Uncertain::Normal { mean, sd } => mean + sd * normal_quantile(u),
            Uncertain::Bernoulli { p } => {
                if u < p {
                    1.0
                } else {
                    0.0
                }
            }
        }
    }

    /// The value a run at base values uses: the mode of a triangular (the
    /// planner's point estimate), the middle of a uniform, the mean of a
    /// normal, the probability of a Bernoulli (its expected value).
    pub fn base(&self) -> f64 {
        match *self {
            Uncertain::Triangular { mode, .. } => mode,
            Uncertain::Uniform { min, max } => 0.5 * (min + max),
            Uncertain::Normal { mean, .. } => mean,
            Uncertain::Bernoulli { p } => p,
        }
    }

    /// The low end of a tornado bar: the 10th percentile (0 for a Bernoulli:
    /// not granted).
    pub fn low(&self) -> f64 {
        match *self {
            Uncertain::Bernoulli { .. } => 0.0,
            _ => self.quantile(0.1),
        }
    }

    /// The high end of a tornado bar: the 90th percentile (1 for a Bernoulli).
    pub fn high(&self) -> f64 {
        match *self {
            Uncertain::Bernoulli { .. } => 1.0,
            _ => self.quantile(0.9),
        }
    }

    /// The mean of the distribution.
    pub fn mean(&self) -> f64 {
        match *self {
            Uncertain::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            _ => self.base(),
        }
    }

    /// The same distribution with every value multiplied by `f` (a
    /// Bernoulli's probability is kept).
    pub fn scaled(&self, f: f64) -> Uncertain {
        match *self {
            Uncertain::Triangular { min, mode, max } => Uncertain::Triangular {
                min: min * f,
                mode: mode * f,
                max: max * f,
            },
            Uncertain::Uniform { min, max } => Uncertain::Uniform {
                min: min * f,
                max: max * f,
            },
            Uncertain::Normal { mean, sd } => Uncertain::Normal {
                mean: mean * f,
                sd: sd * f.abs(),
            },
            Uncertain::Bernoulli { p } => Uncertain::Bernoulli { p },
        }
    }

    /// "Triangular 40-45-55", for tables.
    pub fn describe(&self) -> String {
        let g = crate::format::number;
        match *self {
            Uncertain::Triangular { min, mode, max } => format!("triangular {} / {} / {}", g(min), g(mode), g(max)),
            Uncertain::Uniform { min, max } => format!("uniform {} .. {}", g(min), g(max)),
            Uncertain::Normal { mean, sd } => format!("normal {} sd {}", g(mean), g(sd)),
            Uncertain::Bernoulli { p } => format!("granted with p = {}", g(p)),
        }
    }
}

/// One uncertain input of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    /// Stable key: its stream and its name in tables and JSON.
    pub key: String,
    /// What it is, for a reader ("value per good unit [RMB]").
    pub label: String,
    pub dist: Uncertain,
}

impl Input {
    pub fn new(key: impl Into<String>, label: impl Into<String>, dist: Uncertain) -> Input {
        Input {
            key: key.into(),
            label: label.into(),
            dist,
        }
    }

    /// Its value in replication `replication` under `inputs`.
    pub fn value(&self, inputs: Inputs, seed: u64, replication: u32) -> f64 {
        match inputs {
            Inputs::Sampled => {
                let u: f64 = crate::rng::stream(seed, &format!("uncertain:{}", self.key), replication as u64).random();
                self.dist.quantile(u)
            }
            Inputs::Base => self.dist.base(),
            Inputs::One { key, high } => {
                if key == crate::rng::key_hash(&self.key) {
                    if high { self.dist.high() } else { self.dist.low() }
                } else {
                    self.dist.base()
                }
            }
        }
    }
}

/// How an experiment sets the uncertain inputs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Inputs {
    /// Each replication draws every input (second-order Monte Carlo).
    #[default]
    Sampled,
    /// Every input at its base value: simulation noise only.
    Base,
    /// Every input at base except the one whose key hashes to `key`, at its
    /// low (10th percentile) or high (90th percentile) value.
    One { key: u64, high: bool },
}

impl Inputs {
    /// Only the input `key` away from base, at its low or high value.
    pub fn one(key: &str, high: bool) -> Inputs {
        Inputs::One {
            key: crate::rng::key_hash(key),
            high,
        }
    }
}

/// A number in a scenario that may be uncertain: `18.5` or
/// `Uncertain(Triangular(min: 15, mode: 18.5, max: 20))`.
#[derive(Clone, Debug, PartialEq)]
pub enum Num {
    Fixed(f64),
    Uncertain(Uncertain),
}

impl Default for Num {
    fn default() -> Num {
        Num::Fixed(0.0)
    }
}

impl From<f64> for Num {
    fn from(x: f64) -> Num {
        Num::Fixed(x)
    }
}

impl Num {
    /// The value a run at base values uses.
    pub fn base(&self) -> f64 {
        match self {
            Num::Fixed(x) => *x,
            Num::Uncertain(u) => u.base(),
        }
    }

    /// The distribution, when uncertain.
    pub fn uncertain(&self) -> Option<&Uncertain> {
        match self {
            Num::Fixed(_) => None,
            Num::Uncertain(u) => Some(u),
        }
    }

    /// True for a fixed 0 (for `skip_serializing_if`).
    pub fn is_zero(&self) -> bool {
        matches!(self, Num::Fixed(x) if *x == 0.0)
    }
}

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Num::Fixed(x) => s.serialize_f64(*x),
            Num::Uncertain(u) => s.serialize_newtype_struct("Uncertain", u),
        }
    }
}

struct NumVisitor;

impl<'de> Visitor<'de> for NumVisitor {
    type Value = Num;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a number, or Uncertain(Triangular(min: .., mode: .., max: ..)) / Uncertain(Uniform(min: .., max: ..)) / Uncertain(Normal(mean: .., sd: ..))")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Num, E> {
        Ok(Num::Fixed(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Num, E> {
        Ok(Num::Fixed(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Num, E> {
        Ok(Num::Fixed(v as f64))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Num, D::Error> {
        Uncertain::deserialize(d).map(Num::Uncertain)
    }

    // A self-describing format (JSON, as a sweep writes values) hands the
    // distribution over as `{"Triangular": {...}}`.
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Num, A::Error> {
        Uncertain::deserialize(de::value::MapAccessDeserializer::new(map)).map(Num::Uncertain)
    }

    // RON hands `Uncertain(...)` over as a named tuple of one element.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Num, A::Error> {
        let u: Uncertain = seq
            .next_element()?
            .ok_or_else(|| de::Error::custom("Uncertain(...) needs a distribution inside"))?;
        if seq.next_element::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::custom("Uncertain(...) takes one distribution"));
        }
        Ok(Num::Uncertain(u))
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Num, D::Error> {
        d.deserialize_any(NumVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_quantile_matches_tables() {
        // z(0.975) = 1.959963984540054, z(0.9) = 1.2815515655446004, z(0.001) = -3.090232306167813.
        assert!((normal_quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-8);
        assert!((normal_quantile(0.9) - 1.281_551_565_544_600_4).abs() < 1e-8);
        assert!((normal_quantile(0.001) + 3.090_232_306_167_813).abs() < 1e-8);
        assert_eq!(normal_quantile(0.5), 0.0);
    }

    #[test]
    fn triangular_quantiles_by_hand() {
        // min 0, mode 1, max 4: F(1) = 1/4; the 10th percentile is sqrt(0.1 * 4 * 1) = 0.632456,
        // the 90th is 4 - sqrt(0.1 * 4 * 3) = 2.904555.
        let t = Uncertain::Triangular {
            min: 0.0,
            mode: 1.0,
            max: 4.0,
        };
        assert!((t.quantile(0.25) - 1.0).abs() < 1e-12);
        assert!((t.low() - 0.632_455_532).abs() < 1e-9);
        assert!((t.high() - 2.904_554_885).abs() < 1e-9);
        assert_eq!(t.base(), 1.0);
        assert!((t.mean() - 5.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn numbers_parse_plain_or_uncertain() {
        #[derive(Deserialize, Serialize)]
        struct S {
            a: Num,
            b: Num,
            c: Num,
        }
        let s: S = ron::from_str("(a: 12, b: 1.5, c: Uncertain(Triangular(min: 1, mode: 2, max: 3)))").unwrap();
        assert_eq!(s.a, Num::Fixed(12.0));
        assert_eq!(s.b, Num::Fixed(1.5));
        assert_eq!(
            s.c,
            Num::Uncertain(Uncertain::Triangular {
                min: 1.0,
                mode: 2.0,
                max: 3.0
            })
        );
        let again: S = ron::from_str(&ron::to_string(&s).unwrap()).unwrap();
        assert_eq!(again.c, s.c);
        let json: S = serde_json::from_value(serde_json::to_value(&s).unwrap()).unwrap();
        assert_eq!((json.a, json.c), (s.a, s.c));
    }

    #[test]
    fn draws_are_shared_by_key_and_replication() {
        let i = Input::new("economics.x", "x", Uncertain::Uniform { min: 0.0, max: 1.0 });
        let j = Input::new("economics.x", "x again", Uncertain::Uniform { min: 0.0, max: 1.0 });
        assert_eq!(i.value(Inputs::Sampled, 7, 3), j.value(Inputs::Sampled, 7, 3));
        assert_ne!(i.value(Inputs::Sampled, 7, 3), i.value(Inputs::Sampled, 7, 4));
        assert_eq!(i.value(Inputs::Base, 7, 3), 0.5);
        assert_eq!(i.value(Inputs::one("economics.x", true), 7, 3), 0.9);
        assert_eq!(i.value(Inputs::one("economics.y", true), 7, 3), 0.5);
    }
}
