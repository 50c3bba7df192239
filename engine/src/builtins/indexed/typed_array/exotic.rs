//! TypedArray exotic objects (#sec-typedarray-exotic-objects).
//!
//! Each hook returns None when `o` is not a TypedArray (or, for the
//! key-taking hooks, when the key is not a canonical numeric string and
//! the ordinary algorithm applies), so the object model falls back to the
//! ordinary internal method.

use super::{element, get_element, set_element, ta_data};
use crate::gc::Gc;
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

/// [[GetOwnProperty]] (#sec-typedarray-getownproperty).
pub fn get_own_property_hook(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
) -> Option<JsResult<Option<OwnProperty>>> {
    let (d, idx) = numeric(o, key)?;
    // 1.b.i. Let value be TypedArrayGetElement(O, numericIndex).
    let v = get_element(vm, &d, idx);
    // 1.b.ii. If value is undefined, return undefined.
    if v.is_undefined() {
        return Some(Ok(None));
    }
    // 1.b.iii. { [[Value]]: value, [[Writable]]: true, [[Enumerable]]: true, [[Configurable]]: true }.
    Some(Ok(Some(OwnProperty {
        slot: Slot::Data(v),
        attrs: Attrs::DEFAULT,
    })))
}

/// [[HasProperty]] (#sec-typedarray-hasproperty), for numeric keys.
pub fn has_hook(_vm: &mut Vm, o: Gc<JsObject>, key: PropertyKey) -> Option<JsResult<bool>> {
    let (d, idx) = numeric(o, key)?;
    // 1.b. If numericIndex is not undefined, return IsValidIntegerIndex(O, numericIndex).
    Some(Ok(d.is_valid_index(idx)))
}

/// [[DefineOwnProperty]] (#sec-typedarray-defineownproperty).
pub fn define_own_property_hook(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
    desc: PropertyDescriptor,
) -> Option<JsResult<bool>> {
    let (d, idx) = numeric(o, key)?;
    // 1.b.i. If IsValidIntegerIndex(O, numericIndex) is false, return false.
    if !d.is_valid_index(idx) {
        return Some(Ok(false));
    }
    // 1.b.ii-v. Only a writable, enumerable, configurable data property fits.
    if desc.configurable == Some(false)
        || desc.enumerable == Some(false)
        || desc.is_accessor()
        || desc.writable == Some(false)
    {
        return Some(Ok(false));
    }
    // 1.b.vi. If Desc has a [[Value]] field, perform ? TypedArraySetElement(O, numericIndex, Desc.[[Value]]).
    if let Some(v) = desc.value {
        if let Err(e) = set_element(vm, &d, idx, v) {
            return Some(Err(e));
        }
    }
    // 1.b.vii. Return true.
    Some(Ok(true))
}

/// [[Get]] (#sec-typedarray-get), for numeric keys: never consults the
/// prototype chain.
pub fn get_hook(vm: &mut Vm, o: Gc<JsObject>, key: PropertyKey) -> Option<JsResult<Value>> {
    // FAST PATH: an array index needs no numeric-string analysis.
    if let PropertyKey::Index(i) = key {
        let d = ta_data(&o)?;
        return Some(Ok(d.get(vm, i as usize)));
    }
    let (d, idx) = numeric(o, key)?;
    Some(Ok(get_element(vm, &d, idx)))
}

/// [[Set]] (#sec-typedarray-set), for numeric keys. None means "continue
/// with OrdinarySet(O, P, V, Receiver)" (a valid index and a different
/// receiver).
pub fn set_hook(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
    v: Value,
    receiver: Value,
) -> Option<JsResult<bool>> {
    // FAST PATH: an array index stored through the array itself.
    if let (PropertyKey::Index(i), true) = (key, receiver == Value::object(o)) {
        let d = ta_data(&o)?;
        let r = element::to_numeric_for(vm, d.ty, v).map(|num| {
            if d.length().is_some_and(|len| (i as usize) < len) {
                d.write_raw(i as usize, element::encode(d.ty, &num));
            }
            true
        });
        return Some(r);
    }
    let (d, idx) = numeric(o, key)?;
    // 1.b.i. If SameValue(O, Receiver) is true, then
    if receiver == Value::object(o) {
        // 1. Perform ? TypedArraySetElement(O, numericIndex, V). 2. Return true.
        return Some(set_element(vm, &d, idx, v).map(|_| true));
    }
    // 1.b.ii. If IsValidIntegerIndex(O, numericIndex) is false, return true.
    if !d.is_valid_index(idx) {
        return Some(Ok(true));
    }
    // 2. Return ? OrdinarySet(O, P, V, Receiver).
    None
}

/// [[Delete]] (#sec-typedarray-delete).
pub fn delete_hook(_vm: &mut Vm, o: Gc<JsObject>, key: PropertyKey) -> Option<JsResult<bool>> {
    let (d, idx) = numeric(o, key)?;
    // 1.b.i. If IsValidIntegerIndex(O, numericIndex) is false, return true; else return false.
    Some(Ok(!d.is_valid_index(idx)))
}

/// [[OwnPropertyKeys]] (#sec-typedarray-ownpropertykeys).
pub fn own_keys_hook(vm: &mut Vm, o: Gc<JsObject>) -> Option<JsResult<Vec<PropertyKey>>> {
    let d = ta_data(&o)?;
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
    Some(Ok(keys))
}

/// [[PreventExtensions]] (#sec-typedarray-preventextensions).
pub fn prevent_extensions_hook(_vm: &mut Vm, o: Gc<JsObject>) -> Option<JsResult<bool>> {
    let d = ta_data(&o)?;
    // 2. If IsTypedArrayFixedLength(O) is false, return false.
    if !d.is_fixed_length() {
        return Some(Ok(false));
    }
    // 3. Return OrdinaryPreventExtensions(O).
    None
}
