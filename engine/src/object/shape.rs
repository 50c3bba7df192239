//! Shapes (hidden classes): the layout of an object's named properties.
//!
//! A shape lists keys with their attributes in insertion order; key `i`
//! lives in slot `i` of the object. Adding a property follows (or creates) a
//! transition to a child shape, so objects built the same way share a shape
//! and inline caches can key on it. Deleting a property or changing its
//! attributes moves the object to dictionary mode (`object/mod.rs`).

use super::property::{Attrs, PropertyKey};
use crate::gc::{Gc, GcCell, Heap, Trace, Tracer};
use rustc_hash::FxHashMap;
use std::cell::{OnceCell, RefCell};

/// Past this many keys a shape keeps a hash index instead of scanning.
const LINEAR_LIMIT: usize = 8;
/// Objects with more named properties than this go to dictionary mode.
pub const MAX_SHAPED_PROPERTIES: usize = 128;

pub struct Shape {
    keys: Vec<(PropertyKey, Attrs)>,
    /// Key → position, for shapes past `LINEAR_LIMIT` keys; built on the
    /// first look-up (most built-in prototypes' shapes are never searched
    /// by key in a short run: inline caches address slots directly).
    index: OnceCell<FxHashMap<PropertyKey, u32>>,
    transitions: RefCell<FxHashMap<(PropertyKey, u8), Gc<Shape>>>,
}

impl Trace for Shape {
    fn trace(&self, t: &mut Tracer) {
        for (k, _) in &self.keys {
            k.trace(t);
        }
        for s in self.transitions.borrow().values() {
            t.mark(*s);
        }
    }
}
impl GcCell for Shape {
    const NAME: &'static str = "Shape";
}

impl Shape {
    pub fn empty(heap: &Heap) -> Gc<Shape> {
        heap.alloc(Shape {
            keys: Vec::new(),
            index: OnceCell::new(),
            transitions: RefCell::new(FxHashMap::default()),
        })
    }
    #[inline]
    pub fn len(&self) -> usize {
        self.keys.len()
    }
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
    pub fn keys(&self) -> &[(PropertyKey, Attrs)] {
        &self.keys
    }
    #[inline]
    pub fn lookup(&self, key: PropertyKey) -> Option<(u32, Attrs)> {
        if let Some(ix) = self.index.get() {
            return ix.get(&key).map(|&i| (i, self.keys[i as usize].1));
        }
        if self.keys.len() > LINEAR_LIMIT {
            return self.lookup_building_index(key);
        }
        self.keys
            .iter()
            .position(|(k, _)| *k == key)
            .map(|i| (i as u32, self.keys[i].1))
    }
    /// First look-up in a shape past `LINEAR_LIMIT` keys: build its index.
    #[inline(never)]
    fn lookup_building_index(&self, key: PropertyKey) -> Option<(u32, Attrs)> {
        let ix = self.index.get_or_init(|| Self::index_for(&self.keys));
        ix.get(&key).map(|&i| (i, self.keys[i as usize].1))
    }
    /// A shape with exactly `keys`, in order, outside any transition tree
    /// (no parent records it). Used to lay out a built-in object in one go
    /// once its properties are all defined (`JsObject::end_bulk`): adding
    /// them one by one would create and index a shape per property.
    pub fn from_keys(heap: &Heap, keys: Vec<(PropertyKey, Attrs)>) -> Gc<Shape> {
        heap.alloc(Shape {
            keys,
            index: OnceCell::new(),
            transitions: RefCell::new(FxHashMap::default()),
        })
    }
    fn index_for(keys: &[(PropertyKey, Attrs)]) -> FxHashMap<PropertyKey, u32> {
        keys.iter()
            .enumerate()
            .map(|(i, (k, _))| (*k, i as u32))
            .collect()
    }
    /// The shape with `key` added (with `attrs`) after this one's keys.
    pub fn add(this: Gc<Shape>, heap: &Heap, key: PropertyKey, attrs: Attrs) -> Gc<Shape> {
        if let Some(&s) = this.transitions.borrow().get(&(key, attrs.0)) {
            return s;
        }
        let mut keys = Vec::with_capacity(this.keys.len() + 1);
        keys.extend_from_slice(&this.keys);
        keys.push((key, attrs));
        let child = heap.alloc(Shape {
            keys,
            index: OnceCell::new(),
            transitions: RefCell::new(FxHashMap::default()),
        });
        this.transitions.borrow_mut().insert((key, attrs.0), child);
        child
    }
}
