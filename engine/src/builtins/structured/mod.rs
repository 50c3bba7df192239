//! Structured data: ArrayBuffer, SharedArrayBuffer, DataView, Atomics
//! (and JSON). See builtins/mod.rs for the chapter layout.

pub mod array_buffer;
pub mod atomics;
pub mod data_view;
pub mod json;
pub mod shared_array_buffer;
pub mod shared_block;

use crate::vm::Vm;

pub fn init(vm: &mut Vm) {
    array_buffer::init(vm);
    shared_array_buffer::init(vm);
    data_view::init(vm);
    atomics::init(vm);
    json::init(vm);
}

/// DetachArrayBuffer (#sec-detacharraybuffer) with an undefined key: the
/// test262 host hook `$262.detachArrayBuffer`.
pub fn detach_array_buffer(vm: &mut Vm, v: crate::value::Value) -> crate::vm::JsResult<()> {
    array_buffer::detach(vm, v, crate::value::Value::UNDEFINED)
}
