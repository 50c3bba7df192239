//! Runs one script as a child process and measures it: wall time, peak RSS,
//! exit status, and whether it printed `RESULT_OK`.

use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// What one run measured.
#[derive(Debug, Clone)]
pub struct Measurement {
    /// Wall time from spawn to exit, in seconds.
    pub seconds: f64,
    /// Peak resident set size of the child, in KiB (`ru_maxrss`).
    pub max_rss_kib: u64,
    /// `None` when the run was correct; otherwise why it was not.
    pub failure: Option<String>,
}

/// Reads a pipe to the end on a thread.
fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut buffer = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut buffer);
        }
        buffer
    })
}

/// First (or last) non-empty line of `text`, shortened.
fn line_of(text: &str, first: bool) -> String {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let line = if first {
        lines.next()
    } else {
        lines.next_back()
    };
    let line = line.unwrap_or("").trim();
    if line.chars().count() > 160 {
        let short: String = line.chars().take(157).collect();
        format!("{short}...")
    } else {
        line.to_string()
    }
}

/// Runs `command` to completion (or until `timeout`), measuring it.
///
/// When `expect` is given, the run is correct only if stdout contains that
/// text and the exit status is 0; otherwise only the exit status counts.
pub fn measure(
    mut command: Command,
    expect: Option<&str>,
    timeout: Duration,
) -> Result<Measurement, String> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot start {:?}: {e}", command.get_program()))?;
    let pid = child.id() as libc::pid_t;
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());

    // Watchdog: kills the child if it outlives the timeout. It is told when the
    // child has exited, before it is reaped, so it never signals a reused pid.
    let (done, finished) = mpsc::channel::<()>();
    let watchdog = thread::spawn(move || {
        if finished.recv_timeout(timeout) == Err(mpsc::RecvTimeoutError::Timeout) {
            // SAFETY: plain kill(2) on our own child, which has not been reaped yet.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            true
        } else {
            false
        }
    });

    // Wait for exit without reaping (WNOWAIT), stop the watchdog, then reap with rusage.
    // SAFETY: siginfo_t is plain data; waitid fills it.
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    // SAFETY: waitid on our own child's pid with a valid siginfo pointer.
    let waited = unsafe {
        libc::waitid(
            libc::P_PID,
            pid as libc::id_t,
            &mut info,
            libc::WEXITED | libc::WNOWAIT,
        )
    };
    let seconds = start.elapsed().as_secs_f64();
    let _ = done.send(());
    let timed_out = watchdog.join().unwrap_or(false);
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain data; wait4 fills it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 on our own child's pid with valid pointers.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if waited != 0 || reaped != pid {
        return Err(format!(
            "waiting for {:?} failed: {}",
            command.get_program(),
            std::io::Error::last_os_error()
        ));
    }
    let out = String::from_utf8_lossy(&stdout.join().unwrap_or_default()).into_owned();
    let err = String::from_utf8_lossy(&stderr.join().unwrap_or_default()).into_owned();
    // `child` was reaped by wait4 above; std's Child does not wait on drop.
    drop(child);

    let failure = if timed_out {
        Some(format!("timed out after {} s", timeout.as_secs()))
    } else if libc::WIFSIGNALED(status) {
        Some(format!("killed by signal {}", libc::WTERMSIG(status)))
    } else if libc::WEXITSTATUS(status) != 0 {
        // The error message comes first on stderr; a stack trace may follow.
        let detail = line_of(&err, true);
        let detail = if detail.is_empty() {
            line_of(&out, false)
        } else {
            detail
        };
        Some(format!("exit {}: {detail}", libc::WEXITSTATUS(status)))
    } else {
        match expect {
            Some(text) if !out.contains(text) => Some(format!(
                "no {text} line; last output: {}",
                line_of(&out, false)
            )),
            _ => None,
        }
    };
    Ok(Measurement {
        seconds,
        max_rss_kib: u64::try_from(usage.ru_maxrss).unwrap_or(0),
        failure,
    })
}
