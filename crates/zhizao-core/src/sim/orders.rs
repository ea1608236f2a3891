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
use crate::dist::Dist;
use crate::model::{RateProfile, Source, WhenFull};
use crate::rng::StreamRng;
use crate::time::{HOUR, Tick};

/// A part that belongs to no order (or the line has no order book).
pub(crate) const NO_ORDER: u32 = u32::MAX;

/// The next arrival after `now` of a stream with `gap` between arrivals,
/// or of a Poisson stream at `profile`'s varying rate, by thinning
/// (candidates at the highest rate, each kept with probability rate(t) /
/// highest rate); after `end` when none comes before it.
fn next_time(now: Tick, end: Tick, gap: &Dist, profile: Option<&RateProfile>, rng: &mut StreamRng) -> Tick {
    let Some(p) = profile else {
        return now + gap.sample_ticks(rng);
    };
    let max = p.max_rate();
    let mut t = now as f64;
    loop {
        let u: f64 = rng.random();
        t += -(1.0 - u).ln() / max;
        if t > end as f64 {
            return end + 1;
        }
        let keep: f64 = rng.random();
        if keep * max < p.rate(t as Tick) {
            return (t as Tick).max(now);
        }
    }
}

/// The finished-goods stock of a make-to-stock line.
#[derive(Debug)]
pub(crate) struct StockRt {
    /// Units in stock; below 0, back-orders waiting for output.
    pub stock: i64,
    /// Integral of the units on hand (stock above 0) since the statistics started.
    area: u128,
    last: Tick,
    /// Demands and those served at once, since the statistics started.
    demands: u64,
    served: u64,
    rng: StreamRng,
}

impl StockRt {
    pub fn new(initial: u32, rng: StreamRng) -> StockRt {
        StockRt {
            stock: initial as i64,
            area: 0,
            last: 0,
            demands: 0,
            served: 0,
            rng,
        }
    }

    fn flush(&mut self, now: Tick) {
        self.area += self.stock.max(0) as u128 * (now - self.last) as u128;
        self.last = now;
    }

    /// A good unit leaves the line into stock (or fills a back-order).
    pub fn put(&mut self, now: Tick) {
        self.flush(now);
        self.stock += 1;
    }

    pub fn reset(&mut self, now: Tick) {
        self.area = 0;
        self.last = now;
        self.demands = 0;
        self.served = 0;
    }

    /// Mean units on hand since `since`, and the share of demands served
    /// at once (fill rate); NaN when no demand came.
    pub fn figures(&self, since: Tick, now: Tick) -> (f64, f64) {
        let area = self.area + self.stock.max(0) as u128 * (now - self.last) as u128;
        let mean = if now > since {
            area as f64 / (now - since) as f64
        } else {
            f64::NAN
        };
        let fill = if self.demands > 0 {
            self.served as f64 / self.demands as f64
        } else {
            f64::NAN
        };
        (mean, fill)
    }
}

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
    /// Orders released within the run, each with the insertion number its
    /// arrival event was given at the start, in the order they arrive
    /// (release time, then that number); only the next is in the event
    /// list, so the list stays short however long the book.
    arrivals: Vec<(Tick, u64, u32)>,
    /// The next of `arrivals` to schedule.
    next_arrival: usize,
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
        next_time(
            self.now,
            self.end,
            interarrival,
            profile.as_deref(),
            &mut self.arrivals_rng,
        )
    }

    /// A customer demand: one unit from the finished-goods stock, served
    /// at once if there is one, else back-ordered; the next one is drawn.
    pub(crate) fn demand(&mut self) {
        let now = self.now;
        let fg = self.finished.as_mut().expect("finished goods");
        fg.flush(now);
        fg.demands += 1;
        if fg.stock > 0 {
            fg.served += 1;
        }
        fg.stock -= 1;
        self.schedule_demand();
    }

    pub(crate) fn schedule_demand(&mut self) {
        let goods = self.line.finished_goods.as_ref().expect("finished goods");
        let fg = self.finished.as_mut().expect("finished goods");
        let t = next_time(self.now, self.end, &goods.demand, goods.profile.as_deref(), &mut fg.rng);
        if t <= self.end {
            self.queue.schedule(t, Kind::Demand, 0, 0);
        }
    }

    /// Schedules the order book's arrivals: the first now, each of the
    /// others when the one before it arrives ([`Self::arrival`]), with the
    /// insertion numbers they would have had if all were scheduled now.
    pub(crate) fn schedule_book(&mut self, orders: &[crate::model::Order]) {
        let end = self.end;
        // (release, rank in the book, order) of the orders released in the run.
        let mut arrivals: Vec<(Tick, u64, u32)> = orders
            .iter()
            .enumerate()
            .filter(|(_, o)| o.release <= end)
            .enumerate()
            .map(|(rank, (i, o))| (o.release, rank as u64, i as u32))
            .collect();
        let first = self.queue.reserve(arrivals.len() as u64);
        for a in &mut arrivals {
            a.1 += first;
        }
        arrivals.sort_unstable();
        let book = self.book.as_mut().expect("an order book");
        book.arrivals = arrivals;
        book.next_arrival = 0;
        self.schedule_next_order();
    }

    fn schedule_next_order(&mut self) {
        let book = self.book.as_mut().expect("an order book");
        if let Some(&(release, seq, order)) = book.arrivals.get(book.next_arrival) {
            book.next_arrival += 1;
            self.queue.schedule_as(release, Kind::Arrival, order, 0, seq);
        }
    }

    /// An arrival event: the next order of a stream, or order `target` of
    /// the order book (`generation` 1: one part of it made again).
    pub(crate) fn arrival(&mut self, target: u32, generation: u32) {
        // An order book's next order (its arrivals are fed one at a time).
        if generation == 0 && self.book.is_some() {
            self.schedule_next_order();
        }
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
            if self.source.pending.len() as u64 > crate::model::MAX_WIP {
                return self.overflow();
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
                if self.source.pending.len() as u64 > crate::model::MAX_WIP {
                    return self.overflow();
                }
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
