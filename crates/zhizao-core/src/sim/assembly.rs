//! Assembly from components, and the feeders that make them.
//!
//! An assembly station has a bill of materials: for each component product,
//! how many go into one assembly and how many places its component buffer
//! has. A component's route ends at the assembly station: arriving there, it
//! goes into its component buffer (or, when that is full, its holder waits
//! for room there, like any blocked part). A main part that reaches a server
//! of the station waits (starved, for components) until one full set is in
//! the buffers; the set is taken, the components leave the line as
//! consumed, and the main part is processed and continues on its route.
//! Parts sent back for rework to an earlier step keep their components.
//!
//! A feeder product is released on its own whenever its first station has
//! room, like a saturated source of its own: a feeder line, or stock taken
//! to a kitting step. It is blocked, like the source, when there is none.
//! A feeder whose route is the assembly station alone is taken from stock
//! there: always available, counted (`from_stock`), never a part in the line.
//!
//! Line counts: released parts include components; a consumed component is
//! neither good nor scrapped output, so released = finished + scrapped +
//! consumed + in process. WIP and the mean flow time of all departures
//! include components; lead time is that of good finished products.

use std::collections::VecDeque;

use super::server::Phase;
use super::{SOURCE, Simulation, Waiter};
use crate::model::{Component, StationId};

/// Holder ids from here up to (not including) [`SOURCE`] are feeders.
pub(super) const FEEDER_BASE: u32 = 0xC000_0000;

/// An assembly station's run-time state.
#[derive(Debug)]
pub(super) struct AssemblyRt {
    pub bom: Vec<Component>,
    /// The BOM line of each product, if it is a component here.
    pub line_of: Vec<Option<usize>>,
    /// Components waiting in each component buffer.
    pub stock: Vec<VecDeque<u32>>,
    /// Holders waiting for room in each component buffer.
    pub waiters: Vec<VecDeque<Waiter>>,
    /// Servers whose main part waits for a full set, first come first served.
    pub waiting: VecDeque<u32>,
}

impl AssemblyRt {
    pub fn new(bom: &[Component], products: usize) -> AssemblyRt {
        let mut line_of = vec![None; products];
        for (k, c) in bom.iter().enumerate() {
            line_of[c.product] = Some(k);
        }
        AssemblyRt {
            bom: bom.to_vec(),
            line_of,
            // Room grows with use: a large buffer reserves no memory up front.
            stock: bom
                .iter()
                .map(|c| VecDeque::with_capacity((c.buffer as usize).min(1024)))
                .collect(),
            waiters: bom.iter().map(|_| VecDeque::new()).collect(),
            waiting: VecDeque::new(),
        }
    }

    /// BOM line `k` goes into a main part of `product`.
    fn used_in(&self, k: usize, product: u32) -> bool {
        self.bom[k].into.is_none_or(|p| p as u32 == product)
    }

    /// The BOM lines that go into a main part of `product`.
    fn lines_for(&self, product: u32) -> impl Iterator<Item = usize> + '_ {
        (0..self.bom.len()).filter(move |&k| self.used_in(k, product))
    }

    /// A full set for a main part of `product` is in the buffers (what
    /// comes from stock always is).
    fn full_set(&self, product: u32) -> bool {
        self.lines_for(product)
            .all(|k| self.bom[k].stock || self.stock[k].len() >= self.bom[k].count as usize)
    }
}

/// A feeder's run-time state.
#[derive(Debug)]
pub(super) struct FeederRt {
    pub product: u32,
    pub blocked: bool,
    pub stamp: u32,
}

/// Waiters that are feeders lie between [`FEEDER_BASE`] and [`SOURCE`].
pub(super) fn is_feeder(holder: u32) -> bool {
    (FEEDER_BASE..SOURCE).contains(&holder)
}

impl Simulation {
    /// The BOM line that product `product` fills at station `t`, if any.
    fn component_line(&self, t: StationId, product: usize) -> Option<usize> {
        self.stations[t].assembly.as_ref().and_then(|a| a.line_of[product])
    }

    /// Room for a part of `product` at an assembly station: in its
    /// component buffer for a component, as usual for a main part.
    #[cold]
    #[inline(never)]
    pub(super) fn assembly_room(&self, t: StationId, product: usize) -> bool {
        match self.component_line(t, product) {
            Some(k) => {
                let a = self.assembly(t);
                a.stock[k].len() < a.bom[k].buffer as usize
            }
            None => self.can_accept(t),
        }
    }

    /// Puts a component that arrived into its component buffer; false for
    /// a main part (which enters as usual).
    #[cold]
    #[inline(never)]
    pub(super) fn enter_component(&mut self, t: StationId, part: u32, step: usize) -> bool {
        let product = self.parts[part as usize].product as usize;
        let Some(k) = self.component_line(t, product) else {
            return false;
        };
        let p = &mut self.parts[part as usize];
        p.step = step as u32;
        p.arrived = self.now;
        self.assembly_mut(t).stock[k].push_back(part);
        self.kit_waiting(t);
        true
    }

    /// A holder waits for room at station `t` for a part of `product`:
    /// in the component buffer's list for a component, else the station's.
    #[inline]
    pub(super) fn wait_at(&mut self, t: StationId, product: usize, waiter: Waiter) {
        if self.assembles && self.stations[t].assembly.is_some() && self.wait_for_component_room(t, product, waiter) {
            return;
        }
        self.stations[t].waiters.push_back(waiter);
    }

    #[cold]
    #[inline(never)]
    fn wait_for_component_room(&mut self, t: StationId, product: usize, waiter: Waiter) -> bool {
        let Some(k) = self.component_line(t, product) else {
            return false;
        };
        self.assembly_mut(t).waiters[k].push_back(waiter);
        true
    }

    /// Before a main part is processed at an assembly station: take a full
    /// set, or wait for one. True when the server must wait.
    #[cold]
    #[inline(never)]
    pub(super) fn await_kit(&mut self, sv: usize) -> bool {
        let part = self.servers[sv].part as usize;
        let step = self.parts[part].step;
        // Already assembled here (a part back for rework keeps its set).
        if self.parts[part].kit_step == step + 1 {
            return false;
        }
        let s = self.servers[sv].station as usize;
        let product = self.parts[part].product;
        let a = self.assembly(s);
        // First come, first served among parts that need the same set.
        let queued = a
            .waiting
            .iter()
            .any(|&w| self.parts[self.servers[w as usize].part as usize].product == product);
        if !queued && a.full_set(product) {
            self.take_set(s, part);
            return false;
        }
        self.servers[sv].phase = Phase::WaitParts;
        self.assembly_mut(s).waiting.push_back(sv as u32);
        self.touch(sv);
        true
    }

    /// The run-time state of assembly station `s`.
    #[inline]
    fn assembly(&self, s: StationId) -> &AssemblyRt {
        self.stations[s].assembly.as_ref().expect("an assembly station")
    }

    #[inline]
    fn assembly_mut(&mut self, s: StationId) -> &mut AssemblyRt {
        self.stations[s].assembly.as_mut().expect("an assembly station")
    }

    /// Takes one set of components for the main part `part`: they leave
    /// the line as consumed, and the holders waiting for room move up.
    fn take_set(&mut self, s: StationId, part: usize) {
        self.parts[part].kit_step = self.parts[part].step + 1;
        let product = self.parts[part].product;
        let lines = self.assembly(s).bom.len();
        // BOM line by line, each buffer first come first consumed.
        for k in 0..lines {
            let a = self.assembly_mut(s);
            if !a.used_in(k, product) {
                continue;
            }
            let n = a.bom[k].count;
            if a.bom[k].stock {
                self.stats.from_stock += u64::from(n);
                continue;
            }
            for _ in 0..n {
                let a = self.assembly_mut(s);
                let component = a.stock[k].pop_front().expect("a full set was checked");
                self.consume(component as usize);
            }
        }
        for k in 0..lines {
            if self.assembly(s).used_in(k, product) {
                self.wake_component_waiters(s, k);
            }
        }
    }

    /// Servers waiting for components take full sets, in the order they
    /// came, each as soon as the set for its product is complete.
    fn kit_waiting(&mut self, s: StationId) {
        loop {
            let a = self.assembly(s);
            let ready = a.waiting.iter().position(|&w| {
                let product = self.parts[self.servers[w as usize].part as usize].product;
                a.full_set(product)
            });
            let Some(i) = ready else {
                return;
            };
            let a = self.assembly_mut(s);
            let sv = a.waiting.remove(i).expect("a waiting server") as usize;
            let part = self.servers[sv].part as usize;
            self.take_set(s, part);
            // The set is there: the cycle goes on (operator, setup, process).
            self.start_cycle(sv);
        }
    }

    /// Lets holders waiting for room in component buffer `k` of `s` move.
    fn wake_component_waiters(&mut self, s: StationId, k: usize) {
        loop {
            let a = self.assembly_mut(s);
            if a.stock[k].len() >= a.bom[k].buffer as usize {
                return;
            }
            let Some(w) = a.waiters[k].pop_front() else {
                return;
            };
            self.wake_holder(w);
        }
    }

    /// A component leaves the line, joined to a main part.
    fn consume(&mut self, part: usize) {
        let flow = (self.now - self.parts[part].release) as u128;
        self.change_wip(-1);
        let st = &mut self.stats;
        st.departures += 1;
        st.flow_all += flow;
        st.consumed += 1;
        self.free_parts.push(part as u32);
    }

    /// Releases a feeder's product while its first station has room.
    pub(super) fn release_feeder(&mut self, f: usize) {
        let product = self.feeders[f].product as usize;
        self.feeders[f].blocked = false;
        loop {
            match self.choose(product, 0) {
                Some(t) => {
                    let part = self.new_part(product as u32);
                    self.enter(t, part, 0);
                }
                None => {
                    let feeder = &mut self.feeders[f];
                    feeder.blocked = true;
                    feeder.stamp = feeder.stamp.wrapping_add(1);
                    let waiter = Waiter {
                        holder: FEEDER_BASE + f as u32,
                        stamp: feeder.stamp,
                    };
                    for i in 0..self.line.products[product].route[0].stations.len() {
                        let t = self.line.products[product].route[0].stations[i];
                        self.wait_at(t, product, waiter);
                    }
                    return;
                }
            }
        }
    }

    /// A feeder that was waiting for room may release again.
    #[cold]
    #[inline(never)]
    pub(super) fn feeder_woken(&mut self, w: Waiter) {
        let f = (w.holder - FEEDER_BASE) as usize;
        if self.feeders[f].blocked && self.feeders[f].stamp == w.stamp {
            self.release_feeder(f);
        }
    }
}
