//! Where stations stand on the workshop floor, for a front end.
//!
//! A scenario may give every station a `position` (metres, x to the right, y
//! up); then those are used as written. Otherwise stations are laid out
//! automatically: in the order parts visit them, left to right, alternatives
//! of one route step stacked in one column, and long lines wrapped into rows
//! that snake (the second row runs right to left) so that every link between
//! neighbours stays short.

use crate::model::Line;

/// Columns per row of an automatic layout before it wraps.
pub const COLUMNS_PER_ROW: usize = 8;
/// Distance between columns of an automatic layout [m].
pub const COLUMN_SPACING: f32 = 5.0;
/// Distance between stacked alternatives in one column [m].
pub const STACK_SPACING: f32 = 4.5;

/// Station positions and the links parts travel along.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Position of each station, indexed by station id [m].
    pub positions: Vec<(f32, f32)>,
    /// Pairs (from, to) of stations that parts move between along a route,
    /// sorted and without repeats.
    pub links: Vec<(usize, usize)>,
    /// Pairs (from, to) along which reworked parts go back.
    pub rework: Vec<(usize, usize)>,
    /// Smallest and largest corner of the positions [m].
    pub min: (f32, f32),
    pub max: (f32, f32),
}

impl Layout {
    /// The layout of `line`.
    pub fn of(line: &Line) -> Layout {
        let given: Option<Vec<(f32, f32)>> = line.stations.iter().map(|s| s.position).collect();
        let positions = given.unwrap_or_else(|| automatic(line));
        let mut links: Vec<(usize, usize)> = line
            .products
            .iter()
            .flat_map(|p| p.route.windows(2))
            .flat_map(|w| {
                w[0].stations
                    .iter()
                    .flat_map(|&a| w[1].stations.iter().map(move |&b| (a, b)))
            })
            .collect();
        links.sort_unstable();
        links.dedup();
        let rework = line
            .stations
            .iter()
            .enumerate()
            .filter_map(|(s, st)| st.rework.map(|(_, to)| (s, to)))
            .collect();
        let fold = |f: fn(f32, f32) -> f32, init: f32| {
            positions
                .iter()
                .fold((init, init), |acc, p| (f(acc.0, p.0), f(acc.1, p.1)))
        };
        let (min, max) = if positions.is_empty() {
            ((0.0, 0.0), (0.0, 0.0))
        } else {
            (fold(f32::min, f32::INFINITY), fold(f32::max, f32::NEG_INFINITY))
        };
        Layout {
            positions,
            links,
            rework,
            min,
            max,
        }
    }
}

/// Column of each station: its step in the first route that visits it, in
/// order of first visit; stations no route visits go last.
fn columns(line: &Line) -> Vec<usize> {
    let n = line.stations.len();
    let mut column = vec![usize::MAX; n];
    let mut next = 0;
    // Main products first; a feeder's stations then stand in the columns
    // before the assembly station its route ends at, under the main line.
    for product in line.products.iter().filter(|p| !p.feeder) {
        for step in &product.route {
            let fresh: Vec<usize> = step
                .stations
                .iter()
                .copied()
                .filter(|&s| column[s] == usize::MAX)
                .collect();
            if fresh.is_empty() {
                continue;
            }
            for s in fresh {
                column[s] = next;
            }
            next += 1;
        }
    }
    for product in line.products.iter().filter(|p| p.feeder) {
        let end = product
            .route
            .last()
            .and_then(|step| step.stations.iter().map(|&s| column[s]).find(|&c| c != usize::MAX));
        let len = product.route.len();
        for (j, step) in product.route.iter().enumerate() {
            for &s in &step.stations {
                if column[s] == usize::MAX {
                    column[s] = match end {
                        Some(c) => c.saturating_sub(len - 1 - j),
                        None => {
                            next += 1;
                            next - 1
                        }
                    };
                }
            }
        }
    }
    for c in column.iter_mut().filter(|c| **c == usize::MAX) {
        *c = next;
        next += 1;
    }
    column
}

fn automatic(line: &Line) -> Vec<(f32, f32)> {
    let column = columns(line);
    let n_columns = column.iter().max().map_or(0, |m| m + 1);
    let mut height = vec![0usize; n_columns];
    let mut slot = vec![0usize; column.len()];
    for (s, &c) in column.iter().enumerate() {
        slot[s] = height[c];
        height[c] += 1;
    }
    // Each row is as tall as its tallest column.
    let rows = n_columns.div_ceil(COLUMNS_PER_ROW);
    let row_height: Vec<usize> = (0..rows)
        .map(|r| {
            height[r * COLUMNS_PER_ROW..((r + 1) * COLUMNS_PER_ROW).min(n_columns)]
                .iter()
                .copied()
                .max()
                .unwrap_or(1)
        })
        .collect();
    let mut row_top = vec![0.0f32; rows];
    for r in 1..rows {
        row_top[r] = row_top[r - 1] - row_height[r - 1] as f32 * STACK_SPACING - COLUMN_SPACING;
    }
    column
        .iter()
        .zip(&slot)
        .map(|(&c, &k)| {
            let row = c / COLUMNS_PER_ROW;
            let mut x = c % COLUMNS_PER_ROW;
            if row % 2 == 1 {
                x = COLUMNS_PER_ROW - 1 - x;
            }
            let stack = height[c] as f32;
            let y = row_top[row]
                - (k as f32 - (stack - 1.0) / 2.0) * STACK_SPACING
                - (row_height[row] as f32 - 1.0) * STACK_SPACING / 2.0;
            (x as f32 * COLUMN_SPACING, y)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    fn load(name: &str) -> Scenario {
        let path = format!("{}/../../scenarios/{name}", env!("CARGO_MANIFEST_DIR"));
        Scenario::load(std::path::Path::new(&path)).expect("bundled scenario")
    }

    #[test]
    fn long_lines_wrap_and_snake() {
        let s = load("wenzhou_valve_body.ron");
        let line = &s.baseline().line;
        let l = Layout::of(line);
        let id = |name: &str| line.station_id(name).expect("a station");
        let at = |name: &str| l.positions[id(name)];
        assert_eq!(l.positions.len(), 13);
        // First row left to right (8 columns), second row right to left, below it.
        assert!(at("cnc_turning").0 < at("cnc_drilling").0);
        assert!(at("pressure_test").1 < at("cnc_turning").1);
        assert!(at("final_inspection").0 < at("pressure_test").0);
        // The link that wraps stays short: the pressure test sits under bolting.
        assert_eq!(at("pressure_test").0, at("bolting").0);
        assert!(l.links.contains(&(id("bolting"), id("pressure_test"))));
        // The end-cap lathe stands one column before bolting, which it feeds,
        // under stem assembly.
        assert_eq!(at("cap_lathe").0, at("stem_assembly").0);
        assert!(at("cap_lathe").1 < at("stem_assembly").1);
        // Rework from the pressure test back to seat assembly.
        assert_eq!(l.rework, vec![(id("pressure_test"), id("seat_assembly"))]);
        // No two stations share a place.
        for a in 0..l.positions.len() {
            for b in a + 1..l.positions.len() {
                assert_ne!(l.positions[a], l.positions[b]);
            }
        }
    }

    #[test]
    fn feeders_stand_before_their_assembly_station() {
        let s = load("yongkang_thermos_cup.ron");
        let line = &s.baseline().line;
        let l = Layout::of(line);
        let at = |name: &str| l.positions[line.station_id(name).expect("a station")];
        // The inner-shell presses feed welding: one column before it, under
        // outer shell forming, not after packing.
        for press in ["inner_press_350", "inner_press_500"] {
            assert_eq!(at(press).0, at("shell_forming").0, "{press}");
            assert!(at(press).1 < at("shell_forming").1, "{press} below the main line");
        }
        assert_ne!(at("inner_press_350"), at("inner_press_500"));
    }

    #[test]
    fn alternatives_stack_in_one_column() {
        let s = Scenario::parse(
            r#"Scenario(
                name: "alternatives",
                experiment: (warmup: "1h", run: "20h", replications: 2, seed: 1),
                products: [(name: "p", route: ["feed", Any(stations: ["fast", "slow"], rule: FirstFree), "pack"])],
                source: Saturated,
                stations: [
                    (name: "feed", kind: Robot, time: Const("10s"), buffer: 0),
                    (name: "fast", kind: Robot, time: Const("1min"), buffer: 0),
                    (name: "slow", kind: Robot, time: Const("2min"), buffer: 0),
                    (name: "pack", kind: Robot, time: Const("10s"), buffer: 2),
                ],
            )"#,
        )
        .expect("valid");
        let l = Layout::of(&s.baseline().line);
        assert_eq!(l.positions[1].0, l.positions[2].0);
        assert_ne!(l.positions[1].1, l.positions[2].1);
        assert!(l.positions[3].0 > l.positions[1].0);
        assert_eq!(l.links, vec![(0, 1), (0, 2), (1, 3), (2, 3)]);
    }
}
