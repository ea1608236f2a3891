//! A planner's own data through the binary: a time-study workbook (made by
//! a spreadsheet program, with Chinese sheet and column names and cells
//! formatted as durations) fitted end to end; downtime logs as CSV and as
//! .xlsx with date cells, giving the same estimates; mistakes pointed at
//! their cell.

use super::cli::{expect_code, text, zhizao};

const STUDY: &str = "tests/data/time_study_cnc_turning.xlsx";

#[test]
fn a_time_study_workbook_is_read_fitted_and_gives_a_scenario_line() {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("fit.svg");
    let out = zhizao(&[
        "fit",
        STUDY,
        "--sheet",
        "数控车削",
        "--column",
        "节拍",
        "--format",
        "json",
        "--chart",
        chart.to_str().unwrap(),
    ]);
    expect_code(&out, 0, "fit of the time study");
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["n"], 60, "{j}");
    // The cells are durations (mm:ss.0), about 6 minutes: read as seconds,
    // not as fractions of a day nor in --unit.
    let mean = j["mean_s"].as_f64().unwrap();
    assert!((300.0..420.0).contains(&mean), "mean {mean} s");
    let fits = j["fits"].as_array().unwrap();
    assert_eq!(fits.len(), 7);
    let recommended: Vec<&serde_json::Value> = fits.iter().filter(|f| f["recommended"] == true).collect();
    assert_eq!(recommended.len(), 1, "{j}");
    let exp = fits.iter().find(|f| f["family"] == "exponential").unwrap();
    assert_eq!(
        exp["rejected"], true,
        "cycle times with cv 0.13 are not exponential: {exp}"
    );
    // The recommended line, pasted into a scenario, has the fitted mean.
    let line = j["recommended"].as_str().unwrap().strip_prefix("time: ").unwrap();
    let scenario = format!(
        r#"Scenario(
            name: "fitted",
            experiment: (warmup: "0s", run: "10h", replications: 1, seed: 1),
            products: [(name: "p", route: ["cnc_turning"])],
            source: Saturated,
            stations: [(name: "cnc_turning", kind: Robot, time: {line}, buffer: 0)],
        )"#
    );
    let file = dir.path().join("fitted.ron");
    std::fs::write(&file, scenario).unwrap();
    let v = zhizao(&["validate", file.to_str().unwrap()]);
    expect_code(&v, 0, &format!("the fitted line {line} in a scenario"));
    let svg = std::fs::read_to_string(&chart).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("P-P plot") && svg.contains("Q-Q plot"));
    // The table names the source, the sheet and the line to paste.
    let t = zhizao(&[
        "fit",
        STUDY,
        "--column",
        "B",
        "--bootstrap",
        "0",
        "--chart",
        chart.to_str().unwrap(),
    ]);
    expect_code(&t, 0, "fit by column letter, first sheet");
    let t = text(&t.stdout);
    assert!(t.contains("[数控车削], column 节拍\n60 times"), "{t}");
    // Below the source line (as long as the path), an 80-column terminal.
    for l in t.lines().skip(1) {
        assert!(l.chars().count() <= 80, "{} columns: {l}", l.chars().count());
    }
    assert!(t.contains(&format!("  time: {line}")), "{t}");
}

#[test]
fn times_with_units_and_bare_numbers_in_a_unit() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("cycles.csv");
    let times: Vec<f64> = (0..40).map(|i| 50.0 + (i * 37 % 23) as f64).collect();
    let body: String = times.iter().map(|t| format!("{t}s\n")).collect();
    std::fs::write(&csv, format!("\u{feff}cycle\n{body}")).unwrap();
    let chart = dir.path().join("c.svg");
    let with_units = zhizao(&[
        "fit",
        csv.to_str().unwrap(),
        "--format",
        "json",
        "--bootstrap",
        "0",
        "--chart",
        chart.to_str().unwrap(),
    ]);
    expect_code(&with_units, 0, "times with units");
    let bare = dir.path().join("bare.csv");
    let body: String = times.iter().map(|t| format!("{}\n", t / 60.0)).collect();
    std::fs::write(&bare, format!("cycle\n{body}")).unwrap();
    let in_minutes = zhizao(&[
        "fit",
        bare.to_str().unwrap(),
        "--unit",
        "min",
        "--format",
        "json",
        "--bootstrap",
        "0",
        "--chart",
        chart.to_str().unwrap(),
    ]);
    expect_code(&in_minutes, 0, "bare numbers in minutes");
    let a: serde_json::Value = serde_json::from_slice(&with_units.stdout).unwrap();
    let b: serde_json::Value = serde_json::from_slice(&in_minutes.stdout).unwrap();
    let (ma, mb) = (a["mean_s"].as_f64().unwrap(), b["mean_s"].as_f64().unwrap());
    let expected = times.iter().sum::<f64>() / 40.0;
    assert!(
        (ma - expected).abs() < 1e-9 && (mb - expected).abs() < 1e-6,
        "{ma} {mb} {expected}"
    );
}

/// A downtime log of one machine: 8-hour shifts; up until a failure every
/// 5 h on average (exponential), down 40 min on average; the shift end cuts
/// what is under way. Rows: (start, end, state) in seconds from 2026-03-02 00:00.
fn downtime_rows(shifts: usize) -> Vec<(f64, f64, &'static str)> {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut uniform = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        ((x >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    };
    let mut rows = Vec::new();
    for s in 0..shifts {
        let (begin, end) = (s as f64 * 86_400.0 + 8.0 * 3600.0, s as f64 * 86_400.0 + 16.0 * 3600.0);
        let mut t = begin;
        while t < end {
            let up = (-uniform().ln() * 5.0 * 3600.0).round();
            let stop = (t + up).min(end);
            rows.push((t, stop, "运行"));
            t = stop;
            if t >= end {
                rows.push((end, begin + 86_400.0, "休息"));
                break;
            }
            let down = (-uniform().ln() * 40.0 * 60.0).round().max(60.0);
            let back = (t + down).min(end);
            rows.push((t, back, "故障"));
            t = back;
        }
    }
    rows
}

fn moment(secs: f64) -> String {
    use zhizao_core::time::{civil_from_days, days_from_civil};
    let days = (secs / 86_400.0).floor();
    let rest = secs - days * 86_400.0;
    let (y, m, d) = civil_from_days(days_from_civil(2026, 3, 2) + days as i64);
    format!(
        "{y}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        (rest / 3600.0) as u32,
        (rest % 3600.0 / 60.0) as u32,
        (rest % 60.0) as u32
    )
}

#[test]
fn a_downtime_log_as_csv_and_as_a_workbook_gives_the_true_mtbf() {
    let rows = downtime_rows(150);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("downtime.csv");
    let mut body = String::from("设备,开始,结束,状态\n");
    for (a, b, s) in &rows {
        body.push_str(&format!("CNC-01,{},{},{s}\n", moment(*a), moment(*b)));
    }
    std::fs::write(&csv, body).unwrap();
    let out = zhizao(&["fit-failures", csv.to_str().unwrap(), "--format", "json"]);
    expect_code(&out, 0, "fit-failures of a CSV log");
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ttf = &j["time_to_failure"];
    let (lo, hi) = (
        ttf["mtbf_95_hours"][0].as_f64().unwrap(),
        ttf["mtbf_95_hours"][1].as_f64().unwrap(),
    );
    assert!(
        lo < 5.0 && 5.0 < hi,
        "MTBF 95% [{lo}, {hi}] h misses the true 5 h: {ttf}"
    );
    assert!(ttf["censored"].as_u64().unwrap() > 10, "{ttf}");
    let naive = ttf["naive_mean_hours"].as_f64().unwrap();
    assert!(naive < ttf["mtbf_hours"].as_f64().unwrap(), "{ttf}");
    assert!(
        j["recommended"]
            .as_str()
            .unwrap()
            .starts_with("failures: (time_to_failure: "),
        "{j}"
    );

    // The same log in a workbook with date-time cells.
    let xlsx = dir.path().join("downtime.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("停机记录").unwrap();
    let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    for (c, h) in ["machine", "start", "end", "state"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (a, b, s)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, "CNC-01").unwrap();
        for (c, t) in [(1u16, a), (2, b)] {
            let dt = rust_xlsxwriter::ExcelDateTime::parse_from_str(&moment(*t).replace(' ', "T")).unwrap();
            sheet.write_datetime_with_format(r, c, &dt, &format).unwrap();
        }
        sheet.write_string(r, 3, *s).unwrap();
    }
    book.save(&xlsx).unwrap();
    let out = zhizao(&[
        "fit-failures",
        xlsx.to_str().unwrap(),
        "--sheet",
        "停机记录",
        "--format",
        "json",
    ]);
    expect_code(&out, 0, "fit-failures of a workbook log");
    let k: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        k["time_to_failure"], j["time_to_failure"],
        "a workbook and a CSV of the same log differ"
    );
    assert_eq!(k["recommended"], j["recommended"]);
    let table = zhizao(&["fit-failures", csv.to_str().unwrap()]);
    expect_code(&table, 0, "table");
    let t = text(&table.stdout);
    assert!(t.contains("MTBF, censoring counted"), "{t}");
    assert!(t.contains("mean of observed failures only"), "{t}");
}

#[test]
fn mistakes_in_data_point_at_their_cell() {
    let dir = tempfile::tempdir().unwrap();
    let w = |name: &str, body: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        p
    };
    let bad_time = w("t.csv", "cycle\n45s\n50s\nforty\n");
    let out = zhizao(&["fit", bad_time.to_str().unwrap()]);
    expect_code(&out, 2, "a time that is not a time");
    assert!(
        text(&out.stderr).contains("t.csv: A4: \"forty\""),
        "{}",
        text(&out.stderr)
    );
    let few = w("few.csv", "cycle\n45\n50\n");
    let state = w("log.csv", "start,end,state\n0,1,up\n1,2,broken\n");
    let (few, state) = (few.to_str().unwrap(), state.to_str().unwrap());
    for (args, says) in [
        (vec!["fit", few], "at least 5"),
        (vec!["fit-failures", state], "log.csv: C3: state \"broken\""),
        (vec!["fit", STUDY, "--sheet", "Sheet9"], "sheets: 数控车削, 说明"),
        (
            vec!["fit", STUDY, "--column", "温度"],
            "columns: 序号, 节拍, 操作工, 备注",
        ),
    ] {
        let out = zhizao(&args);
        expect_code(&out, 2, &args.join(" "));
        assert!(text(&out.stderr).contains(says), "{args:?}: {}", text(&out.stderr));
    }
}

#[test]
fn results_xlsx_opens_with_its_sheets_numbers_and_chart() {
    use calamine::{Data, Reader, open_workbook_auto};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let run = zhizao(&[
        "compare",
        "scenarios/wenzhou_valve_body.ron",
        "--replications",
        "3",
        "--run",
        "4w",
        "--format",
        "json",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    expect_code(&run, 0, "compare --out");
    let j: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let path = out.join("results.xlsx");
    let mut book = open_workbook_auto(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Summary", "line", "station", "finance", "indicator"]
    );
    let summary = book.worksheet_range("Summary").unwrap();
    let row = summary
        .rows()
        .find(|r| r.first() == Some(&Data::String("throughput_per_hour".into())))
        .unwrap();
    let variants = j["variants"].as_array().unwrap();
    for (v, variant) in variants.iter().enumerate() {
        let k = &variant["kpis"]["throughput_per_hour"];
        let Data::Float(mean) = row[2 + 2 * v] else {
            panic!("{:?}", row[2 + 2 * v])
        };
        assert_eq!(mean, k["mean"].as_f64().unwrap(), "{}", variant["name"]);
    }
    // The scope sheets hold results.csv's rows, numbers as numbers.
    let csv = std::fs::read_to_string(out.join("results.csv")).unwrap();
    for scope in ["line", "station", "finance", "indicator"] {
        let rows = csv.lines().filter(|l| l.split(',').nth(1) == Some(scope)).count();
        let sheet = book.worksheet_range(scope).unwrap();
        assert_eq!(sheet.height(), rows + 1, "{scope}: header and {rows} rows");
        assert!(
            matches!(sheet.get((1, 4)), Some(Data::Float(_))),
            "{scope}: {:?}",
            sheet.get((1, 4))
        );
    }
    // A native chart is in the package (zip names are stored as text).
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes.windows(20).any(|w| w == b"xl/charts/chart1.xml"),
        "no chart in results.xlsx"
    );
}

#[test]
fn calibration_against_records_gives_a_verdict_and_an_exit_code() {
    let v = "scenarios/wenzhou_valve_body.ron";
    let quick = ["--replications", "4", "-q", "--format", "json"];
    // What the model makes in a year, to state records near and far from it.
    let run = zhizao(&[&["run", v][..], &quick].concat());
    expect_code(&run, 0, "run");
    let j: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let made = j["variants"][0]["kpis"]["good_output"]["mean"].as_f64().unwrap();
    let hours = format!("{}h", j["run_hours"].as_f64().unwrap());
    let near = format!("{}", (made * 1.01).round());
    let out = zhizao(&[&["calibrate", v, "--output", &near, "--over", &hours][..], &quick].concat());
    expect_code(&out, 0, "a record 1% off, within the default 2%");
    let c: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c["verdict"], "consistent", "{c}");
    assert!(
        (c["simulated_mean"].as_f64().unwrap() - made).abs() < 1e-6 * made,
        "{c}"
    );
    let far = format!("{}", (made * 0.9).round());
    let out = zhizao(&[&["calibrate", v, "--output", &far, "--over", &hours][..], &quick].concat());
    expect_code(&out, 3, "a record 10% below the model");
    let c: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c["verdict"], "optimistic", "{c}");
    assert!(text(&out.stderr).contains("fix the model before trusting the variants"));
    // Weekly records from a workbook column.
    let dir = tempfile::tempdir().unwrap();
    let weekly = dir.path().join("weeks.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "周次").unwrap();
    sheet.write_string(0, 1, "合格品").unwrap();
    for w in 0..10u32 {
        sheet.write_number(w + 1, 0, (w + 1) as f64).unwrap();
        sheet.write_number(w + 1, 1, 600.0 + (w % 3) as f64).unwrap();
    }
    book.save(&weekly).unwrap();
    let out = zhizao(
        &[
            &[
                "calibrate",
                v,
                "--weekly",
                weekly.to_str().unwrap(),
                "--column",
                "合格品",
            ][..],
            &quick,
        ]
        .concat(),
    );
    expect_code(&out, 3, "weeks of 600 against a model that makes about 1,100");
    let c: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c["verdict"], "optimistic", "{c}");
    assert_eq!(c["recorded_n"], 10);
}

#[test]
fn the_same_time_study_saved_as_ods_fits_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("fit.svg");
    let fit = |file: &str| {
        let out = zhizao(&[
            "fit",
            file,
            "--column",
            "节拍",
            "--bootstrap",
            "19",
            "--format",
            "json",
            "--chart",
            chart.to_str().unwrap(),
        ]);
        expect_code(&out, 0, file);
        let mut j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        j["source"] = serde_json::Value::Null;
        j
    };
    // Saved from the workbook by LibreOffice: durations become ISO 8601
    // durations (PT00H05M56.8S) in the ODS file.
    assert_eq!(fit(STUDY), fit("tests/data/time_study_cnc_turning.ods"));
}
