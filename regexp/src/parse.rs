//! The pattern grammar (#sec-patterns) with the Annex B extensions for
//! non-Unicode mode (#sec-regular-expressions-patterns), the `v` mode class
//! set syntax, named groups (duplicates in different alternatives),
//! lookbehind and modifiers, and the early errors
//! (#sec-patterns-static-semantics-early-errors).
//!
//! Groups are parsed with an explicit stack of open groups, so nesting does
//! not recurse; `v` mode nested classes recurse. Both count towards one
//! depth cap, which also bounds the recursion of the later passes over the
//! tree.

use crate::class::{max_char, CharSet};
use crate::unicode;

/// Deepest nesting of groups and classes accepted.
pub const MAX_DEPTH: usize = 1000;

/// "No upper bound" for a quantifier.
pub const INF: u32 = u32::MAX;

#[derive(Clone, Copy, Debug, Default)]
pub struct Flags {
    pub ignore_case: bool,
    pub multiline: bool,
    pub dot_all: bool,
    pub unicode: bool,
    pub unicode_sets: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Assertion {
    /// `^`; `multiline` matches after a line terminator too.
    Start { multiline: bool },
    /// `$`.
    End { multiline: bool },
    /// `\b` / `\B`; `extra` adds the characters whose Canonicalize is a
    /// basic word character (WordCharacters with `u`/`v` and ignoreCase).
    Word { negate: bool, extra: bool },
}

#[derive(Clone, Debug)]
pub enum Node {
    Empty,
    /// One character, compared exactly.
    Char(u32),
    /// One character of the set (case closure already applied).
    Set(CharSet),
    /// A `v` mode class that contains strings: the strings longest first,
    /// then one character of `set`. Strings compare by Canonicalize when
    /// `icase`.
    Strings {
        strings: Vec<Vec<u32>>,
        set: CharSet,
        icase: bool,
    },
    Assert(Assertion),
    /// A back-reference to the groups of one name (or one number); at most
    /// one of them has participated.
    Backref {
        groups: Vec<u32>,
        icase: bool,
    },
    NamedBackref {
        name: String,
        icase: bool,
    },
    Capture {
        index: u32,
        body: Box<Node>,
    },
    Look {
        behind: bool,
        negate: bool,
        body: Box<Node>,
    },
    /// `caps` is the range of capture indices inside `body`, reset at the
    /// start of every iteration (RepeatMatcher step 4).
    Repeat {
        body: Box<Node>,
        min: u32,
        max: u32,
        greedy: bool,
        caps: (u32, u32),
    },
    Concat(Vec<Node>),
    Alt(Vec<Node>),
}

/// A parsed pattern.
pub struct Ast {
    pub node: Node,
    /// Number of capturing groups (not counting the whole match).
    pub groups: u32,
    /// Group names in first-occurrence order with their group indices.
    pub names: Vec<(String, Vec<u32>)>,
}

type PResult<T> = Result<T, String>;

enum GroupKind {
    Root,
    Capture(u32),
    NonCapture,
    Look { behind: bool, negate: bool },
}

struct Frame {
    kind: GroupKind,
    alts: Vec<Node>,
    seq: Vec<Node>,
    /// The modifier flags in force outside the group.
    saved: (bool, bool, bool),
    first_cap: u32,
    /// Names defined in the current alternative (including nested groups).
    names_cur: Vec<String>,
    /// Names defined in the finished alternatives.
    names_prev: Vec<String>,
}

impl Frame {
    fn new(kind: GroupKind, saved: (bool, bool, bool), first_cap: u32) -> Frame {
        Frame {
            kind,
            alts: Vec::new(),
            seq: Vec::new(),
            saved,
            first_cap,
            names_cur: Vec::new(),
            names_prev: Vec::new(),
        }
    }
}

/// The value of a class or class operand in `v` mode.
#[derive(Default)]
struct ClassVal {
    set: CharSet,
    /// Strings of length other than 1.
    strings: Vec<Vec<u32>>,
    /// MayContainStrings (static, #sec-static-semantics-maycontainstrings).
    may_strings: bool,
}

pub struct Parser {
    src: Vec<u32>,
    pos: usize,
    unicode: bool,
    sets: bool,
    /// The [N] grammar parameter: `\k` is a named back-reference.
    named: bool,
    icase: bool,
    multiline: bool,
    dot_all: bool,
    next_group: u32,
    total_groups: u32,
    names: Vec<(String, Vec<u32>)>,
    depth: usize,
}

fn is_syntax_char(c: u32) -> bool {
    matches!(
        char::from_u32(c),
        Some('^' | '$' | '\\' | '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|')
    )
}

fn hex_val(c: u32) -> Option<u32> {
    char::from_u32(c)?.to_digit(16)
}

fn is_lead(c: u32) -> bool {
    (0xD800..0xDC00).contains(&c)
}

fn is_trail(c: u32) -> bool {
    (0xDC00..0xE000).contains(&c)
}

fn combine(a: u32, b: u32) -> u32 {
    ((a - 0xD800) << 10) + (b - 0xDC00) + 0x10000
}

/// StringToCodePoints.
pub fn code_points(units: &[u16]) -> Vec<u32> {
    let mut out = Vec::with_capacity(units.len());
    let mut i = 0;
    while i < units.len() {
        let a = units[i] as u32;
        if is_lead(a) {
            if let Some(&b) = units.get(i + 1) {
                if is_trail(b as u32) {
                    out.push(combine(a, b as u32));
                    i += 2;
                    continue;
                }
            }
        }
        out.push(a);
        i += 1;
    }
    out
}

/// CharacterClassEscape :: d.
fn digits() -> CharSet {
    CharSet::range('0' as u32, '9' as u32)
}

/// WhiteSpace and LineTerminator code points (CharacterClassEscape :: s).
fn spaces() -> CharSet {
    CharSet::from_ranges(vec![
        (9, 13),
        (0x20, 0x20),
        (0xA0, 0xA0),
        (0x1680, 0x1680),
        (0x2000, 0x200A),
        (0x2028, 0x2029),
        (0x202F, 0x202F),
        (0x205F, 0x205F),
        (0x3000, 0x3000),
        (0xFEFF, 0xFEFF),
    ])
}

/// The basic word characters [A-Za-z0-9_].
pub fn basic_word() -> CharSet {
    CharSet::from_ranges(vec![(48, 57), (65, 90), (95, 95), (97, 122)])
}

/// WordCharacters(rer) (#sec-wordcharacters): with a Unicode flag and
/// ignoreCase, also the characters whose Canonicalize is a basic word
/// character (U+017F, U+212A).
pub fn word_chars(unicode: bool, icase: bool) -> CharSet {
    if unicode && icase {
        unicode::close_over_case(&basic_word(), true)
    } else {
        basic_word()
    }
}

fn line_terminators() -> CharSet {
    CharSet::from_ranges(vec![(10, 10), (13, 13), (0x2028, 0x2029)])
}

impl Parser {
    pub fn new(pattern: &[u16], flags: Flags) -> Parser {
        let unicode = flags.unicode || flags.unicode_sets;
        let src = if unicode {
            code_points(pattern)
        } else {
            pattern.iter().map(|&u| u as u32).collect()
        };
        Parser {
            src,
            pos: 0,
            unicode,
            sets: flags.unicode_sets,
            named: unicode,
            icase: flags.ignore_case,
            multiline: flags.multiline,
            dot_all: flags.dot_all,
            next_group: 1,
            total_groups: 0,
            names: Vec::new(),
            depth: 0,
        }
    }

    fn peek(&self) -> Option<u32> {
        self.src.get(self.pos).copied()
    }

    fn peek_at(&self, k: usize) -> Option<u32> {
        self.src.get(self.pos + k).copied()
    }

    fn is(&self, c: char) -> bool {
        self.peek() == Some(c as u32)
    }

    fn is_at(&self, k: usize, c: char) -> bool {
        self.peek_at(k) == Some(c as u32)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.is(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Counts the capturing groups and sees whether any is named, so that
    /// `\N` knows the group count before the groups are parsed and `\k`
    /// knows whether it is a named reference (the [N] parameter).
    fn prescan(&mut self) {
        let mut i = 0;
        let mut class_depth = 0usize;
        let s = &self.src;
        let ch = |i: usize, c: char| s.get(i) == Some(&(c as u32));
        while i < s.len() {
            if ch(i, '\\') {
                i += 2;
                continue;
            }
            if class_depth > 0 {
                if ch(i, ']') {
                    class_depth -= 1;
                } else if ch(i, '[') && self.sets {
                    class_depth += 1;
                }
            } else if ch(i, '[') {
                class_depth = 1;
            } else if ch(i, '(') {
                if !ch(i + 1, '?') {
                    self.total_groups += 1;
                } else if ch(i + 2, '<') && !ch(i + 3, '=') && !ch(i + 3, '!') {
                    self.total_groups += 1;
                    self.named = true;
                }
            }
            i += 1;
        }
    }

    fn flags(&self) -> (bool, bool, bool) {
        (self.icase, self.multiline, self.dot_all)
    }

    pub fn parse(mut self) -> PResult<Ast> {
        self.prescan();
        let mut frames: Vec<Frame> = vec![Frame::new(GroupKind::Root, self.flags(), 1)];
        loop {
            let Some(c) = self.peek() else {
                if frames.len() > 1 {
                    return Err("unterminated group".into());
                }
                break;
            };
            let top = frames.last_mut().unwrap();
            match char::from_u32(c) {
                Some('|') => {
                    self.pos += 1;
                    let seq = std::mem::take(&mut top.seq);
                    top.alts.push(concat(seq));
                    let cur = std::mem::take(&mut top.names_cur);
                    top.names_prev.extend(cur);
                }
                Some(')') => {
                    self.pos += 1;
                    if frames.len() == 1 {
                        return Err("unmatched ')'".into());
                    }
                    let f = frames.pop().unwrap();
                    self.depth -= 1;
                    (self.icase, self.multiline, self.dot_all) = f.saved;
                    let parent = frames.last_mut().unwrap();
                    parent.names_cur.extend(f.names_prev);
                    parent.names_cur.extend(f.names_cur);
                    let mut alts = f.alts;
                    alts.push(concat(f.seq));
                    let body = if alts.len() == 1 {
                        alts.pop().unwrap()
                    } else {
                        Node::Alt(alts)
                    };
                    let (node, quantifiable) = match f.kind {
                        GroupKind::Capture(index) => (
                            Node::Capture {
                                index,
                                body: Box::new(body),
                            },
                            true,
                        ),
                        GroupKind::NonCapture => (body, true),
                        // Annex B: QuantifiableAssertion (lookaheads only,
                        // non-Unicode mode only).
                        GroupKind::Look { behind, negate } => (
                            Node::Look {
                                behind,
                                negate,
                                body: Box::new(body),
                            },
                            !behind && !self.unicode,
                        ),
                        GroupKind::Root => unreachable!("the root frame is never popped"),
                    };
                    let atom = self.quantify(node, quantifiable, f.first_cap)?;
                    frames.last_mut().unwrap().seq.push(atom);
                }
                Some('(') => {
                    self.pos += 1;
                    let frame = self.open_group(&mut frames)?;
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        return Err("regular expression too deeply nested".into());
                    }
                    frames.push(frame);
                }
                Some('^') => {
                    self.pos += 1;
                    let a = Node::Assert(Assertion::Start {
                        multiline: self.multiline,
                    });
                    let a = self.quantify(a, false, 0)?;
                    frames.last_mut().unwrap().seq.push(a);
                }
                Some('$') => {
                    self.pos += 1;
                    let a = Node::Assert(Assertion::End {
                        multiline: self.multiline,
                    });
                    let a = self.quantify(a, false, 0)?;
                    frames.last_mut().unwrap().seq.push(a);
                }
                Some('*' | '+' | '?') => return Err("nothing to repeat".into()),
                Some('{') => {
                    if self.unicode {
                        return Err("nothing to repeat".into());
                    }
                    // Annex B: ExtendedPatternCharacter, unless it forms a
                    // quantifier (InvalidBracedQuantifier).
                    let save = self.pos;
                    if self.braced_quantifier()?.is_some() {
                        return Err("nothing to repeat".into());
                    }
                    self.pos = save + 1;
                    let first = self.next_group;
                    let a = self.quantify(Node::Char(c), true, first)?;
                    frames.last_mut().unwrap().seq.push(a);
                }
                Some('}' | ']') if self.unicode => return Err("lone quantifier brackets".into()),
                _ => {
                    let first = self.next_group;
                    let (atom, quantifiable) = self.atom()?;
                    let a = self.quantify(atom, quantifiable, first)?;
                    frames.last_mut().unwrap().seq.push(a);
                }
            }
        }
        let mut root = frames.pop().unwrap();
        let mut alts = std::mem::take(&mut root.alts);
        alts.push(concat(root.seq));
        let mut node = if alts.len() == 1 {
            alts.pop().unwrap()
        } else {
            Node::Alt(alts)
        };
        self.resolve_names(&mut node)?;
        Ok(Ast {
            node,
            groups: self.next_group - 1,
            names: self.names,
        })
    }

    /// After `(`: the kind of group, and its name checks.
    fn open_group(&mut self, frames: &mut [Frame]) -> PResult<Frame> {
        let saved = self.flags();
        if !self.eat('?') {
            let index = self.next_group;
            self.next_group += 1;
            return Ok(Frame::new(GroupKind::Capture(index), saved, index));
        }
        let first = self.next_group;
        let kind = match self.peek().and_then(char::from_u32) {
            Some(':') => {
                self.pos += 1;
                GroupKind::NonCapture
            }
            Some('=') => {
                self.pos += 1;
                GroupKind::Look {
                    behind: false,
                    negate: false,
                }
            }
            Some('!') => {
                self.pos += 1;
                GroupKind::Look {
                    behind: false,
                    negate: true,
                }
            }
            Some('<') if self.is_at(1, '=') || self.is_at(1, '!') => {
                let negate = self.is_at(1, '!');
                self.pos += 2;
                GroupKind::Look {
                    behind: true,
                    negate,
                }
            }
            Some('<') => {
                self.pos += 1;
                let name = self.group_name()?;
                // Early error: two groups of one name that can both
                // participate (#sec-patterns-static-semantics-early-errors).
                if frames.iter().any(|f| f.names_cur.contains(&name)) {
                    return Err("duplicate capture group name".into());
                }
                frames.last_mut().unwrap().names_cur.push(name.clone());
                let index = self.next_group;
                self.next_group += 1;
                match self.names.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, g)) => g.push(index),
                    None => self.names.push((name, vec![index])),
                }
                return Ok(Frame::new(GroupKind::Capture(index), saved, index));
            }
            _ => {
                self.modifiers()?;
                GroupKind::NonCapture
            }
        };
        Ok(Frame::new(kind, saved, first))
    }

    /// `(?ims-ims:` (#sec-patterns: RegularExpressionModifiers), applied to
    /// the parser's current flags.
    fn modifiers(&mut self) -> PResult<()> {
        let mut add = Vec::new();
        let mut remove = Vec::new();
        let mut minus = false;
        loop {
            match self.peek().and_then(char::from_u32) {
                Some(c @ ('i' | 'm' | 's')) => {
                    if add.contains(&c) || remove.contains(&c) {
                        return Err("repeated flag in modifiers".into());
                    }
                    if minus {
                        remove.push(c);
                    } else {
                        add.push(c);
                    }
                    self.pos += 1;
                }
                Some('-') if !minus => {
                    minus = true;
                    self.pos += 1;
                }
                Some(':') => {
                    self.pos += 1;
                    break;
                }
                _ => return Err("invalid group".into()),
            }
        }
        if minus && add.is_empty() && remove.is_empty() {
            return Err("invalid group modifiers".into());
        }
        for c in add {
            self.set_flag(c, true);
        }
        for c in remove {
            self.set_flag(c, false);
        }
        Ok(())
    }

    fn set_flag(&mut self, c: char, on: bool) {
        match c {
            'i' => self.icase = on,
            'm' => self.multiline = on,
            _ => self.dot_all = on,
        }
    }

    /// GroupName after `<`: RegExpIdentifierName `>`.
    fn group_name(&mut self) -> PResult<String> {
        let mut name = String::new();
        loop {
            let Some(mut c) = self.peek() else {
                return Err("invalid capture group name".into());
            };
            self.pos += 1;
            if c == '>' as u32 {
                break;
            }
            if c == '\\' as u32 {
                if !self.eat('u') {
                    return Err("invalid capture group name".into());
                }
                c = self.unicode_escape_in_name()?;
            } else if is_lead(c) {
                // Non-Unicode source: a surrogate pair is one code point
                // in a name (RegExpIdentifierCodePoint).
                if let Some(t) = self.peek().filter(|&t| is_trail(t)) {
                    self.pos += 1;
                    c = combine(c, t);
                }
            }
            let ok = if name.is_empty() {
                unicode::is_id_start(c)
            } else {
                unicode::is_id_continue(c)
            };
            match char::from_u32(c) {
                Some(ch) if ok => name.push(ch),
                _ => return Err("invalid capture group name".into()),
            }
        }
        if name.is_empty() {
            return Err("invalid capture group name".into());
        }
        Ok(name)
    }

    /// RegExpUnicodeEscapeSequence[+UnicodeMode] after `\u` (group names
    /// accept it in either mode).
    fn unicode_escape_in_name(&mut self) -> PResult<u32> {
        let save = self.unicode;
        self.unicode = true;
        let r = self.unicode_escape();
        self.unicode = save;
        r?.ok_or_else(|| "invalid capture group name".to_string())
    }

    /// After `\u`: `XXXX` (a lead and trail surrogate escape pair combine
    /// in Unicode mode) or `{X...}` in Unicode mode. None if malformed.
    fn unicode_escape(&mut self) -> PResult<Option<u32>> {
        if self.unicode && self.is('{') {
            let save = self.pos;
            self.pos += 1;
            let mut v: u32 = 0;
            let mut n = 0;
            while let Some(d) = self.peek().and_then(hex_val) {
                v = v.saturating_mul(16).saturating_add(d);
                if v > 0x10FFFF {
                    return Err("invalid Unicode escape".into());
                }
                n += 1;
                self.pos += 1;
            }
            if n == 0 || !self.eat('}') {
                self.pos = save;
                return Ok(None);
            }
            return Ok(Some(v));
        }
        let Some(v) = self.hex4(0) else {
            return Ok(None);
        };
        self.pos += 4;
        if self.unicode && is_lead(v) && self.is('\\') && self.is_at(1, 'u') {
            if let Some(t) = self.hex4(2).filter(|&t| is_trail(t)) {
                self.pos += 6;
                return Ok(Some(combine(v, t)));
            }
        }
        Ok(Some(v))
    }

    fn hex4(&self, off: usize) -> Option<u32> {
        let mut v = 0;
        for k in 0..4 {
            v = v * 16 + self.peek_at(off + k).and_then(hex_val)?;
        }
        Some(v)
    }

    /// A quantifier after an atom, if any. `first_cap` is the first
    /// capture index inside the atom.
    fn quantify(&mut self, atom: Node, quantifiable: bool, first_cap: u32) -> PResult<Node> {
        let (min, max) = match self.peek().and_then(char::from_u32) {
            Some('*') => {
                self.pos += 1;
                (0, INF)
            }
            Some('+') => {
                self.pos += 1;
                (1, INF)
            }
            Some('?') => {
                self.pos += 1;
                (0, 1)
            }
            Some('{') => {
                let save = self.pos;
                match self.braced_quantifier()? {
                    Some(q) => q,
                    None => {
                        if self.unicode {
                            return Err("incomplete quantifier".into());
                        }
                        self.pos = save;
                        return Ok(atom);
                    }
                }
            }
            _ => return Ok(atom),
        };
        if !quantifiable {
            return Err("nothing to repeat".into());
        }
        let greedy = !self.eat('?');
        Ok(Node::Repeat {
            body: Box::new(atom),
            min,
            max,
            greedy,
            caps: (first_cap, self.next_group),
        })
    }

    /// `{n}`, `{n,}`, `{n,m}` at `{`; None (position unspecified) if the
    /// text is not one.
    fn braced_quantifier(&mut self) -> PResult<Option<(u32, u32)>> {
        self.pos += 1;
        let Some(min) = self.decimal() else {
            return Ok(None);
        };
        let max = if self.eat(',') {
            if self.is('}') {
                None
            } else {
                match self.decimal() {
                    Some(m) => Some(m),
                    None => return Ok(None),
                }
            }
        } else {
            Some(min)
        };
        if !self.eat('}') {
            return Ok(None);
        }
        if let Some(m) = max {
            if min > m {
                return Err("numbers out of order in {} quantifier".into());
            }
        }
        let clamp = |v: u64| v.min(INF as u64) as u32;
        Ok(Some((clamp(min), max.map_or(INF, clamp))))
    }

    fn decimal(&mut self) -> Option<u64> {
        let start = self.pos;
        let mut v: u64 = 0;
        while let Some(d) = self.peek().and_then(|c| char::from_u32(c)?.to_digit(10)) {
            v = v.saturating_mul(10).saturating_add(d as u64);
            self.pos += 1;
        }
        (self.pos > start).then_some(v)
    }

    /// A literal character as a node: under ignoreCase, its case class.
    fn char_node(&self, c: u32) -> Node {
        if self.icase {
            let set = unicode::case_class(c, self.unicode);
            if set.single_char().is_none() {
                return Node::Set(set);
            }
        }
        Node::Char(c)
    }

    /// An Atom or an assertion escape; the bool says whether a quantifier
    /// may follow.
    fn atom(&mut self) -> PResult<(Node, bool)> {
        let c = self.peek().unwrap();
        self.pos += 1;
        match char::from_u32(c) {
            Some('.') => {
                let all = CharSet::range(0, max_char(self.unicode));
                let set = if self.dot_all {
                    all
                } else {
                    all.subtract(&line_terminators())
                };
                Ok((Node::Set(set), true))
            }
            Some('[') => {
                let node = if self.sets {
                    self.class_v_node()?
                } else {
                    self.class()?
                };
                Ok((node, true))
            }
            Some('\\') => self.atom_escape(),
            _ => Ok((self.char_node(c), true)),
        }
    }

    /// After `\` outside a class.
    fn atom_escape(&mut self) -> PResult<(Node, bool)> {
        let Some(c) = self.peek() else {
            return Err("\\ at end of pattern".into());
        };
        match char::from_u32(c) {
            Some('b' | 'B') => {
                self.pos += 1;
                let negate = c == 'B' as u32;
                let extra = self.unicode && self.icase;
                Ok((Node::Assert(Assertion::Word { negate, extra }), false))
            }
            Some('1'..='9') => {
                let save = self.pos;
                let n = self.decimal().unwrap_or(0);
                if n >= 1 && n <= self.total_groups as u64 {
                    return Ok((
                        Node::Backref {
                            groups: vec![n as u32],
                            icase: self.icase,
                        },
                        true,
                    ));
                }
                if self.unicode {
                    return Err("invalid escape".into());
                }
                // Annex B: a legacy octal escape, or an identity escape
                // of 8 or 9.
                self.pos = save;
                if c >= '8' as u32 {
                    self.pos += 1;
                    return Ok((self.char_node(c), true));
                }
                let v = self.legacy_octal();
                Ok((self.char_node(v), true))
            }
            Some('k') if self.named => {
                self.pos += 1;
                if !self.eat('<') {
                    return Err("invalid named reference".into());
                }
                let name = self.group_name()?;
                Ok((
                    Node::NamedBackref {
                        name,
                        icase: self.icase,
                    },
                    true,
                ))
            }
            _ => {
                if let Some(set) = self.class_escape()? {
                    return Ok((set, true));
                }
                let ch = self.character_escape(false)?;
                Ok((self.char_node(ch), true))
            }
        }
    }

    /// Annex B LegacyOctalEscapeSequence at an octal digit.
    fn legacy_octal(&mut self) -> u32 {
        let d = |p: &Parser, k| {
            p.peek_at(k)
                .filter(|&c| ('0' as u32..='7' as u32).contains(&c))
                .map(|c| c - '0' as u32)
        };
        let a = d(self, 0).unwrap_or(0);
        self.pos += 1;
        let Some(b) = d(self, 0) else { return a };
        if a > 3 {
            self.pos += 1;
            return a * 8 + b;
        }
        self.pos += 1;
        let Some(e) = d(self, 0) else {
            return a * 8 + b;
        };
        self.pos += 1;
        a * 64 + b * 8 + e
    }

    /// CharacterClassEscape (`\d \D \s \S \w \W \p{} \P{}`) at the letter,
    /// as a node, or None if the escape is not one. Properties of strings
    /// give a Strings node (`v` mode).
    fn class_escape(&mut self) -> PResult<Option<Node>> {
        let Some(v) = self.class_escape_value()? else {
            return Ok(None);
        };
        if !v.strings.is_empty() {
            return Ok(Some(self.strings_node(v)));
        }
        let set = if self.sets && self.icase {
            unicode::close_over_case(&v.set, true)
        } else if self.icase {
            unicode::close_over_case(&v.set, self.unicode)
        } else {
            v.set
        };
        Ok(Some(match set.single_char() {
            Some(c) => Node::Char(c),
            None => Node::Set(set),
        }))
    }

    /// The set of a CharacterClassEscape (complements taken within the
    /// mode's characters; in `v` mode with ignoreCase, in folded form).
    fn class_escape_value(&mut self) -> PResult<Option<ClassVal>> {
        let c = self.peek().and_then(char::from_u32);
        let (set, negate) = match c {
            Some('d') => (digits(), false),
            Some('D') => (digits(), true),
            Some('s') => (spaces(), false),
            Some('S') => (spaces(), true),
            Some('w') => (word_chars(self.unicode, self.icase), false),
            Some('W') => (word_chars(self.unicode, self.icase), true),
            Some('p' | 'P') if self.unicode => {
                self.pos += 1;
                let negate = c == Some('P');
                let p = self.property()?;
                if p.of_strings {
                    if negate {
                        return Err("invalid property name".into());
                    }
                    let mut v = ClassVal {
                        set: p.set,
                        strings: p.strings,
                        may_strings: true,
                    };
                    self.fold_val(&mut v);
                    return Ok(Some(v));
                }
                let mut v = ClassVal {
                    set: p.set,
                    ..Default::default()
                };
                self.fold_val(&mut v);
                if negate {
                    v.set = self.complement(&v.set);
                }
                return Ok(Some(v));
            }
            _ => return Ok(None),
        };
        self.pos += 1;
        let mut v = ClassVal {
            set,
            ..Default::default()
        };
        self.fold_val(&mut v);
        if negate {
            v.set = self.complement(&v.set);
        }
        Ok(Some(v))
    }

    /// CharacterComplement: within AllCharacters(rer).
    fn complement(&self, set: &CharSet) -> CharSet {
        if self.sets && self.icase {
            unicode::folded_all().subtract(set)
        } else {
            set.complement(max_char(self.unicode))
        }
    }

    /// MaybeSimpleCaseFolding (`v` mode with ignoreCase).
    fn fold_val(&self, v: &mut ClassVal) {
        if self.sets && self.icase {
            v.set = unicode::fold_set(&v.set);
            for s in &mut v.strings {
                for c in s.iter_mut() {
                    *c = unicode::simple_fold(*c);
                }
            }
        }
    }

    /// `{Name}` or `{Name=Value}` after `\p`.
    fn property(&mut self) -> PResult<unicode::Property> {
        if !self.eat('{') {
            return Err("invalid property name".into());
        }
        let mut name = String::new();
        let mut value: Option<String> = None;
        loop {
            let Some(c) = self.peek() else {
                return Err("invalid property name".into());
            };
            self.pos += 1;
            match char::from_u32(c) {
                Some('}') => break,
                Some('=') if value.is_none() => value = Some(String::new()),
                Some(ch) if ch.is_ascii_alphanumeric() || ch == '_' => match &mut value {
                    Some(v) => v.push(ch),
                    None => name.push(ch),
                },
                _ => return Err("invalid property name".into()),
            }
        }
        if name.is_empty() || value.as_deref() == Some("") {
            return Err("invalid property name".into());
        }
        unicode::property(&name, value.as_deref(), self.sets)
            .ok_or_else(|| "invalid property name".to_string())
    }

    /// CharacterEscape at the character after `\` (`in_class` enables the
    /// Annex B ClassControlLetter forms). Leaves `c` unconsumed for the
    /// Annex B `\c` that is a literal backslash.
    fn character_escape(&mut self, in_class: bool) -> PResult<u32> {
        let c = self.peek().unwrap();
        self.pos += 1;
        let v = match char::from_u32(c) {
            Some('f') => 0xC,
            Some('n') => 0xA,
            Some('r') => 0xD,
            Some('t') => 9,
            Some('v') => 0xB,
            Some('c') => {
                let next = self.peek().and_then(char::from_u32);
                match next {
                    Some(l) if l.is_ascii_alphabetic() => {
                        self.pos += 1;
                        l as u32 % 32
                    }
                    Some(l) if in_class && !self.unicode && (l.is_ascii_digit() || l == '_') => {
                        self.pos += 1;
                        l as u32 % 32
                    }
                    _ => {
                        if self.unicode {
                            return Err("invalid unicode escape".into());
                        }
                        // Annex B: `\` [lookahead = c] is the backslash.
                        self.pos -= 1;
                        '\\' as u32
                    }
                }
            }
            Some('0')
                if !self
                    .peek()
                    .is_some_and(|d| ('0' as u32..='9' as u32).contains(&d)) =>
            {
                0
            }
            // Annex B: a legacy octal escape (`\01`).
            Some('0'..='7') if !self.unicode => {
                self.pos -= 1;
                self.legacy_octal()
            }
            Some('x') => match (
                self.peek().and_then(hex_val),
                self.peek_at(1).and_then(hex_val),
            ) {
                (Some(a), Some(b)) => {
                    self.pos += 2;
                    a * 16 + b
                }
                _ if self.unicode => return Err("invalid escape".into()),
                _ => c,
            },
            Some('u') => match self.unicode_escape()? {
                Some(v) => v,
                None if self.unicode => return Err("invalid Unicode escape".into()),
                None => c,
            },
            _ if is_syntax_char(c) || c == '/' as u32 => c,
            Some('-') if self.unicode && in_class => c,
            _ if self.unicode => return Err("invalid escape".into()),
            // Annex B IdentityEscape: anything but `c`, and `k` when named
            // groups exist.
            Some('k') if self.named => return Err("invalid named reference".into()),
            _ => c,
        };
        Ok(v)
    }

    /// A non-`v` CharacterClass after `[`.
    fn class(&mut self) -> PResult<Node> {
        let negate = self.eat('^');
        let mut set = CharSet::new();
        loop {
            let Some(c) = self.peek() else {
                return Err("unterminated character class".into());
            };
            if c == ']' as u32 {
                self.pos += 1;
                break;
            }
            let a = self.class_atom()?;
            if self.is('-') && self.peek_at(1).is_some_and(|n| n != ']' as u32) {
                self.pos += 1;
                let b = self.class_atom()?;
                match (&a, &b) {
                    (Ok(x), Ok(y)) => {
                        if x > y {
                            return Err("range out of order in character class".into());
                        }
                        set.add_range(*x, *y);
                    }
                    _ if self.unicode => return Err("invalid character class".into()),
                    _ => {
                        // Annex B: a class escape at either end makes the
                        // `-` a literal.
                        for v in [a, Ok('-' as u32), b] {
                            match v {
                                Ok(ch) => set.add(ch),
                                Err(s) => set = set.union(&s),
                            }
                        }
                    }
                }
                continue;
            }
            match a {
                Ok(ch) => set.add(ch),
                Err(s) => set = set.union(&s),
            }
        }
        // CharacterClass evaluation: the canonicalized compare, then the
        // inversion (CharacterSetMatcher with invert).
        let mut set = if self.icase {
            unicode::close_over_case(&set, self.unicode)
        } else {
            set
        };
        if negate {
            set = set.complement(max_char(self.unicode));
        }
        Ok(Node::Set(set))
    }

    /// ClassAtom: a character (Ok) or the set of a class escape (Err).
    fn class_atom(&mut self) -> PResult<Result<u32, CharSet>> {
        let c = self.peek().unwrap();
        self.pos += 1;
        if c != '\\' as u32 {
            return Ok(Ok(c));
        }
        let Some(e) = self.peek() else {
            return Err("\\ at end of pattern".into());
        };
        match char::from_u32(e) {
            Some('b') => {
                self.pos += 1;
                Ok(Ok(8))
            }
            Some('-') if self.unicode => {
                self.pos += 1;
                Ok(Ok('-' as u32))
            }
            Some('d' | 'D' | 's' | 'S' | 'w' | 'W') => {
                let icase = self.icase;
                // The class closes over case as a whole; the escape's own
                // set must be the plain one.
                self.icase = false;
                let w = if matches!(char::from_u32(e), Some('w' | 'W')) {
                    Some(word_chars(self.unicode, icase))
                } else {
                    None
                };
                let v = self.class_escape_value();
                self.icase = icase;
                let mut v = v?.unwrap();
                if let Some(w) = w {
                    v.set = if e == 'w' as u32 {
                        w
                    } else {
                        w.complement(max_char(self.unicode))
                    };
                }
                Ok(Err(v.set))
            }
            Some('p' | 'P') if self.unicode => {
                let v = self.class_escape_value()?.unwrap();
                Ok(Err(v.set))
            }
            Some('0'..='9') => {
                if self.unicode {
                    if e == '0' as u32
                        && !self
                            .peek_at(1)
                            .is_some_and(|d| ('0' as u32..='9' as u32).contains(&d))
                    {
                        self.pos += 1;
                        return Ok(Ok(0));
                    }
                    return Err("invalid class escape".into());
                }
                if e >= '8' as u32 {
                    self.pos += 1;
                    return Ok(Ok(e));
                }
                Ok(Ok(self.legacy_octal()))
            }
            Some('B') if self.unicode => Err("invalid class escape".into()),
            Some('k') if self.unicode => Err("invalid class escape".into()),
            _ => Ok(Ok(self.character_escape(true)?)),
        }
    }

    /// A `v` mode class after `[`, as a node.
    fn class_v_node(&mut self) -> PResult<Node> {
        let v = self.class_v()?;
        if v.strings.is_empty() {
            return Ok(self.set_node_folded(v.set));
        }
        Ok(self.strings_node(v))
    }

    /// A `v` mode set (already folded under ignoreCase) as a node.
    fn set_node_folded(&self, set: CharSet) -> Node {
        let set = if self.icase {
            unicode::close_over_case(&set, true)
        } else {
            set
        };
        match set.single_char() {
            Some(c) => Node::Char(c),
            None => Node::Set(set),
        }
    }

    fn strings_node(&self, v: ClassVal) -> Node {
        let set = if self.icase {
            unicode::close_over_case(&v.set, true)
        } else {
            v.set
        };
        let mut strings = v.strings;
        // Longest strings first (CompileAtom for a class with strings).
        strings.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        strings.dedup();
        Node::Strings {
            strings,
            set,
            icase: self.icase,
        }
    }

    /// ClassSetExpression after `[` (#prod-ClassSetExpression).
    fn class_v(&mut self) -> PResult<ClassVal> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("regular expression too deeply nested".into());
        }
        let negate = self.eat('^');
        let mut acc = ClassVal::default();
        if !self.eat(']') {
            let (first, first_range) = self.class_set_operand(true)?;
            let op_follows =
                (self.is('&') && self.is_at(1, '&')) || (self.is('-') && self.is_at(1, '-'));
            if first_range && op_follows {
                return Err("invalid set operation in character class".into());
            }
            if self.is('&') && self.is_at(1, '&') {
                acc = first;
                while self.is('&') && self.is_at(1, '&') {
                    self.pos += 2;
                    if self.is('&') {
                        return Err("invalid set operation in character class".into());
                    }
                    let (op, range) = self.class_set_operand(false)?;
                    if range {
                        return Err("invalid set operation in character class".into());
                    }
                    acc = intersect_val(acc, op);
                }
            } else if self.is('-') && self.is_at(1, '-') {
                acc = first;
                while self.is('-') && self.is_at(1, '-') {
                    self.pos += 2;
                    let (op, range) = self.class_set_operand(false)?;
                    if range {
                        return Err("invalid set operation in character class".into());
                    }
                    acc = subtract_val(acc, op);
                }
            } else {
                acc = first;
                loop {
                    if self.is(']') {
                        break;
                    }
                    if (self.is('&') && self.is_at(1, '&')) || (self.is('-') && self.is_at(1, '-'))
                    {
                        return Err("invalid set operation in character class".into());
                    }
                    let (op, _) = self.class_set_operand(true)?;
                    acc = union_val(acc, op);
                }
            }
            if !self.eat(']') {
                return Err(if self.peek().is_none() {
                    "unterminated character class".into()
                } else {
                    "invalid set operation in character class".into()
                });
            }
        }
        self.depth -= 1;
        if negate {
            if acc.may_strings {
                return Err("negated character class may contain strings".into());
            }
            acc.set = self.complement(&acc.set);
        }
        Ok(acc)
    }

    /// A ClassSetOperand, or a ClassSetRange when `allow_range`; the bool
    /// says it was a range or a single character (which `&&`/`--` reject
    /// only as ranges).
    fn class_set_operand(&mut self, allow_range: bool) -> PResult<(ClassVal, bool)> {
        let Some(c) = self.peek() else {
            return Err("unterminated character class".into());
        };
        if c == '[' as u32 {
            self.pos += 1;
            return Ok((self.class_v()?, false));
        }
        if c == '\\' as u32 {
            self.pos += 1;
            if self.eat('q') {
                return Ok((self.class_strings()?, false));
            }
            if let Some(v) = self.class_escape_value()? {
                return Ok((v, false));
            }
            self.pos -= 1;
        }
        let a = self.class_set_character()?;
        if allow_range && self.is('-') && !self.is_at(1, '-') {
            self.pos += 1;
            let b = self.class_set_character()?;
            if a > b {
                return Err("range out of order in character class".into());
            }
            let mut v = ClassVal {
                set: CharSet::range(a, b),
                ..Default::default()
            };
            self.fold_val(&mut v);
            return Ok((v, true));
        }
        let mut v = ClassVal {
            set: CharSet::single(a),
            ..Default::default()
        };
        self.fold_val(&mut v);
        Ok((v, false))
    }

    /// ClassSetCharacter (#prod-ClassSetCharacter).
    fn class_set_character(&mut self) -> PResult<u32> {
        let Some(c) = self.peek() else {
            return Err("unterminated character class".into());
        };
        let ch = char::from_u32(c);
        if c == '\\' as u32 {
            self.pos += 1;
            let Some(e) = self.peek() else {
                return Err("\\ at end of pattern".into());
            };
            if e == 'b' as u32 {
                self.pos += 1;
                return Ok(8);
            }
            // \ ClassSetReservedPunctuator.
            if "&-!#%,:;<=>@`~".contains(char::from_u32(e).unwrap_or('\0')) {
                self.pos += 1;
                return Ok(e);
            }
            return self.character_escape(true);
        }
        // ClassSetReservedDoublePunctuator.
        if let Some(p) = ch {
            if "&!#$%*+,.:;<=>?@^`~".contains(p) && self.peek_at(1) == Some(c) {
                return Err("invalid set operation in character class".into());
            }
            // ClassSetSyntaxCharacter.
            if "()[]{}/-|".contains(p) {
                return Err("invalid character in character class".into());
            }
        }
        self.pos += 1;
        Ok(c)
    }

    /// ClassStringDisjunction after `\q`: `{` alternatives `}`.
    fn class_strings(&mut self) -> PResult<ClassVal> {
        if !self.eat('{') {
            return Err("invalid escape".into());
        }
        let mut v = ClassVal::default();
        let mut cur: Vec<u32> = Vec::new();
        loop {
            let end = self.eat('}');
            if end || self.eat('|') {
                let s = std::mem::take(&mut cur);
                if s.len() == 1 {
                    v.set.add(s[0]);
                } else {
                    v.may_strings = true;
                    v.strings.push(s);
                }
                if end {
                    break;
                }
                continue;
            }
            if self.peek().is_none() {
                return Err("unterminated character class".into());
            }
            cur.push(self.class_set_character()?);
        }
        v.set = CharSet::from_ranges(v.set.ranges().to_vec());
        self.fold_val(&mut v);
        Ok(v)
    }

    /// Replaces `\k<name>` by the groups of that name (early error when
    /// there is none).
    fn resolve_names(&self, node: &mut Node) -> PResult<()> {
        match node {
            Node::NamedBackref { name, icase } => {
                let Some((_, groups)) = self.names.iter().find(|(n, _)| n == name) else {
                    return Err("invalid named capture referenced".into());
                };
                *node = Node::Backref {
                    groups: groups.clone(),
                    icase: *icase,
                };
            }
            Node::Capture { body, .. } | Node::Look { body, .. } | Node::Repeat { body, .. } => {
                self.resolve_names(body)?
            }
            Node::Concat(v) | Node::Alt(v) => {
                for n in v {
                    self.resolve_names(n)?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

fn concat(mut seq: Vec<Node>) -> Node {
    match seq.len() {
        0 => Node::Empty,
        1 => seq.pop().unwrap(),
        _ => Node::Concat(seq),
    }
}

fn union_val(mut a: ClassVal, b: ClassVal) -> ClassVal {
    a.set = a.set.union(&b.set);
    for s in b.strings {
        if !a.strings.contains(&s) {
            a.strings.push(s);
        }
    }
    a.may_strings |= b.may_strings;
    a
}

fn intersect_val(mut a: ClassVal, b: ClassVal) -> ClassVal {
    a.set = a.set.intersect(&b.set);
    a.strings.retain(|s| b.strings.contains(s));
    a.may_strings &= b.may_strings;
    a
}

fn subtract_val(mut a: ClassVal, b: ClassVal) -> ClassVal {
    a.set = a.set.subtract(&b.set);
    a.strings.retain(|s| !b.strings.contains(s));
    a
}

/// Parses `pattern` (code units) under `flags`.
pub fn parse(pattern: &[u16], flags: Flags) -> PResult<Ast> {
    Parser::new(pattern, flags).parse()
}
