//! The one validator's bookkeeping: a [`Checker`] collects every problem
//! instead of stopping at the first, each with its field path (and, where the
//! named entity can be found in the file, its line) and what to change. The
//! line itself is built concept by concept in [`super::builders`].

use super::declared::Declared;
use super::raw::*;
use super::{Place, Problem};
use crate::dist::Dist;
use crate::time::parse_duration;

/// Collects problems for one scenario text.
pub(crate) struct Checker<'a> {
    text: &'a str,
    pub(crate) problems: Vec<Problem>,
    pub(crate) warnings: Vec<String>,
    /// Prefix for paths while checking a variant, e.g. `variants[1] "robot_cutting": `.
    prefix: String,
    /// Line of the variant being checked, used when no better line is known.
    prefix_line: Option<usize>,
    /// Where each `name: "NAME"` is first declared, found in one pass over
    /// the text when the first problem needs it (so thousands of problems
    /// cost one pass, not one each).
    declared: std::cell::OnceCell<Declared>,
    /// Lines of `key:` already looked up.
    keys: std::collections::BTreeMap<String, Option<usize>>,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Checker {
            text,
            problems: Vec::new(),
            warnings: Vec::new(),
            prefix: String::new(),
            prefix_line: None,
            declared: std::cell::OnceCell::new(),
            keys: std::collections::BTreeMap::new(),
        }
    }

    /// Line (1-based) where an entity is declared as `name: "NAME"` in the
    /// top-level list `section` (else anywhere), if found.
    pub(crate) fn line_of(&self, section: &str, name: &str) -> Option<usize> {
        let text = self.text;
        self.declared.get_or_init(|| Declared::scan(text)).line(section, name)
    }

    /// Line of the first `key:` in the file, for paths that name no entity
    /// (e.g. `experiment.replications`).
    /// The path's last segment that is written as a key is taken, so
    /// `source.interarrival.Exp` (`Exp(...)` is no key) finds `interarrival:`.
    fn line_of_key(&mut self, path: &str) -> Option<usize> {
        let keys: Vec<String> = path
            .rsplit('.')
            .filter_map(|seg| seg.split('[').next())
            .map(str::to_string)
            .collect();
        keys.iter().find_map(|key| {
            if let Some(line) = self.keys.get(key) {
                return *line;
            }
            let line = self.find_key(key);
            self.keys.insert(key.clone(), line);
            line
        })
    }

    fn find_key(&self, key: &str) -> Option<usize> {
        if key.is_empty() {
            return None;
        }
        self.text
            .lines()
            .position(|line| {
                let code = line.split("//").next().unwrap_or("");
                code.match_indices(key).any(|(at, _)| {
                    let starts_word =
                        at == 0 || !code.as_bytes()[at - 1].is_ascii_alphanumeric() && code.as_bytes()[at - 1] != b'_';
                    starts_word && code[at + key.len()..].trim_start().starts_with(':')
                })
            })
            .map(|i| i + 1)
    }

    /// Paths from now on are inside `list[index]` (`variants` or `candidates`).
    pub(crate) fn in_list(&mut self, list: &str, index: usize, name: &str) {
        self.prefix = format!("{list}[{index}] \"{name}\": ");
        self.prefix_line = self.line_of(list, name);
    }

    /// Paths from now on are from the top of the file.
    pub(crate) fn at_top(&mut self) {
        self.prefix.clear();
        self.prefix_line = None;
    }

    /// Records a problem at `path`; `near` names the entity whose line to report.
    pub(crate) fn err(&mut self, path: impl AsRef<str>, near: Option<&str>, message: impl Into<String>) {
        let line = if !self.prefix.is_empty() {
            self.prefix_line
        } else if let Some(n) = near {
            // The list the path starts in: `stations[3].buffer` -> `stations`.
            let section = path.as_ref().split(['[', '.']).next().unwrap_or("");
            self.line_of(section, n)
        } else {
            self.line_of_key(path.as_ref())
        };
        self.problems.push(Problem {
            place: Place::Path {
                path: format!("{}{}", self.prefix, path.as_ref()),
                line,
            },
            message: message.into(),
        });
    }

    pub(crate) fn duration(&mut self, text: &str, path: &str, near: Option<&str>) -> Option<f64> {
        match parse_duration(text) {
            Ok(v) if v > 0.0 && crate::time::secs_to_ticks(v) == 0 => {
                self.err(
                    path,
                    near,
                    format!("\"{text}\" rounds to 0: times are kept in whole milliseconds; write 1ms or more, or 0s"),
                );
                None
            }
            Ok(v) => Some(v),
            Err(e) => {
                self.err(path, near, e);
                None
            }
        }
    }

    pub(crate) fn probability(&mut self, p: f64, path: &str, near: Option<&str>) -> f64 {
        if !(0.0..=1.0).contains(&p) || p.is_nan() {
            self.err(
                path,
                near,
                format!("probability {p} is outside 0..1; write e.g. 0.02 for 2%"),
            );
            0.0
        } else {
            p
        }
    }

    /// Checks a distribution; `None` when it has problems (already recorded).
    pub(crate) fn dist(&mut self, raw: &RawDist, path: &str, near: Option<&str>) -> Option<Dist> {
        if let RawDist::Uncertain { time, mean } = raw {
            let inner = self.dist(time, &format!("{path}.time"), near);
            let u = match uncertain_secs(mean) {
                Ok(u) => Some(u),
                Err(e) => {
                    self.err(format!("{path}.mean"), near, e);
                    None
                }
            };
            let (inner, u) = (inner?, u?);
            if matches!(**time, RawDist::Uncertain { .. }) || inner.mean() <= 0.0 {
                self.err(
                    path,
                    near,
                    "an uncertain time needs a time with a mean above 0 inside, e.g. `Uncertain(time: Normal(mean: \"45s\", sd: \"3s\"), mean: Triangular(min: \"40s\", mode: \"45s\", max: \"55s\"))`",
                );
                return None;
            }
            return Some(inner.scaled(u.base() / inner.mean()));
        }
        let mut d = |s: &str, field: &str| self.duration(s, &format!("{path}.{field}"), near);
        let built = match raw {
            RawDist::Const(v) => Dist::constant(d(v, "Const")?),
            RawDist::Uniform { min, max } => {
                let (a, b) = (d(min, "min"), d(max, "max"));
                Dist::uniform(a?, b?)
            }
            RawDist::Triangular { min, mode, max } => {
                let (a, m, b) = (d(min, "min"), d(mode, "mode"), d(max, "max"));
                Dist::triangular(a?, m?, b?)
            }
            RawDist::Normal { mean, sd } => {
                let (m, s) = (d(mean, "mean"), d(sd, "sd"));
                Dist::normal(m?, s?)
            }
            RawDist::LogNormal { mean, cv } => Dist::lognormal(d(mean, "mean")?, *cv),
            RawDist::Exp(mean) => Dist::exponential(d(mean, "Exp")?),
            RawDist::Gamma { shape, mean } => Dist::gamma(*shape, d(mean, "mean")?),
            RawDist::Erlang { k, mean } => {
                if *k == 0 {
                    Err("Erlang k must be 1 or more".to_string())
                } else {
                    Dist::gamma(*k as f64, d(mean, "mean")?)
                }
            }
            RawDist::Weibull { shape, scale } => Dist::weibull(*shape, d(scale, "scale")?),
            RawDist::Uncertain { .. } => unreachable!("handled above"),
            RawDist::Empirical(values) => {
                let parsed: Vec<Option<f64>> = values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| d(v, &format!("Empirical[{i}]")))
                    .collect();
                Dist::empirical(parsed.into_iter().collect::<Option<Vec<f64>>>()?)
            }
        };
        match built {
            Ok(dist) => Some(dist),
            Err(e) => {
                self.err(path, near, e);
                None
            }
        }
    }
}

/// An uncertain mean time in seconds, checked: above 0 over its range.
pub(crate) fn uncertain_secs(raw: &super::raw::RawUncertainTime) -> Result<crate::uncertain::Uncertain, String> {
    use super::raw::RawUncertainTime as R;
    use crate::uncertain::Uncertain as U;
    let d = |s: &String| parse_duration(s);
    let u = match raw {
        R::Triangular { min, mode, max } => U::Triangular {
            min: d(min)?,
            mode: d(mode)?,
            max: d(max)?,
        },
        R::Uniform { min, max } => U::Uniform {
            min: d(min)?,
            max: d(max)?,
        },
        R::Normal { mean, sd } => U::Normal {
            mean: d(mean)?,
            sd: d(sd)?,
        },
    };
    u.check()?;
    if u.quantile(0.001) <= 0.0 {
        return Err(format!(
            "the mean time may fall to {:.2} s or below 0; give a range above 0",
            u.quantile(0.001)
        ));
    }
    Ok(u)
}
