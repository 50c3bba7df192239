//! Unicode data for patterns: Canonicalize (#sec-runtime-semantics-canonicalize-ch),
//! case closure of sets, simple case folding of sets for `v` mode, and the
//! property escapes `\p{...}` (#sec-runtimesemantics-unicodematchproperty-p),
//! all from the ICU4X data crates.

use crate::class::{max_char, CharSet};
use icu_casemap::CaseMapper;
use icu_properties::props::{GeneralCategory, GeneralCategoryGroup, Script};
use icu_properties::script::ScriptWithExtensions;
use icu_properties::{CodePointMapData, CodePointSetData, PropertyParser};
use std::sync::OnceLock;

/// scf(c): the simple or common case folding of CaseFolding.txt.
pub fn simple_fold(c: u32) -> u32 {
    match char::from_u32(c) {
        Some(ch) => CaseMapper::new().simple_fold(ch) as u32,
        None => c,
    }
}

/// Canonicalize in non-Unicode ignoreCase mode, steps 3-8: the full
/// uppercase mapping when it is one code unit, except that a non-ASCII
/// character never maps into ASCII.
fn canon_upper(c: u32) -> u32 {
    let Some(ch) = char::from_u32(c) else {
        return c;
    };
    // 4. toUppercase(« ch ») per the Unicode Default Case Conversion.
    let mut up = ch.to_uppercase();
    let (Some(u), None) = (up.next(), up.next()) else {
        // 5. If the result is not a single code unit, return ch.
        return c;
    };
    let cu = u as u32;
    if cu > 0xFFFF {
        return c;
    }
    // 7. If ch ≥ 128 and cu < 128, return ch.
    if c >= 128 && cu < 128 {
        return c;
    }
    cu
}

/// Every character whose Canonicalize is not itself, with that value,
/// sorted by character. Built once per mode.
fn fold_table(unicode: bool) -> &'static [(u32, u32)] {
    static U: OnceLock<Vec<(u32, u32)>> = OnceLock::new();
    static NU: OnceLock<Vec<(u32, u32)>> = OnceLock::new();
    if unicode {
        U.get_or_init(|| {
            (0..=0x10FFFFu32)
                .filter_map(|c| {
                    let f = simple_fold(c);
                    (f != c).then_some((c, f))
                })
                .collect()
        })
    } else {
        NU.get_or_init(|| {
            (0..=0xFFFFu32)
                .filter_map(|c| {
                    let f = canon_upper(c);
                    (f != c).then_some((c, f))
                })
                .collect()
        })
    }
}

/// Canonicalize(rer, ch) with rer.[[IgnoreCase]] true: simple case folding
/// when either Unicode flag is set, the uppercase rule otherwise.
pub fn canonicalize(c: u32, unicode: bool) -> u32 {
    // FAST PATH: ASCII letters map within ASCII in both modes.
    if c < 128 {
        let b = c as u8;
        return if unicode {
            b.to_ascii_lowercase() as u32
        } else {
            b.to_ascii_uppercase() as u32
        };
    }
    let t = fold_table(unicode);
    match t.binary_search_by_key(&c, |e| e.0) {
        Ok(i) => t[i].1,
        Err(_) => c,
    }
}

/// The table sorted by canonical value: the characters of one case class
/// are adjacent.
fn inverse_table(unicode: bool) -> &'static [(u32, u32)] {
    static U: OnceLock<Vec<(u32, u32)>> = OnceLock::new();
    static NU: OnceLock<Vec<(u32, u32)>> = OnceLock::new();
    let make = || {
        let mut v: Vec<(u32, u32)> = fold_table(unicode).iter().map(|&(c, f)| (f, c)).collect();
        v.sort_unstable();
        v
    };
    if unicode {
        U.get_or_init(make)
    } else {
        NU.get_or_init(make)
    }
}

/// The characters that match `c` under ignoreCase: those with the same
/// Canonicalize value.
pub fn case_class(c: u32, unicode: bool) -> CharSet {
    let k = canonicalize(c, unicode);
    let mut members = Vec::with_capacity(4);
    if canonicalize(k, unicode) == k {
        members.push((k, k));
    }
    let inv = inverse_table(unicode);
    let i = inv.partition_point(|e| e.0 < k);
    members.extend(inv[i..].iter().take_while(|e| e.0 == k).map(|e| (e.1, e.1)));
    CharSet::from_ranges(members)
}

/// The characters `ch` with Canonicalize(ch) equal to Canonicalize(a) for
/// some `a` in `set`: what a CharSet matches under ignoreCase
/// (#sec-compiletocharset with CharacterSetMatcher's canonicalized compare).
pub fn close_over_case(set: &CharSet, unicode: bool) -> CharSet {
    let t = fold_table(unicode);
    // C = Canonicalize(set): the members that map to themselves, plus the
    // images of the others.
    let keys = CharSet::from_ranges(t.iter().map(|&(c, _)| (c, c)).collect());
    let mut canon = set.subtract(&keys);
    let images: Vec<(u32, u32)> = t
        .iter()
        .filter(|e| set.contains(e.0))
        .map(|&(_, f)| (f, f))
        .collect();
    canon = canon.union(&CharSet::from_ranges(images));
    // M = { ch : Canonicalize(ch) ∈ C }.
    let mut out = canon.subtract(&keys);
    let pre: Vec<(u32, u32)> = t
        .iter()
        .filter(|e| canon.contains(e.1))
        .map(|&(c, _)| (c, c))
        .collect();
    out = out.union(&CharSet::from_ranges(pre));
    out
}

/// MaybeSimpleCaseFolding for `v` mode: scf of every member.
pub fn fold_set(set: &CharSet) -> CharSet {
    let t = fold_table(true);
    let keys = CharSet::from_ranges(t.iter().map(|&(c, _)| (c, c)).collect());
    let images: Vec<(u32, u32)> = t
        .iter()
        .filter(|e| set.contains(e.0))
        .map(|&(_, f)| (f, f))
        .collect();
    set.subtract(&keys).union(&CharSet::from_ranges(images))
}

/// AllCharacters for `v` mode with ignoreCase: the code points that are
/// their own simple case folding.
pub fn folded_all() -> CharSet {
    let t = fold_table(true);
    CharSet::range(0, 0x10FFFF).subtract(&CharSet::from_ranges(
        t.iter().map(|&(c, _)| (c, c)).collect(),
    ))
}

/// ID_Start / ID_Continue for group names (#sec-regexpidentifiername).
pub fn is_id_start(c: u32) -> bool {
    c == '$' as u32
        || c == '_' as u32
        || CodePointSetData::new::<icu_properties::props::IdStart>().contains32(c)
}

pub fn is_id_continue(c: u32) -> bool {
    c == '$' as u32
        || c == 0x200C
        || c == 0x200D
        || CodePointSetData::new::<icu_properties::props::IdContinue>().contains32(c)
}

/// The value of `\p{...}`: characters, and strings for the properties of
/// strings (`v` mode only).
pub struct Property {
    pub set: CharSet,
    pub strings: Vec<Vec<u32>>,
    pub of_strings: bool,
}

fn ranges<I: Iterator<Item = std::ops::RangeInclusive<u32>>>(it: I) -> CharSet {
    CharSet::from_ranges(it.map(|r| (*r.start(), *r.end())).collect())
}

fn gc_group(name: &str) -> Option<CharSet> {
    let g: GeneralCategoryGroup = PropertyParser::<GeneralCategoryGroup>::new().get_strict(name)?;
    Some(ranges(
        CodePointMapData::<GeneralCategory>::new().iter_ranges_for_group(g),
    ))
}

fn script(name: &str, extensions: bool) -> Option<CharSet> {
    let s: Script = PropertyParser::<Script>::new().get_strict(name)?;
    if extensions {
        Some(ranges(
            ScriptWithExtensions::new().get_script_extensions_ranges(s),
        ))
    } else {
        Some(ranges(
            CodePointMapData::<Script>::new().iter_ranges_for_value(s),
        ))
    }
}

/// UnicodeMatchProperty + UnicodeMatchPropertyValue: `name` alone (a
/// General_Category value or a binary property) or `name=value`. Names
/// match exactly (no loose matching). `sets` allows properties of strings.
pub fn property(name: &str, value: Option<&str>, sets: bool) -> Option<Property> {
    let chars = |set| {
        Some(Property {
            set,
            strings: Vec::new(),
            of_strings: false,
        })
    };
    if let Some(v) = value {
        return match name {
            "General_Category" | "gc" => chars(gc_group(v)?),
            "Script" | "sc" => chars(script(v, false)?),
            "Script_Extensions" | "scx" => chars(script(v, true)?),
            _ => None,
        };
    }
    match name {
        "Any" => return chars(CharSet::range(0, 0x10FFFF)),
        "ASCII" => return chars(CharSet::range(0, 0x7F)),
        "Assigned" => {
            let cn = gc_group("Cn")?;
            return chars(cn.complement(0x10FFFF));
        }
        _ => {}
    }
    // The ECMAScript alias of White_Space is `space`; ICU4X knows it as
    // `WSpace`, which ECMAScript does not list
    // (#table-binary-unicode-properties).
    let name = match name {
        "space" => "White_Space",
        "WSpace" => return None,
        n => n,
    };
    if let Some(s) = CodePointSetData::new_for_ecma262(name.as_bytes()) {
        return chars(ranges(s.iter_ranges()));
    }
    if let Some(s) = gc_group(name) {
        return chars(s);
    }
    if sets {
        if let Some(p) = crate::emoji::property_of_strings(name) {
            return Some(p);
        }
    }
    None
}

/// The largest character of a mode (re-exported for the parser).
pub fn all_chars(unicode: bool) -> CharSet {
    CharSet::range(0, max_char(unicode))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonicalize_modes() {
        assert_eq!(canonicalize('A' as u32, true), 'a' as u32);
        assert_eq!(canonicalize('a' as u32, false), 'A' as u32);
        // ſ folds to s in Unicode mode but keeps itself in the uppercase
        // rule (it would map into ASCII).
        assert_eq!(canonicalize(0x17F, true), 's' as u32);
        assert_eq!(canonicalize(0x17F, false), 0x17F);
        let k = close_over_case(&CharSet::single('k' as u32), true);
        assert!(k.contains('K' as u32) && k.contains(0x212A));
        let k = close_over_case(&CharSet::single('k' as u32), false);
        assert!(k.contains('K' as u32) && !k.contains(0x212A));
    }

    #[test]
    fn properties() {
        assert!(property("Lu", None, false)
            .unwrap()
            .set
            .contains('A' as u32));
        assert!(property("Script", Some("Greek"), false)
            .unwrap()
            .set
            .contains(0x3B1));
        assert!(property("ascii", None, false).is_none());
        assert!(property("space", None, false).unwrap().set.contains(0x3000));
        assert!(property("WSpace", None, false).is_none());
        assert!(property("Alphabetic", None, false)
            .unwrap()
            .set
            .contains('x' as u32));
    }
}
