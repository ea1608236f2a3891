//! The key performance indicators: names (with units), meaning, and which
//! direction is an improvement. Results are plain `Vec<f64>`s indexed by the
//! constants here, so reports iterate the catalogue in one fixed order.

/// Which direction of change is an improvement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
    /// Neither direction is better in itself (e.g. number of robots).
    Neither,
}

/// One KPI: its stable machine name (used in JSON/CSV), a label and unit for tables.
#[derive(Clone, Copy, Debug)]
pub struct KpiDef {
    pub key: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub better: Better,
}

const fn k(key: &'static str, label: &'static str, unit: &'static str, better: Better) -> KpiDef {
    KpiDef {
        key,
        label,
        unit,
        better,
    }
}

/// Line KPIs, in report order.
pub const LINE_KPIS: &[KpiDef] = &[
    k(
        "throughput_per_hour",
        "Good output per planned hour",
        "units/h",
        Better::Higher,
    ),
    k("good_output", "Good units in run", "units", Better::Higher),
    k("wip", "Work in process", "units", Better::Lower),
    k("flow_time_hours", "Lead time", "h", Better::Lower),
    k("oee", "OEE (constraint)", "", Better::Higher),
    k("availability", "Availability", "", Better::Higher),
    k("performance", "Performance", "", Better::Higher),
    k("quality", "Quality (yield)", "", Better::Higher),
    k("scrap_rate", "Scrap rate", "", Better::Lower),
    k("headcount", "Head count", "per shift", Better::Lower),
    k("operator_utilisation", "Operator utilisation", "", Better::Neither),
    k(
        "labour_productivity_per_operator_hour",
        "Output per operator-hour",
        "units/op-h",
        Better::Higher,
    ),
    k("robots", "Robots in use", "robots", Better::Neither),
    k("orders_lost_fraction", "Orders lost", "", Better::Lower),
];

pub const THROUGHPUT: usize = 0;
pub const GOOD_OUTPUT: usize = 1;
pub const WIP: usize = 2;
pub const FLOW_TIME: usize = 3;
pub const OEE: usize = 4;
pub const AVAILABILITY: usize = 5;
pub const PERFORMANCE: usize = 6;
pub const QUALITY: usize = 7;
pub const SCRAP_RATE: usize = 8;
pub const HEADCOUNT: usize = 9;
pub const OPERATOR_UTILISATION: usize = 10;
pub const LABOUR_PRODUCTIVITY: usize = 11;
pub const ROBOTS: usize = 12;
pub const ORDERS_LOST: usize = 13;

/// Station KPIs, in report order. The seven state fractions sum to 1.
pub const STATION_KPIS: &[KpiDef] = &[
    k("busy", "Busy", "", Better::Neither),
    k("setup", "Setup", "", Better::Lower),
    k("blocked", "Blocked", "", Better::Lower),
    k("starved", "Starved", "", Better::Lower),
    k("down", "Down", "", Better::Lower),
    k("off_shift", "Off shift", "", Better::Neither),
    k("waiting_operator", "Waiting for operator", "", Better::Lower),
    k(
        "throughput_per_hour",
        "Operations per planned hour",
        "ops/h",
        Better::Higher,
    ),
    k("oee", "OEE", "", Better::Higher),
    k("availability", "Availability", "", Better::Higher),
    k("performance", "Performance", "", Better::Higher),
    k("quality", "Quality", "", Better::Higher),
    k("bottleneck_share", "Bottleneck share", "", Better::Neither),
];

/// Index of the first state fraction; the states follow in [`crate::sim::State`] order.
pub const ST_STATES: usize = 0;
pub const ST_THROUGHPUT: usize = 7;
pub const ST_OEE: usize = 8;
pub const ST_AVAILABILITY: usize = 9;
pub const ST_PERFORMANCE: usize = 10;
pub const ST_QUALITY: usize = 11;
pub const ST_BOTTLENECK: usize = 12;
