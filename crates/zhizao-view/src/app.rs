//! Starting the view and the exhibition mode: options, window, plugins.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use bevy::prelude::*;
use bevy::window::{MonitorSelection, WindowMode, WindowResolution};

use super::capture::{CapturePlugin, CaptureRequest};
use super::demo::Demo;
use super::planner::Planner;
use super::{Mode, ScreenPlugin, Workshop, WorkshopPlugin, opening_time};
use zhizao_core::plan::{Plan, PlanError};
use zhizao_core::scenario::BUNDLED;
use zhizao_core::scenario::{BASELINE, Scenario, ScenarioError};
use zhizao_core::time::Tick;

/// Why the view could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GuiError {
    #[error("no variant \"{name}\" in the scenario; it has: {known}")]
    UnknownVariant { name: String, known: String },
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error("bundled scenario {file}: {source}")]
    Bundled { file: String, source: ScenarioError },
    #[error("the window closed with an error")]
    Exit,
    #[error(
        "no display to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is set); on a machine without one, run under xvfb-run, e.g. xvfb-run -a zhizao view FILE --screenshot out.png --at 1d"
    )]
    NoDisplay,
}

/// `zhizao view` settings.
#[derive(Clone, Debug)]
pub struct ViewOptions {
    /// The scenario file (shown on screen and in the CLI hint).
    pub file: PathBuf,
    /// Right-hand line: a variant name; `None` = the first variant (or only
    /// the baseline when there is none). `"baseline"` shows one line.
    pub variant: Option<String>,
    /// Planner mode.
    pub plan: bool,
    /// Robot cells to place at start (planner).
    pub place: Vec<String>,
    /// Station to select at start (planner, right-hand line).
    pub select: Option<String>,
    /// Where the planner saves its plan.
    pub plan_out: PathBuf,
    pub seed: Option<u64>,
    /// Speed setting (0 = real time ... 6 = max).
    pub speed: Option<usize>,
    /// Window size in logical pixels.
    pub size: (u32, u32),
    /// Take a screenshot at this simulated time, then exit.
    pub screenshot: Option<(PathBuf, Tick)>,
    /// Where `S` saves screenshots.
    pub screenshot_dir: PathBuf,
    /// The language of every text drawn.
    pub lang: zhizao_core::lang::Lang,
}

impl ViewOptions {
    /// The split screen of `file` as `zhizao view FILE` opens it: 1280 x 720,
    /// English, the scenario's seed, the plan saved to `plan_variant.ron`.
    pub fn new(file: PathBuf) -> ViewOptions {
        ViewOptions {
            file,
            variant: None,
            plan: false,
            place: Vec::new(),
            select: None,
            plan_out: PathBuf::from("plan_variant.ron"),
            seed: None,
            speed: None,
            size: (1280, 720),
            screenshot: None,
            screenshot_dir: PathBuf::from("."),
            lang: zhizao_core::lang::Lang::En,
        }
    }
}

/// `zhizao demo` settings.
#[derive(Clone, Debug)]
pub struct DemoOptions {
    /// Scenario files; empty = the bundled ones.
    pub files: Vec<(Scenario, PathBuf)>,
    /// Real time per before/after pair.
    pub dwell: Duration,
    /// Speed setting (0 = real time ... 6 = max).
    pub speed: usize,
    /// A window instead of full screen.
    pub windowed: bool,
    pub size: (u32, u32),
    /// Take a screenshot of the first pair at this simulated time, then exit.
    pub screenshot: Option<(PathBuf, Tick)>,
    /// The language of every text drawn.
    pub lang: zhizao_core::lang::Lang,
}

/// Builds the headless part of the view for `scenario` (also used by tests).
pub fn workshop(scenario: Scenario, opts: &ViewOptions) -> Result<Workshop, GuiError> {
    let names = scenario
        .variants
        .iter()
        .map(|v| v.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let known = || names.clone();
    let right = match &opts.variant {
        Some(name) => Some(
            scenario
                .variant(name)
                .ok_or_else(|| GuiError::UnknownVariant {
                    name: name.clone(),
                    known: known(),
                })?
                .name
                .clone(),
        ),
        None => scenario.variants.get(1).map(|v| v.name.clone()),
    };
    let scenario = Arc::new(scenario);
    let seed = opts.seed.unwrap_or(scenario.settings.seed);
    let base = scenario.baseline().clone();
    let (mode, variants, planner) = if opts.plan {
        let from = opts.variant.as_deref().unwrap_or(BASELINE);
        let mut plan = Plan::new(&scenario, from, "planned").ok_or_else(|| GuiError::UnknownVariant {
            name: from.to_string(),
            known: known(),
        })?;
        for station in &opts.place {
            plan.place_robot(&scenario, station)?;
        }
        let right = plan.variant.clone();
        (
            Mode::Plan,
            vec![base, right],
            Some(Planner::new(plan, opts.plan_out.clone())),
        )
    } else {
        let mut v = vec![base];
        if let Some(r) = right.filter(|r| r != BASELINE) {
            v.push(scenario.variant(&r).expect("checked above").clone());
        }
        (Mode::View, v, None)
    };
    let mut w = Workshop::new(scenario.clone(), opts.file.clone(), variants, seed, mode);
    w.lang = opts.lang;
    if let Some(mut p) = planner {
        if !p.plan.placed.is_empty() {
            p.project(&scenario);
        }
        w.planner = Some(p);
        // The plan's file exists from the start, so the screen's "the numbers
        // equal" command runs as printed.
        if let Err(e) = super::planner::write_plan(&w) {
            w.message = Some(w.lang.fmt("cannot write {0}: {1}", [&opts.plan_out.display(), &e]));
        }
    }
    if let Some(name) = &opts.select {
        let side = w.layouts.len() - 1;
        if let Some(s) = w.live.sides()[side].variant.line.station_id(name) {
            w.selected = Some((side, s));
        }
    }
    if let Some(i) = opts.speed {
        w.live.set_speed_index(i);
    }
    w.screenshot_dir = opts.screenshot_dir.clone();
    Ok(w)
}

fn window(title: &str, size: (u32, u32), fullscreen: bool) -> WindowPlugin {
    WindowPlugin {
        primary_window: Some(Window {
            title: title.into(),
            resolution: WindowResolution::new(size.0, size.1),
            mode: if fullscreen {
                WindowMode::BorderlessFullscreen(MonitorSelection::Primary)
            } else {
                WindowMode::Windowed
            },
            ..default()
        }),
        ..default()
    }
}

/// Fails early, with advice, where winit would panic for want of a display.
fn check_display() -> Result<(), GuiError> {
    let unix_desktop = cfg!(all(unix, not(target_os = "macos"), not(target_os = "android")));
    let has = |v: &str| std::env::var_os(v).is_some_and(|x| !x.is_empty());
    if unix_desktop && !has("DISPLAY") && !has("WAYLAND_DISPLAY") && !has("WAYLAND_SOCKET") {
        return Err(GuiError::NoDisplay);
    }
    Ok(())
}

fn finish(exit: AppExit) -> Result<(), GuiError> {
    match exit {
        AppExit::Success => Ok(()),
        AppExit::Error(_) => Err(GuiError::Exit),
    }
}

fn scripted_capture(app: &mut App, screenshot: Option<(PathBuf, Tick)>) {
    if let Some((path, at)) = screenshot {
        app.insert_resource(CaptureRequest {
            path,
            at,
            frames: 0,
            exit_after: None,
            settled: 0,
        });
    }
}

/// Opens the live view window; returns when it is closed.
pub fn view(scenario: Scenario, opts: ViewOptions) -> Result<(), GuiError> {
    let title = format!("zhizao: {}", scenario.name);
    let mut w = workshop(scenario, &opts)?;
    // Open with work on the floor, unless a screenshot is asked for earlier.
    let opening = opening_time(&w.live.sides()[0].variant.line);
    if opts.screenshot.as_ref().is_none_or(|(_, at)| *at >= opening) {
        w.open_at_work();
    }
    check_display()?;
    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(window(&title, opts.size, false)))
        .insert_resource(w)
        .add_plugins((WorkshopPlugin, ScreenPlugin, CapturePlugin));
    scripted_capture(&mut app, opts.screenshot);
    finish(app.run())
}

/// The bundled scenarios, parsed.
pub fn bundled() -> Result<Vec<(Scenario, PathBuf)>, GuiError> {
    BUNDLED
        .iter()
        .map(|(file, text)| {
            Scenario::parse_bundled(text)
                .map(|s| (s, PathBuf::from(file)))
                .map_err(|source| GuiError::Bundled {
                    file: file.to_string(),
                    source,
                })
        })
        .collect()
}

/// The workshop and rotation of the exhibition mode (also used by tests).
pub fn demo_workshop(opts: &DemoOptions) -> Result<(Workshop, Demo), GuiError> {
    let files = if opts.files.is_empty() {
        bundled()?
    } else {
        opts.files.clone()
    };
    let demo = Demo::new(files, opts.dwell);
    let (scenario, file, variants) = demo.pair(0);
    let seed = scenario.settings.seed;
    let mut w = Workshop::new(scenario, file, variants, seed, super::Mode::Demo);
    w.lang = opts.lang;
    w.start_headline();
    w.live.set_speed_index(opts.speed);
    Ok((w, demo))
}

/// Runs the exhibition loop until the window is closed (or Esc).
pub fn demo(opts: DemoOptions) -> Result<(), GuiError> {
    let (mut w, d) = demo_workshop(&opts)?;
    let opening = opening_time(&w.live.sides()[0].variant.line);
    if opts.screenshot.as_ref().is_none_or(|(_, at)| *at >= opening) {
        w.open_at_work();
    }
    check_display()?;
    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(window("zhizao", opts.size, !opts.windowed)))
        .insert_resource(w)
        .insert_resource(d)
        .add_plugins((WorkshopPlugin, ScreenPlugin, CapturePlugin));
    scripted_capture(&mut app, opts.screenshot);
    finish(app.run())
}
