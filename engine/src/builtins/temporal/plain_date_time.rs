//! Temporal.PlainDateTime (#sec-temporal-plaindatetime-objects).

use super::duration::{new_duration, to_duration, to_string_options};
use super::fields::{
    calendar_with_iso_default, partial_temporal_object, read_fields, to_calendar, to_time_zone,
    F_DATE, F_TIME,
};
use super::options::{
    difference_settings, disambiguation, get_options_object, overflow, round_options,
    show_calendar, to_integer_with_truncation,
};
use super::plain_date::{check_same_calendar, constructor_calendar, iso_date, new_date};
use super::plain_time::{new_time, time_from_f64, to_time};
use super::zoned_date_time::new_zoned;
use super::{
    create, getter, js_str, make_class, ord_value, provider, slot_of, this_slot, tr, value_of,
};
use crate::builtins::method;
use crate::function::Args;
use crate::gc::Gc;
use crate::object::JsObject;
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use temporal_rs::fields::DateTimeFields;
use temporal_rs::options::{DisplayCalendar, ToStringRoundingOptions};
use temporal_rs::partial::PartialDateTime;
use temporal_rs::{PlainDate, PlainDateTime, ZonedDateTime};

const NAME: &str = "Temporal.PlainDateTime";

pub(super) fn init(vm: &mut Vm, ns: Gc<JsObject>) {
    let (ctor, proto) = make_class(
        vm,
        ns,
        "PlainDateTime",
        3,
        constructor,
        Intrinsic::TemporalPlainDateTimePrototype,
        Intrinsic::TemporalPlainDateTime,
    );
    method(vm, ctor, "from", 1, from);
    method(vm, ctor, "compare", 2, compare);
    super::calendar_getters::install::<PlainDateTime>(vm, proto);
    getter(vm, proto, "hour", |vm, t, _, _| {
        num(vm, t, |x| x.hour() as f64)
    });
    getter(vm, proto, "minute", |vm, t, _, _| {
        num(vm, t, |x| x.minute() as f64)
    });
    getter(vm, proto, "second", |vm, t, _, _| {
        num(vm, t, |x| x.second() as f64)
    });
    getter(vm, proto, "millisecond", |vm, t, _, _| {
        num(vm, t, |x| x.millisecond() as f64)
    });
    getter(vm, proto, "microsecond", |vm, t, _, _| {
        num(vm, t, |x| x.microsecond() as f64)
    });
    getter(vm, proto, "nanosecond", |vm, t, _, _| {
        num(vm, t, |x| x.nanosecond() as f64)
    });
    method(vm, proto, "with", 1, with);
    method(vm, proto, "withPlainTime", 0, with_plain_time);
    method(vm, proto, "withCalendar", 1, with_calendar);
    method(vm, proto, "add", 1, add);
    method(vm, proto, "subtract", 1, subtract);
    method(vm, proto, "until", 1, until);
    method(vm, proto, "since", 1, since);
    method(vm, proto, "round", 1, round);
    method(vm, proto, "equals", 1, equals);
    method(vm, proto, "toString", 0, to_string);
    method(vm, proto, "toLocaleString", 0, to_json);
    method(vm, proto, "toJSON", 0, to_json);
    method(vm, proto, "valueOf", 0, value_of);
    method(vm, proto, "toZonedDateTime", 1, to_zoned_date_time);
    method(vm, proto, "toPlainDate", 0, to_plain_date);
    method(vm, proto, "toPlainTime", 0, to_plain_time);
}

fn recv(vm: &mut Vm, t: Value) -> JsResult<PlainDateTime> {
    this_slot::<PlainDateTime>(vm, t, NAME)
}

fn num(vm: &mut Vm, t: Value, f: fn(&PlainDateTime) -> f64) -> JsResult<Value> {
    let d = recv(vm, t)?;
    Ok(Value::number(f(&d)))
}

pub(super) fn new_date_time(vm: &mut Vm, d: PlainDateTime, nt: Value) -> JsResult<Value> {
    create(vm, d, NAME, nt, Intrinsic::TemporalPlainDateTimePrototype)
}

/// Temporal.PlainDateTime ( isoYear, isoMonth, isoDay [, hour … nanosecond [, calendar]] ).
fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    if nt.is_undefined() {
        return Err(vm.type_error("Constructor Temporal.PlainDateTime requires 'new'"));
    }
    let y = to_integer_with_truncation(vm, args.get(0))?;
    let m = to_integer_with_truncation(vm, args.get(1))?;
    let d = to_integer_with_truncation(vm, args.get(2))?;
    let mut t = [0.0f64; 6];
    for (i, slot) in t.iter_mut().enumerate() {
        let a = args.get(3 + i);
        if !a.is_undefined() {
            *slot = to_integer_with_truncation(vm, a)?;
        }
    }
    let cal = constructor_calendar(vm, args.get(9))?;
    let date = iso_date(vm, y, m, d, cal)?;
    let time = time_from_f64(vm, &t)?;
    let dt = tr(vm, PlainDateTime::from_date_and_time(date, time))?;
    new_date_time(vm, dt, nt)
}

/// ToTemporalDateTime (#sec-temporal-totemporaldatetime).
pub(super) fn to_date_time(vm: &mut Vm, item: Value, options: Value) -> JsResult<PlainDateTime> {
    if let Some(o) = item.as_object() {
        let known = slot_of::<PlainDateTime>(item)
            .or_else(|| slot_of::<ZonedDateTime>(item).map(|z| z.to_plain_date_time()));
        if let Some(d) = known {
            let opts = get_options_object(vm, options)?;
            overflow(vm, opts)?;
            return Ok(d);
        }
        if let Some(d) = slot_of::<PlainDate>(item) {
            let opts = get_options_object(vm, options)?;
            overflow(vm, opts)?;
            return tr(vm, d.to_plain_date_time(None));
        }
        let calendar = calendar_with_iso_default(vm, o)?;
        let f = read_fields(vm, o, &calendar, F_DATE | F_TIME)?;
        let opts = get_options_object(vm, options)?;
        let ov = overflow(vm, opts)?;
        let partial = PartialDateTime {
            fields: DateTimeFields {
                calendar_fields: f.calendar_fields(vm)?,
                time: f.partial_time(vm, ov)?,
            },
            calendar,
        };
        return tr(vm, PlainDateTime::from_partial(partial, Some(ov)));
    }
    if !item.is_string() {
        return Err(vm.type_error("a date-time must be a string or an object"));
    }
    let s = vm.to_rust_string(item)?;
    let d = tr(vm, PlainDateTime::from_utf8(s.as_bytes()))?;
    let opts = get_options_object(vm, options)?;
    overflow(vm, opts)?;
    Ok(d)
}

fn from(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = to_date_time(vm, args.get(0), args.get(1))?;
    new_date_time(vm, d, Value::UNDEFINED)
}

fn compare(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let a = to_date_time(vm, args.get(0), Value::UNDEFINED)?;
    let b = to_date_time(vm, args.get(1), Value::UNDEFINED)?;
    Ok(ord_value(a.compare_iso(&b)))
}

fn with(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let o = partial_temporal_object(vm, args.get(0))?;
    let f = read_fields(vm, o, d.calendar(), F_DATE | F_TIME)?;
    if !f.any {
        return Err(vm.type_error("date-time-like object has no fields"));
    }
    let opts = get_options_object(vm, args.get(1))?;
    let ov = overflow(vm, opts)?;
    let fields = DateTimeFields {
        calendar_fields: f.calendar_fields(vm)?,
        time: f.partial_time(vm, ov)?,
    };
    let r = tr(vm, d.with(fields, Some(ov)))?;
    new_date_time(vm, r, Value::UNDEFINED)
}

fn with_plain_time(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let t = args.get(0);
    let time = if t.is_undefined() {
        None
    } else {
        Some(to_time(vm, t, Value::UNDEFINED)?)
    };
    let r = tr(vm, d.with_time(time))?;
    new_date_time(vm, r, Value::UNDEFINED)
}

fn with_calendar(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let cal = to_calendar(vm, args.get(0))?;
    new_date_time(vm, d.with_calendar(cal), Value::UNDEFINED)
}

fn add_or_subtract(vm: &mut Vm, this: Value, args: Args, negate: bool) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let dur = to_duration(vm, args.get(0))?;
    let opts = get_options_object(vm, args.get(1))?;
    let ov = overflow(vm, opts)?;
    let r = if negate {
        d.subtract(&dur, Some(ov))
    } else {
        d.add(&dur, Some(ov))
    };
    let r = tr(vm, r)?;
    new_date_time(vm, r, Value::UNDEFINED)
}

fn add(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    add_or_subtract(vm, this, args, false)
}

fn subtract(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    add_or_subtract(vm, this, args, true)
}

fn until(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let other = to_date_time(vm, args.get(0), Value::UNDEFINED)?;
    check_same_calendar(vm, d.calendar(), other.calendar())?;
    let s = difference_settings(vm, args.get(1))?;
    let r = tr(vm, d.until(&other, s))?;
    new_duration(vm, r, Value::UNDEFINED)
}

fn since(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let other = to_date_time(vm, args.get(0), Value::UNDEFINED)?;
    check_same_calendar(vm, d.calendar(), other.calendar())?;
    let s = difference_settings(vm, args.get(1))?;
    let r = tr(vm, d.since(&other, s))?;
    new_duration(vm, r, Value::UNDEFINED)
}

fn round(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let o = round_options(vm, args.get(0))?;
    let r = tr(vm, d.round(o))?;
    new_date_time(vm, r, Value::UNDEFINED)
}

fn equals(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let other = to_date_time(vm, args.get(0), Value::UNDEFINED)?;
    let same =
        d.compare_iso(&other).is_eq() && d.calendar().identifier() == other.calendar().identifier();
    Ok(Value::bool(same))
}

fn to_string(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let opts = get_options_object(vm, args.get(0))?;
    let sc = show_calendar(vm, opts)?;
    let o = to_string_options(vm, opts)?;
    let s = tr(vm, d.to_ixdtf_string(o, sc))?;
    Ok(js_str(vm, &s))
}

fn to_json(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let s = tr(
        vm,
        d.to_ixdtf_string(ToStringRoundingOptions::default(), DisplayCalendar::Auto),
    )?;
    Ok(js_str(vm, &s))
}

/// Temporal.PlainDateTime.prototype.toZonedDateTime ( temporalTimeZoneLike [, options] ).
fn to_zoned_date_time(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let tz = to_time_zone(vm, args.get(0))?;
    let opts = get_options_object(vm, args.get(1))?;
    let dis = disambiguation(vm, opts)?;
    let z = tr(vm, d.to_zoned_date_time_with_provider(tz, dis, provider()))?;
    new_zoned(vm, z, Value::UNDEFINED)
}

fn to_plain_date(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    new_date(vm, d.to_plain_date(), Value::UNDEFINED)
}

fn to_plain_time(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    new_time(vm, d.to_plain_time(), Value::UNDEFINED)
}
