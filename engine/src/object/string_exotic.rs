//! String exotic objects (#sec-string-exotic-objects): String wrapper
//! objects, whose indices below the length and `length` itself come from
//! the wrapped string (`ObjectClass::String`).

use super::methods::InternalMethods;
use super::ops::validate_and_apply;
use super::ordinary::{ordinary_define_own_property, ORDINARY_METHODS};
use super::{Attrs, JsObject, ObjectClass, OwnProperty, PropertyDescriptor, PropertyKey, Slot};
use crate::gc::{Gc, KeyList};
use crate::value::Value;
use crate::vm::{JsResult, Vm};

/// String wrappers (`ObjectClass::String`).
pub static STRING: InternalMethods = InternalMethods {
    name: "String",
    get_own_property: string_get_own_property,
    define_own_property: string_define_own_property,
    own_property_keys: string_own_property_keys,
    ..ORDINARY_METHODS
};

/// StringGetOwnProperty ( S, P ) (#sec-stringgetownproperty), with
/// `length` (kept with the string, not in the property storage); None
/// for keys the string does not define.
fn string_own(vm: &mut Vm, o: Gc<JsObject>, key: PropertyKey) -> Option<OwnProperty> {
    let ObjectClass::String(s) = &o.class else {
        return None;
    };
    if let PropertyKey::Index(i) = key {
        // 5-8. An index below the length: the code unit as a one-unit string.
        if (i as usize) < s.len() {
            let ch = vm.heap.alloc_utf16(&[s.code_unit(i as usize)]);
            // 9. { [[Value]]: resultStr, [[Writable]]: false, [[Enumerable]]: true, [[Configurable]]: false }.
            return Some(OwnProperty {
                slot: Slot::Data(Value::string(ch)),
                attrs: Attrs(Attrs::ENUMERABLE),
            });
        }
    } else if key == vm.names.length {
        // The wrapper's `length` (#sec-properties-of-string-instances-length).
        return Some(OwnProperty {
            slot: Slot::Data(Value::int(s.len() as i32)),
            attrs: Attrs::NONE,
        });
    }
    None
}

/// [[GetOwnProperty]] ( P ) (#sec-string-exotic-objects-getownproperty-p).
fn string_get_own_property(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
) -> JsResult<Option<OwnProperty>> {
    // 1-2. Let desc be OrdinaryGetOwnProperty(S, P); if not undefined, return it.
    // (The stored properties never hold the string's own keys.)
    // 3. Return StringGetOwnProperty(S, P).
    match string_own(vm, o, key) {
        Some(p) => Ok(Some(p)),
        None => Ok(o.get_own_raw(key)),
    }
}

/// [[DefineOwnProperty]] ( P, Desc ) (#sec-string-exotic-objects-defineownproperty-p-desc).
fn string_define_own_property(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
    desc: PropertyDescriptor,
) -> JsResult<bool> {
    // 1. Let stringDesc be StringGetOwnProperty(S, P).
    if let Some(current) = string_own(vm, o, key) {
        // 2.a-b. Return IsCompatiblePropertyDescriptor(extensible, Desc, stringDesc).
        return Ok(validate_and_apply(
            vm,
            None,
            key,
            false,
            desc,
            Some(current),
        ));
    }
    // 3. Return ! OrdinaryDefineOwnProperty(S, P, Desc).
    ordinary_define_own_property(vm, o, key, desc)
}

/// [[OwnPropertyKeys]] ( ) (#sec-string-exotic-objects-ownpropertykeys).
fn string_own_property_keys(vm: &mut Vm, o: Gc<JsObject>) -> JsResult<KeyList> {
    let n = match &o.class {
        ObjectClass::String(s) => s.len() as u32,
        _ => 0,
    };
    let rest = o.own_keys_raw();
    // 4-5. The string's indices, ascending.
    let mut keys: Vec<PropertyKey> = (0..n).map(PropertyKey::Index).collect();
    // 6. Then the other integer indices, ascending.
    keys.extend(
        rest.iter()
            .filter(|k| matches!(k, PropertyKey::Index(i) if *i >= n)),
    );
    // 7. Then string keys in creation order (`length` first: the wrapper
    // defines it at creation), 8. then symbols.
    keys.push(vm.names.length);
    keys.extend(rest.iter().filter(|k| !matches!(k, PropertyKey::Index(_))));
    Ok(vm.rooted_from(keys))
}
