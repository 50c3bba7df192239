//! %AsyncGeneratorFunction%, %AsyncGeneratorPrototype% and the async
//! generator request queue (#sec-asyncgenerator-objects,
//! #sec-asyncgenerator-abstract-operations).
//!
//! The generator's frame lives in its `GeneratorData` (interp/call.rs);
//! `Vm::resume_generator` runs it until it yields, awaits or completes.
//! `Vm::suspend` performs AsyncGeneratorYield (settling the head request
//! through `complete_step`), and the frame's completion calls
//! `complete_step` + `drain_queue` (AsyncGeneratorStart's closure).

use crate::builtins::fundamental::function::create_dynamic_function;
use crate::builtins::promise::{
    new_promise, perform_then, promise_resolve, reject_promise_value, resolve_promise_value,
};
use crate::builtins::{captures_of, method, native_closure, native_function};
use crate::compiler::DynamicKind;
use crate::function::Args;
use crate::gc::Gc;
use crate::interp::call::{AsyncGenRequest, GenKind, GenState, GeneratorData};
use crate::object::{Attrs, JsObject, ObjectClass, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::value::Value;
use crate::vm::{Exception, JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let fp = vm.intrinsic(Intrinsic::FunctionPrototype);
    let aip = vm.intrinsic(Intrinsic::AsyncIteratorPrototype);
    let fctor = vm.intrinsic(Intrinsic::Function);
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    let agfp = vm.new_object_with(Some(fp), ObjectClass::Ordinary);
    vm.realm
        .set_intrinsic(Intrinsic::AsyncGeneratorFunctionPrototype, agfp);
    let agp = vm.new_object_with(Some(aip), ObjectClass::Ordinary);
    vm.realm
        .set_intrinsic(Intrinsic::AsyncGeneratorPrototype, agp);
    let pk = vm.names.prototype;
    let ck = vm.names.constructor;
    vm.define_builtin(agfp, pk, Value::object(agp), Attrs::CONFIGURABLE_ONLY);
    vm.define_builtin(agp, ck, Value::object(agfp), Attrs::CONFIGURABLE_ONLY);
    method(vm, agp, "next", 1, next);
    method(vm, agp, "return", 1, return_);
    method(vm, agp, "throw", 1, throw);
    let t = vm.new_string("AsyncGenerator");
    vm.define_builtin(agp, tk, t, Attrs::CONFIGURABLE_ONLY);
    let t = vm.new_string("AsyncGeneratorFunction");
    vm.define_builtin(agfp, tk, t, Attrs::CONFIGURABLE_ONLY);
    let f = native_function(
        vm,
        "AsyncGeneratorFunction",
        1,
        |vm, _, a, nt| create_dynamic_function(vm, a, nt, DynamicKind::AsyncGenerator),
        true,
    );
    f.set_proto_raw(Some(fctor));
    vm.realm.set_intrinsic(Intrinsic::AsyncGeneratorFunction, f);
    vm.define_builtin(f, pk, Value::object(agfp), Attrs::NONE);
    vm.define_builtin(agfp, ck, Value::object(f), Attrs::CONFIGURABLE_ONLY);
}

/// Resume an async generator after an `await` settles (called by the
/// promise reaction job). `kind` 0 fulfilled, 1 rejected.
pub fn resume_after_await(vm: &mut Vm, g: Gc<JsObject>, v: Value, kind: u8) -> JsResult<()> {
    vm.resume_generator(g, v, kind).map(|_| ())
}

fn data_of(g: &Gc<JsObject>) -> Option<&GeneratorData> {
    g.class
        .data::<GeneratorData>()
        .filter(|d| d.kind == GenKind::Async)
}

/// AsyncGeneratorValidate (#sec-asyncgeneratorvalidate), brand ~empty~.
fn validate(this: Value) -> Option<Gc<JsObject>> {
    this.as_object().filter(|o| data_of(o).is_some())
}

fn reject_with_type_error(vm: &mut Vm, p: Value, msg: &str) -> JsResult<Value> {
    let e = vm.new_error(crate::ops::errors::ErrorKind::TypeError, msg);
    reject_promise_value(vm, p, Value::object(e))?;
    Ok(p)
}

/// AsyncGeneratorEnqueue (#sec-asyncgeneratorenqueue).
fn enqueue(g: Gc<JsObject>, kind: u8, value: Value, promise: Value) {
    if let Some(d) = data_of(&g) {
        d.queue.borrow_mut().push_back(AsyncGenRequest {
            kind,
            value,
            promise,
        });
    }
}

/// AsyncGeneratorResume (#sec-asyncgeneratorresume). The body's own
/// exceptions settle requests (Vm::frame_absorbs_exception); an exception
/// here means the frame could not be resumed at all (stack exhausted):
/// the generator is then finished as if its body had thrown it.
fn resume(vm: &mut Vm, g: Gc<JsObject>, kind: u8, value: Value) -> JsResult<()> {
    match vm.resume_generator(g, value, kind) {
        Ok(_) => Ok(()),
        Err(Exception::Throw(e)) => {
            if let Some(d) = data_of(&g) {
                d.state.set(GenState::DrainingQueue);
                *d.saved.borrow_mut() = None;
            }
            complete_step(vm, g, Err(e), true, None)?;
            drain_queue(vm, g)
        }
        Err(t) => Err(t),
    }
}

/// %AsyncGeneratorPrototype%.next (#sec-asyncgenerator-prototype-next).
fn next(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 2. NewPromiseCapability(%Promise%).
    let p = new_promise(vm);
    // 3-4.
    let Some(g) = validate(this) else {
        return reject_with_type_error(
            vm,
            p,
            "AsyncGenerator.prototype.next called on incompatible receiver",
        );
    };
    let state = data_of(&g).map_or(GenState::Completed, |d| d.state.get());
    // 6.
    if state == GenState::Completed {
        let r = vm.create_iter_result(Value::UNDEFINED, true);
        resolve_promise_value(vm, p, r)?;
        return Ok(p);
    }
    // 7-9.
    let v = args.get(0);
    enqueue(g, 0, v, p);
    if matches!(state, GenState::SuspendedStart | GenState::SuspendedYield) {
        resume(vm, g, 0, v)?;
    }
    Ok(p)
}

/// %AsyncGeneratorPrototype%.return (#sec-asyncgenerator-prototype-return).
fn return_(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let p = new_promise(vm);
    let Some(g) = validate(this) else {
        return reject_with_type_error(
            vm,
            p,
            "AsyncGenerator.prototype.return called on incompatible receiver",
        );
    };
    // 5-6.
    let v = args.get(0);
    enqueue(g, 2, v, p);
    let Some(d) = data_of(&g) else { return Ok(p) };
    match d.state.get() {
        // 8.
        GenState::SuspendedStart | GenState::Completed => {
            d.state.set(GenState::DrainingQueue);
            await_return(vm, g)?;
        }
        // 9.
        GenState::SuspendedYield => resume(vm, g, 2, v)?,
        // 10.
        _ => {}
    }
    Ok(p)
}

/// %AsyncGeneratorPrototype%.throw (#sec-asyncgenerator-prototype-throw).
fn throw(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let p = new_promise(vm);
    let Some(g) = validate(this) else {
        return reject_with_type_error(
            vm,
            p,
            "AsyncGenerator.prototype.throw called on incompatible receiver",
        );
    };
    let Some(d) = data_of(&g) else { return Ok(p) };
    let v = args.get(0);
    let mut state = d.state.get();
    // 6.
    if state == GenState::SuspendedStart {
        d.state.set(GenState::Completed);
        *d.saved.borrow_mut() = None;
        state = GenState::Completed;
    }
    // 7.
    if state == GenState::Completed {
        reject_promise_value(vm, p, v)?;
        return Ok(p);
    }
    // 8-10.
    enqueue(g, 1, v, p);
    if state == GenState::SuspendedYield {
        resume(vm, g, 1, v)?;
    }
    Ok(p)
}

/// AsyncGeneratorCompleteStep (#sec-asyncgeneratorcompletestep):
/// settle the head request with `completion` (Ok: normal, Err: throw).
/// With `realm`, the iterator result is created in that realm.
pub fn complete_step(
    vm: &mut Vm,
    g: Gc<JsObject>,
    completion: Result<Value, Value>,
    done: bool,
    realm: Option<Gc<Realm>>,
) -> JsResult<()> {
    // 1-3.
    let Some(next) = data_of(&g).and_then(|d| d.queue.borrow_mut().pop_front()) else {
        return Ok(());
    };
    match completion {
        // 6.
        Err(e) => reject_promise_value(vm, next.promise, e),
        // 7.
        Ok(v) => {
            let old = vm.realm;
            if let Some(r) = realm {
                vm.realm = r;
            }
            let r = vm.create_iter_result(v, done);
            vm.realm = old;
            resolve_promise_value(vm, next.promise, r)
        }
    }
}

/// AsyncGeneratorDrainQueue (#sec-asyncgeneratordrainqueue).
pub fn drain_queue(vm: &mut Vm, g: Gc<JsObject>) -> JsResult<()> {
    loop {
        let Some(d) = data_of(&g) else { return Ok(()) };
        let head = d.queue.borrow().front().copied();
        let Some(head) = head else {
            // 3.
            d.state.set(GenState::Completed);
            return Ok(());
        };
        match head.kind {
            // 2.b.iii: a return request waits for its value.
            2 => return await_return(vm, g),
            1 => complete_step(vm, g, Err(head.value), true, None)?,
            _ => complete_step(vm, g, Ok(Value::UNDEFINED), true, None)?,
        }
    }
}

/// AsyncGeneratorAwaitReturn (#sec-asyncgeneratorawaitreturn).
fn await_return(vm: &mut Vm, g: Gc<JsObject>) -> JsResult<()> {
    // 2-6.
    let Some(head) = data_of(&g).and_then(|d| d.queue.borrow().front().copied()) else {
        return Ok(());
    };
    // 7.
    let c = Value::object(vm.intrinsic(Intrinsic::Promise));
    let promise = match promise_resolve(vm, c, head.value) {
        Ok(p) => p,
        // 8.
        Err(Exception::Throw(e)) => {
            complete_step(vm, g, Err(e), true, None)?;
            return drain_queue(vm, g);
        }
        Err(t) => return Err(t),
    };
    // 9-14.
    let Some(po) = promise.as_object() else {
        return Ok(());
    };
    let on_ful = native_closure(vm, "", 1, await_return_fulfilled, vec![Value::object(g)]);
    let on_rej = native_closure(vm, "", 1, await_return_rejected, vec![Value::object(g)]);
    perform_then(
        vm,
        po,
        Value::object(on_ful),
        Value::object(on_rej),
        None,
        Value::UNDEFINED,
    );
    Ok(())
}

fn captured_generator(vm: &Vm) -> Option<Gc<JsObject>> {
    vm.native_callee
        .map(captures_of)
        .and_then(|c| c.first().and_then(|v| v.as_object()))
}

/// AsyncGeneratorAwaitReturn's fulfilledClosure.
fn await_return_fulfilled(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    if let Some(g) = captured_generator(vm) {
        complete_step(vm, g, Ok(args.get(0)), true, None)?;
        drain_queue(vm, g)?;
    }
    Ok(Value::UNDEFINED)
}

/// AsyncGeneratorAwaitReturn's rejectedClosure.
fn await_return_rejected(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    if let Some(g) = captured_generator(vm) {
        complete_step(vm, g, Err(args.get(0)), true, None)?;
        drain_queue(vm, g)?;
    }
    Ok(Value::UNDEFINED)
}
