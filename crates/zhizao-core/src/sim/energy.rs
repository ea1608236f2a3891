//! Electricity: each station's power by state, integrated over the time its
//! servers spend in each state, and priced by the tariff period in which it
//! is drawn.
//!
//! Nothing here runs on the event path: the state times the servers keep
//! anyway are read at each tariff change (a few times a day) and at the end,
//! and the difference since the last reading is priced at the period that
//! has just ended. A line without `power_kw` keeps none of it.

use super::Simulation;
use super::queue::Kind;
use crate::model::Power;
use crate::state::{STATES_N, State};
use crate::time::{HOUR, Tick};

/// Energy bookkeeping of a line with powered stations.
#[derive(Debug)]
pub(crate) struct EnergyRt {
    /// Each station's state times (all servers) at the last reading.
    marks: Vec<[Tick; STATES_N]>,
    /// Energy since the statistics started, up to the last reading [kWh].
    pub kwh: f64,
    /// Its cost [RMB] (NaN without a tariff).
    pub cost: f64,
    /// The tariff's segment of the day in force since the last reading.
    segment: usize,
}

impl EnergyRt {
    pub fn new(stations: usize) -> EnergyRt {
        EnergyRt {
            marks: vec![[0; STATES_N]; stations],
            kwh: 0.0,
            cost: 0.0,
            segment: 0,
        }
    }
}

/// Power drawn by one server in `state` [kW].
pub(crate) fn power_in(p: &Power, state: State) -> f64 {
    match state {
        State::Busy => p.busy,
        State::Setup | State::Blocked | State::Starved | State::WaitingOperator => p.idle,
        State::Down | State::Maintenance => p.down,
        State::OffShift => p.off,
    }
}

impl Simulation {
    /// Energy [kWh] drawn since the last reading, and its cost [RMB], in the
    /// segment in force.
    fn energy_since_reading(&self) -> (f64, f64, Vec<[Tick; STATES_N]>) {
        let e = self.energy.as_ref().expect("energy is kept");
        let price = self.line.tariff.as_ref().map_or(f64::NAN, |t| t.day[e.segment].2);
        let mut kwh = 0.0;
        let mut now = Vec::with_capacity(e.marks.len());
        for (s, st) in self.line.stations.iter().enumerate() {
            let acc = self.station_state_time(s);
            if let Some(p) = &st.power {
                for state in State::ALL {
                    let dt = acc[state as usize] - e.marks[s][state as usize];
                    kwh += power_in(p, state) * dt as f64 / HOUR as f64;
                }
            }
            now.push(acc);
        }
        (kwh, kwh * price, now)
    }

    /// The tariff moves to its next period: the energy of the one that ended
    /// is priced.
    pub(crate) fn tariff_change(&mut self) {
        let (kwh, cost, marks) = self.energy_since_reading();
        let tariff = self.line.tariff.as_ref().expect("a tariff changes");
        let segment = tariff.segment(self.now);
        let next = tariff.next_change(self.now);
        let e = self.energy.as_mut().expect("energy is kept");
        e.kwh += kwh;
        e.cost += cost;
        e.marks = marks;
        e.segment = segment;
        if let Some(t) = next {
            self.queue.schedule(t, Kind::Tariff, 0, 0);
        }
    }

    /// Starts the tariff's clock (at time 0).
    pub(crate) fn start_energy(&mut self) {
        if let Some(t) = self.line.tariff.as_ref() {
            let segment = t.segment(self.now);
            if let Some(next) = t.next_change(self.now) {
                self.queue.schedule(next, Kind::Tariff, 0, 0);
            }
            if let Some(e) = self.energy.as_mut() {
                e.segment = segment;
            }
        }
    }

    /// Forgets the energy of the warm-up (the state times restart from 0).
    pub(crate) fn reset_energy(&mut self) {
        if let Some(e) = self.energy.as_mut() {
            for m in &mut e.marks {
                *m = [0; STATES_N];
            }
            e.kwh = 0.0;
            e.cost = 0.0;
        }
    }

    /// Energy [kWh] and its cost [RMB] since the statistics started; NaN
    /// when no station draws power.
    pub(crate) fn energy_totals(&self) -> (f64, f64) {
        match &self.energy {
            None => (f64::NAN, f64::NAN),
            Some(e) => {
                let (kwh, cost, _) = self.energy_since_reading();
                (e.kwh + kwh, e.cost + cost)
            }
        }
    }
}
