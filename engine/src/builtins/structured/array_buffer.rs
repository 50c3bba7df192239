//! ArrayBuffer (#sec-arraybuffer-objects) and the byte storage shared by
//! ArrayBuffer and SharedArrayBuffer objects (their [[ArrayBufferData]]).
//!
//! A buffer's bytes live in an [`ArrayBufferData`] attached to the buffer
//! object; views (typed arrays, DataViews) hold the buffer object and reach
//! the bytes through it, so every view sees writes made through any other.

use super::shared_block::{SharedBlock, Waiter};
use crate::builtins::typed_array::element::{self, ElementType, Numeric};
use crate::builtins::{
    accessor, global_binding, link_constructor, method, native_function, species_constructor,
};
use crate::function::Args;
use crate::gc::{Gc, Trace, Tracer};
use crate::object::{Attrs, JsObject, ObjectClass, ObjectData, PropertyKey};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::cell::{Cell, RefCell};
use std::sync::Arc;

/// The largest data block we agree to allocate (CreateByteDataBlock throws
/// a RangeError above it, as the spec allows when allocation is impossible).
pub const MAX_BYTE_LENGTH: u64 = 1 << 32;

/// A pending `Atomics.waitAsync` of this agent: the promise to settle and
/// its record in the block's shared WaiterList.
pub struct AsyncWaiter {
    pub promise: Value,
    pub waiter: Arc<Waiter>,
}

/// Where a buffer's bytes live: an agent-local block, or a Shared Data
/// Block other agents may hold too.
enum Block {
    Local(RefCell<Vec<u8>>),
    Shared(Arc<SharedBlock>),
}

/// [[ArrayBufferData]] and friends.
pub struct ArrayBufferData {
    block: Block,
    detached: Cell<bool>,
    /// A SharedArrayBuffer (never detached).
    pub shared: bool,
    /// [[ArrayBufferMaxByteLength]]: present for resizable / growable buffers.
    pub max_byte_length: Option<usize>,
    /// [[ArrayBufferDetachKey]].
    pub detach_key: Cell<Value>,
    /// This agent's waiters from `Atomics.waitAsync` (shared buffers only).
    pub async_waiters: RefCell<Vec<AsyncWaiter>>,
}

impl Trace for ArrayBufferData {
    fn trace(&self, t: &mut Tracer) {
        t.mark_value(self.detach_key.get());
        for w in self.async_waiters.borrow().iter() {
            t.mark_value(w.promise);
        }
    }
}
impl ObjectData for ArrayBufferData {
    fn class_name(&self) -> &'static str {
        if self.shared {
            "SharedArrayBuffer"
        } else {
            "ArrayBuffer"
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl ArrayBufferData {
    /// A new buffer of `len` zero bytes (the caller checked the size).
    /// Shared buffers get a Shared Data Block.
    pub fn new(len: usize, max_byte_length: Option<usize>, shared: bool) -> ArrayBufferData {
        let block = if shared {
            Block::Shared(Arc::new(SharedBlock::new(len)))
        } else {
            Block::Local(RefCell::new(vec![0; len]))
        };
        ArrayBufferData::with_block(block, max_byte_length, shared)
    }

    /// A SharedArrayBuffer's data over a block another agent shared.
    pub fn from_shared(block: Arc<SharedBlock>, max_byte_length: Option<usize>) -> ArrayBufferData {
        ArrayBufferData::with_block(Block::Shared(block), max_byte_length, true)
    }

    fn with_block(block: Block, max_byte_length: Option<usize>, shared: bool) -> ArrayBufferData {
        ArrayBufferData {
            block,
            detached: Cell::new(false),
            shared,
            max_byte_length,
            detach_key: Cell::new(Value::UNDEFINED),
            async_waiters: RefCell::new(Vec::new()),
        }
    }

    /// The Shared Data Block, for a SharedArrayBuffer.
    pub fn shared_block(&self) -> Option<&Arc<SharedBlock>> {
        match &self.block {
            Block::Shared(b) => Some(b),
            Block::Local(_) => None,
        }
    }

    /// Run `f` on the bytes (under the block's lock when shared).
    fn with<R>(&self, f: impl FnOnce(&mut Vec<u8>) -> R) -> R {
        match &self.block {
            Block::Local(v) => f(&mut v.borrow_mut()),
            Block::Shared(b) => b.with_bytes(f),
        }
    }

    /// IsDetachedBuffer.
    pub fn is_detached(&self) -> bool {
        self.detached.get()
    }
    /// ArrayBufferByteLength (0 once detached).
    pub fn byte_length(&self) -> usize {
        self.with(|d| d.len())
    }
    /// IsFixedLengthArrayBuffer.
    pub fn is_fixed_length(&self) -> bool {
        self.max_byte_length.is_none()
    }
    /// `size` bytes at `index` as a little-endian integer (the bytes are
    /// reversed first for a big-endian read). Out-of-range reads give 0.
    pub fn read(&self, index: usize, size: usize, little_endian: bool) -> u64 {
        self.with(|d| read_raw(d, index, size, little_endian))
    }
    /// Store the low `size` bytes of `raw` at `index` (see `read`).
    pub fn write(&self, index: usize, size: usize, raw: u64, little_endian: bool) {
        self.with(|d| write_raw(d, index, size, raw, little_endian))
    }
    /// Read the little-endian element at `index`, store `f(old)` (if it
    /// gives a value) and return `old`, all under one lock: an atomic
    /// read-modify-write even when other agents share the block.
    pub fn modify(&self, index: usize, size: usize, f: impl FnOnce(u64) -> Option<u64>) -> u64 {
        self.with(|d| {
            let old = read_raw(d, index, size, true);
            if let Some(new) = f(old) {
                write_raw(d, index, size, new, true);
            }
            old
        })
    }
    /// A copy of `len` bytes from `from` (clipped to the block).
    pub fn copy_out(&self, from: usize, len: usize) -> Vec<u8> {
        self.with(|d| {
            let start = from.min(d.len());
            let end = from.saturating_add(len).min(d.len());
            d.get(start..end).map(|s| s.to_vec()).unwrap_or_default()
        })
    }
    /// Store `bytes` at `to` (clipped to the block).
    pub fn copy_in(&self, to: usize, bytes: &[u8]) {
        self.with(|d| {
            let start = to.min(d.len());
            let end = to.saturating_add(bytes.len()).min(d.len());
            if let (Some(dst), Some(src)) = (d.get_mut(start..end), bytes.get(..end - start)) {
                dst.copy_from_slice(src);
            }
        })
    }
    /// memmove within the block (clipped).
    pub fn copy_within(&self, from: usize, to: usize, len: usize) {
        self.with(|d| {
            let n = d.len();
            if from >= n || to >= n {
                return;
            }
            let len = len.min(n - from).min(n - to);
            d.copy_within(from..from + len, to);
        })
    }
    /// Change the byte length (new bytes are zero).
    pub fn resize(&self, len: usize) {
        self.with(|d| d.resize(len, 0))
    }
    /// DetachArrayBuffer's effect: [[ArrayBufferData]] becomes null.
    pub fn detach(&self) {
        self.with(|d| *d = Vec::new());
        self.detached.set(true);
    }
    /// Take the bytes out (for transfer), detaching this buffer.
    pub fn take(&self) -> Vec<u8> {
        let v = self.with(std::mem::take);
        self.detached.set(true);
        v
    }
    pub fn set_bytes(&self, v: Vec<u8>) {
        self.with(|d| *d = v)
    }
}

/// `size` (≤ 8) bytes of `d` at `index` as a little-endian integer; 0 when
/// out of range.
pub fn read_raw(d: &[u8], index: usize, size: usize, little_endian: bool) -> u64 {
    let mut raw = [0u8; 8];
    let size = size.min(8);
    if let Some(src) = index.checked_add(size).and_then(|end| d.get(index..end)) {
        raw[..size].copy_from_slice(src);
    }
    if !little_endian {
        raw[..size].reverse();
    }
    u64::from_le_bytes(raw)
}

/// Store the low `size` bytes of `raw` at `index` (ignored when out of range).
fn write_raw(d: &mut [u8], index: usize, size: usize, raw: u64, little_endian: bool) {
    let size = size.min(8);
    let mut bytes = raw.to_le_bytes();
    if !little_endian {
        bytes[..size].reverse();
    }
    if let Some(dst) = index
        .checked_add(size)
        .and_then(|end| d.get_mut(index..end))
    {
        dst.copy_from_slice(&bytes[..size]);
    }
}

/// The buffer data of `o`, if it is an ArrayBuffer or SharedArrayBuffer.
pub fn buffer_data(o: &JsObject) -> Option<&ArrayBufferData> {
    o.class.data::<ArrayBufferData>()
}

/// The object as an ArrayBuffer or SharedArrayBuffer, if it is one.
pub fn as_buffer(v: Value) -> Option<Gc<JsObject>> {
    v.as_object().filter(|o| buffer_data(o).is_some())
}

/// IsDetachedBuffer (non-buffers count as detached).
pub fn is_detached(buf: Gc<JsObject>) -> bool {
    buffer_data(&buf).is_none_or(|d| d.is_detached())
}

/// CreateByteDataBlock's size check.
pub fn check_block_size(vm: &mut Vm, len: u64) -> JsResult<usize> {
    if len > MAX_BYTE_LENGTH {
        return Err(vm.range_error("Array buffer allocation failed"));
    }
    // A block that would pass the heap cap stops the script before it is
    // allocated.
    vm.check_heap_room(len as usize)?;
    Ok(len as usize)
}

/// A buffer object holding `data`; its block counts toward the next
/// garbage collection.
pub fn new_buffer_object(vm: &mut Vm, proto: Gc<JsObject>, data: ArrayBufferData) -> Gc<JsObject> {
    vm.heap
        .note_external_alloc(data.byte_length().max(data.max_byte_length.unwrap_or(0)));
    vm.new_object_with(Some(proto), ObjectClass::Data(Box::new(data)))
}

/// AllocateArrayBuffer (#sec-allocatearraybuffer).
pub fn allocate_array_buffer(
    vm: &mut Vm,
    ctor: Value,
    byte_length: u64,
    max: Option<u64>,
) -> JsResult<Gc<JsObject>> {
    // 3.a. If byteLength > maxByteLength, throw a RangeError exception.
    if let Some(m) = max {
        if byte_length > m {
            return Err(vm.range_error("byteLength exceeds maxByteLength"));
        }
    }
    // 4. OrdinaryCreateFromConstructor.
    let proto = vm.get_prototype_from_constructor(ctor, Intrinsic::ArrayBufferPrototype)?;
    // 5. CreateByteDataBlock(byteLength).
    let len = check_block_size(vm, byte_length)?;
    let max = match max {
        Some(m) => Some(check_block_size(vm, m)?),
        None => None,
    };
    let data = ArrayBufferData::new(len, max, false);
    Ok(new_buffer_object(vm, proto, data))
}

/// AllocateArrayBuffer(%ArrayBuffer%, byteLength) of the current realm.
pub fn allocate_plain(vm: &mut Vm, byte_length: u64) -> JsResult<Gc<JsObject>> {
    let len = check_block_size(vm, byte_length)?;
    let proto = vm.intrinsic(Intrinsic::ArrayBufferPrototype);
    let data = ArrayBufferData::new(len, None, false);
    Ok(new_buffer_object(vm, proto, data))
}

/// CloneArrayBuffer (#sec-clonearraybuffer).
pub fn clone_array_buffer(
    vm: &mut Vm,
    src: Gc<JsObject>,
    offset: usize,
    len: usize,
) -> JsResult<Gc<JsObject>> {
    let target = allocate_plain(vm, len as u64)?;
    if let (Some(s), Some(t)) = (buffer_data(&src), buffer_data(&target)) {
        let bytes = s.copy_out(offset, len);
        t.copy_in(0, &bytes);
    }
    Ok(target)
}

/// GetValueFromBuffer (#sec-getvaluefrombuffer).
pub fn get_value_from_buffer(
    vm: &mut Vm,
    buf: Gc<JsObject>,
    index: usize,
    ty: ElementType,
    little_endian: bool,
) -> Value {
    let raw = match buffer_data(&buf) {
        Some(d) => d.read(index, ty.size(), little_endian),
        None => 0,
    };
    element::decode(vm, ty, raw)
}

/// SetValueInBuffer (#sec-setvalueinbuffer).
pub fn set_value_in_buffer(
    buf: Gc<JsObject>,
    index: usize,
    ty: ElementType,
    v: &Numeric,
    little_endian: bool,
) {
    if let Some(d) = buffer_data(&buf) {
        d.write(index, ty.size(), element::encode(ty, v), little_endian);
    }
}

/// GetArrayBufferMaxByteLengthOption (#sec-getarraybuffermaxbytelengthoption).
pub fn max_byte_length_option(vm: &mut Vm, options: Value) -> JsResult<Option<u64>> {
    let Some(o) = options.as_object() else {
        return Ok(None);
    };
    let key = vm.key("maxByteLength");
    let m = vm.get_prop(o, key)?;
    if m.is_undefined() {
        return Ok(None);
    }
    Ok(Some(vm.to_index(m)?))
}

/// Relative index resolution used by `slice` (start/end clamping).
pub fn relative_index(rel: f64, len: usize) -> usize {
    if rel == f64::NEG_INFINITY {
        0
    } else if rel < 0.0 {
        (len as f64 + rel).max(0.0) as usize
    } else {
        rel.min(len as f64) as usize
    }
}

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    vm.realm
        .set_intrinsic(Intrinsic::ArrayBufferPrototype, proto);
    let ctor = native_function(vm, "ArrayBuffer", 1, constructor, true);
    vm.realm.set_intrinsic(Intrinsic::ArrayBuffer, ctor);
    link_constructor(vm, ctor, proto);
    method(vm, ctor, "isView", 1, is_view);
    let species = PropertyKey::Symbol(vm.symbols.species);
    accessor(
        vm,
        ctor,
        species,
        "[Symbol.species]",
        Some(|_, this, _, _| Ok(this)),
        None,
    );
    let k = vm.key("byteLength");
    accessor(vm, proto, k, "byteLength", Some(byte_length), None);
    let k = vm.key("detached");
    accessor(vm, proto, k, "detached", Some(detached), None);
    let k = vm.key("maxByteLength");
    accessor(vm, proto, k, "maxByteLength", Some(max_byte_length), None);
    let k = vm.key("resizable");
    accessor(vm, proto, k, "resizable", Some(resizable), None);
    method(vm, proto, "resize", 1, resize);
    method(vm, proto, "slice", 2, slice);
    method(vm, proto, "transfer", 0, transfer);
    method(
        vm,
        proto,
        "transferToFixedLength",
        0,
        transfer_to_fixed_length,
    );
    let tag = vm.new_string("ArrayBuffer");
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    vm.define_builtin(proto, tk, tag, Attrs::CONFIGURABLE_ONLY);
    global_binding(vm, "ArrayBuffer", Value::object(ctor));
}

/// ArrayBuffer ( length [ , options ] ) (#sec-arraybuffer-length).
fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    if nt.is_undefined() {
        return Err(vm.type_error("Constructor ArrayBuffer requires 'new'"));
    }
    // 2. Let byteLength be ? ToIndex(length).
    let byte_length = vm.to_index(args.get(0))?;
    // 3. Let requestedMaxByteLength be ? GetArrayBufferMaxByteLengthOption(options).
    let max = max_byte_length_option(vm, args.get(1))?;
    // 4. Return ? AllocateArrayBuffer(NewTarget, byteLength, requestedMaxByteLength).
    Ok(Value::object(allocate_array_buffer(
        vm,
        nt,
        byte_length,
        max,
    )?))
}

/// ArrayBuffer.isView ( arg ) (#sec-arraybuffer.isview).
fn is_view(_vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let Some(o) = args.get(0).as_object() else {
        return Ok(Value::FALSE);
    };
    let view = crate::builtins::typed_array::ta_data(&o).is_some()
        || super::data_view::view_data(&o).is_some();
    Ok(Value::bool(view))
}

/// RequireInternalSlot(O, [[ArrayBufferData]]) and IsSharedArrayBuffer(O) is false.
fn this_array_buffer(vm: &mut Vm, this: Value, what: &str) -> JsResult<Gc<JsObject>> {
    match as_buffer(this) {
        Some(o) if buffer_data(&o).is_some_and(|d| !d.shared) => Ok(o),
        _ => Err(vm.type_error(&format!(
            "ArrayBuffer.prototype.{what} called on incompatible receiver"
        ))),
    }
}

/// get ArrayBuffer.prototype.byteLength (#sec-get-arraybuffer.prototype.bytelength).
fn byte_length(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let o = this_array_buffer(vm, this, "byteLength")?;
    let len = buffer_data(&o).map_or(0, |d| d.byte_length());
    Ok(Value::number(len as f64))
}

/// get ArrayBuffer.prototype.detached (#sec-get-arraybuffer.prototype.detached).
fn detached(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let o = this_array_buffer(vm, this, "detached")?;
    Ok(Value::bool(is_detached(o)))
}

/// get ArrayBuffer.prototype.maxByteLength (#sec-get-arraybuffer.prototype.maxbytelength).
fn max_byte_length(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let o = this_array_buffer(vm, this, "maxByteLength")?;
    let Some(d) = buffer_data(&o) else {
        return Ok(Value::int(0));
    };
    if d.is_detached() {
        return Ok(Value::int(0));
    }
    let len = d.max_byte_length.unwrap_or(d.byte_length());
    Ok(Value::number(len as f64))
}

/// get ArrayBuffer.prototype.resizable (#sec-get-arraybuffer.prototype.resizable).
fn resizable(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let o = this_array_buffer(vm, this, "resizable")?;
    Ok(Value::bool(
        buffer_data(&o).is_some_and(|d| !d.is_fixed_length()),
    ))
}

/// ArrayBuffer.prototype.resize ( newLength ) (#sec-arraybuffer.prototype.resize).
fn resize(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1-3. RequireInternalSlot(O, [[ArrayBufferMaxByteLength]]); not shared.
    let o = match as_buffer(this) {
        Some(o) if buffer_data(&o).is_some_and(|d| !d.shared && !d.is_fixed_length()) => o,
        _ => {
            return Err(
                vm.type_error("ArrayBuffer.prototype.resize called on incompatible receiver")
            )
        }
    };
    // 4. Let newByteLength be ? ToIndex(newLength).
    let new_len = vm.to_index(args.get(0))?;
    let Some(d) = buffer_data(&o) else {
        return Ok(Value::UNDEFINED);
    };
    // 5. If IsDetachedBuffer(O) is true, throw a TypeError exception.
    if d.is_detached() {
        return Err(vm.type_error("Cannot resize a detached ArrayBuffer"));
    }
    // 6. If newByteLength > O.[[ArrayBufferMaxByteLength]], throw a RangeError exception.
    if new_len > d.max_byte_length.unwrap_or(0) as u64 {
        return Err(vm.range_error("ArrayBuffer.prototype.resize: invalid length"));
    }
    // 9-15. Replace the block, keeping min(old, new) bytes.
    d.resize(new_len as usize);
    Ok(Value::UNDEFINED)
}

/// ArrayBuffer.prototype.slice ( start, end ) (#sec-arraybuffer.prototype.slice).
fn slice(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1-3.
    let o = this_array_buffer(vm, this, "slice")?;
    // 4. If IsDetachedBuffer(O) is true, throw a TypeError exception.
    if is_detached(o) {
        return Err(vm.type_error("Cannot slice a detached ArrayBuffer"));
    }
    // 5. Let len be O.[[ArrayBufferByteLength]].
    let len = buffer_data(&o).map_or(0, |d| d.byte_length());
    // 6-9. first.
    let rel_start = vm.to_integer_or_infinity(args.get(0))?;
    let first = relative_index(rel_start, len);
    // 10-13. final.
    let end = args.get(1);
    let final_ = if end.is_undefined() {
        len
    } else {
        relative_index(vm.to_integer_or_infinity(end)?, len)
    };
    // 14. Let newLen be max(final - first, 0).
    let new_len = final_.saturating_sub(first);
    // 15. Let ctor be ? SpeciesConstructor(O, %ArrayBuffer%).
    let default = Value::object(vm.intrinsic(Intrinsic::ArrayBuffer));
    let ctor = species_constructor(vm, o, default)?;
    // 16. Let new be ? Construct(ctor, « 𝔽(newLen) »).
    let new = vm.construct(ctor, &[Value::number(new_len as f64)], None)?;
    // 17-18. RequireInternalSlot(new, [[ArrayBufferData]]); not shared.
    let Some(new_o) = as_buffer(new).filter(|n| buffer_data(n).is_some_and(|d| !d.shared)) else {
        return Err(vm.type_error("ArrayBuffer species constructor did not return an ArrayBuffer"));
    };
    // 19. If IsDetachedBuffer(new) is true, throw a TypeError exception.
    if is_detached(new_o) {
        return Err(vm.type_error("ArrayBuffer species constructor returned a detached buffer"));
    }
    // 20. If SameValue(new, O) is true, throw a TypeError exception.
    if new_o == o {
        return Err(vm.type_error("ArrayBuffer species constructor returned the same buffer"));
    }
    // 21. If new.[[ArrayBufferByteLength]] < newLen, throw a TypeError exception.
    if buffer_data(&new_o).map_or(0, |d| d.byte_length()) < new_len {
        return Err(
            vm.type_error("ArrayBuffer species constructor returned a buffer that is too small")
        );
    }
    // 23. If IsDetachedBuffer(O) is true, throw a TypeError exception.
    if is_detached(o) {
        return Err(vm.type_error("Cannot slice a detached ArrayBuffer"));
    }
    // 24-27. Copy min(newLen, currentLen - first) bytes.
    if let (Some(from), Some(to)) = (buffer_data(&o), buffer_data(&new_o)) {
        let current_len = from.byte_length();
        if first < current_len {
            let count = new_len.min(current_len - first);
            let bytes = from.copy_out(first, count);
            to.copy_in(0, &bytes);
        }
    }
    Ok(new)
}

/// ArrayBufferCopyAndDetach (#sec-arraybuffercopyanddetach).
fn copy_and_detach(
    vm: &mut Vm,
    this: Value,
    new_length: Value,
    preserve_resizability: bool,
) -> JsResult<Value> {
    // 1-2. RequireInternalSlot(arrayBuffer, [[ArrayBufferData]]); not shared.
    let o = this_array_buffer(
        vm,
        this,
        if preserve_resizability {
            "transfer"
        } else {
            "transferToFixedLength"
        },
    )?;
    // 3-4. newByteLength.
    let new_byte_length = if new_length.is_undefined() {
        buffer_data(&o).map_or(0, |d| d.byte_length()) as u64
    } else {
        vm.to_index(new_length)?
    };
    let Some(d) = buffer_data(&o) else {
        return Err(vm.type_error("not an ArrayBuffer"));
    };
    // 5. If IsDetachedBuffer(arrayBuffer) is true, throw a TypeError exception.
    if d.is_detached() {
        return Err(vm.type_error("Cannot transfer a detached ArrayBuffer"));
    }
    // 6-7. newMaxByteLength.
    let new_max = if preserve_resizability {
        d.max_byte_length.map(|m| m as u64)
    } else {
        None
    };
    // 8. If arrayBuffer.[[ArrayBufferDetachKey]] is not undefined, throw a TypeError exception.
    if !d.detach_key.get().is_undefined() {
        return Err(vm.type_error("Cannot transfer an ArrayBuffer with a detach key"));
    }
    // 9. Let newBuffer be ? AllocateArrayBuffer(%ArrayBuffer%, newByteLength, newMaxByteLength).
    if let Some(m) = new_max {
        if new_byte_length > m {
            return Err(vm.range_error("byteLength exceeds maxByteLength"));
        }
    }
    let len = check_block_size(vm, new_byte_length)?;
    // 10-13. Copy (a move: the old block is reused) and 14. detach.
    let mut bytes = d.take();
    bytes.resize(len, 0);
    let proto = vm.intrinsic(Intrinsic::ArrayBufferPrototype);
    let data = ArrayBufferData::new(0, new_max.map(|m| m as usize), false);
    data.set_bytes(bytes);
    Ok(Value::object(new_buffer_object(vm, proto, data)))
}

/// ArrayBuffer.prototype.transfer ( [ newLength ] ) (#sec-arraybuffer.prototype.transfer).
fn transfer(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    copy_and_detach(vm, this, args.get(0), true)
}

/// ArrayBuffer.prototype.transferToFixedLength ( [ newLength ] )
/// (#sec-arraybuffer.prototype.transfertofixedlength).
fn transfer_to_fixed_length(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    copy_and_detach(vm, this, args.get(0), false)
}

/// DetachArrayBuffer (#sec-detacharraybuffer), for `$262.detachArrayBuffer`.
pub fn detach(vm: &mut Vm, v: Value, key: Value) -> JsResult<()> {
    let Some(o) = as_buffer(v) else {
        return Err(vm.type_error("detachArrayBuffer: not an ArrayBuffer"));
    };
    let Some(d) = buffer_data(&o) else {
        return Ok(());
    };
    if d.shared {
        return Err(vm.type_error("Cannot detach a SharedArrayBuffer"));
    }
    // 3. If arrayBuffer.[[ArrayBufferDetachKey]] is not key, throw a TypeError exception.
    if !crate::object::ops::same_value(d.detach_key.get(), key) {
        return Err(vm.type_error("detach key mismatch"));
    }
    // 4-5.
    d.detach();
    Ok(())
}
