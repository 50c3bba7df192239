//! RegExp matching operations (#sec-abstract-operations-for-regexp-matching):
//! RegExpExec, RegExpBuiltinExec, AdvanceStringIndex and the match result.

use super::compile::{self, MatchResult, GLOBAL, HAS_INDICES, STICKY};
use super::{data_of, legacy};
use crate::builtins::text::string::substring;
use crate::gc::Gc;
use crate::object::{Attrs, JsObject, ObjectClass, Slot};
use crate::string::JsString;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

/// RegExpExec ( R, S ) (#sec-regexpexec).
pub fn regexp_exec(vm: &mut Vm, r: Gc<JsObject>, s: Gc<JsString>) -> JsResult<Value> {
    // The global loops (match, replace, split, matchAll) call this once per
    // match: the limits are checked between matches here, and inside a
    // match by the matcher's step budget (see docs/limits.md).
    vm.tick()?;
    // 1.
    let ek = vm.names.exec;
    let exec = vm.get_prop(r, ek)?;
    // 2.
    if crate::object::class::value_is_callable(exec) {
        let result = vm.call(exec, Value::object(r), &[Value::string(s)])?;
        if !result.is_object() && !result.is_null() {
            return Err(
                vm.type_error("RegExp exec method returned something other than an Object or null")
            );
        }
        return Ok(result);
    }
    // 3.
    if data_of(&r).is_none() {
        return Err(vm.type_error("RegExp method called on an incompatible receiver"));
    }
    // 4.
    regexp_builtin_exec(vm, r, s)
}

/// RegExpBuiltinExec ( R, S ) (#sec-regexpbuiltinexec).
pub fn regexp_builtin_exec(vm: &mut Vm, r: Gc<JsObject>, s: Gc<JsString>) -> JsResult<Value> {
    let Some(m) = builtin_match(vm, r, s)? else {
        return Ok(Value::NULL);
    };
    let has_indices = data_of(&r).is_some_and(|d| d.bits.get() & HAS_INDICES != 0);
    Ok(Value::object(match_result_array(vm, s, &m, has_indices)))
}

/// Set(R, "lastIndex", n, true).
pub fn set_last_index(vm: &mut Vm, r: Gc<JsObject>, n: f64) -> JsResult<()> {
    let lk = vm.names.last_index;
    vm.set_prop(r, lk, Value::number(n), true)
}

/// ToLength(Get(R, "lastIndex")).
pub fn get_last_index(vm: &mut Vm, r: Gc<JsObject>) -> JsResult<u64> {
    let lk = vm.names.last_index;
    let v = vm.get_prop(r, lk)?;
    vm.to_length(v)
}

/// RegExpBuiltinExec steps 1-21: find the match and update lastIndex (and
/// the legacy static properties). The match array is built separately.
pub fn builtin_match(
    vm: &mut Vm,
    r: Gc<JsObject>,
    s: Gc<JsString>,
) -> JsResult<Option<MatchResult>> {
    // 1-2.
    let length = s.len() as u64;
    let mut last_index = get_last_index(vm, r)?;
    let Some(d) = data_of(&r) else {
        return Err(vm.type_error("RegExp method called on an incompatible receiver"));
    };
    let Some(regex) = d.matcher.borrow().clone() else {
        return Err(vm.type_error("RegExp method called on an uninitialized RegExp"));
    };
    // 3-7.
    let bits = d.bits.get();
    let global = bits & GLOBAL != 0;
    let sticky = bits & STICKY != 0;
    if !global && !sticky {
        last_index = 0;
    }
    // 13.a.
    if last_index > length {
        if global || sticky {
            set_last_index(vm, r, 0.0)?;
        }
        return Ok(None);
    }
    let start = last_index as usize;
    // 12-14. The matcher tries lastIndex only when sticky, else each
    // index from lastIndex on (AdvanceStringIndex by code point when
    // fullUnicode).
    let found = match s.as_utf16() {
        Some(u) => compile::find(vm, &regex, u, start, sticky)?,
        None => {
            let u = super::units_of(vm, s);
            compile::find(vm, &regex, &u, start, sticky)?
        }
    };
    let m = match found {
        Some(m) => m,
        None => {
            if global || sticky {
                set_last_index(vm, r, 0.0)?;
            }
            return Ok(None);
        }
    };
    // 15-16.
    if global || sticky {
        set_last_index(vm, r, m.end as f64)?;
    }
    legacy::after_match(vm, r, s, &m);
    Ok(Some(m))
}

fn define(vm: &mut Vm, o: Gc<JsObject>, name: &str, v: Value) {
    let k = vm.key(name);
    o.define_raw(&vm.heap, k, Slot::Data(v), Attrs::DEFAULT);
}

/// RegExpBuiltinExec steps 22-36: the match result Array.
pub fn match_result_array(
    vm: &mut Vm,
    s: Gc<JsString>,
    m: &MatchResult,
    has_indices: bool,
) -> Gc<JsObject> {
    let mut vals = Vec::with_capacity(m.captures.len() + 1);
    vals.push(substring(vm, s, m.start, m.end));
    for c in &m.captures {
        vals.push(match c {
            Some((a, b)) => substring(vm, s, *a, *b),
            None => Value::UNDEFINED,
        });
    }
    let a = vm.create_array_from_list(&vals);
    let ik = vm.names.index;
    a.define_raw(
        &vm.heap,
        ik,
        Slot::Data(Value::int(m.start as i32)),
        Attrs::DEFAULT,
    );
    let ink = vm.names.input;
    a.define_raw(&vm.heap, ink, Slot::Data(Value::string(s)), Attrs::DEFAULT);
    let groups = if m.named.is_empty() {
        Value::UNDEFINED
    } else {
        let g = vm.new_object_with(None, ObjectClass::Ordinary);
        for (name, range) in &m.named {
            let v = match range {
                Some((x, y)) => substring(vm, s, *x, *y),
                None => Value::UNDEFINED,
            };
            define(vm, g, name, v);
        }
        Value::object(g)
    };
    let gk = vm.names.groups;
    a.define_raw(&vm.heap, gk, Slot::Data(groups), Attrs::DEFAULT);
    if has_indices {
        let ind = indices_array(vm, m);
        let k = vm.names.indices;
        a.define_raw(&vm.heap, k, Slot::Data(Value::object(ind)), Attrs::DEFAULT);
    }
    a
}

fn pair(vm: &mut Vm, r: Option<(usize, usize)>) -> Value {
    match r {
        Some((a, b)) => {
            Value::object(vm.create_array_from_list(&[Value::int(a as i32), Value::int(b as i32)]))
        }
        None => Value::UNDEFINED,
    }
}

/// MakeMatchIndicesIndexPairArray (#sec-makematchindicesindexpairarray).
fn indices_array(vm: &mut Vm, m: &MatchResult) -> Gc<JsObject> {
    let mut vals = Vec::with_capacity(m.captures.len() + 1);
    vals.push(pair(vm, Some((m.start, m.end))));
    for &c in &m.captures {
        vals.push(pair(vm, c));
    }
    let a = vm.create_array_from_list(&vals);
    let groups = if m.named.is_empty() {
        Value::UNDEFINED
    } else {
        let g = vm.new_object_with(None, ObjectClass::Ordinary);
        for (name, range) in &m.named {
            let v = pair(vm, *range);
            define(vm, g, name, v);
        }
        Value::object(g)
    };
    let gk = vm.names.groups;
    a.define_raw(&vm.heap, gk, Slot::Data(groups), Attrs::DEFAULT);
    a
}

/// AdvanceStringIndex ( S, index, unicode ) (#sec-advancestringindex).
pub fn advance_string_index(s: &JsString, index: u64, unicode: bool) -> u64 {
    if !unicode || index + 1 >= s.len() as u64 {
        return index + 1;
    }
    let (_, n) = crate::builtins::text::string::code_point_at_index(s, index as usize);
    index + n as u64
}
