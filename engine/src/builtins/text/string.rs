//! String (#sec-string-objects): the constructor, its static methods, and
//! helpers shared by the String.prototype files.

use crate::builtins::{global_binding, link_constructor, method, native_function};
use crate::function::Args;
use crate::gc::Gc;
use crate::object::ObjectClass;
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
    super::string_prototype::init(vm, proto);
    super::string_prototype_search::init(vm, proto);
    super::string_prototype_regexp::init(vm, proto);
    super::string_prototype_case::init(vm, proto);
    super::string_prototype_html::init(vm, proto);
    global_binding(vm, "String", Value::object(ctor));
}

/// String ( value ) (#sec-string-constructor-string-value).
fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    // 1-2.
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
    // 3.
    if nt.is_undefined() {
        return Ok(Value::string(s));
    }
    // 4. StringCreate(s, GetPrototypeFromConstructor(NewTarget, %String.prototype%)).
    let proto = vm.get_prototype_from_constructor(nt, Intrinsic::StringPrototype)?;
    Ok(Value::object(
        vm.new_object_with(Some(proto), ObjectClass::String(s)),
    ))
}

/// The `this` of a String.prototype method as a string
/// (RequireObjectCoercible + ToString).
pub fn this_str(vm: &mut Vm, this: Value) -> JsResult<Gc<JsString>> {
    if let Some(s) = this.as_string() {
        return Ok(s);
    }
    if this.is_nullish() {
        return Err(vm.type_error("String.prototype method called on null or undefined"));
    }
    vm.to_string(this)
}

/// String.fromCharCode ( ...codeUnits ) (#sec-string.fromcharcode).
fn from_char_code(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let mut units = Vec::with_capacity(args.len());
    for &a in args.as_slice() {
        units.push(vm.to_uint32(a)? as u16);
    }
    Ok(vm.new_string_utf16(&units))
}

/// String.fromCodePoint ( ...codePoints ) (#sec-string.fromcodepoint).
fn from_code_point(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let mut units = Vec::with_capacity(args.len());
    for &a in args.as_slice() {
        let n = vm.to_number(a)?;
        if n.trunc() != n || !(0.0..=1114111.0).contains(&n) {
            return Err(vm.range_error(&format!(
                "Invalid code point {}",
                crate::ops::conversion::number_to_string(n)
            )));
        }
        push_code_point(&mut units, n as u32);
    }
    Ok(vm.new_string_utf16(&units))
}

/// String.raw ( template, ...substitutions ) (#sec-string.raw).
fn raw(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1-4.
    let cooked = vm.to_object(args.get(0))?;
    let rk = vm.names.raw;
    let rv = vm.get_prop(cooked, rk)?;
    let literals = vm.to_object(rv)?;
    let literal_count = vm.length_of_array_like(literals)?;
    let substitution_count = args.len().saturating_sub(1) as u64;
    // 5-7.
    let mut out: Vec<u16> = Vec::new();
    let mut next_index = 0u64;
    while next_index < literal_count {
        let k = vm.index_key(next_index);
        let seg = vm.get_prop(literals, k)?;
        let s = vm.to_string(seg)?;
        out.extend(s.units());
        if next_index + 1 == literal_count {
            break;
        }
        if next_index < substitution_count {
            let sub = vm.to_string(args.get(next_index as usize + 1))?;
            out.extend(sub.units());
        }
        if out.len() > crate::string::MAX_STRING_LENGTH {
            return Err(vm.range_error("Invalid string length"));
        }
        next_index += 1;
    }
    Ok(vm.new_string_utf16(&out))
}

/// UTF16EncodeCodePoint, appended to `units`.
pub fn push_code_point(units: &mut Vec<u16>, cp: u32) {
    if cp < 0x10000 {
        units.push(cp as u16);
    } else {
        let c = cp - 0x10000;
        units.push(0xD800 + (c >> 10) as u16);
        units.push(0xDC00 + (c & 0x3FF) as u16);
    }
}

/// CodePointAt ( string, position ): (code point, code unit count).
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

/// CodePointAt on a slice of code units.
pub fn code_point_at_slice(u: &[u16], i: usize) -> (u32, usize) {
    let Some(&first) = u.get(i) else {
        return (0, 1);
    };
    let first = first as u32;
    if (0xD800..0xDC00).contains(&first) {
        if let Some(&second) = u.get(i + 1) {
            let second = second as u32;
            if (0xDC00..0xE000).contains(&second) {
                return (((first - 0xD800) << 10) + (second - 0xDC00) + 0x10000, 2);
            }
        }
    }
    (first, 1)
}

/// The substring of `s` from `from` to `to` (clamped) as a string value.
pub fn substring(vm: &mut Vm, s: Gc<JsString>, from: usize, to: usize) -> Value {
    let to = to.min(s.len());
    let from = from.min(to);
    if from == 0 && to == s.len() {
        return Value::string(s);
    }
    if let Some(b) = s.as_latin1() {
        return Value::string(vm.heap.alloc_latin1(&b[from..to]));
    }
    match s.as_utf16() {
        Some(u) => Value::string(vm.heap.alloc_utf16(&u[from..to])),
        None => Value::string(vm.heap.alloc_latin1(b"")),
    }
}

/// WhiteSpace (#sec-white-space), as a code point predicate.
pub fn is_js_whitespace(cp: u32) -> bool {
    matches!(
        cp,
        0x09 | 0x0B | 0x0C | 0x20 | 0xA0 | 0xFEFF | 0x1680 | 0x2000
            ..=0x200A | 0x202F | 0x205F | 0x3000
    )
}

/// WhiteSpace or LineTerminator (what `trim` removes).
pub fn is_trimmable(u: u16) -> bool {
    is_js_whitespace(u as u32) || matches!(u, 0x0A | 0x0D | 0x2028 | 0x2029)
}
