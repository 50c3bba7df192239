//! `--check` end to end, without an engine: a saved result set in which a
//! previously passing test now fails must make `lode-test262 --check` report
//! the regression and exit with failure.

use lode_test262::results::{ModeFailure, RunResults, TestResult, TestStatus};
use lode_test262::verdict::RunStatus;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lode-test262-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

fn result(path: &str, status: TestStatus) -> TestResult {
    TestResult {
        path: path.into(),
        status,
        failures: Vec::new(),
        skip_reason: None,
    }
}

/// `a` passes; `b` fails as expected; `c` used to pass and now fails;
/// `d` was expected to fail and now passes.
fn write_fixture(dir: &Path) -> (PathBuf, PathBuf) {
    let mut regressed = result("built-ins/Array/c.js", TestStatus::Fail);
    regressed.failures.push(ModeFailure {
        mode: Some(lode_test262::modes::Mode::Strict),
        status: RunStatus::Fail,
        message: Some("Uncaught Test262Error: Expected SameValue(1, 2)".into()),
    });
    let results = RunResults::new(
        "test revision".into(),
        "2026-01-01".into(),
        false,
        "off".into(),
        vec![
            result("built-ins/Array/a.js", TestStatus::Pass),
            result("built-ins/Array/b.js", TestStatus::Fail),
            regressed,
            result("language/d.js", TestStatus::Pass),
        ],
    );
    let results_path = dir.join("results.json");
    results.write(&results_path).expect("write results");
    let expectations = dir.join("failing.txt");
    std::fs::write(
        &expectations,
        "# expected failures\nbuilt-ins/Array/b.js\nlanguage/d.js\nout/of/selection.js\n",
    )
    .expect("write expectations");
    (results_path, expectations)
}

fn run(args: &[&Path], extra: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lode-test262"));
    cmd.args(["--no-report", "--from-results"])
        .arg(args[0])
        .arg("--expectations")
        .arg(args[1])
        .args(extra);
    cmd.output().expect("run lode-test262")
}

#[test]
fn a_new_failure_is_a_regression_and_fails_the_check() {
    let dir = scratch_dir("check");
    let (results, expectations) = write_fixture(&dir);
    let out = run(&[&results, &expectations], &["--check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "check must fail:\n{stdout}");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.contains("REGRESSION built-ins/Array/c.js: [strict] Uncaught Test262Error"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("REGRESSION built-ins/Array/b.js"),
        "{stdout}"
    );
    assert!(stdout.contains("NEW PASS language/d.js"), "{stdout}");
    assert!(stdout.contains("--update-expectations"), "{stdout}");
    assert_eq!(
        stdout.lines().last(),
        Some("2 passed, 2 failed, 0 skipped"),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn known_failures_pass_the_check_and_update_rewrites_the_list() {
    let dir = scratch_dir("update");
    let (results, expectations) = write_fixture(&dir);
    let out = run(&[&results, &expectations], &["--update-expectations"]);
    assert!(out.status.success());
    let text = std::fs::read_to_string(&expectations).expect("read expectations");
    let listed: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    // c now fails, d now passes, the entry outside the selection is kept.
    assert_eq!(
        listed,
        [
            "built-ins/Array/b.js",
            "built-ins/Array/c.js",
            "out/of/selection.js"
        ]
    );
    let out = run(&[&results, &expectations], &["--check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("no regressions"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}
