//! The insertion-ordered hash table behind Map and Set (#sec-map-objects,
//! #sec-set-objects).
//!
//! Entries live in a `Vec` in insertion order; a deleted entry leaves a
//! tombstone (`None`) so that positions stay stable, and a hash index maps
//! each key to its position. Keys are compared with SameValueZero: they are
//! canonicalised on the way in (-0 becomes +0, integral doubles take the int
//! encoding, NaN is canonical), then hashed by content for strings and
//! BigInts and by bits for everything else (numbers by value, objects and
//! symbols by identity).
//!
//! Iteration (iterators, `forEach`, the Set methods) goes through a
//! [`Cursor`]: a position shared between the walker and the table. When the
//! tombstones outnumber the live entries the table compacts itself and moves
//! every registered cursor to the same logical place, so iteration stays
//! valid while entries are deleted or added (the spec's "the List is
//! preserved" semantics). Cursors whose walker is gone (only the table still
//! holds them) are dropped at the next compaction.

use crate::gc::{Trace, Tracer};
use crate::object::ops::same_value_zero;
use crate::value::Value;
use rustc_hash::FxHashMap;
use std::cell::Cell;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

/// A walker's position in a table (an index into the entry list).
pub type Cursor = Rc<Cell<usize>>;

/// CanonicalizeKeyedCollectionKey, plus one canonical encoding per number so
/// equal numbers hash alike.
pub fn canonicalize(v: Value) -> Value {
    match v.as_number() {
        // -0 and +0 are one key; both take the int encoding.
        Some(n) => Value::number(if n == 0.0 { 0.0 } else { n }),
        None => v,
    }
}

/// A canonicalised key with SameValueZero equality.
#[derive(Clone, Copy)]
struct TableKey(Value);

impl PartialEq for TableKey {
    fn eq(&self, other: &Self) -> bool {
        same_value_zero(self.0, other.0)
    }
}
impl Eq for TableKey {}
impl Hash for TableKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        if let Some(s) = self.0.as_string() {
            state.write_u8(1);
            state.write_u32(s.hash_code());
        } else if let Some(b) = self.0.as_bigint() {
            state.write_u8(2);
            b.value.hash(state);
        } else {
            state.write_u8(0);
            self.0.to_bits().hash(state);
        }
    }
}

/// Fewer tombstones than this never trigger a compaction.
const MIN_COMPACT: usize = 16;

#[derive(Default)]
pub struct KeyedTable {
    entries: Vec<Option<(Value, Value)>>,
    index: FxHashMap<TableKey, usize>,
    cursors: Vec<Cursor>,
    /// Prune abandoned cursors once this many are registered (iterators
    /// dropped before finishing would otherwise pile up).
    prune_at: usize,
}

impl Trace for KeyedTable {
    fn trace(&self, t: &mut Tracer) {
        for (k, v) in self.entries.iter().flatten() {
            t.mark_value(*k);
            t.mark_value(*v);
        }
    }
}

impl KeyedTable {
    pub fn new() -> KeyedTable {
        KeyedTable::default()
    }

    /// Number of live entries (SetDataSize / Map size).
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The value stored under `key` (canonicalised here).
    pub fn get(&self, key: Value) -> Option<Value> {
        let i = *self.index.get(&TableKey(canonicalize(key)))?;
        self.entries.get(i).copied().flatten().map(|(_, v)| v)
    }

    pub fn has(&self, key: Value) -> bool {
        self.index.contains_key(&TableKey(canonicalize(key)))
    }

    /// Insert or overwrite; a new key goes to the end.
    pub fn set(&mut self, key: Value, value: Value) {
        let key = canonicalize(key);
        if let Some(&i) = self.index.get(&TableKey(key)) {
            if let Some(Some(e)) = self.entries.get_mut(i) {
                e.1 = value;
                return;
            }
        }
        self.index.insert(TableKey(key), self.entries.len());
        self.entries.push(Some((key, value)));
    }

    /// Remove `key`; true if it was present.
    pub fn delete(&mut self, key: Value) -> bool {
        let Some(i) = self.index.remove(&TableKey(canonicalize(key))) else {
            return false;
        };
        if let Some(e) = self.entries.get_mut(i) {
            *e = None;
        }
        let dead = self.entries.len() - self.index.len();
        if dead >= MIN_COMPACT && dead > self.index.len() {
            self.compact();
        }
        true
    }

    /// Remove every entry. Walkers continue with whatever is added later.
    pub fn clear(&mut self) {
        self.index.clear();
        for e in self.entries.iter_mut() {
            *e = None;
        }
        self.compact();
    }

    /// The live entries, in order.
    pub fn entries(&self) -> Vec<(Value, Value)> {
        self.entries.iter().flatten().copied().collect()
    }

    /// A new walker starting at the first entry.
    pub fn cursor(&mut self) -> Cursor {
        if self.cursors.len() >= self.prune_at {
            self.cursors.retain(|c| Rc::strong_count(c) > 1);
            self.prune_at = (self.cursors.len() * 2).max(MIN_COMPACT);
        }
        let c = Rc::new(Cell::new(0));
        self.cursors.push(c.clone());
        c
    }

    /// Stop remapping `c` (its walk is over).
    pub fn release(&mut self, c: &Cursor) {
        self.cursors.retain(|x| !Rc::ptr_eq(x, c));
    }

    /// The next live entry at or after the cursor, which moves past it.
    pub fn next(&self, c: &Cursor) -> Option<(Value, Value)> {
        let mut i = c.get();
        while let Some(e) = self.entries.get(i) {
            i += 1;
            if let Some(e) = *e {
                c.set(i);
                return Some(e);
            }
        }
        c.set(i);
        None
    }

    /// Drop the tombstones, moving each cursor to the same logical position
    /// (the number of live entries before it).
    fn compact(&mut self) {
        self.cursors.retain(|c| Rc::strong_count(c) > 1);
        if !self.cursors.is_empty() {
            let mut live_before = Vec::with_capacity(self.entries.len() + 1);
            let mut n = 0;
            live_before.push(0);
            for e in &self.entries {
                if e.is_some() {
                    n += 1;
                }
                live_before.push(n);
            }
            for c in &self.cursors {
                let p = c.get().min(self.entries.len());
                c.set(live_before.get(p).copied().unwrap_or(n));
            }
        }
        self.entries.retain(|e| e.is_some());
        self.index.clear();
        for (i, (k, _)) in self.entries.iter().flatten().enumerate() {
            self.index.insert(TableKey(*k), i);
        }
    }
}
