//! %TypedArray.prototype% methods that copy or reorder elements:
//! copyWithin, set, slice, subarray, sort, toSorted.

use super::constructors::{convert_raw, create_same_type, species_create};
use super::element::{self, ElementType};
use super::prototype::{clamp_index, require_callable};
use super::{as_typed_array, set_element, validate, TypedArrayData};
use crate::builtins::indexed::array_prototype_mutation::{merge_runs, merge_sort_by};
use crate::builtins::method;
use crate::function::{Args, NativeFn};
use crate::gc::{Gc, ValueList};
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::cmp::Ordering;

pub fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    let methods: &[(&str, u32, NativeFn)] = &[
        ("copyWithin", 2, copy_within),
        ("set", 1, set),
        ("slice", 2, slice),
        ("sort", 1, sort),
        ("subarray", 2, subarray),
        ("toSorted", 1, to_sorted),
    ];
    for &(name, len, f) in methods {
        method(vm, proto, name, len, f);
    }
}

fn out_of_bounds(vm: &mut Vm) -> crate::vm::Exception {
    vm.type_error("typed array is detached or out of bounds")
}

/// %TypedArray%.prototype.copyWithin ( target, start [ , end ] )
/// (#sec-%typedarray%.prototype.copywithin).
fn copy_within(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (o, d, len) = validate(vm, this)?;
    // 4-14. targetIndex, startIndex, endIndex.
    let rel_target = vm.to_integer_or_infinity(args.get(0))?;
    let target = clamp_index(rel_target, len);
    let rel_start = vm.to_integer_or_infinity(args.get(1))?;
    let start = clamp_index(rel_start, len);
    let end_arg = args.get(2);
    let end = if end_arg.is_undefined() {
        len
    } else {
        clamp_index(vm.to_integer_or_infinity(end_arg)?, len)
    };
    // 15. Let count be min(endIndex - startIndex, len - targetIndex).
    let count = end.saturating_sub(start).min(len - target);
    if count == 0 {
        return Ok(Value::object(o));
    }
    // 16.b-d. Revalidate after the coercions.
    let Some(len) = d.length() else {
        return Err(out_of_bounds(vm));
    };
    // The coercions may have shrunk the array: copy only what still fits
    // on both sides (the byte loop stops at bufferByteLimit).
    let count = count
        .min(len.saturating_sub(start))
        .min(len.saturating_sub(target));
    let size = d.ty.size();
    let to = target * size + d.byte_offset;
    let from = start * size + d.byte_offset;
    vm.tick_n(count * size)?;
    if let Some(buf) = d.buf() {
        buf.copy_within(from, to, count * size);
    }
    Ok(Value::object(o))
}

/// %TypedArray%.prototype.set ( source [ , offset ] ) (#sec-%typedarray%.prototype.set).
fn set(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1-3. RequireInternalSlot(target, [[TypedArrayName]]).
    let Some((_, target)) = as_typed_array(this) else {
        return Err(vm.type_error("TypedArray.prototype.set called on incompatible receiver"));
    };
    // 4. Let targetOffset be ? ToIntegerOrInfinity(offset).
    let target_offset = vm.to_integer_or_infinity(args.get(1))?;
    // 5. If targetOffset < 0, throw a RangeError exception.
    if target_offset < 0.0 {
        return Err(vm.range_error("offset is out of bounds"));
    }
    let source = args.get(0);
    match as_typed_array(source) {
        Some((_, src)) => set_from_typed_array(vm, &target, target_offset, &src)?,
        None => set_from_array_like(vm, &target, target_offset, source)?,
    }
    Ok(Value::UNDEFINED)
}

/// SetTypedArrayFromTypedArray (#sec-settypedarrayfromtypedarray).
fn set_from_typed_array(
    vm: &mut Vm,
    target: &TypedArrayData,
    target_offset: f64,
    src: &TypedArrayData,
) -> JsResult<()> {
    // 2-4. targetLength.
    let Some(target_len) = target.length() else {
        return Err(out_of_bounds(vm));
    };
    // 5-8. srcLength.
    let Some(src_len) = src.length() else {
        return Err(out_of_bounds(vm));
    };
    // 15-16. Range checks.
    if target_offset == f64::INFINITY || src_len as f64 + target_offset > target_len as f64 {
        return Err(vm.range_error("offset is out of bounds"));
    }
    // 17. If target.[[ContentType]] is not source.[[ContentType]], throw a TypeError exception.
    if target.ty.is_bigint() != src.ty.is_bigint() {
        return Err(vm.type_error("Cannot mix BigInt and other types, use explicit conversions"));
    }
    let offset = target_offset as usize;
    let (src_size, dst_size) = (src.ty.size(), target.ty.size());
    // 18-20. The source bytes are read before any write (this is what
    // CloneArrayBuffer achieves when both views share a buffer).
    let bytes = match src.buf() {
        Some(b) => b.copy_out(src.byte_offset, src_len * src_size),
        None => Vec::new(),
    };
    let Some(tbuf) = target.buf() else {
        return Ok(());
    };
    let start = offset * dst_size + target.byte_offset;
    if src.ty == target.ty {
        // 23. Same type: copy the bytes.
        vm.tick_n(bytes.len())?;
        tbuf.copy_in(start, &bytes);
        return Ok(());
    }
    // 24. Convert each element.
    for (i, chunk) in bytes.chunks_exact(src_size).enumerate() {
        vm.tick()?;
        let mut raw = [0u8; 8];
        raw[..src_size].copy_from_slice(chunk);
        let v = convert_raw(src.ty, target.ty, u64::from_le_bytes(raw));
        tbuf.write(start + i * dst_size, dst_size, v, true);
    }
    Ok(())
}

/// SetTypedArrayFromArrayLike (#sec-settypedarrayfromarraylike).
fn set_from_array_like(
    vm: &mut Vm,
    target: &TypedArrayData,
    target_offset: f64,
    source: Value,
) -> JsResult<()> {
    // 1-3. targetLength.
    let Some(target_len) = target.length() else {
        return Err(out_of_bounds(vm));
    };
    // 4. Let src be ? ToObject(source).
    let src = vm.to_object(source)?;
    // 5. Let srcLength be ? LengthOfArrayLike(src).
    let src_len = vm.length_of_array_like(src)?;
    // 6-7. Range checks.
    if target_offset == f64::INFINITY || src_len as f64 + target_offset > target_len as f64 {
        return Err(vm.range_error("offset is out of bounds"));
    }
    // 8-9. Get each value and TypedArraySetElement it.
    for k in 0..src_len {
        vm.tick()?;
        let key = vm.index_key(k);
        let v = vm.get_prop(src, key)?;
        set_element(vm, target, target_offset + k as f64, v)?;
    }
    Ok(())
}

/// %TypedArray%.prototype.slice ( start, end ) (#sec-%typedarray%.prototype.slice).
fn slice(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (o, d, src_len) = validate(vm, this)?;
    // 4-11. startIndex, endIndex.
    let rel_start = vm.to_integer_or_infinity(args.get(0))?;
    let start = clamp_index(rel_start, src_len);
    let end_arg = args.get(1);
    let end = if end_arg.is_undefined() {
        src_len
    } else {
        clamp_index(vm.to_integer_or_infinity(end_arg)?, src_len)
    };
    // 12. Let countBytes be max(endIndex - startIndex, 0).
    let count = end.saturating_sub(start);
    // 13. Let A be ? TypedArraySpeciesCreate(O, « 𝔽(countBytes) »).
    let (a, ad) = species_create(vm, o, d.ty, &[Value::number(count as f64)])?;
    if count > 0 {
        // 14.a-d. Revalidate; clamp endIndex to the current length.
        let Some(len) = d.length() else {
            return Err(out_of_bounds(vm));
        };
        let end = end.min(len);
        let count = end.saturating_sub(start);
        if d.ty == ad.ty {
            // 14.g. Same type: copy byte by byte (the views may share a buffer).
            let size = d.ty.size();
            let src_index = start * size + d.byte_offset;
            let target_index = ad.byte_offset;
            if let (Some(sb), Some(tb)) = (d.buf(), ad.buf()) {
                for i in 0..count * size {
                    vm.tick()?;
                    let b = sb.read(src_index + i, 1, true);
                    tb.write(target_index + i, 1, b, true);
                }
            }
        } else {
            // 14.h. Get and Set each element.
            for (n, k) in (start..end).enumerate() {
                vm.tick()?;
                let v = d.get(vm, k);
                set_element(vm, &ad, n as f64, v)?;
            }
        }
    }
    Ok(Value::object(a))
}

/// %TypedArray%.prototype.subarray ( start, end ) (#sec-%typedarray%.prototype.subarray).
fn subarray(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1-3. RequireInternalSlot(O, [[TypedArrayName]]).
    let Some((o, d)) = as_typed_array(this) else {
        return Err(vm.type_error("TypedArray.prototype.subarray called on incompatible receiver"));
    };
    // 5-7. srcLength (0 when out of bounds).
    let src_len = d.length_or_zero();
    // 8-11. startIndex.
    let rel_start = vm.to_integer_or_infinity(args.get(0))?;
    let start = clamp_index(rel_start, src_len);
    // 12-14. beginByteOffset.
    let begin = d.byte_offset + start * d.ty.size();
    let end_arg = args.get(1);
    let buffer = Value::object(d.buffer);
    let list = if d.array_length.is_none() && end_arg.is_undefined() {
        // 15. A length-tracking result.
        vec![buffer, Value::number(begin as f64)]
    } else {
        // 16. A fixed-length result.
        let end = if end_arg.is_undefined() {
            src_len
        } else {
            clamp_index(vm.to_integer_or_infinity(end_arg)?, src_len)
        };
        let new_len = end.saturating_sub(start);
        vec![
            buffer,
            Value::number(begin as f64),
            Value::number(new_len as f64),
        ]
    };
    // 17. Return ? TypedArraySpeciesCreate(O, argumentsList).
    let (a, _) = species_create(vm, o, d.ty, &list)?;
    Ok(Value::object(a))
}

/// CompareTypedArrayElements (#sec-comparetypedarrayelements) without a
/// comparator.
fn compare_default(x: Value, y: Value) -> Ordering {
    if let (Some(a), Some(b)) = (x.as_bigint(), y.as_bigint()) {
        return a.value.cmp(&b.value);
    }
    let (a, b) = (
        x.as_number().unwrap_or(f64::NAN),
        y.as_number().unwrap_or(f64::NAN),
    );
    compare_numbers(a, b)
}

/// The default numeric order: NaN last, -0 before +0.
fn compare_numbers(a: f64, b: f64) -> Ordering {
    match (a.is_nan(), b.is_nan()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        _ => {}
    }
    if a < b {
        return Ordering::Less;
    }
    if a > b {
        return Ordering::Greater;
    }
    match (a.is_sign_negative(), b.is_sign_negative()) {
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        _ => Ordering::Equal,
    }
}

/// CompareTypedArrayElements with an optional comparator.
fn compare(vm: &mut Vm, cmp: Value, x: Value, y: Value) -> JsResult<Ordering> {
    if cmp.is_undefined() {
        return Ok(compare_default(x, y));
    }
    // 2.a. Let v be ? ToNumber(? Call(comparator, undefined, « x, y »)).
    let r = vm.call(cmp, Value::UNDEFINED, &[x, y])?;
    let v = vm.to_number(r)?;
    Ok(if v < 0.0 {
        Ordering::Less
    } else if v > 0.0 {
        Ordering::Greater
    } else {
        Ordering::Equal
    })
}

/// SortIndexedProperties for a typed array: the `len` elements in sorted
/// order, rooted (BigInt elements are cells, and the comparator runs JS).
fn sorted_raw(vm: &mut Vm, d: &TypedArrayData, len: usize, cmp: Value) -> JsResult<ValueList> {
    let mut items: ValueList = vm.rooted_vec();
    for k in 0..len {
        vm.tick()?;
        let v = d.get(vm, k);
        items.push(v);
    }
    merge_sort_by(vm, &mut items, |vm, x, y| compare(vm, cmp, x, y))?;
    Ok(items)
}

/// A stable sort that a limit can stop (`Vm::tick`): runs of 4096 are
/// sorted with the standard library's sort, with a check before each, then
/// merged bottom-up (`merge_runs`) with a tick per comparison. On termination the
/// slice is left in some permutation of its elements; callers sort a copy.
fn sort_ticking<T: Copy>(
    vm: &mut Vm,
    items: &mut [T],
    mut cmp: impl FnMut(&T, &T) -> Ordering,
) -> JsResult<()> {
    const RUN: usize = 4096;
    let n = items.len();
    for run in items.chunks_mut(RUN) {
        // About RUN * 12 comparisons: count them as RUN ticks' worth.
        vm.tick_n(RUN * 16)?;
        run.sort_by(&mut cmp);
    }
    if n <= RUN {
        return Ok(());
    }
    let mut src = items.to_vec();
    merge_runs(&mut src, RUN, |x, y| {
        vm.tick()?;
        Ok(cmp(&x, &y))
    })?;
    items.copy_from_slice(&src);
    Ok(())
}

/// FAST PATH for sort without a comparator: sort the raw elements.
fn sort_in_place_default(vm: &mut Vm, d: &TypedArrayData, len: usize) -> JsResult<()> {
    let mut sorted: Vec<u64> = Vec::with_capacity(len);
    for i in 0..len {
        vm.tick()?;
        sorted.push(d.read_raw(i));
    }
    match d.ty {
        ElementType::BigInt64 => {
            sort_ticking(vm, &mut sorted, |a, b| (*a as i64).cmp(&(*b as i64)))?
        }
        ElementType::BigUint64 => sort_ticking(vm, &mut sorted, |a, b| a.cmp(b))?,
        ty => sort_ticking(vm, &mut sorted, |a, b| {
            compare_numbers(
                element::decode_number(ty, *a),
                element::decode_number(ty, *b),
            )
        })?,
    }
    for (i, r) in sorted.into_iter().enumerate() {
        vm.tick()?;
        d.write_raw(i, r);
    }
    Ok(())
}

/// %TypedArray%.prototype.sort ( comparator ) (#sec-%typedarray%.prototype.sort).
fn sort(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let cmp = args.get(0);
    // 1. If comparator is not undefined and IsCallable(comparator) is false, throw a TypeError exception.
    if !cmp.is_undefined() {
        require_callable(vm, cmp)?;
    }
    // 2-4. Validate.
    let (o, d, len) = validate(vm, this)?;
    if cmp.is_undefined() {
        sort_in_place_default(vm, &d, len)?;
        return Ok(Value::object(o));
    }
    // 6. Let sortedList be ? SortIndexedProperties(obj, len, SortCompare, read-through-holes).
    let sorted = sorted_raw(vm, &d, len, cmp)?;
    // 7-8. Write back (writes past a shrunken end do nothing).
    for (j, v) in sorted.iter().enumerate() {
        set_element(vm, &d, j as f64, v)?;
    }
    Ok(Value::object(o))
}

/// %TypedArray%.prototype.toSorted ( comparator ) (#sec-%typedarray%.prototype.tosorted).
fn to_sorted(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let cmp = args.get(0);
    // 1. If comparator is not undefined and IsCallable(comparator) is false, throw a TypeError exception.
    if !cmp.is_undefined() {
        require_callable(vm, cmp)?;
    }
    // 2-4. Validate.
    let (_, d, len) = validate(vm, this)?;
    // 5. Let A be ? TypedArrayCreateSameType(O, « 𝔽(len) »).
    let (a, ad) = create_same_type(vm, d.ty, len)?;
    // 9. Let sortedList be ? SortIndexedProperties(O, len, SortCompare, read-through-holes).
    if cmp.is_undefined() {
        // FAST PATH: no JS runs; copy the raw elements and sort them there.
        for i in 0..len {
            ad.write_raw(i, d.read_raw(i));
        }
        sort_in_place_default(vm, &ad, len)?;
        return Ok(Value::object(a));
    }
    let sorted = sorted_raw(vm, &d, len, cmp)?;
    for (j, v) in sorted.iter().enumerate() {
        set_element(vm, &ad, j as f64, v)?;
    }
    Ok(Value::object(a))
}
