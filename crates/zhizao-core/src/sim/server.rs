//! Servers and the phases a part goes through on one.
//!
//! A server (one machine, robot or work place of a station) holds at most one
//! part. Its cycle is:
//!
//! ```text
//! Idle -> [WaitOp -> Service] -> [WaitOp] -> [Setup] -> [Load] -> Process -> [WaitUnloadOp -> Unload] -> (move on | Blocked)
//! ```
//!
//! `Service` is a tended cell's periodic tasks (magazine refills, tool
//! changes) when they are due, done by a member of its tending pool before
//! the next part; it is booked as setup (setups and adjustments).
//!
//! Manual stations hold an operator from setup to the end of processing;
//! machines with a pool hold one for setup and loading, and again for
//! unloading; robots need none. A timed phase runs only while its
//! requirements hold (station calendar on, held operator on shift); otherwise
//! it is paused with its remaining time and resumed later. Each server keeps
//! the time spent in each [`State`], which gives the state fractions.

use super::Simulation;
use super::queue::Kind;
use crate::model::StationKind;
use crate::state::{STATES_N, State};
use crate::time::Tick;

pub(crate) const NO_PART: u32 = u32::MAX;
const NO_PRODUCT: u32 = u32::MAX;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Phase {
    Idle,
    WaitOp,
    Service,
    Setup,
    Load,
    Process,
    WaitUnloadOp,
    Unload,
    Blocked,
    Down,
    /// At an assembly station, waiting for a full set of components.
    WaitParts,
    /// Planned maintenance after operating time (waiting for its crew
    /// member while `crew_wait`).
    Maintenance,
}

impl Phase {
    fn timed(self) -> bool {
        matches!(
            self,
            Phase::Service
                | Phase::Setup
                | Phase::Load
                | Phase::Process
                | Phase::Unload
                | Phase::Down
                | Phase::Maintenance
        )
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Server {
    pub station: u32,
    pub phase: Phase,
    pub part: u32,
    /// The timed phase is counting down (not paused).
    pub running: bool,
    /// Time left in the timed phase (as of `seg_start` while running).
    pub remaining: Tick,
    /// Full length of the current (or interrupted) non-repair timed phase,
    /// for a restart after repair.
    pub total: Tick,
    pub seg_start: Tick,
    /// Generation of activity/operation-failure events; bumping cancels them.
    pub generation: u32,
    /// Generation of the time-dependent failure event.
    pub clock_gen: u32,
    /// Processing time left before the next operation-dependent failure.
    pub ttf_left: Tick,
    pub holds_op: bool,
    pub holds_crew: bool,
    /// Pool of the operator held (a cross-trained member may come from another).
    pub op_pool: u32,
    /// Pool of the crew member held.
    pub crew_pool: u32,
    /// Pool the member being granted comes from.
    pub from_pool: u32,
    /// Parts made since the start (for periodic tending tasks).
    pub made: u32,
    /// Waiting for (or doing) the tending tasks, not the part.
    pub servicing: bool,
    /// `made` when the tasks were last done.
    pub serviced_at: u32,
    /// Down (or due for maintenance) and waiting for a crew member.
    pub crew_wait: bool,
    /// Processing time since the last planned maintenance.
    pub run_since_pm: Tick,
    /// Phase interrupted by a failure, resumed after repair.
    pub saved_phase: Phase,
    pub saved_remaining: Tick,
    pub last_product: u32,
    pub block_stamp: u32,
    pub state: State,
    pub since: Tick,
    /// Time spent in each state since the statistics started.
    pub acc: [Tick; STATES_N],
}

impl Server {
    pub fn new(station: u32) -> Server {
        Server {
            station,
            phase: Phase::Idle,
            part: NO_PART,
            running: false,
            remaining: 0,
            total: 0,
            seg_start: 0,
            generation: 0,
            clock_gen: 0,
            ttf_left: Tick::MAX,
            holds_op: false,
            holds_crew: false,
            op_pool: 0,
            crew_pool: 0,
            from_pool: 0,
            made: 0,
            servicing: false,
            serviced_at: 0,
            crew_wait: false,
            run_since_pm: 0,
            saved_phase: Phase::Idle,
            saved_remaining: 0,
            last_product: NO_PRODUCT,
            block_stamp: 0,
            state: State::Starved,
            since: 0,
            acc: [0; STATES_N],
        }
    }
}

impl Simulation {
    /// The reported state of a server, derived from its phase and calendars.
    pub(crate) fn state_of(&self, sv: usize) -> State {
        let s = &self.servers[sv];
        let st = &self.stations[s.station as usize];
        // Outside the station's working time nothing is a loss, whatever
        // the server holds: a finished part, a broken machine.
        if !st.work_calendar.is_none_or(|c| self.calendars[c].on) {
            return State::OffShift;
        }
        // In a maintenance window the station is maintained, whatever it holds.
        if st.windows.is_some_and(|c| self.calendars[c].on) && s.phase != Phase::Down {
            return State::Maintenance;
        }
        // In working time, a server that cannot go on for want of a person
        // (none free, or the one it holds is off shift) waits for an operator.
        match s.phase {
            Phase::Idle | Phase::WaitParts => State::Starved,
            Phase::WaitOp | Phase::WaitUnloadOp => State::WaitingOperator,
            Phase::Setup | Phase::Service if s.running => State::Setup,
            Phase::Load | Phase::Process | Phase::Unload if s.running => State::Busy,
            Phase::Setup | Phase::Service | Phase::Load | Phase::Process | Phase::Unload => State::WaitingOperator,
            Phase::Blocked => State::Blocked,
            Phase::Down => State::Down,
            Phase::Maintenance => State::Maintenance,
        }
    }

    /// Brings a server's state accounting up to date after any change.
    /// Out of line: inlined into its many callers it made the bundled
    /// lines slower (up to 2% more instructions).
    #[inline(never)]
    pub(crate) fn touch(&mut self, sv: usize) {
        let new = self.state_of(sv);
        self.set_state(sv, new);
    }

    /// [`Self::touch`] where the caller knows the state the server is now in.
    #[inline(always)]
    pub(crate) fn set_state(&mut self, sv: usize, new: State) {
        debug_assert_eq!(new, self.state_of(sv));
        let now = self.now;
        let s = &mut self.servers[sv];
        if new != s.state {
            s.acc[s.state as usize] += now - s.since;
            s.since = now;
            let old = s.state;
            let (was, is) = (old.is_active(), new.is_active());
            s.state = new;
            let station = s.station as usize;
            if self.work.tracked && (old == State::Starved || new == State::Starved) {
                self.count_starved(station, old == State::Starved);
            }
            if was != is {
                let rt = &mut self.stations[station];
                if is {
                    rt.active += 1;
                    if rt.active == rt.servers {
                        self.bottlenecks.start(station, now);
                    }
                } else {
                    if rt.active == rt.servers {
                        self.bottlenecks.stop(station, now);
                    }
                    rt.active -= 1;
                }
            }
        }
    }

    /// One server of `station` stopped (`left`) or started being starved:
    /// books the station's starved-for-orders time up to now first. Only
    /// order-driven lines keep this.
    #[cold]
    #[inline(never)]
    fn count_starved(&mut self, station: usize, left: bool) {
        let g = self.short_time();
        let rt = &mut self.stations[station];
        rt.no_orders_area += rt.starved as u128 * (g - rt.short_mark) as u128;
        rt.short_mark = g;
        if left {
            rt.starved -= 1;
        } else {
            rt.starved += 1;
        }
    }

    /// True when the server's timed phase may count down now.
    #[inline]
    pub(crate) fn can_run(&self, sv: usize) -> bool {
        let s = &self.servers[sv];
        let st = &self.stations[s.station as usize];
        match s.phase {
            // Around the clock: once a crew member (if any) has come, nothing
            // stops the repair. During shifts: only in the station's working
            // time, and only while the crew member is on shift.
            Phase::Down => {
                !s.crew_wait
                    && (st.repair_around
                        || (st.work_calendar.is_none_or(|c| self.calendars[c].on)
                            && (!s.holds_crew || self.pools[s.crew_pool as usize].on)))
            }
            Phase::Service | Phase::Setup | Phase::Load | Phase::Process | Phase::Unload => {
                st.calendar.is_none_or(|c| self.calendars[c].on)
                    && (!s.holds_op || self.pools[s.op_pool as usize].on)
                    && st.windows.is_none_or(|c| !self.calendars[c].on)
            }
            // Planned work is done in working time, with its crew member on shift.
            Phase::Maintenance => {
                !s.crew_wait
                    && st.work_calendar.is_none_or(|c| self.calendars[c].on)
                    && (!s.holds_crew || self.pools[s.crew_pool as usize].on)
            }
            _ => false,
        }
    }

    /// Enters a timed phase of `duration`, running at once if it can.
    /// Inlined into the event path, like [`Self::activity_end`].
    #[inline(always)]
    pub(crate) fn begin(&mut self, sv: usize, phase: Phase, duration: Tick) {
        let s = &mut self.servers[sv];
        s.phase = phase;
        s.remaining = duration;
        if phase != Phase::Down {
            s.total = duration;
        }
        s.running = false;
        if self.can_run(sv) {
            self.resume(sv);
        }
        self.touch(sv);
    }

    /// Starts (or restarts) the countdown of the current timed phase.
    pub(crate) fn resume(&mut self, sv: usize) {
        let op_dependent = self.operation_dependent(sv);
        let now = self.now;
        let s = &mut self.servers[sv];
        s.running = true;
        s.seg_start = now;
        s.generation = s.generation.wrapping_add(1);
        let (time, kind) = if s.phase == Phase::Process && op_dependent && s.ttf_left < s.remaining {
            (now + s.ttf_left, Kind::Failure)
        } else {
            (now + s.remaining, Kind::ActivityEnd)
        };
        let generation = s.generation;
        self.queue.schedule_inline(time, kind, sv as u32, generation);
    }

    /// Stops the countdown, keeping the time left.
    pub(crate) fn pause(&mut self, sv: usize) {
        let op_dependent = self.operation_dependent(sv);
        let now = self.now;
        let s = &mut self.servers[sv];
        if !s.running {
            return;
        }
        let elapsed = now - s.seg_start;
        s.remaining -= elapsed;
        if s.phase == Phase::Process && op_dependent {
            s.ttf_left -= elapsed;
        }
        s.running = false;
        s.generation = s.generation.wrapping_add(1);
    }

    /// Re-checks every server's timed phase after a calendar or shift change.
    pub(crate) fn recheck_servers(&mut self) {
        for sv in 0..self.servers.len() {
            let s = &self.servers[sv];
            if s.phase.timed() {
                let want = self.can_run(sv);
                if s.running && !want {
                    self.pause(sv);
                } else if !s.running && want {
                    self.resume(sv);
                }
            }
            self.touch(sv);
        }
    }

    fn part_product(&self, sv: usize) -> usize {
        self.parts[self.servers[sv].part as usize].product as usize
    }

    #[inline]
    fn needs_setup(&self, sv: usize) -> bool {
        let s = &self.servers[sv];
        let station = s.station as usize;
        self.stations[station].has_setup
            && s.last_product != NO_PRODUCT
            && s.last_product != self.parts[s.part as usize].product
            && (!self.stations[station].changeovers || self.changeover_listed(sv))
    }

    /// With a changeover table: whether this change has a time (its own, or `setup`).
    #[cold]
    #[inline(never)]
    fn changeover_listed(&self, sv: usize) -> bool {
        let s = &self.servers[sv];
        let product = self.parts[s.part as usize].product as usize;
        self.line.stations[s.station as usize]
            .changeover(s.last_product as usize, product)
            .is_some()
    }

    /// The tending tasks due before the next part, and how long they take
    /// (walking included); `None` when nothing is due.
    fn due_service(&mut self, sv: usize) -> Option<Tick> {
        let server = &self.servers[sv];
        let s = server.station as usize;
        if !self.stations[s].has_tasks || server.made == server.serviced_at {
            return None;
        }
        let made = server.made;
        let tending = self.line.stations[s].tending.as_ref().expect("tasks belong to tending");
        let rng = &mut self.rngs[s].handling;
        let mut total: Tick = 0;
        for task in tending.tasks.iter().filter(|t| made.is_multiple_of(t.every)) {
            total += task.time.sample_ticks(rng);
        }
        if total == 0 {
            return None;
        }
        Some(total + tending.walk.as_ref().map_or(0, |w| w.sample_ticks(rng)))
    }

    /// A server has just received a part (or finished its tending tasks).
    pub(crate) fn start_cycle(&mut self, sv: usize) {
        let server = &self.servers[sv];
        let station = server.station as usize;
        if self.stations[station].plain {
            // Nothing to wait for: what `after_setup` does, then processing.
            self.servers[sv].last_product = self.parts[server.part as usize].product;
            self.begin_process(sv);
            return;
        }
        if self.assembles && self.stations[station].assembly.is_some() && self.await_kit(sv) {
            return;
        }
        let server = &self.servers[sv];
        if self.stations[station].has_tasks && server.made != server.serviced_at && self.start_service(sv) {
            return;
        }
        if self.servers[sv].run_since_pm >= self.stations[station].pm_every {
            self.start_maintenance(sv);
            return;
        }
        let rt = &self.stations[station];
        let needs_op = match rt.kind {
            StationKind::Manual => true,
            StationKind::Robot | StationKind::Conveyor => rt.setup_needs_op && self.needs_setup(sv),
            StationKind::Machine => rt.pool.is_some() && (rt.has_load || (rt.setup_needs_op && self.needs_setup(sv))),
        };
        if needs_op {
            self.wait_for_operator(sv, Phase::WaitOp);
        } else {
            self.after_operator(sv);
        }
    }

    /// Waits in `phase` for a member of the station's pool, for a part's
    /// setup or loading (`WaitOp`) or its unloading (`WaitUnloadOp`). The
    /// wait is booked only when the request has to queue. A member granted
    /// at once makes it a wait of no length, and the timed phase the grant
    /// starts (setup, load, processing at a manual station, unload) books
    /// the server's state before any other server's changes. A state held
    /// for no time adds nothing to any total, so the results are the same.
    /// (Not for a tending task: one of no time lets the member go to the
    /// next server before this one's state is booked.)
    fn wait_for_operator(&mut self, sv: usize, phase: Phase) {
        self.servers[sv].phase = phase;
        self.request_operator(sv);
        if self.servers[sv].phase == phase {
            self.touch(sv);
        }
    }

    /// Asks for a tending member when a periodic task is due before the
    /// next part; false when none is.
    #[cold]
    #[inline(never)]
    fn start_service(&mut self, sv: usize) -> bool {
        let s = &self.servers[sv];
        let made = s.made;
        let tending = self.line.stations[s.station as usize].tending.as_ref();
        if tending.is_some_and(|t| t.tasks.iter().any(|task| made.is_multiple_of(task.every))) {
            self.servers[sv].phase = Phase::WaitOp;
            self.servers[sv].servicing = true;
            self.touch(sv);
            self.request_operator(sv);
            return true;
        }
        self.servers[sv].serviced_at = made;
        false
    }

    /// The operating time to the next planned maintenance has run out: the
    /// stop is made before the next part.
    #[cold]
    #[inline(never)]
    fn start_maintenance(&mut self, sv: usize) {
        let s = self.servers[sv].station as usize;
        let m = self.line.stations[s]
            .maintenance
            .as_ref()
            .expect("a station with planned stops");
        let (time, crew) = (m.time, m.crew);
        self.servers[sv].run_since_pm = 0;
        self.begin_with_crew(sv, Phase::Maintenance, time, crew);
    }

    /// The walking allowance of a tending member coming for a setup, if any.
    #[cold]
    #[inline(never)]
    fn setup_walk(&mut self, s: usize) -> Tick {
        let walk = self.line.stations[s].tending.as_ref().and_then(|t| t.walk.as_ref());
        walk.map_or(0, |w| w.sample_ticks(&mut self.rngs[s].handling))
    }

    /// The operator is there (if one is needed): set up, or go on.
    /// Inlined into the event path, like [`Self::activity_end`].
    #[inline(always)]
    fn after_operator(&mut self, sv: usize) {
        if self.needs_setup(sv) {
            let s = self.servers[sv].station as usize;
            let st = &self.line.stations[s];
            let from = self.servers[sv].last_product as usize;
            let to = self.part_product(sv);
            let mut d = st
                .changeover(from, to)
                .expect("setup checked")
                .sample_ticks(&mut self.rngs[s].setup);
            // A tending member walks to the cell for it.
            if self.servers[sv].holds_op && st.tending.is_some() {
                d += self.setup_walk(s);
            }
            self.begin(sv, Phase::Setup, d);
        } else {
            self.after_setup(sv);
        }
    }

    /// The setup (if any) is done: load, or process.
    /// Inlined into the event path, like [`Self::activity_end`].
    #[inline(always)]
    fn after_setup(&mut self, sv: usize) {
        let product = self.parts[self.servers[sv].part as usize].product;
        self.servers[sv].last_product = product;
        let s = self.servers[sv].station as usize;
        if self.stations[s].kind != StationKind::Manual && self.servers[sv].holds_op {
            if let Some(load) = &self.line.stations[s].load {
                let d = load.sample_ticks(&mut self.rngs[s].handling);
                self.begin(sv, Phase::Load, d);
                return;
            }
            self.release_operator(sv);
        }
        self.begin_process(sv);
    }

    fn begin_process(&mut self, sv: usize) {
        let s = self.servers[sv].station as usize;
        let p = self.part_product(sv);
        let mut d = self.process[self.by_product(s, p)].sample_ticks(&mut self.rngs[s].process);
        if let Some(log) = &mut self.draw_log {
            log.push((s as u32, d));
        }
        if self.stations[s].ramp.is_some() {
            d = self.ramped(s, d);
        }
        if self.stations[s].plain {
            // It can always run (no calendar, operator or maintenance window).
            let server = &mut self.servers[sv];
            server.phase = Phase::Process;
            server.remaining = d;
            server.total = d;
            self.resume(sv);
            // Processing, and nothing (a calendar, a window) stops it.
            self.set_state(sv, State::Busy);
        } else {
            self.begin(sv, Phase::Process, d);
        }
    }

    /// The processing time of the next part at a station ramping up.
    #[cold]
    #[inline(never)]
    fn ramped(&mut self, s: usize, d: Tick) -> Tick {
        let ramp = self.stations[s].ramp.as_mut().expect("ramping up");
        ramp.started += 1;
        let n = ramp.started;
        let curve = self.line.stations[s].ramp_up.as_ref().expect("ramp-up data");
        (d as f64 * curve.factor(n, self.now)).round() as Tick
    }

    /// An operator (or repair crew member) has been assigned to `sv`.
    pub(crate) fn granted(&mut self, sv: usize) {
        let from = self.servers[sv].from_pool;
        match self.servers[sv].phase {
            Phase::WaitOp if self.servers[sv].servicing => {
                let s = &mut self.servers[sv];
                s.holds_op = true;
                s.op_pool = from;
                s.servicing = false;
                match self.due_service(sv) {
                    Some(d) => self.begin(sv, Phase::Service, d),
                    None => {
                        self.servers[sv].serviced_at = self.servers[sv].made;
                        self.release_operator(sv);
                        self.start_cycle(sv);
                    }
                }
            }
            Phase::WaitOp => {
                self.servers[sv].holds_op = true;
                self.servers[sv].op_pool = from;
                self.after_operator(sv);
            }
            Phase::WaitUnloadOp => {
                self.servers[sv].holds_op = true;
                self.servers[sv].op_pool = from;
                let s = self.servers[sv].station as usize;
                let d = self.line.stations[s]
                    .unload
                    .as_ref()
                    .expect("unload checked")
                    .sample_ticks(&mut self.rngs[s].handling);
                self.begin(sv, Phase::Unload, d);
            }
            Phase::Down | Phase::Maintenance => {
                let s = &mut self.servers[sv];
                s.holds_crew = true;
                s.crew_pool = from;
                s.crew_wait = false;
                if self.can_run(sv) {
                    self.resume(sv);
                }
                self.touch(sv);
            }
            other => unreachable!("operator granted to a server in phase {other:?}"),
        }
    }

    /// The current timed phase has run out.
    ///
    /// Inlined into the event loop, with the steps most events take after
    /// it (`finish_operation`, `enter`, `choose`, `begin`, `after_operator`,
    /// `after_setup` and a pool's `request`). Entering and leaving the
    /// functions of this path (saving and restoring registers) took some
    /// 15% of a bundled line's instructions. Inlined, a valve-body year
    /// takes 4.8% less time. `touch` and `push_on` stay out of line:
    /// inlined, they cost more than they saved.
    #[inline(always)]
    pub(crate) fn activity_end(&mut self, sv: usize) {
        let op_dependent = self.operation_dependent(sv);
        let now = self.now;
        let s = &mut self.servers[sv];
        if s.phase == Phase::Process && op_dependent {
            s.ttf_left -= now - s.seg_start;
        }
        s.remaining = 0;
        s.running = false;
        let st = &self.stations[s.station as usize];
        match s.phase {
            Phase::Service => {
                self.servers[sv].serviced_at = self.servers[sv].made;
                self.release_operator(sv);
                self.start_cycle(sv);
            }
            Phase::Setup => self.after_setup(sv),
            Phase::Load => {
                self.release_operator(sv);
                self.begin_process(sv);
            }
            Phase::Process => {
                let total = s.total;
                s.run_since_pm += total;
                if st.kind == StationKind::Manual {
                    self.release_operator(sv);
                    self.finish_operation(sv);
                } else if st.kind == StationKind::Machine && st.pool.is_some() && st.has_unload {
                    self.wait_for_operator(sv, Phase::WaitUnloadOp);
                } else {
                    self.finish_operation(sv);
                }
            }
            Phase::Unload => {
                self.release_operator(sv);
                self.finish_operation(sv);
            }
            Phase::Down => self.repair_end(sv),
            Phase::Maintenance => {
                if self.servers[sv].holds_crew {
                    self.servers[sv].holds_crew = false;
                    self.release(self.servers[sv].crew_pool as usize);
                }
                self.start_cycle(sv);
            }
            other => unreachable!("activity end in phase {other:?}"),
        }
    }
}
