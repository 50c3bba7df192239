//! SharedArrayBuffer (#sec-sharedarraybuffer-objects).
//!
//! A Shared Data Block is a [`super::shared_block::SharedBlock`]: bytes
//! behind a lock, reference-counted so that other agents (threads with
//! their own Vm) can hold the same block; growable buffers grow in place
//! under that lock.

use super::array_buffer::{
    as_buffer, buffer_data, check_block_size, max_byte_length_option, relative_index,
    ArrayBufferData,
};
use crate::builtins::{
    accessor, global_binding, link_constructor, method, native_function, species_constructor,
};
use crate::function::Args;
use crate::gc::Gc;
use crate::object::{Attrs, JsObject, ObjectClass, PropertyKey};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    vm.realm
        .set_intrinsic(Intrinsic::SharedArrayBufferPrototype, proto);
    let ctor = native_function(vm, "SharedArrayBuffer", 1, constructor, true);
    vm.realm.set_intrinsic(Intrinsic::SharedArrayBuffer, ctor);
    link_constructor(vm, ctor, proto);
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
    let k = vm.key("growable");
    accessor(vm, proto, k, "growable", Some(growable), None);
    let k = vm.key("maxByteLength");
    accessor(vm, proto, k, "maxByteLength", Some(max_byte_length), None);
    method(vm, proto, "grow", 1, grow);
    method(vm, proto, "slice", 2, slice);
    let tag = vm.new_string("SharedArrayBuffer");
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    vm.define_builtin(proto, tk, tag, Attrs::CONFIGURABLE_ONLY);
    global_binding(vm, "SharedArrayBuffer", Value::object(ctor));
}

/// AllocateSharedArrayBuffer (#sec-allocatesharedarraybuffer).
pub fn allocate_shared_array_buffer(
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
    let proto = vm.get_prototype_from_constructor(ctor, Intrinsic::SharedArrayBufferPrototype)?;
    // 5-6. CreateSharedByteDataBlock(allocLength).
    let len = check_block_size(vm, byte_length)?;
    let max = match max {
        Some(m) => Some(check_block_size(vm, m)?),
        None => None,
    };
    let data = ArrayBufferData::new(len, max, true);
    Ok(super::array_buffer::new_buffer_object(vm, proto, data))
}

/// SharedArrayBuffer ( length [ , options ] ) (#sec-sharedarraybuffer-length).
fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    if nt.is_undefined() {
        return Err(vm.type_error("Constructor SharedArrayBuffer requires 'new'"));
    }
    // 2. Let byteLength be ? ToIndex(length).
    let byte_length = vm.to_index(args.get(0))?;
    // 3. Let requestedMaxByteLength be ? GetArrayBufferMaxByteLengthOption(options).
    let max = max_byte_length_option(vm, args.get(1))?;
    // 4. Return ? AllocateSharedArrayBuffer(NewTarget, byteLength, requestedMaxByteLength).
    Ok(Value::object(allocate_shared_array_buffer(
        vm,
        nt,
        byte_length,
        max,
    )?))
}

/// RequireInternalSlot(O, [[ArrayBufferData]]) and IsSharedArrayBuffer(O) is true.
fn this_shared(vm: &mut Vm, this: Value, what: &str) -> JsResult<Gc<JsObject>> {
    match as_buffer(this) {
        Some(o) if buffer_data(&o).is_some_and(|d| d.shared) => Ok(o),
        _ => Err(vm.type_error(&format!(
            "SharedArrayBuffer.prototype.{what} called on incompatible receiver"
        ))),
    }
}

/// get SharedArrayBuffer.prototype.byteLength (#sec-get-sharedarraybuffer.prototype.bytelength).
fn byte_length(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let o = this_shared(vm, this, "byteLength")?;
    Ok(Value::number(
        buffer_data(&o).map_or(0, |d| d.byte_length()) as f64,
    ))
}

/// get SharedArrayBuffer.prototype.growable (#sec-get-sharedarraybuffer.prototype.growable).
fn growable(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let o = this_shared(vm, this, "growable")?;
    Ok(Value::bool(
        buffer_data(&o).is_some_and(|d| !d.is_fixed_length()),
    ))
}

/// get SharedArrayBuffer.prototype.maxByteLength (#sec-get-sharedarraybuffer.prototype.maxbytelength).
fn max_byte_length(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let o = this_shared(vm, this, "maxByteLength")?;
    let len = buffer_data(&o).map_or(0, |d| d.max_byte_length.unwrap_or(d.byte_length()));
    Ok(Value::number(len as f64))
}

/// SharedArrayBuffer.prototype.grow ( newLength ) (#sec-sharedarraybuffer.prototype.grow).
fn grow(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1-3. RequireInternalSlot(O, [[ArrayBufferMaxByteLength]]); shared.
    let o = match as_buffer(this) {
        Some(o) if buffer_data(&o).is_some_and(|d| d.shared && !d.is_fixed_length()) => o,
        _ => {
            return Err(
                vm.type_error("SharedArrayBuffer.prototype.grow called on incompatible receiver")
            )
        }
    };
    // 4. Let newByteLength be ? ToIndex(newLength).
    let new_len = vm.to_index(args.get(0))?;
    let Some(d) = buffer_data(&o) else {
        return Ok(Value::UNDEFINED);
    };
    // 11.b-c. Equal: nothing to do; shrinking or past the maximum: RangeError.
    let current = d.byte_length() as u64;
    if new_len == current {
        return Ok(Value::UNDEFINED);
    }
    if new_len < current || new_len > d.max_byte_length.unwrap_or(0) as u64 {
        return Err(vm.range_error("SharedArrayBuffer.prototype.grow: invalid length"));
    }
    d.resize(new_len as usize);
    Ok(Value::UNDEFINED)
}

/// SharedArrayBuffer.prototype.slice ( start, end ) (#sec-sharedarraybuffer.prototype.slice).
fn slice(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1-3.
    let o = this_shared(vm, this, "slice")?;
    // 4. Let len be ArrayBufferByteLength(O, seq-cst).
    let len = buffer_data(&o).map_or(0, |d| d.byte_length());
    // 5-8. first.
    let rel_start = vm.to_integer_or_infinity(args.get(0))?;
    let first = relative_index(rel_start, len);
    // 9-12. final.
    let end = args.get(1);
    let final_ = if end.is_undefined() {
        len
    } else {
        relative_index(vm.to_integer_or_infinity(end)?, len)
    };
    // 13. Let newLen be max(final - first, 0).
    let new_len = final_.saturating_sub(first);
    // 14. Let ctor be ? SpeciesConstructor(O, %SharedArrayBuffer%).
    let default = Value::object(vm.intrinsic(Intrinsic::SharedArrayBuffer));
    let ctor = species_constructor(vm, o, default)?;
    // 15. Let new be ? Construct(ctor, « 𝔽(newLen) »).
    let new = vm.construct(ctor, &[Value::number(new_len as f64)], None)?;
    // 16-17. RequireInternalSlot(new, [[ArrayBufferData]]); shared.
    let Some(new_o) = as_buffer(new).filter(|n| buffer_data(n).is_some_and(|d| d.shared)) else {
        return Err(vm.type_error(
            "SharedArrayBuffer species constructor did not return a SharedArrayBuffer",
        ));
    };
    // 18. If new.[[ArrayBufferData]] is O.[[ArrayBufferData]], throw a TypeError exception.
    if new_o == o {
        return Err(vm.type_error("SharedArrayBuffer species constructor returned the same buffer"));
    }
    // 19. If ArrayBufferByteLength(new, seq-cst) < newLen, throw a TypeError exception.
    if buffer_data(&new_o).map_or(0, |d| d.byte_length()) < new_len {
        return Err(vm.type_error(
            "SharedArrayBuffer species constructor returned a buffer that is too small",
        ));
    }
    // 20-22. CopyDataBlockBytes(toBuf, 0, fromBuf, first, newLen).
    if let (Some(from), Some(to)) = (buffer_data(&o), buffer_data(&new_o)) {
        let bytes = from.copy_out(first, new_len);
        to.copy_in(0, &bytes);
    }
    Ok(new)
}
