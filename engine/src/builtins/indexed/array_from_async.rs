//! Array.fromAsync (#sec-array.fromasync, proposal-array-from-async).
//!
//! The spec runs an async abstract closure (AsyncFunctionStart). Here the
//! closure is a state machine kept in a `FromAsync` object: every Await
//! subscribes two native continuations (capturing that object) to the
//! awaited promise, and `resume` carries on from the recorded phase. The
//! closure's completion settles the result promise.

use super::array::{array_create, set_length, MAX_SAFE_LENGTH};
use crate::builtins::control::iterator::IterRec;
use crate::builtins::promise::{new_promise_capability, perform_then, promise_resolve};
use crate::builtins::{captures_of, native_closure};
use crate::function::Args;
use crate::gc::{Gc, Trace, Tracer};
use crate::object::{JsObject, ObjectClass, ObjectData, PropertyKey};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{Exception, JsResult, Vm};
use std::cell::Cell;

/// Where the closure is suspended.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Phase {
    /// Awaiting the result of the iterator's `next()`.
    Next,
    /// Awaiting the mapper's result (iterator input).
    Mapped,
    /// Awaiting arrayLike[k].
    KValue,
    /// Awaiting the mapper's result (array-like input).
    MappedArrayLike,
    /// Awaiting `return()` of AsyncIteratorClose after an error (`pending`).
    CloseThrow,
}

/// The closure's captured and local variables.
struct FromAsync {
    resolve: Value,
    reject: Value,
    c: Value,
    mapper: Value,
    this_arg: Value,
    a: Cell<Value>,
    k: Cell<u64>,
    iter: Cell<Option<IterRec>>,
    array_like: Cell<Value>,
    len: Cell<u64>,
    phase: Cell<Phase>,
    pending: Cell<Value>,
    on_fulfilled: Cell<Value>,
    on_rejected: Cell<Value>,
}

impl Trace for FromAsync {
    fn trace(&self, t: &mut Tracer) {
        for v in [
            self.resolve,
            self.reject,
            self.c,
            self.mapper,
            self.this_arg,
        ] {
            t.mark_value(v);
        }
        self.a.trace(t);
        self.iter.trace(t);
        self.array_like.trace(t);
        self.pending.trace(t);
        self.on_fulfilled.trace(t);
        self.on_rejected.trace(t);
    }
}

impl ObjectData for FromAsync {
    fn class_name(&self) -> &'static str {
        "Array.fromAsync"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// How a run of the closure ended: suspended at an Await, or returned A.
enum Step {
    Awaiting,
    Return(Value),
}

/// Array.fromAsync ( asyncItems [ , mapper [ , thisArg ] ] ).
pub(super) fn from_async(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 2. Let promiseCapability be ! NewPromiseCapability(%Promise%).
    let pc = Value::object(vm.intrinsic(Intrinsic::Promise));
    let cap = new_promise_capability(vm, pc)?;
    let data = FromAsync {
        resolve: cap.resolve,
        reject: cap.reject,
        c: this,
        mapper: args.get(1),
        this_arg: args.get(2),
        a: Cell::new(Value::UNDEFINED),
        k: Cell::new(0),
        iter: Cell::new(None),
        array_like: Cell::new(Value::UNDEFINED),
        len: Cell::new(0),
        phase: Cell::new(Phase::Next),
        pending: Cell::new(Value::UNDEFINED),
        on_fulfilled: Cell::new(Value::UNDEFINED),
        on_rejected: Cell::new(Value::UNDEFINED),
    };
    let st = vm.new_object_with(None, ObjectClass::Data(Box::new(data)));
    let on_ful = native_closure(vm, "", 1, continue_fulfilled, vec![Value::object(st)]);
    let on_rej = native_closure(vm, "", 1, continue_rejected, vec![Value::object(st)]);
    if let Some(d) = st.class.data::<FromAsync>() {
        d.on_fulfilled.set(Value::object(on_ful));
        d.on_rejected.set(Value::object(on_rej));
    }
    // 4. AsyncFunctionStart(promiseCapability, fromAsyncClosure).
    let r = start(vm, st, args.get(0));
    finish(vm, st, r)?;
    Ok(cap.promise)
}

/// Settle the result promise when the closure completed.
fn finish(vm: &mut Vm, st: Gc<JsObject>, r: JsResult<Step>) -> JsResult<()> {
    let Some(d) = st.class.data::<FromAsync>() else {
        return Ok(());
    };
    let (resolve, reject) = (d.resolve, d.reject);
    match r {
        Ok(Step::Awaiting) => Ok(()),
        Ok(Step::Return(a)) => vm.call(resolve, Value::UNDEFINED, &[a]).map(|_| ()),
        Err(Exception::Throw(e)) => vm.call(reject, Value::UNDEFINED, &[e]).map(|_| ()),
        Err(t) => Err(t),
    }
}

fn continue_fulfilled(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    continue_with(vm, Ok(args.get(0)))
}

fn continue_rejected(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    continue_with(vm, Err(Exception::Throw(args.get(0))))
}

fn continue_with(vm: &mut Vm, v: JsResult<Value>) -> JsResult<Value> {
    let caps = vm.native_callee.map(captures_of).unwrap_or_default();
    let Some(st) = caps.first().and_then(|v| v.as_object()) else {
        return Ok(Value::UNDEFINED);
    };
    let r = resume(vm, st, v);
    finish(vm, st, r)?;
    Ok(Value::UNDEFINED)
}

/// Await(v) in `phase`: subscribe the continuations. An abrupt
/// PromiseResolve is the Await's own abrupt completion.
fn await_value(vm: &mut Vm, st: Gc<JsObject>, phase: Phase, v: Value) -> JsResult<Step> {
    let Some(d) = st.class.data::<FromAsync>() else {
        return Ok(Step::Awaiting);
    };
    d.phase.set(phase);
    let (on_ful, on_rej) = (d.on_fulfilled.get(), d.on_rejected.get());
    let pc = Value::object(vm.intrinsic(Intrinsic::Promise));
    match promise_resolve(vm, pc, v) {
        Ok(p) => {
            if let Some(po) = p.as_object() {
                perform_then(vm, po, on_ful, on_rej, None, Value::UNDEFINED);
            }
            Ok(Step::Awaiting)
        }
        Err(e @ Exception::Throw(_)) => resume(vm, st, Err(e)),
        Err(t) => Err(t),
    }
}

/// Steps 3.a-i of the closure, up to the first Await.
fn start(vm: &mut Vm, st: Gc<JsObject>, items: Value) -> JsResult<Step> {
    let Some(d) = st.class.data::<FromAsync>() else {
        return Ok(Step::Awaiting);
    };
    let (c, mapper) = (d.c, d.mapper);
    // a-b. mapping
    if !mapper.is_undefined() && !crate::object::class::value_is_callable(mapper) {
        let dbg = vm.debug_str(mapper);
        return Err(vm.type_error(&format!("Array.fromAsync: {dbg} is not a function")));
    }
    // c-g. The async iterator, the sync one (adapted), or none.
    let ak = PropertyKey::Symbol(vm.symbols.async_iterator);
    let ik = PropertyKey::Symbol(vm.symbols.iterator);
    let rec = match vm.get_method(items, ak)? {
        Some(m) => {
            let (it, next) = vm.get_iterator_from_method(items, m)?;
            Some(IterRec { it, next })
        }
        None => match vm.get_method(items, ik)? {
            Some(m) => {
                let (it, next) = vm.get_iterator_from_method(items, m)?;
                let (it, next) = crate::builtins::async_from_sync_iterator(vm, it, next)?;
                Some(IterRec { it, next })
            }
            None => None,
        },
    };
    let ctor_ok = c.as_object().is_some_and(|co| vm.is_constructor(co));
    if let Some(rec) = rec {
        // h. A is ? Construct(C) or ! ArrayCreate(0).
        let a = if ctor_ok {
            vm.construct(c, &[], None)?
        } else {
            Value::object(array_create(vm, 0.0, None)?)
        };
        d.a.set(a);
        d.iter.set(Some(rec));
        return iterator_step(vm, st);
    }
    // i. An array-like.
    let array_like = vm.to_object(items)?;
    let len = vm.length_of_array_like(array_like)?;
    let a = if ctor_ok {
        vm.construct(c, &[Value::number(len as f64)], None)?
    } else {
        Value::object(array_create(vm, len as f64, None)?)
    };
    d.a.set(a);
    d.array_like.set(Value::object(array_like));
    d.len.set(len);
    array_like_step(vm, st)
}

/// h.iv: the next iteration of the iterator loop, up to its Await.
fn iterator_step(vm: &mut Vm, st: Gc<JsObject>) -> JsResult<Step> {
    let Some(d) = st.class.data::<FromAsync>() else {
        return Ok(Step::Awaiting);
    };
    let Some(rec) = d.iter.get() else {
        return Ok(Step::Awaiting);
    };
    // 1. If k ≥ 2^53 - 1, AsyncIteratorClose with a TypeError.
    if d.k.get() >= MAX_SAFE_LENGTH {
        let e = vm.type_error("Array.fromAsync: too many elements");
        return close_then_throw(vm, st, e);
    }
    // 3-4. Let nextResult be ? Call(next, iterator); ? Await(nextResult).
    let next_result = vm.call(rec.next, rec.it, &[])?;
    await_value(vm, st, Phase::Next, next_result)
}

/// i.vii: the next element of the array-like loop, up to its Await.
fn array_like_step(vm: &mut Vm, st: Gc<JsObject>) -> JsResult<Step> {
    let Some(d) = st.class.data::<FromAsync>() else {
        return Ok(Step::Awaiting);
    };
    let k = d.k.get();
    let Some(array_like) = d.array_like.get().as_object() else {
        return Ok(Step::Awaiting);
    };
    let Some(a) = d.a.get().as_object() else {
        return Ok(Step::Awaiting);
    };
    if k >= d.len.get() {
        // viii. Perform ? Set(A, "length", 𝔽(len), true).
        set_length(vm, a, k)?;
        return Ok(Step::Return(Value::object(a)));
    }
    let key = vm.index_key(k);
    let v = vm.get_prop(array_like, key)?;
    await_value(vm, st, Phase::KValue, v)
}

/// AsyncIteratorClose(iteratorRecord, ThrowCompletion(e)): the error
/// wins, but a successful `return()` result is awaited first.
fn close_then_throw(vm: &mut Vm, st: Gc<JsObject>, e: Exception) -> JsResult<Step> {
    let Some(d) = st.class.data::<FromAsync>() else {
        return Err(e);
    };
    let Exception::Throw(ev) = e else {
        return Err(e);
    };
    let Some(rec) = d.iter.get() else {
        return Err(Exception::Throw(ev));
    };
    let rk = vm.names.return_;
    let ret = match vm.get_method(rec.it, rk) {
        Ok(Some(m)) => m,
        Ok(None) | Err(Exception::Throw(_)) => return Err(Exception::Throw(ev)),
        Err(t) => return Err(t),
    };
    let inner = match vm.call(ret, rec.it, &[]) {
        Ok(v) => v,
        Err(Exception::Throw(_)) => return Err(Exception::Throw(ev)),
        Err(t) => return Err(t),
    };
    d.pending.set(ev);
    await_value(vm, st, Phase::CloseThrow, inner)
}

/// CreateDataPropertyOrThrow(A, k, v) and k += 1.
fn define_next(vm: &mut Vm, st: Gc<JsObject>, v: Value) -> JsResult<()> {
    let Some(d) = st.class.data::<FromAsync>() else {
        return Ok(());
    };
    let Some(a) = d.a.get().as_object() else {
        return Ok(());
    };
    let k = d.k.get();
    let key = vm.index_key(k);
    vm.create_data_property_or_throw(a, key, v)?;
    d.k.set(k + 1);
    Ok(())
}

/// Continue the closure after the Await of the current phase completed with `v`.
fn resume(vm: &mut Vm, st: Gc<JsObject>, v: JsResult<Value>) -> JsResult<Step> {
    let Some(d) = st.class.data::<FromAsync>() else {
        return Ok(Step::Awaiting);
    };
    let mapping = !d.mapper.is_undefined();
    match d.phase.get() {
        Phase::Next => {
            let next_result = v?;
            // 5. If nextResult is not an Object, throw a TypeError exception.
            let Some(r) = next_result.as_object() else {
                return Err(vm.type_error("Array.fromAsync: iterator result is not an object"));
            };
            // 6-7. done: Set(A, "length", k) and return A.
            let dk = vm.names.done;
            let done = vm.get_prop(r, dk)?;
            if vm.to_boolean(done) {
                let Some(a) = d.a.get().as_object() else {
                    return Ok(Step::Awaiting);
                };
                set_length(vm, a, d.k.get())?;
                return Ok(Step::Return(Value::object(a)));
            }
            // 8. Let nextValue be ? IteratorValue(nextResult).
            let vk = vm.names.value;
            let next_value = vm.get_prop(r, vk)?;
            if mapping {
                // 9. mappedValue: Call then Await, closing on abrupt completions.
                match vm.call(
                    d.mapper,
                    d.this_arg,
                    &[next_value, Value::number(d.k.get() as f64)],
                ) {
                    Ok(m) => await_value(vm, st, Phase::Mapped, m),
                    Err(e) => close_then_throw(vm, st, e),
                }
            } else {
                match define_next(vm, st, next_value) {
                    Ok(()) => iterator_step(vm, st),
                    Err(e) => close_then_throw(vm, st, e),
                }
            }
        }
        Phase::Mapped => match v.and_then(|m| define_next(vm, st, m)) {
            Ok(()) => iterator_step(vm, st),
            Err(e) => close_then_throw(vm, st, e),
        },
        Phase::KValue => {
            let k_value = v?;
            if mapping {
                let m = vm.call(
                    d.mapper,
                    d.this_arg,
                    &[k_value, Value::number(d.k.get() as f64)],
                )?;
                await_value(vm, st, Phase::MappedArrayLike, m)
            } else {
                define_next(vm, st, k_value)?;
                array_like_step(vm, st)
            }
        }
        Phase::MappedArrayLike => {
            define_next(vm, st, v?)?;
            array_like_step(vm, st)
        }
        Phase::CloseThrow => Err(Exception::Throw(d.pending.get())),
    }
}
