//! Name resolution that cannot be done at compile time: global bindings,
//! `with` scopes, and the scopes sloppy direct `eval` can add to.

use crate::bytecode::{Code, GlobalDeclKind};
use crate::env::{Env, EnvKind};
use crate::gc::Gc;
use crate::object::{Attrs, PropertyDescriptor, PropertyKey, Slot};
use crate::string::JsString;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

/// Entries of `Vm::global_cache`, a direct-mapped cache for `GetGlobal`.
pub const GLOBAL_CACHE_SIZE: usize = 256;

/// A global-object data property found for the name constant `tag` in
/// `realm`: stored at position `index` under `key`. A hit re-checks the key
/// at that position (so layout changes are caught) and that no global
/// lexical binding was added since (`lex_len`; they are never removed),
/// since one could shadow the property. Cleared at every collection, so
/// the tags never outlive what they name.
#[derive(Clone, Copy)]
pub struct GlobalCacheEntry {
    tag: Gc<JsString>,
    key: PropertyKey,
    realm: Gc<crate::realm::Realm>,
    index: u32,
    lex_len: usize,
}

#[inline]
fn global_cache_index(tag: Gc<JsString>) -> usize {
    (tag.addr() >> 4) & (GLOBAL_CACHE_SIZE - 1)
}

impl Vm {
    fn name_key(&mut self, name: Value) -> (Gc<JsString>, PropertyKey) {
        let s = name
            .as_string()
            .unwrap_or_else(|| self.interner.intern_str(&self.heap, ""));
        let s = self.interner.intern(s);
        (s, self.key_from_string(s))
    }

    fn not_defined(&mut self, s: Gc<JsString>) -> crate::vm::Exception {
        self.reference_error(&format!("{} is not defined", s.to_rust_string()))
    }

    /// Read a global binding; `typeof_mode` turns "not defined" into undefined.
    pub fn get_global(&mut self, name: Value, typeof_mode: bool) -> JsResult<Value> {
        // FAST PATH: a cached position of a global-object data property
        // (see `GlobalCacheEntry`).
        if let Some(tag) = name.as_string() {
            let i = global_cache_index(tag);
            if let Some(e) = self.global_cache[i] {
                if e.tag == tag
                    && e.realm == self.realm
                    && self.realm.global_lex.borrow().len() == e.lex_len
                {
                    if let Some(v) = self.realm.global.data_at_index(e.index, e.key) {
                        return Ok(v);
                    }
                }
            }
        }
        let (s, key) = self.name_key(name);
        let lex = self.realm.global_lex.borrow().get(&s).copied();
        if let Some((v, _)) = lex {
            if v.is_uninit() {
                return Err(self.reference_error(&format!(
                    "Cannot access '{}' before initialization",
                    s.to_rust_string()
                )));
            }
            return Ok(v);
        }
        let g = self.realm.global;
        // FAST PATH: own data property of an ordinary global object.
        if let Some(v) = g.get_own_data(key) {
            if let (Some(tag), Some(index)) = (name.as_string(), g.own_index_of(key)) {
                let lex_len = self.realm.global_lex.borrow().len();
                self.global_cache[global_cache_index(tag)] = Some(GlobalCacheEntry {
                    tag,
                    key,
                    realm: self.realm,
                    index,
                    lex_len,
                });
            }
            return Ok(v);
        }
        if self.has_property(g, key)? {
            return self.get(g, key, Value::object(g));
        }
        if typeof_mode {
            return Ok(Value::UNDEFINED);
        }
        Err(self.not_defined(s))
    }

    pub fn set_global(&mut self, name: Value, v: Value, strict: bool) -> JsResult<()> {
        let (s, key) = self.name_key(name);
        let lex = self.realm.global_lex.borrow().get(&s).copied();
        if let Some((cur, mutable)) = lex {
            if cur.is_uninit() {
                return Err(self.reference_error(&format!(
                    "Cannot access '{}' before initialization",
                    s.to_rust_string()
                )));
            }
            if !mutable {
                return Err(self.type_error("Assignment to constant variable."));
            }
            self.realm.global_lex.borrow_mut().insert(s, (v, true));
            return Ok(());
        }
        let g = self.realm.global;
        if strict && !self.has_property(g, key)? {
            return Err(self.not_defined(s));
        }
        let ok = self.set(g, key, v, Value::object(g))?;
        if !ok && strict {
            return Err(self.type_error(&format!(
                "Cannot assign to read only property '{}'",
                s.to_rust_string()
            )));
        }
        Ok(())
    }

    /// Annex B.3.3.2's copy of a block function to its global var: not
    /// done when a global lexical binding has the name (the var was never
    /// declared then).
    pub(crate) fn annex_b_set_global(&mut self, name: Value, v: Value) -> JsResult<()> {
        let (s, key) = self.name_key(name);
        if self.realm.global_lex.borrow().contains_key(&s) {
            return Ok(());
        }
        let g = self.realm.global;
        self.set(g, key, v, Value::object(g))?;
        Ok(())
    }

    /// EvalDeclarationInstantiation's Annex B.3.3.3 steps for one block
    /// function name F of sloppy eval code: false when a binding between
    /// the eval and its var scope (or a global lexical one) has the name, or
    /// the global object refuses it; otherwise declares the var (if new)
    /// and returns true.
    pub(crate) fn declare_eval_annex_b(
        &mut self,
        env: Option<Gc<Env>>,
        name: Value,
    ) -> JsResult<bool> {
        let (s, key) = self.name_key(name);
        let mut cur = env;
        while let Some(e) = cur {
            if let (EnvKind::Declarative, Some(names)) = (&e.kind, e.names) {
                let has = names.names.iter().any(|(n, ..)| *n == s);
                if names.is_function_scope {
                    if !has {
                        let mut dynv = e.dynamic.borrow_mut();
                        if !dynv.iter().any(|(n, _)| *n == s) {
                            dynv.push((s, Value::UNDEFINED));
                        }
                    }
                    return Ok(true);
                }
                if has {
                    return Ok(false);
                }
            }
            cur = e.parent;
        }
        if self.realm.global_lex.borrow().contains_key(&s) {
            return Ok(false);
        }
        let g = self.realm.global;
        if self.has_own_property(g, key)? {
            return Ok(true);
        }
        if !self.is_extensible(g)? {
            return Ok(false);
        }
        let desc = PropertyDescriptor::data(Value::UNDEFINED, Attrs::DEFAULT);
        self.define_property_or_throw(g, key, desc)?;
        Ok(true)
    }

    pub(crate) fn init_global_lexical(&mut self, name: Value, v: Value) {
        let (s, _) = self.name_key(name);
        let mut lex = self.realm.global_lex.borrow_mut();
        let mutable = lex.get(&s).map(|e| e.1).unwrap_or(true);
        lex.insert(s, (v, mutable));
    }

    /// GlobalDeclarationInstantiation for a script (or EvalDeclarationInstantiation
    /// for global-scope sloppy eval, where vars are deletable).
    pub(crate) fn declare_globals(&mut self, code: Gc<Code>) -> JsResult<()> {
        let g = self.realm.global;
        let is_eval = !code.flags.is_script;
        // Checks first: nothing is created if any declaration is refused.
        for d in &code.global_decls {
            if d.kind == GlobalDeclKind::AnnexBFunction {
                // Never an error: B.3.3.2 just skips the binding.
                continue;
            }
            let key = self.key_from_string(d.name);
            let lexical = matches!(
                d.kind,
                GlobalDeclKind::Let | GlobalDeclKind::Const | GlobalDeclKind::Class
            );
            let lex_exists = self.realm.global_lex.borrow().contains_key(&d.name);
            if lex_exists {
                return Err(self.syntax_error(&format!(
                    "Identifier '{}' has already been declared",
                    d.name.to_rust_string()
                )));
            }
            if lexical {
                if let Some(p) = self.get_own_property(g, key)? {
                    if !p.attrs.configurable() {
                        return Err(self.syntax_error(&format!(
                            "Identifier '{}' has already been declared",
                            d.name.to_rust_string()
                        )));
                    }
                }
            } else if d.kind == GlobalDeclKind::Function {
                let ok = match self.get_own_property(g, key)? {
                    None => self.is_extensible(g)?,
                    Some(p) => {
                        p.attrs.configurable()
                            || (matches!(p.slot, Slot::Data(_))
                                && p.attrs.writable()
                                && p.attrs.enumerable())
                    }
                };
                if !ok {
                    return Err(self.type_error(&format!(
                        "Cannot declare global function '{}'",
                        d.name.to_rust_string()
                    )));
                }
            } else {
                let ok = self.has_own_property(g, key)? || self.is_extensible(g)?;
                if !ok {
                    return Err(self.type_error(&format!(
                        "Cannot declare global variable '{}'",
                        d.name.to_rust_string()
                    )));
                }
            }
        }
        for d in &code.global_decls {
            let key = self.key_from_string(d.name);
            match d.kind {
                GlobalDeclKind::Let | GlobalDeclKind::Class => {
                    self.realm
                        .global_lex
                        .borrow_mut()
                        .insert(d.name, (Value::UNINIT, true));
                }
                GlobalDeclKind::Const => {
                    self.realm
                        .global_lex
                        .borrow_mut()
                        .insert(d.name, (Value::UNINIT, false));
                }
                GlobalDeclKind::Function => {
                    let existing = self.get_own_property(g, key)?;
                    let desc = match existing {
                        Some(p) if !p.attrs.configurable() => PropertyDescriptor::default(),
                        _ => PropertyDescriptor {
                            value: Some(Value::UNDEFINED),
                            writable: Some(true),
                            enumerable: Some(true),
                            configurable: Some(is_eval),
                            ..Default::default()
                        },
                    };
                    self.define_property_or_throw(g, key, desc)?;
                }
                GlobalDeclKind::AnnexBFunction => {
                    // HasLexicalDeclaration, then CanDeclareGlobalVar and
                    // CreateGlobalVarBinding.
                    let lex = self.realm.global_lex.borrow().contains_key(&d.name);
                    if !lex && !self.has_own_property(g, key)? && self.is_extensible(g)? {
                        let desc = PropertyDescriptor {
                            value: Some(Value::UNDEFINED),
                            writable: Some(true),
                            enumerable: Some(true),
                            configurable: Some(is_eval),
                            ..Default::default()
                        };
                        self.define_property_or_throw(g, key, desc)?;
                    }
                }
                GlobalDeclKind::Var => {
                    if !self.has_own_property(g, key)? {
                        let desc = PropertyDescriptor {
                            value: Some(Value::UNDEFINED),
                            writable: Some(true),
                            enumerable: Some(true),
                            configurable: Some(is_eval),
                            ..Default::default()
                        };
                        self.define_property_or_throw(g, key, desc)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Resolve `name` through the environment chain: (value, this for calls).
    pub fn get_name(
        &mut self,
        env: Option<Gc<Env>>,
        name: Value,
        typeof_mode: bool,
    ) -> JsResult<(Value, Value)> {
        let (s, key) = self.name_key(name);
        let mut cur = env;
        while let Some(e) = cur {
            match &e.kind {
                EnvKind::With(obj) => {
                    let obj = *obj;
                    if self.has_property(obj, key)? && !self.blocked_by_unscopables(obj, key)? {
                        let v = self.get(obj, key, Value::object(obj))?;
                        return Ok((v, Value::object(obj)));
                    }
                }
                EnvKind::Declarative => {
                    if let Some(v) = Self::declarative_lookup(e, s) {
                        if v.is_uninit() {
                            return Err(self.reference_error(&format!(
                                "Cannot access '{}' before initialization",
                                s.to_rust_string()
                            )));
                        }
                        return Ok((v, Value::UNDEFINED));
                    }
                }
            }
            cur = e.parent;
        }
        let v = self.get_global(name, typeof_mode)?;
        Ok((v, Value::UNDEFINED))
    }

    fn declarative_lookup(e: Gc<Env>, s: Gc<JsString>) -> Option<Value> {
        if let Some(names) = e.names {
            if let Some((_, slot, ..)) = names.names.iter().find(|(n, ..)| *n == s) {
                return Some(e.get(*slot));
            }
        }
        e.dynamic
            .borrow()
            .iter()
            .find(|(n, _)| *n == s)
            .map(|(_, v)| *v)
    }

    fn blocked_by_unscopables(
        &mut self,
        obj: Gc<crate::object::JsObject>,
        key: PropertyKey,
    ) -> JsResult<bool> {
        let uk = PropertyKey::Symbol(self.symbols.unscopables);
        let u = self.get(obj, uk, Value::object(obj))?;
        if let Some(uo) = u.as_object() {
            let b = self.get(uo, key, u)?;
            return Ok(self.to_boolean(b));
        }
        Ok(false)
    }

    pub fn set_name(
        &mut self,
        env: Option<Gc<Env>>,
        name: Value,
        v: Value,
        strict: bool,
    ) -> JsResult<()> {
        let (s, key) = self.name_key(name);
        let mut cur = env;
        while let Some(e) = cur {
            match &e.kind {
                EnvKind::With(obj) => {
                    let obj = *obj;
                    if self.has_property(obj, key)? && !self.blocked_by_unscopables(obj, key)? {
                        // The binding may have gone away meanwhile.
                        if !self.has_property(obj, key)? && strict {
                            return Err(self.not_defined(s));
                        }
                        let ok = self.set(obj, key, v, Value::object(obj))?;
                        if !ok && strict {
                            return Err(self.type_error(&format!(
                                "Cannot assign to read only property '{}'",
                                s.to_rust_string()
                            )));
                        }
                        return Ok(());
                    }
                }
                EnvKind::Declarative => {
                    if let Some(names) = e.names {
                        if let Some(&(_, slot, mutable, _)) =
                            names.names.iter().find(|(n, ..)| *n == s)
                        {
                            if e.get(slot).is_uninit() {
                                return Err(self.reference_error(&format!(
                                    "Cannot access '{}' before initialization",
                                    s.to_rust_string()
                                )));
                            }
                            if !mutable {
                                if strict
                                    || names.names.iter().any(|(n, _, _, lex)| *n == s && *lex)
                                {
                                    return Err(self.type_error("Assignment to constant variable."));
                                }
                                return Ok(());
                            }
                            e.set(slot, v);
                            return Ok(());
                        }
                    }
                    let mut dynv = e.dynamic.borrow_mut();
                    if let Some(entry) = dynv.iter_mut().find(|(n, _)| *n == s) {
                        entry.1 = v;
                        return Ok(());
                    }
                }
            }
            cur = e.parent;
        }
        self.set_global(name, v, strict)
    }

    pub fn delete_name(&mut self, env: Option<Gc<Env>>, name: Value) -> JsResult<bool> {
        let (s, key) = self.name_key(name);
        let mut cur = env;
        while let Some(e) = cur {
            match &e.kind {
                EnvKind::With(obj) => {
                    let obj = *obj;
                    if self.has_property(obj, key)? {
                        return self.delete(obj, key);
                    }
                }
                EnvKind::Declarative => {
                    if let Some(names) = e.names {
                        if names.names.iter().any(|(n, ..)| *n == s) {
                            return Ok(false);
                        }
                    }
                    let mut dynv = e.dynamic.borrow_mut();
                    if let Some(i) = dynv.iter().position(|(n, _)| *n == s) {
                        dynv.remove(i);
                        return Ok(true);
                    }
                }
            }
            cur = e.parent;
        }
        if self.realm.global_lex.borrow().contains_key(&s) {
            return Ok(false);
        }
        let g = self.realm.global;
        self.delete(g, key)
    }

    /// `var name` (or a function declaration) in sloppy direct eval code:
    /// lands in the nearest function scope, or on the global object.
    pub(crate) fn declare_eval_var(
        &mut self,
        env: Option<Gc<Env>>,
        name: Value,
        f: Option<Value>,
    ) -> JsResult<()> {
        let (s, key) = self.name_key(name);
        let mut cur = env;
        while let Some(e) = cur {
            if let (EnvKind::Declarative, Some(names)) = (&e.kind, e.names) {
                if names
                    .names
                    .iter()
                    .any(|(n, _, _, lexical)| *n == s && *lexical)
                    && !names.is_function_scope
                {
                    return Err(self.syntax_error(&format!(
                        "Identifier '{}' has already been declared",
                        s.to_rust_string()
                    )));
                }
                if names.is_function_scope {
                    if let Some(&(_, slot, ..)) = names.names.iter().find(|(n, ..)| *n == s) {
                        if let Some(f) = f {
                            e.set(slot, f);
                        }
                        return Ok(());
                    }
                    let mut dynv = e.dynamic.borrow_mut();
                    match dynv.iter_mut().find(|(n, _)| *n == s) {
                        Some(entry) => {
                            if let Some(f) = f {
                                entry.1 = f;
                            }
                        }
                        None => dynv.push((s, f.unwrap_or(Value::UNDEFINED))),
                    }
                    return Ok(());
                }
            }
            cur = e.parent;
        }
        if self.realm.global_lex.borrow().contains_key(&s) {
            return Err(self.syntax_error(&format!(
                "Identifier '{}' has already been declared",
                s.to_rust_string()
            )));
        }
        let g = self.realm.global;
        match f {
            Some(fv) => {
                let existing = self.get_own_property(g, key)?;
                let desc = match existing {
                    Some(p) if !p.attrs.configurable() => PropertyDescriptor {
                        value: Some(fv),
                        ..Default::default()
                    },
                    _ => PropertyDescriptor::data(fv, Attrs::DEFAULT),
                };
                self.define_property_or_throw(g, key, desc)?;
                self.set(g, key, fv, Value::object(g))?;
            }
            None => {
                if !self.has_own_property(g, key)? {
                    self.define_property_or_throw(
                        g,
                        key,
                        PropertyDescriptor::data(Value::UNDEFINED, Attrs::DEFAULT),
                    )?;
                }
            }
        }
        Ok(())
    }

    /// PerformEval for a direct call `eval(x)` from the current frame.
    pub(crate) fn direct_eval(&mut self, arg: Value, in_params: bool) -> JsResult<Value> {
        let Some(src) = arg.as_string() else {
            return Ok(arg);
        };
        let text = src.to_rust_string();
        let Some(fi) = self.frames.len().checked_sub(1) else {
            return self.indirect_eval(arg);
        };
        let (env, this, callee, nt, strict, ctx) = {
            let f = &self.frames[fi];
            (
                f.env,
                self.stack[f.base + 1],
                self.stack[f.base],
                f.new_target,
                f.code.flags.strict,
                f.code.flags,
            )
        };
        let mut ctx = ctx;
        ctx.eval_in_params = in_params;
        let code = crate::compiler::compile_eval(self, &text, strict, true, ctx)?;
        let var_env = if code.flags.strict {
            // Strict eval code gets its own variable environment.
            Some(self.heap.alloc(Env {
                parent: env,
                slots: std::cell::RefCell::new(Default::default()),
                kind: EnvKind::Declarative,
                names: None,
                dynamic: std::cell::RefCell::new(Vec::new()),
            }))
        } else {
            env
        };
        let base_depth = self.frames.len();
        let r = self.run_code_with(code, this, var_env, callee, nt);
        debug_assert!(self.frames.len() == base_depth);
        r
    }

    /// Indirect eval: global scope, sloppy unless the code says otherwise.
    pub fn indirect_eval(&mut self, arg: Value) -> JsResult<Value> {
        let Some(src) = arg.as_string() else {
            return Ok(arg);
        };
        let text = src.to_rust_string();
        let code = crate::compiler::compile_eval(self, &text, false, false, Default::default())?;
        let this = self.realm.global_this;
        let env = if code.flags.strict {
            Some(self.heap.alloc(Env {
                parent: None,
                slots: std::cell::RefCell::new(Default::default()),
                kind: EnvKind::Declarative,
                names: None,
                dynamic: std::cell::RefCell::new(Vec::new()),
            }))
        } else {
            None
        };
        self.run_code_with(code, this, env, Value::UNDEFINED, Value::UNDEFINED)
    }

    fn run_code_with(
        &mut self,
        code: Gc<Code>,
        this: Value,
        env: Option<Gc<Env>>,
        callee: Value,
        nt: Value,
    ) -> JsResult<Value> {
        self.pending_new_target = nt;
        self.run_code(code, this, env, callee)
    }
}
