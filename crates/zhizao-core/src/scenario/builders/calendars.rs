//! Shift calendars: days a week, shifts and breaks; the start date, the
//! plant's holidays and each calendar's closed and overtime days.

use super::super::raw::{RawClosure, RawScenario};
use super::super::validate::Checker;
use super::Resolver;
use crate::calendar::{Calendar, Dates};
use crate::model::{CalendarId, Holiday};
use crate::time::{Day, parse_clock, parse_date, weekday};

/// Dates more than this many days after the start are refused (a typing
/// error in the year, most likely).
const MAX_DAYS: i64 = 20 * 366;

/// The run's dates: the start date, its weekday and the plant's holidays.
pub(crate) struct Dating {
    pub start: Option<Day>,
    pub weekday0: u32,
    pub holidays: Vec<Holiday>,
}

impl Dating {
    /// The day (since time 0) of a date, checked; `None` when it is wrong
    /// or before the start (reported).
    fn day(&self, text: &str, path: &str, near: Option<&str>, ck: &mut Checker) -> Option<u32> {
        let Some(start) = self.start else {
            ck.err(
                path,
                near,
                format!("the date {text} needs the run's `start_date` (e.g. start_date: \"2027-01-04\")"),
            );
            return None;
        };
        let day = parse_date(text).map_err(|e| ck.err(path, near, e)).ok()? - start;
        if day < 0 {
            ck.warnings
                .push(format!("{path}: {text} is before the start date and has no effect"));
            return None;
        }
        if day > MAX_DAYS {
            ck.err(path, near, format!("{text} is more than 20 years after the start date"));
            return None;
        }
        Some(day as u32)
    }

    /// A closure's first and last day since time 0.
    fn closure(&self, c: &RawClosure, path: &str, ck: &mut Checker) -> Option<(u32, u32)> {
        let near = (!c.name.is_empty()).then_some(c.name.as_str());
        let from = self.day(&c.from, &format!("{path}.from"), near, ck);
        let to = match &c.to {
            Some(t) => self.day(t, &format!("{path}.to"), near, ck),
            None => from,
        };
        let (from, to) = (from?, to?);
        if to < from {
            ck.err(
                path,
                near,
                format!(
                    "it ends ({}) before it begins ({})",
                    c.to.as_deref().unwrap_or(""),
                    c.from
                ),
            );
            return None;
        }
        Some((from, to))
    }

    /// The plant's holidays as closed days.
    fn closed(&self) -> Vec<(u32, u32)> {
        self.holidays.iter().map(|h| (h.first, h.last)).collect()
    }

    /// The weekday of time 0 and the plant's holidays, for calendars built
    /// elsewhere (around the clock, maintenance windows).
    pub fn plain(&self) -> Dates {
        Dates {
            weekday0: self.weekday0,
            closed: self.closed(),
            overtime: Vec::new(),
        }
    }
}

/// The start date and the plant's holidays.
pub(super) fn dating(raw: &RawScenario, ck: &mut Checker) -> Dating {
    let start = raw
        .start_date
        .as_deref()
        .and_then(|d| parse_date(d).map_err(|e| ck.err("start_date", None, e)).ok());
    let mut dating = Dating {
        start,
        weekday0: start.map_or(0, weekday),
        holidays: Vec::new(),
    };
    for (i, h) in raw.holidays.iter().enumerate() {
        if let Some((first, last)) = dating.closure(h, &format!("holidays[{i}]"), ck) {
            dating.holidays.push(Holiday {
                name: h.name.clone(),
                first,
                last,
            });
        }
    }
    dating
}

/// Every calendar, in file order; a broken one stands in as always-on so
/// that ids stay dense while its problems are reported. With plant holidays,
/// one more calendar follows: around the clock but for the holidays, for
/// the equipment and people that have no calendar of their own.
pub(super) fn calendars(
    raw: &RawScenario,
    names: &Resolver,
    dating: &Dating,
    ck: &mut Checker,
) -> (Vec<Calendar>, Option<CalendarId>) {
    names
        .calendars
        .check_names(ck, "calendars", "; give each calendar its own name");
    let mut calendars = Vec::new();
    for (i, c) in raw.calendars.iter().enumerate() {
        let path = format!("calendars[{i}]");
        let near = Some(c.name.as_str());
        let shifts = clock_pairs(&c.shifts, &format!("{path}.shifts"), near, ck);
        let mut breaks = Vec::new();
        for (j, (a, len)) in c.breaks.iter().enumerate() {
            let start = parse_clock(a)
                .map_err(|e| ck.err(format!("{path}.breaks[{j}]"), near, e))
                .ok();
            let text = len;
            let len = ck.duration(len, &format!("{path}.breaks[{j}]"), near);
            if let (Some(s), Some(l)) = (start, len) {
                // Also keeps the minute map's work bounded by the calendar,
                // whatever duration is written.
                if l > 86_400.0 {
                    ck.err(
                        format!("{path}.breaks[{j}]"),
                        near,
                        format!(
                            "a break of {text} is longer than a day; for days off, use the calendar's `closed` days or the plant's `holidays`"
                        ),
                    );
                    continue;
                }
                breaks.push((s, l.round() as u32));
            }
        }
        let mut dates = dating.plain();
        for (j, closed) in c.closed.iter().enumerate() {
            if let Some(range) = dating.closure(closed, &format!("{path}.closed[{j}]"), ck) {
                dates.closed.push(range);
            }
        }
        for (j, o) in c.overtime.iter().enumerate() {
            let p = format!("{path}.overtime[{j}]");
            let extra = clock_pairs(&o.shifts, &format!("{p}.shifts"), near, ck);
            if let Some(day) = dating.day(&o.date, &format!("{p}.date"), near, ck) {
                if dates.closed.iter().any(|&(a, b)| (a..=b).contains(&day)) {
                    ck.warnings.push(format!(
                        "{p}: {} is a closed day; the overtime shifts are worked",
                        o.date
                    ));
                }
                dates.overtime.push((day, extra));
            }
        }
        match Calendar::dated(&c.name, c.days, &shifts, &breaks, &dates) {
            Ok(cal) => calendars.push(cal),
            Err(e) => {
                ck.err(&path, near, e);
                calendars.push(Calendar::new(&c.name, 7, &[(0, 86_400)], &[]).expect("always-on calendar"));
            }
        }
    }
    let around = (!dating.holidays.is_empty()).then(|| {
        calendars.push(Calendar::around_the_clock("around the clock", &dating.plain()));
        calendars.len() - 1
    });
    (calendars, around)
}

fn clock_pairs(pairs: &[(String, String)], path: &str, near: Option<&str>, ck: &mut Checker) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    for (j, (a, b)) in pairs.iter().enumerate() {
        match (parse_clock(a), parse_clock(b)) {
            (Ok(a), Ok(b)) => out.push((a, b)),
            (Err(e), _) | (_, Err(e)) => ck.err(format!("{path}[{j}]"), near, e),
        }
    }
    out
}
