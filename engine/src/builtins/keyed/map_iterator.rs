//! Map Iterator objects and %MapIteratorPrototype% (#sec-map-iterator-objects).

use super::map::table_of;
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
pub enum MapIterKind {
    Keys,
    Values,
    Entries,
}

/// The state of CreateMapIterator's closure: the map and a cursor into its
/// entries, or None once the iterator has completed.
pub struct MapIterator {
    state: RefCell<Option<(Gc<JsObject>, Cursor)>>,
    kind: MapIterKind,
}

impl Trace for MapIterator {
    fn trace(&self, t: &mut Tracer) {
        if let Some((m, _)) = &*self.state.borrow() {
            t.mark(*m);
        }
    }
}
impl ObjectData for MapIterator {
    fn class_name(&self) -> &'static str {
        "Map Iterator"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

pub fn init(vm: &mut Vm) {
    let ip = vm.intrinsic(Intrinsic::IteratorPrototype);
    let proto = vm.new_object_with(Some(ip), ObjectClass::Ordinary);
    vm.realm
        .set_intrinsic(Intrinsic::MapIteratorPrototype, proto);
    method(vm, proto, "next", 0, next);
    let tag = vm.new_string("Map Iterator");
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    vm.define_builtin(proto, tk, tag, Attrs::CONFIGURABLE_ONLY);
}

/// CreateMapIterator (#sec-createmapiterator); `map` has [[MapData]].
pub fn create(vm: &mut Vm, map: Gc<JsObject>, kind: MapIterKind) -> Value {
    let cursor = table_of(&map).map(|t| t.borrow_mut().cursor());
    let state = cursor.map(|c| (map, c));
    let proto = vm.intrinsic(Intrinsic::MapIteratorPrototype);
    let data = MapIterator {
        state: RefCell::new(state),
        kind,
    };
    Value::object(vm.new_object_with(Some(proto), ObjectClass::Data(Box::new(data))))
}

/// %MapIteratorPrototype%.next ( ) (#sec-%mapiteratorprototype%.next).
fn next(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let Some(d) = this
        .as_object()
        .and_then(|o| o.class.data::<MapIterator>().map(|_| o))
    else {
        return Err(vm.type_error("%MapIteratorPrototype%.next called on incompatible receiver"));
    };
    let Some(it) = d.class.data::<MapIterator>() else {
        return Ok(Value::UNDEFINED);
    };
    let state = it.state.borrow().clone();
    let Some((map, cursor)) = state else {
        return Ok(vm.create_iter_result(Value::UNDEFINED, true));
    };
    let Some(table) = table_of(&map) else {
        return Ok(vm.create_iter_result(Value::UNDEFINED, true));
    };
    let entry = table.borrow().next(&cursor);
    match entry {
        Some((k, v)) => {
            let result = match it.kind {
                MapIterKind::Keys => k,
                MapIterKind::Values => v,
                MapIterKind::Entries => Value::object(vm.create_array_from_list(&[k, v])),
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
