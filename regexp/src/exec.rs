//! The backtracking matcher: runs a `Program` over UTF-16 input with an
//! explicit backtrack stack (no recursion), an undo log for captures and
//! registers, and a step budget that calls the embedder's check.
//!
//! The backtrack stack holds resume points (`Branch`, the loop entries,
//! `Look`) and undo records (`Slot`, `Reg`); failing pops entries, undoing
//! records, until a resume point.

use crate::compile::{Inst, One, Program};
use crate::parse::Assertion;
use crate::unicode;

/// Steps between two calls of the embedder's check.
pub const CHECK_INTERVAL: i64 = 1 << 12;

/// Most backtrack-stack entries (16 bytes each) one match may hold.
pub const MAX_BACKTRACK: usize = 1 << 23;

const UNSET: u32 = u32::MAX;

/// Why a match attempt ended without an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExecError {
    /// The embedder's check said stop.
    Stopped,
    /// The backtrack stack reached its cap or could not grow.
    TooComplex,
}

#[derive(Clone, Copy, Debug)]
enum Bt {
    Branch {
        pc: u32,
        pos: u32,
    },
    Slot {
        slot: u32,
        old: u32,
    },
    Reg {
        reg: u32,
        old: u32,
    },
    /// A lookaround's entry: reached by backtracking when its body failed.
    Look {
        exit: u32,
        pos: u32,
        negate: bool,
    },
    /// A greedy `Star` that can give back characters down to `min_pos`.
    StarGreedy {
        next: u32,
        min_pos: u32,
        pos: u32,
    },
    /// A lazy `Star` at `pc` that can take one more character.
    StarLazy {
        pc: u32,
        pos: u32,
        count: u32,
    },
}

impl Bt {
    fn is_undo(&self) -> bool {
        matches!(self, Bt::Slot { .. } | Bt::Reg { .. })
    }
}

/// The step budget: every `CHECK_INTERVAL` steps the check decides.
pub struct Budget<'a> {
    left: i64,
    check: &'a mut dyn FnMut() -> bool,
}

impl<'a> Budget<'a> {
    pub fn new(check: &'a mut dyn FnMut() -> bool) -> Budget<'a> {
        Budget {
            left: CHECK_INTERVAL,
            check,
        }
    }

    #[inline]
    fn spend(&mut self, n: i64) -> Result<(), ExecError> {
        self.left -= n;
        if self.left <= 0 {
            return self.refill();
        }
        Ok(())
    }

    #[cold]
    fn refill(&mut self) -> Result<(), ExecError> {
        self.left = CHECK_INTERVAL;
        if (self.check)() {
            Ok(())
        } else {
            Err(ExecError::Stopped)
        }
    }
}

fn is_lead(u: u16) -> bool {
    (0xD800..0xDC00).contains(&u)
}

fn is_trail(u: u16) -> bool {
    (0xDC00..0xE000).contains(&u)
}

fn is_line_terminator(u: u16) -> bool {
    matches!(u, 0x0A | 0x0D | 0x2028 | 0x2029)
}

/// The character at `pos` and its length in code units.
#[inline]
fn next_char(input: &[u16], pos: usize, unicode: bool) -> Option<(u32, usize)> {
    let u = *input.get(pos)?;
    if unicode && is_lead(u) {
        if let Some(&t) = input.get(pos + 1) {
            if is_trail(t) {
                return Some((
                    ((u as u32 - 0xD800) << 10) + (t as u32 - 0xDC00) + 0x10000,
                    2,
                ));
            }
        }
    }
    Some((u as u32, 1))
}

/// The character ending at `pos` and its length in code units.
#[inline]
fn prev_char(input: &[u16], pos: usize, unicode: bool) -> Option<(u32, usize)> {
    if pos == 0 {
        return None;
    }
    let u = input[pos - 1];
    if unicode && is_trail(u) && pos >= 2 && is_lead(input[pos - 2]) {
        let l = input[pos - 2];
        return Some((
            ((l as u32 - 0xD800) << 10) + (u as u32 - 0xDC00) + 0x10000,
            2,
        ));
    }
    Some((u as u32, 1))
}

/// IsWordChar over code units (all word characters are in the BMP).
fn is_word(input: &[u16], i: usize, extra: bool) -> bool {
    let Some(&u) = input.get(i) else {
        return false;
    };
    matches!(u, 0x30..=0x39 | 0x41..=0x5A | 0x5F | 0x61..=0x7A)
        || (extra && (u == 0x17F || u == 0x212A))
}

struct Vm<'p, 'i> {
    prog: &'p Program,
    input: &'i [u16],
    caps: Vec<u32>,
    regs: Vec<u32>,
    stack: Vec<Bt>,
}

impl Vm<'_, '_> {
    #[inline]
    fn push(&mut self, e: Bt) -> Result<(), ExecError> {
        if self.stack.len() == self.stack.capacity() {
            self.grow()?;
        }
        self.stack.push(e);
        Ok(())
    }

    #[cold]
    fn grow(&mut self) -> Result<(), ExecError> {
        let len = self.stack.len();
        if len >= MAX_BACKTRACK {
            return Err(ExecError::TooComplex);
        }
        self.stack
            .try_reserve(len.max(64))
            .map_err(|_| ExecError::TooComplex)
    }

    #[inline]
    fn one(&self, one: One, c: u32) -> bool {
        match one {
            One::Char(x) => x == c,
            One::Set(s) => self.prog.sets[s as usize].contains(c),
        }
    }

    #[inline]
    fn set_slot(&mut self, slot: u32, v: u32) -> Result<(), ExecError> {
        let old = self.caps[slot as usize];
        self.push(Bt::Slot { slot, old })?;
        self.caps[slot as usize] = v;
        Ok(())
    }

    #[inline]
    fn set_reg(&mut self, reg: u32, v: u32) -> Result<(), ExecError> {
        let old = self.regs[reg as usize];
        self.push(Bt::Reg { reg, old })?;
        self.regs[reg as usize] = v;
        Ok(())
    }

    /// BackreferenceMatcher (#sec-backreference-matcher): the new position,
    /// or None on failure.
    fn backref(&self, groups: u32, icase: bool, back: bool, pos: usize) -> Option<usize> {
        // 1-3. The group of the list that participated, if any; one that
        // did not matches the empty string.
        let list = &self.prog.group_lists[groups as usize];
        let Some((s, e)) = list.iter().find_map(|&g| {
            let (s, e) = (self.caps[2 * g as usize], self.caps[2 * g as usize + 1]);
            (s != UNSET && e != UNSET).then_some((s as usize, e as usize))
        }) else {
            return Some(pos);
        };
        let len = e - s;
        // 4-7. The candidate range in the direction of matching.
        let (from, to) = if back {
            if len > pos {
                return None;
            }
            (pos - len, pos)
        } else {
            if pos + len > self.input.len() {
                return None;
            }
            (pos, pos + len)
        };
        let a = &self.input[s..e];
        let b = &self.input[from..to];
        let same = if !icase {
            a == b
        } else {
            // 8. Compare by Canonicalize, character by character.
            let u = self.prog.unicode;
            let (mut i, mut j) = (0, 0);
            loop {
                match (next_char(a, i, u), next_char(b, j, u)) {
                    (None, None) => break true,
                    (Some((x, lx)), Some((y, ly))) => {
                        if x != y && unicode::canonicalize(x, u) != unicode::canonicalize(y, u) {
                            break false;
                        }
                        i += lx;
                        j += ly;
                    }
                    _ => break false,
                }
            }
        };
        same.then_some(if back { from } else { to })
    }

    fn assert(&self, a: Assertion, pos: usize) -> bool {
        let input = self.input;
        match a {
            Assertion::Start { multiline } => {
                pos == 0 || (multiline && is_line_terminator(input[pos - 1]))
            }
            Assertion::End { multiline } => {
                pos == input.len() || (multiline && is_line_terminator(input[pos]))
            }
            Assertion::Word { negate, extra } => {
                let a = pos > 0 && is_word(input, pos - 1, extra);
                let b = is_word(input, pos, extra);
                (a != b) != negate
            }
        }
    }

    /// Runs the program from `start`; true when it reached `Match`.
    fn run(&mut self, start: usize, budget: &mut Budget) -> Result<bool, ExecError> {
        let prog = self.prog;
        let insts = &prog.insts[..];
        let unicode = prog.unicode;
        let input = self.input;
        let mut pc = 0usize;
        let mut pos = start;
        'run: loop {
            budget.spend(1)?;
            let ok = match &insts[pc] {
                Inst::One { one, back } => {
                    let c = if *back {
                        prev_char(input, pos, unicode)
                    } else {
                        next_char(input, pos, unicode)
                    };
                    match c {
                        Some((c, len)) if self.one(*one, c) => {
                            if *back {
                                pos -= len;
                            } else {
                                pos += len;
                            }
                            pc += 1;
                            true
                        }
                        _ => false,
                    }
                }
                Inst::Split { alt } => {
                    self.push(Bt::Branch {
                        pc: *alt,
                        pos: pos as u32,
                    })?;
                    pc += 1;
                    true
                }
                Inst::SplitLazy { alt } => {
                    self.push(Bt::Branch {
                        pc: pc as u32 + 1,
                        pos: pos as u32,
                    })?;
                    pc = *alt as usize;
                    true
                }
                Inst::Jmp(t) => {
                    pc = *t as usize;
                    true
                }
                Inst::Save(slot) => {
                    self.set_slot(*slot, pos as u32)?;
                    pc += 1;
                    true
                }
                Inst::ClearCaps(from, to) => {
                    for slot in *from..*to {
                        if self.caps[slot as usize] != UNSET {
                            self.set_slot(slot, UNSET)?;
                        }
                    }
                    pc += 1;
                    true
                }
                Inst::Assert(a) => {
                    pc += 1;
                    self.assert(*a, pos)
                }
                Inst::Backref {
                    groups,
                    icase,
                    back,
                } => match self.backref(*groups, *icase, *back, pos) {
                    Some(p) => {
                        budget.spend((p.abs_diff(pos) / 16) as i64)?;
                        pos = p;
                        pc += 1;
                        true
                    }
                    None => false,
                },
                Inst::RepInit(reg) => {
                    self.set_reg(*reg, 0)?;
                    pc += 1;
                    true
                }
                Inst::RepLoop {
                    reg,
                    min,
                    max,
                    greedy,
                    exit,
                } => {
                    let count = self.regs[*reg as usize];
                    if count < *min {
                        pc += 1;
                    } else if count >= *max {
                        pc = *exit as usize;
                    } else if *greedy {
                        self.push(Bt::Branch {
                            pc: *exit,
                            pos: pos as u32,
                        })?;
                        pc += 1;
                    } else {
                        self.push(Bt::Branch {
                            pc: pc as u32 + 1,
                            pos: pos as u32,
                        })?;
                        pc = *exit as usize;
                    }
                    true
                }
                Inst::RepPos(reg) => {
                    self.set_reg(reg + 1, pos as u32)?;
                    pc += 1;
                    true
                }
                Inst::RepNext { reg, min, head } => {
                    let count = self.regs[*reg as usize];
                    // RepeatMatcher's continuation step 2.b: once min is
                    // reached, an iteration that matched empty fails.
                    if count >= *min && self.regs[*reg as usize + 1] == pos as u32 {
                        false
                    } else {
                        self.set_reg(*reg, count.saturating_add(1))?;
                        pc = *head as usize;
                        true
                    }
                }
                Inst::Star {
                    one,
                    min,
                    max,
                    greedy,
                } => {
                    let one = *one;
                    let mut count = 0u32;
                    let mut p = pos;
                    let limit = if *greedy { *max } else { *min };
                    while count < limit {
                        match next_char(input, p, unicode) {
                            Some((c, len)) if self.one(one, c) => {
                                p += len;
                                count += 1;
                            }
                            _ => break,
                        }
                    }
                    budget.spend((count / 16) as i64)?;
                    if count < *min {
                        false
                    } else {
                        if *greedy {
                            if count > *min {
                                // The position after `min` characters, to
                                // stop giving back at.
                                let mut mp = pos;
                                for _ in 0..*min {
                                    mp += next_char(input, mp, unicode).map_or(1, |c| c.1);
                                }
                                self.push(Bt::StarGreedy {
                                    next: pc as u32 + 1,
                                    min_pos: mp as u32,
                                    pos: p as u32,
                                })?;
                            }
                        } else if count < *max {
                            self.push(Bt::StarLazy {
                                pc: pc as u32,
                                pos: p as u32,
                                count,
                            })?;
                        }
                        pos = p;
                        pc += 1;
                        true
                    }
                }
                Inst::LookStart { reg, negate, exit } => {
                    self.set_reg(reg + 1, pos as u32)?;
                    let mark = self.stack.len() as u32 + 1;
                    self.set_reg(*reg, mark)?;
                    self.push(Bt::Look {
                        exit: *exit,
                        pos: pos as u32,
                        negate: *negate,
                    })?;
                    pc += 1;
                    true
                }
                Inst::LookEnd { reg, negate } => {
                    let mark = self.regs[*reg as usize] as usize;
                    if *negate {
                        // The body matched: the negative lookaround fails.
                        // Undo everything since its entry, entry included.
                        while self.stack.len() > mark {
                            match self.stack.pop().unwrap() {
                                Bt::Slot { slot, old } => self.caps[slot as usize] = old,
                                Bt::Reg { reg, old } => self.regs[reg as usize] = old,
                                _ => {}
                            }
                        }
                        false
                    } else {
                        // The body matched: keep its captures but none of
                        // its choice points (a lookaround is atomic).
                        let mut w = mark;
                        for r in mark + 1..self.stack.len() {
                            if self.stack[r].is_undo() {
                                self.stack[w] = self.stack[r];
                                w += 1;
                            }
                        }
                        self.stack.truncate(w);
                        pos = self.regs[*reg as usize + 1] as usize;
                        pc += 1;
                        true
                    }
                }
                Inst::Match => {
                    self.caps[1] = pos as u32;
                    return Ok(true);
                }
            };
            if ok {
                continue;
            }
            // Backtrack to the latest resume point.
            loop {
                budget.spend(1)?;
                let Some(e) = self.stack.pop() else {
                    return Ok(false);
                };
                match e {
                    Bt::Branch { pc: p, pos: q } => {
                        pc = p as usize;
                        pos = q as usize;
                        continue 'run;
                    }
                    Bt::Slot { slot, old } => self.caps[slot as usize] = old,
                    Bt::Reg { reg, old } => self.regs[reg as usize] = old,
                    Bt::Look {
                        exit,
                        pos: q,
                        negate,
                    } => {
                        if negate {
                            // The body failed: the negative lookaround
                            // succeeds at its own position.
                            pc = exit as usize;
                            pos = q as usize;
                            continue 'run;
                        }
                    }
                    Bt::StarGreedy {
                        next,
                        min_pos,
                        pos: q,
                    } => {
                        let q = q as usize;
                        let min_pos = min_pos as usize;
                        // Give back one character (never splitting a pair
                        // across the loop's start).
                        let len = match prev_char(input, q, unicode) {
                            Some((_, 2)) if q - 2 >= min_pos => 2,
                            _ => 1,
                        };
                        let np = q - len;
                        if np > min_pos {
                            self.push(Bt::StarGreedy {
                                next,
                                min_pos: min_pos as u32,
                                pos: np as u32,
                            })?;
                        }
                        pc = next as usize;
                        pos = np;
                        continue 'run;
                    }
                    Bt::StarLazy {
                        pc: p,
                        pos: q,
                        count,
                    } => {
                        let Inst::Star { one, max, .. } = insts[p as usize] else {
                            unreachable!("StarLazy points at a Star")
                        };
                        let q = q as usize;
                        if let Some((c, len)) = next_char(input, q, unicode) {
                            if self.one(one, c) {
                                if count + 1 < max {
                                    self.push(Bt::StarLazy {
                                        pc: p,
                                        pos: (q + len) as u32,
                                        count: count + 1,
                                    })?;
                                }
                                pc = p as usize + 1;
                                pos = q + len;
                                continue 'run;
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A successful match: capture ranges in code units, group 0 first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Captures {
    pub groups: Vec<Option<(usize, usize)>>,
}

/// The leftmost match at or after `start` (only at `start` when `sticky`).
pub fn find(
    prog: &Program,
    input: &[u16],
    start: usize,
    sticky: bool,
    budget: &mut Budget,
) -> Result<Option<Captures>, ExecError> {
    if start > input.len() || input.len() >= UNSET as usize {
        return Ok(None);
    }
    let mut vm = Vm {
        prog,
        input,
        caps: vec![UNSET; prog.slots],
        regs: vec![0; prog.regs],
        stack: Vec::new(),
    };
    let unicode = prog.unicode;
    let mut pos = start;
    loop {
        if prog.anchored && pos != 0 {
            return Ok(None);
        }
        if !sticky {
            // FAST PATH: skip positions where no match can start.
            let from = pos;
            if let Some(u) = prog.first_unit {
                match input[pos..].iter().position(|&x| x == u) {
                    Some(k) => pos += k,
                    None => return Ok(None),
                }
            } else if let Some(first) = &prog.first {
                loop {
                    match next_char(input, pos, unicode) {
                        None => return Ok(None),
                        Some((c, len)) => {
                            if first.contains(c) {
                                break;
                            }
                            pos += len;
                        }
                    }
                }
            }
            budget.spend(((pos - from) / 16) as i64)?;
        }
        vm.stack.clear();
        vm.caps.iter_mut().for_each(|c| *c = UNSET);
        if vm.run(pos, budget)? {
            let caps = &mut vm.caps;
            // The match's own range (group 0): the start, and the end the
            // matcher stopped at.
            caps[0] = pos as u32;
            let end = vm_end(&vm);
            let mut groups = Vec::with_capacity(prog.slots / 2);
            groups.push(Some((pos, end)));
            for g in 1..prog.slots / 2 {
                let (s, e) = (vm.caps[2 * g], vm.caps[2 * g + 1]);
                groups.push((s != UNSET && e != UNSET).then_some((s as usize, e as usize)));
            }
            return Ok(Some(Captures { groups }));
        }
        if sticky || pos >= input.len() {
            return Ok(None);
        }
        pos += next_char(input, pos, unicode).map_or(1, |c| c.1);
    }
}

fn vm_end(vm: &Vm) -> usize {
    vm.caps[1] as usize
}
