//! Matcher internals test262 does not reach: the step budget, the
//! backtrack cap, the nesting cap, and a few semantics checks.

use lode_regexp::{ExecError, Flags, Regex};

fn u16s(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

fn re(p: &str, f: &str) -> Regex {
    Regex::new(&u16s(p), flags(f)).unwrap_or_else(|e| panic!("{p}: {e}"))
}

fn flags(f: &str) -> Flags {
    Flags {
        ignore_case: f.contains('i'),
        multiline: f.contains('m'),
        dot_all: f.contains('s'),
        unicode: f.contains('u'),
        unicode_sets: f.contains('v'),
    }
}

/// The matched groups as strings (None for undefined).
fn exec(r: &Regex, s: &str) -> Option<Vec<Option<String>>> {
    let input = u16s(s);
    let m = r.find(&input, 0, false, &mut || true).unwrap()?;
    Some(
        m.groups
            .iter()
            .map(|g| g.map(|(a, b)| String::from_utf16(&input[a..b]).unwrap()))
            .collect(),
    )
}

fn groups(v: &[Option<&str>]) -> Option<Vec<Option<String>>> {
    Some(v.iter().map(|g| g.map(str::to_string)).collect())
}

#[test]
fn budget_stops_and_regex_stays_usable() {
    let r = re("(a+)+$", "");
    let input = u16s(&format!("{}b", "a".repeat(40)));
    let mut calls = 0;
    let res = r.find(&input, 0, false, &mut || {
        calls += 1;
        calls < 10
    });
    assert_eq!(res, Err(ExecError::Stopped));
    assert_eq!(calls, 10);
    // The same compiled program matches afterwards.
    assert_eq!(exec(&r, "aaa"), groups(&[Some("aaa"), Some("aaa")]));
}

#[test]
fn backtrack_cap_is_an_error_not_an_abort() {
    // Each iteration of the alternation leaves a choice point.
    let r = re("(?:a|b)*c", "");
    let input = u16s(&"a".repeat(10_000_000));
    assert_eq!(
        r.find(&input, 0, false, &mut || true),
        Err(ExecError::TooComplex)
    );
    assert_eq!(exec(&r, "abc"), groups(&[Some("abc")]));
}

#[test]
fn deep_nesting_is_a_syntax_error() {
    let p = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
    assert_eq!(
        Regex::new(&u16s(&p), flags("")).unwrap_err(),
        "regular expression too deeply nested"
    );
    let p = format!("{}a{}", "[".repeat(10_000), "]".repeat(10_000));
    assert_eq!(
        Regex::new(&u16s(&p), flags("v")).unwrap_err(),
        "regular expression too deeply nested"
    );
    let p = format!("{}a{}", "(?:".repeat(500), ")".repeat(500));
    assert!(Regex::new(&u16s(&p), flags("")).is_ok());
}

#[test]
fn repeat_semantics() {
    // Captures reset per iteration; empty iterations fail after min.
    assert_eq!(
        exec(&re("(z)((a+)?(b+)?(c))*", ""), "zaacbbbcac"),
        groups(&[
            Some("zaacbbbcac"),
            Some("z"),
            Some("ac"),
            Some("a"),
            None,
            Some("c")
        ])
    );
    assert_eq!(exec(&re("(a*)?", ""), "b"), groups(&[Some(""), None]));
    assert_eq!(exec(&re("(a*)*", ""), "b"), groups(&[Some(""), None]));
    assert_eq!(exec(&re("(?:a|b)*?c", ""), "abc"), groups(&[Some("abc")]));
    assert_eq!(exec(&re("a{2,3}?", ""), "aaaa"), groups(&[Some("aa")]));
    assert_eq!(exec(&re("x*y+$", ""), "xxxyyy"), groups(&[Some("xxxyyy")]));
}

#[test]
fn lookaround_and_backrefs() {
    assert_eq!(
        exec(&re("(?=(a+))a*b\\1", ""), "baaabac"),
        groups(&[Some("aba"), Some("a")])
    );
    assert_eq!(
        exec(&re("(.*?)a(?!(a+)b\\2c)\\2(.*)", ""), "baaabaac"),
        groups(&[Some("baaabaac"), Some("ba"), None, Some("abaac")])
    );
    assert_eq!(
        exec(&re("(?<=\\$)\\d+(\\.\\d*)?", ""), "cost $10.53"),
        groups(&[Some("10.53"), Some(".53")])
    );
    assert_eq!(
        exec(&re("(?<=(\\d+)(\\d+))$", ""), "1053"),
        groups(&[Some(""), Some("1"), Some("053")])
    );
    assert_eq!(
        exec(&re("(?<!abc)\\w\\w\\w", ""), "abcdef"),
        groups(&[Some("abc")])
    );
    assert_eq!(
        exec(&re("(?<a>x)|(?<a>y)\\k<a>", ""), "yy"),
        groups(&[Some("yy"), None, Some("y")])
    );
}

#[test]
fn case_and_unicode() {
    assert_eq!(
        exec(&re("\\u{1F600}+", "u"), "x\u{1F600}\u{1F600}"),
        groups(&[Some("\u{1F600}\u{1F600}")])
    );
    assert!(exec(&re("\\udf06", "u"), "\u{1D306}").is_none());
    assert_eq!(
        exec(&re("[^x]", "u"), "\u{1D306}"),
        groups(&[Some("\u{1D306}")])
    );
    assert_eq!(exec(&re("\u{17F}", "iu"), "S"), groups(&[Some("S")]));
    assert!(exec(&re("\u{17F}", "i"), "S").is_none());
    assert_eq!(
        exec(&re("\\w", "iu"), "\u{212A}"),
        groups(&[Some("\u{212A}")])
    );
    assert_eq!(
        exec(&re("[\\p{RGI_Emoji}--\\q{x}]", "v"), "\u{1F1EB}\u{1F1F7}"),
        groups(&[Some("\u{1F1EB}\u{1F1F7}")])
    );
    assert_eq!(exec(&re("(?i:a)b", ""), "Ab"), groups(&[Some("Ab")]));
    assert!(exec(&re("(?i:a)b", ""), "AB").is_none());
}

#[test]
fn early_errors() {
    for (p, f) in [
        ("a**", ""),
        ("(?<a>x)(?<a>y)", ""),
        ("[b-a]", ""),
        ("\\p{ascii}", "u"),
        ("(?<=a)*", ""),
        ("a{2,1}", ""),
        ("[^\\q{ab}]", "v"),
        ("(?ii:a)", ""),
        ("(?-:a)", ""),
        ("\\1", "u"),
        ("{1}", ""),
    ] {
        assert!(
            Regex::new(&u16s(p), flags(f)).is_err(),
            "{p} /{f} should be an error"
        );
    }
    for (p, f) in [
        ("{", ""),
        ("a{,5}", ""),
        ("\\1", ""),
        ("]", ""),
        ("\\c", ""),
        ("[\\c_]", ""),
        ("(?=a)*", ""),
        ("\\k", ""),
    ] {
        assert!(
            Regex::new(&u16s(p), flags(f)).is_ok(),
            "{p} /{f} should parse"
        );
    }
}
