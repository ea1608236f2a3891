//! Statistics of one replication: counters reset at the end of the warm-up,
//! and the KPIs computed from them (see [`crate::kpi`] for names and units).
//!
//! Definitions:
//! - throughput = good parts leaving the line per planned hour: per hour the
//!   plant calendar is on (per hour of simulated time without one), so a
//!   two-shift line is not diluted by its nights; the run's total is
//!   `good_output`; station output is per planned hour too;
//! - WIP = time-average of parts released and not yet gone;
//! - lead time = mean time from release to leaving, over good parts that left
//!   during the measured time;
//! - station state fractions: time in each [`State`], averaged over servers;
//! - station OEE = availability x performance x quality, where planned time
//!   excludes off-shift time, availability excludes downtime and setup,
//!   performance = ideal cycle time x completions / operating time, and
//!   quality = completions neither scrapped nor reworked / completions;
//! - line OEE = availability x performance of the constraint (the station
//!   with the highest ideal load per part relative to its working time) x
//!   the line yield (good / (good + scrapped));
//! - operator utilisation = operator time held / on-shift operator time;
//! - labour productivity = good parts / on-shift operator hours.

use super::{Simulation, State};
use crate::kpi::*;
use crate::time::{HOUR, SECOND, Tick};

/// The KPIs of one replication: `line[i]` is [`LINE_KPIS`]`[i]`, and
/// `stations[s][j]` is [`STATION_KPIS`]`[j]` of station `s`. An undefined
/// value (e.g. lead time when nothing was finished) is NaN.
#[derive(Clone, Debug, PartialEq)]
pub struct Replication {
    pub line: Vec<f64>,
    pub stations: Vec<Vec<f64>>,
    /// Parts released, finished good, scrapped and in process at the end
    /// (released counts only parts released after the warm-up).
    pub released: u64,
    pub finished: u64,
    pub scrapped: u64,
    pub in_process: u64,
    /// In process when statistics started (end of warm-up).
    pub in_process_at_start: u64,
    /// Utilisation of each operator pool (time held / on-shift time), in
    /// pool order; NaN for a pool with nobody in it.
    pub pools: Vec<f64>,
    /// Events processed.
    pub events: u64,
    /// Mean time from release to leaving over all parts that left, hours.
    pub flow_time_all_hours: f64,
    /// Length of one time-series bucket, hours. The series cover the whole
    /// run from time 0, warm-up included.
    pub series_bucket_hours: f64,
    /// Time-average WIP in each bucket.
    pub series_wip: Vec<f64>,
    /// Good parts finished in each bucket.
    pub series_good: Vec<u32>,
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { f64::NAN }
}

impl Simulation {
    /// Discards everything measured so far (end of the warm-up).
    pub(crate) fn reset_statistics(&mut self) {
        self.touch_resources();
        let now = self.now;
        for s in &mut self.servers {
            s.acc = [0; 7];
            s.since = now;
        }
        for rt in &mut self.stations {
            rt.completions = 0;
            rt.scrapped = 0;
            rt.reworked = 0;
            rt.ideal_secs = 0.0;
        }
        for p in &mut self.pools {
            p.busy_area = 0;
            p.on_time = 0;
        }
        for c in &mut self.calendars {
            c.on_time = 0;
        }
        let wip = self.stats.wip;
        self.stats = super::LineStats {
            wip,
            wip_last: now,
            ..Default::default()
        };
        self.wip_at_start = wip;
        self.measure_start = now;
        self.bottlenecks.reset(now);
    }

    /// Time each server of station `s` spent in each state since statistics
    /// started, summed over the station's servers.
    pub(crate) fn station_state_time(&self, s: usize) -> [Tick; 7] {
        let rt = &self.stations[s];
        let mut acc = [0; 7];
        for sv in rt.first_server..rt.first_server + rt.servers {
            let server = &self.servers[sv];
            for (a, b) in acc.iter_mut().zip(server.acc) {
                *a += b;
            }
            acc[server.state as usize] += self.now - server.since;
        }
        acc
    }

    /// KPIs measured from the end of the warm-up up to now.
    pub fn results(&self) -> Replication {
        let line = &self.line;
        let t = self.now.saturating_sub(self.measure_start);
        let tf = t as f64;
        let st = &self.stats;

        // Planned hours: the plant calendar's working time, else all of it.
        let planned_line = match line.plant_calendar {
            Some(c) => {
                let cal = &self.calendars[c];
                (cal.on_time + if cal.on { self.now - cal.last } else { 0 }) as f64
            }
            None => tf,
        };
        let bottleneck = self.bottlenecks.clone().shares(self.now);
        let mut stations = Vec::with_capacity(line.stations.len());
        for (s, station) in line.stations.iter().enumerate() {
            let rt = &self.stations[s];
            let acc = self.station_state_time(s);
            let total = tf * station.servers as f64;
            let mut k = vec![0.0; STATION_KPIS.len()];
            for state in State::ALL {
                k[ST_STATES + state as usize] = ratio(acc[state as usize] as f64, total);
            }
            let plan = total - acc[State::OffShift as usize] as f64;
            let operating = plan - (acc[State::Down as usize] + acc[State::Setup as usize]) as f64;
            let a = ratio(operating, plan);
            let p = ratio(rt.ideal_secs * SECOND as f64, operating);
            let q = ratio(
                (rt.completions - rt.scrapped - rt.reworked) as f64,
                rt.completions as f64,
            );
            k[ST_THROUGHPUT] = ratio(rt.completions as f64 * HOUR as f64, planned_line);
            k[ST_AVAILABILITY] = a;
            k[ST_PERFORMANCE] = p;
            k[ST_QUALITY] = q;
            k[ST_OEE] = a * p * q;
            k[ST_BOTTLENECK] = bottleneck[s];
            stations.push(k);
        }

        let mut k = vec![0.0; LINE_KPIS.len()];
        let good = st.good as f64;
        k[THROUGHPUT] = ratio(good * HOUR as f64, planned_line);
        k[GOOD_OUTPUT] = good;
        k[WIP] = ratio(
            (st.wip_area + st.wip as u128 * (self.now - st.wip_last) as u128) as f64,
            tf,
        );
        k[FLOW_TIME] = ratio(st.flow_good as f64 / HOUR as f64, good);
        let c = line.constraint();
        let yield_ = ratio(good, good + st.scrapped as f64);
        k[AVAILABILITY] = stations[c][ST_AVAILABILITY];
        k[PERFORMANCE] = stations[c][ST_PERFORMANCE];
        k[QUALITY] = yield_;
        k[OEE] = k[AVAILABILITY] * k[PERFORMANCE] * yield_;
        k[SCRAP_RATE] = ratio(st.scrapped as f64, good + st.scrapped as f64);
        k[HEADCOUNT] = line.headcount() as f64;
        let mut busy = 0.0;
        let mut on_shift = 0.0;
        let mut pools = Vec::with_capacity(line.pools.len());
        for (p, pool) in line.pools.iter().enumerate() {
            let rt = &self.pools[p];
            let open = if rt.on { self.now - rt.last } else { 0 };
            let held = (rt.busy_area + (pool.headcount - rt.available) as u128 * open as u128) as f64;
            let present = pool.headcount as f64 * (rt.on_time + open) as f64;
            pools.push(ratio(held, present));
            busy += held;
            on_shift += present;
        }
        k[OPERATOR_UTILISATION] = ratio(busy, on_shift);
        k[LABOUR_PRODUCTIVITY] = ratio(good, on_shift / HOUR as f64);
        k[ROBOTS] = line.robots() as f64;
        k[ORDERS_LOST] = if st.arrivals > 0 {
            st.lost as f64 / st.arrivals as f64
        } else {
            0.0
        };

        let (bucket, series_wip, series_good) = self.series.clone().finish(self.now, st.wip);
        Replication {
            pools,
            series_bucket_hours: bucket as f64 / HOUR as f64,
            series_wip,
            series_good,
            line: k,
            stations,
            released: st.released,
            finished: st.good,
            scrapped: st.scrapped,
            in_process: st.wip,
            in_process_at_start: self.wip_at_start,
            events: self.events,
            flow_time_all_hours: ratio(st.flow_all as f64 / HOUR as f64, st.departures as f64),
        }
    }
}
