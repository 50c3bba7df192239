//! Temporal.Duration (#sec-temporal-duration-objects).

use super::fields::{calendar_with_iso_default, read_fields, F_DATE, F_OFFSET, F_TIME, F_TZ};
use super::options::{
    fractional_second_digits, get_options_object, get_raw, rounding_increment, rounding_mode,
    to_integer_if_integral, unit, Opts,
};
use super::{create, getter, js_str, make_class, provider, slot_of, this_slot, tr, value_of};
use crate::builtins::method;
use crate::function::Args;
use crate::gc::Gc;
use crate::object::JsObject;
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::cmp::Ordering;
use temporal_rs::fields::ZonedDateTimeFields;
use temporal_rs::options::{
    Disambiguation, OffsetDisambiguation, Overflow, RelativeTo, RoundingOptions,
    ToStringRoundingOptions, Unit,
};
use temporal_rs::partial::PartialZonedDateTime;
use temporal_rs::{Duration, PlainDate, PlainDateTime, ZonedDateTime};

const NAME: &str = "Temporal.Duration";

pub(super) fn init(vm: &mut Vm, ns: Gc<JsObject>) {
    let (ctor, proto) = make_class(
        vm,
        ns,
        "Duration",
        0,
        constructor,
        Intrinsic::TemporalDurationPrototype,
        Intrinsic::TemporalDuration,
    );
    method(vm, ctor, "from", 1, from);
    method(vm, ctor, "compare", 2, compare);
    getter(vm, proto, "years", |vm, t, _, _| {
        field(vm, t, |d| d.years() as f64)
    });
    getter(vm, proto, "months", |vm, t, _, _| {
        field(vm, t, |d| d.months() as f64)
    });
    getter(vm, proto, "weeks", |vm, t, _, _| {
        field(vm, t, |d| d.weeks() as f64)
    });
    getter(vm, proto, "days", |vm, t, _, _| {
        field(vm, t, |d| d.days() as f64)
    });
    getter(vm, proto, "hours", |vm, t, _, _| {
        field(vm, t, |d| d.hours() as f64)
    });
    getter(vm, proto, "minutes", |vm, t, _, _| {
        field(vm, t, |d| d.minutes() as f64)
    });
    getter(vm, proto, "seconds", |vm, t, _, _| {
        field(vm, t, |d| d.seconds() as f64)
    });
    getter(vm, proto, "milliseconds", |vm, t, _, _| {
        field(vm, t, |d| d.milliseconds() as f64)
    });
    getter(vm, proto, "microseconds", |vm, t, _, _| {
        field(vm, t, |d| d.microseconds() as f64)
    });
    getter(vm, proto, "nanoseconds", |vm, t, _, _| {
        field(vm, t, |d| d.nanoseconds() as f64)
    });
    getter(vm, proto, "sign", |vm, t, _, _| {
        field(vm, t, |d| d.sign() as i8 as f64)
    });
    getter(vm, proto, "blank", |vm, t, _, _| {
        let d = this_slot::<Duration>(vm, t, "Temporal.Duration.prototype.blank")?;
        Ok(Value::bool(d.is_zero()))
    });
    method(vm, proto, "with", 1, with);
    method(vm, proto, "negated", 0, negated);
    method(vm, proto, "abs", 0, abs);
    method(vm, proto, "add", 1, add);
    method(vm, proto, "subtract", 1, subtract);
    method(vm, proto, "round", 1, round);
    method(vm, proto, "total", 1, total);
    method(vm, proto, "toString", 0, to_string);
    method(vm, proto, "toJSON", 0, to_json);
    method(vm, proto, "toLocaleString", 0, to_json);
    method(vm, proto, "valueOf", 0, value_of);
}

fn recv(vm: &mut Vm, t: Value) -> JsResult<Duration> {
    this_slot::<Duration>(vm, t, NAME)
}

fn field(vm: &mut Vm, t: Value, f: fn(&Duration) -> f64) -> JsResult<Value> {
    let d = recv(vm, t)?;
    // `+ 0.0` turns -0 into +0: duration fields are never -0.
    Ok(Value::number(f(&d) + 0.0))
}

/// A Duration object (CreateTemporalDuration).
pub(super) fn new_duration(vm: &mut Vm, d: Duration, nt: Value) -> JsResult<Value> {
    create(vm, d, NAME, nt, Intrinsic::TemporalDurationPrototype)
}

/// Temporal.Duration ( [years ... nanoseconds] ) (#sec-temporal.duration).
fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    if nt.is_undefined() {
        return Err(vm.type_error("Constructor Temporal.Duration requires 'new'"));
    }
    let mut v = [0.0f64; 10];
    for (i, slot) in v.iter_mut().enumerate() {
        let a = args.get(i);
        if !a.is_undefined() {
            *slot = to_integer_if_integral(vm, a)?;
        }
    }
    let d = tr(vm, duration_from_f64(&v))?;
    new_duration(vm, d, nt)
}

/// A Duration from ten float fields (validated by temporal_rs; values too
/// large for its integer types saturate, which it then rejects).
fn duration_from_f64(v: &[f64; 10]) -> temporal_rs::TemporalResult<Duration> {
    // Floats past the i64/i128 range saturate on `as`: such values are
    // invalid durations anyway, and temporal_rs reports them.
    let [y, mo, w, d, h, mi, sec, ms, us, ns] = *v;
    Duration::new(
        y as i64, mo as i64, w as i64, d as i64, h as i64, mi as i64, sec as i64, ms as i64,
        us as i128, ns as i128,
    )
}

/// ToTemporalPartialDurationRecord (#sec-temporal-totemporalpartialdurationrecord):
/// reads the ten fields in alphabetical order.
fn partial_duration(vm: &mut Vm, v: Value) -> JsResult<[Option<f64>; 10]> {
    let Some(o) = v.as_object() else {
        return Err(vm.type_error("duration-like must be an object"));
    };
    // Alphabetical order, with each name's index in years..nanoseconds.
    const ORDER: [(&str, usize); 10] = [
        ("days", 3),
        ("hours", 4),
        ("microseconds", 8),
        ("milliseconds", 7),
        ("minutes", 5),
        ("months", 1),
        ("nanoseconds", 9),
        ("seconds", 6),
        ("weeks", 2),
        ("years", 0),
    ];
    let mut out = [None; 10];
    let mut any = false;
    for (name, idx) in ORDER {
        let k = vm.key(name);
        let x = vm.get_prop(o, k)?;
        if !x.is_undefined() {
            let n = to_integer_if_integral(vm, x)?;
            if let Some(slot) = out.get_mut(idx) {
                *slot = Some(n);
            }
            any = true;
        }
    }
    if !any {
        return Err(vm.type_error("duration-like object has no duration fields"));
    }
    Ok(out)
}

/// ToTemporalDuration (#sec-temporal-totemporalduration).
pub(super) fn to_duration(vm: &mut Vm, v: Value) -> JsResult<Duration> {
    if let Some(d) = slot_of::<Duration>(v) {
        return Ok(d);
    }
    if !v.is_object() {
        if !v.is_string() {
            return Err(vm.type_error("a duration must be a string or an object"));
        }
        let s = vm.to_rust_string(v)?;
        return tr(vm, Duration::from_utf8(s.as_bytes()));
    }
    let p = partial_duration(vm, v)?;
    let mut f = [0.0; 10];
    for (dst, src) in f.iter_mut().zip(p.iter()) {
        *dst = src.unwrap_or(0.0);
    }
    tr(vm, duration_from_f64(&f))
}

fn from(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = to_duration(vm, args.get(0))?;
    new_duration(vm, d, Value::UNDEFINED)
}

/// GetTemporalRelativeToOption (#sec-temporal-gettemporalrelativetooption).
pub(super) fn relative_to(vm: &mut Vm, opts: Opts) -> JsResult<Option<RelativeTo>> {
    let v = get_raw(vm, opts, "relativeTo")?;
    if v.is_undefined() {
        return Ok(None);
    }
    if let Some(o) = v.as_object() {
        if let Some(z) = slot_of::<ZonedDateTime>(v) {
            return Ok(Some(RelativeTo::ZonedDateTime(z)));
        }
        if let Some(d) = slot_of::<PlainDate>(v) {
            return Ok(Some(RelativeTo::PlainDate(d)));
        }
        if let Some(dt) = slot_of::<PlainDateTime>(v) {
            return Ok(Some(RelativeTo::PlainDate(dt.to_plain_date())));
        }
        let calendar = calendar_with_iso_default(vm, o)?;
        let f = read_fields(vm, o, &calendar, F_DATE | F_TIME | F_OFFSET | F_TZ)?;
        let cf = f.calendar_fields(vm)?;
        let time = f.partial_time(vm, Overflow::Constrain)?;
        return match f.time_zone {
            None => {
                let partial = temporal_rs::partial::PartialDate {
                    calendar_fields: cf,
                    calendar,
                };
                let d = tr(
                    vm,
                    PlainDate::from_partial(partial, Some(Overflow::Constrain)),
                )?;
                Ok(Some(RelativeTo::PlainDate(d)))
            }
            Some(tz) => {
                let partial = PartialZonedDateTime {
                    fields: ZonedDateTimeFields {
                        calendar_fields: cf,
                        time,
                        offset: f.offset,
                    },
                    timezone: Some(tz),
                    calendar,
                };
                let z = tr(
                    vm,
                    ZonedDateTime::from_partial_with_provider(
                        partial,
                        Some(Overflow::Constrain),
                        Some(Disambiguation::Compatible),
                        Some(OffsetDisambiguation::Reject),
                        provider(),
                    ),
                )?;
                Ok(Some(RelativeTo::ZonedDateTime(z)))
            }
        };
    }
    if !v.is_string() {
        return Err(vm.type_error("relativeTo must be a string or an object"));
    }
    let s = vm.to_rust_string(v)?;
    let r = tr(vm, RelativeTo::try_from_str_with_provider(&s, provider()))?;
    Ok(Some(r))
}

/// Temporal.Duration.compare ( one, two [, options] ).
fn compare(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let one = to_duration(vm, args.get(0))?;
    let two = to_duration(vm, args.get(1))?;
    let opts = get_options_object(vm, args.get(2))?;
    let rel = relative_to(vm, opts)?;
    let o = tr(vm, one.compare_with_provider(&two, rel, provider()))?;
    Ok(Value::int(match o {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    }))
}

fn with(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let p = partial_duration(vm, args.get(0))?;
    let cur = [
        d.years() as f64,
        d.months() as f64,
        d.weeks() as f64,
        d.days() as f64,
        d.hours() as f64,
        d.minutes() as f64,
        d.seconds() as f64,
        d.milliseconds() as f64,
        d.microseconds() as f64,
        d.nanoseconds() as f64,
    ];
    let mut f = [0.0; 10];
    for ((dst, c), n) in f.iter_mut().zip(cur.iter()).zip(p.iter()) {
        *dst = n.unwrap_or(*c);
    }
    let r = tr(vm, duration_from_f64(&f))?;
    new_duration(vm, r, Value::UNDEFINED)
}

fn negated(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    new_duration(vm, d.negated(), Value::UNDEFINED)
}

fn abs(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    new_duration(vm, d.abs(), Value::UNDEFINED)
}

fn add(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let other = to_duration(vm, args.get(0))?;
    let r = tr(vm, d.add(&other))?;
    new_duration(vm, r, Value::UNDEFINED)
}

fn subtract(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let other = to_duration(vm, args.get(0))?;
    let r = tr(vm, d.subtract(&other))?;
    new_duration(vm, r, Value::UNDEFINED)
}

/// A `roundTo`/`totalOf` argument: a string stands for `{ [key]: string }`.
/// Returns the options object, or the unit given as a string.
pub(super) fn string_or_options(
    vm: &mut Vm,
    v: Value,
    key: &str,
) -> JsResult<(Opts, Option<Unit>)> {
    if v.is_undefined() {
        return Err(vm.type_error("options argument is required"));
    }
    if v.is_string() {
        let s = vm.to_rust_string(v)?;
        return match s.parse::<Unit>() {
            Ok(u) if u != Unit::Auto || key == "largestUnit" => Ok((None, Some(u))),
            _ => Err(vm.range_error(&format!("{s} is not a valid value for {key}"))),
        };
    }
    Ok((get_options_object(vm, v)?, None))
}

/// Temporal.Duration.prototype.round ( roundTo ) (#sec-temporal.duration.prototype.round).
fn round(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let (opts, su) = string_or_options(vm, args.get(0), "smallestUnit")?;
    let mut o = RoundingOptions::default();
    if su.is_some() {
        o.smallest_unit = su;
    } else {
        o.largest_unit = unit(vm, opts, "largestUnit")?;
    }
    let rel = relative_to(vm, opts)?;
    if su.is_none() {
        o.increment = rounding_increment(vm, opts)?;
        o.rounding_mode = rounding_mode(vm, opts)?;
        o.smallest_unit = unit(vm, opts, "smallestUnit")?;
        if o.smallest_unit == Some(Unit::Auto) {
            return Err(vm.range_error("smallestUnit cannot be 'auto'"));
        }
        if o.smallest_unit.is_none() && o.largest_unit.is_none() {
            return Err(vm.range_error("one of smallestUnit or largestUnit is required"));
        }
    }
    let r = tr(vm, d.round_with_provider(o, rel, provider()))?;
    new_duration(vm, r, Value::UNDEFINED)
}

/// Temporal.Duration.prototype.total ( totalOf ) (#sec-temporal.duration.prototype.total).
fn total(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let (opts, u) = string_or_options(vm, args.get(0), "unit")?;
    let rel = relative_to(vm, opts)?;
    let u = match u {
        Some(u) => u,
        None => match unit(vm, opts, "unit")? {
            Some(Unit::Auto) => return Err(vm.range_error("unit cannot be 'auto'")),
            Some(u) => u,
            None => return Err(vm.range_error("unit is required")),
        },
    };
    let r = tr(vm, d.total_with_provider(u, rel, provider()))?;
    Ok(Value::number(r.as_inner()))
}

/// The toString precision options shared by every type:
/// fractionalSecondDigits, roundingMode, smallestUnit (in that order).
pub(super) fn to_string_options(vm: &mut Vm, opts: Opts) -> JsResult<ToStringRoundingOptions> {
    let o = read_to_string_options(vm, opts)?;
    validate_to_string_options(vm, &o)?;
    Ok(o)
}

/// The reads of `to_string_options` alone (Instant reads timeZone
/// before validating).
pub(super) fn read_to_string_options(vm: &mut Vm, opts: Opts) -> JsResult<ToStringRoundingOptions> {
    let precision = fractional_second_digits(vm, opts)?;
    let rm = rounding_mode(vm, opts)?;
    let su = unit(vm, opts, "smallestUnit")?;
    Ok(ToStringRoundingOptions {
        precision,
        smallest_unit: su,
        rounding_mode: rm,
    })
}

/// smallestUnit of a toString must be a time unit below hour.
pub(super) fn validate_to_string_options(vm: &mut Vm, o: &ToStringRoundingOptions) -> JsResult<()> {
    match o.smallest_unit {
        None => Ok(()),
        Some(u) if u.is_time_unit() && u != Unit::Hour => Ok(()),
        Some(_) => Err(vm.range_error("smallestUnit must be a time unit below hour")),
    }
}

fn to_string(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let opts = get_options_object(vm, args.get(0))?;
    let o = to_string_options(vm, opts)?;
    let s = tr(vm, d.as_temporal_string(o))?;
    Ok(js_str(vm, &s))
}

fn to_json(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let d = recv(vm, this)?;
    let s = tr(vm, d.as_temporal_string(ToStringRoundingOptions::default()))?;
    Ok(js_str(vm, &s))
}
