//! Call frames. A frame's registers live in the VM's register stack at
//! `base..base + code.nregs`: r0 holds the callee, r1 `this`, r2.. the
//! parameters, then locals and temporaries. The JIT keeps the same layout.

use crate::bytecode::Code;
use crate::env::Env;
use crate::gc::{Gc, Trace, Tracer};
use crate::realm::Realm;
use crate::value::Value;

pub struct Frame {
    pub code: Gc<Code>,
    /// Offset of the next instruction (or of the faulting one while unwinding).
    pub pc: usize,
    pub base: usize,
    pub env: Option<Gc<Env>>,
    pub new_target: Value,
    /// Arguments beyond the formal parameters (for `arguments` and rest).
    pub extra_args: Vec<Value>,
    pub argc: usize,
    /// Register in the caller that receives the result; None when the
    /// caller is Rust code (the run loop returns instead).
    pub ret_dst: Option<u16>,
    /// A [[Construct]] call: a non-object result is replaced by `this`.
    pub construct: bool,
    /// The generator or async-function object this frame runs for.
    pub generator: Value,
    /// The realm to restore when this frame returns.
    pub caller_realm: Gc<Realm>,
    /// How a suspended generator was resumed: 0 next, 1 throw, 2 return.
    pub resume_kind: u8,
}

impl Trace for Frame {
    fn trace(&self, t: &mut Tracer) {
        t.mark(self.code);
        self.env.trace(t);
        t.mark_value(self.new_target);
        t.mark_values(&self.extra_args);
        t.mark_value(self.generator);
        t.mark(self.caller_realm);
    }
}

/// A suspended generator / async frame, saved off the register stack.
pub struct SavedFrame {
    pub code: Gc<Code>,
    pub pc: usize,
    pub env: Option<Gc<Env>>,
    pub new_target: Value,
    pub extra_args: Vec<Value>,
    pub argc: usize,
    pub regs: Vec<Value>,
}

impl Trace for SavedFrame {
    fn trace(&self, t: &mut Tracer) {
        t.mark(self.code);
        self.env.trace(t);
        t.mark_value(self.new_target);
        t.mark_values(&self.extra_args);
        t.mark_values(&self.regs);
    }
}
