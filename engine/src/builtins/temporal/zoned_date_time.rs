//! Temporal.ZonedDateTime (#sec-temporal-zoneddatetime-objects).

use super::duration::{new_duration, to_duration, validate_to_string_options};
use super::fields::{
    calendar_with_iso_default, partial_temporal_object, read_fields, to_calendar, to_time_zone,
    F_DATE, F_OFFSET, F_TIME, F_TZ,
};
use super::instant::new_instant;
use super::options::{
    difference_settings, disambiguation, get_options_object, get_string_option, offset_option,
    overflow, round_options, show_calendar, show_offset, show_time_zone,
};
use super::plain_date::{check_same_calendar, new_date};
use super::plain_date_time::new_date_time;
use super::plain_time::{new_time, to_time};
use super::{
    create, getter, js_str, make_class, ord_value, provider, slot_of, this_slot, tr, value_of,
};
use crate::builtins::method;
use crate::builtins::numbers::bigint::to_bigint;
use crate::function::Args;
use crate::gc::Gc;
use crate::object::JsObject;
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use num_bigint::BigInt;
use num_traits::ToPrimitive;
use temporal_rs::fields::ZonedDateTimeFields;
use temporal_rs::options::{
    DisplayCalendar, DisplayOffset, DisplayTimeZone, OffsetDisambiguation, ToStringRoundingOptions,
};
use temporal_rs::parsed_intermediates::ParsedZonedDateTime;
use temporal_rs::partial::PartialZonedDateTime;
use temporal_rs::provider::TransitionDirection;
use temporal_rs::{TimeZone, ZonedDateTime};

const NAME: &str = "Temporal.ZonedDateTime";

pub(super) fn init(vm: &mut Vm, ns: Gc<JsObject>) {
    let (ctor, proto) = make_class(
        vm,
        ns,
        "ZonedDateTime",
        2,
        constructor,
        Intrinsic::TemporalZonedDateTimePrototype,
        Intrinsic::TemporalZonedDateTime,
    );
    method(vm, ctor, "from", 1, from);
    method(vm, ctor, "compare", 2, compare);
    super::calendar_getters::install::<ZonedDateTime>(vm, proto);
    getter(vm, proto, "timeZoneId", |vm, t, _, _| {
        let z = recv(vm, t)?;
        let id = tr(vm, z.time_zone().identifier_with_provider(provider()))?;
        Ok(js_str(vm, &id))
    });
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
    getter(vm, proto, "epochMilliseconds", |vm, t, _, _| {
        num(vm, t, |x| x.epoch_milliseconds() as f64)
    });
    getter(vm, proto, "epochNanoseconds", |vm, t, _, _| {
        let z = recv(vm, t)?;
        Ok(vm.new_bigint(BigInt::from(z.epoch_nanoseconds().as_i128())))
    });
    getter(vm, proto, "offsetNanoseconds", |vm, t, _, _| {
        num(vm, t, |x| x.offset_nanoseconds() as f64)
    });
    getter(vm, proto, "offset", |vm, t, _, _| {
        let z = recv(vm, t)?;
        Ok(js_str(vm, &z.offset()))
    });
    getter(vm, proto, "hoursInDay", |vm, t, _, _| {
        let z = recv(vm, t)?;
        let h = tr(vm, z.hours_in_day_with_provider(provider()))?;
        Ok(Value::number(h))
    });
    method(vm, proto, "with", 1, with);
    method(vm, proto, "withPlainTime", 0, with_plain_time);
    method(vm, proto, "withTimeZone", 1, with_time_zone);
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
    method(vm, proto, "startOfDay", 0, start_of_day);
    method(
        vm,
        proto,
        "getTimeZoneTransition",
        1,
        get_time_zone_transition,
    );
    method(vm, proto, "toInstant", 0, to_instant);
    method(vm, proto, "toPlainDate", 0, to_plain_date);
    method(vm, proto, "toPlainTime", 0, to_plain_time);
    method(vm, proto, "toPlainDateTime", 0, to_plain_date_time);
}

fn recv(vm: &mut Vm, t: Value) -> JsResult<ZonedDateTime> {
    this_slot::<ZonedDateTime>(vm, t, NAME)
}

fn num(vm: &mut Vm, t: Value, f: fn(&ZonedDateTime) -> f64) -> JsResult<Value> {
    let z = recv(vm, t)?;
    Ok(Value::number(f(&z)))
}

pub(super) fn new_zoned(vm: &mut Vm, x: ZonedDateTime, nt: Value) -> JsResult<Value> {
    create(vm, x, NAME, nt, Intrinsic::TemporalZonedDateTimePrototype)
}

/// Temporal.ZonedDateTime ( epochNanoseconds, timeZone [, calendar] ).
fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    if nt.is_undefined() {
        return Err(vm.type_error("Constructor Temporal.ZonedDateTime requires 'new'"));
    }
    let b = to_bigint(vm, args.get(0))?;
    let Some(ns) = b.to_i128() else {
        return Err(vm.range_error("epoch nanoseconds out of range"));
    };
    if ns.unsigned_abs() > 8_640_000_000_000_000_000_000 {
        return Err(vm.range_error("epoch nanoseconds out of range"));
    }
    let tzv = args.get(1);
    if !tzv.is_string() {
        return Err(vm.type_error("time zone must be a string"));
    }
    let s = vm.to_rust_string(tzv)?;
    let tz = tr(
        vm,
        TimeZone::try_from_identifier_str_with_provider(&s, provider()),
    )?;
    let cal = super::plain_date::constructor_calendar(vm, args.get(2))?;
    let z = tr(
        vm,
        ZonedDateTime::try_new_with_provider(ns, tz, cal, provider()),
    )?;
    new_zoned(vm, z, nt)
}

/// The three options of ToTemporalZonedDateTime, in spec order.
fn zdt_options(
    vm: &mut Vm,
    options: Value,
    offset_default: OffsetDisambiguation,
) -> JsResult<(
    temporal_rs::options::Disambiguation,
    OffsetDisambiguation,
    temporal_rs::options::Overflow,
)> {
    let opts = get_options_object(vm, options)?;
    let d = disambiguation(vm, opts)?;
    let o = offset_option(vm, opts, offset_default)?;
    let ov = overflow(vm, opts)?;
    Ok((d, o, ov))
}

/// ToTemporalZonedDateTime (#sec-temporal-totemporalzoneddatetime).
pub(super) fn to_zoned(vm: &mut Vm, item: Value, options: Value) -> JsResult<ZonedDateTime> {
    if let Some(o) = item.as_object() {
        if let Some(z) = slot_of::<ZonedDateTime>(item) {
            zdt_options(vm, options, OffsetDisambiguation::Reject)?;
            return Ok(z);
        }
        let calendar = calendar_with_iso_default(vm, o)?;
        let f = read_fields(vm, o, &calendar, F_DATE | F_TIME | F_OFFSET | F_TZ)?;
        let Some(tz) = f.time_zone else {
            return Err(vm.type_error("timeZone is required"));
        };
        let (d, off, ov) = zdt_options(vm, options, OffsetDisambiguation::Reject)?;
        let partial = PartialZonedDateTime {
            fields: ZonedDateTimeFields {
                calendar_fields: f.calendar_fields(vm)?,
                time: f.partial_time(vm, ov)?,
                offset: f.offset,
            },
            timezone: Some(tz),
            calendar,
        };
        return tr(
            vm,
            ZonedDateTime::from_partial_with_provider(
                partial,
                Some(ov),
                Some(d),
                Some(off),
                provider(),
            ),
        );
    }
    if !item.is_string() {
        return Err(vm.type_error("a zoned date-time must be a string or an object"));
    }
    let s = vm.to_rust_string(item)?;
    let parsed = tr(
        vm,
        ParsedZonedDateTime::from_utf8_with_provider(s.as_bytes(), provider()),
    )?;
    let (d, off, _) = zdt_options(vm, options, OffsetDisambiguation::Reject)?;
    tr(
        vm,
        ZonedDateTime::from_parsed_with_provider(parsed, d, off, provider()),
    )
}

fn from(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let z = to_zoned(vm, args.get(0), args.get(1))?;
    new_zoned(vm, z, Value::UNDEFINED)
}

fn compare(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let a = to_zoned(vm, args.get(0), Value::UNDEFINED)?;
    let b = to_zoned(vm, args.get(1), Value::UNDEFINED)?;
    Ok(ord_value(a.compare_instant(&b)))
}

fn with(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let z = recv(vm, this)?;
    let o = partial_temporal_object(vm, args.get(0))?;
    let f = read_fields(vm, o, z.calendar(), F_DATE | F_TIME | F_OFFSET)?;
    if !f.any {
        return Err(vm.type_error("zoned-date-time-like object has no fields"));
    }
    let (d, off, ov) = zdt_options(vm, args.get(1), OffsetDisambiguation::Prefer)?;
    let fields = ZonedDateTimeFields {
        calendar_fields: f.calendar_fields(vm)?,
        time: f.partial_time(vm, ov)?,
        offset: f.offset,
    };
    let r = tr(
        vm,
        z.with_with_provider(fields, Some(d), Some(off), Some(ov), provider()),
    )?;
    new_zoned(vm, r, Value::UNDEFINED)
}

fn with_plain_time(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let z = recv(vm, this)?;
    let t = args.get(0);
    let time = if t.is_undefined() {
        None
    } else {
        Some(to_time(vm, t, Value::UNDEFINED)?)
    };
    let r = tr(vm, z.with_plain_time_and_provider(time, provider()))?;
    new_zoned(vm, r, Value::UNDEFINED)
}

fn with_time_zone(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let z = recv(vm, this)?;
    let tz = to_time_zone(vm, args.get(0))?;
    let r = tr(vm, z.with_time_zone_with_provider(tz, provider()))?;
    new_zoned(vm, r, Value::UNDEFINED)
}

fn with_calendar(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let z = recv(vm, this)?;
    let cal = to_calendar(vm, args.get(0))?;
    new_zoned(vm, z.with_calendar(cal), Value::UNDEFINED)
}

fn add_or_subtract(vm: &mut Vm, this: Value, args: Args, negate: bool) -> JsResult<Value> {
    let z = recv(vm, this)?;
    let d = to_duration(vm, args.get(0))?;
    let opts = get_options_object(vm, args.get(1))?;
    let ov = overflow(vm, opts)?;
    let r = if negate {
        z.subtract_with_provider(&d, Some(ov), provider())
    } else {
        z.add_with_provider(&d, Some(ov), provider())
    };
    let r = tr(vm, r)?;
    new_zoned(vm, r, Value::UNDEFINED)
}

fn add(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    add_or_subtract(vm, this, args, false)
}

fn subtract(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    add_or_subtract(vm, this, args, true)
}

fn until(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let z = recv(vm, this)?;
    let other = to_zoned(vm, args.get(0), Value::UNDEFINED)?;
    check_same_calendar(vm, z.calendar(), other.calendar())?;
    let s = difference_settings(vm, args.get(1))?;
    let r = tr(vm, z.until_with_provider(&other, s, provider()))?;
    new_duration(vm, r, Value::UNDEFINED)
}

fn since(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let z = recv(vm, this)?;
    let other = to_zoned(vm, args.get(0), Value::UNDEFINED)?;
    check_same_calendar(vm, z.calendar(), other.calendar())?;
    let s = difference_settings(vm, args.get(1))?;
    let r = tr(vm, z.since_with_provider(&other, s, provider()))?;
    new_duration(vm, r, Value::UNDEFINED)
}

fn round(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let z = recv(vm, this)?;
    let o = round_options(vm, args.get(0))?;
    let r = tr(vm, z.round_with_provider(o, provider()))?;
    new_zoned(vm, r, Value::UNDEFINED)
}

fn equals(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let z = recv(vm, this)?;
    let other = to_zoned(vm, args.get(0), Value::UNDEFINED)?;
    let same = tr(vm, z.equals_with_provider(&other, provider()))?;
    Ok(Value::bool(same))
}

/// toString options: calendarName, fractionalSecondDigits, offset,
/// roundingMode, smallestUnit, timeZoneName (alphabetical).
fn to_string(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let z = recv(vm, this)?;
    let opts = get_options_object(vm, args.get(0))?;
    let sc = show_calendar(vm, opts)?;
    let precision = super::options::fractional_second_digits(vm, opts)?;
    let so = show_offset(vm, opts)?;
    let rm = super::options::rounding_mode(vm, opts)?;
    let su = super::options::unit(vm, opts, "smallestUnit")?;
    let stz = show_time_zone(vm, opts)?;
    let o = ToStringRoundingOptions {
        precision,
        smallest_unit: su,
        rounding_mode: rm,
    };
    validate_to_string_options(vm, &o)?;
    let s = tr(
        vm,
        z.to_ixdtf_string_with_provider(so, stz, sc, o, provider()),
    )?;
    Ok(js_str(vm, &s))
}

fn to_json(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let z = recv(vm, this)?;
    let s = tr(
        vm,
        z.to_ixdtf_string_with_provider(
            DisplayOffset::Auto,
            DisplayTimeZone::Auto,
            DisplayCalendar::Auto,
            ToStringRoundingOptions::default(),
            provider(),
        ),
    )?;
    Ok(js_str(vm, &s))
}

fn start_of_day(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let z = recv(vm, this)?;
    let r = tr(vm, z.start_of_day_with_provider(provider()))?;
    new_zoned(vm, r, Value::UNDEFINED)
}

/// Temporal.ZonedDateTime.prototype.getTimeZoneTransition ( directionParam ).
fn get_time_zone_transition(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let z = recv(vm, this)?;
    let p = args.get(0);
    if p.is_undefined() {
        return Err(vm.type_error("direction is required"));
    }
    let opts = if p.is_string() {
        let o = vm.new_object();
        let k = vm.key("direction");
        vm.create_data_property_or_throw(o, k, p)?;
        Some(o)
    } else {
        get_options_object(vm, p)?
    };
    let dir = match get_string_option(vm, opts, "direction", &["next", "previous"])? {
        Some(s) if s == "next" => TransitionDirection::Next,
        Some(_) => TransitionDirection::Previous,
        None => return Err(vm.range_error("direction is required")),
    };
    match tr(
        vm,
        z.get_time_zone_transition_with_provider(dir, provider()),
    )? {
        Some(r) => new_zoned(vm, r, Value::UNDEFINED),
        None => Ok(Value::NULL),
    }
}

fn to_instant(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let z = recv(vm, this)?;
    new_instant(vm, z.to_instant(), Value::UNDEFINED)
}

fn to_plain_date(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let z = recv(vm, this)?;
    new_date(vm, z.to_plain_date(), Value::UNDEFINED)
}

fn to_plain_time(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let z = recv(vm, this)?;
    new_time(vm, z.to_plain_time(), Value::UNDEFINED)
}

fn to_plain_date_time(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let z = recv(vm, this)?;
    new_date_time(vm, z.to_plain_date_time(), Value::UNDEFINED)
}
