//! Parsing of a test's `/*--- ... ---*/` YAML metadata (INTERPRETING.md,
//! "Metadata").
//!
//! Test262 uses a small, regular subset of YAML, so a hand-written reader
//! is enough and keeps the runner free of a YAML dependency. Only the keys
//! that change how a test runs are interpreted (`includes`, `flags`,
//! `features`, `negative`, `locale`); every other key (`description`,
//! `info`, `esid`, ...) is skipped together with its indented continuation
//! lines. Lists may be written inline (`[a, b]`, also over several lines) or
//! as block sequences (`- a`).

use serde::{Deserialize, Serialize};

/// The phase a negative test expects its error in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Parse,
    Resolution,
    Runtime,
}

impl Phase {
    pub fn name(self) -> &'static str {
        match self {
            Phase::Parse => "parse",
            Phase::Resolution => "resolution",
            Phase::Runtime => "runtime",
        }
    }

    fn parse(text: &str) -> Option<Phase> {
        match text {
            "parse" => Some(Phase::Parse),
            "resolution" => Some(Phase::Resolution),
            "runtime" => Some(Phase::Runtime),
            _ => None,
        }
    }
}

/// The `negative` attribute: the test must throw `error_type` in `phase`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Negative {
    pub phase: Phase,
    pub error_type: String,
}

/// The metadata that influences how a test is run and judged.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    pub includes: Vec<String>,
    /// Flag names exactly as written; see the `is_*` helpers.
    pub flags: Vec<String>,
    pub features: Vec<String>,
    pub negative: Option<Negative>,
    pub locale: Vec<String>,
}

impl Metadata {
    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }
    pub fn is_only_strict(&self) -> bool {
        self.has_flag("onlyStrict")
    }
    pub fn is_no_strict(&self) -> bool {
        self.has_flag("noStrict")
    }
    pub fn is_module(&self) -> bool {
        self.has_flag("module")
    }
    pub fn is_raw(&self) -> bool {
        self.has_flag("raw")
    }
    pub fn is_async(&self) -> bool {
        self.has_flag("async")
    }
}

/// Extracts and parses the metadata block of a test file.
///
/// A file without a block has default metadata (INTERPRETING.md says tests
/// *may* define metadata). An unterminated block or a malformed `negative`
/// is an error: running such a test would only produce a misleading verdict.
pub fn parse_test(source: &str) -> Result<Metadata, String> {
    let Some(start) = source.find("/*---") else {
        return Ok(Metadata::default());
    };
    let body_start = start + "/*---".len();
    let Some(len) = source[body_start..].find("---*/") else {
        return Err("metadata block `/*---` is not closed by `---*/`".to_string());
    };
    parse_yaml(&source[body_start..body_start + len])
}

/// Parses the YAML text between `/*---` and `---*/`.
pub fn parse_yaml(yaml: &str) -> Result<Metadata, String> {
    // Some tests use CR or CRLF line endings on purpose (line terminator
    // tests); YAML treats all three as line breaks.
    let text = yaml.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.lines().collect();
    let mut meta = Metadata::default();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        // Only column-0 lines start a key; everything indented belongs to
        // the previous key and is consumed (or skipped) with it.
        if line.starts_with([' ', '\t']) || line.trim().is_empty() {
            continue;
        }
        let Some((key, rest)) = line.split_once(':') else {
            continue;
        };
        let key = key.trim();
        let rest = strip_comment(rest).trim();
        // The indented lines that follow belong to this key.
        let block_end = lines[i..]
            .iter()
            .position(|l| !(l.starts_with([' ', '\t']) || l.trim().is_empty()))
            .map_or(lines.len(), |n| i + n);
        let block = &lines[i..block_end];
        match key {
            "includes" | "flags" | "features" | "locale" => {
                let (items, consumed) =
                    parse_list(rest, &lines[i..]).map_err(|e| format!("`{key}`: {e}"))?;
                i += consumed;
                let target = match key {
                    "includes" => &mut meta.includes,
                    "flags" => &mut meta.flags,
                    "features" => &mut meta.features,
                    _ => &mut meta.locale,
                };
                target.extend(items);
            }
            "negative" => {
                meta.negative = Some(parse_negative(rest, block)?);
                i = block_end;
            }
            _ => i = block_end,
        }
    }
    Ok(meta)
}

/// Parses a list value that starts after `key:` (`rest`) and may continue
/// on the following lines. Returns the items and how many of the following
/// lines were consumed.
fn parse_list(rest: &str, following: &[&str]) -> Result<(Vec<String>, usize), String> {
    if rest.starts_with('[') {
        // A flow sequence, possibly spread over several lines.
        let mut text = rest.to_string();
        let mut consumed = 0;
        while !text.contains(']') {
            let Some(next) = following.get(consumed) else {
                return Err("unterminated `[` list".to_string());
            };
            text.push(' ');
            text.push_str(strip_comment(next).trim());
            consumed += 1;
        }
        let inner_end = text.find(']').unwrap_or(text.len());
        let items = text[1..inner_end]
            .split(',')
            .map(unquote)
            .filter(|s| !s.is_empty())
            .collect();
        return Ok((items, consumed));
    }
    if !rest.is_empty() {
        // A single plain scalar, e.g. `flags: onlyStrict`: lenient reading.
        return Ok((vec![unquote(rest)], 0));
    }
    // A block sequence: indented `- item` lines.
    let mut items = Vec::new();
    let mut consumed = 0;
    for line in following {
        let trimmed = strip_comment(line).trim();
        if trimmed.is_empty() && line.starts_with([' ', '\t']) {
            consumed += 1;
            continue;
        }
        if !line.starts_with([' ', '\t', '-']) {
            break;
        }
        let Some(item) = trimmed.strip_prefix('-') else {
            return Err(format!("expected `- item`, found `{}`", line.trim()));
        };
        items.push(unquote(item));
        consumed += 1;
    }
    Ok((items, consumed))
}

/// Parses `negative:` given either as an indented block mapping or as an
/// inline `{phase: parse, type: SyntaxError}`.
fn parse_negative(rest: &str, block: &[&str]) -> Result<Negative, String> {
    let mut phase = None;
    let mut error_type = None;
    let mut take = |pair: &str| {
        if let Some((k, v)) = pair.split_once(':') {
            match k.trim() {
                "phase" => phase = Some(unquote(v)),
                "type" => error_type = Some(unquote(v)),
                _ => {}
            }
        }
    };
    if let Some(inner) = rest.strip_prefix('{') {
        inner.trim_end_matches('}').split(',').for_each(&mut take);
    } else {
        block.iter().map(|l| strip_comment(l)).for_each(&mut take);
    }
    let phase = phase.ok_or("`negative` has no `phase`")?;
    let phase = Phase::parse(&phase).ok_or_else(|| format!("unknown negative phase `{phase}`"))?;
    let error_type = error_type
        .filter(|t| !t.is_empty())
        .ok_or("`negative` has no `type`")?;
    Ok(Negative { phase, error_type })
}

/// Removes a YAML comment (` #...`) that is not inside quotes.
fn strip_comment(line: &str) -> &str {
    let mut quote = None;
    let mut prev_is_space = true;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '#') if prev_is_space => return &line[..i],
            _ => {}
        }
        prev_is_space = c.is_whitespace();
    }
    line
}

fn unquote(item: &str) -> String {
    let item = item.trim();
    let unquoted = ['"', '\'']
        .iter()
        .find_map(|q| item.strip_prefix(*q).and_then(|s| s.strip_suffix(*q)));
    unquoted.unwrap_or(item).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Header of test/built-ins/Array/prototype/at/returns-item.js (the
    // `info` block abridged); `includes` added to exercise a two-item list.
    const INLINE_LISTS: &str = r#"// Copyright (C) 2020 Rick Waldron. All rights reserved.
// This code is governed by the BSD license found in the LICENSE file.
/*---
esid: sec-array.prototype.at
description: >
  Returns the item value at the specified index
info: |
  Array.prototype.at ( )

  Let O be ? ToObject(this value).
  Let len be ? LengthOfArrayLike(O).

features: [Array.prototype.at]
includes: [compareArray.js, propertyHelper.js]
---*/
assert.sameValue(typeof Array.prototype.at, 'function');
"#;

    // Header of test/language/expressions/class/elements/syntax/early-errors/
    // grammar-privatename-constructor.js.
    const NEGATIVE: &str = r##"// This file was procedurally generated from the following sources:
// - src/class-elements/grammar-privatename-constructor.case
// - src/class-elements/syntax/invalid/cls-expr-elements-invalid-syntax.template
/*---
description: Private Fields cannot be named constructor (class expression)
esid: prod-ClassElement
features: [class-fields-private, class]
flags: [generated]
negative:
  phase: parse
  type: SyntaxError
info: |
    Class Definitions / Static Semantics: Early Errors

    ClassElementName : PrivateName ;
        It is a Syntax Error if StringValue of PrivateName is "#constructor"

---*/


$DONOTEVALUATE();
"##;

    // Block sequences: the `flags` block of test/staging/sm/types/8.12.5-01.js
    // and the `features` block of
    // test/intl402/DateTimeFormat/constructor-options-throwing-getters.js.
    const BLOCK_LISTS: &str = r#"/*---
flags:
  - noStrict
description: |
  Assignments to a property that has a getter but not a setter should not throw a TypeError per ES5 (at least not until strict mode is supported)
info: bugzilla.mozilla.org/show_bug.cgi?id=523846
features:
  - Intl.DateTimeFormat-datetimestyle
  - Intl.DateTimeFormat-dayPeriod
locale: [en]
---*/
"#;

    // Header of test/language/module-code/instn-resolve-empty-export.js
    // (the `info` block abridged).
    const MODULE_RESOLUTION: &str = r#"/*---
description: >
    A NamedExport without an ExportsList contributes to the list of requested
    modules
esid: sec-moduledeclarationinstantiation
info: |
    [...]
    15.2.3 Exports

    Syntax

      NamedExport:
        { }
        { ExportsList }
        { ExportsList , }
negative:
  phase: resolution
  type: SyntaxError
flags: [module]
---*/
"#;

    // Header of test/built-ins/Promise/all/invoke-resolve-get-error-reject.js
    // (the `info` block abridged).
    const ASYNC: &str = r#"/*---
description: >
  Error retrieving the constructor's `resolve` method (rejecting promise)
esid: sec-performpromiseall
info: |
    Runtime Semantics: PerformPromiseAll

    ...
    1. Let promiseResolve be ? Get(constructor, `"resolve"`).
flags: [async]
---*/
"#;

    #[test]
    fn inline_lists() {
        let meta = parse_test(INLINE_LISTS).expect("parses");
        assert_eq!(meta.includes, ["compareArray.js", "propertyHelper.js"]);
        assert_eq!(meta.features, ["Array.prototype.at"]);
        assert!(meta.flags.is_empty());
        assert_eq!(meta.negative, None);
    }

    #[test]
    fn negative_block() {
        let meta = parse_test(NEGATIVE).expect("parses");
        assert_eq!(
            meta.negative,
            Some(Negative {
                phase: Phase::Parse,
                error_type: "SyntaxError".into()
            })
        );
        assert_eq!(meta.flags, ["generated"]);
        assert_eq!(meta.features, ["class-fields-private", "class"]);
    }

    #[test]
    fn block_lists_and_locale() {
        let meta = parse_test(BLOCK_LISTS).expect("parses");
        assert!(meta.is_no_strict());
        assert_eq!(
            meta.features,
            [
                "Intl.DateTimeFormat-datetimestyle",
                "Intl.DateTimeFormat-dayPeriod"
            ]
        );
        assert_eq!(meta.locale, ["en"]);
    }

    #[test]
    fn module_resolution_negative() {
        let meta = parse_test(MODULE_RESOLUTION).expect("parses");
        assert!(meta.is_module());
        let negative = meta.negative.expect("negative");
        assert_eq!(negative.phase, Phase::Resolution);
        assert_eq!(negative.error_type, "SyntaxError");
    }

    #[test]
    fn async_flag() {
        let meta = parse_test(ASYNC).expect("parses");
        assert!(meta.is_async());
        assert!(meta.includes.is_empty());
    }

    #[test]
    fn description_lines_that_look_like_keys_are_ignored() {
        let meta =
            parse_yaml("description: |\n  flags: [onlyStrict]\n  includes: [x.js]\nflags: [raw]\n")
                .expect("parses");
        assert_eq!(meta.flags, ["raw"]);
        assert!(meta.includes.is_empty());
    }

    #[test]
    fn quotes_comments_and_multiline_flow_lists() {
        let meta = parse_yaml(
            "features: ['a', \"b\" ] # trailing\nincludes: [x.js,\n  y.js]\nnegative: {phase: runtime, type: TypeError}\n",
        )
        .expect("parses");
        assert_eq!(meta.features, ["a", "b"]);
        assert_eq!(meta.includes, ["x.js", "y.js"]);
        assert_eq!(
            meta.negative,
            Some(Negative {
                phase: Phase::Runtime,
                error_type: "TypeError".into()
            })
        );
    }

    #[test]
    fn carriage_return_line_endings() {
        // test/built-ins/Function/prototype/toString/line-terminator-normalisation-CR.js
        let meta = parse_test(
            "/*---\resid: sec-x\rinfo: |\r  text\rincludes: [nativeFunctionMatcher.js]\r---*/",
        )
        .expect("parses");
        assert_eq!(meta.includes, ["nativeFunctionMatcher.js"]);
    }

    #[test]
    fn empty_flow_list() {
        let meta = parse_yaml("flags: []\n").expect("parses");
        assert!(meta.flags.is_empty());
    }

    #[test]
    fn malformed_metadata_is_an_error() {
        assert!(parse_test("/*---\nflags: [raw]\n").is_err());
        assert!(parse_yaml("negative:\n  phase: later\n  type: SyntaxError\n").is_err());
        assert!(parse_yaml("negative:\n  phase: parse\n").is_err());
        assert!(parse_yaml("includes: [a.js,\n").is_err());
    }

    #[test]
    fn no_metadata_means_defaults() {
        assert_eq!(parse_test("var x;"), Ok(Metadata::default()));
    }
}
