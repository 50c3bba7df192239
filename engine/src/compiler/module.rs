//! Compiling a module: its import/export entries, the module environment's
//! layout, an init function (hoisted function declarations, run at link
//! time) and the body (an async function, for top-level await).

use super::analysis::{Analyzer, PROGRAM_KEY};
use super::expr::decode_string;
use super::parse::{parse, Goal};
use super::scope::{BindKind, Binding, Loc, Scope};
use super::stmt::{function_decls, lexical_decls, pattern_names, var_names};
use super::{CResult, CompileError, Compiler, FnKind, FnState};
use crate::bytecode::{Op, Source};
use crate::gc::Gc;
use crate::module::{ExportEntry, ImportEntry, ImportName, ModuleParts, ModuleRecord};
use crate::value::Value;
use crate::vm::{Exception, Vm};
use oxc_allocator::Allocator;
use oxc_ast::ast::*;
use oxc_span::GetSpan;

fn export_name(n: &ModuleExportName) -> String {
    match n {
        ModuleExportName::IdentifierName(i) => i.name.to_string(),
        ModuleExportName::IdentifierReference(i) => i.name.to_string(),
        ModuleExportName::StringLiteral(s) => {
            String::from_utf16_lossy(&decode_string(s.value.as_str(), s.lone_surrogates))
        }
    }
}

fn literal(s: &StringLiteral) -> String {
    String::from_utf16_lossy(&decode_string(s.value.as_str(), s.lone_surrogates))
}

/// Compile module source text into a (not yet linked) module record.
pub fn compile_module(vm: &mut Vm, text: &str, path: &str) -> Result<Gc<ModuleRecord>, Exception> {
    super::on_compile_stack(|| compile_module_here(vm, text, path))
}

fn compile_module_here(vm: &mut Vm, text: &str, path: &str) -> Result<Gc<ModuleRecord>, Exception> {
    let source = vm.heap.alloc(Source::new(path.to_string(), text));
    let alloc = Allocator::default();
    let program = match parse(&alloc, text, Goal::Module) {
        Ok(p) => p,
        Err(e) => {
            let (line, col) = source.line_col(e.offset);
            return Err(vm.syntax_error(&format!("{} ({}:{}:{})", e.message, path, line, col)));
        }
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
    match c.module(&program, path) {
        Ok(m) => Ok(m),
        Err(e) => {
            let (line, col) = c.source.line_col(e.offset);
            let msg = format!("{} ({}:{}:{})", e.message, path, line, col);
            Err(c.vm.syntax_error(&msg))
        }
    }
}

impl<'v> Compiler<'v> {
    fn module(&mut self, program: &Program, path: &str) -> CResult<Gc<ModuleRecord>> {
        // 1. Requests, imports and exports.
        let mut requests: Vec<String> = Vec::new();
        let mut request = |s: String| -> usize {
            match requests.iter().position(|r| *r == s) {
                Some(i) => i,
                None => {
                    requests.push(s);
                    requests.len() - 1
                }
            }
        };
        let mut imports: Vec<ImportEntry> = Vec::new();
        let mut import_locals: Vec<(String, usize, bool)> = Vec::new(); // (local, entry, namespace)
        let mut exports: Vec<ExportEntry> = Vec::new();
        let mut named_import_count = 0usize;
        for s in &program.body {
            match s {
                Statement::ImportDeclaration(d) => {
                    let r = request(literal(&d.source));
                    for sp in d.specifiers.iter().flatten() {
                        let (local, name) = match sp {
                            ImportDeclarationSpecifier::ImportSpecifier(i) => (
                                i.local.name.to_string(),
                                ImportName::Name(export_name(&i.imported)),
                            ),
                            ImportDeclarationSpecifier::ImportDefaultSpecifier(i) => {
                                (i.local.name.to_string(), ImportName::Name("default".into()))
                            }
                            ImportDeclarationSpecifier::ImportNamespaceSpecifier(i) => {
                                (i.local.name.to_string(), ImportName::Namespace)
                            }
                        };
                        let is_ns = matches!(name, ImportName::Namespace);
                        let slot = if is_ns {
                            0
                        } else {
                            named_import_count += 1;
                            named_import_count - 1
                        };
                        import_locals.push((local, imports.len(), is_ns));
                        imports.push(ImportEntry {
                            request: r,
                            import_name: name,
                            slot,
                        });
                    }
                }
                Statement::ExportAllDeclaration(d) => {
                    let r = request(literal(&d.source));
                    match &d.exported {
                        Some(n) => exports.push(ExportEntry::Indirect {
                            export_name: export_name(n),
                            request: r,
                            import_name: None,
                        }),
                        None => exports.push(ExportEntry::Star { request: r }),
                    }
                }
                Statement::ExportFromDeclaration(d) => {
                    let r = request(literal(&d.source));
                    for sp in &d.specifiers {
                        exports.push(ExportEntry::Indirect {
                            export_name: export_name(&sp.exported),
                            request: r,
                            import_name: Some(export_name(&sp.local)),
                        });
                    }
                }
                _ => {}
            }
        }
        for s in &program.body {
            match s {
                Statement::ExportNamedDeclaration(d) => {
                    for sp in &d.specifiers {
                        let local = export_name(&sp.local);
                        let exported = export_name(&sp.exported);
                        // Re-exporting a named import is an indirect export.
                        let imp = import_locals
                            .iter()
                            .find(|(l, _, ns)| *l == local && !ns)
                            .map(|(_, e, _)| *e);
                        match imp.and_then(|e| imports.get(e)) {
                            Some(ie) => {
                                let ImportName::Name(n) = &ie.import_name else {
                                    continue;
                                };
                                exports.push(ExportEntry::Indirect {
                                    export_name: exported,
                                    request: ie.request,
                                    import_name: Some(n.clone()),
                                });
                            }
                            None => exports.push(ExportEntry::Local {
                                export_name: exported,
                                local,
                            }),
                        }
                    }
                }
                Statement::ExportDeclaration(d) => {
                    let mut names: Vec<String> = Vec::new();
                    match &d.declaration {
                        Declaration::VariableDeclaration(v) => {
                            for decl in &v.declarations {
                                let mut n = Vec::new();
                                pattern_names(&decl.id, &mut n);
                                names.extend(n.into_iter().map(|(x, _)| x.to_string()));
                            }
                        }
                        Declaration::FunctionDeclaration(f) => {
                            names.extend(f.id.as_ref().map(|i| i.name.to_string()))
                        }
                        Declaration::ClassDeclaration(c) => {
                            names.extend(c.id.as_ref().map(|i| i.name.to_string()))
                        }
                        _ => {}
                    }
                    for n in names {
                        exports.push(ExportEntry::Local {
                            export_name: n.clone(),
                            local: n,
                        });
                    }
                }
                Statement::ExportDefaultDeclaration(d) => {
                    let local = match &d.declaration {
                        ExportDefaultDeclarationKind::FunctionDeclaration(f) => {
                            f.id.as_ref()
                                .map(|i| i.name.to_string())
                                .unwrap_or_else(|| "*default*".into())
                        }
                        ExportDefaultDeclarationKind::ClassDeclaration(c) => {
                            c.id.as_ref()
                                .map(|i| i.name.to_string())
                                .unwrap_or_else(|| "*default*".into())
                        }
                        _ => "*default*".into(),
                    };
                    exports.push(ExportEntry::Local {
                        export_name: "default".into(),
                        local,
                    });
                }
                _ => {}
            }
        }

        // 2. The module environment: every top-level binding gets a slot;
        // named imports are indirections.
        let level = 1u32;
        let mut bindings: Vec<Binding> = Vec::new();
        let mut layout: Vec<(String, u32, bool)> = Vec::new();
        let mut slot = 0u32;
        // Names already given a slot (a set: modules may declare many
        // thousands of names).
        let mut declared: rustc_hash::FxHashSet<String> = Default::default();
        let mut add = |bindings: &mut Vec<Binding>,
                       layout: &mut Vec<(String, u32, bool)>,
                       name: &str,
                       kind: BindKind| {
            if !declared.insert(name.to_string()) {
                return;
            }
            let s = slot;
            slot += 1;
            bindings.push(Binding {
                name: name.to_string(),
                loc: Loc::Env { level, slot: s },
                kind,
                decl_end: 0,
            });
            layout.push((name.to_string(), s, kind.is_lexical()));
        };
        let mut vars = Vec::new();
        var_names(&program.body, false, &mut vars);
        for (v, _) in &vars {
            add(&mut bindings, &mut layout, v, BindKind::Var);
        }
        for f in function_decls(&program.body) {
            let n =
                f.id.as_ref()
                    .map(|i| i.name.to_string())
                    .unwrap_or_else(|| "*default*".into());
            add(&mut bindings, &mut layout, &n, BindKind::Function);
        }
        for d in lexical_decls(&program.body, false) {
            add(&mut bindings, &mut layout, &d.name, d.kind);
        }
        for s in &program.body {
            if let Statement::ExportDefaultDeclaration(d) = s {
                match &d.declaration {
                    ExportDefaultDeclarationKind::FunctionDeclaration(_) => {}
                    ExportDefaultDeclarationKind::ClassDeclaration(c) => {
                        let n =
                            c.id.as_ref()
                                .map(|i| i.name.to_string())
                                .unwrap_or_else(|| "*default*".into());
                        add(&mut bindings, &mut layout, &n, BindKind::Class);
                    }
                    _ => add(&mut bindings, &mut layout, "*default*", BindKind::Let),
                }
            }
        }
        let mut import_names = vec![String::new(); named_import_count];
        for (local, e, is_ns) in &import_locals {
            if *is_ns {
                let s = slot;
                slot += 1;
                bindings.push(Binding {
                    name: local.clone(),
                    loc: Loc::Env { level, slot: s },
                    kind: BindKind::Const,
                    decl_end: 0,
                });
                layout.push((local.clone(), s, false));
                if let Some(ie) = imports.get_mut(*e) {
                    ie.slot = s as usize;
                }
            } else if let Some(ie) = imports.get(*e) {
                bindings.push(Binding {
                    name: local.clone(),
                    loc: Loc::Import(ie.slot as u32),
                    kind: BindKind::Const,
                    decl_end: 0,
                });
                if let Some(n) = import_names.get_mut(ie.slot) {
                    *n = local.clone();
                }
            }
        }
        let parts = ModuleParts {
            requests,
            imports,
            exports,
            bindings: layout,
            env_slots: slot,
            import_count: named_import_count,
        };
        let record = self
            .vm
            .heap
            .alloc(ModuleRecord::new(path.to_string(), parts));
        self.module_record = Some(Value::cell(record));
        self.import_names = import_names;

        // 3. The init function: hoisted function declarations.
        let info = self.info_for(PROGRAM_KEY);
        let mut init = FnState::new(FnKind::Module, info.clone(), level);
        init.flags.strict = true;
        init.flags.is_module = true;
        init.span = (0, program.span.end);
        self.fns.push(init);
        self.push_module_scope(&bindings);
        let t = self.alloc();
        for f in function_decls(&program.body) {
            let n =
                f.id.as_ref()
                    .map(|i| i.name.to_string())
                    .unwrap_or_else(|| "*default*".into());
            let name = if n == "*default*" {
                "default"
            } else {
                n.as_str()
            };
            self.function_expr(f, t, Some(name))?;
            self.init_name(&n, t, 0)?;
        }
        self.load_undef(t);
        self.emit(Op::Ret, &[t as u32]);
        let st = self.fns.pop().ok_or(CompileError {
            message: "internal".into(),
            offset: 0,
        })?;
        let init_code = self.finish_code(st)?;
        record.init_code.set(Some(init_code));

        // 4. The body, as an async function.
        let mut body = FnState::new(FnKind::Module, info, level);
        body.flags.strict = true;
        body.flags.is_module = true;
        body.flags.is_async = true;
        body.span = (0, program.span.end);
        self.fns.push(body);
        self.emit(Op::GeneratorStart, &[]);
        self.push_module_scope(&bindings);
        let this_reg = self.alloc();
        self.load_undef(this_reg);
        self.add_register_binding("this", BindKind::Special, this_reg);
        self.stmts(&program.body)?;
        let t = self.alloc();
        self.load_undef(t);
        self.emit(Op::Ret, &[t as u32]);
        let st = self.fns.pop().ok_or(CompileError {
            message: "internal".into(),
            offset: 0,
        })?;
        let body_code = self.finish_code(st)?;
        record.body_code.set(Some(body_code));
        Ok(record)
    }

    /// The module scope: its environment is the frame's (set up by the
    /// linker), so no PushEnv.
    fn push_module_scope(&mut self, bindings: &[Binding]) {
        let saved = self.fr().next_reg;
        let mut scope = Scope::new(bindings.to_vec(), Some(1), saved, true, 0);
        scope.no_tdz_elision = true;
        self.f().scopes.push(scope);
    }

    /// Module items inside the body.
    pub(crate) fn module_stmt(&mut self, s: &Statement) -> CResult<()> {
        if self.module_record.is_none() {
            return self.err("Cannot use import/export outside a module", s.span().start);
        }
        match s {
            Statement::ExportDeclaration(d) => match &d.declaration {
                Declaration::VariableDeclaration(v) => self.var_decl(v),
                Declaration::FunctionDeclaration(_) => Ok(()),
                Declaration::ClassDeclaration(c) => {
                    let t = self.alloc();
                    self.class_expr(c, t, None)?;
                    if let Some(id) = &c.id {
                        self.init_name(id.name.as_str(), t, id.span.start)?;
                    }
                    self.free_to(t);
                    Ok(())
                }
                _ => Ok(()),
            },
            Statement::ExportDefaultDeclaration(d) => match &d.declaration {
                ExportDefaultDeclarationKind::FunctionDeclaration(_) => Ok(()),
                ExportDefaultDeclarationKind::ClassDeclaration(c) => {
                    let t = self.alloc();
                    let n = c.id.as_ref().map(|i| i.name.to_string());
                    self.class_expr(c, t, Some("default"))?;
                    self.init_name(n.as_deref().unwrap_or("*default*"), t, d.span.start)?;
                    self.free_to(t);
                    Ok(())
                }
                other => {
                    let Some(e) = other.as_expression() else {
                        return Ok(());
                    };
                    let t = self.alloc();
                    self.expr_to_named(e, t, "default")?;
                    self.init_name("*default*", t, d.span.start)?;
                    self.free_to(t);
                    Ok(())
                }
            },
            _ => Ok(()),
        }
    }
}
