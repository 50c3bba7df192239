//! Lode's ECMAScript regular-expression engine.
//!
//! `parse` turns a pattern (UTF-16 code units) into a tree, checking the
//! early errors; `compile` turns the tree into bytecode; `exec` runs it with
//! an explicit backtrack stack and a step budget whose check the embedder
//! supplies, so deadlines and interrupts reach a running match.

pub mod class;
pub mod compile;
mod emoji;
pub mod exec;
pub mod parse;
pub mod unicode;

pub use exec::{Captures, ExecError};
pub use parse::Flags;

/// A compiled regular expression.
#[derive(Debug)]
pub struct Regex {
    prog: compile::Program,
    groups: u32,
    names: Vec<(String, Vec<u32>)>,
}

impl Regex {
    /// ParsePattern + CompilePattern. `Err` is the SyntaxError message.
    pub fn new(pattern: &[u16], flags: Flags) -> Result<Regex, String> {
        if flags.unicode && flags.unicode_sets {
            return Err("the u and v flags are mutually exclusive".into());
        }
        let ast = parse::parse(pattern, flags)?;
        let prog = compile::compile(&ast, flags.unicode || flags.unicode_sets);
        Ok(Regex {
            prog,
            groups: ast.groups,
            names: ast.names,
        })
    }

    /// Number of capturing groups (the whole match not counted).
    pub fn group_count(&self) -> usize {
        self.groups as usize
    }

    /// Group names in first-occurrence order with their group numbers
    /// (several for a name used in different alternatives).
    pub fn names(&self) -> &[(String, Vec<u32>)] {
        &self.names
    }

    /// The leftmost match at or after `start` (exactly at `start` when
    /// `sticky`). `check` is called every few thousand steps; returning
    /// false stops the match with `ExecError::Stopped`.
    pub fn find(
        &self,
        input: &[u16],
        start: usize,
        sticky: bool,
        check: &mut dyn FnMut() -> bool,
    ) -> Result<Option<Captures>, ExecError> {
        let mut budget = exec::Budget::new(check);
        exec::find(&self.prog, input, start, sticky, &mut budget)
    }
}
