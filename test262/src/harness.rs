//! Harness files (INTERPRETING.md, "Test262-Defined Bindings", `includes`,
//! `async`): which ones a run needs, in which order, and a per-worker cache
//! of their contents so each file is read from disk once per worker.

use crate::frontmatter::Metadata;
use crate::modes::Mode;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Harness file names (relative to `harness/`) to evaluate before the test,
/// in order: `assert.js`, `sta.js`, `doneprintHandle.js` for async tests,
/// then the `includes` as written. Raw runs get none. A name listed twice is
/// evaluated once: re-running a file that declares `let`/`const`/`class`
/// bindings at top level would throw a redeclaration error that is the
/// harness's fault, not the engine's.
pub fn prelude_names(meta: &Metadata, mode: Mode) -> Vec<String> {
    if mode == Mode::Raw {
        return Vec::new();
    }
    let mut names: Vec<String> = vec!["assert.js".into(), "sta.js".into()];
    if meta.is_async() {
        names.push("doneprintHandle.js".into());
    }
    for include in &meta.includes {
        if !names.contains(include) {
            names.push(include.clone());
        }
    }
    names
}

/// Contents of harness files, loaded on first use.
pub struct HarnessCache {
    dir: PathBuf,
    files: HashMap<String, Arc<str>>,
}

impl HarnessCache {
    pub fn new(harness_dir: &Path) -> HarnessCache {
        HarnessCache {
            dir: harness_dir.to_path_buf(),
            files: HashMap::new(),
        }
    }

    /// The path a harness file is reported under (stack traces, CLI runs).
    pub fn path_of(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Returns the file's text. Names come from test metadata, so anything
    /// that could escape `harness/` is refused.
    pub fn get(&mut self, name: &str) -> Result<Arc<str>, String> {
        if let Some(text) = self.files.get(name) {
            return Ok(Arc::clone(text));
        }
        if name.is_empty() || name.split(['/', '\\']).any(|part| part == "..") {
            return Err(format!("invalid harness file name `{name}`"));
        }
        let path = self.path_of(name);
        let text: Arc<str> = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read harness file {}: {e}", path.display()))?
            .into();
        self.files.insert(name.to_string(), Arc::clone(&text));
        Ok(text)
    }

    /// `(file name, source)` pairs for the engine's `TestInput::preludes`.
    pub fn preludes(&mut self, names: &[String]) -> Result<Vec<(String, String)>, String> {
        names
            .iter()
            .map(|name| {
                let text = self.get(name)?;
                Ok((self.path_of(name).display().to_string(), text.to_string()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(flags: &[&str], includes: &[&str]) -> Metadata {
        Metadata {
            flags: flags.iter().map(|s| s.to_string()).collect(),
            includes: includes.iter().map(|s| s.to_string()).collect(),
            ..Metadata::default()
        }
    }

    #[test]
    fn assert_and_sta_come_first() {
        let names = prelude_names(&meta(&[], &["compareArray.js"]), Mode::Strict);
        assert_eq!(names, ["assert.js", "sta.js", "compareArray.js"]);
    }

    #[test]
    fn async_adds_doneprint_before_includes() {
        let names = prelude_names(&meta(&["async"], &["asyncHelpers.js"]), Mode::Module);
        assert_eq!(
            names,
            [
                "assert.js",
                "sta.js",
                "doneprintHandle.js",
                "asyncHelpers.js"
            ]
        );
    }

    #[test]
    fn raw_gets_no_harness_and_duplicates_are_dropped() {
        assert!(prelude_names(&meta(&["raw"], &["x.js"]), Mode::Raw).is_empty());
        let names = prelude_names(&meta(&["async"], &["doneprintHandle.js"]), Mode::Sloppy);
        assert_eq!(names, ["assert.js", "sta.js", "doneprintHandle.js"]);
    }

    #[test]
    fn cache_refuses_escaping_names() {
        let mut cache = HarnessCache::new(Path::new("/nonexistent"));
        assert!(cache.get("../secret.js").is_err());
        assert!(cache.get("missing.js").is_err());
    }
}
