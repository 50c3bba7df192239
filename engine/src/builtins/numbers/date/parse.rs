//! Date.parse: the Date Time String Format (#sec-date-time-string-format)
//! with expanded years, then the legacy formats produced by
//! `toString`/`toUTCString` and common RFC 2822-like and `M/D/Y` strings.

use super::time::{self, make_date, make_day, make_time, time_clip, MS_PER_MINUTE};

/// Parse a date string to a time value (NaN when unrecognized).
pub fn parse_date(s: &str) -> f64 {
    let s = s.trim();
    match parse_iso(s.as_bytes()) {
        Some(v) => v,
        None => parse_legacy(s).unwrap_or(f64::NAN),
    }
}

fn days_in_month(y: f64, m: u32) -> u32 {
    match m {
        2 if time::days_in_year(y) == 366.0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A cursor over ASCII bytes.
struct Cur<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cur<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    /// Exactly `n` digits.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let mut v = 0u32;
        for _ in 0..n {
            let c = self.peek().filter(u8::is_ascii_digit)?;
            v = v * 10 + (c - b'0') as u32;
            self.i += 1;
        }
        Some(v)
    }
    fn at_end(&self) -> bool {
        self.i >= self.b.len()
    }
}

/// The Date Time String Format: `YYYY[-MM[-DD]][THH:mm[:ss[.sss]][Z|±HH:mm]]`.
fn parse_iso(b: &[u8]) -> Option<f64> {
    let mut c = Cur { b, i: 0 };
    let year: f64 = match c.peek()? {
        s @ (b'+' | b'-') => {
            c.i += 1;
            let y = c.digits(6)? as f64;
            if s == b'-' && y == 0.0 {
                return None;
            }
            if s == b'-' {
                -y
            } else {
                y
            }
        }
        _ => c.digits(4)? as f64,
    };
    let (mut month, mut day) = (1, 1);
    if c.eat(b'-') {
        month = c.digits(2)?;
        if !(1..=12).contains(&month) {
            return None;
        }
        if c.eat(b'-') {
            day = c.digits(2)?;
            if day < 1 || day > days_in_month(year, month) {
                return None;
            }
        }
    }
    let (mut h, mut m, mut sec, mut ms) = (0, 0, 0, 0.0);
    let mut has_time = false;
    let mut offset: Option<f64> = None;
    if c.eat(b'T') || c.eat(b't') {
        has_time = true;
        h = c.digits(2)?;
        if !c.eat(b':') {
            return None;
        }
        m = c.digits(2)?;
        if c.eat(b':') {
            sec = c.digits(2)?;
            if c.eat(b'.') || c.eat(b',') {
                let start = c.i;
                let mut scale = 100.0;
                while let Some(d) = c.peek().filter(u8::is_ascii_digit) {
                    ms += (d - b'0') as f64 * scale;
                    scale /= 10.0;
                    c.i += 1;
                }
                if c.i == start {
                    return None;
                }
                ms = ms.floor();
            }
        }
        if h > 24 || m > 59 || sec > 59 || (h == 24 && (m > 0 || sec > 0 || ms > 0.0)) {
            return None;
        }
    }
    if c.eat(b'Z') || c.eat(b'z') {
        offset = Some(0.0);
    } else if let Some(s @ (b'+' | b'-')) = c.peek() {
        c.i += 1;
        let oh = c.digits(2)?;
        if !c.eat(b':') {
            return None;
        }
        let om = c.digits(2)?;
        if oh > 23 || om > 59 {
            return None;
        }
        let o = (oh * 60 + om) as f64 * MS_PER_MINUTE;
        offset = Some(if s == b'-' { -o } else { o });
    }
    if !c.at_end() {
        return None;
    }
    let d = make_date(
        make_day(year, month as f64 - 1.0, day as f64),
        make_time(h as f64, m as f64, sec as f64, ms),
    );
    let t = match offset {
        Some(o) => d - o,
        // Date-only forms are UTC, date-time forms local time.
        None if !has_time => d,
        None => time::utc(d),
    };
    Some(time_clip(t))
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(u64, usize),
    Word(String),
    Punct(u8),
    /// `+`/`-` not directly after a letter or digit: a sign, never a date
    /// separator.
    Sign(u8),
}

fn tokenize(s: &str) -> Option<Vec<Tok>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() {
            let start = i;
            let mut v: u64 = 0;
            while i < b.len() && b[i].is_ascii_digit() {
                v = v.checked_mul(10)?.checked_add((b[i] - b'0') as u64)?;
                i += 1;
            }
            out.push(Tok::Num(v, i - start));
        } else if c.is_ascii_alphabetic() {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphabetic() || b[i] == b'.') {
                i += 1;
            }
            out.push(Tok::Word(
                s.get(start..i)?.trim_end_matches('.').to_ascii_lowercase(),
            ));
        } else if c == b'(' {
            // Comments nest.
            let mut depth = 0;
            while i < b.len() {
                match b[i] {
                    b'(' => depth += 1,
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            i += 1;
                            break;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        } else if c.is_ascii_whitespace() || c == b',' {
            i += 1;
        } else if (c == b'-' || c == b'+') && !(i > 0 && b[i - 1].is_ascii_alphanumeric()) {
            out.push(Tok::Sign(c));
            i += 1;
        } else if c.is_ascii() {
            out.push(Tok::Punct(c));
            i += 1;
        } else {
            return None;
        }
    }
    Some(out)
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const DAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/// Legacy formats, e.g. `Tue Feb 01 2022 10:00:00 GMT+0100 (CET)`,
/// `Tue, 01 Feb 2022 09:00:00 GMT`, `2/1/2022 10:00 PM`, `Feb 1, 2022`.
fn parse_legacy(s: &str) -> Option<f64> {
    let toks = tokenize(s)?;
    let mut month: Option<u32> = None;
    let mut nums: Vec<(i64, usize)> = Vec::new();
    let mut time: Option<(u32, u32, u32, f64)> = None;
    let mut offset: Option<f64> = None;
    let mut pm: Option<bool> = None;
    let mut utc_seen = false;
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Tok::Word(w) => {
                if w.len() >= 3 {
                    if let Some(m) = MONTHS.iter().position(|m| w.starts_with(m)) {
                        if month.is_some() {
                            return None;
                        }
                        month = Some(m as u32 + 1);
                        i += 1;
                        // `01-Jan-2000`: a separator, not a sign.
                        if let Some(Tok::Punct(b'-' | b'/' | b'.')) = toks.get(i) {
                            i += 1;
                        }
                        continue;
                    }
                    if DAYS.iter().any(|d| w.starts_with(d)) {
                        i += 1;
                        continue;
                    }
                }
                match w.as_str() {
                    "am" | "pm" => {
                        time?;
                        pm = Some(w == "pm");
                    }
                    "utc" | "gmt" | "ut" | "z" => {
                        utc_seen = true;
                        offset = Some(0.0);
                    }
                    "t" if time.is_none() => {}
                    _ => {
                        let o = match w.as_str() {
                            "est" => -5,
                            "edt" => -4,
                            "cst" => -6,
                            "cdt" => -5,
                            "mst" => -7,
                            "mdt" => -6,
                            "pst" => -8,
                            "pdt" => -7,
                            _ => return None,
                        };
                        offset = Some(o as f64 * 60.0 * MS_PER_MINUTE);
                    }
                }
                i += 1;
            }
            Tok::Num(v, len) => {
                let (v, len) = (*v, *len);
                if toks.get(i + 1) == Some(&Tok::Punct(b':')) {
                    // A time: hh:mm[:ss[.mmm]].
                    if time.is_some() {
                        return None;
                    }
                    let Some(Tok::Num(mi, _)) = toks.get(i + 2) else {
                        return None;
                    };
                    let mut t = (v as u32, *mi as u32, 0, 0.0);
                    i += 3;
                    if toks.get(i) == Some(&Tok::Punct(b':')) {
                        let Some(Tok::Num(se, _)) = toks.get(i + 1) else {
                            return None;
                        };
                        t.2 = *se as u32;
                        i += 2;
                        if toks.get(i) == Some(&Tok::Punct(b'.')) {
                            let Some(Tok::Num(f, flen)) = toks.get(i + 1) else {
                                return None;
                            };
                            t.3 = (*f as f64 / 10f64.powi(*flen as i32 - 3)).floor();
                            i += 2;
                        }
                    }
                    if t.0 > 24 || t.1 > 59 || t.2 > 59 {
                        return None;
                    }
                    time = Some(t);
                    continue;
                }
                nums.push((v as i64, len));
                i += 1;
                // Date separators.
                if let Some(Tok::Punct(b'/' | b'-' | b'.')) = toks.get(i) {
                    if let Some(Tok::Num(..)) | Some(Tok::Word(_)) = toks.get(i + 1) {
                        i += 1;
                    }
                }
            }
            Tok::Punct(p @ (b'+' | b'-')) | Tok::Sign(p) => {
                let neg = *p == b'-';
                let Some(Tok::Num(v, len)) = toks.get(i + 1) else {
                    return None;
                };
                let (v, len) = (*v as i64, *len);
                if time.is_some() || utc_seen {
                    // A UTC offset: ±hhmm, ±hh or ±hh:mm.
                    let mut mins = if len <= 2 {
                        v * 60
                    } else {
                        (v / 100) * 60 + v % 100
                    };
                    i += 2;
                    if len <= 2 && toks.get(i) == Some(&Tok::Punct(b':')) {
                        if let Some(Tok::Num(m, _)) = toks.get(i + 1) {
                            mins += *m as i64;
                            i += 2;
                        }
                    }
                    let o = mins as f64 * MS_PER_MINUTE;
                    offset = Some(if neg { -o } else { o });
                } else {
                    // A signed (year) number.
                    nums.push((if neg { -v } else { v }, len.max(3)));
                    i += 2;
                }
            }
            Tok::Punct(b'.' | b'/' | b':') => i += 1,
            Tok::Punct(_) => return None,
        }
    }
    // Assign the numbers to year, month and day.
    let (y, m, d, ylen) = match (month, nums.as_slice()) {
        (Some(m), [(a, al), (b, bl)]) => {
            if *al >= 3 || *a > 31 {
                (*a, m as i64, *b, *al)
            } else {
                (*b, m as i64, *a, *bl)
            }
        }
        // "Feb 2022": day 1.
        (Some(m), [(y, _)]) if *y > 31 => (*y, m as i64, 1, 4),
        (None, [(a, al), (b, _), (c, cl)]) => {
            if *al >= 3 || *a > 31 {
                (*a, *b, *c, *al)
            } else {
                (*c, *a, *b, *cl)
            }
        }
        (None, [(a, al)]) if *al == 4 && time.is_none() => (*a, 1, 1, 4),
        _ => return None,
    };
    let y = if ylen <= 2 && (0..100).contains(&y) {
        if y < 50 {
            2000 + y
        } else {
            1900 + y
        }
    } else {
        y
    };
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y as f64, m as u32) as i64 {
        return None;
    }
    let (mut h, mi, se, ms) = time.unwrap_or((0, 0, 0, 0.0));
    if let Some(p) = pm {
        if h > 12 || h == 0 {
            return None;
        }
        if h == 12 {
            h = 0;
        }
        if p {
            h += 12;
        }
    }
    let date = make_date(
        make_day(y as f64, m as f64 - 1.0, d as f64),
        make_time(h as f64, mi as f64, se as f64, ms),
    );
    let t = match offset {
        Some(o) => date - o,
        None => time::utc(date),
    };
    Some(time_clip(t))
}
