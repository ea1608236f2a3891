//! Deadlock detection.
//!
//! With blocking after service, finite buffers and routes that loop (rework,
//! or products that cross in opposite directions), a set of stations can jam
//! for good: each is full and every server holds a finished part waiting for
//! room at another station of the set. Validation rejects rework loops that
//! can do this; this check catches the rest at run time and names the
//! stations, instead of letting the run idle to its end.
//!
//! It runs only when a server blocks at a station that has just become
//! jammed, and follows only jammed stations, so it costs nothing in a line
//! that flows.

use super::SimError;
use super::Simulation;
use super::server::Phase;
use crate::model::StationId;
use crate::time::ticks_to_hours;

const UNSEEN: u8 = 0;
const VISITING: u8 = 1;
const STUCK: u8 = 2;
const FREE: u8 = 3;

impl Simulation {
    /// A station is jammed when it has no room and every server is blocked.
    fn jammed(&self, t: StationId) -> bool {
        let rt = &self.stations[t];
        let full = rt.queue.len() >= rt.capacity;
        full && (rt.first_server..rt.first_server + rt.servers).all(|sv| self.servers[sv].phase == Phase::Blocked)
    }

    #[inline]
    pub(crate) fn check_deadlock(&mut self, from: StationId) {
        if !self.jammed(from) {
            return;
        }
        let stuck = self.stuck(from);
        if stuck {
            let mut names: Vec<String> = self
                .visited
                .iter()
                .filter(|&&t| matches!(self.marks[t as usize], STUCK | VISITING))
                .map(|&t| self.line.stations[t as usize].name.clone())
                .collect();
            names.sort();
            self.fail(SimError::Deadlock {
                time_hours: ticks_to_hours(self.now),
                stations: names,
            });
        }
        for t in self.visited.drain(..) {
            self.marks[t as usize] = UNSEEN;
        }
    }

    /// True when station `t` can never make room again: jammed, and every
    /// blocked server waits only for stations that are themselves stuck (a
    /// station already on the search path counts as stuck: that is the cycle).
    fn stuck(&mut self, t: StationId) -> bool {
        match self.marks[t] {
            VISITING | STUCK => return true,
            FREE => return false,
            _ => {}
        }
        self.visited.push(t as u32);
        if !self.jammed(t) {
            self.marks[t] = FREE;
            return false;
        }
        self.marks[t] = VISITING;
        let line = std::sync::Arc::clone(&self.line);
        let (first, n) = (self.stations[t].first_server, self.stations[t].servers);
        for sv in first..first + n {
            let part = self.parts[self.servers[sv].part as usize];
            let step = &line.products[part.product as usize].route[part.next as usize];
            for &target in &step.stations {
                if !self.stuck(target) {
                    self.marks[t] = FREE;
                    return false;
                }
            }
        }
        self.marks[t] = STUCK;
        true
    }
}
