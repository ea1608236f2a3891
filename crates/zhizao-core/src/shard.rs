//! One experiment split across machines, and put back together exactly.
//!
//! A result is a pure function of (scenario, variant or sweep point,
//! replication, settings): replication `r` uses substream `r` of every random
//! stream wherever it runs. So the (variant, replication) grid of an
//! experiment, in the order [`crate::experiment::jobs`] lists it, is cut into
//! `N` contiguous blocks of nearly equal size; shard `K` (1-based) runs block
//! `K` and writes a [`Part`]: what was run (program, command, scenario
//! fingerprint, settings, the exact job list) and each replication's results,
//! every number to the bit. [`merge`] checks that the parts belong together,
//! lists what is missing, and returns the runs as one machine would have
//! produced them, so every table and file made from them is byte-identical.
//!
//! A command may run more than one experiment (with `--from-install`, the
//! steady runs and the first year from the installation); each is split the
//! same way and a part holds its block of each.

use std::fmt;
use std::ops::Range;

use serde_json::{Value, json};

use crate::experiment::{Runs, jobs};
use crate::settings::Settings;
use crate::sim::Replication;
use crate::uncertain::Inputs;

/// The format of a part file; a part of another format is refused.
pub const PART_FORMAT: u32 = 1;

/// Most shards: Slurm's default `MaxArraySize` is 1001 (tasks 0 to 1000).
pub const MAX_SHARDS: u32 = 1000;

/// Shard `index` of `count` (1-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// Checks `index` of `count`.
    pub fn new(index: u32, count: u32) -> Result<Shard, String> {
        if count == 0 || count > MAX_SHARDS {
            return Err(format!("a shard count must be 1 to {MAX_SHARDS} (got {count})"));
        }
        if index == 0 || index > count {
            return Err(format!("shard {index} of {count}: the index runs from 1 to {count}"));
        }
        Ok(Shard { index, count })
    }

    /// `K/N`, e.g. `2/8`.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let bad = || format!("--shard \"{text}\": write K/N with 1 <= K <= N, e.g. 2/8, or auto");
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let k: u32 = k.trim().parse().map_err(|_| bad())?;
        let n: u32 = n.trim().parse().map_err(|_| bad())?;
        Shard::new(k, n).map_err(|e| format!("--shard {text}: {e}"))
    }

    /// The shard of a job-array task, from its environment (`get` reads a
    /// variable): a Slurm array task (`SLURM_ARRAY_TASK_ID` counted from
    /// `SLURM_ARRAY_TASK_MIN`, of `SLURM_ARRAY_TASK_COUNT`), or a Kubernetes
    /// Indexed Job pod (`JOB_COMPLETION_INDEX` from 0, of
    /// `ZHIZAO_SHARD_COUNT`, which the emitted manifest sets).
    pub fn from_env(get: &dyn Fn(&str) -> Option<String>) -> Result<Shard, String> {
        let number = |name: &str| -> Result<Option<u32>, String> {
            match get(name) {
                None => Ok(None),
                Some(v) => v
                    .trim()
                    .parse()
                    .map(Some)
                    .map_err(|_| format!("--shard auto: {name}=\"{v}\" is not a whole number")),
            }
        };
        if let Some(id) = number("SLURM_ARRAY_TASK_ID")? {
            let count = number("SLURM_ARRAY_TASK_COUNT")?
                .ok_or("--shard auto: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not")?;
            let min = number("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
            if number("SLURM_ARRAY_TASK_STEP")?.is_some_and(|s| s != 1) {
                return Err("--shard auto: the array must number its tasks one by one (--array=1-N)".into());
            }
            let max = number("SLURM_ARRAY_TASK_MAX")?;
            if max.is_some_and(|max| max.checked_sub(min).map(|d| d + 1) != Some(count)) {
                return Err(
                    "--shard auto: the array has gaps (its task count is not MAX - MIN + 1); submit it as --array=1-N"
                        .into(),
                );
            }
            let index = id
                .checked_sub(min)
                .ok_or("--shard auto: SLURM_ARRAY_TASK_ID is below SLURM_ARRAY_TASK_MIN")?;
            return Shard::new(index + 1, count).map_err(|e| format!("--shard auto: {e}"));
        }
        if let Some(index) = number("JOB_COMPLETION_INDEX")? {
            let count = number("ZHIZAO_SHARD_COUNT")?.ok_or(
                "--shard auto: JOB_COMPLETION_INDEX is set but ZHIZAO_SHARD_COUNT is not (set it to the Job's completions)",
            )?;
            return Shard::new(index + 1, count).map_err(|e| format!("--shard auto: {e}"));
        }
        Err(
            "--shard auto: not in a job array (no SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX); write --shard K/N"
                .into(),
        )
    }

    /// This shard's block of `total` jobs: `[(K-1)·total/N, K·total/N)`.
    /// Blocks of consecutive shards touch, and together cover every job.
    pub fn block(&self, total: usize) -> Range<usize> {
        let at = |k: u32| (k as u128 * total as u128 / self.count as u128) as usize;
        at(self.index - 1)..at(self.index)
    }
}

/// A stable fingerprint of text (64-bit FNV-1a), in hex.
pub fn fingerprint(texts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for t in texts {
        for b in t.bytes().chain([0xff]) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// One experiment's block in a part.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// The variants (or sweep points) of the experiment, in order.
    pub variants: Vec<String>,
    pub settings: Settings,
    /// The (variant index, replication) pairs run, in grid order.
    pub jobs: Vec<(usize, u32)>,
    /// Their results, one per job.
    pub results: Vec<Replication>,
}

/// What a shard wrote.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    /// The program and its build; parts of different programs are refused.
    pub program: String,
    /// The command's arguments after the program name, without the options
    /// that only say how to run it (`--shard`, `--part`, `--threads`,
    /// `--format`, `--out`, progress).
    pub command: Vec<String>,
    pub scenario: String,
    /// [`crate::scenario::Scenario::fingerprint`] of the scenario run.
    pub fingerprint: String,
    pub shard: Shard,
    pub experiments: Vec<Block>,
}

/// Why parts cannot be read or merged.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MergeError {
    #[error("{0}")]
    Unreadable(String),
    #[error("{what} differ: {first} in {first_file}, {other} in {other_file}; parts of one experiment only")]
    Mismatch {
        what: &'static str,
        first: String,
        first_file: String,
        other: String,
        other_file: String,
    },
    #[error("{file}: {problem}")]
    Inconsistent { file: String, problem: String },
    #[error("{} of {count} shards missing", missing.len())]
    Missing {
        count: u32,
        /// Shard indices missing, with the (experiment, variant, replication
        /// range) pairs each would have computed.
        missing: Vec<(u32, Vec<String>)>,
    },
}

fn setting_json(s: &Settings) -> Result<Value, String> {
    let inputs = match s.inputs {
        Inputs::Sampled => "sampled",
        Inputs::Base => "base",
        Inputs::One { .. } => return Err("a sensitivity run cannot be sharded".into()),
    };
    Ok(json!({
        "replications": s.replications,
        "seed": s.seed.to_string(),
        "warmup_ms": s.warmup.to_string(),
        "run_ms": s.run.to_string(),
        "inputs": inputs,
    }))
}

/// A number to the bit: finite ones as JSON numbers (shortest text that
/// reads back to the same bits), others as strings.
fn num(x: f64) -> Value {
    if x.is_finite() {
        json!(x)
    } else if x.is_nan() {
        json!("NaN")
    } else if x > 0.0 {
        json!("inf")
    } else {
        json!("-inf")
    }
}

fn nums(xs: &[f64]) -> Value {
    Value::Array(xs.iter().map(|&x| num(x)).collect())
}

fn replication_json(r: &Replication) -> Value {
    json!({
        "replication": r.replication,
        "line": nums(&r.line),
        "stations": r.stations.iter().map(|s| nums(s)).collect::<Vec<_>>(),
        "released": r.released,
        "finished": r.finished,
        "scrapped": r.scrapped,
        "consumed": r.consumed,
        "from_stock": r.from_stock,
        "in_process": r.in_process,
        "in_process_at_start": r.in_process_at_start,
        "pools": nums(&r.pools),
        "events": r.events,
        "oee_station": r.oee_station,
        "flow_time_all_hours": num(r.flow_time_all_hours),
        "series_bucket_hours": num(r.series_bucket_hours),
        "series_wip": nums(&r.series_wip),
        "series_good": r.series_good,
    })
}

impl Part {
    /// The part as JSON text (one line).
    pub fn to_json(&self) -> Result<String, String> {
        let experiments = self
            .experiments
            .iter()
            .map(|b| {
                Ok(json!({
                    "variants": b.variants,
                    "settings": setting_json(&b.settings)?,
                    "jobs": b.jobs.iter().map(|&(v, r)| json!([v, r])).collect::<Vec<_>>(),
                    "results": b.results.iter().map(replication_json).collect::<Vec<_>>(),
                }))
            })
            .collect::<Result<Vec<_>, String>>()?;
        let v = json!({
            "zhizao_part": PART_FORMAT,
            "program": self.program,
            "command": self.command,
            "scenario": self.scenario,
            "fingerprint": self.fingerprint,
            "shard": [self.shard.index, self.shard.count],
            "experiments": experiments,
        });
        serde_json::to_string(&v).map_err(|e| e.to_string())
    }

    /// Reads a part written by [`Part::to_json`].
    pub fn from_json(text: &str) -> Result<Part, String> {
        let v: Value = serde_json::from_str(text).map_err(|e| format!("not a part file: {e}"))?;
        let r = Reader(&v);
        match r.get("zhizao_part")?.0.as_u64() {
            Some(f) if f == PART_FORMAT as u64 => {}
            _ => {
                return Err(format!(
                    "not a part file of this program (format {PART_FORMAT} expected)"
                ));
            }
        }
        let shard = r.get("shard")?.array()?;
        if shard.len() != 2 {
            return Err("shard: expected [index, count]".into());
        }
        let shard = Shard::new(Reader(&shard[0]).u32()?, Reader(&shard[1]).u32()?)?;
        let experiments = r
            .get("experiments")?
            .array()?
            .iter()
            .map(|b| block(Reader(b)))
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Part {
            program: r.get("program")?.string()?,
            command: r
                .get("command")?
                .array()?
                .iter()
                .map(|a| Reader(a).string())
                .collect::<Result<_, _>>()?,
            scenario: r.get("scenario")?.string()?,
            fingerprint: r.get("fingerprint")?.string()?,
            shard,
            experiments,
        })
    }
}

/// Typed access to a part's JSON with a message naming the field.
#[derive(Clone, Copy)]
struct Reader<'a>(&'a Value);

impl<'a> Reader<'a> {
    fn get(&self, key: &str) -> Result<Reader<'a>, String> {
        self.0
            .get(key)
            .map(Reader)
            .ok_or_else(|| format!("field \"{key}\" missing"))
    }
    fn array(&self) -> Result<&'a Vec<Value>, String> {
        self.0
            .as_array()
            .ok_or_else(|| format!("expected a list, found {}", self.0))
    }
    fn string(&self) -> Result<String, String> {
        self.0
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("expected text, found {}", self.0))
    }
    fn u64(&self) -> Result<u64, String> {
        match self.0 {
            Value::String(s) => s.parse().ok(),
            v => v.as_u64(),
        }
        .ok_or_else(|| format!("expected a whole number, found {}", self.0))
    }
    fn u32(&self) -> Result<u32, String> {
        u32::try_from(self.u64()?).map_err(|_| format!("{} is too large", self.0))
    }
    fn f64(&self) -> Result<f64, String> {
        match self.0 {
            Value::String(s) if s == "NaN" => Ok(f64::NAN),
            Value::String(s) if s == "inf" => Ok(f64::INFINITY),
            Value::String(s) if s == "-inf" => Ok(f64::NEG_INFINITY),
            v => v.as_f64().ok_or_else(|| format!("expected a number, found {v}")),
        }
    }
    fn f64s(&self) -> Result<Vec<f64>, String> {
        self.array()?.iter().map(|x| Reader(x).f64()).collect()
    }
}

fn block(b: Reader) -> Result<Block, String> {
    let s = b.get("settings")?;
    let settings = Settings {
        replications: s.get("replications")?.u32()?,
        seed: s.get("seed")?.u64()?,
        warmup: s.get("warmup_ms")?.u64()?,
        run: s.get("run_ms")?.u64()?,
        inputs: match s.get("inputs")?.string()?.as_str() {
            "sampled" => Inputs::Sampled,
            "base" => Inputs::Base,
            other => return Err(format!("inputs \"{other}\": expected sampled or base")),
        },
        // Not recorded: the engines give the same results, so parts run on
        // either merge.
        engine: Default::default(),
    };
    let jobs = b
        .get("jobs")?
        .array()?
        .iter()
        .map(|j| match j.as_array().map(Vec::as_slice) {
            Some([v, r]) => Ok((Reader(v).u64()? as usize, Reader(r).u32()?)),
            _ => Err(format!("job {j}: expected [variant, replication]")),
        })
        .collect::<Result<Vec<_>, String>>()?;
    let results = b
        .get("results")?
        .array()?
        .iter()
        .map(|r| replication(Reader(r)))
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Block {
        variants: b
            .get("variants")?
            .array()?
            .iter()
            .map(|a| Reader(a).string())
            .collect::<Result<_, _>>()?,
        settings,
        jobs,
        results,
    })
}

fn replication(r: Reader) -> Result<Replication, String> {
    Ok(Replication {
        replication: r.get("replication")?.u32()?,
        line: r.get("line")?.f64s()?,
        stations: r
            .get("stations")?
            .array()?
            .iter()
            .map(|s| Reader(s).f64s())
            .collect::<Result<_, _>>()?,
        released: r.get("released")?.u64()?,
        finished: r.get("finished")?.u64()?,
        scrapped: r.get("scrapped")?.u64()?,
        consumed: r.get("consumed")?.u64()?,
        from_stock: r.get("from_stock")?.u64()?,
        in_process: r.get("in_process")?.u64()?,
        in_process_at_start: r.get("in_process_at_start")?.u64()?,
        pools: r.get("pools")?.f64s()?,
        events: r.get("events")?.u64()?,
        oee_station: r.get("oee_station")?.u64()? as usize,
        flow_time_all_hours: r.get("flow_time_all_hours")?.f64()?,
        series_bucket_hours: r.get("series_bucket_hours")?.f64()?,
        series_wip: r.get("series_wip")?.f64s()?,
        series_good: r
            .get("series_good")?
            .array()?
            .iter()
            .map(|x| Reader(x).u32())
            .collect::<Result<_, _>>()?,
    })
}

/// The jobs of `shard` in an experiment of `variants` x `replications`.
pub fn block_jobs(variants: usize, replications: u32, shard: Shard) -> Vec<(usize, u32)> {
    let all = jobs(variants, replications);
    let range = shard.block(all.len());
    all[range].to_vec()
}

/// Replication ranges of `jobs` per variant, for a person: `"baseline
/// 0-9"`, one entry per variant and experiment.
fn describe(experiment: usize, experiments: usize, names: &[String], jobs: &[(usize, u32)]) -> Vec<String> {
    let mut out = Vec::new();
    for (v, name) in names.iter().enumerate() {
        let mut reps: Vec<u32> = jobs.iter().filter(|j| j.0 == v).map(|j| j.1).collect();
        if reps.is_empty() {
            continue;
        }
        reps.sort_unstable();
        let mut ranges = Vec::new();
        let mut start = reps[0];
        for w in reps.windows(2) {
            if w[1] != w[0] + 1 {
                ranges.push((start, w[0]));
                start = w[1];
            }
        }
        ranges.push((start, *reps.last().expect("not empty")));
        let text: Vec<String> = ranges
            .iter()
            .map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}-{b}") })
            .collect();
        let which = match (experiments, experiment) {
            (1, _) => String::new(),
            (_, 0) => "steady run, ".into(),
            _ => "first year, ".into(),
        };
        out.push(format!("{which}\"{name}\" replication(s) {}", text.join(", ")));
    }
    out
}

/// Checks that `parts` (with the file each came from) are shards of one
/// experiment and returns its runs, one [`Runs`] per experiment, exactly as
/// one machine would have produced them. A shard given twice is taken once
/// when both copies are equal.
pub fn merge(parts: &[(String, Part)]) -> Result<Vec<Runs>, MergeError> {
    let Some((first_file, first)) = parts.first() else {
        return Err(MergeError::Unreadable("no part files given".into()));
    };
    let mismatch = |what: &'static str, a: String, file: &str, b: String| MergeError::Mismatch {
        what,
        first: a,
        first_file: first_file.clone(),
        other: b,
        other_file: file.to_string(),
    };
    let mut by_index: Vec<Option<&(String, Part)>> = vec![None; first.shard.count as usize];
    for entry in parts {
        let (file, p) = entry;
        if p.program != first.program {
            return Err(mismatch("programs", first.program.clone(), file, p.program.clone()));
        }
        if p.fingerprint != first.fingerprint || p.scenario != first.scenario {
            return Err(mismatch(
                "scenarios",
                format!("\"{}\" ({})", first.scenario, first.fingerprint),
                file,
                format!("\"{}\" ({})", p.scenario, p.fingerprint),
            ));
        }
        if p.command != first.command {
            return Err(mismatch("commands", first.command.join(" "), file, p.command.join(" ")));
        }
        if p.shard.count != first.shard.count {
            return Err(mismatch(
                "shard counts",
                first.shard.count.to_string(),
                file,
                p.shard.count.to_string(),
            ));
        }
        if p.experiments.len() != first.experiments.len() {
            return Err(mismatch(
                "experiments",
                first.experiments.len().to_string(),
                file,
                p.experiments.len().to_string(),
            ));
        }
        for (a, b) in first.experiments.iter().zip(&p.experiments) {
            if a.settings.seed != b.settings.seed {
                return Err(mismatch(
                    "seeds",
                    a.settings.seed.to_string(),
                    file,
                    b.settings.seed.to_string(),
                ));
            }
            if a.settings != b.settings || a.variants != b.variants {
                return Err(mismatch(
                    "settings or variants",
                    format!("{:?} {:?}", a.variants, a.settings),
                    file,
                    format!("{:?} {:?}", b.variants, b.settings),
                ));
            }
        }
        for b in &p.experiments {
            let expected = block_jobs(b.variants.len(), b.settings.replications, p.shard);
            if b.jobs != expected || b.results.len() != b.jobs.len() {
                return Err(MergeError::Inconsistent {
                    file: file.clone(),
                    problem: format!(
                        "shard {} does not hold the jobs of its block ({} listed, {} results, {} expected)",
                        p.shard,
                        b.jobs.len(),
                        b.results.len(),
                        expected.len()
                    ),
                });
            }
            for (&(v, r), rep) in b.jobs.iter().zip(&b.results) {
                if rep.replication != r || v >= b.variants.len() {
                    return Err(MergeError::Inconsistent {
                        file: file.clone(),
                        problem: format!("the result of job ({v}, {r}) is replication {}", rep.replication),
                    });
                }
            }
        }
        let slot = &mut by_index[p.shard.index as usize - 1];
        match slot {
            // Compared as text: NaN results are equal there, not as numbers.
            Some((other_file, other)) if other.to_json() != p.to_json() => {
                return Err(MergeError::Inconsistent {
                    file: file.clone(),
                    problem: format!("shard {} is also in {other_file}, with other results", p.shard),
                });
            }
            _ => *slot = Some(entry),
        }
    }
    let missing: Vec<(u32, Vec<String>)> = by_index
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_none())
        .map(|(i, _)| {
            let shard = Shard {
                index: i as u32 + 1,
                count: first.shard.count,
            };
            let pairs = first
                .experiments
                .iter()
                .enumerate()
                .flat_map(|(e, b)| {
                    describe(
                        e,
                        first.experiments.len(),
                        &b.variants,
                        &block_jobs(b.variants.len(), b.settings.replications, shard),
                    )
                })
                .collect();
            (shard.index, pairs)
        })
        .collect();
    if !missing.is_empty() {
        return Err(MergeError::Missing {
            count: first.shard.count,
            missing,
        });
    }
    Ok(first
        .experiments
        .iter()
        .enumerate()
        .map(|(e, b)| {
            let mut all_jobs = Vec::new();
            let mut results = Vec::new();
            for (_, p) in by_index.iter().flatten() {
                all_jobs.extend_from_slice(&p.experiments[e].jobs);
                results.extend(p.experiments[e].results.iter().cloned().map(Some));
            }
            crate::experiment::collect(b.variants.len(), b.settings.replications, &all_jobs, results)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_cover_every_job_once_and_differ_by_at_most_one() {
        for total in [0usize, 1, 5, 7, 100, 1001] {
            for count in [1u32, 2, 3, 7, 13] {
                let mut next = 0;
                let mut sizes = Vec::new();
                for index in 1..=count {
                    let b = Shard { index, count }.block(total);
                    assert_eq!(b.start, next, "{total} {count} {index}");
                    next = b.end;
                    sizes.push(b.len());
                }
                assert_eq!(next, total);
                let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
                assert!(hi - lo <= 1, "{sizes:?}");
            }
        }
    }

    #[test]
    fn shards_parse_and_come_from_the_environment() {
        assert_eq!(Shard::parse("2/8"), Ok(Shard { index: 2, count: 8 }));
        for bad in ["0/4", "5/4", "1/0", "a/b", "3", "1/1001", "-1/4"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
        };
        let slurm = env(&[
            ("SLURM_ARRAY_TASK_ID", "4"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_MAX", "4"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ]);
        assert_eq!(Shard::from_env(&slurm), Ok(Shard { index: 4, count: 4 }));
        let zero_based = env(&[
            ("SLURM_ARRAY_TASK_ID", "0"),
            ("SLURM_ARRAY_TASK_MIN", "0"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
        ]);
        assert_eq!(Shard::from_env(&zero_based), Ok(Shard { index: 1, count: 3 }));
        let gaps = env(&[
            ("SLURM_ARRAY_TASK_ID", "1"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_MAX", "9"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
        ]);
        assert!(Shard::from_env(&gaps).unwrap_err().contains("gaps"));
        let k8s = env(&[("JOB_COMPLETION_INDEX", "0"), ("ZHIZAO_SHARD_COUNT", "5")]);
        assert_eq!(Shard::from_env(&k8s), Ok(Shard { index: 1, count: 5 }));
        assert!(Shard::from_env(&env(&[("JOB_COMPLETION_INDEX", "0")])).is_err());
        assert!(Shard::from_env(&env(&[])).unwrap_err().contains("not in a job array"));
    }

    #[test]
    fn numbers_survive_a_part_file_to_the_bit() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut values = vec![
            0.0,
            -0.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            5e-324,
            f64::MAX,
            0.1,
        ];
        for _ in 0..2000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = f64::from_bits(x);
            values.push(if v.is_nan() { 1.0 / 3.0 } else { v });
        }
        let back = Reader(&nums(&values)).f64s().unwrap();
        for (a, b) in values.iter().zip(&back) {
            assert!(
                a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
                "{a:e} read back as {b:e}"
            );
        }
    }
}
