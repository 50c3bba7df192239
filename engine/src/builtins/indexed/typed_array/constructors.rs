//! %TypedArray% (#sec-%typedarray%-intrinsic-object), the concrete
//! _TypedArray_ constructors (#sec-typedarray-constructors) and the
//! abstract operations that create typed arrays.

use super::element::{self, ElementType};
use super::{create, ta_data, validate, TypedArrayData};
use crate::builtins::structured::array_buffer::{allocate_plain, buffer_data, clone_array_buffer};
use crate::builtins::{
    accessor, global_binding, link_constructor, method, native_function, species_constructor,
};
use crate::function::{Args, NativeFn};
use crate::gc::{Gc, ValueList};
use crate::object::{Attrs, JsObject, PropertyKey};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

macro_rules! concrete_constructors {
    ($($f:ident => $ty:ident),* $(,)?) => {
        $(
            fn $f(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
                construct(vm, ElementType::$ty, args, nt)
            }
        )*
        /// The native function behind each concrete constructor.
        fn constructor_fn(ty: ElementType) -> NativeFn {
            match ty {
                $(ElementType::$ty => $f,)*
            }
        }
    };
}

concrete_constructors! {
    int8_array => Int8,
    uint8_array => Uint8,
    uint8_clamped_array => Uint8Clamped,
    int16_array => Int16,
    uint16_array => Uint16,
    int32_array => Int32,
    uint32_array => Uint32,
    bigint64_array => BigInt64,
    biguint64_array => BigUint64,
    float16_array => Float16,
    float32_array => Float32,
    float64_array => Float64,
}

pub fn init(vm: &mut Vm) {
    // %TypedArray% and its static methods.
    let ta_proto = vm.intrinsic(Intrinsic::TypedArrayPrototype);
    let ta_ctor = native_function(vm, "TypedArray", 0, typed_array_ctor, true);
    vm.realm.set_intrinsic(Intrinsic::TypedArray, ta_ctor);
    link_constructor(vm, ta_ctor, ta_proto);
    method(vm, ta_ctor, "from", 1, from);
    method(vm, ta_ctor, "of", 0, of);
    let species = PropertyKey::Symbol(vm.symbols.species);
    accessor(
        vm,
        ta_ctor,
        species,
        "[Symbol.species]",
        Some(|_, this, _, _| Ok(this)),
        None,
    );

    // The concrete constructors and their prototypes.
    for ty in ElementType::ALL {
        let proto = vm.new_object_with(Some(ta_proto), crate::object::ObjectClass::Ordinary);
        vm.realm.set_intrinsic(ty.prototype_intrinsic(), proto);
        let ctor = native_function(vm, ty.name(), 3, constructor_fn(ty), true);
        ctor.set_proto_raw(Some(ta_ctor));
        vm.realm.set_intrinsic(ty.constructor_intrinsic(), ctor);
        link_constructor(vm, ctor, proto);
        let bpe = Value::int(ty.size() as i32);
        crate::builtins::value(vm, ctor, "BYTES_PER_ELEMENT", bpe, Attrs::NONE);
        crate::builtins::value(vm, proto, "BYTES_PER_ELEMENT", bpe, Attrs::NONE);
        global_binding(vm, ty.name(), Value::object(ctor));
    }
}

/// %TypedArray% ( ) (#sec-%typedarray%): always throws.
fn typed_array_ctor(vm: &mut Vm, _this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    Err(vm.type_error("Abstract class TypedArray not directly constructable"))
}

/// _TypedArray_ ( ...args ) (#sec-typedarray).
fn construct(vm: &mut Vm, ty: ElementType, args: Args, nt: Value) -> JsResult<Value> {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    if nt.is_undefined() {
        return Err(vm.type_error(&format!("Constructor {} requires 'new'", ty.name())));
    }
    // 5. If numberOfArgs = 0, return ? AllocateTypedArray(constructorName, NewTarget, proto, 0).
    if args.is_empty() {
        return Ok(Value::object(allocate_typed_array(vm, ty, nt, 0)?));
    }
    let first = args.get(0);
    let Some(fo) = first.as_object() else {
        // 6.c.i-ii. Let elementLength be ? ToIndex(firstArgument).
        let len = vm.to_index(first)?;
        return Ok(Value::object(allocate_typed_array(vm, ty, nt, len)?));
    };
    // 6.b.i. AllocateTypedArray(constructorName, NewTarget, proto): the
    // prototype is looked up first; the object is made once its slots are known.
    let proto = vm.get_prototype_from_constructor(nt, ty.prototype_intrinsic())?;
    let o = if let Some(src) = ta_data(&fo) {
        // 6.b.ii. InitializeTypedArrayFromTypedArray(O, firstArgument).
        init_from_typed_array(vm, proto, ty, &src)?
    } else if buffer_data(&fo).is_some() {
        // 6.b.iii. InitializeTypedArrayFromArrayBuffer(O, firstArgument, byteOffset, length).
        init_from_array_buffer(vm, proto, ty, fo, args.get(1), args.get(2))?
    } else {
        // 6.b.iv. An iterable or array-like object.
        let ik = PropertyKey::Symbol(vm.symbols.iterator);
        match vm.get_method(first, ik)? {
            Some(m) => {
                let values = iterator_to_list(vm, first, m)?;
                init_from_list(vm, proto, ty, &values)?
            }
            None => init_from_array_like(vm, proto, ty, fo)?,
        }
    };
    Ok(Value::object(o))
}

/// IteratorToList(GetIteratorFromMethod(obj, method)), as a rooted list.
pub fn iterator_to_list(vm: &mut Vm, obj: Value, m: Value) -> JsResult<ValueList> {
    // `it` and `next` are locals (found by the stack scan); the values
    // collected while the iterator runs JavaScript are rooted by the list.
    let (it, next) = vm.get_iterator_from_method(obj, m)?;
    let mut values: ValueList = vm.rooted_vec();
    while let Some(v) = vm.iterator_step_value(it, next)? {
        values.push(v);
    }
    Ok(values)
}

/// A fresh ArrayBuffer for `len` elements of `ty` (AllocateTypedArrayBuffer).
fn allocate_buffer(vm: &mut Vm, ty: ElementType, len: u64) -> JsResult<Gc<JsObject>> {
    let byte_len = len.saturating_mul(ty.size() as u64);
    allocate_plain(vm, byte_len)
}

/// AllocateTypedArray with a length (#sec-allocatetypedarray).
pub fn allocate_typed_array(
    vm: &mut Vm,
    ty: ElementType,
    nt: Value,
    len: u64,
) -> JsResult<Gc<JsObject>> {
    // 1. Let proto be ? GetPrototypeFromConstructor(newTarget, defaultProto).
    let proto = vm.get_prototype_from_constructor(nt, ty.prototype_intrinsic())?;
    // 7. Perform ? AllocateTypedArrayBuffer(obj, length).
    let buffer = allocate_buffer(vm, ty, len)?;
    Ok(create(vm, proto, ty, buffer, 0, Some(len as usize)))
}

/// The raw bits of an element of `src` type stored as `dst` type (the
/// content types match).
pub fn convert_raw(src: ElementType, dst: ElementType, raw: u64) -> u64 {
    if src == dst || (src.is_bigint() && dst.is_bigint()) {
        return raw;
    }
    element::encode_number(dst, element::decode_number(src, raw))
}

/// InitializeTypedArrayFromTypedArray (#sec-initializetypedarrayfromtypedarray).
fn init_from_typed_array(
    vm: &mut Vm,
    proto: Gc<JsObject>,
    ty: ElementType,
    src: &TypedArrayData,
) -> JsResult<Gc<JsObject>> {
    // 7-8. If IsTypedArrayOutOfBounds(srcRecord) is true, throw a TypeError exception.
    let Some(len) = src.length() else {
        return Err(vm.type_error("source typed array is detached or out of bounds"));
    };
    // 10. Let byteLength be elementSize × elementLength.
    let byte_len = ty.size() * len;
    let data = if ty == src.ty {
        // 11. Let data be ? CloneArrayBuffer(srcData, srcByteOffset, byteLength).
        clone_array_buffer(vm, src.buffer, src.byte_offset, byte_len)?
    } else {
        // 12.a. Let data be ? AllocateArrayBuffer(%ArrayBuffer%, byteLength).
        let data = allocate_plain(vm, byte_len as u64)?;
        // 12.b. If srcArray.[[ContentType]] is not O.[[ContentType]], throw a TypeError exception.
        if src.ty.is_bigint() != ty.is_bigint() {
            return Err(
                vm.type_error("Cannot mix BigInt and other types, use explicit conversions")
            );
        }
        // 12.c-f. Copy element by element.
        let target = TypedArrayData {
            ty,
            buffer: data,
            byte_offset: 0,
            array_length: Some(len),
        };
        for i in 0..len {
            target.write_raw(i, convert_raw(src.ty, ty, src.read_raw(i)));
        }
        data
    };
    Ok(create(vm, proto, ty, data, 0, Some(len)))
}

/// InitializeTypedArrayFromArrayBuffer (#sec-initializetypedarrayfromarraybuffer).
fn init_from_array_buffer(
    vm: &mut Vm,
    proto: Gc<JsObject>,
    ty: ElementType,
    buffer: Gc<JsObject>,
    byte_offset: Value,
    length: Value,
) -> JsResult<Gc<JsObject>> {
    // 1. Let elementSize be TypedArrayElementSize(O).
    let size = ty.size() as u64;
    // 2. Let offset be ? ToIndex(byteOffset).
    let offset = vm.to_index(byte_offset)?;
    // 3. If offset modulo elementSize ≠ 0, throw a RangeError exception.
    if offset % size != 0 {
        return Err(vm.range_error(&format!(
            "start offset of {} should be a multiple of {size}",
            ty.name()
        )));
    }
    // 4. Let bufferIsFixedLength be IsFixedLengthArrayBuffer(buffer).
    let fixed = buffer_data(&buffer).is_none_or(|b| b.is_fixed_length());
    // 5. If length is not undefined, let newLength be ? ToIndex(length).
    let new_length = if length.is_undefined() {
        None
    } else {
        Some(vm.to_index(length)?)
    };
    // 6. If IsDetachedBuffer(buffer) is true, throw a TypeError exception.
    let buf_len = match buffer_data(&buffer) {
        Some(b) if !b.is_detached() => b.byte_length() as u64,
        _ => return Err(vm.type_error("Cannot construct a typed array on a detached ArrayBuffer")),
    };
    // 8. A length-tracking view of a resizable buffer.
    let array_length = if new_length.is_none() && !fixed {
        if offset > buf_len {
            return Err(vm.range_error(&format!(
                "Start offset {offset} is outside the bounds of the buffer"
            )));
        }
        None
    } else {
        // 9. A fixed length.
        let new_byte_length = match new_length {
            None => {
                if buf_len % size != 0 {
                    return Err(vm.range_error(&format!(
                        "byte length of {} should be a multiple of {size}",
                        ty.name()
                    )));
                }
                if offset > buf_len {
                    return Err(vm.range_error(&format!(
                        "Start offset {offset} is outside the bounds of the buffer"
                    )));
                }
                buf_len - offset
            }
            Some(n) => {
                let nb = n.saturating_mul(size);
                if offset.saturating_add(nb) > buf_len {
                    return Err(vm.range_error(&format!("Invalid typed array length: {n}")));
                }
                nb
            }
        };
        Some((new_byte_length / size) as usize)
    };
    Ok(create(vm, proto, ty, buffer, offset as usize, array_length))
}

/// InitializeTypedArrayFromList (#sec-initializetypedarrayfromlist).
fn init_from_list(
    vm: &mut Vm,
    proto: Gc<JsObject>,
    ty: ElementType,
    values: &[Value],
) -> JsResult<Gc<JsObject>> {
    // 2. Perform ? AllocateTypedArrayBuffer(O, len).
    let buffer = allocate_buffer(vm, ty, values.len() as u64)?;
    let o = create(vm, proto, ty, buffer, 0, Some(values.len()));
    let d = TypedArrayData {
        ty,
        buffer,
        byte_offset: 0,
        array_length: Some(values.len()),
    };
    // 4. Perform ? Set(O, Pk, kValue, true) for each value.
    for (k, &v) in values.iter().enumerate() {
        super::set_element(vm, &d, k as f64, v)?;
    }
    Ok(o)
}

/// InitializeTypedArrayFromArrayLike (#sec-initializetypedarrayfromarraylike).
fn init_from_array_like(
    vm: &mut Vm,
    proto: Gc<JsObject>,
    ty: ElementType,
    array_like: Gc<JsObject>,
) -> JsResult<Gc<JsObject>> {
    // 1. Let len be ? LengthOfArrayLike(arrayLike).
    let len = vm.length_of_array_like(array_like)?;
    // 2. Perform ? AllocateTypedArrayBuffer(O, len).
    let buffer = allocate_buffer(vm, ty, len)?;
    let o = create(vm, proto, ty, buffer, 0, Some(len as usize));
    let d = TypedArrayData {
        ty,
        buffer,
        byte_offset: 0,
        array_length: Some(len as usize),
    };
    // 3-4. Get each element and Set it.
    for k in 0..len {
        let key = vm.index_key(k);
        let v = vm.get_prop(array_like, key)?;
        super::set_element(vm, &d, k as f64, v)?;
    }
    Ok(o)
}

/// TypedArrayCreateFromConstructor (#sec-typedarraycreatefromconstructor).
pub fn create_from_constructor(
    vm: &mut Vm,
    ctor: Value,
    args: &[Value],
) -> JsResult<(Gc<JsObject>, TypedArrayData)> {
    // 1. Let newTypedArray be ? Construct(constructor, argumentList).
    let new = vm.construct(ctor, args, None)?;
    // 2. Let taRecord be ? ValidateTypedArray(newTypedArray, seq-cst).
    let (o, d, len) = validate(vm, new)?;
    // 3. If argumentList is a single Number, the new array must be long enough.
    if let [n] = args {
        if let Some(n) = n.as_number() {
            if (len as f64) < n {
                return Err(vm.type_error(
                    "Derived TypedArray constructor created an array which was too small",
                ));
            }
        }
    }
    Ok((o, d))
}

/// TypedArraySpeciesCreate (#typedarray-species-create).
pub fn species_create(
    vm: &mut Vm,
    exemplar: Gc<JsObject>,
    ty: ElementType,
    args: &[Value],
) -> JsResult<(Gc<JsObject>, TypedArrayData)> {
    // 1. Let defaultConstructor be the intrinsic for exemplar.[[TypedArrayName]].
    let default = Value::object(vm.intrinsic(ty.constructor_intrinsic()));
    // 2. Let constructor be ? SpeciesConstructor(exemplar, defaultConstructor).
    let ctor = species_constructor(vm, exemplar, default)?;
    // 3. Let result be ? TypedArrayCreateFromConstructor(constructor, argumentList).
    let (o, d) = create_from_constructor(vm, ctor, args)?;
    // 5. If result.[[ContentType]] is not exemplar.[[ContentType]], throw a TypeError exception.
    if d.ty.is_bigint() != ty.is_bigint() {
        return Err(vm.type_error(
            "TypedArray species constructor returned an array with a different content type",
        ));
    }
    Ok((o, d))
}

/// TypedArrayCreateSameType (#sec-typedarray-create-same-type) with a length.
pub fn create_same_type(
    vm: &mut Vm,
    ty: ElementType,
    len: usize,
) -> JsResult<(Gc<JsObject>, TypedArrayData)> {
    let ctor = Value::object(vm.intrinsic(ty.constructor_intrinsic()));
    create_from_constructor(vm, ctor, &[Value::number(len as f64)])
}

/// %TypedArray%.from ( source [ , mapper [ , thisArg ] ] ) (#sec-%typedarray%.from).
fn from(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (source, mapper, this_arg) = (args.get(0), args.get(1), args.get(2));
    // 1-2. Let C be the this value; if IsConstructor(C) is false, throw a TypeError exception.
    if !this.as_object().is_some_and(|c| vm.is_constructor(c)) {
        return Err(vm.type_error("TypedArray.from: this is not a constructor"));
    }
    // 3-4. mapping.
    let mapping = !mapper.is_undefined();
    if mapping && !crate::object::class::value_is_callable(mapper) {
        return Err(vm.type_error("TypedArray.from: the mapper is not a function"));
    }
    // 5. Let usingIterator be ? GetMethod(source, %Symbol.iterator%).
    let ik = PropertyKey::Symbol(vm.symbols.iterator);
    let using_iter = vm.get_method(source, ik)?;
    {
        if let Some(m) = using_iter {
            // 6.a. Let values be ? IteratorToList(? GetIteratorFromMethod(source, usingIterator)).
            let values = iterator_to_list(vm, source, m)?;
            // 6.c. Let targetObj be ? TypedArrayCreateFromConstructor(C, « 𝔽(len) »).
            let (target, _) =
                create_from_constructor(vm, this, &[Value::number(values.len() as f64)])?;
            // 6.e. Set each (mapped) value.
            for (k, v) in values.iter().enumerate() {
                let v = if mapping {
                    vm.call(mapper, this_arg, &[v, Value::number(k as f64)])?
                } else {
                    v
                };
                let key = vm.index_key(k as u64);
                vm.set_prop(target, key, v, true)?;
            }
            return Ok(Value::object(target));
        }
        // 8. Let arrayLike be ! ToObject(source).
        let array_like = vm.to_object(source)?;
        // 9. Let len be ? LengthOfArrayLike(arrayLike).
        let len = vm.length_of_array_like(array_like)?;
        // 10. Let targetObj be ? TypedArrayCreateFromConstructor(C, « 𝔽(len) »).
        let (target, _) = create_from_constructor(vm, this, &[Value::number(len as f64)])?;
        // 12. Repeat, while k < len.
        for k in 0..len {
            let key = vm.index_key(k);
            let v = vm.get_prop(array_like, key)?;
            let v = if mapping {
                vm.call(mapper, this_arg, &[v, Value::number(k as f64)])?
            } else {
                v
            };
            vm.set_prop(target, key, v, true)?;
        }
        Ok(Value::object(target))
    }
}

/// %TypedArray%.of ( ...items ) (#sec-%typedarray%.of).
fn of(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1. Let len be the number of elements in items.
    let len = args.len();
    // 2-3. Let C be the this value; if IsConstructor(C) is false, throw a TypeError exception.
    if !this.as_object().is_some_and(|c| vm.is_constructor(c)) {
        return Err(vm.type_error("TypedArray.of: this is not a constructor"));
    }
    // 4. Let newObj be ? TypedArrayCreateFromConstructor(C, « 𝔽(len) »).
    let (new, _) = create_from_constructor(vm, this, &[Value::number(len as f64)])?;
    // 6. Set each item.
    for (k, &v) in args.as_slice().iter().enumerate() {
        let key = vm.index_key(k as u64);
        vm.set_prop(new, key, v, true)?;
    }
    Ok(Value::object(new))
}
