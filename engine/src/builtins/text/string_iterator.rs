//! %StringIteratorPrototype% (#sec-%stringiteratorprototype%-object).

use crate::builtins::method;
use crate::function::Args;
use crate::gc::{Gc, Trace, Tracer};
use crate::object::{Attrs, ObjectClass, ObjectData, PropertyKey};
use crate::realm::Intrinsic;
use crate::string::JsString;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::cell::Cell;

pub struct StringIterator {
    pub string: Cell<Option<Gc<JsString>>>,
    pub pos: Cell<usize>,
}
impl Trace for StringIterator {
    fn trace(&self, t: &mut Tracer) {
        self.string.trace(t)
    }
}
impl ObjectData for StringIterator {
    fn class_name(&self) -> &'static str {
        "String Iterator"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

pub fn init(vm: &mut Vm) {
    let ip = vm.intrinsic(Intrinsic::IteratorPrototype);
    let proto = vm.new_object_with(Some(ip), ObjectClass::Ordinary);
    vm.realm
        .set_intrinsic(Intrinsic::StringIteratorPrototype, proto);
    method(vm, proto, "next", 0, next);
    let tag = vm.new_string("String Iterator");
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    vm.define_builtin(proto, tk, tag, Attrs::CONFIGURABLE_ONLY);
}

pub fn create(vm: &mut Vm, s: Gc<JsString>) -> Value {
    let proto = vm.intrinsic(Intrinsic::StringIteratorPrototype);
    let data = StringIterator {
        string: Cell::new(Some(s)),
        pos: Cell::new(0),
    };
    Value::object(vm.new_object_with(Some(proto), ObjectClass::Data(Box::new(data))))
}

fn next(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let Some(it) = this
        .as_object()
        .and_then(|o| o.class.data::<StringIterator>().map(|_| o))
    else {
        return Err(vm.type_error("next method called on incompatible receiver"));
    };
    let Some(d) = it.class.data::<StringIterator>() else {
        return Ok(Value::UNDEFINED);
    };
    let Some(s) = d.string.get() else {
        return Ok(vm.create_iter_result(Value::UNDEFINED, true));
    };
    let pos = d.pos.get();
    if pos >= s.len() {
        d.string.set(None);
        return Ok(vm.create_iter_result(Value::UNDEFINED, true));
    }
    let first = s.code_unit(pos);
    let n = if (0xD800..0xDC00).contains(&first)
        && pos + 1 < s.len()
        && (0xDC00..0xE000).contains(&s.code_unit(pos + 1))
    {
        2
    } else {
        1
    };
    let units: Vec<u16> = (pos..pos + n).map(|i| s.code_unit(i)).collect();
    d.pos.set(pos + n);
    let v = vm.new_string_utf16(&units);
    Ok(vm.create_iter_result(v, false))
}
