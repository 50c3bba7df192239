//! Array (#sec-array-objects).

use super::array_iterator::{self, IterKind};
use crate::builtins::{global_binding, link_constructor, method, method_sym, native_function};
use crate::function::{Args, NativeFn};
use crate::gc::Gc;
use crate::object::{Attrs, JsObject, ObjectClass, PropertyKey};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.new_object_with(
        Some(op),
        ObjectClass::Array(crate::object::ArrayData {
            length: std::cell::Cell::new(0),
            length_writable: std::cell::Cell::new(true),
        }),
    );
    vm.realm.set_intrinsic(Intrinsic::ArrayPrototype, proto);
    let ctor = native_function(vm, "Array", 1, constructor, true);
    vm.realm.set_intrinsic(Intrinsic::Array, ctor);
    link_constructor(vm, ctor, proto);
    method(vm, ctor, "from", 1, from);
    method(vm, ctor, "isArray", 1, is_array_fn);
    method(vm, ctor, "of", 0, of);
    let species = vm.symbols.species;
    crate::builtins::accessor(vm, ctor, PropertyKey::Symbol(species), "[Symbol.species]", Some(species_getter), None);
    let methods: &[(&str, u32, NativeFn)] = &[
        ("concat", 1, concat),
        ("entries", 0, entries),
        ("every", 1, every),
        ("fill", 1, fill),
        ("filter", 1, filter),
        ("find", 1, find),
        ("findIndex", 1, find_index),
        ("forEach", 1, for_each),
        ("includes", 1, includes),
        ("indexOf", 1, index_of),
        ("join", 1, join),
        ("keys", 0, keys),
        ("lastIndexOf", 1, last_index_of),
        ("map", 1, map),
        ("pop", 0, pop),
        ("push", 1, push),
        ("reduce", 1, reduce),
        ("reverse", 0, reverse),
        ("shift", 0, shift),
        ("slice", 2, slice),
        ("some", 1, some),
        ("sort", 1, sort),
        ("splice", 2, splice),
        ("toString", 0, to_string),
        ("unshift", 1, unshift),
    ];
    for &(name, len, f) in methods {
        method(vm, proto, name, len, f);
    }
    let values_fn = method(vm, proto, "values", 0, values);
    vm.realm.set_intrinsic(Intrinsic::ArrayProtoValues, values_fn);
    let it = vm.symbols.iterator;
    vm.define_builtin(proto, PropertyKey::Symbol(it), Value::object(values_fn), Attrs::HIDDEN);
    let _ = method_sym;
    global_binding(vm, "Array", Value::object(ctor));
}

fn species_getter(_vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    Ok(this)
}

/// IsArray (sees through proxies).
pub fn is_array(vm: &mut Vm, v: Value) -> JsResult<bool> {
    let Some(o) = v.as_object() else { return Ok(false) };
    match &o.class {
        ObjectClass::Array(_) => Ok(true),
        ObjectClass::Proxy(p) => match (p.handler.get(), p.target.get()) {
            (None, _) => Err(vm.type_error("Cannot perform 'IsArray' on a proxy that has been revoked")),
            (Some(_), Some(t)) => is_array(vm, Value::object(t)),
            _ => Ok(false),
        },
        _ => Ok(false),
    }
}

fn is_array_fn(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::bool(is_array(vm, args.get(0))?))
}

/// ArrayCreate(len, proto).
pub fn array_create(vm: &mut Vm, len: f64, proto: Option<Gc<JsObject>>) -> JsResult<Gc<JsObject>> {
    if len > u32::MAX as f64 {
        return Err(vm.range_error("Invalid array length"));
    }
    let a = vm.array_with_length(len as u32);
    if let Some(p) = proto {
        a.set_proto_raw(Some(p));
    }
    Ok(a)
}

fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    let nt = if nt.is_undefined() { Value::object(vm.intrinsic(Intrinsic::Array)) } else { nt };
    let proto = vm.get_prototype_from_constructor(nt, Intrinsic::ArrayPrototype)?;
    match args.len() {
        0 => Ok(Value::object(array_create(vm, 0.0, Some(proto))?)),
        1 => {
            let len = args.get(0);
            if let Some(n) = len.as_number() {
                let int_len = vm.to_uint32(len)?;
                if int_len as f64 != n {
                    return Err(vm.range_error("Invalid array length"));
                }
                Ok(Value::object(array_create(vm, int_len as f64, Some(proto))?))
            } else {
                let a = array_create(vm, 0.0, Some(proto))?;
                vm.create_data_property_or_throw(a, PropertyKey::Index(0), len)?;
                Ok(Value::object(a))
            }
        }
        _ => {
            let a = array_create(vm, 0.0, Some(proto))?;
            a.set_dense_elements(args.as_slice().to_vec());
            if let ObjectClass::Array(d) = &a.class {
                d.length.set(args.len() as u32);
            }
            Ok(Value::object(a))
        }
    }
}

fn of(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let len = args.len();
    let a = if this.as_object().is_some_and(|c| vm.is_constructor(c)) {
        vm.construct(this, &[Value::number(len as f64)], None)?
    } else {
        Value::object(array_create(vm, len as f64, None)?)
    };
    let Some(ao) = a.as_object() else { return Err(vm.type_error("not an object")) };
    for (k, &v) in args.as_slice().iter().enumerate() {
        vm.create_data_property_or_throw(ao, PropertyKey::Index(k as u32), v)?;
    }
    let lk = vm.names.length;
    vm.set_prop(ao, lk, Value::number(len as f64), true)?;
    Ok(a)
}

fn from(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let items = args.get(0);
    let mapfn = args.get(1);
    let this_arg = args.get(2);
    let mapping = !mapfn.is_undefined();
    if mapping && !crate::object::class::value_is_callable(mapfn) {
        return Err(vm.type_error("Array.from: when provided, the second argument must be a function"));
    }
    let ctor_ok = this.as_object().is_some_and(|c| vm.is_constructor(c));
    let ik = PropertyKey::Symbol(vm.symbols.iterator);
    let using_iter = vm.get_method(items, ik)?;
    if let Some(m) = using_iter {
        let a = if ctor_ok { vm.construct(this, &[], None)? } else { Value::object(array_create(vm, 0.0, None)?) };
        let Some(ao) = a.as_object() else { return Err(vm.type_error("not an object")) };
        let (it, next) = vm.get_iterator_from_method(items, m)?;
        let mut k: u64 = 0;
        loop {
            let Some(v) = vm.iterator_step_value(it, next)? else {
                let lk = vm.names.length;
                vm.set_prop(ao, lk, Value::number(k as f64), true)?;
                return Ok(a);
            };
            let r = (|| -> JsResult<()> {
                let v = if mapping { vm.call(mapfn, this_arg, &[v, Value::number(k as f64)])? } else { v };
                let key = vm.index_key(k);
                vm.create_data_property_or_throw(ao, key, v)
            })();
            if let Err(e) = r {
                vm.iterator_close_on_throw(it);
                return Err(e);
            }
            k += 1;
        }
    }
    let array_like = vm.to_object(items)?;
    let len = vm.length_of_array_like(array_like)?;
    let a = if ctor_ok { vm.construct(this, &[Value::number(len as f64)], None)? } else { Value::object(array_create(vm, len as f64, None)?) };
    let Some(ao) = a.as_object() else { return Err(vm.type_error("not an object")) };
    for k in 0..len {
        let key = vm.index_key(k);
        let v = vm.get_prop(array_like, key)?;
        let v = if mapping { vm.call(mapfn, this_arg, &[v, Value::number(k as f64)])? } else { v };
        vm.create_data_property_or_throw(ao, key, v)?;
    }
    let lk = vm.names.length;
    vm.set_prop(ao, lk, Value::number(len as f64), true)?;
    Ok(a)
}

/// ArraySpeciesCreate.
pub fn array_species_create(vm: &mut Vm, original: Gc<JsObject>, len: u64) -> JsResult<Gc<JsObject>> {
    if !is_array(vm, Value::object(original))? {
        return array_create(vm, len as f64, None);
    }
    let ck = vm.names.constructor;
    let mut c = vm.get_prop(original, ck)?;
    if let Some(co) = c.as_object() {
        if vm.is_constructor(co) {
            let realm = vm.function_realm(co)?;
            if realm != vm.realm && co == realm.intrinsic(Intrinsic::Array) {
                c = Value::UNDEFINED;
            }
        }
    }
    if let Some(co) = c.as_object() {
        let sk = PropertyKey::Symbol(vm.symbols.species);
        c = vm.get_prop(co, sk)?;
        if c.is_null() {
            c = Value::UNDEFINED;
        }
    }
    if c.is_undefined() {
        return array_create(vm, len as f64, None);
    }
    if !c.as_object().is_some_and(|o| vm.is_constructor(o)) {
        return Err(vm.type_error("object.constructor[Symbol.species] is not a constructor"));
    }
    let r = vm.construct(c, &[Value::number(len as f64)], None)?;
    match r.as_object() {
        Some(o) => Ok(o),
        None => Err(vm.type_error("species constructor returned non-object")),
    }
}

fn callback(vm: &mut Vm, f: Value) -> JsResult<Value> {
    if !crate::object::class::value_is_callable(f) {
        let d = vm.debug_str(f);
        return Err(vm.type_error(&format!("{d} is not a function")));
    }
    Ok(f)
}

fn set_length(vm: &mut Vm, o: Gc<JsObject>, len: f64) -> JsResult<()> {
    let lk = vm.names.length;
    vm.set_prop(o, lk, Value::number(len), true)
}

fn concat(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let a = array_species_create(vm, o, 0)?;
    let mut n: u64 = 0;
    let mut items = vec![Value::object(o)];
    items.extend_from_slice(args.as_slice());
    for e in items {
        let spreadable = match e.as_object() {
            Some(eo) => {
                let sk = PropertyKey::Symbol(vm.symbols.is_concat_spreadable);
                let s = vm.get_prop(eo, sk)?;
                if s.is_undefined() {
                    is_array(vm, e)?
                } else {
                    vm.to_boolean(s)
                }
            }
            None => false,
        };
        if let (true, Some(eo)) = (spreadable, e.as_object()) {
            let len = vm.length_of_array_like(eo)?;
            if n + len > 9007199254740991 {
                return Err(vm.type_error("Array length exceeds the maximum"));
            }
            for k in 0..len {
                let key = vm.index_key(k);
                if vm.has_property(eo, key)? {
                    let v = vm.get_prop(eo, key)?;
                    let nk = vm.index_key(n);
                    vm.create_data_property_or_throw(a, nk, v)?;
                }
                n += 1;
            }
        } else {
            if n >= 9007199254740991 {
                return Err(vm.type_error("Array length exceeds the maximum"));
            }
            let nk = vm.index_key(n);
            vm.create_data_property_or_throw(a, nk, e)?;
            n += 1;
        }
    }
    set_length(vm, a, n as f64)?;
    Ok(Value::object(a))
}

fn entries(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    Ok(array_iterator::create(vm, o, IterKind::Entries))
}
fn keys(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    Ok(array_iterator::create(vm, o, IterKind::Keys))
}
fn values(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    Ok(array_iterator::create(vm, o, IterKind::Values))
}

/// Shared loop of every/some/forEach/map/filter/find*.
fn iterate(
    vm: &mut Vm,
    this: Value,
    args: Args,
    mut visit: impl FnMut(&mut Vm, Value, u64, Value) -> JsResult<bool>,
    skip_holes: bool,
) -> JsResult<()> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let f = callback(vm, args.get(0))?;
    let this_arg = args.get(1);
    for k in 0..len {
        let key = vm.index_key(k);
        if skip_holes && !vm.has_property(o, key)? {
            continue;
        }
        let v = vm.get_prop(o, key)?;
        let r = vm.call(f, this_arg, &[v, Value::number(k as f64), Value::object(o)])?;
        if !visit(vm, v, k, r)? {
            break;
        }
    }
    Ok(())
}

fn every(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let mut result = true;
    iterate(
        vm,
        this,
        args,
        |vm, _, _, r| {
            if !vm.to_boolean(r) {
                result = false;
                return Ok(false);
            }
            Ok(true)
        },
        true,
    )?;
    Ok(Value::bool(result))
}

fn some(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let mut result = false;
    iterate(
        vm,
        this,
        args,
        |vm, _, _, r| {
            if vm.to_boolean(r) {
                result = true;
                return Ok(false);
            }
            Ok(true)
        },
        true,
    )?;
    Ok(Value::bool(result))
}

fn for_each(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    iterate(vm, this, args, |_, _, _, _| Ok(true), true)?;
    Ok(Value::UNDEFINED)
}

fn find(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let mut found = Value::UNDEFINED;
    iterate(
        vm,
        this,
        args,
        |vm, v, _, r| {
            if vm.to_boolean(r) {
                found = v;
                return Ok(false);
            }
            Ok(true)
        },
        false,
    )?;
    Ok(found)
}

fn find_index(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let mut found = -1.0;
    iterate(
        vm,
        this,
        args,
        |vm, _, k, r| {
            if vm.to_boolean(r) {
                found = k as f64;
                return Ok(false);
            }
            Ok(true)
        },
        false,
    )?;
    Ok(Value::number(found))
}

fn map(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let f = callback(vm, args.get(0))?;
    let a = array_species_create(vm, o, len)?;
    for k in 0..len {
        let key = vm.index_key(k);
        if vm.has_property(o, key)? {
            let v = vm.get_prop(o, key)?;
            let r = vm.call(f, args.get(1), &[v, Value::number(k as f64), Value::object(o)])?;
            vm.create_data_property_or_throw(a, key, r)?;
        }
    }
    Ok(Value::object(a))
}

fn filter(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let f = callback(vm, args.get(0))?;
    let a = array_species_create(vm, o, 0)?;
    let mut to: u64 = 0;
    for k in 0..len {
        let key = vm.index_key(k);
        if vm.has_property(o, key)? {
            let v = vm.get_prop(o, key)?;
            let r = vm.call(f, args.get(1), &[v, Value::number(k as f64), Value::object(o)])?;
            if vm.to_boolean(r) {
                let tk = vm.index_key(to);
                vm.create_data_property_or_throw(a, tk, v)?;
                to += 1;
            }
        }
    }
    Ok(Value::object(a))
}

fn relative(vm: &mut Vm, v: Value, len: u64, default: u64) -> JsResult<u64> {
    if v.is_undefined() {
        return Ok(default);
    }
    let n = vm.to_integer_or_infinity(v)?;
    Ok(if n < 0.0 { (len as f64 + n).max(0.0) as u64 } else { n.min(len as f64) as u64 })
}

fn fill(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let start = relative(vm, args.get(1), len, 0)?;
    let end = relative(vm, args.get(2), len, len)?;
    for k in start..end {
        let key = vm.index_key(k);
        vm.set_prop(o, key, args.get(0), true)?;
    }
    Ok(Value::object(o))
}

fn includes(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    if len == 0 {
        return Ok(Value::FALSE);
    }
    let n = vm.to_integer_or_infinity(args.get(1))?;
    if n == f64::INFINITY {
        return Ok(Value::FALSE);
    }
    let start = if n >= 0.0 { n as u64 } else { (len as f64 + n).max(0.0) as u64 };
    for k in start..len {
        let key = vm.index_key(k);
        let v = vm.get_prop(o, key)?;
        if crate::object::ops::same_value_zero(v, args.get(0)) {
            return Ok(Value::TRUE);
        }
    }
    Ok(Value::FALSE)
}

fn index_of(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    if len == 0 {
        return Ok(Value::int(-1));
    }
    let n = vm.to_integer_or_infinity(args.get(1))?;
    if n == f64::INFINITY {
        return Ok(Value::int(-1));
    }
    let start = if n >= 0.0 { n as u64 } else { (len as f64 + n).max(0.0) as u64 };
    for k in start..len {
        let key = vm.index_key(k);
        if vm.has_property(o, key)? {
            let v = vm.get_prop(o, key)?;
            if vm.strict_equals(v, args.get(0)) {
                return Ok(Value::number(k as f64));
            }
        }
    }
    Ok(Value::int(-1))
}

fn last_index_of(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    if len == 0 {
        return Ok(Value::int(-1));
    }
    let n = if args.len() > 1 { vm.to_integer_or_infinity(args.get(1))? } else { len as f64 - 1.0 };
    if n == f64::NEG_INFINITY {
        return Ok(Value::int(-1));
    }
    let start = if n >= 0.0 { n.min(len as f64 - 1.0) } else { len as f64 + n };
    if start < 0.0 {
        return Ok(Value::int(-1));
    }
    let mut k = start as i64;
    while k >= 0 {
        let key = vm.index_key(k as u64);
        if vm.has_property(o, key)? {
            let v = vm.get_prop(o, key)?;
            if vm.strict_equals(v, args.get(0)) {
                return Ok(Value::number(k as f64));
            }
        }
        k -= 1;
    }
    Ok(Value::int(-1))
}

fn join(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let sep: Vec<u16> = if args.get(0).is_undefined() { vec![b',' as u16] } else { vm.to_string(args.get(0))?.to_utf16() };
    // Cycle detection: a join already in progress on `o` yields "".
    if vm.join_stack.contains(&o) {
        return Ok(vm.new_string(""));
    }
    vm.join_stack.push(o);
    let r = (|| -> JsResult<Vec<u16>> {
        let mut out: Vec<u16> = Vec::new();
        for k in 0..len {
            if k > 0 {
                out.extend_from_slice(&sep);
            }
            let key = vm.index_key(k);
            let v = vm.get_prop(o, key)?;
            if !v.is_nullish() {
                out.extend(vm.to_string(v)?.units());
            }
            if out.len() > crate::string::MAX_STRING_LENGTH {
                return Err(vm.range_error("Invalid string length"));
            }
        }
        Ok(out)
    })();
    vm.join_stack.pop();
    let out = r?;
    Ok(vm.new_string_utf16(&out))
}

fn to_string(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let jk = vm.names.join;
    let f = vm.get_prop(o, jk)?;
    if crate::object::class::value_is_callable(f) {
        return vm.call(f, Value::object(o), &[]);
    }
    crate::builtins::fundamental::object::to_string(vm, Value::object(o), Args::new(&[]), Value::UNDEFINED)
}

fn pop(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    if len == 0 {
        set_length(vm, o, 0.0)?;
        return Ok(Value::UNDEFINED);
    }
    let key = vm.index_key(len - 1);
    let v = vm.get_prop(o, key)?;
    vm.delete_property_or_throw(o, key)?;
    set_length(vm, o, (len - 1) as f64)?;
    Ok(v)
}

fn push(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // FAST PATH: a plain dense extensible array with a writable length.
    if let Some(o) = this.as_object() {
        if let ObjectClass::Array(a) = &o.class {
            let len = a.length.get();
            if a.length_writable.get()
                && o.is_extensible_raw()
                && o.elements_are_dense()
                && o.dense_len() == len as usize
                && (len as u64 + args.len() as u64) < u32::MAX as u64
            {
                for &v in args.as_slice() {
                    o.dense_push(v);
                }
                a.length.set(len + args.len() as u32);
                return Ok(Value::number(a.length.get() as f64));
            }
        }
    }
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    if len + args.len() as u64 > 9007199254740991 {
        return Err(vm.type_error("Pushing past the maximum array length"));
    }
    let mut n = len;
    for &v in args.as_slice() {
        let key = vm.index_key(n);
        vm.set_prop(o, key, v, true)?;
        n += 1;
    }
    set_length(vm, o, n as f64)?;
    Ok(Value::number(n as f64))
}

fn reduce(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let f = callback(vm, args.get(0))?;
    let mut k = 0;
    let mut acc = if args.len() >= 2 {
        args.get(1)
    } else {
        let mut found = None;
        while k < len {
            let key = vm.index_key(k);
            k += 1;
            if vm.has_property(o, key)? {
                found = Some(vm.get_prop(o, key)?);
                break;
            }
        }
        match found {
            Some(v) => v,
            None => return Err(vm.type_error("Reduce of empty array with no initial value")),
        }
    };
    while k < len {
        let key = vm.index_key(k);
        if vm.has_property(o, key)? {
            let v = vm.get_prop(o, key)?;
            acc = vm.call(f, Value::UNDEFINED, &[acc, v, Value::number(k as f64), Value::object(o)])?;
        }
        k += 1;
    }
    Ok(acc)
}

fn reverse(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let mid = len / 2;
    let mut lower = 0;
    while lower != mid {
        let upper = len - lower - 1;
        let lk = vm.index_key(lower);
        let uk = vm.index_key(upper);
        let le = vm.has_property(o, lk)?;
        let lv = if le { vm.get_prop(o, lk)? } else { Value::UNDEFINED };
        let ue = vm.has_property(o, uk)?;
        let uv = if ue { vm.get_prop(o, uk)? } else { Value::UNDEFINED };
        match (le, ue) {
            (true, true) => {
                vm.set_prop(o, lk, uv, true)?;
                vm.set_prop(o, uk, lv, true)?;
            }
            (false, true) => {
                vm.set_prop(o, lk, uv, true)?;
                vm.delete_property_or_throw(o, uk)?;
            }
            (true, false) => {
                vm.delete_property_or_throw(o, lk)?;
                vm.set_prop(o, uk, lv, true)?;
            }
            (false, false) => {}
        }
        lower += 1;
    }
    Ok(Value::object(o))
}

fn shift(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    if len == 0 {
        set_length(vm, o, 0.0)?;
        return Ok(Value::UNDEFINED);
    }
    let first = vm.get_prop(o, PropertyKey::Index(0))?;
    for k in 1..len {
        let from = vm.index_key(k);
        let to = vm.index_key(k - 1);
        if vm.has_property(o, from)? {
            let v = vm.get_prop(o, from)?;
            vm.set_prop(o, to, v, true)?;
        } else {
            vm.delete_property_or_throw(o, to)?;
        }
    }
    let last = vm.index_key(len - 1);
    vm.delete_property_or_throw(o, last)?;
    set_length(vm, o, (len - 1) as f64)?;
    Ok(first)
}

fn unshift(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let n = args.len() as u64;
    if n > 0 {
        if len + n > 9007199254740991 {
            return Err(vm.type_error("Unshift past the maximum array length"));
        }
        let mut k = len;
        while k > 0 {
            let from = vm.index_key(k - 1);
            let to = vm.index_key(k + n - 1);
            if vm.has_property(o, from)? {
                let v = vm.get_prop(o, from)?;
                vm.set_prop(o, to, v, true)?;
            } else {
                vm.delete_property_or_throw(o, to)?;
            }
            k -= 1;
        }
        for (j, &v) in args.as_slice().iter().enumerate() {
            let key = vm.index_key(j as u64);
            vm.set_prop(o, key, v, true)?;
        }
    }
    set_length(vm, o, (len + n) as f64)?;
    Ok(Value::number((len + n) as f64))
}

fn slice(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let k0 = relative(vm, args.get(0), len, 0)?;
    let fin = relative(vm, args.get(1), len, len)?;
    let count = fin.saturating_sub(k0);
    let a = array_species_create(vm, o, count)?;
    let mut n: u64 = 0;
    for k in k0..fin {
        let key = vm.index_key(k);
        if vm.has_property(o, key)? {
            let v = vm.get_prop(o, key)?;
            let nk = vm.index_key(n);
            vm.create_data_property_or_throw(a, nk, v)?;
        }
        n += 1;
    }
    set_length(vm, a, n as f64)?;
    Ok(Value::object(a))
}

fn splice(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let start = relative(vm, args.get(0), len, 0)?;
    let items = args.rest(2);
    let delete_count = match args.len() {
        0 => 0,
        1 => len - start,
        _ => {
            let dc = vm.to_integer_or_infinity(args.get(1))?;
            dc.clamp(0.0, (len - start) as f64) as u64
        }
    };
    if len + items.len() as u64 - delete_count > 9007199254740991 {
        return Err(vm.type_error("Splice past the maximum array length"));
    }
    let a = array_species_create(vm, o, delete_count)?;
    for k in 0..delete_count {
        let from = vm.index_key(start + k);
        if vm.has_property(o, from)? {
            let v = vm.get_prop(o, from)?;
            let to = vm.index_key(k);
            vm.create_data_property_or_throw(a, to, v)?;
        }
    }
    set_length(vm, a, delete_count as f64)?;
    let item_count = items.len() as u64;
    if item_count < delete_count {
        for k in start..len - delete_count {
            let from = vm.index_key(k + delete_count);
            let to = vm.index_key(k + item_count);
            if vm.has_property(o, from)? {
                let v = vm.get_prop(o, from)?;
                vm.set_prop(o, to, v, true)?;
            } else {
                vm.delete_property_or_throw(o, to)?;
            }
        }
        let mut k = len;
        while k > len - delete_count + item_count {
            let key = vm.index_key(k - 1);
            vm.delete_property_or_throw(o, key)?;
            k -= 1;
        }
    } else if item_count > delete_count {
        let mut k = len - delete_count;
        while k > start {
            let from = vm.index_key(k + delete_count - 1);
            let to = vm.index_key(k + item_count - 1);
            if vm.has_property(o, from)? {
                let v = vm.get_prop(o, from)?;
                vm.set_prop(o, to, v, true)?;
            } else {
                vm.delete_property_or_throw(o, to)?;
            }
            k -= 1;
        }
    }
    for (j, &v) in items.iter().enumerate() {
        let key = vm.index_key(start + j as u64);
        vm.set_prop(o, key, v, true)?;
    }
    set_length(vm, o, (len - delete_count + item_count) as f64)?;
    Ok(Value::object(a))
}

/// SortCompare with an optional comparator.
pub fn sort_compare(vm: &mut Vm, cmp: Value, x: Value, y: Value) -> JsResult<std::cmp::Ordering> {
    use std::cmp::Ordering;
    if x.is_undefined() && y.is_undefined() {
        return Ok(Ordering::Equal);
    }
    if x.is_undefined() {
        return Ok(Ordering::Greater);
    }
    if y.is_undefined() {
        return Ok(Ordering::Less);
    }
    if !cmp.is_undefined() {
        let r = vm.call(cmp, Value::UNDEFINED, &[x, y])?;
        let n = vm.to_number(r)?;
        return Ok(if n < 0.0 {
            Ordering::Less
        } else if n > 0.0 {
            Ordering::Greater
        } else {
            Ordering::Equal
        });
    }
    let xs = vm.to_string(x)?;
    let ys = vm.to_string(y)?;
    Ok(xs.compare(&ys))
}

/// A stable merge sort whose comparator may throw (and run JS).
pub fn sort_values(vm: &mut Vm, items: &mut Vec<Value>, cmp: Value) -> JsResult<()> {
    let n = items.len();
    if n < 2 {
        return Ok(());
    }
    // The values live in `items` (Rust heap) while the comparator runs JS:
    // root them.
    let mark = vm.roots_mark();
    for v in items.iter() {
        vm.root(*v);
    }
    let mut buf = items.clone();
    let mut width = 1;
    let r = (|| -> JsResult<()> {
        while width < n {
            let mut i = 0;
            while i < n {
                let mid = (i + width).min(n);
                let end = (i + 2 * width).min(n);
                let (mut a, mut b, mut k) = (i, mid, i);
                while a < mid && b < end {
                    if sort_compare(vm, cmp, items[b], items[a])? == std::cmp::Ordering::Less {
                        buf[k] = items[b];
                        b += 1;
                    } else {
                        buf[k] = items[a];
                        a += 1;
                    }
                    k += 1;
                }
                while a < mid {
                    buf[k] = items[a];
                    a += 1;
                    k += 1;
                }
                while b < end {
                    buf[k] = items[b];
                    b += 1;
                    k += 1;
                }
                i += 2 * width;
            }
            std::mem::swap(items, &mut buf);
            width *= 2;
        }
        Ok(())
    })();
    vm.release_roots(mark);
    r
}

fn sort(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let cmp = args.get(0);
    if !cmp.is_undefined() && !crate::object::class::value_is_callable(cmp) {
        return Err(vm.type_error("The comparison function must be either a function or undefined"));
    }
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    let mut items = Vec::new();
    // `items` lives on the Rust heap while getters may run: root its values.
    let mark = vm.roots_mark();
    let collected = (|| -> JsResult<()> {
        for k in 0..len {
            let key = vm.index_key(k);
            if vm.has_property(o, key)? {
                let v = vm.get_prop(o, key)?;
                items.push(v);
                vm.root(v);
            }
        }
        Ok(())
    })();
    let r = collected.and_then(|_| sort_values(vm, &mut items, cmp));
    vm.release_roots(mark);
    r?;
    let n = items.len() as u64;
    for (i, v) in items.iter().enumerate() {
        let key = vm.index_key(i as u64);
        vm.set_prop(o, key, *v, true)?;
    }
    for k in n..len {
        let key = vm.index_key(k);
        vm.delete_property_or_throw(o, key)?;
    }
    Ok(Value::object(o))
}
