//! Indexed collections: Array, array iterators, typed arrays.

pub mod array;
pub mod array_iterator;
pub mod typed_array;

use crate::vm::Vm;

pub fn init(vm: &mut Vm) {
    array::init(vm);
    array_iterator::init(vm);
    typed_array::init(vm);
}
