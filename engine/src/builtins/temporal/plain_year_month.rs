//! Temporal.PlainYearMonth (#sec-temporal-plainyearmonth-objects).

use super::duration::{new_duration, to_duration};
use super::fields::{
    calendar_with_iso_default, partial_temporal_object, read_fields, sat_i32, sat_u8, F_DAY,
    F_MONTH, F_YEAR,
};
use super::options::{
    difference_settings, get_options_object, overflow, show_calendar, to_integer_with_truncation,
};
use super::plain_date::{check_same_calendar, constructor_calendar, new_date};
use super::{create, getter, js_str, make_class, ord_value, slot_of, this_slot, tr, value_of};
use crate::builtins::method;
use crate::function::Args;
use crate::gc::Gc;
use crate::object::JsObject;
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use temporal_rs::options::DisplayCalendar;
use temporal_rs::partial::PartialYearMonth;
use temporal_rs::PlainYearMonth;

const NAME: &str = "Temporal.PlainYearMonth";

pub(super) fn init(vm: &mut Vm, ns: Gc<JsObject>) {
    let (ctor, proto) = make_class(
        vm,
        ns,
        "PlainYearMonth",
        2,
        constructor,
        Intrinsic::TemporalPlainYearMonthPrototype,
        Intrinsic::TemporalPlainYearMonth,
    );
    method(vm, ctor, "from", 1, from);
    method(vm, ctor, "compare", 2, compare);
    getter(vm, proto, "calendarId", |vm, t, _, _| {
        let x = recv(vm, t)?;
        Ok(js_str(vm, x.calendar().identifier()))
    });
    getter(vm, proto, "era", |vm, t, _, _| {
        let x = recv(vm, t)?;
        Ok(match x.era() {
            Some(e) => js_str(vm, e.as_str()),
            None => Value::UNDEFINED,
        })
    });
    getter(vm, proto, "eraYear", |vm, t, _, _| {
        let x = recv(vm, t)?;
        Ok(x.era_year()
            .map_or(Value::UNDEFINED, |y| Value::number(y as f64)))
    });
    getter(vm, proto, "year", |vm, t, _, _| {
        num(vm, t, |x| x.year() as f64)
    });
    getter(vm, proto, "month", |vm, t, _, _| {
        num(vm, t, |x| x.month() as f64)
    });
    getter(vm, proto, "monthCode", |vm, t, _, _| {
        let x = recv(vm, t)?;
        Ok(js_str(vm, x.month_code().as_str()))
    });
    getter(vm, proto, "daysInYear", |vm, t, _, _| {
        num(vm, t, |x| x.days_in_year() as f64)
    });
    getter(vm, proto, "daysInMonth", |vm, t, _, _| {
        num(vm, t, |x| x.days_in_month() as f64)
    });
    getter(vm, proto, "monthsInYear", |vm, t, _, _| {
        num(vm, t, |x| x.months_in_year() as f64)
    });
    getter(vm, proto, "inLeapYear", |vm, t, _, _| {
        let x = recv(vm, t)?;
        Ok(Value::bool(x.in_leap_year()))
    });
    method(vm, proto, "with", 1, with);
    method(vm, proto, "add", 1, add);
    method(vm, proto, "subtract", 1, subtract);
    method(vm, proto, "until", 1, until);
    method(vm, proto, "since", 1, since);
    method(vm, proto, "equals", 1, equals);
    method(vm, proto, "toString", 0, to_string);
    method(vm, proto, "toLocaleString", 0, to_json);
    method(vm, proto, "toJSON", 0, to_json);
    method(vm, proto, "valueOf", 0, value_of);
    method(vm, proto, "toPlainDate", 1, to_plain_date);
}

fn recv(vm: &mut Vm, t: Value) -> JsResult<PlainYearMonth> {
    this_slot::<PlainYearMonth>(vm, t, NAME)
}

fn num(vm: &mut Vm, t: Value, f: fn(&PlainYearMonth) -> f64) -> JsResult<Value> {
    let x = recv(vm, t)?;
    Ok(Value::number(f(&x)))
}

pub(super) fn new_year_month(vm: &mut Vm, x: PlainYearMonth, nt: Value) -> JsResult<Value> {
    create(vm, x, NAME, nt, Intrinsic::TemporalPlainYearMonthPrototype)
}

/// Temporal.PlainYearMonth ( isoYear, isoMonth [, calendar [, referenceISODay]] ).
fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    if nt.is_undefined() {
        return Err(vm.type_error("Constructor Temporal.PlainYearMonth requires 'new'"));
    }
    let y = to_integer_with_truncation(vm, args.get(0))?;
    let m = to_integer_with_truncation(vm, args.get(1))?;
    let cal = constructor_calendar(vm, args.get(2))?;
    let dv = args.get(3);
    let d = if dv.is_undefined() {
        1.0
    } else {
        to_integer_with_truncation(vm, dv)?
    };
    if !(1.0..=12.0).contains(&m) || !(1.0..=31.0).contains(&d) {
        return Err(vm.range_error("invalid ISO date"));
    }
    let x = tr(
        vm,
        PlainYearMonth::try_new(sat_i32(y), sat_u8(m), Some(sat_u8(d)), cal),
    )?;
    new_year_month(vm, x, nt)
}

/// ToTemporalYearMonth (#sec-temporal-totemporalyearmonth).
pub(super) fn to_year_month(vm: &mut Vm, item: Value, options: Value) -> JsResult<PlainYearMonth> {
    if let Some(o) = item.as_object() {
        if let Some(x) = slot_of::<PlainYearMonth>(item) {
            let opts = get_options_object(vm, options)?;
            overflow(vm, opts)?;
            return Ok(x);
        }
        let calendar = calendar_with_iso_default(vm, o)?;
        let f = read_fields(vm, o, &calendar, F_MONTH | F_YEAR)?;
        let opts = get_options_object(vm, options)?;
        let ov = overflow(vm, opts)?;
        let partial = PartialYearMonth {
            calendar_fields: f.year_month_fields(vm)?,
            calendar,
        };
        return tr(vm, PlainYearMonth::from_partial(partial, Some(ov)));
    }
    if !item.is_string() {
        return Err(vm.type_error("a year-month must be a string or an object"));
    }
    let s = vm.to_rust_string(item)?;
    let x = tr(vm, PlainYearMonth::from_utf8(s.as_bytes()))?;
    let opts = get_options_object(vm, options)?;
    overflow(vm, opts)?;
    Ok(x)
}

fn from(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let x = to_year_month(vm, args.get(0), args.get(1))?;
    new_year_month(vm, x, Value::UNDEFINED)
}

fn compare(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let a = to_year_month(vm, args.get(0), Value::UNDEFINED)?;
    let b = to_year_month(vm, args.get(1), Value::UNDEFINED)?;
    Ok(ord_value(a.compare_iso(&b)))
}

fn with(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let x = recv(vm, this)?;
    let o = partial_temporal_object(vm, args.get(0))?;
    let f = read_fields(vm, o, x.calendar(), F_MONTH | F_YEAR)?;
    if !f.any {
        return Err(vm.type_error("year-month-like object has no fields"));
    }
    let opts = get_options_object(vm, args.get(1))?;
    let ov = overflow(vm, opts)?;
    let fields = f.year_month_fields(vm)?;
    let r = tr(vm, x.with(fields, Some(ov)))?;
    new_year_month(vm, r, Value::UNDEFINED)
}

fn add_or_subtract(vm: &mut Vm, this: Value, args: Args, negate: bool) -> JsResult<Value> {
    let x = recv(vm, this)?;
    let d = to_duration(vm, args.get(0))?;
    let opts = get_options_object(vm, args.get(1))?;
    let ov = overflow(vm, opts)?;
    let r = if negate {
        x.subtract(&d, ov)
    } else {
        x.add(&d, ov)
    };
    let r = tr(vm, r)?;
    new_year_month(vm, r, Value::UNDEFINED)
}

fn add(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    add_or_subtract(vm, this, args, false)
}

fn subtract(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    add_or_subtract(vm, this, args, true)
}

fn until(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let x = recv(vm, this)?;
    let other = to_year_month(vm, args.get(0), Value::UNDEFINED)?;
    check_same_calendar(vm, x.calendar(), other.calendar())?;
    let s = difference_settings(vm, args.get(1))?;
    let r = tr(vm, x.until(&other, s))?;
    new_duration(vm, r, Value::UNDEFINED)
}

fn since(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let x = recv(vm, this)?;
    let other = to_year_month(vm, args.get(0), Value::UNDEFINED)?;
    check_same_calendar(vm, x.calendar(), other.calendar())?;
    let s = difference_settings(vm, args.get(1))?;
    let r = tr(vm, x.since(&other, s))?;
    new_duration(vm, r, Value::UNDEFINED)
}

fn equals(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let x = recv(vm, this)?;
    let other = to_year_month(vm, args.get(0), Value::UNDEFINED)?;
    let same =
        x.compare_iso(&other).is_eq() && x.calendar().identifier() == other.calendar().identifier();
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

/// Temporal.PlainYearMonth.prototype.toPlainDate ( item ): item supplies the day.
fn to_plain_date(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let x = recv(vm, this)?;
    let Some(o) = args.get(0).as_object() else {
        return Err(vm.type_error("argument must be an object"));
    };
    let f = read_fields(vm, o, x.calendar(), F_DAY)?;
    let cf = f.calendar_fields(vm)?;
    let r = tr(vm, x.to_plain_date(Some(cf)))?;
    new_date(vm, r, Value::UNDEFINED)
}
