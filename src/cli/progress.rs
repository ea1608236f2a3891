//! Progress on standard error, and Ctrl-C.
//!
//! On a terminal a progress bar is drawn; when standard error is not a
//! terminal nothing is shown unless `--progress` asks for plain lines (for
//! CI logs). Progress never goes to standard output, which carries only
//! results. The first Ctrl-C asks the run to stop and keep what is
//! complete; a second one ends the process at once.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// Set by Ctrl-C.
pub static STOP: AtomicBool = AtomicBool::new(false);

/// Installs the Ctrl-C handler.
pub fn install_ctrl_c() {
    let _ = ctrlc::set_handler(|| {
        if STOP.swap(true, Ordering::SeqCst) {
            super::output::say("\nstopped");
            std::process::exit(130);
        }
        super::output::say(
            "\nstopping: finishing nothing new, keeping the replications already complete (Ctrl-C again to quit at once)",
        );
    });
}

/// Set when Ctrl-C actually cut a command's work short (a stop asked for
/// after the last replication finished cuts nothing).
static CUT: AtomicBool = AtomicBool::new(false);

/// The results being reported are incomplete because of a stop.
pub fn mark_cut() {
    CUT.store(true, Ordering::SeqCst);
}

/// Whether Ctrl-C cut the work short: the exit code is then 130.
pub fn was_cut() -> bool {
    CUT.load(Ordering::SeqCst)
}

enum Sink {
    Hidden,
    Bar(ProgressBar),
    /// Plain lines at every tenth.
    Lines {
        last_tenth: AtomicU64,
    },
}

/// Progress of replications.
pub struct Progress {
    sink: Sink,
    stage: std::sync::Mutex<String>,
}

impl Progress {
    /// `quiet` hides it; `force` prints plain lines when stderr is not a terminal.
    pub fn new(quiet: bool, force: bool) -> Progress {
        let sink = if quiet {
            Sink::Hidden
        } else if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template("{msg:>12} [{bar:40}] {pos}/{len} replications, {eta} left")
                    .expect("a valid template")
                    .progress_chars("=> "),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            Sink::Bar(bar)
        } else if force {
            Sink::Lines {
                last_tenth: AtomicU64::new(u64::MAX),
            }
        } else {
            Sink::Hidden
        };
        Progress {
            sink,
            stage: std::sync::Mutex::new("simulating".into()),
        }
    }

    /// Names the current stage ("screening", "confirming").
    pub fn stage(&self, name: &str) {
        *self.stage.lock().expect("not poisoned") = name.to_string();
        match &self.sink {
            Sink::Bar(bar) => {
                bar.set_message(name.to_string());
                bar.set_position(0);
            }
            Sink::Lines { last_tenth } => last_tenth.store(u64::MAX, Ordering::SeqCst),
            Sink::Hidden => {}
        }
    }

    /// Reports `done` of `total` replications.
    pub fn report(&self, done: u64, total: u64) {
        match &self.sink {
            Sink::Hidden => {}
            Sink::Bar(bar) => {
                bar.set_length(total);
                bar.set_position(done);
            }
            Sink::Lines { last_tenth } => {
                let tenth = done * 10 / total.max(1);
                if last_tenth.swap(tenth, Ordering::SeqCst) != tenth {
                    let stage = self.stage.lock().expect("not poisoned").clone();
                    let mut err = std::io::stderr().lock();
                    let _ = writeln!(err, "progress: {stage} {done}/{total} replications");
                }
            }
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Sink::Bar(bar) = &self.sink {
            bar.finish_and_clear();
        }
    }
}
