//! Typed arrays (#sec-typedarray-objects). The exotic-object hooks below
//! are consulted by the object model; they return None for objects that
//! are not typed arrays. Typed arrays themselves are not implemented yet.

use crate::gc::Gc;
use crate::object::{JsObject, OwnProperty, PropertyDescriptor, PropertyKey};
use crate::vm::{JsResult, Vm};

pub fn init(_vm: &mut Vm) {}

pub fn get_own_property_hook(_vm: &mut Vm, _o: Gc<JsObject>, _key: PropertyKey) -> Option<JsResult<Option<OwnProperty>>> {
    None
}
pub fn define_own_property_hook(
    _vm: &mut Vm,
    _o: Gc<JsObject>,
    _key: PropertyKey,
    _desc: PropertyDescriptor,
) -> Option<JsResult<bool>> {
    None
}
pub fn delete_hook(_vm: &mut Vm, _o: Gc<JsObject>, _key: PropertyKey) -> Option<JsResult<bool>> {
    None
}
pub fn own_keys_hook(_vm: &mut Vm, _o: Gc<JsObject>) -> Option<JsResult<Vec<PropertyKey>>> {
    None
}
pub fn prevent_extensions_hook(_vm: &mut Vm, _o: Gc<JsObject>) -> Option<JsResult<bool>> {
    None
}
