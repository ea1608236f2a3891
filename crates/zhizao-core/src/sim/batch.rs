//! Parts that move or are processed together: batch stations (a load of
//! several parts in one cycle, a furnace or a basket washer) and transfer
//! batches (finished parts that move on in containers: racks, carts, trays).
//!
//! A batch station's empty servers wait for a load instead of taking the
//! first part: a load starts when `size` parts wait in the buffer, or when
//! at least `min_load` wait and the oldest has waited `max_wait` (a timer
//! event fires then). With `by_product` a load holds one product, and the
//! product whose oldest part has waited longest goes first. After the cycle
//! every part of the load is judged (scrap, rework) and the parts move on in
//! load order; the server is blocked until the last has found room.
//!
//! A transfer station puts each finished part (not a part sent back for
//! rework) into its container for the product. A full container moves as a
//! whole to a station of the next step with room for all of it, or waits
//! for one; while it waits, a finished part finds no container and its
//! server is blocked. Parts in containers count as work in the line, so a
//! starved station downstream is waiting for the container, not for orders.
//!
//! None of this runs in a line without batch or transfer stations: the hot
//! path checks one flag per station.

use std::collections::VecDeque;

use rand::RngExt;

use super::queue::Kind;
use super::server::{NO_PART, Phase};
use super::{Simulation, Waiter};
use crate::model::{Batch, Rule, StationId};
use crate::time::Tick;

/// Holder ids from here up to the feeders' are containers in waiter lists.
pub(super) const BOX_BASE: u32 = 0x8000_0000;

/// A batch station's run-time state.
#[derive(Debug)]
pub(super) struct BatchRt {
    pub rule: Batch,
    /// Empty servers waiting for a load, the next to load last.
    pub idle: Vec<u32>,
    /// Time of the pending load-timeout event, if any.
    pub timer_at: Option<Tick>,
}

/// A transfer station's containers, one per product.
#[derive(Debug)]
pub(super) struct TransferRt {
    pub size: usize,
    /// Containers that have moved on since the start (for front ends).
    pub moved: u64,
    pub boxes: Vec<Container>,
}

#[derive(Debug, Default)]
pub(super) struct Container {
    pub parts: Vec<u32>,
    /// Full and waiting for room at the next step.
    pub full: bool,
    pub stamp: u32,
    /// Servers whose finished part waits for this container to move.
    pub blocked: VecDeque<Waiter>,
}

/// What a container waiting at a station can do when room appears there.
pub(super) enum BoxWake {
    /// The entry is out of date (the container has moved since).
    Stale,
    /// Not enough room yet for the whole container.
    Wait,
    Go(StationId, usize),
}

impl Simulation {
    /// The part on `sv` is done: judge it (scrap or rework). Returns false
    /// when it was scrapped (and has left the line).
    #[inline(always)]
    pub(super) fn judge(&mut self, s: StationId, part: usize) -> bool {
        let product = self.parts[part].product as usize;
        let step = self.parts[part].step as usize;
        let ideal = self.ideal[self.by_product(s, product)];
        let line = &self.line;
        let st = &line.stations[s];
        let rt = &mut self.stations[s];
        rt.completions += 1;
        rt.ideal_secs += ideal;
        if !rt.checks_quality {
            // No scrap and no rework here: on to the next step.
            self.parts[part].next = step as u32 + 1;
            return true;
        }
        let u: f64 = self.rngs[s].quality.random();
        if u < st.scrap {
            rt.scrapped += 1;
            self.stats.scrapped += 1;
            self.depart(part, false);
            return false;
        }
        let next = match st.rework {
            Some((p, to)) if u < st.scrap + p => {
                rt.reworked += 1;
                self.parts[part].reworked = true;
                line.products[product].route[..=step]
                    .iter()
                    .rposition(|x| x.stations.contains(&to))
                    .expect("validated: rework destination earlier on the route")
            }
            _ => step + 1,
        };
        self.parts[part].next = next as u32;
        true
    }

    /// A batch station's load is done: judge every part, then move them on.
    #[cold]
    #[inline(never)]
    pub(super) fn finish_load(&mut self, sv: usize) {
        let s = self.servers[sv].station as usize;
        let load = std::mem::take(&mut self.loads[sv]);
        self.stations[s].cycles += 1;
        self.stations[s].loads_done += 1;
        let mut kept = VecDeque::with_capacity(load.len());
        for part in load {
            if self.judge(s, part as usize) {
                kept.push_back(part);
            }
        }
        self.loads[sv] = kept;
        self.push_grouped(sv);
    }

    /// Moves a finished part (or load) of a batch or transfer station on.
    #[cold]
    #[inline(never)]
    pub(super) fn push_grouped(&mut self, sv: usize) {
        let s = self.servers[sv].station as usize;
        if self.stations[s].batch.is_some() {
            self.push_load(sv);
            return;
        }
        let part = self.servers[sv].part as usize;
        let p = self.parts[part];
        if p.next <= p.step {
            // Sent back for rework: it goes alone.
            self.push_single(sv);
            return;
        }
        // Single parts call the fleet; a transfer station's full container does (`move_box`).
        if let (Some(fleet), None) = (self.stations[s].transport, &self.stations[s].transfer) {
            if (p.next as usize) < self.line.products[p.product as usize].route.len() {
                self.call_vehicle(sv, fleet as usize);
            } else {
                self.push_single(sv);
            }
            return;
        }
        let product = p.product as usize;
        let transfer = self.stations[s].transfer.as_mut().expect("a transfer station");
        let size = transfer.size;
        let b = &mut transfer.boxes[product];
        if b.full {
            let server = &mut self.servers[sv];
            server.phase = Phase::Blocked;
            server.block_stamp = server.block_stamp.wrapping_add(1);
            b.blocked.push_back(Waiter {
                holder: sv as u32,
                stamp: server.block_stamp,
            });
            self.touch(sv);
            self.check_deadlock(s);
            return;
        }
        b.parts.push(part as u32);
        b.full = b.parts.len() == size;
        let full = b.full;
        if self.work.tracked {
            self.work.queued += 1;
            self.check_work();
        }
        self.servers[sv].part = NO_PART;
        if full {
            self.move_box(s, product);
        }
        self.after_leave(sv);
    }

    /// Moves the parts of a finished load on in load order; blocks on the
    /// first that finds no room.
    fn push_load(&mut self, sv: usize) {
        while let Some(&part) = self.loads[sv].front() {
            self.servers[sv].part = part;
            let p = self.parts[part as usize];
            let (product, next) = (p.product as usize, p.next as usize);
            if next == self.line.products[product].route.len() {
                self.loads[sv].pop_front();
                self.depart(part as usize, true);
                continue;
            }
            match self.choose(product, next) {
                Some(t) => {
                    self.loads[sv].pop_front();
                    self.enter(t, part, next);
                }
                None => {
                    self.block(sv as u32, product, next);
                    return;
                }
            }
        }
        self.after_leave(sv);
    }

    /// Free places at a station for parts arriving at once: empty servers
    /// (a batch station's wait for a load in the buffer) and waiting places.
    pub(super) fn room(&self, t: StationId) -> usize {
        let rt = &self.stations[t];
        rt.capacity.saturating_sub(rt.queue.len()).saturating_add(rt.idle.len())
    }

    /// A full container tries to move to its next step; it waits at every
    /// station of that step when none has room for all of it.
    pub(super) fn move_box(&mut self, s: StationId, product: usize) {
        let transfer = self.stations[s].transfer.as_mut().expect("a transfer station");
        let parts = std::mem::take(&mut transfer.boxes[product].parts);
        let next = self.parts[parts[0] as usize].next as usize;
        let route_len = self.line.products[product].route.len();
        if let Some(fleet) = self.stations[s].transport
            && next < route_len
        {
            // A vehicle fetches the full container.
            self.stations[s].transfer.as_mut().expect("a transfer station").boxes[product].parts = parts;
            self.call_vehicle_for_box(s, product, fleet as usize);
            return;
        }
        let target = if next == route_len {
            None
        } else {
            let step = &self.line.products[product].route[next];
            let mut open = step.stations.iter().copied().filter(|&t| self.room(t) >= parts.len());
            let chosen = match step.rule {
                Rule::FirstFree => open.next(),
                Rule::ShortestQueue => open.min_by_key(|&t| self.occupancy(t)),
            };
            if chosen.is_none() {
                let b = &mut self.stations[s].transfer.as_mut().expect("a transfer station").boxes[product];
                b.parts = parts;
                b.stamp = b.stamp.wrapping_add(1);
                let waiter = Waiter {
                    holder: BOX_BASE + (s * self.line.products.len() + product) as u32,
                    stamp: b.stamp,
                };
                for i in 0..self.line.products[product].route[next].stations.len() {
                    let t = self.line.products[product].route[next].stations[i];
                    self.wait_at(t, product, waiter);
                }
                return;
            }
            chosen
        };
        if self.work.tracked {
            self.work.queued -= parts.len();
            self.check_work();
        }
        self.stations[s].transfer.as_mut().expect("a transfer station").moved += 1;
        for &part in &parts {
            match target {
                Some(t) => self.enter(t, part, next),
                None => self.depart(part as usize, true),
            }
        }
        self.box_emptied(s, product);
    }

    /// A vehicle takes a full container's parts away.
    pub(super) fn take_box(&mut self, s: StationId, product: usize) -> Vec<u32> {
        let b = &mut self.stations[s].transfer.as_mut().expect("a transfer station").boxes[product];
        let parts = std::mem::take(&mut b.parts);
        b.stamp = b.stamp.wrapping_add(1);
        if self.work.tracked {
            self.work.queued -= parts.len();
            self.check_work();
        }
        self.stations[s].transfer.as_mut().expect("a transfer station").moved += 1;
        self.box_emptied(s, product);
        parts
    }

    /// The container has gone: servers waiting for it put their parts in the empty one.
    fn box_emptied(&mut self, s: StationId, product: usize) {
        self.stations[s].transfer.as_mut().expect("a transfer station").boxes[product].full = false;
        loop {
            let b = &mut self.stations[s].transfer.as_mut().expect("a transfer station").boxes[product];
            if b.full {
                break;
            }
            let Some(w) = b.blocked.pop_front() else {
                break;
            };
            let server = &self.servers[w.holder as usize];
            if server.phase == Phase::Blocked && server.block_stamp == w.stamp {
                self.push_on(w.holder as usize);
            }
        }
    }

    /// A container waiting at station `t` (its waiter entry `w`) and the room there.
    #[cold]
    #[inline(never)]
    pub(super) fn box_wake(&self, w: Waiter, t: StationId) -> BoxWake {
        let id = (w.holder - BOX_BASE) as usize;
        let n = self.line.products.len();
        let (s, product) = (id / n, id % n);
        let b = &self.stations[s].transfer.as_ref().expect("a transfer station").boxes[product];
        if !b.full || b.stamp != w.stamp {
            BoxWake::Stale
        } else if self.room(t) < b.parts.len() {
            BoxWake::Wait
        } else {
            BoxWake::Go(s, product)
        }
    }

    /// An empty server of a batch station waits for its next load.
    #[cold]
    #[inline(never)]
    pub(super) fn batch_idle(&mut self, sv: usize) {
        let s = self.servers[sv].station as usize;
        self.stations[s]
            .batch
            .as_mut()
            .expect("a batch station")
            .idle
            .push(sv as u32);
        self.touch(sv);
        self.try_load(s);
    }

    /// The parts of the next load, if one may start now: a product filter
    /// (`by_product`) and how many.
    fn ready_load(&self, s: StationId) -> Option<(Option<u32>, usize)> {
        let rt = &self.stations[s];
        let rule = &rt.batch.as_ref().expect("a batch station").rule;
        let (size, min) = (rule.size as usize, rule.min_load as usize);
        for (product, count, oldest) in self.load_groups(s) {
            let aged = self.now >= oldest.saturating_add(rule.max_wait);
            if count >= size {
                return Some((product, size));
            }
            if count >= min && aged {
                return Some((product, count));
            }
        }
        None
    }

    /// The parts waiting at a batch station as candidate loads, oldest
    /// first: (product or any, count, arrival of the oldest).
    fn load_groups(&self, s: StationId) -> Vec<(Option<u32>, usize, Tick)> {
        let rt = &self.stations[s];
        let by_product = rt.batch.as_ref().expect("a batch station").rule.by_product;
        let mut groups: Vec<(Option<u32>, usize, Tick)> = Vec::new();
        for &part in &rt.queue {
            let p = &self.parts[part as usize];
            let key = by_product.then_some(p.product);
            match groups.iter_mut().find(|g| g.0 == key) {
                Some(g) => g.1 += 1,
                None => groups.push((key, 1, p.arrived)),
            }
        }
        groups
    }

    /// Starts loads on empty servers while the loading rule allows, then
    /// sets the timer for the next partial load that may start.
    pub(super) fn try_load(&mut self, s: StationId) {
        loop {
            if self.stations[s]
                .batch
                .as_ref()
                .expect("a batch station")
                .idle
                .is_empty()
            {
                break;
            }
            let Some((filter, count)) = self.ready_load(s) else {
                break;
            };
            let queue = std::mem::take(&mut self.stations[s].queue);
            let mut load = VecDeque::with_capacity(count);
            let mut rest = VecDeque::with_capacity(queue.len());
            for part in queue {
                if load.len() < count && filter.is_none_or(|f| self.parts[part as usize].product == f) {
                    load.push_back(part);
                } else {
                    rest.push_back(part);
                }
            }
            let since = self.measure_start;
            for &part in &load {
                self.stations[s].queue_wait += self.now - self.parts[part as usize].arrived.max(since);
            }
            self.stations[s].queue = rest;
            if self.work.tracked {
                self.work.queued -= load.len();
                self.check_work();
            }
            let sv = self.stations[s]
                .batch
                .as_mut()
                .expect("a batch station")
                .idle
                .pop()
                .expect("checked") as usize;
            self.servers[sv].part = load[0];
            self.loads[sv] = load;
            self.start_cycle(sv);
        }
        self.arm_batch_timer(s);
    }

    /// Schedules the load timeout: when the oldest part of a group that has
    /// its minimum load will have waited `max_wait`.
    fn arm_batch_timer(&mut self, s: StationId) {
        let b = self.stations[s].batch.as_ref().expect("a batch station");
        let rule = &b.rule;
        if rule.max_wait == 0 || rule.min_load >= rule.size || b.idle.is_empty() {
            return;
        }
        let min = rule.min_load as usize;
        let wait = rule.max_wait;
        let due = self
            .load_groups(s)
            .into_iter()
            .filter(|g| g.1 >= min)
            .map(|g| g.2 + wait)
            .filter(|&t| t > self.now)
            .min();
        let b = self.stations[s].batch.as_mut().expect("a batch station");
        if let Some(t) = due
            && b.timer_at.is_none_or(|at| t < at)
        {
            b.timer_at = Some(t);
            self.queue.schedule(t, Kind::BatchTimer, s as u32, 0);
        }
    }

    /// A load timeout: a partial load may start now.
    #[cold]
    #[inline(never)]
    pub(super) fn batch_timer(&mut self, s: StationId) {
        let b = self.stations[s].batch.as_mut().expect("a batch station");
        if b.timer_at == Some(self.now) {
            b.timer_at = None;
        }
        self.try_load(s);
    }

    /// Parts on a server: its whole load at a batch station.
    pub(super) fn on_server(&self, sv: usize) -> usize {
        if self.servers[sv].part == NO_PART {
            0
        } else if self.loads.is_empty() {
            1
        } else {
            self.loads[sv].len().max(1)
        }
    }
}

/// Waiters that are containers lie between [`BOX_BASE`] and the feeders.
pub(super) fn is_box(holder: u32) -> bool {
    (BOX_BASE..super::transport::VEHICLE_BASE).contains(&holder)
}
