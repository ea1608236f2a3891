//! Text on screen: the status bar, the gains banner, each side's KPI panel
//! and chart labels, the station details, the legend and the key help.
//!
//! Every text is made by a plain function of [`Workshop`] (tested without a
//! window), formatted from [`super::Shown`], the library's own numbers.

use bevy::prelude::*;
use bevy::window::PrimaryWindow;

use super::screen::{Area, geometry, window_size};
use super::style;
use super::{Action, Actions, Mode, Workshop};
use zhizao_core::format::{fixed, percent};
use zhizao_core::kpi::*;
use zhizao_core::live::HISTORY;
use zhizao_core::model::StationKind;
use zhizao_core::sim::State;

#[derive(Component, Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Label {
    Top,
    Banner,
    Bottom,
    Header(usize),
    Kpis(usize),
    ChartTitle(usize),
    Detail,
}

/// The planner's button's text.
const PLACE: &str = "Robot cell here (P)";

/// The planner's "robot cell here" button.
#[derive(Component)]
pub(super) struct PlaceButton;

/// The legend's row.
#[derive(Component)]
pub(super) struct Legend;

#[derive(Component)]
pub(super) struct PanelItem;

/// The status bar: scenario, clock, speed, seed, and what reproduces it.
pub fn top_text(w: &Workshop) -> String {
    let live = &w.live;
    let l = w.lang;
    let state = if let Some((side, e)) = live.error() {
        l.fmt("STOPPED ({0}): {1}", [&side, &e])
    } else if live.is_finished() {
        l.tr("end of run (R: again with the next seed)").into()
    } else if live.is_paused() {
        l.tr("PAUSED").into()
    } else {
        l.fmt("speed {0}", [&live.speed().label()])
    };
    let rate = if w.last_frame.spent.is_zero() || live.is_paused() {
        String::new()
    } else {
        l.fmt(
            " | {0} events in {1} ms",
            [
                &w.last_frame.events,
                &format!("{:.1}", w.last_frame.spent.as_secs_f64() * 1000.0),
            ],
        )
    };
    let mode = match w.mode {
        Mode::Plan => l.tr("PLANNER | "),
        Mode::View | Mode::Demo => "",
    };
    format!(
        "{mode}{}\n{} | {state}{rate} | {}{}",
        w.scenario_name(),
        live.sides()[0].variant.line.moment_in(live.now(), l),
        l.fmt("seed {0}", [&live.seed()]),
        w.message.as_ref().map(|m| format!(" | {m}")).unwrap_or_default()
    )
}

/// The right-hand line's change of line KPI `k` over the left so far, in
/// percent ("-" when there is nothing to compare with yet).
fn live_change(w: &Workshop, k: usize) -> String {
    let (a, b) = (&w.shown[0].kpis.line, &w.shown[1].kpis.line);
    if a[k].abs() > 0.0 && a[k].is_finite() && b[k].is_finite() {
        zhizao_core::format::signed_percent((b[k] / a[k] - 1.0) * 100.0)
    } else {
        "-".into()
    }
}

/// Gains of the right-hand line over the left so far, with units.
pub fn banner_text(w: &Workshop) -> String {
    if w.shown.len() < 2 {
        return String::new();
    }
    let (a, b) = (&w.shown[0].kpis.line, &w.shown[1].kpis.line);
    let change = |name: &'static str, k: usize, d: usize| {
        let rel = live_change(w, k);
        let unit = w.lang.tr(LINE_KPIS[k].unit);
        let name = match w.lang {
            zhizao_core::lang::Lang::En => name.to_lowercase(),
            zhizao_core::lang::Lang::Zh => w.lang.tr(name).to_string(),
        };
        format!("{name} {rel} ({} -> {} {unit})", fixed(a[k], d), fixed(b[k], d))
    };
    let mut text = w.lang.fmt(
        "{0} vs {1} so far: {2} | {3} | {4}",
        [
            &w.side_name(1),
            &w.side_name(0),
            &change(LINE_KPIS[GOOD_OUTPUT].short, GOOD_OUTPUT, 0),
            &change(LINE_KPIS[LABOUR_PRODUCTIVITY].label, LABOUR_PRODUCTIVITY, 2),
            &change(LINE_KPIS[FLOW_TIME].label, FLOW_TIME, 2),
        ],
    );
    if let Some(p) = &w.planner {
        text.push('\n');
        text.push_str(&p.summary(&w.scenario, w.lang));
    }
    text
}

/// Type size of the exhibition's headline (at 1280x720; it grows with the window).
const HEADLINE_PX: f32 = 30.0;

/// The exhibition's headline: the few figures a visitor reads from afar.
/// Output and output per worker from the replications of the pair when
/// they are done (from the live run until then), people freed per shift,
/// and the money: investment after the subsidy, payback, the subsidy.
pub fn headline_text(w: &Workshop) -> String {
    headline_items(w).join("   ")
}

/// The headline's items laid out in lines of at most `columns` display
/// columns, never breaking inside an item ("投资回收期 2.1 年" stays whole).
fn headline_lines(w: &Workshop, columns: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for item in headline_items(w) {
        match lines.last_mut() {
            Some(line) if style::columns(line) + 3 + style::columns(&item) <= columns => {
                line.push_str("   ");
                line.push_str(&item);
            }
            _ => lines.push(item),
        }
    }
    lines.join("\n")
}

fn headline_items(w: &Workshop) -> Vec<String> {
    use zhizao_core::format::{kpi_value, money_for, signed_percent};
    use zhizao_core::plan::Status;
    let l = w.lang;
    if w.shown.len() < 2 {
        return Vec::new();
    }
    let heads = &LINE_KPIS[HEADCOUNT];
    let mut parts = Vec::new();
    let freed_text = |freed: f64| {
        if freed >= 0.5 {
            Some(l.fmt("{0} fewer people a shift", [&kpi_value(heads, freed.round())]))
        } else {
            None
        }
    };
    match w.headline.as_ref().map(|p| p.status()) {
        Some(Status::Done(a)) if a.variants.len() == 2 => {
            let (base, v) = (&a.variants[0], &a.variants[1]);
            let d = v.vs_baseline.as_ref().expect("compared with the baseline");
            parts.push(l.fmt("output {0}", [&signed_percent(d[THROUGHPUT].relative_pct)]));
            parts.push(l.fmt("per worker {0}", [&signed_percent(d[LABOUR_PRODUCTIVITY].relative_pct)]));
            parts.extend(freed_text(base.kpis[HEADCOUNT].mean - v.kpis[HEADCOUNT].mean));
            if let Some(f) = &v.finance {
                parts.push(l.fmt("invest {0} net of subsidy", [&money_for(f.net_investment_rmb, l)]));
                parts.push(match f.payback_years.estimate {
                    Some(y) => l.fmt("payback {0} years", [&format!("{y:.1}")]),
                    None => l.tr("does not pay back").to_string(),
                });
                if f.subsidy_rmb > 0.0 {
                    parts.push(l.fmt("subsidy {0}", [&money_for(f.subsidy_rmb, l)]));
                }
            }
        }
        status => {
            let (a, b) = (&w.shown[0].kpis.line, &w.shown[1].kpis.line);
            parts.push(l.fmt("output {0}", [&live_change(w, GOOD_OUTPUT)]));
            parts.push(l.fmt("per worker {0}", [&live_change(w, LABOUR_PRODUCTIVITY)]));
            parts.extend(freed_text(a[HEADCOUNT] - b[HEADCOUNT]));
            if matches!(status, Some(Status::Running { .. })) {
                parts.push(l.tr("payback: computing").to_string());
            }
        }
    }
    parts
}

/// A side's KPI panel.
pub fn kpi_text(w: &Workshop, side: usize) -> String {
    let Some(s) = w.shown.get(side) else {
        return String::new();
    };
    let k = &s.kpis.line;
    let l = w.lang;
    let def = |i: usize| &LINE_KPIS[i];
    let unit = |i: usize| l.tr(def(i).unit);
    let with_unit = |i: usize, decimals: usize| format!("{} {}", fixed(k[i], decimals), unit(i));
    let rows = [
        (
            def(GOOD_OUTPUT).short,
            format!("{} {}", s.counters.good, unit(GOOD_OUTPUT)),
        ),
        (def(THROUGHPUT).short, with_unit(THROUGHPUT, 2)),
        (
            def(WIP).short,
            format!(
                "{} {} {}",
                fixed(k[WIP], 1),
                unit(WIP),
                l.fmt("(now {0})", [&s.counters.wip])
            ),
        ),
        (def(FLOW_TIME).short, with_unit(FLOW_TIME, 2)),
        (def(OEE).short, percent(k[OEE])),
        (def(HEADCOUNT).short, with_unit(HEADCOUNT, 0)),
        (def(LABOUR_PRODUCTIVITY).short, with_unit(LABOUR_PRODUCTIVITY, 3)),
        (def(ROBOTS).short, fixed(k[ROBOTS], 0)),
    ];
    // Labels padded by display width: a Chinese character takes two columns.
    rows.iter()
        .map(|(label, v)| {
            let label = l.tr(label);
            let pad = 19usize.saturating_sub(style::columns(label)).max(1);
            format!("{label}{}{v}\n", " ".repeat(pad))
        })
        .collect()
}

/// A side's header: which line it is.
pub fn header_text(w: &Workshop, side: usize) -> String {
    let v = &w.live.sides()[side].variant;
    let label = match (w.shown.len(), side) {
        (1, _) => "",
        (_, 0) => w.lang.tr("BEFORE  "),
        _ => w.lang.tr("AFTER  "),
    };
    if side == 1
        && let Some(p) = &w.planner
    {
        let names = p.placed_names(&w.scenario, w.lang, false);
        return if names.is_empty() {
            format!("{label}{}", w.lang.tr("planned here: no robot cell placed yet"))
        } else {
            format!(
                "{label}{}",
                w.lang.fmt("planned here: robot cells at {0}", [&w.lang.list(&names)])
            )
        };
    }
    match (&v.label, w.lang) {
        // A Chinese name says what the variant is; its English description would not help.
        (Some(_), zhizao_core::lang::Lang::Zh) => format!("{label}{}", w.variant_name(v)),
        _ => format!("{label}{}: {}", w.variant_name(v), w.lang.tr_any(&v.description)),
    }
}

/// `text` cut to `columns` display columns, with an ellipsis when cut.
fn fit(text: String, columns: usize) -> String {
    if style::columns(&text) <= columns {
        return text;
    }
    let mut t = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 3 > columns {
            break;
        }
        used += w;
        t.push(c);
    }
    t.push_str("...");
    t
}

/// Per-hour good output of each side over the kept history, and the peak.
pub fn chart_series(w: &Workshop) -> (f64, Vec<Vec<f64>>) {
    let series: Vec<Vec<f64>> = w
        .live
        .sides()
        .iter()
        .map(|s| {
            let h: Vec<_> = s.history().copied().collect();
            h.windows(2).map(|p| (p[1].good - p[0].good) as f64).collect()
        })
        .collect();
    let peak = series.iter().flatten().copied().fold(0.0, f64::max);
    (peak, series)
}

fn chart_title(w: &Workshop) -> String {
    let (peak, _) = chart_series(w);
    w.lang.fmt(
        "good output per hour, last {0} days (scale 0-{1}, same on both sides)",
        [&(HISTORY / 24), &format!("{peak:.0}")],
    )
}

/// Details of the hovered (else selected) station.
pub fn detail_text(w: &Workshop) -> Option<String> {
    let (side, s) = w.focus()?;
    let line = &w.live.sides().get(side)?.variant.line;
    let st = line.stations.get(s)?;
    let view = w.shown.get(side)?.stations.get(s)?;
    let kpis = &w.shown[side].kpis.stations[s];
    let l = w.lang;
    let mut t = format!(
        "{}\n",
        l.fmt(
            if st.servers == 1 {
                "{0} ({1}, {2} server)"
            } else {
                "{0} ({1}, {2} servers)"
            },
            [&w.station_name(st), &l.tr(st.kind.label()), &st.servers],
        )
    );
    if let Some(p) = st.pool {
        t.push_str(&l.fmt(
            "operators: {0} ({1} per shift)\n",
            [
                &l.name(&line.pools[p].name, line.pools[p].label.as_deref()),
                &line.pools[p].headcount,
            ],
        ));
    }
    let now: Vec<String> = State::ALL
        .iter()
        .filter_map(|&state| {
            let n = view.servers.iter().filter(|sv| sv.state == state).count();
            (n > 0).then(|| format!("{n} {}", l.tr(state.label())))
        })
        .collect();
    t.push_str(&l.fmt("now: {0}\n", [&l.list(&now)]));
    t.push_str(&l.fmt(
        "buffer {0} of {1}, done {2}\n",
        [
            &view.queue,
            &view.capacity.map_or(l.tr("unlimited").into(), |c| c.to_string()),
            &view.completions,
        ],
    ));
    let shares: Vec<String> = [State::Busy, State::Blocked, State::Starved, State::Down]
        .iter()
        .map(|&state| format!("{} {}", l.tr(state.label()), percent(kpis[ST_STATES + state as usize])))
        .collect();
    t.push_str(l.tr("of planned time: "));
    t.push_str(&shares.join(" | "));
    let def = |i: usize| &STATION_KPIS[i];
    t.push_str(&format!(
        "\n{} {} | {} {} | {} {}",
        fixed(kpis[ST_THROUGHPUT], 2),
        l.tr(def(ST_THROUGHPUT).unit),
        def(ST_OEE).short,
        percent(kpis[ST_OEE]),
        l.tr("bottleneck"),
        percent(kpis[ST_BOTTLENECK])
    ));
    if w.mode == Mode::Plan && side == 1 && st.kind != StationKind::Robot && w.selected == Some((side, s)) {
        t.push_str(l.tr("\nP or the button: put a robot cell here"));
    }
    Some(t)
}

/// The key help.
pub fn help_text(w: &Workshop) -> String {
    let l = w.lang;
    let mut t = String::from(l.tr(
        "Space pause | . step | +/- speed | 1-7 speed (1 = real time, 7 = max) | R restart, next seed | S screenshot | Esc quit",
    ));
    match w.mode {
        Mode::Plan => {
            t.push_str(l.tr("\nclick a station on the right, then P: robot cell | W: save the plan as a RON variant"))
        }
        Mode::View if w.shown.len() == 1 => t.push_str(l.tr("\nhover a station for its statistics")),
        Mode::View => {
            t.push_str(l.tr("\nhover a station for its statistics | same seed both sides (common random numbers)"))
        }
        // An exhibition screen shows no key hints.
        Mode::Demo => return String::new(),
    }
    t.push_str(&l.fmt(
        "\nthe numbers equal: {0}",
        [&w.cli_equivalent(w.shown.len().saturating_sub(1))],
    ));
    t
}

pub(super) fn input(
    keys: Option<Res<ButtonInput<KeyCode>>>,
    buttons: Query<&Interaction, (Changed<Interaction>, With<PlaceButton>)>,
    mut actions: ResMut<Actions>,
) {
    if buttons.iter().any(|i| *i == Interaction::Pressed) {
        actions.0.push(Action::PlaceRobot);
    }
    let Some(keys) = keys else {
        return;
    };
    let map = [
        (KeyCode::Space, Action::TogglePause),
        (KeyCode::Period, Action::Step),
        (KeyCode::KeyN, Action::Step),
        (KeyCode::Equal, Action::Faster),
        (KeyCode::NumpadAdd, Action::Faster),
        (KeyCode::Minus, Action::Slower),
        (KeyCode::NumpadSubtract, Action::Slower),
        (KeyCode::KeyR, Action::Restart),
        (KeyCode::KeyS, Action::Screenshot),
        (KeyCode::KeyP, Action::PlaceRobot),
        (KeyCode::KeyW, Action::SavePlan),
        (KeyCode::Escape, Action::Quit),
        (KeyCode::KeyQ, Action::Quit),
    ];
    for (key, action) in map {
        if keys.just_pressed(key) {
            actions.0.push(action);
        }
    }
    let digits = [
        KeyCode::Digit1,
        KeyCode::Digit2,
        KeyCode::Digit3,
        KeyCode::Digit4,
        KeyCode::Digit5,
        KeyCode::Digit6,
        KeyCode::Digit7,
    ];
    for (i, key) in digits.into_iter().enumerate() {
        if keys.just_pressed(key) {
            actions.0.push(Action::Speed(i));
        }
    }
}

fn node(area: Area) -> Node {
    Node {
        position_type: PositionType::Absolute,
        left: Val::Px(area.x),
        top: Val::Px(area.y),
        width: Val::Px(area.w),
        ..default()
    }
}

pub(super) fn rebuild(
    mut commands: Commands,
    workshop: Res<Workshop>,
    items: Query<Entity, With<PanelItem>>,
    mut built: Local<Option<(usize, f32)>>,
) {
    // Panels depend only on the number of sides and the text size.
    let key = (workshop.shown.len(), workshop.ui_scale);
    if *built == Some(key) {
        return;
    }
    *built = Some(key);
    for e in &items {
        commands.entity(e).despawn();
    }
    let f = |size: f32| TextFont::from_font_size(FontSize::Px(size * workshop.ui_scale));
    let text = |label: Label, size: f32, color: Color| {
        (
            PanelItem,
            label,
            Text::new(""),
            f(size),
            TextColor(color),
            Node::default(),
        )
    };
    commands.spawn(text(Label::Top, 15.0, style::TEXT));
    // The exhibition's headline is read from metres away.
    let banner = if workshop.mode == Mode::Demo { HEADLINE_PX } else { 13.0 };
    commands.spawn(text(Label::Banner, banner, style::GOOD));
    commands.spawn(text(Label::Bottom, 11.0, style::DIM));
    for side in 0..workshop.shown.len() {
        commands.spawn(text(Label::Header(side), 13.0, style::TEXT));
        commands.spawn(text(Label::Kpis(side), 13.0, style::TEXT));
        commands.spawn(text(Label::ChartTitle(side), 11.0, style::DIM));
    }
    commands.spawn((
        PanelItem,
        Label::Detail,
        Text::new(""),
        f(12.0),
        TextColor(style::TEXT),
        Node {
            padding: UiRect::all(Val::Px(6.0)),
            ..default()
        },
        BackgroundColor(style::PANEL),
    ));
    commands
        .spawn((
            PanelItem,
            PlaceButton,
            Button,
            Node {
                padding: UiRect::all(Val::Px(6.0)),
                ..default()
            },
            BackgroundColor(Color::srgb(0.15, 0.35, 0.55)),
            Visibility::Hidden,
        ))
        .with_children(|b| {
            b.spawn((Text::new(workshop.lang.tr(PLACE)), f(13.0), TextColor(style::TEXT)));
        });
    commands
        .spawn((
            PanelItem,
            Legend,
            Node {
                position_type: PositionType::Absolute,
                column_gap: Val::Px(10.0),
                ..default()
            },
        ))
        .with_children(|row| {
            for info in &zhizao_core::sim::STATES {
                row.spawn(Node {
                    column_gap: Val::Px(4.0),
                    align_items: AlignItems::Center,
                    ..default()
                })
                .with_children(|item| {
                    item.spawn((
                        Node {
                            width: Val::Px(12.0 * workshop.ui_scale),
                            height: Val::Px(12.0 * workshop.ui_scale),
                            ..default()
                        },
                        BackgroundColor(style::state_color(info.state)),
                    ));
                    item.spawn((Text::new(workshop.lang.tr(info.label)), f(11.0), TextColor(style::TEXT)));
                });
            }
        });
}

#[allow(clippy::type_complexity)]
pub(super) fn update(
    windows: Query<&Window, With<PrimaryWindow>>,
    workshop: Res<Workshop>,
    mut labels: Query<(&Label, &mut Text, &mut Node, &mut Visibility)>,
    mut button: Query<(&mut Node, &mut Visibility), (With<PlaceButton>, Without<Label>)>,
    mut legend: Query<&mut Node, (With<Legend>, Without<Label>, Without<PlaceButton>)>,
) {
    let size = window_size(windows.single().ok());
    let (areas, _) = geometry(&workshop, size);
    let pad = |a: Area| Area {
        x: a.x + 10.0,
        y: a.y + 4.0,
        w: (a.w - 20.0).max(10.0),
        h: a.h,
    };
    let detail = detail_text(&workshop);
    let can_place = workshop.mode == Mode::Plan
        && workshop.selected.is_some_and(|(side, s)| {
            side == 1 && workshop.live.sides()[1].variant.line.stations[s].kind != StationKind::Robot
        });
    for (label, mut text, mut n, mut vis) in &mut labels {
        let (area, content) = match *label {
            Label::Top => (pad(areas.top), top_text(&workshop)),
            Label::Banner if workshop.mode == Mode::Demo => {
                let a = pad(areas.banner);
                let columns = (a.w / (HEADLINE_PX * style::COLUMN_EM * workshop.ui_scale)) as usize;
                (a, headline_lines(&workshop, columns.max(20)))
            }
            Label::Banner => (pad(areas.banner), banner_text(&workshop)),
            Label::Bottom => (
                Area {
                    y: areas.bottom.y + 22.0 * workshop.ui_scale,
                    ..pad(areas.bottom)
                },
                help_text(&workshop),
            ),
            Label::Header(i) => {
                let a = areas.sides[i].header;
                // One line of 13 px type.
                let mut chars = (a.w / (13.0 * style::COLUMN_EM * workshop.ui_scale)) as usize;
                if can_place && i == 1 {
                    // Room for the button at the line's right end (its text, padding and a gap).
                    chars = chars.saturating_sub(style::columns(workshop.lang.tr(PLACE)) + 4);
                }
                (a, fit(header_text(&workshop, i), chars))
            }
            Label::Kpis(i) => (areas.sides[i].kpis, kpi_text(&workshop, i)),
            Label::ChartTitle(i) => {
                let c = areas.sides[i].chart;
                (
                    Area {
                        y: c.y + c.h + 2.0,
                        ..c
                    },
                    if workshop.focus().is_some_and(|(s, _)| s == i) {
                        String::new()
                    } else {
                        chart_title(&workshop)
                    },
                )
            }
            Label::Detail => {
                // Over the chart of the station's side (the chart steps aside).
                let side = workshop.focus().map_or(0, |h| h.0);
                let c = areas.sides.get(side).map_or(Area::default(), |s| s.chart);
                (
                    Area {
                        x: c.x - 20.0,
                        y: c.y - 6.0,
                        w: c.w + 20.0,
                        h: 0.0,
                    },
                    detail.clone().unwrap_or_default(),
                )
            }
        };
        *n = Node {
            padding: n.padding,
            ..node(area)
        };
        *vis = if content.is_empty() {
            Visibility::Hidden
        } else {
            Visibility::Inherited
        };
        if text.0 != content {
            text.0 = content;
        }
    }
    for (mut n, mut vis) in &mut button {
        // At the right end of the planned side's header line, above the
        // floor, so it never covers a station.
        let h = areas.sides.get(1).map_or(Area::default(), |s| s.header);
        n.position_type = PositionType::Absolute;
        n.left = Val::Auto;
        n.right = Val::Px((size.x - (h.x + h.w)).max(0.0));
        n.top = Val::Px(h.y + 1.0 * workshop.ui_scale);
        n.padding = UiRect::axes(Val::Px(6.0 * workshop.ui_scale), Val::Px(2.0 * workshop.ui_scale));
        *vis = if can_place {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        };
    }
    for mut n in &mut legend {
        n.left = Val::Px(areas.bottom.x + 10.0);
        n.top = Val::Px(areas.bottom.y + 4.0);
    }
}
