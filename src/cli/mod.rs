//! The command line, ripgrep-style: words ([`args`]), one settings step
//! ([`settings`]), one function per subcommand ([`commands`]), what is
//! written where ([`output`], [`progress`]), experiments in shards
//! ([`shard`]), and the planner's own data in ([`data`], [`fit`]), and what each exit code means
//! ([`exit`]).

pub mod args;
pub mod commands;
pub mod data;
pub mod exit;
pub mod fit;
pub mod output;
pub mod progress;
pub mod settings;
pub mod shard;
pub mod xlsx;
