//! The key performance indicators: names (with units), meaning, and which
//! direction is an improvement: the one catalogue every table, report and
//! the live view take their labels and units from.
//!
//! Results are plain `Vec<f64>`s indexed by [`LineKpi`] and [`StationKpi`]
//! (the `usize` constants below are those enums' positions, for indexing),
//! and the catalogues are built from the enums, so an index and its
//! definition cannot disagree.

use crate::state::STATES;

/// Which direction of change is an improvement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
    /// Neither direction is better in itself (e.g. number of robots).
    Neither,
}

/// One KPI: its stable machine name (used in JSON/CSV), a label and unit for
/// tables, and a short label for narrow panels.
#[derive(Clone, Copy, Debug)]
pub struct KpiDef {
    pub key: &'static str,
    pub label: &'static str,
    /// At most 18 characters, for the live view's panel.
    pub short: &'static str,
    /// Empty for a fraction (shown in percent).
    pub unit: &'static str,
    pub better: Better,
}

const fn k(key: &'static str, label: &'static str, short: &'static str, unit: &'static str, better: Better) -> KpiDef {
    KpiDef {
        key,
        label,
        short,
        unit,
        better,
    }
}

/// The line KPIs, in report order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKpi {
    Throughput,
    GoodOutput,
    Wip,
    FlowTime,
    Oee,
    Availability,
    Performance,
    Quality,
    ScrapRate,
    Headcount,
    OperatorUtilisation,
    LabourProductivity,
    Robots,
    CncShare,
    NetworkedShare,
    WaitingForOrders,
    OrdersLost,
    VehicleUtilisation,
    TransportTime,
    EnergyPerUnit,
    EnergyCostYear,
    OrdersOnTime,
    TardinessMean,
    TardinessP95,
    OrdersOpen,
    StockMean,
    FillRate,
}

impl LineKpi {
    pub const ALL: [LineKpi; 27] = [
        LineKpi::Throughput,
        LineKpi::GoodOutput,
        LineKpi::Wip,
        LineKpi::FlowTime,
        LineKpi::Oee,
        LineKpi::Availability,
        LineKpi::Performance,
        LineKpi::Quality,
        LineKpi::ScrapRate,
        LineKpi::Headcount,
        LineKpi::OperatorUtilisation,
        LineKpi::LabourProductivity,
        LineKpi::Robots,
        LineKpi::CncShare,
        LineKpi::NetworkedShare,
        LineKpi::WaitingForOrders,
        LineKpi::OrdersLost,
        LineKpi::VehicleUtilisation,
        LineKpi::TransportTime,
        LineKpi::EnergyPerUnit,
        LineKpi::EnergyCostYear,
        LineKpi::OrdersOnTime,
        LineKpi::TardinessMean,
        LineKpi::TardinessP95,
        LineKpi::OrdersOpen,
        LineKpi::StockMean,
        LineKpi::FillRate,
    ];

    /// Its definition.
    pub const fn def(self) -> KpiDef {
        use Better::*;
        match self {
            LineKpi::Throughput => k(
                "throughput_per_hour",
                "Good output per planned hour",
                "Output/hour",
                "units/h",
                Higher,
            ),
            LineKpi::GoodOutput => k("good_output", "Good units in run", "Good output", "units", Higher),
            LineKpi::Wip => k("wip", "Work in process", "WIP", "units", Lower),
            LineKpi::FlowTime => k("flow_time_hours", "Lead time", "Lead time", "h", Lower),
            LineKpi::Oee => k("oee", "OEE (at the bottleneck)", "OEE", "", Higher),
            LineKpi::Availability => k("availability", "Availability", "Availability", "", Higher),
            LineKpi::Performance => k("performance", "Performance", "Performance", "", Higher),
            LineKpi::Quality => k("quality", "Quality (right first time)", "Quality", "", Higher),
            LineKpi::ScrapRate => k("scrap_rate", "Scrap rate", "Scrap rate", "", Lower),
            LineKpi::Headcount => k("headcount", "Head count", "Head count", "per shift", Lower),
            LineKpi::OperatorUtilisation => k(
                "operator_utilisation",
                "Operator utilisation",
                "Operators busy",
                "",
                Neither,
            ),
            LineKpi::LabourProductivity => k(
                "labour_productivity_per_operator_hour",
                "Output per operator-hour",
                "Output/operator-h",
                "units/op-h",
                Higher,
            ),
            LineKpi::Robots => k("robots", "Robots in use (ISO 8373)", "Robots", "robots", Neither),
            LineKpi::CncShare => k("cnc_share", "CNC work places (static)", "CNC share", "", Neither),
            LineKpi::NetworkedShare => k(
                "networked_share",
                "Networked work places (static)",
                "Networked",
                "",
                Neither,
            ),
            LineKpi::WaitingForOrders => k(
                "waiting_for_orders",
                "Line waiting for orders",
                "No orders",
                "",
                Neither,
            ),
            LineKpi::OrdersLost => k("orders_lost_fraction", "Orders lost", "Orders lost", "", Lower),
            LineKpi::VehicleUtilisation => k(
                "vehicle_utilisation",
                "Vehicle utilisation (travelling, loading, unloading)",
                "Vehicles",
                "",
                Neither,
            ),
            LineKpi::TransportTime => k(
                "transport_time_min",
                "Transport time (call to delivery)",
                "Transport",
                "min",
                Lower,
            ),
            LineKpi::EnergyPerUnit => k(
                "energy_kwh_per_good_unit",
                "Electricity per good unit",
                "kWh/unit",
                "kWh/unit",
                Lower,
            ),
            LineKpi::EnergyCostYear => k(
                "energy_cost_per_year_rmb",
                "Electricity cost a year (at the tariff)",
                "Power cost/yr",
                "RMB/yr",
                Lower,
            ),
            LineKpi::OrdersOnTime => k("orders_on_time", "Orders completed on time", "On time", "", Higher),
            LineKpi::TardinessMean => k(
                "tardiness_mean_hours",
                "Tardiness (mean over completed orders)",
                "Tardiness",
                "h",
                Lower,
            ),
            LineKpi::TardinessP95 => k(
                "tardiness_p95_hours",
                "Tardiness, 95th percentile",
                "Tardiness p95",
                "h",
                Lower,
            ),
            LineKpi::OrdersOpen => k("orders_open", "Orders open at the end", "Open orders", "orders", Lower),
            LineKpi::StockMean => k(
                "finished_goods_mean",
                "Finished goods in stock (mean)",
                "FG stock",
                "units",
                Neither,
            ),
            LineKpi::FillRate => k("fill_rate", "Demand served from stock at once", "Fill rate", "", Higher),
        }
    }
}

/// Line KPIs, in report order ([`LineKpi`] order).
pub const LINE_KPIS: &[KpiDef] = &{
    let mut defs = [LineKpi::Throughput.def(); LineKpi::ALL.len()];
    let mut i = 0;
    while i < defs.len() {
        assert!(LineKpi::ALL[i] as usize == i, "LineKpi::ALL is in declaration order");
        defs[i] = LineKpi::ALL[i].def();
        i += 1;
    }
    defs
};

pub const THROUGHPUT: usize = LineKpi::Throughput as usize;
pub const GOOD_OUTPUT: usize = LineKpi::GoodOutput as usize;
pub const WIP: usize = LineKpi::Wip as usize;
pub const FLOW_TIME: usize = LineKpi::FlowTime as usize;
pub const OEE: usize = LineKpi::Oee as usize;
pub const AVAILABILITY: usize = LineKpi::Availability as usize;
pub const PERFORMANCE: usize = LineKpi::Performance as usize;
pub const QUALITY: usize = LineKpi::Quality as usize;
pub const SCRAP_RATE: usize = LineKpi::ScrapRate as usize;
pub const HEADCOUNT: usize = LineKpi::Headcount as usize;
pub const OPERATOR_UTILISATION: usize = LineKpi::OperatorUtilisation as usize;
pub const LABOUR_PRODUCTIVITY: usize = LineKpi::LabourProductivity as usize;
pub const ROBOTS: usize = LineKpi::Robots as usize;
pub const CNC_SHARE: usize = LineKpi::CncShare as usize;
pub const NETWORKED_SHARE: usize = LineKpi::NetworkedShare as usize;
pub const WAITING_FOR_ORDERS: usize = LineKpi::WaitingForOrders as usize;
pub const ORDERS_LOST: usize = LineKpi::OrdersLost as usize;
pub const VEHICLE_UTILISATION: usize = LineKpi::VehicleUtilisation as usize;
pub const TRANSPORT_TIME: usize = LineKpi::TransportTime as usize;
pub const ENERGY_PER_UNIT: usize = LineKpi::EnergyPerUnit as usize;
pub const ENERGY_COST_YEAR: usize = LineKpi::EnergyCostYear as usize;
pub const ORDERS_ON_TIME: usize = LineKpi::OrdersOnTime as usize;
pub const TARDINESS_MEAN: usize = LineKpi::TardinessMean as usize;
pub const TARDINESS_P95: usize = LineKpi::TardinessP95 as usize;
pub const ORDERS_OPEN: usize = LineKpi::OrdersOpen as usize;
pub const STOCK_MEAN: usize = LineKpi::StockMean as usize;
pub const FILL_RATE: usize = LineKpi::FillRate as usize;

/// The station KPIs, in report order: the eight state fractions first (in
/// [`crate::sim::State`] order), then the rest. The seven on-shift states are
/// shares of planned (on-shift) time and sum to 1; `off_shift` is a share of
/// all hours. The loss hours are machine-hours (summed over servers) in the
/// measured run, and sum to the planned hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StationKpi {
    /// The first state fraction; state `s` is at `States as usize + s as usize`.
    States,
    Throughput = 8,
    Oee,
    Availability,
    Performance,
    Quality,
    BottleneckShare,
    NoOrders,
    Failures,
    BufferMean,
    PlannedHours,
    MeanLoad,
    LossMaintenance,
    LossBreakdowns,
    LossSetups,
    LossMinorStops,
    LossNoOrders,
    LossSpeed,
    LossScrap,
    LossRework,
    ValueHours,
}

impl StationKpi {
    /// The KPIs after the state fractions.
    pub const REST: [StationKpi; 20] = [
        StationKpi::Throughput,
        StationKpi::Oee,
        StationKpi::Availability,
        StationKpi::Performance,
        StationKpi::Quality,
        StationKpi::BottleneckShare,
        StationKpi::NoOrders,
        StationKpi::Failures,
        StationKpi::BufferMean,
        StationKpi::PlannedHours,
        StationKpi::MeanLoad,
        StationKpi::LossMaintenance,
        StationKpi::LossBreakdowns,
        StationKpi::LossSetups,
        StationKpi::LossMinorStops,
        StationKpi::LossNoOrders,
        StationKpi::LossSpeed,
        StationKpi::LossScrap,
        StationKpi::LossRework,
        StationKpi::ValueHours,
    ];

    /// The loss breakdown: planned maintenance (a planned stop, outside
    /// OEE), the six big losses in their order with no orders among them,
    /// then the fully productive time; together they make up the planned hours.
    pub const LOSSES: [StationKpi; 9] = [
        StationKpi::LossMaintenance,
        StationKpi::LossBreakdowns,
        StationKpi::LossSetups,
        StationKpi::LossMinorStops,
        StationKpi::LossNoOrders,
        StationKpi::LossSpeed,
        StationKpi::LossScrap,
        StationKpi::LossRework,
        StationKpi::ValueHours,
    ];

    /// Its definition (the state fractions are named in [`STATES`]).
    pub const fn def(self) -> KpiDef {
        use Better::*;
        match self {
            StationKpi::States => k(STATES[0].key, STATES[0].label, STATES[0].short, "", Neither),
            StationKpi::Throughput => k(
                "throughput_per_hour",
                "Operations per planned hour",
                "Output/hour",
                "ops/h",
                Higher,
            ),
            StationKpi::Oee => k("oee", "OEE", "OEE", "", Higher),
            StationKpi::Availability => k("availability", "Availability", "Availability", "", Higher),
            StationKpi::Performance => k("performance", "Performance", "Performance", "", Higher),
            StationKpi::Quality => k("quality", "Quality", "Quality", "", Higher),
            StationKpi::BottleneckShare => k("bottleneck_share", "Bottleneck share", "Bottleneck", "", Neither),
            StationKpi::NoOrders => k(
                "no_orders",
                "Starved for want of orders (of planned time)",
                "No orders",
                "",
                Neither,
            ),
            StationKpi::Failures => k("failures", "Breakdowns in run", "Breakdowns", "failures", Lower),
            StationKpi::BufferMean => k("buffer_mean", "Parts waiting (mean)", "Buffer", "units", Lower),
            StationKpi::PlannedHours => k("planned_hours", "Planned time", "Planned", "machine-h", Neither),
            StationKpi::MeanLoad => k("mean_load", "Parts per cycle (mean load)", "Load", "units", Higher),
            StationKpi::LossMaintenance => k(
                "loss_maintenance_hours",
                "Planned maintenance (outside OEE)",
                "Maintenance",
                "machine-h",
                Neither,
            ),
            StationKpi::LossBreakdowns => k("loss_breakdowns_hours", "Breakdowns", "Breakdowns", "machine-h", Lower),
            StationKpi::LossSetups => k("loss_setups_hours", "Setups", "Setups", "machine-h", Lower),
            StationKpi::LossMinorStops => k(
                "loss_minor_stops_hours",
                "Minor stops (starved, blocked, waiting for operator)",
                "Minor stops",
                "machine-h",
                Lower,
            ),
            StationKpi::LossNoOrders => k(
                "loss_no_orders_hours",
                "No orders (outside OEE)",
                "No orders",
                "machine-h",
                Neither,
            ),
            StationKpi::LossSpeed => k("loss_speed_hours", "Reduced speed", "Speed loss", "machine-h", Lower),
            StationKpi::LossScrap => k("loss_scrap_hours", "Scrap", "Scrap", "machine-h", Lower),
            StationKpi::LossRework => k("loss_rework_hours", "Rework", "Rework", "machine-h", Lower),
            StationKpi::ValueHours => k(
                "fully_productive_hours",
                "Fully productive time",
                "Productive",
                "machine-h",
                Higher,
            ),
        }
    }
}

/// Station KPIs, in report order.
pub const STATION_KPIS: &[KpiDef] = &{
    let mut defs = [StationKpi::Throughput.def(); STATES.len() + StationKpi::REST.len()];
    let mut i = 0;
    while i < STATES.len() {
        let s = &STATES[i];
        // Time in a state is a loss unless it is work or off shift.
        let better = match s.state {
            crate::state::State::Busy | crate::state::State::OffShift => Better::Neither,
            _ => Better::Lower,
        };
        defs[i] = k(s.key, s.label, s.short, "", better);
        i += 1;
    }
    let mut j = 0;
    while j < StationKpi::REST.len() {
        assert!(
            StationKpi::REST[j] as usize == STATES.len() + j,
            "StationKpi::REST follows the states"
        );
        defs[STATES.len() + j] = StationKpi::REST[j].def();
        j += 1;
    }
    defs
};

/// Index of the first state fraction; the states follow in [`crate::sim::State`] order.
pub const ST_STATES: usize = StationKpi::States as usize;
pub const ST_THROUGHPUT: usize = StationKpi::Throughput as usize;
pub const ST_OEE: usize = StationKpi::Oee as usize;
pub const ST_AVAILABILITY: usize = StationKpi::Availability as usize;
pub const ST_PERFORMANCE: usize = StationKpi::Performance as usize;
pub const ST_QUALITY: usize = StationKpi::Quality as usize;
pub const ST_BOTTLENECK: usize = StationKpi::BottleneckShare as usize;
pub const ST_NO_ORDERS: usize = StationKpi::NoOrders as usize;
pub const ST_FAILURES: usize = StationKpi::Failures as usize;
pub const ST_BUFFER_MEAN: usize = StationKpi::BufferMean as usize;
pub const ST_PLANNED_HOURS: usize = StationKpi::PlannedHours as usize;
pub const ST_MEAN_LOAD: usize = StationKpi::MeanLoad as usize;
