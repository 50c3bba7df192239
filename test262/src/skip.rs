//! The skip list (`test262/skip.toml`): tests the runner does not run, each
//! with a reason. Skipped tests still count as "not passed" everywhere.
//!
//! The file is a small TOML subset read by hand (no TOML dependency):
//!
//! ```toml
//! # comment
//! [features]           # skip tests that use any of these features
//! IsHTMLDDA = "host hook not provided yet"
//! "Intl.Locale" = "ECMA-402 is out of scope"   # keys with dots are quoted
//!
//! [paths]              # skip tests under these paths (relative to test/)
//! "intl402" = "ECMA-402 is out of scope"
//!
//! [flags]              # skip tests carrying these flags
//! CanBlockIsFalse = "our agents can block"
//! ```

use crate::frontmatter::Metadata;
use crate::selection::has_path_prefix;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SkipList {
    pub features: BTreeMap<String, String>,
    pub paths: BTreeMap<String, String>,
    pub flags: BTreeMap<String, String>,
}

impl SkipList {
    /// Why `rel` (a path relative to `test/`) is skipped, if it is.
    pub fn reason_for(&self, rel: &str, meta: &Metadata) -> Option<String> {
        if let Some((prefix, reason)) = self
            .paths
            .iter()
            .find(|(prefix, _)| has_path_prefix(rel, prefix))
        {
            return Some(format!("path {prefix}: {reason}"));
        }
        if let Some(flag) = meta.flags.iter().find(|f| self.flags.contains_key(*f)) {
            return Some(format!("flag {flag}: {}", self.flags[flag]));
        }
        meta.features
            .iter()
            .find(|f| self.features.contains_key(*f))
            .map(|feature| format!("feature {feature}: {}", self.features[feature]))
    }
}

/// Parses the skip file. Errors name the line, since the file is edited by
/// hand and a silently ignored entry would quietly change the numbers.
pub fn parse(text: &str) -> Result<SkipList, String> {
    let mut list = SkipList::default();
    let mut section: Option<&str> = None;
    for (number, raw) in text.lines().enumerate() {
        let line_no = number + 1;
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = name.trim();
            if !matches!(name, "features" | "paths" | "flags") {
                return Err(format!(
                    "line {line_no}: unknown section [{name}] (expected features, paths or flags)"
                ));
            }
            section = Some(name);
            continue;
        }
        let Some(section) = section else {
            return Err(format!("line {line_no}: entry before any [section]"));
        };
        let (key, rest) = parse_key(line).map_err(|e| format!("line {line_no}: {e}"))?;
        let value = rest
            .trim_start()
            .strip_prefix('=')
            .ok_or_else(|| format!("line {line_no}: expected `key = \"reason\"`"))?;
        let (reason, tail) =
            parse_string(value.trim_start()).map_err(|e| format!("line {line_no}: {e}"))?;
        if !tail.trim().is_empty() {
            return Err(format!("line {line_no}: unexpected text after the reason"));
        }
        if reason.trim().is_empty() {
            return Err(format!("line {line_no}: every skip needs a reason"));
        }
        let map = match section {
            "features" => &mut list.features,
            "paths" => &mut list.paths,
            _ => &mut list.flags,
        };
        let key = if section == "paths" {
            crate::selection::normalize_rel(&key)
        } else {
            key
        };
        if map.insert(key.clone(), reason).is_some() {
            return Err(format!("line {line_no}: duplicate entry `{key}`"));
        }
    }
    Ok(list)
}

/// A bare key (`A-Za-z0-9_-`) or a quoted one; returns it and the rest.
fn parse_key(line: &str) -> Result<(String, &str), String> {
    if line.starts_with('"') {
        return parse_string(line);
    }
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(line.len());
    if end == 0 {
        return Err("expected a key".to_string());
    }
    Ok((line[..end].to_string(), &line[end..]))
}

/// A basic TOML string `"..."` with `\"` and `\\` escapes.
fn parse_string(text: &str) -> Result<(String, &str), String> {
    let Some(body) = text.strip_prefix('"') else {
        return Err("expected a \"quoted string\"".to_string());
    };
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((out, &body[i + 1..])),
            '\\' => match chars.next() {
                Some((_, '"')) => out.push('"'),
                Some((_, '\\')) => out.push('\\'),
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                other => return Err(format!("unsupported escape {other:?}")),
            },
            c => out.push(c),
        }
    }
    Err("unterminated string".to_string())
}

fn strip_comment(line: &str) -> &str {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '#' if !in_string => return &line[..i],
            _ => {}
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
# Skipped tests count as not passed.
[features]
IsHTMLDDA = "host hook $262.IsHTMLDDA not provided yet"  # trailing comment
"Intl.Locale" = "ECMA-402 # is out of scope"

[paths]
"intl402/" = "ECMA-402"

[flags]
CanBlockIsFalse = "the main agent can block"
"#;

    fn meta(features: &[&str], flags: &[&str]) -> Metadata {
        Metadata {
            features: features.iter().map(|s| s.to_string()).collect(),
            flags: flags.iter().map(|s| s.to_string()).collect(),
            ..Metadata::default()
        }
    }

    #[test]
    fn parses_sections() {
        let list = parse(SAMPLE).expect("parses");
        assert_eq!(
            list.features["IsHTMLDDA"],
            "host hook $262.IsHTMLDDA not provided yet"
        );
        assert_eq!(list.features["Intl.Locale"], "ECMA-402 # is out of scope");
        assert_eq!(list.paths["intl402"], "ECMA-402");
        assert!(list.flags.contains_key("CanBlockIsFalse"));
    }

    #[test]
    fn reasons() {
        let list = parse(SAMPLE).expect("parses");
        assert_eq!(
            list.reason_for("built-ins/Array/x.js", &meta(&["Symbol"], &[])),
            None
        );
        assert_eq!(
            list.reason_for("annexB/x.js", &meta(&["Symbol", "IsHTMLDDA"], &[])),
            Some("feature IsHTMLDDA: host hook $262.IsHTMLDDA not provided yet".into())
        );
        assert!(list
            .reason_for("intl402/Locale/x.js", &meta(&[], &[]))
            .is_some_and(|r| r.starts_with("path intl402")));
        // Prefixes match whole path components only.
        assert_eq!(list.reason_for("intl4020/x.js", &meta(&[], &[])), None);
        assert!(list
            .reason_for("built-ins/Atomics/x.js", &meta(&[], &["CanBlockIsFalse"]))
            .is_some());
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(
            parse("[features]\nX = \"\"\n"),
            Err("line 2: every skip needs a reason".into())
        );
        assert!(parse("X = \"r\"").is_err_and(|e| e.starts_with("line 1")));
        assert!(parse("[bogus]").is_err());
        assert!(parse("[features]\nX = \"a\"\nX = \"b\"\n").is_err());
        assert!(parse("[features]\nX = unquoted\n").is_err());
    }

    #[test]
    fn the_shipped_skip_file_parses() {
        let text = include_str!("../skip.toml");
        let list = parse(text).expect("skip.toml parses");
        assert!(list.features.contains_key("IsHTMLDDA"));
        assert!(list.paths.contains_key("intl402"));
    }
}
