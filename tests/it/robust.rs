//! What a careless input or a hostile environment cannot do to the binary:
//! lose results without an error, panic on a closed pipe, reject a file for
//! its byte-order mark, hang on a line whose clock cannot move, or ignore
//! Ctrl-C for longer than a moment.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::cli::{QUICK, expect_code, text, zhizao};

const VALVE: &str = "scenarios/wenzhou_valve_body.ron";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_zhizao"))
}

#[test]
fn results_that_cannot_be_written_are_an_error() {
    // A full disk.
    let full = std::fs::File::create("/dev/full").expect("/dev/full");
    let out = bin()
        .args([&["compare", VALVE][..], QUICK].concat())
        .stdout(full)
        .output()
        .unwrap();
    expect_code(&out, 1, "compare > /dev/full");
    assert!(text(&out.stderr).contains("writing the results to standard output"));
    // Standard output closed: the runtime puts /dev/null read-write in its place.
    let null = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/null")
        .unwrap();
    let out = bin().args(["validate", VALVE]).stdout(null).output().unwrap();
    expect_code(&out, 1, "validate >&-");
    assert!(text(&out.stderr).contains("standard output is closed"));
    // `> /dev/null` is a choice, not a loss.
    let out = bin().args(["validate", VALVE]).stdout(Stdio::null()).output().unwrap();
    expect_code(&out, 0, "validate > /dev/null");
}

#[test]
fn a_reader_or_a_log_that_goes_away_ends_the_program_quietly() {
    // The reader of standard output stops after a byte (`| head -c 1`), and
    // standard error is closed before the notes come (`2>&1 | head -1`).
    let mut child = bin()
        .args([&["compare", VALVE, "--format", "json"][..], QUICK].concat())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let mut first = [0u8; 1];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "a closed pipe is the reader's choice");
}

#[test]
fn a_byte_order_mark_is_accepted_and_bad_bytes_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let valve = std::fs::read(VALVE).unwrap();
    let bom = dir.path().join("bom.ron");
    std::fs::write(&bom, [&b"\xef\xbb\xbf"[..], &valve].concat()).unwrap();
    let out = zhizao(&["validate", bom.to_str().unwrap()]);
    expect_code(&out, 0, "a file saved with a byte-order mark");
    // One Latin-1 byte (0xe9, "é" in Windows-1252) on line 2, after "// ".
    let bad = dir.path().join("bad.ron");
    let mut f = std::fs::File::create(&bad).unwrap();
    f.write_all(b"Scenario(\n// caf\xe9\n)").unwrap();
    drop(f);
    let out = zhizao(&["validate", bad.to_str().unwrap()]);
    expect_code(&out, 2, "a byte that is not UTF-8");
    let err = text(&out.stderr);
    assert!(
        err.contains("bad.ron:2:7: byte 0xe9 at byte offset 16 is not UTF-8"),
        "{err}"
    );
}

/// A two-station robot line with the given processing time at both.
fn fast_line(dir: &std::path::Path, time: &str) -> std::path::PathBuf {
    let path = dir.join("fast.ron");
    std::fs::write(
        &path,
        format!(
            r#"Scenario(
    name: "fast",
    experiment: (warmup: "0s", run: "52w", replications: 4, seed: 1),
    products: [(name: "p", route: ["a", "b"])],
    source: Saturated,
    stations: [
        (name: "a", kind: Robot, time: Const("{time}"), buffer: 0),
        (name: "b", kind: Robot, time: Const("{time}"), buffer: 0),
    ],
)"#
        ),
    )
    .unwrap();
    path
}

#[test]
fn a_line_whose_clock_cannot_move_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let file = fast_line(dir.path(), "0s");
    let out = zhizao(&["run", file.to_str().unwrap(), "--replications", "1"]);
    expect_code(&out, 2, "times of 0");
    let err = text(&out.stderr);
    assert!(
        err.contains("no progress at 0.00 h") && err.contains("[\"a\", \"b\"]"),
        "{err}"
    );
}

/// Sends Ctrl-C (SIGINT) to `zhizao ARGS` after `after`; the output and
/// how long it took to end after the signal.
fn interrupt(args: &[&str], after: Duration) -> (std::process::Output, Duration) {
    let child = bin()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(after);
    let sent = Instant::now();
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let out = child.wait_with_output().unwrap();
    (out, sent.elapsed())
}

#[test]
fn names_cannot_act_on_the_terminal() {
    // A station named with an escape sequence that would clear the screen.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("escape.ron");
    let valve = std::fs::read_to_string(VALVE).unwrap();
    std::fs::write(&file, valve.replace("\"packing\"", "\"packing\\u{1b}[2J\"")).unwrap();
    let out = zhizao(&["validate", file.to_str().unwrap()]);
    expect_code(&out, 2, "a control character in a name");
    let err = text(&out.stderr);
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(err.contains("control character"), "{err}");
}

#[test]
fn ctrl_c_is_answered_within_a_second_on_a_one_millisecond_line_and_in_optimize() {
    // A 1 ms line: a simulated week is about 600 million events.
    let dir = tempfile::tempdir().unwrap();
    let file = fast_line(dir.path(), "1ms");
    // Hours of work: it would be refused without --force.
    let (out, took) = interrupt(
        &["compare", file.to_str().unwrap(), "--force"],
        Duration::from_millis(700),
    );
    expect_code(&out, 130, "compare stopped by Ctrl-C");
    assert!(took < Duration::from_secs(1), "compare answered after {took:?}");
    // The optimiser's search of the valve line (a minute's work).
    let (out, took) = interrupt(&["optimize", VALVE, "--budget", "1800000"], Duration::from_millis(1500));
    expect_code(&out, 130, "optimize stopped by Ctrl-C");
    assert!(took < Duration::from_secs(1), "optimize answered after {took:?}");
    assert!(text(&out.stdout).contains("screened"), "what was screened is reported");
}

#[test]
fn sizes_and_sweeps_beyond_reason_are_refused_not_panicked_on() {
    let out = zhizao(&["compare", VALVE, "--replications", "4294967295"]);
    expect_code(&out, 2, "--replications 4294967295");
    assert!(text(&out.stderr).contains("at most 10000"), "{}", text(&out.stderr));
    for param in [
        "variants.robot_tending.name=foo",
        "stations.deburring.buffer=-5000000000000000000..5000000000000000000",
    ] {
        let out = zhizao(
            &[
                &["sweep", VALVE, "--variant", "robot_tending", "--param", param][..],
                QUICK,
            ]
            .concat(),
        );
        expect_code(&out, 2, param);
    }
}

/// The seed a report directory's files say they come from, if they agree.
fn report_seed(dir: &std::path::Path) -> Result<u64, String> {
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("results.json")).map_err(|e| format!("results.json: {e}"))?,
    )
    .map_err(|e| format!("results.json: {e}"))?;
    let seed = json["seed"].as_u64().ok_or("no seed in results.json")?;
    let html = std::fs::read_to_string(dir.join("report.html")).map_err(|e| format!("report.html: {e}"))?;
    if !html.contains(&format!("seed {seed}.")) {
        return Err(format!("report.html is not of seed {seed}"));
    }
    let txt = std::fs::read_to_string(dir.join("report.txt")).map_err(|e| format!("report.txt: {e}"))?;
    if !txt.contains(&format!("seed {seed}\n")) {
        return Err(format!("report.txt is not of seed {seed}"));
    }
    Ok(seed)
}

#[test]
fn a_run_killed_while_writing_its_report_leaves_one_whole_report() {
    // ZHIZAO_KILLS=200 for the long check; a few dozen in every test run.
    let kills: u32 = std::env::var("ZHIZAO_KILLS")
        .ok()
        .and_then(|k| k.parse().ok())
        .unwrap_or(24);
    let top = tempfile::tempdir().unwrap();
    let dir = top.path().join("report");
    let run = |seed: &str| {
        bin()
            .args(
                [
                    &["compare", VALVE, "--seed", seed, "--out", dir.to_str().unwrap()][..],
                    QUICK,
                ]
                .concat(),
            )
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let started = Instant::now();
    assert!(run("1").wait().unwrap().success());
    let whole = started.elapsed();
    let files = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(report_seed(&dir), Ok(1));
    let mut seeds = std::collections::BTreeMap::new();
    for k in 0..kills {
        // Kill times spread over the whole run, the writing at its end included.
        let at = whole.mul_f64(0.6 + 0.8 * f64::from(k) / f64::from(kills.max(1)));
        let mut child = run(&(2 + k).to_string());
        std::thread::sleep(at);
        let _ = child.kill();
        let _ = child.wait();
        let seed = report_seed(&dir).unwrap_or_else(|e| panic!("after kill {k} at {at:?}: {e}"));
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), files, "after kill {k}");
        *seeds.entry(if seed == 1 { "previous" } else { "new" }).or_insert(0) += 1;
    }
    println!("{kills} kills: the report was whole each time ({seeds:?})");
    // The next run clears what the killed ones left beside the report.
    assert!(run("99").wait().unwrap().success());
    assert_eq!(report_seed(&dir), Ok(99));
    let beside: Vec<_> = std::fs::read_dir(top.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, ["report"]);
}

#[test]
fn an_experiment_of_many_hours_is_refused_with_its_estimate_unless_forced() {
    // A century a replication, a thousand replications, four variants.
    let out = zhizao(&["compare", VALVE, "--run", "5200w", "--replications", "1000"]);
    expect_code(&out, 2, "a hundred years x 1,000 replications");
    let err = text(&out.stderr);
    assert!(
        err.contains("this experiment would take about") && err.contains("events") && err.contains("--force"),
        "{err}"
    );
    // The estimate is the pilot's: a number of hours, not of seconds.
    assert!(err.contains(" h ") || err.contains("days"), "{err}");
    // The tornado's runs count too: a base run and two for the deburring time study.
    let out = zhizao(&["tornado", VALVE, "--run", "5200w", "--replications", "100"]);
    expect_code(&out, 2, "a tornado of centuries");
    assert!(
        text(&out.stderr).contains("this experiment would take about"),
        "{}",
        text(&out.stderr)
    );
}
