//! Names to dense ids: the one resolver that the line builder and the
//! variants use, so an unknown name reads the same wherever it is written.

use std::collections::BTreeSet;

use super::raw::RawScenario;
use super::validate::Checker;

/// The names of one kind of entity, in file order (index = dense id).
pub(crate) struct Names<'r> {
    /// What they are, e.g. "operator pool".
    what: &'static str,
    /// The list's heading in messages, e.g. "operator pools".
    plural: &'static str,
    names: Vec<&'r str>,
    /// Name to first id, built at the first look-up of a long list (a line
    /// of thousands of stations resolves its routes in n log n, not n²).
    index: std::cell::OnceCell<std::collections::BTreeMap<&'r str, usize>>,
}

/// Lists shorter than this are searched from the front.
const INDEXED: usize = 64;

impl<'r> Names<'r> {
    pub(crate) fn stations(raw: &'r RawScenario) -> Names<'r> {
        Names::new("station", "stations", raw.stations.iter().map(|s| s.name.as_str()))
    }

    pub(crate) fn pools(raw: &'r RawScenario) -> Names<'r> {
        Names::new("operator pool", "pools", raw.operators.iter().map(|p| p.name.as_str()))
    }

    pub(crate) fn calendars(raw: &'r RawScenario) -> Names<'r> {
        Names::new("calendar", "calendars", raw.calendars.iter().map(|c| c.name.as_str()))
    }

    pub(crate) fn fleets(raw: &'r RawScenario) -> Names<'r> {
        Names::new("fleet", "fleets", raw.fleets.iter().map(|f| f.name.as_str()))
    }

    pub(crate) fn products(raw: &'r RawScenario) -> Names<'r> {
        Names::new("product", "products", raw.products.iter().map(|p| p.name.as_str()))
    }

    fn new(what: &'static str, plural: &'static str, names: impl Iterator<Item = &'r str>) -> Names<'r> {
        Names {
            what,
            plural,
            names: names.collect(),
            index: std::cell::OnceCell::new(),
        }
    }

    /// The id of `name` (its first definition), if there is one.
    pub(crate) fn find(&self, name: &str) -> Option<usize> {
        if self.names.len() < INDEXED {
            return self.names.iter().position(|n| *n == name);
        }
        let index = self.index.get_or_init(|| {
            let mut map = std::collections::BTreeMap::new();
            for (i, n) in self.names.iter().enumerate() {
                map.entry(*n).or_insert(i);
            }
            map
        });
        index.get(name).copied()
    }

    /// The id of `name`, or a problem at `path` naming the ones that exist;
    /// `context` follows the name in the message (e.g. " in the route").
    pub(crate) fn resolve(
        &self,
        ck: &mut Checker,
        name: &str,
        path: &str,
        near: Option<&str>,
        context: &str,
    ) -> Option<usize> {
        let id = self.find(name);
        if id.is_none() {
            ck.err(
                path,
                near,
                format!(
                    "unknown {} \"{name}\"{context}; {}: {:?}",
                    self.what, self.plural, self.names
                ),
            );
        }
        id
    }

    /// A problem at `path` for every name used more than once (once per
    /// repetition; `advice` follows "is defined twice") and for every name
    /// with a control character (an escape sequence in a name would act on
    /// the terminal that prints it).
    pub(crate) fn check_names(&self, ck: &mut Checker, path: &str, advice: &str) {
        for name in self.names.iter().filter(|n| n.chars().any(char::is_control)) {
            ck.err(
                path,
                None,
                format!(
                    "{} name {name:?} holds a control character (a tab, line break or escape); use letters, digits, spaces and punctuation",
                    self.what
                ),
            );
        }
        let mut seen = BTreeSet::new();
        for dup in self.names.iter().copied().filter(|n| !seen.insert(*n)) {
            ck.err(
                path,
                Some(dup),
                format!("{} \"{dup}\" is defined twice{advice}", self.what),
            );
        }
    }
}
