//! The command line, ripgrep-style: words ([`args`]), one settings step
//! ([`settings`]), one function per subcommand ([`commands`]), what is
//! written where ([`output`], [`progress`]), experiments in shards
//! ([`shard`]), the planner's own data in ([`data`], [`fit`]), and what
//! each exit code means ([`exit`]).
//!
//! Two programs share it: `zhizao`, which links no window system and starts
//! in a few milliseconds, and `zhizao-view` (bevy), which opens the windows.
//! `zhizao view` and `zhizao demo` run `zhizao-view` from beside it with the
//! same arguments (see [`Window`]).

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

use std::process::ExitCode;
use std::sync::OnceLock;

use clap::Parser;

use exit::{Exit, Failure};

/// How a program opens a window for `view` and `demo`.
pub type Window = fn(args::Command) -> Result<(), Failure>;

static WINDOW: OnceLock<Window> = OnceLock::new();

/// Opens the window a `view` or `demo` command asks for.
#[cfg(feature = "gui")]
pub fn window(command: args::Command) -> Result<(), Failure> {
    (WINDOW.get().expect("set by the program's main"))(command)
}

/// A whole program: parses the arguments, runs the command, and turns the
/// outcome into an exit code; `window` opens windows.
pub fn main(window: Window) -> ExitCode {
    let _ = WINDOW.set(window);
    output::check_stdout();
    let args = args::Cli::parse();
    output::set_lang(args::lang_of(&args.command));
    // A window handles its own quitting; Ctrl-C there ends the process.
    if !commands::opens_window(&args.command) {
        progress::install_ctrl_c();
    }
    match commands::dispatch(args.command) {
        Ok(()) if progress::was_cut() => Exit::Interrupted.into(),
        Ok(()) => Exit::Success.into(),
        Err(f) => {
            output::say(&f.message);
            f.exit.into()
        }
    }
}

/// The window program's name.
pub const VIEW_PROGRAM: &str = "zhizao-view";

/// `zhizao`'s windows: runs `zhizao-view` from the same directory with the
/// same arguments and ends with its exit code (it prints its own messages).
#[allow(dead_code)] // `zhizao-view` opens its windows itself
pub fn run_view_program(_: args::Command) -> Result<(), Failure> {
    let me = std::env::current_exe()
        .map_err(|e| Failure::new(Exit::Failure, format!("error: finding this program: {e}")))?;
    let view = me.with_file_name(format!("{VIEW_PROGRAM}{}", std::env::consts::EXE_SUFFIX));
    if !view.is_file() {
        return Err(Failure::new(
            Exit::Failure,
            format!(
                "error: the window is drawn by {VIEW_PROGRAM}, which is not beside this program ({}); build both with `cargo build --release` (or install both with `cargo install --path .`)",
                view.display()
            ),
        ));
    }
    let status = std::process::Command::new(&view)
        .args(std::env::args_os().skip(1))
        .status()
        .map_err(|e| Failure::new(Exit::Failure, format!("error: starting {}: {e}", view.display())))?;
    std::process::exit(status.code().unwrap_or(Exit::Interrupted as i32));
}
