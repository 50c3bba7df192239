//! The Reflect object (#sec-reflect-object).

use crate::builtins::fundamental::object::{from_property_descriptor, to_property_descriptor};
use crate::builtins::{global_binding, method};
use crate::function::{Args, NativeFn};
use crate::gc::{Gc, ValueList};
use crate::object::{Attrs, JsObject, ObjectClass, PropertyDescriptor, PropertyKey};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let r = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    vm.realm.set_intrinsic(Intrinsic::Reflect, r);
    let fns: &[(&str, u32, NativeFn)] = &[
        ("apply", 3, apply),
        ("construct", 2, construct),
        ("defineProperty", 3, define_property),
        ("deleteProperty", 2, delete_property),
        ("get", 2, get),
        ("getOwnPropertyDescriptor", 2, get_own_property_descriptor),
        ("getPrototypeOf", 1, get_prototype_of),
        ("has", 2, has),
        ("isExtensible", 1, is_extensible),
        ("ownKeys", 1, own_keys),
        ("preventExtensions", 1, prevent_extensions),
        ("set", 3, set),
        ("setPrototypeOf", 2, set_prototype_of),
    ];
    for &(n, l, f) in fns {
        method(vm, r, n, l, f);
    }
    let tag = vm.new_string("Reflect");
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    vm.define_builtin(r, tk, tag, Attrs::CONFIGURABLE_ONLY);
    global_binding(vm, "Reflect", Value::object(r));
}

fn target(vm: &mut Vm, v: Value) -> JsResult<Gc<JsObject>> {
    match v.as_object() {
        Some(o) => Ok(o),
        None => Err(vm.type_error("Reflect method called on non-object")),
    }
}

pub(crate) fn apply(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let f = args.get(0);
    if !crate::object::class::value_is_callable(f) {
        return Err(vm.type_error("Reflect.apply target is not callable"));
    }
    let list = vm.create_list_from_array_like(args.get(2))?;
    vm.call(f, args.get(1), &list)
}

pub(crate) fn construct(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let f = args.get(0);
    if !f.as_object().is_some_and(|o| vm.is_constructor(o)) {
        return Err(vm.type_error("Reflect.construct target is not a constructor"));
    }
    let nt = if args.len() > 2 { args.get(2) } else { f };
    if !nt.as_object().is_some_and(|o| vm.is_constructor(o)) {
        return Err(vm.type_error("Reflect.construct newTarget is not a constructor"));
    }
    let list = vm.create_list_from_array_like(args.get(1))?;
    vm.construct(f, &list, Some(nt))
}

fn define_property(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = target(vm, args.get(0))?;
    let k = vm.to_property_key(args.get(1))?;
    let d = to_property_descriptor(vm, args.get(2))?;
    Ok(Value::bool(vm.define_own_property(o, k, d)?))
}

fn delete_property(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = target(vm, args.get(0))?;
    let k = vm.to_property_key(args.get(1))?;
    Ok(Value::bool(vm.delete(o, k)?))
}

fn get(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = target(vm, args.get(0))?;
    let k = vm.to_property_key(args.get(1))?;
    let recv = if args.len() > 2 {
        args.get(2)
    } else {
        args.get(0)
    };
    vm.get(o, k, recv)
}

fn get_own_property_descriptor(
    vm: &mut Vm,
    _this: Value,
    args: Args,
    _nt: Value,
) -> JsResult<Value> {
    let o = target(vm, args.get(0))?;
    let k = vm.to_property_key(args.get(1))?;
    let p = vm.get_own_property(o, k)?;
    Ok(from_property_descriptor(
        vm,
        p.map(PropertyDescriptor::from_own),
    ))
}

fn get_prototype_of(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = target(vm, args.get(0))?;
    Ok(vm.get_prototype_of(o)?.map_or(Value::NULL, Value::object))
}

fn has(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = target(vm, args.get(0))?;
    let k = vm.to_property_key(args.get(1))?;
    Ok(Value::bool(vm.has_property(o, k)?))
}

fn is_extensible(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = target(vm, args.get(0))?;
    Ok(Value::bool(vm.is_extensible(o)?))
}

fn own_keys(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = target(vm, args.get(0))?;
    let keys = vm.own_property_keys(o)?;
    let mut vals: ValueList = vm.rooted_vec();
    for k in keys {
        let kv = vm.key_to_value(k);
        vals.push(kv);
    }
    Ok(Value::object(vm.create_array_from_list(&vals)))
}

fn prevent_extensions(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = target(vm, args.get(0))?;
    Ok(Value::bool(vm.prevent_extensions(o)?))
}

fn set(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = target(vm, args.get(0))?;
    let k = vm.to_property_key(args.get(1))?;
    let recv = if args.len() > 3 {
        args.get(3)
    } else {
        args.get(0)
    };
    Ok(Value::bool(vm.set(o, k, args.get(2), recv)?))
}

fn set_prototype_of(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = target(vm, args.get(0))?;
    let p = args.get(1);
    if !p.is_object() && !p.is_null() {
        return Err(vm.type_error("Object prototype may only be an Object or null"));
    }
    Ok(Value::bool(vm.set_prototype_of(o, p.as_object())?))
}
