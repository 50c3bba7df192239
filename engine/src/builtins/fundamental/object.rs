//! Object constructor and Object.prototype (#sec-object-objects).

use crate::builtins::{accessor, global_binding, link_constructor, method, native_function};
use crate::function::Args;
use crate::gc::{Gc, RootedVec, ValueList};
use crate::object::{Attrs, JsObject, ObjectClass, PropertyDescriptor, PropertyKey, Slot};
use crate::ops::operators::*;
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let proto = vm.intrinsic(Intrinsic::ObjectPrototype);
    let ctor = native_function(vm, "Object", 1, object_constructor, true);
    vm.realm.set_intrinsic(Intrinsic::Object, ctor);
    link_constructor(vm, ctor, proto);
    for (name, len, f) in [
        ("assign", 2, assign as crate::function::NativeFn),
        ("create", 2, create),
        ("defineProperties", 2, define_properties),
        ("defineProperty", 3, define_property),
        ("entries", 1, entries),
        ("freeze", 1, freeze),
        ("fromEntries", 1, from_entries),
        ("getOwnPropertyDescriptor", 2, get_own_property_descriptor),
        ("getOwnPropertyDescriptors", 1, get_own_property_descriptors),
        ("getOwnPropertyNames", 1, get_own_property_names),
        ("getOwnPropertySymbols", 1, get_own_property_symbols),
        ("getPrototypeOf", 1, get_prototype_of),
        ("groupBy", 2, group_by),
        ("hasOwn", 2, has_own),
        ("is", 2, is),
        ("isExtensible", 1, is_extensible),
        ("isFrozen", 1, is_frozen),
        ("isSealed", 1, is_sealed),
        ("keys", 1, keys),
        ("preventExtensions", 1, prevent_extensions),
        ("seal", 1, seal),
        ("setPrototypeOf", 2, set_prototype_of),
        ("values", 1, values),
    ] {
        method(vm, ctor, name, len, f);
    }
    for (name, len, f) in [
        (
            "hasOwnProperty",
            1,
            has_own_property as crate::function::NativeFn,
        ),
        ("isPrototypeOf", 1, is_prototype_of),
        ("propertyIsEnumerable", 1, property_is_enumerable),
        ("toLocaleString", 0, to_locale_string),
        ("toString", 0, to_string),
        ("valueOf", 0, value_of),
        ("__defineGetter__", 2, define_getter),
        ("__defineSetter__", 2, define_setter),
        ("__lookupGetter__", 1, lookup_getter),
        ("__lookupSetter__", 1, lookup_setter),
    ] {
        method(vm, proto, name, len, f);
    }
    let pk = vm.names.proto;
    accessor(vm, proto, pk, "__proto__", Some(proto_get), Some(proto_set));
    global_binding(vm, "Object", Value::object(ctor));
}

fn object_constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    let active = Value::object(vm.intrinsic(Intrinsic::Object));
    if !nt.is_undefined() && nt != active {
        return Ok(Value::object(vm.ordinary_create_from_constructor(
            nt,
            Intrinsic::ObjectPrototype,
        )?));
    }
    let v = args.get(0);
    if v.is_nullish() {
        return Ok(Value::object(vm.new_object()));
    }
    Ok(Value::object(vm.to_object(v)?))
}

/// ToPropertyDescriptor.
pub fn to_property_descriptor(vm: &mut Vm, v: Value) -> JsResult<PropertyDescriptor> {
    let Some(o) = v.as_object() else {
        return Err(vm.type_error("Property description must be an object"));
    };
    let mut d = PropertyDescriptor::default();
    let fields = [
        vm.names.enumerable,
        vm.names.configurable,
        vm.names.value,
        vm.names.writable,
        vm.names.get,
        vm.names.set,
    ];
    for (i, k) in fields.into_iter().enumerate() {
        if vm.has_property(o, k)? {
            let x = vm.get_prop(o, k)?;
            match i {
                0 => d.enumerable = Some(vm.to_boolean(x)),
                1 => d.configurable = Some(vm.to_boolean(x)),
                2 => d.value = Some(x),
                3 => d.writable = Some(vm.to_boolean(x)),
                4 => {
                    if !x.is_undefined() && !crate::object::class::value_is_callable(x) {
                        return Err(vm.type_error("Getter must be a function"));
                    }
                    d.get = Some(x)
                }
                _ => {
                    if !x.is_undefined() && !crate::object::class::value_is_callable(x) {
                        return Err(vm.type_error("Setter must be a function"));
                    }
                    d.set = Some(x)
                }
            }
        }
    }
    if (d.get.is_some() || d.set.is_some()) && (d.value.is_some() || d.writable.is_some()) {
        return Err(vm.type_error("Invalid property descriptor. Cannot both specify accessors and a value or writable attribute"));
    }
    Ok(d)
}

/// FromPropertyDescriptor.
pub fn from_property_descriptor(vm: &mut Vm, d: Option<PropertyDescriptor>) -> Value {
    let Some(d) = d else { return Value::UNDEFINED };
    let o = vm.new_object();
    let put = |vm: &mut Vm, k: PropertyKey, v: Value| {
        o.define_raw(&vm.heap, k, Slot::Data(v), Attrs::DEFAULT)
    };
    if let Some(v) = d.value {
        let k = vm.names.value;
        put(vm, k, v);
    }
    if let Some(w) = d.writable {
        let k = vm.names.writable;
        put(vm, k, Value::bool(w));
    }
    if let Some(g) = d.get {
        let k = vm.names.get;
        put(vm, k, g);
    }
    if let Some(s) = d.set {
        let k = vm.names.set;
        put(vm, k, s);
    }
    if let Some(e) = d.enumerable {
        let k = vm.names.enumerable;
        put(vm, k, Value::bool(e));
    }
    if let Some(c) = d.configurable {
        let k = vm.names.configurable;
        put(vm, k, Value::bool(c));
    }
    Value::object(o)
}

fn assign(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let to = vm.to_object(args.get(0))?;
    for &src in args.rest(1) {
        if src.is_nullish() {
            continue;
        }
        let from = vm.to_object(src)?;
        for k in vm.own_property_keys(from)? {
            if let Some(p) = vm.get_own_property(from, k)? {
                if p.attrs.enumerable() {
                    let v = vm.get_prop(from, k)?;
                    vm.set_prop(to, k, v, true)?;
                }
            }
        }
    }
    Ok(Value::object(to))
}

fn create(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let p = args.get(0);
    if !p.is_object() && !p.is_null() {
        return Err(vm.type_error("Object prototype may only be an Object or null"));
    }
    let o = vm.new_object_with(p.as_object(), ObjectClass::Ordinary);
    let props = args.get(1);
    if !props.is_undefined() {
        object_define_properties(vm, o, props)?;
    }
    Ok(Value::object(o))
}

/// ObjectDefineProperties.
pub fn object_define_properties(vm: &mut Vm, o: Gc<JsObject>, props: Value) -> JsResult<()> {
    let p = vm.to_object(props)?;
    // Descriptors hold values that later getters could otherwise orphan.
    let mut descs: RootedVec<(PropertyKey, PropertyDescriptor)> = vm.rooted_vec();
    for k in vm.own_property_keys(p)? {
        if let Some(pd) = vm.get_own_property(p, k)? {
            if pd.attrs.enumerable() {
                let dv = vm.get_prop(p, k)?;
                let d = to_property_descriptor(vm, dv)?;
                descs.push((k, d));
            }
        }
    }
    for (k, d) in descs {
        vm.define_property_or_throw(o, k, d)?;
    }
    Ok(())
}

fn define_properties(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let Some(o) = args.get(0).as_object() else {
        return Err(vm.type_error("Object.defineProperties called on non-object"));
    };
    object_define_properties(vm, o, args.get(1))?;
    Ok(Value::object(o))
}

fn define_property(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let Some(o) = args.get(0).as_object() else {
        return Err(vm.type_error("Object.defineProperty called on non-object"));
    };
    let k = vm.to_property_key(args.get(1))?;
    let d = to_property_descriptor(vm, args.get(2))?;
    vm.define_property_or_throw(o, k, d)?;
    Ok(Value::object(o))
}

#[derive(Clone, Copy, PartialEq)]
pub enum EnumKind {
    Keys,
    Values,
    Entries,
}

/// EnumerableOwnProperties.
pub fn enumerable_own_properties(
    vm: &mut Vm,
    o: Gc<JsObject>,
    kind: EnumKind,
) -> JsResult<ValueList> {
    let mut out: ValueList = vm.rooted_vec();
    for k in vm.own_property_keys(o)? {
        if k.is_symbol() {
            continue;
        }
        if let Some(p) = vm.get_own_property(o, k)? {
            if !p.attrs.enumerable() {
                continue;
            }
            let kv = vm.key_to_value(k);
            match kind {
                EnumKind::Keys => out.push(kv),
                EnumKind::Values => out.push(vm.get_prop(o, k)?),
                EnumKind::Entries => {
                    let v = vm.get_prop(o, k)?;
                    let e = vm.create_array_from_list(&[kv, v]);
                    out.push(Value::object(e));
                }
            }
        }
    }
    Ok(out)
}

fn entries(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(args.get(0))?;
    let l = enumerable_own_properties(vm, o, EnumKind::Entries)?;
    Ok(Value::object(vm.create_array_from_list(&l)))
}
fn keys(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(args.get(0))?;
    let l = enumerable_own_properties(vm, o, EnumKind::Keys)?;
    Ok(Value::object(vm.create_array_from_list(&l)))
}
fn values(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(args.get(0))?;
    let l = enumerable_own_properties(vm, o, EnumKind::Values)?;
    Ok(Value::object(vm.create_array_from_list(&l)))
}

fn freeze(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let v = args.get(0);
    if let Some(o) = v.as_object() {
        if !vm.set_integrity_level(o, true)? {
            return Err(vm.type_error("Cannot freeze"));
        }
    }
    Ok(v)
}
fn seal(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let v = args.get(0);
    if let Some(o) = v.as_object() {
        if !vm.set_integrity_level(o, false)? {
            return Err(vm.type_error("Cannot seal"));
        }
    }
    Ok(v)
}
fn prevent_extensions(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let v = args.get(0);
    if let Some(o) = v.as_object() {
        if !vm.prevent_extensions(o)? {
            return Err(vm.type_error("Cannot prevent extensions"));
        }
    }
    Ok(v)
}
fn is_frozen(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    match args.get(0).as_object() {
        Some(o) => Ok(Value::bool(vm.test_integrity_level(o, true)?)),
        None => Ok(Value::TRUE),
    }
}
fn is_sealed(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    match args.get(0).as_object() {
        Some(o) => Ok(Value::bool(vm.test_integrity_level(o, false)?)),
        None => Ok(Value::TRUE),
    }
}
fn is_extensible(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    match args.get(0).as_object() {
        Some(o) => Ok(Value::bool(vm.is_extensible(o)?)),
        None => Ok(Value::FALSE),
    }
}

fn from_entries(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let iterable = vm.require_object_coercible(args.get(0))?;
    let o = vm.new_object();
    let (it, next) = vm.get_iterator(iterable)?;
    while let Some(entry) = vm.iterator_step_value(it, next)? {
        let r = (|| -> JsResult<()> {
            let Some(e) = entry.as_object() else {
                return Err(vm.type_error("Iterator value is not an entry object"));
            };
            let k = vm.get_prop(e, PropertyKey::Index(0))?;
            let v = vm.get_prop(e, PropertyKey::Index(1))?;
            let key = vm.to_property_key(k)?;
            vm.create_data_property_or_throw(o, key, v)
        })();
        if let Err(e) = r {
            vm.iterator_close_on_throw(it);
            return Err(e);
        }
    }
    Ok(Value::object(o))
}

fn get_own_property_descriptor(
    vm: &mut Vm,
    _this: Value,
    args: Args,
    _nt: Value,
) -> JsResult<Value> {
    let o = vm.to_object(args.get(0))?;
    let k = vm.to_property_key(args.get(1))?;
    let p = vm.get_own_property(o, k)?;
    Ok(from_property_descriptor(
        vm,
        p.map(PropertyDescriptor::from_own),
    ))
}

fn get_own_property_descriptors(
    vm: &mut Vm,
    _this: Value,
    args: Args,
    _nt: Value,
) -> JsResult<Value> {
    let o = vm.to_object(args.get(0))?;
    let out = vm.new_object();
    for k in vm.own_property_keys(o)? {
        let p = vm.get_own_property(o, k)?;
        let d = from_property_descriptor(vm, p.map(PropertyDescriptor::from_own));
        if !d.is_undefined() {
            vm.create_data_property_or_throw(out, k, d)?;
        }
    }
    Ok(Value::object(out))
}

fn own_keys_filtered(vm: &mut Vm, v: Value, symbols: bool) -> JsResult<Value> {
    let o = vm.to_object(v)?;
    let keys = vm.own_property_keys(o)?;
    let mut out = Vec::new();
    for k in keys {
        if k.is_symbol() == symbols {
            out.push(vm.key_to_value(k));
        }
    }
    Ok(Value::object(vm.create_array_from_list(&out)))
}

fn get_own_property_names(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    own_keys_filtered(vm, args.get(0), false)
}
fn get_own_property_symbols(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    own_keys_filtered(vm, args.get(0), true)
}

fn get_prototype_of(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(args.get(0))?;
    Ok(vm.get_prototype_of(o)?.map_or(Value::NULL, Value::object))
}

fn set_prototype_of(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.require_object_coercible(args.get(0))?;
    let p = args.get(1);
    if !p.is_object() && !p.is_null() {
        return Err(vm.type_error("Object prototype may only be an Object or null"));
    }
    let Some(obj) = o.as_object() else {
        return Ok(o);
    };
    if !vm.set_prototype_of(obj, p.as_object())? {
        return Err(vm.type_error("Cannot set prototype"));
    }
    Ok(o)
}

fn group_by(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let items = vm.require_object_coercible(args.get(0))?;
    let cb = args.get(1);
    if !crate::object::class::value_is_callable(cb) {
        return Err(vm.type_error("callback is not a function"));
    }
    let out = vm.new_object_with(None, ObjectClass::Ordinary);
    let (it, next) = vm.get_iterator(items)?;
    let mut k: u64 = 0;
    let mut groups: RootedVec<(PropertyKey, Gc<JsObject>)> = vm.rooted_vec();
    while let Some(v) = vm.iterator_step_value(it, next)? {
        let key = match vm
            .call(cb, Value::UNDEFINED, &[v, Value::number(k as f64)])
            .and_then(|r| vm.to_property_key(r))
        {
            Ok(key) => key,
            Err(e) => {
                vm.iterator_close_on_throw(it);
                return Err(e);
            }
        };
        match groups.iter().find(|g| g.0 == key) {
            Some((_, arr)) => {
                let len = vm.length_of_array_like(arr)?;
                vm.create_data_property_or_throw(arr, PropertyKey::Index(len as u32), v)?;
            }
            None => {
                let arr = vm.create_array_from_list(&[v]);
                groups.push((key, arr));
                vm.create_data_property_or_throw(out, key, Value::object(arr))?;
            }
        }
        k += 1;
    }
    Ok(Value::object(out))
}

fn has_own(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(args.get(0))?;
    let k = vm.to_property_key(args.get(1))?;
    Ok(Value::bool(vm.has_own_property(o, k)?))
}

fn is(_vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::bool(crate::object::ops::same_value(
        args.get(0),
        args.get(1),
    )))
}

fn has_own_property(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let k = vm.to_property_key(args.get(0))?;
    let o = vm.to_object(this)?;
    Ok(Value::bool(vm.has_own_property(o, k)?))
}

fn is_prototype_of(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let Some(mut v) = args.get(0).as_object() else {
        return Ok(Value::FALSE);
    };
    let o = vm.to_object(this)?;
    loop {
        match vm.get_prototype_of(v)? {
            None => return Ok(Value::FALSE),
            Some(p) if p == o => return Ok(Value::TRUE),
            Some(p) => v = p,
        }
    }
}

fn property_is_enumerable(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let k = vm.to_property_key(args.get(0))?;
    let o = vm.to_object(this)?;
    Ok(Value::bool(
        vm.get_own_property(o, k)?
            .is_some_and(|p| p.attrs.enumerable()),
    ))
}

fn to_locale_string(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let k = vm.names.to_string;
    let f = vm.get_v(this, k)?;
    vm.call(f, this, &[])
}

/// Object.prototype.toString.
pub fn to_string(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    if this.is_undefined() {
        return Ok(vm.new_string("[object Undefined]"));
    }
    if this.is_null() {
        return Ok(vm.new_string("[object Null]"));
    }
    let o = vm.to_object(this)?;
    let builtin_tag = if crate::builtins::indexed::array::is_array(vm, Value::object(o))? {
        "Array"
    } else {
        match &o.class {
            ObjectClass::Arguments(_) | ObjectClass::UnmappedArguments => "Arguments",
            ObjectClass::Function(_)
            | ObjectClass::NativeFunction(_)
            | ObjectClass::BoundFunction(_) => "Function",
            ObjectClass::Proxy(p) if p.callable => "Function",
            ObjectClass::Error => "Error",
            ObjectClass::Boolean(_) => "Boolean",
            ObjectClass::Number(_) => "Number",
            ObjectClass::String(_) => "String",
            ObjectClass::Data(d) => match d.class_name() {
                "Date" => "Date",
                "RegExp" => "RegExp",
                _ => "Object",
            },
            _ => "Object",
        }
    };
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    let tag = vm.get(o, tk, Value::object(o))?;
    let t = match tag.as_string() {
        Some(s) => s.to_rust_string(),
        None => builtin_tag.to_string(),
    };
    Ok(vm.new_string(&format!("[object {t}]")))
}

fn value_of(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::object(vm.to_object(this)?))
}

fn define_getter(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let g = args.get(1);
    if !crate::object::class::value_is_callable(g) {
        return Err(vm.type_error("Getter must be a function"));
    }
    let k = vm.to_property_key(args.get(0))?;
    let d = PropertyDescriptor {
        get: Some(g),
        enumerable: Some(true),
        configurable: Some(true),
        ..Default::default()
    };
    vm.define_property_or_throw(o, k, d)?;
    Ok(Value::UNDEFINED)
}
fn define_setter(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let s = args.get(1);
    if !crate::object::class::value_is_callable(s) {
        return Err(vm.type_error("Setter must be a function"));
    }
    let k = vm.to_property_key(args.get(0))?;
    let d = PropertyDescriptor {
        set: Some(s),
        enumerable: Some(true),
        configurable: Some(true),
        ..Default::default()
    };
    vm.define_property_or_throw(o, k, d)?;
    Ok(Value::UNDEFINED)
}
fn lookup_accessor(vm: &mut Vm, this: Value, args: Args, getter: bool) -> JsResult<Value> {
    let mut o = vm.to_object(this)?;
    let k = vm.to_property_key(args.get(0))?;
    loop {
        if let Some(p) = vm.get_own_property(o, k)? {
            return Ok(match p.slot {
                Slot::Accessor { get, set } => {
                    if getter {
                        get
                    } else {
                        set
                    }
                }
                Slot::Data(_) => Value::UNDEFINED,
            });
        }
        match vm.get_prototype_of(o)? {
            Some(p) => o = p,
            None => return Ok(Value::UNDEFINED),
        }
    }
}
fn lookup_getter(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    lookup_accessor(vm, this, args, true)
}
fn lookup_setter(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    lookup_accessor(vm, this, args, false)
}

fn proto_get(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    Ok(vm.get_prototype_of(o)?.map_or(Value::NULL, Value::object))
}
fn proto_set(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let this = vm.require_object_coercible(this)?;
    let p = args.get(0);
    if !p.is_object() && !p.is_null() {
        return Ok(Value::UNDEFINED);
    }
    let Some(o) = this.as_object() else {
        return Ok(Value::UNDEFINED);
    };
    if !vm.set_prototype_of(o, p.as_object())? {
        return Err(vm.type_error("Object.prototype.__proto__ setter failed"));
    }
    Ok(Value::UNDEFINED)
}

#[allow(dead_code)]
fn unused(_: BinOp) {}
