//! Bottleneck detection by the active-period method (Roser, Nakano & Tanaka).
//!
//! A station is *active* while every one of its servers is processing, in
//! setup, down, or waiting for an operator: it is then working (or failing)
//! at full capacity and nothing upstream or downstream is holding it back.
//! It is inactive while any server is starved or blocked (spare capacity),
//! or off shift. An uninterrupted stretch of activity is an *active period*.
//! At any moment the station whose current active period is the longest is
//! the momentary bottleneck; its share of the measured time is reported per
//! station. Times with no active station (all off shift, or all waiting)
//! have no bottleneck and are left out of the shares' denominator.
//!
//! A period's length is only known when it ends, so the timeline is swept
//! lazily: up to the earliest start of a still-open period every period that
//! can cover a moment is complete, so that stretch is final. This keeps the
//! stored periods to those overlapping the open ones, not the whole run.
//! Equal lengths go to the lower station index, so results are deterministic.
//!
//! A station that stops and starts again at the same instant (a part
//! leaves and the next is taken at once, a load is unloaded and the next
//! put in) was never idle: its period goes on.

use std::cmp::Reverse;

use crate::time::Tick;

/// A completed active period of one station.
#[derive(Clone, Copy, Debug)]
struct Period {
    start: Tick,
    end: Tick,
    station: u32,
}

/// Active periods of every station, swept into bottleneck time.
#[derive(Clone, Debug)]
pub(crate) struct Bottlenecks {
    /// Start of the open period of each station.
    open: Vec<Option<Tick>>,
    /// Completed periods that may still cover unswept time.
    done: Vec<Period>,
    /// Time before which the timeline is final.
    swept_to: Tick,
    /// Statistics are collected from here.
    measure_from: Tick,
    /// Time each station was the momentary bottleneck.
    time: Vec<Tick>,
    /// (start, station) of the open period that started first, if any.
    earliest: Option<(Tick, usize)>,
    /// (start, end, kept in `done`) of each station's last closed period.
    last: Vec<(Tick, Tick, bool)>,
    /// The instant of the latest stop, and the earliest start of the
    /// periods that stopped then (which may still go on).
    instant: Tick,
    instant_start: Tick,
    /// The sweep's points and room to sort them, kept between sweeps.
    marks: Vec<Mark>,
    scratch: Vec<Mark>,
}

/// A point of the sweep: the time since the sweep's start doubled, plus 1
/// at a period's start (so that at one time ends come before starts); the
/// period's length and station.
#[derive(Clone, Copy, Debug, Default)]
struct Mark {
    key: u64,
    len: Tick,
    station: u32,
}

/// Sorts the sweep's points by key: a radix sort, 11 bits a pass, as many
/// passes as the largest key needs (two for a sweep of up to 35 minutes);
/// points of one key keep their order, which the sweep does not depend on
/// (at one time, every end is taken before every start).
fn sort_marks(marks: &mut Vec<Mark>, scratch: &mut Vec<Mark>) {
    const BITS: u32 = 11;
    const MASK: u64 = (1 << BITS) - 1;
    if marks.len() < 256 {
        marks.sort_unstable_by_key(|m| m.key);
        return;
    }
    let max = marks.iter().map(|m| m.key).max().unwrap_or(0);
    scratch.clear();
    scratch.resize(marks.len(), Mark::default());
    let mut at = [0usize; 1 << BITS];
    let mut shift = 0;
    while shift < u64::BITS && max >> shift > 0 {
        at.fill(0);
        for m in marks.iter() {
            at[((m.key >> shift) & MASK) as usize] += 1;
        }
        let mut sum = 0;
        for c in at.iter_mut() {
            (*c, sum) = (sum, sum + *c);
        }
        for m in marks.iter() {
            let d = ((m.key >> shift) & MASK) as usize;
            scratch[at[d]] = *m;
            at[d] += 1;
        }
        std::mem::swap(marks, scratch);
        shift += BITS;
    }
}

fn earliest_open(open: &[Option<Tick>]) -> Option<(Tick, usize)> {
    open.iter().enumerate().filter_map(|(s, t)| t.map(|t| (t, s))).min()
}

/// The station with the largest bottleneck share (the lower index on a
/// tie, like the sweep), or `None` when no station was ever the bottleneck.
/// The one rule for "the bottleneck" of a replication or of a variant.
pub fn largest_share(shares: &[f64]) -> Option<usize> {
    let (s, &best) = shares.iter().enumerate().rev().max_by(|a, b| a.1.total_cmp(b.1))?;
    (best > 0.0).then_some(s)
}

/// Sweeps when this many completed periods are waiting.
const BATCH: usize = 4096;

impl Bottlenecks {
    pub fn new(stations: usize) -> Bottlenecks {
        Bottlenecks {
            open: vec![None; stations],
            done: Vec::new(),
            swept_to: 0,
            measure_from: 0,
            time: vec![0; stations],
            earliest: None,
            last: vec![(Tick::MAX, Tick::MAX, false); stations],
            instant: Tick::MAX,
            instant_start: Tick::MAX,
            marks: Vec::new(),
            scratch: Vec::new(),
        }
    }

    /// Station `s` became active at `now`.
    #[inline]
    pub fn start(&mut self, s: usize, now: Tick) {
        debug_assert!(self.open[s].is_none());
        let (start, end, kept) = self.last[s];
        if end == now {
            // Stopped and started again at once: the same period goes on.
            // It was kept at this instant, so it is among the last few.
            if kept && let Some(i) = self.done.iter().rposition(|p| p.station as usize == s && p.end == now) {
                self.done.remove(i);
            }
            self.last[s] = (Tick::MAX, Tick::MAX, false);
            self.open[s] = Some(start);
            if self.earliest.is_none_or(|e| (start, s) < e) {
                self.earliest = Some((start, s));
            }
            return;
        }
        self.open[s] = Some(now);
        if self.earliest.is_none() {
            self.earliest = Some((now, s));
        }
    }

    /// Station `s` stopped being active at `now`.
    pub fn stop(&mut self, s: usize, now: Tick) {
        let start = self.open[s].take().expect("active period open");
        self.last[s] = (start, now, false);
        if self.instant != now {
            self.instant = now;
            self.instant_start = start;
        } else {
            self.instant_start = self.instant_start.min(start);
        }
        // A period inside another station's still-open period that started
        // earlier is shorter than it wherever it lies, so it can never be
        // the longest: most periods of non-bottleneck stations end here.
        if self.earliest.is_some_and(|(t, e)| e == s || t >= start) {
            self.earliest = earliest_open(&self.open);
        }
        let dominated = self.earliest.is_some_and(|(t, _)| t < start);
        if now > start && !dominated {
            self.last[s].2 = true;
            self.done.push(Period {
                start,
                end: now,
                station: s as u32,
            });
        }
        if self.done.len() >= BATCH {
            // Not past a period that stopped now and may still go on.
            let horizon = self.earliest.map_or(now, |(t, _)| t.min(now)).min(self.instant_start);
            self.sweep(horizon);
        }
    }

    /// Bottleneck time counted from `from` only, for periods given whole
    /// with [`Bottlenecks::add`] rather than started and stopped in time
    /// order (the departure-time engine's way).
    pub fn measured_from(stations: usize, from: Tick) -> Bottlenecks {
        Bottlenecks {
            measure_from: from,
            ..Bottlenecks::new(stations)
        }
    }

    /// A complete active period of station `s` (touching periods of one
    /// station already joined).
    pub fn add(&mut self, s: usize, start: Tick, end: Tick) {
        self.done.push(Period {
            start,
            end,
            station: s as u32,
        });
    }

    /// Completed periods waiting for the sweep.
    #[cfg(test)]
    pub fn pending(&self) -> usize {
        self.done.len()
    }

    /// The time before which the timeline is final.
    #[cfg(test)]
    pub fn swept_to(&self) -> Tick {
        self.swept_to
    }

    /// Forgets bottleneck time before `now` (end of the warm-up).
    pub fn reset(&mut self, now: Tick) {
        self.sweep(now);
        self.time.iter_mut().for_each(|t| *t = 0);
        self.measure_from = now;
    }

    /// Closes the open periods at `end` and returns each station's share of
    /// the time that had a bottleneck (all zero when none had).
    pub fn shares(&mut self, end: Tick) -> Vec<f64> {
        for s in 0..self.open.len() {
            if self.open[s].is_some() {
                self.stop(s, end);
            }
        }
        self.sweep(end);
        let total: Tick = self.time.iter().sum();
        self.time
            .iter()
            .map(|&t| if total > 0 { t as f64 / total as f64 } else { 0.0 })
            .collect()
    }

    /// Makes the timeline final up to `to`: every period covering a moment
    /// before `to` must have been given.
    pub fn sweep(&mut self, to: Tick) {
        let from = self.swept_to.max(self.measure_from);
        if to <= self.swept_to {
            return;
        }
        if to > from {
            let mut marks = std::mem::take(&mut self.marks);
            marks.clear();
            for p in &self.done {
                let (a, b) = (p.start.max(from), p.end.min(to));
                if a < b {
                    let (len, station) = (p.end - p.start, p.station);
                    marks.push(Mark {
                        key: (a - from) * 2 + 1,
                        len,
                        station,
                    });
                    marks.push(Mark {
                        key: (b - from) * 2,
                        len,
                        station,
                    });
                }
            }
            sort_marks(&mut marks, &mut self.scratch);
            // Length of each station's period covering the current moment
            // (0 = none); the longest is found again only when it ends.
            let mut len_of = vec![0 as Tick; self.time.len()];
            let mut best: Option<usize> = None;
            let mut last = from;
            for &Mark { key, len, station } in &marks {
                let (t, is_start, s) = (from + key / 2, key & 1 == 1, station as usize);
                if t > last {
                    if let Some(b) = best {
                        self.time[b] += t - last;
                    }
                    last = t;
                }
                if is_start {
                    len_of[s] = len;
                    if best.is_none_or(|b| (len, Reverse(s)) > (len_of[b], Reverse(b))) {
                        best = Some(s);
                    }
                } else {
                    len_of[s] = 0;
                    if best == Some(s) {
                        best = (0..len_of.len())
                            .filter(|&x| len_of[x] > 0)
                            .max_by_key(|&x| (len_of[x], Reverse(x)));
                    }
                }
            }
            self.marks = marks;
        }
        self.swept_to = to;
        self.done.retain(|p| p.end > to);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brute force: at each unit of time, the longest covering period wins;
    /// a station's periods that touch are one.
    fn brute(periods: &[(Tick, Tick, usize)], n: usize, end: Tick) -> Vec<f64> {
        let mut sorted = periods.to_vec();
        sorted.sort_by_key(|p| (p.2, p.0));
        let mut merged: Vec<(Tick, Tick, usize)> = Vec::new();
        for p in sorted {
            match merged.last_mut() {
                Some(m) if m.2 == p.2 && m.1 == p.0 => m.1 = p.1,
                _ => merged.push(p),
            }
        }
        let periods = &merged;
        let mut time = vec![0u64; n];
        for t in 0..end {
            let best = periods
                .iter()
                .filter(|p| p.0 <= t && t < p.1)
                .min_by_key(|p| (Reverse(p.1 - p.0), p.2));
            if let Some(p) = best {
                time[p.2] += 1;
            }
        }
        let total: u64 = time.iter().sum();
        time.iter().map(|&x| x as f64 / total.max(1) as f64).collect()
    }

    #[test]
    fn matches_brute_force_with_small_batches() {
        // Three stations with interleaved periods; lengths chosen with ties.
        let periods = vec![
            (0, 10, 0),
            (12, 20, 0),
            (3, 8, 1),
            (8, 30, 1),
            (5, 13, 2),
            (14, 22, 2),
            (25, 40, 0),
            (31, 33, 1),
        ];
        let mut b = Bottlenecks::new(3);
        let mut events: Vec<(Tick, bool, usize)> = periods
            .iter()
            .flat_map(|&(s, e, st)| [(s, true, st), (e, false, st)])
            .collect();
        events.sort_by_key(|&(t, start, _)| (t, start));
        for (t, start, s) in events {
            if start {
                b.start(s, t)
            } else {
                b.stop(s, t)
            }
            // Sweep as often as possible to exercise the lazy horizon.
            let horizon = earliest_open(&b.open).map_or(t, |(h, _)| h.min(t)).min(b.instant_start);
            b.sweep(horizon);
        }
        let got = b.shares(40);
        let want = brute(&periods, 3, 40);
        for (g, w) in got.iter().zip(&want) {
            assert!((g - w).abs() < 1e-12, "{got:?} vs {want:?}");
        }
    }

    #[test]
    fn a_stop_and_start_at_the_same_instant_is_one_period() {
        // Station 0 works 0..10 and 10..20 with no gap: one period of 20,
        // longer than station 1's 5..18, so station 0 is the bottleneck
        // throughout. Split in two, station 1 would win from 10 to 18.
        let mut b = Bottlenecks::new(2);
        b.start(0, 0);
        b.start(1, 5);
        b.stop(0, 10);
        b.start(0, 10);
        b.stop(1, 18);
        b.stop(0, 20);
        let s = b.shares(20);
        assert_eq!(s, vec![1.0, 0.0]);
    }

    #[test]
    fn warm_up_time_is_forgotten() {
        let mut b = Bottlenecks::new(2);
        b.start(0, 0);
        b.start(1, 0);
        b.stop(1, 50);
        b.reset(60);
        b.start(1, 70);
        b.stop(0, 100);
        b.stop(1, 200);
        // Station 0's period 0..100 (length 100) loses to station 1's
        // 70..200 (length 130) from 70 on; 60..70 is station 0's.
        let s = b.shares(200);
        assert!((s[0] - 10.0 / 140.0).abs() < 1e-12, "{s:?}");
        assert!((s[1] - 130.0 / 140.0).abs() < 1e-12, "{s:?}");
    }

    #[test]
    fn random_timelines_match_brute_force() {
        use rand::RngExt;
        let mut rng = crate::rng::stream(7, "test:bottleneck", 0);
        for _ in 0..200 {
            let n = rng.random_range(1..5usize);
            let end: Tick = 300;
            let mut periods = Vec::new();
            for s in 0..n {
                let mut t = rng.random_range(0..20);
                while t < end {
                    let len = rng.random_range(1..40).min(end - t);
                    periods.push((t, t + len, s));
                    // Gaps of 0 too: a station that stops and starts at once.
                    t += len + rng.random_range(0..15);
                }
            }
            let mut events: Vec<(Tick, bool, usize)> = periods
                .iter()
                .flat_map(|&(a, b, s)| [(a, true, s), (b, false, s)])
                .collect();
            events.sort_by_key(|&(t, start, _)| (t, start));
            let mut b = Bottlenecks::new(n);
            for (t, start, s) in events {
                if start { b.start(s, t) } else { b.stop(s, t) }
            }
            let got = b.shares(end);
            let want = brute(&periods, n, end);
            for (g, w) in got.iter().zip(&want) {
                assert!((g - w).abs() < 1e-12, "{periods:?}: {got:?} vs {want:?}");
            }
        }
    }
}
