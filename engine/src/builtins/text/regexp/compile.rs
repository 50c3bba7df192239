//! Pattern compilation: flag parsing and ParsePattern/CompilePattern on the
//! `regress` engine (#sec-regexpinitialize, #sec-parsepattern).

use regress::{Flags, Regex};
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::rc::Rc;

pub const HAS_INDICES: u8 = 1;
pub const GLOBAL: u8 = 2;
pub const IGNORE_CASE: u8 = 4;
pub const MULTILINE: u8 = 8;
pub const DOT_ALL: u8 = 16;
pub const UNICODE: u8 = 32;
pub const UNICODE_SETS: u8 = 64;
pub const STICKY: u8 = 128;

/// The flag bit of a flag character, if it is one of `dgimsuvy`.
pub fn flag_bit(u: u16) -> Option<u8> {
    Some(match u {
        0x64 => HAS_INDICES,
        0x67 => GLOBAL,
        0x69 => IGNORE_CASE,
        0x6D => MULTILINE,
        0x73 => DOT_ALL,
        0x75 => UNICODE,
        0x76 => UNICODE_SETS,
        0x79 => STICKY,
        _ => return None,
    })
}

/// RegExpInitialize step 5: the flags as bits, or None if a code unit is
/// not a flag or appears twice.
pub fn parse_flags(units: impl Iterator<Item = u16>) -> Option<u8> {
    let mut bits = 0u8;
    for u in units {
        let b = flag_bit(u)?;
        if bits & b != 0 {
            return None;
        }
        bits |= b;
    }
    Some(bits)
}

/// Whether matching works on code points ("u" or "v").
pub fn full_unicode(bits: u8) -> bool {
    bits & (UNICODE | UNICODE_SETS) != 0
}

const CACHE_LIMIT: usize = 256;

/// Compiled patterns keyed by (pattern code units, matching flags).
type Cache = FxHashMap<(Vec<u16>, u8), Rc<Regex>>;

thread_local! {
    /// Compiled patterns by (pattern, matching flags): regexp literals in
    /// loops compile once.
    static CACHE: RefCell<Cache> = RefCell::new(FxHashMap::default());
}

/// ParsePattern + CompilePattern. `Err` carries the SyntaxError message.
pub fn compile(pattern: &[u16], bits: u8) -> Result<Rc<Regex>, String> {
    if bits & UNICODE != 0 && bits & UNICODE_SETS != 0 {
        return Err("the u and v flags are mutually exclusive".into());
    }
    let key_bits = bits & (IGNORE_CASE | MULTILINE | DOT_ALL | UNICODE | UNICODE_SETS);
    let key = (pattern.to_vec(), key_bits);
    if let Some(r) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
        return Ok(r);
    }
    let flags = Flags {
        icase: bits & IGNORE_CASE != 0,
        multiline: bits & MULTILINE != 0,
        dot_all: bits & DOT_ALL != 0,
        no_opt: false,
        unicode: bits & UNICODE != 0,
        unicode_sets: bits & UNICODE_SETS != 0,
    };
    let text = super::pattern::pattern_text(pattern, full_unicode(bits), bits & UNICODE_SETS != 0);
    // The parser is third-party code: a panic on odd input must not take
    // the engine down.
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Regex::from_unicode(text.into_iter(), flags)
    }));
    let regex = match parsed {
        Ok(Ok(r)) => Rc::new(r),
        Ok(Err(e)) => return Err(e.to_string()),
        Err(_) => return Err("unsupported pattern".into()),
    };
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_LIMIT {
            c.clear();
        }
        c.insert(key, regex.clone());
    });
    Ok(regex)
}

/// The result of one match attempt, in code-unit indices.
pub struct MatchResult {
    pub start: usize,
    pub end: usize,
    /// One entry per capturing group.
    pub captures: Vec<Option<(usize, usize)>>,
    /// Named groups in first-occurrence order with the range of the
    /// participating group of that name (duplicate names share one entry).
    pub named: Vec<(String, Option<(usize, usize)>)>,
}

fn convert(m: regress::Match) -> MatchResult {
    let named: Vec<(String, Option<(usize, usize)>)> = m
        .named_groups()
        .map(|(n, r)| (n.to_string(), r.map(|r| (r.start, r.end))))
        .collect();
    MatchResult {
        start: m.range.start,
        end: m.range.end,
        captures: m
            .captures
            .iter()
            .map(|c| c.as_ref().map(|r| (r.start, r.end)))
            .collect(),
        named,
    }
}

/// Run `regex` on `input` from `start`; the leftmost match at or after it.
pub fn find(regex: &Regex, input: &[u16], start: usize, unicode: bool) -> Option<MatchResult> {
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if unicode {
            regex.find_from_utf16(input, start).next()
        } else {
            regex.find_from_ucs2(input, start).next()
        }
    }));
    match r {
        Ok(m) => m.map(convert),
        Err(_) => None,
    }
}
