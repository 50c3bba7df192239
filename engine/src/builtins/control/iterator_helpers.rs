//! Iterator helper objects (#sec-iterator-helper-objects): the lazy
//! Iterator.prototype methods map, filter, take, drop, flatMap, chunks and
//! windows, and %IteratorHelperPrototype% with next / return.
//!
//! The spec describes each helper as a generator over an abstract closure
//! (CreateIteratorFromClosure). Here a helper is an object whose
//! `IteratorHelper` slot holds the generator state and the closure's
//! variables; `step` runs the closure up to its next Yield (Some(value)) or
//! its end (None), and `on_return` performs what the closure does when a
//! Yield receives a return completion. Iterator.concat / zip / zipKeyed
//! (iterator_zip.rs) create helpers the same way.

use super::iterator::{
    close, close_all, close_if_abrupt, close_with_error, get_iterator_direct,
    get_iterator_flattenable, iterator_step, step_value, this_iterator, IterRec,
};
use super::iterator_zip::{ConcatState, ZipState};
use crate::builtins::method;
use crate::function::Args;
use crate::gc::{Gc, Trace, Tracer};
use crate::object::{Attrs, JsObject, ObjectClass, ObjectData, PropertyKey};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::cell::{Cell, RefCell};

/// [[GeneratorState]] of an iterator helper.
#[derive(Copy, Clone, PartialEq, Eq)]
enum GenState {
    SuspendedStart,
    SuspendedYield,
    Executing,
    Completed,
}

/// The variables of a helper's abstract closure.
pub(super) enum Body {
    Map {
        mapper: Value,
    },
    Filter {
        predicate: Value,
    },
    Take {
        remaining: Cell<f64>,
    },
    Drop {
        remaining: Cell<f64>,
    },
    FlatMap {
        mapper: Value,
        inner: Cell<Option<IterRec>>,
    },
    /// chunks / windows: `windows` is None for chunks, else whether
    /// undersized windows are allowed; `finishing` once the last (partial)
    /// array has been yielded after the source ended.
    Chunks {
        size: usize,
        windows: Option<bool>,
        buffer: RefCell<Vec<Value>>,
        finishing: Cell<bool>,
    },
    Concat(ConcatState),
    Zip(ZipState),
}

impl Trace for Body {
    fn trace(&self, t: &mut Tracer) {
        match self {
            Body::Map { mapper: f } | Body::Filter { predicate: f } => t.mark_value(*f),
            Body::Take { .. } | Body::Drop { .. } => {}
            Body::FlatMap { mapper, inner } => {
                t.mark_value(*mapper);
                inner.trace(t);
            }
            Body::Chunks { buffer, .. } => buffer.trace(t),
            Body::Concat(c) => c.trace(t),
            Body::Zip(z) => z.trace(t),
        }
    }
}

/// The internal slots of an Iterator Helper object.
pub(super) struct IteratorHelper {
    state: Cell<GenState>,
    /// [[UnderlyingIterator]] (None for concat / zip, whose iterators are
    /// in their bodies).
    underlying: Option<IterRec>,
    counter: Cell<f64>,
    body: Body,
}

impl Trace for IteratorHelper {
    fn trace(&self, t: &mut Tracer) {
        self.underlying.trace(t);
        self.body.trace(t);
    }
}

impl ObjectData for IteratorHelper {
    fn class_name(&self) -> &'static str {
        "Iterator Helper"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

pub fn init(vm: &mut Vm, iterator_proto: Gc<JsObject>) {
    // %IteratorHelperPrototype% (#sec-%iteratorhelperprototype%-object)
    let hp = vm.new_object_with(Some(iterator_proto), ObjectClass::Ordinary);
    vm.realm
        .set_intrinsic(Intrinsic::IteratorHelperPrototype, hp);
    method(vm, hp, "next", 0, helper_next);
    method(vm, hp, "return", 0, helper_return);
    let tag = vm.new_string("Iterator Helper");
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    vm.define_builtin(hp, tk, tag, Attrs::CONFIGURABLE_ONLY);

    method(vm, iterator_proto, "chunks", 1, chunks);
    method(vm, iterator_proto, "drop", 1, drop_method);
    method(vm, iterator_proto, "filter", 1, filter);
    method(vm, iterator_proto, "flatMap", 1, flat_map);
    method(vm, iterator_proto, "map", 1, map);
    method(vm, iterator_proto, "take", 1, take);
    method(vm, iterator_proto, "windows", 1, windows);
}

/// CreateIteratorFromClosure(closure, "Iterator Helper", %IteratorHelperPrototype%).
pub(super) fn create_helper(vm: &mut Vm, underlying: Option<IterRec>, body: Body) -> Value {
    let proto = vm.intrinsic(Intrinsic::IteratorHelperPrototype);
    let data = IteratorHelper {
        state: Cell::new(GenState::SuspendedStart),
        underlying,
        counter: Cell::new(0.0),
        body,
    };
    Value::object(vm.new_object_with(Some(proto), ObjectClass::Data(Box::new(data))))
}

fn helper_of(vm: &mut Vm, this: Value) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o) if o.class.data::<IteratorHelper>().is_some() => Ok(o),
        _ => Err(vm.type_error("Iterator Helper method called on incompatible receiver")),
    }
}

/// %IteratorHelperPrototype%.next ( ) (#sec-%iteratorhelperprototype%.next):
/// GeneratorResume(this, undefined, "Iterator Helper").
fn helper_next(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let o = helper_of(vm, this)?;
    let Some(h) = o.class.data::<IteratorHelper>() else {
        return Ok(Value::UNDEFINED);
    };
    match h.state.get() {
        GenState::Executing => Err(vm.type_error("Generator is already running")),
        GenState::Completed => Ok(vm.create_iter_result(Value::UNDEFINED, true)),
        GenState::SuspendedStart | GenState::SuspendedYield => {
            h.state.set(GenState::Executing);
            let r = step(vm, h);
            match r {
                Ok(Some(v)) => {
                    h.state.set(GenState::SuspendedYield);
                    Ok(vm.create_iter_result(v, false))
                }
                Ok(None) => {
                    h.state.set(GenState::Completed);
                    Ok(vm.create_iter_result(Value::UNDEFINED, true))
                }
                Err(e) => {
                    h.state.set(GenState::Completed);
                    Err(e)
                }
            }
        }
    }
}

/// %IteratorHelperPrototype%.return ( ) (#sec-%iteratorhelperprototype%.return).
fn helper_return(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    // 2. Perform ? RequireInternalSlot(O, [[UnderlyingIterators]]).
    let o = helper_of(vm, this)?;
    let Some(h) = o.class.data::<IteratorHelper>() else {
        return Ok(Value::UNDEFINED);
    };
    match h.state.get() {
        // 4. Not started: complete, then close every underlying iterator.
        GenState::SuspendedStart => {
            h.state.set(GenState::Completed);
            let recs = underlying_iterators(h);
            close_all(vm, &recs, Ok(()))?;
            Ok(vm.create_iter_result(Value::UNDEFINED, true))
        }
        // 5-6. GeneratorResumeAbrupt(O, ReturnCompletion(undefined)).
        GenState::Executing => Err(vm.type_error("Generator is already running")),
        GenState::Completed => Ok(vm.create_iter_result(Value::UNDEFINED, true)),
        GenState::SuspendedYield => {
            h.state.set(GenState::Executing);
            let r = on_return(vm, h);
            h.state.set(GenState::Completed);
            r?;
            Ok(vm.create_iter_result(Value::UNDEFINED, true))
        }
    }
}

/// The [[UnderlyingIterators]] list, closed by `return` before the start.
fn underlying_iterators(h: &IteratorHelper) -> Vec<IterRec> {
    match &h.body {
        Body::Concat(_) => Vec::new(),
        Body::Zip(z) => z.open_iterators(),
        _ => h.underlying.into_iter().collect(),
    }
}

/// What the closure does when its pending Yield returns a return
/// completion: close what it iterates (IfAbruptCloseIterator).
fn on_return(vm: &mut Vm, h: &IteratorHelper) -> JsResult<()> {
    match &h.body {
        Body::Concat(c) => c.on_return(vm),
        Body::Zip(z) => z.on_return(vm),
        Body::Chunks { finishing, .. } if finishing.get() => Ok(()),
        Body::FlatMap { inner, .. } => {
            let Some(outer) = h.underlying else {
                return Ok(());
            };
            if let Some(inner_rec) = inner.take() {
                // Close the inner iterator first; if that throws, close the
                // outer one with the throw completion.
                if let Err(e) = close(vm, inner_rec) {
                    return Err(close_with_error(vm, outer, e));
                }
            }
            close(vm, outer)
        }
        _ => match h.underlying {
            Some(rec) => close(vm, rec),
            None => Ok(()),
        },
    }
}

/// Run the helper's closure to its next Yield (Some) or its end (None).
fn step(vm: &mut Vm, h: &IteratorHelper) -> JsResult<Option<Value>> {
    if let Body::Concat(c) = &h.body {
        return c.step(vm);
    }
    if let Body::Zip(z) = &h.body {
        return z.step(vm);
    }
    let Some(rec) = h.underlying else {
        return Ok(None);
    };
    match &h.body {
        Body::Map { mapper } => {
            let Some(value) = step_value(vm, rec)? else {
                return Ok(None);
            };
            let counter = h.counter.get();
            let r = vm.call(*mapper, Value::UNDEFINED, &[value, Value::number(counter)]);
            let mapped = close_if_abrupt(vm, r, rec)?;
            h.counter.set(counter + 1.0);
            Ok(Some(mapped))
        }
        Body::Filter { predicate } => loop {
            let Some(value) = step_value(vm, rec)? else {
                return Ok(None);
            };
            let counter = h.counter.get();
            let r = vm.call(
                *predicate,
                Value::UNDEFINED,
                &[value, Value::number(counter)],
            );
            let selected = close_if_abrupt(vm, r, rec)?;
            h.counter.set(counter + 1.0);
            if vm.to_boolean(selected) {
                return Ok(Some(value));
            }
        },
        Body::Take { remaining } => {
            // If remaining = 0, return ? IteratorClose(iterated, ReturnCompletion(undefined)).
            let left = remaining.get();
            if left == 0.0 {
                close(vm, rec)?;
                return Ok(None);
            }
            if left != f64::INFINITY {
                remaining.set(left - 1.0);
            }
            step_value(vm, rec)
        }
        Body::Drop { remaining } => {
            // Skip with IteratorStep (values are not read).
            while remaining.get() > 0.0 {
                let left = remaining.get();
                if left != f64::INFINITY {
                    remaining.set(left - 1.0);
                }
                if iterator_step(vm, rec)?.is_none() {
                    remaining.set(0.0);
                    return Ok(None);
                }
            }
            step_value(vm, rec)
        }
        Body::FlatMap { mapper, inner } => loop {
            if let Some(inner_rec) = inner.get() {
                let r = step_value(vm, inner_rec);
                match close_if_abrupt(vm, r, rec)? {
                    Some(v) => return Ok(Some(v)),
                    None => inner.set(None),
                }
                continue;
            }
            let Some(value) = step_value(vm, rec)? else {
                return Ok(None);
            };
            let counter = h.counter.get();
            let r = vm.call(*mapper, Value::UNDEFINED, &[value, Value::number(counter)]);
            let mapped = close_if_abrupt(vm, r, rec)?;
            let r = get_iterator_flattenable(vm, mapped, false);
            let inner_rec = close_if_abrupt(vm, r, rec)?;
            inner.set(Some(inner_rec));
            h.counter.set(counter + 1.0);
        },
        Body::Chunks {
            size,
            windows,
            buffer,
            finishing,
        } => {
            if finishing.get() {
                return Ok(None);
            }
            loop {
                let Some(value) = step_value(vm, rec)? else {
                    // The source ended: a last partial chunk (or undersized
                    // window when allowed) is yielded once.
                    let len = buffer.borrow().len();
                    let partial = match windows {
                        None => len > 0,
                        Some(allow_partial) => *allow_partial && len > 0 && len < *size,
                    };
                    if !partial {
                        return Ok(None);
                    }
                    finishing.set(true);
                    // The values stay in the (traced) buffer until the array holds them.
                    let items = buffer.borrow().clone();
                    let a = vm.create_array_from_list(&items);
                    buffer.borrow_mut().clear();
                    return Ok(Some(Value::object(a)));
                };
                let mut b = buffer.borrow_mut();
                if windows.is_some() && b.len() == *size {
                    b.remove(0);
                }
                b.push(value);
                if b.len() == *size {
                    let items = b.clone();
                    drop(b);
                    let a = vm.create_array_from_list(&items);
                    if windows.is_none() {
                        buffer.borrow_mut().clear();
                    }
                    return Ok(Some(Value::object(a)));
                }
            }
        }
        Body::Concat(_) | Body::Zip(_) => Ok(None),
    }
}

/// Steps 1-3 shared by the callback-taking helpers: `this` must be an
/// object; a non-callable `f` closes it with a TypeError.
pub(super) fn this_and_callable(vm: &mut Vm, this: Value, f: Value) -> JsResult<Gc<JsObject>> {
    let o = this_iterator(vm, this)?;
    if !crate::object::class::value_is_callable(f) {
        let d = vm.debug_str(f);
        let e = vm.type_error(&format!("{d} is not a function"));
        return Err(close_with_error(
            vm,
            IterRec {
                it: Value::object(o),
                next: Value::UNDEFINED,
            },
            e,
        ));
    }
    Ok(o)
}

/// Iterator.prototype.map (#sec-iterator.prototype.map).
fn map(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let mapper = args.get(0);
    let o = this_and_callable(vm, this, mapper)?;
    let rec = get_iterator_direct(vm, o)?;
    Ok(create_helper(vm, Some(rec), Body::Map { mapper }))
}

/// Iterator.prototype.filter (#sec-iterator.prototype.filter).
fn filter(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let predicate = args.get(0);
    let o = this_and_callable(vm, this, predicate)?;
    let rec = get_iterator_direct(vm, o)?;
    Ok(create_helper(vm, Some(rec), Body::Filter { predicate }))
}

/// Iterator.prototype.flatMap (#sec-iterator.prototype.flatmap).
fn flat_map(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let mapper = args.get(0);
    let o = this_and_callable(vm, this, mapper)?;
    let rec = get_iterator_direct(vm, o)?;
    Ok(create_helper(
        vm,
        Some(rec),
        Body::FlatMap {
            mapper,
            inner: Cell::new(None),
        },
    ))
}

/// Steps 1-9 of take / drop: the validated integer limit (may be +∞).
fn limit_argument(vm: &mut Vm, o: Gc<JsObject>, limit: Value) -> JsResult<f64> {
    let iterated = IterRec {
        it: Value::object(o),
        next: Value::UNDEFINED,
    };
    // 4-5. Let numLimit be Completion(ToNumber(limit)); IfAbruptCloseIterator.
    let r = vm.to_number(limit);
    let num = close_if_abrupt(vm, r, iterated)?;
    // 6. NaN is a RangeError (closing the iterator).
    if num.is_nan() {
        let e = vm.range_error("limit must be a number");
        return Err(close_with_error(vm, iterated, e));
    }
    // 7. If numLimit is finite and numLimit > 2^53 - 1, throw a RangeError (closing).
    if num.is_finite() && num > 9_007_199_254_740_991.0 {
        let e = vm.range_error("limit must be at most 2^53 - 1");
        return Err(close_with_error(vm, iterated, e));
    }
    // 8-9. Negative limits are a RangeError (closing the iterator).
    let int = if num.is_infinite() {
        num
    } else {
        num.trunc() + 0.0
    };
    if int < 0.0 {
        let e = vm.range_error("limit must be non-negative");
        return Err(close_with_error(vm, iterated, e));
    }
    Ok(int)
}

/// Iterator.prototype.take (#sec-iterator.prototype.take).
fn take(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = this_iterator(vm, this)?;
    let limit = limit_argument(vm, o, args.get(0))?;
    let rec = get_iterator_direct(vm, o)?;
    Ok(create_helper(
        vm,
        Some(rec),
        Body::Take {
            remaining: Cell::new(limit),
        },
    ))
}

/// Iterator.prototype.drop (#sec-iterator.prototype.drop).
fn drop_method(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = this_iterator(vm, this)?;
    let limit = limit_argument(vm, o, args.get(0))?;
    let rec = get_iterator_direct(vm, o)?;
    Ok(create_helper(
        vm,
        Some(rec),
        Body::Drop {
            remaining: Cell::new(limit),
        },
    ))
}

/// The size argument of chunks / windows: an integral Number (TypeError
/// otherwise, without coercion) in [1, 2^32 - 1] (RangeError otherwise);
/// errors close `o`.
fn size_argument(vm: &mut Vm, o: Gc<JsObject>, size: Value) -> JsResult<usize> {
    let iterated = IterRec {
        it: Value::object(o),
        next: Value::UNDEFINED,
    };
    let n = size
        .as_number()
        .filter(|n| n.is_finite() && n.trunc() == *n);
    let Some(n) = n else {
        let e = vm.type_error("size must be an integral number");
        return Err(close_with_error(vm, iterated, e));
    };
    if !(1.0..=u32::MAX as f64).contains(&n) {
        let e = vm.range_error("size must be between 1 and 2^32 - 1");
        return Err(close_with_error(vm, iterated, e));
    }
    Ok(n as usize)
}

/// Iterator.prototype.chunks ( chunkSize ) (proposal-iterator-chunking).
fn chunks(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = this_iterator(vm, this)?;
    let size = size_argument(vm, o, args.get(0))?;
    let rec = get_iterator_direct(vm, o)?;
    let body = Body::Chunks {
        size,
        windows: None,
        buffer: RefCell::new(Vec::new()),
        finishing: Cell::new(false),
    };
    Ok(create_helper(vm, Some(rec), body))
}

/// Iterator.prototype.windows ( windowSize [ , undersized ] ) (proposal-iterator-chunking).
fn windows(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = this_iterator(vm, this)?;
    let size = size_argument(vm, o, args.get(0))?;
    // undersized: undefined or "only-full" → false; "allow-partial" → true.
    let undersized = args.get(1);
    let allow_partial = if undersized.is_undefined() {
        false
    } else {
        match undersized.as_string() {
            Some(s) if s.eq_str("only-full") => false,
            Some(s) if s.eq_str("allow-partial") => true,
            _ => {
                let e = vm.type_error("undersized must be \"only-full\" or \"allow-partial\"");
                return Err(close_with_error(
                    vm,
                    IterRec {
                        it: Value::object(o),
                        next: Value::UNDEFINED,
                    },
                    e,
                ));
            }
        }
    };
    let rec = get_iterator_direct(vm, o)?;
    let body = Body::Chunks {
        size,
        windows: Some(allow_partial),
        buffer: RefCell::new(Vec::new()),
        finishing: Cell::new(false),
    };
    Ok(create_helper(vm, Some(rec), body))
}
