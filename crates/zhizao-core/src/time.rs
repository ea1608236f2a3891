//! Simulated time.
//!
//! Time is an integer count of milliseconds ([`Tick`]) since the start of a
//! replication, which is Monday 00:00 of week 1. Integer time cannot drift:
//! ten million cycles of 0.1 s end exactly at 1,000,000 s, and an event placed
//! exactly at a shift end happens at that tick. Durations in scenario files are
//! strings with units (`"45s"`, `"2min"`, `"1h30min"`), parsed here.

/// Simulated time or duration in milliseconds.
pub type Tick = u64;

/// Ticks in one second.
pub const SECOND: Tick = 1_000;
/// Ticks in one minute.
pub const MINUTE: Tick = 60 * SECOND;
/// Ticks in one hour.
pub const HOUR: Tick = 60 * MINUTE;
/// Ticks in one day.
pub const DAY: Tick = 24 * HOUR;
/// Ticks in one week.
pub const WEEK: Tick = 7 * DAY;

/// The longest duration a scenario may state: 1000 years.
pub const MAX_DURATION_SECS: f64 = 1000.0 * 31_536_000.0;

/// The longest single sampled duration, about 140,000 years: far beyond any
/// run, and small enough that adding it to any time cannot overflow.
const MAX_SAMPLE: Tick = 1 << 52;

/// Converts a duration in seconds (as sampled from a distribution) to ticks,
/// rounding to the nearest millisecond; negative and NaN inputs give 0, and
/// absurdly long draws from heavy-tailed distributions are capped.
pub fn secs_to_ticks(secs: f64) -> Tick {
    if secs.is_nan() || secs <= 0.0 {
        0
    } else if secs >= MAX_SAMPLE as f64 / SECOND as f64 {
        MAX_SAMPLE
    } else {
        // Half-up rounding; `f64::round` is a library call on this hot path.
        (secs * SECOND as f64 + 0.5) as Tick
    }
}

/// Hours in a tick count, for reports.
pub fn ticks_to_hours(t: Tick) -> f64 {
    t as f64 / HOUR as f64
}

const UNITS: &[(&str, f64)] = &[
    ("ms", 0.001),
    ("s", 1.0),
    ("min", 60.0),
    ("h", 3600.0),
    ("d", 86_400.0),
    ("w", 604_800.0),
    ("y", 31_536_000.0),
];

/// Parses a duration such as `"45s"`, `"2.5min"`, `"1h30min"`, `"8h"`, `"52w"`
/// or `"1y"` (365 days) into seconds. Units: ms, s, min, h, d, w, y.
pub fn parse_duration(text: &str) -> Result<f64, String> {
    let s = text.trim();
    if s.is_empty() {
        return Err("empty duration; write a number with a unit, e.g. \"45s\"".into());
    }
    if s.starts_with('-') {
        return Err(format!("duration \"{text}\" is negative; times must be 0 or more"));
    }
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut total = 0.0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
            i += 1;
        }
        let number = &s[start..i];
        let value: f64 = number.parse().map_err(|_| {
            format!("\"{text}\" is not a duration; write a number with a unit, e.g. \"45s\", \"2min\", \"1h30min\"")
        })?;
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        let ustart = i;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        let unit = &s[ustart..i];
        let factor = UNITS
            .iter()
            .find(|(name, _)| *name == unit)
            .map(|(_, f)| *f)
            .ok_or_else(|| {
                if unit.is_empty() {
                    format!("duration \"{text}\" has no unit; add one of ms, s, min, h, d, w, y (e.g. \"{number}s\")")
                } else {
                    format!("unknown time unit \"{unit}\" in \"{text}\"; use ms, s, min, h, d, w or y")
                }
            })?;
        total += value * factor;
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
    }
    if !total.is_finite() || total > MAX_DURATION_SECS {
        return Err(format!("duration \"{text}\" is too long; the limit is 1000 years"));
    }
    Ok(total)
}

/// Parses a clock time of day `"HH:MM"` (00:00 to 24:00) into seconds after midnight.
pub fn parse_clock(text: &str) -> Result<u32, String> {
    let bad = || format!("\"{text}\" is not a time of day; write \"HH:MM\", e.g. \"08:00\"");
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    let h: u32 = h.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    if m >= 60 || h > 24 || (h == 24 && m != 0) {
        return Err(bad());
    }
    Ok(h * 3600 + m * 60)
}

/// Formats simulated time as a clock reading: `"week 2 Tue 08:15:30"`.
pub fn format_clock(t: Tick) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let week = t / WEEK + 1;
    let day = ((t % WEEK) / DAY) as usize;
    let in_day = t % DAY;
    format!(
        "week {week} {} {:02}:{:02}:{:02}",
        DAYS[day],
        in_day / HOUR,
        (in_day % HOUR) / MINUTE,
        (in_day % MINUTE) / SECOND
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units_and_compounds() {
        assert_eq!(parse_duration("45s").unwrap(), 45.0);
        assert_eq!(parse_duration("2min").unwrap(), 120.0);
        assert_eq!(parse_duration("1h30min").unwrap(), 5400.0);
        assert_eq!(parse_duration("1.5 h").unwrap(), 5400.0);
        assert_eq!(parse_duration("250ms").unwrap(), 0.25);
        assert_eq!(parse_duration("52w").unwrap(), 52.0 * 604_800.0);
        assert_eq!(parse_duration("0s").unwrap(), 0.0);
    }

    #[test]
    fn rejects_bad_durations_with_advice() {
        assert!(parse_duration("-5s").unwrap_err().contains("negative"));
        assert!(parse_duration("45").unwrap_err().contains("no unit"));
        assert!(parse_duration("3 parsecs").unwrap_err().contains("unknown time unit"));
        assert!(parse_duration("").is_err());
        assert!(parse_duration("abc").is_err());
        assert!(parse_duration("99999999999w").unwrap_err().contains("too long"));
        assert_eq!(secs_to_ticks(1e300), 1 << 52);
    }

    #[test]
    fn clock_times() {
        assert_eq!(parse_clock("08:00").unwrap(), 8 * 3600);
        assert_eq!(parse_clock("24:00").unwrap(), 86_400);
        assert!(parse_clock("25:00").is_err());
        assert!(parse_clock("8h").is_err());
        assert_eq!(
            format_clock(WEEK + DAY + 8 * HOUR + 15 * MINUTE + 30 * SECOND),
            "week 2 Tue 08:15:30"
        );
    }

    #[test]
    fn integer_time_does_not_drift() {
        // 10^7 cycles of 0.1 s end exactly at 10^6 s.
        let step = secs_to_ticks(0.1);
        let mut t: Tick = 0;
        for _ in 0..10_000_000 {
            t += step;
        }
        assert_eq!(t, 1_000_000 * SECOND);
    }
}
