//! V8's CallSite objects (<https://v8.dev/docs/stack-trace-api>), handed
//! to `Error.prepareStackTrace`, and the default text of one stack-trace
//! line. The queries follow V8's `CallSiteInfo` (call-site-info.cc) and
//! `SerializeCallSiteInfo`; none of them runs JavaScript (no getters, no
//! proxy traps), so formatting a stack is not observable beyond
//! `prepareStackTrace` and the error's `name`/`message`.

use crate::builtins::method;
use crate::function::Args;
use crate::gc::Gc;
use crate::interp::stack_trace::{CallSiteRecord, StackTraceData};
use crate::object::{JsObject, ObjectClass, ObjectData, PropertyKey, Slot};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

/// The internal slot of a CallSite object.
pub struct CallSiteData {
    pub site: CallSiteRecord,
}

impl crate::gc::Trace for CallSiteData {
    fn trace(&self, t: &mut crate::gc::Tracer) {
        self.site.trace(t);
    }
}

impl ObjectData for CallSiteData {
    fn class_name(&self) -> &'static str {
        "CallSite"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// The CallSite prototype (one per realm; V8 exposes no constructor).
pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.new_object_with(Some(op), ObjectClass::Ordinary);
    vm.realm.set_intrinsic(Intrinsic::CallSitePrototype, proto);
    let methods: [(&str, crate::function::NativeFn); 20] = [
        ("getThis", get_this),
        ("getTypeName", get_type_name),
        ("getFunction", get_function),
        ("getFunctionName", get_function_name),
        ("getMethodName", get_method_name),
        ("getFileName", get_file_name),
        ("getLineNumber", get_line_number),
        ("getColumnNumber", get_column_number),
        ("getEvalOrigin", get_eval_origin),
        ("getScriptNameOrSourceURL", get_file_name),
        ("getPosition", get_position),
        ("isToplevel", is_toplevel_fn),
        ("isEval", is_eval_fn),
        ("isNative", is_native_fn),
        ("isConstructor", is_constructor_fn),
        ("isAsync", is_async_fn),
        ("isPromiseAll", is_promise_all_fn),
        ("getPromiseIndex", get_promise_index),
        ("getEnclosingLineNumber", get_enclosing_line_number),
        ("getEnclosingColumnNumber", get_enclosing_column_number),
    ];
    for (name, f) in methods {
        method(vm, proto, name, 0, f);
    }
    method(vm, proto, "toString", 0, to_string);
}

/// An array of CallSite objects for the records of a captured stack.
pub(crate) fn call_site_array(vm: &mut Vm, data: &StackTraceData) -> Gc<JsObject> {
    let proto = vm.intrinsic(Intrinsic::CallSitePrototype);
    let roots = vm.roots.clone();
    let mut list = crate::gc::ValueList::new(&roots);
    let n = data.sites.borrow().len();
    for i in 0..n {
        let site = data.sites.borrow()[i];
        let o = vm.new_object_with(
            Some(proto),
            ObjectClass::Data(Box::new(CallSiteData { site })),
        );
        list.push(Value::object(o));
    }
    vm.create_array_from_list(&list)
}

// ---- queries (V8's CallSiteInfo) ----

/// The own `name` data property of `f` if it is a string.
pub(crate) fn own_name(vm: &Vm, f: Gc<JsObject>) -> Option<String> {
    f.get_own_data(vm.names.name)
        .and_then(|v| v.as_string())
        .map(|s| s.to_rust_string())
}

/// GetFunctionName: the function's `name`; for eval code "eval"; None for
/// anonymous functions and scripts. (V8 also infers names such as
/// `o.f` from the source; Lode does not.)
pub fn function_name(vm: &Vm, s: &CallSiteRecord) -> Option<String> {
    if let Some(n) = s
        .function
        .as_object()
        .and_then(|f| own_name(vm, f))
        .filter(|n| !n.is_empty())
    {
        return Some(n);
    }
    if is_eval(s) {
        return Some("eval".to_string());
    }
    None
}

/// IsToplevel: the receiver is undefined, null or a global object.
pub fn is_toplevel(vm: &Vm, s: &CallSiteRecord) -> bool {
    s.this.is_nullish() || vm.realms.iter().any(|r| r.global_this == s.this)
}

/// IsMethodCall: neither top-level nor a constructor (nor async-awaited
/// with no receiver).
fn is_method_call(vm: &Vm, s: &CallSiteRecord) -> bool {
    !is_toplevel(vm, s) && !s.has(CallSiteRecord::CONSTRUCTOR)
}

pub fn is_eval(s: &CallSiteRecord) -> bool {
    s.code
        .and_then(|c| c.source)
        .is_some_and(|src| src.eval_origin.is_some())
}

/// Script name; None for eval code and built-ins.
pub fn file_name(s: &CallSiteRecord) -> Option<String> {
    let src = s.code?.source?;
    if src.eval_origin.is_some() {
        return None;
    }
    Some(src.name.clone())
}

pub fn eval_origin(s: &CallSiteRecord) -> Option<String> {
    s.code?.source?.eval_origin.clone()
}

/// The source byte offset of the site (eval code: from the start of the
/// eval text).
fn position(s: &CallSiteRecord) -> Option<u32> {
    let code = s.code?;
    let off = code.position_of(s.pc)?;
    let prefix = code.source.map_or(0, |src| src.prefix_len);
    Some(off.saturating_sub(prefix))
}

/// 1-based line and column.
pub fn line_col(s: &CallSiteRecord) -> Option<(u32, u32)> {
    let code = s.code?;
    let src = code.source?;
    let off = code.position_of(s.pc)?;
    Some(src.user_line_col(off))
}

/// Where the function itself starts (V8's enclosing position).
fn enclosing_line_col(s: &CallSiteRecord) -> Option<(u32, u32)> {
    let code = s.code?;
    let src = code.source?;
    Some(src.user_line_col(code.span.0.max(src.prefix_len)))
}

/// The prototype chain of the receiver, starting at the receiver (for a
/// primitive: at its wrapper's prototype, which ToObject would give).
fn receiver_object(vm: &Vm, this: Value) -> Option<Gc<JsObject>> {
    if let Some(o) = this.as_object() {
        return Some(o);
    }
    let proto = if this.is_string() {
        Intrinsic::StringPrototype
    } else if this.is_number() {
        Intrinsic::NumberPrototype
    } else if this.is_bool() {
        Intrinsic::BooleanPrototype
    } else if this.is_symbol() {
        Intrinsic::SymbolPrototype
    } else if this.is_bigint() {
        Intrinsic::BigIntPrototype
    } else {
        return None;
    };
    vm.realm.try_intrinsic(proto)
}

/// GetTypeName (method calls only): JSReceiver::GetConstructorName — an
/// own @@toStringTag data string along the chain, else the name of a
/// `constructor` data property found on the receiver's prototypes (not
/// "Object"), else the receiver's class name.
pub fn type_name(vm: &Vm, s: &CallSiteRecord) -> Option<String> {
    if !is_method_call(vm, s) {
        return None;
    }
    if s.this.is_string() {
        return Some("String".into());
    }
    if s.this.is_number() {
        return Some("Number".into());
    }
    if s.this.is_bool() {
        return Some("Boolean".into());
    }
    if s.this.is_symbol() {
        return Some("Symbol".into());
    }
    if s.this.is_bigint() {
        return Some("BigInt".into());
    }
    let recv = s.this.as_object()?;
    if matches!(recv.class, ObjectClass::Proxy(_)) {
        return Some("Proxy".into());
    }
    // A static method's receiver is its class: V8 names the class.
    if let ObjectClass::Function(c) = &recv.class {
        if c.code.flags.class_constructor {
            if let Some(n) = own_name(vm, recv).filter(|n| !n.is_empty()) {
                return Some(n);
            }
        }
    }
    let tag = PropertyKey::Symbol(vm.symbols.to_string_tag);
    let ck = vm.names.constructor;
    let mut cur = Some(recv);
    while let Some(o) = cur {
        if matches!(o.class, ObjectClass::Proxy(_)) {
            break;
        }
        if let Some(t) = o.get_own_data(tag).and_then(|v| v.as_string()) {
            return Some(t.to_rust_string());
        }
        if o != recv {
            if let Some(n) = o
                .get_own_data(ck)
                .and_then(|c| c.as_object())
                .filter(|c| c.is_callable())
                .and_then(|c| own_name(vm, c))
                .filter(|n| !n.is_empty() && n != "Object")
            {
                return Some(n);
            }
        }
        cur = o.proto();
    }
    Some(
        if recv.is_callable() {
            "Function"
        } else if recv.is_array_exotic() {
            "Array"
        } else if matches!(recv.class, ObjectClass::Error) {
            "Error"
        } else {
            "Object"
        }
        .into(),
    )
}

/// Whether own property `key` of `o` holds `f` (as value, getter or
/// setter).
fn holds(o: Gc<JsObject>, key: PropertyKey, f: Value) -> bool {
    match o.get_own_raw(key).map(|p| p.slot) {
        Some(Slot::Data(v)) => v == f,
        Some(Slot::Accessor { get, set }) => get == f || set == f,
        None => false,
    }
}

/// GetMethodName: the property of the receiver (or its prototypes) that
/// holds the function — first under the function's own name (without a
/// "get "/"set " prefix), else any enumerable string key; None when
/// several keys hold it.
pub fn method_name(vm: &mut Vm, s: &CallSiteRecord) -> Option<String> {
    if s.this.is_nullish() {
        return None;
    }
    let f = s.function.as_object()?;
    let recv = receiver_object(vm, s.this)?;
    let fv = s.function;
    let name = own_name(vm, f).unwrap_or_default();
    let name = name
        .strip_prefix("get ")
        .or_else(|| name.strip_prefix("set "))
        .unwrap_or(&name)
        .to_string();
    if !name.is_empty() {
        // The first object on the chain with a property of that name.
        let key = vm.key(&name);
        let mut cur = Some(recv);
        while let Some(o) = cur {
            if matches!(o.class, ObjectClass::Proxy(_)) {
                break;
            }
            if o.get_own_raw(key).is_some() {
                if holds(o, key, fv) {
                    return Some(name);
                }
                break;
            }
            cur = o.proto();
        }
    }
    let mut found: Option<String> = None;
    let mut cur = Some(recv);
    while let Some(o) = cur {
        if matches!(o.class, ObjectClass::Proxy(_)) {
            break;
        }
        // An array's own keys are its elements and `length`: skipped, so
        // formatting `[…].map(f)` does not list a large array's indices.
        let keys = if o.is_array_exotic() {
            Vec::new()
        } else {
            o.own_keys_raw()
        };
        for key in keys {
            let PropertyKey::String(k) = key else {
                continue;
            };
            let enumerable = o.get_own_raw(key).is_some_and(|p| p.attrs.enumerable());
            if enumerable && holds(o, key, fv) {
                if found.is_some() {
                    return None;
                }
                found = Some(k.to_rust_string());
            }
        }
        cur = o.proto();
    }
    found
}

/// AppendFileLocation: "file:line:col", "<anonymous>" for built-ins, and
/// eval code as "eval at f (file:l:c), <anonymous>:line:col".
fn file_location(s: &CallSiteRecord, out: &mut String) {
    let file = file_name(s).filter(|f| !f.is_empty());
    if file.is_none() {
        if let Some(o) = eval_origin(s) {
            out.push_str(&o);
            out.push_str(", ");
        }
    }
    out.push_str(file.as_deref().unwrap_or("<anonymous>"));
    if let Some((l, c)) = line_col(s) {
        out.push_str(&format!(":{l}:{c}"));
    }
}

/// AppendMethodCall: "Type.name [as method]".
fn method_call(vm: &mut Vm, s: &CallSiteRecord, out: &mut String) {
    let ty = type_name(vm, s).filter(|t| !t.is_empty());
    let method = method_name(vm, s).filter(|m| !m.is_empty());
    match function_name(vm, s) {
        Some(f) => {
            // Getters and setters ("get x") print without the type, as in
            // V8.
            let accessor = f.starts_with("get ") || f.starts_with("set ");
            if let Some(t) = ty.filter(|_| !accessor) {
                if !f.starts_with(&t) {
                    out.push_str(&t);
                    out.push('.');
                }
            }
            out.push_str(&f);
            if let Some(m) = method {
                // StringEndsWithMethodName: "m" or "….m".
                let ends = f == m || f.ends_with(&format!(".{m}"));
                if !ends {
                    out.push_str(&format!(" [as {m}]"));
                }
            }
        }
        None => {
            if let Some(t) = ty {
                out.push_str(&t);
                out.push('.');
            }
            out.push_str(method.as_deref().unwrap_or("<anonymous>"));
        }
    }
}

/// The text after "    at " for one call site (V8's
/// SerializeJSStackFrame); also CallSite.prototype.toString.
pub fn serialize(vm: &mut Vm, s: &CallSiteRecord) -> String {
    let mut out = String::new();
    if s.has(CallSiteRecord::ASYNC) {
        out.push_str("async ");
    }
    let fname = function_name(vm, s);
    if is_method_call(vm, s) {
        method_call(vm, s, &mut out);
    } else if s.has(CallSiteRecord::CONSTRUCTOR) {
        out.push_str("new ");
        out.push_str(fname.as_deref().unwrap_or("<anonymous>"));
    } else if let Some(f) = fname {
        out.push_str(&f);
    } else {
        file_location(s, &mut out);
        return out;
    }
    out.push_str(" (");
    file_location(s, &mut out);
    out.push(')');
    out
}

// ---- CallSite.prototype methods ----

fn this_site(vm: &mut Vm, this: Value) -> JsResult<CallSiteRecord> {
    let o = this.as_object();
    match o.as_ref().and_then(|o| o.class.data::<CallSiteData>()) {
        Some(d) => Ok(d.site),
        None => Err(vm.type_error("CallSite method called on non-CallSite object")),
    }
}

fn opt_string(vm: &mut Vm, s: Option<String>) -> Value {
    match s {
        Some(s) => vm.new_string(&s),
        None => Value::NULL,
    }
}

fn opt_int(n: Option<u32>) -> Value {
    n.map_or(Value::NULL, |n| Value::number(n as f64))
}

fn get_this(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_site(vm, this)?;
    Ok(if s.has(CallSiteRecord::STRICT) {
        Value::UNDEFINED
    } else {
        s.this
    })
}

fn get_function(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_site(vm, this)?;
    Ok(if s.has(CallSiteRecord::STRICT) {
        Value::UNDEFINED
    } else {
        s.function
    })
}

fn get_type_name(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_site(vm, this)?;
    let t = type_name(vm, &s);
    Ok(opt_string(vm, t))
}

fn get_function_name(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_site(vm, this)?;
    let n = function_name(vm, &s);
    Ok(opt_string(vm, n))
}

fn get_method_name(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_site(vm, this)?;
    let n = method_name(vm, &s);
    Ok(opt_string(vm, n))
}

/// getFileName / getScriptNameOrSourceURL: undefined for eval code (V8
/// has no script name there), null for built-ins.
fn get_file_name(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_site(vm, this)?;
    if s.code.is_none() {
        return Ok(Value::NULL);
    }
    match file_name(&s) {
        Some(f) => Ok(vm.new_string(&f)),
        None => Ok(Value::UNDEFINED),
    }
}

fn get_line_number(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_site(vm, this)?;
    Ok(opt_int(line_col(&s).map(|p| p.0)))
}

fn get_column_number(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_site(vm, this)?;
    Ok(opt_int(line_col(&s).map(|p| p.1)))
}

fn get_enclosing_line_number(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_site(vm, this)?;
    Ok(opt_int(enclosing_line_col(&s).map(|p| p.0)))
}

fn get_enclosing_column_number(
    vm: &mut Vm,
    this: Value,
    _args: Args,
    _nt: Value,
) -> JsResult<Value> {
    let s = this_site(vm, this)?;
    Ok(opt_int(enclosing_line_col(&s).map(|p| p.1)))
}

fn get_position(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_site(vm, this)?;
    Ok(Value::number(position(&s).unwrap_or(0) as f64))
}

fn get_eval_origin(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_site(vm, this)?;
    Ok(match eval_origin(&s) {
        Some(o) => vm.new_string(&o),
        None => Value::UNDEFINED,
    })
}

fn is_toplevel_fn(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_site(vm, this)?;
    Ok(Value::bool(is_toplevel(vm, &s)))
}

fn is_eval_fn(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_site(vm, this)?;
    Ok(Value::bool(is_eval(&s)))
}

/// isNative: V8 answers true only for V8 extensions' native scripts, never
/// for built-ins, so always false here.
fn is_native_fn(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    this_site(vm, this)?;
    Ok(Value::FALSE)
}

fn is_constructor_fn(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_site(vm, this)?;
    Ok(Value::bool(s.has(CallSiteRecord::CONSTRUCTOR)))
}

fn is_async_fn(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_site(vm, this)?;
    Ok(Value::bool(s.has(CallSiteRecord::ASYNC)))
}

/// isPromiseAll / getPromiseIndex: `Promise.all` frames are not captured
/// (see docs/architecture.md), so every site answers false / null.
fn is_promise_all_fn(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    this_site(vm, this)?;
    Ok(Value::FALSE)
}

fn get_promise_index(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    this_site(vm, this)?;
    Ok(Value::NULL)
}

fn to_string(vm: &mut Vm, this: Value, _args: Args, _nt: Value) -> JsResult<Value> {
    let s = this_site(vm, this)?;
    let text = serialize(vm, &s);
    Ok(vm.new_string(&text))
}
