//! What each exit code means, and the one map from every failure to its code.

use std::process::ExitCode;

use zhizao_core::check::ExpectationError;
use zhizao_core::experiment::ExperimentError;
use zhizao_core::optimize::OptimizeError;
use zhizao_core::sweep::SweepError;

/// The exit codes, as the README lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Success = 0,
    /// A file could not be read or written, or the machine cannot do what
    /// was asked (no display for a window): nothing is wrong with the input.
    Failure = 1,
    /// The scenario or the command line is wrong (every problem is listed),
    /// including a line that deadlocks while running.
    Invalid = 2,
    /// `check` found an expectation that is not met.
    Unmet = 3,
    /// Stopped by Ctrl-C; what was complete has been reported.
    Interrupted = 130,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

/// Why a command did not succeed: its exit code and what to tell the user.
#[derive(Debug)]
pub struct Failure {
    pub exit: Exit,
    pub message: String,
}

impl Failure {
    pub fn new(exit: Exit, message: impl Into<String>) -> Failure {
        Failure {
            exit,
            message: message.into(),
        }
    }

    /// The command line asks for something impossible.
    pub fn usage(message: impl std::fmt::Display) -> Failure {
        Failure::new(Exit::Invalid, format!("error: {message}"))
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Failure {
        Failure::new(Exit::Failure, format!("error: {e:#}"))
    }
}

impl From<ExperimentError> for Failure {
    fn from(e: ExperimentError) -> Failure {
        Failure::usage(e)
    }
}

impl From<ExpectationError> for Failure {
    fn from(e: ExpectationError) -> Failure {
        Failure::usage(e)
    }
}

impl From<SweepError> for Failure {
    fn from(e: SweepError) -> Failure {
        Failure::usage(e)
    }
}

impl From<OptimizeError> for Failure {
    fn from(e: OptimizeError) -> Failure {
        match e {
            OptimizeError::Stopped => Failure::new(Exit::Interrupted, format!("{e}; nothing to report")),
            other => Failure::usage(other),
        }
    }
}
