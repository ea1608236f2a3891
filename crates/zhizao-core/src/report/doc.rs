//! A report as blocks (headings, text, tables), built once and shown two
//! ways: as terminal text that fits a given width, and as HTML with real
//! tables. Widths are display widths: a Chinese character takes two
//! columns, so Chinese names keep columns aligned.
//!
//! A table too wide for the terminal first wraps its long text columns to
//! a readable width, then leaves out its least needed columns (each table
//! says which, and the text says what was left out), then wraps text
//! narrower; numbers are never cut.

use std::fmt::Write;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::svg::escape;
use crate::lang::Lang;

/// Columns between two table columns.
const GAP: usize = 2;
/// A text column is not wrapped narrower than this.
const MIN_TEXT: usize = 10;
/// Text columns wrap down to this width before other columns are left out.
const COMFORTABLE_TEXT: usize = 24;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Names and words: left-aligned, wrapped when the table is too wide.
    Left,
    /// Numbers: right-aligned, never wrapped while the table can be narrowed otherwise.
    Right,
}

#[derive(Clone, Debug)]
struct Column {
    header: String,
    align: Align,
    /// 0: always shown; otherwise left out when too wide, highest first.
    drop: u8,
}

/// A table: columns, then rows of cells (as many as columns).
#[derive(Clone, Debug, Default)]
pub struct Table {
    indent: usize,
    columns: Vec<Column>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new() -> Self {
        Self::default()
    }

    /// Every line starts with `n` spaces.
    pub fn indent(mut self, n: usize) -> Self {
        self.indent = n;
        self
    }

    /// A left-aligned text column.
    pub fn text(mut self, header: impl Into<String>) -> Self {
        self.columns.push(Column {
            header: header.into(),
            align: Align::Left,
            drop: 0,
        });
        self
    }

    /// A right-aligned number column.
    pub fn number(mut self, header: impl Into<String>) -> Self {
        self.columns.push(Column {
            header: header.into(),
            align: Align::Right,
            drop: 0,
        });
        self
    }

    /// The last column may be left out on a narrow terminal; those of
    /// higher `rank` go first.
    pub fn optional(mut self, rank: u8) -> Self {
        if let Some(c) = self.columns.last_mut() {
            c.drop = rank;
        }
        self
    }

    pub fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.columns.len(), "a cell per column");
        self.rows.push(cells);
    }

    /// Header and cells of column `c`, top to bottom.
    fn cells(&self, c: usize) -> impl Iterator<Item = &str> {
        std::iter::once(self.columns[c].header.as_str()).chain(self.rows.iter().map(move |r| r[c].as_str()))
    }

    fn natural(&self, c: usize) -> usize {
        self.cells(c).flat_map(str::lines).map(|l| l.width()).max().unwrap_or(0)
    }

    /// The narrowest column `c` can be: numbers keep their width (their
    /// header may wrap between words), text wraps down to [`MIN_TEXT`]
    /// (or its longest word, if shorter).
    fn least(&self, c: usize) -> usize {
        let n = self.natural(c);
        match self.columns[c].align {
            Align::Right => {
                let cells = self
                    .rows
                    .iter()
                    .flat_map(|r| r[c].lines())
                    .map(|l| l.width())
                    .max()
                    .unwrap_or(0);
                let word = self.columns[c]
                    .header
                    .split_whitespace()
                    .map(|w| w.width())
                    .max()
                    .unwrap_or(0);
                cells.max(word)
            }
            Align::Left => n.min(MIN_TEXT.max(self.longest_word(c).min(MIN_TEXT))),
        }
    }

    fn longest_word(&self, c: usize) -> usize {
        self.cells(c)
            .flat_map(str::split_whitespace)
            .map(|w| w.width())
            .max()
            .unwrap_or(0)
    }

    /// The columns shown at `width` and how wide each is.
    fn layout(&self, width: Option<usize>) -> (Vec<usize>, Vec<usize>) {
        let mut shown: Vec<usize> = (0..self.columns.len()).collect();
        let total = |cols: &[usize], w: &dyn Fn(usize) -> usize| {
            self.indent + cols.iter().map(|&c| w(c)).sum::<usize>() + GAP * cols.len().saturating_sub(1)
        };
        loop {
            let natural: Vec<usize> = shown.iter().map(|&c| self.natural(c)).collect();
            let Some(width) = width else { return (shown, natural) };
            if total(&shown, &|c| self.natural(c)) <= width {
                return (shown, natural);
            }
            // Long text (placements, explanations) wraps to a readable
            // width before any column is left out.
            let comfortable: Vec<usize> = shown
                .iter()
                .map(|&c| match self.columns[c].align {
                    Align::Left => self.natural(c).min(COMFORTABLE_TEXT),
                    Align::Right => self.least(c),
                })
                .collect();
            let room = width.saturating_sub(total(&shown, &|_| 0));
            if comfortable.iter().sum::<usize>() <= room {
                let numbers: Vec<bool> = shown.iter().map(|&c| self.columns[c].align == Align::Right).collect();
                return (shown, fill(room, &natural, &comfortable, &numbers));
            }
            let droppable = shown
                .iter()
                .enumerate()
                .filter(|(_, c)| self.columns[**c].drop > 0)
                .max_by_key(|(i, c)| (self.columns[**c].drop, *i));
            if let Some((i, _)) = droppable {
                shown.remove(i);
                continue;
            }
            let least: Vec<usize> = shown.iter().map(|&c| self.least(c)).collect();
            let numbers: Vec<bool> = shown.iter().map(|&c| self.columns[c].align == Align::Right).collect();
            if least.iter().sum::<usize>() <= room {
                return (shown, fill(room, &natural, &least, &numbers));
            }
            // Too narrow even so: every column wraps, words broken.
            let n = shown.len();
            return (shown, fill(room, &natural, &vec![1; n], &numbers));
        }
    }

    fn text_into(&self, out: &mut String, width: Option<usize>, lang: Lang) {
        let (shown, widths) = self.layout(width);
        let pad = " ".repeat(self.indent);
        let header: Vec<&str> = shown.iter().map(|&c| self.columns[c].header.as_str()).collect();
        for row in std::iter::once(header).chain(
            self.rows
                .iter()
                .map(|r| shown.iter().map(|&c| r[c].as_str()).collect::<Vec<_>>()),
        ) {
            let wrapped: Vec<Vec<String>> = row.iter().zip(&widths).map(|(cell, &w)| wrap(cell, w)).collect();
            let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1);
            for k in 0..lines {
                let mut line = pad.clone();
                for (i, (cell, &w)) in wrapped.iter().zip(&widths).enumerate() {
                    let part = cell.get(k).map(String::as_str).unwrap_or("");
                    let room = w.saturating_sub(part.width());
                    if i > 0 {
                        line.push_str(&" ".repeat(GAP));
                    }
                    match self.columns[shown[i]].align {
                        Align::Left => {
                            line.push_str(part);
                            line.push_str(&" ".repeat(room));
                        }
                        Align::Right => {
                            line.push_str(&" ".repeat(room));
                            line.push_str(part);
                        }
                    }
                }
                out.push_str(line.trim_end());
                out.push('\n');
            }
        }
        let left_out: Vec<&str> = (0..self.columns.len())
            .filter(|c| !shown.contains(c))
            .map(|c| self.columns[c].header.as_str())
            .collect();
        if !left_out.is_empty()
            && let Some(w) = width
        {
            let left_out: Vec<String> = left_out.iter().map(|s| s.to_string()).collect();
            let note = lang.fmt(
                "({0} left out to fit {1} columns; a wider terminal or --width shows them)",
                [&lang.list(&left_out), &w],
            );
            paragraph(out, &note, w);
        }
    }

    fn html_into(&self, out: &mut String) {
        let class = |a: Align| match a {
            Align::Left => "",
            Align::Right => " class=\"n\"",
        };
        // Many columns: smaller type, so the table fits an A4 page.
        out.push_str(if self.columns.len() > 9 {
            "<table class=\"wide\">\n<thead><tr>"
        } else {
            "<table>\n<thead><tr>"
        });
        for c in &self.columns {
            // A parameter's path (`stations.cnc_drilling.buffer`) breaks
            // after a dot or an underscore when the column is narrow.
            let header = cell_html(&c.header).replace('_', "_<wbr>").replace('.', ".<wbr>");
            let _ = write!(out, "<th{}>{header}</th>", class(c.align));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for r in &self.rows {
            out.push_str("<tr>");
            for (c, cell) in self.columns.iter().zip(r) {
                // A narrow column wraps before "±", never between it and
                // the half-width.
                let html = match c.align {
                    Align::Right => cell_html(cell).replace(" ± ", " ±\u{a0}"),
                    // Names break after an underscore, not inside a word.
                    Align::Left => cell_html(cell).replace('_', "_<wbr>"),
                };
                let _ = write!(out, "<td{}>{html}</td>", class(c.align));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody></table>\n");
    }
}

/// Widths for columns of `natural` width in `room`, none below its
/// `least`: first the number columns are capped at one common width (their
/// headers wrap), then, if that is not enough, every column.
fn fill(room: usize, natural: &[usize], least: &[usize], numbers: &[bool]) -> Vec<usize> {
    let widths = |cap: usize, all: bool| -> Vec<usize> {
        natural
            .iter()
            .zip(least)
            .zip(numbers)
            .map(|((&n, &l), &num)| if all || num { n.min(cap).max(l) } else { n })
            .collect()
    };
    let top = natural.iter().copied().max().unwrap_or(0);
    let fits = |w: &Vec<usize>| w.iter().sum::<usize>() <= room;
    (1..=top)
        .rev()
        .map(|cap| widths(cap, false))
        .find(fits)
        .or_else(|| (1..=top).rev().map(|cap| widths(cap, true)).find(fits))
        .unwrap_or_else(|| widths(1, true))
}

/// `cell`'s lines at `width`: words kept whole where they fit (a hyphen
/// is not a place to break one that fits), a parameter's path
/// (`stations.cnc_drilling.buffer`) broken after a dot or an underscore.
fn wrap(cell: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for line in cell.lines() {
        if line.width() <= width {
            out.push(line.to_string());
        } else if !line.contains(' ') && line.contains(['.', '_']) {
            out.extend(wrap_path(line, width));
        } else {
            let options = textwrap::Options::new(width).word_splitter(textwrap::WordSplitter::NoHyphenation);
            out.extend(textwrap::wrap(line, options).into_iter().map(|l| l.into_owned()));
        }
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

/// `path`'s pieces (each up to and including a dot or an underscore)
/// packed into lines of `width`; a piece wider than that is cut where the
/// line is full.
fn wrap_path(path: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for piece in path.split_inclusive(['.', '_']) {
        let line = lines.last_mut().expect("one line at least");
        if line.width() + piece.width() > width && !line.is_empty() && piece.width() <= width {
            lines.push(String::new());
        }
        for c in piece.chars() {
            let line = lines.last_mut().expect("one line at least");
            if line.width() + c.width().unwrap_or(0) > width && !line.is_empty() {
                lines.push(String::new());
            }
            lines.last_mut().expect("one line at least").push(c);
        }
    }
    lines
}

fn cell_html(text: &str) -> String {
    escape(text).replace('\n', "<br>")
}

/// `text` wrapped to `width`, continuation lines indented like the first.
fn paragraph(out: &mut String, text: &str, width: usize) {
    for line in text.lines() {
        if line.width() <= width {
            out.push_str(line.trim_end());
            out.push('\n');
            continue;
        }
        let indent: String = line.chars().take_while(|c| *c == ' ').collect();
        let options = textwrap::Options::new(width).subsequent_indent(&indent);
        for l in textwrap::wrap(line, options) {
            out.push_str(l.trim_end());
            out.push('\n');
        }
    }
}

/// One block of a report.
#[derive(Clone, Debug)]
pub enum Block {
    /// A part of a report (a level above the headings).
    Section(String),
    /// A section's title and what its numbers are (shown after it, in brackets).
    Heading {
        title: String,
        detail: String,
    },
    /// A line or paragraph of text.
    Text(String),
    /// An explanation under a table: smaller in HTML.
    Note(String),
    Table(Table),
    /// Text kept exactly as it is (already laid out).
    Pre(String),
    /// An empty line (text only).
    Blank,
}

/// A report: blocks in order, and the language of the words it adds itself.
#[derive(Clone, Debug, Default)]
pub struct Doc {
    pub blocks: Vec<Block>,
    pub lang: Lang,
}

impl Doc {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn in_lang(lang: Lang) -> Self {
        Doc {
            blocks: Vec::new(),
            lang,
        }
    }

    /// A part of the report, after an empty line.
    pub fn section(&mut self, title: impl Into<String>) {
        self.blocks.push(Block::Blank);
        self.blocks.push(Block::Section(title.into()));
    }

    /// A section title, after an empty line; `detail` says what the numbers are.
    pub fn heading(&mut self, title: impl Into<String>, detail: impl Into<String>) {
        self.blocks.push(Block::Blank);
        self.blocks.push(Block::Heading {
            title: title.into(),
            detail: detail.into(),
        });
    }

    pub fn text(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Text(text.into()));
    }

    pub fn note(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Note(text.into()));
    }

    pub fn table(&mut self, table: Table) {
        self.blocks.push(Block::Table(table));
    }

    pub fn pre(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Pre(text.into()));
    }

    pub fn blank(&mut self) {
        self.blocks.push(Block::Blank);
    }

    pub fn append(&mut self, other: Doc) {
        self.blocks.extend(other.blocks);
    }

    /// Terminal text; with `width`, no line is wider (display columns)
    /// except a single word or number that alone is wider.
    pub fn render(&self, width: Option<usize>) -> String {
        let mut out = String::new();
        let para = |out: &mut String, t: &str| match width {
            Some(w) => paragraph(out, t, w),
            None => {
                for line in t.lines() {
                    out.push_str(line.trim_end());
                    out.push('\n');
                }
            }
        };
        for b in &self.blocks {
            match b {
                Block::Heading { title, detail } if detail.is_empty() => para(&mut out, title),
                Block::Heading { title, detail } => para(
                    &mut out,
                    &match self.lang {
                        Lang::En => format!("{title} ({detail})"),
                        Lang::Zh => format!("{title}（{detail}）"),
                    },
                ),
                Block::Text(t) | Block::Note(t) => para(&mut out, t),
                Block::Section(t) => {
                    para(&mut out, t);
                    out.push_str(&"=".repeat(t.width().min(width.unwrap_or(usize::MAX))));
                    out.push('\n');
                }
                Block::Table(t) => t.text_into(&mut out, width, self.lang),
                Block::Pre(t) => {
                    out.push_str(t);
                    if !t.is_empty() && !t.ends_with('\n') {
                        out.push('\n');
                    }
                }
                Block::Blank => out.push('\n'),
            }
        }
        out
    }

    /// The blocks as HTML: headings, paragraphs and real tables.
    pub fn html(&self) -> String {
        let mut out = String::new();
        for b in &self.blocks {
            match b {
                Block::Heading { title, detail } => {
                    let _ = writeln!(out, "<h3>{}</h3>", escape(title));
                    if !detail.is_empty() {
                        let _ = writeln!(out, "<p class=\"detail\">{}</p>", escape(detail));
                    }
                }
                Block::Section(t) => {
                    let _ = writeln!(out, "<h2 class=\"section\">{}</h2>", escape(t));
                }
                Block::Text(t) => {
                    let _ = writeln!(out, "<p>{}</p>", cell_html(t.trim()));
                }
                Block::Note(t) => {
                    let _ = writeln!(out, "<p class=\"note\">{}</p>", cell_html(t.trim()));
                }
                Block::Table(t) => t.html_into(&mut out),
                Block::Pre(t) if t.trim().is_empty() => {}
                Block::Pre(t) => {
                    let _ = writeln!(out, "<pre>{}</pre>", escape(t.trim_end()));
                }
                Block::Blank => {}
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widest(text: &str) -> usize {
        text.lines().map(|l| l.width()).max().unwrap_or(0)
    }

    fn sample() -> Table {
        let mut t = Table::new()
            .text("station")
            .number("output/h")
            .number("OEE")
            .optional(1)
            .text("note")
            .optional(2);
        t.row(vec![
            "数控车削".into(),
            "12.50".into(),
            "83.3%".into(),
            "the bottleneck most of the time".into(),
        ]);
        t.row(vec!["deburring".into(), "9.00".into(), "70.0%".into(), "-".into()]);
        t
    }

    #[test]
    fn chinese_names_keep_columns_aligned() {
        let mut d = Doc::new();
        d.table(sample());
        let text = d.render(None);
        let lines: Vec<&str> = text.lines().collect();
        // "output/h" ends in the same display column on every line.
        let end = |l: &str, s: &str| l[..l.find(s).unwrap() + s.len()].width();
        assert_eq!(end(lines[0], "output/h"), end(lines[1], "12.50"), "{text}");
        assert_eq!(end(lines[1], "12.50"), end(lines[2], "9.00"), "{text}");
        assert_eq!(
            lines[1].width(),
            lines[0].width() + "the bottleneck most of the time".len() - 4
        );
    }

    #[test]
    fn a_narrow_terminal_leaves_out_optional_columns_then_wraps_text() {
        let mut d = Doc::new();
        d.table(sample());
        let full = d.render(None);
        assert_eq!(widest(&full), 9 + 2 + 8 + 2 + 5 + 2 + 31);
        // 44 columns: the note column (rank 2) goes first, then fits.
        let narrow = d.render(Some(44));
        assert!(widest(&narrow) <= 44, "{narrow}");
        assert!(!narrow.contains("bottleneck most"), "{narrow}");
        assert!(narrow.contains("83.3%") && narrow.contains("(note left out to fit 44 columns"));
        // 24 columns: both optional columns out.
        let tight = d.render(Some(24));
        assert!(widest(&tight) <= 24, "{tight}");
        assert!(!tight.contains("83.3%") && tight.contains("12.50"), "{tight}");
    }

    #[test]
    fn text_columns_wrap_before_numbers_do() {
        let mut t = Table::new().text("KPI").number("value");
        t.row(vec![
            "Electricity cost a year (at the tariff) [RMB/yr]".into(),
            "173,644 ± 137.2".into(),
        ]);
        let mut d = Doc::new();
        d.table(t);
        let text = d.render(Some(40));
        assert!(widest(&text) <= 40, "{text}");
        assert!(text.contains("173,644 ± 137.2"), "the number is whole: {text}");
        assert!(text.lines().count() >= 3, "the label wraps: {text}");
    }

    #[test]
    fn headers_wrap_between_words_and_paths_after_dots_and_underscores() {
        assert_eq!(wrap("per operator-h", 13), ["per", "operator-h"]);
        assert_eq!(wrap("Employees (full-time)", 16), ["Employees", "(full-time)"]);
        assert_eq!(
            wrap("stations.cnc_drilling.buffer", 24),
            ["stations.cnc_drilling.", "buffer"]
        );
        assert_eq!(wrap("agv_racks", 6), ["agv_", "racks"]);
        // A piece wider than the column is cut where the line is full.
        assert_eq!(wrap("auto_cutting", 6), ["auto_c", "utting"]);
        assert_eq!(wrap("template_sewing", 6), ["templa", "te_", "sewing"]);
    }

    #[test]
    fn prose_wraps_with_its_indent_and_html_has_real_tables() {
        let mut d = Doc::new();
        d.heading(
            "Money",
            "yearly figures from the simulated year; NPV over 5 years at 8.0%",
        );
        d.text("  a long line of words that goes well past the width of a narrow terminal window");
        d.table(sample());
        let text = d.render(Some(30));
        assert!(widest(&text) <= 30, "{text}");
        assert!(
            text.lines().any(|l| l.starts_with("  ") && l.contains("past")),
            "{text}"
        );
        let html = d.html();
        assert!(html.contains("<h3>Money</h3>"));
        assert!(html.contains("<th class=\"n\">output/h</th>"));
        // A parameter's path in a header may break after a dot or an underscore.
        let mut t = Table::new().text("stations.cnc_drilling.buffer".to_string());
        t.row(vec!["2".to_string()]);
        let mut p = Doc::new();
        p.table(t);
        assert!(
            p.html()
                .contains("<th>stations.<wbr>cnc_<wbr>drilling.<wbr>buffer</th>"),
            "{}",
            p.html()
        );
        assert!(html.contains("<td>数控车削</td><td class=\"n\">12.50</td>"), "{html}");
        assert!(!html.contains("left out"), "HTML shows every column");
    }
}
