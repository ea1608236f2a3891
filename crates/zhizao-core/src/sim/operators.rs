//! Operator pools, repair crews and shift calendars.
//!
//! A pool has a head count and optionally a shift calendar. Requests are
//! served first come, first served, and only while the pool is on shift. An
//! operator holding a task when the shift ends keeps it: the task pauses and
//! resumes with the same operator when the shift starts again.
//!
//! The one exception is a repair that runs around the clock: its crew member
//! is called out off shift, when one is free.

use super::Simulation;
use super::queue::Kind;
use crate::model::PoolId;

impl Simulation {
    /// Brings a pool's busy-time and on-shift integrals up to now.
    pub(super) fn pool_touch(&mut self, pool: PoolId) {
        let p = &mut self.pools[pool];
        if p.on {
            let dt = self.now - p.last;
            p.busy_area += (p.headcount - p.available) as u128 * dt as u128;
            p.on_time += dt;
        }
        p.last = self.now;
    }

    /// Asks `pool` for a member on behalf of server `sv`: one of its own, or
    /// else a free member of a pool cross-trained for it (in pool order).
    /// Inlined into the event path, like [`Self::activity_end`].
    #[inline(always)]
    pub(crate) fn request(&mut self, pool: PoolId, sv: usize) {
        let from = if (self.pools[pool].on || self.on_call(sv)) && self.pools[pool].available > 0 {
            Some(pool)
        } else {
            let helpers = &self.pools[pool].helpers;
            helpers
                .iter()
                .copied()
                .find(|&h| self.pools[h].on && self.pools[h].available > 0)
        };
        match from {
            Some(h) => self.grant(h, sv),
            None => self.pools[pool].waiting.push_back(sv as u32),
        }
    }

    /// A member of pool `h` goes to server `sv`.
    fn grant(&mut self, h: PoolId, sv: usize) {
        self.pool_touch(h);
        self.pools[h].available -= 1;
        self.servers[sv].from_pool = h as u32;
        self.granted(sv);
    }

    /// Gives a member back to `pool`; the first waiting server gets them.
    pub(crate) fn release(&mut self, pool: PoolId) {
        let next = if self.pools[pool].on {
            self.pools[pool].waiting.pop_front()
        } else {
            let w = &self.pools[pool].waiting;
            (0..w.len())
                .find(|&i| self.on_call(w[i] as usize))
                .and_then(|i| self.pools[pool].waiting.remove(i))
        };
        if let Some(next) = next {
            self.servers[next as usize].from_pool = pool as u32;
            self.granted(next as usize);
            return;
        }
        // Own queue empty: take the first waiting task of a pool this one is
        // cross-trained for, in priority order.
        if self.pools[pool].on && self.pools[pool].helps_others && self.help_out(pool) {
            return;
        }
        self.pool_touch(pool);
        self.pools[pool].available += 1;
    }

    /// A free member of `pool` takes the first task waiting at a pool it is
    /// cross-trained for; false when none waits.
    #[cold]
    #[inline(never)]
    fn help_out(&mut self, pool: PoolId) -> bool {
        let line = std::sync::Arc::clone(&self.line);
        for &other in &line.pools[pool].also_for {
            if let Some(next) = self.pools[other].waiting.pop_front() {
                self.servers[next as usize].from_pool = pool as u32;
                self.granted(next as usize);
                return true;
            }
        }
        false
    }

    /// A request that may be served off shift: a repair around the clock.
    fn on_call(&self, sv: usize) -> bool {
        let s = &self.servers[sv];
        s.phase == super::server::Phase::Down && self.stations[s.station as usize].repair_around
    }

    /// Withdraws a waiting request (the server broke down while waiting).
    pub(crate) fn cancel_request(&mut self, pool: PoolId, sv: usize) {
        self.pools[pool].waiting.retain(|&w| w as usize != sv);
    }

    pub(crate) fn request_operator(&mut self, sv: usize) {
        let pool = self.stations[self.servers[sv].station as usize]
            .pool
            .expect("station has a pool");
        self.request(pool, sv);
    }

    pub(crate) fn release_operator(&mut self, sv: usize) {
        if self.servers[sv].holds_op {
            self.servers[sv].holds_op = false;
            self.release(self.servers[sv].op_pool as usize);
        }
    }

    fn calendar_touch(&mut self, c: usize) {
        let cal = &mut self.calendars[c];
        if cal.on {
            cal.on_time += self.now - cal.last;
        }
        cal.last = self.now;
    }

    /// Calendar `c` switches on or off at the current time.
    pub(crate) fn calendar_switch(&mut self, c: usize) {
        let line = std::sync::Arc::clone(&self.line);
        let calendar = &line.calendars[c];
        self.calendar_touch(c);
        if self.work.tracked && line.plant_calendar == Some(c) {
            self.short_flush();
        }
        let on = calendar.is_on(self.now);
        self.calendars[c].on = on;
        if let Some(t) = calendar.next_change(self.now) {
            self.queue.schedule(t, Kind::Calendar, c as u32, 0);
        }
        let pools: Vec<PoolId> = (0..line.pools.len())
            .filter(|&p| line.pools[p].calendar == Some(c))
            .collect();
        for &p in &pools {
            self.pool_touch(p);
            self.pools[p].on = on;
        }
        self.recheck_servers();
        if on {
            for &p in &pools {
                // Its own waiting tasks first, then those it is cross-trained for.
                for &q in std::iter::once(&p).chain(&line.pools[p].also_for) {
                    while self.pools[p].available > 0 {
                        let Some(sv) = self.pools[q].waiting.pop_front() else {
                            break;
                        };
                        self.grant(p, sv as usize);
                    }
                }
            }
            // Drivers back on shift take the calls that waited.
            if !self.fleets.is_empty() {
                self.dispatch_all();
            }
        }
    }

    /// Integrals of every pool and calendar, up to now (for statistics).
    pub(crate) fn touch_resources(&mut self) {
        for p in 0..self.pools.len() {
            self.pool_touch(p);
        }
        for c in 0..self.calendars.len() {
            self.calendar_touch(c);
        }
    }
}
