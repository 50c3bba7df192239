//! CreateAsyncFromSyncIterator (#sec-createasyncfromsynciterator): not
//! implemented yet.

use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(_vm: &mut Vm) {}

pub fn create(vm: &mut Vm, _it: Value, _next: Value) -> JsResult<(Value, Value)> {
    Err(vm.type_error("async iteration over a sync iterator is not implemented yet"))
}
