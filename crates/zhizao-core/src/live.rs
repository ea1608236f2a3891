//! Live runs for a front end: variants simulated side by side in lock-step
//! simulated time, advanced a little every frame within a wall-clock budget.
//!
//! A live run is one replication per variant, all with the same seed, so the
//! sides see common random numbers (the same processing times at every
//! station a retrofit leaves alone). It starts empty at Monday 00:00 of week
//! 1 with no warm-up, so what it shows at simulated time `t` is exactly what
//! `zhizao run FILE --replications 1 --warmup 0 --run t --seed SEED` prints.
//!
//! Invariants:
//! - after every call, every side is at the same simulated time ([`Live::now`]);
//! - a frame stops advancing once its budget is spent; it overshoots by at most
//!   one chunk of simulated time, and chunks are sized to cost about an eighth
//!   of the budget;
//! - nothing here draws, prints or knows about windows.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crate::scenario::Variant;
use crate::settings::Settings;
use crate::sim::view::{Counters, StationView};
use crate::sim::{Replication, SimError, Simulation};
use crate::time::{HOUR, MINUTE, Tick};

/// Simulated seconds per real second at each speed setting; after the last
/// comes "as fast as the machine allows".
pub const SPEEDS: &[f64] = &[1.0, 10.0, 60.0, 600.0, 3_600.0, 36_000.0];

/// Good output is sampled this often (simulated time) for the
/// throughput-over-time chart.
pub const SAMPLE_EVERY: Tick = HOUR;

/// Samples kept per side: two weeks of hours. Older ones are dropped, so a
/// live run left alone for days holds constant memory.
pub const HISTORY: usize = 14 * 24;

/// Wall-clock time a front end gives the simulation in one frame: with the
/// copy of the views and the chunk overshoot, a frame's simulation work stays
/// under 4 ms, leaving the rest of a 60 Hz frame for drawing.
pub const FRAME_BUDGET: Duration = Duration::from_micros(2500);

/// How fast simulated time runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Speed {
    /// Simulated seconds per real second.
    Times(f64),
    /// As many events as fit in each frame's budget.
    Max,
}

impl Speed {
    /// A short label such as `"60x"` or `"max"`.
    pub fn label(self) -> String {
        match self {
            Speed::Times(x) if x < 1000.0 => format!("{x}x"),
            Speed::Times(x) => format!("{}kx", x / 1000.0),
            Speed::Max => "max".into(),
        }
    }
}

/// Good output counted at the end of one sample interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    /// Simulated time of the sample.
    pub at: Tick,
    /// Good parts finished since the start of the run.
    pub good: u64,
}

/// One variant's live replication.
pub struct Side {
    pub variant: Variant,
    sim: Simulation,
    history: VecDeque<Sample>,
}

impl Side {
    fn new(variant: Variant, config: &Settings) -> Side {
        let sim = Simulation::new(variant.line.clone(), config, 0);
        let mut history = VecDeque::with_capacity(HISTORY + 1);
        history.push_back(Sample { at: 0, good: 0 });
        Side { variant, sim, history }
    }

    /// KPIs from the start of the run up to now (the library's own
    /// [`Simulation::results`], so the same numbers as the CLI).
    pub fn kpis(&self) -> Replication {
        self.sim.results()
    }

    /// Every station as it is now.
    pub fn stations(&self) -> Vec<StationView> {
        self.sim.station_views()
    }

    /// The line's counters now.
    pub fn counters(&self) -> Counters {
        self.sim.counters()
    }

    /// Every vehicle as it is now.
    pub fn vehicles(&self) -> Vec<crate::sim::view::VehicleView> {
        self.sim.vehicle_views()
    }

    /// Good output at the end of each of the last [`HISTORY`] sample
    /// intervals, oldest first (starting with the run's start while it fits).
    pub fn history(&self) -> impl ExactSizeIterator<Item = &Sample> {
        self.history.iter()
    }

    /// The simulation itself, read-only.
    pub fn simulation(&self) -> &Simulation {
        &self.sim
    }

    fn record(&mut self) {
        if self.history.len() == HISTORY {
            self.history.pop_front();
        }
        self.history.push_back(Sample {
            at: self.sim.now(),
            good: self.sim.counters().good,
        });
    }
}

/// What one frame did.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Frame {
    /// Simulated time advanced.
    pub advanced: Tick,
    /// Events processed, summed over sides.
    pub events: u64,
    /// Wall-clock time spent stepping.
    pub spent: Duration,
}

/// Variants running side by side in lock-step.
pub struct Live {
    sides: Vec<Side>,
    config: Settings,
    now: Tick,
    /// Index into [`SPEEDS`]; `SPEEDS.len()` means [`Speed::Max`].
    speed: usize,
    paused: bool,
    /// Fraction of a tick owed from earlier frames at slow speeds.
    carry: f64,
    /// Simulated time per chunk, adapted to cost about budget / 8.
    chunk: Tick,
    error: Option<(String, SimError)>,
}

impl Live {
    /// Starts `variants` side by side with `seed`, for `run` of simulated
    /// time (after which the run is finished). Starts running at 60x.
    pub fn new(variants: Vec<Variant>, seed: u64, run: Tick) -> Live {
        let config = Settings {
            replications: 1,
            seed,
            warmup: 0,
            run,
            // The screen shows the line as written: uncertain inputs at base.
            inputs: crate::uncertain::Inputs::Base,
            // The screen animates events: only the event kernel has them.
            engine: crate::settings::Engine::Event,
        };
        Live {
            sides: variants.into_iter().map(|v| Side::new(v, &config)).collect(),
            config,
            now: 0,
            speed: 2,
            paused: false,
            carry: 0.0,
            chunk: MINUTE,
            error: None,
        }
    }

    /// The sides, in the order given.
    pub fn sides(&self) -> &[Side] {
        &self.sides
    }

    /// Simulated time, the same on every side.
    pub fn now(&self) -> Tick {
        self.now
    }

    /// Simulated time at which the run ends.
    pub fn end(&self) -> Tick {
        self.config.run
    }

    /// The seed every side uses.
    pub fn seed(&self) -> u64 {
        self.config.seed
    }

    /// True once the end of the run is reached.
    pub fn is_finished(&self) -> bool {
        self.now >= self.config.run
    }

    /// The side and problem that stopped the run (a deadlock), if any.
    pub fn error(&self) -> Option<&(String, SimError)> {
        self.error.as_ref()
    }

    pub fn is_paused(&self) -> bool {
        self.paused
    }

    pub fn set_paused(&mut self, paused: bool) {
        self.paused = paused;
    }

    pub fn speed(&self) -> Speed {
        SPEEDS.get(self.speed).map_or(Speed::Max, |&x| Speed::Times(x))
    }

    /// The speed setting: 0 is real time, `SPEEDS.len()` is max.
    pub fn speed_index(&self) -> usize {
        self.speed
    }

    /// One setting faster (up to [`Speed::Max`]).
    pub fn faster(&mut self) {
        self.speed = (self.speed + 1).min(SPEEDS.len());
    }

    /// One setting slower (down to real time).
    pub fn slower(&mut self) {
        self.speed = self.speed.saturating_sub(1);
    }

    /// Jumps to a speed setting: 0 is real time, `SPEEDS.len()` is max.
    pub fn set_speed_index(&mut self, index: usize) {
        self.speed = index.min(SPEEDS.len());
    }

    /// Starts every side again from empty with another seed.
    pub fn restart(&mut self, seed: u64) {
        self.config.seed = seed;
        let variants: Vec<Variant> = self.sides.drain(..).map(|s| s.variant).collect();
        self.sides = variants.into_iter().map(|v| Side::new(v, &self.config)).collect();
        self.now = 0;
        self.carry = 0.0;
        self.error = None;
    }

    /// Replaces the variant on side `i` and restarts every side (same seed),
    /// so the sides stay in lock-step.
    pub fn replace(&mut self, i: usize, variant: Variant) {
        self.sides[i].variant = variant;
        self.restart(self.config.seed);
    }

    /// Advances by one frame of `real` wall-clock time at the current speed,
    /// spending at most about `budget` on simulation. Paused, finished or
    /// failed runs do not move.
    pub fn frame(&mut self, real: Duration, budget: Duration) -> Frame {
        if self.paused || self.is_finished() || self.error.is_some() {
            return Frame::default();
        }
        let goal = match self.speed() {
            Speed::Max => self.config.run,
            Speed::Times(x) => {
                let want = x * real.as_secs_f64() * 1000.0 + self.carry;
                let whole = want.floor();
                self.carry = want - whole;
                (self.now + whole as Tick).min(self.config.run)
            }
        };
        self.advance(goal, budget)
    }

    /// Advances to the next moment at which any side has an event (a single
    /// step for a paused run).
    pub fn step_event(&mut self) -> Frame {
        let next = self
            .sides
            .iter()
            .filter_map(|s| s.sim.next_event_time())
            .min()
            .unwrap_or(self.config.run)
            .max(self.now + 1);
        self.advance(next.min(self.config.run), Duration::MAX)
    }

    /// Runs every side to simulated time `t` (or the end), whatever the cost:
    /// for tests and for screenshots taken at a given moment.
    pub fn run_to(&mut self, t: Tick) -> Frame {
        self.advance(t.min(self.config.run), Duration::MAX)
    }

    fn advance(&mut self, goal: Tick, budget: Duration) -> Frame {
        let started = Instant::now();
        let from = self.now;
        let events_before: u64 = self.sides.iter().map(|s| s.sim.events()).sum();
        while self.now < goal && self.error.is_none() {
            let next_sample = (self.now / SAMPLE_EVERY + 1) * SAMPLE_EVERY;
            let to = (self.now + self.chunk).min(goal).min(next_sample);
            let chunk_started = Instant::now();
            for side in &mut self.sides {
                if let Err(e) = side.sim.run_until(to) {
                    self.error = Some((side.variant.name.clone(), e));
                    break;
                }
            }
            if self.error.is_some() {
                break;
            }
            let full_chunk = to - self.now == self.chunk;
            self.now = to;
            if to == next_sample {
                self.sides.iter_mut().for_each(Side::record);
            }
            if budget == Duration::MAX {
                continue;
            }
            let cost = chunk_started.elapsed();
            if cost < budget / 16 && full_chunk {
                self.chunk = (self.chunk * 2).min(HOUR);
            } else if cost > budget / 8 {
                self.chunk = (self.chunk / 2).max(1);
            }
            if started.elapsed() >= budget {
                break;
            }
        }
        Frame {
            advanced: self.now - from,
            events: self.sides.iter().map(|s| s.sim.events()).sum::<u64>() - events_before,
            spent: started.elapsed(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    fn two_sides() -> Live {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../scenarios/wenzhou_valve_body.ron"
        ))
        .expect("bundled scenario");
        let scenario = Scenario::parse(&text).expect("valid");
        Live::new(
            vec![scenario.variants[0].clone(), scenario.variants[1].clone()],
            7,
            4 * crate::time::WEEK,
        )
    }

    #[test]
    fn sides_stay_in_lock_step_within_a_budget() {
        let mut live = two_sides();
        live.set_speed_index(SPEEDS.len());
        while !live.is_finished() {
            let f = live.frame(Duration::from_millis(16), Duration::from_millis(2));
            assert!(f.advanced > 0);
            for side in live.sides() {
                assert_eq!(side.simulation().now(), live.now());
            }
        }
    }

    #[test]
    fn real_time_advances_by_the_frame_and_keeps_fractions() {
        let mut live = two_sides();
        live.set_speed_index(0);
        for _ in 0..3 {
            live.frame(Duration::from_micros(16_667), Duration::from_secs(1));
        }
        // 3 x 16.667 ms = 50.001 ms of simulated time at 1x.
        assert_eq!(live.now(), 50);
    }

    #[test]
    fn history_is_bounded_and_hourly() {
        let mut live = two_sides();
        live.run_to(live.end());
        assert!(live.is_finished());
        let h: Vec<_> = live.sides()[0].history().copied().collect();
        assert_eq!(h.len(), HISTORY);
        assert_eq!(h.last().map(|s| s.at), Some(live.end()));
        assert!(
            h.windows(2)
                .all(|w| w[1].at - w[0].at == SAMPLE_EVERY && w[1].good >= w[0].good)
        );
    }

    #[test]
    fn pause_and_single_step() {
        let mut live = two_sides();
        live.set_paused(true);
        assert_eq!(
            live.frame(Duration::from_millis(16), Duration::from_millis(4)),
            Frame::default()
        );
        assert_eq!(live.now(), 0);
        let f = live.step_event();
        assert!(live.now() > 0 && f.events > 0);
    }
}
