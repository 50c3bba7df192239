//! Boolean (#sec-boolean-objects).

use crate::builtins::{global_binding, link_constructor, method, native_function};
use crate::function::Args;
use crate::object::ObjectClass;
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.new_object_with(Some(op), ObjectClass::Boolean(false));
    vm.realm.set_intrinsic(Intrinsic::BooleanPrototype, proto);
    let ctor = native_function(vm, "Boolean", 1, constructor, true);
    vm.realm.set_intrinsic(Intrinsic::Boolean, ctor);
    link_constructor(vm, ctor, proto);
    method(vm, proto, "toString", 0, to_string);
    method(vm, proto, "valueOf", 0, value_of);
    global_binding(vm, "Boolean", Value::object(ctor));
}

fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    let b = vm.to_boolean(args.get(0));
    if nt.is_undefined() {
        return Ok(Value::bool(b));
    }
    let proto = vm.get_prototype_from_constructor(nt, Intrinsic::BooleanPrototype)?;
    Ok(Value::object(
        vm.new_object_with(Some(proto), ObjectClass::Boolean(b)),
    ))
}

fn this_boolean(vm: &mut Vm, v: Value) -> JsResult<bool> {
    if let Some(b) = v.as_bool() {
        return Ok(b);
    }
    if let Some(o) = v.as_object() {
        if let ObjectClass::Boolean(b) = o.class {
            return Ok(b);
        }
    }
    Err(vm.type_error("Boolean.prototype method called on incompatible receiver"))
}

fn to_string(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let b = this_boolean(vm, this)?;
    Ok(vm.new_string(if b { "true" } else { "false" }))
}

fn value_of(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::bool(this_boolean(vm, this)?))
}
