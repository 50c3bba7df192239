//! Instruction counts for interpreter work (`--features opstats`): how
//! often each opcode and each adjacent pair of opcodes ran. Printed to
//! stderr by `report` (the CLI calls it at exit).

use crate::bytecode::{Op, OP_COUNT};
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};

static SINGLE: [AtomicU64; OP_COUNT] = [const { AtomicU64::new(0) }; OP_COUNT];
static PAIRS: [AtomicU64; OP_COUNT * OP_COUNT] = [const { AtomicU64::new(0) }; OP_COUNT * OP_COUNT];

static LAST: AtomicU8 = AtomicU8::new(0);

#[inline(always)]
pub(crate) fn count(op: u8) {
    let prev = LAST.swap(op, Ordering::Relaxed);
    let (p, o) = (prev as usize, op as usize);
    if let Some(c) = SINGLE.get(o) {
        c.fetch_add(1, Ordering::Relaxed);
    }
    if let Some(c) = PAIRS.get(p * OP_COUNT + o) {
        c.fetch_add(1, Ordering::Relaxed);
    }
}

/// Print the 40 most frequent opcodes and pairs.
pub fn report() {
    let name = |i: usize| Op::from_u8(i as u8).map_or("?", |o| o.name());
    let total: u64 = SINGLE.iter().map(|c| c.load(Ordering::Relaxed)).sum();
    let mut ops: Vec<(u64, usize)> = SINGLE
        .iter()
        .enumerate()
        .map(|(i, c)| (c.load(Ordering::Relaxed), i))
        .collect();
    ops.sort_unstable_by(|a, b| b.cmp(a));
    eprintln!("opstats: {total} instructions");
    for (n, i) in ops.iter().take(40).filter(|x| x.0 > 0) {
        eprintln!(
            "{:6.2}% {n:>12} {}",
            *n as f64 * 100.0 / total as f64,
            name(*i)
        );
    }
    let mut pairs: Vec<(u64, usize)> = PAIRS
        .iter()
        .enumerate()
        .map(|(i, c)| (c.load(Ordering::Relaxed), i))
        .collect();
    pairs.sort_unstable_by(|a, b| b.cmp(a));
    eprintln!("opstats: pairs");
    for (n, i) in pairs.iter().take(40).filter(|x| x.0 > 0) {
        let (a, b) = (i / OP_COUNT, i % OP_COUNT);
        eprintln!(
            "{:6.2}% {n:>12} {} {}",
            *n as f64 * 100.0 / total as f64,
            name(a),
            name(b)
        );
    }
}
