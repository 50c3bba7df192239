//! Environments: the heap-allocated scopes that hold captured variables.
//!
//! Variables no closure captures live in registers; the compiler puts the
//! rest in an `Env` and addresses them by (hops, slot). `with` statements
//! create object environments, searched by name at run time; so do the
//! scopes of code that can run a sloppy direct `eval`, whose `names` let
//! eval'd code find their bindings.

use crate::gc::{Gc, GcCell, Trace, Tracer};
use crate::object::JsObject;
use crate::string::JsString;
use crate::value::Value;
use std::cell::RefCell;

pub enum EnvKind {
    Declarative,
    /// `with (obj)`: names resolve through the object's properties.
    With(Gc<JsObject>),
}

/// Names of a declarative scope's slots, for dynamic lookup (eval, debugging).
pub struct ScopeNames {
    /// (name, slot, is_mutable, is_lexical)
    pub names: Vec<(Gc<JsString>, u32, bool, bool)>,
    /// True for a function's var scope: sloppy eval `var`s land here.
    pub is_function_scope: bool,
}

impl Trace for ScopeNames {
    fn trace(&self, t: &mut Tracer) {
        for (n, ..) in &self.names {
            t.mark(*n);
        }
    }
}
impl GcCell for ScopeNames {
    const NAME: &'static str = "ScopeNames";
}

pub type EnvSlots = smallvec::SmallVec<[Value; 3]>;

pub struct Env {
    pub parent: Option<Gc<Env>>,
    /// The bindings' values; a few live inline (most scopes capture few).
    pub slots: RefCell<EnvSlots>,
    pub kind: EnvKind,
    pub names: Option<Gc<ScopeNames>>,
    /// Variables added at run time by sloppy direct eval (`var` in eval code).
    pub dynamic: RefCell<Vec<(Gc<JsString>, Value)>>,
}

impl Trace for Env {
    fn trace(&self, t: &mut Tracer) {
        self.parent.trace(t);
        t.mark_values(&self.slots.borrow());
        if let EnvKind::With(o) = &self.kind {
            t.mark(*o);
        }
        self.names.trace(t);
        for (n, v) in self.dynamic.borrow().iter() {
            t.mark(*n);
            t.mark_value(*v);
        }
    }
}
impl GcCell for Env {
    const NAME: &'static str = "Env";
}

impl Env {
    #[inline]
    pub fn get(&self, slot: u32) -> Value {
        self.slots
            .borrow()
            .get(slot as usize)
            .copied()
            .unwrap_or(Value::UNDEFINED)
    }
    #[inline]
    pub fn set(&self, slot: u32, v: Value) {
        if let Some(s) = self.slots.borrow_mut().get_mut(slot as usize) {
            *s = v;
        }
    }
    /// The environment `hops` levels up.
    #[inline]
    pub fn ancestor(this: Gc<Env>, hops: u32) -> Gc<Env> {
        let mut e = this;
        for _ in 0..hops {
            match e.parent {
                Some(p) => e = p,
                None => break,
            }
        }
        e
    }
}
