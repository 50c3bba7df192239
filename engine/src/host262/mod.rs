//! The test262 host: what INTERPRETING.md asks a host to provide (`print`,
//! `$262`), and one entry point that runs a prepared test in a fresh realm.
//!
//! Both the `lode --test262` CLI mode and the in-process runner
//! (`lode-test262`) go through [`run_test`], so they cannot disagree on a
//! verdict.

mod agent;
mod run;

use std::path::PathBuf;
use std::time::Instant;

/// One test, ready to run: harness files already chosen by the runner.
#[derive(Clone, Debug)]
pub struct TestInput {
    /// Classic scripts evaluated first, in order, in the test's realm
    /// (`assert.js`, `sta.js`, `doneprintHandle.js`, the `includes`).
    /// Each entry is `(file name for stack traces, source text)`.
    pub preludes: Vec<(String, String)>,
    /// The test's own source text. For a strict-mode run the runner has
    /// already prepended `"use strict";\n`.
    pub source: String,
    /// Where the test lives; module tests resolve their imports
    /// (`_FIXTURE.js` files) relative to it.
    pub path: PathBuf,
    /// Evaluate `source` as a module (the `module` flag).
    pub module: bool,
    /// Give up with [`Outcome::Timeout`] once this instant passes.
    pub deadline: Option<Instant>,
}

/// The phase an error was raised in, as test262's `negative.phase` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Parse,
    Resolution,
    Runtime,
}

/// What happened when the test ran.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Every script ran to completion and the job queue drained.
    Completed {
        /// Everything passed to `print`, in order (async tests report
        /// `Test262:AsyncTestComplete` / `Test262:AsyncTestFailure:...` here).
        printed: Vec<String>,
    },
    /// An exception escaped (or a parse/early error was reported).
    Threw {
        phase: Phase,
        /// The thrown value's `constructor.name` when it is an object with
        /// one (`"SyntaxError"`, `"Test262Error"`), else `typeof`-ish text.
        error_name: String,
        /// `String(error.message)` or a printable form of the value.
        message: String,
        printed: Vec<String>,
    },
    /// The deadline passed; the engine stopped the script.
    Timeout,
}

/// Run one test in a fresh realm with `print` and `$262` installed.
pub fn run_test(input: &TestInput) -> Outcome {
    crate::host262::run::run_test(input)
}
