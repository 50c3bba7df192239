//! Which tests a run covers: path prefixes, `--glob`, `--features`, the CI
//! subset, and the rule that `staging/` only runs when asked for by path.

use crate::frontmatter::Metadata;
use crate::glob::Glob;

/// Normalizes a user- or file-supplied path to the form used everywhere
/// else: relative to `test/`, `/`-separated, no `./`, `test/` or trailing
/// `/`.
pub fn normalize_rel(path: &str) -> String {
    let mut p = path.trim().replace('\\', "/");
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_string();
    }
    if p == "test" {
        p.clear();
    } else if let Some(rest) = p.strip_prefix("test/") {
        p = rest.to_string();
    }
    p.trim_end_matches('/').to_string()
}

/// Whether `rel` is `prefix` or lies under it (whole components only, so
/// `built-ins/Array` does not match `built-ins/ArrayBuffer/...`).
pub fn has_path_prefix(rel: &str, prefix: &str) -> bool {
    prefix.is_empty()
        || rel == prefix
        || rel
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// A subset file (`test262/ci-subset.txt`, `test262/gc-stress-subset.txt`,
/// `--subset FILE`): one path prefix per line; `!prefix` excludes; `#`
/// starts a comment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CiSubset {
    pub include: Vec<String>,
    pub exclude: Vec<String>,
}

impl CiSubset {
    pub fn parse(text: &str) -> CiSubset {
        let mut subset = CiSubset::default();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            match line.strip_prefix('!') {
                Some(excluded) => subset.exclude.push(normalize_rel(excluded)),
                None => subset.include.push(normalize_rel(line)),
            }
        }
        subset
    }

    pub fn contains(&self, rel: &str) -> bool {
        self.include.iter().any(|p| has_path_prefix(rel, p))
            && !self.exclude.iter().any(|p| has_path_prefix(rel, p))
    }
}

#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Relative to `test/`; empty means the whole suite (minus staging).
    pub prefixes: Vec<String>,
    pub glob: Option<Glob>,
    /// Keep tests that use at least one of these features.
    pub features: Vec<String>,
    pub ci_subset: Option<CiSubset>,
}

impl Selection {
    /// A whole-suite run: the only kind that may write the conformance
    /// report, because only it knows every test's status.
    pub fn is_full(&self) -> bool {
        self.prefixes.is_empty()
            && self.glob.is_none()
            && self.features.is_empty()
            && self.ci_subset.is_none()
    }

    /// Filters that only need the path (applied before reading files).
    pub fn matches_path(&self, rel: &str) -> bool {
        self.glob.as_ref().is_none_or(|g| g.matches(rel))
            && self.ci_subset.as_ref().is_none_or(|c| c.contains(rel))
    }

    /// Filters that need the metadata.
    pub fn matches_meta(&self, meta: &Metadata) -> bool {
        self.features.is_empty() || meta.features.iter().any(|f| self.features.contains(f))
    }
}

/// `staging/` is not part of the suite proper (INTERPRETING.md lets hosts
/// run it, but its tests are unstable by design), so it only runs when a
/// path argument points into it.
pub fn is_staging(rel: &str) -> bool {
    has_path_prefix(rel, "staging")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizing() {
        assert_eq!(
            normalize_rel("test/language/expressions/"),
            "language/expressions"
        );
        assert_eq!(normalize_rel("./built-ins/Array"), "built-ins/Array");
        assert_eq!(normalize_rel("test"), "");
        assert_eq!(normalize_rel("intl402\\Locale"), "intl402/Locale");
    }

    #[test]
    fn prefixes_match_whole_components() {
        assert!(has_path_prefix("built-ins/Array/x.js", "built-ins/Array"));
        assert!(has_path_prefix("built-ins/Array", "built-ins/Array"));
        assert!(!has_path_prefix(
            "built-ins/ArrayBuffer/x.js",
            "built-ins/Array"
        ));
        assert!(has_path_prefix("anything", ""));
    }

    #[test]
    fn ci_subset_includes_and_excludes() {
        let subset =
            CiSubset::parse("# c\nlanguage\n!language/expressions/class # big\nbuilt-ins/Array\n");
        assert!(subset.contains("language/statements/if/x.js"));
        assert!(!subset.contains("language/expressions/class/x.js"));
        assert!(subset.contains("built-ins/Array/x.js"));
        assert!(!subset.contains("built-ins/Object/x.js"));
    }

    #[test]
    fn the_shipped_ci_subset_parses() {
        let subset = CiSubset::parse(include_str!("../ci-subset.txt"));
        assert!(!subset.include.is_empty());
    }
}
