//! Where a front end draws the links between stations so that they never run
//! through a station's box or over a label: a link that is not a straight
//! hop to a neighbour (rework going back, a jump across rows) is routed
//! around the boxes along the gaps between them, and any line is cut where
//! it would pass under a label (as a map's roads stop at a town's name).
//!
//! Screen coordinates: x to the right, y down, any unit (the view uses
//! logical pixels).

/// A point (x, y).
pub type Point = (f32, f32);

/// An axis-aligned rectangle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub min: Point,
    pub max: Point,
}

impl Rect {
    /// The rectangle centred on `c` of width `w` and height `h`.
    pub fn centred(c: Point, w: f32, h: f32) -> Rect {
        Rect {
            min: (c.0 - w / 2.0, c.1 - h / 2.0),
            max: (c.0 + w / 2.0, c.1 + h / 2.0),
        }
    }

    pub fn centre(&self) -> Point {
        ((self.min.0 + self.max.0) / 2.0, (self.min.1 + self.max.1) / 2.0)
    }

    /// Whether the two share interior (touching edges do not count).
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.min.0 < o.max.0 && o.min.0 < self.max.0 && self.min.1 < o.max.1 && o.min.1 < self.max.1
    }

    /// The part of `a`-`b` inside the rectangle's interior, as parameters
    /// (t0, t1) along it, if any (Liang-Barsky clipping).
    fn inside(&self, a: Point, b: Point) -> Option<(f32, f32)> {
        let d = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0f32, 1.0f32);
        for (p, q) in [
            (-d.0, a.0 - self.min.0),
            (d.0, self.max.0 - a.0),
            (-d.1, a.1 - self.min.1),
            (d.1, self.max.1 - a.1),
        ] {
            if p == 0.0 {
                // Parallel to this edge: inside only strictly within it.
                if q <= 0.0 {
                    return None;
                }
            } else {
                let t = q / p;
                if p < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
            }
        }
        (t1 - t0 > 1e-6).then_some((t0, t1))
    }
}

/// Pieces shorter than this are dropped [units].
const SHORTEST: f32 = 0.5;

/// The pieces of the segment `a`-`b` that lie outside every rectangle.
pub fn outside(a: Point, b: Point, rects: &[Rect]) -> Vec<(Point, Point)> {
    let mut cut: Vec<(f32, f32)> = rects.iter().filter_map(|r| r.inside(a, b)).collect();
    cut.sort_by(|x, y| x.0.total_cmp(&y.0));
    let at = |t: f32| (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
    let length = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
    let mut pieces = Vec::new();
    let mut from = 0.0f32;
    for (t0, t1) in cut.into_iter().chain([(1.0, 1.0)]) {
        if (t0 - from) * length >= SHORTEST {
            pieces.push((at(from), at(t0)));
        }
        from = from.max(t1);
    }
    pieces
}

/// Where the segment from `a` to `b` crosses into a rectangle's interior, if
/// it does anywhere.
pub fn crosses(a: Point, b: Point, rect: &Rect) -> bool {
    rect.inside(a, b).is_some()
}

/// The point a fraction `share` (0 to 1) of the way along a path.
pub fn along(path: &[Point], share: f32) -> Point {
    let lengths: Vec<f32> = path
        .windows(2)
        .map(|w| ((w[1].0 - w[0].0).powi(2) + (w[1].1 - w[0].1).powi(2)).sqrt())
        .collect();
    let mut left = lengths.iter().sum::<f32>() * share.clamp(0.0, 1.0);
    for (w, l) in path.windows(2).zip(lengths) {
        if left <= l && l > 0.0 {
            let t = left / l;
            return (w[0].0 + (w[1].0 - w[0].0) * t, w[0].1 + (w[1].1 - w[0].1) * t);
        }
        left -= l;
    }
    path.last().copied().unwrap_or((0.0, 0.0))
}

/// A path from box `from` to box `to` that leaves and enters them at a side
/// and runs only along the channel `channel` beside each and along one lane
/// between them: out of `from`'s side facing `to`, along the channel to the
/// lane, along the lane, and up or down the channel beside `to` into its
/// side facing `from`. Lines leave and enter below the boxes' middles, where
/// straight links do not run. The lane crosses no other box and no label;
/// the channels cross no other box (a label there is cut around when drawn).
/// `None` when no such path exists (a box stands in a channel).
pub fn around(from: &Rect, to: &Rect, boxes: &[Rect], labels: &[Rect], channel: f32) -> Option<Vec<Point>> {
    let (fc, tc) = (from.centre(), to.centre());
    // A box's side towards the other's centre (the right side for the same column).
    let side = |r: &Rect, other: f32, c: f32| {
        if other < c { (r.min.0, -1.0) } else { (r.max.0, 1.0) }
    };
    let (fx, fdir) = side(from, tc.0, fc.0);
    let (tx, tdir) = side(to, fc.0, tc.0);
    let fy = fc.1 + (from.max.1 - from.min.1) * 0.3;
    let ty = tc.1 + (to.max.1 - to.min.1) * 0.3;
    let (cf, ct) = (fx + fdir * channel, tx + tdir * channel);
    // A lane keeps this far from anything it passes.
    let margin = (channel * 0.5).max(1.0);
    let other_boxes: Vec<&Rect> = boxes.iter().filter(|o| *o != from && *o != to).collect();
    let blocks = |o: &&Rect, a: Point, b: Point| {
        crosses(a, b, o) || (a == b && o.min.0 < a.0 && a.0 < o.max.0 && o.min.1 < a.1 && a.1 < o.max.1)
    };
    let (left, right) = (cf.min(ct), cf.max(ct));
    let clear = |y: f32| {
        let legs = [
            ((fx, fy), (cf, fy)),
            ((cf, fy), (cf, y)),
            ((cf, y), (ct, y)),
            ((ct, y), (ct, ty)),
            ((ct, ty), (tx, ty)),
        ];
        legs.iter().all(|&(a, b)| !other_boxes.iter().any(|o| blocks(o, a, b)))
            && !other_boxes.iter().copied().chain(labels).any(|o| {
                o.min.0 < right + margin && left - margin < o.max.0 && o.min.1 - margin < y && y < o.max.1 + margin
            })
    };
    let mut lanes: Vec<f32> = [fy, ty]
        .into_iter()
        .chain(
            other_boxes
                .iter()
                .copied()
                .chain(labels)
                .flat_map(|o| [o.min.1 - margin, o.max.1 + margin]),
        )
        .collect();
    // The lane with the least travel up and down; the higher one on a tie.
    let travel = |y: f32| (y - fy).abs() + (y - ty).abs();
    lanes.sort_by(|a, b| travel(*a).total_cmp(&travel(*b)).then(a.total_cmp(b)));
    let y = lanes.into_iter().find(|&y| clear(y))?;
    let mut path = vec![(fx, fy), (cf, fy), (cf, y), (ct, y), (ct, ty), (tx, ty)];
    path.dedup_by(|a, b| (a.0 - b.0).abs() < 1e-3 && (a.1 - b.1).abs() < 1e-3);
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Point, b: Point) -> bool {
        (a.0 - b.0).abs() < 1e-4 && (a.1 - b.1).abs() < 1e-4
    }

    #[test]
    fn a_segment_through_a_label_is_cut_at_its_edges() {
        let label = Rect {
            min: (40.0, -5.0),
            max: (60.0, 5.0),
        };
        let pieces = outside((0.0, 0.0), (100.0, 0.0), &[label]);
        assert_eq!(pieces.len(), 2);
        assert!(
            close(pieces[0].0, (0.0, 0.0)) && close(pieces[0].1, (40.0, 0.0)),
            "{pieces:?}"
        );
        assert!(
            close(pieces[1].0, (60.0, 0.0)) && close(pieces[1].1, (100.0, 0.0)),
            "{pieces:?}"
        );
        // A diagonal through a corner: cut where it enters and leaves.
        let pieces = outside((30.0, -15.0), (70.0, 25.0), &[label]);
        assert_eq!(pieces.len(), 2);
        assert!(close(pieces[0].1, (40.0, -5.0)), "{pieces:?}");
        assert!(close(pieces[1].0, (50.0, 5.0)), "{pieces:?}");
    }

    #[test]
    fn overlapping_labels_make_one_gap_and_a_touching_line_is_not_cut() {
        let a = Rect {
            min: (10.0, -1.0),
            max: (30.0, 1.0),
        };
        let b = Rect {
            min: (25.0, -1.0),
            max: (50.0, 1.0),
        };
        let pieces = outside((0.0, 0.0), (100.0, 0.0), &[b, a]);
        assert_eq!(pieces.len(), 2);
        assert!(
            close(pieces[0].1, (10.0, 0.0)) && close(pieces[1].0, (50.0, 0.0)),
            "{pieces:?}"
        );
        // Along an edge: outside the interior, so whole.
        let pieces = outside((0.0, 1.0), (100.0, 1.0), &[a]);
        assert_eq!(pieces, vec![((0.0, 1.0), (100.0, 1.0))]);
        // Wholly inside: nothing drawn.
        assert!(outside((12.0, 0.0), (28.0, 0.0), &[a]).is_empty());
    }

    #[test]
    fn a_point_along_a_path_is_measured_by_length() {
        let path = [(0.0, 0.0), (30.0, 0.0), (30.0, 10.0)];
        assert!(close(along(&path, 0.0), (0.0, 0.0)));
        assert!(close(along(&path, 0.5), (20.0, 0.0)));
        assert!(close(along(&path, 0.875), (30.0, 5.0)));
        assert!(close(along(&path, 1.0), (30.0, 10.0)));
    }

    /// Three boxes 50 x 30 in a row, 100 apart, each with a label 40 x 12
    /// under it: rework from the last to the first goes under the middle
    /// box and its label, never through them.
    #[test]
    fn rework_back_along_a_row_goes_under_the_middle_station_and_its_label() {
        let boxes: Vec<Rect> = (0..3)
            .map(|k| Rect::centred((k as f32 * 100.0, 0.0), 50.0, 30.0))
            .collect();
        let labels: Vec<Rect> = (0..3)
            .map(|k| Rect::centred((k as f32 * 100.0, 22.0), 40.0, 12.0))
            .collect();
        let obstacles: Vec<Rect> = boxes.iter().chain(&labels).copied().collect();
        let path = around(&boxes[2], &boxes[0], &boxes, &labels, 25.0).expect("a clear lane");
        // Out of the last box's left side 9 below its middle, down the
        // channel to half a channel (12.5) under the middle label (bottom
        // 28), along, and up into the first box's right side.
        let want = [
            (175.0, 9.0),
            (150.0, 9.0),
            (150.0, 40.5),
            (50.0, 40.5),
            (50.0, 9.0),
            (25.0, 9.0),
        ];
        assert_eq!(path.len(), want.len(), "{path:?}");
        for (p, w) in path.iter().zip(want) {
            assert!(close(*p, w), "{path:?}");
        }
        for w in path.windows(2) {
            for o in &obstacles[1..] {
                if *o != boxes[0] {
                    assert!(!crosses(w[0], w[1], o), "{w:?} crosses {o:?}");
                }
            }
        }
    }

    /// A column of two stacked boxes and one to the right: from the right
    /// one back to the upper one, the lane avoids the lower box.
    #[test]
    fn a_route_between_rows_stays_in_the_gaps() {
        let upper = Rect::centred((0.0, 0.0), 50.0, 30.0);
        let lower = Rect::centred((0.0, 70.0), 50.0, 30.0);
        let right = Rect::centred((100.0, 70.0), 50.0, 30.0);
        let path = around(&right, &upper, &[upper, lower, right], &[], 25.0).expect("a clear lane");
        for w in path.windows(2) {
            assert!(!crosses(w[0], w[1], &lower), "{path:?} crosses the lower box");
        }
        assert!(close(path[0], (75.0, 79.0)), "{path:?}");
        assert!(close(*path.last().unwrap(), (25.0, 9.0)), "{path:?}");
    }

    #[test]
    fn no_route_when_a_box_stands_in_the_channel() {
        let from = Rect::centred((100.0, 0.0), 50.0, 30.0);
        let to = Rect::centred((0.0, 0.0), 50.0, 30.0);
        // Right against `from`'s left side, taller than anything.
        let wall = Rect {
            min: (60.0, -1000.0),
            max: (74.0, 1000.0),
        };
        assert_eq!(around(&from, &to, &[from, to, wall], &[], 10.0), None);
        // Further off, in the middle: the lane goes round its end.
        let post = Rect::centred((50.0, 0.0), 10.0, 100.0);
        let path = around(&from, &to, &[from, to, post], &[], 10.0).expect("round the post");
        assert!(path.windows(2).all(|w| !crosses(w[0], w[1], &post)), "{path:?}");
    }
}
