//! Iteration protocol helpers and `for-in` enumeration.

use crate::gc::{Gc, Trace, Tracer};
use crate::object::{JsObject, ObjectClass, ObjectData, PropertyKey};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::cell::RefCell;
use std::collections::VecDeque;

/// State of a `for (k in o)` loop: the keys still to visit, each with the
/// object it was found on (re-checked before it is produced, so deleted
/// properties are skipped).
pub struct ForInData {
    pending: RefCell<VecDeque<(Gc<JsObject>, PropertyKey)>>,
}

impl Trace for ForInData {
    fn trace(&self, t: &mut Tracer) {
        for (o, k) in self.pending.borrow().iter() {
            t.mark(*o);
            k.trace(t);
        }
    }
}
impl ObjectData for ForInData {
    fn class_name(&self) -> &'static str {
        "ForInIterator"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Vm {
    /// GetIterator(obj, sync): returns (iterator, next method).
    pub fn get_iterator(&mut self, obj: Value) -> JsResult<(Value, Value)> {
        let key = PropertyKey::Symbol(self.symbols.iterator);
        let method = self.get_method(obj, key)?;
        let Some(m) = method else {
            let d = self.debug_str(obj);
            return Err(self.type_error(&format!("{d} is not iterable")));
        };
        self.get_iterator_from_method(obj, m)
    }

    pub fn get_iterator_from_method(&mut self, obj: Value, m: Value) -> JsResult<(Value, Value)> {
        let it = self.call(m, obj, &[])?;
        if !it.is_object() {
            return Err(self.type_error("Result of the Symbol.iterator method is not an object"));
        }
        let nk = self.names.next;
        let next = self.get_v(it, nk)?;
        Ok((it, next))
    }

    /// GetIterator(obj, async).
    pub fn get_async_iterator(&mut self, obj: Value) -> JsResult<(Value, Value)> {
        let key = PropertyKey::Symbol(self.symbols.async_iterator);
        match self.get_method(obj, key)? {
            Some(m) => self.get_iterator_from_method(obj, m),
            None => {
                let (it, next) = self.get_iterator(obj)?;
                crate::builtins::async_from_sync_iterator(self, it, next)
            }
        }
    }

    /// IteratorStepValue: Some(value) or None when done.
    pub fn iterator_step_value(&mut self, it: Value, next: Value) -> JsResult<Option<Value>> {
        // Natives drain iterators in Rust loops (spread, Array.from, Map and
        // Set constructors): the fast path below calls no JS, so count here.
        self.tick()?;
        // FAST PATH: the built-in %ArrayIteratorPrototype%.next over an array.
        if let (Some(n), Some(ito)) = (next.as_object(), it.as_object()) {
            if self
                .realm
                .try_intrinsic(crate::realm::Intrinsic::ArrayIteratorNext)
                == Some(n)
            {
                if let Some(step) = crate::builtins::indexed::array_iterator::fast_step(ito) {
                    return Ok(step);
                }
            }
        }
        let r = self.call(next, it, &[])?;
        let Some(o) = r.as_object() else {
            return Err(self.type_error("Iterator result is not an object"));
        };
        let dk = self.names.done;
        let done = self.get_prop(o, dk)?;
        if self.to_boolean(done) {
            return Ok(None);
        }
        let vk = self.names.value;
        Ok(Some(self.get_prop(o, vk)?))
    }

    /// IteratorClose for a normal completion.
    pub fn iterator_close(&mut self, it: Value) -> JsResult<()> {
        let rk = self.names.return_;
        let m = self.get_method(it, rk)?;
        if let Some(m) = m {
            let r = self.call(m, it, &[])?;
            if !r.is_object() {
                return Err(self.type_error("Iterator result is not an object"));
            }
        }
        Ok(())
    }

    /// IteratorClose for a throw completion: errors from `return` are
    /// swallowed, the original exception wins.
    pub fn iterator_close_on_throw(&mut self, it: Value) {
        let rk = self.names.return_;
        if let Ok(Some(m)) = self.get_method(it, rk) {
            let _ = self.call(m, it, &[]);
        }
    }

    /// CreateIterResultObject.
    pub fn create_iter_result(&mut self, value: Value, done: bool) -> Value {
        let o = self.new_object();
        let vk = self.names.value;
        let dk = self.names.done;
        o.define_raw(
            &self.heap,
            vk,
            crate::object::Slot::Data(value),
            crate::object::Attrs::DEFAULT,
        );
        o.define_raw(
            &self.heap,
            dk,
            crate::object::Slot::Data(Value::bool(done)),
            crate::object::Attrs::DEFAULT,
        );
        Value::object(o)
    }

    /// Collect the enumerable string keys of `obj` and its prototypes.
    pub(super) fn for_in_prepare(&mut self, obj: Value) -> JsResult<Value> {
        let mut pending = VecDeque::new();
        if !obj.is_nullish() {
            let mut cur = Some(self.to_object(obj)?);
            let mut seen: rustc_hash::FxHashSet<PropertyKey> = Default::default();
            while let Some(o) = cur {
                let keys = self.own_property_keys(o)?;
                for k in keys {
                    if k.is_symbol() {
                        continue;
                    }
                    if seen.insert(k) {
                        pending.push_back((o, k));
                    }
                }
                cur = self.get_prototype_of(o)?;
            }
        }
        let data = ForInData {
            pending: RefCell::new(pending),
        };
        let it = self.new_object_with(None, ObjectClass::Data(Box::new(data)));
        Ok(Value::object(it))
    }

    pub(super) fn for_in_next(&mut self, it: Value) -> JsResult<Option<Value>> {
        let Some(o) = it.as_object() else {
            return Ok(None);
        };
        loop {
            let next = match o.class.data::<ForInData>() {
                Some(d) => d.pending.borrow_mut().pop_front(),
                None => None,
            };
            let Some((holder, key)) = next else {
                return Ok(None);
            };
            // Skip properties deleted or made non-enumerable meanwhile.
            match self.get_own_property(holder, key)? {
                Some(p) if p.attrs.enumerable() => return Ok(Some(self.key_to_value(key))),
                _ => continue,
            }
        }
    }
}
