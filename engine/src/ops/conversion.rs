//! Type conversion (spec: "Type Conversion"): ToPrimitive, ToNumber,
//! ToString, ToObject, ToPropertyKey and the integer conversions.

use crate::gc::Gc;
use crate::object::{JsObject, ObjectClass, PropertyKey};
use crate::realm::Intrinsic;
use crate::string::JsString;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

#[derive(Copy, Clone, PartialEq, Eq)]
pub enum Hint {
    Default,
    Number,
    String,
}

impl Vm {
    /// ToBoolean.
    pub fn to_boolean(&self, v: Value) -> bool {
        if let Some(b) = v.as_bool() {
            return b;
        }
        if let Some(i) = v.as_int() {
            return i != 0;
        }
        if let Some(n) = v.as_number() {
            return !(n == 0.0 || n.is_nan());
        }
        if let Some(s) = v.as_string() {
            return !s.is_empty();
        }
        if let Some(b) = v.as_bigint() {
            return b.value != num_bigint::BigInt::from(0);
        }
        if v.is_nullish() {
            return false;
        }
        true
    }

    /// ToPrimitive.
    pub fn to_primitive(&mut self, v: Value, hint: Hint) -> JsResult<Value> {
        let Some(o) = v.as_object() else {
            return Ok(v);
        };
        let key = PropertyKey::Symbol(self.symbols.to_primitive);
        if let Some(exotic) = self.get_method(v, key)? {
            let h = match hint {
                Hint::Default => "default",
                Hint::Number => "number",
                Hint::String => "string",
            };
            let hv = self.new_string(h);
            let r = self.call(exotic, v, &[hv])?;
            if r.is_object() {
                return Err(self.type_error("Cannot convert object to primitive value"));
            }
            return Ok(r);
        }
        self.ordinary_to_primitive(
            o,
            if hint == Hint::String {
                Hint::String
            } else {
                Hint::Number
            },
        )
    }

    /// OrdinaryToPrimitive.
    pub fn ordinary_to_primitive(&mut self, o: Gc<JsObject>, hint: Hint) -> JsResult<Value> {
        let order = if hint == Hint::String {
            [self.names.to_string, self.names.value_of]
        } else {
            [self.names.value_of, self.names.to_string]
        };
        for key in order {
            let m = self.get_prop(o, key)?;
            if crate::object::class::value_is_callable(m) {
                let r = self.call(m, Value::object(o), &[])?;
                if !r.is_object() {
                    return Ok(r);
                }
            }
        }
        Err(self.type_error("Cannot convert object to primitive value"))
    }

    /// ToNumber.
    pub fn to_number(&mut self, v: Value) -> JsResult<f64> {
        if let Some(n) = v.as_number() {
            return Ok(n);
        }
        self.number_from_non_number(v)
    }

    fn number_from_non_number(&mut self, v: Value) -> JsResult<f64> {
        if let Some(s) = v.as_string() {
            return Ok(string_to_number(&s));
        }
        match v {
            Value::UNDEFINED => Ok(f64::NAN),
            Value::NULL | Value::FALSE => Ok(0.0),
            Value::TRUE => Ok(1.0),
            _ if v.is_symbol() => Err(self.type_error("Cannot convert a Symbol value to a number")),
            _ if v.is_bigint() => Err(self.type_error("Cannot convert a BigInt value to a number")),
            _ if v.is_object() => {
                let p = self.to_primitive(v, Hint::Number)?;
                self.to_number(p)
            }
            _ => Ok(f64::NAN),
        }
    }

    /// ToNumeric: a Number or a BigInt value.
    pub fn to_numeric(&mut self, v: Value) -> JsResult<Value> {
        if v.is_number() || v.is_bigint() {
            return Ok(v);
        }
        let p = self.to_primitive(v, Hint::Number)?;
        if p.is_bigint() {
            return Ok(p);
        }
        Ok(Value::number(self.to_number(p)?))
    }

    /// ToIntegerOrInfinity.
    pub fn to_integer_or_infinity(&mut self, v: Value) -> JsResult<f64> {
        if let Some(i) = v.as_int() {
            return Ok(i as f64);
        }
        let n = self.to_number(v)?;
        Ok(integer_part(n))
    }

    pub fn to_int32(&mut self, v: Value) -> JsResult<i32> {
        if let Some(i) = v.as_int() {
            return Ok(i);
        }
        Ok(f64_to_int32(self.to_number(v)?))
    }

    pub fn to_uint32(&mut self, v: Value) -> JsResult<u32> {
        if let Some(i) = v.as_int() {
            return Ok(i as u32);
        }
        Ok(f64_to_int32(self.to_number(v)?) as u32)
    }

    /// ToLength.
    pub fn to_length(&mut self, v: Value) -> JsResult<u64> {
        let n = self.to_integer_or_infinity(v)?;
        if n <= 0.0 {
            return Ok(0);
        }
        Ok(n.min(9007199254740991.0) as u64)
    }

    /// ToIndex.
    pub fn to_index(&mut self, v: Value) -> JsResult<u64> {
        if v.is_undefined() {
            return Ok(0);
        }
        let n = self.to_integer_or_infinity(v)?;
        if !(0.0..=9007199254740991.0).contains(&n) {
            return Err(self.range_error("Invalid index"));
        }
        Ok(n as u64)
    }

    /// ToString, as a string cell.
    pub fn to_string(&mut self, v: Value) -> JsResult<Gc<JsString>> {
        if let Some(s) = v.as_string() {
            return Ok(s);
        }
        if let Some(n) = v.as_number() {
            return Ok(self.number_to_js_string(n));
        }
        let text: &str = match v {
            Value::UNDEFINED => "undefined",
            Value::NULL => "null",
            Value::TRUE => "true",
            Value::FALSE => "false",
            _ if v.is_symbol() => {
                return Err(self.type_error("Cannot convert a Symbol value to a string"))
            }
            _ if v.is_bigint() => {
                let s = v
                    .as_bigint()
                    .map(|b| b.value.to_string())
                    .unwrap_or_default();
                return Ok(self.heap.alloc_str(&s));
            }
            _ if v.is_object() => {
                let p = self.to_primitive(v, Hint::String)?;
                return self.to_string(p);
            }
            _ => "",
        };
        Ok(self.interner.intern_str(&self.heap, text))
    }

    /// ToString into a Rust string (lossy for lone surrogates).
    pub fn to_rust_string(&mut self, v: Value) -> JsResult<String> {
        Ok(self.to_string(v)?.to_rust_string())
    }

    pub fn number_to_js_string(&mut self, n: f64) -> Gc<JsString> {
        // Small non-negative integers (and -0, which prints as "0") are
        // common property keys: intern them.
        if (0.0..256.0).contains(&n) && n.fract() == 0.0 {
            let (b, len) = itoa_small(n as u8);
            let text = std::str::from_utf8(&b[..len]).unwrap_or("0");
            return self.interner.intern_str(&self.heap, text);
        }
        let s = number_to_string(n);
        self.heap.alloc_str(&s)
    }

    /// ToObject.
    pub fn to_object(&mut self, v: Value) -> JsResult<Gc<JsObject>> {
        if let Some(o) = v.as_object() {
            return Ok(o);
        }
        let (class, proto) = if let Some(n) = v.as_number() {
            (ObjectClass::Number(n), Intrinsic::NumberPrototype)
        } else if let Some(s) = v.as_string() {
            (ObjectClass::String(s), Intrinsic::StringPrototype)
        } else if let Some(b) = v.as_bool() {
            (ObjectClass::Boolean(b), Intrinsic::BooleanPrototype)
        } else if let Some(s) = v.as_symbol() {
            (ObjectClass::Symbol(s), Intrinsic::SymbolPrototype)
        } else if let Some(b) = v.as_bigint() {
            (ObjectClass::BigInt(b), Intrinsic::BigIntPrototype)
        } else {
            return Err(self.type_error(&format!("Cannot convert {} to object", self.debug_str(v))));
        };
        let proto = self.intrinsic(proto);
        Ok(self.new_object_with(Some(proto), class))
    }

    /// ToPropertyKey.
    pub fn to_property_key(&mut self, v: Value) -> JsResult<PropertyKey> {
        if let Some(i) = v.as_int() {
            if i >= 0 {
                return Ok(PropertyKey::Index(i as u32));
            }
        }
        if let Some(s) = v.as_string() {
            return Ok(self.key_from_string(s));
        }
        if let Some(s) = v.as_symbol() {
            return Ok(PropertyKey::Symbol(s));
        }
        let p = self.to_primitive(v, Hint::String)?;
        if let Some(s) = p.as_symbol() {
            return Ok(PropertyKey::Symbol(s));
        }
        let s = self.to_string(p)?;
        Ok(self.key_from_string(s))
    }

    /// RequireObjectCoercible.
    pub fn require_object_coercible(&mut self, v: Value) -> JsResult<Value> {
        if v.is_nullish() {
            return Err(self.type_error(&format!("Cannot convert {} to object", self.debug_str(v))));
        }
        Ok(v)
    }

    /// A short description of a value for error messages; never runs JS.
    pub fn debug_str(&self, v: Value) -> String {
        if let Some(s) = v.as_string() {
            let s = s.to_rust_string();
            if s.chars().count() > 40 {
                let cut: String = s.chars().take(40).collect();
                return format!("\"{cut}…\"");
            }
            return format!("\"{s}\"");
        }
        if let Some(n) = v.as_number() {
            return number_to_string(n);
        }
        if let Some(o) = v.as_object() {
            if o.is_callable() {
                return "function".into();
            }
            if o.is_array_exotic() {
                return "array".into();
            }
            return "object".into();
        }
        if let Some(s) = v.as_symbol() {
            return match s.description.as_string() {
                Some(d) => format!("Symbol({})", d.to_rust_string()),
                None => "Symbol()".into(),
            };
        }
        if let Some(b) = v.as_bigint() {
            return format!("{}n", b.value);
        }
        match v {
            Value::UNDEFINED => "undefined".into(),
            Value::NULL => "null".into(),
            Value::TRUE => "true".into(),
            Value::FALSE => "false".into(),
            _ => "value".into(),
        }
    }
}

fn itoa_small(i: u8) -> ([u8; 3], usize) {
    let mut b = [0u8; 3];
    if i >= 100 {
        b[0] = b'0' + i / 100;
        b[1] = b'0' + (i / 10) % 10;
        b[2] = b'0' + i % 10;
        (b, 3)
    } else if i >= 10 {
        b[0] = b'0' + i / 10;
        b[1] = b'0' + i % 10;
        (b, 2)
    } else {
        b[0] = b'0' + i;
        (b, 1)
    }
}

/// The integer part, with NaN → 0 (ToIntegerOrInfinity on a number).
pub fn integer_part(n: f64) -> f64 {
    if n.is_nan() {
        0.0
    } else {
        let t = n.trunc();
        if t == 0.0 {
            0.0
        } else {
            t
        }
    }
}

/// The ToInt32 wrap-around.
pub fn f64_to_int32(n: f64) -> i32 {
    if n.is_finite() && n.abs() < 2147483648.0 {
        return n as i32;
    }
    if !n.is_finite() {
        return 0;
    }
    let m = n.trunc().rem_euclid(4294967296.0);
    m as u32 as i32
}

/// Number::toString(10): shortest round-trip digits, formatted as the spec says.
pub fn number_to_string(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n == 0.0 {
        return "0".into();
    }
    if n.is_infinite() {
        return if n > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    let mut buf = ryu_js::Buffer::new();
    buf.format(n).to_string()
}

fn is_js_whitespace(c: char) -> bool {
    matches!(
        c,
        '\u{9}' | '\u{A}' | '\u{B}' | '\u{C}' | '\u{D}' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}'
    )
}

/// Trim JS whitespace and line terminators from both ends.
pub fn trim_js(s: &str) -> &str {
    s.trim_matches(is_js_whitespace)
}

/// StringToNumber.
pub fn string_to_number(s: &JsString) -> f64 {
    let owned = s.to_rust_string();
    let t = trim_js(&owned);
    if t.is_empty() {
        return 0.0;
    }
    let bytes = t.as_bytes();
    if bytes.len() > 2 && bytes[0] == b'0' {
        let radix = match bytes[1] {
            b'x' | b'X' => 16,
            b'o' | b'O' => 8,
            b'b' | b'B' => 2,
            _ => 0,
        };
        if radix != 0 {
            return parse_radix_digits(&t[2..], radix).unwrap_or(f64::NAN);
        }
    }
    parse_decimal_literal(t).unwrap_or(f64::NAN)
}

/// Parse unsigned digits in `radix` exactly (for 0x/0o/0b literals).
pub fn parse_radix_digits(s: &str, radix: u32) -> Option<f64> {
    if s.is_empty() {
        return None;
    }
    let mut v = 0f64;
    for c in s.chars() {
        let d = c.to_digit(radix)?;
        v = v * radix as f64 + d as f64;
    }
    if radix == 16 && v >= 9007199254740992.0 {
        // Exact rounding for long hex strings via the bigint path.
        let b = num_bigint::BigUint::parse_bytes(s.as_bytes(), radix)?;
        return Some(num_traits::ToPrimitive::to_f64(&b).unwrap_or(f64::INFINITY));
    }
    if radix != 16 && v >= 9007199254740992.0 {
        let b = num_bigint::BigUint::parse_bytes(s.as_bytes(), radix)?;
        return Some(num_traits::ToPrimitive::to_f64(&b).unwrap_or(f64::INFINITY));
    }
    Some(v)
}

/// StrDecimalLiteral: optional sign, Infinity, or digits with optional
/// fraction and exponent. Rust's parser accepts more ("inf", "nan"), so the
/// grammar is checked first.
pub fn parse_decimal_literal(t: &str) -> Option<f64> {
    let (sign, body) = match t.as_bytes().first() {
        Some(b'+') => (1.0, &t[1..]),
        Some(b'-') => (-1.0, &t[1..]),
        _ => (1.0, t),
    };
    if body == "Infinity" {
        return Some(sign * f64::INFINITY);
    }
    let b = body.as_bytes();
    let mut i = 0;
    let mut digits = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    body.parse::<f64>().ok().map(|v| sign * v)
}
