//! Prints how many events one replication of a scenario processes and how fast.
#![allow(clippy::print_stdout)] // an example reports on the terminal; the library never does

use std::time::Instant;
use zhizao_core::experiment::replicate;
use zhizao_core::scenario::Scenario;

fn main() {
    let path = std::env::args().nth(1).expect("usage: count_events FILE");
    let scenario = Scenario::load(path.as_ref()).expect("valid scenario");
    let line = &scenario.baseline().line;
    let start = Instant::now();
    let r = replicate(line, &scenario.settings, 0).expect("runs");
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} events in {:.1} ms: {:.1} M events/s",
        r.events,
        secs * 1e3,
        r.events as f64 / secs / 1e6
    );
}
