//! Keyed collections (#sec-keyed-collections): Map, Set, their iterators,
//! WeakMap and WeakSet; plus the managed-memory objects WeakRef and
//! FinalizationRegistry (#sec-managing-memory), which share the collector
//! support in `weak.rs`.

pub mod finalization_registry;
pub mod map;
pub mod map_iterator;
pub mod set;
pub mod set_iterator;
pub mod table;
pub mod weak;
pub mod weak_map;
pub mod weak_ref;
pub mod weak_set;

pub use weak::WeakRegistry;

use crate::vm::Vm;

pub fn init(vm: &mut Vm) {
    map::init(vm);
    map_iterator::init(vm);
    set::init(vm);
    set_iterator::init(vm);
    weak_map::init(vm);
    weak_set::init(vm);
    weak_ref::init(vm);
    finalization_registry::init(vm);
}
