//! `zhizao fit` (a distribution for measured times) and `zhizao
//! fit-failures` (time to failure and repair from a downtime log): the
//! reading of the planner's file, over `zhizao_core::fit`.

use std::path::PathBuf;

use serde_json::json;
use zhizao_core::fit::failures::{self, Interval, State};
use zhizao_core::fit::{self, Choice, Options, duration_text};
use zhizao_core::time::parse_duration;

use super::args::{FitArgs, FitFailuresArgs, Format};
use super::data::{self, Cell};
use super::exit::Failure;
use super::output::{json_text, note, print_stdout, write_atomically};

/// Seconds in one `--unit`.
fn unit_secs(unit: &str) -> Result<f64, Failure> {
    parse_duration(&format!("1{unit}"))
        .ok()
        .filter(|s| *s > 0.0)
        .ok_or_else(|| Failure::usage(format!("--unit {unit}: write ms, s, min, h, d or w")))
}

/// A number for a table: fixed decimals, no negative zero.
fn fixed(x: f64, decimals: usize) -> String {
    zhizao_core::format::fixed(x, decimals)
}

pub fn fit(a: FitArgs) -> Result<(), Failure> {
    let unit = unit_secs(&a.unit)?;
    let table = data::read(&a.data, a.sheet.as_deref())?;
    let col = table.column_or_first(a.column.as_deref(), "times", |c| match c {
        Cell::Number(_) | Cell::Serial { .. } => true,
        Cell::Text(t) => parse_duration(t).is_ok(),
        _ => false,
    })?;
    let column_name = table
        .header
        .get(col)
        .filter(|h| !h.is_empty())
        .cloned()
        .unwrap_or_else(|| data::letters(col));
    let xs = table.durations(col, unit)?;
    let report = fit::fit(
        &xs,
        Options {
            bootstrap: a.bootstrap,
            seed: a.seed,
        },
    )
    .map_err(|e| Failure::usage(format!("{}, column {column_name}: {e}", table.source)))?;
    let line = format!("time: {}", report.ron());
    let best_aic = report.fits.iter().map(|f| f.aic).fold(f64::INFINITY, f64::min);
    let chosen = match report.choice {
        Choice::Family(i) => Some(i),
        Choice::Empirical => None,
    };
    let chart = a.chart.clone().unwrap_or_else(|| {
        let stem = a
            .data
            .file_stem()
            .map_or("data".into(), |s| s.to_string_lossy().into_owned());
        PathBuf::from(format!("{stem}-{}-fit.svg", column_name.replace(['/', '\\', ' '], "_")))
    });
    match a.format {
        Format::Json => {
            let fits: Vec<serde_json::Value> = report
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
                        "delta_aic": f.aic - best_aic,
                        "anderson_darling": f.ad,
                        "p_value": f.p_value,
                        "rejected": f.rejected(),
                        "ron": f.fit.ron(),
                        "recommended": chosen == Some(i),
                    })
                })
                .collect();
            print_stdout(&json_text(&json!({
                "source": table.source,
                "column": column_name,
                "n": report.n,
                "mean_s": report.mean,
                "sd_s": report.sd,
                "min_s": report.min,
                "max_s": report.max,
                "bootstrap": a.bootstrap,
                "seed": a.seed,
                "fits": fits,
                "recommended": line,
            }))?)?;
        }
        Format::Table | Format::Csv => {
            let mut out = String::new();
            if matches!(a.format, Format::Table) {
                // At most 80 columns (the source line aside, which is as
                // long as the file's path).
                out.push_str(&format!(
                    "{}, column {column_name}\n{} times, mean {}, sd {}, from {} to {}\n",
                    table.source,
                    report.n,
                    duration_text(report.mean),
                    duration_text(report.sd),
                    duration_text(report.min),
                    duration_text(report.max)
                ));
                out.push_str(&if a.bootstrap > 0 {
                    format!(
                        "Ranked by AIC, those the bootstrap rejects (p < 5%, x) last;\np from {} parametric bootstrap samples (seed {}).\n\n",
                        a.bootstrap, a.seed
                    )
                } else {
                    "Ranked by AIC (no bootstrap: no p-values).\n\n".to_string()
                });
                out.push_str(&format!(
                    "{:>2}  {:<14} {:<30} {:>8} {:>7} {:>7} {:>5}\n",
                    "#", "family", "parameters", "AIC", "dAIC", "A2", "p"
                ));
                for (i, f) in report.fits.iter().enumerate() {
                    let mark = if chosen == Some(i) {
                        "*"
                    } else if f.rejected() {
                        "x"
                    } else {
                        " "
                    };
                    out.push_str(&format!(
                        "{:>2}{mark} {:<14} {:<30} {:>8} {:>7} {:>7} {:>5}\n",
                        i + 1,
                        short_name(f.fit.family()),
                        f.fit.describe(),
                        fixed(f.aic, 1),
                        fixed(f.aic - best_aic, 1),
                        fixed(f.ad, 2),
                        f.p_value.map_or("-".into(), |p| fixed(p, 3)),
                    ));
                }
                out.push_str(&match chosen {
                    Some(_) => format!(
                        "\n* recommended: the simplest family within {} AIC units of the best\n  that the bootstrap does not reject. For the scenario:\n  {line}\n",
                        fit::AIC_TIE
                    ),
                    None => format!(
                        "\nNo family fits (every one rejected): the times themselves, resampled.\nFor the scenario:\n  {line}\n"
                    ),
                });
            } else {
                out.push_str(
                    "rank,family,parameters,mean_s,aic,delta_aic,anderson_darling,p_value,rejected,recommended,ron\n",
                );
                for (i, f) in report.fits.iter().enumerate() {
                    let ron = f.fit.ron().unwrap_or_default().replace('"', "\"\"");
                    out.push_str(&format!(
                        "{},{},\"{}\",{},{},{},{},{},{},{},\"{ron}\"\n",
                        i + 1,
                        f.fit.family().name(),
                        f.fit.describe(),
                        f.fit.mean(),
                        f.aic,
                        f.aic - best_aic,
                        f.ad,
                        f.p_value.map_or(String::new(), |p| p.to_string()),
                        f.rejected(),
                        chosen == Some(i),
                    ));
                }
            }
            print_stdout(&out)?;
        }
    }
    write_atomically(&chart, fit::pp_qq_svg(&report, 3).as_bytes())?;
    note(format_args!("wrote the P-P and Q-Q plots to {}", chart.display()));
    Ok(())
}

/// A family's name for an 80-column table.
fn short_name(f: fit::Family) -> &'static str {
    match f {
        fit::Family::Normal => "normal, >= 0",
        other => other.name(),
    }
}

/// State words of a downtime log, in English and Chinese.
const UP: [&str; 8] = ["up", "run", "running", "ok", "production", "运行", "正常", "生产"];
const DOWN: [&str; 9] = [
    "down",
    "failure",
    "fault",
    "breakdown",
    "repair",
    "故障",
    "停机",
    "维修",
    "报警",
];
const OFF: [&str; 6] = ["off", "idle", "planned", "休息", "停班", "计划停机"];

pub fn fit_failures(a: FitFailuresArgs) -> Result<(), Failure> {
    let unit = unit_secs(&a.unit)?;
    let table = data::read(&a.log, a.sheet.as_deref())?;
    let need = |names: &[&str], what: &str| {
        table.find(names).ok_or_else(|| {
            Failure::usage(format!(
                "{}: no {what} column; name it one of {} (columns: {})",
                table.source,
                names.join(", "),
                table.header.join(", ")
            ))
        })
    };
    let start = need(&["start", "from", "begin", "start_time", "开始", "开始时间"], "start")?;
    let end = need(&["end", "to", "finish", "end_time", "结束", "结束时间"], "end")?;
    let state = need(&["state", "status", "event", "状态"], "state")?;
    let machine = table.find(&["machine", "station", "equipment", "machine_id", "设备", "机器", "机台"]);
    let mut log = Vec::new();
    for (row, cells) in &table.rows {
        let name = machine
            .and_then(|m| cells.get(m))
            .map(|c| match c {
                Cell::Text(t) => t.clone(),
                Cell::Number(x) => x.to_string(),
                _ => String::new(),
            })
            .unwrap_or_default();
        if let Some(only) = &a.machine
            && &name != only
        {
            continue;
        }
        let word = match cells.get(state) {
            Some(Cell::Text(t)) => t.to_lowercase(),
            _ => String::new(),
        };
        let s = if UP.contains(&word.as_str()) {
            State::Up
        } else if DOWN.contains(&word.as_str()) {
            State::Down
        } else if OFF.contains(&word.as_str()) {
            continue;
        } else {
            return Err(Failure::usage(format!(
                "{}: state \"{word}\": write one of {} (running), {} (broken down) or {} (not scheduled)",
                table.at(*row, state),
                UP.join("/"),
                DOWN.join("/"),
                OFF.join("/")
            )));
        };
        log.push(Interval {
            machine: name,
            start: table.moment(*row, cells, start, unit)?,
            end: table.moment(*row, cells, end, unit)?,
            state: s,
            row: *row,
        });
    }
    if let Some(m) = &a.machine
        && log.is_empty()
    {
        return Err(Failure::usage(format!("{}: no rows of machine \"{m}\"", table.source)));
    }
    let report = failures::fit_log(&log).map_err(|e| Failure::usage(format!("{}: {e}", table.source)))?;
    let mut machines: Vec<&str> = log.iter().map(|i| i.machine.as_str()).collect();
    machines.sort_unstable();
    machines.dedup();
    let (lo, hi) = report.mtbf_interval;
    let mtbf = report.ttf.durations.total() / report.ttf.durations.observed.len() as f64;
    let estimates = |f: &failures::Fitted| -> Vec<serde_json::Value> {
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
    };
    let line = report.ron();
    if let Format::Json = a.format {
        print_stdout(&json_text(&json!({
            "source": table.source,
            "machines": machines,
            "time_to_failure": {
                "observed": report.ttf.durations.observed.len(),
                "censored": report.ttf.durations.censored.len(),
                "up_hours": report.ttf.durations.total() / 3600.0,
                "mtbf_hours": mtbf / 3600.0,
                "mtbf_95_hours": [lo / 3600.0, hi / 3600.0],
                "naive_mean_hours": report.ttf.naive_mean / 3600.0,
                "estimates": estimates(&report.ttf),
            },
            "time_to_repair": report.ttr.as_ref().map(|r| json!({
                "observed": r.durations.observed.len(),
                "censored": r.durations.censored.len(),
                "naive_mean_hours": r.naive_mean / 3600.0,
                "estimates": estimates(r),
            })),
            "recommended": line,
        }))?)?;
        return Ok(());
    }
    let d = &report.ttf.durations;
    let mut out = format!(
        "{}: {} intervals of {} machine(s): {}\n\nTime to failure: {} failures observed, {} running intervals cut by a shift or the log's end (censored), {} running in all\n",
        table.source,
        log.len(),
        machines.len(),
        machines.join(", "),
        d.observed.len(),
        d.censored.len(),
        duration_text(d.total())
    );
    out.push_str(&format!(
        "  MTBF, censoring counted        {:<10} 95% [{}, {}]\n",
        duration_text(mtbf),
        duration_text(lo),
        duration_text(hi)
    ));
    out.push_str(&format!(
        "  mean of observed failures only {:<10} ignores the censored intervals: too short\n",
        duration_text(report.ttf.naive_mean)
    ));
    let describe = |f: &failures::Fitted, out: &mut String| {
        for (i, e) in f.estimates.iter().enumerate() {
            out.push_str(&format!(
                "  {} {:<12} {:<36} AIC {}\n",
                if i == 0 { "*" } else { " " },
                e.fit.family().name(),
                e.fit.describe(),
                fixed(e.aic, 1)
            ));
        }
    };
    describe(&report.ttf, &mut out);
    match &report.ttr {
        Some(r) => {
            out.push_str(&format!(
                "\nTime to repair: {} repairs observed, {} cut by a shift end (censored); mean of observed repairs {}\n",
                r.durations.observed.len(),
                r.durations.censored.len(),
                duration_text(r.naive_mean)
            ));
            describe(r, &mut out);
        }
        None => out.push_str("\nTime to repair: no repair observed\n"),
    }
    out.push_str(&format!(
        "\n* chosen by AIC (the exponential unless another is better by more than 2).\nFor the station (failures counted on running time, as the log measures it):\n  {line}\n"
    ));
    print_stdout(&out)?;
    Ok(())
}
