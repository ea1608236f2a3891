//! The view's colours. State colours come from the core's table, like the
//! reports'; the rendering check looks for them exactly in screenshots.

use bevy::prelude::Color;
use unicode_width::UnicodeWidthStr;

use zhizao_core::sim::State;
use zhizao_core::state::STATES_N;

/// The one font every label is drawn in, embedded so the view runs from any
/// folder: Noto Sans Mono CJK SC cut to GB2312 and what the program shows
/// (`assets/fonts`, SIL Open Font License). Latin letters take half an em,
/// Chinese characters a whole one, as they take one and two terminal columns.
pub const FONT: &[u8] = include_bytes!("../../../assets/fonts/ZhizaoMonoCJK-Regular.otf");

/// The station icons (`assets/icons`, drawn by `make_icons.py`): white
/// pictograms on transparency, tinted when drawn.
pub const ICON_ROBOT: &[u8] = include_bytes!("../../../assets/icons/robot.png");
pub const ICON_CNC: &[u8] = include_bytes!("../../../assets/icons/cnc.png");
pub const ICON_BENCH: &[u8] = include_bytes!("../../../assets/icons/bench.png");
pub const ICON_VEHICLE: &[u8] = include_bytes!("../../../assets/icons/vehicle.png");

/// Width of one column (one Latin letter) of [`FONT`], in ems.
pub const COLUMN_EM: f32 = 0.5;

/// Display columns of `text`: two for a Chinese character, one for a Latin one.
pub fn columns(text: &str) -> usize {
    text.width()
}

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

/// Colour of a server state: the core's one palette ([`zhizao_core::sim::STATES`]),
/// exact in screenshots.
pub fn state_color(state: State) -> Color {
    let [r, g, b] = state.info().rgb;
    Color::srgb_u8(r, g, b)
}

/// The state a station box shows: the most common among its servers, ties
/// going to the one a planner most needs to see (down before blocked
/// before setup ...).
pub fn dominant(states: impl Iterator<Item = State>) -> State {
    const PRIORITY: [State; STATES_N] = [
        State::Down,
        State::Maintenance,
        State::Blocked,
        State::Setup,
        State::Busy,
        State::WaitingOperator,
        State::Starved,
        State::OffShift,
    ];
    let mut count = [0u32; STATES_N];
    for s in states {
        count[s as usize] += 1;
    }
    PRIORITY
        .iter()
        .copied()
        .max_by_key(|s| {
            (
                count[*s as usize],
                STATES_N - PRIORITY.iter().position(|p| p == s).unwrap_or(0),
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
