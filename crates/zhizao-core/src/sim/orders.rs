//! Demand: order streams whose rate varies with the hour, weekday and month
//! (Poisson arrivals by thinning), and order books, whose orders are
//! released in their quantities at their times and followed part by part
//! to completion against their due dates.
//!
//! An order is complete when its last good part leaves the line; a part of
//! it that is scrapped is made again (one more part of the order is
//! released at once), so every order finishes in its full quantity.
//! Tardiness is max(0, completion - due), over the orders completed in the
//! measured time; orders open at the end are those released and not
//! complete.

use rand::RngExt;

use super::Simulation;
use super::queue::Kind;
use crate::model::{Source, WhenFull};
use crate::time::{HOUR, Tick};

/// A part that belongs to no order (or the line has no order book).
pub(crate) const NO_ORDER: u32 = u32::MAX;

/// The order book's progress.
#[derive(Debug, Default)]
pub(crate) struct BookRt {
    /// Parts of each order not yet finished good.
    left: Vec<u32>,
    /// Products of released parts waiting at the source, by order (parallel
    /// to the source's pending products).
    pub pending: std::collections::VecDeque<u32>,
    /// Tardiness of each order completed since the statistics started [h].
    tardiness: Vec<f64>,
}

impl BookRt {
    pub fn new(orders: usize) -> BookRt {
        BookRt {
            left: vec![0; orders],
            ..Default::default()
        }
    }

    pub fn reset(&mut self) {
        self.tardiness.clear();
    }
}

/// The order KPIs: on-time share, mean and 95th-percentile tardiness [h],
/// orders open; all NaN without an order book.
pub(crate) struct OrderFigures {
    pub on_time: f64,
    pub tardiness_mean: f64,
    pub tardiness_p95: f64,
    pub open: f64,
}

impl Simulation {
    /// When the next order of an order stream arrives, after now.
    pub(crate) fn next_arrival(&mut self) -> Tick {
        let Source::Orders {
            interarrival, profile, ..
        } = &self.line.source
        else {
            unreachable!("arrivals without an order stream")
        };
        let Some(p) = profile else {
            return self.now + interarrival.sample_ticks(&mut self.arrivals_rng);
        };
        // Thinning: candidates at the highest rate, each kept with
        // probability rate(t) / highest rate.
        let max = p.max_rate();
        let mut t = self.now as f64;
        loop {
            let u: f64 = self.arrivals_rng.random();
            t += -(1.0 - u).ln() / max;
            if t > self.end as f64 {
                return self.end + 1;
            }
            let keep: f64 = self.arrivals_rng.random();
            if keep * max < p.rate(t as Tick) {
                return (t as Tick).max(self.now);
            }
        }
    }

    /// An arrival event: the next order of a stream, or order `target` of
    /// the order book (`generation` 1: one part of it made again).
    pub(crate) fn arrival(&mut self, target: u32, generation: u32) {
        if let Source::OrderBook(orders) = &self.line.source {
            let o = &orders[target as usize];
            let (product, quantity) = (o.product as u32, o.quantity);
            let n = if generation == 1 { 1 } else { quantity };
            let book = self.book.as_mut().expect("an order book");
            if generation == 0 {
                book.left[target as usize] = quantity;
                self.stats.arrivals += 1;
            }
            for _ in 0..n {
                self.source.pending.push_back(product);
                book.pending.push_back(target);
            }
            if self.source.blocked {
                self.check_work();
            } else {
                self.release_pending();
            }
            return;
        }
        let Source::Orders { when_full, .. } = &self.line.source else {
            unreachable!("arrival without an order source")
        };
        let when_full = *when_full;
        let next = self.next_arrival();
        if next <= self.end {
            self.queue.schedule(next, Kind::Arrival, 0, 0);
        }
        self.stats.arrivals += 1;
        let product = self.draw_product();
        match when_full {
            WhenFull::Backlog => {
                self.source.pending.push_back(product);
                if self.source.blocked {
                    self.check_work();
                } else {
                    self.release_pending();
                }
            }
            WhenFull::Lose => match self.choose(product as usize, 0) {
                Some(t) => {
                    let part = self.new_part(product);
                    self.enter(t, part, 0);
                }
                None => self.stats.lost += 1,
            },
        }
    }

    /// A part of order `order` has left the line, good or scrapped.
    #[cold]
    #[inline(never)]
    pub(crate) fn order_part_left(&mut self, order: u32, good: bool) {
        if !good {
            // Made again: one more part of the order, released at once.
            self.queue.schedule(self.now, Kind::Arrival, order, 1);
            return;
        }
        let Source::OrderBook(orders) = &self.line.source else {
            return;
        };
        let due = orders[order as usize].due;
        let book = self.book.as_mut().expect("an order book");
        let left = &mut book.left[order as usize];
        *left -= 1;
        if *left == 0 {
            book.tardiness.push(self.now.saturating_sub(due) as f64 / HOUR as f64);
        }
    }

    pub(crate) fn order_figures(&self) -> OrderFigures {
        let (Some(book), Source::OrderBook(orders)) = (&self.book, &self.line.source) else {
            return OrderFigures {
                on_time: f64::NAN,
                tardiness_mean: f64::NAN,
                tardiness_p95: f64::NAN,
                open: f64::NAN,
            };
        };
        let n = book.tardiness.len();
        let mut sorted = book.tardiness.clone();
        sorted.sort_by(f64::total_cmp);
        let (on_time, mean, p95) = if n == 0 {
            (f64::NAN, f64::NAN, f64::NAN)
        } else {
            let on_time = sorted.iter().filter(|&&t| t == 0.0).count() as f64 / n as f64;
            let mean = sorted.iter().sum::<f64>() / n as f64;
            // Nearest rank: the smallest value with at least 95% at or below it.
            let rank = (0.95 * n as f64).ceil() as usize;
            (on_time, mean, sorted[rank.clamp(1, n) - 1])
        };
        let open = orders
            .iter()
            .zip(&book.left)
            .filter(|(o, left)| o.release <= self.now && **left > 0)
            .count();
        OrderFigures {
            on_time,
            tardiness_mean: mean,
            tardiness_p95: p95,
            open: open as f64,
        }
    }
}
