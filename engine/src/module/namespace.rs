//! Module namespace exotic objects (#sec-module-namespace-exotic-objects).

use super::{exported_names, resolve_export, ModuleRecord, Resolution};
use crate::gc::{Gc, Trace, Tracer};
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
}

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

pub fn is_namespace(o: Gc<JsObject>) -> bool {
    o.class.data::<NamespaceData>().is_some()
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

/// [[GetOwnProperty]].
pub fn get_own_property(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
) -> Option<JsResult<Option<OwnProperty>>> {
    if !is_namespace(o) {
        return None;
    }
    if key.is_symbol() {
        return Some(Ok(o.get_own_raw(key)));
    }
    match lookup(vm, o, key)? {
        None => Some(Ok(None)),
        Some(v) if v.is_uninit() => Some(Err(tdz(vm, key))),
        Some(v) => Some(Ok(Some(OwnProperty {
            slot: Slot::Data(v),
            attrs: Attrs(Attrs::WRITABLE | Attrs::ENUMERABLE),
        }))),
    }
}

/// [[DefineOwnProperty]].
pub fn define_own_property(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
    desc: PropertyDescriptor,
) -> Option<JsResult<bool>> {
    if !is_namespace(o) {
        return None;
    }
    if key.is_symbol() {
        return Some(vm.ordinary_define_own_property(o, key, desc));
    }
    let current = match get_own_property(vm, o, key)? {
        Ok(c) => c,
        Err(e) => return Some(Err(e)),
    };
    let Some(cur) = current else {
        return Some(Ok(false));
    };
    if desc.configurable == Some(true)
        || desc.enumerable == Some(false)
        || desc.is_accessor()
        || desc.writable == Some(false)
    {
        return Some(Ok(false));
    }
    if let (Some(v), Slot::Data(cv)) = (desc.value, cur.slot) {
        return Some(Ok(crate::object::ops::same_value(v, cv)));
    }
    Some(Ok(true))
}

/// [[HasProperty]].
pub fn has_property(vm: &mut Vm, o: Gc<JsObject>, key: PropertyKey) -> Option<bool> {
    if !is_namespace(o) {
        return None;
    }
    if key.is_symbol() {
        return Some(o.get_own_raw(key).is_some());
    }
    let _ = vm;
    let d = o.class.data::<NamespaceData>()?;
    Some(match key {
        PropertyKey::String(s) => d.exports.iter().any(|(n, _)| *n == s),
        PropertyKey::Index(i) => d.exports.iter().any(|(n, _)| n.eq_str(&i.to_string())),
        PropertyKey::Symbol(_) => false,
    })
}

/// [[Delete]].
pub fn delete(vm: &mut Vm, o: Gc<JsObject>, key: PropertyKey) -> Option<bool> {
    if !is_namespace(o) {
        return None;
    }
    if key.is_symbol() {
        let p = o.get_own_raw(key);
        return Some(match p {
            Some(p) if !p.attrs.configurable() => false,
            Some(_) => o.delete_raw(key),
            None => true,
        });
    }
    Some(!has_property(vm, o, key)?)
}

/// [[OwnPropertyKeys]].
pub fn own_keys(vm: &mut Vm, o: Gc<JsObject>) -> Option<Vec<PropertyKey>> {
    let d = o.class.data::<NamespaceData>()?;
    let mut keys: Vec<PropertyKey> = Vec::new();
    for (n, _) in &d.exports {
        keys.push(vm.key_from_string(*n));
    }
    keys.extend(o.own_keys_raw().into_iter().filter(|k| k.is_symbol()));
    Some(keys)
}
