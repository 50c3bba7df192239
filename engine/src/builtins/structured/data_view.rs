//! DataView (#sec-dataview-objects).

use super::array_buffer::{as_buffer, buffer_data, get_value_from_buffer, set_value_in_buffer};
use crate::builtins::typed_array::element::{to_numeric_for, ElementType};
use crate::builtins::{accessor, global_binding, link_constructor, method, native_function};
use crate::function::{Args, NativeFn};
use crate::gc::{Gc, Trace, Tracer};
use crate::object::{Attrs, JsObject, ObjectClass, ObjectData, PropertyKey};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

/// The internal slots of a DataView: [[ViewedArrayBuffer]], [[ByteOffset]]
/// and [[ByteLength]] (None: ~auto~, tracking a resizable buffer).
#[derive(Copy, Clone)]
pub struct DataViewData {
    pub buffer: Gc<JsObject>,
    pub byte_offset: usize,
    pub byte_length: Option<usize>,
}

impl Trace for DataViewData {
    fn trace(&self, t: &mut Tracer) {
        t.mark(self.buffer);
    }
}
impl ObjectData for DataViewData {
    fn class_name(&self) -> &'static str {
        "DataView"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// The DataView slots of `o`, if it is a DataView.
pub fn view_data(o: &JsObject) -> Option<DataViewData> {
    o.class.data::<DataViewData>().copied()
}

impl DataViewData {
    /// IsViewOutOfBounds + GetViewByteLength (#sec-isviewoutofbounds,
    /// #sec-getviewbytelength): the view's byte length, or None when it is
    /// out of bounds or detached.
    pub fn view_byte_length(&self) -> Option<usize> {
        let b = buffer_data(&self.buffer)?;
        if b.is_detached() {
            return None;
        }
        let buf_len = b.byte_length();
        if self.byte_offset > buf_len {
            return None;
        }
        match self.byte_length {
            None => Some(buf_len - self.byte_offset),
            Some(n) => {
                if self.byte_offset + n > buf_len {
                    None
                } else {
                    Some(n)
                }
            }
        }
    }
}

macro_rules! accessors {
    ($($get:ident, $set:ident => $ty:ident),* $(,)?) => {
        $(
            fn $get(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
                get_view_value(vm, this, args.get(0), args.get(1), ElementType::$ty)
            }
            fn $set(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
                set_view_value(vm, this, args.get(0), args.get(2), ElementType::$ty, args.get(1))
            }
        )*
        const METHODS: &[(&str, &str, NativeFn, NativeFn)] = &[
            $((concat!("get", stringify!($ty)), concat!("set", stringify!($ty)), $get, $set),)*
        ];
    };
}

accessors! {
    get_int8, set_int8 => Int8,
    get_uint8, set_uint8 => Uint8,
    get_int16, set_int16 => Int16,
    get_uint16, set_uint16 => Uint16,
    get_int32, set_int32 => Int32,
    get_uint32, set_uint32 => Uint32,
    get_float16, set_float16 => Float16,
    get_float32, set_float32 => Float32,
    get_float64, set_float64 => Float64,
    get_big_int64, set_big_int64 => BigInt64,
    get_big_uint64, set_big_uint64 => BigUint64,
}

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    vm.realm.set_intrinsic(Intrinsic::DataViewPrototype, proto);
    let ctor = native_function(vm, "DataView", 1, constructor, true);
    vm.realm.set_intrinsic(Intrinsic::DataView, ctor);
    link_constructor(vm, ctor, proto);
    let getters: &[(&str, NativeFn)] = &[
        ("buffer", buffer),
        ("byteLength", byte_length),
        ("byteOffset", byte_offset),
    ];
    for &(name, f) in getters {
        let k = vm.key(name);
        accessor(vm, proto, k, name, Some(f), None);
    }
    for &(get_name, set_name, get, set) in METHODS {
        method(vm, proto, get_name, 1, get);
        method(vm, proto, set_name, 2, set);
    }
    let tag = vm.new_string("DataView");
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    vm.define_builtin(proto, tk, tag, Attrs::CONFIGURABLE_ONLY);
    global_binding(vm, "DataView", Value::object(ctor));
}

/// DataView ( buffer [ , byteOffset [ , byteLength ] ] ) (#sec-dataview-buffer-byteoffset-bytelength).
fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    if nt.is_undefined() {
        return Err(vm.type_error("Constructor DataView requires 'new'"));
    }
    // 2. Perform ? RequireInternalSlot(buffer, [[ArrayBufferData]]).
    let Some(buffer) = as_buffer(args.get(0)) else {
        return Err(vm.type_error("First argument to DataView constructor must be an ArrayBuffer"));
    };
    // 3. Let offset be ? ToIndex(byteOffset).
    let offset = vm.to_index(args.get(1))?;
    // 4-6. Detached check; offset within the buffer.
    let buf_len = current_length(vm, buffer)?;
    if offset > buf_len {
        return Err(vm.range_error(&format!(
            "Start offset {offset} is outside the bounds of the buffer"
        )));
    }
    // 7. Let bufferIsFixedLength be IsFixedLengthArrayBuffer(buffer).
    let fixed = buffer_data(&buffer).is_none_or(|b| b.is_fixed_length());
    // 8-9. viewByteLength.
    let length_arg = args.get(2);
    let view_len = if length_arg.is_undefined() {
        if fixed {
            Some(buf_len - offset)
        } else {
            None
        }
    } else {
        let l = vm.to_index(length_arg)?;
        if offset.saturating_add(l) > buf_len {
            return Err(vm.range_error(&format!("Invalid DataView length {l}")));
        }
        Some(l)
    };
    // 10. OrdinaryCreateFromConstructor (may run code: recheck afterwards).
    let proto = vm.get_prototype_from_constructor(nt, Intrinsic::DataViewPrototype)?;
    // 11-14. Detached check; bounds again.
    let buf_len = current_length(vm, buffer)?;
    if offset > buf_len {
        return Err(vm.range_error(&format!(
            "Start offset {offset} is outside the bounds of the buffer"
        )));
    }
    if let Some(l) = view_len {
        if !length_arg.is_undefined() && offset + l > buf_len {
            return Err(vm.range_error(&format!("Invalid DataView length {l}")));
        }
    }
    let data = DataViewData {
        buffer,
        byte_offset: offset as usize,
        byte_length: view_len.map(|l| l as usize),
    };
    Ok(Value::object(vm.new_object_with(
        Some(proto),
        ObjectClass::Data(Box::new(data)),
    )))
}

/// ArrayBufferByteLength, with a TypeError for a detached buffer.
fn current_length(vm: &mut Vm, buffer: Gc<JsObject>) -> JsResult<u64> {
    match buffer_data(&buffer) {
        Some(b) if !b.is_detached() => Ok(b.byte_length() as u64),
        _ => Err(vm.type_error("Cannot construct a DataView on a detached ArrayBuffer")),
    }
}

/// RequireInternalSlot(O, [[DataView]]).
fn this_view(vm: &mut Vm, this: Value, what: &str) -> JsResult<DataViewData> {
    match this.as_object().and_then(|o| view_data(&o)) {
        Some(d) => Ok(d),
        None => Err(vm.type_error(&format!(
            "DataView.prototype.{what} called on incompatible receiver"
        ))),
    }
}

/// get DataView.prototype.buffer (#sec-get-dataview.prototype.buffer).
fn buffer(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::object(this_view(vm, this, "buffer")?.buffer))
}

/// get DataView.prototype.byteLength (#sec-get-dataview.prototype.bytelength).
fn byte_length(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let d = this_view(vm, this, "byteLength")?;
    match d.view_byte_length() {
        Some(n) => Ok(Value::number(n as f64)),
        None => Err(vm.type_error("DataView is detached or out of bounds")),
    }
}

/// get DataView.prototype.byteOffset (#sec-get-dataview.prototype.byteoffset).
fn byte_offset(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let d = this_view(vm, this, "byteOffset")?;
    match d.view_byte_length() {
        Some(_) => Ok(Value::number(d.byte_offset as f64)),
        None => Err(vm.type_error("DataView is detached or out of bounds")),
    }
}

/// The buffer index for an access of `ty` at `index` (the bounds steps of
/// GetViewValue / SetViewValue).
fn view_index(vm: &mut Vm, d: &DataViewData, index: u64, ty: ElementType) -> JsResult<usize> {
    // If IsViewOutOfBounds(viewRecord) is true, throw a TypeError exception.
    let Some(view_size) = d.view_byte_length() else {
        return Err(vm.type_error("DataView is detached or out of bounds"));
    };
    // If getIndex + elementSize > viewSize, throw a RangeError exception.
    if index.saturating_add(ty.size() as u64) > view_size as u64 {
        return Err(vm.range_error("Offset is outside the bounds of the DataView"));
    }
    Ok(index as usize + d.byte_offset)
}

/// GetViewValue (#sec-getviewvalue).
fn get_view_value(
    vm: &mut Vm,
    view: Value,
    request_index: Value,
    little_endian: Value,
    ty: ElementType,
) -> JsResult<Value> {
    // 1. Perform ? RequireInternalSlot(view, [[DataView]]).
    let d = this_view(
        vm,
        view,
        &format!("get{}", &ty.name()[..ty.name().len() - 5]),
    )?;
    // 3. Let getIndex be ? ToIndex(requestIndex).
    let index = vm.to_index(request_index)?;
    // 4. Set isLittleEndian to ToBoolean(isLittleEndian).
    let le = vm.to_boolean(little_endian);
    // 5-11.
    let at = view_index(vm, &d, index, ty)?;
    // 12. Return GetValueFromBuffer(view.[[ViewedArrayBuffer]], bufferIndex, type, false, unordered, isLittleEndian).
    Ok(get_value_from_buffer(vm, d.buffer, at, ty, le))
}

/// SetViewValue (#sec-setviewvalue).
fn set_view_value(
    vm: &mut Vm,
    view: Value,
    request_index: Value,
    little_endian: Value,
    ty: ElementType,
    value: Value,
) -> JsResult<Value> {
    // 1. Perform ? RequireInternalSlot(view, [[DataView]]).
    let d = this_view(
        vm,
        view,
        &format!("set{}", &ty.name()[..ty.name().len() - 5]),
    )?;
    // 3. Let getIndex be ? ToIndex(requestIndex).
    let index = vm.to_index(request_index)?;
    // 4-5. Let numberValue be ? ToBigInt(value) or ? ToNumber(value).
    let num = to_numeric_for(vm, ty, value)?;
    // 6. Set isLittleEndian to ToBoolean(isLittleEndian).
    let le = vm.to_boolean(little_endian);
    // 7-13.
    let at = view_index(vm, &d, index, ty)?;
    // 14. Perform SetValueInBuffer(view.[[ViewedArrayBuffer]], bufferIndex, type, numberValue, false, unordered, isLittleEndian).
    set_value_in_buffer(d.buffer, at, ty, &num, le);
    Ok(Value::UNDEFINED)
}
