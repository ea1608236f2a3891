//! One function per subcommand. Each takes its arguments as parsed, makes
//! them [`Prepared`] settings, calls the library and hands the strings the
//! library renders to [`super::output`].

use zhizao_core::check::Expectation;
use zhizao_core::experiment::{self, Analysis, Control};
use zhizao_core::optimize::{self, Objective};
use zhizao_core::report::{self, charts};
use zhizao_core::scenario::{BASELINE, Variant};
use zhizao_core::settings::Settings;
use zhizao_core::sweep::{self, Param};

use super::args::*;
use super::exit::{Exit, Failure};
use super::output::{emit, json_text, print_stdout, say, write_atomically, write_report};
use super::progress::{self, Progress};
use super::settings::{Prepared, duration, known_variant, load, prepare};

/// Runs one subcommand.
pub fn dispatch(command: Command) -> Result<(), Failure> {
    match command {
        Command::Validate(a) => validate(a),
        Command::Run(a) => run(a),
        Command::Compare(a) => compare(a),
        Command::Check(a) => check(a),
        Command::Optimize(a) => optimize(a),
        Command::Sweep(a) => sweep(a),
        Command::Tornado(a) => tornado(a),
        Command::Merge(a) => super::shard::merge(a),
        Command::Fit(a) => super::fit::fit(a),
        Command::FitFailures(a) => super::fit::fit_failures(a),
        Command::Calibrate(a) => calibrate(a),
        #[cfg(feature = "gui")]
        c @ (Command::View(_) | Command::Demo(_)) => super::window(c),
    }
}

fn validate(a: ValidateArgs) -> Result<(), Failure> {
    let scenario = load(&a.file)?;
    let names: Vec<&str> = scenario.variants.iter().map(|v| v.name.as_str()).collect();
    let base = &scenario.baseline().line;
    let verdict = format!(
        "{}: ok: \"{}\", {} stations, {} products, {} operators, variants: {}{}",
        a.file.display(),
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
    print_stdout(&format!("{}\n", super::output::lang().message(&verdict)))?;
    Ok(())
}

fn run(a: RunArgs) -> Result<(), Failure> {
    let p = prepare(&a.file, &a.opts)?;
    known_variant(&p.scenario, &a.variant, &a.file)?;
    let Some(analysis) = simulate(&p, &p.scenario.select(&[a.variant.as_str()]), &a.opts)? else {
        return Ok(());
    };
    let table = report::run_table(&analysis, super::args::lang(a.opts.lang));
    emit(a.opts.format, a.opts.width, &table, &analysis)?;
    Ok(write_report(
        a.opts.out.as_deref(),
        &analysis,
        "run",
        table,
        None,
        Vec::new(),
        &[],
    )?)
}

fn compare(a: CompareArgs) -> Result<(), Failure> {
    let p = prepare(&a.file, &a.opts)?;
    let Some(analysis) = simulate(&p, &p.scenario.select(&[]), &a.opts)? else {
        return Ok(());
    };
    let lang = super::args::lang(a.opts.lang);
    let mut table = report::comparison_table(&analysis, lang);
    emit(a.opts.format, a.opts.width, &table, &analysis)?;
    // In Chinese the page follows a 诊断 report: 现状, 问题, 方案, 投资, 效益, 风险.
    let mut page = (lang == zhizao_core::lang::Lang::Zh).then(|| report::diagnosis_table(&analysis, lang));
    // The report shows what moves the money when some input is uncertain.
    let mut extra = Vec::new();
    if a.opts.out.is_some() && !a.opts.from_install {
        let tornados = sensitivity(&p, &[], &a.opts)?;
        let sensitivity = report::tornado_table(&tornados, lang);
        if let Some(page) = &mut page {
            page.append(sensitivity.clone());
        }
        table.append(sensitivity);
        for t in &tornados {
            let c = charts::tornado_chart(t, lang);
            extra.push((c.file, c.svg));
        }
    }
    Ok(write_report(
        a.opts.out.as_deref(),
        &analysis,
        "comparison",
        table,
        page,
        extra,
        &[],
    )?)
}

/// The tornados of `names` (every retrofit variant when empty), with a
/// progress bar and Ctrl-C.
fn sensitivity(p: &Prepared, names: &[&str], opts: &RunOpts) -> Result<Vec<zhizao_core::tornado::Tornado>, Failure> {
    say_estimate(zhizao_core::tornado::estimate(&p.scenario, names, &p.settings), opts)?;
    let bar = Progress::new(opts.quiet, opts.progress);
    let report_progress = |d, t| bar.report(d, t);
    let control = Control {
        cancel: Some(&progress::STOP),
        progress: Some(&report_progress),
    };
    let out = zhizao_core::tornado::tornado(&p.scenario, names, &p.settings, &control)?;
    bar.finish();
    out.ok_or_else(|| {
        progress::mark_cut();
        Failure::new(Exit::Interrupted, "stopped before the sensitivity runs were complete")
    })
}

fn tornado(a: TornadoArgs) -> Result<(), Failure> {
    super::shard::refuse(&a.opts, "tornado")?;
    if a.opts.from_install {
        return Err(Failure::usage(
            "--from-install works with run, compare and check; the tornado varies the steady years' inputs",
        ));
    }
    let p = prepare(&a.file, &a.opts)?;
    for v in &a.variant {
        known_variant(&p.scenario, v, &a.file)?;
    }
    if p.scenario.economics.is_none() {
        return Err(Failure::usage(format!(
            "{} has no `economics` block: a tornado shows what moves the NPV",
            a.file.display()
        )));
    }
    let names: Vec<&str> = a.variant.iter().map(String::as_str).collect();
    let tornados = sensitivity(&p, &names, &a.opts)?;
    if tornados.is_empty() {
        return Err(Failure::usage(format!(
            "{} has no uncertain inputs: write a number as Uncertain(Triangular(min: .., mode: .., max: ..)) (README, \"How sure is the money\")",
            a.file.display()
        )));
    }
    let table = report::tornado_table(&tornados, super::args::lang(a.opts.lang));
    let csv = || -> Result<String, Failure> { Ok(report::tornado_csv(&tornados).map_err(anyhow::Error::from)?) };
    print_stdout(&match a.opts.format {
        Format::Json => json_text(&report::tornado_json(&tornados))?,
        Format::Csv => csv()?,
        Format::Table => table
            .render(super::output::table_width(a.opts.width))
            .trim_start()
            .to_string(),
    })?;
    if let Some(dir) = a.opts.out.as_deref() {
        let mut out = super::output::ReportDir::create(dir)?;
        out.write("tornado.txt", table.render(None).trim_start())?;
        out.write("tornado.json", &json_text(&report::tornado_json(&tornados))?)?;
        out.write("tornado.csv", &csv()?)?;
        let all: Vec<charts::Chart> = tornados.iter().map(|t| charts::tornado_chart(t, table.lang)).collect();
        for c in &all {
            out.write(&c.file, &c.svg)?;
        }
        let html = report::html::page(
            &p.scenario.name,
            table.lang.tr(
                "zhizao tornado: each uncertain input at its 10th and 90th percentile, the others at base, on the same seeds.",
            ),
            None,
            &table,
            &all,
            table.lang,
        );
        out.write("report.html", &html)?;
        out.finish()?;
    }
    Ok(())
}

fn check(a: CheckArgs) -> Result<(), Failure> {
    let expectations = a
        .expect
        .iter()
        .map(|e| Expectation::parse(e))
        .collect::<Result<Vec<_>, _>>()?;
    let p = prepare(&a.file, &a.opts)?;
    let mut names: Vec<&str> = vec![BASELINE];
    for e in &expectations {
        known_variant(&p.scenario, &e.variant, &a.file)?;
        if !names.contains(&e.variant.as_str()) {
            names.push(&e.variant);
        }
    }
    let Some(analysis) = simulate(&p, &p.scenario.select(&names), &a.opts)? else {
        return Ok(());
    };
    let outcomes = expectations
        .iter()
        .map(|e| e.check(&analysis, a.strict))
        .collect::<Result<Vec<_>, _>>()?;
    let table = report::check_table(&analysis, &outcomes, a.strict);
    print_stdout(&match a.opts.format {
        Format::Json => json_text(&report::check_json(&analysis, &outcomes, a.strict))?,
        Format::Table | Format::Csv => table.render(super::output::table_width(a.opts.width)),
    })?;
    write_report(a.opts.out.as_deref(), &analysis, "check", table, None, Vec::new(), &[])?;
    let failed = outcomes.iter().filter(|o| !o.passed).count();
    if failed > 0 {
        return Err(Failure::new(
            Exit::Unmet,
            format!("check failed: {failed} of {} expectations not met", outcomes.len()),
        ));
    }
    Ok(())
}

fn calibrate(a: CalibrateArgs) -> Result<(), Failure> {
    use zhizao_core::calibrate::{Recorded, Verdict};
    super::shard::refuse(&a.opts, "calibrate")?;
    if !(a.tolerance_pct.is_finite() && a.tolerance_pct >= 0.0) {
        return Err(Failure::usage("--tolerance-pct must be 0 or more"));
    }
    let recorded = match (&a.output, &a.over, &a.weekly) {
        (Some(output), Some(over), _) => {
            let hours = duration("over", over)? as f64 / zhizao_core::time::HOUR as f64;
            if !(output.is_finite() && *output > 0.0) || hours <= 0.0 {
                return Err(Failure::usage("--output and --over must be greater than 0"));
            }
            Recorded::Total { output: *output, hours }
        }
        (_, _, Some(path)) => {
            let table = super::data::read(path, a.sheet.as_deref())?;
            Recorded::Weekly(super::data::numbers(&table, a.column.as_deref())?)
        }
        _ => return Err(Failure::usage("give --output N --over DURATION, or --weekly FILE")),
    };
    let p = prepare(&a.file, &a.opts)?;
    let Some(analysis) = simulate(&p, &p.scenario.select(&[BASELINE]), &a.opts)? else {
        return Ok(());
    };
    let base = &analysis.variants[0];
    let c = zhizao_core::calibrate::calibrate(
        &base.replications,
        analysis.settings.warmup,
        analysis.settings.run,
        &recorded,
        a.tolerance_pct / 100.0,
    )
    .map_err(Failure::usage)?;
    let replications = analysis.settings.replications;
    print_stdout(&match a.opts.format {
        Format::Json => json_text(&report::calibration_json(&c, &analysis.scenario, replications))?,
        Format::Table | Format::Csv => report::calibration_table(&c, &analysis.scenario, replications),
    })?;
    if c.verdict != Verdict::Consistent {
        return Err(Failure::new(
            Exit::Unmet,
            format!(
                "calibration: the baseline is {} off the record; fix the model before trusting the variants",
                zhizao_core::format::signed_percent(100.0 * c.relative)
            ),
        ));
    }
    Ok(())
}

fn optimize(a: OptimizeArgs) -> Result<(), Failure> {
    super::shard::refuse(&a.opts, "optimize")?;
    if a.opts.from_install {
        return Err(Failure::usage(
            "--from-install works with run, compare and check; screen and sweep steady runs, then compare the winner --from-install",
        ));
    }
    if !(a.budget.is_finite() && a.budget >= 0.0) {
        return Err(Failure::usage(format!("--budget {} must be 0 or more RMB", a.budget)));
    }
    if a.screen_replications == 0 || a.finalists == 0 {
        return Err(Failure::usage(
            "--screen-replications and --finalists must be at least 1",
        ));
    }
    let screen_run = duration("screen-run", &a.screen_run)?;
    let p = prepare(&a.file, &a.opts)?;
    let confirm = p.settings;
    let options = optimize::Options {
        budget_rmb: a.budget,
        objective: match a.objective {
            ObjectiveArg::Throughput => Objective::Throughput,
            ObjectiveArg::LabourProductivity => Objective::LabourProductivity,
            ObjectiveArg::Npv => Objective::Npv,
            ObjectiveArg::NpvP10 => Objective::NpvP10,
            ObjectiveArg::PaybackChance => Objective::PaybackChance,
        },
        screen: Settings {
            replications: a.screen_replications.min(confirm.replications.max(1)),
            run: screen_run.clamp(1, confirm.run),
            ..confirm
        },
        confirm,
        exact_limit: a.exact_limit,
        finalists: a.finalists,
        max_evaluations: a.max_evaluations,
        tolerance: a.tolerance_pct.max(0.0) / 100.0,
    };
    let bar = Progress::new(a.opts.quiet, a.opts.progress);
    bar.stage("optimising");
    let report_progress = |d, t| bar.report(d, t);
    let control = Control {
        cancel: Some(&progress::STOP),
        progress: Some(&report_progress),
    };
    let outcome = optimize::optimize(&p.scenario, options, control)?;
    bar.finish();
    if progress::STOP.load(std::sync::atomic::Ordering::SeqCst)
        && (!outcome.confirmed || outcome.analysis.interrupted_of.is_some())
    {
        progress::mark_cut();
    }
    let best_ron = outcome
        .ranked
        .first()
        .filter(|placement| !placement.names.is_empty())
        .map(|placement| {
            optimize::as_variant(
                &p.scenario,
                placement,
                &format!("optimised_{}", a.budget.round() as u64),
            )
        });
    let mut table = report::optimize_table(&outcome, super::args::lang(a.opts.lang));
    if let Some(ron) = &best_ron {
        table.blank();
        table.text("The winning placement as a variant (paste into `variants: [...]`):");
        table.pre(ron.clone());
    }
    let json = json_text(&report::optimize_json(&outcome))?;
    print_stdout(&match a.opts.format {
        Format::Json => json.clone(),
        Format::Csv => report::to_csv(&outcome.analysis).map_err(anyhow::Error::from)?,
        Format::Table => table.render(super::output::table_width(a.opts.width)),
    })?;
    if let (Some(path), Some(ron)) = (&a.write_variant, &best_ron) {
        write_atomically(path, format!("{ron}\n").as_bytes())?;
        say(format_args!("wrote the winning placement to {}", path.display()));
    }
    let mut extra = vec![("optimize.json".to_string(), json)];
    if let Some(ron) = &best_ron {
        extra.push(("best_variant.ron".to_string(), format!("{ron}\n")));
    }
    let key = report::placement_key(&outcome, &p.scenario, table.lang);
    Ok(write_report(
        a.opts.out.as_deref(),
        &outcome.analysis,
        "optimisation",
        table,
        None,
        extra,
        &key,
    )?)
}

fn sweep(a: SweepArgs) -> Result<(), Failure> {
    if a.opts.from_install {
        return Err(Failure::usage(
            "--from-install works with run, compare and check; screen and sweep steady runs, then compare the winner --from-install",
        ));
    }
    let kpis = zhizao_core::kpi::LINE_KPIS;
    let k = kpis.iter().position(|d| d.key == a.kpi).ok_or_else(|| {
        let keys: Vec<&str> = kpis.iter().map(|d| d.key).collect();
        Failure::usage(format!("--kpi {}: unknown; KPIs are {}", a.kpi, keys.join(", ")))
    })?;
    let params = a
        .params
        .iter()
        .map(|p| Param::parse(p))
        .collect::<Result<Vec<_>, _>>()?;
    let p = prepare(&a.file, &a.opts)?;
    known_variant(&p.scenario, &a.variant, &a.file)?;
    let points = sweep::points(&p.scenario, &a.variant, &params)?;
    let mut variants = vec![p.scenario.baseline()];
    variants.extend(points.iter().map(|point| &point.variant));
    let Some(analysis) = simulate(&p, &variants, &a.opts)? else {
        return Ok(());
    };
    let labels: Vec<Vec<String>> = points
        .iter()
        .map(|point| point.values.iter().map(sweep::label).collect())
        .collect();
    let names: Vec<String> = params.iter().map(|param| param.path.clone()).collect();
    let table = report::sweep_table(&analysis, &names, &labels, k, super::args::lang(a.opts.lang));
    emit(a.opts.format, a.opts.width, &table, &analysis)?;
    let chart = charts::sweep_chart(&analysis, 1, &labels, &names, k, table.lang);
    Ok(write_report(
        a.opts.out.as_deref(),
        &analysis,
        "sweep",
        table,
        None,
        vec![(chart.file, chart.svg)],
        &[],
    )?)
}

/// Runs `variants` with the prepared settings, a progress bar and Ctrl-C.
/// Past these an experiment needs `--force`: an hour of the machine, 8 GB
/// of results kept.
const FORCE_SECONDS: f64 = 3600.0;
const FORCE_BYTES: f64 = 8e9;

/// Says up front what a long experiment will take, and refuses one past
/// [`FORCE_SECONDS`] or [`FORCE_BYTES`] without `--force`.
pub fn say_estimate(estimate: Option<experiment::Estimate>, opts: &RunOpts) -> Result<(), Failure> {
    let Some(e) = estimate else {
        return Ok(());
    };
    let threads = rayon::current_num_threads();
    let wall = e.cpu_seconds / threads as f64;
    let memory = if e.memory_bytes >= 1e8 {
        format!(", keeping {:.1} GB of results", e.memory_bytes / 1e9)
    } else {
        String::new()
    };
    let what = format!(
        "about {} on {threads} core(s) ({:.1e} events{memory})",
        zhizao_core::format::hours_minutes(wall),
        e.events,
    );
    if !opts.force && (wall > FORCE_SECONDS || e.memory_bytes > FORCE_BYTES) {
        return Err(Failure::usage(format!(
            "this experiment would take {what}; ask for fewer --replications or a shorter --run, or pass --force to run it anyway"
        )));
    }
    if wall > 60.0 && !opts.quiet {
        say(format_args!("note: this will take {what}"));
    }
    Ok(())
}

/// `None` when the command ran as a shard or printed a job script: there
/// is nothing to report.
fn simulate(p: &Prepared, variants: &[&Variant], opts: &RunOpts) -> Result<Option<Analysis>, Failure> {
    if let Some(m) = &opts.merged {
        return super::shard::merged_analysis(p, variants, opts, m).map(Some);
    }
    if let Some(kind) = opts.emit {
        super::shard::emit(p, variants, opts, kind)?;
        return Ok(None);
    }
    if let Some(shard) = &opts.shard {
        super::shard::run_shard(p, variants, opts, shard)?;
        return Ok(None);
    }
    say_estimate(experiment::estimate(variants, &p.settings), opts)?;
    let bar = Progress::new(opts.quiet, opts.progress);
    let report_progress = |d, t| bar.report(d, t);
    let control = Control {
        cancel: Some(&progress::STOP),
        progress: Some(&report_progress),
    };
    let runs = experiment::run_with(variants, &p.settings, &control)?;
    if runs.done() == 0 {
        bar.finish();
        return Err(Failure::new(
            Exit::Interrupted,
            "stopped before any replication was complete; nothing to report",
        ));
    }
    let steady = experiment::analyse(
        &p.scenario.name,
        variants,
        runs,
        &p.settings,
        p.scenario.economics.as_ref(),
    )
    .named(&p.scenario);
    if steady.interrupted_of.is_some() {
        progress::mark_cut();
    }
    if !opts.from_install {
        bar.finish();
        return Ok(Some(steady));
    }
    // The first year from the installation, for its KPIs and year 1's money.
    let first = experiment::from_install(&p.scenario, variants, &steady, &control)?;
    bar.finish();
    if first.interrupted_of.is_some() {
        return Err(Failure::new(
            Exit::Interrupted,
            "stopped before the first year from the installation was complete; nothing to report",
        ));
    }
    Ok(Some(first))
}

/// Whether the command opens a window, which handles its own quitting.
pub fn opens_window(command: &Command) -> bool {
    #[cfg(feature = "gui")]
    if matches!(command, Command::View(_) | Command::Demo(_)) {
        return true;
    }
    let _ = command;
    false
}
