//! Array.fromAsync (proposal-array-from-async, #sec-array.fromasync).

use crate::function::Args;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

/// Array.fromAsync ( asyncItems [ , mapper [ , thisArg ] ] ).
pub(super) fn from_async(vm: &mut Vm, _this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    Err(vm.type_error("Array.fromAsync is not implemented"))
}
