//! %String.prototype% (#sec-properties-of-the-string-prototype-object):
//! character access, slicing, padding, trimming, well-formedness and the
//! iterator. Searching, RegExp-based, case and Annex B HTML methods live in
//! the sibling `string_prototype_*` files.

use super::string::{code_point_at_index, is_trimmable, substring, this_str};
use crate::builtins::{method, method_sym};
use crate::function::Args;
use crate::gc::Gc;
use crate::object::{Attrs, JsObject, ObjectClass};
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    type F = crate::function::NativeFn;
    let methods: &[(&str, u32, F)] = &[
        ("at", 1, at),
        ("charAt", 1, char_at),
        ("charCodeAt", 1, char_code_at),
        ("codePointAt", 1, code_point_at),
        ("concat", 1, concat),
        ("isWellFormed", 0, is_well_formed),
        ("padEnd", 1, pad_end),
        ("padStart", 1, pad_start),
        ("repeat", 1, repeat),
        ("slice", 2, slice),
        ("substring", 2, substring_method),
        ("substr", 2, substr),
        ("toString", 0, to_string),
        ("toWellFormed", 0, to_well_formed),
        ("trim", 0, trim),
        ("trimEnd", 0, trim_end),
        ("trimStart", 0, trim_start),
        ("valueOf", 0, value_of),
    ];
    for &(name, len, f) in methods {
        method(vm, proto, name, len, f);
    }
    // Annex B: trimLeft/trimRight are the same function objects as
    // trimStart/trimEnd (#sec-string.prototype.trimleft).
    let ts = vm.key("trimStart");
    let te = vm.key("trimEnd");
    if let (Some(a), Some(b)) = (proto.get_own_data(ts), proto.get_own_data(te)) {
        let tl = vm.key("trimLeft");
        let tr = vm.key("trimRight");
        vm.define_builtin(proto, tl, a, Attrs::HIDDEN);
        vm.define_builtin(proto, tr, b, Attrs::HIDDEN);
    }
    let it = vm.symbols.iterator;
    method_sym(vm, proto, it, "[Symbol.iterator]", 0, iterator);
}

/// A relative index argument clamped to [0, len] (slice-style):
/// -∞ → 0, negative → len + n, else min(n, len).
fn relative_index(vm: &mut Vm, v: Value, len: usize, default: usize) -> JsResult<usize> {
    if v.is_undefined() {
        return Ok(default);
    }
    let n = vm.to_integer_or_infinity(v)?;
    Ok(if n < 0.0 {
        (len as f64 + n).max(0.0) as usize
    } else {
        n.min(len as f64) as usize
    })
}

/// String.prototype.at ( index ) (#sec-string.prototype.at).
fn at(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    let len = s.len() as f64;
    let rel = vm.to_integer_or_infinity(args.get(0))?;
    let k = if rel >= 0.0 { rel } else { len + rel };
    if k < 0.0 || k >= len {
        return Ok(Value::UNDEFINED);
    }
    Ok(substring(vm, s, k as usize, k as usize + 1))
}

/// String.prototype.charAt ( pos ) (#sec-string.prototype.charat).
fn char_at(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    let p = vm.to_integer_or_infinity(args.get(0))?;
    if p < 0.0 || p >= s.len() as f64 {
        return Ok(vm.new_string(""));
    }
    Ok(substring(vm, s, p as usize, p as usize + 1))
}

/// String.prototype.charCodeAt ( pos ) (#sec-string.prototype.charcodeat).
fn char_code_at(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    let p = vm.to_integer_or_infinity(args.get(0))?;
    if p < 0.0 || p >= s.len() as f64 {
        return Ok(Value::number(f64::NAN));
    }
    Ok(Value::int(s.code_unit(p as usize) as i32))
}

/// String.prototype.codePointAt ( pos ) (#sec-string.prototype.codepointat).
fn code_point_at(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    let p = vm.to_integer_or_infinity(args.get(0))?;
    if p < 0.0 || p >= s.len() as f64 {
        return Ok(Value::UNDEFINED);
    }
    Ok(Value::int(code_point_at_index(&s, p as usize).0 as i32))
}

/// String.prototype.concat ( ...args ) (#sec-string.prototype.concat).
fn concat(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    let mut r = s;
    for &a in args.as_slice() {
        let n = vm.to_string(a)?;
        let joined = vm.concat_strings(r, n)?;
        r = joined.as_string().unwrap_or(r);
    }
    Ok(Value::string(r))
}

/// String.prototype.isWellFormed ( ) (#sec-string.prototype.iswellformed).
fn is_well_formed(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    if s.is_latin1() {
        return Ok(Value::TRUE);
    }
    Ok(Value::bool(
        char::decode_utf16(s.units()).all(|c| c.is_ok()),
    ))
}

/// String.prototype.toWellFormed ( ) (#sec-string.prototype.towellformed).
fn to_well_formed(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    if s.is_latin1() {
        return Ok(Value::string(s));
    }
    let mut out = Vec::with_capacity(s.len());
    for c in char::decode_utf16(s.units()) {
        match c {
            Ok(c) => {
                let mut b = [0u16; 2];
                out.extend_from_slice(c.encode_utf16(&mut b));
            }
            Err(_) => out.push(0xFFFD),
        }
    }
    Ok(vm.new_string_utf16(&out))
}

/// StringPaddingBuiltinsImpl + StringPad (#sec-stringpaddingbuiltinsimpl).
fn pad(vm: &mut Vm, this: Value, args: Args, at_start: bool) -> JsResult<Value> {
    // 1-2.
    let s = this_str(vm, this)?;
    // 3-4.
    let max = vm.to_length(args.get(0))?;
    let len = s.len() as u64;
    if max <= len {
        return Ok(Value::string(s));
    }
    // 5-6.
    let filler: Vec<u16> = if args.get(1).is_undefined() {
        vec![b' ' as u16]
    } else {
        vm.to_string(args.get(1))?.to_utf16()
    };
    if filler.is_empty() {
        return Ok(Value::string(s));
    }
    if max > crate::string::MAX_STRING_LENGTH as u64 {
        return Err(vm.range_error("Invalid string length"));
    }
    let max = max as usize;
    // The result as UTF-16, then the string cell.
    vm.check_heap_room(max.saturating_mul(4))?;
    let fill_len = max - s.len();
    let mut out = Vec::with_capacity(max);
    if !at_start {
        out.extend(s.units());
    }
    // The filler is laid down in pieces of about 64 Ki units, each counted
    // for the limits.
    let piece = filler.len().max(1 << 16) / filler.len() * filler.len();
    let mut left = fill_len;
    while left > 0 {
        let n = left.min(piece);
        vm.tick_n(n)?;
        out.extend(filler.iter().copied().cycle().take(n));
        left -= n;
    }
    if at_start {
        out.extend(s.units());
    }
    Ok(vm.new_string_utf16(&out))
}

/// String.prototype.padEnd ( maxLength [ , fillString ] ) (#sec-string.prototype.padend).
fn pad_end(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    pad(vm, this, args, false)
}

/// String.prototype.padStart ( maxLength [ , fillString ] ) (#sec-string.prototype.padstart).
fn pad_start(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    pad(vm, this, args, true)
}

/// String.prototype.repeat ( count ) (#sec-string.prototype.repeat).
fn repeat(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    let n = vm.to_integer_or_infinity(args.get(0))?;
    if n < 0.0 || n == f64::INFINITY {
        return Err(vm.range_error("Invalid count value"));
    }
    if n == 0.0 || s.is_empty() {
        return Ok(vm.new_string(""));
    }
    if s.len() as f64 * n > crate::string::MAX_STRING_LENGTH as f64 {
        return Err(vm.range_error("Invalid string length"));
    }
    let total = s.len() * n as usize;
    // The characters are built in a vector and copied into the cell: twice
    // the string's size, checked against the heap cap before allocating.
    if let Some(b) = s.as_latin1() {
        vm.check_heap_room(total.saturating_mul(2))?;
        let mut out: Vec<u8> = Vec::with_capacity(total);
        for _ in 0..n as usize {
            // At least one tick per piece, so short pieces count too.
            vm.tick_n(b.len() + 16)?;
            out.extend_from_slice(b);
        }
        return Ok(Value::string(vm.heap.alloc_latin1(&out)));
    }
    vm.check_heap_room(total.saturating_mul(4))?;
    let u = s.to_utf16();
    let mut out = Vec::with_capacity(total);
    for _ in 0..n as usize {
        vm.tick_n(u.len() + 16)?;
        out.extend_from_slice(&u);
    }
    Ok(vm.new_string_utf16(&out))
}

/// String.prototype.slice ( start, end ) (#sec-string.prototype.slice).
fn slice(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    let len = s.len();
    let from = relative_index(vm, args.get(0), len, 0)?;
    let to = relative_index(vm, args.get(1), len, len)?;
    if from >= to {
        return Ok(vm.new_string(""));
    }
    Ok(substring(vm, s, from, to))
}

/// String.prototype.substring ( start, end ) (#sec-string.prototype.substring).
fn substring_method(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    let len = s.len() as f64;
    let a = vm.to_integer_or_infinity(args.get(0))?.clamp(0.0, len) as usize;
    let b = if args.get(1).is_undefined() {
        len as usize
    } else {
        vm.to_integer_or_infinity(args.get(1))?.clamp(0.0, len) as usize
    };
    Ok(substring(vm, s, a.min(b), a.max(b)))
}

/// String.prototype.substr ( start, length ) (#sec-string.prototype.substr).
fn substr(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1-3.
    let s = this_str(vm, this)?;
    let size = s.len();
    // 4-7.
    let start = relative_index(vm, args.get(0), size, 0)?;
    // 8-9.
    let l = if args.get(1).is_undefined() {
        size as f64
    } else {
        vm.to_integer_or_infinity(args.get(1))?
    };
    let l = l.clamp(0.0, size as f64);
    // 10-11.
    let end = (start as f64 + l).min(size as f64) as usize;
    if start >= end {
        return Ok(vm.new_string(""));
    }
    Ok(substring(vm, s, start, end))
}

/// thisStringValue ( value ) (#sec-thisstringvalue).
fn this_string_value(vm: &mut Vm, this: Value, what: &str) -> JsResult<Value> {
    if this.is_string() {
        return Ok(this);
    }
    if let Some(o) = this.as_object() {
        if let ObjectClass::String(s) = o.class {
            return Ok(Value::string(s));
        }
    }
    Err(vm.type_error(&format!(
        "String.prototype.{what} requires that 'this' be a String"
    )))
}

/// String.prototype.toString ( ) (#sec-string.prototype.tostring).
fn to_string(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    this_string_value(vm, this, "toString")
}

/// String.prototype.valueOf ( ) (#sec-string.prototype.valueof).
fn value_of(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    this_string_value(vm, this, "valueOf")
}

/// TrimString ( string, where ) (#sec-trimstring).
fn trim_impl(vm: &mut Vm, this: Value, start: bool, end: bool) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    let len = s.len();
    let mut a = 0;
    let mut b = len;
    if start {
        while a < b && is_trimmable(s.code_unit(a)) {
            a += 1;
        }
    }
    if end {
        while b > a && is_trimmable(s.code_unit(b - 1)) {
            b -= 1;
        }
    }
    Ok(substring(vm, s, a, b))
}

/// String.prototype.trim ( ) (#sec-string.prototype.trim).
fn trim(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    trim_impl(vm, this, true, true)
}

/// String.prototype.trimStart ( ) (#sec-string.prototype.trimstart).
fn trim_start(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    trim_impl(vm, this, true, false)
}

/// String.prototype.trimEnd ( ) (#sec-string.prototype.trimend).
fn trim_end(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    trim_impl(vm, this, false, true)
}

/// String.prototype [ %Symbol.iterator% ] ( ) (#sec-string.prototype-%symbol.iterator%).
fn iterator(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    Ok(super::string_iterator::create(vm, s))
}
