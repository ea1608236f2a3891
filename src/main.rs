//! The `zhizao` command line: a thin layer over the library.
//!
//! Exit codes: 0 success; 1 a file could not be read or written (or another
//! failure outside the scenario); 2 the scenario or the command line is
//! wrong (every problem is listed), including a line that deadlocks.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};

use zhizao::experiment::{self, Settings};
use zhizao::report;
use zhizao::scenario::{Scenario, ScenarioError};
use zhizao::time::{parse_duration, secs_to_ticks};

#[derive(Parser)]
#[command(
    name = "zhizao",
    version,
    about = "Production-line simulator: a line before and after an intelligent-manufacturing retrofit"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Simulate one variant (the baseline unless --variant) and report its KPIs.
    Run {
        /// Scenario file (RON).
        file: PathBuf,
        /// Variant to run; "baseline" is the line as it is.
        #[arg(long, default_value = "baseline")]
        variant: String,
        #[command(flatten)]
        opts: RunOpts,
    },
    /// Simulate the baseline and every variant, and compare each with the baseline.
    Compare {
        /// Scenario file (RON).
        file: PathBuf,
        #[command(flatten)]
        opts: RunOpts,
    },
    /// Check a scenario file and list every problem.
    Validate {
        /// Scenario file (RON).
        file: PathBuf,
    },
}

#[derive(Args)]
struct RunOpts {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write the output to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Number of replications (overrides the scenario).
    #[arg(long)]
    replications: Option<u32>,
    /// Random seed (overrides the scenario).
    #[arg(long)]
    seed: Option<u64>,
    /// Warm-up duration, e.g. "1w" (overrides the scenario).
    #[arg(long)]
    warmup: Option<String>,
    /// Measured run length, e.g. "52w" (overrides the scenario).
    #[arg(long)]
    run: Option<String>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    threads: Option<usize>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
    Csv,
}

/// A failure with its exit code.
struct Failure {
    code: u8,
    message: String,
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure {
            code: 1,
            message: format!("error: {e:#}"),
        }
    }
}

fn usage(message: String) -> Failure {
    Failure {
        code: 2,
        message: format!("error: {message}"),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("{}", f.message);
            ExitCode::from(f.code)
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Validate { file } => {
            let scenario = load(&file)?;
            let names: Vec<&str> = scenario.variants.iter().map(|v| v.name.as_str()).collect();
            let base = &scenario.baseline().line;
            println!(
                "{}: ok: \"{}\", {} stations, {} products, {} operators, variants: {}",
                file.display(),
                scenario.name,
                base.stations.len(),
                base.products.len(),
                base.headcount(),
                names.join(", ")
            );
            Ok(())
        }
        Command::Run { file, variant, opts } => {
            let scenario = load(&file)?;
            if scenario.variant(&variant).is_none() {
                let names: Vec<&str> = scenario.variants.iter().map(|v| v.name.as_str()).collect();
                return Err(usage(format!(
                    "no variant \"{variant}\" in {}; variants: {}",
                    file.display(),
                    names.join(", ")
                )));
            }
            let settings = settings(&scenario, &opts)?;
            threads(&opts)?;
            let analysis =
                experiment::evaluate(&scenario, &[variant.as_str()], &settings).map_err(|e| usage(e.to_string()))?;
            emit(&opts, || report::run_table(&analysis), &analysis)
        }
        Command::Compare { file, opts } => {
            let scenario = load(&file)?;
            let settings = settings(&scenario, &opts)?;
            threads(&opts)?;
            let analysis = experiment::evaluate(&scenario, &[], &settings).map_err(|e| usage(e.to_string()))?;
            emit(&opts, || report::comparison_table(&analysis), &analysis)
        }
    }
}

/// Loads a scenario; problems become exit code 2 with one line each.
fn load(file: &Path) -> Result<Scenario, Failure> {
    match Scenario::load(file) {
        Ok(s) => {
            for w in &s.warnings {
                eprintln!("{}: warning: {w}", file.display());
            }
            Ok(s)
        }
        Err(ScenarioError::Invalid { problems }) => {
            let mut message = String::new();
            for p in &problems {
                message.push_str(&format!("{}:{p}\n", file.display()));
            }
            message.push_str(&format!(
                "{}: {} problem(s); nothing was run",
                file.display(),
                problems.len()
            ));
            Err(Failure { code: 2, message })
        }
        Err(e) => Err(Failure {
            code: 1,
            message: format!("error: {e}"),
        }),
    }
}

fn settings(scenario: &Scenario, opts: &RunOpts) -> Result<Settings, Failure> {
    let mut s = Settings::of(&scenario.baseline().line);
    if let Some(r) = opts.replications {
        if r == 0 {
            return Err(usage("--replications must be at least 1".into()));
        }
        s.replications = r;
    }
    if let Some(seed) = opts.seed {
        s.seed = seed;
    }
    let duration = |flag: &str, text: &str| -> Result<u64, Failure> {
        parse_duration(text)
            .map(secs_to_ticks)
            .map_err(|e| usage(format!("--{flag}: {e}")))
    };
    if let Some(w) = &opts.warmup {
        s.warmup = duration("warmup", w)?;
    }
    if let Some(r) = &opts.run {
        s.run = duration("run", r)?;
        if s.run == 0 {
            return Err(usage("--run must be longer than 0".into()));
        }
    }
    Ok(s)
}

fn threads(opts: &RunOpts) -> Result<(), Failure> {
    if let Some(n) = opts.threads {
        if n == 0 {
            return Err(usage("--threads must be at least 1".into()));
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .context("setting up worker threads")?;
    }
    Ok(())
}

fn emit(opts: &RunOpts, table: impl FnOnce() -> String, analysis: &experiment::Analysis) -> Result<(), Failure> {
    let text = match opts.format {
        Format::Table => table(),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&report::to_json(analysis)).context("encoding JSON")?;
            s.push('\n');
            s
        }
        Format::Csv => report::to_csv(analysis).context("encoding CSV")?,
    };
    match &opts.out {
        Some(path) => write_atomically(path, text.as_bytes())?,
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (e.g. `| head`) is not an error worth reporting.
            let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
        }
    }
    if !matches!(opts.format, Format::Table) {
        for w in &analysis.warnings {
            eprintln!("note: {w}");
        }
    }
    Ok(())
}

/// Writes through a temporary file in the same directory and renames it, so
/// an interrupted run never leaves a half-written result.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().context("--out needs a file name")?.to_string_lossy();
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("moving the result to {}", path.display()))?;
    Ok(())
}
