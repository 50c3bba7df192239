//! `JsString`: immutable strings with UTF-16 semantics.
//!
//! The characters live inline in the cell, right after this header, as
//! Latin-1 (one byte per code unit) when every unit fits, else as UTF-16.
//! Keeping them inline means a pointer into the characters is a pointer into
//! the cell, which the conservative stack scan recognises.

use crate::gc::{vtable_of, Gc, GcCell, Heap, Trace, Tracer, HEADER_SIZE};
use hashbrown::HashTable;
use std::cell::Cell;

const TWO_BYTE: u32 = 1;
const INTERNED: u32 = 2;
const HASHED: u32 = 4;
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
        // SAFETY: the characters follow the header inside the same cell.
        unsafe { (self as *const JsString as *const u8).add(std::mem::size_of::<JsString>()) }
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

impl Heap {
    fn alloc_string_raw(&self, len: usize, two_byte: bool) -> Gc<JsString> {
        let bytes = if two_byte { len * 2 } else { len };
        let body = self.alloc_raw(
            HEADER_SIZE + std::mem::size_of::<JsString>() + bytes,
            vtable_of::<JsString>(),
        );
        // SAFETY: `alloc_raw` gave us a zeroed, exclusive region of the
        // right size; we initialise the header fields.
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
