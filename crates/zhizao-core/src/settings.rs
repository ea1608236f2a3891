//! How much to simulate: warm-up, measured run, replications and seed.
//!
//! One type from end to end: the scenario file's `experiment` block is
//! validated into [`crate::scenario::Scenario::settings`], the command line
//! overrides fields of a copy, and the same value drives every replication
//! ([`crate::sim::Simulation::new`]), every experiment and the live view.
//! It belongs to the scenario, not to a line: all variants of one scenario
//! are simulated alike, which is what makes their comparison paired.

use crate::time::Tick;

/// Most replications per variant. Intervals and percentiles are good to a
/// planner's needs long before it (30 to a few hundred); each replication's
/// results are kept for the paired comparisons (a few kB each).
pub const MAX_REPLICATIONS: u32 = 10_000;

/// Warm-up, run length, replications and seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Independent replications per variant (each one substream of every random stream).
    pub replications: u32,
    /// Base seed of every random stream.
    pub seed: u64,
    /// Simulated time discarded before statistics are collected [ticks].
    pub warmup: Tick,
    /// Simulated time over which statistics are collected, after the warm-up [ticks].
    pub run: Tick,
    /// Whether uncertain inputs are drawn per replication or held at base.
    pub inputs: crate::uncertain::Inputs,
    /// Which engine simulates each replication.
    pub engine: Engine,
}

/// The engine that simulates a replication. Both give the same results,
/// to the bit, on every line the recursion takes (see
/// [`crate::sim::recursion`]); the recursion is many times faster there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Engine {
    /// The recursion where the line qualifies, else the event kernel.
    #[default]
    Auto,
    /// The event kernel always.
    Event,
    /// The recursion; a line it cannot take is an error of the front end
    /// (`crate::sim::recursion::qualifies` says why), and the event kernel
    /// runs it if asked all the same.
    Recursion,
}

impl Engine {
    /// Its name on the command line and in the benchmarks' ids.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Auto => "auto",
            Engine::Event => "event",
            Engine::Recursion => "recursion",
        }
    }
}
