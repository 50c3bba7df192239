//! TypedArray element types and the conversions between language values
//! and raw bytes: NumericToRawBytes (#sec-numerictorawbytes) and
//! RawBytesToNumeric (#sec-rawbytestonumeric).
//!
//! Raw element bytes travel as a `u64` holding the element's bytes in
//! little-endian order in its low `size()` bytes.

use crate::ops::conversion::f64_to_int32;
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use num_bigint::BigInt;
use num_traits::Signed;

/// A TypedArray element type (#table-the-typedarray-constructors).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum ElementType {
    Int8,
    Uint8,
    Uint8Clamped,
    Int16,
    Uint16,
    Int32,
    Uint32,
    BigInt64,
    BigUint64,
    Float16,
    Float32,
    Float64,
}

impl ElementType {
    pub const ALL: [ElementType; 12] = [
        ElementType::Int8,
        ElementType::Uint8,
        ElementType::Uint8Clamped,
        ElementType::Int16,
        ElementType::Uint16,
        ElementType::Int32,
        ElementType::Uint32,
        ElementType::BigInt64,
        ElementType::BigUint64,
        ElementType::Float16,
        ElementType::Float32,
        ElementType::Float64,
    ];

    /// Element Size.
    pub fn size(self) -> usize {
        match self {
            ElementType::Int8 | ElementType::Uint8 | ElementType::Uint8Clamped => 1,
            ElementType::Int16 | ElementType::Uint16 | ElementType::Float16 => 2,
            ElementType::Int32 | ElementType::Uint32 | ElementType::Float32 => 4,
            ElementType::BigInt64 | ElementType::BigUint64 | ElementType::Float64 => 8,
        }
    }

    /// The constructor name ([[TypedArrayName]]).
    pub fn name(self) -> &'static str {
        match self {
            ElementType::Int8 => "Int8Array",
            ElementType::Uint8 => "Uint8Array",
            ElementType::Uint8Clamped => "Uint8ClampedArray",
            ElementType::Int16 => "Int16Array",
            ElementType::Uint16 => "Uint16Array",
            ElementType::Int32 => "Int32Array",
            ElementType::Uint32 => "Uint32Array",
            ElementType::BigInt64 => "BigInt64Array",
            ElementType::BigUint64 => "BigUint64Array",
            ElementType::Float16 => "Float16Array",
            ElementType::Float32 => "Float32Array",
            ElementType::Float64 => "Float64Array",
        }
    }

    /// IsBigIntElementType: [[ContentType]] is ~bigint~.
    pub fn is_bigint(self) -> bool {
        matches!(self, ElementType::BigInt64 | ElementType::BigUint64)
    }

    /// IsUnclampedIntegerElementType.
    pub fn is_unclamped_integer(self) -> bool {
        matches!(
            self,
            ElementType::Int8
                | ElementType::Uint8
                | ElementType::Int16
                | ElementType::Uint16
                | ElementType::Int32
                | ElementType::Uint32
        )
    }

    pub fn constructor_intrinsic(self) -> Intrinsic {
        match self {
            ElementType::Int8 => Intrinsic::Int8Array,
            ElementType::Uint8 => Intrinsic::Uint8Array,
            ElementType::Uint8Clamped => Intrinsic::Uint8ClampedArray,
            ElementType::Int16 => Intrinsic::Int16Array,
            ElementType::Uint16 => Intrinsic::Uint16Array,
            ElementType::Int32 => Intrinsic::Int32Array,
            ElementType::Uint32 => Intrinsic::Uint32Array,
            ElementType::BigInt64 => Intrinsic::BigInt64Array,
            ElementType::BigUint64 => Intrinsic::BigUint64Array,
            ElementType::Float16 => Intrinsic::Float16Array,
            ElementType::Float32 => Intrinsic::Float32Array,
            ElementType::Float64 => Intrinsic::Float64Array,
        }
    }

    pub fn prototype_intrinsic(self) -> Intrinsic {
        match self {
            ElementType::Int8 => Intrinsic::Int8ArrayPrototype,
            ElementType::Uint8 => Intrinsic::Uint8ArrayPrototype,
            ElementType::Uint8Clamped => Intrinsic::Uint8ClampedArrayPrototype,
            ElementType::Int16 => Intrinsic::Int16ArrayPrototype,
            ElementType::Uint16 => Intrinsic::Uint16ArrayPrototype,
            ElementType::Int32 => Intrinsic::Int32ArrayPrototype,
            ElementType::Uint32 => Intrinsic::Uint32ArrayPrototype,
            ElementType::BigInt64 => Intrinsic::BigInt64ArrayPrototype,
            ElementType::BigUint64 => Intrinsic::BigUint64ArrayPrototype,
            ElementType::Float16 => Intrinsic::Float16ArrayPrototype,
            ElementType::Float32 => Intrinsic::Float32ArrayPrototype,
            ElementType::Float64 => Intrinsic::Float64ArrayPrototype,
        }
    }
}

/// A Number or a BigInt, converted for storing into an element.
#[derive(Clone, Debug)]
pub enum Numeric {
    Number(f64),
    BigInt(BigInt),
}

/// ToBigInt for ~bigint~ content, ToNumber otherwise.
pub fn to_numeric_for(vm: &mut Vm, ty: ElementType, v: Value) -> JsResult<Numeric> {
    if ty.is_bigint() {
        Ok(Numeric::BigInt(
            crate::builtins::numbers::bigint::to_bigint(vm, v)?,
        ))
    } else {
        Ok(Numeric::Number(vm.to_number(v)?))
    }
}

/// A language value that is already a Number or BigInt, as a Numeric.
pub fn numeric_of_value(v: Value) -> Numeric {
    match v.as_bigint() {
        Some(b) => Numeric::BigInt(b.value.clone()),
        None => Numeric::Number(v.as_number().unwrap_or(f64::NAN)),
    }
}

/// NumericToRawBytes (#sec-numerictorawbytes), little-endian.
pub fn encode(ty: ElementType, v: &Numeric) -> u64 {
    match v {
        Numeric::Number(n) => encode_number(ty, *n),
        Numeric::BigInt(b) => encode_bigint(b),
    }
}

/// The raw bits of a Number stored as `ty`.
pub fn encode_number(ty: ElementType, n: f64) -> u64 {
    match ty {
        ElementType::Int8
        | ElementType::Uint8
        | ElementType::Int16
        | ElementType::Uint16
        | ElementType::Int32
        | ElementType::Uint32 => f64_to_int32(n) as u32 as u64,
        ElementType::Uint8Clamped => to_uint8_clamp(n) as u64,
        ElementType::Float16 => f64_to_f16_bits(n) as u64,
        ElementType::Float32 => (n as f32).to_bits() as u64,
        ElementType::Float64 => n.to_bits(),
        // Content types always match; a Number never reaches a BigInt element.
        ElementType::BigInt64 | ElementType::BigUint64 => 0,
    }
}

/// ToBigInt64 / ToBigUint64 bits: the value modulo 2^64.
pub fn encode_bigint(b: &BigInt) -> u64 {
    let bytes = b.to_signed_bytes_le();
    let fill = if b.is_negative() { 0xff } else { 0 };
    let mut raw = [0u8; 8];
    for (i, r) in raw.iter_mut().enumerate() {
        *r = bytes.get(i).copied().unwrap_or(fill);
    }
    u64::from_le_bytes(raw)
}

/// RawBytesToNumeric (#sec-rawbytestonumeric).
pub fn decode(vm: &mut Vm, ty: ElementType, raw: u64) -> Value {
    match ty {
        ElementType::BigInt64 => vm.new_bigint(BigInt::from(raw as i64)),
        ElementType::BigUint64 => vm.new_bigint(BigInt::from(raw)),
        _ => Value::number(decode_number(ty, raw)),
    }
}

/// RawBytesToNumeric for Number element types.
pub fn decode_number(ty: ElementType, raw: u64) -> f64 {
    match ty {
        ElementType::Int8 => raw as u8 as i8 as f64,
        ElementType::Uint8 | ElementType::Uint8Clamped => raw as u8 as f64,
        ElementType::Int16 => raw as u16 as i16 as f64,
        ElementType::Uint16 => raw as u16 as f64,
        ElementType::Int32 => raw as u32 as i32 as f64,
        ElementType::Uint32 => raw as u32 as f64,
        ElementType::Float16 => f16_bits_to_f64(raw as u16),
        ElementType::Float32 => f32::from_bits(raw as u32) as f64,
        ElementType::Float64 => f64::from_bits(raw),
        ElementType::BigInt64 => raw as i64 as f64,
        ElementType::BigUint64 => raw as f64,
    }
}

/// ToUint8Clamp (#sec-touint8clamp).
pub fn to_uint8_clamp(n: f64) -> u8 {
    if n.is_nan() || n <= 0.0 {
        return 0;
    }
    if n >= 255.0 {
        return 255;
    }
    let f = n.floor();
    let d = n - f;
    let r = if d > 0.5 || (d == 0.5 && f % 2.0 != 0.0) {
        f + 1.0
    } else {
        f
    };
    r as u8
}

/// Round half to even for a non-negative value below 2^52.
fn round_half_even(m: f64) -> f64 {
    let f = m.floor();
    let d = m - f;
    if d > 0.5 || (d == 0.5 && f % 2.0 != 0.0) {
        f + 1.0
    } else {
        f
    }
}

/// IEEE 754 binary16 bits of `x`, rounded to nearest, ties to even.
pub fn f64_to_f16_bits(x: f64) -> u16 {
    let sign: u16 = if x.is_sign_negative() { 0x8000 } else { 0 };
    if x.is_nan() {
        return 0x7e00;
    }
    let a = x.abs();
    if a.is_infinite() {
        return sign | 0x7c00;
    }
    if a == 0.0 {
        return sign;
    }
    // The quantum at a's binade: 2^(e-10) for normals, 2^-24 below 2^-14.
    let e = ((a.to_bits() >> 52) & 0x7ff) as i32 - 1023;
    let quantum = if e >= -14 {
        2f64.powi(e - 10)
    } else {
        2f64.powi(-24)
    };
    let v = round_half_even(a / quantum) * quantum;
    if v >= 65536.0 {
        return sign | 0x7c00;
    }
    if v < 2f64.powi(-14) {
        // Subnormal (or zero): the significand counts 2^-24 steps.
        return sign | (v * 2f64.powi(24)) as u16;
    }
    let ve = ((v.to_bits() >> 52) & 0x7ff) as i32 - 1023;
    let mant = ((v / 2f64.powi(ve) - 1.0) * 1024.0) as u16;
    sign | (((ve + 15) as u16) << 10) | mant
}

/// The value of IEEE 754 binary16 bits.
pub fn f16_bits_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let e = ((h >> 10) & 0x1f) as i32;
    let m = (h & 0x3ff) as f64;
    if e == 0 {
        sign * m * 2f64.powi(-24)
    } else if e == 31 {
        if m == 0.0 {
            sign * f64::INFINITY
        } else {
            f64::NAN
        }
    } else {
        sign * (1024.0 + m) * 2f64.powi(e - 25)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f16_round_trip() {
        for h in 0..=u16::MAX {
            let v = f16_bits_to_f64(h);
            if v.is_nan() {
                continue;
            }
            assert_eq!(f64_to_f16_bits(v), h, "bits {h:#x}");
        }
    }

    #[test]
    fn f16_rounding() {
        assert_eq!(f16_bits_to_f64(f64_to_f16_bits(65519.99)), 65504.0);
        assert_eq!(f16_bits_to_f64(f64_to_f16_bits(65520.0)), f64::INFINITY);
        assert_eq!(f64_to_f16_bits(2f64.powi(-25)), 0);
        assert_eq!(f64_to_f16_bits(2f64.powi(-25) * 1.0000001), 1);
        assert_eq!(f64_to_f16_bits(1.0 + 2f64.powi(-11)), 0x3c00);
        assert_eq!(f64_to_f16_bits(1.0 + 3.0 * 2f64.powi(-11)), 0x3c02);
    }

    #[test]
    fn clamp() {
        assert_eq!(to_uint8_clamp(0.5), 0);
        assert_eq!(to_uint8_clamp(1.5), 2);
        assert_eq!(to_uint8_clamp(2.5), 2);
        assert_eq!(to_uint8_clamp(254.5), 254);
        assert_eq!(to_uint8_clamp(-1.0), 0);
        assert_eq!(to_uint8_clamp(300.0), 255);
    }
}
