//! Destructuring: binding patterns (declarations, parameters) and
//! assignment patterns, in the spec's evaluation order.

use super::{CResult, Compiler, JumpCtx, JumpKind, Reg};
use crate::bytecode::{Handler, Op};
use oxc_ast::ast::*;
use oxc_span::GetSpan;

/// How a bound name is written.
#[derive(Copy, Clone, PartialEq, Eq)]
pub(crate) enum BindMode {
    /// Declarations and parameters: initialise the binding.
    Init,
}

impl<'v> Compiler<'v> {
    /// Bind `pat` to the value in `src`.
    pub(crate) fn bind_pattern(
        &mut self,
        pat: &BindingPattern,
        src: Reg,
        mode: BindMode,
    ) -> CResult<()> {
        self.stack_guard(pat.span().start)?;
        self.bind_pattern_inner(pat, src, mode)
    }

    fn bind_pattern_inner(
        &mut self,
        pat: &BindingPattern,
        src: Reg,
        mode: BindMode,
    ) -> CResult<()> {
        match pat {
            BindingPattern::BindingIdentifier(id) => {
                self.init_name(id.name.as_str(), src, id.span.start)?;
            }
            BindingPattern::AssignmentPattern(ap) => {
                let v = self.alloc();
                self.mov(v, src);
                let j = self.emit_jump(Op::JmpNotUndefined, Some(v));
                match &ap.left {
                    BindingPattern::BindingIdentifier(id) => {
                        self.expr_to_named(&ap.right, v, id.name.as_str())?
                    }
                    _ => self.expr_to(&ap.right, v)?,
                }
                self.patch_here(j);
                self.bind_pattern(&ap.left, v, mode)?;
                self.free_to(v);
            }
            BindingPattern::ObjectPattern(op) => {
                self.emit(Op::RequireObjectCoercible, &[src as u32]);
                let n = op.properties.len() as u32;
                let keys = self.alloc_n(n.max(1));
                let val = self.alloc();
                for (i, p) in op.properties.iter().enumerate() {
                    let key = keys + i as Reg;
                    self.property_key(&p.key, p.computed, key)?;
                    if p.computed {
                        // property_key already applied ToPropertyKey.
                    }
                    self.emit(Op::GetElem, &[val as u32, src as u32, key as u32]);
                    // Shorthand `{x = 1}` names the default after x.
                    self.bind_pattern(&p.value, val, mode)?;
                }
                if let Some(rest) = &op.rest {
                    let obj = self.alloc();
                    self.emit(Op::NewObject, &[obj as u32]);
                    self.emit(Op::CopyDataProps, &[obj as u32, src as u32, keys as u32, n]);
                    self.bind_pattern(&rest.argument, obj, mode)?;
                }
                self.free_to(keys);
            }
            BindingPattern::ArrayPattern(ap) => {
                let elems: Vec<Option<&BindingPattern>> =
                    ap.elements.iter().map(|e| e.as_ref()).collect();
                let rest = ap.rest.as_ref().map(|r| &r.argument);
                self.array_destructure(
                    src,
                    elems.len(),
                    rest.is_some(),
                    |c, i, v| match elems[i] {
                        Some(p) => c.bind_pattern(p, v, mode),
                        None => Ok(()),
                    },
                    |c, v| match rest {
                        Some(p) => c.bind_pattern(p, v, mode),
                        None => Ok(()),
                    },
                )?;
            }
        }
        Ok(())
    }

    /// The iterator protocol part of array destructuring; `each(i, value)`
    /// binds element i, `rest(array)` the rest element.
    fn array_destructure(
        &mut self,
        src: Reg,
        n: usize,
        has_rest: bool,
        mut each: impl FnMut(&mut Self, usize, Reg) -> CResult<()>,
        mut rest: impl FnMut(&mut Self, Reg) -> CResult<()>,
    ) -> CResult<()> {
        let it = self.alloc_n(2);
        self.emit(Op::GetIterator, &[it as u32, src as u32]);
        let done = self.alloc();
        self.emit(Op::LoadFalse, &[done as u32]);
        let val = self.alloc();
        let exc = self.alloc();
        let env = self.alloc();
        self.emit(Op::SaveEnv, &[env as u32]);
        let start = self.here();
        self.push_iter_close_ctx(it, done);
        for i in 0..n {
            let skip = self.emit_jump(Op::JmpTrue, Some(done));
            self.emit(Op::LoadTrue, &[done as u32]);
            let ended = self.alloc();
            let _ = ended;
            let p_done = {
                let s = self.emit(Op::IterNext, &[val as u32, it as u32, 0]);
                s + Op::IterNext.len() - 4
            };
            self.emit(Op::LoadFalse, &[done as u32]);
            let got = self.emit_jump(Op::Jmp, None);
            self.patch_here(p_done);
            self.patch_here(skip);
            self.load_undef(val);
            self.patch_here(got);
            self.free_to(exc + 2);
            each(self, i, val)?;
        }
        if has_rest {
            let arr = self.alloc();
            self.emit(Op::NewArray, &[arr as u32]);
            let skip = self.emit_jump(Op::JmpTrue, Some(done));
            self.emit(Op::LoadTrue, &[done as u32]);
            let loop_top = self.here();
            let p_done = {
                let s = self.emit(Op::IterNext, &[val as u32, it as u32, 0]);
                s + Op::IterNext.len() - 4
            };
            self.emit(Op::ArrayPush, &[arr as u32, val as u32]);
            self.emit(Op::Jmp, &[loop_top as u32]);
            self.patch_here(p_done);
            self.patch_here(skip);
            rest(self, arr)?;
        }
        self.f().jumps.pop();
        let end = self.here();
        // Normal completion: close the iterator if it is not exhausted.
        let skip_close = self.emit_jump(Op::JmpTrue, Some(done));
        self.emit(Op::IterClose, &[it as u32]);
        self.patch_here(skip_close);
        let after = self.emit_jump(Op::Jmp, None);
        // Throw completion inside the pattern: close quietly, rethrow.
        let handler = self.here();
        let skip_close2 = self.emit_jump(Op::JmpTrue, Some(done));
        self.emit(Op::IterCloseQuiet, &[it as u32]);
        self.patch_here(skip_close2);
        self.emit(Op::Throw, &[exc as u32]);
        self.patch_here(after);
        self.f().handlers.push(Handler {
            start: start as u32,
            end: end as u32,
            target: handler as u32,
            reg: exc,
            env_reg: env,
        });
        self.free_to(it);
        Ok(())
    }

    /// While a pattern's elements are evaluated, a `return` (the resumption
    /// of a `yield` in a default value) closes the iterator unless `done`.
    fn push_iter_close_ctx(&mut self, it: Reg, done: Reg) {
        let env_level = self.fr().env_level;
        self.f().jumps.push(JumpCtx {
            labels: Vec::new(),
            kind: JumpKind::IterClose { iter: it, done },
            break_patches: Vec::new(),
            env_level,
        });
    }

    /// Destructuring assignment `pattern = src`.
    pub(crate) fn assign_target_pattern(
        &mut self,
        target: &AssignmentTarget,
        src: Reg,
    ) -> CResult<()> {
        self.stack_guard(target.span().start)?;
        self.assign_target_inner(target, src)
    }

    fn assign_target_inner(&mut self, target: &AssignmentTarget, src: Reg) -> CResult<()> {
        match target {
            AssignmentTarget::AssignmentTargetIdentifier(id) => {
                self.store_name(id.name.as_str(), src, id.span.start)?;
            }
            AssignmentTarget::ObjectAssignmentTarget(op) => {
                self.emit(Op::RequireObjectCoercible, &[src as u32]);
                let n = op.properties.len() as u32;
                let keys = self.alloc_n(n.max(1));
                let val = self.alloc();
                for (i, p) in op.properties.iter().enumerate() {
                    let key = keys + i as Reg;
                    match p {
                        AssignmentTargetProperty::AssignmentTargetPropertyIdentifier(pi) => {
                            let name = pi.binding.name.as_str();
                            self.load_str(name, key);
                            self.emit(Op::GetElem, &[val as u32, src as u32, key as u32]);
                            if let Some(init) = &pi.init {
                                let j = self.emit_jump(Op::JmpNotUndefined, Some(val));
                                self.expr_to_named(init, val, name)?;
                                self.patch_here(j);
                            }
                            self.store_name(name, val, pi.binding.span.start)?;
                        }
                        AssignmentTargetProperty::AssignmentTargetPropertyProperty(pp) => {
                            self.property_key(&pp.name, pp.computed, key)?;
                            self.assign_maybe_default(&pp.binding, Some((src, key)), val)?;
                        }
                    }
                }
                if let Some(rest) = &op.rest {
                    // The rest target's reference is evaluated first.
                    let obj = self.alloc();
                    self.emit(Op::NewObject, &[obj as u32]);
                    self.emit(Op::CopyDataProps, &[obj as u32, src as u32, keys as u32, n]);
                    self.assign_target_pattern(&rest.target, obj)?;
                }
                self.free_to(keys);
            }
            AssignmentTarget::ArrayAssignmentTarget(ap) => {
                let elems: Vec<Option<&AssignmentTargetMaybeDefault>> =
                    ap.elements.iter().map(|e| e.as_ref()).collect();
                let rest = ap.rest.as_ref().map(|r| &r.target);
                let n = elems.len();
                self.array_destructure_assign(src, n, &elems, rest)?;
            }
            other => {
                let Some(m) = other.as_member_expression() else {
                    return self.err(
                        "Invalid destructuring assignment target",
                        other.span().start,
                    );
                };
                let obj = self.alloc();
                let key = self.alloc();
                let is_super = self.member_ref(m, obj, key)?;
                self.store_member(m, obj, key, src, is_super)?;
                self.free_to(obj);
            }
        }
        Ok(())
    }

    /// Assign to a target that may carry a default. With `from`, the value
    /// is read from `obj[key]` after the target reference is evaluated.
    fn assign_maybe_default(
        &mut self,
        t: &AssignmentTargetMaybeDefault,
        from: Option<(Reg, Reg)>,
        val: Reg,
    ) -> CResult<()> {
        let (target, init) = match t {
            AssignmentTargetMaybeDefault::AssignmentTargetWithDefault(d) => {
                (&d.binding, Some(&d.init))
            }
            other => match other.as_assignment_target() {
                Some(t) => (t, None),
                None => return Ok(()),
            },
        };
        // Member targets: evaluate the reference before reading the value.
        if let Some(m) = target.as_member_expression() {
            let obj = self.alloc();
            let key = self.alloc();
            let is_super = self.member_ref(m, obj, key)?;
            if let Some((src, k)) = from {
                self.emit(Op::GetElem, &[val as u32, src as u32, k as u32]);
            }
            if let Some(init) = init {
                let j = self.emit_jump(Op::JmpNotUndefined, Some(val));
                self.expr_to(init, val)?;
                self.patch_here(j);
            }
            self.store_member(m, obj, key, val, is_super)?;
            self.free_to(obj);
            return Ok(());
        }
        if let Some((src, k)) = from {
            self.emit(Op::GetElem, &[val as u32, src as u32, k as u32]);
        }
        if let Some(init) = init {
            let j = self.emit_jump(Op::JmpNotUndefined, Some(val));
            match target {
                AssignmentTarget::AssignmentTargetIdentifier(id) => {
                    self.expr_to_named(init, val, id.name.as_str())?
                }
                _ => self.expr_to(init, val)?,
            }
            self.patch_here(j);
        }
        self.assign_target_pattern(target, val)
    }

    fn array_destructure_assign(
        &mut self,
        src: Reg,
        n: usize,
        elems: &[Option<&AssignmentTargetMaybeDefault>],
        rest: Option<&AssignmentTarget>,
    ) -> CResult<()> {
        let it = self.alloc_n(2);
        self.emit(Op::GetIterator, &[it as u32, src as u32]);
        let done = self.alloc();
        self.emit(Op::LoadFalse, &[done as u32]);
        let val = self.alloc();
        let exc = self.alloc();
        let env = self.alloc();
        self.emit(Op::SaveEnv, &[env as u32]);
        let start = self.here();
        self.push_iter_close_ctx(it, done);
        for el in elems.iter().take(n) {
            // Member targets are evaluated before stepping the iterator.
            let member = el.and_then(|e| match e {
                AssignmentTargetMaybeDefault::AssignmentTargetWithDefault(d) => {
                    d.binding.as_member_expression()
                }
                other => other
                    .as_assignment_target()
                    .and_then(|t| t.as_member_expression()),
            });
            let mref = match member {
                Some(m) => {
                    let obj = self.alloc();
                    let key = self.alloc();
                    let is_super = self.member_ref(m, obj, key)?;
                    Some((m, obj, key, is_super))
                }
                None => None,
            };
            let skip = self.emit_jump(Op::JmpTrue, Some(done));
            self.emit(Op::LoadTrue, &[done as u32]);
            let p_done = {
                let s = self.emit(Op::IterNext, &[val as u32, it as u32, 0]);
                s + Op::IterNext.len() - 4
            };
            self.emit(Op::LoadFalse, &[done as u32]);
            let got = self.emit_jump(Op::Jmp, None);
            self.patch_here(p_done);
            self.patch_here(skip);
            self.load_undef(val);
            self.patch_here(got);
            match (el, mref) {
                (Some(e), Some((m, obj, key, is_super))) => {
                    if let AssignmentTargetMaybeDefault::AssignmentTargetWithDefault(d) = e {
                        let j = self.emit_jump(Op::JmpNotUndefined, Some(val));
                        self.expr_to(&d.init, val)?;
                        self.patch_here(j);
                    }
                    self.store_member(m, obj, key, val, is_super)?;
                    self.free_to(obj);
                }
                (Some(e), None) => self.assign_maybe_default(e, None, val)?,
                (None, _) => {}
            }
        }
        if let Some(r) = rest {
            let mref = match r.as_member_expression() {
                Some(m) => {
                    let obj = self.alloc();
                    let key = self.alloc();
                    let is_super = self.member_ref(m, obj, key)?;
                    Some((m, obj, key, is_super))
                }
                None => None,
            };
            let arr = self.alloc();
            self.emit(Op::NewArray, &[arr as u32]);
            let skip = self.emit_jump(Op::JmpTrue, Some(done));
            self.emit(Op::LoadTrue, &[done as u32]);
            let loop_top = self.here();
            let p_done = {
                let s = self.emit(Op::IterNext, &[val as u32, it as u32, 0]);
                s + Op::IterNext.len() - 4
            };
            self.emit(Op::ArrayPush, &[arr as u32, val as u32]);
            self.emit(Op::Jmp, &[loop_top as u32]);
            self.patch_here(p_done);
            self.patch_here(skip);
            match mref {
                Some((m, obj, key, is_super)) => {
                    self.store_member(m, obj, key, arr, is_super)?;
                }
                None => self.assign_target_pattern(r, arr)?,
            }
        }
        self.f().jumps.pop();
        let end = self.here();
        let skip_close = self.emit_jump(Op::JmpTrue, Some(done));
        self.emit(Op::IterClose, &[it as u32]);
        self.patch_here(skip_close);
        let after = self.emit_jump(Op::Jmp, None);
        let handler = self.here();
        let skip_close2 = self.emit_jump(Op::JmpTrue, Some(done));
        self.emit(Op::IterCloseQuiet, &[it as u32]);
        self.patch_here(skip_close2);
        self.emit(Op::Throw, &[exc as u32]);
        self.patch_here(after);
        self.f().handlers.push(Handler {
            start: start as u32,
            end: end as u32,
            target: handler as u32,
            reg: exc,
            env_reg: env,
        });
        self.free_to(it);
        Ok(())
    }
}
