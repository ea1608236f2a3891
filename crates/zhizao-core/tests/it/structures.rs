//! Line structures beyond single parts flowing one at a time: batch
//! stations, transfer batches, conveyors and sequence-dependent changeovers,
//! each against an answer derived by hand. Every test fails when the
//! structure is modelled wrongly: a furnace that lets parts trickle out one
//! by one, a rack that moves before it is full, a conveyor with no transit
//! time or unlimited room, a changeover that ignores what came before.

use std::sync::Arc;

use crate::common::*;
use zhizao_core::kpi::*;
use zhizao_core::scenario::{Scenario, ScenarioError};
use zhizao_core::sim::{Simulation, State};

#[test]
fn a_saturated_batch_station_makes_its_load_per_cycle_and_the_load_leaves_together() {
    // A furnace takes loads of 10 every 20 min: 30 parts per hour exactly,
    // performance 1 against an ideal load cycle of 20 min. The load reaches
    // polishing (1 min a part) all at once, so part k of a load waits k-1
    // min there: mean buffer wait 4.5 min, mean contents 10 x 4.5 / 20 =
    // 2.25 parts. Every part waits 20 min in the furnace buffer (the next
    // ten are loaded while a load is in), so lead time = 20 + 20 + 4.5 + 1
    // = 45.5 min.
    let line = baseline(
        r#"Scenario(
            name: "furnace",
            experiment: (warmup: "20h", run: "400h", replications: 2, seed: 1),
            products: [(name: "cup", route: ["furnace", "polish"])],
            source: Saturated,
            stations: [
                (name: "furnace", kind: Robot, robots: 0, time: Const("20min"), buffer: 10, batch: (size: 10)),
                (name: "polish", kind: Robot, robots: 0, time: Const("1min")),
            ],
        )"#,
    );
    for r in replications(&line) {
        close("furnace output per hour", r.stations[0][ST_THROUGHPUT], 30.0);
        close("line throughput", r.line[THROUGHPUT], 30.0);
        close("furnace mean load", r.stations[0][ST_MEAN_LOAD], 10.0);
        close("furnace performance", r.stations[0][ST_PERFORMANCE], 1.0);
        close("furnace busy", state(&r, 0, State::Busy), 1.0);
        close("polish buffer mean", r.stations[1][ST_BUFFER_MEAN], 2.25);
        close("polish busy", state(&r, 1, State::Busy), 0.5);
        close("lead time, min", r.line[FLOW_TIME] * 60.0, 45.5);
        assert_eq!(
            r.in_process_at_start + r.released,
            r.finished + r.scrapped + r.in_process
        );
    }
}

/// A batch station fed by Poisson arrivals, one per minute on average.
fn poisson_furnace(batch: &str) -> String {
    format!(
        r#"Scenario(
            name: "poisson furnace",
            experiment: (warmup: "50h", run: "5000h", replications: 10, seed: 3),
            products: [(name: "p", route: ["furnace"])],
            source: Orders(interarrival: Exp("1min")),
            stations: [(name: "furnace", kind: Robot, robots: 0, time: Const("10min"), batch: {batch})],
        )"#
    )
}

#[test]
fn a_max_wait_rule_loads_what_arrived_while_the_oldest_waited() {
    // Loads of up to 40, any load of at least 1 once its oldest part has
    // waited 20 min. The cycle (10 min) is shorter than the wait, so a load
    // starts 20 min after the first part that finds the furnace empty, and
    // holds it and the Poisson(20) parts that came meanwhile: mean load
    // 1 + 20 = 21, and a load starts every 1 + 20 = 21 min on average, so
    // the furnace is busy 10/21 of the time. Conservation holds.
    let reps = replications(&baseline(&poisson_furnace(
        r#"(size: 40, min_load: 1, max_wait: "20min")"#,
    )));
    assert_matches("mean load", station_kpi(&reps, 0, ST_MEAN_LOAD), 21.0, 0.01);
    assert_matches(
        "busy share",
        station_kpi(&reps, 0, ST_STATES + State::Busy as usize),
        10.0 / 21.0,
        0.01,
    );
    assert_matches("throughput per hour", kpi(&reps, THROUGHPUT), 60.0, 0.01);
    for r in &reps {
        assert_eq!(
            r.in_process_at_start + r.released,
            r.finished + r.scrapped + r.in_process
        );
    }
}

#[test]
fn a_minimum_load_with_no_wait_loads_what_arrived_during_the_last_cycle() {
    // Any load of at least 1 starts at once: with 10 arrivals per 10 min
    // cycle the furnace is (almost) never empty, so each load holds the
    // arrivals of the cycle before: mean load = arrivals per cycle = 10.
    let reps = replications(&baseline(&poisson_furnace("(size: 40, min_load: 1)")));
    assert_matches("mean load", station_kpi(&reps, 0, ST_MEAN_LOAD), 10.0, 0.01);
    assert_matches("throughput per hour", kpi(&reps, THROUGHPUT), 60.0, 0.01);
}

#[test]
fn loads_by_product_hold_one_product() {
    // Two products alternate (a fixed sequence): with loads of 4 by product
    // a load forms from every other part. Output is still one part a
    // minute, and every load is full.
    let line = baseline(
        r#"Scenario(
            name: "by product",
            experiment: (warmup: "10h", run: "200h", replications: 1, seed: 3),
            products: [(name: "a", route: ["feed", "oven"]), (name: "b", route: ["feed", "oven"])],
            sequence: ["a", "b"],
            source: Saturated,
            stations: [
                (name: "feed", kind: Robot, robots: 0, time: Const("1min"), buffer: 0),
                (name: "oven", kind: Robot, robots: 0, time: Const("3min"), buffer: 8, batch: (size: 4, by_product: true)),
            ],
        )"#,
    );
    let r = line.replicate(0).unwrap();
    close("oven mean load", r.stations[1][ST_MEAN_LOAD], 4.0);
    close("throughput", r.line[THROUGHPUT], 60.0);
}

#[test]
fn the_first_container_through_k_stations_takes_k_times_n_times_p() {
    // Racks of 4 through three 1 min stations: the first rack leaves the
    // third station at 3 x 4 x 1 = 12 min, all four parts at once. In
    // steady state part j of a rack (entering j min after the first) leaves
    // with it 12 min after the first entered: mean lead time 12 - 1.5 =
    // 10.5 min, against 3 min one part at a time.
    let text = r#"Scenario(
        name: "racks",
        experiment: (warmup: "10h", run: "100h", replications: 1, seed: 1),
        products: [(name: "upper", route: ["a", "b", "c"])],
        source: Saturated,
        stations: [
            (name: "a", kind: Robot, robots: 0, time: Const("1min"), buffer: 0, transfer: 4),
            (name: "b", kind: Robot, robots: 0, time: Const("1min"), buffer: 4, transfer: 4),
            (name: "c", kind: Robot, robots: 0, time: Const("1min"), buffer: 4, transfer: 4),
        ],
    )"#;
    let line = baseline(text);
    let mut sim = Simulation::new(Arc::clone(&line.line), &line.settings, 0);
    while sim.counters().good == 0 {
        assert!(sim.step().unwrap());
    }
    assert_eq!(sim.now(), 12 * zhizao_core::time::MINUTE, "first rack out");
    assert_eq!(sim.counters().good, 4, "the whole rack leaves together");
    let r = line.replicate(0).unwrap();
    close("lead time, min", r.line[FLOW_TIME] * 60.0, 10.5);
    close("throughput", r.line[THROUGHPUT], 60.0);
    assert_eq!(
        r.in_process_at_start + r.released,
        r.finished + r.scrapped + r.in_process
    );
}

#[test]
fn a_full_rack_that_cannot_move_blocks_the_station() {
    // Racks of 4 from a 1 min station to a 2 min one with room for one rack
    // (1 server + 3 places): the rack waits until the slow station has
    // room for all four, and meanwhile the fast station is blocked. Output
    // is the slow station's 30 per hour; the fast one works 1 min in 2.
    let line = baseline(
        r#"Scenario(
            name: "rack blocks",
            experiment: (warmup: "10h", run: "200h", replications: 1, seed: 1),
            products: [(name: "p", route: ["fast", "slow"])],
            source: Saturated,
            stations: [
                (name: "fast", kind: Robot, robots: 0, time: Const("1min"), buffer: 0, transfer: 4),
                (name: "slow", kind: Robot, robots: 0, time: Const("2min"), buffer: 3),
            ],
        )"#,
    );
    let r = line.replicate(0).unwrap();
    close("throughput", r.line[THROUGHPUT], 30.0);
    close("fast busy", state(&r, 0, State::Busy), 0.5);
    close("fast blocked", state(&r, 0, State::Blocked), 0.5);
}

fn conveyor_line(downstream: &str) -> String {
    format!(
        r#"Scenario(
            name: "conveyor",
            experiment: (warmup: "10h", run: "200h", replications: 1, seed: 1),
            products: [(name: "p", route: ["press", "belt", "pack"])],
            source: Saturated,
            stations: [
                (name: "press", kind: Robot, robots: 0, time: Const("1min"), buffer: 0),
                (name: "belt", kind: Conveyor(length_m: 10.0, speed_m_per_min: 5.0, places: 3)),
                (name: "pack", kind: Robot, robots: 0, time: Const("{downstream}"), buffer: 0),
            ],
        )"#
    )
}

#[test]
fn a_conveyor_takes_length_over_speed() {
    // 10 m at 5 m/min: 2 min on the belt. With room for 3 the belt carries
    // 1.5 parts a minute, more than the press makes, so nothing waits:
    // lead time 1 + 2 + 0.5 min, 60 an hour, 2 parts on the belt on average.
    let r = baseline(&conveyor_line("30s")).replicate(0).unwrap();
    close("lead time, min", r.line[FLOW_TIME] * 60.0, 3.5);
    close("throughput", r.line[THROUGHPUT], 60.0);
    close("belt places in use", state(&r, 1, State::Busy), 2.0 / 3.0);
    close("press blocked", state(&r, 0, State::Blocked), 0.0);
}

#[test]
fn a_faster_belt_in_a_variant_takes_half_the_transit() {
    // SetConveyor doubles the speed: 1 min on the belt, lead time 2.5 min;
    // it costs what the change says.
    let text = conveyor_line("30s").replace(
        "    )",
        r#"    variants: [(name: "fast_belt", changes: [SetConveyor(station: "belt", speed_m_per_min: 10.0, capital_cost_rmb: 40000)])],
        )"#,
    );
    let s = scenario(&text);
    let v = s.variant("fast_belt").expect("the variant");
    assert_eq!(v.capital_cost_rmb(), 40000.0);
    let r = zhizao_core::experiment::replicate(&v.line, &s.settings, 0).unwrap();
    close("lead time with the faster belt, min", r.line[FLOW_TIME] * 60.0, 2.5);
}

#[test]
fn a_full_conveyor_blocks_its_feeder() {
    // Packing takes 2 min: the belt fills up (3 parts), and the press can
    // hand a part on only when packing takes one: busy 1 min and blocked
    // 1 min of every 2; 30 an hour.
    let r = baseline(&conveyor_line("2min")).replicate(0).unwrap();
    close("throughput", r.line[THROUGHPUT], 30.0);
    close("press busy", state(&r, 0, State::Busy), 0.5);
    close("press blocked", state(&r, 0, State::Blocked), 0.5);
    let full = state(&r, 1, State::Busy) + state(&r, 1, State::Blocked);
    close("belt places holding a part", full, 1.0);
}

#[test]
fn a_changeover_table_with_a_fixed_sequence_sums_its_changeovers() {
    // Products a, b, c released in turn; a->b 10 min, b->c 20 min, c->a
    // 30 min; 5 min a part. Each round of three parts takes 15 min of work
    // and 60 min of changeovers: setup share 60/75 = 0.8, 3 parts per 75
    // min = 2.4 an hour. With one setup time for any change (20 min) the
    // same round also has 60 min of changeovers; with a table that lists
    // only a->b, the other changes take none.
    let line = |changeovers: &str, setup: &str| {
        baseline(&format!(
            r#"Scenario(
                name: "changeovers",
                experiment: (warmup: "10h", run: "500h", replications: 1, seed: 1),
                products: [(name: "a", route: ["cell"]), (name: "b", route: ["cell"]), (name: "c", route: ["cell"])],
                sequence: ["a", "b", "c"],
                source: Saturated,
                stations: [(name: "cell", kind: Robot, robots: 1, time: Const("5min"), buffer: 0{setup}, changeovers: {changeovers})],
            )"#
        ))
    };
    let table = r#"[(from: "a", to: "b", time: Const("10min")), (from: "b", to: "c", time: Const("20min")), (from: "c", to: "a", time: Const("30min"))]"#;
    let r = line(table, "").replicate(0).unwrap();
    close("setup share", state(&r, 0, State::Setup), 0.8);
    close("throughput", r.line[THROUGHPUT], 2.4);
    close(
        "setup hours",
        r.stations[0][StationKpi::LossSetups as usize],
        0.8 * 500.0,
    );
    let r = line("[]", r#", setup: Const("20min")"#).replicate(0).unwrap();
    close("one setup time: setup share", state(&r, 0, State::Setup), 0.8);
    let only = r#"[(from: "a", to: "b", time: Const("10min"))]"#;
    let r = line(only, "").replicate(0).unwrap();
    close("only a->b: setup share", state(&r, 0, State::Setup), 10.0 / 25.0);
}

/// A valve body made on the main route, joined at assembly with a cap and
/// a ball, each made on its own feeder line.
fn valve_assembly(cap: &str, ball: &str, screws: &str) -> String {
    format!(
        r#"Scenario(
            name: "valve assembly",
            experiment: (warmup: "10h", run: "200h", replications: 1, seed: 1),
            products: [
                (name: "body", route: ["body_cnc", "assembly", "test"]),
                (name: "cap", feeder: true, route: ["cap_lathe", "assembly"]),
                (name: "ball", feeder: true, route: ["ball_grinder", "assembly"]),
                (name: "screw", feeder: true, route: ["assembly"]),
            ],
            source: Saturated,
            stations: [
                (name: "body_cnc", kind: Robot, robots: 0, time: Const("30s"), buffer: 0),
                (name: "cap_lathe", kind: Robot, robots: 0, time: Const("{cap}"), buffer: 0),
                (name: "ball_grinder", kind: Robot, robots: 0, time: Const("{ball}"), buffer: 0),
                (name: "assembly", kind: Robot, robots: 1, time: Const("20s"), buffer: 2,
                 assembly: [(component: "cap", count: 1, buffer: 4), (component: "ball", count: 1), (component: "screw", count: {screws})]),
                (name: "test", kind: Robot, robots: 0, time: Const("10s")),
            ],
        )"#
    )
}

#[test]
fn an_assembly_runs_at_its_slowest_supply() {
    // Bodies every 30 s, caps every 90 s, balls every 72 s, assembly 20 s:
    // the cap line limits, 40 valves an hour exactly; the assembly waits
    // (starved) 70 s of every 90. Screws come from stock, four a valve.
    let r = baseline(&valve_assembly("90s", "72s", "4")).replicate(0).unwrap();
    close("valves per hour", r.line[THROUGHPUT], 40.0);
    close("assembly busy", state(&r, 3, State::Busy), 20.0 / 90.0);
    close("assembly starved", state(&r, 3, State::Starved), 70.0 / 90.0);
    // The ball grinder is blocked when its 2 places are full: busy 72 of 90 s.
    close("ball grinder busy", state(&r, 2, State::Busy), 72.0 / 90.0);
    // One set per assembly: a cap, a ball and four screws per valve made
    // (up to the one set on the assembly server at the end).
    let sets = r.stations[3][ST_THROUGHPUT] * 200.0;
    assert!(
        (r.consumed as f64 - 2.0 * sets).abs() <= 2.0,
        "consumed {} made components for {sets} assemblies",
        r.consumed
    );
    // Screws come from stock: counted, four a set, never parts in the line.
    assert!(
        (r.from_stock as f64 - 4.0 * sets).abs() <= 4.0,
        "took {} screws from stock for {sets} assemblies",
        r.from_stock
    );
    assert_eq!(
        r.in_process_at_start + r.released,
        r.finished + r.scrapped + r.consumed + r.in_process,
        "released = finished + scrapped + consumed + in process"
    );
    // With the ball line slowest instead: 3600 / 100 = 36 an hour.
    let r = baseline(&valve_assembly("60s", "100s", "1")).replicate(0).unwrap();
    close("valves per hour, slow balls", r.line[THROUGHPUT], 36.0);
}

#[test]
fn a_component_goes_only_into_the_product_it_is_for() {
    // 350 and 500 ml cups alternate; each needs its own inner shell, made on
    // its own press every 2 min. Mouth welding takes 1 min. With each
    // shell going `into` its own cup, both presses feed the welder: 60 cups
    // an hour. Without `into` every cup would take one shell of each size:
    // 30 an hour.
    let line = |into350: &str, into500: &str| {
        baseline(&format!(
            r#"Scenario(
                name: "cups",
                experiment: (warmup: "10h", run: "200h", replications: 1, seed: 1),
                products: [
                    (name: "cup_350", route: ["outer", "weld"]),
                    (name: "cup_500", route: ["outer", "weld"]),
                    (name: "inner_350", feeder: true, route: ["press_350", "weld"]),
                    (name: "inner_500", feeder: true, route: ["press_500", "weld"]),
                ],
                sequence: ["cup_350", "cup_500"],
                source: Saturated,
                stations: [
                    (name: "outer", kind: Robot, robots: 0, time: Const("10s"), buffer: 0),
                    (name: "press_350", kind: Robot, robots: 0, time: Const("2min"), buffer: 0),
                    (name: "press_500", kind: Robot, robots: 0, time: Const("2min"), buffer: 0),
                    (name: "weld", kind: Robot, robots: 1, time: Const("1min"), buffer: 2,
                     assembly: [(component: "inner_350"{into350}), (component: "inner_500"{into500})]),
                ],
            )"#
        ))
    };
    let r = line(r#", into: "cup_350""#, r#", into: "cup_500""#)
        .replicate(0)
        .unwrap();
    close("cups per hour, each shell into its cup", r.line[THROUGHPUT], 60.0);
    assert_eq!(
        r.in_process_at_start + r.released,
        r.finished + r.scrapped + r.consumed + r.in_process
    );
    let r = line("", "").replicate(0).unwrap();
    close("cups per hour, both shells into every cup", r.line[THROUGHPUT], 30.0);
}

fn agv_loop(count: i64, crew: &str) -> String {
    format!(
        r#"Scenario(
            name: "agv",
            experiment: (warmup: "10h", run: "400h", replications: 1, seed: 1),
            operators: [(name: "handlers", headcount: 1)],
            products: [(name: "p", route: ["press", "pack"])],
            fleets: [(name: "agv", count: {count}, speed_m_per_min: 60.0, load: Const("15s"), unload: Const("15s"){crew})],
            source: Saturated,
            stations: [
                (name: "press", kind: Robot, robots: 0, time: Const("3min"), buffer: 0, transport: "agv", position: (0.0, 0.0)),
                (name: "pack", kind: Robot, robots: 0, time: Const("1min"), buffer: 0, position: (30.0, 0.0)),
            ],
        )"#
    )
}

#[test]
fn one_vehicle_between_two_stations_by_hand() {
    // 30 m at 60 m/min: 0.5 min a drive; 15 s to load and to unload. The
    // press (3 min a part) calls when a part is done; the vehicle, waiting
    // at packing since its last delivery, drives back empty (0.5), loads
    // (0.25, then the press starts its next part), carries (0.5) and
    // unloads (0.25). The press waits 0.75 min per part, so a part every
    // 3.75 min: 16 an hour. The vehicle works 1.5 min of each 3.75 (40%),
    // and a move takes 1.5 min from call to hand-over. The press is blocked
    // 0.75 / 3.75 = 20% of the time.
    let r = baseline(&agv_loop(1, "")).replicate(0).unwrap();
    close("parts per hour", r.line[THROUGHPUT], 16.0);
    close("vehicle utilisation", r.line[VEHICLE_UTILISATION], 0.4);
    close("transport time, min", r.line[TRANSPORT_TIME], 1.5);
    close("press blocked", state(&r, 0, State::Blocked), 0.2);
    assert_eq!(
        r.in_process_at_start + r.released,
        r.finished + r.scrapped + r.consumed + r.in_process
    );
    // A second vehicle changes nothing: the one at packing is still the
    // nearest... both wait at packing, so the trip is the same.
    let r = baseline(&agv_loop(2, "")).replicate(0).unwrap();
    close("parts per hour, two vehicles", r.line[THROUGHPUT], 16.0);
    close("vehicle utilisation, two vehicles", r.line[VEHICLE_UTILISATION], 0.2);
    // A cart pushed by a handler: the same trips, and the handler works
    // 40% of the time. Two carts and one handler: still one trip at a time.
    let r = baseline(&agv_loop(1, r#", crew: "handlers""#)).replicate(0).unwrap();
    close("parts per hour, a pushed cart", r.line[THROUGHPUT], 16.0);
    close("handler utilisation", r.line[OPERATOR_UTILISATION], 0.4);
    let r = baseline(&agv_loop(2, r#", crew: "handlers""#)).replicate(0).unwrap();
    close("handler utilisation, two carts", r.line[OPERATOR_UTILISATION], 0.4);
}

#[test]
fn a_vehicle_fetches_full_racks() {
    // Racks of 4 from a 1 min station to another 30 m away, fetched by one
    // vehicle (0.5 min a drive, 15 s to load and to unload). A rack is full
    // every 4 min; the vehicle, waiting at the far station, drives back
    // (0.5), loads (0.25), carries (0.5) and unloads (0.25): 1.5 min per
    // rack, so it works 1.5 / 4 = 37.5% and the line keeps its 60 an hour.
    // A part entering j min after its rack's first leaves 4 - j + 1.5 + j +
    // 1 = 6.5 min after it entered, whatever j: lead time 6.5 min.
    let line = baseline(
        r#"Scenario(
            name: "racks by vehicle",
            experiment: (warmup: "10h", run: "400h", replications: 1, seed: 1),
            products: [(name: "p", route: ["sew", "finish"])],
            fleets: [(name: "trolley", count: 1, speed_m_per_min: 60.0, load: Const("15s"), unload: Const("15s"))],
            distances: [(from: "sew", to: "finish", m: 30.0)],
            source: Saturated,
            stations: [
                (name: "sew", kind: Robot, robots: 0, time: Const("1min"), buffer: 0, transfer: 4, transport: "trolley"),
                (name: "finish", kind: Robot, robots: 0, time: Const("1min"), buffer: 4),
            ],
        )"#,
    );
    let r = line.replicate(0).unwrap();
    close("parts per hour", r.line[THROUGHPUT], 60.0);
    close("vehicle utilisation", r.line[VEHICLE_UTILISATION], 0.375);
    close("transport time, min", r.line[TRANSPORT_TIME], 1.5);
    close("lead time, min", r.line[FLOW_TIME] * 60.0, 6.5);
    close("sewing never blocked", state(&r, 0, State::Blocked), 0.0);
    assert_eq!(
        r.in_process_at_start + r.released,
        r.finished + r.scrapped + r.consumed + r.in_process
    );
}

fn problems(text: &str) -> Vec<String> {
    match Scenario::parse(text) {
        Err(ScenarioError::Invalid { problems }) => problems.iter().map(|p| p.to_string()).collect(),
        Ok(_) => panic!("accepted an impossible structure"),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn impossible_structures_are_rejected_with_a_located_message() {
    let with = |stations: &str| {
        format!(
            r#"Scenario(
    name: "bad",
    experiment: (warmup: "1h", run: "10h", replications: 1, seed: 1),
    products: [(name: "p", route: ["a", "b"])],
    source: Orders(interarrival: Exp("1min")),
    stations: [
{stations}
    ],
)"#
        )
    };
    let cases = [
        (
            r#"        (name: "a", kind: Robot, robots: 0, time: Const("1min")),
        (name: "b", kind: Robot, robots: 0, time: Const("10min"), buffer: 5, batch: (size: 10)),"#,
            "stations[1].buffer",
            "a load of 10 parts",
        ),
        (
            r#"        (name: "a", kind: Robot, robots: 0, time: Const("1min"), transfer: 24),
        (name: "b", kind: Robot, robots: 0, time: Const("1min"), buffer: 10),"#,
            "stations[0].transfer",
            "cannot enter \"b\", which has room for 11",
        ),
        (
            r#"        (name: "a", kind: Conveyor(length_m: 5.0, speed_m_per_min: 10.0, places: 4), time: Const("1min")),
        (name: "b", kind: Robot, robots: 0, time: Const("1min")),"#,
            "stations[0].kind",
            "follows from `length_m`",
        ),
        (
            r#"        (name: "a", kind: Robot, robots: 0, time: Const("1min"), batch: (size: 4, min_load: 6)),
        (name: "b", kind: Robot, robots: 0, time: Const("1min")),"#,
            "stations[0].batch.min_load",
            "a minimum load of 6",
        ),
        (
            r#"        (name: "a", kind: Robot, robots: 0, time: Const("1min"), changeovers: [(from: "p", to: "q", time: Const("1min"))]),
        (name: "b", kind: Robot, robots: 0, time: Const("1min")),"#,
            "stations[0].changeovers[0].to",
            "\"q\"",
        ),
    ];
    for (stations, path, message) in cases {
        check(&with(stations), path, message);
    }
    // A component whose route does not end at its assembly station.
    let text = r#"Scenario(
    name: "bad bom",
    experiment: (warmup: "1h", run: "10h", replications: 1, seed: 1),
    products: [
        (name: "body", route: ["assembly"]),
        (name: "cap", feeder: true, route: ["lathe"]),
    ],
    source: Saturated,
    stations: [
        (name: "lathe", kind: Robot, robots: 0, time: Const("1min"), buffer: 0),
        (name: "assembly", kind: Robot, robots: 1, time: Const("1min"), buffer: 0,
         assembly: [(component: "cap", count: 1)]),
    ],
)"#;
    check(
        text,
        "stations[1].assembly[0].component",
        "no route supplies component \"cap\"",
    );
}

fn check(text: &str, path: &str, message: &str) {
    let found = problems(text);
    println!("{found:#?}");
    assert!(
        found.iter().any(|p| {
            let line = p.split(':').next().and_then(|l| l.parse::<usize>().ok());
            line.is_some() && p.contains(path) && p.contains(message)
        }),
        "expected a problem at {path} saying {message:?}, got {found:#?}"
    );
}
