//! Functions, classes, and the entry points: scripts, eval code, dynamic
//! functions (`new Function`).

use super::analysis::{Analyzer, FunctionInfo, PROGRAM_KEY};
use super::parse::{parse, Goal};
use super::pattern::BindMode;
use super::scope::{BindKind, Decl, Loc};
use super::stmt::{function_decls, lexical_decls, pattern_names, var_and_annex_b_names, var_names};
use super::{CResult, CompileError, Compiler, FnKind, FnState, Reg};
use crate::bytecode::{Code, CodeFlags, GlobalDecl, GlobalDeclKind, Op, Source};
use crate::gc::Gc;
use crate::value::Value;
use crate::vm::{Exception, Vm};
use oxc_allocator::Allocator;
use oxc_ast::ast::*;
use rustc_hash::{FxHashMap, FxHashSet};

/// The body of something callable.
enum Body<'b, 'a> {
    Statements(&'b FunctionBody<'a>),
    Expression(&'b Expression<'a>),
    None,
}

fn has_use_strict(directives: &[Directive]) -> bool {
    directives.iter().any(|d| d.directive == "use strict")
}

fn is_simple_params(p: &FormalParameters) -> bool {
    p.rest.is_none()
        && p.items.iter().all(|i| {
            i.initializer.is_none() && matches!(i.pattern, BindingPattern::BindingIdentifier(_))
        })
}

/// `length`: parameters before the first default or rest.
fn expected_args(p: &FormalParameters) -> u32 {
    let mut n = 0;
    for i in &p.items {
        if i.initializer.is_some() || matches!(i.pattern, BindingPattern::AssignmentPattern(_)) {
            break;
        }
        n += 1;
    }
    n
}

fn to_exception(vm: &mut Vm, e: CompileError, source: Option<&Source>) -> Exception {
    let msg = match source {
        Some(s) => {
            let (line, col) = s.line_col(e.offset);
            format!("{} ({}:{}:{})", e.message, s.name, line, col)
        }
        None => e.message,
    };
    vm.syntax_error(&msg)
}

/// Compile a classic script.
pub fn compile_script(vm: &mut Vm, text: &str, name: &str) -> Result<Gc<Code>, Exception> {
    super::on_compile_stack(|| compile_script_here(vm, text, name))
}

fn compile_script_here(vm: &mut Vm, text: &str, name: &str) -> Result<Gc<Code>, Exception> {
    let source = vm.heap.alloc(Source::new(name.to_string(), text));
    let alloc = Allocator::default();
    let program = match parse(&alloc, text, Goal::Script) {
        Ok(p) => p,
        Err(e) => return Err(to_exception(vm, e, Some(&source))),
    };
    let analysis = Analyzer::run(&program);
    let mut c = Compiler {
        vm,
        source,
        analysis,
        fns: Vec::new(),
        module_record: None,
        import_names: Vec::new(),
    };
    match c.script(&program) {
        Ok(code) => Ok(code),
        Err(e) => {
            let src = c.source;
            Err(to_exception(c.vm, e, Some(&src)))
        }
    }
}

/// Compile eval code. `direct` eval inherits the caller's strictness and
/// function context (`ctx`).
///
/// The parser only accepts `new.target`, `super` and friends inside the
/// right kind of function, so direct eval code from such a context is
/// parsed wrapped in one; the wrapper's body is then compiled as eval code.
pub fn compile_eval(
    vm: &mut Vm,
    text: &str,
    strict: bool,
    direct: bool,
    ctx: CodeFlags,
) -> Result<Gc<Code>, Exception> {
    super::on_compile_stack(|| compile_eval_here(vm, text, strict, direct, ctx))
}

fn compile_eval_here(
    vm: &mut Vm,
    text: &str,
    strict: bool,
    direct: bool,
    ctx: CodeFlags,
) -> Result<Gc<Code>, Exception> {
    let directive = if strict { "\"use strict\";" } else { "" };
    let (prefix, suffix, wrapped) = if !direct || ctx.is_script {
        (directive.to_string(), "", false)
    } else if ctx.eval_super_call {
        (
            format!("(class extends Object {{ constructor() {{{directive}\n"),
            "\n}})",
            true,
        )
    } else if ctx.eval_super_property {
        (format!("({{ m() {{{directive}\n"), "\n}})", true)
    } else {
        (format!("(function () {{{directive}\n"), "\n})", true)
    };
    let full = format!("{prefix}{text}{suffix}");
    let origin = vm.eval_origin();
    let source = vm
        .heap
        .alloc(Source::new_eval(&full, origin, prefix.len() as u32));
    let alloc = Allocator::default();
    let program = match parse(&alloc, &full, Goal::Script) {
        Ok(p) => p,
        Err(e) => return Err(to_exception(vm, e, None)),
    };
    let (directives, body): (&[Directive], &[Statement]) = if wrapped {
        match wrapped_body(&program) {
            Some(b) => (&b.directives, &b.statements),
            None => return Err(vm.syntax_error("Invalid eval code")),
        }
    } else {
        (&program.directives, &program.body)
    };
    // The "use strict" we put in front (for a strict caller) is not part
    // of the eval code: it must not become the completion value.
    let directives = if strict {
        directives.get(1..).unwrap_or(&[])
    } else {
        directives
    };
    let analysis = Analyzer::run(&program);
    // PerformEval: in a class field initializer, eval code may not
    // mention `arguments` (outside nested non-arrow functions).
    if wrapped && ctx.eval_in_field {
        let key = wrapped_function_start(&program);
        let uses = key
            .and_then(|k| analysis.functions.get(&k))
            .is_some_and(|i| i.uses_arguments);
        if uses {
            return Err(vm.syntax_error("'arguments' is not allowed in class field initializer"));
        }
    }
    let mut c = Compiler {
        vm,
        source,
        analysis,
        fns: Vec::new(),
        module_record: None,
        import_names: Vec::new(),
    };
    match c.eval_code(directives, body, strict, program.span.end, ctx) {
        Ok(code) => Ok(code),
        Err(e) => Err(to_exception(c.vm, e, None)),
    }
}

/// The body of the single function the eval wrapper put around the code.
fn wrapped_body<'b, 'a>(program: &'b Program<'a>) -> Option<&'b FunctionBody<'a>> {
    wrapped_function(program).and_then(|f| f.body.as_deref())
}

/// The span start (the analysis key) of the eval wrapper's function.
fn wrapped_function_start(program: &Program) -> Option<u32> {
    wrapped_function(program).map(|f| f.span.start)
}

/// The single function the eval wrapper put around the code.
fn wrapped_function<'b, 'a>(program: &'b Program<'a>) -> Option<&'b Function<'a>> {
    let [Statement::ExpressionStatement(es)] = program.body.as_slice() else {
        return None;
    };
    let Expression::ParenthesizedExpression(p) = &es.expression else {
        return None;
    };
    match &p.expression {
        Expression::FunctionExpression(f) => Some(f),
        Expression::ObjectExpression(o) => match o.properties.first() {
            Some(ObjectPropertyKind::ObjectProperty(prop)) => match &prop.value {
                Expression::FunctionExpression(f) => Some(f),
                _ => None,
            },
            _ => None,
        },
        Expression::ClassExpression(c) => c.body.body.iter().find_map(|el| match el {
            ClassElement::MethodDefinition(md) if md.kind == MethodDefinitionKind::Constructor => {
                Some(&*md.value)
            }
            _ => None,
        }),
        _ => None,
    }
}

/// Kinds of dynamic function (`Function`, `GeneratorFunction`, …).
#[derive(Copy, Clone, PartialEq, Eq)]
pub enum DynamicKind {
    Normal,
    Generator,
    Async,
    AsyncGenerator,
}

/// CreateDynamicFunction: compile `params` and `body` into a function
/// object in the current realm's global scope.
pub fn compile_dynamic_function(
    vm: &mut Vm,
    kind: DynamicKind,
    params: &str,
    body: &str,
) -> Result<Value, Exception> {
    super::on_compile_stack(|| compile_dynamic_function_here(vm, kind, params, body))
}

fn compile_dynamic_function_here(
    vm: &mut Vm,
    kind: DynamicKind,
    params: &str,
    body: &str,
) -> Result<Value, Exception> {
    let prefix = match kind {
        DynamicKind::Normal => "function",
        DynamicKind::Generator => "function*",
        DynamicKind::Async => "async function",
        DynamicKind::AsyncGenerator => "async function*",
    };
    let fn_text = format!("{prefix} anonymous({params}\n) {{\n{body}\n}}");
    let text = format!("({fn_text})");
    // V8 reports `Function` bodies as eval code made where `Function` was
    // called; their lines count from the synthesized `(function
    // anonymous(` text.
    let origin = vm.eval_origin();
    let mut src = Source::new_eval(&text, origin, 1);
    src.name = "anonymous".to_string();
    let source = vm.heap.alloc(src);
    let alloc = Allocator::default();
    let program = match parse(&alloc, &text, Goal::Script) {
        Ok(p) => p,
        Err(e) => return Err(to_exception(vm, e, None)),
    };
    // The whole text must be exactly one function expression whose body
    // is what we were given (no early close of the function).
    // Offset of the body's `{` (the FunctionBody span starts there).
    let body_start = (1 + prefix.len() + " anonymous(".len() + params.len() + "\n) ".len()) as u32;
    let func = match program.body.as_slice() {
        [Statement::ExpressionStatement(es)] if program.directives.is_empty() => {
            match &es.expression {
                Expression::ParenthesizedExpression(p) => match &p.expression {
                    Expression::FunctionExpression(f)
                        if f.span.start == 1 && f.span.end as usize == text.len() - 1 =>
                    {
                        let ok = f.body.as_ref().is_some_and(|b| b.span.start == body_start);
                        if ok {
                            Some(f)
                        } else {
                            None
                        }
                    }
                    _ => None,
                },
                _ => None,
            }
        }
        _ => None,
    };
    let Some(func) = func else {
        return Err(vm.syntax_error("Invalid function body or parameters"));
    };
    let analysis = Analyzer::run(&program);
    let mut c = Compiler {
        vm,
        source,
        analysis,
        fns: Vec::new(),
        module_record: None,
        import_names: Vec::new(),
    };
    let mut top = FnState::new(FnKind::Script, FunctionInfo::default(), 0);
    top.flags.is_script = true;
    c.fns.push(top);
    let r = c.compile_function(func, FnKind::Normal, None).map(|code| {
        let code_v = Value::cell(code);
        c.vm.new_closure(code_v, None)
    });
    match r {
        Ok(f) => Ok(f),
        Err(e) => Err(to_exception(c.vm, e, None)),
    }
}

impl<'v> Compiler<'v> {
    pub(crate) fn info_for(&self, key: u32) -> FunctionInfo {
        self.analysis
            .functions
            .get(&key)
            .cloned()
            .unwrap_or_default()
    }

    fn script(&mut self, program: &Program) -> CResult<Gc<Code>> {
        let info = self.info_for(PROGRAM_KEY);
        let mut st = FnState::new(FnKind::Script, info, 0);
        st.flags.strict = has_use_strict(&program.directives);
        st.flags.is_script = true;
        st.span = (0, program.span.end);
        // Global declarations, checked and created by DeclareGlobals.
        let annex_b = !st.flags.strict;
        let mut vars = Vec::new();
        let mut annex = Vec::new();
        var_and_annex_b_names(&program.body, annex_b, &mut vars, &mut annex);
        st.annex_b_fns = annex.iter().map(|(_, at)| *at).collect();
        let mut decls: Vec<GlobalDecl> = Vec::new();
        // Names already in `decls` (a set: scripts may declare many
        // thousands of globals).
        let mut declared: FxHashSet<&str> = FxHashSet::default();
        let mut lexical: FxHashSet<String> = FxHashSet::default();
        let intern = |vm: &mut Vm, s: &str| vm.interner.intern_str(&vm.heap, s);
        for f in function_decls(&program.body) {
            if let Some(id) = &f.id {
                if declared.insert(id.name.as_str()) {
                    let name = intern(self.vm, id.name.as_str());
                    decls.push(GlobalDecl {
                        name,
                        kind: GlobalDeclKind::Function,
                    });
                }
            }
        }
        for (v, _) in &vars {
            if declared.insert(v) {
                let name = intern(self.vm, v);
                decls.push(GlobalDecl {
                    name,
                    kind: GlobalDeclKind::Var,
                });
            }
        }
        // B.3.3.2: block functions get a var binding when the global
        // environment allows it (decided by DeclareGlobals at run time).
        for (v, _) in &annex {
            if declared.insert(v) {
                let name = intern(self.vm, v);
                decls.push(GlobalDecl {
                    name,
                    kind: GlobalDeclKind::AnnexBFunction,
                });
            }
        }
        for d in lexical_decls(&program.body, false) {
            let name = intern(self.vm, &d.name);
            let kind = match d.kind {
                BindKind::Const => GlobalDeclKind::Const,
                BindKind::Class => GlobalDeclKind::Class,
                _ => GlobalDeclKind::Let,
            };
            lexical.insert(d.name.clone());
            decls.push(GlobalDecl { name, kind });
        }
        st.global_lexical = lexical;
        st.global_decls = decls;
        self.fns.push(st);
        self.emit(Op::DeclareGlobals, &[0]);
        self.enter_scope(
            &[Decl {
                name: "this".into(),
                kind: BindKind::Special,
                decl_end: 0,
                scope_start: 0,
            }],
            true,
            false,
        )?;
        self.pin_register("this", 1);
        self.copy_specials_to_env()?;
        let completion = self.alloc();
        self.load_undef(completion);
        self.directive_completion(&program.directives, completion);
        self.f().completion = Some(completion);
        self.hoist_functions(&program.body)?;
        self.stmts(&program.body)?;
        self.emit(Op::Ret, &[completion as u32]);
        let st = self.fns.pop().ok_or(CompileError {
            message: "internal".into(),
            offset: 0,
        })?;
        self.finish_code(st)
    }

    fn eval_code(
        &mut self,
        directives: &[Directive],
        body: &[Statement],
        caller_strict: bool,
        end: u32,
        ctx: CodeFlags,
    ) -> CResult<Gc<Code>> {
        let info = self.info_for(PROGRAM_KEY);
        let mut st = FnState::new(FnKind::Eval, info, 0);
        // Eval code inside it sees the caller's context (nested eval).
        st.flags.eval_super_property = ctx.eval_super_property;
        st.flags.eval_super_call = ctx.eval_super_call;
        st.flags.eval_in_field = ctx.eval_in_field;
        let strict = caller_strict || has_use_strict(directives);
        st.flags.strict = strict;
        st.dynamic_refs = !strict;
        st.span = (0, end);
        self.fns.push(st);
        let mut decls = vec![
            Decl {
                name: "this".into(),
                kind: BindKind::Special,
                decl_end: 0,
                scope_start: 0,
            },
            Decl {
                name: "%fn".into(),
                kind: BindKind::Special,
                decl_end: 0,
                scope_start: 0,
            },
            Decl {
                name: "new.target".into(),
                kind: BindKind::Special,
                decl_end: 0,
                scope_start: 0,
            },
        ];
        let mut vars = Vec::new();
        let mut annex = Vec::new();
        var_and_annex_b_names(body, !strict, &mut vars, &mut annex);
        self.f().annex_b_fns = annex.iter().map(|(_, at)| *at).collect();
        let fdecls = function_decls(body);
        // PerformEval from parameter initialisers: the eval's vars would
        // land beside the function's `arguments` binding.
        let declares_arguments = vars.iter().any(|(v, _)| *v == "arguments")
            || fdecls
                .iter()
                .any(|f| f.id.as_ref().is_some_and(|i| i.name == "arguments"));
        if !strict && ctx.eval_in_params && declares_arguments {
            return self.err(
                "'arguments' cannot be declared by eval in parameter expressions",
                0,
            );
        }
        if strict {
            for (v, _) in &vars {
                decls.push(Decl {
                    name: v.to_string(),
                    kind: BindKind::Var,
                    decl_end: 0,
                    scope_start: 0,
                });
            }
            for f in &fdecls {
                if let Some(id) = &f.id {
                    decls.push(Decl {
                        name: id.name.to_string(),
                        kind: BindKind::Function,
                        decl_end: 0,
                        scope_start: 0,
                    });
                }
            }
        }
        decls.extend(lexical_decls(body, false));
        self.enter_scope(&decls, true, false)?;
        self.pin_register("this", 1);
        self.pin_register("%fn", 0);
        if let Some(Loc::Reg(r)) = self.resolve_declared("new.target") {
            self.emit(Op::GetNewTarget, &[r as u32]);
        } else if let Some(loc) = self.resolve_declared("new.target") {
            let t = self.alloc();
            self.emit(Op::GetNewTarget, &[t as u32]);
            self.store_loc(loc, t);
            self.free_to(t);
        }
        self.copy_specials_to_env()?;
        if !strict {
            // Sloppy eval: var and function declarations land in the
            // caller's variable scope (or the global object).
            let t = self.alloc();
            for f in &fdecls {
                if let Some(id) = &f.id {
                    self.function_expr(f, t, None)?;
                    let k = self.str_const(id.name.as_str());
                    self.emit(Op::DeclareEvalFunction, &[k, t as u32]);
                }
            }
            for (v, _) in &vars {
                if fdecls
                    .iter()
                    .any(|f| f.id.as_ref().is_some_and(|i| i.name.as_str() == *v))
                {
                    continue;
                }
                let k = self.str_const(v);
                self.emit(Op::DeclareEvalVar, &[k]);
            }
            self.free_to(t);
            // B.3.3.3: whether each block function name may be declared
            // depends on the caller's scopes; the flag registers stay
            // allocated for the whole eval body.
            for (v, _) in &annex {
                if self.fr().annex_b_flags.iter().any(|(n, _)| n == v) {
                    continue;
                }
                let flag = self.alloc();
                let k = self.str_const(v);
                self.emit(Op::DeclareEvalAnnexB, &[flag as u32, k]);
                self.f().annex_b_flags.push((v.to_string(), flag));
            }
        } else {
            self.hoist_functions(body)?;
        }
        let completion = self.alloc();
        self.load_undef(completion);
        self.directive_completion(directives, completion);
        self.f().completion = Some(completion);
        self.stmts(body)?;
        self.emit(Op::Ret, &[completion as u32]);
        let st = self.fns.pop().ok_or(CompileError {
            message: "internal".into(),
            offset: 0,
        })?;
        self.finish_code(st)
    }

    /// A directive prologue is made of expression statements: the last
    /// one's string is the completion value if nothing follows.
    fn directive_completion(&mut self, directives: &[Directive], completion: Reg) {
        if let Some(d) = directives.last() {
            let units = super::expr::decode_string(
                d.expression.value.as_str(),
                d.expression.lone_surrogates,
            );
            self.load_string_units(&units, completion);
        }
    }

    /// Make an existing register-binding use a fixed register (r0, r1, or a
    /// parameter slot) instead of the one `enter_scope` allocated.
    pub(crate) fn pin_register(&mut self, name: &str, reg: Reg) {
        if let Some(s) = self.f().scopes.last_mut() {
            if let Some(b) = s.find_mut(name) {
                if let Loc::Reg(_) = b.loc {
                    b.loc = Loc::Reg(reg);
                }
            }
        }
    }

    /// Specials captured by closures live in the environment: copy them in.
    pub(crate) fn copy_specials_to_env(&mut self) -> CResult<()> {
        for (name, reg) in [("this", 1u16), ("%fn", 0u16)] {
            if let Some(loc @ Loc::Env { .. }) = self.resolve_declared(name) {
                self.store_loc(loc, reg);
            }
        }
        if let Some(loc @ Loc::Env { .. }) = self.resolve_declared("new.target") {
            let t = self.alloc();
            self.emit(Op::GetNewTarget, &[t as u32]);
            self.store_loc(loc, t);
            self.free_to(t);
        }
        Ok(())
    }

    // ---- function expressions ----

    pub(crate) fn function_expr(
        &mut self,
        f: &Function,
        dst: Reg,
        name: Option<&str>,
    ) -> CResult<()> {
        let code = self.compile_function(f, FnKind::Normal, name)?;
        let k = self.konst(Value::cell(code));
        self.emit(Op::NewClosure, &[dst as u32, k]);
        Ok(())
    }

    /// A method (object literal or class): not a constructor.
    pub(crate) fn method_function(
        &mut self,
        f: &Function,
        dst: Reg,
        name: Option<&str>,
        kind: FnKind,
    ) -> CResult<()> {
        let code = self.compile_function(f, kind, name)?;
        let k = self.konst(Value::cell(code));
        self.emit(Op::NewClosure, &[dst as u32, k]);
        Ok(())
    }

    pub(crate) fn arrow_expr(
        &mut self,
        a: &ArrowFunctionExpression,
        dst: Reg,
        name: Option<&str>,
    ) -> CResult<()> {
        let body = match &a.body {
            ArrowFunctionBody::FunctionBody(b) => Body::Statements(b),
            other => match other.as_expression() {
                Some(e) => Body::Expression(e),
                None => Body::None,
            },
        };
        let code = self.compile_callable_named(
            a.span,
            &a.params,
            body,
            FnKind::Arrow,
            name,
            false,
            a.r#async,
            None,
        )?;
        let k = self.konst(Value::cell(code));
        self.emit(Op::NewClosure, &[dst as u32, k]);
        Ok(())
    }

    pub(crate) fn compile_function(
        &mut self,
        f: &Function,
        kind: FnKind,
        name: Option<&str>,
    ) -> CResult<Gc<Code>> {
        let body = match &f.body {
            Some(b) => Body::Statements(b),
            None => Body::None,
        };
        let own_name = f.id.as_ref().map(|i| i.name.as_str());
        let fname = own_name.or(name);
        // A named function expression binds its own name inside.
        let self_binding = matches!(f.r#type, FunctionType::FunctionExpression)
            && own_name.is_some()
            && kind == FnKind::Normal;
        let _ = self_binding;
        self.compile_callable_named(
            f.span,
            &f.params,
            body,
            kind,
            fname,
            f.generator,
            f.r#async,
            if self_binding { own_name } else { None },
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn compile_callable_named(
        &mut self,
        span: oxc_span::Span,
        params: &FormalParameters,
        body: Body,
        kind: FnKind,
        name: Option<&str>,
        generator: bool,
        is_async: bool,
        self_name: Option<&str>,
    ) -> CResult<Gc<Code>> {
        self.stack_guard(span.start)?;
        let info = self.info_for(span.start);
        let parent = self.fr();
        let parent_strict = parent.flags.strict;
        let parent_dynamic = parent.dynamic_refs;
        let parent_eval = (
            parent.flags.eval_super_property,
            parent.flags.eval_super_call,
            parent.flags.eval_in_field,
        );
        let base_env = parent.env_level;
        let mut st = FnState::new(kind, info, base_env);
        let directives_strict = match &body {
            Body::Statements(b) => has_use_strict(&b.directives),
            _ => false,
        };
        let strict = parent_strict
            || directives_strict
            || matches!(kind, FnKind::BaseConstructor | FnKind::DerivedConstructor);
        st.flags.strict = strict;
        st.dynamic_refs = parent_dynamic || (st.info.has_direct_eval && !strict);
        st.flags.arrow = kind == FnKind::Arrow;
        st.flags.generator = generator;
        st.flags.is_async = is_async;
        st.flags.method = matches!(kind, FnKind::Method | FnKind::FieldInit);
        if kind == FnKind::Arrow {
            st.flags.eval_super_property = parent_eval.0;
            st.flags.eval_super_call = parent_eval.1;
            st.flags.eval_in_field = parent_eval.2;
        } else {
            st.flags.eval_super_property = matches!(
                kind,
                FnKind::Method
                    | FnKind::FieldInit
                    | FnKind::BaseConstructor
                    | FnKind::DerivedConstructor
            );
            st.flags.eval_super_call = kind == FnKind::DerivedConstructor;
        }
        st.flags.class_constructor =
            matches!(kind, FnKind::BaseConstructor | FnKind::DerivedConstructor);
        st.flags.derived = kind == FnKind::DerivedConstructor;
        st.flags.is_constructor = matches!(
            kind,
            FnKind::Normal | FnKind::BaseConstructor | FnKind::DerivedConstructor
        ) && !generator
            && !is_async;
        st.flags.sloppy_this = !strict && kind != FnKind::Arrow;
        st.flags.simple_params = is_simple_params(params);
        st.flags.uses_arguments = st.info.uses_arguments;
        st.nparams = params.items.len() as u32;
        st.length = expected_args(params);
        st.next_reg = 2 + st.nparams;
        st.max_reg = st.next_reg;
        let child_span = self.fns.last_mut().and_then(|p| p.child_span.take());
        st.span = child_span.unwrap_or((span.start, span.end));
        st.name = match name {
            Some(n) => Value::string(self.vm.interner.intern_str(&self.vm.heap, n)),
            None => Value::UNDEFINED,
        };
        self.fns.push(st);
        let r = self.function_body(params, &body, kind, self_name);
        let st = match self.fns.pop() {
            Some(s) => s,
            None => return self.err("internal: function state", span.start),
        };
        r?;
        self.finish_code(st)
    }

    fn function_body(
        &mut self,
        params: &FormalParameters,
        body: &Body,
        kind: FnKind,
        self_name: Option<&str>,
    ) -> CResult<()> {
        let is_async = self.fr().flags.is_async;
        let generator = self.fr().flags.generator;
        if is_async && !generator {
            // The promise exists before parameters are evaluated.
            self.emit(Op::GeneratorStart, &[]);
        }
        let stmts: &[Statement] = match body {
            Body::Statements(b) => &b.statements,
            _ => &[],
        };
        // The function's own name (named function expressions), in a scope
        // of its own outside the parameters.
        if let Some(n) = self_name {
            let d = Decl {
                name: n.to_string(),
                kind: BindKind::FuncName,
                decl_end: 0,
                scope_start: 0,
            };
            self.enter_scope(&[d], false, false)?;
            if let Some(loc) = self.resolve_declared(n) {
                self.store_loc(loc, 0);
            }
        }
        let mut decls: Vec<Decl> = Vec::new();
        let is_arrow = kind == FnKind::Arrow;
        if !is_arrow {
            for n in ["this", "%fn", "new.target"] {
                decls.push(Decl {
                    name: n.into(),
                    kind: BindKind::Special,
                    decl_end: 0,
                    scope_start: 0,
                });
            }
        }
        let mut param_names = Vec::new();
        for p in &params.items {
            pattern_names(&p.pattern, &mut param_names);
        }
        if let Some(r) = &params.rest {
            pattern_names(&r.rest.argument, &mut param_names);
        }
        // Parameters of a non-simple list have a TDZ (`(a = b, b) => …`).
        let simple_list = self.fr().flags.simple_params;
        let pkind = if simple_list {
            BindKind::Param
        } else {
            BindKind::Let
        };
        for (n, _) in &param_names {
            decls.push(Decl {
                name: n.to_string(),
                kind: pkind,
                decl_end: 0,
                scope_start: 0,
            });
        }
        let strict = self.fr().flags.strict;
        let mut vars = Vec::new();
        let mut annex = Vec::new();
        var_and_annex_b_names(stmts, !strict, &mut vars, &mut annex);
        // B.3.3.1: not for a parameter's name; and a block function named
        // `arguments` leaves the arguments object alone.
        annex.retain(|(n, _)| *n != "arguments" && !param_names.iter().any(|(p, _)| p == n));
        self.f().annex_b_fns = annex.iter().map(|(_, at)| *at).collect();
        vars.extend(annex.iter().copied());
        let fdecls = function_decls(stmts);
        let mut lex = lexical_decls(stmts, false);
        // The function's own text (parameters included) is the scope.
        let fn_start = self.fr().span.0;
        for d in &mut lex {
            d.scope_start = fn_start;
        }
        let needs_arguments = !is_arrow
            && self.fr().info.uses_arguments
            && !param_names.iter().any(|(n, _)| *n == "arguments")
            && !fdecls
                .iter()
                .any(|f| f.id.as_ref().is_some_and(|i| i.name == "arguments"))
            && !lex.iter().any(|d| d.name == "arguments");
        if needs_arguments {
            decls.push(Decl {
                name: "arguments".into(),
                kind: BindKind::Var,
                decl_end: 0,
                scope_start: 0,
            });
        }
        // A mapped `arguments` object aliases the parameters: they must live
        // in the environment.
        let mapped_arguments = needs_arguments && !strict && simple_list;
        if mapped_arguments {
            let names: Vec<String> = param_names.iter().map(|(n, _)| n.to_string()).collect();
            self.f().force_capture.extend(names);
        }
        for (v, _) in &vars {
            decls.push(Decl {
                name: v.to_string(),
                kind: BindKind::Var,
                decl_end: 0,
                scope_start: 0,
            });
        }
        for f in &fdecls {
            if let Some(id) = &f.id {
                decls.push(Decl {
                    name: id.name.to_string(),
                    kind: BindKind::Function,
                    decl_end: 0,
                    scope_start: 0,
                });
            }
        }
        decls.extend(lex);
        let named = self.fr().named_envs;
        self.enter_scope(&decls, true, named)?;
        if !is_arrow {
            self.pin_register("this", 1);
            self.pin_register("%fn", 0);
            if let Some(Loc::Reg(r)) = self.resolve_declared("new.target") {
                // Only materialise new.target when something may read it.
                let src = &self.source.text;
                let (s, e) = self.fr().span;
                let text = src.get(s as usize..e as usize).unwrap_or("");
                if text.contains("new.target") || text.contains("super") || text.contains("eval") {
                    self.emit(Op::GetNewTarget, &[r as u32]);
                }
            }
            self.copy_specials_to_env()?;
        }
        // Simple parameters that stay in registers use their argument slots.
        let simple = self.fr().flags.simple_params;
        if simple {
            // Duplicate names (sloppy): the last one wins.
            let mut last: FxHashMap<&str, usize> = FxHashMap::default();
            for (i, p) in params.items.iter().enumerate() {
                if let BindingPattern::BindingIdentifier(id) = &p.pattern {
                    last.insert(id.name.as_str(), i);
                }
            }
            for (i, p) in params.items.iter().enumerate() {
                if let BindingPattern::BindingIdentifier(id) = &p.pattern {
                    if last.get(id.name.as_str()) != Some(&i) {
                        continue;
                    }
                    match self.resolve_declared(id.name.as_str()) {
                        Some(Loc::Reg(_)) => self.pin_register(id.name.as_str(), 2 + i as Reg),
                        Some(loc) => self.store_loc(loc, 2 + i as Reg),
                        None => {}
                    }
                }
            }
        }
        if needs_arguments {
            if let Some(loc) = self.resolve_declared("arguments") {
                let t = self.alloc();
                let mapping = if mapped_arguments {
                    // Slot of each parameter position (-1: shadowed by a
                    // later duplicate, or not in this environment).
                    let mut slots = Vec::new();
                    for (i, p) in params.items.iter().enumerate() {
                        let BindingPattern::BindingIdentifier(id) = &p.pattern else {
                            continue;
                        };
                        let last = params.items.iter().rposition(|q| matches!(&q.pattern, BindingPattern::BindingIdentifier(x) if x.name == id.name));
                        let slot = match (last == Some(i), self.resolve_declared(id.name.as_str()))
                        {
                            (true, Some(Loc::Env { level, slot }))
                                if level == self.fr().env_level =>
                            {
                                slot as i32
                            }
                            _ => -1,
                        };
                        slots.push(Value::int(slot));
                    }
                    let arr = self.vm.create_array_from_list(&slots);
                    self.konst(Value::object(arr))
                } else {
                    self.konst(Value::UNDEFINED)
                };
                self.emit(Op::GetArguments, &[t as u32, mapping]);
                self.store_loc(loc, t);
                self.free_to(t);
            }
        }
        if !simple {
            // Parameters with defaults/patterns are initialised in order.
            self.f().in_params = kind != FnKind::Arrow;
            let t = self.alloc();
            for (i, p) in params.items.iter().enumerate() {
                self.mov(t, 2 + i as Reg);
                if let Some(init) = &p.initializer {
                    let j = self.emit_jump(Op::JmpNotUndefined, Some(t));
                    match &p.pattern {
                        BindingPattern::BindingIdentifier(id) => {
                            self.expr_to_named(init, t, id.name.as_str())?
                        }
                        _ => self.expr_to(init, t)?,
                    }
                    self.patch_here(j);
                }
                self.bind_pattern(&p.pattern, t, BindMode::Init)?;
            }
            if let Some(r) = &params.rest {
                self.emit(Op::GetRest, &[t as u32, params.items.len() as u32]);
                self.bind_pattern(&r.rest.argument, t, BindMode::Init)?;
            }
            self.free_to(t);
            self.f().in_params = false;
        }
        self.hoist_functions(stmts)?;
        if generator {
            self.emit(Op::GeneratorStart, &[]);
        }
        match body {
            Body::Statements(_) => {
                self.stmts(stmts)?;
                self.compile_return(None)?;
            }
            Body::Expression(e) => {
                let t = self.alloc();
                self.expr_to(e, t)?;
                self.compile_return(Some(t))?;
            }
            Body::None => self.compile_return(None)?,
        }
        Ok(())
    }

    // ---- classes ----

    pub(crate) fn class_expr(&mut self, c: &Class, dst: Reg, name: Option<&str>) -> CResult<()> {
        let own = c.id.as_ref().map(|i| i.name.to_string());
        let nm = own
            .clone()
            .or(name.map(|s| s.to_string()))
            .unwrap_or_default();
        self.class_body(c, dst, &nm, own.as_deref(), None)
    }

    pub(crate) fn class_expr_dyn_name(&mut self, c: &Class, dst: Reg, key: Reg) -> CResult<()> {
        self.class_body(c, dst, "", None, Some(key))
    }

    fn class_body(
        &mut self,
        c: &Class,
        dst: Reg,
        name: &str,
        inner_name: Option<&str>,
        dyn_name: Option<Reg>,
    ) -> CResult<()> {
        let m = self.mark();
        // Class scope: the inner name and the private names.
        let mut decls = Vec::new();
        if let Some(n) = inner_name {
            decls.push(Decl {
                name: n.to_string(),
                kind: BindKind::ClassInner,
                decl_end: u32::MAX,
                scope_start: 0,
            });
        }
        let mut privates: Vec<String> = Vec::new();
        for el in &c.body.body {
            let key = match el {
                ClassElement::MethodDefinition(md) => Some(&md.key),
                ClassElement::PropertyDefinition(pd) => Some(&pd.key),
                ClassElement::AccessorProperty(ap) => Some(&ap.key),
                _ => None,
            };
            if let Some(PropertyKey::PrivateIdentifier(p)) = key {
                let n = format!("#{}", p.name);
                if !privates.contains(&n) {
                    privates.push(n);
                }
            }
        }
        for p in &privates {
            decls.push(Decl {
                name: p.clone(),
                kind: BindKind::Const,
                decl_end: 0,
                scope_start: 0,
            });
        }
        // The class body is strict.
        let saved_strict = self.fr().flags.strict;
        self.f().flags.strict = true;
        self.enter_scope(&decls, false, false)?;
        self.mark_scope_no_tdz_elision();
        let t = self.alloc();
        for p in &privates {
            let k = self.str_const(p);
            self.emit(Op::NewPrivateName, &[t as u32, k]);
            if let Some(loc) = self.resolve_declared(p) {
                self.store_loc(loc, t);
            }
        }
        let parent = self.alloc();
        let has_heritage = c.heritage.is_some();
        match &c.heritage {
            Some(h) => self.expr_to(&h.expression, parent)?,
            None => self.load_undef(parent),
        }
        // The constructor.
        let ctor_def = c.body.body.iter().find_map(|el| match el {
            ClassElement::MethodDefinition(md) if md.kind == MethodDefinitionKind::Constructor => {
                Some(md)
            }
            _ => None,
        });
        let ctor_kind = if has_heritage {
            FnKind::DerivedConstructor
        } else {
            FnKind::BaseConstructor
        };
        let ctor_code = match ctor_def {
            Some(md) => {
                // Class constructors keep the class's source text.
                self.f().child_span = Some((c.span.start, c.span.end));
                self.compile_function(&md.value, ctor_kind, Some(name))?
            }
            None => self.default_constructor(ctor_kind, name, c.span)?,
        };
        let k = self.konst(Value::cell(ctor_code));
        let ctor = self.alloc_n(2);
        let proto = ctor + 1;
        self.emit(
            Op::CreateClass,
            &[ctor as u32, k, parent as u32, has_heritage as u32],
        );
        if let Some(key) = dyn_name {
            self.emit(Op::SetFunctionName, &[ctor as u32, key as u32, 0]);
        }
        // Elements, in order.
        let fields = self.alloc();
        self.emit(Op::NewArray, &[fields as u32]);
        let key = self.alloc();
        let val = self.alloc();
        let kindr = self.alloc();
        // Static elements run after all methods are defined: remember them.
        let mut statics: Vec<(Reg, Reg, bool, bool)> = Vec::new();
        for el in &c.body.body {
            match el {
                ClassElement::MethodDefinition(md) => {
                    if md.kind == MethodDefinitionKind::Constructor {
                        continue;
                    }
                    let target = if md.r#static { ctor } else { proto };
                    let is_private = matches!(md.key, PropertyKey::PrivateIdentifier(_));
                    self.property_key(&md.key, md.computed, key)?;
                    let start = self.method_source_start(md.span.start, md.r#static);
                    self.f().child_span = Some((start, md.span.end));
                    self.method_function(&md.value, val, None, FnKind::Method)?;
                    self.emit(Op::SetHomeObject, &[val as u32, target as u32]);
                    let (flag, pkind) = match md.kind {
                        MethodDefinitionKind::Get => (2, 3),
                        MethodDefinitionKind::Set => (4, 4),
                        _ => (0, 2),
                    };
                    if is_private {
                        let prefix = match md.kind {
                            MethodDefinitionKind::Get => 1,
                            MethodDefinitionKind::Set => 2,
                            _ => 0,
                        };
                        self.emit(Op::SetFunctionName, &[val as u32, key as u32, prefix]);
                        if md.r#static {
                            self.emit(Op::DefinePrivate, &[ctor as u32, key as u32, val as u32]);
                        } else {
                            self.emit(Op::ArrayPush, &[fields as u32, key as u32]);
                            self.emit(Op::ArrayPush, &[fields as u32, val as u32]);
                            self.emit(Op::LoadInt, &[kindr as u32, pkind]);
                            self.emit(Op::ArrayPush, &[fields as u32, kindr as u32]);
                        }
                    } else {
                        self.emit(
                            Op::DefineMethod,
                            &[target as u32, key as u32, val as u32, flag],
                        );
                    }
                }
                ClassElement::PropertyDefinition(pd) => {
                    let is_private = matches!(pd.key, PropertyKey::PrivateIdentifier(_));
                    let home = if pd.r#static { ctor } else { proto };
                    // Computed keys are evaluated now; the key register is
                    // kept for static fields.
                    let kreg = if pd.r#static { self.alloc() } else { key };
                    self.property_key(&pd.key, pd.computed, kreg)?;
                    let init = if pd.r#static { self.alloc() } else { val };
                    match &pd.value {
                        Some(v) => {
                            let fname = Self::static_key(&pd.key).or_else(|| match &pd.key {
                                PropertyKey::PrivateIdentifier(p) => Some(format!("#{}", p.name)),
                                _ => None,
                            });
                            self.field_initializer(
                                pd.span,
                                v,
                                init,
                                fname.as_deref(),
                                kreg,
                                pd.computed,
                            )?;
                            self.emit(Op::SetHomeObject, &[init as u32, home as u32]);
                        }
                        None => self.load_undef(init),
                    }
                    if pd.r#static {
                        statics.push((kreg, init, is_private, false));
                    } else {
                        self.emit(Op::ArrayPush, &[fields as u32, key as u32]);
                        self.emit(Op::ArrayPush, &[fields as u32, val as u32]);
                        self.emit(Op::LoadInt, &[kindr as u32, is_private as u32]);
                        self.emit(Op::ArrayPush, &[fields as u32, kindr as u32]);
                    }
                }
                ClassElement::StaticBlock(sb) => {
                    let f = self.alloc();
                    self.static_block(sb, f)?;
                    self.emit(Op::SetHomeObject, &[f as u32, ctor as u32]);
                    statics.push((f, f, false, true));
                }
                ClassElement::AccessorProperty(ap) => {
                    return self.err("auto-accessors are not supported", ap.span.start);
                }
                ClassElement::TSIndexSignature(_) => {}
            }
        }
        self.emit(Op::InitClassFields, &[ctor as u32, fields as u32]);
        // The inner name is initialised before static fields run.
        if let Some(n) = inner_name {
            if let Some(loc) = self.resolve_declared(n) {
                self.store_loc(loc, ctor);
            }
        }
        for (kreg, init, is_private, is_block) in statics {
            let base = self.alloc_n(2);
            self.mov(base, init);
            self.mov(base + 1, ctor);
            if is_block {
                self.emit(Op::Call, &[val as u32, base as u32, 0]);
                continue;
            }
            let skip = self.emit_jump(Op::JmpUndefined, Some(init));
            self.emit(Op::Call, &[val as u32, base as u32, 0]);
            let done = self.emit_jump(Op::Jmp, None);
            self.patch_here(skip);
            self.load_undef(val);
            self.patch_here(done);
            if is_private {
                self.emit(Op::DefinePrivate, &[ctor as u32, kreg as u32, val as u32]);
            } else {
                self.emit(Op::DefineField, &[ctor as u32, kreg as u32, val as u32]);
            }
        }
        self.mov(dst, ctor);
        self.exit_scope();
        self.f().flags.strict = saved_strict;
        self.free_to(m.max(dst + 1));
        Ok(())
    }

    /// The start of a class element's MethodDefinition source text: past
    /// a leading `static` and the whitespace/comments after it.
    pub(crate) fn method_source_start(&self, start: u32, is_static: bool) -> u32 {
        let text = self.source.text.as_bytes();
        let mut i = start as usize;
        if !is_static || !text.get(i..).is_some_and(|t| t.starts_with(b"static")) {
            return start;
        }
        i += 6;
        loop {
            match text.get(i) {
                Some(c) if c.is_ascii_whitespace() => i += 1,
                Some(b'/') if text.get(i + 1) == Some(&b'*') => {
                    let rest = text.get(i + 2..).unwrap_or(&[]);
                    match rest.windows(2).position(|w| w == b"*/") {
                        Some(p) => i += 2 + p + 2,
                        None => break,
                    }
                }
                Some(b'/') if text.get(i + 1) == Some(&b'/') => {
                    let rest = text.get(i..).unwrap_or(&[]);
                    match rest.iter().position(|&c| c == b'\n') {
                        Some(p) => i += p + 1,
                        None => break,
                    }
                }
                _ => break,
            }
        }
        i as u32
    }

    /// `constructor() {}` or `constructor(...args) { super(...args) }`.
    fn default_constructor(
        &mut self,
        kind: FnKind,
        name: &str,
        span: oxc_span::Span,
    ) -> CResult<Gc<Code>> {
        let base_env = self.fr().env_level;
        let mut st = FnState::new(kind, FunctionInfo::default(), base_env);
        st.flags.strict = true;
        st.flags.class_constructor = true;
        st.flags.derived = kind == FnKind::DerivedConstructor;
        st.flags.is_constructor = true;
        st.flags.simple_params = true;
        st.span = (span.start, span.end);
        st.name = Value::string(self.vm.interner.intern_str(&self.vm.heap, name));
        self.fns.push(st);
        if kind == FnKind::DerivedConstructor {
            let args = self.alloc();
            self.emit(Op::GetRest, &[args as u32, 0]);
            let base = self.alloc_n(3);
            self.mov(base, 0);
            self.emit(Op::GetNewTarget, &[base as u32 + 1]);
            self.mov(base + 2, args);
            let res = self.alloc();
            self.emit(Op::SuperCallSpread, &[res as u32, base as u32]);
            self.emit(Op::InitInstanceElements, &[0, res as u32]);
            self.mov(1, res);
            self.emit(Op::Ret, &[1]);
        } else {
            self.emit(Op::Ret, &[1]);
        }
        let st = match self.fns.pop() {
            Some(s) => s,
            None => return self.err("internal", span.start),
        };
        self.finish_code(st)
    }

    /// A field initialiser as a method returning the value.
    fn field_initializer(
        &mut self,
        span: oxc_span::Span,
        value: &Expression,
        dst: Reg,
        name: Option<&str>,
        key: Reg,
        computed: bool,
    ) -> CResult<()> {
        let info = self.info_for(span.start);
        let base_env = self.fr().env_level;
        let mut st = FnState::new(FnKind::FieldInit, info, base_env);
        st.flags.strict = true;
        st.flags.method = true;
        st.flags.eval_super_property = true;
        st.flags.eval_in_field = true;
        st.flags.simple_params = true;
        st.dynamic_refs = self.fr().dynamic_refs;
        st.span = (span.start, span.end);
        self.fns.push(st);
        let r = (|| -> CResult<()> {
            let decls: Vec<Decl> = ["this", "%fn", "new.target"]
                .iter()
                .map(|n| Decl {
                    name: n.to_string(),
                    kind: BindKind::Special,
                    decl_end: 0,
                    scope_start: 0,
                })
                .collect();
            self.enter_scope(&decls, true, self.fr().named_envs)?;
            self.pin_register("this", 1);
            self.pin_register("%fn", 0);
            self.copy_specials_to_env()?;
            let t = self.alloc();
            match name {
                Some(n) if !computed => self.expr_to_named(value, t, n)?,
                _ => {
                    if super::expr::is_anonymous_fn(value) {
                        // Computed key: name from the key value (outer
                        // register is not visible here) — set afterwards.
                        self.expr_to(value, t)?;
                    } else {
                        self.expr_to(value, t)?;
                    }
                }
            }
            self.emit(Op::Ret, &[t as u32]);
            Ok(())
        })();
        let st = match self.fns.pop() {
            Some(s) => s,
            None => return self.err("internal", span.start),
        };
        r?;
        let code = self.finish_code(st)?;
        let k = self.konst(Value::cell(code));
        self.emit(Op::NewClosure, &[dst as u32, k]);
        let _ = key;
        Ok(())
    }

    fn static_block(&mut self, sb: &StaticBlock, dst: Reg) -> CResult<()> {
        let info = self.info_for(sb.span.start);
        let base_env = self.fr().env_level;
        let mut st = FnState::new(FnKind::FieldInit, info, base_env);
        st.flags.strict = true;
        st.flags.method = true;
        st.flags.eval_super_property = true;
        st.flags.eval_in_field = true;
        st.flags.simple_params = true;
        st.span = (sb.span.start, sb.span.end);
        self.fns.push(st);
        let r = (|| -> CResult<()> {
            let mut decls: Vec<Decl> = ["this", "%fn", "new.target"]
                .iter()
                .map(|n| Decl {
                    name: n.to_string(),
                    kind: BindKind::Special,
                    decl_end: 0,
                    scope_start: 0,
                })
                .collect();
            let mut vars = Vec::new();
            var_names(&sb.body, false, &mut vars);
            for (v, _) in vars {
                decls.push(Decl {
                    name: v.to_string(),
                    kind: BindKind::Var,
                    decl_end: 0,
                    scope_start: 0,
                });
            }
            for f in function_decls(&sb.body) {
                if let Some(id) = &f.id {
                    decls.push(Decl {
                        name: id.name.to_string(),
                        kind: BindKind::Function,
                        decl_end: 0,
                        scope_start: 0,
                    });
                }
            }
            decls.extend(lexical_decls(&sb.body, false));
            self.enter_scope(&decls, true, self.fr().named_envs)?;
            self.pin_register("this", 1);
            self.pin_register("%fn", 0);
            self.copy_specials_to_env()?;
            self.hoist_functions(&sb.body)?;
            self.stmts(&sb.body)?;
            self.compile_return(None)?;
            Ok(())
        })();
        let st = match self.fns.pop() {
            Some(s) => s,
            None => return self.err("internal", sb.span.start),
        };
        r?;
        let code = self.finish_code(st)?;
        let k = self.konst(Value::cell(code));
        self.emit(Op::NewClosure, &[dst as u32, k]);
        Ok(())
    }
}
