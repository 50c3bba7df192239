//! Symbols: unique identities with an optional description.

use crate::gc::{GcCell, Trace, Tracer};
use crate::value::Value;

pub struct Symbol {
    /// A string value or undefined.
    pub description: Value,
    /// Set for `Symbol.for` symbols: the registry key.
    pub registered: bool,
    /// A class private name (`#x`): usable only as a hidden property key,
    /// never reported by reflection.
    pub private: bool,
}

impl Trace for Symbol {
    fn trace(&self, t: &mut Tracer) {
        t.mark_value(self.description)
    }
}
impl GcCell for Symbol {
    const NAME: &'static str = "Symbol";
}
