//! Experiments: replications of one or more variants, and their analysis.
//!
//! Replication `r` of every variant uses substream `r` of every random
//! stream, so variants are compared under common random numbers, pair by
//! pair. Replications run in parallel on rayon's pool; results are collected
//! in (variant, replication) order, so they are bit-identical whatever the
//! number of threads.
//!
//! Jobs are started replication by replication (all variants of replication
//! 0, then of 1, ...), so a run stopped early (see [`Control`]) still holds
//! complete pairs: the analysis keeps the replications every variant finished.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use rayon::prelude::*;

use crate::economics::{Economics, Finance, Investment, Side};
use crate::kpi::{LINE_KPIS, ST_BOTTLENECK, STATION_KPIS};
use crate::model::Line;
use crate::scenario::{Scenario, Variant};
use crate::settings::{Engine, Settings};
use crate::sim::{Replication, SimError, Simulation};
use crate::stats::{Difference, Summary};
use crate::time::{Tick, ticks_to_hours};

/// A replication that could not finish.
#[derive(Debug, thiserror::Error)]
#[error("variant \"{variant}\", replication {replication}: {source}")]
pub struct ExperimentError {
    pub variant: String,
    pub replication: u32,
    pub source: SimError,
}

/// Runs one replication: a convenience for tests and front ends. The
/// line's uncertain inputs are drawn as `settings.inputs` says.
pub fn replicate(line: &Arc<Line>, settings: &Settings, replication: u32) -> Result<Replication, SimError> {
    replicate_until_cancelled(line, settings, replication, &Control::default())
        .map(|r| r.expect("nothing asks it to stop"))
}

/// The replication by the departure-time engine, when the settings allow
/// it and the line qualifies (`None`: the event kernel runs it; `Some(None)`:
/// `stop` said to stop).
fn by_recursion(
    line: &Arc<Line>,
    settings: &Settings,
    replication: u32,
    stop: &dyn Fn() -> bool,
) -> Option<Option<Replication>> {
    if settings.engine == Engine::Event {
        return None;
    }
    Simulation::recursion(Arc::clone(line), settings, replication as u64, stop)
}

/// The line of one replication: its uncertain processing times drawn.
pub fn drawn(line: &Arc<Line>, settings: &Settings, replication: u32) -> Arc<Line> {
    match line.drawn(settings.inputs, settings.seed, replication) {
        Some(l) => Arc::new(l),
        None => Arc::clone(line),
    }
}

/// Progress reports and early stopping for long experiments.
#[derive(Clone, Copy, Default)]
pub struct Control<'a> {
    /// When set, replications not yet finished are abandoned.
    pub cancel: Option<&'a AtomicBool>,
    /// Called with (replications done, replications planned) as they finish,
    /// from worker threads.
    pub progress: Option<&'a (dyn Fn(u64, u64) + Sync)>,
}

impl Control<'_> {
    /// Whether a stop was asked for.
    pub fn cancelled(&self) -> bool {
        self.cancel.is_some_and(|c| c.load(Ordering::Relaxed))
    }
}

/// Replications of each variant, paired by index.
#[derive(Clone, Debug)]
pub struct Runs {
    pub replications: Vec<Vec<Replication>>,
    /// Replications per variant that were planned.
    pub planned: u32,
}

impl Runs {
    /// Replications per variant that finished.
    pub fn done(&self) -> u32 {
        self.replications.first().map_or(0, |r| r.len() as u32)
    }
}

/// Runs one replication in slices of events (a few tens of milliseconds
/// each, whatever the simulated time they cover), giving up when cancelled.
fn replicate_until_cancelled(
    line: &Arc<Line>,
    settings: &Settings,
    replication: u32,
    control: &Control,
) -> Result<Option<Replication>, SimError> {
    let line = drawn(line, settings, replication);
    if let Some(r) = by_recursion(&line, settings, replication, &|| control.cancelled()) {
        return Ok(r);
    }
    let mut sim = Simulation::new(line, settings, replication as u64);
    while !sim.is_finished() {
        if control.cancelled() {
            return Ok(None);
        }
        sim.run_chunk(Tick::MAX, crate::sim::CHUNK_EVENTS)?;
    }
    sim.run_to_end().map(Some)
}

/// Events a pilot runs to estimate an experiment (a few milliseconds).
const PILOT_EVENTS: u64 = 5_000;

/// Events of the pilot's first look, which tells a small experiment.
const FIRST_LOOK_EVENTS: u64 = 1_000;

/// An experiment of fewer events than this takes under a minute even at
/// 2 µs an event (a year of the default scenario runs at about 0.13 µs an
/// event: 7.7 M events/s in the `valve_year` bench), so it
/// cannot be refused or warned of: the pilot's first look is enough, and
/// a short run does not pay for the rest.
const SMALL_EXPERIMENT_EVENTS: f64 = 3e7;

/// What an experiment will take, roughly: for a warning before a long run
/// and a refusal before one that cannot be meant.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// Events of every replication of every variant.
    pub events: f64,
    /// Seconds of one core.
    pub cpu_seconds: f64,
    /// Bytes of the replications' results kept for the analysis.
    pub memory_bytes: f64,
}

/// Estimates an experiment from a pilot of [`PILOT_EVENTS`] events of the
/// first variant's first replication, as if every variant cost the same.
/// The pilot stops after [`FIRST_LOOK_EVENTS`] when these show an
/// experiment of fewer than [`SMALL_EXPERIMENT_EVENTS`] events: a count,
/// not a time, decides, so the same experiment always runs the same pilot.
/// `None` when the pilot cannot tell (it failed, or simulated no time).
pub fn estimate(variants: &[&Variant], settings: &Settings) -> Option<Estimate> {
    let first = variants.first()?;
    let started = std::time::Instant::now();
    let line = drawn(&first.line, settings, 0);
    let mut sim = Simulation::new(Arc::clone(&line), settings, 0);
    let horizon = settings.warmup.saturating_add(settings.run) as f64;
    let replications = settings.replications as f64 * variants.len() as f64;
    let per_replication = |sim: &Simulation| {
        let (events, now) = (sim.events() as f64, sim.now() as f64);
        if sim.is_finished() || now >= horizon {
            Some(events)
        } else if now > 0.0 {
            Some(events / now * horizon)
        } else {
            None
        }
    };
    sim.run_chunk(Tick::MAX, FIRST_LOOK_EVENTS).ok()?;
    let small = per_replication(&sim).is_some_and(|e| e * replications < SMALL_EXPERIMENT_EVENTS);
    if !small && !sim.is_finished() {
        sim.run_chunk(Tick::MAX, PILOT_EVENTS - FIRST_LOOK_EVENTS).ok()?;
    }
    let seconds = started.elapsed().as_secs_f64().max(1e-6);
    let (events, now) = (sim.events() as f64, sim.now() as f64);
    let per_replication = per_replication(&sim)?;
    // A replication keeps its time series (about 6.5 kB) and its KPIs.
    let kept = 6_500.0 + 250.0 * first.line.stations.len() as f64;
    let mut per_event = seconds / events.max(1.0);
    if !small && now > 0.0 && now < horizon {
        // The recursion's own cost, from a pilot of its own over a stretch
        // of the run four times longer: it is three to four times faster per
        // event, so the two pilots take about as long (a millisecond or so).
        let stretch = Settings {
            warmup: 0,
            run: (sim.now() * 4).min(settings.warmup.saturating_add(settings.run)),
            ..*settings
        };
        let started = std::time::Instant::now();
        if let Some(Some(r)) = by_recursion(&line, &stretch, 0, &|| false) {
            per_event = started.elapsed().as_secs_f64().max(1e-6) / (r.events as f64).max(1.0);
        }
    }
    Some(Estimate {
        events: per_replication * replications,
        cpu_seconds: per_event * per_replication * replications,
        memory_bytes: kept * replications,
    })
}

/// Runs every replication of every variant, in parallel.
pub fn run(variants: &[&Variant], settings: &Settings) -> Result<Vec<Vec<Replication>>, ExperimentError> {
    Ok(run_with(variants, settings, &Control::default())?.replications)
}

/// [`run`] with progress reports and early stopping. When stopped, each
/// variant keeps the replications that finished for every variant.
pub fn run_with(variants: &[&Variant], settings: &Settings, control: &Control) -> Result<Runs, ExperimentError> {
    let all = jobs(variants.len(), settings.replications);
    let results = run_jobs(variants, settings, &all, control)?;
    Ok(collect(variants.len(), settings.replications, &all, results))
}

/// Every (variant, replication) of an experiment, in the order they are
/// started and split into shards: all variants of replication 0, then of
/// 1, ...
pub fn jobs(variants: usize, replications: u32) -> Vec<(usize, u32)> {
    (0..replications)
        .flat_map(|r| (0..variants).map(move |v| (v, r)))
        .collect()
}

/// Runs the given (variant, replication) jobs in parallel; a job is `None`
/// when a stop was asked for before it finished.
pub fn run_jobs(
    variants: &[&Variant],
    settings: &Settings,
    jobs: &[(usize, u32)],
    control: &Control,
) -> Result<Vec<Option<Replication>>, ExperimentError> {
    let total = jobs.len() as u64;
    let done = AtomicU64::new(0);
    jobs.par_iter()
        .map(|&(v, r)| {
            let out = replicate_until_cancelled(&variants[v].line, settings, r, control).map_err(|source| {
                ExperimentError {
                    variant: variants[v].name.clone(),
                    replication: r,
                    source,
                }
            })?;
            if out.is_some()
                && let Some(report) = control.progress
            {
                report(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            }
            Ok(out)
        })
        .collect()
}

/// The runs of an experiment of `variants` x `planned` replications from
/// the results of `jobs` (each job at most once): each variant keeps the
/// replications, in order, that finished for every variant.
pub fn collect(variants: usize, planned: u32, jobs: &[(usize, u32)], results: Vec<Option<Replication>>) -> Runs {
    let mut by_rep: Vec<Vec<Option<Replication>>> = (0..planned).map(|_| vec![None; variants]).collect();
    for (&(v, r), res) in jobs.iter().zip(results) {
        by_rep[r as usize][v] = res;
    }
    let mut out: Vec<Vec<Replication>> = (0..variants).map(|_| Vec::new()).collect();
    for reps in by_rep {
        if reps.iter().all(Option::is_some) {
            for (v, rep) in reps.into_iter().enumerate() {
                out[v].push(rep.expect("checked"));
            }
        }
    }
    Runs {
        replications: out,
        planned,
    }
}

/// Statistics of one station over replications.
#[derive(Clone, Debug)]
pub struct StationAnalysis {
    pub name: String,
    /// Its name in Chinese, when the scenario gives one.
    pub label: Option<String>,
    pub kind: &'static str,
    pub servers: u32,
    /// Indexed like [`STATION_KPIS`].
    pub kpis: Vec<Summary>,
}

/// Statistics of one operator pool over replications.
#[derive(Clone, Debug)]
pub struct PoolAnalysis {
    pub name: String,
    /// Its name in Chinese, when the scenario gives one.
    pub label: Option<String>,
    /// Operators present per shift.
    pub headcount: u32,
    /// Time held by a task / on-shift time.
    pub utilisation: Summary,
}

/// Statistics of one variant over replications.
#[derive(Clone, Debug)]
pub struct VariantAnalysis {
    pub name: String,
    /// Its name in Chinese, when the scenario gives one.
    pub label: Option<String>,
    pub description: String,
    pub capital_cost_rmb: f64,
    /// Indexed like [`LINE_KPIS`].
    pub kpis: Vec<Summary>,
    pub stations: Vec<StationAnalysis>,
    pub pools: Vec<PoolAnalysis>,
    /// Warm-up suggested by MSER-5 on the replication-averaged WIP series,
    /// hours; `None` when the series is too short to judge.
    pub suggested_warmup_hours: Option<f64>,
    /// Paired differences against the baseline, indexed like [`LINE_KPIS`];
    /// `None` for the baseline itself or when it was not run.
    pub vs_baseline: Option<Vec<Difference>>,
    /// What the variant's changes cost.
    pub investments: Vec<Investment>,
    /// Money against the baseline, when the scenario has economics and the
    /// baseline was run; `None` for the baseline itself.
    pub finance: Option<Finance>,
    pub replications: Vec<Replication>,
    /// The station the line OEE is taken at: the measured bottleneck (the
    /// largest mean bottleneck share; the static constraint when no station
    /// was ever the bottleneck).
    pub oee_station: usize,
    /// The baseline's OEE is taken at another station, so OEE, availability
    /// and performance are not like for like: their verdict is "changed".
    pub oee_moved: bool,
    /// The policy indicators, indexed like [`crate::indicators::INDICATORS`].
    pub indicators: Vec<f64>,
}

/// The measured bottleneck of a variant's replications: the station with
/// the largest mean bottleneck share, or the static constraint.
fn oee_station(line: &crate::model::Line, reps: &[Replication]) -> usize {
    let n = reps.len().max(1) as f64;
    let shares: Vec<f64> = (0..line.stations.len())
        .map(|s| reps.iter().map(|r| r.stations[s][ST_BOTTLENECK]).sum::<f64>() / n)
        .collect();
    crate::sim::largest_share(&shares).unwrap_or_else(|| line.constraint())
}

impl VariantAnalysis {
    /// The station that is most often the momentary bottleneck, with its
    /// mean share of the time; `None` when no station was ever active.
    pub fn bottleneck(&self) -> Option<(&StationAnalysis, f64)> {
        let shares: Vec<f64> = self.stations.iter().map(|s| s.kpis[ST_BOTTLENECK].mean).collect();
        crate::sim::largest_share(&shares).map(|s| (&self.stations[s], shares[s]))
    }

    /// The station the line OEE is taken at, with the number of
    /// replications in which it was that replication's own bottleneck.
    pub fn oee_reference(&self) -> Option<(&StationAnalysis, usize)> {
        let st = self.stations.get(self.oee_station)?;
        let n = self
            .replications
            .iter()
            .filter(|r| r.oee_station == self.oee_station)
            .count();
        Some((st, n))
    }

    /// True when incoming orders, not a station, set the output: the line
    /// waited for orders in more than a tenth of its planned time.
    pub fn demand_limited(&self) -> Option<f64> {
        let share = self.kpis[crate::kpi::WAITING_FOR_ORDERS].mean;
        (share > 0.1).then_some(share)
    }
}

/// A finished experiment.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub scenario: String,
    /// The scenario's name in Chinese, when it gives one.
    pub scenario_label: Option<String>,
    pub settings: Settings,
    pub variants: Vec<VariantAnalysis>,
    /// Caveats a reader of the numbers should know.
    pub warnings: Vec<String>,
    pub economics: Option<Economics>,
    /// Replications per variant planned, when the run was stopped early
    /// (`settings.replications` then says how many finished).
    pub interrupted_of: Option<u32>,
}

impl Analysis {
    /// The analysis with the scenario's Chinese name, when it has one.
    pub fn named(mut self, scenario: &Scenario) -> Analysis {
        self.scenario_label = scenario.label.clone();
        self
    }
}

/// Runs `names` (all variants when empty) of `scenario` and analyses them.
/// When the baseline is among them, every other variant is compared with it.
pub fn evaluate(scenario: &Scenario, names: &[&str], settings: &Settings) -> Result<Analysis, ExperimentError> {
    let chosen = scenario.select(names);
    let runs = run_with(&chosen, settings, &Control::default())?;
    Ok(analyse(&scenario.name, &chosen, runs, settings, scenario.economics.as_ref()).named(scenario))
}

/// The settings of a run from the installation: no warm-up, one year
/// (365 days) measured.
pub fn first_year(settings: &Settings) -> Settings {
    Settings {
        warmup: 0,
        run: 365 * crate::time::DAY,
        ..*settings
    }
}

/// The variants with time 0 at their installation (ramp-up in effect).
pub fn installing(variants: &[&Variant]) -> Vec<Variant> {
    variants
        .iter()
        .map(|v| Variant {
            line: Arc::new(v.line.from_install()),
            ..(*v).clone()
        })
        .collect()
}

/// Replaces the finances of `first` (a year from the installation) by
/// those with that first year and steady years after it (`steady`).
pub fn join_first_year(first: &mut Analysis, steady: &Analysis) {
    let Some(e) = first.economics.clone() else { return };
    for v in &mut first.variants {
        let s = steady.variants.iter().find(|s| s.name == v.name);
        if let (Some(f1), Some(fs)) = (&v.finance, s.and_then(|s| s.finance.as_ref())) {
            v.finance = Some(e.with_first_year(fs, f1));
        }
    }
    // Counting the start-up is the point here, not a flaw of the run.
    first
        .warnings
        .retain(|w| !w.contains("MSER on WIP") && !w.starts_with("no warm-up"));
    first.warnings.push(
        "KPIs are those of the first year from the installation (ramp-up included, no warm-up); the money figures take that year as year 1 and the steady run for the years after".into(),
    );
}

/// [`evaluate`] from the installation: the first year simulated with the
/// ramp-up, the steady run for the later years' money.
pub fn evaluate_from_install(
    scenario: &Scenario,
    names: &[&str],
    settings: &Settings,
) -> Result<Analysis, ExperimentError> {
    let steady = evaluate(scenario, names, settings)?;
    from_install(scenario, &scenario.select(names), &steady, &Control::default())
}

/// The first year from the installation of `variants` (whose steady
/// analysis is `steady`), with the money of [`join_first_year`].
pub fn from_install(
    scenario: &Scenario,
    variants: &[&Variant],
    steady: &Analysis,
    control: &Control,
) -> Result<Analysis, ExperimentError> {
    let new = installing(variants);
    let refs: Vec<&Variant> = new.iter().collect();
    let runs = run_with(&refs, &first_year(&steady.settings), control)?;
    Ok(from_install_runs(scenario, variants, steady, runs))
}

/// [`from_install`] with the first year's runs done already (of
/// [`installing`] `variants` with [`first_year`] settings).
pub fn from_install_runs(scenario: &Scenario, variants: &[&Variant], steady: &Analysis, runs: Runs) -> Analysis {
    let new = installing(variants);
    let refs: Vec<&Variant> = new.iter().collect();
    let year = first_year(&steady.settings);
    let mut first = analyse(&scenario.name, &refs, runs, &year, scenario.economics.as_ref()).named(scenario);
    join_first_year(&mut first, steady);
    first
}

/// The WIP series averaged over replications, with its bucket length in
/// hours and the first bucket after the warm-up.
struct MeanWip {
    series: Vec<f64>,
    bucket_hours: f64,
    start: usize,
}

impl MeanWip {
    fn of(reps: &[Replication], warmup: Tick) -> Option<MeanWip> {
        let bucket_hours = reps.first()?.series_bucket_hours;
        let len = reps.iter().map(|r| r.series_wip.len()).min()?;
        let series: Vec<f64> = (0..len)
            .map(|i| reps.iter().map(|r| r.series_wip[i]).sum::<f64>() / reps.len() as f64)
            .collect();
        let start = ((ticks_to_hours(warmup) / bucket_hours).ceil() as usize).min(len);
        Some(MeanWip {
            series,
            bucket_hours,
            start,
        })
    }

    /// Mean over buckets `from..to`.
    fn mean(&self, from: usize, to: usize) -> f64 {
        self.series[from..to].iter().sum::<f64>() / (to - from) as f64
    }
}

/// Warm-up suggested by MSER on the WIP series averaged over replications,
/// hours: MSER-5 on fine buckets, or batches of one week when the buckets
/// are already whole weeks (lines with shift calendars).
pub fn suggest_warmup(reps: &[Replication]) -> Option<f64> {
    let w = MeanWip::of(reps, 0)?;
    let batch = if w.bucket_hours >= 168.0 { 1 } else { 5 };
    crate::stats::mser(&w.series, batch).map(|cut| cut as f64 * w.bucket_hours)
}

/// The most stations a note names; beyond them it counts the rest.
const NOTE_STATIONS: usize = 10;

/// Stations for a note: all of them when there are at most
/// [`NOTE_STATIONS`], else the first ones and how many more (a line of a
/// thousand stations would otherwise fill the screen with one note).
fn station_list(names: &[&str]) -> String {
    if names.len() <= NOTE_STATIONS {
        return names.join(", ");
    }
    format!(
        "{} and {} more stations",
        names[..NOTE_STATIONS].join(", "),
        names.len() - NOTE_STATIONS
    )
}

/// Hours for a sentence: "0.4 h", "12 h", "1,250 h".
fn hours(h: f64) -> String {
    if h < 10.0 {
        format!("{h:.1} h")
    } else {
        format!("{h:.0} h")
    }
}

/// When MSER suggests a longer warm-up than the one used, whether that
/// matters: the relative difference between the mean WIP from the end of
/// the warm-up to the suggested cut and the mean WIP after the cut, if above
/// 5%. On a series that is already steady, MSER's cut falls anywhere by
/// chance; this keeps such noise from raising a false alarm.
pub fn start_up_bias(reps: &[Replication], settings: &Settings, cut_hours: f64) -> Option<f64> {
    let w = MeanWip::of(reps, settings.warmup)?;
    let cut = (cut_hours / w.bucket_hours).round() as usize;
    if cut <= w.start || cut >= w.series.len() {
        return None;
    }
    let (early, steady) = (w.mean(w.start, cut), w.mean(cut, w.series.len()));
    let bias = (early - steady).abs() / steady.abs().max(1e-9);
    (bias > 0.05).then_some(bias)
}

/// Detects WIP that grows without bound: the mean WIP of the second half of
/// the measured run is well above that of the first half. Returns a short
/// description of the growth.
pub fn wip_growth(reps: &[Replication], settings: &Settings) -> Option<String> {
    let w = MeanWip::of(reps, settings.warmup)?;
    let len = w.series.len();
    if len - w.start < 10 {
        return None;
    }
    let mid = w.start + (len - w.start) / 2;
    let (early, late) = (w.mean(w.start, mid), w.mean(mid, len));
    (late > 1.5 * early + 5.0).then(|| format!("mean WIP {early:.0} in the first half, {late:.0} in the second"))
}

/// Summaries, paired comparisons and (with `economics`) finances of
/// finished runs.
pub fn analyse(
    scenario: &str,
    variants: &[&Variant],
    runs: Runs,
    settings: &Settings,
    economics: Option<&Economics>,
) -> Analysis {
    let interrupted_of = (runs.done() < runs.planned).then_some(runs.planned);
    let settings = &Settings {
        replications: runs.done(),
        ..*settings
    };
    // The line OEE of a variant is taken at one station, its measured
    // bottleneck over all replications (the station the report names), so
    // that replications and the paired comparison are like for like.
    let mut runs = runs.replications;
    let oee_stations: Vec<usize> = variants
        .iter()
        .zip(runs.iter_mut())
        .map(|(v, reps)| {
            let s = oee_station(&v.line, reps);
            for r in reps.iter_mut() {
                r.at_oee_station(s);
            }
            s
        })
        .collect();
    let column = |reps: &[Replication], k: usize| reps.iter().map(|r| r.line[k]).collect::<Vec<f64>>();
    let baseline = variants.iter().position(|v| v.name == crate::scenario::BASELINE);
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    for ((v, reps), &oee_station) in variants.iter().zip(&runs).zip(&oee_stations) {
        let kpis = (0..LINE_KPIS.len()).map(|k| Summary::of(&column(reps, k))).collect();
        let stations = v
            .line
            .stations
            .iter()
            .enumerate()
            .map(|(s, st)| StationAnalysis {
                name: st.name.clone(),
                label: st.label.clone(),
                kind: st.kind.label(),
                servers: st.servers,
                kpis: (0..STATION_KPIS.len())
                    .map(|k| Summary::of(&reps.iter().map(|r| r.stations[s][k]).collect::<Vec<_>>()))
                    .collect(),
            })
            .collect();
        let vs_baseline = match baseline {
            Some(b) if variants[b].name != v.name => Some(
                (0..LINE_KPIS.len())
                    .map(|k| Difference::paired(&column(reps, k), &column(&runs[b], k)))
                    .collect(),
            ),
            _ => None,
        };
        if let Some(growth) = wip_growth(reps, settings) {
            warnings.push(format!(
                "variant \"{}\": WIP keeps growing through the run ({growth}); a station cannot keep up with its input, so results depend on the run length",
                v.name
            ));
        }
        let defaulted: Vec<&str> = v
            .line
            .stations
            .iter()
            .filter(|s| !s.ideal_given)
            .map(|s| s.name.as_str())
            .collect();
        if !defaulted.is_empty() {
            warnings.push(format!(
                "variant \"{}\": no ideal_cycle for {}: the mean cycle is the OEE performance reference there, so speed loss does not show",
                v.name,
                station_list(&defaulted)
            ));
        }
        let suggested_warmup_hours = suggest_warmup(reps);
        if let Some(h) = suggested_warmup_hours
            && let Some(bias) = start_up_bias(reps, settings, h)
        {
            warnings.push(format!(
                "variant \"{}\": MSER on WIP suggests a warm-up of about {}, longer than the {} used; mean WIP between the two differs by {:.0}% from later on",
                v.name,
                hours(h),
                hours(ticks_to_hours(settings.warmup)),
                100.0 * bias
            ));
        }
        let pools = v
            .line
            .pools
            .iter()
            .enumerate()
            .map(|(p, pool)| PoolAnalysis {
                name: pool.name.clone(),
                label: pool.label.clone(),
                headcount: pool.headcount,
                utilisation: Summary::of(&reps.iter().map(|r| r.pools[p]).collect::<Vec<_>>()),
            })
            .collect();
        let finance = match (economics, baseline) {
            (Some(e), Some(b)) if variants[b].name != v.name => Some(e.finance(
                Side {
                    line: &v.line,
                    items: &v.investments,
                    people: &v.people,
                    reps,
                },
                Side {
                    line: &variants[b].line,
                    items: &[],
                    people: &variants[b].people,
                    reps: &runs[b],
                },
                settings.run,
                settings.inputs,
                settings.seed,
            )),
            _ => None,
        };
        let oee_moved = baseline
            .is_some_and(|b| variants[b].line.stations[oee_stations[b]].name != v.line.stations[oee_station].name);
        let indicators = crate::indicators::indicators(&v.line, &v.people, economics, reps, settings.run);
        out.push(VariantAnalysis {
            indicators,
            oee_station,
            oee_moved,
            investments: v.investments.clone(),
            finance,
            pools,
            suggested_warmup_hours,
            name: v.name.clone(),
            label: v.label.clone(),
            description: v.description.clone(),
            capital_cost_rmb: v.capital_cost_rmb(),
            kpis,
            stations,
            vs_baseline,
            replications: reps.clone(),
        });
    }
    if settings.warmup > 0 && settings.run < 10 * settings.warmup {
        warnings.push(format!(
            "the run ({:.0} h) is shorter than 10 x the warm-up ({:.0} h); results may still carry start-up effects",
            ticks_to_hours(settings.run),
            ticks_to_hours(settings.warmup)
        ));
    }
    if settings.warmup == 0 {
        warnings.push("no warm-up: the line starts empty and the start-up is counted in every KPI".into());
    }
    if let Some(planned) = interrupted_of {
        warnings.push(format!(
            "stopped early: {} of {planned} replications finished for every variant; the figures use those",
            settings.replications
        ));
    }
    if settings.replications < 2 {
        warnings.push("one replication gives no confidence intervals; use 10 or more to compare variants".into());
    }
    Analysis {
        scenario: scenario.to_string(),
        scenario_label: None,
        settings: *settings,
        variants: out,
        warnings,
        economics: economics.cloned(),
        interrupted_of,
    }
}
