//! Writing results: standard output in each format, and report directories whose files
//! are each written atomically (a temporary file renamed into place), so a
//! killed run never leaves a half-written file.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use zhizao_core::experiment::Analysis;
use zhizao_core::report::{self, charts};

use super::args::Format;

/// Writes through a temporary file in the same directory and renames it.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().context("a file name is needed")?.to_string_lossy();
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("moving the result to {}", path.display()))?;
    Ok(())
}

/// A report directory being filled.
pub struct ReportDir<'a> {
    dir: &'a Path,
    pub written: Vec<String>,
}

impl<'a> ReportDir<'a> {
    pub fn create(dir: &'a Path) -> anyhow::Result<ReportDir<'a>> {
        if dir.is_file() {
            anyhow::bail!("--out {} is a file; it takes a directory for the report", dir.display());
        }
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(ReportDir {
            dir,
            written: Vec::new(),
        })
    }

    pub fn write(&mut self, name: &str, text: &str) -> anyhow::Result<()> {
        write_atomically(&self.dir.join(name), text.as_bytes())?;
        self.written.push(name.to_string());
        Ok(())
    }
}

/// Standard output was closed when the program started.
static STDOUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Notes whether standard output was closed when the program started. The
/// Rust runtime opens /dev/null, read-write, in place of a closed standard
/// descriptor before `main`, so writes vanish without a word; a shell's
/// `> /dev/null` opens it write-only. Linux shows both in /proc.
pub fn check_stdout() {
    #[cfg(target_os = "linux")]
    {
        let dev_null = std::fs::read_link("/proc/self/fd/1").is_ok_and(|p| p == Path::new("/dev/null"));
        let read_write = std::fs::read_to_string("/proc/self/fdinfo/1").is_ok_and(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("flags:"))
                .and_then(|f| u32::from_str_radix(f.trim(), 8).ok())
                .is_some_and(|flags| flags & 0o3 == 0o2)
        });
        STDOUT_CLOSED.store(dev_null && read_write, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Writes to standard output. A reader that went away (`| head`) ends
/// the output quietly, as any Unix tool does; any other failure (a full
/// disk, a closed standard output) is an error, so lost results never pass
/// as success.
pub fn print_stdout(text: &str) -> anyhow::Result<()> {
    if STDOUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed) {
        anyhow::bail!("standard output is closed: the results have nowhere to go");
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("writing the results to standard output")
        }
        _ => Ok(()),
    }
}

/// A line on standard error (notes, warnings, errors). A closed or full
/// standard error cannot be told about itself: the line is dropped rather
/// than ending the program.
pub fn note(line: impl std::fmt::Display) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Pretty JSON with a final newline.
pub fn json_text(value: &serde_json::Value) -> anyhow::Result<String> {
    Ok(serde_json::to_string_pretty(value).context("encoding JSON")? + "\n")
}

/// Prints an analysis in the chosen format: `table` as given, or the JSON
/// or CSV of the analysis. Caveats go to standard error when the table,
/// which shows them, is not printed.
pub fn emit(format: Format, table: &str, analysis: &Analysis) -> anyhow::Result<()> {
    let text = match format {
        Format::Table => table.to_string(),
        Format::Json => json_text(&report::to_json(analysis))?,
        Format::Csv => report::to_csv(analysis).context("encoding CSV")?,
    };
    print_stdout(&text)?;
    if !matches!(format, Format::Table) {
        for w in &analysis.warnings {
            note(format_args!("note: {w}"));
        }
    }
    Ok(())
}

/// With `--out DIR`: the results in every format, the charts, `extra` files
/// (SVGs among them join the charts) and one HTML page, each file written
/// atomically. `kind` names the command in the page's introduction.
pub fn write_report(
    out: Option<&Path>,
    analysis: &Analysis,
    kind: &str,
    table: String,
    extra: Vec<(String, String)>,
) -> anyhow::Result<()> {
    let Some(dir) = out else { return Ok(()) };
    let mut out = ReportDir::create(dir)?;
    out.write("results.json", &json_text(&report::to_json(analysis))?)?;
    out.write("results.csv", &report::to_csv(analysis).context("encoding CSV")?)?;
    out.write("report.txt", &table)?;
    let mut all = charts::analysis_charts(analysis);
    for (name, text) in extra {
        match name.strip_suffix(".svg") {
            Some(stem) => all.push(charts::Chart {
                title: stem.replace('_', " "),
                file: name,
                svg: text,
            }),
            None => out.write(&name, &text)?,
        }
    }
    for c in &all {
        out.write(&c.file, &c.svg)?;
    }
    let intro = format!(
        "zhizao {kind} of \"{}\": {} replication(s) per variant, seed {}.",
        analysis.scenario, analysis.settings.replications, analysis.settings.seed
    );
    let html = report::html::page(&analysis.scenario, &intro, &[("Results", table)], &all);
    out.write("report.html", &html)?;
    note(format_args!(
        "wrote {} files to {}: {}",
        out.written.len(),
        dir.display(),
        out.written.join(", ")
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_writes_replace_whole_files_and_leave_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = ReportDir::create(dir.path()).unwrap();
        out.write("a.txt", "first version, longer than the second").unwrap();
        out.write("a.txt", "second").unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join("a.txt")).unwrap(), "second");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn a_file_is_not_a_report_directory() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("results.json");
        std::fs::write(&file, "{}").unwrap();
        let e = ReportDir::create(&file).err().expect("refused");
        assert!(e.to_string().contains("takes a directory"), "{e}");
    }
}
