//! Annex B String.prototype HTML methods (#sec-string.prototype.anchor and
//! following), all via CreateHTML.

use crate::builtins::method;
use crate::function::Args;
use crate::gc::Gc;
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    type F = crate::function::NativeFn;
    let methods: &[(&str, u32, F)] = &[
        ("anchor", 1, anchor),
        ("big", 0, big),
        ("blink", 0, blink),
        ("bold", 0, bold),
        ("fixed", 0, fixed),
        ("fontcolor", 1, fontcolor),
        ("fontsize", 1, fontsize),
        ("italics", 0, italics),
        ("link", 1, link),
        ("small", 0, small),
        ("strike", 0, strike),
        ("sub", 0, sub),
        ("sup", 0, sup),
    ];
    for &(name, len, f) in methods {
        method(vm, proto, name, len, f);
    }
}

/// CreateHTML ( string, tag, attribute, value ) (#sec-createhtml).
fn create_html(
    vm: &mut Vm,
    string: Value,
    tag: &str,
    attribute: &str,
    value: Value,
) -> JsResult<Value> {
    // 1-2.
    let str_ = vm.require_object_coercible(string)?;
    let s = vm.to_string(str_)?;
    // 3.
    let mut p1: Vec<u16> = Vec::with_capacity(s.len() + 2 * tag.len() + 5);
    p1.push(b'<' as u16);
    p1.extend(tag.encode_utf16());
    // 4.
    if !attribute.is_empty() {
        let v = vm.to_string(value)?;
        p1.push(b' ' as u16);
        p1.extend(attribute.encode_utf16());
        p1.extend("=\"".encode_utf16());
        for u in v.units() {
            if u == b'"' as u16 {
                p1.extend("&quot;".encode_utf16());
            } else {
                p1.push(u);
            }
        }
        p1.push(b'"' as u16);
    }
    // 5-8.
    p1.push(b'>' as u16);
    p1.extend(s.units());
    p1.extend("</".encode_utf16());
    p1.extend(tag.encode_utf16());
    p1.push(b'>' as u16);
    if p1.len() > crate::string::MAX_STRING_LENGTH {
        return Err(vm.range_error("Invalid string length"));
    }
    Ok(vm.new_string_utf16(&p1))
}

macro_rules! html_methods {
    ($($(#[$doc:meta])* $name:ident => $tag:expr, $attr:expr;)*) => {
        $(
            $(#[$doc])*
            fn $name(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
                create_html(vm, this, $tag, $attr, args.get(0))
            }
        )*
    };
}

html_methods! {
    /// String.prototype.anchor ( name ) (#sec-string.prototype.anchor).
    anchor => "a", "name";
    /// String.prototype.big ( ) (#sec-string.prototype.big).
    big => "big", "";
    /// String.prototype.blink ( ) (#sec-string.prototype.blink).
    blink => "blink", "";
    /// String.prototype.bold ( ) (#sec-string.prototype.bold).
    bold => "b", "";
    /// String.prototype.fixed ( ) (#sec-string.prototype.fixed).
    fixed => "tt", "";
    /// String.prototype.fontcolor ( colour ) (#sec-string.prototype.fontcolor).
    fontcolor => "font", "color";
    /// String.prototype.fontsize ( size ) (#sec-string.prototype.fontsize).
    fontsize => "font", "size";
    /// String.prototype.italics ( ) (#sec-string.prototype.italics).
    italics => "i", "";
    /// String.prototype.link ( url ) (#sec-string.prototype.link).
    link => "a", "href";
    /// String.prototype.small ( ) (#sec-string.prototype.small).
    small => "small", "";
    /// String.prototype.strike ( ) (#sec-string.prototype.strike).
    strike => "strike", "";
    /// String.prototype.sub ( ) (#sec-string.prototype.sub).
    sub => "sub", "";
    /// String.prototype.sup ( ) (#sec-string.prototype.sup).
    sup => "sup", "";
}
