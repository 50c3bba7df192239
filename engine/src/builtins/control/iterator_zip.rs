//! Iterator.concat (proposal-iterator-sequencing) and Iterator.zip /
//! Iterator.zipKeyed (proposal-joint-iteration, IteratorZip). Both create
//! Iterator Helper objects (iterator_helpers.rs) whose bodies are here.

use super::iterator::{
    close, close_all, get_iterator_direct, get_iterator_flattenable, iterator_step, step_value,
    IterRec,
};
use super::iterator_helpers::{create_helper, Body};
use crate::builtins::method;
use crate::function::Args;
use crate::gc::{Gc, KeyList, RootedVec, Trace, Tracer, ValueList};
use crate::object::{Attrs, JsObject, ObjectClass, PropertyKey};
use crate::value::Value;
use crate::vm::{Exception, JsResult, Vm};
use std::cell::{Cell, RefCell};

pub fn init_statics(vm: &mut Vm, ctor: Gc<JsObject>) {
    method(vm, ctor, "concat", 0, concat);
    method(vm, ctor, "zip", 1, zip);
    method(vm, ctor, "zipKeyed", 1, zip_keyed);
}

// ---- Iterator.concat ----

/// The closure variables of Iterator.concat: the (method, iterable) pairs,
/// the next one to open, and the inner iterator being drained.
pub(super) struct ConcatState {
    iterables: Vec<(Value, Value)>,
    index: Cell<usize>,
    inner: Cell<Option<IterRec>>,
}

impl Trace for ConcatState {
    fn trace(&self, t: &mut Tracer) {
        for (m, it) in &self.iterables {
            t.mark_value(*m);
            t.mark_value(*it);
        }
        self.inner.trace(t);
    }
}

impl ConcatState {
    pub(super) fn step(&self, vm: &mut Vm) -> JsResult<Option<Value>> {
        loop {
            if let Some(inner) = self.inner.get() {
                match step_value(vm, inner)? {
                    Some(v) => return Ok(Some(v)),
                    None => self.inner.set(None),
                }
                continue;
            }
            let i = self.index.get();
            let Some(&(open_method, iterable)) = self.iterables.get(i) else {
                return Ok(None);
            };
            self.index.set(i + 1);
            // i-iii. Let iter be ? Call(openMethod, iterable); must be an Object.
            let iter = vm.call(open_method, iterable, &[])?;
            let Some(io) = iter.as_object() else {
                return Err(vm.type_error("Iterator.concat: iterator is not an object"));
            };
            let rec = get_iterator_direct(vm, io)?;
            self.inner.set(Some(rec));
        }
    }

    /// A return completion at the Yield closes the inner iterator.
    pub(super) fn on_return(&self, vm: &mut Vm) -> JsResult<()> {
        match self.inner.take() {
            Some(inner) => close(vm, inner),
            None => Ok(()),
        }
    }
}

/// Iterator.concat ( ...items ) (#sec-iterator.concat).
fn concat(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let ik = PropertyKey::Symbol(vm.symbols.iterator);
    // The methods are read by getters that run JavaScript: a rooted list
    // until the helper's (traced) state owns them.
    let mut iterables: RootedVec<(Value, Value)> = vm.rooted_vec();
    for &item in args.as_slice() {
        // a. If item is not an Object, throw a TypeError exception.
        if !item.is_object() {
            return Err(vm.type_error("Iterator.concat: argument is not an object"));
        }
        // b-c. Let method be ? GetMethod(item, %Symbol.iterator%); undefined throws.
        let Some(m) = vm.get_method(item, ik)? else {
            return Err(vm.type_error("Iterator.concat: argument is not iterable"));
        };
        iterables.push((m, item));
    }
    let state = ConcatState {
        iterables: iterables.to_vec(),
        index: Cell::new(0),
        inner: Cell::new(None),
    };
    Ok(create_helper(vm, None, Body::Concat(state)))
}

// ---- Iterator.zip / Iterator.zipKeyed ----

#[derive(Copy, Clone, PartialEq, Eq)]
enum Mode {
    Shortest,
    Longest,
    Strict,
}

/// The closure variables of IteratorZip.
pub(super) struct ZipState {
    /// iters: None once exhausted in "longest" mode.
    iters: RefCell<Vec<Option<IterRec>>>,
    /// Which of the original iterators are still in openIters.
    open: RefCell<Vec<bool>>,
    mode: Mode,
    padding: Vec<Value>,
    /// zipKeyed's keys (the results are objects), or None for zip (arrays).
    keys: Option<Vec<PropertyKey>>,
    originals: Vec<IterRec>,
}

impl Trace for ZipState {
    fn trace(&self, t: &mut Tracer) {
        self.iters.trace(t);
        self.padding.trace(t);
        if let Some(k) = &self.keys {
            k.trace(t);
        }
        self.originals.trace(t);
    }
}

impl ZipState {
    /// openIters, in order.
    pub(super) fn open_iterators(&self) -> Vec<IterRec> {
        let open = self.open.borrow();
        self.originals
            .iter()
            .zip(open.iter())
            .filter(|(_, o)| **o)
            .map(|(r, _)| *r)
            .collect()
    }

    fn remove(&self, i: usize) {
        if let Some(o) = self.open.borrow_mut().get_mut(i) {
            *o = false;
        }
    }

    /// IteratorCloseAll(openIters, completion).
    fn close_open(&self, vm: &mut Vm, completion: JsResult<()>) -> JsResult<()> {
        let recs = self.open_iterators();
        close_all(vm, &recs, completion)
    }

    pub(super) fn on_return(&self, vm: &mut Vm) -> JsResult<()> {
        self.close_open(vm, Ok(()))
    }

    /// One round of IteratorZip's closure: the next results, or None.
    pub(super) fn step(&self, vm: &mut Vm) -> JsResult<Option<Value>> {
        let count = self.originals.len();
        // a. If iterCount = 0, return ReturnCompletion(undefined).
        if count == 0 {
            return Ok(None);
        }
        // The results are kept in a fresh array (rooted via the stack)
        // rather than a Rust list while the iterators run.
        let results = vm.new_array(0);
        for i in 0..count {
            let iter = self.iters.borrow().get(i).copied().flatten();
            let result = match iter {
                None => self.padding.get(i).copied().unwrap_or(Value::UNDEFINED),
                Some(rec) => match step_value(vm, rec) {
                    Err(e) => {
                        self.remove(i);
                        return self.close_open(vm, Err(e)).map(|_| None);
                    }
                    Ok(Some(v)) => v,
                    Ok(None) => {
                        self.remove(i);
                        match self.mode {
                            Mode::Shortest => return self.close_open(vm, Ok(())).map(|_| None),
                            Mode::Strict => {
                                if i != 0 {
                                    let e = vm.type_error(
                                        "Iterator.zip: iterators have different lengths (strict)",
                                    );
                                    return self.close_open(vm, Err(e)).map(|_| None);
                                }
                                for k in 1..count {
                                    let Some(rk) = self.iters.borrow().get(k).copied().flatten()
                                    else {
                                        continue;
                                    };
                                    match iterator_step(vm, rk) {
                                        Err(e) => {
                                            self.remove(k);
                                            return self.close_open(vm, Err(e)).map(|_| None);
                                        }
                                        Ok(None) => self.remove(k),
                                        Ok(Some(_)) => {
                                            let e = vm.type_error("Iterator.zip: iterators have different lengths (strict)");
                                            return self.close_open(vm, Err(e)).map(|_| None);
                                        }
                                    }
                                }
                                return Ok(None);
                            }
                            Mode::Longest => {
                                if self.open.borrow().iter().all(|o| !*o) {
                                    return Ok(None);
                                }
                                if let Some(slot) = self.iters.borrow_mut().get_mut(i) {
                                    *slot = None;
                                }
                                self.padding.get(i).copied().unwrap_or(Value::UNDEFINED)
                            }
                        }
                    }
                },
            };
            vm.create_data_property_or_throw(results, PropertyKey::Index(i as u32), result)?;
        }
        // iv. Set results to finishResults(results).
        let Some(keys) = &self.keys else {
            return Ok(Some(Value::object(results)));
        };
        let obj = vm.new_object_with(None, ObjectClass::Ordinary);
        for (i, key) in keys.iter().enumerate() {
            let v = results.dense_get(i as u32).unwrap_or(Value::UNDEFINED);
            vm.define_builtin(obj, *key, v, Attrs::DEFAULT);
        }
        Ok(Some(Value::object(obj)))
    }
}

/// Steps 1-7 of zip / zipKeyed: (mode, paddingOption).
fn read_options(vm: &mut Vm, options: Value) -> JsResult<(Mode, Value)> {
    // GetOptionsObject: undefined → an empty object; a non-object throws.
    let opts = if options.is_undefined() {
        None
    } else if let Some(o) = options.as_object() {
        Some(o)
    } else {
        return Err(vm.type_error("options must be an object"));
    };
    let Some(opts) = opts else {
        return Ok((Mode::Shortest, Value::UNDEFINED));
    };
    let mk = vm.key("mode");
    let mode = vm.get_prop(opts, mk)?;
    let mode = if mode.is_undefined() {
        Mode::Shortest
    } else {
        match mode.as_string() {
            Some(s) if s.eq_str("shortest") => Mode::Shortest,
            Some(s) if s.eq_str("longest") => Mode::Longest,
            Some(s) if s.eq_str("strict") => Mode::Strict,
            _ => return Err(vm.type_error("mode must be \"shortest\", \"longest\" or \"strict\"")),
        }
    };
    let mut padding = Value::UNDEFINED;
    if mode == Mode::Longest {
        let pk = vm.key("padding");
        padding = vm.get_prop(opts, pk)?;
        if !padding.is_undefined() && !padding.is_object() {
            return Err(vm.type_error("padding must be an object"));
        }
    }
    Ok((mode, padding))
}

/// IfAbruptCloseIterators: close `recs` (in reverse) with the error.
fn close_all_with(vm: &mut Vm, recs: &[IterRec], e: Exception) -> Exception {
    match close_all(vm, recs, Err(e)) {
        Err(e) => e,
        Ok(()) => vm.type_error("unreachable"),
    }
}

/// IteratorZip: the helper over `iters`.
/// The lists are rooted until the helper's traced state holds copies (no
/// JavaScript runs in between).
fn iterator_zip(
    vm: &mut Vm,
    iters: RootedVec<IterRec>,
    mode: Mode,
    padding: ValueList,
    keys: Option<KeyList>,
) -> Value {
    let n = iters.len();
    let state = ZipState {
        iters: RefCell::new(iters.iter().map(Some).collect()),
        open: RefCell::new(vec![true; n]),
        mode,
        padding: padding.to_vec(),
        keys: keys.map(|k| k.to_vec()),
        originals: iters.to_vec(),
    };
    create_helper(vm, None, Body::Zip(state))
}

/// Iterator.zip ( iterables [ , options ] ) (#sec-iterator.zip).
fn zip(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let iterables = args.get(0);
    // 1. If iterables is not an Object, throw a TypeError exception.
    if !iterables.is_object() {
        return Err(vm.type_error("Iterator.zip: iterables is not an object"));
    }
    let (mode, padding_option) = read_options(vm, args.get(1))?;
    let (iters, padding) = zip_collect(vm, iterables, mode, padding_option)?;
    Ok(iterator_zip(vm, iters, mode, padding, None))
}

/// Steps 8-14 of Iterator.zip.
fn zip_collect(
    vm: &mut Vm,
    iterables: Value,
    mode: Mode,
    padding_option: Value,
) -> JsResult<(RootedVec<IterRec>, ValueList)> {
    let mut iters: RootedVec<IterRec> = vm.rooted_vec();
    // 10. Let inputIter be ? GetIterator(iterables, sync).
    let (it, next) = vm.get_iterator(iterables)?;
    let input = IterRec { it, next };
    loop {
        let next = match step_value(vm, input) {
            Ok(n) => n,
            Err(e) => return Err(close_all_with(vm, &iters, e)),
        };
        let Some(value) = next else { break };
        match get_iterator_flattenable(vm, value, false) {
            Ok(rec) => iters.push(rec),
            Err(e) => {
                let mut all = vec![input];
                all.extend_from_slice(&iters);
                return Err(close_all_with(vm, &all, e));
            }
        }
    }
    let count = iters.len();
    let mut padding: ValueList = vm.rooted_vec();
    if mode == Mode::Longest {
        if padding_option.is_undefined() {
            padding.extend_from_slice(&vec![Value::UNDEFINED; count]);
        } else {
            // 14.b. Read up to iterCount values from the padding iterable.
            let (pit, pnext) = match vm.get_iterator(padding_option) {
                Ok(x) => x,
                Err(e) => return Err(close_all_with(vm, &iters, e)),
            };
            let prec = IterRec {
                it: pit,
                next: pnext,
            };
            let mut using_iterator = true;
            for _ in 0..count {
                if using_iterator {
                    match step_value(vm, prec) {
                        Err(e) => return Err(close_all_with(vm, &iters, e)),
                        Ok(None) => using_iterator = false,
                        Ok(Some(v)) => padding.push(v),
                    }
                }
                if !using_iterator {
                    padding.push(Value::UNDEFINED);
                }
            }
            if using_iterator {
                if let Err(e) = close(vm, prec) {
                    return Err(close_all_with(vm, &iters, e));
                }
            }
        }
    }
    Ok((iters, padding))
}

/// Iterator.zipKeyed ( iterables [ , options ] ) (#sec-iterator.zipkeyed).
fn zip_keyed(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1. If iterables is not an Object, throw a TypeError exception.
    let Some(iterables) = args.get(0).as_object() else {
        return Err(vm.type_error("Iterator.zipKeyed: iterables is not an object"));
    };
    let (mode, padding_option) = read_options(vm, args.get(1))?;
    let (iters, padding, keys) = zip_keyed_collect(vm, iterables, mode, padding_option)?;
    Ok(iterator_zip(vm, iters, mode, padding, Some(keys)))
}

type Keyed = (RootedVec<IterRec>, ValueList, KeyList);

/// Steps 8-14 of Iterator.zipKeyed.
fn zip_keyed_collect(
    vm: &mut Vm,
    iterables: Gc<JsObject>,
    mode: Mode,
    padding_option: Value,
) -> JsResult<Keyed> {
    let mut iters: RootedVec<IterRec> = vm.rooted_vec();
    let mut keys: KeyList = vm.rooted_vec();
    // 10. Let allKeys be ? iterables.[[OwnPropertyKeys]]().
    let all_keys = vm.own_property_keys(iterables)?;
    for key in all_keys {
        let desc = match vm.get_own_property(iterables, key) {
            Ok(d) => d,
            Err(e) => return Err(close_all_with(vm, &iters, e)),
        };
        if !desc.is_some_and(|d| d.attrs.enumerable()) {
            continue;
        }
        let value = match vm.get_prop(iterables, key) {
            Ok(v) => v,
            Err(e) => return Err(close_all_with(vm, &iters, e)),
        };
        if value.is_undefined() {
            continue;
        }
        match get_iterator_flattenable(vm, value, false) {
            Ok(rec) => {
                keys.push(key);
                iters.push(rec);
            }
            Err(e) => return Err(close_all_with(vm, &iters, e)),
        }
    }
    let mut padding: ValueList = vm.rooted_vec();
    if mode == Mode::Longest {
        match padding_option.as_object() {
            None => padding.extend_from_slice(&vec![Value::UNDEFINED; iters.len()]),
            Some(po) => {
                for key in &keys {
                    match vm.get_prop(po, key) {
                        Ok(v) => padding.push(v),
                        Err(e) => return Err(close_all_with(vm, &iters, e)),
                    }
                }
            }
        }
    }
    Ok((iters, padding, keys))
}
