//! Turning one run's [`Outcome`] into pass/fail (INTERPRETING.md, "Test
//! Results", `negative`, `async`).

use crate::engine::{Outcome, Phase as EnginePhase};
use crate::frontmatter::{Metadata, Negative, Phase};
use serde::{Deserialize, Serialize};

/// What a run must produce to pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expectation {
    pub negative: Option<Negative>,
    pub is_async: bool,
}

impl Expectation {
    pub fn of(meta: &Metadata) -> Expectation {
        Expectation {
            negative: meta.negative.clone(),
            is_async: meta.is_async(),
        }
    }
}

/// How one run (one test in one mode) ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RunStatus {
    Pass,
    /// The engine ran the test and the result was wrong.
    Fail,
    /// The engine reported a timeout, or the worker was killed for hanging.
    Timeout,
    /// The engine panicked, or the worker process died (abort, stack
    /// overflow, signal).
    Crash,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunVerdict {
    pub status: RunStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl RunVerdict {
    pub fn pass() -> RunVerdict {
        RunVerdict {
            status: RunStatus::Pass,
            message: None,
        }
    }

    pub fn new(status: RunStatus, message: impl Into<String>) -> RunVerdict {
        RunVerdict {
            status,
            message: Some(message.into()),
        }
    }

    pub fn fail(message: impl Into<String>) -> RunVerdict {
        RunVerdict::new(RunStatus::Fail, message)
    }
}

const ASYNC_COMPLETE: &str = "Test262:AsyncTestComplete";
const ASYNC_FAILURE: &str = "Test262:AsyncTestFailure";

pub fn phase_of(phase: EnginePhase) -> Phase {
    match phase {
        EnginePhase::Parse => Phase::Parse,
        EnginePhase::Resolution => Phase::Resolution,
        EnginePhase::Runtime => Phase::Runtime,
    }
}

/// Judges one run.
///
/// * Negative tests pass iff the run threw in the expected phase with the
///   expected constructor name.
/// * Other tests pass iff the run completed; async tests additionally must
///   have printed `Test262:AsyncTestComplete` and no
///   `Test262:AsyncTestFailure`.
pub fn judge(expect: &Expectation, outcome: &Outcome) -> RunVerdict {
    if let Outcome::Timeout = outcome {
        return RunVerdict::new(RunStatus::Timeout, "timed out");
    }
    if let Some(negative) = &expect.negative {
        return judge_negative(negative, outcome);
    }
    match outcome {
        Outcome::Completed { printed } if expect.is_async => judge_async(printed),
        Outcome::Completed { .. } => RunVerdict::pass(),
        Outcome::Threw {
            phase,
            error_name,
            message,
            ..
        } => RunVerdict::fail(format!(
            "Uncaught {error_name}: {message} ({} phase)",
            phase_of(*phase).name()
        )),
        Outcome::Timeout => RunVerdict::new(RunStatus::Timeout, "timed out"),
    }
}

fn judge_negative(negative: &Negative, outcome: &Outcome) -> RunVerdict {
    let expected = format!("{} {}", negative.phase.name(), negative.error_type);
    match outcome {
        Outcome::Threw {
            phase,
            error_name,
            message,
            ..
        } => {
            let phase = phase_of(*phase);
            if phase == negative.phase && *error_name == negative.error_type {
                RunVerdict::pass()
            } else {
                RunVerdict::fail(format!(
                    "expected {expected}, got {} {error_name}: {message}",
                    phase.name()
                ))
            }
        }
        Outcome::Completed { .. } => {
            RunVerdict::fail(format!("expected {expected}, but the test completed"))
        }
        Outcome::Timeout => RunVerdict::new(RunStatus::Timeout, "timed out"),
    }
}

fn judge_async(printed: &[String]) -> RunVerdict {
    if let Some(failure) = printed.iter().find(|line| line.contains(ASYNC_FAILURE)) {
        return RunVerdict::fail(failure.clone());
    }
    if printed.iter().any(|line| line.contains(ASYNC_COMPLETE)) {
        RunVerdict::pass()
    } else {
        RunVerdict::fail(format!(
            "async test completed without printing {ASYNC_COMPLETE}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn threw(phase: EnginePhase, name: &str) -> Outcome {
        Outcome::Threw {
            phase,
            error_name: name.into(),
            message: "msg".into(),
            printed: Vec::new(),
        }
    }

    fn completed(printed: &[&str]) -> Outcome {
        Outcome::Completed {
            printed: printed.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn negative(phase: Phase, ty: &str) -> Expectation {
        Expectation {
            negative: Some(Negative {
                phase,
                error_type: ty.into(),
            }),
            is_async: false,
        }
    }

    const PLAIN: Expectation = Expectation {
        negative: None,
        is_async: false,
    };
    const ASYNC: Expectation = Expectation {
        negative: None,
        is_async: true,
    };

    #[test]
    fn plain_tests_pass_iff_completed() {
        assert_eq!(judge(&PLAIN, &completed(&[])).status, RunStatus::Pass);
        let v = judge(&PLAIN, &threw(EnginePhase::Runtime, "Test262Error"));
        assert_eq!(v.status, RunStatus::Fail);
        assert_eq!(
            v.message.as_deref(),
            Some("Uncaught Test262Error: msg (runtime phase)")
        );
        assert_eq!(judge(&PLAIN, &Outcome::Timeout).status, RunStatus::Timeout);
    }

    #[test]
    fn negative_needs_matching_phase_and_type() {
        let exp = negative(Phase::Parse, "SyntaxError");
        assert_eq!(
            judge(&exp, &threw(EnginePhase::Parse, "SyntaxError")).status,
            RunStatus::Pass
        );
        // Right type, wrong phase: a runtime SyntaxError is not an early error.
        assert_eq!(
            judge(&exp, &threw(EnginePhase::Runtime, "SyntaxError")).status,
            RunStatus::Fail
        );
        // Right phase, wrong type.
        assert_eq!(
            judge(&exp, &threw(EnginePhase::Parse, "ReferenceError")).status,
            RunStatus::Fail
        );
        // Completing is a failure for a negative test.
        assert_eq!(judge(&exp, &completed(&[])).status, RunStatus::Fail);

        let exp = negative(Phase::Resolution, "ReferenceError");
        assert_eq!(
            judge(&exp, &threw(EnginePhase::Resolution, "ReferenceError")).status,
            RunStatus::Pass
        );
        assert_eq!(
            judge(&exp, &threw(EnginePhase::Parse, "ReferenceError")).status,
            RunStatus::Fail
        );
    }

    #[test]
    fn async_tests_follow_the_print_rule() {
        assert_eq!(
            judge(&ASYNC, &completed(&["Test262:AsyncTestComplete"])).status,
            RunStatus::Pass
        );
        // Completing without the marker is a failure (the callback never ran).
        assert_eq!(judge(&ASYNC, &completed(&[])).status, RunStatus::Fail);
        assert_eq!(
            judge(&ASYNC, &completed(&["other output"])).status,
            RunStatus::Fail
        );
        // A failure report wins even if completion was also printed.
        let v = judge(
            &ASYNC,
            &completed(&[
                "Test262:AsyncTestFailure:Test262Error: boom",
                "Test262:AsyncTestComplete",
            ]),
        );
        assert_eq!(v.status, RunStatus::Fail);
        assert_eq!(
            v.message.as_deref(),
            Some("Test262:AsyncTestFailure:Test262Error: boom")
        );
        // An uncaught exception fails an async test even after the marker.
        assert_eq!(
            judge(&ASYNC, &threw(EnginePhase::Runtime, "TypeError")).status,
            RunStatus::Fail
        );
    }

    #[test]
    fn async_negative_uses_the_negative_rule() {
        let mut exp = negative(Phase::Parse, "SyntaxError");
        exp.is_async = true;
        assert_eq!(
            judge(&exp, &threw(EnginePhase::Parse, "SyntaxError")).status,
            RunStatus::Pass
        );
    }
}
