//! Part flow: quality decisions, moving parts between stations, blocking
//! after service, and the parts source.
//!
//! A station accepts a part when one of its servers is empty or its buffer
//! has a free waiting place. A finished part that finds no room at any of its
//! next step's stations stays on its server (blocking after service) and the
//! server queues, first come first served, at each of those stations; it is
//! woken when room appears. The source blocks the same way.

use super::batch::BoxWake;
use super::server::{NO_PART, Phase};
use super::{Part, SOURCE, Simulation, Waiter};
use crate::model::{Rule, Source, StationId, Step};

impl Simulation {
    /// The operation on `sv`'s part is complete: decide scrap or rework and move it on.
    /// Inlined into the event path, like [`Self::activity_end`].
    #[inline(always)]
    pub(crate) fn finish_operation(&mut self, sv: usize) {
        let s = self.servers[sv].station as usize;
        if self.stations[s].has_tasks {
            self.servers[sv].made = self.servers[sv].made.wrapping_add(1);
        }
        if self.stations[s].batch.is_some() {
            self.finish_load(sv);
            return;
        }
        let part = self.servers[sv].part as usize;
        if self.judge(s, part) {
            self.push_on(sv);
        } else {
            self.servers[sv].part = NO_PART;
            self.after_leave(sv);
        }
    }

    /// Tries to hand `sv`'s finished part to its next step; blocks if no room.
    pub(crate) fn push_on(&mut self, sv: usize) {
        if self.stations[self.servers[sv].station as usize].grouped {
            self.push_grouped(sv);
            return;
        }
        self.push_single(sv);
    }

    /// Hands one finished part on, or blocks.
    #[inline(always)]
    pub(super) fn push_single(&mut self, sv: usize) {
        let part = self.servers[sv].part as usize;
        let product = self.parts[part].product as usize;
        let next = self.parts[part].next as usize;
        // The one-station table has an entry a step: its length is the
        // route's, and it is read next anyway.
        if next == self.single[product].len() {
            self.servers[sv].part = NO_PART;
            self.depart(part, true);
            self.after_leave(sv);
            return;
        }
        match self.choose(product, next) {
            Some(t) => {
                self.servers[sv].part = NO_PART;
                self.enter(t, part as u32, next);
                self.after_leave(sv);
            }
            None => self.block(sv as u32, product, next),
        }
    }

    /// The server's part has left: take the next waiting part, then let
    /// upstream holders use the room that appeared.
    pub(super) fn after_leave(&mut self, sv: usize) {
        self.servers[sv].part = NO_PART;
        self.become_idle(sv);
        self.wake_waiters(self.servers[sv].station as usize);
    }

    /// An empty server takes the first part waiting in its station's buffer,
    /// or joins the station's idle servers.
    pub(crate) fn become_idle(&mut self, sv: usize) {
        let s = self.servers[sv].station as usize;
        self.servers[sv].phase = Phase::Idle;
        if self.stations[s].batch.is_some() {
            self.batch_idle(sv);
            return;
        }
        match self.stations[s].queue.pop_front() {
            Some(part) => {
                // The buffer's integral is the sum of the waits in it
                // (measured from the end of the warm-up: see `reset_statistics`).
                self.stations[s].queue_wait += self.now - self.parts[part as usize].arrived;
                if self.work.tracked {
                    self.work.queued -= 1;
                    self.check_work();
                }
                self.servers[sv].part = part;
                self.start_cycle(sv);
            }
            None => {
                self.stations[s].idle.push(sv as u32);
                self.touch(sv);
            }
        }
    }

    /// Room at station `t` for a part of `product` (a component goes to its
    /// component buffer at an assembly station).
    #[inline]
    pub(super) fn can_take(&self, t: StationId, product: usize) -> bool {
        if self.assembles && self.stations[t].assembly.is_some() {
            self.assembly_room(t, product)
        } else {
            self.can_accept(t)
        }
    }

    pub(super) fn can_accept(&self, t: StationId) -> bool {
        let rt = &self.stations[t];
        !rt.idle.is_empty() || rt.queue.len() < rt.capacity
    }

    /// Parts at a station, waiting and on servers.
    pub(crate) fn occupancy(&self, t: StationId) -> usize {
        let rt = &self.stations[t];
        let servers = rt.first_server..rt.first_server + rt.servers;
        rt.queue.len()
            + if rt.batch.is_some() {
                servers.map(|sv| self.on_server(sv)).sum::<usize>()
            } else {
                servers.filter(|&sv| self.servers[sv].part != NO_PART).count()
            }
    }

    /// The station of `step` that takes the part now, by the step's rule.
    /// Inlined into the event path, like [`Self::activity_end`].
    #[inline(always)]
    pub(super) fn choose(&self, product: usize, step: usize) -> Option<StationId> {
        let single = self.single[product][step];
        if single != super::NO_STATION {
            // One station: either rule picks it when it has room.
            let t = (single & !super::ASSEMBLES) as StationId;
            let room = if single & super::ASSEMBLES != 0 {
                self.assembly_room(t, product)
            } else {
                self.can_accept(t)
            };
            return room.then_some(t);
        }
        if self.assembles {
            return self.choose_assembling(product, &self.line.products[product].route[step]);
        }
        let step = &self.line.products[product].route[step];
        self.pick(step, |t| self.can_accept(t))
    }

    /// [`Self::choose`] in a line with assembly stations (component buffers).
    #[cold]
    #[inline(never)]
    fn choose_assembling(&self, product: usize, step: &Step) -> Option<StationId> {
        self.pick(step, |t| self.can_take(t, product))
    }

    /// The station of `step` the rule picks among those with room (`open`).
    #[inline(always)]
    fn pick(&self, step: &Step, open: impl Fn(StationId) -> bool) -> Option<StationId> {
        match step.rule {
            Rule::FirstFree => step.stations.iter().copied().find(|&t| open(t)),
            Rule::ShortestQueue => self.shortest(step, open),
        }
    }

    /// The open station of `step` with the fewest parts.
    #[inline(never)]
    fn shortest(&self, step: &Step, open: impl Fn(StationId) -> bool) -> Option<StationId> {
        step.stations
            .iter()
            .copied()
            .filter(|&t| open(t))
            .min_by_key(|&t| self.occupancy(t))
    }

    /// Part `part` arrives at station `t` for its step `step`: a server
    /// takes it, or it waits in the buffer.
    /// Inlined into the event path, like [`Self::activity_end`].
    #[inline(always)]
    pub(super) fn enter(&mut self, t: StationId, part: u32, step: usize) {
        if self.assembles && self.stations[t].assembly.is_some() && self.enter_component(t, part, step) {
            return;
        }
        let p = &mut self.parts[part as usize];
        p.step = step as u32;
        p.arrived = self.now;
        match self.stations[t].idle.pop() {
            Some(sv) => {
                self.servers[sv as usize].part = part;
                self.start_cycle(sv as usize);
            }
            None => {
                self.stations[t].queue.push_back(part);
                if self.work.tracked {
                    self.work.queued += 1;
                    self.check_work();
                }
                if self.stations[t].batch.is_some() {
                    self.try_load(t);
                }
            }
        }
    }

    #[inline(always)]
    pub(super) fn block(&mut self, sv: u32, product: usize, step: usize) {
        let s = &mut self.servers[sv as usize];
        s.phase = Phase::Blocked;
        s.block_stamp = s.block_stamp.wrapping_add(1);
        let waiter = Waiter {
            holder: sv,
            stamp: s.block_stamp,
        };
        if self.assembles {
            for i in 0..self.line.products[product].route[step].stations.len() {
                let t = self.line.products[product].route[step].stations[i];
                self.wait_at(t, product, waiter);
            }
        } else {
            for &t in &self.line.products[product].route[step].stations {
                self.stations[t].waiters.push_back(waiter);
            }
        }
        self.touch(sv as usize);
        self.check_deadlock(self.servers[sv as usize].station as usize);
    }

    /// Lets holders blocked on station `t` move, first come first served,
    /// while it has room.
    pub(crate) fn wake_waiters(&mut self, t: StationId) {
        while let Some(&w) = self.stations[t].waiters.front() {
            if !self.can_accept(t) {
                break;
            }
            // Containers, vehicles, feeders and the source: one test for all.
            if w.holder >= super::batch::BOX_BASE {
                if self.wake_special(w, t) {
                    continue;
                }
                break;
            }
            self.stations[t].waiters.pop_front();
            let s = &self.servers[w.holder as usize];
            if s.phase == Phase::Blocked && s.block_stamp == w.stamp {
                self.push_on(w.holder as usize);
            }
        }
    }

    /// The front waiter at `t` is not a server: a container or a vehicle
    /// moves only with room for all it carries. False when it must wait.
    #[cold]
    #[inline(never)]
    fn wake_special(&mut self, w: Waiter, t: StationId) -> bool {
        if super::batch::is_box(w.holder) {
            match self.box_wake(w, t) {
                BoxWake::Wait => return false,
                BoxWake::Stale => {
                    self.stations[t].waiters.pop_front();
                }
                BoxWake::Go(s, product) => {
                    self.stations[t].waiters.pop_front();
                    self.move_box(s, product);
                }
            }
            return true;
        }
        if super::transport::is_vehicle(w.holder) && !self.vehicle_fits(w, t) {
            return false;
        }
        self.stations[t].waiters.pop_front();
        self.wake_holder(w);
        true
    }

    /// Lets a holder that waited for room try again: the source, a feeder
    /// or a blocked server (if its entry is still current).
    pub(super) fn wake_holder(&mut self, w: Waiter) {
        if w.holder == SOURCE {
            if self.source.blocked && self.source.stamp == w.stamp {
                self.release_pending();
            }
            return;
        }
        if super::assembly::is_feeder(w.holder) {
            self.feeder_woken(w);
            return;
        }
        if super::transport::is_vehicle(w.holder) {
            self.vehicle_woken(w);
            return;
        }
        let s = &self.servers[w.holder as usize];
        if s.phase == Phase::Blocked && s.block_stamp == w.stamp {
            self.push_on(w.holder as usize);
        }
    }

    pub(super) fn depart(&mut self, part: usize, good: bool) {
        let flow = self.now - self.parts[part].release;
        self.count_departure(flow, good, !self.parts[part].reworked);
        if good && let Some(fg) = &mut self.finished {
            fg.put(self.now);
        }
        let order = self.parts[part].order;
        if order != super::orders::NO_ORDER {
            self.order_part_left(order, good);
        }
        self.free_parts.push(part as u32);
    }

    /// Books a part leaving the line now after `flow` in it: good (right
    /// `first_time` or not) or scrapped.
    pub(super) fn count_departure(&mut self, flow: crate::time::Tick, good: bool, first_time: bool) {
        let flow = flow as u128;
        self.change_wip(-1);
        let st = &mut self.stats;
        st.departures += 1;
        st.flow_all += flow;
        if good {
            st.good += 1;
            if first_time {
                st.good_first_time += 1;
            }
            st.flow_good += flow;
            self.series.good += 1;
        }
    }

    /// Books a part entering the line now.
    pub(super) fn count_release(&mut self) {
        self.stats.released += 1;
        self.change_wip(1);
    }

    pub(super) fn change_wip(&mut self, delta: i64) {
        self.series.advance(self.now, self.stats.wip);
        let st = &mut self.stats;
        st.wip_area += st.wip as u128 * (self.now - st.wip_last) as u128;
        st.wip_last = self.now;
        st.wip = st.wip.checked_add_signed(delta).expect("WIP below zero");
    }

    pub(super) fn new_part(&mut self, product: u32) -> u32 {
        let part = Part {
            product,
            step: 0,
            next: 0,
            release: self.now,
            arrived: self.now,
            reworked: false,
            kit_step: 0,
            order: super::orders::NO_ORDER,
        };
        self.count_release();
        match self.free_parts.pop() {
            Some(id) => {
                self.parts[id as usize] = part;
                id
            }
            None => {
                if self.parts.len() as u64 >= crate::model::MAX_WIP {
                    self.overflow();
                }
                self.parts.push(part);
                (self.parts.len() - 1) as u32
            }
        }
    }

    /// The line holds [`crate::model::MAX_WIP`] parts or orders: it takes
    /// in work faster than it finishes it. Fails the run, naming the
    /// buffer (or the order backlog) that holds the most.
    #[cold]
    pub(crate) fn overflow(&mut self) {
        let backlog = self.source.pending.len();
        let (s, queue) = self
            .stations
            .iter()
            .enumerate()
            .map(|(s, rt)| (s, rt.queue.len()))
            .max_by_key(|&(s, q)| (q, std::cmp::Reverse(s)))
            .unwrap_or((0, 0));
        let place = if backlog >= queue {
            "in the order backlog before the first station".to_string()
        } else {
            format!("in the buffer of \"{}\"", self.line.stations[s].name)
        };
        let parts = self.stats.wip + backlog as u64;
        self.fail(super::SimError::Unstable {
            time_hours: crate::time::ticks_to_hours(self.now),
            parts,
            place,
        });
    }

    /// Releases pending products into the line while their first step has
    /// room; a saturated source draws the next product after each release.
    pub(crate) fn release_pending(&mut self) {
        self.source.blocked = false;
        let saturated = matches!(self.line.source, Source::Saturated);
        while let Some(&product) = self.source.pending.front() {
            match self.choose(product as usize, 0) {
                Some(t) => {
                    self.source.pending.pop_front();
                    let part = self.new_part(product);
                    if let Some(book) = &mut self.book {
                        self.parts[part as usize].order = book.pending.pop_front().expect("an order per part");
                    }
                    self.enter(t, part, 0);
                    self.check_work();
                    if saturated {
                        let p = self.draw_product();
                        self.source.pending.push_back(p);
                    }
                }
                None => {
                    self.source.blocked = true;
                    self.source.stamp = self.source.stamp.wrapping_add(1);
                    let waiter = Waiter {
                        holder: SOURCE,
                        stamp: self.source.stamp,
                    };
                    let product = product as usize;
                    for i in 0..self.line.products[product].route[0].stations.len() {
                        let t = self.line.products[product].route[0].stations[i];
                        self.wait_at(t, product, waiter);
                    }
                    return;
                }
            }
        }
    }
}
