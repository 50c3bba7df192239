//! Temporal (#sec-temporal-objects): the `Temporal` namespace and its
//! constructors. The calendar and time-zone arithmetic comes from the
//! `temporal_rs` crate; this module is the JavaScript-facing layer
//! (argument coercions, option bags, property reads in spec order).

mod calendar_getters;
mod duration;
mod fields;
mod instant;
mod now;
mod options;
mod plain_date;
mod plain_date_time;
mod plain_month_day;
mod plain_time;
mod plain_year_month;
mod zoned_date_time;

use crate::builtins::{accessor, global_binding, link_constructor, native_function};
use crate::function::{Args, NativeFn};
use crate::gc::{Gc, Trace, Tracer};
use crate::object::{Attrs, JsObject, ObjectClass, ObjectData, PropertyKey};
use crate::ops::errors::ErrorKind as JsErrorKind;
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{Exception, JsResult, Vm};
use std::sync::LazyLock;
use temporal_rs::error::ErrorKind;
use temporal_rs::{TemporalError, TemporalResult};
use timezone_provider::tzif::FsTzdbProvider;

/// The time-zone database: the system's /usr/share/zoneinfo, parsed on
/// demand and cached (shared by every realm: it is immutable data).
static TZ_PROVIDER: LazyLock<FsTzdbProvider> = LazyLock::new(FsTzdbProvider::default);

pub(crate) fn provider() -> &'static FsTzdbProvider {
    &TZ_PROVIDER
}

/// A temporal_rs error as the JS exception its kind calls for.
pub(crate) fn js_error(vm: &mut Vm, e: TemporalError) -> Exception {
    let kind = match e.kind() {
        ErrorKind::Type => JsErrorKind::TypeError,
        // Parse failures, out-of-range values and internal assertions
        // are all RangeErrors in the spec.
        _ => JsErrorKind::RangeError,
    };
    let msg = e.into_message();
    vm.error(kind, msg)
}

/// Lift a temporal_rs result into a JS result.
pub(crate) fn tr<T>(vm: &mut Vm, r: TemporalResult<T>) -> JsResult<T> {
    r.map_err(|e| js_error(vm, e))
}

/// The internal slots of a Temporal object: the temporal_rs value.
pub(crate) struct Slot<T: 'static> {
    pub value: T,
    pub name: &'static str,
}

impl<T: 'static> Trace for Slot<T> {
    // temporal_rs values hold no GC references.
    fn trace(&self, _t: &mut Tracer) {}
}

impl<T: 'static> ObjectData for Slot<T> {
    fn class_name(&self) -> &'static str {
        self.name
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// The temporal_rs value inside `v` if it is a Temporal object of type T.
pub(crate) fn slot_of<T: Clone + 'static>(v: Value) -> Option<T> {
    v.as_object()
        .and_then(|o| o.class.data::<Slot<T>>().map(|s| s.value.clone()))
}

/// RequireInternalSlot for a Temporal type.
pub(crate) fn this_slot<T: Clone + 'static>(vm: &mut Vm, this: Value, what: &str) -> JsResult<T> {
    match slot_of::<T>(this) {
        Some(t) => Ok(t),
        None => Err(vm.type_error(&format!("{what} called on incompatible receiver"))),
    }
}

/// A new Temporal object holding `value`, with its prototype taken from
/// `new_target` (or the intrinsic when there is none).
pub(crate) fn create<T: 'static>(
    vm: &mut Vm,
    value: T,
    name: &'static str,
    new_target: Value,
    proto: Intrinsic,
) -> JsResult<Value> {
    let p = if new_target.is_undefined() {
        vm.intrinsic(proto)
    } else {
        vm.get_prototype_from_constructor(new_target, proto)?
    };
    let o = vm.new_object_with(Some(p), ObjectClass::Data(Box::new(Slot { value, name })));
    Ok(Value::object(o))
}

/// A getter on a prototype: `get name`.
pub(crate) fn getter(vm: &mut Vm, proto: Gc<JsObject>, name: &str, f: NativeFn) {
    let key = vm.key(name);
    accessor(vm, proto, key, name, Some(f), None);
}

/// A constructor and its prototype, installed as `Temporal.<name>`.
pub(crate) fn make_class(
    vm: &mut Vm,
    ns: Gc<JsObject>,
    name: &str,
    length: u32,
    ctor_fn: NativeFn,
    proto_i: Intrinsic,
    ctor_i: Intrinsic,
) -> (Gc<JsObject>, Gc<JsObject>) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    vm.realm.set_intrinsic(proto_i, proto);
    let ctor = native_function(vm, name, length, ctor_fn, true);
    vm.realm.set_intrinsic(ctor_i, ctor);
    link_constructor(vm, ctor, proto);
    let tag = vm.new_string(&format!("Temporal.{name}"));
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    vm.define_builtin(proto, tk, tag, Attrs::CONFIGURABLE_ONLY);
    let key = vm.key(name);
    vm.define_builtin(ns, key, Value::object(ctor), Attrs::HIDDEN);
    (ctor, proto)
}

/// Every `valueOf` of a Temporal prototype: comparing with `<` would
/// silently compare strings, so it throws.
pub(crate) fn value_of(vm: &mut Vm, _this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    Err(vm.type_error("Temporal objects cannot be converted to primitives; use compare()"))
}

/// A Rust string as a JS string value.
pub(crate) fn js_str(vm: &mut Vm, s: &str) -> Value {
    vm.new_string(s)
}

/// The `Temporal` namespace object (#sec-temporal-objects).
pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let ns = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    let tag = vm.new_string("Temporal");
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    vm.define_builtin(ns, tk, tag, Attrs::CONFIGURABLE_ONLY);
    duration::init(vm, ns);
    plain_time::init(vm, ns);
    plain_date::init(vm, ns);
    plain_date_time::init(vm, ns);
    plain_year_month::init(vm, ns);
    plain_month_day::init(vm, ns);
    instant::init(vm, ns);
    zoned_date_time::init(vm, ns);
    now::init(vm, ns);
    global_binding(vm, "Temporal", Value::object(ns));
}

/// A comparison result as -1/0/1.
pub(crate) fn ord_value(o: std::cmp::Ordering) -> Value {
    Value::int(match o {
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => 1,
    })
}
