//! Per-test results of a run, and their JSON form
//! (`test262/results/latest.json`).

use crate::modes::Mode;
use crate::verdict::{RunStatus, RunVerdict};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TestStatus {
    Pass,
    Fail,
    Skip,
}

/// One mode of a test that did not pass.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModeFailure {
    /// `None` when the test never got as far as choosing modes (unreadable
    /// file, malformed metadata).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Mode>,
    pub status: RunStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestResult {
    /// Relative to `test/`.
    pub path: String,
    pub status: TestStatus,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<ModeFailure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_reason: Option<String>,
}

impl TestResult {
    pub fn skipped(path: &str, reason: String) -> TestResult {
        TestResult {
            path: path.to_string(),
            status: TestStatus::Skip,
            failures: Vec::new(),
            skip_reason: Some(reason),
        }
    }

    /// A test that failed before any mode ran.
    pub fn broken(path: &str, message: String) -> TestResult {
        TestResult {
            path: path.to_string(),
            status: TestStatus::Fail,
            failures: vec![ModeFailure {
                mode: None,
                status: RunStatus::Fail,
                message: Some(message),
            }],
            skip_reason: None,
        }
    }

    /// Combines the verdicts of every mode: the test passes only if all
    /// of them passed.
    pub fn from_modes(path: &str, verdicts: &BTreeMap<Mode, RunVerdict>) -> TestResult {
        let failures: Vec<ModeFailure> = verdicts
            .iter()
            .filter(|(_, v)| v.status != RunStatus::Pass)
            .map(|(mode, v)| ModeFailure {
                mode: Some(*mode),
                status: v.status,
                message: v.message.clone(),
            })
            .collect();
        TestResult {
            path: path.to_string(),
            status: if failures.is_empty() && !verdicts.is_empty() {
                TestStatus::Pass
            } else {
                TestStatus::Fail
            },
            failures,
            skip_reason: None,
        }
    }

    /// One line explaining why the test did not pass.
    pub fn reason(&self) -> String {
        if let Some(reason) = &self.skip_reason {
            return format!("skipped: {reason}");
        }
        self.failures
            .iter()
            .map(|f| {
                let mode = f.mode.map(|m| format!("[{m}] ")).unwrap_or_default();
                let message = f.message.as_deref().unwrap_or("failed");
                format!("{mode}{}", one_line(message))
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Longest reason text shown per mode in summaries and check reports; the
/// results JSON keeps the full message.
const REASON_MAX: usize = 300;

/// Folds a (possibly multi-line, e.g. panic) message onto one line.
fn one_line(message: &str) -> String {
    let mut text = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if text.len() > REASON_MAX {
        let mut cut = REASON_MAX;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push('…');
    }
    text
}

/// Everything one run produced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunResults {
    /// Contents of test262's `REVISION` file.
    pub revision: String,
    /// UTC date of the run, `YYYY-MM-DD`.
    pub date: String,
    /// Whether the whole suite (except staging) was selected.
    pub full_run: bool,
    pub jit: String,
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
    /// Sorted by path.
    pub tests: Vec<TestResult>,
}

impl RunResults {
    pub fn new(
        revision: String,
        date: String,
        full_run: bool,
        jit: String,
        mut tests: Vec<TestResult>,
    ) -> RunResults {
        tests.sort_by(|a, b| a.path.cmp(&b.path));
        let count = |s: TestStatus| tests.iter().filter(|t| t.status == s).count();
        RunResults {
            revision,
            date,
            full_run,
            jit,
            passed: count(TestStatus::Pass),
            failed: count(TestStatus::Fail),
            skipped: count(TestStatus::Skip),
            tests,
        }
    }

    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let json = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        std::fs::write(path, json + "\n")
    }

    pub fn read(path: &Path) -> Result<RunResults, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_test_passes_only_if_every_mode_passes() {
        let mut verdicts = BTreeMap::new();
        verdicts.insert(Mode::Sloppy, RunVerdict::pass());
        assert_eq!(
            TestResult::from_modes("a.js", &verdicts).status,
            TestStatus::Pass
        );
        verdicts.insert(Mode::Strict, RunVerdict::fail("Uncaught Test262Error: x"));
        let result = TestResult::from_modes("a.js", &verdicts);
        assert_eq!(result.status, TestStatus::Fail);
        assert_eq!(result.failures.len(), 1);
        assert_eq!(result.failures[0].mode, Some(Mode::Strict));
        assert_eq!(result.reason(), "[strict] Uncaught Test262Error: x");
        assert_eq!(
            TestResult::from_modes("a.js", &BTreeMap::new()).status,
            TestStatus::Fail
        );
    }

    #[test]
    fn reasons_fold_multi_line_messages() {
        let result = TestResult::broken("a.js", "panicked at x.rs:1:2:\nboom\n".into());
        assert_eq!(result.reason(), "panicked at x.rs:1:2: boom");
        let long = TestResult::broken("a.js", "é".repeat(400));
        assert!(long.reason().chars().count() <= REASON_MAX / 2 + 1);
    }

    #[test]
    fn json_round_trip() {
        let results = RunResults::new(
            "rev".into(),
            "2026-01-01".into(),
            false,
            "off".into(),
            vec![
                TestResult::skipped("b.js", "feature X: r".into()),
                TestResult::broken("a.js", "bad metadata".into()),
            ],
        );
        assert_eq!(results.tests[0].path, "a.js");
        let json = serde_json::to_string(&results).expect("serializes");
        let back: RunResults = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, results);
    }
}
