//! Screenshots: on a key press (numbered PNGs), or scripted by
//! `zhizao view --screenshot FILE --at TIME` for reports, the README and the
//! rendering check. A scripted capture also writes `FILE.json` beside the
//! image: where each station box is drawn and the colour of its state, so a
//! test can check the picture against the simulation.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use bevy::window::PrimaryWindow;

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

fn scripted(
    request: Option<ResMut<CaptureRequest>>,
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
    match r.exit_after {
        None if ready => {
            workshop.message = None;
            captures.0.push((r.path.clone(), false));
            let size = window_size(windows.single().ok());
            let json = sidecar(&workshop, size, windows.single().map_or(1.0, |w| w.scale_factor()));
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

/// Station boxes as drawn: side, name, centre in logical pixels, the state
/// shown and its colour.
fn sidecar(workshop: &Workshop, size: Vec2, scale_factor: f32) -> String {
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
    });
    serde_json::to_string_pretty(&v).expect("plain JSON")
}
