//! The line protocol between the parent runner and `lode-test262 --worker`.
//!
//! The parent writes one JSON [`Job`] per line to the worker's stdin; the
//! worker answers each with one line on stdout holding [`RESULT_MARKER`]
//! followed by a JSON [`JobResult`]. The marker exists because the engine
//! shares the worker's stdout: stray debug output (even without a trailing
//! newline) must not be mistaken for, or corrupt, a result. serde_json
//! escapes control characters, so the marker cannot occur inside the JSON.

use crate::modes::Mode;
use crate::verdict::RunVerdict;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

pub const RESULT_MARKER: &str = "\u{1}lode262-result\u{1}";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    pub id: u64,
    /// Absolute path of the test file.
    pub path: PathBuf,
    pub mode: Mode,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobResult {
    pub id: u64,
    pub verdict: RunVerdict,
    pub millis: u64,
}

pub fn encode_job(job: &Job) -> Result<String, serde_json::Error> {
    serde_json::to_string(job)
}

pub fn decode_job(line: &str) -> Result<Job, serde_json::Error> {
    serde_json::from_str(line)
}

pub fn encode_result(result: &JobResult) -> Result<String, serde_json::Error> {
    Ok(format!("{RESULT_MARKER}{}", serde_json::to_string(result)?))
}

/// Finds a result in one line of worker stdout; `None` for engine noise.
pub fn decode_result(line: &str) -> Option<JobResult> {
    let start = line.rfind(RESULT_MARKER)? + RESULT_MARKER.len();
    serde_json::from_str(&line[start..]).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::RunStatus;

    #[test]
    fn results_survive_engine_noise_on_the_same_line() {
        let result = JobResult {
            id: 7,
            verdict: RunVerdict::new(RunStatus::Fail, "Uncaught \u{1} x"),
            millis: 3,
        };
        let line = encode_result(&result).expect("encodes");
        assert_eq!(decode_result(&line), Some(result.clone()));
        assert_eq!(decode_result(&format!("debug output{line}")), Some(result));
        assert_eq!(decode_result("just engine output"), None);
    }

    #[test]
    fn jobs_round_trip() {
        let job = Job {
            id: 1,
            path: PathBuf::from("/t/test/a.js"),
            mode: Mode::Strict,
        };
        let line = encode_job(&job).expect("encodes");
        assert_eq!(decode_job(&line).expect("decodes"), job);
    }
}
