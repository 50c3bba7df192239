//! Number (#sec-number-objects).

use crate::builtins::{global_binding, link_constructor, method, native_function, value};
use crate::function::Args;
use crate::object::{Attrs, ObjectClass};
use crate::ops::conversion::number_to_string;
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.new_object_with(Some(op), ObjectClass::Number(0.0));
    vm.realm.set_intrinsic(Intrinsic::NumberPrototype, proto);
    let ctor = native_function(vm, "Number", 1, constructor, true);
    vm.realm.set_intrinsic(Intrinsic::Number, ctor);
    link_constructor(vm, ctor, proto);
    for (name, v) in [
        ("EPSILON", f64::EPSILON),
        ("MAX_SAFE_INTEGER", 9007199254740991.0),
        ("MIN_SAFE_INTEGER", -9007199254740991.0),
        ("MAX_VALUE", f64::MAX),
        ("MIN_VALUE", 5e-324),
        ("NaN", f64::NAN),
        ("NEGATIVE_INFINITY", f64::NEG_INFINITY),
        ("POSITIVE_INFINITY", f64::INFINITY),
    ] {
        value(vm, ctor, name, Value::number(v), Attrs::NONE);
    }
    method(vm, ctor, "isFinite", 1, is_finite);
    method(vm, ctor, "isInteger", 1, is_integer);
    method(vm, ctor, "isNaN", 1, is_nan);
    method(vm, ctor, "isSafeInteger", 1, is_safe_integer);
    method(vm, proto, "toExponential", 1, to_exponential);
    method(vm, proto, "toFixed", 1, to_fixed);
    method(vm, proto, "toLocaleString", 0, to_locale_string);
    method(vm, proto, "toPrecision", 1, to_precision);
    method(vm, proto, "toString", 1, to_string);
    method(vm, proto, "valueOf", 0, value_of);
    global_binding(vm, "Number", Value::object(ctor));
}

fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    let n = if args.is_empty() {
        0.0
    } else {
        let prim = vm.to_numeric(args.get(0))?;
        match prim.as_bigint() {
            Some(b) => b.value.to_f64().unwrap_or(f64::NAN),
            None => prim.as_number().unwrap_or(f64::NAN),
        }
    };
    if nt.is_undefined() {
        return Ok(Value::number(n));
    }
    let proto = vm.get_prototype_from_constructor(nt, Intrinsic::NumberPrototype)?;
    Ok(Value::object(
        vm.new_object_with(Some(proto), ObjectClass::Number(n)),
    ))
}

fn is_finite(_vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::bool(
        args.get(0).as_number().is_some_and(f64::is_finite),
    ))
}
fn is_integer(_vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::bool(
        args.get(0)
            .as_number()
            .is_some_and(|n| n.is_finite() && n.trunc() == n),
    ))
}
fn is_nan(_vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::bool(
        args.get(0).as_number().is_some_and(f64::is_nan),
    ))
}
fn is_safe_integer(_vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::bool(args.get(0).as_number().is_some_and(|n| {
        n.is_finite() && n.trunc() == n && n.abs() <= 9007199254740991.0
    })))
}

/// thisNumberValue.
pub fn this_number(vm: &mut Vm, v: Value) -> JsResult<f64> {
    if let Some(n) = v.as_number() {
        return Ok(n);
    }
    if let Some(o) = v.as_object() {
        if let ObjectClass::Number(n) = o.class {
            return Ok(n);
        }
    }
    Err(vm.type_error("Number.prototype method called on incompatible receiver"))
}

fn value_of(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::number(this_number(vm, this)?))
}

fn to_locale_string(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let n = this_number(vm, this)?;
    Ok(vm.new_string(&number_to_string(n)))
}

fn to_string(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let x = this_number(vm, this)?;
    let r = args.get(0);
    let radix = if r.is_undefined() {
        10.0
    } else {
        vm.to_integer_or_infinity(r)?
    };
    if !(2.0..=36.0).contains(&radix) {
        return Err(vm.range_error("toString() radix must be between 2 and 36"));
    }
    if radix == 10.0 {
        return Ok(vm.new_string(&number_to_string(x)));
    }
    Ok(vm.new_string(&number_to_radix_string(x, radix as u32)))
}

/// Number::toString(x, radix) for radix ≠ 10 (#sec-numeric-types-number-tostring,
/// implementation-approximated): the fraction gets digits until the value
/// is uniquely identified (ties to even), integer digits beyond the double's
/// precision print as zeros.
pub fn number_to_radix_string(x: f64, radix: u32) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x == 0.0 {
        return "0".into();
    }
    if x.is_infinite() {
        return if x > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let r = radix as f64;
    let neg = x < 0.0;
    let value = x.abs();
    let mut integer = value.floor();
    let mut fraction = value - integer;
    // Half the distance to the next double: digits below it are noise.
    let mut delta = (0.5 * (next_up(value) - value)).max(next_up(0.0));
    let mut frac_digits: Vec<u8> = Vec::new();
    if fraction >= delta {
        loop {
            fraction *= r;
            delta *= r;
            let digit = fraction as u32;
            frac_digits.push(digit as u8);
            fraction -= digit as f64;
            // Round to even, carrying into earlier digits.
            if (fraction > 0.5 || (fraction == 0.5 && digit & 1 == 1)) && fraction + delta > 1.0 {
                loop {
                    match frac_digits.pop() {
                        None => {
                            integer += 1.0;
                            break;
                        }
                        Some(d) if (d as u32) + 1 < radix => {
                            frac_digits.push(d + 1);
                            break;
                        }
                        Some(_) => {}
                    }
                }
                break;
            }
            if fraction < delta {
                break;
            }
        }
    }
    // Integer digits: zeros for the places below the double's precision.
    let mut int_digits: Vec<u8> = Vec::new();
    while integer / r >= 9007199254740992.0 {
        integer /= r;
        int_digits.push(b'0');
    }
    loop {
        let rem = integer % r;
        int_digits.push(DIGITS[rem as usize]);
        integer = (integer - rem) / r;
        if integer <= 0.0 {
            break;
        }
    }
    let mut out = String::with_capacity(int_digits.len() + frac_digits.len() + 2);
    if neg {
        out.push('-');
    }
    out.extend(int_digits.iter().rev().map(|&d| d as char));
    if !frac_digits.is_empty() {
        out.push('.');
        out.extend(frac_digits.iter().map(|&d| DIGITS[d as usize] as char));
    }
    out
}

fn next_up(x: f64) -> f64 {
    if x.is_nan() || x == f64::INFINITY {
        return x;
    }
    if x == 0.0 {
        return f64::from_bits(1);
    }
    let b = x.to_bits();
    f64::from_bits(if x > 0.0 { b + 1 } else { b - 1 })
}

/// The exact integer value of an integral double.
pub fn exact_int(v: f64) -> BigInt {
    let bits = v.abs().to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mant = if exp == 0 {
        (bits & ((1 << 52) - 1)) << 1
    } else {
        (bits & ((1 << 52) - 1)) | (1 << 52)
    };
    let e = exp - 1075;
    let m = BigInt::from(mant);
    let r = if e >= 0 {
        m << (e as usize)
    } else {
        m >> ((-e) as usize)
    };
    if v < 0.0 {
        -r
    } else {
        r
    }
}

/// x as an exact rational mantissa * 2^exp (x finite, non-negative).
fn decompose(x: f64) -> (BigInt, i64) {
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    if exp == 0 {
        (BigInt::from(frac), -1074)
    } else {
        (BigInt::from(frac | (1u64 << 52)), exp - 1075)
    }
}

/// round(x * 10^scale), ties toward +infinity (the larger n), exactly.
fn scaled_round(x: f64, scale: i32) -> BigInt {
    let (m, e) = decompose(x);
    // value = m * 2^e * 10^scale = num / den
    let mut num = m;
    let mut den = BigInt::from(1);
    if e >= 0 {
        num <<= e as usize;
    } else {
        den <<= (-e) as usize;
    }
    if scale >= 0 {
        num *= num_traits::pow(BigInt::from(10), scale as usize);
    } else {
        den *= num_traits::pow(BigInt::from(10), (-scale) as usize);
    }
    let two_num = &num * 2 + &den;
    let two_den = &den * 2;
    // floor((2num + den) / 2den) = round half up
    two_num / two_den
}

fn this_and_digits(vm: &mut Vm, this: Value, d: Value) -> JsResult<(f64, f64)> {
    let x = this_number(vm, this)?;
    let f = vm.to_integer_or_infinity(d)?;
    Ok((x, f))
}

fn to_fixed(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (x, f) = this_and_digits(vm, this, args.get(0))?;
    if !f.is_finite() || !(0.0..=100.0).contains(&f) {
        return Err(vm.range_error("toFixed() digits argument must be between 0 and 100"));
    }
    let f = f as usize;
    if !x.is_finite() {
        return Ok(vm.new_string(&number_to_string(x)));
    }
    if x.abs() >= 1e21 {
        return Ok(vm.new_string(&number_to_string(x)));
    }
    let neg = x < 0.0;
    let n = scaled_round(x.abs(), f as i32);
    let mut s = if n.is_zero() {
        "0".to_string()
    } else {
        n.to_string()
    };
    if f > 0 {
        if s.len() <= f {
            s = format!("{}{}", "0".repeat(f + 1 - s.len()), s);
        }
        let k = s.len() - f;
        s.insert(k, '.');
    }
    let neg = neg && x != 0.0;
    Ok(vm.new_string(&if neg { format!("-{s}") } else { s }))
}

/// Compare x (finite, positive) with 10^e exactly.
fn cmp_pow10(x: f64, e: i32) -> std::cmp::Ordering {
    let (m, be) = decompose(x);
    // x = m * 2^be; compare m * 2^be with 10^e by clearing denominators.
    let mut lhs = m;
    let mut rhs = BigInt::from(1);
    if be >= 0 {
        lhs <<= be as usize;
    } else {
        rhs <<= (-be) as usize;
    }
    if e >= 0 {
        rhs *= num_traits::pow(BigInt::from(10), e as usize);
    } else {
        lhs *= num_traits::pow(BigInt::from(10), (-e) as usize);
    }
    lhs.cmp(&rhs)
}

/// Digits (as a string of length p) and exponent e such that
/// n × 10^(e−p+1) is the closest to x with n having p digits (ties: larger n).
fn precision_digits(x: f64, p: usize) -> (String, i32) {
    // e = floor(log10(x)), exactly.
    let mut e = x.abs().log10().floor() as i32;
    while cmp_pow10(x, e) == std::cmp::Ordering::Less {
        e -= 1;
    }
    while cmp_pow10(x, e + 1) != std::cmp::Ordering::Less {
        e += 1;
    }
    let n = scaled_round(x, p as i32 - 1 - e);
    let s = n.to_string();
    if s.len() > p {
        // Rounded up to 10^p.
        return (format!("1{}", "0".repeat(p - 1)), e + 1);
    }
    (s, e)
}

fn to_exponential(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (x, f) = this_and_digits(vm, this, args.get(0))?;
    if !x.is_finite() {
        return Ok(vm.new_string(&number_to_string(x)));
    }
    if !f.is_finite() || !(0.0..=100.0).contains(&f) {
        return Err(vm.range_error("toExponential() argument must be between 0 and 100"));
    }
    let neg = x < 0.0;
    let ax = x.abs();
    let (digits, e) = if ax == 0.0 {
        (
            "0".repeat(if args.get(0).is_undefined() {
                1
            } else {
                f as usize + 1
            }),
            0,
        )
    } else if args.get(0).is_undefined() {
        // As many digits as needed to represent x uniquely.
        let s = number_to_string(ax);
        shortest_digits(&s)
    } else {
        precision_digits(ax, f as usize + 1)
    };
    let mut m = digits[..1].to_string();
    if digits.len() > 1 {
        m.push('.');
        m.push_str(&digits[1..]);
    }
    let sign = if e >= 0 { "+" } else { "-" };
    let s = format!("{}{}e{}{}", if neg { "-" } else { "" }, m, sign, e.abs());
    Ok(vm.new_string(&s))
}

/// Shortest round-trip digits and decimal exponent from Number::toString.
fn shortest_digits(s: &str) -> (String, i32) {
    let (mant, exp) = match s.find('e') {
        Some(i) => (&s[..i], s[i + 1..].parse::<i32>().unwrap_or(0)),
        None => (s, 0),
    };
    let (int, frac) = match mant.find('.') {
        Some(i) => (&mant[..i], &mant[i + 1..]),
        None => (mant, ""),
    };
    let all = format!("{int}{frac}");
    let lead = all.len() - all.trim_start_matches('0').len();
    let digits = all
        .trim_start_matches('0')
        .trim_end_matches('0')
        .to_string();
    let e = int.len() as i32 - 1 - lead as i32 + exp;
    (
        if digits.is_empty() {
            "0".into()
        } else {
            digits
        },
        e,
    )
}

fn to_precision(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let x = this_number(vm, this)?;
    if args.get(0).is_undefined() {
        return Ok(vm.new_string(&number_to_string(x)));
    }
    let p = vm.to_integer_or_infinity(args.get(0))?;
    if !x.is_finite() {
        return Ok(vm.new_string(&number_to_string(x)));
    }
    if !p.is_finite() || !(1.0..=100.0).contains(&p) {
        return Err(vm.range_error("toPrecision() argument must be between 1 and 100"));
    }
    let p = p as usize;
    let neg = x < 0.0;
    let ax = x.abs();
    let (digits, e) = if ax == 0.0 {
        ("0".repeat(p), 0)
    } else {
        precision_digits(ax, p)
    };
    let body = if e < -6 || e >= p as i32 {
        let mut m = digits[..1].to_string();
        if p > 1 {
            m.push('.');
            m.push_str(&digits[1..]);
        }
        format!("{}e{}{}", m, if e >= 0 { "+" } else { "-" }, e.abs())
    } else if e == p as i32 - 1 {
        digits
    } else if e >= 0 {
        format!(
            "{}.{}",
            &digits[..e as usize + 1],
            &digits[e as usize + 1..]
        )
    } else {
        format!("0.{}{}", "0".repeat((-(e + 1)) as usize), digits)
    };
    Ok(vm.new_string(&if neg { format!("-{body}") } else { body }))
}
