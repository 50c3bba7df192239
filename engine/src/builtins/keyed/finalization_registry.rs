//! FinalizationRegistry (#sec-finalization-registry-objects). Targets and
//! unregister tokens are held weakly; cleanup calls are queued as jobs after
//! a collection (see `weak.rs`).

use super::weak::{can_be_held_weakly, weak_key};
use crate::builtins::{global_binding, link_constructor, method, native_function};
use crate::function::Args;
use crate::gc::{Gc, Trace, Tracer};
use crate::object::class::value_is_callable;
use crate::object::ops::same_value;
use crate::object::{Attrs, JsObject, ObjectClass, ObjectData, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::cell::RefCell;

/// A record of [[Cells]].
pub struct Cell {
    /// [[WeakRefTarget]] (weak).
    pub target: Value,
    /// [[HeldValue]] (strong).
    pub held: Value,
    /// [[UnregisterToken]] (weak; None is ~empty~).
    pub token: Option<Value>,
}

/// [[Realm]], [[CleanupCallback]] and [[Cells]].
pub struct FinalizationRegistryData {
    pub realm: Gc<Realm>,
    pub callback: Value,
    pub cells: RefCell<Vec<Cell>>,
}

impl Trace for FinalizationRegistryData {
    /// The realm, the callback and the held values are strong; targets and
    /// tokens are not traced.
    fn trace(&self, t: &mut Tracer) {
        t.mark(self.realm);
        t.mark_value(self.callback);
        if let Ok(cells) = self.cells.try_borrow() {
            for c in cells.iter() {
                t.mark_value(c.held);
            }
        }
    }
}
impl ObjectData for FinalizationRegistryData {
    fn class_name(&self) -> &'static str {
        "FinalizationRegistry"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    vm.realm
        .set_intrinsic(Intrinsic::FinalizationRegistryPrototype, proto);
    let ctor = native_function(vm, "FinalizationRegistry", 1, constructor, true);
    vm.realm
        .set_intrinsic(Intrinsic::FinalizationRegistry, ctor);
    link_constructor(vm, ctor, proto);
    method(vm, proto, "register", 2, register);
    method(vm, proto, "unregister", 1, unregister);
    let tag = vm.new_string("FinalizationRegistry");
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    vm.define_builtin(proto, tk, tag, Attrs::CONFIGURABLE_ONLY);
    global_binding(vm, "FinalizationRegistry", Value::object(ctor));
}

/// FinalizationRegistry ( cleanupCallback ) (#sec-finalization-registry-cleanup-callback).
fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    // 1.
    if nt.is_undefined() {
        return Err(vm.type_error("Constructor FinalizationRegistry requires 'new'"));
    }
    // 2.
    let callback = args.get(0);
    if !value_is_callable(callback) {
        return Err(vm.type_error("FinalizationRegistry: cleanup must be callable"));
    }
    // 3-7. The active function's realm is the current realm.
    let proto = vm.get_prototype_from_constructor(nt, Intrinsic::FinalizationRegistryPrototype)?;
    let realm = vm.realm;
    let data = FinalizationRegistryData {
        realm,
        callback,
        cells: RefCell::new(Vec::new()),
    };
    let r = vm.new_object_with(Some(proto), ObjectClass::Data(Box::new(data)));
    vm.weak_registry.register(r);
    Ok(Value::object(r))
}

/// RequireInternalSlot(F, [[Cells]]).
fn this_registry(vm: &mut Vm, this: Value, what: &str) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o) if o.class.data::<FinalizationRegistryData>().is_some() => Ok(o),
        _ => Err(vm.type_error(&format!(
            "FinalizationRegistry.prototype.{what} called on incompatible receiver"
        ))),
    }
}

/// FinalizationRegistry.prototype.register ( target, heldValue [ , unregisterToken ] )
/// (#sec-finalization-registry.prototype.register).
fn register(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1-2.
    let f = this_registry(vm, this, "register")?;
    let (target, held, token) = (args.get(0), args.get(1), args.get(2));
    // 3.
    if !can_be_held_weakly(target) {
        return Err(vm.type_error("FinalizationRegistry.prototype.register: invalid target"));
    }
    // 4.
    if same_value(target, held) {
        return Err(vm.type_error(
            "FinalizationRegistry.prototype.register: target and held value must not be the same",
        ));
    }
    // 5.
    let token = if can_be_held_weakly(token) {
        Some(token)
    } else if token.is_undefined() {
        None
    } else {
        return Err(
            vm.type_error("FinalizationRegistry.prototype.register: invalid unregister token")
        );
    };
    // 6-7.
    if let Some(d) = f.class.data::<FinalizationRegistryData>() {
        d.cells.borrow_mut().push(Cell {
            target,
            held,
            token,
        });
    }
    Ok(Value::UNDEFINED)
}

/// FinalizationRegistry.prototype.unregister ( unregisterToken )
/// (#sec-finalization-registry.prototype.unregister).
fn unregister(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1-2.
    let f = this_registry(vm, this, "unregister")?;
    // 3.
    let token = args.get(0);
    if !can_be_held_weakly(token) {
        return Err(
            vm.type_error("FinalizationRegistry.prototype.unregister: invalid unregister token")
        );
    }
    // 4-5.
    let Some(d) = f.class.data::<FinalizationRegistryData>() else {
        return Ok(Value::FALSE);
    };
    let mut cells = d.cells.borrow_mut();
    let before = cells.len();
    let key = weak_key(token);
    cells.retain(|c| c.token.is_none_or(|t| weak_key(t) != key));
    Ok(Value::bool(cells.len() != before))
}
