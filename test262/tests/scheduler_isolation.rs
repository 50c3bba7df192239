//! The scheduler survives workers that die or hang: every job gets exactly
//! one verdict and the run finishes. A tiny `sh` script stands in for
//! `lode-test262 --worker`, so no engine is needed.

#![cfg(unix)]

use lode_test262::modes::Mode;
use lode_test262::protocol::Job;
use lode_test262::scheduler::{run_jobs, SchedulerConfig, WorkerCommand};
use lode_test262::verdict::RunStatus;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A fake worker: answers "pass" unless the job's path says otherwise.
/// `crash` kills the worker, `hang` never answers, `noise` prints engine
/// output without a newline before answering.
const FAKE_WORKER: &str = r#"
while IFS= read -r line; do
  id=$(printf '%s' "$line" | sed 's/.*"id":\([0-9]*\).*/\1/')
  case "$line" in
    *crash*) echo "thread 'x' has overflowed its stack" >&2; kill -9 $$ ;;
    *hang*) sleep 60 ;;
    *noise*) printf 'engine debug output' ;;
  esac
  printf '\n\001lode262-result\001{"id":%s,"verdict":{"status":"pass"},"millis":0}\n' "$id"
done
"#;

fn job(id: u64, name: &str) -> Job {
    Job {
        id,
        path: PathBuf::from(format!("/fake/{name}.js")),
        mode: Mode::Sloppy,
    }
}

#[test]
fn crashes_and_hangs_are_charged_to_their_job_and_the_run_goes_on() {
    let names = [
        "a", "crash1", "b", "noise", "hang", "c", "crash2", "d", "e", "f",
    ];
    let jobs: Vec<Job> = names
        .iter()
        .enumerate()
        .map(|(i, n)| job(i as u64, n))
        .collect();
    let config = SchedulerConfig {
        workers: 2,
        command: WorkerCommand {
            program: PathBuf::from("sh"),
            args: vec![OsString::from("-c"), OsString::from(FAKE_WORKER)],
            env: Vec::new(),
        },
        hard_timeout: Duration::from_secs(2),
    };
    let mut verdicts = BTreeMap::new();
    let started = Instant::now();
    run_jobs(&config, &jobs, |job, verdict| {
        assert!(
            verdicts.insert(job.id, verdict).is_none(),
            "job {} reported twice",
            job.id
        );
    })
    .expect("run completes");
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(verdicts.len(), jobs.len());
    for (i, name) in names.iter().enumerate() {
        let verdict = &verdicts[&(i as u64)];
        let expected = match *name {
            "crash1" | "crash2" => RunStatus::Crash,
            "hang" => RunStatus::Timeout,
            _ => RunStatus::Pass,
        };
        assert_eq!(verdict.status, expected, "{name}: {verdict:?}");
    }
    let crash = verdicts[&1].message.as_deref().unwrap_or("");
    assert!(crash.contains("worker process died"), "{crash}");
    assert!(crash.contains("overflowed its stack"), "{crash}");
}

#[test]
fn a_worker_that_cannot_start_is_an_error_not_a_hang() {
    let config = SchedulerConfig {
        workers: 1,
        command: WorkerCommand {
            program: PathBuf::from("/nonexistent/lode-test262"),
            args: Vec::new(),
            env: Vec::new(),
        },
        hard_timeout: Duration::from_secs(1),
    };
    assert!(run_jobs(&config, &[job(0, "a")], |_, _| {}).is_err());
}
