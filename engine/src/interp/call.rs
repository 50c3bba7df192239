//! Calls and returns: [[Call]] and [[Construct]] for every kind of
//! function, frame set-up, generators and async functions suspending.

use super::frame::{Frame, SavedFrame};
use super::Flow;
use crate::bytecode::{Code, Op};
use crate::function::{Args, Closure};
use crate::gc::{Gc, Trace, Tracer};
use crate::object::{JsObject, ObjectClass, ObjectData, PropertyKey};
use crate::realm::Intrinsic;
use crate::value::Value;
use crate::vm::{Exception, JsResult, Vm, MAX_FRAMES, MAX_NATIVE_DEPTH, STACK_SLOTS};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

/// State of a generator or async function object
/// (#sec-properties-of-generator-instances, [[AsyncGeneratorState]]).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum GenState {
    SuspendedStart,
    SuspendedYield,
    /// Running, or (async generators) suspended at an `await`.
    Executing,
    /// Async generators only: the body has finished (or a `return` request
    /// reached an unstarted/completed generator) and the request queue is
    /// being settled, possibly waiting on an AsyncGeneratorAwaitReturn.
    DrainingQueue,
    Completed,
}

/// An AsyncGeneratorRequest record (#sec-asyncgeneratorrequest-records).
/// The capability is always for %Promise%, so only its promise is kept
/// (settled with the promise's own resolve/reject steps).
#[derive(Copy, Clone)]
pub struct AsyncGenRequest {
    /// Completion type: 0 normal, 1 throw, 2 return (as `resume_kind`).
    pub kind: u8,
    pub value: Value,
    pub promise: Value,
}

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum GenKind {
    Sync,
    Async,
    AsyncFunction,
}

/// Internal slots of generator objects and of the hidden object that
/// drives an async function.
pub struct GeneratorData {
    pub state: Cell<GenState>,
    pub kind: GenKind,
    pub saved: RefCell<Option<SavedFrame>>,
    /// Register that receives the value a resumption sends in.
    pub resume_dst: Cell<u16>,
    /// Async functions: the promise their call returned.
    pub promise: Cell<Value>,
    /// Async generators: the [[AsyncGeneratorQueue]] of requests (see
    /// builtins::control::async_generator).
    pub queue: RefCell<VecDeque<AsyncGenRequest>>,
}

impl Trace for GeneratorData {
    fn trace(&self, t: &mut Tracer) {
        self.saved.trace(t);
        t.mark_value(self.promise.get());
        for r in self.queue.borrow().iter() {
            t.mark_value(r.value);
            t.mark_value(r.promise);
        }
    }
}
impl ObjectData for GeneratorData {
    fn class_name(&self) -> &'static str {
        "Generator"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// Copy up to 8 arguments to the Rust stack without allocating.
/// `v` as a bytecode function that is not a class constructor: what
/// `fn.call` and `fn.apply` can enter in the dispatch loop.
fn plain_closure(v: Value) -> Option<Gc<JsObject>> {
    v.as_object()
        .filter(|t| matches!(&t.class, ObjectClass::Function(c) if !c.code.flags.class_constructor))
}

/// Whether native function `n` is `Function.prototype.apply` (of any realm).
fn is_fn_apply(n: &crate::function::NativeFunction) -> bool {
    n.f as usize
        == (crate::builtins::fundamental::function::apply as crate::function::NativeFn) as usize
}

fn with_args<R>(vals: &[Value], f: impl FnOnce(Args<'_>) -> R) -> R {
    f(Args::new(vals))
}

impl Vm {
    #[inline]
    fn ensure_stack(&mut self, need: usize) -> JsResult<()> {
        if need > self.stack.len() {
            return self.grow_stack(need);
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn grow_stack(&mut self, need: usize) -> JsResult<()> {
        if need > STACK_SLOTS {
            return Err(self.range_error("Maximum call stack size exceeded"));
        }
        let new_len = need.max(self.stack.len() * 2).min(STACK_SLOTS);
        self.stack.resize(new_len, Value::UNDEFINED);
        Ok(())
    }

    /// Push a frame for a bytecode function whose callee, this and `argc`
    /// arguments are already at `base`, `base + 1`, `base + 2..`.
    ///
    /// This is the JS→JS call path: the common case (no surplus
    /// arguments, `this` already an object or a strict callee, no stack
    /// growth) runs straight through; everything else is out of line.
    #[allow(clippy::too_many_arguments)]
    #[inline(never)]
    pub(crate) fn enter_closure(
        &mut self,
        callee: Gc<JsObject>,
        closure: &Closure,
        base: usize,
        argc: usize,
        new_target: Value,
        ret_dst: Option<u16>,
        construct: bool,
    ) -> JsResult<()> {
        self.enter_closure_inline(callee, closure, base, argc, new_target, ret_dst, construct)
    }

    /// `enter_closure` inlined into its two hottest callers (plain `Call`
    /// and `New`), saving a call and the register saves around it.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn enter_closure_inline(
        &mut self,
        callee: Gc<JsObject>,
        closure: &Closure,
        base: usize,
        argc: usize,
        new_target: Value,
        ret_dst: Option<u16>,
        construct: bool,
    ) -> JsResult<()> {
        let code = closure.code;
        let nregs = code.nregs as usize;
        let nparams = code.nparams as usize;
        // One test covers both limits in the common case.
        let need = base + nregs.max(2 + argc) + 1;
        if self.frames.len() >= MAX_FRAMES || need > self.stack.len() {
            self.enter_limits(need)?;
        }
        let extra_args = if argc > nparams {
            self.surplus_args(base + 2 + nparams, base + 2 + argc)
        } else {
            Vec::new()
        };
        // Missing arguments, then locals (stale values above the caller's
        // registers must not survive into a frame the collector scans).
        let first_unset = base + 2 + argc.min(nparams);
        if first_unset < base + nregs {
            self.stack[first_unset..base + nregs].fill(Value::UNDEFINED);
        }
        self.stack[base] = Value::object(callee);
        if code.flags.sloppy_this {
            // OrdinaryCallBindThis: nullish becomes the callee realm's
            // global object (plain calls in sloppy code: common), other
            // primitives are wrapped (rare, out of line).
            let this = self.stack[base + 1];
            if this.is_nullish() {
                self.stack[base + 1] = closure.realm.global_this;
            } else if !this.is_object() {
                self.wrap_sloppy_this(base)?;
            }
        }
        self.frames.push(Frame {
            code,
            pc: 0,
            base,
            env: closure.env,
            new_target,
            extra_args,
            argc,
            ret_dst,
            construct,
            generator: Value::UNDEFINED,
            caller_realm: self.realm,
            resume_kind: 0,
        });
        self.realm = closure.realm;
        self.sp = base + nregs;
        self.safepoint()
    }

    /// The rare half of `enter_closure`'s limit test: too many frames, or
    /// the register stack must grow (or cannot).
    #[cold]
    #[inline(never)]
    fn enter_limits(&mut self, need: usize) -> JsResult<()> {
        if self.frames.len() >= MAX_FRAMES {
            return Err(self.range_error("Maximum call stack size exceeded"));
        }
        self.grow_stack(need)
    }

    #[cold]
    #[inline(never)]
    fn surplus_args(&self, from: usize, to: usize) -> Vec<Value> {
        self.stack[from..to].to_vec()
    }

    /// A sloppy callee's primitive `this` is wrapped (ToObject).
    #[cold]
    #[inline(never)]
    fn wrap_sloppy_this(&mut self, base: usize) -> JsResult<()> {
        let this = self.stack[base + 1];
        let o = self.to_object(this)?;
        self.stack[base + 1] = Value::object(o);
        Ok(())
    }

    /// `Call` instruction: callee at `abs`, this at `abs + 1`, args after.
    pub(super) fn op_call(
        &mut self,
        _fi: usize,
        dst: u16,
        abs: usize,
        argc: usize,
        eval_mode: u8,
    ) -> JsResult<Flow> {
        let callee = self.stack[abs];
        let this = self.stack[abs + 1];
        // eval_mode: 0 a plain call, 1 a direct eval, 2 one made from
        // parameter initialisers.
        if eval_mode != 0 && callee == Value::object(self.intrinsic(Intrinsic::Eval)) {
            let arg = if argc > 0 {
                self.stack[abs + 2]
            } else {
                Value::UNDEFINED
            };
            let v = self.direct_eval(arg, eval_mode == 2)?;
            self.write_caller_reg(dst, v);
            return Ok(Flow::Next);
        }
        let Some(f) = callee.as_object() else {
            return Err(self.not_callable(callee));
        };
        match &f.class {
            ObjectClass::Function(c) if !c.code.flags.class_constructor => {
                self.enter_closure_inline(f, c, abs, argc, Value::UNDEFINED, Some(dst), false)?;
                Ok(Flow::Reload)
            }
            ObjectClass::NativeFunction(n)
                if plain_closure(this).is_some() && (self.is_fn_call(f) || is_fn_apply(n)) =>
            {
                let is_call = self.is_fn_call(f);
                // `fn.call(thisArg, ...args)` / `fn.apply(thisArg, list)` on
                // a bytecode function: lay the arguments out as the call
                // window's and enter `fn` in this loop, not a nested `run`.
                let Some(t) = plain_closure(this) else {
                    unreachable!()
                };
                let ObjectClass::Function(c) = &t.class else {
                    unreachable!()
                };
                let new_this = if argc > 0 {
                    self.stack[abs + 2]
                } else {
                    Value::UNDEFINED
                };
                let n = if is_call {
                    // Shift the arguments down one register.
                    let n = argc.saturating_sub(1);
                    if n > 0 {
                        self.stack.copy_within(abs + 3..abs + 3 + n, abs + 2);
                    }
                    n
                } else {
                    let arr = if argc > 1 {
                        self.stack[abs + 3]
                    } else {
                        Value::UNDEFINED
                    };
                    let list = if arr.is_nullish() {
                        Vec::new()
                    } else if let Some(l) = self.apply_list_fast(arr) {
                        l
                    } else {
                        // CreateListFromArrayLike runs in apply's realm (its
                        // TypeError belongs to that realm).
                        let saved = self.realm;
                        if let Some(r) = n.realm {
                            self.realm = r;
                        }
                        let l = self.create_list_from_array_like(arr);
                        self.realm = saved;
                        // Copied to the call window below before any
                        // JavaScript runs again.
                        l?.to_vec()
                    };
                    let n = list.len();
                    self.ensure_stack(abs + 2 + n + 1)?;
                    self.stack[abs + 2..abs + 2 + n].copy_from_slice(&list);
                    n
                };
                self.stack[abs + 1] = new_this;
                self.enter_closure(t, c, abs, n, Value::UNDEFINED, Some(dst), false)?;
                Ok(Flow::Reload)
            }
            _ => {
                // Up to 8 arguments are passed from the Rust stack (found by
                // the conservative scan) instead of a heap copy.
                let mut buf = [Value::UNDEFINED; 8];
                let v = if argc <= buf.len() {
                    buf[..argc].copy_from_slice(&self.stack[abs + 2..abs + 2 + argc]);
                    self.call_object(f, this, &buf[..argc])?
                } else {
                    let args: Vec<Value> = self.stack[abs + 2..abs + 2 + argc].to_vec();
                    self.call_object(f, this, &args)?
                };
                self.write_caller_reg(dst, v);
                Ok(Flow::Next)
            }
        }
    }

    /// Whether `f` is this realm's %Function.prototype.call%.
    fn is_fn_call(&self, f: Gc<JsObject>) -> bool {
        self.realm.try_intrinsic(Intrinsic::FunctionProtoCall) == Some(f)
    }

    fn write_caller_reg(&mut self, dst: u16, v: Value) {
        if let Some(f) = self.frames.last() {
            let b = f.base;
            self.stack[b + dst as usize] = v;
        }
    }

    pub(super) fn op_call_spread(&mut self, fi: usize, dst: u16, abs: usize) -> JsResult<Flow> {
        let callee = self.stack[abs];
        let this = self.stack[abs + 1];
        let arr = self.stack[abs + 2];
        let args = self.create_list_from_array_like(arr)?;
        let _ = fi;
        let v = self.call(callee, this, &args)?;
        self.write_caller_reg(dst, v);
        Ok(Flow::Next)
    }

    pub(super) fn op_new(
        &mut self,
        _fi: usize,
        dst: u16,
        abs: usize,
        argc: usize,
    ) -> JsResult<Flow> {
        let callee = self.stack[abs];
        let Some(f) = callee.as_object().filter(|o| self.is_constructor(*o)) else {
            let d = self.debug_str(callee);
            return Err(self.type_error(&format!("{d} is not a constructor")));
        };
        if let ObjectClass::Function(c) = &f.class {
            // [[Construct]] of a bytecode function runs in this loop
            // (as `construct_inner` does, without re-entering `run`).
            let this = self.construct_this(f, c, callee)?;
            self.stack[abs + 1] = this;
            self.enter_closure_inline(f, c, abs, argc, callee, Some(dst), true)?;
            return Ok(Flow::Reload);
        }
        let args: Vec<Value> = self.stack[abs + 2..abs + 2 + argc].to_vec();
        let v = self.construct(callee, &args, None)?;
        self.write_caller_reg(dst, v);
        Ok(Flow::Next)
    }

    /// The initial `this` of [[Construct]] for bytecode function `f` with
    /// new.target `nt`: uninitialised for derived constructors, else a new
    /// object with the instance fields of `f` defined.
    fn construct_this(&mut self, f: Gc<JsObject>, c: &Closure, nt: Value) -> JsResult<Value> {
        if c.code.flags.derived {
            return Ok(Value::UNINIT);
        }
        let t = self.ordinary_create_from_constructor(nt, Intrinsic::ObjectPrototype)?;
        let this = Value::object(t);
        if !c.fields.borrow().is_empty() {
            self.initialize_instance_elements(this, f)?;
        }
        Ok(this)
    }

    /// `SuperCall`: window at `abs` holds the active function, new.target
    /// and the arguments. A bytecode parent constructor runs in this loop;
    /// its result lands in `dst`.
    pub(super) fn op_super_call(&mut self, dst: u16, abs: usize, argc: usize) -> JsResult<Flow> {
        let func = self.stack[abs];
        let nt = self.stack[abs + 1];
        let Some(f) = func.as_object() else {
            return Err(self.syntax_error("'super' keyword unexpected here"));
        };
        let parent = self.get_prototype_of(f)?;
        let Some(parent) = parent.filter(|p| self.is_constructor(*p)) else {
            return Err(self.type_error("Super constructor is not a constructor"));
        };
        if let ObjectClass::Function(c) = &parent.class {
            let this = self.construct_this(parent, c, nt)?;
            self.stack[abs + 1] = this;
            self.enter_closure(parent, c, abs, argc, nt, Some(dst), true)?;
            return Ok(Flow::Reload);
        }
        let args: Vec<Value> = self.stack[abs + 2..abs + 2 + argc].to_vec();
        let v = self.construct(Value::object(parent), &args, Some(nt))?;
        self.write_caller_reg(dst, v);
        Ok(Flow::Next)
    }

    pub(super) fn op_new_spread(&mut self, _fi: usize, dst: u16, abs: usize) -> JsResult<Flow> {
        let callee = self.stack[abs];
        let arr = self.stack[abs + 2];
        let args = self.create_list_from_array_like(arr)?;
        let v = self.construct(callee, &args, None)?;
        self.write_caller_reg(dst, v);
        Ok(Flow::Next)
    }

    /// Return from the top frame with `v`.
    #[inline]
    pub(super) fn do_return(&mut self, v: Value, stop_depth: usize) -> JsResult<Flow> {
        let fi = self.frames.len() - 1;
        let f = &self.frames[fi];
        if !f.generator.is_undefined() || (f.construct && f.code.flags.derived) {
            return self.do_return_slow(v, stop_depth);
        }
        // A plain call or base-class [[Construct]]: pop the frame (as
        // `pop_frame`) and hand the result to the caller's register.
        let v = if f.construct && !v.is_object() {
            self.stack[f.base + 1]
        } else {
            v
        };
        let ret_dst = f.ret_dst;
        let Some(f) = self.frames.pop() else {
            unreachable!()
        };
        self.realm = f.caller_realm;
        self.sp = f.base;
        if fi == stop_depth {
            if let Some(c) = self.frames.last() {
                self.sp = self.sp.max(c.base + c.code.nregs as usize);
            }
            return Ok(Flow::Return(v));
        }
        if let Some(c) = self.frames.last() {
            let (cb, top) = (c.base, c.base + c.code.nregs as usize);
            self.sp = self.sp.max(top);
            if let Some(d) = ret_dst {
                self.stack[cb + d as usize] = v;
            }
        }
        Ok(Flow::Reload)
    }

    /// `do_return` for derived-constructor and generator/async frames.
    #[inline(never)]
    fn do_return_slow(&mut self, mut v: Value, stop_depth: usize) -> JsResult<Flow> {
        let fi = self.frames.len() - 1;
        let (construct, base, derived, generator, ret_dst) = {
            let f = &self.frames[fi];
            (
                f.construct,
                f.base,
                f.code.flags.derived,
                f.generator,
                f.ret_dst,
            )
        };
        if construct && !v.is_object() {
            let this = self.stack[base + 1];
            if derived {
                if !v.is_undefined() {
                    return Err(
                        self.type_error("Derived constructors may only return object or undefined")
                    );
                }
                if this.is_uninit() {
                    return Err(self.reference_error(
                        "Must call super constructor in derived class before accessing 'this' or returning from derived constructor",
                    ));
                }
            }
            v = this;
        }
        if let Some(g) = generator.as_object() {
            v = self.generator_completed(g, v)?;
        }
        self.pop_frame();
        if fi == stop_depth {
            return Ok(Flow::Return(v));
        }
        if let Some(d) = ret_dst {
            self.write_caller_reg(d, v);
        }
        Ok(Flow::Reload)
    }

    // ---- [[Call]] / [[Construct]] from Rust ----

    /// Call(F, V, args).
    pub fn call(&mut self, f: Value, this: Value, args: &[Value]) -> JsResult<Value> {
        let Some(o) = f.as_object() else {
            return Err(self.not_callable(f));
        };
        self.call_object(o, this, args)
    }

    fn not_callable(&mut self, f: Value) -> Exception {
        let d = self.debug_str(f);
        self.type_error(&format!("{d} is not a function"))
    }

    pub fn call_object(&mut self, o: Gc<JsObject>, this: Value, args: &[Value]) -> JsResult<Value> {
        self.native_depth += 1;
        let r = if self.native_depth > MAX_NATIVE_DEPTH || crate::vm::stack_low() {
            Err(self.range_error("Maximum call stack size exceeded"))
        } else {
            self.call_object_inner(o, this, args)
        };
        self.native_depth -= 1;
        r
    }

    fn call_object_inner(
        &mut self,
        o: Gc<JsObject>,
        this: Value,
        args: &[Value],
    ) -> JsResult<Value> {
        match o.methods().call {
            Some(call) => call(self, o, this, args),
            None => Err(self.not_callable(Value::object(o))),
        }
    }

    /// IsConstructor.
    #[inline]
    pub fn is_constructor(&self, o: Gc<JsObject>) -> bool {
        o.methods().construct.is_some()
    }

    /// Construct(F, args, newTarget).
    pub fn construct(
        &mut self,
        f: Value,
        args: &[Value],
        new_target: Option<Value>,
    ) -> JsResult<Value> {
        let Some(o) = f.as_object().filter(|o| self.is_constructor(*o)) else {
            let d = self.debug_str(f);
            return Err(self.type_error(&format!("{d} is not a constructor")));
        };
        let nt = new_target.unwrap_or(f);
        self.native_depth += 1;
        let r = if self.native_depth > MAX_NATIVE_DEPTH || crate::vm::stack_low() {
            Err(self.range_error("Maximum call stack size exceeded"))
        } else {
            self.construct_inner(o, args, nt)
        };
        self.native_depth -= 1;
        r
    }

    fn construct_inner(&mut self, o: Gc<JsObject>, args: &[Value], nt: Value) -> JsResult<Value> {
        match o.methods().construct {
            Some(construct) => construct(self, o, args, nt),
            None => Err(self.type_error("not a constructor")),
        }
    }

    /// OrdinaryCreateFromConstructor with the given fallback prototype.
    pub fn ordinary_create_from_constructor(
        &mut self,
        ctor: Value,
        fallback: Intrinsic,
    ) -> JsResult<Gc<JsObject>> {
        let proto = self.get_prototype_from_constructor(ctor, fallback)?;
        Ok(self.new_object_with(Some(proto), ObjectClass::Ordinary))
    }

    /// GetPrototypeFromConstructor.
    pub fn get_prototype_from_constructor(
        &mut self,
        ctor: Value,
        fallback: Intrinsic,
    ) -> JsResult<Gc<JsObject>> {
        if let Some(c) = ctor.as_object() {
            let key = self.names.prototype;
            // FAST PATH: `prototype` of bytecode functions is an own data
            // property on ordinary storage.
            if let ObjectClass::Function(_) | ObjectClass::NativeFunction(_) = c.class {
                if let Some(p) = c.get_own_data(key).and_then(|p| p.as_object()) {
                    return Ok(p);
                }
            }
            let p = self.get_prop(c, key)?;
            if let Some(p) = p.as_object() {
                return Ok(p);
            }
            // Fall back to the intrinsic of the constructor's realm.
            let realm = self.function_realm(c)?;
            return Ok(realm.intrinsic(fallback));
        }
        Ok(self.intrinsic(fallback))
    }

    /// GetFunctionRealm.
    pub fn function_realm(&mut self, f: Gc<JsObject>) -> JsResult<Gc<crate::realm::Realm>> {
        match &f.class {
            ObjectClass::Function(c) => Ok(c.realm),
            ObjectClass::NativeFunction(n) => Ok(n.realm.unwrap_or(self.realm)),
            ObjectClass::BoundFunction(b) => {
                let t = b.target;
                self.function_realm(t)
            }
            ObjectClass::Proxy(p) => match p.handler.get() {
                None => Err(self.type_error("Cannot perform operation on a revoked proxy")),
                Some(_) => match p.target.get() {
                    Some(t) => self.function_realm(t),
                    None => Ok(self.realm),
                },
            },
            _ => Ok(self.realm),
        }
    }

    /// `super(...args)` in a derived constructor `func`.
    pub(super) fn super_call(
        &mut self,
        func: Value,
        new_target: Value,
        args: &[Value],
    ) -> JsResult<Value> {
        let Some(f) = func.as_object() else {
            return Err(self.syntax_error("'super' keyword unexpected here"));
        };
        let parent = self.get_prototype_of(f)?;
        let Some(parent) = parent.filter(|p| self.is_constructor(*p)) else {
            return Err(self.type_error("Super constructor is not a constructor"));
        };
        let result = self.construct(Value::object(parent), args, Some(new_target))?;
        Ok(result)
    }

    /// Define the class fields of `ctor` on a freshly constructed `this`.
    pub fn initialize_instance_elements(
        &mut self,
        this: Value,
        ctor: Gc<JsObject>,
    ) -> JsResult<()> {
        let ObjectClass::Function(c) = &ctor.class else {
            return Ok(());
        };
        let n = c.fields.borrow().len();
        for i in 0..n {
            let (key, init, is_private, pm) = {
                let fields = c.fields.borrow();
                let Some(fd) = fields.get(i) else { break };
                (fd.key, fd.init, fd.is_private, fd.private_method)
            };
            if let Some((get, set)) = pm {
                self.add_private_method(this, key, get, set)?;
                continue;
            }
            let v = if init.is_undefined() {
                Value::UNDEFINED
            } else {
                self.call(init, this, &[])?
            };
            if is_private {
                self.define_private(this, key, v)?;
            } else {
                self.define_field(this, key, v)?;
            }
        }
        Ok(())
    }

    // ---- generators ----

    /// `GeneratorStart`: the generator function's frame suspends before its
    /// body, its call returns the new generator object.
    pub(super) fn generator_start(&mut self, stop_depth: usize) -> JsResult<Flow> {
        let fi = self.frames.len() - 1;
        let (callee, code) = {
            let f = &self.frames[fi];
            (self.stack[f.base], f.code)
        };
        if code.flags.is_async && !code.flags.generator {
            self.start_async_function(fi)?;
            return Ok(Flow::Next);
        }
        let (kind, fallback) = if code.flags.is_async {
            (GenKind::Async, Intrinsic::AsyncGeneratorPrototype)
        } else {
            (GenKind::Sync, Intrinsic::GeneratorPrototype)
        };
        let proto = self.get_prototype_from_constructor(callee, fallback)?;
        let saved = self.save_frame(fi);
        let data = GeneratorData {
            state: Cell::new(GenState::SuspendedStart),
            kind,
            saved: RefCell::new(Some(saved)),
            resume_dst: Cell::new(0),
            promise: Cell::new(Value::UNDEFINED),
            queue: RefCell::new(VecDeque::new()),
        };
        let g = self.new_object_with(Some(proto), ObjectClass::Data(Box::new(data)));
        let ret_dst = self.frames[fi].ret_dst;
        self.pop_frame();
        let v = Value::object(g);
        if fi == stop_depth {
            return Ok(Flow::Return(v));
        }
        if let Some(d) = ret_dst {
            self.write_caller_reg(d, v);
        }
        Ok(Flow::Reload)
    }

    fn save_frame(&mut self, fi: usize) -> SavedFrame {
        let f = &self.frames[fi];
        SavedFrame {
            code: f.code,
            pc: f.pc,
            env: f.env,
            new_target: f.new_target,
            extra_args: f.extra_args.clone(),
            argc: f.argc,
            regs: self.stack[f.base..f.base + f.code.nregs as usize].to_vec(),
        }
    }

    /// Resume a suspended generator/async frame. `kind`: 0 next, 1 throw,
    /// 2 return. Returns what the frame produced when it next suspends or
    /// completes, and whether it completed.
    pub fn resume_generator(
        &mut self,
        g: Gc<JsObject>,
        value: Value,
        kind: u8,
    ) -> JsResult<(Value, bool)> {
        let Some(data) = g.class.data::<GeneratorData>() else {
            return Err(self.type_error("not a generator"));
        };
        let Some(saved) = data.saved.borrow_mut().take() else {
            return Err(self.type_error("Generator is already running"));
        };
        if self.frames.len() >= MAX_FRAMES {
            *data.saved.borrow_mut() = Some(saved);
            return Err(self.range_error("Maximum call stack size exceeded"));
        }
        let was_start = data.state.get() == GenState::SuspendedStart;
        data.state.set(GenState::Executing);
        let base = self.sp;
        let n = saved.regs.len();
        if let Err(e) = self.ensure_stack(base + n + 1) {
            *data.saved.borrow_mut() = Some(saved);
            return Err(e);
        }
        self.stack[base..base + n].copy_from_slice(&saved.regs);
        let realm = match self.stack[base].as_object().map(|f| self.function_realm(f)) {
            Some(Ok(r)) => r,
            _ => self.realm,
        };
        self.frames.push(Frame {
            code: saved.code,
            pc: saved.pc,
            base,
            env: saved.env,
            new_target: saved.new_target,
            extra_args: saved.extra_args,
            argc: saved.argc,
            ret_dst: None,
            construct: false,
            generator: Value::object(g),
            caller_realm: self.realm,
            resume_kind: kind,
        });
        self.realm = realm;
        self.sp = base + n;
        if !was_start {
            let d = data.resume_dst.get() as usize;
            self.stack[base + d] = value;
        } else if kind != 0 {
            // Resuming a generator that never started with throw/return:
            // complete it without running the body.
            self.pop_frame();
            data.state.set(GenState::Completed);
            return if kind == 1 {
                Err(Exception::Throw(value))
            } else if data.kind == GenKind::Sync {
                Ok((self.create_iter_result(value, true), true))
            } else {
                Ok((value, true))
            };
        }
        let depth = self.frames.len() - 1;
        self.native_depth += 1;
        let r = if self.native_depth > MAX_NATIVE_DEPTH || crate::vm::stack_low() {
            self.pop_frame();
            Err(self.range_error("Maximum call stack size exceeded"))
        } else {
            self.run_from_native(depth)
        };
        self.native_depth -= 1;
        match r {
            Ok(v) => {
                let done = data.state.get() == GenState::Completed;
                Ok((v, done))
            }
            Err(e) => {
                data.state.set(GenState::Completed);
                *data.saved.borrow_mut() = None;
                Err(e)
            }
        }
    }

    /// Called when a generator/async frame returns normally with `v` (the
    /// frame is still on top of the stack).
    fn generator_completed(&mut self, g: Gc<JsObject>, v: Value) -> JsResult<Value> {
        let Some(data) = g.class.data::<GeneratorData>() else {
            return Ok(v);
        };
        data.state.set(GenState::Completed);
        match data.kind {
            GenKind::AsyncFunction => {
                let p = data.promise.get();
                crate::builtins::promise::resolve_promise_value(self, p, v)?;
                Ok(p)
            }
            GenKind::Sync => Ok(self.create_iter_result(v, true)),
            GenKind::Async => {
                // AsyncGeneratorStart step 4.f-k (#sec-asyncgeneratorstart):
                // the body returned; settle the current request with
                // { value: v, done: true } and drain the queue.
                self.async_generator_finished(g, Ok(v))?;
                Ok(Value::UNDEFINED)
            }
        }
    }

    /// An async generator's body completed (normally with `Ok(v)`, or by a
    /// throw with `Err(e)`). The spec removes the generator's context
    /// first, so the settling runs in the caller's realm.
    fn async_generator_finished(
        &mut self,
        g: Gc<JsObject>,
        completion: Result<Value, Value>,
    ) -> JsResult<()> {
        if let Some(data) = g.class.data::<GeneratorData>() {
            data.state.set(GenState::DrainingQueue);
            *data.saved.borrow_mut() = None;
        }
        let saved_realm = self.realm;
        if let Some(f) = self.frames.last() {
            self.realm = f.caller_realm;
        }
        let r = crate::builtins::control::async_generator::complete_step(
            self, g, completion, true, None,
        )
        .and_then(|_| crate::builtins::control::async_generator::drain_queue(self, g));
        self.realm = saved_realm;
        r
    }

    /// An exception is leaving frame `fi` with no handler there. Async
    /// function frames turn it into a rejection and yield their promise;
    /// async generator frames reject the current request and drain their
    /// queue.
    pub(super) fn frame_absorbs_exception(&mut self, fi: usize, val: Value) -> Option<Value> {
        let g = self.frames[fi].generator.as_object()?;
        let data = g.class.data::<GeneratorData>()?;
        data.state.set(GenState::Completed);
        match data.kind {
            GenKind::AsyncFunction => {
                let p = data.promise.get();
                if crate::builtins::promise::reject_promise_value(self, p, val).is_err() {
                    return None;
                }
                Some(p)
            }
            GenKind::Async => {
                // `unwind` only asks about the frame on top of the stack.
                if fi + 1 != self.frames.len() {
                    return None;
                }
                self.async_generator_finished(g, Err(val)).ok()?;
                Some(Value::UNDEFINED)
            }
            GenKind::Sync => None,
        }
    }

    /// `Yield` / `Await`: save the frame into its generator object and
    /// leave the run loop (or return to the bytecode caller).
    ///
    /// - `Await` subscribes to the awaited value first (PromiseResolve can
    ///   throw, and that exception belongs to the still-running frame).
    ///   Async generators stay `Executing` while awaiting, so requests made
    ///   meanwhile are only queued.
    /// - `Yield` in an async generator is AsyncGeneratorYield
    ///   (#sec-asyncgeneratoryield): it settles the current request, and if
    ///   another request is already queued the frame continues at once with
    ///   that request's completion (`Flow::Next`) instead of suspending.
    pub(super) fn suspend(
        &mut self,
        op: Op,
        dst: u16,
        v: Value,
        stop_depth: usize,
    ) -> JsResult<Flow> {
        let fi = self.frames.len() - 1;
        let Some(g) = self.frames[fi].generator.as_object() else {
            return Err(self.syntax_error("yield or await outside a generator or async function"));
        };
        let Some(data) = g.class.data::<GeneratorData>() else {
            return Err(self.internal_error("generator frame without generator data"));
        };
        let (result, state) = match op {
            Op::Await => {
                crate::builtins::promise::await_value(self, g, v)?;
                match data.kind {
                    GenKind::AsyncFunction => (data.promise.get(), GenState::SuspendedYield),
                    _ => (Value::UNDEFINED, GenState::Executing),
                }
            }
            Op::Yield if data.kind == GenKind::Async => {
                let realm = self.frames[fi].caller_realm;
                crate::builtins::control::async_generator::complete_step(
                    self,
                    g,
                    Ok(v),
                    false,
                    Some(realm),
                )?;
                let next = data.queue.borrow().front().map(|r| (r.kind, r.value));
                if let Some((kind, val)) = next {
                    // Execution continues without suspending: the compiled
                    // resumption check (ResumeKind) sees the queued request.
                    self.frames[fi].resume_kind = kind;
                    let base = self.frames[fi].base;
                    self.stack[base + dst as usize] = val;
                    return Ok(Flow::Next);
                }
                (Value::UNDEFINED, GenState::SuspendedYield)
            }
            Op::Yield if data.kind == GenKind::Sync => {
                (self.create_iter_result(v, false), GenState::SuspendedYield)
            }
            _ => (v, GenState::SuspendedYield),
        };
        let saved = self.save_frame(fi);
        *data.saved.borrow_mut() = Some(saved);
        data.resume_dst.set(dst);
        data.state.set(state);
        let ret_dst = self.frames[fi].ret_dst;
        self.pop_frame();
        if fi == stop_depth {
            return Ok(Flow::Return(result));
        }
        if let Some(d) = ret_dst {
            self.write_caller_reg(d, result);
        }
        Ok(Flow::Reload)
    }

    /// `AsyncReturn` is compiled as a plain `Ret`; kept for explicitness.
    pub(super) fn async_return(&mut self, v: Value, stop_depth: usize) -> JsResult<Flow> {
        self.do_return(v, stop_depth)
    }

    /// Start an async function call: called by the `Call` paths through
    /// the compiled prologue (`GeneratorStart` is not used for them).
    pub fn start_async_function(&mut self, fi: usize) -> JsResult<()> {
        let promise = crate::builtins::promise::new_promise(self);
        let data = GeneratorData {
            state: Cell::new(GenState::Executing),
            kind: GenKind::AsyncFunction,
            saved: RefCell::new(None),
            resume_dst: Cell::new(0),
            promise: Cell::new(promise),
            queue: RefCell::new(VecDeque::new()),
        };
        let g = self.new_object_with(None, ObjectClass::Data(Box::new(data)));
        self.frames[fi].generator = Value::object(g);
        Ok(())
    }

    /// Build the `arguments` object for frame `fi`. `mapping` is an array
    /// of environment slots for a mapped arguments object, or undefined.
    pub(super) fn create_arguments_object(&mut self, fi: usize, mapping: Value) -> Value {
        let (base, argc, nparams, callee, env) = {
            let f = &self.frames[fi];
            (
                f.base,
                f.argc,
                f.code.nparams as usize,
                self.stack[f.base],
                f.env,
            )
        };
        let mut vals = Vec::with_capacity(argc);
        for i in 0..argc {
            if i < nparams {
                vals.push(self.stack[base + 2 + i]);
            } else {
                vals.push(
                    self.frames[fi]
                        .extra_args
                        .get(i - nparams)
                        .copied()
                        .unwrap_or(Value::UNDEFINED),
                );
            }
        }
        let proto = self.intrinsic(Intrinsic::ObjectPrototype);
        let map: Option<Vec<Option<u32>>> = mapping
            .as_object()
            .and_then(|a| a.dense_snapshot())
            .map(|slots| {
                (0..argc)
                    .map(|i| {
                        slots
                            .get(i)
                            .and_then(|v| v.as_int())
                            .filter(|s| *s >= 0)
                            .map(|s| s as u32)
                    })
                    .collect()
            });
        // Built on cached shapes: `length`, @@iterator (and `callee` when
        // mapped) as the spec's CreateMappedArgumentsObject /
        // CreateUnmappedArgumentsObject define them, without three
        // property definitions per call.
        let (mapped_shape, unmapped_shape) = self.arguments_shapes();
        let values = Value::object(self.intrinsic(Intrinsic::ArrayProtoValues));
        let len = Value::int(argc as i32);
        let o = match map {
            Some(m) => crate::object::JsObject::with_shape(
                &self.heap,
                mapped_shape,
                vec![len, values, callee],
                Some(proto),
                ObjectClass::Arguments(crate::object::class::ArgumentsData {
                    env,
                    mapped: RefCell::new(m),
                }),
            ),
            None => {
                let o = crate::object::JsObject::with_shape(
                    &self.heap,
                    unmapped_shape,
                    vec![len, values],
                    Some(proto),
                    ObjectClass::UnmappedArguments,
                );
                let thrower = Value::object(self.intrinsic(Intrinsic::ThrowTypeError));
                let ck = self.names.callee;
                o.define_raw(
                    &self.heap,
                    ck,
                    crate::object::Slot::Accessor {
                        get: thrower,
                        set: thrower,
                    },
                    crate::object::Attrs::NONE,
                );
                o
            }
        };
        o.set_dense_elements(vals);
        Value::object(o)
    }

    /// The shapes of mapped and unmapped `arguments` objects (created on
    /// first use; reached from the empty shape's transitions and traced
    /// as roots).
    fn arguments_shapes(&mut self) -> (Gc<crate::object::Shape>, Gc<crate::object::Shape>) {
        if let Some(s) = self.arguments_shapes {
            return s;
        }
        use crate::object::{Attrs, Shape};
        let lk = self.names.length;
        let ik = PropertyKey::Symbol(self.symbols.iterator);
        let ck = self.names.callee;
        let s = Shape::add(self.empty_shape, &self.heap, lk, Attrs::HIDDEN);
        let unmapped = Shape::add(s, &self.heap, ik, Attrs::HIDDEN);
        let mapped = Shape::add(unmapped, &self.heap, ck, Attrs::HIDDEN);
        self.arguments_shapes = Some((mapped, unmapped));
        (mapped, unmapped)
    }

    /// The argument list of `fn.apply(thisArg, arr)` read straight from a
    /// dense array or an arguments object whose elements are all present
    /// own data elements (no getters, holes or aliased parameters);
    /// None sends the caller to the general CreateListFromArrayLike.
    fn apply_list_fast(&self, arr: Value) -> Option<Vec<Value>> {
        let o = arr.as_object()?;
        let len = match &o.class {
            ObjectClass::Array(a) => a.length.get() as usize,
            ObjectClass::UnmappedArguments => Self::own_int_length(o, self.names.length)?,
            ObjectClass::Arguments(d) if d.mapped.borrow().iter().all(Option::is_none) => {
                Self::own_int_length(o, self.names.length)?
            }
            _ => return None,
        };
        let mut v = o.dense_snapshot()?;
        if v.len() < len {
            return None;
        }
        v.truncate(len);
        if v.iter().any(|x| x.is_hole()) {
            return None;
        }
        Some(v)
    }

    fn own_int_length(o: Gc<JsObject>, lk: PropertyKey) -> Option<usize> {
        let n = o.get_own_data(lk)?.as_int()?;
        usize::try_from(n).ok()
    }

    /// Array of the arguments from index `from` on (rest parameter).
    pub(super) fn create_rest_array(&mut self, fi: usize, from: usize) -> Value {
        let (base, argc, nparams) = {
            let f = &self.frames[fi];
            (f.base, f.argc, f.code.nparams as usize)
        };
        let mut vals = Vec::new();
        for i in from..argc {
            if i < nparams {
                vals.push(self.stack[base + 2 + i]);
            } else {
                vals.push(
                    self.frames[fi]
                        .extra_args
                        .get(i - nparams)
                        .copied()
                        .unwrap_or(Value::UNDEFINED),
                );
            }
        }
        Value::object(self.create_array_from_list(&vals))
    }

    /// Run a compiled script or eval body as a frame with the given `this`.
    pub fn run_code(
        &mut self,
        code: Gc<Code>,
        this: Value,
        env: Option<Gc<crate::env::Env>>,
        callee: Value,
    ) -> JsResult<Value> {
        let base = self.sp;
        let nregs = code.nregs as usize;
        self.ensure_stack(base + nregs + 1)?;
        for i in 0..nregs {
            self.stack[base + i] = Value::UNDEFINED;
        }
        self.stack[base] = callee;
        self.stack[base + 1] = this;
        if self.frames.len() >= MAX_FRAMES {
            return Err(self.range_error("Maximum call stack size exceeded"));
        }
        let new_target = std::mem::replace(&mut self.pending_new_target, Value::UNDEFINED);
        self.frames.push(Frame {
            code,
            pc: 0,
            base,
            env,
            new_target,
            extra_args: Vec::new(),
            argc: 0,
            ret_dst: None,
            construct: false,
            generator: Value::UNDEFINED,
            caller_realm: self.realm,
            resume_kind: 0,
        });
        self.sp = base + nregs;
        let depth = self.frames.len() - 1;
        self.native_depth += 1;
        let r = self.run_from_native(depth);
        self.native_depth -= 1;
        r
    }

    /// Run the frame at `depth` that native code just pushed. While it
    /// runs, the native function that called is not the innermost
    /// activation any more but a caller: it is recorded as a `NativeLink`
    /// (stack traces show it below the frame) and `native_callee` is
    /// cleared, so `native_callee` is Some exactly while native code is
    /// innermost.
    fn run_from_native(&mut self, depth: usize) -> JsResult<Value> {
        let Some(callee) = self.native_callee.take() else {
            return self.run(depth);
        };
        self.native_links
            .push(crate::interp::stack_trace::NativeLink {
                frame: depth,
                callee,
                this: self.native_this,
            });
        let r = self.run(depth);
        self.native_links.pop();
        self.native_callee = Some(callee);
        r
    }
}

// ---- [[Call]] / [[Construct]] of function objects (their tables are in
// function.rs) ----

/// [[Call]] ( thisArgument, argumentsList ) of an ECMAScript function
/// (#sec-ecmascript-function-objects-call-thisargument-argumentslist).
pub(crate) fn closure_call(
    vm: &mut Vm,
    o: Gc<JsObject>,
    this: Value,
    args: &[Value],
) -> JsResult<Value> {
    let ObjectClass::Function(c) = &o.class else {
        return Err(vm.not_callable(Value::object(o)));
    };
    // 2. If F.[[IsClassConstructor]] is true, throw a TypeError exception.
    if c.code.flags.class_constructor {
        return Err(vm.type_error("Class constructor cannot be invoked without 'new'"));
    }
    // 3-8. A new frame (PrepareForOrdinaryCall, OrdinaryCallBindThis) run
    // to completion.
    let base = vm.sp;
    vm.ensure_stack(base + 2 + args.len())?;
    vm.stack[base + 1] = this;
    vm.stack[base + 2..base + 2 + args.len()].copy_from_slice(args);
    vm.enter_closure(o, c, base, args.len(), Value::UNDEFINED, None, false)?;
    let depth = vm.frames.len() - 1;
    vm.run_from_native(depth)
}

/// [[Construct]] ( argumentsList, newTarget ) of an ECMAScript function
/// (#sec-ecmascript-function-objects-construct-argumentslist-newtarget).
pub(crate) fn closure_construct(
    vm: &mut Vm,
    o: Gc<JsObject>,
    args: &[Value],
    nt: Value,
) -> JsResult<Value> {
    let ObjectClass::Function(c) = &o.class else {
        return Err(vm.type_error("not a constructor"));
    };
    // 3. If kind is base, thisArgument is
    // ? OrdinaryCreateFromConstructor(newTarget, "%Object.prototype%");
    // a derived constructor's `this` starts uninitialized.
    let this = if c.code.flags.derived {
        Value::UNINIT
    } else {
        let t = vm.ordinary_create_from_constructor(nt, Intrinsic::ObjectPrototype)?;
        Value::object(t)
    };
    // 6.b. InitializeInstanceElements(thisArgument, F) for a base constructor.
    if !c.code.flags.derived && !c.fields.borrow().is_empty() {
        vm.initialize_instance_elements(this, o)?;
    }
    // 4-12. Run the body; the frame's return handling picks the result.
    let base = vm.sp;
    vm.ensure_stack(base + 2 + args.len())?;
    vm.stack[base + 1] = this;
    vm.stack[base + 2..base + 2 + args.len()].copy_from_slice(args);
    vm.enter_closure(o, c, base, args.len(), nt, None, true)?;
    let depth = vm.frames.len() - 1;
    vm.run_from_native(depth)
}

/// [[Call]] and [[Construct]] of a built-in function
/// (#sec-built-in-function-objects-call-thisargument-argumentslist,
/// #sec-built-in-function-objects-construct-argumentslist-newtarget): the
/// Rust body runs in the function's realm, with `new_target` undefined for
/// a call.
fn native_invoke(
    vm: &mut Vm,
    o: Gc<JsObject>,
    this: Value,
    args: &[Value],
    nt: Value,
) -> JsResult<Value> {
    let ObjectClass::NativeFunction(n) = &o.class else {
        return Err(vm.not_callable(Value::object(o)));
    };
    let f = n.f;
    let saved = vm.realm;
    if let Some(r) = n.realm {
        vm.realm = r;
    }
    let saved_callee = vm.native_callee.replace(o);
    // The receiver a stack trace shows; UNINIT marks a [[Construct]] call
    // (`new Promise`) and never reaches script code.
    let shown_this = if nt.is_undefined() {
        this
    } else {
        Value::UNINIT
    };
    let saved_this = std::mem::replace(&mut vm.native_this, shown_this);
    let r = with_args(args, |a| f(vm, this, a, nt));
    vm.native_callee = saved_callee;
    vm.native_this = saved_this;
    vm.realm = saved;
    r
}

/// [[Call]] of a built-in function.
pub(crate) fn native_call(
    vm: &mut Vm,
    o: Gc<JsObject>,
    this: Value,
    args: &[Value],
) -> JsResult<Value> {
    native_invoke(vm, o, this, args, Value::UNDEFINED)
}

/// [[Construct]] of a built-in function.
pub(crate) fn native_construct(
    vm: &mut Vm,
    o: Gc<JsObject>,
    args: &[Value],
    nt: Value,
) -> JsResult<Value> {
    native_invoke(vm, o, Value::UNDEFINED, args, nt)
}

/// [[Call]] ( thisArgument, argumentsList ) of a bound function
/// (#sec-bound-function-exotic-objects-call-thisargument-argumentslist).
pub(crate) fn bound_call(
    vm: &mut Vm,
    o: Gc<JsObject>,
    _this: Value,
    args: &[Value],
) -> JsResult<Value> {
    let ObjectClass::BoundFunction(b) = &o.class else {
        return Err(vm.not_callable(Value::object(o)));
    };
    // 1-4. The bound arguments, then argumentsList.
    let mut all = b.args.clone();
    all.extend_from_slice(args);
    // 5. Return ? Call(target, boundThis, args).
    let (t, bt) = (b.target, b.this);
    vm.call_object(t, bt, &all)
}

/// [[Construct]] ( argumentsList, newTarget ) of a bound function
/// (#sec-bound-function-exotic-objects-construct-argumentslist-newtarget).
pub(crate) fn bound_construct(
    vm: &mut Vm,
    o: Gc<JsObject>,
    args: &[Value],
    nt: Value,
) -> JsResult<Value> {
    let ObjectClass::BoundFunction(b) = &o.class else {
        return Err(vm.type_error("not a constructor"));
    };
    // 1-4. The bound arguments, then argumentsList.
    let mut all = b.args.clone();
    all.extend_from_slice(args);
    // 5. If SameValue(F, newTarget) is true, set newTarget to target.
    let target = Value::object(b.target);
    let nt = if nt == Value::object(o) { target } else { nt };
    // 6. Return ? Construct(target, args, newTarget).
    vm.construct(target, &all, Some(nt))
}
