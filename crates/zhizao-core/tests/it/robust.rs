//! Nothing a planner types can hang the simulation: a line whose clock
//! cannot move fails with a message naming where, within a bounded number of
//! events, and an experiment answers a stop request within a slice of
//! events, whatever the simulated time that slice covers.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use crate::common::*;
use zhizao_core::experiment::{Control, estimate, replicate, run_with};
use zhizao_core::scenario::Scenario;
use zhizao_core::settings::{Engine, Settings};
use zhizao_core::sim::{CHUNK_EVENTS, STUCK_EVENTS, SimError};

fn line(stations: &str) -> String {
    format!(
        r#"Scenario(
            name: "t",
            experiment: (warmup: "0s", run: "1w", replications: 2, seed: 3),
            products: [(name: "p", route: ["a", "b"])],
            source: Saturated,
            stations: [{stations}],
        )"#
    )
}

#[test]
fn a_line_whose_clock_cannot_move_fails_naming_its_stations() {
    // Times of 0 are allowed (a station that only passes parts on), but a
    // line of nothing else never moves the clock.
    let ron = line(
        r#"(name: "a", kind: Robot, time: Const("0s"), buffer: 0),
           (name: "b", kind: Robot, time: Uniform(min: "0s", max: "0s"), buffer: 0)"#,
    );
    let started = Instant::now();
    let err = baseline(&ron).replicate(0).expect_err("cannot advance");
    match &err {
        SimError::NoProgress {
            time_hours,
            events,
            stations,
        } => {
            assert_eq!(*time_hours, 0.0);
            assert!(
                *events >= STUCK_EVENTS && *events < STUCK_EVENTS + CHUNK_EVENTS,
                "{events}"
            );
            assert_eq!(stations, &["a".to_string(), "b".to_string()]);
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("1 ms or more"), "{err}");
    println!("stuck line reported after {:?}", started.elapsed());
}

#[test]
fn a_time_that_rounds_to_zero_is_refused_where_it_is_written() {
    let text = line(
        r#"(name: "a", kind: Robot, time: Const("0.4ms"), buffer: 0),
           (name: "b", kind: Robot, time: Const("1s"), buffer: 0)"#,
    );
    let err = zhizao_core::scenario::Scenario::parse(&text).unwrap_err();
    let msg = format!("{err:?}");
    assert!(
        msg.contains("0.4ms") && msg.contains("rounds to 0") && msg.contains("stations[0].time"),
        "{msg}"
    );
}

#[test]
fn a_stop_is_seen_within_one_slice_of_events_on_a_fast_line() {
    // A 1 ms robot line simulates 3.6 million parts an hour: a week is
    // hundreds of millions of events. A stop asked for after 0.2 s is
    // answered at the next slice, not at the end of a simulated week.
    let ron = line(
        r#"(name: "a", kind: Robot, time: Const("1ms"), buffer: 0),
           (name: "b", kind: Robot, time: Const("1ms"), buffer: 0)"#,
    );
    let s = scenario(&ron);
    let stop = AtomicBool::new(false);
    let started = Instant::now();
    let runs = std::thread::scope(|scope| {
        scope.spawn(|| {
            std::thread::sleep(std::time::Duration::from_millis(200));
            stop.store(true, Ordering::SeqCst);
        });
        let control = Control {
            cancel: Some(&stop),
            progress: None,
        };
        run_with(&s.select(&[]), &s.settings, &control).unwrap()
    });
    let took = started.elapsed();
    assert_eq!(runs.done(), 0, "nothing finished: a week is far longer");
    assert!(took.as_secs_f64() < 2.0, "stopped after {took:?}");
    println!("stop answered after {took:?}");
}

fn orders_line(interarrival: &str, stations: &str) -> String {
    format!(
        r#"Scenario(
            name: "t",
            experiment: (warmup: "0s", run: "52w", replications: 1, seed: 3),
            products: [(name: "p", route: ["a", "b"])],
            source: Orders(interarrival: Exp("{interarrival}")),
            stations: [{stations}],
        )"#
    )
}

#[test]
fn orders_faster_than_the_line_stop_the_run_before_memory_runs_out() {
    // Orders every 0.6 s into a 1 min line: the backlog grows by 99 a
    // minute and reaches the bound of 2,000,000 after about 20,200 min.
    let ron = orders_line(
        "0.6s",
        r#"(name: "a", kind: Robot, time: Const("1min"), buffer: 0),
           (name: "b", kind: Robot, time: Const("30s"), buffer: 0)"#,
    );
    let started = Instant::now();
    let err = baseline(&ron).replicate(0).expect_err("unstable");
    match &err {
        SimError::Unstable {
            time_hours,
            parts,
            place,
        } => {
            assert!(place.contains("order backlog"), "{place}");
            assert!(*parts > zhizao_core::model::MAX_WIP, "{parts}");
            // 2,000,000 / 99 per minute = 336.7 h, within the noise of Poisson arrivals.
            assert!((*time_hours - 336.7).abs() < 5.0, "{time_hours}");
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("cannot keep up"), "{err}");
    println!("unstable backlog reported after {:?}", started.elapsed());

    // The same orders go through a fast first station into an unlimited
    // buffer in front of the slow one: the parts pile up there.
    let ron = orders_line(
        "0.6s",
        r#"(name: "a", kind: Robot, time: Const("0.5s"), buffer: "unlimited"),
           (name: "b", kind: Robot, time: Const("1min"), buffer: "unlimited")"#,
    );
    match baseline(&ron).replicate(0).expect_err("unstable") {
        SimError::Unstable { place, .. } => assert_eq!(place, "in the buffer of \"b\""),
        other => panic!("{other:?}"),
    }
}

#[test]
fn absurd_breaks_are_refused_at_once_and_say_why() {
    // 40 breaks of 100 years each: refused in milliseconds (the minute map
    // is never drawn), with what to write instead; a 999-year one likewise.
    let breaks: Vec<String> = (0..40).map(|i| format!(r#"("{:02}:00", "5200w")"#, i % 24)).collect();
    let text = format!(
        r#"Scenario(
            name: "t",
            experiment: (warmup: "0s", run: "1w", replications: 1, seed: 3),
            calendars: [(name: "day", days: 5, shifts: [("08:00", "16:00")], breaks: [{}, ("12:00", "52000w")])],
            plant_calendar: "day",
            products: [(name: "p", route: ["a"])],
            source: Saturated,
            stations: [(name: "a", kind: Robot, time: Const("1min"), buffer: 0)],
        )"#,
        breaks.join(", ")
    );
    let started = Instant::now();
    let err = zhizao_core::scenario::Scenario::parse(&text).unwrap_err();
    let took = started.elapsed();
    let msg = format!("{err:?}");
    assert!(msg.contains("a break of 5200w is longer than a day"), "{msg}");
    assert!(msg.contains("a break of 52000w is longer than a day"), "{msg}");
    assert!(!msg.contains("whole minutes"), "{msg}");
    assert!(took.as_millis() < 100, "validation took {took:?}");
}

/// A line of `n` robot stations in series, each with time `time`.
fn long_line(n: usize, time: &str) -> String {
    let stations: Vec<String> = (0..n)
        .map(|i| format!(r#"(name: "s{i}", kind: Robot, robots: 1, time: Const("{time}"), buffer: 0)"#))
        .collect();
    let route: Vec<String> = (0..n).map(|i| format!(r#""s{i}""#)).collect();
    format!(
        "Scenario(\n name: \"big\",\n experiment: (warmup: \"0s\", run: \"1h\", replications: 1, seed: 1),\n products: [(name: \"p\", route: [{}])],\n source: Saturated,\n stations: [{}],\n)",
        route.join(", "),
        stations.join(",\n")
    )
}

#[test]
fn validation_grows_with_the_file_not_with_its_square() {
    // 100,000 stations (half a second in a release build), and 20,000
    // problems each located at its line (one pass over the text for all).
    let started = Instant::now();
    let s = zhizao_core::scenario::Scenario::parse(&long_line(100_000, "1min")).unwrap();
    let valid = started.elapsed();
    assert_eq!(s.baseline().line.stations.len(), 100_000);
    let started = Instant::now();
    let err = zhizao_core::scenario::Scenario::parse(&long_line(20_000, "-1min")).unwrap_err();
    let invalid = started.elapsed();
    let zhizao_core::scenario::ScenarioError::Invalid { problems } = err else {
        panic!("{err}")
    };
    assert_eq!(problems.len(), 20_000);
    // Station s19999 is declared on line 6 + 19999.
    assert!(
        problems[19_999].to_string().starts_with("20005: stations[19999].time"),
        "{}",
        problems[19_999]
    );
    println!("100,000 stations validated in {valid:?}; 20,000 problems in {invalid:?}");
    assert!(valid.as_secs() < 10 && invalid.as_secs() < 10, "{valid:?}, {invalid:?}");
}

#[test]
fn every_problem_at_its_place() {
    // A calendar, a pool, a product and a station all named "x"; a name on
    // the line after its key; a raw string and escapes in names; a bad
    // duration in the source's interarrival.
    let text = r####"Scenario(
    name: "places",
    experiment: (warmup: "0s", run: "1w", replications: 1, seed: 3),
    calendars: [(name: "x", days: 5, shifts: [("08:00", "16:00")])],
    operators: [(name: "x", headcount: 1, calendar: "x")],
    products: [(name: "x", route: ["x", r#"the "second""#, "third\u{2019}s"])],
    source: Orders(interarrival: Exp("soon")),
    stations: [
        (name: "x", kind: Manual(operators: "x"), time: Const("1min"), buffer: -1),
        (name: r#"the "second""#, kind: Robot, robots: 1, time: Const("-2s"), buffer: 0),
        (name:
            "third\u{2019}s", kind: Robot, robots: 1, time: Const("1s"), buffer: -3),
    ],
)"####;
    let err = zhizao_core::scenario::Scenario::parse(text).unwrap_err();
    let zhizao_core::scenario::ScenarioError::Invalid { problems } = err else {
        panic!("{err}")
    };
    let at = |what: &str| {
        problems
            .iter()
            .find(|p| p.to_string().contains(what))
            .unwrap_or_else(|| panic!("no problem about {what}: {problems:?}"))
            .to_string()
    };
    assert!(
        at("buffer of -1").starts_with("9: stations[0]"),
        "{}",
        at("buffer of -1")
    );
    assert!(at("-2s").starts_with("10: stations[1]"), "{}", at("-2s"));
    assert!(
        at("buffer of -3").starts_with("12: stations[2]"),
        "{}",
        at("buffer of -3")
    );
    assert!(at("soon").starts_with("7: source"), "{}", at("soon"));
}

/// The estimate before a run (the refusal of an hour's work and the
/// warning before a minute's depend on it) against the events the kernel
/// runs:
/// `line_10` with 1 replication, a small experiment read from the pilot's
/// first look, and with 100, read from the whole pilot. Both are counts,
/// so a second estimate gives the same.
#[test]
fn the_estimate_counts_the_events_an_experiment_runs() {
    let s = Scenario::load(&root().join("benches/scenarios/line_10.ron")).expect("bench line");
    let v = s.baseline();
    let settings = Settings {
        engine: Engine::Event,
        replications: 1,
        ..s.settings
    };
    let events = replicate(&v.line, &settings, 0).expect("runs").events as f64;
    for replications in [1, 100] {
        let settings = Settings {
            replications,
            ..settings
        };
        let e = estimate(&[v], &settings).expect("an estimate");
        let ratio = e.events / (events * f64::from(replications));
        println!(
            "{replications} replication(s): estimated {:.0} events, {ratio:.3} of those run",
            e.events
        );
        assert!((ratio - 1.0).abs() < 0.1, "{ratio}");
        assert_eq!(e.events, estimate(&[v], &settings).expect("an estimate").events);
    }
}
