//! %ArrayIteratorPrototype% (#sec-%arrayiteratorprototype%-object).

use crate::builtins::method;
use crate::function::Args;
use crate::gc::{Gc, Trace, Tracer};
use crate::object::{Attrs, JsObject, ObjectClass, ObjectData, PropertyKey};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::cell::Cell;

#[derive(Copy, Clone, PartialEq, Eq)]
pub enum IterKind {
    Keys,
    Values,
    Entries,
}

pub struct ArrayIterator {
    pub object: Cell<Option<Gc<JsObject>>>,
    pub index: Cell<u64>,
    pub kind: IterKind,
}
impl Trace for ArrayIterator {
    fn trace(&self, t: &mut Tracer) {
        self.object.trace(t)
    }
}
impl ObjectData for ArrayIterator {
    fn class_name(&self) -> &'static str {
        "Array Iterator"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

pub fn init(vm: &mut Vm) {
    let ip = vm.intrinsic(Intrinsic::IteratorPrototype);
    let proto = vm.new_object_with(Some(ip), ObjectClass::Ordinary);
    vm.realm
        .set_intrinsic(Intrinsic::ArrayIteratorPrototype, proto);
    let next_fn = method(vm, proto, "next", 0, next);
    vm.realm
        .set_intrinsic(Intrinsic::ArrayIteratorNext, next_fn);
    let tag = vm.new_string("Array Iterator");
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    vm.define_builtin(proto, tk, tag, Attrs::CONFIGURABLE_ONLY);
}

/// CreateArrayIterator.
pub fn create(vm: &mut Vm, o: Gc<JsObject>, kind: IterKind) -> Value {
    let proto = vm.intrinsic(Intrinsic::ArrayIteratorPrototype);
    let data = ArrayIterator {
        object: Cell::new(Some(o)),
        index: Cell::new(0),
        kind,
    };
    Value::object(vm.new_object_with(Some(proto), ObjectClass::Data(Box::new(data))))
}

/// One step of a values iterator over an array with a dense element at
/// the current index, without allocating the result object: `Some(None)`
/// when done, `Some(Some(v))` for the next value, `None` when the generic
/// `next` must run (other kinds of iterator or object, holes). Nothing
/// observable is skipped: an array's length and dense elements are read
/// without running code.
pub fn fast_step(it: Gc<JsObject>) -> Option<Option<Value>> {
    let d = it.class.data::<ArrayIterator>()?;
    if d.kind != IterKind::Values {
        return None;
    }
    let Some(o) = d.object.get() else {
        return Some(None);
    };
    let ObjectClass::Array(a) = &o.class else {
        return None;
    };
    let i = d.index.get();
    if i >= a.length.get() as u64 {
        d.object.set(None);
        return Some(None);
    }
    let v = o.dense_get(i as u32)?;
    d.index.set(i + 1);
    Some(Some(v))
}

fn next(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let Some(it) = this
        .as_object()
        .filter(|o| o.class.data::<ArrayIterator>().is_some())
    else {
        return Err(vm.type_error("next method called on incompatible receiver"));
    };
    let Some(d) = it.class.data::<ArrayIterator>() else {
        return Ok(Value::UNDEFINED);
    };
    let Some(o) = d.object.get() else {
        return Ok(vm.create_iter_result(Value::UNDEFINED, true));
    };
    let i = d.index.get();
    // A TypedArray's length comes from TypedArrayLength (TypeError when
    // out of bounds); other objects use LengthOfArrayLike.
    let len = match crate::builtins::typed_array::iterator_length(vm, o) {
        Some(r) => r?,
        None => vm.length_of_array_like(o)?,
    };
    if i >= len {
        d.object.set(None);
        return Ok(vm.create_iter_result(Value::UNDEFINED, true));
    }
    d.index.set(i + 1);
    let result = match d.kind {
        IterKind::Keys => Value::number(i as f64),
        IterKind::Values => {
            let k = vm.index_key(i);
            vm.get_prop(o, k)?
        }
        IterKind::Entries => {
            let k = vm.index_key(i);
            let v = vm.get_prop(o, k)?;
            Value::object(vm.create_array_from_list(&[Value::number(i as f64), v]))
        }
    };
    Ok(vm.create_iter_result(result, false))
}
