//! RegExp (#sec-regexp-regular-expression-objects): the constructor, its
//! properties and the RegExp creation operations. Matching runs on Lode's
//! own engine, the `lode-regexp` crate (see `compile.rs`, `exec.rs`).

pub mod compile;
pub mod exec;
pub mod iterator;
pub mod legacy;
pub mod prototype;
pub mod replace;
pub mod symbols;

use crate::builtins::{accessor, global_binding, link_constructor, method, native_function};
use crate::function::Args;
use crate::gc::{Gc, Trace, Tracer};
use crate::object::{Attrs, JsObject, ObjectClass, ObjectData, PropertyKey};
use crate::realm::Intrinsic;
use crate::string::JsString;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use lode_regexp::Regex;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// A string and its code units widened to UTF-16.
type WidenedInput = Option<(Gc<JsString>, Rc<[u16]>)>;

/// The internal slots of a RegExp instance: [[OriginalSource]],
/// [[OriginalFlags]], [[RegExpMatcher]] (+ the flags decoded), and the
/// legacy-features slots of the RegExp legacy features proposal.
pub struct RegExpData {
    pub source: Cell<Option<Gc<JsString>>>,
    pub flags: Cell<Option<Gc<JsString>>>,
    pub bits: Cell<u8>,
    pub matcher: RefCell<Option<Rc<Regex>>>,
    /// [[LegacyFeaturesEnabled]].
    pub legacy: Cell<bool>,
    /// [[Realm]] of the legacy proposal: the realm whose %RegExp% holds the
    /// static properties this regexp updates.
    pub realm_ctor: Cell<Option<Gc<JsObject>>>,
}

impl Trace for RegExpData {
    fn trace(&self, t: &mut Tracer) {
        self.source.trace(t);
        self.flags.trace(t);
        self.realm_ctor.trace(t);
    }
}
impl ObjectData for RegExpData {
    fn class_name(&self) -> &'static str {
        "RegExp"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl RegExpData {
    fn new() -> RegExpData {
        RegExpData {
            source: Cell::new(None),
            flags: Cell::new(None),
            bits: Cell::new(0),
            matcher: RefCell::new(None),
            legacy: Cell::new(false),
            realm_ctor: Cell::new(None),
        }
    }
}

/// The last Latin-1 match input widened to UTF-16, per realm (strings are
/// immutable, so the same cell always gives the same units). Kept among the
/// RegExp constructor's captures.
struct InputCache {
    entry: RefCell<WidenedInput>,
}

impl Trace for InputCache {
    fn trace(&self, t: &mut Tracer) {
        if let Some((s, _)) = &*self.entry.borrow() {
            t.mark(*s);
        }
    }
}
impl ObjectData for InputCache {
    fn class_name(&self) -> &'static str {
        "RegExpInputCache"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// Indices into the RegExp constructor's captures.
pub const CAPTURE_INPUT_CACHE: usize = 0;
pub const CAPTURE_LEGACY: usize = 1;
pub const CAPTURE_EXEC: usize = 2;
/// From here on: (key, original getter) pairs of the prototype accessors.
pub const CAPTURE_ACCESSORS: usize = 3;

/// `s` (stored as Latin-1) as UTF-16 code units, widened once per string.
pub fn units_of(vm: &Vm, s: Gc<JsString>) -> Rc<[u16]> {
    let ctor = vm.intrinsic(Intrinsic::RegExp);
    let cache = match &ctor.class {
        ObjectClass::NativeFunction(n) => n
            .captures
            .borrow()
            .get(CAPTURE_INPUT_CACHE)
            .and_then(|v| v.as_object()),
        _ => None,
    };
    let Some(cache) = cache else {
        return s.units().collect();
    };
    let Some(c) = cache.class.data::<InputCache>() else {
        return s.units().collect();
    };
    if let Some((cs, u)) = &*c.entry.borrow() {
        if Gc::ptr_eq(*cs, s) {
            return u.clone();
        }
    }
    let u: Rc<[u16]> = s.units().collect();
    *c.entry.borrow_mut() = Some((s, u.clone()));
    u
}

/// The RegExp object `v` (an object with [[RegExpMatcher]]), if it is one.
pub fn as_regexp(v: Value) -> Option<Gc<JsObject>> {
    v.as_object()
        .filter(|o| o.class.data::<RegExpData>().is_some())
}

/// The internal slots of a RegExp object.
pub fn data_of(o: &JsObject) -> Option<&RegExpData> {
    o.class.data::<RegExpData>()
}

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    vm.realm.set_intrinsic(Intrinsic::RegExpPrototype, proto);
    let ctor = native_function(vm, "RegExp", 2, constructor, true);
    vm.realm.set_intrinsic(Intrinsic::RegExp, ctor);
    link_constructor(vm, ctor, proto);
    method(vm, ctor, "escape", 1, escape);
    let sk = PropertyKey::Symbol(vm.symbols.species);
    accessor(vm, ctor, sk, "[Symbol.species]", Some(get_species), None);
    // The constructor's captures: [input cache, legacy statics,
    // %RegExp.prototype.exec%, accessor pairs…] (see CAPTURE_*).
    let cache = InputCache {
        entry: RefCell::new(None),
    };
    let co = vm.new_object_with(None, ObjectClass::Data(Box::new(cache)));
    if let ObjectClass::NativeFunction(n) = &ctor.class {
        n.captures.borrow_mut().push(Value::object(co));
    }
    legacy::init(vm, ctor);
    prototype::init(vm, proto);
    iterator::init(vm);
    global_binding(vm, "RegExp", Value::object(ctor));
}

/// IsRegExp (#sec-isregexp).
pub fn is_regexp(vm: &mut Vm, v: Value) -> JsResult<bool> {
    let Some(o) = v.as_object() else {
        return Ok(false);
    };
    let mk = PropertyKey::Symbol(vm.symbols.match_);
    let m = vm.get_prop(o, mk)?;
    if !m.is_undefined() {
        return Ok(vm.to_boolean(m));
    }
    Ok(data_of(&o).is_some())
}

/// RegExp ( pattern, flags ) (#sec-regexp-pattern-flags).
fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    let active = vm
        .native_callee
        .map(Value::object)
        .unwrap_or_else(|| Value::object(vm.intrinsic(Intrinsic::RegExp)));
    let pattern = args.get(0);
    let flags = args.get(1);
    // 1.
    let pattern_is_regexp = is_regexp(vm, pattern)?;
    // 2-3.
    let new_target = if nt.is_undefined() {
        if pattern_is_regexp && flags.is_undefined() {
            let ck = vm.names.constructor;
            let pc = vm.get_v(pattern, ck)?;
            if crate::object::ops::same_value(active, pc) {
                return Ok(pattern);
            }
        }
        active
    } else {
        nt
    };
    // 4-6.
    let (p, f) = if let Some(d) =
        as_regexp(pattern).and_then(|o| data_of(&o).map(|d| (d.source.get(), d.flags.get())))
    {
        let p = d.0.map(Value::string).unwrap_or(Value::UNDEFINED);
        let f = if flags.is_undefined() {
            d.1.map(Value::string).unwrap_or(Value::UNDEFINED)
        } else {
            flags
        };
        (p, f)
    } else if pattern_is_regexp {
        let sk = vm.names.source;
        let p = vm.get_v(pattern, sk)?;
        let f = if flags.is_undefined() {
            let fk = vm.names.flags;
            vm.get_v(pattern, fk)?
        } else {
            flags
        };
        (p, f)
    } else {
        (pattern, flags)
    };
    // 7-8.
    let o = regexp_alloc(vm, new_target)?;
    regexp_initialize(vm, o, p, f)
}

/// RegExpAlloc (#sec-regexpalloc), with the legacy proposal's
/// [[LegacyFeaturesEnabled]] decision.
pub fn regexp_alloc(vm: &mut Vm, new_target: Value) -> JsResult<Gc<JsObject>> {
    let proto = vm.get_prototype_from_constructor(new_target, Intrinsic::RegExpPrototype)?;
    let data = RegExpData::new();
    let this_ctor = vm.intrinsic(Intrinsic::RegExp);
    data.legacy.set(
        new_target
            .as_object()
            .is_some_and(|nt| Gc::ptr_eq(nt, this_ctor)),
    );
    data.realm_ctor.set(Some(this_ctor));
    let o = vm.new_object_with(Some(proto), ObjectClass::Data(Box::new(data)));
    let lk = vm.names.last_index;
    vm.define_builtin(o, lk, Value::UNDEFINED, Attrs(Attrs::WRITABLE));
    Ok(o)
}

/// RegExpInitialize (#sec-regexpinitialize).
pub fn regexp_initialize(
    vm: &mut Vm,
    o: Gc<JsObject>,
    pattern: Value,
    flags: Value,
) -> JsResult<Value> {
    // 1-2.
    let p = if pattern.is_undefined() {
        vm.heap.alloc_latin1(b"")
    } else {
        vm.to_string(pattern)?
    };
    // 3-4.
    let f = if flags.is_undefined() {
        vm.heap.alloc_latin1(b"")
    } else {
        vm.to_string(flags)?
    };
    // 5.
    let Some(bits) = compile::parse_flags(f.units()) else {
        return Err(vm.syntax_error(&format!(
            "Invalid regular expression flags '{}'",
            f.to_rust_string()
        )));
    };
    // 6-16.
    let regex = match compile::compile(&p.to_utf16(), bits) {
        Ok(r) => r,
        Err(msg) => {
            let text = format!(
                "Invalid regular expression: /{}/{}: {}",
                p.to_rust_string(),
                f.to_rust_string(),
                msg
            );
            return Err(vm.syntax_error(&text));
        }
    };
    if let Some(d) = data_of(&o) {
        d.source.set(Some(p));
        d.flags.set(Some(f));
        d.bits.set(bits);
        *d.matcher.borrow_mut() = Some(regex);
    }
    // 17.
    let lk = vm.names.last_index;
    vm.set_prop(o, lk, Value::int(0), true)?;
    Ok(Value::object(o))
}

/// RegExpCreate (#sec-regexpcreate); regexp literals call this.
pub fn regexp_create(vm: &mut Vm, pattern: Value, flags: Value) -> JsResult<Value> {
    let ctor = Value::object(vm.intrinsic(Intrinsic::RegExp));
    let o = regexp_alloc(vm, ctor)?;
    regexp_initialize(vm, o, pattern, flags)
}

/// get RegExp [ %Symbol.species% ] (#sec-get-regexp-%symbol.species%).
fn get_species(_vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    Ok(this)
}

/// RegExp.escape ( S ) (#sec-regexp.escape).
fn escape(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1.
    let Some(s) = args.get(0).as_string() else {
        return Err(vm.type_error("RegExp.escape requires a string"));
    };
    let units = s.to_utf16();
    let mut out: Vec<u16> = Vec::with_capacity(units.len() * 2);
    let mut i = 0;
    while i < units.len() {
        let (cp, n) = crate::builtins::text::string::code_point_at_slice(&units, i);
        if out.is_empty() && (is_ascii_digit(cp) || is_ascii_letter(cp)) {
            push_ascii(&mut out, &format!("\\x{cp:02x}"));
        } else {
            encode_for_regexp_escape(&mut out, cp);
        }
        i += n;
    }
    Ok(vm.new_string_utf16(&out))
}

fn is_ascii_digit(cp: u32) -> bool {
    (0x30..=0x39).contains(&cp)
}
fn is_ascii_letter(cp: u32) -> bool {
    (0x41..=0x5A).contains(&cp) || (0x61..=0x7A).contains(&cp)
}
fn push_ascii(out: &mut Vec<u16>, s: &str) {
    out.extend(s.bytes().map(|b| b as u16));
}

/// EncodeForRegExpEscape (#sec-encodeforregexpescape).
fn encode_for_regexp_escape(out: &mut Vec<u16>, cp: u32) {
    // 1. SyntaxCharacter or "/".
    if "^$\\.*+?()[]{}|/".chars().any(|c| c as u32 == cp) {
        out.push(b'\\' as u16);
        out.push(cp as u16);
        return;
    }
    // 2. ControlEscape.
    let control = match cp {
        0x09 => Some('t'),
        0x0A => Some('n'),
        0x0B => Some('v'),
        0x0C => Some('f'),
        0x0D => Some('r'),
        _ => None,
    };
    if let Some(c) = control {
        out.push(b'\\' as u16);
        out.push(c as u16);
        return;
    }
    // 3-4.
    let other = ",-=<>#&!%:;@~'`\"".chars().any(|c| c as u32 == cp);
    let ws = crate::builtins::text::string::is_js_whitespace(cp)
        || matches!(cp, 0x0A | 0x0D | 0x2028 | 0x2029);
    if other || ws || (0xD800..=0xDFFF).contains(&cp) {
        if cp <= 0xFF {
            push_ascii(out, &format!("\\x{cp:02x}"));
            return;
        }
        let mut units = Vec::new();
        crate::builtins::text::string::push_code_point(&mut units, cp);
        for u in units {
            push_ascii(out, &format!("\\u{u:04x}"));
        }
        return;
    }
    // 5.
    crate::builtins::text::string::push_code_point(out, cp);
}
