//! String forms of time values: toString, toDateString, toTimeString,
//! toUTCString, toISOString and the en-US-like toLocale*String.

use super::local;
use super::time::*;

const DAY_NAMES: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn day_name(t: f64) -> &'static str {
    DAY_NAMES
        .get(week_day(t) as usize)
        .copied()
        .unwrap_or("Sun")
}

fn month_name(t: f64) -> &'static str {
    MONTH_NAMES
        .get(month_from_time(t) as usize)
        .copied()
        .unwrap_or("Jan")
}

/// `-0001`, `2022`, `12345`: sign and at least four digits.
fn year_string(y: f64) -> String {
    let sign = if y < 0.0 { "-" } else { "" };
    format!("{sign}{:04}", y.abs() as i64)
}

/// TimeString(tv) (#sec-timestring): `HH:mm:ss GMT`.
pub fn time_string(tv: f64) -> String {
    format!(
        "{:02}:{:02}:{:02} GMT",
        hour_from_time(tv) as i64,
        min_from_time(tv) as i64,
        sec_from_time(tv) as i64
    )
}

/// DateString(tv) (#sec-datestring): `Tue Feb 01 2022`.
pub fn date_string(tv: f64) -> String {
    format!(
        "{} {} {:02} {}",
        day_name(tv),
        month_name(tv),
        date_from_time(tv) as i64,
        year_string(year_from_time(tv))
    )
}

/// TimeZoneString(tv) (#sec-timezoneestring): `+0100 (CET)`; tv is UTC.
pub fn time_zone_string(tv: f64) -> String {
    let offset = local::offset_from_utc(tv);
    let sign = if offset >= 0.0 { '+' } else { '-' };
    let mins = (offset.abs() / MS_PER_MINUTE).floor() as i64;
    format!(
        "{sign}{:02}{:02} ({})",
        mins / 60,
        mins % 60,
        local::zone_name(tv)
    )
}

/// ToDateString(tv) (#sec-todatestring).
pub fn to_date_string(tv: f64) -> String {
    if tv.is_nan() {
        return "Invalid Date".into();
    }
    let t = local_time(tv);
    format!(
        "{} {}{}",
        date_string(t),
        time_string(t),
        time_zone_string(tv)
    )
}

/// Date.prototype.toDateString's text.
pub fn date_only_string(tv: f64) -> String {
    date_string(local_time(tv))
}

/// Date.prototype.toTimeString's text.
pub fn time_only_string(tv: f64) -> String {
    let t = local_time(tv);
    format!("{}{}", time_string(t), time_zone_string(tv))
}

/// Date.prototype.toUTCString's text: `Tue, 01 Feb 2022 00:00:00 GMT`.
pub fn utc_string(tv: f64) -> String {
    format!(
        "{}, {:02} {} {} {}",
        day_name(tv),
        date_from_time(tv) as i64,
        month_name(tv),
        year_string(year_from_time(tv)),
        time_string(tv)
    )
}

/// Date.prototype.toISOString's text (tv finite).
pub fn iso_string(tv: f64) -> String {
    let y = year_from_time(tv);
    let year = if (0.0..=9999.0).contains(&y) {
        format!("{:04}", y as i64)
    } else {
        format!("{}{:06}", if y < 0.0 { '-' } else { '+' }, y.abs() as i64)
    };
    format!(
        "{}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        year,
        month_from_time(tv) as i64 + 1,
        date_from_time(tv) as i64,
        hour_from_time(tv) as i64,
        min_from_time(tv) as i64,
        sec_from_time(tv) as i64,
        ms_from_time(tv) as i64
    )
}

/// en-US `M/D/YYYY` of local time.
pub fn locale_date_string(tv: f64) -> String {
    let t = local_time(tv);
    format!(
        "{}/{}/{}",
        month_from_time(t) as i64 + 1,
        date_from_time(t) as i64,
        year_from_time(t) as i64
    )
}

/// en-US `h:mm:ss AM` of local time.
pub fn locale_time_string(tv: f64) -> String {
    let t = local_time(tv);
    let h = hour_from_time(t) as i64;
    let h12 = if h % 12 == 0 { 12 } else { h % 12 };
    format!(
        "{}:{:02}:{:02} {}",
        h12,
        min_from_time(t) as i64,
        sec_from_time(t) as i64,
        if h < 12 { "AM" } else { "PM" }
    )
}

/// en-US `M/D/YYYY, h:mm:ss AM`.
pub fn locale_string(tv: f64) -> String {
    format!("{}, {}", locale_date_string(tv), locale_time_string(tv))
}
