//! Plain-text tables a planner reads at a glance. Fractions are shown as
//! percentages; every mean carries its 95% half-width.

use std::fmt::Write;

use super::verdict;
use crate::experiment::{Analysis, VariantAnalysis};
use crate::kpi::{self, KpiDef, LINE_KPIS};
use crate::sim::State;
use crate::stats::Summary;
use crate::time::ticks_to_hours;

/// A number with a sensible number of digits for its size.
fn fmt(x: f64) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    let a = x.abs();
    if a >= 10_000.0 {
        group(x.round())
    } else if a >= 100.0 {
        format!("{x:.1}")
    } else if a >= 1.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.3}")
    }
}

/// Thousands separators for large numbers.
fn group(x: f64) -> String {
    let s = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if x < 0.0 { format!("-{out}") } else { out }
}

fn is_fraction(d: &KpiDef) -> bool {
    d.unit.is_empty()
}

/// A value in the KPI's display unit (fractions as percent).
fn show(d: &KpiDef, x: f64) -> String {
    if is_fraction(d) && x.is_finite() {
        format!("{:.1}%", 100.0 * x)
    } else {
        fmt(x)
    }
}

fn show_summary(d: &KpiDef, s: &Summary) -> String {
    match s.half_width {
        Some(h) => format!("{} ± {}", show(d, s.mean), show_hw(d, h)),
        None if s.n == 1 => format!("{} (n=1, no CI)", show(d, s.mean)),
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
    if is_fraction(d) { points(h) } else { fmt(h) }
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

fn station_table(out: &mut String, v: &VariantAnalysis) {
    let _ = writeln!(out, "\nStations (share of time; sums to 100%)");
    let names: Vec<&str> = v.stations.iter().map(|s| s.name.as_str()).collect();
    let w = names.iter().map(|n| n.len()).max().unwrap_or(7).max(7);
    let _ = write!(out, "{:<w$}  {:<7} {:>7}", "station", "kind", "servers");
    for state in State::ALL {
        let short = match state {
            State::Busy => "busy",
            State::Setup => "setup",
            State::Blocked => "blocked",
            State::Starved => "starved",
            State::Down => "down",
            State::OffShift => "off-shift",
            State::WaitingOperator => "wait-op",
        };
        let _ = write!(out, " {short:>9}");
    }
    let _ = writeln!(out, " {:>8} {:>9}", "OEE", "output/h");
    for st in &v.stations {
        let _ = write!(out, "{:<w$}  {:<7} {:>7}", st.name, st.kind, st.servers);
        for state in State::ALL {
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
            " {:>8} {:>9}",
            if oee.is_finite() {
                format!("{:.1}%", 100.0 * oee)
            } else {
                "-".into()
            },
            fmt(st.kpis[kpi::ST_THROUGHPUT].mean)
        );
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
        for (d, s) in LINE_KPIS.iter().zip(&v.kpis) {
            let _ = writeln!(out, "  {:<w$}  {}", label(d), show_summary(d, s));
        }
        station_table(&mut out, v);
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
    let _ = writeln!(out, "  {:>14}", "capital [RMB]");
    for v in &a.variants {
        let _ = write!(out, "{:<w$}", v.name);
        for (k, _) in HEADLINE {
            let d = &LINE_KPIS[k];
            let value = show(d, v.kpis[k].mean);
            let cell = match &v.vs_baseline {
                Some(diffs) if diffs[k].relative_pct.is_finite() => {
                    let mark = match verdict(d, &diffs[k]) {
                        "better" => "+",
                        "worse" => "-",
                        "changed" => "*",
                        _ => "=",
                    };
                    format!("{value} ({:+.1}%){mark}", diffs[k].relative_pct)
                }
                _ => value,
            };
            let _ = write!(out, "  {cell:>19}");
        }
        let _ = writeln!(out, "  {:>14}", group(v.capital_cost_rmb));
    }
    let _ = writeln!(
        out,
        "(+ better, - worse, = no significant difference at 95%, * changed)"
    );

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
            let x = &diffs[k];
            let change = match x.diff_half_width {
                Some(h) if x.relative_pct.is_finite() => {
                    format!(
                        "{} ± {} ({:+.1}%)",
                        signed(d, x.diff_mean),
                        show_hw(d, h),
                        x.relative_pct
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
                verdict(d, x)
            );
        }
    }
    for w in &a.warnings {
        let _ = writeln!(out, "note: {w}");
    }
    out
}

fn signed(d: &KpiDef, x: f64) -> String {
    let s = if is_fraction(d) { points(x.abs()) } else { fmt(x.abs()) };
    let unit = if is_fraction(d) { " pt" } else { "" };
    if x < 0.0 {
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
        assert_eq!(fmt(123_456.7), "123,457");
        assert_eq!(fmt(-12_345.0), "-12,345");
        assert_eq!(fmt(41.234), "41.23");
        assert_eq!(fmt(0.1234), "0.123");
        assert_eq!(fmt(f64::NAN), "-");
        assert_eq!(group(850_000.0), "850,000");
    }
}
