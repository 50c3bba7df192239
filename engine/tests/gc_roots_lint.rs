//! The rooting lint (docs/architecture.md, "GC roots").
//!
//! Native code that keeps JS values in a plain Rust container (`Vec<Value>`,
//! `Vec<Gc<_>>`, `Vec<PropertyKey>`, a map of values, …) hides them from
//! the collector; a call into JavaScript while they are held can free them.
//! Such lists must be `gc::RootedVec` (`ValueList`, `KeyList`), or fields of
//! cells whose `Trace` reports them. This test scans `engine/src` for the
//! plain forms and accepts only the occurrences listed, with a reason, in
//! `engine/gc-roots-allow.txt` (exact counts per file and pattern, so a new
//! occurrence in a listed file fails too). `engine/src/gc/` is exempt: it is
//! where the traced containers are built.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The container forms that hide values from the collector.
const PATTERNS: &[&str] = &[
    "Vec<Value>",
    "Vec<Gc<",
    "Vec<PropertyKey>",
    "Vec<(PropertyKey",
    "Vec<(Value",
    "VecDeque<Value>",
    "SmallVec<[Value",
    "Box<[Value]>",
    "Map<Value",
    "Set<Value",
    ", Value>",
    ", Gc<JsObject>>",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable source tree") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Occurrences of `pat` in `code`, not counting `Vec…` forms that are the
/// tail of a longer name (`RootedVec<…>`, `SmallVec<…>`).
fn occurrences(code: &str, pat: &str) -> usize {
    code.match_indices(pat)
        .filter(|(i, _)| {
            !pat.starts_with("Vec")
                || !code[..*i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
        .count()
}

/// (file relative to engine/src, pattern) → occurrences, comments skipped.
fn scan(src: &Path) -> BTreeMap<(String, String), usize> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut found = BTreeMap::new();
    for path in files {
        let rel = path
            .strip_prefix(src)
            .expect("inside src")
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with("gc/") {
            continue;
        }
        let text = fs::read_to_string(&path).expect("readable source file");
        for line in text.lines() {
            let code = line.split("//").next().unwrap_or("");
            for p in PATTERNS {
                let n = occurrences(code, p);
                if n > 0 {
                    *found.entry((rel.clone(), p.to_string())).or_insert(0) += n;
                }
            }
        }
    }
    found
}

/// Lines `path | pattern | count | reason`; `#` starts a comment line.
fn allow_list(path: &Path) -> BTreeMap<(String, String), usize> {
    let text = fs::read_to_string(path).expect("engine/gc-roots-allow.txt");
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('|').map(str::trim).collect();
        assert!(
            fields.len() == 4 && !fields[3].is_empty(),
            "gc-roots-allow.txt:{}: expected `path | pattern | count | reason`",
            i + 1
        );
        let count: usize = fields[2].parse().expect("a count");
        out.insert((fields[0].to_string(), fields[1].to_string()), count);
    }
    out
}

#[test]
fn no_unrooted_value_containers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = scan(&root.join("src"));
    let allowed = allow_list(&root.join("gc-roots-allow.txt"));
    let mut problems = Vec::new();
    for ((file, pat), n) in &found {
        let ok = allowed
            .get(&(file.clone(), pat.clone()))
            .copied()
            .unwrap_or(0);
        if *n > ok {
            problems.push(format!(
                "{file}: {n} × `{pat}` (allowed {ok}): use gc::RootedVec (ValueList, KeyList) \
                 or a traced cell field; if the container never lives across a call into \
                 JavaScript, list it in engine/gc-roots-allow.txt with the reason"
            ));
        }
    }
    for ((file, pat), ok) in &allowed {
        let n = found
            .get(&(file.clone(), pat.clone()))
            .copied()
            .unwrap_or(0);
        if n < *ok {
            problems.push(format!(
                "engine/gc-roots-allow.txt: {file} `{pat}` allows {ok} but {n} remain: lower the count"
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}
