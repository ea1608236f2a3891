//! The charts of a report, drawn from an [`Analysis`]: KPIs with confidence
//! intervals per variant, output over time, station states, the payback
//! curve, and a sweep's curve.

use super::svg::{self, Series};
use crate::experiment::{Analysis, VariantAnalysis};
use crate::kpi::{self, LINE_KPIS};
use crate::lang::Lang;
use crate::sim::{STATES, State};
use crate::stats::Summary;

/// One chart: its file name in a report directory, and the SVG text.
#[derive(Clone, Debug)]
pub struct Chart {
    pub file: String,
    pub title: String,
    pub svg: String,
}

/// The headline KPIs, one bar chart each, side by side in one SVG.
fn kpi_panels(a: &Analysis, lang: Lang) -> String {
    let panels: Vec<String> = [kpi::THROUGHPUT, kpi::LABOUR_PRODUCTIVITY, kpi::FLOW_TIME, kpi::OEE]
        .iter()
        .map(|&k| {
            let d = &LINE_KPIS[k];
            let scale = if d.unit.is_empty() { 100.0 } else { 1.0 };
            let bars: Vec<(String, f64, Option<f64>)> = a
                .variants
                .iter()
                .map(|v| {
                    (
                        lang.variant_name(&v.name, v.label.as_deref()),
                        scale * v.kpis[k].mean,
                        v.kpis[k].half_width.map(|h| scale * h),
                    )
                })
                .collect();
            let unit = if d.unit.is_empty() { "%" } else { lang.tr(d.unit) };
            svg::bars(lang.tr(d.label), unit, &bars)
        })
        .collect();
    let w: f64 = panels.iter().map(|p| width(p)).fold(0.0, f64::max);
    let mut out = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{:.0}" height="640" viewBox="0 0 {:.0} 640">"##,
        2.0 * w,
        2.0 * w
    );
    for (i, p) in panels.iter().enumerate() {
        let (x, y) = ((i % 2) as f64 * w, (i / 2) as f64 * 320.0);
        out.push_str(&p.replacen("<svg ", &format!(r#"<svg x="{x:.0}" y="{y:.0}" "#), 1));
    }
    out.push_str("</svg>");
    out
}

/// The width attribute of an SVG made by [`svg`].
fn width(svg: &str) -> f64 {
    attribute(svg, "width").unwrap_or(600.0)
}

/// The height attribute of an SVG made by [`svg`].
fn height(svg: &str) -> f64 {
    attribute(svg, "height").unwrap_or(360.0)
}

/// The first numeric attribute `name` of an SVG.
fn attribute(svg: &str, name: &str) -> Option<f64> {
    svg.split(&format!(" {name}=\""))
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|s| s.parse().ok())
}

/// Charts with a key under each that shows one of the short names, saying
/// what the name stands for ("option_1 = drill_robot + deburr_robot"), so
/// a chart read on its own still names what it compares.
pub fn with_key(charts: Vec<Chart>, key: &[(String, String)]) -> Vec<Chart> {
    charts
        .into_iter()
        .map(|mut c| {
            let shown: Vec<&(String, String)> = key.iter().filter(|(name, _)| c.svg.contains(name.as_str())).collect();
            if !shown.is_empty() {
                c.svg = keyed(&c.svg, &shown);
            }
            c
        })
        .collect()
}

fn keyed(svg: &str, key: &[&(String, String)]) -> String {
    let (w, h) = (width(svg), height(svg));
    let grown = h + 8.0 + 16.0 * key.len() as f64;
    let mut out = svg
        .replacen(&format!("height=\"{h:.0}\""), &format!("height=\"{grown:.0}\""), 1)
        .replacen(
            &format!("viewBox=\"0 0 {w:.0} {h:.0}\""),
            &format!("viewBox=\"0 0 {w:.0} {grown:.0}\""),
            1,
        );
    let end = out.rfind("</svg>").unwrap_or(out.len());
    let mut lines = format!(
        r##"<rect x="0" y="{h:.0}" width="{w:.0}" height="{:.0}" fill="white"/>"##,
        grown - h
    );
    for (i, (name, meaning)) in key.iter().enumerate() {
        lines.push_str(&format!(
            r##"<text x="12" y="{:.0}" font-size="11" font-family="sans-serif">{} = {}</text>"##,
            h + 16.0 * (i + 1) as f64,
            svg::escape(name),
            svg::escape(meaning)
        ));
    }
    out.insert_str(end, &lines);
    out
}

/// Good output per bucket over the whole run (warm-up included), mean over
/// replications with its 95% band.
fn output_over_time(a: &Analysis, lang: Lang) -> Option<String> {
    let first = a.variants.first()?.replications.first()?;
    let bucket = first.series_bucket_hours;
    let weekly = bucket >= 168.0 - 1e-9;
    let (per, x_label) = if weekly {
        (168.0, lang.tr("simulated time [weeks]"))
    } else {
        (1.0, lang.tr("simulated time [hours]"))
    };
    let series: Vec<Series> = a
        .variants
        .iter()
        .enumerate()
        .map(|(colour, v)| {
            let len = v.replications.iter().map(|r| r.series_good.len()).min().unwrap_or(0);
            let sums: Vec<Summary> = (0..len)
                .map(|i| {
                    Summary::of(
                        &v.replications
                            .iter()
                            .map(|r| r.series_good[i] as f64 / bucket * per)
                            .collect::<Vec<_>>(),
                    )
                })
                .collect();
            let x = |i: usize| (i as f64 + 0.5) * bucket / per;
            Series {
                name: lang.variant_name(&v.name, v.label.as_deref()),
                colour,
                points: sums.iter().enumerate().map(|(i, s)| (x(i), s.mean)).collect(),
                band: Some(
                    sums.iter()
                        .map(|s| {
                            let h = s.half_width.unwrap_or(0.0);
                            (s.mean - h, s.mean + h)
                        })
                        .collect(),
                ),
            }
        })
        .collect();
    let y = if weekly {
        lang.tr("good units per week")
    } else {
        lang.tr("good units per hour")
    };
    Some(svg::lines(
        lang.tr("Good output over time (mean and 95% band; the warm-up is included)"),
        x_label,
        y,
        &series,
        false,
    ))
}

/// Share of time in each state, per station and variant.
fn station_states(a: &Analysis, lang: Lang) -> String {
    let rows: Vec<(String, Vec<f64>)> = a
        .variants
        .iter()
        .flat_map(|v| {
            v.stations.iter().map(move |s| {
                (
                    format!(
                        "{} / {}",
                        lang.variant_name(&v.name, v.label.as_deref()),
                        lang.name(&s.name, s.label.as_deref())
                    ),
                    // The on-shift states are shares of planned time: scale
                    // them to all hours so that the bar shows off shift too.
                    State::ALL
                        .iter()
                        .map(|&st| {
                            let off = s.kpis[kpi::ST_STATES + State::OffShift as usize].mean;
                            let share = s.kpis[kpi::ST_STATES + st as usize].mean;
                            if st == State::OffShift {
                                off
                            } else {
                                share * (1.0 - off)
                            }
                        })
                        .collect(),
                )
            })
        })
        .collect();
    let colours: Vec<String> = STATES.iter().map(|s| s.hex()).collect();
    let legend: Vec<(&str, &str)> = STATES
        .iter()
        .zip(&colours)
        .map(|(s, c)| (lang.tr(s.label), c.as_str()))
        .collect();
    svg::stacked(lang.tr("Station states (share of all hours)"), &rows, &legend)
}

/// Cumulative discounted cash after each year, per variant, with the band
/// from the yearly benefit's 95% interval.
fn payback_curve(a: &Analysis, lang: Lang) -> Option<String> {
    let e = a.economics.as_ref()?;
    // Money as it is read: RMB in English, 万元 in Chinese.
    let (money, unit) = match lang {
        Lang::En => (1.0, "RMB"),
        Lang::Zh => (1e-4, "万元"),
    };
    let series: Vec<Series> = a
        .variants
        .iter()
        .enumerate()
        .filter(|(_, v)| v.vs_baseline.is_some())
        .filter_map(|(colour, v): (usize, &VariantAnalysis)| {
            let f = v.finance.as_ref()?;
            let h = f.annual_benefit_rmb.half_width.unwrap_or(0.0);
            let mean = f.cash_curve(e.discount_rate, 0.0);
            // With uncertain inputs drawn, the band is the replications'
            // 10th to 90th percentile; otherwise the benefit's interval.
            let (lo, hi) = if f.risk.inputs.is_empty() {
                (f.cash_curve(e.discount_rate, -h), f.cash_curve(e.discount_rate, h))
            } else {
                let curves = f.case_curves();
                (0..mean.len())
                    .map(|y| {
                        let s = crate::economics::Spread::of(&curves.iter().map(|c| c[y]).collect::<Vec<_>>());
                        (s.p10, s.p90)
                    })
                    .unzip()
            };
            Some(Series {
                name: lang.variant_name(&v.name, v.label.as_deref()),
                colour,
                points: mean.iter().enumerate().map(|(y, c)| (y as f64, *c * money)).collect(),
                band: Some(lo.into_iter().zip(hi).map(|(l, h)| (l * money, h * money)).collect()),
            })
        })
        .collect();
    if series.is_empty() {
        return None;
    }
    Some(svg::lines(
        &lang.fmt(
            "Payback: cumulative discounted cash at {0}% (crosses 0 at the discounted payback)",
            [&format!("{:.1}", 100.0 * e.discount_rate)],
        ),
        lang.tr("years after installation"),
        unit,
        &series,
        true,
    ))
}

/// Every chart of a run or comparison.
pub fn analysis_charts(a: &Analysis, lang: Lang) -> Vec<Chart> {
    let mut out = vec![Chart {
        file: "kpis.svg".into(),
        title: lang.tr("Headline KPIs with 95% confidence intervals").into(),
        svg: kpi_panels(a, lang),
    }];
    if let Some(svg) = output_over_time(a, lang) {
        out.push(Chart {
            file: "output_over_time.svg".into(),
            title: lang.tr("Good output over time").into(),
            svg,
        });
    }
    out.push(Chart {
        file: "station_states.svg".into(),
        title: lang.tr("Station states").into(),
        svg: station_states(a, lang),
    });
    if let Some(svg) = payback_curve(a, lang) {
        out.push(Chart {
            file: "payback.svg".into(),
            title: lang.tr("Payback curve").into(),
            svg,
        });
    }
    out
}

/// A sweep's curve: `kpi` against the first param's values (numeric ones
/// on a numeric axis, others by position), one line per combination of the
/// other params. `points[i]` are the values of `a.variants[i + offset]`.
pub fn sweep_chart(
    a: &Analysis,
    offset: usize,
    labels: &[Vec<String>],
    params: &[String],
    kpi: usize,
    lang: Lang,
) -> Chart {
    let param = params[0].as_str();
    let d = &LINE_KPIS[kpi];
    let scale = if d.unit.is_empty() { 100.0 } else { 1.0 };
    let numeric: Option<Vec<f64>> = labels.iter().map(|l| l[0].parse::<f64>().ok()).collect();
    let mut groups: Vec<(String, Series)> = Vec::new();
    let mut first_values: Vec<String> = Vec::new();
    for (i, l) in labels.iter().enumerate() {
        let rest = params[1..]
            .iter()
            .zip(&l[1..])
            .map(|(p, v)| format!("{}={v}", short(p)))
            .collect::<Vec<_>>()
            .join(", ");
        if !first_values.contains(&l[0]) {
            first_values.push(l[0].clone());
        }
        let x = match &numeric {
            Some(xs) => xs[i],
            None => first_values.iter().position(|v| *v == l[0]).unwrap_or(0) as f64,
        };
        let s = &a.variants[i + offset].kpis[kpi];
        let h = s.half_width.unwrap_or(0.0);
        let pos = match groups.iter().position(|(k, _)| *k == rest) {
            Some(p) => p,
            None => {
                let colour = groups.len();
                groups.push((
                    rest.clone(),
                    Series {
                        colour,
                        name: if rest.is_empty() {
                            lang.tr(d.label).to_string()
                        } else {
                            rest.clone()
                        },
                        points: Vec::new(),
                        band: Some(Vec::new()),
                    },
                ));
                groups.len() - 1
            }
        };
        let series = &mut groups[pos].1;
        series.points.push((x, scale * s.mean));
        if let Some(b) = &mut series.band {
            b.push((scale * (s.mean - h), scale * (s.mean + h)));
        }
    }
    let series: Vec<Series> = groups.into_iter().map(|(_, s)| s).collect();
    let unit = if d.unit.is_empty() { "%" } else { lang.tr(d.unit) };
    let label = lang.tr(d.label);
    let title = lang.fmt("{0} against {1} (mean and 95% band)", [&label, &param]);
    let y_label = format!("{label} [{unit}]");
    Chart {
        file: "sweep.svg".into(),
        title: lang.fmt("{0} against {1}", [&label, &param]),
        svg: match numeric {
            Some(_) => svg::lines(&title, param, &y_label, &series, false),
            // Values that are not numbers (a calendar, a rule) stand under their points.
            None => svg::lines_named(&title, param, &y_label, &series, &first_values),
        },
    }
}

/// The last two parts of a path: "machinists.headcount".
fn short(path: &str) -> String {
    let parts: Vec<&str> = path.split('.').collect();
    parts[parts.len().saturating_sub(2)..].join(".")
}

/// A variant's tornado chart of NPV.
pub fn tornado_chart(t: &crate::tornado::Tornado, lang: Lang) -> Chart {
    let rows: Vec<(String, f64, f64)> = t.bars.iter().map(|b| (b.label.clone(), b.npv.0, b.npv.1)).collect();
    Chart {
        file: format!("tornado_{}.svg", super::file_stem(&t.variant)),
        title: lang.fmt("Sensitivity of NPV: {0}", [&t.variant]),
        svg: svg::tornado(
            &lang.fmt("What moves the NPV of \"{0}\" (one input at a time)", [&t.variant]),
            lang.tr("NPV in RMB"),
            t.base_npv,
            &rows,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_under_a_chart_names_what_its_short_names_stand_for() {
        let chart = Chart {
            file: "k.svg".into(),
            title: "k".into(),
            svg: svg::bars(
                "Output",
                "units/h",
                &[("option_1".into(), 12.0, None), ("baseline".into(), 10.0, None)],
            ),
        };
        let (w, h) = (width(&chart.svg), height(&chart.svg));
        let key = [
            ("option_1".to_string(), "drill_robot + deburr_robot".to_string()),
            ("option_9".to_string(), "not in this chart".to_string()),
        ];
        let keyed = with_key(vec![chart], &key).remove(0).svg;
        // One line for the name shown, none for the other: 8 + 16 higher.
        assert_eq!((width(&keyed), height(&keyed)), (w, h + 24.0));
        assert!(
            keyed.contains(&format!("viewBox=\"0 0 {w:.0} {:.0}\"", h + 24.0)),
            "{keyed}"
        );
        assert!(keyed.contains(">option_1 = drill_robot + deburr_robot</text>"));
        assert!(!keyed.contains("option_9"));
        assert!(keyed.ends_with("</svg>"));
    }
}
