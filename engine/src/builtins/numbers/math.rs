//! The Math object (#sec-math-object).

use crate::builtins::{global_binding, method, value};
use crate::function::{Args, NativeFn};
use crate::object::{Attrs, ObjectClass, PropertyKey};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let math = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    vm.realm.set_intrinsic(Intrinsic::Math, math);
    for (name, v) in [
        ("E", std::f64::consts::E),
        ("LN10", std::f64::consts::LN_10),
        ("LN2", std::f64::consts::LN_2),
        ("LOG10E", std::f64::consts::LOG10_E),
        ("LOG2E", std::f64::consts::LOG2_E),
        ("PI", std::f64::consts::PI),
        ("SQRT1_2", std::f64::consts::FRAC_1_SQRT_2),
        ("SQRT2", std::f64::consts::SQRT_2),
    ] {
        value(vm, math, name, Value::number(v), Attrs::NONE);
    }
    let unary: [(&str, NativeFn); 26] = [
        ("abs", |vm, _, a, _| un(vm, a, f64::abs)),
        ("acos", |vm, _, a, _| un(vm, a, f64::acos)),
        ("acosh", |vm, _, a, _| un(vm, a, f64::acosh)),
        ("asin", |vm, _, a, _| un(vm, a, f64::asin)),
        ("asinh", |vm, _, a, _| {
            un(vm, a, |x| if x == 0.0 { x } else { x.asinh() })
        }),
        ("atan", |vm, _, a, _| un(vm, a, f64::atan)),
        ("atanh", |vm, _, a, _| {
            un(vm, a, |x| if x == 0.0 { x } else { x.atanh() })
        }),
        ("cbrt", |vm, _, a, _| un(vm, a, f64::cbrt)),
        ("ceil", |vm, _, a, _| un(vm, a, f64::ceil)),
        ("clz32", |vm, _, a, _| {
            let n = vm.to_uint32(a.get(0))?;
            Ok(Value::int(n.leading_zeros() as i32))
        }),
        ("cos", |vm, _, a, _| un(vm, a, f64::cos)),
        ("cosh", |vm, _, a, _| un(vm, a, f64::cosh)),
        ("exp", |vm, _, a, _| un(vm, a, f64::exp)),
        ("expm1", |vm, _, a, _| {
            un(vm, a, |x| if x == 0.0 { x } else { x.exp_m1() })
        }),
        ("floor", |vm, _, a, _| un(vm, a, f64::floor)),
        ("fround", |vm, _, a, _| un(vm, a, |x| x as f32 as f64)),
        ("log", |vm, _, a, _| un(vm, a, f64::ln)),
        ("log1p", |vm, _, a, _| {
            un(vm, a, |x| if x == 0.0 { x } else { x.ln_1p() })
        }),
        ("log10", |vm, _, a, _| un(vm, a, f64::log10)),
        ("log2", |vm, _, a, _| un(vm, a, f64::log2)),
        ("round", |vm, _, a, _| un(vm, a, js_round)),
        ("sign", |vm, _, a, _| {
            un(vm, a, |x| {
                if x.is_nan() || x == 0.0 {
                    x
                } else {
                    x.signum()
                }
            })
        }),
        ("sin", |vm, _, a, _| un(vm, a, f64::sin)),
        ("sinh", |vm, _, a, _| {
            un(vm, a, |x| if x == 0.0 { x } else { x.sinh() })
        }),
        ("sqrt", |vm, _, a, _| un(vm, a, f64::sqrt)),
        ("tan", |vm, _, a, _| un(vm, a, f64::tan)),
    ];
    for (name, f) in unary {
        method(vm, math, name, 1, f);
    }
    method(vm, math, "tanh", 1, |vm, _, a, _| {
        un(vm, a, |x| if x == 0.0 { x } else { x.tanh() })
    });
    method(vm, math, "trunc", 1, |vm, _, a, _| un(vm, a, f64::trunc));
    method(vm, math, "f16round", 1, |vm, _, a, _| un(vm, a, f16_round));
    method(vm, math, "atan2", 2, |vm, _, a, _| {
        let y = vm.to_number(a.get(0))?;
        let x = vm.to_number(a.get(1))?;
        Ok(Value::number(y.atan2(x)))
    });
    method(vm, math, "pow", 2, |vm, _, a, _| {
        let x = vm.to_number(a.get(0))?;
        let y = vm.to_number(a.get(1))?;
        Ok(Value::number(crate::ops::operators::js_pow(x, y)))
    });
    method(vm, math, "imul", 2, |vm, _, a, _| {
        let x = vm.to_int32(a.get(0))?;
        let y = vm.to_int32(a.get(1))?;
        Ok(Value::int(x.wrapping_mul(y)))
    });
    method(vm, math, "max", 2, max);
    method(vm, math, "min", 2, min);
    method(vm, math, "hypot", 2, hypot);
    method(vm, math, "random", 0, random);
    method(vm, math, "sumPrecise", 1, sum_precise);
    let tag = vm.new_string("Math");
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    vm.define_builtin(math, tk, tag, Attrs::CONFIGURABLE_ONLY);
    global_binding(vm, "Math", Value::object(math));
}

fn un(vm: &mut Vm, a: Args, f: impl Fn(f64) -> f64) -> JsResult<Value> {
    let x = vm.to_number(a.get(0))?;
    Ok(Value::number(f(x)))
}

/// Math.round: ties toward +infinity, -0 preserved.
fn js_round(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    if x > 0.0 && x < 0.5 {
        return 0.0;
    }
    if (-0.5..0.0).contains(&x) {
        return -0.0;
    }
    let f = x.floor();
    if x - f >= 0.5 {
        f + 1.0
    } else {
        f
    }
}

/// Round to the nearest binary16 value (ties to even), as a double
/// (#sec-math.f16round). The scalings by powers of two are exact, so the
/// only rounding is the ties-to-even step.
pub fn f16_round(x: f64) -> f64 {
    if x.is_nan() || x.is_infinite() || x == 0.0 {
        return x;
    }
    let a = x.abs();
    if a >= 65520.0 {
        return f64::INFINITY.copysign(x);
    }
    let exp = ((a.to_bits() >> 52) & 0x7ff) as i32 - 1023;
    // binary16: 10 fraction bits; min normal 2^-14; subnormal step 2^-24.
    let q = if exp >= -14 { exp - 10 } else { -24 };
    let r = (a * 2f64.powi(-q)).round_ties_even();
    (r * 2f64.powi(q)).copysign(x)
}

fn max(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let mut r = f64::NEG_INFINITY;
    let mut nan = false;
    for &a in args.as_slice() {
        let x = vm.to_number(a)?;
        if x.is_nan() {
            nan = true;
        } else if x > r || (x == 0.0 && r == 0.0 && r.is_sign_negative() && !x.is_sign_negative()) {
            r = x;
        }
    }
    Ok(Value::number(if nan { f64::NAN } else { r }))
}

fn min(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let mut r = f64::INFINITY;
    let mut nan = false;
    for &a in args.as_slice() {
        let x = vm.to_number(a)?;
        if x.is_nan() {
            nan = true;
        } else if x < r || (x == 0.0 && r == 0.0 && x.is_sign_negative()) {
            r = x;
        }
    }
    Ok(Value::number(if nan { f64::NAN } else { r }))
}

fn hypot(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let mut xs = Vec::with_capacity(args.len());
    for &a in args.as_slice() {
        xs.push(vm.to_number(a)?);
    }
    if xs.iter().any(|x| x.is_infinite()) {
        return Ok(Value::number(f64::INFINITY));
    }
    if xs.iter().any(|x| x.is_nan()) {
        return Ok(Value::number(f64::NAN));
    }
    let m = xs.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    if m == 0.0 {
        return Ok(Value::number(0.0));
    }
    let s: f64 = xs.iter().map(|x| (x / m) * (x / m)).sum();
    Ok(Value::number(m * s.sqrt()))
}

fn random(_vm: &mut Vm, _this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    thread_local! {
        static STATE: std::cell::Cell<u64> = std::cell::Cell::new({
            let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0x9E3779B97F4A7C15);
            t | 1
        });
    }
    // xorshift64*: fast, good enough for Math.random.
    let v = STATE.with(|s| {
        let mut x = s.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        s.set(x);
        x.wrapping_mul(0x2545F4914F6CDD1D)
    });
    Ok(Value::number((v >> 11) as f64 / (1u64 << 53) as f64))
}

fn sum_precise(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let items = args.get(0);
    vm.require_object_coercible(items)?;
    let (it, next) = vm.get_iterator(items)?;
    let mut vals = Vec::new();
    while let Some(v) = vm.iterator_step_value(it, next)? {
        match v.as_number() {
            Some(n) => vals.push(n),
            None => {
                vm.iterator_close_on_throw(it);
                return Err(vm.type_error("Math.sumPrecise: value is not a number"));
            }
        }
    }
    if vals.is_empty() {
        return Ok(Value::number(-0.0));
    }
    if vals.iter().any(|x| x.is_nan()) {
        return Ok(Value::number(f64::NAN));
    }
    let pinf = vals.contains(&f64::INFINITY);
    let ninf = vals.contains(&f64::NEG_INFINITY);
    if pinf && ninf {
        return Ok(Value::number(f64::NAN));
    }
    if pinf {
        return Ok(Value::number(f64::INFINITY));
    }
    if ninf {
        return Ok(Value::number(f64::NEG_INFINITY));
    }
    if vals.iter().all(|x| *x == 0.0 && x.is_sign_negative()) {
        return Ok(Value::number(-0.0));
    }
    // Exact sum over rationals with a common power-of-two denominator.
    let mut total = num_bigint::BigInt::from(0);
    for x in &vals {
        let bits = x.abs().to_bits();
        let exp = ((bits >> 52) & 0x7ff) as i64;
        let mant = if exp == 0 {
            bits & ((1 << 52) - 1)
        } else {
            (bits & ((1 << 52) - 1)) | (1 << 52)
        };
        let e = if exp == 0 { -1074 } else { exp - 1075 };
        let v = num_bigint::BigInt::from(mant) << ((e + 1074) as usize);
        if *x < 0.0 {
            total -= v;
        } else {
            total += v;
        }
    }
    // total * 2^-1074 → nearest double.
    let neg = total < num_bigint::BigInt::from(0);
    let mag = if neg { -total } else { total };
    let r = bigint_scaled_to_f64(&mag, -1074);
    Ok(Value::number(if neg { -r } else { r }))
}

/// Round mag * 2^exp to the nearest double (ties to even).
fn bigint_scaled_to_f64(mag: &num_bigint::BigInt, exp: i64) -> f64 {
    use num_traits::ToPrimitive;
    let bits = mag.bits() as i64;
    if bits == 0 {
        return 0.0;
    }
    if bits <= 53 {
        return ldexp(mag.to_f64().unwrap_or(0.0), exp);
    }
    // Keep 55 significant bits plus a sticky bit; one rounding then happens
    // in the conversion to f64.
    let shift = bits - 55;
    let top = mag >> (shift as usize);
    let sticky = (&top << (shift as usize)) != *mag;
    let mut t = top.to_u64().unwrap_or(0);
    if sticky {
        t |= 1;
    }
    ldexp(t as f64, shift + exp)
}

fn ldexp(x: f64, e: i64) -> f64 {
    let mut x = x;
    let mut e = e;
    while e > 1000 {
        x *= 2f64.powi(1000);
        e -= 1000;
    }
    while e < -1000 {
        x *= 2f64.powi(-1000);
        e += 1000;
    }
    x * 2f64.powi(e as i32)
}
