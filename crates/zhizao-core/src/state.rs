//! The seven states of a server, and the one table of their names and
//! colours that the tables, the reports and the live view all use.
//!
//! Every moment of every server is in exactly one state. The seven on-shift
//! states are reported as shares of planned (on-shift) time and sum to 1;
//! `off_shift` as a share of all hours ([`crate::kpi::STATION_KPIS`] lists
//! them first, in [`State::ALL`] order).

/// What a server is doing, as reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum State {
    /// Processing, loading or unloading a part.
    Busy = 0,
    /// Changing over to another product type.
    Setup = 1,
    /// Holding a finished part, waiting for room downstream.
    Blocked = 2,
    /// Empty, waiting for a part.
    Starved = 3,
    /// Broken down: waiting for or under repair.
    Down = 4,
    /// Outside the station's working time (its calendar, or its operators'
    /// shift for a manual station), whatever the server holds.
    OffShift = 5,
    /// In working time, but no operator is free (or the one it holds is off shift).
    WaitingOperator = 6,
    /// Planned (preventive) maintenance: a planned stop, outside the planned
    /// busy time of OEE, as breaks are.
    Maintenance = 7,
}

/// How many states there are.
pub const STATES_N: usize = 8;

impl State {
    pub const ALL: [State; STATES_N] = [
        State::Busy,
        State::Setup,
        State::Blocked,
        State::Starved,
        State::Down,
        State::OffShift,
        State::WaitingOperator,
        State::Maintenance,
    ];

    /// Working or failing at the server's own pace (the active-period
    /// method's "active"), as opposed to waiting for parts, for space
    /// downstream, or for the shift to start.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            State::Busy | State::Setup | State::Down | State::WaitingOperator | State::Maintenance
        )
    }

    /// Its names and colour.
    pub fn info(self) -> &'static StateInfo {
        &STATES[self as usize]
    }

    /// The legend's name, e.g. "waiting for operator".
    pub fn label(self) -> &'static str {
        self.info().label
    }
}

/// How a state is named and drawn.
#[derive(Clone, Copy, Debug)]
pub struct StateInfo {
    pub state: State,
    /// Machine name in JSON and CSV (`busy`, `off_shift`, ...).
    pub key: &'static str,
    /// The legend's words.
    pub label: &'static str,
    /// A table column heading of at most 9 characters.
    pub short: &'static str,
    /// Colour as 8-bit sRGB, the same in the view, the charts and the HTML report.
    pub rgb: [u8; 3],
}

impl StateInfo {
    /// The colour as `#rrggbb`.
    pub fn hex(&self) -> String {
        let [r, g, b] = self.rgb;
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}

const fn info(state: State, key: &'static str, label: &'static str, short: &'static str, rgb: [u8; 3]) -> StateInfo {
    StateInfo {
        state,
        key,
        label,
        short,
        rgb,
    }
}

/// Every state in [`State::ALL`] order. Trouble is warm (down red, blocked
/// orange, starved amber), work is green, setup purple, waiting for an
/// operator blue, off shift grey, planned maintenance teal.
pub const STATES: [StateInfo; STATES_N] = [
    info(State::Busy, "busy", "processing", "busy", [46, 160, 67]),
    info(State::Setup, "setup", "setup", "setup", [142, 68, 173]),
    info(State::Blocked, "blocked", "blocked", "blocked", [230, 126, 34]),
    info(State::Starved, "starved", "starved", "starved", [212, 172, 13]),
    info(State::Down, "down", "down", "down", [192, 57, 43]),
    info(State::OffShift, "off_shift", "off shift", "off-shift", [88, 92, 104]),
    info(
        State::WaitingOperator,
        "waiting_operator",
        "waiting for operator",
        "wait-op",
        [52, 152, 219],
    ),
    info(
        State::Maintenance,
        "maintenance",
        "planned maintenance",
        "maint",
        [22, 160, 133],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_state_order_and_its_colours_differ() {
        for (i, s) in State::ALL.iter().enumerate() {
            assert_eq!(*s as usize, i);
            assert_eq!(STATES[i].state, *s);
            assert!(STATES[i].short.len() <= 9);
        }
        for a in &STATES {
            for b in &STATES {
                assert!(
                    a.state == b.state || a.rgb != b.rgb,
                    "{} and {} share a colour",
                    a.key,
                    b.key
                );
            }
        }
        assert_eq!(State::Busy.info().hex(), "#2ea043");
    }
}
