//! Shared Data Blocks (#sec-shared-data-block) and their WaiterLists
//! (#sec-waiterlist-objects).
//!
//! A SharedArrayBuffer's bytes may be seen by several agents, each running
//! its own `Vm` on its own thread (the test262 host's `$262.agent`). The
//! block is therefore reference-counted across threads and every access
//! takes its byte lock: a whole Atomics read-modify-write happens under one
//! lock, so it is atomic with respect to every other agent.
//!
//! The WaiterList is the block's too (one list for all byte indices; a
//! waiter records its index). Lock order is `waiters` before `bytes`:
//! DoWait reads the value while holding the waiter lock (the spec's
//! critical section), and nothing takes `waiters` while holding `bytes`.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The bytes of a SharedArrayBuffer plus its WaiterList.
pub struct SharedBlock {
    bytes: Mutex<Vec<u8>>,
    waiters: Mutex<VecDeque<Arc<Waiter>>>,
    wake: Condvar,
}

/// A Waiter Record (#sec-waiter-record): who waits on which index.
pub struct Waiter {
    pub byte_index: usize,
    /// The agent (thread) that waits: see [`current_agent`].
    pub agent: u64,
    /// Distinguishes the waiters of one agent (waitAsync tokens).
    pub token: u64,
    /// Set by NotifyWaiter; read by the waiting agent.
    notified: AtomicBool,
}

impl Waiter {
    pub fn is_notified(&self) -> bool {
        self.notified.load(Ordering::Acquire)
    }
}

/// How a synchronous wait ended.
pub enum WaitEnd {
    NotEqual,
    Ok,
    TimedOut,
    /// The agent was asked to stop (deadline or interrupt).
    Stopped,
}

/// How many agent threads the host has running (the test262 host's
/// `$262.agent`). While any run, a forever-wait can be woken.
static AGENTS_RUNNING: AtomicUsize = AtomicUsize::new(0);

/// The number of extra agents running in this process.
pub fn agents_running() -> usize {
    AGENTS_RUNNING.load(Ordering::Acquire)
}

/// Held by a host for as long as one extra agent runs.
pub struct AgentRunning(());

impl AgentRunning {
    pub fn enter() -> AgentRunning {
        AGENTS_RUNNING.fetch_add(1, Ordering::AcqRel);
        AgentRunning(())
    }
}

impl Drop for AgentRunning {
    fn drop(&mut self) {
        AGENTS_RUNNING.fetch_sub(1, Ordering::AcqRel);
    }
}

static NEXT_AGENT: AtomicU64 = AtomicU64::new(1);
thread_local! {
    static AGENT_ID: u64 = NEXT_AGENT.fetch_add(1, Ordering::Relaxed);
}

/// The identity of the agent running on this thread (one Vm per thread
/// may take part in sharing; its id is its thread's).
pub fn current_agent() -> u64 {
    AGENT_ID.with(|id| *id)
}

/// A poisoned lock only means another agent's thread panicked while
/// holding it; the bytes are still bytes, so carry on.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl SharedBlock {
    pub fn new(len: usize) -> SharedBlock {
        SharedBlock {
            bytes: Mutex::new(vec![0; len]),
            waiters: Mutex::new(VecDeque::new()),
            wake: Condvar::new(),
        }
    }

    /// Run `f` on the bytes under the byte lock.
    pub fn with_bytes<R>(&self, f: impl FnOnce(&mut Vec<u8>) -> R) -> R {
        f(&mut lock(&self.bytes))
    }

    /// DoWait's synchronous part (#sec-dowait steps 19-33): inside the
    /// critical section compare the value (`matches` reads it), then
    /// suspend until notified, timed out, or `stop()` says to give up.
    pub fn wait(
        &self,
        byte_index: usize,
        matches: impl FnOnce(&[u8]) -> bool,
        timeout: Option<Duration>,
        stop: impl Fn() -> bool,
    ) -> WaitEnd {
        let mut list = lock(&self.waiters);
        if !matches(&lock(&self.bytes)) {
            return WaitEnd::NotEqual;
        }
        let me = Arc::new(Waiter {
            byte_index,
            agent: current_agent(),
            token: 0,
            notified: AtomicBool::new(false),
        });
        list.push_back(me.clone());
        let end = timeout.and_then(|t| Instant::now().checked_add(t));
        loop {
            if me.is_notified() {
                return WaitEnd::Ok;
            }
            let now = Instant::now();
            let timed_out = end.is_some_and(|e| now >= e);
            if timed_out || stop() {
                list.retain(|w| !Arc::ptr_eq(w, &me));
                return if timed_out {
                    WaitEnd::TimedOut
                } else {
                    WaitEnd::Stopped
                };
            }
            // Wake at least every 10 ms to look at `stop`.
            let slice = end.map_or(Duration::from_millis(10), |e| {
                (e - now).min(Duration::from_millis(10))
            });
            list = match self.wake.wait_timeout(list, slice) {
                Ok((g, _)) => g,
                Err(p) => p.into_inner().0,
            };
        }
    }

    /// DoWait's asynchronous part: compare inside the critical section and,
    /// when equal, append a waiter for the current agent with `token`.
    /// None means "not-equal".
    pub fn add_async_waiter(
        &self,
        byte_index: usize,
        token: u64,
        matches: impl FnOnce(&[u8]) -> bool,
    ) -> Option<Arc<Waiter>> {
        let mut list = lock(&self.waiters);
        if !matches(&lock(&self.bytes)) {
            return None;
        }
        let w = Arc::new(Waiter {
            byte_index,
            agent: current_agent(),
            token,
            notified: AtomicBool::new(false),
        });
        list.push_back(w.clone());
        Some(w)
    }

    /// Remove `w` if it is still waiting (a timeout); false when a notify
    /// got to it first.
    pub fn remove_waiter(&self, w: &Arc<Waiter>) -> bool {
        let mut list = lock(&self.waiters);
        let before = list.len();
        list.retain(|x| !Arc::ptr_eq(x, w));
        list.len() != before
    }

    /// RemoveWaiters + NotifyWaiter (#sec-atomics.notify steps 9-11): take
    /// up to `count` waiters on `byte_index` in FIFO order, mark them
    /// notified and wake the sleeping ones. Returns the removed waiters.
    pub fn notify(&self, byte_index: usize, count: f64) -> Vec<Arc<Waiter>> {
        let mut list = lock(&self.waiters);
        let mut out = Vec::new();
        let mut i = 0;
        while i < list.len() && (out.len() as f64) < count {
            if list.get(i).is_some_and(|w| w.byte_index == byte_index) {
                if let Some(w) = list.remove(i) {
                    w.notified.store(true, Ordering::Release);
                    out.push(w);
                }
            } else {
                i += 1;
            }
        }
        if !out.is_empty() {
            self.wake.notify_all();
        }
        out
    }
}
