//! Control abstraction: iterators, generators, promises, async functions.

pub mod async_from_sync;
pub mod async_generator;
pub mod generator;
pub mod iterator;
mod iterator_eager;
mod iterator_helpers;
mod iterator_zip;
pub mod promise;

use crate::vm::Vm;

pub fn init(vm: &mut Vm) {
    iterator::init(vm);
    generator::init(vm);
    promise::init(vm);
    async_generator::init(vm);
    async_from_sync::init(vm);
}
