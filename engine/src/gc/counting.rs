//! A counting global allocator: the heap cap's view of memory outside GC
//! cells.
//!
//! Most of a script's memory is not in cells: array element vectors,
//! property slot vectors, Map/Set tables, string characters built by
//! natives, ArrayBuffer blocks, regexp match state, compiled code. Rather
//! than instrument every place such a vector can grow, a host that wants a
//! tight heap cap installs [`CountingAlloc`] as its `#[global_allocator]`;
//! it keeps, per thread, the bytes allocated minus the bytes freed. A VM
//! owns its thread while it runs (agents are threads with their own VM), so
//! that figure is the VM's footprint, GC chunks included.
//!
//! The allocator also *trips*: once the thread's count passes a threshold
//! the heap arms (`Heap::set_limit`), it raises the heap's collection
//! request, so the next safepoint collects and then enforces the cap. It
//! never fails an allocation: stopping a script is the VM's job, at a point
//! where it can unwind.
//!
//! Without it (an embedder with its own allocator), the cap counts GC cells
//! and the external blocks reported through `Heap::note_external_alloc`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};

/// `System`, counting bytes per thread.
pub struct CountingAlloc;

static INSTALLED: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// Bytes allocated minus bytes freed by this thread. Memory freed by
    /// another thread than the one that allocated it (rare: shared blocks,
    /// messages between agents) makes one count high and the other low.
    static NET: Cell<isize> = const { Cell::new(0) };
    /// When `NET` passes this, `FLAG` is raised (and the trip disarmed).
    static TRIP: Cell<isize> = const { Cell::new(isize::MAX) };
    /// The collection request of the heap that armed the trip.
    static FLAG: Cell<*const Cell<bool>> = const { Cell::new(std::ptr::null()) };
}

#[inline(always)]
fn add(bytes: usize) {
    // `try_with`: the thread's locals may already be gone while a thread
    // exits; those last frees are not counted.
    let _ = NET.try_with(|n| {
        let v = n.get().wrapping_add(bytes as isize);
        n.set(v);
        if v > TRIP.with(Cell::get) {
            trip();
        }
    });
}

#[inline(always)]
fn sub(bytes: usize) {
    let _ = NET.try_with(|n| n.set(n.get().wrapping_sub(bytes as isize)));
}

#[cold]
#[inline(never)]
fn trip() {
    TRIP.with(|t| t.set(isize::MAX));
    let f = FLAG.with(Cell::get);
    if !f.is_null() {
        // SAFETY: `arm` stores the address of a heap's `gc_requested`
        // cell, which lives in a box that outlives the registration (the
        // heap calls `disarm` before it is freed); the heap belongs to this
        // thread, so no other thread writes the cell.
        unsafe { (*f).set(true) };
    }
}

// SAFETY: every method forwards to `System` with the same arguments; the
// counting only touches thread-local cells and never allocates.
unsafe impl GlobalAlloc for CountingAlloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !INSTALLED.load(Ordering::Relaxed) {
            INSTALLED.store(true, Ordering::Relaxed);
        }
        // SAFETY: forwarded contract.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            add(layout.size());
        }
        p
    }
    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded contract.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            add(layout.size());
        }
        p
    }
    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded contract.
        unsafe { System.dealloc(ptr, layout) };
        sub(layout.size());
    }
    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded contract.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            sub(layout.size());
            add(new_size);
        }
        p
    }
}

/// The calling thread's net allocated bytes, when `CountingAlloc` is the
/// global allocator (None otherwise).
pub fn thread_bytes() -> Option<usize> {
    if !INSTALLED.load(Ordering::Relaxed) {
        return None;
    }
    Some(NET.with(Cell::get).max(0) as usize)
}

/// Raise `*flag` once this thread's count passes `at` bytes.
pub(crate) fn arm(at: usize, flag: &Cell<bool>) {
    FLAG.with(|f| f.set(flag as *const Cell<bool>));
    TRIP.with(|t| t.set(at.min(isize::MAX as usize) as isize));
}

/// Forget `flag` if it is the registered one (its heap is going away).
pub(crate) fn disarm(flag: &Cell<bool>) {
    let _ = FLAG.try_with(|f| {
        if std::ptr::eq(f.get(), flag) {
            f.set(std::ptr::null());
            let _ = TRIP.try_with(|t| t.set(isize::MAX));
        }
    });
}
