//! Register bytecode: the opcode table, the encoding, and `Code`, the
//! compiled form of one function.
//!
//! Instructions are a one-byte opcode followed by its operands at fixed
//! widths: registers `r` and counts `n` are u16, constants `k`, immediates
//! `i` and jump targets `j` are 32-bit, flags `b` are u8. The one table below
//! generates the enum, the operand layout (used by the encoder and the
//! disassembler) and the names.

use crate::gc::{Gc, GcCell, Trace, Tracer};
use crate::object::{PropertyKey, Shape};
use crate::string::JsString;
use crate::value::Value;
use std::cell::Cell;

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Operand {
    R,
    N,
    K,
    I,
    J,
    B,
}

impl Operand {
    pub const fn width(self) -> usize {
        match self {
            Operand::R | Operand::N => 2,
            Operand::K | Operand::I | Operand::J => 4,
            Operand::B => 1,
        }
    }
}

macro_rules! opcodes {
    ($( $(#[$doc:meta])* $name:ident ( $($arg:ident : $kind:ident),* ) ),* $(,)?) => {
        /// Bytecode operations. Operand lists: see the table in `bytecode.rs`.
        #[repr(u8)]
        #[derive(Copy, Clone, Debug, PartialEq, Eq)]
        pub enum Op { $($(#[$doc])* $name),* }

        const OP_TABLE: &[(Op, &str, &[Operand])] = &[
            $( (Op::$name, stringify!($name), &[$(Operand::$kind),*]) ),*
        ];
    };
}

opcodes! {
    Nop(),
    Mov(dst: R, src: R),
    LoadConst(dst: R, k: K),
    LoadInt(dst: R, v: I),
    LoadUndef(dst: R),
    LoadNull(dst: R),
    LoadTrue(dst: R),
    LoadFalse(dst: R),
    LoadUninit(dst: R),
    LoadGlobalObject(dst: R),
    // binary operators: dst = a op b
    Add(dst: R, a: R, b: R),
    Sub(dst: R, a: R, b: R),
    /// dst = a + v / a - v with a small integer constant `v`.
    AddI(dst: R, a: R, v: I),
    SubI(dst: R, a: R, v: I),
    /// dst = a op v for an int32 literal `v` (`x * 2`, `h & 0xff`, `n >> 1`).
    MulI(dst: R, a: R, v: I),
    ModI(dst: R, a: R, v: I),
    BitAndI(dst: R, a: R, v: I),
    BitOrI(dst: R, a: R, v: I),
    BitXorI(dst: R, a: R, v: I),
    ShlI(dst: R, a: R, v: I),
    SarI(dst: R, a: R, v: I),
    ShrI(dst: R, a: R, v: I),
    Mul(dst: R, a: R, b: R),
    Div(dst: R, a: R, b: R),
    Mod(dst: R, a: R, b: R),
    Exp(dst: R, a: R, b: R),
    BitAnd(dst: R, a: R, b: R),
    BitOr(dst: R, a: R, b: R),
    BitXor(dst: R, a: R, b: R),
    Shl(dst: R, a: R, b: R),
    Sar(dst: R, a: R, b: R),
    Shr(dst: R, a: R, b: R),
    Eq(dst: R, a: R, b: R),
    Ne(dst: R, a: R, b: R),
    StrictEq(dst: R, a: R, b: R),
    StrictNe(dst: R, a: R, b: R),
    /// `a === k` / `a !== k` with a literal `k`.
    StrictEqK(dst: R, a: R, k: K),
    StrictNeK(dst: R, a: R, k: K),
    Lt(dst: R, a: R, b: R),
    Le(dst: R, a: R, b: R),
    Gt(dst: R, a: R, b: R),
    Ge(dst: R, a: R, b: R),
    InstanceOf(dst: R, a: R, b: R),
    In(dst: R, a: R, b: R),
    PrivateIn(dst: R, name: R, obj: R),
    // unary operators: dst = op src
    Neg(dst: R, src: R),
    ToNumber(dst: R, src: R),
    ToNumeric(dst: R, src: R),
    Not(dst: R, src: R),
    BitNot(dst: R, src: R),
    TypeOf(dst: R, src: R),
    Inc(dst: R, src: R),
    Dec(dst: R, src: R),
    ToPropertyKey(dst: R, src: R),
    ToStr(dst: R, src: R),
    ToObject(dst: R, src: R),
    // control flow
    Jmp(t: J),
    JmpTrue(c: R, t: J),
    JmpFalse(c: R, t: J),
    JmpNullish(c: R, t: J),
    JmpNotNullish(c: R, t: J),
    JmpUndefined(c: R, t: J),
    JmpNotUndefined(c: R, t: J),
    /// Compare and branch (conditions of `if`/loops): jump when `a < b`
    /// (as `Lt` computes it) and so on. The `JmpNot*` forms jump when the
    /// comparison is false, which is not the opposite comparison (NaN).
    JmpLt(a: R, b: R, t: J),
    JmpLe(a: R, b: R, t: J),
    JmpGt(a: R, b: R, t: J),
    JmpGe(a: R, b: R, t: J),
    JmpNotLt(a: R, b: R, t: J),
    JmpNotLe(a: R, b: R, t: J),
    JmpNotGt(a: R, b: R, t: J),
    JmpNotGe(a: R, b: R, t: J),
    JmpEq(a: R, b: R, t: J),
    JmpNe(a: R, b: R, t: J),
    JmpStrictEq(a: R, b: R, t: J),
    JmpStrictNe(a: R, b: R, t: J),
    /// The same with a constant (`i < 10`, `x !== null`) as right operand.
    JmpLtK(a: R, k: K, t: J),
    JmpLeK(a: R, k: K, t: J),
    JmpGtK(a: R, k: K, t: J),
    JmpGeK(a: R, k: K, t: J),
    JmpNotLtK(a: R, k: K, t: J),
    JmpNotLeK(a: R, k: K, t: J),
    JmpNotGtK(a: R, k: K, t: J),
    JmpNotGeK(a: R, k: K, t: J),
    JmpStrictEqK(a: R, k: K, t: J),
    JmpStrictNeK(a: R, k: K, t: J),
    Ret(src: R),
    /// `return undefined`.
    RetUndef(),
    Throw(src: R),
    /// Throw a new error: kind (0 TypeError, 1 ReferenceError, 2 SyntaxError, 3 RangeError), message constant.
    ThrowError(kind: B, msg: K),
    Debugger(),
    // environments
    PushEnv(slots: N, names: K),
    PopEnv(),
    /// Replace the current env with a fresh copy (per-iteration bindings).
    CopyEnv(),
    SaveEnv(dst: R),
    RestoreEnv(src: R),
    GetEnv(dst: R, hops: N, slot: N),
    SetEnv(hops: N, slot: N, src: R),
    GetEnvChecked(dst: R, hops: N, slot: N, name: K),
    SetEnvChecked(hops: N, slot: N, src: R, name: K),
    CheckTdz(reg: R, name: K),
    PushWith(obj: R),
    // global and dynamic name access
    GetGlobal(dst: R, name: K),
    TypeofGlobal(dst: R, name: K),
    SetGlobal(name: K, src: R, strict: B),
    InitGlobalLexical(name: K, src: R),
    DeclareGlobals(decls: K),
    GetName(dst: R, name: K),
    TypeofName(dst: R, name: K),
    SetName(name: K, src: R, strict: B),
    DeleteName(dst: R, name: K),
    /// Resolve a name for a call: dst = value, dst+1 = this (with-object or undefined).
    GetNameForCall(dst: R, name: K),
    DeclareEvalVar(name: K),
    /// Annex B.3.3.3 for one block function name of sloppy eval code:
    /// declare the var if allowed; `dst` = whether the copy applies.
    DeclareEvalAnnexB(dst: R, name: K),
    DeclareEvalFunction(name: K, src: R),
    // properties
    GetProp(dst: R, obj: R, name: K, ic: N),
    /// Method load for a call window: dst = obj.name, dst + 1 = obj.
    GetMethod(dst: R, obj: R, name: K, ic: N),
    SetProp(obj: R, name: K, src: R, ic: N),
    GetElem(dst: R, obj: R, key: R),
    SetElem(obj: R, key: R, src: R),
    DeleteProp(dst: R, obj: R, key: R),
    GetSuper(dst: R, key: R, this: R),
    SetSuper(key: R, src: R, this: R),
    GetPrivate(dst: R, obj: R, name: R),
    SetPrivate(obj: R, name: R, src: R),
    DefinePrivate(obj: R, name: R, src: R),
    /// CreateDataPropertyOrThrow(obj, key, src)
    DefineField(obj: R, key: R, src: R),
    DefineNamed(obj: R, name: K, src: R),
    /// flags: bit0 enumerable, bit1 getter, bit2 setter, bit3 set home object, bit4 set function name
    DefineMethod(obj: R, key: R, func: R, flags: B),
    SetFunctionName(func: R, key: R, prefix: B),
    SetHomeObject(func: R, home: R),
    /// `__proto__: v` in an object literal.
    SetProtoLiteral(obj: R, v: R),
    /// Throw a ReferenceError if `reg` is already initialised (super() twice).
    ThrowIfInit(reg: R),
    // calls
    Call(dst: R, base: R, argc: N),
    /// `Call` with `this` undefined (the window's `this` register is set here).
    CallUndef(dst: R, base: R, argc: N),
    CallSpread(dst: R, base: R),
    CallEval(dst: R, base: R, argc: N),
    /// A direct eval call inside a function's parameter initialisers.
    CallEvalParams(dst: R, base: R, argc: N),
    New(dst: R, base: R, argc: N),
    NewSpread(dst: R, base: R),
    SuperCall(dst: R, base: R, argc: N),
    SuperCallSpread(dst: R, base: R),
    GetNewTarget(dst: R),
    GetThisChecked(dst: R),
    /// `arguments`; `mapping` is an array of environment slots (mapped
    /// arguments of sloppy functions) or undefined (unmapped).
    GetArguments(dst: R, mapping: K),
    GetRest(dst: R, from: N),
    // literals
    NewObject(dst: R),
    NewArray(dst: R),
    ArrayPush(arr: R, src: R),
    ArrayPushHole(arr: R),
    ArraySpread(arr: R, src: R),
    NewClosure(dst: R, code: K),
    NewRegExp(dst: R, pattern: K, flags: K),
    CopyDataProps(dst: R, src: R, excl: R, count: N),
    GetTemplateObject(dst: R, k: K),
    CreateClass(dst: R, ctor_code: K, parent: R, flags: B),
    InitClassFields(ctor: R, fields: R),
    /// InitializeInstanceElements(this, ctor): after `super()` returns.
    InitInstanceElements(ctor: R, this: R),
    NewPrivateName(dst: R, desc: K),
    // iteration
    GetIterator(dst: R, obj: R),
    GetAsyncIterator(dst: R, obj: R),
    IterNext(dst: R, iter: R, done: J),
    IterClose(iter: R),
    /// Close an iterator because of a throw: errors from `return` are ignored.
    IterCloseQuiet(iter: R),
    /// Throw a TypeError if `src` is undefined or null (destructuring).
    RequireObjectCoercible(src: R),
    IterCall(dst: R, iter: R),
    IterResultUnwrap(dst: R, done: R, result: R),
    ForInPrepare(dst: R, obj: R),
    ForInNext(dst: R, iter: R, done: J),
    // generators and async
    GeneratorStart(),
    Yield(dst: R, src: R),
    Await(dst: R, src: R),
    YieldDelegate(dst: R, src: R),
    ResumeKind(dst: R),
    AsyncReturn(src: R),
    // finally blocks: (kind, value) completion records in registers
    FinallyDispatch(kind: R, value: R, table: K),
    // modules
    /// `import.meta` of the module whose record is constant `module`.
    ImportMeta(dst: R, module: K),
    ImportCall(dst: R, spec: R, opts: R),
    /// Read import binding `index` of module record `module` (TDZ-checked).
    GetImport(dst: R, module: K, index: N, name: K),
    /// Throw a TypeError unless `src` is an object (iterator results in
    /// `yield*` and AsyncIteratorClose).
    RequireObject(src: R),
}

/// Number of opcodes; every byte below this is a valid `Op`.
pub const OP_COUNT: usize = OP_TABLE.len();

/// Bytes appended after a function's code (never executed: they are not a
/// valid opcode). Longer than any instruction, so the interpreter can read
/// the operands of any instruction starting before `code_len` without
/// bounds checks.
pub const CODE_PAD: usize = 16;
const PAD_BYTE: u8 = 0xFF;
const _: () = assert!(OP_COUNT <= PAD_BYTE as usize);

impl Op {
    #[inline]
    pub fn from_u8(b: u8) -> Option<Op> {
        OP_TABLE.get(b as usize).map(|e| e.0)
    }
    /// Decode an opcode byte already known to be below `OP_COUNT`.
    ///
    /// # Safety
    /// `b < OP_COUNT`.
    #[inline(always)]
    pub unsafe fn from_u8_unchecked(b: u8) -> Op {
        debug_assert!((b as usize) < OP_COUNT);
        // SAFETY: `Op` is `repr(u8)` with discriminants 0..OP_COUNT in
        // table order (checked by the `table_is_in_enum_order` test), and
        // the caller guarantees `b < OP_COUNT`.
        unsafe { std::mem::transmute::<u8, Op>(b) }
    }
    pub fn name(self) -> &'static str {
        OP_TABLE[self as usize].1
    }
    pub fn operands(self) -> &'static [Operand] {
        OP_TABLE[self as usize].2
    }
    /// Encoded length of an instruction with this opcode.
    #[allow(clippy::len_without_is_empty)]
    pub fn len(self) -> usize {
        1 + self.operands().iter().map(|o| o.width()).sum::<usize>()
    }
}

/// An exception handler: pcs in `[start, end)` jump to `target` with the
/// exception in register `reg`.
#[derive(Clone, Copy, Debug)]
pub struct Handler {
    pub start: u32,
    pub end: u32,
    pub target: u32,
    pub reg: u16,
    /// Register holding the saved environment to restore.
    pub env_reg: u16,
}

/// Entries per inline-cache site (a polymorphic cache: receivers of up to
/// this many shapes hit).
pub const IC_WAYS: usize = 4;

/// One entry of an inline cache for a named property access.
#[derive(Clone, Copy, Default)]
pub enum PropIc {
    #[default]
    Empty,
    /// Own data property in slot `slot` of objects with `shape`.
    Own { shape: Gc<Shape>, slot: u32 },
    /// Data property in slot `slot` of `holder`, found on the prototype
    /// chain of receivers with `shape` whose prototype is `proto`; valid
    /// while the prototype epoch (`object::proto_epoch`) is `epoch`.
    Proto {
        shape: Gc<Shape>,
        proto: Gc<crate::object::JsObject>,
        holder: Gc<crate::object::JsObject>,
        slot: u32,
        epoch: u64,
    },
    /// Adding a data property: extensible non-prototype objects with shape
    /// `from` and prototype `proto` go to `to` (the value is the new last
    /// slot); valid while the prototype epoch is `epoch` (no setter or
    /// read-only property appeared on the chain).
    Add {
        from: Gc<Shape>,
        to: Gc<Shape>,
        proto: Option<Gc<crate::object::JsObject>>,
        epoch: u64,
    },
}

impl Trace for PropIc {
    fn trace(&self, t: &mut Tracer) {
        match self {
            PropIc::Own { shape, .. } => t.mark(*shape),
            PropIc::Proto {
                shape,
                proto,
                holder,
                ..
            } => {
                t.mark(*shape);
                t.mark(*proto);
                t.mark(*holder);
            }
            PropIc::Add {
                from, to, proto, ..
            } => {
                t.mark(*from);
                t.mark(*to);
                if let Some(p) = proto {
                    t.mark(*p);
                }
            }
            PropIc::Empty => {}
        }
    }
}

#[derive(Clone, Copy, Default, Debug)]
pub struct CodeFlags {
    pub strict: bool,
    pub arrow: bool,
    pub generator: bool,
    pub is_async: bool,
    pub class_constructor: bool,
    pub derived: bool,
    pub method: bool,
    pub is_constructor: bool,
    /// `this` must be coerced (sloppy functions) at entry.
    pub sloppy_this: bool,
    pub uses_arguments: bool,
    /// Top-level script or eval code (no function object).
    pub is_script: bool,
    pub is_module: bool,
    pub getter: bool,
    pub setter: bool,
    /// Simple parameter list (no defaults, rest, or patterns).
    pub simple_params: bool,
    /// What direct eval code run here may contain (PerformEval's
    /// inMethod / inDerivedConstructor / inClassFieldInitializer; arrows
    /// take their enclosing function's).
    pub eval_super_property: bool,
    pub eval_super_call: bool,
    pub eval_in_field: bool,
    /// Set only on the context handed to a direct eval made from
    /// parameter initialisers (its `var arguments` is a SyntaxError).
    pub eval_in_params: bool,
}

/// Source text shared by all functions of one script, for
/// `Function.prototype.toString` and stack traces.
pub struct Source {
    pub name: String,
    pub text: Box<str>,
    /// Byte offset of each line start, for offset → line/column.
    pub line_starts: Vec<u32>,
    /// Eval code and `Function` bodies: V8's eval origin ("eval at f
    /// (file:1:2)"), shown in stack traces instead of a file name.
    pub eval_origin: Option<String>,
    /// Bytes the compiler put before the user's eval text (a wrapper or a
    /// directive); positions in stack traces count from the user's text.
    pub prefix_len: u32,
}

impl Trace for Source {
    fn trace(&self, _t: &mut Tracer) {}
}
impl GcCell for Source {
    const NAME: &'static str = "Source";
}

impl Source {
    pub fn new(name: String, text: &str) -> Source {
        let mut line_starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i as u32 + 1);
            }
        }
        Source {
            name,
            text: text.into(),
            line_starts,
            eval_origin: None,
            prefix_len: 0,
        }
    }
    /// Source of eval code (or a `Function` body) whose user text starts
    /// `prefix_len` bytes into `text`.
    pub fn new_eval(text: &str, origin: String, prefix_len: u32) -> Source {
        let mut s = Source::new("eval".to_string(), text);
        s.eval_origin = Some(origin);
        s.prefix_len = prefix_len;
        s
    }
    /// 1-based line and column of a byte offset as the user wrote it: for
    /// eval code, relative to the start of the eval text.
    pub fn user_line_col(&self, offset: u32) -> (u32, u32) {
        let (line, col) = self.line_col(offset);
        if self.prefix_len == 0 {
            return (line, col);
        }
        let (pl, pc) = self.line_col(self.prefix_len);
        if line == pl {
            (1, col.saturating_sub(pc) + 1)
        } else {
            (line.saturating_sub(pl) + 1, col)
        }
    }
    /// 1-based line and column of a byte offset.
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let col = self
            .text
            .get(start as usize..offset as usize)
            .map_or(0, |s| s.chars().count());
        (line as u32 + 1, col as u32 + 1)
    }
}

/// One compiled function (or script, or eval code).
pub struct Code {
    pub name: Value,
    /// The instructions, followed by `CODE_PAD` padding bytes (see
    /// `Code::new`); `code_len` is the length without the padding.
    pub bytes: Vec<u8>,
    pub code_len: usize,
    pub consts: Vec<Value>,
    /// Registers the frame needs, r0 (callee) and r1 (this) included.
    pub nregs: u32,
    /// Formal parameters laid out in r2.. (before defaults/rest).
    pub nparams: u32,
    /// The function's `length` property.
    pub length: u32,
    pub flags: CodeFlags,
    pub handlers: Vec<Handler>,
    /// (pc, source byte offset) pairs, sorted by pc.
    pub positions: Vec<(u32, u32)>,
    pub source: Option<Gc<Source>>,
    /// Byte range of the function in `source` (for toString).
    pub span: (u32, u32),
    /// `IC_WAYS` entries per named-property access site.
    pub ics: Box<[Cell<PropIc>]>,
    /// Names of the script's top-level declarations, for DeclareGlobals.
    pub global_decls: Vec<GlobalDecl>,
}

/// A top-level declaration of a script, checked and created before it runs.
#[derive(Clone, Copy)]
pub struct GlobalDecl {
    pub name: Gc<JsString>,
    pub kind: GlobalDeclKind,
}
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum GlobalDeclKind {
    Var,
    /// Annex B.3.3.2: a block function's var binding, created only when
    /// no global lexical binding has the name and the global allows it.
    AnnexBFunction,
    Function,
    Let,
    Const,
    Class,
}

impl Trace for Code {
    fn trace(&self, t: &mut Tracer) {
        t.mark_value(self.name);
        t.mark_values(&self.consts);
        self.source.trace(t);
        for ic in self.ics.iter() {
            ic.get().trace(t);
        }
        for d in &self.global_decls {
            t.mark(d.name);
        }
    }
}
impl GcCell for Code {
    const NAME: &'static str = "Code";
}

impl Code {
    /// Pad `bytes` for the interpreter after checking that every
    /// instruction is complete and every register operand is below `nregs`
    /// (the interpreter relies on both to skip bounds checks).
    pub(crate) fn pad_and_verify(bytes: &mut Vec<u8>, nregs: u32) -> usize {
        let len = bytes.len();
        let mut pc = 0usize;
        while pc < len {
            let op = Op::from_u8(bytes[pc]).expect("compiler emitted an invalid opcode");
            let mut p = pc + 1;
            for o in op.operands() {
                assert!(p + o.width() <= len, "truncated instruction");
                if *o == Operand::R {
                    assert!(
                        read_operand(bytes, p, *o) < nregs,
                        "register operand out of range"
                    );
                }
                p += o.width();
            }
            pc = p;
        }
        bytes.extend_from_slice(&[PAD_BYTE; CODE_PAD]);
        len
    }

    /// Source offset of the instruction at `pc`.
    pub fn position_of(&self, pc: u32) -> Option<u32> {
        match self.positions.binary_search_by_key(&pc, |p| p.0) {
            Ok(i) => Some(self.positions[i].1),
            Err(0) => None,
            Err(i) => Some(self.positions[i - 1].1),
        }
    }

    /// Human-readable listing, for debugging and snapshot tests.
    pub fn disassemble(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let mut pc = 0usize;
        while pc < self.code_len {
            let Some(op) = Op::from_u8(self.bytes[pc]) else {
                let _ = writeln!(out, "{pc:5}: <bad opcode {}>", self.bytes[pc]);
                break;
            };
            let _ = write!(out, "{pc:5}: {}", op.name());
            let mut p = pc + 1;
            for o in op.operands() {
                let v = read_operand(&self.bytes, p, *o);
                p += o.width();
                let _ = match o {
                    Operand::R => write!(out, " r{v}"),
                    Operand::K => write!(out, " k{v}"),
                    Operand::J => write!(out, " ->{v}"),
                    _ => write!(out, " {}", v as i32),
                };
            }
            out.push('\n');
            pc += op.len();
        }
        out
    }
}

pub(crate) fn read_operand(bytes: &[u8], p: usize, o: Operand) -> u32 {
    match o.width() {
        1 => bytes.get(p).copied().unwrap_or(0) as u32,
        2 => u16::from_le_bytes([
            bytes.get(p).copied().unwrap_or(0),
            bytes.get(p + 1).copied().unwrap_or(0),
        ]) as u32,
        _ => u32::from_le_bytes([
            bytes.get(p).copied().unwrap_or(0),
            bytes.get(p + 1).copied().unwrap_or(0),
            bytes.get(p + 2).copied().unwrap_or(0),
            bytes.get(p + 3).copied().unwrap_or(0),
        ]),
    }
}

/// Key used by `PropertyKey`-indexed ICs.
pub fn ic_key_matches(a: PropertyKey, b: PropertyKey) -> bool {
    a == b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_in_enum_order() {
        for (i, (op, _, _)) in OP_TABLE.iter().enumerate() {
            assert_eq!(*op as usize, i);
            assert_eq!(Op::from_u8(i as u8), Some(*op));
            // The interpreter reads operands past `code_len` into the pad.
            assert!(op.len() <= CODE_PAD);
        }
    }
}
