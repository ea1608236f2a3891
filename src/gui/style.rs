//! Colours and the state legend, shared by the floor, the panels and the
//! rendering check (which looks for these exact colours in screenshots).

use bevy::prelude::Color;

use crate::sim::State;

pub const BACKGROUND: Color = Color::srgb(0.09, 0.10, 0.12);
pub const PANEL: Color = Color::srgba(0.14, 0.15, 0.18, 0.92);
pub const TEXT: Color = Color::srgb(0.92, 0.93, 0.95);
pub const DIM: Color = Color::srgb(0.62, 0.65, 0.70);
pub const GOOD: Color = Color::srgb(0.40, 0.85, 0.45);
pub const BAD: Color = Color::srgb(0.95, 0.45, 0.40);
pub const LINK: Color = Color::srgb(0.35, 0.38, 0.45);
pub const REWORK: Color = Color::srgb(0.75, 0.35, 0.35);
pub const GAUGE: Color = Color::srgb(0.22, 0.24, 0.28);
pub const GAUGE_FILL: Color = Color::srgb(0.55, 0.75, 0.95);
pub const PART: Color = Color::srgb(0.96, 0.93, 0.85);
pub const OPERATOR: Color = Color::srgb(0.98, 0.80, 0.60);
pub const ROBOT: Color = Color::srgb(0.55, 0.85, 1.0);
pub const SELECTED: Color = Color::srgb(1.0, 1.0, 1.0);
pub const CHART_LEFT: Color = Color::srgb(0.95, 0.70, 0.30);
pub const CHART_RIGHT: Color = Color::srgb(0.40, 0.85, 0.95);

/// Colour of each server state, as 8-bit sRGB (exact in screenshots).
pub const STATE_RGB: [(State, [u8; 3], &str); 7] = [
    (State::Busy, [46, 160, 67], "processing"),
    (State::Setup, [142, 68, 173], "setup"),
    (State::Blocked, [230, 126, 34], "blocked"),
    (State::Starved, [212, 172, 13], "starved"),
    (State::Down, [192, 57, 43], "down"),
    (State::OffShift, [88, 92, 104], "off shift"),
    (State::WaitingOperator, [52, 152, 219], "waiting for operator"),
];

/// Colour of a server state.
pub fn state_color(state: State) -> Color {
    let [r, g, b] = state_rgb(state);
    Color::srgb_u8(r, g, b)
}

/// 8-bit sRGB of a server state.
pub fn state_rgb(state: State) -> [u8; 3] {
    STATE_RGB
        .iter()
        .find(|(s, _, _)| *s == state)
        .map(|(_, rgb, _)| *rgb)
        .unwrap_or([255, 0, 255])
}

/// Legend label of a server state.
pub fn state_label(state: State) -> &'static str {
    STATE_RGB
        .iter()
        .find(|(s, _, _)| *s == state)
        .map(|(_, _, l)| *l)
        .unwrap_or("?")
}

/// The state a station box shows: the most common among its servers, ties
/// going to the one a planner most needs to see (down before blocked
/// before setup ...).
pub fn dominant(states: impl Iterator<Item = State>) -> State {
    const PRIORITY: [State; 7] = [
        State::Down,
        State::Blocked,
        State::Setup,
        State::Busy,
        State::WaitingOperator,
        State::Starved,
        State::OffShift,
    ];
    let mut count = [0u32; 7];
    for s in states {
        count[s as usize] += 1;
    }
    PRIORITY
        .iter()
        .copied()
        .max_by_key(|s| {
            (
                count[*s as usize],
                7 - PRIORITY.iter().position(|p| p == s).unwrap_or(0),
            )
        })
        .unwrap_or(State::Starved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_common_state_wins_and_ties_favour_trouble() {
        use State::*;
        assert_eq!(dominant([Busy, Busy, Starved].into_iter()), Busy);
        assert_eq!(dominant([Busy, Down].into_iter()), Down);
        assert_eq!(dominant([Starved, Blocked].into_iter()), Blocked);
    }
}
