//! Creating functions, classes, arrays, templates and private names from
//! bytecode.

use crate::bytecode::Code;
use crate::env::Env;
use crate::function::{Closure, FieldDef};
use crate::gc::Gc;
use crate::object::{ArrayData, Attrs, JsObject, ObjectClass, PropertyKey, Slot};
use crate::realm::Intrinsic;
use crate::symbol::Symbol;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::cell::{Cell, RefCell};

impl Vm {
    /// Create a function object for compiled code `c` closing over `env`.
    /// The shape of a fresh function object: `length`, then `name`, both
    /// configurable only. Reached from the empty shape's transitions, so
    /// it stays alive with it.
    fn closure_shape(&mut self) -> Gc<crate::object::Shape> {
        if let Some(s) = self.closure_shape {
            return s;
        }
        let (lk, nk) = (self.names.length, self.names.name);
        let s =
            crate::object::Shape::add(self.empty_shape, &self.heap, lk, Attrs::CONFIGURABLE_ONLY);
        let s = crate::object::Shape::add(s, &self.heap, nk, Attrs::CONFIGURABLE_ONLY);
        self.closure_shape = Some(s);
        s
    }

    pub(crate) fn new_closure(&mut self, c: Value, env: Option<Gc<Env>>) -> Value {
        // SAFETY: NewClosure's constant is always a Code cell (compiler).
        let code: Gc<Code> = unsafe { c.as_cell() };
        let f = code.flags;
        let proto = if f.is_async && f.generator {
            Intrinsic::AsyncGeneratorFunctionPrototype
        } else if f.generator {
            Intrinsic::GeneratorFunctionPrototype
        } else if f.is_async {
            Intrinsic::AsyncFunctionPrototype
        } else {
            Intrinsic::FunctionPrototype
        };
        let proto = self.intrinsic(proto);
        let realm = self.realm;
        let closure = Closure {
            code,
            env,
            realm,
            home_object: Cell::new(None),
            fields: RefCell::new(Vec::new()),
            class_brand: Cell::new(Value::UNDEFINED),
        };
        // length, then name (property order is observable): built directly
        // on the shared shape for those two keys.
        let name = if code.name.is_string() {
            code.name
        } else {
            self.new_string("")
        };
        let shape = self.closure_shape();
        let mut slots = crate::object::Slots::new();
        slots.push(Value::int(code.length as i32));
        slots.push(name);
        let fo = crate::object::JsObject::with_shape(
            &self.heap,
            shape,
            slots,
            Some(proto),
            ObjectClass::Function(closure),
        );
        if f.generator {
            let pp = if f.is_async {
                Intrinsic::AsyncGeneratorPrototype
            } else {
                Intrinsic::GeneratorPrototype
            };
            let pp = self.intrinsic(pp);
            let p = self.new_object_with(Some(pp), ObjectClass::Ordinary);
            let pk = self.names.prototype;
            self.define_builtin(fo, pk, Value::object(p), Attrs(Attrs::WRITABLE));
        } else if f.is_constructor && !f.class_constructor {
            let p = self.new_object();
            let ck = self.names.constructor;
            self.define_builtin(p, ck, Value::object(fo), Attrs::HIDDEN);
            let pk = self.names.prototype;
            self.define_builtin(fo, pk, Value::object(p), Attrs(Attrs::WRITABLE));
        }
        Value::object(fo)
    }

    pub(super) fn array_push_literal(&mut self, arr: Value, v: Value) {
        if let Some(a) = arr.as_object() {
            if let ObjectClass::Array(d) = &a.class {
                let len = d.length.get();
                if a.elements_are_dense() && a.dense_len() == len as usize {
                    a.dense_push(v);
                } else if !v.is_hole() {
                    a.define_raw(
                        &self.heap,
                        PropertyKey::Index(len),
                        Slot::Data(v),
                        Attrs::DEFAULT,
                    );
                }
                d.length.set(len + 1);
            }
        }
    }

    pub(super) fn array_spread(&mut self, arr: Value, src: Value) -> JsResult<()> {
        let (it, next) = self.get_iterator(src)?;
        while let Some(v) = self.iterator_step_value(it, next)? {
            self.array_push_literal(arr, v);
        }
        Ok(())
    }

    /// GetTemplateObject: cached per site in the realm.
    pub(super) fn get_template_object(&mut self, code: Gc<Code>, k: u32) -> Value {
        let site = (code.addr(), k);
        if let Some(o) = self.realm.templates.borrow().get(&site) {
            return Value::object(*o);
        }
        // The constant is an array [cooked..., raw...] built by the compiler.
        let parts = code.consts.get(k as usize).and_then(|v| v.as_object());
        let all = parts.and_then(|p| p.dense_snapshot()).unwrap_or_default();
        let n = all.len() / 2;
        let cooked: Vec<Value> = all[..n]
            .iter()
            .map(|v| if v.is_hole() { Value::UNDEFINED } else { *v })
            .collect();
        let raw: Vec<Value> = all[n..].to_vec();
        let template = self.create_array_from_list(&cooked);
        let raw_obj = self.create_array_from_list(&raw);
        for o in [raw_obj, template] {
            // Frozen: elements read-only, length read-only.
            let len = o.dense_len() as u32;
            let vals = o.dense_snapshot().unwrap_or_default();
            o.set_dense_elements(Vec::new());
            for (i, v) in vals.into_iter().enumerate() {
                o.define_raw(
                    &self.heap,
                    PropertyKey::Index(i as u32),
                    Slot::Data(v),
                    Attrs(Attrs::ENUMERABLE),
                );
            }
            if let ObjectClass::Array(a) = &o.class {
                a.length.set(len);
                a.length_writable.set(false);
            }
        }
        let rk = self.names.raw;
        self.define_builtin(template, rk, Value::object(raw_obj), Attrs::NONE);
        raw_obj.set_extensible_raw(false);
        template.set_extensible_raw(false);
        self.realm.templates.borrow_mut().insert(site, template);
        Value::object(template)
    }

    /// `CreateClass`: the constructor from `ctor_code`, its prototype object
    /// chained to `parent` (flags bit0: has `extends`).
    pub(super) fn create_class(
        &mut self,
        ctor_code: Value,
        env: Option<Gc<Env>>,
        parent: Value,
        flags: u8,
    ) -> JsResult<(Value, Value)> {
        let has_heritage = flags & 1 != 0;
        let (proto_parent, ctor_parent) = if !has_heritage {
            (
                Some(self.intrinsic(Intrinsic::ObjectPrototype)),
                self.intrinsic(Intrinsic::FunctionPrototype),
            )
        } else if parent.is_null() {
            (None, self.intrinsic(Intrinsic::FunctionPrototype))
        } else {
            let Some(po) = parent.as_object().filter(|p| self.is_constructor(*p)) else {
                return Err(self.type_error("Class extends value is not a constructor or null"));
            };
            let pk = self.names.prototype;
            let pp = self.get_prop(po, pk)?;
            let pp = if pp.is_null() {
                None
            } else if let Some(o) = pp.as_object() {
                Some(o)
            } else {
                return Err(
                    self.type_error("Class extends value does not have valid prototype property")
                );
            };
            (pp, po)
        };
        let proto = self.new_object_with(proto_parent, ObjectClass::Ordinary);
        let f = self.new_closure(ctor_code, env);
        let Some(fo) = f.as_object() else {
            return Err(self.internal_error("class constructor"));
        };
        fo.set_proto_raw(Some(ctor_parent));
        let pk = self.names.prototype;
        self.define_builtin(fo, pk, Value::object(proto), Attrs::NONE);
        let ck = self.names.constructor;
        self.define_builtin(proto, ck, f, Attrs::HIDDEN);
        if let ObjectClass::Function(c) = &fo.class {
            c.home_object.set(Some(proto));
        }
        Ok((f, Value::object(proto)))
    }

    /// Attach instance field definitions to a class constructor. `fields`
    /// is an array of [key, initializer, kind] triples (kind 0 public,
    /// 1 private field, 2 private method, 3 private getter, 4 private setter).
    pub(super) fn init_class_fields(&mut self, ctor: Value, fields: Value) {
        let Some(c) = ctor.as_object() else { return };
        let ObjectClass::Function(cl) = &c.class else {
            return;
        };
        let items = fields
            .as_object()
            .and_then(|o| o.dense_snapshot())
            .unwrap_or_default();
        let mut defs: Vec<FieldDef> = Vec::new();
        for ch in items.chunks(3) {
            let [key, init, kind] = [
                ch[0],
                ch.get(1).copied().unwrap_or_default(),
                ch.get(2).copied().unwrap_or_default(),
            ];
            match kind.as_int().unwrap_or(0) {
                0 => defs.push(FieldDef {
                    key,
                    init,
                    is_private: false,
                    private_method: None,
                }),
                1 => defs.push(FieldDef {
                    key,
                    init,
                    is_private: true,
                    private_method: None,
                }),
                k => {
                    // Merge getter/setter pairs for the same private name.
                    let (g, s) = match k {
                        2 => (init, Value::HOLE),
                        3 => (init, Value::UNDEFINED),
                        _ => (Value::UNDEFINED, init),
                    };
                    if let Some(existing) = defs
                        .iter_mut()
                        .find(|d| d.key == key && d.private_method.is_some())
                    {
                        if let Some((eg, es)) = existing.private_method {
                            existing.private_method =
                                Some((if k == 3 { g } else { eg }, if k == 4 { s } else { es }));
                        }
                    } else {
                        defs.push(FieldDef {
                            key,
                            init: Value::UNDEFINED,
                            is_private: true,
                            private_method: Some((g, s)),
                        });
                    }
                }
            }
        }
        // Private methods are installed before fields are initialised.
        defs.sort_by_key(|d| d.private_method.is_none());
        *cl.fields.borrow_mut() = defs;
    }

    pub(super) fn new_private_name(&mut self, desc: Value) -> Value {
        Value::symbol(self.heap.alloc(Symbol {
            description: desc,
            registered: false,
            private: true,
        }))
    }

    /// ArrayCreate with a given length (no elements).
    pub fn array_with_length(&mut self, len: u32) -> Gc<JsObject> {
        let proto = self.intrinsic(Intrinsic::ArrayPrototype);
        self.new_object_with(
            Some(proto),
            ObjectClass::Array(ArrayData {
                length: Cell::new(len),
                length_writable: Cell::new(true),
            }),
        )
    }
}
