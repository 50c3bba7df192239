//! Size-class chunks, the free lists, marking and sweeping.
//!
//! Small cells (up to `MAX_SMALL` bytes with their header) live in 256 KiB
//! chunks aligned to their size, one size class per chunk, so any address —
//! including one that points into the middle of a cell — maps to its cell
//! with a mask and a division. That is what lets the conservative stack scan
//! recognise pointers. Larger cells are allocated one by one and kept in an
//! ordered map for the same look-up.
//!
//! The mark bit is bit 0 of the header word (vtables are 8-byte aligned).

use super::{vtable_of, Gc, GcCell, Header, Tracer, VTable, HEADER_SIZE};
use rustc_hash::FxHashMap;
use std::alloc::{alloc, dealloc, Layout};
use std::cell::{Cell, UnsafeCell};
use std::collections::BTreeMap;

const CHUNK_SIZE: usize = 256 * 1024;
const SIZE_CLASSES: [usize; 20] = [
    16, 32, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 512, 640, 768, 1024, 1536, 2048,
];
const MARK_BIT: usize = 1;
/// Collections start once this much has been allocated since the last one…
const MIN_THRESHOLD: usize = 8 * 1024 * 1024;
/// …or 1.5× what survived the last one, if larger. 1.0 collected too often
/// on programs with tens of MiB live (Havlak: 64 collections, a quarter of
/// its time); 2.0 cost up to 40% more peak RSS for a further small gain.
const GROWTH_FACTOR: f64 = 1.5;
/// Wholly empty chunks kept for reuse (by any size class) after a sweep;
/// the rest go back to the allocator, where malloc can reuse the memory
/// for slot and element vectors (a pool sized to the next allocation
/// budget raised Havlak's peak RSS by ~25% for no measurable gain).
const SPARE_CHUNKS: usize = 8;

struct Chunk {
    base: usize,
    cell_size: usize,
    count: usize,
    class: usize,
}

/// The never-used tail of a size class's newest chunk: cells are handed
/// out from `next` up to `end` once the free list is empty. Threading every
/// cell of a fresh chunk onto the free list would touch all its pages (a
/// 256 KiB chunk per size class in use, most of it idle in a small
/// program); bump allocation touches a page only when a cell on it is
/// first used. Cells at or past `next` have never been initialised, so
/// every walk over a chunk stops there (`HeapInner::used_cells`).
#[derive(Clone, Copy, Default)]
struct Bump {
    next: usize,
    end: usize,
}

struct Large {
    size: usize,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct HeapStats {
    pub collections: usize,
    pub live_bytes: usize,
    pub allocated_since_gc: usize,
    pub chunks: usize,
    pub large_objects: usize,
}

pub(crate) struct HeapInner {
    free: UnsafeCell<[usize; SIZE_CLASSES.len()]>,
    bump: UnsafeCell<[Bump; SIZE_CLASSES.len()]>,
    chunks: UnsafeCell<FxHashMap<usize, Chunk>>,
    large: UnsafeCell<BTreeMap<usize, Large>>,
    /// Wholly empty chunks kept for reuse by any size class (at most
    /// `SPARE_CHUNKS`): their pages are already faulted in.
    spare: UnsafeCell<Vec<usize>>,
    allocated_since_gc: Cell<usize>,
    live_after_gc: Cell<usize>,
    threshold: Cell<usize>,
    collections: Cell<usize>,
    /// Set when the allocation budget is spent; the VM collects at its next
    /// safepoint.
    pub(crate) gc_requested: Cell<bool>,
    /// Test mode: request a collection at every safepoint.
    pub(crate) stress: Cell<bool>,
    /// `LODE_GC_TRACE=1`: one line per collection on stderr.
    pub(crate) trace: Cell<bool>,
    /// The heap cap in bytes (0: none); see `set_limit`.
    limit: Cell<usize>,
}

/// Whether the cell with this body address survived marking (weak
/// processing in `Heap::collect`).
pub type IsMarked<'a> = &'a dyn Fn(usize) -> bool;

/// The heap. One per VM; not `Send`.
pub struct Heap {
    pub(crate) inner: Box<HeapInner>,
}

impl Default for Heap {
    fn default() -> Self {
        Heap::new()
    }
}

fn class_for(size: usize) -> Option<usize> {
    SIZE_CLASSES.iter().position(|&c| c >= size)
}

impl Heap {
    pub fn new() -> Heap {
        Heap {
            inner: Box::new(HeapInner {
                free: UnsafeCell::new([0; SIZE_CLASSES.len()]),
                bump: UnsafeCell::new([Bump::default(); SIZE_CLASSES.len()]),
                chunks: UnsafeCell::new(FxHashMap::default()),
                large: UnsafeCell::new(BTreeMap::new()),
                spare: UnsafeCell::new(Vec::new()),
                allocated_since_gc: Cell::new(0),
                live_after_gc: Cell::new(0),
                threshold: Cell::new(MIN_THRESHOLD),
                collections: Cell::new(0),
                gc_requested: Cell::new(false),
                stress: Cell::new(false),
                trace: Cell::new(false),
                limit: Cell::new(0),
            }),
        }
    }

    pub fn stats(&self) -> HeapStats {
        let h = &*self.inner;
        // SAFETY: read-only peeks at maps no one else is mutating right now
        // (the heap is single-threaded and these calls do not re-enter).
        let (chunks, large) = unsafe { ((*h.chunks.get()).len(), (*h.large.get()).len()) };
        HeapStats {
            collections: h.collections.get(),
            live_bytes: h.live_after_gc.get(),
            allocated_since_gc: h.allocated_since_gc.get(),
            chunks,
            large_objects: large,
        }
    }

    /// Should the VM collect at its next safepoint?
    #[inline]
    pub fn wants_collection(&self) -> bool {
        // Stress mode has a zero budget (see `set_stress`), so the
        // safepoint test stays a single load.
        self.inner.gc_requested.get()
    }

    /// Stress mode: collect at every safepoint reached after an
    /// allocation (a zero budget). A safepoint with no allocation since the
    /// last collection is skipped: nothing new could have been freed
    /// there, and loops that do not allocate would otherwise spend all
    /// their time marking an unchanged heap.
    pub fn set_stress(&self, on: bool) {
        let h = &*self.inner;
        h.stress.set(on);
        if on {
            h.threshold.set(0);
            h.gc_requested.set(true);
        } else {
            h.threshold.set(MIN_THRESHOLD.max(h.threshold.get()));
        }
    }

    pub fn set_trace(&self, on: bool) {
        self.inner.trace.set(on)
    }

    /// Bytes in use (live after the last collection plus allocated since).
    pub fn used_bytes(&self) -> usize {
        self.inner.live_after_gc.get() + self.inner.allocated_since_gc.get()
    }

    /// The memory the heap cap is measured against: the thread's net
    /// allocated bytes when the host installed the counting allocator
    /// (`gc::CountingAlloc`: every cell, vector, table and buffer), else
    /// the cells plus the external blocks reported through
    /// `note_external_alloc`.
    pub fn footprint(&self) -> usize {
        super::counting::thread_bytes().unwrap_or_else(|| self.used_bytes())
    }

    /// The heap cap (0: none).
    pub fn limit(&self) -> usize {
        self.inner.limit.get()
    }

    /// Set the heap cap (0: none). The heap requests a collection once the
    /// footprint passes 7/8 of the cap, and again when it passes the cap,
    /// so that the VM's check after that collection (`Vm::safepoint`) sees
    /// live data rather than garbage.
    pub fn set_limit(&self, bytes: usize) {
        self.inner.limit.set(bytes);
        self.arm_limit();
    }

    /// Point the next collection request at the cap's next threshold:
    /// through the counting allocator's trip when it is installed, else by
    /// lowering the allocation budget.
    fn arm_limit(&self) {
        let h = &*self.inner;
        let limit = h.limit.get();
        if limit == 0 {
            super::counting::disarm(&h.gc_requested);
            return;
        }
        let soft = limit - limit / 8;
        let now = self.footprint();
        let at = if now < soft { soft } else { limit };
        if super::counting::thread_bytes().is_some() {
            super::counting::arm(at, &h.gc_requested);
        } else {
            let room = at.saturating_sub(now).max(1);
            let budget = h.allocated_since_gc.get().saturating_add(room);
            h.threshold.set(h.threshold.get().min(budget));
        }
    }

    /// Count `bytes` held outside the heap on behalf of a cell (an
    /// ArrayBuffer's data block) toward the next collection, so that
    /// garbage buffers are reclaimed before their blocks pile up.
    pub fn note_external_alloc(&self, bytes: usize) {
        let h = &*self.inner;
        h.allocated_since_gc
            .set(h.allocated_since_gc.get().saturating_add(bytes));
        if h.allocated_since_gc.get() > h.threshold.get() {
            h.gc_requested.set(true);
        }
    }

    /// Allocate a cell holding `value`.
    #[inline]
    pub fn alloc<T: GcCell>(&self, value: T) -> Gc<T> {
        const { assert!(std::mem::align_of::<T>() <= 8) };
        let body = self.alloc_raw(HEADER_SIZE + std::mem::size_of::<T>(), vtable_of::<T>());
        // SAFETY: `alloc_raw` returned an exclusive, suitably sized and
        // aligned region for a `T` right after a header naming `T`'s vtable.
        unsafe {
            std::ptr::write(body as *mut T, value);
            Gc::from_addr(body)
        }
    }

    /// Allocate `size` bytes (header included) for a cell whose type is
    /// described by `vtable`; returns the body address, zeroed memory.
    /// The caller must initialise the body before the next safepoint.
    #[inline]
    pub(crate) fn alloc_raw(&self, size: usize, vtable: &'static VTable) -> usize {
        self.inner.alloc_raw(size, vtable)
    }

    /// Run a full collection. `roots` reports the precise roots; `weak` is
    /// called after marking with a predicate telling whether a cell survived,
    /// so weak tables can drop dead entries before they are swept.
    ///
    /// `ephemerons` is called once marking has drained, with the same
    /// predicate (by body address); it may mark more cells (WeakMap values
    /// whose keys are live). Marking then resumes, and the two alternate
    /// until a call marks nothing new.
    pub fn collect(
        &self,
        roots: &mut dyn FnMut(&mut Tracer),
        ephemerons: &mut dyn FnMut(&mut Tracer, IsMarked<'_>),
        weak: &mut dyn FnMut(IsMarked<'_>),
    ) {
        let h = &*self.inner;
        let started = h.trace.get().then(std::time::Instant::now);
        let mut tracer = Tracer {
            stack: Vec::with_capacity(256),
            heap: h as *const HeapInner,
        };
        roots(&mut tracer);
        super::stack::scan_native_stack(&mut |word| {
            if let Some(a) = crate::value::Value::maybe_heap_addr_of_bits(word as u64) {
                h.mark_conservative(a, &mut tracer.stack);
            }
            h.mark_conservative(word, &mut tracer.stack);
        });
        loop {
            while let Some(cell) = tracer.stack.pop() {
                // SAFETY: only allocated cells are pushed; their vtable (with the
                // mark bit masked off) is valid and the body follows the header.
                unsafe {
                    let vt = ((*cell).vtable as usize & !MARK_BIT) as *const VTable;
                    ((*vt).trace)((cell as usize + HEADER_SIZE) as *const u8, &mut tracer);
                }
            }
            ephemerons(&mut tracer, &|body: usize| h.is_marked(body - HEADER_SIZE));
            if tracer.stack.is_empty() {
                break;
            }
        }
        weak(&|body: usize| h.is_marked(body - HEADER_SIZE));
        let live = self.sweep();
        h.collections.set(h.collections.get() + 1);
        h.live_after_gc.set(live);
        h.allocated_since_gc.set(0);
        h.gc_requested.set(false);
        let next = ((live as f64) * GROWTH_FACTOR) as usize;
        h.threshold.set(if h.stress.get() {
            0
        } else {
            next.max(MIN_THRESHOLD)
        });
        self.trim_spare();
        self.arm_limit();
        if let Some(t0) = started {
            // SAFETY: read-only peeks (single-threaded, no re-entry).
            let (chunks, spare) = unsafe { ((*h.chunks.get()).len(), (*h.spare.get()).len()) };
            eprintln!(
                "gc #{}: live {} KiB, next after {} KiB, {} chunks + {} spare, {:.2} ms",
                h.collections.get(),
                live / 1024,
                h.threshold.get() / 1024,
                chunks,
                spare,
                t0.elapsed().as_secs_f64() * 1e3
            );
        }
    }

    /// Keep at most `SPARE_CHUNKS` empty chunks; give the rest back.
    fn trim_spare(&self) {
        let h = &*self.inner;
        // SAFETY: single-threaded; no other reference to the list is live.
        let spare = unsafe { &mut *h.spare.get() };
        let keep = SPARE_CHUNKS;
        while spare.len() > keep {
            let Some(base) = spare.pop() else { break };
            let layout = Layout::from_size_align(CHUNK_SIZE, CHUNK_SIZE).expect("chunk layout");
            // SAFETY: every cell of a spare chunk is free (dropped in the
            // sweep); the chunk was allocated with this layout.
            unsafe { dealloc(base as *mut u8, layout) };
        }
    }

    fn sweep(&self) -> usize {
        let h = &*self.inner;
        // SAFETY: single-threaded; the collector owns the heap structures
        // for the duration of the sweep and no `Gc` to a dead cell is
        // dereferenced (unreachable by definition).
        let free = unsafe { &mut *h.free.get() };
        let chunks = unsafe { &mut *h.chunks.get() };
        let large = unsafe { &mut *h.large.get() };
        *free = [0; SIZE_CLASSES.len()];
        let mut live = 0usize;
        let mut empty_chunks = Vec::new();
        for chunk in chunks.values() {
            let mut chunk_live = 0;
            // Free cells go straight onto the class's free list, walking
            // the chunk backwards so the list runs in address order; if
            // the chunk turns out empty the list head is put back. Cells
            // past a bump chunk's frontier were never handed out.
            let head_before = free[chunk.class];
            let mut head = head_before;
            for i in (0..h.used_cells(chunk)).rev() {
                let cell = chunk.base + i * chunk.cell_size;
                // SAFETY: `cell` is inside this chunk; headers are always
                // initialised (null when free). A free cell's second word
                // holds the next free cell.
                unsafe {
                    let hdr = cell as *mut Header;
                    let vt = (*hdr).vtable as usize;
                    if vt & MARK_BIT != 0 {
                        (*hdr).vtable = (vt & !MARK_BIT) as *const VTable;
                        chunk_live += 1;
                        continue;
                    }
                    if vt != 0 {
                        ((*(vt as *const VTable)).drop)((cell + HEADER_SIZE) as *mut u8);
                        (*hdr).vtable = std::ptr::null();
                    }
                    *((cell + HEADER_SIZE) as *mut usize) = head;
                    head = cell;
                }
            }
            live += chunk_live * chunk.cell_size;
            if chunk_live == 0 {
                // Wholly empty: hand it to the spare pool (any class).
                empty_chunks.push(chunk.base);
                free[chunk.class] = head_before;
                if h.is_bump_chunk(chunk) {
                    // SAFETY: single-threaded access to the bump array.
                    unsafe { (*h.bump.get())[chunk.class] = Bump::default() };
                }
            } else {
                free[chunk.class] = head;
            }
        }
        // SAFETY: single-threaded access to the spare list.
        let spare = unsafe { &mut *h.spare.get() };
        for base in empty_chunks {
            chunks.remove(&base);
            spare.push(base);
        }
        let mut dead = Vec::new();
        for (&p, l) in large.iter() {
            // SAFETY: `p` is a live large cell with an initialised header.
            unsafe {
                let hdr = p as *mut Header;
                let vt = (*hdr).vtable as usize;
                if vt & MARK_BIT != 0 {
                    (*hdr).vtable = (vt & !MARK_BIT) as *const VTable;
                    live += l.size;
                } else {
                    ((*(vt as *const VTable)).drop)((p + HEADER_SIZE) as *mut u8);
                    dead.push((p, l.size));
                }
            }
        }
        for (p, size) in dead {
            large.remove(&p);
            let layout = Layout::from_size_align(size, 16).expect("large layout");
            // SAFETY: allocated in `alloc_large` with this layout; dropped above.
            unsafe { dealloc(p as *mut u8, layout) };
        }
        live
    }
}

impl HeapInner {
    /// Allocate `size` bytes (header included) for a cell whose type is
    /// described by `vtable`; returns the body address, zeroed memory.
    /// The caller must initialise the body before the next safepoint.
    pub(crate) fn alloc_raw(&self, size: usize, vtable: &'static VTable) -> usize {
        let h = self;
        let size = (size + 7) & !7;
        h.allocated_since_gc.set(h.allocated_since_gc.get() + size);
        if h.allocated_since_gc.get() > h.threshold.get() {
            h.gc_requested.set(true);
        }
        let cell = match class_for(size) {
            Some(class) => self.alloc_small(class),
            None => self.alloc_large(size),
        };
        // SAFETY: `cell` is a fresh region of at least `size` bytes that
        // nothing else references; we write its header and zero the body.
        unsafe {
            std::ptr::write_bytes(cell as *mut u8, 0, size);
            (*(cell as *mut Header)).vtable = vtable as *const VTable;
        }
        cell + HEADER_SIZE
    }

    fn alloc_small(&self, class: usize) -> usize {
        let h = self;
        // SAFETY: single-threaded; no other reference to the free-list array
        // is live during this call.
        let free = unsafe { &mut *h.free.get() };
        if free[class] != 0 {
            let cell = free[class];
            // SAFETY: a free cell stores the next free cell in its second word.
            free[class] = unsafe { *((cell + HEADER_SIZE) as *const usize) };
            return cell;
        }
        // SAFETY: single-threaded; no other reference to the bump array is
        // live during this call (`new_chunk` is done with it when we read).
        if unsafe { (*h.bump.get())[class].next >= (*h.bump.get())[class].end } {
            self.new_chunk(class);
        }
        // SAFETY: as above.
        let b = unsafe { &mut (*h.bump.get())[class] };
        let cell = b.next;
        b.next += SIZE_CLASSES[class];
        cell
    }

    fn new_chunk(&self, class: usize) {
        let h = self;
        // SAFETY: single-threaded access to the spare-chunk list.
        let base = match unsafe { &mut *h.spare.get() }.pop() {
            Some(b) => b,
            None => {
                let layout = Layout::from_size_align(CHUNK_SIZE, CHUNK_SIZE).expect("chunk layout");
                // SAFETY: non-zero size layout.
                let base = unsafe { alloc(layout) } as usize;
                if base == 0 {
                    std::alloc::handle_alloc_error(layout);
                }
                base
            }
        };
        let cell_size = SIZE_CLASSES[class];
        let count = CHUNK_SIZE / cell_size;
        // The cells are handed out by bump allocation (see `Bump`); the
        // previous bump chunk of this class, if any, is full.
        // SAFETY: single-threaded access to the bump array and chunk map.
        unsafe {
            (*h.bump.get())[class] = Bump {
                next: base,
                end: base + count * cell_size,
            }
        };
        // SAFETY: as above.
        unsafe { &mut *h.chunks.get() }.insert(
            base,
            Chunk {
                base,
                cell_size,
                count,
                class,
            },
        );
    }

    fn alloc_large(&self, size: usize) -> usize {
        let h = self;
        let layout = Layout::from_size_align(size, 16).expect("large layout");
        // SAFETY: non-zero size layout.
        let p = unsafe { alloc(layout) } as usize;
        if p == 0 {
            std::alloc::handle_alloc_error(layout);
        }
        // SAFETY: single-threaded access to the large-object map.
        unsafe { &mut *h.large.get() }.insert(p, Large { size });
        p
    }

    /// Whether `c` is the chunk its size class bump-allocates from.
    fn is_bump_chunk(&self, c: &Chunk) -> bool {
        // SAFETY: single-threaded read of the bump array.
        let b = unsafe { (*self.bump.get())[c.class] };
        b.end == c.base + c.count * c.cell_size
    }

    /// How many cells at the start of `c` have ever been handed out (and so
    /// have an initialised header): all of them, except in the chunk still
    /// being bump-allocated.
    fn used_cells(&self, c: &Chunk) -> usize {
        if self.is_bump_chunk(c) {
            // SAFETY: as in `is_bump_chunk`.
            let b = unsafe { (*self.bump.get())[c.class] };
            (b.next - c.base) / c.cell_size
        } else {
            c.count
        }
    }

    /// Set the mark bit of the cell whose header is at `hdr` (an exact cell
    /// address). Returns true if it was not marked before.
    #[inline]
    pub(crate) fn set_mark_exact(&self, hdr: usize) -> bool {
        // SAFETY: callers pass the header address of an allocated cell
        // (derived from a `Gc` or a boxed `Value` found in a traced cell).
        unsafe {
            let h = hdr as *mut Header;
            let vt = (*h).vtable as usize;
            if vt & MARK_BIT != 0 {
                return false;
            }
            if vt == 0 {
                // A reference to a freed cell: a rooting bug. Never trace
                // through it (that would crash); report it in debug builds.
                debug_assert!(false, "GC: reference to a freed cell at {hdr:#x}");
                if std::env::var_os("LODE_GC_DEBUG").is_some() {
                    eprintln!("GC: reference to a freed cell at {hdr:#x}");
                }
                return false;
            }
            (*h).vtable = (vt | MARK_BIT) as *const VTable;
            true
        }
    }

    /// `set_mark_exact`, and whether the cell must be traced (newly marked
    /// and not a leaf type).
    #[inline]
    pub(crate) fn set_mark_traceable(&self, hdr: usize) -> bool {
        if !self.set_mark_exact(hdr) {
            return false;
        }
        // SAFETY: `set_mark_exact` just found a valid vtable in this header
        // (now with the mark bit set, masked off here).
        unsafe {
            let vt = ((*(hdr as *const Header)).vtable as usize & !MARK_BIT) as *const VTable;
            !(*vt).leaf
        }
    }

    fn is_marked(&self, hdr: usize) -> bool {
        // SAFETY: `hdr` is the header of a cell that was allocated at the
        // start of this collection (weak tables only hold such cells).
        unsafe { (*(hdr as *const Header)).vtable as usize & MARK_BIT != 0 }
    }

    /// Map an arbitrary word to a cell, if it points into one, and mark it.
    fn mark_conservative(&self, addr: usize, stack: &mut Vec<*const Header>) {
        if addr < 4096 {
            return;
        }
        let base = addr & !(CHUNK_SIZE - 1);
        // SAFETY: single-threaded read of the chunk map during marking.
        let chunks = unsafe { &*self.chunks.get() };
        let hdr = if let Some(c) = chunks.get(&base) {
            let i = (addr - base) / c.cell_size;
            if i >= self.used_cells(c) {
                return;
            }
            base + i * c.cell_size
        } else {
            // SAFETY: as above, for the large-object map.
            let large = unsafe { &*self.large.get() };
            match large.range(..=addr).next_back() {
                Some((&p, l)) if addr < p + l.size => p,
                _ => return,
            }
        };
        // SAFETY: `hdr` is a cell slot inside heap memory we own; free cells
        // have a null header and are skipped.
        let vt = unsafe { (*(hdr as *const Header)).vtable as usize };
        if vt == 0 {
            return;
        }
        if self.set_mark_traceable(hdr) {
            stack.push(hdr as *const Header);
        }
    }
}

impl Drop for Heap {
    fn drop(&mut self) {
        // The counting allocator must not write to this heap's flag again.
        super::counting::disarm(&self.inner.gc_requested);
        // Drop every cell's Rust-side contents, then give the memory back.
        let h = &*self.inner;
        // SAFETY: the heap is being destroyed; no `Gc` into it is used again
        // (the VM owning it is gone).
        let chunks = unsafe { &mut *h.chunks.get() };
        let large = unsafe { &mut *h.large.get() };
        for chunk in chunks.values() {
            for i in 0..h.used_cells(chunk) {
                let cell = chunk.base + i * chunk.cell_size;
                // SAFETY: see above.
                unsafe {
                    let vt = (*(cell as *const Header)).vtable as usize & !MARK_BIT;
                    if vt != 0 {
                        ((*(vt as *const VTable)).drop)((cell + HEADER_SIZE) as *mut u8);
                    }
                }
            }
            let layout = Layout::from_size_align(CHUNK_SIZE, CHUNK_SIZE).expect("chunk layout");
            // SAFETY: allocated with this layout in `new_chunk`.
            unsafe { dealloc(chunk.base as *mut u8, layout) };
        }
        for (&p, l) in large.iter() {
            // SAFETY: see above.
            unsafe {
                let vt = (*(p as *const Header)).vtable as usize & !MARK_BIT;
                ((*(vt as *const VTable)).drop)((p + HEADER_SIZE) as *mut u8);
                dealloc(
                    p as *mut u8,
                    Layout::from_size_align(l.size, 16).expect("large layout"),
                );
            }
        }
        chunks.clear();
        large.clear();
        // SAFETY: spare chunks hold no live cells.
        for base in unsafe { &mut *h.spare.get() }.drain(..) {
            let layout = Layout::from_size_align(CHUNK_SIZE, CHUNK_SIZE).expect("chunk layout");
            // SAFETY: allocated with this layout in `new_chunk`.
            unsafe { dealloc(base as *mut u8, layout) };
        }
    }
}
