//! WeakMap (#sec-weakmap-objects). Entries are ephemerons: see `weak.rs`.

use super::map::add_entries_from_iterable;
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

/// The [[WeakMapData]] internal slot: key identity → (key, value).
pub struct WeakMapData {
    pub(super) entries: RefCell<FxHashMap<u64, (Value, Value)>>,
}

impl Trace for WeakMapData {
    /// Nothing is traced here: the collector marks a value only once its
    /// key is known to be live (`WeakRegistry::trace_ephemerons`).
    fn trace(&self, _t: &mut Tracer) {}
}
impl ObjectData for WeakMapData {
    fn class_name(&self) -> &'static str {
        "WeakMap"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    vm.realm.set_intrinsic(Intrinsic::WeakMapPrototype, proto);
    let ctor = native_function(vm, "WeakMap", 0, constructor, true);
    vm.realm.set_intrinsic(Intrinsic::WeakMap, ctor);
    link_constructor(vm, ctor, proto);
    method(vm, proto, "delete", 1, delete);
    method(vm, proto, "get", 1, get);
    method(vm, proto, "getOrInsert", 2, get_or_insert);
    method(vm, proto, "getOrInsertComputed", 2, get_or_insert_computed);
    method(vm, proto, "has", 1, has);
    method(vm, proto, "set", 2, set);
    let tag = vm.new_string("WeakMap");
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    vm.define_builtin(proto, tk, tag, Attrs::CONFIGURABLE_ONLY);
    global_binding(vm, "WeakMap", Value::object(ctor));
}

/// RequireInternalSlot(M, [[WeakMapData]]).
fn this_weak_map(vm: &mut Vm, this: Value, what: &str) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o) if o.class.data::<WeakMapData>().is_some() => Ok(o),
        _ => Err(vm.type_error(&format!(
            "WeakMap.prototype.{what} called on incompatible receiver"
        ))),
    }
}

fn entries_of(o: &JsObject) -> Option<&RefCell<FxHashMap<u64, (Value, Value)>>> {
    o.class.data::<WeakMapData>().map(|d| &d.entries)
}

/// WeakMap ( [ iterable ] ) (#sec-weakmap-iterable).
fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    // 1.
    if nt.is_undefined() {
        return Err(vm.type_error("Constructor WeakMap requires 'new'"));
    }
    // 2-3.
    let proto = vm.get_prototype_from_constructor(nt, Intrinsic::WeakMapPrototype)?;
    let map = vm.new_object_with(
        Some(proto),
        ObjectClass::Data(Box::new(WeakMapData {
            entries: RefCell::default(),
        })),
    );
    vm.weak_registry.register(map);
    // 4.
    let iterable = args.get(0);
    if iterable.is_nullish() {
        return Ok(Value::object(map));
    }
    // 5-6.
    let sk = vm.names.set;
    let adder = vm.get_prop(map, sk)?;
    if !value_is_callable(adder) {
        return Err(vm.type_error("WeakMap.prototype.set is not a function"));
    }
    // 7.
    add_entries_from_iterable(vm, map, iterable, adder)
}

/// WeakMap.prototype.delete ( key ) (#sec-weakmap.prototype.delete).
fn delete(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let m = this_weak_map(vm, this, "delete")?;
    let key = args.get(0);
    if !can_be_held_weakly(key) {
        return Ok(Value::FALSE);
    }
    Ok(Value::bool(entries_of(&m).is_some_and(|e| {
        e.borrow_mut().remove(&weak_key(key)).is_some()
    })))
}

/// WeakMap.prototype.get ( key ) (#sec-weakmap.prototype.get).
fn get(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let m = this_weak_map(vm, this, "get")?;
    let key = args.get(0);
    if !can_be_held_weakly(key) {
        return Ok(Value::UNDEFINED);
    }
    Ok(entries_of(&m)
        .and_then(|e| e.borrow().get(&weak_key(key)).map(|p| p.1))
        .unwrap_or(Value::UNDEFINED))
}

/// WeakMap.prototype.has ( key ) (#sec-weakmap.prototype.has).
fn has(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let m = this_weak_map(vm, this, "has")?;
    let key = args.get(0);
    if !can_be_held_weakly(key) {
        return Ok(Value::FALSE);
    }
    Ok(Value::bool(
        entries_of(&m).is_some_and(|e| e.borrow().contains_key(&weak_key(key))),
    ))
}

/// WeakMap.prototype.set ( key, value ) (#sec-weakmap.prototype.set).
fn set(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let m = this_weak_map(vm, this, "set")?;
    let (key, value) = (args.get(0), args.get(1));
    if !can_be_held_weakly(key) {
        return Err(vm.type_error("Invalid value used as weak map key"));
    }
    if let Some(e) = entries_of(&m) {
        e.borrow_mut().insert(weak_key(key), (key, value));
    }
    Ok(this)
}

/// WeakMap.prototype.getOrInsert ( key, value ) (proposal-upsert).
fn get_or_insert(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let m = this_weak_map(vm, this, "getOrInsert")?;
    let (key, value) = (args.get(0), args.get(1));
    if !can_be_held_weakly(key) {
        return Err(vm.type_error("Invalid value used as weak map key"));
    }
    let Some(e) = entries_of(&m) else {
        return Ok(Value::UNDEFINED);
    };
    let mut e = e.borrow_mut();
    Ok(e.entry(weak_key(key)).or_insert((key, value)).1)
}

/// WeakMap.prototype.getOrInsertComputed ( key, callbackfn ) (proposal-upsert).
fn get_or_insert_computed(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1-2.
    let m = this_weak_map(vm, this, "getOrInsertComputed")?;
    let (key, callback) = (args.get(0), args.get(1));
    // 3.
    if !value_is_callable(callback) {
        return Err(
            vm.type_error("WeakMap.prototype.getOrInsertComputed: callback is not a function")
        );
    }
    // 4.
    if !can_be_held_weakly(key) {
        return Err(vm.type_error("Invalid value used as weak map key"));
    }
    // 5.
    if let Some(v) = entries_of(&m).and_then(|e| e.borrow().get(&weak_key(key)).map(|p| p.1)) {
        return Ok(v);
    }
    // 6.
    let value = vm.call(callback, Value::UNDEFINED, &[key])?;
    // 7-9. Overwrite what the callback may have inserted, or append.
    if let Some(e) = entries_of(&m) {
        e.borrow_mut().insert(weak_key(key), (key, value));
    }
    Ok(value)
}
