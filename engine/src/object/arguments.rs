//! Mapped arguments exotic objects (#sec-arguments-exotic-objects): index
//! `i` aliases a slot of the function's environment while the mapping is
//! intact (`ObjectClass::Arguments`; unmapped arguments objects are
//! ordinary).
//!
//! The specification also overrides [[Get]] and [[Set]] to read and write
//! the mapped binding; here [[GetOwnProperty]] already reports the
//! binding's value and [[DefineOwnProperty]] writes it, so the ordinary
//! [[Get]] and [[Set]] built on them observe and store the same values.

use super::class::ArgumentsData;
use super::methods::InternalMethods;
use super::ordinary::{ordinary_define_own_property, ordinary_delete, ORDINARY_METHODS};
use super::{JsObject, ObjectClass, OwnProperty, PropertyDescriptor, PropertyKey, Slot};
use crate::env::Env;
use crate::gc::Gc;
use crate::vm::{JsResult, Vm};

/// Mapped arguments objects (`ObjectClass::Arguments`).
pub static ARGUMENTS: InternalMethods = InternalMethods {
    name: "Arguments",
    get_own_property: arguments_get_own_property,
    define_own_property: arguments_define_own_property,
    delete: arguments_delete,
    ..ORDINARY_METHODS
};

/// The arguments data, environment and environment slot of `key` while
/// it is mapped (HasOwnProperty(map, P)).
fn mapped(o: &JsObject, key: PropertyKey) -> Option<(&ArgumentsData, Gc<Env>, u32)> {
    let ObjectClass::Arguments(a) = &o.class else {
        return None;
    };
    let (PropertyKey::Index(i), Some(env)) = (key, a.env) else {
        return None;
    };
    let slot = a.mapped.borrow().get(i as usize).copied().flatten()?;
    Some((a, env, slot))
}

/// [[GetOwnProperty]] ( P ) (#sec-arguments-exotic-objects-getownproperty-p).
fn arguments_get_own_property(
    _vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
) -> JsResult<Option<OwnProperty>> {
    // 1-2. Let desc be OrdinaryGetOwnProperty(args, P); undefined → undefined.
    let Some(mut desc) = o.get_own_raw(key) else {
        return Ok(None);
    };
    // 3-5. If the key is mapped, desc.[[Value]] is Get(map, P).
    if let Some((_, env, slot)) = mapped(&o, key) {
        desc.slot = Slot::Data(env.get(slot));
    }
    // 6. Return desc.
    Ok(Some(desc))
}

/// [[DefineOwnProperty]] ( P, Desc ) (#sec-arguments-exotic-objects-defineownproperty-p-desc).
fn arguments_define_own_property(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
    desc: PropertyDescriptor,
) -> JsResult<bool> {
    // 1-2. Let isMapped be HasOwnProperty(map, P).
    let Some((a, env, slot)) = mapped(&o, key) else {
        // 5 (isMapped false). Return ? OrdinaryDefineOwnProperty(args, P, Desc).
        return ordinary_define_own_property(vm, o, key, desc);
    };
    let PropertyKey::Index(i) = key else {
        return ordinary_define_own_property(vm, o, key, desc);
    };
    // 3-4. A data descriptor making the property read-only without a
    // value keeps the mapped value.
    let mut new_desc = desc;
    if desc.is_data() && desc.value.is_none() && desc.writable == Some(false) {
        new_desc.value = Some(env.get(slot));
    }
    // 5-6. If ! OrdinaryDefineOwnProperty(args, P, newArgDesc) is false, return false.
    if !ordinary_define_own_property(vm, o, key, new_desc)? {
        return Ok(false);
    }
    // 7. If isMapped is true, then
    if desc.is_accessor() {
        // 7.a. An accessor removes the mapping.
        a.mapped.borrow_mut()[i as usize] = None;
    } else {
        // 7.b.i. If Desc has a [[Value]] field, Set(map, P, Desc.[[Value]]).
        if let Some(v) = desc.value {
            env.set(slot, v);
        }
        // 7.b.ii. Making it read-only removes the mapping.
        if desc.writable == Some(false) {
            a.mapped.borrow_mut()[i as usize] = None;
        }
    }
    // 8. Return true.
    Ok(true)
}

/// [[Delete]] ( P ) (#sec-arguments-exotic-objects-delete-p).
fn arguments_delete(vm: &mut Vm, o: Gc<JsObject>, key: PropertyKey) -> JsResult<bool> {
    // 1-3. Let isMapped be HasOwnProperty(map, P); result be ? OrdinaryDelete(args, P).
    let is_mapped = mapped(&o, key);
    let result = ordinary_delete(vm, o, key)?;
    // 4. If result is true and isMapped is true, remove the mapping.
    if let (true, Some((a, _, _)), PropertyKey::Index(i)) = (result, is_mapped, key) {
        if let Some(m) = a.mapped.borrow_mut().get_mut(i as usize) {
            *m = None;
        }
    }
    // 5. Return result.
    Ok(result)
}
