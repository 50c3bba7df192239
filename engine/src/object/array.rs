//! Array exotic objects (#sec-array-exotic-objects).
//!
//! The specification overrides only [[DefineOwnProperty]]. `length` is
//! kept out of the property storage (in `ArrayData`), so [[GetOwnProperty]]
//! and [[OwnPropertyKeys]] add it; the ordinary [[Delete]] sees it as
//! non-configurable through [[GetOwnProperty]].

use super::methods::InternalMethods;
use super::ordinary::{ordinary_define_own_property, ORDINARY_METHODS};
use super::{
    ArrayData, Attrs, JsObject, ObjectClass, OwnProperty, PropertyDescriptor, PropertyKey, Slot,
};
use crate::gc::{Gc, KeyList};
use crate::value::Value;
use crate::vm::{JsResult, Vm};

/// Arrays (`ObjectClass::Array`).
pub static ARRAY: InternalMethods = InternalMethods {
    name: "Array",
    get_own_property: array_get_own_property,
    define_own_property: array_define_own_property,
    own_property_keys: array_own_property_keys,
    ..ORDINARY_METHODS
};

fn array_data(o: &JsObject) -> Option<&ArrayData> {
    match &o.class {
        ObjectClass::Array(a) => Some(a),
        _ => None,
    }
}

/// [[GetOwnProperty]] ( P ): the stored properties, and `length` from the
/// array's slots ({ [[Writable]]: per the array, not enumerable, not
/// configurable }).
fn array_get_own_property(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
) -> JsResult<Option<OwnProperty>> {
    if let Some(a) = array_data(&o) {
        if key == vm.names.length {
            let attrs = Attrs(if a.length_writable.get() {
                Attrs::WRITABLE
            } else {
                0
            });
            return Ok(Some(OwnProperty {
                slot: Slot::Data(Value::number(a.length.get() as f64)),
                attrs,
            }));
        }
    }
    Ok(o.get_own_raw(key))
}

/// [[DefineOwnProperty]] ( P, Desc ) (#sec-array-exotic-objects-defineownproperty-p-desc).
fn array_define_own_property(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
    desc: PropertyDescriptor,
) -> JsResult<bool> {
    let Some(a) = array_data(&o) else {
        return ordinary_define_own_property(vm, o, key, desc);
    };
    // 1. If P is "length", return ? ArraySetLength(A, Desc).
    if key == vm.names.length {
        return array_set_length(vm, o, a, desc);
    }
    // 2. Else if P is an array index, then
    if let PropertyKey::Index(i) = key {
        // 2.a-e. Let length be the array's length; an index at or past it
        // needs a writable length.
        let len = a.length.get();
        if i >= len && !a.length_writable.get() {
            return Ok(false);
        }
        // 2.f-g. Let succeeded be ! OrdinaryDefineOwnProperty(A, P, Desc).
        if !ordinary_define_own_property(vm, o, key, desc)? {
            return Ok(false);
        }
        // 2.h. If index >= length, set length to index + 1.
        if i >= len {
            a.length.set(i + 1);
        }
        // 2.i. Return true.
        return Ok(true);
    }
    // 3. Return ? OrdinaryDefineOwnProperty(A, P, Desc).
    ordinary_define_own_property(vm, o, key, desc)
}

/// ArraySetLength ( A, Desc ) (#sec-arraysetlength).
fn array_set_length(
    vm: &mut Vm,
    o: Gc<JsObject>,
    a: &ArrayData,
    desc: PropertyDescriptor,
) -> JsResult<bool> {
    // 1. If Desc does not have a [[Value]] field, then
    let Some(v) = desc.value else {
        // 1.a. Return ! OrdinaryDefineOwnProperty(A, "length", Desc), with
        // `length` non-configurable, non-enumerable and a data property.
        if desc.is_accessor() || desc.configurable == Some(true) || desc.enumerable == Some(true) {
            return Ok(false);
        }
        if desc.writable == Some(true) && !a.length_writable.get() {
            return Ok(false);
        }
        if desc.writable == Some(false) {
            a.length_writable.set(false);
        }
        return Ok(true);
    };
    // 3-5. Let newLen be ? ToUint32(Desc.[[Value]]) and numberLen be
    // ? ToNumber(Desc.[[Value]]); they must agree.
    let new_len = vm.to_uint32(v)?;
    let number_len = vm.to_number(v)?;
    if new_len as f64 != number_len {
        return Err(vm.range_error("Invalid array length"));
    }
    // (OrdinaryDefineOwnProperty on the non-configurable `length`.)
    if desc.configurable == Some(true) || desc.enumerable == Some(true) || desc.is_accessor() {
        return Ok(false);
    }
    // 7-11. Growing (or keeping) the length.
    let old_len = a.length.get();
    if new_len >= old_len {
        if !a.length_writable.get() && (new_len != old_len || desc.writable == Some(true)) {
            return Ok(false);
        }
        a.length.set(new_len);
        if desc.writable == Some(false) {
            a.length_writable.set(false);
        }
        return Ok(true);
    }
    // 12. If oldLenDesc.[[Writable]] is false, return false.
    if !a.length_writable.get() {
        return Ok(false);
    }
    // 15-17. Delete indices from the top down, stopping at the first one
    // that is not configurable.
    let kept = o.truncate_elements(new_len);
    a.length.set(kept);
    // 18-19. Make `length` read-only if asked.
    if desc.writable == Some(false) {
        a.length_writable.set(false);
    }
    Ok(kept == new_len)
}

/// [[OwnPropertyKeys]] ( ): the stored keys with `length` after the indices.
fn array_own_property_keys(vm: &mut Vm, o: Gc<JsObject>) -> JsResult<KeyList> {
    let mut keys = o.own_keys_raw();
    let first_named = keys
        .iter()
        .position(|k| !matches!(k, PropertyKey::Index(_)))
        .unwrap_or(keys.len());
    keys.insert(first_named, vm.names.length);
    Ok(vm.rooted_from(keys))
}
