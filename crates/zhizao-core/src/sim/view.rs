//! Read-only views of a running simulation, for front ends.
//!
//! A front end copies these into its own entities each frame; it never holds
//! references into the simulation or changes it.

use super::server::NO_PART;
use super::{Simulation, State};
use crate::model::ProductId;
use crate::time::Tick;

/// One server as it is now.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ServerView {
    pub state: State,
    /// Product type of the part on the server, if any.
    pub product: Option<ProductId>,
    /// Parts on the server: 0, 1, or a batch station's load.
    pub parts: usize,
}

/// One station as it is now.
#[derive(Clone, Debug, PartialEq)]
pub struct StationView {
    /// Parts in the buffer in front of the station.
    pub queue: usize,
    /// Waiting places; `None` = unlimited.
    pub capacity: Option<u32>,
    pub servers: Vec<ServerView>,
    /// Finished parts in containers waiting to fill or to move (transfer
    /// stations), all products together.
    pub outbound: usize,
    /// Parts per container (1 = parts move one at a time).
    pub container: usize,
    /// An assembly station's component buffers: (parts in it, places), in
    /// bill-of-materials order; empty at other stations.
    pub components: Vec<(usize, u32)>,
    /// Loads (batch station) or containers (transfer station) that have
    /// moved on since the run started; 0 at other stations.
    pub groups_moved: u64,
    /// Operations completed since statistics started.
    pub completions: u64,
}

/// One vehicle as it is now.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VehicleView {
    pub fleet: usize,
    pub trip: super::Trip,
    /// Driving from station `from` to station `to` (equal when standing).
    pub from: usize,
    pub to: usize,
    /// Share of the current drive done, 0 to 1 (1 when standing at `to`).
    pub progress: f32,
    /// It carries a part.
    pub loaded: bool,
}

/// Line counters as they are now (since statistics started).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Counters {
    pub now: Tick,
    pub released: u64,
    pub good: u64,
    pub scrapped: u64,
    pub wip: u64,
    /// Orders waiting to enter the line.
    pub backlog: usize,
}

impl Simulation {
    /// Every station's current contents and server states, in station order.
    pub fn station_views(&self) -> Vec<StationView> {
        self.stations
            .iter()
            .enumerate()
            .map(|(s, rt)| StationView {
                queue: rt.queue.len(),
                capacity: self.line.stations[s].capacity,
                outbound: rt
                    .transfer
                    .as_ref()
                    .map_or(0, |t| t.boxes.iter().map(|b| b.parts.len()).sum()),
                container: rt.transfer.as_ref().map_or(1, |t| t.size),
                components: rt.assembly.as_ref().map_or_else(Vec::new, |a| {
                    // What comes from stock is always full.
                    a.stock
                        .iter()
                        .zip(&a.bom)
                        .map(|(s, c)| (if c.stock { c.buffer as usize } else { s.len() }, c.buffer))
                        .collect()
                }),
                groups_moved: rt.loads_done + rt.transfer.as_ref().map_or(0, |t| t.moved),
                completions: rt.completions,
                servers: (rt.first_server..rt.first_server + rt.servers)
                    .map(|sv| {
                        let server = &self.servers[sv];
                        ServerView {
                            state: server.state,
                            product: (server.part != NO_PART)
                                .then(|| self.parts[server.part as usize].product as usize),
                            parts: self.on_server(sv),
                        }
                    })
                    .collect(),
            })
            .collect()
    }

    /// Every vehicle's place and trip, in fleet order.
    pub fn vehicle_views(&self) -> Vec<VehicleView> {
        self.vehicles
            .iter()
            .map(|v| {
                let driving = matches!(v.trip, super::Trip::ToPickup | super::Trip::Carrying);
                let progress = if driving && v.end > v.start {
                    (self.now.saturating_sub(v.start) as f64 / (v.end - v.start) as f64).min(1.0) as f32
                } else {
                    1.0
                };
                VehicleView {
                    fleet: v.fleet as usize,
                    trip: v.trip,
                    from: if driving { v.from as usize } else { v.at as usize },
                    to: v.at as usize,
                    progress,
                    loaded: !v.load.is_empty(),
                }
            })
            .collect()
    }

    /// The line's counters now.
    pub fn counters(&self) -> Counters {
        Counters {
            now: self.now,
            released: self.stats.released,
            good: self.stats.good,
            scrapped: self.stats.scrapped,
            wip: self.stats.wip,
            backlog: if matches!(self.line.source, crate::model::Source::Saturated) {
                0
            } else {
                self.source.pending.len()
            },
        }
    }
}
