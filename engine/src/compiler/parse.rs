//! The one door to the parser: oxc's parser plus `oxc_semantic` with its
//! syntax-error checks switched on (off by default), so every early error
//! is reported. Replace this file to change parsers.

use super::CompileError;
use oxc_allocator::Allocator;
use oxc_ast::ast::Program;
use oxc_parser::{ParseOptions, Parser};
use oxc_semantic::SemanticBuilder;
use oxc_span::SourceType;

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Goal {
    Script,
    Module,
}

fn first_error(diags: &[oxc_diagnostics::OxcDiagnostic]) -> Option<CompileError> {
    let d = diags.first()?;
    let offset = d.labels.first().map(|l| l.offset()).unwrap_or(0);
    Some(CompileError {
        message: d.message.to_string(),
        offset,
    })
}

/// Parse and check `text`. The program borrows from `alloc`.
pub fn parse<'a>(
    alloc: &'a Allocator,
    text: &'a str,
    goal: Goal,
) -> Result<Program<'a>, CompileError> {
    // The parser and the semantic checker recurse without a limit: input
    // too deep for the stack they run on is refused before they see it.
    if let Err(e) = super::depth::check_nesting(text) {
        return Err(CompileError {
            message: e.message.to_string(),
            offset: e.offset,
        });
    }
    let source_type = match goal {
        Goal::Script => SourceType::script(),
        Goal::Module => SourceType::mjs(),
    };
    let options = ParseOptions {
        parse_regular_expression: true,
        ..ParseOptions::default()
    };
    let ret = Parser::new(alloc, text, source_type)
        .with_options(options)
        .parse();
    if let Some(e) = first_error(&ret.diagnostics) {
        return Err(e);
    }
    if ret.panicked {
        return Err(CompileError {
            message: "Unexpected token".into(),
            offset: 0,
        });
    }
    let program = ret.program;
    let sem = SemanticBuilder::new()
        .with_check_syntax_error(true)
        .build(&program);
    if let Some(e) = first_error(&sem.diagnostics) {
        return Err(e);
    }
    Ok(program)
}
