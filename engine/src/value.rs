//! `Value`: every JavaScript value in 64 bits (NaN-boxing).
//!
//! A double is stored as its own bits. Everything else lives in the upper
//! part of the negative quiet-NaN space, which no canonical double uses
//! (every NaN is canonicalised to `0x7FF8_0000_0000_0000` on the way in):
//!
//! | top 16 bits | meaning                     | low 48 bits            |
//! |-------------|-----------------------------|------------------------|
//! | `0xFFF9`    | int32 fast path             | the int (low 32)       |
//! | `0xFFFA`    | undefined, null, booleans, internal markers | small id |
//! | `0xFFFB`    | string                      | pointer to `JsString`  |
//! | `0xFFFC`    | symbol                      | pointer to `Symbol`    |
//! | `0xFFFD`    | object                      | pointer to `JsObject`  |
//! | `0xFFFE`    | bigint                      | pointer to `JsBigInt`  |
//! | `0xFFFF`    | internal cell (never seen by JS) | pointer to a cell |
//!
//! User-space pointers on the targets we support fit in 48 bits.

use crate::bigint::JsBigInt;
use crate::gc::{Gc, GcCell};
use crate::object::JsObject;
use crate::string::JsString;
use crate::symbol::Symbol;

#[derive(Copy, Clone, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Value(u64);

const TAG_SHIFT: u64 = 48;
const PAYLOAD_MASK: u64 = (1 << TAG_SHIFT) - 1;
pub(crate) const TAG_INT: u64 = 0xFFF9;
pub(crate) const TAG_SPECIAL: u64 = 0xFFFA;
pub(crate) const TAG_STRING: u64 = 0xFFFB;
pub(crate) const TAG_SYMBOL: u64 = 0xFFFC;
pub(crate) const TAG_OBJECT: u64 = 0xFFFD;
pub(crate) const TAG_BIGINT: u64 = 0xFFFE;
pub(crate) const TAG_CELL: u64 = 0xFFFF;
const FIRST_TAG: u64 = TAG_INT << TAG_SHIFT;
const CANONICAL_NAN: u64 = 0x7FF8_0000_0000_0000;

const fn special(id: u64) -> Value {
    Value((TAG_SPECIAL << TAG_SHIFT) | id)
}

impl Value {
    pub const UNDEFINED: Value = special(0);
    pub const NULL: Value = special(1);
    pub const FALSE: Value = special(2);
    pub const TRUE: Value = special(3);
    /// An array hole / absent slot. Never escapes to JS.
    pub const HOLE: Value = special(4);
    /// A `let`/`const`/class binding in its temporal dead zone.
    pub const UNINIT: Value = special(5);

    #[inline]
    pub const fn from_bits(bits: u64) -> Value {
        Value(bits)
    }
    #[inline]
    pub const fn to_bits(self) -> u64 {
        self.0
    }
    #[inline]
    fn tag(self) -> u64 {
        self.0 >> TAG_SHIFT
    }
    #[inline]
    fn payload(self) -> u64 {
        self.0 & PAYLOAD_MASK
    }

    // ---- construction ----

    #[inline]
    pub fn int(i: i32) -> Value {
        Value((TAG_INT << TAG_SHIFT) | (i as u32 as u64))
    }

    /// A number; integral values in int32 range (except -0) take the int path.
    #[inline]
    pub fn number(f: f64) -> Value {
        let i = f as i32;
        if i as f64 == f && !(i == 0 && f.is_sign_negative()) {
            return Value::int(i);
        }
        Value::double(f)
    }

    /// A double kept as a double (no int normalisation).
    #[inline]
    pub fn double(f: f64) -> Value {
        if f.is_nan() {
            Value(CANONICAL_NAN)
        } else {
            Value(f.to_bits())
        }
    }

    #[inline]
    pub fn bool(b: bool) -> Value {
        if b {
            Value::TRUE
        } else {
            Value::FALSE
        }
    }

    #[inline]
    fn from_ptr(tag: u64, p: usize) -> Value {
        debug_assert!((p as u64) & !PAYLOAD_MASK == 0);
        Value((tag << TAG_SHIFT) | p as u64)
    }

    #[inline]
    pub fn string(s: Gc<JsString>) -> Value {
        Value::from_ptr(TAG_STRING, s.addr())
    }
    #[inline]
    pub fn object(o: Gc<JsObject>) -> Value {
        Value::from_ptr(TAG_OBJECT, o.addr())
    }
    #[inline]
    pub fn symbol(s: Gc<Symbol>) -> Value {
        Value::from_ptr(TAG_SYMBOL, s.addr())
    }
    #[inline]
    pub fn bigint(b: Gc<JsBigInt>) -> Value {
        Value::from_ptr(TAG_BIGINT, b.addr())
    }
    /// An engine-internal cell (accessor pairs, environments) stored where a
    /// `Value` fits. Never handed to script code.
    #[inline]
    pub fn cell<T: GcCell>(c: Gc<T>) -> Value {
        Value::from_ptr(TAG_CELL, c.addr())
    }

    // ---- predicates ----

    #[inline]
    pub fn is_number(self) -> bool {
        self.0 < FIRST_TAG || self.tag() == TAG_INT
    }
    #[inline]
    pub fn is_int(self) -> bool {
        self.tag() == TAG_INT
    }
    #[inline]
    pub fn is_double(self) -> bool {
        self.0 < FIRST_TAG
    }
    #[inline]
    pub fn is_undefined(self) -> bool {
        self == Value::UNDEFINED
    }
    #[inline]
    pub fn is_null(self) -> bool {
        self == Value::NULL
    }
    #[inline]
    pub fn is_nullish(self) -> bool {
        self == Value::UNDEFINED || self == Value::NULL
    }
    #[inline]
    pub fn is_bool(self) -> bool {
        self == Value::TRUE || self == Value::FALSE
    }
    #[inline]
    pub fn is_string(self) -> bool {
        self.tag() == TAG_STRING
    }
    #[inline]
    pub fn is_object(self) -> bool {
        self.tag() == TAG_OBJECT
    }
    #[inline]
    pub fn is_symbol(self) -> bool {
        self.tag() == TAG_SYMBOL
    }
    #[inline]
    pub fn is_bigint(self) -> bool {
        self.tag() == TAG_BIGINT
    }
    #[inline]
    pub fn is_hole(self) -> bool {
        self == Value::HOLE
    }
    #[inline]
    pub fn is_uninit(self) -> bool {
        self == Value::UNINIT
    }
    #[inline]
    pub fn is_cell(self) -> bool {
        self.tag() == TAG_CELL
    }

    // ---- extraction ----

    #[inline]
    pub fn as_int(self) -> Option<i32> {
        if self.is_int() {
            Some(self.0 as u32 as i32)
        } else {
            None
        }
    }
    /// The numeric value, if this is a Number.
    #[inline]
    pub fn as_number(self) -> Option<f64> {
        if self.is_int() {
            Some(self.0 as u32 as i32 as f64)
        } else if self.is_double() {
            Some(f64::from_bits(self.0))
        } else {
            None
        }
    }
    #[inline]
    pub fn as_bool(self) -> Option<bool> {
        match self {
            Value::TRUE => Some(true),
            Value::FALSE => Some(false),
            _ => None,
        }
    }
    #[inline]
    pub fn as_string(self) -> Option<Gc<JsString>> {
        if self.is_string() {
            // SAFETY: the tag says the payload is a live `JsString` cell.
            Some(unsafe { Gc::from_addr(self.payload() as usize) })
        } else {
            None
        }
    }
    #[inline]
    pub fn as_object(self) -> Option<Gc<JsObject>> {
        if self.is_object() {
            // SAFETY: the tag says the payload is a live `JsObject` cell.
            Some(unsafe { Gc::from_addr(self.payload() as usize) })
        } else {
            None
        }
    }
    #[inline]
    pub fn as_symbol(self) -> Option<Gc<Symbol>> {
        if self.is_symbol() {
            // SAFETY: the tag says the payload is a live `Symbol` cell.
            Some(unsafe { Gc::from_addr(self.payload() as usize) })
        } else {
            None
        }
    }
    #[inline]
    pub fn as_bigint(self) -> Option<Gc<JsBigInt>> {
        if self.is_bigint() {
            // SAFETY: the tag says the payload is a live `JsBigInt` cell.
            Some(unsafe { Gc::from_addr(self.payload() as usize) })
        } else {
            None
        }
    }
    /// The cell behind an internal value.
    ///
    /// # Safety
    /// The caller must know the cell's type is `T` (the engine records it
    /// beside the value, e.g. the ACCESSOR attribute bit).
    #[inline]
    pub unsafe fn as_cell<T: GcCell>(self) -> Gc<T> {
        debug_assert!(self.is_cell());
        // SAFETY: guaranteed by the caller.
        unsafe { Gc::from_addr(self.payload() as usize) }
    }

    /// The address of the heap cell this value points to, if any.
    #[inline]
    pub(crate) fn heap_addr(self) -> Option<usize> {
        match self.tag() {
            TAG_STRING | TAG_SYMBOL | TAG_OBJECT | TAG_BIGINT | TAG_CELL => {
                Some(self.payload() as usize)
            }
            _ => None,
        }
    }

    /// Conservative decode of a raw word that may be a boxed pointer.
    #[inline]
    pub(crate) fn maybe_heap_addr_of_bits(bits: u64) -> Option<usize> {
        Value(bits).heap_addr()
    }

    /// The type as `typeof` sees it, minus the callable check.
    pub fn type_name(self) -> &'static str {
        if self.is_number() {
            "number"
        } else if self.is_string() {
            "string"
        } else if self.is_bool() {
            "boolean"
        } else if self.is_undefined() {
            "undefined"
        } else if self.is_null() {
            "object"
        } else if self.is_symbol() {
            "symbol"
        } else if self.is_bigint() {
            "bigint"
        } else if self.is_object() {
            "object"
        } else {
            "internal"
        }
    }
}

impl Default for Value {
    fn default() -> Self {
        Value::UNDEFINED
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(n) = self.as_number() {
            write!(f, "{n}")
        } else if let Some(s) = self.as_string() {
            write!(f, "{:?}", s.to_rust_string())
        } else if self.is_object() {
            write!(f, "[object @{:#x}]", self.payload())
        } else {
            match *self {
                Value::UNDEFINED => write!(f, "undefined"),
                Value::NULL => write!(f, "null"),
                Value::TRUE => write!(f, "true"),
                Value::FALSE => write!(f, "false"),
                Value::HOLE => write!(f, "<hole>"),
                Value::UNINIT => write!(f, "<uninitialized>"),
                _ => write!(f, "<{} @{:#x}>", self.type_name(), self.payload()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip() {
        for f in [
            0.0,
            -0.0,
            1.5,
            -1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            3.0,
            2147483648.0,
        ] {
            let v = Value::number(f);
            assert!(v.is_number());
            assert_eq!(v.as_number().map(f64::to_bits), Some(f.to_bits()));
        }
        assert!(Value::number(3.0).is_int());
        assert!(!Value::number(-0.0).is_int());
        let nan = Value::number(f64::NAN);
        assert!(nan.as_number().is_some_and(f64::is_nan));
        // A NaN with a payload in our tag space must not become a tag.
        let evil = f64::from_bits(0xFFFD_0000_0000_1234);
        assert!(Value::number(evil).is_number());
    }

    #[test]
    fn specials_are_distinct() {
        let all = [
            Value::UNDEFINED,
            Value::NULL,
            Value::TRUE,
            Value::FALSE,
            Value::HOLE,
            Value::UNINIT,
        ];
        for (i, a) in all.iter().enumerate() {
            assert!(!a.is_number());
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert!(Value::int(-5).as_int() == Some(-5));
    }
}
