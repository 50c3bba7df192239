//! `$262.agent` (test262 INTERPRETING.md): concurrent agents on real
//! threads, for the multi-agent Atomics tests.
//!
//! Each agent is a thread with its own `Engine` (heaps are never shared);
//! the only thing that crosses threads is a SharedArrayBuffer's
//! [`SharedBlock`] plus the broadcast id, and report strings. The main
//! agent's side ([`Group`]) lives in a thread-local for the duration of one
//! test; [`AgentsGuard`] stops and joins the agents when the test ends.

use crate::api::Engine;
use crate::builtins::structured::array_buffer::{buffer_data, new_buffer_object, ArrayBufferData};
use crate::builtins::structured::shared_block::{AgentRunning, SharedBlock};
use crate::builtins::{method, value};
use crate::function::Args;
use crate::object::Attrs;
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use num_bigint::BigInt;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The second argument of a broadcast: an Int32 or a BigInt.
#[derive(Clone)]
enum BroadcastId {
    Number(f64),
    BigInt(BigInt),
}

/// What `broadcast` sends each agent.
#[derive(Clone)]
struct Broadcast {
    block: Arc<SharedBlock>,
    max_byte_length: Option<usize>,
    id: BroadcastId,
}

type Reports = Arc<Mutex<VecDeque<String>>>;

/// One started agent, seen from the main agent.
struct AgentHandle {
    to_agent: Sender<Broadcast>,
    acks: Receiver<()>,
    thread: Option<JoinHandle<()>>,
}

/// The main agent's view of the agents it started.
struct Group {
    agents: Vec<AgentHandle>,
    reports: Reports,
    /// Raised when the test ends: every agent's interrupt flag.
    stop: Arc<AtomicBool>,
}

/// What an agent thread keeps about itself.
struct AgentSide {
    reports: Reports,
    /// The receiveBroadcast callback.
    callback: Option<crate::gc::Rooted>,
}

thread_local! {
    static GROUP: RefCell<Option<Group>> = const { RefCell::new(None) };
    static SIDE: RefCell<Option<AgentSide>> = const { RefCell::new(None) };
}

/// Stops and joins the agents of the test running on this thread when
/// dropped (hold one for the duration of a test).
pub struct AgentsGuard(());

impl AgentsGuard {
    pub fn begin() -> AgentsGuard {
        shutdown();
        AgentsGuard(())
    }
}

impl Drop for AgentsGuard {
    fn drop(&mut self) {
        shutdown();
    }
}

/// Raise every agent's stop flag and wait for the threads to end.
fn shutdown() {
    let Some(mut g) = GROUP.with(|g| g.borrow_mut().take()) else {
        return;
    };
    g.stop.store(true, Ordering::Relaxed);
    for a in &mut g.agents {
        // Dropping the sender wakes an agent still waiting for a broadcast.
        let (dead, _) = mpsc::channel();
        a.to_agent = dead;
        if let Some(t) = a.thread.take() {
            let _ = t.join();
        }
    }
}

/// Milliseconds on a monotonic clock shared by all agents.
fn monotonic_now() -> f64 {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}

/// Sleep `ms`, but not past the VM's deadline.
fn sleep_ms(vm: &mut Vm, ms: f64) {
    if ms.is_nan() || ms <= 0.0 {
        return;
    }
    let mut d = Duration::from_secs_f64(ms.min(1e9) / 1000.0);
    if let Some(deadline) = vm.limits.deadline {
        d = d.min(deadline.saturating_duration_since(Instant::now()));
    }
    std::thread::sleep(d);
}

/// The main agent's `$262.agent` object.
pub fn install_main(vm: &mut Vm, agent: crate::gc::Gc<crate::object::JsObject>) {
    method(vm, agent, "start", 1, start);
    method(vm, agent, "broadcast", 2, broadcast);
    method(vm, agent, "getReport", 0, get_report);
    method(vm, agent, "sleep", 1, sleep);
    method(vm, agent, "monotonicNow", 0, monotonic_now_fn);
}

/// An agent's `$262.agent` object.
fn install_agent(vm: &mut Vm, agent: crate::gc::Gc<crate::object::JsObject>) {
    method(vm, agent, "receiveBroadcast", 1, receive_broadcast);
    method(vm, agent, "report", 1, report);
    method(vm, agent, "sleep", 1, sleep);
    method(vm, agent, "leaving", 0, leaving);
    method(vm, agent, "monotonicNow", 0, monotonic_now_fn);
}

fn sleep(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let ms = vm.to_number(args.get(0))?;
    sleep_ms(vm, ms);
    Ok(Value::UNDEFINED)
}

fn monotonic_now_fn(_vm: &mut Vm, _this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::number(monotonic_now()))
}

/// `$262.agent.start(source)`: run `source` in a new agent; returns once
/// the agent has evaluated it (so its receiveBroadcast is registered).
fn start(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let src = vm.to_rust_string(args.get(0))?;
    let (reports, stop) = GROUP.with(|g| {
        let mut g = g.borrow_mut();
        let g = g.get_or_insert_with(|| Group {
            agents: Vec::new(),
            reports: Arc::new(Mutex::new(VecDeque::new())),
            stop: Arc::new(AtomicBool::new(false)),
        });
        (g.reports.clone(), g.stop.clone())
    });
    let (to_agent, from_main) = mpsc::channel::<Broadcast>();
    let (ack_tx, acks) = mpsc::channel::<()>();
    let (started_tx, started) = mpsc::channel::<()>();
    let deadline = vm.limits.deadline;
    // Counted from now, so the main agent's own waits know it exists.
    let running = AgentRunning::enter();
    let spawned = std::thread::Builder::new()
        .name("lode-agent".into())
        .stack_size(32 << 20)
        .spawn(move || {
            let _running = running;
            let ctx = AgentThread {
                reports,
                stop,
                deadline,
                from_main,
                ack_tx,
                started_tx,
            };
            // A panic in an agent must not take the test's thread down.
            let _ =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| agent_main(&src, ctx)));
        });
    let thread = match spawned {
        Ok(t) => t,
        Err(_) => return Err(vm.range_error("$262.agent.start: cannot start a thread")),
    };
    // Block until the agent runs (or gives up).
    wait_on(vm, &started);
    GROUP.with(|g| {
        if let Some(g) = g.borrow_mut().as_mut() {
            g.agents.push(AgentHandle {
                to_agent,
                acks,
                thread: Some(thread),
            });
        }
    });
    Ok(Value::UNDEFINED)
}

/// Wait for one message on `rx`, giving up at the VM's deadline or when
/// the sender is gone.
fn wait_on(vm: &Vm, rx: &Receiver<()>) {
    loop {
        match rx.recv_timeout(Duration::from_millis(10)) {
            Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
            Err(RecvTimeoutError::Timeout) => {
                if vm.limits.deadline.is_some_and(|d| Instant::now() >= d) {
                    return;
                }
            }
        }
    }
}

/// `$262.agent.broadcast(sab, id)`: hand the buffer to every agent and
/// block until each has taken it.
fn broadcast(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let shared = args.get(0).as_object().and_then(|o| {
        buffer_data(&o).and_then(|d| d.shared_block().map(|b| (b.clone(), d.max_byte_length)))
    });
    let Some((block, max_byte_length)) = shared else {
        return Err(vm.type_error("$262.agent.broadcast: expected a SharedArrayBuffer"));
    };
    let idv = args.get(1);
    let id = match idv.as_bigint() {
        Some(b) => BroadcastId::BigInt(b.value.clone()),
        None => BroadcastId::Number(vm.to_number(idv)?),
    };
    let msg = Broadcast {
        block,
        max_byte_length,
        id,
    };
    let vm: &Vm = vm;
    GROUP.with(|g| {
        let g = g.borrow();
        let Some(g) = g.as_ref() else { return };
        // Send to every agent first, then wait for each one that took it
        // (waiting only reads the VM's deadline, never the group).
        let sent: Vec<&AgentHandle> = g
            .agents
            .iter()
            .filter(|a| a.to_agent.send(msg.clone()).is_ok())
            .collect();
        for a in sent {
            wait_on(vm, &a.acks);
        }
    });
    Ok(Value::UNDEFINED)
}

/// `$262.agent.getReport()`: the oldest unread report, or null.
fn get_report(vm: &mut Vm, _this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let r = GROUP.with(|g| {
        g.borrow()
            .as_ref()
            .and_then(|g| g.reports.lock().ok().and_then(|mut q| q.pop_front()))
    });
    Ok(match r {
        Some(s) => vm.new_string(&s),
        None => Value::NULL,
    })
}

/// Agent side: `$262.agent.receiveBroadcast(callback)`.
fn receive_broadcast(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let callback = vm.rooted(args.get(0));
    SIDE.with(|s| {
        if let Some(s) = s.borrow_mut().as_mut() {
            s.callback = Some(callback);
        }
    });
    Ok(Value::UNDEFINED)
}

/// Agent side: `$262.agent.report(message)`.
fn report(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let msg = vm.to_rust_string(args.get(0))?;
    SIDE.with(|s| {
        if let Some(s) = s.borrow().as_ref() {
            if let Ok(mut q) = s.reports.lock() {
                q.push_back(msg);
            }
        }
    });
    Ok(Value::UNDEFINED)
}

/// Agent side: `$262.agent.leaving()`: nothing to release early.
fn leaving(_vm: &mut Vm, _this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::UNDEFINED)
}

/// What an agent thread is given.
struct AgentThread {
    reports: Reports,
    stop: Arc<AtomicBool>,
    deadline: Option<Instant>,
    from_main: Receiver<Broadcast>,
    ack_tx: Sender<()>,
    started_tx: Sender<()>,
}

/// An agent's life: evaluate its script, wait for the broadcast, call the
/// callback with it, run jobs until none are left.
fn agent_main(src: &str, ctx: AgentThread) {
    let mut engine = Engine::new();
    let vm = engine.vm();
    vm.limits.deadline = ctx.deadline;
    vm.limits.interrupt = Some(ctx.stop.clone());
    vm.print_hook = Some(Box::new(|_: &str| {}));
    let realm = vm.realm;
    let d = crate::host262::run::install(vm, realm);
    if let Some(d) = d.as_object() {
        let agent = vm.new_object();
        install_agent(vm, agent);
        value(vm, d, "agent", Value::object(agent), Attrs::HIDDEN);
    }
    SIDE.with(|s| {
        *s.borrow_mut() = Some(AgentSide {
            reports: ctx.reports.clone(),
            callback: None,
        })
    });
    let ran = engine.eval(src, "agent");
    let _ = ctx.started_tx.send(());
    let callback = SIDE.with(|s| {
        s.borrow()
            .as_ref()
            .and_then(|s| s.callback.as_ref().map(|c| c.get()))
    });
    let (Ok(_), Some(callback)) = (ran, callback) else {
        return;
    };
    // Wait for the broadcast.
    let msg = loop {
        match ctx.from_main.recv_timeout(Duration::from_millis(10)) {
            Ok(m) => break m,
            Err(RecvTimeoutError::Disconnected) => return,
            Err(RecvTimeoutError::Timeout) => {
                let late = ctx.deadline.is_some_and(|d| Instant::now() >= d);
                if late || ctx.stop.load(Ordering::Relaxed) {
                    return;
                }
            }
        }
    };
    let _ = ctx.ack_tx.send(());
    let vm = engine.vm();
    let proto = vm.intrinsic(Intrinsic::SharedArrayBufferPrototype);
    let data = ArrayBufferData::from_shared(msg.block, msg.max_byte_length);
    let sab = new_buffer_object(vm, proto, data);
    let id = match msg.id {
        BroadcastId::Number(n) => Value::number(n),
        BroadcastId::BigInt(b) => vm.new_bigint(b),
    };
    let _ = engine.call(callback, Value::UNDEFINED, &[Value::object(sab), id]);
    let _ = engine.run_jobs();
    SIDE.with(|s| *s.borrow_mut() = None);
}
