// expect: SyntaxError
eval("typeof ".repeat(2e5) + "x");
