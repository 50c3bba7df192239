//! Promise (#sec-promise-objects) and the job-queue side of it.

use crate::builtins::{
    captures_of, global_binding, link_constructor, method, native_closure, native_function,
};
use crate::function::Args;
use crate::gc::{Gc, Trace, Tracer};
use crate::interp::call::{GenKind, GeneratorData};
use crate::object::{Attrs, JsObject, ObjectClass, ObjectData, PropertyKey};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{Exception, Job, JsResult, Vm};
use std::cell::{Cell, RefCell};

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum PromiseState {
    Pending,
    Fulfilled,
    Rejected,
}

pub struct PromiseData {
    pub state: Cell<PromiseState>,
    pub result: Cell<Value>,
    /// Reaction records (objects with `ReactionData`), in order.
    pub fulfill_reactions: RefCell<Vec<Value>>,
    pub reject_reactions: RefCell<Vec<Value>>,
    pub is_handled: Cell<bool>,
    /// The host was told this promise was rejected with no handler
    /// (`host::rejections`): a handler added now is reported as late.
    pub reported_unhandled: Cell<bool>,
}

impl Trace for PromiseData {
    fn trace(&self, t: &mut Tracer) {
        t.mark_value(self.result.get());
        t.mark_values(&self.fulfill_reactions.borrow());
        t.mark_values(&self.reject_reactions.borrow());
    }
}
impl ObjectData for PromiseData {
    fn class_name(&self) -> &'static str {
        "Promise"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// A PromiseReaction record.
pub struct ReactionData {
    /// The derived promise capability (undefined for await reactions).
    pub cap_promise: Value,
    pub cap_resolve: Value,
    pub cap_reject: Value,
    pub reject: bool,
    /// The handler, or undefined for the default (identity / thrower).
    pub handler: Value,
    /// For `await`: the generator/async object to resume.
    pub resume: Value,
}
impl Trace for ReactionData {
    fn trace(&self, t: &mut Tracer) {
        for v in [
            self.cap_promise,
            self.cap_resolve,
            self.cap_reject,
            self.handler,
            self.resume,
        ] {
            t.mark_value(v);
        }
    }
}
impl ObjectData for ReactionData {
    fn class_name(&self) -> &'static str {
        "PromiseReaction"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

struct AlreadyResolved(Cell<bool>);
impl Trace for AlreadyResolved {
    fn trace(&self, _t: &mut Tracer) {}
}
impl ObjectData for AlreadyResolved {
    fn class_name(&self) -> &'static str {
        "AlreadyResolved"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    vm.realm.set_intrinsic(Intrinsic::PromisePrototype, proto);
    let ctor = native_function(vm, "Promise", 1, constructor, true);
    vm.realm.set_intrinsic(Intrinsic::Promise, ctor);
    link_constructor(vm, ctor, proto);
    method(vm, ctor, "all", 1, all);
    method(vm, ctor, "allSettled", 1, all_settled);
    method(vm, ctor, "any", 1, any);
    method(vm, ctor, "race", 1, race);
    method(vm, ctor, "reject", 1, reject_static);
    method(vm, ctor, "resolve", 1, resolve_static);
    method(vm, ctor, "try", 1, try_static);
    method(vm, ctor, "withResolvers", 0, with_resolvers);
    let species = vm.symbols.species;
    crate::builtins::accessor(
        vm,
        ctor,
        PropertyKey::Symbol(species),
        "[Symbol.species]",
        Some(|_, t, _, _| Ok(t)),
        None,
    );
    method(vm, proto, "catch", 1, catch);
    method(vm, proto, "finally", 1, finally);
    method(vm, proto, "then", 2, then);
    let tag = vm.new_string("Promise");
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    vm.define_builtin(proto, tk, tag, Attrs::CONFIGURABLE_ONLY);
    global_binding(vm, "Promise", Value::object(ctor));
}

pub fn promise_data(v: Value) -> Option<Gc<JsObject>> {
    v.as_object()
        .filter(|o| o.class.data::<PromiseData>().is_some())
}

fn new_promise_object(vm: &mut Vm, proto: Gc<JsObject>) -> Gc<JsObject> {
    let data = PromiseData {
        state: Cell::new(PromiseState::Pending),
        result: Cell::new(Value::UNDEFINED),
        fulfill_reactions: RefCell::new(Vec::new()),
        reject_reactions: RefCell::new(Vec::new()),
        is_handled: Cell::new(false),
        reported_unhandled: Cell::new(false),
    };
    vm.new_object_with(Some(proto), ObjectClass::Data(Box::new(data)))
}

/// A new pending %Promise%.
pub fn new_promise(vm: &mut Vm) -> Value {
    let proto = vm.intrinsic(Intrinsic::PromisePrototype);
    Value::object(new_promise_object(vm, proto))
}

/// CreateResolvingFunctions.
fn create_resolving_functions(vm: &mut Vm, promise: Value) -> (Value, Value) {
    let record = vm.new_object_with(
        None,
        ObjectClass::Data(Box::new(AlreadyResolved(Cell::new(false)))),
    );
    let caps = vec![promise, Value::object(record)];
    let resolve = native_closure(vm, "", 1, resolve_function, caps.clone());
    let reject = native_closure(vm, "", 1, reject_function, caps);
    (Value::object(resolve), Value::object(reject))
}

fn callee_captures(vm: &Vm) -> Vec<Value> {
    // Native closures find their captures through the active callee, which
    // the VM records while a native runs.
    vm.native_callee.map(captures_of).unwrap_or_default()
}

fn take_already_resolved(caps: &[Value]) -> bool {
    let rec = caps.get(1).and_then(|v| v.as_object());
    match rec.as_ref().and_then(|o| o.class.data::<AlreadyResolved>()) {
        Some(a) => {
            let was = a.0.get();
            a.0.set(true);
            was
        }
        None => true,
    }
}

fn resolve_function(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let caps = callee_captures(vm);
    if take_already_resolved(&caps) {
        return Ok(Value::UNDEFINED);
    }
    let p = caps.first().copied().unwrap_or_default();
    resolve_promise_inner(vm, p, args.get(0))?;
    Ok(Value::UNDEFINED)
}

fn reject_function(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let caps = callee_captures(vm);
    if take_already_resolved(&caps) {
        return Ok(Value::UNDEFINED);
    }
    let p = caps.first().copied().unwrap_or_default();
    reject_promise(vm, p, args.get(0));
    Ok(Value::UNDEFINED)
}

/// The body of a promise resolve function (after the already-resolved check).
fn resolve_promise_inner(vm: &mut Vm, p: Value, resolution: Value) -> JsResult<()> {
    if resolution == p {
        let e = vm.new_error(
            crate::ops::errors::ErrorKind::TypeError,
            "Chaining cycle detected for promise",
        );
        reject_promise(vm, p, Value::object(e));
        return Ok(());
    }
    let Some(ro) = resolution.as_object() else {
        fulfill_promise(vm, p, resolution);
        return Ok(());
    };
    let tk = vm.names.then;
    let then = match vm.get_prop(ro, tk) {
        Ok(t) => t,
        Err(Exception::Throw(e)) => {
            reject_promise(vm, p, e);
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    if !crate::object::class::value_is_callable(then) {
        fulfill_promise(vm, p, resolution);
        return Ok(());
    }
    vm.jobs.push_back(Job::ResolveThenable {
        promise: p,
        thenable: resolution,
        then,
    });
    Ok(())
}

/// Resolve `p` (a promise made by `new_promise`) with `v`, as its resolve
/// function would.
pub fn resolve_promise_value(vm: &mut Vm, p: Value, v: Value) -> JsResult<()> {
    resolve_promise_inner(vm, p, v)
}

/// Reject `p` with `v`.
pub fn reject_promise_value(vm: &mut Vm, p: Value, v: Value) -> JsResult<()> {
    reject_promise(vm, p, v);
    Ok(())
}

fn settle(vm: &mut Vm, p: Value, v: Value, state: PromiseState) {
    let Some(po) = p.as_object() else { return };
    let Some(d) = po.class.data::<PromiseData>() else {
        return;
    };
    if d.state.get() != PromiseState::Pending {
        return;
    }
    let reactions = if state == PromiseState::Fulfilled {
        d.fulfill_reactions.borrow().clone()
    } else {
        d.reject_reactions.borrow().clone()
    };
    d.result.set(v);
    d.fulfill_reactions.borrow_mut().clear();
    d.reject_reactions.borrow_mut().clear();
    d.state.set(state);
    if state == PromiseState::Rejected && !d.is_handled.get() {
        vm.rejections.track(po, false);
    }
    for r in reactions {
        vm.jobs.push_back(Job::PromiseReaction {
            reaction: r,
            argument: v,
        });
    }
}

fn fulfill_promise(vm: &mut Vm, p: Value, v: Value) {
    settle(vm, p, v, PromiseState::Fulfilled)
}

fn reject_promise(vm: &mut Vm, p: Value, v: Value) {
    settle(vm, p, v, PromiseState::Rejected)
}

/// NewPromiseReactionJob's body.
pub fn run_reaction_job(vm: &mut Vm, reaction: Value, argument: Value) -> JsResult<()> {
    let Some(r) = reaction.as_object().and_then(|o| {
        o.class.data::<ReactionData>().map(|d| {
            (
                d.cap_promise,
                d.cap_resolve,
                d.cap_reject,
                d.reject,
                d.handler,
                d.resume,
            )
        })
    }) else {
        return Ok(());
    };
    let (cap_promise, cap_resolve, cap_reject, is_reject, handler, resume) = r;
    if let Some(g) = resume.as_object() {
        // An `await` continuation.
        let kind = if is_reject { 1 } else { 0 };
        return match resume_awaiting(vm, g, argument, kind) {
            Err(Exception::Terminate(t)) => Err(Exception::Terminate(t)),
            _ => Ok(()),
        };
    }
    let outcome = if handler.is_undefined() {
        if is_reject {
            Err(Exception::Throw(argument))
        } else {
            Ok(argument)
        }
    } else {
        vm.call(handler, Value::UNDEFINED, &[argument])
    };
    if cap_promise.is_undefined() {
        return match outcome {
            Err(Exception::Terminate(t)) => Err(Exception::Terminate(t)),
            _ => Ok(()),
        };
    }
    match outcome {
        Ok(v) => {
            vm.call(cap_resolve, Value::UNDEFINED, &[v])?;
        }
        Err(Exception::Throw(e)) => {
            vm.call(cap_reject, Value::UNDEFINED, &[e])?;
        }
        Err(t) => return Err(t),
    }
    Ok(())
}

/// Resume an async function / async generator suspended at `await`.
fn resume_awaiting(vm: &mut Vm, g: Gc<JsObject>, v: Value, kind: u8) -> JsResult<()> {
    let is_async_gen = g
        .class
        .data::<GeneratorData>()
        .is_some_and(|d| d.kind == GenKind::Async);
    if is_async_gen {
        return crate::builtins::control::async_generator::resume_after_await(vm, g, v, kind);
    }
    vm.resume_generator(g, v, kind).map(|_| ())
}

/// NewPromiseResolveThenableJob's body.
pub fn run_resolve_thenable_job(
    vm: &mut Vm,
    promise: Value,
    thenable: Value,
    then: Value,
) -> JsResult<()> {
    let (resolve, reject) = create_resolving_functions(vm, promise);
    match vm.call(then, thenable, &[resolve, reject]) {
        Ok(_) => Ok(()),
        Err(Exception::Throw(e)) => {
            vm.call(reject, Value::UNDEFINED, &[e])?;
            Ok(())
        }
        Err(t) => Err(t),
    }
}

/// A PromiseCapability record.
#[derive(Clone, Copy)]
pub struct Capability {
    pub promise: Value,
    pub resolve: Value,
    pub reject: Value,
}

/// NewPromiseCapability(C).
pub fn new_promise_capability(vm: &mut Vm, c: Value) -> JsResult<Capability> {
    if !c.as_object().is_some_and(|o| vm.is_constructor(o)) {
        return Err(vm.type_error("Promise resolver is not a constructor"));
    }
    // FAST PATH: %Promise% itself.
    if c == Value::object(vm.intrinsic(Intrinsic::Promise)) {
        let p = new_promise(vm);
        let (resolve, reject) = create_resolving_functions(vm, p);
        return Ok(Capability {
            promise: p,
            resolve,
            reject,
        });
    }
    let holder = vm.new_object_with(None, ObjectClass::Ordinary);
    let executor = native_closure(vm, "", 2, capability_executor, vec![Value::object(holder)]);
    let p = vm.construct(c, &[Value::object(executor)], None)?;
    let rk = vm.names.resolve;
    let jk = vm.names.reject;
    let resolve = holder.get_own_data(rk).unwrap_or_default();
    let reject = holder.get_own_data(jk).unwrap_or_default();
    if !crate::object::class::value_is_callable(resolve)
        || !crate::object::class::value_is_callable(reject)
    {
        return Err(vm.type_error("Promise resolve or reject function is not callable"));
    }
    Ok(Capability {
        promise: p,
        resolve,
        reject,
    })
}

fn capability_executor(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let caps = callee_captures(vm);
    let Some(holder) = caps.first().and_then(|v| v.as_object()) else {
        return Ok(Value::UNDEFINED);
    };
    let rk = vm.names.resolve;
    let jk = vm.names.reject;
    let cur_res = holder.get_own_data(rk).unwrap_or_default();
    let cur_rej = holder.get_own_data(jk).unwrap_or_default();
    if !cur_res.is_undefined() || !cur_rej.is_undefined() {
        return Err(
            vm.type_error("Promise executor has already been invoked with non-undefined arguments")
        );
    }
    vm.define_builtin(holder, rk, args.get(0), Attrs::DEFAULT);
    vm.define_builtin(holder, jk, args.get(1), Attrs::DEFAULT);
    Ok(Value::UNDEFINED)
}

fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    if nt.is_undefined() {
        return Err(vm.type_error("Promise constructor cannot be invoked without 'new'"));
    }
    let executor = args.get(0);
    if !crate::object::class::value_is_callable(executor) {
        return Err(vm.type_error("Promise resolver is not a function"));
    }
    let proto = vm.get_prototype_from_constructor(nt, Intrinsic::PromisePrototype)?;
    let p = Value::object(new_promise_object(vm, proto));
    let (resolve, reject) = create_resolving_functions(vm, p);
    match vm.call(executor, Value::UNDEFINED, &[resolve, reject]) {
        Ok(_) => {}
        Err(Exception::Throw(e)) => {
            vm.call(reject, Value::UNDEFINED, &[e])?;
        }
        Err(t) => return Err(t),
    }
    Ok(p)
}

fn make_reaction(
    vm: &mut Vm,
    cap: Option<Capability>,
    reject: bool,
    handler: Value,
    resume: Value,
) -> Value {
    let (cp, cr, cj) = match cap {
        Some(c) => (c.promise, c.resolve, c.reject),
        None => (Value::UNDEFINED, Value::UNDEFINED, Value::UNDEFINED),
    };
    let handler = if crate::object::class::value_is_callable(handler) {
        handler
    } else {
        Value::UNDEFINED
    };
    let data = ReactionData {
        cap_promise: cp,
        cap_resolve: cr,
        cap_reject: cj,
        reject,
        handler,
        resume,
    };
    Value::object(vm.new_object_with(None, ObjectClass::Data(Box::new(data))))
}

/// PerformPromiseThen.
pub fn perform_then(
    vm: &mut Vm,
    p: Gc<JsObject>,
    on_ful: Value,
    on_rej: Value,
    cap: Option<Capability>,
    resume: Value,
) {
    let fr = make_reaction(vm, cap, false, on_ful, resume);
    let rr = make_reaction(vm, cap, true, on_rej, resume);
    let Some(d) = p.class.data::<PromiseData>() else {
        return;
    };
    match d.state.get() {
        PromiseState::Pending => {
            d.fulfill_reactions.borrow_mut().push(fr);
            d.reject_reactions.borrow_mut().push(rr);
        }
        PromiseState::Fulfilled => {
            vm.jobs.push_back(Job::PromiseReaction {
                reaction: fr,
                argument: d.result.get(),
            });
        }
        PromiseState::Rejected => {
            if !d.is_handled.get() {
                vm.rejections.track(p, true);
            }
            vm.jobs.push_back(Job::PromiseReaction {
                reaction: rr,
                argument: d.result.get(),
            });
        }
    }
    d.is_handled.set(true);
}

/// `await v` from generator/async object `g`: resume it when `v` settles.
pub fn await_value(vm: &mut Vm, g: Gc<JsObject>, v: Value) -> JsResult<()> {
    let c = Value::object(vm.intrinsic(Intrinsic::Promise));
    let p = promise_resolve(vm, c, v)?;
    let Some(po) = p.as_object() else {
        return Ok(());
    };
    perform_then(
        vm,
        po,
        Value::UNDEFINED,
        Value::UNDEFINED,
        None,
        Value::object(g),
    );
    Ok(())
}

/// PromiseResolve(C, x).
pub fn promise_resolve(vm: &mut Vm, c: Value, x: Value) -> JsResult<Value> {
    if promise_data(x).is_some() {
        let ck = vm.names.constructor;
        let xc = vm.get_v(x, ck)?;
        if xc == c {
            return Ok(x);
        }
    }
    let cap = new_promise_capability(vm, c)?;
    vm.call(cap.resolve, Value::UNDEFINED, &[x])?;
    Ok(cap.promise)
}

fn then(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let Some(p) = promise_data(this) else {
        return Err(vm.type_error("Promise.prototype.then called on incompatible receiver"));
    };
    let default_ctor = Value::object(vm.intrinsic(Intrinsic::Promise));
    let c = crate::builtins::species_constructor(vm, p, default_ctor)?;
    let cap = new_promise_capability(vm, c)?;
    perform_then(vm, p, args.get(0), args.get(1), Some(cap), Value::UNDEFINED);
    Ok(cap.promise)
}

fn catch(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let tk = vm.names.then;
    let t = vm.get_v(this, tk)?;
    vm.call(t, this, &[Value::UNDEFINED, args.get(0)])
}

fn finally(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let Some(p) = this.as_object() else {
        return Err(vm.type_error("Promise.prototype.finally called on non-object"));
    };
    let default_ctor = Value::object(vm.intrinsic(Intrinsic::Promise));
    let c = crate::builtins::species_constructor(vm, p, default_ctor)?;
    let on_finally = args.get(0);
    let (then_finally, catch_finally) = if !crate::object::class::value_is_callable(on_finally) {
        (on_finally, on_finally)
    } else {
        let tf = native_closure(vm, "", 1, then_finally_fn, vec![on_finally, c]);
        let cf = native_closure(vm, "", 1, catch_finally_fn, vec![on_finally, c]);
        (Value::object(tf), Value::object(cf))
    };
    let tk = vm.names.then;
    let t = vm.get_v(this, tk)?;
    vm.call(t, this, &[then_finally, catch_finally])
}

fn then_finally_fn(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let caps = callee_captures(vm);
    let (on_finally, c) = (
        caps.first().copied().unwrap_or_default(),
        caps.get(1).copied().unwrap_or_default(),
    );
    let result = vm.call(on_finally, Value::UNDEFINED, &[])?;
    let p = promise_resolve(vm, c, result)?;
    let value_thunk = native_closure(
        vm,
        "",
        0,
        |vm, _, _, _| Ok(callee_captures(vm).first().copied().unwrap_or_default()),
        vec![args.get(0)],
    );
    let tk = vm.names.then;
    let t = vm.get_v(p, tk)?;
    vm.call(t, p, &[Value::object(value_thunk)])
}

fn catch_finally_fn(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let caps = callee_captures(vm);
    let (on_finally, c) = (
        caps.first().copied().unwrap_or_default(),
        caps.get(1).copied().unwrap_or_default(),
    );
    let result = vm.call(on_finally, Value::UNDEFINED, &[])?;
    let p = promise_resolve(vm, c, result)?;
    let thrower = native_closure(
        vm,
        "",
        0,
        |vm, _, _, _| {
            Err(Exception::Throw(
                callee_captures(vm).first().copied().unwrap_or_default(),
            ))
        },
        vec![args.get(0)],
    );
    let tk = vm.names.then;
    let t = vm.get_v(p, tk)?;
    vm.call(t, p, &[Value::object(thrower)])
}

fn resolve_static(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    if !this.is_object() {
        return Err(vm.type_error("PromiseResolve called on non-object"));
    }
    promise_resolve(vm, this, args.get(0))
}

fn reject_static(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let cap = new_promise_capability(vm, this)?;
    vm.call(cap.reject, Value::UNDEFINED, &[args.get(0)])?;
    Ok(cap.promise)
}

fn try_static(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    if !this.is_object() {
        return Err(vm.type_error("Promise.try called on non-object"));
    }
    let cap = new_promise_capability(vm, this)?;
    match vm.call(args.get(0), Value::UNDEFINED, args.rest(1)) {
        Ok(v) => {
            vm.call(cap.resolve, Value::UNDEFINED, &[v])?;
        }
        Err(Exception::Throw(e)) => {
            vm.call(cap.reject, Value::UNDEFINED, &[e])?;
        }
        Err(t) => return Err(t),
    }
    Ok(cap.promise)
}

fn with_resolvers(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let cap = new_promise_capability(vm, this)?;
    let o = vm.new_object();
    let pk = vm.key("promise");
    vm.create_data_property_or_throw(o, pk, cap.promise)?;
    let rk = vm.names.resolve;
    vm.create_data_property_or_throw(o, rk, cap.resolve)?;
    let jk = vm.names.reject;
    vm.create_data_property_or_throw(o, jk, cap.reject)?;
    Ok(Value::object(o))
}

#[derive(Clone, Copy, PartialEq)]
enum Combinator {
    All,
    AllSettled,
    Any,
    Race,
}

/// Shared driver of Promise.all / allSettled / any / race.
fn combinator(vm: &mut Vm, c: Value, iterable: Value, kind: Combinator) -> JsResult<Value> {
    let cap = new_promise_capability(vm, c)?;
    let rk = vm.names.resolve;
    let promise_resolve_fn = match c.as_object() {
        Some(co) => match vm.get_prop(co, rk) {
            Ok(f) if crate::object::class::value_is_callable(f) => f,
            Ok(_) => return reject_cap(vm, cap, None),
            Err(Exception::Throw(e)) => return reject_cap(vm, cap, Some(e)),
            Err(t) => return Err(t),
        },
        None => return Err(vm.type_error("not an object")),
    };
    let (it, next) = match vm.get_iterator(iterable) {
        Ok(x) => x,
        Err(Exception::Throw(e)) => return reject_cap(vm, cap, Some(e)),
        Err(t) => return Err(t),
    };
    // Shared state: values array, remaining counter (in a holder object).
    let values = vm.create_array_from_list(&[]);
    let remaining = vm.new_object_with(None, ObjectClass::Ordinary);
    let ck = vm.key("count");
    vm.define_builtin(remaining, ck, Value::int(1), Attrs::DEFAULT);
    let mut index: u32 = 0;
    let result: JsResult<()> = (|| {
        loop {
            let next_v = match vm.iterator_step_value(it, next) {
                Ok(v) => v,
                Err(e) => return Err(e),
            };
            let Some(v) = next_v else {
                if kind != Combinator::Race && dec_remaining(vm, remaining) {
                    finish_combinator(vm, cap, values, kind)?;
                }
                return Ok(());
            };
            if kind != Combinator::Race {
                vm.create_data_property_or_throw(
                    values,
                    PropertyKey::Index(index),
                    Value::UNDEFINED,
                )?;
            }
            let next_promise = vm.call(promise_resolve_fn, c, &[v]);
            let next_promise = match next_promise {
                Ok(p) => p,
                Err(e) => {
                    vm.iterator_close_on_throw(it);
                    return Err(e);
                }
            };
            // One "already called" flag per element, shared by its pair of
            // functions (allSettled).
            let flag = vm.new_object_with(
                None,
                ObjectClass::Data(Box::new(AlreadyResolved(Cell::new(false)))),
            );
            let shared = vec![
                Value::object(values),
                Value::int(index as i32),
                Value::object(remaining),
                cap.resolve,
                cap.reject,
                Value::object(flag),
            ];
            let (on_ful, on_rej) = match kind {
                Combinator::All => (Value::object(element_fn(vm, shared.clone(), 0)), cap.reject),
                Combinator::AllSettled => (
                    Value::object(element_fn(vm, shared.clone(), 1)),
                    Value::object(element_fn(vm, shared.clone(), 2)),
                ),
                Combinator::Any => (
                    cap.resolve,
                    Value::object(element_fn(vm, shared.clone(), 3)),
                ),
                Combinator::Race => (cap.resolve, cap.reject),
            };
            if kind != Combinator::Race {
                inc_remaining(vm, remaining);
            }
            let tk = vm.names.then;
            let r = vm
                .get_v(next_promise, tk)
                .and_then(|t| vm.call(t, next_promise, &[on_ful, on_rej]));
            if let Err(e) = r {
                vm.iterator_close_on_throw(it);
                return Err(e);
            }
            index += 1;
        }
    })();
    match result {
        Ok(()) => Ok(cap.promise),
        Err(Exception::Throw(e)) => reject_cap(vm, cap, Some(e)),
        Err(t) => Err(t),
    }
}

fn reject_cap(vm: &mut Vm, cap: Capability, e: Option<Value>) -> JsResult<Value> {
    let e = match e {
        Some(e) => e,
        None => Value::object(vm.new_error(
            crate::ops::errors::ErrorKind::TypeError,
            "Promise resolve is not a function",
        )),
    };
    vm.call(cap.reject, Value::UNDEFINED, &[e])?;
    Ok(cap.promise)
}

fn inc_remaining(vm: &mut Vm, holder: Gc<JsObject>) {
    let ck = vm.key("count");
    let n = holder
        .get_own_data(ck)
        .and_then(|v| v.as_int())
        .unwrap_or(0);
    vm.define_builtin(holder, ck, Value::int(n + 1), Attrs::DEFAULT);
}

/// Decrement; true when it reached zero.
fn dec_remaining(vm: &mut Vm, holder: Gc<JsObject>) -> bool {
    let ck = vm.key("count");
    let n = holder
        .get_own_data(ck)
        .and_then(|v| v.as_int())
        .unwrap_or(0)
        - 1;
    vm.define_builtin(holder, ck, Value::int(n), Attrs::DEFAULT);
    n == 0
}

fn finish_combinator(
    vm: &mut Vm,
    cap: Capability,
    values: Gc<JsObject>,
    kind: Combinator,
) -> JsResult<()> {
    if kind == Combinator::Any {
        let e = vm.new_error(
            crate::ops::errors::ErrorKind::AggregateError,
            "All promises were rejected",
        );
        let ek = vm.names.errors;
        vm.define_builtin(e, ek, Value::object(values), Attrs::HIDDEN);
        vm.call(cap.reject, Value::UNDEFINED, &[Value::object(e)])?;
    } else {
        vm.call(cap.resolve, Value::UNDEFINED, &[Value::object(values)])?;
    }
    Ok(())
}

/// Per-element functions. kind 0: all-resolve, 1: allSettled-fulfilled,
/// 2: allSettled-rejected, 3: any-reject.
fn element_fn(vm: &mut Vm, mut shared: Vec<Value>, kind: i32) -> Gc<JsObject> {
    shared.push(Value::int(kind));
    native_closure(vm, "", 1, element_call, shared)
}

fn element_call(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let caps = callee_captures(vm);
    if caps.len() < 7 {
        return Ok(Value::UNDEFINED);
    }
    let flag = caps[5].as_object();
    if let Some(a) = flag
        .as_ref()
        .and_then(|o| o.class.data::<AlreadyResolved>())
    {
        if a.0.get() {
            return Ok(Value::UNDEFINED);
        }
        a.0.set(true);
    }
    let Some(values) = caps[0].as_object() else {
        return Ok(Value::UNDEFINED);
    };
    let index = caps[1].as_int().unwrap_or(0) as u32;
    let Some(remaining) = caps[2].as_object() else {
        return Ok(Value::UNDEFINED);
    };
    let kind = caps[6].as_int().unwrap_or(0);
    let x = args.get(0);
    let v = match kind {
        1 | 2 => {
            let o = vm.new_object();
            let sk = vm.key("status");
            let st = vm.new_string(if kind == 1 { "fulfilled" } else { "rejected" });
            vm.create_data_property_or_throw(o, sk, st)?;
            let vk = if kind == 1 {
                vm.names.value
            } else {
                vm.key("reason")
            };
            vm.create_data_property_or_throw(o, vk, x)?;
            Value::object(o)
        }
        _ => x,
    };
    vm.create_data_property_or_throw(values, PropertyKey::Index(index), v)?;
    if dec_remaining(vm, remaining) {
        let cap = Capability {
            promise: Value::UNDEFINED,
            resolve: caps[3],
            reject: caps[4],
        };
        let k = match kind {
            3 => Combinator::Any,
            1 | 2 => Combinator::AllSettled,
            _ => Combinator::All,
        };
        finish_combinator(vm, cap, values, k)?;
    }
    Ok(Value::UNDEFINED)
}

fn all(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    combinator(vm, this, args.get(0), Combinator::All)
}
fn all_settled(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    combinator(vm, this, args.get(0), Combinator::AllSettled)
}
fn any(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    combinator(vm, this, args.get(0), Combinator::Any)
}
fn race(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    combinator(vm, this, args.get(0), Combinator::Race)
}
