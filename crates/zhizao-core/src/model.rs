//! The checked line model the simulation runs.
//!
//! Built only by the scenario validator ([`crate::scenario`]): names are
//! resolved to dense integer ids (indices into the vectors here), every time
//! is a checked [`Dist`], every probability lies in [0, 1]. The simulation can
//! therefore trust it and never fails on user input.

use crate::calendar::Calendar;
use crate::dist::Dist;

/// Most waiting places a buffer may have: more than any line holds, few
/// enough that a full one fits in memory (a part takes a few dozen bytes).
pub const MAX_BUFFER: u32 = 1_000_000;

/// Most parts a replication may hold at once. A line that reaches it takes
/// in work faster than it can finish it (orders faster than its capacity,
/// into an unlimited backlog or buffer): the run stops and says where the
/// parts pile up, instead of growing until the machine runs out of memory.
pub const MAX_WIP: u64 = 2_000_000;

/// Index of a station in [`Line::stations`].
pub type StationId = usize;
/// Index of a product type in [`Line::products`].
pub type ProductId = usize;
/// Index of an operator pool in [`Line::pools`].
pub type PoolId = usize;
/// Index of a calendar in [`Line::calendars`].
pub type CalendarId = usize;

/// A production line ready to simulate.
#[derive(Clone, Debug)]
pub struct Line {
    /// Scenario name.
    pub name: String,
    pub stations: Vec<Station>,
    pub products: Vec<Product>,
    /// Parts released in a row of the same product (production lot size).
    pub lot_size: u32,
    pub pools: Vec<Pool>,
    pub calendars: Vec<Calendar>,
    /// The plant's working time: machines and robots that are not lights-out
    /// run only then, and it is the planned time of the line OEE. `None` = always.
    pub plant_calendar: Option<CalendarId>,
    pub source: Source,
    /// A fixed release order of products, repeated (each entry one lot of
    /// `lot_size`); empty = drawn from the mix.
    pub sequence: Vec<ProductId>,
    /// Vehicles and carriers that move parts between stations.
    pub fleets: Vec<Fleet>,
    /// Distance between stations `a` and `b` at `a * stations + b` [m]; NaN
    /// where neither a `distances` entry nor both positions give one. Empty
    /// when the line has no fleet.
    pub distances: Vec<f64>,
    /// The date of time 0, when the scenario gives one.
    pub start_date: Option<crate::time::Day>,
    /// Days the whole plant is closed.
    pub holidays: Vec<Holiday>,
    /// What electricity costs when (from the economics block); `None` when
    /// the scenario gives no price.
    pub tariff: Option<Tariff>,
    /// Finished goods of a make-to-stock line.
    pub finished_goods: Option<FinishedGoods>,
    /// Time 0 is the installation of the variant's changes: the stations'
    /// ramp-up is in effect (see [`Line::from_install`]).
    pub installing: bool,
}

/// Ramp-up of new equipment after installation.
#[derive(Clone, Debug)]
pub struct RampUp {
    /// The first part's time over the standard one (at least 1).
    pub first_unit_factor: f64,
    pub curve: Curve,
    /// Early-life failures: rate at installation [per tick], decay time
    /// constant [ticks] and repair time.
    pub early: Option<(f64, f64, Dist)>,
    /// Commissioning before the first part [ticks], booked as down.
    pub commissioning: crate::time::Tick,
}

/// How the cycle falls to the standard one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Curve {
    /// Wright: part n (from 1) takes max(1, f n^b) times the cycle, b = log2(learning rate).
    Wright { exponent: f64 },
    /// max(1, 1 + (f - 1) e^(-t/tau)) times the cycle at time t [ticks].
    Exponential { tau: f64 },
    /// No slower cycles (only early failures).
    Flat,
}

impl RampUp {
    /// The cycle factor of part `n` (from 1) started at `t`.
    pub fn factor(&self, n: u64, t: crate::time::Tick) -> f64 {
        let f = self.first_unit_factor;
        match self.curve {
            Curve::Wright { exponent } => (f * (n as f64).powf(exponent)).max(1.0),
            Curve::Exponential { tau } => 1.0 + (f - 1.0) * (-(t as f64) / tau).exp(),
            Curve::Flat => 1.0,
        }
    }
}

/// An electricity tariff: a flat price, and time-of-use periods that
/// multiply it, the same every day.
#[derive(Clone, Debug, PartialEq)]
pub struct Tariff {
    pub name: String,
    /// [RMB/kWh]
    pub flat_rmb_per_kwh: f64,
    /// The day in segments: (start seconds after midnight, band, price
    /// [RMB/kWh]), sorted, the first at 0; a band is named in `bands`.
    pub day: Vec<(u32, usize, f64)>,
    /// Band names ("flat" first).
    pub bands: Vec<String>,
}

impl Tariff {
    /// The segment of the day in force at `t`.
    pub fn segment(&self, t: crate::time::Tick) -> usize {
        let secs = ((t % crate::time::DAY) / crate::time::SECOND) as u32;
        self.day.partition_point(|&(s, _, _)| s <= secs).saturating_sub(1)
    }

    /// The start of the next segment after `t`.
    pub fn next_change(&self, t: crate::time::Tick) -> Option<crate::time::Tick> {
        use crate::time::{DAY, SECOND};
        if self.day.len() < 2 {
            return None;
        }
        let i = self.segment(t);
        let day_start = t - t % DAY;
        Some(match self.day.get(i + 1) {
            Some(&(s, _, _)) => day_start + s as crate::time::Tick * SECOND,
            None => day_start + DAY,
        })
    }
}

/// Days the plant is closed, counted from time 0 (day 0 = the start date).
#[derive(Clone, Debug, PartialEq)]
pub struct Holiday {
    pub name: String,
    pub first: u32,
    /// Inclusive.
    pub last: u32,
}

/// Preventive maintenance of a station's servers: a planned stop, booked
/// as `maintenance` and kept outside OEE's planned busy time.
#[derive(Clone, Debug)]
pub struct Maintenance {
    /// Processing time between stops on each server [ticks]; the stop is
    /// made before the next part once it has run out. `None` = windows only.
    pub every: Option<crate::time::Tick>,
    /// Length of a stop [ticks].
    pub time: crate::time::Tick,
    /// The pool one of whose members must do it.
    pub crew: Option<PoolId>,
    /// A calendar that is on in the weekly maintenance windows.
    pub windows: Option<CalendarId>,
}

/// Electric power per server by state [kW].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Power {
    /// Processing, loading, unloading.
    pub busy: f64,
    /// Setup, starved, blocked, waiting for an operator.
    pub idle: f64,
    /// Broken down or under planned maintenance.
    pub down: f64,
    /// Off shift.
    pub off: f64,
}

/// A fleet of vehicles (AGVs, forklifts, people with carts) that carries
/// parts from the stations that name it to the next station of their route.
#[derive(Clone, Debug)]
pub struct Fleet {
    pub name: String,
    pub count: u32,
    /// Travel speed [m/s].
    pub speed: f64,
    pub load: Option<Dist>,
    pub unload: Option<Dist>,
    /// The pool whose people drive or push the vehicles, one per trip
    /// (carts, forklifts); `None` = driverless (AGVs).
    pub crew: Option<PoolId>,
}

/// What a station is, which decides who must be present for it to work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StationKind {
    /// Processes only while it holds an operator of its pool.
    Manual,
    /// Needs an operator of its pool (if any) only for setup, loading and unloading.
    Machine,
    /// Needs no operator.
    Robot,
    /// A conveyor: each server is one place on the belt, processing is the
    /// transit time, and it has no waiting places (a full belt blocks its feeder).
    Conveyor,
}

impl StationKind {
    pub fn label(self) -> &'static str {
        match self {
            StationKind::Manual => "manual",
            StationKind::Machine => "machine",
            StationKind::Robot => "robot",
            StationKind::Conveyor => "conveyor",
        }
    }
}

/// A workstation with one or more identical parallel servers.
#[derive(Clone, Debug)]
pub struct Station {
    pub name: String,
    /// The name in Chinese, when the scenario gives one.
    pub label: Option<String>,
    pub kind: StationKind,
    /// Parallel identical servers (machines, robots or work places).
    pub servers: u32,
    /// Processing time per product type, indexed by [`ProductId`].
    pub process: Vec<Dist>,
    /// Changeover time when the product type changes on a server.
    pub setup: Option<Dist>,
    /// Sequence-dependent changeovers: entry `from * products + to` is the
    /// time from product `from` to product `to` (`None`: `setup` applies).
    /// Empty when the station has no changeover table.
    pub changeovers: Vec<Option<Dist>>,
    /// Processes loads of several parts together (a furnace, a basket washer).
    pub batch: Option<Batch>,
    /// Finished parts move on in containers of this many (1 = one at a time).
    pub transfer: u32,
    /// The bill of materials joined to each main part here (empty = not an
    /// assembly station).
    pub assembly: Vec<Component>,
    /// The fleet that carries finished parts from here to the next station.
    pub transport: Option<usize>,
    /// Operator pool: required for manual stations, optional for machines,
    /// none for robots (whose people, if any, are in `tending`).
    pub pool: Option<PoolId>,
    /// Operator time to load a machine (machines with a pool only).
    pub load: Option<Dist>,
    /// Operator time to unload a machine (machines with a pool only).
    pub unload: Option<Dist>,
    /// Waiting places in front of the station; `None` = unlimited.
    pub capacity: Option<u32>,
    /// The calendar the station's own work follows (plant calendar for
    /// machines and robots unless lights-out; none for manual stations,
    /// whose operators' shifts decide).
    pub calendar: Option<CalendarId>,
    pub failures: Option<Failures>,
    pub maintenance: Option<Maintenance>,
    pub power: Option<Power>,
    /// How new equipment comes up to speed (runs from the installation only).
    pub ramp_up: Option<RampUp>,
    /// Ideal (design or best demonstrated) time a server is occupied by one
    /// part of each product, loading and unloading included, seconds: the
    /// performance reference of OEE. Indexed by [`ProductId`].
    pub ideal: Vec<f64>,
    /// False when the scenario gave no ideal cycle for a cycle that varies:
    /// the mean cycle is used, so speed loss cannot show.
    pub ideal_given: bool,
    /// ISO 8373 industrial robots (manipulators) in the station, all servers
    /// together: one robot tending two lathes is one.
    pub robots: u32,
    /// The people a robot cell or automatic machine still needs.
    pub tending: Option<Tending>,
    /// The station's equipment is numerically controlled (static inventory).
    pub cnc: bool,
    /// The station's equipment is connected to the plant network (static inventory).
    pub networked: bool,
    /// A key process (关键工序), for the CNC rate of key processes.
    pub key_process: bool,
    /// Processing times whose mean is uncertain (drawn per replication).
    pub uncertain: Vec<UncertainTime>,
    /// Probability that a part is scrapped after this station.
    pub scrap: f64,
    /// Probability that a part must be reworked, and the station it returns to.
    pub rework: Option<(f64, StationId)>,
    /// Optional layout position for a front end (metres, x to the right, y up).
    pub position: Option<(f32, f32)>,
}

/// A station's processing time whose mean is uncertain: in each
/// replication the times of `products` are scaled by the drawn mean over
/// the base mean (the distribution's base value, which the times as built
/// already have).
#[derive(Clone, Debug)]
pub struct UncertainTime {
    pub products: Vec<ProductId>,
    /// The mean [s].
    pub input: crate::uncertain::Input,
}

/// One line of an assembly station's bill of materials: `count` parts of
/// product `product` (whose route ends here) from a component buffer of
/// `buffer` places, joined to each main part (of product `into`, if given).
#[derive(Clone, Debug)]
pub struct Component {
    pub product: ProductId,
    pub count: u32,
    pub buffer: u32,
    /// The main product it goes into; `None` = every main part.
    pub into: Option<ProductId>,
    /// Taken from stock at the station (a feeder whose route is this
    /// station alone): always there, counted but not simulated as parts.
    pub stock: bool,
}

/// A batch station's loading rule: a load starts on an empty server when
/// `size` parts wait, or when at least `min_load` wait and the oldest has
/// waited `max_wait`. The whole load is processed in one cycle and leaves
/// together.
#[derive(Clone, Debug)]
pub struct Batch {
    pub size: u32,
    pub min_load: u32,
    /// Ticks; 0 = a load of `min_load` starts at once.
    pub max_wait: crate::time::Tick,
    /// A load holds one product only.
    pub by_product: bool,
}

/// The people around automation: a pool whose member a robot cell or an
/// automatic machine needs for setups, periodic tasks and (through
/// `Failures::crew`) repairs.
#[derive(Clone, Debug)]
pub struct Tending {
    pub pool: PoolId,
    /// Setups need a member.
    pub setups: bool,
    /// Periodic tasks, all done in one visit when several are due.
    pub tasks: Vec<Task>,
    /// Walking and handling allowance added to every visit.
    pub walk: Option<Dist>,
}

/// A task a server needs every `every` parts (a magazine refill, a tool change).
#[derive(Clone, Debug)]
pub struct Task {
    pub name: String,
    pub every: u32,
    pub time: Dist,
}

/// How the failure clock runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureMode {
    /// Time to failure counts processing time only (the default).
    OperationDependent,
    /// Time to failure counts calendar time, busy or not.
    TimeDependent,
}

/// Breakdowns of a station's servers.
#[derive(Clone, Debug)]
pub struct Failures {
    pub time_to_failure: Dist,
    pub time_to_repair: Dist,
    pub mode: FailureMode,
    /// Pool whose member must be present to repair; `None` = repair starts at once.
    pub crew: Option<PoolId>,
    /// When the repair clock runs.
    pub repairs: RepairPolicy,
    /// What happens to the interrupted operation.
    pub after_repair: AfterRepair,
}

/// When a repair makes progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RepairPolicy {
    /// Only in the station's working time (its calendar, or its operators'
    /// shift for a manual station) and, with a crew, while the crew is on
    /// shift: a breakdown at 16:55 on a day shift is finished the next morning.
    #[default]
    DuringShifts,
    /// At any hour: a crew member is called out off shift (on call), or the
    /// repair is done by an outside service. The station's state stays
    /// `off_shift` outside its working time.
    AroundTheClock,
}

/// What the interrupted operation does after the repair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum AfterRepair {
    /// Carries on with the time it had left.
    #[default]
    Resume,
    /// Starts again from the beginning (the part is re-clamped and re-cut).
    Restart,
}

/// A product type with its share of the mix and its route.
#[derive(Clone, Debug)]
pub struct Product {
    pub name: String,
    /// Share of parts released by the line's source, normalised to sum to 1
    /// (0 for a feeder product).
    pub share: f64,
    pub route: Vec<Step>,
    /// Released on its own, whenever its first station has room (a feeder
    /// line, or a component taken from stock), not by the line's source.
    pub feeder: bool,
}

/// One step of a route: one station, or alternatives chosen by a rule.
#[derive(Clone, Debug)]
pub struct Step {
    pub stations: Vec<StationId>,
    pub rule: Rule,
}

/// How a part picks among alternative stations for a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// The first station, in listed order, that has room.
    FirstFree,
    /// The station with the fewest parts (waiting and in process) that has room.
    ShortestQueue,
}

/// A named group of interchangeable operators.
#[derive(Clone, Debug)]
pub struct Pool {
    pub name: String,
    /// Its name in Chinese, when the scenario gives one.
    pub label: Option<String>,
    pub headcount: u32,
    /// Shift calendar; `None` = always present.
    pub calendar: Option<CalendarId>,
    /// Pools whose waiting tasks a free member also takes, in priority order
    /// (cross-training), after this pool's own.
    pub also_for: Vec<PoolId>,
    /// Skilled staff (setters, technicians) rather than operators.
    pub skilled: bool,
}

/// Where parts come from.
#[derive(Clone, Debug)]
pub enum Source {
    /// Material is always available: a part enters as soon as the first station has room.
    Saturated,
    /// Orders arrive with the given interarrival times.
    Orders {
        interarrival: Dist,
        when_full: WhenFull,
        /// A time-varying Poisson rate (`interarrival` is exponential).
        profile: Option<Box<RateProfile>>,
    },
    /// Orders of a quantity released at given times, due at given times,
    /// sorted by release.
    OrderBook(Vec<Order>),
}

impl Source {
    /// Orders, not material, decide what the line makes.
    pub fn order_driven(&self) -> bool {
        !matches!(self, Source::Saturated)
    }
}

/// An arrival rate that varies: the base rate times the multipliers of
/// the hour of day, the weekday and the month.
#[derive(Clone, Debug, PartialEq)]
pub struct RateProfile {
    /// Base rate [per tick].
    pub base: f64,
    pub by_hour: [f64; 24],
    pub by_weekday: [f64; 7],
    pub by_month: [f64; 12],
    /// Weekday of time 0 (0 = Monday).
    pub weekday0: u32,
    /// Date of time 0, for the months.
    pub start: Option<crate::time::Day>,
    /// Days (first, last, from time 0) on which no orders come.
    pub closed: Vec<(u32, u32)>,
    /// [`RateProfile::max_rate`], kept when the profile is built (each
    /// arrival drawn by thinning needs it).
    pub(crate) peak: f64,
}

impl RateProfile {
    /// The rate at `t` [per tick].
    pub fn rate(&self, t: crate::time::Tick) -> f64 {
        use crate::time::{DAY, HOUR};
        let day = t / DAY;
        let hour = ((t % DAY) / HOUR) as usize;
        let weekday = ((day + self.weekday0 as u64) % 7) as usize;
        if self.closed.iter().any(|&(a, b)| (a as u64..=b as u64).contains(&day)) {
            return 0.0;
        }
        let month = self
            .start
            .map_or(0, |d| crate::time::civil_from_days(d + day as i64).1 as usize - 1);
        self.base * self.by_hour[hour] * self.by_weekday[weekday] * self.by_month[month]
    }

    /// The highest rate anywhere [per tick], for thinning. Kept from when
    /// the profile was built: the rates are not to be changed after that.
    pub fn max_rate(&self) -> f64 {
        debug_assert_eq!(
            self.peak,
            self.highest_rate(),
            "a rate changed after the profile was built"
        );
        self.peak
    }

    /// Computes [`RateProfile::max_rate`] from the rates.
    pub(crate) fn highest_rate(&self) -> f64 {
        let max = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
        self.base * max(&self.by_hour) * max(&self.by_weekday) * max(&self.by_month)
    }
}

/// Finished goods: good units go into stock; customer demands take one
/// each, served at once from stock or back-ordered.
#[derive(Clone, Debug)]
pub struct FinishedGoods {
    pub demand: Dist,
    pub profile: Option<Box<RateProfile>>,
    pub initial: u32,
}

/// One order of an order book.
#[derive(Clone, Debug, PartialEq)]
pub struct Order {
    pub id: String,
    pub product: ProductId,
    pub quantity: u32,
    pub release: crate::time::Tick,
    pub due: crate::time::Tick,
}

/// What an arriving order does when its first station has no room.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WhenFull {
    /// Waits in an unlimited order backlog before the line (released first come, first served).
    Backlog,
    /// Is lost (counted in `orders_lost_fraction`).
    Lose,
}

impl Line {
    /// The line with time 0 at the installation of its changes: the
    /// stations' ramp-up in effect.
    pub fn from_install(&self) -> Line {
        Line {
            installing: true,
            ..self.clone()
        }
    }

    /// The plant holiday that time `t` falls in, if any.
    pub fn holiday_at(&self, t: crate::time::Tick) -> Option<&Holiday> {
        let day = (t / crate::time::DAY) as u32;
        self.holidays.iter().find(|h| (h.first..=h.last).contains(&day))
    }

    /// The tariff band in force at `t` ("peak", "valley", ...), if the line
    /// has a time-of-use tariff.
    pub fn tariff_band_at(&self, t: crate::time::Tick) -> Option<&str> {
        let tariff = self.tariff.as_ref().filter(|t| t.day.len() > 1)?;
        Some(tariff.bands[tariff.day[tariff.segment(t)].1].as_str())
    }

    /// The moment `t` as a planner reads it: the date and time (or week
    /// and day without a start date), the holiday and the tariff band.
    pub fn moment(&self, t: crate::time::Tick) -> String {
        self.moment_in(t, crate::lang::Lang::En)
    }

    /// When the plant calendar's first shift starts (0 for a line without
    /// one, or one on shift at time 0).
    pub fn first_shift_start(&self) -> crate::time::Tick {
        match self.plant_calendar.and_then(|c| self.calendars.get(c)) {
            Some(c) if !c.is_on(0) => c.next_change(0).unwrap_or(0),
            _ => 0,
        }
    }

    /// [`Line::moment`] in `lang`.
    pub fn moment_in(&self, t: crate::time::Tick, lang: crate::lang::Lang) -> String {
        let mut text = crate::time::format_when_in(t, self.start_date, lang);
        if let Some(h) = self.holiday_at(t) {
            let name = if h.name.is_empty() { lang.tr("closed") } else { &h.name };
            text.push_str(&lang.fmt(" | holiday: {0}", [&name]));
        }
        if let Some(band) = self.tariff_band_at(t) {
            text.push_str(&lang.fmt(" | tariff: {0}", [&lang.tr_any(band)]));
        }
        text
    }

    /// Product `p` is a component taken from stock at its assembly station
    /// (never a part in the line).
    pub fn from_stock(&self, p: ProductId) -> bool {
        self.stations
            .iter()
            .any(|s| s.assembly.iter().any(|c| c.product == p && c.stock))
    }

    /// Distance from station `a` to station `b` [m] (NaN when unknown).
    pub fn distance(&self, a: StationId, b: StationId) -> f64 {
        self.distances
            .get(a * self.stations.len() + b)
            .copied()
            .unwrap_or(f64::NAN)
    }

    /// The line with its uncertain processing times drawn for
    /// `replication`; `None` when it has none, or when every input is at
    /// base (the line as built already is).
    pub fn drawn(&self, inputs: crate::uncertain::Inputs, seed: u64, replication: u32) -> Option<Line> {
        if inputs == crate::uncertain::Inputs::Base || self.stations.iter().all(|s| s.uncertain.is_empty()) {
            return None;
        }
        let mut line = self.clone();
        for st in &mut line.stations {
            for u in std::mem::take(&mut st.uncertain) {
                let f = u.input.value(inputs, seed, replication) / u.input.dist.base();
                for &p in &u.products {
                    let old = st.process[p].mean();
                    st.process[p] = st.process[p].scaled(f);
                    if !st.ideal_given {
                        st.ideal[p] += st.process[p].mean() - old;
                    }
                }
            }
        }
        Some(line)
    }

    /// Its uncertain processing times.
    pub fn uncertain(&self) -> impl Iterator<Item = &crate::uncertain::Input> {
        self.stations.iter().flat_map(|s| s.uncertain.iter().map(|u| &u.input))
    }

    /// ISO 8373 industrial robots in the line (declared per station).
    pub fn robots(&self) -> u32 {
        self.stations.iter().map(|s| s.robots).sum()
    }

    /// Share of the line's work places (servers) whose equipment has the
    /// property: a static inventory ratio, not something the run measures.
    pub fn server_share(&self, has: impl Fn(&Station) -> bool) -> f64 {
        let all: u32 = self.stations.iter().map(|s| s.servers).sum();
        let with: u32 = self.stations.iter().filter(|s| has(s)).map(|s| s.servers).sum();
        if all == 0 { 0.0 } else { with as f64 / all as f64 }
    }

    /// Total operator head count over all pools.
    pub fn headcount(&self) -> u32 {
        self.pools.iter().map(|p| p.headcount).sum()
    }

    /// Index of a station by name.
    pub fn station_id(&self, name: &str) -> Option<StationId> {
        self.stations.iter().position(|s| s.name == name)
    }

    /// Share of the week a station can work: its own calendar for machines
    /// and robots, its operators' calendar for manual stations.
    pub fn working_share(&self, s: StationId) -> f64 {
        let st = &self.stations[s];
        let calendar = match st.kind {
            StationKind::Manual => st.pool.and_then(|p| self.pools[p].calendar),
            _ => st.calendar,
        };
        calendar.map_or(1.0, |c| {
            self.calendars[c].on_per_week() as f64 / crate::time::WEEK as f64
        })
    }

    /// The station that limits the line when nothing goes wrong: the highest
    /// mean load per part relative to the time it can work.
    pub fn constraint(&self) -> StationId {
        let load = self.ideal_load_per_part();
        let pressure = |s: usize| load[s] / self.working_share(s);
        (0..load.len())
            .max_by(|&a, &b| pressure(a).total_cmp(&pressure(b)))
            .unwrap_or(0)
    }

    /// Mean work content per released part at each station, in seconds per
    /// server. Rework loops are not counted.
    pub fn ideal_load_per_part(&self) -> Vec<f64> {
        let mut load = vec![0.0; self.stations.len()];
        for (p, product) in self.products.iter().enumerate() {
            for step in &product.route {
                let share = product.share / step.stations.len() as f64;
                for &s in &step.stations {
                    let st = &self.stations[s];
                    load[s] += share * st.mean_cycle(p) / (st.servers * st.parts_per_cycle()) as f64;
                }
            }
        }
        load
    }
}

impl Station {
    /// Mean time a server is occupied by one part of product `p` when nothing
    /// goes wrong: processing plus loading and unloading, seconds. (The OEE
    /// reference is [`Station::ideal`], which may be shorter.)
    pub fn mean_cycle(&self, p: ProductId) -> f64 {
        self.process[p].mean()
            + self.load.as_ref().map_or(0.0, Dist::mean)
            + self.unload.as_ref().map_or(0.0, Dist::mean)
    }

    /// Parts one cycle of a server processes at most (the load size of a
    /// batch station, else 1).
    pub fn parts_per_cycle(&self) -> u32 {
        self.batch.as_ref().map_or(1, |b| b.size)
    }

    /// The changeover from product `from` to `to`, if one is needed.
    pub fn changeover(&self, from: ProductId, to: ProductId) -> Option<&Dist> {
        if from == to {
            return None;
        }
        let n = self.process.len();
        match self.changeovers.get(from * n + to) {
            Some(Some(d)) => Some(d),
            _ => self.setup.as_ref(),
        }
    }
}
