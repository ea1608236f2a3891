//! The scenario file as written: RON, deserialized with serde into structs
//! that still hold names and duration strings. Nothing here is checked beyond
//! syntax; [`super::validate`] turns it into a [`crate::model::Line`].
//!
//! Durations are strings with units (`"45s"`, `"2min"`, `"8h"`). Optional
//! fields may be written without `Some(...)`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::economics::Category;
use crate::uncertain::Num;

/// A whole scenario file: a baseline line and its retrofit variants.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename = "Scenario")]
pub struct RawScenario {
    pub name: String,
    /// Its name in Chinese, shown in place of `name` when the tables, the
    /// report and the view are in Chinese (`--lang zh`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default)]
    pub description: String,
    pub experiment: RawExperiment,
    /// The date of time 0, `"YYYY-MM-DD"`: it places the weekly calendars on
    /// real weekdays and is needed for holidays and overtime days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    /// Days the whole plant is closed (public holidays, a Spring Festival
    /// shutdown): every calendar is off, and so is equipment that otherwise
    /// runs around the clock.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holidays: Vec<RawClosure>,
    #[serde(default)]
    pub calendars: Vec<RawCalendar>,
    /// Calendar the machines and robots follow unless lights-out; none = always on.
    #[serde(default)]
    pub plant_calendar: Option<String>,
    #[serde(default)]
    pub operators: Vec<RawPool>,
    pub products: Vec<RawProduct>,
    /// Parts released in a row of the same product before the mix is drawn
    /// again (a production lot); 1 = every part drawn on its own.
    #[serde(default = "one_lot")]
    pub lot_size: i64,
    /// A fixed release order of product names, repeated (each entry one
    /// lot); the products' shares are then taken from it. Empty = drawn
    /// from the mix.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sequence: Vec<String>,
    /// Vehicles and carriers: `[(name: "agv", count: 2, speed_m_per_min: 60,
    /// load: Const("15s"), unload: Const("15s"))]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fleets: Vec<RawFleet>,
    /// Distances between stations in metres, both ways, e.g.
    /// `[(from: "a", to: "b", m: 30)]`; otherwise taken from positions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub distances: Vec<RawDistance>,
    pub source: RawSource,
    /// A make-to-stock line's finished goods: good units go into stock and
    /// customers take them out, one unit a demand, e.g. `(demand:
    /// Exp("90s"), rate_profile: (by_month: [...]), initial_stock: 20000)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_goods: Option<RawFinishedGoods>,
    pub stations: Vec<RawStation>,
    #[serde(default)]
    pub variants: Vec<RawVariant>,
    /// Money: what a good part is worth, what people and robots cost, the
    /// subsidy policy and the discount rate. Needed for payback and NPV.
    #[serde(default)]
    pub economics: Option<RawEconomics>,
    /// Automation options the optimiser may combine (`zhizao optimize`).
    #[serde(default)]
    pub candidates: Vec<RawVariant>,
}

/// Money matters of a scenario. All amounts in RMB. Any number marked
/// `Num` may be written as `Uncertain(Triangular(min: .., mode: .., max: ..))`
/// (or `Uniform(min, max)`, `Normal(mean, sd)`): it is then drawn once per
/// replication.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawEconomics {
    /// Contribution margin of one good unit (price minus material and
    /// other variable costs) [RMB].
    pub value_per_good_unit_rmb: Num,
    /// Fully loaded cost of one operator-hour on shift [RMB/h].
    pub operator_cost_per_hour_rmb: Num,
    /// Energy and maintenance of a robot per operating hour [RMB/h].
    #[serde(default)]
    pub robot_cost_per_operating_hour_rmb: Num,
    /// Yearly discount rate, e.g. 0.08.
    pub discount_rate: Num,
    /// Whole years over which the net present value is taken.
    pub horizon_years: f64,
    #[serde(default)]
    pub subsidy: Option<RawSubsidy>,
    /// Electricity prices, for the stations' `power_kw`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub energy: Option<RawEnergy>,
    /// Good units a year the market takes; output beyond it earns nothing
    /// (a saturated line's sales limit). None = all of it is sold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market_limit_units_per_year: Option<Num>,
    /// Yearly growth of wages, e.g. 0.05: labour savings and new posts grow with it.
    #[serde(default, skip_serializing_if = "Num::is_zero")]
    pub wage_growth: Num,
    /// Factor on every capital cost, e.g. `Uncertain(Triangular(min: 1.0,
    /// mode: 1.05, max: 1.3))` for a budget that may overrun.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capital_overrun: Option<Num>,
    /// Share of the capital the equipment is worth at the horizon.
    #[serde(default, skip_serializing_if = "Num::is_zero")]
    pub residual_value_share: Num,
    /// Enterprise income tax: `(rate: 0.25, one_off_cap_rmb: 5000000)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax: Option<RawTax>,
    /// VAT on the equipment (capital costs are written without it):
    /// `(rate: 0.13, deductible: true)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat: Option<RawVat>,
    /// A loan taken at installation: `(amount_rmb: .., rate: 0.0435,
    /// term_years: 5, interest_subsidy_rate: 0.02)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loan: Option<RawLoan>,
    /// The N of "the chance it pays back within N years" (default 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payback_within_years: Option<f64>,
    /// The firm around the line, for the policy indicators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firm: Option<RawFirm>,
}

/// Enterprise income tax and depreciation.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawTax {
    pub rate: Num,
    /// Equipment items costing at most this are deducted at once in year 1
    /// (China 2018-2027: 5,000,000); none = straight-line for all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one_off_cap_rmb: Option<f64>,
    /// Years of straight-line depreciation (default 10).
    #[serde(default = "ten_years")]
    pub depreciation_years: u32,
    /// The subsidy is taxable income when received (default true).
    #[serde(default = "yes")]
    pub subsidy_taxable: bool,
}

fn ten_years() -> u32 {
    10
}

fn yes() -> bool {
    true
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawVat {
    pub rate: f64,
    /// Input VAT on equipment is credited (default true).
    #[serde(default = "yes")]
    pub deductible: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawLoan {
    pub amount_rmb: f64,
    pub rate: Num,
    pub term_years: u32,
    /// Share of the balance a year the government pays towards interest.
    #[serde(default)]
    pub interest_subsidy_rate: f64,
}

/// The firm around the line.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawFirm {
    /// Employees outside the line's operator pools (indirect staff, office, other lines).
    #[serde(default)]
    pub other_employees: f64,
    /// ISO 8373 robots elsewhere in the firm.
    #[serde(default)]
    pub other_robots: f64,
    /// Hours one employee works a year (default 2000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours_per_employee_per_year: Option<f64>,
    /// Value added by one good unit [RMB]; default the contribution per unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_added_per_good_unit_rmb: Option<f64>,
    /// Value added by the rest of the firm a year [RMB/yr].
    #[serde(default)]
    pub other_value_added_rmb_per_year: f64,
}

/// Electricity: a flat price, and time-of-use periods that multiply it.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawEnergy {
    /// [RMB/kWh]
    pub flat_rmb_per_kwh: f64,
    /// The tariff's name, e.g. "Zhejiang industrial time-of-use (example)".
    #[serde(default)]
    pub tariff: String,
    /// Periods of the day priced at `factor` x the flat price, e.g.
    /// `(from: "15:00", to: "17:00", band: "peak", factor: 2.05)`; hours
    /// not listed are flat.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub periods: Vec<RawTariffPeriod>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawTariffPeriod {
    pub from: String,
    pub to: String,
    pub band: String,
    pub factor: f64,
}

/// A subsidy: `rate` of the eligible investment, at most `cap_rmb`, paid
/// when the eligible investment reaches `min_investment_rmb`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSubsidy {
    pub name: String,
    pub rate: Num,
    pub cap_rmb: f64,
    /// Investment categories that count; default robot cells, machines and software.
    #[serde(default = "default_eligible")]
    pub eligible: Vec<Category>,
    #[serde(default)]
    pub min_investment_rmb: f64,
    /// Chance the project is awarded (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub award_probability: Option<f64>,
    /// A competitive scheme: at most this many projects a year...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub projects_per_year: Option<u32>,
    /// ...among this many applicants; the chance is multiplied by
    /// `min(1, projects / applicants)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applicants_per_year: Option<u32>,
    /// Years after installation the award is paid (after acceptance, 验收).
    #[serde(default)]
    pub delay_years: u32,
}

fn default_eligible() -> Vec<Category> {
    vec![Category::RobotCell, Category::Machine, Category::Software]
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawExperiment {
    /// Discarded start-up time, e.g. "1w".
    pub warmup: String,
    /// Measured time after the warm-up, e.g. "52w".
    pub run: String,
    pub replications: i64,
    pub seed: u64,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawCalendar {
    pub name: String,
    /// Working days per week, counted from Monday.
    pub days: u32,
    /// (start, end) clock times, "HH:MM".
    pub shifts: Vec<(String, String)>,
    /// (start clock time, length), e.g. ("12:00", "30min").
    #[serde(default)]
    pub breaks: Vec<(String, String)>,
    /// Days this calendar alone is off (besides the plant's holidays).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closed: Vec<RawClosure>,
    /// Extra shifts on a date (a Saturday of overtime, a third shift in the
    /// peak season): `[(date: "2027-10-09", shifts: [("08:00", "16:00")])]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overtime: Vec<RawOvertime>,
}

/// Preventive maintenance of a station.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawMaintenance {
    /// Processing time between stops, e.g. "160h".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every: Option<String>,
    /// Length of a stop, e.g. "4h".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// The pool one of whose members does it (none = the machine's own service).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crew: Option<String>,
    /// Weekly windows in which the station is maintained.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub windows: Vec<RawWindow>,
}

/// Ramp-up after installation: the first part takes `first_unit_factor`
/// times the cycle, falling to the cycle along Wright's learning curve
/// (`learning_rate`: each doubling of the parts made multiplies the time
/// by it) or exponentially (`time_constant`); and early-life failures at
/// `early_failures_per_week` at first, decaying with `early_failure_decay`.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRampUp {
    #[serde(default = "one_factor")]
    pub first_unit_factor: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learning_rate: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_constant: Option<String>,
    #[serde(default)]
    pub early_failures_per_week: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub early_failure_decay: Option<String>,
    /// Repair time of an early failure (default: the station's own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub early_repair: Option<RawDist>,
    /// Commissioning after the installation, before the first part (e.g.
    /// "5d" of tuning and trial runs): booked as down.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commissioning: Option<String>,
}

fn one_factor() -> f64 {
    1.0
}

/// A weekly maintenance window.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawWindow {
    /// "Mon" to "Sun".
    pub day: String,
    /// Clock time, "HH:MM".
    pub start: String,
    pub length: String,
}

/// Electric power per server by state [kW].
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawPower {
    pub busy: f64,
    #[serde(default)]
    pub idle: f64,
    #[serde(default)]
    pub down: f64,
    #[serde(default)]
    pub off: f64,
}

/// Closed days, `from` to `to` inclusive (`to` omitted: one day).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawClosure {
    #[serde(default)]
    pub name: String,
    pub from: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

/// Extra shifts on one date.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawOvertime {
    pub date: String,
    /// (start, end) clock times, "HH:MM".
    pub shifts: Vec<(String, String)>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawPool {
    pub name: String,
    /// Its name in Chinese, shown in place of `name` when the tables, the
    /// report and the view are in Chinese (`--lang zh`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub headcount: i64,
    /// Shift calendar; none = always present.
    #[serde(default)]
    pub calendar: Option<String>,
    /// Other pools whose work these people are trained for, in priority
    /// order: a free member takes a waiting task there when the pool's own
    /// queue is empty (cross-training).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_for: Vec<String>,
    /// Skilled staff (setters, technicians), for the skilled/unskilled head
    /// count; default unskilled operators.
    #[serde(default, skip_serializing_if = "is_false")]
    pub skilled: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawProduct {
    pub name: String,
    /// Relative share of the product mix (shares are normalised).
    #[serde(default = "one")]
    pub share: f64,
    pub route: Vec<RawStep>,
    /// Released on its own whenever its first station has room (a feeder
    /// line or stock), not by the line's source: a component.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub feeder: bool,
}

fn one_lot() -> i64 {
    1
}

fn one() -> f64 {
    1.0
}

/// A route step: a station name, or alternatives
/// `Any(stations: ["a", "b"], rule: ShortestQueue)` (rule defaults to FirstFree).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(untagged)]
pub enum RawStep {
    Station(String),
    Choice(RawChoice),
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub enum RawChoice {
    Any {
        stations: Vec<String>,
        #[serde(default)]
        rule: RawRule,
    },
}

#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub enum RawRule {
    #[default]
    FirstFree,
    ShortestQueue,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub enum RawSource {
    /// Material always available.
    Saturated,
    /// Orders arriving with the given interarrival times.
    Orders {
        interarrival: RawDist,
        #[serde(default)]
        when_full: RawWhenFull,
        /// A rate that varies with the hour, weekday and month (Poisson
        /// arrivals; `interarrival` must then be `Exp`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rate_profile: Option<RawRateProfile>,
    },
    /// An order book: orders of a quantity with a release time and a due
    /// date, listed here or read from a CSV file (columns id, product,
    /// quantity, release, due; the path relative to the scenario file).
    OrderBook {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        orders: Vec<RawOrder>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        csv: Option<String>,
    },
}

/// Finished goods and the demand that takes them.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawFinishedGoods {
    /// Time between customer demands (one unit each).
    pub demand: RawDist,
    /// A demand rate that varies (the demands are then Poisson: `Exp`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_profile: Option<RawRateProfile>,
    /// Units in stock at the start.
    #[serde(default)]
    pub initial_stock: i64,
}

/// Multipliers of the base arrival rate (1 / mean interarrival time); an
/// empty list = 1 throughout.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRateProfile {
    /// 24 multipliers, 00:00-01:00 first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_hour: Vec<f64>,
    /// 7 multipliers, Monday first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_weekday: Vec<f64>,
    /// 12 multipliers, January first (needs `start_date`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_month: Vec<f64>,
    /// No orders come on the plant's holidays (customers know it is closed).
    #[serde(default)]
    pub none_on_holidays: bool,
}

/// One order of an order book. Times are dates (`"2027-03-01"`, `"2027-03-01
/// 14:00"`, needing `start_date`) or durations after the start (`"36h"`).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawOrder {
    pub id: String,
    pub product: String,
    pub quantity: i64,
    pub release: String,
    pub due: String,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub enum RawWhenFull {
    #[default]
    Backlog,
    Lose,
}

/// A duration distribution. All times are strings with units.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub enum RawDist {
    Const(String),
    Uniform {
        min: String,
        max: String,
    },
    Triangular {
        min: String,
        mode: String,
        max: String,
    },
    /// Normal truncated at zero.
    Normal {
        mean: String,
        sd: String,
    },
    /// Lognormal by mean and coefficient of variation.
    LogNormal {
        mean: String,
        cv: f64,
    },
    /// Exponential with the given mean.
    Exp(String),
    Gamma {
        shape: f64,
        mean: String,
    },
    Erlang {
        k: u32,
        mean: String,
    },
    Weibull {
        shape: f64,
        scale: String,
    },
    /// Measured times, resampled with equal probability.
    Empirical(Vec<String>),
    /// A time whose mean is not known exactly (a time study, a vendor's
    /// promise): `Uncertain(time: Normal(mean: "45s", sd: "3s"), mean:
    /// Triangular(min: "40s", mode: "45s", max: "55s"))`. Each replication
    /// draws the mean and scales `time` to it.
    Uncertain {
        time: Box<RawDist>,
        mean: RawUncertainTime,
    },
}

/// The distribution of an uncertain mean time (durations as strings).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub enum RawUncertainTime {
    Triangular { min: String, mode: String, max: String },
    Uniform { min: String, max: String },
    Normal { mean: String, sd: String },
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawStation {
    pub name: String,
    /// Its name in Chinese, shown in place of `name` when the tables, the
    /// report and the view are in Chinese (`--lang zh`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub kind: RawKind,
    #[serde(default = "one_server")]
    pub servers: i64,
    /// Processing time for every product not listed in `product_times`
    /// (for a batch station, of one load). A conveyor's follows from its
    /// length and speed.
    #[serde(default)]
    pub time: Option<RawDist>,
    #[serde(default)]
    pub product_times: BTreeMap<String, RawDist>,
    /// Changeover time when the product type changes.
    #[serde(default)]
    pub setup: Option<RawDist>,
    /// Sequence-dependent changeovers, e.g. `[(from: "DN15", to: "DN50",
    /// time: Const("40min"))]`; a change not listed takes `setup`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changeovers: Vec<RawChangeover>,
    /// Processes loads of several parts together (a furnace, a basket washer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<RawBatch>,
    /// Finished parts move on in containers of this many (racks, carts, trays).
    #[serde(default = "one_server")]
    pub transfer: i64,
    /// Bill of materials joined to each main part here, e.g.
    /// `[(component: "cap", count: 1, buffer: 10)]`; each component's route
    /// ends at this station.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assembly: Vec<RawComponent>,
    /// The fleet that carries finished parts to the next station.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport: Option<String>,
    /// Waiting places in front of the station: a number or "unlimited".
    #[serde(default)]
    pub buffer: RawBuffer,
    /// Machines and robots keep running outside the plant calendar.
    #[serde(default)]
    pub lights_out: bool,
    /// The calendar this machine or robot works to instead of the plant's (a
    /// furnace on three shifts while assembly works two).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// Preventive maintenance: a stop of `time` after every `every` of
    /// processing on each server (with a `crew` member, if named), and/or
    /// weekly `windows: [(day: "Sat", start: "08:00", length: "2h")]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maintenance: Option<RawMaintenance>,
    /// Electric power drawn per server by state [kW]: `(busy: 15, idle: 3,
    /// down: 0.5, off: 0.2)`; busy covers processing, loading and
    /// unloading, idle every other on-shift state but down and maintenance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub power_kw: Option<RawPower>,
    /// How new equipment comes up to speed after installation; in effect
    /// only when a run starts at the installation (`--from-install`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ramp_up: Option<RawRampUp>,
    #[serde(default)]
    pub failures: Option<RawFailureSpec>,
    /// Ideal (design or best demonstrated) cycle per part, loading and
    /// unloading included: the OEE performance reference. Default: the mean cycle.
    #[serde(default)]
    pub ideal_cycle: Option<String>,
    /// Ideal cycle of products whose time differs (as `product_times`).
    #[serde(default)]
    pub product_ideal_cycles: BTreeMap<String, String>,
    /// ISO 8373 industrial robots (manipulators) in the station, all servers
    /// together. Default: one per server for `Robot` stations (with a
    /// warning), none otherwise. A tester, printer or camera station has 0.
    #[serde(default)]
    pub robots: Option<i64>,
    /// People a robot cell or automatic machine still needs: setups,
    /// periodic tasks (magazine refills, tool changes), repairs.
    #[serde(default)]
    pub tending: Option<RawTending>,
    /// Numerically controlled equipment (the CNC rate's numerator).
    #[serde(default)]
    pub cnc: bool,
    /// Equipment connected to the plant network (the networking rate's numerator).
    #[serde(default)]
    pub networked: bool,
    /// A key process (关键工序): when any station is one, the CNC rate counts
    /// only key processes.
    #[serde(default, skip_serializing_if = "is_false")]
    pub key_process: bool,
    #[serde(default)]
    pub scrap: f64,
    #[serde(default)]
    pub rework: Option<RawRework>,
    /// Layout position in metres for the front end.
    #[serde(default)]
    pub position: Option<(f32, f32)>,
}

fn one_server() -> i64 {
    1
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub enum RawKind {
    Manual {
        operators: String,
    },
    Machine {
        #[serde(default)]
        operators: Option<String>,
        #[serde(default)]
        load: Option<RawDist>,
        #[serde(default)]
        unload: Option<RawDist>,
    },
    Robot,
    /// A conveyor of `length_m` metres at `speed_m_per_min`, with room for
    /// `places` parts (accumulating: a part stopped at the end holds the
    /// ones behind it).
    Conveyor {
        length_m: f64,
        speed_m_per_min: f64,
        places: i64,
    },
}

/// A fleet of vehicles or carriers.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawFleet {
    pub name: String,
    pub count: i64,
    pub speed_m_per_min: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load: Option<RawDist>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unload: Option<RawDist>,
    /// The operator pool whose people drive or push the vehicles, one per
    /// trip (carts, forklifts); none for driverless vehicles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crew: Option<String>,
}

/// A distance between two stations, in metres, the same both ways.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawDistance {
    pub from: String,
    pub to: String,
    pub m: f64,
}

/// One line of a bill of materials.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawComponent {
    pub component: String,
    #[serde(default = "one_server")]
    pub count: i64,
    /// Places in the component buffer (default: twice `count`).
    #[serde(default)]
    pub buffer: Option<i64>,
    /// The main product it goes into (default: every main part), e.g. a
    /// 500 ml inner shell into the 500 ml cup only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub into: Option<String>,
}

/// A changeover from one product to another at one station.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawChangeover {
    pub from: String,
    pub to: String,
    pub time: RawDist,
}

/// How a batch station fills its loads: a load starts when `size` parts
/// wait, or when at least `min_load` wait (default `size`) and the oldest
/// has waited `max_wait` (default: at once).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawBatch {
    pub size: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_load: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_wait: Option<String>,
    /// A load holds one product only.
    #[serde(default)]
    pub by_product: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub enum RawBuffer {
    Places(i64),
    Word(String),
}

impl Default for RawBuffer {
    fn default() -> Self {
        RawBuffer::Word("unlimited".into())
    }
}

/// Who looks after a robot cell or an automatic machine, and for what.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawTending {
    /// The pool (e.g. technicians) a task needs one member of.
    pub operators: String,
    /// Setups (changeovers) need a member (default true).
    #[serde(default = "yes")]
    pub setups: bool,
    /// Repairs need a member, unless `failures.crew` names another pool (default true).
    #[serde(default = "yes")]
    pub repairs: bool,
    /// Periodic tasks, e.g. `(name: "magazine refill", every: 200, time: Const("4min"))`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<RawTask>,
    /// Walking and handling allowance added to every visit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub walk: Option<RawDist>,
}

/// A task a server needs every `every` parts.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawTask {
    pub name: String,
    /// Parts between two tasks.
    pub every: i64,
    pub time: RawDist,
}

/// A station's breakdowns: `Never`, or failure data.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(
    untagged,
    expecting = "failures: expected `Never` or failure data `(time_to_failure: ..., time_to_repair: ...)` with optional `mode`, `crew`, `repairs` and `after_repair` (check the field names)"
)]
pub enum RawFailureSpec {
    /// `Never` (any other word is reported by the validator).
    Word(String),
    Data(RawFailures),
}

impl RawFailureSpec {
    /// The word that says a station does not fail.
    pub const NEVER: &'static str = "Never";
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawFailures {
    pub time_to_failure: RawDist,
    pub time_to_repair: RawDist,
    #[serde(default)]
    pub mode: RawFailureMode,
    /// Operator pool that repairs; none = repair starts at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crew: Option<String>,
    /// When the repair clock runs: `DuringShifts` (default) or `AroundTheClock`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub repairs: RawRepairs,
    /// `Resume` (default) the interrupted operation, or `Restart` it.
    #[serde(default, skip_serializing_if = "is_default")]
    pub after_repair: RawAfterRepair,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub enum RawRepairs {
    #[default]
    DuringShifts,
    AroundTheClock,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub enum RawAfterRepair {
    #[default]
    Resume,
    Restart,
}

fn is_default<T: Default + PartialEq>(x: &T) -> bool {
    *x == T::default()
}

#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub enum RawFailureMode {
    #[default]
    OperationDependent,
    TimeDependent,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRework {
    pub probability: f64,
    /// Station the part returns to; it must come earlier on the part's route.
    pub to: String,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawVariant {
    pub name: String,
    /// Its name in Chinese, shown in place of `name` when the tables, the
    /// report and the view are in Chinese (`--lang zh`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default)]
    pub description: String,
    pub changes: Vec<RawChange>,
}

impl RawVariant {
    /// The variant as RON, ready to paste into a scenario's `variants`.
    pub fn to_ron(&self) -> String {
        let config = ron::ser::PrettyConfig::new().struct_names(false);
        ron::ser::to_string_pretty(self, config).expect("a raw variant always serialises")
    }
}

/// One change a retrofit makes to the baseline.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub enum RawChange {
    /// The station becomes a robot cell (no operator).
    ReplaceWithRobot {
        station: String,
        time: RawDist,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        product_times: BTreeMap<String, RawDist>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        setup: Option<RawDist>,
        /// Required: failure data, or `Never`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        failures: Option<RawFailureSpec>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ideal_cycle: Option<String>,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        product_ideal_cycles: BTreeMap<String, String>,
        /// The people the new equipment still needs.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tending: Option<RawTending>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        robots: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cnc: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        networked: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scrap: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        servers: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lights_out: Option<bool>,
        #[serde(default)]
        capital_cost_rmb: Num,
        /// What the cost buys; defaults by change (robot cell, machine, conveyor).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        category: Option<Category>,
        /// Days the line stands still while this is installed.
        #[serde(default, skip_serializing_if = "is_zero")]
        install_days: f64,
    },
    /// The station becomes a machine (e.g. CNC), tended by operators for load/unload.
    ReplaceWithMachine {
        station: String,
        time: RawDist,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        product_times: BTreeMap<String, RawDist>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        operators: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        load: Option<RawDist>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unload: Option<RawDist>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        setup: Option<RawDist>,
        /// Required: failure data, or `Never`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        failures: Option<RawFailureSpec>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ideal_cycle: Option<String>,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        product_ideal_cycles: BTreeMap<String, String>,
        /// The people the new equipment still needs.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tending: Option<RawTending>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        robots: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cnc: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        networked: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scrap: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        servers: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lights_out: Option<bool>,
        #[serde(default)]
        capital_cost_rmb: Num,
        /// What the cost buys; defaults by change (robot cell, machine, conveyor).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        category: Option<Category>,
        /// Days the line stands still while this is installed.
        #[serde(default, skip_serializing_if = "is_zero")]
        install_days: f64,
    },
    /// New processing time at a station (faster tooling, better fixtures).
    SetTime {
        station: String,
        time: RawDist,
        /// The new ideal cycle; default: the new mean cycle.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ideal_cycle: Option<String>,
        #[serde(default)]
        capital_cost_rmb: Num,
        /// What the cost buys; defaults by change (robot cell, machine, conveyor).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        category: Option<Category>,
        /// Days the line stands still while this is installed.
        #[serde(default, skip_serializing_if = "is_zero")]
        install_days: f64,
    },
    /// New scrap probability at a station (e.g. vision inspection upstream).
    SetScrap {
        station: String,
        scrap: f64,
        #[serde(default)]
        capital_cost_rmb: Num,
        /// What the cost buys; defaults by change (robot cell, machine, conveyor).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        category: Option<Category>,
        /// Days the line stands still while this is installed.
        #[serde(default, skip_serializing_if = "is_zero")]
        install_days: f64,
    },
    SetBuffer {
        station: String,
        buffer: RawBuffer,
        #[serde(default)]
        capital_cost_rmb: Num,
        /// What the cost buys; defaults by change (robot cell, machine, conveyor).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        category: Option<Category>,
        /// Days the line stands still while this is installed.
        #[serde(default, skip_serializing_if = "is_zero")]
        install_days: f64,
    },
    AddServers {
        station: String,
        count: i64,
        #[serde(default)]
        capital_cost_rmb: Num,
        /// What the cost buys; defaults by change (robot cell, machine, conveyor).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        category: Option<Category>,
        /// Days the line stands still while this is installed.
        #[serde(default, skip_serializing_if = "is_zero")]
        install_days: f64,
    },
    SetHeadcount {
        pool: String,
        headcount: i64,
    },
    SetShifts {
        pool: String,
        calendar: String,
    },
    SetPlantCalendar {
        calendar: String,
    },
    /// A machine or robot works to its own calendar (a furnace moved to the
    /// night shifts, a cell on three shifts).
    SetCalendar {
        station: String,
        calendar: String,
    },
    /// New preventive maintenance at a station (`None` = none).
    SetMaintenance {
        station: String,
        maintenance: Option<RawMaintenance>,
    },
    /// How the station's new equipment ramps up after installation.
    SetRampUp {
        station: String,
        ramp_up: RawRampUp,
    },
    /// The power the station's (new) equipment draws by state.
    SetPower {
        station: String,
        power_kw: RawPower,
    },
    /// Capital spent on something the line model does not see (MES software, networking).
    Invest {
        item: String,
        capital_cost_rmb: Num,
        /// Stations this investment connects to the network (MES terminals,
        /// machine data collection): they count as networked digital
        /// equipment in the networking rate.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        networks: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        category: Option<Category>,
        #[serde(default, skip_serializing_if = "is_zero")]
        install_days: f64,
    },
    /// What the people side of the change costs: one-off severance,
    /// retraining and redeployment [RMB], and new skilled posts
    /// (technicians, programmers) at a yearly cost each.
    People {
        #[serde(default, skip_serializing_if = "is_zero")]
        severance_rmb: f64,
        #[serde(default, skip_serializing_if = "is_zero")]
        retraining_rmb: f64,
        #[serde(default, skip_serializing_if = "is_zero")]
        redeployment_rmb: f64,
        #[serde(default, skip_serializing_if = "is_zero")]
        technicians: f64,
        #[serde(default, skip_serializing_if = "is_zero")]
        technician_cost_per_year_rmb: f64,
        /// Freed operators who stay in the firm on other posts (people).
        #[serde(default, skip_serializing_if = "is_zero")]
        redeployed: f64,
    },
    /// Operators added to (positive) or taken from (negative) a pool.
    ChangeHeadcount {
        pool: String,
        by: i64,
    },
    /// A fleet gets a new size and, optionally, new vehicles (speed, load
    /// and unload times): AGVs instead of carts, one more forklift. A fleet
    /// the line does not have yet is added (it needs `speed_m_per_min`).
    SetFleet {
        fleet: String,
        count: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        speed_m_per_min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        load: Option<RawDist>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unload: Option<RawDist>,
        /// `Some("pool")` for vehicles with a driver, `None` to keep it;
        /// write `crew: ""` for driverless vehicles.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        crew: Option<String>,
        #[serde(default)]
        capital_cost_rmb: Num,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        category: Option<Category>,
        #[serde(default, skip_serializing_if = "is_zero")]
        install_days: f64,
    },
    /// The station becomes a conveyor, or its conveyor gets a new length,
    /// speed or room (what is not given is kept; a new conveyor needs all three).
    SetConveyor {
        station: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        length_m: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        speed_m_per_min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        places: Option<i64>,
        #[serde(default)]
        capital_cost_rmb: Num,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        category: Option<Category>,
        #[serde(default, skip_serializing_if = "is_zero")]
        install_days: f64,
    },
    /// Parts leaving a station are carried by a fleet (or, with no fleet, move at once).
    SetTransport {
        station: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fleet: Option<String>,
    },
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}
