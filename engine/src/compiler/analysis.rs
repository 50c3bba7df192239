//! Pre-pass over a program: for every function, which names its nested
//! functions mention (those bindings must live in environments, not
//! registers), and whether it contains direct `eval` or `with` (then every
//! binding goes into a named environment and lookups become dynamic).
//!
//! Capture is decided by name, conservatively: a nested function that
//! mentions `x` captures every `x` declared in its enclosing functions.

use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};
use oxc_syntax::scope::ScopeFlags;
use rustc_hash::{FxHashMap, FxHashSet};

/// Facts about one function, keyed by its span start.
#[derive(Default, Debug, Clone)]
pub struct FunctionInfo {
    /// Names mentioned anywhere inside nested functions (and arrows).
    pub inner_refs: FxHashSet<String>,
    /// A direct `eval(...)` call appears in this function's own body.
    pub has_direct_eval: bool,
    /// A `with` statement appears in this function's own body.
    pub has_with: bool,
    /// This function or one nested in it has direct eval or `with`.
    pub contains_dynamic: bool,
    /// `arguments` is mentioned (here or in nested arrows).
    pub uses_arguments: bool,
}

#[derive(Default)]
pub struct Analysis {
    pub functions: FxHashMap<u32, FunctionInfo>,
    /// Source offsets of every identifier reference, by name, sorted.
    refs_at: FxHashMap<String, Vec<u32>>,
}

impl Analysis {
    /// Whether some reference to `name` starts within `from..=to`.
    pub fn has_ref_between(&self, name: &str, from: u32, to: u32) -> bool {
        let Some(list) = self.refs_at.get(name) else {
            return false;
        };
        let i = list.partition_point(|&o| o < from);
        list.get(i).is_some_and(|&o| o <= to)
    }
}

struct Ctx {
    key: u32,
    is_arrow: bool,
    refs: FxHashSet<String>,
}

pub struct Analyzer {
    stack: Vec<Ctx>,
    out: Analysis,
}

/// Key for the top-level code of a program.
pub const PROGRAM_KEY: u32 = u32::MAX;

impl Analyzer {
    pub fn run(program: &Program<'_>) -> Analysis {
        let mut a = Analyzer {
            stack: Vec::new(),
            out: Analysis::default(),
        };
        a.enter(PROGRAM_KEY, false);
        a.visit_program(program);
        a.leave();
        for list in a.out.refs_at.values_mut() {
            list.sort_unstable();
        }
        a.out
    }

    fn enter(&mut self, key: u32, is_arrow: bool) {
        self.out.functions.entry(key).or_default();
        self.stack.push(Ctx {
            key,
            is_arrow,
            refs: FxHashSet::default(),
        });
    }

    fn leave(&mut self) {
        let Some(ctx) = self.stack.pop() else { return };
        let info = self
            .out
            .functions
            .get(&ctx.key)
            .cloned()
            .unwrap_or_default();
        if let Some(parent) = self.stack.last_mut() {
            // Everything this function (or its children) mentions is an
            // inner reference of the parent.
            let pkey = parent.key;
            parent.refs.extend(ctx.refs.iter().cloned());
            let p = self.out.functions.entry(pkey).or_default();
            p.inner_refs.extend(ctx.refs);
            if info.contains_dynamic {
                p.contains_dynamic = true;
            }
            if ctx.is_arrow && info.uses_arguments {
                p.uses_arguments = true;
            }
        }
    }

    fn note_ref(&mut self, name: &str) {
        if let Some(c) = self.stack.last_mut() {
            c.refs.insert(name.to_string());
        }
    }

    fn current(&mut self) -> Option<&mut FunctionInfo> {
        let key = self.stack.last()?.key;
        self.out.functions.get_mut(&key)
    }
}

impl<'a> Visit<'a> for Analyzer {
    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        self.note_ref(it.name.as_str());
        // Look up by `&str` first: most references repeat a known name.
        match self.out.refs_at.get_mut(it.name.as_str()) {
            Some(list) => list.push(it.span.start),
            None => {
                self.out
                    .refs_at
                    .insert(it.name.to_string(), vec![it.span.start]);
            }
        }
        if it.name == "arguments" {
            if let Some(f) = self.current() {
                f.uses_arguments = true;
            }
        }
    }

    fn visit_binding_identifier(&mut self, it: &BindingIdentifier<'a>) {
        // A nested function declaring a name still "mentions" it: harmless
        // over-approximation that keeps the rule simple.
        let _ = it;
    }

    fn visit_private_identifier(&mut self, it: &PrivateIdentifier<'a>) {
        self.note_ref(&format!("#{}", it.name));
    }

    fn visit_this_expression(&mut self, _it: &ThisExpression) {
        self.note_ref("this");
    }

    fn visit_super(&mut self, _it: &Super) {
        self.note_ref("this");
        self.note_ref("%fn");
        self.note_ref("new.target");
    }

    fn visit_new_target(&mut self, _it: &NewTarget) {
        self.note_ref("new.target");
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if let Expression::Identifier(id) = &it.callee {
            if id.name == "eval" {
                if let Some(f) = self.current() {
                    f.has_direct_eval = true;
                    f.contains_dynamic = true;
                    f.uses_arguments = true;
                }
                // eval code may use this/new.target/super/arguments.
                for n in ["this", "new.target", "%fn", "arguments"] {
                    self.note_ref(n);
                }
            }
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_with_statement(&mut self, it: &WithStatement<'a>) {
        if let Some(f) = self.current() {
            f.has_with = true;
            f.contains_dynamic = true;
        }
        walk::walk_with_statement(self, it);
    }

    fn visit_function(&mut self, it: &Function<'a>, flags: ScopeFlags) {
        self.enter(it.span.start, false);
        walk::walk_function(self, it, flags);
        self.leave();
    }

    fn visit_arrow_function_expression(&mut self, it: &ArrowFunctionExpression<'a>) {
        self.enter(it.span.start, true);
        walk::walk_arrow_function_expression(self, it);
        self.leave();
    }

    fn visit_property_definition(&mut self, it: &PropertyDefinition<'a>) {
        // Field initialisers run as methods of their own.
        if it.computed {
            self.visit_property_key(&it.key);
        }
        if let Some(v) = &it.value {
            self.enter(it.span.start, false);
            self.visit_expression(v);
            self.leave();
        }
    }

    fn visit_static_block(&mut self, it: &StaticBlock<'a>) {
        self.enter(it.span.start, false);
        walk::walk_static_block(self, it);
        self.leave();
    }

    fn visit_class(&mut self, it: &Class<'a>) {
        // Class bodies mention the class's own binding (methods refer to it).
        walk::walk_class(self, it);
    }
}
