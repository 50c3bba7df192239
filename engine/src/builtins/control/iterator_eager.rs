//! The consuming Iterator.prototype methods: reduce, toArray, forEach,
//! some, every, find (#sec-iterator.prototype.reduce …) and includes
//! (proposal-iterator-includes).

use super::iterator::{
    close, close_if_abrupt, close_with_error, get_iterator_direct, step_value, this_iterator,
    IterRec,
};
use super::iterator_helpers::this_and_callable;
use crate::builtins::method;
use crate::function::Args;
use crate::gc::Gc;
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(vm: &mut Vm, proto: Gc<JsObject>) {
    method(vm, proto, "every", 1, every);
    method(vm, proto, "find", 1, find);
    method(vm, proto, "forEach", 1, for_each);
    method(vm, proto, "includes", 1, includes);
    method(vm, proto, "reduce", 1, reduce);
    method(vm, proto, "some", 1, some);
    method(vm, proto, "toArray", 0, to_array);
}

/// The loop shared by every / some / find / forEach: calls `f(value,
/// counter)` for each value until `stop(value, result)` gives a result; the
/// iterator is then closed (normally) and that result returned. When the
/// iterator ends, `otherwise` is returned.
fn predicate_loop(
    vm: &mut Vm,
    this: Value,
    f: Value,
    otherwise: Value,
    stop: impl Fn(&mut Vm, Value, Value) -> Option<Value>,
) -> JsResult<Value> {
    // 1-4. O is an Object; IsCallable(f), else close O with a TypeError.
    let o = this_and_callable(vm, this, f)?;
    // 5. Set iterated to ? GetIteratorDirect(O).
    let rec = get_iterator_direct(vm, o)?;
    let mut counter: f64 = 0.0;
    loop {
        let Some(value) = step_value(vm, rec)? else {
            return Ok(otherwise);
        };
        let r = vm.call(f, Value::UNDEFINED, &[value, Value::number(counter)]);
        let result = close_if_abrupt(vm, r, rec)?;
        if let Some(out) = stop(vm, value, result) {
            close(vm, rec)?;
            return Ok(out);
        }
        counter += 1.0;
    }
}

/// Iterator.prototype.every (#sec-iterator.prototype.every).
fn every(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    predicate_loop(vm, this, args.get(0), Value::TRUE, |vm, _, r| {
        if vm.to_boolean(r) {
            None
        } else {
            Some(Value::FALSE)
        }
    })
}

/// Iterator.prototype.some (#sec-iterator.prototype.some).
fn some(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    predicate_loop(vm, this, args.get(0), Value::FALSE, |vm, _, r| {
        if vm.to_boolean(r) {
            Some(Value::TRUE)
        } else {
            None
        }
    })
}

/// Iterator.prototype.find (#sec-iterator.prototype.find).
fn find(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    predicate_loop(vm, this, args.get(0), Value::UNDEFINED, |vm, v, r| {
        if vm.to_boolean(r) {
            Some(v)
        } else {
            None
        }
    })
}

/// Iterator.prototype.forEach (#sec-iterator.prototype.foreach).
fn for_each(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    predicate_loop(vm, this, args.get(0), Value::UNDEFINED, |_, _, _| None)
}

/// Iterator.prototype.reduce (#sec-iterator.prototype.reduce).
fn reduce(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let reducer = args.get(0);
    let o = this_and_callable(vm, this, reducer)?;
    let rec = get_iterator_direct(vm, o)?;
    // 6-7. The accumulator starts as initialValue, or the first value.
    let (mut acc, mut counter) = if args.len() >= 2 {
        (args.get(1), 0.0)
    } else {
        match step_value(vm, rec)? {
            Some(v) => (v, 1.0),
            None => return Err(vm.type_error("Reduce of empty iterator with no initial value")),
        }
    };
    loop {
        let Some(value) = step_value(vm, rec)? else {
            return Ok(acc);
        };
        let r = vm.call(
            reducer,
            Value::UNDEFINED,
            &[acc, value, Value::number(counter)],
        );
        acc = close_if_abrupt(vm, r, rec)?;
        counter += 1.0;
    }
}

/// Iterator.prototype.toArray (#sec-iterator.prototype.toarray).
fn to_array(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let o = this_iterator(vm, this)?;
    let rec = get_iterator_direct(vm, o)?;
    // The values go straight into the result array (no unrooted list).
    let a = vm.new_array(0);
    let mut k: u64 = 0;
    loop {
        let Some(value) = step_value(vm, rec)? else {
            return Ok(Value::object(a));
        };
        let key = vm.index_key(k);
        vm.create_data_property_or_throw(a, key, value)?;
        k += 1;
    }
}

/// Iterator.prototype.includes ( searchElement [ , skippedElements ] )
/// (proposal-iterator-includes).
fn includes(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = this_iterator(vm, this)?;
    let iterated = IterRec {
        it: Value::object(o),
        next: Value::UNDEFINED,
    };
    // skippedElements: undefined → 0; +∞ skips everything; otherwise an
    // integral Number (no coercion: TypeError) in [0, 2^53 - 1] (RangeError).
    let skipped = args.get(1);
    let to_skip = if skipped.is_undefined() {
        0.0
    } else {
        match skipped.as_number() {
            Some(n) if n == f64::INFINITY => n,
            Some(n)
                if n == f64::NEG_INFINITY
                    || (n.is_finite()
                        && n.trunc() == n
                        && !(0.0..=9_007_199_254_740_991.0).contains(&n)) =>
            {
                let e = vm.range_error("skippedElements must be between 0 and 2^53 - 1");
                return Err(close_with_error(vm, iterated, e));
            }
            Some(n) if n.is_finite() && n.trunc() == n => n,
            _ => {
                let e = vm.type_error("skippedElements must be an integral number");
                return Err(close_with_error(vm, iterated, e));
            }
        }
    };
    let rec = get_iterator_direct(vm, o)?;
    let search = args.get(0);
    let mut skipped_count: f64 = 0.0;
    loop {
        let Some(value) = step_value(vm, rec)? else {
            return Ok(Value::FALSE);
        };
        if skipped_count < to_skip {
            skipped_count += 1.0;
        } else if crate::object::ops::same_value_zero(value, search) {
            close(vm, rec)?;
            return Ok(Value::TRUE);
        }
    }
}
