//! Reflection: Reflect and Proxy.

pub mod proxy;
pub mod reflect;

use crate::vm::Vm;

pub fn init(vm: &mut Vm) {
    reflect::init(vm);
    proxy::init(vm);
}
