//! Array.prototype methods that call a callback per element: every, some,
//! forEach, map, filter, find, findIndex, findLast, findLastIndex, reduce,
//! reduceRight, flat, flatMap (#sec-properties-of-the-array-prototype-object).

use super::array::{
    array_species_create, callback, get_if_present, get_index, is_array, this_and_len,
    MAX_SAFE_LENGTH,
};
use crate::function::{Args, NativeFn};
use crate::gc::Gc;
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub(super) const METHODS: &[(&str, u32, NativeFn)] = &[
    ("every", 1, every),
    ("filter", 1, filter),
    ("find", 1, find),
    ("findIndex", 1, find_index),
    ("findLast", 1, find_last),
    ("findLastIndex", 1, find_last_index),
    ("flat", 0, flat),
    ("flatMap", 1, flat_map),
    ("forEach", 1, for_each),
    ("map", 1, map),
    ("reduce", 1, reduce),
    ("reduceRight", 1, reduce_right),
    ("some", 1, some),
];

/// The loop of every / some / forEach: calls `f(kValue, k, O)` for each
/// present element until `stop(result)` says so; returns whether it stopped.
fn each_present(
    vm: &mut Vm,
    this: Value,
    args: Args,
    mut stop: impl FnMut(&mut Vm, Value) -> bool,
) -> JsResult<bool> {
    // 1-3. O, len, IsCallable(callbackfn)
    let (o, len) = this_and_len(vm, this)?;
    let f = callback(vm, args.get(0))?;
    let this_arg = args.get(1);
    for k in 0..len {
        if let Some(v) = get_if_present(vm, o, k)? {
            let r = vm.call(f, this_arg, &[v, Value::number(k as f64), Value::object(o)])?;
            if stop(vm, r) {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// Array.prototype.every (#sec-array.prototype.every).
fn every(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let stopped = each_present(vm, this, args, |vm, r| !vm.to_boolean(r))?;
    Ok(Value::bool(!stopped))
}

/// Array.prototype.some (#sec-array.prototype.some).
fn some(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let stopped = each_present(vm, this, args, |vm, r| vm.to_boolean(r))?;
    Ok(Value::bool(stopped))
}

/// Array.prototype.forEach (#sec-array.prototype.foreach).
fn for_each(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    each_present(vm, this, args, |_, _| false)?;
    Ok(Value::UNDEFINED)
}

/// Array.prototype.map (#sec-array.prototype.map).
fn map(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let f = callback(vm, args.get(0))?;
    // 4. Let A be ? ArraySpeciesCreate(O, len).
    let a = array_species_create(vm, o, len)?;
    for k in 0..len {
        if let Some(v) = get_if_present(vm, o, k)? {
            let r = vm.call(
                f,
                args.get(1),
                &[v, Value::number(k as f64), Value::object(o)],
            )?;
            let key = vm.index_key(k);
            vm.create_data_property_or_throw(a, key, r)?;
        }
    }
    Ok(Value::object(a))
}

/// Array.prototype.filter (#sec-array.prototype.filter).
fn filter(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let f = callback(vm, args.get(0))?;
    let a = array_species_create(vm, o, 0)?;
    let mut to: u64 = 0;
    for k in 0..len {
        if let Some(v) = get_if_present(vm, o, k)? {
            let r = vm.call(
                f,
                args.get(1),
                &[v, Value::number(k as f64), Value::object(o)],
            )?;
            if vm.to_boolean(r) {
                let tk = vm.index_key(to);
                vm.create_data_property_or_throw(a, tk, v)?;
                to += 1;
            }
        }
    }
    Ok(Value::object(a))
}

/// FindViaPredicate (#sec-findviapredicate): (index, value), or (-1, undefined).
fn find_via_predicate(
    vm: &mut Vm,
    this: Value,
    args: Args,
    descending: bool,
) -> JsResult<(f64, Value)> {
    let (o, len) = this_and_len(vm, this)?;
    // 1. If IsCallable(predicate) is false, throw a TypeError exception.
    let f = callback(vm, args.get(0))?;
    let this_arg = args.get(1);
    for i in 0..len {
        let k = if descending { len - 1 - i } else { i };
        let v = get_index(vm, o, k)?;
        let r = vm.call(f, this_arg, &[v, Value::number(k as f64), Value::object(o)])?;
        if vm.to_boolean(r) {
            return Ok((k as f64, v));
        }
    }
    Ok((-1.0, Value::UNDEFINED))
}

/// Array.prototype.find (#sec-array.prototype.find).
fn find(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    Ok(find_via_predicate(vm, this, args, false)?.1)
}

/// Array.prototype.findIndex (#sec-array.prototype.findindex).
fn find_index(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::number(find_via_predicate(vm, this, args, false)?.0))
}

/// Array.prototype.findLast (#sec-array.prototype.findlast).
fn find_last(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    Ok(find_via_predicate(vm, this, args, true)?.1)
}

/// Array.prototype.findLastIndex (#sec-array.prototype.findlastindex).
fn find_last_index(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::number(find_via_predicate(vm, this, args, true)?.0))
}

/// Array.prototype.reduce (#sec-array.prototype.reduce).
fn reduce(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let f = callback(vm, args.get(0))?;
    let has_initial = args.len() >= 2;
    // 4. If len = 0 and initialValue is not present, throw a TypeError exception.
    if len == 0 && !has_initial {
        return Err(vm.type_error("Reduce of empty array with no initial value"));
    }
    let mut k = 0;
    let mut acc = if has_initial {
        args.get(1)
    } else {
        let mut found = None;
        while k < len && found.is_none() {
            found = get_if_present(vm, o, k)?;
            k += 1;
        }
        match found {
            Some(v) => v,
            None => return Err(vm.type_error("Reduce of empty array with no initial value")),
        }
    };
    while k < len {
        if let Some(v) = get_if_present(vm, o, k)? {
            acc = vm.call(
                f,
                Value::UNDEFINED,
                &[acc, v, Value::number(k as f64), Value::object(o)],
            )?;
        }
        k += 1;
    }
    Ok(acc)
}

/// Array.prototype.reduceRight (#sec-array.prototype.reduceright).
fn reduce_right(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let f = callback(vm, args.get(0))?;
    let has_initial = args.len() >= 2;
    if len == 0 && !has_initial {
        return Err(vm.type_error("Reduce of empty array with no initial value"));
    }
    // 5. Let k be len - 1 (counted here as `k` elements still to visit).
    let mut k = len;
    let mut acc = if has_initial {
        args.get(1)
    } else {
        let mut found = None;
        while k > 0 && found.is_none() {
            found = get_if_present(vm, o, k - 1)?;
            k -= 1;
        }
        match found {
            Some(v) => v,
            None => return Err(vm.type_error("Reduce of empty array with no initial value")),
        }
    };
    while k > 0 {
        if let Some(v) = get_if_present(vm, o, k - 1)? {
            acc = vm.call(
                f,
                Value::UNDEFINED,
                &[acc, v, Value::number((k - 1) as f64), Value::object(o)],
            )?;
        }
        k -= 1;
    }
    Ok(acc)
}

/// FlattenIntoArray (#sec-flattenintoarray); returns the next target index.
fn flatten_into_array(
    vm: &mut Vm,
    target: Gc<JsObject>,
    source: Gc<JsObject>,
    source_len: u64,
    start: u64,
    depth: f64,
    mapper: Option<(Value, Value)>,
) -> JsResult<u64> {
    let mut target_index = start;
    for source_index in 0..source_len {
        let Some(mut element) = get_if_present(vm, source, source_index)? else {
            continue;
        };
        if let Some((f, this_arg)) = mapper {
            element = vm.call(
                f,
                this_arg,
                &[
                    element,
                    Value::number(source_index as f64),
                    Value::object(source),
                ],
            )?;
        }
        let should_flatten = depth > 0.0 && is_array(vm, element)?;
        match element.as_object() {
            Some(eo) if should_flatten => {
                let new_depth = if depth == f64::INFINITY {
                    depth
                } else {
                    depth - 1.0
                };
                let element_len = vm.length_of_array_like(eo)?;
                // Guard the Rust recursion like a nested call.
                vm.native_depth += 1;
                let r = if vm.native_depth > crate::vm::MAX_NATIVE_DEPTH {
                    Err(vm.range_error("Maximum call stack size exceeded"))
                } else {
                    flatten_into_array(vm, target, eo, element_len, target_index, new_depth, None)
                };
                vm.native_depth -= 1;
                target_index = r?;
            }
            _ => {
                if target_index >= MAX_SAFE_LENGTH {
                    return Err(vm.type_error("Array length exceeds the maximum"));
                }
                let key = vm.index_key(target_index);
                vm.create_data_property_or_throw(target, key, element)?;
                target_index += 1;
            }
        }
    }
    Ok(target_index)
}

/// Array.prototype.flat (#sec-array.prototype.flat).
fn flat(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (o, source_len) = this_and_len(vm, this)?;
    // 3-4. depthNum
    let depth = if args.get(0).is_undefined() {
        1.0
    } else {
        vm.to_integer_or_infinity(args.get(0))?.max(0.0)
    };
    let a = array_species_create(vm, o, 0)?;
    flatten_into_array(vm, a, o, source_len, 0, depth, None)?;
    Ok(Value::object(a))
}

/// Array.prototype.flatMap (#sec-array.prototype.flatmap).
fn flat_map(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (o, source_len) = this_and_len(vm, this)?;
    let f = callback(vm, args.get(0))?;
    let a = array_species_create(vm, o, 0)?;
    flatten_into_array(vm, a, o, source_len, 0, 1.0, Some((f, args.get(1))))?;
    Ok(Value::object(a))
}
