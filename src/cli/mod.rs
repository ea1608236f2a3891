//! Pieces of the command line that are not argument parsing: progress on
//! the terminal, Ctrl-C, and writing outputs and report directories.

pub mod output;
pub mod progress;
