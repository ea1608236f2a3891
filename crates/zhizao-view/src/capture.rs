//! Screenshots: on a key press (numbered PNGs), or scripted by
//! `zhizao view --screenshot FILE --at TIME` for reports, the README and the
//! rendering check. A scripted capture also writes `FILE.json` beside the
//! image: where each station box is drawn and the colour of its state, where
//! every text's glyphs are (and whether any is cut off by its panel), and
//! the link lines drawn, so a test can check the picture against the
//! simulation and look for text that overlaps, leaves the window or lies
//! under a line.

use std::path::PathBuf;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use bevy::sprite::Anchor;
use bevy::text::{TextBounds, TextLayoutInfo};
use bevy::ui::{CalculatedClip, ComputedNode, UiGlobalTransform};
use bevy::window::PrimaryWindow;

use super::floor::{Drawn, Piece, text_rect};
use super::screen::{geometry, window_size};
use super::style;
use super::{LogicSet, Workshop};
use zhizao_core::time::Tick;

/// Screenshots asked for this frame.
#[derive(Resource, Default)]
pub struct Captures(pub Vec<(PathBuf, bool)>);

/// A scripted screenshot.
#[derive(Resource, Clone, Debug)]
pub struct CaptureRequest {
    pub path: PathBuf,
    /// Simulated time to show (the run is taken there at full speed, then paused).
    pub at: Tick,
    /// Frames since the run was taken there.
    pub frames: u32,
    /// Frames after asking for the image before the app exits.
    pub exit_after: Option<u32>,
    /// Frames since the screen was ready.
    pub settled: u32,
}

pub(super) struct CapturePlugin;

impl Plugin for CapturePlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(Update, (scripted.after(LogicSet), take).chain());
    }
}

fn take(mut commands: Commands, mut captures: ResMut<Captures>, mut workshop: ResMut<Workshop>) {
    for (path, announce) in captures.0.drain(..) {
        if announce {
            workshop.message = Some(format!("screenshot {}", path.display()));
        }
        commands.spawn(Screenshot::primary_window()).observe(save_to_disk(path));
    }
}

/// A 2D text on the floor, as laid out.
type FloorText = (
    &'static Text2d,
    &'static TextLayoutInfo,
    &'static GlobalTransform,
    &'static Anchor,
    Option<&'static TextBounds>,
    &'static InheritedVisibility,
    Option<&'static Piece>,
);

/// A text in a panel, as laid out.
type PanelText = (
    &'static Text,
    &'static TextLayoutInfo,
    &'static ComputedNode,
    &'static UiGlobalTransform,
    &'static InheritedVisibility,
    Option<&'static CalculatedClip>,
);

/// What is drawn, for the capture's record.
#[derive(SystemParam)]
pub(super) struct Drawing<'w, 's> {
    floor: Query<'w, 's, FloorText>,
    ui: Query<'w, 's, PanelText>,
    drawn: Option<Res<'w, Drawn>>,
}

fn rect_json(r: Rect) -> serde_json::Value {
    serde_json::json!([r.min.x, r.min.y, r.max.x, r.max.y])
}

impl Drawing<'_, '_> {
    /// Every visible text with its glyphs' rectangle in logical pixels;
    /// floor labels name their station and part (name, badge, queue); panel
    /// texts say whether glyphs fall outside their clip.
    fn texts(&self, size: Vec2, scale_factor: f32) -> Vec<serde_json::Value> {
        let mut out = Vec::new();
        for (text, info, tf, anchor, bounds, vis, piece) in &self.floor {
            if !vis.get() {
                continue;
            }
            let Some(r) = text_rect(info, tf, anchor, bounds, size) else {
                continue;
            };
            let (part, side, station) = match piece {
                Some(p) => {
                    let (side, station) = p.at();
                    (p.part(), Some(side), Some(station))
                }
                None => ("other", None, None),
            };
            out.push(serde_json::json!({
                "text": text.0,
                "layer": "floor",
                "part": part,
                "side": side,
                "station": station,
                "rect": rect_json(r),
                "clipped": false,
            }));
        }
        let k = scale_factor.max(1e-3).recip();
        for (text, info, node, tf, vis, clip) in &self.ui {
            if !vis.get() || node.is_empty() {
                continue;
            }
            let origin = tf.affine().translation + node.content_box().min;
            let mut rect: Option<Rect> = None;
            let mut clipped = false;
            for g in info
                .glyphs
                .iter()
                .filter(|g| g.atlas_info.rect.size().min_element() > 0.0)
            {
                let r = Rect::from_center_size(origin + g.position, g.atlas_info.rect.size());
                if let Some(c) = clip
                    && (!c.clip.contains(r.min + Vec2::splat(1.0)) || !c.clip.contains(r.max - Vec2::splat(1.0)))
                {
                    clipped = true;
                }
                rect = Some(rect.map_or(r, |a| a.union(r)));
            }
            let Some(r) = rect else { continue };
            out.push(serde_json::json!({
                "text": text.0,
                "layer": "panel",
                "rect": rect_json(Rect::from_corners(r.min * k, r.max * k)),
                "clipped": clipped,
            }));
        }
        out
    }
}

fn scripted(
    request: Option<ResMut<CaptureRequest>>,
    drawing: Drawing,
    mut workshop: ResMut<Workshop>,
    mut captures: ResMut<Captures>,
    windows: Query<&Window, With<PrimaryWindow>>,
    mut exit: MessageWriter<AppExit>,
) {
    let Some(mut r) = request else {
        return;
    };
    if r.frames == 0 {
        let at = r.at;
        workshop.live.run_to(at);
        workshop.live.set_paused(true);
        workshop.refresh();
    }
    r.frames += 1;
    // Let text lay out and the planner's projection (or the exhibition
    // headline's) finish before the picture.
    let headline_done = workshop
        .headline
        .as_ref()
        .is_none_or(|p| !matches!(p.status(), zhizao_core::plan::Status::Running { .. }));
    let ready = r.frames >= 30 && headline_done && workshop.planner.as_ref().is_none_or(super::Planner::settled);
    // The picture and the record are taken a few frames after the screen
    // is ready, so that the texts measured (laid out at the end of the last
    // frame) are the texts drawn.
    if !ready {
        r.settled = 0;
    } else if r.settled < 3 {
        r.settled += 1;
    }
    match r.exit_after {
        None if r.settled >= 3 => {
            workshop.message = None;
            captures.0.push((r.path.clone(), false));
            let size = window_size(windows.single().ok());
            let json = sidecar(
                &workshop,
                &drawing,
                size,
                windows.single().map_or(1.0, |w| w.scale_factor()),
            );
            let side = r.path.with_extension("json");
            if let Err(e) = std::fs::write(&side, json) {
                error!("cannot write {}: {e}", side.display());
            }
            r.exit_after = Some(20);
        }
        Some(0) => {
            exit.write(AppExit::Success);
        }
        Some(n) => r.exit_after = Some(n - 1),
        None => {}
    }
}

/// Station boxes as drawn (side, name, centre in logical pixels, the state
/// shown and its colour), texts and link lines.
fn sidecar(workshop: &Workshop, drawing: &Drawing, size: Vec2, scale_factor: f32) -> String {
    let (_, maps) = geometry(workshop, size);
    let mut stations = Vec::new();
    for (side, (layout, map)) in workshop.layouts.iter().zip(&maps).enumerate() {
        let line = &workshop.live.sides()[side].variant.line;
        for (s, view) in workshop.shown[side].stations.iter().enumerate() {
            let c = map.pixel(layout.positions[s]);
            let state = style::dominant(view.servers.iter().map(|v| v.state));
            stations.push(serde_json::json!({
                "side": side,
                "station": line.stations[s].name,
                "x": c.x,
                "y": c.y,
                "box": [map.box_size().x, map.box_size().y],
                "state": state.label(),
                "rgb": state.info().rgb,
            }));
        }
    }
    let v = serde_json::json!({
        "scenario": workshop.scenario.name,
        "simulated_seconds": workshop.live.now() / zhizao_core::time::SECOND,
        "seed": workshop.live.seed(),
        "window": [size.x, size.y],
        "scale_factor": scale_factor,
        "stations": stations,
        "texts": drawing.texts(size, scale_factor),
        "links": drawing.drawn.as_ref().map_or(Vec::new(), |d| d
            .0
            .iter()
            .map(|(a, b)| [a.x, a.y, b.x, b.y])
            .collect()),
    });
    serde_json::to_string_pretty(&v).expect("plain JSON")
}
