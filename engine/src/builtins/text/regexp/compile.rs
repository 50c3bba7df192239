//! Pattern compilation: flag parsing and ParsePattern/CompilePattern on
//! Lode's own engine, the `lode-regexp` crate (#sec-regexpinitialize,
//! #sec-parsepattern), and the matcher call with the VM's limits.

use crate::vm::{JsResult, Vm};
use lode_regexp::{ExecError, Flags, Regex};
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
    let key_bits = bits & (IGNORE_CASE | MULTILINE | DOT_ALL | UNICODE | UNICODE_SETS);
    let key = (pattern.to_vec(), key_bits);
    if let Some(r) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
        return Ok(r);
    }
    let flags = Flags {
        ignore_case: bits & IGNORE_CASE != 0,
        multiline: bits & MULTILINE != 0,
        dot_all: bits & DOT_ALL != 0,
        unicode: bits & UNICODE != 0,
        unicode_sets: bits & UNICODE_SETS != 0,
    };
    let regex = Rc::new(Regex::new(pattern, flags)?);
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

/// Run `regex` on `input` from `start`: the leftmost match at or after it,
/// or only one starting exactly there when `sticky`. The matcher's step
/// budget reaches the VM's limits (deadline, fuel, interrupt, heap cap)
/// through `Vm::tick_n`, so a runaway match ends like a runaway loop; a
/// match whose backtracking outgrows its stack is a RangeError.
pub fn find(
    vm: &mut Vm,
    regex: &Regex,
    input: &[u16],
    start: usize,
    sticky: bool,
) -> JsResult<Option<MatchResult>> {
    let mut stop = None;
    let found = regex.find(input, start, sticky, &mut || match vm.tick_n(CHECK_UNITS) {
        Ok(()) => true,
        Err(e) => {
            stop = Some(e);
            false
        }
    });
    let caps = match found {
        Ok(Some(c)) => c,
        Ok(None) => return Ok(None),
        Err(ExecError::Stopped) => {
            return Err(stop.expect("the matcher stops only when the check says so"))
        }
        Err(ExecError::TooComplex) => {
            return Err(vm.range_error(
                "regular expression too complex to match (backtrack stack exhausted)",
            ))
        }
    };
    let (start, end) = caps.groups[0].expect("group 0 of a match is set");
    let named = regex
        .names()
        .iter()
        .map(|(n, gs)| (n.clone(), gs.iter().find_map(|&g| caps.groups[g as usize])))
        .collect();
    let mut captures = caps.groups;
    captures.remove(0);
    Ok(Some(MatchResult {
        start,
        end,
        captures,
        named,
    }))
}

/// Work units charged per budget check of the matcher (`tick_n` counts
/// one tick per 16): one check every `CHECK_INTERVAL` steps crosses a
/// 1024-tick boundary, so the limits are looked at every check.
const CHECK_UNITS: usize = 16 * 1024;
