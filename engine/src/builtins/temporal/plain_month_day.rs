//! Temporal.PlainMonthDay (#sec-temporal-plainmonthday-objects).

use super::fields::{
    calendar_with_iso_default, partial_temporal_object, read_fields, sat_i32, sat_u8, F_DATE,
    F_YEAR,
};
use super::options::{get_options_object, overflow, show_calendar, to_integer_with_truncation};
use super::plain_date::{constructor_calendar, new_date};
use super::{create, getter, js_str, make_class, slot_of, this_slot, tr, value_of};
use crate::builtins::method;
use crate::function::Args;
use crate::gc::Gc;
use crate::object::JsObject;
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use temporal_rs::options::{DisplayCalendar, Overflow};
use temporal_rs::partial::PartialDate;
use temporal_rs::PlainMonthDay;

const NAME: &str = "Temporal.PlainMonthDay";

pub(super) fn init(vm: &mut Vm, ns: Gc<JsObject>) {
    let (ctor, proto) = make_class(
        vm,
        ns,
        "PlainMonthDay",
        2,
        constructor,
        Intrinsic::TemporalPlainMonthDayPrototype,
        Intrinsic::TemporalPlainMonthDay,
    );
    method(vm, ctor, "from", 1, from);
    getter(vm, proto, "calendarId", |vm, t, _, _| {
        let x = recv(vm, t)?;
        Ok(js_str(vm, x.calendar().identifier()))
    });
    getter(vm, proto, "monthCode", |vm, t, _, _| {
        let x = recv(vm, t)?;
        Ok(js_str(vm, x.month_code().as_str()))
    });
    getter(vm, proto, "day", |vm, t, _, _| {
        let x = recv(vm, t)?;
        Ok(Value::number(x.day() as f64))
    });
    method(vm, proto, "with", 1, with);
    method(vm, proto, "equals", 1, equals);
    method(vm, proto, "toString", 0, to_string);
    method(vm, proto, "toLocaleString", 0, to_json);
    method(vm, proto, "toJSON", 0, to_json);
    method(vm, proto, "valueOf", 0, value_of);
    method(vm, proto, "toPlainDate", 1, to_plain_date);
}

fn recv(vm: &mut Vm, t: Value) -> JsResult<PlainMonthDay> {
    this_slot::<PlainMonthDay>(vm, t, NAME)
}

pub(super) fn new_month_day(vm: &mut Vm, x: PlainMonthDay, nt: Value) -> JsResult<Value> {
    create(vm, x, NAME, nt, Intrinsic::TemporalPlainMonthDayPrototype)
}

/// Temporal.PlainMonthDay ( isoMonth, isoDay [, calendar [, referenceISOYear]] ).
fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    if nt.is_undefined() {
        return Err(vm.type_error("Constructor Temporal.PlainMonthDay requires 'new'"));
    }
    let m = to_integer_with_truncation(vm, args.get(0))?;
    let d = to_integer_with_truncation(vm, args.get(1))?;
    let cal = constructor_calendar(vm, args.get(2))?;
    let yv = args.get(3);
    let y = if yv.is_undefined() {
        1972.0
    } else {
        to_integer_with_truncation(vm, yv)?
    };
    if !(1.0..=12.0).contains(&m) || !(1.0..=31.0).contains(&d) {
        return Err(vm.range_error("invalid ISO date"));
    }
    let x = tr(
        vm,
        PlainMonthDay::new_with_overflow(
            sat_u8(m),
            sat_u8(d),
            cal,
            Overflow::Reject,
            Some(sat_i32(y)),
        ),
    )?;
    new_month_day(vm, x, nt)
}

/// ToTemporalMonthDay (#sec-temporal-totemporalmonthday).
pub(super) fn to_month_day(vm: &mut Vm, item: Value, options: Value) -> JsResult<PlainMonthDay> {
    if let Some(o) = item.as_object() {
        if let Some(x) = slot_of::<PlainMonthDay>(item) {
            let opts = get_options_object(vm, options)?;
            overflow(vm, opts)?;
            return Ok(x);
        }
        let calendar = calendar_with_iso_default(vm, o)?;
        let f = read_fields(vm, o, &calendar, F_DATE)?;
        let opts = get_options_object(vm, options)?;
        let ov = overflow(vm, opts)?;
        let partial = PartialDate {
            calendar_fields: f.calendar_fields(vm)?,
            calendar,
        };
        return tr(vm, PlainMonthDay::from_partial(partial, Some(ov)));
    }
    if !item.is_string() {
        return Err(vm.type_error("a month-day must be a string or an object"));
    }
    let s = vm.to_rust_string(item)?;
    let x = tr(vm, PlainMonthDay::from_utf8(s.as_bytes()))?;
    let opts = get_options_object(vm, options)?;
    overflow(vm, opts)?;
    Ok(x)
}

fn from(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let x = to_month_day(vm, args.get(0), args.get(1))?;
    new_month_day(vm, x, Value::UNDEFINED)
}

fn with(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let x = recv(vm, this)?;
    let o = partial_temporal_object(vm, args.get(0))?;
    let f = read_fields(vm, o, x.calendar(), F_DATE)?;
    if !f.any {
        return Err(vm.type_error("month-day-like object has no fields"));
    }
    let opts = get_options_object(vm, args.get(1))?;
    let ov = overflow(vm, opts)?;
    let fields = f.calendar_fields(vm)?;
    let r = tr(vm, x.with(fields, Some(ov)))?;
    new_month_day(vm, r, Value::UNDEFINED)
}

fn equals(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let x = recv(vm, this)?;
    let other = to_month_day(vm, args.get(0), Value::UNDEFINED)?;
    // Same ISO date (reference year included) and same calendar.
    let same = x.to_ixdtf_string(DisplayCalendar::Always)
        == other.to_ixdtf_string(DisplayCalendar::Always)
        && x.reference_year() == other.reference_year();
    Ok(Value::bool(same))
}

fn to_string(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let x = recv(vm, this)?;
    let opts = get_options_object(vm, args.get(0))?;
    let sc = show_calendar(vm, opts)?;
    let s = x.to_ixdtf_string(sc);
    Ok(js_str(vm, &s))
}

fn to_json(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let x = recv(vm, this)?;
    let s = x.to_ixdtf_string(DisplayCalendar::Auto);
    Ok(js_str(vm, &s))
}

/// Temporal.PlainMonthDay.prototype.toPlainDate ( item ): item supplies the year.
fn to_plain_date(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let x = recv(vm, this)?;
    let Some(o) = args.get(0).as_object() else {
        return Err(vm.type_error("argument must be an object"));
    };
    let f = read_fields(vm, o, x.calendar(), F_YEAR)?;
    let cf = f.calendar_fields(vm)?;
    let r = tr(vm, x.to_plain_date(Some(cf)))?;
    new_date(vm, r, Value::UNDEFINED)
}
