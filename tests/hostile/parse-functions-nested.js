// expect: SyntaxError
eval("function f() {".repeat(2e5) + "}".repeat(2e5));
