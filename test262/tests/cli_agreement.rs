//! The in-process runner and the `lode --test262` CLI must agree on every
//! verdict: both go through `lode_engine::host262::run_test`, so a mismatch
//! means one of the two hosts prepares tests differently.
//!
//! Needs the `lode` binary built first (`cargo build --release -p lode`, as
//! scripts/test.sh does). It is taken from `$LODE_BIN`, else
//! `$CARGO_TARGET_DIR` or `target/`, release profile first.
//!
//! CLI contract: `lode --test262 [--module] [--prelude FILE]... FILE` prints
//! `print` output to stdout; an uncaught error prints
//! `Uncaught <Name>: <message>` to stderr and exits 1. The CLI does not
//! report the phase of an error, so phases are not compared.

use lode_test262::cli;
use lode_test262::discover::{discover, TestFile};
use lode_test262::engine::Outcome;
use lode_test262::frontmatter::Metadata;
use lode_test262::harness::{prelude_names, HarnessCache};
use lode_test262::modes::{modes_for, Mode};
use lode_test262::selection::Selection;
use lode_test262::skip;
use lode_test262::verdict::{judge, Expectation, RunStatus};
use lode_test262::worker::{prepare, run_isolated};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Directories sampled: plain, strict-sensitive, negative (parse and
/// resolution), module with fixtures, async, Annex B.
const SAMPLE_DIRS: &[&str] = &[
    "built-ins/Array/prototype/map",
    "language/expressions/addition",
    "language/directive-prologue",
    "language/expressions/class/elements/syntax/early-errors",
    "language/module-code",
    "built-ins/Promise/all",
    "language/statements/async-function",
    "annexB/built-ins/String/prototype/substr",
];
const PER_DIR: usize = 7;
const TIMEOUT: Duration = Duration::from_secs(10);

fn lode_bin() -> PathBuf {
    if let Some(bin) = std::env::var_os("LODE_BIN") {
        return PathBuf::from(bin);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| cli::workspace_dir().join("target"));
    ["release", "debug"]
        .iter()
        .map(|profile| target.join(profile).join("lode"))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("no lode binary: build it (cargo build -p lode) or set LODE_BIN"))
}

/// What the CLI reported, reduced to what it can express.
#[derive(Debug, PartialEq, Eq)]
enum Observed {
    Completed(Vec<String>),
    Threw(String),
    Crashed(String),
    TimedOut,
}

fn observe_in_process(outcome: &Result<Outcome, String>) -> Observed {
    match outcome {
        Ok(Outcome::Completed { printed }) => Observed::Completed(printed.clone()),
        Ok(Outcome::Threw { error_name, .. }) => Observed::Threw(error_name.clone()),
        Ok(Outcome::Timeout) => Observed::TimedOut,
        Err(panic) => Observed::Crashed(panic.clone()),
    }
}

fn observe_cli(bin: &Path, preludes: &[PathBuf], file: &Path, module: bool) -> Observed {
    let mut cmd = Command::new(bin);
    cmd.arg("--test262");
    if module {
        cmd.arg("--module");
    }
    for prelude in preludes {
        cmd.arg("--prelude").arg(prelude);
    }
    let out = cmd.arg(file).output().expect("run lode");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    match out.status.code() {
        Some(0) => Observed::Completed(stdout.lines().map(String::from).collect()),
        Some(1) => {
            let name = stderr
                .lines()
                .find_map(|l| l.strip_prefix("Uncaught "))
                .map(|rest| rest.split(':').next().unwrap_or(rest).trim().to_string())
                .unwrap_or_default();
            Observed::Threw(name)
        }
        _ => Observed::Crashed(format!("{}: {stderr}", out.status)),
    }
}

/// The verdict with phases ignored (the CLI cannot report them).
fn phase_blind_pass(meta: &Metadata, observed: &Observed) -> bool {
    match (&meta.negative, observed) {
        (Some(neg), Observed::Threw(name)) => *name == neg.error_type,
        (Some(_), _) => false,
        (None, Observed::Completed(printed)) => {
            let outcome = Outcome::Completed {
                printed: printed.clone(),
            };
            judge(&Expectation::of(meta), &outcome).status == RunStatus::Pass
        }
        (None, _) => false,
    }
}

fn sample(test262: &Path) -> Vec<TestFile> {
    let skips = skip::parse(include_str!("../skip.toml")).expect("skip.toml");
    let mut picked = Vec::new();
    for dir in SAMPLE_DIRS {
        let selection = Selection {
            prefixes: vec![dir.to_string()],
            ..Selection::default()
        };
        let tests = discover(test262, &selection, 2).expect("discover");
        let runnable: Vec<TestFile> = tests
            .into_iter()
            .filter(|t| {
                t.meta
                    .as_ref()
                    .is_ok_and(|m| skips.reason_for(&t.rel, m).is_none())
            })
            .collect();
        let step = (runnable.len() / PER_DIR).max(1);
        picked.extend(runnable.into_iter().step_by(step).take(PER_DIR));
    }
    picked
}

#[test]
fn in_process_and_cli_verdicts_agree() {
    let test262 = cli::locate_test262(None).expect("test262 checkout");
    let bin = lode_bin();
    let scratch = std::env::temp_dir().join(format!("lode-cli-agreement-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("scratch dir");
    let mut cache = HarnessCache::new(&test262.join("harness"));
    let mut mismatches = Vec::new();
    let tests = sample(&test262);
    assert!(tests.len() >= 40, "sample too small: {}", tests.len());

    for test in &tests {
        let Ok(meta) = &test.meta else { continue };
        for mode in modes_for(meta) {
            let job = lode_test262::protocol::Job {
                id: 0,
                path: test.path.clone(),
                mode,
            };
            let (input, _) = prepare(&job, &mut cache, TIMEOUT).expect("prepare");
            // The CLI reads the file itself, so a strict run needs the
            // prefixed source on disk. Tests that import relative files are
            // module tests or dynamic-import tests; the former never get the
            // prefix and the latter are not in the sample.
            let file = if mode == Mode::Strict {
                let file = scratch.join(test.rel.replace('/', "__"));
                std::fs::write(&file, &input.source).expect("write strict copy");
                file
            } else {
                test.path.clone()
            };
            let in_process = observe_in_process(&run_isolated(input));
            let preludes: Vec<PathBuf> = prelude_names(meta, mode)
                .iter()
                .map(|name| cache.path_of(name))
                .collect();
            let via_cli = observe_cli(&bin, &preludes, &file, mode == Mode::Module);
            if in_process == Observed::TimedOut {
                continue;
            }
            let same_shape = match (&in_process, &via_cli) {
                (Observed::Crashed(_), Observed::Crashed(_)) => true,
                (a, b) => a == b,
            };
            if !same_shape
                || phase_blind_pass(meta, &in_process) != phase_blind_pass(meta, &via_cli)
            {
                mismatches.push(format!(
                    "{} [{mode}]: in-process {in_process:?}, cli {via_cli:?}",
                    test.rel
                ));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    assert!(
        mismatches.is_empty(),
        "verdicts differ:\n{}",
        mismatches.join("\n")
    );
}

#[test]
fn the_sample_is_large_enough() {
    // Runs without an engine: keeps the sample definition honest.
    let Ok(test262) = cli::locate_test262(None) else {
        eprintln!("test262 checkout not found; skipping");
        return;
    };
    let tests = sample(&test262);
    assert!((40..=60).contains(&tests.len()), "{} tests", tests.len());
    let modules = tests
        .iter()
        .filter(|t| t.meta.as_ref().is_ok_and(|m| m.is_module()))
        .count();
    let negatives = tests
        .iter()
        .filter(|t| t.meta.as_ref().is_ok_and(|m| m.negative.is_some()))
        .count();
    let asyncs = tests
        .iter()
        .filter(|t| t.meta.as_ref().is_ok_and(|m| m.is_async()))
        .count();
    assert!(modules > 0 && negatives > 0 && asyncs > 0);
}
