//! Typed arrays (#sec-typedarray-objects).
//!
//! - `element`: element types and value ↔ byte conversions;
//! - `exotic`: the TypedArray exotic-object internal methods (the class's
//!   table, `exotic::TYPED_ARRAY`, which the object model calls through);
//! - `constructors`: %TypedArray%, the concrete constructors, `from`/`of`
//!   and the creation abstract operations;
//! - `prototype` / `prototype_copy`: %TypedArray.prototype%;
//! - `base64`: Uint8Array to and from base64 / hex.
//!
//! A typed array's internal slots are a [`TypedArrayData`]; the bytes live
//! in the viewed buffer (structured/array_buffer.rs).

pub mod base64;
pub mod constructors;
pub mod element;
pub mod exotic;
pub mod prototype;
pub mod prototype_copy;

use crate::builtins::structured::array_buffer::{buffer_data, ArrayBufferData};
use crate::gc::{Gc, Trace, Tracer};
use crate::object::{JsObject, ObjectClass, ObjectData};
use element::ElementType;

use crate::value::Value;
use crate::vm::{JsResult, Vm};

/// The internal slots of a TypedArray: [[TypedArrayName]] / [[ContentType]]
/// (from `ty`), [[ViewedArrayBuffer]], [[ByteOffset]] and [[ArrayLength]]
/// ([[ByteLength]] follows from the length).
#[derive(Copy, Clone)]
pub struct TypedArrayData {
    pub ty: ElementType,
    pub buffer: Gc<JsObject>,
    pub byte_offset: usize,
    /// None: ~auto~ (a length-tracking view of a resizable buffer).
    pub array_length: Option<usize>,
}

impl Trace for TypedArrayData {
    fn trace(&self, t: &mut Tracer) {
        t.mark(self.buffer);
    }
}
impl ObjectData for TypedArrayData {
    fn class_name(&self) -> &'static str {
        self.ty.name()
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn internal_methods(&self) -> &'static crate::object::InternalMethods {
        &exotic::TYPED_ARRAY
    }
}

/// The typed-array slots of `o`, if it is a TypedArray.
#[inline]
pub fn ta_data(o: &JsObject) -> Option<TypedArrayData> {
    match &o.class {
        ObjectClass::Data(d) => d.as_any().downcast_ref::<TypedArrayData>().copied(),
        _ => None,
    }
}

/// `v` as a TypedArray with its slots.
pub fn as_typed_array(v: Value) -> Option<(Gc<JsObject>, TypedArrayData)> {
    let o = v.as_object()?;
    let d = ta_data(&o)?;
    Some((o, d))
}

impl TypedArrayData {
    pub fn buf(&self) -> Option<&ArrayBufferData> {
        buffer_data(&self.buffer)
    }
    /// The buffer's byte length, or None when detached
    /// (MakeTypedArrayWithBufferWitnessRecord's [[CachedBufferByteLength]]).
    pub fn buffer_byte_length(&self) -> Option<usize> {
        let b = self.buf()?;
        if b.is_detached() {
            None
        } else {
            Some(b.byte_length())
        }
    }
    /// IsTypedArrayOutOfBounds + TypedArrayLength
    /// (#sec-istypedarrayoutofbounds, #sec-typedarraylength): the length,
    /// or None when the view is out of bounds (or detached).
    pub fn length(&self) -> Option<usize> {
        let buf_len = self.buffer_byte_length()?;
        let size = self.ty.size();
        match self.array_length {
            None => {
                if self.byte_offset > buf_len {
                    return None;
                }
                Some((buf_len - self.byte_offset) / size)
            }
            Some(n) => {
                let end = self.byte_offset.checked_add(n.checked_mul(size)?)?;
                if self.byte_offset > buf_len || end > buf_len {
                    return None;
                }
                Some(n)
            }
        }
    }
    /// The length, 0 when out of bounds.
    pub fn length_or_zero(&self) -> usize {
        self.length().unwrap_or(0)
    }
    /// TypedArrayByteLength (#sec-typedarraybytelength).
    pub fn byte_length(&self) -> usize {
        self.length_or_zero() * self.ty.size()
    }
    /// IsTypedArrayFixedLength (#sec-istypedarrayfixedlength).
    pub fn is_fixed_length(&self) -> bool {
        if self.array_length.is_none() {
            return false;
        }
        match self.buf() {
            Some(b) => b.is_fixed_length() || b.shared,
            None => true,
        }
    }
    /// IsValidIntegerIndex (#sec-isvalidintegerindex).
    pub fn is_valid_index(&self, index: f64) -> bool {
        if index.fract() != 0.0 || !index.is_finite() {
            return false;
        }
        if index == 0.0 && index.is_sign_negative() || index < 0.0 {
            return false;
        }
        match self.length() {
            Some(len) => index < len as f64,
            None => false,
        }
    }
    /// The raw bits of element `i` (no bounds check beyond the block's).
    pub fn read_raw(&self, i: usize) -> u64 {
        let size = self.ty.size();
        match self.buf() {
            Some(b) => b.read(self.byte_offset + i * size, size, true),
            None => 0,
        }
    }
    /// Store raw bits into element `i`.
    pub fn write_raw(&self, i: usize, raw: u64) {
        let size = self.ty.size();
        if let Some(b) = self.buf() {
            b.write(self.byte_offset + i * size, size, raw, true);
        }
    }
    /// Element `i` as a language value, undefined when not a valid index.
    pub fn get(&self, vm: &mut Vm, i: usize) -> Value {
        match self.length() {
            Some(len) if i < len => {
                let raw = self.read_raw(i);
                element::decode(vm, self.ty, raw)
            }
            _ => Value::UNDEFINED,
        }
    }
}

/// TypedArrayGetElement (#sec-typedarraygetelement).
pub fn get_element(vm: &mut Vm, d: &TypedArrayData, index: f64) -> Value {
    if !d.is_valid_index(index) {
        return Value::UNDEFINED;
    }
    d.get(vm, index as usize)
}

/// TypedArraySetElement (#sec-typedarraysetelement).
pub fn set_element(vm: &mut Vm, d: &TypedArrayData, index: f64, v: Value) -> JsResult<()> {
    // 1-2. Convert first (this may run code that detaches or resizes).
    let num = element::to_numeric_for(vm, d.ty, v)?;
    // 3. If IsValidIntegerIndex(O, index) is true, store.
    if d.is_valid_index(index) {
        d.write_raw(index as usize, element::encode(d.ty, &num));
    }
    Ok(())
}

/// ValidateTypedArray (#sec-validatetypedarray): the object, its slots
/// and its current length.
pub fn validate(vm: &mut Vm, v: Value) -> JsResult<(Gc<JsObject>, TypedArrayData, usize)> {
    // 1. Perform ? RequireInternalSlot(O, [[TypedArrayName]]).
    let Some((o, d)) = as_typed_array(v) else {
        return Err(vm.type_error("this is not a typed array"));
    };
    // 3-4. If IsTypedArrayOutOfBounds(taRecord) is true, throw a TypeError exception.
    match d.length() {
        Some(len) => Ok((o, d, len)),
        None => Err(vm.type_error("typed array is detached or out of bounds")),
    }
}

/// The length %ArrayIteratorPrototype%.next uses for a TypedArray (a
/// TypeError when out of bounds); None for other objects.
pub fn iterator_length(vm: &mut Vm, o: Gc<JsObject>) -> Option<JsResult<u64>> {
    let d = ta_data(&o)?;
    Some(match d.length() {
        Some(len) => Ok(len as u64),
        None => Err(vm.type_error("typed array is detached or out of bounds")),
    })
}

/// A new TypedArray object (TypedArrayCreate with its slots filled in).
pub fn create(
    vm: &mut Vm,
    proto: Gc<JsObject>,
    ty: ElementType,
    buffer: Gc<JsObject>,
    byte_offset: usize,
    array_length: Option<usize>,
) -> Gc<JsObject> {
    let data = TypedArrayData {
        ty,
        buffer,
        byte_offset,
        array_length,
    };
    vm.new_object_with(Some(proto), ObjectClass::Data(Box::new(data)))
}

pub fn init(vm: &mut Vm) {
    prototype::init(vm);
    constructors::init(vm);
    base64::init(vm);
}
