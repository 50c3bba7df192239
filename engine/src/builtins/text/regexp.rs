//! RegExp (#sec-regexp-regular-expression-objects). Not implemented yet:
//! creating a regular expression throws a SyntaxError saying so.

use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(_vm: &mut Vm) {}

/// RegExpCreate(pattern, flags).
pub fn regexp_create(vm: &mut Vm, _pattern: Value, _flags: Value) -> JsResult<Value> {
    Err(vm.syntax_error("RegExp is not implemented yet"))
}
