//! Proxy objects (#sec-proxy-object-internal-methods-and-internal-slots).
//! Not implemented yet: the constructor is absent, and these internal
//! methods (reached only for proxy objects) forward to the target without
//! traps.

use crate::gc::Gc;
use crate::object::{JsObject, ObjectClass, OwnProperty, PropertyDescriptor, PropertyKey};
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(_vm: &mut Vm) {}

fn target_of(vm: &mut Vm, p: Gc<JsObject>) -> JsResult<Gc<JsObject>> {
    match &p.class {
        ObjectClass::Proxy(d) => match (d.handler.get(), d.target.get()) {
            (Some(_), Some(t)) => Ok(t),
            _ => Err(vm.type_error("Cannot perform operation on a revoked proxy")),
        },
        _ => Err(vm.type_error("not a proxy")),
    }
}

pub fn get_prototype_of(vm: &mut Vm, p: Gc<JsObject>) -> JsResult<Option<Gc<JsObject>>> {
    let t = target_of(vm, p)?;
    vm.get_prototype_of(t)
}
pub fn set_prototype_of(vm: &mut Vm, p: Gc<JsObject>, v: Option<Gc<JsObject>>) -> JsResult<bool> {
    let t = target_of(vm, p)?;
    vm.set_prototype_of(t, v)
}
pub fn is_extensible(vm: &mut Vm, p: Gc<JsObject>) -> JsResult<bool> {
    let t = target_of(vm, p)?;
    vm.is_extensible(t)
}
pub fn prevent_extensions(vm: &mut Vm, p: Gc<JsObject>) -> JsResult<bool> {
    let t = target_of(vm, p)?;
    vm.prevent_extensions(t)
}
pub fn get_own_property(vm: &mut Vm, p: Gc<JsObject>, k: PropertyKey) -> JsResult<Option<OwnProperty>> {
    let t = target_of(vm, p)?;
    vm.get_own_property(t, k)
}
pub fn define_own_property(vm: &mut Vm, p: Gc<JsObject>, k: PropertyKey, d: PropertyDescriptor) -> JsResult<bool> {
    let t = target_of(vm, p)?;
    vm.define_own_property(t, k, d)
}
pub fn has(vm: &mut Vm, p: Gc<JsObject>, k: PropertyKey) -> JsResult<bool> {
    let t = target_of(vm, p)?;
    vm.has_property(t, k)
}
pub fn get(vm: &mut Vm, p: Gc<JsObject>, k: PropertyKey, receiver: Value) -> JsResult<Value> {
    let t = target_of(vm, p)?;
    vm.get(t, k, receiver)
}
pub fn set(vm: &mut Vm, p: Gc<JsObject>, k: PropertyKey, v: Value, receiver: Value) -> JsResult<bool> {
    let t = target_of(vm, p)?;
    vm.set(t, k, v, receiver)
}
pub fn delete(vm: &mut Vm, p: Gc<JsObject>, k: PropertyKey) -> JsResult<bool> {
    let t = target_of(vm, p)?;
    vm.delete(t, k)
}
pub fn own_keys(vm: &mut Vm, p: Gc<JsObject>) -> JsResult<Vec<PropertyKey>> {
    let t = target_of(vm, p)?;
    vm.own_property_keys(t)
}
pub fn call(vm: &mut Vm, p: Gc<JsObject>, this: Value, args: &[Value]) -> JsResult<Value> {
    let t = target_of(vm, p)?;
    vm.call(Value::object(t), this, args)
}
pub fn construct(vm: &mut Vm, p: Gc<JsObject>, args: &[Value], nt: Value) -> JsResult<Value> {
    let t = target_of(vm, p)?;
    vm.construct(Value::object(t), args, Some(nt))
}
