//! Text processing: String and RegExp.

pub mod regexp;
pub mod string;
pub mod string_iterator;
pub mod string_prototype;
pub mod string_prototype_case;
pub mod string_prototype_html;
pub mod string_prototype_regexp;
pub mod string_prototype_search;

use crate::vm::Vm;

pub fn init(vm: &mut Vm) {
    string::init(vm);
    string_iterator::init(vm);
    regexp::init(vm);
}
