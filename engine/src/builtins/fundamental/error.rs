//! Error, the native errors and AggregateError (#sec-error-objects), plus
//! V8's `Error.captureStackTrace` that Node code relies on.

use crate::builtins::{global_binding, link_constructor, method, native_function, value};
use crate::function::{Args, NativeFn};
use crate::object::{Attrs, ObjectClass, PropertyDescriptor, Slot};
use crate::ops::errors::ErrorKind;
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    vm.realm.set_intrinsic(Intrinsic::ErrorPrototype, proto);
    let ctor = native_function(vm, "Error", 1, error_ctor, true);
    vm.realm.set_intrinsic(Intrinsic::Error, ctor);
    link_constructor(vm, ctor, proto);
    let n = vm.new_string("Error");
    value(vm, proto, "name", n, Attrs::HIDDEN);
    let e = vm.new_string("");
    value(vm, proto, "message", e, Attrs::HIDDEN);
    method(vm, proto, "toString", 0, to_string);
    method(vm, ctor, "captureStackTrace", 2, capture_stack_trace);
    // The accessor pair every error's own `stack` shares (V8 ≥ 12 shape).
    let get = native_function(vm, "stack", 0, stack_getter, false);
    vm.realm.set_intrinsic(Intrinsic::ErrorStackGetter, get);
    let set = native_function(vm, "stack", 1, stack_setter, false);
    vm.realm.set_intrinsic(Intrinsic::ErrorStackSetter, set);
    super::call_site::init(vm);
    method(vm, ctor, "isError", 1, is_error);
    value(vm, ctor, "stackTraceLimit", Value::int(10), Attrs::DEFAULT);
    global_binding(vm, "Error", Value::object(ctor));

    let natives: [(ErrorKind, Intrinsic, NativeFn); 6] = [
        (ErrorKind::EvalError, Intrinsic::EvalError, eval_error),
        (ErrorKind::RangeError, Intrinsic::RangeError, range_error),
        (
            ErrorKind::ReferenceError,
            Intrinsic::ReferenceError,
            reference_error,
        ),
        (ErrorKind::SyntaxError, Intrinsic::SyntaxError, syntax_error),
        (ErrorKind::TypeError, Intrinsic::TypeError, type_error),
        (ErrorKind::URIError, Intrinsic::URIError, uri_error),
    ];
    for (kind, ci, f) in natives {
        let p = vm.new_object_with(Some(proto), ObjectClass::Ordinary);
        vm.realm.set_intrinsic(kind.prototype(), p);
        let c = native_function(vm, kind.name(), 1, f, true);
        c.set_proto_raw(Some(ctor));
        vm.realm.set_intrinsic(ci, c);
        link_constructor(vm, c, p);
        let n = vm.new_string(kind.name());
        value(vm, p, "name", n, Attrs::HIDDEN);
        let e = vm.new_string("");
        value(vm, p, "message", e, Attrs::HIDDEN);
        global_binding(vm, kind.name(), Value::object(c));
    }
    let p = vm.new_object_with(Some(proto), ObjectClass::Ordinary);
    vm.realm
        .set_intrinsic(Intrinsic::AggregateErrorPrototype, p);
    let c = native_function(vm, "AggregateError", 2, aggregate_error, true);
    c.set_proto_raw(Some(ctor));
    vm.realm.set_intrinsic(Intrinsic::AggregateError, c);
    link_constructor(vm, c, p);
    let n = vm.new_string("AggregateError");
    value(vm, p, "name", n, Attrs::HIDDEN);
    let e = vm.new_string("");
    value(vm, p, "message", e, Attrs::HIDDEN);
    global_binding(vm, "AggregateError", Value::object(c));
}

/// The shared constructor steps: OrdinaryCreateFromConstructor, message,
/// InstallErrorCause.
fn construct_error(
    vm: &mut Vm,
    kind: ErrorKind,
    args: Args,
    nt: Value,
    msg_index: usize,
) -> JsResult<crate::gc::Gc<crate::object::JsObject>> {
    let callee = vm.intrinsic(match kind {
        ErrorKind::Error => Intrinsic::Error,
        ErrorKind::EvalError => Intrinsic::EvalError,
        ErrorKind::RangeError => Intrinsic::RangeError,
        ErrorKind::ReferenceError => Intrinsic::ReferenceError,
        ErrorKind::SyntaxError => Intrinsic::SyntaxError,
        ErrorKind::TypeError => Intrinsic::TypeError,
        ErrorKind::URIError => Intrinsic::URIError,
        ErrorKind::AggregateError => Intrinsic::AggregateError,
    });
    let nt = if nt.is_undefined() {
        Value::object(callee)
    } else {
        nt
    };
    let proto = vm.get_prototype_from_constructor(nt, kind.prototype())?;
    let o = vm.new_object_with(Some(proto), ObjectClass::Error);
    // `stack` comes first among the own properties, as in V8. The
    // constructor itself is not a call site; for a subclass (`new.target`
    // another function) every frame up to and including its constructor
    // is left out too (V8's SKIP_UNTIL_SEEN on new.target).
    let hide = nt.as_object().filter(|f| *f != callee);
    vm.capture_stack(o, false, hide);
    let msg = args.get(msg_index);
    if !msg.is_undefined() {
        let s = vm.to_string(msg)?;
        let mk = vm.names.message;
        vm.define_builtin(o, mk, Value::string(s), Attrs::HIDDEN);
    }
    let options = args.get(msg_index + 1);
    if let Some(opts) = options.as_object() {
        let ck = vm.names.cause;
        if vm.has_property(opts, ck)? {
            let cause = vm.get_prop(opts, ck)?;
            vm.define_builtin(o, ck, cause, Attrs::HIDDEN);
        }
    }
    Ok(o)
}

fn error_ctor(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    Ok(Value::object(construct_error(
        vm,
        ErrorKind::Error,
        args,
        nt,
        0,
    )?))
}
fn eval_error(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    Ok(Value::object(construct_error(
        vm,
        ErrorKind::EvalError,
        args,
        nt,
        0,
    )?))
}
fn range_error(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    Ok(Value::object(construct_error(
        vm,
        ErrorKind::RangeError,
        args,
        nt,
        0,
    )?))
}
fn reference_error(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    Ok(Value::object(construct_error(
        vm,
        ErrorKind::ReferenceError,
        args,
        nt,
        0,
    )?))
}
fn syntax_error(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    Ok(Value::object(construct_error(
        vm,
        ErrorKind::SyntaxError,
        args,
        nt,
        0,
    )?))
}
fn type_error(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    Ok(Value::object(construct_error(
        vm,
        ErrorKind::TypeError,
        args,
        nt,
        0,
    )?))
}
fn uri_error(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    Ok(Value::object(construct_error(
        vm,
        ErrorKind::URIError,
        args,
        nt,
        0,
    )?))
}

fn aggregate_error(vm: &mut Vm, _this: Value, args: Args, nt: Value) -> JsResult<Value> {
    let o = construct_error(vm, ErrorKind::AggregateError, args, nt, 1)?;
    let (it, next) = vm.get_iterator(args.get(0))?;
    let mut errors = Vec::new();
    while let Some(v) = vm.iterator_step_value(it, next)? {
        errors.push(v);
    }
    let arr = vm.create_array_from_list(&errors);
    let ek = vm.names.errors;
    vm.define_builtin(o, ek, Value::object(arr), Attrs::HIDDEN);
    Ok(Value::object(o))
}

/// Error.prototype.toString's steps (the header of a formatted stack).
pub(crate) fn error_to_string(vm: &mut Vm, this: Value) -> JsResult<Value> {
    to_string(vm, this, Args::new(&[]), Value::UNDEFINED)
}

fn to_string(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let Some(o) = this.as_object() else {
        return Err(vm.type_error("Error.prototype.toString called on non-object"));
    };
    let nk = vm.names.name;
    let n = vm.get_prop(o, nk)?;
    let name = if n.is_undefined() {
        vm.new_string("Error").as_string()
    } else {
        Some(vm.to_string(n)?)
    };
    let mk = vm.names.message;
    let m = vm.get_prop(o, mk)?;
    let msg = if m.is_undefined() {
        None
    } else {
        Some(vm.to_string(m)?)
    };
    let name_u: Vec<u16> = name.map(|s| s.to_utf16()).unwrap_or_default();
    let msg_u: Vec<u16> = msg.map(|s| s.to_utf16()).unwrap_or_default();
    if name_u.is_empty() {
        return Ok(vm.new_string_utf16(&msg_u));
    }
    if msg_u.is_empty() {
        return Ok(vm.new_string_utf16(&name_u));
    }
    let mut out = name_u;
    out.extend(": ".encode_utf16());
    out.extend(msg_u);
    Ok(vm.new_string_utf16(&out))
}

/// Error.isError ( arg ) (#sec-error.iserror): has an [[ErrorData]] slot
/// (proxies are not seen through).
fn is_error(_vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    Ok(Value::bool(
        args.get(0)
            .as_object()
            .is_some_and(|o| matches!(o.class, ObjectClass::Error)),
    ))
}

/// `Error.captureStackTrace(obj [, fn])` (V8): give `obj` the `stack`
/// accessor over call sites captured now, leaving out every frame above
/// and including the topmost call of `fn` (all of them if `fn` is not
/// running). `obj` must be an ordinary object (not a proxy), extensible
/// or already holding a configurable `stack`.
fn capture_stack_trace(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let Some(o) = args
        .get(0)
        .as_object()
        .filter(|o| !matches!(o.class, ObjectClass::Proxy(_)))
    else {
        return Err(vm.type_error("invalid_argument"));
    };
    let hide = args.get(1).as_object().filter(|f| f.is_callable());
    let get = vm.intrinsic(Intrinsic::ErrorStackGetter);
    let set = vm.intrinsic(Intrinsic::ErrorStackSetter);
    let sk = vm.names.stack;
    let desc = PropertyDescriptor::accessor(
        Value::object(get),
        Value::object(set),
        Attrs::CONFIGURABLE_ONLY,
    );
    if !vm.define_own_property(o, sk, desc)? {
        let msg = if o.get_own_raw(sk).is_some() {
            "Cannot redefine property: stack"
        } else {
            "Cannot define property stack, object is not extensible"
        };
        return Err(vm.type_error(msg));
    }
    // `captureStackTrace` itself is not a call site.
    let record = vm.capture_record(false, hide);
    let key = vm.error_stack_key;
    o.define_raw(&vm.heap, key, Slot::Data(record), Attrs::HIDDEN);
    Ok(Value::UNDEFINED)
}

fn stack_getter(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    vm.error_stack_get(this)
}

fn stack_setter(vm: &mut Vm, this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    vm.error_stack_set(this, args.get(0))?;
    Ok(Value::UNDEFINED)
}
