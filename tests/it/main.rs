//! End-to-end tests of the `zhizao` binary, in one test binary: the command
//! line as a planner or a CI pipeline uses it (`cli`), the README's promises
//! (`readme`), a structured `fuzz`er of the binary, what careless input and a hostile environment cannot do
//! (`robust`: hang, panic, lose output), tables that fit 80 and 160 columns (`width`), the report page in headless Chromium (`page`, ignored unless asked for), experiments split into shards and merged (`shard`), a planner's own data fitted (`data`), and the rendering check of the live view (`render`, ignored
//! unless a display is there; `.ci/run` runs it under Xvfb).

mod cli;
mod data;
mod fuzz;
mod page;
mod readme;
#[cfg(feature = "gui")]
mod render;
mod robust;
mod shard;
#[cfg(feature = "gui")]
mod view;
mod width;
