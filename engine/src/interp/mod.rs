//! The interpreter: one dispatch loop over register bytecode.
//!
//! A JS → JS call pushes a `Frame` and continues in the same loop, so deep
//! JavaScript recursion never grows the Rust stack; it ends in a RangeError
//! when the frame limit or the register stack is exhausted. Native → JS
//! calls (a built-in invoking a callback) re-enter `run` with a stop depth.

pub mod call;
pub mod env_ops;
pub mod frame;
pub mod iter;
pub mod literals;
mod numeric;
#[cfg(feature = "opstats")]
pub mod opstats;
pub mod property;
pub mod stack_trace;

use crate::bytecode::{Code, Op, OP_COUNT};
use crate::env::{Env, EnvKind};
use crate::gc::Gc;
use crate::ops::errors::ErrorKind;
use crate::ops::operators::BinOp;
use crate::value::Value;
use crate::vm::{Exception, JsResult, Vm};
use numeric::Rel;
use std::cell::RefCell;

/// What the dispatch loop does after an instruction.
enum Flow {
    /// Fall through to the next instruction.
    Next,
    /// The frame stack changed (call, return into a bytecode caller):
    /// reload the current frame.
    Reload,
    /// The entry frame returned this value.
    Return(Value),
}

impl Vm {
    /// Run frames until the frame at index `stop_depth` returns.
    pub(crate) fn run(&mut self, stop_depth: usize) -> JsResult<Value> {
        loop {
            match self.run_inner(stop_depth) {
                Ok(v) => return Ok(v),
                Err(e) => {
                    // Unwind to a handler in a frame at or above stop_depth.
                    if let Some(v) = self.unwind(e, stop_depth)? {
                        return Ok(v);
                    }
                }
            }
        }
    }

    /// Find a handler for `e`; on success the frame stack is positioned at
    /// it. Otherwise the frames down to `stop_depth` are popped and the
    /// exception is returned.
    /// Returns Some(v) when the stop frame completed with `v` instead (an
    /// async function turns its exception into a rejected promise).
    fn unwind(&mut self, e: Exception, stop_depth: usize) -> JsResult<Option<Value>> {
        let Exception::Throw(val) = e else {
            self.pop_frames_to(stop_depth);
            return Err(e);
        };
        // The faulting frame's pc is the failing instruction; callers'
        // pcs point just past their call instruction, so look one back.
        if self.stack_fixup.is_some() && self.frames.len() > stop_depth {
            if let Some(f) = self.frames.last() {
                let (code, pc) = (f.code, f.pc as u32);
                self.fix_stack_pc(val, code, pc);
            }
        }
        let mut first = true;
        while self.frames.len() > stop_depth {
            let fi = self.frames.len() - 1;
            let (code, pc, base) = {
                let f = &self.frames[fi];
                let pc = if first {
                    f.pc as u32
                } else {
                    (f.pc as u32).saturating_sub(1)
                };
                (f.code, pc, f.base)
            };
            first = false;
            // Handlers are recorded innermost first.
            let handler = code
                .handlers
                .iter()
                .find(|h| h.start <= pc && pc < h.end)
                .copied();
            if let Some(h) = handler {
                let envv = self.stack[base + h.env_reg as usize];
                // SAFETY: the compiler stores only Env cells (or undefined) in
                // a handler's env register.
                self.frames[fi].env = if envv.is_cell() {
                    Some(unsafe { envv.as_cell::<Env>() })
                } else {
                    None
                };
                self.stack[base + h.reg as usize] = val;
                self.frames[fi].pc = h.target as usize;
                return Ok(None);
            }
            if let Some(result) = self.frame_absorbs_exception(fi, val) {
                let ret_dst = self.frames[fi].ret_dst;
                self.pop_frame();
                if fi == stop_depth {
                    return Ok(Some(result));
                }
                if let (Some(d), Some(c)) = (ret_dst, self.frames.last()) {
                    let b = c.base;
                    self.stack[b + d as usize] = result;
                }
                return Ok(None);
            }
            if fi == stop_depth {
                self.pop_frame();
                return Err(e);
            }
            self.pop_frame();
        }
        Err(e)
    }

    pub(crate) fn pop_frames_to(&mut self, depth: usize) {
        while self.frames.len() > depth {
            self.pop_frame();
        }
    }

    pub(crate) fn pop_frame(&mut self) {
        if let Some(f) = self.frames.pop() {
            self.realm = f.caller_realm;
            self.sp = f.base;
            // The caller's frame extends past the callee's base; restore sp
            // to the caller's top.
            if let Some(c) = self.frames.last() {
                self.sp = self.sp.max(c.base + c.code.nregs as usize);
            }
        }
    }

    // Operand macros advance `pc` even when an op then jumps or throws.
    #[allow(unused_assignments)]
    fn run_inner(&mut self, stop_depth: usize) -> JsResult<Value> {
        loop {
            let fi = self.frames.len() - 1;
            let code: Gc<Code> = self.frames[fi].code;
            let base = self.frames[fi].base;
            let mut pc = self.frames[fi].pc;
            let code_len = code.code_len;
            // Registers are read without bounds checks: every register
            // operand is below `nregs` (`Code::pad_and_verify`), the window
            // `base..base + nregs` is checked here, and the register stack
            // never shrinks while the frame runs.
            if base + code.nregs as usize > self.stack.len() {
                return Err(self.internal_error("register window out of range"));
            }
            let bytes: *const u8 = code.bytes.as_ptr();
            loop {
                let op_pc = pc;
                if pc >= code_len {
                    self.frames[fi].pc = op_pc;
                    return Err(self.internal_error("invalid bytecode"));
                }
                // SAFETY: pc < code_len <= bytes.len().
                let opb = unsafe { *bytes.add(pc) };
                if opb as usize >= OP_COUNT {
                    self.frames[fi].pc = op_pc;
                    return Err(self.internal_error("invalid bytecode"));
                }
                // SAFETY: checked just above.
                let op = unsafe { Op::from_u8_unchecked(opb) };
                #[cfg(feature = "opstats")]
                {
                    opstats::count(opb);
                }
                pc += 1;
                // SAFETY (operand reads below): the instruction starts before
                // `code_len` and is at most CODE_PAD bytes long, and `bytes`
                // holds CODE_PAD padding bytes past `code_len`.
                macro_rules! r {
                    () => {{
                        let v = u16::from_le(unsafe {
                            std::ptr::read_unaligned(bytes.add(pc) as *const u16)
                        }) as usize;
                        pc += 2;
                        v
                    }};
                }
                macro_rules! k {
                    () => {{
                        let v = u32::from_le(unsafe {
                            std::ptr::read_unaligned(bytes.add(pc) as *const u32)
                        });
                        pc += 4;
                        v
                    }};
                }
                macro_rules! b {
                    () => {{
                        let v = unsafe { *bytes.add(pc) };
                        pc += 1;
                        v
                    }};
                }
                // `get!`/`set!` take a register operand as decoded (below
                // nregs, see above); registers computed from one (`d + 1`)
                // go through the checked `getc!`/`setc!`.
                macro_rules! get {
                    ($r:expr) => {{
                        let i = base + $r;
                        // SAFETY: see the window check above.
                        unsafe { *self.stack.get_unchecked(i) }
                    }};
                }
                macro_rules! set {
                    ($r:expr, $v:expr) => {{
                        let i = base + $r;
                        let v = $v;
                        // SAFETY: see the window check above.
                        unsafe {
                            *self.stack.get_unchecked_mut(i) = v;
                        }
                    }};
                }
                macro_rules! getc {
                    ($r:expr) => {
                        self.stack[base + $r]
                    };
                }
                macro_rules! setc {
                    ($r:expr, $v:expr) => {{
                        let v = $v;
                        self.stack[base + $r] = v;
                    }};
                }
                macro_rules! t {
                    ($e:expr) => {
                        match $e {
                            Ok(v) => v,
                            Err(e) => {
                                self.frames[fi].pc = op_pc;
                                return Err(e);
                            }
                        }
                    };
                }
                macro_rules! konst {
                    ($i:expr) => {
                        code.consts
                            .get($i as usize)
                            .copied()
                            .unwrap_or(Value::UNDEFINED)
                    };
                }
                macro_rules! flow {
                    ($e:expr) => {{
                        self.frames[fi].pc = pc;
                        match $e {
                            Ok(Flow::Next) => {}
                            Ok(Flow::Reload) => break,
                            Ok(Flow::Return(v)) => return Ok(v),
                            Err(e) => {
                                self.frames[fi].pc = op_pc;
                                return Err(e);
                            }
                        }
                    }};
                }
                // The right operand of the binary macros: a register, or the
                // int32 immediate of the `…I` forms.
                macro_rules! reg {
                    () => {
                        get!(r!())
                    };
                }
                macro_rules! imm {
                    () => {
                        Value::int(k!() as i32)
                    };
                }
                macro_rules! binop {
                    ($b:expr, $fast:expr, $op:expr) => {{
                        let d = r!();
                        let a = get!(r!());
                        let bb = $b;
                        let v = match (a.as_int(), bb.as_int()) {
                            (Some(x), Some(y)) => $fast(x, y),
                            // Bitwise operators on doubles (crypto's 32-bit
                            // words): ToInt32 inline.
                            _ => match (a.as_number(), bb.as_number()) {
                                (Some(x), Some(y)) => $fast(
                                    crate::ops::conversion::f64_to_int32(x),
                                    crate::ops::conversion::f64_to_int32(y),
                                ),
                                _ => t!(self.op_binary($op, a, bb)),
                            },
                        };
                        set!(d, v);
                    }};
                }
                macro_rules! arith {
                    ($b:expr, $op:expr, $int:expr, $f:expr) => {
                        arith!(@slow $b, |vm: &mut Vm, a, b| vm.op_binary($op, a, b), $int, $f)
                    };
                    (@slow $b:expr, $slow:expr, $int:expr, $f:expr) => {{
                        let d = r!();
                        let a = get!(r!());
                        let bb = $b;
                        let v = match (a.as_int(), bb.as_int()) {
                            (Some(x), Some(y)) => $int(x, y),
                            _ => match (a.as_number(), bb.as_number()) {
                                (Some(x), Some(y)) => Value::number($f(x, y)),
                                _ => t!($slow(self, a, bb)),
                            },
                        };
                        set!(d, v);
                    }};
                }
                macro_rules! compare {
                    ($rel:expr) => {{
                        let d = r!();
                        let a = get!(r!());
                        let bb = get!(r!());
                        let v = t!($rel.eval(self, a, bb));
                        set!(d, Value::bool(v));
                    }};
                }

                macro_rules! cmp_jump {
                    ($b:expr, $when:expr, $rel:expr) => {{
                        let a = get!(r!());
                        let bb = $b;
                        let target = k!() as usize;
                        if t!($rel.eval(self, a, bb)) == $when {
                            if target <= op_pc {
                                t!(self.back_edge());
                            }
                            pc = target;
                        }
                    }};
                }
                macro_rules! eq_jump {
                    ($when:expr, $eq:expr) => {{
                        let a = get!(r!());
                        let bb = get!(r!());
                        let target = k!() as usize;
                        let c = t!($eq(self, a, bb));
                        if c == $when {
                            if target <= op_pc {
                                t!(self.back_edge());
                            }
                            pc = target;
                        }
                    }};
                }
                match op {
                    Op::Nop => {}
                    Op::Mov => {
                        let d = r!();
                        let s = r!();
                        set!(d, get!(s));
                    }
                    Op::LoadConst => {
                        let d = r!();
                        let i = k!();
                        set!(d, konst!(i));
                    }
                    Op::LoadInt => {
                        let d = r!();
                        let i = k!() as i32;
                        set!(d, Value::int(i));
                    }
                    Op::LoadUndef => set!(r!(), Value::UNDEFINED),
                    Op::LoadNull => set!(r!(), Value::NULL),
                    Op::LoadTrue => set!(r!(), Value::TRUE),
                    Op::LoadFalse => set!(r!(), Value::FALSE),
                    Op::LoadUninit => set!(r!(), Value::UNINIT),
                    Op::LoadGlobalObject => {
                        let g = self.realm.global_this;
                        set!(r!(), g)
                    }
                    Op::Add => arith!(
                        @slow reg!(),
                        |vm: &mut Vm, a, b| vm.op_add(a, b),
                        numeric::add_int,
                        |x: f64, y: f64| x + y
                    ),
                    Op::AddI => arith!(
                        @slow imm!(),
                        |vm: &mut Vm, a, b| vm.op_add(a, b),
                        numeric::add_int,
                        |x: f64, y: f64| x + y
                    ),
                    Op::SubI => {
                        arith!(imm!(), BinOp::Sub, numeric::sub_int, |x: f64, y: f64| x - y)
                    }
                    Op::StrictEqK | Op::StrictNeK => {
                        let d = r!();
                        let a = get!(r!());
                        let bb = konst!(k!());
                        let eq = self.strict_equals(a, bb);
                        set!(d, Value::bool(eq == (op == Op::StrictEqK)));
                    }
                    Op::MulI => {
                        arith!(imm!(), BinOp::Mul, numeric::mul_int, |x: f64, y: f64| x * y)
                    }
                    Op::ModI => arith!(imm!(), BinOp::Mod, numeric::mod_int, numeric::js_fmod),
                    Op::BitAndI => binop!(imm!(), numeric::and_int, BinOp::BitAnd),
                    Op::BitOrI => binop!(imm!(), numeric::or_int, BinOp::BitOr),
                    Op::BitXorI => binop!(imm!(), numeric::xor_int, BinOp::BitXor),
                    Op::ShlI => binop!(imm!(), numeric::shl_int, BinOp::Shl),
                    Op::SarI => binop!(imm!(), numeric::sar_int, BinOp::Sar),
                    Op::ShrI => binop!(imm!(), numeric::shr_int, BinOp::Shr),
                    Op::JmpLt | Op::JmpNotLt => cmp_jump!(get!(r!()), op == Op::JmpLt, Rel::Lt),
                    Op::JmpGt | Op::JmpNotGt => cmp_jump!(get!(r!()), op == Op::JmpGt, Rel::Gt),
                    Op::JmpLe | Op::JmpNotLe => cmp_jump!(get!(r!()), op == Op::JmpLe, Rel::Le),
                    Op::JmpGe | Op::JmpNotGe => cmp_jump!(get!(r!()), op == Op::JmpGe, Rel::Ge),
                    Op::JmpLtK | Op::JmpNotLtK => {
                        cmp_jump!(konst!(k!()), op == Op::JmpLtK, Rel::Lt)
                    }
                    Op::JmpGtK | Op::JmpNotGtK => {
                        cmp_jump!(konst!(k!()), op == Op::JmpGtK, Rel::Gt)
                    }
                    Op::JmpLeK | Op::JmpNotLeK => {
                        cmp_jump!(konst!(k!()), op == Op::JmpLeK, Rel::Le)
                    }
                    Op::JmpGeK | Op::JmpNotGeK => {
                        cmp_jump!(konst!(k!()), op == Op::JmpGeK, Rel::Ge)
                    }
                    Op::JmpStrictEqK | Op::JmpStrictNeK => {
                        let a = get!(r!());
                        let bb = konst!(k!());
                        let target = k!() as usize;
                        if self.strict_equals(a, bb) == (op == Op::JmpStrictEqK) {
                            if target <= op_pc {
                                t!(self.back_edge());
                            }
                            pc = target;
                        }
                    }
                    Op::JmpEq | Op::JmpNe => {
                        eq_jump!(op == Op::JmpEq, |vm: &mut Vm, a: Value, bb: Value| {
                            if a == bb && !a.is_double() {
                                Ok(true)
                            } else if a.is_nullish() || bb.is_nullish() {
                                // null/undefined equal only each other.
                                Ok(a.is_nullish() && bb.is_nullish())
                            } else {
                                vm.loose_equals(a, bb)
                            }
                        })
                    }
                    Op::JmpStrictEq | Op::JmpStrictNe => eq_jump!(
                        op == Op::JmpStrictEq,
                        |vm: &mut Vm, a, bb| JsResult::Ok(vm.strict_equals(a, bb))
                    ),
                    Op::Sub => arith!(reg!(), BinOp::Sub, numeric::sub_int, |x: f64, y: f64| x - y),
                    Op::Mul => arith!(reg!(), BinOp::Mul, numeric::mul_int, |x: f64, y: f64| x * y),
                    Op::Div => arith!(
                        reg!(),
                        BinOp::Div,
                        |x: i32, y: i32| Value::number(x as f64 / y as f64),
                        |x: f64, y: f64| x / y
                    ),
                    Op::Mod => arith!(reg!(), BinOp::Mod, numeric::mod_int, numeric::js_fmod),
                    Op::Exp => arith!(
                        reg!(),
                        BinOp::Exp,
                        |x: i32, y: i32| Value::number(crate::ops::operators::js_pow(
                            x as f64, y as f64
                        )),
                        crate::ops::operators::js_pow
                    ),
                    Op::BitAnd => binop!(reg!(), numeric::and_int, BinOp::BitAnd),
                    Op::BitOr => binop!(reg!(), numeric::or_int, BinOp::BitOr),
                    Op::BitXor => binop!(reg!(), numeric::xor_int, BinOp::BitXor),
                    Op::Shl => binop!(reg!(), numeric::shl_int, BinOp::Shl),
                    Op::Sar => binop!(reg!(), numeric::sar_int, BinOp::Sar),
                    Op::Shr => binop!(reg!(), numeric::shr_int, BinOp::Shr),
                    Op::Eq => {
                        let d = r!();
                        let a = get!(r!());
                        let bb = get!(r!());
                        let v = if a == bb && !a.is_double() {
                            true
                        } else if a.is_nullish() || bb.is_nullish() {
                            // null/undefined equal only each other.
                            a.is_nullish() && bb.is_nullish()
                        } else {
                            t!(self.loose_equals(a, bb))
                        };
                        set!(d, Value::bool(v));
                    }
                    Op::Ne => {
                        let d = r!();
                        let a = get!(r!());
                        let bb = get!(r!());
                        let v = if a == bb && !a.is_double() {
                            true
                        } else if a.is_nullish() || bb.is_nullish() {
                            // null/undefined equal only each other.
                            a.is_nullish() && bb.is_nullish()
                        } else {
                            t!(self.loose_equals(a, bb))
                        };
                        set!(d, Value::bool(!v));
                    }
                    Op::StrictEq => {
                        let d = r!();
                        let a = get!(r!());
                        let bb = get!(r!());
                        set!(d, Value::bool(self.strict_equals(a, bb)));
                    }
                    Op::StrictNe => {
                        let d = r!();
                        let a = get!(r!());
                        let bb = get!(r!());
                        set!(d, Value::bool(!self.strict_equals(a, bb)));
                    }
                    Op::Lt => compare!(Rel::Lt),
                    Op::Gt => compare!(Rel::Gt),
                    Op::Le => compare!(Rel::Le),
                    Op::Ge => compare!(Rel::Ge),
                    Op::InstanceOf => {
                        let d = r!();
                        let a = get!(r!());
                        let bb = get!(r!());
                        let v = t!(self.instance_of(a, bb));
                        set!(d, Value::bool(v));
                    }
                    Op::In => {
                        let d = r!();
                        let a = get!(r!());
                        let bb = get!(r!());
                        let v = t!(self.op_in(a, bb));
                        set!(d, Value::bool(v));
                    }
                    Op::PrivateIn => {
                        let d = r!();
                        let name = get!(r!());
                        let obj = get!(r!());
                        let v = t!(self.private_in(name, obj));
                        set!(d, Value::bool(v));
                    }
                    Op::Neg => {
                        let d = r!();
                        let a = get!(r!());
                        let v = match a.as_int() {
                            Some(x) if x != 0 && x != i32::MIN => Value::int(-x),
                            _ => t!(self.op_neg(a)),
                        };
                        set!(d, v);
                    }
                    Op::ToNumber => {
                        let d = r!();
                        let a = get!(r!());
                        let v = if a.is_number() {
                            a
                        } else {
                            Value::number(t!(self.to_number(a)))
                        };
                        set!(d, v);
                    }
                    Op::ToNumeric => {
                        let d = r!();
                        let a = get!(r!());
                        let v = if a.is_number() {
                            a
                        } else {
                            t!(self.to_numeric(a))
                        };
                        set!(d, v);
                    }
                    Op::Not => {
                        let d = r!();
                        let a = get!(r!());
                        set!(d, Value::bool(!self.to_boolean(a)));
                    }
                    Op::BitNot => {
                        let d = r!();
                        let a = get!(r!());
                        let v = match a.as_int() {
                            Some(x) => Value::int(!x),
                            None => t!(self.op_bitnot(a)),
                        };
                        set!(d, v);
                    }
                    Op::TypeOf => {
                        let d = r!();
                        let a = get!(r!());
                        let v = self.type_of(a);
                        set!(d, v);
                    }
                    Op::Inc | Op::Dec => {
                        let d = r!();
                        let a = get!(r!());
                        let delta = if op == Op::Inc { 1 } else { -1 };
                        let v = match a.as_int().and_then(|x| x.checked_add(delta)) {
                            Some(x) => Value::int(x),
                            None => t!(self.op_inc(a, delta)),
                        };
                        set!(d, v);
                    }
                    Op::ToPropertyKey => {
                        let d = r!();
                        let a = get!(r!());
                        let v = if a.is_string() || a.is_symbol() || a.is_int() {
                            a
                        } else {
                            let k = t!(self.to_property_key(a));
                            self.key_to_value(k)
                        };
                        set!(d, v);
                    }
                    Op::ToStr => {
                        let d = r!();
                        let a = get!(r!());
                        let v = if a.is_string() {
                            a
                        } else {
                            Value::string(t!(self.to_string(a)))
                        };
                        set!(d, v);
                    }
                    Op::ToObject => {
                        let d = r!();
                        let a = get!(r!());
                        let v = Value::object(t!(self.to_object(a)));
                        set!(d, v);
                    }
                    Op::Jmp => {
                        let target = k!() as usize;
                        if target <= op_pc {
                            t!(self.back_edge());
                        }
                        pc = target;
                    }
                    Op::JmpTrue | Op::JmpFalse => {
                        let c = get!(r!());
                        let target = k!() as usize;
                        let truthy = match c.as_bool() {
                            Some(b) => b,
                            None => self.to_boolean(c),
                        };
                        if truthy == (op == Op::JmpTrue) {
                            if target <= op_pc {
                                t!(self.back_edge());
                            }
                            pc = target;
                        }
                    }
                    Op::JmpNullish | Op::JmpNotNullish => {
                        let c = get!(r!());
                        let target = k!() as usize;
                        if c.is_nullish() == (op == Op::JmpNullish) {
                            pc = target;
                        }
                    }
                    Op::JmpUndefined | Op::JmpNotUndefined => {
                        let c = get!(r!());
                        let target = k!() as usize;
                        if c.is_undefined() == (op == Op::JmpUndefined) {
                            pc = target;
                        }
                    }
                    Op::Ret => {
                        let v = get!(r!());
                        flow!(self.do_return(v, stop_depth));
                    }
                    Op::RetUndef => flow!(self.do_return(Value::UNDEFINED, stop_depth)),
                    Op::Throw => {
                        let v = get!(r!());
                        self.frames[fi].pc = op_pc;
                        return Err(Exception::Throw(v));
                    }
                    Op::ThrowError => {
                        let kind = b!();
                        let msg = konst!(k!());
                        let text = msg
                            .as_string()
                            .map(|s| s.to_rust_string())
                            .unwrap_or_default();
                        let kind = match kind {
                            0 => ErrorKind::TypeError,
                            1 => ErrorKind::ReferenceError,
                            2 => ErrorKind::SyntaxError,
                            _ => ErrorKind::RangeError,
                        };
                        self.frames[fi].pc = op_pc;
                        return Err(self.error(kind, &text));
                    }
                    Op::Debugger => {}
                    Op::PushEnv => {
                        let n = r!();
                        let names = konst!(k!());
                        let parent = self.frames[fi].env;
                        // SAFETY: the compiler stores ScopeNames cells (or
                        // undefined) in PushEnv's constant.
                        let names = if names.is_cell() {
                            Some(unsafe { names.as_cell() })
                        } else {
                            None
                        };
                        let env = self.heap.alloc(Env {
                            parent,
                            slots: RefCell::new(smallvec::smallvec![Value::UNDEFINED; n]),
                            kind: EnvKind::Declarative,
                            names,
                            dynamic: RefCell::new(Vec::new()),
                        });
                        self.frames[fi].env = Some(env);
                    }
                    Op::PopEnv => {
                        let e = self.frames[fi].env;
                        self.frames[fi].env = e.and_then(|e| e.parent);
                    }
                    Op::CopyEnv => {
                        if let Some(e) = self.frames[fi].env {
                            let copy = self.heap.alloc(Env {
                                parent: e.parent,
                                slots: RefCell::new(e.slots.borrow().clone()),
                                kind: EnvKind::Declarative,
                                names: e.names,
                                dynamic: RefCell::new(Vec::new()),
                            });
                            self.frames[fi].env = Some(copy);
                        }
                    }
                    Op::SaveEnv => {
                        let d = r!();
                        let v = self.frames[fi].env.map_or(Value::UNDEFINED, Value::cell);
                        set!(d, v);
                    }
                    Op::RestoreEnv => {
                        let v = get!(r!());
                        // SAFETY: SaveEnv put an Env cell (or undefined) here.
                        self.frames[fi].env = if v.is_cell() {
                            Some(unsafe { v.as_cell() })
                        } else {
                            None
                        };
                    }
                    Op::GetEnv => {
                        let d = r!();
                        let hops = r!() as u32;
                        let slot = r!() as u32;
                        let v = match self.frames[fi].env {
                            Some(e) => Env::ancestor(e, hops).get(slot),
                            None => Value::UNDEFINED,
                        };
                        set!(d, v);
                    }
                    Op::SetEnv => {
                        let hops = r!() as u32;
                        let slot = r!() as u32;
                        let v = get!(r!());
                        if let Some(e) = self.frames[fi].env {
                            Env::ancestor(e, hops).set(slot, v);
                        }
                    }
                    Op::GetEnvChecked => {
                        let d = r!();
                        let hops = r!() as u32;
                        let slot = r!() as u32;
                        let name = konst!(k!());
                        let v = match self.frames[fi].env {
                            Some(e) => Env::ancestor(e, hops).get(slot),
                            None => Value::UNDEFINED,
                        };
                        if v.is_uninit() {
                            t!(Err(self.tdz_error(name)));
                        }
                        set!(d, v);
                    }
                    Op::SetEnvChecked => {
                        let hops = r!() as u32;
                        let slot = r!() as u32;
                        let v = get!(r!());
                        let name = konst!(k!());
                        if let Some(e) = self.frames[fi].env {
                            let e = Env::ancestor(e, hops);
                            if e.get(slot).is_uninit() {
                                t!(Err(self.tdz_error(name)));
                            }
                            e.set(slot, v);
                        }
                    }
                    Op::CheckTdz => {
                        let v = get!(r!());
                        let name = konst!(k!());
                        if v.is_uninit() {
                            t!(Err(self.tdz_error(name)));
                        }
                    }
                    Op::PushWith => {
                        let o = get!(r!());
                        let obj = t!(self.to_object(o));
                        let parent = self.frames[fi].env;
                        let env = self.heap.alloc(Env {
                            parent,
                            slots: RefCell::new(Default::default()),
                            kind: EnvKind::With(obj),
                            names: None,
                            dynamic: RefCell::new(Vec::new()),
                        });
                        self.frames[fi].env = Some(env);
                    }
                    Op::GetGlobal => {
                        let d = r!();
                        let name = konst!(k!());
                        let v = t!(self.get_global(name, false));
                        set!(d, v);
                    }
                    Op::TypeofGlobal => {
                        let d = r!();
                        let name = konst!(k!());
                        let v = t!(self.get_global(name, true));
                        let ty = self.type_of(v);
                        set!(d, ty);
                    }
                    Op::SetGlobal => {
                        let name = konst!(k!());
                        let v = get!(r!());
                        match b!() {
                            2 => t!(self.annex_b_set_global(name, v)),
                            mode => t!(self.set_global(name, v, mode != 0)),
                        }
                    }
                    Op::InitGlobalLexical => {
                        let name = konst!(k!());
                        let v = get!(r!());
                        self.init_global_lexical(name, v);
                    }
                    Op::DeclareGlobals => {
                        let _ = k!();
                        t!(self.declare_globals(code));
                    }
                    Op::GetName | Op::TypeofName => {
                        let d = r!();
                        let name = konst!(k!());
                        let env = self.frames[fi].env;
                        let v = t!(self.get_name(env, name, op == Op::TypeofName));
                        let v = if op == Op::TypeofName {
                            self.type_of(v.0)
                        } else {
                            v.0
                        };
                        set!(d, v);
                    }
                    Op::GetNameForCall => {
                        let d = r!();
                        let name = konst!(k!());
                        let env = self.frames[fi].env;
                        let (v, this) = t!(self.get_name(env, name, false));
                        set!(d, v);
                        setc!(d + 1, this);
                    }
                    Op::SetName => {
                        let name = konst!(k!());
                        let v = get!(r!());
                        let strict = b!() != 0;
                        let env = self.frames[fi].env;
                        t!(self.set_name(env, name, v, strict));
                    }
                    Op::DeleteName => {
                        let d = r!();
                        let name = konst!(k!());
                        let env = self.frames[fi].env;
                        let v = t!(self.delete_name(env, name));
                        set!(d, Value::bool(v));
                    }
                    Op::DeclareEvalVar => {
                        let name = konst!(k!());
                        let env = self.frames[fi].env;
                        t!(self.declare_eval_var(env, name, None));
                    }
                    Op::DeclareEvalAnnexB => {
                        let d = r!();
                        let name = konst!(k!());
                        let env = self.frames[fi].env;
                        let ok = t!(self.declare_eval_annex_b(env, name));
                        set!(d, Value::bool(ok));
                    }
                    Op::DeclareEvalFunction => {
                        let name = konst!(k!());
                        let f = get!(r!());
                        let env = self.frames[fi].env;
                        t!(self.declare_eval_var(env, name, Some(f)));
                    }
                    Op::GetProp => {
                        let d = r!();
                        let obj = get!(r!());
                        let name = konst!(k!());
                        let ic = r!();
                        let v = t!(self.get_prop_ic(code, ic, obj, name));
                        set!(d, v);
                    }
                    Op::GetMethod => {
                        let d = r!();
                        let obj = get!(r!());
                        let name = konst!(k!());
                        let ic = r!();
                        let v = t!(self.get_prop_ic(code, ic, obj, name));
                        set!(d, v);
                        setc!(d + 1, obj);
                    }
                    Op::SetProp => {
                        let obj = get!(r!());
                        let name = konst!(k!());
                        let v = get!(r!());
                        let ic = r!();
                        t!(self.set_prop_ic(code, ic, obj, name, v));
                    }
                    Op::GetElem => {
                        let d = r!();
                        let obj = get!(r!());
                        let key = get!(r!());
                        let v = t!(self.get_elem(obj, key));
                        set!(d, v);
                    }
                    Op::SetElem => {
                        let obj = get!(r!());
                        let key = get!(r!());
                        let v = get!(r!());
                        t!(self.set_elem(obj, key, v, code.flags.strict));
                    }
                    Op::DeleteProp => {
                        let d = r!();
                        let obj = get!(r!());
                        let key = get!(r!());
                        let v = t!(self.delete_prop(obj, key, code.flags.strict));
                        set!(d, Value::bool(v));
                    }
                    Op::GetSuper => {
                        let d = r!();
                        let key = get!(r!());
                        let this = get!(r!());
                        let v = t!(self.get_super(fi, key, this));
                        set!(d, v);
                    }
                    Op::SetSuper => {
                        let key = get!(r!());
                        let v = get!(r!());
                        let this = get!(r!());
                        t!(self.set_super(fi, key, v, this));
                    }
                    Op::GetPrivate => {
                        let d = r!();
                        let obj = get!(r!());
                        let name = get!(r!());
                        let v = t!(self.get_private(obj, name));
                        set!(d, v);
                    }
                    Op::SetPrivate => {
                        let obj = get!(r!());
                        let name = get!(r!());
                        let v = get!(r!());
                        t!(self.set_private(obj, name, v));
                    }
                    Op::DefinePrivate => {
                        let obj = get!(r!());
                        let name = get!(r!());
                        let v = get!(r!());
                        t!(self.define_private(obj, name, v));
                    }
                    Op::DefineField => {
                        let obj = get!(r!());
                        let key = get!(r!());
                        let v = get!(r!());
                        t!(self.define_field(obj, key, v));
                    }
                    Op::DefineNamed => {
                        let obj = get!(r!());
                        let name = konst!(k!());
                        let v = get!(r!());
                        t!(self.define_field(obj, name, v));
                    }
                    Op::DefineMethod => {
                        let obj = get!(r!());
                        let key = get!(r!());
                        let f = get!(r!());
                        let flags = b!();
                        t!(self.define_method(obj, key, f, flags));
                    }
                    Op::SetFunctionName => {
                        let f = get!(r!());
                        let key = get!(r!());
                        let prefix = b!();
                        t!(self.set_function_name_op(f, key, prefix));
                    }
                    Op::SetHomeObject => {
                        let f = get!(r!());
                        let home = get!(r!());
                        self.set_home_object(f, home);
                    }
                    Op::SetProtoLiteral => {
                        let o = get!(r!());
                        let v = get!(r!());
                        if let Some(obj) = o.as_object() {
                            if v.is_object() || v.is_null() {
                                t!(self.set_prototype_of(obj, v.as_object()));
                            }
                        }
                    }
                    Op::ThrowIfInit => {
                        let v = get!(r!());
                        if !v.is_uninit() {
                            t!(Err(self.reference_error(
                                "Super constructor may only be called once"
                            )));
                        }
                    }
                    Op::Call => {
                        let d = r!();
                        let b = r!();
                        let argc = r!();
                        flow!(self.op_call(fi, d as u16, base + b, argc, 0));
                    }
                    Op::CallUndef => {
                        let d = r!();
                        let b = r!();
                        let argc = r!();
                        setc!(b + 1, Value::UNDEFINED);
                        flow!(self.op_call(fi, d as u16, base + b, argc, 0));
                    }
                    Op::CallEval | Op::CallEvalParams => {
                        let d = r!();
                        let b = r!();
                        let argc = r!();
                        let mode = if op == Op::CallEval { 1 } else { 2 };
                        flow!(self.op_call(fi, d as u16, base + b, argc, mode));
                    }
                    Op::CallSpread => {
                        let d = r!();
                        let b = r!();
                        flow!(self.op_call_spread(fi, d as u16, base + b));
                    }
                    Op::New => {
                        let d = r!();
                        let b = r!();
                        let argc = r!();
                        flow!(self.op_new(fi, d as u16, base + b, argc));
                    }
                    Op::NewSpread => {
                        let d = r!();
                        let b = r!();
                        flow!(self.op_new_spread(fi, d as u16, base + b));
                    }
                    Op::SuperCall => {
                        let d = r!();
                        let b = r!();
                        let argc = r!();
                        flow!(self.op_super_call(d as u16, base + b, argc));
                    }
                    Op::SuperCallSpread => {
                        let d = r!();
                        let b = r!();
                        let arr = getc!(b + 2);
                        let args = t!(self.create_list_from_array_like(arr));
                        let func = get!(b);
                        let nt = getc!(b + 1);
                        let v = t!(self.super_call(func, nt, &args));
                        set!(d, v);
                    }
                    Op::GetNewTarget => {
                        let nt = self.frames[fi].new_target;
                        set!(r!(), nt)
                    }
                    Op::GetThisChecked => {
                        let d = r!();
                        let v = getc!(1);
                        if v.is_uninit() {
                            t!(Err(self.reference_error(
                                "Must call super constructor in derived class before accessing 'this' or returning from derived constructor"
                            )));
                        }
                        set!(d, v);
                    }
                    Op::GetArguments => {
                        let d = r!();
                        let mapping = konst!(k!());
                        let v = self.create_arguments_object(fi, mapping);
                        set!(d, v);
                    }
                    Op::GetRest => {
                        let d = r!();
                        let from = r!();
                        let v = self.create_rest_array(fi, from);
                        set!(d, v);
                    }
                    Op::NewObject => {
                        let o = self.new_object();
                        set!(r!(), Value::object(o))
                    }
                    Op::NewArray => {
                        let a = self.new_array(0);
                        set!(r!(), Value::object(a))
                    }
                    Op::ArrayPush => {
                        let arr = get!(r!());
                        let v = get!(r!());
                        self.array_push_literal(arr, v);
                    }
                    Op::ArrayPushHole => {
                        let arr = get!(r!());
                        self.array_push_literal(arr, Value::HOLE);
                    }
                    Op::ArraySpread => {
                        let arr = get!(r!());
                        let src = get!(r!());
                        t!(self.array_spread(arr, src));
                    }
                    Op::NewClosure => {
                        let d = r!();
                        let c = konst!(k!());
                        let env = self.frames[fi].env;
                        let f = self.new_closure(c, env);
                        self.inherit_home_object(fi, f);
                        set!(d, f);
                    }
                    Op::NewRegExp => {
                        let d = r!();
                        let p = konst!(k!());
                        let f = konst!(k!());
                        let v = t!(crate::builtins::regexp_create(self, p, f));
                        set!(d, v);
                    }
                    Op::CopyDataProps => {
                        let d = r!();
                        let src = get!(r!());
                        let excl = r!();
                        let n = r!();
                        let dst = get!(d);
                        let excluded: Vec<Value> =
                            self.stack[base + excl..base + excl + n].to_vec();
                        t!(self.copy_data_properties(dst, src, &excluded));
                    }
                    Op::GetTemplateObject => {
                        let d = r!();
                        let i = k!();
                        let v = self.get_template_object(code, i);
                        set!(d, v);
                    }
                    Op::CreateClass => {
                        let d = r!();
                        let c = konst!(k!());
                        let parent = r!();
                        let flags = b!();
                        let env = self.frames[fi].env;
                        let parent_v = get!(parent);
                        let (ctor, proto) = t!(self.create_class(c, env, parent_v, flags));
                        set!(d, ctor);
                        setc!(d + 1, proto);
                    }
                    Op::InitClassFields => {
                        let ctor = get!(r!());
                        let fields = get!(r!());
                        self.init_class_fields(ctor, fields);
                    }
                    Op::InitInstanceElements => {
                        let ctor = get!(r!());
                        let this = get!(r!());
                        if let Some(c) = ctor.as_object() {
                            t!(self.initialize_instance_elements(this, c));
                        }
                    }
                    Op::NewPrivateName => {
                        let d = r!();
                        let desc = konst!(k!());
                        let v = self.new_private_name(desc);
                        set!(d, v);
                    }
                    Op::GetIterator | Op::GetAsyncIterator => {
                        let d = r!();
                        let obj = get!(r!());
                        let (it, next) = t!(if op == Op::GetIterator {
                            self.get_iterator(obj)
                        } else {
                            self.get_async_iterator(obj)
                        });
                        set!(d, it);
                        setc!(d + 1, next);
                    }
                    Op::IterNext => {
                        let d = r!();
                        let it = r!();
                        let target = k!() as usize;
                        let iter = get!(it);
                        let next = getc!(it + 1);
                        match t!(self.iterator_step_value(iter, next)) {
                            Some(v) => set!(d, v),
                            None => pc = target,
                        }
                    }
                    Op::IterClose => {
                        let it = get!(r!());
                        t!(self.iterator_close(it));
                    }
                    Op::IterCloseQuiet => {
                        let it = get!(r!());
                        self.iterator_close_on_throw(it);
                    }
                    Op::RequireObjectCoercible => {
                        let v = get!(r!());
                        if v.is_nullish() {
                            let d = self.debug_str(v);
                            t!(Err(self.type_error(&format!(
                                "Cannot destructure '{d}' as it is {d}."
                            ))));
                        }
                    }
                    Op::IterCall => {
                        let d = r!();
                        let it = r!();
                        let iter = get!(it);
                        let next = getc!(it + 1);
                        let r = t!(self.call(next, iter, &[]));
                        set!(d, r);
                    }
                    Op::IterResultUnwrap => {
                        let d = r!();
                        let done = r!();
                        let res = get!(r!());
                        let Some(o) = res.as_object() else {
                            t!(Err(self.type_error("Iterator result is not an object")));
                            unreachable_flow();
                            continue;
                        };
                        let dk = self.names.done;
                        let dv = t!(self.get_prop(o, dk));
                        let is_done = self.to_boolean(dv);
                        set!(done, Value::bool(is_done));
                        let vk = self.names.value;
                        let v = t!(self.get_prop(o, vk));
                        set!(d, v);
                    }
                    Op::ForInPrepare => {
                        let d = r!();
                        let obj = get!(r!());
                        let v = t!(self.for_in_prepare(obj));
                        set!(d, v);
                    }
                    Op::ForInNext => {
                        let d = r!();
                        let it = get!(r!());
                        let target = k!() as usize;
                        match t!(self.for_in_next(it)) {
                            Some(v) => set!(d, v),
                            None => pc = target,
                        }
                    }
                    Op::GeneratorStart => {
                        flow!(self.generator_start(stop_depth));
                    }
                    Op::Yield | Op::Await | Op::YieldDelegate => {
                        let d = r!();
                        let v = get!(r!());
                        flow!(self.suspend(op, d as u16, v, stop_depth));
                    }
                    Op::ResumeKind => {
                        let d = r!();
                        let k = self.frames[fi].resume_kind;
                        set!(d, Value::int(k as i32));
                    }
                    Op::AsyncReturn => {
                        let v = get!(r!());
                        flow!(self.async_return(v, stop_depth));
                    }
                    Op::FinallyDispatch => {
                        let kind = get!(r!());
                        let val = get!(r!());
                        let table = konst!(k!());
                        match kind.as_int() {
                            Some(0) | None => {}
                            Some(1) => {
                                self.frames[fi].pc = op_pc;
                                return Err(Exception::Throw(val));
                            }
                            Some(2) => {
                                flow!(self.do_return(val, stop_depth));
                            }
                            Some(n) => {
                                // Jump n-3 of the table (break/continue targets).
                                let target = self.finally_jump_target(table, n - 3);
                                pc = target;
                            }
                        }
                    }
                    Op::ImportMeta => {
                        let d = r!();
                        let m = konst!(k!());
                        let v = t!(self.import_meta(m));
                        set!(d, v);
                    }
                    Op::GetImport => {
                        let d = r!();
                        let m = konst!(k!());
                        let idx = r!() as u32;
                        let name = konst!(k!());
                        let v = t!(self.read_import(m, idx, name));
                        set!(d, v);
                    }
                    Op::ImportCall => {
                        let d = r!();
                        let spec = get!(r!());
                        let opts = get!(r!());
                        let v = t!(self.import_call(fi, spec, opts));
                        set!(d, v);
                    }
                    Op::RequireObject => {
                        let v = get!(r!());
                        if !v.is_object() {
                            t!(Err::<(), _>(
                                self.type_error("Iterator result is not an object")
                            ));
                        }
                    }
                }
            }
        }
    }

    /// Back-edge bookkeeping: limits and the GC safepoint.
    #[inline]
    fn back_edge(&mut self) -> JsResult<()> {
        self.safepoint()
    }

    pub(crate) fn internal_error(&mut self, what: &str) -> Exception {
        self.error(ErrorKind::Error, &format!("internal error: {what}"))
    }

    fn tdz_error(&mut self, name: Value) -> Exception {
        let n = name
            .as_string()
            .map(|s| s.to_rust_string())
            .unwrap_or_default();
        self.reference_error(&format!("Cannot access '{n}' before initialization"))
    }

    fn finally_jump_target(&self, table: Value, i: i32) -> usize {
        // The table is an array object of jump targets, built by the compiler.
        table
            .as_object()
            .and_then(|o| o.dense_get(i as u32))
            .and_then(|v| v.as_int())
            .unwrap_or(0) as usize
    }
}

#[inline]
fn unreachable_flow() {}
