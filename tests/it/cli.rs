//! The real `zhizao` binary, run as a planner or a CI pipeline would: every
//! bundled scenario, every output format, the JSON contract, and a corpus of
//! broken files that must give a clear error, exit code 2 and no panic.

use std::process::{Command, Output};

/// Runs the binary in English whatever this machine's locale (tests that
/// want Chinese say `--lang zh` or set the locale themselves).
pub fn zhizao(args: &[&str]) -> Output {
    zhizao_in(&[("LC_ALL", "C.UTF-8")], args)
}

/// Runs the binary with these locale variables (the others removed).
pub fn zhizao_in(locale: &[(&str, &str)], args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_zhizao"));
    for k in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        c.env_remove(k);
    }
    c.envs(locale.iter().copied()).args(args).output().expect("binary runs")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts an exit code, printing both streams on failure.
pub fn expect_code(out: &Output, code: i32, what: &str) {
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(
        out.status.code(),
        Some(code),
        "{what}\n--- expected exit {code}, got {:?}\n--- stdout:\n{stdout}\n--- stderr:\n{stderr}",
        out.status.code()
    );
    assert!(!stderr.contains("panicked"), "{what} panicked:\n{stderr}");
}

pub const QUICK: &[&str] = &["--replications", "2", "--warmup", "1w", "--run", "3w"];

#[test]
fn every_bundled_scenario_validates_runs_and_compares() {
    let files: Vec<&str> = zhizao_core::scenario::BUNDLED.iter().map(|(path, _)| *path).collect();
    assert!(files.len() >= 4, "at least four bundled scenarios");
    for file in &files {
        let f = *file;
        let out = zhizao(&["validate", f]);
        expect_code(&out, 0, f);
        assert!(text(&out.stdout).contains(": ok:"), "{}", text(&out.stdout));

        let out = zhizao(&[&["run", f][..], QUICK].concat());
        expect_code(&out, 0, f);
        let table = text(&out.stdout);
        assert!(
            table.contains("Good output per planned hour") && table.contains("Stations"),
            "{table}"
        );

        let out = zhizao(&[&["compare", f, "--format", "json"][..], QUICK].concat());
        expect_code(&out, 0, f);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
        let variants = json["variants"].as_array().unwrap();
        assert!(variants.len() >= 3, "{f}: a baseline and at least two variants");
        for v in variants {
            let t = &v["kpis"]["throughput_per_hour"];
            assert!(t["mean"].as_f64().unwrap() > 0.0, "{f} {}: no output", v["name"]);
        }
    }
}

#[test]
fn json_output_keeps_its_contract() {
    let out = zhizao(
        &[
            &[
                "compare",
                "scenarios/wenzhou_valve_body.ron",
                "--format",
                "json",
                "--seed",
                "42",
            ][..],
            QUICK,
        ]
        .concat(),
    );
    expect_code(&out, 0, "compare json");
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["scenario"], "Wenzhou valve-body machining and assembly line");
    assert_eq!(j["seed"], 42);
    assert_eq!(j["replications"], 2);
    assert_eq!(j["warmup_hours"], 168.0);
    assert_eq!(j["run_hours"], 504.0);
    let variants = j["variants"].as_array().unwrap();
    assert_eq!(variants[0]["name"], "baseline");
    assert!(
        variants[0].get("vs_baseline").is_none(),
        "the baseline is not compared with itself"
    );
    for key in [
        "throughput_per_hour",
        "wip",
        "flow_time_hours",
        "oee",
        "labour_productivity_per_operator_hour",
        "headcount",
    ] {
        for v in variants {
            let k = &v["kpis"][key];
            assert!(
                k["mean"].is_number() && k["half_width"].is_number() && k["n"] == 2,
                "{key}: {k}"
            );
        }
        for v in &variants[1..] {
            let d = &v["vs_baseline"][key];
            assert!(d["diff_mean"].is_number(), "{key}: {d}");
            assert!(d["diff_half_width"].is_number());
            assert!(d["relative_pct"].is_number());
            assert!(d["significant"].is_boolean());
            assert!(
                ["better", "worse", "no significant difference", "changed"].contains(&d["verdict"].as_str().unwrap())
            );
        }
    }
    let fitters = &variants[0]["operators"][1];
    assert_eq!(fitters["name"], "fitters");
    assert_eq!(fitters["headcount"], 6);
    // Bottleneck and money, per variant.
    let neck = &variants[0]["bottleneck"];
    assert!(
        neck["station"].is_string() && neck["share"].as_f64().unwrap() > 0.0,
        "{neck}"
    );
    assert!(
        variants[0].get("finance").is_none(),
        "no money figures for the baseline itself"
    );
    let f = &variants[1]["finance"];
    for key in [
        "investment_rmb",
        "subsidy_rmb",
        "net_investment_rmb",
        "annual_benefit_rmb",
        "npv_rmb",
    ] {
        assert!(f[key]["mean"].is_number(), "{key}: {f}");
    }
    assert!(f["payback_years"]["estimate"].is_number(), "{f}");
    assert_eq!(j["economics"]["subsidy"]["rate"], 0.2);
    // The money's spread and what it includes, the cash flows by year, the
    // policy indicators.
    for key in [
        "npv_p10_rmb",
        "npv_p50_rmb",
        "npv_p90_rmb",
        "probability_npv_negative",
        "probability_payback_within",
    ] {
        assert!(f["risk"][key].is_number(), "{key}: {}", f["risk"]);
    }
    assert!(f["risk"]["inputs"].as_array().unwrap().len() >= 4, "{}", f["risk"]);
    assert_eq!(f["cash_flows_rmb"]["net"].as_array().unwrap().len(), 6, "years 0..=5");
    assert_eq!(j["economics"]["subsidy"]["award_probability"], 0.5);
    assert_eq!(j["inputs"], "sampled");
    let ind = &variants[1]["indicators"];
    assert_eq!(ind["robots"]["value"], 2.0);
    assert_eq!(ind["robots"]["basis"], "static");
    assert_eq!(ind["value_added_per_employee_rmb"]["basis"], "simulated");
    assert!(ind["robot_density_per_10000"]["value"].as_f64().unwrap() > 0.0);
    let u = fitters["utilisation"]["mean"].as_f64().unwrap();
    assert!(u > 0.0 && u <= 1.0, "utilisation {u}");
    let station = &variants[0]["stations"][0];
    assert_eq!(station["name"], "cnc_turning");
    assert_eq!(station["kind"], "machine");
    // The on-shift states are shares of planned time; off shift, of all hours.
    let states: f64 = [
        "busy",
        "setup",
        "blocked",
        "starved",
        "down",
        "waiting_operator",
        "maintenance",
    ]
    .iter()
    .map(|k| station["kpis"][k]["mean"].as_f64().unwrap())
    .sum();
    assert!((states - 1.0).abs() < 1e-9);
    let off = station["kpis"]["off_shift"]["mean"].as_f64().unwrap();
    // Three measured weeks from 2027-01-11: 18 working days of 15 h, less
    // Saturday 30 January, the first day of the Spring Festival stop.
    assert!(
        (off - (1.0 - 17.0 * 15.0 / (21.0 * 24.0))).abs() < 1e-9,
        "off shift {off}"
    );
    // The loss breakdown accounts for the planned hours.
    let hours = |k: &str| station["kpis"][k]["mean"].as_f64().unwrap();
    let losses: f64 = [
        "loss_maintenance_hours",
        "loss_breakdowns_hours",
        "loss_setups_hours",
        "loss_minor_stops_hours",
        "loss_no_orders_hours",
        "loss_speed_hours",
        "loss_scrap_hours",
        "loss_rework_hours",
        "fully_productive_hours",
    ]
    .iter()
    .map(|k| hours(k))
    .sum();
    assert!((losses - hours("planned_hours")).abs() < 1e-6 * losses);
    assert_eq!(variants[0]["oee_station"]["station"], "cnc_turning");
    assert_eq!(variants[0]["demand_limited"], false);
}

#[test]
fn out_dir_holds_a_whole_report() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report");
    let out = zhizao(
        &[
            &[
                "compare",
                "scenarios/wenzhou_valve_body.ron",
                "--format",
                "csv",
                "--out",
                report.to_str().unwrap(),
            ][..],
            QUICK,
        ]
        .concat(),
    );
    expect_code(&out, 0, "compare --out");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("variant,scope,station,kpi,"),
        "the chosen format still goes to stdout"
    );
    let csv = std::fs::read_to_string(report.join("results.csv")).unwrap();
    assert_eq!(
        csv.lines().next().unwrap(),
        "variant,scope,station,kpi,mean,half_width,n,diff_mean,diff_half_width,relative_pct,significant,verdict"
    );
    assert!(
        csv.lines()
            .any(|l| l.starts_with("robot_tending,line,,throughput_per_hour,"))
    );
    assert!(csv.lines().any(|l| l.starts_with("robot_tending,finance,,npv_rmb,")));
    assert!(
        csv.lines()
            .any(|l| l.starts_with("robot_tending,finance,,npv_p10_rmb,"))
    );
    // Full retrofit: 5 robots (ISO 8373) in the line.
    assert!(
        csv.lines().any(|l| l.starts_with("full_retrofit,indicator,,robots,5,")),
        "{csv}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(report.join("results.json")).unwrap()).unwrap();
    assert_eq!(json["variants"].as_array().unwrap().len(), 4);
    for svg in ["kpis.svg", "output_over_time.svg", "station_states.svg", "payback.svg"] {
        let text = std::fs::read_to_string(report.join(svg)).unwrap();
        assert!(text.starts_with("<svg") && text.ends_with("</svg>"), "{svg}");
    }
    let html = std::fs::read_to_string(report.join("report.html")).unwrap();
    assert!(html.contains("<svg") && html.contains("robot_tending") && html.ends_with("</html>\n"));
    assert!(
        !html.contains("src=\"") && !html.contains("<script"),
        "self-contained: no external files or scripts"
    );
    // The answer first, then real tables (no terminal text in a box).
    let (answer, results) = (html.find("The answer").unwrap(), html.find("<h2>Results</h2>").unwrap());
    assert!(answer < results, "the answer opens the page");
    assert!(html[answer..results].contains("The best variant by expected net present value:"));
    assert!(
        html.contains("<th class=\"n\">payback years</th>"),
        "a real money table"
    );
    assert!(!html.contains("<pre>"), "no preformatted tables");
    let mut names: Vec<String> = std::fs::read_dir(&report)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(
        names.iter().all(|n| !n.contains(".tmp")),
        "no temporary file left behind: {names:?}"
    );
    // With uncertain inputs the report adds a tornado per retrofit variant.
    assert!(names.contains(&"tornado_full_retrofit.svg".to_string()), "{names:?}");
    // The marker that lets a later run replace the directory whole.
    assert!(names.contains(&".zhizao-report".to_string()), "{names:?}");
    assert!(names.contains(&"results.xlsx".to_string()), "{names:?}");
    assert_eq!(names.len(), 13, "{names:?}");
}

#[test]
fn same_seed_same_bytes_through_the_binary() {
    let args = [
        &["compare", "scenarios/yueqing_circuit_breaker.ron", "--format", "json"][..],
        QUICK,
    ]
    .concat();
    let a = zhizao(&[&args[..], &["--threads", "1"]].concat());
    let b = zhizao(&[&args[..], &["--threads", "2"]].concat());
    expect_code(&a, 0, "threads 1");
    expect_code(&b, 0, "threads 2");
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn broken_files_are_explained_with_exit_code_2() {
    let mut files: Vec<_> = std::fs::read_dir("tests/broken")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 10);
    for file in files {
        let content = std::fs::read_to_string(&file).unwrap();
        let expect = content
            .lines()
            .find_map(|l| l.strip_prefix("// expect: "))
            .unwrap_or_else(|| panic!("{}: no `// expect:` line", file.display()));
        let f = file.to_str().unwrap();
        let out = zhizao(&["run", f, "--replications", "2"]);
        expect_code(&out, 2, f);
        let stderr = text(&out.stderr);
        assert!(stderr.contains(expect), "{f}: expected `{expect}` in:\n{stderr}");
        assert!(out.stdout.is_empty(), "{f}: nothing on stdout");
    }
}

/// No display is the machine's shortcoming, not the user's mistake: exit 1
/// (not 2) with the advice to run under Xvfb, and no panic from the window system.
#[cfg(feature = "gui")]
#[test]
fn the_view_without_a_display_says_how_to_get_one() {
    let out = Command::new(env!("CARGO_BIN_EXE_zhizao"))
        .args(["view", "scenarios/wenzhou_valve_body.ron"])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("WAYLAND_SOCKET")
        .output()
        .expect("binary runs");
    expect_code(&out, 1, "view without a display");
    assert!(text(&out.stderr).contains("xvfb-run"), "{}", text(&out.stderr));
}

#[test]
fn command_line_mistakes() {
    let out = zhizao(&["run", "scenarios/wenzhou_valve_body.ron", "--variant", "teleporter"]);
    expect_code(&out, 2, "unknown variant");
    assert!(text(&out.stderr).contains("robot_tending"), "lists the variants");
    let out = zhizao(&["run", "no/such/file.ron"]);
    expect_code(&out, 1, "missing file");
    assert!(text(&out.stderr).contains("cannot read no/such/file.ron"));
    let out = zhizao(&["run", "scenarios/wenzhou_valve_body.ron", "--run", "forever"]);
    expect_code(&out, 2, "bad duration");
    let out = zhizao(&["run", "scenarios/wenzhou_valve_body.ron", "--format", "xml"]);
    expect_code(&out, 2, "bad format");
    let out = zhizao(&["run", "scenarios/wenzhou_valve_body.ron", "--replications", "0"]);
    expect_code(&out, 2, "zero replications");
    let out = zhizao(&["compare", "scenarios/wenzhou_valve_body.ron", "--out", "README.md"]);
    expect_code(&out, 2, "--out is a file");
    assert!(text(&out.stderr).contains("takes a directory"));
    assert!(out.stdout.is_empty(), "refused before anything ran");
    let out = zhizao(&[
        "optimize",
        "scenarios/wenzhou_valve_body.ron",
        "--budget",
        "1000",
        "--objective",
        "profit",
    ]);
    expect_code(&out, 2, "unknown objective");
    let out = zhizao(&[
        "optimize",
        "tests/broken/../../benches/scenarios/line_10.ron",
        "--budget",
        "1000",
    ]);
    expect_code(&out, 2, "no candidates");
    assert!(text(&out.stderr).contains("lists no `candidates`"));
}

fn spawn(args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_zhizao"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("binary starts")
}

fn signal(child: &std::process::Child, sig: &str) {
    // The shell's own `kill`, so no separate package is needed.
    let ok = Command::new("sh")
        .args(["-c", &format!("kill {sig} {}", child.id())])
        .status()
        .expect("sh runs");
    assert!(ok.success());
}

#[test]
fn progress_goes_to_stderr_and_never_into_json() {
    let out = zhizao(
        &[
            &[
                "compare",
                "scenarios/yueqing_circuit_breaker.ron",
                "--format",
                "json",
                "--progress",
            ][..],
            QUICK,
        ]
        .concat(),
    );
    expect_code(&out, 0, "compare with progress");
    let stderr = text(&out.stderr);
    assert!(stderr.contains("progress: simulating 8/8 replications"), "{stderr}");
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is pure JSON");
    assert_eq!(j["replications"], 2);
    // Without --progress and without a terminal, nothing is drawn.
    let quiet = zhizao(
        &[
            &["compare", "scenarios/yueqing_circuit_breaker.ron", "--format", "json"][..],
            QUICK,
        ]
        .concat(),
    );
    assert!(!text(&quiet.stderr).contains("progress"));
}

#[test]
fn ctrl_c_stops_cleanly_and_keeps_what_is_complete() {
    use std::io::{BufRead, BufReader, Read};
    let mut child = spawn(&[
        "compare",
        "scenarios/wenzhou_valve_body.ron",
        "--format",
        "json",
        "--replications",
        "200",
        "--progress",
    ]);
    // Read the results while they come, so a full pipe never blocks the child.
    let mut out = child.stdout.take().unwrap();
    let stdout = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        out.read_to_end(&mut bytes).unwrap();
        bytes
    });
    // Interrupt once a tenth of the replications is done, however fast the machine.
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    let mut line = String::new();
    while stderr.read_line(&mut line).unwrap() > 0 {
        seen.push_str(&line);
        if line.starts_with("progress: simulating 8") {
            break;
        }
        line.clear();
    }
    signal(&child, "-INT");
    stderr.read_to_string(&mut seen).unwrap();
    let stdout = stdout.join().unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{seen}");
    assert!(seen.contains("stopping"), "{seen}");
    let j: serde_json::Value = serde_json::from_slice(&stdout).expect("a complete JSON document");
    let n = j["replications"].as_u64().unwrap();
    assert!(n > 0 && n < 200, "{n} of 200 replications kept");
    assert_eq!(j["interrupted_of"], 200);
    for v in j["variants"].as_array().unwrap() {
        assert_eq!(
            v["kpis"]["throughput_per_hour"]["n"], n,
            "every variant keeps the same replications"
        );
    }
}

#[test]
fn a_killed_run_leaves_no_half_written_report() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("r");
    let child = spawn(&[
        "compare",
        "scenarios/wenzhou_valve_body.ron",
        "--replications",
        "200",
        "--quiet",
        "--out",
        report.to_str().unwrap(),
    ]);
    std::thread::sleep(std::time::Duration::from_millis(1000));
    signal(&child, "-KILL");
    let _ = child.wait_with_output().unwrap();
    let names: Vec<String> = std::fs::read_dir(&report)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    // Results are only written once complete, each through a temporary file.
    assert!(names.iter().all(|n| n.starts_with('.')), "{names:?}");
}

#[test]
fn check_exit_codes_and_messages() {
    let ok = zhizao(
        &[
            &[
                "check",
                "scenarios/wenzhou_valve_body.ron",
                "--expect",
                "robot_tending.throughput_per_hour.gain_pct >= 5%",
                "--expect",
                "full_retrofit.headcount <= 8",
            ][..],
            QUICK,
        ]
        .concat(),
    );
    expect_code(&ok, 0, "expectations met");
    assert!(text(&ok.stdout).contains("2 of 2 expectations met"));
    let short = zhizao(
        &[
            &[
                "check",
                "scenarios/wenzhou_valve_body.ron",
                "--expect",
                "robot_deburring.throughput_per_hour >= 20",
            ][..],
            QUICK,
        ]
        .concat(),
    );
    expect_code(&short, 3, "an expectation falls short");
    assert!(text(&short.stdout).contains("FAIL  robot_deburring.throughput_per_hour >= 20"));
    assert!(text(&short.stderr).contains("1 of 1 expectations not met"));
    let bad = zhizao(&[
        "check",
        "scenarios/wenzhou_valve_body.ron",
        "--expect",
        "robot_tending.speed >= 1",
    ]);
    expect_code(&bad, 2, "unknown metric");
    assert!(text(&bad.stderr).contains("unknown metric 'speed'"));
    let bad = zhizao(&[
        "check",
        "scenarios/wenzhou_valve_body.ron",
        "--expect",
        "robots.oee >= 1",
    ]);
    expect_code(&bad, 2, "unknown variant");
    assert!(text(&bad.stderr).contains("no variant \"robots\""));
}

#[test]
fn optimize_writes_a_variant_that_loads() {
    let dir = tempfile::tempdir().unwrap();
    let ron = dir.path().join("best.ron");
    let out = zhizao(&[
        "optimize",
        "scenarios/yueqing_circuit_breaker.ron",
        "--budget",
        "1000000",
        "--objective",
        "npv",
        "--replications",
        "3",
        "--run",
        "4w",
        "--screen-replications",
        "2",
        "--screen-run",
        "2w",
        "--write-variant",
        ron.to_str().unwrap(),
        "--format",
        "json",
    ]);
    expect_code(&out, 0, "optimize");
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["method"], "exact");
    let ranked = j["ranked"].as_array().unwrap();
    assert!(!ranked.is_empty());
    for p in ranked {
        assert!(p["capital_cost_rmb"].as_f64().unwrap() <= 1_000_000.0, "{p}");
    }
    // The written variant pasted into the scenario validates.
    let variant = std::fs::read_to_string(&ron).unwrap();
    let scenario = std::fs::read_to_string("scenarios/yueqing_circuit_breaker.ron").unwrap();
    let edited = scenario.replacen("    variants: [", &format!("    variants: [\n{variant},"), 1);
    // The order book it reads lies beside it.
    let orders = "yueqing_circuit_breaker_orders.csv";
    std::fs::copy(format!("scenarios/{orders}"), dir.path().join(orders)).unwrap();
    let file = dir.path().join("edited.ron");
    std::fs::write(&file, edited).unwrap();
    let v = zhizao(&["validate", file.to_str().unwrap()]);
    expect_code(&v, 0, "the optimised variant validates");
    assert!(text(&v.stdout).contains("optimised_1000000"));
}

#[test]
fn sweep_runs_a_grid_and_explains_bad_paths() {
    let out = zhizao(
        &[
            &[
                "sweep",
                "scenarios/wenzhou_valve_body.ron",
                "--param",
                "stations.cnc_drilling.buffer=0..4:2",
            ][..],
            QUICK,
        ]
        .concat(),
    );
    expect_code(&out, 0, "sweep");
    let t = text(&out.stdout);
    assert!(t.contains("baseline (reference)"), "{t}");
    // The swept KPI is named as its column is, not by its JSON key.
    assert!(
        t.contains("output/h vs baseline") && !t.contains("throughput_per_hour"),
        "{t}"
    );
    // A sweep point that invests nothing has nothing to pay back.
    assert!(t.contains("no investment") && !t.contains("0.0 (0.0-0.0)"), "{t}");
    let rows = t
        .lines()
        .filter(|l| ["0  ", "2  ", "4  "].iter().any(|p| l.starts_with(p)));
    assert_eq!(rows.count(), 3, "{t}");
    let bad = zhizao(&[
        "sweep",
        "scenarios/wenzhou_valve_body.ron",
        "--param",
        "stations.drill.buffer=1,2",
    ]);
    expect_code(&bad, 2, "bad path");
    assert!(text(&bad.stderr).contains("no entry 'drill'; names: cnc_turning"));
    let bad = zhizao(&[
        "sweep",
        "scenarios/wenzhou_valve_body.ron",
        "--param",
        "operators.fitters.headcount=0",
    ]);
    expect_code(&bad, 2, "invalid point");
    assert!(text(&bad.stderr).contains("head count of 0"));
}

#[test]
fn from_install_reports_the_first_year_and_its_money() {
    let out = zhizao(&[
        "compare",
        "scenarios/wenzhou_valve_body.ron",
        "--from-install",
        "--replications",
        "2",
        "--run",
        "4w",
        "--format",
        "json",
    ]);
    expect_code(&out, 0, "compare --from-install");
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The first year from the installation: 365 days, no warm-up.
    assert_eq!(j["warmup_hours"], 0.0, "{j}");
    assert_eq!(j["run_hours"], 8760.0, "{j}");
    let f = &j["variants"][1]["finance"];
    assert!(f["first_year_benefit_rmb"]["mean"].is_number(), "{f}");
    let e = zhizao(&[
        "optimize",
        "scenarios/wenzhou_valve_body.ron",
        "--budget",
        "1",
        "--from-install",
    ]);
    expect_code(&e, 2, "optimize --from-install");
    assert!(text(&e.stderr).contains("--from-install works with run, compare and check"));
}

#[test]
fn uncertain_inputs_tornado_and_risk_expectations() {
    // At base values the money carries simulation noise only; drawn, more.
    let json = |extra: &[&str]| -> serde_json::Value {
        let six = ["--replications", "6", "--warmup", "1w", "--run", "3w"];
        let out = zhizao(
            &[
                &["compare", "scenarios/wenzhou_valve_body.ron", "--format", "json"][..],
                &six[..],
                extra,
            ]
            .concat(),
        );
        expect_code(&out, 0, "compare json");
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let (base, drawn) = (json(&["--inputs", "base"]), json(&[]));
    assert_eq!(base["inputs"], "base");
    let spread = |j: &serde_json::Value| {
        let r = &j["variants"][3]["finance"]["risk"];
        r["npv_p90_rmb"].as_f64().unwrap() - r["npv_p10_rmb"].as_f64().unwrap()
    };
    assert!(
        spread(&drawn) > 3.0 * spread(&base),
        "{} vs {}",
        spread(&drawn),
        spread(&base)
    );
    assert!(
        base["variants"][3]["finance"]["risk"]["inputs"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    let tornado = |format: &str| {
        let args = [
            "tornado",
            "scenarios/wenzhou_valve_body.ron",
            "--variant",
            "robot_deburring",
            "--format",
            format,
        ];
        let out = zhizao(&[&args[..], QUICK].concat());
        expect_code(&out, 0, &format!("tornado --format {format}"));
        out
    };
    let out = tornado("json");
    let t: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let bars = t[0]["bars"].as_array().unwrap();
    assert_eq!(t[0]["variant"], "robot_deburring");
    assert_eq!(bars.len(), 5, "{t}");
    let swings: Vec<f64> = bars.iter().map(|b| b["swing_rmb"].as_f64().unwrap()).collect();
    assert!(swings.windows(2).all(|w| w[0] >= w[1]), "widest first: {swings:?}");
    // The same bars as CSV, in the same order.
    let csv = text(&tornado("csv").stdout);
    let rows: Vec<&str> = csv.lines().collect();
    assert!(
        rows[0].starts_with("variant,key,label,low,base,high,npv_low_rmb"),
        "{csv}"
    );
    assert_eq!(rows.len(), 6, "{csv}");
    for (row, bar) in rows[1..].iter().zip(bars) {
        let key = bar["key"].as_str().unwrap();
        assert!(row.starts_with(&format!("robot_deburring,{key},")), "{row} vs {key}");
    }

    let out = zhizao(&[
        "tornado",
        "scenarios/yueqing_circuit_breaker.ron",
        "--replications",
        "2",
    ]);
    expect_code(&out, 2, "tornado without uncertain inputs");
    assert!(
        text(&out.stderr).contains("no uncertain inputs"),
        "{}",
        text(&out.stderr)
    );

    let out = zhizao(
        &[
            &[
                "check",
                "scenarios/wenzhou_valve_body.ron",
                "--expect",
                "full_retrofit.probability_npv_negative <= 10%",
                "--expect",
                "full_retrofit.robot_density_per_10000 >= 500",
                "--expect",
                "robot_tending.npv_p10_rmb >= 100000000",
            ][..],
            QUICK,
        ]
        .concat(),
    );
    expect_code(&out, 3, "check on risk and indicators");
    let t = text(&out.stdout);
    assert!(t.contains("ok") && t.contains("FAIL"), "{t}");
}

#[test]
fn chinese_tables_and_page_with_money_in_wan() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("zh");
    let args = [
        &[
            "compare",
            "scenarios/wenzhou_valve_body.ron",
            "--out",
            report.to_str().unwrap(),
        ][..],
        QUICK,
    ]
    .concat();
    // The locale chooses the language; --lang overrides it.
    let out = zhizao_in(&[("LANG", "zh_CN.UTF-8")], &args);
    expect_code(&out, 0, "compare in a Chinese locale");
    let t = text(&out.stdout);
    assert!(t.contains("数值：均值 ± 95% 置信区间半宽"), "{t}");
    // Robot tending's capital, 1,080,000 RMB, in 万元.
    // The bundled scenario's Chinese names in place of the identifiers.
    assert!(t.starts_with("温州阀体加工装配线\n"), "{t}");
    let row = t.lines().find(|l| l.starts_with("机器人上下料 ")).unwrap();
    assert!(row.trim_end().ends_with("108.0") || row.contains(" 108.0 "), "{row}");
    assert!(t.contains("相对现状的经济账 [万元]") && t.contains("更好"), "{t}");
    let html = std::fs::read_to_string(report.join("report.html")).unwrap();
    assert!(
        html.contains("<html lang=\"zh-CN\">") && html.contains("<h2>结论</h2>"),
        "{html}"
    );
    assert!(html.contains("按期望净现值，最佳方案是"), "{html}");
    // The page follows a 诊断 report: 现状, 问题, 方案, 投资, 效益, 风险.
    let at: Vec<usize> = ["一、现状", "二、问题", "三、方案", "四、投资", "五、效益", "六、风险"]
        .iter()
        .map(|s| {
            html.find(&format!("<h2 class=\"section\">{s}</h2>"))
                .unwrap_or_else(|| panic!("{s}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
    // JSON keys stay English.
    let json = zhizao_in(
        &[("LANG", "zh_CN.UTF-8")],
        &[&args[..2], QUICK, &["--format", "json"]].concat(),
    );
    let json_en = zhizao(&[&args[..2], QUICK, &["--format", "json"]].concat());
    expect_code(&json, 0, "JSON");
    assert_eq!(json.stdout, json_en.stdout, "JSON is the same in every language");
    let en = zhizao_in(
        &[("LANG", "zh_CN.UTF-8")],
        &[&args[..2], QUICK, &["--lang", "en"]].concat(),
    );
    assert!(text(&en.stdout).contains("values: mean ± 95% confidence half-width"));
}

#[test]
fn errors_and_problems_read_in_chinese_when_the_language_is_chinese() {
    let dir = tempfile::tempdir().unwrap();
    // A missing file.
    let none = dir.path().join("none.ron");
    let none = none.to_str().unwrap();
    let out = zhizao(&["run", none, "--lang", "zh"]);
    expect_code(&out, 1, "a missing file");
    assert_eq!(
        text(&out.stderr).trim_end(),
        format!("错误：无法读取 {none}：文件不存在")
    );
    // The same in English.
    let out = zhizao(&["run", none]);
    assert_eq!(
        text(&out.stderr).trim_end(),
        format!("error: cannot read {none}: No such file or directory (os error 2)")
    );
    // A time without its unit: each problem line and the summary in
    // Chinese, the file and field as written; a Chinese locale is enough.
    let valve = std::fs::read_to_string("scenarios/wenzhou_valve_body.ron").unwrap();
    let broken = dir.path().join("broken.ron");
    std::fs::write(
        &broken,
        valve.replacen("time: Const(\"2.5min\")", "time: Const(\"45\")", 1),
    )
    .unwrap();
    let broken = broken.to_str().unwrap();
    let out = zhizao_in(&[("LANG", "zh_CN.UTF-8")], &["validate", broken]);
    expect_code(&out, 2, "a time without a unit");
    let err = text(&out.stderr);
    assert!(
        err.contains("时长 \"45\" 缺少单位；请加上 ms、s、min、h、d、w、y 之一（如 \"45s\"）"),
        "{err}"
    );
    assert!(
        err.trim_end().ends_with(&format!("{broken}：共 1 处问题，未运行")),
        "{err}"
    );
    assert!(!err.contains("has no unit") && !err.contains("problem(s)"), "{err}");
    // An unknown variant names the file and lists the variants.
    let out = zhizao(&["run", VALVE_FILE, "--variant", "nope", "--lang", "zh", "--quiet"]);
    expect_code(&out, 2, "an unknown variant");
    let err = text(&out.stderr);
    assert!(
        err.starts_with(&format!("错误：{VALVE_FILE} 中没有方案 \"nope\"；已有方案：")),
        "{err}"
    );
    // The verdict of a good file.
    let out = zhizao(&["validate", VALVE_FILE, "--lang", "zh"]);
    expect_code(&out, 0, "a good file");
    assert!(text(&out.stdout).contains("检查通过"), "{}", text(&out.stdout));
}

const VALVE_FILE: &str = "scenarios/wenzhou_valve_body.ron";

#[test]
fn a_variant_from_a_file_is_added_and_checked_like_one_in_the_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("plan.ron");
    std::fs::write(
        &good,
        "// saved by the planner\n(name: \"planned\", description: \"a robot at drilling\", changes: [ReplaceWithRobot(station: \"cnc_drilling\", servers: 1, robots: 1, time: Const(\"2.5min\"), capital_cost_rmb: 300000, failures: Never)])\n",
    )
    .unwrap();
    let good = good.to_str().unwrap();
    let out = zhizao(
        &[
            &[
                "compare",
                VALVE_FILE,
                "--add-variant",
                good,
                "--format",
                "json",
                "--quiet",
            ],
            QUICK,
        ]
        .concat(),
    );
    expect_code(&out, 0, "an added variant");
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = j["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.last(), Some(&"planned"), "{names:?}");
    // A wrong station in it is a problem of that file, exit 2, nothing run.
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        "(name: \"x\", changes: [SetBuffer(station: \"nowhere\", buffer: 3)])",
    )
    .unwrap();
    let bad = bad.to_str().unwrap();
    let out = zhizao(&["run", VALVE_FILE, "--add-variant", bad, "--variant", "x", "--quiet"]);
    expect_code(&out, 2, "a wrong added variant");
    let err = text(&out.stderr);
    assert!(
        err.contains("nowhere") && err.contains(&format!("{bad}: 1 problem(s); nothing was run")),
        "{err}"
    );
    // A name the scenario already has is refused.
    let twice = dir.path().join("twice.ron");
    std::fs::write(&twice, "(name: \"robot_tending\", changes: [])").unwrap();
    let out = zhizao(&["run", VALVE_FILE, "--add-variant", twice.to_str().unwrap(), "--quiet"]);
    expect_code(&out, 2, "a variant named twice");
}

#[test]
fn engines_give_the_same_bytes_and_a_line_that_does_not_qualify_is_refused() {
    let run = |engine: &str| {
        let out = zhizao(&[
            "compare",
            "benches/scenarios/tandem_5.ron",
            "--replications",
            "3",
            "--run",
            "20000s",
            "--format",
            "json",
            "--engine",
            engine,
        ]);
        expect_code(&out, 0, engine);
        out.stdout
    };
    let event = run("event");
    assert!(!event.is_empty());
    assert_eq!(
        event,
        run("recursion"),
        "the departure-time engine prints what the kernel prints"
    );
    assert_eq!(event, run("auto"));

    let out = zhizao(&["run", "scenarios/wenzhou_valve_body.ron", "--engine", "recursion"]);
    expect_code(&out, 2, "a line the recursion does not take");
    let err = text(&out.stderr);
    assert!(
        err.contains("--engine recursion") && err.contains("does not qualify"),
        "{err}"
    );
}
