//! String.prototype methods that delegate to RegExp protocol symbols:
//! match, matchAll, replace, replaceAll, search, split.

use super::regexp::replace::get_substitution;
use super::regexp::{is_regexp, regexp_create};
use super::string_prototype_search::string_index_of_checked;
use crate::builtins::method;
use crate::function::Args;
use crate::gc::{Gc, ValueList};
use crate::object::{JsObject, PropertyKey};
use crate::symbol::Symbol;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    method(vm, proto, "match", 1, match_method);
    method(vm, proto, "matchAll", 1, match_all);
    method(vm, proto, "replace", 2, replace);
    method(vm, proto, "replaceAll", 2, replace_all);
    method(vm, proto, "search", 1, search);
    method(vm, proto, "split", 2, split);
}

/// Step 2 of match/search/replace/split: if `v` is an Object with a method
/// under `sym`, return it. (Primitives are not consulted, per the current
/// spec draft that test262 follows: a string separator never looks up
/// String.prototype[Symbol.split].)
fn delegate(vm: &mut Vm, v: Value, sym: Gc<Symbol>) -> JsResult<Option<Value>> {
    if !v.is_object() {
        return Ok(None);
    }
    vm.get_method(v, PropertyKey::Symbol(sym))
}

/// Invoke ( V, P, argumentsList ).
fn invoke(vm: &mut Vm, v: Value, sym: Gc<Symbol>, args: &[Value]) -> JsResult<Value> {
    let f = vm.get_v(v, PropertyKey::Symbol(sym))?;
    vm.call(f, v, args)
}

/// String.prototype.match ( regexp ) (#sec-string.prototype.match).
fn match_method(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1.
    let o = vm.require_object_coercible(this)?;
    let regexp = args.get(0);
    // 2.
    let sym = vm.symbols.match_;
    if let Some(m) = delegate(vm, regexp, sym)? {
        return vm.call(m, regexp, &[o]);
    }
    // 3-5.
    let s = vm.to_string(o)?;
    let rx = regexp_create(vm, regexp, Value::UNDEFINED)?;
    invoke(vm, rx, sym, &[Value::string(s)])
}

/// String.prototype.matchAll ( regexp ) (#sec-string.prototype.matchall).
fn match_all(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1.
    let o = vm.require_object_coercible(this)?;
    let regexp = args.get(0);
    // 2.
    if regexp.is_object() {
        if is_regexp(vm, regexp)? {
            let fk = vm.names.flags;
            let flags = vm.get_v(regexp, fk)?;
            vm.require_object_coercible(flags)?;
            let f = vm.to_string(flags)?;
            if !f.units().any(|u| u == b'g' as u16) {
                return Err(vm.type_error(
                    "String.prototype.matchAll called with a non-global RegExp argument",
                ));
            }
        }
        let sym = vm.symbols.match_all;
        if let Some(m) = vm.get_method(regexp, PropertyKey::Symbol(sym))? {
            return vm.call(m, regexp, &[o]);
        }
    }
    // 3-5.
    let s = vm.to_string(o)?;
    let g = vm.new_string("g");
    let rx = regexp_create(vm, regexp, g)?;
    let sym = vm.symbols.match_all;
    invoke(vm, rx, sym, &[Value::string(s)])
}

/// String.prototype.search ( regexp ) (#sec-string.prototype.search).
fn search(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.require_object_coercible(this)?;
    let regexp = args.get(0);
    let sym = vm.symbols.search;
    if let Some(m) = delegate(vm, regexp, sym)? {
        return vm.call(m, regexp, &[o]);
    }
    let s = vm.to_string(o)?;
    let rx = regexp_create(vm, regexp, Value::UNDEFINED)?;
    invoke(vm, rx, sym, &[Value::string(s)])
}

/// String.prototype.replace ( searchValue, replaceValue ) (#sec-string.prototype.replace)
/// and replaceAll (#sec-string.prototype.replaceall).
fn replace_impl(vm: &mut Vm, this: Value, args: Args, all: bool) -> JsResult<Value> {
    // 1.
    let o = vm.require_object_coercible(this)?;
    let search_value = args.get(0);
    let replace_value = args.get(1);
    // 2.
    if search_value.is_object() {
        if all && is_regexp(vm, search_value)? {
            let fk = vm.names.flags;
            let flags = vm.get_v(search_value, fk)?;
            vm.require_object_coercible(flags)?;
            let f = vm.to_string(flags)?;
            if !f.units().any(|u| u == b'g' as u16) {
                return Err(vm.type_error(
                    "String.prototype.replaceAll called with a non-global RegExp argument",
                ));
            }
        }
        let sym = vm.symbols.replace;
        if let Some(m) = vm.get_method(search_value, PropertyKey::Symbol(sym))? {
            return vm.call(m, search_value, &[o, replace_value]);
        }
    }
    // 3-4.
    let string = vm.to_string(o)?;
    let search_string = vm.to_string(search_value)?;
    // 5-6.
    let functional = crate::object::class::value_is_callable(replace_value);
    let template = if functional {
        Vec::new()
    } else {
        vm.to_string(replace_value)?.to_utf16()
    };
    let s = string.to_utf16();
    let search = search_string.to_utf16();
    // Match positions (one for replace, all for replaceAll).
    let advance_by = search.len().max(1);
    let mut positions = Vec::new();
    let mut p = string_index_of_checked(vm, &s, &search, 0)?;
    while let Some(i) = p {
        vm.tick()?;
        positions.push(i);
        if !all {
            break;
        }
        p = string_index_of_checked(vm, &s, &search, i + advance_by)?;
    }
    if positions.is_empty() {
        return Ok(Value::string(string));
    }
    let mut out = Vec::with_capacity(s.len());
    let mut end_of_last_match = 0;
    for pos in positions {
        vm.tick()?;
        out.extend_from_slice(&s[end_of_last_match..pos]);
        if functional {
            let r = vm.call(
                replace_value,
                Value::UNDEFINED,
                &[
                    Value::string(search_string),
                    Value::int(pos as i32),
                    Value::string(string),
                ],
            )?;
            out.extend(vm.to_string(r)?.units());
        } else {
            let rep = get_substitution(vm, &search, &s, pos, &[], Value::UNDEFINED, &template)?;
            out.extend(rep);
        }
        end_of_last_match = pos + search.len();
    }
    if end_of_last_match < s.len() {
        out.extend_from_slice(&s[end_of_last_match..]);
    }
    if out.len() > crate::string::MAX_STRING_LENGTH {
        return Err(vm.range_error("Invalid string length"));
    }
    Ok(vm.new_string_utf16(&out))
}

/// String.prototype.replace ( searchValue, replaceValue ) (#sec-string.prototype.replace).
fn replace(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    replace_impl(vm, this, args, false)
}

/// String.prototype.replaceAll ( searchValue, replaceValue ) (#sec-string.prototype.replaceall).
fn replace_all(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    replace_impl(vm, this, args, true)
}

/// String.prototype.split ( separator, limit ) (#sec-string.prototype.split).
fn split(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1.
    let o = vm.require_object_coercible(this)?;
    let separator = args.get(0);
    let limit = args.get(1);
    // 2.
    let sym = vm.symbols.split;
    if let Some(m) = delegate(vm, separator, sym)? {
        return vm.call(m, separator, &[o, limit]);
    }
    // 3.
    let string = vm.to_string(o)?;
    // 4.
    let lim = if limit.is_undefined() {
        u32::MAX
    } else {
        vm.to_uint32(limit)?
    };
    // 5.
    let r = vm.to_string(separator)?;
    // 6.
    if lim == 0 {
        return Ok(Value::object(vm.create_array_from_list(&[])));
    }
    // 7.
    if separator.is_undefined() {
        return Ok(Value::object(
            vm.create_array_from_list(&[Value::string(string)]),
        ));
    }
    let s = string.to_utf16();
    let sep = r.to_utf16();
    // 8-9.
    if sep.is_empty() {
        let out_len = (lim as usize).min(s.len());
        // One string and one element per code unit.
        vm.check_heap_room(out_len.saturating_mul(std::mem::size_of::<Value>() * 4))?;
        let mut parts: ValueList = vm.rooted_vec();
        parts.reserve(out_len);
        for i in 0..out_len {
            vm.tick()?;
            let part = super::string::substring(vm, string, i, i + 1);
            parts.push(part);
        }
        return Ok(Value::object(vm.create_array_from_list(&parts)));
    }
    // 10.
    if s.is_empty() {
        return Ok(Value::object(
            vm.create_array_from_list(&[Value::string(string)]),
        ));
    }
    // 11-15.
    let mut parts = Vec::new();
    let mut i = 0;
    let mut j = string_index_of_checked(vm, &s, &sep, 0)?;
    while let Some(jj) = j {
        vm.tick()?;
        parts.push(super::string::substring(vm, string, i, jj));
        if parts.len() as u64 == lim as u64 {
            return Ok(Value::object(vm.create_array_from_list(&parts)));
        }
        i = jj + sep.len();
        j = string_index_of_checked(vm, &s, &sep, i)?;
    }
    parts.push(super::string::substring(vm, string, i, s.len()));
    Ok(Value::object(vm.create_array_from_list(&parts)))
}
