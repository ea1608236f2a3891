//! Shift calendars: days a week, shifts and breaks.

use super::super::raw::RawScenario;
use super::super::validate::Checker;
use super::Resolver;
use crate::calendar::Calendar;
use crate::time::parse_clock;

/// Every calendar, in file order; a broken one stands in as always-on so
/// that ids stay dense while its problems are reported.
pub(super) fn calendars(raw: &RawScenario, names: &Resolver, ck: &mut Checker) -> Vec<Calendar> {
    names
        .calendars
        .report_duplicates(ck, "calendars", "; give each calendar its own name");
    let mut calendars = Vec::new();
    for (i, c) in raw.calendars.iter().enumerate() {
        let path = format!("calendars[{i}]");
        let near = Some(c.name.as_str());
        let mut shifts = Vec::new();
        for (j, (a, b)) in c.shifts.iter().enumerate() {
            match (parse_clock(a), parse_clock(b)) {
                (Ok(a), Ok(b)) => shifts.push((a, b)),
                (Err(e), _) | (_, Err(e)) => ck.err(format!("{path}.shifts[{j}]"), near, e),
            }
        }
        let mut breaks = Vec::new();
        for (j, (a, len)) in c.breaks.iter().enumerate() {
            let start = parse_clock(a)
                .map_err(|e| ck.err(format!("{path}.breaks[{j}]"), near, e))
                .ok();
            let len = ck.duration(len, &format!("{path}.breaks[{j}]"), near);
            if let (Some(s), Some(l)) = (start, len) {
                breaks.push((s, l.round() as u32));
            }
        }
        match Calendar::new(&c.name, c.days, &shifts, &breaks) {
            Ok(cal) => calendars.push(cal),
            Err(e) => {
                ck.err(&path, near, e);
                calendars.push(Calendar::new(&c.name, 7, &[(0, 86_400)], &[]).expect("always-on calendar"));
            }
        }
    }
    calendars
}
