//! %TypedArray.prototype% (#sec-properties-of-the-%typedarrayprototype%-object):
//! the accessors and the element-wise methods. Copying, sorting and
//! slicing methods are in `prototype_copy.rs`.

use super::constructors::{create_same_type, species_create};
use super::element;
use super::{as_typed_array, set_element, validate, TypedArrayData};
use crate::builtins::indexed::array_iterator::{self, IterKind};
use crate::builtins::{accessor, method};
use crate::function::{Args, NativeFn};
use crate::gc::{Gc, ValueList};
use crate::object::{Attrs, JsObject, ObjectClass, PropertyKey};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    vm.realm
        .set_intrinsic(Intrinsic::TypedArrayPrototype, proto);
    let getters: &[(&str, NativeFn)] = &[
        ("buffer", buffer),
        ("byteLength", byte_length),
        ("byteOffset", byte_offset),
        ("length", length),
    ];
    for &(name, f) in getters {
        let k = vm.key(name);
        accessor(vm, proto, k, name, Some(f), None);
    }
    let tag = PropertyKey::Symbol(vm.symbols.to_string_tag);
    accessor(
        vm,
        proto,
        tag,
        "[Symbol.toStringTag]",
        Some(to_string_tag),
        None,
    );
    let methods: &[(&str, u32, NativeFn)] = &[
        ("at", 1, at),
        ("entries", 0, entries),
        ("every", 1, every),
        ("fill", 1, fill),
        ("filter", 1, filter),
        ("find", 1, find),
        ("findIndex", 1, find_index),
        ("findLast", 1, find_last),
        ("findLastIndex", 1, find_last_index),
        ("forEach", 1, for_each),
        ("includes", 1, includes),
        ("indexOf", 1, index_of),
        ("join", 1, join),
        ("keys", 0, keys),
        ("lastIndexOf", 1, last_index_of),
        ("map", 1, map),
        ("reduce", 1, reduce),
        ("reduceRight", 1, reduce_right),
        ("reverse", 0, reverse),
        ("some", 1, some),
        ("toLocaleString", 0, to_locale_string),
        ("toReversed", 0, to_reversed),
        ("with", 2, with),
    ];
    for &(name, len, f) in methods {
        method(vm, proto, name, len, f);
    }
    super::prototype_copy::init(vm, proto);
    let values_fn = method(vm, proto, "values", 0, values);
    let it = PropertyKey::Symbol(vm.symbols.iterator);
    vm.define_builtin(proto, it, Value::object(values_fn), Attrs::HIDDEN);
    // %TypedArray%.prototype.toString is %Array.prototype.toString%.
    let ap = vm.intrinsic(Intrinsic::ArrayPrototype);
    let tk = vm.key("toString");
    if let Some(f) = ap.get_own_data(tk) {
        vm.define_builtin(proto, tk, f, Attrs::HIDDEN);
    }
}

/// RequireInternalSlot(O, [[TypedArrayName]]) for the accessors.
fn this_ta(vm: &mut Vm, this: Value, what: &str) -> JsResult<(Gc<JsObject>, TypedArrayData)> {
    match as_typed_array(this) {
        Some(r) => Ok(r),
        None => Err(vm.type_error(&format!(
            "get TypedArray.prototype.{what} called on incompatible receiver"
        ))),
    }
}

/// A TypeError unless `f` is callable.
pub fn require_callable(vm: &mut Vm, f: Value) -> JsResult<()> {
    if crate::object::class::value_is_callable(f) {
        Ok(())
    } else {
        Err(vm.type_error(&format!("{} is not a function", vm.debug_str(f))))
    }
}

/// A relative index clamped to [0, len] (the start/end/target steps).
pub fn clamp_index(rel: f64, len: usize) -> usize {
    crate::builtins::structured::array_buffer::relative_index(rel, len)
}

/// get %TypedArray%.prototype.buffer (#sec-get-%typedarray%.prototype.buffer).
fn buffer(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let (_, d) = this_ta(vm, this, "buffer")?;
    Ok(Value::object(d.buffer))
}

/// get %TypedArray%.prototype.byteLength (#sec-get-%typedarray%.prototype.bytelength).
fn byte_length(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let (_, d) = this_ta(vm, this, "byteLength")?;
    Ok(Value::number(d.byte_length() as f64))
}

/// get %TypedArray%.prototype.byteOffset (#sec-get-%typedarray%.prototype.byteoffset).
fn byte_offset(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let (_, d) = this_ta(vm, this, "byteOffset")?;
    // 5. If IsTypedArrayOutOfBounds(taRecord) is true, return +0𝔽.
    if d.length().is_none() {
        return Ok(Value::int(0));
    }
    Ok(Value::number(d.byte_offset as f64))
}

/// get %TypedArray%.prototype.length (#sec-get-%typedarray%.prototype.length).
fn length(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let (_, d) = this_ta(vm, this, "length")?;
    Ok(Value::number(d.length_or_zero() as f64))
}

/// get %TypedArray%.prototype [ %Symbol.toStringTag% ].
fn to_string_tag(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    match as_typed_array(this) {
        Some((_, d)) => Ok(vm.new_string(d.ty.name())),
        None => Ok(Value::UNDEFINED),
    }
}

/// %TypedArray%.prototype.at ( index ) (#sec-%typedarray%.prototype.at).
fn at(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (_, d, len) = validate(vm, this)?;
    let rel = vm.to_integer_or_infinity(args.get(0))?;
    let k = if rel >= 0.0 { rel } else { len as f64 + rel };
    if k < 0.0 || k >= len as f64 {
        return Ok(Value::UNDEFINED);
    }
    Ok(d.get(vm, k as usize))
}

/// %TypedArray%.prototype.entries ( ) (#sec-%typedarray%.prototype.entries).
fn entries(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let (o, _, _) = validate(vm, this)?;
    Ok(array_iterator::create(vm, o, IterKind::Entries))
}

/// %TypedArray%.prototype.keys ( ) (#sec-%typedarray%.prototype.keys).
fn keys(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let (o, _, _) = validate(vm, this)?;
    Ok(array_iterator::create(vm, o, IterKind::Keys))
}

/// %TypedArray%.prototype.values ( ) (#sec-%typedarray%.prototype.values).
fn values(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let (o, _, _) = validate(vm, this)?;
    Ok(array_iterator::create(vm, o, IterKind::Values))
}

/// every / some / forEach: call `callback` on each element; stop when
/// `stop_on` (if any) matches the callback's truthiness.
fn each(vm: &mut Vm, this: Value, args: Args, stop_on: Option<bool>) -> JsResult<Option<bool>> {
    let (o, d, len) = validate(vm, this)?;
    let (callback, this_arg) = (args.get(0), args.get(1));
    require_callable(vm, callback)?;
    for k in 0..len {
        let v = d.get(vm, k);
        let r = vm.call(
            callback,
            this_arg,
            &[v, Value::number(k as f64), Value::object(o)],
        )?;
        if let Some(stop) = stop_on {
            if vm.to_boolean(r) == stop {
                return Ok(Some(stop));
            }
        }
    }
    Ok(None)
}

/// %TypedArray%.prototype.every (#sec-%typedarray%.prototype.every).
fn every(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::bool(each(vm, this, args, Some(false))?.is_none()))
}

/// %TypedArray%.prototype.some (#sec-%typedarray%.prototype.some).
fn some(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::bool(each(vm, this, args, Some(true))?.is_some()))
}

/// %TypedArray%.prototype.forEach (#sec-%typedarray%.prototype.foreach).
fn for_each(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    each(vm, this, args, None)?;
    Ok(Value::UNDEFINED)
}

/// %TypedArray%.prototype.fill ( value [ , start [ , end ] ] ) (#sec-%typedarray%.prototype.fill).
fn fill(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (o, d, len) = validate(vm, this)?;
    // 4-5. Convert the value.
    let num = element::to_numeric_for(vm, d.ty, args.get(0))?;
    // 6-13. startIndex, endIndex.
    let rel_start = vm.to_integer_or_infinity(args.get(1))?;
    let start = clamp_index(rel_start, len);
    let end_arg = args.get(2);
    let end = if end_arg.is_undefined() {
        len
    } else {
        clamp_index(vm.to_integer_or_infinity(end_arg)?, len)
    };
    // 14-17. Revalidate; endIndex = min(endIndex, len).
    let Some(len) = d.length() else {
        return Err(vm.type_error("typed array is detached or out of bounds"));
    };
    let end = end.min(len);
    // 18-19. Set each element.
    let raw = element::encode(d.ty, &num);
    for k in start..end {
        vm.tick()?;
        d.write_raw(k, raw);
    }
    Ok(Value::object(o))
}

/// %TypedArray%.prototype.filter (#sec-%typedarray%.prototype.filter).
fn filter(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (o, d, len) = validate(vm, this)?;
    let (callback, this_arg) = (args.get(0), args.get(1));
    require_callable(vm, callback)?;
    // The callback runs while `kept` grows: it is a rooted list.
    let mut kept: ValueList = vm.rooted_vec();
    {
        for k in 0..len {
            let v = d.get(vm, k);
            let r = vm.call(
                callback,
                this_arg,
                &[v, Value::number(k as f64), Value::object(o)],
            )?;
            if vm.to_boolean(r) {
                kept.push(v);
            }
        }
        // 9. Let A be ? TypedArraySpeciesCreate(O, « 𝔽(captured) »).
        let (a, ad) = species_create(vm, o, d.ty, &[Value::number(kept.len() as f64)])?;
        for (n, e) in kept.iter().enumerate() {
            set_element(vm, &ad, n as f64, e)?;
        }
        Ok(Value::object(a))
    }
}

/// FindViaPredicate (#sec-findviapredicate): (index, value) of the first
/// match, scanning up or down.
fn find_via_predicate(
    vm: &mut Vm,
    this: Value,
    args: Args,
    ascending: bool,
) -> JsResult<(f64, Value)> {
    let (o, d, len) = validate(vm, this)?;
    let (predicate, this_arg) = (args.get(0), args.get(1));
    require_callable(vm, predicate)?;
    for i in 0..len {
        let k = if ascending { i } else { len - 1 - i };
        let v = d.get(vm, k);
        let r = vm.call(
            predicate,
            this_arg,
            &[v, Value::number(k as f64), Value::object(o)],
        )?;
        if vm.to_boolean(r) {
            return Ok((k as f64, v));
        }
    }
    Ok((-1.0, Value::UNDEFINED))
}

/// %TypedArray%.prototype.find (#sec-%typedarray%.prototype.find).
fn find(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    Ok(find_via_predicate(vm, this, args, true)?.1)
}

/// %TypedArray%.prototype.findIndex (#sec-%typedarray%.prototype.findindex).
fn find_index(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::number(find_via_predicate(vm, this, args, true)?.0))
}

/// %TypedArray%.prototype.findLast (#sec-%typedarray%.prototype.findlast).
fn find_last(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    Ok(find_via_predicate(vm, this, args, false)?.1)
}

/// %TypedArray%.prototype.findLastIndex (#sec-%typedarray%.prototype.findlastindex).
fn find_last_index(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::number(find_via_predicate(vm, this, args, false)?.0))
}

/// The first index to search from for includes / indexOf, or None when
/// the search is empty.
fn search_start(vm: &mut Vm, from: Value, len: usize) -> JsResult<Option<usize>> {
    let n = vm.to_integer_or_infinity(from)?;
    if n == f64::INFINITY {
        return Ok(None);
    }
    let k = if n >= 0.0 {
        n
    } else {
        (len as f64 + n).max(0.0)
    };
    Ok(Some(k as usize))
}

/// %TypedArray%.prototype.includes (#sec-%typedarray%.prototype.includes).
fn includes(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (_, d, len) = validate(vm, this)?;
    if len == 0 {
        return Ok(Value::FALSE);
    }
    let Some(start) = search_start(vm, args.get(1), len)? else {
        return Ok(Value::FALSE);
    };
    let target = args.get(0);
    for k in start..len {
        vm.tick()?;
        let e = d.get(vm, k);
        if crate::object::ops::same_value_zero(target, e) {
            return Ok(Value::TRUE);
        }
    }
    Ok(Value::FALSE)
}

/// IsStrictlyEqual for a Number/BigInt element.
fn strictly_equal(a: Value, b: Value) -> bool {
    if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (a.as_bigint(), b.as_bigint()) {
        return x.value == y.value;
    }
    false
}

/// %TypedArray%.prototype.indexOf (#sec-%typedarray%.prototype.indexof).
fn index_of(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (_, d, len) = validate(vm, this)?;
    if len == 0 {
        return Ok(Value::int(-1));
    }
    let Some(start) = search_start(vm, args.get(1), len)? else {
        return Ok(Value::int(-1));
    };
    let target = args.get(0);
    for k in start..len {
        vm.tick()?;
        // HasProperty(O, Pk) is false past the current end.
        if !d.is_valid_index(k as f64) {
            continue;
        }
        let e = d.get(vm, k);
        if strictly_equal(target, e) {
            return Ok(Value::number(k as f64));
        }
    }
    Ok(Value::int(-1))
}

/// %TypedArray%.prototype.lastIndexOf (#sec-%typedarray%.prototype.lastindexof).
fn last_index_of(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (_, d, len) = validate(vm, this)?;
    if len == 0 {
        return Ok(Value::int(-1));
    }
    // 5. If fromIndex is present, let n be ? ToIntegerOrInfinity(fromIndex); else let n be len - 1.
    let n = if args.len() > 1 {
        vm.to_integer_or_infinity(args.get(1))?
    } else {
        len as f64 - 1.0
    };
    if n == f64::NEG_INFINITY {
        return Ok(Value::int(-1));
    }
    let mut k = if n >= 0.0 {
        n.min(len as f64 - 1.0)
    } else {
        len as f64 + n
    };
    let target = args.get(0);
    while k >= 0.0 {
        vm.tick()?;
        let i = k as usize;
        if d.is_valid_index(k) {
            let e = d.get(vm, i);
            if strictly_equal(target, e) {
                return Ok(Value::number(k));
            }
        }
        k -= 1.0;
    }
    Ok(Value::int(-1))
}

/// %TypedArray%.prototype.join ( separator ) (#sec-%typedarray%.prototype.join).
fn join(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (_, d, len) = validate(vm, this)?;
    let sep_arg = args.get(0);
    let sep: Vec<u16> = if sep_arg.is_undefined() {
        vec![b',' as u16]
    } else {
        vm.to_string(sep_arg)?.to_utf16()
    };
    let mut out: Vec<u16> = Vec::new();
    for k in 0..len {
        vm.tick()?;
        if k > 0 {
            out.extend_from_slice(&sep);
        }
        let e = d.get(vm, k);
        if !e.is_undefined() {
            let s = vm.to_string(e)?;
            out.extend(s.units());
        }
    }
    Ok(vm.new_string_utf16(&out))
}

/// %TypedArray%.prototype.map (#sec-%typedarray%.prototype.map).
fn map(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (o, d, len) = validate(vm, this)?;
    let (callback, this_arg) = (args.get(0), args.get(1));
    require_callable(vm, callback)?;
    // 5. Let A be ? TypedArraySpeciesCreate(O, « 𝔽(len) »).
    let (a, ad) = species_create(vm, o, d.ty, &[Value::number(len as f64)])?;
    for k in 0..len {
        let v = d.get(vm, k);
        let mapped = vm.call(
            callback,
            this_arg,
            &[v, Value::number(k as f64), Value::object(o)],
        )?;
        set_element(vm, &ad, k as f64, mapped)?;
    }
    Ok(Value::object(a))
}

/// reduce / reduceRight (#sec-%typedarray%.prototype.reduce).
fn reduce_impl(vm: &mut Vm, this: Value, args: Args, right: bool) -> JsResult<Value> {
    let (o, d, len) = validate(vm, this)?;
    let callback = args.get(0);
    require_callable(vm, callback)?;
    if len == 0 && args.len() < 2 {
        return Err(vm.type_error("Reduce of empty array with no initial value"));
    }
    let index = |i: usize| if right { len - 1 - i } else { i };
    let mut i = 0;
    let mut acc = if args.len() >= 2 {
        args.get(1)
    } else {
        i = 1;
        d.get(vm, index(0))
    };
    while i < len {
        let k = index(i);
        let v = d.get(vm, k);
        acc = vm.call(
            callback,
            Value::UNDEFINED,
            &[acc, v, Value::number(k as f64), Value::object(o)],
        )?;
        i += 1;
    }
    Ok(acc)
}

/// %TypedArray%.prototype.reduce (#sec-%typedarray%.prototype.reduce).
fn reduce(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    reduce_impl(vm, this, args, false)
}

/// %TypedArray%.prototype.reduceRight (#sec-%typedarray%.prototype.reduceright).
fn reduce_right(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    reduce_impl(vm, this, args, true)
}

/// %TypedArray%.prototype.reverse ( ) (#sec-%typedarray%.prototype.reverse).
fn reverse(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let (o, d, len) = validate(vm, this)?;
    let middle = len / 2;
    for lower in 0..middle {
        vm.tick()?;
        let upper = len - lower - 1;
        let (lo, up) = (d.read_raw(lower), d.read_raw(upper));
        d.write_raw(lower, up);
        d.write_raw(upper, lo);
    }
    Ok(Value::object(o))
}

/// %TypedArray%.prototype.toLocaleString (#sec-%typedarray%.prototype.tolocalestring),
/// following Array.prototype.toLocaleString with TypedArrayLength.
fn to_locale_string(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let (_, d, len) = validate(vm, this)?;
    let key = vm.key("toLocaleString");
    let mut out: Vec<u16> = Vec::new();
    for k in 0..len {
        vm.tick()?;
        if k > 0 {
            out.push(b',' as u16);
        }
        let e = d.get(vm, k);
        if !e.is_nullish() {
            let f = vm.get_v(e, key)?;
            let r = vm.call(f, e, &[])?;
            let s = vm.to_string(r)?;
            out.extend(s.units());
        }
    }
    Ok(vm.new_string_utf16(&out))
}

/// %TypedArray%.prototype.toReversed ( ) (#sec-%typedarray%.prototype.toreversed).
fn to_reversed(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let (_, d, len) = validate(vm, this)?;
    // 4. Let A be ? TypedArrayCreateSameType(O, « 𝔽(length) »).
    let (a, ad) = create_same_type(vm, d.ty, len)?;
    for k in 0..len {
        let v = d.get(vm, len - k - 1);
        set_element(vm, &ad, k as f64, v)?;
    }
    Ok(Value::object(a))
}

/// %TypedArray%.prototype.with ( index, value ) (#sec-%typedarray%.prototype.with).
fn with(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (_, d, len) = validate(vm, this)?;
    // 4-6. actualIndex.
    let rel = vm.to_integer_or_infinity(args.get(0))?;
    let actual = if rel >= 0.0 { rel } else { len as f64 + rel };
    // 7-8. numericValue.
    let num = element::to_numeric_for(vm, d.ty, args.get(1))?;
    // 9. If IsValidIntegerIndex(O, 𝔽(actualIndex)) is false, throw a RangeError exception.
    if !d.is_valid_index(actual) {
        return Err(vm.range_error("Invalid typed array index"));
    }
    // 10. Let A be ? TypedArrayCreateSameType(O, « 𝔽(len) »).
    let (a, ad) = create_same_type(vm, d.ty, len)?;
    let replacement = numeric_value(vm, &num);
    for k in 0..len {
        let v = if k as f64 == actual {
            replacement
        } else {
            d.get(vm, k)
        };
        set_element(vm, &ad, k as f64, v)?;
    }
    Ok(Value::object(a))
}

/// A Numeric as a language value.
fn numeric_value(vm: &mut Vm, n: &element::Numeric) -> Value {
    match n {
        element::Numeric::Number(x) => Value::number(*x),
        element::Numeric::BigInt(b) => vm.new_bigint(b.clone()),
    }
}
