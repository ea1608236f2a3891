//! The `zhizao` command line: a thin layer over the library.
//!
//! Exit codes: 0 success; 1 a file could not be read or written (or another
//! failure outside the scenario); 2 the scenario or the command line is
//! wrong (every problem is listed), including a line that deadlocks;
//! 3 `check` found an expectation that is not met; 130 stopped by Ctrl-C
//! (what was complete is still reported).

mod cli;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};

use cli::output::{ReportDir, write_atomically};
use cli::progress::{self, Progress};
use zhizao::check::Expectation;
use zhizao::experiment::{self, Analysis, Control, Settings};
use zhizao::optimize::{self, Objective};
use zhizao::report::{self, charts};
use zhizao::scenario::{BASELINE, Scenario, ScenarioError};
use zhizao::sweep::{self, Param};
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
    /// Compare the variants and fail (exit 3) when a projected result falls
    /// short of an expectation such as 'robot_tending.throughput_per_hour >= 15'.
    Check {
        /// Scenario file (RON).
        file: PathBuf,
        /// VARIANT.METRIC OP NUMBER; METRIC is a KPI key, KPI.gain or
        /// KPI.gain_pct (against the baseline), or a money figure such as
        /// npv_rmb or payback_years. Repeat for several.
        #[arg(long = "expect", required = true)]
        expect: Vec<String>,
        /// Require the whole 95% interval to meet each expectation, not just the estimate.
        #[arg(long)]
        strict: bool,
        #[command(flatten)]
        opts: RunOpts,
    },
    /// Find which candidate stations to automate within a budget.
    Optimize {
        /// Scenario file (RON) with `candidates`.
        file: PathBuf,
        /// Most capital to spend [RMB], before subsidy.
        #[arg(long)]
        budget: f64,
        /// What to maximise.
        #[arg(long, value_enum, default_value_t = ObjectiveArg::Throughput)]
        objective: ObjectiveArg,
        /// Replications per placement while screening.
        #[arg(long, default_value_t = 10)]
        screen_replications: u32,
        /// Measured run length per replication while screening (at most the scenario's).
        #[arg(long, default_value = "13w")]
        screen_run: String,
        /// Best screened placements confirmed with the full replications.
        #[arg(long, default_value_t = 5)]
        finalists: usize,
        /// Search every placement when at most this many are affordable.
        #[arg(long, default_value_t = 64)]
        exact_limit: usize,
        /// Most placements the heuristic screens.
        #[arg(long, default_value_t = 120)]
        max_evaluations: usize,
        /// Objective differences below this percentage count as ties; the cheaper placement wins.
        #[arg(long, default_value_t = 0.5)]
        tolerance_pct: f64,
        /// Also write the winning placement as a RON variant to this file.
        #[arg(long)]
        write_variant: Option<PathBuf>,
        #[command(flatten)]
        opts: RunOpts,
    },
    /// Watch the line live in a window: the baseline and a variant side by
    /// side, or the planner (--plan) where you place robot cells yourself.
    #[cfg(feature = "gui")]
    View {
        /// Scenario file (RON).
        file: PathBuf,
        /// Right-hand line (default: the first variant); "baseline" shows the
        /// baseline alone. With --plan: the variant the plan starts from.
        #[arg(long)]
        variant: Option<String>,
        /// Planner: click a station of the right-hand line and press P for a robot cell.
        #[arg(long)]
        plan: bool,
        /// Planner: put a robot cell at this station at start (repeat for several).
        #[arg(long, requires = "plan")]
        place: Vec<String>,
        /// Select this station of the right-hand line at start.
        #[arg(long)]
        select: Option<String>,
        /// Where W saves the plan as a RON variant.
        #[arg(long, default_value = "plan_variant.ron")]
        plan_out: PathBuf,
        /// Random seed (default: the scenario's).
        #[arg(long)]
        seed: Option<u64>,
        /// Speed at start: 1 = real time, 2 = 10x, 3 = 60x, 4 = 600x, 5 = 3600x, 6 = 36000x, 7 = max.
        #[arg(long, value_parser = clap::value_parser!(u8).range(1..=7))]
        speed: Option<u8>,
        #[command(flatten)]
        window: WindowOpts,
        /// Folder for screenshots taken with S.
        #[arg(long, default_value = ".")]
        screenshot_dir: PathBuf,
    },
    /// Exhibition mode: full screen, large type, every bundled scenario's
    /// before/after pairs in turn, forever (Esc quits).
    #[cfg(feature = "gui")]
    Demo {
        /// Scenario files to show (default: the bundled scenarios).
        files: Vec<PathBuf>,
        /// Real seconds each pair is shown.
        #[arg(long, default_value_t = 60)]
        seconds: u64,
        /// Speed: 1 = real time ... 5 = 3600x (default) ... 7 = max.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u8).range(1..=7))]
        speed: u8,
        /// In a window instead of full screen.
        #[arg(long)]
        windowed: bool,
        #[command(flatten)]
        window: WindowOpts,
    },
    /// Run the line with scenario fields set to ranges of values.
    Sweep {
        /// Scenario file (RON).
        file: PathBuf,
        /// PATH=VALUES, e.g. stations.deburring.buffer=1,2,4,8 or
        /// operators.fitters.headcount=3..6 (inclusive). Repeat for a grid.
        #[arg(long = "param", required = true)]
        params: Vec<String>,
        /// Variant to sweep (default the baseline).
        #[arg(long, default_value = "baseline")]
        variant: String,
        /// KPI of the chart and the change column.
        #[arg(long, default_value = "throughput_per_hour")]
        kpi: String,
        #[command(flatten)]
        opts: RunOpts,
    },
}

/// Window options of `view` and `demo`.
#[cfg(feature = "gui")]
#[derive(Args)]
struct WindowOpts {
    /// Window size, WIDTHxHEIGHT (demo: with --windowed).
    #[arg(long, default_value = "1280x720")]
    size: String,
    /// Save a PNG at simulated time --at (demo: of the first pair), then exit.
    #[arg(long, requires = "at")]
    screenshot: Option<PathBuf>,
    /// Simulated time of --screenshot, e.g. "1d10h".
    #[arg(long)]
    at: Option<String>,
}

/// A screenshot to take: the file and the simulated time.
#[cfg(feature = "gui")]
type Shot = Option<(PathBuf, zhizao::time::Tick)>;

#[cfg(feature = "gui")]
impl WindowOpts {
    /// The size, and the screenshot as a file and a simulated time.
    fn parse(self) -> Result<((u32, u32), Shot), Failure> {
        let shot = match (self.screenshot, self.at) {
            (Some(path), Some(at)) => {
                let t = parse_duration(&at).map_err(|e| usage(format!("--at: {e}")))?;
                Some((path, secs_to_ticks(t)))
            }
            _ => None,
        };
        Ok((window_size(&self.size)?, shot))
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ObjectiveArg {
    Throughput,
    LabourProductivity,
    Npv,
}

#[derive(Args)]
struct RunOpts {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Also write a report to this directory: results.json, results.csv,
    /// report.txt, SVG charts and a self-contained report.html.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
    /// Progress as plain lines on standard error even when it is not a terminal.
    #[arg(long, conflicts_with = "quiet")]
    progress: bool,
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
    // The window handles its own quitting; Ctrl-C there ends the process.
    #[cfg(feature = "gui")]
    let live = matches!(cli.command, Command::View { .. } | Command::Demo { .. });
    #[cfg(not(feature = "gui"))]
    let live = false;
    if !live {
        progress::install_ctrl_c();
    }
    match run(cli) {
        Ok(()) if progress::stopped() => ExitCode::from(130),
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
                "{}: ok: \"{}\", {} stations, {} products, {} operators, variants: {}{}",
                file.display(),
                scenario.name,
                base.stations.len(),
                base.products.len(),
                base.headcount(),
                names.join(", "),
                if scenario.candidates.is_empty() {
                    String::new()
                } else {
                    format!("; {} candidates", scenario.candidates.len())
                }
            );
            Ok(())
        }
        Command::Run { file, variant, opts } => {
            let scenario = load(&file)?;
            known_variant(&scenario, &variant, &file)?;
            let analysis = simulate(&scenario, &[variant.as_str()], &opts)?;
            emit(&opts, &report::run_table(&analysis), &analysis)?;
            write_report(&opts, &analysis, "run", report::run_table(&analysis), Vec::new())
        }
        Command::Compare { file, opts } => {
            let scenario = load(&file)?;
            let analysis = simulate(&scenario, &[], &opts)?;
            let table = report::comparison_table(&analysis);
            emit(&opts, &table, &analysis)?;
            write_report(&opts, &analysis, "comparison", table, Vec::new())
        }
        Command::Check {
            file,
            expect,
            strict,
            opts,
        } => {
            let scenario = load(&file)?;
            let expectations = expect
                .iter()
                .map(|e| Expectation::parse(e).map_err(|e| usage(e.to_string())))
                .collect::<Result<Vec<_>, _>>()?;
            let mut names: Vec<&str> = vec![BASELINE];
            for e in &expectations {
                known_variant(&scenario, &e.variant, &file)?;
                if !names.contains(&e.variant.as_str()) {
                    names.push(&e.variant);
                }
            }
            let analysis = simulate(&scenario, &names, &opts)?;
            let outcomes = expectations
                .iter()
                .map(|e| e.check(&analysis, strict).map_err(|e| usage(e.to_string())))
                .collect::<Result<Vec<_>, _>>()?;
            let failed = outcomes.iter().filter(|o| !o.passed).count();
            let text = match opts.format {
                Format::Json => {
                    let v = serde_json::json!({
                        "scenario": analysis.scenario,
                        "passed": failed == 0,
                        "strict": strict,
                        "replications": analysis.settings.replications,
                        "expectations": outcomes.iter().map(|o| serde_json::json!({
                            "expectation": o.text,
                            "passed": o.passed,
                            "estimate": o.estimate,
                            "half_width": o.half_width,
                            "compared": if o.compared.is_finite() { Some(o.compared) } else { None },
                            "bound": o.bound,
                        })).collect::<Vec<_>>(),
                    });
                    format!("{}\n", serde_json::to_string_pretty(&v).context("encoding JSON")?)
                }
                _ => {
                    let mut t: String = outcomes.iter().map(|o| format!("{o}\n")).collect();
                    t.push_str(&format!(
                        "{} of {} expectations met ({} replications{})\n",
                        outcomes.len() - failed,
                        outcomes.len(),
                        analysis.settings.replications,
                        if strict {
                            ", strict: whole 95% interval"
                        } else {
                            ", on the estimate"
                        }
                    ));
                    t
                }
            };
            print_stdout(&text);
            write_report(&opts, &analysis, "check", text, Vec::new())?;
            if failed > 0 {
                return Err(Failure {
                    code: 3,
                    message: format!("check failed: {failed} of {} expectations not met", outcomes.len()),
                });
            }
            Ok(())
        }
        Command::Optimize {
            file,
            budget,
            objective,
            screen_replications,
            screen_run,
            finalists,
            exact_limit,
            max_evaluations,
            tolerance_pct,
            write_variant,
            opts,
        } => {
            let scenario = load(&file)?;
            if !(budget.is_finite() && budget >= 0.0) {
                return Err(usage(format!("--budget {budget} must be 0 or more RMB")));
            }
            if screen_replications == 0 || finalists == 0 {
                return Err(usage("--screen-replications and --finalists must be at least 1".into()));
            }
            let confirm = settings(&scenario, &opts)?;
            let screen_run = parse_duration(&screen_run)
                .map(secs_to_ticks)
                .map_err(|e| usage(format!("--screen-run: {e}")))?;
            let screen = Settings {
                replications: screen_replications.min(confirm.replications.max(1)),
                run: screen_run.clamp(1, confirm.run),
                ..confirm
            };
            threads(&opts)?;
            let options = optimize::Options {
                budget_rmb: budget,
                objective: match objective {
                    ObjectiveArg::Throughput => Objective::Throughput,
                    ObjectiveArg::LabourProductivity => Objective::LabourProductivity,
                    ObjectiveArg::Npv => Objective::Npv,
                },
                screen,
                confirm,
                exact_limit,
                finalists,
                max_evaluations,
                tolerance: tolerance_pct.max(0.0) / 100.0,
            };
            let bar = Progress::new(opts.quiet, opts.progress);
            bar.stage("optimising");
            let report_progress = |d, t| bar.report(d, t);
            let control = Control {
                cancel: Some(&progress::STOP),
                progress: Some(&report_progress),
            };
            let outcome = optimize::optimize(&scenario, options, control).map_err(|e| match e {
                optimize::OptimizeError::Stopped => Failure {
                    code: 130,
                    message: format!("{e}; nothing to report"),
                },
                other => usage(other.to_string()),
            })?;
            bar.finish();
            let best_ron = outcome
                .ranked
                .first()
                .filter(|p| !p.names.is_empty())
                .map(|p| optimize::as_variant(&scenario, p, &format!("optimised_{}", budget.round() as u64)));
            let mut table = report::optimize_table(&outcome);
            if let Some(ron) = &best_ron {
                table.push_str("\nThe winning placement as a variant (paste into `variants: [...]`):\n");
                table.push_str(ron);
                table.push('\n');
            }
            let text = match opts.format {
                Format::Json => format!(
                    "{}\n",
                    serde_json::to_string_pretty(&report::optimize_json(&outcome)).context("encoding JSON")?
                ),
                Format::Csv => report::to_csv(&outcome.analysis).context("encoding CSV")?,
                Format::Table => table.clone(),
            };
            print_stdout(&text);
            if let (Some(path), Some(ron)) = (&write_variant, &best_ron) {
                write_atomically(path, format!("{ron}\n").as_bytes())?;
                eprintln!("wrote the winning placement to {}", path.display());
            }
            let mut extra = vec![(
                "optimize.json".to_string(),
                format!(
                    "{}\n",
                    serde_json::to_string_pretty(&report::optimize_json(&outcome)).context("encoding JSON")?
                ),
            )];
            if let Some(ron) = &best_ron {
                extra.push(("best_variant.ron".to_string(), format!("{ron}\n")));
            }
            write_report(&opts, &outcome.analysis, "optimisation", table, extra)
        }
        #[cfg(feature = "gui")]
        Command::View {
            file,
            variant,
            plan,
            place,
            select,
            plan_out,
            seed,
            speed,
            window,
            screenshot_dir,
        } => {
            let scenario = load(&file)?;
            let (size, screenshot) = window.parse()?;
            let opts = zhizao::gui::ViewOptions {
                file,
                variant,
                plan,
                place,
                select,
                plan_out,
                seed,
                speed: speed.map(|s| s as usize - 1),
                size,
                screenshot,
                screenshot_dir,
            };
            zhizao::gui::view(scenario, opts).map_err(|e| usage(e.to_string()))
        }
        #[cfg(feature = "gui")]
        Command::Demo {
            files,
            seconds,
            speed,
            windowed,
            window,
        } => {
            let (size, screenshot) = window.parse()?;
            let files = files
                .into_iter()
                .map(|f| load(&f).map(|s| (s, f)))
                .collect::<Result<Vec<_>, _>>()?;
            let opts = zhizao::gui::DemoOptions {
                files,
                dwell: std::time::Duration::from_secs(seconds.max(1)),
                speed: speed as usize - 1,
                windowed,
                size,
                screenshot,
            };
            zhizao::gui::demo(opts).map_err(|e| usage(e.to_string()))
        }
        Command::Sweep {
            file,
            params,
            variant,
            kpi,
            opts,
        } => {
            let scenario = load(&file)?;
            known_variant(&scenario, &variant, &file)?;
            let k = zhizao::kpi::LINE_KPIS
                .iter()
                .position(|d| d.key == kpi)
                .ok_or_else(|| {
                    let keys: Vec<&str> = zhizao::kpi::LINE_KPIS.iter().map(|d| d.key).collect();
                    usage(format!("--kpi {kpi}: unknown; KPIs are {}", keys.join(", ")))
                })?;
            let params = params
                .iter()
                .map(|p| Param::parse(p).map_err(|e| usage(e.to_string())))
                .collect::<Result<Vec<_>, _>>()?;
            let points = sweep::points(&scenario, &variant, &params).map_err(|e| usage(e.to_string()))?;
            let settings = settings(&scenario, &opts)?;
            threads(&opts)?;
            let mut variants = vec![scenario.baseline()];
            variants.extend(points.iter().map(|p| &p.variant));
            let analysis = run_variants(&scenario, &variants, &settings, &opts)?;
            let labels: Vec<Vec<String>> = points
                .iter()
                .map(|p| p.values.iter().map(sweep::label).collect())
                .collect();
            let names: Vec<String> = params.iter().map(|p| p.path.clone()).collect();
            let table = report::sweep_table(&analysis, &names, &labels, k);
            emit(&opts, &table, &analysis)?;
            let chart = charts::sweep_chart(&analysis, 1, &labels, &names, k);
            write_report(
                &opts,
                &analysis,
                "sweep",
                table,
                vec![(chart.file.clone(), chart.svg.clone())],
            )
        }
    }
}

/// Parses "WIDTHxHEIGHT".
#[cfg(feature = "gui")]
fn window_size(text: &str) -> Result<(u32, u32), Failure> {
    text.split_once('x')
        .and_then(|(w, h)| Some((w.trim().parse().ok()?, h.trim().parse().ok()?)))
        .filter(|&(w, h): &(u32, u32)| (320..=7680).contains(&w) && (240..=4320).contains(&h))
        .ok_or_else(|| usage(format!("--size \"{text}\": write WIDTHxHEIGHT, e.g. 1280x720")))
}

fn known_variant(scenario: &Scenario, variant: &str, file: &Path) -> Result<(), Failure> {
    if scenario.variant(variant).is_none() {
        let names: Vec<&str> = scenario.variants.iter().map(|v| v.name.as_str()).collect();
        return Err(usage(format!(
            "no variant \"{variant}\" in {}; variants: {}",
            file.display(),
            names.join(", ")
        )));
    }
    Ok(())
}

/// Runs `names` (all when empty) with progress and Ctrl-C.
fn simulate(scenario: &Scenario, names: &[&str], opts: &RunOpts) -> Result<Analysis, Failure> {
    let settings = settings(scenario, opts)?;
    threads(opts)?;
    run_variants(scenario, &scenario.select(names), &settings, opts)
}

fn run_variants(
    scenario: &Scenario,
    variants: &[&zhizao::scenario::Variant],
    settings: &Settings,
    opts: &RunOpts,
) -> Result<Analysis, Failure> {
    let bar = Progress::new(opts.quiet, opts.progress);
    let report_progress = |d, t| bar.report(d, t);
    let control = Control {
        cancel: Some(&progress::STOP),
        progress: Some(&report_progress),
    };
    let runs = experiment::run_with(variants, settings, &control).map_err(|e| usage(e.to_string()))?;
    bar.finish();
    if runs.done() == 0 {
        return Err(Failure {
            code: 130,
            message: "stopped before any replication was complete; nothing to report".into(),
        });
    }
    Ok(experiment::analyse(
        &scenario.name,
        variants,
        runs,
        settings,
        scenario.economics.as_ref(),
    ))
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

/// The run settings from the scenario and the options; also refuses, before
/// anything runs, an `--out` that is a file.
fn settings(scenario: &Scenario, opts: &RunOpts) -> Result<Settings, Failure> {
    if let Some(dir) = &opts.out
        && dir.is_file()
    {
        return Err(usage(format!(
            "--out {} is a file; it takes a directory for the report (results.json, results.csv, charts, report.html)",
            dir.display()
        )));
    }
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

fn print_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    // A closed pipe (e.g. `| head`) is not an error worth reporting.
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
}

/// Prints the result in the chosen format on standard output.
fn emit(opts: &RunOpts, table: &str, analysis: &Analysis) -> Result<(), Failure> {
    let text = match opts.format {
        Format::Table => table.to_string(),
        Format::Json => json_text(analysis)?,
        Format::Csv => report::to_csv(analysis).context("encoding CSV")?,
    };
    print_stdout(&text);
    if !matches!(opts.format, Format::Table) {
        for w in &analysis.warnings {
            eprintln!("note: {w}");
        }
    }
    Ok(())
}

fn json_text(analysis: &Analysis) -> Result<String, Failure> {
    let mut s = serde_json::to_string_pretty(&report::to_json(analysis)).context("encoding JSON")?;
    s.push('\n');
    Ok(s)
}

/// With `--out DIR`: the results in every format, the charts and one HTML
/// page, each file written atomically.
fn write_report(
    opts: &RunOpts,
    analysis: &Analysis,
    kind: &str,
    table: String,
    extra: Vec<(String, String)>,
) -> Result<(), Failure> {
    let Some(dir) = &opts.out else { return Ok(()) };
    let mut out = ReportDir::create(dir)?;
    out.write("results.json", &json_text(analysis)?)?;
    out.write("results.csv", &report::to_csv(analysis).context("encoding CSV")?)?;
    out.write("report.txt", &table)?;
    let mut all = charts::analysis_charts(analysis);
    for (name, text) in &extra {
        if name.ends_with(".svg") {
            all.push(charts::Chart {
                file: name.clone(),
                title: name.trim_end_matches(".svg").replace('_', " "),
                svg: text.clone(),
            });
        } else {
            out.write(name, text)?;
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
    eprintln!(
        "wrote {} files to {}: {}",
        out.written.len(),
        dir.display(),
        out.written.join(", ")
    );
    Ok(())
}
