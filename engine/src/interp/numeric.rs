//! Fast paths shared by the register, branch and constant/immediate forms of
//! the numeric instructions (`Lt`, `JmpLt`, `JmpLtK`; `Mul`, `MulI`; …), so
//! each operator's semantics is written once.

use crate::value::Value;
use crate::vm::{JsResult, Vm};

/// A relational operator.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Rel {
    Lt,
    Gt,
    Le,
    Ge,
}

impl Rel {
    /// `a rel b`: int32 and double operands inline, anything else through
    /// IsLessThan (strings, BigInts, objects with `valueOf`).
    #[inline(always)]
    pub(super) fn eval(self, vm: &mut Vm, a: Value, b: Value) -> JsResult<bool> {
        if let (Some(x), Some(y)) = (a.as_int(), b.as_int()) {
            return Ok(match self {
                Rel::Lt => x < y,
                Rel::Gt => x > y,
                Rel::Le => x <= y,
                Rel::Ge => x >= y,
            });
        }
        if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
            return Ok(match self {
                Rel::Lt => x < y,
                Rel::Gt => x > y,
                Rel::Le => x <= y,
                Rel::Ge => x >= y,
            });
        }
        self.slow(vm, a, b)
    }

    /// The spec's IsLessThan steps: `a > b` is `b < a`, and `a <= b` is
    /// "`b < a` is false" (undefined, from NaN, makes both false).
    #[inline(never)]
    fn slow(self, vm: &mut Vm, a: Value, b: Value) -> JsResult<bool> {
        match self {
            Rel::Lt => vm.is_less_than(a, b, true).map(|r| r == Some(true)),
            Rel::Gt => vm.is_less_than(b, a, false).map(|r| r == Some(true)),
            Rel::Le => vm.is_less_than(b, a, false).map(|r| r == Some(false)),
            Rel::Ge => vm.is_less_than(a, b, true).map(|r| r == Some(false)),
        }
    }
}

/// `x + y` for int32 operands (overflow becomes a double).
#[inline(always)]
pub(super) fn add_int(x: i32, y: i32) -> Value {
    x.checked_add(y)
        .map_or(Value::double(x as f64 + y as f64), Value::int)
}

/// `x - y` for int32 operands (overflow becomes a double).
#[inline(always)]
pub(super) fn sub_int(x: i32, y: i32) -> Value {
    x.checked_sub(y)
        .map_or(Value::double(x as f64 - y as f64), Value::int)
}

/// `x * y` for int32 operands (-0 and overflow become doubles).
#[inline(always)]
pub(super) fn mul_int(x: i32, y: i32) -> Value {
    match x.checked_mul(y) {
        Some(0) if x < 0 || y < 0 => Value::double(-0.0),
        Some(z) => Value::int(z),
        None => Value::double(x as f64 * y as f64),
    }
}

/// `x % y` for int32 operands (the sign follows the dividend; % 0 is NaN).
#[inline(always)]
pub(super) fn mod_int(x: i32, y: i32) -> Value {
    if y > 0 && x >= 0 {
        Value::int(x % y)
    } else {
        Value::number(js_fmod(x as f64, y as f64))
    }
}

pub(super) use crate::ops::operators::js_fmod;

#[inline(always)]
pub(super) fn and_int(x: i32, y: i32) -> Value {
    Value::int(x & y)
}

#[inline(always)]
pub(super) fn or_int(x: i32, y: i32) -> Value {
    Value::int(x | y)
}

#[inline(always)]
pub(super) fn xor_int(x: i32, y: i32) -> Value {
    Value::int(x ^ y)
}

#[inline(always)]
pub(super) fn shl_int(x: i32, y: i32) -> Value {
    Value::int(x.wrapping_shl(y as u32 & 31))
}

#[inline(always)]
pub(super) fn sar_int(x: i32, y: i32) -> Value {
    Value::int(x >> (y as u32 & 31))
}

#[inline(always)]
pub(super) fn shr_int(x: i32, y: i32) -> Value {
    Value::number(((x as u32) >> (y as u32 & 31)) as f64)
}
