//! The engines under test: where their executables are and what version they are.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace's Cargo.lock, to report the exact versions of the embedded peers.
const CARGO_LOCK: &str = include_str!("../../Cargo.lock");

/// All engine ids, in the order they are run and shown.
pub const ALL_IDS: [&str; 5] = ["lode", "quickjs", "boa", "node", "node-jitless"];

/// The id of the baseline Lode binary given with `--base`.
pub const BASE_ID: &str = "lode-base";

/// One engine: a command that runs a script file given as its last argument.
#[derive(Debug, Clone)]
pub struct Engine {
    /// Short id used in flags and tables (`lode`, `quickjs`, ...).
    pub id: &'static str,
    /// Human-readable name with version.
    pub version: String,
    pub program: PathBuf,
    pub args: Vec<String>,
}

impl Engine {
    /// The command that runs `script` on this engine.
    pub fn command(&self, script: &Path) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.args).arg(script);
        command
    }
}

/// Version of a package as locked in Cargo.lock.
fn locked_version(package: &str) -> Option<String> {
    let mut lines = CARGO_LOCK.lines();
    while let Some(line) = lines.next() {
        if line.trim() == format!("name = \"{package}\"") {
            let version = lines.next()?.trim().strip_prefix("version = \"")?;
            return Some(version.trim_end_matches('"').to_string());
        }
    }
    None
}

/// First line of a command's standard output, if it runs and succeeds.
fn first_line(program: &Path, args: &[&str], dir: Option<&Path>) -> Option<String> {
    let mut command = Command::new(program);
    command.args(args);
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let output = command.output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&output.stdout);
    text.lines().next().map(|l| l.trim().to_string())
}

/// An executable named `name` on PATH.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Finds the engines: Lode and the two runners next to this executable
/// (same target directory and profile), node on PATH.
///
/// Returns the engines found (restricted to `wanted` when given) and a note
/// for each wanted engine that is missing.
pub fn discover(
    bin_dir: &Path,
    workspace: &Path,
    wanted: Option<&[String]>,
) -> (Vec<Engine>, Vec<String>) {
    let mut engines = Vec::new();
    let mut missing = Vec::new();
    let node = on_path("node");
    let node_version = node
        .as_deref()
        .and_then(|n| first_line(n, &["--version"], None))
        .unwrap_or_else(|| "?".to_string());
    for id in ALL_IDS {
        if let Some(wanted) = wanted {
            if !wanted.iter().any(|w| w == id) {
                continue;
            }
        }
        let found = match id {
            "lode" => {
                let program = bin_dir.join("lode");
                program.is_file().then(|| {
                    let commit = first_line(
                        Path::new("git"),
                        &["rev-parse", "--short", "HEAD"],
                        Some(workspace),
                    )
                    .unwrap_or_else(|| "unknown commit".to_string());
                    // Uncommitted changes to the engine make the commit id misleading.
                    let dirty = Command::new("git")
                        .args([
                            "diff", "--quiet", "HEAD", "--", "engine", "jit", "runtime", "crates",
                        ])
                        .current_dir(workspace)
                        .status()
                        .is_ok_and(|s| s.code() == Some(1));
                    let commit = if dirty {
                        format!("{commit}, modified")
                    } else {
                        commit
                    };
                    Engine {
                        id,
                        version: format!("Lode {} ({commit})", env!("CARGO_PKG_VERSION")),
                        program,
                        args: Vec::new(),
                    }
                })
            }
            "quickjs" => {
                let program = bin_dir.join("qjs-run");
                program.is_file().then(|| {
                    let c_version = first_line(&program, &["--version"], None)
                        .unwrap_or_else(|| "?".to_string());
                    let crate_version =
                        locked_version("rquickjs").unwrap_or_else(|| "?".to_string());
                    Engine {
                        id,
                        version: format!("QuickJS-ng {c_version} (rquickjs {crate_version})"),
                        program,
                        args: Vec::new(),
                    }
                })
            }
            "boa" => {
                let program = bin_dir.join("boa-run");
                program.is_file().then(|| Engine {
                    id,
                    version: format!(
                        "Boa {}",
                        locked_version("boa_engine").unwrap_or_else(|| "?".to_string())
                    ),
                    program,
                    args: Vec::new(),
                })
            }
            "node" => node.clone().map(|program| Engine {
                id,
                version: format!("node {node_version} (V8 JIT)"),
                program,
                args: Vec::new(),
            }),
            _ => node.clone().map(|program| Engine {
                id,
                version: format!("node {node_version} --jitless (Ignition interpreter)"),
                program,
                args: vec!["--jitless".to_string()],
            }),
        };
        match found {
            Some(engine) => engines.push(engine),
            None => missing.push(match id {
                "node" | "node-jitless" => format!("{id}: `node` is not on PATH"),
                _ => format!("{id}: no executable in {}", bin_dir.display()),
            }),
        }
    }
    (engines, missing)
}

/// The baseline Lode binary given with `--base`, run beside the current one.
pub fn base(program: &Path) -> Result<Engine, String> {
    if !program.is_file() {
        return Err(format!("--base: {} is not a file", program.display()));
    }
    Ok(Engine {
        id: BASE_ID,
        version: format!("Lode baseline ({})", program.display()),
        program: program.to_path_buf(),
        args: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_has_pinned_peers() {
        assert_eq!(locked_version("boa_engine").as_deref(), Some("0.22.0"));
        assert_eq!(locked_version("rquickjs").as_deref(), Some("0.14.0"));
    }
}
