//! The live view's per-frame cost: one budgeted step at maximum speed plus
//! the copy of the library's views that the screen draws from.
//!
//! Tiers: `valve_split` (the largest bundled scenario, before and after side
//! by side, as the split screen runs it), `plant_200` (a synthetic line of
//! 200 stations) and `wip_1000` (a line holding about 1,000 parts in
//! flight). The frame budget is [`zhizao_core::live`]'s caller's choice; the view
//! uses [`zhizao_core::live::FRAME_BUDGET`], and the target is under 4 ms per frame including the copy.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use zhizao_core::live::{Live, SPEEDS};
use zhizao_core::scenario::Scenario;
use zhizao_core::time::WEEK;

const BUDGET: Duration = zhizao_core::live::FRAME_BUDGET;

fn plant(stations: usize, buffer: u32, saturated: bool) -> Scenario {
    let names: Vec<String> = (0..stations).map(|i| format!("s{i:03}")).collect();
    let route = names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
    let defs: String = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let kind = match i % 3 {
                0 => "Manual(operators: \"crew\")",
                1 => "Machine()",
                _ => "Robot",
            };
            // With a saturated source the last station is the slowest, so
            // every buffer in front of it fills.
            let time = if saturated && i == stations - 1 { "130s" } else { "100s" };
            format!("(name: \"{n}\", kind: {kind}, servers: 2, time: Exp(\"{time}\"), buffer: {buffer}),\n")
        })
        .collect();
    let text = format!(
        r#"Scenario(
            name: "synthetic plant",
            experiment: (warmup: "0s", run: "52w", replications: 1, seed: 1),
            operators: [(name: "crew", headcount: {crew})],
            products: [(name: "p", route: [{route}])],
            source: {source},
            stations: [{defs}],
        )"#,
        crew = stations,
        source = if saturated {
            "Saturated".to_string()
        } else {
            "Orders(interarrival: Exp(\"70s\"), when_full: Backlog)".to_string()
        }
    );
    Scenario::parse(&text).expect("synthetic plant is valid")
}

fn frames(c: &mut Criterion, name: &str, mut live: Live) {
    live.set_speed_index(SPEEDS.len());
    c.bench_function(name, |b| {
        b.iter(|| {
            if live.is_finished() {
                live.restart(live.seed() + 1);
            }
            let f = live.frame(Duration::from_millis(16), BUDGET);
            for side in live.sides() {
                black_box((side.kpis(), side.stations(), side.counters()));
            }
            f
        })
    });
}

fn bench(c: &mut Criterion) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/wenzhou_valve_body.ron");
    let valve = Scenario::load(std::path::Path::new(path)).expect("bundled");
    frames(
        c,
        "frame/valve_split",
        Live::new(vec![valve.variants[0].clone(), valve.variants[1].clone()], 1, 53 * WEEK),
    );
    let p = plant(200, 4, false);
    frames(
        c,
        "frame/plant_200",
        Live::new(vec![p.variants[0].clone()], 1, 52 * WEEK),
    );
    // 20 stations with 48 waiting places and 2 servers each, the last one
    // the slowest: every place fills, about 1,000 parts in flight.
    let mut w = plant(20, 48, true);
    let mut live = Live::new(vec![w.variants.remove(0)], 1, 52 * WEEK);
    while live.sides()[0].counters().wip < 990 && !live.is_finished() {
        live.run_to(live.now() + zhizao_core::time::HOUR);
    }
    let wip = live.sides()[0].counters().wip;
    println!("wip_1000: {wip} parts in flight");
    frames(c, "frame/wip_1000", live);
}

criterion_group!(benches, bench);
criterion_main!(benches);
