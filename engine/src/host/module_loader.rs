//! A module loader that reads files: relative specifiers resolve against
//! the importing file's directory. The CLI and the test262 host use it;
//! embedders get no file access unless they install it.

use crate::vm::Host;
use std::path::{Path, PathBuf};

#[derive(Default)]
pub struct FsModuleHost;

/// Resolve `specifier` against the file `referrer`.
pub fn resolve_path(specifier: &str, referrer: &str) -> Option<PathBuf> {
    let spec = specifier.strip_prefix("file://").unwrap_or(specifier);
    let p = Path::new(spec);
    if p.is_absolute() {
        return Some(p.to_path_buf());
    }
    if spec.starts_with("./") || spec.starts_with("../") {
        let base = Path::new(referrer).parent().unwrap_or(Path::new("."));
        return Some(base.join(p));
    }
    None
}

/// Collapse `.` and `..` components without touching the file system, so
/// one module has one identity however it is reached.
pub fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

impl Host for FsModuleHost {
    fn load_module(&mut self, specifier: &str, referrer: &str) -> Result<(String, String), String> {
        let Some(path) = resolve_path(specifier, referrer) else {
            return Err(format!(
                "Cannot find module '{specifier}' (bare specifiers need the runtime's resolver)"
            ));
        };
        let path = normalize(&path);
        match std::fs::read_to_string(&path) {
            Ok(src) => Ok((path.display().to_string(), src)),
            Err(e) => Err(format!("Cannot load module '{specifier}': {e}")),
        }
    }
}
