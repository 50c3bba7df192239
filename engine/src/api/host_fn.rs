//! Host functions: native functions that are Rust closures, per-engine
//! host data, and async host functions whose Rust future settles a promise.
//!
//! A closure captures Rust state (a database handle, a channel). JS values
//! it needs beyond one call go into [`Global`](super::Global) handles. An
//! async host function returns a [`HostFuture`]; the engine hands
//! JavaScript a promise at once and keeps the future until the host's
//! executor drives it to completion through [`Engine::poll_tasks`] or
//! [`Engine::run_until_idle`](super::Engine::run_until_idle). The future
//! holds no `&mut Vm`: it ends with a [`Settle`] callback, run on the VM,
//! that turns its Rust result into the promise's value.

use crate::builtins::promise::{new_promise, reject_promise_value, resolve_promise_value};
use crate::function::{Args, HostClosure};
use crate::gc::{Gc, Rooted};
use crate::object::{JsObject, ObjectClass};
use crate::value::Value;
use crate::vm::{Exception, JsResult, Vm};
use std::any::{Any, TypeId};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

/// What a finished host future does on the VM: returns the value that
/// fulfils the promise, or throws (`Err`) to reject it.
pub type Settle = Box<dyn FnOnce(&mut Vm) -> JsResult<Value>>;

/// The future an async host function returns.
pub type HostFuture = Pin<Box<dyn Future<Output = Settle>>>;

/// Wrap a settle callback (saves the `Box::new(...) as Settle` cast).
pub fn settle(f: impl FnOnce(&mut Vm) -> JsResult<Value> + 'static) -> Settle {
    Box::new(f)
}

/// A pending async host call: the future and the promise it settles.
struct HostTask {
    future: HostFuture,
    promise: Rooted,
}

/// The pending async host calls of a VM.
#[derive(Default)]
pub struct HostTasks {
    tasks: Vec<HostTask>,
}

impl HostTasks {
    /// Number of futures not yet complete.
    pub fn len(&self) -> usize {
        self.tasks.len()
    }
    /// Whether no future is pending.
    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }
}

/// Per-engine host data, one value per Rust type.
#[derive(Default)]
pub struct HostData {
    slots: Vec<(TypeId, Rc<dyn Any>)>,
}

impl Vm {
    /// Store `data` as this engine's host data of type `T` (replacing an
    /// earlier value of that type); native functions read it back with
    /// [`Vm::host_data`].
    pub fn set_host_data<T: 'static>(&mut self, data: T) -> Rc<T> {
        let rc = Rc::new(data);
        let id = TypeId::of::<T>();
        let slots = &mut self.host_data.slots;
        match slots.iter_mut().find(|(t, _)| *t == id) {
            Some(slot) => slot.1 = rc.clone(),
            None => slots.push((id, rc.clone())),
        }
        rc
    }

    /// The host data of type `T`, if set. An `Rc`, so a native function
    /// can keep it while it calls back into JavaScript.
    pub fn host_data<T: 'static>(&self) -> Option<Rc<T>> {
        let id = TypeId::of::<T>();
        let (_, any) = self.host_data.slots.iter().find(|(t, _)| *t == id)?;
        any.clone().downcast::<T>().ok()
    }

    /// A function object whose body is the Rust closure `f`, called with
    /// the VM, `this` and the arguments.
    pub fn new_host_function(
        &mut self,
        name: &str,
        length: u32,
        f: impl Fn(&mut Vm, Value, Args<'_>) -> JsResult<Value> + 'static,
    ) -> Gc<JsObject> {
        let body: Rc<HostClosure> = Rc::new(move |vm, this, args, _nt| f(vm, this, args));
        let o = crate::builtins::native_function(self, name, length, call_host_closure, false);
        if let ObjectClass::NativeFunction(n) = &o.class {
            // A fresh function: its cell is empty.
            let _ = n.host.set(body);
        }
        o
    }

    /// An async host function: each call runs `f` at once, which returns a
    /// future (or throws); the call returns a promise settled when the
    /// future completes. A throw from `f` rejects the promise, as in an
    /// `async function`.
    pub fn new_async_host_function(
        &mut self,
        name: &str,
        length: u32,
        f: impl Fn(&mut Vm, Value, Args<'_>) -> JsResult<HostFuture> + 'static,
    ) -> Gc<JsObject> {
        self.new_host_function(name, length, move |vm, this, args| {
            let promise = new_promise(vm);
            match f(vm, this, args) {
                Ok(future) => {
                    let promise = vm.rooted(promise);
                    vm.host_tasks.tasks.push(HostTask { future, promise });
                }
                Err(Exception::Throw(e)) => reject_promise_value(vm, promise, e)?,
                Err(t @ Exception::Terminate(_)) => return Err(t),
            }
            Ok(promise)
        })
    }

    /// Poll every pending host future once with `cx`; settle the promises
    /// of those that completed. Returns how many completed, or `Pending`
    /// when some are pending and none completed (the futures have
    /// registered `cx`'s waker). With nothing pending: `Ready(Ok(0))`.
    pub fn poll_host_tasks(&mut self, cx: &mut Context<'_>) -> Poll<JsResult<usize>> {
        if self.host_tasks.tasks.is_empty() {
            return Poll::Ready(Ok(0));
        }
        let mut done = Vec::new();
        let mut i = 0;
        while i < self.host_tasks.tasks.len() {
            match self.host_tasks.tasks[i].future.as_mut().poll(cx) {
                Poll::Ready(settle) => {
                    let task = self.host_tasks.tasks.remove(i);
                    done.push((task.promise, settle));
                }
                Poll::Pending => i += 1,
            }
        }
        if done.is_empty() {
            return Poll::Pending;
        }
        let n = done.len();
        for (promise, settle) in done {
            let p = promise.get();
            match settle(self) {
                Ok(v) => resolve_promise_value(self, p, v)?,
                Err(Exception::Throw(e)) => reject_promise_value(self, p, e)?,
                Err(t @ Exception::Terminate(_)) => return Poll::Ready(Err(t)),
            }
        }
        Poll::Ready(Ok(n))
    }
}

/// The `f` of every host closure: finds the closure on the callee.
fn call_host_closure(vm: &mut Vm, this: Value, args: Args<'_>, nt: Value) -> JsResult<Value> {
    let body = match vm.native_callee.as_ref().map(|c| &c.class) {
        Some(ObjectClass::NativeFunction(n)) => n.host.get().cloned(),
        _ => None,
    };
    match body {
        Some(f) => f(vm, this, args, nt),
        None => Ok(Value::UNDEFINED),
    }
}
