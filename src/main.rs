//! The `zhizao` command line: a thin layer over `zhizao-core` (and the
//! `zhizao-view` window behind the default `gui` feature). Exit codes are
//! listed in [`cli::exit::Exit`].

mod cli;

use std::process::ExitCode;

use clap::Parser;

use cli::exit::Exit;

fn main() -> ExitCode {
    cli::output::check_stdout();
    let args = cli::args::Cli::parse();
    // A window handles its own quitting; Ctrl-C there ends the process.
    if !cli::commands::opens_window(&args.command) {
        cli::progress::install_ctrl_c();
    }
    match cli::commands::dispatch(args.command) {
        Ok(()) if cli::progress::was_cut() => Exit::Interrupted.into(),
        Ok(()) => Exit::Success.into(),
        Err(f) => {
            cli::output::note(&f.message);
            f.exit.into()
        }
    }
}
