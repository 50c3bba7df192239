//! ES modules: module records, loading, linking (import/export
//! resolution), evaluation, and namespace objects.
//!
//! A module's top-level bindings live in one environment (`env`) whose slot
//! numbers are fixed at compile time (`bindings`). Imports are indirections
//! resolved at link time (`import_bindings`), so they stay live: reading an
//! import reads the exporting module's slot. Evaluation follows the spec's
//! depth-first order; a module body is compiled as an async function so
//! top-level await works, and a module whose promise is still pending after
//! its body ran is awaited by draining the job queue (a simplification of
//! the spec's async module graph evaluation).

pub mod dynamic;
pub mod namespace;

use crate::bytecode::Code;
use crate::env::{Env, EnvKind, ScopeNames};
use crate::gc::{Gc, GcCell, Trace, Tracer};
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{Exception, JsResult, Vm};
use std::cell::{Cell, RefCell};

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Status {
    Unlinked,
    Linking,
    Linked,
    Evaluating,
    Evaluated,
}

/// What an import entry asks for.
#[derive(Clone, Debug)]
pub enum ImportName {
    Name(String),
    /// `import * as ns`.
    Namespace,
}

#[derive(Clone, Debug)]
pub struct ImportEntry {
    pub request: usize,
    pub import_name: ImportName,
    /// Named imports: index into `import_bindings`. Namespace imports: the
    /// environment slot that receives the namespace object.
    pub slot: usize,
}

#[derive(Clone, Debug)]
pub enum ExportEntry {
    /// `export { local as name }`, `export const name`, `export default`.
    Local { export_name: String, local: String },
    /// `export { name as exported } from 'm'` (None import: `export * as ns`).
    Indirect {
        export_name: String,
        request: usize,
        import_name: Option<String>,
    },
    /// `export * from 'm'`.
    Star { request: usize },
}

/// Where an imported name's value lives.
#[derive(Clone, Copy)]
pub enum ImportBinding {
    Unresolved,
    Slot(Gc<Env>, u32),
    Namespace(Gc<JsObject>),
}

pub struct ModuleRecord {
    /// Resolved path (the module's identity in the registry).
    pub path: String,
    pub requests: Vec<String>,
    pub resolved: RefCell<Vec<Option<Gc<ModuleRecord>>>>,
    pub imports: Vec<ImportEntry>,
    pub exports: Vec<ExportEntry>,
    /// Top-level binding name → environment slot.
    pub bindings: Vec<(String, u32, bool)>,
    pub env_slots: u32,
    pub import_bindings: RefCell<Vec<ImportBinding>>,
    /// Creates the hoisted functions in the environment (run at link time).
    pub init_code: Cell<Option<Gc<Code>>>,
    /// The module body.
    pub body_code: Cell<Option<Gc<Code>>>,
    pub env: Cell<Option<Gc<Env>>>,
    pub status: Cell<Status>,
    pub error: Cell<Option<Value>>,
    pub namespace: Cell<Option<Gc<JsObject>>>,
    pub meta: Cell<Option<Gc<JsObject>>>,
    dfs_index: Cell<usize>,
    dfs_ancestor: Cell<usize>,
}

impl Trace for ModuleRecord {
    fn trace(&self, t: &mut Tracer) {
        for m in self.resolved.borrow().iter().flatten() {
            t.mark(*m);
        }
        for b in self.import_bindings.borrow().iter() {
            match b {
                ImportBinding::Slot(e, _) => t.mark(*e),
                ImportBinding::Namespace(o) => t.mark(*o),
                ImportBinding::Unresolved => {}
            }
        }
        self.init_code.trace(t);
        self.body_code.trace(t);
        self.env.trace(t);
        self.error.trace(t);
        self.namespace.trace(t);
        self.meta.trace(t);
    }
}
impl GcCell for ModuleRecord {
    const NAME: &'static str = "Module";
}

/// Compile-time description of a module, turned into a record.
pub struct ModuleParts {
    pub requests: Vec<String>,
    pub imports: Vec<ImportEntry>,
    pub exports: Vec<ExportEntry>,
    pub bindings: Vec<(String, u32, bool)>,
    pub env_slots: u32,
    pub import_count: usize,
}

impl ModuleRecord {
    pub fn new(path: String, parts: ModuleParts) -> ModuleRecord {
        let n = parts.requests.len();
        ModuleRecord {
            path,
            requests: parts.requests,
            resolved: RefCell::new(vec![None; n]),
            imports: parts.imports,
            exports: parts.exports,
            bindings: parts.bindings,
            env_slots: parts.env_slots,
            import_bindings: RefCell::new(vec![ImportBinding::Unresolved; parts.import_count]),
            init_code: Cell::new(None),
            body_code: Cell::new(None),
            env: Cell::new(None),
            status: Cell::new(Status::Unlinked),
            error: Cell::new(None),
            namespace: Cell::new(None),
            meta: Cell::new(None),
            dfs_index: Cell::new(0),
            dfs_ancestor: Cell::new(0),
        }
    }

    fn slot_of(&self, local: &str) -> Option<u32> {
        self.bindings
            .iter()
            .find(|(n, ..)| n == local)
            .map(|(_, s, _)| *s)
    }
}

/// The result of ResolveExport.
#[derive(Clone, Copy)]
pub enum Resolution {
    Binding(Gc<ModuleRecord>, u32),
    /// A re-exported namespace (`export * as ns from`).
    Namespace(Gc<ModuleRecord>),
}

/// Resolution failed: not found, or ambiguous between star exports.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ResolveError {
    NotFound,
    Ambiguous,
}

fn same_resolution(a: &Resolution, b: &Resolution) -> bool {
    match (a, b) {
        (Resolution::Binding(m1, s1), Resolution::Binding(m2, s2)) => m1 == m2 && s1 == s2,
        (Resolution::Namespace(m1), Resolution::Namespace(m2)) => m1 == m2,
        _ => false,
    }
}

/// ResolveExport(module, exportName, resolveSet).
pub fn resolve_export(
    m: Gc<ModuleRecord>,
    name: &str,
    set: &mut Vec<(Gc<ModuleRecord>, String)>,
) -> Result<Resolution, ResolveError> {
    if set.iter().any(|(r, n)| *r == m && n == name) {
        // A circular import request.
        return Err(ResolveError::NotFound);
    }
    set.push((m, name.to_string()));
    for e in &m.exports {
        match e {
            ExportEntry::Local { export_name, local } if export_name == name => {
                return match m.slot_of(local) {
                    Some(s) => Ok(Resolution::Binding(m, s)),
                    None => Err(ResolveError::NotFound),
                };
            }
            ExportEntry::Indirect {
                export_name,
                request,
                import_name,
            } if export_name == name => {
                let Some(target) = m.resolved.borrow().get(*request).copied().flatten() else {
                    return Err(ResolveError::NotFound);
                };
                return match import_name {
                    None => Ok(Resolution::Namespace(target)),
                    Some(n) => resolve_export(target, n, set),
                };
            }
            _ => {}
        }
    }
    if name == "default" {
        return Err(ResolveError::NotFound);
    }
    let mut star: Option<Resolution> = None;
    for e in &m.exports {
        if let ExportEntry::Star { request } = e {
            let Some(target) = m.resolved.borrow().get(*request).copied().flatten() else {
                continue;
            };
            match resolve_export(target, name, set) {
                Err(ResolveError::Ambiguous) => return Err(ResolveError::Ambiguous),
                Err(ResolveError::NotFound) => {}
                Ok(r) => match &star {
                    None => star = Some(r),
                    Some(prev) => {
                        if !same_resolution(prev, &r) {
                            return Err(ResolveError::Ambiguous);
                        }
                    }
                },
            }
        }
    }
    star.ok_or(ResolveError::NotFound)
}

/// GetExportedNames(module, exportStarSet).
pub fn exported_names(m: Gc<ModuleRecord>, seen: &mut Vec<Gc<ModuleRecord>>) -> Vec<String> {
    if seen.contains(&m) {
        return Vec::new();
    }
    seen.push(m);
    let mut out = Vec::new();
    for e in &m.exports {
        match e {
            ExportEntry::Local { export_name, .. } | ExportEntry::Indirect { export_name, .. } => {
                out.push(export_name.clone())
            }
            ExportEntry::Star { request } => {
                if let Some(t) = m.resolved.borrow().get(*request).copied().flatten() {
                    for n in exported_names(t, seen) {
                        if n != "default" && !out.contains(&n) {
                            out.push(n);
                        }
                    }
                }
            }
        }
    }
    out
}

impl Vm {
    /// Load (compile and register) the module at `specifier` relative to
    /// `referrer`, with its dependencies.
    pub fn load_module_graph(
        &mut self,
        specifier: &str,
        referrer: &str,
    ) -> JsResult<Gc<ModuleRecord>> {
        let (path, source) = match self.host.load_module(specifier, referrer) {
            Ok(x) => x,
            Err(msg) => return Err(self.type_error(&msg)),
        };
        self.load_module_source(&path, &source)
    }

    /// Register module `path` from `source` (or return the registered one)
    /// and load its dependencies.
    pub fn load_module_source(&mut self, path: &str, source: &str) -> JsResult<Gc<ModuleRecord>> {
        if let Some(m) = self.modules.get(path) {
            return Ok(*m);
        }
        let m = crate::compiler::compile_module(self, source, path)?;
        self.modules.insert(path.to_string(), m);
        let requests = m.requests.clone();
        for (i, spec) in requests.iter().enumerate() {
            let dep = match self.load_module_graph(spec, path) {
                Ok(d) => d,
                Err(e) => {
                    self.modules.remove(path);
                    return Err(e);
                }
            };
            m.resolved.borrow_mut()[i] = Some(dep);
        }
        Ok(m)
    }

    /// Link a loaded module graph (Link()).
    pub fn link_module(&mut self, m: Gc<ModuleRecord>) -> JsResult<()> {
        let mut stack = Vec::new();
        let r = self.inner_link(m, &mut stack, 0);
        if r.is_err() {
            for s in stack {
                s.status.set(Status::Unlinked);
            }
        }
        r.map(|_| ())
    }

    fn inner_link(
        &mut self,
        m: Gc<ModuleRecord>,
        stack: &mut Vec<Gc<ModuleRecord>>,
        index: usize,
    ) -> JsResult<usize> {
        match m.status.get() {
            Status::Linking | Status::Linked | Status::Evaluating | Status::Evaluated => {
                return Ok(index)
            }
            Status::Unlinked => {}
        }
        m.status.set(Status::Linking);
        m.dfs_index.set(index);
        m.dfs_ancestor.set(index);
        let mut index = index + 1;
        stack.push(m);
        let deps: Vec<Gc<ModuleRecord>> = m.resolved.borrow().iter().flatten().copied().collect();
        for d in deps {
            index = self.inner_link(d, stack, index)?;
            if d.status.get() == Status::Linking {
                m.dfs_ancestor
                    .set(m.dfs_ancestor.get().min(d.dfs_ancestor.get()));
            }
        }
        self.initialize_module_environment(m)?;
        if m.dfs_ancestor.get() == m.dfs_index.get() {
            while let Some(x) = stack.pop() {
                x.status.set(Status::Linked);
                if x == m {
                    break;
                }
            }
        }
        Ok(index)
    }

    /// InitializeEnvironment: check indirect exports, bind imports, create
    /// the environment and the hoisted functions.
    fn initialize_module_environment(&mut self, m: Gc<ModuleRecord>) -> JsResult<()> {
        for e in &m.exports {
            if let ExportEntry::Indirect { export_name, .. } = e {
                let mut set = Vec::new();
                if let Err(err) = resolve_export(m, export_name, &mut set) {
                    return Err(self.resolution_error(export_name, err));
                }
            }
        }
        // The environment first: imports of cyclic neighbours may point
        // into it before its body runs.
        self.initialize_module_environment_shell(m);
        for imp in &m.imports {
            let binding = match &imp.import_name {
                ImportName::Namespace => {
                    let Some(t) = m.resolved.borrow().get(imp.request).copied().flatten() else {
                        return Err(self.syntax_error("Unresolved module request"));
                    };
                    let ns = self.module_namespace(t);
                    if let Some(env) = m.env.get() {
                        env.set(imp.slot as u32, Value::object(ns));
                    }
                    continue;
                }
                ImportName::Name(n) => {
                    let mut set = Vec::new();
                    let target = m.resolved.borrow().get(imp.request).copied().flatten();
                    let Some(target) = target else {
                        return Err(self.syntax_error("Unresolved module request"));
                    };
                    match resolve_export(target, n, &mut set) {
                        Ok(r) => self.binding_of(r)?,
                        Err(err) => return Err(self.resolution_error(n, err)),
                    }
                }
            };
            if let Some(b) = m.import_bindings.borrow_mut().get_mut(imp.slot) {
                *b = binding;
            }
        }
        if let Some(init) = m.init_code.get() {
            let env = m.env.get();
            self.run_code(init, Value::UNDEFINED, env, Value::UNDEFINED)?;
        }
        Ok(())
    }

    fn binding_of(&mut self, r: Resolution) -> JsResult<ImportBinding> {
        Ok(match r {
            Resolution::Binding(m, slot) => match m.env.get() {
                Some(env) => ImportBinding::Slot(env, slot),
                None => {
                    // The exporting module's environment is created on
                    // demand so that cycles can bind to it early.
                    self.initialize_module_environment_shell(m);
                    match m.env.get() {
                        Some(env) => ImportBinding::Slot(env, slot),
                        None => return Err(self.internal_error("module environment")),
                    }
                }
            },
            Resolution::Namespace(m) => ImportBinding::Namespace(self.module_namespace(m)),
        })
    }

    /// Create the environment of `m` if it has none yet (imports are bound
    /// separately): lexical slots start uninitialised, slots are named for
    /// dynamic lookup.
    fn initialize_module_environment_shell(&mut self, m: Gc<ModuleRecord>) {
        if m.env.get().is_some() {
            return;
        }
        let mut slots = vec![Value::UNDEFINED; m.env_slots as usize];
        let mut names = Vec::new();
        for (n, s, lexical) in &m.bindings {
            let Some(x) = slots.get_mut(*s as usize) else {
                continue;
            };
            if *lexical {
                *x = Value::UNINIT;
            }
            let js = self.interner.intern_str(&self.heap, n);
            names.push((js, *s, true, *lexical));
        }
        let names = self.heap.alloc(ScopeNames {
            names,
            is_function_scope: true,
        });
        let env = self.heap.alloc(Env {
            parent: None,
            slots: RefCell::new(slots.into()),
            kind: EnvKind::Declarative,
            names: Some(names),
            dynamic: RefCell::new(Vec::new()),
        });
        m.env.set(Some(env));
    }

    fn resolution_error(&mut self, name: &str, e: ResolveError) -> Exception {
        match e {
            ResolveError::Ambiguous => self.syntax_error(&format!(
                "The requested module contains conflicting star exports for name '{name}'"
            )),
            ResolveError::NotFound => self.syntax_error(&format!(
                "The requested module does not provide an export named '{name}'"
            )),
        }
    }

    /// Evaluate a linked module graph (Evaluate()); errors are cached.
    pub fn evaluate_module(&mut self, m: Gc<ModuleRecord>) -> JsResult<()> {
        let mut stack = Vec::new();
        let r = self.inner_evaluate(m, &mut stack, 0);
        if let Err(Exception::Throw(e)) = r {
            for s in &stack {
                s.status.set(Status::Evaluated);
                s.error.set(Some(e));
            }
            m.status.set(Status::Evaluated);
            if m.error.get().is_none() {
                m.error.set(Some(e));
            }
        }
        r.map(|_| ())
    }

    fn inner_evaluate(
        &mut self,
        m: Gc<ModuleRecord>,
        stack: &mut Vec<Gc<ModuleRecord>>,
        index: usize,
    ) -> JsResult<usize> {
        match m.status.get() {
            Status::Evaluated => {
                return match m.error.get() {
                    Some(e) => Err(Exception::Throw(e)),
                    None => Ok(index),
                };
            }
            Status::Evaluating => return Ok(index),
            Status::Linked => {}
            Status::Unlinked | Status::Linking => {
                return Err(self.internal_error("module not linked"))
            }
        }
        m.status.set(Status::Evaluating);
        m.dfs_index.set(index);
        m.dfs_ancestor.set(index);
        let mut index = index + 1;
        stack.push(m);
        let deps: Vec<Gc<ModuleRecord>> = m.resolved.borrow().iter().flatten().copied().collect();
        for d in deps {
            index = self.inner_evaluate(d, stack, index)?;
            if d.status.get() == Status::Evaluating {
                m.dfs_ancestor
                    .set(m.dfs_ancestor.get().min(d.dfs_ancestor.get()));
            }
        }
        self.execute_module(m)?;
        if m.dfs_ancestor.get() == m.dfs_index.get() {
            while let Some(x) = stack.pop() {
                x.status.set(Status::Evaluated);
                if x == m {
                    break;
                }
            }
        }
        Ok(index)
    }

    /// Run a module body; wait for top-level await by draining jobs.
    fn execute_module(&mut self, m: Gc<ModuleRecord>) -> JsResult<()> {
        let Some(code) = m.body_code.get() else {
            return Ok(());
        };
        let env = m.env.get();
        let p = self.run_code(code, Value::UNDEFINED, env, Value::UNDEFINED)?;
        use crate::builtins::promise::{promise_data, PromiseData, PromiseState};
        let Some(po) = promise_data(p) else {
            return Ok(());
        };
        loop {
            let state = po
                .class
                .data::<PromiseData>()
                .map(|d| (d.state.get(), d.result.get()));
            match state {
                Some((PromiseState::Fulfilled, _)) | None => return Ok(()),
                Some((PromiseState::Rejected, e)) => {
                    if let Some(d) = po.class.data::<PromiseData>() {
                        d.is_handled.set(true);
                    }
                    return Err(Exception::Throw(e));
                }
                Some((PromiseState::Pending, _)) => {
                    if self.jobs.is_empty() {
                        // Nothing can settle it (e.g. awaiting a promise that
                        // never resolves): the module stays pending.
                        return Ok(());
                    }
                    if let Some(job) = self.jobs.pop_front() {
                        self.jobs.push_front(job);
                    }
                    self.run_one_job()?;
                }
            }
        }
    }

    /// GetModuleNamespace.
    pub fn module_namespace(&mut self, m: Gc<ModuleRecord>) -> Gc<JsObject> {
        if let Some(ns) = m.namespace.get() {
            return ns;
        }
        let ns = namespace::create(self, m);
        m.namespace.set(Some(ns));
        ns
    }

    /// Load, link and evaluate the module at `path` (entry point).
    pub fn run_module_source(&mut self, path: &str, source: &str) -> JsResult<Gc<ModuleRecord>> {
        let m = self.load_module_source(path, source)?;
        self.link_module(m)?;
        self.evaluate_module(m)?;
        Ok(m)
    }

    /// Read an imported binding (TDZ → ReferenceError).
    pub(crate) fn read_import(
        &mut self,
        module: Value,
        index: u32,
        name: Value,
    ) -> JsResult<Value> {
        if !module.is_cell() {
            return Err(self.internal_error("import outside a module"));
        }
        // SAFETY: GetImport's module constant is always a ModuleRecord cell
        // (emitted by the module compiler).
        let m: Gc<ModuleRecord> = unsafe { module.as_cell() };
        let b = m
            .import_bindings
            .borrow()
            .get(index as usize)
            .copied()
            .unwrap_or(ImportBinding::Unresolved);
        let v = match b {
            ImportBinding::Slot(env, slot) => env.get(slot),
            ImportBinding::Namespace(o) => Value::object(o),
            ImportBinding::Unresolved => Value::UNINIT,
        };
        if v.is_uninit() {
            let n = name
                .as_string()
                .map(|s| s.to_rust_string())
                .unwrap_or_default();
            return Err(self.reference_error(&format!("Cannot access '{n}' before initialization")));
        }
        Ok(v)
    }
}
