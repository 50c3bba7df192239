//! The standard library, grouped by spec chapter:
//! `fundamental` (Object, Function, Boolean, Symbol, Error), `numbers`
//! (Number, Math, BigInt, Date), `text` (String, RegExp), `indexed`
//! (Array, typed arrays), `keyed` (Map, Set, weak collections),
//! `structured` (JSON, ArrayBuffer, DataView, Atomics), `control`
//! (iterators, generators, promises, async functions), `reflection`
//! (Reflect, Proxy), and `global` (the global object's functions).

pub mod control;
pub mod fundamental;
pub mod global;
pub mod indexed;
pub mod keyed;
pub mod numbers;
pub mod reflection;
pub mod structured;
pub mod temporal;
pub mod text;

pub use control::promise;
pub use indexed::typed_array;
pub use reflection::proxy;

use crate::function::{NativeFn, NativeFunction};
use crate::gc::Gc;
use crate::object::{Attrs, JsObject, ObjectClass, PropertyKey, Shape, Slots};
use crate::realm::{Intrinsic, Realm};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::cell::RefCell;

/// Create a built-in function object with `name` and `length`.
pub fn native_function(
    vm: &mut Vm,
    name: &str,
    length: u32,
    f: NativeFn,
    constructor: bool,
) -> Gc<JsObject> {
    // Built-in names are few and recur (every realm, every `get x`): the
    // interned string serves as the `name` value, so no string is
    // allocated per function.
    let nv = match vm.key(name) {
        PropertyKey::String(s) => Value::string(s),
        _ => vm.new_string(name),
    };
    native_function_named(vm, nv, length, f, constructor)
}

/// `native_function` with the `name` value already made.
fn native_function_named(
    vm: &mut Vm,
    name: Value,
    length: u32,
    f: NativeFn,
    constructor: bool,
) -> Gc<JsObject> {
    let proto = vm.realm.try_intrinsic(Intrinsic::FunctionPrototype);
    let realm = vm.realm;
    // Built directly on the `[length, name]` shape rather than through two
    // property definitions (each a transition look-up and a slot push):
    // realm set-up creates well over a thousand of these.
    let shape = vm.function_shape();
    JsObject::with_shape(
        &vm.heap,
        shape,
        Slots::from_slice(&[Value::int(length as i32), name]),
        proto,
        ObjectClass::NativeFunction(NativeFunction {
            f,
            constructor,
            realm: Some(realm),
            captures: RefCell::new(Vec::new()),
            host: std::cell::OnceCell::new(),
        }),
    )
}

impl Vm {
    /// The shape of a fresh function object: `length`, then `name`, both
    /// configurable only (the same shape, and cache, as compiled closures
    /// use). Reached from the empty shape's transitions, so it stays alive
    /// with it.
    pub(crate) fn function_shape(&mut self) -> Gc<Shape> {
        if let Some(s) = self.closure_shape {
            return s;
        }
        let (lk, nk) = (self.names.length, self.names.name);
        let s = Shape::add(self.empty_shape, &self.heap, lk, Attrs::CONFIGURABLE_ONLY);
        let s = Shape::add(s, &self.heap, nk, Attrs::CONFIGURABLE_ONLY);
        self.closure_shape = Some(s);
        s
    }
}

/// A native closure carrying `captures` (read back with `captures_of`).
pub fn native_closure(
    vm: &mut Vm,
    name: &str,
    length: u32,
    f: NativeFn,
    captures: Vec<Value>,
) -> Gc<JsObject> {
    let o = native_function(vm, name, length, f, false);
    if let ObjectClass::NativeFunction(n) = &o.class {
        *n.captures.borrow_mut() = captures;
    }
    o
}

/// The captured values of the native function being called (`callee`).
pub fn captures_of(f: Gc<JsObject>) -> Vec<Value> {
    match &f.class {
        ObjectClass::NativeFunction(n) => n.captures.borrow().clone(),
        _ => Vec::new(),
    }
}

/// Define a method (writable, configurable, not enumerable).
pub fn method(
    vm: &mut Vm,
    obj: Gc<JsObject>,
    name: &str,
    length: u32,
    f: NativeFn,
) -> Gc<JsObject> {
    let key = vm.key(name);
    let nv = match key {
        PropertyKey::String(s) => Value::string(s),
        _ => vm.new_string(name),
    };
    let fo = native_function_named(vm, nv, length, f, false);
    vm.define_builtin(obj, key, Value::object(fo), Attrs::HIDDEN);
    fo
}

/// Define a symbol-keyed method; its name is `[description]`.
pub fn method_sym(
    vm: &mut Vm,
    obj: Gc<JsObject>,
    sym: Gc<crate::symbol::Symbol>,
    name: &str,
    length: u32,
    f: NativeFn,
) -> Gc<JsObject> {
    let fo = native_function(vm, name, length, f, false);
    vm.define_builtin(
        obj,
        PropertyKey::Symbol(sym),
        Value::object(fo),
        Attrs::HIDDEN,
    );
    fo
}

/// Define an accessor property with native getter (and optional setter).
pub fn accessor(
    vm: &mut Vm,
    obj: Gc<JsObject>,
    key: PropertyKey,
    name: &str,
    get: Option<NativeFn>,
    set: Option<NativeFn>,
) {
    let g = match get {
        Some(f) => Value::object(accessor_function(vm, "get", name, 0, f)),
        None => Value::UNDEFINED,
    };
    let s = match set {
        Some(f) => Value::object(accessor_function(vm, "set", name, 1, f)),
        None => Value::UNDEFINED,
    };
    vm.define_builtin_slot(
        obj,
        key,
        crate::object::Slot::Accessor { get: g, set: s },
        Attrs::CONFIGURABLE_ONLY,
    );
}

/// A getter or setter function named `"{prefix} {name}"`. The name is put
/// together on the stack: realm set-up makes a few hundred of these, and a
/// `format!` each was a measurable share of it.
fn accessor_function(
    vm: &mut Vm,
    prefix: &str,
    name: &str,
    length: u32,
    f: NativeFn,
) -> Gc<JsObject> {
    let mut buf = [0u8; 64];
    let n = prefix.len() + 1 + name.len();
    if n <= buf.len() {
        buf[..prefix.len()].copy_from_slice(prefix.as_bytes());
        buf[prefix.len()] = b' ';
        buf[prefix.len() + 1..n].copy_from_slice(name.as_bytes());
        // Always valid: UTF-8 pieces joined by an ASCII space.
        if let Ok(full) = std::str::from_utf8(&buf[..n]) {
            return native_function(vm, full, length, f, false);
        }
    }
    native_function(vm, &format!("{prefix} {name}"), length, f, false)
}

/// Define a data property by name.
pub fn value(vm: &mut Vm, obj: Gc<JsObject>, name: &str, v: Value, attrs: Attrs) {
    let key = vm.key(name);
    vm.define_builtin(obj, key, v, attrs);
}

/// Wire `ctor.prototype = proto` (fixed) and `proto.constructor = ctor`.
pub fn link_constructor(vm: &mut Vm, ctor: Gc<JsObject>, proto: Gc<JsObject>) {
    let pk = vm.names.prototype;
    vm.define_builtin(ctor, pk, Value::object(proto), Attrs::NONE);
    let ck = vm.names.constructor;
    vm.define_builtin(proto, ck, Value::object(ctor), Attrs::HIDDEN);
}

/// Put a constructor on the global object (writable, configurable).
pub fn global_binding(vm: &mut Vm, name: &str, v: Value) {
    let g = vm.realm.global;
    value(vm, g, name, v, Attrs::HIDDEN);
}

/// A fresh ordinary object inheriting from an intrinsic.
pub fn object_with_proto(vm: &mut Vm, proto: Intrinsic) -> Gc<JsObject> {
    let p = vm.intrinsic(proto);
    vm.new_object_with(Some(p), ObjectClass::Ordinary)
}

/// The `this` value as an object of the expected class, or a TypeError.
pub fn this_object(vm: &mut Vm, this: Value, what: &str) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o) => Ok(o),
        None => Err(vm.type_error(&format!("{what} called on non-object"))),
    }
}

/// Populate `realm` with every intrinsic and global.
pub fn init_realm(vm: &mut Vm, realm: Gc<Realm>) {
    let saved = vm.realm;
    vm.realm = realm;
    // Built-in objects get their properties in bulk (see
    // `Vm::define_builtin_slot`); no JavaScript runs during set-up, so no
    // one sees them half laid out.
    let saved_bulk = vm.bulk_objects.replace(Vec::with_capacity(512));
    // %Object.prototype% and %Function.prototype% first: everything else
    // hangs off them.
    let object_proto = vm.new_object_with(None, ObjectClass::Ordinary);
    realm.set_intrinsic(Intrinsic::ObjectPrototype, object_proto);
    let function_proto = vm.new_object_with(
        Some(object_proto),
        ObjectClass::NativeFunction(NativeFunction {
            f: |_, _, _, _| Ok(Value::UNDEFINED),
            constructor: false,
            realm: Some(realm),
            captures: RefCell::new(Vec::new()),
            host: std::cell::OnceCell::new(),
        }),
    );
    realm.set_intrinsic(Intrinsic::FunctionPrototype, function_proto);
    realm.global.set_proto_raw(Some(object_proto));

    fundamental::init(vm);
    // %Iterator.prototype% before the iterator prototypes that inherit from it.
    control::iterator::init_prototype(vm);
    // Before the collections: their iterator prototypes inherit from
    // %Iterator.prototype%.
    control::init(vm);
    numbers::init(vm);
    text::init(vm);
    indexed::init(vm);
    keyed::init(vm);
    structured::init(vm);
    reflection::init(vm);
    temporal::init(vm);
    global::init(vm);
    for o in std::mem::replace(&mut vm.bulk_objects, saved_bulk)
        .into_iter()
        .flatten()
    {
        o.end_bulk(&vm.heap);
    }
    vm.realm = saved;
}

/// `RegExpCreate` for regexp literals.
pub fn regexp_create(vm: &mut Vm, pattern: Value, flags: Value) -> JsResult<Value> {
    text::regexp::regexp_create(vm, pattern, flags)
}

/// CreateAsyncFromSyncIterator.
pub fn async_from_sync_iterator(vm: &mut Vm, it: Value, next: Value) -> JsResult<(Value, Value)> {
    control::async_from_sync::create(vm, it, next)
}

/// SpeciesConstructor(O, defaultConstructor).
pub fn species_constructor(vm: &mut Vm, o: Gc<JsObject>, default: Value) -> JsResult<Value> {
    let ck = vm.names.constructor;
    let c = vm.get_prop(o, ck)?;
    if c.is_undefined() {
        return Ok(default);
    }
    let Some(co) = c.as_object() else {
        return Err(vm.type_error("object.constructor is not an object"));
    };
    let sk = PropertyKey::Symbol(vm.symbols.species);
    let s = vm.get_prop(co, sk)?;
    if s.is_nullish() {
        return Ok(default);
    }
    if s.as_object().is_some_and(|so| vm.is_constructor(so)) {
        return Ok(s);
    }
    Err(vm.type_error("object.constructor[Symbol.species] is not a constructor"))
}
