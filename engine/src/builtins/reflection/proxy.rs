//! Proxy objects: the exotic internal methods
//! (#sec-proxy-object-internal-methods-and-internal-slots), each enforcing
//! its invariants, and the Proxy constructor with `Proxy.revocable`
//! (#sec-proxy-objects).
//!
//! Objects whose class is `ObjectClass::Proxy` take their internal methods
//! from the tables below (`methods_for`). A revoked proxy has both slots
//! cleared.

use crate::builtins::fundamental::object::{from_property_descriptor, to_property_descriptor};
use crate::builtins::{captures_of, global_binding, method, native_closure, native_function};
use crate::function::Args;
use crate::gc::{Gc, KeyList};
use crate::object::class::ProxyData;
use crate::object::methods::InternalMethods;
use crate::object::ops::{same_value, validate_and_apply};
use crate::object::{
    Attrs, JsObject, ObjectClass, OwnProperty, PropertyDescriptor, PropertyKey, Slot,
};
use crate::value::Value;
use crate::vm::{JsResult, Vm, MAX_NATIVE_DEPTH};
use rustc_hash::FxHashSet;
use std::cell::Cell;

pub fn init(vm: &mut Vm) {
    let ctor = native_function(vm, "Proxy", 2, constructor, true);
    vm.realm.set_intrinsic(crate::realm::Intrinsic::Proxy, ctor);
    method(vm, ctor, "revocable", 2, revocable);
    global_binding(vm, "Proxy", Value::object(ctor));
}

// ---- the tables of internal methods ----

/// A proxy whose target is not callable: every essential internal method
/// is a trap.
pub static PROXY: InternalMethods = PROXY_METHODS;

/// A proxy whose target is callable but not a constructor (ProxyCreate 7.a).
pub static PROXY_CALLABLE: InternalMethods = InternalMethods {
    name: "Proxy",
    call: Some(call),
    ..PROXY_METHODS
};

/// A proxy whose target is a constructor (ProxyCreate 7.b).
pub static PROXY_CONSTRUCTOR: InternalMethods = InternalMethods {
    name: "Proxy",
    call: Some(call),
    construct: Some(construct),
    ..PROXY_METHODS
};

/// `PROXY` for struct-update syntax.
const PROXY_METHODS: InternalMethods = InternalMethods {
    name: "Proxy",
    get_prototype_of,
    set_prototype_of,
    is_extensible,
    prevent_extensions,
    get_own_property,
    define_own_property,
    has_property: has,
    get,
    set,
    delete,
    own_property_keys: own_keys,
    call: None,
    construct: None,
};

/// The table of a proxy with slots `p`: [[Call]] and [[Construct]] exist
/// as the target's did at creation.
#[inline]
pub fn methods_for(p: &ProxyData) -> &'static InternalMethods {
    match (p.callable, p.constructor) {
        (true, true) => &PROXY_CONSTRUCTOR,
        (true, false) => &PROXY_CALLABLE,
        (false, _) => &PROXY,
    }
}

// ---- the constructor ----

/// ProxyCreate ( target, handler ) (#sec-proxycreate).
pub fn proxy_create(vm: &mut Vm, target: Value, handler: Value) -> JsResult<Gc<JsObject>> {
    // 1-2.
    let Some(t) = target.as_object() else {
        return Err(vm.type_error("Cannot create proxy with a non-object as target"));
    };
    let Some(h) = handler.as_object() else {
        return Err(vm.type_error("Cannot create proxy with a non-object as handler"));
    };
    // 3-9.
    let callable = t.is_callable();
    let constructor = callable && vm.is_constructor(t);
    let data = ProxyData {
        target: Cell::new(Some(t)),
        handler: Cell::new(Some(h)),
        callable,
        constructor,
    };
    Ok(vm.new_object_with(None, ObjectClass::Proxy(data)))
}

/// Proxy ( target, handler ) (#sec-proxy-target-handler).
fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    if nt.is_undefined() {
        return Err(vm.type_error("Constructor Proxy requires 'new'"));
    }
    Ok(Value::object(proxy_create(vm, args.get(0), args.get(1))?))
}

/// Proxy.revocable ( target, handler ) (#sec-proxy.revocable).
fn revocable(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1.
    let proxy = proxy_create(vm, args.get(0), args.get(1))?;
    // 2-4.
    let revoker = native_closure(vm, "", 0, revoke, vec![Value::object(proxy)]);
    // 5-7.
    let result = vm.new_object();
    let pk = vm.key("proxy");
    vm.create_data_property_or_throw(result, pk, Value::object(proxy))?;
    let rk = vm.key("revoke");
    vm.create_data_property_or_throw(result, rk, Value::object(revoker))?;
    Ok(Value::object(result))
}

/// The revoker closure of Proxy.revocable: [[RevocableProxy]] is its one
/// capture (null once used).
fn revoke(vm: &mut Vm, _this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let Some(f) = vm.native_callee else {
        return Ok(Value::UNDEFINED);
    };
    // 1-3.
    let Some(p) = captures_of(f).first().and_then(|v| v.as_object()) else {
        return Ok(Value::UNDEFINED);
    };
    // 4.
    if let ObjectClass::NativeFunction(n) = &f.class {
        *n.captures.borrow_mut() = vec![Value::NULL];
    }
    // 5-7.
    if let ObjectClass::Proxy(d) = &p.class {
        d.target.set(None);
        d.handler.set(None);
    }
    Ok(Value::UNDEFINED)
}

// ---- shared steps ----

/// ValidateNonRevokedProxy, then the [[ProxyTarget]] and [[ProxyHandler]].
fn slots(vm: &mut Vm, p: Gc<JsObject>) -> JsResult<(Gc<JsObject>, Gc<JsObject>)> {
    match &p.class {
        ObjectClass::Proxy(d) => match (d.target.get(), d.handler.get()) {
            (Some(t), Some(h)) => Ok((t, h)),
            _ => Err(vm.type_error("Cannot perform operation on a revoked proxy")),
        },
        _ => Err(vm.type_error("not a proxy")),
    }
}

/// GetMethod(handler, name).
fn trap(vm: &mut Vm, handler: Gc<JsObject>, name: &str) -> JsResult<Option<Value>> {
    let k = vm.key(name);
    vm.get_method(Value::object(handler), k)
}

/// Run `f` one native level deeper: chains of proxies recurse through
/// Rust, so they count against the native re-entry limit.
fn nested<T>(vm: &mut Vm, f: impl FnOnce(&mut Vm) -> JsResult<T>) -> JsResult<T> {
    if vm.native_depth >= MAX_NATIVE_DEPTH || crate::vm::stack_low() {
        return Err(vm.range_error("Maximum call stack size exceeded"));
    }
    vm.native_depth += 1;
    let r = f(vm);
    vm.native_depth -= 1;
    r
}

fn call_trap(vm: &mut Vm, trap: Value, handler: Gc<JsObject>, args: &[Value]) -> JsResult<Value> {
    vm.call(trap, Value::object(handler), args)
}

fn call_trap_bool(
    vm: &mut Vm,
    trap: Value,
    handler: Gc<JsObject>,
    args: &[Value],
) -> JsResult<bool> {
    let r = vm.call(trap, Value::object(handler), args)?;
    Ok(vm.to_boolean(r))
}

fn invariant(vm: &mut Vm, what: &str) -> crate::vm::Exception {
    vm.type_error(&format!(
        "'{what}' on proxy: trap result violates an invariant of the target"
    ))
}

/// CompletePropertyDescriptor ( Desc ) (#sec-completepropertydescriptor),
/// returned as a stored own property.
fn complete(d: &PropertyDescriptor) -> OwnProperty {
    let mut bits = 0;
    if d.enumerable == Some(true) {
        bits |= Attrs::ENUMERABLE;
    }
    if d.configurable == Some(true) {
        bits |= Attrs::CONFIGURABLE;
    }
    if d.is_accessor() {
        OwnProperty {
            slot: Slot::Accessor {
                get: d.get.unwrap_or(Value::UNDEFINED),
                set: d.set.unwrap_or(Value::UNDEFINED),
            },
            attrs: Attrs(bits | Attrs::ACCESSOR),
        }
    } else {
        if d.writable == Some(true) {
            bits |= Attrs::WRITABLE;
        }
        OwnProperty {
            slot: Slot::Data(d.value.unwrap_or(Value::UNDEFINED)),
            attrs: Attrs(bits),
        }
    }
}

/// IsCompatiblePropertyDescriptor (#sec-iscompatiblepropertydescriptor).
fn is_compatible(
    vm: &mut Vm,
    extensible: bool,
    desc: PropertyDescriptor,
    current: Option<OwnProperty>,
) -> bool {
    validate_and_apply(vm, None, PropertyKey::Index(0), extensible, desc, current)
}

// ---- the internal methods ----

/// [[GetPrototypeOf]] ( ) (#sec-proxy-object-internal-methods-and-internal-slots-getprototypeof).
fn get_prototype_of(vm: &mut Vm, p: Gc<JsObject>) -> JsResult<Option<Gc<JsObject>>> {
    nested(vm, |vm| {
        // 1-4.
        let (target, handler) = slots(vm, p)?;
        // 5-6.
        let Some(trap) = trap(vm, handler, "getPrototypeOf")? else {
            return vm.get_prototype_of(target);
        };
        // 7-8.
        let hp = call_trap(vm, trap, handler, &[Value::object(target)])?;
        if !hp.is_object() && !hp.is_null() {
            return Err(
                vm.type_error("'getPrototypeOf' on proxy: trap returned neither object nor null")
            );
        }
        let hp = hp.as_object();
        // 9-10.
        if vm.is_extensible(target)? {
            return Ok(hp);
        }
        // 11-12.
        let tp = vm.get_prototype_of(target)?;
        if hp != tp {
            return Err(invariant(vm, "getPrototypeOf"));
        }
        Ok(hp)
    })
}

/// [[SetPrototypeOf]] ( V ) (#sec-proxy-object-internal-methods-and-internal-slots-setprototypeof-v).
fn set_prototype_of(vm: &mut Vm, p: Gc<JsObject>, v: Option<Gc<JsObject>>) -> JsResult<bool> {
    nested(vm, |vm| {
        let (target, handler) = slots(vm, p)?;
        let Some(trap) = trap(vm, handler, "setPrototypeOf")? else {
            return vm.set_prototype_of(target, v);
        };
        let vv = v.map_or(Value::NULL, Value::object);
        // 8-9.
        if !call_trap_bool(vm, trap, handler, &[Value::object(target), vv])? {
            return Ok(false);
        }
        // 10-11.
        if vm.is_extensible(target)? {
            return Ok(true);
        }
        // 12-13.
        let tp = vm.get_prototype_of(target)?;
        if v != tp {
            return Err(invariant(vm, "setPrototypeOf"));
        }
        Ok(true)
    })
}

/// [[IsExtensible]] ( ) (#sec-proxy-object-internal-methods-and-internal-slots-isextensible).
fn is_extensible(vm: &mut Vm, p: Gc<JsObject>) -> JsResult<bool> {
    nested(vm, |vm| {
        let (target, handler) = slots(vm, p)?;
        let Some(trap) = trap(vm, handler, "isExtensible")? else {
            return vm.is_extensible(target);
        };
        let r = call_trap_bool(vm, trap, handler, &[Value::object(target)])?;
        let tr = vm.is_extensible(target)?;
        if r != tr {
            return Err(invariant(vm, "isExtensible"));
        }
        Ok(r)
    })
}

/// [[PreventExtensions]] ( ) (#sec-proxy-object-internal-methods-and-internal-slots-preventextensions).
fn prevent_extensions(vm: &mut Vm, p: Gc<JsObject>) -> JsResult<bool> {
    nested(vm, |vm| {
        let (target, handler) = slots(vm, p)?;
        let Some(trap) = trap(vm, handler, "preventExtensions")? else {
            return vm.prevent_extensions(target);
        };
        let r = call_trap_bool(vm, trap, handler, &[Value::object(target)])?;
        if r && vm.is_extensible(target)? {
            return Err(invariant(vm, "preventExtensions"));
        }
        Ok(r)
    })
}

/// [[GetOwnProperty]] ( P ) (#sec-proxy-object-internal-methods-and-internal-slots-getownproperty-p).
fn get_own_property(vm: &mut Vm, p: Gc<JsObject>, k: PropertyKey) -> JsResult<Option<OwnProperty>> {
    nested(vm, |vm| {
        let (target, handler) = slots(vm, p)?;
        let Some(trap) = trap(vm, handler, "getOwnPropertyDescriptor")? else {
            return vm.get_own_property(target, k);
        };
        // 7-8.
        let kv = vm.key_to_value(k);
        let result = call_trap(vm, trap, handler, &[Value::object(target), kv])?;
        if !result.is_object() && !result.is_undefined() {
            return Err(vm.type_error(
                "'getOwnPropertyDescriptor' on proxy: trap returned neither object nor undefined",
            ));
        }
        // 9.
        let target_desc = vm.get_own_property(target, k)?;
        // 10.
        if result.is_undefined() {
            let Some(td) = target_desc else {
                return Ok(None);
            };
            if !td.attrs.configurable() {
                return Err(invariant(vm, "getOwnPropertyDescriptor"));
            }
            if !vm.is_extensible(target)? {
                return Err(invariant(vm, "getOwnPropertyDescriptor"));
            }
            return Ok(None);
        }
        // 11-13.
        let extensible = vm.is_extensible(target)?;
        let desc = to_property_descriptor(vm, result)?;
        let completed = complete(&desc);
        let full = PropertyDescriptor::from_own(completed);
        // 14-15.
        if !is_compatible(vm, extensible, full, target_desc) {
            return Err(invariant(vm, "getOwnPropertyDescriptor"));
        }
        // 16.
        if !completed.attrs.configurable() {
            match target_desc {
                Some(td) if !td.attrs.configurable() => {
                    // (Completed data descriptors always have [[Writable]].)
                    let non_writable =
                        matches!(completed.slot, Slot::Data(_)) && !completed.attrs.writable();
                    if non_writable && td.attrs.writable() {
                        return Err(invariant(vm, "getOwnPropertyDescriptor"));
                    }
                }
                _ => return Err(invariant(vm, "getOwnPropertyDescriptor")),
            }
        }
        Ok(Some(completed))
    })
}

/// [[DefineOwnProperty]] ( P, Desc ) (#sec-proxy-object-internal-methods-and-internal-slots-defineownproperty-p-desc).
fn define_own_property(
    vm: &mut Vm,
    p: Gc<JsObject>,
    k: PropertyKey,
    d: PropertyDescriptor,
) -> JsResult<bool> {
    nested(vm, |vm| {
        let (target, handler) = slots(vm, p)?;
        let Some(trap) = trap(vm, handler, "defineProperty")? else {
            return vm.define_own_property(target, k, d);
        };
        // 7-9.
        let desc_obj = from_property_descriptor(vm, Some(d));
        let kv = vm.key_to_value(k);
        if !call_trap_bool(vm, trap, handler, &[Value::object(target), kv, desc_obj])? {
            return Ok(false);
        }
        // 10-12.
        let target_desc = vm.get_own_property(target, k)?;
        let extensible = vm.is_extensible(target)?;
        let setting_config_false = d.configurable == Some(false);
        match target_desc {
            // 14.
            None => {
                if !extensible || setting_config_false {
                    return Err(invariant(vm, "defineProperty"));
                }
            }
            // 15.
            Some(td) => {
                if !is_compatible(vm, extensible, d, Some(td)) {
                    return Err(invariant(vm, "defineProperty"));
                }
                if setting_config_false && td.attrs.configurable() {
                    return Err(invariant(vm, "defineProperty"));
                }
                if matches!(td.slot, Slot::Data(_))
                    && !td.attrs.configurable()
                    && td.attrs.writable()
                    && d.writable == Some(false)
                {
                    return Err(invariant(vm, "defineProperty"));
                }
            }
        }
        Ok(true)
    })
}

/// [[HasProperty]] ( P ) (#sec-proxy-object-internal-methods-and-internal-slots-hasproperty-p).
fn has(vm: &mut Vm, p: Gc<JsObject>, k: PropertyKey) -> JsResult<bool> {
    nested(vm, |vm| {
        let (target, handler) = slots(vm, p)?;
        let Some(trap) = trap(vm, handler, "has")? else {
            return vm.has_property(target, k);
        };
        let kv = vm.key_to_value(k);
        let r = call_trap_bool(vm, trap, handler, &[Value::object(target), kv])?;
        // 9.
        if !r {
            if let Some(td) = vm.get_own_property(target, k)? {
                if !td.attrs.configurable() || !vm.is_extensible(target)? {
                    return Err(invariant(vm, "has"));
                }
            }
        }
        Ok(r)
    })
}

/// [[Get]] ( P, Receiver ) (#sec-proxy-object-internal-methods-and-internal-slots-get-p-receiver).
fn get(vm: &mut Vm, p: Gc<JsObject>, k: PropertyKey, receiver: Value) -> JsResult<Value> {
    nested(vm, |vm| {
        let (target, handler) = slots(vm, p)?;
        let Some(trap) = trap(vm, handler, "get")? else {
            return vm.get(target, k, receiver);
        };
        let kv = vm.key_to_value(k);
        let r = call_trap(vm, trap, handler, &[Value::object(target), kv, receiver])?;
        // 8-9.
        if let Some(td) = vm.get_own_property(target, k)? {
            if !td.attrs.configurable() {
                match td.slot {
                    Slot::Data(v) if !td.attrs.writable() && !same_value(r, v) => {
                        return Err(invariant(vm, "get"))
                    }
                    Slot::Accessor { get, .. } if get.is_undefined() && !r.is_undefined() => {
                        return Err(invariant(vm, "get"))
                    }
                    _ => {}
                }
            }
        }
        Ok(r)
    })
}

/// [[Set]] ( P, V, Receiver ) (#sec-proxy-object-internal-methods-and-internal-slots-set-p-v-receiver).
fn set(vm: &mut Vm, p: Gc<JsObject>, k: PropertyKey, v: Value, receiver: Value) -> JsResult<bool> {
    nested(vm, |vm| {
        let (target, handler) = slots(vm, p)?;
        let Some(trap) = trap(vm, handler, "set")? else {
            return vm.set(target, k, v, receiver);
        };
        let kv = vm.key_to_value(k);
        if !call_trap_bool(vm, trap, handler, &[Value::object(target), kv, v, receiver])? {
            return Ok(false);
        }
        // 10-11.
        if let Some(td) = vm.get_own_property(target, k)? {
            if !td.attrs.configurable() {
                match td.slot {
                    Slot::Data(tv) if !td.attrs.writable() && !same_value(v, tv) => {
                        return Err(invariant(vm, "set"))
                    }
                    Slot::Accessor { set, .. } if set.is_undefined() => {
                        return Err(invariant(vm, "set"))
                    }
                    _ => {}
                }
            }
        }
        Ok(true)
    })
}

/// [[Delete]] ( P ) (#sec-proxy-object-internal-methods-and-internal-slots-delete-p).
fn delete(vm: &mut Vm, p: Gc<JsObject>, k: PropertyKey) -> JsResult<bool> {
    nested(vm, |vm| {
        let (target, handler) = slots(vm, p)?;
        let Some(trap) = trap(vm, handler, "deleteProperty")? else {
            return vm.delete(target, k);
        };
        let kv = vm.key_to_value(k);
        if !call_trap_bool(vm, trap, handler, &[Value::object(target), kv])? {
            return Ok(false);
        }
        // 10-14.
        let Some(td) = vm.get_own_property(target, k)? else {
            return Ok(true);
        };
        if !td.attrs.configurable() || !vm.is_extensible(target)? {
            return Err(invariant(vm, "deleteProperty"));
        }
        Ok(true)
    })
}

/// [[OwnPropertyKeys]] ( ) (#sec-proxy-object-internal-methods-and-internal-slots-ownpropertykeys).
fn own_keys(vm: &mut Vm, p: Gc<JsObject>) -> JsResult<KeyList> {
    nested(vm, |vm| {
        let (target, handler) = slots(vm, p)?;
        let Some(trap) = trap(vm, handler, "ownKeys")? else {
            return vm.own_property_keys(target);
        };
        // 7-9.
        let array = call_trap(vm, trap, handler, &[Value::object(target)])?;
        let trap_result = property_key_list(vm, array)?;
        let mut unchecked: FxHashSet<PropertyKey> = FxHashSet::default();
        for k in &trap_result {
            if !unchecked.insert(k) {
                return Err(vm.type_error("'ownKeys' on proxy: trap returned duplicate entries"));
            }
        }
        // 10-16.
        let extensible = vm.is_extensible(target)?;
        let target_keys = vm.own_property_keys(target)?;
        let mut configurable: KeyList = vm.rooted_vec();
        let mut nonconfigurable: KeyList = vm.rooted_vec();
        for k in target_keys {
            match vm.get_own_property(target, k)? {
                Some(d) if !d.attrs.configurable() => nonconfigurable.push(k),
                _ => configurable.push(k),
            }
        }
        // 17.
        if extensible && nonconfigurable.is_empty() {
            return Ok(trap_result);
        }
        // 18-19.
        for k in &nonconfigurable {
            if !unchecked.remove(&k) {
                return Err(invariant(vm, "ownKeys"));
            }
        }
        // 20.
        if extensible {
            return Ok(trap_result);
        }
        // 21-22.
        for k in &configurable {
            if !unchecked.remove(&k) {
                return Err(invariant(vm, "ownKeys"));
            }
        }
        if !unchecked.is_empty() {
            return Err(invariant(vm, "ownKeys"));
        }
        Ok(trap_result)
    })
}

/// CreateListFromArrayLike ( obj, property-key ) (#sec-createlistfromarraylike).
fn property_key_list(vm: &mut Vm, v: Value) -> JsResult<KeyList> {
    let Some(o) = v.as_object() else {
        return Err(vm.type_error("'ownKeys' on proxy: trap result is not an object"));
    };
    let len = vm.length_of_array_like(o)?;
    // Element getters run JavaScript: the keys are rooted as they arrive.
    let mut out: KeyList = vm.rooted_vec();
    for i in 0..len {
        let ik = vm.index_key(i);
        let next = vm.get_prop(o, ik)?;
        if let Some(s) = next.as_string() {
            out.push(vm.key_from_string(s));
        } else if let Some(s) = next.as_symbol() {
            out.push(PropertyKey::Symbol(s));
        } else {
            return Err(
                vm.type_error("'ownKeys' on proxy: trap result contains a non-property-key")
            );
        }
    }
    Ok(out)
}

/// [[Call]] ( thisArgument, argumentsList ) (#sec-proxy-object-internal-methods-and-internal-slots-call-thisargument-argumentslist).
fn call(vm: &mut Vm, p: Gc<JsObject>, this: Value, args: &[Value]) -> JsResult<Value> {
    let (target, handler) = slots(vm, p)?;
    let Some(trap) = trap(vm, handler, "apply")? else {
        return vm.call(Value::object(target), this, args);
    };
    let arr = vm.create_array_from_list(args);
    call_trap(
        vm,
        trap,
        handler,
        &[Value::object(target), this, Value::object(arr)],
    )
}

/// [[Construct]] ( argumentsList, newTarget ) (#sec-proxy-object-internal-methods-and-internal-slots-construct-argumentslist-newtarget).
fn construct(vm: &mut Vm, p: Gc<JsObject>, args: &[Value], nt: Value) -> JsResult<Value> {
    let (target, handler) = slots(vm, p)?;
    let Some(trap) = trap(vm, handler, "construct")? else {
        return vm.construct(Value::object(target), args, Some(nt));
    };
    let arr = vm.create_array_from_list(args);
    let r = call_trap(
        vm,
        trap,
        handler,
        &[Value::object(target), Value::object(arr), nt],
    )?;
    if !r.is_object() {
        return Err(vm.type_error("'construct' on proxy: trap returned non-object"));
    }
    Ok(r)
}
