//! Time accounting, OEE (ISO 22400-2 / Nakajima) and the equipment
//! inventory, each against an answer derived by hand or from a closed form.
//! Every test fails when the definition it guards is wrong: off-shift time
//! booked as down or blocked, a repair clock that runs at night for free,
//! rework counted as good, the mean cycle taken as ideal, a demand-limited
//! line punished for its missing orders.

use crate::common::*;
use crate::validation::exact_saturated;
use zhizao_core::kpi::*;
use zhizao_core::scenario::Scenario;
use zhizao_core::sim::State;

const DAY_SHIFT: &str = r#"calendars: [(name: "day", days: 5, shifts: [("08:00", "16:00")])], plant_calendar: "day","#;
/// Planned share of the week on the day shift: 40 h of 168 h.
const ON: f64 = 40.0 / 168.0;

fn state(reps: &[zhizao_core::sim::Replication], s: usize, state: State) -> zhizao_core::stats::Summary {
    station_kpi(reps, s, ST_STATES + state as usize)
}

/// One machine on a day shift, failures Exp(4 h) of operation, repairs of
/// 1 h by a day-shift crew (or with `crew` empty, by nobody in particular).
fn day_shift_machine(crew: &str, repairs: &str) -> String {
    format!(
        r#"Scenario(
            name: "day shift machine",
            experiment: (warmup: "1w", run: "30w", replications: 20, seed: 31),
            {DAY_SHIFT}
            operators: [(name: "maint", headcount: 1, calendar: "day")],
            products: [(name: "p", route: ["m"])],
            source: Saturated,
            stations: [(
                name: "m", kind: Machine(), time: Const("1min"), buffer: 0, ideal_cycle: "1min",
                failures: (time_to_failure: Exp("4h"), time_to_repair: Const("1h"){crew}{repairs}),
            )],
        )"#
    )
}

#[test]
fn a_day_shift_machine_is_available_four_fifths_of_its_planned_time() {
    // On shift the failure clock (operating time) and the repair clock both
    // run only in working time, so availability = MTBF / (MTBF + MTTR) = 0.8,
    // output = 60/h x 0.8 = 48 per planned hour, down = 0.2 x 40/168 = 4.8%
    // of all hours, off shift = 128/168 = 76.2% whatever the machine holds.
    for crew in [r#", crew: "maint""#, ""] {
        let reps = replications(&baseline(&day_shift_machine(crew, "")));
        let what = |w: &str| format!("{w} (crew: {})", !crew.is_empty());
        assert_matches(&what("availability"), station_kpi(&reps, 0, ST_AVAILABILITY), 0.8, 0.01);
        assert_matches(&what("line OEE"), kpi(&reps, OEE), 0.8, 0.01);
        assert_matches(&what("output per planned hour"), kpi(&reps, THROUGHPUT), 48.0, 0.01);
        let down_of_all: Vec<f64> = reps
            .iter()
            .map(|r| {
                let k = &r.stations[0];
                k[ST_STATES + State::Down as usize] * (1.0 - k[ST_STATES + State::OffShift as usize])
            })
            .collect();
        assert_matches(
            &what("down, share of all hours"),
            zhizao_core::stats::Summary::of(&down_of_all),
            0.2 * ON,
            0.04,
        );
        for r in &reps {
            assert!((r.stations[0][ST_STATES + State::OffShift as usize] - (1.0 - ON)).abs() < 1e-9);
        }
        // Breakdowns: one per 4 h of operation, 0.8 x 40 h x 30 weeks of it.
        assert_matches(
            &what("breakdowns"),
            station_kpi(&reps, 0, ST_FAILURES),
            0.8 * 40.0 * 30.0 / 4.0,
            0.03,
        );
    }
}

#[test]
fn repairs_around_the_clock_finish_overnight() {
    // A repair that straddles 16:00 is finished by the morning, so more
    // operating time is left; the night stays off shift, not down.
    let shifts = replications(&baseline(&day_shift_machine(r#", crew: "maint""#, "")));
    let around = replications(&baseline(&day_shift_machine(
        r#", crew: "maint""#,
        ", repairs: AroundTheClock",
    )));
    let (a, b) = (kpi(&shifts, AVAILABILITY).mean, kpi(&around, AVAILABILITY).mean);
    println!("availability during shifts {a:.4}, around the clock {b:.4}");
    assert!(b > a + 0.005, "around the clock {b} not above during shifts {a}");
    for r in &around {
        assert!((r.stations[0][ST_STATES + State::OffShift as usize] - (1.0 - ON)).abs() < 1e-9);
    }
}

#[test]
fn a_fast_machine_blocked_by_a_slow_bench_is_blocked_half_its_planned_time() {
    // 1 min machine, no buffer, then a 2 min manual bench, both on the day
    // shift: the machine is busy 1 min and blocked 1 min of every 2 on shift
    // (50% of planned time, 0.5 x 40/168 = 11.9% of all hours); the finished
    // part it holds at 16:00 does not make the night "blocked".
    let line = baseline(&format!(
        r#"Scenario(
            name: "blocked",
            experiment: (warmup: "1w", run: "10w", replications: 2, seed: 4),
            {DAY_SHIFT}
            operators: [(name: "ops", headcount: 1, calendar: "day")],
            products: [(name: "p", route: ["fast", "bench"])],
            source: Saturated,
            stations: [
                (name: "fast", kind: Machine(), time: Const("1min"), buffer: 0),
                (name: "bench", kind: Manual(operators: "ops"), time: Const("2min"), buffer: 0),
            ],
        )"#
    ));
    for r in replications(&line) {
        let k = &r.stations[0];
        let blocked = k[ST_STATES + State::Blocked as usize];
        let off = k[ST_STATES + State::OffShift as usize];
        println!("blocked {blocked:.4} of planned time, off shift {off:.4}");
        assert!((blocked - 0.5).abs() < 1e-3, "blocked {blocked} of planned time");
        assert!((blocked * (1.0 - off) - 0.5 * ON).abs() < 1e-3);
        assert!((off - (1.0 - ON)).abs() < 1e-9);
        // Blocked is a minor stop: availability 0.5, performance 1 (the
        // ideal cycle defaults to the mean).
        assert!((k[ST_AVAILABILITY] - 0.5).abs() < 1e-3);
        assert!((k[ST_PERFORMANCE] - 1.0).abs() < 1e-3);
        // The bench is the measured bottleneck and sets the line OEE.
        assert_eq!(r.oee_station, 1);
        assert!((r.line[OEE] - 1.0).abs() < 1e-3, "line OEE {}", r.line[OEE]);
    }
}

#[test]
fn rework_is_not_good_the_first_time() {
    // 20% of parts go back once, none is scrapped: every part ends good, but
    // only 80% right first time, so quality is 0.80 (not 1) at the station
    // and for the line.
    let line = baseline(
        r#"Scenario(
            name: "rework",
            experiment: (warmup: "100h", run: "4000h", replications: 10, seed: 8),
            products: [(name: "p", route: ["feed", "make", "check"])],
            source: Saturated,
            stations: [
                (name: "feed", kind: Robot, robots: 1, time: Const("1.5min"), buffer: 0),
                (name: "make", kind: Robot, robots: 1, time: Const("1min"), buffer: "unlimited"),
                (name: "check", kind: Robot, robots: 0, time: Const("1min"), buffer: 0,
                    rework: (probability: 0.2, to: "make")),
            ],
        )"#,
    );
    let reps = replications(&line);
    assert_matches("line quality", kpi(&reps, QUALITY), 0.8, 0.01);
    assert_matches("check station quality", station_kpi(&reps, 2, ST_QUALITY), 0.8, 0.01);
    assert_eq!(kpi(&reps, SCRAP_RATE).mean, 0.0);
    // The rework loss is the ideal time spent on parts that come back.
    let rework_share: Vec<f64> = reps
        .iter()
        .map(|r| {
            let k = &r.stations[2];
            k[StationKpi::LossRework as usize] / k[ST_PLANNED_HOURS]
        })
        .collect();
    let busy = station_kpi(&reps, 2, ST_STATES + State::Busy as usize).mean;
    assert_matches(
        "rework loss share of planned time",
        zhizao_core::stats::Summary::of(&rework_share),
        0.2 * busy,
        0.02,
    );
}

#[test]
fn restart_after_repair_matches_the_closed_form() {
    // A saturated machine, p = 5 min deterministic, Exp(20 min) failures
    // while processing, repairs of mean 5 min, the operation restarted:
    // E[time per part] = (MTBF + MTTR)(e^(p/MTBF) - 1), so throughput
    // = 1 / (25 (e^0.25 - 1)) = 0.140832 per minute.
    let exact = 1.0 / ((20.0 + 5.0) * ((5.0f64 / 20.0).exp() - 1.0));
    assert!((exact - 0.140832).abs() < 1e-6);
    let line = baseline(
        r#"Scenario(
            name: "restart",
            experiment: (warmup: "1000min", run: "200000min", replications: 20, seed: 17),
            products: [(name: "p", route: ["m"])],
            source: Saturated,
            stations: [(
                name: "m", kind: Robot, robots: 1, time: Const("5min"), buffer: 0,
                failures: (time_to_failure: Exp("20min"), time_to_repair: Exp("5min"), after_repair: Restart),
            )],
        )"#,
    );
    let reps = replications(&line);
    assert_matches(
        "throughput with restarts [/h]",
        kpi(&reps, THROUGHPUT),
        exact * 60.0,
        0.01,
    );
    // Work lost to restarts is speed loss: the expected processing time per
    // good part is MTBF (e^(p/MTBF) - 1), so performance = p / that = 0.8802.
    let performance = 5.0 / (20.0 * ((5.0f64 / 20.0).exp() - 1.0));
    assert_matches(
        "performance with restarts",
        station_kpi(&reps, 0, ST_PERFORMANCE),
        performance,
        0.01,
    );
    let resume = baseline(
        r#"Scenario(
            name: "resume",
            experiment: (warmup: "1000min", run: "200000min", replications: 20, seed: 17),
            products: [(name: "p", route: ["m"])],
            source: Saturated,
            stations: [(
                name: "m", kind: Robot, robots: 1, time: Const("5min"), buffer: 0,
                failures: (time_to_failure: Exp("20min"), time_to_repair: Exp("5min")),
            )],
        )"#,
    );
    // Resumed: 1 part per p + p/MTBF x MTTR = 6.25 min.
    assert_matches(
        "throughput resumed [/h]",
        kpi(&replications(&resume), THROUGHPUT),
        60.0 / 6.25,
        0.01,
    );
}

#[test]
fn buffer_contents_match_the_markov_chain() {
    // Two exponential stations (rates 1 and 0.9 per minute), a saturated
    // source, 2 waiting places before the second station.
    let (rates, buffers) = ([1.0, 0.9], [0u32, 2]);
    let exact = exact_saturated(&rates, &buffers);
    let line = baseline(
        r#"Scenario(
            name: "buffer",
            experiment: (warmup: "2000min", run: "100000min", replications: 20, seed: 21),
            products: [(name: "p", route: ["s0", "s1"])],
            source: Saturated,
            stations: [
                (name: "s0", kind: Robot, robots: 1, time: Exp("1min"), buffer: 0),
                (name: "s1", kind: Robot, robots: 1, time: Exp("1.1111111111111111min"), buffer: 2),
            ],
        )"#,
    );
    let reps = replications(&line);
    assert_matches(
        "buffer mean before s1",
        station_kpi(&reps, 1, ST_BUFFER_MEAN),
        exact.buffers[1],
        0.02,
    );
    assert_eq!(station_kpi(&reps, 0, ST_BUFFER_MEAN).mean, 0.0);
}

#[test]
fn machine_interference_matches_the_closed_form() {
    // N = 4 machines, c = 2 repairers, run Exp(60 min) (time-dependent),
    // repair Exp(20 min): the finite-source M/M/c//N queue. With n down,
    // births (N - n) / 60, deaths min(n, c) / 20 per minute.
    let (n, c, run, repair) = (4usize, 2usize, 60.0, 20.0);
    let mut p = vec![1.0];
    for k in 1..=n {
        let prev = p[k - 1];
        p.push(prev * ((n - k + 1) as f64 / run) / (k.min(c) as f64 / repair));
    }
    let total: f64 = p.iter().sum();
    let p: Vec<f64> = p.iter().map(|x| x / total).collect();
    let down: f64 = (0..=n).map(|k| k as f64 * p[k]).sum::<f64>() / n as f64;
    let repairers: f64 = (0..=n).map(|k| k.min(c) as f64 * p[k]).sum::<f64>() / c as f64;
    let line = baseline(
        r#"Scenario(
            name: "interference",
            experiment: (warmup: "2000min", run: "200000min", replications: 20, seed: 2),
            operators: [(name: "repairers", headcount: 2)],
            products: [(name: "p", route: ["m"])],
            source: Saturated,
            stations: [(
                name: "m", kind: Machine(), servers: 4, time: Const("1min"), buffer: 0,
                failures: (time_to_failure: Exp("60min"), time_to_repair: Exp("20min"),
                    mode: TimeDependent, crew: "repairers"),
            )],
        )"#,
    );
    let reps = replications(&line);
    assert_matches(
        "machine availability",
        station_kpi(&reps, 0, ST_AVAILABILITY),
        1.0 - down,
        0.01,
    );
    assert_matches("down share", state(&reps, 0, State::Down), down, 0.03);
    let util = zhizao_core::stats::Summary::of(&reps.iter().map(|r| r.pools[0]).collect::<Vec<_>>());
    assert_matches("repairer utilisation", util, repairers, 0.02);
}

#[test]
fn a_demand_limited_station_is_not_charged_for_missing_orders() {
    // M/M/1 at rho = 0.5: the station is starved for want of orders half
    // its planned time, which is outside OEE (availability 1, not 0.5); the
    // line waits for orders whenever nothing waits, P(n <= 1) = 1 - rho^2.
    let line = baseline(
        r#"Scenario(
            name: "orders",
            experiment: (warmup: "2000min", run: "200000min", replications: 20, seed: 6),
            products: [(name: "p", route: ["s"])],
            source: Orders(interarrival: Exp("2min")),
            stations: [(name: "s", kind: Robot, robots: 1, time: Exp("1min"))],
        )"#,
    );
    let reps = replications(&line);
    assert_matches("no-orders share", station_kpi(&reps, 0, ST_NO_ORDERS), 0.5, 0.01);
    assert_matches("availability", station_kpi(&reps, 0, ST_AVAILABILITY), 1.0, 0.001);
    assert_matches("line waiting for orders", kpi(&reps, WAITING_FOR_ORDERS), 0.75, 0.01);
    // Saturated: never waiting for orders.
    let saturated = baseline(
        r#"Scenario(
            name: "saturated",
            experiment: (warmup: "0s", run: "1000min", replications: 1, seed: 6),
            products: [(name: "p", route: ["s"])],
            source: Saturated,
            stations: [(name: "s", kind: Robot, robots: 1, time: Exp("1min"), buffer: 0)],
        )"#,
    );
    let r = saturated.replicate(0).unwrap();
    assert_eq!((r.line[WAITING_FOR_ORDERS], r.stations[0][ST_NO_ORDERS]), (0.0, 0.0));
}

#[test]
fn performance_is_measured_against_the_ideal_cycle() {
    // Uniform(1, 3) min against an ideal of 1 min: performance 1/2, and the
    // speed loss is half the planned time. Without an ideal cycle the mean
    // is the reference and performance is 1.
    let ron = |ideal: &str| {
        format!(
            r#"Scenario(
                name: "speed",
                experiment: (warmup: "100h", run: "2000h", replications: 10, seed: 3),
                products: [(name: "p", route: ["s"])],
                source: Saturated,
                stations: [(name: "s", kind: Robot, robots: 1, time: Uniform(min: "1min", max: "3min"), buffer: 0{ideal})],
            )"#
        )
    };
    let reps = replications(&baseline(&ron(r#", ideal_cycle: "1min""#)));
    assert_matches("performance", station_kpi(&reps, 0, ST_PERFORMANCE), 0.5, 0.01);
    assert_matches("line OEE", kpi(&reps, OEE), 0.5, 0.01);
    let speed: Vec<f64> = reps
        .iter()
        .map(|r| r.stations[0][StationKpi::LossSpeed as usize] / r.stations[0][ST_PLANNED_HOURS])
        .collect();
    assert_matches("speed loss share", zhizao_core::stats::Summary::of(&speed), 0.5, 0.01);
    let mean = replications(&baseline(&ron("")));
    assert!((kpi(&mean, PERFORMANCE).mean - 1.0).abs() < 1e-3);
}

#[test]
fn robots_are_iso_8373_manipulators_not_automatic_stations() {
    // One robot tending two lathes is one robot; a tester is none; a Robot
    // station that does not say is counted one per server, with a warning.
    let s = Scenario::parse(
        r#"Scenario(
            name: "inventory",
            experiment: (warmup: "0s", run: "10h", replications: 1, seed: 1),
            products: [(name: "p", route: ["lathes", "tester", "cell"])],
            source: Saturated,
            stations: [
                (name: "lathes", kind: Robot, servers: 2, robots: 1, cnc: true, networked: true, time: Const("1min"), buffer: 0),
                (name: "tester", kind: Robot, robots: 0, networked: true, time: Const("1min")),
                (name: "cell", kind: Robot, servers: 3, time: Const("1min")),
            ],
        )"#,
    )
    .unwrap();
    assert!(
        s.warnings
            .iter()
            .any(|w| w.contains("\"cell\"") && w.contains("robots")),
        "{:?}",
        s.warnings
    );
    let line = &s.baseline().line;
    assert_eq!(line.robots(), 1 + 3);
    let r = zhizao_core::experiment::replicate(line, &s.settings, 0).unwrap();
    assert_eq!(r.line[ROBOTS], 4.0);
    assert!((r.line[CNC_SHARE] - 2.0 / 6.0).abs() < 1e-12);
    assert!((r.line[NETWORKED_SHARE] - 3.0 / 6.0).abs() < 1e-12);
}

#[test]
fn new_equipment_must_say_how_it_fails() {
    let ron = |failures: &str| {
        format!(
            r#"Scenario(
                name: "candidates",
                experiment: (warmup: "0s", run: "10h", replications: 1, seed: 1),
                products: [(name: "p", route: ["s"])],
                source: Saturated,
                stations: [(name: "s", kind: Machine(), time: Const("1min"), buffer: 0)],
                variants: [(name: "robot", changes: [ReplaceWithRobot(station: "s", robots: 1, time: Const("1min"){failures})])],
            )"#
        )
    };
    let problems = |ron: &str| match Scenario::parse(ron) {
        Err(zhizao_core::scenario::ScenarioError::Invalid { problems }) => {
            problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n")
        }
        other => panic!("expected problems, got {:?}", other.map(|s| s.name)),
    };
    let err = problems(&ron(""));
    assert!(err.contains("failures") && err.contains("Never"), "{err}");
    let never = Scenario::parse(&ron(", failures: Never")).unwrap();
    assert!(never.variants[1].line.stations[0].failures.is_none());
    let typo = problems(&ron(r#", failures: "Nevr""#));
    assert!(typo.contains("Nevr"), "{typo}");
    let data = Scenario::parse(&ron(
        r#", failures: (time_to_failure: Exp("100h"), time_to_repair: Const("1h"))"#,
    ))
    .unwrap();
    assert!(data.variants[1].line.stations[0].failures.is_some());
}

/// A robot cell (1 min a part) whose magazine a technician refills every 10
/// parts in 2 min, plus `walk` per visit.
fn tended_cell(walk: &str, technician_calendar: &str, lights_out: bool) -> String {
    format!(
        r#"Scenario(
            name: "tended",
            experiment: (warmup: "1w", run: "20w", replications: 4, seed: 5),
            {DAY_SHIFT}
            operators: [(name: "technicians", headcount: 1{technician_calendar})],
            products: [(name: "p", route: ["cell"])],
            source: Saturated,
            stations: [(
                name: "cell", kind: Robot, robots: 1, time: Const("1min"), buffer: 0, lights_out: {lights_out},
                tending: (operators: "technicians", tasks: [(name: "magazine refill", every: 10, time: Const("2min"))]{walk}),
                failures: (time_to_failure: Exp("1000w"), time_to_repair: Const("1min")),
            )],
        )"#
    )
}

#[test]
fn a_robot_cell_still_needs_its_technician() {
    // 10 parts per 10 + 2 min = 50 per hour; with a 30 s walk, 10 per 12.5 min = 48.
    let reps = replications(&baseline(&tended_cell("", "", false)));
    let r = &reps[0];
    println!("tended cell: {:.4}/h", r.line[THROUGHPUT]);
    assert!((r.line[THROUGHPUT] - 50.0).abs() < 0.01, "{}", r.line[THROUGHPUT]);
    assert!((r.stations[0][ST_STATES + State::Setup as usize] - 2.0 / 12.0).abs() < 1e-3);
    assert!(
        (r.pools[0] - 2.0 / 12.0 * ON).abs() < 1e-3,
        "technician busy {}",
        r.pools[0]
    );
    let walked = replications(&baseline(&tended_cell(r#", walk: Const("30s")"#, "", false)));
    assert!(
        (walked[0].line[THROUGHPUT] - 48.0).abs() < 0.01,
        "{}",
        walked[0].line[THROUGHPUT]
    );
    // Its repairs need the technician too (no crew named).
    let line = baseline(&tended_cell("", "", false));
    assert_eq!(line.stations[0].failures.as_ref().unwrap().crew, Some(0));
}

#[test]
fn a_lights_out_cell_waits_for_a_day_shift_technician() {
    // At night the cell runs until its magazine is empty, then waits: that
    // is waiting for an operator in its working time, not off shift.
    let reps = replications(&baseline(&tended_cell("", r#", calendar: "day""#, true)));
    let k = &reps[0].stations[0];
    let (waiting, off) = (
        k[ST_STATES + State::WaitingOperator as usize],
        k[ST_STATES + State::OffShift as usize],
    );
    println!("lights-out cell: waiting for the technician {waiting:.3}, off shift {off}");
    assert_eq!(off, 0.0);
    assert!(waiting > 0.5, "waiting {waiting}");
}

#[test]
fn a_cross_trained_operator_works_where_they_are_needed() {
    // Two 1-minute manual stations; one person of "a", also trained for
    // "b", which has nobody: one part every 2 minutes, 30 per hour, and the
    // person is never idle.
    let ron = |b_people: u32| {
        format!(
            r#"Scenario(
                name: "cross-training",
                experiment: (warmup: "10h", run: "1000h", replications: 2, seed: 7),
                operators: [(name: "a", headcount: 1, also_for: ["b"]), (name: "b", headcount: {b_people})],
                products: [(name: "p", route: ["first", "second"])],
                source: Saturated,
                stations: [
                    (name: "first", kind: Manual(operators: "a"), time: Const("1min"), buffer: 0),
                    (name: "second", kind: Manual(operators: "b"), time: Const("1min"), buffer: 0),
                ],
            )"#
        )
    };
    let r = baseline(&ron(0)).replicate(0).unwrap();
    assert!((r.line[THROUGHPUT] - 30.0).abs() < 0.01, "{}", r.line[THROUGHPUT]);
    assert!((r.pools[0] - 1.0).abs() < 1e-3, "utilisation {}", r.pools[0]);
    // With a person of its own, "b" needs no help: 60 per hour.
    let r = baseline(&ron(1)).replicate(0).unwrap();
    assert!((r.line[THROUGHPUT] - 60.0).abs() < 0.01, "{}", r.line[THROUGHPUT]);
    // Nobody at all for "b" is refused.
    let nobody = ron(0).replace(r#", also_for: ["b"]"#, "");
    assert!(Scenario::parse(&nobody).is_err());
}

#[test]
fn a_note_about_many_stations_names_ten_and_counts_the_rest() {
    // 25 stations without an ideal cycle: the note names the first ten and
    // says how many more; 10 are all named. In Chinese too. (Varying
    // times: a constant cycle is its own ideal, and no note is made.)
    let line = |n: usize| {
        let names: Vec<String> = (0..n).map(|i| format!("\"st{i}\"")).collect();
        let stations: Vec<String> = (0..n)
            .map(|i| format!("(name: \"st{i}\", kind: Robot, time: Exp(\"1min\"), buffer: 2)"))
            .collect();
        scenario(&format!(
            r#"Scenario(
                name: "long",
                experiment: (warmup: "0s", run: "2h", replications: 1, seed: 1),
                products: [(name: "p", route: [{}])],
                source: Saturated,
                stations: [{}],
            )"#,
            names.join(", "),
            stations.join(", ")
        ))
    };
    let note = |s: &Scenario| -> String {
        let a = zhizao_core::experiment::evaluate(s, &[], &s.settings).unwrap();
        a.warnings
            .iter()
            .find(|w| w.contains("no ideal_cycle"))
            .cloned()
            .expect("a note on the ideal cycle")
    };
    let long = note(&line(25));
    let ten: Vec<String> = (0..10).map(|i| format!("st{i}")).collect();
    assert!(
        long.contains(&format!("no ideal_cycle for {} and 15 more stations:", ten.join(", "))),
        "{long}"
    );
    assert!(!long.contains("st10"), "{long}");
    let zh = zhizao_core::lang::Lang::Zh.message(&long);
    assert!(
        zh.contains(&format!("{} 及另外 15 个工位 未给出 ideal_cycle", ten.join(", "))),
        "{zh}"
    );
    let short = note(&line(10));
    assert!(
        short.contains(&format!("no ideal_cycle for {}:", ten.join(", "))),
        "{short}"
    );
}
