//! How numbers are written for people, in one place: the tables, the
//! reports and the live view all call these, so the same value reads the
//! same everywhere. (Chart tick labels, which must be short, are
//! `report::svg::number`; JSON and CSV carry full precision.)

use crate::kpi::KpiDef;

/// A number with a sensible number of digits for its size.
pub fn number(x: f64) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    let a = x.abs();
    if a >= 10_000.0 {
        grouped(x.round())
    } else if a >= 100.0 {
        format!("{x:.1}")
    } else if a >= 1.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.3}")
    }
}

/// Thousands separators for large numbers.
pub fn grouped(x: f64) -> String {
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

/// A KPI without a unit is a fraction, shown in percent.
pub fn is_fraction(d: &KpiDef) -> bool {
    d.unit.is_empty()
}

/// A value in the KPI's display unit (fractions as percent).
pub fn kpi_value(d: &KpiDef, x: f64) -> String {
    if is_fraction(d) && x.is_finite() {
        format!("{:.1}%", 100.0 * x)
    } else {
        number(x)
    }
}

/// `x` with `decimals` decimals, or "-" when it is not a number.
pub fn fixed(x: f64, decimals: usize) -> String {
    if x.is_finite() {
        format!("{x:.decimals$}")
    } else {
        "-".into()
    }
}

/// A fraction in percent with one decimal, or "-".
pub fn percent(x: f64) -> String {
    if x.is_finite() {
        format!("{:.1}%", x * 100.0)
    } else {
        "-".into()
    }
}
