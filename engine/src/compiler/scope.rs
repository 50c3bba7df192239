//! Compile-time scopes: where each binding lives (a register, a slot in a
//! runtime environment, the global object, or "look it up at run time"),
//! entering and leaving scopes, and loading/storing bindings.

use super::{CResult, Compiler, FnKind, Reg};
use crate::bytecode::Op;
use crate::env::ScopeNames;
use crate::value::Value;
use rustc_hash::{FxHashMap, FxHashSet};

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(crate) enum BindKind {
    Var,
    Let,
    Const,
    Class,
    Function,
    Param,
    /// `this`, `new.target`, `%fn` (the active function) and `arguments`.
    Special,
    /// A class's inner name binding: immutable, assignment throws.
    ClassInner,
    /// A named function expression's own name: immutable, assignment is
    /// ignored in sloppy code.
    FuncName,
}

impl BindKind {
    pub(crate) fn is_lexical(self) -> bool {
        matches!(
            self,
            BindKind::Let | BindKind::Const | BindKind::Class | BindKind::ClassInner
        )
    }
    pub(crate) fn is_const(self) -> bool {
        matches!(
            self,
            BindKind::Const | BindKind::ClassInner | BindKind::FuncName
        )
    }
}

#[derive(Copy, Clone, Debug)]
pub(crate) enum Loc {
    Reg(Reg),
    Env {
        level: u32,
        slot: u32,
    },
    /// A module's named import: read through the module record.
    Import(u32),
}

#[derive(Clone, Debug)]
pub(crate) struct Binding {
    pub name: String,
    pub loc: Loc,
    pub kind: BindKind,
    /// Source offset where the declaration ends (references after it in
    /// the same function need no TDZ check).
    pub decl_end: u32,
}

#[derive(Clone)]
pub(crate) struct Scope {
    bindings: Vec<Binding>,
    /// Name → index of its latest binding in `bindings`: lookups stay
    /// constant-time in scopes with many thousands of declarations.
    index: FxHashMap<String, u32>,
    /// The runtime environment level of this scope, if it pushed one.
    pub env_level: Option<u32>,
    pub saved_next_reg: u32,
    pub is_function_scope: bool,
    /// Switch-case scopes: code order says nothing about initialisation.
    pub no_tdz_elision: bool,
    /// The function's `with` depth when the scope was entered.
    pub with_entry: u32,
}

impl Scope {
    pub(crate) fn new(
        bindings: Vec<Binding>,
        env_level: Option<u32>,
        saved_next_reg: u32,
        is_function_scope: bool,
        with_entry: u32,
    ) -> Scope {
        let mut index = FxHashMap::default();
        index.reserve(bindings.len());
        for (i, b) in bindings.iter().enumerate() {
            index.insert(b.name.clone(), i as u32);
        }
        Scope {
            bindings,
            index,
            env_level,
            saved_next_reg,
            is_function_scope,
            no_tdz_elision: false,
            with_entry,
        }
    }

    /// The latest binding of `name` in this scope.
    pub(crate) fn find(&self, name: &str) -> Option<&Binding> {
        let i = *self.index.get(name)?;
        self.bindings.get(i as usize)
    }

    pub(crate) fn find_mut(&mut self, name: &str) -> Option<&mut Binding> {
        let i = *self.index.get(name)?;
        self.bindings.get_mut(i as usize)
    }

    pub(crate) fn push(&mut self, b: Binding) {
        self.index
            .insert(b.name.clone(), self.bindings.len() as u32);
        self.bindings.push(b);
    }

    pub(crate) fn bindings(&self) -> &[Binding] {
        &self.bindings
    }
}

/// Register count past which a scope's bindings go into its environment
/// (leaving the rest of the 16-bit register space to temporaries).
const SPILL_REGISTERS: u32 = 60_000;

/// What a name resolves to.
pub(crate) enum Resolved {
    Local {
        loc: Loc,
        kind: BindKind,
        same_fn: bool,
        elide_tdz: bool,
    },
    Global,
    Dynamic,
}

/// A declaration to create when a scope is entered.
#[derive(Clone, Debug)]
pub(crate) struct Decl {
    pub name: String,
    pub kind: BindKind,
    pub decl_end: u32,
    /// Source offset where the scope begins, when known (0 otherwise): a
    /// register binding no reference of which lies between here and
    /// `decl_end` cannot be read in its TDZ, so it needs no TDZ marker.
    pub scope_start: u32,
}

impl<'v> Compiler<'v> {
    /// Is `name`, declared in the current function, captured by a closure?
    fn is_captured(&self, name: &str) -> bool {
        let f = self.fr();
        f.named_envs
            || f.info.inner_refs.contains(name)
            || f.force_capture.iter().any(|n| n == name)
    }

    /// Enter a scope declaring `decls`. Captured bindings get slots in a
    /// fresh runtime environment (pushed here); the rest get registers.
    pub(crate) fn enter_scope(
        &mut self,
        decls: &[Decl],
        is_function_scope: bool,
        force_env: bool,
    ) -> CResult<()> {
        let saved_next_reg = self.fr().next_reg;
        let mut bindings: Vec<Binding> = Vec::new();
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        // Lexical bindings start in their TDZ: the locations to mark.
        let mut tdz_markers: Vec<Loc> = Vec::new();
        let mut env_names: Vec<(String, u32, bool, bool)> = Vec::new();
        let mut slots = 0u32;
        let level = self.fr().env_level + 1;
        for d in decls {
            if !seen.insert(d.name.as_str()) {
                continue;
            }
            // Past `SPILL_REGISTERS` registers, bindings live in the
            // environment: register operands are 16 bits.
            let spill = self.fr().next_reg >= SPILL_REGISTERS;
            let loc = if spill || self.is_captured(&d.name) {
                let s = slots;
                slots += 1;
                env_names.push((d.name.clone(), s, !d.kind.is_const(), d.kind.is_lexical()));
                Loc::Env { level, slot: s }
            } else {
                Loc::Reg(self.alloc())
            };
            if d.kind.is_lexical() && !self.tdz_unobservable(d, loc) {
                tdz_markers.push(loc);
            }
            bindings.push(Binding {
                name: d.name.clone(),
                loc,
                kind: d.kind,
                decl_end: d.decl_end,
            });
        }
        let push_env = slots > 0 || force_env;
        if push_env {
            let names_const = if self.fr().named_envs || force_env {
                let mut list = Vec::new();
                for (n, s, m, l) in &env_names {
                    let js = self.vm.interner.intern_str(&self.vm.heap, n);
                    list.push((js, *s, *m, *l));
                }
                let cell = self.vm.heap.alloc(ScopeNames {
                    names: list,
                    is_function_scope,
                });
                self.konst(Value::cell(cell))
            } else {
                self.konst(Value::UNDEFINED)
            };
            self.emit(Op::PushEnv, &[slots, names_const]);
            self.f().env_level = level;
        }
        let with_entry = self.fr().with_depth;
        let env_level = if push_env { Some(level) } else { None };
        let scope = Scope::new(
            bindings,
            env_level,
            saved_next_reg,
            is_function_scope,
            with_entry,
        );
        self.f().scopes.push(scope);
        if !tdz_markers.is_empty() {
            let tmp = self.alloc();
            self.emit(Op::LoadUninit, &[tmp as u32]);
            for loc in tdz_markers {
                self.store_loc(loc, tmp);
            }
            self.free_to(tmp);
        }
        Ok(())
    }

    /// Whether declaration `d`, bound at `loc`, can never be read in its TDZ: no
    /// reference to its name lies between the start of its scope and the
    /// end of its declaration (references after it in the same function
    /// skip the check, see `resolve`; closures would have moved it into an
    /// environment). Such a binding needs no TDZ marker at scope entry.
    fn tdz_unobservable(&self, d: &Decl, loc: Loc) -> bool {
        matches!(loc, Loc::Reg(_))
            && d.decl_end != 0
            && d.scope_start != 0
            && !self
                .analysis
                .has_ref_between(&d.name, d.scope_start, d.decl_end)
    }

    /// Leave the innermost scope (pops its environment if it pushed one).
    pub(crate) fn exit_scope(&mut self) {
        let Some(s) = self.f().scopes.pop() else {
            return;
        };
        if s.env_level.is_some() {
            self.emit(Op::PopEnv, &[]);
            let f = self.f();
            f.env_level -= 1;
        }
        // Registers of the scope's bindings are released.
        let f = self.f();
        if s.saved_next_reg < f.next_reg {
            f.next_reg = s.saved_next_reg;
        }
    }

    /// Leave a scope at compile time only (its runtime env was already
    /// popped, e.g. by a jump path).
    pub(crate) fn mark_scope_no_tdz_elision(&mut self) {
        if let Some(s) = self.f().scopes.last_mut() {
            s.no_tdz_elision = true;
        }
    }

    /// Add a binding to the current innermost scope after entry (e.g. the
    /// `arguments` object, a function's own name).
    pub(crate) fn add_register_binding(&mut self, name: &str, kind: BindKind, reg: Reg) {
        if let Some(s) = self.f().scopes.last_mut() {
            s.push(Binding {
                name: name.to_string(),
                loc: Loc::Reg(reg),
                kind,
                decl_end: 0,
            });
        }
    }

    /// Resolve a name from the current position.
    pub(crate) fn resolve(&self, name: &str, ref_offset: u32) -> Resolved {
        let special = matches!(name, "this" | "new.target" | "%fn");
        let nfns = self.fns.len();
        for (fi, f) in self.fns.iter().enumerate().rev() {
            let same_fn = fi == nfns - 1;
            for s in f.scopes.iter().rev() {
                if let Some(b) = s.find(name) {
                    // A `with` opened after this scope may shadow it.
                    if f.with_depth > s.with_entry && !special {
                        return Resolved::Dynamic;
                    }
                    if !same_fn && matches!(b.loc, Loc::Reg(_)) {
                        // A register of another frame cannot be reached: the
                        // capture analysis missed this name. Fall back to a
                        // run-time lookup rather than read a wrong register.
                        debug_assert!(false, "uncaptured binding {name} used from a closure");
                        return Resolved::Dynamic;
                    }
                    let elide =
                        same_fn && !s.no_tdz_elision && ref_offset > b.decl_end && b.decl_end != 0;
                    return Resolved::Local {
                        loc: b.loc,
                        kind: b.kind,
                        same_fn,
                        elide_tdz: elide,
                    };
                }
            }
            // Names not declared here may be `var`s a sloppy direct eval
            // added to this function at run time, or `with` properties.
            if (f.dynamic_refs || f.with_depth > 0) && !special {
                return Resolved::Dynamic;
            }
        }
        let top = &self.fns[0];
        if top.kind == FnKind::Eval || top.dynamic_refs {
            return Resolved::Dynamic;
        }
        Resolved::Global
    }

    /// Number of environments between the current position and `level`.
    pub(crate) fn hops_to(&self, level: u32) -> u32 {
        self.fr().env_level.saturating_sub(level)
    }

    pub(crate) fn load_loc(&mut self, loc: Loc, dst: Reg) {
        match loc {
            Loc::Reg(r) => self.mov(dst, r),
            Loc::Env { level, slot } => {
                let hops = self.hops_to(level);
                self.emit(Op::GetEnv, &[dst as u32, hops, slot]);
            }
            Loc::Import(i) => {
                let m = self.module_const();
                let name = self
                    .import_names
                    .get(i as usize)
                    .cloned()
                    .unwrap_or_default();
                let k = self.str_const(&name);
                self.emit(Op::GetImport, &[dst as u32, m, i, k]);
            }
        }
    }

    pub(crate) fn store_loc(&mut self, loc: Loc, src: Reg) {
        match loc {
            Loc::Reg(r) => self.mov(r, src),
            Loc::Env { level, slot } => {
                let hops = self.hops_to(level);
                self.emit(Op::SetEnv, &[hops, slot, src as u32]);
            }
            Loc::Import(_) => {
                let k = self.str_const("Assignment to constant variable.");
                self.emit(Op::ThrowError, &[0, k]);
            }
        }
    }

    /// The current function's constant holding the module record.
    pub(crate) fn module_const(&mut self) -> u32 {
        let v = self.module_record.unwrap_or(Value::UNDEFINED);
        self.konst(v)
    }

    /// Load the value of identifier `name` into `dst`.
    pub(crate) fn load_name(&mut self, name: &str, dst: Reg, offset: u32) -> CResult<()> {
        match self.resolve(name, offset) {
            Resolved::Local {
                loc,
                kind,
                elide_tdz,
                ..
            } => {
                let needs_check = kind.is_lexical() && !elide_tdz;
                match (loc, needs_check) {
                    (Loc::Import(_), _) => self.load_loc(loc, dst),
                    (Loc::Env { level, slot }, true) => {
                        let hops = self.hops_to(level);
                        let k = self.str_const(name);
                        self.emit(Op::GetEnvChecked, &[dst as u32, hops, slot, k]);
                    }
                    (loc, check) => {
                        self.load_loc(loc, dst);
                        if check {
                            let k = self.str_const(name);
                            self.emit(Op::CheckTdz, &[dst as u32, k]);
                        }
                    }
                }
            }
            Resolved::Global => {
                let k = self.str_const(name);
                self.emit(Op::GetGlobal, &[dst as u32, k]);
            }
            Resolved::Dynamic => {
                let k = self.str_const(name);
                self.emit(Op::GetName, &[dst as u32, k]);
            }
        }
        Ok(())
    }

    /// If `name` is a register binding readable without a TDZ check,
    /// its register (so the value need not be copied).
    pub(crate) fn name_register(&self, name: &str, offset: u32) -> Option<Reg> {
        match self.resolve(name, offset) {
            Resolved::Local {
                loc: Loc::Reg(r),
                kind,
                elide_tdz,
                same_fn: true,
                ..
            } if !kind.is_lexical() || elide_tdz => Some(r),
            _ => None,
        }
    }

    /// If assigning `name` is a plain register write (a mutable binding of
    /// this function held in a register, no TDZ check due), its register:
    /// the assignment may then compute its value straight into it.
    pub(crate) fn store_register(&self, name: &str, offset: u32) -> Option<Reg> {
        match self.resolve(name, offset) {
            Resolved::Local {
                loc: Loc::Reg(r),
                kind,
                elide_tdz,
                same_fn: true,
            } if !kind.is_const() && (!kind.is_lexical() || elide_tdz) => Some(r),
            _ => None,
        }
    }

    /// Assign `src` to identifier `name` (an assignment, not a declaration).
    pub(crate) fn store_name(&mut self, name: &str, src: Reg, offset: u32) -> CResult<()> {
        let strict = self.fr().flags.strict;
        match self.resolve(name, offset) {
            Resolved::Local {
                loc,
                kind,
                elide_tdz,
                ..
            } => {
                if kind.is_const() {
                    if kind == BindKind::FuncName && !strict {
                        return Ok(());
                    }
                    if kind == BindKind::FuncName {
                        let k = self.str_const("Assignment to constant variable.");
                        self.emit(Op::ThrowError, &[0, k]);
                        return Ok(());
                    }
                    // TDZ first, then the const error.
                    let tmp = self.alloc();
                    self.load_name(name, tmp, offset)?;
                    self.free_to(tmp);
                    let k = self.str_const("Assignment to constant variable.");
                    self.emit(Op::ThrowError, &[0, k]);
                    return Ok(());
                }
                if kind.is_lexical() && !elide_tdz {
                    match loc {
                        Loc::Import(_) => self.store_loc(loc, src),
                        Loc::Env { level, slot } => {
                            let hops = self.hops_to(level);
                            let k = self.str_const(name);
                            self.emit(Op::SetEnvChecked, &[hops, slot, src as u32, k]);
                        }
                        Loc::Reg(r) => {
                            let k = self.str_const(name);
                            self.emit(Op::CheckTdz, &[r as u32, k]);
                            self.mov(r, src);
                        }
                    }
                } else {
                    self.store_loc(loc, src);
                }
            }
            Resolved::Global => {
                let k = self.str_const(name);
                self.emit(Op::SetGlobal, &[k, src as u32, strict as u32]);
            }
            Resolved::Dynamic => {
                let k = self.str_const(name);
                self.emit(Op::SetName, &[k, src as u32, strict as u32]);
            }
        }
        Ok(())
    }

    /// Initialise a declared binding (let/const/class/var initialisers,
    /// function declarations): no TDZ or const check.
    pub(crate) fn init_name(&mut self, name: &str, src: Reg, offset: u32) -> CResult<()> {
        // Script top level: globals.
        match self.resolve_declared(name) {
            Some(loc) => {
                self.store_loc(loc, src);
                Ok(())
            }
            None => {
                let k = self.str_const(name);
                let top = self.fns.len() == 1;
                let f = self.fr();
                if top && f.kind == FnKind::Script {
                    let is_lexical = f.global_lexical.contains(name);
                    if is_lexical {
                        self.emit(Op::InitGlobalLexical, &[k, src as u32]);
                    } else {
                        self.emit(Op::SetGlobal, &[k, src as u32, 0]);
                    }
                    Ok(())
                } else {
                    // Eval-hoisted vars and names in dynamic scopes.
                    let _ = offset;
                    let strict = self.fr().flags.strict;
                    self.emit(Op::SetName, &[k, src as u32, strict as u32]);
                    Ok(())
                }
            }
        }
    }

    /// The location of a binding declared in the current function's scopes.
    pub(crate) fn resolve_declared(&self, name: &str) -> Option<Loc> {
        let f = self.fr();
        for s in f.scopes.iter().rev() {
            if let Some(b) = s.find(name) {
                return Some(b.loc);
            }
        }
        None
    }
}
