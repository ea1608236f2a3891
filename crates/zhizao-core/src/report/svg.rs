//! Small, dependency-free SVG charts: bars with confidence whiskers, lines
//! with confidence bands, and stacked share bars. Output is deterministic
//! text (fixed precision), so charts can be compared in tests.

use std::fmt::Write;

/// Colours for series, in order.
pub const PALETTE: [&str; 8] = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f",
];

/// Escapes text for SVG and HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A label cut to fit under a bar.
fn short_label(label: &str) -> String {
    if label.chars().count() > 22 {
        format!("{}…", label.chars().take(21).collect::<String>())
    } else {
        label.to_string()
    }
}

/// A "nice" axis: rounded limits and ticks covering `lo..hi`.
fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let (lo, hi) = if (hi - lo).abs() < 1e-12 {
        (lo - 1.0, hi + 1.0)
    } else {
        (lo, hi)
    };
    let raw = (hi - lo) / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let start = (lo / step).floor() * step;
    let mut out = Vec::new();
    let mut t = start;
    while t <= hi + step * 0.5 && out.len() < 20 {
        out.push(t);
        t += step;
    }
    out
}

/// A tick label: short and without float noise.
pub fn number(x: f64) -> String {
    let a = x.abs();
    if a >= 1e6 {
        format!("{:.1}M", x / 1e6)
    } else if a >= 1e4 {
        format!("{:.0}k", x / 1e3)
    } else if a >= 100.0 || (x - x.round()).abs() < 1e-9 {
        format!("{x:.0}")
    } else if a >= 1.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// A plotting area inside an SVG.
struct Frame {
    x0: f64,
    y0: f64,
    w: f64,
    h: f64,
    ylo: f64,
    yhi: f64,
}

impl Frame {
    fn y(&self, v: f64) -> f64 {
        self.y0 + self.h - (v - self.ylo) / (self.yhi - self.ylo) * self.h
    }

    /// Y axis with grid lines and labels.
    fn y_axis(&self, out: &mut String, label: &str) {
        for t in ticks(self.ylo, self.yhi) {
            if t < self.ylo - 1e-9 || t > self.yhi + 1e-9 {
                continue;
            }
            let y = self.y(t);
            let _ = write!(
                out,
                r##"<line x1="{:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end">{}</text>"##,
                self.x0,
                self.x0 + self.w,
                self.x0 - 4.0,
                y + 4.0,
                number(t)
            );
        }
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="{:.1}" font-size="11" transform="rotate(-90 {:.1} {:.1})" text-anchor="middle">{}</text>"##,
            self.x0 - 44.0,
            self.y0 + self.h / 2.0,
            self.x0 - 44.0,
            self.y0 + self.h / 2.0,
            escape(label)
        );
    }
}

fn open(out: &mut String, w: f64, h: f64, title: &str) {
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" font-family="sans-serif"><rect width="100%" height="100%" fill="white"/><text x="{:.1}" y="20" font-size="14" font-weight="bold" text-anchor="middle">{}</text>"##,
        w / 2.0,
        escape(title)
    );
}

/// Limits covering every value, with 0 included for bars.
fn limits(values: impl Iterator<Item = f64>, with_zero: bool) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    if with_zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    let t = ticks(lo, hi);
    (t[0].min(lo), t[t.len() - 1].max(hi))
}

/// A bar per label with a 95% whisker.
pub fn bars(title: &str, unit: &str, bars: &[(String, f64, Option<f64>)]) -> String {
    let (w, h) = (120.0 + 90.0 * bars.len().max(3) as f64, 320.0);
    let mut out = String::new();
    open(&mut out, w, h, title);
    let (lo, hi) = limits(
        bars.iter()
            .flat_map(|(_, m, hw)| [m - hw.unwrap_or(0.0), m + hw.unwrap_or(0.0)]),
        true,
    );
    let f = Frame {
        x0: 70.0,
        y0: 35.0,
        w: w - 90.0,
        h: h - 110.0,
        ylo: lo,
        yhi: hi,
    };
    f.y_axis(&mut out, unit);
    let slot = f.w / bars.len().max(1) as f64;
    for (i, (label, mean, hw)) in bars.iter().enumerate() {
        if !mean.is_finite() {
            continue;
        }
        let x = f.x0 + slot * i as f64 + slot * 0.2;
        let (top, bottom) = (f.y(mean.max(0.0)), f.y(mean.min(0.0)));
        let _ = write!(
            out,
            r##"<rect x="{x:.1}" y="{top:.1}" width="{:.1}" height="{:.1}" fill="{}"/>"##,
            slot * 0.6,
            (bottom - top).max(0.5),
            PALETTE[i % PALETTE.len()]
        );
        if let Some(hw) = hw {
            let cx = x + slot * 0.3;
            let (a, b) = (f.y(mean + hw), f.y(mean - hw));
            let _ = write!(
                out,
                r##"<path d="M{:.1} {a:.1}H{:.1}M{cx:.1} {a:.1}V{b:.1}M{:.1} {b:.1}H{:.1}" stroke="black" fill="none"/>"##,
                cx - 6.0,
                cx + 6.0,
                cx - 6.0,
                cx + 6.0
            );
        }
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end" transform="rotate(-30 {:.1} {:.1})">{}</text>"##,
            x + slot * 0.3,
            f.y0 + f.h + 14.0,
            x + slot * 0.3,
            f.y0 + f.h + 14.0,
            escape(&short_label(label))
        );
    }
    out.push_str("</svg>");
    out
}

/// A line series with an optional 95% band (low, high) per point.
pub struct Series {
    pub name: String,
    /// Index into [`PALETTE`] (so a variant keeps its colour across charts).
    pub colour: usize,
    pub points: Vec<(f64, f64)>,
    pub band: Option<Vec<(f64, f64)>>,
}

/// Lines over a numeric x axis, with a legend; `zero_line` draws y = 0.
pub fn lines(title: &str, x_label: &str, y_label: &str, series: &[Series], zero_line: bool) -> String {
    lines_over(title, x_label, y_label, series, zero_line, None)
}

/// Lines over named x positions: x = 0, 1, 2, ... is `names[0]`, `names[1]`, ...
pub fn lines_named(title: &str, x_label: &str, y_label: &str, series: &[Series], names: &[String]) -> String {
    lines_over(title, x_label, y_label, series, false, Some(names))
}

fn lines_over(
    title: &str,
    x_label: &str,
    y_label: &str,
    series: &[Series],
    zero_line: bool,
    names: Option<&[String]>,
) -> String {
    let (w, h) = (720.0, 360.0);
    let mut out = String::new();
    open(&mut out, w, h, title);
    let xs = || series.iter().flat_map(|s| s.points.iter().map(|p| p.0));
    let (xlo, xhi) = (
        xs().fold(f64::INFINITY, f64::min),
        xs().fold(f64::NEG_INFINITY, f64::max),
    );
    let (xlo, xhi) = if xlo.is_finite() && xhi > xlo {
        (xlo, xhi)
    } else {
        (0.0, 1.0)
    };
    let (ylo, yhi) = limits(
        series.iter().flat_map(|s| {
            s.points
                .iter()
                .map(|p| p.1)
                .chain(s.band.iter().flatten().flat_map(|b| [b.0, b.1]))
        }),
        zero_line,
    );
    let f = Frame {
        x0: 70.0,
        y0: 35.0,
        w: w - 230.0,
        h: h - 85.0,
        ylo,
        yhi,
    };
    f.y_axis(&mut out, y_label);
    let x = |v: f64| f.x0 + (v - xlo) / (xhi - xlo) * f.w;
    match names {
        Some(names) => {
            // Each value under its point; slanted when they would not fit side by side.
            let room = f.w / names.len().max(1) as f64;
            let longest = names.iter().map(|n| n.chars().count()).max().unwrap_or(0) as f64;
            let slant = longest * 6.5 > room;
            let shown = |name: &str| {
                if slant && name.chars().count() > 14 {
                    format!("{}…", name.chars().take(13).collect::<String>())
                } else {
                    name.to_string()
                }
            };
            for (i, name) in names.iter().map(|n| shown(n)).enumerate() {
                let (tx, ty) = (x(i as f64), f.y0 + f.h + 15.0);
                let _ = if slant {
                    write!(
                        out,
                        r##"<text x="{tx:.1}" y="{ty:.1}" font-size="10" text-anchor="end" transform="rotate(-25 {tx:.1} {ty:.1})">{}</text>"##,
                        escape(&name)
                    )
                } else {
                    write!(
                        out,
                        r##"<text x="{tx:.1}" y="{ty:.1}" font-size="11" text-anchor="middle">{}</text>"##,
                        escape(&name)
                    )
                };
            }
        }
        None => {
            for t in ticks(xlo, xhi)
                .into_iter()
                .filter(|t| *t >= xlo - 1e-9 && *t <= xhi + 1e-9)
            {
                let _ = write!(
                    out,
                    r##"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle">{}</text>"##,
                    x(t),
                    f.y0 + f.h + 15.0,
                    number(t)
                );
            }
        }
    }
    // Under the axis; beside its end when slanted names fill the space under it.
    let slanted = out.contains("rotate(-25");
    let (lx, ly, anchor) = if slanted {
        (f.x0 + f.w + 8.0, f.y0 + f.h + 4.0, "start")
    } else {
        (f.x0 + f.w / 2.0, f.y0 + f.h + 32.0, "middle")
    };
    let _ = write!(
        out,
        r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#888"/><text x="{lx:.1}" y="{ly:.1}" font-size="11" text-anchor="{anchor}">{}</text>"##,
        f.x0,
        f.y0 + f.h,
        f.x0 + f.w,
        f.y0 + f.h,
        escape(x_label)
    );
    if zero_line && ylo < 0.0 && yhi > 0.0 {
        let _ = write!(
            out,
            r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="black" stroke-dasharray="4 3"/>"##,
            f.x0,
            f.y(0.0),
            f.x0 + f.w,
            f.y(0.0)
        );
    }
    for (i, s) in series.iter().enumerate() {
        let colour = PALETTE[s.colour % PALETTE.len()];
        if let Some(band) = &s.band {
            let mut d = String::new();
            for (j, ((px, _), (lo, _))) in s.points.iter().zip(band).enumerate() {
                let _ = write!(d, "{}{:.1} {:.1}", if j == 0 { "M" } else { "L" }, x(*px), f.y(*lo));
            }
            for ((px, _), (_, hi)) in s.points.iter().zip(band).rev() {
                let _ = write!(d, "L{:.1} {:.1}", x(*px), f.y(*hi));
            }
            let _ = write!(
                out,
                r##"<path d="{d}Z" fill="{colour}" fill-opacity="0.2" stroke="none"/>"##
            );
        }
        let mut d = String::new();
        for (j, (px, py)) in s.points.iter().enumerate() {
            let _ = write!(d, "{}{:.1} {:.1}", if j == 0 { "M" } else { "L" }, x(*px), f.y(*py));
        }
        let _ = write!(
            out,
            r##"<path d="{d}" fill="none" stroke="{colour}" stroke-width="2"/>"##
        );
        if s.points.len() <= 30 {
            for (px, py) in &s.points {
                let _ = write!(
                    out,
                    r##"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{colour}"/>"##,
                    x(*px),
                    f.y(*py)
                );
            }
        }
        let ly = f.y0 + 10.0 + 18.0 * i as f64;
        let _ = write!(
            out,
            r##"<rect x="{:.1}" y="{:.1}" width="12" height="12" fill="{colour}"/><text x="{:.1}" y="{:.1}" font-size="11">{}</text>"##,
            f.x0 + f.w + 15.0,
            ly - 10.0,
            f.x0 + f.w + 32.0,
            ly,
            escape(&legend(&s.name))
        );
    }
    out.push_str("</svg>");
    out
}

/// A legend entry cut to the room beside the plot (about 20 characters).
fn legend(name: &str) -> String {
    if name.chars().count() <= 20 {
        name.to_string()
    } else {
        format!("{}…", name.chars().take(19).collect::<String>())
    }
}

/// One horizontal bar per row, split into shares (each row sums to 1).
pub fn stacked(title: &str, rows: &[(String, Vec<f64>)], legend: &[(&str, &str)]) -> String {
    let (w, h) = (760.0, 70.0 + 22.0 * rows.len() as f64 + 30.0);
    let mut out = String::new();
    open(&mut out, w, h, title);
    let label_w = 230.0;
    let bar_w = w - label_w - 20.0;
    for (i, (label, shares)) in rows.iter().enumerate() {
        let y = 35.0 + 22.0 * i as f64;
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end">{}</text>"##,
            label_w - 6.0,
            y + 13.0,
            escape(label)
        );
        let mut x = label_w;
        for (j, share) in shares.iter().enumerate() {
            let width = share.max(0.0) * bar_w;
            if width > 0.05 {
                let _ = write!(
                    out,
                    r##"<rect x="{x:.1}" y="{y:.1}" width="{width:.1}" height="18" fill="{}"/>"##,
                    legend.get(j).map_or("#999", |l| l.1)
                );
            }
            x += width;
        }
    }
    let ly = h - 18.0;
    let mut x = 20.0;
    for (name, colour) in legend {
        let _ = write!(
            out,
            r##"<rect x="{x:.1}" y="{:.1}" width="12" height="12" fill="{colour}"/><text x="{:.1}" y="{ly:.1}" font-size="11">{}</text>"##,
            ly - 10.0,
            x + 16.0,
            escape(name)
        );
        x += 24.0 + 7.0 * name.len() as f64;
    }
    out.push_str("</svg>");
    out
}

/// A tornado chart: one horizontal bar per row from the value at the
/// input's low end to the value at its high end, around a vertical line at
/// `base`; the low end's side in one colour, the high end's in another.
pub fn tornado(title: &str, unit: &str, base: f64, rows: &[(String, f64, f64)]) -> String {
    let row_h = 26.0;
    // Room for the longest label at 12 px (about 7 px a character).
    let longest = rows.iter().map(|(l, _, _)| l.chars().count()).max().unwrap_or(0);
    let label_w = (longest as f64 * 7.0 + 20.0).max(120.0);
    let w = label_w + 600.0;
    let h = 80.0 + row_h * rows.len().max(1) as f64 + 30.0;
    let mut out = String::new();
    open(&mut out, w, h, title);
    let (lo, hi) = limits(
        rows.iter().flat_map(|(_, a, b)| [*a, *b]).chain(std::iter::once(base)),
        false,
    );
    let (x0, x1) = (label_w, w - 30.0);
    let x = |v: f64| x0 + (v - lo) / (hi - lo).max(1e-12) * (x1 - x0);
    let top = 40.0;
    let bottom = top + row_h * rows.len().max(1) as f64;
    for t in ticks(lo, hi).into_iter().filter(|t| *t >= lo - 1e-9 && *t <= hi + 1e-9) {
        let _ = write!(
            out,
            r##"<line x1="{:.1}" y1="{top:.1}" x2="{:.1}" y2="{bottom:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle">{}</text>"##,
            x(t),
            x(t),
            x(t),
            bottom + 14.0,
            number(t)
        );
    }
    for (i, (label, a, b)) in rows.iter().enumerate() {
        let y = top + row_h * i as f64 + 4.0;
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end">{}</text>"##,
            x0 - 8.0,
            y + row_h * 0.5,
            escape(label)
        );
        // Both ends on one side of the base: the longer bar first, so the
        // shorter one stays visible on top of it.
        let mut ends = [(*a, PALETTE[0]), (*b, PALETTE[1])];
        ends.sort_by(|p, q| (q.0 - base).abs().total_cmp(&(p.0 - base).abs()));
        for (v, colour) in ends {
            if !v.is_finite() {
                continue;
            }
            let (l, r) = (x(v.min(base)), x(v.max(base)));
            let _ = write!(
                out,
                r##"<rect x="{l:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" fill="{colour}"/>"##,
                (r - l).max(0.5),
                row_h - 8.0
            );
        }
    }
    let _ = write!(
        out,
        r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{bottom:.1}" stroke="black"/><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle">{} (all inputs at base: {})</text>"##,
        x(base),
        top - 4.0,
        x(base),
        (x0 + x1) / 2.0,
        bottom + 30.0,
        escape(unit),
        number(base)
    );
    let _ = write!(
        out,
        r##"<rect x="{:.1}" y="{:.1}" width="12" height="12" fill="{}"/><text x="{:.1}" y="{:.1}" font-size="11">input at its 10th percentile</text><rect x="{:.1}" y="{:.1}" width="12" height="12" fill="{}"/><text x="{:.1}" y="{:.1}" font-size="11">at its 90th</text>"##,
        x0,
        bottom + 40.0,
        PALETTE[0],
        x0 + 16.0,
        bottom + 50.0,
        x0 + 200.0,
        bottom + 40.0,
        PALETTE[1],
        x0 + 216.0,
        bottom + 50.0
    );
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(ticks(0.0, 10.0), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        let t = ticks(13.2, 15.9);
        assert!(t[0] <= 13.2 && *t.last().unwrap() >= 15.9, "{t:?}");
        assert_eq!(number(1_500_000.0), "1.5M");
        assert_eq!(number(2.5), "2.5");
    }

    #[test]
    fn charts_are_well_formed_svg() {
        let b = bars("t", "u", &[("a".into(), 1.0, Some(0.1)), ("b<".into(), -2.0, None)]);
        assert!(b.starts_with("<svg") && b.ends_with("</svg>") && b.contains("b&lt;"));
        let l = lines(
            "t",
            "x",
            "y",
            &[Series {
                name: "s".into(),
                colour: 0,
                points: vec![(0.0, 1.0), (1.0, 2.0)],
                band: Some(vec![(0.5, 1.5), (1.5, 2.5)]),
            }],
            true,
        );
        assert!(l.contains("fill-opacity") && l.ends_with("</svg>"));
    }

    #[test]
    fn tornado_labels_get_room_and_short_bars_stay_on_top() {
        let label = "Wenzhou intelligent-manufacturing award granted".to_string();
        let t = tornado(
            "t",
            "NPV",
            100.0,
            &[(label.clone(), 80.0, 130.0), ("overrun".into(), 99.0, 60.0)],
        );
        // The label ends 8 px left of the plot, which starts after 47 x 7 + 20 px.
        assert!(
            t.contains(&format!(r#"<text x="{:.1}""#, 47.0 * 7.0 + 20.0 - 8.0)),
            "{t}"
        );
        // On one side of the base: the long bar (to 60) is drawn before the short one (to 99).
        let row = &t[t.find(">overrun<").unwrap()..];
        assert!(row.find(PALETTE[1]).unwrap() < row.find(PALETTE[0]).unwrap(), "{row}");
    }
}
