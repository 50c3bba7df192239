//! RegExp.prototype [ %Symbol.match% ], [ %Symbol.matchAll% ],
//! [ %Symbol.search% ] and [ %Symbol.split% ].

use super::compile;
use super::exec::{advance_string_index, get_last_index, regexp_exec, set_last_index};
use super::{data_of, iterator};
use crate::builtins::method_sym;
use crate::builtins::species_constructor;
use crate::builtins::text::string::substring;
use crate::function::Args;
use crate::gc::Gc;
use crate::object::JsObject;
use crate::realm::Intrinsic;
use crate::string::JsString;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    let s = vm.symbols.match_;
    method_sym(vm, proto, s, "[Symbol.match]", 1, symbol_match);
    let s = vm.symbols.match_all;
    method_sym(vm, proto, s, "[Symbol.matchAll]", 1, symbol_match_all);
    let s = vm.symbols.search;
    method_sym(vm, proto, s, "[Symbol.search]", 1, symbol_search);
    let s = vm.symbols.split;
    method_sym(vm, proto, s, "[Symbol.split]", 2, symbol_split);
}

fn this_object(vm: &mut Vm, this: Value, what: &str) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o) => Ok(o),
        None => Err(vm.type_error(&format!("RegExp.prototype[{what}] called on a non-object"))),
    }
}

/// Flag bits in "dgimsuvy" order.
const FLAG_ORDER: [u8; 8] = [
    compile::HAS_INDICES,
    compile::GLOBAL,
    compile::IGNORE_CASE,
    compile::MULTILINE,
    compile::DOT_ALL,
    compile::UNICODE,
    compile::UNICODE_SETS,
    compile::STICKY,
];

/// ToString(Get(rx, "flags")).
pub fn get_flags(vm: &mut Vm, rx: Gc<JsObject>) -> JsResult<Gc<JsString>> {
    if let Some(bits) = super::prototype::unmodified_flags(vm, rx) {
        let order = b"dgimsuvy";
        let out: Vec<u8> = order
            .iter()
            .enumerate()
            .filter(|(i, _)| bits & FLAG_ORDER[*i] != 0)
            .map(|(_, &c)| c)
            .collect();
        return Ok(vm.heap.alloc_latin1(&out));
    }
    let fk = vm.names.flags;
    let f = vm.get_prop(rx, fk)?;
    vm.to_string(f)
}

pub fn contains(s: &JsString, c: u8) -> bool {
    s.units().any(|u| u == c as u16)
}

/// ToString(Get(result, "0")).
pub fn match_string(vm: &mut Vm, result: Value) -> JsResult<Gc<JsString>> {
    let k = crate::object::PropertyKey::Index(0);
    let v = vm.get_v(result, k)?;
    vm.to_string(v)
}

/// RegExp.prototype [ %Symbol.match% ] ( string ) (#sec-regexp.prototype-%symbol.match%).
fn symbol_match(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1-2.
    let rx = this_object(vm, this, "Symbol.match")?;
    // 3.
    let s = vm.to_string(args.get(0))?;
    // 4.
    let flags = get_flags(vm, rx)?;
    // 5.
    if !contains(&flags, b'g') {
        return regexp_exec(vm, rx, s);
    }
    // 6.
    let full_unicode = contains(&flags, b'u') || contains(&flags, b'v');
    set_last_index(vm, rx, 0.0)?;
    let a = vm.new_array(0);
    let mut n: u32 = 0;
    loop {
        let result = regexp_exec(vm, rx, s)?;
        if result.is_null() {
            return Ok(if n == 0 {
                Value::NULL
            } else {
                Value::object(a)
            });
        }
        let match_str = match_string(vm, result)?;
        vm.create_data_property_or_throw(
            a,
            crate::object::PropertyKey::Index(n),
            Value::string(match_str),
        )?;
        if match_str.is_empty() {
            let this_index = get_last_index(vm, rx)?;
            let next = advance_string_index(&s, this_index, full_unicode);
            set_last_index(vm, rx, next as f64)?;
        }
        n += 1;
    }
}

/// RegExp.prototype [ %Symbol.matchAll% ] ( string ) (#sec-regexp-prototype-%symbol.matchall%).
fn symbol_match_all(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1-2.
    let r = this_object(vm, this, "Symbol.matchAll")?;
    // 3.
    let s = vm.to_string(args.get(0))?;
    // 4.
    let default = Value::object(vm.intrinsic(Intrinsic::RegExp));
    let c = species_constructor(vm, r, default)?;
    // 5.
    let flags = get_flags(vm, r)?;
    // 6.
    let matcher = vm.construct(c, &[Value::object(r), Value::string(flags)], None)?;
    let Some(matcher) = matcher.as_object() else {
        return Err(vm.type_error("RegExp species constructor returned a non-object"));
    };
    // 7-8.
    let last_index = get_last_index(vm, r)?;
    set_last_index(vm, matcher, last_index as f64)?;
    // 9-12.
    let global = contains(&flags, b'g');
    let full_unicode = contains(&flags, b'u') || contains(&flags, b'v');
    Ok(iterator::create(vm, matcher, s, global, full_unicode))
}

/// RegExp.prototype [ %Symbol.search% ] ( string ) (#sec-regexp.prototype-%symbol.search%).
fn symbol_search(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1-2.
    let rx = this_object(vm, this, "Symbol.search")?;
    // 3.
    let s = vm.to_string(args.get(0))?;
    // 4-5.
    let lk = vm.names.last_index;
    let previous = vm.get_prop(rx, lk)?;
    if !crate::object::ops::same_value(previous, Value::int(0)) {
        vm.set_prop(rx, lk, Value::int(0), true)?;
    }
    // 6.
    let result = regexp_exec(vm, rx, s)?;
    // 7-8.
    let current = vm.get_prop(rx, lk)?;
    if !crate::object::ops::same_value(current, previous) {
        vm.set_prop(rx, lk, previous, true)?;
    }
    // 9-10.
    if result.is_null() {
        return Ok(Value::int(-1));
    }
    let ik = vm.names.index;
    vm.get_v(result, ik)
}

/// RegExp.prototype [ %Symbol.split% ] ( string, limit ) (#sec-regexp.prototype-%symbol.split%).
fn symbol_split(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1-2.
    let rx = this_object(vm, this, "Symbol.split")?;
    // 3.
    let s = vm.to_string(args.get(0))?;
    let limit = args.get(1);
    // 4.
    let default = Value::object(vm.intrinsic(Intrinsic::RegExp));
    let c = species_constructor(vm, rx, default)?;
    // 5-6.
    let flags = get_flags(vm, rx)?;
    let unicode_matching = contains(&flags, b'u') || contains(&flags, b'v');
    // 7-8.
    let new_flags = if contains(&flags, b'y') {
        flags
    } else {
        let mut u = flags.to_utf16();
        u.push(b'y' as u16);
        vm.heap.alloc_utf16(&u)
    };
    // 9.
    let splitter = vm.construct(c, &[Value::object(rx), Value::string(new_flags)], None)?;
    let Some(splitter) = splitter.as_object() else {
        return Err(vm.type_error("RegExp species constructor returned a non-object"));
    };
    // 10-11.
    let a = vm.new_array(0);
    let mut length_a: u32 = 0;
    // 12.
    let lim: u32 = if limit.is_undefined() {
        u32::MAX
    } else {
        vm.to_uint32(limit)?
    };
    // 13.
    if lim == 0 {
        return Ok(Value::object(a));
    }
    // 14.
    if s.is_empty() {
        let z = regexp_exec(vm, splitter, s)?;
        if !z.is_null() {
            return Ok(Value::object(a));
        }
        vm.create_data_property_or_throw(
            a,
            crate::object::PropertyKey::Index(0),
            Value::string(s),
        )?;
        return Ok(Value::object(a));
    }
    // 15-17.
    let size = s.len() as u64;
    let mut p: u64 = 0;
    let mut q: u64 = p;
    let fast = is_pristine_splitter(vm, c, splitter);
    // 18.
    while q < size {
        // One match attempt per iteration: a limit can stop the loop
        // between matches, and the matcher's step budget inside one (see
        // docs/limits.md).
        vm.tick()?;
        if fast {
            // Only the builtin exec runs: the next match at or after q
            // (the leftmost one) is where the sticky attempts would first
            // succeed.
            match next_match_from(vm, splitter, s, q)? {
                Some(found) if found < size => q = found,
                _ => break,
            }
        }
        set_last_index(vm, splitter, q as f64)?;
        let z = regexp_exec(vm, splitter, s)?;
        if z.is_null() {
            q = advance_string_index(&s, q, unicode_matching);
            continue;
        }
        let e = get_last_index(vm, splitter)?.min(size);
        if e == p {
            q = advance_string_index(&s, q, unicode_matching);
            continue;
        }
        let t = substring(vm, s, p as usize, q as usize);
        vm.create_data_property_or_throw(a, crate::object::PropertyKey::Index(length_a), t)?;
        length_a += 1;
        if length_a == lim {
            return Ok(Value::object(a));
        }
        p = e;
        let Some(zo) = z.as_object() else { break };
        let n = vm.length_of_array_like(zo)?;
        let captures = n.saturating_sub(1);
        for i in 1..=captures {
            let k = vm.index_key(i);
            let cap = vm.get_prop(zo, k)?;
            vm.create_data_property_or_throw(a, crate::object::PropertyKey::Index(length_a), cap)?;
            length_a += 1;
            if length_a == lim {
                return Ok(Value::object(a));
            }
        }
        q = p;
    }
    // 19-21.
    let t = substring(vm, s, p as usize, size as usize);
    vm.create_data_property_or_throw(a, crate::object::PropertyKey::Index(length_a), t)?;
    Ok(Value::object(a))
}

/// Whether the splitter is a plain %RegExp% instance whose `exec` is the
/// builtin one, so skipping failed sticky attempts is unobservable.
fn is_pristine_splitter(vm: &mut Vm, c: Value, splitter: Gc<JsObject>) -> bool {
    let realm_regexp = vm.intrinsic(Intrinsic::RegExp);
    if !c.as_object().is_some_and(|co| Gc::ptr_eq(co, realm_regexp)) || data_of(&splitter).is_none()
    {
        return false;
    }
    let proto = vm.intrinsic(Intrinsic::RegExpPrototype);
    if !splitter.proto().is_some_and(|p| Gc::ptr_eq(p, proto)) {
        return false;
    }
    let ek = vm.names.exec;
    if splitter.get_own_raw(ek).is_some() {
        return false;
    }
    let builtin_exec = super::prototype::builtin_exec_fn(vm);
    matches!(proto.get_own_data(ek), Some(v) if v.as_object().is_some_and(|f| builtin_exec.is_some_and(|b| Gc::ptr_eq(f, b))))
}

/// The start of the leftmost match of `r` (ignoring stickiness) at or after
/// `from`, without side effects.
fn next_match_from(
    vm: &mut Vm,
    r: Gc<JsObject>,
    s: Gc<JsString>,
    from: u64,
) -> JsResult<Option<u64>> {
    let Some(d) = data_of(&r) else {
        return Ok(None);
    };
    let Some(regex) = d.matcher.borrow().clone() else {
        return Ok(None);
    };
    let m = match s.as_utf16() {
        Some(u) => compile::find(vm, &regex, u, from as usize, false)?,
        None => {
            let u = super::units_of(vm, s);
            compile::find(vm, &regex, &u, from as usize, false)?
        }
    };
    Ok(m.map(|m| m.start as u64))
}
