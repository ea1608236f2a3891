//! The departure-time engine against the event kernel: on a generated
//! family of serial lines (2 to 50 stations, buffers of 0 to 10 places or
//! unlimited, mixed distributions including constant times that make many
//! events fall at one instant, with and without operation-dependent
//! failures that resume or restart, with and without a warm-up) every field
//! of every replication is the same to the bit. Lines it does not take are
//! said to be so, with the reason.

use rand::RngExt;
use zhizao_core::experiment;
use zhizao_core::rng::{StreamRng, stream};
use zhizao_core::settings::{Engine, Settings};
use zhizao_core::sim::recursion::qualifies;

use crate::common::{assert_same_replication, baseline, scenario};

fn pick<'a>(rng: &mut StreamRng, xs: &[&'a str]) -> &'a str {
    xs[rng.random_range(0..xs.len())]
}

/// A processing time: any family, or a constant (which makes ties).
fn time(rng: &mut StreamRng) -> String {
    let mean = pick(rng, &["30s", "45s", "1min", "70s", "2min"]);
    match rng.random_range(0..10u8) {
        0 | 1 => format!("Exp(\"{mean}\")"),
        2 | 3 => format!("Const(\"{mean}\")"),
        4 => format!("Uniform(min: \"20s\", max: \"{mean}\")"),
        5 => format!("Triangular(min: \"10s\", mode: \"{mean}\", max: \"3min\")"),
        6 => format!("Normal(mean: \"{mean}\", sd: \"10s\")"),
        7 => format!("LogNormal(mean: \"{mean}\", cv: 0.5)"),
        8 => format!("Erlang(k: 3, mean: \"{mean}\")"),
        _ => format!("Weibull(shape: 1.5, scale: \"{mean}\")"),
    }
}

/// A random serial line that the recursion takes: one to three products
/// on one route, drawn from a mix, in lots or in a fixed sequence.
fn line(rng: &mut StreamRng, stations: usize) -> String {
    let names: Vec<String> = (0..stations).map(|i| format!("\"s{i}\"")).collect();
    let products = rng.random_range(1..4usize);
    let mut st = Vec::new();
    for i in 0..stations {
        let buffer = match rng.random_range(0..12u8) {
            // The first buffer is finite: a saturated source would fill an
            // unlimited one without end.
            11 if i > 0 => "\"unlimited\"".to_string(),
            b => (b % 11).to_string(),
        };
        let failures = if rng.random_range(0..3u8) == 0 {
            let ttf = pick(rng, &["Exp(\"20min\")", "Const(\"10min\")", "Exp(\"1h\")"]);
            let ttr = pick(
                rng,
                &["Exp(\"2min\")", "Const(\"1min\")", "LogNormal(mean: \"3min\", cv: 0.8)"],
            );
            let after = pick(rng, &["Resume", "Restart"]);
            format!(", failures: (time_to_failure: {ttf}, time_to_repair: {ttr}, after_repair: {after})")
        } else {
            String::new()
        };
        let kind = pick(rng, &["Robot", "Machine()"]);
        // Products after the first have their own time at some stations.
        let mut own = Vec::new();
        for p in 1..products {
            if rng.random_range(0..2u8) == 0 {
                own.push(format!("\"p{p}\": {}", time(rng)));
            }
        }
        let product_times = if own.is_empty() {
            String::new()
        } else {
            format!(", product_times: {{{}}}", own.join(", "))
        };
        st.push(format!(
            "(name: \"s{i}\", kind: {kind}, robots: 1, time: {}{product_times}, buffer: {buffer}{failures})",
            time(rng)
        ));
    }
    let warmup = pick(rng, &["0s", "30min", "2h"]);
    let run = pick(rng, &["4h", "1d", "3d"]);
    let seed = rng.random_range(1..1000u32);
    let route = names.join(", ");
    let shares = [1.0, 0.5, 0.3];
    let declared: Vec<String> = (0..products)
        .map(|p| {
            let share = if products == 1 {
                1.0
            } else {
                shares[p] / shares[..products].iter().sum::<f64>()
            };
            format!("(name: \"p{p}\", share: {share}, route: [{route}])")
        })
        .collect();
    let release = match (products, rng.random_range(0..3u8)) {
        (1, _) | (_, 0) => String::new(),
        (_, 1) => format!("lot_size: {},", rng.random_range(2..20u32)),
        _ => "sequence: [\"p1\", \"p0\", \"p0\"], lot_size: 3,".to_string(),
    };
    format!(
        r#"Scenario(
            name: "generated",
            experiment: (warmup: "{warmup}", run: "{run}", replications: 2, seed: {seed}),
            products: [{}],
            {release}
            source: Saturated,
            stations: [{}],
        )"#,
        declared.join(", "),
        st.join(",\n")
    )
}

fn both_engines(ron: &str) -> u64 {
    let b = baseline(ron);
    if let Err(why) = qualifies(&b.line) {
        panic!("a generated line does not qualify: {why}\n{ron}");
    }
    let on = |engine: Engine| Settings { engine, ..b.settings };
    let mut events = 0;
    for r in 0..b.settings.replications {
        let event = experiment::replicate(&b.line, &on(Engine::Event), r).expect("event kernel runs");
        let recursion = experiment::replicate(&b.line, &on(Engine::Recursion), r).expect("recursion runs");
        assert_same_replication(&event, &recursion, &format!("replication {r} of\n{ron}\n"));
        events += event.events;
    }
    events
}

#[test]
fn the_recursion_equals_the_event_kernel_on_generated_lines() {
    let mut rng = stream(11, "test:engines", 0);
    let mut events = 0;
    let sizes = [2, 2, 3, 3, 4, 5, 6, 8, 10, 12, 16, 20, 30, 50];
    for (i, &m) in sizes.iter().cycle().take(70).enumerate() {
        let ron = line(&mut rng, m);
        events += both_engines(&ron);
        if i == 0 {
            println!("first generated line:\n{ron}");
        }
    }
    // The family has weight: millions of events compared.
    println!("{events} events compared");
    assert!(events > 1_000_000, "{events}");
}

#[test]
fn ties_at_one_instant_follow_the_kernels_order() {
    // Equal constant times: every station finishes at the same instants,
    // blocks and is released at once; a failure clock that runs out exactly
    // at the end of an operation; a warm-up and a stop that fall on
    // finishing instants.
    for buffers in [[0, 0, 0, 0], [1, 0, 2, 0], [3, 3, 3, 3]] {
        let ron = format!(
            r#"Scenario(
                name: "ties",
                experiment: (warmup: "10min", run: "2h", replications: 2, seed: 4),
                products: [(name: "p", route: ["a", "b", "c", "d"])],
                source: Saturated,
                stations: [
                    (name: "a", kind: Robot, robots: 1, time: Const("1min"), buffer: {}),
                    (name: "b", kind: Robot, robots: 1, time: Const("1min"), buffer: {},
                     failures: (time_to_failure: Const("5min"), time_to_repair: Const("2min"))),
                    (name: "c", kind: Robot, robots: 1, time: Const("2min"), buffer: {}),
                    (name: "d", kind: Robot, robots: 1, time: Const("1min"), buffer: {},
                     failures: (time_to_failure: Const("150s"), time_to_repair: Const("1min"), after_repair: Restart)),
                ],
            )"#,
            buffers[0], buffers[1], buffers[2], buffers[3]
        );
        both_engines(&ron);
    }
}

#[test]
fn lines_it_does_not_take_are_named_with_the_reason() {
    let base = |products: &str, source: &str, second: &str| {
        let products = if products.is_empty() {
            r#"products: [(name: "p", route: ["a", "b"])],"#
        } else {
            products
        };
        format!(
            r#"Scenario(
                name: "no",
                experiment: (warmup: "0s", run: "1h", replications: 1, seed: 1),
                {products}
                source: {source},
                stations: [
                    (name: "a", kind: Robot, robots: 1, time: Exp("1min"), buffer: 0),
                    {second},
                ],
            )"#
        )
    };
    let robot = r#"(name: "b", kind: Robot, robots: 1, time: Exp("1min"), buffer: 2)"#;
    let two_routes =
        r#"products: [(name: "p", share: 0.5, route: ["a", "b"]), (name: "q", share: 0.5, route: ["b", "a"])],"#;
    let cases = [
        (base("", "Saturated", robot), None),
        (
            base(two_routes, "Saturated", robot),
            Some("products take different routes"),
        ),
        (
            base("", r#"Orders(interarrival: Exp("2min"), when_full: Backlog)"#, robot),
            Some("source is not saturated"),
        ),
        (
            base(
                "",
                "Saturated",
                r#"(name: "b", kind: Robot, robots: 2, servers: 2, time: Exp("1min"), buffer: 2)"#,
            ),
            Some("more than one server"),
        ),
        (
            base(
                "",
                "Saturated",
                r#"(name: "b", kind: Robot, robots: 1, time: Exp("1min"), buffer: 2, scrap: 0.01)"#,
            ),
            Some("scraps or reworks"),
        ),
        (
            base(
                "",
                "Saturated",
                r#"(name: "b", kind: Robot, robots: 1, time: Exp("1min"), buffer: 2,
                    failures: (time_to_failure: Exp("1h"), time_to_repair: Exp("5min"), mode: TimeDependent))"#,
            ),
            Some("fails by calendar time"),
        ),
    ];
    for (ron, want) in cases {
        let s = scenario(&ron);
        let got = qualifies(&s.baseline().line);
        match (want, got) {
            (None, Ok(())) => {}
            (Some(w), Err(why)) => assert!(why.contains(w), "{why:?} should say {w:?}"),
            (want, got) => panic!("{want:?} vs {got:?}\n{ron}"),
        }
    }
}

#[test]
fn a_run_that_would_fail_is_left_to_the_event_kernel_to_say_why() {
    // A fast first station in front of an unlimited buffer and a slow one:
    // the WIP grows by about a thousand parts a second until the line holds
    // more than it can (the kernel's `Unstable`), which the recursion does
    // not report itself.
    let b = baseline(
        r#"Scenario(
            name: "runaway",
            experiment: (warmup: "0s", run: "2h", replications: 1, seed: 1),
            products: [(name: "p", route: ["fast", "slow"])],
            source: Saturated,
            stations: [
                (name: "fast", kind: Robot, robots: 1, time: Const("1ms"), buffer: 0),
                (name: "slow", kind: Robot, robots: 1, time: Const("1s"), buffer: "unlimited"),
            ],
        )"#,
    );
    assert!(qualifies(&b.line).is_ok());
    for engine in [Engine::Auto, Engine::Recursion, Engine::Event] {
        let settings = Settings { engine, ..b.settings };
        let err = experiment::replicate(&b.line, &settings, 0).expect_err("the line cannot keep up");
        assert!(err.to_string().contains("cannot keep up"), "{engine:?}: {err}");
    }
}
