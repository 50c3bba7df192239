//! See builtins/mod.rs for what belongs here. Nothing is implemented yet.

use crate::vm::Vm;

pub fn init(_vm: &mut Vm) {}

/// DetachArrayBuffer (test262 host hook). ArrayBuffer is not implemented yet.
pub fn detach_array_buffer(vm: &mut Vm, _v: crate::value::Value) -> crate::vm::JsResult<()> {
    Err(vm.type_error("ArrayBuffer is not implemented yet"))
}
