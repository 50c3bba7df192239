//! String.prototype searching methods: indexOf, lastIndexOf, includes,
//! startsWith, endsWith.

use super::regexp::is_regexp;
use super::string::this_str;
use crate::builtins::method;
use crate::function::Args;
use crate::gc::Gc;
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    method(vm, proto, "endsWith", 1, ends_with);
    method(vm, proto, "includes", 1, includes);
    method(vm, proto, "indexOf", 1, index_of);
    method(vm, proto, "lastIndexOf", 1, last_index_of);
    method(vm, proto, "startsWith", 1, starts_with);
}

/// StringIndexOf ( string, searchValue, fromIndex ) (#sec-stringindexof).
pub fn string_index_of(hay: &[u16], needle: &[u16], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return if from <= hay.len() { Some(from) } else { None };
    }
    if needle.len() > hay.len() || from > hay.len() - needle.len() {
        return None;
    }
    let first = needle[0];
    let last_start = hay.len() - needle.len();
    let mut i = from;
    while i <= last_start {
        match hay[i..=last_start].iter().position(|&u| u == first) {
            None => return None,
            Some(off) => {
                let p = i + off;
                if hay[p..p + needle.len()] == needle[..] {
                    return Some(p);
                }
                i = p + 1;
            }
        }
    }
    None
}

/// `string_index_of` in windows of 64 Ki code units with a limit check
/// (`Vm::tick_n`) before each, so a search through a huge string can be
/// stopped.
pub fn string_index_of_checked(
    vm: &mut Vm,
    hay: &[u16],
    needle: &[u16],
    from: usize,
) -> JsResult<Option<usize>> {
    const WINDOW: usize = 1 << 16;
    if needle.is_empty() || hay.len() <= WINDOW {
        let r = string_index_of(hay, needle, from);
        // Count the units scanned (repeated searches for successive
        // matches must not count the whole string each time).
        let scanned = r.map_or(hay.len(), |i| i + needle.len());
        vm.tick_n(scanned.saturating_sub(from))?;
        return Ok(r);
    }
    let mut start = from;
    while start < hay.len() {
        vm.tick_n(WINDOW)?;
        // Matches starting in [start, start + WINDOW): the slice extends by
        // the needle's length so one straddling the boundary is found.
        let end = (start + WINDOW + needle.len() - 1).min(hay.len());
        if let Some(i) = string_index_of(&hay[..end], needle, start) {
            return Ok(Some(i));
        }
        start += WINDOW;
    }
    Ok(None)
}

/// Throw if `v` is a RegExp (startsWith/endsWith/includes step 3-4).
fn reject_regexp(vm: &mut Vm, v: Value, name: &str) -> JsResult<()> {
    if is_regexp(vm, v)? {
        return Err(vm.type_error(&format!(
            "First argument to String.prototype.{name} must not be a regular expression"
        )));
    }
    Ok(())
}

/// String.prototype.endsWith ( searchString [ , endPosition ] ) (#sec-string.prototype.endswith).
fn ends_with(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1-2.
    let s = this_str(vm, this)?;
    // 3-4.
    reject_regexp(vm, args.get(0), "endsWith")?;
    // 5.
    let search = vm.to_string(args.get(0))?.to_utf16();
    let hay = s.to_utf16();
    // 6-8.
    let len = hay.len();
    let end = if args.get(1).is_undefined() {
        len
    } else {
        vm.to_integer_or_infinity(args.get(1))?
            .clamp(0.0, len as f64) as usize
    };
    // 9-13.
    if search.len() > end {
        return Ok(Value::FALSE);
    }
    Ok(Value::bool(hay[end - search.len()..end] == search[..]))
}

/// String.prototype.startsWith ( searchString [ , position ] ) (#sec-string.prototype.startswith).
fn starts_with(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    reject_regexp(vm, args.get(0), "startsWith")?;
    let search = vm.to_string(args.get(0))?.to_utf16();
    let hay = s.to_utf16();
    let len = hay.len();
    let start = if args.get(1).is_undefined() {
        0
    } else {
        vm.to_integer_or_infinity(args.get(1))?
            .clamp(0.0, len as f64) as usize
    };
    if start + search.len() > len {
        return Ok(Value::FALSE);
    }
    Ok(Value::bool(hay[start..start + search.len()] == search[..]))
}

/// String.prototype.includes ( searchString [ , position ] ) (#sec-string.prototype.includes).
fn includes(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    reject_regexp(vm, args.get(0), "includes")?;
    let search = vm.to_string(args.get(0))?.to_utf16();
    let hay = s.to_utf16();
    let pos = vm
        .to_integer_or_infinity(args.get(1))?
        .clamp(0.0, hay.len() as f64) as usize;
    Ok(Value::bool(
        string_index_of_checked(vm, &hay, &search, pos)?.is_some(),
    ))
}

/// String.prototype.indexOf ( searchString [ , position ] ) (#sec-string.prototype.indexof).
fn index_of(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    let search = vm.to_string(args.get(0))?.to_utf16();
    let hay = s.to_utf16();
    let pos = vm
        .to_integer_or_infinity(args.get(1))?
        .clamp(0.0, hay.len() as f64) as usize;
    Ok(Value::int(
        string_index_of_checked(vm, &hay, &search, pos)?.map_or(-1, |i| i as i32),
    ))
}

/// String.prototype.lastIndexOf ( searchString [ , position ] ) (#sec-string.prototype.lastindexof).
fn last_index_of(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1-3.
    let s = this_str(vm, this)?;
    let search = vm.to_string(args.get(0))?.to_utf16();
    // 4-5.
    let n = vm.to_number(args.get(1))?;
    let pos = if n.is_nan() {
        f64::INFINITY
    } else {
        crate::ops::conversion::integer_part(n)
    };
    // 6-9.
    let hay = s.to_utf16();
    let len = hay.len();
    let start = pos.clamp(0.0, len as f64) as usize;
    if search.len() > len {
        return Ok(Value::int(-1));
    }
    let max = start.min(len - search.len());
    vm.tick_n(len)?;
    for i in (0..=max).rev() {
        if hay[i..i + search.len()] == search[..] {
            return Ok(Value::int(i as i32));
        }
    }
    Ok(Value::int(-1))
}
