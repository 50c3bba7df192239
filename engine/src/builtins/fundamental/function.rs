//! Function constructor and Function.prototype (#sec-function-objects).

use crate::builtins::{
    accessor, global_binding, link_constructor, method, method_sym, native_function,
};
use crate::compiler::compile_dynamic_function;
use crate::compiler::DynamicKind;
use crate::function::{Args, BoundFunction};
use crate::object::{Attrs, ObjectClass, PropertyKey};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let proto = vm.intrinsic(Intrinsic::FunctionPrototype);
    // Function.prototype is itself a function: length 0, name "".
    let lk = vm.names.length;
    vm.define_builtin(proto, lk, Value::int(0), Attrs::CONFIGURABLE_ONLY);
    let nk = vm.names.name;
    let empty = vm.new_string("");
    vm.define_builtin(proto, nk, empty, Attrs::CONFIGURABLE_ONLY);
    let ctor = native_function(vm, "Function", 1, function_constructor, true);
    vm.realm.set_intrinsic(Intrinsic::Function, ctor);
    link_constructor(vm, ctor, proto);
    method(vm, proto, "apply", 2, apply);
    method(vm, proto, "bind", 1, bind);
    let call_fn = method(vm, proto, "call", 1, call);
    vm.realm
        .set_intrinsic(crate::realm::Intrinsic::FunctionProtoCall, call_fn);
    method(vm, proto, "toString", 0, to_string);
    let hi = vm.symbols.has_instance;
    let f = method_sym(vm, proto, hi, "[Symbol.hasInstance]", 1, has_instance);
    vm.define_builtin(
        proto,
        PropertyKey::Symbol(hi),
        Value::object(f),
        Attrs::NONE,
    );
    // %ThrowTypeError% and the poisoned caller/arguments accessors.
    let thrower = native_function(vm, "", 0, throw_type_error, false);
    thrower.set_extensible_raw(false);
    let lk = vm.names.length;
    vm.define_builtin(thrower, lk, Value::int(0), Attrs::NONE);
    let nk = vm.names.name;
    let e = vm.new_string("");
    vm.define_builtin(thrower, nk, e, Attrs::NONE);
    vm.realm.set_intrinsic(Intrinsic::ThrowTypeError, thrower);
    for name in ["caller", "arguments"] {
        let k = vm.key(name);
        proto.define_raw(
            &vm.heap,
            k,
            crate::object::Slot::Accessor {
                get: Value::object(thrower),
                set: Value::object(thrower),
            },
            Attrs::CONFIGURABLE_ONLY,
        );
    }
    let _ = accessor;
    global_binding(vm, "Function", Value::object(ctor));
}

fn throw_type_error(vm: &mut Vm, _this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    Err(vm.type_error("'caller', 'callee', and 'arguments' properties may not be accessed on strict mode functions or the arguments objects for calls to them"))
}

/// CreateDynamicFunction.
pub fn create_dynamic_function(
    vm: &mut Vm,
    args: Args,
    nt: Value,
    kind: DynamicKind,
) -> JsResult<Value> {
    let n = args.len();
    let mut params = String::new();
    for i in 0..n.saturating_sub(1) {
        if i > 0 {
            params.push(',');
        }
        params.push_str(&vm.to_rust_string(args.get(i))?);
    }
    let body = if n > 0 {
        vm.to_rust_string(args.get(n - 1))?
    } else {
        String::new()
    };
    let f = compile_dynamic_function(vm, kind, &params, &body)?;
    // The prototype comes from newTarget (subclassing Function).
    if let (Some(fo), false) = (f.as_object(), nt.is_undefined()) {
        let fallback = match kind {
            DynamicKind::Normal => Intrinsic::FunctionPrototype,
            DynamicKind::Generator => Intrinsic::GeneratorFunctionPrototype,
            DynamicKind::Async => Intrinsic::AsyncFunctionPrototype,
            DynamicKind::AsyncGenerator => Intrinsic::AsyncGeneratorFunctionPrototype,
        };
        let p = vm.get_prototype_from_constructor(nt, fallback)?;
        fo.set_proto_raw(Some(p));
    }
    Ok(f)
}

fn function_constructor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    create_dynamic_function(vm, args, nt, DynamicKind::Normal)
}

pub(crate) fn apply(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    if !crate::object::class::value_is_callable(this) {
        return Err(vm.type_error("Function.prototype.apply was called on a non-function"));
    }
    let arr = args.get(1);
    if arr.is_nullish() {
        return vm.call(this, args.get(0), &[]);
    }
    let list = vm.create_list_from_array_like(arr)?;
    vm.call(this, args.get(0), &list)
}

pub(crate) fn call(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    if !crate::object::class::value_is_callable(this) {
        return Err(vm.type_error("Function.prototype.call was called on a non-function"));
    }
    vm.call(this, args.get(0), args.rest(1))
}

fn bind(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let Some(target) = this.as_object().filter(|o| o.is_callable()) else {
        return Err(vm.type_error("Bind must be called on a function"));
    };
    let proto = vm.get_prototype_of(target)?;
    let constructor = vm.is_constructor(target);
    let bound = vm.new_object_with(
        proto,
        ObjectClass::BoundFunction(BoundFunction {
            target,
            this: args.get(0),
            args: args.rest(1).to_vec(),
            constructor,
        }),
    );
    // length
    let lk = vm.names.length;
    let mut len = 0.0;
    if vm.has_own_property(target, lk)? {
        let tl = vm.get_prop(target, lk)?;
        if let Some(n) = tl.as_number() {
            if n == f64::INFINITY {
                len = f64::INFINITY;
            } else if n.is_finite() {
                let n = crate::ops::conversion::integer_part(n);
                len = (n - args.rest(1).len() as f64).max(0.0);
            }
        }
    }
    vm.define_builtin(bound, lk, Value::number(len), Attrs::CONFIGURABLE_ONLY);
    let nk = vm.names.name;
    let tn = vm.get_prop(target, nk)?;
    // SetFunctionName(F, targetName, "bound"): a concatenation, so a chain
    // of bound functions shares its names' characters (ropes) instead of
    // copying a longer name at every step.
    let prefix = vm.heap.alloc_latin1(b"bound ");
    let name = match tn.as_string() {
        Some(s) => vm.concat_strings(prefix, s)?,
        None => Value::string(prefix),
    };
    vm.define_builtin(bound, nk, name, Attrs::CONFIGURABLE_ONLY);
    Ok(Value::object(bound))
}

/// Function.prototype.toString.
pub fn to_string(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let Some(o) = this.as_object() else {
        return Err(vm.type_error("Function.prototype.toString requires that 'this' be a Function"));
    };
    match &o.class {
        ObjectClass::Function(c) => {
            let code = c.code;
            if let Some(src) = code.source {
                let (s, e) = code.span;
                if let Some(text) = src.text.get(s as usize..e as usize) {
                    if !text.is_empty() {
                        return Ok(vm.new_string(text));
                    }
                }
            }
            Ok(vm.new_string("function () { [native code] }"))
        }
        ObjectClass::NativeFunction(_) | ObjectClass::BoundFunction(_) => {
            let nk = vm.names.name;
            let n = o
                .get_own_data(nk)
                .and_then(|v| v.as_string())
                .map(|s| s.to_rust_string())
                .unwrap_or_default();
            // NativeFunction syntax: the name must parse as (get/set and) a
            // PropertyName; names such as RegExp's legacy `$&` are dropped.
            let n = if native_name_ok(&n) { n } else { String::new() };
            Ok(vm.new_string(&format!("function {n}() {{ [native code] }}")))
        }
        ObjectClass::Proxy(p) if p.callable => Ok(vm.new_string("function () { [native code] }")),
        _ => Err(vm.type_error("Function.prototype.toString requires that 'this' be a Function")),
    }
}

pub(crate) fn has_instance(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::bool(vm.ordinary_has_instance(this, args.get(0))?))
}

/// Whether `name` can stand in NativeFunction's `NativeFunctionAccessor?
/// PropertyName?` position as is: an IdentifierName or `[Symbol.x]`,
/// optionally after `get `/`set `.
fn native_name_ok(name: &str) -> bool {
    let bare = name
        .strip_prefix("get ")
        .or_else(|| name.strip_prefix("set "))
        .unwrap_or(name);
    if bare.starts_with('[') && bare.ends_with(']') {
        return true;
    }
    let mut chars = bare.chars();
    match chars.next() {
        None => true,
        Some(c) if c == '$' || c == '_' || c.is_alphabetic() => {
            chars.all(|c| c == '$' || c == '_' || c.is_alphanumeric())
        }
        Some(_) => false,
    }
}
