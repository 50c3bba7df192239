//! The embedding API: create an engine, evaluate code, call functions,
//! define native functions (plain, closures, async) and globals, keep
//! values in handles, drive promise jobs and host futures, read results
//! back as Rust values.
//!
//! Every entry point catches engine panics (bugs) and reports them as an
//! error instead of unwinding into the host.
//!
//! A [`Value`] returned to the embedder stays alive while it is on the Rust
//! stack (the collector scans it) and until the next call into the engine
//! at least. Anything kept longer — in a struct, a closure, a future, a
//! channel — goes into a [`Global`] (RAII: released when dropped) or a
//! [`Weak`] handle. That is the only way values leave the stack.

#![warn(missing_docs)]

pub mod host_fn;

pub use crate::gc::Rooted as Global;
pub use crate::gc::WeakRooted as Weak;
pub use crate::host::rejections::RejectionEvent;
pub use host_fn::{settle, HostFuture, Settle};

use crate::function::{Args, NativeFn};
use crate::object::Attrs;
use crate::value::Value;
use crate::vm::{Exception, JsResult, Termination, Vm};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

/// An error reported to the embedder.
#[derive(Debug, Clone)]
pub struct JsError {
    /// `"TypeError"`, `"SyntaxError"`, … (the thrown object's name), or
    /// `"Termination"`/`"InternalError"`.
    pub name: String,
    /// The thrown value's `message` (or the value itself, as text, when it
    /// is not an object).
    pub message: String,
    /// The `stack` property, when the thrown value had one.
    pub stack: Option<String>,
    /// Set when evaluation was stopped by a limit.
    pub termination: Option<Termination>,
}

impl std::fmt::Display for JsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.message.is_empty() {
            write!(f, "{}", self.name)
        } else {
            write!(f, "{}: {}", self.name, self.message)
        }
    }
}
impl std::error::Error for JsError {}

/// One JavaScript engine instance (one heap, one main realm).
pub struct Engine {
    vm: Box<Vm>,
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new()
    }
}

/// A promise rejection event for the host (see [`Engine::take_rejections`]).
pub struct Rejection {
    /// The promise.
    pub promise: Global,
    /// Its rejection reason.
    pub reason: Global,
    /// Unhandled, or handled after it had been reported.
    pub event: RejectionEvent,
}

impl Engine {
    /// A new engine with one realm.
    pub fn new() -> Engine {
        Engine { vm: Vm::new() }
    }

    /// Direct access to the VM, for code inside the engine's family of crates.
    pub fn vm(&mut self) -> &mut Vm {
        &mut self.vm
    }

    /// Evaluate a classic script and then run queued promise jobs.
    pub fn eval(&mut self, source: &str, name: &str) -> Result<Value, JsError> {
        let v = self.eval_script(source, name)?;
        self.run_jobs()?;
        Ok(v)
    }

    /// Evaluate a classic script; its completion value is returned.
    pub fn eval_script(&mut self, source: &str, name: &str) -> Result<Value, JsError> {
        self.guard(|vm| {
            let code = crate::compiler::compile_script(vm, source, name)?;
            let this = vm.realm.global_this;
            vm.run_code(code, this, None, Value::UNDEFINED)
        })
    }

    /// Run promise jobs until none are left.
    pub fn run_jobs(&mut self) -> Result<(), JsError> {
        self.guard(|vm| vm.run_jobs().map(|_| Value::UNDEFINED))
            .map(|_| ())
    }

    /// Call a function value.
    pub fn call(&mut self, f: Value, this: Value, args: &[Value]) -> Result<Value, JsError> {
        let args = args.to_vec();
        self.guard(move |vm| vm.call(f, this, &args))
    }

    /// Define a global function implemented by a plain Rust function.
    pub fn define_function(&mut self, name: &str, length: u32, f: NativeFn) {
        let fo = crate::builtins::native_function(&mut self.vm, name, length, f, false);
        self.set_global(name, Value::object(fo));
    }

    /// Define a global function implemented by a Rust closure, which may
    /// capture Rust state.
    pub fn define_closure(
        &mut self,
        name: &str,
        length: u32,
        f: impl Fn(&mut Vm, Value, Args<'_>) -> JsResult<Value> + 'static,
    ) {
        let fo = self.vm.new_host_function(name, length, f);
        self.set_global(name, Value::object(fo));
    }

    /// Define a global async host function: each call returns a promise
    /// settled when the Rust future `f` returned completes (see
    /// [`host_fn`]). The host's executor drives the futures through
    /// [`Engine::poll_tasks`] or [`Engine::run_until_idle`].
    pub fn define_async_function(
        &mut self,
        name: &str,
        length: u32,
        f: impl Fn(&mut Vm, Value, Args<'_>) -> JsResult<HostFuture> + 'static,
    ) {
        let fo = self.vm.new_async_host_function(name, length, f);
        self.set_global(name, Value::object(fo));
    }

    /// Store per-engine host data of type `T`; native functions read it
    /// with [`Vm::host_data`].
    pub fn set_host_data<T: 'static>(&mut self, data: T) -> std::rc::Rc<T> {
        self.vm.set_host_data(data)
    }

    /// The host data of type `T`, if set.
    pub fn host_data<T: 'static>(&self) -> Option<std::rc::Rc<T>> {
        self.vm.host_data()
    }

    /// Set a global property (writable, configurable, not enumerable).
    pub fn set_global(&mut self, name: &str, v: Value) {
        let g = self.vm.realm.global;
        let key = self.vm.key(name);
        self.vm.define_builtin(g, key, v, Attrs::HIDDEN);
    }

    /// Read a global binding (undefined when absent).
    pub fn get_global(&mut self, name: &str) -> Result<Value, JsError> {
        let n = self.vm.new_string(name);
        self.guard(move |vm| vm.get_global(n, true))
    }

    /// A new string value.
    pub fn string(&mut self, s: &str) -> Value {
        self.vm.new_string(s)
    }

    /// ToString of a value, as Rust text.
    pub fn to_rust_string(&mut self, v: Value) -> Result<String, JsError> {
        self.guard(move |vm| {
            let s = vm.to_string(v)?;
            Ok(Value::string(s))
        })
        .map(|s| {
            s.as_string()
                .map(|s| s.to_rust_string())
                .unwrap_or_default()
        })
    }

    /// The JavaScript call sites now on the stack, innermost first, at most
    /// `limit` of them, as plain data (function name, file, line, column,
    /// flags, and the line V8 would print). Between evaluations the stack
    /// is empty; a native function registered with `define_function`
    /// gets the same from [`Vm::call_sites`] on the `Vm` it is handed
    /// (without its own call site).
    pub fn call_sites(&mut self, limit: usize) -> Vec<crate::CallSiteInfo> {
        self.vm.call_sites(limit)
    }

    // ---- handles ----

    /// A handle that keeps `v` alive until it is dropped. Cheap (a slab
    /// entry); safe to keep in structs, closures, futures and channels of
    /// this thread. Dropping it needs no access to the engine.
    pub fn global(&self, v: Value) -> Global {
        self.vm.rooted(v)
    }

    /// A handle that names `v` without keeping it alive.
    pub fn weak(&self, v: Value) -> Weak {
        Weak::new(&self.vm.roots, v)
    }

    /// Run a full collection now (tests, idle hosts).
    pub fn collect_garbage(&mut self) {
        self.vm.collect_garbage();
    }

    // ---- jobs, host tasks, rejections ----

    /// Run promise jobs until none are left (a microtask checkpoint).
    pub fn perform_microtask_checkpoint(&mut self) -> Result<(), JsError> {
        self.run_jobs()
    }

    /// Whether promise jobs are queued.
    pub fn has_pending_jobs(&self) -> bool {
        !self.vm.jobs.is_empty()
    }

    /// Queue a host job; it runs at the next microtask checkpoint, after
    /// the jobs already queued. JS values it needs go in [`Global`]s.
    pub fn enqueue_job(&mut self, job: impl FnOnce(&mut Vm) -> JsResult<()> + 'static) {
        self.vm
            .jobs
            .push_back(crate::vm::Job::Native(Box::new(job)));
    }

    /// Whether async host functions have futures still pending.
    pub fn has_pending_tasks(&self) -> bool {
        !self.vm.host_tasks.is_empty()
    }

    /// Poll the pending host futures once; settle the promises of those
    /// that completed and run the promise jobs that follows. `Pending`
    /// when none completed (their wakers are registered with `cx`).
    pub fn poll_tasks(&mut self, cx: &mut Context<'_>) -> Poll<Result<usize, JsError>> {
        let mut completed = None;
        let r = self.guard(|vm| {
            if let Poll::Ready(r) = vm.poll_host_tasks(cx) {
                completed = Some(r?);
            }
            Ok(Value::UNDEFINED)
        });
        if let Err(e) = r {
            return Poll::Ready(Err(e));
        }
        match completed {
            None => Poll::Pending,
            Some(n) => Poll::Ready(self.run_jobs().map(|_| n)),
        }
    }

    /// Run promise jobs and drive the host futures until neither is left:
    /// `engine.run_until_idle().await` inside the host's executor (for
    /// tokio: a current-thread runtime or a `LocalSet`, since engines and
    /// their futures stay on one thread).
    pub async fn run_until_idle(&mut self) -> Result<(), JsError> {
        loop {
            self.run_jobs()?;
            if !self.has_pending_tasks() {
                return Ok(());
            }
            std::future::poll_fn(|cx| self.poll_tasks(cx)).await?;
        }
    }

    /// The promise rejection events since the last call, in order
    /// (Node's `unhandledRejection` and `rejectionHandled`).
    pub fn take_rejections(&mut self) -> Vec<Rejection> {
        let events = self.vm.rejections.drain();
        events
            .into_iter()
            .map(|(p, event)| {
                let reason = p
                    .class
                    .data::<crate::builtins::promise::PromiseData>()
                    .map(|d| d.result.get())
                    .unwrap_or_default();
                Rejection {
                    promise: self.vm.rooted(Value::object(p)),
                    reason: self.vm.rooted(reason),
                    event,
                }
            })
            .collect()
    }

    // ---- limits ----

    /// Stop evaluation at `d` (`Termination::Deadline`); `None` clears it.
    pub fn set_deadline(&mut self, d: Option<Instant>) {
        self.vm.limits.deadline = d;
    }
    /// Stop evaluation when `flag` becomes true (settable from any thread).
    pub fn set_interrupt(&mut self, flag: Option<Arc<AtomicBool>>) {
        self.vm.limits.interrupt = flag;
    }
    /// Stop evaluation after `fuel` instructions (back-edges and calls).
    pub fn set_fuel(&mut self, fuel: Option<u64>) {
        self.vm.limits.fuel = fuel;
    }
    /// Cap the heap at `bytes` (0: no cap). A script whose live data stays
    /// above it after a collection is stopped (`Termination::HeapLimit`).
    /// Memory outside GC cells (element vectors, tables, strings built by
    /// natives, buffers) is counted fully when the host uses
    /// `lode_engine::gc::CountingAlloc` as its global allocator; otherwise
    /// only cells and ArrayBuffer blocks are.
    pub fn set_heap_limit(&mut self, bytes: usize) {
        self.vm.set_heap_limit(bytes);
    }

    /// Run `f` with panics caught and exceptions turned into `JsError`.
    pub fn guard(
        &mut self,
        f: impl FnOnce(&mut Vm) -> Result<Value, Exception>,
    ) -> Result<Value, JsError> {
        let vm: &mut Vm = &mut self.vm;
        let depth = vm.frames.len();
        let mark = vm.entry_mark();
        let r = catch_unwind(AssertUnwindSafe(|| f(vm)));
        match r {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e @ Exception::Terminate(t))) => {
                self.vm.recover_from_termination(depth, mark, t);
                Err(self.describe(e))
            }
            Ok(Err(e)) => Err(self.describe(e)),
            Err(panic) => {
                // Leave the VM usable: drop frames the panic abandoned.
                self.vm.pop_frames_to(depth);
                self.vm.native_depth = 0;
                self.vm.native_links.retain(|l| l.frame < depth);
                let msg = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "engine panic".into());
                Err(JsError {
                    name: "InternalError".into(),
                    message: msg,
                    stack: None,
                    termination: None,
                })
            }
        }
    }

    /// Turn an exception into a `JsError` (reads name/message/stack
    /// without running user code where possible).
    pub fn describe(&mut self, e: Exception) -> JsError {
        match e {
            Exception::Terminate(t) => JsError {
                name: "Termination".into(),
                message: format!("{t:?}"),
                stack: None,
                termination: Some(t),
            },
            Exception::Throw(v) => describe_thrown(&mut self.vm, v),
        }
    }
}

/// Name, message and stack of a thrown value (reads properties, which may
/// run getters; their errors are ignored).
pub fn describe_thrown(vm: &mut Vm, v: Value) -> JsError {
    let Some(o) = v.as_object() else {
        let message = match vm.to_string(v) {
            Ok(s) => s.to_rust_string(),
            Err(_) => vm.debug_str(v),
        };
        return JsError {
            name: String::new(),
            message,
            stack: None,
            termination: None,
        };
    };
    let name = {
        // constructor.name, falling back to the `name` property.
        let ck = vm.names.constructor;
        let nk = vm.names.name;
        let c = vm.get_prop(o, ck).unwrap_or(Value::UNDEFINED);
        let from_ctor = c
            .as_object()
            .and_then(|co| vm.get_prop(co, nk).ok())
            .and_then(|n| n.as_string());
        match from_ctor {
            Some(s) => s.to_rust_string(),
            None => vm
                .get_prop(o, nk)
                .ok()
                .and_then(|n| n.as_string())
                .map(|s| s.to_rust_string())
                .unwrap_or_default(),
        }
    };
    let mk = vm.names.message;
    let message = vm
        .get_prop(o, mk)
        .ok()
        .filter(|m| !m.is_undefined())
        .and_then(|m| vm.to_string(m).ok())
        .map(|s| s.to_rust_string())
        .unwrap_or_default();
    let stack = vm.error_stack_text(o);
    JsError {
        name,
        message,
        stack,
        termination: None,
    }
}
