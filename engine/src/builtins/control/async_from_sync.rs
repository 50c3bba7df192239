//! Async-from-Sync iterator objects (#sec-async-from-sync-iterator-objects):
//! CreateAsyncFromSyncIterator and %AsyncFromSyncIteratorPrototype%.

use crate::builtins::promise::{new_promise_capability, perform_then, promise_resolve, Capability};
use crate::builtins::{captures_of, method, native_closure};
use crate::function::Args;
use crate::gc::{Trace, Tracer};
use crate::object::{ObjectClass, ObjectData};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{Exception, JsResult, Vm};

/// [[SyncIteratorRecord]]: the adapted iterator and its `next` method.
struct SyncIteratorRecord {
    iterator: Value,
    next: Value,
}

impl Trace for SyncIteratorRecord {
    fn trace(&self, t: &mut Tracer) {
        t.mark_value(self.iterator);
        t.mark_value(self.next);
    }
}
impl ObjectData for SyncIteratorRecord {
    fn class_name(&self) -> &'static str {
        "AsyncFromSyncIterator"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

pub fn init(vm: &mut Vm) {
    let aip = vm.intrinsic(Intrinsic::AsyncIteratorPrototype);
    let proto = vm.new_object_with(Some(aip), ObjectClass::Ordinary);
    vm.realm
        .set_intrinsic(Intrinsic::AsyncFromSyncIteratorPrototype, proto);
    method(vm, proto, "next", 1, next);
    method(vm, proto, "return", 1, return_);
    method(vm, proto, "throw", 1, throw);
}

/// CreateAsyncFromSyncIterator (#sec-createasyncfromsynciterator): returns
/// the async iterator and its `next` method.
pub fn create(vm: &mut Vm, it: Value, next: Value) -> JsResult<(Value, Value)> {
    // 1-2.
    let proto = vm.intrinsic(Intrinsic::AsyncFromSyncIteratorPrototype);
    let data = SyncIteratorRecord { iterator: it, next };
    let o = vm.new_object_with(Some(proto), ObjectClass::Data(Box::new(data)));
    // 3.
    let nk = vm.key("next");
    let next_method = vm.get_prop(o, nk)?;
    Ok((Value::object(o), next_method))
}

/// The receiver's [[SyncIteratorRecord]] (iterator, next).
fn record_of(vm: &mut Vm, this: Value) -> JsResult<(Value, Value)> {
    match this
        .as_object()
        .as_ref()
        .and_then(|o| o.class.data::<SyncIteratorRecord>())
    {
        Some(r) => Ok((r.iterator, r.next)),
        None => Err(vm.type_error("not an Async-from-Sync Iterator")),
    }
}

fn new_capability(vm: &mut Vm) -> JsResult<Capability> {
    let c = Value::object(vm.intrinsic(Intrinsic::Promise));
    new_promise_capability(vm, c)
}

/// Reject the capability with `e` and return its promise (the tail of
/// IfAbruptRejectPromise).
fn reject(vm: &mut Vm, cap: Capability, e: Value) -> JsResult<Value> {
    vm.call(cap.reject, Value::UNDEFINED, &[e])?;
    Ok(cap.promise)
}

fn reject_type_error(vm: &mut Vm, cap: Capability, msg: &str) -> JsResult<Value> {
    let e = vm.new_error(crate::ops::errors::ErrorKind::TypeError, msg);
    reject(vm, cap, Value::object(e))
}

/// IfAbruptRejectPromise: unwrap `r`, or reject `cap` and return early.
macro_rules! or_reject {
    ($vm:expr, $cap:expr, $r:expr) => {
        match $r {
            Ok(v) => v,
            Err(Exception::Throw(e)) => return reject($vm, $cap, e),
            Err(t) => return Err(t),
        }
    };
}

/// %AsyncFromSyncIteratorPrototype%.next
/// (#sec-%asyncfromsynciteratorprototype%.next).
fn next(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (it, next) = record_of(vm, this)?;
    let cap = new_capability(vm)?;
    // 5-6. IteratorNext, with the value only when one was passed.
    let r = if args.is_empty() {
        vm.call(next, it, &[])
    } else {
        vm.call(next, it, &[args.get(0)])
    };
    let result = or_reject!(vm, cap, r);
    if !result.is_object() {
        return reject_type_error(vm, cap, "Iterator result is not an object");
    }
    // 8.
    continuation(vm, result, cap, it, true)
}

/// %AsyncFromSyncIteratorPrototype%.return
/// (#sec-%asyncfromsynciteratorprototype%.return).
fn return_(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (it, _) = record_of(vm, this)?;
    let cap = new_capability(vm)?;
    // 5-7.
    let rk = vm.names.return_;
    let m = or_reject!(vm, cap, vm.get_method(it, rk));
    // 8.
    let Some(m) = m else {
        let r = vm.create_iter_result(args.get(0), true);
        vm.call(cap.resolve, Value::UNDEFINED, &[r])?;
        return Ok(cap.promise);
    };
    // 9-10.
    let r = if args.is_empty() {
        vm.call(m, it, &[])
    } else {
        vm.call(m, it, &[args.get(0)])
    };
    let result = or_reject!(vm, cap, r);
    // 11.
    if !result.is_object() {
        return reject_type_error(vm, cap, "Iterator result is not an object");
    }
    // 12.
    continuation(vm, result, cap, it, false)
}

/// %AsyncFromSyncIteratorPrototype%.throw
/// (#sec-%asyncfromsynciteratorprototype%.throw).
fn throw(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (it, _) = record_of(vm, this)?;
    let cap = new_capability(vm)?;
    // 6-7.
    let tk = vm.key("throw");
    let m = or_reject!(vm, cap, vm.get_method(it, tk));
    // 8. No `throw`: close the sync iterator, then reject with a TypeError.
    let Some(m) = m else {
        or_reject!(vm, cap, vm.iterator_close(it));
        return reject_type_error(vm, cap, "The iterator does not provide a 'throw' method");
    };
    // 9-10.
    let r = if args.is_empty() {
        vm.call(m, it, &[])
    } else {
        vm.call(m, it, &[args.get(0)])
    };
    let result = or_reject!(vm, cap, r);
    // 11.
    if !result.is_object() {
        return reject_type_error(vm, cap, "Iterator result is not an object");
    }
    // 12.
    continuation(vm, result, cap, it, true)
}

/// AsyncFromSyncIteratorContinuation
/// (#sec-asyncfromsynciteratorcontinuation).
fn continuation(
    vm: &mut Vm,
    result: Value,
    cap: Capability,
    sync_it: Value,
    close_on_rejection: bool,
) -> JsResult<Value> {
    let Some(ro) = result.as_object() else {
        return reject_type_error(vm, cap, "Iterator result is not an object");
    };
    // 2-3. IteratorComplete.
    let dk = vm.names.done;
    let d = or_reject!(vm, cap, vm.get_prop(ro, dk));
    let done = vm.to_boolean(d);
    // 4-5. IteratorValue.
    let vk = vm.names.value;
    let value = or_reject!(vm, cap, vm.get_prop(ro, vk));
    // 6-8. PromiseResolve(%Promise%, value); a throw closes the iterator.
    let c = Value::object(vm.intrinsic(Intrinsic::Promise));
    let wrapper = match promise_resolve(vm, c, value) {
        Ok(w) => w,
        Err(Exception::Throw(e)) => {
            if !done && close_on_rejection {
                vm.iterator_close_on_throw(sync_it);
            }
            return reject(vm, cap, e);
        }
        Err(t) => return Err(t),
    };
    // 9-11.
    let on_ful = native_closure(vm, "", 1, unwrap, vec![Value::bool(done)]);
    // 12-13.
    let on_rej = if done || !close_on_rejection {
        Value::UNDEFINED
    } else {
        Value::object(native_closure(vm, "", 1, close_iterator, vec![sync_it]))
    };
    // 14.
    let Some(wo) = wrapper.as_object() else {
        return Ok(cap.promise);
    };
    perform_then(
        vm,
        wo,
        Value::object(on_ful),
        on_rej,
        Some(cap),
        Value::UNDEFINED,
    );
    Ok(cap.promise)
}

fn captures(vm: &Vm) -> Vec<Value> {
    vm.native_callee.map(captures_of).unwrap_or_default()
}

/// The `unwrap` closure: CreateIteratorResultObject(v, done).
fn unwrap(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let done = captures(vm)
        .first()
        .and_then(|d| d.as_bool())
        .unwrap_or(false);
    Ok(vm.create_iter_result(args.get(0), done))
}

/// The `closeIterator` closure: IteratorClose(syncIteratorRecord,
/// ThrowCompletion(error)).
fn close_iterator(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    if let Some(it) = captures(vm).first().copied() {
        vm.iterator_close_on_throw(it);
    }
    Err(Exception::Throw(args.get(0)))
}
