//! Uint8Array to and from base64 and hex (ES2026, #sec-uint8array-base64):
//! `Uint8Array.fromBase64`, `Uint8Array.fromHex` and
//! `Uint8Array.prototype.{toBase64, toHex, setFromBase64, setFromHex}`.

use super::element::ElementType;
use super::{as_typed_array, create, TypedArrayData};
use crate::builtins::method;
use crate::builtins::structured::array_buffer::allocate_plain;
use crate::function::Args;
use crate::gc::Gc;
use crate::object::JsObject;
use crate::realm::Intrinsic;
use crate::string::JsString;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let ctor = vm.intrinsic(Intrinsic::Uint8Array);
    method(vm, ctor, "fromBase64", 1, from_base64);
    method(vm, ctor, "fromHex", 1, from_hex);
    let proto = vm.intrinsic(Intrinsic::Uint8ArrayPrototype);
    method(vm, proto, "setFromBase64", 1, set_from_base64);
    method(vm, proto, "setFromHex", 1, set_from_hex);
    method(vm, proto, "toBase64", 0, to_base64);
    method(vm, proto, "toHex", 0, to_hex);
}

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

#[derive(Copy, Clone, PartialEq, Eq)]
enum LastChunk {
    Loose,
    Strict,
    StopBeforePartial,
}

/// The outcome of FromBase64 / FromHex: bytes decoded, input read, and
/// whether decoding stopped on a syntax error.
struct Decoded {
    read: usize,
    bytes: Vec<u8>,
    error: bool,
}

/// ValidateUint8Array (#sec-validateuint8array).
fn validate_uint8_array(vm: &mut Vm, v: Value) -> JsResult<(Gc<JsObject>, TypedArrayData)> {
    match as_typed_array(v) {
        Some((o, d)) if d.ty == ElementType::Uint8 => Ok((o, d)),
        _ => Err(vm.type_error("this is not a Uint8Array")),
    }
}

/// GetOptionsObject (#sec-getoptionsobject).
fn options_object(vm: &mut Vm, options: Value) -> JsResult<Gc<JsObject>> {
    if options.is_undefined() {
        return Ok(vm.new_object_with(None, crate::object::ObjectClass::Ordinary));
    }
    match options.as_object() {
        Some(o) => Ok(o),
        None => Err(vm.type_error("options must be an object")),
    }
}

/// The "alphabet" option: true for base64url.
fn alphabet_option(vm: &mut Vm, opts: Gc<JsObject>) -> JsResult<bool> {
    let key = vm.key("alphabet");
    let v = vm.get_prop(opts, key)?;
    if v.is_undefined() {
        return Ok(false);
    }
    match v.as_string() {
        Some(s) if s.eq_str("base64") => Ok(false),
        Some(s) if s.eq_str("base64url") => Ok(true),
        _ => Err(vm.type_error("alphabet must be \"base64\" or \"base64url\"")),
    }
}

/// The "lastChunkHandling" option.
fn last_chunk_option(vm: &mut Vm, opts: Gc<JsObject>) -> JsResult<LastChunk> {
    let key = vm.key("lastChunkHandling");
    let v = vm.get_prop(opts, key)?;
    if v.is_undefined() {
        return Ok(LastChunk::Loose);
    }
    match v.as_string() {
        Some(s) if s.eq_str("loose") => Ok(LastChunk::Loose),
        Some(s) if s.eq_str("strict") => Ok(LastChunk::Strict),
        Some(s) if s.eq_str("stop-before-partial") => Ok(LastChunk::StopBeforePartial),
        _ => Err(vm.type_error(
            "lastChunkHandling must be \"loose\", \"strict\" or \"stop-before-partial\"",
        )),
    }
}

/// The string argument (no coercion).
fn string_arg(vm: &mut Vm, v: Value) -> JsResult<Gc<JsString>> {
    match v.as_string() {
        Some(s) => Ok(s),
        None => Err(vm.type_error("argument must be a string")),
    }
}

/// SkipAsciiWhitespace (#sec-skipasciiwhitespace).
fn skip_ascii_whitespace(s: &[u16], mut index: usize) -> usize {
    while let Some(&c) = s.get(index) {
        if !matches!(c, 0x09 | 0x0a | 0x0c | 0x0d | 0x20) {
            break;
        }
        index += 1;
    }
    index
}

/// DecodeBase64Chunk (#sec-decodebase64chunk): None when extra bits are
/// set and `throw_on_extra_bits` is true.
fn decode_chunk(chunk: &[u8], throw_on_extra_bits: bool) -> Option<Vec<u8>> {
    let mut n: u32 = 0;
    for i in 0..4 {
        let c = chunk.get(i).copied().unwrap_or(b'A');
        let v = STANDARD.iter().position(|&a| a == c).unwrap_or(0) as u32;
        n = (n << 6) | v;
    }
    let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
    match chunk.len() {
        2 => {
            if throw_on_extra_bits && bytes[1] != 0 {
                return None;
            }
            Some(vec![bytes[0]])
        }
        3 => {
            if throw_on_extra_bits && bytes[2] != 0 {
                return None;
            }
            Some(vec![bytes[0], bytes[1]])
        }
        _ => Some(bytes.to_vec()),
    }
}

/// FromBase64 (#sec-frombase64).
fn decode_base64(s: &[u16], url: bool, last: LastChunk, max_length: usize) -> Decoded {
    let mut out = Decoded {
        read: 0,
        bytes: Vec::new(),
        error: false,
    };
    // 2. If maxLength = 0, return.
    if max_length == 0 {
        return out;
    }
    let length = s.len();
    let mut chunk: Vec<u8> = Vec::with_capacity(4);
    let mut index = 0;
    let fail = |mut out: Decoded| {
        out.error = true;
        out
    };
    loop {
        // a. Set index to SkipAsciiWhitespace(string, index).
        index = skip_ascii_whitespace(s, index);
        // b. The end of the input.
        if index == length {
            if !chunk.is_empty() {
                match last {
                    LastChunk::StopBeforePartial => return out,
                    LastChunk::Loose => {
                        if chunk.len() == 1 {
                            return fail(out);
                        }
                        out.bytes
                            .extend(decode_chunk(&chunk, false).unwrap_or_default());
                    }
                    LastChunk::Strict => return fail(out),
                }
            }
            out.read = length;
            return out;
        }
        // c-d. char.
        let mut c = s.get(index).copied().unwrap_or(0);
        index += 1;
        // e. Padding.
        if c == b'=' as u16 {
            if chunk.len() < 2 {
                return fail(out);
            }
            index = skip_ascii_whitespace(s, index);
            if chunk.len() == 2 {
                if index == length {
                    if last == LastChunk::StopBeforePartial {
                        return out;
                    }
                    return fail(out);
                }
                if s.get(index) == Some(&(b'=' as u16)) {
                    index = skip_ascii_whitespace(s, index + 1);
                }
            }
            if index < length {
                return fail(out);
            }
            match decode_chunk(&chunk, last == LastChunk::Strict) {
                Some(b) => out.bytes.extend(b),
                None => return fail(out),
            }
            out.read = length;
            return out;
        }
        // f. The URL-safe alphabet.
        if url {
            if c == b'+' as u16 || c == b'/' as u16 {
                return fail(out);
            } else if c == b'-' as u16 {
                c = b'+' as u16;
            } else if c == b'_' as u16 {
                c = b'/' as u16;
            }
        }
        // g. If char is not an element of the standard base64 alphabet, fail.
        if c > 0x7f || !STANDARD.contains(&(c as u8)) {
            return fail(out);
        }
        // h-i. Stop before a chunk that would overflow maxLength.
        let remaining = max_length - out.bytes.len();
        if (remaining == 1 && chunk.len() == 2) || (remaining == 2 && chunk.len() == 3) {
            return out;
        }
        // j-k. Append; decode a full chunk.
        chunk.push(c as u8);
        if chunk.len() == 4 {
            out.bytes
                .extend(decode_chunk(&chunk, false).unwrap_or_default());
            chunk.clear();
            out.read = index;
            if out.bytes.len() == max_length {
                return out;
            }
        }
    }
}

/// FromHex (#sec-fromhex).
fn decode_hex(s: &[u16], max_length: usize) -> Decoded {
    let length = s.len();
    let mut out = Decoded {
        read: 0,
        bytes: Vec::new(),
        error: false,
    };
    // 4. If length modulo 2 is not 0, return a SyntaxError.
    if !length.is_multiple_of(2) {
        out.error = true;
        return out;
    }
    let hexit = |c: u16| char::from_u32(c as u32).and_then(|c| c.to_digit(16));
    while out.read < length && out.bytes.len() < max_length {
        let pair = (s.get(out.read).copied(), s.get(out.read + 1).copied());
        let (Some(Some(hi)), Some(Some(lo))) = (pair.0.map(hexit), pair.1.map(hexit)) else {
            out.error = true;
            return out;
        };
        out.read += 2;
        out.bytes.push((hi * 16 + lo) as u8);
    }
    out
}

/// A new Uint8Array holding `bytes`.
fn new_uint8_array(vm: &mut Vm, bytes: &[u8]) -> JsResult<Value> {
    let buffer = allocate_plain(vm, bytes.len() as u64)?;
    if let Some(b) = crate::builtins::structured::array_buffer::buffer_data(&buffer) {
        b.copy_in(0, bytes);
    }
    let proto = vm.intrinsic(Intrinsic::Uint8ArrayPrototype);
    Ok(Value::object(create(
        vm,
        proto,
        ElementType::Uint8,
        buffer,
        0,
        Some(bytes.len()),
    )))
}

/// Uint8Array.fromBase64 ( string [ , options ] ).
fn from_base64(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = string_arg(vm, args.get(0))?;
    let opts = options_object(vm, args.get(1))?;
    let url = alphabet_option(vm, opts)?;
    let last = last_chunk_option(vm, opts)?;
    let r = decode_base64(&s.to_utf16(), url, last, usize::MAX);
    if r.error {
        return Err(vm.syntax_error("Invalid base64 string"));
    }
    new_uint8_array(vm, &r.bytes)
}

/// Uint8Array.fromHex ( string ).
fn from_hex(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = string_arg(vm, args.get(0))?;
    let r = decode_hex(&s.to_utf16(), usize::MAX);
    if r.error {
        return Err(vm.syntax_error("Invalid hex string"));
    }
    new_uint8_array(vm, &r.bytes)
}

/// The current length of `into`, a TypeError when out of bounds.
fn target_length(vm: &mut Vm, d: &TypedArrayData) -> JsResult<usize> {
    match d.length() {
        Some(n) => Ok(n),
        None => Err(vm.type_error("typed array is detached or out of bounds")),
    }
}

/// Write the decoded bytes, then throw or return { read, written }.
fn finish_set(vm: &mut Vm, d: &TypedArrayData, r: Decoded) -> JsResult<Value> {
    // SetUint8ArrayBytes(into, bytes).
    if let Some(b) = d.buf() {
        b.copy_in(d.byte_offset, &r.bytes);
    }
    if r.error {
        return Err(vm.syntax_error("Invalid input string"));
    }
    let result = vm.new_object();
    let (rk, wk) = (vm.key("read"), vm.key("written"));
    vm.create_data_property_or_throw(result, rk, Value::number(r.read as f64))?;
    vm.create_data_property_or_throw(result, wk, Value::number(r.bytes.len() as f64))?;
    Ok(Value::object(result))
}

/// Uint8Array.prototype.setFromBase64 ( string [ , options ] ).
fn set_from_base64(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (_, d) = validate_uint8_array(vm, this)?;
    let s = string_arg(vm, args.get(0))?;
    let opts = options_object(vm, args.get(1))?;
    let url = alphabet_option(vm, opts)?;
    let last = last_chunk_option(vm, opts)?;
    let len = target_length(vm, &d)?;
    let r = decode_base64(&s.to_utf16(), url, last, len);
    finish_set(vm, &d, r)
}

/// Uint8Array.prototype.setFromHex ( string ).
fn set_from_hex(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (_, d) = validate_uint8_array(vm, this)?;
    let s = string_arg(vm, args.get(0))?;
    let len = target_length(vm, &d)?;
    let r = decode_hex(&s.to_utf16(), len);
    finish_set(vm, &d, r)
}

/// GetUint8ArrayBytes (#sec-getuint8arraybytes).
fn uint8_array_bytes(vm: &mut Vm, d: &TypedArrayData) -> JsResult<Vec<u8>> {
    let len = target_length(vm, d)?;
    Ok(d.buf()
        .map(|b| b.copy_out(d.byte_offset, len))
        .unwrap_or_default())
}

/// Uint8Array.prototype.toBase64 ( [ options ] ).
fn to_base64(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (_, d) = validate_uint8_array(vm, this)?;
    let opts = options_object(vm, args.get(0))?;
    let url = alphabet_option(vm, opts)?;
    let key = vm.key("omitPadding");
    let omit = vm.get_prop(opts, key)?;
    let omit_padding = vm.to_boolean(omit);
    let bytes = uint8_array_bytes(vm, &d)?;
    let table = if url { URL } else { STANDARD };
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let b = |i: usize| group.get(i).copied().unwrap_or(0) as u32;
        let n = (b(0) << 16) | (b(1) << 8) | b(2);
        let sextet = |shift: u32| {
            table
                .get(((n >> shift) & 63) as usize)
                .copied()
                .unwrap_or(b'A') as char
        };
        out.push(sextet(18));
        out.push(sextet(12));
        if group.len() > 1 {
            out.push(sextet(6));
        } else if !omit_padding {
            out.push('=');
        }
        if group.len() > 2 {
            out.push(sextet(0));
        } else if !omit_padding {
            out.push('=');
        }
    }
    Ok(vm.new_string(&out))
}

/// Uint8Array.prototype.toHex ( ).
fn to_hex(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let (_, d) = validate_uint8_array(vm, this)?;
    let bytes = uint8_array_bytes(vm, &d)?;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push_str(&format!("{b:02x}"));
    }
    Ok(vm.new_string(&out))
}
