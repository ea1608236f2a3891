//! Expectations on projected results, for pipelines that keep a plan
//! honest as its scenario evolves (`zhizao check --expect ...`).
//!
//! An expectation is `VARIANT.METRIC OP NUMBER`, e.g.
//! `robot_tending.throughput_per_hour >= 15`, where METRIC is
//! - a line KPI key (`throughput_per_hour`, `oee`, ...): the variant's mean;
//! - `KPI.gain`: the mean paired difference against the baseline;
//! - `KPI.gain_pct`: the same in percent of the baseline;
//! - a money figure (`npv_rmb`, `net_investment_rmb`, `payback_years`, ...).
//!
//! OP is one of `>=`, `>`, `<=`, `<`. Fractions (OEE, scrap rate, ...) may
//! be written in percent with a `%` sign: `oee >= 85%`. By default the mean
//! (the estimate) must satisfy the expectation; in strict mode the whole 95%
//! interval must (the pessimistic end is compared).

use std::fmt;

use crate::economics::{FIGURES, PAYBACKS, RISKS};
use crate::experiment::{Analysis, VariantAnalysis};
use crate::indicators::INDICATORS;
use crate::kpi::LINE_KPIS;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Ge,
    Gt,
    Le,
    Lt,
}

impl Op {
    fn symbol(self) -> &'static str {
        match self {
            Op::Ge => ">=",
            Op::Gt => ">",
            Op::Le => "<=",
            Op::Lt => "<",
        }
    }

    fn holds(self, x: f64, bound: f64) -> bool {
        match self {
            Op::Ge => x >= bound,
            Op::Gt => x > bound,
            Op::Le => x <= bound,
            Op::Lt => x < bound,
        }
    }

    /// The value wants to be large (`>=`, `>`).
    fn wants_high(self) -> bool {
        matches!(self, Op::Ge | Op::Gt)
    }
}

/// What an expectation measures.
#[derive(Clone, Debug, PartialEq)]
pub enum Metric {
    /// Index into [`LINE_KPIS`].
    Kpi(usize),
    /// Paired difference to the baseline of [`LINE_KPIS`]`[k]`.
    Gain(usize),
    /// The same in percent.
    GainPct(usize),
    /// Index into [`FIGURES`].
    Money(usize),
    /// Index into [`PAYBACKS`].
    Payback(usize),
    /// Index into [`RISKS`]: the spread over replications.
    Risk(usize),
    /// Index into [`INDICATORS`].
    Indicator(usize),
}

/// A parsed expectation.
#[derive(Clone, Debug, PartialEq)]
pub struct Expectation {
    pub text: String,
    pub variant: String,
    pub metric: Metric,
    pub op: Op,
    pub bound: f64,
}

/// Why an expectation could not be parsed or checked.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("expectation '{text}': {message}")]
pub struct ExpectationError {
    pub text: String,
    pub message: String,
}

fn metric_names() -> String {
    let kpis: Vec<&str> = LINE_KPIS.iter().map(|d| d.key).collect();
    let money: Vec<&str> = FIGURES.iter().chain(PAYBACKS).chain(RISKS).map(|(k, _)| *k).collect();
    let indicators: Vec<&str> = INDICATORS.iter().map(|d| d.key).collect();
    format!(
        "KPIs: {}; add .gain or .gain_pct for the change against the baseline; money: {}; indicators: {}",
        kpis.join(", "),
        money.join(", "),
        indicators.join(", ")
    )
}

impl Expectation {
    /// Parses `VARIANT.METRIC OP NUMBER[%]`.
    pub fn parse(text: &str) -> Result<Expectation, ExpectationError> {
        let fail = |message: String| ExpectationError {
            text: text.to_string(),
            message,
        };
        let (at, op, len) = [(">=", Op::Ge), ("<=", Op::Le), (">", Op::Gt), ("<", Op::Lt)]
            .iter()
            .find_map(|(s, op)| text.find(s).map(|at| (at, *op, s.len())))
            .ok_or_else(|| fail("no comparison; write e.g. 'robot_tending.throughput_per_hour >= 15'".into()))?;
        let (left, right) = (text[..at].trim(), text[at + len..].trim());
        let (variant, metric) = left
            .split_once('.')
            .ok_or_else(|| fail("the left side must be VARIANT.METRIC".into()))?;
        let (number, percent) = match right.strip_suffix('%') {
            Some(n) => (n.trim(), true),
            None => (right, false),
        };
        let mut bound: f64 = number
            .replace(['_', ','], "")
            .parse()
            .map_err(|_| fail(format!("'{right}' is not a number")))?;
        let kpi = |key: &str| LINE_KPIS.iter().position(|d| d.key == key);
        let metric = if let Some(k) = kpi(metric) {
            Metric::Kpi(k)
        } else if let Some(k) = metric.strip_suffix(".gain_pct").and_then(kpi) {
            Metric::GainPct(k)
        } else if let Some(k) = metric.strip_suffix(".gain").and_then(kpi) {
            Metric::Gain(k)
        } else if let Some(i) = FIGURES.iter().position(|(k, _)| *k == metric) {
            Metric::Money(i)
        } else if let Some(i) = PAYBACKS.iter().position(|(k, _)| *k == metric) {
            Metric::Payback(i)
        } else if let Some(i) = RISKS.iter().position(|(k, _)| *k == metric) {
            Metric::Risk(i)
        } else if let Some(i) = INDICATORS.iter().position(|d| d.key == metric) {
            Metric::Indicator(i)
        } else {
            return Err(fail(format!("unknown metric '{metric}'. {}", metric_names())));
        };
        if percent {
            match metric {
                Metric::Kpi(k) | Metric::Gain(k) if LINE_KPIS[k].unit.is_empty() => bound /= 100.0,
                Metric::Risk(i) if RISKS[i].0.starts_with("probability") => bound /= 100.0,
                Metric::Indicator(i) if INDICATORS[i].unit.is_empty() => bound /= 100.0,
                Metric::GainPct(_) => {}
                _ => return Err(fail(format!("'%' only fits fractions such as oee, not {left}"))),
            }
        }
        Ok(Expectation {
            text: text.trim().to_string(),
            variant: variant.trim().to_string(),
            metric,
            op,
            bound,
        })
    }

    /// Checks the expectation against an analysis; `strict` compares the
    /// pessimistic end of the 95% interval instead of the estimate.
    pub fn check(&self, a: &Analysis, strict: bool) -> Result<Outcome, ExpectationError> {
        let fail = |message: String| ExpectationError {
            text: self.text.clone(),
            message,
        };
        let v: &VariantAnalysis = a.variants.iter().find(|v| v.name == self.variant).ok_or_else(|| {
            let names: Vec<&str> = a.variants.iter().map(|v| v.name.as_str()).collect();
            fail(format!("no variant '{}'; variants: {}", self.variant, names.join(", ")))
        })?;
        let vs = || {
            v.vs_baseline
                .as_ref()
                .ok_or_else(|| fail("a gain needs a variant other than the baseline".into()))
        };
        let finance = || {
            v.finance.as_ref().ok_or_else(|| {
                fail(
                    "money figures need an `economics` block in the scenario and a variant other than the baseline"
                        .into(),
                )
            })
        };
        // (estimate, pessimistic end) with None = never (payback).
        let (estimate, half_width, pessimistic): (Option<f64>, Option<f64>, Option<f64>) = match self.metric {
            Metric::Kpi(k) => summary(v.kpis[k].mean, v.kpis[k].half_width, self.op),
            Metric::Gain(k) => {
                let d = &vs()?[k];
                summary(d.diff_mean, d.diff_half_width, self.op)
            }
            Metric::GainPct(k) => {
                let d = &vs()?[k];
                summary(d.relative_pct, d.relative_half_width_pct, self.op)
            }
            Metric::Money(i) => {
                let s = finance()?.figures()[i];
                summary(s.mean, s.half_width, self.op)
            }
            Metric::Payback(i) => {
                let p = finance()?.paybacks()[i];
                let pessimistic = if self.op.wants_high() { p.low } else { p.high };
                (p.estimate, None, pessimistic)
            }
            // A percentile or a chance is already a statement about the
            // spread: no interval of its own.
            Metric::Risk(i) => {
                let x = finance()?.risk.figures()[i];
                let x = x.is_finite().then_some(x);
                (x, None, x)
            }
            Metric::Indicator(i) => {
                let x = v.indicators[i];
                (Some(x), None, Some(x))
            }
        };
        // A payback of "never" is infinitely long.
        let value = |x: Option<f64>| x.unwrap_or(f64::INFINITY);
        let compared = if strict { value(pessimistic) } else { value(estimate) };
        Ok(Outcome {
            text: self.text.clone(),
            passed: self.op.holds(compared, self.bound),
            estimate,
            half_width,
            compared,
            bound: self.bound,
            op: self.op,
            strict,
            percent: match self.metric {
                Metric::Kpi(k) | Metric::Gain(k) => LINE_KPIS[k].unit.is_empty(),
                Metric::Risk(i) => RISKS[i].0.starts_with("probability"),
                Metric::Indicator(i) => INDICATORS[i].unit.is_empty(),
                _ => false,
            },
        })
    }
}

fn summary(mean: f64, half_width: Option<f64>, op: Op) -> (Option<f64>, Option<f64>, Option<f64>) {
    let h = half_width.unwrap_or(0.0);
    let pessimistic = if op.wants_high() { mean - h } else { mean + h };
    (Some(mean), half_width, Some(pessimistic))
}

/// The result of checking one expectation.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub text: String,
    pub passed: bool,
    /// The estimate (`None` = a payback that never comes).
    pub estimate: Option<f64>,
    pub half_width: Option<f64>,
    /// The number compared with the bound.
    pub compared: f64,
    pub bound: f64,
    pub op: Op,
    pub strict: bool,
    /// A fraction, shown in percent.
    pub percent: bool,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |x: f64| {
            if !x.is_finite() {
                "never".to_string()
            } else if self.percent {
                format!("{:.2}%", 100.0 * x)
            } else if x.abs() >= 1000.0 {
                format!("{x:.0}")
            } else {
                format!("{x:.4}")
            }
        };
        let got = match (self.estimate, self.half_width) {
            (Some(e), Some(h)) => format!("{} ± {}", show(e), show(h)),
            (Some(e), None) => show(e),
            (None, _) => "never".into(),
        };
        let basis = if self.strict {
            "the 95% interval's worst end"
        } else {
            "the estimate"
        };
        if self.passed {
            write!(f, "ok    {}: {got}", self.text)
        } else {
            write!(
                f,
                "FAIL  {}: {got}; {basis} {} is not {} {}",
                self.text,
                show(self.compared),
                self.op.symbol(),
                show(self.bound)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::{OEE, THROUGHPUT};

    #[test]
    fn parses_the_forms() {
        let e = Expectation::parse("robot_tending.throughput_per_hour >= 15").unwrap();
        assert_eq!(
            (e.variant.as_str(), &e.metric, e.op, e.bound),
            ("robot_tending", &Metric::Kpi(THROUGHPUT), Op::Ge, 15.0)
        );
        let e = Expectation::parse("a.oee>85%").unwrap();
        assert_eq!((&e.metric, e.op, e.bound), (&Metric::Kpi(OEE), Op::Gt, 0.85));
        let e = Expectation::parse("a.throughput_per_hour.gain_pct >= 8%").unwrap();
        assert_eq!((&e.metric, e.bound), (&Metric::GainPct(THROUGHPUT), 8.0));
        let e = Expectation::parse("a.throughput_per_hour.gain > 1").unwrap();
        assert_eq!(e.metric, Metric::Gain(THROUGHPUT));
        let e = Expectation::parse("full.payback_years <= 3").unwrap();
        assert_eq!((&e.metric, e.op), (&Metric::Payback(0), Op::Le));
        let e = Expectation::parse("full.npv_rmb > 1,000,000").unwrap();
        assert_eq!((&e.metric, e.bound), (&Metric::Money(9), 1_000_000.0));
    }

    #[test]
    fn explains_what_is_wrong() {
        let e = Expectation::parse("a.speed >= 3").unwrap_err();
        assert!(e.message.contains("unknown metric 'speed'") && e.message.contains("throughput_per_hour"));
        assert!(
            Expectation::parse("a.throughput_per_hour = 3")
                .unwrap_err()
                .message
                .contains("no comparison")
        );
        assert!(
            Expectation::parse("throughput_per_hour >= 3")
                .unwrap_err()
                .message
                .contains("VARIANT.METRIC")
        );
        assert!(
            Expectation::parse("a.npv_rmb >= 3%")
                .unwrap_err()
                .message
                .contains("'%' only fits")
        );
        assert!(
            Expectation::parse("a.oee >= lots")
                .unwrap_err()
                .message
                .contains("not a number")
        );
    }
}
