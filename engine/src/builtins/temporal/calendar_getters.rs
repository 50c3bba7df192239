//! The calendar getters shared by PlainDate, PlainDateTime and
//! ZonedDateTime (calendarId, era … inLeapYear): each reads the
//! receiver's date and asks its calendar.

use super::{getter, js_str, this_slot};
use crate::gc::Gc;
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use temporal_rs::{PlainDate, PlainDateTime, ZonedDateTime};

/// A Temporal type whose calendar date the getters read.
pub(crate) trait HasDate: Clone + 'static {
    const WHAT: &'static str;
    fn date(&self) -> PlainDate;
}

impl HasDate for PlainDate {
    const WHAT: &'static str = "Temporal.PlainDate getter";
    fn date(&self) -> PlainDate {
        self.clone()
    }
}

impl HasDate for PlainDateTime {
    const WHAT: &'static str = "Temporal.PlainDateTime getter";
    fn date(&self) -> PlainDate {
        self.to_plain_date()
    }
}

impl HasDate for ZonedDateTime {
    const WHAT: &'static str = "Temporal.ZonedDateTime getter";
    fn date(&self) -> PlainDate {
        self.to_plain_date()
    }
}

fn this_date<T: HasDate>(vm: &mut Vm, t: Value) -> JsResult<PlainDate> {
    let x = this_slot::<T>(vm, t, T::WHAT)?;
    Ok(x.date())
}

fn num<T: HasDate>(vm: &mut Vm, t: Value, f: fn(&PlainDate) -> f64) -> JsResult<Value> {
    let d = this_date::<T>(vm, t)?;
    Ok(Value::number(f(&d)))
}

/// Install calendarId, era, eraYear, year, month, monthCode, day,
/// dayOfWeek, dayOfYear, weekOfYear, yearOfWeek, daysInWeek,
/// daysInMonth, daysInYear, monthsInYear, inLeapYear on `proto`.
pub(crate) fn install<T: HasDate>(vm: &mut Vm, proto: Gc<JsObject>) {
    getter(vm, proto, "calendarId", |vm, t, _, _| {
        let d = this_date::<T>(vm, t)?;
        Ok(js_str(vm, d.calendar().identifier()))
    });
    getter(vm, proto, "era", |vm, t, _, _| {
        let d = this_date::<T>(vm, t)?;
        Ok(match d.era() {
            Some(e) => js_str(vm, e.as_str()),
            None => Value::UNDEFINED,
        })
    });
    getter(vm, proto, "eraYear", |vm, t, _, _| {
        let d = this_date::<T>(vm, t)?;
        Ok(d.era_year()
            .map_or(Value::UNDEFINED, |y| Value::number(y as f64)))
    });
    getter(vm, proto, "year", |vm, t, _, _| {
        num::<T>(vm, t, |d| d.year() as f64)
    });
    getter(vm, proto, "month", |vm, t, _, _| {
        num::<T>(vm, t, |d| d.month() as f64)
    });
    getter(vm, proto, "monthCode", |vm, t, _, _| {
        let d = this_date::<T>(vm, t)?;
        Ok(js_str(vm, d.month_code().as_str()))
    });
    getter(vm, proto, "day", |vm, t, _, _| {
        num::<T>(vm, t, |d| d.day() as f64)
    });
    getter(vm, proto, "dayOfWeek", |vm, t, _, _| {
        num::<T>(vm, t, |d| d.day_of_week() as f64)
    });
    getter(vm, proto, "dayOfYear", |vm, t, _, _| {
        num::<T>(vm, t, |d| d.day_of_year() as f64)
    });
    getter(vm, proto, "weekOfYear", |vm, t, _, _| {
        let d = this_date::<T>(vm, t)?;
        Ok(d.week_of_year()
            .map_or(Value::UNDEFINED, |w| Value::number(w as f64)))
    });
    getter(vm, proto, "yearOfWeek", |vm, t, _, _| {
        let d = this_date::<T>(vm, t)?;
        Ok(d.year_of_week()
            .map_or(Value::UNDEFINED, |w| Value::number(w as f64)))
    });
    getter(vm, proto, "daysInWeek", |vm, t, _, _| {
        num::<T>(vm, t, |d| d.days_in_week() as f64)
    });
    getter(vm, proto, "daysInMonth", |vm, t, _, _| {
        num::<T>(vm, t, |d| d.days_in_month() as f64)
    });
    getter(vm, proto, "daysInYear", |vm, t, _, _| {
        num::<T>(vm, t, |d| d.days_in_year() as f64)
    });
    getter(vm, proto, "monthsInYear", |vm, t, _, _| {
        num::<T>(vm, t, |d| d.months_in_year() as f64)
    });
    getter(vm, proto, "inLeapYear", |vm, t, _, _| {
        let d = this_date::<T>(vm, t)?;
        Ok(Value::bool(d.in_leap_year()))
    });
}
