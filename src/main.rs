//! The `zhizao` command line: a thin layer over `zhizao-core`. It links no
//! window system: `zhizao view` and `zhizao demo` run `zhizao-view` (the
//! bevy front end, `src/bin/zhizao-view.rs`) from beside it. Exit codes are
//! listed in [`cli::exit::Exit`].

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main(cli::run_view_program)
}
