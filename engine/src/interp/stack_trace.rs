//! Capturing stack traces as V8 does (<https://v8.dev/docs/stack-trace-api>):
//! when an error is made, the call sites are recorded as data (function,
//! receiver, code and pc, flags); `stack` is formatted from them only when
//! it is first read (`ops/errors.rs`, `builtins/fundamental/call_site.rs`).
//!
//! The frames come from three places: the interpreter's frame stack, the
//! native functions that called into JavaScript (`NativeLink`, kept by
//! `Vm::run_from_native`), and, for an async function resumed after
//! `await`, the async functions awaiting it, found through the promise
//! chain (V8's zero-cost async stack traces).

use std::cell::RefCell;

use crate::builtins::control::promise::{PromiseData, PromiseState, ReactionData};
use crate::bytecode::Code;
use crate::function::NativeFn;
use crate::gc::{Gc, Trace, Tracer};
use crate::interp::call::{GenKind, GeneratorData};
use crate::object::{JsObject, ObjectClass, ObjectData};
use crate::value::Value;
use crate::vm::Vm;

/// A native function that called into JavaScript: `frame` is the index of
/// the frame it pushed, `this` its receiver (`Value::UNINIT` when it runs
/// as a constructor).
pub struct NativeLink {
    pub frame: usize,
    pub callee: Gc<JsObject>,
    pub this: Value,
}

impl Trace for NativeLink {
    fn trace(&self, t: &mut Tracer) {
        t.mark(self.callee);
        t.mark_value(self.this);
    }
}

/// One captured call site.
#[derive(Clone, Copy)]
pub struct CallSiteRecord {
    /// The function running (undefined for script and eval code).
    pub function: Value,
    /// Its receiver (never `UNINIT`: a derived constructor before
    /// `super()` reports undefined).
    pub this: Value,
    /// Bytecode and the instruction whose position is reported; None for
    /// native functions.
    pub code: Option<Gc<Code>>,
    pub pc: u32,
    pub flags: u8,
}

impl CallSiteRecord {
    pub const CONSTRUCTOR: u8 = 1;
    /// An async function awaiting the one below it (`at async f`).
    pub const ASYNC: u8 = 2;
    /// A built-in function (no source position).
    pub const NATIVE: u8 = 4;
    /// Strict code: `getThis`/`getFunction` answer undefined.
    pub const STRICT: u8 = 8;

    pub fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

impl Trace for CallSiteRecord {
    fn trace(&self, t: &mut Tracer) {
        t.mark_value(self.function);
        t.mark_value(self.this);
        if let Some(c) = self.code {
            t.mark(c);
        }
    }
}

/// The call sites an error captured, kept under `Vm::error_stack_key`
/// until `stack` is first read.
pub struct StackTraceData {
    pub sites: RefCell<Vec<CallSiteRecord>>,
}

impl Trace for StackTraceData {
    fn trace(&self, t: &mut Tracer) {
        for s in self.sites.borrow().iter() {
            s.trace(t);
        }
    }
}

impl ObjectData for StackTraceData {
    fn class_name(&self) -> &'static str {
        "StackTrace"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// One call site as plain data, for hosts (`Engine::call_sites`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallSiteInfo {
    /// The function's name (V8's `getFunctionName`); None when anonymous.
    pub function_name: Option<String>,
    /// The receiver's constructor name for method calls (`getTypeName`).
    pub type_name: Option<String>,
    /// The property of the receiver holding the function (`getMethodName`).
    pub method_name: Option<String>,
    /// Script or module name; None for eval code and built-ins.
    pub file_name: Option<String>,
    /// 1-based line and column; None for built-ins.
    pub line: Option<u32>,
    pub column: Option<u32>,
    /// "eval at f (file:1:2)" for eval code and `Function` bodies.
    pub eval_origin: Option<String>,
    pub is_constructor: bool,
    pub is_async: bool,
    pub is_native: bool,
    pub is_eval: bool,
    pub is_toplevel: bool,
    /// The line V8 prints after "    at " for this call site.
    pub text: String,
}

/// Natives V8 does not show in stack traces: they hand the call on to the
/// function they were given.
fn is_transparent_native(f: NativeFn) -> bool {
    use crate::builtins::fundamental::function;
    use crate::builtins::reflection::reflect;
    [
        function::apply as NativeFn,
        function::call as NativeFn,
        reflect::apply as NativeFn,
        reflect::construct as NativeFn,
    ]
    .iter()
    .any(|g| *g as usize == f as usize)
}

impl Vm {
    /// `Error.stackTraceLimit` as V8 reads it (`Isolate::GetStackTraceLimit`):
    /// the data property found on the current realm's %Error% or its
    /// prototype chain, without running getters. None when it is not a
    /// number (nothing is captured); otherwise truncated and clamped to
    /// 0..=i32::MAX, NaN counting as 0.
    pub(crate) fn stack_trace_limit(&self) -> Option<usize> {
        let err = self.realm.try_intrinsic(crate::realm::Intrinsic::Error)?;
        let key = self.names.stack_trace_limit;
        let mut cur = Some(err);
        while let Some(o) = cur {
            if matches!(o.class, ObjectClass::Proxy(_)) {
                return None;
            }
            match o.get_own_raw(key) {
                Some(p) => {
                    let crate::object::Slot::Data(v) = p.slot else {
                        return None;
                    };
                    let n = v.as_number()?;
                    // FastD2IChecked, then max(0).
                    return Some(if n.is_nan() {
                        0
                    } else {
                        n.clamp(0.0, i32::MAX as f64) as usize
                    });
                }
                None => cur = o.proto(),
            }
        }
        None
    }

    /// Record up to `limit` call sites, innermost first. With
    /// `include_native`, the native function now running (if any) is the
    /// first; the Error constructors and `captureStackTrace` leave
    /// themselves out. With `hide`, every site above and including the
    /// topmost call of that function is dropped (V8's SKIP_UNTIL_SEEN).
    pub(crate) fn capture_call_sites(
        &self,
        limit: usize,
        include_native: bool,
        hide: Option<Gc<JsObject>>,
    ) -> Vec<CallSiteRecord> {
        let mut out = Vec::new();
        if limit == 0 {
            return out;
        }
        let mut seen = hide.is_none();
        let mut push = |out: &mut Vec<CallSiteRecord>, r: CallSiteRecord| {
            if !seen {
                seen = hide.is_some_and(|h| r.function == Value::object(h));
                return;
            }
            out.push(r);
        };
        if include_native {
            if let Some(c) = self.native_callee {
                push(&mut out, native_site(c, self.native_this));
            }
        }
        let mut li = self.native_links.len();
        for fi in (0..self.frames.len()).rev() {
            if out.len() >= limit {
                return out;
            }
            push(&mut out, self.frame_site(fi));
            while li > 0 && self.native_links[li - 1].frame >= fi {
                li -= 1;
                let l = &self.native_links[li];
                let shown = match &l.callee.class {
                    ObjectClass::NativeFunction(n) => !is_transparent_native(n.f),
                    _ => true,
                };
                if l.frame == fi && shown && out.len() < limit {
                    push(&mut out, native_site(l.callee, l.this));
                }
            }
        }
        if seen && out.len() < limit {
            self.capture_async_sites(limit, &mut out);
        }
        out
    }

    /// The call site of frame `fi`. Its pc points past the instruction
    /// that called out (the innermost frame: past the last call; see
    /// `stack_fixup` for errors the interpreter makes itself), so the
    /// position looked up is the byte before.
    pub(crate) fn frame_site(&self, fi: usize) -> CallSiteRecord {
        let f = &self.frames[fi];
        let code = f.code;
        let callee = self.stack[f.base];
        let this = self.stack[f.base + 1];
        let mut flags = 0;
        if f.construct {
            flags |= CallSiteRecord::CONSTRUCTOR;
        }
        if code.flags.strict {
            flags |= CallSiteRecord::STRICT;
        }
        // Script and eval code run with their caller's callee in r0 (or
        // none): the frame is a function's only if that runs this code.
        let own = callee.as_object().is_some_and(|c| match &c.class {
            ObjectClass::Function(cl) => cl.code == code,
            _ => false,
        });
        CallSiteRecord {
            function: if own { callee } else { Value::UNDEFINED },
            this: if this.is_uninit() {
                Value::UNDEFINED
            } else {
                this
            },
            code: Some(code),
            pc: (f.pc as u32).saturating_sub(1),
            flags,
        }
    }

    /// V8's CaptureAsyncStackTrace: when the outermost frame is an async
    /// function resumed from a job, follow its promise to the async
    /// functions awaiting it (each is suspended at its `await`), as long
    /// as every promise on the way is pending with exactly one reaction.
    fn capture_async_sites(&self, limit: usize, out: &mut Vec<CallSiteRecord>) {
        let Some(bottom) = self.frames.first() else {
            return;
        };
        let Some(gen) = bottom.generator.as_object() else {
            return;
        };
        let mut promise = match gen.class.data::<GeneratorData>() {
            Some(d) if d.kind == GenKind::AsyncFunction => d.promise.get(),
            _ => return,
        };
        // A `then` chain adds no site, and a capability's promise can be
        // any object a species constructor returns (even the promise
        // itself): the walk is bounded.
        let mut hops = 0;
        while out.len() < limit && hops < MAX_ASYNC_HOPS {
            hops += 1;
            let Some(po) = promise.as_object() else {
                return;
            };
            let Some(pd) = po.class.data::<PromiseData>() else {
                return;
            };
            if pd.state.get() != PromiseState::Pending {
                return;
            }
            let reaction = {
                let rs = pd.fulfill_reactions.borrow();
                if rs.len() != 1 {
                    return;
                }
                rs[0]
            };
            let Some(ro) = reaction.as_object() else {
                return;
            };
            let Some(rd) = ro.class.data::<ReactionData>() else {
                return;
            };
            let resumed = rd.resume.as_object();
            let awaiting = resumed
                .as_ref()
                .and_then(|g| g.class.data::<GeneratorData>())
                .filter(|d| d.kind == GenKind::AsyncFunction);
            if let Some(d) = awaiting {
                let saved = d.saved.borrow();
                let Some(sf) = saved.as_ref() else {
                    return;
                };
                let mut flags = CallSiteRecord::ASYNC;
                if sf.code.flags.strict {
                    flags |= CallSiteRecord::STRICT;
                }
                out.push(CallSiteRecord {
                    function: sf.regs.first().copied().unwrap_or_default(),
                    this: sf
                        .regs
                        .get(1)
                        .copied()
                        .filter(|v| !v.is_uninit())
                        .unwrap_or_default(),
                    code: Some(sf.code),
                    pc: (sf.pc as u32).saturating_sub(1),
                    flags,
                });
                promise = d.promise.get();
            } else if rd.cap_promise.is_object() {
                // A plain `then` chain: continue with the derived promise.
                promise = rd.cap_promise;
            } else {
                return;
            }
        }
    }

    /// V8's eval origin for eval code (or a `Function` body) compiled now:
    /// "eval at f (file:line:col)", where f called `eval`; nested eval
    /// shows the caller's own origin in the parentheses.
    pub(crate) fn eval_origin(&self) -> String {
        let Some(fi) = self.frames.len().checked_sub(1) else {
            return "eval at <anonymous>".to_string();
        };
        let site = self.frame_site(fi);
        let name = site
            .function
            .as_object()
            .and_then(|f| crate::builtins::fundamental::call_site::own_name(self, f))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "<anonymous>".to_string());
        let code = self.frames[fi].code;
        let place = match code.source {
            Some(src) => match &src.eval_origin {
                Some(o) => o.clone(),
                None => match code.position_of(site.pc) {
                    Some(off) => {
                        let (l, c) = src.user_line_col(off);
                        format!("{}:{l}:{c}", src.name)
                    }
                    None => src.name.clone(),
                },
            },
            None => "unknown source".to_string(),
        };
        format!("eval at {name} ({place})")
    }

    /// The current call sites (innermost first, at most `limit`) as plain
    /// data. A native function calling this (a host function) is not
    /// among them, as in V8's `StackTrace::CurrentStackTrace`.
    pub fn call_sites(&mut self, limit: usize) -> Vec<CallSiteInfo> {
        use crate::builtins::fundamental::call_site as cs;
        let sites = self.capture_call_sites(limit, false, None);
        sites
            .iter()
            .map(|s| {
                let (line, column) = match cs::line_col(s) {
                    Some((l, c)) => (Some(l), Some(c)),
                    None => (None, None),
                };
                CallSiteInfo {
                    function_name: cs::function_name(self, s),
                    type_name: cs::type_name(self, s),
                    method_name: cs::method_name(self, s),
                    file_name: cs::file_name(s),
                    line,
                    column,
                    eval_origin: cs::eval_origin(s),
                    is_constructor: s.has(CallSiteRecord::CONSTRUCTOR),
                    is_async: s.has(CallSiteRecord::ASYNC),
                    is_native: s.has(CallSiteRecord::NATIVE),
                    is_eval: cs::is_eval(s),
                    is_toplevel: cs::is_toplevel(self, s),
                    text: cs::serialize(self, s),
                }
            })
            .collect()
    }
}

/// Promises followed at most when looking for async callers.
const MAX_ASYNC_HOPS: usize = 1000;

/// The call site of a native function (`this` UNINIT: a constructor).
fn native_site(callee: Gc<JsObject>, this: Value) -> CallSiteRecord {
    let ctor = this.is_uninit();
    let mut flags = CallSiteRecord::NATIVE | CallSiteRecord::STRICT;
    if ctor {
        flags |= CallSiteRecord::CONSTRUCTOR;
    }
    CallSiteRecord {
        function: Value::object(callee),
        this: if ctor { Value::UNDEFINED } else { this },
        code: None,
        pc: 0,
        flags,
    }
}
