//! The semantics of the binary and unary operators (spec: "ECMAScript
//! Language: Expressions"), for any operand types. The interpreter inlines
//! int32/double fast paths and calls these for everything else.

use super::conversion::{f64_to_int32, Hint};
use crate::bigint::JsBigInt;
use crate::object::PropertyKey;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum BinOp {
    Sub,
    Mul,
    Div,
    Mod,
    Exp,
    BitAnd,
    BitOr,
    BitXor,
    Shl,
    Sar,
    Shr,
}

impl Vm {
    pub fn new_bigint(&mut self, b: BigInt) -> Value {
        Value::bigint(self.heap.alloc(JsBigInt { value: b }))
    }

    /// The `+` operator.
    pub fn op_add(&mut self, a: Value, b: Value) -> JsResult<Value> {
        if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
            return Ok(Value::number(x + y));
        }
        if let (Some(x), Some(y)) = (a.as_string(), b.as_string()) {
            return self.concat_strings(x, y);
        }
        let lp = self.to_primitive(a, Hint::Default)?;
        let rp = self.to_primitive(b, Hint::Default)?;
        if lp.is_string() || rp.is_string() {
            let ls = self.to_string(lp)?;
            let rs = self.to_string(rp)?;
            return self.concat_strings(ls, rs);
        }
        self.numeric_op(lp, rp, None)
    }

    pub fn concat_strings(
        &mut self,
        x: crate::gc::Gc<crate::string::JsString>,
        y: crate::gc::Gc<crate::string::JsString>,
    ) -> JsResult<Value> {
        if x.is_empty() {
            return Ok(Value::string(y));
        }
        if y.is_empty() {
            return Ok(Value::string(x));
        }
        if x.len() + y.len() > crate::string::MAX_STRING_LENGTH {
            return Err(self.range_error("Invalid string length"));
        }
        let total = x.len() + y.len();
        if total >= crate::string::ROPE_MIN_LENGTH {
            // A rope: O(1) now, the characters are copied once when first
            // read (string.rs). Its eventual flat copy counts toward the
            // heap cap now, so `s += s` cannot outrun it.
            if total >= 1 << 16 {
                self.check_heap_room(total.saturating_mul(2))?;
            }
            return Ok(Value::string(self.heap.alloc_rope(x, y)));
        }
        let s = match (x.as_latin1(), y.as_latin1()) {
            (Some(a), Some(b)) => {
                let mut v = Vec::with_capacity(a.len() + b.len());
                v.extend_from_slice(a);
                v.extend_from_slice(b);
                self.heap.alloc_latin1(&v)
            }
            _ => {
                let mut v: Vec<u16> = Vec::with_capacity(x.len() + y.len());
                v.extend(x.units());
                v.extend(y.units());
                self.heap.alloc_utf16(&v)
            }
        };
        Ok(Value::string(s))
    }

    /// Arithmetic and bitwise operators other than `+`.
    pub fn op_binary(&mut self, op: BinOp, a: Value, b: Value) -> JsResult<Value> {
        let l = self.to_numeric(a)?;
        let r = self.to_numeric(b)?;
        self.numeric_op(l, r, Some(op))
    }

    /// `op` on two numerics; None means addition.
    fn numeric_op(&mut self, l: Value, r: Value, op: Option<BinOp>) -> JsResult<Value> {
        if l.is_bigint() || r.is_bigint() {
            let (Some(x), Some(y)) = (l.as_bigint(), r.as_bigint()) else {
                if l.is_bigint() != r.is_bigint() && (l.is_number() || r.is_number())
                    || l.is_bigint() != r.is_bigint()
                {
                    return Err(self.type_error(
                        "Cannot mix BigInt and other types, use explicit conversions",
                    ));
                }
                unreachable_numeric();
                return Ok(Value::UNDEFINED);
            };
            return self.bigint_op(&x.value, &y.value, op);
        }
        let x = self.to_number(l)?;
        let y = self.to_number(r)?;
        Ok(number_op(x, y, op))
    }

    fn bigint_op(&mut self, x: &BigInt, y: &BigInt, op: Option<BinOp>) -> JsResult<Value> {
        let r = match op {
            None => x + y,
            Some(BinOp::Sub) => x - y,
            Some(BinOp::Mul) => {
                if x.bits() + y.bits() > MAX_BIGINT_BITS {
                    return Err(self.range_error("Maximum BigInt size exceeded"));
                }
                x * y
            }
            Some(BinOp::Div) => {
                if y.is_zero() {
                    return Err(self.range_error("Division by zero"));
                }
                x / y
            }
            Some(BinOp::Mod) => {
                if y.is_zero() {
                    return Err(self.range_error("Division by zero"));
                }
                x % y
            }
            Some(BinOp::Exp) => {
                if y.is_negative() {
                    return Err(self.range_error("Exponent must be non-negative"));
                }
                let Some(e) = y.to_u32() else {
                    if x.is_zero() || x == &BigInt::from(1) {
                        return Ok(self.new_bigint(x.clone()));
                    }
                    return Err(self.range_error("Maximum BigInt size exceeded"));
                };
                if x.bits().saturating_mul(e as u64) > MAX_BIGINT_BITS {
                    return Err(self.range_error("Maximum BigInt size exceeded"));
                }
                num_traits::pow(x.clone(), e as usize)
            }
            Some(BinOp::BitAnd) => x & y,
            Some(BinOp::BitOr) => x | y,
            Some(BinOp::BitXor) => x ^ y,
            Some(BinOp::Shl) | Some(BinOp::Sar) => {
                let Some(mut s) = y.to_i64() else {
                    return Err(self.range_error("Maximum BigInt size exceeded"));
                };
                if op == Some(BinOp::Sar) {
                    s = -s;
                }
                if s >= 0 {
                    if x.bits() + s as u64 > MAX_BIGINT_BITS {
                        return Err(self.range_error("Maximum BigInt size exceeded"));
                    }
                    x << (s as usize)
                } else {
                    let sh = (-s).min(u32::MAX as i64) as usize;
                    // Arithmetic shift right rounds toward -infinity.
                    if x.is_negative() {
                        let one = BigInt::from(1);
                        -(((-x) - &one) >> sh) - one
                    } else {
                        x >> sh
                    }
                }
            }
            Some(BinOp::Shr) => {
                return Err(self.type_error("BigInts have no unsigned right shift, use >> instead"))
            }
        };
        Ok(self.new_bigint(r))
    }

    /// IsLessThan: Some(true/false), or None for undefined (NaN involved).
    pub fn is_less_than(&mut self, a: Value, b: Value, left_first: bool) -> JsResult<Option<bool>> {
        let (px, py) = if left_first {
            let px = self.to_primitive(a, Hint::Number)?;
            let py = self.to_primitive(b, Hint::Number)?;
            (px, py)
        } else {
            let py = self.to_primitive(b, Hint::Number)?;
            let px = self.to_primitive(a, Hint::Number)?;
            (px, py)
        };
        if let (Some(x), Some(y)) = (px.as_string(), py.as_string()) {
            return Ok(Some(x.compare(&y) == std::cmp::Ordering::Less));
        }
        if let (Some(x), Some(s)) = (px.as_bigint(), py.as_string()) {
            return Ok(string_to_bigint(&s.to_rust_string()).map(|y| x.value < y));
        }
        if let (Some(s), Some(y)) = (px.as_string(), py.as_bigint()) {
            return Ok(string_to_bigint(&s.to_rust_string()).map(|x| x < y.value));
        }
        let nx = self.to_numeric(px)?;
        let ny = self.to_numeric(py)?;
        match (nx.as_bigint(), ny.as_bigint()) {
            (Some(x), Some(y)) => Ok(Some(x.value < y.value)),
            (Some(x), None) => Ok(compare_bigint_number(
                &x.value,
                ny.as_number().unwrap_or(f64::NAN),
            )
            .map(|o| o == std::cmp::Ordering::Less)),
            (None, Some(y)) => Ok(compare_bigint_number(
                &y.value,
                nx.as_number().unwrap_or(f64::NAN),
            )
            .map(|o| o == std::cmp::Ordering::Greater)),
            (None, None) => {
                let x = nx.as_number().unwrap_or(f64::NAN);
                let y = ny.as_number().unwrap_or(f64::NAN);
                if x.is_nan() || y.is_nan() {
                    Ok(None)
                } else {
                    Ok(Some(x < y))
                }
            }
        }
    }

    /// IsStrictlyEqual.
    pub fn strict_equals(&self, a: Value, b: Value) -> bool {
        if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
            return x == y;
        }
        if a == b {
            return true;
        }
        if let (Some(x), Some(y)) = (a.as_string(), b.as_string()) {
            return x.content_eq(&y);
        }
        if let (Some(x), Some(y)) = (a.as_bigint(), b.as_bigint()) {
            return x.value == y.value;
        }
        false
    }

    /// IsLooselyEqual.
    pub fn loose_equals(&mut self, a: Value, b: Value) -> JsResult<bool> {
        if same_type(a, b) {
            return Ok(self.strict_equals(a, b));
        }
        if a.is_nullish() && b.is_nullish() {
            return Ok(true);
        }
        if let (Some(x), Some(s)) = (a.as_number(), b.as_string()) {
            return Ok(x == super::conversion::string_to_number(&s));
        }
        if let (Some(s), Some(y)) = (a.as_string(), b.as_number()) {
            return Ok(super::conversion::string_to_number(&s) == y);
        }
        if let (Some(x), Some(s)) = (a.as_bigint(), b.as_string()) {
            return Ok(string_to_bigint(&s.to_rust_string()).is_some_and(|y| x.value == y));
        }
        if a.is_string() && b.is_bigint() {
            return self.loose_equals(b, a);
        }
        if a.is_bool() {
            let n = Value::number(if a == Value::TRUE { 1.0 } else { 0.0 });
            return self.loose_equals(n, b);
        }
        if b.is_bool() {
            let n = Value::number(if b == Value::TRUE { 1.0 } else { 0.0 });
            return self.loose_equals(a, n);
        }
        let prim = |v: Value| v.is_number() || v.is_string() || v.is_bigint() || v.is_symbol();
        if prim(a) && b.is_object() {
            let p = self.to_primitive(b, Hint::Default)?;
            return self.loose_equals(a, p);
        }
        if a.is_object() && prim(b) {
            let p = self.to_primitive(a, Hint::Default)?;
            return self.loose_equals(p, b);
        }
        if let (Some(x), Some(y)) = (a.as_bigint(), b.as_number()) {
            return Ok(compare_bigint_number(&x.value, y) == Some(std::cmp::Ordering::Equal));
        }
        if let (Some(x), Some(y)) = (a.as_number(), b.as_bigint()) {
            return Ok(compare_bigint_number(&y.value, x) == Some(std::cmp::Ordering::Equal));
        }
        Ok(false)
    }

    /// The `typeof` operator.
    pub fn type_of(&mut self, v: Value) -> Value {
        let s = if let Some(o) = v.as_object() {
            if o.is_callable() {
                "function"
            } else {
                "object"
            }
        } else {
            v.type_name()
        };
        let k = self.interner.intern_str(&self.heap, s);
        Value::string(k)
    }

    /// InstanceofOperator.
    pub fn instance_of(&mut self, v: Value, target: Value) -> JsResult<bool> {
        if !target.is_object() {
            return Err(self.type_error("Right-hand side of 'instanceof' is not an object"));
        }
        let key = PropertyKey::Symbol(self.symbols.has_instance);
        if let Some(h) = self.get_method(target, key)? {
            // The inherited %Function.prototype%[@@hasInstance] is
            // OrdinaryHasInstance: run it without a native call (it was
            // 6% of earley-boyer).
            if let Some(ho) = h.as_object() {
                if let crate::object::ObjectClass::NativeFunction(n) = &ho.class {
                    if n.f as usize
                        == (crate::builtins::fundamental::function::has_instance
                            as crate::function::NativeFn) as usize
                    {
                        let saved = self.realm;
                        if let Some(r) = n.realm {
                            self.realm = r;
                        }
                        let r = self.ordinary_has_instance(target, v);
                        self.realm = saved;
                        return r;
                    }
                }
            }
            let r = self.call(h, target, &[v])?;
            return Ok(self.to_boolean(r));
        }
        if !crate::object::class::value_is_callable(target) {
            return Err(self.type_error("Right-hand side of 'instanceof' is not callable"));
        }
        self.ordinary_has_instance(target, v)
    }

    /// OrdinaryHasInstance.
    pub fn ordinary_has_instance(&mut self, c: Value, v: Value) -> JsResult<bool> {
        let Some(co) = c.as_object() else {
            return Ok(false);
        };
        if !co.is_callable() {
            return Ok(false);
        }
        if let crate::object::ObjectClass::BoundFunction(b) = &co.class {
            let t = Value::object(b.target);
            return self.instance_of(v, t);
        }
        let Some(mut o) = v.as_object() else {
            return Ok(false);
        };
        let key = self.names.prototype;
        let p = self.get_prop(co, key)?;
        let Some(p) = p.as_object() else {
            return Err(self.type_error("Function has non-object prototype in instanceof check"));
        };
        loop {
            match self.get_prototype_of(o)? {
                None => return Ok(false),
                Some(x) if x == p => return Ok(true),
                Some(x) => o = x,
            }
        }
    }

    /// The `in` operator.
    pub fn op_in(&mut self, key: Value, target: Value) -> JsResult<bool> {
        let Some(o) = target.as_object() else {
            return Err(
                self.type_error("Cannot use 'in' operator to search for a key in a non-object")
            );
        };
        let k = self.to_property_key(key)?;
        self.has_property(o, k)
    }

    /// Unary minus.
    pub fn op_neg(&mut self, v: Value) -> JsResult<Value> {
        let n = self.to_numeric(v)?;
        if let Some(b) = n.as_bigint() {
            let r = -b.value.clone();
            return Ok(self.new_bigint(r));
        }
        Ok(Value::number(-n.as_number().unwrap_or(f64::NAN)))
    }

    /// Bitwise not.
    pub fn op_bitnot(&mut self, v: Value) -> JsResult<Value> {
        let n = self.to_numeric(v)?;
        if let Some(b) = n.as_bigint() {
            let r = -(b.value.clone()) - 1;
            return Ok(self.new_bigint(r));
        }
        Ok(Value::int(!f64_to_int32(n.as_number().unwrap_or(f64::NAN))))
    }

    /// `++`/`--` on a numeric: returns the new value.
    pub fn op_inc(&mut self, v: Value, delta: i32) -> JsResult<Value> {
        let n = self.to_numeric(v)?;
        if let Some(b) = n.as_bigint() {
            let r = &b.value + delta;
            return Ok(self.new_bigint(r));
        }
        Ok(Value::number(
            n.as_number().unwrap_or(f64::NAN) + delta as f64,
        ))
    }
}

const MAX_BIGINT_BITS: u64 = 1 << 30;

fn unreachable_numeric() {}

fn same_type(a: Value, b: Value) -> bool {
    (a.is_number() && b.is_number())
        || (a.is_string() && b.is_string())
        || (a.is_bool() && b.is_bool())
        || (a.is_undefined() && b.is_undefined())
        || (a.is_null() && b.is_null())
        || (a.is_symbol() && b.is_symbol())
        || (a.is_bigint() && b.is_bigint())
        || (a.is_object() && b.is_object())
}

/// Number arithmetic; `op` None is addition.
pub fn number_op(x: f64, y: f64, op: Option<BinOp>) -> Value {
    match op {
        None => Value::number(x + y),
        Some(BinOp::Sub) => Value::number(x - y),
        Some(BinOp::Mul) => Value::number(x * y),
        Some(BinOp::Div) => Value::number(x / y),
        Some(BinOp::Mod) => Value::number(js_fmod(x, y)),
        Some(BinOp::Exp) => Value::number(js_pow(x, y)),
        Some(BinOp::BitAnd) => Value::int(f64_to_int32(x) & f64_to_int32(y)),
        Some(BinOp::BitOr) => Value::int(f64_to_int32(x) | f64_to_int32(y)),
        Some(BinOp::BitXor) => Value::int(f64_to_int32(x) ^ f64_to_int32(y)),
        Some(BinOp::Shl) => Value::int(f64_to_int32(x).wrapping_shl(f64_to_int32(y) as u32 & 31)),
        Some(BinOp::Sar) => Value::int(f64_to_int32(x) >> (f64_to_int32(y) as u32 & 31)),
        Some(BinOp::Shr) => {
            Value::number(((f64_to_int32(x) as u32) >> (f64_to_int32(y) as u32 & 31)) as f64)
        }
    }
}

/// `%` on numbers: the sign follows the dividend.
pub fn js_fmod(x: f64, y: f64) -> f64 {
    if y.is_infinite() && x.is_finite() {
        return x;
    }
    let r = x % y;
    if r == 0.0 {
        0.0f64.copysign(x)
    } else {
        r
    }
}

/// Number::exponentiate (differs from powf for NaN exponents and ±1 bases).
pub fn js_pow(x: f64, y: f64) -> f64 {
    if y.is_nan() {
        return f64::NAN;
    }
    if y == 0.0 {
        return 1.0;
    }
    if (x == 1.0 || x == -1.0) && y.is_infinite() {
        return f64::NAN;
    }
    x.powf(y)
}

/// StringToBigInt: None if the string is not a valid integer literal.
pub fn string_to_bigint(s: &str) -> Option<BigInt> {
    let t = super::conversion::trim_js(s);
    if t.is_empty() {
        return Some(BigInt::zero());
    }
    let b = t.as_bytes();
    if b.len() > 2 && b[0] == b'0' {
        let radix = match b[1] {
            b'x' | b'X' => 16,
            b'o' | b'O' => 8,
            b'b' | b'B' => 2,
            _ => 0,
        };
        if radix != 0 {
            if !t[2..].chars().all(|c| c.is_digit(radix)) {
                return None;
            }
            return BigInt::parse_bytes(&b[2..], radix);
        }
    }
    let (neg, digits) = match b[0] {
        b'+' => (false, &t[1..]),
        b'-' => (true, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let v = BigInt::parse_bytes(digits.as_bytes(), 10)?;
    Some(if neg { -v } else { v })
}

/// Compare a BigInt with a Number exactly; None if the number is NaN.
pub fn compare_bigint_number(x: &BigInt, y: f64) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering;
    if y.is_nan() {
        return None;
    }
    if y == f64::INFINITY {
        return Some(Ordering::Less);
    }
    if y == f64::NEG_INFINITY {
        return Some(Ordering::Greater);
    }
    let fl = y.floor();
    let yb = BigInt::from(fl as i128);
    let big = if fl.abs() < 1e38 {
        yb
    } else {
        // Exact conversion of a large integral double.
        num_bigint::BigInt::from_biguint(
            if fl < 0.0 {
                num_bigint::Sign::Minus
            } else {
                num_bigint::Sign::Plus
            },
            num_bigint::BigUint::from_bytes_le(&f64_int_to_bytes(fl.abs())),
        )
    };
    match x.cmp(&big) {
        Ordering::Equal => {
            if fl < y {
                Some(Ordering::Less)
            } else {
                Some(Ordering::Equal)
            }
        }
        o => Some(o),
    }
}

fn f64_int_to_bytes(v: f64) -> Vec<u8> {
    // v is a non-negative integral double: mantissa * 2^exp.
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1075;
    let mant = (bits & ((1u64 << 52) - 1)) | (1u64 << 52);
    let b = num_bigint::BigUint::from(mant);
    let r = if exp >= 0 {
        b << exp as usize
    } else {
        b >> (-exp) as usize
    };
    r.to_bytes_le()
}
