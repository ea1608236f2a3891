//! The workshop floor: station boxes coloured by state, server squares,
//! buffer gauges, operators and robots, links and parts in transit.
//!
//! Boxes, squares, gauges and labels are sprites and 2D text rebuilt when
//! the lines change ([`super::Workshop::generation`]) and restyled every
//! frame from [`super::Workshop::shown`]; links, people, robots, parts in
//! transit and the chart are gizmos, drawn afresh each frame.

use std::collections::BTreeMap;

use bevy::prelude::*;
use bevy::sprite::Anchor;
use bevy::window::PrimaryWindow;

use super::screen::{FloorMap, geometry, to_world, window_size};
use super::style;
use super::{Action, Actions, Workshop};
use zhizao_core::model::StationKind;
use zhizao_core::sim::State;

/// Most server squares drawn in a box; more are summarised as "+n".
const MAX_SQUARES: usize = 8;

/// Everything drawn for one generation of lines.
#[derive(Component)]
pub(super) struct FloorItem;

/// The station icons, decoded once.
#[derive(Resource)]
pub(super) struct Icons {
    robot: Handle<Image>,
    cnc: Handle<Image>,
    bench: Handle<Image>,
    vehicle: Handle<Image>,
}

/// Decodes the embedded icons into images.
pub(super) fn load_icons(mut commands: Commands, mut images: ResMut<Assets<Image>>) {
    let mut decode = |bytes: &[u8]| {
        let image = Image::from_buffer(
            bytes,
            bevy::image::ImageType::Extension("png"),
            bevy::image::CompressedImageFormats::NONE,
            true,
            bevy::image::ImageSampler::linear(),
            bevy::asset::RenderAssetUsages::RENDER_WORLD,
        )
        .expect("an embedded PNG");
        images.add(image)
    };
    commands.insert_resource(Icons {
        robot: decode(style::ICON_ROBOT),
        cnc: decode(style::ICON_CNC),
        bench: decode(style::ICON_BENCH),
        vehicle: decode(style::ICON_VEHICLE),
    });
}

/// The icon of a station's kind: a robot arm for a robot cell, a machine
/// for a machine (or an automatic station without a manipulator), a bench
/// with its operator for a manual station; none for a conveyor.
fn icon_of(icons: &Icons, st: &zhizao_core::model::Station) -> Option<(Handle<Image>, Color)> {
    match st.kind {
        StationKind::Robot if st.robots > 0 => Some((icons.robot.clone(), style::ROBOT)),
        StationKind::Robot | StationKind::Machine => Some((icons.cnc.clone(), style::TEXT)),
        StationKind::Manual => Some((icons.bench.clone(), style::OPERATOR)),
        StationKind::Conveyor => None,
    }
}

/// The side of a station's icon for a box of size `b`.
fn icon_side(b: Vec2) -> f32 {
    (b.y * 0.42).min(b.x * 0.3)
}

#[derive(Component, Clone, Copy)]
pub(super) enum Piece {
    Box {
        side: usize,
        station: usize,
    },
    Square {
        side: usize,
        station: usize,
        server: usize,
    },
    Gauge {
        side: usize,
        station: usize,
    },
    GaugeFill {
        side: usize,
        station: usize,
    },
    Name {
        side: usize,
        station: usize,
    },
    Queue {
        side: usize,
        station: usize,
    },
    Badge {
        side: usize,
        station: usize,
    },
    Icon {
        side: usize,
        station: usize,
    },
    /// Vehicle `vehicle` of the side's fleets (placed by `vehicle_at`, not
    /// at a station).
    Vehicle {
        side: usize,
        vehicle: usize,
    },
}

/// The station under logical pixel `p`, as (side, station).
pub(super) fn station_at(workshop: &Workshop, maps: &[FloorMap], p: Vec2) -> Option<(usize, usize)> {
    workshop
        .layouts
        .iter()
        .zip(maps)
        .enumerate()
        .find_map(|(side, (layout, map))| {
            let half = map.box_size() / 2.0;
            layout
                .positions
                .iter()
                .position(|&q| {
                    let c = map.pixel(q);
                    (p.x - c.x).abs() <= half.x && (p.y - c.y).abs() <= half.y
                })
                .map(|s| (side, s))
        })
}

pub(super) fn input(
    windows: Query<&Window, With<PrimaryWindow>>,
    mouse: Option<Res<ButtonInput<MouseButton>>>,
    mut workshop: ResMut<Workshop>,
    mut actions: ResMut<Actions>,
    ui_hit: Query<&Interaction>,
) {
    let Ok(window) = windows.single() else {
        return;
    };
    let (_, maps) = geometry(&workshop, window_size(Some(window)));
    let hit = window.cursor_position().and_then(|p| station_at(&workshop, &maps, p));
    workshop.hovered = hit;
    let over_ui = ui_hit.iter().any(|i| *i != Interaction::None);
    if let Some(mouse) = mouse
        && mouse.just_pressed(MouseButton::Left)
        && !over_ui
    {
        actions.0.push(match hit {
            Some((side, station)) => Action::Select { side, station },
            None => Action::Deselect,
        });
    }
}

pub(super) fn rebuild(
    mut commands: Commands,
    workshop: Res<Workshop>,
    icons: Option<Res<Icons>>,
    items: Query<Entity, With<FloorItem>>,
    mut built: Local<(u64, u32)>,
) {
    // Rebuilt for new lines and for a new type size.
    let key = (workshop.generation, workshop.ui_scale.to_bits());
    if *built == key {
        return;
    }
    *built = key;
    for e in &items {
        commands.entity(e).despawn();
    }
    let text = |size: f32| TextFont::from_font_size(FontSize::Px(size));
    for (side, shown) in workshop.shown.iter().enumerate() {
        let line = &workshop.live.sides()[side].variant.line;
        if let Some(icons) = &icons {
            for vehicle in 0..shown.vehicles.len() {
                let mut sprite = Sprite::from_image(icons.vehicle.clone());
                sprite.color = style::ROBOT;
                commands.spawn((FloorItem, Piece::Vehicle { side, vehicle }, sprite));
            }
        }
        for (station, view) in shown.stations.iter().enumerate() {
            let st = &line.stations[station];
            commands.spawn((
                FloorItem,
                Piece::Gauge { side, station },
                Sprite::from_color(style::GAUGE, Vec2::ONE),
            ));
            commands.spawn((
                FloorItem,
                Piece::GaugeFill { side, station },
                Sprite::from_color(style::GAUGE_FILL, Vec2::ONE),
            ));
            commands.spawn((
                FloorItem,
                Piece::Box { side, station },
                Sprite::from_color(style::state_color(State::Starved), Vec2::ONE),
            ));
            if let Some((image, tint)) = icons.as_ref().and_then(|i| icon_of(i, st)) {
                let mut sprite = Sprite::from_image(image);
                sprite.color = tint;
                commands.spawn((FloorItem, Piece::Icon { side, station }, sprite));
            }
            for server in 0..view.servers.len().min(MAX_SQUARES) {
                commands.spawn((
                    FloorItem,
                    Piece::Square { side, station, server },
                    Sprite::from_color(style::state_color(State::Starved), Vec2::ONE),
                ));
            }
            commands.spawn((
                FloorItem,
                Piece::Name { side, station },
                Text2d::new(workshop.station_name(st)),
                text(11.0 * workshop.ui_scale),
                bevy::text::TextBounds::new_horizontal(100.0 * workshop.ui_scale),
                TextLayout::justify(Justify::Center),
                TextColor(style::TEXT),
                Anchor::BOTTOM_CENTER,
            ));
            let l = workshop.lang;
            let badge = match st.kind {
                // A tester or printer without a manipulator is automatic, not a robot.
                StationKind::Robot if st.robots == 0 => l.fmt("automatic x{0}", [&st.servers]),
                StationKind::Robot => l.fmt("ROBOT x{0}", [&st.servers]),
                StationKind::Machine => l.fmt("machine x{0}", [&st.servers]),
                StationKind::Manual => l.fmt("manual x{0}", [&st.servers]),
                StationKind::Conveyor => l.fmt("conveyor, {0} places", [&st.servers]),
            };
            // A batch station says how large its loads are.
            // Loads and racks on a second line, so the badge stays narrow.
            let badge = match &st.batch {
                Some(b) => format!("{badge}\n{}", l.fmt("loads of {0}", [&b.size])),
                None if st.transfer > 1 => format!("{badge}\n{}", l.fmt("racks of {0}", [&st.transfer])),
                None => badge,
            };
            commands.spawn((
                FloorItem,
                Piece::Badge { side, station },
                Text2d::new(badge),
                text(10.0 * workshop.ui_scale),
                TextColor(if st.kind == StationKind::Robot {
                    style::ROBOT
                } else {
                    style::DIM
                }),
                Anchor::TOP_CENTER,
            ));
            // The input buffer's count, inside the box's upper right corner
            // (operators and robot arms are at the left), in dark type on
            // the state's colour: no link or moving part passes there.
            commands.spawn((
                FloorItem,
                Piece::Queue { side, station },
                Text2d::new(""),
                text(10.0 * workshop.ui_scale),
                TextColor(style::BACKGROUND),
                Anchor::TOP_RIGHT,
            ));
        }
    }
}

/// Restyles and places every floor piece from this frame's views.
#[allow(clippy::type_complexity)]
pub(super) fn update(
    windows: Query<&Window, With<PrimaryWindow>>,
    workshop: Res<Workshop>,
    mut sprites: Query<(&Piece, &mut Sprite, &mut Transform, &mut Visibility), Without<Text2d>>,
    mut texts: Query<
        (
            &Piece,
            &mut Text2d,
            &mut Transform,
            &mut Visibility,
            Option<&mut bevy::text::TextBounds>,
        ),
        With<Text2d>,
    >,
) {
    let size = window_size(windows.single().ok());
    let (_, maps) = geometry(&workshop, size);
    // A piece's station: its box centre (world), box size and view.
    let place = |piece: &Piece| {
        let (side, station) = piece.at();
        let layout = workshop.layouts.get(side)?;
        let map = maps.get(side)?;
        let p = map.pixel(*layout.positions.get(station)?);
        let view = workshop.shown.get(side)?.stations.get(station)?;
        Some((side, to_world(size, p), map.box_size(), view))
    };
    for (piece, mut sprite, mut tf, mut vis) in &mut sprites {
        if let Piece::Vehicle { side, vehicle } = *piece {
            match vehicle_at(&workshop, &maps, side, vehicle) {
                Some((p, side_px)) => {
                    *vis = Visibility::Inherited;
                    sprite.custom_size = Some(Vec2::splat(side_px));
                    tf.translation = to_world(size, p).extend(2.5);
                }
                None => *vis = Visibility::Hidden,
            }
            continue;
        }
        let Some((_, c, b, view)) = place(piece) else {
            *vis = Visibility::Hidden;
            continue;
        };
        *vis = Visibility::Inherited;
        match *piece {
            Piece::Box { .. } => {
                sprite.color = style::state_color(style::dominant(view.servers.iter().map(|s| s.state)));
                sprite.custom_size = Some(b);
                tf.translation = c.extend(1.0);
            }
            Piece::Square { server, .. } => {
                let n = view.servers.len().min(MAX_SQUARES) as f32;
                let q = (b.y * 0.36).min(b.x / (n + 1.0)).max(2.0);
                let x = c.x - (n - 1.0) * q * 0.6 + server as f32 * q * 1.2;
                sprite.color = style::state_color(view.servers[server].state).lighter(0.12);
                sprite.custom_size = Some(Vec2::splat(q));
                tf.translation = Vec3::new(x, c.y - b.y * 0.18, 2.0);
            }
            Piece::Icon { side: sd, station } => {
                // In the box's upper left corner; a manual station's bench
                // gives its place to the operators while they work.
                if operators_at_work(&workshop, sd, station) > 0 {
                    *vis = Visibility::Hidden;
                }
                let side = icon_side(b);
                sprite.custom_size = Some(Vec2::splat(side));
                tf.translation = Vec3::new(
                    c.x - b.x / 2.0 + 2.0 + side / 2.0,
                    c.y + b.y / 2.0 - 2.0 - side / 2.0,
                    2.5,
                );
            }
            Piece::Gauge { .. } | Piece::GaugeFill { .. } => {
                let w = (b.x * 0.12).max(3.0);
                let h = b.y;
                let x = c.x - b.x / 2.0 - w * 0.9;
                let load = batch_size(&workshop, side_of(piece), station_of(piece));
                let fill = match view.capacity {
                    // A batch station's gauge shows the next load filling.
                    _ if load > 0 => (view.queue as f32 / load as f32).min(1.0),
                    Some(0) => 0.0,
                    Some(cap) => view.queue as f32 / cap as f32,
                    None => (view.queue as f32 / 20.0).min(1.0),
                };
                if matches!(piece, Piece::Gauge { .. }) {
                    sprite.custom_size = Some(Vec2::new(w, h));
                    tf.translation = Vec3::new(x, c.y, 1.0);
                } else {
                    let fh = (h * fill).max(0.0);
                    sprite.custom_size = Some(Vec2::new(w, fh));
                    tf.translation = Vec3::new(x, c.y - h / 2.0 + fh / 2.0, 1.5);
                    if fh <= 0.0 {
                        *vis = Visibility::Hidden;
                    }
                }
            }
            _ => {}
        }
    }
    for (piece, mut text, mut tf, mut vis, bounds) in &mut texts {
        let Some((side, c, b, view)) = place(piece) else {
            *vis = Visibility::Hidden;
            continue;
        };
        // Labels only where there is room for them.
        let room = b.x >= 34.0 * workshop.ui_scale;
        *vis = if room {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        };
        match *piece {
            Piece::Name { .. } => {
                tf.translation = Vec3::new(c.x, c.y + b.y / 2.0 + 4.0, 3.0);
                // Names wrap within the room between neighbouring stations.
                let room = zhizao_core::layout::COLUMN_SPACING * maps[side].scale * 0.95;
                if let Some(mut bounds) = bounds
                    && bounds.width != Some(room)
                {
                    bounds.width = Some(room);
                }
            }
            Piece::Badge { .. } => tf.translation = Vec3::new(c.x, c.y - b.y / 2.0 - 3.0, 3.0),
            Piece::Queue { .. } => {
                tf.translation = Vec3::new(c.x + b.x / 2.0 - 2.0, c.y + b.y / 2.0 - 1.0, 3.0);
                let label = queue_label(&workshop, side, piece.at().1, view);
                if text.0 != label {
                    text.0 = label;
                }
            }
            _ => {}
        }
    }
}

/// Where vehicle `k` of `side` is drawn (logical pixels) and its icon's
/// side: on its way between two stations, below their badges (so it never
/// covers a label), side by side when several travel together.
fn vehicle_at(workshop: &Workshop, maps: &[FloorMap], side: usize, k: usize) -> Option<(Vec2, f32)> {
    let layout = workshop.layouts.get(side)?;
    let map = maps.get(side)?;
    let v = workshop.shown.get(side)?.vehicles.get(k)?;
    let b = map.box_size();
    let (pa, pz) = (
        map.pixel(*layout.positions.get(v.from)?),
        map.pixel(*layout.positions.get(v.to)?),
    );
    let offset = Vec2::new((k % 3) as f32 * b.y * 0.3, b.y * 1.35);
    Some((pa.lerp(pz, v.progress) + offset, (b.y * 0.36).max(8.0)))
}

/// Operators at work at a manual station now (one per server busy or
/// setting up), at most [`MAX_SQUARES`]; 0 at any other station.
fn operators_at_work(workshop: &Workshop, side: usize, station: usize) -> usize {
    let Some(st) = workshop
        .live
        .sides()
        .get(side)
        .and_then(|s| s.variant.line.stations.get(station))
    else {
        return 0;
    };
    if st.kind != StationKind::Manual {
        return 0;
    }
    workshop.shown[side].stations[station]
        .servers
        .iter()
        .filter(|sv| matches!(sv.state, State::Busy | State::Setup))
        .count()
        .min(MAX_SQUARES)
}

/// A station's buffer count: parts waiting / places (/ the load, at a
/// batch station).
fn queue_label(workshop: &Workshop, side: usize, station: usize, view: &zhizao_core::sim::view::StationView) -> String {
    let load = batch_size(workshop, side, station);
    match view.capacity {
        _ if load > 0 => format!("{}/{load}", view.queue),
        Some(cap) => format!("{}/{cap}", view.queue),
        None => format!("{}", view.queue),
    }
}

/// The width of a station's buffer count inside its box, in logical pixels.
fn count_width(workshop: &Workshop, side: usize, station: usize, view: &zhizao_core::sim::view::StationView) -> f32 {
    // 10 px type, half an em a digit.
    queue_label(workshop, side, station, view).len() as f32 * 10.0 * style::COLUMN_EM * workshop.ui_scale + 2.0
}

/// The load size of a batch station, 0 for any other.
fn batch_size(workshop: &Workshop, side: usize, station: usize) -> u32 {
    workshop
        .live
        .sides()
        .get(side)
        .and_then(|s| s.variant.line.stations.get(station))
        .and_then(|st| st.batch.as_ref())
        .map_or(0, |b| b.size)
}

fn side_of(piece: &Piece) -> usize {
    piece.at().0
}

fn station_of(piece: &Piece) -> usize {
    piece.at().1
}

impl Piece {
    /// What a text piece is, as the capture's record names it.
    pub(super) fn part(&self) -> &'static str {
        match self {
            Piece::Name { .. } => "name",
            Piece::Badge { .. } => "badge",
            Piece::Queue { .. } => "queue",
            _ => "shape",
        }
    }

    pub(super) fn at(&self) -> (usize, usize) {
        match *self {
            Piece::Box { side, station }
            | Piece::Square { side, station, .. }
            | Piece::Gauge { side, station }
            | Piece::GaugeFill { side, station }
            | Piece::Name { side, station }
            | Piece::Queue { side, station }
            | Piece::Badge { side, station }
            | Piece::Icon { side, station } => (side, station),
            Piece::Vehicle { side, .. } => (side, 0),
        }
    }
}

/// Where a text is drawn, as a rectangle in logical pixels (y down) around
/// its glyphs; `None` for an empty text. `size` is the window's.
pub(super) fn text_rect(
    info: &bevy::text::TextLayoutInfo,
    transform: &GlobalTransform,
    anchor: &Anchor,
    bounds: Option<&bevy::text::TextBounds>,
    size: Vec2,
) -> Option<Rect> {
    // As bevy draws a 2D text: its layout box placed by the anchor, glyph
    // positions in physical pixels from the box's top left, y down.
    let layout = Vec2::new(
        bounds.and_then(|b| b.width).unwrap_or(info.size.x),
        bounds.and_then(|b| b.height).unwrap_or(info.size.y),
    );
    let top_left = transform.translation().truncate() + (Anchor::TOP_LEFT.as_vec() - anchor.as_vec()) * layout;
    let k = info.scale_factor.max(1e-3).recip();
    info.glyphs
        .iter()
        .filter(|g| g.atlas_info.rect.size().min_element() > 0.0)
        .map(|g| {
            let half = g.atlas_info.rect.size() / 2.0;
            let (a, z) = ((g.position - half) * k, (g.position + half) * k);
            // World (y up) to window pixels (y down).
            let to_px = |p: Vec2| Vec2::new(top_left.x + p.x + size.x / 2.0, size.y / 2.0 - (top_left.y - p.y));
            Rect::from_corners(to_px(a), to_px(z))
        })
        .reduce(|a, b| a.union(b))
}

/// The floor's labels as drawn last frame, for links to go around.
#[derive(Resource, Default)]
pub(super) struct Labels(pub Vec<zhizao_core::route::Rect>);

/// The link segments drawn this frame, in logical pixels (for the capture's record).
#[derive(Resource, Default)]
pub(super) struct Drawn(pub Vec<(Vec2, Vec2)>);

/// A floor label as laid out.
type Label = (
    &'static bevy::text::TextLayoutInfo,
    &'static GlobalTransform,
    &'static Anchor,
    Option<&'static bevy::text::TextBounds>,
    &'static Visibility,
);

pub(super) fn measure_labels(
    windows: Query<&Window, With<PrimaryWindow>>,
    texts: Query<Label, (With<FloorItem>, With<Text2d>)>,
    mut labels: ResMut<Labels>,
) {
    let size = window_size(windows.single().ok());
    labels.0.clear();
    for (info, tf, anchor, bounds, vis) in &texts {
        if *vis == Visibility::Hidden {
            continue;
        }
        if let Some(r) = text_rect(info, tf, anchor, bounds, size) {
            // A pixel of air around the glyphs.
            labels.0.push(to_route(r.inflate(1.0)));
        }
    }
}

fn to_route(r: Rect) -> zhizao_core::route::Rect {
    zhizao_core::route::Rect {
        min: (r.min.x, r.min.y),
        max: (r.max.x, r.max.y),
    }
}

fn point(p: zhizao_core::route::Point) -> Vec2 {
    Vec2::new(p.0, p.1)
}

/// The path a link from station `a` to `z` is drawn along, in logical
/// pixels: straight between the boxes' edges, or, for rework and for links
/// that would cross another station, around the boxes (see
/// [`zhizao_core::route`]).
fn link_path(
    centre: &dyn Fn(usize) -> Vec2,
    b: Vec2,
    boxes: &[zhizao_core::route::Rect],
    labels: &[zhizao_core::route::Rect],
    channel: f32,
    (a, z): (usize, usize),
    rework: bool,
) -> Vec<Vec2> {
    let (pa, pz) = (centre(a), centre(z));
    let edge = |from: Vec2, to: Vec2| {
        // Where the segment from the centre `from` towards `to` leaves the box.
        let d = to - from;
        let t = (b.x / 2.0 / d.x.abs().max(1e-3))
            .min(b.y / 2.0 / d.y.abs().max(1e-3))
            .min(0.5);
        from + d * t
    };
    let straight = vec![edge(pa, pz), edge(pz, pa)];
    let (ea, ez) = (straight[0], straight[1]);
    let through_other = boxes
        .iter()
        .enumerate()
        .any(|(k, r)| k != a && k != z && zhizao_core::route::crosses((ea.x, ea.y), (ez.x, ez.y), r));
    if !rework && !through_other {
        return straight;
    }
    zhizao_core::route::around(&boxes[a], &boxes[z], boxes, labels, channel)
        .map(|p| p.into_iter().map(point).collect())
        .unwrap_or(straight)
}

/// Links, parts in transit, people and robots, selection, and the chart.
pub(super) fn draw(
    windows: Query<&Window, With<PrimaryWindow>>,
    workshop: Res<Workshop>,
    labels: Res<Labels>,
    mut drawn: ResMut<Drawn>,
    mut gizmos: Gizmos,
) {
    let size = window_size(windows.single().ok());
    let (areas, maps) = geometry(&workshop, size);
    let w = |p: Vec2| to_world(size, p);
    drawn.0.clear();
    for (side, (layout, map)) in workshop.layouts.iter().zip(&maps).enumerate() {
        let b = map.box_size();
        let centre = |s: usize| map.pixel(layout.positions[s]);
        // Each box with its buffer gauge at its left.
        let gauge = (b.x * 0.12).max(3.0) * 1.4;
        let boxes: Vec<zhizao_core::route::Rect> = (0..layout.positions.len())
            .map(|s| {
                let c = centre(s);
                to_route(Rect::from_corners(c - b / 2.0 - Vec2::new(gauge, 0.0), c + b / 2.0))
            })
            .collect();
        // Lines stop short of labels and of boxes other than their ends.
        let mut cut = labels.0.clone();
        // Between a box's side and the next column's gauge.
        let channel = ((zhizao_core::layout::COLUMN_SPACING * map.scale - b.x - gauge) / 2.0).max(2.0);
        let mut path_of = |pair: (usize, usize), rework: bool, color: Color, gizmos: &mut Gizmos| {
            let path = link_path(&centre, b, &boxes, &labels.0, channel, pair, rework);
            cut.extend(
                boxes
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| *k != pair.0 && *k != pair.1)
                    .map(|(_, r)| *r),
            );
            for seg in path.windows(2) {
                for (p, q) in zhizao_core::route::outside((seg[0].x, seg[0].y), (seg[1].x, seg[1].y), &cut) {
                    let (p, q) = (point(p), point(q));
                    gizmos.line_2d(w(p), w(q), color);
                    drawn.0.push((p, q));
                }
            }
            cut.truncate(labels.0.len());
            path
        };
        // Each link's path, found once a frame: parts travel along it.
        let mut paths: BTreeMap<(usize, usize), Vec<zhizao_core::route::Point>> = BTreeMap::new();
        for (pairs, rework, color) in [
            (&layout.links, false, style::LINK),
            (&layout.rework, true, style::REWORK),
        ] {
            for &pair in pairs {
                let path = path_of(pair, rework, color, &mut gizmos);
                // A pair both a link and a rework path moves along the link.
                paths
                    .entry(pair)
                    .or_insert_with(|| path.iter().map(|p| (p.x, p.y)).collect());
            }
        }
        for t in workshop.tokens.iter().filter(|t| t.side == side) {
            let route = paths.entry((t.from, t.to)).or_insert_with(|| {
                link_path(&centre, b, &boxes, &labels.0, channel, (t.from, t.to), false)
                    .iter()
                    .map(|p| (p.x, p.y))
                    .collect()
            });
            let p = point(zhizao_core::route::along(route, t.progress));
            // A part passing under a label is not drawn over it.
            if labels
                .0
                .iter()
                .any(|r| r.min.0 < p.x && p.x < r.max.0 && r.min.1 < p.y && p.y < r.max.1)
            {
                continue;
            }
            if t.rack {
                // A load or a container: a rack of parts.
                let r = (b.y * 0.1).max(3.0);
                gizmos.rect_2d(w(p), Vec2::new(r * 2.4, r * 1.6), style::PART);
                gizmos.line_2d(
                    w(p - Vec2::new(r * 1.2, 0.0)),
                    w(p + Vec2::new(r * 1.2, 0.0)),
                    style::PART,
                );
            } else {
                gizmos.circle_2d(w(p), (b.y * 0.08).max(2.0), style::PART);
            }
        }
        let line = &workshop.live.sides()[side].variant.line;
        let Some(shown) = workshop.shown.get(side) else {
            continue;
        };
        // Vehicles are icons (sprites); a part on one is a square on its deck.
        for (k, v) in shown.vehicles.iter().enumerate() {
            if v.loaded
                && let Some((p, s)) = vehicle_at(&workshop, &maps, side, k)
            {
                gizmos.rect_2d(w(p - Vec2::new(0.0, s * 0.2)), Vec2::splat(s * 0.3), style::PART);
            }
        }
        for (s, view) in shown.stations.iter().enumerate() {
            let c = centre(s);
            let top = c - Vec2::new(0.0, b.y * 0.5);
            let unit = (b.y * 0.16).max(2.0);
            match line.stations[s].kind {
                // Its icon (a sprite) says what it is.
                StationKind::Robot => {}
                StationKind::Conveyor => {
                    // The belt, with its parts: those stopped at the end
                    // packed against it, the moving ones spread behind.
                    let y = c.y + b.y * 0.3;
                    let (x0, x1) = (c.x - b.x * 0.45, c.x + b.x * 0.45);
                    gizmos.line_2d(w(Vec2::new(x0, y)), w(Vec2::new(x1, y)), style::DIM);
                    let places = view.servers.len().max(1) as f32;
                    let step = (x1 - x0) / places;
                    let stopped = view.servers.iter().filter(|sv| sv.state == State::Blocked).count();
                    let moving = view.servers.iter().filter(|sv| sv.parts > 0).count() - stopped;
                    for k in 0..stopped {
                        let x = x1 - step * (k as f32 + 0.5);
                        gizmos.circle_2d(w(Vec2::new(x, y - unit * 0.5)), unit * 0.4, style::PART);
                    }
                    let free = (x1 - x0) - step * stopped as f32;
                    for k in 0..moving {
                        let x = x0 + free * (k as f32 + 0.5) / moving as f32;
                        gizmos.circle_2d(w(Vec2::new(x, y - unit * 0.5)), unit * 0.4, style::PART);
                    }
                }
                StationKind::Manual | StationKind::Machine => {
                    // One person per server that holds an operator now.
                    let with_operator = operators_at_work(&workshop, side, s);
                    // Inside the box's upper edge, in its icon's place (a
                    // manual station's bench shows while nobody works there),
                    // as many as fit before the buffer's count.
                    let first = -b.x / 2.0 + 2.0 + unit * 0.5;
                    let count_left = b.x / 2.0 - 2.0 - count_width(&workshop, side, s, view);
                    let fit = ((count_left - first) / (unit * 1.2)).floor().max(1.0) as usize;
                    for k in 0..with_operator.min(fit) {
                        let p = top + Vec2::new(first + k as f32 * unit * 1.2, unit * 0.65);
                        gizmos.circle_2d(w(p), unit * 0.35, style::OPERATOR);
                        gizmos.line_2d(
                            w(p + Vec2::new(0.0, unit * 0.35)),
                            w(p + Vec2::new(0.0, unit * 1.15)),
                            style::OPERATOR,
                        );
                    }
                }
            }
            if let Some(batch) = &line.stations[s].batch {
                // Each furnace's load: a bar under its square, full for a full load.
                let n = view.servers.len().min(MAX_SQUARES) as f32;
                let q = (b.y * 0.36).min(b.x / (n + 1.0)).max(2.0);
                for (k, sv) in view.servers.iter().take(MAX_SQUARES).enumerate() {
                    let x = c.x - (n - 1.0) * q * 0.6 + k as f32 * q * 1.2 - q / 2.0;
                    let y = c.y + b.y * 0.05;
                    let share = sv.parts as f32 / batch.size as f32;
                    gizmos.line_2d(w(Vec2::new(x, y)), w(Vec2::new(x + q, y)), style::DIM);
                    if share > 0.0 {
                        gizmos.line_2d(w(Vec2::new(x, y)), w(Vec2::new(x + q * share, y)), style::PART);
                    }
                }
            }
            if view.container > 1 {
                // A transfer station's rack filling on its way out: a bar
                // along the right edge of the box.
                let x = c.x + b.x * 0.5 + 2.0;
                let share = (view.outbound as f32 / view.container as f32).min(1.0);
                let (bottom, top) = (c.y + b.y * 0.5, c.y - b.y * 0.5);
                gizmos.line_2d(w(Vec2::new(x, bottom)), w(Vec2::new(x, top)), style::DIM);
                if share > 0.0 {
                    gizmos.line_2d(
                        w(Vec2::new(x, bottom)),
                        w(Vec2::new(x, bottom - b.y * share)),
                        style::PART,
                    );
                }
            }
            if !view.components.is_empty() {
                // An assembly station's component buffers: one bar each,
                // along the bottom of the box, filled as they hold parts.
                let n = view.components.len() as f32;
                let width = b.x * 0.9 / n;
                for (k, &(held, places)) in view.components.iter().enumerate() {
                    let x = c.x - b.x * 0.45 + k as f32 * width;
                    let y = c.y + b.y * 0.42;
                    let share = (held as f32 / places.max(1) as f32).min(1.0);
                    gizmos.line_2d(w(Vec2::new(x, y)), w(Vec2::new(x + width * 0.85, y)), style::DIM);
                    if share > 0.0 {
                        gizmos.line_2d(
                            w(Vec2::new(x, y)),
                            w(Vec2::new(x + width * 0.85 * share, y)),
                            style::GAUGE_FILL,
                        );
                    }
                }
            }
            if view.servers.len() > MAX_SQUARES {
                // Stations with many servers: a bar under the squares shows the busy share.
                let busy =
                    view.servers.iter().filter(|sv| sv.state == State::Busy).count() as f32 / view.servers.len() as f32;
                let y = c.y + b.y * 0.38;
                gizmos.line_2d(
                    w(Vec2::new(c.x - b.x * 0.45, y)),
                    w(Vec2::new(c.x - b.x * 0.45 + b.x * 0.9 * busy, y)),
                    style::PART,
                );
            }
        }
        for (mark, color) in [(workshop.hovered, style::DIM), (workshop.selected, style::SELECTED)] {
            if let Some((sd, s)) = mark
                && sd == side
                && s < layout.positions.len()
            {
                // An outline 2 px round the box (its name stands 4 px above it),
                // stopping at any label it would cross.
                let (lo, hi) = (
                    centre(s) - b / 2.0 - Vec2::splat(2.0),
                    centre(s) + b / 2.0 + Vec2::splat(2.0),
                );
                let corners = [lo, Vec2::new(hi.x, lo.y), hi, Vec2::new(lo.x, hi.y), lo];
                for edge in corners.windows(2) {
                    for (p, q) in zhizao_core::route::outside((edge[0].x, edge[0].y), (edge[1].x, edge[1].y), &labels.0)
                    {
                        gizmos.line_2d(w(point(p)), w(point(q)), color);
                    }
                }
            }
        }
        // The station details take the chart's place while shown.
        if workshop.focus().is_none_or(|(s, _)| s != side) {
            chart(&workshop, side, areas.sides[side].chart, &mut gizmos, size);
        }
    }
}

/// Good output per hour over the recent history, as a line.
fn chart(workshop: &Workshop, side: usize, area: super::screen::Area, gizmos: &mut Gizmos, size: Vec2) {
    let w = |p: Vec2| to_world(size, p);
    let origin = Vec2::new(area.x + 30.0, area.y + area.h);
    let (cw, ch) = (area.w - 36.0, area.h - 8.0);
    if cw < 20.0 || ch < 20.0 {
        return;
    }
    gizmos.line_2d(w(origin), w(origin + Vec2::new(cw, 0.0)), style::DIM);
    gizmos.line_2d(w(origin), w(origin - Vec2::new(0.0, ch)), style::DIM);
    let (peak, per_hour) = super::panels::chart_series(workshop);
    let color = if side == 0 {
        style::CHART_LEFT
    } else {
        style::CHART_RIGHT
    };
    let Some(series) = per_hour.get(side) else {
        return;
    };
    if series.len() < 2 || peak <= 0.0 {
        return;
    }
    // The axis spans two days at first, then the whole kept history.
    let n = series.len().clamp(48, zhizao_core::live::HISTORY) as f32;
    let points = series
        .iter()
        .enumerate()
        .map(|(i, &v)| w(origin + Vec2::new(cw * (i as f32 + n - series.len() as f32) / n, -ch * (v / peak) as f32)));
    gizmos.linestrip_2d(points, color);
}
