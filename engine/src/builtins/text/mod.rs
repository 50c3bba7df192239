//! Text processing: String and RegExp.

pub mod regexp;
pub mod string;
pub mod string_iterator;

use crate::vm::Vm;

pub fn init(vm: &mut Vm) {
    string::init(vm);
    string_iterator::init(vm);
    regexp::init(vm);
}
