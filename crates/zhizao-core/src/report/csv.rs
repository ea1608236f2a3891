//! CSV: one row per (variant, line or station, KPI), for spreadsheets.

use super::line_verdict;
use crate::economics::{FIGURES, PAYBACKS, RISKS};
use crate::experiment::Analysis;
use crate::indicators::INDICATORS;
use crate::kpi::{LINE_KPIS, STATION_KPIS};

fn cell(x: f64) -> String {
    if x.is_finite() { format!("{x}") } else { String::new() }
}

fn opt(x: Option<f64>) -> String {
    x.map(cell).unwrap_or_default()
}

/// Tornado bars as CSV, one row per (variant, input), widest first.
pub fn tornado_csv(tornados: &[crate::tornado::Tornado]) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "variant",
        "key",
        "label",
        "low",
        "base",
        "high",
        "npv_low_rmb",
        "npv_high_rmb",
        "swing_rmb",
        "payback_low_years",
        "payback_high_years",
    ])?;
    for t in tornados {
        for b in &t.bars {
            w.write_record([
                t.variant.clone(),
                b.key.clone(),
                b.label.clone(),
                cell(b.low),
                cell(b.base),
                cell(b.high),
                cell(b.npv.0),
                cell(b.npv.1),
                cell(b.swing()),
                opt(b.payback.0),
                opt(b.payback.1),
            ])?;
        }
    }
    let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8"))
}

/// The analysis as CSV text with a header row.
pub fn to_csv(a: &Analysis) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "variant",
        "scope",
        "station",
        "kpi",
        "mean",
        "half_width",
        "n",
        "diff_mean",
        "diff_half_width",
        "relative_pct",
        "significant",
        "verdict",
    ])?;
    for v in &a.variants {
        for (k, (d, s)) in LINE_KPIS.iter().zip(&v.kpis).enumerate() {
            let mut row = vec![
                v.name.clone(),
                "line".into(),
                String::new(),
                d.key.into(),
                cell(s.mean),
                opt(s.half_width),
                s.n.to_string(),
            ];
            match &v.vs_baseline {
                Some(diffs) => {
                    let x = &diffs[k];
                    row.extend([
                        cell(x.diff_mean),
                        opt(x.diff_half_width),
                        cell(x.relative_pct),
                        x.significant.to_string(),
                        line_verdict(v, k).into(),
                    ]);
                }
                None => row.extend(std::iter::repeat_n(String::new(), 5)),
            }
            w.write_record(&row)?;
        }
        if let Some(f) = &v.finance {
            let blank = || std::iter::repeat_n(String::new(), 5);
            for ((key, _), s) in FIGURES.iter().zip(f.figures()) {
                let mut row = vec![
                    v.name.clone(),
                    "finance".into(),
                    String::new(),
                    (*key).into(),
                    cell(s.mean),
                    opt(s.half_width),
                    s.n.to_string(),
                ];
                row.extend(blank());
                w.write_record(&row)?;
            }
            for ((key, _), p) in PAYBACKS.iter().zip(f.paybacks()) {
                for (suffix, x) in [("", p.estimate), ("_low", p.low), ("_high", p.high)] {
                    let mut row = vec![
                        v.name.clone(),
                        "finance".into(),
                        String::new(),
                        format!("{key}{suffix}"),
                        opt(x),
                        String::new(),
                        f.npv_rmb.n.to_string(),
                    ];
                    row.extend(blank());
                    w.write_record(&row)?;
                }
            }
            // The spread over replications: a statement in itself, no interval.
            for ((key, _), x) in RISKS.iter().zip(f.risk.figures()) {
                let mut row = vec![
                    v.name.clone(),
                    "finance".into(),
                    String::new(),
                    (*key).into(),
                    cell(x),
                    String::new(),
                    f.npv_rmb.n.to_string(),
                ];
                row.extend(blank());
                w.write_record(&row)?;
            }
        }
        for (d, x) in INDICATORS.iter().zip(&v.indicators) {
            let mut row = vec![
                v.name.clone(),
                "indicator".into(),
                String::new(),
                d.key.into(),
                cell(*x),
            ];
            row.extend(std::iter::repeat_n(String::new(), 7));
            w.write_record(&row)?;
        }
        for st in &v.stations {
            for (d, s) in STATION_KPIS.iter().zip(&st.kpis) {
                let mut row = vec![
                    v.name.clone(),
                    "station".into(),
                    st.name.clone(),
                    d.key.into(),
                    cell(s.mean),
                    opt(s.half_width),
                    s.n.to_string(),
                ];
                row.extend(std::iter::repeat_n(String::new(), 5));
                w.write_record(&row)?;
            }
        }
    }
    let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8"))
}
