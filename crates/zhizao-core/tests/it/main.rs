//! The core's integration tests, in one binary (one link, one run).
//!
//! Grouped by what they prove: `validation` against queueing theory and
//! exact Markov chains, `accounting` (time states, OEE and its losses,
//! equipment counts) against hand-derived answers, `structures` (batch
//! stations, transfer batches, conveyors, assembly, changeover tables)
//! against hand-derived answers, `behaviour` of the line model, `determinism` and
//! common random numbers, `fuzz`ing of the file reader, `decision` support (bottlenecks, money, the
//! optimiser), `money` (finance conventions, uncertain inputs, the
//! tornado and the policy indicators against closed forms), `golden` results of the bundled scenarios, `robust`ness (no hang, stops
//! answered at once), and that the library is
//! `quiet` (it never writes to standard output or error), and `fit`ting
//! distributions to measured times and downtime logs.
// The library may not print (the package's lints deny it); its tests report
// what they compared.
#![allow(clippy::print_stdout)]

mod accounting;
mod behaviour;
mod common;
mod decision;
mod determinism;
mod engines;
mod fit;
mod fuzz;
mod golden;
mod money;
mod quiet;
mod robust;
mod structures;
mod time_demand;
mod validation;
