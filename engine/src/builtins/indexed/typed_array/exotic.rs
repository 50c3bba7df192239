//! TypedArray exotic objects (#sec-typedarray-exotic-objects): the table
//! of internal methods of objects whose slots are a `TypedArrayData`.
//!
//! Keys that are not canonical numeric strings take the ordinary
//! algorithms (`object/ordinary.rs`).

use super::{element, get_element, set_element, ta_data};
use crate::gc::{Gc, KeyList};
use crate::object::methods::InternalMethods;
use crate::object::ordinary::{
    ordinary_define_own_property, ordinary_delete, ordinary_get, ordinary_get_own_property,
    ordinary_has_property, ordinary_prevent_extensions, ordinary_set, ORDINARY_METHODS,
};
use crate::object::{Attrs, JsObject, OwnProperty, PropertyDescriptor, PropertyKey, Slot};
use crate::ops::conversion::{number_to_string, string_to_number};
use crate::value::Value;
use crate::vm::{JsResult, Vm};

/// CanonicalNumericIndexString (#sec-canonicalnumericindexstring) applied
/// to a property key: the numeric index, or None for other keys.
pub fn canonical_numeric_index(key: PropertyKey) -> Option<f64> {
    match key {
        PropertyKey::Index(i) => Some(i as f64),
        PropertyKey::Symbol(_) => None,
        PropertyKey::String(s) => {
            // FAST PATH: a canonical numeric string starts with a digit,
            // '-', 'I' (Infinity) or 'N' (NaN).
            let first = s.units().next()?;
            if !(first == b'-' as u16
                || first == b'I' as u16
                || first == b'N' as u16
                || (0x30..=0x39).contains(&first))
            {
                return None;
            }
            // 1. If argument is "-0", return -0𝔽.
            if s.eq_str("-0") {
                return Some(-0.0);
            }
            // 2-4. n = ToNumber(argument); canonical if ToString(n) is argument.
            let n = string_to_number(&s);
            if s.eq_str(&number_to_string(n)) {
                Some(n)
            } else {
                None
            }
        }
    }
}

/// The TypedArray slots and numeric index for a (TypedArray, key) pair.
#[inline]
fn numeric(o: Gc<JsObject>, key: PropertyKey) -> Option<(super::TypedArrayData, f64)> {
    let d = ta_data(&o)?;
    let idx = canonical_numeric_index(key)?;
    Some((d, idx))
}

/// TypedArrays (`TypedArrayData` slots).
pub static TYPED_ARRAY: InternalMethods = InternalMethods {
    name: "TypedArray",
    prevent_extensions,
    get_own_property,
    has_property,
    define_own_property,
    get,
    set,
    delete,
    own_property_keys,
    ..ORDINARY_METHODS
};

/// [[GetOwnProperty]] ( P ) (#sec-typedarray-getownproperty).
fn get_own_property(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
) -> JsResult<Option<OwnProperty>> {
    // 1. If P is a String, let numericIndex be CanonicalNumericIndexString(P).
    let Some((d, idx)) = numeric(o, key) else {
        // 2. Return OrdinaryGetOwnProperty(O, P).
        return ordinary_get_own_property(vm, o, key);
    };
    // 1.b.i. Let value be TypedArrayGetElement(O, numericIndex).
    let v = get_element(vm, &d, idx);
    // 1.b.ii. If value is undefined, return undefined.
    if v.is_undefined() {
        return Ok(None);
    }
    // 1.b.iii. { [[Value]]: value, [[Writable]]: true, [[Enumerable]]: true, [[Configurable]]: true }.
    Ok(Some(OwnProperty {
        slot: Slot::Data(v),
        attrs: Attrs::DEFAULT,
    }))
}

/// [[HasProperty]] ( P ) (#sec-typedarray-hasproperty).
fn has_property(vm: &mut Vm, o: Gc<JsObject>, key: PropertyKey) -> JsResult<bool> {
    let Some((d, idx)) = numeric(o, key) else {
        // 2. Return ? OrdinaryHasProperty(O, P).
        return ordinary_has_property(vm, o, key);
    };
    // 1.b. If numericIndex is not undefined, return IsValidIntegerIndex(O, numericIndex).
    Ok(d.is_valid_index(idx))
}

/// [[DefineOwnProperty]] ( P, Desc ) (#sec-typedarray-defineownproperty).
fn define_own_property(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
    desc: PropertyDescriptor,
) -> JsResult<bool> {
    let Some((d, idx)) = numeric(o, key) else {
        // 2. Return ! OrdinaryDefineOwnProperty(O, P, Desc).
        return ordinary_define_own_property(vm, o, key, desc);
    };
    // 1.b.i. If IsValidIntegerIndex(O, numericIndex) is false, return false.
    if !d.is_valid_index(idx) {
        return Ok(false);
    }
    // 1.b.ii-v. Only a writable, enumerable, configurable data property fits.
    if desc.configurable == Some(false)
        || desc.enumerable == Some(false)
        || desc.is_accessor()
        || desc.writable == Some(false)
    {
        return Ok(false);
    }
    // 1.b.vi. If Desc has a [[Value]] field, perform ? TypedArraySetElement(O, numericIndex, Desc.[[Value]]).
    if let Some(v) = desc.value {
        set_element(vm, &d, idx, v)?;
    }
    // 1.b.vii. Return true.
    Ok(true)
}

/// [[Get]] ( P, Receiver ) (#sec-typedarray-get): numeric keys never
/// consult the prototype chain.
fn get(vm: &mut Vm, o: Gc<JsObject>, key: PropertyKey, receiver: Value) -> JsResult<Value> {
    // FAST PATH: an array index needs no numeric-string analysis.
    if let PropertyKey::Index(i) = key {
        if let Some(d) = ta_data(&o) {
            return Ok(d.get(vm, i as usize));
        }
    }
    let Some((d, idx)) = numeric(o, key) else {
        // 2. Return ? OrdinaryGet(O, P, Receiver).
        return ordinary_get(vm, o, key, receiver);
    };
    // 1.b.i. Return TypedArrayGetElement(O, numericIndex).
    Ok(get_element(vm, &d, idx))
}

/// [[Set]] ( P, V, Receiver ) (#sec-typedarray-set).
fn set(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
    v: Value,
    receiver: Value,
) -> JsResult<bool> {
    // FAST PATH: an array index stored through the array itself.
    if let (PropertyKey::Index(i), true) = (key, receiver == Value::object(o)) {
        if let Some(d) = ta_data(&o) {
            let num = element::to_numeric_for(vm, d.ty, v)?;
            if d.length().is_some_and(|len| (i as usize) < len) {
                d.write_raw(i as usize, element::encode(d.ty, &num));
            }
            return Ok(true);
        }
    }
    if let Some((d, idx)) = numeric(o, key) {
        // 1.b.i. If SameValue(O, Receiver) is true, then
        if receiver == Value::object(o) {
            // 1. Perform ? TypedArraySetElement(O, numericIndex, V). 2. Return true.
            set_element(vm, &d, idx, v)?;
            return Ok(true);
        }
        // 1.b.ii. If IsValidIntegerIndex(O, numericIndex) is false, return true.
        if !d.is_valid_index(idx) {
            return Ok(true);
        }
    }
    // 2. Return ? OrdinarySet(O, P, V, Receiver).
    ordinary_set(vm, o, key, v, receiver)
}

/// [[Delete]] ( P ) (#sec-typedarray-delete).
fn delete(vm: &mut Vm, o: Gc<JsObject>, key: PropertyKey) -> JsResult<bool> {
    let Some((d, idx)) = numeric(o, key) else {
        // 2. Return ! OrdinaryDelete(O, P).
        return ordinary_delete(vm, o, key);
    };
    // 1.b.i. If IsValidIntegerIndex(O, numericIndex) is false, return true; else return false.
    Ok(!d.is_valid_index(idx))
}

/// [[OwnPropertyKeys]] ( ) (#sec-typedarray-ownpropertykeys).
fn own_property_keys(vm: &mut Vm, o: Gc<JsObject>) -> JsResult<KeyList> {
    let Some(d) = ta_data(&o) else {
        return Ok(vm.rooted_from(o.own_keys_raw()));
    };
    // 3. If IsTypedArrayOutOfBounds(taRecord) is false, the indices first.
    let len = d.length_or_zero();
    let mut keys: Vec<PropertyKey> = Vec::with_capacity(len);
    for i in 0..len {
        keys.push(vm.index_key(i as u64));
    }
    // 4-5. Then string keys, then symbols, in creation order (the ordinary
    // storage never holds integer indices for a TypedArray).
    let rest = o.own_keys_raw();
    keys.extend(rest.iter().filter(|k| !k.is_symbol()));
    keys.extend(rest.iter().filter(|k| k.is_symbol()));
    Ok(vm.rooted_from(keys))
}

/// [[PreventExtensions]] ( ) (#sec-typedarray-preventextensions).
fn prevent_extensions(vm: &mut Vm, o: Gc<JsObject>) -> JsResult<bool> {
    // 2. If IsTypedArrayFixedLength(O) is false, return false.
    if ta_data(&o).is_some_and(|d| !d.is_fixed_length()) {
        return Ok(false);
    }
    // 3. Return OrdinaryPreventExtensions(O).
    ordinary_prevent_extensions(vm, o)
}
