//! Function objects' internal data: bytecode closures, native functions and
//! bound functions, and their tables of internal methods (ordinary ones
//! plus [[Call]], and [[Construct]] for constructors; the bodies are in
//! `interp/call.rs`, next to the interpreter they enter).

use crate::bytecode::Code;
use crate::env::Env;
use crate::gc::{Gc, Trace, Tracer};
use crate::interp::call as c;
use crate::object::methods::{InternalMethods, ORDINARY_METHODS};
use crate::object::JsObject;
use crate::realm::Realm;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// The arguments a native function receives. A view of the caller's
/// registers (or of a rooted buffer): cheap to pass, values copied out.
#[derive(Clone, Copy)]
pub struct Args<'a> {
    vals: &'a [Value],
}

impl<'a> Args<'a> {
    pub fn new(vals: &'a [Value]) -> Self {
        Args { vals }
    }
    /// Argument `i`, or undefined when absent.
    #[inline]
    pub fn get(&self, i: usize) -> Value {
        self.vals.get(i).copied().unwrap_or(Value::UNDEFINED)
    }
    #[inline]
    pub fn len(&self) -> usize {
        self.vals.len()
    }
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.vals.is_empty()
    }
    pub fn as_slice(&self) -> &'a [Value] {
        self.vals
    }
    /// Arguments from `i` on.
    pub fn rest(&self, i: usize) -> &'a [Value] {
        self.vals.get(i..).unwrap_or(&[])
    }
}

/// A built-in function body. `new_target` is undefined for [[Call]] and the
/// constructor for [[Construct]].
pub type NativeFn =
    fn(vm: &mut Vm, this: Value, args: Args<'_>, new_target: Value) -> JsResult<Value>;

/// A native function body that is a Rust closure (the embedder's host
/// functions capturing Rust state; see `api::host_fn`). JS values it needs
/// beyond one call are kept in `Global` handles or the function's traced
/// `captures`, never in the closure's own fields.
pub type HostClosure = dyn Fn(&mut Vm, Value, Args<'_>, Value) -> JsResult<Value>;

pub struct NativeFunction {
    /// The body. For a host closure this is a trampoline that calls `host`,
    /// so plain built-ins pay nothing for closures existing.
    pub f: NativeFn,
    pub constructor: bool,
    pub realm: Option<Gc<Realm>>,
    /// Values a native closure carries (e.g. a promise's resolving
    /// functions share their promise and "already resolved" record).
    pub captures: RefCell<Vec<Value>>,
    /// The Rust closure of a host function (set once, at creation).
    pub host: std::cell::OnceCell<Rc<HostClosure>>,
}

impl Trace for NativeFunction {
    fn trace(&self, t: &mut Tracer) {
        self.realm.trace(t);
        self.captures.trace(t);
    }
}

/// Class field definition kept on a class constructor.
pub struct FieldDef {
    /// The key: property key value (string/symbol) or a private name cell.
    pub key: Value,
    /// The initializer function (a method with the class as home) or undefined.
    pub init: Value,
    pub is_private: bool,
    /// A private method/accessor to install instead of a field.
    pub private_method: Option<(Value, Value)>,
}

impl Trace for FieldDef {
    fn trace(&self, t: &mut Tracer) {
        t.mark_value(self.key);
        t.mark_value(self.init);
        if let Some((g, s)) = self.private_method {
            t.mark_value(g);
            t.mark_value(s);
        }
    }
}

pub struct Closure {
    pub code: Gc<Code>,
    pub env: Option<Gc<Env>>,
    pub realm: Gc<Realm>,
    /// [[HomeObject]] for methods (for `super`).
    pub home_object: Cell<Option<Gc<JsObject>>>,
    /// Class constructors: instance fields to define at construction.
    pub fields: RefCell<Vec<FieldDef>>,
    /// Class constructors: private brand checked by `#x in o` and methods.
    pub class_brand: Cell<Value>,
}

impl Trace for Closure {
    fn trace(&self, t: &mut Tracer) {
        t.mark(self.code);
        self.env.trace(t);
        t.mark(self.realm);
        self.home_object.trace(t);
        self.fields.trace(t);
        t.mark_value(self.class_brand.get());
    }
}

pub struct BoundFunction {
    pub target: Gc<JsObject>,
    pub this: Value,
    pub args: Vec<Value>,
    pub constructor: bool,
}

impl Trace for BoundFunction {
    fn trace(&self, t: &mut Tracer) {
        t.mark(self.target);
        t.mark_value(self.this);
        t.mark_values(&self.args);
    }
}

/// ECMAScript function objects (`ObjectClass::Function`) that are not
/// constructors (#sec-ecmascript-function-objects).
pub static CLOSURE: InternalMethods = InternalMethods {
    name: "Function",
    call: Some(c::closure_call),
    ..ORDINARY_METHODS
};

/// ECMAScript function objects that are constructors.
pub static CLOSURE_CONSTRUCTOR: InternalMethods = InternalMethods {
    name: "Function",
    call: Some(c::closure_call),
    construct: Some(c::closure_construct),
    ..ORDINARY_METHODS
};

/// Built-in function objects (`ObjectClass::NativeFunction`) that are not
/// constructors (#sec-built-in-function-objects).
pub static NATIVE: InternalMethods = InternalMethods {
    name: "Function",
    call: Some(c::native_call),
    ..ORDINARY_METHODS
};

/// Built-in function objects that are constructors.
pub static NATIVE_CONSTRUCTOR: InternalMethods = InternalMethods {
    name: "Function",
    call: Some(c::native_call),
    construct: Some(c::native_construct),
    ..ORDINARY_METHODS
};

/// Bound function exotic objects (`ObjectClass::BoundFunction`) whose
/// target is not a constructor (#sec-bound-function-exotic-objects).
pub static BOUND: InternalMethods = InternalMethods {
    name: "BoundFunction",
    call: Some(c::bound_call),
    ..ORDINARY_METHODS
};

/// Bound function exotic objects whose target is a constructor
/// (BoundFunctionCreate 6).
pub static BOUND_CONSTRUCTOR: InternalMethods = InternalMethods {
    name: "BoundFunction",
    call: Some(c::bound_call),
    construct: Some(c::bound_construct),
    ..ORDINARY_METHODS
};
