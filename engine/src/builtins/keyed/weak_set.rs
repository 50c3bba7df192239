//! WeakSet (#sec-weakset-objects). Elements are held weakly: see `weak.rs`.

use super::weak::{can_be_held_weakly, weak_key};
use crate::builtins::{global_binding, link_constructor, method, native_function};
use crate::function::Args;
use crate::gc::{Gc, Trace, Tracer};
use crate::object::class::value_is_callable;
use crate::object::{Attrs, JsObject, ObjectClass, ObjectData, PropertyKey};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use rustc_hash::FxHashMap;
use std::cell::RefCell;

/// The [[WeakSetData]] internal slot: element identity → element.
pub struct WeakSetData {
    pub(super) entries: RefCell<FxHashMap<u64, Value>>,
}

impl Trace for WeakSetData {
    /// Elements are weak: nothing is traced.
    fn trace(&self, _t: &mut Tracer) {}
}
impl ObjectData for WeakSetData {
    fn class_name(&self) -> &'static str {
        "WeakSet"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    vm.realm.set_intrinsic(Intrinsic::WeakSetPrototype, proto);
    let ctor = native_function(vm, "WeakSet", 0, constructor, true);
    vm.realm.set_intrinsic(Intrinsic::WeakSet, ctor);
    link_constructor(vm, ctor, proto);
    method(vm, proto, "add", 1, add);
    method(vm, proto, "delete", 1, delete);
    method(vm, proto, "has", 1, has);
    let tag = vm.new_string("WeakSet");
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    vm.define_builtin(proto, tk, tag, Attrs::CONFIGURABLE_ONLY);
    global_binding(vm, "WeakSet", Value::object(ctor));
}

/// RequireInternalSlot(S, [[WeakSetData]]).
fn this_weak_set(vm: &mut Vm, this: Value, what: &str) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o) if o.class.data::<WeakSetData>().is_some() => Ok(o),
        _ => Err(vm.type_error(&format!(
            "WeakSet.prototype.{what} called on incompatible receiver"
        ))),
    }
}

fn entries_of(o: &JsObject) -> Option<&RefCell<FxHashMap<u64, Value>>> {
    o.class.data::<WeakSetData>().map(|d| &d.entries)
}

/// WeakSet ( [ iterable ] ) (#sec-weakset-iterable).
fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    // 1.
    if nt.is_undefined() {
        return Err(vm.type_error("Constructor WeakSet requires 'new'"));
    }
    // 2-3.
    let proto = vm.get_prototype_from_constructor(nt, Intrinsic::WeakSetPrototype)?;
    let set = vm.new_object_with(
        Some(proto),
        ObjectClass::Data(Box::new(WeakSetData {
            entries: RefCell::default(),
        })),
    );
    vm.weak_registry.register(set);
    // 4.
    let iterable = args.get(0);
    if iterable.is_nullish() {
        return Ok(Value::object(set));
    }
    // 5-6.
    let ak = vm.names.add;
    let adder = vm.get_prop(set, ak)?;
    if !value_is_callable(adder) {
        return Err(vm.type_error("WeakSet.prototype.add is not a function"));
    }
    // 7-8.
    let (it, next) = vm.get_iterator(iterable)?;
    loop {
        let Some(v) = vm.iterator_step_value(it, next)? else {
            return Ok(Value::object(set));
        };
        if let Err(e) = vm.call(adder, Value::object(set), &[v]) {
            vm.iterator_close_on_throw(it);
            return Err(e);
        }
    }
}

/// WeakSet.prototype.add ( value ) (#sec-weakset.prototype.add).
fn add(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_weak_set(vm, this, "add")?;
    let v = args.get(0);
    if !can_be_held_weakly(v) {
        return Err(vm.type_error("Invalid value used in weak set"));
    }
    if let Some(e) = entries_of(&s) {
        e.borrow_mut().insert(weak_key(v), v);
    }
    Ok(this)
}

/// WeakSet.prototype.delete ( value ) (#sec-weakset.prototype.delete).
fn delete(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_weak_set(vm, this, "delete")?;
    let v = args.get(0);
    if !can_be_held_weakly(v) {
        return Ok(Value::FALSE);
    }
    Ok(Value::bool(entries_of(&s).is_some_and(|e| {
        e.borrow_mut().remove(&weak_key(v)).is_some()
    })))
}

/// WeakSet.prototype.has ( value ) (#sec-weakset.prototype.has).
fn has(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_weak_set(vm, this, "has")?;
    let v = args.get(0);
    if !can_be_held_weakly(v) {
        return Ok(Value::FALSE);
    }
    Ok(Value::bool(
        entries_of(&s).is_some_and(|e| e.borrow().contains_key(&weak_key(v))),
    ))
}
