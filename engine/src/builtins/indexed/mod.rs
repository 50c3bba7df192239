//! Indexed collections: Array, array iterators, typed arrays.

pub mod array;
mod array_from_async;
pub mod array_iterator;
mod array_prototype_access;
mod array_prototype_copying;
mod array_prototype_iteration;
mod array_prototype_mutation;
pub mod typed_array;

use crate::vm::Vm;

pub fn init(vm: &mut Vm) {
    array::init(vm);
    array_iterator::init(vm);
    typed_array::init(vm);
}
