//! The future event list.
//!
//! Events are ordered by (time, priority, insertion sequence): earlier time
//! first; at equal time the lower priority number first; at equal time and
//! priority, first scheduled first (FIFO). The queue is a 4-ary heap of
//! small entries in one reused vector: no allocation per event once it has
//! grown to the model's size. Scheduling before the current time is an
//! internal bug and panics.
//!
//! Most events schedule one more (a server's next activity end). So `pop`
//! leaves the taken entry at the root as a hole, and the next `schedule`
//! puts its entry there and sifts it down: one pass through the heap where
//! a removal and an insertion take two. The caller settles a hole that no
//! schedule filled ([`EventQueue::settle`]) before it looks at the queue
//! again. The order of events does not depend on the heap's layout (the
//! key is unique), so this changes no result.

use crate::time::Tick;

/// What an event does. The discriminant is the tie-break priority at equal
/// times: activities finish before failures strike, arrivals come after
/// both, calendar switches after that (so work ending exactly at shift end
/// completes in the shift), and statistics boundaries come last (so every
/// event at the stop time runs and is counted).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub(crate) enum Kind {
    /// A server's timed activity (setup, load, processing, unload, repair) ends.
    ActivityEnd = 0,
    /// An operation-dependent failure strikes a processing server.
    Failure = 1,
    /// A time-dependent failure strikes a server.
    ClockFailure = 2,
    /// A batch station's partial load may start (its oldest part has waited long enough).
    BatchTimer = 3,
    /// A vehicle's drive, loading or unloading ends.
    Vehicle = 4,
    /// The next order arrives.
    Arrival = 5,
    /// A calendar switches on or off.
    Calendar = 6,
    /// The electricity tariff changes period.
    Tariff = 7,
    /// An early-life failure of new equipment strikes a server.
    EarlyFailure = 8,
    /// A customer takes a unit from the finished-goods stock.
    Demand = 9,
    /// The warm-up ends: statistics are reset.
    WarmupEnd = 10,
    /// The run ends.
    Stop = 11,
}

impl Kind {
    /// Its target is a server.
    pub fn is_server_event(self) -> bool {
        matches!(
            self,
            Kind::ActivityEnd | Kind::Failure | Kind::ClockFailure | Kind::EarlyFailure
        )
    }
}

/// A scheduled event. `generation` must match the target's generation
/// counter for the event to be live; a bumped counter cancels outstanding
/// events without searching the heap.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Event {
    pub time: Tick,
    kind: Kind,
    pub target: u32,
    pub generation: u32,
}

impl Event {
    pub fn kind(&self) -> Kind {
        self.kind
    }
}

/// Heap entry: time, then priority (high 8 bits) and insertion sequence
/// (low 56 bits) in one word.
#[derive(Clone, Copy, Debug)]
struct Entry {
    time: Tick,
    order: u64,
    target: u32,
    generation: u32,
}

impl Entry {
    /// The key as one number. Comparing it is one wide comparison, and the
    /// pick of the earlier child a select, with no branch: the two-field
    /// test compiled to a branch on which time is earlier, and which of
    /// four children is earliest is close to a coin toss, so that branch
    /// was mispredicted about half the time.
    #[inline(always)]
    fn key(&self) -> u128 {
        (u128::from(self.time) << 64) | u128::from(self.order)
    }

    #[inline(always)]
    fn before(&self, other: &Entry) -> bool {
        self.key() < other.key()
    }

    fn event(&self) -> Event {
        let kind = match self.order >> 56 {
            0 => Kind::ActivityEnd,
            1 => Kind::Failure,
            2 => Kind::ClockFailure,
            3 => Kind::BatchTimer,
            4 => Kind::Vehicle,
            5 => Kind::Arrival,
            6 => Kind::Calendar,
            7 => Kind::Tariff,
            8 => Kind::EarlyFailure,
            9 => Kind::Demand,
            10 => Kind::WarmupEnd,
            _ => Kind::Stop,
        };
        Event {
            time: self.time,
            kind,
            target: self.target,
            generation: self.generation,
        }
    }
}

/// A 4-ary min-heap: shallower than a binary heap, and its four children
/// share a cache line or two.
///
/// The vector holds `len` entries and then at least `ARITY - 1` padding
/// entries later than any event, so every node with a child has four: the
/// look for the earliest child never asks how many there are (a branch
/// that went both ways as the list grew and shrank by one).
#[derive(Debug, Default)]
pub(crate) struct EventQueue {
    heap: Vec<Entry>,
    len: usize,
    seq: u64,
    now: Tick,
    /// The root was taken by `pop` and is waiting to be replaced or removed.
    hole: bool,
}

const ARITY: usize = 4;

/// Padding: after every event (its key is above any event's, whose kind
/// takes at most a few of the top eight bits of `order`).
const PAD: Entry = Entry {
    time: Tick::MAX,
    order: u64::MAX,
    target: 0,
    generation: 0,
};

impl EventQueue {
    pub fn with_capacity(n: usize) -> Self {
        EventQueue {
            heap: Vec::with_capacity(n + ARITY),
            len: 0,
            seq: 0,
            now: 0,
            hole: false,
        }
    }

    pub fn schedule(&mut self, time: Tick, kind: Kind, target: u32, generation: u32) {
        self.schedule_inline(time, kind, target, generation);
    }

    /// [`Self::schedule`] inlined into the caller: for the one call every
    /// timed phase makes (a server's activity end).
    #[inline(always)]
    pub fn schedule_inline(&mut self, time: Tick, kind: Kind, target: u32, generation: u32) {
        self.seq += 1;
        self.schedule_as(time, kind, target, generation, self.seq);
    }

    /// Sets aside `n` insertion numbers for events to be scheduled later
    /// with [`Self::schedule_as`], and returns the first. Such an event
    /// takes its place among equal times as if it had been scheduled now,
    /// so a long list of known future events (an order book) can be fed
    /// to the queue one at a time without changing any order.
    pub fn reserve(&mut self, n: u64) -> u64 {
        let first = self.seq + 1;
        self.seq += n;
        first
    }

    /// Schedules with insertion number `seq` (from [`Self::reserve`]).
    #[inline(always)]
    pub fn schedule_as(&mut self, time: Tick, kind: Kind, target: u32, generation: u32, seq: u64) {
        assert!(time >= self.now, "event scheduled in the past: {time} < {}", self.now);
        let entry = Entry {
            time,
            order: ((kind as u64) << 56) | seq,
            target,
            generation,
        };
        if self.hole {
            self.hole = false;
            self.sift_down(entry);
            return;
        }
        let mut i = self.len;
        self.len += 1;
        while self.heap.len() < self.len + ARITY - 1 {
            self.heap.push(PAD);
        }
        let heap = &mut self.heap;
        while i > 0 {
            let parent = (i - 1) / ARITY;
            if !entry.before(&heap[parent]) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = entry;
    }

    /// Puts `entry` at the root and moves it down to its place.
    #[inline(always)]
    fn sift_down(&mut self, entry: Entry) {
        let heap = &mut self.heap[..];
        let n = self.len;
        let mut i = 0;
        loop {
            let first = ARITY * i + 1;
            if first >= n {
                break;
            }
            // A knock-out of two pairs (padding stands in for missing children).
            let c = &heap[first..first + ARITY];
            let a = usize::from(c[1].before(&c[0]));
            let b = 2 + usize::from(c[3].before(&c[2]));
            let best = first + if c[b].before(&c[a]) { b } else { a };
            if !heap[best].before(&entry) {
                break;
            }
            heap[i] = heap[best];
            i = best;
        }
        heap[i] = entry;
    }

    /// Removes the hole `pop` left, if no `schedule` filled it.
    #[inline(always)]
    pub fn settle(&mut self) {
        if self.hole {
            self.remove_hole();
        }
    }

    #[inline(never)]
    fn remove_hole(&mut self) {
        self.hole = false;
        self.len -= 1;
        let last = std::mem::replace(&mut self.heap[self.len], PAD);
        if self.len > 0 {
            self.sift_down(last);
        }
    }

    /// Takes the earliest event. Its entry stays as a hole at the root
    /// until the next `schedule` or [`Self::settle`].
    pub fn pop(&mut self) -> Option<Event> {
        self.settle();
        if self.len == 0 {
            return None;
        }
        let top = self.heap[0];
        self.hole = true;
        let e = top.event();
        self.now = e.time;
        Some(e)
    }

    /// The time of the next event, if any (no hole may be pending).
    pub fn peek_time(&self) -> Option<Tick> {
        debug_assert!(!self.hole, "a hole left unsettled");
        self.heap[..self.len].first().map(|e| e.time)
    }

    /// The next event, if any (no hole may be pending).
    pub fn peek(&self) -> Option<Event> {
        debug_assert!(!self.hole, "a hole left unsettled");
        self.heap[..self.len].first().map(Entry::event)
    }
}

/// The hold model (Jones 1986), the usual yardstick of event lists:
/// `population` events are scheduled, then `operations` times the earliest
/// is taken and another is scheduled an exponential time (mean 1 s) after
/// it. Returns the clock at the end [ticks] (so the work cannot be left out).
pub fn hold(population: usize, operations: u64, seed: u64) -> Tick {
    use rand_distr::{Distribution, Exp1};
    let mut rng = crate::rng::stream(seed, "hold", 0);
    let mut draw = move || {
        let e: f64 = Exp1.sample(&mut rng);
        crate::time::secs_to_ticks(e)
    };
    let mut q = EventQueue::with_capacity(population);
    for k in 0..population {
        q.schedule(draw(), Kind::ActivityEnd, k as u32, 0);
    }
    let mut now = 0;
    for _ in 0..operations {
        let e = q.pop().expect("the population stays");
        now = e.time;
        q.schedule(now + draw(), Kind::ActivityEnd, e.target, 0);
    }
    now
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hold_model_keeps_its_population_and_moves_the_clock_at_the_mean_gap() {
        // After many operations the clock advances by about mean / population
        // per operation: 1,000 events of mean 1 s, 200,000 operations: about
        // 200 s (the spread is a few percent).
        let t = hold(1000, 200_000, 7) as f64 / crate::time::SECOND as f64;
        assert!((t - 200.0).abs() < 10.0, "{t}");
    }

    #[test]
    fn orders_by_time_then_priority_then_fifo() {
        let mut q = EventQueue::with_capacity(8);
        q.schedule(10, Kind::Stop, 0, 0);
        q.schedule(10, Kind::Calendar, 1, 0);
        q.schedule(10, Kind::ActivityEnd, 2, 0);
        q.schedule(5, Kind::Stop, 3, 0);
        q.schedule(10, Kind::ActivityEnd, 4, 0);
        q.schedule(10, Kind::ActivityEnd, 5, 0);
        let order: Vec<u32> = std::iter::from_fn(|| q.pop()).map(|e| e.target).collect();
        assert_eq!(order, vec![3, 2, 4, 5, 1, 0]);
    }

    #[test]
    fn heap_matches_a_sort_on_many_random_events() {
        use rand::RngExt;
        let mut rng = crate::rng::stream(1, "test:heap", 0);
        let mut q = EventQueue::with_capacity(8);
        let mut expected = Vec::new();
        let mut now = 0;
        for round in 0..200u32 {
            for k in 0..(round % 7 + 1) {
                let t = now + rng.random_range(0..50u64);
                q.schedule(t, Kind::ActivityEnd, round * 10 + k, 0);
                expected.push((t, round * 10 + k));
            }
            expected.sort_by_key(|&(t, id)| (t, id));
            let e = q.pop().unwrap();
            let (t, id) = expected.remove(0);
            assert_eq!((e.time, e.target), (t, id));
            now = t;
        }
    }

    #[test]
    fn pops_with_and_without_a_schedule_between_give_the_sorted_order() {
        // Holes filled by one schedule, left to the next pop, or settled
        // before a peek: the events still come out as a sort gives them.
        use rand::RngExt;
        let mut rng = crate::rng::stream(2, "test:hole", 0);
        let mut q = EventQueue::with_capacity(4);
        let mut expected: Vec<(Tick, u32)> = Vec::new();
        let mut now = 0;
        let mut id = 0;
        for round in 0..2000u32 {
            // 0 to 3 schedules after each pop: the heap grows and shrinks.
            let adds = if expected.len() < 3 { 3 } else { round % 4 };
            for _ in 0..adds {
                let t = now + rng.random_range(0..20u64);
                q.schedule(t, Kind::ActivityEnd, id, 0);
                expected.push((t, id));
                id += 1;
            }
            if round % 5 == 0 {
                q.settle();
                let first = expected.iter().min().copied();
                assert_eq!(q.peek().map(|e| (e.time, e.target)), first);
            }
            expected.sort();
            let e = q.pop().unwrap();
            assert_eq!((e.time, e.target), expected.remove(0));
            now = e.time;
        }
        // Drain: every hole is removed by the next pop.
        while let Some(e) = q.pop() {
            assert_eq!((e.time, e.target), expected.remove(0));
        }
        assert!(expected.is_empty());
        q.settle();
        assert!(q.peek().is_none());
    }

    #[test]
    fn a_list_emptied_and_filled_again_gives_the_sorted_order_at_every_size() {
        // Sizes either side of where a level of the 4-ary heap fills up
        // (1, 5, 21 and 85 entries), so the padding after the last entry
        // stands in for one, two or three missing children, then none.
        use rand::RngExt;
        let mut rng = crate::rng::stream(3, "test:refill", 0);
        let mut q = EventQueue::with_capacity(0);
        let mut now = 0;
        let mut id = 0;
        for size in [1usize, 2, 3, 4, 5, 6, 19, 20, 21, 22, 23, 84, 85, 86, 87, 1, 40] {
            let mut expected: Vec<(Tick, u64, u32)> = Vec::new();
            for _ in 0..size {
                let t = now + rng.random_range(0..30u64);
                let kind = if id % 4 == 0 { Kind::Stop } else { Kind::ActivityEnd };
                q.schedule(t, kind, id, 0);
                expected.push((t, kind as u64, id));
                id += 1;
            }
            expected.sort();
            let got: Vec<(Tick, u64, u32)> = std::iter::from_fn(|| q.pop())
                .map(|e| (e.time, e.kind() as u64, e.target))
                .collect();
            assert_eq!(got, expected, "{size} events");
            now = got.last().map_or(now, |e| e.0);
            q.settle();
            assert!(q.peek_time().is_none());
        }
    }

    #[test]
    fn events_at_the_last_instant_still_come_before_the_padding() {
        // The latest time and the last kind: the key just below the padding's.
        let mut q = EventQueue::with_capacity(0);
        for k in 0..9 {
            let kind = if k % 2 == 0 { Kind::Stop } else { Kind::WarmupEnd };
            q.schedule(Tick::MAX, kind, k, 0);
        }
        q.schedule(1, Kind::Stop, 100, 0);
        let got: Vec<u32> = std::iter::from_fn(|| q.pop()).map(|e| e.target).collect();
        assert_eq!(got, vec![100, 1, 3, 5, 7, 0, 2, 4, 6, 8]);
    }

    #[test]
    fn events_fed_one_at_a_time_with_reserved_numbers_come_out_as_if_all_were_scheduled_at_once() {
        // A book of arrivals, many at equal times, among other events of the
        // same kind scheduled while the run goes on (at those same times).
        let book: Vec<Tick> = (0..300u64).map(|i| (i * 7) % 50 * 10).collect();
        let run = |lazy: bool| -> Vec<(Tick, u32)> {
            let mut q = EventQueue::with_capacity(4);
            q.schedule(1000, Kind::Stop, 9999, 0);
            let mut sorted: Vec<(Tick, u64, u32)> = Vec::new();
            if lazy {
                let first = q.reserve(book.len() as u64);
                sorted = book
                    .iter()
                    .enumerate()
                    .map(|(i, &t)| (t, first + i as u64, i as u32))
                    .collect();
                sorted.sort_unstable();
                let (t, seq, i) = sorted[0];
                q.schedule_as(t, Kind::Arrival, i, 0, seq);
            } else {
                for (i, &t) in book.iter().enumerate() {
                    q.schedule(t, Kind::Arrival, i as u32, 0);
                }
            }
            let mut next = 1;
            let mut out = Vec::new();
            while let Some(e) = q.pop() {
                out.push((e.time, e.target));
                if e.kind() == Kind::Stop {
                    break;
                }
                if e.target < 1000 {
                    if lazy && next < sorted.len() {
                        let (t, seq, i) = sorted[next];
                        next += 1;
                        q.schedule_as(t, Kind::Arrival, i, 0, seq);
                    }
                    // Every third book arrival brings another arrival now
                    // and an activity at once.
                    if e.target % 3 == 0 {
                        q.schedule(e.time, Kind::Arrival, 1000 + e.target, 1);
                        q.schedule(e.time, Kind::ActivityEnd, 2000 + e.target, 0);
                    }
                }
            }
            out
        };
        let (eager, lazy) = (run(false), run(true));
        assert_eq!(eager.len(), 300 + 2 * 100 + 1);
        assert_eq!(eager, lazy);
    }

    #[test]
    #[should_panic(expected = "in the past")]
    fn scheduling_in_the_past_is_caught() {
        let mut q = EventQueue::with_capacity(2);
        q.schedule(10, Kind::ActivityEnd, 0, 0);
        q.pop();
        q.schedule(9, Kind::ActivityEnd, 0, 0);
    }
}
