//! WeakRef (#sec-weak-ref-objects). The target is held weakly: see `weak.rs`.

use super::weak::can_be_held_weakly;
use crate::builtins::{global_binding, link_constructor, method, native_function};
use crate::function::Args;
use crate::gc::{Trace, Tracer};
use crate::object::{Attrs, ObjectClass, ObjectData, PropertyKey};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::cell::Cell;

/// The [[WeakRefTarget]] internal slot (undefined once collected).
pub struct WeakRefData {
    pub(super) target: Cell<Value>,
}

impl Trace for WeakRefData {
    /// The target is weak: nothing is traced.
    fn trace(&self, _t: &mut Tracer) {}
}
impl ObjectData for WeakRefData {
    fn class_name(&self) -> &'static str {
        "WeakRef"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    vm.realm.set_intrinsic(Intrinsic::WeakRefPrototype, proto);
    let ctor = native_function(vm, "WeakRef", 1, constructor, true);
    vm.realm.set_intrinsic(Intrinsic::WeakRef, ctor);
    link_constructor(vm, ctor, proto);
    method(vm, proto, "deref", 0, deref);
    let tag = vm.new_string("WeakRef");
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    vm.define_builtin(proto, tk, tag, Attrs::CONFIGURABLE_ONLY);
    global_binding(vm, "WeakRef", Value::object(ctor));
}

/// WeakRef ( target ) (#sec-weak-ref-target).
fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    // 1.
    if nt.is_undefined() {
        return Err(vm.type_error("Constructor WeakRef requires 'new'"));
    }
    // 2.
    let target = args.get(0);
    if !can_be_held_weakly(target) {
        return Err(vm.type_error("WeakRef: invalid target"));
    }
    // 3.
    let proto = vm.get_prototype_from_constructor(nt, Intrinsic::WeakRefPrototype)?;
    let r = vm.new_object_with(
        Some(proto),
        ObjectClass::Data(Box::new(WeakRefData {
            target: Cell::new(target),
        })),
    );
    vm.weak_registry.register(r);
    // 4.
    vm.weak_registry.keep(target);
    // 5-6.
    Ok(Value::object(r))
}

/// WeakRef.prototype.deref ( ) (#sec-weak-ref.prototype.deref).
fn deref(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    // 1-2.
    let Some(d) = this
        .as_object()
        .and_then(|o| o.class.data::<WeakRefData>().map(|d| d.target.get()))
    else {
        return Err(vm.type_error("WeakRef.prototype.deref called on incompatible receiver"));
    };
    // 3. WeakRefDeref.
    if !d.is_undefined() {
        vm.weak_registry.keep(d);
    }
    Ok(d)
}
