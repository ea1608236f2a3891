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
        // The value is below 2^53, where the signed conversion is exact and
        // takes a few instructions where the unsigned one takes a dozen.
        (secs * SECOND as f64 + 0.5) as i64 as Tick
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
/// or `"1y"` (365 days) into seconds. Units: ms, s, min, h, d, w, y; a
/// bare zero (`"0"`, `"0.0"`) needs none.
pub fn parse_duration(text: &str) -> Result<f64, String> {
    let s = text.trim();
    if s.is_empty() {
        return Err("empty duration; write a number with a unit, e.g. \"45s\"".into());
    }
    if s.parse::<f64>() == Ok(0.0) && !s.starts_with('-') {
        return Ok(0.0);
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

/// A calendar date as days since 1970-01-01 (proleptic Gregorian).
pub type Day = i64;

/// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> Day {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date (year, month, day) of a day number.
pub fn civil_from_days(z: Day) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

/// Day of the week, 0 = Monday.
pub fn weekday(day: Day) -> u32 {
    // 1970-01-01 was a Thursday.
    (day + 3).rem_euclid(7) as u32
}

/// Parses a date `"YYYY-MM-DD"` (years 1900 to 2999).
pub fn parse_date(text: &str) -> Result<Day, String> {
    let bad = || format!("\"{text}\" is not a date; write \"YYYY-MM-DD\", e.g. \"2027-02-06\"");
    let mut it = text.trim().splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (it.next(), it.next(), it.next()) else {
        return Err(bad());
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(bad());
    }
    let (y, m, d): (i64, u32, u32) = (
        y.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        d.parse().map_err(|_| bad())?,
    );
    if !(1900..3000).contains(&y) || !(1..=12).contains(&m) || d == 0 {
        return Err(bad());
    }
    let day = days_from_civil(y, m, d);
    if civil_from_days(day) != (y, m, d) {
        return Err(format!("{text} does not exist (that month has fewer days)"));
    }
    Ok(day)
}

/// Parses a moment of the run: a date with an optional clock time
/// (`"2027-03-01"`, `"2027-03-01 14:00"`, counted from `start`) or a
/// duration after the start (`"36h"`).
pub fn parse_moment(text: &str, start: Option<Day>) -> Result<Tick, String> {
    let t = text.trim();
    let looks_dated = t.len() >= 10 && t.as_bytes()[4] == b'-' && t.as_bytes()[7] == b'-';
    if !looks_dated {
        return parse_duration(t).map(secs_to_ticks);
    }
    let Some(start) = start else {
        return Err(format!(
            "the date {t} needs the run's `start_date` (e.g. start_date: \"2027-01-04\")"
        ));
    };
    let (date, clock) = t.split_at(10);
    let day = parse_date(date)? - start;
    if day < 0 {
        return Err(format!("{t} is before the start date"));
    }
    let clock = if clock.trim().is_empty() {
        0
    } else {
        parse_clock(clock)?
    };
    Ok(day as Tick * DAY + clock as Tick * SECOND)
}

/// Formats a day number as `"2027-02-06"`.
pub fn format_date(day: Day) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Parses a weekday name, `"Mon"` to `"Sun"` (0 = Monday).
pub fn parse_weekday(text: &str) -> Result<u32, String> {
    DAY_NAMES
        .iter()
        .position(|d| d.eq_ignore_ascii_case(text.trim()))
        .map(|i| i as u32)
        .ok_or_else(|| format!("\"{text}\" is not a day of the week; write Mon, Tue, Wed, Thu, Fri, Sat or Sun"))
}

/// Formats simulated time as a dated clock reading when the run has a start
/// date (`"2027-02-06 Sat 08:15"`), else as [`format_clock`] does.
pub fn format_when(t: Tick, start: Option<Day>) -> String {
    format_when_in(t, start, crate::lang::Lang::En)
}

/// [`format_when`] in `lang` (weekday names; "第 2 周" for "week 2").
pub fn format_when_in(t: Tick, start: Option<Day>, lang: crate::lang::Lang) -> String {
    match start {
        Some(day0) => {
            let day = day0 + (t / DAY) as i64;
            let in_day = t % DAY;
            format!(
                "{} {} {:02}:{:02}",
                format_date(day),
                lang.tr(DAY_NAMES[weekday(day) as usize]),
                in_day / HOUR,
                (in_day % HOUR) / MINUTE
            )
        }
        None => format_clock_in(t, lang),
    }
}

/// Formats simulated time as a clock reading: `"week 2 Tue 08:15:30"`.
pub fn format_clock(t: Tick) -> String {
    format_clock_in(t, crate::lang::Lang::En)
}

/// [`format_clock`] in `lang` ("第 2 周 周二 08:15:30").
pub fn format_clock_in(t: Tick, lang: crate::lang::Lang) -> String {
    let day = ((t % WEEK) / DAY) as usize;
    let in_day = t % DAY;
    format!(
        "{} {} {:02}:{:02}:{:02}",
        lang.fmt("week {0}", [&(t / WEEK + 1)]),
        lang.tr(DAY_NAMES[day]),
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
        // Zero is zero in any unit: `--warmup 0` needs none.
        assert_eq!(parse_duration("0").unwrap(), 0.0);
        assert_eq!(parse_duration(" 0.0 ").unwrap(), 0.0);
        assert!(parse_duration("-0").unwrap_err().contains("negative"));
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
    fn dates_by_hand() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(parse_date("2000-03-01").unwrap(), 11_017);
        // 2027-01-04 is a Monday; 2027-02-06 (Spring Festival eve) a Saturday.
        assert_eq!(weekday(parse_date("2027-01-04").unwrap()), 0);
        assert_eq!(weekday(parse_date("2027-02-06").unwrap()), 5);
        assert_eq!(format_date(parse_date("2028-02-29").unwrap()), "2028-02-29");
        assert!(parse_date("2027-02-29").unwrap_err().contains("does not exist"));
        assert!(parse_date("6.2.2027").is_err());
        assert_eq!(parse_weekday("sat").unwrap(), 5);
        let d = parse_date("2027-02-06").unwrap();
        assert_eq!(
            format_when(DAY + 8 * HOUR + 15 * MINUTE, Some(d)),
            "2027-02-07 Sun 08:15"
        );
        for z in -800_000..800_000 {
            let (y, m, dd) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, dd), z);
        }
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
