//! Function properties and value properties of the global object
//! (#sec-global-object).

use crate::builtins::{method, native_function, value};
use crate::function::Args;
use crate::object::Attrs;
use crate::ops::conversion::trim_js;
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let g = vm.realm.global;
    value(vm, g, "globalThis", Value::object(g), Attrs::HIDDEN);
    value(vm, g, "Infinity", Value::number(f64::INFINITY), Attrs::NONE);
    value(vm, g, "NaN", Value::number(f64::NAN), Attrs::NONE);
    value(vm, g, "undefined", Value::UNDEFINED, Attrs::NONE);
    let eval = native_function(vm, "eval", 1, eval, false);
    vm.realm.set_intrinsic(Intrinsic::Eval, eval);
    value(vm, g, "eval", Value::object(eval), Attrs::HIDDEN);
    method(vm, g, "isFinite", 1, is_finite);
    method(vm, g, "isNaN", 1, is_nan);
    let pf = method(vm, g, "parseFloat", 1, parse_float);
    let pi = method(vm, g, "parseInt", 2, parse_int);
    let nctor = vm.intrinsic(Intrinsic::Number);
    value(vm, nctor, "parseFloat", Value::object(pf), Attrs::HIDDEN);
    value(vm, nctor, "parseInt", Value::object(pi), Attrs::HIDDEN);
    init_uri(vm);
}

fn eval(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    vm.indirect_eval(args.get(0))
}

fn is_finite(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::bool(vm.to_number(args.get(0))?.is_finite()))
}

fn is_nan(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::bool(vm.to_number(args.get(0))?.is_nan()))
}

fn parse_float(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = vm.to_rust_string(args.get(0))?;
    let t = trim_js(&s);
    // The longest prefix that is a StrDecimalLiteral.
    let b = t.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    if t[i..].starts_with("Infinity") {
        let neg = b.first() == Some(&b'-');
        return Ok(Value::number(if neg {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        }));
    }
    let mut digits = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    if i < b.len() && b[i] == b'.' {
        let save = i;
        i += 1;
        let mut frac = 0;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            frac += 1;
        }
        digits += frac;
        if frac == 0 && digits == 0 {
            i = save;
        }
    }
    if digits == 0 {
        return Ok(Value::number(f64::NAN));
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let save = i;
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            i = save;
        }
    }
    let prefix = t[..i].trim_end_matches('.');
    let prefix = if prefix.ends_with(['+', '-']) {
        ""
    } else {
        prefix
    };
    Ok(Value::number(prefix.parse::<f64>().unwrap_or(f64::NAN)))
}

fn parse_int(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = vm.to_rust_string(args.get(0))?;
    let mut r = vm.to_int32(args.get(1))?;
    let t = trim_js(&s);
    let (neg, mut t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let mut strip_prefix = true;
    if r != 0 {
        if !(2..=36).contains(&r) {
            return Ok(Value::number(f64::NAN));
        }
        if r != 16 {
            strip_prefix = false;
        }
    } else {
        r = 10;
    }
    if strip_prefix && (t.starts_with("0x") || t.starts_with("0X")) {
        t = &t[2..];
        r = 16;
    }
    let end = t.find(|c: char| !c.is_digit(r as u32)).unwrap_or(t.len());
    let digits = &t[..end];
    if digits.is_empty() {
        return Ok(Value::number(f64::NAN));
    }
    let v = if r == 10 {
        // Exact decimal rounding for long inputs.
        digits.parse::<f64>().unwrap_or(f64::NAN)
    } else {
        crate::ops::conversion::parse_radix_digits(digits, r as u32).unwrap_or(f64::NAN)
    };
    Ok(Value::number(if neg { -v } else { v }))
}

/// The URI functions and Annex B escape/unescape (#sec-uri-handling-functions).
pub fn init_uri(vm: &mut Vm) {
    let g = vm.realm.global;
    method(vm, g, "decodeURI", 1, decode_uri);
    method(vm, g, "decodeURIComponent", 1, decode_uri_component);
    method(vm, g, "encodeURI", 1, encode_uri);
    method(vm, g, "encodeURIComponent", 1, encode_uri_component);
    method(vm, g, "escape", 1, escape);
    method(vm, g, "unescape", 1, unescape);
}

const URI_MARK: &str = "-_.!~*'()";
const URI_RESERVED: &str = ";/?:@&=+$,";

fn uri_error(vm: &mut Vm, msg: &str) -> crate::vm::Exception {
    vm.error(crate::ops::errors::ErrorKind::URIError, msg)
}

fn in_set(c: u16, extra: &str) -> bool {
    c < 128 && {
        let b = c as u8;
        b.is_ascii_alphanumeric()
            || URI_MARK.as_bytes().contains(&b)
            || extra.as_bytes().contains(&b)
    }
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Encode ( string, extraUnescaped ) (#sec-encode).
fn encode(vm: &mut Vm, v: Value, extra: &str) -> JsResult<Value> {
    let s = vm.to_string(v)?.to_utf16();
    let mut out: Vec<u16> = Vec::with_capacity(s.len());
    let mut k = 0;
    while k < s.len() {
        let c = s[k];
        if in_set(c, extra) {
            out.push(c);
            k += 1;
            continue;
        }
        // CodePointAt; unpaired surrogates are errors.
        let cp = if (0xD800..0xDC00).contains(&c) {
            match s.get(k + 1) {
                Some(&n) if (0xDC00..0xE000).contains(&n) => {
                    k += 1;
                    0x10000 + (((c as u32) - 0xD800) << 10) + ((n as u32) - 0xDC00)
                }
                _ => return Err(uri_error(vm, "URI malformed")),
            }
        } else if (0xDC00..0xE000).contains(&c) {
            return Err(uri_error(vm, "URI malformed"));
        } else {
            c as u32
        };
        // The result may not pass the maximum string length: stop as soon
        // as it does, before growing the buffer further.
        if out.len() > crate::string::MAX_STRING_LENGTH {
            return Err(vm.range_error("Invalid string length"));
        }
        let ch = char::from_u32(cp).unwrap_or('\u{FFFD}');
        let mut buf = [0u8; 4];
        for &b in ch.encode_utf8(&mut buf).as_bytes() {
            out.extend([
                b'%' as u16,
                HEX[(b >> 4) as usize] as u16,
                HEX[(b & 15) as usize] as u16,
            ]);
        }
        k += 1;
    }
    if out.len() > crate::string::MAX_STRING_LENGTH {
        return Err(vm.range_error("Invalid string length"));
    }
    Ok(vm.new_string_utf16(&out))
}

fn hex_val(c: u16) -> Option<u32> {
    char::from_u32(c as u32).and_then(|c| c.to_digit(16))
}

/// ParseHexOctet ( string, position ).
fn hex_octet(s: &[u16], at: usize) -> Option<u8> {
    let h = hex_val(*s.get(at)?)?;
    let l = hex_val(*s.get(at + 1)?)?;
    Some((h * 16 + l) as u8)
}

/// Decode ( string, preserveEscapeSet ) (#sec-decode).
fn decode(vm: &mut Vm, v: Value, preserve: &str) -> JsResult<Value> {
    let s = vm.to_string(v)?.to_utf16();
    let len = s.len();
    let mut out: Vec<u16> = Vec::with_capacity(len);
    let mut k = 0;
    while k < len {
        let c = s[k];
        if c != b'%' as u16 {
            out.push(c);
            k += 1;
            continue;
        }
        let start = k;
        if k + 3 > len {
            return Err(uri_error(vm, "URI malformed"));
        }
        let Some(b) = hex_octet(&s, k + 1) else {
            return Err(uri_error(vm, "URI malformed"));
        };
        k += 2;
        let n = b.leading_ones() as usize;
        if n == 0 {
            if preserve.as_bytes().contains(&b) {
                out.extend_from_slice(&s[start..k + 1]);
            } else {
                out.push(b as u16);
            }
            k += 1;
            continue;
        }
        if n == 1 || n > 4 {
            return Err(uri_error(vm, "URI malformed"));
        }
        if k + 3 * (n - 1) >= len {
            return Err(uri_error(vm, "URI malformed"));
        }
        let mut octets = vec![b];
        for _ in 1..n {
            k += 1;
            if s[k] != b'%' as u16 {
                return Err(uri_error(vm, "URI malformed"));
            }
            let Some(b) = hex_octet(&s, k + 1) else {
                return Err(uri_error(vm, "URI malformed"));
            };
            octets.push(b);
            k += 2;
        }
        // Rust's UTF-8 validation rejects overlong forms and surrogates.
        let Some(ch) = std::str::from_utf8(&octets)
            .ok()
            .and_then(|t| t.chars().next())
        else {
            return Err(uri_error(vm, "URI malformed"));
        };
        let mut buf = [0u16; 2];
        out.extend_from_slice(ch.encode_utf16(&mut buf));
        k += 1;
    }
    Ok(vm.new_string_utf16(&out))
}

fn decode_uri(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    decode(vm, args.get(0), ";/?:@&=+$,#")
}
fn decode_uri_component(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    decode(vm, args.get(0), "")
}
fn encode_uri(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let extra = format!("{URI_RESERVED}#");
    encode(vm, args.get(0), &extra)
}
fn encode_uri_component(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    encode(vm, args.get(0), "")
}

/// escape ( string ) (#sec-escape-string).
fn escape(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = vm.to_string(args.get(0))?.to_utf16();
    let mut out: Vec<u16> = Vec::with_capacity(s.len());
    for c in s {
        // The result may not pass the maximum string length.
        if out.len() > crate::string::MAX_STRING_LENGTH {
            return Err(vm.range_error("Invalid string length"));
        }
        if c < 128 && ((c as u8).is_ascii_alphanumeric() || b"@*_+-./".contains(&(c as u8))) {
            out.push(c);
        } else if c < 256 {
            out.extend([
                b'%' as u16,
                HEX[(c >> 4) as usize] as u16,
                HEX[(c & 15) as usize] as u16,
            ]);
        } else {
            out.extend([b'%' as u16, b'u' as u16]);
            for sh in [12, 8, 4, 0] {
                out.push(HEX[((c >> sh) & 15) as usize] as u16);
            }
        }
    }
    if out.len() > crate::string::MAX_STRING_LENGTH {
        return Err(vm.range_error("Invalid string length"));
    }
    Ok(vm.new_string_utf16(&out))
}

/// unescape ( string ) (#sec-unescape-string).
fn unescape(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = vm.to_string(args.get(0))?.to_utf16();
    let len = s.len();
    let mut out: Vec<u16> = Vec::with_capacity(len);
    let mut k = 0;
    while k < len {
        let mut c = s[k];
        if c == b'%' as u16 {
            let hex4 = |at: usize| -> Option<u16> {
                let mut v = 0u32;
                for i in 0..4 {
                    v = v * 16 + hex_val(*s.get(at + i)?)?;
                }
                Some(v as u16)
            };
            if s.get(k + 1) == Some(&(b'u' as u16)) {
                if let Some(v) = hex4(k + 2) {
                    c = v;
                    k += 5;
                }
            } else if let Some(b) = hex_octet(&s, k + 1) {
                c = b as u16;
                k += 2;
            }
        }
        out.push(c);
        k += 1;
    }
    Ok(vm.new_string_utf16(&out))
}
