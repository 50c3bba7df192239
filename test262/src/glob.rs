//! A small glob matcher for `--glob`: `*` (within one path component),
//! `**` (across components; `**/` also matches no directory at all), `?`
//! and `[abc]` / `[a-z]` / `[!abc]` classes.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Glob {
    pattern: Vec<char>,
    /// A pattern without `/` is matched against the file name only, so
    /// `--glob '*-strict.js'` finds such files in every directory.
    name_only: bool,
}

impl Glob {
    pub fn new(pattern: &str) -> Glob {
        let pattern = crate::selection::normalize_rel(pattern);
        Glob {
            name_only: !pattern.contains('/'),
            pattern: pattern.chars().collect(),
        }
    }

    /// Matches a path relative to `test/` (`/`-separated).
    pub fn matches(&self, rel: &str) -> bool {
        let subject = if self.name_only {
            rel.rsplit('/').next().unwrap_or(rel)
        } else {
            rel
        };
        let subject: Vec<char> = subject.chars().collect();
        match_here(&self.pattern, &subject)
    }
}

fn match_here(p: &[char], s: &[char]) -> bool {
    match p.first() {
        None => s.is_empty(),
        Some('*') if p.get(1) == Some(&'*') => {
            let rest = &p[2..];
            if let Some(after_slash) = rest.strip_prefix(&['/']) {
                if match_here(after_slash, s) {
                    return true;
                }
            }
            (0..=s.len()).any(|i| match_here(rest, &s[i..]))
        }
        Some('*') => {
            let limit = s.iter().position(|&c| c == '/').unwrap_or(s.len());
            (0..=limit).any(|i| match_here(&p[1..], &s[i..]))
        }
        Some('?') => s.first().is_some_and(|&c| c != '/') && match_here(&p[1..], &s[1..]),
        Some('[') => match (s.first(), class_end(p)) {
            (Some(&c), Some(end)) => {
                c != '/' && class_matches(&p[1..end], c) && match_here(&p[end + 1..], &s[1..])
            }
            // An unclosed `[` is a literal bracket.
            (Some(&c), None) => c == '[' && match_here(&p[1..], &s[1..]),
            (None, _) => false,
        },
        Some(&pc) => s.first() == Some(&pc) && match_here(&p[1..], &s[1..]),
    }
}

/// Index of the `]` closing the class that starts at `p[0] == '['`.
fn class_end(p: &[char]) -> Option<usize> {
    // A `]` right after `[` or `[!` is a member, not the end.
    let first = if p.get(1) == Some(&'!') { 3 } else { 2 };
    (first..p.len()).find(|&i| p[i] == ']')
}

fn class_matches(class: &[char], c: char) -> bool {
    let (negated, class) = match class.split_first() {
        Some(('!', rest)) => (true, rest),
        _ => (false, class),
    };
    let mut found = false;
    let mut i = 0;
    while i < class.len() {
        if i + 2 < class.len() && class[i + 1] == '-' {
            found |= class[i] <= c && c <= class[i + 2];
            i += 3;
        } else {
            found |= class[i] == c;
            i += 1;
        }
    }
    found != negated
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_stays_within_a_component() {
        let g = Glob::new("built-ins/Array/*.js");
        assert!(g.matches("built-ins/Array/length.js"));
        assert!(!g.matches("built-ins/Array/from/x.js"));
    }

    #[test]
    fn double_star_crosses_components() {
        let g = Glob::new("test/built-ins/**/from/*.js");
        assert!(g.matches("built-ins/Array/from/x.js"));
        assert!(g.matches("built-ins/from/x.js"));
        assert!(!g.matches("language/from/x.js"));
        assert!(Glob::new("language/**").matches("language/a/b/c.js"));
    }

    #[test]
    fn name_only_patterns_and_classes() {
        assert!(Glob::new("*-strict*.js").matches("language/a/x-strict-y.js"));
        assert!(Glob::new("S15.?.*").matches("built-ins/S15.1.x"));
        assert!(Glob::new("[a-c]*.js").matches("x/b.js"));
        assert!(!Glob::new("[!a-c]*.js").matches("x/b.js"));
        assert!(Glob::new("[x.js").matches("y/[x.js"));
    }
}
