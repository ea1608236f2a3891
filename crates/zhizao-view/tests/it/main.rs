//! The live view's logic, headless: no window, no GPU (bevy's
//! `MinimalPlugins` and `app.update()`). What these prove holds for what is
//! drawn, because the panels format exactly `Workshop::shown`.

mod font;

use std::path::PathBuf;
use std::time::Duration;

use bevy::prelude::*;
use zhizao_core::experiment::replicate;
use zhizao_core::plan::Status;
use zhizao_core::scenario::Scenario;
use zhizao_core::scenario::raw::RawVariant;
use zhizao_core::settings::Settings;
use zhizao_view::{Action, Actions, DemoOptions, Mode, ViewOptions, Workshop, WorkshopPlugin};

const VALVE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/wenzhou_valve_body.ron");

fn scenario() -> Scenario {
    Scenario::load(std::path::Path::new(VALVE)).expect("bundled scenario")
}

fn options() -> ViewOptions {
    ViewOptions {
        plan_out: std::env::temp_dir().join("zhizao-test-plan.ron"),
        screenshot_dir: std::env::temp_dir(),
        ..ViewOptions::new(PathBuf::from(VALVE))
    }
}

fn app(workshop: Workshop) -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .add_plugins(WorkshopPlugin)
        .insert_resource(workshop);
    app
}

fn act(app: &mut App, action: Action) {
    app.world_mut().resource_mut::<Actions>().0.push(action);
    app.update();
}

fn workshop(app: &App) -> &Workshop {
    app.world().resource::<Workshop>()
}

/// The library's own results for one side at the view's simulated time.
fn library_kpis(w: &Workshop, side: usize) -> zhizao_core::sim::Replication {
    let line = &w.live.sides()[side].variant.line;
    let settings = Settings {
        replications: 1,
        seed: w.live.seed(),
        warmup: 0,
        run: w.live.now(),
        // The view shows the line as written: uncertain inputs at base.
        inputs: zhizao_core::uncertain::Inputs::Base,
        engine: Default::default(),
    };
    replicate(line, &settings, 0).expect("runs")
}

#[test]
fn the_screen_shows_the_librarys_numbers_for_the_same_seed_and_time() {
    let mut app = app(zhizao_view::workshop(scenario(), &options()).expect("view"));
    act(&mut app, Action::Speed(zhizao_core::live::SPEEDS.len()));
    for _ in 0..30 {
        app.update();
    }
    let w = workshop(&app);
    assert_eq!(w.mode, Mode::View);
    assert_eq!(w.shown.len(), 2, "baseline and the first variant side by side");
    assert!(w.live.now() > 0);
    for side in 0..2 {
        let lib = library_kpis(w, side);
        // As text: an undefined KPI (NaN) is never equal to itself.
        assert_eq!(
            format!("{:?}", w.shown[side].kpis.line),
            format!("{:?}", lib.line),
            "side {side} line KPIs"
        );
        assert_eq!(w.shown[side].kpis.stations, lib.stations, "side {side} station KPIs");
        // The panel prints the good output the library counted.
        let text = zhizao_view::kpi_text(w, side);
        let good = format!("{} units", lib.finished);
        assert!(text.contains(&good), "panel {text:?} lacks {good:?}");
    }
}

#[test]
fn both_halves_of_the_split_screen_are_at_the_same_simulated_time() {
    let mut app = app(zhizao_view::workshop(scenario(), &options()).expect("view"));
    for speed in [0, 3, zhizao_core::live::SPEEDS.len()] {
        act(&mut app, Action::Speed(speed));
        for _ in 0..5 {
            app.update();
            let w = workshop(&app);
            for side in w.live.sides() {
                assert_eq!(side.simulation().now(), w.live.now());
            }
        }
    }
    assert!(zhizao_view::banner_text(workshop(&app)).contains("output per operator-hour"));
}

#[test]
fn pausing_stops_simulated_time_and_step_moves_one_event() {
    let mut app = app(zhizao_view::workshop(scenario(), &options()).expect("view"));
    app.update();
    act(&mut app, Action::TogglePause);
    let t = workshop(&app).live.now();
    for _ in 0..10 {
        std::thread::sleep(Duration::from_millis(2));
        app.update();
    }
    assert_eq!(workshop(&app).live.now(), t);
    act(&mut app, Action::Step);
    let after = workshop(&app).live.now();
    assert!(after > t);
    assert!(workshop(&app).live.is_paused());
    act(&mut app, Action::TogglePause);
    std::thread::sleep(Duration::from_millis(5));
    app.update();
    assert!(workshop(&app).live.now() > after);
}

#[test]
fn restart_takes_the_next_seed_from_empty() {
    let mut app = app(zhizao_view::workshop(scenario(), &options()).expect("view"));
    act(&mut app, Action::Speed(zhizao_core::live::SPEEDS.len()));
    app.update();
    let seed = workshop(&app).live.seed();
    act(&mut app, Action::TogglePause);
    act(&mut app, Action::Restart);
    let w = workshop(&app);
    assert_eq!(w.live.seed(), seed + 1);
    assert_eq!(w.live.now(), 0);
    assert_eq!(w.shown[0].counters.good, 0);
}

#[test]
fn a_robot_placed_in_the_planner_is_the_line_its_saved_ron_variant_describes() {
    let opts = ViewOptions {
        plan: true,
        plan_out: std::env::temp_dir().join(format!("zhizao-plan-{}.ron", std::process::id())),
        ..options()
    };
    let mut app = app(zhizao_view::workshop(scenario(), &opts).expect("planner"));
    let station = {
        let w = workshop(&app);
        assert_eq!(w.mode, Mode::Plan);
        w.live.sides()[1].variant.line.station_id("deburring").expect("station")
    };
    act(&mut app, Action::Select { side: 1, station });
    act(&mut app, Action::PlaceRobot);
    act(&mut app, Action::SavePlan);
    let (plan_line, generation) = {
        let w = workshop(&app);
        let line = w.live.sides()[1].variant.line.clone();
        assert_eq!(line.stations[station].kind, zhizao_core::model::StationKind::Robot);
        (line, w.generation)
    };
    assert!(generation > 1, "the floor is rebuilt for the new line");

    // The saved file, pasted into the scenario, gives the same line.
    let saved = std::fs::read_to_string(&opts.plan_out).expect("plan saved");
    std::fs::remove_file(&opts.plan_out).ok();
    let ron_text: String = saved
        .lines()
        .filter(|l| !l.starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let variant: RawVariant = ron::from_str(&ron_text).expect("saved plan is a RON variant");
    let mut raw = scenario().raw;
    raw.variants.push(variant);
    let text = std::fs::read_to_string(VALVE).expect("scenario");
    let pasted = Scenario::from_raw(raw, &text).expect("valid with the plan");
    let from_file = pasted.variant("planned").expect("the plan's variant");
    let settings = Settings {
        replications: 1,
        seed: 5,
        warmup: 0,
        run: 400 * zhizao_core::time::HOUR,
        inputs: zhizao_core::uncertain::Inputs::Base,
        engine: Default::default(),
    };
    let a = replicate(&plan_line, &settings, 0).expect("runs");
    let b = replicate(&from_file.line, &settings, 0).expect("runs");
    assert_eq!(format!("{:?}", a.line), format!("{:?}", b.line));
    assert_eq!(a.stations, b.stations);
    // It is the scenario's own candidate for that station.
    let s = scenario();
    let candidate = s
        .candidates
        .iter()
        .find(|c| c.name == "deburring_robot")
        .expect("candidate");
    let combined = s.combine(&[candidate], "c").expect("valid");
    assert_eq!(
        format!("{:?}", replicate(&combined.line, &settings, 0).expect("runs").line),
        format!("{:?}", a.line)
    );

    // The background projection arrives without blocking frames.
    let projection = app
        .world_mut()
        .resource_mut::<Workshop>()
        .planner
        .as_mut()
        .and_then(|p| p.projection.take())
        .expect("a projection started");
    match projection.wait() {
        Status::Done(analysis) => {
            let d = analysis.variants[1]
                .vs_baseline
                .as_ref()
                .expect("paired with the baseline");
            assert!(d[zhizao_core::kpi::THROUGHPUT].diff_half_width.is_some());
            assert_eq!(analysis.settings.replications, s.settings.replications);
        }
        other => panic!("projection did not finish: {other:?}"),
    }
}

#[test]
fn exhibition_mode_cycles_every_pair_and_holds_bounded_state() {
    let opts = DemoOptions {
        files: Vec::new(),
        dwell: Duration::from_millis(1),
        speed: zhizao_core::live::SPEEDS.len(),
        windowed: true,
        size: (1280, 720),
        screenshot: None,
        lang: zhizao_core::lang::Lang::En,
    };
    let (w, demo) = zhizao_view::demo_workshop(&opts).expect("bundled scenarios");
    let pairs = demo.pairs.len();
    assert!(pairs >= 8, "every bundled scenario's variants: {pairs}");
    let mut app = app(w);
    app.insert_resource(demo);
    let mut names = std::collections::BTreeSet::new();
    for _ in 0..(2 * pairs + 2) {
        std::thread::sleep(Duration::from_millis(2));
        app.update();
        let w = workshop(&app);
        assert_eq!(w.mode, Mode::Demo);
        assert!(w.tokens.len() <= 2 * zhizao_view::MAX_TOKENS);
        names.insert((w.scenario.name.clone(), w.live.sides()[1].variant.name.clone()));
    }
    assert_eq!(names.len(), pairs, "every pair was shown");
    assert!(app.world().resource::<zhizao_view::Demo>().rotations >= pairs as u64);
}

#[test]
fn in_chinese_the_screen_shows_the_scenarios_chinese_names_and_words() {
    let opts = ViewOptions {
        lang: zhizao_core::lang::Lang::Zh,
        ..options()
    };
    let mut app = app(zhizao_view::workshop(scenario(), &opts).expect("workshop"));
    for _ in 0..5 {
        app.update();
    }
    let w = app.world().resource::<Workshop>();
    let top = zhizao_view::top_text(w);
    assert!(top.starts_with("温州阀体加工装配线\n"), "{top}");
    assert!(top.contains("随机种子"), "{top}");
    let banner = zhizao_view::banner_text(w);
    assert!(banner.starts_with("机器人上下料 对比 现状（至今）："), "{banner}");
    let kpis = zhizao_view::kpi_text(w, 1);
    // Labels padded by display width: every value starts in column 19.
    for line in kpis.lines() {
        let label: String = line.chars().take_while(|c| *c != ' ').collect();
        let rest = &line[label.len()..];
        let value_at = unicode_width::UnicodeWidthStr::width(label.as_str()) + rest.len() - rest.trim_start().len();
        assert_eq!(value_at, 19, "{kpis}");
    }
    assert!(kpis.contains("时产") && kpis.contains("件/h"), "{kpis}");
    assert!(zhizao_view::help_text(w).contains("空格 暂停"));
    // Station names on the floor come from the labels.
    let st = &w.live.sides()[0].variant.line.stations[0];
    assert_eq!(w.station_name(st), "数控车削");
}

#[test]
fn the_exhibition_headline_shows_the_money_of_the_pairs_own_replications() {
    let opts = DemoOptions {
        files: Vec::new(),
        dwell: Duration::from_secs(60),
        speed: 3,
        windowed: true,
        size: (1280, 720),
        screenshot: None,
        lang: zhizao_core::lang::Lang::Zh,
    };
    let (w, _demo) = zhizao_view::demo_workshop(&opts).expect("bundled scenarios");
    // No key hints on an exhibition screen.
    assert_eq!(zhizao_view::help_text(&w), "");
    let before = zhizao_view::headline_text(&w);
    assert!(before.contains("回收期：计算中"), "{before}");
    let started = std::time::Instant::now();
    while !matches!(
        w.headline.as_ref().expect("a projection").status(),
        zhizao_core::plan::Status::Done(_)
    ) {
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "the projection never finished"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let text = zhizao_view::headline_text(&w);
    // The same pair through the library, as `zhizao compare` runs it.
    let s = scenario();
    let a = zhizao_core::experiment::evaluate(&s, &["baseline", "robot_tending"], &s.settings).expect("runs");
    let f = a.variants[1].finance.as_ref().expect("money");
    let payback = f.payback_years.estimate.expect("pays back");
    assert!(text.starts_with("产量 +"), "{text}");
    assert!(text.contains(&format!("投资回收期 {payback:.1} 年")), "{text}");
    assert!(
        text.contains(&format!("补贴 {}", zhizao_core::format::wan_yuan(f.subsidy_rmb))),
        "{text}"
    );
    assert!(text.contains("每班减少用工 2 人"), "{text}");
}
