//! Time values and the abstract operations on them
//! (#sec-time-values-and-time-range … #sec-timeclip).

pub const MS_PER_SECOND: f64 = 1000.0;
pub const MS_PER_MINUTE: f64 = 60_000.0;
pub const MS_PER_HOUR: f64 = 3_600_000.0;
pub const MS_PER_DAY: f64 = 86_400_000.0;

/// Day(t) (#sec-day).
pub fn day(t: f64) -> f64 {
    (t / MS_PER_DAY).floor()
}

/// TimeWithinDay(t).
pub fn time_within_day(t: f64) -> f64 {
    t.rem_euclid(MS_PER_DAY)
}

/// DaysInYear(y).
pub fn days_in_year(y: f64) -> f64 {
    if y % 4.0 != 0.0 {
        365.0
    } else if y % 100.0 != 0.0 {
        366.0
    } else if y % 400.0 != 0.0 {
        365.0
    } else {
        366.0
    }
}

/// DayFromYear(y).
pub fn day_from_year(y: f64) -> f64 {
    365.0 * (y - 1970.0) + ((y - 1969.0) / 4.0).floor() - ((y - 1901.0) / 100.0).floor()
        + ((y - 1601.0) / 400.0).floor()
}

/// TimeFromYear(y).
pub fn time_from_year(y: f64) -> f64 {
    MS_PER_DAY * day_from_year(y)
}

/// YearFromTime(t): the largest y with TimeFromYear(y) ≤ t.
pub fn year_from_time(t: f64) -> f64 {
    let mut y = (t / (MS_PER_DAY * 365.2425)).floor() + 1970.0;
    while time_from_year(y) > t {
        y -= 1.0;
    }
    while time_from_year(y + 1.0) <= t {
        y += 1.0;
    }
    y
}

/// InLeapYear(t).
pub fn in_leap_year(t: f64) -> bool {
    days_in_year(year_from_time(t)) == 366.0
}

/// DayWithinYear(t).
pub fn day_within_year(t: f64) -> f64 {
    day(t) - day_from_year(year_from_time(t))
}

/// The first day-within-year of each month (non-leap), plus a sentinel.
const MONTH_STARTS: [f64; 13] = [
    0.0, 31.0, 59.0, 90.0, 120.0, 151.0, 181.0, 212.0, 243.0, 273.0, 304.0, 334.0, 365.0,
];

fn month_start(m: usize, leap: bool) -> f64 {
    let s = MONTH_STARTS.get(m).copied().unwrap_or(365.0);
    if leap && m >= 2 {
        s + 1.0
    } else {
        s
    }
}

/// MonthFromTime(t), 0-based.
pub fn month_from_time(t: f64) -> f64 {
    let d = day_within_year(t);
    let leap = in_leap_year(t);
    for m in 0..12 {
        if d < month_start(m + 1, leap) {
            return m as f64;
        }
    }
    11.0
}

/// DateFromTime(t), 1-based.
pub fn date_from_time(t: f64) -> f64 {
    let d = day_within_year(t);
    let m = month_from_time(t) as usize;
    d - month_start(m, in_leap_year(t)) + 1.0
}

/// WeekDay(t), 0 = Sunday.
pub fn week_day(t: f64) -> f64 {
    (day(t) + 4.0).rem_euclid(7.0)
}

pub fn hour_from_time(t: f64) -> f64 {
    (t / MS_PER_HOUR).floor().rem_euclid(24.0)
}
pub fn min_from_time(t: f64) -> f64 {
    (t / MS_PER_MINUTE).floor().rem_euclid(60.0)
}
pub fn sec_from_time(t: f64) -> f64 {
    (t / MS_PER_SECOND).floor().rem_euclid(60.0)
}
pub fn ms_from_time(t: f64) -> f64 {
    t.rem_euclid(MS_PER_SECOND)
}

/// ToIntegerOrInfinity on a Number.
fn to_int(x: f64) -> f64 {
    if x.is_nan() {
        0.0
    } else {
        x.trunc() + 0.0
    }
}

/// MakeTime(hour, min, sec, ms) (#sec-maketime).
pub fn make_time(hour: f64, min: f64, sec: f64, ms: f64) -> f64 {
    if !(hour.is_finite() && min.is_finite() && sec.is_finite() && ms.is_finite()) {
        return f64::NAN;
    }
    let (h, m, s, milli) = (to_int(hour), to_int(min), to_int(sec), to_int(ms));
    ((h * MS_PER_HOUR + m * MS_PER_MINUTE) + s * MS_PER_SECOND) + milli
}

/// MakeDay(year, month, date) (#sec-makeday).
pub fn make_day(year: f64, month: f64, date: f64) -> f64 {
    if !(year.is_finite() && month.is_finite() && date.is_finite()) {
        return f64::NAN;
    }
    let (y, m, dt) = (to_int(year), to_int(month), to_int(date));
    let ym = y + (m / 12.0).floor();
    if !ym.is_finite() || ym.abs() > 1e8 {
        // Far outside the time value range: no such day.
        return f64::NAN;
    }
    let mn = m.rem_euclid(12.0);
    let leap = days_in_year(ym) == 366.0;
    let t = day_from_year(ym) + month_start(mn as usize, leap);
    t + dt - 1.0
}

/// MakeDate(day, time) (#sec-makedate).
pub fn make_date(day: f64, time: f64) -> f64 {
    if !(day.is_finite() && time.is_finite()) {
        return f64::NAN;
    }
    let tv = day * MS_PER_DAY + time;
    if !tv.is_finite() {
        return f64::NAN;
    }
    tv
}

/// MakeFullYear(year) (#sec-makefullyear).
pub fn make_full_year(year: f64) -> f64 {
    if year.is_nan() {
        return f64::NAN;
    }
    let t = to_int(year);
    if (0.0..=99.0).contains(&t) {
        1900.0 + t
    } else {
        t
    }
}

/// TimeClip(time) (#sec-timeclip).
pub fn time_clip(time: f64) -> f64 {
    if !time.is_finite() || time.abs() > 8.64e15 {
        return f64::NAN;
    }
    to_int(time)
}

/// LocalTime(t) (#sec-localtime).
pub fn local_time(t: f64) -> f64 {
    if !t.is_finite() {
        return t;
    }
    t + super::local::offset_from_utc(t)
}

/// UTC(t) (#sec-utc-t): t is local time.
pub fn utc(t: f64) -> f64 {
    if !t.is_finite() {
        return f64::NAN;
    }
    t - super::local::offset_from_local(t)
}
