//! Date.prototype getters and setters (#sec-properties-of-the-date-prototype-object),
//! plus Annex B getYear/setYear.

use super::time::*;
use super::{set_date_value, this_date, this_time_value, DateData};
use crate::builtins::method;
use crate::function::{Args, NativeFn};
use crate::gc::Gc;
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    let getters: [(&str, NativeFn); 18] = [
        ("getDate", |vm, t, _, _| get(vm, t, true, date_from_time)),
        ("getDay", |vm, t, _, _| get(vm, t, true, week_day)),
        ("getFullYear", |vm, t, _, _| {
            get(vm, t, true, year_from_time)
        }),
        ("getHours", |vm, t, _, _| get(vm, t, true, hour_from_time)),
        ("getMilliseconds", |vm, t, _, _| {
            get(vm, t, true, ms_from_time)
        }),
        ("getMinutes", |vm, t, _, _| get(vm, t, true, min_from_time)),
        ("getMonth", |vm, t, _, _| get(vm, t, true, month_from_time)),
        ("getSeconds", |vm, t, _, _| get(vm, t, true, sec_from_time)),
        ("getUTCDate", |vm, t, _, _| {
            get(vm, t, false, date_from_time)
        }),
        ("getUTCDay", |vm, t, _, _| get(vm, t, false, week_day)),
        ("getUTCFullYear", |vm, t, _, _| {
            get(vm, t, false, year_from_time)
        }),
        ("getUTCHours", |vm, t, _, _| {
            get(vm, t, false, hour_from_time)
        }),
        ("getUTCMilliseconds", |vm, t, _, _| {
            get(vm, t, false, ms_from_time)
        }),
        ("getUTCMinutes", |vm, t, _, _| {
            get(vm, t, false, min_from_time)
        }),
        ("getUTCMonth", |vm, t, _, _| {
            get(vm, t, false, month_from_time)
        }),
        ("getUTCSeconds", |vm, t, _, _| {
            get(vm, t, false, sec_from_time)
        }),
        ("getTimezoneOffset", |vm, t, _, _| {
            get(vm, t, false, |t| (t - local_time(t)) / MS_PER_MINUTE)
        }),
        ("getYear", |vm, t, _, _| {
            get(vm, t, true, |t| year_from_time(t) - 1900.0)
        }),
    ];
    for (name, f) in getters {
        method(vm, proto, name, 0, f);
    }
    let setters: [(&str, u32, NativeFn); 14] = [
        ("setDate", 1, |vm, t, a, _| set(vm, t, a, true, DATE, 1)),
        ("setFullYear", 3, |vm, t, a, _| set(vm, t, a, true, YEAR, 3)),
        ("setHours", 4, |vm, t, a, _| set(vm, t, a, true, HOUR, 4)),
        ("setMilliseconds", 1, |vm, t, a, _| {
            set(vm, t, a, true, MS, 1)
        }),
        ("setMinutes", 3, |vm, t, a, _| set(vm, t, a, true, MIN, 3)),
        ("setMonth", 2, |vm, t, a, _| set(vm, t, a, true, MONTH, 2)),
        ("setSeconds", 2, |vm, t, a, _| set(vm, t, a, true, SEC, 2)),
        ("setUTCDate", 1, |vm, t, a, _| set(vm, t, a, false, DATE, 1)),
        ("setUTCFullYear", 3, |vm, t, a, _| {
            set(vm, t, a, false, YEAR, 3)
        }),
        ("setUTCHours", 4, |vm, t, a, _| {
            set(vm, t, a, false, HOUR, 4)
        }),
        ("setUTCMilliseconds", 1, |vm, t, a, _| {
            set(vm, t, a, false, MS, 1)
        }),
        ("setUTCMinutes", 3, |vm, t, a, _| {
            set(vm, t, a, false, MIN, 3)
        }),
        ("setUTCMonth", 2, |vm, t, a, _| {
            set(vm, t, a, false, MONTH, 2)
        }),
        ("setUTCSeconds", 2, |vm, t, a, _| {
            set(vm, t, a, false, SEC, 2)
        }),
    ];
    for (name, len, f) in setters {
        method(vm, proto, name, len, f);
    }
    method(vm, proto, "setYear", 1, set_year);
}

/// A getter: NaN stays NaN, otherwise `f` of the (local) time value.
fn get(vm: &mut Vm, this: Value, local: bool, f: fn(f64) -> f64) -> JsResult<Value> {
    let t = this_time_value(vm, this)?;
    if t.is_nan() {
        return Ok(Value::number(f64::NAN));
    }
    let t = if local { local_time(t) } else { t };
    Ok(Value::number(f(t) + 0.0))
}

// Indices of the fields [year, month, date, hour, min, sec, ms].
const YEAR: usize = 0;
const MONTH: usize = 1;
const DATE: usize = 2;
const HOUR: usize = 3;
const MIN: usize = 4;
const SEC: usize = 5;
const MS: usize = 6;

/// The setters (#sec-date.prototype.setdate … setutcseconds): fields
/// `first..first+max` come from the arguments (the first always, the rest
/// when present), in order; the others from the current time value.
fn set(
    vm: &mut Vm,
    this: Value,
    args: Args,
    local: bool,
    first: usize,
    max: usize,
) -> JsResult<Value> {
    // 1-3. RequireInternalSlot, then read the time value before coercions.
    let o = this_date(vm, this)?;
    let t0 = o
        .class
        .data::<DateData>()
        .map(|d| d.value.get())
        .unwrap_or(f64::NAN);
    let mut given: [Option<f64>; 7] = [None; 7];
    for k in 0..max {
        if k == 0 || args.len() > k {
            given[first + k] = Some(vm.to_number(args.get(k))?);
        }
    }
    let t = if t0.is_nan() {
        // setFullYear starts from +0 when the date is invalid.
        if first != YEAR {
            return Ok(Value::number(f64::NAN));
        }
        0.0
    } else if local {
        local_time(t0)
    } else {
        t0
    };
    let current = [
        year_from_time(t),
        month_from_time(t),
        date_from_time(t),
        hour_from_time(t),
        min_from_time(t),
        sec_from_time(t),
        ms_from_time(t),
    ];
    let f: Vec<f64> = (0..7).map(|k| given[k].unwrap_or(current[k])).collect();
    let get = |k: usize| f.get(k).copied().unwrap_or(f64::NAN);
    let new_date = if first <= DATE {
        make_date(make_day(get(0), get(1), get(2)), time_within_day(t))
    } else {
        make_date(day(t), make_time(get(3), get(4), get(5), get(6)))
    };
    let u = time_clip(if local { utc(new_date) } else { new_date });
    set_date_value(o, u);
    Ok(Value::number(u))
}

/// Date.prototype.setYear ( year ) (#sec-date.prototype.setyear).
fn set_year(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = this_date(vm, this)?;
    let t = this_time_value(vm, this)?;
    let y = vm.to_number(args.get(0))?;
    let t = if t.is_nan() { 0.0 } else { local_time(t) };
    let yyyy = make_full_year(y);
    let d = make_day(yyyy, month_from_time(t), date_from_time(t));
    let date = make_date(d, time_within_day(t));
    let u = time_clip(utc(date));
    set_date_value(o, u);
    Ok(Value::number(u))
}
