//! The bytecode compiler: oxc AST → `Code`.
//!
//! Split by syntax: `scope.rs` (bindings, environments, name resolution),
//! `stmt.rs` (statements and control flow), `expr.rs` (expressions),
//! `pattern.rs` (destructuring and assignment targets), `func.rs`
//! (functions, classes, scripts, eval), `analysis.rs` (the capture pre-pass).
//! The parser is reached only through `parse.rs`.

mod analysis;
mod cond;
pub(crate) mod depth;
mod emit;
mod expr;
mod func;
mod module;
pub mod parse;
mod pattern;
mod scope;
mod stmt;

pub use func::{compile_dynamic_function, compile_eval, compile_script, DynamicKind};
pub use module::compile_module;

use crate::bytecode::Source;
use crate::bytecode::{CodeFlags, GlobalDecl, Handler, Op, PropIc};
use crate::gc::Gc;
use crate::value::Value;
use crate::vm::Vm;
use analysis::{Analysis, FunctionInfo};
use rustc_hash::FxHashMap;
use scope::Scope;

pub(crate) type Reg = u16;

/// What kind of code a function state compiles.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(crate) enum FnKind {
    Script,
    Eval,
    Module,
    Normal,
    Arrow,
    Method,
    BaseConstructor,
    DerivedConstructor,
    /// A class field initialiser or static block (a method with no params).
    FieldInit,
}

/// A pending jump to be patched once its target is known.
type Patch = usize;

pub(crate) enum JumpKind {
    /// `async_iter`: `iter` is a for-await iterator, closed with
    /// AsyncIteratorClose (its `return` result is awaited).
    Loop {
        continue_target: Option<usize>,
        continue_patches: Vec<Patch>,
        iter: Option<Reg>,
        async_iter: bool,
    },
    Switch,
    Block,
    Finally {
        kind: Reg,
        val: Reg,
        pending: Vec<PendingJump>,
    },
    /// Leaving this context must close an iterator unless the `done`
    /// register is true (array destructuring: a `return` resumption of a
    /// `yield` inside the pattern closes the iterator being destructured).
    IterClose {
        iter: Reg,
        done: Reg,
    },
}

pub(crate) struct JumpCtx {
    pub labels: Vec<String>,
    pub kind: JumpKind,
    pub break_patches: Vec<Patch>,
    /// Environment level at the context's start.
    pub env_level: u32,
}

/// A break/continue/return that has to run a finally block first.
pub(crate) struct PendingJump {
    pub index: i32,
    pub what: PendingWhat,
}

#[derive(Clone)]
pub(crate) enum PendingWhat {
    Break(usize),
    Continue(usize),
    Return,
}

pub(crate) struct FnState {
    pub kind: FnKind,
    pub bytes: Vec<u8>,
    pub consts: Vec<Value>,
    pub const_strings: FxHashMap<String, u32>,
    pub handlers: Vec<Handler>,
    pub positions: Vec<(u32, u32)>,
    pub ics: u16,
    pub flags: CodeFlags,
    pub nparams: u32,
    pub length: u32,
    pub next_reg: u32,
    pub max_reg: u32,
    pub scopes: Vec<Scope>,
    pub env_level: u32,
    pub jumps: Vec<JumpCtx>,
    pub info: FunctionInfo,
    /// Every binding goes into a named environment (eval/with inside).
    pub named_envs: bool,
    /// Identifier references resolve at run time (sloppy direct eval in
    /// this or an enclosing function).
    pub dynamic_refs: bool,
    /// Depth of `with` statements around the code being compiled.
    pub with_depth: u32,
    pub completion: Option<Reg>,
    pub global_decls: Vec<GlobalDecl>,
    /// Some operand did not fit its 16 bits (see `emit`).
    pub operand_overflow: bool,
    /// The script's global let/const/class names (`global_decls` of those
    /// kinds, as a set for lookups).
    pub global_lexical: rustc_hash::FxHashSet<String>,
    pub name: Value,
    pub span: (u32, u32),
    pub pending_labels: Vec<String>,
    /// Names that must live in the environment even if no closure uses
    /// them (parameters aliased by a mapped `arguments` object).
    pub force_capture: Vec<String>,
    /// Annex B.3.3: the span starts of this code's block-level function
    /// declarations that also assign to a var-scoped binding when evaluated.
    pub annex_b_fns: Vec<u32>,
    /// Sloppy eval code: per Annex B name, the register holding whether
    /// EvalDeclarationInstantiation declared it (decided at run time).
    pub annex_b_flags: Vec<(String, Reg)>,
    /// Compiling a (non-arrow) function's parameter initialisers.
    pub in_params: bool,
    /// The source span the next function compiled inside this one reports
    /// to Function.prototype.toString (methods: from the key or modifier;
    /// class constructors: the whole class).
    pub child_span: Option<(u32, u32)>,
}

impl FnState {
    pub(crate) fn new(kind: FnKind, info: FunctionInfo, base_env_level: u32) -> FnState {
        FnState {
            kind,
            bytes: Vec::new(),
            consts: Vec::new(),
            const_strings: FxHashMap::default(),
            handlers: Vec::new(),
            positions: Vec::new(),
            ics: 0,
            flags: CodeFlags::default(),
            nparams: 0,
            length: 0,
            next_reg: 2,
            max_reg: 2,
            scopes: Vec::new(),
            env_level: base_env_level,
            jumps: Vec::new(),
            named_envs: info.contains_dynamic,
            info,
            dynamic_refs: false,
            with_depth: 0,
            completion: None,
            global_decls: Vec::new(),
            operand_overflow: false,
            global_lexical: Default::default(),
            name: Value::UNDEFINED,
            span: (0, 0),
            pending_labels: Vec::new(),
            force_capture: Vec::new(),
            annex_b_fns: Vec::new(),
            annex_b_flags: Vec::new(),
            in_params: false,
            child_span: None,
        }
    }
}

/// A compile error: message and source offset (reported as SyntaxError).
#[derive(Debug, Clone)]
pub struct CompileError {
    pub message: String,
    pub offset: u32,
}

pub(crate) type CResult<T> = Result<T, CompileError>;

pub(crate) struct Compiler<'v> {
    pub vm: &'v mut Vm,
    pub source: Gc<Source>,
    pub analysis: Analysis,
    pub fns: Vec<FnState>,
    /// Module code: the module record (a cell value) and the names of its
    /// imports (for TDZ messages).
    pub module_record: Option<Value>,
    pub import_names: Vec<String>,
}

/// Stack the compiler needs free: parsing, checking and compiling run on
/// a segment of this size when the current thread has less left (eval deep
/// in a recursion, a thread with a small stack). Only the pages touched are
/// mapped in. `depth::MAX_PARSE_DEPTH` and `depth::MAX_TREE_DEPTH` were
/// measured to fit in it.
const COMPILE_STACK: usize = 192 << 20;

/// Stack kept free below the compiler's own recursion: its frames stop
/// with an error when less than this is left.
const COMPILE_RED_ZONE: usize = 1 << 20;

/// Run `f` (a parse and compile) with at least `COMPILE_STACK` of stack.
pub(crate) fn on_compile_stack<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(COMPILE_STACK, COMPILE_STACK, f)
}

impl<'v> Compiler<'v> {
    #[inline]
    pub(crate) fn f(&mut self) -> &mut FnState {
        // The compiler always has a current function while compiling.
        let n = self.fns.len();
        &mut self.fns[n - 1]
    }
    #[inline]
    pub(crate) fn fr(&self) -> &FnState {
        &self.fns[self.fns.len() - 1]
    }

    pub(crate) fn err<T>(&self, message: impl Into<String>, offset: u32) -> CResult<T> {
        Err(CompileError {
            message: message.into(),
            offset,
        })
    }

    /// Called on entry to each recursive step of the compiler: input
    /// nested deeper than the stack allows ends in an error, not an
    /// overflow.
    pub(crate) fn stack_guard(&mut self, offset: u32) -> CResult<()> {
        if stacker::remaining_stack().is_some_and(|left| left < COMPILE_RED_ZONE) {
            return self.err(
                "Maximum call stack size exceeded (code nested too deeply)",
                offset,
            );
        }
        Ok(())
    }

    // ---- registers ----

    pub(crate) fn alloc(&mut self) -> Reg {
        self.alloc_n(1)
    }
    pub(crate) fn alloc_n(&mut self, n: u32) -> Reg {
        let f = self.f();
        let r = f.next_reg;
        f.next_reg += n;
        if f.next_reg > f.max_reg {
            f.max_reg = f.next_reg;
        }
        r.min(u16::MAX as u32) as Reg
    }
    /// Free registers down to `r` (LIFO).
    pub(crate) fn free_to(&mut self, r: Reg) {
        let f = self.f();
        if (r as u32) < f.next_reg {
            f.next_reg = r as u32;
        }
    }
    pub(crate) fn mark(&self) -> Reg {
        self.fr().next_reg as Reg
    }

    // ---- constants ----

    pub(crate) fn konst(&mut self, v: Value) -> u32 {
        let f = self.f();
        f.consts.push(v);
        (f.consts.len() - 1) as u32
    }
    pub(crate) fn str_const(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.fr().const_strings.get(s) {
            return i;
        }
        let js = self.vm.interner.intern_str(&self.vm.heap, s);
        let i = self.konst(Value::string(js));
        self.f().const_strings.insert(s.to_string(), i);
        i
    }
    pub(crate) fn new_ic(&mut self) -> u32 {
        let f = self.f();
        f.ics = f.ics.saturating_add(1);
        (f.ics - 1) as u32
    }

    pub(crate) fn pos(&mut self, offset: u32) {
        let f = self.f();
        let pc = f.bytes.len() as u32;
        if f.positions.last().is_some_and(|p| p.0 == pc) {
            f.positions.pop();
        }
        f.positions.push((pc, offset));
    }

    pub(crate) fn emit(&mut self, op: Op, args: &[u32]) -> usize {
        // Register and count operands are 16 bits: a larger value (an
        // environment with more than 65,535 slots, say) would be truncated
        // into a wrong one, so the function is refused in `finish_code`.
        let wide = |(k, v): (&crate::bytecode::Operand, &u32)| {
            matches!(k, crate::bytecode::Operand::R | crate::bytecode::Operand::N)
                && *v > u16::MAX as u32
        };
        if op.operands().iter().zip(args).any(wide) {
            self.f().operand_overflow = true;
        }
        emit::encode(&mut self.f().bytes, op, args)
    }

    pub(crate) fn here(&self) -> usize {
        self.fr().bytes.len()
    }

    /// Emit a jump with a placeholder target; returns the patch position.
    pub(crate) fn emit_jump(&mut self, op: Op, cond: Option<Reg>) -> Patch {
        let start = match cond {
            Some(r) => self.emit(op, &[r as u32, 0]),
            None => self.emit(op, &[0]),
        };
        // The target is the last 4 bytes of the instruction.
        start + op.len() - 4
    }
    pub(crate) fn patch_to(&mut self, p: Patch, target: usize) {
        let b = (target as u32).to_le_bytes();
        self.f().bytes[p..p + 4].copy_from_slice(&b);
    }
    pub(crate) fn patch_here(&mut self, p: Patch) {
        let h = self.here();
        self.patch_to(p, h);
    }

    pub(crate) fn mov(&mut self, dst: Reg, src: Reg) {
        if dst != src {
            self.emit(Op::Mov, &[dst as u32, src as u32]);
        }
    }

    /// `mov` when the value is wanted (`dst` is Some).
    pub(crate) fn mov_to(&mut self, dst: Option<Reg>, src: Reg) {
        if let Some(d) = dst {
            self.mov(d, src);
        }
    }

    pub(crate) fn load_undef(&mut self, dst: Reg) {
        self.emit(Op::LoadUndef, &[dst as u32]);
    }

    pub(crate) fn finish_code(&mut self, st: FnState) -> CResult<Gc<crate::bytecode::Code>> {
        // Register operands are 16 bits: a function needing more registers
        // (tens of thousands of locals, parameters or call arguments) is
        // refused rather than compiled with registers that alias.
        if st.operand_overflow || st.max_reg.max(2 + st.nparams) > Reg::MAX as u32 {
            return self.err(
                "Too many local variables, parameters or arguments in one function",
                st.span.0,
            );
        }
        let nregs = st.max_reg.max(2 + st.nparams) + 1;
        let mut bytes = st.bytes;
        let code_len = crate::bytecode::Code::pad_and_verify(&mut bytes, nregs);
        let code = crate::bytecode::Code {
            name: st.name,
            bytes,
            code_len,
            consts: st.consts,
            nregs,
            nparams: st.nparams,
            length: st.length,
            flags: st.flags,
            handlers: st.handlers,
            positions: st.positions,
            source: Some(self.source),
            span: st.span,
            ics: (0..st.ics as usize * crate::bytecode::IC_WAYS)
                .map(|_| std::cell::Cell::new(PropIc::Empty))
                .collect(),
            global_decls: st.global_decls,
        };
        if dump_bytecode() {
            let name = code
                .name
                .as_string()
                .map(|s| s.to_rust_string())
                .unwrap_or_default();
            eprintln!("== {name} (nregs {nregs})\n{}", code.disassemble());
        }
        Ok(self.vm.heap.alloc(code))
    }
}

/// `LODE_DUMP_BYTECODE=1` prints every compiled function's bytecode to
/// stderr: a debugging aid for interpreter and JIT work.
fn dump_bytecode() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("LODE_DUMP_BYTECODE").is_some_and(|v| v == "1"))
}
