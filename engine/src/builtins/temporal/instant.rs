//! Temporal.Instant (#sec-temporal-instant-objects), and
//! Date.prototype.toTemporalInstant.

use super::duration::{
    new_duration, read_to_string_options, to_duration, validate_to_string_options,
};
use super::fields::to_time_zone;
use super::options::{difference_settings, get_options_object, get_raw, round_options};
use super::zoned_date_time::new_zoned;
use super::{
    create, getter, js_str, make_class, ord_value, provider, slot_of, this_slot, tr, value_of,
};
use crate::builtins::method;
use crate::builtins::numbers::bigint::to_bigint;
use crate::builtins::numbers::date::date_value;
use crate::function::Args;
use crate::gc::Gc;
use crate::object::JsObject;
use crate::ops::conversion::Hint;
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use num_bigint::BigInt;
use num_traits::ToPrimitive;
use temporal_rs::options::ToStringRoundingOptions;
use temporal_rs::{Instant, ZonedDateTime};

const NAME: &str = "Temporal.Instant";

pub(super) fn init(vm: &mut Vm, ns: Gc<JsObject>) {
    let (ctor, proto) = make_class(
        vm,
        ns,
        "Instant",
        1,
        constructor,
        Intrinsic::TemporalInstantPrototype,
        Intrinsic::TemporalInstant,
    );
    method(vm, ctor, "from", 1, from);
    method(
        vm,
        ctor,
        "fromEpochMilliseconds",
        1,
        from_epoch_milliseconds,
    );
    method(vm, ctor, "fromEpochNanoseconds", 1, from_epoch_nanoseconds);
    method(vm, ctor, "compare", 2, compare);
    getter(vm, proto, "epochMilliseconds", |vm, t, _, _| {
        let i = recv(vm, t)?;
        Ok(Value::number(i.epoch_milliseconds() as f64))
    });
    getter(vm, proto, "epochNanoseconds", |vm, t, _, _| {
        let i = recv(vm, t)?;
        Ok(vm.new_bigint(BigInt::from(i.as_i128())))
    });
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
    method(vm, proto, "toZonedDateTimeISO", 1, to_zoned_date_time_iso);
    let dp = vm.intrinsic(Intrinsic::DatePrototype);
    method(vm, dp, "toTemporalInstant", 0, date_to_temporal_instant);
}

fn recv(vm: &mut Vm, t: Value) -> JsResult<Instant> {
    this_slot::<Instant>(vm, t, NAME)
}

pub(super) fn new_instant(vm: &mut Vm, i: Instant, nt: Value) -> JsResult<Value> {
    create(vm, i, NAME, nt, Intrinsic::TemporalInstantPrototype)
}

/// An Instant from a BigInt count of nanoseconds (IsValidEpochNanoseconds).
fn instant_from_bigint(vm: &mut Vm, b: &BigInt) -> JsResult<Instant> {
    match b.to_i128() {
        Some(n) => tr(vm, Instant::try_new(n)),
        None => Err(vm.range_error("epoch nanoseconds out of range")),
    }
}

/// Temporal.Instant ( epochNanoseconds ) (#sec-temporal.instant).
fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    if nt.is_undefined() {
        return Err(vm.type_error("Constructor Temporal.Instant requires 'new'"));
    }
    let b = to_bigint(vm, args.get(0))?;
    let i = instant_from_bigint(vm, &b)?;
    new_instant(vm, i, nt)
}

/// ToTemporalInstant (#sec-temporal-totemporalinstant).
pub(super) fn to_instant(vm: &mut Vm, item: Value) -> JsResult<Instant> {
    let mut item = item;
    if item.is_object() {
        if let Some(i) = slot_of::<Instant>(item) {
            return Ok(i);
        }
        if let Some(z) = slot_of::<ZonedDateTime>(item) {
            return Ok(z.to_instant());
        }
        item = vm.to_primitive(item, Hint::String)?;
    }
    if !item.is_string() {
        return Err(vm.type_error("an instant must be a string or an object"));
    }
    let s = vm.to_rust_string(item)?;
    tr(vm, Instant::from_utf8(s.as_bytes()))
}

fn from(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let i = to_instant(vm, args.get(0))?;
    new_instant(vm, i, Value::UNDEFINED)
}

fn from_epoch_milliseconds(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let n = vm.to_number(args.get(0))?;
    if !n.is_finite() || n.trunc() != n {
        return Err(vm.range_error("epoch milliseconds must be an integer"));
    }
    // |n| ≤ 8.64e15 is required; anything larger is rejected by try_new
    // after the exact multiplication below.
    if n.abs() > 1e17 {
        return Err(vm.range_error("epoch milliseconds out of range"));
    }
    let ns = (n as i128) * 1_000_000;
    let i = tr(vm, Instant::try_new(ns))?;
    new_instant(vm, i, Value::UNDEFINED)
}

fn from_epoch_nanoseconds(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let b = to_bigint(vm, args.get(0))?;
    let i = instant_from_bigint(vm, &b)?;
    new_instant(vm, i, Value::UNDEFINED)
}

fn compare(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let a = to_instant(vm, args.get(0))?;
    let b = to_instant(vm, args.get(1))?;
    Ok(ord_value(a.cmp(&b)))
}

fn add(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let i = recv(vm, this)?;
    let d = to_duration(vm, args.get(0))?;
    let r = tr(vm, i.add(&d))?;
    new_instant(vm, r, Value::UNDEFINED)
}

fn subtract(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let i = recv(vm, this)?;
    let d = to_duration(vm, args.get(0))?;
    let r = tr(vm, i.subtract(&d))?;
    new_instant(vm, r, Value::UNDEFINED)
}

fn until(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let i = recv(vm, this)?;
    let other = to_instant(vm, args.get(0))?;
    let s = difference_settings(vm, args.get(1))?;
    let r = tr(vm, i.until(&other, s))?;
    new_duration(vm, r, Value::UNDEFINED)
}

fn since(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let i = recv(vm, this)?;
    let other = to_instant(vm, args.get(0))?;
    let s = difference_settings(vm, args.get(1))?;
    let r = tr(vm, i.since(&other, s))?;
    new_duration(vm, r, Value::UNDEFINED)
}

fn round(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let i = recv(vm, this)?;
    let o = round_options(vm, args.get(0))?;
    let r = tr(vm, i.round(o))?;
    new_instant(vm, r, Value::UNDEFINED)
}

fn equals(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let i = recv(vm, this)?;
    let other = to_instant(vm, args.get(0))?;
    Ok(Value::bool(i == other))
}

/// Temporal.Instant.prototype.toString ( [options] ): fractionalSecondDigits,
/// roundingMode, smallestUnit, timeZone are read in that order.
fn to_string(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let i = recv(vm, this)?;
    let opts = get_options_object(vm, args.get(0))?;
    let o = read_to_string_options(vm, opts)?;
    let tzv = get_raw(vm, opts, "timeZone")?;
    let tz = if tzv.is_undefined() {
        None
    } else {
        Some(to_time_zone(vm, tzv)?)
    };
    validate_to_string_options(vm, &o)?;
    let s = tr(vm, i.to_ixdtf_string_with_provider(tz, o, provider()))?;
    Ok(js_str(vm, &s))
}

fn to_json(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let i = recv(vm, this)?;
    let s = tr(
        vm,
        i.to_ixdtf_string_with_provider(None, ToStringRoundingOptions::default(), provider()),
    )?;
    Ok(js_str(vm, &s))
}

fn to_zoned_date_time_iso(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let i = recv(vm, this)?;
    let tz = to_time_zone(vm, args.get(0))?;
    let z = tr(vm, i.to_zoned_date_time_iso_with_provider(tz, provider()))?;
    new_zoned(vm, z, Value::UNDEFINED)
}

/// Date.prototype.toTemporalInstant ( ) (#sec-date.prototype.totemporalinstant).
fn date_to_temporal_instant(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let Some(t) = date_value(this) else {
        return Err(vm.type_error("this is not a Date object."));
    };
    if !t.is_finite() {
        return Err(vm.range_error("invalid Date"));
    }
    let i = tr(vm, Instant::try_new((t as i128) * 1_000_000))?;
    new_instant(vm, i, Value::UNDEFINED)
}
