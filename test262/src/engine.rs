//! The single seam between the runner and `lode-engine`.
//!
//! Everything else in this crate names `crate::engine::{TestInput, Outcome,
//! Phase, run_test}`, so when the engine's API moves only this file changes.

pub use lode_engine::host262::{run_test, Outcome, Phase, TestInput};
