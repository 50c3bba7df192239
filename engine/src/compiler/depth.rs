//! Bounds on how deeply the parser and the passes after it recurse, taken
//! from the source text before it is parsed.
//!
//! `oxc_parser` is recursive descent without a depth limit, and
//! `oxc_semantic` walks the tree recursively: neither can be made to stop
//! part way, so input that would make them recurse past the stack they run
//! on is refused here, with a SyntaxError, before they see it.
//!
//! The scan is a rough tokenizer (strings, templates, comments and regular
//! expression literals are skipped properly; everything else is one
//! character or one word at a time) that keeps two estimates:
//!
//! - `depth`, the parser's recursion: open brackets, runs of prefix
//!   operators (`!!!!x`, `typeof typeof x`, `new new X`), and the
//!   right-recursive forms (`a = b = c`, `a ? b : c ? d : e`, `x => y => z`,
//!   `a ** b ** c`, `if (a) if (b) …`, `else if` chains, nested labels).
//! - `tree`, the depth of the tree that comes out: `depth` plus the
//!   left-deep chains the parser builds in a loop (`a + b + c`, `a.b().c()`),
//!   which cost the parser nothing but make every later pass recurse once
//!   per link.
//!
//! Both are over-estimates for real code (which stays far below the limits)
//! and the limits were measured against the stack the compiler runs on
//! (see `compile_on_stack`): each construct generated at the limit parses,
//! is checked and is compiled without overflow.

/// The parser recursion refused (several times deeper than real code).
pub(crate) const MAX_PARSE_DEPTH: u32 = 10_000;
/// The tree depth refused (left-deep chains of 100,000 links still pass).
pub(crate) const MAX_TREE_DEPTH: u32 = 250_000;

/// Parameters one function may declare (V8's limit; parameters take
/// 16-bit registers).
pub(crate) const MAX_PARAMETERS: u32 = 65_535;

/// Where the scan found the input too deep: the offset and which limit.
#[derive(Debug)]
pub(crate) struct TooDeep {
    pub offset: u32,
    pub message: &'static str,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Top,
    Paren,
    Bracket,
    /// A `{`; `block` when it opens statements (then its `}` ends one).
    Brace {
        block: bool,
    },
    /// `${` inside a template literal: its `}` resumes the template.
    Template,
}

/// One open bracket: the estimates to restore when it closes and the
/// floors its contents start from.
struct Level {
    kind: Kind,
    saved: (u32, u32),
    base: (u32, u32),
    floor: (u32, u32),
    /// The floor before the last statement boundary (for `else`).
    before_reset: (u32, u32),
    /// Commas directly inside this bracket.
    commas: u32,
    /// A `(` right after `if`, `while`, `for`, `switch`, `with`, `catch`:
    /// never a parameter list.
    keyword_paren: bool,
}

/// What came before, as far as the next token's meaning depends on it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Prev {
    Start,
    /// An identifier, literal or closing bracket: an operator may follow.
    Operand,
    /// An identifier that could be a label (`a:` at a statement start).
    LabelCandidate,
    /// A punctuator or keyword after which a block `{` starts statements.
    BlockBefore,
    /// Any other punctuator or keyword: an operand follows.
    Other,
}

struct Scan<'s> {
    src: &'s [u8],
    i: usize,
    levels: Vec<Level>,
    /// Current parser-recursion and tree-depth estimates.
    depth: u32,
    tree: u32,
    prev: Prev,
    /// The token before `prev` started a statement (for labels).
    stmt_start: bool,
    /// A line break followed an operand: the next token may start a new
    /// statement (automatic semicolon insertion).
    newline_after_operand: bool,
    /// The previous token was `)` (a `{` after it opens a block).
    after_paren: bool,
    /// The previous token was `if`, `while`, `for`, `switch`, `with` or
    /// `catch`.
    after_keyword: bool,
    /// Where a parenthesised list longer than `MAX_PARAMETERS` just ended
    /// (a parameter list if `{` or `=>` follows).
    long_list_end: Option<usize>,
}

/// Check `src` against both limits.
pub(crate) fn check_nesting(src: &str) -> Result<(), TooDeep> {
    let mut s = Scan {
        src: src.as_bytes(),
        i: 0,
        levels: vec![Level {
            kind: Kind::Top,
            saved: (0, 0),
            base: (0, 0),
            floor: (0, 0),
            before_reset: (0, 0),
            commas: 0,
            keyword_paren: false,
        }],
        depth: 0,
        tree: 0,
        prev: Prev::Start,
        stmt_start: true,
        newline_after_operand: false,
        after_paren: false,
        after_keyword: false,
        long_list_end: None,
    };
    s.run()
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b'$' || b == b'\\' || b >= 0x80
}

fn is_ident_part(b: u8) -> bool {
    is_ident_start(b) || b.is_ascii_digit()
}

impl Scan<'_> {
    fn peek(&self, k: usize) -> u8 {
        self.src.get(self.i + k).copied().unwrap_or(0)
    }

    fn level(&mut self) -> &mut Level {
        let n = self.levels.len();
        &mut self.levels[n - 1]
    }

    fn expect_operand(&self) -> bool {
        !matches!(self.prev, Prev::Operand | Prev::LabelCandidate)
    }

    fn check(&self, at: usize) -> Result<(), TooDeep> {
        if self.depth > MAX_PARSE_DEPTH {
            return Err(TooDeep {
                offset: at as u32,
                message: "Expression or statement nested too deeply",
            });
        }
        if self.tree > MAX_TREE_DEPTH {
            return Err(TooDeep {
                offset: at as u32,
                message: "Expression or statement chain too long",
            });
        }
        Ok(())
    }

    /// A transient step (a prefix operator): gone once its operand ends.
    fn prefix(&mut self, at: usize) -> Result<(), TooDeep> {
        self.depth += 1;
        self.tree += 1;
        self.check(at)
    }

    /// A right-recursive step: stays until the statement or list item ends.
    fn right(&mut self, at: usize) -> Result<(), TooDeep> {
        let l = self.level();
        l.floor.0 += 1;
        l.floor.1 += 1;
        let f = l.floor;
        self.depth = self.depth.max(f.0);
        self.tree = self.tree.max(f.1);
        self.check(at)
    }

    /// A link of a left-deep chain: deepens the tree, not the parser.
    fn chain(&mut self, at: usize) -> Result<(), TooDeep> {
        let l = self.level();
        l.floor.1 += 1;
        let f = l.floor.1;
        self.tree = self.tree.max(f);
        self.check(at)
    }

    /// An operand ended: the prefix operators before it are done.
    fn operand_end(&mut self) {
        let f = self.level().floor;
        self.depth = f.0;
        self.tree = f.1;
    }

    /// A statement or list item ended.
    fn reset(&mut self) {
        let l = self.level();
        l.before_reset = l.floor;
        l.floor = l.base;
        let f = l.floor;
        self.depth = f.0;
        self.tree = f.1;
    }

    fn open(&mut self, kind: Kind, at: usize) -> Result<(), TooDeep> {
        let saved = (self.depth, self.tree);
        let inner = (self.depth + 1, self.tree + 1);
        let keyword_paren = kind == Kind::Paren && std::mem::take(&mut self.after_keyword);
        self.levels.push(Level {
            kind,
            saved,
            base: inner,
            floor: inner,
            before_reset: inner,
            commas: 0,
            keyword_paren,
        });
        self.depth = inner.0;
        self.tree = inner.1;
        self.prev = Prev::Other;
        self.check(at)
    }

    /// Close the innermost bracket; returns its kind.
    fn close(&mut self) -> Kind {
        if self.levels.len() == 1 {
            // Unbalanced: the parser will report it.
            return Kind::Top;
        }
        let l = self.levels.pop().unwrap_or_else(|| unreachable!());
        if l.kind == Kind::Paren && !l.keyword_paren && l.commas >= MAX_PARAMETERS {
            self.long_list_end = Some(self.i);
        }
        self.depth = l.saved.0;
        self.tree = l.saved.1;
        l.kind
    }

    fn run(&mut self) -> Result<(), TooDeep> {
        if self.src.starts_with(b"#!") {
            self.skip_line();
        }
        while self.i < self.src.len() {
            let b = self.src[self.i];
            match b {
                b'\n' | b'\r' => {
                    self.line_break();
                    self.i += 1;
                }
                b' ' | b'\t' | 0x0b | 0x0c => self.i += 1,
                b'/' if self.peek(1) == b'/' => self.skip_line(),
                b'/' if self.peek(1) == b'*' => self.skip_block_comment(),
                _ => self.token(b)?,
            }
        }
        Ok(())
    }

    fn line_break(&mut self) {
        if !self.expect_operand() {
            self.newline_after_operand = true;
        }
    }

    fn skip_line(&mut self) {
        while self.i < self.src.len() && !matches!(self.src[self.i], b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn skip_block_comment(&mut self) {
        self.i += 2;
        while self.i < self.src.len() {
            if self.src[self.i] == b'*' && self.peek(1) == b'/' {
                self.i += 2;
                return;
            }
            if matches!(self.src[self.i], b'\n' | b'\r') {
                self.line_break();
            }
            self.i += 1;
        }
    }

    /// Before a token that can start a statement: a pending line break
    /// after an operand ends the statement there.
    /// An operand starts here: a line break before it may end the
    /// previous statement (ASI), and only that break counts.
    fn operand_begins(&mut self, nl: bool) {
        self.newline_after_operand = nl;
        self.statement_may_start();
        self.newline_after_operand = false;
    }

    fn statement_may_start(&mut self) {
        if self.newline_after_operand {
            self.reset();
            self.stmt_start = true;
        }
    }

    fn token(&mut self, b: u8) -> Result<(), TooDeep> {
        let at = self.i;
        let nl = std::mem::take(&mut self.newline_after_operand);
        let was_stmt_start = std::mem::replace(&mut self.stmt_start, false);
        let after_paren = std::mem::take(&mut self.after_paren);
        let after_keyword = std::mem::take(&mut self.after_keyword);
        if let Some(end) = self.long_list_end.take() {
            // `(p0, …, p65535) {` or `=> …`: too many parameters (a call
            // that long could not be compiled either).
            if b == b'{' || (b == b'=' && self.peek(1) == b'>') {
                return Err(TooDeep {
                    offset: end as u32,
                    message: "Too many parameters in function definition",
                });
            }
        }
        if is_ident_start(b) {
            let start = self.i;
            while self.i < self.src.len() && is_ident_part(self.src[self.i]) {
                self.i += 1;
            }
            let word = &self.src[start..self.i];
            if !matches!(word, b"in" | b"instanceof" | b"of") {
                self.operand_begins(nl);
            }
            return self.word(word, at, was_stmt_start || self.stmt_start);
        }
        if b.is_ascii_digit() || (b == b'.' && self.peek(1).is_ascii_digit()) {
            self.operand_begins(nl);
            self.skip_number();
            self.operand_end();
            self.prev = Prev::Operand;
            return Ok(());
        }
        match b {
            b'\'' | b'"' => {
                self.operand_begins(nl);
                self.skip_string(b);
                self.operand_end();
                self.prev = Prev::Operand;
            }
            b'`' => {
                self.operand_begins(nl);
                if !self.expect_operand() {
                    // A tagged template: one more link of the chain.
                    self.chain(at)?;
                }
                self.i += 1;
                self.template_part(at)?;
            }
            b'(' | b'[' => {
                if !self.expect_operand() {
                    // A call or an index: a link of the chain.
                    self.chain(at)?;
                }
                self.i += 1;
                self.after_keyword = after_keyword;
                self.open(
                    if b == b'(' {
                        Kind::Paren
                    } else {
                        Kind::Bracket
                    },
                    at,
                )?;
            }
            b'{' => {
                self.operand_begins(nl);
                let block = matches!(self.prev, Prev::Start | Prev::BlockBefore) || after_paren;
                self.i += 1;
                self.open(Kind::Brace { block }, at)?;
                self.stmt_start = block;
            }
            b')' | b']' => {
                self.i += 1;
                self.after_paren = b == b')';
                self.close();
                self.operand_end();
                self.prev = Prev::Operand;
            }
            b'}' => {
                self.i += 1;
                match self.close() {
                    Kind::Template => self.template_part(at)?,
                    Kind::Brace { block: true } => {
                        self.reset();
                        self.prev = Prev::BlockBefore;
                        self.stmt_start = true;
                    }
                    _ => {
                        self.operand_end();
                        self.prev = Prev::Operand;
                    }
                }
            }
            b';' => {
                self.i += 1;
                self.reset();
                self.prev = Prev::BlockBefore;
                self.stmt_start = true;
            }
            b',' => {
                self.i += 1;
                self.level().commas += 1;
                self.reset();
                self.prev = Prev::Other;
            }
            b'/' if self.expect_operand() => {
                self.operand_begins(nl);
                self.skip_regexp();
                self.operand_end();
                self.prev = Prev::Operand;
            }
            b'!' | b'~' if self.peek(1) != b'=' || b == b'~' => {
                self.operand_begins(nl);
                self.i += 1;
                self.prefix(at)?;
                self.prev = Prev::Other;
            }
            _ => self.punctuator(b, at)?,
        }
        Ok(())
    }

    fn punctuator(&mut self, b: u8, at: usize) -> Result<(), TooDeep> {
        let p1 = self.peek(1);
        let p2 = self.peek(2);
        let operand_before = !self.expect_operand();
        match b {
            b'?' if p1 == b'.' && !self.peek(2).is_ascii_digit() => {
                self.i += 2;
                // `a?.b`, `a?.(x)`, `a?.[x]`: a chain link.
                self.chain(at)?;
                self.prev = Prev::Other;
                if matches!(self.peek(0), b'(' | b'[') {
                    // The bracket after `?.` is part of the same link.
                    self.prev = Prev::Operand;
                }
                return Ok(());
            }
            b'?' if p1 == b'?' => {
                self.i += if p2 == b'=' { 3 } else { 2 };
                if p2 == b'=' {
                    self.right(at)?;
                } else {
                    self.chain(at)?;
                }
            }
            b'?' => {
                self.i += 1;
                self.right(at)?;
            }
            b':' => {
                self.i += 1;
                if self.prev == Prev::LabelCandidate {
                    // A label: the labelled statement is parsed inside it.
                    self.right(at)?;
                    self.prev = Prev::BlockBefore;
                    self.stmt_start = true;
                    return Ok(());
                }
            }
            b'=' if p1 == b'>' => {
                self.i += 2;
                self.right(at)?;
                self.prev = Prev::BlockBefore;
                return Ok(());
            }
            b'=' if p1 == b'=' => {
                self.i += if p2 == b'=' { 3 } else { 2 };
                self.chain(at)?;
            }
            b'=' => {
                self.i += 1;
                self.right(at)?;
            }
            b'*' if p1 == b'*' => {
                self.i += if p2 == b'=' { 3 } else { 2 };
                self.right(at)?;
            }
            b'.' if p1 == b'.' && p2 == b'.' => {
                self.i += 3;
                self.prefix(at)?;
            }
            b'.' => {
                self.i += 1;
                self.chain(at)?;
            }
            b'+' | b'-' if p1 == b => {
                self.i += 2;
                if operand_before {
                    // Postfix: the operand continues.
                    return Ok(());
                }
                self.prefix(at)?;
            }
            b'+' | b'-' if !operand_before => {
                self.i += 1;
                self.prefix(at)?;
            }
            b'!' => {
                // `!=` or `!==` (a lone `!` is a prefix, handled before).
                self.i += if p2 == b'=' { 3 } else { 2 };
                self.chain(at)?;
            }
            b'+' | b'-' | b'*' | b'%' | b'&' | b'|' | b'^' | b'<' | b'>' | b'/' => {
                // A binary operator (`&&`, `<<`, `>>>` repeat their
                // character), possibly a compound assignment.
                let start = self.i;
                self.i += 1;
                let doubles = matches!(b, b'&' | b'|' | b'<' | b'>');
                while doubles && self.peek(0) == b && self.i - start < if b == b'>' { 3 } else { 2 }
                {
                    self.i += 1;
                }
                let single = self.i - start == 1;
                if self.peek(0) == b'=' && !(single && matches!(b, b'<' | b'>')) {
                    self.i += 1;
                    self.right(at)?;
                } else {
                    if self.peek(0) == b'=' {
                        self.i += 1;
                    }
                    self.chain(at)?;
                }
            }
            _ => {
                // Anything else (`#`, `@`, stray characters): one byte.
                self.i += 1;
            }
        }
        self.prev = Prev::Other;
        Ok(())
    }

    fn word(&mut self, word: &[u8], at: usize, stmt_start: bool) -> Result<(), TooDeep> {
        match word {
            b"typeof" | b"void" | b"delete" | b"await" | b"new" | b"extends" => {
                self.prefix(at)?;
                self.prev = Prev::Other;
            }
            b"yield" | b"if" | b"for" | b"while" | b"with" => {
                self.right(at)?;
                self.prev = Prev::Other;
                self.after_keyword = word != b"yield";
            }
            b"switch" | b"catch" => {
                self.prev = Prev::Other;
                self.after_keyword = true;
            }
            b"else" => {
                // `else if …`: the chain continues inside the `if`, across
                // the `;` or `}` that ended its consequent.
                let l = self.level();
                let r = l.before_reset;
                l.floor.0 = l.floor.0.max(r.0);
                l.floor.1 = l.floor.1.max(r.1);
                self.right(at)?;
                self.prev = Prev::BlockBefore;
                self.stmt_start = true;
            }
            b"do" | b"try" | b"finally" => {
                self.right(at)?;
                self.prev = Prev::BlockBefore;
                self.stmt_start = true;
            }
            b"in" | b"instanceof" | b"of" => {
                self.chain(at)?;
                self.prev = Prev::Other;
            }
            b"return" | b"throw" | b"case" | b"export" | b"default" => {
                self.prev = Prev::Other;
            }
            _ => {
                self.operand_end();
                self.prev = if stmt_start {
                    Prev::LabelCandidate
                } else {
                    Prev::Operand
                };
            }
        }
        Ok(())
    }

    fn skip_number(&mut self) {
        let radix = self.peek(0) == b'0' && matches!(self.peek(1) | 0x20, b'x' | b'o' | b'b');
        while self.i < self.src.len() {
            let c = self.src[self.i];
            if matches!(c, b'e' | b'E') && matches!(self.peek(1), b'+' | b'-') && !radix {
                self.i += 2;
                continue;
            }
            if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' {
                self.i += 1;
            } else {
                break;
            }
        }
    }

    fn skip_string(&mut self, quote: u8) {
        self.i += 1;
        while self.i < self.src.len() {
            let c = self.src[self.i];
            self.i += 1;
            if c == b'\\' {
                self.i += 1;
            } else if c == quote || c == b'\n' {
                return;
            }
        }
    }

    fn skip_regexp(&mut self) {
        self.i += 1;
        let mut class = false;
        while self.i < self.src.len() {
            let c = self.src[self.i];
            self.i += 1;
            match c {
                b'\\' => self.i += 1,
                b'[' => class = true,
                b']' => class = false,
                b'/' if !class => break,
                b'\n' | b'\r' => return,
                _ => {}
            }
        }
        while self.i < self.src.len() && is_ident_part(self.src[self.i]) {
            self.i += 1;
        }
    }

    /// Scan template text up to its end or the next `${` (opened here).
    fn template_part(&mut self, at: usize) -> Result<(), TooDeep> {
        while self.i < self.src.len() {
            let c = self.src[self.i];
            self.i += 1;
            match c {
                b'\\' => self.i += 1,
                b'`' => {
                    self.operand_end();
                    self.prev = Prev::Operand;
                    return Ok(());
                }
                b'$' if self.peek(0) == b'{' => {
                    self.i += 1;
                    return self.open(Kind::Template, at);
                }
                _ => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deep(s: &str) -> bool {
        check_nesting(s).is_err()
    }

    #[test]
    fn real_code_passes() {
        let src = "function f(a, b) {\n  if (a) { return b ? a : b; } else if (b) { x = y }\n  \
                   for (let i = 0; i < 10; i++) a = a + i\n  return /[(]/.test(`${a}(`) }\n";
        assert!(!deep(&src.repeat(20_000)));
        let stmts = "a = b\nc = d ? e : f\nlabel: for (;;) break label\n".repeat(20_000);
        assert!(!deep(&stmts));
    }

    #[test]
    fn nesting_is_refused() {
        let n = MAX_PARSE_DEPTH as usize + 10;
        assert!(deep(&format!("{}1{}", "(".repeat(n), ")".repeat(n))));
        assert!(deep(&format!("{}1{}", "[".repeat(n), "]".repeat(n))));
        assert!(deep(&format!("{}x", "!".repeat(n))));
        assert!(deep(&format!("{}x", "typeof ".repeat(n))));
        assert!(deep(&format!("{}1", "a = ".repeat(n))));
        assert!(deep(&format!("{}1", "a ? b : ".repeat(n))));
        assert!(deep(&format!("{}1", "x => ".repeat(n))));
        assert!(deep(&"if (a) x; else ".repeat(n)));
        assert!(deep(&"if (a) {} else ".repeat(n)));
        assert!(deep(&"l: ".repeat(n)));
        assert!(deep(&format!("{}{}", "`${".repeat(n), "}`".repeat(n))));
    }

    #[test]
    fn chains_count_only_as_tree_depth() {
        let n = 100_000;
        assert!(!deep(&format!("x = a{}", " + a".repeat(n))));
        assert!(!deep(&format!("a{}", ".b()".repeat(n))));
        assert!(deep(&format!(
            "x = a{}",
            " + a".repeat(MAX_TREE_DEPTH as usize)
        )));
    }
}
