//! `lode-test262 --worker`: runs jobs from stdin in-process and reports one
//! result line per job on stdout (see `protocol`).
//!
//! Each run gets a fresh thread with a large stack: the engine's recursion
//! depth, not the default 2 MiB main-thread stack, should decide when deep
//! tests overflow, and a fresh thread also means no thread-local engine
//! state survives from one test into the next. Panics are caught and turned
//! into a `crash` verdict; what cannot be caught (stack overflow, abort)
//! kills this process, and the parent charges the in-flight job with it.

use crate::engine::{run_test, Outcome, TestInput};
use crate::frontmatter;
use crate::harness::{prelude_names, HarnessCache};
use crate::modes::{prepare_source, Mode};
use crate::protocol::{decode_job, encode_result, Job, JobResult};
use crate::verdict::{judge, Expectation, RunStatus, RunVerdict};
use std::cell::RefCell;
use std::io::{self, BufRead, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

/// Stack size of the thread each run executes on.
pub const RUN_STACK_SIZE: usize = 256 * 1024 * 1024;

thread_local! {
    /// The formatted panic (message and location) of the last panic on this
    /// thread, recorded by the hook installed in [`run_worker`].
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The worker main loop. Returns when stdin is closed.
pub fn run_worker(test262_dir: &Path, timeout: Duration) -> io::Result<()> {
    // Record panics instead of printing them: with an unfinished engine
    // nearly every test panics, and tens of thousands of backtraces on
    // stderr would bury everything else.
    panic::set_hook(Box::new(|info| {
        let text = info.to_string();
        LAST_PANIC.with(|slot| *slot.borrow_mut() = Some(text));
    }));
    let mut cache = HarnessCache::new(&test262_dir.join("harness"));
    let stdin = io::stdin();
    let mut stdout = io::stdout();
    for line in stdin.lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let job = match decode_job(&line) {
            Ok(job) => job,
            Err(e) => {
                // A malformed job is the parent's bug; say so and keep going.
                eprintln!("lode-test262 worker: bad job line ({e}): {line}");
                continue;
            }
        };
        let started = Instant::now();
        let verdict = run_job(&job, &mut cache, timeout);
        let result = JobResult {
            id: job.id,
            verdict,
            millis: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        };
        let encoded = encode_result(&result).map_err(io::Error::other)?;
        // A leading newline ends any partial line the engine printed.
        writeln!(stdout, "\n{encoded}")?;
        stdout.flush()?;
    }
    Ok(())
}

/// Runs one job to a verdict. Never panics on account of the test.
pub fn run_job(job: &Job, cache: &mut HarnessCache, timeout: Duration) -> RunVerdict {
    match prepare(job, cache, timeout) {
        Ok((input, expectation)) => execute(input, &expectation),
        Err(message) => RunVerdict::fail(message),
    }
}

/// Builds the engine input for a job; errors are the test's (or the
/// checkout's) fault and become failures.
pub fn prepare(
    job: &Job,
    cache: &mut HarnessCache,
    timeout: Duration,
) -> Result<(TestInput, Expectation), String> {
    let source = std::fs::read_to_string(&job.path)
        .map_err(|e| format!("cannot read {}: {e}", job.path.display()))?;
    let meta = frontmatter::parse_test(&source).map_err(|e| format!("bad metadata: {e}"))?;
    let preludes = cache.preludes(&prelude_names(&meta, job.mode))?;
    let input = TestInput {
        preludes,
        source: prepare_source(&source, job.mode),
        path: job.path.clone(),
        module: job.mode == Mode::Module,
        deadline: Some(Instant::now() + timeout),
    };
    Ok((input, Expectation::of(&meta)))
}

/// Runs the engine on a fresh big-stack thread and judges the outcome.
pub fn execute(input: TestInput, expectation: &Expectation) -> RunVerdict {
    match run_isolated(input) {
        Ok(outcome) => judge(expectation, &outcome),
        Err(panic) => RunVerdict::new(RunStatus::Crash, format!("engine panicked: {panic}")),
    }
}

/// `run_test` on its own thread; `Err` carries the panic description.
pub fn run_isolated(input: TestInput) -> Result<Outcome, String> {
    let spawned = thread::Builder::new()
        .name("lode-test262-run".into())
        .stack_size(RUN_STACK_SIZE)
        .spawn(move || {
            LAST_PANIC.with(|slot| slot.borrow_mut().take());
            panic::catch_unwind(AssertUnwindSafe(|| run_test(&input))).map_err(|payload| {
                LAST_PANIC
                    .with(|slot| slot.borrow_mut().take())
                    .unwrap_or_else(|| payload_text(payload.as_ref()))
            })
        });
    match spawned {
        Ok(handle) => handle
            .join()
            .unwrap_or_else(|payload| Err(payload_text(payload.as_ref()))),
        Err(e) => Err(format!("cannot spawn a test thread: {e}")),
    }
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "non-string panic payload".to_string()
    }
}
