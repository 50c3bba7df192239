//! The ordinary object internal methods
//! (#sec-ordinary-object-internal-methods-and-internal-slots): the default
//! entries of every class's table (`methods.rs`).
//!
//! The algorithms that walk the prototype chain ([[HasProperty]], [[Get]],
//! [[Set]]) loop instead of recursing while the next object's method is the
//! ordinary one (a long chain must not use native stack), and hand over to
//! the next object's own method otherwise (a proxy, a typed array…).

use super::methods::{GetFn, InternalMethods, KeyPredicateFn, SetFn};
use super::ops::validate_and_apply;
use super::{Attrs, JsObject, OwnProperty, PropertyDescriptor, PropertyKey, Slot};
use crate::gc::{Gc, KeyList};
use crate::value::Value;
use crate::vm::{JsResult, Vm};

/// The ordinary methods, for struct-update syntax in other classes' tables
/// (`..ORDINARY_METHODS`).
pub const ORDINARY_METHODS: InternalMethods = InternalMethods {
    name: "Object",
    get_prototype_of: ordinary_get_prototype_of,
    set_prototype_of: ordinary_set_prototype_of,
    is_extensible: ordinary_is_extensible,
    prevent_extensions: ordinary_prevent_extensions,
    get_own_property: ordinary_get_own_property,
    define_own_property: ordinary_define_own_property,
    has_property: ordinary_has_property,
    get: ordinary_get,
    set: ordinary_set,
    delete: ordinary_delete,
    own_property_keys: ordinary_own_property_keys,
    call: None,
    construct: None,
};

/// Ordinary objects (and the classes that differ from them only in their
/// internal slots: errors, primitive wrappers other than String, unmapped
/// arguments, most `ObjectData` built-ins).
pub static ORDINARY: InternalMethods = ORDINARY_METHODS;

/// [[GetOwnProperty]] of `o` through its table, reading the storage
/// directly for classes without exotic own properties.
#[inline]
fn own_property(vm: &mut Vm, o: Gc<JsObject>, key: PropertyKey) -> JsResult<Option<OwnProperty>> {
    // FAST PATH: no call through the table for plain storage.
    if o.class.has_plain_storage() {
        return Ok(o.get_own_raw(key));
    }
    (o.methods().get_own_property)(vm, o, key)
}

/// [[GetPrototypeOf]] of `o` through its table (a field read for the
/// classes with plain storage).
#[inline]
fn prototype_of(vm: &mut Vm, o: Gc<JsObject>) -> JsResult<Option<Gc<JsObject>>> {
    if o.class.has_plain_storage() {
        return Ok(o.proto());
    }
    (o.methods().get_prototype_of)(vm, o)
}

/// [[GetPrototypeOf]] ( ) (#sec-ordinary-object-internal-methods-and-internal-slots-getprototypeof).
pub fn ordinary_get_prototype_of(_vm: &mut Vm, o: Gc<JsObject>) -> JsResult<Option<Gc<JsObject>>> {
    // 1. Return OrdinaryGetPrototypeOf(O).
    Ok(o.proto())
}

/// [[SetPrototypeOf]] ( V ) (#sec-ordinary-object-internal-methods-and-internal-slots-setprototypeof-v):
/// OrdinarySetPrototypeOf (#sec-ordinarysetprototypeof).
pub fn ordinary_set_prototype_of(
    vm: &mut Vm,
    o: Gc<JsObject>,
    v: Option<Gc<JsObject>>,
) -> JsResult<bool> {
    // 1-2. If SameValue(V, current) is true, return true.
    if o.proto() == v {
        return Ok(true);
    }
    // 3-4. If extensible is false, return false.
    if !o.is_extensible_raw() {
        return Ok(false);
    }
    // %Object.prototype% is an immutable prototype exotic object
    // (#sec-immutable-prototype-exotic-objects-setprototypeof-v): its only
    // non-ordinary method, kept here rather than in a class of its own
    // because it is identified by identity, not by its internal slots.
    if is_immutable_prototype(vm, o) {
        return Ok(false);
    }
    // 5-8. Refuse cycles, stopping at an object whose [[GetPrototypeOf]]
    // is not the ordinary one (a proxy).
    let mut p = v;
    while let Some(c) = p {
        if c == o {
            return Ok(false);
        }
        if !std::ptr::fn_addr_eq(
            c.methods().get_prototype_of,
            ordinary_get_prototype_of as super::methods::GetPrototypeOfFn,
        ) {
            break;
        }
        p = c.proto();
    }
    // 9. Set O.[[Prototype]] to V.
    o.set_proto_raw(v);
    Ok(true)
}

fn is_immutable_prototype(vm: &Vm, o: Gc<JsObject>) -> bool {
    vm.realms
        .iter()
        .any(|r| r.try_intrinsic(crate::realm::Intrinsic::ObjectPrototype) == Some(o))
}

/// [[IsExtensible]] ( ) (#sec-ordinary-object-internal-methods-and-internal-slots-isextensible).
pub fn ordinary_is_extensible(_vm: &mut Vm, o: Gc<JsObject>) -> JsResult<bool> {
    // 1. Return OrdinaryIsExtensible(O).
    Ok(o.is_extensible_raw())
}

/// [[PreventExtensions]] ( ) (#sec-ordinary-object-internal-methods-and-internal-slots-preventextensions).
pub fn ordinary_prevent_extensions(_vm: &mut Vm, o: Gc<JsObject>) -> JsResult<bool> {
    // OrdinaryPreventExtensions: 1. Set O.[[Extensible]] to false. 2. Return true.
    o.set_extensible_raw(false);
    Ok(true)
}

/// [[GetOwnProperty]] ( P ) (#sec-ordinary-object-internal-methods-and-internal-slots-getownproperty-p):
/// OrdinaryGetOwnProperty, the stored property.
pub fn ordinary_get_own_property(
    _vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
) -> JsResult<Option<OwnProperty>> {
    Ok(o.get_own_raw(key))
}

/// [[DefineOwnProperty]] ( P, Desc ) (#sec-ordinary-object-internal-methods-and-internal-slots-defineownproperty-p-desc):
/// OrdinaryDefineOwnProperty (#sec-ordinarydefineownproperty) on the
/// stored properties.
pub fn ordinary_define_own_property(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
    desc: PropertyDescriptor,
) -> JsResult<bool> {
    // 1. Let current be ? O.[[GetOwnProperty]](P) (the stored property:
    // exotic classes call this for keys they store ordinarily).
    let current = o.get_own_raw(key);
    // 2. Let extensible be ? IsExtensible(O).
    let extensible = o.is_extensible_raw();
    // 3. Return ValidateAndApplyPropertyDescriptor(O, P, extensible, Desc, current).
    Ok(validate_and_apply(
        vm,
        Some(o),
        key,
        extensible,
        desc,
        current,
    ))
}

/// [[HasProperty]] ( P ) (#sec-ordinary-object-internal-methods-and-internal-slots-hasproperty-p):
/// OrdinaryHasProperty (#sec-ordinaryhasproperty).
pub fn ordinary_has_property(vm: &mut Vm, o: Gc<JsObject>, key: PropertyKey) -> JsResult<bool> {
    let mut cur = o;
    loop {
        // 1-2. If ? O.[[GetOwnProperty]](P) is not undefined, return true.
        if own_property(vm, cur, key)?.is_some() {
            return Ok(true);
        }
        // 3. Let parent be ? O.[[GetPrototypeOf]]().
        let Some(parent) = prototype_of(vm, cur)? else {
            // 5. Return false.
            return Ok(false);
        };
        // 4. If parent is not null, return ? parent.[[HasProperty]](P).
        if !parent.class.has_plain_storage() {
            let has = parent.methods().has_property;
            if !std::ptr::fn_addr_eq(has, ordinary_has_property as KeyPredicateFn) {
                return has(vm, parent, key);
            }
        }
        cur = parent;
    }
}

/// [[Get]] ( P, Receiver ) (#sec-ordinary-object-internal-methods-and-internal-slots-get-p-receiver):
/// OrdinaryGet (#sec-ordinaryget).
pub fn ordinary_get(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
    receiver: Value,
) -> JsResult<Value> {
    let mut cur = o;
    loop {
        // 1. Let desc be ? O.[[GetOwnProperty]](P).
        if let Some(p) = own_property(vm, cur, key)? {
            return match p.slot {
                // 3. If IsDataDescriptor(desc), return desc.[[Value]].
                Slot::Data(v) => Ok(v),
                // 4-6. Return ? Call(getter, Receiver), or undefined.
                Slot::Accessor { get, .. } => {
                    if get.is_undefined() {
                        Ok(Value::UNDEFINED)
                    } else {
                        vm.call(get, receiver, &[])
                    }
                }
            };
        }
        // 2.a. Let parent be ? O.[[GetPrototypeOf]]().
        let Some(parent) = prototype_of(vm, cur)? else {
            // 2.b. If parent is null, return undefined.
            return Ok(Value::UNDEFINED);
        };
        // 2.c. Return ? parent.[[Get]](P, Receiver).
        if !parent.class.has_plain_storage() {
            let get = parent.methods().get;
            if !std::ptr::fn_addr_eq(get, ordinary_get as GetFn) {
                return get(vm, parent, key, receiver);
            }
        }
        cur = parent;
    }
}

/// [[Set]] ( P, V, Receiver ) (#sec-ordinary-object-internal-methods-and-internal-slots-set-p-v-receiver):
/// OrdinarySet (#sec-ordinaryset).
pub fn ordinary_set(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
    v: Value,
    receiver: Value,
) -> JsResult<bool> {
    let mut cur = o;
    let own_desc = loop {
        // 1. Let ownDesc be ? O.[[GetOwnProperty]](P).
        if let Some(p) = own_property(vm, cur, key)? {
            break p;
        }
        // OrdinarySetWithOwnDescriptor 2.a. Let parent be ? O.[[GetPrototypeOf]]().
        let Some(parent) = prototype_of(vm, cur)? else {
            // 2.c.i. ownDesc: { [[Value]]: undefined, [[Writable]]: true, … }.
            break OwnProperty {
                slot: Slot::Data(Value::UNDEFINED),
                attrs: Attrs::DEFAULT,
            };
        };
        // 2.b. If parent is not null, return ? parent.[[Set]](P, V, Receiver).
        if !parent.class.has_plain_storage() {
            let set = parent.methods().set;
            if !std::ptr::fn_addr_eq(set, ordinary_set as SetFn) {
                return set(vm, parent, key, v, receiver);
            }
        }
        cur = parent;
    };
    ordinary_set_with_own_descriptor(vm, key, v, receiver, own_desc)
}

/// OrdinarySetWithOwnDescriptor (#sec-ordinarysetwithowndescriptor),
/// steps 3 on, once ownDesc is known.
fn ordinary_set_with_own_descriptor(
    vm: &mut Vm,
    key: PropertyKey,
    v: Value,
    receiver: Value,
    own_desc: OwnProperty,
) -> JsResult<bool> {
    match own_desc.slot {
        // 3. If IsDataDescriptor(ownDesc) is true, then
        Slot::Data(_) => {
            // 3.a. If ownDesc.[[Writable]] is false, return false.
            if !own_desc.attrs.writable() {
                return Ok(false);
            }
            // 3.b. If Receiver is not an Object, return false.
            let Some(recv) = receiver.as_object() else {
                return Ok(false);
            };
            // 3.c. Let existingDescriptor be ? Receiver.[[GetOwnProperty]](P).
            match vm.get_own_property(recv, key)? {
                // 3.d. If existingDescriptor is not undefined, then
                Some(existing) => {
                    // 3.d.i-ii. An accessor or a read-only property refuses.
                    if matches!(existing.slot, Slot::Accessor { .. }) || !existing.attrs.writable()
                    {
                        return Ok(false);
                    }
                    // 3.d.iii-iv. Return ? Receiver.[[DefineOwnProperty]](P, { [[Value]]: V }).
                    let d = PropertyDescriptor {
                        value: Some(v),
                        ..Default::default()
                    };
                    vm.define_own_property(recv, key, d)
                }
                // 3.e. Return ? CreateDataProperty(Receiver, P, V).
                None => vm.create_data_property(recv, key, v),
            }
        }
        // 4-7. An accessor: call its setter, if any.
        Slot::Accessor { set, .. } => {
            if set.is_undefined() {
                return Ok(false);
            }
            vm.call(set, receiver, &[v])?;
            Ok(true)
        }
    }
}

/// [[Delete]] ( P ) (#sec-ordinary-object-internal-methods-and-internal-slots-delete-p):
/// OrdinaryDelete (#sec-ordinarydelete).
pub fn ordinary_delete(vm: &mut Vm, o: Gc<JsObject>, key: PropertyKey) -> JsResult<bool> {
    // 1. Let desc be ? O.[[GetOwnProperty]](P).
    let Some(p) = own_property(vm, o, key)? else {
        // 2. If desc is undefined, return true.
        return Ok(true);
    };
    // 3. If desc.[[Configurable]] is true, remove the property and return true.
    if p.attrs.configurable() {
        o.delete_raw(key);
        return Ok(true);
    }
    // 4. Return false.
    Ok(false)
}

/// [[OwnPropertyKeys]] ( ) (#sec-ordinary-object-internal-methods-and-internal-slots-ownpropertykeys):
/// OrdinaryOwnPropertyKeys, the stored keys in spec order.
pub fn ordinary_own_property_keys(vm: &mut Vm, o: Gc<JsObject>) -> JsResult<KeyList> {
    Ok(vm.rooted_from(o.own_keys_raw()))
}
