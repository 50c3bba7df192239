//! Reading calendar/time fields from property bags
//! (#sec-temporal-preparecalendarfields), calendar and time-zone
//! arguments (#sec-temporal-totemporalcalendaridentifier,
//! #sec-temporal-totemporaltimezoneidentifier).

use super::options::{to_integer_with_truncation, to_positive_integer_with_truncation};
use super::{provider, slot_of, tr};
use crate::gc::Gc;
use crate::object::JsObject;
use crate::ops::conversion::Hint;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::str::FromStr;
use temporal_rs::fields::{CalendarFields, YearMonthCalendarFields};
use temporal_rs::options::Overflow;
use temporal_rs::partial::PartialTime;
use temporal_rs::{
    Calendar, MonthCode, PlainDate, PlainDateTime, PlainMonthDay, PlainYearMonth, TimeZone,
    TinyAsciiStr, UtcOffset, ZonedDateTime,
};

/// Which fields a conversion reads.
pub(crate) const F_DAY: u8 = 1;
pub(crate) const F_MONTH: u8 = 2;
pub(crate) const F_YEAR: u8 = 4;
pub(crate) const F_TIME: u8 = 8;
pub(crate) const F_OFFSET: u8 = 16;
pub(crate) const F_TZ: u8 = 32;
pub(crate) const F_DATE: u8 = F_DAY | F_MONTH | F_YEAR;

/// The fields found in a property bag, already coerced.
#[derive(Default)]
pub(crate) struct Fields {
    pub day: Option<f64>,
    pub era: Option<String>,
    pub era_year: Option<f64>,
    pub hour: Option<f64>,
    pub microsecond: Option<f64>,
    pub millisecond: Option<f64>,
    pub minute: Option<f64>,
    pub month: Option<f64>,
    pub month_code: Option<MonthCode>,
    pub nanosecond: Option<f64>,
    pub offset: Option<UtcOffset>,
    pub second: Option<f64>,
    pub time_zone: Option<TimeZone>,
    pub year: Option<f64>,
    /// Whether any field was present (for partial reads).
    pub any: bool,
}

fn get(vm: &mut Vm, o: Gc<JsObject>, name: &str) -> JsResult<Value> {
    let k = vm.key(name);
    vm.get_prop(o, k)
}

/// A primitive that must be a string (ToMonthCode/ToOffsetString step 1-2).
fn to_primitive_string(vm: &mut Vm, v: Value, what: &str) -> JsResult<String> {
    let p = vm.to_primitive(v, Hint::String)?;
    if !p.is_string() {
        return Err(vm.type_error(&format!("{what} must be a string")));
    }
    vm.to_rust_string(p)
}

/// PrepareCalendarFields: read the fields in `which`, in alphabetical
/// order, coercing each as the spec's field table says.
pub(crate) fn read_fields(
    vm: &mut Vm,
    o: Gc<JsObject>,
    calendar: &Calendar,
    which: u8,
) -> JsResult<Fields> {
    let mut f = Fields::default();
    // Era fields exist only for non-ISO calendars.
    let eras = which & F_YEAR != 0 && !calendar.is_iso();
    if which & F_DAY != 0 {
        let v = get(vm, o, "day")?;
        if !v.is_undefined() {
            f.day = Some(to_positive_integer_with_truncation(vm, v)?);
            f.any = true;
        }
    }
    if eras {
        let v = get(vm, o, "era")?;
        if !v.is_undefined() {
            f.era = Some(to_primitive_string(vm, v, "era")?);
            f.any = true;
        }
        let v = get(vm, o, "eraYear")?;
        if !v.is_undefined() {
            f.era_year = Some(to_integer_with_truncation(vm, v)?);
            f.any = true;
        }
    }
    let time = which & F_TIME != 0;
    if time {
        f.hour = int_field(vm, o, "hour", &mut f.any)?;
        f.microsecond = int_field(vm, o, "microsecond", &mut f.any)?;
        f.millisecond = int_field(vm, o, "millisecond", &mut f.any)?;
        f.minute = int_field(vm, o, "minute", &mut f.any)?;
    }
    if which & F_MONTH != 0 {
        let v = get(vm, o, "month")?;
        if !v.is_undefined() {
            f.month = Some(to_positive_integer_with_truncation(vm, v)?);
            f.any = true;
        }
        let v = get(vm, o, "monthCode")?;
        if !v.is_undefined() {
            let s = to_primitive_string(vm, v, "monthCode")?;
            f.month_code = Some(tr(vm, MonthCode::try_from_utf8(s.as_bytes()))?);
            f.any = true;
        }
    }
    if time {
        f.nanosecond = int_field(vm, o, "nanosecond", &mut f.any)?;
    }
    if which & F_OFFSET != 0 {
        let v = get(vm, o, "offset")?;
        if !v.is_undefined() {
            let s = to_primitive_string(vm, v, "offset")?;
            f.offset = Some(tr(vm, UtcOffset::from_utf8(s.as_bytes()))?);
            f.any = true;
        }
    }
    if time {
        f.second = int_field(vm, o, "second", &mut f.any)?;
    }
    if which & F_TZ != 0 {
        let v = get(vm, o, "timeZone")?;
        if !v.is_undefined() {
            f.time_zone = Some(to_time_zone(vm, v)?);
            f.any = true;
        }
    }
    if which & F_YEAR != 0 {
        let v = get(vm, o, "year")?;
        if !v.is_undefined() {
            f.year = Some(to_integer_with_truncation(vm, v)?);
            f.any = true;
        }
    }
    Ok(f)
}

fn int_field(vm: &mut Vm, o: Gc<JsObject>, name: &str, any: &mut bool) -> JsResult<Option<f64>> {
    let v = get(vm, o, name)?;
    if v.is_undefined() {
        return Ok(None);
    }
    *any = true;
    Ok(Some(to_integer_with_truncation(vm, v)?))
}

/// Values are clamped into the crate's integer types: anything clamped
/// is out of range for every calendar, so constrain/reject still behave.
pub(crate) fn sat_u8(f: f64) -> u8 {
    f.clamp(0.0, 255.0) as u8
}
pub(crate) fn sat_u16(f: f64) -> u16 {
    f.clamp(0.0, 65535.0) as u16
}
pub(crate) fn sat_i32(f: f64) -> i32 {
    f.clamp(i32::MIN as f64, i32::MAX as f64) as i32
}

fn era_str(vm: &mut Vm, s: &Option<String>) -> JsResult<Option<TinyAsciiStr<19>>> {
    match s {
        None => Ok(None),
        Some(s) => match TinyAsciiStr::<19>::try_from_str(s) {
            Ok(t) => Ok(Some(t)),
            Err(_) => Err(vm.range_error("invalid era")),
        },
    }
}

impl Fields {
    pub(crate) fn calendar_fields(&self, vm: &mut Vm) -> JsResult<CalendarFields> {
        Ok(CalendarFields {
            year: self.year.map(sat_i32),
            month: self.month.map(sat_u8),
            month_code: self.month_code,
            day: self.day.map(sat_u8),
            era: era_str(vm, &self.era)?,
            era_year: self.era_year.map(sat_i32),
        })
    }

    pub(crate) fn year_month_fields(&self, vm: &mut Vm) -> JsResult<YearMonthCalendarFields> {
        Ok(YearMonthCalendarFields {
            year: self.year.map(sat_i32),
            month: self.month.map(sat_u8),
            month_code: self.month_code,
            era: era_str(vm, &self.era)?,
            era_year: self.era_year.map(sat_i32),
        })
    }

    /// The time fields; with overflow "reject" a negative value is a
    /// RangeError (constrain clamps it to 0, as the u8 conversion does).
    pub(crate) fn partial_time(&self, vm: &mut Vm, overflow: Overflow) -> JsResult<PartialTime> {
        let all = [
            self.hour,
            self.minute,
            self.second,
            self.millisecond,
            self.microsecond,
            self.nanosecond,
        ];
        if overflow == Overflow::Reject && all.iter().flatten().any(|v| *v < 0.0) {
            return Err(vm.range_error("time field out of range"));
        }
        Ok(PartialTime {
            hour: self.hour.map(sat_u8),
            minute: self.minute.map(sat_u8),
            second: self.second.map(sat_u8),
            millisecond: self.millisecond.map(sat_u16),
            microsecond: self.microsecond.map(sat_u16),
            nanosecond: self.nanosecond.map(sat_u16),
        })
    }
}

/// The [[Calendar]] of a Temporal object that has one.
pub(crate) fn calendar_slot(v: Value) -> Option<Calendar> {
    if let Some(d) = slot_of::<PlainDate>(v) {
        return Some(d.calendar().clone());
    }
    if let Some(d) = slot_of::<PlainDateTime>(v) {
        return Some(d.calendar().clone());
    }
    if let Some(d) = slot_of::<PlainYearMonth>(v) {
        return Some(d.calendar().clone());
    }
    if let Some(d) = slot_of::<PlainMonthDay>(v) {
        return Some(d.calendar().clone());
    }
    if let Some(d) = slot_of::<ZonedDateTime>(v) {
        return Some(d.calendar().clone());
    }
    None
}

/// ToTemporalCalendarIdentifier (#sec-temporal-totemporalcalendaridentifier).
pub(crate) fn to_calendar(vm: &mut Vm, v: Value) -> JsResult<Calendar> {
    if let Some(c) = calendar_slot(v) {
        return Ok(c);
    }
    if !v.is_string() {
        return Err(vm.type_error("calendar must be a string"));
    }
    let s = vm.to_rust_string(v)?;
    tr(vm, Calendar::from_str(&s))
}

/// GetTemporalCalendarIdentifierWithISODefault.
pub(crate) fn calendar_with_iso_default(vm: &mut Vm, o: Gc<JsObject>) -> JsResult<Calendar> {
    if let Some(c) = calendar_slot(Value::object(o)) {
        return Ok(c);
    }
    let v = get(vm, o, "calendar")?;
    if v.is_undefined() {
        return Ok(Calendar::default());
    }
    to_calendar(vm, v)
}

/// ToTemporalTimeZoneIdentifier (#sec-temporal-totemporaltimezoneidentifier).
pub(crate) fn to_time_zone(vm: &mut Vm, v: Value) -> JsResult<TimeZone> {
    if let Some(z) = slot_of::<ZonedDateTime>(v) {
        return Ok(*z.time_zone());
    }
    if !v.is_string() {
        return Err(vm.type_error("time zone must be a string"));
    }
    let s = vm.to_rust_string(v)?;
    tr(vm, TimeZone::try_from_str_with_provider(&s, provider()))
}

/// IsPartialTemporalObject (#sec-temporal-ispartialtemporalobject), for
/// the `with` methods: a plain object without calendar/timeZone.
pub(crate) fn partial_temporal_object(vm: &mut Vm, v: Value) -> JsResult<Gc<JsObject>> {
    let Some(o) = v.as_object() else {
        return Err(vm.type_error("argument must be an object"));
    };
    if calendar_slot(v).is_some() || slot_of::<temporal_rs::PlainTime>(v).is_some() {
        return Err(vm.type_error("argument must not be a Temporal object"));
    }
    let c = get(vm, o, "calendar")?;
    if !c.is_undefined() {
        return Err(vm.type_error("argument must not have a calendar property"));
    }
    let z = get(vm, o, "timeZone")?;
    if !z.is_undefined() {
        return Err(vm.type_error("argument must not have a timeZone property"));
    }
    Ok(o)
}
