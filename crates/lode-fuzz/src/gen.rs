//! A random JavaScript program generator: grammar-shaped but deliberately
//! sloppy, mixing valid programs with near-misses, hostile values and
//! deep nesting.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const ATOMS: &[&str] = &[
    "0",
    "1",
    "-0",
    "NaN",
    "Infinity",
    "1e308",
    "2**53",
    "0x7fffffff",
    "-2147483648",
    "1n",
    "-(2n**64n)",
    "''",
    "'abc'",
    "'\\u{1F600}'",
    "'\\ud800'",
    "null",
    "undefined",
    "true",
    "false",
    "[]",
    "[1,,3]",
    "{}",
    "{a:1,get b(){return 2}}",
    "Symbol()",
    "Symbol.iterator",
    "/a+/g",
    "function(){}",
    "()=>1",
    "class{}",
    "new Proxy({}, {get(){throw 1}})",
    "new Proxy([], {})",
    "Object.create(null)",
    "this",
    "globalThis",
    "arguments",
    "x",
    "y",
    "o",
    "a",
    "f",
    "new Array(5)",
    "Array(1e6)",
    "'x'.repeat(1e4)",
    "new Map([[1,2]])",
    "Promise.resolve(1)",
    "(async()=>{})()",
    "(function*(){yield 1})()",
    "new Error('e')",
    "Math",
    "JSON",
    "new Date(0)",
    "new Uint8Array(4)",
    "new ArrayBuffer(8)",
    "Reflect",
    "Object.prototype",
    "Array.prototype",
];

const BINOPS: &[&str] = &[
    "+",
    "-",
    "*",
    "/",
    "%",
    "**",
    "&",
    "|",
    "^",
    "<<",
    ">>",
    ">>>",
    "==",
    "!=",
    "===",
    "!==",
    "<",
    "<=",
    ">",
    ">=",
    "&&",
    "||",
    "??",
    "in",
    "instanceof",
    ",",
];

const METHODS: &[&str] = &[
    "toString",
    "valueOf",
    "map",
    "filter",
    "reduce",
    "join",
    "push",
    "pop",
    "slice",
    "splice",
    "sort",
    "concat",
    "indexOf",
    "includes",
    "keys",
    "entries",
    "then",
    "call",
    "apply",
    "bind",
    "at",
    "flat",
    "fill",
    "charAt",
    "split",
    "replace",
    "padStart",
    "repeat",
    "normalize",
    "toFixed",
    "toPrecision",
    "get",
    "set",
    "has",
    "next",
    "return",
    "throw",
    "stringify",
    "parse",
    "freeze",
    "defineProperty",
    "getOwnPropertyNames",
    "setPrototypeOf",
    "assign",
    "from",
    "of",
    "fromCharCode",
    "toSorted",
    "with",
    "groupBy",
    "all",
    "race",
];

pub struct Gen<'r> {
    pub rng: &'r mut Rng,
    depth: usize,
}

impl<'r> Gen<'r> {
    pub fn new(rng: &'r mut Rng) -> Gen<'r> {
        Gen { rng, depth: 0 }
    }

    pub fn expr(&mut self) -> String {
        self.depth += 1;
        let out = if self.depth > 6 {
            self.rng.pick(ATOMS).to_string()
        } else {
            match self.rng.below(16) {
                0..=3 => self.rng.pick(ATOMS).to_string(),
                4 => format!(
                    "({} {} {})",
                    self.expr(),
                    self.rng.pick(BINOPS),
                    self.expr()
                ),
                5 => format!(
                    "{}.{}({})",
                    self.expr(),
                    self.rng.pick(METHODS),
                    self.args()
                ),
                6 => format!("{}[{}]", self.expr(), self.expr()),
                7 => format!("({} ? {} : {})", self.expr(), self.expr(), self.expr()),
                8 => format!("{}({})", self.expr(), self.args()),
                9 => format!("new {}({})", self.expr(), self.args()),
                10 => format!("[{}, ...{}]", self.expr(), self.expr()),
                11 => format!(
                    "{{ {}: {}, ...{} }}",
                    self.rng.pick(&["a", "[x]", "'k'", "1", "__proto__"]),
                    self.expr(),
                    self.expr()
                ),
                12 => format!(
                    "(({}) => {})",
                    self.rng.pick(&["a", "a = 1", "...r", "{a}", "[a,b]"]),
                    self.expr()
                ),
                13 => format!(
                    "{} = {}",
                    self.rng.pick(&["x", "o.p", "a[0]", "[x, y]", "{x}"]),
                    self.expr()
                ),
                14 => format!(
                    "{}{}",
                    self.rng
                        .pick(&["!", "-", "~", "typeof ", "void ", "delete ", "++x, ", "await "]),
                    self.expr()
                ),
                _ => format!("`t${{{}}}`", self.expr()),
            }
        };
        self.depth -= 1;
        out
    }

    fn args(&mut self) -> String {
        let n = self.rng.below(3);
        (0..n).map(|_| self.expr()).collect::<Vec<_>>().join(", ")
    }

    pub fn stmt(&mut self) -> String {
        self.depth += 1;
        let out = if self.depth > 4 {
            format!("{};", self.expr())
        } else {
            match self.rng.below(14) {
                0..=2 => format!("{};", self.expr()),
                3 => format!(
                    "var {} = {};",
                    self.rng.pick(&["x", "y", "o", "a", "f"]),
                    self.expr()
                ),
                4 => format!(
                    "let {} = {};",
                    self.rng.pick(&["l1", "l2", "[p, q]", "{p}"]),
                    self.expr()
                ),
                5 => format!(
                    "if ({}) {{ {} }} else {{ {} }}",
                    self.expr(),
                    self.stmt(),
                    self.stmt()
                ),
                6 => format!(
                    "for (let i = 0; i < {}; i++) {{ {} }}",
                    self.rng.below(20),
                    self.stmt()
                ),
                7 => format!(
                    "try {{ {} }} catch (e) {{ {} }} finally {{ {} }}",
                    self.stmt(),
                    self.stmt(),
                    self.stmt()
                ),
                8 => format!(
                    "function {}({}) {{ {} return {}; }}",
                    self.rng.pick(&["f", "g"]),
                    self.args(),
                    self.stmt(),
                    self.expr()
                ),
                9 => format!(
                    "class {} {{ #p = {}; m() {{ return this.#p; }} static {{ {} }} }}",
                    self.rng.pick(&["C", "D"]),
                    self.expr(),
                    self.stmt()
                ),
                10 => format!("for (const k of {}) {{ {} }}", self.expr(), self.stmt()),
                11 => format!(
                    "switch ({}) {{ case {}: {} default: {} }}",
                    self.expr(),
                    self.expr(),
                    self.stmt(),
                    self.stmt()
                ),
                12 => format!(
                    "label: while ({}) {{ {} break label; }}",
                    self.expr(),
                    self.stmt()
                ),
                _ => format!("(function*(){{ yield {}; }})().next();", self.expr()),
            }
        };
        self.depth -= 1;
        out
    }

    /// A whole program: statements, sometimes mangled or deeply nested.
    pub fn program(&mut self) -> String {
        let n = 1 + self.rng.below(6);
        let mut s = String::from(
            "var x = 1, y = 'y', o = {p: 1}, a = [1, 2, 3], f = function(){ return this; };\n",
        );
        for _ in 0..n {
            s.push_str(&self.stmt());
            s.push('\n');
        }
        match self.rng.below(20) {
            0 => {
                // Deep nesting.
                let d = 50 + self.rng.below(5000);
                s = format!("{}1{}", "(".repeat(d), ")".repeat(d));
            }
            1 => {
                // Truncate: near-miss syntax.
                let cut = self.rng.below(s.len());
                let mut c = cut;
                while !s.is_char_boundary(c) {
                    c -= 1;
                }
                s.truncate(c);
            }
            2 => s = format!("(function r(){{ {} r(); }})()", s),
            _ => {}
        }
        s
    }
}
