//! Fundamental objects: Object, Function, Boolean, Symbol, Error.

pub mod boolean;
pub mod call_site;
pub mod error;
pub mod function;
pub mod object;
pub mod symbol;

use crate::vm::Vm;

pub fn init(vm: &mut Vm) {
    object::init(vm);
    function::init(vm);
    boolean::init(vm);
    symbol::init(vm);
    error::init(vm);
}
