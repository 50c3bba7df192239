//! What the collector needs for weak collections (#sec-weakref-processing-model).
//!
//! Every WeakMap, WeakSet, WeakRef and FinalizationRegistry is listed in
//! the VM's [`WeakRegistry`], which does not keep them alive. Their
//! internal slots hold keys and targets without tracing them; during a
//! collection (`Vm::collect_garbage`):
//!
//! 1. after ordinary marking, [`WeakRegistry::trace_ephemerons`] marks the
//!    value of every entry of a live WeakMap whose key is marked; the heap
//!    repeats marking and this step until nothing new is marked (a WeakMap
//!    value is live only if its key is);
//! 2. [`WeakRegistry::sweep`] then drops the entries whose key or target
//!    died, clears dead WeakRef targets, and collects the cleanup calls of
//!    FinalizationRegistry cells whose target died (queued as jobs by the
//!    VM afterwards);
//! 3. the registry forgets the weak objects that died themselves.
//!
//! [[KeptAlive]] (AddToKeptObjects / ClearKeptObjects) is a strong list
//! traced as a root.

use super::finalization_registry::FinalizationRegistryData;
use super::weak_map::WeakMapData;
use super::weak_ref::WeakRefData;
use super::weak_set::WeakSetData;
use crate::gc::{Gc, Tracer};
use crate::object::JsObject;
use crate::value::Value;
use rustc_hash::FxHashMap;

/// CanBeHeldWeakly ( v ) (#sec-canbeheldweakly).
pub fn can_be_held_weakly(v: Value) -> bool {
    v.is_object() || v.as_symbol().is_some_and(|s| !s.registered)
}

/// Identity of a weakly held value (objects and symbols compare by address).
pub fn weak_key(v: Value) -> u64 {
    v.to_bits()
}

/// Whether the collector found `v` reachable (non-heap values always are).
fn is_live(v: Value, marked: &dyn Fn(usize) -> bool) -> bool {
    v.heap_addr().is_none_or(marked)
}

#[derive(Default)]
pub struct WeakRegistry {
    /// Weak collections, WeakRefs and FinalizationRegistries (not roots).
    objects: Vec<Gc<JsObject>>,
    /// The agent's [[KeptAlive]] list (roots), without duplicates.
    kept_alive: FxHashMap<u64, Value>,
}

/// What a collection found out about weak objects (applied afterwards).
#[derive(Default)]
pub struct WeakSweep {
    /// Per registered object: did it survive?
    survivors: Vec<bool>,
    /// (cleanup callback, held value) pairs to queue as jobs.
    pub cleanups: Vec<(Value, Value)>,
}

impl WeakRegistry {
    /// List a new weak object.
    pub fn register(&mut self, o: Gc<JsObject>) {
        self.objects.push(o);
    }

    /// AddToKeptObjects ( value ) (#sec-addtokeptobjects).
    pub fn keep(&mut self, v: Value) {
        self.kept_alive.insert(weak_key(v), v);
    }

    /// ClearKeptObjects ( ) (#sec-clear-kept-objects).
    pub fn clear_kept(&mut self) {
        self.kept_alive.clear();
    }

    /// Strong roots: the kept-alive list.
    pub fn trace_roots(&self, t: &mut Tracer) {
        for v in self.kept_alive.values() {
            t.mark_value(*v);
        }
    }

    /// One ephemeron pass: mark the value of each entry of a live WeakMap
    /// whose key is live. The heap calls this until it marks nothing new.
    pub fn trace_ephemerons(&self, t: &mut Tracer, marked: &dyn Fn(usize) -> bool) {
        for o in &self.objects {
            if !marked(o.addr()) {
                continue;
            }
            let Some(d) = o.class.data::<WeakMapData>() else {
                continue;
            };
            let Ok(entries) = d.entries.try_borrow() else {
                continue;
            };
            for (k, v) in entries.values() {
                if is_live(*k, marked) && !is_live(*v, marked) {
                    t.mark_value(*v);
                }
            }
        }
    }

    /// Drop what died (see the module comment); returns what to apply.
    pub fn sweep(&self, marked: &dyn Fn(usize) -> bool) -> WeakSweep {
        let mut out = WeakSweep {
            survivors: Vec::with_capacity(self.objects.len()),
            cleanups: Vec::new(),
        };
        for o in &self.objects {
            let alive = marked(o.addr());
            out.survivors.push(alive);
            if !alive {
                continue;
            }
            if let Some(d) = o.class.data::<WeakMapData>() {
                if let Ok(mut e) = d.entries.try_borrow_mut() {
                    e.retain(|_, (k, _)| is_live(*k, marked));
                }
            } else if let Some(d) = o.class.data::<WeakSetData>() {
                if let Ok(mut e) = d.entries.try_borrow_mut() {
                    e.retain(|_, k| is_live(*k, marked));
                }
            } else if let Some(d) = o.class.data::<WeakRefData>() {
                if !is_live(d.target.get(), marked) {
                    d.target.set(Value::UNDEFINED);
                }
            } else if let Some(d) = o.class.data::<FinalizationRegistryData>() {
                if let Ok(mut cells) = d.cells.try_borrow_mut() {
                    cells.retain_mut(|c| {
                        if c.token.is_some_and(|tok| !is_live(tok, marked)) {
                            c.token = None;
                        }
                        if is_live(c.target, marked) {
                            return true;
                        }
                        out.cleanups.push((d.callback, c.held));
                        false
                    });
                }
            }
        }
        out
    }

    /// Forget the weak objects that did not survive.
    pub fn retain_survivors(&mut self, sweep: &WeakSweep) {
        let mut i = 0;
        self.objects.retain(|_| {
            let keep = sweep.survivors.get(i).copied().unwrap_or(true);
            i += 1;
            keep
        });
    }
}
