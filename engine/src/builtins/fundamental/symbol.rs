//! Symbol (#sec-symbol-objects).

use crate::builtins::{
    accessor, global_binding, link_constructor, method, method_sym, native_function, value,
};
use crate::function::Args;
use crate::object::{Attrs, ObjectClass, PropertyKey};
use crate::realm::Intrinsic;
use crate::symbol::Symbol;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    vm.realm.set_intrinsic(Intrinsic::SymbolPrototype, proto);
    let ctor = native_function(vm, "Symbol", 0, constructor, true);
    vm.realm.set_intrinsic(Intrinsic::Symbol, ctor);
    link_constructor(vm, ctor, proto);
    for (name, sym) in vm.symbols.all() {
        value(vm, ctor, name, Value::symbol(sym), Attrs::NONE);
    }
    method(vm, ctor, "for", 1, symbol_for);
    method(vm, ctor, "keyFor", 1, key_for);
    method(vm, proto, "toString", 0, to_string);
    method(vm, proto, "valueOf", 0, value_of);
    let dk = vm.key("description");
    accessor(vm, proto, dk, "description", Some(description), None);
    let tp = vm.symbols.to_primitive;
    let f = method_sym(vm, proto, tp, "[Symbol.toPrimitive]", 1, value_of);
    vm.define_builtin(
        proto,
        PropertyKey::Symbol(tp),
        Value::object(f),
        Attrs::CONFIGURABLE_ONLY,
    );
    let tag = vm.new_string("Symbol");
    let tt = vm.symbols.to_string_tag;
    vm.define_builtin(
        proto,
        PropertyKey::Symbol(tt),
        tag,
        Attrs::CONFIGURABLE_ONLY,
    );
    global_binding(vm, "Symbol", Value::object(ctor));
}

fn constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    if !nt.is_undefined() {
        return Err(vm.type_error("Symbol is not a constructor"));
    }
    let d = args.get(0);
    let description = if d.is_undefined() {
        Value::UNDEFINED
    } else {
        Value::string(vm.to_string(d)?)
    };
    Ok(Value::symbol(vm.heap.alloc(Symbol {
        description,
        registered: false,
        private: false,
    })))
}

fn symbol_for(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = vm.to_string(args.get(0))?;
    let key = vm.interner.intern(s);
    if let Some(sym) = vm.symbol_registry.get(&key) {
        return Ok(Value::symbol(*sym));
    }
    let sym = vm.heap.alloc(Symbol {
        description: Value::string(key),
        registered: true,
        private: false,
    });
    vm.symbol_registry.insert(key, sym);
    Ok(Value::symbol(sym))
}

fn key_for(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let Some(s) = args.get(0).as_symbol() else {
        return Err(vm.type_error("Symbol.keyFor: argument is not a symbol"));
    };
    if s.registered {
        return Ok(s.description);
    }
    Ok(Value::UNDEFINED)
}

fn this_symbol(vm: &mut Vm, v: Value) -> JsResult<crate::gc::Gc<Symbol>> {
    if let Some(s) = v.as_symbol() {
        return Ok(s);
    }
    if let Some(o) = v.as_object() {
        if let ObjectClass::Symbol(s) = o.class {
            return Ok(s);
        }
    }
    Err(vm.type_error("Symbol.prototype method called on incompatible receiver"))
}

/// SymbolDescriptiveString.
pub fn descriptive_string(s: &Symbol) -> String {
    match s.description.as_string() {
        Some(d) => format!("Symbol({})", d.to_rust_string()),
        None => "Symbol()".into(),
    }
}

fn to_string(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_symbol(vm, this)?;
    let text = match s.description.as_string() {
        Some(d) => {
            let mut u: Vec<u16> = "Symbol(".encode_utf16().collect();
            u.extend(d.units());
            u.push(b')' as u16);
            return Ok(vm.new_string_utf16(&u));
        }
        None => "Symbol()".to_string(),
    };
    Ok(vm.new_string(&text))
}

fn value_of(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::symbol(this_symbol(vm, this)?))
}

fn description(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    Ok(this_symbol(vm, this)?.description)
}
