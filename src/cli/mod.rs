//! The command line, ripgrep-style: words ([`args`]), one settings step
//! ([`settings`]), one function per subcommand ([`commands`]), what is
//! written where ([`output`], [`progress`]), experiments in shards
//! ([`shard`]), and what each exit code means
//! ([`exit`]).

pub mod args;
pub mod commands;
pub mod exit;
pub mod output;
pub mod progress;
pub mod settings;
pub mod shard;
