//! The indicators the intelligent-manufacturing policies speak in, before
//! and after a retrofit: robot density, CNC rate of key processes,
//! networking rate, value added per employee, skilled and unskilled heads.
//!
//! Most are inventory ratios ("static": they follow from what the line
//! has, whatever the run); value added per employee is simulated (it
//! follows from the good output). Definitions:
//! - employees = the line's operators as full-time people (their on-shift
//!   hours a year over `hours_per_employee_per_year`, default 2,000) +
//!   the variant's new technician posts and redeployed operators + the
//!   firm's `other_employees`;
//! - robot density = ISO 8373 robots (the line's + `other_robots`) per
//!   10,000 employees;
//! - CNC rate of key processes = numerically controlled work places among
//!   the key processes' work places (all stations when none is marked
//!   `key_process`);
//! - networking rate = networked work places among the digital ones
//!   (machines, robot cells and any CNC or networked station);
//! - value added per employee = (good units a year x value added per unit
//!   + the rest of the firm's value added) / employees;
//! - skilled heads = skilled pools (`skilled: true`) + new technician
//!   posts; unskilled heads = the other pools + redeployed operators;
//!   other employees are in neither.
//!
//! The tool does not claim an intelligent-manufacturing maturity level
//! (GB/T 39116 is a questionnaire over 20 capability areas).

use crate::economics::{Economics, Firm, HOURS_PER_YEAR, People, operator_hours_by_pool};
use crate::model::{Line, StationKind};
use crate::sim::Replication;
use crate::time::{Tick, ticks_to_hours};

/// Static (inventory) or simulated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    Static,
    Simulated,
}

impl Basis {
    pub fn key(self) -> &'static str {
        match self {
            Basis::Static => "static",
            Basis::Simulated => "simulated",
        }
    }
}

/// One indicator's definition.
#[derive(Clone, Copy, Debug)]
pub struct IndicatorDef {
    pub key: &'static str,
    pub label: &'static str,
    /// Empty for a share (shown in percent).
    pub unit: &'static str,
    pub basis: Basis,
}

/// The indicators, in report order.
pub const INDICATORS: &[IndicatorDef] = &[
    IndicatorDef {
        key: "robots",
        label: "Industrial robots (ISO 8373)",
        unit: "robots",
        basis: Basis::Static,
    },
    IndicatorDef {
        key: "employees",
        label: "Employees (full-time)",
        unit: "people",
        basis: Basis::Static,
    },
    IndicatorDef {
        key: "robot_density_per_10000",
        label: "Robot density",
        unit: "per 10,000 employees",
        basis: Basis::Static,
    },
    IndicatorDef {
        key: "cnc_rate_key_processes",
        label: "CNC rate of key processes",
        unit: "",
        basis: Basis::Static,
    },
    IndicatorDef {
        key: "networking_rate",
        label: "Networking rate of digital equipment",
        unit: "",
        basis: Basis::Static,
    },
    IndicatorDef {
        key: "value_added_per_employee_rmb",
        label: "Value added per employee",
        unit: "RMB/person/yr",
        basis: Basis::Simulated,
    },
    IndicatorDef {
        key: "skilled_heads",
        label: "Skilled heads",
        unit: "people",
        basis: Basis::Static,
    },
    IndicatorDef {
        key: "unskilled_heads",
        label: "Unskilled heads",
        unit: "people",
        basis: Basis::Static,
    },
];

pub const ROBOTS: usize = 0;
pub const EMPLOYEES: usize = 1;
pub const ROBOT_DENSITY: usize = 2;
pub const CNC_RATE: usize = 3;
pub const NETWORKING_RATE: usize = 4;
pub const VALUE_ADDED: usize = 5;
pub const SKILLED: usize = 6;
pub const UNSKILLED: usize = 7;

/// Share of work places (servers) among those `of` that also are `has`; NaN when none.
fn share(
    line: &Line,
    of: impl Fn(&crate::model::Station) -> bool,
    has: impl Fn(&crate::model::Station) -> bool,
) -> f64 {
    let all: u32 = line.stations.iter().filter(|s| of(s)).map(|s| s.servers).sum();
    let with: u32 = line
        .stations
        .iter()
        .filter(|s| of(s) && has(s))
        .map(|s| s.servers)
        .sum();
    if all == 0 { f64::NAN } else { with as f64 / all as f64 }
}

/// The indicators of a variant, in [`INDICATORS`] order, from its line,
/// its people changes and its replications (value added: the mean good
/// output over them; NaN without economics).
pub fn indicators(
    line: &Line,
    people: &People,
    economics: Option<&Economics>,
    reps: &[Replication],
    run: Tick,
) -> Vec<f64> {
    let default_firm = Firm::default();
    let firm = economics.map_or(&default_firm, |e| &e.firm);
    let by_pool = operator_hours_by_pool(line);
    let fte = |skilled: bool| -> f64 {
        line.pools
            .iter()
            .zip(&by_pool)
            .filter(|(p, _)| p.skilled == skilled)
            .map(|(_, h)| h / firm.hours_per_employee_per_year)
            .sum()
    };
    let skilled = fte(true) + people.technicians;
    let unskilled = fte(false) + people.redeployed;
    let employees = skilled + unskilled + firm.other_employees;
    let robots = line.robots() as f64 + firm.other_robots;
    let any_key = line.stations.iter().any(|s| s.key_process);
    let cnc = share(line, |s| !any_key || s.key_process, |s| s.cnc);
    let digital =
        |s: &crate::model::Station| matches!(s.kind, StationKind::Machine | StationKind::Robot) || s.cnc || s.networked;
    let networking = share(line, digital, |s| s.networked);
    let value_added = economics.map_or(f64::NAN, |e| {
        let per_unit = firm.value_added_per_good_unit_rmb.unwrap_or(e.value_per_good_unit_rmb);
        let years = ticks_to_hours(run) / HOURS_PER_YEAR;
        let n = reps.len().max(1) as f64;
        let good_per_year = reps.iter().map(|r| r.line[crate::kpi::GOOD_OUTPUT]).sum::<f64>() / n / years;
        (good_per_year * per_unit + firm.other_value_added_rmb_per_year) / employees
    });
    vec![
        robots,
        employees,
        if employees > 0.0 {
            robots / employees * 10_000.0
        } else {
            f64::NAN
        },
        cnc,
        networking,
        value_added,
        skilled,
        unskilled,
    ]
}
