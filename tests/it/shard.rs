//! Experiments split into shards (`--shard K/N`) and put back together with
//! `zhizao merge`: the merged output must be the one-machine output, byte for
//! byte, in every format and in the report directory; a missing shard is
//! named with the command that computes it; parts that do not belong
//! together are refused.

use std::path::{Path, PathBuf};

use super::cli::{QUICK, expect_code, text, zhizao};

/// Runs `command` as shards 1..=n into `dir`, returning the part files.
fn shards(command: &[&str], n: u32, dir: &Path) -> Vec<PathBuf> {
    (1..=n)
        .map(|k| {
            let part = dir.join(format!("part-{k}-of-{n}.json"));
            let shard = format!("{k}/{n}");
            let out = zhizao(&[command, &["--shard", &shard, "--part", part.to_str().unwrap()]].concat());
            expect_code(&out, 0, &format!("shard {shard}"));
            assert!(out.stdout.is_empty(), "a shard reports nothing on stdout");
            assert!(part.is_file());
            part
        })
        .collect()
}

fn merge(parts: &[PathBuf], extra: &[&str]) -> std::process::Output {
    let mut args = vec!["merge"];
    args.extend(parts.iter().map(|p| p.to_str().unwrap()));
    args.extend_from_slice(extra);
    zhizao(&args)
}

/// Every file of a report directory, by name.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn same_bytes_in_every_format(command: &[&str], counts: &[u32]) {
    let one: Vec<Vec<u8>> = ["table", "json", "csv"]
        .iter()
        .map(|f| {
            let out = zhizao(&[command, &["--format", f]].concat());
            expect_code(&out, 0, "one machine");
            out.stdout
        })
        .collect();
    for &n in counts {
        let dir = tempfile::tempdir().unwrap();
        let parts = shards(command, n, dir.path());
        for (f, expected) in ["table", "json", "csv"].iter().zip(&one) {
            let out = merge(&parts, &["--format", f]);
            expect_code(&out, 0, &format!("merge of {n} shards"));
            assert!(
                out.stdout == *expected,
                "{command:?}: merge of {n} shards, {f}, differs:\n{}\n--- one machine:\n{}",
                text(&out.stdout),
                text(expected)
            );
        }
        // Given in any order, and a shard given twice, the result is the same.
        let mut shuffled = parts.clone();
        shuffled.reverse();
        shuffled.push(parts[0].clone());
        let out = merge(&shuffled, &["--format", "json"]);
        expect_code(&out, 0, "shuffled parts");
        assert!(out.stdout == one[1], "merge of shuffled parts differs");
    }
}

#[test]
fn merging_1_2_3_and_7_shards_of_a_compare_is_byte_identical() {
    let command = [&["compare", "scenarios/wenzhou_valve_body.ron"][..], QUICK].concat();
    same_bytes_in_every_format(&command, &[1, 2, 3, 7]);
}

#[test]
fn merging_1_2_3_and_7_shards_of_a_sweep_is_byte_identical() {
    let command = [
        &[
            "sweep",
            "scenarios/wenzhou_valve_body.ron",
            "--param",
            "stations.cnc_drilling.buffer=0..4:2",
        ][..],
        QUICK,
    ]
    .concat();
    same_bytes_in_every_format(&command, &[1, 2, 3, 7]);
}

#[test]
fn a_merged_report_directory_equals_the_one_machine_report() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one");
    let command = [&["compare", "scenarios/yueqing_circuit_breaker.ron"][..], QUICK].concat();
    expect_code(
        &zhizao(&[&command[..], &["--out", one.to_str().unwrap(), "-q"]].concat()),
        0,
        "one machine",
    );
    let parts = shards(&command, 3, dir.path());
    let merged = dir.path().join("merged");
    expect_code(&merge(&parts, &["--out", merged.to_str().unwrap()]), 0, "merge --out");
    let (a, b) = (files(&one), files(&merged));
    assert_eq!(
        a.iter().map(|f| &f.0).collect::<Vec<_>>(),
        b.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs between the merged and the one-machine report");
    }
}

#[test]
fn a_sharded_check_from_the_installation_fails_like_the_unsharded_one() {
    let command = [
        "check",
        "scenarios/wenzhou_valve_body.ron",
        "--from-install",
        "--replications",
        "3",
        "--run",
        "2w",
        "--expect",
        "robot_tending.throughput_per_hour.gain >= 0",
        "--expect",
        "robot_tending.throughput_per_hour >= 1000",
        "--format",
        "json",
    ];
    let one = zhizao(&command);
    expect_code(&one, 3, "one machine: one expectation unmet");
    let dir = tempfile::tempdir().unwrap();
    let parts = shards(&command, 4, dir.path());
    let out = merge(&parts, &["--format", "json"]);
    expect_code(&out, 3, "merged: the same expectation unmet");
    assert!(out.stdout == one.stdout, "merged check differs:\n{}", text(&out.stdout));
    assert_eq!(text(&out.stderr).lines().last(), text(&one.stderr).lines().last());
}

#[test]
fn a_missing_shard_is_named_with_the_command_that_computes_it() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = std::fs::canonicalize("scenarios/wenzhou_valve_body.ron").unwrap();
    let command = [&["compare", scenario.to_str().unwrap()][..], QUICK].concat();
    let mut parts = shards(&command, 3, dir.path());
    let lost = parts.remove(1);
    std::fs::remove_file(&lost).unwrap();
    let out = merge(&parts, &[]);
    expect_code(&out, 1, "a shard missing");
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(err.contains("1 of 3 shards missing"), "{err}");
    // 4 variants x 2 replications: shard 2 of 3 holds runs 2 to 4 of 8.
    assert!(
        err.contains(
            "shard 2/3: \"baseline\" replication(s) 1; \"robot_deburring\" replication(s) 0; \"full_retrofit\" replication(s) 0"
        ),
        "{err}"
    );
    // The command printed computes exactly the missing part.
    let line = err
        .lines()
        .find(|l| l.trim_start().starts_with("zhizao compare"))
        .unwrap_or_else(|| panic!("no command in:\n{err}"));
    let words: Vec<&str> = line.split_whitespace().skip(1).collect();
    assert_eq!(
        words[words.len() - 4..],
        ["--shard", "2/3", "--part", "part-2-of-3.json"]
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zhizao"))
        .args(&words)
        .arg("-q")
        .current_dir(dir.path())
        .output()
        .unwrap();
    expect_code(&out, 0, "the printed command");
    parts.push(lost);
    let merged = merge(&parts, &["--format", "json"]);
    expect_code(&merged, 0, "merge with the recomputed part");
    let one = zhizao(&[&command[..], &["--format", "json"]].concat());
    assert!(merged.stdout == one.stdout);
}

#[test]
fn parts_of_other_experiments_scenarios_or_programs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let valve = [&["compare", "scenarios/wenzhou_valve_body.ron"][..], QUICK].concat();
    let a = shards(&valve, 2, dir.path());
    // Another seed: another experiment.
    let other_dir = tempfile::tempdir().unwrap();
    let seeded = shards(&[&valve[..], &["--seed", "7"]].concat(), 2, other_dir.path());
    let out = merge(&[a[0].clone(), seeded[1].clone()], &[]);
    expect_code(&out, 2, "another seed");
    assert!(text(&out.stderr).contains("commands differ"), "{}", text(&out.stderr));
    // Another shard count.
    let three = tempfile::tempdir().unwrap();
    let b = shards(&valve, 3, three.path());
    let out = merge(&[a[0].clone(), b[1].clone()], &[]);
    expect_code(&out, 2, "another shard count");
    assert!(text(&out.stderr).contains("shard counts differ"));
    // Another program: a part whose build is not this one.
    let part = std::fs::read_to_string(&a[1]).unwrap();
    let forged = dir.path().join("forged.json");
    std::fs::write(
        &forged,
        part.replacen("\"program\":\"zhizao ", "\"program\":\"zhizao 0.0.9 ", 1),
    )
    .unwrap();
    let out = merge(&[forged.clone(), a[0].clone()], &[]);
    expect_code(&out, 2, "another program");
    assert!(
        text(&out.stderr).contains("merge with the program that ran the shards"),
        "{}",
        text(&out.stderr)
    );
    let out = merge(&[a[0].clone(), forged], &[]);
    expect_code(&out, 2, "another program, second");
    assert!(text(&out.stderr).contains("programs differ"));
    // A part edited to hold another block is refused.
    let edited = dir.path().join("edited.json");
    std::fs::write(&edited, part.replacen("\"shard\":[2,2]", "\"shard\":[1,2]", 1)).unwrap();
    let out = merge(&[edited], &[]);
    expect_code(&out, 2, "a part with another block");
    assert!(
        text(&out.stderr).contains("does not hold the jobs of its block"),
        "{}",
        text(&out.stderr)
    );
    // Not a part file at all.
    let out = merge(&[PathBuf::from("scenarios/wenzhou_valve_body.ron")], &[]);
    expect_code(&out, 2, "a scenario given as a part");
    assert!(text(&out.stderr).contains("not a part file"));
}

#[test]
fn an_order_book_changed_since_the_shards_ran_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["yueqing_circuit_breaker.ron", "yueqing_circuit_breaker_orders.csv"] {
        std::fs::copy(Path::new("scenarios").join(f), dir.path().join(f)).unwrap();
    }
    let scenario = dir.path().join("yueqing_circuit_breaker.ron");
    let command = [&["compare", scenario.to_str().unwrap()][..], QUICK].concat();
    let parts = shards(&command, 2, dir.path());
    let csv = dir.path().join("yueqing_circuit_breaker_orders.csv");
    let orders = std::fs::read_to_string(&csv).unwrap();
    // One order more, at the end: the scenario file itself is unchanged.
    let last = orders.lines().last().unwrap().to_string();
    std::fs::write(&csv, format!("{orders}{last}\n")).unwrap();
    let out = merge(&parts, &[]);
    expect_code(&out, 2, "an order book changed");
    assert!(
        text(&out.stderr).contains("is not the one the shards ran"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn shard_options_are_checked() {
    let v = "scenarios/wenzhou_valve_body.ron";
    for (args, says) in [
        (vec!["compare", v, "--shard", "5/4"], "the index runs from 1 to 4"),
        (vec!["compare", v, "--shard", "x"], "write K/N"),
        (vec!["compare", v, "--shard", "auto"], "not in a job array"),
        (
            vec!["optimize", v, "--budget", "1", "--shard", "1/2"],
            "does not run in shards",
        ),
        (vec!["tornado", v, "--shard", "1/2"], "does not run in shards"),
        (
            vec!["compare", v, "--emit", "slurm", "--shards", "0"],
            "--shards 0: 1 to",
        ),
    ] {
        let out = zhizao(&args);
        expect_code(&out, 2, &args.join(" "));
        assert!(text(&out.stderr).contains(says), "{args:?}: {}", text(&out.stderr));
    }
    // --shard and --out do not go together: the merge writes the report.
    let out = zhizao(&["compare", v, "--shard", "1/2", "--out", "r"]);
    expect_code(&out, 2, "--shard with --out");
}

#[test]
fn a_slurm_task_finds_its_shard_in_its_environment() {
    let dir = tempfile::tempdir().unwrap();
    let command = [&["compare", "scenarios/wenzhou_valve_body.ron"][..], QUICK].concat();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zhizao"))
        .args(&command)
        .args(["--shard", "auto", "--part", &format!("{}/", dir.path().display())])
        .env("SLURM_ARRAY_TASK_ID", "3")
        .env("SLURM_ARRAY_TASK_MIN", "1")
        .env("SLURM_ARRAY_TASK_MAX", "3")
        .env("SLURM_ARRAY_TASK_COUNT", "3")
        .output()
        .unwrap();
    expect_code(&out, 0, "--shard auto in a Slurm task");
    assert!(dir.path().join("part-3-of-3.json").is_file());
}

#[test]
fn emitted_job_scripts_run_the_same_command_in_shards() {
    let v = "scenarios/wenzhou_valve_body.ron";
    let out = zhizao(&[
        "compare",
        v,
        "--replications",
        "8",
        "--emit",
        "slurm",
        "--shards",
        "4",
        "--format",
        "json",
    ]);
    expect_code(&out, 0, "--emit slurm");
    let s = text(&out.stdout);
    assert!(s.starts_with("#!/bin/sh\n"), "{s}");
    assert!(s.contains("--array=1-4 "), "{s}");
    assert!(s.contains("--dependency=afterok:\"$array\""), "{s}");
    assert!(
        s.contains(&format!(
            "compare {v} --replications 8 --threads 1 --quiet --shard auto --part zhizao-parts-"
        )),
        "{s}"
    );
    assert!(s.contains("merge --quiet --format json zhizao-parts-"), "{s}");
    assert!(s.contains("part-*-of-4.json"), "{s}");
    let check = std::process::Command::new("sh")
        .args(["-n", "-c", &s])
        .output()
        .unwrap();
    assert!(check.status.success(), "sh -n: {}", text(&check.stderr));
    let out = zhizao(&["compare", v, "--replications", "8", "--emit", "k8s", "--shards", "4"]);
    expect_code(&out, 0, "--emit k8s");
    let k = text(&out.stdout);
    assert!(k.contains("completionMode: Indexed"), "{k}");
    assert!(k.contains("completions: 4"), "{k}");
    assert!(k.contains("{name: ZHIZAO_SHARD_COUNT, value: \"4\"}"), "{k}");
    assert!(
        k.contains(&format!(
            "args: [\"compare\", \"{v}\", \"--replications\", \"8\", \"--threads\", \"1\", \"--quiet\", \"--shard\", \"auto\", \"--part\", \"/parts/\"]"
        )),
        "{k}"
    );
    assert!(k.contains("/parts/part-*-of-4.json > /parts/merged.txt"), "{k}");
    // Without --shards, a short experiment is one shard; at most one per run.
    let out = zhizao(&["compare", v, "--replications", "2", "--run", "1w", "--emit", "slurm"]);
    expect_code(&out, 0, "--emit slurm, automatic count");
    assert!(text(&out.stdout).contains("--array=1-1 "), "{}", text(&out.stdout));
}
