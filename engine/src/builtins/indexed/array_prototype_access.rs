//! Array.prototype methods that read or fill elements without a callback:
//! at, concat, copyWithin, entries, fill, includes, indexOf, join, keys,
//! lastIndexOf, slice, toLocaleString, toString, values
//! (#sec-properties-of-the-array-prototype-object).

use super::array::{
    array_species_create, get_if_present, get_index, is_array, relative, set_length, this_and_len,
    MAX_SAFE_LENGTH,
};
use super::array_iterator::{self, IterKind};
use crate::function::{Args, NativeFn};
use crate::gc::Gc;
use crate::object::{JsObject, PropertyKey};
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub(super) const METHODS: &[(&str, u32, NativeFn)] = &[
    ("at", 1, at),
    ("concat", 1, concat),
    ("copyWithin", 2, copy_within),
    ("entries", 0, entries),
    ("fill", 1, fill),
    ("includes", 1, includes),
    ("indexOf", 1, index_of),
    ("join", 1, join),
    ("keys", 0, keys),
    ("lastIndexOf", 1, last_index_of),
    ("slice", 2, slice),
    ("toLocaleString", 0, to_locale_string),
    ("toString", 0, to_string),
];

/// Array.prototype.at (#sec-array.prototype.at).
fn at(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let rel = vm.to_integer_or_infinity(args.get(0))?;
    let k = if rel >= 0.0 { rel } else { len as f64 + rel };
    if k < 0.0 || k >= len as f64 {
        return Ok(Value::UNDEFINED);
    }
    get_index(vm, o, k as u64)
}

/// IsConcatSpreadable (#sec-isconcatspreadable).
fn is_concat_spreadable(vm: &mut Vm, e: Value) -> JsResult<bool> {
    let Some(eo) = e.as_object() else {
        return Ok(false);
    };
    let sk = PropertyKey::Symbol(vm.symbols.is_concat_spreadable);
    let s = vm.get_prop(eo, sk)?;
    if !s.is_undefined() {
        return Ok(vm.to_boolean(s));
    }
    is_array(vm, e)
}

/// Array.prototype.concat (#sec-array.prototype.concat).
fn concat(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let a = array_species_create(vm, o, 0)?;
    let mut n: u64 = 0;
    let items = std::iter::once(Value::object(o)).chain(args.as_slice().iter().copied());
    for e in items {
        match e.as_object() {
            Some(eo) if is_concat_spreadable(vm, e)? => {
                let len = vm.length_of_array_like(eo)?;
                // iii. If n + len > 2^53 - 1, throw a TypeError exception.
                if n + len > MAX_SAFE_LENGTH {
                    return Err(vm.type_error("Array length exceeds the maximum"));
                }
                for k in 0..len {
                    if let Some(v) = get_if_present(vm, eo, k)? {
                        let nk = vm.index_key(n);
                        vm.create_data_property_or_throw(a, nk, v)?;
                    }
                    n += 1;
                }
            }
            _ => {
                if n >= MAX_SAFE_LENGTH {
                    return Err(vm.type_error("Array length exceeds the maximum"));
                }
                let nk = vm.index_key(n);
                vm.create_data_property_or_throw(a, nk, e)?;
                n += 1;
            }
        }
    }
    set_length(vm, a, n)?;
    Ok(Value::object(a))
}

/// Array.prototype.copyWithin (#sec-array.prototype.copywithin).
fn copy_within(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    // 3-11. to, from, final (ToIntegerOrInfinity(undefined) is 0).
    let to = relative(vm, args.get(0), len, 0)?;
    let from = relative(vm, args.get(1), len, 0)?;
    let fin = relative(vm, args.get(2), len, len)?;
    // 12. Let count be min(final - from, len - to).
    let mut count = fin.saturating_sub(from).min(len - to);
    if count == 0 {
        return Ok(Value::object(o));
    }
    // 13-14. Copy backwards when the ranges overlap with from < to.
    let backwards = from < to && to < from + count;
    let (mut from, mut to) = if backwards {
        (from + count - 1, to + count - 1)
    } else {
        (from, to)
    };
    while count > 0 {
        let to_key = vm.index_key(to);
        match get_if_present(vm, o, from)? {
            Some(v) => vm.set_prop(o, to_key, v, true)?,
            None => vm.delete_property_or_throw(o, to_key)?,
        }
        count -= 1;
        if count > 0 {
            if backwards {
                from -= 1;
                to -= 1;
            } else {
                from += 1;
                to += 1;
            }
        }
    }
    Ok(Value::object(o))
}

/// Array.prototype.entries (#sec-array.prototype.entries).
fn entries(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    Ok(array_iterator::create(vm, o, IterKind::Entries))
}

/// Array.prototype.keys (#sec-array.prototype.keys).
fn keys(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    Ok(array_iterator::create(vm, o, IterKind::Keys))
}

/// Array.prototype.values (#sec-array.prototype.values).
pub(super) fn values(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    Ok(array_iterator::create(vm, o, IterKind::Values))
}

/// Array.prototype.fill (#sec-array.prototype.fill).
fn fill(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let start = relative(vm, args.get(1), len, 0)?;
    let end = relative(vm, args.get(2), len, len)?;
    for k in start..end {
        let key = vm.index_key(k);
        vm.set_prop(o, key, args.get(0), true)?;
    }
    Ok(Value::object(o))
}

/// The start index of includes / indexOf from ToIntegerOrInfinity(fromIndex),
/// or None when the search is empty.
fn search_start(vm: &mut Vm, from_index: Value, len: u64) -> JsResult<Option<u64>> {
    let n = vm.to_integer_or_infinity(from_index)?;
    if n == f64::INFINITY || n >= len as f64 {
        return Ok(None);
    }
    Ok(Some(if n >= 0.0 {
        n as u64
    } else {
        (len as f64 + n).max(0.0) as u64
    }))
}

/// Array.prototype.includes (#sec-array.prototype.includes).
fn includes(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    if len == 0 {
        return Ok(Value::FALSE);
    }
    let Some(start) = search_start(vm, args.get(1), len)? else {
        return Ok(Value::FALSE);
    };
    for k in start..len {
        let v = get_index(vm, o, k)?;
        if crate::object::ops::same_value_zero(v, args.get(0)) {
            return Ok(Value::TRUE);
        }
    }
    Ok(Value::FALSE)
}

/// Array.prototype.indexOf (#sec-array.prototype.indexof).
fn index_of(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    if len == 0 {
        return Ok(Value::int(-1));
    }
    let Some(start) = search_start(vm, args.get(1), len)? else {
        return Ok(Value::int(-1));
    };
    for k in start..len {
        if let Some(v) = get_if_present(vm, o, k)? {
            if vm.strict_equals(v, args.get(0)) {
                return Ok(Value::number(k as f64));
            }
        }
    }
    Ok(Value::int(-1))
}

/// Array.prototype.lastIndexOf (#sec-array.prototype.lastindexof).
fn last_index_of(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    if len == 0 {
        return Ok(Value::int(-1));
    }
    // 4. If fromIndex is present, let n be ? ToIntegerOrInfinity(fromIndex); else len - 1.
    let n = if args.len() > 1 {
        vm.to_integer_or_infinity(args.get(1))?
    } else {
        len as f64 - 1.0
    };
    if n == f64::NEG_INFINITY {
        return Ok(Value::int(-1));
    }
    let start = if n >= 0.0 {
        n.min(len as f64 - 1.0)
    } else {
        len as f64 + n
    };
    if start < 0.0 {
        return Ok(Value::int(-1));
    }
    let mut k = start as u64 + 1;
    while k > 0 {
        k -= 1;
        if let Some(v) = get_if_present(vm, o, k)? {
            if vm.strict_equals(v, args.get(0)) {
                return Ok(Value::number(k as f64));
            }
        }
    }
    Ok(Value::int(-1))
}

/// Runs `body` with `o` on the join stack; a join already in progress on
/// `o` (a cyclic structure) yields the empty string instead.
fn with_join_guard(
    vm: &mut Vm,
    o: Gc<JsObject>,
    body: impl FnOnce(&mut Vm) -> JsResult<Vec<u16>>,
) -> JsResult<Value> {
    if vm.join_stack.contains(&o) {
        return Ok(vm.new_string(""));
    }
    vm.join_stack.push(o);
    let r = body(vm);
    vm.join_stack.pop();
    let out = r?;
    Ok(vm.new_string_utf16(&out))
}

/// Array.prototype.join (#sec-array.prototype.join).
fn join(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    // 3-4. sep defaults to ","
    let sep: Vec<u16> = if args.get(0).is_undefined() {
        vec![b',' as u16]
    } else {
        vm.to_string(args.get(0))?.to_utf16()
    };
    with_join_guard(vm, o, |vm| {
        let mut out: Vec<u16> = Vec::new();
        for k in 0..len {
            if k > 0 {
                out.extend_from_slice(&sep);
            }
            let v = get_index(vm, o, k)?;
            if !v.is_nullish() {
                out.extend(vm.to_string(v)?.units());
            }
            if out.len() > crate::string::MAX_STRING_LENGTH {
                return Err(vm.range_error("Invalid string length"));
            }
        }
        Ok(out)
    })
}

/// Array.prototype.toLocaleString (#sec-array.prototype.tolocalestring).
fn to_locale_string(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    with_join_guard(vm, o, |vm| {
        let mut out: Vec<u16> = Vec::new();
        let tk = vm.key("toLocaleString");
        for k in 0..len {
            if k > 0 {
                out.push(b',' as u16);
            }
            let v = get_index(vm, o, k)?;
            if !v.is_nullish() {
                // Invoke(element, "toLocaleString")
                let f = vm.get_v(v, tk)?;
                let s = vm.call(f, v, &[])?;
                out.extend(vm.to_string(s)?.units());
            }
            if out.len() > crate::string::MAX_STRING_LENGTH {
                return Err(vm.range_error("Invalid string length"));
            }
        }
        Ok(out)
    })
}

/// Array.prototype.toString (#sec-array.prototype.tostring).
fn to_string(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let jk = vm.names.join;
    let f = vm.get_prop(o, jk)?;
    if crate::object::class::value_is_callable(f) {
        return vm.call(f, Value::object(o), &[]);
    }
    crate::builtins::fundamental::object::to_string(
        vm,
        Value::object(o),
        Args::new(&[]),
        Value::UNDEFINED,
    )
}

/// Array.prototype.slice (#sec-array.prototype.slice).
fn slice(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let k0 = relative(vm, args.get(0), len, 0)?;
    let fin = relative(vm, args.get(1), len, len)?;
    // 11. Let count be max(final - k, 0).
    let count = fin.saturating_sub(k0);
    let a = array_species_create(vm, o, count)?;
    let mut n: u64 = 0;
    for k in k0..fin {
        if let Some(v) = get_if_present(vm, o, k)? {
            let nk = vm.index_key(n);
            vm.create_data_property_or_throw(a, nk, v)?;
        }
        n += 1;
    }
    set_length(vm, a, n)?;
    Ok(Value::object(a))
}
