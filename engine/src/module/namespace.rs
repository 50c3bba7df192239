//! Module namespace exotic objects (#sec-module-namespace-exotic-objects).

use super::{exported_names, resolve_export, ModuleRecord, Resolution};
use crate::gc::{Gc, KeyList, Trace, Tracer};
use crate::object::methods::InternalMethods;
use crate::object::ordinary::{
    ordinary_define_own_property, ordinary_delete, ordinary_get, ordinary_get_own_property,
    ordinary_has_property,
};
use crate::object::{
    Attrs, JsObject, ObjectClass, ObjectData, OwnProperty, PropertyDescriptor, PropertyKey, Slot,
};
use crate::string::JsString;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

enum NsBinding {
    Slot(Gc<ModuleRecord>, u32),
    Namespace(Gc<ModuleRecord>),
}

pub struct NamespaceData {
    pub module: Gc<ModuleRecord>,
    /// Export names sorted by code units, with their bindings.
    exports: Vec<(Gc<JsString>, NsBinding)>,
}

impl Trace for NamespaceData {
    fn trace(&self, t: &mut Tracer) {
        t.mark(self.module);
        for (n, b) in &self.exports {
            t.mark(*n);
            match b {
                NsBinding::Slot(m, _) | NsBinding::Namespace(m) => t.mark(*m),
            }
        }
    }
}
impl ObjectData for NamespaceData {
    fn class_name(&self) -> &'static str {
        "Module"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn internal_methods(&self) -> &'static InternalMethods {
        &NAMESPACE
    }
}

/// Module namespace objects (`NamespaceData` slots): every essential
/// internal method is overridden.
pub static NAMESPACE: InternalMethods = InternalMethods {
    name: "Module",
    get_prototype_of,
    set_prototype_of,
    is_extensible,
    prevent_extensions,
    get_own_property,
    define_own_property,
    has_property,
    get,
    set,
    delete,
    own_property_keys,
    call: None,
    construct: None,
};

pub fn create(vm: &mut Vm, m: Gc<ModuleRecord>) -> Gc<JsObject> {
    let mut names = exported_names(m, &mut Vec::new());
    let mut exports = Vec::new();
    // Only names that resolve unambiguously are exported.
    names.retain(|n| resolve_export(m, n, &mut Vec::new()).is_ok());
    let mut keyed: Vec<(Vec<u16>, String)> = names
        .into_iter()
        .map(|n| (n.encode_utf16().collect(), n))
        .collect();
    keyed.sort();
    for (_, n) in keyed {
        let b = match resolve_export(m, &n, &mut Vec::new()) {
            Ok(Resolution::Binding(t, slot)) => NsBinding::Slot(t, slot),
            Ok(Resolution::Namespace(t)) => NsBinding::Namespace(t),
            Err(_) => continue,
        };
        let js = vm.interner.intern_str(&vm.heap, &n);
        exports.push((js, b));
    }
    let ns = vm.new_object_with(
        None,
        ObjectClass::Data(Box::new(NamespaceData { module: m, exports })),
    );
    let tag = vm.new_string("Module");
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    vm.define_builtin(ns, tk, tag, Attrs::NONE);
    ns.set_extensible_raw(false);
    ns
}

fn lookup(vm: &mut Vm, o: Gc<JsObject>, key: PropertyKey) -> Option<Option<Value>> {
    let PropertyKey::String(s) = key else {
        return if let PropertyKey::Index(i) = key {
            let name = vm.key_display(PropertyKey::Index(i));
            let d = o.class.data::<NamespaceData>()?;
            Some(
                d.exports
                    .iter()
                    .find(|(n, _)| n.eq_str(&name))
                    .map(|(_, b)| read(vm, b)),
            )
        } else {
            None
        };
    };
    let d = o.class.data::<NamespaceData>()?;
    Some(
        d.exports
            .iter()
            .find(|(n, _)| *n == s)
            .map(|(_, b)| read(vm, b)),
    )
}

fn read(vm: &mut Vm, b: &NsBinding) -> Value {
    match b {
        NsBinding::Slot(m, slot) => m.env.get().map_or(Value::UNINIT, |e| e.get(*slot)),
        NsBinding::Namespace(m) => Value::object(vm.module_namespace(*m)),
    }
}

fn tdz(vm: &mut Vm, key: PropertyKey) -> crate::vm::Exception {
    let n = vm.key_display(key);
    vm.reference_error(&format!("Cannot access '{n}' before initialization"))
}

/// [[GetPrototypeOf]] ( ) (#sec-module-namespace-exotic-objects-getprototypeof).
fn get_prototype_of(_vm: &mut Vm, _o: Gc<JsObject>) -> JsResult<Option<Gc<JsObject>>> {
    // 1. Return null.
    Ok(None)
}

/// [[SetPrototypeOf]] ( V ) (#sec-module-namespace-exotic-objects-setprototypeof-v).
fn set_prototype_of(_vm: &mut Vm, _o: Gc<JsObject>, v: Option<Gc<JsObject>>) -> JsResult<bool> {
    // 1. Return ! SetImmutablePrototype(O, V): true only for the current
    // prototype, null.
    Ok(v.is_none())
}

/// [[IsExtensible]] ( ) (#sec-module-namespace-exotic-objects-isextensible).
fn is_extensible(_vm: &mut Vm, _o: Gc<JsObject>) -> JsResult<bool> {
    // 1. Return false.
    Ok(false)
}

/// [[PreventExtensions]] ( ) (#sec-module-namespace-exotic-objects-preventextensions).
fn prevent_extensions(_vm: &mut Vm, _o: Gc<JsObject>) -> JsResult<bool> {
    // 1. Return true.
    Ok(true)
}

/// [[GetOwnProperty]] ( P ) (#sec-module-namespace-exotic-objects-getownproperty-p).
fn get_own_property(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
) -> JsResult<Option<OwnProperty>> {
    // 1. If P is a Symbol, return OrdinaryGetOwnProperty(O, P).
    if key.is_symbol() {
        return ordinary_get_own_property(vm, o, key);
    }
    // 2-4. If exports does not contain P, return undefined.
    match lookup(vm, o, key) {
        None | Some(None) => Ok(None),
        // 5. Let value be ? O.[[Get]](P, O) (a binding not yet initialized
        // throws).
        Some(Some(v)) if v.is_uninit() => Err(tdz(vm, key)),
        // 6. { [[Value]]: value, [[Writable]]: true, [[Enumerable]]: true, [[Configurable]]: false }.
        Some(Some(v)) => Ok(Some(OwnProperty {
            slot: Slot::Data(v),
            attrs: Attrs(Attrs::WRITABLE | Attrs::ENUMERABLE),
        })),
    }
}

/// [[DefineOwnProperty]] ( P, Desc ) (#sec-module-namespace-exotic-objects-defineownproperty-p-desc).
fn define_own_property(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
    desc: PropertyDescriptor,
) -> JsResult<bool> {
    // 1. If P is a Symbol, return ! OrdinaryDefineOwnProperty(O, P, Desc).
    if key.is_symbol() {
        return ordinary_define_own_property(vm, o, key, desc);
    }
    // 2-3. Let current be ? O.[[GetOwnProperty]](P); undefined → false.
    let Some(cur) = get_own_property(vm, o, key)? else {
        return Ok(false);
    };
    // 4-7. Only a writable, enumerable, non-configurable data property fits.
    if desc.configurable == Some(true)
        || desc.enumerable == Some(false)
        || desc.is_accessor()
        || desc.writable == Some(false)
    {
        return Ok(false);
    }
    // 8. If Desc has a [[Value]] field, return SameValue(Desc.[[Value]], current.[[Value]]).
    if let (Some(v), Slot::Data(cv)) = (desc.value, cur.slot) {
        return Ok(crate::object::ops::same_value(v, cv));
    }
    // 9. Return true.
    Ok(true)
}

/// Whether the export names contain `key` (a string or index key).
fn exports_contain(o: Gc<JsObject>, key: PropertyKey) -> bool {
    let Some(d) = o.class.data::<NamespaceData>() else {
        return false;
    };
    match key {
        PropertyKey::String(s) => d.exports.iter().any(|(n, _)| *n == s),
        PropertyKey::Index(i) => d.exports.iter().any(|(n, _)| n.eq_str(&i.to_string())),
        PropertyKey::Symbol(_) => false,
    }
}

/// [[HasProperty]] ( P ) (#sec-module-namespace-exotic-objects-hasproperty-p).
fn has_property(vm: &mut Vm, o: Gc<JsObject>, key: PropertyKey) -> JsResult<bool> {
    // 1. If P is a Symbol, return ! OrdinaryHasProperty(O, P).
    if key.is_symbol() {
        return ordinary_has_property(vm, o, key);
    }
    // 2-4. Return whether exports contains P.
    Ok(exports_contain(o, key))
}

/// [[Get]] ( P, Receiver ) (#sec-module-namespace-exotic-objects-get-p-receiver).
fn get(vm: &mut Vm, o: Gc<JsObject>, key: PropertyKey, receiver: Value) -> JsResult<Value> {
    // 1. If P is a Symbol, return ! OrdinaryGet(O, P, Receiver).
    if key.is_symbol() {
        return ordinary_get(vm, o, key, receiver);
    }
    match lookup(vm, o, key) {
        // 2-3. If exports does not contain P, return undefined.
        None | Some(None) => Ok(Value::UNDEFINED),
        // 4-12. The binding's value; an uninitialized one throws a ReferenceError.
        Some(Some(v)) if v.is_uninit() => Err(tdz(vm, key)),
        Some(Some(v)) => Ok(v),
    }
}

/// [[Set]] ( P, V, Receiver ) (#sec-module-namespace-exotic-objects-set-p-v-receiver).
fn set(_vm: &mut Vm, _o: Gc<JsObject>, _key: PropertyKey, _v: Value, _r: Value) -> JsResult<bool> {
    // 1. Return false.
    Ok(false)
}

/// [[Delete]] ( P ) (#sec-module-namespace-exotic-objects-delete-p).
fn delete(vm: &mut Vm, o: Gc<JsObject>, key: PropertyKey) -> JsResult<bool> {
    // 1. If P is a Symbol, return ! OrdinaryDelete(O, P).
    if key.is_symbol() {
        return ordinary_delete(vm, o, key);
    }
    // 2-4. If exports contains P, return false; else true.
    Ok(!exports_contain(o, key))
}

/// [[OwnPropertyKeys]] ( ) (#sec-module-namespace-exotic-objects-ownpropertykeys).
fn own_property_keys(vm: &mut Vm, o: Gc<JsObject>) -> JsResult<KeyList> {
    // 1-2. The export names (sorted at creation), 3. then the symbol keys
    // of OrdinaryOwnPropertyKeys(O).
    let mut keys: Vec<PropertyKey> = Vec::new();
    if let Some(d) = o.class.data::<NamespaceData>() {
        for (n, _) in &d.exports {
            keys.push(vm.key_from_string(*n));
        }
    }
    keys.extend(o.own_keys_raw().into_iter().filter(|k| k.is_symbol()));
    Ok(vm.rooted_from(keys))
}
