//! String.prototype case mapping and Unicode-aware comparison:
//! toLowerCase, toUpperCase (and their locale variants, which use the
//! root locale here: no ECMA-402), normalize, localeCompare.

use super::string::this_str;
use crate::builtins::method;
use crate::function::Args;
use crate::gc::Gc;
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use unicode_normalization::UnicodeNormalization;

pub fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    method(vm, proto, "localeCompare", 1, locale_compare);
    method(vm, proto, "normalize", 0, normalize);
    method(vm, proto, "toLocaleLowerCase", 0, to_lower_case);
    method(vm, proto, "toLocaleUpperCase", 0, to_upper_case);
    method(vm, proto, "toLowerCase", 0, to_lower_case);
    method(vm, proto, "toUpperCase", 0, to_upper_case);
}

/// Apply `f` to each maximal well-formed run of `units`, keeping lone
/// surrogates as they are. (A lone surrogate is neither cased nor
/// case-ignorable and never combines, so runs can be mapped alone.)
fn map_runs(units: &[u16], f: impl Fn(&str) -> String) -> Vec<u16> {
    let mut out = Vec::with_capacity(units.len());
    let mut run = String::new();
    for c in char::decode_utf16(units.iter().copied()) {
        match c {
            Ok(c) => run.push(c),
            Err(e) => {
                if !run.is_empty() {
                    out.extend(f(&run).encode_utf16());
                    run.clear();
                }
                out.push(e.unpaired_surrogate());
            }
        }
    }
    if !run.is_empty() {
        out.extend(f(&run).encode_utf16());
    }
    out
}

/// TransformCase ( S, lower|upper ) with the full Unicode mappings
/// (UnicodeData + unconditional SpecialCasing + Final_Sigma).
fn transform_case(vm: &mut Vm, this: Value, upper: bool) -> JsResult<Value> {
    let s = this_str(vm, this)?;
    // One bulk step over the whole string: count it for the limits.
    vm.tick_n(s.len())?;
    if let Some(b) = s.as_latin1() {
        if b.is_ascii() {
            let v: Vec<u8> = if upper {
                b.to_ascii_uppercase()
            } else {
                b.to_ascii_lowercase()
            };
            return Ok(Value::string(vm.heap.alloc_latin1(&v)));
        }
    }
    let units = s.to_utf16();
    let out = map_runs(&units, |r| {
        if upper {
            r.to_uppercase()
        } else {
            r.to_lowercase()
        }
    });
    if out.len() > crate::string::MAX_STRING_LENGTH {
        return Err(vm.range_error("Invalid string length"));
    }
    Ok(vm.new_string_utf16(&out))
}

/// String.prototype.toLowerCase ( ) (#sec-string.prototype.tolowercase);
/// also toLocaleLowerCase (#sec-string.prototype.tolocalelowercase).
fn to_lower_case(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    transform_case(vm, this, false)
}

/// String.prototype.toUpperCase ( ) (#sec-string.prototype.touppercase);
/// also toLocaleUpperCase (#sec-string.prototype.tolocaleuppercase).
fn to_upper_case(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    transform_case(vm, this, true)
}

#[derive(Clone, Copy)]
enum Form {
    Nfc,
    Nfd,
    Nfkc,
    Nfkd,
}

fn normalize_units(units: &[u16], form: Form) -> Vec<u16> {
    map_runs(units, |r| match form {
        Form::Nfc => r.nfc().collect(),
        Form::Nfd => r.nfd().collect(),
        Form::Nfkc => r.nfkc().collect(),
        Form::Nfkd => r.nfkd().collect(),
    })
}

/// String.prototype.normalize ( [ form ] ) (#sec-string.prototype.normalize).
fn normalize(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1-2.
    let s = this_str(vm, this)?;
    // 3-5.
    let form = if args.get(0).is_undefined() {
        Form::Nfc
    } else {
        let f = vm.to_string(args.get(0))?;
        if f.eq_str("NFC") {
            Form::Nfc
        } else if f.eq_str("NFD") {
            Form::Nfd
        } else if f.eq_str("NFKC") {
            Form::Nfkc
        } else if f.eq_str("NFKD") {
            Form::Nfkd
        } else {
            return Err(
                vm.range_error("The normalization form should be one of NFC, NFD, NFKC, NFKD")
            );
        }
    };
    // ASCII is invariant under every form.
    if s.as_latin1().is_some_and(|b| b.is_ascii()) {
        return Ok(Value::string(s));
    }
    // 6-7.
    let out = normalize_units(&s.to_utf16(), form);
    Ok(vm.new_string_utf16(&out))
}

/// String.prototype.localeCompare ( that ) (#sec-string.prototype.localecompare):
/// without ECMA-402, code point order of the canonical decompositions
/// (so canonically equivalent strings compare equal).
fn locale_compare(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1-3.
    let s = this_str(vm, this)?;
    let that = vm.to_string(args.get(0))?;
    let a = normalize_units(&s.to_utf16(), Form::Nfd);
    let b = normalize_units(&that.to_utf16(), Form::Nfd);
    let ca = char::decode_utf16(a.iter().copied())
        .map(|c| c.map_or_else(|e| e.unpaired_surrogate() as u32, |c| c as u32));
    let cb = char::decode_utf16(b.iter().copied())
        .map(|c| c.map_or_else(|e| e.unpaired_surrogate() as u32, |c| c as u32));
    Ok(Value::int(match ca.cmp(cb) {
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => 1,
    }))
}
