//! Map (#sec-map-objects).

use super::map_iterator::{self, MapIterKind};
use super::table::{canonicalize, KeyedTable};
use crate::builtins::{accessor, global_binding, link_constructor, method, native_function};
use crate::function::Args;
use crate::gc::{Gc, Trace, Tracer};
use crate::object::class::value_is_callable;
use crate::object::{Attrs, JsObject, ObjectClass, ObjectData, PropertyKey};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::cell::RefCell;

/// The [[MapData]] internal slot.
pub struct MapData {
    pub table: RefCell<KeyedTable>,
}

impl Trace for MapData {
    fn trace(&self, t: &mut Tracer) {
        self.table.trace(t)
    }
}
impl ObjectData for MapData {
    fn class_name(&self) -> &'static str {
        "Map"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    vm.realm.set_intrinsic(Intrinsic::MapPrototype, proto);
    let ctor = native_function(vm, "Map", 0, constructor, true);
    vm.realm.set_intrinsic(Intrinsic::Map, ctor);
    link_constructor(vm, ctor, proto);
    method(vm, ctor, "groupBy", 2, group_by);
    let species = PropertyKey::Symbol(vm.symbols.species);
    accessor(
        vm,
        ctor,
        species,
        "[Symbol.species]",
        Some(|_, this, _, _| Ok(this)),
        None,
    );

    method(vm, proto, "clear", 0, clear);
    method(vm, proto, "delete", 1, delete);
    let entries_fn = method(vm, proto, "entries", 0, entries);
    method(vm, proto, "forEach", 1, for_each);
    method(vm, proto, "get", 1, get);
    method(vm, proto, "getOrInsert", 2, get_or_insert);
    method(vm, proto, "getOrInsertComputed", 2, get_or_insert_computed);
    method(vm, proto, "has", 1, has);
    method(vm, proto, "keys", 0, keys);
    method(vm, proto, "set", 2, set);
    let size_key = vm.names.size;
    accessor(vm, proto, size_key, "size", Some(size), None);
    method(vm, proto, "values", 0, values);
    let ik = PropertyKey::Symbol(vm.symbols.iterator);
    vm.define_builtin(proto, ik, Value::object(entries_fn), Attrs::HIDDEN);
    let tag = vm.new_string("Map");
    let tk = PropertyKey::Symbol(vm.symbols.to_string_tag);
    vm.define_builtin(proto, tk, tag, Attrs::CONFIGURABLE_ONLY);
    global_binding(vm, "Map", Value::object(ctor));
}

/// A new, empty Map object with the given prototype.
pub fn new_map(vm: &mut Vm, proto: Gc<JsObject>) -> Gc<JsObject> {
    vm.new_object_with(
        Some(proto),
        ObjectClass::Data(Box::new(MapData {
            table: RefCell::new(KeyedTable::new()),
        })),
    )
}

/// RequireInternalSlot(M, [[MapData]]).
pub fn this_map(vm: &mut Vm, this: Value, what: &str) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o) if o.class.data::<MapData>().is_some() => Ok(o),
        _ => Err(vm.type_error(&format!(
            "Map.prototype.{what} called on incompatible receiver"
        ))),
    }
}

/// The table of an object known to be a Map.
pub fn table_of(o: &JsObject) -> Option<&RefCell<KeyedTable>> {
    o.class.data::<MapData>().map(|d| &d.table)
}

/// Map ( [ iterable ] ) (#sec-map-iterable).
fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    // 1.
    if nt.is_undefined() {
        return Err(vm.type_error("Constructor Map requires 'new'"));
    }
    // 2-3.
    let proto = vm.get_prototype_from_constructor(nt, Intrinsic::MapPrototype)?;
    let map = new_map(vm, proto);
    // 4.
    let iterable = args.get(0);
    if iterable.is_nullish() {
        return Ok(Value::object(map));
    }
    // 5-6.
    let sk = vm.names.set;
    let adder = vm.get_prop(map, sk)?;
    if !value_is_callable(adder) {
        return Err(vm.type_error("Map.prototype.set is not a function"));
    }
    // 7.
    add_entries_from_iterable(vm, map, iterable, adder)
}

/// AddEntriesFromIterable (#sec-add-entries-from-iterable).
pub fn add_entries_from_iterable(
    vm: &mut Vm,
    target: Gc<JsObject>,
    iterable: Value,
    adder: Value,
) -> JsResult<Value> {
    // 1.
    let (it, next) = vm.get_iterator(iterable)?;
    loop {
        // 2.a-b.
        let Some(item) = vm.iterator_step_value(it, next)? else {
            return Ok(Value::object(target));
        };
        // 2.c.
        let Some(item) = item.as_object() else {
            let e = vm.type_error("Iterator value is not an entry object");
            vm.iterator_close_on_throw(it);
            return Err(e);
        };
        // 2.d-i.
        let r = (|| {
            let k = vm.get_prop(item, PropertyKey::Index(0))?;
            let v = vm.get_prop(item, PropertyKey::Index(1))?;
            vm.call(adder, Value::object(target), &[k, v])
        })();
        if let Err(e) = r {
            vm.iterator_close_on_throw(it);
            return Err(e);
        }
    }
}

/// Map.groupBy ( items, callback ) (#sec-map.groupby).
fn group_by(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let (items, callback) = (args.get(0), args.get(1));
    // GroupBy 1-2.
    let items = vm.require_object_coercible(items)?;
    if !value_is_callable(callback) {
        return Err(vm.type_error("Map.groupBy: callback is not a function"));
    }
    // The result Map doubles as the group list: keys in first-seen order,
    // each with its array of elements.
    let proto = vm.intrinsic(Intrinsic::MapPrototype);
    let map = new_map(vm, proto);
    // GroupBy 4.
    let (it, next) = vm.get_iterator(items)?;
    let mut k: u64 = 0;
    loop {
        // 6.a.
        if k >= (1u64 << 53) - 1 {
            let e = vm.type_error("Too many elements");
            vm.iterator_close_on_throw(it);
            return Err(e);
        }
        // 6.b-e.
        let Some(value) = vm.iterator_step_value(it, next)? else {
            return Ok(Value::object(map));
        };
        // 6.f-g.
        let key = match vm.call(
            callback,
            Value::UNDEFINED,
            &[value, Value::number(k as f64)],
        ) {
            Ok(key) => canonicalize(key),
            Err(e) => {
                vm.iterator_close_on_throw(it);
                return Err(e);
            }
        };
        // 6.i. AddValueToKeyedGroup.
        let existing = table_of(&map).and_then(|t| t.borrow().get(key));
        match existing.and_then(|a| a.as_object()) {
            Some(arr) => {
                arr.dense_push(value);
                if let Some(a) = arr.array_data() {
                    a.length.set(a.length.get().saturating_add(1));
                }
            }
            None => {
                let arr = vm.create_array_from_list(&[value]);
                if let Some(t) = table_of(&map) {
                    t.borrow_mut().set(key, Value::object(arr));
                }
            }
        }
        k += 1;
    }
}

/// Map.prototype.clear ( ) (#sec-map.prototype.clear).
fn clear(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let m = this_map(vm, this, "clear")?;
    if let Some(t) = table_of(&m) {
        t.borrow_mut().clear();
    }
    Ok(Value::UNDEFINED)
}

/// Map.prototype.delete ( key ) (#sec-map.prototype.delete).
fn delete(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let m = this_map(vm, this, "delete")?;
    let found = table_of(&m).is_some_and(|t| t.borrow_mut().delete(args.get(0)));
    Ok(Value::bool(found))
}

/// Map.prototype.entries ( ) (#sec-map.prototype.entries).
fn entries(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let m = this_map(vm, this, "entries")?;
    Ok(map_iterator::create(vm, m, MapIterKind::Entries))
}

/// Map.prototype.keys ( ) (#sec-map.prototype.keys).
fn keys(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let m = this_map(vm, this, "keys")?;
    Ok(map_iterator::create(vm, m, MapIterKind::Keys))
}

/// Map.prototype.values ( ) (#sec-map.prototype.values).
fn values(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let m = this_map(vm, this, "values")?;
    Ok(map_iterator::create(vm, m, MapIterKind::Values))
}

/// Map.prototype.forEach ( callback [ , thisArg ] ) (#sec-map.prototype.foreach).
fn for_each(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1-2.
    let m = this_map(vm, this, "forEach")?;
    // 3.
    let (callback, this_arg) = (args.get(0), args.get(1));
    if !value_is_callable(callback) {
        return Err(vm.type_error("Map.prototype.forEach: callback is not a function"));
    }
    let Some(table) = table_of(&m) else {
        return Ok(Value::UNDEFINED);
    };
    // 4-7. Walk with a cursor the table keeps valid across mutation.
    let cursor = table.borrow_mut().cursor();
    let result = loop {
        let Some((k, v)) = table.borrow().next(&cursor) else {
            break Ok(Value::UNDEFINED);
        };
        if let Err(e) = vm.call(callback, this_arg, &[v, k, Value::object(m)]) {
            break Err(e);
        }
    };
    table.borrow_mut().release(&cursor);
    result
}

/// Map.prototype.get ( key ) (#sec-map.prototype.get).
fn get(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let m = this_map(vm, this, "get")?;
    Ok(table_of(&m)
        .and_then(|t| t.borrow().get(args.get(0)))
        .unwrap_or(Value::UNDEFINED))
}

/// Map.prototype.has ( key ) (#sec-map.prototype.has).
fn has(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let m = this_map(vm, this, "has")?;
    Ok(Value::bool(
        table_of(&m).is_some_and(|t| t.borrow().has(args.get(0))),
    ))
}

/// Map.prototype.set ( key, value ) (#sec-map.prototype.set).
fn set(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let m = this_map(vm, this, "set")?;
    if let Some(t) = table_of(&m) {
        t.borrow_mut().set(args.get(0), args.get(1));
    }
    Ok(this)
}

/// Map.prototype.getOrInsert ( key, value ) (proposal-upsert).
fn get_or_insert(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let m = this_map(vm, this, "getOrInsert")?;
    let (key, value) = (args.get(0), args.get(1));
    let Some(t) = table_of(&m) else {
        return Ok(Value::UNDEFINED);
    };
    if let Some(v) = t.borrow().get(key) {
        return Ok(v);
    }
    t.borrow_mut().set(key, value);
    Ok(value)
}

/// Map.prototype.getOrInsertComputed ( key, callbackfn ) (proposal-upsert).
fn get_or_insert_computed(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    // 1-2.
    let m = this_map(vm, this, "getOrInsertComputed")?;
    // 3.
    let callback = args.get(1);
    if !value_is_callable(callback) {
        return Err(vm.type_error("Map.prototype.getOrInsertComputed: callback is not a function"));
    }
    // 4.
    let key = canonicalize(args.get(0));
    // 5.
    if let Some(v) = table_of(&m).and_then(|t| t.borrow().get(key)) {
        return Ok(v);
    }
    // 6.
    let value = vm.call(callback, Value::UNDEFINED, &[key])?;
    // 7-8. The callback may have inserted the key: overwrite or append.
    if let Some(t) = table_of(&m) {
        t.borrow_mut().set(key, value);
    }
    Ok(value)
}

/// get Map.prototype.size (#sec-get-map.prototype.size).
fn size(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let m = this_map(vm, this, "size")?;
    let n = table_of(&m).map_or(0, |t| t.borrow().len());
    Ok(Value::number(n as f64))
}
