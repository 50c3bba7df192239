//! Objects: named properties (shape + slots, or a dictionary), indexed
//! elements kept apart, a prototype, and the class-specific internal data.
//!
//! This module stores and finds properties; it never runs JavaScript.
//! The internal methods that can ([[Get]] with getters, [[Set]] with setters,
//! proxies) take the VM: one table of them per class of object
//! (`methods.rs`; the ordinary ones in `ordinary.rs`, exotic classes next to
//! their code), reached through the entry points in `ops.rs`.

pub mod arguments;
pub mod array;
pub mod class;
pub mod methods;
pub mod ops;
pub mod ordinary;
pub mod property;
pub mod shape;
pub mod string_exotic;

pub use class::{ArrayData, ObjectClass, ObjectData};
pub use methods::InternalMethods;
pub use property::{Accessor, Attrs, OwnProperty, PropertyDescriptor, PropertyKey, Slot};
pub use shape::Shape;

use crate::gc::{Gc, GcCell, Heap, Trace, Tracer};
use crate::value::Value;
use indexmap::IndexMap;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

type FxIndexMap<K, V> = IndexMap<K, V, rustc_hash::FxBuildHasher>;

/// Named-property storage.
pub enum Props {
    Shaped {
        shape: Gc<Shape>,
        slots: Slots,
    },
    /// Boxed: dictionary mode is rare, and inline it would make every
    /// object's `props` larger (see docs/architecture.md).
    Dict(Box<FxIndexMap<PropertyKey, (Value, Attrs)>>),
    /// A built-in object being filled while its realm is set up
    /// (`begin_bulk` … `end_bulk`): keys and values appended in order, found
    /// by a linear scan. Turned into one shape at the end, with the key
    /// vector moved into it, so a property costs one push instead of a
    /// shape transition (or a hash-map insert).
    Bulk {
        keys: Vec<(PropertyKey, Attrs)>,
        slots: Vec<Value>,
    },
}

/// Named-property values of a shaped object. The first few live inside the
/// object itself: no separate allocation for small objects, and a property
/// read touches one cache line less.
pub type Slots = smallvec::SmallVec<[Value; 4]>;

/// Indexed-property storage. Dense elements are plain data properties with
/// default attributes; any other index property forces sparse mode.
pub enum Elements {
    Dense(Vec<Value>),
    Sparse(BTreeMap<u32, (Value, Attrs)>),
}

/// Bumped whenever an object that is some object's prototype changes the
/// layout of its named properties (a key added, removed or its attributes
/// changed) or any object's prototype is replaced. Inline caches that found
/// a property on the prototype chain record it and stay valid while it is
/// unchanged, so a hit checks neither the intermediate prototypes nor the
/// holder. Global (not per VM): extra invalidations are harmless.
static PROTO_EPOCH: AtomicU64 = AtomicU64::new(0);

/// The current prototype-layout epoch (see `PROTO_EPOCH`).
#[inline]
pub fn proto_epoch() -> u64 {
    PROTO_EPOCH.load(Ordering::Relaxed)
}

#[inline]
fn bump_proto_epoch() {
    PROTO_EPOCH.fetch_add(1, Ordering::Relaxed);
}

/// Past this index, writing to a dense array switches it to sparse mode
/// rather than filling the gap with holes.
const MAX_DENSE_GAP: usize = 1024;

pub struct JsObject {
    proto: Cell<Option<Gc<JsObject>>>,
    props: RefCell<Props>,
    elements: RefCell<Elements>,
    extensible: Cell<bool>,
    /// Set once the object is (or was) some object's prototype: from then
    /// on layout changes bump `PROTO_EPOCH`.
    is_proto: Cell<bool>,
    pub class: ObjectClass,
}

impl Trace for JsObject {
    fn trace(&self, t: &mut Tracer) {
        if let Some(p) = self.proto.get() {
            t.mark(p);
        }
        // Unguarded borrows: marking must not write the borrow flags of
        // every live object (that dirtied a cache line per object).
        // SAFETY: the collector runs only at safepoints, where no borrow of
        // these cells is active, and nothing mutates them while the
        // references below are alive (tracing only marks other cells).
        // A borrow that is somehow active makes the read fail: nothing is
        // traced, as with the guarded `try_borrow` before.
        if let Ok(props) = unsafe { self.props.try_borrow_unguarded() } {
            match props {
                Props::Shaped { shape, slots } => {
                    t.mark(*shape);
                    t.mark_values(slots);
                }
                Props::Dict(map) => {
                    for (k, (v, _)) in map.iter() {
                        k.trace(t);
                        t.mark_value(*v);
                    }
                }
                Props::Bulk { keys, slots } => {
                    for (k, _) in keys {
                        k.trace(t);
                    }
                    t.mark_values(slots);
                }
            }
        }
        // SAFETY: as above.
        if let Ok(elements) = unsafe { self.elements.try_borrow_unguarded() } {
            match elements {
                Elements::Dense(v) => t.mark_values(v),
                Elements::Sparse(m) => {
                    for (v, _) in m.values() {
                        t.mark_value(*v);
                    }
                }
            }
        }
        self.class.trace(t);
    }
}
impl GcCell for JsObject {
    const NAME: &'static str = "Object";
}

fn slot_from_stored(v: Value, attrs: Attrs) -> Slot {
    if attrs.is_accessor() {
        // SAFETY: the ACCESSOR bit says this slot holds an `Accessor` cell.
        let acc = unsafe { v.as_cell::<Accessor>() };
        Slot::Accessor {
            get: acc.get.get(),
            set: acc.set.get(),
        }
    } else {
        Slot::Data(v)
    }
}

/// Initial room in a `Props::Bulk` object.
const BULK_CAPACITY: usize = 32;

/// Position of `key` in a `Props::Bulk` key list.
#[inline]
fn bulk_position(keys: &[(PropertyKey, Attrs)], key: PropertyKey) -> Option<usize> {
    keys.iter().position(|(k, _)| *k == key)
}

impl JsObject {
    pub fn new(
        heap: &Heap,
        empty_shape: Gc<Shape>,
        proto: Option<Gc<JsObject>>,
        class: ObjectClass,
    ) -> Gc<JsObject> {
        Self::with_shape(heap, empty_shape, Slots::new(), proto, class)
    }

    /// A new object whose named properties are `slots` laid out by
    /// `shape` (`slots.len() == shape.len()`, data properties only).
    pub fn with_shape(
        heap: &Heap,
        shape: Gc<Shape>,
        slots: impl Into<Slots>,
        proto: Option<Gc<JsObject>>,
        class: ObjectClass,
    ) -> Gc<JsObject> {
        let slots = slots.into();
        debug_assert_eq!(shape.len(), slots.len());
        if let Some(p) = proto {
            p.is_proto.set(true);
        }
        heap.alloc(JsObject {
            proto: Cell::new(proto),
            props: RefCell::new(Props::Shaped { shape, slots }),
            elements: RefCell::new(Elements::Dense(Vec::new())),
            extensible: Cell::new(true),
            is_proto: Cell::new(false),
            class,
        })
    }

    #[inline]
    pub fn proto(&self) -> Option<Gc<JsObject>> {
        self.proto.get()
    }
    #[inline]
    pub fn set_proto_raw(&self, p: Option<Gc<JsObject>>) {
        if let Some(p) = p {
            p.is_proto.set(true);
        }
        // Caches check a receiver's own prototype by identity; only a
        // change further up a chain (a prototype's prototype) needs the
        // epoch.
        if self.is_proto.get() && self.proto.get() != p {
            bump_proto_epoch();
        }
        self.proto.set(p);
    }
    /// Whether the object is some object's prototype (see `PROTO_EPOCH`).
    #[inline]
    pub fn is_proto(&self) -> bool {
        self.is_proto.get()
    }
    #[inline]
    pub fn is_extensible_raw(&self) -> bool {
        self.extensible.get()
    }
    #[inline]
    pub fn set_extensible_raw(&self, e: bool) {
        self.extensible.set(e)
    }

    /// The shape, when the object is not in dictionary mode.
    #[inline]
    pub fn shape(&self) -> Option<Gc<Shape>> {
        // SAFETY: `props` is mutably borrowed only inside `JsObject` methods
        // that never call out while holding the borrow, so no `&mut` to it
        // is live here; the value is copied out before returning.
        match unsafe { &*self.props.as_ptr() } {
            Props::Shaped { shape, .. } => Some(*shape),
            Props::Dict(_) | Props::Bulk { .. } => None,
        }
    }
    /// Read slot `i` (inline-cache fast path; the caller checked the shape).
    #[inline]
    pub fn slot(&self, i: u32) -> Value {
        // SAFETY: as in `shape`.
        match unsafe { &*self.props.as_ptr() } {
            Props::Shaped { slots, .. } => {
                slots.get(i as usize).copied().unwrap_or(Value::UNDEFINED)
            }
            Props::Dict(_) | Props::Bulk { .. } => Value::UNDEFINED,
        }
    }
    #[inline]
    pub fn set_slot(&self, i: u32, v: Value) {
        if let Props::Shaped { slots, .. } = &mut *self.props.borrow_mut() {
            if let Some(s) = slots.get_mut(i as usize) {
                *s = v;
            }
        }
    }

    /// Add a property by following a cached shape transition: the caller
    /// checked that the object has shape `from`, is extensible and is not
    /// a prototype, and that `to` is `from` plus one data property.
    #[inline]
    pub fn add_slot_transition(&self, from: Gc<Shape>, to: Gc<Shape>, v: Value) -> bool {
        if let Props::Shaped { shape, slots } = &mut *self.props.borrow_mut() {
            if *shape == from && slots.len() + 1 == to.len() {
                *shape = to;
                slots.push(v);
                return true;
            }
        }
        false
    }

    /// Position of own named property `key` in the named-property storage
    /// (shape slot or dictionary index), for `data_at_index`.
    pub fn own_index_of(&self, key: PropertyKey) -> Option<u32> {
        match &*self.props.borrow() {
            Props::Shaped { shape, .. } => shape.lookup(key).map(|(i, _)| i),
            Props::Dict(m) => m.get_index_of(&key).map(|i| i as u32),
            Props::Bulk { keys, .. } => bulk_position(keys, key).map(|i| i as u32),
        }
    }

    /// The value of own data property `key` if it is still stored at
    /// position `idx` (see `own_index_of`); None otherwise.
    #[inline]
    pub fn data_at_index(&self, idx: u32, key: PropertyKey) -> Option<Value> {
        // SAFETY: as in `shape`.
        match unsafe { &*self.props.as_ptr() } {
            Props::Shaped { shape, slots } => match shape.keys().get(idx as usize) {
                Some(&(k, a)) if k == key && !a.is_accessor() => slots.get(idx as usize).copied(),
                _ => None,
            },
            Props::Dict(m) => match m.get_index(idx as usize) {
                Some((&k, &(v, a))) if k == key && !a.is_accessor() => Some(v),
                _ => None,
            },
            Props::Bulk { keys, slots } => match keys.get(idx as usize) {
                Some(&(k, a)) if k == key && !a.is_accessor() => slots.get(idx as usize).copied(),
                _ => None,
            },
        }
    }

    // ---- own properties, ordinary storage ----

    /// The stored own property for `key` (elements or named), ignoring
    /// exotic behaviour.
    pub fn get_own_raw(&self, key: PropertyKey) -> Option<OwnProperty> {
        if let PropertyKey::Index(i) = key {
            return match &*self.elements.borrow() {
                Elements::Dense(v) => match v.get(i as usize) {
                    Some(&x) if !x.is_hole() => Some(OwnProperty {
                        slot: Slot::Data(x),
                        attrs: Attrs::DEFAULT,
                    }),
                    _ => None,
                },
                Elements::Sparse(m) => m.get(&i).map(|&(v, a)| OwnProperty {
                    slot: slot_from_stored(v, a),
                    attrs: a,
                }),
            };
        }
        match &*self.props.borrow() {
            Props::Shaped { shape, slots } => shape.lookup(key).map(|(i, a)| OwnProperty {
                slot: slot_from_stored(slots[i as usize], a),
                attrs: a,
            }),
            Props::Dict(m) => m.get(&key).map(|&(v, a)| OwnProperty {
                slot: slot_from_stored(v, a),
                attrs: a,
            }),
            Props::Bulk { keys, slots } => bulk_position(keys, key).map(|i| OwnProperty {
                slot: slot_from_stored(slots[i], keys[i].1),
                attrs: keys[i].1,
            }),
        }
    }

    /// Fast read of an own data property's value (accessors → None).
    #[inline]
    pub fn get_own_data(&self, key: PropertyKey) -> Option<Value> {
        match self.get_own_raw(key) {
            Some(OwnProperty {
                slot: Slot::Data(v),
                ..
            }) => Some(v),
            _ => None,
        }
    }

    /// Create or replace an own property without any validation.
    pub fn define_raw(&self, heap: &Heap, key: PropertyKey, slot: Slot, attrs: Attrs) {
        let (stored, attrs) = match slot {
            Slot::Data(v) => (v, Attrs(attrs.0 & !Attrs::ACCESSOR)),
            Slot::Accessor { get, set } => (
                Value::cell(heap.alloc(Accessor {
                    get: Cell::new(get),
                    set: Cell::new(set),
                })),
                Attrs(attrs.0 | Attrs::ACCESSOR),
            ),
        };
        if let PropertyKey::Index(i) = key {
            self.define_element_raw(i, stored, attrs);
            return;
        }
        let mut props = self.props.borrow_mut();
        match &mut *props {
            Props::Shaped { shape, slots } => {
                let existing = shape.lookup(key);
                if let Some((i, old)) = existing {
                    if old == attrs {
                        slots[i as usize] = stored;
                        return;
                    }
                }
                if self.is_proto.get() {
                    bump_proto_epoch();
                }
                if existing.is_some() {
                    // Attribute change: leave shapes.
                } else if shape.len() < shape::MAX_SHAPED_PROPERTIES {
                    *shape = Shape::add(*shape, heap, key, attrs);
                    slots.push(stored);
                    return;
                }
                let mut map = FxIndexMap::default();
                for (i, (k, a)) in shape.keys().iter().enumerate() {
                    map.insert(*k, (slots[i], *a));
                }
                map.insert(key, (stored, attrs));
                *props = Props::Dict(Box::new(map));
            }
            Props::Dict(m) => {
                if self.is_proto.get() && m.get(&key).is_none_or(|e| e.1 != attrs) {
                    bump_proto_epoch();
                }
                m.insert(key, (stored, attrs));
            }
            Props::Bulk { keys, slots } => {
                let at = bulk_position(keys, key);
                if self.is_proto.get() && at.is_none_or(|i| keys[i].1 != attrs) {
                    bump_proto_epoch();
                }
                match at {
                    // Replaced in place: the key keeps its position.
                    Some(i) => {
                        keys[i].1 = attrs;
                        slots[i] = stored;
                    }
                    None => {
                        keys.push((key, attrs));
                        slots.push(stored);
                    }
                }
            }
        }
    }

    fn define_element_raw(&self, i: u32, stored: Value, attrs: Attrs) {
        let mut els = self.elements.borrow_mut();
        if let Elements::Dense(v) = &mut *els {
            let idx = i as usize;
            if attrs == Attrs::DEFAULT && idx <= v.len() + MAX_DENSE_GAP {
                if idx >= v.len() {
                    v.resize(idx + 1, Value::HOLE);
                }
                v[idx] = stored;
                return;
            }
            let mut m = BTreeMap::new();
            for (j, &x) in v.iter().enumerate() {
                if !x.is_hole() {
                    m.insert(j as u32, (x, Attrs::DEFAULT));
                }
            }
            *els = Elements::Sparse(m);
        }
        if let Elements::Sparse(m) = &mut *els {
            m.insert(i, (stored, attrs));
        }
    }

    /// Remove an own property; true if it existed.
    pub fn delete_raw(&self, key: PropertyKey) -> bool {
        if let PropertyKey::Index(i) = key {
            let mut els = self.elements.borrow_mut();
            return match &mut *els {
                Elements::Dense(v) => {
                    let idx = i as usize;
                    if idx < v.len() && !v[idx].is_hole() {
                        if idx + 1 == v.len() {
                            v.pop();
                            while v.last().is_some_and(|x| x.is_hole()) {
                                v.pop();
                            }
                        } else {
                            v[idx] = Value::HOLE;
                        }
                        true
                    } else {
                        false
                    }
                }
                Elements::Sparse(m) => m.remove(&i).is_some(),
            };
        }
        if self.is_proto.get() {
            bump_proto_epoch();
        }
        let mut props = self.props.borrow_mut();
        match &mut *props {
            Props::Shaped { shape, slots } => {
                if shape.lookup(key).is_none() {
                    return false;
                }
                let mut map = FxIndexMap::default();
                for (i, (k, a)) in shape.keys().iter().enumerate() {
                    if *k != key {
                        map.insert(*k, (slots[i], *a));
                    }
                }
                *props = Props::Dict(Box::new(map));
                true
            }
            Props::Dict(m) => m.shift_remove(&key).is_some(),
            Props::Bulk { keys, slots } => match bulk_position(keys, key) {
                Some(i) => {
                    keys.remove(i);
                    slots.remove(i);
                    true
                }
                None => false,
            },
        }
    }

    /// Own keys in spec order: indices ascending, then strings, then symbols,
    /// each in creation order (ordinary objects only).
    pub fn own_keys_raw(&self) -> Vec<PropertyKey> {
        let mut out = Vec::new();
        match &*self.elements.borrow() {
            Elements::Dense(v) => {
                for (i, x) in v.iter().enumerate() {
                    if !x.is_hole() {
                        out.push(PropertyKey::Index(i as u32));
                    }
                }
            }
            Elements::Sparse(m) => out.extend(m.keys().map(|&i| PropertyKey::Index(i))),
        }
        let props = self.props.borrow();
        let named: Vec<PropertyKey> = match &*props {
            Props::Shaped { shape, .. } => shape.keys().iter().map(|(k, _)| *k).collect(),
            Props::Dict(m) => m.keys().copied().collect(),
            Props::Bulk { keys, .. } => keys.iter().map(|(k, _)| *k).collect(),
        };
        out.extend(named.iter().filter(|k| !k.is_symbol()));
        out.extend(
            named
                .iter()
                .filter(|k| matches!(k, PropertyKey::Symbol(s) if !s.private)),
        );
        out
    }

    /// Bulk definition (realm set-up): switch the named properties to
    /// `Props::Bulk`, where each further definition is an append. Returns
    /// true if the object was shaped, i.e. the caller must call `end_bulk`
    /// on it once done. (An object already in a dictionary stays there.)
    pub fn begin_bulk(&self) -> bool {
        let mut props = self.props.borrow_mut();
        let Props::Shaped { shape, slots } = &mut *props else {
            return false;
        };
        // Room up front — growing both vectors one doubling at a time cost
        // more than the appends: a fresh object is usually a prototype or
        // namespace about to get many methods, a function a constructor
        // about to get `prototype` and a few statics.
        let cap = if shape.is_empty() {
            BULK_CAPACITY
        } else {
            shape.len() + 8
        };
        let mut keys = Vec::with_capacity(cap);
        keys.extend_from_slice(shape.keys());
        let mut values = Vec::with_capacity(cap);
        values.extend(slots.drain(..));
        *props = Props::Bulk {
            keys,
            slots: values,
        };
        true
    }

    /// End of bulk definition: lay the properties out with one fresh shape
    /// (same keys, order and attributes) — or, past
    /// `MAX_SHAPED_PROPERTIES`, in a dictionary, as they would have been
    /// had they been added one at a time.
    pub fn end_bulk(&self, heap: &Heap) {
        let mut props = self.props.borrow_mut();
        let Props::Bulk { keys, slots } = &mut *props else {
            return;
        };
        let (mut keys, mut slots) = (std::mem::take(keys), std::mem::take(slots));
        // The keys end up in a shape that never grows, the values in an
        // object that rarely does: give back what a generous start left
        // largely unused.
        if keys.capacity() > keys.len() + 8 {
            keys.shrink_to_fit();
            slots.shrink_to_fit();
        }
        *props = if keys.len() > shape::MAX_SHAPED_PROPERTIES {
            Props::Dict(Box::new(
                keys.iter()
                    .zip(slots)
                    .map(|(&(k, a), v)| (k, (v, a)))
                    .collect(),
            ))
        } else {
            Props::Shaped {
                shape: Shape::from_keys(heap, keys),
                // Back inline when few enough (`Slots`).
                slots: if slots.len() <= Slots::new().inline_size() {
                    Slots::from_slice(&slots)
                } else {
                    Slots::from_vec(slots)
                },
            }
        };
    }

    /// Change only the attributes (and value) of an existing own property.
    pub fn set_attrs_raw(&self, heap: &Heap, key: PropertyKey, slot: Slot, attrs: Attrs) {
        self.define_raw(heap, key, slot, attrs)
    }

    // ---- elements fast paths ----

    /// Dense element `i`, if present (not a hole).
    #[inline]
    pub fn dense_get(&self, i: u32) -> Option<Value> {
        match &*self.elements.borrow() {
            Elements::Dense(v) => v.get(i as usize).copied().filter(|x| !x.is_hole()),
            Elements::Sparse(_) => None,
        }
    }
    /// Overwrite dense element `i` if it exists and is not a hole.
    #[inline]
    pub fn dense_set_existing(&self, i: u32, val: Value) -> bool {
        match &mut *self.elements.borrow_mut() {
            Elements::Dense(v) => match v.get_mut(i as usize) {
                Some(x) if !x.is_hole() => {
                    *x = val;
                    true
                }
                _ => false,
            },
            Elements::Sparse(_) => false,
        }
    }
    /// Write dense element `i`, growing the vector (with holes) when `i` is
    /// past its end by at most `MAX_DENSE_GAP`; false when not dense or
    /// too far.
    #[inline]
    pub fn dense_write_at(&self, i: u32, val: Value) -> bool {
        match &mut *self.elements.borrow_mut() {
            Elements::Dense(v) => {
                let idx = i as usize;
                if idx < v.len() {
                    v[idx] = val;
                } else if idx == v.len() {
                    v.push(val);
                } else if idx <= v.len() + MAX_DENSE_GAP {
                    v.resize(idx, Value::HOLE);
                    v.push(val);
                } else {
                    return false;
                }
                true
            }
            Elements::Sparse(_) => false,
        }
    }
    pub fn elements_are_dense(&self) -> bool {
        matches!(&*self.elements.borrow(), Elements::Dense(_))
    }
    /// Number of slots in the dense element vector (holes included).
    pub fn dense_len(&self) -> usize {
        match &*self.elements.borrow() {
            Elements::Dense(v) => v.len(),
            Elements::Sparse(_) => 0,
        }
    }
    /// Replace all elements with a dense vector (array literals, built-ins).
    pub fn set_dense_elements(&self, v: Vec<Value>) {
        *self.elements.borrow_mut() = Elements::Dense(v);
    }
    /// Push to dense elements (array literal building).
    pub fn dense_push(&self, val: Value) -> bool {
        match &mut *self.elements.borrow_mut() {
            Elements::Dense(v) => {
                v.push(val);
                true
            }
            Elements::Sparse(_) => false,
        }
    }
    /// Remove every index property >= `len` that is configurable, from the
    /// top down; returns the new length (one past the last that would not go).
    pub fn truncate_elements(&self, len: u32) -> u32 {
        match &mut *self.elements.borrow_mut() {
            Elements::Dense(v) => {
                if (len as usize) < v.len() {
                    v.truncate(len as usize);
                }
                len
            }
            Elements::Sparse(m) => {
                let keys: Vec<u32> = m.range(len..).map(|(k, _)| *k).rev().collect();
                for k in keys {
                    if let Some(&(_, a)) = m.get(&k) {
                        if !a.configurable() {
                            return k + 1;
                        }
                    }
                    m.remove(&k);
                }
                len
            }
        }
    }
    /// Whether any index property >= `from` is present.
    pub fn max_index(&self) -> Option<u32> {
        match &*self.elements.borrow() {
            Elements::Dense(v) => v.iter().rposition(|x| !x.is_hole()).map(|i| i as u32),
            Elements::Sparse(m) => m.keys().next_back().copied(),
        }
    }
    /// Snapshot of the dense element vector, if dense.
    pub fn dense_snapshot(&self) -> Option<Vec<Value>> {
        match &*self.elements.borrow() {
            Elements::Dense(v) => Some(v.clone()),
            Elements::Sparse(_) => None,
        }
    }
}
