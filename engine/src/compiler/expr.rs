//! Expressions.

use super::scope::{BindKind, Loc, Resolved};
use super::{CResult, Compiler, FnKind, Patch, Reg};
use crate::bytecode::Op;
use crate::value::Value;
use oxc_ast::ast::*;
use oxc_span::GetSpan;
use oxc_syntax::operator::{
    AssignmentOperator, BinaryOperator, LogicalOperator, UnaryOperator, UpdateOperator,
};

/// Decode oxc's lone-surrogate escape (`\u{FFFD}XXXX`) into UTF-16.
pub(crate) fn decode_string(s: &str, lone_surrogates: bool) -> Vec<u16> {
    if !lone_surrogates {
        return s.encode_utf16().collect();
    }
    let mut out = Vec::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{FFFD}' {
            let hex: String = chars.by_ref().take(4).collect();
            if let Ok(u) = u16::from_str_radix(&hex, 16) {
                out.push(u);
                continue;
            }
            out.push(0xFFFD);
        } else {
            let mut buf = [0u16; 2];
            out.extend_from_slice(c.encode_utf16(&mut buf));
        }
    }
    out
}

/// Is this an anonymous function or class definition (named by context)?
pub(crate) fn is_anonymous_fn(e: &Expression) -> bool {
    match e {
        Expression::FunctionExpression(f) => f.id.is_none(),
        Expression::ArrowFunctionExpression(_) => true,
        Expression::ClassExpression(c) => c.id.is_none(),
        Expression::ParenthesizedExpression(p) => is_anonymous_fn(&p.expression),
        _ => false,
    }
}

fn strip_parens<'b, 'a>(e: &'b Expression<'a>) -> &'b Expression<'a> {
    match e {
        Expression::ParenthesizedExpression(p) => strip_parens(&p.expression),
        _ => e,
    }
}

/// Expressions whose evaluation cannot change any binding (so a binding
/// register read before them stays valid).
fn is_side_effect_free(e: &Expression) -> bool {
    match e {
        Expression::NumericLiteral(_)
        | Expression::StringLiteral(_)
        | Expression::BooleanLiteral(_)
        | Expression::NullLiteral(_)
        | Expression::Identifier(_)
        | Expression::ThisExpression(_) => true,
        Expression::ParenthesizedExpression(p) => is_side_effect_free(&p.expression),
        _ => false,
    }
}

/// Whether evaluating `e` may assign a binding held in a register of the
/// function being compiled. Only an assignment or update expression inside
/// `e` can: nested functions reach only bindings that live in environments,
/// and direct eval or `with` move every binding into one. Conservative:
/// any assignment counts, whatever its target.
pub(crate) fn may_assign(e: &Expression) -> bool {
    use oxc_ast_visit::Visit;
    struct Finder(bool);
    impl<'a> Visit<'a> for Finder {
        fn visit_assignment_expression(&mut self, _: &AssignmentExpression<'a>) {
            self.0 = true;
        }
        fn visit_update_expression(&mut self, _: &UpdateExpression<'a>) {
            self.0 = true;
        }
    }
    if is_side_effect_free(e) {
        return false;
    }
    let mut f = Finder(false);
    f.visit_expression(e);
    f.0
}

impl<'v> Compiler<'v> {
    /// The register holding `e` when `e` is a binding (or `this`) readable
    /// in place, without a copy or TDZ check.
    fn binding_operand(&self, e: &Expression) -> Option<Reg> {
        match e {
            Expression::Identifier(id) => self.name_register(id.name.as_str(), id.span.start),
            Expression::ThisExpression(t) if !self.this_may_be_uninit() => {
                self.name_register("this", t.span.start)
            }
            Expression::ParenthesizedExpression(p) => self.binding_operand(&p.expression),
            _ => None,
        }
    }

    /// Whether compiling `e` into `dst` writes `dst` only with its last
    /// instruction and reads no binding register after writing it: then
    /// `dst` may be the register of a binding that `e` itself reads or that
    /// must keep its old value if `e` throws (`x = x + 1`, `x = f(x)`).
    fn writes_dst_last(&self, e: &Expression) -> bool {
        match e {
            Expression::NumericLiteral(_)
            | Expression::StringLiteral(_)
            | Expression::BooleanLiteral(_)
            | Expression::NullLiteral(_)
            | Expression::BinaryExpression(_)
            | Expression::NewExpression(_)
            | Expression::StaticMemberExpression(_)
            | Expression::ComputedMemberExpression(_) => true,
            // A TDZ-checked load writes `dst` before the check.
            Expression::Identifier(id) => self
                .name_register(id.name.as_str(), id.span.start)
                .is_some(),
            Expression::UnaryExpression(u) => {
                !matches!(u.operator, UnaryOperator::Delete | UnaryOperator::Void)
            }
            Expression::CallExpression(c) => !matches!(c.callee, Expression::Super(_)),
            Expression::ParenthesizedExpression(p) => self.writes_dst_last(&p.expression),
            Expression::ConditionalExpression(c) => {
                self.writes_dst_last(&c.consequent) && self.writes_dst_last(&c.alternate)
            }
            _ => false,
        }
    }

    /// The register of declared binding `name` when its initialiser `init`
    /// can be computed straight into it.
    pub(crate) fn init_in_place(&self, name: &str, init: &Expression) -> Option<Reg> {
        match self.resolve_declared(name) {
            Some(Loc::Reg(r)) if self.writes_dst_last(init) => Some(r),
            _ => None,
        }
    }

    /// `dst = cur op right` for a compound assignment (immediate form for
    /// `+= 1` and the like).
    fn compound_step(
        &mut self,
        bop: Op,
        dst: Reg,
        cur: Reg,
        right: &Expression,
        at: u32,
    ) -> CResult<()> {
        if let (Some(op), Some(v)) = (imm_op_of(bop), small_int(right)) {
            self.pos(at);
            self.emit(op, &[dst as u32, cur as u32, v as u32]);
            return Ok(());
        }
        let r = self.expr_any(right)?;
        self.pos(at);
        self.emit(bop, &[dst as u32, cur as u32, r as u32]);
        Ok(())
    }

    /// `x = e` / `x op= e` / `x++` whose value is unused, on a register
    /// binding: computed in place, no temporaries. Returns false (having
    /// emitted nothing) when `e` is not of that form.
    fn assign_in_place(&mut self, e: &Expression) -> CResult<bool> {
        match strip_parens(e) {
            Expression::AssignmentExpression(a) => {
                let AssignmentTarget::AssignmentTargetIdentifier(id) = &a.left else {
                    return Ok(false);
                };
                let Some(x) = self.store_register(id.name.as_str(), id.span.start) else {
                    return Ok(false);
                };
                let Some(bop) = compound_op(a.operator) else {
                    if a.operator != AssignmentOperator::Assign || !self.writes_dst_last(&a.right) {
                        return Ok(false);
                    }
                    self.expr_to_named(&a.right, x, id.name.as_str())?;
                    return Ok(true);
                };
                let m = self.mark();
                let mut cur = x;
                if may_assign(&a.right) {
                    // The right side may reassign `x`: keep the value read first.
                    cur = self.alloc();
                    self.mov(cur, x);
                }
                self.compound_step(bop, x, cur, &a.right, a.span.start)?;
                self.free_to(m);
                Ok(true)
            }
            Expression::UpdateExpression(u) => {
                let SimpleAssignmentTarget::AssignmentTargetIdentifier(id) = &u.argument else {
                    return Ok(false);
                };
                let Some(x) = self.store_register(id.name.as_str(), id.span.start) else {
                    return Ok(false);
                };
                let op = if u.operator == UpdateOperator::Increment {
                    Op::Inc
                } else {
                    Op::Dec
                };
                // Inc/Dec apply ToNumeric themselves.
                self.pos(u.span.start);
                self.emit(op, &[x as u32, x as u32]);
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// Evaluate `e` into a register, reusing a binding's register when safe.
    pub(crate) fn expr_any(&mut self, e: &Expression) -> CResult<Reg> {
        if let Expression::Identifier(id) = e {
            if let Some(r) = self.name_register(id.name.as_str(), id.span.start) {
                return Ok(r);
            }
        }
        let t = self.alloc();
        self.expr_to(e, t)?;
        Ok(t)
    }

    /// Evaluate `e` into a fresh temporary.
    pub(crate) fn expr_temp(&mut self, e: &Expression) -> CResult<Reg> {
        let t = self.alloc();
        self.expr_to(e, t)?;
        Ok(t)
    }

    pub(crate) fn expr_discard(&mut self, e: &Expression) -> CResult<()> {
        if self.assign_in_place(e)? {
            return Ok(());
        }
        if let Expression::AssignmentExpression(a) = strip_parens(e) {
            return self.assignment_to(a, None);
        }
        let m = self.mark();
        let t = self.alloc();
        self.expr_to(e, t)?;
        self.free_to(m);
        Ok(())
    }

    /// Evaluate `e` with `name` given to anonymous functions/classes.
    pub(crate) fn expr_to_named(&mut self, e: &Expression, dst: Reg, name: &str) -> CResult<()> {
        match strip_parens(e) {
            Expression::FunctionExpression(f) if f.id.is_none() => {
                self.function_expr(f, dst, Some(name))
            }
            Expression::ArrowFunctionExpression(a) => self.arrow_expr(a, dst, Some(name)),
            Expression::ClassExpression(c) if c.id.is_none() => self.class_expr(c, dst, Some(name)),
            other => self.expr_to(other, dst),
        }
    }

    /// Evaluate `e` with a run-time computed name in `key` (computed keys).
    pub(crate) fn expr_to_named_dyn(&mut self, e: &Expression, dst: Reg, key: Reg) -> CResult<()> {
        if is_anonymous_fn(e) {
            match strip_parens(e) {
                Expression::ClassExpression(c) => {
                    self.class_expr_dyn_name(c, dst, key)?;
                    return Ok(());
                }
                _ => {
                    self.expr_to(e, dst)?;
                    self.emit(Op::SetFunctionName, &[dst as u32, key as u32, 0]);
                    return Ok(());
                }
            }
        }
        self.expr_to(e, dst)
    }

    pub(crate) fn expr_to(&mut self, e: &Expression, dst: Reg) -> CResult<()> {
        self.stack_guard(e.span().start)?;
        self.expr_inner(e, dst)
    }

    fn expr_inner(&mut self, e: &Expression, dst: Reg) -> CResult<()> {
        let m0 = self.mark();
        let d = dst as u32;
        match e {
            Expression::BooleanLiteral(b) => {
                self.emit(if b.value { Op::LoadTrue } else { Op::LoadFalse }, &[d]);
            }
            Expression::NullLiteral(_) => {
                self.emit(Op::LoadNull, &[d]);
            }
            Expression::NumericLiteral(n) => self.load_number(n.value, dst),
            Expression::StringLiteral(s) => {
                let units = decode_string(s.value.as_str(), s.lone_surrogates);
                self.load_string_units(&units, dst);
            }
            Expression::BigIntLiteral(b) => {
                let text = b.value.as_str();
                let v = num_bigint::BigInt::parse_bytes(text.as_bytes(), 10).unwrap_or_default();
                let bv = self.vm.new_bigint(v);
                let k = self.konst(bv);
                self.emit(Op::LoadConst, &[d, k]);
            }
            Expression::RegExpLiteral(r) => {
                let p = self.str_const(r.regex.pattern.text.as_str());
                let f = self.str_const(&r.regex.flags.to_string());
                self.pos(r.span.start);
                self.emit(Op::NewRegExp, &[d, p, f]);
            }
            Expression::TemplateLiteral(t) => self.template_literal(t, dst)?,
            Expression::Identifier(id) => {
                if id.name == "undefined"
                    && matches!(self.resolve("undefined", id.span.start), Resolved::Global)
                {
                    self.load_undef(dst);
                } else {
                    self.pos(id.span.start);
                    self.load_name(id.name.as_str(), dst, id.span.start)?;
                }
            }
            Expression::ThisExpression(t) => self.load_this(dst, t.span.start)?,
            Expression::Super(s) => {
                return self.err("'super' keyword unexpected here", s.span.start)
            }
            Expression::ArrayExpression(a) => self.array_literal(a, dst)?,
            Expression::ObjectExpression(o) => self.object_literal(o, dst)?,
            Expression::FunctionExpression(f) => self.function_expr(f, dst, None)?,
            Expression::ArrowFunctionExpression(a) => self.arrow_expr(a, dst, None)?,
            Expression::ClassExpression(c) => self.class_expr(c, dst, None)?,
            Expression::AssignmentExpression(a) => self.assignment(a, dst)?,
            Expression::AwaitExpression(a) => {
                let v = self.expr_temp(&a.argument)?;
                // Async stack traces show a suspended caller at its `await`.
                self.pos(a.span.start);
                self.await_value(v, dst)?;
                self.free_to(v);
            }
            Expression::BinaryExpression(b) => self.binary(b, dst)?,
            Expression::CallExpression(c) => self.call(c, dst, &mut None)?,
            Expression::ChainExpression(c) => {
                let mut exits: Option<Vec<Patch>> = Some(Vec::new());
                match &c.expression {
                    ChainElement::CallExpression(call) => self.call(call, dst, &mut exits)?,
                    ChainElement::TSNonNullExpression(n) => self.expr_to(&n.expression, dst)?,
                    other => {
                        if let Some(m) = other.as_member_expression() {
                            self.member(m, dst, None, &mut exits)?;
                        }
                    }
                }
                let patches = exits.unwrap_or_default();
                if !patches.is_empty() {
                    let end = self.emit_jump(Op::Jmp, None);
                    for p in patches {
                        self.patch_here(p);
                    }
                    self.load_undef(dst);
                    self.patch_here(end);
                }
            }
            Expression::ConditionalExpression(c) => {
                let else_j = self.cond_jump(&c.test, false)?;
                self.free_to(m0);
                let m = self.mark();
                self.expr_to(&c.consequent, dst)?;
                self.free_to(m);
                let end = self.emit_jump(Op::Jmp, None);
                self.patch_all_here(else_j);
                self.expr_to(&c.alternate, dst)?;
                self.patch_here(end);
            }
            Expression::ImportExpression(i) => {
                let spec = self.expr_temp(&i.source)?;
                let opts = self.alloc();
                match &i.options {
                    Some(o) => self.expr_to(o, opts)?,
                    None => self.load_undef(opts),
                }
                self.emit(Op::ImportCall, &[d, spec as u32, opts as u32]);
                self.free_to(spec);
            }
            Expression::LogicalExpression(l) => self.logical(l, dst)?,
            Expression::NewExpression(n) => self.new_expr(n, dst)?,
            Expression::ParenthesizedExpression(p) => self.expr_to(&p.expression, dst)?,
            Expression::SequenceExpression(s) => {
                let n = s.expressions.len();
                for (i, x) in s.expressions.iter().enumerate() {
                    if i + 1 == n {
                        self.expr_to(x, dst)?;
                    } else {
                        self.expr_discard(x)?;
                    }
                }
            }
            Expression::TaggedTemplateExpression(t) => self.tagged_template(t, dst)?,
            Expression::UnaryExpression(u) => self.unary(u, dst)?,
            Expression::UpdateExpression(u) => self.update(u, dst)?,
            Expression::YieldExpression(y) => self.yield_expr(y, dst)?,
            Expression::PrivateInExpression(p) => {
                let name = self.alloc();
                self.load_private_name(p.left.name.as_str(), name, p.left.span.start)?;
                let obj = self.expr_temp(&p.right)?;
                self.emit(Op::PrivateIn, &[d, name as u32, obj as u32]);
                self.free_to(name);
            }
            Expression::ImportMeta(_) => {
                let m = self.module_const();
                self.emit(Op::ImportMeta, &[d, m]);
            }
            Expression::NewTarget(n) => {
                self.load_name("new.target", dst, n.span.start)?;
            }
            Expression::StaticMemberExpression(_)
            | Expression::ComputedMemberExpression(_)
            | Expression::PrivateFieldExpression(_) => {
                if let Some(m) = e.as_member_expression() {
                    self.member(m, dst, None, &mut None)?;
                }
            }
            Expression::TSAsExpression(x) => self.expr_to(&x.expression, dst)?,
            Expression::TSSatisfiesExpression(x) => self.expr_to(&x.expression, dst)?,
            Expression::TSTypeAssertion(x) => self.expr_to(&x.expression, dst)?,
            Expression::TSNonNullExpression(x) => self.expr_to(&x.expression, dst)?,
            Expression::TSInstantiationExpression(x) => self.expr_to(&x.expression, dst)?,
            Expression::JSXElement(j) => return self.err("JSX is not supported", j.span.start),
            Expression::JSXFragment(j) => return self.err("JSX is not supported", j.span.start),
            Expression::V8IntrinsicExpression(v) => {
                return self.err("V8 intrinsics are not supported", v.span.start)
            }
        }
        Ok(())
    }

    pub(crate) fn load_number(&mut self, n: f64, dst: Reg) {
        let i = n as i32;
        if i as f64 == n && !(n == 0.0 && n.is_sign_negative()) {
            self.emit(Op::LoadInt, &[dst as u32, i as u32]);
        } else {
            let k = self.konst(Value::double(n));
            self.emit(Op::LoadConst, &[dst as u32, k]);
        }
    }

    pub(crate) fn load_string_units(&mut self, units: &[u16], dst: Reg) {
        let k = if let Ok(s) = String::from_utf16(units) {
            self.str_const(&s)
        } else {
            let js = self.vm.heap.alloc_utf16(units);
            self.konst(Value::string(js))
        };
        self.emit(Op::LoadConst, &[dst as u32, k]);
    }

    pub(crate) fn load_str(&mut self, s: &str, dst: Reg) {
        let k = self.str_const(s);
        self.emit(Op::LoadConst, &[dst as u32, k]);
    }

    /// `this`, with the derived-constructor TDZ check where needed.
    pub(crate) fn load_this(&mut self, dst: Reg, offset: u32) -> CResult<()> {
        self.load_name("this", dst, offset)?;
        if self.this_may_be_uninit() {
            self.emit(Op::GetThisChecked, &[dst as u32]);
            // GetThisChecked reads r1; for captured `this` check the loaded value.
            let k = self.str_const("this");
            let _ = k;
        }
        Ok(())
    }

    /// Inside a derived constructor (or an arrow/eval within one) `this`
    /// may still be uninitialised.
    fn this_may_be_uninit(&self) -> bool {
        for f in self.fns.iter().rev() {
            match f.kind {
                FnKind::Arrow | FnKind::Eval => continue,
                FnKind::DerivedConstructor => return true,
                _ => return false,
            }
        }
        false
    }

    fn template_literal(&mut self, t: &TemplateLiteral, dst: Reg) -> CResult<()> {
        let first = &t.quasis[0];
        let cooked = first
            .value
            .cooked
            .as_ref()
            .map(|c| c.as_str())
            .unwrap_or("");
        let units = decode_string(cooked, first.lone_surrogates);
        self.load_string_units(&units, dst);
        let tmp = self.alloc();
        for (i, e) in t.expressions.iter().enumerate() {
            self.expr_to(e, tmp)?;
            self.emit(Op::ToStr, &[tmp as u32, tmp as u32]);
            self.emit(Op::Add, &[dst as u32, dst as u32, tmp as u32]);
            if let Some(q) = t.quasis.get(i + 1) {
                let c = q.value.cooked.as_ref().map(|c| c.as_str()).unwrap_or("");
                if !c.is_empty() {
                    let units = decode_string(c, q.lone_surrogates);
                    self.load_string_units(&units, tmp);
                    self.emit(Op::Add, &[dst as u32, dst as u32, tmp as u32]);
                }
            }
        }
        self.free_to(tmp);
        Ok(())
    }

    fn tagged_template(&mut self, t: &TaggedTemplateExpression, dst: Reg) -> CResult<()> {
        // Template object constant: array [cooked..., raw...]; cooked
        // entries that are invalid escapes are holes (→ undefined).
        let mut parts: Vec<Value> = Vec::new();
        for q in &t.quasi.quasis {
            match &q.value.cooked {
                Some(c) => {
                    let units = decode_string(c.as_str(), q.lone_surrogates);
                    parts.push(Value::string(self.vm.heap.alloc_utf16(&units)));
                }
                None => parts.push(Value::HOLE),
            }
        }
        for q in &t.quasi.quasis {
            let raw = q
                .value
                .raw
                .as_str()
                .replace("\r\n", "\n")
                .replace('\r', "\n");
            parts.push(Value::string(self.vm.heap.alloc_str(&raw)));
        }
        let arr = self.vm.new_array(0);
        arr.set_dense_elements(parts);
        let k = self.konst(Value::object(arr));
        let n = t.quasi.expressions.len() as u32;
        let base = self.alloc_n(3 + n);
        self.callee_and_this(&t.tag, base)?;
        self.emit(Op::GetTemplateObject, &[base as u32 + 2, k]);
        for (i, e) in t.quasi.expressions.iter().enumerate() {
            self.expr_to(e, base + 3 + i as Reg)?;
        }
        self.pos(t.span.start);
        self.emit(Op::Call, &[dst as u32, base as u32, n + 1]);
        self.free_to(base);
        Ok(())
    }

    fn array_literal(&mut self, a: &ArrayExpression, dst: Reg) -> CResult<()> {
        let arr = self.alloc();
        self.emit(Op::NewArray, &[arr as u32]);
        let tmp = self.alloc();
        for el in &a.elements {
            match el {
                ArrayExpressionElement::SpreadElement(s) => {
                    self.expr_to(&s.argument, tmp)?;
                    self.pos(s.span.start);
                    self.emit(Op::ArraySpread, &[arr as u32, tmp as u32]);
                }
                ArrayExpressionElement::Elision(_) => {
                    self.emit(Op::ArrayPushHole, &[arr as u32]);
                }
                other => {
                    if let Some(e) = other.as_expression() {
                        self.expr_to(e, tmp)?;
                        self.emit(Op::ArrayPush, &[arr as u32, tmp as u32]);
                    }
                }
            }
        }
        self.mov(dst, arr);
        self.free_to(arr);
        Ok(())
    }

    /// The key of a property as a static string, if not computed.
    pub(crate) fn static_key(key: &PropertyKey) -> Option<String> {
        match key {
            PropertyKey::StaticIdentifier(id) => Some(id.name.to_string()),
            PropertyKey::StringLiteral(s) => {
                let u = decode_string(s.value.as_str(), s.lone_surrogates);
                String::from_utf16(&u).ok()
            }
            PropertyKey::NumericLiteral(n) => {
                Some(crate::ops::conversion::number_to_string(n.value))
            }
            PropertyKey::BigIntLiteral(b) => Some(b.value.to_string()),
            _ => None,
        }
    }

    /// Evaluate a (possibly computed) property key into `dst` as a key value.
    pub(crate) fn property_key(
        &mut self,
        key: &PropertyKey,
        computed: bool,
        dst: Reg,
    ) -> CResult<()> {
        if !computed {
            if let Some(s) = Self::static_key(key) {
                self.load_str(&s, dst);
                return Ok(());
            }
        }
        match key {
            PropertyKey::StaticIdentifier(id) => self.load_str(id.name.as_str(), dst),
            PropertyKey::PrivateIdentifier(p) => {
                self.load_private_name(p.name.as_str(), dst, p.span.start)?
            }
            other => {
                if let Some(e) = other.as_expression() {
                    self.expr_to(e, dst)?;
                    self.emit(Op::ToPropertyKey, &[dst as u32, dst as u32]);
                }
            }
        }
        Ok(())
    }

    fn object_literal(&mut self, o: &ObjectExpression, dst: Reg) -> CResult<()> {
        let obj = self.alloc();
        self.emit(Op::NewObject, &[obj as u32]);
        let key = self.alloc();
        let val = self.alloc();
        for p in &o.properties {
            match p {
                ObjectPropertyKind::SpreadProperty(s) => {
                    self.expr_to(&s.argument, val)?;
                    self.emit(Op::CopyDataProps, &[obj as u32, val as u32, val as u32, 0]);
                }
                ObjectPropertyKind::ObjectProperty(p) => {
                    let static_name = if p.computed {
                        None
                    } else {
                        Self::static_key(&p.key)
                    };
                    // `__proto__: value` sets the prototype.
                    if !p.computed
                        && !p.shorthand
                        && !p.method
                        && p.kind == PropertyKind::Init
                        && static_name.as_deref() == Some("__proto__")
                    {
                        {
                            self.expr_to(&p.value, val)?;
                            self.emit(Op::SetProtoLiteral, &[obj as u32, val as u32]);
                            continue;
                        }
                    }
                    match p.kind {
                        PropertyKind::Init if !p.method => match &static_name {
                            Some(n) => {
                                self.expr_to_named(&p.value, val, n)?;
                                let k = self.str_const(n);
                                self.emit(Op::DefineNamed, &[obj as u32, k, val as u32]);
                            }
                            None => {
                                self.property_key(&p.key, p.computed, key)?;
                                self.expr_to_named_dyn(&p.value, val, key)?;
                                self.emit(Op::DefineField, &[obj as u32, key as u32, val as u32]);
                            }
                        },
                        kind => {
                            self.property_key(&p.key, p.computed, key)?;
                            let Expression::FunctionExpression(f) = &p.value else {
                                return self.err("invalid method", p.span.start);
                            };
                            // toString gives the whole MethodDefinition.
                            self.f().child_span = Some((p.span.start, p.span.end));
                            self.method_function(f, val, None, FnKind::Method)?;
                            let flags = 1
                                | 8
                                | match kind {
                                    PropertyKind::Get => 2,
                                    PropertyKind::Set => 4,
                                    PropertyKind::Init => 0,
                                };
                            self.emit(
                                Op::DefineMethod,
                                &[obj as u32, key as u32, val as u32, flags],
                            );
                        }
                    }
                }
            }
        }
        self.mov(dst, obj);
        self.free_to(obj);
        Ok(())
    }

    fn unary(&mut self, u: &UnaryExpression, dst: Reg) -> CResult<()> {
        let m0 = self.mark();
        let d = dst as u32;
        match u.operator {
            UnaryOperator::Typeof => {
                if let Expression::Identifier(id) = strip_parens(&u.argument) {
                    match self.resolve(id.name.as_str(), id.span.start) {
                        Resolved::Global => {
                            let k = self.str_const(id.name.as_str());
                            self.emit(Op::TypeofGlobal, &[d, k]);
                            return Ok(());
                        }
                        Resolved::Dynamic => {
                            let k = self.str_const(id.name.as_str());
                            self.emit(Op::TypeofName, &[d, k]);
                            return Ok(());
                        }
                        _ => {}
                    }
                }
                let r = self.expr_any(&u.argument)?;
                self.emit(Op::TypeOf, &[d, r as u32]);
                self.free_to(m0);
            }
            UnaryOperator::Delete => self.delete(&u.argument, dst)?,
            UnaryOperator::Void => {
                self.expr_discard(&u.argument)?;
                self.load_undef(dst);
            }
            op => {
                let r = self.expr_any(&u.argument)?;
                let o = match op {
                    UnaryOperator::LogicalNot => Op::Not,
                    UnaryOperator::UnaryNegation => Op::Neg,
                    UnaryOperator::UnaryPlus => Op::ToNumber,
                    _ => Op::BitNot,
                };
                self.emit(o, &[d, r as u32]);
                self.free_to(m0);
            }
        }
        Ok(())
    }

    fn delete(&mut self, arg: &Expression, dst: Reg) -> CResult<()> {
        let m0 = self.mark();
        let d = dst as u32;
        match strip_parens(arg) {
            Expression::Identifier(id) => match self.resolve(id.name.as_str(), id.span.start) {
                Resolved::Local { .. } => {
                    self.emit(Op::LoadFalse, &[d]);
                }
                _ => {
                    let k = self.str_const(id.name.as_str());
                    self.emit(Op::DeleteName, &[d, k]);
                }
            },
            Expression::StaticMemberExpression(m) => {
                let o = self.expr_temp(&m.object)?;
                let k = self.alloc();
                self.load_str(m.property.name.as_str(), k);
                self.pos(m.span.start);
                self.emit(Op::DeleteProp, &[d, o as u32, k as u32]);
                self.free_to(o);
            }
            Expression::ComputedMemberExpression(m) => {
                if matches!(m.object, Expression::Super(_)) {
                    let k = self.expr_temp(&m.expression)?;
                    let _ = k;
                    let msg = self.str_const("Unsupported reference to 'super'");
                    self.emit(Op::ThrowError, &[1, msg]);
                    self.free_to(m0);
                    return Ok(());
                }
                let o = self.expr_temp(&m.object)?;
                let k = self.expr_temp(&m.expression)?;
                self.pos(m.span.start);
                self.emit(Op::DeleteProp, &[d, o as u32, k as u32]);
                self.free_to(o);
            }
            Expression::ChainExpression(c) => {
                // delete a?.b: true when short-circuited.
                let mut exits: Option<Vec<Patch>> = Some(Vec::new());
                if let Some(m) = c.expression.as_member_expression() {
                    let o = self.alloc();
                    let k = self.alloc();
                    self.member_base(m, o, &mut exits)?;
                    match m {
                        MemberExpression::StaticMemberExpression(s) => {
                            self.load_str(s.property.name.as_str(), k)
                        }
                        MemberExpression::ComputedMemberExpression(c) => {
                            self.expr_to(&c.expression, k)?
                        }
                        MemberExpression::PrivateFieldExpression(_) => {}
                    }
                    self.emit(Op::DeleteProp, &[d, o as u32, k as u32]);
                    self.free_to(o);
                } else {
                    self.expr_discard(arg)?;
                    self.emit(Op::LoadTrue, &[d]);
                }
                let patches = exits.unwrap_or_default();
                if !patches.is_empty() {
                    let end = self.emit_jump(Op::Jmp, None);
                    for p in patches {
                        self.patch_here(p);
                    }
                    self.emit(Op::LoadTrue, &[d]);
                    self.patch_here(end);
                }
            }
            other => {
                self.expr_discard(other)?;
                self.emit(Op::LoadTrue, &[d]);
            }
        }
        Ok(())
    }

    fn binary(&mut self, b: &BinaryExpression, dst: Reg) -> CResult<()> {
        self.binary_to(b, dst, false)
    }

    /// The left operand of a binary expression into a register. A left-deep
    /// chain (`a + b + c …`, parsed as `((a + b) + c) …`) is computed in one
    /// scratch register that every link reuses (`dst` itself when `scratch`:
    /// only this chain writes it), so a chain of 100,000 terms needs a
    /// constant number of registers.
    fn left_operand(&mut self, left: &Expression, dst: Reg, scratch: bool) -> CResult<Reg> {
        if let Expression::BinaryExpression(lb) = left {
            self.stack_guard(lb.span.start)?;
            let t = if scratch { dst } else { self.alloc() };
            self.binary_to(lb, t, true)?;
            return Ok(t);
        }
        self.expr_any(left)
    }

    /// `b` into `dst`; `scratch`: `dst` is a temporary nothing else reads
    /// while `b` is evaluated.
    fn binary_to(&mut self, b: &BinaryExpression, dst: Reg, scratch: bool) -> CResult<()> {
        let m = self.mark();
        let k_op = match b.operator {
            BinaryOperator::StrictEquality => Some(Op::StrictEqK),
            BinaryOperator::StrictInequality => Some(Op::StrictNeK),
            _ => None,
        };
        if let Some(op) = k_op {
            if let Some(k) = self.const_operand(&b.right) {
                let l = self.left_operand(&b.left, dst, scratch)?;
                self.emit(op, &[dst as u32, l as u32, k]);
                self.free_to(m);
                return Ok(());
            }
        }
        if let (Some(op), Some(v)) = (imm_op_of_binary(b.operator), small_int(&b.right)) {
            let l = self.left_operand(&b.left, dst, scratch)?;
            self.pos(b.span.start);
            self.emit(op, &[dst as u32, l as u32, v as u32]);
            self.free_to(m);
            return Ok(());
        }
        let (l, r) = self.binary_operands_into(b, dst, scratch)?;
        let op = match b.operator {
            BinaryOperator::Addition => Op::Add,
            BinaryOperator::Subtraction => Op::Sub,
            BinaryOperator::Multiplication => Op::Mul,
            BinaryOperator::Division => Op::Div,
            BinaryOperator::Remainder => Op::Mod,
            BinaryOperator::Exponential => Op::Exp,
            BinaryOperator::BitwiseAnd => Op::BitAnd,
            BinaryOperator::BitwiseOR => Op::BitOr,
            BinaryOperator::BitwiseXOR => Op::BitXor,
            BinaryOperator::ShiftLeft => Op::Shl,
            BinaryOperator::ShiftRight => Op::Sar,
            BinaryOperator::ShiftRightZeroFill => Op::Shr,
            BinaryOperator::Equality => Op::Eq,
            BinaryOperator::Inequality => Op::Ne,
            BinaryOperator::StrictEquality => Op::StrictEq,
            BinaryOperator::StrictInequality => Op::StrictNe,
            BinaryOperator::LessThan => Op::Lt,
            BinaryOperator::LessEqualThan => Op::Le,
            BinaryOperator::GreaterThan => Op::Gt,
            BinaryOperator::GreaterEqualThan => Op::Ge,
            BinaryOperator::Instanceof => Op::InstanceOf,
            BinaryOperator::In => Op::In,
        };
        self.pos(b.span.start);
        self.emit(op, &[dst as u32, l as u32, r as u32]);
        self.free_to(m);
        Ok(())
    }

    /// Evaluate a binary expression's operands, left first. A binding's
    /// register is used in place unless the right side may reassign the
    /// binding; then the left value is copied before the right runs.
    pub(crate) fn binary_operands(&mut self, b: &BinaryExpression) -> CResult<(Reg, Reg)> {
        self.binary_operands_into(b, 0, false)
    }

    /// Both operands into registers (`dst`, `scratch`: see `binary_to`).
    fn binary_operands_into(
        &mut self,
        b: &BinaryExpression,
        dst: Reg,
        scratch: bool,
    ) -> CResult<(Reg, Reg)> {
        let m = self.mark();
        let mut l = self.left_operand(&b.left, dst, scratch)?;
        if l < m && may_assign(&b.right) {
            let t = self.alloc();
            self.mov(t, l);
            l = t;
        }
        let r = self.expr_any(&b.right)?;
        Ok((l, r))
    }

    fn logical(&mut self, l: &LogicalExpression, dst: Reg) -> CResult<()> {
        self.expr_to(&l.left, dst)?;
        let j = match l.operator {
            LogicalOperator::And => self.emit_jump(Op::JmpFalse, Some(dst)),
            LogicalOperator::Or => self.emit_jump(Op::JmpTrue, Some(dst)),
            LogicalOperator::Coalesce => self.emit_jump(Op::JmpNotNullish, Some(dst)),
        };
        self.expr_to(&l.right, dst)?;
        self.patch_here(j);
        Ok(())
    }

    // ---- member access ----

    /// Evaluate a member expression's object into `obj` (handles optional
    /// chaining short-circuit).
    pub(crate) fn member_base(
        &mut self,
        m: &MemberExpression,
        obj: Reg,
        exits: &mut Option<Vec<Patch>>,
    ) -> CResult<()> {
        let (object, optional) = match m {
            MemberExpression::StaticMemberExpression(s) => (&s.object, s.optional),
            MemberExpression::ComputedMemberExpression(c) => (&c.object, c.optional),
            MemberExpression::PrivateFieldExpression(p) => (&p.object, p.optional),
        };
        self.chain_operand(object, obj, exits)?;
        if optional {
            let j = self.emit_jump(Op::JmpNullish, Some(obj));
            if let Some(v) = exits.as_mut() {
                v.push(j);
            }
        }
        Ok(())
    }

    /// Evaluate an operand inside an optional chain (nested members and
    /// calls share the chain's exit).
    fn chain_operand(
        &mut self,
        e: &Expression,
        dst: Reg,
        exits: &mut Option<Vec<Patch>>,
    ) -> CResult<()> {
        match e {
            Expression::CallExpression(c) if exits.is_some() => self.call(c, dst, exits),
            Expression::StaticMemberExpression(_)
            | Expression::ComputedMemberExpression(_)
            | Expression::PrivateFieldExpression(_)
                if exits.is_some() =>
            {
                match e.as_member_expression() {
                    Some(m) => self.member(m, dst, None, exits),
                    None => Ok(()),
                }
            }
            _ => self.expr_to(e, dst),
        }
    }

    /// obj.prop / obj[key] / obj.#x into `dst`; `this_out` receives the
    /// object (for method calls).
    pub(crate) fn member(
        &mut self,
        m: &MemberExpression,
        dst: Reg,
        this_out: Option<Reg>,
        exits: &mut Option<Vec<Patch>>,
    ) -> CResult<()> {
        let m0 = self.mark();
        let object = m.object();
        if let Expression::Super(sup) = object {
            // super.x / super[x]
            let key = self.alloc();
            match m {
                MemberExpression::StaticMemberExpression(s) => {
                    self.load_str(s.property.name.as_str(), key)
                }
                MemberExpression::ComputedMemberExpression(c) => {
                    self.expr_to(&c.expression, key)?;
                }
                MemberExpression::PrivateFieldExpression(p) => {
                    return self.err("invalid super access", p.span.start)
                }
            }
            self.ensure_super_context(sup.span.start)?;
            let t = match this_out {
                Some(t) => t,
                None => self.alloc(),
            };
            self.load_this(t, sup.span.start)?;
            if let MemberExpression::ComputedMemberExpression(_) = m {
                self.emit(Op::ToPropertyKey, &[key as u32, key as u32]);
            }
            self.pos(m.span().start);
            self.emit(Op::GetSuper, &[dst as u32, key as u32, t as u32]);
            self.free_to(m0);
            return Ok(());
        }
        let in_place = match (this_out, m.optional()) {
            (None, false) => self.binding_operand(object),
            (Some(t), false) if t == dst + 1 => {
                // A method call's window: one instruction loads the method
                // and its `this` from a binding.
                if let (MemberExpression::StaticMemberExpression(s), Some(o)) =
                    (m, self.binding_operand(object))
                {
                    let k = self.str_const(s.property.name.as_str());
                    let ic = self.new_ic();
                    self.pos(s.property.span.start);
                    self.emit(Op::GetMethod, &[dst as u32, o as u32, k, ic]);
                    self.free_to(m0);
                    return Ok(());
                }
                None
            }
            _ => None,
        };
        let obj = match (in_place, this_out) {
            (Some(r), _) => r,
            (None, Some(t)) => t,
            (None, None) => self.alloc(),
        };
        if in_place.is_none() {
            self.member_base(m, obj, exits)?;
        }
        match m {
            MemberExpression::StaticMemberExpression(s) => {
                let k = self.str_const(s.property.name.as_str());
                let ic = self.new_ic();
                self.pos(s.property.span.start);
                self.emit(Op::GetProp, &[dst as u32, obj as u32, k, ic]);
            }
            MemberExpression::ComputedMemberExpression(c)
                if in_place.is_some() && may_assign(&c.expression) =>
            {
                // The key may reassign the object's binding: read it first.
                let o = self.alloc();
                self.mov(o, obj);
                let key = self.expr_any(&c.expression)?;
                self.pos(c.span.start);
                self.emit(Op::GetElem, &[dst as u32, o as u32, key as u32]);
            }
            MemberExpression::ComputedMemberExpression(c) => {
                let key = self.expr_any(&c.expression)?;
                self.pos(c.span.start);
                self.emit(Op::GetElem, &[dst as u32, obj as u32, key as u32]);
            }
            MemberExpression::PrivateFieldExpression(p) => {
                let name = self.alloc();
                self.load_private_name(p.field.name.as_str(), name, p.field.span.start)?;
                self.pos(p.span.start);
                self.emit(Op::GetPrivate, &[dst as u32, obj as u32, name as u32]);
            }
        }
        self.free_to(m0);
        Ok(())
    }

    /// `super.x` needs a home object: the compiler gives methods one; the
    /// interpreter reads it from the active function (r0); arrow functions
    /// inherit their creator's when they are created.
    fn ensure_super_context(&mut self, _offset: u32) -> CResult<()> {
        Ok(())
    }

    // ---- calls ----

    /// Put callee in `base` and `this` in `base + 1`.
    fn callee_and_this(&mut self, callee: &Expression, base: Reg) -> CResult<()> {
        if self.callee_and_this_chain(callee, base, &mut None)? {
            self.load_undef(base + 1);
        }
        Ok(())
    }

    /// The callee into `base` and `this` into `base + 1`; returns true
    /// when `this` is undefined and was left for the caller to set (the
    /// `CallUndef` instruction does it).
    fn callee_and_this_chain(
        &mut self,
        callee: &Expression,
        base: Reg,
        exits: &mut Option<Vec<Patch>>,
    ) -> CResult<bool> {
        match strip_parens(callee) {
            e @ (Expression::StaticMemberExpression(_)
            | Expression::ComputedMemberExpression(_)
            | Expression::PrivateFieldExpression(_)) => {
                if let Some(m) = e.as_member_expression() {
                    // `(a.b)()` keeps `this`; parens don't matter.
                    self.member(m, base, Some(base + 1), exits)?;
                }
            }
            Expression::ChainExpression(c)
                if !matches!(callee, Expression::ParenthesizedExpression(_)) =>
            {
                let _ = c;
                self.expr_to(callee, base)?;
                return Ok(true);
            }
            Expression::Identifier(id) => {
                match self.resolve(id.name.as_str(), id.span.start) {
                    Resolved::Dynamic => {
                        // Inside `with`, the object is the call's `this`.
                        let k = self.str_const(id.name.as_str());
                        self.pos(id.span.start);
                        self.emit(Op::GetNameForCall, &[base as u32, k]);
                    }
                    _ => {
                        self.expr_to(callee, base)?;
                        return Ok(true);
                    }
                }
            }
            _ => {
                self.expr_to(callee, base)?;
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Evaluate arguments into `base + 2..`; returns Some(argc), or None if
    /// a spread forced the array form (array in `base + 2`).
    fn arguments(&mut self, args: &[Argument], base: Reg) -> CResult<Option<u32>> {
        let has_spread = args.iter().any(|a| matches!(a, Argument::SpreadElement(_)));
        if !has_spread {
            for (i, a) in args.iter().enumerate() {
                if let Some(e) = a.as_expression() {
                    self.expr_to(e, base + 2 + i as Reg)?;
                }
            }
            return Ok(Some(args.len() as u32));
        }
        let arr = base + 2;
        self.emit(Op::NewArray, &[arr as u32]);
        let tmp = self.alloc();
        for a in args {
            match a {
                Argument::SpreadElement(s) => {
                    self.expr_to(&s.argument, tmp)?;
                    self.emit(Op::ArraySpread, &[arr as u32, tmp as u32]);
                }
                other => {
                    if let Some(e) = other.as_expression() {
                        self.expr_to(e, tmp)?;
                        self.emit(Op::ArrayPush, &[arr as u32, tmp as u32]);
                    }
                }
            }
        }
        self.free_to(tmp);
        Ok(None)
    }

    pub(crate) fn call(
        &mut self,
        c: &CallExpression,
        dst: Reg,
        exits: &mut Option<Vec<Patch>>,
    ) -> CResult<()> {
        let m0 = self.mark();
        if let Expression::Super(s) = &c.callee {
            return self.super_call(c, dst, s.span.start);
        }
        let has_spread = c
            .arguments
            .iter()
            .any(|a| matches!(a, Argument::SpreadElement(_)));
        let n = if has_spread {
            1
        } else {
            c.arguments.len() as u32
        };
        let base = self.alloc_n(2 + n);
        let mut this_undef = self.callee_and_this_chain(&c.callee, base, exits)?;
        if c.optional {
            let j = self.emit_jump(Op::JmpNullish, Some(base));
            if let Some(v) = exits.as_mut() {
                v.push(j);
            }
        }
        let argc = self.arguments(&c.arguments, base)?;
        // The position stack traces show for the call, as V8 records it:
        // a callee ending in a name is reported at that name (`f()` at
        // `f`, `o.m()` at `m`), any other at the `(` of the arguments.
        let at = match &c.callee {
            Expression::Identifier(id) => id.span.start,
            Expression::StaticMemberExpression(m) => m.property.span.start,
            Expression::PrivateFieldExpression(m) => m.field.span.start,
            callee => {
                let end = callee.span().end as usize;
                let text = self.source.text.as_bytes();
                text.get(end..c.span.end as usize)
                    .and_then(|t| t.iter().position(|&b| b == b'('))
                    .map_or(c.span.start, |i| (end + i) as u32)
            }
        };
        self.pos(at);
        let is_direct_eval =
            matches!(&c.callee, Expression::Identifier(id) if id.name == "eval") && !c.optional;
        if this_undef && (is_direct_eval || argc.is_none()) {
            // Only plain calls set `this` themselves.
            self.load_undef(base + 1);
            this_undef = false;
        }
        match argc {
            Some(argc) => {
                let op = if is_direct_eval && self.fr().in_params {
                    Op::CallEvalParams
                } else if is_direct_eval {
                    Op::CallEval
                } else if this_undef {
                    Op::CallUndef
                } else {
                    Op::Call
                };
                self.emit(op, &[dst as u32, base as u32, argc]);
            }
            None => {
                self.emit(Op::CallSpread, &[dst as u32, base as u32]);
            }
        }
        self.free_to(m0);
        Ok(())
    }

    fn new_expr(&mut self, n: &NewExpression, dst: Reg) -> CResult<()> {
        let m0 = self.mark();
        let has_spread = n
            .arguments
            .iter()
            .any(|a| matches!(a, Argument::SpreadElement(_)));
        let cnt = if has_spread {
            1
        } else {
            n.arguments.len() as u32
        };
        let base = self.alloc_n(2 + cnt);
        self.expr_to(&n.callee, base)?;
        let argc = self.arguments(&n.arguments, base)?;
        self.pos(n.span.start);
        match argc {
            Some(argc) => self.emit(Op::New, &[dst as u32, base as u32, argc]),
            None => self.emit(Op::NewSpread, &[dst as u32, base as u32]),
        };
        self.free_to(m0);
        Ok(())
    }

    /// `super(...)` in a derived constructor (or an arrow inside one).
    fn super_call(&mut self, c: &CallExpression, dst: Reg, offset: u32) -> CResult<()> {
        let m0 = self.mark();
        let has_spread = c
            .arguments
            .iter()
            .any(|a| matches!(a, Argument::SpreadElement(_)));
        let n = if has_spread {
            1
        } else {
            c.arguments.len() as u32
        };
        let base = self.alloc_n(2 + n);
        self.load_name("%fn", base, offset)?;
        self.load_name("new.target", base + 1, offset)?;
        let argc = self.arguments(&c.arguments, base)?;
        self.pos(c.span.start);
        match argc {
            Some(argc) => self.emit(Op::SuperCall, &[dst as u32, base as u32, argc]),
            None => self.emit(Op::SuperCallSpread, &[dst as u32, base as u32]),
        };
        // Bind `this` (error if already bound), then run field initialisers.
        let cur = self.alloc();
        self.load_name("this", cur, offset)?;
        self.emit(Op::ThrowIfInit, &[cur as u32]);
        self.bind_this(dst, offset)?;
        let f = self.alloc();
        self.load_name("%fn", f, offset)?;
        self.emit(Op::InitInstanceElements, &[f as u32, dst as u32]);
        self.free_to(m0);
        Ok(())
    }

    /// Store into the `this` binding (derived constructors after super()).
    fn bind_this(&mut self, src: Reg, offset: u32) -> CResult<()> {
        match self.resolve("this", offset) {
            Resolved::Local { loc, .. } => {
                self.store_loc(loc, src);
                // r1 is what a constructor returns: keep it in sync when
                // `this` lives in an environment.
                if let Loc::Env { .. } = loc {
                    if self.fr().kind == FnKind::DerivedConstructor {
                        self.mov(1, src);
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    // ---- assignment ----

    fn assignment(&mut self, a: &AssignmentExpression, dst: Reg) -> CResult<()> {
        self.assignment_to(a, Some(dst))
    }

    /// An assignment whose value goes to `dst`, or nowhere (statement
    /// position) when `dst` is None.
    fn assignment_to(&mut self, a: &AssignmentExpression, dst: Option<Reg>) -> CResult<()> {
        let m0 = self.mark();
        match a.operator {
            AssignmentOperator::Assign => match &a.left {
                AssignmentTarget::AssignmentTargetIdentifier(id) => {
                    let t = self.alloc();
                    self.expr_to_named(&a.right, t, id.name.as_str())?;
                    self.pos(id.span.start);
                    self.store_name(id.name.as_str(), t, id.span.start)?;
                    self.mov_to(dst, t);
                    self.free_to(m0);
                }
                AssignmentTarget::ArrayAssignmentTarget(_)
                | AssignmentTarget::ObjectAssignmentTarget(_) => {
                    let t = self.alloc();
                    self.expr_to(&a.right, t)?;
                    self.assign_target_pattern(&a.left, t)?;
                    self.mov_to(dst, t);
                    self.free_to(m0);
                }
                target => {
                    let Some(m) = target.as_member_expression() else {
                        return self.err("Invalid assignment target", a.span.start);
                    };
                    let (obj, key, is_super) =
                        self.member_ref_regs(m, may_assign(&a.right), true)?;
                    let v = match self.binding_operand(&a.right) {
                        Some(r) => r,
                        None => self.expr_temp(&a.right)?,
                    };
                    self.store_member(m, obj, key, v, is_super)?;
                    self.mov_to(dst, v);
                    self.free_to(m0);
                }
            },
            AssignmentOperator::LogicalAnd
            | AssignmentOperator::LogicalOr
            | AssignmentOperator::LogicalNullish => {
                let m = self.mark();
                let d = match dst {
                    Some(d) => d,
                    None => self.alloc(),
                };
                self.logical_assignment(a, d)?;
                self.free_to(m);
            }
            op => {
                let bop = compound_op(op).unwrap_or(Op::BitAnd);
                match &a.left {
                    AssignmentTarget::AssignmentTargetIdentifier(id) => {
                        let cur = self.alloc();
                        self.load_name(id.name.as_str(), cur, id.span.start)?;
                        self.compound_step(bop, cur, cur, &a.right, a.span.start)?;
                        self.store_name(id.name.as_str(), cur, id.span.start)?;
                        self.mov_to(dst, cur);
                        self.free_to(m0);
                    }
                    target => {
                        let Some(m) = target.as_member_expression() else {
                            return self.err("Invalid assignment target", a.span.start);
                        };
                        let (obj, key, is_super) =
                            self.member_ref_regs(m, may_assign(&a.right), false)?;
                        let cur = self.alloc();
                        self.load_member(m, obj, key, cur, is_super)?;
                        self.compound_step(bop, cur, cur, &a.right, a.span.start)?;
                        self.store_member(m, obj, key, cur, is_super)?;
                        self.mov_to(dst, cur);
                        self.free_to(m0);
                    }
                }
            }
        }
        Ok(())
    }

    fn logical_assignment(&mut self, a: &AssignmentExpression, dst: Reg) -> CResult<()> {
        let m0 = self.mark();
        let jop = match a.operator {
            AssignmentOperator::LogicalAnd => Op::JmpFalse,
            AssignmentOperator::LogicalOr => Op::JmpTrue,
            _ => Op::JmpNotNullish,
        };
        match &a.left {
            AssignmentTarget::AssignmentTargetIdentifier(id) => {
                let cur = self.alloc();
                self.load_name(id.name.as_str(), cur, id.span.start)?;
                let j = self.emit_jump(jop, Some(cur));
                self.expr_to_named(&a.right, cur, id.name.as_str())?;
                self.store_name(id.name.as_str(), cur, id.span.start)?;
                self.patch_here(j);
                self.mov(dst, cur);
                self.free_to(m0);
            }
            target => {
                let Some(m) = target.as_member_expression() else {
                    return self.err("Invalid assignment target", a.span.start);
                };
                let obj = self.alloc();
                let key = self.alloc();
                let is_super = self.member_ref(m, obj, key)?;
                let cur = self.alloc();
                self.load_member(m, obj, key, cur, is_super)?;
                let j = self.emit_jump(jop, Some(cur));
                self.expr_to(&a.right, cur)?;
                self.store_member(m, obj, key, cur, is_super)?;
                self.patch_here(j);
                self.mov(dst, cur);
                self.free_to(m0);
            }
        }
        Ok(())
    }

    /// Like [`member_ref`](Self::member_ref) but reads a binding's register
    /// in place for the object (and, when `key_in_place`, the key) instead
    /// of copying it, when nothing evaluated later (`later_may_assign`)
    /// could reassign that binding. Returns (object, key, is_super).
    pub(crate) fn member_ref_regs(
        &mut self,
        m: &MemberExpression,
        later_may_assign: bool,
        key_in_place: bool,
    ) -> CResult<(Reg, Reg, bool)> {
        let object_reg = if later_may_assign {
            None
        } else {
            self.binding_operand(m.object())
        };
        match (object_reg, m) {
            (Some(obj), MemberExpression::StaticMemberExpression(_)) => {
                // The key register is unused for a static member.
                Ok((obj, obj, false))
            }
            (Some(obj), MemberExpression::ComputedMemberExpression(c))
                if !may_assign(&c.expression) =>
            {
                let key = match key_in_place.then(|| self.binding_operand(&c.expression)) {
                    Some(Some(k)) => k,
                    _ => self.expr_temp(&c.expression)?,
                };
                Ok((obj, key, false))
            }
            _ => {
                let obj = self.alloc();
                let key = self.alloc();
                let is_super = self.member_ref(m, obj, key)?;
                Ok((obj, key, is_super))
            }
        }
    }

    /// Evaluate a member reference's object and key (key already converted
    /// for computed access). Returns true for `super` references.
    pub(crate) fn member_ref(&mut self, m: &MemberExpression, obj: Reg, key: Reg) -> CResult<bool> {
        if let Expression::Super(s) = m.object() {
            self.load_this(obj, s.span.start)?;
            match m {
                MemberExpression::StaticMemberExpression(st) => {
                    self.load_str(st.property.name.as_str(), key)
                }
                MemberExpression::ComputedMemberExpression(c) => {
                    self.expr_to(&c.expression, key)?;
                    self.emit(Op::ToPropertyKey, &[key as u32, key as u32]);
                }
                MemberExpression::PrivateFieldExpression(p) => {
                    return self.err("invalid super access", p.span.start)
                }
            }
            return Ok(true);
        }
        self.expr_to(m.object(), obj)?;
        match m {
            MemberExpression::StaticMemberExpression(_) => {}
            MemberExpression::ComputedMemberExpression(c) => {
                self.expr_to(&c.expression, key)?;
            }
            MemberExpression::PrivateFieldExpression(p) => {
                self.load_private_name(p.field.name.as_str(), key, p.field.span.start)?;
            }
        }
        Ok(false)
    }

    pub(crate) fn load_member(
        &mut self,
        m: &MemberExpression,
        obj: Reg,
        key: Reg,
        dst: Reg,
        is_super: bool,
    ) -> CResult<()> {
        self.pos(m.span().start);
        if is_super {
            self.emit(Op::GetSuper, &[dst as u32, key as u32, obj as u32]);
            return Ok(());
        }
        match m {
            MemberExpression::StaticMemberExpression(s) => {
                let k = self.str_const(s.property.name.as_str());
                let ic = self.new_ic();
                self.emit(Op::GetProp, &[dst as u32, obj as u32, k, ic]);
            }
            MemberExpression::ComputedMemberExpression(_) => {
                // Convert the key once so it is not coerced twice (compound
                // assignment reads then writes).
                self.emit(Op::ToPropertyKey, &[key as u32, key as u32]);
                self.emit(Op::GetElem, &[dst as u32, obj as u32, key as u32]);
            }
            MemberExpression::PrivateFieldExpression(_) => {
                self.emit(Op::GetPrivate, &[dst as u32, obj as u32, key as u32]);
            }
        }
        Ok(())
    }

    pub(crate) fn store_member(
        &mut self,
        m: &MemberExpression,
        obj: Reg,
        key: Reg,
        v: Reg,
        is_super: bool,
    ) -> CResult<()> {
        self.pos(m.span().start);
        if is_super {
            self.emit(Op::SetSuper, &[key as u32, v as u32, obj as u32]);
            return Ok(());
        }
        match m {
            MemberExpression::StaticMemberExpression(s) => {
                let k = self.str_const(s.property.name.as_str());
                let ic = self.new_ic();
                self.emit(Op::SetProp, &[obj as u32, k, v as u32, ic]);
            }
            MemberExpression::ComputedMemberExpression(_) => {
                self.emit(Op::SetElem, &[obj as u32, key as u32, v as u32]);
            }
            MemberExpression::PrivateFieldExpression(_) => {
                self.emit(Op::SetPrivate, &[obj as u32, key as u32, v as u32]);
            }
        }
        Ok(())
    }

    fn update(&mut self, u: &UpdateExpression, dst: Reg) -> CResult<()> {
        let m0 = self.mark();
        let op = if u.operator == UpdateOperator::Increment {
            Op::Inc
        } else {
            Op::Dec
        };
        match &u.argument {
            SimpleAssignmentTarget::AssignmentTargetIdentifier(id) => {
                let old = self.alloc();
                self.load_name(id.name.as_str(), old, id.span.start)?;
                self.emit(Op::ToNumeric, &[old as u32, old as u32]);
                let new = self.alloc();
                self.emit(op, &[new as u32, old as u32]);
                self.store_name(id.name.as_str(), new, id.span.start)?;
                self.mov(dst, if u.prefix { new } else { old });
                self.free_to(m0);
            }
            target => {
                let Some(m) = target.as_member_expression() else {
                    return self.err("Invalid update target", u.span.start);
                };
                let (obj, key, is_super) = self.member_ref_regs(m, false, false)?;
                let old = self.alloc();
                self.load_member(m, obj, key, old, is_super)?;
                self.emit(Op::ToNumeric, &[old as u32, old as u32]);
                let new = self.alloc();
                self.emit(op, &[new as u32, old as u32]);
                self.store_member(m, obj, key, new, is_super)?;
                self.mov(dst, if u.prefix { new } else { old });
                self.free_to(m0);
            }
        }
        Ok(())
    }

    // ---- generators and async ----

    /// `await v` into `dst` (throws at the await if the promise rejects).
    pub(crate) fn await_value(&mut self, v: Reg, dst: Reg) -> CResult<()> {
        self.emit(Op::Await, &[dst as u32, v as u32]);
        let kind = self.alloc();
        self.emit(Op::ResumeKind, &[kind as u32]);
        let one = self.alloc();
        self.emit(Op::LoadInt, &[one as u32, 1]);
        let cmp = self.alloc();
        self.emit(Op::StrictEq, &[cmp as u32, kind as u32, one as u32]);
        let j = self.emit_jump(Op::JmpFalse, Some(cmp));
        self.emit(Op::Throw, &[dst as u32]);
        self.patch_here(j);
        self.free_to(kind);
        Ok(())
    }

    fn yield_expr(&mut self, y: &YieldExpression, dst: Reg) -> CResult<()> {
        let m0 = self.mark();
        let v = self.alloc();
        match &y.argument {
            Some(a) => self.expr_to(a, v)?,
            None => self.load_undef(v),
        }
        if y.delegate {
            self.yield_delegate(v, dst)?;
            self.free_to(m0);
            return Ok(());
        }
        let is_async = self.fr().flags.is_async;
        if is_async {
            // Async generators await the operand before yielding.
            self.await_value(v, v)?;
        }
        self.emit(Op::Yield, &[dst as u32, v as u32]);
        self.after_resume(dst)?;
        self.free_to(m0);
        Ok(())
    }

    /// After a yield resumes: kind 1 → throw the value, 2 → return it.
    fn after_resume(&mut self, dst: Reg) -> CResult<()> {
        let kind = self.alloc();
        self.emit(Op::ResumeKind, &[kind as u32]);
        let lit = self.alloc();
        let cmp = self.alloc();
        self.emit(Op::LoadInt, &[lit as u32, 1]);
        self.emit(Op::StrictEq, &[cmp as u32, kind as u32, lit as u32]);
        let not_throw = self.emit_jump(Op::JmpFalse, Some(cmp));
        self.emit(Op::Throw, &[dst as u32]);
        self.patch_here(not_throw);
        self.emit(Op::LoadInt, &[lit as u32, 2]);
        self.emit(Op::StrictEq, &[cmp as u32, kind as u32, lit as u32]);
        let not_return = self.emit_jump(Op::JmpFalse, Some(cmp));
        if self.fr().flags.is_async {
            self.await_value(dst, dst)?;
        }
        self.compile_return(Some(dst))?;
        self.patch_here(not_return);
        self.free_to(kind);
        Ok(())
    }

    /// `yield* iterable`, following the spec's loop over the inner
    /// iterator's next/throw/return.
    fn yield_delegate(&mut self, v: Reg, dst: Reg) -> CResult<()> {
        let m0 = self.mark();
        let is_async = self.fr().flags.is_async;
        let it = self.alloc_n(2);
        self.emit(
            if is_async {
                Op::GetAsyncIterator
            } else {
                Op::GetIterator
            },
            &[it as u32, v as u32],
        );
        let received = self.alloc();
        self.load_undef(received);
        let kind = self.alloc();
        self.emit(Op::LoadInt, &[kind as u32, 0]);
        let result = self.alloc();
        let done = self.alloc();
        let base = self.alloc_n(3);
        let lit = self.alloc();
        let cmp = self.alloc();
        let loop_start = self.here();
        // Pick the method: next (0), throw (1), return (2).
        self.emit(Op::LoadInt, &[lit as u32, 0]);
        self.emit(Op::StrictEq, &[cmp as u32, kind as u32, lit as u32]);
        let not_next = self.emit_jump(Op::JmpFalse, Some(cmp));
        self.mov(base, it + 1);
        let have_method = self.emit_jump(Op::Jmp, None);
        self.patch_here(not_next);
        self.emit(Op::LoadInt, &[lit as u32, 1]);
        self.emit(Op::StrictEq, &[cmp as u32, kind as u32, lit as u32]);
        let not_throw = self.emit_jump(Op::JmpFalse, Some(cmp));
        let k_throw = self.str_const("throw");
        let ic = self.new_ic();
        self.emit(Op::GetProp, &[base as u32, it as u32, k_throw, ic]);
        let throw_ok = self.emit_jump(Op::JmpNotNullish, Some(base));
        // No throw method: close the iterator, then TypeError.
        if is_async {
            let rk = self.str_const("return");
            let ic = self.new_ic();
            self.emit(Op::GetProp, &[base as u32, it as u32, rk, ic]);
            let no_ret = self.emit_jump(Op::JmpNullish, Some(base));
            self.mov(base + 1, it);
            self.emit(Op::Call, &[result as u32, base as u32, 0]);
            self.await_value(result, result)?;
            self.patch_here(no_ret);
        } else {
            self.emit(Op::IterClose, &[it as u32]);
        }
        let msg = self.str_const("The iterator does not provide a 'throw' method");
        self.emit(Op::ThrowError, &[0, msg]);
        self.patch_here(not_throw);
        // kind 2: return
        let k_ret = self.str_const("return");
        let ic = self.new_ic();
        self.emit(Op::GetProp, &[base as u32, it as u32, k_ret, ic]);
        let ret_ok = self.emit_jump(Op::JmpNotNullish, Some(base));
        if is_async {
            self.await_value(received, received)?;
        }
        self.compile_return(Some(received))?;
        self.patch_here(ret_ok);
        self.patch_here(throw_ok);
        self.patch_here(have_method);
        // Call the method with the received value.
        self.mov(base + 1, it);
        self.mov(base + 2, received);
        self.emit(Op::Call, &[result as u32, base as u32, 1]);
        if is_async {
            self.await_value(result, result)?;
        }
        // IteratorComplete first; IteratorValue only when needed (a sync
        // `yield*` re-yields the inner result without reading its value).
        self.emit(Op::RequireObject, &[result as u32]);
        let k_done = self.str_const("done");
        let k_value = self.str_const("value");
        let ic = self.new_ic();
        self.emit(Op::GetProp, &[done as u32, result as u32, k_done, ic]);
        let not_done = self.emit_jump(Op::JmpFalse, Some(done));
        let ic = self.new_ic();
        self.emit(Op::GetProp, &[dst as u32, result as u32, k_value, ic]);
        // Done: for return mode, return the value; else it is the result.
        self.emit(Op::LoadInt, &[lit as u32, 2]);
        self.emit(Op::StrictEq, &[cmp as u32, kind as u32, lit as u32]);
        let finish = self.emit_jump(Op::JmpFalse, Some(cmp));
        self.compile_return(Some(dst))?;
        self.patch_here(not_done);
        // Yield the inner result object as is (sync) or its value (async).
        if is_async {
            let ic = self.new_ic();
            self.emit(Op::GetProp, &[dst as u32, result as u32, k_value, ic]);
            self.emit(Op::Yield, &[received as u32, dst as u32]);
            self.emit(Op::ResumeKind, &[kind as u32]);
            // AsyncGeneratorUnwrapYieldResumption: a return request's value
            // is awaited before it reaches the inner iterator.
            self.emit(Op::LoadInt, &[lit as u32, 2]);
            self.emit(Op::StrictEq, &[cmp as u32, kind as u32, lit as u32]);
            let not_ret = self.emit_jump(Op::JmpFalse, Some(cmp));
            self.await_value(received, received)?;
            self.patch_here(not_ret);
        } else {
            self.emit(Op::YieldDelegate, &[received as u32, result as u32]);
            self.emit(Op::ResumeKind, &[kind as u32]);
        }
        self.emit(Op::Jmp, &[loop_start as u32]);
        self.patch_here(finish);
        self.free_to(m0);
        Ok(())
    }

    /// Load a private name's key (a hidden symbol bound in the class scope).
    pub(crate) fn load_private_name(&mut self, name: &str, dst: Reg, offset: u32) -> CResult<()> {
        let bname = format!("#{name}");
        match self.resolve(&bname, offset) {
            Resolved::Local { loc, .. } => {
                self.load_loc(loc, dst);
                Ok(())
            }
            _ => self.err(
                format!("Private field '#{name}' must be declared in an enclosing class"),
                offset,
            ),
        }
    }
}

/// `BindKind` re-export for sibling modules.
pub(crate) type _Kind = BindKind;

/// The binary operator of a compound assignment (`+=` → Add); None for
/// `=` and the logical assignments.
fn compound_op(op: AssignmentOperator) -> Option<Op> {
    Some(match op {
        AssignmentOperator::Addition => Op::Add,
        AssignmentOperator::Subtraction => Op::Sub,
        AssignmentOperator::Multiplication => Op::Mul,
        AssignmentOperator::Division => Op::Div,
        AssignmentOperator::Remainder => Op::Mod,
        AssignmentOperator::Exponential => Op::Exp,
        AssignmentOperator::ShiftLeft => Op::Shl,
        AssignmentOperator::ShiftRight => Op::Sar,
        AssignmentOperator::ShiftRightZeroFill => Op::Shr,
        AssignmentOperator::BitwiseOR => Op::BitOr,
        AssignmentOperator::BitwiseXOR => Op::BitXor,
        AssignmentOperator::BitwiseAnd => Op::BitAnd,
        AssignmentOperator::Assign
        | AssignmentOperator::LogicalAnd
        | AssignmentOperator::LogicalOr
        | AssignmentOperator::LogicalNullish => return None,
    })
}

/// The int32-immediate form of a binary op.
fn imm_op_of(op: Op) -> Option<Op> {
    Some(match op {
        Op::Add => Op::AddI,
        Op::Sub => Op::SubI,
        Op::Mul => Op::MulI,
        Op::Mod => Op::ModI,
        Op::BitAnd => Op::BitAndI,
        Op::BitOr => Op::BitOrI,
        Op::BitXor => Op::BitXorI,
        Op::Shl => Op::ShlI,
        Op::Sar => Op::SarI,
        Op::Shr => Op::ShrI,
        _ => return None,
    })
}

fn imm_op_of_binary(op: BinaryOperator) -> Option<Op> {
    imm_op_of(match op {
        BinaryOperator::Addition => Op::Add,
        BinaryOperator::Subtraction => Op::Sub,
        BinaryOperator::Multiplication => Op::Mul,
        BinaryOperator::Remainder => Op::Mod,
        BinaryOperator::BitwiseAnd => Op::BitAnd,
        BinaryOperator::BitwiseOR => Op::BitOr,
        BinaryOperator::BitwiseXOR => Op::BitXor,
        BinaryOperator::ShiftLeft => Op::Shl,
        BinaryOperator::ShiftRight => Op::Sar,
        BinaryOperator::ShiftRightZeroFill => Op::Shr,
        _ => return None,
    })
}

/// `e` as an int32 literal (not -0), for the immediate operand forms.
fn small_int(e: &Expression) -> Option<i32> {
    match e {
        Expression::NumericLiteral(n) => {
            let i = n.value as i32;
            (i as f64 == n.value && !(n.value == 0.0 && n.value.is_sign_negative())).then_some(i)
        }
        Expression::ParenthesizedExpression(p) => small_int(&p.expression),
        _ => None,
    }
}
