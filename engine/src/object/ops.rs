//! The essential internal methods ([[Get]], [[Set]], [[DefineOwnProperty]]…)
//! as `Vm` entry points, each one call through the object's table of
//! internal methods (`methods.rs`), and the abstract operations on objects
//! built from them (spec chapter "Operations on Objects").

use super::ordinary::ordinary_get;
use super::{
    ArrayData, Attrs, JsObject, ObjectClass, OwnProperty, PropertyDescriptor, PropertyKey, Slot,
};
use crate::gc::{Gc, KeyList, ValueList};
use crate::value::Value;
use crate::vm::{JsResult, Vm};

impl Vm {
    // ---- the essential internal methods, dispatched on the class ----

    /// O.[[GetPrototypeOf]]().
    #[inline]
    pub fn get_prototype_of(&mut self, o: Gc<JsObject>) -> JsResult<Option<Gc<JsObject>>> {
        (o.methods().get_prototype_of)(self, o)
    }

    /// O.[[SetPrototypeOf]](V); false when refused.
    #[inline]
    pub fn set_prototype_of(&mut self, o: Gc<JsObject>, p: Option<Gc<JsObject>>) -> JsResult<bool> {
        (o.methods().set_prototype_of)(self, o, p)
    }

    /// O.[[IsExtensible]]().
    #[inline]
    pub fn is_extensible(&mut self, o: Gc<JsObject>) -> JsResult<bool> {
        (o.methods().is_extensible)(self, o)
    }

    /// O.[[PreventExtensions]](); false when refused.
    #[inline]
    pub fn prevent_extensions(&mut self, o: Gc<JsObject>) -> JsResult<bool> {
        (o.methods().prevent_extensions)(self, o)
    }

    /// O.[[GetOwnProperty]](P).
    #[inline]
    pub fn get_own_property(
        &mut self,
        o: Gc<JsObject>,
        key: PropertyKey,
    ) -> JsResult<Option<OwnProperty>> {
        (o.methods().get_own_property)(self, o, key)
    }

    /// O.[[DefineOwnProperty]](P, Desc); false when refused.
    #[inline]
    pub fn define_own_property(
        &mut self,
        o: Gc<JsObject>,
        key: PropertyKey,
        desc: PropertyDescriptor,
    ) -> JsResult<bool> {
        (o.methods().define_own_property)(self, o, key, desc)
    }

    /// O.[[HasProperty]](P).
    pub fn has_property(&mut self, o: Gc<JsObject>, key: PropertyKey) -> JsResult<bool> {
        // Built-ins loop over array-likes through [[HasProperty]], [[Set]],
        // [[Delete]] and CreateDataProperty: counting them here lets the
        // interrupt and deadline stop a native loop over a huge length.
        self.tick()?;
        (o.methods().has_property)(self, o, key)
    }

    /// HasOwnProperty(O, P).
    pub fn has_own_property(&mut self, o: Gc<JsObject>, key: PropertyKey) -> JsResult<bool> {
        Ok(self.get_own_property(o, key)?.is_some())
    }

    /// O.[[Get]](P, Receiver).
    pub fn get(&mut self, o: Gc<JsObject>, key: PropertyKey, receiver: Value) -> JsResult<Value> {
        self.tick()?;
        // FAST PATH: plain storage, the ordinary [[Get]] without a call
        // through the table.
        if o.class.has_plain_storage() {
            return ordinary_get(self, o, key, receiver);
        }
        (o.methods().get)(self, o, key, receiver)
    }

    /// `Get(O, P)` with the object itself as receiver.
    #[inline]
    pub fn get_prop(&mut self, o: Gc<JsObject>, key: PropertyKey) -> JsResult<Value> {
        self.get(o, key, Value::object(o))
    }

    /// GetV: property lookup on any value (primitives use their prototype).
    pub fn get_v(&mut self, v: Value, key: PropertyKey) -> JsResult<Value> {
        if let Some(o) = v.as_object() {
            return self.get(o, key, v);
        }
        if let Some(s) = v.as_string() {
            if key == self.names.length {
                return Ok(Value::int(s.len() as i32));
            }
            if let PropertyKey::Index(i) = key {
                if (i as usize) < s.len() {
                    return Ok(Value::string(
                        self.heap.alloc_utf16(&[s.code_unit(i as usize)]),
                    ));
                }
            }
        }
        let proto = self.proto_for_primitive(v)?;
        self.get(proto, key, v)
    }

    /// The prototype a primitive's properties are looked up on; TypeError
    /// for undefined and null.
    pub fn proto_for_primitive(&mut self, v: Value) -> JsResult<Gc<JsObject>> {
        use crate::realm::Intrinsic as I;
        let i = if v.is_number() {
            I::NumberPrototype
        } else if v.is_string() {
            I::StringPrototype
        } else if v.is_bool() {
            I::BooleanPrototype
        } else if v.is_symbol() {
            I::SymbolPrototype
        } else if v.is_bigint() {
            I::BigIntPrototype
        } else if let Some(o) = v.as_object() {
            return Ok(o);
        } else {
            return Err(
                self.type_error(&format!("Cannot read properties of {}", self.debug_str(v)))
            );
        };
        Ok(self.intrinsic(i))
    }

    /// O.[[Set]](P, V, Receiver); false when the assignment is refused.
    pub fn set(
        &mut self,
        o: Gc<JsObject>,
        key: PropertyKey,
        v: Value,
        receiver: Value,
    ) -> JsResult<bool> {
        self.tick()?;
        // FAST PATH: an existing writable own data property of an ordinary
        // object (or an existing dense element of an array), assigned with
        // the object itself as receiver: what OrdinarySet ends up doing.
        if receiver == Value::object(o) {
            if let ObjectClass::Ordinary | ObjectClass::Function(_) = o.class {
                if let Some(OwnProperty {
                    slot: Slot::Data(_),
                    attrs,
                }) = o.get_own_raw(key)
                {
                    if attrs.writable() {
                        o.define_raw(&self.heap, key, Slot::Data(v), attrs);
                        return Ok(true);
                    }
                }
            }
            if let (ObjectClass::Array(_), PropertyKey::Index(i)) = (&o.class, key) {
                if o.dense_set_existing(i, v) {
                    return Ok(true);
                }
            }
        }
        (o.methods().set)(self, o, key, v, receiver)
    }

    /// Set(O, P, V, Throw).
    pub fn set_prop(
        &mut self,
        o: Gc<JsObject>,
        key: PropertyKey,
        v: Value,
        throw: bool,
    ) -> JsResult<()> {
        let ok = self.set(o, key, v, Value::object(o))?;
        if !ok && throw {
            let name = self.key_display(key);
            return Err(self.type_error(&format!(
                "Cannot assign to read only property '{name}' of object"
            )));
        }
        Ok(())
    }

    /// PutValue on a property reference whose base may be a primitive.
    pub fn put_value(
        &mut self,
        base: Value,
        key: PropertyKey,
        v: Value,
        strict: bool,
    ) -> JsResult<()> {
        let ok = if let Some(o) = base.as_object() {
            self.set(o, key, v, base)?
        } else {
            if base.is_nullish() {
                let name = self.key_display(key);
                return Err(self.type_error(&format!(
                    "Cannot set properties of {} (setting '{name}')",
                    self.debug_str(base)
                )));
            }
            let proto = self.proto_for_primitive(base)?;
            self.set(proto, key, v, base)?
        };
        if !ok && strict {
            let name = self.key_display(key);
            return Err(self.type_error(&format!("Cannot assign to read only property '{name}'")));
        }
        Ok(())
    }

    /// O.[[Delete]](P); false when refused.
    pub fn delete(&mut self, o: Gc<JsObject>, key: PropertyKey) -> JsResult<bool> {
        self.tick()?;
        (o.methods().delete)(self, o, key)
    }

    /// O.[[OwnPropertyKeys]](). The list is rooted: a proxy's trap result
    /// and keys a getter later deletes stay alive while the caller walks it.
    #[inline]
    pub fn own_property_keys(&mut self, o: Gc<JsObject>) -> JsResult<KeyList> {
        (o.methods().own_property_keys)(self, o)
    }

    // ---- derived operations ----

    /// CreateDataProperty.
    pub fn create_data_property(
        &mut self,
        o: Gc<JsObject>,
        key: PropertyKey,
        v: Value,
    ) -> JsResult<bool> {
        self.tick()?;
        // FAST PATH: adding to an extensible ordinary object.
        if let ObjectClass::Ordinary = o.class {
            if o.is_extensible_raw() && o.get_own_raw(key).is_none() {
                o.define_raw(&self.heap, key, Slot::Data(v), Attrs::DEFAULT);
                return Ok(true);
            }
        }
        self.define_own_property(o, key, PropertyDescriptor::data(v, Attrs::DEFAULT))
    }

    /// CreateDataPropertyOrThrow.
    pub fn create_data_property_or_throw(
        &mut self,
        o: Gc<JsObject>,
        key: PropertyKey,
        v: Value,
    ) -> JsResult<()> {
        if !self.create_data_property(o, key, v)? {
            let name = self.key_display(key);
            return Err(self.type_error(&format!("Cannot define property {name}")));
        }
        Ok(())
    }

    /// DefinePropertyOrThrow.
    pub fn define_property_or_throw(
        &mut self,
        o: Gc<JsObject>,
        key: PropertyKey,
        desc: PropertyDescriptor,
    ) -> JsResult<()> {
        if !self.define_own_property(o, key, desc)? {
            let name = self.key_display(key);
            return Err(self.type_error(&format!("Cannot redefine property: {name}")));
        }
        Ok(())
    }

    /// Define a built-in property directly (no checks): for realm setup.
    pub fn define_builtin(&mut self, o: Gc<JsObject>, key: PropertyKey, v: Value, attrs: Attrs) {
        self.define_builtin_slot(o, key, Slot::Data(v), attrs);
    }

    /// `define_builtin` for any slot (accessors too). While a realm is set
    /// up (`bulk_objects` is Some) the object is first moved to bulk mode
    /// (see `JsObject::begin_bulk`) and laid out at the end of set-up.
    pub fn define_builtin_slot(&mut self, o: Gc<JsObject>, key: PropertyKey, s: Slot, a: Attrs) {
        if let Some(list) = &mut self.bulk_objects {
            if o.begin_bulk() {
                list.push(o);
            }
        }
        o.define_raw(&self.heap, key, s, a);
    }

    pub fn delete_property_or_throw(&mut self, o: Gc<JsObject>, key: PropertyKey) -> JsResult<()> {
        if !self.delete(o, key)? {
            let name = self.key_display(key);
            return Err(self.type_error(&format!("Cannot delete property '{name}'")));
        }
        Ok(())
    }

    /// GetMethod: undefined/null → None; non-callable → TypeError.
    pub fn get_method(&mut self, v: Value, key: PropertyKey) -> JsResult<Option<Value>> {
        let f = self.get_v(v, key)?;
        if f.is_nullish() {
            return Ok(None);
        }
        if !crate::object::class::value_is_callable(f) {
            let name = self.key_display(key);
            return Err(self.type_error(&format!("{name} is not a function")));
        }
        Ok(Some(f))
    }

    /// LengthOfArrayLike.
    pub fn length_of_array_like(&mut self, o: Gc<JsObject>) -> JsResult<u64> {
        if let ObjectClass::Array(a) = &o.class {
            return Ok(a.length.get() as u64);
        }
        let key = self.names.length;
        let v = self.get_prop(o, key)?;
        self.to_length(v)
    }

    /// CreateArrayFromList.
    pub fn create_array_from_list(&mut self, items: &[Value]) -> Gc<JsObject> {
        let a = self.new_array(items.len() as u32);
        a.set_dense_elements(items.to_vec());
        a
    }

    /// ArrayCreate(len) with %Array.prototype%.
    pub fn new_array(&mut self, len: u32) -> Gc<JsObject> {
        let proto = self.intrinsic(crate::realm::Intrinsic::ArrayPrototype);
        self.new_object_with(
            Some(proto),
            ObjectClass::Array(ArrayData {
                length: std::cell::Cell::new(len),
                length_writable: std::cell::Cell::new(true),
            }),
        )
    }

    /// CreateListFromArrayLike.
    pub fn create_list_from_array_like(&mut self, v: Value) -> JsResult<ValueList> {
        let Some(o) = v.as_object() else {
            return Err(self.type_error("CreateListFromArrayLike called on non-object"));
        };
        let len = self.length_of_array_like(o)?;
        if len > crate::vm::STACK_SLOTS as u64 {
            return Err(self.range_error("Too many arguments"));
        }
        // Element getters may run JavaScript: the list is rooted.
        let mut out = ValueList::with_capacity(&self.roots, len as usize);
        for i in 0..len {
            out.push(self.get_prop(o, PropertyKey::Index(i as u32))?);
        }
        Ok(out)
    }

    /// A key for an index that may exceed u32 (array-likes up to 2^53-1).
    pub fn index_key(&mut self, i: u64) -> PropertyKey {
        if i < u32::MAX as u64 {
            PropertyKey::Index(i as u32)
        } else {
            self.key(&i.to_string())
        }
    }

    /// SetIntegrityLevel (sealed / frozen).
    pub fn set_integrity_level(&mut self, o: Gc<JsObject>, frozen: bool) -> JsResult<bool> {
        if !self.prevent_extensions(o)? {
            return Ok(false);
        }
        let keys = self.own_property_keys(o)?;
        for k in keys {
            let mut d = PropertyDescriptor {
                configurable: Some(false),
                ..Default::default()
            };
            if frozen {
                if let Some(p) = self.get_own_property(o, k)? {
                    if matches!(p.slot, Slot::Data(_)) {
                        d.writable = Some(false);
                    }
                } else {
                    continue;
                }
            }
            self.define_property_or_throw(o, k, d)?;
        }
        Ok(true)
    }

    /// TestIntegrityLevel.
    pub fn test_integrity_level(&mut self, o: Gc<JsObject>, frozen: bool) -> JsResult<bool> {
        if self.is_extensible(o)? {
            return Ok(false);
        }
        for k in self.own_property_keys(o)? {
            if let Some(p) = self.get_own_property(o, k)? {
                if p.attrs.configurable() {
                    return Ok(false);
                }
                if frozen && matches!(p.slot, Slot::Data(_)) && p.attrs.writable() {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }

    /// Printable form of a key for error messages.
    pub fn key_display(&self, k: PropertyKey) -> String {
        match k {
            PropertyKey::Index(i) => i.to_string(),
            PropertyKey::String(s) => s.to_rust_string(),
            PropertyKey::Symbol(s) => match s.description.as_string() {
                Some(d) => format!("Symbol({})", d.to_rust_string()),
                None => "Symbol()".into(),
            },
        }
    }
}

/// ValidateAndApplyPropertyDescriptor. `o` is None for a pure validation.
pub fn validate_and_apply(
    vm: &mut Vm,
    o: Option<Gc<JsObject>>,
    key: PropertyKey,
    extensible: bool,
    desc: PropertyDescriptor,
    current: Option<OwnProperty>,
) -> bool {
    let Some(cur) = current else {
        // 2. current is undefined
        if !extensible {
            return false;
        }
        if let Some(o) = o {
            let attrs = Attrs(
                (if desc.enumerable == Some(true) {
                    Attrs::ENUMERABLE
                } else {
                    0
                }) | (if desc.configurable == Some(true) {
                    Attrs::CONFIGURABLE
                } else {
                    0
                }),
            );
            if desc.is_accessor() {
                let slot = Slot::Accessor {
                    get: desc.get.unwrap_or(Value::UNDEFINED),
                    set: desc.set.unwrap_or(Value::UNDEFINED),
                };
                o.define_raw(&vm.heap, key, slot, attrs);
            } else {
                let attrs = attrs.with(Attrs::WRITABLE, desc.writable == Some(true));
                o.define_raw(
                    &vm.heap,
                    key,
                    Slot::Data(desc.value.unwrap_or(Value::UNDEFINED)),
                    attrs,
                );
            }
        }
        return true;
    };
    // 4. current is not configurable
    if !cur.attrs.configurable() {
        if desc.configurable == Some(true) {
            return false;
        }
        if let Some(e) = desc.enumerable {
            if e != cur.attrs.enumerable() {
                return false;
            }
        }
        let cur_is_accessor = matches!(cur.slot, Slot::Accessor { .. });
        if !desc.is_generic() && desc.is_accessor() != cur_is_accessor {
            return false;
        }
        match cur.slot {
            Slot::Accessor { get, set } => {
                if let Some(g) = desc.get {
                    if !same_value(g, get) {
                        return false;
                    }
                }
                if let Some(s) = desc.set {
                    if !same_value(s, set) {
                        return false;
                    }
                }
            }
            Slot::Data(v) => {
                if !cur.attrs.writable() {
                    if desc.writable == Some(true) {
                        return false;
                    }
                    if let Some(nv) = desc.value {
                        if !same_value(nv, v) {
                            return false;
                        }
                    }
                }
            }
        }
    }
    // 5. apply
    if let Some(o) = o {
        let enumerable = desc.enumerable.unwrap_or(cur.attrs.enumerable());
        let configurable = desc.configurable.unwrap_or(cur.attrs.configurable());
        let base = Attrs(
            (if enumerable { Attrs::ENUMERABLE } else { 0 })
                | (if configurable { Attrs::CONFIGURABLE } else { 0 }),
        );
        match (cur.slot, desc.is_accessor(), desc.is_data()) {
            (Slot::Data(_), true, _) => {
                let slot = Slot::Accessor {
                    get: desc.get.unwrap_or(Value::UNDEFINED),
                    set: desc.set.unwrap_or(Value::UNDEFINED),
                };
                o.define_raw(&vm.heap, key, slot, base);
            }
            (Slot::Accessor { .. }, _, true) => {
                let attrs = base.with(Attrs::WRITABLE, desc.writable == Some(true));
                o.define_raw(
                    &vm.heap,
                    key,
                    Slot::Data(desc.value.unwrap_or(Value::UNDEFINED)),
                    attrs,
                );
            }
            (Slot::Data(v), _, _) => {
                let writable = desc.writable.unwrap_or(cur.attrs.writable());
                let attrs = base.with(Attrs::WRITABLE, writable);
                o.define_raw(&vm.heap, key, Slot::Data(desc.value.unwrap_or(v)), attrs);
            }
            (Slot::Accessor { get, set }, _, _) => {
                let slot = Slot::Accessor {
                    get: desc.get.unwrap_or(get),
                    set: desc.set.unwrap_or(set),
                };
                o.define_raw(&vm.heap, key, slot, base);
            }
        }
    }
    true
}

/// SameValue.
pub fn same_value(a: Value, b: Value) -> bool {
    if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
        if x.is_nan() && y.is_nan() {
            return true;
        }
        return x == y && x.is_sign_negative() == y.is_sign_negative();
    }
    same_value_non_number(a, b)
}

/// SameValueZero.
pub fn same_value_zero(a: Value, b: Value) -> bool {
    if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
        return (x.is_nan() && y.is_nan()) || x == y;
    }
    same_value_non_number(a, b)
}

fn same_value_non_number(a: Value, b: Value) -> bool {
    if a == b {
        return true;
    }
    if let (Some(x), Some(y)) = (a.as_string(), b.as_string()) {
        return x.content_eq(&y);
    }
    if let (Some(x), Some(y)) = (a.as_bigint(), b.as_bigint()) {
        return x.value == y.value;
    }
    false
}
