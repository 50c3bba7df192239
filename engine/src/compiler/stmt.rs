//! Statements, declarations hoisting, and control flow (loops, labels,
//! switch, try/catch/finally, with).

use super::pattern::BindMode;
use super::scope::{BindKind, Decl};
use super::{CResult, Compiler, FnKind, JumpCtx, JumpKind, PendingJump, PendingWhat, Reg};
use crate::bytecode::{Handler, Op};
use crate::value::Value;
use oxc_ast::ast::*;
use oxc_span::GetSpan;

/// Names bound by a pattern, in source order.
pub(crate) fn pattern_names<'a>(p: &'a BindingPattern<'a>, out: &mut Vec<(&'a str, u32)>) {
    match p {
        BindingPattern::BindingIdentifier(id) => out.push((id.name.as_str(), id.span.end)),
        BindingPattern::AssignmentPattern(a) => pattern_names(&a.left, out),
        BindingPattern::ObjectPattern(o) => {
            for prop in &o.properties {
                pattern_names(&prop.value, out);
            }
            if let Some(r) = &o.rest {
                pattern_names(&r.argument, out);
            }
        }
        BindingPattern::ArrayPattern(a) => {
            for e in a.elements.iter().flatten() {
                pattern_names(e, out);
            }
            if let Some(r) = &a.rest {
                pattern_names(&r.argument, out);
            }
        }
    }
}

/// `var` names declared in `stmts` (not inside nested functions), plus,
/// in sloppy code, the names of functions declared in blocks (Annex B).
pub(crate) fn var_names<'a>(
    stmts: &'a [Statement<'a>],
    annex_b: bool,
    out: &mut Vec<(&'a str, u32)>,
) {
    let mut annex = Vec::new();
    var_and_annex_b_names(stmts, annex_b, out, &mut annex);
    out.extend(annex);
}

/// `var` names declared in `stmts` into `vars`, and (when `annex_b`) the
/// block-level function declarations that Annex B.3.3 also binds in the
/// var scope into `annex`, each as (name, the declaration's span start).
///
/// A block function qualifies only if replacing it with `var F` would not
/// be an early error, i.e. no enclosing lexical declaration (a block's
/// `let`/`const`/`class`/function, a `for (let …)` head, a destructuring
/// catch parameter, the body's own top-level lexical names) binds F.
pub(crate) fn var_and_annex_b_names<'a>(
    stmts: &'a [Statement<'a>],
    annex_b: bool,
    vars: &mut Vec<(&'a str, u32)>,
    annex: &mut Vec<(&'a str, u32)>,
) {
    let mut lexical: Vec<String> = lexical_decls(stmts, false)
        .into_iter()
        .map(|d| d.name)
        .collect();
    let mut w = VarWalk {
        annex_b,
        lexical: &mut lexical,
        vars,
        annex,
    };
    for s in stmts {
        w.stmt(s, false);
    }
}

fn var_decl_names<'a>(d: &'a VariableDeclaration<'a>, out: &mut Vec<(&'a str, u32)>) {
    if d.kind == VariableDeclarationKind::Var {
        for decl in &d.declarations {
            pattern_names(&decl.id, out);
        }
    }
}

/// The declaration on the left of `for (… in/of …)`, if any.
fn left_decl<'b, 'a>(left: &'b ForStatementLeft<'a>) -> Option<&'b VariableDeclaration<'a>> {
    match left {
        ForStatementLeft::VariableDeclaration(d) => Some(d),
        _ => None,
    }
}

/// The walk behind [`var_and_annex_b_names`].
struct VarWalk<'w, 'a> {
    annex_b: bool,
    /// Lexical names in scope at the current statement.
    lexical: &'w mut Vec<String>,
    vars: &'w mut Vec<(&'a str, u32)>,
    annex: &'w mut Vec<(&'a str, u32)>,
}

impl<'a> VarWalk<'_, 'a> {
    /// Walk `body` with `names` (a loop head's `let`/`const`, a catch
    /// pattern) in scope.
    fn with_lexical(&mut self, names: Vec<String>, body: impl FnOnce(&mut Self)) {
        let mark = self.lexical.len();
        self.lexical.extend(names);
        body(self);
        self.lexical.truncate(mark);
    }

    /// A `for` loop: the head's `var` names are vars; its `let`/`const`
    /// names are lexical for the body.
    fn loop_with_head(
        &mut self,
        head: Option<&'a VariableDeclaration<'a>>,
        body: &'a Statement<'a>,
    ) {
        let mut names = Vec::new();
        if let Some(d) = head {
            var_decl_names(d, self.vars);
            names = Self::lexical_head(d);
        }
        self.with_lexical(names, |w| w.stmt(body, true));
    }

    fn lexical_head(d: &VariableDeclaration) -> Vec<String> {
        let mut names = Vec::new();
        if d.kind != VariableDeclarationKind::Var {
            for decl in &d.declarations {
                pattern_names(&decl.id, &mut names);
            }
        }
        names.into_iter().map(|(n, _)| n.to_string()).collect()
    }

    /// A block's (or case clauses') statements. Its own function
    /// declarations are lexical for the blocks nested in it, not for
    /// themselves.
    fn stmts(&mut self, stmts: &'a [Statement<'a>]) {
        self.list(stmts.iter());
    }

    fn list(&mut self, stmts: impl Iterator<Item = &'a Statement<'a>> + Clone) {
        let mut names = Vec::new();
        let mut fns = Vec::new();
        for x in stmts.clone() {
            match x {
                Statement::FunctionDeclaration(f) => {
                    if let Some(id) = &f.id {
                        fns.push(id.name.to_string());
                    }
                }
                _ => names.extend(
                    lexical_decls(std::slice::from_ref(x), false)
                        .into_iter()
                        .map(|d| d.name),
                ),
            }
        }
        self.with_lexical(names, |w| {
            for x in stmts {
                if matches!(x, Statement::FunctionDeclaration(_)) {
                    w.stmt(x, true);
                } else {
                    w.with_lexical(fns.clone(), |w| w.stmt(x, true));
                }
            }
        });
    }

    fn stmt(&mut self, s: &'a Statement<'a>, in_block: bool) {
        match s {
            Statement::VariableDeclaration(d) => var_decl_names(d, self.vars),
            // `export var x` (module code).
            Statement::ExportDeclaration(e) => {
                if let Declaration::VariableDeclaration(d) = &e.declaration {
                    var_decl_names(d, self.vars);
                }
            }
            Statement::FunctionDeclaration(f)
                if in_block && self.annex_b && !f.generator && !f.r#async =>
            {
                if let Some(id) = &f.id {
                    if !self.lexical.iter().any(|n| n == id.name.as_str()) {
                        self.annex.push((id.name.as_str(), f.span.start));
                    }
                }
            }
            Statement::BlockStatement(b) => self.stmts(&b.body),
            Statement::IfStatement(i) => {
                self.stmt(&i.consequent, true);
                if let Some(a) = &i.alternate {
                    self.stmt(a, true);
                }
            }
            Statement::ForStatement(f) => {
                let head = match &f.init {
                    Some(ForStatementInit::VariableDeclaration(d)) => Some(&**d),
                    _ => None,
                };
                self.loop_with_head(head, &f.body);
            }
            Statement::ForInStatement(f) => self.loop_with_head(left_decl(&f.left), &f.body),
            Statement::ForOfStatement(f) => self.loop_with_head(left_decl(&f.left), &f.body),
            Statement::WhileStatement(w) => self.stmt(&w.body, true),
            Statement::DoWhileStatement(w) => self.stmt(&w.body, true),
            Statement::LabeledStatement(l) => self.stmt(&l.body, in_block),
            Statement::WithStatement(w) => self.stmt(&w.body, true),
            Statement::TryStatement(t) => {
                self.stmts(&t.block.body);
                if let Some(h) = &t.handler {
                    // B.3.4: a simple catch parameter does not block a var
                    // of the same name; a destructuring one does.
                    let mut names = Vec::new();
                    if let Some(p) = &h.param {
                        if !matches!(p.pattern, BindingPattern::BindingIdentifier(_)) {
                            pattern_names(&p.pattern, &mut names);
                        }
                    }
                    let names = names.into_iter().map(|(n, _)| n.to_string()).collect();
                    self.with_lexical(names, |w| w.stmts(&h.body.body));
                }
                if let Some(f) = &t.finalizer {
                    self.stmts(&f.body);
                }
            }
            Statement::SwitchStatement(sw) => {
                self.list(sw.cases.iter().flat_map(|c| c.consequent.iter()));
            }
            _ => {}
        }
    }
}

/// Lexically scoped declarations directly in `stmts`. With
/// `functions_lexical`, function declarations count as lexical (blocks).
pub(crate) fn lexical_decls(stmts: &[Statement], functions_lexical: bool) -> Vec<Decl> {
    let mut out = Vec::new();
    for s in stmts {
        match s {
            Statement::VariableDeclaration(d) if d.kind != VariableDeclarationKind::Var => {
                let kind = if d.kind == VariableDeclarationKind::Const {
                    BindKind::Const
                } else {
                    BindKind::Let
                };
                for decl in &d.declarations {
                    let mut names = Vec::new();
                    pattern_names(&decl.id, &mut names);
                    for (n, _) in names {
                        out.push(Decl {
                            name: n.to_string(),
                            kind,
                            decl_end: decl.span.end,
                            scope_start: 0,
                        });
                    }
                }
            }
            Statement::ClassDeclaration(c) => {
                if let Some(id) = &c.id {
                    out.push(Decl {
                        name: id.name.to_string(),
                        kind: BindKind::Class,
                        decl_end: c.span.end,
                        scope_start: 0,
                    });
                }
            }
            Statement::FunctionDeclaration(f) if functions_lexical => {
                if let Some(id) = &f.id {
                    out.push(Decl {
                        name: id.name.to_string(),
                        kind: BindKind::Function,
                        decl_end: 0,
                        scope_start: 0,
                    });
                }
            }
            Statement::ExportDeclaration(e) => match &e.declaration {
                Declaration::VariableDeclaration(v) if v.kind != VariableDeclarationKind::Var => {
                    let kind = if v.kind == VariableDeclarationKind::Const {
                        BindKind::Const
                    } else {
                        BindKind::Let
                    };
                    for decl in &v.declarations {
                        let mut names = Vec::new();
                        pattern_names(&decl.id, &mut names);
                        for (n, _) in names {
                            out.push(Decl {
                                name: n.to_string(),
                                kind,
                                decl_end: decl.span.end,
                                scope_start: 0,
                            });
                        }
                    }
                }
                Declaration::ClassDeclaration(c) => {
                    if let Some(id) = &c.id {
                        out.push(Decl {
                            name: id.name.to_string(),
                            kind: BindKind::Class,
                            decl_end: c.span.end,
                            scope_start: 0,
                        });
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    out
}

/// Function declarations directly in `stmts` (hoisted to the scope start).
pub(crate) fn function_decls<'b, 'a>(stmts: &'b [Statement<'a>]) -> Vec<&'b Function<'a>> {
    let mut out = Vec::new();
    for s in stmts {
        match s {
            Statement::FunctionDeclaration(f) => out.push(&**f),
            Statement::ExportDeclaration(e) => {
                if let Declaration::FunctionDeclaration(f) = &e.declaration {
                    out.push(&**f);
                }
            }
            Statement::ExportDefaultDeclaration(e) => {
                if let ExportDefaultDeclarationKind::FunctionDeclaration(f) = &e.declaration {
                    out.push(&**f);
                }
            }
            _ => {}
        }
    }
    out
}

impl<'v> Compiler<'v> {
    /// Create function objects for the declarations at the start of a scope.
    pub(crate) fn hoist_functions(&mut self, stmts: &[Statement]) -> CResult<()> {
        let fns = function_decls(stmts);
        if fns.is_empty() {
            return Ok(());
        }
        let t = self.alloc();
        for f in fns {
            let name =
                f.id.as_ref()
                    .map(|i| i.name.to_string())
                    .unwrap_or_else(|| "default".into());
            self.function_expr(f, t, None)?;
            self.init_name(&name, t, 0)?;
        }
        self.free_to(t);
        Ok(())
    }

    /// A block's statements in a new lexical scope.
    pub(crate) fn block(&mut self, stmts: &[Statement]) -> CResult<()> {
        let mut decls = lexical_decls(stmts, true);
        // Nothing in the block precedes its first statement.
        let start = stmts.first().map_or(0, |s| s.span().start);
        for d in &mut decls {
            d.scope_start = start;
        }
        if decls.is_empty() {
            for s in stmts {
                self.stmt(s)?;
            }
            return Ok(());
        }
        self.enter_scope(&decls, false, false)?;
        self.hoist_functions(stmts)?;
        for s in stmts {
            self.stmt(s)?;
        }
        self.exit_scope();
        Ok(())
    }

    /// An `if` clause. B.3.4: a function declaration there (sloppy code)
    /// behaves as if it were the only statement of a block.
    fn clause(&mut self, s: &Statement) -> CResult<()> {
        if matches!(s, Statement::FunctionDeclaration(_)) {
            self.block(std::slice::from_ref(s))
        } else {
            self.stmt(s)
        }
    }

    pub(crate) fn stmts(&mut self, stmts: &[Statement]) -> CResult<()> {
        for s in stmts {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn set_completion_undefined(&mut self) {
        if let Some(c) = self.fr().completion {
            self.load_undef(c);
        }
    }

    pub(crate) fn stmt(&mut self, s: &Statement) -> CResult<()> {
        self.stack_guard(s.span().start)?;
        let labels = std::mem::take(&mut self.f().pending_labels);
        self.stmt_inner(s, labels)
    }

    fn stmt_inner(&mut self, s: &Statement, labels: Vec<String>) -> CResult<()> {
        let m = self.mark();
        match s {
            Statement::BlockStatement(b) => {
                if labels.is_empty() {
                    self.block(&b.body)?;
                } else {
                    self.labeled_block(labels, |c| c.block(&b.body))?;
                }
            }
            Statement::EmptyStatement(_) | Statement::DebuggerStatement(_) => {}
            Statement::ExpressionStatement(e) => match self.fr().completion {
                Some(c) => self.expr_to(&e.expression, c)?,
                None => self.expr_discard(&e.expression)?,
            },
            Statement::VariableDeclaration(d) => self.var_decl(d)?,
            Statement::FunctionDeclaration(f) => {
                // Hoisted already; Annex B copies block functions to the var
                // binding when the declaration is evaluated.
                self.annex_b_function_copy(f)?;
            }
            Statement::ClassDeclaration(c) => {
                let t = self.alloc();
                self.class_expr(c, t, None)?;
                if let Some(id) = &c.id {
                    self.init_name(id.name.as_str(), t, id.span.start)?;
                }
            }
            Statement::IfStatement(i) => {
                self.set_completion_undefined();
                let j = self.cond_jump(&i.test, false)?;
                self.free_to(m);
                if labels.is_empty() {
                    self.clause(&i.consequent)?;
                } else {
                    self.labeled_block(labels.clone(), |c| c.clause(&i.consequent))?;
                }
                match &i.alternate {
                    Some(alt) => {
                        let end = self.emit_jump(Op::Jmp, None);
                        self.patch_all_here(j);
                        if labels.is_empty() {
                            self.clause(alt)?;
                        } else {
                            self.labeled_block(labels, |c| c.clause(alt))?;
                        }
                        self.patch_here(end);
                    }
                    None => self.patch_all_here(j),
                }
            }
            Statement::ReturnStatement(r) => match &r.argument {
                Some(a) => {
                    let t = self.alloc();
                    self.expr_to(a, t)?;
                    if self.fr().flags.is_async && self.fr().flags.generator {
                        self.await_value(t, t)?;
                    }
                    self.compile_return(Some(t))?;
                }
                None => self.compile_return(None)?,
            },
            Statement::ThrowStatement(t) => {
                let r = self.expr_any(&t.argument)?;
                self.pos(t.span.start);
                self.emit(Op::Throw, &[r as u32]);
            }
            Statement::WhileStatement(w) => {
                // Test at the bottom: one branch per iteration.
                self.set_completion_undefined();
                let entry = self.emit_jump(Op::Jmp, None);
                let top = self.here();
                let ctx = self.loop_body(labels, None, None, |c| c.stmt(&w.body))?;
                self.patch_continues(ctx);
                self.patch_here(entry);
                let back = self.cond_jump(&w.test, true)?;
                self.patch_all_to(back, top);
                self.free_to(m);
                self.finish_loop_breaks();
            }
            Statement::DoWhileStatement(w) => {
                self.set_completion_undefined();
                let top = self.here();
                let ctx = self.loop_body(labels, None, None, |c| c.stmt(&w.body))?;
                self.patch_continues(ctx);
                let back = self.cond_jump(&w.test, true)?;
                self.patch_all_to(back, top);
                self.free_to(m);
                self.finish_loop_breaks();
            }
            Statement::ForStatement(f) => self.for_stmt(f, labels)?,
            Statement::ForInStatement(f) => self.for_in_stmt(f, labels)?,
            Statement::ForOfStatement(f) => self.for_of_stmt(f, labels)?,
            Statement::BreakStatement(b) => {
                let label = b.label.as_ref().map(|l| l.name.to_string());
                self.compile_break(label.as_deref(), b.span.start)?;
            }
            Statement::ContinueStatement(c) => {
                let label = c.label.as_ref().map(|l| l.name.to_string());
                self.compile_continue(label.as_deref(), c.span.start)?;
            }
            Statement::LabeledStatement(l) => {
                let mut labels = labels;
                labels.push(l.label.name.to_string());
                match &l.body {
                    Statement::ForStatement(_)
                    | Statement::ForInStatement(_)
                    | Statement::ForOfStatement(_)
                    | Statement::WhileStatement(_)
                    | Statement::DoWhileStatement(_)
                    | Statement::LabeledStatement(_) => {
                        self.f().pending_labels = labels;
                        self.stmt(&l.body)?;
                    }
                    body => {
                        self.labeled_block(labels, |c| c.stmt(body))?;
                    }
                }
            }
            Statement::SwitchStatement(sw) => self.switch_stmt(sw, labels)?,
            Statement::TryStatement(t) => self.try_stmt(t, labels)?,
            Statement::WithStatement(w) => {
                self.set_completion_undefined();
                let o = self.expr_temp(&w.object)?;
                self.emit(Op::PushWith, &[o as u32]);
                self.free_to(m);
                let level = self.fr().env_level + 1;
                self.f().env_level = level;
                let saved = self.fr().next_reg;
                let with_entry = self.fr().with_depth;
                let scope =
                    super::scope::Scope::new(Vec::new(), Some(level), saved, false, with_entry);
                self.f().scopes.push(scope);
                self.f().with_depth += 1;
                if labels.is_empty() {
                    self.stmt(&w.body)?;
                } else {
                    self.labeled_block(labels, |c| c.stmt(&w.body))?;
                }
                self.f().with_depth -= 1;
                self.exit_scope();
            }
            Statement::ImportDeclaration(_)
            | Statement::ExportAllDeclaration(_)
            | Statement::ExportDeclaration(_)
            | Statement::ExportFromDeclaration(_)
            | Statement::ExportNamedDeclaration(_)
            | Statement::ExportDefaultDeclaration(_) => self.module_stmt(s)?,
            Statement::TSTypeAliasDeclaration(_)
            | Statement::TSInterfaceDeclaration(_)
            | Statement::TSGlobalDeclaration(_) => {}
            Statement::TSEnumDeclaration(e) => {
                return self.err("TypeScript enums are not supported", e.span.start)
            }
            Statement::TSExternalModuleDeclaration(e) => {
                return self.err("TypeScript namespaces are not supported", e.span.start)
            }
            Statement::TSNamespaceDeclaration(e) => {
                return self.err("TypeScript namespaces are not supported", e.span.start)
            }
            Statement::TSImportEqualsDeclaration(e) => {
                return self.err("import = is not supported", e.span.start)
            }
            Statement::TSExportAssignment(e) => {
                return self.err("export = is not supported", e.span.start)
            }
            Statement::TSNamespaceExportDeclaration(e) => {
                return self.err("export as namespace is not supported", e.span.start)
            }
        }
        self.free_to(m);
        Ok(())
    }

    pub(crate) fn var_decl(&mut self, d: &VariableDeclaration) -> CResult<()> {
        if matches!(
            d.kind,
            VariableDeclarationKind::Using | VariableDeclarationKind::AwaitUsing
        ) {
            return self.err("'using' declarations are not supported", d.span.start);
        }
        for decl in &d.declarations {
            let m = self.mark();
            match (&decl.init, &decl.id) {
                (Some(init), BindingPattern::BindingIdentifier(id)) => {
                    if let Some(r) = self.init_in_place(id.name.as_str(), init) {
                        // Computed straight into the binding's register.
                        self.expr_to_named(init, r, id.name.as_str())?;
                        self.free_to(m);
                        continue;
                    }
                    let t = self.alloc();
                    self.expr_to_named(init, t, id.name.as_str())?;
                    self.pos(id.span.start);
                    self.init_name(id.name.as_str(), t, id.span.start)?;
                }
                (Some(init), pat) => {
                    let t = self.alloc();
                    self.expr_to(init, t)?;
                    self.bind_pattern(pat, t, BindMode::Init)?;
                }
                (None, BindingPattern::BindingIdentifier(id)) => {
                    if d.kind != VariableDeclarationKind::Var {
                        let t = self.alloc();
                        self.load_undef(t);
                        self.init_name(id.name.as_str(), t, id.span.start)?;
                    }
                }
                (None, _) => {}
            }
            self.free_to(m);
        }
        Ok(())
    }

    /// Annex B.3.3: in sloppy code a function declared in a block is also
    /// assigned to the var-scoped binding of its name when the declaration
    /// is evaluated (only for the declarations the instantiation selected).
    fn annex_b_function_copy(&mut self, f: &Function) -> CResult<()> {
        let Some(id) = &f.id else { return Ok(()) };
        if !self.fr().annex_b_fns.contains(&f.span.start) {
            return Ok(());
        }
        let name = id.name.as_str();
        // The block binding (innermost declaration).
        let Some(block_loc) = self.resolve_declared(name) else {
            return Ok(());
        };
        let t = self.alloc();
        self.load_loc(block_loc, t);
        match self.fr().kind {
            FnKind::Script => {
                // Mode 2: skipped if a global lexical binding took the name.
                let k = self.str_const(name);
                self.emit(Op::SetGlobal, &[k, t as u32, 2]);
            }
            FnKind::Eval => {
                let flag = self
                    .fr()
                    .annex_b_flags
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, r)| *r);
                if let Some(flag) = flag {
                    let j = self.emit_jump(Op::JmpFalse, Some(flag));
                    let k = self.str_const(name);
                    self.emit(Op::SetName, &[k, t as u32, 0]);
                    self.patch_here(j);
                }
            }
            _ => {
                let func_scope = self.fr().scopes.iter().rposition(|s| s.is_function_scope);
                let var_loc = func_scope.and_then(|i| {
                    self.fr().scopes[i]
                        .bindings()
                        .iter()
                        .find(|b| {
                            b.name == name && matches!(b.kind, BindKind::Var | BindKind::Function)
                        })
                        .map(|b| b.loc)
                });
                if let Some(loc) = var_loc {
                    self.store_loc(loc, t);
                }
            }
        }
        self.free_to(t);
        Ok(())
    }

    // ---- jump contexts ----

    fn push_ctx(&mut self, labels: Vec<String>, kind: JumpKind) {
        let env_level = self.fr().env_level;
        self.f().jumps.push(JumpCtx {
            labels,
            kind,
            break_patches: Vec::new(),
            env_level,
        });
    }

    fn pop_ctx_patch_breaks(&mut self) {
        if let Some(ctx) = self.f().jumps.pop() {
            for p in ctx.break_patches {
                self.patch_here(p);
            }
        }
    }

    /// A labeled non-loop statement: `break label` jumps past it.
    fn labeled_block(
        &mut self,
        labels: Vec<String>,
        body: impl FnOnce(&mut Self) -> CResult<()>,
    ) -> CResult<()> {
        self.push_ctx(labels, JumpKind::Block);
        body(self)?;
        self.pop_ctx_patch_breaks();
        Ok(())
    }

    /// Compile a loop body with a loop context; returns the context's
    /// continue patches (to be patched by the caller when the continue
    /// point is not known up front). The context stays pushed until
    /// `finish_loop_breaks`.
    fn loop_body(
        &mut self,
        labels: Vec<String>,
        continue_target: Option<usize>,
        iter: Option<Reg>,
        body: impl FnOnce(&mut Self) -> CResult<()>,
    ) -> CResult<Vec<usize>> {
        self.push_ctx(
            labels,
            JumpKind::Loop {
                continue_target,
                continue_patches: Vec::new(),
                iter,
                async_iter: false,
            },
        );
        body(self)?;
        let n = self.fr().jumps.len();
        let patches = match &mut self.f().jumps[n - 1].kind {
            JumpKind::Loop {
                continue_patches, ..
            } => std::mem::take(continue_patches),
            _ => Vec::new(),
        };
        Ok(patches)
    }

    fn patch_continues(&mut self, patches: Vec<usize>) {
        for p in patches {
            self.patch_here(p);
        }
    }

    fn finish_loop_breaks(&mut self) {
        self.pop_ctx_patch_breaks();
    }

    /// Emit the jumps that leave contexts `from..` towards context `target`
    /// (exclusive); handles envs, iterator closing and finally blocks.
    /// Returns false if a finally block took over the jump.
    fn leave_contexts(&mut self, target: usize, what: PendingWhat) -> CResult<bool> {
        let mut i = self.fr().jumps.len();
        while i > target {
            i -= 1;
            let (env_level, is_finally, iter) = {
                let ctx = &self.fr().jumps[i];
                let iter = match &ctx.kind {
                    JumpKind::IterClose { iter, done } => Some((*iter, false, Some(*done))),
                    // Leaving a for-of loop (break/continue to an outer
                    // statement, or return). Contexts below `target` are
                    // not visited: the loop a `continue` targets (and the
                    // loop a `break` targets, closed by `break_to`) stay
                    // out of this walk.
                    JumpKind::Loop {
                        iter: Some(it),
                        async_iter,
                        ..
                    } => Some((*it, *async_iter, None)),
                    _ => None,
                };
                (
                    ctx.env_level,
                    matches!(ctx.kind, JumpKind::Finally { .. }),
                    iter,
                )
            };
            if let Some((it, is_async, done)) = iter {
                self.pop_envs_to(env_level);
                // Destructuring: mark the iterator done first, so that an
                // error from its `return` is not caught by the pattern's own
                // handler and closed a second time.
                let skip = done.map(|d| {
                    let j = self.emit_jump(Op::JmpTrue, Some(d));
                    self.emit(Op::LoadTrue, &[d as u32]);
                    j
                });
                self.emit_iter_close(it, is_async)?;
                if let Some(j) = skip {
                    self.patch_here(j);
                }
            }
            if is_finally {
                self.pop_envs_to(env_level);
                let (kind_r, _val_r, idx) = {
                    let ctx = &mut self.f().jumps[i];
                    match &mut ctx.kind {
                        JumpKind::Finally { kind, val, pending } => {
                            let idx = pending.len() as i32;
                            pending.push(PendingJump {
                                index: idx,
                                what: what.clone(),
                            });
                            (*kind, *val, idx)
                        }
                        _ => unreachable_kind(),
                    }
                };
                self.emit(Op::LoadInt, &[kind_r as u32, (3 + idx) as u32]);
                let p = self.emit_jump(Op::Jmp, None);
                // Jumps into the finally block are patched with the
                // context's break list (the finally entry).
                self.f().jumps[i].break_patches.push(p);
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// IteratorClose for a break/continue/return leaving a for-of loop;
    /// for-await loops use AsyncIteratorClose (#sec-asynciteratorclose):
    /// call `return`, await its result, require an object.
    fn emit_iter_close(&mut self, it: Reg, is_async: bool) -> CResult<()> {
        if !is_async {
            self.emit(Op::IterClose, &[it as u32]);
            return Ok(());
        }
        let m = self.mark();
        let base = self.alloc_n(2);
        let r = self.alloc();
        let rk = self.str_const("return");
        let ic = self.new_ic();
        self.emit(Op::GetProp, &[base as u32, it as u32, rk, ic]);
        let none = self.emit_jump(Op::JmpNullish, Some(base));
        self.mov(base + 1, it);
        self.emit(Op::Call, &[r as u32, base as u32, 0]);
        self.await_value(r, r)?;
        self.emit(Op::RequireObject, &[r as u32]);
        self.patch_here(none);
        self.free_to(m);
        Ok(())
    }

    fn pop_envs_to(&mut self, level: u32) {
        let cur = self.fr().env_level;
        for _ in level..cur {
            self.emit(Op::PopEnv, &[]);
        }
    }

    fn find_break_target(&self, label: Option<&str>) -> Option<usize> {
        let jumps = &self.fr().jumps;
        (0..jumps.len()).rev().find(|&i| {
            let c = &jumps[i];
            match label {
                Some(l) => c.labels.iter().any(|x| x == l),
                None => matches!(c.kind, JumpKind::Loop { .. } | JumpKind::Switch),
            }
        })
    }

    pub(crate) fn compile_break(&mut self, label: Option<&str>, offset: u32) -> CResult<()> {
        let Some(t) = self.find_break_target(label) else {
            return self.err("Illegal break statement", offset);
        };
        self.break_to(t)
    }

    fn break_to(&mut self, t: usize) -> CResult<()> {
        // Leave every context above t, then t's own environments.
        if !self.leave_contexts(t + 1, PendingWhat::Break(t))? {
            return Ok(());
        }
        // Leaving the target loop itself closes its iterator.
        let (lvl, iter) = {
            let c = &self.fr().jumps[t];
            (
                c.env_level,
                if let JumpKind::Loop {
                    iter, async_iter, ..
                } = c.kind
                {
                    iter.map(|it| (it, async_iter))
                } else {
                    None
                },
            )
        };
        self.pop_envs_to(lvl);
        if let Some((it, is_async)) = iter {
            self.emit_iter_close(it, is_async)?;
        }
        let p = self.emit_jump(Op::Jmp, None);
        self.f().jumps[t].break_patches.push(p);
        Ok(())
    }

    pub(crate) fn compile_continue(&mut self, label: Option<&str>, offset: u32) -> CResult<()> {
        let jumps = &self.fr().jumps;
        let t = (0..jumps.len()).rev().find(|&i| {
            let c = &jumps[i];
            matches!(c.kind, JumpKind::Loop { .. })
                && label.is_none_or(|l| c.labels.iter().any(|x| x == l))
        });
        let Some(t) = t else {
            return self.err("Illegal continue statement", offset);
        };
        self.continue_to(t)
    }

    fn continue_to(&mut self, t: usize) -> CResult<()> {
        if !self.leave_contexts(t + 1, PendingWhat::Continue(t))? {
            return Ok(());
        }
        let lvl = self.fr().jumps[t].env_level;
        self.pop_envs_to(lvl);
        let target = match &self.fr().jumps[t].kind {
            JumpKind::Loop {
                continue_target, ..
            } => *continue_target,
            _ => None,
        };
        match target {
            Some(pc) => {
                self.emit(Op::Jmp, &[pc as u32]);
            }
            None => {
                let p = self.emit_jump(Op::Jmp, None);
                if let JumpKind::Loop {
                    continue_patches, ..
                } = &mut self.f().jumps[t].kind
                {
                    continue_patches.push(p);
                }
            }
        }
        Ok(())
    }

    /// `return` (value in `v`, or undefined), through finally blocks and
    /// iterator closing.
    pub(crate) fn compile_return(&mut self, v: Option<Reg>) -> CResult<()> {
        let plain = !self
            .fr()
            .jumps
            .iter()
            .any(|c| matches!(c.kind, JumpKind::Finally { .. }));
        if v.is_none() && plain {
            if !self.leave_contexts(0, PendingWhat::Return)? {
                return Ok(());
            }
            if self.fr().kind == FnKind::Script || self.fr().kind == FnKind::Eval {
                return self.err("Illegal return statement", 0);
            }
            self.emit(Op::RetUndef, &[]);
            return Ok(());
        }
        let r = match v {
            Some(r) => r,
            None => {
                let t = self.alloc();
                self.load_undef(t);
                t
            }
        };
        // Stash the value where the finally trampoline will find it.
        let innermost_finally = self
            .fr()
            .jumps
            .iter()
            .rposition(|c| matches!(c.kind, JumpKind::Finally { .. }));
        if let Some(fi) = innermost_finally {
            if let JumpKind::Finally { val, .. } = self.fr().jumps[fi].kind {
                // Iterators between here and the finally are closed first.
                self.mov(val, r);
            }
        }
        if !self.leave_contexts(0, PendingWhat::Return)? {
            return Ok(());
        }
        if self.fr().kind == FnKind::Script || self.fr().kind == FnKind::Eval {
            return self.err("Illegal return statement", 0);
        }
        self.emit(Op::Ret, &[r as u32]);
        Ok(())
    }

    // ---- loops ----

    fn for_stmt(&mut self, f: &ForStatement, labels: Vec<String>) -> CResult<()> {
        self.set_completion_undefined();
        let decls = match &f.init {
            Some(ForStatementInit::VariableDeclaration(d))
                if d.kind != VariableDeclarationKind::Var =>
            {
                lexical_decls(&[], false)
                    .into_iter()
                    .chain(d.declarations.iter().flat_map(|decl| {
                        let mut names = Vec::new();
                        pattern_names(&decl.id, &mut names);
                        let kind = if d.kind == VariableDeclarationKind::Const {
                            BindKind::Const
                        } else {
                            BindKind::Let
                        };
                        names
                            .into_iter()
                            .map(move |(n, _)| Decl {
                                name: n.to_string(),
                                kind,
                                decl_end: decl.span.end,
                                scope_start: f.span.start,
                            })
                            .collect::<Vec<_>>()
                    }))
                    .collect::<Vec<_>>()
            }
            _ => Vec::new(),
        };
        let scoped = !decls.is_empty();
        if scoped {
            self.enter_scope(&decls, false, false)?;
        }
        let per_iteration = scoped
            && self
                .fr()
                .scopes
                .last()
                .is_some_and(|s| s.env_level.is_some());
        match &f.init {
            Some(ForStatementInit::VariableDeclaration(d)) => self.var_decl(d)?,
            Some(other) => {
                if let Some(e) = other.as_expression() {
                    self.expr_discard(e)?;
                }
            }
            None => {}
        }
        if per_iteration {
            self.emit(Op::CopyEnv, &[]);
        }
        // Test at the bottom: one branch per iteration.
        let entry = f.test.as_ref().map(|_| self.emit_jump(Op::Jmp, None));
        let top = self.here();
        let cont = self.loop_body(labels, None, None, |c| c.stmt(&f.body))?;
        self.patch_continues(cont);
        if per_iteration {
            self.emit(Op::CopyEnv, &[]);
        }
        if let Some(u) = &f.update {
            self.expr_discard(u)?;
        }
        match (&f.test, entry) {
            (Some(t), Some(entry)) => {
                self.patch_here(entry);
                let m = self.mark();
                let back = self.cond_jump(t, true)?;
                self.patch_all_to(back, top);
                self.free_to(m);
            }
            _ => {
                self.emit(Op::Jmp, &[top as u32]);
            }
        }
        self.finish_loop_breaks();
        if scoped {
            self.exit_scope();
        }
        Ok(())
    }

    /// Declarations of a for-in/of head: (names, kind, is_var).
    fn loop_head_decls(left: &ForStatementLeft) -> (Vec<Decl>, bool) {
        match left {
            ForStatementLeft::VariableDeclaration(d) => {
                let kind = match d.kind {
                    VariableDeclarationKind::Const => BindKind::Const,
                    VariableDeclarationKind::Var => BindKind::Var,
                    _ => BindKind::Let,
                };
                let mut out = Vec::new();
                for decl in &d.declarations {
                    let mut names = Vec::new();
                    pattern_names(&decl.id, &mut names);
                    for (n, _) in names {
                        out.push(Decl {
                            name: n.to_string(),
                            kind,
                            decl_end: decl.span.end,
                            scope_start: 0,
                        });
                    }
                }
                (out, kind == BindKind::Var)
            }
            _ => (Vec::new(), true),
        }
    }

    /// Bind the loop variable from `val`.
    fn bind_loop_head(&mut self, left: &ForStatementLeft, val: Reg) -> CResult<()> {
        match left {
            ForStatementLeft::VariableDeclaration(d) => {
                if let Some(decl) = d.declarations.first() {
                    self.bind_pattern(&decl.id, val, BindMode::Init)?;
                }
            }
            other => {
                if let Some(t) = other.as_assignment_target() {
                    match t {
                        AssignmentTarget::AssignmentTargetIdentifier(id) => {
                            self.store_name(id.name.as_str(), val, id.span.start)?
                        }
                        _ => self.assign_target_pattern(t, val)?,
                    }
                }
            }
        }
        Ok(())
    }

    /// Evaluate a for-in/of head expression with the loop's lexical names
    /// in their TDZ.
    fn loop_head_expr(
        &mut self,
        decls: &[Decl],
        is_var: bool,
        e: &Expression,
        dst: Reg,
    ) -> CResult<()> {
        if !is_var && !decls.is_empty() {
            let tdz: Vec<Decl> = decls
                .iter()
                .map(|d| Decl {
                    decl_end: u32::MAX,
                    scope_start: 0,
                    ..d.clone()
                })
                .collect();
            self.enter_scope(&tdz, false, false)?;
            self.expr_to(e, dst)?;
            self.exit_scope();
        } else {
            self.expr_to(e, dst)?;
        }
        Ok(())
    }

    fn for_in_stmt(&mut self, f: &ForInStatement, labels: Vec<String>) -> CResult<()> {
        self.set_completion_undefined();
        let (decls, is_var) = Self::loop_head_decls(&f.left);
        // Annex B: `for (var x = init in o)`.
        if let ForStatementLeft::VariableDeclaration(d) = &f.left {
            if let Some(decl) = d.declarations.first() {
                if let (Some(init), BindingPattern::BindingIdentifier(id)) = (&decl.init, &decl.id)
                {
                    let t = self.alloc();
                    self.expr_to_named(init, t, id.name.as_str())?;
                    self.init_name(id.name.as_str(), t, id.span.start)?;
                    self.free_to(t);
                }
            }
        }
        let obj = self.alloc();
        self.loop_head_expr(&decls, is_var, &f.right, obj)?;
        let it = self.alloc();
        self.emit(Op::ForInPrepare, &[it as u32, obj as u32]);
        let val = self.alloc();
        let top = self.here();
        let done = {
            let s = self.emit(Op::ForInNext, &[val as u32, it as u32, 0]);
            s + Op::ForInNext.len() - 4
        };
        let cont = self.loop_body(labels, Some(top), None, |c| {
            if !is_var {
                c.enter_scope(&decls, false, false)?;
            }
            c.bind_loop_head(&f.left, val)?;
            c.stmt(&f.body)?;
            if !is_var {
                c.exit_scope();
            }
            Ok(())
        })?;
        self.patch_continues(cont);
        self.emit(Op::Jmp, &[top as u32]);
        self.patch_here(done);
        self.finish_loop_breaks();
        self.free_to(obj);
        Ok(())
    }

    fn for_of_stmt(&mut self, f: &ForOfStatement, labels: Vec<String>) -> CResult<()> {
        self.set_completion_undefined();
        let (decls, is_var) = Self::loop_head_decls(&f.left);
        let obj = self.alloc();
        self.loop_head_expr(&decls, is_var, &f.right, obj)?;
        let it = self.alloc_n(2);
        let is_await = f.r#await;
        self.emit(
            if is_await {
                Op::GetAsyncIterator
            } else {
                Op::GetIterator
            },
            &[it as u32, obj as u32],
        );
        let val = self.alloc();
        let exc = self.alloc();
        let env = self.alloc();
        let done_flag = self.alloc();
        self.emit(Op::SaveEnv, &[env as u32]);
        let top = self.here();
        let exit = if is_await {
            // next() result is awaited, then unwrapped.
            let res = self.alloc();
            self.emit(Op::IterCall, &[res as u32, it as u32]);
            self.await_value(res, res)?;
            self.emit(
                Op::IterResultUnwrap,
                &[val as u32, done_flag as u32, res as u32],
            );
            self.free_to(res);
            self.emit_jump(Op::JmpTrue, Some(done_flag))
        } else {
            let s = self.emit(Op::IterNext, &[val as u32, it as u32, 0]);
            s + Op::IterNext.len() - 4
        };
        let body_start = self.here();
        let cont = self.loop_body(labels, Some(top), Some(it), |c| {
            if is_await {
                if let Some(JumpKind::Loop { async_iter, .. }) =
                    c.f().jumps.last_mut().map(|j| &mut j.kind)
                {
                    *async_iter = true;
                }
            }
            if !is_var {
                c.enter_scope(&decls, false, false)?;
            }
            c.bind_loop_head(&f.left, val)?;
            c.stmt(&f.body)?;
            if !is_var {
                c.exit_scope();
            }
            Ok(())
        })?;
        let body_end = self.here();
        self.patch_continues(cont);
        self.emit(Op::Jmp, &[top as u32]);
        // A throw from the body closes the iterator (errors from return()
        // are swallowed) and propagates.
        let handler = self.here();
        if is_await {
            // AsyncIteratorClose with a throw completion: any error from
            // getting/calling `return` or awaiting its result is dropped
            // (a handler over this sequence resumes at the rethrow).
            let base = self.alloc_n(2);
            let r = self.alloc();
            let rk = self.str_const("return");
            let ic = self.new_ic();
            let quiet_start = self.here();
            self.emit(Op::GetProp, &[base as u32, it as u32, rk, ic]);
            let none = self.emit_jump(Op::JmpNullish, Some(base));
            self.mov(base + 1, it);
            self.emit(Op::Call, &[r as u32, base as u32, 0]);
            self.await_value(r, r)?;
            let quiet_end = self.here();
            self.patch_here(none);
            self.f().handlers.push(Handler {
                start: quiet_start as u32,
                end: quiet_end as u32,
                target: quiet_end as u32,
                reg: r,
                env_reg: env,
            });
            self.free_to(base);
        } else {
            self.emit(Op::IterCloseQuiet, &[it as u32]);
        }
        self.emit(Op::Throw, &[exc as u32]);
        self.f().handlers.push(Handler {
            start: body_start as u32,
            end: body_end as u32,
            target: handler as u32,
            reg: exc,
            env_reg: env,
        });
        self.patch_here(exit);
        self.finish_loop_breaks();
        self.free_to(obj);
        Ok(())
    }

    // ---- switch ----

    fn switch_stmt(&mut self, sw: &SwitchStatement, labels: Vec<String>) -> CResult<()> {
        self.set_completion_undefined();
        let disc = self.expr_temp(&sw.discriminant)?;
        let all: Vec<&Statement> = sw.cases.iter().flat_map(|c| c.consequent.iter()).collect();
        let mut decls = Vec::new();
        for c in &sw.cases {
            decls.extend(lexical_decls(&c.consequent, true));
        }
        let scoped = !decls.is_empty();
        if scoped {
            self.enter_scope(&decls, false, false)?;
            self.mark_scope_no_tdz_elision();
            for c in &sw.cases {
                self.hoist_functions(&c.consequent)?;
            }
        }
        let _ = all;
        let t = self.alloc();
        let mut case_jumps = Vec::new();
        for c in &sw.cases {
            if let Some(test) = &c.test {
                self.expr_to(test, t)?;
                self.emit(Op::StrictEq, &[t as u32, disc as u32, t as u32]);
                case_jumps.push(Some(self.emit_jump(Op::JmpTrue, Some(t))));
            } else {
                case_jumps.push(None);
            }
        }
        let default_jump = self.emit_jump(Op::Jmp, None);
        self.free_to(t);
        self.push_ctx(labels, JumpKind::Switch);
        let mut has_default = false;
        for (i, c) in sw.cases.iter().enumerate() {
            match case_jumps[i] {
                Some(j) => self.patch_here(j),
                None => {
                    has_default = true;
                    self.patch_here(default_jump);
                }
            }
            self.stmts(&c.consequent)?;
        }
        if !has_default {
            self.patch_here(default_jump);
        }
        self.pop_ctx_patch_breaks();
        if scoped {
            self.exit_scope();
        }
        Ok(())
    }

    // ---- try ----

    fn try_stmt(&mut self, t: &TryStatement, labels: Vec<String>) -> CResult<()> {
        self.set_completion_undefined();
        if !labels.is_empty() {
            return self.labeled_block(labels, |c| c.try_stmt(t, Vec::new()));
        }
        let env = self.alloc();
        self.emit(Op::SaveEnv, &[env as u32]);
        let exc = self.alloc();
        let fin = t.finalizer.as_ref().map(|_| {
            let kind = self.alloc();
            let val = self.alloc();
            (kind, val)
        });
        if let Some((kind, val)) = fin {
            self.emit(Op::LoadInt, &[kind as u32, 0]);
            self.load_undef(val);
            self.push_ctx(
                Vec::new(),
                JumpKind::Finally {
                    kind,
                    val,
                    pending: Vec::new(),
                },
            );
        }
        let try_start = self.here();
        self.block(&t.block.body)?;
        let try_end = self.here();
        let mut to_finally = Vec::new();
        to_finally.push(self.emit_jump(Op::Jmp, None));
        let mut catch_end = try_end;
        if let Some(h) = &t.handler {
            let target = self.here();
            self.f().handlers.push(Handler {
                start: try_start as u32,
                end: try_end as u32,
                target: target as u32,
                reg: exc,
                env_reg: env,
            });
            match &h.param {
                Some(p) => {
                    let mut names = Vec::new();
                    pattern_names(&p.pattern, &mut names);
                    let decls: Vec<Decl> = names
                        .iter()
                        .map(|(n, _)| Decl {
                            name: n.to_string(),
                            kind: BindKind::Let,
                            decl_end: 0,
                            scope_start: 0,
                        })
                        .collect();
                    self.enter_scope(&decls, false, false)?;
                    self.bind_pattern(&p.pattern, exc, BindMode::Init)?;
                    self.block(&h.body.body)?;
                    self.exit_scope();
                }
                None => self.block(&h.body.body)?,
            }
            catch_end = self.here();
            to_finally.push(self.emit_jump(Op::Jmp, None));
        }
        let Some((kind, val)) = fin else {
            for p in to_finally {
                self.patch_here(p);
            }
            self.free_to(env);
            return Ok(());
        };
        // Exceptions in try (and catch) → kind 1.
        let throw_target = self.here();
        self.f().handlers.push(Handler {
            start: try_start as u32,
            end: catch_end as u32,
            target: throw_target as u32,
            reg: val,
            env_reg: env,
        });
        self.emit(Op::LoadInt, &[kind as u32, 1]);
        let normal_entry = self.here();
        for p in to_finally {
            self.patch_to(p, normal_entry);
        }
        // Normal completion sets kind 0 on the way in.
        let ctx = self.f().jumps.pop();
        let Some(ctx) = ctx else {
            return self.err("internal: finally context", t.span.start);
        };
        let finally_start = self.here();
        // Jumps routed through this finally (break/continue/return) land here.
        for p in &ctx.break_patches {
            self.patch_to(*p, finally_start);
        }
        // Fix: normal path must set kind 0 before entering the finally body.
        // (the to_finally jumps were patched to `normal_entry`, which is after
        // the kind-1 store; the store only runs for exceptions.)
        let saved_completion = self.fr().completion;
        if saved_completion.is_some() {
            // The finally block's own values do not replace the completion.
            let scratch = self.alloc();
            self.f().completion = Some(scratch);
        }
        if let Some(f) = &t.finalizer {
            self.block(&f.body)?;
        }
        self.f().completion = saved_completion;
        // Dispatch on the completion kind.
        let JumpKind::Finally { pending, .. } = ctx.kind else {
            return self.err("internal: finally context", t.span.start);
        };
        let table = self.vm.new_array(0);
        let k = self.konst(Value::object(table));
        self.emit(Op::FinallyDispatch, &[kind as u32, val as u32, k]);
        let after = self.emit_jump(Op::Jmp, None);
        let mut targets = Vec::new();
        for pj in pending {
            let pc = self.here();
            targets.push(Value::int(pc as i32));
            match pj.what {
                PendingWhat::Break(tgt) => self.break_to(tgt)?,
                PendingWhat::Continue(tgt) => self.continue_to(tgt)?,
                PendingWhat::Return => self.compile_return(Some(val))?,
            }
            let _ = pj.index;
        }
        table.set_dense_elements(targets);
        self.patch_here(after);
        self.free_to(env);
        Ok(())
    }
}

fn unreachable_kind() -> (Reg, Reg, i32) {
    (0, 0, 0)
}
