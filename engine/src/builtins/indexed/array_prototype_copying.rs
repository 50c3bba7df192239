//! The "change array by copy" methods of Array.prototype: toReversed,
//! toSorted, toSpliced, with (#sec-properties-of-the-array-prototype-object).
//! Each builds a fresh Array (never a species) with ArrayCreate.

use super::array::{array_create, get_index, relative, this_and_len, MAX_SAFE_LENGTH};
use super::array_prototype_mutation::sort_indexed_properties;
use crate::function::{Args, NativeFn};
use crate::gc::Gc;
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub(super) const METHODS: &[(&str, u32, NativeFn)] = &[
    ("toReversed", 0, to_reversed),
    ("toSorted", 1, to_sorted),
    ("toSpliced", 2, to_spliced),
    ("with", 2, with),
];

/// Fill a fresh array of `len` elements from `value_at(k)`, which may run
/// JS (getters): the values are defined on the result as they come, so no
/// unrooted Rust buffer is kept.
fn build(
    vm: &mut Vm,
    len: u64,
    mut value_at: impl FnMut(&mut Vm, u64) -> JsResult<Value>,
) -> JsResult<Gc<JsObject>> {
    // ArrayCreate(len): RangeError past 2^32 - 1.
    let a = array_create(vm, len as f64, None)?;
    for k in 0..len {
        let v = value_at(vm, k)?;
        // ! CreateDataPropertyOrThrow(A, Pk, v): the fresh array is
        // extensible with a writable length.
        let key = vm.index_key(k);
        vm.create_data_property_or_throw(a, key, v)?;
    }
    Ok(a)
}

/// Array.prototype.toReversed (#sec-array.prototype.toreversed).
fn to_reversed(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let a = build(vm, len, |vm, k| get_index(vm, o, len - k - 1))?;
    Ok(Value::object(a))
}

/// Array.prototype.toSorted (#sec-array.prototype.tosorted).
fn to_sorted(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1. If comparator is not undefined and IsCallable(comparator) is false, throw.
    let cmp = args.get(0);
    if !cmp.is_undefined() && !crate::object::class::value_is_callable(cmp) {
        return Err(vm.type_error("The comparison function must be either a function or undefined"));
    }
    let (o, len) = this_and_len(vm, this)?;
    // 4. Let A be ? ArrayCreate(len).
    let a = array_create(vm, len as f64, None)?;
    // 6. SortIndexedProperties(O, len, SortCompare, read-through-holes).
    let sorted = sort_indexed_properties(vm, o, len, cmp, false)?;
    // No JS runs while the sorted values are copied into A.
    a.set_dense_elements(sorted.to_vec());
    Ok(Value::object(a))
}

/// Array.prototype.toSpliced (#sec-array.prototype.tospliced).
fn to_spliced(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    // 3-6. actualStart
    let start = relative(vm, args.get(0), len, 0)?;
    let items = args.rest(2);
    let insert_count = items.len() as u64;
    // 8-10. actualSkipCount
    let skip_count = match args.len() {
        0 => 0,
        1 => len - start,
        _ => {
            let sc = vm.to_integer_or_infinity(args.get(1))?;
            sc.clamp(0.0, (len - start) as f64) as u64
        }
    };
    // 11-12. newLen, bounded by 2^53 - 1
    let new_len = len + insert_count - skip_count;
    if new_len > MAX_SAFE_LENGTH {
        return Err(vm.type_error("Array length exceeds the maximum"));
    }
    let a = build(vm, new_len, |vm, i| {
        if i < start {
            get_index(vm, o, i)
        } else if i < start + insert_count {
            Ok(items
                .get((i - start) as usize)
                .copied()
                .unwrap_or(Value::UNDEFINED))
        } else {
            get_index(vm, o, i - insert_count + skip_count)
        }
    })?;
    Ok(Value::object(a))
}

/// Array.prototype.with (#sec-array.prototype.with).
fn with(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let rel = vm.to_integer_or_infinity(args.get(0))?;
    let actual = if rel >= 0.0 { rel } else { len as f64 + rel };
    // 6. If actualIndex ≥ len or actualIndex < 0, throw a RangeError exception.
    if actual >= len as f64 || actual < 0.0 {
        return Err(vm.range_error("Invalid index"));
    }
    let actual = actual as u64;
    let value = args.get(1);
    let a = build(vm, len, |vm, k| {
        if k == actual {
            Ok(value)
        } else {
            get_index(vm, o, k)
        }
    })?;
    Ok(Value::object(a))
}
