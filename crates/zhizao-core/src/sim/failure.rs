//! Breakdowns and repairs.
//!
//! Operation-dependent failures (the default) count processing time only: a
//! server's remaining time to failure shrinks while it processes, and the
//! failure strikes mid-operation. Time-dependent failures count calendar time
//! and strike whatever the server is doing. Either way the part stays on the
//! server and the interrupted phase resumes with its remaining time after the
//! repair (or starts again, with `AfterRepair::Restart`). With a repair crew,
//! the repair waits for a crew member.
//!
//! Off shift, a repair waits for the station's next working time
//! (`RepairPolicy::DuringShifts`, the default) or goes on, with a crew
//! member called out if the crew is off shift (`AroundTheClock`). Either way
//! the time is booked as `off_shift`, not `down`.

use super::Simulation;
use super::queue::Kind;
use super::server::Phase;
use crate::model::FailureMode;
use crate::time::Tick;

impl Simulation {
    /// Draws the next time to failure for `sv` and arms its clock.
    pub(crate) fn new_failure_clock(&mut self, sv: usize) {
        let s = self.servers[sv].station as usize;
        let Some(f) = &self.line.stations[s].failures else {
            return;
        };
        let ttf = f.time_to_failure.sample_ticks(&mut self.rngs[s].failure).max(1);
        match f.mode {
            FailureMode::OperationDependent => self.servers[sv].ttf_left = ttf,
            FailureMode::TimeDependent => {
                let server = &mut self.servers[sv];
                server.clock_gen = server.clock_gen.wrapping_add(1);
                let generation = server.clock_gen;
                self.queue
                    .schedule(self.now + ttf, Kind::ClockFailure, sv as u32, generation);
            }
        }
    }

    /// An operation-dependent failure strikes a processing server.
    pub(crate) fn operation_failure(&mut self, sv: usize) {
        let now = self.now;
        let s = &mut self.servers[sv];
        s.remaining -= now - s.seg_start;
        s.ttf_left = 0;
        s.running = false;
        s.generation = s.generation.wrapping_add(1);
        self.break_down(sv);
    }

    /// A time-dependent failure strikes, whatever the server is doing.
    pub(crate) fn clock_failure(&mut self, sv: usize) {
        if self.servers[sv].phase == Phase::Down {
            return;
        }
        // Under planned maintenance, the coming failure is found and fixed.
        if self.servers[sv].phase == Phase::Maintenance {
            self.new_failure_clock(sv);
            return;
        }
        self.pause(sv);
        self.break_down(sv);
    }

    fn break_down(&mut self, sv: usize) {
        let st_index = self.servers[sv].station as usize;
        let failures = self.line.stations[st_index]
            .failures
            .as_ref()
            .expect("failing station has failure data");
        let crew = failures.crew;
        let ttr: Tick = failures.time_to_repair.sample_ticks(&mut self.rngs[st_index].repair);
        self.stations[st_index].failures += 1;
        self.fail_server(sv, ttr, crew);
    }

    /// An early-life failure of new equipment strikes (when the server is
    /// not already down or maintained), and the next one is drawn.
    pub(crate) fn early_failure(&mut self, sv: usize) {
        let s = self.servers[sv].station as usize;
        let (_, _, repair) = self.line.stations[s]
            .ramp_up
            .as_ref()
            .and_then(|r| r.early.as_ref())
            .expect("a station with early failures");
        let ramp = self.stations[s].ramp.as_mut().expect("ramping up");
        let ttr = repair.sample_ticks(&mut ramp.rng);
        let crew = self.line.stations[s].failures.as_ref().and_then(|f| f.crew);
        self.schedule_early_failure(sv);
        if !matches!(self.servers[sv].phase, Phase::Down | Phase::Maintenance) {
            self.pause(sv);
            self.stations[s].failures += 1;
            self.fail_server(sv, ttr, crew);
        }
    }

    /// Draws when the next early-life failure of `sv` strikes after now:
    /// rate l0 e^(-t/tau), so the expected number by t is
    /// l0 tau (1 - e^(-t/tau)), inverted at the next unit of an Exp(1) sum.
    pub(crate) fn schedule_early_failure(&mut self, sv: usize) {
        let s = self.servers[sv].station as usize;
        let Some(&(l0, tau, _)) = self.line.stations[s].ramp_up.as_ref().and_then(|r| r.early.as_ref()) else {
            return;
        };
        let ramp = self.stations[s].ramp.as_mut().expect("ramping up");
        let u: f64 = rand::RngExt::random(&mut ramp.rng);
        let total = l0 * tau;
        let done = total * (1.0 - (-(self.now as f64) / tau).exp());
        let target = done - (1.0 - u).ln();
        if target < total {
            let t = -tau * (1.0 - target / total).ln();
            let t = (t as Tick).max(self.now);
            if t <= self.end {
                self.queue.schedule(t, Kind::EarlyFailure, sv as u32, 0);
            }
        }
    }

    /// New equipment is commissioned before its first part (at time 0 of a
    /// run from the installation): down, but not a breakdown.
    pub(crate) fn commission(&mut self, sv: usize) {
        let s = self.servers[sv].station as usize;
        let time = self.line.stations[s].ramp_up.as_ref().map_or(0, |r| r.commissioning);
        if time > 0 {
            self.fail_server(sv, time, None);
        }
    }

    /// Takes server `sv` down for `ttr` (a repair by a member of `crew`, or
    /// commissioning); the caller counts it as a breakdown or not.
    fn fail_server(&mut self, sv: usize, ttr: Tick, crew: Option<usize>) {
        let st_index = self.servers[sv].station as usize;
        let pool = self.stations[st_index].pool;
        let s = &mut self.servers[sv];
        s.saved_phase = s.phase;
        s.saved_remaining = s.remaining;
        match s.phase {
            Phase::WaitOp | Phase::WaitUnloadOp => self.cancel_request(pool.expect("waiting for its pool"), sv),
            Phase::Blocked => s.block_stamp = s.block_stamp.wrapping_add(1),
            Phase::Idle => {
                self.stations[st_index].idle.retain(|&i| i as usize != sv);
                if let Some(b) = &mut self.stations[st_index].batch {
                    b.idle.retain(|&i| i as usize != sv);
                }
            }
            Phase::WaitParts => {
                if let Some(a) = &mut self.stations[st_index].assembly {
                    a.waiting.retain(|&i| i as usize != sv);
                }
            }
            _ => {}
        }
        self.begin_with_crew(sv, Phase::Down, ttr, crew);
    }

    /// Enters a repair or maintenance of `time`, first waiting for a member
    /// of `crew` if it needs one.
    pub(crate) fn begin_with_crew(&mut self, sv: usize, phase: Phase, time: Tick, crew: Option<usize>) {
        match crew {
            Some(c) => {
                let s = &mut self.servers[sv];
                s.phase = phase;
                s.remaining = time;
                s.running = false;
                s.crew_wait = true;
                self.touch(sv);
                self.request(c, sv);
            }
            None => self.begin(sv, phase, time),
        }
    }

    /// The repair is done: the interrupted phase carries on.
    pub(crate) fn repair_end(&mut self, sv: usize) {
        if self.servers[sv].holds_crew {
            self.servers[sv].holds_crew = false;
            self.release(self.servers[sv].crew_pool as usize);
        }
        self.new_failure_clock(sv);
        let (phase, remaining) = (self.servers[sv].saved_phase, self.servers[sv].saved_remaining);
        match phase {
            Phase::Service | Phase::Setup | Phase::Load | Phase::Process | Phase::Unload => {
                let total = self.servers[sv].total;
                let restart = self.stations[self.servers[sv].station as usize].restart;
                self.begin(sv, phase, if restart { total } else { remaining });
                self.servers[sv].total = total;
            }
            Phase::WaitOp | Phase::WaitUnloadOp => {
                self.servers[sv].phase = phase;
                self.touch(sv);
                self.request_operator(sv);
            }
            Phase::Idle => {
                self.become_idle(sv);
                self.wake_waiters(self.servers[sv].station as usize);
            }
            Phase::Blocked => {
                self.servers[sv].phase = Phase::Blocked;
                self.push_on(sv);
            }
            // Back in line for a set of components.
            Phase::WaitParts => self.start_cycle(sv),
            Phase::Down | Phase::Maintenance => unreachable!("a repair interrupted a repair or maintenance"),
        }
    }
}
