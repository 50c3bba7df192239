//! Detects whether `lode-engine` exports its test262 host yet.
//!
//! The engine is written concurrently with this runner: `engine/src/host262.rs`
//! exists but may not be declared in the engine's `lib.rs` yet. Rather than
//! leaving this crate unbuildable until then, we set `cfg(lode_host262)` when
//! the declaration is present and fall back to a stub (every test fails with
//! "engine has no host262 module") otherwise. Once the engine exports the
//! module for good, this script and `src/engine.rs`'s stub can be deleted.

use std::path::PathBuf;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(lode_host262)");
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let Some(manifest) = manifest else { return };
    let lib = manifest.join("../engine/src/lib.rs");
    println!("cargo::rerun-if-changed={}", lib.display());
    let Ok(text) = std::fs::read_to_string(&lib) else {
        return;
    };
    let exported = text
        .lines()
        .map(str::trim)
        .any(|line| line.starts_with("pub mod host262") && !line.starts_with("pub mod host262_"));
    if exported {
        println!("cargo::rustc-cfg=lode_host262");
    }
}
