//! Temporal.PlainDate (#sec-temporal-plaindate-objects).

use super::duration::{new_duration, to_duration};
use super::fields::{
    calendar_with_iso_default, partial_temporal_object, read_fields, sat_i32, sat_u8, to_calendar,
    to_time_zone, F_DATE,
};
use super::options::{
    difference_settings, get_options_object, overflow, show_calendar, to_integer_with_truncation,
};
use super::plain_date_time::new_date_time;
use super::plain_month_day::new_month_day;
use super::plain_time::to_time;
use super::plain_year_month::new_year_month;
use super::zoned_date_time::new_zoned;
use super::{create, js_str, make_class, ord_value, provider, slot_of, this_slot, tr, value_of};
use crate::builtins::method;
use crate::function::Args;
use crate::gc::Gc;
use crate::object::JsObject;
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use temporal_rs::options::DisplayCalendar;
use temporal_rs::partial::PartialDate;
use temporal_rs::{Calendar, PlainDate, PlainDateTime, ZonedDateTime};

const NAME: &str = "Temporal.PlainDate";

pub(super) fn init(vm: &mut Vm, ns: Gc<JsObject>) {
    let (ctor, proto) = make_class(
        vm,
        ns,
        "PlainDate",
        3,
        constructor,
        Intrinsic::TemporalPlainDatePrototype,
        Intrinsic::TemporalPlainDate,
    );
    method(vm, ctor, "from", 1, from);
    method(vm, ctor, "compare", 2, compare);
    super::calendar_getters::install::<PlainDate>(vm, proto);
    method(vm, proto, "toPlainYearMonth", 0, to_plain_year_month);
    method(vm, proto, "toPlainMonthDay", 0, to_plain_month_day);
    method(vm, proto, "add", 1, add);
    method(vm, proto, "subtract", 1, subtract);
    method(vm, proto, "with", 1, with);
    method(vm, proto, "withCalendar", 1, with_calendar);
    method(vm, proto, "until", 1, until);
    method(vm, proto, "since", 1, since);
    method(vm, proto, "equals", 1, equals);
    method(vm, proto, "toPlainDateTime", 0, to_plain_date_time);
    method(vm, proto, "toZonedDateTime", 1, to_zoned_date_time);
    method(vm, proto, "toString", 0, to_string);
    method(vm, proto, "toLocaleString", 0, to_json);
    method(vm, proto, "toJSON", 0, to_json);
    method(vm, proto, "valueOf", 0, value_of);
}

fn recv(vm: &mut Vm, t: Value) -> JsResult<PlainDate> {
    this_slot::<PlainDate>(vm, t, NAME)
}

pub(super) fn new_date(vm: &mut Vm, d: PlainDate, nt: Value) -> JsResult<Value> {
    create(vm, d, NAME, nt, Intrinsic::TemporalPlainDatePrototype)
}

/// The calendar argument of the constructors: undefined is ISO; other
/// non-strings are a TypeError; strings must be a calendar identifier.
pub(super) fn constructor_calendar(vm: &mut Vm, v: Value) -> JsResult<Calendar> {
    if v.is_undefined() {
        return Ok(Calendar::default());
    }
    if !v.is_string() {
        return Err(vm.type_error("calendar must be a string"));
    }
    let s = vm.to_rust_string(v)?;
    tr(vm, Calendar::try_from_utf8(s.as_bytes()))
}

/// An ISO date from the constructor's integers (IsValidISODate).
pub(super) fn iso_date(vm: &mut Vm, y: f64, m: f64, d: f64, cal: Calendar) -> JsResult<PlainDate> {
    if !(1.0..=12.0).contains(&m) || !(1.0..=31.0).contains(&d) {
        return Err(vm.range_error("invalid ISO date"));
    }
    tr(
        vm,
        PlainDate::try_new(sat_i32(y), sat_u8(m), sat_u8(d), cal),
    )
}

/// Temporal.PlainDate ( isoYear, isoMonth, isoDay [, calendar] ).
fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    if nt.is_undefined() {
        return Err(vm.type_error("Constructor Temporal.PlainDate requires 'new'"));
    }
    let y = to_integer_with_truncation(vm, args.get(0))?;
    let m = to_integer_with_truncation(vm, args.get(1))?;
    let d = to_integer_with_truncation(vm, args.get(2))?;
    let cal = constructor_calendar(vm, args.get(3))?;
    let date = iso_date(vm, y, m, d, cal)?;
    new_date(vm, date, nt)
}

/// ToTemporalDate (#sec-temporal-totemporaldate).
pub(super) fn to_date(vm: &mut Vm, item: Value, options: Value) -> JsResult<PlainDate> {
    if let Some(o) = item.as_object() {
        let known = slot_of::<PlainDate>(item)
            .or_else(|| slot_of::<PlainDateTime>(item).map(|d| d.to_plain_date()))
            .or_else(|| slot_of::<ZonedDateTime>(item).map(|z| z.to_plain_date()));
        if let Some(d) = known {
            let opts = get_options_object(vm, options)?;
            overflow(vm, opts)?;
            return Ok(d);
        }
        let calendar = calendar_with_iso_default(vm, o)?;
        let f = read_fields(vm, o, &calendar, F_DATE)?;
        let opts = get_options_object(vm, options)?;
        let ov = overflow(vm, opts)?;
        let partial = PartialDate {
            calendar_fields: f.calendar_fields(vm)?,
            calendar,
        };
        return tr(vm, PlainDate::from_partial(partial, Some(ov)));
    }
    if !item.is_string() {
        return Err(vm.type_error("a date must be a string or an object"));
    }
    let s = vm.to_rust_string(item)?;
    let d = tr(vm, PlainDate::from_utf8(s.as_bytes()))?;
    let opts = get_options_object(vm, options)?;
    overflow(vm, opts)?;
    Ok(d)
}

fn from(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = to_date(vm, args.get(0), args.get(1))?;
    new_date(vm, d, Value::UNDEFINED)
}

fn compare(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let a = to_date(vm, args.get(0), Value::UNDEFINED)?;
    let b = to_date(vm, args.get(1), Value::UNDEFINED)?;
    Ok(ord_value(a.compare_iso(&b)))
}

fn to_plain_year_month(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let r = tr(vm, d.to_plain_year_month())?;
    new_year_month(vm, r, Value::UNDEFINED)
}

fn to_plain_month_day(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let r = tr(vm, d.to_plain_month_day())?;
    new_month_day(vm, r, Value::UNDEFINED)
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
    new_date(vm, r, Value::UNDEFINED)
}

fn add(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    add_or_subtract(vm, this, args, false)
}

fn subtract(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    add_or_subtract(vm, this, args, true)
}

fn with(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let o = partial_temporal_object(vm, args.get(0))?;
    let f = read_fields(vm, o, d.calendar(), F_DATE)?;
    if !f.any {
        return Err(vm.type_error("date-like object has no date fields"));
    }
    let opts = get_options_object(vm, args.get(1))?;
    let ov = overflow(vm, opts)?;
    let cf = f.calendar_fields(vm)?;
    let r = tr(vm, d.with(cf, Some(ov)))?;
    new_date(vm, r, Value::UNDEFINED)
}

fn with_calendar(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let cal = to_calendar(vm, args.get(0))?;
    new_date(vm, d.with_calendar(cal), Value::UNDEFINED)
}

fn until(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let other = to_date(vm, args.get(0), Value::UNDEFINED)?;
    check_same_calendar(vm, d.calendar(), other.calendar())?;
    let s = difference_settings(vm, args.get(1))?;
    let r = tr(vm, d.until(&other, s))?;
    new_duration(vm, r, Value::UNDEFINED)
}

fn since(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let other = to_date(vm, args.get(0), Value::UNDEFINED)?;
    check_same_calendar(vm, d.calendar(), other.calendar())?;
    let s = difference_settings(vm, args.get(1))?;
    let r = tr(vm, d.since(&other, s))?;
    new_duration(vm, r, Value::UNDEFINED)
}

/// CalendarEquals check of the difference operations (a RangeError).
pub(super) fn check_same_calendar(vm: &mut Vm, a: &Calendar, b: &Calendar) -> JsResult<()> {
    if a.identifier() != b.identifier() {
        return Err(vm.range_error("calendars must be the same"));
    }
    Ok(())
}

fn equals(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let other = to_date(vm, args.get(0), Value::UNDEFINED)?;
    let same =
        d.compare_iso(&other).is_eq() && d.calendar().identifier() == other.calendar().identifier();
    Ok(Value::bool(same))
}

fn to_plain_date_time(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let t = args.get(0);
    let time = if t.is_undefined() {
        None
    } else {
        Some(to_time(vm, t, Value::UNDEFINED)?)
    };
    let r = tr(vm, d.to_plain_date_time(time))?;
    new_date_time(vm, r, Value::UNDEFINED)
}

/// Temporal.PlainDate.prototype.toZonedDateTime ( item ).
fn to_zoned_date_time(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let item = args.get(0);
    let (tz, time) = match item.as_object() {
        Some(o) if slot_of::<ZonedDateTime>(item).is_none() => {
            let k = vm.key("timeZone");
            let tzl = vm.get_prop(o, k)?;
            if tzl.is_undefined() {
                (to_time_zone(vm, item)?, Value::UNDEFINED)
            } else {
                let tz = to_time_zone(vm, tzl)?;
                let k = vm.key("plainTime");
                (tz, vm.get_prop(o, k)?)
            }
        }
        _ => (to_time_zone(vm, item)?, Value::UNDEFINED),
    };
    let time = if time.is_undefined() {
        None
    } else {
        Some(to_time(vm, time, Value::UNDEFINED)?)
    };
    let z = tr(vm, d.to_zoned_date_time_with_provider(tz, time, provider()))?;
    new_zoned(vm, z, Value::UNDEFINED)
}

fn to_string(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let opts = get_options_object(vm, args.get(0))?;
    let sc = show_calendar(vm, opts)?;
    let s = d.to_ixdtf_string(sc);
    Ok(js_str(vm, &s))
}

fn to_json(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let s = d.to_ixdtf_string(DisplayCalendar::Auto);
    Ok(js_str(vm, &s))
}
