//! Shift calendars: when operators work and when machines are scheduled.
//!
//! A calendar repeats every week. It is built from working days (the first
//! `days` days of the week, counted from Monday), shifts (start and end clock
//! times; a shift that ends before it starts runs past midnight) and breaks
//! (clock time and length, taken out of any shift they fall in). It is
//! resolved to the minute, then kept as sorted, disjoint working intervals.
//!
//! A dated calendar ([`Dates`]) also knows the weekday of time 0, closed
//! days (holidays, a Spring Festival shutdown: off from 00:00 to 24:00,
//! night shifts included) and overtime days (extra shifts on a date, breaks
//! taken out as on any day). Its first days, up to one day after the last
//! exception, are kept as absolute intervals; after them the week repeats.

use crate::time::{DAY, MINUTE, Tick, WEEK};

const MINUTES_PER_WEEK: usize = (WEEK / MINUTE) as usize;
const MINUTES_PER_DAY: usize = (DAY / MINUTE) as usize;

/// The dated part of a calendar, in days since time 0.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dates {
    /// Day of the week of time 0 (0 = Monday).
    pub weekday0: u32,
    /// Closed days, (first, last) inclusive.
    pub closed: Vec<(u32, u32)>,
    /// Extra shifts (start, end seconds after midnight) on a day.
    pub overtime: Vec<(u32, Vec<(u32, u32)>)>,
}

/// A working-time calendar: a weekly pattern, optionally with dates.
#[derive(Clone, Debug, PartialEq)]
pub struct Calendar {
    /// Calendar name from the scenario.
    pub name: String,
    /// Working intervals within one week from Monday 00:00, [start, end) in
    /// ticks, sorted and disjoint.
    intervals: Vec<(Tick, Tick)>,
    /// Position in the week of time 0 [ticks after Monday 00:00].
    offset: Tick,
    /// Absolute working intervals before `dated_end` (a dated calendar).
    dated: Vec<(Tick, Tick)>,
    /// End of the dated part (0 = none): the week repeats from here.
    dated_end: Tick,
}

fn check_minutes(shifts: &[(u32, u32)], breaks: &[(u32, u32)]) -> Result<(), String> {
    let whole = |s: u32| s.is_multiple_of(60);
    if !shifts.iter().all(|(a, b)| whole(*a) && whole(*b)) || !breaks.iter().all(|(a, b)| whole(*a) && whole(*b)) {
        return Err("shift and break times must be whole minutes".into());
    }
    Ok(())
}

/// Marks the minutes of `shifts` on day `day` (a shift may run past
/// midnight). Returns the minute after the last one it may have marked.
fn mark_shifts(on: &mut [bool], day: usize, shifts: &[(u32, u32)], wrap: bool) -> usize {
    let n = on.len();
    let mut reach = day * MINUTES_PER_DAY;
    for &(start, end) in shifts {
        let s = start as usize / 60;
        let mut e = end as usize / 60;
        if e <= s {
            e += MINUTES_PER_DAY; // runs past midnight
        }
        reach = reach.max(day * MINUTES_PER_DAY + e);
        for m in s..e {
            let i = day * MINUTES_PER_DAY + m;
            if wrap {
                on[i % n] = true;
            } else if i < n {
                on[i] = true;
            }
        }
    }
    reach
}

/// Clears the minutes of `breaks` on day `day`.
fn clear_breaks(on: &mut [bool], day: usize, breaks: &[(u32, u32)], wrap: bool) {
    let n = on.len();
    for &(start, len) in breaks {
        let s = start as usize / 60;
        for m in s..s + len as usize / 60 {
            let i = day * MINUTES_PER_DAY + m;
            if wrap {
                on[i % n] = false;
            } else if i < n {
                on[i] = false;
            }
        }
    }
}

/// Sorted, disjoint [start, end) tick intervals of a minute map.
fn intervals_of(on: &[bool]) -> Vec<(Tick, Tick)> {
    // Whole words of minutes that are all off (or all on) are skipped at once.
    fn run_end(on: &[bool], from: usize, value: bool) -> usize {
        let mut m = from;
        while m + 8 <= on.len() && on[m..m + 8].iter().all(|&x| x == value) {
            m += 8;
        }
        m + on[m..].iter().position(|&x| x != value).unwrap_or(on.len() - m)
    }
    let mut intervals = Vec::new();
    let mut m = run_end(on, 0, false);
    while m < on.len() {
        let e = run_end(on, m, true);
        intervals.push((m as Tick * MINUTE, e as Tick * MINUTE));
        m = run_end(on, e, false);
    }
    intervals
}

/// The first interval boundary after `x` (intervals sorted and disjoint).
fn boundary_after(intervals: &[(Tick, Tick)], x: Tick) -> Option<Tick> {
    let i = intervals.partition_point(|&(_, e)| e <= x);
    intervals.get(i).map(|&(s, e)| if s > x { s } else { e })
}

impl Calendar {
    /// Builds a weekly calendar whose week starts at time 0. `shifts` are
    /// (start, end) seconds after midnight; `breaks` are (start seconds after
    /// midnight, length in seconds). All must be whole minutes.
    pub fn new(name: &str, days: u32, shifts: &[(u32, u32)], breaks: &[(u32, u32)]) -> Result<Calendar, String> {
        Calendar::dated(name, days, shifts, breaks, &Dates::default())
    }

    /// Builds a calendar with dates: the weekly pattern of [`Calendar::new`]
    /// placed so that time 0 is day `dates.weekday0` of the week, with closed
    /// and overtime days.
    pub fn dated(
        name: &str,
        days: u32,
        shifts: &[(u32, u32)],
        breaks: &[(u32, u32)],
        dates: &Dates,
    ) -> Result<Calendar, String> {
        if days > 7 {
            return Err(format!("working days per week must be 0 to 7 (got {days})"));
        }
        if days == 0 && dates.overtime.is_empty() {
            return Err("working days per week must be 1 to 7 (0 only with overtime days)".into());
        }
        if shifts.is_empty() && days > 0 {
            return Err("a calendar needs at least one shift".into());
        }
        check_minutes(shifts, breaks)?;
        for (_, extra) in &dates.overtime {
            check_minutes(extra, &[])?;
        }
        let mut week = vec![false; MINUTES_PER_WEEK];
        for day in 0..days as usize {
            mark_shifts(&mut week, day, shifts, true);
        }
        for day in 0..7 {
            clear_breaks(&mut week, day, breaks, true);
        }
        let intervals = intervals_of(&week);
        let offset = dates.weekday0 as Tick * DAY;
        let last = dates
            .closed
            .iter()
            .map(|&(_, b)| b)
            .chain(dates.overtime.iter().map(|(d, _)| *d))
            .max();
        let (dated, dated_end) = match last {
            None => (Vec::new(), 0),
            Some(last) => {
                // One day more than the last exception, for a night shift
                // that runs past its midnight.
                let n_days = last as usize + 2;
                // The weekly pattern from time 0's weekday on, week after week.
                let mut from_day0 = week.clone();
                from_day0.rotate_left(dates.weekday0 as usize % 7 * MINUTES_PER_DAY);
                let len = n_days * MINUTES_PER_DAY;
                let mut on: Vec<bool> = Vec::with_capacity(len);
                while on.len() < len {
                    let take = (len - on.len()).min(MINUTES_PER_WEEK);
                    on.extend_from_slice(&from_day0[..take]);
                }
                for &(a, b) in &dates.closed {
                    on[a as usize * MINUTES_PER_DAY..(b as usize + 1) * MINUTES_PER_DAY].fill(false);
                }
                // Each overtime day's minutes are worked out apart and
                // added; only the stretch its shifts reach is looked at
                // (and left clear for the next).
                let mut add = vec![false; on.len()];
                for (day, extra) in &dates.overtime {
                    let from = (*day as usize * MINUTES_PER_DAY).min(on.len());
                    let reach = mark_shifts(&mut add, *day as usize, extra, false).min(on.len());
                    clear_breaks(&mut add, *day as usize, breaks, false);
                    clear_breaks(&mut add, *day as usize + 1, breaks, false);
                    for (o, a) in on[from..reach].iter_mut().zip(&mut add[from..reach]) {
                        *o |= *a;
                        *a = false;
                    }
                }
                (intervals_of(&on), n_days as Tick * DAY)
            }
        };
        if intervals.is_empty() && dated.is_empty() {
            return Err("the breaks leave no working time".into());
        }
        Ok(Calendar {
            name: name.to_string(),
            intervals,
            offset,
            dated,
            dated_end,
        })
    }

    /// A calendar that is on in weekly windows `(weekday, start seconds
    /// after midnight, length seconds)` (maintenance windows), with time 0
    /// on day `weekday0` of the week.
    pub fn windows(name: &str, windows: &[(u32, u32, u32)], weekday0: u32) -> Result<Calendar, String> {
        let mut week = vec![false; MINUTES_PER_WEEK];
        for &(day, start, len) in windows {
            if !start.is_multiple_of(60) || !len.is_multiple_of(60) || len == 0 {
                return Err("a window's start and length must be whole minutes, and its length more than 0".into());
            }
            let s = day as usize * MINUTES_PER_DAY + start as usize / 60;
            for m in s..s + (len as usize / 60).min(MINUTES_PER_WEEK) {
                week[m % MINUTES_PER_WEEK] = true;
            }
        }
        Ok(Calendar {
            name: name.to_string(),
            intervals: intervals_of(&week),
            offset: weekday0 as Tick * DAY,
            dated: Vec::new(),
            dated_end: 0,
        })
    }

    /// A calendar that is always on except on closed days (the plant's
    /// holidays for equipment that otherwise runs around the clock).
    pub fn around_the_clock(name: &str, dates: &Dates) -> Calendar {
        Calendar::dated(name, 7, &[(0, 86_400)], &[], dates).expect("an always-on calendar is valid")
    }

    /// True for a calendar with closed or overtime days.
    pub fn has_dates(&self) -> bool {
        self.dated_end > 0
    }

    fn weekly_on(&self, t: Tick) -> bool {
        let w = (t + self.offset) % WEEK;
        let i = self.intervals.partition_point(|&(s, _)| s <= w);
        i > 0 && w < self.intervals[i - 1].1
    }

    /// True when `t` falls in working time.
    pub fn is_on(&self, t: Tick) -> bool {
        if t < self.dated_end {
            let i = self.dated.partition_point(|&(s, _)| s <= t);
            i > 0 && t < self.dated[i - 1].1
        } else {
            self.weekly_on(t)
        }
    }

    /// The next boundary after `t` of either part; not every one is a change.
    fn boundary(&self, t: Tick) -> Option<Tick> {
        if t < self.dated_end {
            return Some(boundary_after(&self.dated, t).map_or(self.dated_end, |b| b.min(self.dated_end)));
        }
        if self.intervals.is_empty() || self.intervals == [(0, WEEK)] {
            return None;
        }
        let u = t + self.offset;
        let week_start = u - u % WEEK;
        let b = boundary_after(&self.intervals, u % WEEK).unwrap_or(WEEK + self.intervals[0].0);
        Some(week_start + b - self.offset)
    }

    /// The first time after `t` at which the calendar switches on or off, or
    /// `None` when it never changes again.
    pub fn next_change(&self, t: Tick) -> Option<Tick> {
        let on = self.is_on(t);
        let mut x = t;
        loop {
            let b = self.boundary(x)?;
            if self.is_on(b) != on {
                return Some(b);
            }
            x = b;
        }
    }

    /// Working time per week of the weekly pattern.
    pub fn on_per_week(&self) -> Tick {
        self.intervals.iter().map(|(s, e)| e - s).sum()
    }

    /// Working time in [a, b), exact.
    pub fn on_between(&self, a: Tick, b: Tick) -> Tick {
        let mut total = 0;
        let mut t = a;
        let mut on = self.is_on(a);
        while t < b {
            let next = self.next_change(t).unwrap_or(b).min(b);
            if on {
                total += next - t;
            }
            on = !on;
            t = next;
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::HOUR;

    fn h(x: u32) -> u32 {
        x * 3600
    }

    #[test]
    fn two_shifts_with_breaks_six_days() {
        let c = Calendar::new(
            "two",
            6,
            &[(h(8), h(16)), (h(16), h(24))],
            &[(h(12), 1800), (h(20), 1800)],
        )
        .unwrap();
        assert_eq!(c.on_per_week(), 6 * 15 * HOUR);
        assert!(!c.is_on(7 * HOUR));
        assert!(c.is_on(8 * HOUR));
        assert!(!c.is_on(12 * HOUR + 10 * MINUTE));
        assert!(c.is_on(23 * HOUR));
        assert!(!c.is_on(6 * DAY + 10 * HOUR)); // Sunday
        assert_eq!(c.next_change(0), Some(8 * HOUR));
        assert_eq!(c.next_change(8 * HOUR), Some(12 * HOUR));
        assert_eq!(c.next_change(12 * HOUR), Some(12 * HOUR + 30 * MINUTE));
        // Saturday's last shift ends at midnight; next start is Monday 08:00 of week 2.
        assert_eq!(c.next_change(5 * DAY + 23 * HOUR), Some(6 * DAY));
        assert_eq!(c.next_change(6 * DAY), Some(WEEK + 8 * HOUR));
    }

    #[test]
    fn night_shift_runs_past_midnight_and_wraps_the_week() {
        let c = Calendar::new("night", 7, &[(h(22), h(6))], &[]).unwrap();
        assert!(c.is_on(2 * HOUR)); // Sunday's night shift wraps into Monday
        assert!(c.is_on(23 * HOUR));
        assert!(!c.is_on(12 * HOUR));
        assert_eq!(c.on_per_week(), 7 * 8 * HOUR);
        assert_eq!(c.next_change(0), Some(6 * HOUR));
    }

    #[test]
    fn always_on_has_no_changes() {
        let c = Calendar::new("all", 7, &[(0, h(24))], &[]).unwrap();
        assert_eq!(c.next_change(123), None);
        assert!(c.is_on(5 * DAY));
    }

    fn two_shifts_six_days(dates: &Dates) -> Calendar {
        Calendar::dated("two", 6, &[(h(8), h(16)), (h(16), h(24))], &[(h(12), 1800)], dates).unwrap()
    }

    #[test]
    fn a_21_day_shutdown_removes_exactly_its_working_days() {
        // Time 0 is a Monday; days 35..=55 (weeks 6 to 8) are closed.
        let plain = two_shifts_six_days(&Dates::default());
        let dates = Dates {
            closed: vec![(35, 55)],
            ..Default::default()
        };
        let shut = two_shifts_six_days(&dates);
        let year = 52 * WEEK;
        // 15.5 h a day, 6 days a week; the shutdown is three whole weeks.
        assert_eq!(plain.on_between(0, year), 52 * 6 * (15 * HOUR + 30 * MINUTE));
        assert_eq!(shut.on_between(0, year), 49 * 6 * (15 * HOUR + 30 * MINUTE));
        assert!(!shut.is_on(36 * DAY + 9 * HOUR));
        assert_eq!(shut.next_change(33 * DAY + 20 * HOUR), Some(34 * DAY)); // Saturday night
        assert_eq!(shut.next_change(34 * DAY), Some(56 * DAY + 8 * HOUR));
        // After the dated part the week repeats as before.
        assert_eq!(shut.next_change(60 * DAY), plain.next_change(60 * DAY));
    }

    #[test]
    fn start_weekday_shifts_the_week_and_overtime_adds_a_sunday() {
        // Time 0 is a Saturday (weekday 5): day 1 is Sunday, off, unless overtime.
        let dates = Dates {
            weekday0: 5,
            closed: vec![],
            overtime: vec![(1, vec![(h(8), h(16))])],
        };
        let c = two_shifts_six_days(&dates);
        assert!(c.is_on(9 * HOUR)); // Saturday is a working day
        assert!(c.is_on(DAY + 9 * HOUR)); // Sunday overtime
        assert!(!c.is_on(DAY + 12 * HOUR + 10 * MINUTE)); // the break applies
        assert!(!c.is_on(DAY + 17 * HOUR)); // only the overtime shift
        assert!(!c.is_on(8 * DAY + 9 * HOUR)); // the next Sunday is off again
        assert!(c.is_on(9 * DAY + 9 * HOUR)); // Monday
        assert_eq!(c.on_between(DAY, 2 * DAY), 7 * HOUR + 30 * MINUTE);
        // A holiday on a working day (Wednesday, day 4) of a plain week.
        let holiday = two_shifts_six_days(&Dates {
            closed: vec![(2, 2)],
            ..Default::default()
        });
        assert_eq!(holiday.on_between(0, WEEK), 5 * (15 * HOUR + 30 * MINUTE));
    }

    #[test]
    fn a_long_run_of_dates_matches_the_week_and_each_overtime_day_adds_only_its_own_shifts() {
        // Time 0 is a Thursday (weekday 3); one shift 06:00-14:00, five days
        // (Monday to Friday), a 30 min break at 10:00. Closed: days 100 to
        // 106 (a whole week). Overtime: a night shift 22:00-06:00 on day 2
        // (Saturday, into Sunday) and 08:00-12:00 on day 3 (Sunday), which
        // the break cuts; and 06:00-14:00 on day 400, past every other date.
        let dates = Dates {
            weekday0: 3,
            closed: vec![(100, 106)],
            overtime: vec![
                (2, vec![(h(22), h(6))]),
                (3, vec![(h(8), h(12))]),
                (400, vec![(h(6), h(14))]),
            ],
        };
        let c = Calendar::dated("one", 5, &[(h(6), h(14))], &[(h(10), 1800)], &dates).unwrap();
        let shift = 7 * HOUR + 30 * MINUTE;
        // Days 0 to 6: Thursday and Friday, the night (8 h, from Saturday
        // 22:00 to Sunday 06:00, with no break in it), Sunday 08:00-12:00
        // less the break, then Monday to Wednesday.
        assert_eq!(c.on_between(0, 7 * DAY), 5 * shift + 8 * HOUR + 3 * HOUR + 30 * MINUTE);
        // The week after is plain again; so is the week of days 93 to 99.
        assert_eq!(c.on_between(7 * DAY, 14 * DAY), 5 * shift);
        assert_eq!(c.on_between(93 * DAY, 100 * DAY), 5 * shift);
        // Closed for the seven days, then the pattern goes on.
        assert_eq!(c.on_between(100 * DAY, 107 * DAY), 0);
        assert_eq!(c.on_between(107 * DAY, 114 * DAY), 5 * shift);
        // Day 400 is a Friday ((3 + 400) mod 7 = 4), already a working day
        // with that shift: the overtime adds nothing to it.
        assert_eq!(c.on_between(400 * DAY, 401 * DAY), shift);
        // 53 weeks of five shifts, less the closed week, plus the two
        // overtime stretches.
        let days = 371;
        let weeks = days / 7;
        assert_eq!(
            c.on_between(0, days * DAY),
            (weeks - 1) * 5 * shift + 8 * HOUR + 3 * HOUR + 30 * MINUTE
        );
    }

    #[test]
    fn around_the_clock_with_a_holiday_changes_twice() {
        let c = Calendar::around_the_clock(
            "all",
            &Dates {
                closed: vec![(3, 4)],
                ..Default::default()
            },
        );
        assert_eq!(c.next_change(0), Some(3 * DAY));
        assert_eq!(c.next_change(3 * DAY), Some(5 * DAY));
        assert_eq!(c.next_change(5 * DAY), None);
        assert_eq!(c.on_between(0, 7 * DAY), 5 * DAY);
    }

    #[test]
    fn saturday_maintenance_window_from_a_wednesday_start() {
        // Time 0 is a Wednesday: Saturday 08:00 is day 3.
        let w = Calendar::windows("pm", &[(5, h(8), h(2))], 2).unwrap();
        assert_eq!(w.next_change(0), Some(3 * DAY + 8 * HOUR));
        assert!(w.is_on(3 * DAY + 9 * HOUR));
        assert_eq!(w.next_change(3 * DAY + 8 * HOUR), Some(3 * DAY + 10 * HOUR));
        assert_eq!(w.next_change(3 * DAY + 10 * HOUR), Some(10 * DAY + 8 * HOUR));
        assert_eq!(w.on_per_week(), 2 * HOUR);
    }

    #[test]
    fn event_exactly_at_shift_end_is_off() {
        let c = Calendar::new("day", 5, &[(h(8), h(17))], &[]).unwrap();
        assert!(c.is_on(17 * HOUR - 1));
        assert!(!c.is_on(17 * HOUR));
    }
}
