//! %RegExp.prototype% (#sec-properties-of-the-regexp-prototype-object):
//! exec, test, toString, the flag accessors, source, and Annex B compile.

use super::compile::{
    DOT_ALL, GLOBAL, HAS_INDICES, IGNORE_CASE, MULTILINE, STICKY, UNICODE, UNICODE_SETS,
};
use super::exec::{regexp_builtin_exec, regexp_exec};
use super::{as_regexp, data_of, regexp_initialize};
use crate::builtins::{accessor, method};
use crate::function::{Args, NativeFn};
use crate::gc::Gc;
use crate::object::{JsObject, ObjectClass, OwnProperty, PropertyKey, Slot};
use crate::realm::Intrinsic;
use crate::string::JsString;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    method(vm, proto, "compile", 2, compile_method);
    let exec_fn = method(vm, proto, "exec", 1, exec);
    let ctor = vm.intrinsic(Intrinsic::RegExp);
    if let ObjectClass::NativeFunction(n) = &ctor.class {
        n.captures.borrow_mut().push(Value::object(exec_fn));
    }
    let getters: &[(&str, NativeFn)] = &[
        ("dotAll", flag_getter::<DOT_ALL>),
        ("flags", flags),
        ("global", flag_getter::<GLOBAL>),
        ("hasIndices", flag_getter::<HAS_INDICES>),
        ("ignoreCase", flag_getter::<IGNORE_CASE>),
        ("multiline", flag_getter::<MULTILINE>),
        ("source", source),
        ("sticky", flag_getter::<STICKY>),
        ("unicode", flag_getter::<UNICODE>),
        ("unicodeSets", flag_getter::<UNICODE_SETS>),
    ];
    for &(name, f) in getters {
        let k = vm.key(name);
        accessor(vm, proto, k, name, Some(f), None);
        // Remember (key, original getter) for the unmodified-flags fast
        // path; holding the key string keeps the interned key alive.
        if let (
            PropertyKey::String(ks),
            Some(OwnProperty {
                slot: Slot::Accessor { get, .. },
                ..
            }),
        ) = (k, proto.get_own_raw(k))
        {
            if let ObjectClass::NativeFunction(n) = &ctor.class {
                n.captures.borrow_mut().extend([Value::string(ks), get]);
            }
        }
    }
    method(vm, proto, "test", 1, test);
    method(vm, proto, "toString", 0, to_string);
    super::symbols::init(vm, proto);
    super::replace::init(vm, proto);
}

/// RegExp.prototype.exec ( string ) (#sec-regexp.prototype.exec).
fn exec(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1-2.
    let Some(r) = as_regexp(this) else {
        return Err(vm.type_error("RegExp.prototype.exec called on an incompatible receiver"));
    };
    // 3.
    let s = vm.to_string(args.get(0))?;
    // 4.
    regexp_builtin_exec(vm, r, s)
}

/// RegExp.prototype.test ( S ) (#sec-regexp.prototype.test).
fn test(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let Some(r) = this.as_object() else {
        return Err(vm.type_error("RegExp.prototype.test called on a non-object"));
    };
    let s = vm.to_string(args.get(0))?;
    let m = regexp_exec(vm, r, s)?;
    Ok(Value::bool(!m.is_null()))
}

/// RegExp.prototype.toString ( ) (#sec-regexp.prototype.tostring).
fn to_string(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let Some(r) = this.as_object() else {
        return Err(vm.type_error("RegExp.prototype.toString called on a non-object"));
    };
    let sk = vm.names.source;
    let sv = vm.get_prop(r, sk)?;
    let pattern = vm.to_string(sv)?;
    let fk = vm.names.flags;
    let fv = vm.get_prop(r, fk)?;
    let flags = vm.to_string(fv)?;
    let mut out: Vec<u16> = Vec::with_capacity(pattern.len() + flags.len() + 2);
    out.push(b'/' as u16);
    out.extend(pattern.units());
    out.push(b'/' as u16);
    out.extend(flags.units());
    Ok(vm.new_string_utf16(&out))
}

/// RegExpHasFlag ( R, codeUnit ) (#sec-regexphasflag), for the flag
/// accessors (`global`, `ignoreCase`, …).
fn flag_getter<const BIT: u8>(
    vm: &mut Vm,
    this: Value,
    _args: Args,
    _nt: Value,
) -> JsResult<Value> {
    // 1.
    let Some(r) = this.as_object() else {
        return Err(vm.type_error("RegExp flag getter called on a non-object"));
    };
    // 2-3.
    match data_of(&r).filter(|d| d.flags.get().is_some()) {
        Some(d) => Ok(Value::bool(d.bits.get() & BIT != 0)),
        None => {
            if Gc::ptr_eq(r, vm.intrinsic(Intrinsic::RegExpPrototype)) {
                Ok(Value::UNDEFINED)
            } else {
                Err(vm.type_error("RegExp flag getter called on an incompatible receiver"))
            }
        }
    }
}

/// get RegExp.prototype.flags (#sec-get-regexp.prototype.flags).
fn flags(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    // 1-2.
    let Some(r) = this.as_object() else {
        return Err(vm.type_error("RegExp.prototype.flags getter called on a non-object"));
    };
    // 3-19.
    let props: [(&str, u8); 8] = [
        ("hasIndices", b'd'),
        ("global", b'g'),
        ("ignoreCase", b'i'),
        ("multiline", b'm'),
        ("dotAll", b's'),
        ("unicode", b'u'),
        ("unicodeSets", b'v'),
        ("sticky", b'y'),
    ];
    let mut out = Vec::with_capacity(8);
    for (name, c) in props {
        let k = vm.key(name);
        let v = vm.get_prop(r, k)?;
        if vm.to_boolean(v) {
            out.push(c);
        }
    }
    Ok(Value::string(vm.heap.alloc_latin1(&out)))
}

/// get RegExp.prototype.source (#sec-get-regexp.prototype.source).
fn source(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let Some(r) = this.as_object() else {
        return Err(vm.type_error("RegExp.prototype.source getter called on a non-object"));
    };
    let Some((src, bits)) = data_of(&r).and_then(|d| d.source.get().map(|s| (s, d.bits.get())))
    else {
        if Gc::ptr_eq(r, vm.intrinsic(Intrinsic::RegExpPrototype)) {
            return Ok(vm.new_string("(?:)"));
        }
        return Err(
            vm.type_error("RegExp.prototype.source getter called on an incompatible receiver")
        );
    };
    let escaped = escape_regexp_pattern(&src, bits);
    Ok(vm.new_string_utf16(&escaped))
}

/// EscapeRegExpPattern ( P, F ) (#sec-escaperegexppattern): escape `/`
/// (outside classes) and line terminators so `/S/F` parses back.
pub fn escape_regexp_pattern(src: &JsString, _bits: u8) -> Vec<u16> {
    if src.is_empty() {
        return "(?:)".encode_utf16().collect();
    }
    let mut out = Vec::with_capacity(src.len() + 2);
    let mut in_escape = false;
    let mut in_class = false;
    for u in src.units() {
        if in_escape {
            in_escape = false;
            match u {
                0x0A => out.push(b'n' as u16),
                0x0D => out.push(b'r' as u16),
                0x2028 => out.extend("u2028".encode_utf16()),
                0x2029 => out.extend("u2029".encode_utf16()),
                _ => out.push(u),
            }
            continue;
        }
        match u {
            0x5C => {
                out.push(u);
                in_escape = true;
            }
            0x2F if !in_class => out.extend("\\/".encode_utf16()),
            0x5B => {
                in_class = true;
                out.push(u);
            }
            0x5D => {
                in_class = false;
                out.push(u);
            }
            0x0A => out.extend("\\n".encode_utf16()),
            0x0D => out.extend("\\r".encode_utf16()),
            0x2028 => out.extend("\\u2028".encode_utf16()),
            0x2029 => out.extend("\\u2029".encode_utf16()),
            _ => out.push(u),
        }
    }
    out
}

/// RegExp.prototype.compile ( pattern, flags ) (#sec-regexp.prototype.compile),
/// with the legacy features proposal's realm and subclass checks.
fn compile_method(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1-2.
    let Some(o) = as_regexp(this) else {
        return Err(vm.type_error("RegExp.prototype.compile called on an incompatible receiver"));
    };
    let (same_realm, legacy) = match data_of(&o) {
        Some(d) => (
            d.realm_ctor
                .get()
                .is_some_and(|c| Gc::ptr_eq(c, vm.intrinsic(Intrinsic::RegExp))),
            d.legacy.get(),
        ),
        None => (false, false),
    };
    if !same_realm {
        return Err(vm.type_error("RegExp.prototype.compile called on a RegExp from another realm"));
    }
    if !legacy {
        return Err(vm.type_error("RegExp.prototype.compile called on a RegExp subclass instance"));
    }
    let pattern = args.get(0);
    let flags = args.get(1);
    // 3-4.
    let (p, f) = match as_regexp(pattern)
        .and_then(|pr| data_of(&pr).map(|d| (d.source.get(), d.flags.get())))
    {
        Some((src, fl)) => {
            if !flags.is_undefined() {
                return Err(
                    vm.type_error("Cannot supply flags when constructing one RegExp from another")
                );
            }
            (
                src.map(Value::string).unwrap_or(Value::UNDEFINED),
                fl.map(Value::string).unwrap_or(Value::UNDEFINED),
            )
        }
        None => (pattern, flags),
    };
    // 5.
    regexp_initialize(vm, o, p, f)
}

/// %RegExp.prototype.exec% of the current realm (kept among the RegExp
/// constructor's captures).
pub fn builtin_exec_fn(vm: &mut Vm) -> Option<Gc<JsObject>> {
    let ctor = vm.intrinsic(Intrinsic::RegExp);
    crate::builtins::captures_of(ctor)
        .get(super::CAPTURE_EXEC)
        .and_then(|v| v.as_object())
}

/// The flags of `r` without observable work, when `r` is a RegExp whose own
/// properties are just `lastIndex`, inheriting directly from an unmodified
/// %RegExp.prototype% (same `flags` and flag accessors as created): then
/// Get(r, "flags") is the flags of its [[OriginalFlags]], in dgimsuvy order.
pub fn unmodified_flags(vm: &mut Vm, r: Gc<JsObject>) -> Option<u8> {
    let d = data_of(&r)?;
    let proto = vm.intrinsic(Intrinsic::RegExpPrototype);
    if !r.proto().is_some_and(|p| Gc::ptr_eq(p, proto)) || r.shape().map(|s| s.len()) != Some(1) {
        return None;
    }
    let ctor = vm.intrinsic(Intrinsic::RegExp);
    let ObjectClass::NativeFunction(n) = &ctor.class else {
        return None;
    };
    let caps = n.captures.borrow();
    let pairs = caps.get(super::CAPTURE_ACCESSORS..)?;
    if pairs.len() != 20 {
        return None;
    }
    for pair in pairs.chunks(2) {
        let key = PropertyKey::String(pair[0].as_string()?);
        match proto.get_own_raw(key) {
            Some(OwnProperty {
                slot: Slot::Accessor { get, .. },
                ..
            }) if get == pair[1] => {}
            _ => return None,
        }
    }
    Some(d.bits.get())
}
