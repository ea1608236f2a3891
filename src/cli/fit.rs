//! `zhizao fit` (a distribution for measured times) and `zhizao
//! fit-failures` (time to failure and repair from a downtime log): the
//! reading of the planner's file, over `zhizao_core::fit`.

use std::path::PathBuf;

use zhizao_core::fit::failures::{self, Interval, State};
use zhizao_core::fit::{self, Options};
use zhizao_core::report;
use zhizao_core::time::parse_duration;

use super::args::{FitArgs, FitFailuresArgs, Format};
use super::data::{self, Cell};
use super::exit::Failure;
use super::output::{json_text, print_stdout, say, write_atomically};

/// Seconds in one `--unit`.
fn unit_secs(unit: &str) -> Result<f64, Failure> {
    parse_duration(&format!("1{unit}"))
        .ok()
        .filter(|s| *s > 0.0)
        .ok_or_else(|| Failure::usage(format!("--unit {unit}: write ms, s, min, h, d or w")))
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
    let chart = a.chart.clone().unwrap_or_else(|| {
        let stem = a
            .data
            .file_stem()
            .map_or("data".into(), |s| s.to_string_lossy().into_owned());
        PathBuf::from(format!("{stem}-{}-fit.svg", column_name.replace(['/', '\\', ' '], "_")))
    });
    print_stdout(&match a.format {
        Format::Json => json_text(&report::fit_json(&report, &table.source, &column_name))?,
        Format::Csv => report::fit_csv(&report),
        Format::Table => report::fit_table(&report, &table.source, &column_name),
    })?;
    write_atomically(&chart, fit::pp_qq_svg(&report, 3).as_bytes())?;
    say(format_args!("wrote the P-P and Q-Q plots to {}", chart.display()));
    Ok(())
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
    print_stdout(&match a.format {
        Format::Json => json_text(&report::failures_json(&report, &table.source, &machines))?,
        Format::Table | Format::Csv => report::failures_table(&report, &table.source, &machines, log.len()),
    })?;
    Ok(())
}
