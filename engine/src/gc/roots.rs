//! Roots that native code holds outside the Rust stack.
//!
//! The conservative stack scan (`stack.rs`) finds the `Value`s and `Gc`s
//! that Rust code keeps in locals, but not what a local *points to*: the
//! elements of a `Vec<Value>` live in the Rust heap, where the collector
//! cannot see them. Every container of JS values that native code builds
//! and keeps while it may call into JavaScript (a getter, a proxy trap, a
//! callback: anything that reaches a safepoint) is therefore one of:
//!
//! - [`RootedVec<T>`] ([`ValueList`], [`KeyList`]): a growable list registered in the VM's [`RootSet`]
//!   for as long as the `RootedVec` lives (RAII), wherever it is kept —
//!   a local, a `Box`, a closure, a future;
//! - [`Rooted`]: one value, the same way (the embedder's `Global` handles);
//!   [`WeakRooted`] names a value without keeping it alive;
//! - a field of a GC cell whose `Trace` reports it (the container's owner
//!   is itself reachable).
//!
//! Plain Rust containers of values (`Vec<Value>`, `Vec<Gc<_>>`,
//! `Vec<PropertyKey>`, …) are rejected outside the allow-list of
//! `engine/gc-roots-allow.txt` by the test command (`engine/tests/gc_roots_lint.rs`).
//!
//! A rooted container is a *strong* root: keeping one inside a GC cell makes
//! everything it holds immortal while the cell lives (and a cycle through it
//! never dies). Cells use traced fields instead.

use super::{Trace, Tracer};
use std::cell::{RefCell, UnsafeCell};
use std::rc::Rc;

/// Something that can be held in a rooted container: a `Copy` value that
/// reports the cells it references.
pub trait RootItem: Trace + Copy + 'static {}
impl<T: Trace + Copy + 'static> RootItem for T {}

/// Storage of one rooted list (shared by its handle and the root set).
///
/// Soundness of the `UnsafeCell`: the only ways to the `Vec` are
/// (a) shared references lent by `RootedVec`'s `Deref` (tied to `&self`),
/// (b) the `&mut self` methods of `RootedVec`, each of which creates a
///     mutable reference for its own duration only and never calls out
///     (no closure, no JavaScript, no collection inside), and
/// (c) the collector's read, which happens inside some call into JavaScript,
///     so never while a (b) reference is alive.
/// Rust's borrow rules on the one `RootedVec` keep (a) and (b) apart.
struct ListData<T>(UnsafeCell<Vec<T>>);

/// Object-safe tracing of a registered list.
trait TraceList {
    fn trace_list(&self, t: &mut Tracer);
}

impl<T: RootItem> TraceList for ListData<T> {
    fn trace_list(&self, t: &mut Tracer) {
        // SAFETY: see `ListData`: no mutable reference is alive during a
        // collection, so a shared read is sound.
        let items = unsafe { &*self.0.get() };
        for x in items {
            x.trace(t);
        }
    }
}

/// The VM's table of native roots. Shared (`Rc`) by every handle, so a
/// handle can release its entry when dropped without access to the VM.
#[derive(Default)]
pub struct RootSet {
    lists: RefCell<Slots<Rc<dyn TraceList>>>,
    values: RefCell<Slots<crate::value::Value>>,
    /// Targets of weak handles: not traced; cleared when their cell dies.
    weak: RefCell<Slots<crate::value::Value>>,
}

/// A slab: entries addressed by index, freed indices reused.
struct Slots<T> {
    entries: Vec<Option<T>>,
    free: Vec<u32>,
}

impl<T> Default for Slots<T> {
    fn default() -> Self {
        Slots {
            entries: Vec::new(),
            free: Vec::new(),
        }
    }
}

impl<T> Slots<T> {
    fn insert(&mut self, x: T) -> u32 {
        if let Some(i) = self.free.pop() {
            self.entries[i as usize] = Some(x);
            return i;
        }
        self.entries.push(Some(x));
        (self.entries.len() - 1) as u32
    }
    fn remove(&mut self, i: u32) {
        if let Some(e) = self.entries.get_mut(i as usize) {
            if e.take().is_some() {
                self.free.push(i);
            }
        }
    }
    fn live(&self) -> usize {
        self.entries.len() - self.free.len()
    }
}

impl RootSet {
    /// Report every registered root.
    pub(crate) fn trace(&self, t: &mut Tracer) {
        // SAFETY: see `TraceList::trace_list`; registration and release
        // (the only writers) never run during a collection.
        if let Ok(lists) = unsafe { self.lists.try_borrow_unguarded() } {
            for l in lists.entries.iter().flatten() {
                l.trace_list(t);
            }
        }
        // SAFETY: as above.
        if let Ok(values) = unsafe { self.values.try_borrow_unguarded() } {
            for v in values.entries.iter().flatten() {
                t.mark_value(*v);
            }
        }
    }

    /// Number of live rooted lists and handles (leak checks in tests).
    pub fn live_roots(&self) -> usize {
        self.lists.borrow().live() + self.values.borrow().live()
    }

    /// After marking: weak handles whose target was not marked now hold
    /// `undefined` (their cell is about to be swept).
    pub(crate) fn sweep_weak(&self, marked: &dyn Fn(usize) -> bool) {
        let mut weak = self.weak.borrow_mut();
        for v in weak.entries.iter_mut().flatten() {
            if v.heap_addr().is_some_and(|a| !marked(a)) {
                *v = crate::value::Value::UNDEFINED;
            }
        }
    }
}

/// A growable list of `T` (values, property keys, objects) that keeps its
/// elements alive until it is dropped. Use it for every list native code
/// builds while it may call into JavaScript.
///
/// Reading goes through `Deref` (`&list[i]`, `list.len()`, `&list` as a
/// slice); changing it through its own methods, none of which takes a
/// closure, so no JavaScript can run while the `Vec` is mutably borrowed.
pub struct RootedVec<T: RootItem> {
    data: Rc<ListData<T>>,
    roots: Rc<RootSet>,
    id: u32,
}

impl<T: RootItem> RootedVec<T> {
    /// An empty list registered in `roots`.
    pub fn new(roots: &Rc<RootSet>) -> Self {
        Self::from_vec(roots, Vec::new())
    }
    /// An empty list with room for `n` elements.
    pub fn with_capacity(roots: &Rc<RootSet>, n: usize) -> Self {
        Self::from_vec(roots, Vec::with_capacity(n))
    }
    /// Take ownership of `items` and root them. The caller must not have
    /// passed a safepoint since `items` was filled.
    pub fn from_vec(roots: &Rc<RootSet>, items: Vec<T>) -> Self {
        let data: Rc<ListData<T>> = Rc::new(ListData(UnsafeCell::new(items)));
        let dyn_data: Rc<dyn TraceList> = data.clone();
        let id = roots.lists.borrow_mut().insert(dyn_data);
        RootedVec {
            data,
            roots: roots.clone(),
            id,
        }
    }
    #[inline]
    fn vec_mut(&mut self) -> &mut Vec<T> {
        // SAFETY: `&mut self` excludes every `Deref` borrow of this list;
        // the reference lives only inside one of the methods below, none of
        // which calls out (see `ListData`).
        unsafe { &mut *self.data.0.get() }
    }
    #[inline]
    pub fn push(&mut self, x: T) {
        self.vec_mut().push(x)
    }
    #[inline]
    pub fn pop(&mut self) -> Option<T> {
        self.vec_mut().pop()
    }
    #[inline]
    pub fn set(&mut self, i: usize, x: T) {
        self.vec_mut()[i] = x
    }
    pub fn truncate(&mut self, n: usize) {
        self.vec_mut().truncate(n)
    }
    pub fn clear(&mut self) {
        self.vec_mut().clear()
    }
    pub fn extend_from_slice(&mut self, xs: &[T]) {
        self.vec_mut().extend_from_slice(xs)
    }
    pub fn insert(&mut self, i: usize, x: T) {
        self.vec_mut().insert(i, x)
    }
    pub fn remove(&mut self, i: usize) -> T {
        self.vec_mut().remove(i)
    }
    pub fn reverse(&mut self) {
        self.vec_mut().reverse()
    }
    pub fn swap(&mut self, a: usize, b: usize) {
        self.vec_mut().swap(a, b)
    }
    pub fn reserve(&mut self, n: usize) {
        self.vec_mut().reserve(n)
    }
    /// Iterate by index, copying each element.
    pub fn iter(&self) -> std::iter::Copied<std::slice::Iter<'_, T>> {
        let v: &Vec<T> = self;
        v.iter().copied()
    }
}

impl<T: RootItem> std::ops::Deref for RootedVec<T> {
    type Target = Vec<T>;
    #[inline]
    fn deref(&self) -> &Vec<T> {
        // SAFETY: see `ListData`: mutation needs `&mut self`, which this
        // shared borrow excludes.
        unsafe { &*self.data.0.get() }
    }
}

impl<T: RootItem> Drop for RootedVec<T> {
    fn drop(&mut self) {
        self.roots.lists.borrow_mut().remove(self.id);
    }
}

impl<T: RootItem + std::fmt::Debug> std::fmt::Debug for RootedVec<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a, T: RootItem> IntoIterator for &'a RootedVec<T> {
    type Item = T;
    type IntoIter = std::iter::Copied<std::slice::Iter<'a, T>>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: RootItem> IntoIterator for RootedVec<T> {
    type Item = T;
    type IntoIter = RootedIntoIter<T>;
    fn into_iter(self) -> RootedIntoIter<T> {
        RootedIntoIter { list: self, i: 0 }
    }
}

/// A consuming iterator: the list stays rooted until iteration ends, so a
/// loop body may call into JavaScript.
pub struct RootedIntoIter<T: RootItem> {
    list: RootedVec<T>,
    i: usize,
}

impl<T: RootItem> Iterator for RootedIntoIter<T> {
    type Item = T;
    fn next(&mut self) -> Option<T> {
        let x = *self.list.get(self.i)?;
        self.i += 1;
        Some(x)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.list.len().saturating_sub(self.i);
        (n, Some(n))
    }
}

/// A rooted list of values.
pub type ValueList = RootedVec<crate::value::Value>;
/// A rooted list of property keys (strings and symbols a getter or a proxy
/// trap could otherwise leave unreachable).
pub type KeyList = RootedVec<crate::object::PropertyKey>;

/// One value kept alive until the handle is dropped: for values that Rust
/// code keeps beyond the stack (closures, queued work, futures, host
/// structures). The embedding API calls it `Global`.
///
/// Creating and dropping one is a slab insert and remove (no VM access is
/// needed to drop it). A handle kept inside a GC cell is a strong root
/// (see the module notes): cells use traced fields instead.
pub struct Rooted {
    roots: Rc<RootSet>,
    id: u32,
}

impl Rooted {
    /// Root `v` in `roots` until the handle is dropped.
    pub fn new(roots: &Rc<RootSet>, v: crate::value::Value) -> Rooted {
        let id = roots.values.borrow_mut().insert(v);
        Rooted {
            roots: roots.clone(),
            id,
        }
    }
    /// The value held.
    pub fn get(&self) -> crate::value::Value {
        self.roots.values.borrow().entries[self.id as usize].unwrap_or_default()
    }
    /// Hold `v` instead.
    pub fn set(&self, v: crate::value::Value) {
        self.roots.values.borrow_mut().entries[self.id as usize] = Some(v);
    }
    /// A weak handle to the same value.
    pub fn downgrade(&self) -> WeakRooted {
        WeakRooted::new(&self.roots, self.get())
    }
}

impl Clone for Rooted {
    fn clone(&self) -> Rooted {
        Rooted::new(&self.roots, self.get())
    }
}

impl Drop for Rooted {
    fn drop(&mut self) {
        self.roots.values.borrow_mut().remove(self.id);
    }
}

/// A handle that names a value without keeping it alive: `get` returns
/// `None` once the collector has freed the value's cell. Primitives that
/// are not heap cells (numbers, booleans, `undefined`, `null`) never die.
pub struct WeakRooted {
    roots: Rc<RootSet>,
    id: u32,
}

impl WeakRooted {
    /// A weak handle to `v` in `roots`.
    pub fn new(roots: &Rc<RootSet>, v: crate::value::Value) -> WeakRooted {
        let id = roots.weak.borrow_mut().insert(v);
        WeakRooted {
            roots: roots.clone(),
            id,
        }
    }

    /// The value, if it is still alive.
    pub fn get(&self) -> Option<crate::value::Value> {
        let v = self.roots.weak.borrow().entries[self.id as usize].unwrap_or_default();
        // A cleared slot holds undefined; a handle made to undefined
        // itself reads as gone too, which is harmless (it has no cell).
        (!v.is_undefined()).then_some(v)
    }

    /// A strong handle to the value, if it is still alive.
    pub fn upgrade(&self) -> Option<Rooted> {
        self.get().map(|v| Rooted::new(&self.roots, v))
    }
}

impl Clone for WeakRooted {
    fn clone(&self) -> WeakRooted {
        let v = self.roots.weak.borrow().entries[self.id as usize].unwrap_or_default();
        WeakRooted::new(&self.roots, v)
    }
}

impl Drop for WeakRooted {
    fn drop(&mut self) {
        self.roots.weak.borrow_mut().remove(self.id);
    }
}
