//! The system time zone: the `TZ` environment variable or `/etc/localtime`,
//! read as TZif (RFC 8536) with its POSIX-TZ footer for later times.
//! Anything unreadable falls back to UTC.

use std::cell::OnceCell;

/// One local time type of a zone: offset from UTC in seconds and its
/// abbreviation.
#[derive(Clone, Debug)]
struct LocalType {
    offset: i64,
    abbr: String,
}

/// A daylight-saving rule from a POSIX TZ string.
#[derive(Clone, Debug)]
enum RuleDate {
    /// Mm.w.d: day `d` (0 = Sunday) of week `w` (5 = last) of month `m`.
    MonthWeekDay(u32, u32, u32),
    /// Jn: day n (1–365), February 29 never counted.
    Julian1(u32),
    /// n: day n (0–365), leap days counted.
    Julian0(u32),
}

#[derive(Clone, Debug)]
struct PosixTz {
    std: LocalType,
    dst: Option<(LocalType, RuleDate, i64, RuleDate, i64)>,
}

#[derive(Clone, Debug, Default)]
struct Zone {
    transitions: Vec<(i64, usize)>,
    types: Vec<LocalType>,
    footer: Option<PosixTz>,
}

thread_local! {
    static ZONE: OnceCell<Zone> = const { OnceCell::new() };
}

fn with_zone<R>(f: impl FnOnce(&Zone) -> R) -> R {
    ZONE.with(|z| f(z.get_or_init(load_zone)))
}

fn load_zone() -> Zone {
    let tz = std::env::var("TZ").ok();
    let path = match tz.as_deref() {
        None => "/etc/localtime".to_string(),
        Some(s) => {
            let s = s.strip_prefix(':').unwrap_or(s);
            if s.is_empty() {
                return Zone::default();
            }
            if let Some(p) = parse_posix(s) {
                return Zone {
                    footer: Some(p),
                    ..Zone::default()
                };
            }
            if s.starts_with('/') {
                s.to_string()
            } else {
                let dir = std::env::var("TZDIR").unwrap_or_else(|_| "/usr/share/zoneinfo".into());
                format!("{dir}/{s}")
            }
        }
    };
    std::fs::read(path)
        .ok()
        .and_then(|b| parse_tzif(&b))
        .unwrap_or_default()
}

fn be32(b: &[u8], i: usize) -> Option<i64> {
    let s = b.get(i..i + 4)?;
    Some(i32::from_be_bytes([s[0], s[1], s[2], s[3]]) as i64)
}

fn be64(b: &[u8], i: usize) -> Option<i64> {
    let s = b.get(i..i + 8)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(s);
    Some(i64::from_be_bytes(a))
}

fn parse_tzif(b: &[u8]) -> Option<Zone> {
    if b.get(0..4)? != b"TZif" {
        return None;
    }
    let version = *b.get(4)?;
    let counts = |at: usize| -> Option<[usize; 6]> {
        let mut c = [0usize; 6];
        for (k, slot) in c.iter_mut().enumerate() {
            let n = be32(b, at + 20 + 4 * k)?;
            // Counts beyond the file's size are corrupt.
            if n < 0 || n as usize > b.len() {
                return None;
            }
            *slot = n as usize;
        }
        Some(c)
    };
    // [isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt]
    let c1 = counts(0)?;
    let v1_len = 44 + c1[3] * 5 + c1[4] * 6 + c1[5] + c1[2] * 8 + c1[1] + c1[0];
    let (base, c, tsize) = if version >= b'2' {
        (v1_len, counts(v1_len)?, 8)
    } else {
        (0, c1, 4)
    };
    let mut p = base + 44;
    let mut times = Vec::with_capacity(c[3]);
    for k in 0..c[3] {
        times.push(if tsize == 8 {
            be64(b, p + 8 * k)?
        } else {
            be32(b, p + 4 * k)?
        });
    }
    p += c[3] * tsize;
    let idx: Vec<usize> = b.get(p..p + c[3])?.iter().map(|&x| x as usize).collect();
    p += c[3];
    let ttinfo = p;
    p += c[4] * 6;
    let chars = b.get(p..p + c[5])?;
    let mut types = Vec::with_capacity(c[4]);
    for k in 0..c[4] {
        let off = be32(b, ttinfo + 6 * k)?;
        let ai = *b.get(ttinfo + 6 * k + 5)? as usize;
        let abbr = chars
            .get(ai..)
            .map(|s| {
                s.iter()
                    .take_while(|&&ch| ch != 0)
                    .map(|&ch| ch as char)
                    .collect()
            })
            .unwrap_or_default();
        types.push(LocalType { offset: off, abbr });
    }
    p += c[5] + c[2] * (tsize + 4) + c[1] + c[0];
    let footer = if version >= b'2' {
        let rest = b.get(p..)?;
        let text = String::from_utf8_lossy(rest);
        let line = text
            .trim_start_matches('\n')
            .lines()
            .next()
            .unwrap_or("")
            .to_string();
        parse_posix(&line)
    } else {
        None
    };
    let transitions = times
        .into_iter()
        .zip(idx)
        .filter(|(_, i)| *i < types.len())
        .collect();
    Some(Zone {
        transitions,
        types,
        footer,
    })
}

/// Parse a POSIX TZ string such as `EST5EDT,M3.2.0,M11.1.0`.
fn parse_posix(s: &str) -> Option<PosixTz> {
    let b = s.as_bytes();
    let mut i = 0;
    let name = |i: &mut usize| -> Option<String> {
        if b.get(*i) == Some(&b'<') {
            let start = *i + 1;
            while *i < b.len() && b[*i] != b'>' {
                *i += 1;
            }
            let n = s.get(start..*i)?.to_string();
            *i += 1;
            return Some(n);
        }
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_alphabetic() {
            *i += 1;
        }
        if *i - start < 3 {
            return None;
        }
        Some(s.get(start..*i)?.to_string())
    };
    // [+-]hh[:mm[:ss]] in seconds.
    let offset = |i: &mut usize| -> Option<i64> {
        let mut sign = 1;
        if let Some(&c) = b.get(*i) {
            if c == b'+' || c == b'-' {
                sign = if c == b'-' { -1 } else { 1 };
                *i += 1;
            }
        }
        let mut parts = [0i64; 3];
        for (k, part) in parts.iter_mut().enumerate() {
            if k > 0 {
                if b.get(*i) != Some(&b':') {
                    break;
                }
                *i += 1;
            }
            let start = *i;
            while *i < b.len() && b[*i].is_ascii_digit() {
                *part = *part * 10 + (b[*i] - b'0') as i64;
                *i += 1;
            }
            if *i == start {
                return None;
            }
        }
        Some(sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]))
    };
    let num = |i: &mut usize| -> Option<u32> {
        let start = *i;
        let mut v = 0u32;
        while *i < b.len() && b[*i].is_ascii_digit() {
            v = v.checked_mul(10)?.checked_add((b[*i] - b'0') as u32)?;
            *i += 1;
        }
        if *i == start {
            None
        } else {
            Some(v)
        }
    };
    let rule = |i: &mut usize| -> Option<(RuleDate, i64)> {
        let d = match b.get(*i) {
            Some(b'M') => {
                *i += 1;
                let m = num(i)?;
                (b.get(*i) == Some(&b'.')).then_some(())?;
                *i += 1;
                let w = num(i)?;
                (b.get(*i) == Some(&b'.')).then_some(())?;
                *i += 1;
                RuleDate::MonthWeekDay(m, w, num(i)?)
            }
            Some(b'J') => {
                *i += 1;
                RuleDate::Julian1(num(i)?)
            }
            _ => RuleDate::Julian0(num(i)?),
        };
        let mut time = 7200;
        if b.get(*i) == Some(&b'/') {
            *i += 1;
            time = offset(i)?;
        }
        Some((d, time))
    };
    let std_name = name(&mut i)?;
    let std_off = -offset(&mut i)?;
    let std = LocalType {
        offset: std_off,
        abbr: std_name,
    };
    if i >= b.len() {
        return Some(PosixTz { std, dst: None });
    }
    let dst_name = name(&mut i)?;
    let dst_off = if i < b.len() && b[i] != b',' {
        -offset(&mut i)?
    } else {
        std_off + 3600
    };
    let dst = LocalType {
        offset: dst_off,
        abbr: dst_name,
    };
    let (start, st, end, et) = if b.get(i) == Some(&b',') {
        i += 1;
        let (start, st) = rule(&mut i)?;
        (b.get(i) == Some(&b',')).then_some(())?;
        i += 1;
        let (end, et) = rule(&mut i)?;
        (start, st, end, et)
    } else {
        (
            RuleDate::MonthWeekDay(3, 2, 0),
            7200,
            RuleDate::MonthWeekDay(11, 1, 0),
            7200,
        )
    };
    Some(PosixTz {
        std,
        dst: Some((dst, start, st, end, et)),
    })
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Seconds since the epoch (local wall clock) at which `rule` falls in year `y`.
fn rule_day(y: i64, rule: &RuleDate) -> i64 {
    match *rule {
        RuleDate::Julian1(n) => {
            let n = n as i64;
            let extra = if is_leap(y) && n >= 60 { 1 } else { 0 };
            days_from_civil(y, 1, 1) + n - 1 + extra
        }
        RuleDate::Julian0(n) => days_from_civil(y, 1, 1) + n as i64,
        RuleDate::MonthWeekDay(m, w, d) => {
            let (m, w, d) = (m.clamp(1, 12) as i64, w.clamp(1, 5) as i64, d.min(6) as i64);
            let first = days_from_civil(y, m, 1);
            let wd_first = (first + 4).rem_euclid(7);
            let mut day = first + (d - wd_first).rem_euclid(7) + (w - 1) * 7;
            let next_month = if m == 12 {
                days_from_civil(y + 1, 1, 1)
            } else {
                days_from_civil(y, m + 1, 1)
            };
            while day >= next_month {
                day -= 7;
            }
            day
        }
    }
}

impl PosixTz {
    fn at(&self, secs: i64) -> &LocalType {
        let Some((dst, start, st, end, et)) = &self.dst else {
            return &self.std;
        };
        let year = 1970 + secs.div_euclid(31_556_952);
        // Check the surrounding years so that the year guess need not be exact.
        let mut best: Option<(i64, bool)> = None;
        for y in year - 1..=year + 1 {
            let s = rule_day(y, start) * 86400 + st - self.std.offset;
            let e = rule_day(y, end) * 86400 + et - dst.offset;
            for (at, is_dst) in [(s, true), (e, false)] {
                if at <= secs && best.is_none_or(|(b, _)| at > b) {
                    best = Some((at, is_dst));
                }
            }
        }
        match best {
            Some((_, true)) => dst,
            _ => &self.std,
        }
    }
}

impl Zone {
    fn type_at(&self, secs: i64) -> Option<&LocalType> {
        if self.transitions.is_empty()
            || secs >= self.transitions.last().map(|t| t.0).unwrap_or(i64::MAX)
        {
            if let Some(f) = &self.footer {
                return Some(f.at(secs));
            }
        }
        let pos = self.transitions.partition_point(|(t, _)| *t <= secs);
        if pos == 0 {
            // Before the first transition: the first non-DST type (or type 0).
            return self.types.first();
        }
        self.transitions
            .get(pos - 1)
            .and_then(|(_, i)| self.types.get(*i))
    }
}

/// The offset of local time from UTC, in ms, at UTC time value `t`.
pub fn offset_from_utc(t: f64) -> f64 {
    let secs = (t / 1000.0).floor() as i64;
    with_zone(|z| {
        z.type_at(secs)
            .map(|ty| ty.offset as f64 * 1000.0)
            .unwrap_or(0.0)
    })
}

/// The offset to subtract from local time value `t` to get UTC
/// (#sec-utc-t): the earlier instant when the local time is ambiguous, the
/// offset before the transition when it was skipped.
pub fn offset_from_local(t: f64) -> f64 {
    const DAY: f64 = 86_400_000.0;
    let before = offset_from_utc(t - DAY);
    let after = offset_from_utc(t + DAY);
    let here = offset_from_utc(t);
    let valid = [before, here, after]
        .into_iter()
        .filter(|&o| offset_from_utc(t - o) == o)
        .fold(None, |m: Option<f64>, o| Some(m.map_or(o, |m| m.max(o))));
    valid.unwrap_or(before)
}

/// The time zone name shown by Date.prototype.toString at UTC time `t`.
pub fn zone_name(t: f64) -> String {
    let secs = (t / 1000.0).floor() as i64;
    let abbr = with_zone(|z| z.type_at(secs).map(|ty| ty.abbr.clone()));
    match abbr.as_deref() {
        None | Some("UTC") | Some("") => "Coordinated Universal Time".into(),
        Some(a) => a.to_string(),
    }
}
