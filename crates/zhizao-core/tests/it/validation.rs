//! The model against queueing theory: each test fails when the simulation
//! is wrong. Times are in minutes; throughput is reported per hour.

use std::collections::{BTreeMap, VecDeque};

use crate::common::*;
use zhizao_core::kpi::*;

fn orders_line(interarrival_min: f64, stations: &[(f64, &str)], when_full: &str, run: &str, reps: u32) -> String {
    let names: Vec<String> = (0..stations.len()).map(|i| format!("\"s{i}\"")).collect();
    let st: Vec<String> = stations
        .iter()
        .enumerate()
        .map(|(i, (mean, buffer))| format!("(name: \"s{i}\", kind: Robot, time: Exp(\"{mean}min\"), buffer: {buffer})"))
        .collect();
    format!(
        r#"Scenario(
            name: "orders",
            experiment: (warmup: "2000min", run: "{run}", replications: {reps}, seed: 11),
            products: [(name: "p", route: [{}])],
            source: Orders(interarrival: Exp("{interarrival_min}min"), when_full: {when_full}),
            stations: [{}],
        )"#,
        names.join(", "),
        st.join(", ")
    )
}

#[test]
fn mm1_queue_length_waiting_time_and_utilisation() {
    let (lambda, mu) = (0.8, 1.0); // per minute
    let line = baseline(&orders_line(
        1.0 / lambda,
        &[(1.0 / mu, "\"unlimited\"")],
        "Backlog",
        "200000min",
        20,
    ));
    let reps = replications(&line);
    let rho: f64 = lambda / mu;
    assert_matches("M/M/1 L", kpi(&reps, WIP), rho / (1.0 - rho), 0.03);
    assert_matches("M/M/1 W [h]", kpi(&reps, FLOW_TIME), 1.0 / (mu - lambda) / 60.0, 0.03);
    assert_matches("M/M/1 utilisation", station_kpi(&reps, 0, ST_STATES), rho, 0.01);
    assert_matches("M/M/1 throughput [/h]", kpi(&reps, THROUGHPUT), lambda * 60.0, 0.01);
}

#[test]
fn mm1k_throughput_and_loss_probability() {
    let (lambda, mu, k) = (0.9, 1.0, 5); // K = 5 in the system: 1 in service, 4 waiting
    let line = baseline(&orders_line(1.0 / lambda, &[(1.0 / mu, "4")], "Lose", "200000min", 20));
    let reps = replications(&line);
    let rho: f64 = lambda / mu;
    let p_k = (1.0 - rho) * rho.powi(k) / (1.0 - rho.powi(k + 1));
    assert_matches("M/M/1/K loss probability", kpi(&reps, ORDERS_LOST), p_k, 0.03);
    assert_matches(
        "M/M/1/K throughput [/h]",
        kpi(&reps, THROUGHPUT),
        lambda * (1.0 - p_k) * 60.0,
        0.01,
    );
    let l: f64 = (0..=k).map(|n| n as f64 * rho.powi(n)).sum::<f64>() / (0..=k).map(|n| rho.powi(n)).sum::<f64>();
    assert_matches("M/M/1/K L", kpi(&reps, WIP), l, 0.02);
}

#[test]
fn jackson_tandem_of_three_stations() {
    let lambda = 0.5;
    let mus = [1.0, 0.8, 0.7];
    let stations: Vec<(f64, &str)> = mus.iter().map(|m| (1.0 / m, "\"unlimited\"")).collect();
    let line = baseline(&orders_line(1.0 / lambda, &stations, "Backlog", "200000min", 20));
    let reps = replications(&line);
    let l: f64 = mus.iter().map(|m| (lambda / m) / (1.0 - lambda / m)).sum();
    assert_matches("Jackson L", kpi(&reps, WIP), l, 0.03);
    assert_matches("Jackson W [h]", kpi(&reps, FLOW_TIME), l / lambda / 60.0, 0.03);
    for (i, m) in mus.iter().enumerate() {
        assert_matches(
            &format!("Jackson utilisation s{i}"),
            station_kpi(&reps, i, ST_STATES),
            lambda / m,
            0.01,
        );
    }
}

// ---------------------------------------------------------------------------
// Saturated exponential lines with finite buffers and blocking after service:
// the exact throughput and WIP come from the continuous-time Markov chain,
// enumerated and solved here.

#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Debug)]
struct LineState {
    /// Per station: 0 idle, 1 busy, 2 blocked.
    machine: Vec<u8>,
    /// Per station: parts waiting in the buffer in front of it.
    queue: Vec<u32>,
}

/// Station `i`'s server has just become empty: refill it, then let the
/// upstream station, if blocked, move its part into the room that appeared.
fn refill(s: &mut LineState, i: usize) {
    if i == 0 {
        s.machine[0] = 1; // saturated source
        return;
    }
    if s.queue[i] > 0 {
        s.queue[i] -= 1;
        s.machine[i] = 1;
    } else {
        s.machine[i] = 0;
    }
    if s.machine[i - 1] == 2 {
        if s.machine[i] == 0 {
            s.machine[i] = 1;
        } else {
            s.queue[i] += 1;
        }
        refill(s, i - 1);
    }
}

fn complete(s: &LineState, buffers: &[u32], i: usize) -> LineState {
    let mut t = s.clone();
    let n = s.machine.len();
    if i + 1 == n {
        refill(&mut t, i);
    } else if t.machine[i + 1] == 0 {
        t.machine[i + 1] = 1;
        refill(&mut t, i);
    } else if t.queue[i + 1] < buffers[i + 1] {
        t.queue[i + 1] += 1;
        refill(&mut t, i);
    } else {
        t.machine[i] = 2;
    }
    t
}

/// Exact (throughput per minute, mean WIP) of a saturated line.
fn exact_line(rates: &[f64], buffers: &[u32]) -> (f64, f64) {
    let exact = exact_saturated(rates, buffers);
    (exact.throughput, exact.wip)
}

/// The exact stationary figures of a saturated exponential line.
pub struct ExactLine {
    /// Parts per minute.
    pub throughput: f64,
    pub wip: f64,
    /// Mean parts waiting in each station's buffer.
    pub buffers: Vec<f64>,
}

/// Solves the Markov chain of a saturated line with exponential stations
/// (`rates` per minute) and blocking after service.
#[allow(clippy::needless_range_loop)] // indices name stations and states
pub fn exact_saturated(rates: &[f64], buffers: &[u32]) -> ExactLine {
    let n = rates.len();
    let start = LineState {
        machine: (0..n).map(|i| u8::from(i == 0)).collect(),
        queue: vec![0; n],
    };
    let mut index = BTreeMap::new();
    let mut states = vec![start.clone()];
    index.insert(start, 0usize);
    let mut transitions = Vec::new();
    let mut todo = VecDeque::from([0usize]);
    while let Some(a) = todo.pop_front() {
        let s = states[a].clone();
        for i in 0..n {
            if s.machine[i] == 1 {
                let t = complete(&s, buffers, i);
                let b = *index.entry(t.clone()).or_insert_with(|| {
                    states.push(t);
                    todo.push_back(states.len() - 1);
                    states.len() - 1
                });
                transitions.push((a, b, rates[i]));
            }
        }
    }
    let m = states.len();
    // Solve pi Q = 0 with sum(pi) = 1: transpose, replace the last equation.
    let mut q = vec![vec![0.0; m + 1]; m];
    for &(a, b, r) in &transitions {
        q[b][a] += r;
        q[a][a] -= r;
    }
    for x in q[m - 1].iter_mut() {
        *x = 1.0;
    }
    let pi = gauss(q);
    let throughput = (0..m)
        .filter(|&s| states[s].machine[n - 1] == 1)
        .map(|s| pi[s] * rates[n - 1])
        .sum();
    let wip = (0..m)
        .map(|s| {
            let st = &states[s];
            pi[s] * (st.queue.iter().sum::<u32>() as f64 + st.machine.iter().filter(|&&x| x != 0).count() as f64)
        })
        .sum();
    let buffers = (0..n)
        .map(|i| (0..m).map(|s| pi[s] * states[s].queue[i] as f64).sum())
        .collect();
    ExactLine {
        throughput,
        wip,
        buffers,
    }
}

/// Gaussian elimination with partial pivoting on an augmented matrix.
#[allow(clippy::needless_range_loop)]
fn gauss(mut a: Vec<Vec<f64>>) -> Vec<f64> {
    let n = a.len();
    for c in 0..n {
        let p = (c..n).max_by(|&x, &y| a[x][c].abs().total_cmp(&a[y][c].abs())).unwrap();
        a.swap(c, p);
        for r in 0..n {
            if r != c {
                let f = a[r][c] / a[c][c];
                for k in c..=n {
                    a[r][k] -= f * a[c][k];
                }
            }
        }
    }
    (0..n).map(|r| a[r][n] / a[r][r]).collect()
}

fn saturated_line(rates: &[f64], buffers: &[u32]) -> String {
    let names: Vec<String> = (0..rates.len()).map(|i| format!("\"s{i}\"")).collect();
    let st: Vec<String> = rates
        .iter()
        .zip(buffers)
        .enumerate()
        .map(|(i, (r, b))| {
            format!(
                "(name: \"s{i}\", kind: Robot, time: Exp(\"{}min\"), buffer: {b})",
                1.0 / r
            )
        })
        .collect();
    format!(
        r#"Scenario(
            name: "saturated",
            experiment: (warmup: "2000min", run: "100000min", replications: 20, seed: 5),
            products: [(name: "p", route: [{}])],
            source: Saturated,
            stations: [{}],
        )"#,
        names.join(", "),
        st.join(", ")
    )
}

fn check_saturated(rates: &[f64], buffers: &[u32]) {
    let (th, wip) = exact_line(rates, buffers);
    let line = baseline(&saturated_line(rates, buffers));
    let reps = replications(&line);
    let what = format!("rates {rates:?} buffers {buffers:?}");
    assert_matches(
        &format!("{what} throughput [/h]"),
        kpi(&reps, THROUGHPUT),
        th * 60.0,
        0.01,
    );
    assert_matches(&format!("{what} WIP"), kpi(&reps, WIP), wip, 0.02);
}

#[test]
fn markov_chain_solver_knows_the_textbook_two_station_case() {
    // Two equal exponential machines, no buffer: throughput = 2/3 of the rate.
    let (th, _) = exact_line(&[1.0, 1.0], &[0, 0]);
    assert!((th - 2.0 / 3.0).abs() < 1e-12);
    // With b waiting places and equal rates: (b + 2) / (b + 3).
    let (th, _) = exact_line(&[1.0, 1.0], &[0, 3]);
    assert!((th - 5.0 / 6.0).abs() < 1e-12);
}

#[test]
fn two_station_saturated_lines_equal_rates() {
    for b in [0, 1, 2, 5] {
        check_saturated(&[1.0, 1.0], &[0, b]);
    }
}

#[test]
fn two_station_saturated_lines_unequal_rates() {
    for b in [0, 1, 2, 5] {
        check_saturated(&[1.0, 0.7], &[0, b]);
        check_saturated(&[0.7, 1.0], &[0, b]);
    }
}

#[test]
fn three_station_saturated_line_with_small_buffers() {
    check_saturated(&[1.0, 0.9, 1.1], &[0, 1, 1]);
    check_saturated(&[1.2, 0.8, 1.0], &[0, 0, 2]);
}

#[test]
fn deterministic_line_runs_at_the_slowest_cycle_exactly() {
    let line = baseline(
        r#"Scenario(
            name: "deterministic",
            experiment: (warmup: "1h", run: "90h", replications: 2, seed: 1),
            products: [(name: "p", route: ["a", "b", "c"])],
            source: Saturated,
            stations: [
                (name: "a", kind: Robot, time: Const("30s"), buffer: 0),
                (name: "b", kind: Robot, time: Const("45s"), buffer: 1),
                (name: "c", kind: Robot, time: Const("40s"), buffer: 1),
            ],
        )"#,
    );
    for r in replications(&line) {
        assert_eq!(r.line[THROUGHPUT], 80.0, "3600 s / 45 s = 80 per hour, exactly");
        assert_eq!(r.line[GOOD_OUTPUT], 90.0 * 80.0);
        // The slowest station never waits: busy 100% of the time.
        assert_eq!(r.stations[1][ST_STATES], 1.0);
    }
}

#[test]
fn machine_with_operation_dependent_failures() {
    // p = 1 min, MTBF = 60 min of operation, MTTR = 10 min:
    // throughput = MTBF / (p (MTBF + MTTR)) per minute.
    let line = baseline(
        r#"Scenario(
            name: "failures",
            experiment: (warmup: "1000min", run: "200000min", replications: 20, seed: 3),
            products: [(name: "p", route: ["m"])],
            source: Saturated,
            stations: [(
                name: "m", kind: Robot, time: Const("1min"), buffer: 0,
                failures: (time_to_failure: Exp("60min"), time_to_repair: Exp("10min")),
            )],
        )"#,
    );
    let reps = replications(&line);
    let (mtbf, mttr, p) = (60.0, 10.0, 1.0);
    assert_matches(
        "throughput with failures [/h]",
        kpi(&reps, THROUGHPUT),
        60.0 * mtbf / (p * (mtbf + mttr)),
        0.01,
    );
    assert_matches(
        "down fraction",
        station_kpi(&reps, 0, ST_STATES + 4),
        mttr / (mtbf + mttr),
        0.03,
    );
    assert_matches(
        "station availability",
        station_kpi(&reps, 0, ST_AVAILABILITY),
        mtbf / (mtbf + mttr),
        0.01,
    );
}
