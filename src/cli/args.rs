//! The command line's words: every subcommand and option, with its help.
//! Nothing here does work; [`super::commands`] does, after
//! [`super::settings`] has checked and merged what was given.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "zhizao",
    version,
    about = "Production-line simulator: a line before and after an intelligent-manufacturing retrofit"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Simulate one variant (the baseline unless --variant) and report its KPIs.
    Run(RunArgs),
    /// Simulate the baseline and every variant, and compare each with the baseline.
    Compare(CompareArgs),
    /// Check a scenario file and list every problem.
    Validate(ValidateArgs),
    /// Compare the variants and fail (exit 3) when a projected result falls
    /// short of an expectation such as 'robot_tending.throughput_per_hour >= 15'.
    Check(CheckArgs),
    /// Find which candidate stations to automate within a budget.
    Optimize(OptimizeArgs),
    /// Watch the line live in a window: the baseline and a variant side by
    /// side, or the planner (--plan) where you place robot cells yourself.
    #[cfg(feature = "gui")]
    View(ViewArgs),
    /// Exhibition mode: full screen, large type, every bundled scenario's
    /// before/after pairs in turn, forever (Esc quits).
    #[cfg(feature = "gui")]
    Demo(DemoArgs),
    /// Run the line with scenario fields set to ranges of values.
    Sweep(SweepArgs),
    /// What moves each variant's NPV: every uncertain input at its 10th and
    /// 90th percentile, one at a time, the others at base (a tornado).
    Tornado(TornadoArgs),
    /// Put the part files of a sharded run, compare, check or sweep (--shard)
    /// back together: the output equals the unsharded command's, byte for byte.
    Merge(MergeArgs),
    /// Fit exponential, normal, lognormal, gamma, Erlang, Weibull and
    /// triangular distributions to measured times (a time study, an MES
    /// export), rank them, and print the line for the scenario.
    Fit(FitArgs),
    /// Time to failure and time to repair from a downtime log (start, end,
    /// state per row), counting intervals cut by a shift end as censored.
    FitFailures(FitFailuresArgs),
    /// The baseline against the plant's records (last year's output, or
    /// weekly outputs): simulated vs recorded with a verdict; exit 3 when
    /// the model does not reproduce the record.
    Calibrate(CalibrateArgs),
}

#[derive(Args)]
pub struct CalibrateArgs {
    /// Scenario file (RON).
    pub file: PathBuf,
    /// Good parts the line made in --over (e.g. last year's output).
    #[arg(long, requires = "over", conflicts_with = "weekly")]
    pub output: Option<f64>,
    /// The calendar time of --output, e.g. 52w or 8760h.
    #[arg(long, requires = "output")]
    pub over: Option<String>,
    /// Recorded good output of each week: CSV, .xlsx or .ods, one week a row.
    #[arg(long, required_unless_present = "output")]
    pub weekly: Option<PathBuf>,
    /// Sheet of --weekly (default the first).
    #[arg(long, requires = "weekly")]
    pub sheet: Option<String>,
    /// Column of --weekly: header name, number from 1, or letter (default: the first that holds numbers).
    #[arg(long, requires = "weekly")]
    pub column: Option<String>,
    /// A difference up to this percentage counts as consistent whatever the
    /// intervals say (with many replications they are narrow).
    #[arg(long, default_value_t = 2.0)]
    pub tolerance_pct: f64,
    #[command(flatten)]
    pub opts: RunOpts,
}

#[derive(Args)]
pub struct FitArgs {
    /// Measured times: CSV, .xlsx, .xls or .ods.
    pub data: PathBuf,
    /// Sheet of a workbook (default the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Column: header name, number from 1, or letter (default: the first that holds numbers).
    #[arg(long)]
    pub column: Option<String>,
    /// Unit of bare numbers: ms, s, min, h. Cells formatted as times or
    /// durations, and texts such as "45s", carry their own.
    #[arg(long, default_value = "s")]
    pub unit: String,
    /// Parametric bootstrap samples per family for the p-values (0: none).
    #[arg(long, default_value_t = 199)]
    pub bootstrap: u32,
    /// Seed of the bootstrap.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Where the P-P and Q-Q plots go (SVG; default DATA-COLUMN-fit.svg here).
    #[arg(long)]
    pub chart: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Args)]
pub struct FitFailuresArgs {
    /// Downtime log: CSV, .xlsx, .xls or .ods with columns start, end and
    /// state (up/run/运行, down/failure/故障, off/休息), and optionally machine.
    pub log: PathBuf,
    /// Sheet of a workbook (default the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Only this machine's rows.
    #[arg(long)]
    pub machine: Option<String>,
    /// Unit of bare numbers in start and end (dates and date cells carry their own).
    #[arg(long, default_value = "h")]
    pub unit: String,
    /// Output format (csv: as table).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Args)]
pub struct MergeArgs {
    /// Part files written by the shards (part-K-of-N.json).
    #[arg(required = true)]
    pub parts: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write the report to this directory, as the unsharded command would.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// No progress bar (for the sensitivity runs of a report).
    #[arg(long, short)]
    pub quiet: bool,
    /// Width of the tables in columns, as for the command merged (0: no limit).
    #[arg(long, value_name = "COLUMNS")]
    pub width: Option<usize>,
    /// Language of the tables and the report page: en or zh (money in
    /// 万元). Default: the locale's (LC_ALL, LC_MESSAGES, LANG). JSON and
    /// CSV keys stay English.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

#[derive(Args)]
pub struct TornadoArgs {
    pub file: PathBuf,
    /// The variant (repeat for more); default every retrofit variant.
    #[arg(long)]
    pub variant: Vec<String>,
    #[command(flatten)]
    pub opts: RunOpts,
}

#[derive(Args)]
pub struct RunArgs {
    /// Scenario file (RON).
    pub file: PathBuf,
    /// Variant to run; "baseline" is the line as it is.
    #[arg(long, default_value = "baseline")]
    pub variant: String,
    #[command(flatten)]
    pub opts: RunOpts,
}

#[derive(Args)]
pub struct CompareArgs {
    /// Scenario file (RON).
    pub file: PathBuf,
    #[command(flatten)]
    pub opts: RunOpts,
}

#[derive(Args)]
pub struct ValidateArgs {
    /// Scenario file (RON).
    pub file: PathBuf,
    /// Language of the verdict and the problems: en or zh. Default: the
    /// locale's (LC_ALL, LC_MESSAGES, LANG).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

#[derive(Args)]
pub struct CheckArgs {
    /// Scenario file (RON).
    pub file: PathBuf,
    /// VARIANT.METRIC OP NUMBER; METRIC is a KPI key, KPI.gain or
    /// KPI.gain_pct (against the baseline), or a money figure such as
    /// npv_rmb or payback_years. Repeat for several.
    #[arg(long = "expect", required = true)]
    pub expect: Vec<String>,
    /// Require the whole 95% interval to meet each expectation, not just the estimate.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub opts: RunOpts,
}

#[derive(Args)]
pub struct OptimizeArgs {
    /// Scenario file (RON) with `candidates`.
    pub file: PathBuf,
    /// Most capital to spend [RMB], before subsidy.
    #[arg(long)]
    pub budget: f64,
    /// What to maximise.
    #[arg(long, value_enum, default_value_t = ObjectiveArg::Throughput)]
    pub objective: ObjectiveArg,
    /// Replications per placement while screening.
    #[arg(long, default_value_t = 10)]
    pub screen_replications: u32,
    /// Measured run length per replication while screening (at most the scenario's).
    #[arg(long, default_value = "13w")]
    pub screen_run: String,
    /// Best screened placements confirmed with the full replications.
    #[arg(long, default_value_t = 5)]
    pub finalists: usize,
    /// Search every placement when at most this many are affordable.
    #[arg(long, default_value_t = 64)]
    pub exact_limit: usize,
    /// Most placements the heuristic screens.
    #[arg(long, default_value_t = 120)]
    pub max_evaluations: usize,
    /// Objective differences below this percentage count as ties; the cheaper placement wins.
    #[arg(long, default_value_t = 0.5)]
    pub tolerance_pct: f64,
    /// Also write the winning placement as a RON variant to this file.
    #[arg(long)]
    pub write_variant: Option<PathBuf>,
    #[command(flatten)]
    pub opts: RunOpts,
}

#[cfg(feature = "gui")]
#[derive(Args)]
pub struct ViewArgs {
    /// Scenario file (RON).
    pub file: PathBuf,
    /// Right-hand line (default: the first variant); "baseline" shows the
    /// baseline alone. With --plan: the variant the plan starts from.
    #[arg(long)]
    pub variant: Option<String>,
    /// Planner: click a station of the right-hand line and press P for a robot cell.
    #[arg(long)]
    pub plan: bool,
    /// Planner: put a robot cell at this station at start (repeat for several).
    #[arg(long, requires = "plan")]
    pub place: Vec<String>,
    /// Select this station of the right-hand line at start.
    #[arg(long)]
    pub select: Option<String>,
    /// Where W saves the plan as a RON variant.
    #[arg(long, default_value = "plan_variant.ron")]
    pub plan_out: PathBuf,
    /// Random seed (default: the scenario's).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Speed at start: 1 = real time, 2 = 10x, 3 = 60x, 4 = 600x, 5 = 3600x, 6 = 36000x, 7 = max.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=7))]
    pub speed: Option<u8>,
    #[command(flatten)]
    pub window: WindowOpts,
    /// Folder for screenshots taken with S.
    #[arg(long, default_value = ".")]
    pub screenshot_dir: PathBuf,
}

#[cfg(feature = "gui")]
#[derive(Args)]
pub struct DemoArgs {
    /// Scenario files to show (default: the bundled scenarios).
    pub files: Vec<PathBuf>,
    /// Real seconds each pair is shown.
    #[arg(long, default_value_t = 60)]
    pub seconds: u64,
    /// Speed: 1 = real time ... 5 = 3600x (default) ... 7 = max.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u8).range(1..=7))]
    pub speed: u8,
    /// In a window instead of full screen.
    #[arg(long)]
    pub windowed: bool,
    #[command(flatten)]
    pub window: WindowOpts,
}

#[derive(Args)]
pub struct SweepArgs {
    /// Scenario file (RON).
    pub file: PathBuf,
    /// PATH=VALUES, e.g. stations.deburring.buffer=1,2,4,8 or
    /// operators.fitters.headcount=3..6 (inclusive). Repeat for a grid.
    #[arg(long = "param", required = true)]
    pub params: Vec<String>,
    /// Variant to sweep (default the baseline).
    #[arg(long, default_value = "baseline")]
    pub variant: String,
    /// KPI of the chart and the change column.
    #[arg(long, default_value = "throughput_per_hour")]
    pub kpi: String,
    #[command(flatten)]
    pub opts: RunOpts,
}

/// Window options of `view` and `demo`.
#[cfg(feature = "gui")]
#[derive(Args)]
pub struct WindowOpts {
    /// Window size, WIDTHxHEIGHT (demo: with --windowed).
    #[arg(long, default_value = "1280x720")]
    pub size: String,
    /// Save a PNG at simulated time --at (demo: of the first pair), then exit.
    #[arg(long, requires = "at")]
    pub screenshot: Option<PathBuf>,
    /// Simulated time of --screenshot, e.g. "1d10h".
    #[arg(long)]
    pub at: Option<String>,
    /// Language of everything on screen: en or zh (station and variant
    /// names from the scenario's labels). Default: the locale's.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ObjectiveArg {
    Throughput,
    LabourProductivity,
    Npv,
    /// The 10th percentile of the NPV over replications (uncertain inputs drawn).
    NpvP10,
    /// The chance of payback within the economics block's `payback_within_years`.
    PaybackChance,
}

#[derive(Args)]
pub struct RunOpts {
    /// Also these variants, from a RON file (one variant or a list, e.g. a
    /// plan saved in `zhizao view --plan` with W): as if written at the end
    /// of the scenario's `variants`. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub add_variant: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write a report to this directory: results.json, results.csv,
    /// report.txt, SVG charts and a self-contained report.html.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Progress as plain lines on standard error even when it is not a terminal.
    #[arg(long, conflicts_with = "quiet")]
    pub progress: bool,
    /// Number of replications (overrides the scenario).
    #[arg(long)]
    pub replications: Option<u32>,
    /// Random seed (overrides the scenario).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Warm-up duration, e.g. "1w" (overrides the scenario).
    #[arg(long)]
    pub warmup: Option<String>,
    /// Measured run length, e.g. "52w" (overrides the scenario).
    #[arg(long)]
    pub run: Option<String>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Simulation engine: the departure-time recursion on serial lines
    /// that qualify (see the README's "How the numbers are made"), else the event kernel
    /// (auto); one of them always (event, recursion). Results do not
    /// depend on it.
    #[arg(long, value_enum, default_value_t = EngineArg::Auto)]
    pub engine: EngineArg,
    /// Simulate the first year from the installation (ramp-up included, no
    /// warm-up) and take it as year 1 of the money figures.
    #[arg(long)]
    pub from_install: bool,
    /// Uncertain inputs: drawn in each replication (sampled), or all at
    /// their base values (base: simulation noise only).
    #[arg(long, value_enum, default_value_t = InputsArg::Sampled)]
    pub inputs: InputsArg,
    /// Run an experiment estimated to take more than an hour or to keep
    /// more than 8 GB of results.
    #[arg(long)]
    pub force: bool,
    /// Width of the tables in columns: a narrower table leaves out its
    /// least needed columns (and says which), then wraps its text. Default:
    /// the terminal's width, or no limit when the output is not a
    /// terminal; 0 for no limit.
    #[arg(long, value_name = "COLUMNS")]
    pub width: Option<usize>,
    /// Language of the tables and the report page: en or zh (money in
    /// 万元). Default: the locale's (LC_ALL, LC_MESSAGES, LANG). JSON and
    /// CSV keys stay English.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Run only shard K of N of the experiment's (variant, replication) grid
    /// and write its part file for `zhizao merge` (run, compare, check and
    /// sweep). `auto` reads a Slurm array task or a Kubernetes Indexed Job.
    #[arg(long, value_name = "K/N|auto", conflicts_with = "out")]
    pub shard: Option<String>,
    /// The shard's part file, or a directory for part-K-of-N.json (default:
    /// part-K-of-N.json in the current directory).
    #[arg(long, value_name = "PATH", requires = "shard")]
    pub part: Option<PathBuf>,
    /// Print a ready job-array script (slurm) or Indexed Job manifest (k8s)
    /// that runs the experiment in shards and merges them, instead of running it.
    #[arg(long, value_enum, conflicts_with = "shard")]
    pub emit: Option<EmitArg>,
    /// Shards of --emit (default: from a pilot run, a few minutes of work each).
    #[arg(long, requires = "emit")]
    pub shards: Option<u32>,
    /// The runs of a merge, in place of simulating.
    #[arg(skip)]
    pub merged: Option<std::sync::Arc<super::shard::Merged>>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EmitArg {
    /// A Slurm job array and a merge job that depends on it (`sh FILE` submits both).
    Slurm,
    /// A Kubernetes Indexed Job and a merge Job (`kubectl apply -f FILE`).
    K8s,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    Auto,
    Event,
    Recursion,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputsArg {
    Sampled,
    Base,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LangArg {
    En,
    Zh,
}

/// The language a command asks for (`--lang`), else the locale's: the
/// language of its tables and of its messages.
pub fn lang_of(command: &Command) -> zhizao_core::lang::Lang {
    let asked = match command {
        Command::Run(RunArgs { opts, .. })
        | Command::Compare(CompareArgs { opts, .. })
        | Command::Check(CheckArgs { opts, .. })
        | Command::Optimize(OptimizeArgs { opts, .. })
        | Command::Sweep(SweepArgs { opts, .. })
        | Command::Tornado(TornadoArgs { opts, .. })
        | Command::Calibrate(CalibrateArgs { opts, .. }) => opts.lang,
        Command::Merge(a) => a.lang,
        Command::Validate(a) => a.lang,
        #[cfg(feature = "gui")]
        Command::View(ViewArgs { window, .. }) | Command::Demo(DemoArgs { window, .. }) => window.lang,
        Command::Fit(_) | Command::FitFailures(_) => None,
    };
    lang(asked)
}

/// The language asked for, else the locale's.
pub fn lang(asked: Option<LangArg>) -> zhizao_core::lang::Lang {
    use zhizao_core::lang::Lang;
    match asked {
        Some(LangArg::En) => Lang::En,
        Some(LangArg::Zh) => Lang::Zh,
        None => Lang::from_locale(|k| std::env::var(k).ok()),
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}
