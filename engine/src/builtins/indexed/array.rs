//! The Array constructor and the abstract operations shared by the
//! Array.prototype methods (#sec-array-objects). The prototype methods live
//! in `array_prototype_*.rs`; `Array.fromAsync` in `array_from_async.rs`.

use super::{
    array_from_async, array_prototype_access, array_prototype_copying, array_prototype_iteration,
    array_prototype_mutation,
};
use crate::builtins::{accessor, global_binding, link_constructor, method, native_function};
use crate::function::{Args, NativeFn};
use crate::gc::Gc;
use crate::object::{Attrs, JsObject, ObjectClass, PropertyKey};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub use super::array_prototype_mutation::{sort_compare, sort_values};

/// 2^53 - 1, the largest length of an array-like.
pub const MAX_SAFE_LENGTH: u64 = 9_007_199_254_740_991;

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
    method(vm, ctor, "fromAsync", 1, array_from_async::from_async);
    method(vm, ctor, "isArray", 1, is_array_fn);
    method(vm, ctor, "of", 0, of);
    let species = vm.symbols.species;
    accessor(
        vm,
        ctor,
        PropertyKey::Symbol(species),
        "[Symbol.species]",
        Some(species_getter),
        None,
    );

    let mut methods: Vec<(&str, u32, NativeFn)> = Vec::new();
    methods.extend_from_slice(array_prototype_iteration::METHODS);
    methods.extend_from_slice(array_prototype_access::METHODS);
    methods.extend_from_slice(array_prototype_mutation::METHODS);
    methods.extend_from_slice(array_prototype_copying::METHODS);
    for &(name, len, f) in &methods {
        method(vm, proto, name, len, f);
    }
    let values_fn = method(vm, proto, "values", 0, array_prototype_access::values);
    vm.realm
        .set_intrinsic(Intrinsic::ArrayProtoValues, values_fn);
    let it = vm.symbols.iterator;
    vm.define_builtin(
        proto,
        PropertyKey::Symbol(it),
        Value::object(values_fn),
        Attrs::HIDDEN,
    );

    // #sec-array.prototype-%symbol.unscopables%
    let unscopables = vm.new_object_with(None, ObjectClass::Ordinary);
    for name in [
        "at",
        "copyWithin",
        "entries",
        "fill",
        "find",
        "findIndex",
        "findLast",
        "findLastIndex",
        "flat",
        "flatMap",
        "includes",
        "keys",
        "toReversed",
        "toSorted",
        "toSpliced",
        "values",
    ] {
        let k = vm.key(name);
        vm.define_builtin(unscopables, k, Value::TRUE, Attrs::DEFAULT);
    }
    let uk = PropertyKey::Symbol(vm.symbols.unscopables);
    vm.define_builtin(
        proto,
        uk,
        Value::object(unscopables),
        Attrs::CONFIGURABLE_ONLY,
    );

    global_binding(vm, "Array", Value::object(ctor));
}

/// get Array [ %Symbol.species% ] (#sec-get-array-%symbol.species%).
fn species_getter(_vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    Ok(this)
}

/// IsArray (#sec-isarray); sees through proxies.
pub fn is_array(vm: &mut Vm, v: Value) -> JsResult<bool> {
    let Some(o) = v.as_object() else {
        return Ok(false);
    };
    match &o.class {
        ObjectClass::Array(_) => Ok(true),
        ObjectClass::Proxy(p) => match (p.handler.get(), p.target.get()) {
            (None, _) => {
                Err(vm.type_error("Cannot perform 'IsArray' on a proxy that has been revoked"))
            }
            (Some(_), Some(t)) => is_array(vm, Value::object(t)),
            _ => Ok(false),
        },
        _ => Ok(false),
    }
}

/// Array.isArray (#sec-array.isarray).
fn is_array_fn(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::bool(is_array(vm, args.get(0))?))
}

/// ArrayCreate (#sec-arraycreate). `proto` None means %Array.prototype%.
pub fn array_create(vm: &mut Vm, len: f64, proto: Option<Gc<JsObject>>) -> JsResult<Gc<JsObject>> {
    // 1. If length > 2^32 - 1, throw a RangeError exception.
    if len > u32::MAX as f64 {
        return Err(vm.range_error("Invalid array length"));
    }
    let a = vm.array_with_length(len as u32);
    if let Some(p) = proto {
        a.set_proto_raw(Some(p));
    }
    Ok(a)
}

/// Array ( ...values ) (#sec-array).
fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    // 1. If NewTarget is undefined, let newTarget be the active function.
    let nt = if nt.is_undefined() {
        Value::object(vm.intrinsic(Intrinsic::Array))
    } else {
        nt
    };
    // 2. Let proto be ? GetPrototypeFromConstructor(newTarget, "%Array.prototype%").
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
                Ok(Value::object(array_create(
                    vm,
                    int_len as f64,
                    Some(proto),
                )?))
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

/// Array.of ( ...items ) (#sec-array.of).
fn of(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let len = args.len();
    let a = if this.as_object().is_some_and(|c| vm.is_constructor(c)) {
        vm.construct(this, &[Value::number(len as f64)], None)?
    } else {
        Value::object(array_create(vm, len as f64, None)?)
    };
    let Some(ao) = a.as_object() else {
        return Err(vm.type_error("Array.of: constructor returned a non-object"));
    };
    for (k, &v) in args.as_slice().iter().enumerate() {
        vm.create_data_property_or_throw(ao, PropertyKey::Index(k as u32), v)?;
    }
    set_length(vm, ao, len as u64)?;
    Ok(a)
}

/// Array.from ( items [ , mapper [ , thisArg ] ] ) (#sec-array.from).
fn from(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let items = args.get(0);
    let mapfn = args.get(1);
    let this_arg = args.get(2);
    // 2-3. mapping
    let mapping = !mapfn.is_undefined();
    if mapping && !crate::object::class::value_is_callable(mapfn) {
        return Err(
            vm.type_error("Array.from: when provided, the second argument must be a function")
        );
    }
    let ctor_ok = this.as_object().is_some_and(|c| vm.is_constructor(c));
    // 4. Let usingIterator be ? GetMethod(items, %Symbol.iterator%).
    let ik = PropertyKey::Symbol(vm.symbols.iterator);
    let using_iter = vm.get_method(items, ik)?;
    if let Some(m) = using_iter {
        let a = if ctor_ok {
            vm.construct(this, &[], None)?
        } else {
            Value::object(array_create(vm, 0.0, None)?)
        };
        let Some(ao) = a.as_object() else {
            return Err(vm.type_error("Array.from: constructor returned a non-object"));
        };
        let (it, next) = vm.get_iterator_from_method(items, m)?;
        let mut k: u64 = 0;
        loop {
            if k >= MAX_SAFE_LENGTH {
                let e = vm.type_error("Array.from: too many elements");
                vm.iterator_close_on_throw(it);
                return Err(e);
            }
            let Some(v) = vm.iterator_step_value(it, next)? else {
                set_length(vm, ao, k)?;
                return Ok(a);
            };
            let r = (|| -> JsResult<()> {
                let v = if mapping {
                    vm.call(mapfn, this_arg, &[v, Value::number(k as f64)])?
                } else {
                    v
                };
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
    // 6. NOTE: items is not iterable so assume it is an array-like object.
    let array_like = vm.to_object(items)?;
    let len = vm.length_of_array_like(array_like)?;
    let a = if ctor_ok {
        vm.construct(this, &[Value::number(len as f64)], None)?
    } else {
        Value::object(array_create(vm, len as f64, None)?)
    };
    let Some(ao) = a.as_object() else {
        return Err(vm.type_error("Array.from: constructor returned a non-object"));
    };
    for k in 0..len {
        let key = vm.index_key(k);
        let v = vm.get_prop(array_like, key)?;
        let v = if mapping {
            vm.call(mapfn, this_arg, &[v, Value::number(k as f64)])?
        } else {
            v
        };
        vm.create_data_property_or_throw(ao, key, v)?;
    }
    set_length(vm, ao, len)?;
    Ok(a)
}

/// ArraySpeciesCreate (#sec-arrayspeciescreate).
pub fn array_species_create(
    vm: &mut Vm,
    original: Gc<JsObject>,
    len: u64,
) -> JsResult<Gc<JsObject>> {
    // 1. If IsArray(originalArray) is false, return ? ArrayCreate(length).
    if !is_array(vm, Value::object(original))? {
        return array_create(vm, len as f64, None);
    }
    // 2. Let C be ? Get(originalArray, "constructor").
    let ck = vm.names.constructor;
    let mut c = vm.get_prop(original, ck)?;
    // 3. A constructor of another realm's %Array% counts as undefined.
    if let Some(co) = c.as_object() {
        if vm.is_constructor(co) {
            let realm = vm.function_realm(co)?;
            if realm != vm.realm && co == realm.intrinsic(Intrinsic::Array) {
                c = Value::UNDEFINED;
            }
        }
    }
    // 4. If C is an Object, set C to ? Get(C, %Symbol.species%); null → undefined.
    if let Some(co) = c.as_object() {
        let sk = PropertyKey::Symbol(vm.symbols.species);
        c = vm.get_prop(co, sk)?;
        if c.is_null() {
            c = Value::UNDEFINED;
        }
    }
    // 5. If C is undefined, return ? ArrayCreate(length).
    if c.is_undefined() {
        return array_create(vm, len as f64, None);
    }
    // 6. If IsConstructor(C) is false, throw a TypeError exception.
    if !c.as_object().is_some_and(|o| vm.is_constructor(o)) {
        return Err(vm.type_error("object.constructor[Symbol.species] is not a constructor"));
    }
    // 7. Return ? Construct(C, « 𝔽(length) »).
    let r = vm.construct(c, &[Value::number(len as f64)], None)?;
    match r.as_object() {
        Some(o) => Ok(o),
        None => Err(vm.type_error("species constructor returned non-object")),
    }
}

// ---- helpers shared by the Array.prototype files ----

/// ToObject(this) and LengthOfArrayLike.
pub(super) fn this_and_len(vm: &mut Vm, this: Value) -> JsResult<(Gc<JsObject>, u64)> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    Ok((o, len))
}

/// IsCallable check with a TypeError naming the value.
pub(super) fn callback(vm: &mut Vm, f: Value) -> JsResult<Value> {
    if !crate::object::class::value_is_callable(f) {
        let d = vm.debug_str(f);
        return Err(vm.type_error(&format!("{d} is not a function")));
    }
    Ok(f)
}

/// Set(O, "length", 𝔽(len), true).
pub(super) fn set_length(vm: &mut Vm, o: Gc<JsObject>, len: u64) -> JsResult<()> {
    let lk = vm.names.length;
    vm.set_prop(o, lk, Value::number(len as f64), true)
}

/// A relative index argument clamped to [0, len] (the start/end/target
/// arguments of slice, fill, copyWithin, splice…); `default` when undefined.
pub(super) fn relative(vm: &mut Vm, v: Value, len: u64, default: u64) -> JsResult<u64> {
    if v.is_undefined() {
        return Ok(default);
    }
    let n = vm.to_integer_or_infinity(v)?;
    Ok(if n < 0.0 {
        (len as f64 + n).max(0.0) as u64
    } else {
        n.min(len as f64) as u64
    })
}

/// Whether `o` is an Array whose dense element `k` may be read directly:
/// dense elements are plain data properties, so a present one answers both
/// HasProperty and Get.
#[inline]
fn dense_element(o: Gc<JsObject>, k: u64) -> Option<Value> {
    if k < u32::MAX as u64 && matches!(o.class, ObjectClass::Array(_)) {
        o.dense_get(k as u32)
    } else {
        None
    }
}

/// HasProperty(O, k) then Get(O, k): the value when present.
pub(super) fn get_if_present(vm: &mut Vm, o: Gc<JsObject>, k: u64) -> JsResult<Option<Value>> {
    if let Some(v) = dense_element(o, k) {
        return Ok(Some(v));
    }
    let key = vm.index_key(k);
    if vm.has_property(o, key)? {
        Ok(Some(vm.get_prop(o, key)?))
    } else {
        Ok(None)
    }
}

/// Get(O, ! ToString(𝔽(k))).
pub(super) fn get_index(vm: &mut Vm, o: Gc<JsObject>, k: u64) -> JsResult<Value> {
    if let Some(v) = dense_element(o, k) {
        return Ok(v);
    }
    let key = vm.index_key(k);
    vm.get_prop(o, key)
}

/// Whether no object on `o`'s prototype chain can observe or intercept
/// index accesses: each is an ordinary object or Array without indexed
/// properties. Fast paths that move dense elements rely on it.
pub(super) fn proto_chain_has_no_indices(o: Gc<JsObject>) -> bool {
    let mut cur = o.proto();
    while let Some(p) = cur {
        if !matches!(p.class, ObjectClass::Ordinary | ObjectClass::Array(_))
            || p.max_index().is_some()
        {
            return false;
        }
        cur = p.proto();
    }
    true
}

/// Whether `o` is a plain extensible Array with a writable length, dense
/// elements and a prototype chain without indexed properties: the
/// precondition of the in-place fast paths (push, pop, shift).
pub(super) fn is_plain_dense_array(o: Gc<JsObject>) -> bool {
    match &o.class {
        ObjectClass::Array(a) => {
            a.length_writable.get()
                && o.is_extensible_raw()
                && o.elements_are_dense()
                && o.dense_len() <= a.length.get() as usize
                && proto_chain_has_no_indices(o)
        }
        _ => false,
    }
}
