//! Terminal tables fit the terminal: every command's table, in English
//! names and in Chinese ones, laid out for 80 and for 160 columns, has no
//! line wider than that (in display columns: a Chinese character takes
//! two), and says which columns it left out.

use unicode_width::UnicodeWidthStr;

use super::cli::{QUICK, expect_code, text, zhizao};

/// The valve-body line with its stations and the scenario named in Chinese.
fn chinese_scenario(dir: &std::path::Path) -> std::path::PathBuf {
    let names = [
        ("cnc_turning", "数控车削"),
        ("cnc_drilling", "数控钻孔"),
        ("deburring", "去毛刺"),
        ("washing", "清洗"),
        ("seat_assembly", "阀座装配"),
        ("final_inspection", "终检"),
        ("packing", "包装"),
        ("Wenzhou valve-body machining and assembly line", "温州阀体加工装配线"),
    ];
    let mut s = std::fs::read_to_string("scenarios/wenzhou_valve_body.ron").unwrap();
    for (en, zh) in names {
        s = s.replace(&format!("\"{en}\""), &format!("\"{zh}\""));
    }
    let file = dir.join("阀体.ron");
    std::fs::write(&file, s).unwrap();
    file
}

fn widest(t: &str) -> (usize, &str) {
    t.lines().map(|l| (l.width(), l)).max().unwrap_or((0, ""))
}

#[test]
fn every_table_fits_80_and_160_columns() {
    let dir = tempfile::tempdir().unwrap();
    let zh = chinese_scenario(dir.path());
    let zh = zh.to_str().unwrap();
    let valve = "scenarios/wenzhou_valve_body.ron";
    let commands: Vec<Vec<&str>> = vec![
        [&["compare", valve][..], QUICK].concat(),
        [&["compare", zh][..], QUICK].concat(),
        [&["compare", zh, "--lang", "zh"][..], QUICK].concat(),
        [&["run", zh, "--lang", "zh"][..], QUICK].concat(),
        [&["run", "scenarios/yongkang_thermos_cup.ron"][..], QUICK].concat(),
        [
            &["sweep", valve, "--param", "stations.cnc_drilling.buffer=0..4:2"][..],
            QUICK,
        ]
        .concat(),
        vec![
            "optimize",
            "scenarios/yueqing_circuit_breaker.ron",
            "--budget",
            "1000000",
            "--replications",
            "2",
            "--run",
            "2w",
            "--screen-replications",
            "2",
            "--screen-run",
            "1w",
        ],
    ];
    for args in &commands {
        let mut full = String::new();
        for width in ["80", "160", "0"] {
            let out = zhizao(&[&args[..], &["--width", width]].concat());
            expect_code(&out, 0, &args.join(" "));
            let t = text(&out.stdout);
            let (w, line) = widest(&t);
            match width {
                "0" => full = t,
                _ => assert!(
                    w <= width.parse().unwrap(),
                    "`{}` at {width} columns has a line of {w}:\n{line}\n\n{t}",
                    args.join(" ")
                ),
            }
        }
        // The full table is wider than 80 columns, so the narrow one left
        // something out or wrapped it, and says so when it left it out.
        assert!(widest(&full).0 > 80, "{}", args.join(" "));
    }
    // What is left out at 80 is named, and shown at 160.
    let narrow = text(&zhizao(&[&commands[1][..], &["--width", "80"]].concat()).stdout);
    assert!(narrow.contains("bottleneck left out to fit 80 columns"), "{narrow}");
    let wide = text(&zhizao(&[&commands[1][..], &["--width", "160"]].concat()).stdout);
    let header = wide.lines().find(|l| l.starts_with("variant ")).unwrap();
    assert!(
        header.contains("lead time h") && header.ends_with("bottleneck"),
        "{header}"
    );
    assert!(wide.contains("数控车削"), "{wide}");
    // The optimiser's table says how its charts name the placements.
    let opt = text(&zhizao(&[&commands[6][..], &["--width", "160"]].concat()).stdout);
    assert!(opt.contains("option_1 is rank 1"), "{opt}");
    // In Chinese the left-out note and the headers are Chinese too.
    let narrow = text(&zhizao(&[&commands[2][..], &["--width", "80"]].concat()).stdout);
    assert!(narrow.contains("为适应 80 列宽度省略了"), "{narrow}");
    assert!(narrow.contains("相对现状的经济账 [万元]"), "{narrow}");
}

#[test]
fn chinese_names_keep_the_columns_aligned() {
    let dir = tempfile::tempdir().unwrap();
    let zh = chinese_scenario(dir.path());
    let out = zhizao(&[&["run", zh.to_str().unwrap()][..], QUICK, &["--width", "160"]].concat());
    expect_code(&out, 0, "run");
    let t = text(&out.stdout);
    // In the station table, every row's OEE cell ends in the same display
    // column as the header's "OEE".
    let lines: Vec<&str> = t
        .lines()
        .skip_while(|l| !l.starts_with("station "))
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(lines.len() > 10, "{t}");
    let column = |l: &str, cells_from_end: usize| {
        let cells: Vec<&str> = l.split("  ").filter(|c| !c.trim().is_empty()).collect();
        let cell = cells[cells.len() - cells_from_end].trim();
        let at = l.rfind(cell).unwrap() + cell.len();
        l[..at].width()
    };
    let want = column(lines[0], 3);
    for l in &lines[1..] {
        assert_eq!(column(l, 3), want, "misaligned:\n{}", lines.join("\n"));
    }
    assert!(lines.iter().any(|l| l.starts_with("数控车削 ")), "{t}");
}
