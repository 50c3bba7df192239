//! Which runs a test needs (INTERPRETING.md, "Strict Mode", `flags`), and
//! how each run's source text is prepared.

use crate::frontmatter::Metadata;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One way of running a test. A test passes only if every mode that
/// [`modes_for`] returns passes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Global code, non-strict, with the harness.
    Sloppy,
    /// Global code with `"use strict";\n` prepended, with the harness.
    Strict,
    /// Module code (never strict-prefixed: modules are strict anyway), with
    /// the harness evaluated as classic scripts first.
    Module,
    /// The `raw` flag: source untouched, no harness, non-strict.
    Raw,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Sloppy => "sloppy",
            Mode::Strict => "strict",
            Mode::Module => "module",
            Mode::Raw => "raw",
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The runs INTERPRETING.md requires for a test with this metadata.
///
/// `module` wins over everything (module code is always strict, and the
/// flag "negates the default requirement to execute the test both in
/// strict mode and in non-strict mode"); then `raw`; then `onlyStrict` /
/// `noStrict`; otherwise both modes. A test carrying both `onlyStrict` and
/// `noStrict` is contradictory; `onlyStrict` is honoured, which matches
/// what test262-harness does.
pub fn modes_for(meta: &Metadata) -> Vec<Mode> {
    if meta.is_module() {
        vec![Mode::Module]
    } else if meta.is_raw() {
        vec![Mode::Raw]
    } else if meta.is_only_strict() {
        vec![Mode::Strict]
    } else if meta.is_no_strict() {
        vec![Mode::Sloppy]
    } else {
        vec![Mode::Sloppy, Mode::Strict]
    }
}

/// The source text handed to the engine for `mode`.
///
/// The strict prefix "must precede any additional text modifications", and
/// it has to be the very first characters of the file for the directive to
/// count, so a leading byte-order mark is dropped rather than left between
/// the directive and the code.
pub fn prepare_source(source: &str, mode: Mode) -> String {
    match mode {
        Mode::Strict => {
            let body = source.strip_prefix('\u{feff}').unwrap_or(source);
            format!("\"use strict\";\n{body}")
        }
        Mode::Sloppy | Mode::Module | Mode::Raw => source.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(flags: &[&str]) -> Metadata {
        Metadata {
            flags: flags.iter().map(|s| s.to_string()).collect(),
            ..Metadata::default()
        }
    }

    #[test]
    fn default_runs_both_modes() {
        assert_eq!(modes_for(&meta(&[])), [Mode::Sloppy, Mode::Strict]);
        assert_eq!(
            modes_for(&meta(&["generated", "async"])),
            [Mode::Sloppy, Mode::Strict]
        );
    }

    #[test]
    fn flags_select_a_single_mode() {
        assert_eq!(modes_for(&meta(&["onlyStrict"])), [Mode::Strict]);
        assert_eq!(modes_for(&meta(&["noStrict"])), [Mode::Sloppy]);
        assert_eq!(modes_for(&meta(&["raw"])), [Mode::Raw]);
        assert_eq!(modes_for(&meta(&["module"])), [Mode::Module]);
        assert_eq!(modes_for(&meta(&["module", "async"])), [Mode::Module]);
    }

    #[test]
    fn strict_prefix_only_in_strict_mode() {
        assert_eq!(prepare_source("x;", Mode::Strict), "\"use strict\";\nx;");
        assert_eq!(
            prepare_source("\u{feff}x;", Mode::Strict),
            "\"use strict\";\nx;"
        );
        for mode in [Mode::Sloppy, Mode::Module, Mode::Raw] {
            assert_eq!(prepare_source("x;", mode), "x;");
        }
    }
}
