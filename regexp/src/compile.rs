//! The parsed pattern compiled to bytecode for the backtracking matcher
//! (#sec-compilepattern). Each node compiles in a direction: forward, or
//! backward inside a lookbehind (#sec-compilesubpattern, `direction`).

use crate::class::{CharSet, MatchSet};
use crate::parse::{Assertion, Ast, Node, INF};
use crate::unicode;

/// One character test: an exact character or a set.
#[derive(Clone, Copy, Debug)]
pub enum One {
    Char(u32),
    Set(u32),
}

#[derive(Clone, Debug)]
pub enum Inst {
    /// Match one character and advance (`back`: the one before the position).
    One {
        one: One,
        back: bool,
    },
    /// Try `pc + 1` first; on failure resume at `alt`.
    Split {
        alt: u32,
    },
    /// Try `alt` first; on failure resume at `pc + 1` (a lazy choice).
    SplitLazy {
        alt: u32,
    },
    Jmp(u32),
    /// Record the position in a capture slot (the old value is restored on
    /// backtracking).
    Save(u32),
    /// Reset the capture slots `[from, to)` to undefined (RepeatMatcher
    /// step 4: captures of the quantified atom start fresh each iteration).
    ClearCaps(u32, u32),
    Assert(Assertion),
    /// BackreferenceMatcher for the groups of list `groups`.
    Backref {
        groups: u32,
        icase: bool,
        back: bool,
    },
    /// Start a counted loop: counter register `reg` := 0.
    RepInit(u32),
    /// The loop head: iterate or leave to `exit` by the counter, `min`,
    /// `max` and greediness.
    RepLoop {
        reg: u32,
        min: u32,
        max: u32,
        greedy: bool,
        exit: u32,
    },
    /// At the start of an iteration: remember the position (register
    /// `reg + 1`) for the empty check.
    RepPos(u32),
    /// The end of an iteration: the empty check, then count and go back to
    /// `head`.
    RepNext {
        reg: u32,
        min: u32,
        head: u32,
    },
    /// A greedy or lazy loop of one single-character test (forward only).
    Star {
        one: One,
        min: u32,
        max: u32,
        greedy: bool,
    },
    /// Enter a lookaround: registers `reg` (backtrack-stack mark) and
    /// `reg + 1` (position). `exit` follows the matching `LookEnd`.
    LookStart {
        reg: u32,
        negate: bool,
        exit: u32,
    },
    LookEnd {
        reg: u32,
        negate: bool,
    },
    Match,
}

/// A compiled pattern.
#[derive(Debug)]
pub struct Program {
    pub insts: Vec<Inst>,
    pub sets: Vec<MatchSet>,
    /// Group lists of back-references.
    pub group_lists: Vec<Vec<u32>>,
    pub regs: usize,
    /// Capture slots: two per group, group 0 included.
    pub slots: usize,
    pub unicode: bool,
    /// The pattern can only match at position 0 (`^` without `m`).
    pub anchored: bool,
    /// Every match starts with a character of this set.
    pub first: Option<MatchSet>,
    /// Every match starts with this code unit (a cheaper scan).
    pub first_unit: Option<u16>,
}

struct Compiler {
    insts: Vec<Inst>,
    sets: Vec<MatchSet>,
    set_ids: Vec<CharSet>,
    group_lists: Vec<Vec<u32>>,
    regs: u32,
}

/// The fewest code units a node can match (0 when it may match empty).
fn min_len(n: &Node) -> u64 {
    match n {
        Node::Empty
        | Node::Assert(_)
        | Node::Look { .. }
        | Node::Backref { .. }
        | Node::NamedBackref { .. } => 0,
        Node::Char(_) | Node::Set(_) => 1,
        Node::Strings { strings, .. } => {
            if strings.iter().any(|s| s.is_empty()) {
                0
            } else {
                1
            }
        }
        Node::Capture { body, .. } => min_len(body),
        Node::Repeat { body, min, .. } => min_len(body).saturating_mul(*min as u64),
        Node::Concat(v) => v.iter().map(min_len).fold(0u64, |a, b| a.saturating_add(b)),
        Node::Alt(v) => v.iter().map(min_len).min().unwrap_or(0),
    }
}

/// The characters a match can start with, and whether it can be empty;
/// None when unknown.
fn first_chars(n: &Node) -> Option<(CharSet, bool)> {
    Some(match n {
        Node::Empty | Node::Assert(_) | Node::Look { .. } => (CharSet::new(), true),
        Node::Char(c) => (CharSet::single(*c), false),
        Node::Set(s) => (s.clone(), false),
        Node::Strings {
            strings,
            set,
            icase,
        } => {
            let mut out = set.clone();
            let mut nullable = false;
            for s in strings {
                match s.first() {
                    Some(&c) if *icase => out = out.union(&unicode::case_class(c, true)),
                    Some(&c) => out.add(c),
                    None => nullable = true,
                }
            }
            (out, nullable)
        }
        Node::Backref { .. } | Node::NamedBackref { .. } => return None,
        Node::Capture { body, .. } => first_chars(body)?,
        Node::Repeat { body, min, .. } => {
            let (s, n) = first_chars(body)?;
            (s, n || *min == 0)
        }
        Node::Concat(v) => {
            let mut acc = CharSet::new();
            for n in v {
                let (s, nl) = first_chars(n)?;
                acc = acc.union(&s);
                if !nl {
                    return Some((acc, false));
                }
            }
            (acc, true)
        }
        Node::Alt(v) => {
            let mut acc = CharSet::new();
            let mut nullable = false;
            for n in v {
                let (s, nl) = first_chars(n)?;
                acc = acc.union(&s);
                nullable |= nl;
            }
            (acc, nullable)
        }
    })
}

fn anchored(n: &Node) -> bool {
    match n {
        Node::Assert(Assertion::Start { multiline: false }) => true,
        Node::Concat(v) => v.first().is_some_and(anchored),
        Node::Alt(v) => v.iter().all(anchored),
        Node::Capture { body, .. } => anchored(body),
        _ => false,
    }
}

impl Compiler {
    fn emit(&mut self, i: Inst) -> u32 {
        self.insts.push(i);
        (self.insts.len() - 1) as u32
    }

    fn pc(&self) -> u32 {
        self.insts.len() as u32
    }

    fn set_id(&mut self, s: &CharSet) -> u32 {
        if let Some(i) = self.set_ids.iter().position(|x| x == s) {
            return i as u32;
        }
        self.set_ids.push(s.clone());
        self.sets.push(MatchSet::new(s));
        (self.sets.len() - 1) as u32
    }

    fn one(&mut self, n: &Node) -> Option<One> {
        match n {
            Node::Char(c) => Some(One::Char(*c)),
            Node::Set(s) => Some(One::Set(self.set_id(s))),
            _ => None,
        }
    }

    fn patch(&mut self, at: u32, target: u32) {
        match &mut self.insts[at as usize] {
            Inst::Split { alt } | Inst::SplitLazy { alt } => *alt = target,
            Inst::Jmp(t) => *t = target,
            Inst::RepLoop { exit, .. } | Inst::LookStart { exit, .. } => *exit = target,
            _ => unreachable!("patching a non-jump"),
        }
    }

    fn node(&mut self, n: &Node, back: bool) {
        match n {
            Node::Empty => {}
            Node::Char(_) | Node::Set(_) => {
                let one = self.one(n).unwrap();
                self.emit(Inst::One { one, back });
            }
            Node::Strings {
                strings,
                set,
                icase,
            } => {
                // The alternatives: each string (longest first), then one
                // character of the set.
                let mut alts: Vec<Node> = strings
                    .iter()
                    .map(|s| {
                        Node::Concat(
                            s.iter()
                                .map(|&c| {
                                    if *icase {
                                        let cls = unicode::case_class(c, true);
                                        match cls.single_char() {
                                            Some(c) => Node::Char(c),
                                            None => Node::Set(cls),
                                        }
                                    } else {
                                        Node::Char(c)
                                    }
                                })
                                .collect(),
                        )
                    })
                    .collect();
                let empty_at = alts
                    .iter()
                    .position(|a| matches!(a, Node::Concat(v) if v.is_empty()));
                let empty = empty_at.map(|i| alts.remove(i));
                if !set.is_empty() {
                    alts.push(Node::Set(set.clone()));
                }
                alts.extend(empty);
                self.node(&Node::Alt(alts), back);
            }
            Node::Assert(a) => {
                self.emit(Inst::Assert(*a));
            }
            Node::Backref { groups, icase } => {
                self.group_lists.push(groups.clone());
                let g = (self.group_lists.len() - 1) as u32;
                self.emit(Inst::Backref {
                    groups: g,
                    icase: *icase,
                    back,
                });
            }
            Node::NamedBackref { .. } => unreachable!("names are resolved by the parser"),
            Node::Capture { index, body } => {
                // Backward, the group's end is reached first.
                let (a, b) = if back {
                    (2 * index + 1, 2 * index)
                } else {
                    (2 * index, 2 * index + 1)
                };
                self.emit(Inst::Save(a));
                self.node(body, back);
                self.emit(Inst::Save(b));
            }
            Node::Look {
                behind,
                negate,
                body,
            } => {
                let reg = self.regs;
                self.regs += 2;
                let start = self.emit(Inst::LookStart {
                    reg,
                    negate: *negate,
                    exit: 0,
                });
                self.node(body, *behind);
                self.emit(Inst::LookEnd {
                    reg,
                    negate: *negate,
                });
                let exit = self.pc();
                self.patch(start, exit);
            }
            Node::Concat(v) => {
                if back {
                    for n in v.iter().rev() {
                        self.node(n, back);
                    }
                } else {
                    for n in v {
                        self.node(n, back);
                    }
                }
            }
            Node::Alt(v) => {
                let mut jumps = Vec::new();
                for (i, n) in v.iter().enumerate() {
                    if i + 1 < v.len() {
                        let split = self.emit(Inst::Split { alt: 0 });
                        self.node(n, back);
                        jumps.push(self.emit(Inst::Jmp(0)));
                        let next = self.pc();
                        self.patch(split, next);
                    } else {
                        self.node(n, back);
                    }
                }
                let end = self.pc();
                for j in jumps {
                    self.patch(j, end);
                }
            }
            Node::Repeat {
                body,
                min,
                max,
                greedy,
                caps,
            } => self.repeat(body, *min, *max, *greedy, *caps, back),
        }
    }

    /// RepeatMatcher (#sec-runtime-semantics-repeatmatcher-abstract-operation).
    fn repeat(
        &mut self,
        body: &Node,
        min: u32,
        max: u32,
        greedy: bool,
        caps: (u32, u32),
        back: bool,
    ) {
        if max == 0 {
            return;
        }
        let clear = caps.0 < caps.1;
        // FAST PATH: one character test repeated (no captures, never
        // empty): one instruction, backtracking by position.
        if !back {
            if let Some(one) = self.one(body) {
                self.emit(Inst::Star {
                    one,
                    min,
                    max,
                    greedy,
                });
                return;
            }
        }
        let nonempty = min_len(body) > 0;
        // FAST PATH: `x*`, `x+`, `x?` whose body never matches empty need no
        // counter and no empty check.
        if nonempty && min <= 1 && (max == INF || (min == 0 && max == 1)) {
            if min == 1 {
                self.node(body, back);
                if max == 1 {
                    return;
                }
            }
            let head = self.pc();
            let split = if greedy {
                self.emit(Inst::Split { alt: 0 })
            } else {
                self.emit(Inst::SplitLazy { alt: 0 })
            };
            if clear {
                self.emit(Inst::ClearCaps(2 * caps.0, 2 * caps.1));
            }
            self.node(body, back);
            if max == INF {
                self.emit(Inst::Jmp(head));
            }
            let exit = self.pc();
            self.patch(split, exit);
            return;
        }
        let reg = self.regs;
        self.regs += 2;
        self.emit(Inst::RepInit(reg));
        let head = self.emit(Inst::RepLoop {
            reg,
            min,
            max,
            greedy,
            exit: 0,
        });
        self.emit(Inst::RepPos(reg));
        if clear {
            self.emit(Inst::ClearCaps(2 * caps.0, 2 * caps.1));
        }
        self.node(body, back);
        self.emit(Inst::RepNext { reg, min, head });
        let exit = self.pc();
        self.patch(head, exit);
    }
}

pub fn compile(ast: &Ast, unicode: bool) -> Program {
    let mut c = Compiler {
        insts: Vec::new(),
        sets: Vec::new(),
        set_ids: Vec::new(),
        group_lists: Vec::new(),
        regs: 0,
    };
    c.node(&ast.node, false);
    c.emit(Inst::Match);
    let (first, first_unit) = match first_chars(&ast.node) {
        Some((set, false)) => {
            let unit = set
                .single_char()
                .filter(|&u| u < 0xD800 || (0xE000..=0xFFFF).contains(&u))
                .map(|u| u as u16);
            (Some(MatchSet::new(&set)), unit)
        }
        _ => (None, None),
    };
    Program {
        insts: c.insts,
        sets: c.sets,
        group_lists: c.group_lists,
        regs: c.regs as usize,
        slots: 2 * (ast.groups as usize + 1),
        unicode,
        anchored: anchored(&ast.node),
        first,
        first_unit,
    }
}
