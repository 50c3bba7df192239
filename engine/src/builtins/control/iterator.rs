//! %Iterator.prototype%, %AsyncIteratorPrototype%, the Iterator constructor,
//! Iterator.from with %WrapForValidIteratorPrototype%, and the iterator
//! record operations shared by the helpers (#sec-iteration,
//! #sec-iterator-objects). The helper methods live in `iterator_helpers.rs`
//! (lazy), `iterator_eager.rs` (consuming) and `iterator_zip.rs`
//! (Iterator.concat / zip / zipKeyed).

use super::{iterator_eager, iterator_helpers, iterator_zip};
use crate::builtins::promise::{new_promise_capability, perform_then, promise_resolve};
use crate::builtins::{
    accessor, global_binding, method, method_sym, native_closure, native_function,
};
use crate::function::Args;
use crate::gc::{Gc, Trace, Tracer};
use crate::object::{Attrs, JsObject, ObjectClass, ObjectData, PropertyKey};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{Exception, JsResult, Vm};

/// An Iterator Record (#sec-iterator-records) without [[Done]]: the
/// iterator object and its `next` method as read once.
#[derive(Copy, Clone)]
pub struct IterRec {
    pub it: Value,
    pub next: Value,
}

impl Trace for IterRec {
    fn trace(&self, t: &mut Tracer) {
        t.mark_value(self.it);
        t.mark_value(self.next);
    }
}

/// Create %Iterator.prototype% and %AsyncIteratorPrototype% (once per
/// realm): called early by `init_realm`, before the built-in iterator
/// prototypes that inherit from them are made.
pub fn init_prototype(vm: &mut Vm) -> Gc<JsObject> {
    if let Some(p) = vm.realm.try_intrinsic(Intrinsic::IteratorPrototype) {
        return p;
    }
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    vm.realm.set_intrinsic(Intrinsic::IteratorPrototype, proto);
    let it = vm.symbols.iterator;
    method_sym(vm, proto, it, "[Symbol.iterator]", 0, return_this);
    let aproto = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    vm.realm
        .set_intrinsic(Intrinsic::AsyncIteratorPrototype, aproto);
    let ait = vm.symbols.async_iterator;
    method_sym(vm, aproto, ait, "[Symbol.asyncIterator]", 0, return_this);
    let dispose = vm.symbols.dispose;
    method_sym(vm, proto, dispose, "[Symbol.dispose]", 0, iterator_dispose);
    let async_dispose = vm.symbols.async_dispose;
    method_sym(
        vm,
        aproto,
        async_dispose,
        "[Symbol.asyncDispose]",
        0,
        async_iterator_dispose,
    );
    proto
}

pub fn init(vm: &mut Vm) {
    let proto = init_prototype(vm);

    // The Iterator constructor (#sec-iterator-constructor).
    let ctor = native_function(vm, "Iterator", 0, constructor, true);
    vm.realm.set_intrinsic(Intrinsic::Iterator, ctor);
    let pk = vm.names.prototype;
    vm.define_builtin(ctor, pk, Value::object(proto), Attrs::NONE);
    method(vm, ctor, "from", 1, from);
    iterator_zip::init_statics(vm, ctor);

    // Iterator.prototype.constructor and [Symbol.toStringTag] are
    // accessors (#sec-iterator.prototype.constructor).
    let ck = vm.names.constructor;
    accessor(
        vm,
        proto,
        ck,
        "constructor",
        Some(constructor_getter),
        Some(constructor_setter),
    );
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    accessor(
        vm,
        proto,
        tk,
        "[Symbol.toStringTag]",
        Some(to_string_tag_getter),
        Some(to_string_tag_setter),
    );

    iterator_helpers::init(vm, proto);
    iterator_eager::init(vm, proto);

    // %WrapForValidIteratorPrototype% (#sec-%wrapforvaliditeratorprototype%-object)
    let wrap = vm.new_object_with(Some(proto), ObjectClass::Ordinary);
    vm.realm
        .set_intrinsic(Intrinsic::WrapForValidIteratorPrototype, wrap);
    method(vm, wrap, "next", 0, wrap_next);
    method(vm, wrap, "return", 0, wrap_return);

    global_binding(vm, "Iterator", Value::object(ctor));
}

/// %Iterator.prototype% [ %Symbol.iterator% ] () and
/// %AsyncIteratorPrototype% [ %Symbol.asyncIterator% ] ().
fn return_this(_vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    Ok(this)
}

/// %Iterator.prototype% [ %Symbol.dispose% ] ( ) (#sec-%iteratorprototype%-%symbol.dispose%).
fn iterator_dispose(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    // 2-3. If GetMethod(O, "return") is not undefined, call it.
    let rk = vm.names.return_;
    if let Some(ret) = vm.get_method(this, rk)? {
        vm.call(ret, this, &[])?;
    }
    Ok(Value::UNDEFINED)
}

/// %AsyncIteratorPrototype% [ %Symbol.asyncDispose% ] ( )
/// (#sec-%asynciteratorprototype%-%symbol.asyncdispose%).
fn async_iterator_dispose(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    // 2. Let promiseCapability be ! NewPromiseCapability(%Promise%).
    let pc = Value::object(vm.intrinsic(Intrinsic::Promise));
    let cap = new_promise_capability(vm, pc)?;
    let r = (|| -> JsResult<()> {
        // 3-4. Let return be GetMethod(O, "return"); IfAbruptRejectPromise.
        let rk = vm.names.return_;
        match vm.get_method(this, rk)? {
            // 5. Resolve with undefined.
            None => {
                vm.call(cap.resolve, Value::UNDEFINED, &[Value::UNDEFINED])?;
            }
            // 6. Await the result of return(), then fulfill with undefined.
            Some(ret) => {
                let result = vm.call(ret, this, &[])?;
                let wrapper = promise_resolve(vm, pc, result)?;
                let unwrap =
                    native_closure(vm, "", 1, |_, _, _, _| Ok(Value::UNDEFINED), Vec::new());
                if let Some(wo) = wrapper.as_object() {
                    perform_then(
                        vm,
                        wo,
                        Value::object(unwrap),
                        Value::UNDEFINED,
                        Some(cap),
                        Value::UNDEFINED,
                    );
                }
            }
        }
        Ok(())
    })();
    match r {
        Ok(()) => {}
        Err(Exception::Throw(e)) => {
            vm.call(cap.reject, Value::UNDEFINED, &[e])?;
        }
        Err(t) => return Err(t),
    }
    Ok(cap.promise)
}

/// Iterator ( ) (#sec-iterator).
fn constructor(vm: &mut Vm, _this: Value, _args: Args, nt: Value) -> JsResult<Value> {
    // 1. If NewTarget is either undefined or the active function object, throw a TypeError.
    let active = Value::object(
        vm.native_callee
            .unwrap_or_else(|| vm.intrinsic(Intrinsic::Iterator)),
    );
    if nt.is_undefined() || nt == active {
        return Err(vm.type_error("Iterator cannot be constructed directly"));
    }
    // 2. Return ? OrdinaryCreateFromConstructor(NewTarget, "%Iterator.prototype%").
    Ok(Value::object(vm.ordinary_create_from_constructor(
        nt,
        Intrinsic::IteratorPrototype,
    )?))
}

/// SetterThatIgnoresPrototypeProperties (#sec-SetterThatIgnoresPrototypeProperties).
fn setter_that_ignores_prototype_properties(
    vm: &mut Vm,
    this: Value,
    home: Gc<JsObject>,
    p: PropertyKey,
    v: Value,
) -> JsResult<()> {
    // 1. If this is not an Object, throw a TypeError exception.
    let Some(o) = this.as_object() else {
        return Err(vm.type_error("setter called on non-object"));
    };
    // 2. If SameValue(this, home) is true, throw a TypeError exception.
    if o == home {
        return Err(vm.type_error("Cannot assign to a read-only property of the prototype"));
    }
    // 3-5. Define an own property, or Set an existing one.
    if vm.get_own_property(o, p)?.is_none() {
        vm.create_data_property_or_throw(o, p, v)
    } else {
        vm.set_prop(o, p, v, true)
    }
}

/// get Iterator.prototype.constructor (#sec-get-iterator.prototype.constructor).
fn constructor_getter(vm: &mut Vm, _this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::object(vm.intrinsic(Intrinsic::Iterator)))
}

/// set Iterator.prototype.constructor (#sec-set-iterator.prototype.constructor).
fn constructor_setter(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let home = vm.intrinsic(Intrinsic::IteratorPrototype);
    let ck = vm.names.constructor;
    setter_that_ignores_prototype_properties(vm, this, home, ck, args.get(0))?;
    Ok(Value::UNDEFINED)
}

/// get Iterator.prototype [ %Symbol.toStringTag% ].
fn to_string_tag_getter(vm: &mut Vm, _this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    Ok(vm.new_string("Iterator"))
}

/// set Iterator.prototype [ %Symbol.toStringTag% ].
fn to_string_tag_setter(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let home = vm.intrinsic(Intrinsic::IteratorPrototype);
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    setter_that_ignores_prototype_properties(vm, this, home, tk, args.get(0))?;
    Ok(Value::UNDEFINED)
}

// ---- iterator record operations ----

/// GetIteratorDirect (#sec-getiteratordirect).
pub fn get_iterator_direct(vm: &mut Vm, o: Gc<JsObject>) -> JsResult<IterRec> {
    let nk = vm.names.next;
    let next = vm.get_prop(o, nk)?;
    Ok(IterRec {
        it: Value::object(o),
        next,
    })
}

/// GetIteratorFlattenable (#sec-getiteratorflattenable); `strings` selects
/// ~iterate-string-primitives~ (else ~reject-primitives~).
pub fn get_iterator_flattenable(vm: &mut Vm, obj: Value, strings: bool) -> JsResult<IterRec> {
    // 1. Primitives other than (allowed) strings are rejected.
    if !(obj.is_object() || (strings && obj.is_string())) {
        return Err(vm.type_error("value is not an iterator or iterable object"));
    }
    // 2-4. Let method be ? GetMethod(obj, %Symbol.iterator%).
    let ik = PropertyKey::Symbol(vm.symbols.iterator);
    let iterator = match vm.get_method(obj, ik)? {
        None => obj,
        Some(m) => vm.call(m, obj, &[])?,
    };
    // 5. If iterator is not an Object, throw a TypeError exception.
    let Some(io) = iterator.as_object() else {
        return Err(vm.type_error("iterator is not an object"));
    };
    // 6. Return ? GetIteratorDirect(iterator).
    get_iterator_direct(vm, io)
}

/// IteratorStep (#sec-iteratorstep): the result object, or None when done.
/// Unlike IteratorStepValue it does not read `value`.
pub fn iterator_step(vm: &mut Vm, rec: IterRec) -> JsResult<Option<Gc<JsObject>>> {
    let r = vm.call(rec.next, rec.it, &[])?;
    let Some(o) = r.as_object() else {
        return Err(vm.type_error("Iterator result is not an object"));
    };
    let dk = vm.names.done;
    let done = vm.get_prop(o, dk)?;
    Ok(if vm.to_boolean(done) { None } else { Some(o) })
}

/// IteratorStepValue (#sec-iteratorstepvalue).
pub fn step_value(vm: &mut Vm, rec: IterRec) -> JsResult<Option<Value>> {
    vm.iterator_step_value(rec.it, rec.next)
}

/// IteratorClose(rec, NormalCompletion): errors of `return` propagate and
/// a non-object result is a TypeError.
pub fn close(vm: &mut Vm, rec: IterRec) -> JsResult<()> {
    vm.iterator_close(rec.it)
}

/// IteratorClose(rec, ThrowCompletion(e)): returns `e`, whatever `return` does.
pub fn close_with_error(vm: &mut Vm, rec: IterRec, e: Exception) -> Exception {
    vm.iterator_close_on_throw(rec.it);
    e
}

/// IfAbruptCloseIterator: on an error, close `rec` and pass the error on.
pub fn close_if_abrupt<T>(vm: &mut Vm, r: JsResult<T>, rec: IterRec) -> JsResult<T> {
    r.map_err(|e| close_with_error(vm, rec, e))
}

/// IteratorCloseAll (#sec-iteratorcloseall) over `recs` in reverse order,
/// starting from `completion` (Ok = normal or return completion).
pub fn close_all(vm: &mut Vm, recs: &[IterRec], completion: JsResult<()>) -> JsResult<()> {
    let mut completion = completion;
    for rec in recs.iter().rev() {
        completion = match completion {
            Ok(()) => close(vm, *rec),
            Err(e) => Err(close_with_error(vm, *rec, e)),
        };
    }
    completion
}

/// The object `this` of an iterator helper method, or a TypeError.
pub fn this_iterator(vm: &mut Vm, this: Value) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o) => Ok(o),
        None => Err(vm.type_error("Iterator helper called on non-object")),
    }
}

// ---- Iterator.from and %WrapForValidIteratorPrototype% ----

/// The [[Iterated]] slot of a %WrapForValidIteratorPrototype% object.
struct WrapForValid {
    iterated: IterRec,
}

impl Trace for WrapForValid {
    fn trace(&self, t: &mut Tracer) {
        self.iterated.trace(t)
    }
}

impl ObjectData for WrapForValid {
    fn class_name(&self) -> &'static str {
        "Object"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// Iterator.from ( O ) (#sec-iterator.from).
fn from(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1. Let iteratorRecord be ? GetIteratorFlattenable(O, iterate-string-primitives).
    let rec = get_iterator_flattenable(vm, args.get(0), true)?;
    // 2-3. An object that already inherits from %Iterator.prototype% is returned as is.
    let iter_ctor = Value::object(vm.intrinsic(Intrinsic::Iterator));
    if vm.ordinary_has_instance(iter_ctor, rec.it)? {
        return Ok(rec.it);
    }
    // 4-6. Wrap it.
    let proto = vm.intrinsic(Intrinsic::WrapForValidIteratorPrototype);
    let wrapper = vm.new_object_with(
        Some(proto),
        ObjectClass::Data(Box::new(WrapForValid { iterated: rec })),
    );
    Ok(Value::object(wrapper))
}

fn wrapped(vm: &mut Vm, this: Value) -> JsResult<IterRec> {
    match this
        .as_object()
        .and_then(|o| o.class.data::<WrapForValid>().map(|w| w.iterated))
    {
        Some(rec) => Ok(rec),
        None => Err(vm.type_error("not a wrapped iterator (Iterator.from)")),
    }
}

/// %WrapForValidIteratorPrototype%.next ( ) (#sec-%wrapforvaliditeratorprototype%.next).
fn wrap_next(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let rec = wrapped(vm, this)?;
    vm.call(rec.next, rec.it, &[])
}

/// %WrapForValidIteratorPrototype%.return ( ) (#sec-%wrapforvaliditeratorprototype%.return).
fn wrap_return(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let rec = wrapped(vm, this)?;
    let rk = vm.names.return_;
    match vm.get_method(rec.it, rk)? {
        None => Ok(vm.create_iter_result(Value::UNDEFINED, true)),
        Some(m) => vm.call(m, rec.it, &[]),
    }
}
