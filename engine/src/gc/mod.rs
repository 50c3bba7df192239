//! The garbage-collected heap.
//!
//! Non-moving mark–sweep over size-class chunks (see `heap.rs`). Every cell
//! starts with one header word: a pointer to its type's [`VTable`] (trace and
//! drop). Free cells have a null header.
//!
//! Rooting model (see docs/architecture.md, "GC roots"):
//! - the interpreter's register stack, frames, realms and job queue are
//!   traced precisely;
//! - Rust code's locals are found by scanning the native stack
//!   conservatively (`stack.rs`), so built-ins hold `Value`s and `Gc<T>`s in
//!   locals without ceremony;
//! - a collection only starts at a *safepoint* (function entry, loop
//!   back-edge, explicit `gc()`), never inside an allocation, so native code
//!   that does not call back into JS cannot see a collection at all;
//! - values that native code keeps in Rust-heap containers (lists, closures,
//!   queued work, host state) live in the rooted containers of `roots.rs`
//!   ([`RootedVec`], [`Rooted`]) or in traced fields of cells; the test
//!   command rejects plain `Vec<Value>`-like containers elsewhere.

mod counting;
mod heap;
mod roots;
mod stack;

pub use counting::{thread_bytes, CountingAlloc};
pub(crate) use heap::HeapInner;
pub use heap::{Heap, HeapStats};
pub use roots::{
    KeyList, RootItem, RootSet, Rooted, RootedIntoIter, RootedVec, ValueList, WeakRooted,
};

use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::ptr::NonNull;

/// What a collector needs to know about a cell type.
pub struct VTable {
    pub trace: unsafe fn(*const u8, &mut Tracer),
    pub drop: unsafe fn(*mut u8),
    pub name: &'static str,
    /// The type holds no references (`GcCell::LEAF`): marking sets its bit
    /// and never pushes it on the work list.
    pub leaf: bool,
}

/// Reports the cells and values a cell holds.
pub trait Trace {
    fn trace(&self, tracer: &mut Tracer);
}

/// A type that can live in the GC heap.
pub trait GcCell: Trace + Sized + 'static {
    const NAME: &'static str;
    /// True when `trace` never marks anything (strings, bigints).
    const LEAF: bool = false;
}

/// The header word in front of every cell.
#[repr(C)]
pub(crate) struct Header {
    pub(crate) vtable: *const VTable,
}

pub(crate) const HEADER_SIZE: usize = std::mem::size_of::<Header>();

unsafe fn trace_thunk<T: GcCell>(p: *const u8, t: &mut Tracer) {
    // SAFETY: `p` points at a live, initialised `T` (called by the marker
    // only for allocated cells whose vtable is this one).
    unsafe { (*(p as *const T)).trace(t) }
}

unsafe fn drop_thunk<T: GcCell>(p: *mut u8) {
    // SAFETY: `p` points at a live `T` that the sweeper found unreachable;
    // it is dropped exactly once and its memory is then reused.
    unsafe { std::ptr::drop_in_place(p as *mut T) }
}

pub(crate) fn vtable_of<T: GcCell>() -> &'static VTable {
    const {
        &VTable {
            trace: trace_thunk::<T>,
            drop: drop_thunk::<T>,
            name: T::NAME,
            leaf: T::LEAF,
        }
    }
}

/// A pointer to a cell in the GC heap. `Copy`; compared by identity.
///
/// Holding a `Gc` in a local keeps the cell alive (conservative stack scan);
/// holding one inside another cell keeps it alive if that cell traces it.
pub struct Gc<T> {
    ptr: NonNull<T>,
    _marker: PhantomData<*const T>,
}

impl<T> Clone for Gc<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Gc<T> {}
impl<T> PartialEq for Gc<T> {
    fn eq(&self, other: &Self) -> bool {
        self.ptr == other.ptr
    }
}
impl<T> Eq for Gc<T> {}
impl<T> Hash for Gc<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.ptr.hash(state)
    }
}
impl<T> std::fmt::Debug for Gc<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Gc({:p})", self.ptr)
    }
}

impl<T> Gc<T> {
    /// # Safety
    /// `addr` must be the address of a live cell's body of type `T`.
    #[inline]
    pub(crate) unsafe fn from_addr(addr: usize) -> Gc<T> {
        Gc {
            // SAFETY: live cells are never at address 0.
            ptr: unsafe { NonNull::new_unchecked(addr as *mut T) },
            _marker: PhantomData,
        }
    }
    #[inline]
    pub fn addr(self) -> usize {
        self.ptr.as_ptr() as usize
    }
    #[inline]
    pub fn ptr_eq(a: Gc<T>, b: Gc<T>) -> bool {
        a.ptr == b.ptr
    }
}

impl<T> std::ops::Deref for Gc<T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: a `Gc` is only created for an allocated cell, and a cell
        // reachable from a root (the stack holding this `Gc` is one) is not
        // swept. Cells are never moved. Mutation goes through interior
        // mutability inside `T`.
        unsafe { self.ptr.as_ref() }
    }
}

/// The marker's work list.
pub struct Tracer {
    pub(crate) stack: Vec<*const Header>,
    pub(crate) heap: *const heap::HeapInner,
}

impl Tracer {
    /// Mark a cell reachable.
    #[inline]
    pub fn mark<T>(&mut self, g: Gc<T>) {
        self.mark_addr(g.addr());
    }
    #[inline]
    pub fn mark_value(&mut self, v: crate::value::Value) {
        if let Some(a) = v.heap_addr() {
            self.mark_addr(a);
        }
    }
    #[inline]
    pub fn mark_values(&mut self, vs: &[crate::value::Value]) {
        for v in vs {
            self.mark_value(*v);
        }
    }
    #[inline]
    pub(crate) fn mark_addr(&mut self, body: usize) {
        // SAFETY: `heap` outlives every tracer it creates (tracers live only
        // inside `Heap::collect`).
        let heap = unsafe { &*self.heap };
        if heap.set_mark_traceable(body - HEADER_SIZE) {
            self.stack.push((body - HEADER_SIZE) as *const Header);
        }
    }
}

impl<T: Trace> Trace for Option<T> {
    fn trace(&self, t: &mut Tracer) {
        if let Some(x) = self {
            x.trace(t)
        }
    }
}
impl<T> Trace for Gc<T> {
    fn trace(&self, t: &mut Tracer) {
        t.mark(*self)
    }
}
impl Trace for crate::value::Value {
    fn trace(&self, t: &mut Tracer) {
        t.mark_value(*self)
    }
}
impl<T: Trace> Trace for Vec<T> {
    fn trace(&self, t: &mut Tracer) {
        for x in self {
            x.trace(t)
        }
    }
}
impl<A: Trace, B: Trace> Trace for (A, B) {
    fn trace(&self, t: &mut Tracer) {
        self.0.trace(t);
        self.1.trace(t);
    }
}
impl<T: Trace> Trace for std::cell::Cell<T>
where
    T: Copy,
{
    fn trace(&self, t: &mut Tracer) {
        self.get().trace(t)
    }
}
impl<T: Trace> Trace for std::cell::RefCell<T> {
    fn trace(&self, t: &mut Tracer) {
        // The collector runs only at safepoints, where no borrow is active;
        // a failed borrow would mean a bug, so trace nothing rather than panic.
        if let Ok(b) = self.try_borrow() {
            b.trace(t)
        }
    }
}
