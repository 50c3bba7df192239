//! Property access from bytecode: named access through inline caches,
//! computed access with element fast paths, `super`, private names, and
//! definitions made by object literals and classes.

use crate::bytecode::{Code, PropIc, IC_WAYS};
use crate::function::Closure;
use crate::gc::{Gc, GcCell, Trace, Tracer};
use crate::object::{
    proto_epoch, Attrs, JsObject, ObjectClass, OwnProperty, PropertyDescriptor, PropertyKey, Shape,
    Slot,
};
use crate::realm::Intrinsic;
use crate::string::JsString;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

/// A private name (`#x`): a unique key that lives outside the property
/// table, with its description for error messages.
pub struct PrivateName {
    pub description: Gc<JsString>,
}
impl Trace for PrivateName {
    fn trace(&self, t: &mut Tracer) {
        t.mark(self.description)
    }
}
impl GcCell for PrivateName {
    const NAME: &'static str = "PrivateName";
}

/// Private elements of an object are stored as symbol-keyed properties
/// whose symbol is private: not visible to reflection.
pub(crate) fn private_symbol_of(name: Value) -> Option<Gc<crate::symbol::Symbol>> {
    name.as_symbol()
}

/// Objects whose named properties are all ordinary (the caches may read
/// their storage directly for the keys `ic_cacheable` accepts).
#[inline]
fn ic_plain(o: &JsObject) -> bool {
    matches!(
        o.class,
        ObjectClass::Ordinary
            | ObjectClass::Function(_)
            | ObjectClass::NativeFunction(_)
            | ObjectClass::Error
            | ObjectClass::Array(_)
            | ObjectClass::Arguments(_)
            | ObjectClass::UnmappedArguments
    )
}

impl Vm {
    fn ic_key(&mut self, name: Value) -> PropertyKey {
        match name.as_string() {
            Some(s) => self.key_from_string(s),
            None => match name.as_symbol() {
                Some(s) => PropertyKey::Symbol(s),
                None => self.names.empty,
            },
        }
    }

    /// Whether accesses to `key` may be cached: named keys other than
    /// `length` (exotic on arrays and string wrappers) and strings that
    /// could be canonical numeric strings (exotic on typed arrays).
    fn ic_cacheable(&self, key: PropertyKey) -> bool {
        match key {
            PropertyKey::Index(_) => false,
            PropertyKey::Symbol(_) => true,
            PropertyKey::String(s) => {
                key != self.names.length
                    && (s.is_empty() || !matches!(s.code_unit(0), 0x30..=0x39 | 0x2D | 0x49 | 0x4E))
            }
        }
    }

    /// The cached value of the property at site `ic` for an object `o`
    /// with `shape`, if an entry applies.
    #[inline(always)]
    fn ic_get_hit(code: Gc<Code>, ic: usize, o: Gc<JsObject>, shape: Gc<Shape>) -> Option<Value> {
        let site = code.ics.get(ic * IC_WAYS..(ic + 1) * IC_WAYS)?;
        for e in site {
            // SAFETY: nothing writes the cache while this reference lives
            // (the arms only read from it).
            match *unsafe { &*e.as_ptr() } {
                PropIc::Own { shape: s, slot } if s == shape => {
                    return Some(o.slot(slot));
                }
                PropIc::Proto {
                    shape: s,
                    proto,
                    holder,
                    slot,
                    epoch,
                } if s == shape && o.proto() == Some(proto) && epoch == proto_epoch() => {
                    return Some(holder.slot(slot));
                }
                PropIc::Empty => break,
                _ => {}
            }
        }
        None
    }

    /// `GetProp`: obj.name, cached per instruction on the receiver's shape.
    #[inline]
    pub(super) fn get_prop_ic(
        &mut self,
        code: Gc<Code>,
        ic: usize,
        obj: Value,
        name: Value,
    ) -> JsResult<Value> {
        if let Some(o) = obj.as_object() {
            if let Some(shape) = o.shape() {
                if let Some(v) = Self::ic_get_hit(code, ic, o, shape) {
                    return Ok(v);
                }
                return self.get_prop_miss(code, ic, o, shape, name, obj);
            }
            let key = self.ic_key(name);
            return self.get(o, key, obj);
        }
        if obj.is_string() {
            // A string's own properties are `length` and its indices, which
            // the caches never hold: other names are looked up from
            // %String.prototype%, with the string as receiver.
            if let Some(sp) = self.realm.try_intrinsic(Intrinsic::StringPrototype) {
                if let Some(shape) = sp.shape() {
                    if let Some(v) = Self::ic_get_hit(code, ic, sp, shape) {
                        return Ok(v);
                    }
                }
            }
        }
        if obj.is_nullish() {
            let n = name
                .as_string()
                .map(|s| s.to_rust_string())
                .unwrap_or_default();
            let d = self.debug_str(obj);
            return Err(self.type_error(&format!("Cannot read properties of {d} (reading '{n}')")));
        }
        if obj.is_string() {
            if let Some(sp) = self.realm.try_intrinsic(Intrinsic::StringPrototype) {
                if let Some(shape) = sp.shape() {
                    let key = self.ic_key(name);
                    if self.ic_cacheable(key) {
                        return self.get_prop_miss(code, ic, sp, shape, name, obj);
                    }
                }
            }
        }
        let key = self.ic_key(name);
        self.get_v(obj, key)
    }

    /// `GetProp` cache miss: full lookup, filling the cache when the
    /// property is an own or inherited data property on ordinary storage.
    #[inline(never)]
    fn get_prop_miss(
        &mut self,
        code: Gc<Code>,
        ic: usize,
        o: Gc<JsObject>,
        shape: Gc<Shape>,
        name: Value,
        receiver: Value,
    ) -> JsResult<Value> {
        let key = self.ic_key(name);
        if let ObjectClass::Array(a) = &o.class {
            if key == self.names.length {
                return Ok(Value::number(a.length.get() as f64));
            }
        }
        // A string primitive looks up from %String.prototype% (`o`), a
        // String exotic object that is ordinary for cacheable keys.
        if self.ic_cacheable(key) && (ic_plain(&o) || receiver.is_string()) {
            if let Some((slot, attrs)) = shape.lookup(key) {
                if !attrs.is_accessor() {
                    self.update_ic(code, ic, PropIc::Own { shape, slot });
                    return Ok(o.slot(slot));
                }
            } else if let Some(proto) = o.proto() {
                let epoch = proto_epoch();
                let mut cur = proto;
                while ic_plain(&cur) {
                    match cur.shape() {
                        Some(hs) => {
                            if let Some((slot, attrs)) = hs.lookup(key) {
                                if !attrs.is_accessor() {
                                    self.update_ic(
                                        code,
                                        ic,
                                        PropIc::Proto {
                                            shape,
                                            proto,
                                            holder: cur,
                                            slot,
                                            epoch,
                                        },
                                    );
                                    return Ok(cur.slot(slot));
                                }
                                break;
                            }
                        }
                        None => {
                            if cur.get_own_raw(key).is_some() {
                                break;
                            }
                        }
                    }
                    match cur.proto() {
                        Some(p) => cur = p,
                        None => break,
                    }
                }
            }
        }
        self.get(o, key, receiver)
    }

    /// Record `new` at cache site `ic`: it replaces an entry for the same
    /// receiver shape (a stale one), else takes a free entry, else evicts
    /// the oldest.
    fn update_ic(&mut self, code: Gc<Code>, ic: usize, new: PropIc) {
        let Some(site) = code.ics.get(ic * IC_WAYS..(ic + 1) * IC_WAYS) else {
            return;
        };
        let shape_of = |e: PropIc| match e {
            PropIc::Own { shape, .. } | PropIc::Proto { shape, .. } => Some(shape),
            PropIc::Add { from, .. } => Some(from),
            PropIc::Empty => None,
        };
        let key = shape_of(new);
        for e in site {
            let cur = e.get();
            if matches!(cur, PropIc::Empty) || shape_of(cur) == key {
                e.set(new);
                return;
            }
        }
        for i in (1..IC_WAYS).rev() {
            site[i].set(site[i - 1].get());
        }
        site[0].set(new);
    }

    /// `SetProp`: obj.name = v.
    #[inline]
    pub(super) fn set_prop_ic(
        &mut self,
        code: Gc<Code>,
        ic: usize,
        obj: Value,
        name: Value,
        v: Value,
    ) -> JsResult<()> {
        if let Some(o) = obj.as_object() {
            if let Some(shape) = o.shape() {
                if let Some(site) = code.ics.get(ic * IC_WAYS..(ic + 1) * IC_WAYS) {
                    for e in site {
                        // SAFETY: nothing writes the cache while this
                        // reference lives (the arms only read from it).
                        match *unsafe { &*e.as_ptr() } {
                            PropIc::Own { shape: s, slot } if s == shape => {
                                o.set_slot(slot, v);
                                return Ok(());
                            }
                            PropIc::Add {
                                from,
                                to,
                                proto,
                                epoch,
                            } if from == shape
                                && o.proto() == proto
                                && epoch == proto_epoch()
                                && o.is_extensible_raw()
                                && !o.is_proto()
                                && o.add_slot_transition(from, to, v) =>
                            {
                                return Ok(());
                            }
                            PropIc::Empty => break,
                            _ => {}
                        }
                    }
                }
                return self.set_prop_miss(code, ic, o, shape, name, v);
            }
        }
        let key = self.ic_key(name);
        self.put_value(obj, key, v, code.flags.strict)
    }

    /// `SetProp` cache miss: full [[Set]], caching writes to an own
    /// writable data property and plain additions (nothing on the
    /// prototype chain intercepts the key).
    #[inline(never)]
    fn set_prop_miss(
        &mut self,
        code: Gc<Code>,
        ic: usize,
        o: Gc<JsObject>,
        shape: Gc<Shape>,
        name: Value,
        v: Value,
    ) -> JsResult<()> {
        let strict = code.flags.strict;
        let key = self.ic_key(name);
        let cacheable = self.ic_cacheable(key)
            && matches!(o.class, ObjectClass::Ordinary | ObjectClass::Function(_));
        if !cacheable {
            return self.put_value(Value::object(o), key, v, strict);
        }
        if let Some((slot, attrs)) = shape.lookup(key) {
            if attrs.writable() && !attrs.is_accessor() {
                self.update_ic(code, ic, PropIc::Own { shape, slot });
                o.set_slot(slot, v);
                return Ok(());
            }
            return self.put_value(Value::object(o), key, v, strict);
        }
        // An addition: cacheable when the first object on the chain with
        // the key (if any) holds it as a writable data property, so
        // OrdinarySet creates the own property without running code.
        let proto = o.proto();
        let mut chain_clear = true;
        let mut cur = proto;
        while let Some(c) = cur {
            if !ic_plain(&c) {
                chain_clear = false;
                break;
            }
            if let Some(p) = c.get_own_raw(key) {
                chain_clear = matches!(p.slot, Slot::Data(_)) && p.attrs.writable();
                break;
            }
            cur = c.proto();
        }
        self.put_value(Value::object(o), key, v, strict)?;
        if chain_clear && !o.is_proto() && o.is_extensible_raw() && o.proto() == proto {
            if let Some(to) = o.shape() {
                if to.len() == shape.len() + 1 && to.keys().last() == Some(&(key, Attrs::DEFAULT)) {
                    let epoch = proto_epoch();
                    self.update_ic(
                        code,
                        ic,
                        PropIc::Add {
                            from: shape,
                            to,
                            proto,
                            epoch,
                        },
                    );
                }
            }
        }
        Ok(())
    }

    /// `GetElem`: obj[key].
    pub(super) fn get_elem(&mut self, obj: Value, key: Value) -> JsResult<Value> {
        if let (Some(o), Some(i)) = (obj.as_object(), key.as_int()) {
            if i >= 0 {
                if let ObjectClass::Array(_)
                | ObjectClass::Ordinary
                | ObjectClass::UnmappedArguments = o.class
                {
                    if let Some(v) = o.dense_get(i as u32) {
                        return Ok(v);
                    }
                }
            }
        }
        if obj.is_nullish() {
            let d = self.debug_str(obj);
            let k = if key.is_symbol() {
                "Symbol()".into()
            } else {
                self.debug_str(key)
            };
            return Err(self.type_error(&format!("Cannot read properties of {d} (reading {k})")));
        }
        let k = self.to_property_key(key)?;
        self.get_v(obj, k)
    }

    /// `SetElem`: obj[key] = v.
    pub(super) fn set_elem(
        &mut self,
        obj: Value,
        key: Value,
        v: Value,
        strict: bool,
    ) -> JsResult<()> {
        if let (Some(o), Some(i)) = (obj.as_object(), key.as_int()) {
            if i >= 0 {
                if let ObjectClass::Array(a) = &o.class {
                    if o.dense_set_existing(i as u32, v) {
                        return Ok(());
                    }
                    // Filling a hole or appending to a dense array whose
                    // prototype chain has no indexed properties (so no
                    // setter can intercept the write).
                    let len = a.length.get();
                    let i = i as u32;
                    let dlen = o.dense_len();
                    if (i < len || a.length_writable.get())
                        && o.is_extensible_raw()
                        && o.elements_are_dense()
                        && (i as usize) <= dlen.max(len as usize)
                        && self.proto_chain_has_no_elements(o)
                        && o.dense_write_at(i, v)
                    {
                        if i >= len {
                            a.length.set(i + 1);
                        }
                        return Ok(());
                    }
                }
            }
        }
        if obj.is_nullish() {
            let d = self.debug_str(obj);
            return Err(self.type_error(&format!("Cannot set properties of {d}")));
        }
        let k = self.to_property_key(key)?;
        self.put_value(obj, k, v, strict)
    }

    fn proto_chain_has_no_elements(&self, o: Gc<JsObject>) -> bool {
        let mut cur = o.proto();
        while let Some(p) = cur {
            if p.is_proxy()
                || p.max_index().is_some()
                || !matches!(p.class, ObjectClass::Ordinary | ObjectClass::Array(_))
            {
                return false;
            }
            cur = p.proto();
        }
        true
    }

    /// `delete obj[key]`.
    pub(super) fn delete_prop(&mut self, obj: Value, key: Value, strict: bool) -> JsResult<bool> {
        let o = self.to_object(obj)?;
        let k = self.to_property_key(key)?;
        let ok = self.delete(o, k)?;
        if !ok && strict {
            let name = self.key_display(k);
            return Err(self.type_error(&format!("Cannot delete property '{name}'")));
        }
        Ok(ok)
    }

    /// The [[HomeObject]] of the function running in frame `fi` (looking
    /// through arrow functions via their captured `%fn` slot is the
    /// compiler's job; here r0 is used).
    fn home_object(&mut self, fi: usize) -> JsResult<Gc<JsObject>> {
        let base = self.frames[fi].base;
        let f = self.stack[base];
        let home = f.as_object().and_then(|o| match &o.class {
            ObjectClass::Function(c) => c.home_object.get(),
            _ => None,
        });
        match home {
            Some(h) => Ok(h),
            None => Err(self.syntax_error("'super' keyword unexpected here")),
        }
    }

    /// An arrow function takes the [[HomeObject]] of the function that
    /// creates it, so `super.x` inside it (or in eval code it runs) finds
    /// the enclosing method's.
    pub(super) fn inherit_home_object(&mut self, fi: usize, f: Value) {
        let Some(o) = f.as_object() else { return };
        let ObjectClass::Function(c) = &o.class else {
            return;
        };
        if !c.code.flags.arrow {
            return;
        }
        let creator = self.stack[self.frames[fi].base];
        let home = creator.as_object().and_then(|o| match &o.class {
            ObjectClass::Function(p) => p.home_object.get(),
            _ => None,
        });
        if home.is_some() {
            c.home_object.set(home);
        }
    }

    pub(super) fn get_super(&mut self, fi: usize, key: Value, this: Value) -> JsResult<Value> {
        let home = self.home_object(fi)?;
        let k = self.to_property_key(key)?;
        let proto = self.get_prototype_of(home)?;
        match proto {
            Some(p) => self.get(p, k, this),
            None => {
                let d = self.key_display(k);
                Err(self.type_error(&format!("Cannot read properties of null (reading '{d}')")))
            }
        }
    }

    pub(super) fn set_super(
        &mut self,
        fi: usize,
        key: Value,
        v: Value,
        this: Value,
    ) -> JsResult<()> {
        let home = self.home_object(fi)?;
        let k = self.to_property_key(key)?;
        let proto = self.get_prototype_of(home)?;
        let Some(p) = proto else {
            return Err(self.type_error("Cannot set properties of null"));
        };
        let ok = self.set(p, k, v, this)?;
        if !ok && self.frames[fi].code.flags.strict {
            let name = self.key_display(k);
            return Err(self.type_error(&format!("Cannot assign to read only property '{name}'")));
        }
        Ok(())
    }

    // ---- private names ----

    pub(super) fn private_in(&mut self, name: Value, obj: Value) -> JsResult<bool> {
        let Some(o) = obj.as_object() else {
            return Err(self.type_error(
                "Cannot use 'in' operator to search for a private field in a non-object",
            ));
        };
        let Some(sym) = private_symbol_of(name) else {
            return Ok(false);
        };
        Ok(o.get_own_raw(PropertyKey::Symbol(sym)).is_some())
    }

    pub(super) fn get_private(&mut self, obj: Value, name: Value) -> JsResult<Value> {
        let sym = private_symbol_of(name);
        let found = obj
            .as_object()
            .and_then(|o| sym.and_then(|s| o.get_own_raw(PropertyKey::Symbol(s))));
        match found {
            Some(OwnProperty {
                slot: Slot::Data(v),
                ..
            }) => Ok(v),
            Some(OwnProperty {
                slot: Slot::Accessor { get, .. },
                ..
            }) => {
                if get.is_undefined() {
                    return Err(self.type_error("'#' accessor was defined without a getter"));
                }
                self.call(get, obj, &[])
            }
            None => Err(self.type_error(
                "Cannot read private member from an object whose class did not declare it",
            )),
        }
    }

    pub(super) fn set_private(&mut self, obj: Value, name: Value, v: Value) -> JsResult<()> {
        let sym = private_symbol_of(name);
        let o = obj.as_object();
        let found = o.and_then(|o| sym.and_then(|s| o.get_own_raw(PropertyKey::Symbol(s))));
        match (found, o, sym) {
            (
                Some(OwnProperty {
                    slot: Slot::Data(_),
                    attrs,
                }),
                Some(o),
                Some(s),
            ) => {
                if !attrs.writable() {
                    return Err(self.type_error("Private method is not writable"));
                }
                o.define_raw(&self.heap, PropertyKey::Symbol(s), Slot::Data(v), attrs);
                Ok(())
            }
            (
                Some(OwnProperty {
                    slot: Slot::Accessor { set, .. },
                    ..
                }),
                _,
                _,
            ) => {
                if set.is_undefined() {
                    return Err(self.type_error("'#' accessor was defined without a setter"));
                }
                self.call(set, obj, &[v])?;
                Ok(())
            }
            _ => Err(self.type_error(
                "Cannot write private member to an object whose class did not declare it",
            )),
        }
    }

    pub(crate) fn define_private(&mut self, obj: Value, name: Value, v: Value) -> JsResult<()> {
        let (Some(o), Some(s)) = (obj.as_object(), private_symbol_of(name)) else {
            return Err(self.type_error("Cannot define private field"));
        };
        if o.get_own_raw(PropertyKey::Symbol(s)).is_some() {
            return Err(self.type_error("Cannot initialize private field twice on the same object"));
        }
        if o.is_proxy() {
            return Err(self.type_error("Cannot define private field on a proxy"));
        }
        o.define_raw(
            &self.heap,
            PropertyKey::Symbol(s),
            Slot::Data(v),
            Attrs(Attrs::WRITABLE),
        );
        Ok(())
    }

    /// Install a private method (get/set both set = plain method in `get`).
    pub(crate) fn add_private_method(
        &mut self,
        obj: Value,
        name: Value,
        get: Value,
        set: Value,
    ) -> JsResult<()> {
        let (Some(o), Some(s)) = (obj.as_object(), private_symbol_of(name)) else {
            return Err(self.type_error("Cannot define private method"));
        };
        if o.get_own_raw(PropertyKey::Symbol(s)).is_some() {
            return Err(
                self.type_error("Cannot initialize private methods twice on the same object")
            );
        }
        if set == Value::HOLE {
            // A plain private method: non-writable data.
            o.define_raw(
                &self.heap,
                PropertyKey::Symbol(s),
                Slot::Data(get),
                Attrs::NONE,
            );
        } else {
            o.define_raw(
                &self.heap,
                PropertyKey::Symbol(s),
                Slot::Accessor { get, set },
                Attrs::NONE,
            );
        }
        Ok(())
    }

    // ---- definitions ----

    /// CreateDataPropertyOrThrow with a key value.
    pub(crate) fn define_field(&mut self, obj: Value, key: Value, v: Value) -> JsResult<()> {
        let Some(o) = obj.as_object() else {
            return Err(self.type_error("Cannot define property on non-object"));
        };
        let k = self.to_property_key(key)?;
        self.create_data_property_or_throw(o, k, v)
    }

    /// Methods, getters and setters of object literals and classes.
    pub(super) fn define_method(
        &mut self,
        obj: Value,
        key: Value,
        f: Value,
        flags: u8,
    ) -> JsResult<()> {
        let Some(o) = obj.as_object() else {
            return Err(self.type_error("Cannot define method on non-object"));
        };
        let k = self.to_property_key(key)?;
        let enumerable = flags & 1 != 0;
        let getter = flags & 2 != 0;
        let setter = flags & 4 != 0;
        if flags & 8 != 0 {
            self.set_home_object(f, obj);
        }
        if let Some(fo) = f.as_object() {
            let prefix = if getter {
                Some("get")
            } else if setter {
                Some("set")
            } else {
                None
            };
            self.set_function_name(fo, k, prefix)?;
        }
        let e = if enumerable { Attrs::ENUMERABLE } else { 0 };
        let desc = if getter {
            let existing = o.get_own_raw(k);
            let set = match existing {
                Some(OwnProperty {
                    slot: Slot::Accessor { set, .. },
                    ..
                }) => set,
                _ => Value::UNDEFINED,
            };
            PropertyDescriptor::accessor(f, set, Attrs(e | Attrs::CONFIGURABLE))
        } else if setter {
            let existing = o.get_own_raw(k);
            let get = match existing {
                Some(OwnProperty {
                    slot: Slot::Accessor { get, .. },
                    ..
                }) => get,
                _ => Value::UNDEFINED,
            };
            PropertyDescriptor::accessor(get, f, Attrs(e | Attrs::CONFIGURABLE))
        } else {
            PropertyDescriptor::data(f, Attrs(e | Attrs::CONFIGURABLE | Attrs::WRITABLE))
        };
        self.define_property_or_throw(o, k, desc)
    }

    pub(super) fn set_home_object(&mut self, f: Value, home: Value) {
        if let (Some(fo), Some(h)) = (f.as_object(), home.as_object()) {
            if let ObjectClass::Function(c) = &fo.class {
                c.home_object.set(Some(h));
            }
        }
    }

    pub(super) fn set_function_name_op(
        &mut self,
        f: Value,
        key: Value,
        prefix: u8,
    ) -> JsResult<()> {
        let Some(fo) = f.as_object() else {
            return Ok(());
        };
        let k = if let Some(s) = private_symbol_of(key).filter(|s| is_private_symbol(s)) {
            // Private names keep their `#x` description.
            let d = s.description;
            let ds = d
                .as_string()
                .map(|s| s.to_rust_string())
                .unwrap_or_default();
            self.key(&ds)
        } else {
            self.to_property_key(key)?
        };
        let p = match prefix {
            1 => Some("get"),
            2 => Some("set"),
            _ => None,
        };
        self.set_function_name(fo, k, p)
    }

    /// SetFunctionName: defines `name` unless the function already has an
    /// own `name` (e.g. a class with a static `name` member).
    pub fn set_function_name(
        &mut self,
        f: Gc<JsObject>,
        key: PropertyKey,
        prefix: Option<&str>,
    ) -> JsResult<()> {
        let nk = self.names.name;
        if let Some(p) = f.get_own_raw(nk) {
            // Anonymous functions get an empty-string `name` at creation;
            // replace only that placeholder.
            match p.slot {
                Slot::Data(v)
                    if v.as_string().is_some_and(|s| s.is_empty()) && !p.attrs.writable() => {}
                _ => return Ok(()),
            }
        }
        let base = match key {
            PropertyKey::Symbol(s) => match s.description.as_string() {
                Some(d) if is_private_symbol(&s) => d.to_rust_string(),
                Some(d) => format!("[{}]", d.to_rust_string()),
                None => String::new(),
            },
            other => self.key_display(other),
        };
        let name = match prefix {
            Some(p) => format!("{p} {base}"),
            None => base,
        };
        let v = self.new_string(&name);
        f.define_raw(&self.heap, nk, Slot::Data(v), Attrs::CONFIGURABLE_ONLY);
        Ok(())
    }

    /// CopyDataProperties(target, source, excluded keys).
    pub(super) fn copy_data_properties(
        &mut self,
        target: Value,
        src: Value,
        excluded: &[Value],
    ) -> JsResult<()> {
        let Some(t) = target.as_object() else {
            return Ok(());
        };
        if src.is_nullish() {
            return Ok(());
        }
        let from = self.to_object(src)?;
        let mut excl = Vec::with_capacity(excluded.len());
        for e in excluded {
            excl.push(self.to_property_key(*e)?);
        }
        let keys = self.own_property_keys(from)?;
        for k in keys {
            if excl.contains(&k) {
                continue;
            }
            if let Some(p) = self.get_own_property(from, k)? {
                if p.attrs.enumerable() {
                    let v = self.get_prop(from, k)?;
                    self.create_data_property_or_throw(t, k, v)?;
                }
            }
        }
        Ok(())
    }
}

/// Private names are symbols with the `private` flag.
pub(crate) fn is_private_symbol(s: &crate::symbol::Symbol) -> bool {
    s.private
}

impl Closure {
    pub fn is_class_constructor(&self) -> bool {
        self.code.flags.class_constructor
    }
}
