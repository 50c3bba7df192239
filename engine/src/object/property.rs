//! Property keys, attributes and descriptors.

use crate::gc::{Gc, Trace, Tracer};
use crate::string::JsString;
use crate::symbol::Symbol;
use crate::value::Value;

/// A property key: array indices apart, strings interned, symbols by identity.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub enum PropertyKey {
    Index(u32),
    /// Always an interned string that is not an array index.
    String(Gc<JsString>),
    Symbol(Gc<Symbol>),
}

impl PropertyKey {
    pub fn is_symbol(&self) -> bool {
        matches!(self, PropertyKey::Symbol(_))
    }
    pub fn as_index(&self) -> Option<u32> {
        match self {
            PropertyKey::Index(i) => Some(*i),
            _ => None,
        }
    }
    pub fn is_str(&self, s: &str) -> bool {
        matches!(self, PropertyKey::String(js) if js.eq_str(s))
    }
}

impl Trace for PropertyKey {
    fn trace(&self, t: &mut Tracer) {
        match self {
            PropertyKey::Index(_) => {}
            PropertyKey::String(s) => t.mark(*s),
            PropertyKey::Symbol(s) => t.mark(*s),
        }
    }
}

/// Property attribute bits.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct Attrs(pub u8);

impl Attrs {
    pub const WRITABLE: u8 = 1;
    pub const ENUMERABLE: u8 = 2;
    pub const CONFIGURABLE: u8 = 4;
    /// The slot holds an `Accessor` cell instead of a value.
    pub const ACCESSOR: u8 = 8;

    /// writable, enumerable, configurable: what assignment creates.
    pub const DEFAULT: Attrs = Attrs(7);
    /// writable, configurable, not enumerable: built-in methods.
    pub const HIDDEN: Attrs = Attrs(5);
    pub const NONE: Attrs = Attrs(0);
    pub const CONFIGURABLE_ONLY: Attrs = Attrs(4);

    #[inline]
    pub fn writable(self) -> bool {
        self.0 & Self::WRITABLE != 0
    }
    #[inline]
    pub fn enumerable(self) -> bool {
        self.0 & Self::ENUMERABLE != 0
    }
    #[inline]
    pub fn configurable(self) -> bool {
        self.0 & Self::CONFIGURABLE != 0
    }
    #[inline]
    pub fn is_accessor(self) -> bool {
        self.0 & Self::ACCESSOR != 0
    }
    pub fn with(self, bit: u8, on: bool) -> Attrs {
        if on {
            Attrs(self.0 | bit)
        } else {
            Attrs(self.0 & !bit)
        }
    }
}

/// A getter/setter pair, stored in an accessor property's slot.
pub struct Accessor {
    pub get: std::cell::Cell<Value>,
    pub set: std::cell::Cell<Value>,
}
impl Trace for Accessor {
    fn trace(&self, t: &mut Tracer) {
        t.mark_value(self.get.get());
        t.mark_value(self.set.get());
    }
}
impl crate::gc::GcCell for Accessor {
    const NAME: &'static str = "Accessor";
}

/// A property's value as stored: either a plain value or an accessor pair.
#[derive(Copy, Clone, Debug)]
pub enum Slot {
    Data(Value),
    Accessor { get: Value, set: Value },
}

/// The result of [[GetOwnProperty]].
#[derive(Copy, Clone, Debug)]
pub struct OwnProperty {
    pub slot: Slot,
    pub attrs: Attrs,
}

/// A Property Descriptor with optional fields, as the spec uses it.
#[derive(Copy, Clone, Debug, Default)]
pub struct PropertyDescriptor {
    pub value: Option<Value>,
    pub writable: Option<bool>,
    pub get: Option<Value>,
    pub set: Option<Value>,
    pub enumerable: Option<bool>,
    pub configurable: Option<bool>,
}

impl Trace for PropertyDescriptor {
    fn trace(&self, t: &mut Tracer) {
        self.value.trace(t);
        self.get.trace(t);
        self.set.trace(t);
    }
}

impl PropertyDescriptor {
    pub fn data(value: Value, attrs: Attrs) -> Self {
        PropertyDescriptor {
            value: Some(value),
            writable: Some(attrs.writable()),
            get: None,
            set: None,
            enumerable: Some(attrs.enumerable()),
            configurable: Some(attrs.configurable()),
        }
    }
    pub fn accessor(get: Value, set: Value, attrs: Attrs) -> Self {
        PropertyDescriptor {
            value: None,
            writable: None,
            get: Some(get),
            set: Some(set),
            enumerable: Some(attrs.enumerable()),
            configurable: Some(attrs.configurable()),
        }
    }
    pub fn is_accessor(&self) -> bool {
        self.get.is_some() || self.set.is_some()
    }
    pub fn is_data(&self) -> bool {
        self.value.is_some() || self.writable.is_some()
    }
    pub fn is_generic(&self) -> bool {
        !self.is_accessor() && !self.is_data()
    }
    pub fn from_own(p: OwnProperty) -> Self {
        match p.slot {
            Slot::Data(v) => Self::data(v, p.attrs),
            Slot::Accessor { get, set } => Self::accessor(get, set, p.attrs),
        }
    }
}
