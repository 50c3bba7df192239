//! Array.prototype methods that mutate the receiver in place: pop, push,
//! reverse, shift, sort, splice, unshift
//! (#sec-properties-of-the-array-prototype-object), plus the sorting
//! helpers shared with toSorted and typed arrays.

use super::array::{
    array_species_create, get_if_present, get_index, is_plain_dense_array, relative, set_length,
    this_and_len, MAX_SAFE_LENGTH,
};
use crate::function::{Args, NativeFn};
use crate::gc::{Gc, ValueList};
use crate::object::{JsObject, ObjectClass, PropertyKey};
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub(super) const METHODS: &[(&str, u32, NativeFn)] = &[
    ("pop", 0, pop),
    ("push", 1, push),
    ("reverse", 0, reverse),
    ("shift", 0, shift),
    ("sort", 1, sort),
    ("splice", 2, splice),
    ("unshift", 1, unshift),
];

/// Array.prototype.pop (#sec-array.prototype.pop).
fn pop(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    // FAST PATH: a plain dense array (see `is_plain_dense_array`): the last
    // element is read, deleted and the length lowered without observable
    // side effects.
    if let Some(o) = this.as_object() {
        if let (true, ObjectClass::Array(a)) = (is_plain_dense_array(o), &o.class) {
            let len = a.length.get();
            if len > 0 {
                let v = o.dense_get(len - 1).unwrap_or(Value::UNDEFINED);
                o.truncate_elements(len - 1);
                a.length.set(len - 1);
                return Ok(v);
            }
        }
    }
    let (o, len) = this_and_len(vm, this)?;
    if len == 0 {
        set_length(vm, o, 0)?;
        return Ok(Value::UNDEFINED);
    }
    let key = vm.index_key(len - 1);
    let v = vm.get_prop(o, key)?;
    vm.delete_property_or_throw(o, key)?;
    set_length(vm, o, len - 1)?;
    Ok(v)
}

/// Array.prototype.push (#sec-array.prototype.push).
fn push(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // FAST PATH: a plain dense array without trailing holes.
    if let Some(o) = this.as_object() {
        if let (true, ObjectClass::Array(a)) = (is_plain_dense_array(o), &o.class) {
            let len = a.length.get();
            if o.dense_len() == len as usize && (len as u64 + args.len() as u64) < u32::MAX as u64 {
                for &v in args.as_slice() {
                    o.dense_push(v);
                }
                a.length.set(len + args.len() as u32);
                return Ok(Value::number(a.length.get() as f64));
            }
        }
    }
    let (o, len) = this_and_len(vm, this)?;
    // 4. If len + argCount > 2^53 - 1, throw a TypeError exception.
    if len + args.len() as u64 > MAX_SAFE_LENGTH {
        return Err(vm.type_error("Pushing past the maximum array length"));
    }
    let mut n = len;
    for &v in args.as_slice() {
        let key = vm.index_key(n);
        vm.set_prop(o, key, v, true)?;
        n += 1;
    }
    set_length(vm, o, n)?;
    Ok(Value::number(n as f64))
}

/// Array.prototype.reverse (#sec-array.prototype.reverse).
fn reverse(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let mid = len / 2;
    let mut lower = 0;
    while lower != mid {
        let upper = len - lower - 1;
        let lk = vm.index_key(lower);
        let uk = vm.index_key(upper);
        let le = vm.has_property(o, lk)?;
        let lv = if le {
            vm.get_prop(o, lk)?
        } else {
            Value::UNDEFINED
        };
        let ue = vm.has_property(o, uk)?;
        let uv = if ue {
            vm.get_prop(o, uk)?
        } else {
            Value::UNDEFINED
        };
        match (le, ue) {
            (true, true) => {
                vm.set_prop(o, lk, uv, true)?;
                vm.set_prop(o, uk, lv, true)?;
            }
            (false, true) => {
                vm.set_prop(o, lk, uv, true)?;
                vm.delete_property_or_throw(o, uk)?;
            }
            (true, false) => {
                vm.delete_property_or_throw(o, lk)?;
                vm.set_prop(o, uk, lv, true)?;
            }
            (false, false) => {}
        }
        lower += 1;
    }
    Ok(Value::object(o))
}

/// Array.prototype.shift (#sec-array.prototype.shift).
fn shift(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    // FAST PATH: a plain dense array: with no indexed properties on the
    // prototype chain, moving each element (or hole) down one slot is
    // exactly what the generic steps do.
    if let Some(o) = this.as_object() {
        if let (true, ObjectClass::Array(a)) = (is_plain_dense_array(o), &o.class) {
            let len = a.length.get();
            if len > 0 {
                if let Some(mut elems) = o.dense_snapshot() {
                    let first = match elems.first() {
                        Some(v) if !v.is_hole() => *v,
                        _ => Value::UNDEFINED,
                    };
                    if !elems.is_empty() {
                        elems.remove(0);
                    }
                    o.set_dense_elements(elems);
                    a.length.set(len - 1);
                    return Ok(first);
                }
            }
        }
    }
    let (o, len) = this_and_len(vm, this)?;
    if len == 0 {
        set_length(vm, o, 0)?;
        return Ok(Value::UNDEFINED);
    }
    let first = vm.get_prop(o, PropertyKey::Index(0))?;
    for k in 1..len {
        let to = vm.index_key(k - 1);
        match get_if_present(vm, o, k)? {
            Some(v) => vm.set_prop(o, to, v, true)?,
            None => vm.delete_property_or_throw(o, to)?,
        }
    }
    let last = vm.index_key(len - 1);
    vm.delete_property_or_throw(o, last)?;
    set_length(vm, o, len - 1)?;
    Ok(first)
}

/// Array.prototype.unshift (#sec-array.prototype.unshift).
fn unshift(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let n = args.len() as u64;
    if n > 0 {
        // 4.a. If len + argCount > 2^53 - 1, throw a TypeError exception.
        if len + n > MAX_SAFE_LENGTH {
            return Err(vm.type_error("Unshift past the maximum array length"));
        }
        let mut k = len;
        while k > 0 {
            let to = vm.index_key(k + n - 1);
            match get_if_present(vm, o, k - 1)? {
                Some(v) => vm.set_prop(o, to, v, true)?,
                None => vm.delete_property_or_throw(o, to)?,
            }
            k -= 1;
        }
        for (j, &v) in args.as_slice().iter().enumerate() {
            let key = vm.index_key(j as u64);
            vm.set_prop(o, key, v, true)?;
        }
    }
    set_length(vm, o, len + n)?;
    Ok(Value::number((len + n) as f64))
}

/// Array.prototype.splice (#sec-array.prototype.splice).
fn splice(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let start = relative(vm, args.get(0), len, 0)?;
    let items = args.rest(2);
    // 8-10. actualDeleteCount
    let delete_count = match args.len() {
        0 => 0,
        1 => len - start,
        _ => {
            let dc = vm.to_integer_or_infinity(args.get(1))?;
            dc.clamp(0.0, (len - start) as f64) as u64
        }
    };
    let item_count = items.len() as u64;
    // 11. If len + itemCount - actualDeleteCount > 2^53 - 1, throw a TypeError.
    if len + item_count - delete_count > MAX_SAFE_LENGTH {
        return Err(vm.type_error("Splice past the maximum array length"));
    }
    let a = array_species_create(vm, o, delete_count)?;
    for k in 0..delete_count {
        if let Some(v) = get_if_present(vm, o, start + k)? {
            let to = vm.index_key(k);
            vm.create_data_property_or_throw(a, to, v)?;
        }
    }
    set_length(vm, a, delete_count)?;
    if item_count < delete_count {
        for k in start..len - delete_count {
            let to = vm.index_key(k + item_count);
            match get_if_present(vm, o, k + delete_count)? {
                Some(v) => vm.set_prop(o, to, v, true)?,
                None => vm.delete_property_or_throw(o, to)?,
            }
        }
        let mut k = len;
        while k > len - delete_count + item_count {
            let key = vm.index_key(k - 1);
            vm.delete_property_or_throw(o, key)?;
            k -= 1;
        }
    } else if item_count > delete_count {
        let mut k = len - delete_count;
        while k > start {
            let to = vm.index_key(k + item_count - 1);
            match get_if_present(vm, o, k + delete_count - 1)? {
                Some(v) => vm.set_prop(o, to, v, true)?,
                None => vm.delete_property_or_throw(o, to)?,
            }
            k -= 1;
        }
    }
    for (j, &v) in items.iter().enumerate() {
        let key = vm.index_key(start + j as u64);
        vm.set_prop(o, key, v, true)?;
    }
    set_length(vm, o, len - delete_count + item_count)?;
    Ok(Value::object(a))
}

/// CompareArrayElements (#sec-comparearrayelements).
pub fn sort_compare(vm: &mut Vm, cmp: Value, x: Value, y: Value) -> JsResult<std::cmp::Ordering> {
    use std::cmp::Ordering;
    if x.is_undefined() && y.is_undefined() {
        return Ok(Ordering::Equal);
    }
    if x.is_undefined() {
        return Ok(Ordering::Greater);
    }
    if y.is_undefined() {
        return Ok(Ordering::Less);
    }
    if !cmp.is_undefined() {
        let r = vm.call(cmp, Value::UNDEFINED, &[x, y])?;
        let n = vm.to_number(r)?;
        return Ok(if n < 0.0 {
            Ordering::Less
        } else if n > 0.0 {
            Ordering::Greater
        } else {
            Ordering::Equal
        });
    }
    let xs = vm.to_string(x)?;
    let ys = vm.to_string(y)?;
    Ok(xs.compare(&ys))
}

/// A stable merge sort whose comparator may throw (and run JS).
pub fn sort_values(vm: &mut Vm, items: &mut ValueList, cmp: Value) -> JsResult<()> {
    merge_sort_by(vm, items, |vm, x, y| sort_compare(vm, cmp, x, y))
}

/// A stable merge sort of `items` by `order`, which may run JavaScript.
///
/// The merge works on plain vectors: every value in them is also in
/// `items`, which stays rooted and unchanged until the sorted order is
/// written back at the end (cells never move, so the copies stay valid).
pub fn merge_sort_by(
    vm: &mut Vm,
    items: &mut ValueList,
    mut order: impl FnMut(&mut Vm, Value, Value) -> JsResult<std::cmp::Ordering>,
) -> JsResult<()> {
    let n = items.len();
    if n < 2 {
        return Ok(());
    }
    let mut cur = items.to_vec();
    merge_runs(&mut cur, 1, |x, y| order(vm, x, y))?;
    items.clear();
    items.extend_from_slice(&cur);
    Ok(())
}

/// Bottom-up merge of `items`, whose runs of `width` are already sorted;
/// stable (the right element is taken only when strictly less). `order`
/// may fail (a throwing comparator, a limit): the slice is then left in
/// some permutation of its elements.
pub fn merge_runs<T: Copy>(
    items: &mut Vec<T>,
    mut width: usize,
    mut order: impl FnMut(T, T) -> JsResult<std::cmp::Ordering>,
) -> JsResult<()> {
    let n = items.len();
    let mut buf = items.to_vec();
    while width < n {
        let mut i = 0;
        while i < n {
            let mid = (i + width).min(n);
            let end = (i + 2 * width).min(n);
            let (mut a, mut b, mut k) = (i, mid, i);
            while a < mid && b < end {
                if order(items[b], items[a])? == std::cmp::Ordering::Less {
                    buf[k] = items[b];
                    b += 1;
                } else {
                    buf[k] = items[a];
                    a += 1;
                }
                k += 1;
            }
            buf[k..k + (mid - a)].copy_from_slice(&items[a..mid]);
            k += mid - a;
            buf[k..k + (end - b)].copy_from_slice(&items[b..end]);
            i += 2 * width;
        }
        std::mem::swap(items, &mut buf);
        width *= 2;
    }
    Ok(())
}

/// SortIndexedProperties (#sec-sortindexedproperties): the (sorted) values
/// of `o`'s first `len` indices, skipping holes when `skip_holes`.
pub(super) fn sort_indexed_properties(
    vm: &mut Vm,
    o: Gc<JsObject>,
    len: u64,
    cmp: Value,
    skip_holes: bool,
) -> JsResult<ValueList> {
    // Getters may run while the list grows: it is rooted.
    let mut items: ValueList = vm.rooted_vec();
    for k in 0..len {
        let v = if skip_holes {
            match get_if_present(vm, o, k)? {
                Some(v) => v,
                None => continue,
            }
        } else {
            get_index(vm, o, k)?
        };
        items.push(v);
    }
    sort_values(vm, &mut items, cmp)?;
    Ok(items)
}

/// Array.prototype.sort (#sec-array.prototype.sort).
fn sort(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1. If comparator is not undefined and IsCallable(comparator) is false, throw.
    let cmp = args.get(0);
    if !cmp.is_undefined() && !crate::object::class::value_is_callable(cmp) {
        return Err(vm.type_error("The comparison function must be either a function or undefined"));
    }
    let (o, len) = this_and_len(vm, this)?;
    // Written back while setters may run: `items` stays rooted.
    let items = sort_indexed_properties(vm, o, len, cmp, true)?;
    let n = items.len() as u64;
    for (i, v) in items.iter().enumerate() {
        let key = vm.index_key(i as u64);
        vm.set_prop(o, key, v, true)?;
    }
    for k in n..len {
        let key = vm.index_key(k);
        vm.delete_property_or_throw(o, key)?;
    }
    Ok(Value::object(o))
}
