//! Experiments across machines: `--shard K/N` runs one block of the
//! (variant, replication) grid and writes a part file; `--emit` prints a
//! job-array script that runs every shard and then `zhizao merge`; `merge`
//! checks the parts, and runs the command they record on their results in
//! place of simulating, so its output is the unsharded command's, byte for
//! byte (see `zhizao_core::shard`).

use std::path::PathBuf;
use std::sync::Arc;

use clap::Parser;
use zhizao_core::experiment::{self, Analysis, Control, Runs};
use zhizao_core::scenario::Variant;
use zhizao_core::settings::Settings;
use zhizao_core::shard::{self, Block, MergeError, Part, Shard};

use super::args::{Cli, Command, EmitArg, Format, MergeArgs, RunOpts};
use super::exit::{Exit, Failure};
use super::output::{print_stdout, say, write_atomically};
use super::progress::{self, Progress};
use super::settings::Prepared;

/// The program and the commit it was built from: parts of other builds
/// are refused, since results may differ between them.
pub fn program() -> String {
    format!("zhizao {} ({})", env!("CARGO_PKG_VERSION"), env!("ZHIZAO_BUILD"))
}

/// What a merge hands the command it runs again.
pub struct Merged {
    pub fingerprint: String,
    /// Each experiment's variants and settings, as the shards ran them.
    pub blocks: Vec<(Vec<String>, Settings)>,
    pub runs: Vec<Runs>,
}

/// Options that say how to run a command, not what it computes, with
/// whether they take a value. A part records the command without them.
const HOW_TO_RUN: [(&str, bool); 13] = [
    ("--shard", true),
    ("--part", true),
    ("--emit", true),
    ("--shards", true),
    ("--threads", true),
    ("--engine", true),
    ("--format", true),
    ("--width", true),
    ("--lang", true),
    ("--out", true),
    ("--quiet", false),
    ("--progress", false),
    ("--force", false),
];

/// `args` (after the program name) without the [`HOW_TO_RUN`] options.
pub fn canonical(args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "-q" {
            continue;
        }
        let name = a.split_once('=').map_or(a.as_str(), |(n, _)| n);
        match HOW_TO_RUN.iter().find(|(n, _)| *n == name) {
            Some(&(_, takes_value)) => {
                if takes_value && !a.contains('=') {
                    it.next();
                }
            }
            None => out.push(a.clone()),
        }
    }
    out
}

/// This process's command, canonical.
fn command_line() -> Result<Vec<String>, Failure> {
    let args = std::env::args_os()
        .skip(1)
        .map(|a| {
            a.into_string()
                .map_err(|a| Failure::usage(format!("{a:?} is not UTF-8: a sharded command must be written in text")))
        })
        .collect::<Result<Vec<String>, Failure>>()?;
    Ok(canonical(&args))
}

/// A word for a POSIX shell, quoted when it needs to be.
pub fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

fn shell_line(words: &[String]) -> String {
    words.iter().map(|w| shell_word(w)).collect::<Vec<_>>().join(" ")
}

/// The experiments a command runs: the steady one, and with
/// `--from-install` the first year from the installation.
fn experiments(variants: &[&Variant], settings: &Settings, from_install: bool) -> Vec<(Vec<Variant>, Settings)> {
    let mut out = vec![(variants.iter().map(|v| (*v).clone()).collect(), *settings)];
    if from_install {
        out.push((experiment::installing(variants), experiment::first_year(settings)));
    }
    out
}

/// `--shard`: runs this shard's block of every experiment and writes its part.
pub fn run_shard(p: &Prepared, variants: &[&Variant], opts: &RunOpts, text: &str) -> Result<(), Failure> {
    let shard = if text == "auto" {
        Shard::from_env(&|k| std::env::var(k).ok())
    } else {
        Shard::parse(text)
    }
    .map_err(Failure::usage)?;
    let command = command_line()?;
    let name = format!("part-{}-of-{}.json", shard.index, shard.count);
    let path = match &opts.part {
        Some(p) if p.is_dir() || p.as_os_str().to_string_lossy().ends_with('/') => p.join(&name),
        Some(p) => p.clone(),
        None => PathBuf::from(&name),
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::new(Exit::Failure, format!("error: creating {}: {e}", dir.display())))?;
    }
    let exps = experiments(variants, &p.settings, opts.from_install);
    let total: usize = exps.iter().map(|(v, s)| v.len() * s.replications as usize).sum();
    let mine: usize = exps
        .iter()
        .map(|(v, s)| shard::block_jobs(v.len(), s.replications, shard).len())
        .sum();
    let share = mine as f64 / total.max(1) as f64;
    super::commands::say_estimate(
        experiment::estimate(variants, &p.settings).map(|e| experiment::Estimate {
            events: e.events * share,
            cpu_seconds: e.cpu_seconds * share,
            memory_bytes: e.memory_bytes * share,
        }),
        opts,
    )?;
    let bar = Progress::new(opts.quiet, opts.progress);
    let report_progress = |d, t| bar.report(d, t);
    let control = Control {
        cancel: Some(&progress::STOP),
        progress: Some(&report_progress),
    };
    let mut blocks = Vec::new();
    for (vs, settings) in &exps {
        let refs: Vec<&Variant> = vs.iter().collect();
        let jobs = shard::block_jobs(vs.len(), settings.replications, shard);
        let results = experiment::run_jobs(&refs, settings, &jobs, &control)?;
        let Some(results) = results.into_iter().collect::<Option<Vec<_>>>() else {
            bar.finish();
            return Err(Failure::new(
                Exit::Interrupted,
                format!("stopped before shard {shard} was complete; no part file written"),
            ));
        };
        blocks.push(Block {
            variants: vs.iter().map(|v| v.name.clone()).collect(),
            settings: *settings,
            jobs,
            results,
        });
    }
    bar.finish();
    let part = Part {
        program: program(),
        command,
        scenario: p.scenario.name.clone(),
        fingerprint: p.scenario.fingerprint(),
        shard,
        experiments: blocks,
    };
    let text = part.to_json().map_err(Failure::usage)?;
    write_atomically(&path, text.as_bytes())?;
    if !opts.quiet {
        say(format_args!(
            "shard {shard}: {mine} of {total} (variant, replication) runs; wrote {}",
            path.display()
        ));
    }
    Ok(())
}

/// Shards for `--emit`: as asked, or a few minutes of one core each.
fn shard_count(opts: &RunOpts, jobs: usize, cpu_seconds: Option<f64>) -> Result<u32, Failure> {
    let most = (jobs as u32).clamp(1, shard::MAX_SHARDS);
    match opts.shards {
        Some(n) if n == 0 || n > most => Err(Failure::usage(format!(
            "--shards {n}: 1 to {most} (the experiment has {jobs} (variant, replication) runs; a scheduler allows {} tasks)",
            shard::MAX_SHARDS
        ))),
        Some(n) => Ok(n),
        None => Ok(((cpu_seconds.unwrap_or(0.0) / 180.0).ceil() as u32).clamp(1, most)),
    }
}

/// `--emit`: prints a script (Slurm) or manifest (Kubernetes) that runs the
/// experiment as `N` shards and merges them.
pub fn emit(p: &Prepared, variants: &[&Variant], opts: &RunOpts, kind: EmitArg) -> Result<(), Failure> {
    let command = command_line()?;
    let exps = experiments(variants, &p.settings, opts.from_install);
    let jobs: usize = exps.iter().map(|(v, s)| v.len() * s.replications as usize).sum();
    let estimate = experiment::estimate(variants, &p.settings);
    let n = shard_count(opts, jobs, estimate.map(|e| e.cpu_seconds))?;
    let threads = opts.threads.unwrap_or(1).max(1);
    let per_shard = estimate.map_or(0.0, |e| e.cpu_seconds / n as f64 / threads as f64);
    // A generous limit: three times the estimate and ten minutes more.
    let minutes = (per_shard * 3.0 / 60.0).ceil() as u64 + 10;
    let fingerprint = p.scenario.fingerprint();
    let parts = format!("zhizao-parts-{}", &fingerprint[..8]);
    let exe = std::env::current_exe()
        .ok()
        .and_then(|e| e.to_str().map(str::to_string))
        .unwrap_or_else(|| "zhizao".to_string());
    let (ext, format) = match opts.format {
        Format::Table => ("txt", "table"),
        Format::Json => ("json", "json"),
        Format::Csv => ("csv", "csv"),
    };
    let mut shard_cmd = vec![exe.clone()];
    shard_cmd.extend(command.iter().cloned());
    shard_cmd.extend(["--threads".into(), threads.to_string(), "--quiet".into()]);
    if opts.force {
        shard_cmd.push("--force".into());
    }
    let mut merge_cmd = vec![exe, "merge".into(), "--quiet".into(), "--format".into(), format.into()];
    if let Some(out) = &opts.out {
        merge_cmd.extend(["--out".into(), out.display().to_string()]);
    }
    let what = format!(
        "zhizao {} of \"{}\" (scenario {fingerprint}): {jobs} (variant, replication) runs in {n} shard(s){}",
        command.first().map_or("", String::as_str),
        p.scenario.name,
        estimate.map_or(String::new(), |e| format!(
            ", about {} of one core in all (from a pilot run)",
            zhizao_core::format::hours_minutes(e.cpu_seconds)
        )),
    );
    let text = match kind {
        EmitArg::Slurm => {
            let shard_line = {
                let mut c = shard_cmd.clone();
                c.extend(["--shard".into(), "auto".into(), "--part".into(), format!("{parts}/")]);
                shell_line(&c)
            };
            let merge_line = format!("{} {}/part-*-of-{n}.json", shell_line(&merge_cmd), shell_word(&parts));
            format!(
                r#"#!/bin/sh
# {what}.
# A Slurm job array runs the shards; a merge job that starts once all of
# them succeeded writes the result to {parts}/merged.{ext}, equal byte for
# byte to the command run on one machine.
# Submit from the directory the scenario's path is relative to: sh THIS_FILE
# The nodes must see this directory and the program at the path below.
set -eu
parts={parts_q}
mkdir -p "$parts"
cat > "$parts/shard.sh" <<'ZHIZAO_END'
#!/bin/sh
exec {shard_line}
ZHIZAO_END
cat > "$parts/merge.sh" <<'ZHIZAO_END'
#!/bin/sh
exec {merge_line}
ZHIZAO_END
array=$(sbatch --parsable --job-name=zhizao-shard --array=1-{n} --cpus-per-task={threads} \
    --time={minutes} --output="$parts/shard-%a.log" "$parts/shard.sh")
array=${{array%%;*}}
merge=$(sbatch --parsable --job-name=zhizao-merge --dependency=afterok:"$array" \
    --kill-on-invalid-dep=yes --output="$parts/merged.{ext}" --error="$parts/merge.log" "$parts/merge.sh")
echo "submitted: shards $array (1-{n}), merge ${{merge%%;*}}; result: $parts/merged.{ext}"
"#,
                parts_q = shell_word(&parts),
            )
        }
        EmitArg::K8s => {
            let yaml_list = |words: &[String]| -> String {
                words
                    .iter()
                    .map(|w| serde_json::to_string(w).expect("a string"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let mut shard_args = shard_cmd[1..].to_vec();
            shard_args.extend(["--shard".into(), "auto".into(), "--part".into(), "/parts/".into()]);
            let merge_sh = format!(
                "exec zhizao {} /parts/part-*-of-{n}.json > /parts/merged.{ext}",
                shell_line(&merge_cmd[1..])
            );
            let name = format!("zhizao-{}", &fingerprint[..8]);
            format!(
                r#"# {what}.
# An Indexed Job runs the shards; apply the merge Job after it completed:
#   kubectl apply -f THIS_FILE --selector=zhizao-step=shards
#   kubectl wait --for=condition=complete job/{name}-shards --timeout=-1s
#   kubectl apply -f THIS_FILE --selector=zhizao-step=merge
# The result is /parts/merged.{ext}, equal byte for byte to the command run on
# one machine. Needs: an image with zhizao on its PATH and the scenario in its
# working directory (IMAGE below), and a ReadWriteMany claim "zhizao-parts".
apiVersion: batch/v1
kind: Job
metadata:
  name: {name}-shards
  labels: {{zhizao-step: shards}}
spec:
  completions: {n}
  parallelism: {parallel}
  completionMode: Indexed
  backoffLimitPerIndex: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: shard
          image: IMAGE
          command: ["zhizao"]
          args: [{shard_args}]
          env:
            - {{name: ZHIZAO_SHARD_COUNT, value: "{n}"}}
          resources:
            requests: {{cpu: "{threads}"}}
          volumeMounts:
            - {{name: parts, mountPath: /parts}}
      volumes:
        - name: parts
          persistentVolumeClaim: {{claimName: zhizao-parts}}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: {name}-merge
  labels: {{zhizao-step: merge}}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: merge
          image: IMAGE
          command: ["sh", "-c", {merge_sh_q}]
          volumeMounts:
            - {{name: parts, mountPath: /parts}}
      volumes:
        - name: parts
          persistentVolumeClaim: {{claimName: zhizao-parts}}
"#,
                parallel = n.min(64),
                shard_args = yaml_list(&shard_args),
                merge_sh_q = serde_json::to_string(&merge_sh).expect("a string"),
            )
        }
    };
    print_stdout(&text)?;
    Ok(())
}

/// `zhizao merge`: checks the parts and runs their command on their results.
pub fn merge(a: MergeArgs) -> Result<(), Failure> {
    let mut parts = Vec::new();
    for path in &a.parts {
        let bytes = std::fs::read(path)
            .map_err(|e| Failure::new(Exit::Failure, format!("error: cannot read {}: {e}", path.display())))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| Failure::usage(format!("{}: not a part file (not UTF-8 text)", path.display())))?;
        let part = Part::from_json(&text).map_err(|e| Failure::usage(format!("{}: {e}", path.display())))?;
        parts.push((path.display().to_string(), part));
    }
    let (first_file, first) = &parts[0];
    if first.program != program() {
        return Err(Failure::usage(format!(
            "{first_file} was made by {}, this is {}: merge with the program that ran the shards",
            first.program,
            program()
        )));
    }
    let runs = shard::merge(&parts).map_err(|e| match e {
        MergeError::Missing { count, missing } => {
            let mut m = format!(
                "error: {} of {count} shards missing; nothing was merged\n",
                missing.len()
            );
            for (index, pairs) in &missing {
                m.push_str(&format!("  shard {index}/{count}: {}\n", pairs.join("; ")));
            }
            m.push_str("compute them with (then merge again with every part):\n");
            for (index, _) in &missing {
                let mut c = vec!["zhizao".to_string()];
                c.extend(first.command.iter().cloned());
                c.extend([
                    "--shard".into(),
                    format!("{index}/{count}"),
                    "--part".into(),
                    format!("part-{index}-of-{count}.json"),
                ]);
                m.push_str(&format!("  {}\n", shell_line(&c)));
            }
            Failure::new(Exit::Failure, m.trim_end().to_string())
        }
        e => Failure::usage(e),
    })?;
    let mut argv = vec!["zhizao".to_string()];
    argv.extend(first.command.iter().cloned());
    let cli = Cli::try_parse_from(&argv).map_err(|e| {
        Failure::usage(format!(
            "{first_file}: its command `{}` does not parse: {}",
            shell_line(&first.command),
            e.kind()
        ))
    })?;
    let merged = Arc::new(Merged {
        fingerprint: first.fingerprint.clone(),
        blocks: first
            .experiments
            .iter()
            .map(|b| (b.variants.clone(), b.settings))
            .collect(),
        runs,
    });
    let mut command = cli.command;
    let opts = match &mut command {
        Command::Run(c) => &mut c.opts,
        Command::Compare(c) => &mut c.opts,
        Command::Check(c) => &mut c.opts,
        Command::Sweep(c) => &mut c.opts,
        _ => {
            return Err(Failure::usage(format!(
                "{first_file}: `{}` is not a command that runs in shards",
                shell_line(&first.command)
            )));
        }
    };
    opts.format = a.format;
    opts.out = a.out;
    opts.quiet = a.quiet;
    opts.width = a.width;
    opts.lang = a.lang;
    opts.merged = Some(merged);
    super::commands::dispatch(command)
}

/// The analysis of merged runs, checked against what the command asks for.
pub fn merged_analysis(p: &Prepared, variants: &[&Variant], opts: &RunOpts, m: &Merged) -> Result<Analysis, Failure> {
    if p.scenario.fingerprint() != m.fingerprint {
        return Err(Failure::usage(format!(
            "the scenario \"{}\" is not the one the shards ran (fingerprint {}, the parts say {}): it changed since",
            p.scenario.name,
            p.scenario.fingerprint(),
            m.fingerprint
        )));
    }
    let exps = experiments(variants, &p.settings, opts.from_install);
    let same = exps.len() == m.blocks.len()
        && exps
            .iter()
            .zip(&m.blocks)
            .all(|((vs, s), (names, s2))| s == s2 && vs.iter().map(|v| &v.name).eq(names.iter()));
    if !same {
        return Err(Failure::usage(
            "the parts hold other runs than their command asks for; were they written by another build?",
        ));
    }
    let steady = experiment::analyse(
        &p.scenario.name,
        variants,
        m.runs[0].clone(),
        &p.settings,
        p.scenario.economics.as_ref(),
    )
    .named(&p.scenario);
    Ok(match m.runs.get(1) {
        Some(first) => experiment::from_install_runs(&p.scenario, variants, &steady, first.clone()),
        None => steady,
    })
}

/// Refuses sharding options on a command that does not shard.
pub fn refuse(opts: &RunOpts, command: &str) -> Result<(), Failure> {
    if opts.shard.is_some() || opts.emit.is_some() {
        return Err(Failure::usage(format!(
            "{command} does not run in shards; --shard and --emit work with run, compare, check and sweep"
        )));
    }
    Ok(())
}
