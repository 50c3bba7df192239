//! %IteratorPrototype%, %AsyncIteratorPrototype% and the Iterator
//! constructor (#sec-iteration). Iterator helpers are not implemented yet.

use crate::builtins::{global_binding, link_constructor, method_sym, native_function};
use crate::function::Args;
use crate::object::ObjectClass;
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    vm.realm.set_intrinsic(Intrinsic::IteratorPrototype, proto);
    let it = vm.symbols.iterator;
    method_sym(vm, proto, it, "[Symbol.iterator]", 0, return_this);
    let aproto = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    vm.realm.set_intrinsic(Intrinsic::AsyncIteratorPrototype, aproto);
    let ait = vm.symbols.async_iterator;
    method_sym(vm, aproto, ait, "[Symbol.asyncIterator]", 0, return_this);
    let ctor = native_function(vm, "Iterator", 0, constructor, true);
    vm.realm.set_intrinsic(Intrinsic::Iterator, ctor);
    link_constructor(vm, ctor, proto);
    global_binding(vm, "Iterator", Value::object(ctor));
}

fn return_this(_vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    Ok(this)
}

fn constructor(vm: &mut Vm, _this: Value, _args: Args, nt: Value) -> JsResult<Value> {
    let active = Value::object(vm.intrinsic(Intrinsic::Iterator));
    if nt.is_undefined() || nt == active {
        return Err(vm.type_error("Iterator cannot be constructed directly"));
    }
    Ok(Value::object(vm.ordinary_create_from_constructor(nt, Intrinsic::IteratorPrototype)?))
}
