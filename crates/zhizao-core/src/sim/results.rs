//! Statistics of one replication: counters reset at the end of the warm-up,
//! and the KPIs computed from them (see [`crate::kpi`] for names and units).
//!
//! Definitions (ISO 22400-2 and Nakajima, see the README's "How OEE is
//! measured"):
//! - throughput = good parts leaving the line per planned hour: per hour the
//!   plant calendar is on (per hour of simulated time without one), so a
//!   two-shift line is not diluted by its nights; the run's total is
//!   `good_output`; station output is per planned hour too;
//! - WIP = time-average of parts released and not yet gone;
//! - lead time = mean time from release to leaving, over good parts that left
//!   during the measured time;
//! - station states: planned time is the station's on-shift time; the six
//!   on-shift states are shares of it, `off_shift` a share of all hours;
//! - no orders = starved while the line is short of work (order-driven lines:
//!   no order waiting and no part in any buffer);
//! - planned busy time (PBT) = planned time minus no-orders time and
//!   planned maintenance;
//! - station OEE = availability x performance x quality, with availability =
//!   run (busy) time / PBT, performance = ideal cycle x operations / run time,
//!   quality = operations neither scrapped nor reworked / operations; so OEE
//!   = fully productive time / PBT;
//! - line OEE = availability x performance of the measured bottleneck (the
//!   station with the largest bottleneck share; the static constraint when no
//!   station was ever active) x line quality (good parts right first time /
//!   (good + scrapped));
//! - operator utilisation = operator time held / on-shift operator time;
//! - labour productivity = good parts / on-shift operator hours.

use super::{Simulation, State};
use crate::kpi::*;
use crate::state::STATES_N;
use crate::time::{HOUR, SECOND, Tick};

/// The KPIs of one replication: `line[i]` is [`LINE_KPIS`]`[i]`, and
/// `stations[s][j]` is [`STATION_KPIS`]`[j]` of station `s`. An undefined
/// value (e.g. lead time when nothing was finished) is NaN.
#[derive(Clone, Debug, PartialEq)]
pub struct Replication {
    /// Its number: the substream of every random stream and uncertain input.
    pub replication: u32,
    pub line: Vec<f64>,
    pub stations: Vec<Vec<f64>>,
    /// Parts released, finished good, scrapped and in process at the end
    /// (released counts only parts released after the warm-up).
    pub released: u64,
    pub finished: u64,
    pub scrapped: u64,
    /// Components joined to main parts at assembly stations (made or
    /// kitted in the line; not those taken from stock).
    pub consumed: u64,
    /// Components taken from stock at assembly stations.
    pub from_stock: u64,
    pub in_process: u64,
    /// In process when statistics started (end of warm-up).
    pub in_process_at_start: u64,
    /// Utilisation of each operator pool (time held / on-shift time), in
    /// pool order; NaN for a pool with nobody in it.
    pub pools: Vec<f64>,
    /// Events processed.
    pub events: u64,
    /// The station whose availability and performance make the line OEE.
    pub oee_station: usize,
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

impl Replication {
    /// Takes the line OEE (availability x performance x line quality) at
    /// station `s` instead of this replication's own bottleneck.
    pub fn at_oee_station(&mut self, s: usize) {
        let k = &self.stations[s];
        let (a, p) = (k[ST_AVAILABILITY], k[ST_PERFORMANCE]);
        self.line[AVAILABILITY] = a;
        self.line[PERFORMANCE] = p;
        self.line[OEE] = a * p * self.line[QUALITY];
    }
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
            s.acc = [0; STATES_N];
            s.since = now;
        }
        for rt in &mut self.stations {
            rt.completions = 0;
            rt.cycles = 0;
            rt.scrapped = 0;
            rt.reworked = 0;
            rt.ideal_secs = 0.0;
            rt.failures = 0;
            rt.queue_wait = 0;
            // Waits before the end of the warm-up are not measured. A batch
            // station's loading rule needs the true arrival, so its parts
            // count from `measure_start` instead.
            if rt.batch.is_none() {
                for &part in &rt.queue {
                    self.parts[part as usize].arrived = now;
                }
            }
        }
        self.short_flush();
        self.work.planned_acc = 0;
        let g = self.short_time();
        for rt in &mut self.stations {
            rt.no_orders_area = 0;
            rt.short_mark = g;
        }
        for p in &mut self.pools {
            p.busy_area = 0;
            p.on_time = 0;
        }
        for f in &mut self.fleets {
            f.moves = 0;
            f.transport = 0;
            f.busy = 0;
        }
        for c in &mut self.calendars {
            c.on_time = 0;
        }
        self.reset_line_stats();
        self.bottlenecks.reset(now);
        self.reset_energy();
        if let Some(book) = &mut self.book {
            book.reset();
        }
        if let Some(fg) = &mut self.finished {
            fg.reset(now);
        }
    }

    /// Starts the line's counters afresh now (keeping the WIP), for
    /// [`Simulation::reset_statistics`] and the departure-time engine.
    pub(super) fn reset_line_stats(&mut self) {
        let (now, wip) = (self.now, self.stats.wip);
        self.stats = super::LineStats {
            wip,
            wip_last: now,
            ..Default::default()
        };
        self.wip_at_start = wip;
        self.measure_start = now;
    }

    /// Time each server of station `s` spent in each state since statistics
    /// started, summed over the station's servers.
    pub(crate) fn station_state_time(&self, s: usize) -> [Tick; STATES_N] {
        let rt = &self.stations[s];
        let mut acc = [0; STATES_N];
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
        let g = self.short_time();
        let hours = |ticks: f64| ticks / HOUR as f64;
        let mut stations = Vec::with_capacity(line.stations.len());
        for (s, station) in line.stations.iter().enumerate() {
            let rt = &self.stations[s];
            let acc = self.station_state_time(s);
            let time = |state: State| acc[state as usize] as f64;
            let total = tf * station.servers as f64;
            let plan = total - time(State::OffShift);
            let mut k = vec![0.0; STATION_KPIS.len()];
            for state in State::ALL {
                let of = if state == State::OffShift { total } else { plan };
                k[ST_STATES + state as usize] = ratio(time(state), of);
            }
            let no_orders = (rt.no_orders_area + rt.starved as u128 * (g - rt.short_mark) as u128) as f64;
            // Planned maintenance is a planned stop, outside the planned busy time.
            let busy_time = plan - no_orders - time(State::Maintenance);
            let run = time(State::Busy);
            let ideal = rt.ideal_secs * SECOND as f64;
            let ops = rt.completions as f64;
            let per_op = ratio(ideal, ops);
            let a = ratio(run, busy_time);
            let p = ratio(ideal, run);
            let q = ratio((rt.completions - rt.scrapped - rt.reworked) as f64, ops);
            k[ST_THROUGHPUT] = ratio(ops * HOUR as f64, planned_line);
            k[ST_AVAILABILITY] = a;
            k[ST_PERFORMANCE] = p;
            k[ST_QUALITY] = q;
            k[ST_OEE] = a * p * q;
            k[ST_BOTTLENECK] = bottleneck[s];
            k[ST_NO_ORDERS] = ratio(no_orders, plan);
            k[ST_FAILURES] = rt.failures as f64;
            let waiting: Tick = rt
                .queue
                .iter()
                .map(|&p| self.now - self.parts[p as usize].arrived.max(self.measure_start))
                .sum();
            k[ST_BUFFER_MEAN] = ratio((rt.queue_wait + waiting) as f64, tf);
            k[ST_PLANNED_HOURS] = hours(plan);
            // One part per cycle except at a batch station.
            let cycles = if rt.batch.is_some() { rt.cycles } else { rt.completions };
            k[ST_MEAN_LOAD] = ratio(ops, cycles as f64);
            let scrap = if ops > 0.0 { per_op * rt.scrapped as f64 } else { 0.0 };
            let rework = if ops > 0.0 { per_op * rt.reworked as f64 } else { 0.0 };
            let losses = [
                time(State::Maintenance),
                time(State::Down),
                time(State::Setup),
                time(State::Starved) - no_orders + time(State::Blocked) + time(State::WaitingOperator),
                no_orders,
                run - ideal,
                scrap,
                rework,
                ideal - scrap - rework,
            ];
            for (kpi, loss) in StationKpi::LOSSES.iter().zip(losses) {
                k[*kpi as usize] = hours(loss);
            }
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
        let oee_station = super::bottleneck::largest_share(&bottleneck).unwrap_or_else(|| line.constraint());
        let quality = ratio(st.good_first_time as f64, good + st.scrapped as f64);
        k[AVAILABILITY] = stations[oee_station][ST_AVAILABILITY];
        k[PERFORMANCE] = stations[oee_station][ST_PERFORMANCE];
        k[QUALITY] = quality;
        k[OEE] = k[AVAILABILITY] * k[PERFORMANCE] * quality;
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
        k[CNC_SHARE] = line.server_share(|s| s.cnc);
        k[NETWORKED_SHARE] = line.server_share(|s| s.networked);
        k[WAITING_FOR_ORDERS] = if self.work.tracked {
            let w = &self.work;
            let plant_on = line.plant_calendar.is_none_or(|c| self.calendars[c].on);
            let open = if w.short && plant_on { self.now - w.since } else { 0 };
            ratio((w.planned_acc + open) as f64, planned_line)
        } else {
            0.0
        };
        // Vehicles: busy share of the planned time; transport time per move.
        if self.vehicles.is_empty() {
            k[VEHICLE_UTILISATION] = f64::NAN;
            k[TRANSPORT_TIME] = f64::NAN;
        } else {
            let (busy, moves, transport) = self.fleet_totals();
            k[VEHICLE_UTILISATION] = ratio(busy, self.vehicles.len() as f64 * planned_line);
            k[TRANSPORT_TIME] = ratio(transport as f64 / crate::time::MINUTE as f64, moves as f64);
        }
        let (kwh, cost) = self.energy_totals();
        k[ENERGY_PER_UNIT] = if good > 0.0 { kwh / good } else { f64::NAN };
        k[ENERGY_COST_YEAR] = cost * crate::economics::HOURS_PER_YEAR / hours(tf);
        let orders = self.order_figures();
        k[ORDERS_ON_TIME] = orders.on_time;
        k[TARDINESS_MEAN] = orders.tardiness_mean;
        k[TARDINESS_P95] = orders.tardiness_p95;
        k[ORDERS_OPEN] = orders.open;
        (k[STOCK_MEAN], k[FILL_RATE]) = match &self.finished {
            Some(fg) => fg.figures(self.measure_start, self.now),
            None => (f64::NAN, f64::NAN),
        };
        k[ORDERS_LOST] = if st.arrivals > 0 {
            st.lost as f64 / st.arrivals as f64
        } else {
            0.0
        };

        let (bucket, series_wip, series_good) = self.series.clone().finish(self.now, st.wip);
        Replication {
            replication: self.replication,
            pools,
            series_bucket_hours: bucket as f64 / HOUR as f64,
            series_wip,
            series_good,
            line: k,
            stations,
            released: st.released,
            finished: st.good,
            scrapped: st.scrapped,
            consumed: st.consumed,
            from_stock: st.from_stock,
            in_process: st.wip,
            in_process_at_start: self.wip_at_start,
            events: self.events,
            oee_station,
            flow_time_all_hours: ratio(st.flow_all as f64 / HOUR as f64, st.departures as f64),
        }
    }
}
