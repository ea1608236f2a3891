//! The line model's features, each checked against a hand-computed result:
//! shifts and calendars, lights-out, operators shared by machines, setups,
//! scrap and rework, alternative stations, failures with a repair crew,
//! deadlock detection, stepping, and the warm-up suggestion.

use std::sync::Arc;

use crate::common::*;
use zhizao_core::experiment::replicate;
use zhizao_core::kpi::*;
use zhizao_core::settings::Settings;
use zhizao_core::sim::{SimError, Simulation, State};
use zhizao_core::time::{HOUR, WEEK};

const DAY_SHIFT: &str = r#"calendars: [(name: "day", days: 5, shifts: [("08:00", "16:00")])],"#;

fn one_station(station: &str, extra: &str, run: &str) -> String {
    format!(
        r#"Scenario(
            name: "t",
            experiment: (warmup: "0s", run: "{run}", replications: 2, seed: 9),
            {extra}
            products: [(name: "p", route: ["s"])],
            source: Saturated,
            stations: [{station}],
        )"#
    )
}

#[test]
fn manual_station_works_only_on_shift_and_work_at_shift_end_completes() {
    let ron = one_station(
        r#"(name: "s", kind: Manual(operators: "crew"), time: Const("1min"), buffer: 0)"#,
        &format!(r#"{DAY_SHIFT} operators: [(name: "crew", headcount: 1, calendar: "day")],"#),
        "2w",
    );
    let r = baseline(&ron).replicate(0).unwrap();
    // 8 h x 5 days x 2 weeks of one-minute cycles; the cycle ending exactly at
    // 16:00 counts (activity ends come before calendar switches).
    assert_eq!(r.line[GOOD_OUTPUT], 2.0 * 5.0 * 8.0 * 60.0);
    let on = 40.0 / 168.0;
    assert!((r.stations[0][ST_STATES + State::OffShift as usize] - (1.0 - on)).abs() < 1e-9);
    // Busy all of its planned (on-shift) time.
    assert!((r.stations[0][ST_STATES + State::Busy as usize] - 1.0).abs() < 1e-9);
    assert!((r.stations[0][ST_PLANNED_HOURS] - 80.0).abs() < 1e-9);
    // Without a plant calendar, throughput is per hour of simulated time.
    assert!((r.line[THROUGHPUT] - 60.0 * on).abs() < 1e-9);
    assert!((r.line[LABOUR_PRODUCTIVITY] - 60.0).abs() < 1e-9);
    assert!((r.line[OPERATOR_UTILISATION] - 1.0).abs() < 1e-9);
}

#[test]
fn robots_follow_the_plant_calendar_unless_lights_out() {
    let with = |lights_out: bool| {
        let ron = one_station(
            &format!(r#"(name: "s", kind: Robot, time: Const("1min"), buffer: 0, lights_out: {lights_out})"#),
            &format!(r#"{DAY_SHIFT} plant_calendar: "day","#),
            "1w",
        );
        let line = baseline(&ron);
        line.replicate(0).unwrap()
    };
    let scheduled = with(false);
    assert_eq!(scheduled.line[GOOD_OUTPUT], 5.0 * 8.0 * 60.0);
    assert_eq!(scheduled.line[THROUGHPUT], 60.0, "per planned hour");
    let lights_out = with(true);
    assert_eq!(lights_out.line[GOOD_OUTPUT], 7.0 * 24.0 * 60.0);
    assert_eq!(lights_out.line[THROUGHPUT], 7.0 * 24.0 * 60.0 / 40.0);
}

#[test]
fn one_operator_tends_two_machines() {
    // Each machine: 10 s loading by the operator, then 50 s alone. One
    // operator needs 20 s of every 60 s: both machines run at full speed.
    let ron = one_station(
        r#"(name: "s", kind: Machine(operators: "op", load: Const("10s")), servers: 2, time: Const("50s"), buffer: 0)"#,
        r#"operators: [(name: "op", headcount: 1)],"#,
        "10h",
    );
    let line = baseline(&ron);
    let r = line.replicate(0).unwrap();
    assert!((r.line[THROUGHPUT] - 120.0).abs() < 0.2, "{}", r.line[THROUGHPUT]);
    assert!((r.line[OPERATOR_UTILISATION] - 1.0 / 3.0).abs() < 0.01);
    assert_eq!(r.line[HEADCOUNT], 1.0);
}

#[test]
fn manual_places_without_enough_operators_wait_for_one() {
    // Three places, one operator: one part a minute, two places always waiting.
    let ron = one_station(
        r#"(name: "s", kind: Manual(operators: "op"), servers: 3, time: Const("1min"), buffer: 0)"#,
        r#"operators: [(name: "op", headcount: 1)],"#,
        "10h",
    );
    let line = baseline(&ron);
    let r = line.replicate(0).unwrap();
    assert!((r.line[THROUGHPUT] - 60.0).abs() < 1e-9);
    let waiting = r.stations[0][ST_STATES + State::WaitingOperator as usize];
    assert!((waiting - 2.0 / 3.0).abs() < 1e-6, "{waiting}");
}

fn mix_line(lot_size: u32) -> String {
    format!(
        r#"Scenario(
            name: "setups",
            experiment: (warmup: "10h", run: "2000h", replications: 10, seed: 4),
            products: [(name: "a", share: 1, route: ["s"]), (name: "b", share: 1, route: ["s"])],
            lot_size: {lot_size},
            source: Saturated,
            stations: [(name: "s", kind: Robot, time: Const("60s"), setup: Const("30s"), buffer: 0)],
        )"#
    )
}

#[test]
fn setup_happens_when_the_product_changes() {
    // Random 50/50 mix, one part at a time: half the parts need a setup.
    // Cycle = 60 + 0.5 x 30 = 75 s, setup share = 15 / 75.
    let reps = replications(&baseline(&mix_line(1)));
    assert_matches("throughput with setups", kpi(&reps, THROUGHPUT), 3600.0 / 75.0, 0.01);
    assert_matches(
        "setup share",
        station_kpi(&reps, 0, ST_STATES + State::Setup as usize),
        0.2,
        0.02,
    );
    // Lots of 10: a change only between lots, with probability 1/2.
    let reps = replications(&baseline(&mix_line(10)));
    assert_matches(
        "throughput with lots",
        kpi(&reps, THROUGHPUT),
        3600.0 / (60.0 + 1.5),
        0.01,
    );
}

#[test]
fn scrap_and_rework() {
    let ron = r#"Scenario(
        name: "quality",
        experiment: (warmup: "10h", run: "5000h", replications: 10, seed: 2),
        products: [(name: "p", route: ["b"])],
        source: Orders(interarrival: Exp("1.5min")),
        stations: [
            (name: "b", kind: Robot, time: Const("1min"), buffer: "unlimited",
             scrap: 0.1, rework: (probability: 0.2, to: "b")),
        ],
    )"#;
    // Each operation: 10% scrap, 20% back to b, 70% good; a part needs
    // 1 / 0.8 operations on average, so b (60 operations an hour) keeps up
    // with 40 orders an hour. Of every order, 0.7 / 0.8 leaves good.
    let reps = replications(&baseline(ron));
    assert_matches(
        "good output with scrap and rework",
        kpi(&reps, THROUGHPUT),
        40.0 * 0.7 / 0.8,
        0.01,
    );
    assert_matches("scrap rate", kpi(&reps, SCRAP_RATE), 0.1 / 0.8, 0.03);
    assert_matches("station quality", station_kpi(&reps, 0, ST_QUALITY), 0.7, 0.01);
    assert_matches(
        "station utilisation",
        station_kpi(&reps, 0, ST_STATES),
        40.0 / 0.8 / 60.0,
        0.01,
    );
}

#[test]
fn alternative_stations_share_the_work() {
    let ron = |rule: &str| {
        format!(
            r#"Scenario(
                name: "alternatives",
                experiment: (warmup: "1h", run: "200h", replications: 2, seed: 1),
                products: [(name: "p", route: ["feed", Any(stations: ["fast", "slow"], rule: {rule})])],
                source: Saturated,
                stations: [
                    (name: "feed", kind: Robot, time: Const("10s"), buffer: 0),
                    (name: "fast", kind: Robot, time: Const("1min"), buffer: 0),
                    (name: "slow", kind: Robot, time: Const("2min"), buffer: 0),
                ],
            )"#
        )
    };
    for rule in ["FirstFree", "ShortestQueue"] {
        let line = baseline(&ron(rule));
        let r = line.replicate(0).unwrap();
        // Both run flat out: 60 + 30 per hour.
        assert!(
            (r.line[THROUGHPUT] - 90.0).abs() < 0.1,
            "{rule}: {}",
            r.line[THROUGHPUT]
        );
        assert!((r.stations[1][ST_THROUGHPUT] - 60.0).abs() < 0.1);
        assert!((r.stations[2][ST_THROUGHPUT] - 30.0).abs() < 0.1);
    }
}

#[test]
fn time_dependent_failures_with_a_shared_repair_crew() {
    // Two machines, failing on the clock (MTBF 10 h), repaired by one
    // technician (MTTR 1 h). Downtime includes waiting for the technician, so
    // availability is below the single-machine MTBF / (MTBF + MTTR).
    let ron = r#"Scenario(
        name: "crew",
        experiment: (warmup: "100h", run: "20000h", replications: 10, seed: 6),
        operators: [(name: "tech", headcount: 1)],
        products: [(name: "p", route: ["a", "b"])],
        source: Saturated,
        stations: [
            (name: "a", kind: Robot, time: Const("1min"), buffer: 0,
             failures: (time_to_failure: Exp("10h"), time_to_repair: Exp("1h"), mode: TimeDependent, crew: "tech")),
            (name: "b", kind: Robot, time: Const("1min"), buffer: 1000,
             failures: (time_to_failure: Exp("10h"), time_to_repair: Exp("1h"), mode: TimeDependent, crew: "tech")),
        ],
    )"#;
    let reps = replications(&baseline(ron));
    // Two machines and one repairer: a machine-repair model (finite source),
    // a birth-death chain with states 0, 1, 2 machines down.
    let (l, m) = (1.0 / 10.0, 1.0);
    let p1 = 2.0 * l / m;
    let p2 = p1 * l / m;
    let down_per_machine = (p1 + 2.0 * p2) / (1.0 + p1 + p2) / 2.0;
    assert_matches(
        "down share with a shared crew",
        station_kpi(&reps, 0, ST_STATES + State::Down as usize),
        down_per_machine,
        0.03,
    );
    assert!(down_per_machine > 1.0 / 11.0);
}

#[test]
fn products_crossing_in_opposite_directions_deadlock_and_are_reported() {
    let line = baseline(
        r#"Scenario(
            name: "crossing",
            experiment: (warmup: "0s", run: "100h", replications: 1, seed: 1),
            products: [(name: "ab", route: ["x", "y"]), (name: "ba", route: ["y", "x"])],
            source: Orders(interarrival: Exp("1min")),
            stations: [
                (name: "x", kind: Robot, time: Exp("50s"), buffer: 0),
                (name: "y", kind: Robot, time: Exp("50s"), buffer: 0),
            ],
        )"#,
    );
    match line.replicate(0) {
        Err(SimError::Deadlock { stations, .. }) => assert_eq!(stations, vec!["x".to_string(), "y".to_string()]),
        other => panic!("expected a deadlock, got {other:?}"),
    }
}

#[test]
fn stepping_in_pieces_gives_the_same_results_as_one_run() {
    let line = Arc::clone(
        &scenario(&std::fs::read_to_string(root().join("scenarios/wenzhou_valve_body.ron")).unwrap())
            .baseline()
            .line,
    );
    let config = Settings {
        inputs: Default::default(),
        engine: Default::default(),
        replications: 1,
        seed: 1,
        warmup: WEEK,
        run: 4 * WEEK,
    };
    let whole = Simulation::new(Arc::clone(&line), &config, 3).run_to_end().unwrap();
    let mut sim = Simulation::new(Arc::clone(&line), &config, 3);
    let mut t = 0;
    while !sim.is_finished() {
        t += 7 * HOUR + 13;
        sim.run_until(t).unwrap();
        sim.run_until(t + HOUR / 3).unwrap();
        let views = sim.station_views();
        assert_eq!(views.len(), line.stations.len());
        if t > config.warmup + config.run {
            break;
        }
    }
    while sim.step().unwrap() {}
    // Compared as text: an undefined KPI (NaN, e.g. vehicles on a line
    // without them) is never equal to itself.
    assert_eq!(format!("{:?}", sim.results()), format!("{whole:?}"));
}

#[test]
fn mser5_finds_the_start_up_of_an_empty_mm1_queue() {
    // M/M/1 with rho = 0.9 starting empty: WIP climbs towards 9 over a few
    // hundred minutes (relaxation time about 1 / (mu (1 - sqrt(rho))^2) = 370 min).
    let line = baseline(
        r#"Scenario(
            name: "startup",
            experiment: (warmup: "0s", run: "5000min", replications: 40, seed: 12),
            products: [(name: "p", route: ["s"])],
            source: Orders(interarrival: Exp("1min")),
            stations: [(name: "s", kind: Robot, time: Exp("0.9min"))],
        )"#,
    );
    let reps = replications(&line);
    let cut_hours = zhizao_core::experiment::suggest_warmup(&reps).expect("long enough to judge");
    println!("MSER-5 cut at {cut_hours:.2} h");
    assert!((0.5..=25.0).contains(&cut_hours), "MSER-5 cut at {cut_hours} h");
}

#[test]
fn conservation_of_parts_on_every_bundled_scenario() {
    for path in bundled() {
        let s = load(&path);
        for v in &s.variants {
            let settings = Settings {
                inputs: Default::default(),
                engine: Default::default(),
                replications: 1,
                seed: 5,
                warmup: WEEK,
                run: 3 * WEEK,
            };
            let r = replicate(&v.line, &settings, 0).unwrap();
            assert_eq!(
                r.in_process_at_start + r.released,
                r.finished + r.scrapped + r.consumed + r.in_process,
                "{} / {}: released = finished + scrapped + consumed + in process",
                path.display(),
                v.name
            );
            for (st, k) in v.line.stations.iter().zip(&r.stations) {
                let on_shift = State::ALL.iter().filter(|&&s| s != State::OffShift);
                let sum: f64 = on_shift.map(|&s| k[ST_STATES + s as usize]).sum();
                assert!(
                    (sum - 1.0).abs() < 1e-9,
                    "{}: {} shares of planned time sum to {sum}",
                    v.name,
                    st.name
                );
                assert!(
                    k[ST_STATES..ST_STATES + State::ALL.len()]
                        .iter()
                        .all(|f| (0.0..=1.0).contains(f))
                );
                // The loss breakdown accounts for every planned hour.
                let losses: f64 = StationKpi::LOSSES.iter().map(|&l| k[l as usize]).sum();
                assert!(
                    (losses - k[ST_PLANNED_HOURS]).abs() < 1e-6 * k[ST_PLANNED_HOURS],
                    "{}: {} losses {losses} h but planned {} h",
                    v.name,
                    st.name,
                    k[ST_PLANNED_HOURS]
                );
            }
            for (key, x) in LINE_KPIS.iter().zip(&r.line) {
                // Undefined only where there is nothing to measure: no
                // operators, no vehicles, no power data or no price.
                let vehicles = ["vehicle_utilisation", "transport_time_min"].contains(&key.key);
                let unpowered = v.line.stations.iter().all(|s| s.power.is_none());
                let energy = match key.key {
                    "energy_kwh_per_good_unit" => unpowered,
                    "energy_cost_per_year_rmb" => unpowered || v.line.tariff.is_none(),
                    _ => false,
                };
                let book = matches!(v.line.source, zhizao_core::model::Source::OrderBook(_));
                let order_kpi = [
                    "orders_on_time",
                    "tardiness_mean_hours",
                    "tardiness_p95_hours",
                    "orders_open",
                ]
                .contains(&key.key);
                assert!(
                    !x.is_nan()
                        || key.key == "operator_utilisation"
                        || (vehicles && v.line.fleets.is_empty())
                        || energy
                        || (order_kpi && !book)
                        || (["finished_goods_mean", "fill_rate"].contains(&key.key) && v.line.finished_goods.is_none()),
                    "{}: {} undefined",
                    v.name,
                    key.key
                );
            }
        }
    }
}

#[test]
fn littles_law_holds() {
    let line = baseline(
        r#"Scenario(
            name: "little",
            experiment: (warmup: "500h", run: "20000h", replications: 4, seed: 8),
            products: [(name: "p", route: ["a", "b", "c"])],
            source: Orders(interarrival: Exp("2min")),
            stations: [
                (name: "a", kind: Robot, time: Exp("1.5min")),
                (name: "b", kind: Robot, time: LogNormal(mean: "1.6min", cv: 0.5), buffer: 3, scrap: 0.05),
                (name: "c", kind: Robot, time: Triangular(min: "1min", mode: "1.5min", max: "2min"), buffer: "unlimited",
                 rework: (probability: 0.1, to: "b")),
            ],
        )"#,
    );
    for r in replications(&line) {
        let hours = 20000.0;
        let lambda = (r.finished + r.scrapped) as f64 / hours;
        let little = lambda * r.flow_time_all_hours;
        let wip = r.line[WIP];
        assert!((wip - little).abs() / wip < 0.01, "WIP {wip} vs lambda x W = {little}");
    }
}

#[test]
fn littles_law_holds_on_every_bundled_variant() {
    // WIP = departure rate x mean time in the line, for single parts, loads,
    // racks and components alike (a component departs when it is joined). Parts in the line at the start and end of the
    // measured time make the two sides differ by about WIP x W / run, so
    // the run is long against the lead time.
    for path in bundled() {
        let s = load(&path);
        for v in &s.variants {
            let settings = Settings {
                inputs: Default::default(),
                engine: Default::default(),
                replications: 1,
                seed: 11,
                warmup: 2 * WEEK,
                run: 26 * WEEK,
            };
            let r = replicate(&v.line, &settings, 0).unwrap();
            let hours = 26.0 * 168.0;
            let lambda = (r.finished + r.scrapped + r.consumed) as f64 / hours;
            let little = lambda * r.flow_time_all_hours;
            let wip = r.line[WIP];
            println!("{} / {}: WIP {wip:.2}, lambda x W {little:.2}", path.display(), v.name);
            assert!(
                (wip - little).abs() / wip < 0.02,
                "{} / {}: WIP {wip} vs lambda x W = {little}",
                path.display(),
                v.name
            );
        }
    }
}
