//! Set (#sec-set-objects), including the set methods (union, intersection,
//! difference, symmetricDifference, isSubsetOf, isSupersetOf,
//! isDisjointFrom) over Set Records.

use super::set_iterator::{self, SetIterKind};
use super::table::{canonicalize, Cursor, KeyedTable};
use crate::builtins::{accessor, global_binding, link_constructor, method, native_function};
use crate::function::Args;
use crate::gc::{Gc, Trace, Tracer};
use crate::object::class::value_is_callable;
use crate::object::{Attrs, JsObject, ObjectClass, ObjectData, PropertyKey};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::cell::RefCell;

/// The [[SetData]] internal slot (keys only; values are unused).
pub struct SetData {
    pub table: RefCell<KeyedTable>,
}

impl Trace for SetData {
    fn trace(&self, t: &mut Tracer) {
        self.table.trace(t)
    }
}
impl ObjectData for SetData {
    fn class_name(&self) -> &'static str {
        "Set"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    vm.realm.set_intrinsic(Intrinsic::SetPrototype, proto);
    let ctor = native_function(vm, "Set", 0, constructor, true);
    vm.realm.set_intrinsic(Intrinsic::Set, ctor);
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

    method(vm, proto, "add", 1, add);
    method(vm, proto, "clear", 0, clear);
    method(vm, proto, "delete", 1, delete);
    method(vm, proto, "difference", 1, difference);
    method(vm, proto, "entries", 0, entries);
    method(vm, proto, "forEach", 1, for_each);
    method(vm, proto, "has", 1, has);
    method(vm, proto, "intersection", 1, intersection);
    method(vm, proto, "isDisjointFrom", 1, is_disjoint_from);
    method(vm, proto, "isSubsetOf", 1, is_subset_of);
    method(vm, proto, "isSupersetOf", 1, is_superset_of);
    let size_key = vm.names.size;
    accessor(vm, proto, size_key, "size", Some(size), None);
    method(vm, proto, "symmetricDifference", 1, symmetric_difference);
    method(vm, proto, "union", 1, union);
    let values_fn = method(vm, proto, "values", 0, values);
    let kk = vm.names.keys;
    vm.define_builtin(proto, kk, Value::object(values_fn), Attrs::HIDDEN);
    let ik = PropertyKey::Symbol(vm.symbols.iterator);
    vm.define_builtin(proto, ik, Value::object(values_fn), Attrs::HIDDEN);
    let tag = vm.new_string("Set");
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    vm.define_builtin(proto, tk, tag, Attrs::CONFIGURABLE_ONLY);
    global_binding(vm, "Set", Value::object(ctor));
}

/// A new, empty Set object with the given prototype.
pub fn new_set(vm: &mut Vm, proto: Gc<JsObject>) -> Gc<JsObject> {
    vm.new_object_with(
        Some(proto),
        ObjectClass::Data(Box::new(SetData {
            table: RefCell::new(KeyedTable::new()),
        })),
    )
}

/// The table of an object known to be a Set.
pub fn table_of(o: &JsObject) -> Option<&RefCell<KeyedTable>> {
    o.class.data::<SetData>().map(|d| &d.table)
}

/// RequireInternalSlot(S, [[SetData]]).
fn require_set(vm: &mut Vm, this: Value, what: &str) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o) if o.class.data::<SetData>().is_some() => Ok(o),
        _ => Err(vm.type_error(&format!(
            "Set.prototype.{what} called on incompatible receiver"
        ))),
    }
}

fn with_table<R>(o: Gc<JsObject>, f: impl FnOnce(&mut KeyedTable) -> R) -> Option<R> {
    table_of(&o).map(|t| f(&mut t.borrow_mut()))
}

/// Set ( [ iterable ] ) (#sec-set-iterable).
fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    // 1.
    if nt.is_undefined() {
        return Err(vm.type_error("Constructor Set requires 'new'"));
    }
    // 2-3.
    let proto = vm.get_prototype_from_constructor(nt, Intrinsic::SetPrototype)?;
    let set = new_set(vm, proto);
    // 4.
    let iterable = args.get(0);
    if iterable.is_nullish() {
        return Ok(Value::object(set));
    }
    // 5-6.
    let ak = vm.names.add;
    let adder = vm.get_prop(set, ak)?;
    if !value_is_callable(adder) {
        return Err(vm.type_error("Set.prototype.add is not a function"));
    }
    // 7-8.
    let (it, next) = vm.get_iterator(iterable)?;
    loop {
        let Some(v) = vm.iterator_step_value(it, next)? else {
            return Ok(Value::object(set));
        };
        if let Err(e) = vm.call(adder, Value::object(set), &[v]) {
            vm.iterator_close_on_throw(it);
            return Err(e);
        }
    }
}

/// Set.prototype.add ( value ) (#sec-set.prototype.add).
fn add(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = require_set(vm, this, "add")?;
    let v = args.get(0);
    with_table(s, |t| {
        if !t.has(v) {
            t.set(v, Value::UNDEFINED)
        }
    });
    Ok(this)
}

/// Set.prototype.clear ( ) (#sec-set.prototype.clear).
fn clear(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = require_set(vm, this, "clear")?;
    with_table(s, |t| t.clear());
    Ok(Value::UNDEFINED)
}

/// Set.prototype.delete ( value ) (#sec-set.prototype.delete).
fn delete(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = require_set(vm, this, "delete")?;
    Ok(Value::bool(
        with_table(s, |t| t.delete(args.get(0))).unwrap_or(false),
    ))
}

/// Set.prototype.entries ( ) (#sec-set.prototype.entries).
fn entries(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = require_set(vm, this, "entries")?;
    Ok(set_iterator::create(vm, s, SetIterKind::Entries))
}

/// Set.prototype.values ( ) (#sec-set.prototype.values).
fn values(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = require_set(vm, this, "values")?;
    Ok(set_iterator::create(vm, s, SetIterKind::Values))
}

/// Set.prototype.forEach ( callback [ , thisArg ] ) (#sec-set.prototype.foreach).
fn for_each(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1-2.
    let s = require_set(vm, this, "forEach")?;
    // 3.
    let (callback, this_arg) = (args.get(0), args.get(1));
    if !value_is_callable(callback) {
        return Err(vm.type_error("Set.prototype.forEach: callback is not a function"));
    }
    // 4-7.
    walk(s, |e| {
        vm.call(callback, this_arg, &[e, e, Value::object(s)])
            .map(|_| true)
    })
    .map(|_| Value::UNDEFINED)
}

/// Visit the live elements of set `s` in order, tolerating mutation by
/// `f`; stop early when `f` returns false. Returns whether the walk ran to
/// the end.
fn walk(s: Gc<JsObject>, mut f: impl FnMut(Value) -> JsResult<bool>) -> JsResult<bool> {
    let Some(table) = table_of(&s) else {
        return Ok(true);
    };
    let cursor: Cursor = table.borrow_mut().cursor();
    let result = loop {
        let Some((e, _)) = table.borrow().next(&cursor) else {
            break Ok(true);
        };
        match f(e) {
            Ok(true) => {}
            other => break other,
        }
    };
    table.borrow_mut().release(&cursor);
    result
}

/// Set.prototype.has ( value ) (#sec-set.prototype.has).
fn has(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = require_set(vm, this, "has")?;
    Ok(Value::bool(
        table_of(&s).is_some_and(|t| t.borrow().has(args.get(0))),
    ))
}

/// get Set.prototype.size (#sec-get-set.prototype.size).
fn size(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = require_set(vm, this, "size")?;
    Ok(Value::number(set_size(s) as f64))
}

fn set_size(s: Gc<JsObject>) -> usize {
    table_of(&s).map_or(0, |t| t.borrow().len())
}

fn set_has(s: Gc<JsObject>, v: Value) -> bool {
    table_of(&s).is_some_and(|t| t.borrow().has(v))
}

// ---- Set Records and the set methods ----

/// A Set Record (#sec-set-records).
struct SetRecord {
    object: Gc<JsObject>,
    /// A non-negative integer or +∞.
    size: f64,
    has: Value,
    keys: Value,
}

/// GetSetRecord ( obj ) (#sec-getsetrecord).
fn get_set_record(vm: &mut Vm, obj: Value) -> JsResult<SetRecord> {
    // 1.
    let Some(o) = obj.as_object() else {
        return Err(vm.type_error("Set operation argument must be an object"));
    };
    // 2-4.
    let sk = vm.names.size;
    let raw_size = vm.get_prop(o, sk)?;
    let num_size = vm.to_number(raw_size)?;
    if num_size.is_nan() {
        return Err(vm.type_error("The 'size' property must be a number"));
    }
    // 5-6.
    let int_size = num_size.trunc() + 0.0;
    if int_size < 0.0 {
        return Err(vm.range_error("The 'size' property must not be negative"));
    }
    // 7-8.
    let hk = vm.names.has;
    let has = vm.get_prop(o, hk)?;
    if !value_is_callable(has) {
        return Err(vm.type_error("The 'has' property must be a function"));
    }
    // 9-10.
    let kk = vm.names.keys;
    let keys = vm.get_prop(o, kk)?;
    if !value_is_callable(keys) {
        return Err(vm.type_error("The 'keys' property must be a function"));
    }
    Ok(SetRecord {
        object: o,
        size: int_size,
        has,
        keys,
    })
}

/// ToBoolean(? Call(rec.[[Has]], rec.[[SetObject]], « e »)).
fn rec_has(vm: &mut Vm, rec: &SetRecord, e: Value) -> JsResult<bool> {
    let r = vm.call(rec.has, Value::object(rec.object), &[e])?;
    Ok(vm.to_boolean(r))
}

/// Iterate `rec`'s keys (GetIteratorFromMethod + IteratorStepValue),
/// calling `f` on each; when `f` returns false the iterator is closed
/// (IteratorClose with a normal completion) and false is returned.
fn for_each_key(
    vm: &mut Vm,
    rec: &SetRecord,
    mut f: impl FnMut(&mut Vm, Value) -> bool,
) -> JsResult<bool> {
    let (it, next) = vm.get_iterator_from_method(Value::object(rec.object), rec.keys)?;
    while let Some(v) = vm.iterator_step_value(it, next)? {
        if !f(vm, v) {
            vm.iterator_close(it)?;
            return Ok(false);
        }
    }
    Ok(true)
}

/// A new Set (%Set.prototype%) holding the elements of `s`.
fn copy_of(vm: &mut Vm, s: Gc<JsObject>) -> Gc<JsObject> {
    let proto = vm.intrinsic(Intrinsic::SetPrototype);
    let r = new_set(vm, proto);
    let elems = table_of(&s)
        .map(|t| t.borrow().entries())
        .unwrap_or_default();
    with_table(r, |t| {
        for (e, _) in elems {
            t.set(e, Value::UNDEFINED);
        }
    });
    r
}

/// Set.prototype.union ( other ) (#sec-set.prototype.union).
fn union(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = require_set(vm, this, "union")?;
    let rec = get_set_record(vm, args.get(0))?;
    let (it, next) = vm.get_iterator_from_method(Value::object(rec.object), rec.keys)?;
    let result = copy_of(vm, o);
    while let Some(v) = vm.iterator_step_value(it, next)? {
        let v = canonicalize(v);
        with_table(result, |t| {
            if !t.has(v) {
                t.set(v, Value::UNDEFINED)
            }
        });
    }
    Ok(Value::object(result))
}

/// Set.prototype.intersection ( other ) (#sec-set.prototype.intersection).
fn intersection(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = require_set(vm, this, "intersection")?;
    let rec = get_set_record(vm, args.get(0))?;
    let proto = vm.intrinsic(Intrinsic::SetPrototype);
    let result = new_set(vm, proto);
    let append = |v: Value| {
        with_table(result, |t| {
            if !t.has(v) {
                t.set(v, Value::UNDEFINED)
            }
        });
    };
    if set_size(o) as f64 <= rec.size {
        walk(o, |e| {
            if rec_has(vm, &rec, e)? {
                append(e);
            }
            Ok(true)
        })?;
    } else {
        for_each_key(vm, &rec, |_, v| {
            let v = canonicalize(v);
            if set_has(o, v) {
                append(v);
            }
            true
        })?;
    }
    Ok(Value::object(result))
}

/// Set.prototype.difference ( other ) (#sec-set.prototype.difference).
fn difference(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = require_set(vm, this, "difference")?;
    let rec = get_set_record(vm, args.get(0))?;
    let result = copy_of(vm, o);
    if set_size(o) as f64 <= rec.size {
        // Walk the copy (which only this function changes).
        walk(result, |e| {
            if rec_has(vm, &rec, e)? {
                with_table(result, |t| t.delete(e));
            }
            Ok(true)
        })?;
    } else {
        for_each_key(vm, &rec, |_, v| {
            with_table(result, |t| t.delete(v));
            true
        })?;
    }
    Ok(Value::object(result))
}

/// Set.prototype.symmetricDifference ( other ) (#sec-set.prototype.symmetricdifference).
fn symmetric_difference(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = require_set(vm, this, "symmetricDifference")?;
    let rec = get_set_record(vm, args.get(0))?;
    let (it, next) = vm.get_iterator_from_method(Value::object(rec.object), rec.keys)?;
    let result = copy_of(vm, o);
    while let Some(v) = vm.iterator_step_value(it, next)? {
        let v = canonicalize(v);
        let in_this = set_has(o, v);
        with_table(result, |t| {
            let already = t.has(v);
            if in_this {
                if already {
                    t.delete(v);
                }
            } else if !already {
                t.set(v, Value::UNDEFINED);
            }
        });
    }
    Ok(Value::object(result))
}

/// Set.prototype.isSubsetOf ( other ) (#sec-set.prototype.issubsetof).
fn is_subset_of(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = require_set(vm, this, "isSubsetOf")?;
    let rec = get_set_record(vm, args.get(0))?;
    if set_size(o) as f64 > rec.size {
        return Ok(Value::FALSE);
    }
    let all = walk(o, |e| rec_has(vm, &rec, e))?;
    Ok(Value::bool(all))
}

/// Set.prototype.isSupersetOf ( other ) (#sec-set.prototype.issupersetof).
fn is_superset_of(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = require_set(vm, this, "isSupersetOf")?;
    let rec = get_set_record(vm, args.get(0))?;
    if (set_size(o) as f64) < rec.size {
        return Ok(Value::FALSE);
    }
    let all = for_each_key(vm, &rec, |_, v| set_has(o, v))?;
    Ok(Value::bool(all))
}

/// Set.prototype.isDisjointFrom ( other ) (#sec-set.prototype.isdisjointfrom).
fn is_disjoint_from(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let o = require_set(vm, this, "isDisjointFrom")?;
    let rec = get_set_record(vm, args.get(0))?;
    let disjoint = if set_size(o) as f64 <= rec.size {
        walk(o, |e| Ok(!rec_has(vm, &rec, e)?))?
    } else {
        for_each_key(vm, &rec, |_, v| !set_has(o, v))?
    };
    Ok(Value::bool(disjoint))
}
