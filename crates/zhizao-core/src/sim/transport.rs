//! Vehicles and carriers: fleets of AGVs, forklifts or people with carts
//! that carry finished parts from the stations that name them to the next
//! station of the part's route.
//!
//! A finished part at such a station stays on its server (blocked) and the
//! server calls the fleet, first come first served. The idle vehicle nearest
//! to the caller drives there empty (distance / speed), loads (the part
//! leaves the station, whose server is free again), drives to the next
//! station (the first of the step with room, else the first), unloads, and
//! hands the part over; when there is no room it waits there with the part,
//! like a blocked server. It then stays where it is until the next call.
//! Distances come from the scenario's `distances` or the stations'
//! positions. Vehicles do not follow a calendar; they only move when called.
//! A fleet with a `crew` needs one of its pool's people per trip (a cart
//! pusher, a forklift driver): no trip starts while none is free or on
//! shift, and the trip counts as that person's work.
//!
//! Measured per line: vehicle utilisation (time travelling, loading,
//! unloading or waiting to hand over, per vehicle and planned hour) and the
//! transport time of a move (from the call to the hand-over). A part sent
//! back for rework moves on its own, without a vehicle.

use std::collections::VecDeque;

use super::batch::BOX_BASE;
use super::queue::Kind;
use super::server::{NO_PART, Phase};
use super::{Simulation, Waiter};
use crate::model::StationId;
use crate::rng::StreamRng;
use crate::time::{Tick, secs_to_ticks};

/// Holder ids from here up to the feeders' are vehicles in waiter lists.
pub(super) const VEHICLE_BASE: u32 = 0xA000_0000;

/// A fleet's run-time state.
#[derive(Debug)]
pub(super) struct FleetRt {
    /// Servers waiting for a vehicle, with the time they called.
    pub calls: VecDeque<(Waiter, Tick)>,
    /// Idle vehicles (ids into `Simulation::vehicles`).
    pub idle: Vec<u32>,
    pub rng: StreamRng,
    /// Moves completed since the statistics started.
    pub moves: u64,
    /// Sum of their transport times [ticks].
    pub transport: u128,
    /// Busy time of finished trips since the statistics started [ticks].
    pub busy: u128,
}

/// What a vehicle is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trip {
    Idle,
    /// Driving empty to the station that called.
    ToPickup,
    Loading,
    /// Driving with the part to the next station.
    Carrying,
    Unloading,
    /// At the next station with the part, waiting for room there.
    WaitRoom,
}

#[derive(Debug)]
pub(super) struct VehicleRt {
    pub fleet: u32,
    pub trip: Trip,
    /// Where it is, or where it is going.
    pub at: u32,
    /// Where the current drive started.
    pub from: u32,
    /// Start and end of the current phase (for front ends).
    pub start: Tick,
    pub end: Tick,
    /// The call being served.
    pub call: Waiter,
    pub called: Tick,
    /// The parts it carries: one, or a transfer container's.
    pub load: Vec<u32>,
    /// Start of the current trip.
    pub busy_since: Tick,
    pub generation: u32,
}

impl VehicleRt {
    pub fn new(fleet: u32, at: u32) -> VehicleRt {
        VehicleRt {
            fleet,
            trip: Trip::Idle,
            at,
            from: at,
            start: 0,
            end: 0,
            call: Waiter { holder: 0, stamp: 0 },
            called: 0,
            load: Vec::new(),
            busy_since: 0,
            generation: 0,
        }
    }
}

/// Waiters that are vehicles lie between [`VEHICLE_BASE`] and the feeders.
pub(super) fn is_vehicle(holder: u32) -> bool {
    (VEHICLE_BASE..super::assembly::FEEDER_BASE).contains(&holder)
}

impl Simulation {
    /// The finished part on `sv` waits for a vehicle of its station's fleet.
    #[cold]
    #[inline(never)]
    pub(super) fn call_vehicle(&mut self, sv: usize, fleet: usize) {
        let server = &mut self.servers[sv];
        server.phase = Phase::Blocked;
        server.block_stamp = server.block_stamp.wrapping_add(1);
        let call = Waiter {
            holder: sv as u32,
            stamp: server.block_stamp,
        };
        self.fleets[fleet].calls.push_back((call, self.now));
        self.touch(sv);
        self.dispatch(fleet);
    }

    /// A full transfer container calls the fleet of its station.
    #[cold]
    #[inline(never)]
    pub(super) fn call_vehicle_for_box(&mut self, s: StationId, product: usize, fleet: usize) {
        let b = &mut self.stations[s].transfer.as_mut().expect("a transfer station").boxes[product];
        b.stamp = b.stamp.wrapping_add(1);
        let call = Waiter {
            holder: BOX_BASE + (s * self.line.products.len() + product) as u32,
            stamp: b.stamp,
        };
        self.fleets[fleet].calls.push_back((call, self.now));
        self.dispatch(fleet);
    }

    /// The container a call came from: (station, product).
    fn box_of(&self, call: Waiter) -> (StationId, usize) {
        let id = (call.holder - BOX_BASE) as usize;
        let n = self.line.products.len();
        (id / n, id % n)
    }

    /// The station that called.
    fn caller_station(&self, call: Waiter) -> StationId {
        if super::batch::is_box(call.holder) {
            self.box_of(call).0
        } else {
            self.servers[call.holder as usize].station as usize
        }
    }

    /// The call is still current: the server still holds the part it
    /// called for, or the container is still full and waiting.
    fn call_valid(&self, call: Waiter) -> bool {
        if super::batch::is_box(call.holder) {
            let (s, product) = self.box_of(call);
            let b = &self.stations[s].transfer.as_ref().expect("a transfer station").boxes[product];
            return b.full && b.stamp == call.stamp;
        }
        let s = &self.servers[call.holder as usize];
        s.phase == Phase::Blocked && s.block_stamp == call.stamp
    }

    /// Every fleet takes what calls it can (a crew came on shift).
    pub(super) fn dispatch_all(&mut self) {
        for f in 0..self.fleets.len() {
            self.dispatch(f);
        }
    }

    /// A driver is free (always, for driverless vehicles).
    fn driver_free(&self, fleet: usize) -> bool {
        self.line.fleets[fleet]
            .crew
            .is_none_or(|c| self.pools[c].on && self.pools[c].available > 0)
    }

    /// Idle vehicles take calls, the nearest vehicle first.
    fn dispatch(&mut self, fleet: usize) {
        while !self.fleets[fleet].idle.is_empty() && self.driver_free(fleet) {
            let Some((call, called)) = self.fleets[fleet].calls.pop_front() else {
                return;
            };
            if !self.call_valid(call) {
                continue;
            }
            let pickup = self.caller_station(call);
            let idle = &self.fleets[fleet].idle;
            let nearest = (0..idle.len())
                .min_by(|&a, &b| {
                    let da = self.line.distance(self.vehicles[idle[a] as usize].at as usize, pickup);
                    let db = self.line.distance(self.vehicles[idle[b] as usize].at as usize, pickup);
                    da.total_cmp(&db).then(idle[a].cmp(&idle[b]))
                })
                .expect("an idle vehicle");
            let v = self.fleets[fleet].idle.swap_remove(nearest) as usize;
            if let Some(c) = self.line.fleets[fleet].crew {
                // The driver goes with the vehicle for the whole trip.
                self.pool_touch(c);
                self.pools[c].available -= 1;
            }
            let vehicle = &mut self.vehicles[v];
            vehicle.call = call;
            vehicle.called = called;
            vehicle.busy_since = self.now;
            self.drive(v, pickup, Trip::ToPickup);
        }
    }

    /// Starts a drive of vehicle `v` to station `to`.
    fn drive(&mut self, v: usize, to: StationId, trip: Trip) {
        let speed = self.line.fleets[self.vehicles[v].fleet as usize].speed;
        let from = self.vehicles[v].at as usize;
        let secs = self.line.distance(from, to) / speed;
        let vehicle = &mut self.vehicles[v];
        vehicle.from = from as u32;
        vehicle.at = to as u32;
        self.phase(v, trip, secs_to_ticks(secs));
    }

    fn phase(&mut self, v: usize, trip: Trip, duration: Tick) {
        let now = self.now;
        let vehicle = &mut self.vehicles[v];
        vehicle.trip = trip;
        vehicle.start = now;
        vehicle.end = now + duration;
        vehicle.generation = vehicle.generation.wrapping_add(1);
        let generation = vehicle.generation;
        self.queue.schedule(now + duration, Kind::Vehicle, v as u32, generation);
    }

    /// The loading or unloading time of a vehicle of `fleet`.
    fn handling(&mut self, fleet: usize, unload: bool) -> Tick {
        let f = &self.line.fleets[fleet];
        let d = if unload { &f.unload } else { &f.load };
        d.as_ref().map_or(0, |d| d.sample_ticks(&mut self.fleets[fleet].rng))
    }

    /// A vehicle's phase has ended.
    #[cold]
    #[inline(never)]
    pub(super) fn vehicle_event(&mut self, v: usize, generation: u32) {
        if self.vehicles[v].generation != generation {
            return;
        }
        let fleet = self.vehicles[v].fleet as usize;
        match self.vehicles[v].trip {
            Trip::ToPickup => {
                // The caller may have broken down meanwhile: it calls again after the repair.
                if !self.call_valid(self.vehicles[v].call) {
                    self.vehicle_idle(v);
                    return;
                }
                let d = self.handling(fleet, false);
                self.phase(v, Trip::Loading, d);
            }
            Trip::Loading => {
                let call = self.vehicles[v].call;
                if !self.call_valid(call) {
                    self.vehicle_idle(v);
                    return;
                }
                let load = if super::batch::is_box(call.holder) {
                    let (s, product) = self.box_of(call);
                    self.take_box(s, product)
                } else {
                    vec![self.servers[call.holder as usize].part]
                };
                let p = self.parts[load[0] as usize];
                let (product, next) = (p.product as usize, p.next as usize);
                let step = &self.line.products[product].route[next];
                let to = step
                    .stations
                    .iter()
                    .copied()
                    .find(|&t| self.room_for(t, product, load.len()))
                    .unwrap_or(step.stations[0]);
                self.vehicles[v].load = load;
                if !super::batch::is_box(call.holder) {
                    // The station is free again once its part is on the vehicle.
                    let sv = call.holder as usize;
                    self.servers[sv].part = NO_PART;
                    self.after_leave(sv);
                }
                self.drive(v, to, Trip::Carrying);
            }
            Trip::Carrying => {
                let d = self.handling(fleet, true);
                self.phase(v, Trip::Unloading, d);
            }
            Trip::Unloading | Trip::WaitRoom => self.deliver(v),
            Trip::Idle => {}
        }
    }

    /// Hands the part over at the vehicle's station, or waits there for room.
    fn deliver(&mut self, v: usize) {
        let t = self.vehicles[v].at as usize;
        let first = self.vehicles[v].load[0];
        let p = self.parts[first as usize];
        let (product, next) = (p.product as usize, p.next as usize);
        if !self.room_for(t, product, self.vehicles[v].load.len()) {
            let vehicle = &mut self.vehicles[v];
            vehicle.trip = Trip::WaitRoom;
            vehicle.generation = vehicle.generation.wrapping_add(1);
            let waiter = Waiter {
                holder: VEHICLE_BASE + v as u32,
                stamp: vehicle.generation,
            };
            self.wait_at(t, product, waiter);
            return;
        }
        let fleet = self.vehicles[v].fleet as usize;
        // Like lead time: whole moves that ended in the measured time.
        let called = self.vehicles[v].called;
        let f = &mut self.fleets[fleet];
        f.moves += 1;
        f.transport += (self.now - called) as u128;
        let load = std::mem::take(&mut self.vehicles[v].load);
        self.vehicle_idle(v);
        for part in load {
            self.enter(t, part, next);
        }
    }

    /// Room at station `t` for `n` parts of `product` arriving together.
    fn room_for(&self, t: StationId, product: usize, n: usize) -> bool {
        if n == 1 {
            self.can_take(t, product)
        } else {
            self.room(t) >= n
        }
    }

    /// A vehicle waiting at station `t` (its waiter entry `w`) can hand its
    /// load over now, or its entry is out of date.
    #[cold]
    #[inline(never)]
    pub(super) fn vehicle_fits(&self, w: Waiter, t: StationId) -> bool {
        let vehicle = &self.vehicles[(w.holder - VEHICLE_BASE) as usize];
        if vehicle.trip != Trip::WaitRoom || vehicle.generation != w.stamp {
            return true;
        }
        let product = self.parts[vehicle.load[0] as usize].product as usize;
        self.room_for(t, product, vehicle.load.len())
    }

    /// A vehicle waiting with its part at a full station may hand it over.
    #[cold]
    #[inline(never)]
    pub(super) fn vehicle_woken(&mut self, w: Waiter) {
        let v = (w.holder - VEHICLE_BASE) as usize;
        let vehicle = &self.vehicles[v];
        if vehicle.trip == Trip::WaitRoom && vehicle.generation == w.stamp {
            self.deliver(v);
        }
    }

    /// The trip is over: the vehicle waits where it is for the next call.
    fn vehicle_idle(&mut self, v: usize) {
        let since = self.vehicles[v].busy_since.max(self.measure_start);
        let fleet = self.vehicles[v].fleet as usize;
        self.fleets[fleet].busy += (self.now - since) as u128;
        let vehicle = &mut self.vehicles[v];
        vehicle.trip = Trip::Idle;
        vehicle.from = vehicle.at;
        vehicle.generation = vehicle.generation.wrapping_add(1);
        self.fleets[fleet].idle.push(v as u32);
        if let Some(c) = self.line.fleets[fleet].crew {
            self.pool_touch(c);
            self.pools[c].available += 1;
        }
        self.dispatch(fleet);
    }

    /// Busy vehicle time since the statistics started, all fleets [ticks],
    /// and the moves and their summed transport times.
    pub(super) fn fleet_totals(&self) -> (f64, u64, u128) {
        let open: u128 = self
            .vehicles
            .iter()
            .filter(|v| v.trip != Trip::Idle)
            .map(|v| (self.now - v.busy_since.max(self.measure_start)) as u128)
            .sum();
        let busy: u128 = self.fleets.iter().map(|f| f.busy).sum::<u128>() + open;
        let moves = self.fleets.iter().map(|f| f.moves).sum();
        let transport = self.fleets.iter().map(|f| f.transport).sum();
        (busy as f64, moves, transport)
    }
}
