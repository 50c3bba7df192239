//! Finding the test files a run covers and reading their metadata.

use crate::frontmatter::{self, Metadata};
use crate::selection::{is_staging, normalize_rel, Selection};
use std::io;
use std::path::{Path, PathBuf};
use std::thread;

/// A test file and its parsed metadata.
#[derive(Clone, Debug)]
pub struct TestFile {
    /// Relative to `test/`, `/`-separated: the name used in results,
    /// expectations and reports.
    pub rel: String,
    pub path: PathBuf,
    /// `Err` when the file cannot be read or its metadata is malformed; the
    /// test is then reported as failed with that message.
    pub meta: Result<Metadata, String>,
}

/// Whether a file is a test: `*.js` and not a module fixture
/// (INTERPRETING.md: `_FIXTURE` files "MUST NOT be interpreted as
/// standalone tests").
pub fn is_test_file(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.ends_with(".js") && !name.contains("_FIXTURE")
}

/// Turns a command-line path (relative to the test262 root, to `test/`, or
/// absolute) into a path relative to `test/`.
pub fn resolve_arg(test262_dir: &Path, arg: &str) -> Result<String, String> {
    let test_dir = test262_dir.join("test");
    let as_path = Path::new(arg);
    let rel = if as_path.is_absolute() {
        let canonical = as_path
            .canonicalize()
            .unwrap_or_else(|_| as_path.to_path_buf());
        let test_canonical = test_dir.canonicalize().unwrap_or_else(|_| test_dir.clone());
        let inner = canonical
            .strip_prefix(&test_canonical)
            .map_err(|_| format!("{arg} is not inside {}", test_dir.display()))?;
        normalize_rel(&inner.to_string_lossy())
    } else {
        normalize_rel(arg)
    };
    if test_dir.join(&rel).exists() {
        Ok(rel)
    } else {
        Err(format!(
            "no such test path: {arg} (looked for {})",
            test_dir.join(&rel).display()
        ))
    }
}

/// Lists the selected tests, sorted by path, with metadata read using
/// `threads` threads.
pub fn discover(
    test262_dir: &Path,
    selection: &Selection,
    threads: usize,
) -> io::Result<Vec<TestFile>> {
    let test_dir = test262_dir.join("test");
    let roots: Vec<String> = if selection.prefixes.is_empty() {
        vec![String::new()]
    } else {
        selection.prefixes.clone()
    };
    let mut rels = Vec::new();
    for root in &roots {
        let include_staging = is_staging(root) && !root.is_empty();
        let mut found = Vec::new();
        walk(&test_dir, root, &mut found)?;
        rels.extend(found.into_iter().filter(|rel| {
            is_test_file(rel)
                && (include_staging || !is_staging(rel))
                && selection.matches_path(rel)
        }));
    }
    rels.sort();
    rels.dedup();

    let mut tests = read_all(&test_dir, rels, threads);
    tests.retain(|t| t.meta.as_ref().map_or(true, |m| selection.matches_meta(m)));
    Ok(tests)
}

/// Collects `rel` (a file) or every file below it, relative to `test_dir`.
fn walk(test_dir: &Path, rel: &str, out: &mut Vec<String>) -> io::Result<()> {
    let path = test_dir.join(rel);
    let meta = std::fs::metadata(&path)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    if !meta.is_dir() {
        out.push(rel.to_string());
        return Ok(());
    }
    for entry in std::fs::read_dir(&path)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let child = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        if entry.file_type()?.is_dir() {
            walk(test_dir, &child, out)?;
        } else {
            out.push(child);
        }
    }
    Ok(())
}

fn read_all(test_dir: &Path, rels: Vec<String>, threads: usize) -> Vec<TestFile> {
    let threads = threads.max(1);
    let chunk = rels.len().div_ceil(threads).max(1);
    thread::scope(|scope| {
        let handles: Vec<_> = rels
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|rel| read_one(test_dir, rel))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

fn read_one(test_dir: &Path, rel: &str) -> TestFile {
    let path = test_dir.join(rel);
    let meta = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
        .and_then(|source| {
            frontmatter::parse_test(&source).map_err(|e| format!("bad metadata: {e}"))
        });
    TestFile {
        rel: rel.to_string(),
        path,
        meta,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures_and_non_js_files_are_not_tests() {
        assert!(is_test_file(
            "language/module-code/eval-gtbndng-indirect-update.js"
        ));
        assert!(!is_test_file(
            "language/module-code/instn-iee-bndng-cls_FIXTURE.js"
        ));
        assert!(!is_test_file(
            "language/import/import-attributes/json-value-string_FIXTURE.json"
        ));
        assert!(!is_test_file(
            "language/statements/using/foo-of-forofstatementjs"
        ));
    }
}
