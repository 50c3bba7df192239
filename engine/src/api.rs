//! The embedding API: create an engine, evaluate code, call functions,
//! define native functions and globals, read results back as Rust values.
//!
//! Every entry point catches engine panics (bugs) and reports them as an
//! error instead of unwinding into the host.
//!
//! Values returned to the embedder are only guaranteed to stay alive until
//! the next call into the engine; keep one longer with [`Engine::persist`].

use crate::function::NativeFn;
use crate::object::Attrs;
use crate::value::Value;
use crate::vm::{Exception, Termination, Vm};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

/// An error reported to the embedder.
#[derive(Debug, Clone)]
pub struct JsError {
    /// `"TypeError"`, `"SyntaxError"`, … (the thrown object's name), or
    /// `"Termination"`/`"InternalError"`.
    pub name: String,
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

impl Engine {
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

    /// Define a global function implemented in Rust.
    pub fn define_function(&mut self, name: &str, length: u32, f: NativeFn) {
        let fo = crate::builtins::native_function(&mut self.vm, name, length, f, false);
        self.set_global(name, Value::object(fo));
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

    /// Keep `v` alive across calls; returns a handle for `persisted`.
    pub fn persist(&mut self, v: Value) -> usize {
        self.vm.persistent(v)
    }
    pub fn persisted(&self, id: usize) -> Value {
        self.vm.persistent_get(id)
    }
    pub fn release(&mut self, id: usize) {
        self.vm.drop_persistent(id)
    }

    // ---- limits ----

    pub fn set_deadline(&mut self, d: Option<Instant>) {
        self.vm.limits.deadline = d;
    }
    pub fn set_interrupt(&mut self, flag: Option<Arc<AtomicBool>>) {
        self.vm.limits.interrupt = flag;
    }
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

/// Name, message and stack of a thrown value.
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
