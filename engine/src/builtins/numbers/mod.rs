//! Numbers and dates: Number, Math, BigInt, Date.

pub mod bigint;
pub mod date;
pub mod math;
pub mod number;

use crate::vm::Vm;

pub fn init(vm: &mut Vm) {
    number::init(vm);
    math::init(vm);
    bigint::init(vm);
    date::init(vm);
}
