//! The test262 conformance runner for Lode.
//!
//! `lode-test262` (see `cli::USAGE`) discovers tests, skips what
//! `skip.toml` lists, and runs the rest on worker processes
//! (`lode-test262 --worker`) that call `lode_engine::host262::run_test`
//! in-process. Results go to `results/latest.json`, optionally to
//! `docs/conformance.md`, and are compared with `expectations/failing.txt`.
//! `docs/conformance-runner.md` in the workspace describes the design.

pub mod cli;
pub mod discover;
pub mod engine;
pub mod expectations;
pub mod frontmatter;
pub mod glob;
pub mod harness;
pub mod modes;
pub mod progress;
pub mod protocol;
pub mod report;
pub mod results;
pub mod runner;
pub mod scheduler;
pub mod selection;
pub mod skip;
pub mod verdict;
pub mod worker;
