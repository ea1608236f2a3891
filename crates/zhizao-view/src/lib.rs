//! The live workshop view: a bevy front end over [`zhizao_core::live`].
//!
//! [`WorkshopPlugin`] holds the logic and needs no window or GPU: it steps
//! the live run inside each frame's budget, copies the library's read-only
//! views into [`Workshop::shown`], and applies [`Action`]s (from keys, clicks
//! or tests). [`ScreenPlugin`] draws what `shown` holds: the floor, the KPI
//! panels, the chart and the legend. Every number on screen is formatted
//! from `shown`, which is what the library's own `results()` returns, so it
//! equals what `zhizao run` prints for the same seed and simulated time.
//!
//! Modes: a single line or a before/after split ([`Mode::View`]), the planner
//! ([`Mode::Plan`], robot placement with a background projection) and the
//! unattended exhibition loop ([`Mode::Demo`]).

mod app;
mod capture;
mod demo;
mod floor;
mod panels;
mod planner;
mod screen;
pub mod style;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use bevy::prelude::*;

use zhizao_core::lang::Lang;
use zhizao_core::layout::Layout;
use zhizao_core::live::{Frame, Live};
use zhizao_core::scenario::{Scenario, Variant};
use zhizao_core::sim::Replication;
use zhizao_core::sim::view::{Counters, StationView};
use zhizao_core::time::{Tick, WEEK};

pub use app::{DemoOptions, GuiError, ViewOptions, bundled, demo, demo_workshop, view, workshop};
pub use capture::CaptureRequest;
pub use demo::Demo;
pub use panels::{banner_text, detail_text, headline_text, help_text, kpi_text, top_text};
pub use planner::Planner;

pub use zhizao_core::live::FRAME_BUDGET;

/// Longest real time one frame may count for: after a stall (window
/// dragged, machine busy) the run does not jump ahead.
const MAX_FRAME_TIME: Duration = Duration::from_millis(100);

/// What the view is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// One line, or the baseline and a variant side by side.
    View,
    /// The baseline and a plan the user changes by placing robot cells.
    Plan,
    /// Exhibition loop: full screen, large type, rotating scenarios.
    Demo,
}

/// Something the user asked for, by key, click or test.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    TogglePause,
    /// Advance to the next event (pauses first).
    Step,
    Faster,
    Slower,
    /// Jump to a speed setting (0 = real time, [`zhizao_core::live::SPEEDS`]`.len()` = max).
    Speed(usize),
    /// Start again with the next seed.
    Restart,
    /// Select station `station` on side `side` (planner: the station to change).
    Select {
        side: usize,
        station: usize,
    },
    /// Nothing selected.
    Deselect,
    /// Planner: a robot cell at the selected station.
    PlaceRobot,
    /// Planner: write the plan as a RON variant.
    SavePlan,
    /// Save a PNG of the window.
    Screenshot,
    Quit,
}

/// Actions waiting to be applied this frame.
#[derive(Resource, Default)]
pub struct Actions(pub Vec<Action>);

/// One side's numbers as drawn this frame.
#[derive(Clone, Debug)]
pub struct Shown {
    /// The library's KPIs from the start of the run up to now.
    pub kpis: Replication,
    pub stations: Vec<StationView>,
    pub counters: Counters,
    pub vehicles: Vec<zhizao_core::sim::view::VehicleView>,
}

/// A part drawn travelling along a link (visual only: it never affects or
/// reflects simulation timing beyond the completion that started it).
#[derive(Clone, Copy, Debug)]
pub struct Token {
    pub side: usize,
    pub from: usize,
    pub to: usize,
    /// Progress along the link, 0 to 1.
    pub progress: f32,
    /// A whole load or container (drawn as a rack), not one part.
    pub rack: bool,
}

/// Most tokens drawn per side; completions beyond it are not animated.
pub const MAX_TOKENS: usize = 400;

/// The state of the live view.
#[derive(Resource)]
pub struct Workshop {
    pub scenario: Arc<Scenario>,
    /// The scenario file (for messages and the CLI hint).
    pub file: PathBuf,
    pub live: Live,
    /// Layout of each side's line.
    pub layouts: Vec<Layout>,
    /// What is drawn this frame, per side.
    pub shown: Vec<Shown>,
    /// Bumped whenever the lines change (restart with a new plan, next demo
    /// pair), so drawn entities are rebuilt.
    pub generation: u64,
    pub mode: Mode,
    pub hovered: Option<(usize, usize)>,
    pub selected: Option<(usize, usize)>,
    pub planner: Option<Planner>,
    /// The exhibition mode's paired replications of the pair on screen, run
    /// in the background for the headline's money (payback, subsidy).
    pub headline: Option<zhizao_core::plan::Projection>,
    /// A line for the status bar (saved file, refused placement, ...).
    pub message: Option<String>,
    /// Text size factor (large type in the exhibition mode).
    pub ui_scale: f32,
    pub last_frame: Frame,
    pub tokens: Vec<Token>,
    /// The language of every text drawn (station and variant names in
    /// Chinese are the scenario's labels).
    pub lang: Lang,
    completions: Vec<Vec<u64>>,
    /// Loads and containers moved per station at the last frame, per side.
    groups: Vec<Vec<u64>>,
    /// Where `S` saves screenshots, numbered.
    pub screenshot_dir: PathBuf,
    screenshots: u32,
}

impl Workshop {
    /// How a station is named on screen: its Chinese label in Chinese,
    /// else its name with spaces for underscores.
    pub fn station_name(&self, st: &zhizao_core::model::Station) -> String {
        self.lang.name(&st.name, st.label.as_deref()).replace('_', " ")
    }

    /// How a variant is named on screen (the baseline is 现状 in Chinese).
    pub fn variant_name(&self, v: &Variant) -> String {
        self.lang.variant_name(&v.name, v.label.as_deref())
    }

    /// How the line on `side` is named on screen: the planner's side is
    /// "the plan", any other its variant's name.
    pub fn side_name(&self, side: usize) -> String {
        match &self.planner {
            Some(_) if side == 1 => self.lang.tr("the plan").to_string(),
            _ => self.variant_name(&self.live.sides()[side].variant),
        }
    }

    /// How the scenario is named on screen.
    pub fn scenario_name(&self) -> String {
        self.lang
            .name(&self.scenario.name, self.scenario.label.as_deref())
            .to_string()
    }

    /// A live view of `variants` (one or two) of `scenario`.
    pub fn new(scenario: Arc<Scenario>, file: PathBuf, variants: Vec<Variant>, seed: u64, mode: Mode) -> Workshop {
        let run = live_run_length(&scenario);
        let live = Live::new(variants, seed, run);
        let mut w = Workshop {
            scenario,
            file,
            live,
            layouts: Vec::new(),
            shown: Vec::new(),
            generation: 0,
            mode,
            hovered: None,
            selected: None,
            planner: None,
            headline: None,
            message: None,
            ui_scale: screen::ui_scale(Vec2::new(1280.0, 720.0)),
            last_frame: Frame::default(),
            tokens: Vec::new(),
            lang: Lang::En,
            completions: Vec::new(),
            groups: Vec::new(),
            screenshot_dir: PathBuf::from("."),
            screenshots: 0,
        };
        w.lines_changed();
        w
    }

    /// Shows other lines (the next demo pair): a new live run from empty,
    /// opened an hour into the first shift.
    pub fn show(&mut self, scenario: Arc<Scenario>, file: PathBuf, variants: Vec<Variant>) {
        let seed = scenario.settings.seed;
        let speed = self.live.speed_index();
        self.live = Live::new(variants, seed, live_run_length(&scenario));
        self.live.set_speed_index(speed);
        self.scenario = scenario;
        self.file = file;
        self.open_at_work();
        self.start_headline();
    }

    /// In the exhibition mode: the pair's replications (the scenario's
    /// settings, on one core so drawing never waits), for the headline.
    pub fn start_headline(&mut self) {
        self.headline = None;
        if self.mode != Mode::Demo || self.live.sides().len() < 2 {
            return;
        }
        let (left, right) = (&self.live.sides()[0].variant, &self.live.sides()[1].variant);
        self.headline = Some(zhizao_core::plan::Projection::start(
            &self.scenario,
            left.clone(),
            right.clone(),
            self.scenario.settings,
            1,
        ));
    }

    /// Runs (at once) to [`opening_time`], so a visitor sees work on the
    /// floor instead of a line waiting for its first shift; the numbers
    /// still count from time 0, as the command line's do.
    pub fn open_at_work(&mut self) {
        let t = opening_time(&self.live.sides()[0].variant.line);
        if self.live.now() < t {
            self.live.run_to(t);
        }
        self.lines_changed();
    }

    /// After the sides' lines changed: new layouts, fresh counters, and a
    /// new generation so drawn entities are rebuilt.
    pub(crate) fn lines_changed(&mut self) {
        self.layouts = self.live.sides().iter().map(|s| Layout::of(&s.variant.line)).collect();
        self.generation += 1;
        self.tokens.clear();
        self.hovered = None;
        self.refresh();
        self.completions = self
            .shown
            .iter()
            .map(|s| s.stations.iter().map(|st| st.completions).collect())
            .collect();
        self.groups = self
            .shown
            .iter()
            .map(|s| s.stations.iter().map(|st| st.groups_moved).collect())
            .collect();
    }

    /// Copies the library's views into `shown`.
    pub fn refresh(&mut self) {
        self.shown = self
            .live
            .sides()
            .iter()
            .map(|s| Shown {
                kpis: s.kpis(),
                stations: s.stations(),
                counters: s.counters(),
                vehicles: s.vehicles(),
            })
            .collect();
    }

    /// Applies one action that needs nothing from the ECS; returns the
    /// actions it could not handle here (screenshots, quitting).
    pub fn apply(&mut self, action: Action) -> Option<Action> {
        match action {
            Action::TogglePause => {
                let p = !self.live.is_paused();
                self.live.set_paused(p);
            }
            Action::Step => {
                self.live.set_paused(true);
                self.last_frame = self.live.step_event();
                self.after_step();
            }
            Action::Faster => self.live.faster(),
            Action::Slower => self.live.slower(),
            Action::Speed(i) => self.live.set_speed_index(i),
            Action::Restart => {
                let seed = self.live.seed().wrapping_add(1);
                self.live.restart(seed);
                self.lines_changed();
                self.message = Some(self.lang.fmt("restarted with seed {0}", [&seed]));
            }
            Action::Select { side, station } => {
                if side < self.layouts.len() && station < self.layouts[side].positions.len() {
                    self.selected = Some((side, station));
                }
            }
            Action::Deselect => self.selected = None,
            Action::PlaceRobot => planner::place_robot(self),
            Action::SavePlan => planner::save_plan(self),
            other => return Some(other),
        }
        None
    }

    /// Advances the live run by one frame of `real` time.
    pub fn frame(&mut self, real: Duration) {
        self.last_frame = self.live.frame(real.min(MAX_FRAME_TIME), FRAME_BUDGET);
        self.after_step();
        self.move_tokens(real.min(MAX_FRAME_TIME));
    }

    fn after_step(&mut self) {
        self.refresh();
        self.spawn_tokens();
    }

    /// Starts a token for each completion since the last frame (up to
    /// [`MAX_TOKENS`] per side), along the station's links in turn.
    fn spawn_tokens(&mut self) {
        for (side, shown) in self.shown.iter().enumerate() {
            let (Some(prev), Some(prev_groups)) = (self.completions.get_mut(side), self.groups.get_mut(side)) else {
                continue;
            };
            let line = &self.live.sides()[side].variant.line;
            let links = &self.layouts[side].links;
            let mut on_side = self.tokens.iter().filter(|t| t.side == side).count();
            for (s, st) in shown.stations.iter().enumerate() {
                // Completions restart from zero when the run restarts.
                let new = st.completions.saturating_sub(prev[s]);
                prev[s] = st.completions;
                // A load or a full container leaves as one rack.
                let moved = st.groups_moved.saturating_sub(prev_groups[s]);
                prev_groups[s] = st.groups_moved;
                let station = &line.stations[s];
                let rack = station.batch.is_some() || station.transfer > 1;
                let count = if rack { moved } else { new };
                let outgoing: Vec<usize> = links.iter().filter(|l| l.0 == s).map(|l| l.1).collect();
                for k in 0..count.min(3) as usize {
                    if on_side >= MAX_TOKENS || outgoing.is_empty() {
                        break;
                    }
                    let to = outgoing[(st.completions as usize + k) % outgoing.len()];
                    self.tokens.push(Token {
                        side,
                        from: s,
                        to,
                        progress: 0.0,
                        rack,
                    });
                    on_side += 1;
                }
            }
        }
    }

    fn move_tokens(&mut self, real: Duration) {
        // A token crosses its link in 0.5 s of real time, whatever the speed.
        let d = real.as_secs_f32() * 2.0;
        self.tokens.retain_mut(|t| {
            t.progress += d;
            t.progress < 1.0
        });
    }

    /// The station whose details are shown: the hovered one, else the
    /// selected one, as (side, station).
    pub fn focus(&self) -> Option<(usize, usize)> {
        self.hovered.or(self.selected)
    }

    /// The next screenshot's file name.
    pub(crate) fn next_screenshot(&mut self) -> PathBuf {
        self.screenshots += 1;
        self.screenshot_dir.join(format!("zhizao-{:03}.png", self.screenshots))
    }

    /// The command that prints the same numbers as the screen shows now.
    pub fn cli_equivalent(&self, side: usize) -> String {
        let name = &self.live.sides()[side].variant.name;
        let variant = if let Some(p) = self.planner.as_ref().filter(|_| side == 1) {
            // The plan is written to its file after every change.
            format!(" --add-variant {} --variant {name}", p.save_to.display())
        } else if name == zhizao_core::scenario::BASELINE {
            String::new()
        } else {
            format!(" --variant {name}")
        };
        // The view runs uncertain inputs at their base values.
        let line = &self.live.sides()[side].variant.line;
        let inputs = if line.uncertain().next().is_some() {
            " --inputs base"
        } else {
            ""
        };
        format!(
            "zhizao run {}{variant} --replications 1 --warmup 0 --run {}s --seed {}{inputs}",
            self.file.display(),
            self.live.now() / zhizao_core::time::SECOND,
            self.live.seed()
        )
    }
}

/// A live run lasts the scenario's measured run plus warm-up (at least a
/// week), then stops and says so.
/// When the view opens: an hour into the plant calendar's first shift (0
/// for a line that works around the clock).
pub fn opening_time(line: &zhizao_core::model::Line) -> Tick {
    line.first_shift_start() + zhizao_core::time::HOUR
}

fn live_run_length(scenario: &Scenario) -> Tick {
    let s = &scenario.settings;
    (s.warmup + s.run).max(WEEK)
}

/// The headless logic: stepping, actions, the planner's projection and the
/// exhibition rotation. Needs no window, renderer or input devices.
pub struct WorkshopPlugin;

impl Plugin for WorkshopPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Actions>()
            .init_resource::<capture::Captures>()
            .add_systems(Update, (apply_actions, step, demo::rotate).chain().in_set(LogicSet));
    }
}

/// The logic systems; drawing runs after them.
#[derive(SystemSet, Clone, Debug, PartialEq, Eq, Hash)]
pub struct LogicSet;

fn apply_actions(
    mut actions: ResMut<Actions>,
    mut workshop: ResMut<Workshop>,
    mut captures: ResMut<capture::Captures>,
    mut exit: MessageWriter<AppExit>,
) {
    for action in std::mem::take(&mut actions.0) {
        match workshop.apply(action) {
            Some(Action::Screenshot) => {
                let path = workshop.next_screenshot();
                captures.0.push((path, true));
            }
            Some(Action::Quit) => {
                exit.write(AppExit::Success);
            }
            _ => {}
        }
    }
}

fn step(time: Res<Time>, mut workshop: ResMut<Workshop>) {
    workshop.frame(time.delta());
}

/// Draws the workshop: floor, panels, legend, chart. Needs a window.
pub struct ScreenPlugin;

impl Plugin for ScreenPlugin {
    fn build(&self, app: &mut App) {
        // Replaces bevy's ASCII-only default font under the default handle,
        // so every text is drawn with the embedded Chinese and Latin one.
        let font = Font::from_bytes(style::FONT.to_vec());
        let _ = app
            .world_mut()
            .resource_mut::<Assets<Font>>()
            .insert(AssetId::default(), font);
        app.insert_resource(ClearColor(style::BACKGROUND))
            .init_resource::<floor::Labels>()
            .init_resource::<floor::Drawn>()
            .add_systems(Startup, |mut commands: Commands| {
                commands.spawn(Camera2d);
            })
            .add_systems(Startup, floor::load_icons)
            .add_systems(
                Update,
                (screen::fit_type_to_window, floor::input, panels::input).before(LogicSet),
            )
            .add_systems(
                Update,
                (
                    floor::rebuild,
                    floor::update,
                    floor::measure_labels,
                    floor::draw,
                    panels::rebuild,
                    panels::update,
                )
                    .chain()
                    .after(LogicSet),
            );
    }
}
