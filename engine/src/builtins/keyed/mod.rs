//! See builtins/mod.rs for what belongs here. Nothing is implemented yet.

use crate::vm::Vm;

pub fn init(_vm: &mut Vm) {}
