//! Set Iterator objects and %SetIteratorPrototype% (#sec-set-iterator-objects).

use super::set::table_of;
use super::table::Cursor;
use crate::builtins::method;
use crate::function::Args;
use crate::gc::{Gc, Trace, Tracer};
use crate::object::{Attrs, JsObject, ObjectClass, ObjectData, PropertyKey};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::cell::RefCell;

#[derive(Copy, Clone, PartialEq, Eq)]
pub enum SetIterKind {
    Values,
    Entries,
}

/// The state of CreateSetIterator's closure: the set and a cursor into its
/// entries, or None once the iterator has completed.
pub struct SetIterator {
    state: RefCell<Option<(Gc<JsObject>, Cursor)>>,
    kind: SetIterKind,
}

impl Trace for SetIterator {
    fn trace(&self, t: &mut Tracer) {
        if let Some((m, _)) = &*self.state.borrow() {
            t.mark(*m);
        }
    }
}
impl ObjectData for SetIterator {
    fn class_name(&self) -> &'static str {
        "Set Iterator"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

pub fn init(vm: &mut Vm) {
    let ip = vm.intrinsic(Intrinsic::IteratorPrototype);
    let proto = vm.new_object_with(Some(ip), ObjectClass::Ordinary);
    vm.realm
        .set_intrinsic(Intrinsic::SetIteratorPrototype, proto);
    method(vm, proto, "next", 0, next);
    let tag = vm.new_string("Set Iterator");
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    vm.define_builtin(proto, tk, tag, Attrs::CONFIGURABLE_ONLY);
}

/// CreateSetIterator (#sec-createsetiterator); `set` has [[SetData]].
pub fn create(vm: &mut Vm, set: Gc<JsObject>, kind: SetIterKind) -> Value {
    let cursor = table_of(&set).map(|t| t.borrow_mut().cursor());
    let state = cursor.map(|c| (set, c));
    let proto = vm.intrinsic(Intrinsic::SetIteratorPrototype);
    let data = SetIterator {
        state: RefCell::new(state),
        kind,
    };
    Value::object(vm.new_object_with(Some(proto), ObjectClass::Data(Box::new(data))))
}

/// %SetIteratorPrototype%.next ( ) (#sec-%setiteratorprototype%.next).
fn next(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let Some(d) = this
        .as_object()
        .and_then(|o| o.class.data::<SetIterator>().map(|_| o))
    else {
        return Err(vm.type_error("%SetIteratorPrototype%.next called on incompatible receiver"));
    };
    let Some(it) = d.class.data::<SetIterator>() else {
        return Ok(Value::UNDEFINED);
    };
    let state = it.state.borrow().clone();
    let Some((set, cursor)) = state else {
        return Ok(vm.create_iter_result(Value::UNDEFINED, true));
    };
    let Some(table) = table_of(&set) else {
        return Ok(vm.create_iter_result(Value::UNDEFINED, true));
    };
    let entry = table.borrow().next(&cursor);
    match entry {
        Some((k, _)) => {
            let result = match it.kind {
                SetIterKind::Values => k,
                SetIterKind::Entries => Value::object(vm.create_array_from_list(&[k, k])),
            };
            Ok(vm.create_iter_result(result, false))
        }
        None => {
            // The generator completes: it never yields again.
            table.borrow_mut().release(&cursor);
            *it.state.borrow_mut() = None;
            Ok(vm.create_iter_result(Value::UNDEFINED, true))
        }
    }
}
