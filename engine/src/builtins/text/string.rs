//! String (#sec-string-objects).

use crate::builtins::{global_binding, link_constructor, method, method_sym, native_function};
use crate::function::Args;
use crate::gc::Gc;
use crate::object::{Attrs, ObjectClass, PropertyKey};
use crate::realm::Intrinsic;
use crate::string::JsString;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let empty = vm.heap.alloc_latin1(b"");
    let proto = vm.new_object_with(Some(op), ObjectClass::String(empty));
    vm.realm.set_intrinsic(Intrinsic::StringPrototype, proto);
    let ctor = native_function(vm, "String", 1, constructor, true);
    vm.realm.set_intrinsic(Intrinsic::String, ctor);
    link_constructor(vm, ctor, proto);
    method(vm, ctor, "fromCharCode", 1, from_char_code);
    method(vm, ctor, "fromCodePoint", 1, from_code_point);
    method(vm, ctor, "raw", 1, raw);
    type F = crate::function::NativeFn;
    let methods: &[(&str, u32, F)] = &[
        ("at", 1, at),
        ("charAt", 1, char_at),
        ("charCodeAt", 1, char_code_at),
        ("codePointAt", 1, code_point_at),
        ("concat", 1, concat),
        ("endsWith", 1, ends_with),
        ("includes", 1, includes),
        ("indexOf", 1, index_of),
        ("isWellFormed", 0, is_well_formed),
        ("lastIndexOf", 1, last_index_of),
        ("localeCompare", 1, locale_compare),
        ("padEnd", 1, pad_end),
        ("padStart", 1, pad_start),
        ("repeat", 1, repeat),
        ("replace", 2, replace),
        ("replaceAll", 2, replace_all),
        ("slice", 2, slice),
        ("split", 2, split),
        ("startsWith", 1, starts_with),
        ("substring", 2, substring),
        ("substr", 2, substr),
        ("toLocaleLowerCase", 0, to_lower_case),
        ("toLocaleUpperCase", 0, to_upper_case),
        ("toLowerCase", 0, to_lower_case),
        ("toString", 0, to_string),
        ("toUpperCase", 0, to_upper_case),
        ("toWellFormed", 0, to_well_formed),
        ("trim", 0, trim),
        ("trimEnd", 0, trim_end),
        ("trimStart", 0, trim_start),
        ("valueOf", 0, to_string),
    ];
    for &(name, len, f) in methods {
        method(vm, proto, name, len, f);
    }
    // Annex B aliases share the function objects.
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
    global_binding(vm, "String", Value::object(ctor));
}

fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    let s = if args.is_empty() {
        vm.heap.alloc_latin1(b"")
    } else {
        let v = args.get(0);
        if nt.is_undefined() {
            if let Some(sym) = v.as_symbol() {
                let d = crate::builtins::fundamental::symbol::descriptive_string(&sym);
                return Ok(vm.new_string(&d));
            }
        }
        vm.to_string(v)?
    };
    if nt.is_undefined() {
        return Ok(Value::string(s));
    }
    let proto = vm.get_prototype_from_constructor(nt, Intrinsic::StringPrototype)?;
    Ok(Value::object(vm.new_object_with(Some(proto), ObjectClass::String(s))))
}

/// The `this` of a String.prototype method as a string (RequireObjectCoercible + ToString).
pub fn this_str(vm: &mut Vm, this: Value) -> JsResult<Gc<JsString>> {
    if let Some(s) = this.as_string() {
        return Ok(s);
    }
    if this.is_nullish() {
        return Err(vm.type_error("String.prototype method called on null or undefined"));
    }
    vm.to_string(this)
}

fn from_char_code(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let mut units = Vec::with_capacity(args.len());
    for &a in args.as_slice() {
        units.push(vm.to_uint32(a)? as u16);
    }
    Ok(vm.new_string_utf16(&units))
}

fn from_code_point(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let mut units = Vec::with_capacity(args.len());
    for &a in args.as_slice() {
        let n = vm.to_number(a)?;
        if n.trunc() != n || !(0.0..=1114111.0).contains(&n) {
            return Err(vm.range_error(&format!("Invalid code point {}", crate::ops::conversion::number_to_string(n))));
        }
        push_code_point(&mut units, n as u32);
    }
    Ok(vm.new_string_utf16(&units))
}

pub fn push_code_point(units: &mut Vec<u16>, cp: u32) {
    if cp < 0x10000 {
        units.push(cp as u16);
    } else {
        let c = cp - 0x10000;
        units.push(0xD800 + (c >> 10) as u16);
        units.push(0xDC00 + (c & 0x3FF) as u16);
    }
}

fn raw(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let cooked = vm.to_object(args.get(0))?;
    let rk = vm.names.raw;
    let rv = vm.get_prop(cooked, rk)?;
    let raw = vm.to_object(rv)?;
    let len = vm.length_of_array_like(raw)?;
    let mut out: Vec<u16> = Vec::new();
    for i in 0..len {
        let k = vm.index_key(i);
        let seg = vm.get_prop(raw, k)?;
        let s = vm.to_string(seg)?;
        out.extend(s.units());
        if i + 1 < len && ((i + 1) as usize) < args.len() {
            let sub = vm.to_string(args.get(i as usize + 1))?;
            out.extend(sub.units());
        }
    }
    Ok(vm.new_string_utf16(&out))
}

/// Clamp a relative index argument (slice-style) to [0, len].
fn relative_index(vm: &mut Vm, v: Value, len: usize, default: usize) -> JsResult<usize> {
    if v.is_undefined() {
        return Ok(default);
    }
    let n = vm.to_integer_or_infinity(v)?;
    Ok(if n < 0.0 { (len as f64 + n).max(0.0) as usize } else { n.min(len as f64) as usize })
}

fn at(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    let len = s.len() as f64;
    let rel = vm.to_integer_or_infinity(args.get(0))?;
    let k = if rel >= 0.0 { rel } else { len + rel };
    if k < 0.0 || k >= len {
        return Ok(Value::UNDEFINED);
    }
    Ok(vm.new_string_utf16(&[s.code_unit(k as usize)]))
}

fn char_at(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    let p = vm.to_integer_or_infinity(args.get(0))?;
    if p < 0.0 || p >= s.len() as f64 {
        return Ok(vm.new_string(""));
    }
    Ok(vm.new_string_utf16(&[s.code_unit(p as usize)]))
}

fn char_code_at(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    let p = vm.to_integer_or_infinity(args.get(0))?;
    if p < 0.0 || p >= s.len() as f64 {
        return Ok(Value::number(f64::NAN));
    }
    Ok(Value::int(s.code_unit(p as usize) as i32))
}

/// CodePointAt: (code point, unit count).
pub fn code_point_at_index(s: &JsString, i: usize) -> (u32, usize) {
    let first = s.code_unit(i) as u32;
    if !(0xD800..0xDC00).contains(&first) || i + 1 >= s.len() {
        return (first, 1);
    }
    let second = s.code_unit(i + 1) as u32;
    if !(0xDC00..0xE000).contains(&second) {
        return (first, 1);
    }
    (((first - 0xD800) << 10) + (second - 0xDC00) + 0x10000, 2)
}

fn code_point_at(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    let p = vm.to_integer_or_infinity(args.get(0))?;
    if p < 0.0 || p >= s.len() as f64 {
        return Ok(Value::UNDEFINED);
    }
    Ok(Value::int(code_point_at_index(&s, p as usize).0 as i32))
}

fn concat(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    let mut r = Value::string(s);
    for &a in args.as_slice() {
        let n = vm.to_string(a)?;
        let cur = r.as_string().unwrap_or(s);
        r = vm.concat_strings(cur, n)?;
    }
    Ok(r)
}

fn is_regexp(vm: &mut Vm, v: Value) -> JsResult<bool> {
    let Some(o) = v.as_object() else { return Ok(false) };
    let mk = PropertyKey::Symbol(vm.symbols.match_);
    let m = vm.get_prop(o, mk)?;
    if !m.is_undefined() {
        return Ok(vm.to_boolean(m));
    }
    Ok(matches!(&o.class, ObjectClass::Data(d) if d.class_name() == "RegExp"))
}

fn find(hay: &[u16], needle: &[u16], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return if from <= hay.len() { Some(from) } else { None };
    }
    if needle.len() > hay.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| &hay[i..i + needle.len()] == needle)
}

fn ends_with(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    if is_regexp(vm, args.get(0))? {
        return Err(vm.type_error("First argument to String.prototype.endsWith must not be a regular expression"));
    }
    let search = vm.to_string(args.get(0))?.to_utf16();
    let hay = s.to_utf16();
    let end = relative_end(vm, args.get(1), hay.len())?;
    if search.len() > end {
        return Ok(Value::FALSE);
    }
    Ok(Value::bool(hay[end - search.len()..end] == search[..]))
}

fn relative_end(vm: &mut Vm, v: Value, len: usize) -> JsResult<usize> {
    if v.is_undefined() {
        return Ok(len);
    }
    let n = vm.to_integer_or_infinity(v)?;
    Ok(n.clamp(0.0, len as f64) as usize)
}

fn starts_with(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    if is_regexp(vm, args.get(0))? {
        return Err(vm.type_error("First argument to String.prototype.startsWith must not be a regular expression"));
    }
    let search = vm.to_string(args.get(0))?.to_utf16();
    let hay = s.to_utf16();
    let start = relative_end(vm, args.get(1), hay.len()).map(|x| if args.get(1).is_undefined() { 0 } else { x })?;
    if start + search.len() > hay.len() {
        return Ok(Value::FALSE);
    }
    Ok(Value::bool(hay[start..start + search.len()] == search[..]))
}

fn includes(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    if is_regexp(vm, args.get(0))? {
        return Err(vm.type_error("First argument to String.prototype.includes must not be a regular expression"));
    }
    let search = vm.to_string(args.get(0))?.to_utf16();
    let hay = s.to_utf16();
    let pos = vm.to_integer_or_infinity(args.get(1))?.clamp(0.0, hay.len() as f64) as usize;
    Ok(Value::bool(find(&hay, &search, pos).is_some()))
}

fn index_of(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    let search = vm.to_string(args.get(0))?.to_utf16();
    let hay = s.to_utf16();
    let pos = vm.to_integer_or_infinity(args.get(1))?.clamp(0.0, hay.len() as f64) as usize;
    Ok(Value::int(find(&hay, &search, pos).map_or(-1, |i| i as i32)))
}

fn last_index_of(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    let search = vm.to_string(args.get(0))?.to_utf16();
    let hay = s.to_utf16();
    let n = vm.to_number(args.get(1))?;
    let pos = if n.is_nan() { f64::INFINITY } else { crate::ops::conversion::integer_part(n) };
    let len = hay.len();
    let start = pos.clamp(0.0, len as f64) as usize;
    if search.len() > len {
        return Ok(Value::int(-1));
    }
    let max = start.min(len - search.len());
    for i in (0..=max).rev() {
        if hay[i..i + search.len()] == search[..] {
            return Ok(Value::int(i as i32));
        }
    }
    Ok(Value::int(-1))
}

fn locale_compare(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    let t = vm.to_string(args.get(0))?;
    let a = s.to_rust_string();
    let b = t.to_rust_string();
    Ok(Value::int(match a.cmp(&b) {
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => 1,
    }))
}

fn pad(vm: &mut Vm, this: Value, args: Args, at_start: bool) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    let max = vm.to_length(args.get(0))? as usize;
    let len = s.len();
    if max <= len {
        return Ok(Value::string(s));
    }
    let filler: Vec<u16> = if args.get(1).is_undefined() { vec![b' ' as u16] } else { vm.to_string(args.get(1))?.to_utf16() };
    if filler.is_empty() {
        return Ok(Value::string(s));
    }
    if max > crate::string::MAX_STRING_LENGTH {
        return Err(vm.range_error("Invalid string length"));
    }
    let fill_len = max - len;
    let fill: Vec<u16> = filler.iter().copied().cycle().take(fill_len).collect();
    let mut out = Vec::with_capacity(max);
    if at_start {
        out.extend(fill);
        out.extend(s.units());
    } else {
        out.extend(s.units());
        out.extend(fill);
    }
    Ok(vm.new_string_utf16(&out))
}
fn pad_end(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    pad(vm, this, args, false)
}
fn pad_start(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    pad(vm, this, args, true)
}

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
    let u = s.to_utf16();
    let mut out = Vec::with_capacity(u.len() * n as usize);
    for _ in 0..n as usize {
        out.extend_from_slice(&u);
    }
    Ok(vm.new_string_utf16(&out))
}

/// GetSubstitution for string patterns (no captures).
pub fn get_substitution(matched: &[u16], s: &[u16], position: usize, captures: &[Option<Vec<u16>>], replacement: &[u16]) -> Vec<u16> {
    let mut out = Vec::new();
    let mut i = 0;
    let tail_pos = (position + matched.len()).min(s.len());
    while i < replacement.len() {
        let c = replacement[i];
        if c == b'$' as u16 && i + 1 < replacement.len() {
            let n = replacement[i + 1];
            if n == b'$' as u16 {
                out.push(b'$' as u16);
                i += 2;
                continue;
            }
            if n == b'&' as u16 {
                out.extend_from_slice(matched);
                i += 2;
                continue;
            }
            if n == b'`' as u16 {
                out.extend_from_slice(&s[..position.min(s.len())]);
                i += 2;
                continue;
            }
            if n == b'\'' as u16 {
                out.extend_from_slice(&s[tail_pos..]);
                i += 2;
                continue;
            }
            if (b'0' as u16..=b'9' as u16).contains(&n) {
                let d1 = (n - b'0' as u16) as usize;
                let two = i + 2 < replacement.len() && (b'0' as u16..=b'9' as u16).contains(&replacement[i + 2]);
                if two {
                    let d2 = d1 * 10 + (replacement[i + 2] - b'0' as u16) as usize;
                    if d2 >= 1 && d2 <= captures.len() {
                        if let Some(c) = &captures[d2 - 1] {
                            out.extend_from_slice(c);
                        }
                        i += 3;
                        continue;
                    }
                }
                if d1 >= 1 && d1 <= captures.len() {
                    if let Some(c) = &captures[d1 - 1] {
                        out.extend_from_slice(c);
                    }
                    i += 2;
                    continue;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

fn replace_impl(vm: &mut Vm, this: Value, args: Args, all: bool) -> JsResult<Value> {
    let this = vm.require_object_coercible(this)?;
    let search = args.get(0);
    let replace_value = args.get(1);
    if !search.is_nullish() {
        if all && is_regexp(vm, search)? {
            let fk = vm.names.flags;
            let flags = vm.get_v(search, fk)?;
            vm.require_object_coercible(flags)?;
            let f = vm.to_string(flags)?;
            if !f.units().any(|u| u == b'g' as u16) {
                return Err(vm.type_error("replaceAll must be called with a global RegExp"));
            }
        }
        let rk = PropertyKey::Symbol(vm.symbols.replace);
        if let Some(m) = vm.get_method(search, rk)? {
            return vm.call(m, search, &[this, replace_value]);
        }
    }
    let s = vm.to_string(this)?.to_utf16();
    let search_s = vm.to_string(search)?.to_utf16();
    let functional = crate::object::class::value_is_callable(replace_value);
    let replace_s = if functional { Vec::new() } else { vm.to_string(replace_value)?.to_utf16() };
    let mut positions = Vec::new();
    let adv = search_s.len().max(1);
    let mut p = find(&s, &search_s, 0);
    while let Some(i) = p {
        positions.push(i);
        if !all {
            break;
        }
        p = find(&s, &search_s, i + adv);
    }
    let mut out = Vec::new();
    let mut end = 0;
    for pos in positions {
        out.extend_from_slice(&s[end..pos]);
        if functional {
            let m = vm.new_string_utf16(&search_s);
            let sv = vm.new_string_utf16(&s);
            let r = vm.call(replace_value, Value::UNDEFINED, &[m, Value::int(pos as i32), sv])?;
            out.extend(vm.to_string(r)?.units());
        } else {
            out.extend(get_substitution(&search_s, &s, pos, &[], &replace_s));
        }
        end = pos + search_s.len();
    }
    if end == 0 && out.is_empty() && find(&s, &search_s, 0).is_none() {
        return Ok(vm.new_string_utf16(&s));
    }
    out.extend_from_slice(&s[end.min(s.len())..]);
    Ok(vm.new_string_utf16(&out))
}

fn replace(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    replace_impl(vm, this, args, false)
}
fn replace_all(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    replace_impl(vm, this, args, true)
}

fn slice(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    let len = s.len();
    let from = relative_index(vm, args.get(0), len, 0)?;
    let to = relative_index(vm, args.get(1), len, len)?;
    if from >= to {
        return Ok(vm.new_string(""));
    }
    let u: Vec<u16> = (from..to).map(|i| s.code_unit(i)).collect();
    Ok(vm.new_string_utf16(&u))
}

fn split(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let this = vm.require_object_coercible(this)?;
    let sep = args.get(0);
    let limit = args.get(1);
    if !sep.is_nullish() {
        let sk = PropertyKey::Symbol(vm.symbols.split);
        if let Some(m) = vm.get_method(sep, sk)? {
            return vm.call(m, sep, &[this, limit]);
        }
    }
    let s = vm.to_string(this)?.to_utf16();
    let lim = if limit.is_undefined() { u32::MAX } else { vm.to_uint32(limit)? };
    let r = vm.to_string(sep)?.to_utf16();
    if lim == 0 {
        return Ok(Value::object(vm.create_array_from_list(&[])));
    }
    if sep.is_undefined() {
        let v = vm.new_string_utf16(&s);
        return Ok(Value::object(vm.create_array_from_list(&[v])));
    }
    let mut parts = Vec::new();
    if s.is_empty() {
        if !r.is_empty() {
            let v = vm.new_string_utf16(&s);
            parts.push(v);
        }
        return Ok(Value::object(vm.create_array_from_list(&parts)));
    }
    if r.is_empty() {
        for &u in s.iter().take(lim as usize) {
            parts.push(vm.new_string_utf16(&[u]));
        }
        return Ok(Value::object(vm.create_array_from_list(&parts)));
    }
    let mut start = 0;
    while let Some(i) = find(&s, &r, start) {
        parts.push(vm.new_string_utf16(&s[start..i]));
        if parts.len() as u32 >= lim {
            return Ok(Value::object(vm.create_array_from_list(&parts)));
        }
        start = i + r.len();
    }
    parts.push(vm.new_string_utf16(&s[start..]));
    Ok(Value::object(vm.create_array_from_list(&parts)))
}

fn substring(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    let len = s.len() as f64;
    let a = vm.to_integer_or_infinity(args.get(0))?.clamp(0.0, len) as usize;
    let b = if args.get(1).is_undefined() { len as usize } else { vm.to_integer_or_infinity(args.get(1))?.clamp(0.0, len) as usize };
    let (from, to) = (a.min(b), a.max(b));
    let u: Vec<u16> = (from..to).map(|i| s.code_unit(i)).collect();
    Ok(vm.new_string_utf16(&u))
}

fn substr(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    let len = s.len();
    let start = relative_index(vm, args.get(0), len, 0)?;
    let l = if args.get(1).is_undefined() { f64::INFINITY } else { vm.to_integer_or_infinity(args.get(1))? };
    let end = (start as f64 + l).clamp(start as f64, len as f64) as usize;
    if start >= end {
        return Ok(vm.new_string(""));
    }
    let u: Vec<u16> = (start..end).map(|i| s.code_unit(i)).collect();
    Ok(vm.new_string_utf16(&u))
}

fn map_case(vm: &mut Vm, this: Value, upper: bool) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    if let Some(b) = s.as_latin1() {
        if b.is_ascii() {
            let v: Vec<u8> = if upper { b.to_ascii_uppercase() } else { b.to_ascii_lowercase() };
            return Ok(Value::string(vm.heap.alloc_latin1(&v)));
        }
    }
    // Map code points; lone surrogates are kept as they are.
    let units = s.to_utf16();
    let mut out = Vec::with_capacity(units.len());
    let mut i = 0;
    while i < units.len() {
        let (cp, n) = code_point_at_index(&s, i);
        match char::from_u32(cp) {
            Some(c) => {
                let mapped: String = if upper {
                    c.to_uppercase().collect()
                } else if c == '\u{3A3}' {
                    // Final sigma: lower-case Σ at the end of a word is ς.
                    let prev_letter = i > 0 && char::from_u32(units[i - 1] as u32).is_some_and(|p| p.is_alphabetic());
                    let next_letter = units.get(i + 1).and_then(|&u| char::from_u32(u as u32)).is_some_and(|p| p.is_alphabetic());
                    if prev_letter && !next_letter {
                        "\u{3C2}".into()
                    } else {
                        "\u{3C3}".into()
                    }
                } else {
                    c.to_lowercase().collect()
                };
                out.extend(mapped.encode_utf16());
            }
            None => out.extend_from_slice(&units[i..i + n]),
        }
        i += n;
    }
    Ok(vm.new_string_utf16(&out))
}
fn to_lower_case(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    map_case(vm, this, false)
}
fn to_upper_case(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    map_case(vm, this, true)
}

fn to_string(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    if this.is_string() {
        return Ok(this);
    }
    if let Some(o) = this.as_object() {
        if let ObjectClass::String(s) = o.class {
            return Ok(Value::string(s));
        }
    }
    Err(vm.type_error("String.prototype.toString requires that 'this' be a String"))
}

fn is_well_formed(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    let u = s.to_utf16();
    Ok(Value::bool(char::decode_utf16(u.iter().copied()).all(|c| c.is_ok())))
}

fn to_well_formed(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    let u = s.to_utf16();
    let mut out = Vec::with_capacity(u.len());
    for c in char::decode_utf16(u.iter().copied()) {
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

fn is_ws(u: u16) -> bool {
    char::from_u32(u as u32).is_some_and(|c| {
        matches!(
            c,
            '\u{9}' | '\u{A}' | '\u{B}' | '\u{C}' | '\u{D}' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}'
                | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\u{FEFF}'
        )
    })
}

fn trim_impl(vm: &mut Vm, this: Value, start: bool, end: bool) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    let u = s.to_utf16();
    let mut a = 0;
    let mut b = u.len();
    if start {
        while a < b && is_ws(u[a]) {
            a += 1;
        }
    }
    if end {
        while b > a && is_ws(u[b - 1]) {
            b -= 1;
        }
    }
    Ok(vm.new_string_utf16(&u[a..b]))
}
fn trim(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    trim_impl(vm, this, true, true)
}
fn trim_start(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    trim_impl(vm, this, true, false)
}
fn trim_end(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    trim_impl(vm, this, false, true)
}

fn iterator(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    Ok(super::string_iterator::create(vm, s))
}
