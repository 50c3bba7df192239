//! Creating and throwing the native errors from Rust.

use std::cell::RefCell;

use crate::gc::Gc;
use crate::interp::stack_trace::{CallSiteRecord, StackTraceData};
use crate::object::{Attrs, JsObject, ObjectClass, Slot};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{Exception, JsResult, Vm};

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Error,
    TypeError,
    RangeError,
    ReferenceError,
    SyntaxError,
    EvalError,
    URIError,
    AggregateError,
}

impl ErrorKind {
    pub fn prototype(self) -> Intrinsic {
        match self {
            ErrorKind::Error => Intrinsic::ErrorPrototype,
            ErrorKind::TypeError => Intrinsic::TypeErrorPrototype,
            ErrorKind::RangeError => Intrinsic::RangeErrorPrototype,
            ErrorKind::ReferenceError => Intrinsic::ReferenceErrorPrototype,
            ErrorKind::SyntaxError => Intrinsic::SyntaxErrorPrototype,
            ErrorKind::EvalError => Intrinsic::EvalErrorPrototype,
            ErrorKind::URIError => Intrinsic::URIErrorPrototype,
            ErrorKind::AggregateError => Intrinsic::AggregateErrorPrototype,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Error => "Error",
            ErrorKind::TypeError => "TypeError",
            ErrorKind::RangeError => "RangeError",
            ErrorKind::ReferenceError => "ReferenceError",
            ErrorKind::SyntaxError => "SyntaxError",
            ErrorKind::EvalError => "EvalError",
            ErrorKind::URIError => "URIError",
            ErrorKind::AggregateError => "AggregateError",
        }
    }
}

impl Vm {
    /// A new error object of `kind` with `message`, stack captured (the
    /// native function now running, if any, is its innermost call site:
    /// `at JSON.parse (<anonymous>)`).
    pub fn new_error(&mut self, kind: ErrorKind, message: &str) -> Gc<JsObject> {
        let proto = self.intrinsic(kind.prototype());
        let o = self.new_object_with(Some(proto), ObjectClass::Error);
        self.capture_stack(o, true, None);
        let msg = self.new_string(message);
        let key = self.names.message;
        self.define_builtin(o, key, msg, Attrs::HIDDEN);
        o
    }

    pub fn error(&mut self, kind: ErrorKind, message: &str) -> Exception {
        Exception::Throw(Value::object(self.new_error(kind, message)))
    }
    pub fn type_error(&mut self, message: &str) -> Exception {
        self.error(ErrorKind::TypeError, message)
    }
    pub fn range_error(&mut self, message: &str) -> Exception {
        self.error(ErrorKind::RangeError, message)
    }
    pub fn reference_error(&mut self, message: &str) -> Exception {
        self.error(ErrorKind::ReferenceError, message)
    }
    pub fn syntax_error(&mut self, message: &str) -> Exception {
        self.error(ErrorKind::SyntaxError, message)
    }

    /// Give a fresh error object its `stack`: the call sites (see
    /// `capture_call_sites` for `include_native` and `hide`) are recorded
    /// now, under a private key, and `stack` is the shared accessor that
    /// formats them on first read. Nothing is captured when
    /// `Error.stackTraceLimit` is not a number (`stack` reads undefined).
    pub fn capture_stack(
        &mut self,
        o: Gc<JsObject>,
        include_native: bool,
        hide: Option<Gc<JsObject>>,
    ) {
        let (Some(get), Some(set)) = (
            self.realm.try_intrinsic(Intrinsic::ErrorStackGetter),
            self.realm.try_intrinsic(Intrinsic::ErrorStackSetter),
        ) else {
            return;
        };
        let sk = self.names.stack;
        self.define_builtin_slot(
            o,
            sk,
            Slot::Accessor {
                get: Value::object(get),
                set: Value::object(set),
            },
            Attrs::CONFIGURABLE_ONLY,
        );
        let record = self.capture_record(include_native, hide);
        if include_native && self.native_callee.is_none() {
            // The interpreter itself is making this error: its innermost
            // frame's pc is that of the last call, not of the faulting
            // instruction, which `unwind` knows; it corrects the record.
            if let Some(r) = record.as_object() {
                self.stack_fixup = Some((o, r));
            }
        }
        let key = self.error_stack_key;
        o.define_raw(&self.heap, key, Slot::Data(record), Attrs::HIDDEN);
    }

    /// The captured call sites as an internal object, or undefined when
    /// `Error.stackTraceLimit` is not a number.
    pub(crate) fn capture_record(
        &mut self,
        include_native: bool,
        hide: Option<Gc<JsObject>>,
    ) -> Value {
        let Some(limit) = self.stack_trace_limit() else {
            return Value::UNDEFINED;
        };
        let sites = self.capture_call_sites(limit, include_native, hide);
        let data = StackTraceData {
            sites: RefCell::new(sites),
        };
        Value::object(self.new_object_with(None, ObjectClass::Data(Box::new(data))))
    }

    /// After `unwind` found the faulting instruction `pc` of frame code
    /// `code`: if the thrown value is the error the interpreter just made
    /// there, report that instruction.
    pub(crate) fn fix_stack_pc(&mut self, thrown: Value, code: Gc<crate::bytecode::Code>, pc: u32) {
        let Some((e, r)) = self.stack_fixup.take() else {
            return;
        };
        if thrown != Value::object(e) {
            return;
        }
        if let Some(d) = r.class.data::<StackTraceData>() {
            if let Some(first) = d.sites.borrow_mut().first_mut() {
                if first.code == Some(code) && !first.has(CallSiteRecord::NATIVE) {
                    first.pc = pc;
                }
            }
        }
    }

    /// The `stack` getter: the first object on the receiver's prototype
    /// chain that holds captured call sites formats them (once; the
    /// result replaces them) — V8's error stack accessor.
    pub(crate) fn error_stack_get(&mut self, this: Value) -> JsResult<Value> {
        let key = self.error_stack_key;
        let mut cur = this.as_object();
        while let Some(h) = cur {
            if let Some(v) = h.get_own_data(key) {
                let Some(rec) = v
                    .as_object()
                    .filter(|r| r.class.data::<StackTraceData>().is_some())
                else {
                    return Ok(v);
                };
                let formatted = self.format_stack(h, rec)?;
                h.define_raw(&self.heap, key, Slot::Data(formatted), Attrs::HIDDEN);
                return Ok(formatted);
            }
            cur = h.proto();
        }
        Ok(Value::UNDEFINED)
    }

    /// The `stack` setter: an object with its own captured stack keeps the
    /// new value in its place (the accessor stays); any other receiver
    /// gets an own data property, as assigning to an inherited writable
    /// data property would.
    pub(crate) fn error_stack_set(&mut self, this: Value, v: Value) -> JsResult<()> {
        let Some(o) = this.as_object() else {
            return Ok(());
        };
        let key = self.error_stack_key;
        if o.get_own_raw(key).is_some() {
            o.define_raw(&self.heap, key, Slot::Data(v), Attrs::HIDDEN);
            return Ok(());
        }
        let sk = self.names.stack;
        self.create_data_property_or_throw(o, sk, v)?;
        Ok(())
    }

    /// ErrorUtils::FormatStackTrace: `Error.prepareStackTrace(error,
    /// callSites)` when it is a function (read from the current realm's
    /// %Error% now, so setting it after the error was made counts);
    /// otherwise the error's Error.prototype.toString text and one
    /// "\n    at …" line per call site. Exceptions propagate, as in node.
    fn format_stack(&mut self, error: Gc<JsObject>, rec: Gc<JsObject>) -> JsResult<Value> {
        let Some(data) = rec.class.data::<StackTraceData>() else {
            return Ok(Value::UNDEFINED);
        };
        let ctor = self.intrinsic(Intrinsic::Error);
        let pk = self.names.prepare_stack_trace;
        let prepare = self.get_prop(ctor, pk)?;
        if crate::object::class::value_is_callable(prepare) {
            let sites = crate::builtins::fundamental::call_site::call_site_array(self, data);
            return self.call(
                prepare,
                Value::object(ctor),
                &[Value::object(error), Value::object(sites)],
            );
        }
        let header =
            crate::builtins::fundamental::error::error_to_string(self, Value::object(error))?;
        let mut text = header
            .as_string()
            .map(|s| s.to_rust_string())
            .unwrap_or_default();
        let n = data.sites.borrow().len();
        for i in 0..n {
            let site = data.sites.borrow()[i];
            text.push_str("\n    at ");
            text.push_str(&crate::builtins::fundamental::call_site::serialize(
                self, &site,
            ));
        }
        Ok(self.new_string(&text))
    }

    /// The text of `e.stack` for hosts printing an uncaught error: runs
    /// the getter (and so `prepareStackTrace`); None if that throws or
    /// gives no string.
    pub fn error_stack_text(&mut self, o: Gc<JsObject>) -> Option<String> {
        let sk = self.names.stack;
        self.get_prop(o, sk)
            .ok()
            .and_then(|v| v.as_string())
            .map(|s| s.to_rust_string())
    }
}
