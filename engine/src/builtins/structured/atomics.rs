//! The Atomics object (#sec-atomics-object).
//!
//! A SharedArrayBuffer's bytes may be shared with other agents (threads,
//! see `shared_block.rs`): read-modify-write operations run under the
//! block's lock, and the WaiterList is the block's. `wait` blocks on the
//! block's condition variable; `waitAsync` waiters of this agent keep
//! their promise on the buffer object and are settled by this agent's
//! `notify`, or by a polling job (timeouts, other agents' notifies).

use super::array_buffer::{as_buffer, buffer_data, read_raw, ArrayBufferData, AsyncWaiter};
use super::shared_block::{agents_running, current_agent, SharedBlock, WaitEnd};
use crate::builtins::typed_array::element::{self, ElementType, Numeric};
use crate::builtins::typed_array::{validate, TypedArrayData};
use crate::builtins::{global_binding, method};
use crate::function::{Args, NativeFn};
use crate::gc::{Rooted, ValueList};
use crate::object::{Attrs, ObjectClass, PropertyKey};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{Exception, Job, JsResult, Termination, Vm};
use std::cell::Cell;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let atomics = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    vm.realm.set_intrinsic(Intrinsic::Atomics, atomics);
    let methods: &[(&str, u32, NativeFn)] = &[
        ("add", 3, add),
        ("and", 3, and),
        ("compareExchange", 4, compare_exchange),
        ("exchange", 3, exchange),
        ("isLockFree", 1, is_lock_free),
        ("load", 2, load),
        ("notify", 3, notify),
        ("or", 3, or),
        ("pause", 0, pause),
        ("store", 3, store),
        ("sub", 3, sub),
        ("wait", 4, wait),
        ("waitAsync", 4, wait_async),
        ("xor", 3, xor),
    ];
    for &(name, len, f) in methods {
        method(vm, atomics, name, len, f);
    }
    let tag = vm.new_string("Atomics");
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    vm.define_builtin(atomics, tk, tag, Attrs::CONFIGURABLE_ONLY);
    global_binding(vm, "Atomics", Value::object(atomics));
}

/// ValidateIntegerTypedArray (#sec-validateintegertypedarray): the slots
/// and the current length.
fn validate_integer_typed_array(
    vm: &mut Vm,
    ta: Value,
    waitable: bool,
) -> JsResult<(TypedArrayData, usize)> {
    // 1. Let taRecord be ? ValidateTypedArray(typedArray, unordered).
    let (_, d, len) = validate(vm, ta)?;
    let ok = if waitable {
        // 2.a. Int32Array or BigInt64Array only.
        matches!(d.ty, ElementType::Int32 | ElementType::BigInt64)
    } else {
        // 3.b. Unclamped integer or BigInt element types.
        d.ty.is_unclamped_integer() || d.ty.is_bigint()
    };
    if !ok {
        return Err(vm.type_error(&format!(
            "Atomics operations are not allowed on {}",
            d.ty.name()
        )));
    }
    Ok((d, len))
}

/// ValidateAtomicAccess (#sec-validateatomicaccess): the byte index.
fn validate_atomic_access(
    vm: &mut Vm,
    d: &TypedArrayData,
    len: usize,
    request_index: Value,
) -> JsResult<usize> {
    // 2. Let accessIndex be ? ToIndex(requestIndex).
    let index = vm.to_index(request_index)?;
    // 4. If accessIndex ≥ length, throw a RangeError exception.
    if index >= len as u64 {
        return Err(vm.range_error("Invalid atomic access index"));
    }
    // 5-8. Return (accessIndex × elementSize) + offset.
    Ok(index as usize * d.ty.size() + d.byte_offset)
}

/// RevalidateAtomicAccess (#sec-revalidateatomicaccess).
fn revalidate(vm: &mut Vm, d: &TypedArrayData, byte_index: usize) -> JsResult<()> {
    // 2. If IsTypedArrayOutOfBounds(taRecord) is true, throw a TypeError exception.
    if d.length().is_none() {
        return Err(vm.type_error("typed array is detached or out of bounds"));
    }
    // 4. If byteIndexInBuffer ≥ taRecord.[[CachedBufferByteLength]], throw a RangeError exception.
    if byte_index >= d.buffer_byte_length().unwrap_or(0) {
        return Err(vm.range_error("Invalid atomic access index"));
    }
    Ok(())
}

/// ToBigInt for ~bigint~ content, else 𝔽(? ToIntegerOrInfinity(v)).
fn to_integer_numeric(vm: &mut Vm, ty: ElementType, v: Value) -> JsResult<Numeric> {
    if ty.is_bigint() {
        return element::to_numeric_for(vm, ty, v);
    }
    // + 0.0 turns -0 into +0.
    Ok(Numeric::Number(vm.to_integer_or_infinity(v)? + 0.0))
}

/// The mask of an element's raw bits.
fn mask(ty: ElementType) -> u64 {
    match ty.size() {
        8 => u64::MAX,
        n => (1u64 << (n * 8)) - 1,
    }
}

#[derive(Copy, Clone)]
enum Rmw {
    Add,
    Sub,
    And,
    Or,
    Xor,
    Exchange,
}

/// AtomicReadModifyWrite (#sec-atomicreadmodifywrite).
fn read_modify_write(vm: &mut Vm, args: Args, op: Rmw) -> JsResult<Value> {
    // 1. Let byteIndexInBuffer be ? ValidateAtomicAccessOnIntegerTypedArray(typedArray, index).
    let (d, len) = validate_integer_typed_array(vm, args.get(0), false)?;
    let byte_index = validate_atomic_access(vm, &d, len, args.get(1))?;
    // 2-3. Convert the value.
    let v = to_integer_numeric(vm, d.ty, args.get(2))?;
    // 4. Perform ? RevalidateAtomicAccess(typedArray, byteIndexInBuffer).
    revalidate(vm, &d, byte_index)?;
    // 5-7. GetModifySetValueInBuffer: the modular arithmetic of the
    // element types is wrapping arithmetic on the raw bits.
    let size = d.ty.size();
    let Some(buf) = d.buf() else {
        return Ok(Value::UNDEFINED);
    };
    let y = element::encode(d.ty, &v);
    let old = buf.modify(byte_index, size, |old| {
        Some(match op {
            Rmw::Add => old.wrapping_add(y),
            Rmw::Sub => old.wrapping_sub(y),
            Rmw::And => old & y,
            Rmw::Or => old | y,
            Rmw::Xor => old ^ y,
            Rmw::Exchange => y,
        })
    });
    Ok(element::decode(vm, d.ty, old))
}

/// Atomics.add (#sec-atomics.add).
fn add(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    read_modify_write(vm, args, Rmw::Add)
}
/// Atomics.and (#sec-atomics.and).
fn and(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    read_modify_write(vm, args, Rmw::And)
}
/// Atomics.exchange (#sec-atomics.exchange).
fn exchange(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    read_modify_write(vm, args, Rmw::Exchange)
}
/// Atomics.or (#sec-atomics.or).
fn or(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    read_modify_write(vm, args, Rmw::Or)
}
/// Atomics.sub (#sec-atomics.sub).
fn sub(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    read_modify_write(vm, args, Rmw::Sub)
}
/// Atomics.xor (#sec-atomics.xor).
fn xor(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    read_modify_write(vm, args, Rmw::Xor)
}

/// Atomics.compareExchange (#sec-atomics.compareexchange).
fn compare_exchange(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1. Let byteIndexInBuffer be ? ValidateAtomicAccessOnIntegerTypedArray(typedArray, index).
    let (d, len) = validate_integer_typed_array(vm, args.get(0), false)?;
    let byte_index = validate_atomic_access(vm, &d, len, args.get(1))?;
    // 4-5. expected, replacement.
    let expected = to_integer_numeric(vm, d.ty, args.get(2))?;
    let replacement = to_integer_numeric(vm, d.ty, args.get(3))?;
    // 6. Perform ? RevalidateAtomicAccess(typedArray, byteIndexInBuffer).
    revalidate(vm, &d, byte_index)?;
    let size = d.ty.size();
    let Some(buf) = d.buf() else {
        return Ok(Value::UNDEFINED);
    };
    // 10-13. Compare the raw bytes; store the replacement when equal.
    let m = mask(d.ty);
    let (exp, rep) = (
        element::encode(d.ty, &expected) & m,
        element::encode(d.ty, &replacement),
    );
    let read = buf.modify(byte_index, size, |old| (old & m == exp).then_some(rep));
    Ok(element::decode(vm, d.ty, read))
}

/// Atomics.isLockFree ( size ) (#sec-atomics.islockfree).
fn is_lock_free(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let n = vm.to_integer_or_infinity(args.get(0))?;
    Ok(Value::bool(n == 1.0 || n == 2.0 || n == 4.0 || n == 8.0))
}

/// Atomics.load ( typedArray, index ) (#sec-atomics.load).
fn load(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (d, len) = validate_integer_typed_array(vm, args.get(0), false)?;
    let byte_index = validate_atomic_access(vm, &d, len, args.get(1))?;
    revalidate(vm, &d, byte_index)?;
    let raw = d.buf().map_or(0, |b| b.read(byte_index, d.ty.size(), true));
    Ok(element::decode(vm, d.ty, raw))
}

/// Atomics.store ( typedArray, index, value ) (#sec-atomics.store).
fn store(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (d, len) = validate_integer_typed_array(vm, args.get(0), false)?;
    let byte_index = validate_atomic_access(vm, &d, len, args.get(1))?;
    // 2-3. Let v be ? ToBigInt(value) or 𝔽(? ToIntegerOrInfinity(value)).
    let v = to_integer_numeric(vm, d.ty, args.get(2))?;
    revalidate(vm, &d, byte_index)?;
    if let Some(b) = d.buf() {
        b.write(byte_index, d.ty.size(), element::encode(d.ty, &v), true);
    }
    // 8. Return v.
    Ok(match v {
        Numeric::Number(n) => Value::number(n),
        Numeric::BigInt(b) => vm.new_bigint(b),
    })
}

/// Atomics.pause ( [ N ] ): a spin-wait hint.
fn pause(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let n = args.get(0);
    if !n.is_undefined() {
        let ok = n
            .as_number()
            .is_some_and(|x| x.is_finite() && x.trunc() == x);
        if !ok {
            return Err(vm.type_error("Atomics.pause: the argument must be an integral Number"));
        }
    }
    std::hint::spin_loop();
    Ok(Value::UNDEFINED)
}

/// The validated arguments of DoWait.
struct WaitArgs {
    buffer: crate::gc::Gc<crate::object::JsObject>,
    block: Arc<SharedBlock>,
    byte_index: usize,
    size: usize,
    /// The mask of the element's raw bits (see `mask`).
    mask: u64,
    /// The expected raw value, masked to the element size.
    expected: u64,
    /// Milliseconds; None for +∞.
    timeout: Option<f64>,
}

impl WaitArgs {
    /// Compare the element with the expected value (called inside the
    /// WaiterList's critical section).
    fn matches(&self) -> impl FnOnce(&[u8]) -> bool + '_ {
        move |bytes| read_raw(bytes, self.byte_index, self.size, true) & self.mask == self.expected
    }
}

/// DoWait steps 1-18 (#sec-dowait): validate and convert.
fn do_wait_prepare(vm: &mut Vm, args: Args) -> JsResult<WaitArgs> {
    // 1. Let taRecord be ? ValidateIntegerTypedArray(typedArray, true).
    let (d, len) = validate_integer_typed_array(vm, args.get(0), true)?;
    // 2-3. If IsSharedArrayBuffer(buffer) is false, throw a TypeError exception.
    let Some(block) = d.buf().and_then(|b| b.shared_block().cloned()) else {
        return Err(vm.type_error("Atomics.wait requires a shared typed array"));
    };
    // 4. Let i be ? ValidateAtomicAccess(taRecord, index).
    let byte_index = validate_atomic_access(vm, &d, len, args.get(1))?;
    // 5-7. Let v be ? ToBigInt64(value) or ? ToInt32(value).
    let v = if d.ty.is_bigint() {
        element::encode(d.ty, &element::to_numeric_for(vm, d.ty, args.get(2))?)
    } else {
        vm.to_int32(args.get(2))? as u32 as u64
    };
    // 8-9. Let q be ? ToNumber(timeout); t.
    let q = vm.to_number(args.get(3))?;
    let timeout = if q.is_nan() || q == f64::INFINITY {
        None
    } else if q == f64::NEG_INFINITY {
        Some(0.0)
    } else {
        Some(q.max(0.0))
    };
    Ok(WaitArgs {
        buffer: d.buffer,
        block,
        byte_index,
        size: d.ty.size(),
        mask: mask(d.ty),
        expected: v & mask(d.ty),
        timeout,
    })
}

/// A timeout in milliseconds as a Duration (huge values saturate).
fn millis(t: f64) -> Duration {
    Duration::from_secs_f64(t.min(1e12) / 1000.0)
}

/// Atomics.wait ( typedArray, index, value, timeout ) (#sec-atomics.wait).
fn wait(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let w = do_wait_prepare(vm, args)?;
    if w.timeout.is_none() && vm.limits.deadline.is_none() && agents_running() == 0 {
        // No other agent exists to notify us: waiting forever would hang
        // the host. (With agents, a real blocking wait follows.)
        let equal = w.block.with_bytes(|b| (w.matches())(b));
        if equal {
            return Err(vm.type_error("Atomics.wait would block forever"));
        }
    }
    // 19-33. Compare inside the critical section, then suspend until
    // notified or timed out. The deadline and the interrupt flag still
    // apply while suspended.
    let deadline = vm.limits.deadline;
    let interrupt = vm.limits.interrupt.clone();
    let stop = || {
        deadline.is_some_and(|d| Instant::now() >= d)
            || interrupt
                .as_ref()
                .is_some_and(|f| f.load(Ordering::Relaxed))
    };
    let end = w
        .block
        .wait(w.byte_index, w.matches(), w.timeout.map(millis), stop);
    let s = match end {
        WaitEnd::NotEqual => "not-equal",
        WaitEnd::Ok => "ok",
        WaitEnd::TimedOut => "timed-out",
        WaitEnd::Stopped => {
            let why = if deadline.is_some_and(|d| Instant::now() >= d) {
                Termination::Deadline
            } else {
                Termination::Interrupted
            };
            return Err(Exception::Terminate(why));
        }
    };
    Ok(vm.new_string(s))
}

thread_local! {
    static NEXT_TOKEN: Cell<u64> = const { Cell::new(1) };
}

/// Atomics.waitAsync ( typedArray, index, value, timeout ) (#sec-atomics.waitasync).
fn wait_async(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let w = do_wait_prepare(vm, args)?;
    // 16. Let resultObject be OrdinaryObjectCreate(%Object.prototype%).
    let result = vm.new_object();
    let (ak, vk) = (vm.key("async"), vm.key("value"));
    let token = NEXT_TOKEN.with(|c| {
        let t = c.get();
        c.set(t + 1);
        t
    });
    // 19-28. In the critical section: compare, then (t > 0) add a waiter.
    let waiter = if w.timeout == Some(0.0) {
        let equal = w.block.with_bytes(|b| (w.matches())(b));
        Err(if equal { "timed-out" } else { "not-equal" })
    } else {
        w.block
            .add_async_waiter(w.byte_index, token, w.matches())
            .ok_or("not-equal")
    };
    let waiter = match waiter {
        Ok(waiter) => waiter,
        Err(s) => {
            // 20.c-e / 21.b-d. { async: false, value: s }.
            let sv = vm.new_string(s);
            vm.create_data_property_or_throw(result, ak, Value::FALSE)?;
            vm.create_data_property_or_throw(result, vk, sv)?;
            return Ok(Value::object(result));
        }
    };
    // 16.a. Let promiseCapability be ! NewPromiseCapability(%Promise%).
    let promise = crate::builtins::promise::new_promise(vm);
    if let Some(b) = buffer_data(&w.buffer) {
        b.async_waiters
            .borrow_mut()
            .push(AsyncWaiter { promise, waiter });
    }
    // 29.b. EnqueueAtomicsWaitAsyncTimeoutJob. Another agent's notify can
    // only flag the waiter, so while agents run the job also polls for it.
    if w.timeout.is_some() || agents_running() > 0 {
        let deadline = w
            .timeout
            .and_then(|t| Instant::now().checked_add(millis(t)));
        let buffer = vm.rooted(Value::object(w.buffer));
        schedule_timeout(vm, buffer, token, deadline);
    }
    // 32-34. { async: true, value: promise }.
    vm.create_data_property_or_throw(result, ak, Value::TRUE)?;
    vm.create_data_property_or_throw(result, vk, promise)?;
    Ok(Value::object(result))
}

/// Queue a job that settles the waiter `token` once notified (by another
/// agent) or at `deadline` (it polls: the host has no timers).
fn schedule_timeout(vm: &mut Vm, buffer: Rooted, token: u64, deadline: Option<Instant>) {
    vm.jobs.push_back(Job::Native(Box::new(move |vm: &mut Vm| {
        timeout_job(vm, buffer, token, deadline)
    })));
}

/// The waitAsync timeout job: resolve with "ok" if another agent notified
/// the waiter, with "timed-out" once the deadline passes, and do nothing
/// if this agent's `notify` settled it already.
fn timeout_job(
    vm: &mut Vm,
    buffer_handle: Rooted,
    token: u64,
    deadline: Option<Instant>,
) -> JsResult<()> {
    let Some(buffer) = as_buffer(buffer_handle.get()) else {
        return Ok(());
    };
    let Some(b) = buffer_data(&buffer) else {
        return Ok(());
    };
    let waiter = {
        let ws = b.async_waiters.borrow();
        ws.iter()
            .find(|w| w.waiter.token == token)
            .map(|w| w.waiter.clone())
    };
    let Some(waiter) = waiter else {
        return Ok(());
    };
    let now = Instant::now();
    let outcome = if waiter.is_notified() {
        "ok"
    } else if deadline.is_some_and(|d| now >= d) {
        match b.shared_block() {
            // A notify may have taken it between the two checks.
            Some(block) if !block.remove_waiter(&waiter) => "ok",
            _ => "timed-out",
        }
    } else {
        if vm.limits.deadline.is_some_and(|d| now >= d) {
            return Err(Exception::Terminate(Termination::Deadline));
        }
        if vm.jobs.is_empty() {
            // Nothing else to do: sleep a little rather than spin.
            let nap = Duration::from_millis(5);
            std::thread::sleep(deadline.map_or(nap, |d| (d - now).min(nap)));
        }
        schedule_timeout(vm, buffer_handle, token, deadline);
        return Ok(());
    };
    let promise = take_async_waiter(b, token);
    if let Some(p) = promise {
        let s = vm.new_string(outcome);
        crate::builtins::promise::resolve_promise_value(vm, p, s)?;
    }
    Ok(())
}

/// Remove this agent's record of waiter `token`, giving its promise.
fn take_async_waiter(b: &ArrayBufferData, token: u64) -> Option<Value> {
    let mut ws = b.async_waiters.borrow_mut();
    let pos = ws.iter().position(|w| w.waiter.token == token)?;
    Some(ws.remove(pos).promise)
}

/// Atomics.notify ( typedArray, index, count ) (#sec-atomics.notify).
fn notify(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1. Let taRecord be ? ValidateIntegerTypedArray(typedArray, true).
    let (d, len) = validate_integer_typed_array(vm, args.get(0), true)?;
    // 2. Let byteIndexInBuffer be ? ValidateAtomicAccess(taRecord, index).
    let byte_index = validate_atomic_access(vm, &d, len, args.get(1))?;
    // 3-4. c.
    let count = args.get(2);
    let c = if count.is_undefined() {
        f64::INFINITY
    } else {
        vm.to_integer_or_infinity(count)?.max(0.0)
    };
    // 7. If IsSharedArrayBuffer(buffer) is false, return +0𝔽.
    let Some(b) = d.buf().filter(|b| b.shared) else {
        return Ok(Value::int(0));
    };
    // 9-10. RemoveWaiters(WL, c): every agent's waiters, in FIFO order.
    let removed = match b.shared_block() {
        Some(block) => block.notify(byte_index, c),
        None => Vec::new(),
    };
    // This agent's async waiters are settled here; other agents' wake up
    // (sync) or are found by their polling job (async).
    let me = current_agent();
    let mut promises: ValueList = vm.rooted_vec();
    for w in removed.iter().filter(|w| w.agent == me && w.token != 0) {
        if let Some(p) = take_async_waiter(b, w.token) {
            promises.push(p);
        }
    }
    // 11. NotifyWaiter for each: resolve the promise with "ok".
    let ok = vm.new_string("ok");
    for p in &promises {
        crate::builtins::promise::resolve_promise_value(vm, p, ok)?;
    }
    Ok(Value::number(removed.len() as f64))
}
