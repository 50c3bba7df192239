//! Pattern text preparation before handing it to `regress`:
//!
//! - In non-Unicode mode each code unit is its own character, except in
//!   group names (`(?<name>`, `\k<name>`), where surrogate pairs form one
//!   code point (RegExpIdentifierCodePoint, #sec-regexpidentifiercodepoint).
//! - Duplicate named groups (#sec-patterns-static-semantics-early-errors,
//!   ES2025): a `\k<name>` naming several groups is rewritten to
//!   back-references to all of them. At most one group of a name takes part
//!   in a match, and a back-reference to a group that did not participate
//!   matches the empty string, so the concatenation is equivalent.

const BACKSLASH: u32 = b'\\' as u32;
const LT: u32 = b'<' as u32;
const GT: u32 = b'>' as u32;

fn is_lead(u: u32) -> bool {
    (0xD800..0xDC00).contains(&u)
}
fn is_trail(u: u32) -> bool {
    (0xDC00..0xE000).contains(&u)
}
fn combine(a: u32, b: u32) -> u32 {
    ((a - 0xD800) << 10) + (b - 0xDC00) + 0x10000
}

/// StringToCodePoints over code units.
fn to_code_points(pattern: &[u16]) -> Vec<u32> {
    let mut out = Vec::with_capacity(pattern.len());
    let mut i = 0;
    while i < pattern.len() {
        let a = pattern[i] as u32;
        if is_lead(a) {
            if let Some(&b) = pattern.get(i + 1) {
                if is_trail(b as u32) {
                    out.push(combine(a, b as u32));
                    i += 2;
                    continue;
                }
            }
        }
        out.push(a);
        i += 1;
    }
    out
}

/// Whether a group name starts at `i` (just after `(?<` or `\k<`).
fn name_end(cps: &[u32], i: usize) -> Option<usize> {
    cps[i..].iter().position(|&c| c == GT).map(|p| i + p)
}

/// The pattern as code points for `regress`.
pub fn pattern_text(pattern: &[u16], unicode: bool, sets: bool) -> Vec<u32> {
    let cps: Vec<u32> = if unicode {
        to_code_points(pattern)
    } else {
        let units: Vec<u32> = pattern.iter().map(|&u| u as u32).collect();
        combine_in_names(&units)
    };
    rewrite_duplicate_backrefs(cps, sets)
}

/// Non-Unicode mode: pair surrogates inside group names only.
fn combine_in_names(units: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(units.len());
    let mut i = 0;
    let mut in_class = false;
    while i < units.len() {
        let c = units[i];
        if c == BACKSLASH {
            out.push(c);
            if units.get(i + 1) == Some(&(b'k' as u32))
                && units.get(i + 2) == Some(&LT)
                && !in_class
            {
                out.push(b'k' as u32);
                out.push(LT);
                i = copy_name(units, i + 3, &mut out);
                continue;
            }
            if let Some(&n) = units.get(i + 1) {
                out.push(n);
            }
            i += 2;
            continue;
        }
        if in_class {
            if c == b']' as u32 {
                in_class = false;
            }
            out.push(c);
            i += 1;
            continue;
        }
        if c == b'[' as u32 {
            in_class = true;
        }
        if c == b'(' as u32
            && units.get(i + 1) == Some(&(b'?' as u32))
            && units.get(i + 2) == Some(&LT)
        {
            let next = units.get(i + 3).copied();
            if next != Some(b'=' as u32) && next != Some(b'!' as u32) {
                out.extend_from_slice(&units[i..i + 3]);
                i = copy_name(units, i + 3, &mut out);
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Copy a group name starting at `i` up to its `>` (exclusive), pairing
/// surrogates; returns the index of the `>` (or the end).
fn copy_name(units: &[u32], mut i: usize, out: &mut Vec<u32>) -> usize {
    while i < units.len() && units[i] != GT {
        let a = units[i];
        if is_lead(a) && units.get(i + 1).is_some_and(|&b| is_trail(b)) {
            out.push(combine(a, units[i + 1]));
            i += 2;
        } else {
            out.push(a);
            i += 1;
        }
    }
    i
}

/// One scan of the pattern: the name of each capturing group (None when
/// unnamed) in order.
fn group_names(cps: &[u32], sets: bool) -> Vec<Option<Vec<u32>>> {
    let mut names = Vec::new();
    let mut i = 0;
    let mut class_depth = 0usize;
    while i < cps.len() {
        let c = cps[i];
        if c == BACKSLASH {
            i += 2;
            continue;
        }
        if class_depth > 0 {
            if c == b']' as u32 {
                class_depth -= 1;
            } else if c == b'[' as u32 && sets {
                class_depth += 1;
            }
            i += 1;
            continue;
        }
        if c == b'[' as u32 {
            class_depth = 1;
        } else if c == b'(' as u32 {
            if cps.get(i + 1) != Some(&(b'?' as u32)) {
                names.push(None);
            } else if cps.get(i + 2) == Some(&LT) {
                let next = cps.get(i + 3).copied();
                if next != Some(b'=' as u32) && next != Some(b'!' as u32) {
                    if let Some(end) = name_end(cps, i + 3) {
                        names.push(Some(cps[i + 3..end].to_vec()));
                        i = end + 1;
                        continue;
                    }
                }
            }
        }
        i += 1;
    }
    names
}

/// Rewrite `\k<name>` for duplicated names into `(?:\i\j…)`.
fn rewrite_duplicate_backrefs(cps: Vec<u32>, sets: bool) -> Vec<u32> {
    let names = group_names(&cps, sets);
    let has_duplicates = names
        .iter()
        .enumerate()
        .any(|(i, n)| n.is_some() && names[..i].contains(n));
    if !has_duplicates {
        return cps;
    }
    let mut out = Vec::with_capacity(cps.len() + 16);
    let mut i = 0;
    let mut class_depth = 0usize;
    while i < cps.len() {
        let c = cps[i];
        if c == BACKSLASH {
            if class_depth == 0
                && cps.get(i + 1) == Some(&(b'k' as u32))
                && cps.get(i + 2) == Some(&LT)
            {
                if let Some(end) = name_end(&cps, i + 3) {
                    let name = &cps[i + 3..end];
                    let indices: Vec<usize> = names
                        .iter()
                        .enumerate()
                        .filter(|(_, n)| n.as_deref() == Some(name))
                        .map(|(j, _)| j + 1)
                        .collect();
                    if indices.len() > 1 {
                        out.extend("(?:".chars().map(|ch| ch as u32));
                        for idx in indices {
                            out.push(BACKSLASH);
                            out.extend(idx.to_string().chars().map(|ch| ch as u32));
                        }
                        out.push(b')' as u32);
                        i = end + 1;
                        continue;
                    }
                }
            }
            out.push(c);
            if let Some(&n) = cps.get(i + 1) {
                out.push(n);
            }
            i += 2;
            continue;
        }
        if class_depth > 0 {
            if c == b']' as u32 {
                class_depth -= 1;
            } else if c == b'[' as u32 && sets {
                class_depth += 1;
            }
        } else if c == b'[' as u32 {
            class_depth = 1;
        }
        out.push(c);
        i += 1;
    }
    out
}
