//! Scenario files: a baseline line and its retrofit variants, in RON.
//!
//! Loading is two steps: RON is deserialized into raw structs ([`raw`]), then
//! validated into checked [`Line`]s ([`validate`]), one per variant. A file
//! with problems yields every problem found, each located by `line:column`
//! (syntax errors) or by field path plus the line of the named entity, with
//! what to change.
//!
//! Every line that is ever simulated goes back through this one validator:
//! the variants in the file, the optimiser's combinations of candidates
//! ([`Scenario::combine`]), a plan made in the live view ([`Scenario::build`])
//! and every sweep point. Each is a list of changes applied to the raw
//! baseline ([`variant`]) and then built like the baseline itself
//! ([`builders`]), never a patch to an already checked [`Line`]. A change can
//! therefore never produce a line the validator would refuse (an operator
//! pool taken below zero, a rework loop that deadlocks, a station nobody
//! can staff), and its problems are reported like a file's, with the path
//! inside the variant. The cost is a rebuild per variant, which is small
//! next to simulating it.

mod builders;
mod declared;
mod names;
pub mod raw;
mod validate;
mod variant;

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use crate::economics::{Economics, Investment, People};
use crate::model::Line;
use crate::settings::Settings;
use raw::{RawChange, RawScenario, RawSource, RawVariant};
use validate::Checker;

/// Where a problem is.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Place {
    /// A position in the file (1-based line and column).
    Position { line: usize, column: usize },
    /// A field path such as `stations[3].buffer`, and the line of the named
    /// entity when it could be found.
    Path { path: String, line: Option<usize> },
}

/// One thing wrong with a scenario file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub place: Place,
    /// What is wrong and what to change.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.place {
            Place::Position { line, column } => write!(f, "{line}:{column}: {}", self.message),
            Place::Path { path, line: Some(line) } => write!(f, "{line}: {path}: {}", self.message),
            Place::Path { path, line: None } => write!(f, "{path}: {}", self.message),
        }
    }
}

/// Why a scenario could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScenarioError {
    #[error("cannot read {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{} problem(s) in the scenario", problems.len())]
    Invalid { problems: Vec<Problem> },
}

/// A validated scenario: the baseline and every variant as a runnable line.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub name: String,
    /// The name in Chinese, when the scenario gives one.
    pub label: Option<String>,
    pub description: String,
    /// Baseline first, then the variants in file order.
    pub variants: Vec<Variant>,
    /// How much to simulate, for every variant alike.
    pub settings: Settings,
    /// Things that are allowed but probably not meant.
    pub warnings: Vec<String>,
    /// The file as written (for writing new variants later).
    pub raw: RawScenario,
    /// Money matters, when the file has an `economics` block.
    pub economics: Option<Economics>,
    /// Automation options for the optimiser, each valid on its own.
    pub candidates: Vec<Candidate>,
    /// The file's text, for locating problems in combinations.
    pub(crate) text: String,
}

/// An automation option the optimiser may combine with others.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub name: String,
    pub description: String,
    /// Stations the option changes (for bottleneck-guided search).
    pub stations: Vec<String>,
    /// What it costs on its own.
    pub investments: Vec<Investment>,
    pub raw: RawVariant,
}

impl Candidate {
    /// Capital cost [RMB].
    pub fn cost_rmb(&self) -> f64 {
        crate::economics::capital_cost_rmb(&self.investments)
    }
}

/// One line to simulate: the baseline or a retrofit variant.
#[derive(Clone, Debug)]
pub struct Variant {
    pub name: String,
    /// The name in Chinese, when the scenario gives one.
    pub label: Option<String>,
    pub description: String,
    pub line: Arc<Line>,
    /// What its changes cost (empty for the baseline).
    pub investments: Vec<Investment>,
    /// The people costs of its changes (severance, retraining, new posts).
    pub people: People,
}

impl Variant {
    /// Capital cost of the changes that made this line from the baseline [RMB].
    pub fn capital_cost_rmb(&self) -> f64 {
        crate::economics::capital_cost_rmb(&self.investments)
    }
}

/// The name under which the unchanged line is reported.
pub const BASELINE: &str = "baseline";

impl Scenario {
    /// Reads and validates a scenario file, with the order book's CSV file
    /// (if it names one) from beside it.
    pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        let read = |p: &Path| {
            let bytes = std::fs::read(p).map_err(|source| ScenarioError::Io {
                path: p.display().to_string(),
                source,
            })?;
            utf8_text(bytes)
        };
        let text = read(path)?;
        let dir = path.parent().unwrap_or(Path::new("."));
        Scenario::parse_with(&text, &|file| read(&dir.join(file)))
    }

    /// A fingerprint of what was loaded: the file's text and the order
    /// book it names, as read. Shards of one experiment must agree on it.
    pub fn fingerprint(&self) -> String {
        crate::shard::fingerprint(&[&self.text, &format!("{:?}", self.raw.source)])
    }

    /// Parses and validates scenario text whose order book's CSV file (if
    /// it names one) `read` supplies, given the name the scenario uses.
    pub fn parse_with(
        text: &str,
        read: &dyn Fn(&str) -> Result<String, ScenarioError>,
    ) -> Result<Scenario, ScenarioError> {
        let text = without_bom(text);
        let mut raw = Scenario::raw(text)?;
        if let RawSource::OrderBook {
            orders,
            csv: Some(file),
        } = &mut raw.source
        {
            *orders = orders_from_csv(&read(file)?, file)?;
        }
        Scenario::from_raw(raw, text)
    }

    /// A bundled scenario (see [`BUNDLED`]), with the files it names.
    pub fn parse_bundled(text: &str) -> Result<Scenario, ScenarioError> {
        Scenario::parse_with(text, &|file| {
            BUNDLED_FILES
                .iter()
                .find(|(name, _)| *name == file)
                .map(|(_, text)| text.to_string())
                .ok_or_else(|| ScenarioError::Io {
                    path: file.to_string(),
                    source: std::io::Error::new(std::io::ErrorKind::NotFound, "not a bundled file"),
                })
        })
    }

    /// Parses and validates scenario text.
    pub fn parse(text: &str) -> Result<Scenario, ScenarioError> {
        let text = without_bom(text);
        Scenario::from_raw(Scenario::raw(text)?, text)
    }

    /// Parses scenario text without validating it.
    fn raw(text: &str) -> Result<RawScenario, ScenarioError> {
        ron_text(text)
    }

    /// The scenario with more variants, read from `text`: one variant or a
    /// list of them as RON (what the live view's planner saves), validated
    /// as if they were written at the end of the file's `variants`.
    pub fn with_variants(&self, text: &str) -> Result<Scenario, ScenarioError> {
        let text = without_bom(text);
        let added: Vec<RawVariant> = match ron_text::<Vec<RawVariant>>(text) {
            Ok(list) => list,
            Err(_) => vec![ron_text::<RawVariant>(text)?],
        };
        let mut raw = self.raw.clone();
        raw.variants.extend(added);
        let mut scenario = Scenario::from_raw(raw, &self.text)?;
        // Shards of one experiment must agree on the added variants too.
        scenario.text = format!("{}\n{text}", self.text);
        Ok(scenario)
    }

    /// Validates a raw scenario; `text` is the file it came from (for line numbers).
    pub fn from_raw(raw: RawScenario, text: &str) -> Result<Scenario, ScenarioError> {
        let mut ck = Checker::new(text);
        let mut variants = Vec::new();
        let mut candidates = Vec::new();
        let economics = raw.economics.as_ref().and_then(|e| builders::economics(e, &mut ck));
        let settings = builders::settings(&raw, &mut ck);
        if let Some(line) = builders::line(&raw, &mut ck) {
            variants.push(Variant {
                name: BASELINE.into(),
                label: None,
                description: "the line as it is today".into(),
                line: Arc::new(line),
                investments: Vec::new(),
                people: People::default(),
            });
            let mut names = vec![BASELINE];
            for (i, v) in raw.variants.iter().enumerate() {
                ck.in_list("variants", i, &v.name);
                if names.contains(&v.name.as_str()) {
                    ck.err(
                        "name",
                        None,
                        format!(
                            "variant name \"{}\" is used twice (or is the reserved name \"baseline\")",
                            v.name
                        ),
                    );
                    continue;
                }
                names.push(&v.name);
                if let Some(mut variant) = build_variant(&raw, &[v], &v.name, &v.description, &mut ck) {
                    variant.label = v.label.clone();
                    variants.push(variant);
                }
            }
            let mut seen = Vec::new();
            for (i, c) in raw.candidates.iter().enumerate() {
                ck.in_list("candidates", i, &c.name);
                if seen.contains(&c.name.as_str()) {
                    ck.err("name", None, format!("candidate name \"{}\" is used twice", c.name));
                    continue;
                }
                seen.push(&c.name);
                if let Some(v) = build_variant(&raw, &[c], &c.name, &c.description, &mut ck) {
                    candidates.push(Candidate {
                        name: c.name.clone(),
                        description: c.description.clone(),
                        stations: c
                            .changes
                            .iter()
                            .filter_map(RawChange::station)
                            .map(String::from)
                            .collect(),
                        investments: v.investments,
                        raw: c.clone(),
                    });
                }
            }
            ck.at_top();
        }
        if ck.problems.is_empty() {
            ck.warnings.dedup();
            Ok(Scenario {
                name: raw.name.clone(),
                label: raw.label.clone(),
                description: raw.description.clone(),
                variants,
                settings,
                warnings: ck.warnings,
                raw,
                economics,
                candidates,
                text: text.to_string(),
            })
        } else {
            Err(ScenarioError::Invalid { problems: ck.problems })
        }
    }

    /// The baseline with the chosen candidates applied in the given order,
    /// as a variant named `name`; problems if the combination is not a valid
    /// line (e.g. two options take the same operators away).
    pub fn combine(&self, chosen: &[&Candidate], name: &str) -> Result<Variant, Vec<Problem>> {
        let mut ck = Checker::new(&self.text);
        let raws: Vec<&RawVariant> = chosen.iter().map(|c| &c.raw).collect();
        let description = chosen.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(" + ");
        ck.in_list("candidates", 0, name);
        build_variant(&self.raw, &raws, name, &description, &mut ck).ok_or(ck.problems)
    }

    /// The baseline with `variant`'s changes applied, validated like a
    /// variant written in the file (e.g. a plan made in the live view).
    pub fn build(&self, variant: &RawVariant) -> Result<Variant, Vec<Problem>> {
        let mut ck = Checker::new(&self.text);
        ck.in_list("variants", self.raw.variants.len(), &variant.name);
        let mut built = build_variant(&self.raw, &[variant], &variant.name, &variant.description, &mut ck);
        if let Some(v) = &mut built {
            v.label = variant.label.clone();
        }
        built.ok_or(ck.problems)
    }

    /// The variants named in `names`, in file order (all when empty).
    pub fn select(&self, names: &[&str]) -> Vec<&Variant> {
        self.variants
            .iter()
            .filter(|v| names.is_empty() || names.contains(&v.name.as_str()))
            .collect()
    }

    /// The baseline line.
    pub fn baseline(&self) -> &Variant {
        &self.variants[0]
    }

    /// A variant by name (`"baseline"` for the baseline).
    pub fn variant(&self, name: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| v.name == name)
    }
}

/// Applies `changes` to the baseline and validates the result.
fn build_variant(
    raw: &RawScenario,
    changes: &[&RawVariant],
    name: &str,
    description: &str,
    ck: &mut Checker,
) -> Option<Variant> {
    let (changed, investments, people) = variant::apply(raw, changes, ck)?;
    let line = builders::line(&changed, ck)?;
    Some(Variant {
        name: name.to_string(),
        label: None,
        description: description.to_string(),
        line: Arc::new(line),
        investments,
        people,
    })
}

/// Adds advice to serde's wording where a planner would otherwise be lost.
fn syntax_message(msg: &str) -> String {
    if msg.contains("untagged") || msg.contains("did not match any variant") {
        format!(
            "{msg}; a route step is a station name \"x\" or Any(stations: [\"a\", \"b\"], rule: FirstFree), and a buffer is a number or \"unlimited\""
        )
    } else {
        msg.to_string()
    }
}

/// RON text as `T` (with implicit `Some`), a syntax error as a problem at
/// its line and column.
fn ron_text<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ScenarioError> {
    let options = ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    options.from_str(text).map_err(|e| ScenarioError::Invalid {
        problems: vec![Problem {
            place: Place::Position {
                line: e.span.start.line,
                column: e.span.start.col,
            },
            message: syntax_message(&e.code.to_string()),
        }],
    })
}

/// Files the bundled scenarios read (order books), by the name they use.
pub const BUNDLED_FILES: &[(&str, &str)] = &[(
    "yueqing_circuit_breaker_orders.csv",
    include_str!("../../../../scenarios/yueqing_circuit_breaker_orders.csv"),
)];

/// The scenarios shipped with zhizao, built in so the exhibition mode runs
/// from any directory.
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "scenarios/wenzhou_valve_body.ron",
        include_str!("../../../../scenarios/wenzhou_valve_body.ron"),
    ),
    (
        "scenarios/wenzhou_shoe_upper.ron",
        include_str!("../../../../scenarios/wenzhou_shoe_upper.ron"),
    ),
    (
        "scenarios/yongkang_thermos_cup.ron",
        include_str!("../../../../scenarios/yongkang_thermos_cup.ron"),
    ),
    (
        "scenarios/yueqing_circuit_breaker.ron",
        include_str!("../../../../scenarios/yueqing_circuit_breaker.ron"),
    ),
];

/// The orders of an order-book CSV file (`name` as the scenario names it):
/// a header row naming the columns id, product, quantity, release and due
/// (any order), then one order a row.
/// Text without a leading byte-order mark (older Windows editors save
/// UTF-8 with one; Excel's "CSV UTF-8" too).
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// A file's bytes as text: a UTF-8 byte-order mark is dropped, and text
/// that is not UTF-8 is a problem at the line and column of the first bad
/// byte (with its offset), not a failure to read.
fn utf8_text(bytes: Vec<u8>) -> Result<String, ScenarioError> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let good = &e.as_bytes()[..at];
        let line = good.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        ScenarioError::Invalid {
            problems: vec![Problem {
                place: Place::Position { line, column },
                message: format!(
                    "byte 0x{:02x} at byte offset {at} is not UTF-8 text; save the file as UTF-8 (in Windows Notepad: Save as, Encoding UTF-8)",
                    e.as_bytes()[at]
                ),
            }],
        }
    })
}

fn orders_from_csv(text: &str, name: &str) -> Result<Vec<raw::RawOrder>, ScenarioError> {
    let text = without_bom(text);
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut orders = Vec::new();
    for row in reader.deserialize::<raw::RawOrder>() {
        let order = row.map_err(|e| ScenarioError::Invalid {
            problems: vec![Problem {
                place: Place::Path {
                    path: format!(
                        "source.csv ({name}{})",
                        e.position().map(|p| format!(", line {}", p.line())).unwrap_or_default()
                    ),
                    line: None,
                },
                message: format!("{e}; the file needs the columns id, product, quantity, release, due"),
            }],
        })?;
        orders.push(order);
    }
    Ok(orders)
}
