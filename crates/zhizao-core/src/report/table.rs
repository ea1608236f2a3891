//! Plain-text tables a planner reads at a glance. Fractions are shown as
//! percentages; every mean carries its 95% half-width.

use std::fmt::Write;

use super::line_verdict;
use crate::experiment::{Analysis, VariantAnalysis};
use crate::format::{grouped, is_fraction, kpi_value, number, percent, signed_percent};
use crate::kpi::{self, KpiDef, LINE_KPIS};
use crate::sim::State;
use crate::stats::Summary;
use crate::time::ticks_to_hours;

pub(crate) fn show_summary(d: &KpiDef, s: &Summary) -> String {
    match s.half_width {
        Some(h) => format!("{} ± {}", kpi_value(d, s.mean), show_hw(d, h)),
        None if s.n == 1 => format!("{} (n=1, no CI)", kpi_value(d, s.mean)),
        None => "-".into(),
    }
}

/// Percentage points with enough digits that a small change does not read as 0.
fn points(x: f64) -> String {
    let p = 100.0 * x;
    if p.abs() < 0.1 && p != 0.0 {
        format!("{p:.3}")
    } else {
        format!("{p:.1}")
    }
}

fn show_hw(d: &KpiDef, h: f64) -> String {
    if is_fraction(d) { points(h) } else { number(h) }
}

fn label(d: &KpiDef) -> String {
    if d.unit.is_empty() {
        d.label.to_string()
    } else {
        format!("{} [{}]", d.label, d.unit)
    }
}

fn header(out: &mut String, a: &Analysis) {
    let s = &a.settings;
    let _ = writeln!(out, "{}", a.scenario);
    let _ = writeln!(
        out,
        "{} replications x {:.0} h measured after {:.0} h warm-up, seed {}",
        s.replications,
        ticks_to_hours(s.run),
        ticks_to_hours(s.warmup),
        s.seed
    );
    let _ = writeln!(out, "values: mean ± 95% confidence half-width\n");
}

/// The states a station table shows: planned maintenance only when some
/// station of the variant has any.
fn shown_states(v: &VariantAnalysis) -> Vec<State> {
    let maintained = v
        .stations
        .iter()
        .any(|s| s.kpis[kpi::ST_STATES + State::Maintenance as usize].mean > 0.0);
    State::ALL
        .into_iter()
        .filter(|&s| s != State::Maintenance || maintained)
        .collect()
}

fn station_table(out: &mut String, v: &VariantAnalysis) {
    let _ = writeln!(
        out,
        "\nStations (share of planned time, the on-shift states sum to 100%; off-shift: share of all hours)"
    );
    let names: Vec<&str> = v.stations.iter().map(|s| s.name.as_str()).collect();
    let w = names.iter().map(|n| n.len()).max().unwrap_or(7).max(7);
    let states = shown_states(v);
    let _ = write!(out, "{:<w$}  {:<7} {:>7}", "station", "kind", "servers");
    for state in &states {
        let _ = write!(out, " {:>9}", state.info().short);
    }
    let _ = writeln!(out, " {:>8} {:>9} {:>10}", "OEE", "output/h", "bottleneck");
    for st in &v.stations {
        let _ = write!(out, "{:<w$}  {:<7} {:>7}", st.name, st.kind, st.servers);
        for &state in &states {
            let m = st.kpis[kpi::ST_STATES + state as usize].mean;
            let _ = write!(
                out,
                " {:>9}",
                if m.is_finite() {
                    format!("{:.1}%", 100.0 * m)
                } else {
                    "-".into()
                }
            );
        }
        let oee = st.kpis[kpi::ST_OEE].mean;
        let _ = writeln!(
            out,
            " {:>8} {:>9} {:>10}",
            percent(oee),
            number(st.kpis[kpi::ST_THROUGHPUT].mean),
            percent(st.kpis[kpi::ST_BOTTLENECK].mean)
        );
    }
}

/// The six big losses per station as shares of planned busy time, and the
/// OEE station's losses in hours. Time without orders and planned
/// maintenance are outside planned busy time (shares of planned time).
fn loss_table(out: &mut String, v: &VariantAnalysis) {
    use kpi::StationKpi;
    let maintained = shown_states(v).contains(&State::Maintenance);
    let _ = writeln!(
        out,
        "\nOEE losses ({}: share of planned time; the rest: share of planned busy time = planned time minus {}, summing to 100%)",
        if maintained {
            "no orders and maintenance"
        } else {
            "no orders"
        },
        if maintained { "both" } else { "no-orders time" }
    );
    let w = v.stations.iter().map(|s| s.name.len()).max().unwrap_or(7).max(7);
    let outside = [StationKpi::LossNoOrders, StationKpi::LossMaintenance];
    let losses: Vec<StationKpi> = StationKpi::LOSSES
        .into_iter()
        .filter(|l| !outside.contains(l))
        .collect();
    let _ = write!(out, "{:<w$}  {:>10}", "station", "no orders");
    if maintained {
        let _ = write!(out, " {:>11}", StationKpi::LossMaintenance.def().short);
    }
    for l in &losses {
        let _ = write!(out, " {:>11}", l.def().short);
    }
    let _ = writeln!(out);
    let pbt = |st: &crate::experiment::StationAnalysis| {
        st.kpis[kpi::ST_PLANNED_HOURS].mean
            - st.kpis[StationKpi::LossNoOrders as usize].mean
            - st.kpis[StationKpi::LossMaintenance as usize].mean
    };
    for st in &v.stations {
        let busy = pbt(st);
        let _ = write!(out, "{:<w$}  {:>10}", st.name, percent(st.kpis[kpi::ST_NO_ORDERS].mean));
        if maintained {
            let _ = write!(
                out,
                " {:>11}",
                percent(st.kpis[kpi::ST_STATES + State::Maintenance as usize].mean)
            );
        }
        for l in &losses {
            let share = if busy > 0.0 {
                st.kpis[*l as usize].mean / busy
            } else {
                f64::NAN
            };
            // Parts in process at the start of the measured time make a
            // speed loss a hair below zero; that is a boundary, not a gain.
            let share = if (-1e-3..0.0).contains(&share) { 0.0 } else { share };
            let _ = write!(out, " {:>11}", percent(share));
        }
        let _ = writeln!(out);
    }
    let Some((st, n)) = v.oee_reference() else { return };
    let _ = writeln!(
        out,
        "\nLine OEE at {} (the measured bottleneck in {n} of {} replications), machine-hours in the run:",
        st.name,
        v.replications.len()
    );
    let busy = pbt(st);
    let hours = |k: usize| st.kpis[k].mean;
    let lw = losses.iter().map(|l| l.def().label.len()).max().unwrap_or(10).max(19);
    let _ = writeln!(
        out,
        "  {:<lw$}  {:>10}",
        "Planned time",
        grouped(hours(kpi::ST_PLANNED_HOURS))
    );
    let row = |out: &mut String, label: &str, h: f64| {
        let _ = writeln!(
            out,
            "  {label:<lw$}  {:>10}  {:>6}",
            grouped(h),
            if busy > 0.0 { percent(h / busy) } else { "-".into() }
        );
    };
    for l in outside
        .iter()
        .filter(|&&l| maintained || l != StationKpi::LossMaintenance)
    {
        let _ = writeln!(out, "  {:<lw$}  {:>10}", l.def().label, grouped(hours(*l as usize)));
    }
    row(out, "Planned busy time", busy);
    for l in &losses {
        row(out, l.def().label, hours(*l as usize));
    }
}

/// "cnc_drilling, the bottleneck 79.5% of the time (then assembly 14.0%)",
/// or, when orders set the output, that first.
fn bottleneck_sentence(v: &VariantAnalysis) -> String {
    let orders = v.demand_limited().map(|share| {
        format!(
            "incoming orders set the output: the line waited for orders {} of its planned time",
            percent(share)
        )
    });
    let Some((st, share)) = v.bottleneck() else {
        return orders.unwrap_or_else(|| "no station was ever the bottleneck".into());
    };
    if let Some(orders) = orders {
        return format!(
            "{orders}; otherwise {} ({} of the time with a bottleneck); more capacity there shortens the lead time but adds little output",
            st.name,
            percent(share)
        );
    }
    let mut others: Vec<(&str, f64)> = v
        .stations
        .iter()
        .filter(|s| s.name != st.name)
        .map(|s| (s.name.as_str(), s.kpis[kpi::ST_BOTTLENECK].mean))
        .filter(|(_, m)| *m >= 0.005)
        .collect();
    others.sort_by(|a, b| b.1.total_cmp(&a.1));
    let then: Vec<String> = others
        .iter()
        .take(2)
        .map(|(n, m)| format!("{n} {}", percent(*m)))
        .collect();
    format!(
        "{}, the bottleneck {} of the time{}",
        st.name,
        percent(share),
        if then.is_empty() {
            String::new()
        } else {
            format!(" (then {})", then.join(", "))
        }
    )
}

/// Money: investment, subsidy, yearly benefit, payback and NPV per variant.
fn finance_table(out: &mut String, a: &Analysis) {
    let Some(e) = &a.economics else { return };
    let rows: Vec<&VariantAnalysis> = a.variants.iter().filter(|v| v.vs_baseline.is_some()).collect();
    let Some(_) = rows.first().and_then(|v| v.finance.as_ref()) else {
        return;
    };
    let _ = writeln!(
        out,
        "\nMoney against the baseline [RMB] (yearly figures from the simulated year; NPV over {} years at {:.1}%{})",
        e.horizon_years,
        100.0 * e.discount_rate,
        e.subsidy
            .as_ref()
            .map(|s| format!(
                "; subsidy \"{}\": {:.0}% up to {}",
                s.name,
                100.0 * s.rate,
                grouped(s.cap_rmb)
            ))
            .unwrap_or_default()
    );
    let w = rows.iter().map(|v| v.name.len()).max().unwrap_or(8).max(8);
    let _ = writeln!(
        out,
        "{:<w$}  {:>11}  {:>10}  {:>11}  {:>11}  {:>21}  {:>20}  {:>21}",
        "variant", "investment", "subsidy", "net", "labour/yr", "benefit/yr", "payback years", "NPV"
    );
    for v in rows {
        let Some(f) = &v.finance else { continue };
        let _ = writeln!(
            out,
            "{:<w$}  {:>11}  {:>10}  {:>11}  {:>11}  {:>21}  {:>20}  {:>21}",
            v.name,
            grouped(f.investment_rmb),
            grouped(f.subsidy_rmb),
            grouped(f.net_investment_rmb),
            grouped(f.annual_labour_saving_rmb),
            money(&f.annual_benefit_rmb),
            payback(&f.payback_years),
            money(&f.npv_rmb),
        );
    }
    let _ = writeln!(
        out,
        "(benefit = labour saving + extra contribution - extra robot running and electricity cost; subsidy = expected award; payback = years until the cumulative cash is at or above 0 for good, with its 95% range; 'never' = not within {} years)",
        crate::economics::PAYBACK_YEARS
    );
    conventions(out, e);
    risk_table(out, a, e);
    for v in a.variants.iter().filter(|v| v.vs_baseline.is_some()) {
        if let Some(b1) = v.finance.as_ref().and_then(|f| f.first_year_benefit_rmb.as_ref()) {
            let _ = writeln!(
                out,
                "{}: first year from the installation (ramp-up) {} RMB, the years after {} a year (benefit/yr above); payback and NPV count both",
                v.name,
                money(b1),
                v.finance
                    .as_ref()
                    .map(|f| money(&f.annual_benefit_rmb))
                    .unwrap_or_default()
            );
        }
    }
}

/// The finance conventions in force, in one line (nothing when none).
fn conventions(out: &mut String, e: &crate::economics::Economics) {
    let mut parts = Vec::new();
    if let Some(s) = &e.subsidy
        && (s.probability < 1.0 || s.delay_years > 0)
    {
        parts.push(format!(
            "subsidy granted with p = {:.2}, paid {} year(s) after installation",
            s.probability, s.delay_years
        ));
    }
    if let Some(t) = &e.tax {
        parts.push(match t.one_off_cap_rmb {
            Some(cap) => format!(
                "income tax {:.0}% (items up to {} deducted at once, dearer ones over {} years)",
                100.0 * t.rate,
                grouped(cap),
                t.depreciation_years
            ),
            None => format!(
                "income tax {:.0}% (straight-line over {} years)",
                100.0 * t.rate,
                t.depreciation_years
            ),
        });
    }
    if let Some(v) = &e.vat {
        parts.push(format!(
            "VAT {:.0}% on equipment ({})",
            100.0 * v.rate,
            if v.deductible {
                "credited in year 1"
            } else {
                "not deductible"
            }
        ));
    }
    if let Some(l) = &e.loan {
        parts.push(format!(
            "loan {} at {:.2}% over {} years ({} a year{})",
            grouped(l.amount_rmb),
            100.0 * l.rate,
            l.term_years,
            grouped(l.payment()),
            if l.interest_subsidy_rate > 0.0 {
                format!(", interest subsidy {:.2}%", 100.0 * l.interest_subsidy_rate)
            } else {
                String::new()
            }
        ));
    }
    if e.wage_growth != 0.0 {
        parts.push(format!("wages {:+.1}% a year", 100.0 * e.wage_growth));
    }
    if e.residual_value_share > 0.0 {
        parts.push(format!(
            "residual value {:.0}% of the capital",
            100.0 * e.residual_value_share
        ));
    }
    if e.capital_overrun != 1.0
        || e.inputs
            .iter()
            .any(|(_, f)| *f == crate::economics::Field::CapitalOverrun)
    {
        parts.push(format!("capital x {:.2} (overrun, at base)", e.capital_overrun));
    }
    if !parts.is_empty() {
        let _ = writeln!(out, "Conventions: {}.", parts.join("; "));
    }
}

/// How sure the money is: the spread of NPV and payback over replications,
/// and what the spread includes.
fn risk_table(out: &mut String, a: &Analysis, e: &crate::economics::Economics) {
    let rows: Vec<(&VariantAnalysis, &crate::economics::Finance)> = a
        .variants
        .iter()
        .filter_map(|v| v.finance.as_ref().map(|f| (v, f)))
        .collect();
    if rows.is_empty() || a.settings.replications < 2 {
        return;
    }
    let drawn: Vec<&String> = {
        let mut d: Vec<&String> = Vec::new();
        for (_, f) in &rows {
            for i in &f.risk.inputs {
                if !d.contains(&i) {
                    d.push(i);
                }
            }
        }
        d
    };
    let within = e.payback_within_years;
    let _ = writeln!(
        out,
        "\nHow sure [RMB] (over {} replications: {})",
        a.settings.replications,
        if drawn.is_empty() {
            "simulation noise only; no uncertain inputs are drawn".to_string()
        } else {
            format!(
                "simulation noise and {} uncertain input(s) drawn in each: {}",
                drawn.len(),
                drawn.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            )
        }
    );
    let w = rows.iter().map(|(v, _)| v.name.len()).max().unwrap_or(8).max(8);
    let _ = writeln!(
        out,
        "{:<w$}  {:>11}  {:>11}  {:>11}  {:>8}  {:>16}  {:>11}",
        "variant",
        "NPV P10",
        "NPV P50",
        "NPV P90",
        "NPV < 0",
        "payback P50-P90",
        format!(
            "paid <= {}y",
            crate::format::fixed(within, if within.fract() == 0.0 { 0 } else { 1 })
        )
    );
    let years = |x: f64| {
        if x.is_finite() {
            format!("{x:.1}")
        } else {
            "never".into()
        }
    };
    for (v, f) in rows {
        let r = &f.risk;
        let _ = writeln!(
            out,
            "{:<w$}  {:>11}  {:>11}  {:>11}  {:>8}  {:>16}  {:>11}",
            v.name,
            grouped(r.npv.p10),
            grouped(r.npv.p50),
            grouped(r.npv.p90),
            percent(r.probability_npv_negative),
            format!("{}-{}", years(r.payback.p50), years(r.payback.p90)),
            percent(r.probability_payback_within),
        );
    }
}

/// The policy indicators of each variant, before (baseline) and after.
pub(crate) fn indicators_table(out: &mut String, a: &Analysis) {
    use crate::indicators::INDICATORS;
    let Some(base) = a.variants.iter().find(|v| v.name == crate::scenario::BASELINE) else {
        return;
    };
    let others: Vec<&VariantAnalysis> = a.variants.iter().filter(|v| v.vs_baseline.is_some()).collect();
    let _ = writeln!(
        out,
        "\nPolicy indicators (static = from the inventory, simulated = from the run; no IM maturity level is claimed)"
    );
    let lw = INDICATORS.iter().map(|d| d.label.len()).max().unwrap_or(20);
    let cw = others.iter().map(|v| v.name.len()).max().unwrap_or(0).max(12);
    let _ = write!(out, "{:<lw$}  {:>9}  {:>12}", "indicator", "basis", "baseline");
    for v in &others {
        let _ = write!(out, "  {:>cw$}", v.name);
    }
    let _ = writeln!(out, "  unit");
    let show = |d: &crate::indicators::IndicatorDef, x: f64| {
        if !x.is_finite() {
            "-".to_string()
        } else if d.unit.is_empty() {
            percent(x)
        } else if d.unit == "people" {
            format!("{x:.1}")
        } else {
            grouped(x.round())
        }
    };
    for (i, d) in INDICATORS.iter().enumerate() {
        let b = base.indicators[i];
        let _ = write!(out, "{:<lw$}  {:>9}  {:>12}", d.label, d.basis.key(), show(d, b));
        for v in &others {
            let x = v.indicators[i];
            let change = if d.unit.is_empty() {
                format!("{:+.0} pt", 100.0 * (x - b))
            } else if b.abs() > 1e-9 && b.is_finite() {
                format!("{:+.0}%", 100.0 * (x / b - 1.0))
            } else {
                String::new()
            };
            let cell = if x.is_finite() && b.is_finite() && !change.is_empty() {
                format!("{} ({change})", show(d, x))
            } else {
                show(d, x)
            };
            let _ = write!(out, "  {cell:>cw$}");
        }
        let unit = if d.unit.is_empty() { "share" } else { d.unit };
        let _ = writeln!(out, "  {unit}");
    }
}

/// The tornado tables: what moves each variant's NPV, one input at a time.
pub fn tornado_table(tornados: &[crate::tornado::Tornado]) -> String {
    let mut out = String::new();
    for t in tornados {
        let _ = writeln!(
            out,
            "\nSensitivity of \"{}\": each uncertain input at its 10th and 90th percentile, the others at base (NPV at base {} RMB)",
            t.variant,
            grouped(t.base_npv)
        );
        let lw = t
            .bars
            .iter()
            .map(|b| b.label.chars().count())
            .max()
            .unwrap_or(10)
            .max(10);
        let _ = writeln!(
            out,
            "{:<lw$}  {:>23}  {:>11}  {:>11}  {:>11}  {:>11}",
            "input", "low / base / high", "NPV low", "NPV high", "swing", "payback"
        );
        let y = |x: Option<f64>| x.map_or("never".to_string(), |x| format!("{x:.1}"));
        for b in &t.bars {
            let _ = writeln!(
                out,
                "{:<lw$}  {:>23}  {:>11}  {:>11}  {:>11}  {:>11}",
                b.label,
                format!("{} / {} / {}", number(b.low), number(b.base), number(b.high)),
                grouped(b.npv.0),
                grouped(b.npv.1),
                grouped(b.swing()),
                format!("{}-{}", y(b.payback.0), y(b.payback.1)),
            );
        }
    }
    out
}

pub(crate) fn money(s: &Summary) -> String {
    match s.half_width {
        Some(h) => format!("{} ± {}", grouped(s.mean), grouped(h)),
        None => grouped(s.mean),
    }
}

/// "3.2 (2.9-3.6)", "never", "4.1 (3.0-never)".
pub(crate) fn payback(p: &crate::economics::Payback) -> String {
    let y = |x: Option<f64>| x.map_or("never".to_string(), |x| format!("{x:.1}"));
    match p.estimate {
        None if p.low.is_none() => "never".into(),
        _ => format!("{} ({}-{})", y(p.estimate), y(p.low), y(p.high)),
    }
}

/// The result of `zhizao run`: line KPIs and station states of each variant run.
pub fn run_table(a: &Analysis) -> String {
    let mut out = String::new();
    header(&mut out, a);
    for v in &a.variants {
        let _ = writeln!(
            out,
            "Variant: {}{}",
            v.name,
            if v.description.is_empty() {
                String::new()
            } else {
                format!(" ({})", v.description)
            }
        );
        let w = LINE_KPIS.iter().map(|d| label(d).chars().count()).max().unwrap_or(10);
        // A KPI with nothing to measure (vehicles on a line without any,
        // operators on a line without people) is left out.
        for (d, s) in LINE_KPIS.iter().zip(&v.kpis).filter(|(_, s)| !s.mean.is_nan()) {
            let _ = writeln!(out, "  {:<w$}  {}", label(d), show_summary(d, s));
        }
        let _ = writeln!(out, "  {:<w$}  {}", "Bottleneck", bottleneck_sentence(v));
        station_table(&mut out, v);
        loss_table(&mut out, v);
        if !v.pools.is_empty() {
            let w = v.pools.iter().map(|p| p.name.len()).max().unwrap_or(8).max(8);
            let _ = writeln!(
                out,
                "\nOperators (per shift; utilisation = time at a task / time on shift)"
            );
            for p in &v.pools {
                let u = &p.utilisation;
                let shown = if u.n == 0 {
                    "-".to_string()
                } else {
                    format!("{:.1}%", 100.0 * u.mean)
                };
                let _ = writeln!(out, "  {:<w$}  {:>3} people  {:>7} busy", p.name, p.headcount, shown);
            }
        }
        let _ = writeln!(out);
    }
    for w in &a.warnings {
        let _ = writeln!(out, "note: {w}");
    }
    out
}

/// The headline KPIs of a comparison, in this order, with short column titles.
const HEADLINE: [(usize, &str); 6] = [
    (kpi::THROUGHPUT, "output/h"),
    (kpi::LABOUR_PRODUCTIVITY, "per operator-h"),
    (kpi::FLOW_TIME, "lead time h"),
    (kpi::WIP, "WIP"),
    (kpi::OEE, "OEE"),
    (kpi::HEADCOUNT, "head count"),
];

/// The result of `zhizao compare`: a headline table (one row per variant),
/// then for each variant every KPI against the baseline with the paired
/// 95% interval of the change and a verdict.
pub fn comparison_table(a: &Analysis) -> String {
    let mut out = String::new();
    header(&mut out, a);
    let w = a.variants.iter().map(|v| v.name.len()).max().unwrap_or(8).max(8);
    let _ = write!(out, "{:<w$}", "variant");
    for (_, title) in HEADLINE {
        let _ = write!(out, "  {title:>19}");
    }
    let _ = writeln!(out, "  {:>14}  bottleneck", "capital [RMB]");
    for v in &a.variants {
        let _ = write!(out, "{:<w$}", v.name);
        for (k, _) in HEADLINE {
            let d = &LINE_KPIS[k];
            let value = kpi_value(d, v.kpis[k].mean);
            let cell = match &v.vs_baseline {
                Some(diffs) if diffs[k].relative_pct.is_finite() => {
                    let mark = match line_verdict(v, k) {
                        "better" => "+",
                        "worse" => "-",
                        "changed" => "*",
                        _ => "=",
                    };
                    format!("{value} ({}){mark}", signed_percent(diffs[k].relative_pct))
                }
                _ => value,
            };
            let _ = write!(out, "  {cell:>19}");
        }
        let neck = v
            .bottleneck()
            .map(|(s, m)| format!("{} {}", s.name, percent(m)))
            .unwrap_or_else(|| "-".into());
        let _ = writeln!(out, "  {:>14}  {neck}", grouped(v.capital_cost_rmb));
    }
    let _ = writeln!(
        out,
        "(+ better, - worse, = no significant difference at 95%, * changed (OEE: taken at another bottleneck than the baseline's); bottleneck = station most often the momentary bottleneck, share of the time; OEE is taken there)"
    );
    finance_table(&mut out, a);
    indicators_table(&mut out, a);

    for v in &a.variants {
        let Some(diffs) = &v.vs_baseline else { continue };
        let base = a
            .variants
            .iter()
            .find(|b| b.vs_baseline.is_none())
            .expect("a baseline is present");
        let _ = writeln!(
            out,
            "\n{} vs {}{}",
            v.name,
            base.name,
            if v.description.is_empty() {
                String::new()
            } else {
                format!(": {}", v.description)
            }
        );
        let lw = LINE_KPIS.iter().map(|d| label(d).chars().count()).max().unwrap_or(10);
        let _ = writeln!(
            out,
            "  {:<lw$}  {:>20}  {:>20}  {:>28}  verdict",
            "KPI", base.name, v.name, "change (95% CI)"
        );
        for (k, d) in LINE_KPIS.iter().enumerate() {
            if base.kpis[k].mean.is_nan() && v.kpis[k].mean.is_nan() {
                continue;
            }
            let x = &diffs[k];
            let change = match x.diff_half_width {
                Some(h) if x.relative_pct.is_finite() => {
                    format!(
                        "{} ± {} ({})",
                        signed(d, x.diff_mean),
                        show_hw(d, h),
                        signed_percent(x.relative_pct)
                    )
                }
                Some(h) => format!("{} ± {}", signed(d, x.diff_mean), show_hw(d, h)),
                None => "-".into(),
            };
            let _ = writeln!(
                out,
                "  {:<lw$}  {:>20}  {:>20}  {:>28}  {}",
                label(d),
                show_summary(d, &base.kpis[k]),
                show_summary(d, &v.kpis[k]),
                change,
                line_verdict(v, k)
            );
        }
    }
    for w in &a.warnings {
        let _ = writeln!(out, "note: {w}");
    }
    out
}

/// The result of `zhizao sweep`: one row per point (the baseline first, as
/// the reference), the swept values, headline KPIs and the change of the
/// chart's KPI against the baseline.
pub fn sweep_table(a: &Analysis, params: &[String], labels: &[Vec<String>], kpi: usize) -> String {
    let mut out = String::new();
    header(&mut out, a);
    let widths: Vec<usize> = params
        .iter()
        .enumerate()
        .map(|(i, p)| labels.iter().map(|l| l[i].len()).max().unwrap_or(1).max(p.len()))
        .collect();
    for (p, w) in params.iter().zip(&widths) {
        let _ = write!(out, "{p:<w$}  ");
    }
    for (_, title) in HEADLINE {
        let _ = write!(out, "{title:>18}  ");
    }
    let d = &LINE_KPIS[kpi];
    let _ = writeln!(out, "{} vs baseline", d.key);
    let offset = a.variants.len() - labels.len();
    for (i, v) in a.variants.iter().enumerate() {
        if i < offset {
            let total: usize = widths.iter().map(|w| w + 2).sum();
            let _ = write!(out, "{:<total$}", format!("{} (reference)", v.name));
        } else {
            for (l, w) in labels[i - offset].iter().zip(&widths) {
                let _ = write!(out, "{l:<w$}  ");
            }
        }
        for (k, _) in HEADLINE {
            let _ = write!(out, "{:>18}  ", show_summary(&LINE_KPIS[k], &v.kpis[k]));
        }
        let change = match &v.vs_baseline {
            Some(diffs) => {
                let x = &diffs[kpi];
                match x.diff_half_width {
                    Some(h) => format!(
                        "{} ± {} {}",
                        signed(d, x.diff_mean),
                        show_hw(d, h),
                        line_verdict(v, kpi)
                    ),
                    None => signed(d, x.diff_mean),
                }
            }
            None => String::new(),
        };
        let _ = writeln!(out, "{}", change.trim_end());
    }
    finance_table(&mut out, a);
    for w in &a.warnings {
        let _ = writeln!(out, "note: {w}");
    }
    out
}

fn signed(d: &KpiDef, x: f64) -> String {
    let s = if is_fraction(d) {
        points(x.abs())
    } else {
        number(x.abs())
    };
    let unit = if is_fraction(d) { " pt" } else { "" };
    if !s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        // Rounds to zero: no sign.
        format!("{s}{unit}")
    } else if x < 0.0 {
        format!("-{s}{unit}")
    } else {
        format!("+{s}{unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_readable() {
        assert_eq!(number(123_456.7), "123,457");
        assert_eq!(number(-12_345.0), "-12,345");
        assert_eq!(number(41.234), "41.23");
        assert_eq!(number(0.1234), "0.123");
        assert_eq!(number(f64::NAN), "-");
        assert_eq!(grouped(850_000.0), "850,000");
    }

    #[test]
    fn no_negative_zeros_and_whole_head_counts() {
        use crate::format::{fixed, signed_percent};
        assert_eq!(number(-0.0001), "0.000");
        assert_eq!(fixed(-0.0004, 3), "0.000");
        assert_eq!(percent(-0.00001), "0.0%");
        assert_eq!(grouped(-0.4), "0");
        assert_eq!(signed_percent(-0.01), "0.0%");
        assert_eq!(signed_percent(9.04), "+9.0%");
        assert_eq!(signed_percent(-14.29), "-14.3%");
        let oee = &LINE_KPIS[kpi::OEE];
        assert_eq!(signed(oee, -1e-17), "0.000 pt");
        assert_eq!(signed(oee, 0.0123), "+1.2 pt");
        assert_eq!(signed(oee, -0.0004), "-0.040 pt");
        let heads = &LINE_KPIS[kpi::HEADCOUNT];
        assert_eq!(kpi_value(heads, 14.0), "14");
        assert_eq!(kpi_value(heads, 13.5), "13.50");
        assert_eq!(kpi_value(oee, 0.8333), "83.3%");
    }
}
