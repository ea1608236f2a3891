//! The future event list.
//!
//! Events are ordered by (time, priority, insertion sequence): earlier time
//! first; at equal time the lower priority number first; at equal time and
//! priority, first scheduled first (FIFO). The queue is a binary heap of
//! 24-byte entries in one reused vector: no allocation per event once it has
//! grown to the model's size. Scheduling before the current time is an
//! internal bug and panics.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

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

/// A scheduled event. `generation` must match the target's generation counter for
/// the event to be live; a bumped counter cancels outstanding events without
/// searching the heap.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Event {
    pub time: Tick,
    /// Priority (high 8 bits) and insertion sequence (low 56 bits).
    order: u64,
    pub target: u32,
    pub generation: u32,
}

impl Event {
    pub fn kind(&self) -> Kind {
        match self.order >> 56 {
            0 => Kind::ActivityEnd,
            1 => Kind::Failure,
            2 => Kind::ClockFailure,
            3 => Kind::Arrival,
            4 => Kind::Calendar,
            5 => Kind::WarmupEnd,
            _ => Kind::Stop,
        }
    }
}

impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        self.time == other.time && self.order == other.order
    }
}
impl Eq for Event {}
impl PartialOrd for Event {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Event {
    /// Reversed, so that the max-heap pops the earliest event.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.time, other.order).cmp(&(self.time, self.order))
    }
}

#[derive(Debug, Default)]
pub(crate) struct EventQueue {
    heap: BinaryHeap<Event>,
    seq: u64,
    now: Tick,
}

impl EventQueue {
    pub fn with_capacity(n: usize) -> Self {
        EventQueue {
            heap: BinaryHeap::with_capacity(n),
            seq: 0,
            now: 0,
        }
    }

    pub fn schedule(&mut self, time: Tick, kind: Kind, target: u32, generation: u32) {
        assert!(time >= self.now, "event scheduled in the past: {time} < {}", self.now);
        self.seq += 1;
        let order = ((kind as u64) << 56) | self.seq;
        self.heap.push(Event {
            time,
            order,
            target,
            generation,
        });
    }

    pub fn pop(&mut self) -> Option<Event> {
        let e = self.heap.pop()?;
        self.now = e.time;
        Some(e)
    }

    pub fn peek_time(&self) -> Option<Tick> {
        self.heap.peek().map(|e| e.time)
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
    #[should_panic(expected = "in the past")]
    fn scheduling_in_the_past_is_caught() {
        let mut q = EventQueue::with_capacity(2);
        q.schedule(10, Kind::ActivityEnd, 0, 0);
        q.pop();
        q.schedule(9, Kind::ActivityEnd, 0, 0);
    }
}
