//! BigInt (#sec-bigint-objects).

use crate::builtins::{global_binding, link_constructor, method, native_function};
use crate::function::Args;
use crate::object::{Attrs, ObjectClass, PropertyKey};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use num_bigint::BigInt;
use num_traits::{One, Signed, Zero};

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    vm.realm.set_intrinsic(Intrinsic::BigIntPrototype, proto);
    let ctor = native_function(vm, "BigInt", 1, constructor, true);
    vm.realm.set_intrinsic(Intrinsic::BigInt, ctor);
    link_constructor(vm, ctor, proto);
    method(vm, ctor, "asIntN", 2, as_int_n);
    method(vm, ctor, "asUintN", 2, as_uint_n);
    method(vm, proto, "toLocaleString", 0, to_string);
    method(vm, proto, "toString", 0, to_string);
    method(vm, proto, "valueOf", 0, value_of);
    let tag = vm.new_string("BigInt");
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    vm.define_builtin(proto, tk, tag, Attrs::CONFIGURABLE_ONLY);
    global_binding(vm, "BigInt", Value::object(ctor));
}

fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    if !nt.is_undefined() {
        return Err(vm.type_error("BigInt is not a constructor"));
    }
    let prim = vm.to_primitive(args.get(0), crate::ops::conversion::Hint::Number)?;
    if let Some(n) = prim.as_number() {
        if !n.is_finite() || n.trunc() != n {
            return Err(vm.range_error(
                "The number cannot be converted to a BigInt because it is not an integer",
            ));
        }
        let b = crate::builtins::numbers::number::exact_int(n);
        return Ok(vm.new_bigint(b));
    }
    to_bigint_value(vm, prim)
}

/// ToBigInt.
pub fn to_bigint(vm: &mut Vm, v: Value) -> JsResult<BigInt> {
    let p = vm.to_primitive(v, crate::ops::conversion::Hint::Number)?;
    if let Some(b) = p.as_bigint() {
        return Ok(b.value.clone());
    }
    match p {
        Value::TRUE => return Ok(BigInt::one()),
        Value::FALSE => return Ok(BigInt::zero()),
        _ => {}
    }
    if let Some(s) = p.as_string() {
        return match crate::ops::operators::string_to_bigint(&s.to_rust_string()) {
            Some(b) => Ok(b),
            None => Err(vm.syntax_error("Cannot convert string to a BigInt")),
        };
    }
    if p.is_number() {
        return Err(vm.type_error("Cannot convert a Number to a BigInt"));
    }
    Err(vm.type_error(&format!("Cannot convert {} to a BigInt", vm.debug_str(p))))
}

fn to_bigint_value(vm: &mut Vm, v: Value) -> JsResult<Value> {
    let b = to_bigint(vm, v)?;
    Ok(vm.new_bigint(b))
}

fn this_bigint(vm: &mut Vm, v: Value) -> JsResult<BigInt> {
    if let Some(b) = v.as_bigint() {
        return Ok(b.value.clone());
    }
    if let Some(o) = v.as_object() {
        if let ObjectClass::BigInt(b) = &o.class {
            return Ok(b.value.clone());
        }
    }
    Err(vm.type_error("BigInt.prototype method called on incompatible receiver"))
}

fn to_string(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let b = this_bigint(vm, this)?;
    let r = args.get(0);
    let radix = if r.is_undefined() {
        10.0
    } else {
        vm.to_integer_or_infinity(r)?
    };
    if !(2.0..=36.0).contains(&radix) {
        return Err(vm.range_error("toString() radix must be between 2 and 36"));
    }
    Ok(vm.new_string(&b.to_str_radix(radix as u32)))
}

fn value_of(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let b = this_bigint(vm, this)?;
    Ok(vm.new_bigint(b))
}

fn as_int_n(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let bits = vm.to_index(args.get(0))?;
    let b = to_bigint(vm, args.get(1))?;
    if bits == 0 {
        return Ok(vm.new_bigint(BigInt::zero()));
    }
    if bits > (1 << 30) {
        // Values that fit are unchanged; anything we can hold fits.
        return Ok(vm.new_bigint(b));
    }
    let m = BigInt::one() << (bits as usize);
    let mut r = ((b % &m) + &m) % &m;
    if r >= (BigInt::one() << (bits as usize - 1)) {
        r -= m;
    }
    Ok(vm.new_bigint(r))
}

fn as_uint_n(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let bits = vm.to_index(args.get(0))?;
    let b = to_bigint(vm, args.get(1))?;
    if bits > (1 << 30) {
        if b.is_negative() {
            return Err(vm.range_error("Maximum BigInt size exceeded"));
        }
        return Ok(vm.new_bigint(b));
    }
    let m = BigInt::one() << (bits as usize);
    let r = ((b % &m) + &m) % &m;
    Ok(vm.new_bigint(r))
}
