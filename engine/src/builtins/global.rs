//! Function properties and value properties of the global object
//! (#sec-global-object).

use crate::builtins::{method, native_function, value};
use crate::function::Args;
use crate::object::Attrs;
use crate::ops::conversion::trim_js;
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let g = vm.realm.global;
    value(vm, g, "globalThis", Value::object(g), Attrs::HIDDEN);
    value(vm, g, "Infinity", Value::number(f64::INFINITY), Attrs::NONE);
    value(vm, g, "NaN", Value::number(f64::NAN), Attrs::NONE);
    value(vm, g, "undefined", Value::UNDEFINED, Attrs::NONE);
    let eval = native_function(vm, "eval", 1, eval, false);
    vm.realm.set_intrinsic(Intrinsic::Eval, eval);
    value(vm, g, "eval", Value::object(eval), Attrs::HIDDEN);
    method(vm, g, "isFinite", 1, is_finite);
    method(vm, g, "isNaN", 1, is_nan);
    let pf = method(vm, g, "parseFloat", 1, parse_float);
    let pi = method(vm, g, "parseInt", 2, parse_int);
    let nctor = vm.intrinsic(Intrinsic::Number);
    value(vm, nctor, "parseFloat", Value::object(pf), Attrs::HIDDEN);
    value(vm, nctor, "parseInt", Value::object(pi), Attrs::HIDDEN);
}

fn eval(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    vm.indirect_eval(args.get(0))
}

fn is_finite(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::bool(vm.to_number(args.get(0))?.is_finite()))
}

fn is_nan(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::bool(vm.to_number(args.get(0))?.is_nan()))
}

fn parse_float(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = vm.to_rust_string(args.get(0))?;
    let t = trim_js(&s);
    // The longest prefix that is a StrDecimalLiteral.
    let b = t.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    if t[i..].starts_with("Infinity") {
        let neg = b.first() == Some(&b'-');
        return Ok(Value::number(if neg { f64::NEG_INFINITY } else { f64::INFINITY }));
    }
    let mut digits = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    if i < b.len() && b[i] == b'.' {
        let save = i;
        i += 1;
        let mut frac = 0;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            frac += 1;
        }
        digits += frac;
        if frac == 0 && digits == 0 {
            i = save;
        }
    }
    if digits == 0 {
        return Ok(Value::number(f64::NAN));
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let save = i;
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            i = save;
        }
    }
    let prefix = t[..i].trim_end_matches('.');
    let prefix = if prefix.ends_with(['+', '-']) { "" } else { prefix };
    Ok(Value::number(prefix.parse::<f64>().unwrap_or(f64::NAN)))
}

fn parse_int(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = vm.to_rust_string(args.get(0))?;
    let mut r = vm.to_int32(args.get(1))?;
    let t = trim_js(&s);
    let (neg, mut t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let mut strip_prefix = true;
    if r != 0 {
        if !(2..=36).contains(&r) {
            return Ok(Value::number(f64::NAN));
        }
        if r != 16 {
            strip_prefix = false;
        }
    } else {
        r = 10;
    }
    if strip_prefix && (t.starts_with("0x") || t.starts_with("0X")) {
        t = &t[2..];
        r = 16;
    }
    let end = t.find(|c: char| !c.is_digit(r as u32)).unwrap_or(t.len());
    let digits = &t[..end];
    if digits.is_empty() {
        return Ok(Value::number(f64::NAN));
    }
    let v = if r == 10 {
        // Exact decimal rounding for long inputs.
        digits.parse::<f64>().unwrap_or(f64::NAN)
    } else {
        crate::ops::conversion::parse_radix_digits(digits, r as u32).unwrap_or(f64::NAN)
    };
    Ok(Value::number(if neg { -v } else { v }))
}
