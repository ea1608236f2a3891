//! `zhizao-view`: the same command line as `zhizao`, with the windows of
//! `view` and `demo` opened here, by the bevy front end (`zhizao-view`
//! crate). `zhizao` runs it for those two commands, so that every other
//! command starts without loading a window system.

#[path = "../cli/mod.rs"]
mod cli;

use std::process::ExitCode;

use cli::args::{Command, DemoArgs, ViewArgs, WindowOpts};
use cli::exit::{Exit, Failure};
use cli::settings::{duration, load};
use zhizao_core::time::Tick;
use zhizao_view::GuiError;

fn main() -> ExitCode {
    cli::main(window)
}

fn window(command: Command) -> Result<(), Failure> {
    match command {
        Command::View(a) => view(a),
        Command::Demo(a) => demo(a),
        _ => unreachable!("only view and demo open windows"),
    }
}

fn failure(e: GuiError) -> Failure {
    match e {
        GuiError::NoDisplay | GuiError::Exit => Failure::new(Exit::Failure, format!("error: {e}")),
        other => Failure::usage(other),
    }
}

fn view(a: ViewArgs) -> Result<(), Failure> {
    let scenario = load(&a.file)?;
    let lang = cli::args::lang(a.window.lang);
    let (size, screenshot) = window_opts(a.window)?;
    let opts = zhizao_view::ViewOptions {
        file: a.file,
        variant: a.variant,
        plan: a.plan,
        place: a.place,
        select: a.select,
        plan_out: a.plan_out,
        seed: a.seed,
        speed: a.speed.map(|s| s as usize - 1),
        size,
        screenshot,
        screenshot_dir: a.screenshot_dir,
        lang,
    };
    zhizao_view::view(scenario, opts).map_err(failure)
}

fn demo(a: DemoArgs) -> Result<(), Failure> {
    let lang = cli::args::lang(a.window.lang);
    let (size, screenshot) = window_opts(a.window)?;
    let files = a
        .files
        .into_iter()
        .map(|f| load(&f).map(|s| (s, f)))
        .collect::<Result<Vec<_>, _>>()?;
    let opts = zhizao_view::DemoOptions {
        files,
        dwell: std::time::Duration::from_secs(a.seconds.max(1)),
        speed: a.speed as usize - 1,
        windowed: a.windowed,
        size,
        screenshot,
        lang,
    };
    zhizao_view::demo(opts).map_err(failure)
}

/// A screenshot to take: the file and the simulated time.
type Shot = Option<(std::path::PathBuf, Tick)>;

/// The window size and the screenshot of `view` and `demo`.
fn window_opts(opts: WindowOpts) -> Result<((u32, u32), Shot), Failure> {
    let shot = match (opts.screenshot, opts.at) {
        (Some(path), Some(at)) => Some((path, duration("at", &at)?)),
        _ => None,
    };
    let size = opts
        .size
        .split_once('x')
        .and_then(|(w, h)| Some((w.trim().parse().ok()?, h.trim().parse().ok()?)))
        .filter(|&(w, h): &(u32, u32)| (320..=7680).contains(&w) && (240..=4320).contains(&h))
        .ok_or_else(|| Failure::usage(format!("--size \"{}\": write WIDTHxHEIGHT, e.g. 1280x720", opts.size)))?;
    Ok((size, shot))
}
