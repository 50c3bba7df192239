//! Abstract operations (spec chapter "Abstract Operations") and the
//! semantics of the operators.

pub mod conversion;
pub mod errors;
pub mod operators;
