//! Lode's JavaScript engine.
//!
//! Layers, bottom up: `value` (NaN-boxed values), `gc` (the heap),
//! `string`/`symbol`/`bigint` (primitive cells), `object` (objects, shapes,
//! the essential internal methods), `bytecode` + `compiler` (oxc AST →
//! register bytecode), `interp` (the dispatch loop, calls, generators),
//! `ops` (abstract operations), `builtins` (the standard library), and
//! `api` (the embedding API). See docs/architecture.md.

pub mod api;
pub mod bigint;
pub mod builtins;
pub mod bytecode;
pub mod compiler;
pub mod env;
pub mod function;
pub mod gc;
pub mod host;
pub mod host262;
pub mod interp;
pub mod module;
pub mod object;
pub mod ops;
pub mod realm;
pub mod string;
pub mod symbol;
pub mod value;
pub mod vm;

pub use api::{Engine, JsError};
pub use interp::stack_trace::CallSiteInfo;
pub use value::Value;
pub use vm::{Exception, JsResult, Vm};
