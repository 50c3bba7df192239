//! Temporal.PlainTime (#sec-temporal-plaintime-objects).

use super::duration::{new_duration, to_duration, to_string_options};
use super::fields::{partial_temporal_object, read_fields, F_TIME};
use super::options::{
    difference_settings, get_options_object, overflow, round_options, to_integer_with_truncation,
};
use super::{create, getter, js_str, make_class, ord_value, slot_of, this_slot, tr, value_of};
use crate::builtins::method;
use crate::function::Args;
use crate::gc::Gc;
use crate::object::JsObject;
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use temporal_rs::options::ToStringRoundingOptions;
use temporal_rs::{PlainDateTime, PlainTime, ZonedDateTime};

const NAME: &str = "Temporal.PlainTime";

pub(super) fn init(vm: &mut Vm, ns: Gc<JsObject>) {
    let (ctor, proto) = make_class(
        vm,
        ns,
        "PlainTime",
        0,
        constructor,
        Intrinsic::TemporalPlainTimePrototype,
        Intrinsic::TemporalPlainTime,
    );
    method(vm, ctor, "from", 1, from);
    method(vm, ctor, "compare", 2, compare);
    getter(vm, proto, "hour", |vm, t, _, _| {
        field(vm, t, |x| x.hour() as f64)
    });
    getter(vm, proto, "minute", |vm, t, _, _| {
        field(vm, t, |x| x.minute() as f64)
    });
    getter(vm, proto, "second", |vm, t, _, _| {
        field(vm, t, |x| x.second() as f64)
    });
    getter(vm, proto, "millisecond", |vm, t, _, _| {
        field(vm, t, |x| x.millisecond() as f64)
    });
    getter(vm, proto, "microsecond", |vm, t, _, _| {
        field(vm, t, |x| x.microsecond() as f64)
    });
    getter(vm, proto, "nanosecond", |vm, t, _, _| {
        field(vm, t, |x| x.nanosecond() as f64)
    });
    method(vm, proto, "add", 1, add);
    method(vm, proto, "subtract", 1, subtract);
    method(vm, proto, "with", 1, with);
    method(vm, proto, "until", 1, until);
    method(vm, proto, "since", 1, since);
    method(vm, proto, "round", 1, round);
    method(vm, proto, "equals", 1, equals);
    method(vm, proto, "toString", 0, to_string);
    method(vm, proto, "toLocaleString", 0, to_json);
    method(vm, proto, "toJSON", 0, to_json);
    method(vm, proto, "valueOf", 0, value_of);
}

fn recv(vm: &mut Vm, t: Value) -> JsResult<PlainTime> {
    this_slot::<PlainTime>(vm, t, NAME)
}

fn field(vm: &mut Vm, t: Value, f: fn(&PlainTime) -> f64) -> JsResult<Value> {
    let x = recv(vm, t)?;
    Ok(Value::number(f(&x)))
}

pub(super) fn new_time(vm: &mut Vm, t: PlainTime, nt: Value) -> JsResult<Value> {
    create(vm, t, NAME, nt, Intrinsic::TemporalPlainTimePrototype)
}

/// Time components as numbers, checked against their ranges (IsValidTime).
pub(super) fn time_from_f64(vm: &mut Vm, v: &[f64; 6]) -> JsResult<PlainTime> {
    let max = [23.0, 59.0, 59.0, 999.0, 999.0, 999.0];
    if v.iter().zip(max.iter()).any(|(x, m)| *x < 0.0 || *x > *m) {
        return Err(vm.range_error("time value out of range"));
    }
    let [h, mi, sec, ms, us, ns] = *v;
    tr(
        vm,
        PlainTime::try_new(
            h as u8, mi as u8, sec as u8, ms as u16, us as u16, ns as u16,
        ),
    )
}

/// Temporal.PlainTime ( [hour ... nanosecond] ) (#sec-temporal.plaintime).
fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    if nt.is_undefined() {
        return Err(vm.type_error("Constructor Temporal.PlainTime requires 'new'"));
    }
    let mut v = [0.0f64; 6];
    for (i, slot) in v.iter_mut().enumerate() {
        let a = args.get(i);
        if !a.is_undefined() {
            *slot = to_integer_with_truncation(vm, a)?;
        }
    }
    let t = time_from_f64(vm, &v)?;
    new_time(vm, t, nt)
}

/// ToTemporalTime (#sec-temporal-totemporaltime); `options` is read
/// after the item, as the spec orders it.
pub(super) fn to_time(vm: &mut Vm, item: Value, options: Value) -> JsResult<PlainTime> {
    if let Some(o) = item.as_object() {
        let known = slot_of::<PlainTime>(item)
            .or_else(|| slot_of::<PlainDateTime>(item).map(|d| d.to_plain_time()))
            .or_else(|| slot_of::<ZonedDateTime>(item).map(|z| z.to_plain_time()));
        if let Some(t) = known {
            let opts = get_options_object(vm, options)?;
            overflow(vm, opts)?;
            return Ok(t);
        }
        let cal = temporal_rs::Calendar::default();
        let f = read_fields(vm, o, &cal, F_TIME)?;
        if !f.any {
            return Err(vm.type_error("time-like object has no time fields"));
        }
        let opts = get_options_object(vm, options)?;
        let ov = overflow(vm, opts)?;
        let p = f.partial_time(vm, ov)?;
        return tr(vm, PlainTime::from_partial(p, Some(ov)));
    }
    if !item.is_string() {
        return Err(vm.type_error("a time must be a string or an object"));
    }
    let s = vm.to_rust_string(item)?;
    let t = tr(vm, PlainTime::from_utf8(s.as_bytes()))?;
    let opts = get_options_object(vm, options)?;
    overflow(vm, opts)?;
    Ok(t)
}

fn from(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let t = to_time(vm, args.get(0), args.get(1))?;
    new_time(vm, t, Value::UNDEFINED)
}

fn compare(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let a = to_time(vm, args.get(0), Value::UNDEFINED)?;
    let b = to_time(vm, args.get(1), Value::UNDEFINED)?;
    Ok(ord_value(a.cmp(&b)))
}

fn add(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let t = recv(vm, this)?;
    let d = to_duration(vm, args.get(0))?;
    let r = tr(vm, t.add(&d))?;
    new_time(vm, r, Value::UNDEFINED)
}

fn subtract(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let t = recv(vm, this)?;
    let d = to_duration(vm, args.get(0))?;
    let r = tr(vm, t.subtract(&d))?;
    new_time(vm, r, Value::UNDEFINED)
}

fn with(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let t = recv(vm, this)?;
    let o = partial_temporal_object(vm, args.get(0))?;
    let cal = temporal_rs::Calendar::default();
    let f = read_fields(vm, o, &cal, F_TIME)?;
    if !f.any {
        return Err(vm.type_error("time-like object has no time fields"));
    }
    let opts = get_options_object(vm, args.get(1))?;
    let ov = overflow(vm, opts)?;
    let p = f.partial_time(vm, ov)?;
    let r = tr(vm, t.with(p, Some(ov)))?;
    new_time(vm, r, Value::UNDEFINED)
}

fn until(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let t = recv(vm, this)?;
    let other = to_time(vm, args.get(0), Value::UNDEFINED)?;
    let s = difference_settings(vm, args.get(1))?;
    let d = tr(vm, t.until(&other, s))?;
    new_duration(vm, d, Value::UNDEFINED)
}

fn since(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let t = recv(vm, this)?;
    let other = to_time(vm, args.get(0), Value::UNDEFINED)?;
    let s = difference_settings(vm, args.get(1))?;
    let d = tr(vm, t.since(&other, s))?;
    new_duration(vm, d, Value::UNDEFINED)
}

fn round(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let t = recv(vm, this)?;
    let o = round_options(vm, args.get(0))?;
    let r = tr(vm, t.round(o))?;
    new_time(vm, r, Value::UNDEFINED)
}

fn equals(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let t = recv(vm, this)?;
    let other = to_time(vm, args.get(0), Value::UNDEFINED)?;
    Ok(Value::bool(t == other))
}

fn to_string(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let t = recv(vm, this)?;
    let opts = get_options_object(vm, args.get(0))?;
    let o = to_string_options(vm, opts)?;
    let s = tr(vm, t.to_ixdtf_string(o))?;
    Ok(js_str(vm, &s))
}

fn to_json(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let t = recv(vm, this)?;
    let s = tr(vm, t.to_ixdtf_string(ToStringRoundingOptions::default()))?;
    Ok(js_str(vm, &s))
}
