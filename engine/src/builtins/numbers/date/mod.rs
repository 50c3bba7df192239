//! Date (#sec-date-objects): the constructor, Date.now/parse/UTC and the
//! prototype's conversion methods. Getters and setters live in
//! `accessors.rs`, time arithmetic in `time.rs`, the time zone in
//! `local.rs`, parsing in `parse.rs` and formatting in `format.rs`.

mod accessors;
pub mod format;
pub mod local;
pub mod parse;
pub mod time;

use crate::builtins::{global_binding, link_constructor, method, method_sym, native_function};
use crate::function::Args;
use crate::gc::{Gc, Trace, Tracer};
use crate::object::{Attrs, JsObject, ObjectClass, ObjectData, PropertyKey};
use crate::ops::conversion::Hint;
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::cell::Cell;
use time::*;

/// The [[DateValue]] internal slot.
pub struct DateData {
    pub value: Cell<f64>,
}

impl Trace for DateData {
    fn trace(&self, _t: &mut Tracer) {}
}

impl ObjectData for DateData {
    fn class_name(&self) -> &'static str {
        "Date"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// The [[DateValue]] of `v` if it is a Date object.
pub fn date_value(v: Value) -> Option<f64> {
    v.as_object()
        .and_then(|o| o.class.data::<DateData>().map(|d| d.value.get()))
}

/// thisTimeValue / RequireInternalSlot(dateObject, [[DateValue]]).
pub(super) fn this_date(vm: &mut Vm, this: Value) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o) if o.class.data::<DateData>().is_some() => Ok(o),
        _ => Err(vm.type_error("this is not a Date object.")),
    }
}

pub(super) fn this_time_value(vm: &mut Vm, this: Value) -> JsResult<f64> {
    let o = this_date(vm, this)?;
    Ok(o.class
        .data::<DateData>()
        .map(|d| d.value.get())
        .unwrap_or(f64::NAN))
}

pub(super) fn set_date_value(o: Gc<JsObject>, v: f64) {
    if let Some(d) = o.class.data::<DateData>() {
        d.value.set(v);
    }
}

/// The current time value (ms since the epoch, UTC).
pub fn now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as f64)
        .unwrap_or_else(|e| -(e.duration().as_millis() as f64))
}

pub fn init(vm: &mut Vm) {
    let proto = crate::builtins::object_with_proto(vm, Intrinsic::ObjectPrototype);
    vm.realm.set_intrinsic(Intrinsic::DatePrototype, proto);
    let ctor = native_function(vm, "Date", 7, constructor, true);
    vm.realm.set_intrinsic(Intrinsic::Date, ctor);
    link_constructor(vm, ctor, proto);
    method(vm, ctor, "now", 0, |_, _, _, _| Ok(Value::number(now())));
    method(vm, ctor, "parse", 1, date_parse);
    method(vm, ctor, "UTC", 7, date_utc);

    method(vm, proto, "getTime", 0, value_of);
    method(vm, proto, "setTime", 1, set_time);
    method(vm, proto, "toDateString", 0, to_date_string);
    method(vm, proto, "toISOString", 0, to_iso_string);
    method(vm, proto, "toJSON", 1, to_json);
    method(vm, proto, "toLocaleDateString", 0, to_locale_date_string);
    method(vm, proto, "toLocaleString", 0, to_locale_string);
    method(vm, proto, "toLocaleTimeString", 0, to_locale_time_string);
    method(vm, proto, "toString", 0, to_string);
    method(vm, proto, "toTimeString", 0, to_time_string);
    let utc = method(vm, proto, "toUTCString", 0, to_utc_string);
    method(vm, proto, "valueOf", 0, value_of);
    let tp = vm.symbols.to_primitive;
    let f = method_sym(vm, proto, tp, "[Symbol.toPrimitive]", 1, to_primitive);
    vm.define_builtin(
        proto,
        PropertyKey::Symbol(tp),
        Value::object(f),
        Attrs::CONFIGURABLE_ONLY,
    );
    accessors::init(vm, proto);
    // Annex B: toGMTString is the same function object as toUTCString.
    crate::builtins::value(vm, proto, "toGMTString", Value::object(utc), Attrs::HIDDEN);
    global_binding(vm, "Date", Value::object(ctor));
}

/// Date ( ...values ) (#sec-date).
fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    // 1. Called as a function: the current time as a string.
    if nt.is_undefined() {
        let s = format::to_date_string(now());
        return Ok(vm.new_string(&s));
    }
    let dv = match args.len() {
        0 => now(),
        1 => {
            let v = args.get(0);
            let tv = match date_value(v) {
                Some(tv) => tv,
                None => {
                    let p = vm.to_primitive(v, Hint::Default)?;
                    match p.as_string() {
                        Some(s) => parse::parse_date(&s.to_rust_string()),
                        None => vm.to_number(p)?,
                    }
                }
            };
            time_clip(tv)
        }
        _ => {
            let fields = date_fields(vm, args)?;
            time_clip(utc(fields))
        }
    };
    let proto = vm.get_prototype_from_constructor(nt, Intrinsic::DatePrototype)?;
    let o = vm.new_object_with(
        Some(proto),
        ObjectClass::Data(Box::new(DateData {
            value: Cell::new(dv),
        })),
    );
    Ok(Value::object(o))
}

/// The shared steps of Date(y, m, …) and Date.UTC: convert the arguments
/// in order and combine them (MakeFullYear, MakeDay, MakeTime, MakeDate).
fn date_fields(vm: &mut Vm, args: Args) -> JsResult<f64> {
    let y = vm.to_number(args.get(0))?;
    let m = if args.len() > 1 {
        vm.to_number(args.get(1))?
    } else {
        0.0
    };
    let mut rest = [1.0, 0.0, 0.0, 0.0, 0.0];
    for (k, slot) in rest.iter_mut().enumerate() {
        if args.len() > k + 2 {
            *slot = vm.to_number(args.get(k + 2))?;
        }
    }
    let [dt, h, min, s, milli] = rest;
    let yr = make_full_year(y);
    Ok(make_date(make_day(yr, m, dt), make_time(h, min, s, milli)))
}

/// Date.parse ( string ).
fn date_parse(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = vm.to_rust_string(args.get(0))?;
    Ok(Value::number(parse::parse_date(&s)))
}

/// Date.UTC ( year [ , month [ , date [ , hours [ , minutes [ , seconds [ , ms ] ] ] ] ] ] ).
fn date_utc(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = date_fields(vm, args)?;
    Ok(Value::number(time_clip(d)))
}

fn value_of(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::number(this_time_value(vm, this)?))
}

/// Date.prototype.setTime ( time ).
fn set_time(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = this_date(vm, this)?;
    let t = vm.to_number(args.get(0))?;
    let v = time_clip(t);
    set_date_value(o, v);
    Ok(Value::number(v))
}

fn string_method(vm: &mut Vm, this: Value, f: fn(f64) -> String) -> JsResult<Value> {
    let tv = this_time_value(vm, this)?;
    if tv.is_nan() {
        return Ok(vm.new_string("Invalid Date"));
    }
    let s = f(tv);
    Ok(vm.new_string(&s))
}

fn to_string(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    string_method(vm, this, format::to_date_string)
}
fn to_date_string(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    string_method(vm, this, format::date_only_string)
}
fn to_time_string(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    string_method(vm, this, format::time_only_string)
}
fn to_utc_string(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    string_method(vm, this, format::utc_string)
}
fn to_locale_string(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    string_method(vm, this, format::locale_string)
}
fn to_locale_date_string(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    string_method(vm, this, format::locale_date_string)
}
fn to_locale_time_string(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    string_method(vm, this, format::locale_time_string)
}

/// Date.prototype.toISOString ( ).
fn to_iso_string(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let tv = this_time_value(vm, this)?;
    if !tv.is_finite() {
        return Err(vm.range_error("Invalid time value"));
    }
    let s = format::iso_string(tv);
    Ok(vm.new_string(&s))
}

/// Date.prototype.toJSON ( key ) (#sec-date.prototype.tojson).
fn to_json(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    // 1-2.
    let o = vm.to_object(this)?;
    let tv = vm.to_primitive(Value::object(o), Hint::Number)?;
    // 3.
    if let Some(n) = tv.as_number() {
        if !n.is_finite() {
            return Ok(Value::NULL);
        }
    }
    // 4. Invoke(O, "toISOString").
    let key = vm.key("toISOString");
    let f = vm.get_prop(o, key)?;
    if !crate::object::class::value_is_callable(f) {
        return Err(vm.type_error("toISOString is not a function"));
    }
    vm.call(f, Value::object(o), &[])
}

/// Date.prototype [ %Symbol.toPrimitive% ] ( hint ).
fn to_primitive(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let Some(o) = this.as_object() else {
        return Err(vm.type_error("Date.prototype[Symbol.toPrimitive] called on non-object"));
    };
    let hint = args.get(0);
    let h = hint.as_string().map(|s| s.to_rust_string());
    let try_first = match h.as_deref() {
        Some("string") | Some("default") => Hint::String,
        Some("number") => Hint::Number,
        _ => return Err(vm.type_error("Invalid hint")),
    };
    vm.ordinary_to_primitive(o, try_first)
}
