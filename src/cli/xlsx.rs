//! `results.xlsx` of a report directory: a summary sheet of the line KPIs
//! of every variant with their 95% intervals and the money against the
//! baseline, with native charts of throughput and NPV, and one
//! sheet per scope of `results.csv` (line, station, pool, finance,
//! indicator) with the same rows, numbers as numbers. The workbook carries
//! a fixed creation time, so the same run writes the same bytes (a merged
//! sharded run's report equals the one-machine report).

use anyhow::Context;
use rust_xlsxwriter::{
    Chart, ChartErrorBars, ChartErrorBarsType, ChartRange, DocProperties, ExcelDateTime, Format, Workbook,
};
use zhizao_core::experiment::Analysis;
use zhizao_core::kpi::LINE_KPIS;

/// Sheet names are at most 31 characters.
fn sheet_name(s: &str) -> String {
    s.chars().take(31).collect()
}

/// The workbook's bytes.
pub fn results(analysis: &Analysis, csv_text: &str) -> anyhow::Result<Vec<u8>> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader.headers()?.iter().map(str::to_string).collect();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.map(|r| r.iter().map(str::to_string).collect()))
        .collect::<Result<_, _>>()
        .context("reading back results.csv")?;
    let scope_col = header.iter().position(|h| h == "scope").context("a scope column")?;
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title(&analysis.scenario)
            .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?),
    );
    let bold = Format::new().set_bold();
    let number = Format::new().set_num_format("#,##0.000");

    // The summary: one row per line KPI, mean and half width per variant.
    let summary = book.add_worksheet().set_name("Summary")?;
    summary.write_string_with_format(
        0,
        0,
        format!("{}: line KPIs, mean and 95% half width", analysis.scenario),
        &bold,
    )?;
    summary.write_string_with_format(1, 0, "KPI", &bold)?;
    summary.write_string_with_format(1, 1, "unit", &bold)?;
    for (v, va) in analysis.variants.iter().enumerate() {
        let c = 2 + 2 * v as u16;
        summary.write_string_with_format(1, c, &va.name, &bold)?;
        summary.write_string_with_format(1, c + 1, "+/-", &bold)?;
    }
    for (k, def) in LINE_KPIS.iter().enumerate() {
        let r = 2 + k as u32;
        summary.write_string(r, 0, def.key)?;
        summary.write_string(r, 1, def.unit)?;
        for (v, va) in analysis.variants.iter().enumerate() {
            let c = 2 + 2 * v as u16;
            let s = &va.kpis[k];
            if s.mean.is_finite() {
                summary.write_number_with_format(r, c, s.mean, &number)?;
            }
            if let Some(h) = s.half_width.filter(|h| h.is_finite()) {
                summary.write_number_with_format(r, c + 1, h, &number)?;
            }
        }
    }
    summary.set_column_width(0, 34)?;
    summary.set_column_width(1, 10)?;
    for v in 0..analysis.variants.len() {
        // Wide enough for a year's energy cost in RMB.
        summary.set_column_width(2 + 2 * v as u16, 16)?;
        summary.set_column_width(3 + 2 * v as u16, 12)?;
    }
    summary.set_freeze_panes(2, 1)?;
    // Throughput of every variant with its interval: a column chart.
    let row = 2 + LINE_KPIS
        .iter()
        .position(|d| d.key == "throughput_per_hour")
        .context("throughput KPI")? as u32;
    let names_row = 1;
    let mut chart = Chart::new_column();
    chart
        .title()
        .set_name("Throughput per planned hour, mean and 95% interval");
    for v in 0..analysis.variants.len() {
        let c = 2 + 2 * v as u16;
        let bars = ChartErrorBars::new()
            .set_type(ChartErrorBarsType::Custom(
                ChartRange::new_from_range("Summary", row, c + 1, row, c + 1),
                ChartRange::new_from_range("Summary", row, c + 1, row, c + 1),
            ))
            .clone();
        chart
            .add_series()
            .set_name(("Summary", names_row, c))
            .set_values(("Summary", row, c, row, c))
            .set_y_error_bars(&bars);
    }
    chart.y_axis().set_name("parts per hour");
    chart.x_axis().set_name("variant");
    summary.insert_chart(4 + LINE_KPIS.len() as u32, 0, &chart)?;

    // Money against the baseline: one row per figure, one column pair per
    // retrofit variant, and the NPV of each with its interval as a chart.
    let col = |name: &str| header.iter().position(|h| h == name);
    let (variant_col, kpi_col, mean_col, half_col) = (
        col("variant").context("a variant column")?,
        col("kpi").context("a kpi column")?,
        col("mean").context("a mean column")?,
        col("half_width").context("a half_width column")?,
    );
    let finance: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r.get(scope_col).map(String::as_str) == Some("finance"))
        .collect();
    if !finance.is_empty() {
        let mut variants: Vec<&str> = Vec::new();
        let mut figures: Vec<&str> = Vec::new();
        for r in &finance {
            if !variants.contains(&r[variant_col].as_str()) {
                variants.push(&r[variant_col]);
            }
            if !figures.contains(&r[kpi_col].as_str()) {
                figures.push(&r[kpi_col]);
            }
        }
        let top = 6 + LINE_KPIS.len() as u32 + 20;
        summary.write_string_with_format(top, 0, "money against the baseline: mean and 95% half width", &bold)?;
        summary.write_string_with_format(top + 1, 0, "figure", &bold)?;
        for (v, name) in variants.iter().enumerate() {
            summary.write_string_with_format(top + 1, 2 + 2 * v as u16, *name, &bold)?;
            summary.write_string_with_format(top + 1, 3 + 2 * v as u16, "+/-", &bold)?;
        }
        let mut npv_row = None;
        for (f, figure) in figures.iter().enumerate() {
            let r = top + 2 + f as u32;
            summary.write_string(r, 0, *figure)?;
            if *figure == "npv_rmb" {
                npv_row = Some(r);
            }
            for row in finance.iter().filter(|row| row[kpi_col] == *figure) {
                let v = variants.iter().position(|n| *n == row[variant_col]).unwrap_or(0) as u16;
                for (c, text) in [(2 + 2 * v, &row[mean_col]), (3 + 2 * v, &row[half_col])] {
                    if let Ok(x) = text.parse::<f64>()
                        && x.is_finite()
                    {
                        summary.write_number_with_format(r, c, x, &number)?;
                    }
                }
            }
        }
        if let Some(row) = npv_row {
            let mut chart = Chart::new_column();
            chart
                .title()
                .set_name("NPV against the baseline, mean and 95% interval");
            for v in 0..variants.len() as u16 {
                let c = 2 + 2 * v;
                let half = ChartRange::new_from_range("Summary", row, c + 1, row, c + 1);
                let bars = ChartErrorBars::new()
                    .set_type(ChartErrorBarsType::Custom(half.clone(), half))
                    .clone();
                chart
                    .add_series()
                    .set_name(("Summary", top + 1, c))
                    .set_values(("Summary", row, c, row, c))
                    .set_y_error_bars(&bars);
            }
            chart.y_axis().set_name("RMB");
            summary.insert_chart(top + 3 + figures.len() as u32, 0, &chart)?;
        }
    }

    // One sheet per scope, rows as in results.csv.
    let mut scopes: Vec<&str> = Vec::new();
    for r in &rows {
        if let Some(s) = r.get(scope_col)
            && !scopes.contains(&s.as_str())
        {
            scopes.push(s);
        }
    }
    // The line first, then narrower scopes, then money and indicators.
    let order = ["line", "station", "pool", "finance", "indicator"];
    scopes.sort_by_key(|s| order.iter().position(|o| o == s).unwrap_or(order.len()));
    for scope in scopes {
        let sheet = book.add_worksheet().set_name(sheet_name(scope))?;
        for (c, h) in header.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, h, &bold)?;
        }
        let mut r = 1u32;
        for row in rows
            .iter()
            .filter(|row| row.get(scope_col).map(String::as_str) == Some(scope))
        {
            for (c, cell) in row.iter().enumerate() {
                match cell.parse::<f64>() {
                    Ok(x) if x.is_finite() && !cell.is_empty() => sheet.write_number(r, c as u16, x)?,
                    _ if cell.is_empty() => sheet,
                    _ => sheet.write_string(r, c as u16, cell)?,
                };
            }
            r += 1;
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, r.saturating_sub(1).max(1), header.len().saturating_sub(1) as u16)?;
        sheet.set_column_width(3, 28)?;
    }
    Ok(book.save_to_buffer()?)
}
