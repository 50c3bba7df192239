//! The internal data that distinguishes kinds of objects.
//!
//! Kinds the interpreter touches on hot paths (functions, arrays, arguments,
//! primitive wrappers, proxies) are variants here; the rest of the built-ins
//! attach their internal slots through [`ObjectData`], in their own files.

use crate::bigint::JsBigInt;
use crate::function::{BoundFunction, Closure, NativeFunction};
use crate::gc::{Gc, Trace, Tracer};
use crate::object::methods::InternalMethods;
use crate::object::ordinary::ORDINARY;
use crate::object::JsObject;
use crate::string::JsString;
use crate::symbol::Symbol;
use crate::value::Value;
use std::any::Any;
use std::cell::{Cell, RefCell};

/// Internal slots of a built-in kind of object defined outside this file.
pub trait ObjectData: Trace + Any {
    /// For debugging output.
    fn class_name(&self) -> &'static str;
    fn as_any(&self) -> &dyn Any;
    /// The internal methods of objects with these slots: the ordinary
    /// ones unless the kind is exotic (typed arrays, module namespaces).
    fn internal_methods(&self) -> &'static InternalMethods {
        &ORDINARY
    }
}

pub struct ArrayData {
    pub length: Cell<u32>,
    pub length_writable: Cell<bool>,
}

/// A mapped `arguments` object: index `i` aliases environment slot
/// `slots[i]` of `env` while the mapping is intact.
pub struct ArgumentsData {
    pub env: Option<Gc<crate::env::Env>>,
    pub mapped: RefCell<Vec<Option<u32>>>,
}

pub struct ProxyData {
    pub target: Cell<Option<Gc<JsObject>>>,
    pub handler: Cell<Option<Gc<JsObject>>>,
    pub callable: bool,
    pub constructor: bool,
}

pub enum ObjectClass {
    Ordinary,
    Array(ArrayData),
    Function(Closure),
    NativeFunction(NativeFunction),
    BoundFunction(BoundFunction),
    Error,
    Boolean(bool),
    Number(f64),
    String(Gc<JsString>),
    Symbol(Gc<Symbol>),
    BigInt(Gc<JsBigInt>),
    Arguments(ArgumentsData),
    /// An unmapped arguments object (strict code, non-simple parameters).
    UnmappedArguments,
    Proxy(ProxyData),
    Data(Box<dyn ObjectData>),
}

impl Trace for ObjectClass {
    fn trace(&self, t: &mut Tracer) {
        match self {
            ObjectClass::Function(c) => c.trace(t),
            ObjectClass::NativeFunction(n) => n.trace(t),
            ObjectClass::BoundFunction(b) => b.trace(t),
            ObjectClass::String(s) => t.mark(*s),
            ObjectClass::Symbol(s) => t.mark(*s),
            ObjectClass::BigInt(b) => t.mark(*b),
            ObjectClass::Arguments(a) => a.env.trace(t),
            ObjectClass::Proxy(p) => {
                p.target.trace(t);
                p.handler.trace(t);
            }
            ObjectClass::Data(d) => d.trace(t),
            ObjectClass::Ordinary
            | ObjectClass::Array(_)
            | ObjectClass::Error
            | ObjectClass::Boolean(_)
            | ObjectClass::Number(_)
            | ObjectClass::UnmappedArguments => {}
        }
    }
}

impl ObjectClass {
    pub fn is_callable(&self) -> bool {
        match self {
            ObjectClass::Function(_)
            | ObjectClass::NativeFunction(_)
            | ObjectClass::BoundFunction(_) => true,
            ObjectClass::Proxy(p) => p.callable,
            _ => false,
        }
    }
    pub fn data<T: 'static>(&self) -> Option<&T> {
        match self {
            ObjectClass::Data(d) => d.as_any().downcast_ref::<T>(),
            _ => None,
        }
    }
}

impl JsObject {
    pub fn is_callable(&self) -> bool {
        self.class.is_callable()
    }
    pub fn is_array_exotic(&self) -> bool {
        matches!(self.class, ObjectClass::Array(_))
    }
    pub fn array_data(&self) -> Option<&ArrayData> {
        match &self.class {
            ObjectClass::Array(a) => Some(a),
            _ => None,
        }
    }
    pub fn is_proxy(&self) -> bool {
        matches!(self.class, ObjectClass::Proxy(_))
    }
}

/// Convenience for `Value`s.
pub fn value_is_callable(v: Value) -> bool {
    v.as_object().is_some_and(|o| o.is_callable())
}
