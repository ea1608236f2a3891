//! The discrete-event simulation of one replication of one line.
//!
//! [`Simulation`] owns all run-time state in vectors indexed by dense ids
//! (servers, stations, parts, pools, calendars). Events come from a single
//! [`queue::EventQueue`] ordered by (time, priority, insertion order). A front
//! end drives it with [`Simulation::step`] or [`Simulation::run_until`]
//! (the live view's wall-clock budget per frame is [`crate::live::Live::frame`])
//! and draws from the read-only views in [`view`]; it never owns simulation state.
//!
//! Concepts live in their own files: servers and their phases (`server.rs`),
//! part flow, blocking and sources (`flow.rs`), operators, crews and shift
//! calendars (`operators.rs`), failures (`failure.rs`), deadlock detection
//! (`deadlock.rs`), and statistics (`results.rs`).

mod assembly;
mod batch;
mod bottleneck;
pub use bottleneck::largest_share;
mod deadlock;
mod energy;
mod failure;
mod flow;
mod operators;
mod orders;
pub(crate) mod queue;
pub mod recursion;
pub use queue::hold;
mod results;
mod series;
mod server;
mod transport;
pub use transport::Trip;

pub mod view;

use std::collections::VecDeque;
use std::sync::Arc;

use rand::RngExt;

use crate::model::{AfterRepair, CalendarId, FailureMode, Line, PoolId, RepairPolicy, Source, StationKind};
use crate::rng::{StreamRng, stream};
use crate::settings::Settings;
use crate::time::Tick;
use queue::{EventQueue, Kind};
pub use results::Replication;
use series::Series;
use server::Server;
// The states are named in the KPI catalogue too, which the simulation fills,
// so their table sits below both (`crate::state`).
pub use crate::state::{STATES, State, StateInfo};

/// Why a replication could not finish.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SimError {
    #[error(
        "deadlock at {time_hours:.2} h: stations {stations:?} are full and each waits for room at another; give one of them a larger or unlimited buffer"
    )]
    Deadlock { time_hours: f64, stations: Vec<String> },
    #[error(
        "no progress at {time_hours:.2} h: {events} events without the clock moving, at {stations:?}; their times (or the times between orders) are 0 or round to 0 ms, as times are kept in whole milliseconds: give them a time of 1 ms or more"
    )]
    NoProgress {
        time_hours: f64,
        events: u64,
        stations: Vec<String>,
    },
    #[error(
        "the line cannot keep up: at {time_hours:.1} h, {parts} parts are waiting, most of them {place}; work comes in faster than the line finishes it, so this grows until memory runs out. Give the source fewer orders (a longer interarrival) or the line more capacity there, or let orders be lost when the line is full (when_full: Lose)"
    )]
    Unstable { time_hours: f64, parts: u64, place: String },
}

/// Events at one instant after which a run is taken to be stuck: far more
/// than any real line has at one moment (a million parts released at once
/// take a few million), small enough to say so within seconds.
pub const STUCK_EVENTS: u64 = 10_000_000;

/// Events a run processes between looks at its progress (and, in an
/// experiment, at Ctrl-C): about 10-50 ms of work.
pub const CHUNK_EVENTS: u64 = 250_000;

/// A part in the line.
#[derive(Clone, Copy, Debug)]
struct Part {
    product: u32,
    /// Route step the part is at (or was last processed at).
    step: u32,
    /// Route step it goes to next, decided when its operation finishes.
    next: u32,
    /// Sent back for rework at least once (not right first time).
    reworked: bool,
    /// When it entered the line.
    release: Tick,
    /// When it arrived at the station it is at (for the buffer's mean contents).
    arrived: Tick,
    /// Route step + 1 at which it was joined with its components (0 = none).
    kit_step: u32,
    /// The order-book order it belongs to (`orders::NO_ORDER` = none).
    order: u32,
}

/// Someone waiting for room at a station: a blocked server or the source.
#[derive(Clone, Copy, Debug)]
struct Waiter {
    holder: u32,
    stamp: u32,
}

/// A step with a choice of stations, in [`Simulation::single`].
const NO_STATION: u32 = u32::MAX;

/// Set in a [`Simulation::single`] entry whose station assembles: the part
/// goes to a component buffer there, and its room is looked up otherwise.
const ASSEMBLES: u32 = 1 << 31;

/// Per-station run-time state, with the static facts the event path needs
/// copied from the line so it need not reach into the full [`Line`].
/// Laid out in this order (`repr(C)`): what every part that passes touches
/// first, in the fewest cache lines, for lines of many stations.
#[derive(Debug)]
#[repr(C)]
struct StationRt {
    queue: VecDeque<u32>,
    /// Empty servers, the next to take a part last.
    idle: Vec<u32>,
    /// Waiting places (`usize::MAX` = unlimited).
    capacity: usize,
    first_server: usize,
    servers: usize,
    /// Servers in an active state (see [`State::is_active`]).
    active: usize,
    /// The calendar of the station's working time: its own for machines and
    /// robots, its operators' for a manual station. Off = `off_shift`.
    work_calendar: Option<CalendarId>,
    /// Weekly maintenance windows: on = the station is maintained.
    windows: Option<CalendarId>,
    completions: u64,
    /// Sum of ideal cycle times of completed operations, seconds.
    ideal_secs: f64,
    /// Time the parts that have left the buffer waited in it since the
    /// statistics started; with the waits of those still there, the
    /// integral of the buffer's contents (exact).
    queue_wait: Tick,
    waiters: VecDeque<Waiter>,
    batch: Option<Box<batch::BatchRt>>,
    assembly: Option<Box<assembly::AssemblyRt>>,
    /// Ramp-up after installation (a line run from its installation only).
    ramp: Option<Box<RampRt>>,
    /// The fleet that carries finished parts on.
    transport: Option<u32>,
    kind: StationKind,
    /// Nothing comes between taking a part and processing it: a robot or a
    /// machine without operators, setups, tending tasks, calendars, planned
    /// maintenance, loads, assembly or ramp-up. Its servers go straight to
    /// processing, which is where the general path ends for it too.
    plain: bool,
    /// A batch or transfer station: finished parts move on by [`batch`].
    grouped: bool,
    /// Scrap or rework possible: a quality draw is needed.
    checks_quality: bool,
    operation_dependent: bool,
    /// It has periodic tending tasks.
    has_tasks: bool,
    /// The interrupted phase restarts after a repair.
    restart: bool,
    /// Repairs run off shift too (`RepairPolicy::AroundTheClock`).
    repair_around: bool,
    /// A setup needs an operator of `pool`.
    setup_needs_op: bool,
    has_setup: bool,
    has_load: bool,
    has_unload: bool,
    /// The changeover depends on the product before (a from-to table).
    changeovers: bool,
    /// The pool its operators come from: its own, or its tending pool.
    pool: Option<PoolId>,
    calendar: Option<CalendarId>,
    /// Processing time between planned stops (`Tick::MAX` = none).
    pm_every: Tick,
    transfer: Option<Box<batch::TransferRt>>,
    /// Cycles (loads) completed; equal to `completions` except at a batch station.
    cycles: u64,
    /// Loads completed since the start, never reset (for front ends).
    loads_done: u64,
    scrapped: u64,
    reworked: u64,
    /// Breakdowns since the statistics started.
    failures: u64,
    /// Servers starved now (kept only for order-driven lines).
    starved: u32,
    /// Line short-of-work time at the last change of `starved`.
    short_mark: Tick,
    /// Integral of starved servers while the line was short of work
    /// [tick x servers], up to `short_mark`.
    no_orders_area: u128,
}

/// A station's ramp-up progress.
#[derive(Debug)]
struct RampRt {
    /// Parts started since the installation.
    started: u64,
    /// Early-life failures and their repairs.
    rng: StreamRng,
}

/// Per-pool run-time state.
#[derive(Debug)]
struct PoolRt {
    available: u32,
    /// The pool's head count and whether it is cross-trained for other
    /// pools, copied from the line: read at every hand-back, they sit
    /// beside the count they go with.
    headcount: u32,
    helps_others: bool,
    on: bool,
    /// Servers waiting for a member, first come first served.
    waiting: VecDeque<u32>,
    /// Pools cross-trained for this one (whose free members may take its
    /// waiting tasks), in pool order.
    helpers: Vec<PoolId>,
    /// Integral of members held while on shift [tick x persons].
    busy_area: u128,
    /// On-shift time since the statistics started.
    on_time: Tick,
    last: Tick,
}

#[derive(Debug)]
struct CalendarRt {
    on: bool,
    on_time: Tick,
    last: Tick,
}

/// The parts source.
#[derive(Debug, Default)]
struct SourceRt {
    /// Products waiting to enter the line (always one for a saturated source).
    pending: VecDeque<u32>,
    blocked: bool,
    stamp: u32,
}

#[derive(Debug)]
struct StationRngs {
    process: StreamRng,
    setup: StreamRng,
    handling: StreamRng,
    failure: StreamRng,
    repair: StreamRng,
    quality: StreamRng,
}

/// Line counters since the statistics started.
#[derive(Clone, Debug, Default)]
struct LineStats {
    released: u64,
    good: u64,
    /// Good parts never sent back for rework.
    good_first_time: u64,
    scrapped: u64,
    /// Components joined to main parts at assembly stations.
    consumed: u64,
    /// Components taken from stock at assembly stations.
    from_stock: u64,
    arrivals: u64,
    lost: u64,
    flow_good: u128,
    flow_all: u128,
    departures: u64,
    wip: u64,
    wip_area: u128,
    wip_last: Tick,
}

#[derive(Clone, Debug, PartialEq)]
enum Status {
    Running,
    Finished,
    Failed(SimError),
}

/// One replication of one line.
pub struct Simulation {
    line: Arc<Line>,
    /// Which replication this is (the substream of every random stream).
    replication: u32,
    now: Tick,
    end: Tick,
    measure_start: Tick,
    queue: EventQueue,
    servers: Vec<Server>,
    stations: Vec<StationRt>,
    pools: Vec<PoolRt>,
    calendars: Vec<CalendarRt>,
    parts: Vec<Part>,
    free_parts: Vec<u32>,
    source: SourceRt,
    /// Feeder products' own releases.
    feeders: Vec<assembly::FeederRt>,
    fleets: Vec<transport::FleetRt>,
    vehicles: Vec<transport::VehicleRt>,
    rngs: Vec<StationRngs>,
    arrivals_rng: StreamRng,
    mix_rng: StreamRng,
    lot_product: u32,
    lot_left: u32,
    /// Position in the line's fixed release sequence.
    seq_pos: usize,
    /// The parts of each server's load (batch stations only; empty in a
    /// line without them).
    loads: Vec<VecDeque<u32>>,
    stats: LineStats,
    wip_at_start: u64,
    series: Series,
    status: Status,
    events: u64,
    /// When the clock last moved, and the event count then (the stuck guard).
    progress: (Tick, u64),
    /// Scratch marks for deadlock detection, one per station.
    marks: Vec<u8>,
    /// Stations marked during the current deadlock check.
    visited: Vec<u32>,
    /// Processing-time draws (station, ticks), when recording is on.
    draw_log: Option<Vec<(u32, Tick)>>,
    bottlenecks: bottleneck::Bottlenecks,
    work: WorkShortage,
    /// Some station assembles from components (else none of that is checked).
    assembles: bool,
    /// For each product, each step's one station (marked [`ASSEMBLES`]
    /// where it assembles), or [`NO_STATION`] where the step has a choice:
    /// a few bytes a step that stay in the cache on long routes, where the
    /// steps' own lists are scattered.
    single: Box<[Box<[u32]>]>,
    /// Each station's processing time of each product, at `station *
    /// products + product`: side by side, where the stations' own lists
    /// are scattered.
    process: Box<[crate::dist::Dist]>,
    /// Each station's ideal cycle per part of each product, seconds (for
    /// OEE performance; a batch station's ideal load cycle over its load
    /// size), laid out as `process`.
    ideal: Box<[f64]>,
    /// Products of the line: the stride of `process` and `ideal`.
    products: usize,
    /// Energy bookkeeping, when some station draws power.
    energy: Option<Box<energy::EnergyRt>>,
    /// The order book's progress, when the line has one.
    book: Option<Box<orders::BookRt>>,
    /// The finished-goods stock of a make-to-stock line.
    finished: Option<Box<orders::StockRt>>,
}

/// Whether an order-driven line is short of work: no order waits to be
/// released and no part waits in any buffer, so every starved server is
/// starved for want of orders (ISO 22400's "no order", a loss outside OEE).
/// Its time integral lets each station split its starved time in O(1).
#[derive(Debug, Default)]
struct WorkShortage {
    /// The line has an order source (otherwise nothing here is kept).
    tracked: bool,
    short: bool,
    /// Parts waiting in station buffers, all stations together.
    queued: usize,
    /// Short time up to `since`.
    acc: Tick,
    /// Short time while the plant calendar was on, since the statistics started.
    planned_acc: Tick,
    since: Tick,
}

/// Holder id of the source in waiter lists (servers use their index).
const SOURCE: u32 = u32::MAX;

impl Simulation {
    /// Sets up replication `replication` (0-based) of `line`: the line starts
    /// empty at Monday 00:00 of week 1.
    pub fn new(line: Arc<Line>, config: &Settings, replication: u64) -> Simulation {
        let mut sim = Simulation::build(line, config, replication);
        sim.start(config.warmup);
        sim
    }

    /// The line's run-time state at time 0, before anything has started
    /// (no part released, no time to failure drawn, no event scheduled).
    fn build(line: Arc<Line>, config: &Settings, replication: u64) -> Simulation {
        let seed = config.seed;
        let mut servers = Vec::new();
        let mut stations = Vec::new();
        let mut rngs = Vec::new();
        for (s, st) in line.stations.iter().enumerate() {
            stations.push(StationRt {
                kind: st.kind,
                pool: st.pool.or(st.tending.as_ref().map(|t| t.pool)),
                setup_needs_op: match (&st.tending, st.kind) {
                    (Some(t), _) => t.setups,
                    (None, StationKind::Robot) => false,
                    (None, _) => st.pool.is_some(),
                },
                has_tasks: st.tending.as_ref().is_some_and(|t| !t.tasks.is_empty()),
                calendar: st.calendar,
                windows: st.maintenance.as_ref().and_then(|m| m.windows),
                pm_every: st.maintenance.as_ref().and_then(|m| m.every).unwrap_or(Tick::MAX),
                work_calendar: match st.kind {
                    StationKind::Manual => st.pool.and_then(|p| line.pools[p].calendar),
                    _ => st.calendar,
                },
                repair_around: st
                    .failures
                    .as_ref()
                    .is_some_and(|f| f.repairs == RepairPolicy::AroundTheClock),
                restart: st
                    .failures
                    .as_ref()
                    .is_some_and(|f| f.after_repair == AfterRepair::Restart),
                capacity: st.capacity.map_or(usize::MAX, |c| c as usize),
                operation_dependent: st
                    .failures
                    .as_ref()
                    .is_some_and(|f| f.mode == FailureMode::OperationDependent),
                has_setup: st.setup.is_some() || !st.changeovers.is_empty(),
                changeovers: !st.changeovers.is_empty(),
                grouped: st.batch.is_some() || st.transfer > 1 || st.transport.is_some(),
                plain: false,
                transport: st.transport.map(|f| f as u32),
                batch: st.batch.as_ref().map(|rule| {
                    Box::new(batch::BatchRt {
                        rule: rule.clone(),
                        idle: (servers.len() as u32..servers.len() as u32 + st.servers)
                            .rev()
                            .collect(),
                        timer_at: None,
                    })
                }),
                assembly: (!st.assembly.is_empty())
                    .then(|| Box::new(assembly::AssemblyRt::new(&st.assembly, line.products.len()))),
                ramp: (line.installing && st.ramp_up.is_some()).then(|| {
                    Box::new(RampRt {
                        started: 0,
                        rng: stream(seed, &format!("station:{}:early", st.name), replication),
                    })
                }),
                transfer: (st.transfer > 1).then(|| {
                    Box::new(batch::TransferRt {
                        size: st.transfer as usize,
                        moved: 0,
                        boxes: (0..line.products.len()).map(|_| batch::Container::default()).collect(),
                    })
                }),
                has_load: st.load.is_some(),
                has_unload: st.unload.is_some(),
                checks_quality: st.scrap > 0.0 || st.rework.is_some(),
                first_server: servers.len(),
                servers: st.servers as usize,
                active: 0,
                queue: VecDeque::with_capacity(st.capacity.unwrap_or(16).min(1024) as usize),
                // A batch station's empty servers wait for a load instead.
                idle: if st.batch.is_some() {
                    Vec::new()
                } else {
                    (servers.len() as u32..servers.len() as u32 + st.servers)
                        .rev()
                        .collect()
                },
                waiters: VecDeque::new(),
                completions: 0,
                cycles: 0,
                loads_done: 0,
                scrapped: 0,
                reworked: 0,
                ideal_secs: 0.0,
                failures: 0,
                queue_wait: 0,
                // Every server starts empty, as `Server::new` says.
                starved: st.servers,
                short_mark: 0,
                no_orders_area: 0,
            });
            let rt = stations.last_mut().expect("just pushed");
            rt.plain = matches!(rt.kind, StationKind::Robot | StationKind::Machine)
                && rt.pool.is_none()
                && !rt.setup_needs_op
                && !rt.has_tasks
                && !rt.has_setup
                && !rt.has_load
                && !rt.has_unload
                && rt.calendar.is_none()
                && rt.windows.is_none()
                && rt.pm_every == Tick::MAX
                // Batches, transfer racks and transport.
                && !rt.grouped
                && rt.assembly.is_none()
                && rt.ramp.is_none();
            for _ in 0..st.servers {
                servers.push(Server::new(s as u32));
            }
            let key = |purpose: &str| stream(seed, &format!("station:{}:{purpose}", st.name), replication);
            rngs.push(StationRngs {
                process: key("process"),
                setup: key("setup"),
                handling: key("handling"),
                failure: key("failure"),
                repair: key("repair"),
                quality: key("quality"),
            });
        }
        let calendars = line
            .calendars
            .iter()
            .map(|c| CalendarRt {
                on: c.is_on(0),
                on_time: 0,
                last: 0,
            })
            .collect::<Vec<_>>();
        let pools = line
            .pools
            .iter()
            .enumerate()
            .map(|(i, p)| PoolRt {
                available: p.headcount,
                headcount: p.headcount,
                helps_others: !p.also_for.is_empty(),
                on: p.calendar.is_none_or(|c| calendars[c].on),
                waiting: VecDeque::new(),
                helpers: (0..line.pools.len())
                    .filter(|&h| line.pools[h].also_for.contains(&i))
                    .collect(),
                busy_area: 0,
                on_time: 0,
                last: 0,
            })
            .collect();
        let n_stations = line.stations.len();
        let loads = if line.stations.iter().any(|s| s.batch.is_some()) {
            vec![VecDeque::new(); servers.len()]
        } else {
            Vec::new()
        };
        Simulation {
            now: 0,
            end: config.warmup + config.run,
            measure_start: 0,
            queue: EventQueue::with_capacity(servers.len() * 2 + 16),
            servers,
            stations,
            pools,
            calendars,
            parts: Vec::with_capacity(256),
            free_parts: Vec::with_capacity(256),
            source: SourceRt::default(),
            feeders: line
                .products
                .iter()
                .enumerate()
                .filter(|&(i, p)| p.feeder && !line.from_stock(i))
                .map(|(i, _)| assembly::FeederRt {
                    product: i as u32,
                    blocked: false,
                    stamp: 0,
                })
                .collect(),
            fleets: line
                .fleets
                .iter()
                .map(|fleet| transport::FleetRt {
                    calls: VecDeque::new(),
                    idle: Vec::new(),
                    rng: stream(seed, &format!("fleet:{}:handling", fleet.name), replication),
                    moves: 0,
                    transport: 0,
                    busy: 0,
                })
                .collect(),
            vehicles: {
                // Each vehicle starts at the first station that calls its fleet.
                let mut vehicles = Vec::new();
                for (f, fleet) in line.fleets.iter().enumerate() {
                    let home = line.stations.iter().position(|s| s.transport == Some(f)).unwrap_or(0);
                    for _ in 0..fleet.count {
                        vehicles.push(transport::VehicleRt::new(f as u32, home as u32));
                    }
                }
                vehicles
            },
            rngs,
            replication: replication as u32,
            arrivals_rng: stream(seed, "source:arrivals", replication),
            mix_rng: stream(seed, "source:mix", replication),
            lot_product: 0,
            lot_left: 0,
            seq_pos: 0,
            loads,
            stats: LineStats::default(),
            wip_at_start: 0,
            series: Series::new(config.warmup + config.run, !line.calendars.is_empty()),
            status: Status::Running,
            events: 0,
            progress: (0, 0),
            marks: vec![0; n_stations],
            visited: Vec::with_capacity(n_stations),
            draw_log: None,
            bottlenecks: bottleneck::Bottlenecks::new(n_stations),
            assembles: line.stations.iter().any(|s| !s.assembly.is_empty()),
            single: line
                .products
                .iter()
                .map(|p| {
                    p.route
                        .iter()
                        .map(|step| match step.stations[..] {
                            [t] if t as u32 >= ASSEMBLES => unreachable!("more than 2^31 stations"),
                            [t] if line.stations[t].assembly.is_empty() => t as u32,
                            [t] => t as u32 | ASSEMBLES,
                            _ => NO_STATION,
                        })
                        .collect()
                })
                .collect(),
            process: line
                .stations
                .iter()
                .flat_map(|st| {
                    assert_eq!(st.process.len(), line.products.len(), "a time for each product");
                    st.process.iter().cloned()
                })
                .collect(),
            ideal: line
                .stations
                .iter()
                .flat_map(|st| {
                    assert_eq!(st.ideal.len(), line.products.len(), "an ideal cycle for each product");
                    st.ideal.iter().map(|x| x / st.parts_per_cycle() as f64)
                })
                .collect(),
            products: line.products.len(),
            energy: line
                .stations
                .iter()
                .any(|s| s.power.is_some())
                .then(|| Box::new(energy::EnergyRt::new(n_stations))),
            finished: line.finished_goods.as_ref().map(|fg| {
                Box::new(orders::StockRt::new(
                    fg.initial,
                    stream(seed, "finished_goods:demand", replication),
                ))
            }),
            book: match &line.source {
                Source::OrderBook(orders) => Some(Box::new(orders::BookRt::new(orders.len()))),
                _ => None,
            },
            work: WorkShortage {
                tracked: line.source.order_driven(),
                ..Default::default()
            },
            line,
        }
    }

    fn start(&mut self, warmup: Tick) {
        let line = Arc::clone(&self.line);
        for (c, cal) in line.calendars.iter().enumerate() {
            if let Some(t) = cal.next_change(0) {
                self.queue.schedule(t, Kind::Calendar, c as u32, 0);
            }
        }
        for sv in 0..self.servers.len() {
            self.new_failure_clock(sv);
            if self.stations[self.servers[sv].station as usize].ramp.is_some() {
                self.schedule_early_failure(sv);
                self.commission(sv);
            }
            self.touch(sv);
        }
        if self.energy.is_some() {
            self.start_energy();
        }
        if warmup > 0 {
            self.queue.schedule(warmup, Kind::WarmupEnd, 0, 0);
        }
        self.queue.schedule(self.end, Kind::Stop, 0, 0);
        match &line.source {
            Source::Saturated => {
                let p = self.draw_product();
                self.source.pending.push_back(p);
                self.release_pending();
            }
            Source::Orders { .. } => {
                let t = self.next_arrival();
                if t <= self.end {
                    self.queue.schedule(t, Kind::Arrival, 0, 0);
                }
            }
            Source::OrderBook(orders) => self.schedule_book(orders),
        }
        if self.finished.is_some() {
            self.schedule_demand();
        }
        for (v, vehicle) in self.vehicles.iter().enumerate() {
            self.fleets[vehicle.fleet as usize].idle.push(v as u32);
        }
        for f in 0..self.feeders.len() {
            self.release_feeder(f);
        }
    }

    /// Records every processing-time draw from now on (for tests of common
    /// random numbers).
    pub fn record_draws(&mut self) {
        self.draw_log = Some(Vec::new());
    }

    /// Processing-time draws recorded so far: (station index, ticks).
    pub fn draws(&self) -> &[(u32, Tick)] {
        self.draw_log.as_deref().unwrap_or(&[])
    }

    /// The line being simulated.
    pub fn line(&self) -> &Arc<Line> {
        &self.line
    }

    /// Current simulated time.
    pub fn now(&self) -> Tick {
        self.now
    }

    /// Simulated time at which the run ends (warm-up plus run length).
    pub fn end(&self) -> Tick {
        self.end
    }

    /// Time of the next pending event, if any (it may be a cancelled one).
    pub fn next_event_time(&self) -> Option<Tick> {
        self.queue.peek_time()
    }

    /// Events processed so far.
    pub fn events(&self) -> u64 {
        self.events
    }

    /// True once the stop time has been reached (or the run failed).
    pub fn is_finished(&self) -> bool {
        self.status != Status::Running
    }

    fn check(&self) -> Result<(), SimError> {
        match &self.status {
            Status::Failed(e) => Err(e.clone()),
            _ => Ok(()),
        }
    }

    /// Processes the next event. Returns `Ok(false)` when the run is over.
    pub fn step(&mut self) -> Result<bool, SimError> {
        if self.status != Status::Running {
            self.check()?;
            return Ok(false);
        }
        self.advance();
        match &self.status {
            Status::Running => Ok(true),
            Status::Finished => Ok(false),
            Status::Failed(e) => Err(e.clone()),
        }
    }

    /// Processes the next event of a running simulation; the status says
    /// how it went.
    #[inline(always)]
    fn advance(&mut self) {
        let Some(e) = self.queue.pop() else {
            self.status = Status::Finished;
            return;
        };
        self.now = e.time;
        self.events += 1;
        let sv = e.target as usize;
        match e.kind() {
            Kind::ActivityEnd if self.servers[sv].generation == e.generation => self.activity_end(sv),
            Kind::Failure if self.servers[sv].generation == e.generation => self.operation_failure(sv),
            Kind::ClockFailure if self.servers[sv].clock_gen == e.generation => self.clock_failure(sv),
            Kind::Arrival => self.arrival(e.target, e.generation),
            Kind::BatchTimer => self.batch_timer(sv),
            Kind::Vehicle => self.vehicle_event(sv, e.generation),
            Kind::Calendar => self.calendar_switch(sv),
            Kind::Tariff if self.energy.is_some() => self.tariff_change(),
            Kind::EarlyFailure => self.early_failure(sv),
            Kind::Demand => self.demand(),
            Kind::WarmupEnd => self.reset_statistics(),
            Kind::Stop => self.status = Status::Finished,
            _ => {} // cancelled
        }
        self.queue.settle();
    }

    /// Processes every event up to and including time `t` (or the end of the
    /// run), then sets the clock to `t`.
    pub fn run_until(&mut self, t: Tick) -> Result<(), SimError> {
        while !self.run_chunk(t, CHUNK_EVENTS)? {}
        Ok(())
    }

    /// Where station `s`'s entry for product `p` is in the tables laid
    /// out station by product (`process`, `ideal`).
    #[inline(always)]
    fn by_product(&self, s: usize, p: usize) -> usize {
        s * self.products + p
    }

    /// Processes events up to and including time `t` (or the end of the run),
    /// at most `max_events` of them: `Ok(true)` when `t` was reached (the
    /// clock is then set to `t`) or the run is over, `Ok(false)` when the
    /// events ran out first. A run whose clock has not moved for
    /// [`STUCK_EVENTS`] events fails with [`SimError::NoProgress`].
    pub fn run_chunk(&mut self, t: Tick, max_events: u64) -> Result<bool, SimError> {
        let t = t.min(self.end);
        let stop = self.events.saturating_add(max_events);
        while self.status == Status::Running && self.events < stop && self.queue.peek_time().is_some_and(|et| et <= t) {
            self.advance();
        }
        self.check()?;
        let reached = self.status != Status::Running || self.queue.peek_time().is_none_or(|et| et > t);
        if reached {
            if self.now < t {
                self.now = t;
            }
        } else {
            self.watch_progress();
            self.check()?;
        }
        Ok(reached)
    }

    /// Remembers when the clock last moved; fails the run when it has not
    /// for [`STUCK_EVENTS`] events, naming the stations whose events those are.
    #[cold]
    fn watch_progress(&mut self) {
        if self.now != self.progress.0 {
            self.progress = (self.now, self.events);
            return;
        }
        let events = self.events - self.progress.1;
        if events < STUCK_EVENTS {
            return;
        }
        // Look at the next events (the run is stuck anyway) to name the stations.
        let mut stations: Vec<String> = Vec::new();
        for _ in 0..10_000 {
            let Some(e) = self.queue.peek() else { break };
            let name = if e.kind().is_server_event() {
                &self.line.stations[self.servers[e.target as usize].station as usize].name
            } else if e.kind() == Kind::Arrival {
                "the order source"
            } else {
                ""
            };
            if !name.is_empty() && !stations.iter().any(|s| s == name) {
                stations.push(name.to_string());
            }
            if self.step().is_err() {
                break;
            }
        }
        // Whatever the looking-ahead steps did, the run is stuck.
        self.status = Status::Failed(SimError::NoProgress {
            time_hours: crate::time::ticks_to_hours(self.now),
            events,
            stations,
        });
    }

    /// Runs to the end and returns the replication's KPIs.
    pub fn run_to_end(&mut self) -> Result<Replication, SimError> {
        while !self.run_chunk(Tick::MAX, CHUNK_EVENTS)? {}
        self.check()?;
        Ok(self.results())
    }

    fn fail(&mut self, e: SimError) {
        if self.status == Status::Running {
            self.status = Status::Failed(e);
        }
    }

    /// The product of the next released part: drawn from the mix at the
    /// start of each production lot.
    fn draw_product(&mut self) -> u32 {
        let products = &self.line.products;
        if products.len() == 1 {
            return 0;
        }
        if self.lot_left > 0 {
            self.lot_left -= 1;
            return self.lot_product;
        }
        let sequence = &self.line.sequence;
        if !sequence.is_empty() {
            let product = sequence[self.seq_pos % sequence.len()] as u32;
            self.seq_pos += 1;
            self.lot_product = product;
            self.lot_left = self.line.lot_size - 1;
            return product;
        }
        let u: f64 = self.mix_rng.random();
        let mut acc = 0.0;
        let mut product = (products.len() - 1) as u32;
        for (i, p) in products.iter().enumerate() {
            acc += p.share;
            if u < acc {
                product = i as u32;
                break;
            }
        }
        self.lot_product = product;
        self.lot_left = self.line.lot_size - 1;
        product
    }

    /// Line short-of-work time since time 0, up to now.
    fn short_time(&self) -> Tick {
        let w = &self.work;
        w.acc + if w.short { self.now - w.since } else { 0 }
    }

    /// Brings the short-of-work integrals up to now, before a flag changes.
    fn short_flush(&mut self) {
        let plant_on = self.line.plant_calendar.is_none_or(|c| self.calendars[c].on);
        let now = self.now;
        let w = &mut self.work;
        if w.short {
            w.acc += now - w.since;
            if plant_on {
                w.planned_acc += now - w.since;
            }
        }
        w.since = now;
    }

    /// Re-evaluates whether the line is short of work (after the order
    /// backlog or a buffer changed).
    fn check_work(&mut self) {
        if !self.work.tracked {
            return;
        }
        let short = self.source.pending.is_empty() && self.work.queued == 0;
        if short != self.work.short {
            self.short_flush();
            self.work.short = short;
        }
    }

    fn operation_dependent(&self, sv: usize) -> bool {
        self.stations[self.servers[sv].station as usize].operation_dependent
    }
}
