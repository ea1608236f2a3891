//! Shift calendars: when operators work and when machines are scheduled.
//!
//! A calendar repeats every week, starting Monday 00:00. It is built from
//! working days (the first `days` days of the week), shifts (start and end
//! clock times; a shift that ends before it starts runs past midnight) and
//! breaks (clock time and length, taken out of any shift they fall in). It is
//! resolved to the minute, then kept as sorted, disjoint working intervals.

use crate::time::{DAY, MINUTE, Tick, WEEK};

const MINUTES_PER_WEEK: usize = (WEEK / MINUTE) as usize;
const MINUTES_PER_DAY: usize = (DAY / MINUTE) as usize;

/// A weekly working-time calendar.
#[derive(Clone, Debug, PartialEq)]
pub struct Calendar {
    /// Calendar name from the scenario.
    pub name: String,
    /// Working intervals within one week, [start, end) in ticks, sorted and disjoint.
    intervals: Vec<(Tick, Tick)>,
}

impl Calendar {
    /// Builds a calendar. `shifts` are (start, end) seconds after midnight;
    /// `breaks` are (start seconds after midnight, length in seconds). All
    /// must be whole minutes.
    pub fn new(name: &str, days: u32, shifts: &[(u32, u32)], breaks: &[(u32, u32)]) -> Result<Calendar, String> {
        if days == 0 || days > 7 {
            return Err(format!("working days per week must be 1 to 7 (got {days})"));
        }
        if shifts.is_empty() {
            return Err("a calendar needs at least one shift".into());
        }
        let whole = |s: u32| s.is_multiple_of(60);
        if !shifts.iter().all(|(a, b)| whole(*a) && whole(*b)) || !breaks.iter().all(|(a, b)| whole(*a) && whole(*b)) {
            return Err("shift and break times must be whole minutes".into());
        }
        let mut on = vec![false; MINUTES_PER_WEEK];
        for day in 0..days as usize {
            for &(start, end) in shifts {
                let s = start as usize / 60;
                let mut e = end as usize / 60;
                if e <= s {
                    e += MINUTES_PER_DAY; // runs past midnight
                }
                for m in s..e {
                    on[(day * MINUTES_PER_DAY + m) % MINUTES_PER_WEEK] = true;
                }
            }
        }
        for day in 0..7usize {
            for &(start, len) in breaks {
                let s = start as usize / 60;
                for m in s..s + len as usize / 60 {
                    on[(day * MINUTES_PER_DAY + m) % MINUTES_PER_WEEK] = false;
                }
            }
        }
        let mut intervals = Vec::new();
        let mut m = 0;
        while m < MINUTES_PER_WEEK {
            if on[m] {
                let s = m;
                while m < MINUTES_PER_WEEK && on[m] {
                    m += 1;
                }
                intervals.push((s as Tick * MINUTE, m as Tick * MINUTE));
            } else {
                m += 1;
            }
        }
        if intervals.is_empty() {
            return Err("the breaks leave no working time".into());
        }
        Ok(Calendar {
            name: name.to_string(),
            intervals,
        })
    }

    /// True when `t` falls in working time.
    pub fn is_on(&self, t: Tick) -> bool {
        let w = t % WEEK;
        let i = self.intervals.partition_point(|&(s, _)| s <= w);
        i > 0 && w < self.intervals[i - 1].1
    }

    /// The first time after `t` at which the calendar switches on or off, or
    /// `None` for a calendar that is always on.
    pub fn next_change(&self, t: Tick) -> Option<Tick> {
        if self.intervals == [(0, WEEK)] {
            return None;
        }
        let week_start = t - t % WEEK;
        let w = t % WEEK;
        let wraps = self.intervals[0].0 == 0;
        for &(s, e) in &self.intervals {
            if s > w {
                return Some(week_start + s);
            }
            if e > w && !(e == WEEK && wraps) {
                return Some(week_start + e);
            }
        }
        // Wrap into next week: its first boundary that is a real change.
        let (s, e) = self.intervals[0];
        let boundary = if s == 0 && self.intervals.last().is_some_and(|l| l.1 == WEEK) {
            e
        } else {
            s
        };
        Some(week_start + WEEK + boundary)
    }

    /// Working time per week.
    pub fn on_per_week(&self) -> Tick {
        self.intervals.iter().map(|(s, e)| e - s).sum()
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

    #[test]
    fn event_exactly_at_shift_end_is_off() {
        let c = Calendar::new("day", 5, &[(h(8), h(17))], &[]).unwrap();
        assert!(c.is_on(17 * HOUR - 1));
        assert!(!c.is_on(17 * HOUR));
    }
}
