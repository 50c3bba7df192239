//! Creating and throwing the native errors from Rust.

use crate::gc::Gc;
use crate::object::{Attrs, JsObject, ObjectClass};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{Exception, Vm};

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
    /// A new error object of `kind` with `message`, stack captured.
    pub fn new_error(&mut self, kind: ErrorKind, message: &str) -> Gc<JsObject> {
        let proto = self.intrinsic(kind.prototype());
        let o = self.new_object_with(Some(proto), ObjectClass::Error);
        let msg = self.new_string(message);
        let key = self.names.message;
        self.define_builtin(o, key, msg, Attrs::HIDDEN);
        self.capture_stack(o);
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

    /// Install a `stack` own property describing the current JS frames.
    pub fn capture_stack(&mut self, o: Gc<JsObject>) {
        let text = self.stack_trace_text(o);
        let v = self.new_string(&text);
        let key = self.names.stack;
        self.define_builtin(o, key, v, Attrs::HIDDEN);
    }

    /// "Name: message\n    at f (file:line:col)…" for an error object,
    /// from the frames now on the stack. Reads only own data properties
    /// and never runs JS.
    pub fn stack_trace_text(&mut self, o: Gc<JsObject>) -> String {
        let header = self.error_header(o);
        let mut out = header;
        for line in self.frame_descriptions(32) {
            out.push_str("\n    at ");
            out.push_str(&line);
        }
        out
    }

    fn error_header(&mut self, o: Gc<JsObject>) -> String {
        let name_key = self.names.name;
        let msg_key = self.names.message;
        let mut name = None;
        let mut cur = Some(o);
        while let Some(c) = cur {
            if let Some(v) = c.get_own_data(name_key) {
                name = v.as_string().map(|s| s.to_rust_string());
                break;
            }
            cur = c.proto();
        }
        let name = name.unwrap_or_else(|| "Error".into());
        let msg = o
            .get_own_data(msg_key)
            .and_then(|v| v.as_string())
            .map(|s| s.to_rust_string())
            .unwrap_or_default();
        if msg.is_empty() {
            name
        } else {
            format!("{name}: {msg}")
        }
    }
}
