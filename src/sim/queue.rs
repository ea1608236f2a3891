//! The future event list.
//!
//! Events are ordered by (time, priority, insertion sequence): earlier time
//! first; at equal time the lower priority number first; at equal time and
//! priority, first scheduled first (FIFO). The queue is a 4-ary heap of
//! small entries in one reused vector: no allocation per event once it has
//! grown to the model's size. Scheduling before the current time is an
//! internal bug and panics.

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
    /// The next order arrives.
    Arrival = 3,
    /// A calendar switches on or off.
    Calendar = 4,
    /// The warm-up ends: statistics are reset.
    WarmupEnd = 5,
    /// The run ends.
    Stop = 6,
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

/// Heap entry: the whole ordering in one integer, time (64 bits), priority
/// (8 bits) and insertion sequence (56 bits), so a comparison is one `u128`
/// comparison.
#[derive(Clone, Copy, Debug)]
struct Entry {
    key: u128,
    target: u32,
    generation: u32,
}

impl Entry {
    fn event(&self) -> Event {
        let kind = match (self.key >> 56) as u8 {
            0 => Kind::ActivityEnd,
            1 => Kind::Failure,
            2 => Kind::ClockFailure,
            3 => Kind::Arrival,
            4 => Kind::Calendar,
            5 => Kind::WarmupEnd,
            _ => Kind::Stop,
        };
        Event {
            time: (self.key >> 64) as Tick,
            kind,
            target: self.target,
            generation: self.generation,
        }
    }
}

/// A 4-ary min-heap: shallower than a binary heap, and its four children
/// share a cache line or two.
#[derive(Debug, Default)]
pub(crate) struct EventQueue {
    heap: Vec<Entry>,
    seq: u64,
    now: Tick,
}

const ARITY: usize = 4;

impl EventQueue {
    pub fn with_capacity(n: usize) -> Self {
        EventQueue {
            heap: Vec::with_capacity(n),
            seq: 0,
            now: 0,
        }
    }

    pub fn schedule(&mut self, time: Tick, kind: Kind, target: u32, generation: u32) {
        assert!(time >= self.now, "event scheduled in the past: {time} < {}", self.now);
        self.seq += 1;
        let key = ((time as u128) << 64) | ((kind as u128) << 56) | self.seq as u128;
        let entry = Entry {
            key,
            target,
            generation,
        };
        let mut i = self.heap.len();
        self.heap.push(entry);
        while i > 0 {
            let parent = (i - 1) / ARITY;
            if self.heap[parent].key <= key {
                break;
            }
            self.heap[i] = self.heap[parent];
            i = parent;
        }
        self.heap[i] = entry;
    }

    pub fn pop(&mut self) -> Option<Event> {
        let top = *self.heap.first()?;
        let last = self.heap.pop().expect("not empty");
        let n = self.heap.len();
        if n > 0 {
            let mut i = 0;
            loop {
                let first = ARITY * i + 1;
                if first >= n {
                    break;
                }
                let end = (first + ARITY).min(n);
                let mut best = first;
                for c in first + 1..end {
                    if self.heap[c].key < self.heap[best].key {
                        best = c;
                    }
                }
                if self.heap[best].key >= last.key {
                    break;
                }
                self.heap[i] = self.heap[best];
                i = best;
            }
            self.heap[i] = last;
        }
        let e = top.event();
        self.now = e.time;
        Some(e)
    }

    pub fn peek_time(&self) -> Option<Tick> {
        self.heap.first().map(|e| (e.key >> 64) as Tick)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    #[should_panic(expected = "in the past")]
    fn scheduling_in_the_past_is_caught() {
        let mut q = EventQueue::with_capacity(2);
        q.schedule(10, Kind::ActivityEnd, 0, 0);
        q.pop();
        q.schedule(9, Kind::ActivityEnd, 0, 0);
    }
}
