//! Legacy RegExp static properties (`RegExp.$1`, `RegExp.lastMatch`, …) as
//! the RegExp legacy features proposal specifies them
//! (GetLegacyRegExpStaticProperty, UpdateLegacyRegExpStaticProperties,
//! InvalidateLegacyRegExpStaticProperties).
//!
//! The values are kept lazily: the last successful match's input and
//! ranges, turned into strings when read.

use super::compile::MatchResult;
use super::data_of;
use crate::builtins::{captures_of, native_function};
use crate::function::{Args, NativeFn};
use crate::gc::{Gc, Trace, Tracer};
use crate::object::{Attrs, JsObject, ObjectClass, ObjectData, Slot};
use crate::realm::Intrinsic;
use crate::string::JsString;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::cell::{Cell, RefCell};

/// The static-property internal slots of %RegExp%.
struct LegacyStatics {
    /// Whether the slots hold values (false = ~empty~ after invalidation).
    valid: Cell<bool>,
    /// [[RegExpInput]] (settable on its own).
    input: Cell<Option<Gc<JsString>>>,
    /// The string the last match ran on.
    subject: Cell<Option<Gc<JsString>>>,
    start: Cell<usize>,
    end: Cell<usize>,
    captures: RefCell<Vec<Option<(usize, usize)>>>,
}

impl Trace for LegacyStatics {
    fn trace(&self, t: &mut Tracer) {
        self.input.trace(t);
        self.subject.trace(t);
    }
}
impl ObjectData for LegacyStatics {
    fn class_name(&self) -> &'static str {
        "RegExpLegacyStatics"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

const INPUT: u8 = 0;
const LAST_MATCH: u8 = 1;
const LAST_PAREN: u8 = 2;
const LEFT_CONTEXT: u8 = 3;
const RIGHT_CONTEXT: u8 = 4;
// $1-$9 are PAREN + 1 ..= PAREN + 9.
const PAREN: u8 = 4;

pub fn init(vm: &mut Vm, ctor: Gc<JsObject>) {
    let state = LegacyStatics {
        valid: Cell::new(true),
        input: Cell::new(None),
        subject: Cell::new(None),
        start: Cell::new(0),
        end: Cell::new(0),
        captures: RefCell::new(Vec::new()),
    };
    let so = vm.new_object_with(None, ObjectClass::Data(Box::new(state)));
    if let ObjectClass::NativeFunction(n) = &ctor.class {
        n.captures.borrow_mut().push(Value::object(so));
    }
    let set_input: NativeFn = set_input;
    let props: &[(&str, NativeFn, bool)] = &[
        ("input", get::<INPUT>, true),
        ("$_", get::<INPUT>, true),
        ("lastMatch", get::<LAST_MATCH>, false),
        ("$&", get::<LAST_MATCH>, false),
        ("lastParen", get::<LAST_PAREN>, false),
        ("$+", get::<LAST_PAREN>, false),
        ("leftContext", get::<LEFT_CONTEXT>, false),
        ("$`", get::<LEFT_CONTEXT>, false),
        ("rightContext", get::<RIGHT_CONTEXT>, false),
        ("$'", get::<RIGHT_CONTEXT>, false),
        ("$1", get::<{ PAREN + 1 }>, false),
        ("$2", get::<{ PAREN + 2 }>, false),
        ("$3", get::<{ PAREN + 3 }>, false),
        ("$4", get::<{ PAREN + 4 }>, false),
        ("$5", get::<{ PAREN + 5 }>, false),
        ("$6", get::<{ PAREN + 6 }>, false),
        ("$7", get::<{ PAREN + 7 }>, false),
        ("$8", get::<{ PAREN + 8 }>, false),
        ("$9", get::<{ PAREN + 9 }>, false),
    ];
    for &(name, g, settable) in props {
        let gf = native_function(vm, &format!("get {name}"), 0, g, false);
        let sf = if settable {
            Value::object(native_function(
                vm,
                &format!("set {name}"),
                1,
                set_input,
                false,
            ))
        } else {
            Value::UNDEFINED
        };
        let k = vm.key(name);
        ctor.define_raw(
            &vm.heap,
            k,
            Slot::Accessor {
                get: Value::object(gf),
                set: sf,
            },
            Attrs::CONFIGURABLE_ONLY,
        );
    }
}

fn statics_of(ctor: Gc<JsObject>) -> Option<Gc<JsObject>> {
    captures_of(ctor)
        .get(super::CAPTURE_LEGACY)
        .and_then(|v| v.as_object())
        .filter(|o| o.class.data::<LegacyStatics>().is_some())
}

/// After a successful RegExpBuiltinExec: UpdateLegacyRegExpStaticProperties
/// when R's legacy features are enabled, else invalidate them.
pub fn after_match(vm: &mut Vm, r: Gc<JsObject>, s: Gc<JsString>, m: &MatchResult) {
    let Some(d) = data_of(&r) else { return };
    let this_ctor = vm.intrinsic(Intrinsic::RegExp);
    let Some(rc) = d.realm_ctor.get() else { return };
    if !Gc::ptr_eq(rc, this_ctor) {
        return;
    }
    let Some(so) = statics_of(this_ctor) else {
        return;
    };
    let Some(st) = so.class.data::<LegacyStatics>() else {
        return;
    };
    if !d.legacy.get() {
        st.valid.set(false);
        return;
    }
    st.valid.set(true);
    st.input.set(Some(s));
    st.subject.set(Some(s));
    st.start.set(m.start);
    st.end.set(m.end);
    *st.captures.borrow_mut() = m.captures.clone();
}

/// GetLegacyRegExpStaticProperty ( C, thisValue, internalSlotName ).
fn get<const SLOT: u8>(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let ctor = vm.intrinsic(Intrinsic::RegExp);
    // 2.
    if !this.as_object().is_some_and(|o| Gc::ptr_eq(o, ctor)) {
        return Err(
            vm.type_error("RegExp legacy static accessor called on an incompatible receiver")
        );
    }
    let Some(so) = statics_of(ctor) else {
        return Ok(Value::UNDEFINED);
    };
    let Some(st) = so.class.data::<LegacyStatics>() else {
        return Ok(Value::UNDEFINED);
    };
    // 3-4.
    if !st.valid.get() {
        return Err(vm.type_error("RegExp legacy static properties are not available"));
    }
    if SLOT == INPUT {
        return Ok(match st.input.get() {
            Some(s) => Value::string(s),
            None => vm.new_string(""),
        });
    }
    let Some(s) = st.subject.get() else {
        return Ok(vm.new_string(""));
    };
    let (start, end) = (st.start.get(), st.end.get());
    let caps = st.captures.borrow().clone();
    let range = match SLOT {
        LAST_MATCH => Some((start, end)),
        LAST_PAREN => caps.last().copied().flatten(),
        LEFT_CONTEXT => Some((0, start)),
        RIGHT_CONTEXT => Some((end, s.len())),
        n => caps.get((n - PAREN - 1) as usize).copied().flatten(),
    };
    Ok(match range {
        Some((a, b)) => crate::builtins::text::string::substring(vm, s, a, b),
        None => vm.new_string(""),
    })
}

/// SetLegacyRegExpStaticProperty ( C, thisValue, internalSlotName, val ).
fn set_input(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let ctor = vm.intrinsic(Intrinsic::RegExp);
    if !this.as_object().is_some_and(|o| Gc::ptr_eq(o, ctor)) {
        return Err(
            vm.type_error("RegExp legacy static accessor called on an incompatible receiver")
        );
    }
    let s = vm.to_string(args.get(0))?;
    if let Some(so) = statics_of(ctor) {
        if let Some(st) = so.class.data::<LegacyStatics>() {
            st.input.set(Some(s));
        }
    }
    Ok(Value::UNDEFINED)
}
