//! Parameter sweeps (`zhizao sweep FILE --param PATH=VALUES`): the same line
//! with one or more scenario fields set to each of a list of values.
//!
//! A PATH walks the scenario as written: field names separated by dots, and
//! list entries picked by their `name` (or by index), e.g.
//! `stations.deburring.buffer` or `operators.fitters.headcount`. VALUES is a
//! comma list (`1,2,4,8`, `"unlimited"` for a word) or an inclusive integer
//! range `FROM..TO` with an optional step `FROM..TO:STEP`. Several params
//! give every combination. Each point is validated like a scenario file;
//! all points run under common random numbers, together with the baseline as
//! the reference every point is compared with.

use serde_json::Value;

use crate::scenario::raw::RawScenario;
use crate::scenario::{BASELINE, Problem, Scenario, Variant};

/// Most points a sweep may have.
pub const MAX_POINTS: usize = 200;

/// One swept field and its values.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub path: String,
    pub values: Vec<Value>,
}

/// Why a sweep cannot be set up.
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    #[error("--param '{text}': {message}")]
    Param { text: String, message: String },
    #[error("{path} = {value}: {}", problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "))]
    Invalid {
        path: String,
        value: String,
        problems: Vec<Problem>,
    },
    #[error("{0} points are too many; at most {MAX_POINTS}")]
    TooMany(usize),
}

/// A value as a label: numbers and words without JSON quotes.
pub fn label(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Param {
    /// Parses `PATH=VALUES`.
    pub fn parse(text: &str) -> Result<Param, SweepError> {
        let fail = |message: &str| SweepError::Param {
            text: text.to_string(),
            message: message.to_string(),
        };
        let (path, values) = text
            .split_once('=')
            .ok_or_else(|| fail("write PATH=VALUES, e.g. stations.deburring.buffer=1,2,4,8"))?;
        let (path, values) = (path.trim(), values.trim());
        if path.is_empty() || values.is_empty() {
            return Err(fail("write PATH=VALUES, e.g. stations.deburring.buffer=1,2,4,8"));
        }
        if path.split('.').any(|seg| seg == "name") {
            return Err(fail(
                "a name is how the scenario refers to a station, pool, product or variant: sweep a value instead",
            ));
        }
        let values = if let Some((from, rest)) = values.split_once("..") {
            let (to, step) = rest.split_once(':').unwrap_or((rest, "1"));
            let num = |s: &str| {
                s.trim()
                    .parse::<i64>()
                    .map_err(|_| fail("a range is FROM..TO or FROM..TO:STEP with whole numbers"))
            };
            let (from, to, step) = (num(from)?, num(to)?, num(step)?);
            if step < 1 || to < from {
                return Err(fail("a range needs FROM <= TO and a STEP of 1 or more"));
            }
            // In i128: FROM..TO may span more than an i64 holds.
            if (to as i128 - from as i128) / step as i128 >= MAX_POINTS as i128 {
                return Err(fail(&format!("the range has more than {MAX_POINTS} values")));
            }
            (from..=to).step_by(step as usize).map(Value::from).collect()
        } else {
            values
                .split(',')
                .map(|v| {
                    let v = v.trim();
                    serde_json::from_str(v).unwrap_or_else(|_| Value::String(v.trim_matches('"').to_string()))
                })
                .collect()
        };
        Ok(Param {
            path: path.to_string(),
            values,
        })
    }
}

/// Sets the field at `path` of `raw` to `value`.
pub fn set(raw: &RawScenario, path: &str, value: &Value) -> Result<RawScenario, String> {
    let mut tree = serde_json::to_value(raw).map_err(|e| e.to_string())?;
    let mut at = &mut tree;
    let mut walked = String::new();
    for seg in path.split('.') {
        let here = if walked.is_empty() {
            "the scenario".to_string()
        } else {
            walked.clone()
        };
        at = match at {
            Value::Object(map) => {
                let keys: Vec<String> = map.keys().cloned().collect();
                map.get_mut(seg)
                    .ok_or_else(|| format!("{here} has no field '{seg}'; fields: {}", keys.join(", ")))?
            }
            Value::Array(items) => {
                let names: Vec<String> = items
                    .iter()
                    .filter_map(|i| i.get("name").and_then(Value::as_str).map(String::from))
                    .collect();
                let index = seg
                    .parse::<usize>()
                    .ok()
                    .or_else(|| names.iter().position(|n| n == seg));
                let len = items.len();
                index.and_then(|i| items.get_mut(i)).ok_or_else(|| {
                    format!(
                        "{here} has no entry '{seg}'; {}",
                        if names.is_empty() {
                            format!("use an index below {len}")
                        } else {
                            format!("names: {}", names.join(", "))
                        }
                    )
                })?
            }
            _ => return Err(format!("{here} is a value, not a group; the path ends there")),
        };
        if !walked.is_empty() {
            walked.push('.');
        }
        walked.push_str(seg);
    }
    if at.is_object() || at.is_array() {
        return Err(format!("{path} is a group of fields; sweep one of its fields"));
    }
    *at = value.clone();
    serde_json::from_value(tree).map_err(|e| format!("{path} cannot be {}: {e}", label(value)))
}

/// One point of a sweep: the values of the params and the line to run.
#[derive(Clone, Debug)]
pub struct Point {
    pub values: Vec<Value>,
    pub variant: Variant,
}

/// Every combination of the params' values applied to `variant` (the
/// baseline or a named variant) of the scenario.
pub fn points(scenario: &Scenario, variant: &str, params: &[Param]) -> Result<Vec<Point>, SweepError> {
    let total: usize = params.iter().map(|p| p.values.len()).product();
    if total > MAX_POINTS {
        return Err(SweepError::TooMany(total));
    }
    let mut out = Vec::with_capacity(total);
    for i in 0..total {
        let mut rest = i;
        // Only the swept line is validated: other variants and the
        // optimiser's candidates may not fit every value.
        let mut raw = scenario.raw.clone();
        raw.candidates.clear();
        raw.variants.retain(|v| v.name == variant);
        let mut values = Vec::new();
        let mut name = Vec::new();
        for p in params.iter().rev() {
            let v = &p.values[rest % p.values.len()];
            rest /= p.values.len();
            raw = set(&raw, &p.path, v).map_err(|message| SweepError::Param {
                text: format!("{}={}", p.path, label(v)),
                message,
            })?;
            values.push(v.clone());
            name.push(format!("{}={}", p.path.rsplit('.').next().unwrap_or(&p.path), label(v)));
        }
        values.reverse();
        name.reverse();
        let invalid = |problems| SweepError::Invalid {
            path: params.iter().map(|p| p.path.as_str()).collect::<Vec<_>>().join(", "),
            value: values.iter().map(label).collect::<Vec<_>>().join(", "),
            problems,
        };
        let swept = match Scenario::from_raw(raw, &scenario.text) {
            Ok(s) => s,
            Err(crate::scenario::ScenarioError::Invalid { problems }) => return Err(invalid(problems)),
            Err(e) => {
                return Err(invalid(vec![Problem {
                    place: crate::scenario::Place::Path {
                        path: String::new(),
                        line: None,
                    },
                    message: e.to_string(),
                }]));
            }
        };
        let Some(v) = swept.variant(variant) else {
            return Err(invalid(vec![Problem {
                place: crate::scenario::Place::Path {
                    path: params.iter().map(|p| p.path.as_str()).collect::<Vec<_>>().join(", "),
                    line: None,
                },
                message: format!("the swept scenario has no variant \"{variant}\" any more"),
            }]));
        };
        let mut v = v.clone();
        v.name = if variant == BASELINE {
            name.join(" ")
        } else {
            format!("{variant} {}", name.join(" "))
        };
        out.push(Point { values, variant: v });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_ranges_beyond_64_bits_are_refused_not_panicked_on() {
        let e = Param::parse("variants.robot_tending.name=foo").unwrap_err();
        assert!(e.to_string().contains("sweep a value instead"), "{e}");
        let e = Param::parse("stations.a.buffer=-5000000000000000000..5000000000000000000").unwrap_err();
        assert!(e.to_string().contains("more than 200 values"), "{e}");
        let e = Param::parse(&format!("stations.a.buffer={}..{}:1", i64::MIN, i64::MAX)).unwrap_err();
        assert!(e.to_string().contains("more than 200 values"), "{e}");
        let e = Param::parse("stations.a.buffer=1..99999999999999999999").unwrap_err();
        assert!(e.to_string().contains("whole numbers"), "{e}");
    }

    #[test]
    fn values_and_ranges() {
        let p = Param::parse("stations.deburring.buffer=1,2,unlimited").unwrap();
        assert_eq!(p.values, vec![Value::from(1), Value::from(2), Value::from("unlimited")]);
        let p = Param::parse("operators.fitters.headcount=2..8:3").unwrap();
        assert_eq!(p.values, vec![Value::from(2), Value::from(5), Value::from(8)]);
        assert!(Param::parse("x").is_err());
        assert!(Param::parse("x=5..1").is_err());
    }
}
