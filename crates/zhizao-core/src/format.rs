//! How numbers are written for people, in one place: the tables, the
//! reports and the live view all call these, so the same value reads the
//! same everywhere. (Chart tick labels, which must be short, are
//! `report::svg::number`; JSON and CSV carry full precision.)

use crate::kpi::KpiDef;

/// Text of a number that rounded to zero loses its minus sign: "-0.000"
/// reads as a loss where there is none.
fn no_negative_zero(s: String) -> String {
    match s.strip_prefix('-') {
        Some(rest) if !rest.chars().any(|c| c.is_ascii_digit() && c != '0') => rest.to_string(),
        _ => s,
    }
}

/// A number with a sensible number of digits for its size.
pub fn number(x: f64) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    let a = x.abs();
    no_negative_zero(if a >= 10_000.0 {
        grouped(x.round())
    } else if a >= 100.0 {
        format!("{x:.1}")
    } else if a >= 1.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.3}")
    })
}

/// A change in percent with its sign and one decimal ("+9.0%", "-0.3%");
/// one that rounds to zero has no sign ("0.0%").
pub fn signed_percent(x: f64) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    let s = format!("{x:+.1}%");
    if s.trim_start_matches(['+', '-']) == "0.0%" {
        "0.0%".into()
    } else {
        s
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
    no_negative_zero(if x < 0.0 { format!("-{out}") } else { out })
}

/// An amount of yuan in 万 (ten thousands) with one decimal, grouped:
/// 1,080,000 -> "108.0"; 20,852,540 -> "2,085.3". The way a Chinese owner
/// and every policy document count money; the unit is the caller's.
pub fn wan(yuan: f64) -> String {
    if !yuan.is_finite() {
        return "-".into();
    }
    let tenths = (yuan / 1_000.0).round();
    let whole = grouped((tenths / 10.0).trunc());
    let s = format!("{}.{}", whole.trim_start_matches('-'), (tenths.abs() % 10.0) as u8);
    no_negative_zero(if tenths < 0.0 { format!("-{s}") } else { s })
}

/// An amount of yuan as a Chinese reader writes it: 元 below 1 万, then
/// 万元 with one decimal, 亿元 from 1 亿 (what rounds to 10,000.0 万 is
/// 1.0 亿): 1,080,000 -> "108.0 万元"; 2.1e9 -> "21.0 亿元"; 8,500 -> "8,500 元".
pub fn wan_yuan(yuan: f64) -> String {
    if !yuan.is_finite() {
        return "-".into();
    }
    let a = yuan.abs();
    if (a / 1e4 * 10.0).round() / 10.0 >= 10_000.0 {
        let yi = (yuan / 1e7).round() / 10.0;
        no_negative_zero(format!("{yi:.1} 亿元"))
    } else if a.round() >= 10_000.0 {
        format!("{} 万元", wan(yuan))
    } else {
        format!("{} 元", grouped(yuan.round()))
    }
}

/// An amount for a sign read from afar: "RMB 2.12 M" or "211.8 万元".
pub fn money_for(yuan: f64, lang: crate::lang::Lang) -> String {
    match lang {
        crate::lang::Lang::Zh => wan_yuan(yuan),
        crate::lang::Lang::En if yuan.abs() >= 1e5 => format!("RMB {:.2} M", yuan / 1e6),
        crate::lang::Lang::En => format!("RMB {}", grouped(yuan)),
    }
}

/// A KPI without a unit is a fraction, shown in percent.
pub fn is_fraction(d: &KpiDef) -> bool {
    d.unit.is_empty()
}

/// A value in the KPI's display unit (fractions as percent; whole numbers,
/// such as head counts and robots, without decimals).
pub fn kpi_value(d: &KpiDef, x: f64) -> String {
    if is_fraction(d) && x.is_finite() {
        percent(x)
    } else if x.is_finite() && x == x.round() && x.abs() < 1e15 {
        grouped(x)
    } else {
        number(x)
    }
}

/// `x` with `decimals` decimals, or "-" when it is not a number.
pub fn fixed(x: f64, decimals: usize) -> String {
    if x.is_finite() {
        no_negative_zero(format!("{x:.decimals$}"))
    } else {
        "-".into()
    }
}

/// A fraction in percent with one decimal, or "-".
pub fn percent(x: f64) -> String {
    if x.is_finite() {
        no_negative_zero(format!("{:.1}%", x * 100.0))
    } else {
        "-".into()
    }
}

/// A wall-clock duration for people: "45 s", "12 min", "3 h 20 min".
pub fn hours_minutes(seconds: f64) -> String {
    if !seconds.is_finite() {
        return "an unknown time".into();
    }
    if seconds < 60.0 {
        return format!("{:.0} s", seconds.max(0.0));
    }
    let minutes = (seconds / 60.0).round() as u64;
    if minutes < 60 {
        return format!("{minutes} min");
    }
    let (h, m) = (minutes / 60, minutes % 60);
    if h >= 48 {
        format!("{:.1} days", seconds / 86_400.0)
    } else if m == 0 {
        format!("{h} h")
    } else {
        format!("{h} h {m} min")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_for_people() {
        assert_eq!(hours_minutes(42.4), "42 s");
        assert_eq!(hours_minutes(719.0), "12 min");
        assert_eq!(hours_minutes(3.0 * 3600.0 + 20.0 * 60.0), "3 h 20 min");
        assert_eq!(hours_minutes(7200.0), "2 h");
        assert_eq!(hours_minutes(13.0 * 86_400.0), "13.0 days");
    }

    #[test]
    fn money_in_wan_and_yi() {
        assert_eq!(wan_yuan(1_080_000.0), "108.0 万元");
        assert_eq!(wan_yuan(2.1e9), "21.0 亿元");
        assert_eq!(wan_yuan(-1_080_000.0), "-108.0 万元");
        assert_eq!(wan_yuan(-2.1e9), "-21.0 亿元");
        // Rounding: to the nearest 0.1 万 (1,000 yuan), half away from zero.
        assert_eq!(wan_yuan(1_234_567.0), "123.5 万元");
        assert_eq!(wan_yuan(1_234_449.0), "123.4 万元");
        assert_eq!(wan_yuan(10_000.0), "1.0 万元");
        assert_eq!(wan_yuan(9_999.4), "9,999 元");
        assert_eq!(wan_yuan(8_500.0), "8,500 元");
        assert_eq!(wan_yuan(0.0), "0 元");
        assert_eq!(wan_yuan(-0.3), "0 元");
        // What would read 10,000.0 万 is 1 亿.
        assert_eq!(wan_yuan(99_940_000.0), "9,994.0 万元");
        assert_eq!(wan_yuan(99_999_999.0), "1.0 亿元");
        assert_eq!(wan_yuan(150_000_000.0), "1.5 亿元");
        assert_eq!(wan_yuan(f64::NAN), "-");
        // In a table the unit is in the header.
        assert_eq!(wan(20_852_540.0), "2,085.3");
        assert_eq!(wan(-450.0), "0.0");
        assert_eq!(wan(-5_000.0), "-0.5");
        assert_eq!(wan(119_728.0), "12.0");
        use crate::lang::Lang;
        assert_eq!(money_for(2_118_000.0, Lang::En), "RMB 2.12 M");
        assert_eq!(money_for(119_728.0, Lang::En), "RMB 0.12 M");
        assert_eq!(money_for(45_000.0, Lang::En), "RMB 45,000");
        assert_eq!(money_for(2_118_000.0, Lang::Zh), "211.8 万元");
    }
}
