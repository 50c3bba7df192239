//! %RegExpStringIteratorPrototype% (#sec-regexp-string-iterator-objects).

use super::exec::{advance_string_index, get_last_index, regexp_exec, set_last_index};
use super::symbols::match_string;
use crate::builtins::method;
use crate::function::Args;
use crate::gc::{Gc, Trace, Tracer};
use crate::object::{Attrs, JsObject, ObjectClass, ObjectData, PropertyKey};
use crate::realm::Intrinsic;
use crate::string::JsString;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::cell::Cell;

/// The internal slots of a RegExp String Iterator.
struct RegExpStringIterator {
    regexp: Gc<JsObject>,
    string: Gc<JsString>,
    global: bool,
    unicode: bool,
    done: Cell<bool>,
}

impl Trace for RegExpStringIterator {
    fn trace(&self, t: &mut Tracer) {
        t.mark(self.regexp);
        t.mark(self.string);
    }
}
impl ObjectData for RegExpStringIterator {
    fn class_name(&self) -> &'static str {
        "RegExp String Iterator"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

pub fn init(vm: &mut Vm) {
    let ip = vm.intrinsic(Intrinsic::IteratorPrototype);
    let proto = vm.new_object_with(Some(ip), ObjectClass::Ordinary);
    vm.realm
        .set_intrinsic(Intrinsic::RegExpStringIteratorPrototype, proto);
    method(vm, proto, "next", 0, next);
    let tag = vm.new_string("RegExp String Iterator");
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    vm.define_builtin(proto, tk, tag, Attrs::CONFIGURABLE_ONLY);
}

/// CreateRegExpStringIterator (#sec-createregexpstringiterator).
pub fn create(vm: &mut Vm, r: Gc<JsObject>, s: Gc<JsString>, global: bool, unicode: bool) -> Value {
    let proto = vm.intrinsic(Intrinsic::RegExpStringIteratorPrototype);
    let data = RegExpStringIterator {
        regexp: r,
        string: s,
        global,
        unicode,
        done: Cell::new(false),
    };
    Value::object(vm.new_object_with(Some(proto), ObjectClass::Data(Box::new(data))))
}

/// %RegExpStringIteratorPrototype%.next ( ) (#sec-%regexpstringiteratorprototype%.next).
fn next(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    // 1-3.
    let Some(o) = this
        .as_object()
        .filter(|o| o.class.data::<RegExpStringIterator>().is_some())
    else {
        return Err(vm.type_error("RegExp String Iterator next called on an incompatible receiver"));
    };
    let Some(d) = o.class.data::<RegExpStringIterator>() else {
        return Ok(Value::UNDEFINED);
    };
    // 4.
    if d.done.get() {
        return Ok(vm.create_iter_result(Value::UNDEFINED, true));
    }
    // 5-9.
    let (r, s, global, unicode) = (d.regexp, d.string, d.global, d.unicode);
    let m = regexp_exec(vm, r, s)?;
    // 10.
    if m.is_null() {
        d.done.set(true);
        return Ok(vm.create_iter_result(Value::UNDEFINED, true));
    }
    // 11.
    if !global {
        d.done.set(true);
        return Ok(vm.create_iter_result(m, false));
    }
    // 12-13.
    let match_str = match_string(vm, m)?;
    if match_str.is_empty() {
        let this_index = get_last_index(vm, r)?;
        let next_index = advance_string_index(&s, this_index, unicode);
        set_last_index(vm, r, next_index as f64)?;
    }
    // 14.
    Ok(vm.create_iter_result(m, false))
}
