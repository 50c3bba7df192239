//! Conditions compiled as control flow: the test of `if`, `while`, `for`,
//! `do … while` and `?:` jumps on its operands directly instead of
//! materialising a boolean (`a < b` is one compare-and-branch, `a && b`
//! two branches, `!a` swaps the targets).

use super::{CResult, Compiler, Patch};
use crate::bytecode::Op;
use crate::value::Value;
use oxc_ast::ast::*;
use oxc_span::GetSpan;
use oxc_syntax::operator::{BinaryOperator, LogicalOperator, UnaryOperator};

/// The fused compare-and-branch ops of a relational or equality operator:
/// (jump when true, jump when false).
fn branch_ops(op: BinaryOperator) -> Option<(Op, Op)> {
    Some(match op {
        BinaryOperator::LessThan => (Op::JmpLt, Op::JmpNotLt),
        BinaryOperator::LessEqualThan => (Op::JmpLe, Op::JmpNotLe),
        BinaryOperator::GreaterThan => (Op::JmpGt, Op::JmpNotGt),
        BinaryOperator::GreaterEqualThan => (Op::JmpGe, Op::JmpNotGe),
        BinaryOperator::Equality => (Op::JmpEq, Op::JmpNe),
        BinaryOperator::Inequality => (Op::JmpNe, Op::JmpEq),
        BinaryOperator::StrictEquality => (Op::JmpStrictEq, Op::JmpStrictNe),
        BinaryOperator::StrictInequality => (Op::JmpStrictNe, Op::JmpStrictEq),
        _ => return None,
    })
}

/// The constant-operand forms of [`branch_ops`].
fn branch_ops_k(op: BinaryOperator) -> Option<(Op, Op)> {
    Some(match op {
        BinaryOperator::LessThan => (Op::JmpLtK, Op::JmpNotLtK),
        BinaryOperator::LessEqualThan => (Op::JmpLeK, Op::JmpNotLeK),
        BinaryOperator::GreaterThan => (Op::JmpGtK, Op::JmpNotGtK),
        BinaryOperator::GreaterEqualThan => (Op::JmpGeK, Op::JmpNotGeK),
        BinaryOperator::StrictEquality => (Op::JmpStrictEqK, Op::JmpStrictNeK),
        BinaryOperator::StrictInequality => (Op::JmpStrictNeK, Op::JmpStrictEqK),
        _ => return None,
    })
}

impl<'v> Compiler<'v> {
    /// A literal operand as a constant-pool index: numbers, `null`,
    /// booleans and strings (nothing to evaluate, nothing that can throw).
    pub(crate) fn const_operand(&mut self, e: &Expression) -> Option<u32> {
        let v = match e {
            Expression::NumericLiteral(n) => Value::number(n.value),
            Expression::NullLiteral(_) => Value::NULL,
            Expression::BooleanLiteral(b) => Value::bool(b.value),
            Expression::StringLiteral(s) if !s.lone_surrogates => {
                return Some(self.str_const(s.value.as_str()));
            }
            Expression::ParenthesizedExpression(p) => return self.const_operand(&p.expression),
            _ => return None,
        };
        Some(self.konst(v))
    }

    /// Emit a test of `e` that jumps when ToBoolean(e) is `when` and falls
    /// through otherwise; returns the jumps to patch to their target.
    pub(crate) fn cond_jump(&mut self, e: &Expression, when: bool) -> CResult<Vec<Patch>> {
        self.stack_guard(e.span().start)?;
        self.cond_jump_inner(e, when)
    }

    fn cond_jump_inner(&mut self, e: &Expression, when: bool) -> CResult<Vec<Patch>> {
        match e {
            Expression::ParenthesizedExpression(p) => self.cond_jump(&p.expression, when),
            Expression::BooleanLiteral(b) => Ok(if b.value == when {
                vec![self.emit_jump(Op::Jmp, None)]
            } else {
                Vec::new()
            }),
            Expression::UnaryExpression(u) if u.operator == UnaryOperator::LogicalNot => {
                self.cond_jump(&u.argument, !when)
            }
            Expression::LogicalExpression(l) if l.operator != LogicalOperator::Coalesce => {
                // `a && b` is false as soon as `a` is; `a || b` true as soon
                // as `a` is.
                let short = l.operator == LogicalOperator::Or;
                if short == when {
                    let mut out = self.cond_jump(&l.left, when)?;
                    out.extend(self.cond_jump(&l.right, when)?);
                    Ok(out)
                } else {
                    let skip = self.cond_jump(&l.left, short)?;
                    let out = self.cond_jump(&l.right, when)?;
                    for p in skip {
                        self.patch_here(p);
                    }
                    Ok(out)
                }
            }
            Expression::BinaryExpression(b) if branch_ops(b.operator).is_some() => {
                let Some((if_true, if_false)) = branch_ops(b.operator) else {
                    return Ok(Vec::new());
                };
                let m = self.mark();
                if let Some((kt, kf)) = branch_ops_k(b.operator) {
                    if let Some(k) = self.const_operand(&b.right) {
                        let l = self.expr_any(&b.left)?;
                        self.pos(b.span.start);
                        let op = if when { kt } else { kf };
                        let start = self.emit(op, &[l as u32, k, 0]);
                        self.free_to(m);
                        return Ok(vec![start + op.len() - 4]);
                    }
                }
                let (l, r) = self.binary_operands(b)?;
                self.pos(b.span.start);
                let op = if when { if_true } else { if_false };
                let start = self.emit(op, &[l as u32, r as u32, 0]);
                self.free_to(m);
                Ok(vec![start + op.len() - 4])
            }
            _ => {
                let m = self.mark();
                let r = self.expr_any(e)?;
                let op = if when { Op::JmpTrue } else { Op::JmpFalse };
                let j = self.emit_jump(op, Some(r));
                self.free_to(m);
                Ok(vec![j])
            }
        }
    }

    /// Patch every jump in `patches` to `target`.
    pub(crate) fn patch_all_to(&mut self, patches: Vec<Patch>, target: usize) {
        for p in patches {
            self.patch_to(p, target);
        }
    }

    pub(crate) fn patch_all_here(&mut self, patches: Vec<Patch>) {
        let h = self.here();
        self.patch_all_to(patches, h);
    }
}
