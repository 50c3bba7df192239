//! The single seam between the runner and `lode-engine`.
//!
//! Everything else in this crate names `crate::engine::{TestInput, Outcome,
//! Phase, run_test}`, so when the engine's API moves only this file changes.
//! See `build.rs` for why a stub exists at all.

#[cfg(lode_host262)]
pub use lode_engine::host262::{run_test, Outcome, Phase, TestInput};

#[cfg(not(lode_host262))]
pub use stub::{run_test, Outcome, Phase, TestInput};

/// Mirror of `lode_engine::host262` used until the engine exports it; the
/// shapes must stay identical so the rest of the runner compiles either way.
#[cfg(not(lode_host262))]
mod stub {
    use std::path::PathBuf;
    use std::time::Instant;

    #[derive(Clone, Debug)]
    pub struct TestInput {
        pub preludes: Vec<(String, String)>,
        pub source: String,
        pub path: PathBuf,
        pub module: bool,
        pub deadline: Option<Instant>,
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Phase {
        Parse,
        Resolution,
        Runtime,
    }

    #[derive(Clone, Debug, PartialEq, Eq)]
    pub enum Outcome {
        Completed {
            printed: Vec<String>,
        },
        Threw {
            phase: Phase,
            error_name: String,
            message: String,
            printed: Vec<String>,
        },
        Timeout,
    }

    pub fn run_test(_input: &TestInput) -> Outcome {
        panic!("lode-engine does not export `host262` yet (see test262/build.rs)");
    }
}
