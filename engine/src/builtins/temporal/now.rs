//! Temporal.Now (#sec-temporal-now-object): the system clock and time zone.

use super::fields::to_time_zone;
use super::instant::new_instant;
use super::plain_date::new_date;
use super::plain_date_time::new_date_time;
use super::plain_time::new_time;
use super::zoned_date_time::new_zoned;
use super::{js_str, provider, tr};
use crate::builtins::method;
use crate::function::Args;
use crate::gc::Gc;
use crate::object::{Attrs, JsObject, ObjectClass, PropertyKey};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use temporal_rs::{Calendar, Instant, TimeZone, ZonedDateTime};

pub(super) fn init(vm: &mut Vm, ns: Gc<JsObject>) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let now = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    let tag = vm.new_string("Temporal.Now");
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    vm.define_builtin(now, tk, tag, Attrs::CONFIGURABLE_ONLY);
    method(vm, now, "instant", 0, instant);
    method(vm, now, "timeZoneId", 0, time_zone_id);
    method(vm, now, "zonedDateTimeISO", 0, zoned_date_time_iso);
    method(vm, now, "plainDateTimeISO", 0, plain_date_time_iso);
    method(vm, now, "plainDateISO", 0, plain_date_iso);
    method(vm, now, "plainTimeISO", 0, plain_time_iso);
    let k = vm.key("Now");
    vm.define_builtin(ns, k, Value::object(now), Attrs::HIDDEN);
}

/// SystemUTCEpochNanoseconds.
fn system_ns() -> i128 {
    match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    }
}

/// SystemTimeZoneIdentifier: $TZ, else the /etc/localtime link's zone
/// name, else UTC (whatever the database does not know falls back too).
fn system_time_zone() -> TimeZone {
    let from_env = std::env::var("TZ")
        .ok()
        .map(|s| s.trim_start_matches(':').to_string());
    let from_link = || {
        std::fs::read_link("/etc/localtime").ok().and_then(|p| {
            let s = p.to_string_lossy().into_owned();
            s.split_once("zoneinfo/").map(|(_, z)| z.to_string())
        })
    };
    let name = from_env.or_else(from_link);
    name.and_then(|n| TimeZone::try_from_identifier_str_with_provider(&n, provider()).ok())
        .unwrap_or_else(|| TimeZone::utc_with_provider(provider()))
}

fn now_zoned(vm: &mut Vm, tzv: Value) -> JsResult<ZonedDateTime> {
    let tz = if tzv.is_undefined() {
        system_time_zone()
    } else {
        to_time_zone(vm, tzv)?
    };
    tr(
        vm,
        ZonedDateTime::try_new_with_provider(system_ns(), tz, Calendar::default(), provider()),
    )
}

fn instant(vm: &mut Vm, _this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let i = tr(vm, Instant::try_new(system_ns()))?;
    new_instant(vm, i, Value::UNDEFINED)
}

fn time_zone_id(vm: &mut Vm, _this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let tz = system_time_zone();
    let id = tr(vm, tz.identifier_with_provider(provider()))?;
    Ok(js_str(vm, &id))
}

fn zoned_date_time_iso(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let z = now_zoned(vm, args.get(0))?;
    new_zoned(vm, z, Value::UNDEFINED)
}

fn plain_date_time_iso(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let z = now_zoned(vm, args.get(0))?;
    new_date_time(vm, z.to_plain_date_time(), Value::UNDEFINED)
}

fn plain_date_iso(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let z = now_zoned(vm, args.get(0))?;
    new_date(vm, z.to_plain_date(), Value::UNDEFINED)
}

fn plain_time_iso(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let z = now_zoned(vm, args.get(0))?;
    new_time(vm, z.to_plain_time(), Value::UNDEFINED)
}
