//! Runs jobs on a pool of worker processes (`lode-test262 --worker`).
//!
//! Processes, not threads, because a test must not be able to take the run
//! down with it: a stack overflow or abort kills only its worker, a hang is
//! ended by killing the worker. Each worker has at most one job in flight,
//! so whatever happens to a worker is charged to exactly that job; the
//! worker is then replaced and the run goes on.

use crate::protocol::{decode_result, encode_job, Job, JobResult};
use crate::verdict::{RunStatus, RunVerdict};
use std::collections::VecDeque;
use std::ffi::OsString;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// How to start a worker process.
#[derive(Clone, Debug)]
pub struct WorkerCommand {
    pub program: PathBuf,
    pub args: Vec<OsString>,
    pub env: Vec<(OsString, OsString)>,
}

#[derive(Clone, Debug)]
pub struct SchedulerConfig {
    pub workers: usize,
    pub command: WorkerCommand,
    /// A job still running after this long gets its worker killed. It is
    /// the per-test timeout plus a grace period, so the engine's own
    /// deadline handling normally wins and this is only the backstop.
    pub hard_timeout: Duration,
}

/// Lines of worker stderr kept to explain a crash.
const STDERR_TAIL_LINES: usize = 12;
const STDERR_LINE_MAX: usize = 400;
const STDERR_DRAIN_WAIT: Duration = Duration::from_millis(500);

enum Event {
    Result {
        slot: usize,
        generation: u64,
        result: JobResult,
    },
    Eof {
        slot: usize,
        generation: u64,
    },
}

struct Worker {
    child: Child,
    stdin: Option<ChildStdin>,
    generation: u64,
    /// Index into the job list and when it was sent.
    in_flight: Option<(usize, Instant)>,
    stderr_tail: Arc<Mutex<VecDeque<String>>>,
    /// Signalled when the stderr reader reaches end of file.
    stderr_done: Receiver<()>,
}

impl Worker {
    /// Kills (if needed) and reaps the process; returns how it ended and
    /// the last lines it wrote to stderr.
    fn finish(&mut self, kill: bool) -> String {
        self.stdin = None;
        if kill {
            // The process may already be gone; then there is nothing to do.
            let _ = self.child.kill();
        }
        let status = match self.child.wait() {
            Ok(status) => status.to_string(),
            Err(e) => format!("unknown status ({e})"),
        };
        // Let the stderr reader catch up with the dying process's last
        // words. Bounded, because a grandchild of the worker may hold the
        // pipe open long after the worker itself is gone.
        let _ = self.stderr_done.recv_timeout(STDERR_DRAIN_WAIT);
        let tail = self
            .stderr_tail
            .lock()
            .map(|lines| {
                let kept: Vec<&str> = lines
                    .iter()
                    .map(|l| l.trim())
                    .filter(|l| !l.is_empty())
                    .collect();
                kept.join(" | ")
            })
            .unwrap_or_default();
        if tail.is_empty() {
            status
        } else {
            format!("{status}; stderr: {tail}")
        }
    }
}

struct Pool<'a> {
    config: &'a SchedulerConfig,
    jobs: &'a [Job],
    next: usize,
    workers: Vec<Option<Worker>>,
    generation: u64,
    tx: Sender<Event>,
}

/// Runs every job and calls `on_result` once per job, in completion order.
pub fn run_jobs(
    config: &SchedulerConfig,
    jobs: &[Job],
    mut on_result: impl FnMut(&Job, RunVerdict),
) -> io::Result<()> {
    if jobs.is_empty() {
        return Ok(());
    }
    let (tx, rx) = mpsc::channel();
    let mut pool = Pool {
        config,
        jobs,
        next: 0,
        workers: Vec::new(),
        generation: 0,
        tx,
    };
    let count = config.workers.clamp(1, jobs.len());
    for slot in 0..count {
        let worker = pool.spawn(slot)?;
        pool.workers.push(Some(worker));
    }
    let mut remaining = jobs.len();
    for slot in 0..count {
        pool.dispatch(slot, &mut on_result, &mut remaining)?;
    }
    while remaining > 0 {
        pool.wait_event(&rx, &mut on_result, &mut remaining)?;
        pool.enforce_timeouts(&mut on_result, &mut remaining)?;
    }
    for worker in pool.workers.iter_mut().flatten() {
        worker.finish(false);
    }
    Ok(())
}

impl Pool<'_> {
    fn spawn(&mut self, slot: usize) -> io::Result<Worker> {
        self.generation += 1;
        let generation = self.generation;
        let cmd = &self.config.command;
        let mut child = Command::new(&cmd.program)
            .args(&cmd.args)
            .envs(cmd.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!("cannot start worker {}: {e}", cmd.program.display()),
                )
            })?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| io::Error::other("no worker stdout"))?;
        let stderr = child
            .stderr
            .take()
            .ok_or_else(|| io::Error::other("no worker stderr"))?;
        let tx = self.tx.clone();
        thread::spawn(move || read_results(stdout, slot, generation, tx));
        let stderr_tail = Arc::new(Mutex::new(VecDeque::new()));
        let tail = Arc::clone(&stderr_tail);
        let (done_tx, stderr_done) = mpsc::channel();
        thread::spawn(move || {
            read_stderr(stderr, &tail);
            // Nobody may be waiting any more; that is fine.
            let _ = done_tx.send(());
        });
        Ok(Worker {
            stdin: child.stdin.take(),
            child,
            generation,
            in_flight: None,
            stderr_tail,
            stderr_done,
        })
    }

    /// Sends the next job to an idle worker (or retires the worker when no
    /// jobs are left).
    fn dispatch(
        &mut self,
        slot: usize,
        on_result: &mut impl FnMut(&Job, RunVerdict),
        remaining: &mut usize,
    ) -> io::Result<()> {
        loop {
            if self.next >= self.jobs.len() {
                if let Some(mut worker) = self.workers[slot].take() {
                    worker.finish(false);
                }
                return Ok(());
            }
            let index = self.next;
            self.next += 1;
            match self.send(slot, index)? {
                Ok(()) => return Ok(()),
                Err(message) => {
                    *remaining -= 1;
                    on_result(
                        &self.jobs[index],
                        RunVerdict::new(RunStatus::Crash, message),
                    );
                }
            }
        }
    }

    /// Writes job `index` to the worker in `slot`. A worker found dead at
    /// this point never saw the job, so it is replaced and the job retried
    /// once before being charged with the failure.
    fn send(&mut self, slot: usize, index: usize) -> io::Result<Result<(), String>> {
        let line = encode_job(&self.jobs[index]).map_err(io::Error::other)?;
        let mut failure = String::new();
        for _attempt in 0..2 {
            if self.workers[slot].is_none() {
                self.workers[slot] = Some(self.spawn(slot)?);
            }
            let Some(worker) = self.workers[slot].as_mut() else {
                continue;
            };
            if let Ok(mut tail) = worker.stderr_tail.lock() {
                tail.clear();
            }
            let sent = match worker.stdin.as_mut() {
                Some(stdin) => writeln!(stdin, "{line}").and_then(|()| stdin.flush()),
                None => Err(io::Error::other("stdin closed")),
            };
            match sent {
                Ok(()) => {
                    worker.in_flight = Some((index, Instant::now()));
                    return Ok(Ok(()));
                }
                Err(e) => {
                    let how = worker.finish(true);
                    self.workers[slot] = None;
                    failure = format!("could not hand the test to a worker ({e}): {how}");
                }
            }
        }
        Ok(Err(failure))
    }

    fn wait_event(
        &mut self,
        rx: &Receiver<Event>,
        on_result: &mut impl FnMut(&Job, RunVerdict),
        remaining: &mut usize,
    ) -> io::Result<()> {
        let event = match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(event) => event,
            Err(RecvTimeoutError::Timeout) => return Ok(()),
            Err(RecvTimeoutError::Disconnected) => {
                return Err(io::Error::other("all worker channels closed"))
            }
        };
        let jobs = self.jobs;
        match event {
            Event::Result {
                slot,
                generation,
                result,
            } => {
                let Some(worker) = self.current(slot, generation) else {
                    return Ok(());
                };
                let Some((index, _)) = worker.in_flight else {
                    return Ok(());
                };
                if jobs[index].id != result.id {
                    return Ok(());
                }
                worker.in_flight = None;
                *remaining -= 1;
                on_result(&jobs[index], result.verdict);
                self.dispatch(slot, on_result, remaining)
            }
            Event::Eof { slot, generation } => {
                let Some(worker) = self.current(slot, generation) else {
                    return Ok(());
                };
                let in_flight = worker.in_flight.take();
                let how = worker.finish(false);
                self.workers[slot] = None;
                if let Some((index, _)) = in_flight {
                    *remaining -= 1;
                    let message = format!("worker process died: {how}");
                    on_result(
                        &self.jobs[index],
                        RunVerdict::new(RunStatus::Crash, message),
                    );
                }
                self.dispatch(slot, on_result, remaining)
            }
        }
    }

    fn enforce_timeouts(
        &mut self,
        on_result: &mut impl FnMut(&Job, RunVerdict),
        remaining: &mut usize,
    ) -> io::Result<()> {
        let limit = self.config.hard_timeout;
        for slot in 0..self.workers.len() {
            let Some(worker) = self.workers[slot].as_mut() else {
                continue;
            };
            let Some((index, started)) = worker.in_flight else {
                continue;
            };
            if started.elapsed() < limit {
                continue;
            }
            worker.in_flight = None;
            worker.finish(true);
            self.workers[slot] = None;
            *remaining -= 1;
            let message = format!(
                "timed out: killed the worker after {:.1}s",
                limit.as_secs_f64()
            );
            on_result(
                &self.jobs[index],
                RunVerdict::new(RunStatus::Timeout, message),
            );
            self.dispatch(slot, on_result, remaining)?;
        }
        Ok(())
    }

    /// The worker in `slot` if it is still the one that sent an event.
    fn current(&mut self, slot: usize, generation: u64) -> Option<&mut Worker> {
        self.workers
            .get_mut(slot)?
            .as_mut()
            .filter(|w| w.generation == generation)
    }
}

/// Forwards result lines from a worker's stdout; ignores engine noise.
fn read_results(stdout: impl Read, slot: usize, generation: u64, tx: Sender<Event>) {
    let mut reader = BufReader::new(stdout);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) | Err(_) => break,
            Ok(_) => {
                // Lossy: engine noise may not be UTF-8; results always are.
                let line = String::from_utf8_lossy(&buf);
                if let Some(result) = decode_result(line.trim_end()) {
                    let event = Event::Result {
                        slot,
                        generation,
                        result,
                    };
                    if tx.send(event).is_err() {
                        return;
                    }
                }
            }
        }
    }
    // The receiver may be gone at shutdown; nothing to report then.
    let _ = tx.send(Event::Eof { slot, generation });
}

/// Keeps the last lines a worker wrote to stderr.
fn read_stderr(stderr: impl Read, tail: &Mutex<VecDeque<String>>) {
    let mut reader = BufReader::new(stderr);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) | Err(_) => return,
            Ok(_) => {
                let mut line = String::from_utf8_lossy(&buf).trim_end().to_string();
                if line.len() > STDERR_LINE_MAX {
                    let mut cut = STDERR_LINE_MAX;
                    while !line.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    line.truncate(cut);
                    line.push('…');
                }
                if let Ok(mut lines) = tail.lock() {
                    if lines.len() == STDERR_TAIL_LINES {
                        lines.pop_front();
                    }
                    lines.push_back(line);
                }
            }
        }
    }
}
