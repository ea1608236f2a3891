//! `zhizao fit` and `zhizao fit-failures` for people (tables of at most 80
//! columns below the source line) and programs (JSON, CSV).

use std::fmt::Write;

use serde_json::{Value, json};

use crate::fit::failures::{self, Fitted as Estimated};
use crate::fit::{AIC_TIE, Choice, Family, Report, duration_text};
use crate::format::fixed;

/// A family's name for an 80-column table.
fn short_name(f: Family) -> &'static str {
    match f {
        Family::Normal => "normal, >= 0",
        other => other.name(),
    }
}

fn chosen(r: &Report) -> Option<usize> {
    match r.choice {
        Choice::Family(i) => Some(i),
        Choice::Empirical => None,
    }
}

fn best_aic(r: &Report) -> f64 {
    r.fits.iter().map(|f| f.aic).fold(f64::INFINITY, f64::min)
}

/// The ranking of the families fitted to `column` of `source`, and the
/// line for the scenario.
pub fn fit_table(r: &Report, source: &str, column: &str) -> String {
    let (best, chosen) = (best_aic(r), chosen(r));
    let mut out = String::new();
    let _ = writeln!(out, "{source}, column {column}");
    let _ = writeln!(
        out,
        "{} times, mean {}, sd {}, from {} to {}",
        r.n,
        duration_text(r.mean),
        duration_text(r.sd),
        duration_text(r.min),
        duration_text(r.max)
    );
    if r.options.bootstrap > 0 {
        let _ = writeln!(
            out,
            "Ranked by AIC, those the bootstrap rejects (p < 5%, x) last;\np from {} parametric bootstrap samples (seed {}).\n",
            r.options.bootstrap, r.options.seed
        );
    } else {
        let _ = writeln!(out, "Ranked by AIC (no bootstrap: no p-values).\n");
    }
    let _ = writeln!(
        out,
        "{:>2}  {:<14} {:<30} {:>8} {:>7} {:>7} {:>5}",
        "#", "family", "parameters", "AIC", "dAIC", "A2", "p"
    );
    for (i, f) in r.fits.iter().enumerate() {
        let mark = if chosen == Some(i) {
            "*"
        } else if f.rejected() {
            "x"
        } else {
            " "
        };
        let _ = writeln!(
            out,
            "{:>2}{mark} {:<14} {:<30} {:>8} {:>7} {:>7} {:>5}",
            i + 1,
            short_name(f.fit.family()),
            f.fit.describe(),
            fixed(f.aic, 1),
            fixed(f.aic - best, 1),
            fixed(f.ad, 2),
            f.p_value.map_or("-".into(), |p| fixed(p, 3)),
        );
    }
    let line = r.ron();
    match chosen {
        Some(_) => {
            let _ = writeln!(
                out,
                "\n* recommended: the simplest family within {AIC_TIE} AIC units of the best\n  that the bootstrap does not reject. For the scenario:\n  time: {line}"
            );
        }
        None => {
            let _ = writeln!(
                out,
                "\nNo family fits (every one rejected): the times themselves, resampled.\nFor the scenario:\n  time: {line}"
            );
        }
    }
    out
}

/// The ranking as CSV, one row per family.
pub fn fit_csv(r: &Report) -> String {
    let (best, chosen) = (best_aic(r), chosen(r));
    let mut out =
        String::from("rank,family,parameters,mean_s,aic,delta_aic,anderson_darling,p_value,rejected,recommended,ron\n");
    for (i, f) in r.fits.iter().enumerate() {
        let ron = f.fit.ron().unwrap_or_default().replace('"', "\"\"");
        let _ = writeln!(
            out,
            "{},{},\"{}\",{},{},{},{},{},{},{},\"{ron}\"",
            i + 1,
            f.fit.family().name(),
            f.fit.describe(),
            f.fit.mean(),
            f.aic,
            f.aic - best,
            f.ad,
            f.p_value.map_or(String::new(), |p| p.to_string()),
            f.rejected(),
            chosen == Some(i),
        );
    }
    out
}

/// The ranking as JSON.
pub fn fit_json(r: &Report, source: &str, column: &str) -> Value {
    let (best, chosen) = (best_aic(r), chosen(r));
    let fits: Vec<Value> = r
        .fits
        .iter()
        .enumerate()
        .map(|(i, f)| {
            json!({
                "rank": i + 1,
                "family": f.fit.family().name(),
                "parameters": f.fit.describe(),
                "mean_s": f.fit.mean(),
                "log_likelihood": f.log_likelihood,
                "aic": f.aic,
                "delta_aic": f.aic - best,
                "anderson_darling": f.ad,
                "p_value": f.p_value,
                "rejected": f.rejected(),
                "ron": f.fit.ron(),
                "recommended": chosen == Some(i),
            })
        })
        .collect();
    json!({
        "source": source,
        "column": column,
        "n": r.n,
        "mean_s": r.mean,
        "sd_s": r.sd,
        "min_s": r.min,
        "max_s": r.max,
        "bootstrap": r.options.bootstrap,
        "seed": r.options.seed,
        "fits": fits,
        "recommended": format!("time: {}", r.ron()),
    })
}

fn estimates_json(f: &Estimated) -> Vec<Value> {
    f.estimates
        .iter()
        .map(|e| {
            json!({
                "family": e.fit.family().name(),
                "parameters": e.fit.describe(),
                "mean_s": e.fit.mean(),
                "aic": e.aic,
                "ron": e.fit.ron(),
            })
        })
        .collect()
}

/// Time to failure and repair from a log of `intervals` rows of `machines`.
pub fn failures_json(r: &failures::Report, source: &str, machines: &[&str]) -> Value {
    let (lo, hi) = r.mtbf_interval;
    json!({
        "source": source,
        "machines": machines,
        "time_to_failure": {
            "observed": r.ttf.durations.observed.len(),
            "censored": r.ttf.durations.censored.len(),
            "up_hours": r.ttf.durations.total() / 3600.0,
            "mtbf_hours": r.mtbf() / 3600.0,
            "mtbf_95_hours": [lo / 3600.0, hi / 3600.0],
            "naive_mean_hours": r.ttf.naive_mean / 3600.0,
            "estimates": estimates_json(&r.ttf),
        },
        "time_to_repair": r.ttr.as_ref().map(|t| json!({
            "observed": t.durations.observed.len(),
            "censored": t.durations.censored.len(),
            "naive_mean_hours": t.naive_mean / 3600.0,
            "estimates": estimates_json(t),
        })),
        "recommended": r.ron(),
    })
}

fn estimates_table(f: &Estimated, out: &mut String) {
    for (i, e) in f.estimates.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {} {:<12} {:<36} AIC {}",
            if i == 0 { "*" } else { " " },
            e.fit.family().name(),
            e.fit.describe(),
            fixed(e.aic, 1)
        );
    }
}

/// The same for people.
pub fn failures_table(r: &failures::Report, source: &str, machines: &[&str], intervals: usize) -> String {
    let d = &r.ttf.durations;
    let (lo, hi) = r.mtbf_interval;
    let mut out = format!(
        "{source}: {intervals} intervals of {} machine(s): {}\n\nTime to failure: {} failures observed, {} running intervals cut by a shift or the log's end (censored), {} running in all\n",
        machines.len(),
        machines.join(", "),
        d.observed.len(),
        d.censored.len(),
        duration_text(d.total())
    );
    let _ = writeln!(
        out,
        "  MTBF, censoring counted        {:<10} 95% [{}, {}]",
        duration_text(r.mtbf()),
        duration_text(lo),
        duration_text(hi)
    );
    let _ = writeln!(
        out,
        "  mean of observed failures only {:<10} ignores the censored intervals: too short",
        duration_text(r.ttf.naive_mean)
    );
    estimates_table(&r.ttf, &mut out);
    match &r.ttr {
        Some(t) => {
            let _ = writeln!(
                out,
                "\nTime to repair: {} repairs observed, {} cut by a shift end (censored); mean of observed repairs {}",
                t.durations.observed.len(),
                t.durations.censored.len(),
                duration_text(t.naive_mean)
            );
            estimates_table(t, &mut out);
        }
        None => out.push_str("\nTime to repair: no repair observed\n"),
    }
    let _ = writeln!(
        out,
        "\n* chosen by AIC (the exponential unless another is better by more than 2).\nFor the station (failures counted on running time, as the log measures it):\n  {}",
        r.ron()
    );
    out
}
