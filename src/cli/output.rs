//! Writing results: standard output in each format, single files written
//! atomically (a temporary file renamed into place), and report directories
//! that replace the previous report whole, so a killed run never leaves a
//! half-written file or a directory of two runs' files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use anyhow::Context;
use zhizao_core::experiment::Analysis;
use zhizao_core::report::{self, Doc, charts};

use super::args::Format;

/// Writes through a temporary file in the same directory and renames it.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().context("a file name is needed")?.to_string_lossy();
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    let written = std::fs::write(&tmp, bytes)
        .with_context(|| format!("writing {}", path.display()))
        .and_then(|()| std::fs::rename(&tmp, path).with_context(|| format!("moving the result to {}", path.display())));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// The file that marks a directory as a zhizao report, which a later run
/// may replace whole.
pub const MARKER: &str = ".zhizao-report";

/// Refuses an `--out` that is a file, or a directory holding files that
/// are not a zhizao report (a report replaces the directory whole), before
/// any work is done.
pub fn check_out_dir(dir: &Path) -> anyhow::Result<()> {
    // The report is swapped in beside the directory: it needs a name of its own.
    if !matches!(dir.components().next_back(), Some(std::path::Component::Normal(_))) {
        anyhow::bail!(
            "--out {} needs a directory name of its own (not . or ..), such as report/",
            dir.display()
        );
    }
    if dir.is_file() {
        anyhow::bail!(
            "--out {} is a file; it takes a directory for the report (results.json, results.csv, charts, report.html)",
            dir.display()
        );
    }
    if dir.is_dir() && !dir.join(MARKER).exists() && std::fs::read_dir(dir)?.next().is_some() {
        anyhow::bail!(
            "--out {} holds files that are not a zhizao report; a report replaces its directory whole, so name a new or empty one",
            dir.display()
        );
    }
    Ok(())
}

/// A report directory being filled: the files go into a new directory
/// beside the target (`.NAME.zhizao-new-PID`), which replaces the target
/// in one step when the report is complete ([`ReportDir::finish`]). The
/// directory therefore always holds one run's whole report: the previous
/// one until the new one is complete. A run that fails removes its
/// unfinished directory; one that is killed leaves it, and the next run
/// into the same place clears it away.
pub struct ReportDir<'a> {
    dir: &'a Path,
    staging: PathBuf,
    finished: bool,
    pub written: Vec<String>,
}

/// `.NAME.zhizao-KIND-` for the directories beside `dir`.
fn sibling_prefix(dir: &Path, kind: &str) -> anyhow::Result<String> {
    let name = dir
        .file_name()
        .context("--out needs a directory name, such as report/")?
        .to_string_lossy();
    Ok(format!(".{name}.zhizao-{kind}-"))
}

/// The directory that holds `dir` (`.` for a bare name).
fn parent(dir: &Path) -> &Path {
    dir.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Whether the process that left a directory named with `pid` still runs
/// (elsewhere than on Linux, it is taken to run: nothing is removed).
fn still_running(pid: &str) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid).exists()
    } else {
        true
    }
}

/// Clears what killed runs left beside `dir`: an unfinished new report is
/// removed; a previous report set aside during a swap that never completed
/// is put back when `dir` itself is missing.
fn clear_leftovers(dir: &Path) -> anyhow::Result<()> {
    let (new, old) = (sibling_prefix(dir, "new")?, sibling_prefix(dir, "old")?);
    let Ok(entries) = std::fs::read_dir(parent(dir)) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((kind, pid)) = name
            .strip_prefix(&new)
            .map(|p| ("new", p))
            .or_else(|| name.strip_prefix(&old).map(|p| ("old", p)))
        else {
            continue;
        };
        if pid == std::process::id().to_string() || still_running(pid) {
            continue;
        }
        if kind == "old" && !dir.exists() {
            std::fs::rename(entry.path(), dir)
                .with_context(|| format!("restoring the previous report {}", dir.display()))?;
        } else {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    Ok(())
}

impl<'a> ReportDir<'a> {
    pub fn create(dir: &'a Path) -> anyhow::Result<ReportDir<'a>> {
        check_out_dir(dir)?;
        let parent = parent(dir);
        std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        clear_leftovers(dir)?;
        let staging = parent.join(format!("{}{}", sibling_prefix(dir, "new")?, std::process::id()));
        let _ = std::fs::remove_dir_all(&staging);
        std::fs::create_dir(&staging).with_context(|| format!("creating {}", staging.display()))?;
        Ok(ReportDir {
            dir,
            staging,
            finished: false,
            written: Vec::new(),
        })
    }

    pub fn write(&mut self, name: &str, text: &str) -> anyhow::Result<()> {
        self.write_bytes(name, text.as_bytes())
    }

    /// Writes a file of the report (a workbook, say).
    pub fn write_bytes(&mut self, name: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let path = self.staging.join(name);
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", self.dir.join(name).display()))?;
        self.written.push(name.to_string());
        Ok(())
    }

    /// Puts the complete report in place of the directory, in one step.
    pub fn finish(mut self) -> anyhow::Result<()> {
        std::fs::write(
            self.staging.join(MARKER),
            "a zhizao report: a later run replaces this directory whole\n",
        )
        .with_context(|| format!("writing {}", self.staging.display()))?;
        swap_in(&self.staging, self.dir)?;
        self.finished = true;
        Ok(())
    }
}

impl Drop for ReportDir<'_> {
    /// A report that was not finished (an error on the way) leaves nothing.
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Moves the directory `new` to `dir`. A `dir` that exists is exchanged
/// with `new` atomically where the system can (Linux), then removed; else
/// it is set aside (`.NAME.zhizao-old-PID`) for the instant of the move.
fn swap_in(new: &Path, dir: &Path) -> anyhow::Result<()> {
    if !dir.exists() {
        return std::fs::rename(new, dir).with_context(|| format!("moving the report to {}", dir.display()));
    }
    #[cfg(target_os = "linux")]
    if rustix::fs::renameat_with(
        rustix::fs::CWD,
        new,
        rustix::fs::CWD,
        dir,
        rustix::fs::RenameFlags::EXCHANGE,
    )
    .is_ok()
    {
        // `new` now holds the previous report.
        let _ = std::fs::remove_dir_all(new);
        return Ok(());
    }
    let old = parent(dir).join(format!("{}{}", sibling_prefix(dir, "old")?, std::process::id()));
    std::fs::rename(dir, &old).with_context(|| format!("setting the previous report {} aside", dir.display()))?;
    std::fs::rename(new, dir).with_context(|| format!("moving the report to {}", dir.display()))?;
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
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
/// The language of messages, set once from the command line.
static LANG: OnceLock<zhizao_core::lang::Lang> = OnceLock::new();

/// Sets the language of messages (the first call wins).
pub fn set_lang(lang: zhizao_core::lang::Lang) {
    let _ = LANG.set(lang);
}

/// The language of messages: the command's, else the locale's.
pub fn lang() -> zhizao_core::lang::Lang {
    *LANG.get_or_init(|| super::args::lang(None))
}

/// A message for the user on standard error, in the language of messages.
pub fn say(message: impl std::fmt::Display) {
    note(lang().message(&message.to_string()));
}

pub fn note(line: impl std::fmt::Display) {
    let _ = writeln!(std::io::stderr().lock(), "{}", printable(&line.to_string()));
}

/// Text with its control characters (but line breaks and tabs) written as
/// escapes: a name or a file path never acts on the terminal that shows it.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// Pretty JSON with a final newline.
pub fn json_text(value: &serde_json::Value) -> anyhow::Result<String> {
    Ok(serde_json::to_string_pretty(value).context("encoding JSON")? + "\n")
}

/// Prints an analysis in the chosen format: `table` as given, or the JSON
/// or CSV of the analysis. Caveats go to standard error when the table,
/// which shows them, is not printed.
/// The width tables are laid out for: `--width` (0: no limit), else the
/// terminal's, else (output to a file or a pipe) no limit.
pub fn table_width(asked: Option<usize>) -> Option<usize> {
    use std::io::IsTerminal;
    match asked {
        Some(0) => None,
        Some(n) => Some(n),
        None if std::io::stdout().is_terminal() => console::Term::stdout()
            .size_checked()
            .map(|(_, columns)| columns as usize),
        None => None,
    }
}

pub fn emit(format: Format, width: Option<usize>, table: &Doc, analysis: &Analysis) -> anyhow::Result<()> {
    let text = match format {
        Format::Table => table.render(table_width(width)),
        Format::Json => json_text(&report::to_json(analysis))?,
        Format::Csv => report::to_csv(analysis).context("encoding CSV")?,
    };
    print_stdout(&text)?;
    if !matches!(format, Format::Table) {
        for w in &analysis.warnings {
            say(format_args!("note: {w}"));
        }
    }
    Ok(())
}

/// With `--out DIR`: the results in every format, the charts, `extra` files
/// (SVGs among them join the charts) and one HTML page, each file written
/// atomically. `kind` names the command in the page's introduction; `page`,
/// when given, is the page's body in place of `table`.
pub fn write_report(
    out: Option<&Path>,
    analysis: &Analysis,
    kind: &'static str,
    table: Doc,
    page: Option<Doc>,
    extra: Vec<(String, String)>,
    key: &[(String, String)],
) -> anyhow::Result<()> {
    let Some(dir) = out else { return Ok(()) };
    let mut out = ReportDir::create(dir)?;
    out.write("results.json", &json_text(&report::to_json(analysis))?)?;
    let csv = report::to_csv(analysis).context("encoding CSV")?;
    out.write("results.csv", &csv)?;
    out.write_bytes("results.xlsx", &super::xlsx::results(analysis, &csv)?)?;
    out.write("report.txt", &table.render(None))?;
    let mut all = charts::analysis_charts(analysis, table.lang);
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
    let all = charts::with_key(all, key);
    for c in &all {
        out.write(&c.file, &c.svg)?;
    }
    let lang = table.lang;
    let intro = lang.fmt(
        "zhizao {0} of \"{1}\": {2} replication(s) per variant, seed {3}.",
        [
            &lang.tr(kind),
            &report::scenario_name(analysis, lang),
            &analysis.settings.replications,
            &analysis.settings.seed,
        ],
    );
    let answer = report::answer::answer(analysis, lang);
    let title = report::scenario_name(analysis, lang);
    let html = report::html::page(
        &title,
        &intro,
        Some(&answer),
        page.as_ref().unwrap_or(&table),
        &all,
        lang,
    );
    out.write("report.html", &html)?;
    let written = out.written.join(", ");
    let count = out.written.len();
    out.finish()?;
    say(format_args!("wrote {count} files to {}: {written}", dir.display()));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_report_replaces_the_previous_one_whole_and_leaves_nothing_beside_it() {
        let top = tempfile::tempdir().unwrap();
        let dir = top.path().join("report");
        let mut out = ReportDir::create(&dir).unwrap();
        out.write("a.txt", "first run").unwrap();
        out.write("old_only.svg", "first run").unwrap();
        out.finish().unwrap();
        assert_eq!(names(&dir), [MARKER, "a.txt", "old_only.svg"]);
        let mut out = ReportDir::create(&dir).unwrap();
        out.write("a.txt", "second run").unwrap();
        // Until it is finished, the directory holds the first run's report.
        assert_eq!(std::fs::read_to_string(dir.join("a.txt")).unwrap(), "first run");
        out.finish().unwrap();
        assert_eq!(names(&dir), [MARKER, "a.txt"]);
        assert_eq!(std::fs::read_to_string(dir.join("a.txt")).unwrap(), "second run");
        assert_eq!(names(top.path()), ["report"]);
    }

    #[test]
    fn an_unfinished_report_leaves_the_previous_one_and_no_trace() {
        let top = tempfile::tempdir().unwrap();
        let dir = top.path().join("report");
        let mut out = ReportDir::create(&dir).unwrap();
        out.write("a.txt", "first run").unwrap();
        out.finish().unwrap();
        let mut out = ReportDir::create(&dir).unwrap();
        out.write("a.txt", "second run").unwrap();
        drop(out); // an error on the way
        assert_eq!(std::fs::read_to_string(dir.join("a.txt")).unwrap(), "first run");
        assert_eq!(names(top.path()), ["report"]);
    }

    #[test]
    fn leftovers_of_a_killed_run_are_cleared_and_a_set_aside_report_restored() {
        let top = tempfile::tempdir().unwrap();
        let dir = top.path().join("report");
        // A run (no longer running: no process has the largest pid) was
        // killed between setting the old report aside and moving the new in.
        let old = top.path().join(".report.zhizao-old-4294967295");
        std::fs::create_dir(&old).unwrap();
        std::fs::write(old.join(MARKER), "").unwrap();
        std::fs::write(old.join("a.txt"), "first run").unwrap();
        let new = top.path().join(".report.zhizao-new-4294967295");
        std::fs::create_dir(&new).unwrap();
        std::fs::write(new.join("a.txt"), "half").unwrap();
        let out = ReportDir::create(&dir).unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("a.txt")).unwrap(), "first run");
        drop(out);
        assert_eq!(names(top.path()), ["report"]);
    }

    #[test]
    fn a_file_or_a_foreign_directory_is_not_a_report_directory() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("results.json");
        std::fs::write(&file, "{}").unwrap();
        let e = ReportDir::create(&file).err().expect("refused");
        assert!(e.to_string().contains("takes a directory"), "{e}");
        // A directory of other files would be replaced whole: refused.
        let e = ReportDir::create(dir.path()).err().expect("refused");
        assert!(e.to_string().contains("not a zhizao report"), "{e}");
        assert!(file.exists());
        // The working directory has no name to put a new report beside.
        for odd in [".", "..", "/", "a/.."] {
            let e = check_out_dir(Path::new(odd)).expect_err("refused");
            assert!(e.to_string().contains("name of its own"), "{odd}: {e}");
        }
        assert!(check_out_dir(Path::new("report/")).is_ok());
    }

    #[test]
    fn a_failed_single_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        // The target is a directory: the rename fails after the write.
        let target = dir.path().join("taken");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("x"), "").unwrap();
        assert!(write_atomically(&target, b"text").is_err());
        assert_eq!(names(dir.path()), ["taken"]);
    }
}
