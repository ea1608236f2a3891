//! Time series over the whole run, warm-up included: time-average WIP and
//! good output per bucket. They show how the line starts up (the basis of
//! the MSER warm-up suggestion) and how output develops over time.
//!
//! A line with shift calendars repeats itself every week, so its buckets are
//! whole weeks (when the run is at least 20 weeks long): each point is then
//! free of the daily and weekly pattern. Otherwise the run is cut into 500
//! buckets.

use crate::time::{Tick, WEEK};

/// Buckets per run (warm-up plus measured time).
const BUCKETS: u64 = 500;

#[derive(Clone, Debug)]
pub(crate) struct Series {
    bucket: Tick,
    end: Tick,
    last: Tick,
    area: u128,
    pub good: u32,
    wip: Vec<f64>,
    output: Vec<u32>,
}

impl Series {
    pub fn new(horizon: Tick, weekly: bool) -> Series {
        let bucket = if weekly && horizon >= 20 * WEEK {
            WEEK
        } else {
            horizon.div_ceil(BUCKETS).max(1)
        };
        Series {
            bucket,
            end: bucket,
            last: 0,
            area: 0,
            good: 0,
            wip: Vec::with_capacity(BUCKETS as usize),
            output: Vec::with_capacity(BUCKETS as usize),
        }
    }

    /// Brings the series up to `now`, with `wip` parts in the line since the
    /// last call. Call before WIP changes.
    pub fn advance(&mut self, now: Tick, wip: u64) {
        while now >= self.end {
            self.area += wip as u128 * (self.end - self.last) as u128;
            self.wip.push(self.area as f64 / self.bucket as f64);
            self.output.push(self.good);
            self.area = 0;
            self.good = 0;
            self.last = self.end;
            self.end += self.bucket;
        }
        self.area += wip as u128 * (now - self.last) as u128;
        self.last = now;
    }

    /// Bucket length, the completed buckets' mean WIP and good output.
    pub fn finish(mut self, now: Tick, wip: u64) -> (Tick, Vec<f64>, Vec<u32>) {
        self.advance(now, wip);
        (self.bucket, self.wip, self.output)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_hold_time_averages() {
        let mut s = Series::new(1000, false); // bucket = 2 ticks
        s.advance(1, 0); // 0 parts during [0, 1)
        s.advance(3, 1); // 1 part during [1, 3)
        s.good += 1;
        let (bucket, wip, out) = s.finish(4, 2); // 2 parts during [3, 4)
        assert_eq!(bucket, 2);
        assert_eq!(wip, vec![0.5, 1.5]);
        assert_eq!(out, vec![0, 1]);
    }
}
