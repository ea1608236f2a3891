//! Where things go on the window: regions in logical pixels (origin top
//! left, y down), and the mapping from a line's layout (metres) to the floor
//! region. The camera puts world (0, 0) at the window's centre with one
//! world unit per logical pixel, so [`to_world`] is the only conversion.

use bevy::prelude::*;

use super::Workshop;
use zhizao_core::layout::Layout;

/// A rectangle in logical pixels, top-left origin.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Area {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

/// One side's regions.
#[derive(Clone, Copy, Debug, Default)]
pub struct SideAreas {
    pub header: Area,
    pub floor: Area,
    pub kpis: Area,
    pub chart: Area,
}

/// The window's regions.
#[derive(Clone, Debug, Default)]
pub struct Areas {
    pub top: Area,
    pub banner: Area,
    pub bottom: Area,
    pub sides: Vec<SideAreas>,
}

impl Areas {
    /// Regions of a `size` window showing `sides` lines, text scaled by
    /// `scale`, with a banner of `banner_lines` lines of text.
    pub fn new(size: Vec2, sides: usize, scale: f32, banner_lines: usize) -> Areas {
        let top_h = 52.0 * scale;
        let banner_h = if banner_lines > 0 {
            (banner_lines as f32 * 16.0 + 8.0) * scale
        } else {
            0.0
        };
        let bottom_h = 66.0 * scale;
        let header_h = 26.0 * scale;
        let body_y = top_h + banner_h;
        let body_h = (size.y - body_y - bottom_h).max(10.0);
        let lower_h = (body_h * 0.36).clamp(150.0 * scale.min(1.3), 260.0 * scale);
        let floor_h = (body_h - header_h - lower_h).max(10.0);
        let n = sides.max(1) as f32;
        let col_w = size.x / n;
        let side = |i: usize| {
            let x = i as f32 * col_w;
            let kpi_w = (col_w * 0.5).max(330.0 * scale).min(col_w * 0.6);
            SideAreas {
                header: Area {
                    x: x + 8.0,
                    y: body_y,
                    w: col_w - 16.0,
                    h: header_h,
                },
                floor: Area {
                    x: x + 8.0,
                    y: body_y + header_h,
                    w: col_w - 16.0,
                    h: floor_h,
                },
                kpis: Area {
                    x: x + 8.0,
                    y: body_y + header_h + floor_h,
                    w: kpi_w - 8.0,
                    h: lower_h,
                },
                chart: Area {
                    x: x + kpi_w + 8.0,
                    y: body_y + header_h + floor_h + 8.0 * scale,
                    w: (col_w - kpi_w - 24.0).max(10.0),
                    h: lower_h - 40.0 * scale,
                },
            }
        };
        Areas {
            top: Area {
                x: 0.0,
                y: 0.0,
                w: size.x,
                h: top_h,
            },
            banner: Area {
                x: 0.0,
                y: top_h,
                w: size.x,
                h: banner_h,
            },
            bottom: Area {
                x: 0.0,
                y: size.y - bottom_h,
                w: size.x,
                h: bottom_h,
            },
            sides: (0..sides).map(side).collect(),
        }
    }
}

/// Logical pixel (top-left origin) to world coordinates.
pub fn to_world(size: Vec2, p: Vec2) -> Vec2 {
    Vec2::new(p.x - size.x / 2.0, size.y / 2.0 - p.y)
}

/// Maps a layout's metres into a floor region (keeping proportions).
#[derive(Clone, Copy, Debug)]
pub struct FloorMap {
    /// Pixels per metre.
    pub scale: f32,
    origin: Vec2,
    min: Vec2,
}

/// Margin around the stations, metres (room for labels and gauges).
const MARGIN_M: f32 = 3.0;

impl FloorMap {
    pub fn new(layout: &Layout, floor: Area) -> FloorMap {
        let min = Vec2::new(layout.min.0, layout.min.1) - Vec2::splat(MARGIN_M);
        let max = Vec2::new(layout.max.0, layout.max.1) + Vec2::splat(MARGIN_M);
        let span = (max - min).max(Vec2::splat(1.0));
        let scale = (floor.w / span.x).min(floor.h / span.y).min(40.0);
        let used = span * scale;
        let origin = Vec2::new(floor.x + (floor.w - used.x) / 2.0, floor.y + (floor.h - used.y) / 2.0);
        FloorMap {
            scale,
            origin,
            min: Vec2::new(min.x, max.y),
        }
    }

    /// A layout position (metres, y up) in logical pixels (y down).
    pub fn pixel(&self, p: (f32, f32)) -> Vec2 {
        self.origin + Vec2::new(p.0 - self.min.x, self.min.y - p.1) * self.scale
    }

    /// A station box's size in pixels.
    pub fn box_size(&self) -> Vec2 {
        Vec2::new(3.4, 2.2) * self.scale
    }
}

/// The type size for a window: 1 at 1280x720 and growing with the window
/// (1.5 at 1920x1080, 3 at 3840x2160), so a 4K exhibition screen is read
/// from as far as a laptop.
/// The exhibition's headline has its own large type (see panels).
pub fn ui_scale(size: Vec2) -> f32 {
    (size.x / 1280.0).min(size.y / 720.0).clamp(0.75, 4.0)
}

/// Follows the window's size with the type size (the panels and the floor
/// are rebuilt when it changes).
pub(super) fn fit_type_to_window(
    windows: Query<&Window, With<bevy::window::PrimaryWindow>>,
    mut workshop: ResMut<Workshop>,
) {
    let Ok(window) = windows.single() else { return };
    let scale = ui_scale(window_size(Some(window)));
    if (scale - workshop.ui_scale).abs() > 1e-3 {
        workshop.ui_scale = scale;
    }
}

/// The window's size in logical pixels (1280 x 720 without a window).
pub(super) fn window_size(window: Option<&Window>) -> Vec2 {
    window.map_or(Vec2::new(1280.0, 720.0), |w| Vec2::new(w.width(), w.height()))
}

/// Regions and floor maps for this frame.
pub(super) fn geometry(workshop: &Workshop, size: Vec2) -> (Areas, Vec<FloorMap>) {
    let sides = workshop.layouts.len();
    let banner_lines = match (sides, &workshop.planner) {
        (1, _) => 0,
        // The exhibition's headline: two lines of large type.
        _ if workshop.mode == super::Mode::Demo => 5,
        (_, None) => 2,
        (_, Some(_)) => 3,
    };
    let areas = Areas::new(size, sides, workshop.ui_scale, banner_lines);
    let maps = workshop
        .layouts
        .iter()
        .zip(&areas.sides)
        .map(|(l, a)| FloorMap::new(l, a.floor))
        .collect();
    (areas, maps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_grows_with_the_window() {
        assert_eq!(ui_scale(Vec2::new(1280.0, 720.0)), 1.0);
        assert_eq!(ui_scale(Vec2::new(1920.0, 1080.0)), 1.5);
        assert_eq!(ui_scale(Vec2::new(3840.0, 2160.0)), 3.0);
        // A wide window grows with its height.
        assert_eq!(ui_scale(Vec2::new(2560.0, 720.0)), 1.0);
        assert_eq!(ui_scale(Vec2::new(3840.0, 2160.0)), 3.0);
        assert_eq!(ui_scale(Vec2::new(640.0, 360.0)), 0.75);
    }

    #[test]
    fn split_screen_halves_do_not_overlap() {
        let a = Areas::new(Vec2::new(1280.0, 720.0), 2, 1.0, 2);
        assert!(a.sides[0].floor.x + a.sides[0].floor.w <= a.sides[1].floor.x);
        for s in &a.sides {
            assert!(s.kpis.y + s.kpis.h <= a.bottom.y + 0.5);
            assert!(s.chart.x >= s.kpis.x + s.kpis.w);
        }
    }
}
