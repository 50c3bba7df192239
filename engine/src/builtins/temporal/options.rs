//! Reading Temporal option bags (#sec-temporal-abstract-ops): each
//! option is read with one [[Get]] and coerced as GetOption says, in the
//! order the calling method's spec steps give (test262 observes it).

use crate::gc::Gc;
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::str::FromStr;
use temporal_rs::options::{
    Disambiguation, DisplayCalendar, DisplayOffset, DisplayTimeZone, OffsetDisambiguation,
    Overflow, RoundingIncrement, RoundingMode, Unit,
};
use temporal_rs::parsers::Precision;

/// An options object, or None for `undefined` (read as if empty).
pub(crate) type Opts = Option<Gc<JsObject>>;

/// GetOptionsObject (#sec-getoptionsobject).
pub(crate) fn get_options_object(vm: &mut Vm, v: Value) -> JsResult<Opts> {
    if v.is_undefined() {
        return Ok(None);
    }
    match v.as_object() {
        Some(o) => Ok(Some(o)),
        None => Err(vm.type_error("options must be an object or undefined")),
    }
}

/// [[Get]] of one option (undefined when there is no options object).
pub(crate) fn get_raw(vm: &mut Vm, opts: Opts, name: &str) -> JsResult<Value> {
    match opts {
        Some(o) => {
            let k = vm.key(name);
            vm.get_prop(o, k)
        }
        None => Ok(Value::UNDEFINED),
    }
}

/// GetOption(options, name, string, allowed, undefined) (#sec-getoption).
pub(crate) fn get_string_option(
    vm: &mut Vm,
    opts: Opts,
    name: &str,
    allowed: &[&str],
) -> JsResult<Option<String>> {
    let v = get_raw(vm, opts, name)?;
    if v.is_undefined() {
        return Ok(None);
    }
    let s = vm.to_rust_string(v)?;
    if !allowed.is_empty() && !allowed.contains(&s.as_str()) {
        return Err(vm.range_error(&format!("{s} is not a valid value for {name}")));
    }
    Ok(Some(s))
}

/// A string option parsed by its temporal_rs FromStr.
fn parsed_option<T: FromStr>(
    vm: &mut Vm,
    opts: Opts,
    name: &str,
    allowed: &[&str],
) -> JsResult<Option<T>> {
    match get_string_option(vm, opts, name, allowed)? {
        None => Ok(None),
        Some(s) => match T::from_str(&s) {
            Ok(t) => Ok(Some(t)),
            Err(_) => Err(vm.range_error(&format!("{s} is not a valid value for {name}"))),
        },
    }
}

/// GetTemporalOverflowOption (#sec-temporal-gettemporaloverflowoption).
pub(crate) fn overflow(vm: &mut Vm, opts: Opts) -> JsResult<Overflow> {
    Ok(
        parsed_option(vm, opts, "overflow", &["constrain", "reject"])?
            .unwrap_or(Overflow::Constrain),
    )
}

/// GetTemporalDisambiguationOption.
pub(crate) fn disambiguation(vm: &mut Vm, opts: Opts) -> JsResult<Disambiguation> {
    Ok(parsed_option(
        vm,
        opts,
        "disambiguation",
        &["compatible", "earlier", "later", "reject"],
    )?
    .unwrap_or(Disambiguation::Compatible))
}

/// GetTemporalOffsetOption with the given fallback.
pub(crate) fn offset_option(
    vm: &mut Vm,
    opts: Opts,
    fallback: OffsetDisambiguation,
) -> JsResult<OffsetDisambiguation> {
    Ok(
        parsed_option(vm, opts, "offset", &["prefer", "use", "ignore", "reject"])?
            .unwrap_or(fallback),
    )
}

/// GetRoundingModeOption (#sec-temporal-getroundingmodeoption).
pub(crate) fn rounding_mode(vm: &mut Vm, opts: Opts) -> JsResult<Option<RoundingMode>> {
    parsed_option(
        vm,
        opts,
        "roundingMode",
        &[
            "ceil",
            "floor",
            "expand",
            "trunc",
            "halfCeil",
            "halfFloor",
            "halfExpand",
            "halfTrunc",
            "halfEven",
        ],
    )
}

/// GetRoundingIncrementOption (#sec-temporal-getroundingincrementoption).
pub(crate) fn rounding_increment(vm: &mut Vm, opts: Opts) -> JsResult<Option<RoundingIncrement>> {
    let v = get_raw(vm, opts, "roundingIncrement")?;
    if v.is_undefined() {
        return Ok(None);
    }
    let n = vm.to_number(v)?;
    match RoundingIncrement::try_from(n) {
        Ok(i) => Ok(Some(i)),
        Err(e) => Err(super::js_error(vm, e)),
    }
}

const UNIT_NAMES: &[&str] = &[
    "year",
    "years",
    "month",
    "months",
    "week",
    "weeks",
    "day",
    "days",
    "hour",
    "hours",
    "minute",
    "minutes",
    "second",
    "seconds",
    "millisecond",
    "milliseconds",
    "microsecond",
    "microseconds",
    "nanosecond",
    "nanoseconds",
    "auto",
];

/// GetTemporalUnitValuedOption (#sec-temporal-gettemporalunitvaluedoption):
/// the unit as written ("auto" included); the caller validates the group.
pub(crate) fn unit(vm: &mut Vm, opts: Opts, name: &str) -> JsResult<Option<Unit>> {
    parsed_option(vm, opts, name, UNIT_NAMES)
}

/// GetTemporalFractionalSecondDigitsOption
/// (#sec-temporal-gettemporalfractionalseconddigitsoption).
pub(crate) fn fractional_second_digits(vm: &mut Vm, opts: Opts) -> JsResult<Precision> {
    let v = get_raw(vm, opts, "fractionalSecondDigits")?;
    if v.is_undefined() {
        return Ok(Precision::Auto);
    }
    let Some(n) = v.as_number() else {
        let s = vm.to_rust_string(v)?;
        if s != "auto" {
            return Err(vm.range_error("fractionalSecondDigits must be 'auto' or 0-9"));
        }
        return Ok(Precision::Auto);
    };
    if !n.is_finite() {
        return Err(vm.range_error("fractionalSecondDigits must be finite"));
    }
    let d = n.floor();
    if !(0.0..=9.0).contains(&d) {
        return Err(vm.range_error("fractionalSecondDigits out of range"));
    }
    Ok(Precision::Digit(d as u8))
}

/// GetTemporalShowCalendarNameOption.
pub(crate) fn show_calendar(vm: &mut Vm, opts: Opts) -> JsResult<DisplayCalendar> {
    Ok(parsed_option(
        vm,
        opts,
        "calendarName",
        &["auto", "always", "never", "critical"],
    )?
    .unwrap_or(DisplayCalendar::Auto))
}

/// GetTemporalShowOffsetOption.
pub(crate) fn show_offset(vm: &mut Vm, opts: Opts) -> JsResult<DisplayOffset> {
    Ok(parsed_option(vm, opts, "offset", &["auto", "never"])?.unwrap_or(DisplayOffset::Auto))
}

/// GetTemporalShowTimeZoneNameOption.
pub(crate) fn show_time_zone(vm: &mut Vm, opts: Opts) -> JsResult<DisplayTimeZone> {
    Ok(
        parsed_option(vm, opts, "timeZoneName", &["auto", "never", "critical"])?
            .unwrap_or(DisplayTimeZone::Auto),
    )
}

/// ToIntegerWithTruncation (#sec-tointegerwithtruncation).
pub(crate) fn to_integer_with_truncation(vm: &mut Vm, v: Value) -> JsResult<f64> {
    let n = vm.to_number(v)?;
    if !n.is_finite() {
        return Err(vm.range_error("value must be a finite number"));
    }
    Ok(n.trunc() + 0.0)
}

/// ToPositiveIntegerWithTruncation (#sec-topositiveintegerwithtruncation).
pub(crate) fn to_positive_integer_with_truncation(vm: &mut Vm, v: Value) -> JsResult<f64> {
    let n = to_integer_with_truncation(vm, v)?;
    if n <= 0.0 {
        return Err(vm.range_error("value must be a positive integer"));
    }
    Ok(n)
}

/// ToIntegerIfIntegral (#sec-tointegerifintegral).
pub(crate) fn to_integer_if_integral(vm: &mut Vm, v: Value) -> JsResult<f64> {
    let n = vm.to_number(v)?;
    if !n.is_finite() || n.trunc() != n {
        return Err(vm.range_error("value must be an integer"));
    }
    Ok(n + 0.0)
}

/// GetDifferenceSettings' reads (#sec-temporal-getdifferencesettings):
/// largestUnit, roundingIncrement, roundingMode, smallestUnit. Unit
/// groups and defaults are validated by temporal_rs.
pub(crate) fn difference_settings(
    vm: &mut Vm,
    v: Value,
) -> JsResult<temporal_rs::options::DifferenceSettings> {
    let opts = get_options_object(vm, v)?;
    let largest_unit = unit(vm, opts, "largestUnit")?;
    let increment = rounding_increment(vm, opts)?;
    let rounding_mode = rounding_mode(vm, opts)?;
    let smallest_unit = unit(vm, opts, "smallestUnit")?;
    if smallest_unit == Some(Unit::Auto) {
        return Err(vm.range_error("smallestUnit cannot be 'auto'"));
    }
    let mut s = temporal_rs::options::DifferenceSettings::default();
    s.largest_unit = largest_unit;
    s.smallest_unit = smallest_unit;
    s.rounding_mode = rounding_mode;
    s.increment = increment;
    Ok(s)
}

/// The `round` options of the date/time types: a string is the
/// smallestUnit; otherwise roundingIncrement, roundingMode, smallestUnit
/// (required).
pub(crate) fn round_options(
    vm: &mut Vm,
    v: Value,
) -> JsResult<temporal_rs::options::RoundingOptions> {
    let mut o = temporal_rs::options::RoundingOptions::default();
    if v.is_undefined() {
        return Err(vm.type_error("roundTo is required"));
    }
    if v.is_string() {
        let s = vm.to_rust_string(v)?;
        match s.parse::<Unit>() {
            Ok(u) if u != Unit::Auto => o.smallest_unit = Some(u),
            _ => return Err(vm.range_error(&format!("{s} is not a valid smallestUnit"))),
        }
        return Ok(o);
    }
    let opts = get_options_object(vm, v)?;
    o.increment = rounding_increment(vm, opts)?;
    o.rounding_mode = rounding_mode(vm, opts)?;
    o.smallest_unit = unit(vm, opts, "smallestUnit")?;
    match o.smallest_unit {
        None => return Err(vm.range_error("smallestUnit is required")),
        Some(Unit::Auto) => return Err(vm.range_error("smallestUnit cannot be 'auto'")),
        Some(_) => {}
    }
    Ok(o)
}
