//! The benchmark programs: `awfy/*.js` and `v8v7/*.js` under the benchmarks folder.

use std::path::{Path, PathBuf};

/// The suites, in the order they are run and shown.
pub const SUITES: [&str; 2] = ["awfy", "v8v7"];

/// One benchmark program.
#[derive(Debug, Clone)]
pub struct Program {
    pub suite: &'static str,
    /// File name without `.js` (e.g. `Bounce`, `richards`).
    pub name: String,
    pub path: PathBuf,
    /// Source size in bytes.
    pub size: u64,
}

impl Program {
    /// Whether `filter` names this program: `name` or `suite/name`.
    pub fn matches(&self, filter: &str) -> bool {
        filter == self.name || filter == format!("{}/{}", self.suite, self.name)
    }
}

/// Lists the programs of every suite, sorted by name within a suite.
pub fn discover(dir: &Path) -> Result<Vec<Program>, String> {
    let mut programs = Vec::new();
    for suite in SUITES {
        let suite_dir = dir.join(suite);
        let entries = std::fs::read_dir(&suite_dir)
            .map_err(|e| format!("cannot read {}: {e}", suite_dir.display()))?;
        let mut found = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot read {}: {e}", suite_dir.display()))?;
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("js") {
                continue;
            }
            let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
            found.push(Program {
                suite,
                name: name.to_string(),
                path: path.clone(),
                size,
            });
        }
        found.sort_by_key(|p| p.name.to_lowercase());
        programs.extend(found);
    }
    if programs.is_empty() {
        return Err(format!("no benchmark programs under {}", dir.display()));
    }
    Ok(programs)
}
