//! A planner's own data in: time studies and downtime logs from CSV,
//! .xlsx/.xlsm/.xls or .ods, as a table of cells with the row numbers the
//! spreadsheet shows, so every message can point at a cell.
//!
//! Units are explicit: a bare number is in `--unit`; a text may carry its
//! own (`"45s"`, `"1.5min"`); a cell formatted as a time or a duration
//! (Excel's `[h]:mm:ss`, `mm:ss`; an ODS duration) is read as one whatever
//! `--unit` says; a cell holding a calendar date is refused where a
//! duration is expected, and read as a moment where one is.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
use zhizao_core::time::{days_from_civil, parse_duration};

use super::exit::{Exit, Failure};

/// One cell as read.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Number(f64),
    Text(String),
    /// An Excel date, time or duration: days since 1899-12-30 (a time of
    /// day or a duration is below 1).
    Serial {
        days: f64,
        duration: bool,
    },
    /// An ODS duration or moment in ISO 8601.
    Iso(String),
}

impl Cell {
    fn of(d: &Data) -> Cell {
        match d {
            Data::Empty | Data::Error(_) => Cell::Empty,
            Data::Int(i) => Cell::Number(*i as f64),
            Data::Float(f) => Cell::Number(*f),
            Data::Bool(b) => Cell::Text(b.to_string()),
            Data::String(s) if s.trim().is_empty() => Cell::Empty,
            Data::String(s) => Cell::Text(s.trim().to_string()),
            Data::DateTime(t) => Cell::Serial {
                days: t.as_f64(),
                duration: t.is_duration(),
            },
            Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Iso(s.clone()),
        }
    }

    fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Number(x) => x.to_string(),
            Cell::Text(s) | Cell::Iso(s) => s.clone(),
            Cell::Serial { days, .. } => days.to_string(),
        }
    }
}

/// A sheet: its header (empty when the first row holds data) and rows,
/// with the spreadsheet's row number of each.
pub struct Table {
    pub source: String,
    pub header: Vec<String>,
    pub rows: Vec<(usize, Vec<Cell>)>,
}

/// Reads `path`: CSV by its extension (or anything that is not a
/// workbook), a workbook's `sheet` (default the first).
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Table, Failure> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let cant =
        |e: &dyn std::fmt::Display| Failure::new(Exit::Failure, format!("error: cannot read {}: {e}", path.display()));
    let mut grid: Vec<Vec<Cell>> = Vec::new();
    let source = if ["xlsx", "xlsm", "xlsb", "xls", "ods"].contains(&ext.as_str()) {
        let mut book = open_workbook_auto(path).map_err(|e| cant(&e))?;
        let names = book.sheet_names();
        let name = match sheet {
            Some(s) => names.iter().find(|n| n.as_str() == s).cloned().ok_or_else(|| {
                Failure::usage(format!(
                    "{}: no sheet \"{s}\"; sheets: {}",
                    path.display(),
                    names.join(", ")
                ))
            })?,
            None => names
                .first()
                .cloned()
                .ok_or_else(|| Failure::usage(format!("{}: the workbook has no sheet", path.display())))?,
        };
        let range = book.worksheet_range(&name).map_err(|e| cant(&e))?;
        // Rows as the spreadsheet numbers them: the range may start lower.
        let (top, _) = range.start().unwrap_or((0, 0));
        for _ in 0..top {
            grid.push(Vec::new());
        }
        for row in range.rows() {
            grid.push(row.iter().map(Cell::of).collect());
        }
        format!("{} [{name}]", path.display())
    } else {
        if sheet.is_some() {
            return Err(Failure::usage(format!(
                "--sheet: {} is CSV, which has no sheets",
                path.display()
            )));
        }
        let bytes = std::fs::read(path).map_err(|e| cant(&e))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| Failure::usage(format!("{}: not UTF-8 text (save the CSV as UTF-8)", path.display())))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        for record in reader.records() {
            let record = record.map_err(|e| Failure::usage(format!("{}: {e}", path.display())))?;
            grid.push(
                record
                    .iter()
                    .map(|f| {
                        let f = f.trim();
                        if f.is_empty() {
                            Cell::Empty
                        } else if let Ok(x) = f.parse::<f64>() {
                            Cell::Number(x)
                        } else {
                            Cell::Text(f.to_string())
                        }
                    })
                    .collect(),
            );
        }
        path.display().to_string()
    };
    // The first non-empty row is a header when it holds text that is not a
    // duration.
    let first = grid.iter().position(|r| r.iter().any(|c| *c != Cell::Empty));
    let Some(first) = first else {
        return Err(Failure::usage(format!("{source}: no data")));
    };
    let is_header = grid[first]
        .iter()
        .any(|c| matches!(c, Cell::Text(t) if parse_duration(t).is_err() && parse_moment(t).is_none()));
    let header = if is_header {
        grid[first].iter().map(Cell::text).collect()
    } else {
        Vec::new()
    };
    let skip = first + usize::from(is_header);
    let rows = grid
        .into_iter()
        .enumerate()
        .skip(skip)
        .filter(|(_, r)| r.iter().any(|c| *c != Cell::Empty))
        .map(|(i, r)| (i + 1, r))
        .collect();
    Ok(Table { source, header, rows })
}

/// Spreadsheet column letters of a 0-based index: A, B, ..., Z, AA.
pub fn letters(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII")
}

impl Table {
    /// A column by header name (any case), 1-based number or letter.
    pub fn column(&self, name: &str) -> Result<usize, Failure> {
        let lower = name.trim().to_lowercase();
        if let Some(i) = self.header.iter().position(|h| h.trim().to_lowercase() == lower) {
            return Ok(i);
        }
        if let Ok(n) = lower.parse::<usize>()
            && n >= 1
        {
            return Ok(n - 1);
        }
        if !lower.is_empty() && lower.chars().all(|c| c.is_ascii_lowercase()) && lower.len() <= 3 {
            let i = lower.bytes().fold(0usize, |acc, b| acc * 26 + (b - b'a' + 1) as usize) - 1;
            return Ok(i);
        }
        Err(Failure::usage(format!(
            "{}: no column \"{name}\"; columns: {}",
            self.source,
            if self.header.is_empty() {
                "A, B, ... (no header row)".to_string()
            } else {
                self.header.join(", ")
            }
        )))
    }

    /// `column` by name, number or letter, or else the first column with a
    /// cell that `holds` accepts, for messages called `what`.
    pub fn column_or_first(
        &self,
        column: Option<&str>,
        what: &str,
        holds: impl Fn(&Cell) -> bool,
    ) -> Result<usize, Failure> {
        if let Some(c) = column {
            return self.column(c);
        }
        (0..self.rows.iter().map(|r| r.1.len()).max().unwrap_or(0))
            .find(|&c| self.rows.iter().any(|(_, r)| r.get(c).is_some_and(&holds)))
            .ok_or_else(|| {
                Failure::usage(format!(
                    "{}: no column holds {what}; name one with --column",
                    self.source
                ))
            })
    }

    /// The first column whose header is one of `names` (any case).
    pub fn find(&self, names: &[&str]) -> Option<usize> {
        self.header
            .iter()
            .position(|h| names.iter().any(|n| h.trim().to_lowercase() == *n))
    }

    /// Where a cell is, for messages: `FILE: B7`.
    pub fn at(&self, row: usize, col: usize) -> String {
        format!("{}: {}{row}", self.source, letters(col))
    }

    /// The durations of a column in seconds, bare numbers in `unit_secs`;
    /// empty cells are skipped.
    pub fn durations(&self, col: usize, unit_secs: f64) -> Result<Vec<f64>, Failure> {
        let mut out = Vec::new();
        for (row, cells) in &self.rows {
            let at = || self.at(*row, col);
            let v = match cells.get(col).unwrap_or(&Cell::Empty) {
                Cell::Empty => continue,
                Cell::Number(x) => x * unit_secs,
                Cell::Text(t) => match t.parse::<f64>() {
                    Ok(x) => x * unit_secs,
                    Err(_) => parse_duration(t).map_err(|e| Failure::usage(format!("{}: \"{t}\": {e}", at())))?,
                },
                Cell::Serial { days, duration } => {
                    if *days >= 1.0 && !duration {
                        return Err(Failure::usage(format!(
                            "{}: holds a date ({days:.3} days since 1899-12-30), not a duration; format the column as a number or [h]:mm:ss",
                            at()
                        )));
                    }
                    (days * 86_400_000.0).round() / 1000.0
                }
                Cell::Iso(s) => {
                    iso_duration(s).ok_or_else(|| Failure::usage(format!("{}: \"{s}\" is not a duration", at())))?
                }
            };
            if !v.is_finite() {
                return Err(Failure::usage(format!("{}: not a finite time", at())));
            }
            out.push(v);
        }
        Ok(out)
    }

    /// The moments of a column in seconds since 1970-01-01: dates with a
    /// time (`2026-03-02 08:00`, ISO `T`, spreadsheet date cells), or bare
    /// numbers in `unit_secs` from any origin.
    pub fn moment(&self, row: usize, cells: &[Cell], col: usize, unit_secs: f64) -> Result<f64, Failure> {
        let at = || self.at(row, col);
        match cells.get(col).unwrap_or(&Cell::Empty) {
            Cell::Empty => Err(Failure::usage(format!("{}: empty; a moment is needed", at()))),
            Cell::Number(x) => Ok(x * unit_secs),
            // To the millisecond, the precision a spreadsheet keeps.
            Cell::Serial { days, .. } => Ok(((days - 25_569.0) * 86_400_000.0).round() / 1000.0),
            Cell::Text(t) | Cell::Iso(t) => parse_moment(t)
                .or_else(|| t.parse::<f64>().ok().map(|x| x * unit_secs))
                .ok_or_else(|| {
                    Failure::usage(format!(
                        "{}: \"{t}\" is not a moment; write 2026-03-02 08:00 or a number of --unit",
                        at()
                    ))
                }),
        }
    }
}

/// The numbers of a column (`column` by name, number or letter; default
/// the first that holds numbers); empty cells are skipped.
pub fn numbers(table: &Table, column: Option<&str>) -> Result<Vec<f64>, Failure> {
    let col = match column {
        Some(c) => table.column(c)?,
        None => (0..table.rows.iter().map(|r| r.1.len()).max().unwrap_or(0))
            .find(|&c| {
                table
                    .rows
                    .iter()
                    .any(|(_, r)| matches!(r.get(c), Some(Cell::Number(_))))
            })
            .ok_or_else(|| {
                Failure::usage(format!(
                    "{}: no column holds numbers; name one with --column",
                    table.source
                ))
            })?,
    };
    let mut out = Vec::new();
    for (row, cells) in &table.rows {
        match cells.get(col).unwrap_or(&Cell::Empty) {
            Cell::Empty => {}
            Cell::Number(x) if x.is_finite() => out.push(*x),
            other => {
                return Err(Failure::usage(format!(
                    "{}: \"{}\" is not a number",
                    table.at(*row, col),
                    other.text()
                )));
            }
        }
    }
    Ok(out)
}

/// `YYYY-MM-DD HH:MM[:SS]` (or with `T`), seconds since 1970-01-01.
pub fn parse_moment(text: &str) -> Option<f64> {
    let t = text.trim();
    let (date, clock) = t.split_once(['T', ' '])?;
    let mut d = date.split('-');
    let (y, m, day) = (
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
    );
    if d.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    let clock = clock.trim().trim_end_matches('Z');
    let mut c = clock.split(':');
    let h: f64 = c.next()?.parse().ok()?;
    let min: f64 = c.next()?.parse().ok()?;
    let s: f64 = c.next().map_or(Some(0.0), |s| s.parse().ok())?;
    if c.next().is_some() || !(0.0..24.0).contains(&h) || !(0.0..60.0).contains(&min) || !(0.0..61.0).contains(&s) {
        return None;
    }
    Some(days_from_civil(y, m, day) as f64 * 86_400.0 + h * 3600.0 + min * 60.0 + s)
}

/// An ISO 8601 duration such as `PT1H30M` or `PT00H01M30.5S`, seconds.
fn iso_duration(text: &str) -> Option<f64> {
    let t = text.trim().strip_prefix("PT")?;
    let mut total = 0.0;
    let mut number = String::new();
    for ch in t.chars() {
        match ch {
            '0'..='9' | '.' => number.push(ch),
            'H' | 'M' | 'S' => {
                let v: f64 = number.parse().ok()?;
                total += v * match ch {
                    'H' => 3600.0,
                    'M' => 60.0,
                    _ => 1.0,
                };
                number.clear();
            }
            _ => return None,
        }
    }
    number.is_empty().then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_durations_and_letters() {
        assert_eq!(parse_moment("1970-01-02 01:00"), Some(90_000.0));
        assert_eq!(parse_moment("2026-03-02T08:00:30"), parse_moment("2026-03-02 08:00:30"));
        assert_eq!(parse_moment("2026-13-02 08:00"), None);
        assert_eq!(parse_moment("45s"), None);
        assert_eq!(iso_duration("PT00H01M30S"), Some(90.0));
        assert_eq!(iso_duration("PT1H"), Some(3600.0));
        assert_eq!(iso_duration("P1D"), None);
        assert_eq!(letters(0), "A");
        assert_eq!(letters(25), "Z");
        assert_eq!(letters(26), "AA");
        assert_eq!(letters(27), "AB");
    }
}
