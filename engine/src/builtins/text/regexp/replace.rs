//! RegExp.prototype [ %Symbol.replace% ] and GetSubstitution.

use super::exec::{advance_string_index, get_last_index, regexp_exec, set_last_index};
use super::symbols::{contains, get_flags, match_string};
use crate::builtins::method_sym;
use crate::function::Args;
use crate::gc::{Gc, ValueList};
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    let s = vm.symbols.replace;
    method_sym(vm, proto, s, "[Symbol.replace]", 2, symbol_replace);
}

const DOLLAR: u16 = b'$' as u16;

fn is_digit(u: u16) -> bool {
    (b'0' as u16..=b'9' as u16).contains(&u)
}

/// GetSubstitution ( matched, str, position, captures, namedCaptures,
/// replacementTemplate ) (#sec-getsubstitution). `captures` holds strings
/// or undefined; `named_captures` is an object or undefined.
pub fn get_substitution(
    vm: &mut Vm,
    matched: &[u16],
    s: &[u16],
    position: usize,
    captures: &[Value],
    named_captures: Value,
    template: &[u16],
) -> JsResult<Vec<u16>> {
    let string_length = s.len();
    let position = position.min(string_length);
    let mut result: Vec<u16> = Vec::with_capacity(template.len());
    let mut i = 0;
    while i < template.len() {
        let c = template[i];
        let next = template.get(i + 1).copied();
        if c != DOLLAR || next.is_none() {
            result.push(c);
            i += 1;
            continue;
        }
        let n = next.unwrap_or(0);
        if n == DOLLAR {
            result.push(DOLLAR);
            i += 2;
        } else if n == b'`' as u16 {
            result.extend_from_slice(&s[..position]);
            i += 2;
        } else if n == b'&' as u16 {
            result.extend_from_slice(matched);
            i += 2;
        } else if n == b'\'' as u16 {
            let tail_pos = (position + matched.len()).min(string_length);
            result.extend_from_slice(&s[tail_pos..]);
            i += 2;
        } else if is_digit(n) {
            let two = template.get(i + 2).copied().filter(|&d| is_digit(d));
            let mut digit_count = if two.is_some() { 2 } else { 1 };
            let mut index = (n - b'0' as u16) as usize;
            if let Some(d2) = two {
                index = index * 10 + (d2 - b'0' as u16) as usize;
            }
            let capture_len = captures.len();
            if index > capture_len && digit_count == 2 {
                digit_count = 1;
                index = (n - b'0' as u16) as usize;
            }
            if (1..=capture_len).contains(&index) {
                let cap = captures[index - 1];
                if let Some(cs) = cap.as_string() {
                    result.extend(cs.units());
                }
            } else {
                result.extend_from_slice(&template[i..i + 1 + digit_count]);
            }
            i += 1 + digit_count;
        } else if n == b'<' as u16 {
            let gt = template[i..].iter().position(|&u| u == b'>' as u16);
            match (gt, named_captures.as_object()) {
                (Some(gt_pos), Some(nc)) => {
                    let name = &template[i + 2..i + gt_pos];
                    let name_s = vm.heap.alloc_utf16(name);
                    let key = vm.key_from_string(name_s);
                    let capture = vm.get_prop(nc, key)?;
                    if !capture.is_undefined() {
                        let cs = vm.to_string(capture)?;
                        result.extend(cs.units());
                    }
                    i += gt_pos + 1;
                }
                _ => {
                    result.extend_from_slice(&template[i..i + 2]);
                    i += 2;
                }
            }
        } else {
            result.push(DOLLAR);
            i += 1;
        }
    }
    Ok(result)
}

/// RegExp.prototype [ %Symbol.replace% ] ( string, replaceValue )
/// (#sec-regexp.prototype-%symbol.replace%).
///
/// Single values are locals (found by the stack scan); the match results
/// and each match's captures, kept while user code runs, are rooted lists.
fn symbol_replace(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1-2.
    let Some(rx) = this.as_object() else {
        return Err(vm.type_error("RegExp.prototype[Symbol.replace] called on a non-object"));
    };
    // 3-4.
    let s = vm.to_string(args.get(0))?;
    let su = s.to_utf16();
    let length_s = su.len();
    // 5-6.
    let mut replace_value = args.get(1);
    let functional = crate::object::class::value_is_callable(replace_value);
    if !functional {
        replace_value = Value::string(vm.to_string(replace_value)?);
    }
    // 7-9.
    let flags = get_flags(vm, rx)?;
    let global = contains(&flags, b'g');
    if global {
        set_last_index(vm, rx, 0.0)?;
    }
    // 10-12.
    let mut results: ValueList = vm.rooted_vec();
    loop {
        let result = regexp_exec(vm, rx, s)?;
        if result.is_null() {
            break;
        }
        results.push(result);
        if !global {
            break;
        }
        let match_str = match_string(vm, result)?;
        if match_str.is_empty() {
            let this_index = get_last_index(vm, rx)?;
            let full_unicode = contains(&flags, b'u') || contains(&flags, b'v');
            let next_index = advance_string_index(&s, this_index, full_unicode);
            set_last_index(vm, rx, next_index as f64)?;
        }
    }
    // 13-14.
    let template: Vec<u16> = replace_value
        .as_string()
        .map(|t| t.to_utf16())
        .unwrap_or_default();
    let mut acc: Vec<u16> = Vec::with_capacity(length_s);
    let mut next_source_position = 0usize;
    // 15.
    for result in results {
        vm.tick()?;
        let Some(ro) = result.as_object() else {
            continue;
        };
        let result_length = vm.length_of_array_like(ro)?;
        let n_captures = result_length.saturating_sub(1);
        let matched = match_string(vm, result)?;
        let match_length = matched.len();
        let ik = vm.names.index;
        let pv = vm.get_prop(ro, ik)?;
        let position = vm.to_integer_or_infinity(pv)?.clamp(0.0, length_s as f64) as usize;
        let mut captures: ValueList = vm.rooted_vec();
        let mut n = 1;
        while n <= n_captures {
            let k = vm.index_key(n);
            let mut cap = vm.get_prop(ro, k)?;
            if !cap.is_undefined() {
                cap = Value::string(vm.to_string(cap)?);
            }
            captures.push(cap);
            n += 1;
        }
        let gk = vm.names.groups;
        let mut named = vm.get_prop(ro, gk)?;
        let replacement: Vec<u16> = if functional {
            let mut call_args = Vec::with_capacity(captures.len() + 4);
            call_args.push(Value::string(matched));
            call_args.extend_from_slice(&captures);
            call_args.push(Value::number(position as f64));
            call_args.push(Value::string(s));
            if !named.is_undefined() {
                call_args.push(named);
            }
            let v = vm.call(replace_value, Value::UNDEFINED, &call_args)?;
            vm.to_string(v)?.to_utf16()
        } else {
            if !named.is_undefined() {
                named = Value::object(vm.to_object(named)?);
            }
            let mu = matched.to_utf16();
            get_substitution(vm, &mu, &su, position, &captures, named, &template)?
        };
        if position >= next_source_position {
            acc.extend_from_slice(&su[next_source_position..position]);
            acc.extend_from_slice(&replacement);
            next_source_position = position + match_length;
        }
    }
    // 16-17.
    if next_source_position < length_s {
        acc.extend_from_slice(&su[next_source_position..]);
    }
    if acc.len() > crate::string::MAX_STRING_LENGTH {
        return Err(vm.range_error("Invalid string length"));
    }
    Ok(vm.new_string_utf16(&acc))
}
