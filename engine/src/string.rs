//! `JsString`: immutable strings with UTF-16 semantics.
//!
//! The characters live inline in the cell, right after this header, as
//! Latin-1 (one byte per code unit) when every unit fits, else as UTF-16.
//! Keeping them inline means a pointer into the characters is a pointer into
//! the cell, which the conservative stack scan recognises.
//!
//! A long concatenation is a *rope* instead (`RopeString`, same header,
//! `ROPE` flag): two halves and no characters, so `s += piece` in a loop
//! costs O(1) per step rather than a copy of `s`. The first read of a
//! rope's characters flattens it: the characters are written once into a
//! new flat string cell, which the rope keeps (and its halves are let go).
//! Every reader goes through `data_ptr`, so the rest of the engine never
//! sees the difference.

use crate::gc::{vtable_of, Gc, GcCell, Heap, HeapInner, Trace, Tracer, HEADER_SIZE};
use hashbrown::HashTable;
use std::cell::Cell;

const TWO_BYTE: u32 = 1;
const INTERNED: u32 = 2;
const HASHED: u32 = 4;
const ROPE: u32 = 8;
/// Concatenations at least this long make a rope rather than a copy.
pub const ROPE_MIN_LENGTH: usize = 256;
/// Strings longer than this are refused with a RangeError (as in V8).
pub const MAX_STRING_LENGTH: usize = (1 << 29) - 24;

#[repr(C)]
pub struct JsString {
    len: u32,
    flags: Cell<u32>,
    hash: Cell<u32>,
    _pad: u32,
    // followed by `len` bytes (Latin-1) or `len` u16s (UTF-16)
}

impl Trace for JsString {
    fn trace(&self, _t: &mut Tracer) {}
}
impl GcCell for JsString {
    const NAME: &'static str = "String";
    const LEAF: bool = true;
}

impl JsString {
    #[inline]
    fn data_ptr(&self) -> *const u8 {
        if self.flags.get() & ROPE != 0 {
            return self.as_rope().flat().data_ptr();
        }
        // SAFETY: the characters follow the header inside the same cell.
        unsafe { (self as *const JsString as *const u8).add(std::mem::size_of::<JsString>()) }
    }
    /// Whether this string is a rope not yet read (tests, diagnostics).
    pub fn is_unflattened_rope(&self) -> bool {
        self.flags.get() & ROPE != 0 && self.as_rope().flat.get().is_none()
    }
    #[inline]
    fn as_rope(&self) -> &RopeString {
        debug_assert!(self.flags.get() & ROPE != 0);
        // SAFETY: a string with the ROPE flag was allocated as a
        // `RopeString`, whose `#[repr(C)]` layout starts with this header.
        unsafe { &*(self as *const JsString as *const RopeString) }
    }
    #[inline]
    pub fn len(&self) -> usize {
        self.len as usize
    }
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    #[inline]
    pub fn is_latin1(&self) -> bool {
        self.flags.get() & TWO_BYTE == 0
    }
    #[inline]
    pub fn is_interned(&self) -> bool {
        self.flags.get() & INTERNED != 0
    }
    /// The characters as Latin-1 bytes, if stored that way.
    #[inline]
    pub fn as_latin1(&self) -> Option<&[u8]> {
        if self.is_latin1() {
            // SAFETY: `len` bytes were written after the header at creation
            // and never change.
            Some(unsafe { std::slice::from_raw_parts(self.data_ptr(), self.len()) })
        } else {
            None
        }
    }
    /// The characters as UTF-16, if stored that way.
    #[inline]
    pub fn as_utf16(&self) -> Option<&[u16]> {
        if self.is_latin1() {
            None
        } else {
            // SAFETY: `len` u16s (2-aligned: the header is 16 bytes) were
            // written at creation and never change.
            Some(unsafe { std::slice::from_raw_parts(self.data_ptr() as *const u16, self.len()) })
        }
    }
    #[inline]
    pub fn code_unit(&self, i: usize) -> u16 {
        match self.as_latin1() {
            Some(b) => b[i] as u16,
            None => self.as_utf16().map_or(0, |u| u[i]),
        }
    }
    pub fn units(&self) -> Units<'_> {
        match self.as_latin1() {
            Some(b) => Units::Latin1(b.iter()),
            None => Units::Utf16(self.as_utf16().unwrap_or(&[]).iter()),
        }
    }
    pub fn to_utf16(&self) -> Vec<u16> {
        self.units().collect()
    }
    /// Lossy conversion (lone surrogates become U+FFFD).
    pub fn to_rust_string(&self) -> String {
        match self.as_latin1() {
            Some(b) => b.iter().map(|&c| c as char).collect(),
            None => String::from_utf16_lossy(self.as_utf16().unwrap_or(&[])),
        }
    }
    pub fn content_eq(&self, other: &JsString) -> bool {
        if self.len != other.len {
            return false;
        }
        match (self.as_latin1(), other.as_latin1()) {
            (Some(a), Some(b)) => a == b,
            _ => self.units().eq(other.units()),
        }
    }
    pub fn eq_str(&self, s: &str) -> bool {
        if s.is_ascii() {
            // ASCII is one code unit per byte in either storage width.
            return match self.as_latin1() {
                Some(b) => b == s.as_bytes(),
                None => self.len() == s.len() && self.units().eq(s.bytes().map(u16::from)),
            };
        }
        self.units().eq(s.encode_utf16())
    }
    pub fn hash_code(&self) -> u32 {
        if self.flags.get() & HASHED != 0 {
            return self.hash.get();
        }
        let h = hash_units(self.units());
        self.hash.set(h);
        self.flags.set(self.flags.get() | HASHED);
        h
    }
    /// If the string is a canonical array index (`"0"`..`"4294967294"`).
    pub fn as_array_index(&self) -> Option<u32> {
        let n = self.len();
        if n == 0 || n > 10 {
            return None;
        }
        let first = self.code_unit(0);
        if first == b'0' as u16 && n > 1 {
            return None;
        }
        let mut v: u64 = 0;
        for u in self.units() {
            if !(b'0' as u16..=b'9' as u16).contains(&u) {
                return None;
            }
            v = v * 10 + (u - b'0' as u16) as u64;
        }
        if v < u32::MAX as u64 {
            Some(v as u32)
        } else {
            None
        }
    }
    pub fn compare(&self, other: &JsString) -> std::cmp::Ordering {
        self.units().cmp(other.units())
    }
}

/// A concatenation kept as its two halves until its characters are read.
#[repr(C)]
pub(crate) struct RopeString {
    head: JsString,
    /// The halves, until flattened (then `None`, so they can be freed).
    left: Cell<Option<Gc<JsString>>>,
    right: Cell<Option<Gc<JsString>>>,
    /// The flat copy, once made.
    flat: Cell<Option<Gc<JsString>>>,
    /// The heap this rope lives in, where its flat copy is allocated. The
    /// heap outlives its cells and does not move (`Heap` boxes it).
    heap: *const HeapInner,
}

impl Trace for RopeString {
    fn trace(&self, t: &mut Tracer) {
        for half in [&self.left, &self.right, &self.flat] {
            if let Some(s) = half.get() {
                t.mark(s);
            }
        }
    }
}
impl GcCell for RopeString {
    const NAME: &'static str = "Rope";
}

impl RopeString {
    /// The flat string with this rope's characters, made on first use.
    /// Allocates, but never collects (collections happen only at
    /// safepoints), so any reader may call it.
    fn flat(&self) -> &JsString {
        if let Some(f) = self.flat.get() {
            // SAFETY: `flat` is traced by this live rope.
            return unsafe { &*(f.addr() as *const JsString) };
        }
        let two_byte = self.head.flags.get() & TWO_BYTE != 0;
        let len = self.head.len();
        // SAFETY: the heap outlives every cell it allocated (see `heap`).
        let heap = unsafe { &*self.heap };
        let f = alloc_string_raw_in(heap, len, two_byte);
        let mut at = 0;
        // Left to right over the leaves, with an explicit stack: ropes built
        // by `s += x` in a loop are as deep as the loop was long.
        let mut todo: Vec<Gc<JsString>> = Vec::new();
        if let (Some(l), Some(r)) = (self.left.get(), self.right.get()) {
            todo.push(r);
            todo.push(l);
        }
        while let Some(s) = todo.pop() {
            if s.flags.get() & ROPE != 0 {
                let rope = s.as_rope();
                match (rope.flat.get(), rope.left.get(), rope.right.get()) {
                    (Some(flat), _, _) => todo.push(flat),
                    (None, Some(l), Some(r)) => {
                        todo.push(r);
                        todo.push(l);
                    }
                    _ => {}
                }
                continue;
            }
            at += copy_units(&s, &f, at, two_byte);
        }
        debug_assert_eq!(at, len);
        self.flat.set(Some(f));
        self.left.set(None);
        self.right.set(None);
        // SAFETY: just stored; traced by this live rope from now on.
        unsafe { &*(f.addr() as *const JsString) }
    }
}

/// Copy the characters of flat string `from` into the fresh string `to`
/// at code-unit offset `at`; returns how many were copied.
fn copy_units(from: &JsString, to: &JsString, at: usize, two_byte: bool) -> usize {
    let n = from.len();
    // SAFETY: `to` is a fresh cell with room for its `len` units in the
    // width `two_byte` names, `at + n <= to.len()` (the rope's length is the
    // sum of its leaves'), and `from` is a different, flat cell.
    unsafe {
        let dst = to.data_ptr() as *mut u8;
        match (from.as_latin1(), two_byte) {
            (Some(b), false) => std::ptr::copy_nonoverlapping(b.as_ptr(), dst.add(at), n),
            (Some(b), true) => {
                let d = (dst as *mut u16).add(at);
                for (i, &c) in b.iter().enumerate() {
                    *d.add(i) = c as u16;
                }
            }
            (None, _) => {
                let u = from.as_utf16().unwrap_or(&[]);
                std::ptr::copy_nonoverlapping(u.as_ptr(), (dst as *mut u16).add(at), n);
            }
        }
    }
    n
}

/// Iterator over a string's UTF-16 code units.
pub enum Units<'a> {
    Latin1(std::slice::Iter<'a, u8>),
    Utf16(std::slice::Iter<'a, u16>),
}
impl Iterator for Units<'_> {
    type Item = u16;
    #[inline]
    fn next(&mut self) -> Option<u16> {
        match self {
            Units::Latin1(i) => i.next().map(|&b| b as u16),
            Units::Utf16(i) => i.next().copied(),
        }
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            Units::Latin1(i) => i.size_hint(),
            Units::Utf16(i) => i.size_hint(),
        }
    }
}
impl DoubleEndedIterator for Units<'_> {
    fn next_back(&mut self) -> Option<u16> {
        match self {
            Units::Latin1(i) => i.next_back().map(|&b| b as u16),
            Units::Utf16(i) => i.next_back().copied(),
        }
    }
}
impl ExactSizeIterator for Units<'_> {}

fn hash_units(units: impl Iterator<Item = u16>) -> u32 {
    // FNV-1a over code units: the same string hashes the same whatever its
    // storage width.
    let mut h: u32 = 0x811c_9dc5;
    for u in units {
        h ^= u as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// A flat string cell of `len` code units, characters zeroed.
fn alloc_string_raw_in(heap: &HeapInner, len: usize, two_byte: bool) -> Gc<JsString> {
    let bytes = if two_byte { len * 2 } else { len };
    let body = heap.alloc_raw(
        HEADER_SIZE + std::mem::size_of::<JsString>() + bytes,
        vtable_of::<JsString>(),
    );
    // SAFETY: `alloc_raw` gave us a zeroed, exclusive region of the right
    // size; we initialise the header fields.
    unsafe {
        std::ptr::write(
            body as *mut JsString,
            JsString {
                len: len as u32,
                flags: Cell::new(if two_byte { TWO_BYTE } else { 0 }),
                hash: Cell::new(0),
                _pad: 0,
            },
        );
        Gc::from_addr(body)
    }
}

impl Heap {
    /// The concatenation of `x` and `y` as a rope (no characters copied).
    /// For results of at least `ROPE_MIN_LENGTH` units; the caller checks
    /// the length limit.
    pub fn alloc_rope(&self, x: Gc<JsString>, y: Gc<JsString>) -> Gc<JsString> {
        let two_byte = !x.is_latin1() || !y.is_latin1();
        let rope = self.alloc(RopeString {
            head: JsString {
                len: (x.len() + y.len()) as u32,
                flags: Cell::new(ROPE | if two_byte { TWO_BYTE } else { 0 }),
                hash: Cell::new(0),
                _pad: 0,
            },
            left: Cell::new(Some(x)),
            right: Cell::new(Some(y)),
            flat: Cell::new(None),
            heap: &*self.inner as *const HeapInner,
        });
        // SAFETY: `RopeString` is `#[repr(C)]` and starts with the header,
        // so the cell is a valid `JsString` to every reader.
        unsafe { Gc::from_addr(rope.addr()) }
    }

    fn alloc_string_raw(&self, len: usize, two_byte: bool) -> Gc<JsString> {
        alloc_string_raw_in(&self.inner, len, two_byte)
    }

    pub fn alloc_latin1(&self, bytes: &[u8]) -> Gc<JsString> {
        let s = self.alloc_string_raw(bytes.len(), false);
        // SAFETY: the new cell has room for exactly `bytes.len()` bytes.
        unsafe {
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), s.data_ptr() as *mut u8, bytes.len())
        };
        s
    }

    /// From UTF-16 units; stored as Latin-1 when every unit fits.
    pub fn alloc_utf16(&self, units: &[u16]) -> Gc<JsString> {
        if units.iter().all(|&u| u < 256) {
            let s = self.alloc_string_raw(units.len(), false);
            let p = s.data_ptr() as *mut u8;
            for (i, &u) in units.iter().enumerate() {
                // SAFETY: i < len, within the cell's character area.
                unsafe { *p.add(i) = u as u8 };
            }
            s
        } else {
            let s = self.alloc_string_raw(units.len(), true);
            // SAFETY: room for `units.len()` u16s, 2-aligned.
            unsafe {
                std::ptr::copy_nonoverlapping(units.as_ptr(), s.data_ptr() as *mut u16, units.len())
            };
            s
        }
    }

    pub fn alloc_str(&self, s: &str) -> Gc<JsString> {
        if s.is_ascii() {
            return self.alloc_latin1(s.as_bytes());
        }
        let units: Vec<u16> = s.encode_utf16().collect();
        self.alloc_utf16(&units)
    }
}

/// The table of interned strings (property keys). Weak: a string only the
/// table references is dropped at the next collection.
///
/// A `HashTable` of the strings themselves, hashed by their cached code-unit
/// hash: no per-entry allocation (realm set-up interns a few thousand
/// names), and the table is sized for them up front.
pub struct Interner {
    table: HashTable<Gc<JsString>>,
}

/// Names interned by one realm's set-up, rounded up: the table then does
/// not rehash while the first realm is built.
const INITIAL_CAPACITY: usize = 2048;

impl Default for Interner {
    fn default() -> Self {
        Interner {
            table: HashTable::with_capacity(INITIAL_CAPACITY),
        }
    }
}

/// Spread the 32-bit FNV hash over 64 bits: the table takes its control
/// bits from the top of the hash.
#[inline]
fn table_hash(h: u32) -> u64 {
    (h as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl Interner {
    /// The interned string with `s`'s contents, interning `s` itself if new.
    pub fn intern(&mut self, s: Gc<JsString>) -> Gc<JsString> {
        if s.is_interned() {
            return s;
        }
        let h = table_hash(s.hash_code());
        if let Some(&found) = self.table.find(h, |e| e.content_eq(&s)) {
            return found;
        }
        s.flags.set(s.flags.get() | INTERNED);
        self.table
            .insert_unique(h, s, |e| table_hash(e.hash_code()));
        s
    }

    pub fn intern_str(&mut self, heap: &Heap, s: &str) -> Gc<JsString> {
        let code = if s.is_ascii() {
            hash_units(s.bytes().map(u16::from))
        } else {
            hash_units(s.encode_utf16())
        };
        let h = table_hash(code);
        if let Some(&found) = self.table.find(h, |e| e.eq_str(s)) {
            return found;
        }
        let js = heap.alloc_str(s);
        js.hash.set(code);
        js.flags.set(js.flags.get() | HASHED | INTERNED);
        self.table
            .insert_unique(h, js, |e| table_hash(e.hash_code()));
        js
    }

    /// Drop entries whose strings did not survive marking.
    pub fn sweep(&mut self, alive: &dyn Fn(usize) -> bool) {
        self.table.retain(|s| alive(s.addr()));
    }
}
